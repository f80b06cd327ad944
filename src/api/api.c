/*
 * api.c — request dispatch for /api/v1: route matching (404 / 405),
 * body parsing (400), session lookup (401), CSRF (403), the request's one
 * transaction (commit on success, rollback on any error), and the JSON
 * response or error body. Every path outside /api is the web front end's:
 * files of the web directory when one is configured (src/http/static.c),
 * else a placeholder page at "/".
 */
#include "api.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "../core/util.h"
#include "../http/static.h"
#include "api_internal.h"

enum {
	R_SELF_TX = 1, /* the handler begins its transaction itself (hashes passwords first) */
	R_NO_CSRF = 2, /* a mutation that needs no CSRF token (login) */
	R_WRITE = 4    /* a GET that writes (an audit entry): a write transaction, as for a mutation
			* (PostgreSQL refuses writes in the read-only one; SQLite would upgrade late) */
};

struct route {
	const char *method;
	const char *pattern; /* segments after /api/v1; "{id}" is a positive integer */
	ms_route_fn fn;
	unsigned flags;
};

static const struct route routes[] = {
	{"POST", "/login", ms_h_login, R_SELF_TX | R_NO_CSRF},
	{"POST", "/logout", ms_h_logout, 0},
	{"GET", "/me", ms_h_me, 0},
	{"GET", "/congresses", ms_h_congress_list, 0},
	{"POST", "/congresses", ms_h_congress_create, 0},
	{"GET", "/congresses/{id}", ms_h_congress_get, 0},
	{"GET", "/congresses/{id}/deputies", ms_h_deputy_list, 0},
	{"POST", "/congresses/{id}/deputies/import", ms_h_deputy_import, R_SELF_TX},
	{"GET", "/congresses/{id}/units", ms_h_unit_list, 0},
	{"POST", "/congresses/{id}/units", ms_h_unit_create, 0},
	{"GET", "/congresses/{id}/cycles", ms_h_cycle_list, 0},
	{"POST", "/congresses/{id}/cycles", ms_h_cycle_create, 0},
	{"POST", "/users", ms_h_user_create, R_SELF_TX},
	{"GET", "/cycles/{id}", ms_h_cycle_get, 0},
	{"POST", "/cycles/{id}/phase", ms_h_cycle_phase, 0},
	{"GET", "/cycles/{id}/candidates", ms_h_candidate_list, 0},
	{"POST", "/cycles/{id}/candidates", ms_h_candidate_create, 0},
	{"POST", "/cycles/{id}/candidates/import", ms_h_candidate_import, 0},
	{"GET", "/cycles/{id}/polls", ms_h_poll_list, 0},
	{"POST", "/cycles/{id}/polls", ms_h_poll_create, 0},
	{"POST", "/cycles/{id}/polls/import", ms_h_poll_import, 0},
	{"GET", "/candidates/{id}", ms_h_candidate_get, 0},
	{"PATCH", "/candidates/{id}", ms_h_candidate_update, 0},
	{"GET", "/polls/{id}", ms_h_poll_get, 0},
	{"POST", "/polls/{id}/checkin", ms_h_poll_checkin, 0},
	{"GET", "/polls/{id}/attendance", ms_h_poll_attendance, 0},
	{"POST", "/polls/{id}/open", ms_h_poll_open, 0},
	{"POST", "/polls/{id}/ballot", ms_h_poll_ballot, 0},
	{"POST", "/polls/{id}/paper-ballots", ms_h_poll_paper, 0},
	{"POST", "/polls/{id}/close", ms_h_poll_close, 0},
	{"GET", "/polls/{id}/result", ms_h_poll_result, 0},
	{"GET", "/polls/{id}/ballots", ms_h_poll_ballots, 0},
	{"GET", "/polls/{id}/ballots.pb", ms_h_poll_export_pb, R_WRITE},
	{"GET", "/audit", ms_h_audit_list, 0},
};

#define SESSION_COOKIE "ms_session"

