/* paper_sql.c — the SQL of the tellers' double entry of paper ballots
 * (paper.c): the sheets, numbered as they are unfolded, and each teller's
 * entry of a sheet. No column names a deputy (docs/secrecy.md). */
#include "vote_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../store/query.h"

static const struct ms_stmt SHEET_ADD = MS_STMT(
	"paper.sheet_add", "INSERT INTO paper_sheet(poll_id, sheet) VALUES (?, ?) ON CONFLICT(poll_id, sheet) DO NOTHING");
static const struct ms_stmt SHEET_COUNTED =
	MS_STMT("paper.sheet_counted", "SELECT counted FROM paper_sheet WHERE poll_id = ? AND sheet = ?");
static const struct ms_stmt SHEET_COUNT = MS_STMT(
	"paper.sheet_count", "UPDATE paper_sheet SET counted = 1 WHERE poll_id = ? AND sheet = ?");
static const struct ms_stmt MARKS_ERASE =
	MS_STMT("paper.marks_erase", "UPDATE paper_entry SET marks = NULL WHERE poll_id = ? AND sheet = ?");
static const struct ms_stmt ENTRY_ADD = MS_STMT(
	"paper.entry_add", "INSERT INTO paper_entry(poll_id, sheet, teller_id, marks, at) VALUES (?, ?, ?, ?, ?) "
			   "ON CONFLICT(poll_id, sheet, teller_id) DO UPDATE SET marks = excluded.marks, at = excluded.at");
static const struct ms_stmt ENTRIES = MS_STMT(
	"paper.entries", "SELECT teller_id, marks FROM paper_entry WHERE poll_id = ? AND sheet = ? ORDER BY at, teller_id");
static const struct ms_stmt UNRESOLVED = MS_STMT(
	"paper.unresolved", "SELECT count(*) FROM paper_sheet WHERE poll_id = ? AND counted = 0");
static const struct ms_stmt LIST = MS_STMT(
	"paper.list",
	"SELECT s.sheet, s.counted AS counted_b, e.teller_id, u.name AS teller_name, e.marks AS marks_j "
	"FROM paper_sheet s LEFT JOIN paper_entry e ON e.poll_id = s.poll_id AND e.sheet = s.sheet "
	"LEFT JOIN \"user\" u ON u.id = e.teller_id WHERE s.poll_id = ? ORDER BY s.sheet, e.at, e.teller_id");

const struct ms_stmt *const ms_paper_stmts[] = {&SHEET_ADD,  &SHEET_COUNTED, &SHEET_COUNT, &MARKS_ERASE,
						&ENTRY_ADD,  &ENTRIES,	     &UNRESOLVED,  &LIST,
						NULL};

int ms_paper_sql_sheet(struct ms_db *db, int64_t poll_id, int64_t sheet, bool *counted, struct ms_error *e)
{
	int64_t c = 0;
	int rc = ms_q_exec(db, &SHEET_ADD, MS_ARGS(MS_VI(poll_id), MS_VI(sheet)), e);
	if (!rc)
		rc = ms_q_i64(db, &SHEET_COUNTED, MS_ARGS(MS_VI(poll_id), MS_VI(sheet)), &c, e);
	*counted = c != 0;
	return rc;
}

int ms_paper_sql_entry(struct ms_db *db, int64_t poll_id, int64_t sheet, int64_t teller, const char *marks,
		       const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &ENTRY_ADD, MS_ARGS(MS_VI(poll_id), MS_VI(sheet), MS_VI(teller), MS_VT(marks), MS_VT(now)),
			 e);
}

int ms_paper_sql_entries(struct ms_db *db, int64_t poll_id, int64_t sheet, struct ms_paper_entry out[2], size_t *n,
			 struct ms_error *e)
{
	struct ms_sql_stmt *s;
	*n = 0;
	int rc = ms_q_bind(db, &ENTRIES, MS_ARGS(MS_VI(poll_id), MS_VI(sheet)), &s, e);
	if (rc)
		return rc;
	while ((rc = ms_sql_step(s, e)) == 1) {
		if (*n == 2)
			continue; /* never more than two: paper.c refuses a third teller */
		const char *m = ms_sql_column_text(s, 1, NULL);
		out[*n].teller = ms_sql_column_i64(s, 0);
		out[*n].marks = m ? strdup(m) : NULL;
		if (m && !out[*n].marks) {
			rc = ms_nomem(e);
			break;
		}
		(*n)++;
	}
	ms_sql_reset(s);
	return rc == 1 ? 0 : rc;
}

int ms_paper_sql_counted(struct ms_db *db, int64_t poll_id, int64_t sheet, struct ms_error *e)
{
	int rc = ms_q_exec(db, &SHEET_COUNT, MS_ARGS(MS_VI(poll_id), MS_VI(sheet)), e);
	return rc ? rc : ms_q_exec(db, &MARKS_ERASE, MS_ARGS(MS_VI(poll_id), MS_VI(sheet)), e);
}

int ms_paper_sql_unresolved(struct ms_db *db, int64_t poll_id, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &UNRESOLVED, MS_ARGS(MS_VI(poll_id)), n, e);
}

int ms_paper_sql_list(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &LIST, MS_ARGS(MS_VI(poll_id)), out, e);
}
