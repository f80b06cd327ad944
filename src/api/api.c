/*
 * api.c — request dispatch for /api/v1 over the domains' route tables
 * (route.h): route matching (404 / 405), body parsing (400), session lookup,
 * CSRF (401 / 403), the request's one transaction (commit on success,
 * rollback on any error; a ballot's is its group's, in which its session and
 * CSRF token are read, in the same order), the owner of the path's object
 * (404), who may call the route (401 / 403), the body's fields (400 / 422),
 * then the handler, and the JSON response or error body (or 304 to a GET
 * when the handler tagged its answer with the entity tag its If-None-Match
 * names).
 * Every path outside /api is the web front end's: files of the web
 * directory when one is configured (src/http/static.c), else a placeholder
 * page at "/".
 */
#include "api.h"

#include "../http/events.h"

#include <semaphore.h>
#include <stddef.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../http/static.h"
#include "api_internal.h"

#define SESSION_COOKIE "ms_session"


static const struct ms_name access_v[MS_ACCESS_KINDS] = {
	{"public", "任何人", "anyone"},
	{"login", "已登录的用户", "a logged-in user"},
	{"admin", "管理员", "an administrator"},
	{"clerk", "本级人大的工作人员", "the staff of this congress"},
	{"any_clerk", "人大工作人员", "a congress clerk"},
	{"deputy", "本级人大代表", "the deputies of this congress"},
	{"unit", "本级人大的承办单位工作人员", "the officers of this congress's responsible units"},
};
const struct ms_names ms_access_names = MS_NAMES("access", access_v);

struct ms_arg ms_access_words(unsigned access, char *zh, size_t zh_cap, char *en, size_t en_cap)
{
	size_t zl = 0, el = 0;
	zh[0] = en[0] = 0;
	for (int i = 2; i < MS_ACCESS_KINDS; i++)
		if (access & (1u << i)) {
			zl += (size_t)snprintf(zh + zl, zl < zh_cap ? zh_cap - zl : 0, "%s%s", zl ? "或" : "",
					       access_v[i].zh);
			el += (size_t)snprintf(en + el, el < en_cap ? en_cap - el : 0, "%s%s", el ? " or " : "",
					       access_v[i].en);
		}
	return MS_AT(zh, en);
}

/* ---- the route tables ---- */

