/*
 * api_internal.h — what the api's handlers share: the per-request context,
 * input validation against a field table, and role checks.
 */
#ifndef MS_API_INTERNAL_H
#define MS_API_INTERNAL_H

#include "api.h"
#include "auth.h"

struct ms_api {
	struct ms_store *store;
	int pwhash_cost;
	bool cookie_secure;
	struct ms_static *web;        /* NULL: the placeholder page */
	char dummy_hash[MS_HASH_MAX]; /* verified against for unknown logins, so timing does not tell */
};

struct ms_ctx {
	struct ms_api *api;
	const struct ms_http_request *req;
	struct ms_http_response *resp;
	struct ms_db *db;
	bool authed;
	struct ms_user user;
	char csrf[65];
	bool has_token;
	unsigned char token_hash[32];
	int64_t id;               /* the {id} of the path */
	json_t *body;             /* the request body (an object; {} when empty) */
	unsigned status;          /* success status, 200 unless a handler sets 201 */
	struct ms_error err;
	json_t *err_details;      /* extra "details" for the error body, or NULL */
	char *raw;                /* a non-JSON success body (allocated with ms_allocator_libc), or NULL */
	size_t raw_len;
	const char *raw_type;     /* its Content-Type */
	char raw_disposition[128];/* Content-Disposition, "" for none */
};

typedef int (*ms_route_fn)(struct ms_ctx *c, json_t **out);

/* Field kinds for ms_api_fields. */
enum ms_field_kind {
	MS_F_STR,       /* string */
	MS_F_STR_NULL,  /* string or null */
	MS_F_INT,       /* integer */
	MS_F_INT_NULL,  /* integer or null */
	MS_F_BOOL,
	MS_F_INT_ARRAY, /* array of integers */
	MS_F_INT_ARRAY_NULL,
	MS_F_ARRAY      /* array of anything (checked by the handler) */
};

struct ms_field {
	const char *name;
	enum ms_field_kind kind;
	bool required;
	long min, max;   /* strings: length in characters; integers: value; arrays: length (max 0: none) */
};

/* Check c->body against a NULL-terminated table: unknown key → 400
 * unknown_field, wrong type → 400 invalid_field, missing → 400
 * missing_field, out of range → 422 invalid_value. */
int ms_api_fields(struct ms_ctx *c, const struct ms_field *spec);
/* Body getters (after ms_api_fields): NULL / absent → def. */
const char *ms_api_str(struct ms_ctx *c, const char *name);
int64_t ms_api_int(struct ms_ctx *c, const char *name, int64_t def);
bool ms_api_has(struct ms_ctx *c, const char *name); /* present and not null */
bool ms_api_bool(struct ms_ctx *c, const char *name, bool def);
/* ?page / ?per_page / ?q into *pg (400 on bad numbers). */
int ms_api_page(struct ms_ctx *c, struct ms_page *pg);
/* An integer query argument (0 when absent; 400 when not a number). */
int ms_api_query_id(struct ms_ctx *c, const char *name, int64_t *out);

/* Role checks: 0 or the error (401 when not logged in, 403 otherwise). */
int ms_api_need_login(struct ms_ctx *c);
int ms_api_need_admin(struct ms_ctx *c);
/* admin, or clerk of congress_id. */
int ms_api_need_staff(struct ms_ctx *c, int64_t congress_id);
bool ms_api_is_staff(struct ms_ctx *c, int64_t congress_id);

/* Begin the request's transaction (for routes that hash passwords first). */
int ms_api_begin(struct ms_ctx *c, bool write);
/* Append to the audit log as the current user. detail is stolen. */
int ms_api_audit(struct ms_ctx *c, int64_t congress_id, const char *action, const char *object_fmt,
		 int64_t object_id, json_t *detail);

/* Set-Cookie for a session (token NULL: clear it). */
int ms_api_set_session_cookie(struct ms_ctx *c, const char *token);

/* The handlers (handlers.c), one per route. */
int ms_h_login(struct ms_ctx *c, json_t **out);
int ms_h_logout(struct ms_ctx *c, json_t **out);
int ms_h_me(struct ms_ctx *c, json_t **out);
int ms_h_congress_list(struct ms_ctx *c, json_t **out);
int ms_h_congress_get(struct ms_ctx *c, json_t **out);
int ms_h_congress_create(struct ms_ctx *c, json_t **out);
int ms_h_user_create(struct ms_ctx *c, json_t **out);
int ms_h_deputy_list(struct ms_ctx *c, json_t **out);
int ms_h_deputy_import(struct ms_ctx *c, json_t **out);
int ms_h_unit_list(struct ms_ctx *c, json_t **out);
int ms_h_unit_create(struct ms_ctx *c, json_t **out);
int ms_h_cycle_list(struct ms_ctx *c, json_t **out);
int ms_h_cycle_get(struct ms_ctx *c, json_t **out);
int ms_h_cycle_create(struct ms_ctx *c, json_t **out);
int ms_h_cycle_phase(struct ms_ctx *c, json_t **out);
int ms_h_candidate_list(struct ms_ctx *c, json_t **out);
int ms_h_candidate_get(struct ms_ctx *c, json_t **out);
int ms_h_candidate_create(struct ms_ctx *c, json_t **out);
int ms_h_candidate_update(struct ms_ctx *c, json_t **out);
int ms_h_candidate_import(struct ms_ctx *c, json_t **out);
int ms_h_poll_list(struct ms_ctx *c, json_t **out);
int ms_h_poll_get(struct ms_ctx *c, json_t **out);
int ms_h_poll_create(struct ms_ctx *c, json_t **out);
int ms_h_poll_checkin(struct ms_ctx *c, json_t **out);
int ms_h_poll_attendance(struct ms_ctx *c, json_t **out);
int ms_h_poll_open(struct ms_ctx *c, json_t **out);
int ms_h_poll_ballot(struct ms_ctx *c, json_t **out);
int ms_h_poll_paper(struct ms_ctx *c, json_t **out);
int ms_h_poll_close(struct ms_ctx *c, json_t **out);
int ms_h_poll_result(struct ms_ctx *c, json_t **out);
int ms_h_poll_ballots(struct ms_ctx *c, json_t **out);
int ms_h_audit_list(struct ms_ctx *c, json_t **out);
int ms_h_poll_import(struct ms_ctx *c, json_t **out);
int ms_h_poll_export_pb(struct ms_ctx *c, json_t **out);

#endif
