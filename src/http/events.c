/*
 * events.c — server-sent events: the hub of topics and the streams that
 * follow them (see events.h).
 *
 * One mutex guards the hub. A topic keeps its latest message, framed once
 * ("id: …\nevent: …\ndata: …\n\n") in a reference-counted buffer that the
 * streams share, so publishing to 10,000 viewers copies nothing per viewer.
 * A stream remembers the message it is sending and how far it got; when it
 * is done and the topic holds nothing newer, its reader suspends the
 * connection and marks the stream asleep — both under the hub's mutex, so a
 * publish that comes a moment later sees the mark and resumes it (no wake-up
 * is lost). The heartbeat thread sets each stream's `ping` and resumes the
 * sleepers; MHD_resume_connection only queues the connection for its
 * worker, so calling it under the mutex cannot call back into the hub.
 */
#include "events.h"
#include "mhd_lazy.h"

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct msg {
	unsigned refs;   /* under the hub's mutex */
	size_t len;
	char id[33];
	char text[];     /* the framed event */
};

struct topic {
	struct topic *next;
	char name[MS_EVENTS_TOPIC_MAX];
	struct msg *cur; /* NULL: nothing published yet */
	struct stream *streams;
	size_t n_streams;
};

struct stream {
	struct stream *next, *prev; /* in its topic's list */
	struct ms_events *hub;
	struct topic *topic;
	struct MHD_Connection *conn;
	struct msg *sending;  /* the message being sent (a reference), or NULL */
	size_t off;           /* bytes of it sent */
	char head[64];        /* "retry:" or a heartbeat, sent before anything else */
	size_t head_len, head_off;
	char last_id[33];     /* the id of the last message sent (or resumed from) */
	bool asleep;          /* suspended by its reader, waiting for news */
	long started;         /* monotonic seconds */
	char addr[MS_EVENTS_ADDR_MAX]; /* the client's address, for the per-address cap */
};

struct ms_events {
	pthread_mutex_t lock;
	pthread_cond_t wake;  /* the heartbeat's sleep, cut short by close (CLOCK_MONOTONIC) */
	struct topic *topics;
	size_t n_streams;     /* every topic's */
	struct ms_events_limits lim;
	long max_life_s;
	bool closed;
	bool beating;
	pthread_t beat;
};

static long now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec;
}

static void msg_unref(struct msg *m)
{
	if (m && --m->refs == 0)
		free(m);
}

