/*
 * route.h — what a domain's `x_http.c` needs: the request context handed
 * to its handlers, body field tables, and the route table it declares.
 *
 * A route declares its method and pattern, its handler, the field table of
 * its body, who may call it, and how the congress that owns the object of
 * the path is found. api.c enforces all of that before the handler runs:
 * the object exists (404), the caller may (401 / 403), the body has exactly
 * the declared fields with the declared kinds and ranges (400 / 422), then
 * the handler runs inside the request's one transaction. The same tables
 * give the OpenAPI document (`minsheng api-schema`).
 *
 * A handler returns 0 with *out set (a JSON answer; NULL for {}), or the
 * error in c->err (ms_fail into &c->err).
 */
#ifndef MS_ROUTE_H
#define MS_ROUTE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/names.h"
#include "../http/http.h"
#include "../store/store.h"
#include "actor.h"

struct ms_api;
struct ms_route;

/* The context of one request. */
struct ms_ctx {
	struct ms_api *api;
	const struct ms_route *route;
	bool before_ran;              /* the route's before ran: its after runs at the end */
	const struct ms_http_request *req;
	struct ms_http_response *resp;
	struct ms_db *db;
	bool authed;
	struct ms_actor who;      /* the logged-in user (when authed) */
	char csrf[65];
	bool has_token;
	unsigned char token_hash[32];
	int64_t id;               /* the {id} of the path, 0 when none */
	int64_t congress_id;      /* the congress that owns the path's object (route->owner), 0 when none */
	json_t *body;             /* the request body (an object; {} when empty) */
	struct ms_page page;      /* ?q, ?page, ?per_page of an MS_ROUTE_PAGED route, checked */
	unsigned status;          /* success status: 201 for MS_ROUTE_CREATES, else 200 */
	struct ms_error err;
	json_t *err_details;      /* extra "details" for the error body, or NULL */
	char *raw;                /* a non-JSON success body (malloc'd), or NULL */
	size_t raw_len;
	const char *raw_type;     /* its Content-Type */
	char raw_disposition[128];/* Content-Disposition, "" for none */
	char etag[72];            /* the success answer's entity tag ("" for none): sent as ETag with
				   * Cache-Control: no-cache, and a GET whose If-None-Match matches it is
				   * answered 304 without a body */
	char stream_topic[64];    /* ms_api_stream: answer with the stream of this topic, */
	char stream_addr[64];     /* for this client address, */
	const char *stream_event; /* starting it with this event (when the topic has no state yet) */
	char *stream_data;        /* (malloc'd JSON, or NULL) */
};

typedef int (*ms_route_fn)(struct ms_ctx *c, json_t **out);

/* ---- who may call a route ---- */

enum ms_access {
	MS_ACCESS_PUBLIC = 1u << 0,    /* anyone, logged in or not */
	MS_ACCESS_LOGIN = 1u << 1,     /* any logged-in user */
	MS_ACCESS_ADMIN = 1u << 2,     /* an administrator */
	MS_ACCESS_CLERK = 1u << 3,     /* a clerk of the owning congress */
	MS_ACCESS_ANY_CLERK = 1u << 4, /* a clerk of any congress (the rules narrow it) */
	MS_ACCESS_DEPUTY = 1u << 5,    /* a deputy of the owning congress */
	MS_ACCESS_UNIT = 1u << 6       /* an officer of a responsible unit of the owning congress */
};
#define MS_ACCESS_STAFF (MS_ACCESS_ADMIN | MS_ACCESS_CLERK)
#define MS_ACCESS_KINDS 7
/* Bit i of enum ms_access: its key and the words for "only … may do this". */
extern const struct ms_names ms_access_names;

/* Who may call a route (access bits), in words for the message "only {1}
 * may do this" (MS_E_FORBIDDEN), written into the two buffers. */
struct ms_arg ms_access_words(unsigned access, char *zh, size_t zh_cap, char *en, size_t en_cap);

/* How the owning congress of the path's {id} is found: 0 and
 * *congress_id, or MS_ERR_NOT_FOUND naming the missing object. */
