/*
 * api_internal.h — shared inside src/api/: the server's API object.
 */
#ifndef MS_API_INTERNAL_H
#define MS_API_INTERNAL_H

#include "api.h"

struct ms_api {
	struct ms_store *store;
	int pwhash_cost;
	bool cookie_secure;
	struct ms_static *web;           /* NULL: the placeholder page */
	const struct ms_routes *const *routes; /* NULL-terminated */
	ms_session_fn session;
	int (*above)(struct ms_db *db, int64_t id, int64_t below, bool *out, struct ms_error *e);
	struct ms_events *events;        /* NULL: no live states (feed.h) */
	const struct ms_feed *const *feeds;
	struct ms_feeder *feeder;        /* the feed thread, when events and feeds are set */
};

/* The feed thread (feed.c): started by ms_api_new when the hub and the feeds
 * are set, stopped by ms_api_free. */
int ms_api_feed_start(struct ms_api *api, struct ms_error *e);
void ms_api_feed_stop(struct ms_api *api);

/* ?page / ?per_page / ?q into *pg (400 on bad numbers): for MS_ROUTE_PAGED
 * routes, before the handler runs. */
int ms_api_page(struct ms_ctx *c, struct ms_page *pg);

#endif