static struct topic *topic_find(struct ms_events *hub, const char *name, bool make)
{
	for (struct topic *t = hub->topics; t; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	if (!make)
		return NULL;
	struct topic *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	snprintf(t->name, sizeof t->name, "%s", name);
	t->next = hub->topics;
	hub->topics = t;
	return t;
}

/* Drop a topic that has no stream, with its message: nobody follows it, so
 * nothing keeps that message fresh (the feed rebuilds followed topics only);
 * the next stream starts from a state of its own. */
static void topic_gc(struct ms_events *hub, struct topic *t)
{
	if (t->streams)
		return;
	msg_unref(t->cur);
	t->cur = NULL;
	for (struct topic **p = &hub->topics; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			free(t);
			return;
		}
}

static void wake(struct stream *s)
{
	if (s->asleep) {
		s->asleep = false;
		MHD_resume_connection(s->conn);
	}
}

/* ---------------------------------------------------------------- the reader */

static size_t take(char *buf, size_t max, const char *src, size_t len, size_t *off)
{
	size_t n = len - *off < max ? len - *off : max;
	memcpy(buf, src + *off, n);
	*off += n;
	return n;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct stream *s = cls;
	struct ms_events *hub = s->hub;
	pthread_mutex_lock(&hub->lock);
	ssize_t out = 0;
	if (hub->closed) {
		out = MHD_CONTENT_READER_END_OF_STREAM;
	} else if (s->sending) { /* first the rest of a message: a ping never cuts one */
		out = (ssize_t)take(buf, max, s->sending->text, s->sending->len, &s->off);
		if (s->off == s->sending->len) {
			msg_unref(s->sending);
			s->sending = NULL;
		}
	} else if (s->head_off < s->head_len) {
		out = (ssize_t)take(buf, max, s->head, s->head_len, &s->head_off);
	} else if (now_s() - s->started >= hub->max_life_s) {
		/* long enough: end, and the browser reconnects (Last-Event-ID) */
		out = MHD_CONTENT_READER_END_OF_STREAM;
	} else if (s->topic->cur && strcmp(s->topic->cur->id, s->last_id) != 0) {
		s->sending = s->topic->cur;
		s->sending->refs++;
		s->off = 0;
		memcpy(s->last_id, s->sending->id, sizeof s->last_id);
		out = (ssize_t)take(buf, max, s->sending->text, s->sending->len, &s->off);
		if (s->off == s->sending->len) {
			msg_unref(s->sending);
			s->sending = NULL;
		}
	} else {
		s->asleep = true;
		MHD_suspend_connection(s->conn);
	}
	pthread_mutex_unlock(&hub->lock);
	return out;
}

static void stream_done(void *cls)
{
	struct stream *s = cls;
	struct ms_events *hub = s->hub;
	pthread_mutex_lock(&hub->lock);
	struct topic *t = s->topic;
	if (s->prev)
		s->prev->next = s->next;
	else
		t->streams = s->next;
	if (s->next)
		s->next->prev = s->prev;
	t->n_streams--;
	hub->n_streams--;
	msg_unref(s->sending);
	topic_gc(hub, t);
	pthread_mutex_unlock(&hub->lock);
	free(s);
}

/* A framed message of data (its id the digest), or NULL. */
static struct msg *msg_new(const char *name, const char *data, size_t len)
{
	unsigned char dig[16];
	crypto_generichash(dig, sizeof dig, (const unsigned char *)data, len, NULL, 0);
	size_t cap = len + strlen(name) + 96;
	struct msg *m = malloc(sizeof *m + cap);
	if (!m)
		return NULL;
	m->refs = 1;
	sodium_bin2hex(m->id, sizeof m->id, dig, sizeof dig);
	int head = snprintf(m->text, cap, "id: %s\nevent: %s\ndata: ", m->id, name);
	memcpy(m->text + head, data, len);
	memcpy(m->text + head + len, "\n\n", 3);
	m->len = (size_t)head + len + 2;
	return m;
}

static bool event_ok(const char *topic, const char *name, const char *data, size_t len)
{
	return strlen(topic) < MS_EVENTS_TOPIC_MAX && len <= MS_EVENTS_DATA_MAX && !memchr(data, '\n', len) &&
	       !memchr(data, '\r', len) && name && !strpbrk(name, "\r\n");
}

static size_t streams_from(struct ms_events *hub, const char *addr)
{
	size_t n = 0;
	for (struct topic *t = hub->topics; t; t = t->next)
		for (struct stream *s = t->streams; s; s = s->next)
			n += strcmp(s->addr, addr) == 0;
	return n;
}

int ms_events_stream(struct ms_events *hub, const struct ms_http_request *req, const struct ms_events_open *o,
		     struct ms_http_response *resp, struct ms_error *e)
{
	if (o->data && !event_ok(o->topic, o->name, o->data, o->len))
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "bad event");
	if (strlen(o->topic) >= MS_EVENTS_TOPIC_MAX)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "event topic too long");
	struct stream *s = calloc(1, sizeof *s);
	struct msg *first = o->data ? msg_new(o->name, o->data, o->len) : NULL;
	if (!s || (o->data && !first)) {
		free(s);
		free(first);
		return ms_nomem(e);
	}
	s->hub = hub;
	s->conn = req->conn;
	s->started = now_s();
	snprintf(s->addr, sizeof s->addr, "%s", o->addr ? o->addr : "");
	/* Browsers reconnect after `retry` ms (they add Last-Event-ID). */
	s->head_len = (size_t)snprintf(s->head, sizeof s->head, "retry: 2000\n\n");
	if (o->last_id)
		snprintf(s->last_id, sizeof s->last_id, "%s", o->last_id);
	pthread_mutex_lock(&hub->lock);
	int rc = 0;
	struct topic *t = NULL;
	if (hub->lim.total && hub->n_streams >= hub->lim.total)
		rc = ms_failf(e, MS_E_STREAMS_FULL, NULL, MS_AI(hub->lim.total));
	else if (hub->lim.per_address && s->addr[0] && streams_from(hub, s->addr) >= hub->lim.per_address)
		rc = ms_failf(e, MS_E_TOO_MANY_STREAMS, NULL, MS_AI(hub->lim.per_address));
	else if (!(t = topic_find(hub, o->topic, true)))
		rc = ms_nomem(e);
	if (rc) {
		pthread_mutex_unlock(&hub->lock);
		free(s);
		free(first);
		return rc;
	}
	/* The state read by this request only starts a topic nobody follows yet:
	 * once followed, the feed keeps it fresh, and a state read a moment ago
	 * may already be older than the one it published. */
	if (!t->cur) {
		t->cur = first;
		first = NULL;
	}
	s->topic = t;
	s->next = t->streams;
	if (t->streams)
		t->streams->prev = s;
	t->streams = s;
	t->n_streams++;
	hub->n_streams++;
	pthread_mutex_unlock(&hub->lock);
	free(first);
	ms_http_response_stream(resp, 200, "text/event-stream; charset=utf-8", s, stream_read, stream_done);
	/* nginx: pass each event on at once instead of buffering the stream */
	if (ms_http_response_header(resp, "X-Accel-Buffering", "no") ||
	    ms_http_response_header(resp, "Cache-Control", "no-store"))
		return ms_nomem(e); /* the response still owns s: fini frees it */
	return 0;
}