int ms_api_new(const struct ms_api_config *cfg, struct ms_api **out, struct ms_error *e)
{
	struct ms_api *api = calloc(1, sizeof *api);
	if (!api)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	api->store = cfg->store;
	api->pwhash_cost = cfg->pwhash_cost;
	api->cookie_secure = cfg->cookie_secure;
	int rc = cfg->web_dir ? ms_static_open(cfg->web_dir, &api->web, e) : 0;
	if (rc) {
		free(api);
		return rc;
	}
	rc = ms_auth_init(cfg->hash_slots);
	if (!rc) {
		char pw[33];
		ms_random_hex(pw, 16);
		rc = ms_password_hash(pw, api->pwhash_cost, api->dummy_hash, sizeof api->dummy_hash, e);
	}
	if (rc) {
		ms_api_free(api);
		return rc;
	}
	*out = api;
	return 0;
}

void ms_api_free(struct ms_api *api)
{
	if (!api)
		return;
	ms_static_free(api->web);
	free(api);
}

const char *ms_api_web_root(const struct ms_api *api)
{
	return api && api->web ? ms_static_root(api->web) : NULL;
}

/* Match path (after /api/v1) against pattern, extracting {id}. */
static bool match(const char *pattern, const char *path, int64_t *id)
{
	while (*pattern && *path) {
		if (strncmp(pattern, "{id}", 4) == 0) {
			const char *p = path;
			int64_t v = 0;
			if (*p < '1' || *p > '9')
				return false;
			while (*p >= '0' && *p <= '9') {
				if (v > (INT64_MAX - 9) / 10)
					return false;
				v = v * 10 + (*p++ - '0');
			}
			*id = v;
			pattern += 4, path = p;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++, path++;
	}
	if (*path == '/' && path[1] == 0)
		path++; /* a trailing slash is tolerated */
	return *pattern == 0 && *path == 0;
}

static void respond_json(struct ms_http_response *resp, unsigned status, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (!text) {
		static const char oom[] = "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}";
		ms_http_response_set(resp, 500, "application/json", oom, sizeof oom - 1);
		return;
	}
	ms_http_response_take(resp, status, "application/json; charset=utf-8", text, strlen(text));
}

static void respond_error(struct ms_ctx *c)
{
	unsigned status = ms_api_status(c->err.err);
	if (status >= 500 && c->err.err != MS_ERR_BUSY)
		fprintf(stderr, "minsheng: %s %s: %s\n", c->req->method, c->req->path, c->err.message);
	json_t *details = c->err_details;
	c->err_details = NULL;
	respond_json(c->resp, status, ms_api_error_json(&c->err, details));
}

static const char placeholder[] =
	"<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	"<title>民生实事票决 · Minsheng</title></head><body>"
	"<h1>民生实事项目人大代表票决 · Minsheng</h1>"
	"<p>网页界面即将上线。当前可通过 HTTP JSON API 使用本系统：<code>/api/v1</code>。</p>"
	"<p>The web front end is coming. Meanwhile Minsheng serves its HTTP JSON API under "
	"<code>/api/v1</code> — see <code>docs/api.md</code>; for example "
	"<a href=\"/api/v1/congresses\">/api/v1/congresses</a>.</p></body></html>\n";

static void serve_page(struct ms_api *api, const struct ms_http_request *req, struct ms_http_response *resp)
{
	if (api->web) {
		struct ms_error e;
		if (ms_static_serve(api->web, req, resp, &e) == 0)
			return;
		unsigned status = ms_api_status(e.err);
		if (status >= 500)
			fprintf(stderr, "minsheng: %s %s: %s\n", req->method, req->path, e.message);
		respond_json(resp, status, ms_api_error_json(&e, NULL));
		return;
	}
	if (strcmp(req->path, "/") != 0 && strcmp(req->path, "/index.html") != 0) {
		struct ms_error e;
		ms_error_set(&e, MS_ERR_NOT_FOUND, NULL, NULL, "no such page: %s", req->path);
		respond_json(resp, 404, ms_api_error_json(&e, NULL));
		return;
	}
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		struct ms_error e;
		ms_error_set(&e, MS_ERR_METHOD, NULL, NULL, "%s is not allowed here", req->method);
		respond_json(resp, 405, ms_api_error_json(&e, NULL));
		ms_http_response_header(resp, "Allow", "GET, HEAD");
		return;
	}
	ms_http_response_set(resp, 200, "text/html; charset=utf-8", placeholder, sizeof placeholder - 1);
	ms_static_html_headers(resp);
}

