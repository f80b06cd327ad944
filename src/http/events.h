/*
 * events.h — server-sent events (text/event-stream) on the HTTP layer: a hub
 * of topics, each holding its latest message, and the streams that follow
 * them.
 *
 * A topic's message is a whole state (the hall screen of a poll, say), not a
 * delta: a viewer needs only the latest one. Its id is a digest of the data,
 * so every node that serves the same state names it alike, and a viewer
 * that reconnects — to this node or another — with Last-Event-ID equal to
 * the current id is sent nothing until the state changes; any other id (or
 * none) is sent the current message at once. That is the whole of
 * resumption.
 *
 * A stream is a libmicrohttpd response read by a callback. When the stream
 * has nothing to send, the callback suspends the connection; publishing a
 * topic (or the heartbeat) resumes its streams. Every MS_EVENTS_HEARTBEAT_S
 * each stream is sent a comment line, so proxies keep it open and a viewer
 * gone away is noticed. A suspended connection never times out in MHD, so
 * the heartbeat is what bounds a dead one's life. ms_events_close() ends
 * every stream; call it before ms_http_stop() (no connection may stay
 * suspended when the daemon stops).
 *
 * Thread-safety: every function may be called from any thread.
 */
#ifndef MS_HTTP_EVENTS_H
#define MS_HTTP_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "http.h"

#define MS_EVENTS_HEARTBEAT_S 15u
/* A stream ends after this long (the browser reconnects at once): no
 * connection is held for ever. */
#define MS_EVENTS_MAX_LIFE_S 1800u
#define MS_EVENTS_TOPIC_MAX 64
#define MS_EVENTS_ADDR_MAX 64
/* The largest message (its data, before framing): the hall state of a poll
 * of 10,000 candidates with long titles and its decisions. */
#define MS_EVENTS_DATA_MAX ((size_t)32 * 1024 * 1024)

struct ms_events;

struct ms_events_limits {
	size_t total;         /* streams at once (0: no cap) — keep it below the HTTP connection limit */
	size_t per_address;   /* streams at once from one client address (0: no cap) — below the per-address
			       * connection cap, so a hall behind one NAT keeps connections for its ballots */
	unsigned heartbeat_s; /* 0: MS_EVENTS_HEARTBEAT_S */
	unsigned max_life_s;  /* 0: MS_EVENTS_MAX_LIFE_S */
};

/* lim may be NULL (no caps, the defaults). */
int ms_events_new(const struct ms_events_limits *lim, struct ms_events **out, struct ms_error *e);
/* End every stream (the connections are resumed and their responses end),
 * then stop the heartbeat. Later streams end at once. */
void ms_events_close(struct ms_events *hub);
/* Free; NULL is a no-op. After ms_events_close and ms_http_stop. */
void ms_events_free(struct ms_events *hub);

/* Set the message of topic — a topic some stream follows; for any other
 * nothing is kept — to data (len bytes of JSON; one line, no CR or LF),
 * sent as "event: name". When it equals the current message nothing is
 * sent. 0, MS_ERR_INTERNAL (a topic too long, data too large or holding a
 * line break), MS_ERR_NOMEM. A topic lives while streams follow it: when the
 * last one ends its message goes too (nothing would keep it fresh). */
int ms_events_publish(struct ms_events *hub, const char *topic, const char *name, const char *data, size_t len,
		      struct ms_error *e);
/* Whether topic has a message; its id (hex) into id when it does. */
bool ms_events_current(struct ms_events *hub, const char *topic, char id[33]);
/* Streams following topic now. */
size_t ms_events_followers(struct ms_events *hub, const char *topic);
/* The topics that have at least one stream, as a malloc'd array of
 * malloc'd strings (free each and the array); *n their number. */
char **ms_events_topics(struct ms_events *hub, size_t *n);

/* What a stream follows. */
struct ms_events_open {
	const char *topic;
	const char *last_id;  /* Last-Event-ID, or NULL */
	const char *addr;     /* the client's address (after trusted proxies), for the per-address cap */
	/* The state as the request read it (may be NULL): it becomes the topic's
	 * message only when the topic has none — a followed topic's is the feed's,
	 * which may be newer. */
	const char *name, *data;
	size_t len;
};

/* Answer req with a stream of o->topic: status 200, text/event-stream. It
 * starts with "retry:" and, unless o->last_id names the current message,
 * that message; it ends after max_life_s. 0; MS_ERR_TOO_MANY
 * (too_many_streams) past the per-address cap; MS_ERR_BUSY (streams_full)
 * past the total; MS_ERR_NOMEM. */
int ms_events_stream(struct ms_events *hub, const struct ms_http_request *req, const struct ms_events_open *o,
		     struct ms_http_response *resp, struct ms_error *e);

#endif
