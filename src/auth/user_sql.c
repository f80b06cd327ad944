/* user_sql.c — the SQL of accounts and sessions. */
#include "auth_internal.h"

#include <string.h>

#include "../core/util.h"
#include "../store/query.h"

static const struct ms_stmt USER_INSERT =
	MS_STMT("user.insert", "INSERT INTO \"user\"(login, name, pw_hash, congress_id, unit_id, created_at) "
			       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt ROLE_ADD = MS_STMT("user.role_add", "INSERT INTO user_role(user_id, role) VALUES (?, ?)");

/* The user's columns; the roles as the bits of enum ms_role (admin 1,
 * clerk 2, deputy 4, unit 8: each role at most once, so the sum is the
 * bitwise or). */
#define USER_COLS                                                                                   \
	"SELECT u.id, u.login, u.name, u.pw_hash, coalesce(u.congress_id, 0), coalesce(u.unit_id, 0), " \
	"(SELECT coalesce(sum(CASE r.role WHEN 'admin' THEN 1 WHEN 'clerk' THEN 2 WHEN 'deputy' THEN 4 " \
	"WHEN 'unit' THEN 8 ELSE 0 END), 0) FROM user_role r WHERE r.user_id = u.id) "

static const struct ms_stmt USER_GET = MS_STMT("user.get", USER_COLS "FROM \"user\" u WHERE u.id = ?");
/* Logins are case-insensitive (migration 8's unique index on lower(login)). */
static const struct ms_stmt USER_BY_LOGIN =
	MS_STMT("user.by_login", USER_COLS "FROM \"user\" u WHERE lower(u.login) = lower(?)");
static const struct ms_stmt USER_SET_HASH = MS_STMT("user.set_hash", "UPDATE \"user\" SET pw_hash = ? WHERE id = ?");
static const struct ms_stmt LOGIN_TAKEN =
	MS_STMT("user.login_taken", "SELECT 1 FROM \"user\" WHERE lower(login) = lower(?)");

static const struct ms_stmt SESSION_PURGE = MS_STMT("session.purge", "DELETE FROM session WHERE expires_at <= ?");
static const struct ms_stmt SESSION_INSERT =
	MS_STMT("session.insert", "INSERT INTO session(token_hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)");
static const struct ms_stmt SESSION_GET =
	MS_STMT("session.get", USER_COLS ", s.csrf FROM session s JOIN \"user\" u ON u.id = s.user_id "
				 "WHERE s.token_hash = ? AND s.expires_at > ?");
static const struct ms_stmt SESSION_DELETE = MS_STMT("session.delete", "DELETE FROM session WHERE token_hash = ?");
/* Every session of a user but the one kept (an empty blob keeps none). */
static const struct ms_stmt SESSION_DELETE_USER =
	MS_STMT("session.delete_user", "DELETE FROM session WHERE user_id = ? AND token_hash <> ?");

static const struct ms_stmt ACTIVATION_SET = MS_STMT(
	"activation.set", "INSERT INTO activation(user_id, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?) "
			  "ON CONFLICT(user_id) DO UPDATE SET code_hash = excluded.code_hash, "
			  "expires_at = excluded.expires_at, created_at = excluded.created_at");
static const struct ms_stmt ACTIVATION_FIND =
	MS_STMT("activation.find", "SELECT a.expires_at FROM activation a JOIN \"user\" u ON u.id = a.user_id "
				   "WHERE u.login = ? AND a.code_hash = ?");
static const struct ms_stmt ACTIVATION_DELETE =
	MS_STMT("activation.delete", "DELETE FROM activation WHERE user_id = ?");
static const struct ms_stmt USER_CONGRESS =
	MS_STMT("user.congress", "SELECT coalesce(congress_id, 0) FROM \"user\" WHERE id = ?");

static const struct ms_stmt USER_UPDATE =
	MS_STMT("user.update", "UPDATE \"user\" SET name = ?, congress_id = ?, unit_id = ? WHERE id = ?");
static const struct ms_stmt ROLES_CLEAR = MS_STMT("user.roles_clear", "DELETE FROM user_role WHERE user_id = ?");
static const struct ms_stmt USER_DEACTIVATE =
	MS_STMT("user.deactivate", "UPDATE \"user\" SET pw_hash = '' WHERE id = ?");

/* The list of accounts: the roles as bits (made an array by user_entries),
 * and the account's state: active (it has a password), pending (waiting
 * for its activation code) or inactive (neither: deactivated). */
#define ENTRY_COLS                                                                                     \
	"SELECT u.id, u.login, u.name, "                                                                  \
	"(SELECT coalesce(sum(CASE r.role WHEN 'admin' THEN 1 WHEN 'clerk' THEN 2 WHEN 'deputy' THEN 4 "  \
	"WHEN 'unit' THEN 8 ELSE 0 END), 0) FROM user_role r WHERE r.user_id = u.id) AS roles, "           \
	"u.congress_id, u.unit_id, CASE WHEN u.pw_hash LIKE '$%' THEN 'active' "                          \
	"WHEN EXISTS (SELECT 1 FROM activation a WHERE a.user_id = u.id) THEN 'pending' ELSE 'inactive' END " \
	"AS status, u.created_at "
#define USERS_SQL(L)                                                                                   \
	ENTRY_COLS ", count(*) OVER () AS _total FROM \"user\" u "                                      \
		   "WHERE (CAST(? AS BIGINT) = 0 OR u.congress_id = ?) AND (CAST(? AS TEXT) = '' OR EXISTS "  \
		   "(SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = ?)) AND ("               \
		   MS_MATCH(L, "u.login") " OR " MS_MATCH(L, "u.name") ") ORDER BY u.id LIMIT ? OFFSET ?"
static const struct ms_stmt USER_LIST = MS_STMT_SEARCH("user.list", USERS_SQL);
static const struct ms_stmt USER_ENTRY = MS_STMT("user.entry", ENTRY_COLS "FROM \"user\" u WHERE u.id = ?");

/* PostgreSQL: the account's row locked until the commit, so two changes of
 * one account run one after the other (SQLite: writers already do). */
static const struct ms_stmt USER_LOCK = MS_STMT2("user.lock", NULL, "SELECT id FROM \"user\" WHERE id = ? FOR UPDATE");
/* The other active administrators; on PostgreSQL their rows locked, so two
 * administrators cannot remove each other at once and leave none. */
#define ADMINS_SQL                                                                                     \
	"SELECT u.id FROM \"user\" u WHERE u.id <> ? AND u.pw_hash LIKE '$%' AND EXISTS "               \
	"(SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = 'admin')"
static const struct ms_stmt OTHER_ADMINS = MS_STMT2("user.other_admins", ADMINS_SQL, ADMINS_SQL " FOR UPDATE OF u");

const struct ms_stmt *const ms_auth_stmts[] = {&USER_LOCK, &OTHER_ADMINS, &USER_UPDATE, &ROLES_CLEAR, &USER_DEACTIVATE, &USER_LIST, &USER_ENTRY,
					       &USER_INSERT,   &ROLE_ADD,	&USER_GET,	 &USER_BY_LOGIN,
					       &USER_SET_HASH, &LOGIN_TAKEN,	&SESSION_PURGE,  &SESSION_INSERT,
					       &SESSION_GET,   &SESSION_DELETE, &SESSION_DELETE_USER,
					       &ACTIVATION_SET, &ACTIVATION_FIND, &ACTIVATION_DELETE, &USER_CONGRESS,
					       NULL};

static const struct ms_name user_kind = {"user", "用户", "user"};

int ms_auth_sql_user_insert(struct ms_db *db, const struct ms_user *u, const char *now, int64_t *id,
			    struct ms_error *e)
{
	return ms_q_i64(db, &USER_INSERT,
			MS_ARGS(MS_VT(u->a.login), MS_VT(u->a.name), MS_VT(u->pw_hash), MS_VREF(u->a.congress_id),
				MS_VREF(u->a.unit_id), MS_VT(now)),
			id, e);
}

int ms_auth_sql_role_add(struct ms_db *db, int64_t user_id, const char *role, struct ms_error *e)
{
	return ms_q_exec(db, &ROLE_ADD, MS_ARGS(MS_VI(user_id), MS_VT(role)), e);
}

/* Read the USER_COLS of the current row (and the CSRF token after them
 * when csrf is not NULL). */
static void user_from_row(struct ms_sql_stmt *s, struct ms_user *u, char csrf[65])
{
	memset(u, 0, sizeof *u);
	u->a.id = ms_sql_column_i64(s, 0);
	ms_strlcpy(u->a.login, ms_sql_column_text(s, 1, NULL), sizeof u->a.login);
	ms_strlcpy(u->a.name, ms_sql_column_text(s, 2, NULL), sizeof u->a.name);
	ms_strlcpy(u->pw_hash, ms_sql_column_text(s, 3, NULL), sizeof u->pw_hash);
	u->a.congress_id = ms_sql_column_i64(s, 4);
	u->a.unit_id = ms_sql_column_i64(s, 5);
	u->a.roles = (unsigned)ms_sql_column_i64(s, 6) & 15u;
	if (csrf)
		ms_strlcpy(csrf, ms_sql_column_text(s, 7, NULL), 65);
}

/* Run a USER_COLS query for one user; MS_ERR_NOT_FOUND when none. */
static int one_user(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n,
		    struct ms_user *out, char csrf[65], int64_t id, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, st, args, n, &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		user_from_row(s, out, csrf);
		rc = 0;
	} else if (rc == 0) {
		rc = ms_store_not_found(e, &user_kind, id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_user_lock(struct ms_db *db, int64_t id, struct ms_error *e)
{
	return ms_q_exec(db, &USER_LOCK, MS_ARGS(MS_VI(id)), e);
}

int ms_user_other_admins(struct ms_db *db, int64_t id, int64_t *n, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &OTHER_ADMINS, MS_ARGS(MS_VI(id)), &s, e);
	*n = 0;
	while (!rc && (rc = ms_sql_step(s, e)) == 1)
		(*n)++, rc = 0;
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}

int ms_user_get(struct ms_db *db, int64_t id, struct ms_user *out, struct ms_error *e)
{
	return one_user(db, &USER_GET, MS_ARGS(MS_VI(id)), out, NULL, id, e);
}

int ms_user_by_login(struct ms_db *db, const char *login, struct ms_user *out, struct ms_error *e)
{
	return one_user(db, &USER_BY_LOGIN, MS_ARGS(MS_VT(login)), out, NULL, 0, e);
}

int ms_user_set_hash(struct ms_db *db, int64_t id, const char *hash, struct ms_error *e)
{
	return ms_q_exec(db, &USER_SET_HASH, MS_ARGS(MS_VT(hash), MS_VI(id)), e);
}

int ms_login_taken(struct ms_db *db, const char *login, bool *taken, struct ms_error *e)
{
	return ms_q_exists(db, &LOGIN_TAKEN, MS_ARGS(MS_VT(login)), taken, e);
}

int ms_auth_sql_session_create(struct ms_db *db, const unsigned char token_hash[32], int64_t user_id,
			       const char *csrf, int64_t expires_at, struct ms_error *e)
{
	int rc = ms_q_exec(db, &SESSION_PURGE, MS_ARGS(MS_VI(ms_now_unix())), e);
	return rc ? rc
		  : ms_q_exec(db, &SESSION_INSERT,
			      MS_ARGS(MS_VB(token_hash, 32), MS_VI(user_id), MS_VT(csrf), MS_VI(expires_at)), e);
}

int ms_auth_sql_session_get(struct ms_db *db, const unsigned char token_hash[32], struct ms_user *user,
			    char csrf[65], struct ms_error *e)
{
	return one_user(db, &SESSION_GET, MS_ARGS(MS_VB(token_hash, 32), MS_VI(ms_now_unix())), user, csrf, 0, e);
}

int ms_auth_sql_session_delete(struct ms_db *db, const unsigned char token_hash[32], struct ms_error *e)
{
	return ms_q_exec(db, &SESSION_DELETE, MS_ARGS(MS_VB(token_hash, 32)), e);
}

int ms_auth_sql_session_delete_user(struct ms_db *db, int64_t user_id, const unsigned char keep[32],
				    struct ms_error *e)
{
	static const unsigned char none[1];
	return ms_q_exec(db, &SESSION_DELETE_USER,
			 MS_ARGS(MS_VI(user_id), keep ? MS_VB(keep, 32) : MS_VB(none, 1)), e);
}

int ms_auth_sql_activation_set(struct ms_db *db, int64_t user_id, const unsigned char code_hash[32],
			       int64_t expires_at, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &ACTIVATION_SET,
			 MS_ARGS(MS_VI(user_id), MS_VB(code_hash, 32), MS_VI(expires_at), MS_VT(now)), e);
}

int ms_auth_sql_activation_find(struct ms_db *db, const char *login, const unsigned char code_hash[32],
				int64_t *expires_at, struct ms_error *e)
{
	return ms_q_i64(db, &ACTIVATION_FIND, MS_ARGS(MS_VT(login), MS_VB(code_hash, 32)), expires_at, e);
}

int ms_auth_sql_activation_delete(struct ms_db *db, int64_t user_id, struct ms_error *e)
{
	return ms_q_exec(db, &ACTIVATION_DELETE, MS_ARGS(MS_VI(user_id)), e);
}

int ms_user_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &USER_CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &user_kind, id) : rc;
}

