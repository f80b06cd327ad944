/* close_sql.c — the SQL of the close: the status and the result stored
 * once. (The ballots need no rewrite: a sealed poll's are written once, by
 * the close, in random order — close.c.) */
#include "vote_internal.h"

#include "../store/query.h"

static const struct ms_stmt CLOSE = MS_STMT(
	"close.status", "UPDATE poll SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open' RETURNING id");
static const struct ms_stmt RESULT_INSERT =
	MS_STMT("close.result_insert", "INSERT INTO poll_result(poll_id, result, counted_at) VALUES (?, ?, ?)");
static const struct ms_stmt RESULT_GET =
	MS_STMT("close.result", "SELECT result AS result_j FROM poll_result WHERE poll_id = ?");

/* Polls that took ballots (open or closed), and whether each is closed. */
static const struct ms_stmt VOTED = MS_STMT(
	"close.voted", "SELECT id, CASE WHEN status = 'closed' THEN 1 ELSE 0 END FROM poll WHERE status <> 'draft' ORDER BY id");

const struct ms_stmt *const ms_close_stmts[] = {&CLOSE, &RESULT_INSERT, &RESULT_GET, &VOTED, NULL};

int ms_close_sql_voted(struct ms_db *db, int64_t **ids, int64_t **closed, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &VOTED, MS_NOARGS, ids, closed, n, e);
}

int ms_close_sql_close(struct ms_db *db, int64_t poll_id, const char *now, const char *result_json, struct ms_error *e)
{
	int64_t closed;
	int rc = ms_q_i64(db, &CLOSE, MS_ARGS(MS_VT(now), MS_VI(poll_id)), &closed, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_failf(e, MS_E_POLL_NOT_OPEN, NULL, MS_AI(poll_id), ms_poll_status_arg(MS_POLL_CLOSED));
	if (rc)
		return rc;
	return ms_q_exec(db, &RESULT_INSERT, MS_ARGS(MS_VI(poll_id), MS_VT(result_json), MS_VT(now)), e);
}

int ms_close_sql_result(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_q_row_json(db, &RESULT_GET, MS_ARGS(MS_VI(poll_id)), &row, e);
	if (rc)
		return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_poll_kind, poll_id) : rc;
	*out = json_incref(json_object_get(row, "result"));
	json_decref(row);
	return *out ? 0 : ms_error_set(e, MS_ERR_STORE, NULL, NULL, "corrupt result for poll %lld", (long long)poll_id);
}
