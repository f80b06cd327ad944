/* verify_sql.c — what `minsheng audit verify` reads besides the log: where
 * the chain began, the stored results as they are (their exact text), and
 * the protective triggers in each engine's catalogue. Read-only; the
 * results are the vote's table, read here because the log vouches for
 * them (audit sits below vote and cannot call it). */
#include "audit_internal.h"

#include <string.h>

#include "../store/query.h"

/* Migration 5 wrote the last id before the chain as text: SQLite keeps it
 * as TEXT in meta's BLOB column, PostgreSQL as the text's UTF-8 bytes. */
static const struct ms_stmt CHAIN_AFTER =
	MS_STMT2("audit.chain_after", "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'audit_chain_after'",
		 "SELECT convert_from(value, 'UTF8')::bigint FROM meta WHERE key = 'audit_chain_after'");
static const struct ms_stmt RESULTS =
	MS_STMT("audit.results", "SELECT poll_id, result FROM poll_result ORDER BY poll_id");

/* A trigger: whether it is enabled (PostgreSQL: O fires in every session
 * but replicas, A always; D is disabled, R fires only on replicas) and its
 * definition — on PostgreSQL with its function's body, where the refusal is. */
#define PG_TRIGGER                                                                                     \
	"SELECT CASE WHEN t.tgenabled IN ('O', 'A') THEN 1 ELSE 0 END, pg_get_triggerdef(t.oid) || ' ' || p.prosrc " \
	"FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "                                                   \
	"WHERE NOT t.tgisinternal AND t.tgname = ? AND t.tgrelid = to_regclass(quote_ident(?))"
static const struct ms_stmt TRIGGER = MS_STMT2(
	"audit.trigger", "SELECT 1, sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?",
	PG_TRIGGER);
/* SQLite has no TRUNCATE (its DELETE without WHERE fires the delete triggers). */
static const struct ms_stmt TRIGGER_TRUNCATE = MS_STMT2("audit.trigger_truncate", NULL, PG_TRIGGER);

const struct ms_stmt *const ms_audit_verify_stmts[] = {&CHAIN_AFTER, &RESULTS, &TRIGGER, &TRIGGER_TRUNCATE, NULL};

int ms_audit_sql_chain_after(struct ms_db *db, int64_t *id, struct ms_error *e)
{
	*id = 0;
	int rc = ms_q_i64(db, &CHAIN_AFTER, MS_NOARGS, id, e);
	if (rc == MS_ERR_NOT_FOUND)
		ms_error_clear(e), rc = 0;
	return rc;
}

int ms_audit_sql_results(struct ms_db *db, ms_audit_result_fn fn, void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &RESULTS, MS_NOARGS, &s, e), stop = 0;
	if (rc)
		return rc;
	while (!stop && (rc = ms_sql_step(s, e)) == 1) {
		size_t n = 0;
		const char *text = ms_sql_column_text(s, 1, &n);
		stop = fn(ctx, ms_sql_column_i64(s, 0), text, n, e);
	}
	ms_sql_reset(s);
	return stop ? stop : rc < 0 ? rc : 0;
}

int ms_audit_sql_trigger(struct ms_db *db, const char *name, const char *table, bool truncate,
			 struct ms_audit_trigger_state *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, truncate ? &TRIGGER_TRUNCATE : &TRIGGER, MS_ARGS(MS_VT(name), MS_VT(table)), &s, e);
	if (rc || !s)
		return rc;
	out->checked = true;
	if ((rc = ms_sql_step(s, e)) == 1) {
		size_t n = 0;
		const char *text = ms_sql_column_text(s, 1, &n);
		out->found = true;
		out->enabled = ms_sql_column_i64(s, 0) == 1;
		if (n >= sizeof out->text)
			n = sizeof out->text - 1;
		memcpy(out->text, text, n);
		out->text[n] = 0;
	}
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}