static bool is_mutation(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* Parse the body into c->body: an object, {} when empty. */
static int parse_body(struct ms_ctx *c)
{
	if (c->req->body_len == 0) {
		c->body = json_object();
		return c->body ? 0 : ms_error_set(&c->err, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	}
	json_error_t je;
	c->body = json_loadb(c->req->body, c->req->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!c->body)
		return ms_error_set(&c->err, MS_ERR_INVALID, "invalid_json", NULL, "malformed JSON at line %d: %s",
				    je.line, je.text);
	if (!json_is_object(c->body))
		return ms_error_set(&c->err, MS_ERR_INVALID, "invalid_json", NULL,
				    "the request body must be a JSON object");
	return 0;
}

static void load_session(struct ms_ctx *c)
{
	const char *tok = ms_http_cookie(c->req, SESSION_COOKIE);
	if (!tok || !ms_session_hash(tok, c->token_hash))
		return;
	c->has_token = true;
	struct ms_error ignore;
	if (ms_db_session_get(c->db, c->token_hash, &c->user, c->csrf, &ignore) == 0)
		c->authed = true;
}

void ms_api_handle(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp)
{
	struct ms_api *api = ctx;
	ms_http_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (strncmp(req->path, "/api/", 5) != 0 && strcmp(req->path, "/api") != 0) {
		serve_page(api, req, resp);
		return;
	}
	struct ms_ctx c = {.api = api, .req = req, .resp = resp, .status = 200};
	const struct route *rt = NULL;
	bool path_known = false;
	if (strncmp(req->path, "/api/v1/", 8) == 0) {
		const char *rest = req->path + 7;
		for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
			int64_t id = 0;
			if (!match(routes[i].pattern, rest, &id))
				continue;
			path_known = true;
			if (strcmp(routes[i].method, req->method) == 0 ||
			    (strcmp(req->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
				rt = &routes[i];
				c.id = id;
				break;
			}
		}
	}
	json_t *out = NULL;
	int rc;
	if (!rt) {
		if (path_known) {
			char allow[64] = "";
			for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
				int64_t id;
				if (match(routes[i].pattern, req->path + 7, &id))
					snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s",
						 allow[0] ? ", " : "", routes[i].method);
			}
			ms_http_response_header(resp, "Allow", allow);
			rc = ms_error_set(&c.err, MS_ERR_METHOD, NULL, NULL, "%s is not allowed on %s (allowed: %s)",
					  req->method, req->path, allow);
		}
		else
			rc = ms_error_set(&c.err, MS_ERR_NOT_FOUND, NULL, NULL, "no such endpoint: %s", req->path);
		goto done;
	}
	bool mut = is_mutation(req->method);
	if (mut && (rc = parse_body(&c)))
		goto done;
	if ((rc = ms_store_acquire(api->store, &c.db, &c.err)))
		goto done;
	load_session(&c);
	if (mut && !(rt->flags & R_NO_CSRF)) {
		if (!c.authed) {
			rc = ms_error_set(&c.err, MS_ERR_UNAUTHENTICATED, NULL, NULL, "log in first");
			goto done;
		}
		const char *tok = ms_http_header(req, "X-CSRF-Token");
		if (!tok || strlen(tok) != strlen(c.csrf) || sodium_memcmp(tok, c.csrf, strlen(c.csrf)) != 0) {
			rc = ms_error_set(&c.err, MS_ERR_FORBIDDEN, "csrf", NULL,
					  "missing or wrong X-CSRF-Token header (GET /api/v1/me returns it)");
			goto done;
		}
	}
	if (!(rt->flags & R_SELF_TX) && (rc = ms_db_begin(c.db, mut || (rt->flags & R_WRITE), &c.err)))
		goto done;
	rc = rt->fn(&c, &out);
	if (!rc && ms_db_in_tx(c.db))
		rc = ms_db_commit(c.db, &c.err);
done:
	if (c.db) {
		if (rc) {
			ms_db_rollback(c.db);
			free(c.raw);
			c.raw = NULL;
		}
		ms_store_release(api->store, c.db);
	}
	json_decref(c.body);
	if (rc) {
		json_decref(out);
		respond_error(&c);
		return;
	}
	json_decref(c.err_details);
	if (c.raw) {
		json_decref(out);
		/* The body came from the counting library's libc allocator: plain malloc. */
		ms_http_response_take(resp, c.status, c.raw_type, c.raw, c.raw_len);
		if (c.raw_disposition[0])
			ms_http_response_header(resp, "Content-Disposition", c.raw_disposition);
		return;
	}
	respond_json(resp, c.status, out ? out : json_object());
}

/* ---- helpers for handlers ---- */

static const char *kind_name(enum ms_field_kind k)
{
	switch (k) {
	case MS_F_STR: return "a string";
	case MS_F_STR_NULL: return "a string or null";
	case MS_F_INT: return "an integer";
	case MS_F_INT_NULL: return "an integer or null";
	case MS_F_BOOL: return "true or false";
	case MS_F_INT_ARRAY: return "an array of integers";
	case MS_F_INT_ARRAY_NULL: return "an array of integers or null";
	case MS_F_ARRAY: return "an array";
	}
	return "?";
}

static bool kind_ok(enum ms_field_kind k, json_t *v)
{
	switch (k) {
	case MS_F_STR: return json_is_string(v);
	case MS_F_STR_NULL: return json_is_string(v) || json_is_null(v);
	case MS_F_INT: return json_is_integer(v);
	case MS_F_INT_NULL: return json_is_integer(v) || json_is_null(v);
	case MS_F_BOOL: return json_is_boolean(v);
	case MS_F_INT_ARRAY_NULL:
		if (json_is_null(v))
			return true;
		/* fall through */
	case MS_F_INT_ARRAY: {
		if (!json_is_array(v))
			return false;
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) if (!json_is_integer(x)) return false;
		return true;
	}
	case MS_F_ARRAY: return json_is_array(v);
	}
	return false;
}

