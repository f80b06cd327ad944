/* account_http.c — a user's own credentials: POST /activate (the first
 * login, with the one-time code: the user chooses the password),
 * POST /me/password, POST /me/logout-all. Passwords are hashed before the
 * write transaction begins (MS_ROUTE_SELF_TX). */
#include "auth.h"

#include "auth_internal.h"

static const struct ms_field activate_body[] = {
	{.name = "login", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 200},
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 64,
	 .doc = "the activation code of the letter, XXXX-XXXX-XXXX-XXXX (case and dashes do not matter)"},
	{.name = "new_password", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_VERBATIM, .min = MS_PASSWORD_MIN,
	 .max = MS_PASSWORD_MAX, .doc = "the password the user chooses"},
	{0}};

static int h_activate(struct ms_ctx *c, json_t **out)
{
	const char *login = ms_api_str(c, "login"), *code = ms_api_str(c, "code");
	const char *pw = ms_api_str(c, "new_password");
	char hash[MS_HASH_MAX], token[65], csrf[65];
	struct ms_user u;
	int rc;
	if ((rc = ms_password_rules(pw, "new_password", &c->err)) ||
	    (rc = ms_password_hash(pw, ms_api_pwhash_cost(c), hash, sizeof hash, &c->err)) ||
	    (rc = ms_api_begin(c, true)) || (rc = ms_activation_redeem(c->db, login, code, hash, &u, &c->err)) ||
	    /* The owner has proved it: the account's failed logins are forgotten (the way back in for a deputy
	     * whom someone locked out by guessing; the 80-bit code needs no limit of its own). */
	    (rc = ms_login_succeeded(c->db, u.a.login, &c->err)) || (rc = ms_session_start(c->db, &u, token, csrf, &c->err)) || (rc = ms_api_set_session_cookie(c, token)))
		return rc;
	return ms_api_answer(c, json_pack("{s:o, s:s}", "user", ms_user_json(&u.a), "csrf_token", csrf), out);
}

static const struct ms_field password_body[] = {
	{.name = "old_password", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_VERBATIM, .min = 1, .max = MS_PASSWORD_MAX},
	{.name = "new_password", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_VERBATIM, .min = MS_PASSWORD_MIN,
	 .max = MS_PASSWORD_MAX},
	{0}};

static int h_password(struct ms_ctx *c, json_t **out)
{
	const char *old = ms_api_str(c, "old_password"), *pw = ms_api_str(c, "new_password");
	int cost = ms_api_pwhash_cost(c);
	struct ms_user u;
	char hash[MS_HASH_MAX];
	int rc;
	/* Read the account in a read transaction, hash outside any, write in one. */
	if ((rc = ms_password_rules(pw, "new_password", &c->err)) || (rc = ms_api_begin(c, false)) ||
	    (rc = ms_user_get(c->db, c->who.id, &u, &c->err)))
		return rc;
	ms_db_rollback(c->db);
	bool usable = ms_user_has_password(&u);
	if (!ms_password_verify(old, usable ? u.pw_hash : NULL, cost, NULL))
		return ms_fail(&c->err, MS_E_WRONG_PASSWORD, "old_password");
	if (ms_password_verify(pw, u.pw_hash, cost, NULL))
		return ms_fail(&c->err, MS_E_SAME_PASSWORD, "new_password");
	if ((rc = ms_password_hash(pw, cost, hash, sizeof hash, &c->err)) || (rc = ms_api_begin(c, true)) ||
	    (rc = ms_password_set_own(c->db, &c->who, c->token_hash, hash, &c->err)))
		return rc;
	return ms_api_answer(c, json_pack("{s:b}", "ok", 1), out);
}

static int h_logout_all(struct ms_ctx *c, json_t **out)
{
	int rc;
	if ((rc = ms_session_end_all(c->db, &c->who, &c->err)) || (rc = ms_api_set_session_cookie(c, NULL)))
		return rc;
	return ms_api_answer(c, json_pack("{s:b}", "ok", 1), out);
}

static const struct ms_code *const activate_errors[] = {&MS_E_BAD_ACTIVATION, &MS_E_ACTIVATION_EXPIRED, NULL};
static const struct ms_code *const password_errors[] = {&MS_E_WRONG_PASSWORD, &MS_E_SAME_PASSWORD, NULL};
static const struct ms_field no_body[] = {{0}};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/activate", .fn = h_activate, .access = MS_ACCESS_PUBLIC,
	 .body = activate_body, .flags = MS_ROUTE_SELF_TX | MS_ROUTE_NO_CSRF | MS_ROUTE_SLOW, .returns = &ms_me_view,
	 .errors = activate_errors,
	 .summary = "the first login: the one-time activation code and the password the user chooses; ends every "
		    "other session, sets the session cookie and answers the CSRF token"},
	{.method = "POST", .pattern = "/me/password", .fn = h_password, .access = MS_ACCESS_LOGIN,
	 .body = password_body, .flags = MS_ROUTE_SELF_TX | MS_ROUTE_SLOW, .returns = &ms_ok_view, .errors = password_errors,
	 .summary = "change one's own password; every other session of the user ends"},
	{.method = "POST", .pattern = "/me/logout-all", .fn = h_logout_all, .access = MS_ACCESS_LOGIN,
	 .body = no_body, .returns = &ms_ok_view, .summary = "log out everywhere: end every session of the user"},
};
const struct ms_routes ms_account_routes = MS_ROUTES(routes);
