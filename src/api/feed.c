/*
 * feed.c — the feed thread and stream routes (feed.h).
 *
 * The store's event function (called on a committing request's thread on
 * SQLite, on the store's listener thread on PostgreSQL) only adds the topic
 * to a small set of dirty topics and signals; the feed thread rebuilds at
 * most once per MS_FEED_SETTLE_MS (at once after a quiet spell; a burst's
 * rest at the end of the interval), takes the set, and for each
 * topic that viewers on this node follow, rebuilds and publishes its state.
 * More dirty topics than the set holds, or "*", make every followed topic
 * dirty.
 */
#include "feed.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../http/events.h"
#include "api_internal.h"

#define DIRTY_MAX 64

struct ms_feeder {
	struct ms_api *api;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	bool all;                 /* every followed topic is dirty */
	unsigned n;
	char dirty[DIRTY_MAX][MS_STORE_TOPIC_MAX];
	pthread_t thread;
};

static const struct ms_feed *feed_of(struct ms_api *api, const char *topic, int64_t *id)
{
	const char *colon = strchr(topic, ':');
	if (!colon || !api->feeds)
		return NULL;
	for (const struct ms_feed *const *f = api->feeds; *f; f++) {
		size_t n = strlen((*f)->prefix);
		if ((size_t)(colon - topic) != n || strncmp(topic, (*f)->prefix, n) != 0)
			continue;
		char *end;
		errno = 0;
		long long v = strtoll(colon + 1, &end, 10);
		if (errno || *end || v <= 0)
			return NULL;
		*id = (int64_t)v;
		return *f;
	}
	return NULL;
}

/* Build topic's state in a read transaction of its own and publish it. */
static void rebuild(struct ms_api *api, const char *topic)
{
	int64_t id;
	const struct ms_feed *f = feed_of(api, topic, &id);
	if (!f)
		return;
	struct ms_error e;
	struct ms_db *db;
	if (ms_store_acquire(api->store, &db, &e))
		return;
	json_t *state = NULL;
	int rc = ms_db_begin(db, false, &e);
	if (!rc) {
		rc = f->build(db, id, &state, &e);
		ms_db_rollback(db);
	}
	ms_store_release(api->store, db);
	char *text = !rc && state ? json_dumps(state, JSON_COMPACT) : NULL;
	json_decref(state);
	if (text)
		ms_events_publish(api->events, topic, f->event, text, strlen(text), &e);
	free(text);
}

static void on_event(void *ctx, const char *topic)
{
	struct ms_feeder *fd = ctx;
	pthread_mutex_lock(&fd->lock);
	bool known = strcmp(topic, "*") == 0;
	if (known)
		fd->all = true;
	for (unsigned i = 0; !known && i < fd->n; i++)
		known = strcmp(fd->dirty[i], topic) == 0;
	if (!known) {
		if (fd->n == DIRTY_MAX)
			fd->all = true;
		else
			snprintf(fd->dirty[fd->n++], MS_STORE_TOPIC_MAX, "%s", topic);
	}
	pthread_cond_signal(&fd->cond);
	pthread_mutex_unlock(&fd->lock);
}

/* A message from another node: the topic it changed is dirty. */
static void on_message(void *ctx, const char *text)
{
	struct ms_feeder *fd = ctx;
	char topic[MS_STORE_TOPIC_MAX];
	for (const struct ms_feed *const *f = fd->api->feeds; f && *f; f++)
		if ((*f)->message && (*f)->message(text, topic, sizeof topic)) {
			on_event(fd, topic);
			return;
		}
}

/* What each feed tells the other nodes (ms_feed.send). */
static void send_all(struct ms_api *api)
{
	for (const struct ms_feed *const *f = api->feeds; f && *f; f++) {
		if (!(*f)->send || ((*f)->send_due && !(*f)->send_due()))
			continue;
		struct ms_error e;
		struct ms_db *db;
		if (ms_store_acquire(api->store, &db, &e))
			return;
		(void)(*f)->send(db, &e); /* a failure is sent again at a later refresh */
		ms_store_release(api->store, db);
	}
}

