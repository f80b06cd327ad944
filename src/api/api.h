/*
 * api.h — the HTTP JSON API under /api/v1: routing, sessions, CSRF, role
 * checks, one transaction per request, and the JSON error bodies. The
 * handler plugs into the http module (ms_http_handler_fn).
 */
#ifndef MS_API_H
#define MS_API_H

#include "../http/http.h"
#include "../store/store.h"

struct ms_api;

struct ms_api_config {
	struct ms_store *store;
	int pwhash_cost;        /* see auth.h: MS_PWHASH_MIN / _INTERACTIVE / _MODERATE */
	unsigned hash_slots;    /* concurrent password hashes allowed (memory bound) */
	bool cookie_secure;     /* add "Secure" to the session cookie (behind TLS) */
	const char *web_dir;    /* built web front end served outside /api (see http/static.h);
				 * NULL: a placeholder page at "/" */
};

int ms_api_new(const struct ms_api_config *cfg, struct ms_api **out, struct ms_error *e);
void ms_api_free(struct ms_api *api);
/* The resolved web directory being served, or NULL. */
const char *ms_api_web_root(const struct ms_api *api);

/* The request handler for ms_http_config.handler (ctx = struct ms_api *). */
void ms_api_handle(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp);

/* HTTP status for an error (the one table of the project). */
unsigned ms_api_status(enum ms_err err);
/* {"error":{"code","message"[,"field"]}} for e; details (may be NULL) is
 * stolen and added as "details". */
json_t *ms_api_error_json(const struct ms_error *e, json_t *details);

#endif