/* Match path (after /api/v1) against pattern, extracting {id}. */
static bool match(const char *pattern, const char *path, int64_t *id)
{
	while (*pattern && *path) {
		if (*pattern == '{' && strncmp(pattern, "{id}", 4) == 0) {
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

int ms_api_check_routes(const struct ms_routes *const *routes, struct ms_error *e)
{
	for (const struct ms_routes *const *tp = routes; *tp; tp++)
		for (size_t i = 0; i < (*tp)->n; i++) {
			const struct ms_routes *t = *tp;
			const struct ms_route *r = &t->v[i];
			const char *why = NULL;
			if (!r->method || !r->pattern || !r->fn || r->pattern[0] != '/')
				why = "is incomplete";
			else if (r->access == 0 || r->access >= 1u << MS_ACCESS_KINDS)
				why = "declares no access (who may call it)";
			else if ((r->access & (MS_ACCESS_CLERK | MS_ACCESS_DEPUTY | MS_ACCESS_UNIT)) && !r->owner)
				why = "admits the staff, deputies or units of a congress but finds no owning congress";
			else if (r->owner && !strstr(r->pattern, "{id}"))
				why = "has an owner but no {id} in its path";
			else if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0 && !r->body)
				why = "is a mutation without a body field table";
			else if ((r->flags & MS_ROUTE_PUBLISHED) &&
				 (strcmp(r->method, "GET") != 0 || r->access != MS_ACCESS_PUBLIC ||
				  (r->flags & (MS_ROUTE_PAGED | MS_ROUTE_RAW | MS_ROUTE_WRITE | MS_ROUTE_SELF_TX))))
				why = "is published but not a public GET of one JSON answer";
			for (const struct ms_routes *const *up = routes; !why && up <= tp; up++)
				for (size_t k = 0; k < (up == tp ? i : (*up)->n); k++)
					if (strcmp((*up)->v[k].method, r->method) == 0 &&
					    strcmp((*up)->v[k].pattern, r->pattern) == 0)
						why = "is declared twice";
			if (why)
				return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "route %s %s %s",
						    r->method ? r->method : "?", r->pattern ? r->pattern : "?", why);
		}
	return 0;
}

int ms_api_new(const struct ms_api_config *cfg, struct ms_api **out, struct ms_error *e)
{
	int rc = ms_api_check_routes(cfg->routes, e);
	if (rc)
		return rc;
	struct ms_api *api = calloc(1, sizeof *api);
	if (!api)
		return ms_nomem(e);
	api->store = cfg->store;
	api->pwhash_cost = cfg->pwhash_cost;
	api->cookie_secure = cfg->cookie_secure;
	api->routes = cfg->routes;
	api->session = cfg->session;
	api->token_ok = cfg->token_ok;
	api->above = cfg->above;
	api->events = cfg->events;
	api->feeds = cfg->feeds;
	/* A grouped write goes to the store's writer (write_later) */
	api->later = cfg->store && ms_store_groups_writes(cfg->store);
	rc = cfg->web_dir ? ms_static_open(cfg->web_dir, &api->web, e) : 0;
	if (!rc && api->events && api->feeds)
		rc = ms_api_feed_start(api, e);
	/* Published answers are kept only where other nodes' writes are told
	 * (the feed starts the store's listener). */
	if (!rc && api->feeder && !(api->answers = ms_answers_new()))
		rc = ms_nomem(e);
	if (rc) {
		ms_api_feed_stop(api);
		ms_static_free(api->web);
		free(api);
		return rc;
	}
	*out = api;
	return 0;
}

void ms_api_free(struct ms_api *api)
{
	if (!api)
		return;
	ms_api_feed_stop(api);
	ms_answers_free(api->answers);
	ms_static_free(api->web);
	free(api);
}

const char *ms_api_web_root(const struct ms_api *api)
{
	return api && api->web ? ms_static_root(api->web) : NULL;
}

/* ---- answers ---- */

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

static void log_failure(const struct ms_http_request *req, const struct ms_error *e)
{
	if (ms_api_status(e->err) >= 500 && e->err != MS_ERR_BUSY)
		fprintf(stderr, "minsheng: %s %s: %s\n", req->method, req->path, e->message);
}

static void respond_error(struct ms_ctx *c)
{
	log_failure(c->req, &c->err);
	json_t *details = c->err_details;
	c->err_details = NULL;
	respond_json(c->resp, ms_api_status(c->err.err), ms_api_error_json(&c->err, details));
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
	struct ms_error e;
	if (api->web) {
		if (ms_static_serve(api->web, req, resp, &e) == 0)
			return;
		log_failure(req, &e);
		respond_json(resp, ms_api_status(e.err), ms_api_error_json(&e, NULL));
		return;
	}
	if (strcmp(req->path, "/") != 0 && strcmp(req->path, "/index.html") != 0) {
		ms_failf(&e, MS_E_NOT_FOUND, NULL, MS_AT("页面", "page"), MS_AS(req->path));
		respond_json(resp, 404, ms_api_error_json(&e, NULL));
		return;
	}
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		ms_failf(&e, MS_E_METHOD_NOT_ALLOWED, NULL, MS_AS(req->method), MS_AS(req->path), MS_AS("GET, HEAD"));
		respond_json(resp, 405, ms_api_error_json(&e, NULL));
		ms_http_response_header(resp, "Allow", "GET, HEAD");
		return;
	}
	ms_http_response_set(resp, 200, "text/html; charset=utf-8", placeholder, sizeof placeholder - 1);
	ms_static_html_headers(resp);
}

/* ---- steps of a request ---- */