int ms_api_fields(struct ms_ctx *c, const struct ms_field *spec)
{
	const char *key;
	json_t *v;
	json_object_foreach(c->body, key, v) {
		const struct ms_field *f = spec;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (!f->name)
			return ms_error_set(&c->err, MS_ERR_INVALID, "unknown_field", key, "unknown field '%s'", key);
		if (!kind_ok(f->kind, v))
			return ms_error_set(&c->err, MS_ERR_INVALID, "invalid_field", key, "'%s' must be %s", key,
					    kind_name(f->kind));
		if (json_is_string(v)) {
			long n = (long)ms_utf8_len(json_string_value(v), json_string_length(v));
			if (n < f->min || (f->max && n > f->max))
				return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", key,
						    "'%s' must have %ld to %ld characters", key, f->min, f->max);
			if (memchr(json_string_value(v), 0, json_string_length(v)))
				return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", key,
						    "'%s' must not contain NUL characters", key);
		} else if (json_is_integer(v)) {
			json_int_t n = json_integer_value(v);
			if (n < f->min || (f->max && n > f->max))
				return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", key,
						    "'%s' must be between %ld and %ld", key, f->min, f->max);
		} else if (json_is_array(v)) {
			long n = (long)json_array_size(v);
			if (n < f->min || (f->max && n > f->max))
				return ms_error_set(&c->err, MS_ERR_UNPROCESSABLE, "invalid_value", key,
						    "'%s' must have %ld to %ld items", key, f->min, f->max);
		}
	}
	for (const struct ms_field *f = spec; f->name; f++)
		if (f->required && !json_object_get(c->body, f->name))
			return ms_error_set(&c->err, MS_ERR_INVALID, "missing_field", f->name, "'%s' is required",
					    f->name);
	return 0;
}

const char *ms_api_str(struct ms_ctx *c, const char *name)
{
	return json_string_value(json_object_get(c->body, name));
}

