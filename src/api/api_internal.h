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
};

/* ?page / ?per_page / ?q into *pg (400 on bad numbers): for MS_ROUTE_PAGED
 * routes, before the handler runs. */
int ms_api_page(struct ms_ctx *c, struct ms_page *pg);

#endif