static bool is_mutation(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* The route for method and path (the part after /api/v1) and its id; NULL
 * when none, with the methods the path allows listed in allow. */
static const struct ms_route *lookup(const struct ms_api *api, const char *method, const char *rest, int64_t *id,
				     char *allow, size_t cap)
{
	allow[0] = '\0';
	for (const struct ms_routes *const *t = api->routes; *t; t++)
		for (size_t i = 0; i < (*t)->n; i++) {
			const struct ms_route *r = &(*t)->v[i];
			*id = 0;
			if (!match(r->pattern, rest, id))
				continue;
			if (strcmp(r->method, method) == 0 ||
			    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
				return r;
			if (!strstr(allow, r->method))
				snprintf(allow + strlen(allow), cap - strlen(allow), "%s%s", allow[0] ? ", " : "", r->method);
		}
	return NULL;
}

/* The route for the request, with c->id; else 404 or 405 (with Allow). */
static int find_route(struct ms_ctx *c, const char *rest)
{
	const char *method = c->req->method;
	char allow[64];
	if ((c->route = lookup(c->api, method, rest, &c->id, allow, sizeof allow)))
		return 0;
	if (allow[0]) {
		ms_http_response_header(c->resp, "Allow", allow);
		return ms_failf(&c->err, MS_E_METHOD_NOT_ALLOWED, NULL, MS_AS(method), MS_AS(c->req->path), MS_AS(allow));
	}
	return ms_failf(&c->err, MS_E_NOT_FOUND, NULL, MS_AT("接口", "endpoint"), MS_AS(c->req->path));
}

size_t ms_api_body_limit(void *ctx, const char *method, const char *url)
{
	int64_t id;
	char allow[64];
	if (!method || !url || strncmp(url, "/api/v1/", 8) != 0)
		return 0;
	const struct ms_route *r = lookup(ctx, method, url + 7, &id, allow, sizeof allow);
	return r && (r->flags & MS_ROUTE_UPLOAD) ? r->max_body : 0;
}

/* The flags of the route req names (0: none). */
static unsigned route_flags(void *ctx, const struct ms_http_request *req)
{
	int64_t id;
	char allow[64];
	if (strncmp(req->path, "/api/v1/", 8) != 0)
		return 0;
	const struct ms_route *r = lookup(ctx, req->method, req->path + 7, &id, allow, sizeof allow);
	return r ? r->flags : 0;
}

bool ms_api_slow(void *ctx, const struct ms_http_request *req)
{
	return route_flags(ctx, req) & MS_ROUTE_SLOW;
}

bool ms_api_wait(void *ctx, const struct ms_http_request *req)
{
	return route_flags(ctx, req) & MS_ROUTE_GROUPED;
}

/* A slow route that could not leave the workers in time (http.h): 503 with
 * Retry-After, before anything is read or written. */
static int refuse_overloaded(struct ms_ctx *c)
{
	(void)ms_http_response_header(c->resp, "Retry-After", "1");
	return ms_fail_args(&c->err, c->route->busy ? c->route->busy : &MS_E_OVERLOADED, NULL, NULL, 0);
}

/* Parse the body into c->body: an object, {} when empty. */
static int parse_body(struct ms_ctx *c)
{
	if (c->req->body_len == 0) {
		c->body = json_object();
		return c->body ? 0 : ms_nomem(&c->err);
	}
	json_error_t je;
	c->body = json_loadb(c->req->body, c->req->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!c->body) {
		char why[200];
		snprintf(why, sizeof why, "malformed JSON at line %d: %s", je.line, je.text);
		return ms_failf(&c->err, MS_E_INVALID_JSON, NULL, MS_AS(why));
	}
	if (!json_is_object(c->body))
		return ms_failf(&c->err, MS_E_INVALID_JSON, NULL, MS_AS("not an object"));
	return 0;
}

static void load_session(struct ms_ctx *c)
{
	const char *tok = ms_http_cookie(c->req, SESSION_COOKIE);
	if (!tok || !c->api->session)
		return;
	struct ms_error ignore;
	int rc = c->api->session(c->db, tok, c->token_hash, &c->who, c->csrf, &ignore);
	c->has_token = rc != MS_ERR_INVALID;
	c->authed = rc == 0;
}

static int check_csrf(struct ms_ctx *c)
{
	if (!c->authed)
		return ms_fail(&c->err, MS_E_UNAUTHENTICATED, NULL);
	const char *tok = ms_http_header(c->req, "X-CSRF-Token");
	if (!tok || strlen(tok) != strlen(c->csrf) || sodium_memcmp(tok, c->csrf, strlen(c->csrf)) != 0)
		return ms_fail(&c->err, MS_E_CSRF, NULL);
	return 0;
}

/* Whether the caller may call the route (c->congress_id is its owner). */
static bool allowed(const struct ms_ctx *c, unsigned access)
{
	if (access & MS_ACCESS_PUBLIC)
		return true;
	if (!c->authed)
		return false;
	const struct ms_actor *w = &c->who;
	return (access & MS_ACCESS_LOGIN) || ((access & MS_ACCESS_ADMIN) && ms_actor_is(w, MS_ROLE_ADMIN)) ||
	       ((access & MS_ACCESS_ANY_CLERK) && ms_actor_is(w, MS_ROLE_CLERK)) ||
	       ((access & MS_ACCESS_CLERK) && ms_actor_is_of(w, MS_ROLE_CLERK, c->congress_id)) ||
	       ((access & MS_ACCESS_DEPUTY) && ms_actor_is_of(w, MS_ROLE_DEPUTY, c->congress_id)) ||
	       ((access & MS_ACCESS_UNIT) && ms_actor_is_of(w, MS_ROLE_UNIT, c->congress_id));
}

bool ms_api_staff(const struct ms_ctx *c, int64_t congress_id)
{
	return c->authed && ms_actor_is_staff(&c->who, congress_id);
}

int ms_api_oversees(struct ms_ctx *c, int64_t congress_id, bool *yes)
{
	*yes = false;
	if (!c->authed || !c->api->above || !congress_id || !ms_actor_is(&c->who, MS_ROLE_CLERK) || !c->who.congress_id)
		return 0;
	return c->api->above(c->db, c->who.congress_id, congress_id, yes, &c->err);
}

/* Three-level linkage: a clerk of a congress above the owning one reads
 * what the owning congress's clerks read (a read-only request; never a
 * route answering a person's contact details). ms_actor_is_staff then
 * holds for the owning congress for this request. */
static int oversee(struct ms_ctx *c, bool *yes)
{
	const struct ms_route *rt = c->route;
	*yes = false;
	if (!(rt->access & MS_ACCESS_CLERK) || is_mutation(c->req->method) ||
	    (rt->flags & (MS_ROUTE_WRITE | MS_ROUTE_OWN_STAFF)))
		return 0;
	int rc = ms_api_oversees(c, c->congress_id, yes);
	if (!rc && *yes)
		c->who.oversees = c->congress_id;
	return rc;
}

static int check_access(struct ms_ctx *c)
{
	if (allowed(c, c->route->access))
		return 0;
	bool over;
	int rc = oversee(c, &over);
	if (rc || over)
		return rc;
	if (!c->authed)
		return ms_fail(&c->err, MS_E_UNAUTHENTICATED, NULL);
	char zh[200], en[200];
	return ms_failf(&c->err, MS_E_FORBIDDEN, NULL, ms_access_words(c->route->access, zh, sizeof zh, en, sizeof en));
}

static int prepare_tx(struct ms_ctx *c);

/* The caller's session, and a mutation's CSRF token. */
static int prepare_session(struct ms_ctx *c)
{
	load_session(c);
	if (is_mutation(c->req->method) && !(c->route->flags & MS_ROUTE_NO_CSRF))
		return check_csrf(c);
	return 0;
}

/* Everything before the handler, in order, once the route is found: up to
 * its transaction's begin, then prepare_tx (an MS_ROUTE_GROUPED route stops
 * before its session: the group's transaction begins in ms_db_grouped). */
static int prepare(struct ms_ctx *c)
{
	int rc;
	const struct ms_route *rt = c->route;
	if (c->req->overloaded)
		return refuse_overloaded(c);
	bool mut = is_mutation(c->req->method);
	if (mut && (rt->flags & MS_ROUTE_UPLOAD) && !(c->body = json_object()))
		return ms_nomem(&c->err);
	if (mut && !(rt->flags & MS_ROUTE_UPLOAD) && (rc = parse_body(c)))
		return rc;
	if ((rc = ms_store_acquire(c->api->store, &c->db, &c->err)))
		return rc;
	/* A grouped route's session is read in the group (prepare_tx); a
	 * request without a well-formed session cookie is refused here, as it
	 * would be there, without joining one (unless its route needs no
	 * session: the voting-code ballot). */
	if (rt->flags & MS_ROUTE_GROUPED) {
		const char *tok = ms_http_cookie(c->req, SESSION_COOKIE);
		return tok && (!c->api->token_ok || c->api->token_ok(tok)) ? 0 : prepare_session(c);
	}
	if ((rc = prepare_session(c)))
		return rc;
	if (rt->before) { /* (a grouped route's runs for its group's first write: grouped_lead) */
		rt->before(c->id);
		c->before_ran = true;
	}
	if (!(rt->flags & MS_ROUTE_SELF_TX) &&
	    (rc = ms_db_begin(c->db, mut || (rt->flags & MS_ROUTE_WRITE), &c->err)))
		return rc;
	return prepare_tx(c);
}

/* Everything before the handler in its transaction. An MS_ROUTE_GROUPED
 * route's session is read here, on the writers' connection, whose pages the
 * writes keep warm (a connection of its own must read them again after
 * every commit). */
static int prepare_tx(struct ms_ctx *c)
{
	int rc;
	const struct ms_route *rt = c->route;
	bool mut = is_mutation(c->req->method);
	if ((rt->flags & MS_ROUTE_GROUPED) && (rc = prepare_session(c)))
		return rc;
	if (rt->owner && (rc = rt->owner(c->db, c->id, &c->congress_id, &c->err)))
		return rc;
	if ((rc = check_access(c)))
		return rc;
	if (mut && (rc = ms_fields_check(c->body, rt->body, NULL, &c->err)))
		return rc;
	if ((rt->flags & MS_ROUTE_PAGED) && (rc = ms_api_page(c, &c->page)))
		return rc;
	if (rt->flags & MS_ROUTE_CREATES)
		c->status = 201;
	return 0;
}

/* A published answer kept in memory (api_internal.h), with its tag: 200,
 * or 304 when If-None-Match names it; "X-Cache: hit" says it was kept
 * ("miss": read from the database now). False when none is kept. */
static bool serve_kept(struct ms_api *api, const struct ms_http_request *req, struct ms_http_response *resp,
		       uint64_t gen)
{
	char *text, etag[MS_ANSWER_ETAG_LEN];
	size_t len;
	if (!ms_answers_get(api->answers, req->path, gen, &text, &len, etag))
		return false;
	(void)ms_http_response_header(resp, "ETag", etag);
	(void)ms_http_response_header(resp, "Cache-Control", "no-cache");
	(void)ms_http_response_header(resp, "X-Cache", "hit");
	if (ms_http_etag_matches(ms_http_header(req, "If-None-Match"), etag)) {
		free(text);
		ms_http_response_take(resp, 304, "", NULL, 0);
	} else {
		ms_http_response_take(resp, 200, "application/json; charset=utf-8", text, len);
	}
	return true;
}

/* A published route's answer as text with its tag (the ETag below), kept
 * under the generation read before its transaction began. */
static int publish(struct ms_ctx *c, json_t **out, uint64_t gen, int64_t at)
{
	char *text = json_dumps(*out ? *out : json_object(), JSON_COMPACT);
	json_decref(*out);
	*out = NULL;
	if (!text)
		return ms_nomem(&c->err);
	char etag[MS_ANSWER_ETAG_LEN];
	size_t len = strlen(text);
	ms_answer_etag(text, len, etag);
	if (c->api->answers) {
		ms_answers_put(c->api->answers, c->req->path, gen, at, text, len, etag);
		(void)ms_http_response_header(c->resp, "X-Cache", "miss");
	}
	return ms_api_answer_text(c, text, len, etag);
}

/* An MS_ROUTE_GROUPED request's write (store.h, ms_db_grouped), run on the
 * thread that writes its group, in tx; the route's before runs only for
 * the group's first write (what it makes, the group shares), and its after
 * on that thread too, when the request ends. Where writes are grouped
 * (api->later), the request's context lives on the heap until its group is
 * on disk and done ends it on the writer's thread: the caller's thread is
 * not held meanwhile (ms_api_handle_later), or waits only for done. */
struct grouped {
	struct ms_ctx *c;
	json_t **out;
	ms_http_done_fn done; /* the request's end (write_later) */
	void *done_arg;
};

struct later {
	struct ms_ctx c;
	json_t *out;
	struct grouped g;
};

static void grouped_lead(void *arg)
{
	struct ms_ctx *c = ((struct grouped *)arg)->c;
	if (c->route->before) {
		c->route->before(c->id);
		c->before_ran = true;
	}
}

static int grouped_run(struct ms_db *tx, void *arg, struct ms_error *e)
{
	struct grouped *g = arg;
	struct ms_ctx *c = g->c;
	struct ms_db *own = c->db;
	c->db = tx;
	int rc = prepare_tx(c);
	if (!rc)
		rc = c->route->fn(c, g->out);
	if (rc) {
		json_decref(*g->out);
		*g->out = NULL;
	}
	c->db = own;
	(void)e; /* &c->err, where the handler's error already is */
	return rc;
}

static void finish(struct ms_ctx *c, json_t *out, int rc);

static void grouped_done(void *arg, int rc)
{
	struct later *l = (struct later *)(void *)((char *)arg - offsetof(struct later, g));
	finish(&l->c, l->out, rc);
	l->g.done(l->g.done_arg);
	free(l);
}

/* The request's answer, once its route has run (rc: its error). */
static void finish(struct ms_ctx *c, json_t *out, int rc)
{
	const struct ms_http_request *req = c->req;
	struct ms_http_response *resp = c->resp;
	if (rc) {
		free(c->raw);
		c->raw = NULL;
		free(c->stream_data);
		c->stream_data = NULL;
	}
	if (c->db) {
		if (rc)
			ms_db_rollback(c->db);
		ms_store_release(c->api->store, c->db);
		c->db = NULL;
	}
	if (c->before_ran && c->route->after)
		c->route->after();
	json_decref(c->body);
	if (rc) {
		json_decref(out);
		respond_error(c);
		return;
	}
	json_decref(c->err_details);
	if (c->etag[0]) {
		(void)ms_http_response_header(resp, "ETag", c->etag);
		(void)ms_http_response_header(resp, "Cache-Control", "no-cache");
		if (!is_mutation(req->method) && ms_http_etag_matches(ms_http_header(req, "If-None-Match"), c->etag)) {
			json_decref(out);
			free(c->raw);
			ms_http_response_take(resp, 304, "", NULL, 0);
			return;
		}
	}
	if (c->stream_topic[0]) {
		json_decref(out);
		struct ms_events_open o = {.topic = c->stream_topic,
					   .last_id = ms_http_header(req, "Last-Event-ID"),
					   .addr = c->stream_addr,
					   .name = c->stream_event,
					   .data = c->stream_data,
					   .len = c->stream_data ? strlen(c->stream_data) : 0};
		if (ms_events_stream(c->api->events, req, &o, resp, &c->err))
			respond_error(c);
		free(c->stream_data);
		return;
	}
	if (c->raw) {
		json_decref(out);
		ms_http_response_take(resp, c->status, c->raw_type, c->raw, c->raw_len);
		if (c->raw_disposition[0])
			ms_http_response_header(resp, "Content-Disposition", c->raw_disposition);
		return;
	}
	respond_json(resp, c->status, out ? out : json_object());
}

/* A grouped write's request where writes are grouped, from prepare on:
 * its context moves to the heap and the store's writer runs it; done ends
 * it there. False, with the error in c, when it cannot be queued (c is
 * then as it was, but for its handle, given back). */
static bool write_later(struct ms_ctx *c, ms_http_done_fn done, void *done_arg)
{
	struct later *l = calloc(1, sizeof *l);
	if (!l) {
		ms_nomem(&c->err);
		return false;
	}
	/* Written by the store's writer: this thread's handle goes back now. */
	ms_store_release(c->api->store, c->db);
	c->db = NULL;
	l->c = *c;
	l->g = (struct grouped){.c = &l->c, .out = &l->out, .done = done, .done_arg = done_arg};
	if (ms_store_grouped_later(c->api->store, grouped_run, grouped_lead, grouped_done, &l->g, &l->c.err)) {
		*c = l->c;
		free(l);
		return false;
	}
	return true; /* grouped_done ends it */
}

static void post_told(void *arg)
{
	sem_post(arg);
}

/* write_later for a caller that waits (ms_api_handle): true once its
 * request has ended. */
static bool write_later_wait(struct ms_ctx *c)
{
	sem_t told;
	sem_init(&told, 0, 0);
	bool queued = write_later(c, post_told, &told);
	while (queued && sem_wait(&told) != 0)
		; /* EINTR */
	sem_destroy(&told);
	return queued;
}

/* A request, answered in resp; done (NULL: none) is called once it is. A
 * grouped write's request may end on the writer's thread (write_later). */
static void handle(struct ms_api *api, const struct ms_http_request *req, struct ms_http_response *resp,
		   ms_http_done_fn done, void *done_arg)
{
	ms_http_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (strncmp(req->path, "/api/", 5) != 0 && strcmp(req->path, "/api") != 0) {
		serve_page(api, req, resp);
		if (done)
			done(done_arg);
		return;
	}
	struct ms_ctx c = {.api = api, .req = req, .resp = resp, .status = 200};
	json_t *out = NULL;
	int rc;
	/* Before any transaction begins: an answer read from one is at least
	 * as new as this generation and this time. */
	bool reads = api->answers && !is_mutation(req->method);
	uint64_t gen = reads ? ms_store_generation(api->store) : 0;
	int64_t at = reads ? ms_answers_clock() : 0;
	if (strncmp(req->path, "/api/v1/", 8) != 0 && strcmp(req->path, "/api/v1") != 0)
		rc = ms_failf(&c.err, MS_E_NOT_FOUND, NULL, MS_AT("接口", "endpoint"), MS_AS(req->path));
	else if (!(rc = find_route(&c, req->path + 7)) && reads && (c.route->flags & MS_ROUTE_PUBLISHED) &&
		 serve_kept(api, req, resp, gen)) {
		if (done)
			done(done_arg);
		return;
	} else if (!rc && !(rc = prepare(&c)) && (c.route->flags & MS_ROUTE_GROUPED) && api->later) {
		if (done ? write_later(&c, done, done_arg) : write_later_wait(&c))
			return;
		rc = c.err.err;
	} else if (!rc && (c.route->flags & MS_ROUTE_GROUPED)) {
		struct grouped g = {.c = &c, .out = &out};
		rc = ms_db_grouped(c.db, grouped_run, grouped_lead, &g, &c.err);
	} else if (!rc) {
		rc = c.route->fn(&c, &out);
		if (!rc && ms_db_in_tx(c.db))
			rc = ms_db_commit(c.db, &c.err);
		if (!rc && (c.route->flags & MS_ROUTE_PUBLISHED) && c.status == 200 && !c.raw && !c.stream_topic[0])
			rc = publish(&c, &out, gen, at);
	}
	finish(&c, out, rc);
	if (done)
		done(done_arg);
}

void ms_api_handle(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp)
{
	handle(ctx, req, resp, NULL, NULL);
}

bool ms_api_groups(const struct ms_api *api)
{
	return api->later;
}

void ms_api_handle_later(void *ctx, const struct ms_http_request *req, struct ms_http_response *resp,
			 ms_http_done_fn done, void *arg)
{
	handle(ctx, req, resp, done, arg);
}

/* ---- helpers for handlers ---- */

int ms_api_begin(struct ms_ctx *c, bool write)
{
	return ms_db_begin(c->db, write, &c->err);
}

int ms_api_answer(struct ms_ctx *c, json_t *o, json_t **out)
{
	if (!o)
		return ms_nomem(&c->err);
	*out = o;
	return 0;
}

int ms_api_answer_text(struct ms_ctx *c, char *json, size_t len, const char *etag)
{
	if (strlen(etag) >= sizeof c->etag) {
		free(json);
		return ms_error_set(&c->err, MS_ERR_INTERNAL, NULL, NULL, "entity tag too long");
	}
	free(c->raw);
	c->raw = json;
	c->raw_len = len;
	c->raw_type = "application/json; charset=utf-8";
	snprintf(c->etag, sizeof c->etag, "%s", etag);
	return 0;
}

int ms_api_pwhash_cost(const struct ms_ctx *c)
{
	return c->api->pwhash_cost;
}

int ms_api_set_session_cookie(struct ms_ctx *c, const char *token)
{
	char cookie[256];
	snprintf(cookie, sizeof cookie, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
		 token ? token : "", token ? "; Max-Age=43200" : "; Max-Age=0",
		 c->api->cookie_secure ? "; Secure" : "");
	return ms_http_response_header(c->resp, "Set-Cookie", cookie)
		       ? ms_nomem(&c->err)
		       : 0;
}