/* now (CLOCK_MONOTONIC, the clock of fd->cond) + ms */
static void deadline(struct timespec *t, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L)
		t->tv_sec++, t->tv_nsec -= 1000000000L;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void *feed_run(void *arg)
{
	struct ms_feeder *fd = arg;
	struct ms_api *api = fd->api;
	struct timespec last = {0}, last_full; /* the last rebuild, the last of every followed topic */
	clock_gettime(CLOCK_MONOTONIC, &last_full);
	pthread_mutex_lock(&fd->lock);
	while (!fd->stop) {
		/* Wait for a change, or for the next rebuild of everything followed
		 * (kept on its own clock: a stream of changes does not put it off). */
		long to_full = MS_FEED_REFRESH_MS - elapsed_ms(&last_full);
		struct timespec until;
		deadline(&until, to_full > 0 ? to_full : 0);
		int w = 0;
		while (!fd->stop && !fd->all && fd->n == 0 && w != ETIMEDOUT)
			w = pthread_cond_timedwait(&fd->cond, &fd->lock, &until);
		if (fd->stop)
			break;
		bool send = false;
		if (elapsed_ms(&last_full) >= MS_FEED_REFRESH_MS) {
			fd->all = send = true;
			clock_gettime(CLOCK_MONOTONIC, &last_full);
		}
		/* At most one rebuild per MS_FEED_SETTLE_MS: a change after a quiet
		 * spell is rebuilt at once, the rest of a burst waits for the end
		 * of the interval and is rebuilt once. */
		long since = elapsed_ms(&last);
		if (since < MS_FEED_SETTLE_MS) {
			deadline(&until, MS_FEED_SETTLE_MS - since);
			while (!fd->stop && pthread_cond_timedwait(&fd->cond, &fd->lock, &until) != ETIMEDOUT)
				;
		}
		clock_gettime(CLOCK_MONOTONIC, &last);
		bool all = fd->all;
		unsigned n = fd->n;
		char (*dirty)[MS_STORE_TOPIC_MAX] = n ? malloc(sizeof fd->dirty[0] * n) : NULL;
		if (dirty)
			memcpy(dirty, fd->dirty, sizeof fd->dirty[0] * n);
		else if (n)
			all = true;
		fd->all = false;
		fd->n = 0;
		pthread_mutex_unlock(&fd->lock);
		if (send)
			send_all(api);
		size_t nt = 0;
		char **topics = ms_events_topics(api->events, &nt);
		for (size_t i = 0; topics && i < nt; i++) {
			bool want = all;
			for (unsigned k = 0; !want && dirty && k < n; k++)
				want = strcmp(dirty[k], topics[i]) == 0;
			if (want)
				rebuild(api, topics[i]);
			free(topics[i]);
		}
		free(topics);
		free(dirty);
		pthread_mutex_lock(&fd->lock);
	}
	pthread_mutex_unlock(&fd->lock);
	return NULL;
}

int ms_api_feed_start(struct ms_api *api, struct ms_error *e)
{
	struct ms_feeder *fd = calloc(1, sizeof *fd);
	if (!fd)
		return ms_nomem(e);
	fd->api = api;
	pthread_mutex_init(&fd->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&fd->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&fd->thread, NULL, feed_run, fd) != 0) {
		pthread_cond_destroy(&fd->cond);
		pthread_mutex_destroy(&fd->lock);
		free(fd);
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot start the feed thread");
	}
	ms_store_on_message(api->store, on_message, fd);
	int rc = ms_store_events_start(api->store, on_event, fd, e);
	api->feeder = fd;
	if (rc)
		ms_api_feed_stop(api);
	return rc;
}

void ms_api_feed_stop(struct ms_api *api)
{
	struct ms_feeder *fd = api->feeder;
	if (!fd)
		return;
	ms_store_events_stop(api->store);
	pthread_mutex_lock(&fd->lock);
	fd->stop = true;
	pthread_cond_signal(&fd->cond);
	pthread_mutex_unlock(&fd->lock);
	pthread_join(fd->thread, NULL);
	pthread_cond_destroy(&fd->cond);
	pthread_mutex_destroy(&fd->lock);
	free(fd);
	api->feeder = NULL;
}

int ms_api_stream(struct ms_ctx *c, const struct ms_feed *f, int64_t id, const char *addr)
{
	if (!c->api->events)
		return ms_error_set(&c->err, MS_ERR_INTERNAL, NULL, NULL, "no event hub");
	char topic[MS_STORE_TOPIC_MAX], have[33];
	snprintf(topic, sizeof topic, "%s:%" PRId64, f->prefix, id);
	if (!ms_events_current(c->api->events, topic, have)) {
		json_t *state = NULL;
		int rc = f->build(c->db, id, &state, &c->err);
		if (rc)
			return rc;
		c->stream_data = json_dumps(state, JSON_COMPACT);
		json_decref(state);
		if (!c->stream_data)
			return ms_nomem(&c->err);
	}
	c->stream_event = f->event;
	snprintf(c->stream_addr, sizeof c->stream_addr, "%s", addr ? addr : "");
	snprintf(c->stream_topic, sizeof c->stream_topic, "%s", topic);
	return 0;
}
