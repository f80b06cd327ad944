/* throttle_sql.c — the SQL of the failed-login counters (table
 * login_failure, migration 7). */
#include "auth_internal.h"

#include "../store/query.h"

static const struct ms_stmt FAIL_GET =
	MS_STMT("login_failure.get", "SELECT failures, window_start FROM login_failure WHERE subject = ?");
/* One more failure: a window that ended (window_start <= ?3) starts again
 * at now with one failure. Atomic on both engines, so nodes sharing a
 * PostgreSQL database count together. */
static const struct ms_stmt FAIL_ADD =
	MS_STMT("login_failure.add",
		"INSERT INTO login_failure(subject, failures, window_start) VALUES (?, 1, ?) "
		"ON CONFLICT(subject) DO UPDATE SET "
		"failures = CASE WHEN login_failure.window_start <= ? THEN 1 ELSE login_failure.failures + 1 END, "
		"window_start = CASE WHEN login_failure.window_start <= ? THEN excluded.window_start "
		"ELSE login_failure.window_start END");
static const struct ms_stmt FAIL_CLEAR = MS_STMT("login_failure.clear", "DELETE FROM login_failure WHERE subject = ?");
static const struct ms_stmt FAIL_PURGE =
	MS_STMT("login_failure.purge", "DELETE FROM login_failure WHERE window_start <= ?");

const struct ms_stmt *const ms_throttle_stmts[] = {&FAIL_GET, &FAIL_ADD, &FAIL_CLEAR, &FAIL_PURGE, NULL};

int ms_auth_sql_failures_get(struct ms_db *db, const char *subject, int64_t *failures, int64_t *window_start,
			     struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &FAIL_GET, MS_ARGS(MS_VT(subject)), &s, e);
	if (rc)
		return rc;
	*failures = 0, *window_start = 0;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		*failures = ms_sql_column_i64(s, 0);
		*window_start = ms_sql_column_i64(s, 1);
		rc = 0;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_auth_sql_failure_add(struct ms_db *db, const char *subject, int64_t now, int64_t expired,
			    struct ms_error *e)
{
	return ms_q_exec(db, &FAIL_ADD, MS_ARGS(MS_VT(subject), MS_VI(now), MS_VI(expired), MS_VI(expired)), e);
}

int ms_auth_sql_failures_clear(struct ms_db *db, const char *subject, struct ms_error *e)
{
	return ms_q_exec(db, &FAIL_CLEAR, MS_ARGS(MS_VT(subject)), e);
}

int ms_auth_sql_failures_purge(struct ms_db *db, int64_t expired, struct ms_error *e)
{
	return ms_q_exec(db, &FAIL_PURGE, MS_ARGS(MS_VI(expired)), e);
}
