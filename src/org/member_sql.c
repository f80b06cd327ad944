/* member_sql.c — the SQL of a congress's members (its deputies). */
#include "org_internal.h"

#include "../store/query.h"
#include "member_sql.h"


#define DEPUTIES_SQL(L)                                                                             \
	"SELECT u.id, u.login, u.name, u.congress_id, u.standing_committee AS standing_committee_b, "    \
	"count(*) OVER () AS _total " MS_SQL_DEPUTIES_FROM                                             \
	"WHERE u.congress_id = ? AND (" MS_MATCH(L, "u.name") " OR " MS_MATCH(L, "u.login") ") "    \
	"ORDER BY u.login LIMIT ? OFFSET ?"
static const struct ms_stmt DEPUTY_LIST = MS_STMT_SEARCH("deputy.list", DEPUTIES_SQL);
static const struct ms_stmt DEPUTY_COUNT =
	MS_STMT("deputy.count", "SELECT count(*) " MS_SQL_DEPUTIES_FROM "WHERE u.congress_id = ?");

static const struct ms_stmt ELECTORATE_COUNT =
	MS_STMT("deputy.electorate_count", "SELECT count(*) " MS_SQL_DEPUTIES_FROM "WHERE u.congress_id = ? " MS_SQL_ELECTORATE);
/* A poll of the congress whose electorate is the committee and that has
 * checked deputies in or is open: its roster is (about to be) the committee. */
static const struct ms_stmt COMMITTEE_IN_USE = MS_STMT(
	"deputy.committee_in_use",
	"SELECT p.id FROM poll p JOIN cycle c ON c.id = p.cycle_id WHERE c.congress_id = ? AND p.electorate = 'committee' "
	"AND (p.status = 'open' OR (p.status = 'draft' AND EXISTS(SELECT 1 FROM attendance a WHERE a.poll_id = p.id))) "
	"ORDER BY p.id LIMIT 1");
static const struct ms_stmt COMMITTEE_CLEAR =
	MS_STMT("deputy.committee_clear", "UPDATE \"user\" SET standing_committee = 0 WHERE congress_id = ?");
static const struct ms_stmt COMMITTEE_ADD =
	MS_STMT("deputy.committee_add", "UPDATE \"user\" SET standing_committee = 1 WHERE id = ? AND congress_id = ?");

const struct ms_stmt *const ms_member_stmts[] = {&DEPUTY_LIST,	   &DEPUTY_COUNT,  &ELECTORATE_COUNT,
						 &COMMITTEE_CLEAR, &COMMITTEE_ADD, &COMMITTEE_IN_USE, NULL};

int ms_deputy_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		   struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &DEPUTY_LIST, MS_ARGS(MS_VI(congress_id), MS_VLIKE(q), MS_VLIKE(q)), pg, out, e);
}

int ms_deputy_count(struct ms_db *db, int64_t congress_id, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &DEPUTY_COUNT, MS_ARGS(MS_VI(congress_id)), out, e);
}

int ms_electorate_count(struct ms_db *db, int64_t congress_id, bool committee, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &ELECTORATE_COUNT, MS_ARGS(MS_VI(congress_id), MS_VI(committee)), out, e);
}

int ms_member_sql_committee_clear(struct ms_db *db, int64_t congress_id, struct ms_error *e)
{
	return ms_q_exec(db, &COMMITTEE_CLEAR, MS_ARGS(MS_VI(congress_id)), e);
}

int ms_member_sql_committee_add(struct ms_db *db, int64_t user_id, int64_t congress_id, struct ms_error *e)
{
	return ms_q_exec(db, &COMMITTEE_ADD, MS_ARGS(MS_VI(user_id), MS_VI(congress_id)), e);
}

int ms_member_sql_committee_in_use(struct ms_db *db, int64_t congress_id, int64_t *poll_id, struct ms_error *e)
{
	*poll_id = 0;
	int rc = ms_q_i64(db, &COMMITTEE_IN_USE, MS_ARGS(MS_VI(congress_id)), poll_id, e);
	return rc == MS_ERR_NOT_FOUND ? 0 : rc;
}