typedef int (*ms_owner_fn)(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

/* ---- request bodies ---- */

enum ms_field_kind {
	MS_F_STR,    /* a string of min to max characters (max 0: no limit), valid UTF-8 without NUL */
	MS_F_INT,    /* an integer from min to max (min = max = 0: any) */
	MS_F_BOOL,   /* true or false */
	MS_F_ID,     /* an id: an integer >= 1 */
	MS_F_ENUM,   /* a string, one of the keys of names */
	MS_F_DATE,   /* a calendar date "YYYY-MM-DD" */
	MS_F_OBJECT, /* an object whose fields are the table sub */
	MS_F_ARRAY,  /* an array of min to max items (max 0: no limit) of kind item */
	MS_F_ANY     /* any JSON value, checked by the handler (array items only) */
};

/* MS_FIELD_VERBATIM: a password or a file's text (a CSV, a .pb) — checked for length and UTF-8 only (a file's
 * cells are checked by the rules that read them); other texts must show something when they must not be empty
 * (not only white space or zero-width characters) and hold no bidirectional control character. */
enum { MS_FIELD_REQUIRED = 1u << 0, MS_FIELD_NULLABLE = 1u << 1, MS_FIELD_VERBATIM = 1u << 2 };

struct ms_view;

struct ms_field {
	const char *name;
	enum ms_field_kind kind;
	unsigned flags;                /* MS_FIELD_REQUIRED, MS_FIELD_NULLABLE, MS_FIELD_VERBATIM */
	int64_t min, max;
	const struct ms_names *names;  /* MS_F_ENUM */
	const struct ms_field *sub;    /* MS_F_OBJECT (or objects as array items): NULL-name-terminated */
	const struct ms_view *view;    /* or a named shape (its fields are the sub table) */
	enum ms_field_kind item;       /* MS_F_ARRAY: the kind of each item (MS_F_STR items: no NUL, UTF-8) */
	const char *doc;               /* one line for the OpenAPI document */
};

/* Fields of an answer, present always (and maybe null). */
#define MS_OUT(name_, kind_) {.name = (name_), .kind = (kind_), .flags = MS_FIELD_REQUIRED}
#define MS_OUT_NULL(name_, kind_) {.name = (name_), .kind = (kind_), .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE}

/* A named shape of the answers (a schema of the OpenAPI document, a type
 * of the web app): the same field table, read as "what the answer has";
 * MS_FIELD_REQUIRED marks the fields always present. */
struct ms_view {
	const char *name;             /* "Poll" */
	const struct ms_field *fields;
	const char *doc;
};

/* ---- the route table ---- */

enum {
	MS_ROUTE_SELF_TX = 1u << 0, /* the handler begins its transaction itself (hashes a password or judges a file first) */
	MS_ROUTE_NO_CSRF = 1u << 1, /* a mutation that needs no CSRF token (login) */
	MS_ROUTE_WRITE = 1u << 2,   /* a GET that writes (an audit entry): a write transaction */
	MS_ROUTE_PAGED = 1u << 3,   /* takes ?page, ?per_page and ?q (checked into c->page); answers a page of `returns` */
	MS_ROUTE_RAW = 1u << 4,     /* answers a non-JSON body (a file download) */
	MS_ROUTE_CREATES = 1u << 5, /* answers 201 Created (an import sets 200 on a dry run) */
	MS_ROUTE_SLOW = 1u << 6,    /* long CPU work (a password hash, a photo decoded): run off the
				     * HTTP workers (http.h), 503 when that cannot be done in time */
	MS_ROUTE_UPLOAD = 1u << 7,  /* the body is a file's bytes (not JSON), up to max_body; the
				     * handler reads c->req->body */
	MS_ROUTE_OWN_STAFF = 1u << 8, /* answers a person's contact details: read by the staff of the owning
				     * congress only, never by the clerks of the congresses above it */
	MS_ROUTE_PUBLISHED = 1u << 9, /* a public GET whose 200 answer is the same for every caller, from its
				     * path alone (a closed poll's result): kept in memory and served from
				     * there while nothing was written since (api_internal.h) */
	MS_ROUTE_GROUPED = 1u << 10 /* a small write that comes in bursts (a ballot): committed with the
				     * others that arrive meanwhile, each in a savepoint of its own
				     * (store.h, ms_db_grouped); its handler runs on the thread writing
				     * the group (where grouped, the store's writer), with c->db that
				     * group's; its before runs only for a group's first write (what it
				     * makes, the group shares), on that thread, and its after there too */
};

struct ms_route {
	const char *method;
	const char *pattern;          /* after /api/v1; "{id}" is a positive integer */
	ms_route_fn fn;
	unsigned access;              /* enum ms_access bits; 0 is refused at start-up */
	ms_owner_fn owner;            /* NULL: the path names no congress's object */
	const struct ms_field *body;  /* the body's fields; NULL: no body ({} or none) */
	unsigned flags;
	const char *summary;          /* for the OpenAPI document */
	const struct ms_view *returns;/* the shape of a 2xx answer (NULL: {} or a raw body) */
	const char *const *query;     /* extra integer query arguments (NULL-terminated), or NULL */
	const struct ms_field *query_fields; /* typed query arguments (NULL-name-terminated; MS_F_INT, MS_F_ID,
				       * MS_F_STR, MS_F_ENUM), or NULL: documented, read by ms_api_query_args */
	const struct ms_code *const *errors; /* the codes the handler itself may answer (NULL-terminated) */
	const struct ms_code *const *library_errors; /* and those of a library it calls (e.g. ms_count_codes) */
	const char *raw_type;         /* MS_ROUTE_RAW: the Content-Type it answers (NULL: text/plain) */
	const struct ms_code *busy;   /* MS_ROUTE_SLOW: the 503 when it cannot run in time (NULL: overloaded) */
	size_t max_body;              /* MS_ROUTE_UPLOAD: the largest body (bytes) */
	/* Work a request of this route does on its thread before its
	 * transaction begins (outside SQLite's write lock), given the path's
	 * {id} (0 when none), and after it has ended whatever happened (after
	 * runs whenever before did); NULL: none. */
	void (*before)(int64_t id);
	void (*after)(void);
};

/* A domain's routes: a table and its length. */
struct ms_routes {
	const struct ms_route *v;
	size_t n;
};
#define MS_ROUTES(array) {.v = (array), .n = sizeof(array) / sizeof((array)[0])}

/* ---- helpers for handlers ---- */

/* Body getters (the body was checked against the route's table): NULL /
 * absent → def. */
const char *ms_api_str(struct ms_ctx *c, const char *name);
int64_t ms_api_int(struct ms_ctx *c, const char *name, int64_t def);
bool ms_api_has(struct ms_ctx *c, const char *name); /* present and not null */
bool ms_api_present(struct ms_ctx *c, const char *name); /* present, even as null */
bool ms_api_bool(struct ms_ctx *c, const char *name, bool def);
/* An MS_F_ENUM field's value (index into its names), or def when absent. */
int ms_api_enum(struct ms_ctx *c, const char *name, const struct ms_names *names, int def);
/* The integers of a checked JSON array field (NULL or absent: none) as a
 * malloc'd array (*n of them; free it); NULL when out of memory. */
int64_t *ms_api_ints(struct ms_ctx *c, const char *name, size_t *n);
/* Whether the caller is logged in as an administrator or a clerk of
 * congress_id (or reads its staff pages from above): what a public route
 * shows its staff alone, such as drafts. */
bool ms_api_staff(const struct ms_ctx *c, int64_t congress_id);
/* Whether the caller is a clerk of a congress above congress_id (three-level
 * linkage: it reads what that congress's clerks read). */
int ms_api_oversees(struct ms_ctx *c, int64_t congress_id, bool *yes);
/* An integer query argument (0 when absent; 400 when not a number). */
int ms_api_query_id(struct ms_ctx *c, const char *name, int64_t *out);
/* The route's query_fields given in the query string (absent or empty ones
 * left out), each checked against its field — an integer or id in range, a
 * text of valid UTF-8 up to max characters, one of an enum's keys — as a new
 * JSON object in *out (integers as integers); 400 invalid_query naming the
 * first bad one. */
int ms_api_query_args(struct ms_ctx *c, json_t **out);

/* Check a JSON object against a field table (what api.c does for the
 * body; exposed for nested values a handler checks itself): unknown key →
 * 400 unknown_field, wrong kind → 400 invalid_field, missing → 400
 * missing_field, out of range → 422 invalid_value. path prefixes the field
 * names in errors ("ballots[2]"); may be NULL. */
int ms_fields_check(json_t *obj, const struct ms_field *spec, const char *path, struct ms_error *e);

/* The fields of an MS_F_OBJECT field (or of its array's objects): sub, or
 * its view's. */
const struct ms_field *ms_field_sub(const struct ms_field *f);

/* The checks of the field tables, for the domains' rules to apply to input
 * that does not come through a field table (the CLI, a CSV row), with the
 * same errors: text of min to max characters (max 0: no limit) that shows
 * something when min ≥ 1 and holds no bidirectional control, an integer
 * from min to max. */
int ms_check_text(struct ms_error *e, const char *field, const char *s, long min, long max);
/* A password's check: its length only (any characters, as MS_FIELD_VERBATIM). */
int ms_check_secret(struct ms_error *e, const char *field, const char *s, long min, long max);
int ms_check_int(struct ms_error *e, const char *field, int64_t v, int64_t min, int64_t max);

/* Begin the request's transaction (for MS_ROUTE_SELF_TX routes). */
int ms_api_begin(struct ms_ctx *c, bool write);
/* Set-Cookie for a session (token NULL: clear it). */
int ms_api_set_session_cookie(struct ms_ctx *c, const char *token);
/* 0 with *out = o, or out of memory when o is NULL. */
int ms_api_answer(struct ms_ctx *c, json_t *o, json_t **out);
/* Answer JSON already serialised (json: malloc'd, len bytes, taken whatever
 * happens) with its entity tag etag (quoted, under sizeof c->etag; e.g. a
 * hash of the text, so equal answers have equal tags): 0, or
 * MS_ERR_INTERNAL for a tag too long. */
int ms_api_answer_text(struct ms_ctx *c, char *json, size_t len, const char *etag);
/* The password hashing cost of this server (auth's enum ms_pwhash_cost). */
int ms_api_pwhash_cost(const struct ms_ctx *c);

/* api's own codes (the request, its body, CSV imports). */
#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "api_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_api_codes[];

#endif
