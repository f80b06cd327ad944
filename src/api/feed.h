/*
 * feed.h — live states pushed to browsers (server-sent events, http/events.h):
 * the glue between what the domains write and the streams that show it.
 *
 * A domain declares a feed: a topic prefix ("poll"), the event name, and a
 * function that builds the whole state of one object (by id) as JSON, read
 * in a transaction of its own. Its writes name the object as changed
 * (ms_db_notify(db, "poll:12")); after their commit the store tells every
 * node (store.h), and each node's feed thread rebuilds the state of the
 * topics its viewers follow — at once after a quiet spell, then at most once
 * per MS_FEED_SETTLE_MS, so a burst of 300 ballots is a few rebuilds — and
 * publishes it. A state equal to the last
 * one is not sent. Every MS_FEED_REFRESH_MS the followed topics are rebuilt
 * anyway: what is not told across processes — a ballot (told to its own
 * node only, store.h), a SQLite write by another process (the CLI) —
 * reaches every screen within that time. 250 ms keeps a ballot cast on one
 * node inside the hall's "within a second" on every other node
 * (tests/web/hall-nodes.test.mjs) at the cost of four reads a second of
 * each followed poll per node.
 *
 * A stream route (MS_ROUTE_RAW with raw_type "text/event-stream") calls
 * ms_api_stream: the response becomes the stream, and the first viewer of an
 * object starts its topic with the state its request read. A followed
 * topic's state is only ever the feed thread's, so a viewer that connects
 * during a burst of changes never puts back an older state.
 */
#ifndef MS_API_FEED_H
#define MS_API_FEED_H

#include <jansson.h>
#include <stdint.h>

#include "../store/store.h"
#include "route.h"

#define MS_FEED_SETTLE_MS 100
#define MS_FEED_REFRESH_MS 250

struct ms_feed {
	const char *prefix; /* the topic is "prefix:id" */
	const char *event;  /* the SSE event name */
	/* The state of object id (a new reference in *out), read through db in
	 * an open transaction. 0 or an error (the topic is then left as it was). */
	int (*build)(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
	/* Optional: what this node tells the others (store.h messages), sent
	 * through db (no transaction open) by the feed thread at each full
	 * refresh. */
	int (*send)(struct ms_db *db, struct ms_error *e);
	bool (*send_due)(void); /* with send: whether it has anything to do (no database needed) */
	/* Optional: a message from a node — true, with the topic it changed in
	 * topic, when it is this feed's. Called on the store's listener thread;
	 * must return quickly. */
	bool (*message)(const char *text, char *topic, size_t cap);
};

/* Answer c's request with the stream of feed f's object id, for the client
 * at addr (its address after trusted proxies: streams per address are
 * capped). When no stream follows the object yet, its state is built here,
 * in c's transaction. 0, or an error in c->err. */
int ms_api_stream(struct ms_ctx *c, const struct ms_feed *f, int64_t id, const char *addr);

#endif
