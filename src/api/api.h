/*
 * api.h — the HTTP JSON API under /api/v1: dispatch over the domains'
 * route tables (route.h), sessions, CSRF, access checks, one transaction
 * per request, and the JSON error bodies. The handler plugs into the http
 * module (ms_http_handler_fn). Paths outside /api are the web front end's.
 */
#ifndef MS_API_H
#define MS_API_H

#include "../http/http.h"
#include "../store/store.h"
#include "route.h"

struct ms_events;
struct ms_feed;

/* Who holds the session token of the cookie: 0 with *who and the
 * session's CSRF token (65 bytes); MS_ERR_NOT_FOUND when there is no such
 * live session; MS_ERR_INVALID when token is not a well-formed token. When
 * it is well-formed, its hash is in token_hash (for logout) whatever the
 * answer. Supplied by the auth domain. */
typedef int (*ms_session_fn)(struct ms_db *db, const char *token, unsigned char token_hash[32],
			     struct ms_actor *who, char csrf[65], struct ms_error *e);

struct ms_api_config {
	struct ms_store *store;
	int pwhash_cost;          /* auth.h: MS_PWHASH_MIN / _INTERACTIVE / _MODERATE */
	bool cookie_secure;       /* add "Secure" to the session cookie (behind TLS) */
	const char *web_dir;      /* built web front end served outside /api (see http/static.h);
				   * NULL: a placeholder page at "/" */
	const struct ms_routes *const *routes; /* every domain's routes, NULL-terminated */
	ms_session_fn session;    /* the session lookup */
	/* Whether token has the form of a session token (no database read): a
	 * grouped route's request with a malformed one, or none, is refused
	 * before it joins a group. NULL: every cookie joins. */
	bool (*token_ok)(const char *token);
	/* Whether congress id is above congress below (org.h ms_congress_above):
	 * a clerk of a congress reads the staff pages of those below it. NULL: no one does. */
	int (*above)(struct ms_db *db, int64_t id, int64_t below, bool *out, struct ms_error *e);
	struct ms_events *events; /* the hub of live states (http/events.h); NULL: none */
	const struct ms_feed *const *feeds; /* the domains' feeds (feed.h), NULL-terminated */
};

/* Check the route tables (every route declares who may call it, patterns
 * are well formed, no method+pattern twice): 0, or MS_ERR_INTERNAL naming
 * the first faulty route. ms_api_new runs it too. */
int ms_api_check_routes(const struct ms_routes *const *routes, struct ms_error *e);

int ms_api_new(const struct ms_api_config *cfg, struct ms_api **out, struct ms_error *e);
void ms_api_free(struct ms_api *api);
/* The resolved web directory being served, or NULL. */
const char *ms_api_web_root(const struct ms_api *api);

/* The request handler for ms_http_config.handler (ctx = struct ms_api *). */
void ms_api_handle(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp);
/* Whether a grouped write (a ballot) goes to the store's writer, decided
 * once by ms_api_new (the store groups writes): then ms_api_handle_later
 * is the server's wait_later. */
bool ms_api_groups(const struct ms_api *api);
/* http.h's wait_later hook: ms_api_handle, where a grouped write (a
 * ballot) ends on the store's writer thread once its group is on disk
 * (store.h, ms_store_grouped_later); no thread waits for it. */
void ms_api_handle_later(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp,
			 ms_http_done_fn done, void *arg);
/* The HTTP layer's `body_limit` hook: an MS_ROUTE_UPLOAD route's max_body
 * (0, the server's limit, for every other request). */
size_t ms_api_body_limit(void *ctx, const char *method, const char *url);
/* The HTTP layer's `slow` hook: the request's route is MS_ROUTE_SLOW. */
bool ms_api_slow(void *ctx, const struct ms_http_request *req);
/* http.h's wait hook: a grouped write (a ballot), which waits for its
 * group's commit and sync. */
bool ms_api_wait(void *ctx, const struct ms_http_request *req);

/* HTTP status for an error class (the one table of the project). */
unsigned ms_api_status(enum ms_err err);
/* {"error":{"code","message","message_zh"[,"field"][,"details"]}} for e;
 * details (may be NULL) is stolen. Failures of class 5xx are described
 * only by their class. */
json_t *ms_api_error_json(const struct ms_error *e, json_t *details);

/* The OpenAPI 3.1 document of the routes, with the catalogue of error codes
 * (codes: the NULL-terminated lists of every part of the program) and the
 * name tables of the enums the bodies use. */
json_t *ms_api_openapi(const struct ms_routes *const *routes, const struct ms_code *const *const *codes);

#endif
