/* audit_sql.c — the audit log's SQL. */
#include "audit_internal.h"

#include "../store/query.h"

static const struct ms_stmt INSERT = MS_STMT(
	"audit.insert",
	"INSERT INTO audit(at, user_id, congress_id, action, object, detail) VALUES (?, ?, ?, ?, ?, ?)");

#define LIST_SQL(L)                                                                                    \
	"SELECT a.id, a.at, a.user_id, u.login AS user_login, a.congress_id, a.action, a.object, "        \
	"a.detail AS detail_j, count(*) OVER () AS _total FROM audit a LEFT JOIN \"user\" u ON u.id = a.user_id " \
	"WHERE (CAST(? AS BIGINT) = 0 OR a.congress_id = ?) AND (" MS_MATCH(L, "a.action") " OR "        \
	MS_MATCH(L, "a.object") ") ORDER BY a.id DESC LIMIT ? OFFSET ?"
static const struct ms_stmt LIST = MS_STMT_SEARCH("audit.list", LIST_SQL);

const struct ms_stmt *const ms_audit_stmts[] = {&INSERT, &LIST, NULL};

int ms_audit_sql_insert(struct ms_db *db, const char *at, int64_t user_id, int64_t congress_id, const char *action,
			const char *object, const char *detail, struct ms_error *e)
{
	return ms_q_exec(db, &INSERT,
			 MS_ARGS(MS_VT(at), MS_VREF(user_id), MS_VREF(congress_id), MS_VT(action), MS_VT(object),
				 MS_VT(detail)),
			 e);
}

int ms_audit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		  struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &LIST, MS_ARGS(MS_VI(congress_id), MS_VI(congress_id), MS_VLIKE(q), MS_VLIKE(q)), pg,
			 out, e);
}
