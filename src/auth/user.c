/*
 * user.c — the rules of an account: what a login, a name and a password
 * may be, hashing, and storing one (user_sql.c). Who may create whom, and
 * in which congress, is org's (member.c).
 */
#include "auth.h"

#include <string.h>

#include "../core/util.h"
#include "auth_internal.h"

#define MS_CODES_DEF "auth/auth_codes.def"
#define MS_CODES_LIST ms_auth_codes
#include "../core/codes_define.h"

static const struct ms_name status_v[] = {
	{"active", "已启用", "active"},
	{"pending", "待激活", "waiting for activation"},
	{"inactive", "已停用", "deactivated"},
};
const struct ms_names ms_user_status_names = MS_NAMES("user_status", status_v);

static bool login_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > MS_LOGIN_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '_' || *p == '-' || *p == '@'))
			return false;
	return true;
}

int ms_account_check(const struct ms_account_in *in, struct ms_faults *f)
{
	struct ms_error x;
	if (ms_check_text(&x, "name", in->name ? in->name : "", 1, MS_NAME_MAX))
		ms_faults_add(f, &x);
	if (!login_ok(in->login))
		ms_faultf(f, MS_E_INVALID_LOGIN, "login", MS_AS(in->login ? in->login : ""));
	if (in->password && ms_password_rules(in->password, "password", &x))
		ms_faults_add(f, &x);
	if (!(in->roles & ((1u << MS_ROLE_COUNT) - 1)))
		ms_fault(f, MS_E_NO_ROLES, "roles");
	return ms_faults_result(f, NULL);
}

int ms_account_prepare(const struct ms_account_in *in, int cost, struct ms_user *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	struct ms_faults f = {0};
	int rc = ms_account_check(in, &f);
	if (rc)
		return ms_faults_result(&f, e);
	out->a.roles = in->roles & ((1u << MS_ROLE_COUNT) - 1);
	out->a.congress_id = in->congress_id;
	out->a.unit_id = in->unit_id;
	ms_strlcpy(out->a.login, in->login, sizeof out->a.login);
	ms_strlcpy(out->a.name, in->name, sizeof out->a.name);
	if (!in->password)
		return 0; /* pw_hash "": no password until the activation code is used */
	return ms_password_hash(in->password, cost, out->pw_hash, sizeof out->pw_hash, e);
}

int ms_password_rules(const char *password, const char *field, struct ms_error *e)
{
	return ms_check_secret(e, field, password ? password : "", MS_PASSWORD_MIN, MS_PASSWORD_MAX);
}

bool ms_user_has_password(const struct ms_user *u)
{
	return u->pw_hash[0] == '$';
}

int ms_account_insert(struct ms_db *db, struct ms_user *u, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = ms_auth_sql_user_insert(db, u, now, &u->a.id, e);
	if (rc == MS_ERR_CONFLICT)
		return ms_failf(e, MS_E_LOGIN_TAKEN, "login", MS_AS(u->a.login));
	for (int i = 0; !rc && i < MS_ROLE_COUNT; i++)
		if (u->a.roles & (1u << i))
			rc = ms_auth_sql_role_add(db, u->a.id, ms_names_key(&ms_role_names, i), e);
	return rc;
}

json_t *ms_user_json(const struct ms_actor *a)
{
	json_t *roles = json_array();
	for (int i = 0; i < MS_ROLE_COUNT; i++)
		if (a->roles & (1u << i))
			json_array_append_new(roles, json_string(ms_names_key(&ms_role_names, i)));
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)a->id, "login", a->login, "name",
			 a->name, "roles", roles, "congress_id",
			 a->congress_id ? json_integer(a->congress_id) : json_null(), "unit_id",
			 a->unit_id ? json_integer(a->unit_id) : json_null());
}

int ms_account_update(struct ms_db *db, const struct ms_actor *a, struct ms_error *e)
{
	int rc = ms_auth_sql_user_update(db, a, e);
	for (int i = 0; !rc && i < MS_ROLE_COUNT; i++)
		if (a->roles & (1u << i))
			rc = ms_auth_sql_role_add(db, a->id, ms_names_key(&ms_role_names, i), e);
	return rc;
}

int ms_account_deactivate(struct ms_db *db, int64_t id, struct ms_error *e)
{
	int rc = ms_auth_sql_user_deactivate(db, id, e);
	if (!rc)
		rc = ms_auth_sql_activation_delete(db, id, e);
	return rc ? rc : ms_auth_sql_session_delete_user(db, id, NULL, e);
}
