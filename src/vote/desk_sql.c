/* desk_sql.c — the SQL of the check-in desk: attendance and the roster. */
#include "vote_internal.h"

#include "../org/member_sql.h"
#include "../store/query.h"

static const struct ms_stmt IN_ROSTER =
	MS_STMT("desk.in_roster", "SELECT 1 FROM poll_roster WHERE poll_id = ? AND user_id = ?");
/* At the desk: present; a deputy already checked in by phone is confirmed. */
static const struct ms_stmt CHECKIN =
	MS_STMT("desk.checkin", "INSERT INTO attendance(poll_id, user_id) VALUES (?, ?) ON CONFLICT(poll_id, user_id) "
				"DO UPDATE SET confirmed = 1 WHERE attendance.self = 1");
static const struct ms_stmt CHECKIN_SELF = MS_STMT(
	"desk.checkin_self", "INSERT INTO attendance(poll_id, user_id, self) VALUES (?, ?, 1) ON CONFLICT DO NOTHING");
static const struct ms_stmt BY_PHONE_UNCONFIRMED = MS_STMT(
	"desk.by_phone_unconfirmed",
	"SELECT 1 FROM attendance WHERE poll_id = ? AND user_id = ? AND self = 1 AND confirmed = 0");
static const struct ms_stmt UNDO =
	MS_STMT("desk.undo", "DELETE FROM attendance WHERE poll_id = ? AND user_id = ? AND paper = 0 AND slip = 0");
static const struct ms_stmt PRESENT_COUNT =
	MS_STMT("desk.present_count", "SELECT count(*) FROM attendance WHERE poll_id = ?");
static const struct ms_stmt IS_PRESENT =
	MS_STMT("desk.is_present", "SELECT 1 FROM attendance WHERE poll_id = ? AND user_id = ?");
static const struct ms_stmt HAS_PAPER =
	MS_STMT("desk.has_paper", "SELECT 1 FROM attendance WHERE poll_id = ? AND user_id = ? AND paper = 1");
static const struct ms_stmt HAS_SLIP =
	MS_STMT("desk.has_slip", "SELECT 1 FROM attendance WHERE poll_id = ? AND user_id = ? AND slip = 1");
static const struct ms_stmt PAPER_ISSUE =
	MS_STMT("desk.paper_issue", "UPDATE attendance SET paper = 1 WHERE poll_id = ? AND user_id = ?");
static const struct ms_stmt PAPER_COUNTS =
	MS_STMT("desk.paper_counts", "SELECT (SELECT count(*) FROM attendance WHERE poll_id = ? AND paper = 1), "
				     "paper_recorded FROM poll WHERE id = ?");
static const struct ms_stmt PAPER_RECORDED =
	MS_STMT("desk.paper_recorded", "UPDATE poll SET paper_recorded = paper_recorded + ? WHERE id = ?");
#define ATTENDANCE_SQL(L)                                                                           \
	"SELECT u.id, u.login, u.name, CASE WHEN a.user_id IS NULL THEN 0 ELSE 1 END AS present_b, "   \
	"CASE WHEN EXISTS(SELECT 1 FROM participation v WHERE v.poll_id = ? AND v.user_id = u.id) "    \
	"THEN 1 ELSE 0 END AS voted_b, coalesce(a.slip, 0) AS slip_b, coalesce(a.paper, 0) AS paper_b, " \
	"coalesce(a.self, 0) AS self_b, coalesce(a.confirmed, 0) AS confirmed_b, "                      \
	"count(*) OVER () AS _total " MS_SQL_DEPUTIES_FROM                                             \
	"LEFT JOIN attendance a ON a.poll_id = ? AND a.user_id = u.id "                                \
	"WHERE u.congress_id = ? AND (u.standing_committee = 1 OR EXISTS(SELECT 1 FROM poll p "          \
	"WHERE p.id = ? AND p.electorate = 'deputies')) AND (" MS_MATCH(L, "u.name") " OR "              \
	MS_MATCH(L, "u.login") ") ORDER BY u.login LIMIT ? OFFSET ?"
static const struct ms_stmt ATTENDANCE = MS_STMT_SEARCH("desk.attendance", ATTENDANCE_SQL);
static const struct ms_stmt IN_COMMITTEE =
	MS_STMT("desk.in_committee", "SELECT 1 FROM \"user\" WHERE id = ? AND standing_committee = 1");

const struct ms_stmt *const ms_desk_stmts[] = {&IN_ROSTER, &CHECKIN,      &PRESENT_COUNT, &IS_PRESENT,
					       &HAS_PAPER, &HAS_SLIP,     &PAPER_ISSUE,   &PAPER_COUNTS,
					       &PAPER_RECORDED, &ATTENDANCE, &IN_COMMITTEE, &CHECKIN_SELF, &UNDO,
					       &BY_PHONE_UNCONFIRMED, NULL};

int ms_desk_sql_in_roster(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &IN_ROSTER, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), out, e);
}

int ms_desk_sql_checkin(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e)
{
	return ms_q_exec(db, &CHECKIN, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), e);
}

int ms_desk_sql_checkin_self(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e)
{
	return ms_q_exec(db, &CHECKIN_SELF, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), e);
}

int ms_desk_sql_undo(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e)
{
	return ms_q_exec(db, &UNDO, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), e);
}

int ms_desk_sql_present_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &PRESENT_COUNT, MS_ARGS(MS_VI(poll_id)), out, e);
}

int ms_desk_sql_is_present(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &IS_PRESENT, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), out, e);
}

int ms_attendance_list(struct ms_db *db, int64_t poll_id, int64_t congress_id, const struct ms_page *pg,
		       json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &ATTENDANCE,
			 MS_ARGS(MS_VI(poll_id), MS_VI(poll_id), MS_VI(congress_id), MS_VI(poll_id), MS_VLIKE(q),
				 MS_VLIKE(q)),
			 pg, out, e);
}

int ms_desk_sql_has_paper(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &HAS_PAPER, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), out, e);
}

int ms_desk_sql_by_phone_unconfirmed(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &BY_PHONE_UNCONFIRMED, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), out, e);
}

int ms_desk_sql_has_slip(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &HAS_SLIP, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), out, e);
}

int ms_desk_sql_paper_issue(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e)
{
	return ms_q_exec(db, &PAPER_ISSUE, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), e);
}

int ms_desk_sql_paper_counts(struct ms_db *db, int64_t poll_id, int64_t *issued, int64_t *recorded,
			     struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &PAPER_COUNTS, MS_ARGS(MS_VI(poll_id), MS_VI(poll_id)), &s, e);
	if (rc)
		return rc;
	if ((rc = ms_sql_step(s, e)) == 1) {
		*issued = ms_sql_column_i64(s, 0);
		*recorded = ms_sql_column_i64(s, 1);
		rc = 0;
	} else if (rc == 0) {
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "poll %lld has no row", (long long)poll_id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_desk_sql_paper_recorded(struct ms_db *db, int64_t poll_id, int64_t n, struct ms_error *e)
{
	return ms_q_exec(db, &PAPER_RECORDED, MS_ARGS(MS_VI(n), MS_VI(poll_id)), e);
}

int ms_desk_sql_in_committee(struct ms_db *db, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &IN_COMMITTEE, MS_ARGS(MS_VI(user_id)), out, e);
}
