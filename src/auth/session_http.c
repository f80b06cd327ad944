/* session_http.c — POST /login, POST /logout, GET /me. */
#include "auth.h"

#include "auth_internal.h"

#include <stdio.h>

#include "../core/util.h"
#include "../http/http.h"

static const struct ms_field user_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("login", MS_F_STR), MS_OUT("name", MS_F_STR),
	{.name = "roles", .kind = MS_F_ARRAY, .item = MS_F_ENUM, .names = &ms_role_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("congress_id", MS_F_ID), MS_OUT_NULL("unit_id", MS_F_ID),
	{0}};
const struct ms_view ms_user_view = {"User", user_fields, "an account: a person and their roles"};

static const struct ms_field me_fields[] = {
	{.name = "user", .kind = MS_F_OBJECT, .view = &ms_user_view, .flags = MS_FIELD_REQUIRED},
	{.name = "csrf_token", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "send it as the X-CSRF-Token header with every mutation"},
	{0}};
const struct ms_view ms_me_view = {"Me", me_fields, "the logged-in user and the session's CSRF token"};
#define me_view ms_me_view

static const struct ms_field ok_fields[] = {MS_OUT("ok", MS_F_BOOL), {0}};
const struct ms_view ms_ok_view = {"Ok", ok_fields, "done"};
#define ok_view ms_ok_view

static const struct ms_field login_body[] = {
	{.name = "login", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 200},
	{.name = "password", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_VERBATIM, .min = 1, .max = MS_PASSWORD_MAX},
	{0}};

/* Answer Retry-After: seconds (an error's answer keeps the header). */
static void retry_after(struct ms_ctx *c, int64_t seconds)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)(seconds > 0 ? seconds : 1));
	(void)ms_http_response_header(c->resp, "Retry-After", v);
}

/* A failed login: counted and audited in a transaction of its own that is
 * committed although the request answers 401. */
static int login_failed(struct ms_ctx *c, const char *login, const char *address, const struct ms_user *u,
			int64_t now)
{
	int rc;
	if ((rc = ms_api_begin(c, true)) ||
	    (rc = ms_login_failed(c->db, login, address, u ? u->a.congress_id : 0, u ? u->a.id : 0, now, &c->err)) ||
	    (rc = ms_db_commit(c->db, &c->err)))
		return rc;
	return ms_fail(&c->err, MS_E_BAD_CREDENTIALS, NULL);
}

static int h_login(struct ms_ctx *c, json_t **out)
{
	const char *login = ms_api_str(c, "login"), *password = ms_api_str(c, "password");
	char peer[64], address[64];
	ms_http_peer(c->req, peer, sizeof peer);
	ms_login_client_address(peer, ms_http_header(c->req, "X-Forwarded-For"), address, sizeof address);
	int64_t now = ms_now_unix(), wait = 0;
	if (ms_password_busy()) { /* refused before the database is asked anything */
		retry_after(c, 1);
		return ms_fail(&c->err, MS_E_LOGIN_BUSY, NULL);
	}
	int rc = ms_login_throttle_check(c->db, login, address, now, &wait, &c->err);
	if (rc) {
		if (rc == MS_ERR_TOO_MANY)
			retry_after(c, wait);
		return rc;
	}
	struct ms_user u;
	struct ms_error lookup;
	int cost = ms_api_pwhash_cost(c);
	bool found = ms_user_by_login(c->db, login, &u, &lookup) == 0;
	if (!found && lookup.err != MS_ERR_NOT_FOUND) {
		c->err = lookup;
		return lookup.err;
	}
	/* An unknown login is checked against a hash of nothing: the answer
	 * takes as long either way. */
	bool rehash = false, ok = false;
	/* An account waiting for its activation code has no password: none
	 * matches, in the same time. */
	bool usable = found && ms_user_has_password(&u);
	if ((rc = ms_password_check(password, usable ? u.pw_hash : NULL, cost, &ok, &rehash, &c->err))) {
		if (rc == MS_ERR_BUSY)
			retry_after(c, 1);
		return rc;
	}
	if (!usable || !ok)
		return login_failed(c, login, address, found ? &u : NULL, now);
	char newhash[MS_HASH_MAX], token[65], csrf[65];
	if (rehash && (rc = ms_password_hash(password, cost, newhash, sizeof newhash, &c->err)))
		return rc;
	if ((rc = ms_api_begin(c, true)) || (rc = ms_login_succeeded(c->db, login, &c->err)) ||
	    (rehash && (rc = ms_user_set_hash(c->db, u.a.id, newhash, &c->err))) ||
	    (rc = ms_session_start(c->db, &u, token, csrf, &c->err)) || (rc = ms_api_set_session_cookie(c, token)))
		return rc;
	return ms_api_answer(c, json_pack("{s:o, s:s}", "user", ms_user_json(&u.a), "csrf_token", csrf), out);
}

static int h_logout(struct ms_ctx *c, json_t **out)
{
	int rc;
	if ((rc = ms_session_end(c->db, &c->who, c->token_hash, &c->err)) || (rc = ms_api_set_session_cookie(c, NULL)))
		return rc;
	return ms_api_answer(c, json_pack("{s:b}", "ok", 1), out);
}

static int h_me(struct ms_ctx *c, json_t **out)
{
	return ms_api_answer(c, json_pack("{s:o, s:s}", "user", ms_user_json(&c->who), "csrf_token", c->csrf), out);
}

static const struct ms_code *const login_errors[] = {&MS_E_BAD_CREDENTIALS, &MS_E_LOGIN_THROTTLED, &MS_E_LOGIN_BUSY,
						     NULL};
static const struct ms_field no_body[] = {{0}};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/login", .fn = h_login, .access = MS_ACCESS_PUBLIC, .body = login_body,
	 .flags = MS_ROUTE_SELF_TX | MS_ROUTE_NO_CSRF | MS_ROUTE_SLOW, .busy = &MS_E_LOGIN_BUSY, .returns = &me_view,
	 .errors = login_errors,
	 .summary = "log in: sets the session cookie and answers the CSRF token"},
	{.method = "POST", .pattern = "/logout", .fn = h_logout, .access = MS_ACCESS_LOGIN, .body = no_body,
	 .returns = &ok_view, .summary = "end this session (POST /me/logout-all ends every session of the user)"},
	{.method = "GET", .pattern = "/me", .fn = h_me, .access = MS_ACCESS_LOGIN, .returns = &me_view,
	 .summary = "the logged-in user and the session's CSRF token"},
};
const struct ms_routes ms_auth_routes = MS_ROUTES(routes);
