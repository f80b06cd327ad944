/* override_sql.c — the SQL of the presidium's overrides of verdicts (one
 * row per decision, never edited) and of the run-off links. */
#include "vote_internal.h"

#include "../store/query.h"

static const struct ms_stmt INSERT = MS_STMT(
	"override.insert",
	"INSERT INTO poll_override(poll_id, candidate_id, status, counted_status, reason, decided_by, recorded_by, at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
static const struct ms_stmt LIST = MS_STMT(
	"override.list",
	"SELECT o.id, o.candidate_id, o.status, o.counted_status, o.reason, o.decided_by, o.recorded_by, "
	"u.name AS recorded_by_name, o.at FROM poll_override o LEFT JOIN \"user\" u ON u.id = o.recorded_by "
	"WHERE o.poll_id = ? ORDER BY o.id");
static const struct ms_stmt RUNOFF_INSERT = MS_STMT(
	"override.runoff_insert", "INSERT INTO poll_runoff(poll_id, of_poll_id, created_at) VALUES (?, ?, ?)");
static const struct ms_stmt RUNOFF_OF =
	MS_STMT("override.runoff_of", "SELECT of_poll_id FROM poll_runoff WHERE poll_id = ?");
static const struct ms_stmt RUNOFF_FOR =
	MS_STMT("override.runoff_for", "SELECT poll_id FROM poll_runoff WHERE of_poll_id = ?");

const struct ms_stmt *const ms_override_stmts[] = {&INSERT, &LIST, &RUNOFF_INSERT, &RUNOFF_OF, &RUNOFF_FOR, NULL};

int ms_override_sql_add(struct ms_db *db, int64_t poll_id, int64_t candidate_id, const char *status,
			const char *counted, const char *reason, const char *decided_by, int64_t recorded_by,
			const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &INSERT,
			 MS_ARGS(MS_VI(poll_id), MS_VI(candidate_id), MS_VT(status), MS_VT(counted), MS_VT(reason),
				 MS_VT(decided_by), MS_VREF(recorded_by), MS_VT(now)),
			 e);
}

int ms_override_sql_list(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &LIST, MS_ARGS(MS_VI(poll_id)), out, e);
}

int ms_override_sql_runoff_add(struct ms_db *db, int64_t runoff_id, int64_t of_poll_id, const char *now,
			       struct ms_error *e)
{
	return ms_q_exec(db, &RUNOFF_INSERT, MS_ARGS(MS_VI(runoff_id), MS_VI(of_poll_id), MS_VT(now)), e);
}

/* The poll a run-off decides (*of = 0: none), and the run-off of a poll (*runoff = 0: none). */
int ms_override_sql_links(struct ms_db *db, int64_t poll_id, int64_t *of, int64_t *runoff, struct ms_error *e)
{
	*of = *runoff = 0;
	int rc = ms_q_i64(db, &RUNOFF_OF, MS_ARGS(MS_VI(poll_id)), of, e);
	if (rc && rc != MS_ERR_NOT_FOUND)
		return rc;
	rc = ms_q_i64(db, &RUNOFF_FOR, MS_ARGS(MS_VI(poll_id)), runoff, e);
	return rc == MS_ERR_NOT_FOUND ? 0 : rc;
}
