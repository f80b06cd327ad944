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
};

struct ms_events {
	pthread_mutex_t lock;
	pthread_cond_t wake;  /* the heartbeat's sleep, cut short by close */
	struct topic *topics;
	bool closed;
	bool beating;
	pthread_t beat;
};

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

/* Drop a topic that has neither streams nor a message. */
static void topic_gc(struct ms_events *hub, struct topic *t)
{
	if (t->streams || t->cur)
		return;
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
	} else if (s->head_off < s->head_len) {
		out = (ssize_t)take(buf, max, s->head, s->head_len, &s->head_off);
	} else if (s->sending) {
		out = (ssize_t)take(buf, max, s->sending->text, s->sending->len, &s->off);
		if (s->off == s->sending->len) {
			msg_unref(s->sending);
			s->sending = NULL;
		}
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
	msg_unref(s->sending);
	topic_gc(hub, t);
	pthread_mutex_unlock(&hub->lock);
	free(s);
}

int ms_events_stream(struct ms_events *hub, const struct ms_http_request *req, const char *topic,
		     const char *last_id, struct ms_http_response *resp, struct ms_error *e)
{
	if (strlen(topic) >= MS_EVENTS_TOPIC_MAX)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "event topic too long");
	struct stream *s = calloc(1, sizeof *s);
	if (!s)
		return ms_nomem(e);
	s->hub = hub;
	s->conn = req->conn;
	/* Browsers reconnect after `retry` ms (they add Last-Event-ID). */
	s->head_len = (size_t)snprintf(s->head, sizeof s->head, "retry: 2000\n\n");
	if (last_id)
		snprintf(s->last_id, sizeof s->last_id, "%s", last_id);
	pthread_mutex_lock(&hub->lock);
	struct topic *t = topic_find(hub, topic, true);
	if (!t) {
		pthread_mutex_unlock(&hub->lock);
		free(s);
		return ms_nomem(e);
	}
	s->topic = t;
	s->next = t->streams;
	if (t->streams)
		t->streams->prev = s;
	t->streams = s;
	t->n_streams++;
	pthread_mutex_unlock(&hub->lock);
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
	if (strlen(topic) >= MS_EVENTS_TOPIC_MAX || len > MS_EVENTS_DATA_MAX || memchr(data, '\n', len) ||
	    memchr(data, '\r', len) || !name || strpbrk(name, "\r\n"))
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "bad event");
	unsigned char dig[16];
	crypto_generichash(dig, sizeof dig, (const unsigned char *)data, len, NULL, 0);
	char id[33];
	sodium_bin2hex(id, sizeof id, dig, sizeof dig);
	size_t cap = len + strlen(name) + 96;
	struct msg *m = malloc(sizeof *m + cap);
	if (!m)
		return ms_nomem(e);
	m->refs = 1;
	memcpy(m->id, id, sizeof m->id);
	int head = snprintf(m->text, cap, "id: %s\nevent: %s\ndata: ", id, name);
	memcpy(m->text + head, data, len);
	memcpy(m->text + head + len, "\n\n", 3);
	m->len = (size_t)head + len + 2;

	pthread_mutex_lock(&hub->lock);
	struct topic *t = topic_find(hub, topic, true);
	if (!t) {
		pthread_mutex_unlock(&hub->lock);
		free(m);
		return ms_nomem(e);
	}
	if (t->cur && strcmp(t->cur->id, id) == 0) {
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
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += MS_EVENTS_HEARTBEAT_S;
		while (!hub->closed && pthread_cond_timedwait(&hub->wake, &hub->lock, &until) != ETIMEDOUT)
			;
		if (hub->closed)
			break;
		for (struct topic *t = hub->topics; t; t = t->next)
			for (struct stream *s = t->streams; s; s = s->next)
				if (s->head_off == s->head_len) {
					s->head_len = (size_t)snprintf(s->head, sizeof s->head, ": ping\n\n");
					s->head_off = 0;
					wake(s);
				}
	}
	pthread_mutex_unlock(&hub->lock);
	return NULL;
}

int ms_events_new(struct ms_events **out, struct ms_error *e)
{
	struct ms_events *hub = calloc(1, sizeof *hub);
	if (!hub)
		return ms_nomem(e);
	pthread_mutex_init(&hub->lock, NULL);
	pthread_cond_init(&hub->wake, NULL);
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
