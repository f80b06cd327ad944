/* history_sql.c — the SQL of a deputy's history of votes (history.c): the
 * polls whose roster (frozen when each opened) names the deputy, with
 * whether it was checked in and whether it took part. Only the rows that
 * say a deputy was present and voted are read (attendance, participation):
 * never a ballot, never a ballot box, never a tracker (docs/secrecy.md). */
#include "assess_internal.h"

#include "../store/query.h"

static const struct ms_stmt LIST = MS_STMT(
	"history.list",
	"SELECT p.id AS poll_id, p.cycle_id, c.title AS cycle_title, c.title_en AS cycle_title_en, c.year AS cycle_year, "
	"c.phase AS cycle_phase, c.kind = 'review' AS review_b, p.title, p.status, p.ballot_form, p.opened_at, p.closed_at, "
	"EXISTS (SELECT 1 FROM attendance a WHERE a.poll_id = p.id AND a.user_id = r.user_id) AS present_b, "
	"EXISTS (SELECT 1 FROM participation t WHERE t.poll_id = p.id AND t.user_id = r.user_id) AS cast_b, "
	"count(*) OVER () AS _total "
	"FROM poll_roster r JOIN poll p ON p.id = r.poll_id JOIN cycle c ON c.id = p.cycle_id "
	"WHERE r.user_id = ? ORDER BY p.opened_at DESC, p.id DESC LIMIT ? OFFSET ?");

const struct ms_stmt *const ms_history_stmts[] = {&LIST, NULL};

int ms_history_sql_list(struct ms_db *db, int64_t user_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	return ms_q_page(db, &LIST, MS_ARGS(MS_VI(user_id)), pg, out, e);
}