int ms_auth_sql_user_update(struct ms_db *db, const struct ms_actor *a, struct ms_error *e)
{
	int rc = ms_q_exec(db, &USER_UPDATE,
			   MS_ARGS(MS_VT(a->name), MS_VREF(a->congress_id), MS_VREF(a->unit_id), MS_VI(a->id)), e);
	return rc ? rc : ms_q_exec(db, &ROLES_CLEAR, MS_ARGS(MS_VI(a->id)), e);
}

int ms_auth_sql_user_deactivate(struct ms_db *db, int64_t id, struct ms_error *e)
{
	return ms_q_exec(db, &USER_DEACTIVATE, MS_ARGS(MS_VI(id)), e);
}

/* The roles of an entry (bits) as the array of their keys. */
static int entry_roles(json_t *o)
{
	unsigned bits = (unsigned)json_integer_value(json_object_get(o, "roles"));
	json_t *roles = json_array();
	for (int i = 0; roles && i < MS_ROLE_COUNT; i++)
		if (bits & (1u << i))
			json_array_append_new(roles, json_string(ms_names_key(&ms_role_names, i)));
	return roles ? json_object_set_new(o, "roles", roles) : -1;
}

int ms_user_list(struct ms_db *db, int64_t congress_id, const char *role, const struct ms_page *pg, json_t **out,
		 struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	const char *r = role ? role : "";
	int rc = ms_q_page(db, &USER_LIST,
			   MS_ARGS(MS_VI(congress_id), MS_VI(congress_id), MS_VT(r), MS_VT(r), MS_VLIKE(q), MS_VLIKE(q)), pg,
			   out, e);
	if (rc)
		return rc;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(*out, "items"), i, o) {
		if (entry_roles(o))
			return ms_nomem(e);
	}
	return 0;
}

int ms_user_entry(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &USER_ENTRY, MS_ARGS(MS_VI(id)), out, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &user_kind, id);
	return rc ? rc : entry_roles(*out) ? ms_nomem(e) : 0;
}