int64_t ms_api_int(struct ms_ctx *c, const char *name, int64_t def)
{
	json_t *v = json_object_get(c->body, name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

bool ms_api_has(struct ms_ctx *c, const char *name)
{
	json_t *v = json_object_get(c->body, name);
	return v && !json_is_null(v);
}

bool ms_api_bool(struct ms_ctx *c, const char *name, bool def)
{
	json_t *v = json_object_get(c->body, name);
	return json_is_boolean(v) ? json_is_true(v) : def;
}

int ms_api_query_id(struct ms_ctx *c, const char *name, int64_t *out)
{
	const char *v = ms_http_query(c->req, name);
	*out = 0;
	if (!v || !*v)
		return 0;
	if (ms_parse_i64(v, out) || *out < 0)
		return ms_error_set(&c->err, MS_ERR_INVALID, "invalid_field", name, "'%s' must be a number", name);
	return 0;
}

int ms_api_page(struct ms_ctx *c, struct ms_page *pg)
{
	pg->q = ms_http_query(c->req, "q");
	if (pg->q && strlen(pg->q) > 200)
		return ms_error_set(&c->err, MS_ERR_INVALID, "invalid_field", "q", "the search text is too long");
	int rc;
	if ((rc = ms_api_query_id(c, "page", &pg->page)) || (rc = ms_api_query_id(c, "per_page", &pg->per_page)))
		return rc;
	if (pg->page == 0)
		pg->page = 1;
	if (pg->per_page == 0)
		pg->per_page = 50;
	if (pg->per_page > 200 || pg->page > 1000000)
		return ms_error_set(&c->err, MS_ERR_INVALID, "invalid_field", "per_page",
				    "per_page must be 1 to 200 and page at most 1000000");
	return 0;
}

int ms_api_need_login(struct ms_ctx *c)
{
	return c->authed ? 0 : ms_error_set(&c->err, MS_ERR_UNAUTHENTICATED, NULL, NULL, "log in first");
}

int ms_api_need_admin(struct ms_ctx *c)
{
	int rc = ms_api_need_login(c);
	if (rc)
		return rc;
	return (c->user.roles & MS_ROLE_ADMIN) ? 0
					       : ms_error_set(&c->err, MS_ERR_FORBIDDEN, NULL, NULL,
							      "only an administrator may do this");
}

bool ms_api_is_staff(struct ms_ctx *c, int64_t congress_id)
{
	return c->authed && ((c->user.roles & MS_ROLE_ADMIN) ||
			      ((c->user.roles & MS_ROLE_CLERK) && c->user.congress_id == congress_id));
}

int ms_api_need_staff(struct ms_ctx *c, int64_t congress_id)
{
	int rc = ms_api_need_login(c);
	if (rc)
		return rc;
	return ms_api_is_staff(c, congress_id)
		       ? 0
		       : ms_error_set(&c->err, MS_ERR_FORBIDDEN, NULL, NULL,
				      "only the staff of congress %lld may do this", (long long)congress_id);
}

int ms_api_begin(struct ms_ctx *c, bool write)
{
	return ms_db_begin(c->db, write, &c->err);
}

int ms_api_audit(struct ms_ctx *c, int64_t congress_id, const char *action, const char *object_fmt,
		 int64_t object_id, json_t *detail)
{
	char object[96];
	snprintf(object, sizeof object, object_fmt, (long long)object_id);
	int rc = ms_db_audit(c->db, c->authed ? c->user.id : 0, congress_id, action, object, detail, &c->err);
	json_decref(detail);
	return rc;
}

int ms_api_set_session_cookie(struct ms_ctx *c, const char *token)
{
	char cookie[256];
	snprintf(cookie, sizeof cookie, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
		 token ? token : "", token ? "; Max-Age=43200" : "; Max-Age=0",
		 c->api->cookie_secure ? "; Secure" : "");
	return ms_http_response_header(c->resp, "Set-Cookie", cookie) ? ms_error_set(&c->err, MS_ERR_NOMEM, NULL,
										    NULL, "out of memory")
								      : 0;
}