/* -------------------------------------------------------------- publishing */

int ms_events_publish(struct ms_events *hub, const char *topic, const char *name, const char *data, size_t len,
		      struct ms_error *e)
{
	if (!event_ok(topic, name, data, len))
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "bad event");
	struct msg *m = msg_new(name, data, len);
	if (!m)
		return ms_nomem(e);
	pthread_mutex_lock(&hub->lock);
	struct topic *t = topic_find(hub, topic, false);
	if (!t || (t->cur && strcmp(t->cur->id, m->id) == 0)) {
		/* nobody follows it (any more), or nothing changed */
		pthread_mutex_unlock(&hub->lock);
		free(m);
		return 0;
	}
	msg_unref(t->cur);
	t->cur = m;
	for (struct stream *s = t->streams; s; s = s->next)
		wake(s);
	pthread_mutex_unlock(&hub->lock);
	return 0;
}

bool ms_events_current(struct ms_events *hub, const char *topic, char id[33])
{
	pthread_mutex_lock(&hub->lock);
	struct topic *t = topic_find(hub, topic, false);
	bool have = t && t->cur;
	if (have)
		memcpy(id, t->cur->id, 33);
	pthread_mutex_unlock(&hub->lock);
	return have;
}

size_t ms_events_followers(struct ms_events *hub, const char *topic)
{
	pthread_mutex_lock(&hub->lock);
	struct topic *t = topic_find(hub, topic, false);
	size_t n = t ? t->n_streams : 0;
	pthread_mutex_unlock(&hub->lock);
	return n;
}

char **ms_events_topics(struct ms_events *hub, size_t *n)
{
	*n = 0;
	pthread_mutex_lock(&hub->lock);
	size_t k = 0;
	for (struct topic *t = hub->topics; t; t = t->next)
		k += t->n_streams > 0;
	char **out = calloc(k + 1, sizeof *out);
	for (struct topic *t = hub->topics; out && t; t = t->next)
		if (t->n_streams > 0 && (out[*n] = strdup(t->name)))
			(*n)++;
	pthread_mutex_unlock(&hub->lock);
	return out;
}

/* --------------------------------------------------------------- heartbeat */

static void *beat_run(void *arg)
{
	struct ms_events *hub = arg;
	pthread_mutex_lock(&hub->lock);
	while (!hub->closed) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += hub->lim.heartbeat_s;
		while (!hub->closed && pthread_cond_timedwait(&hub->wake, &hub->lock, &until) != ETIMEDOUT)
			;
		if (hub->closed)
			break;
		for (struct topic *t = hub->topics; t; t = t->next)
			for (struct stream *s = t->streams; s; s = s->next)
				if (s->head_off == s->head_len && !s->sending) {
					s->head_len = (size_t)snprintf(s->head, sizeof s->head, ": ping\n\n");
					s->head_off = 0;
					wake(s);
				}
	}
	pthread_mutex_unlock(&hub->lock);
	return NULL;
}

int ms_events_new(const struct ms_events_limits *lim, struct ms_events **out, struct ms_error *e)
{
	struct ms_events *hub = calloc(1, sizeof *hub);
	if (!hub)
		return ms_nomem(e);
	if (lim)
		hub->lim = *lim;
	if (!hub->lim.heartbeat_s)
		hub->lim.heartbeat_s = MS_EVENTS_HEARTBEAT_S;
	hub->max_life_s = hub->lim.max_life_s ? (long)hub->lim.max_life_s : (long)MS_EVENTS_MAX_LIFE_S;
	pthread_mutex_init(&hub->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&hub->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&hub->beat, NULL, beat_run, hub) != 0) {
		ms_events_free(hub);
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot start the event heartbeat");
	}
	hub->beating = true;
	*out = hub;
	return 0;
}

void ms_events_close(struct ms_events *hub)
{
	if (!hub)
		return;
	pthread_mutex_lock(&hub->lock);
	hub->closed = true;
	for (struct topic *t = hub->topics; t; t = t->next)
		for (struct stream *s = t->streams; s; s = s->next)
			wake(s);
	pthread_cond_broadcast(&hub->wake);
	pthread_mutex_unlock(&hub->lock);
	if (hub->beating)
		pthread_join(hub->beat, NULL);
	hub->beating = false;
}

void ms_events_free(struct ms_events *hub)
{
	if (!hub)
		return;
	ms_events_close(hub);
	while (hub->topics) {
		struct topic *t = hub->topics;
		hub->topics = t->next;
		msg_unref(t->cur);
		free(t); /* its streams ended with the daemon (ms_http_stop) */
	}
	pthread_cond_destroy(&hub->wake);
	pthread_mutex_destroy(&hub->lock);
	free(hub);
}
