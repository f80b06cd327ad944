/* review_sql.c — the SQL of report-and-rate reviews (review.c). */
#include "evaluate_internal.h"

#include "../core/util.h"
#include "../store/query.h"

static const struct ms_stmt INSERT = MS_STMT(
	"review.insert", "INSERT INTO review(congress_id, year, title, meeting, held_on, poll_id, rectify_at, rectify_days, "
			 "scoring, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt UNIT_INSERT =
	MS_STMT("review.unit_insert", "INSERT INTO review_unit(review_id, unit_id, candidate_id, head) VALUES (?, ?, ?, ?)");
static const struct ms_stmt ROW = MS_STMT(
	"review.row", "SELECT r.id, r.congress_id, r.year, r.title, r.meeting, r.held_on, r.poll_id, r.rectify_at, "
		      "r.rectify_days, r.scoring AS scoring_j, r.created_at, p.status FROM review r JOIN poll p ON p.id = r.poll_id WHERE r.id = ?");
static const struct ms_stmt UNITS = MS_STMT(
	"review.units",
	"SELECT u.unit_id, n.name AS unit_name, n.name_en AS unit_name_en, u.candidate_id, u.head, u.report, "
	"u.reported_at, v.verdict, v.rule_verdict, v.satisfied, v.basic, v.dissatisfied, v.abstain, v.invalid, v.score, "
	"v.score_decimal FROM review_unit u "
	"JOIN unit n ON n.id = u.unit_id LEFT JOIN review_verdict v ON v.review_id = u.review_id AND v.unit_id = u.unit_id "
	"WHERE u.review_id = ? ORDER BY u.candidate_id");
static const struct ms_stmt LIST = MS_STMT(
	"review.list",
	"SELECT r.id, r.title, r.year, r.meeting, r.held_on, r.poll_id, p.status, "
	"(SELECT count(*) FROM review_unit u WHERE u.review_id = r.id) AS units, "
	"(SELECT count(*) FROM review_rectify x WHERE x.review_id = r.id AND x.state <> 'done') AS rectifications_open, "
	"count(*) OVER () AS _total FROM review r JOIN poll p ON p.id = r.poll_id WHERE r.congress_id = ? "
	"ORDER BY r.held_on DESC, r.id DESC LIMIT ? OFFSET ?");
static const struct ms_stmt SET_REPORT =
	MS_STMT("review.set_report", "UPDATE review_unit SET report = ?, reported_at = ?, reported_by = ? "
				     "WHERE review_id = ? AND unit_id = ? RETURNING unit_id");
static const struct ms_stmt VERDICT_ADD =
	MS_STMT("review.verdict_add", "INSERT INTO review_verdict(review_id, unit_id, verdict, satisfied, basic, "
				      "dissatisfied, abstain, invalid, rule_verdict, score, score_decimal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static const struct ms_stmt COMMENTER =
	MS_STMT("review.commenter", "INSERT INTO review_commenter(review_id, user_id, n) VALUES (?, ?, 1) "
				    "ON CONFLICT(review_id, user_id) DO UPDATE SET n = review_commenter.n + 1 RETURNING n");
static const struct ms_stmt CLOSED = MS_STMT(
	"review.closed", "SELECT r.id FROM review r JOIN poll p ON p.id = r.poll_id WHERE p.status = 'closed' ORDER BY r.id");
static const struct ms_stmt BOX_ADD =
	MS_STMT("review.box_add", "INSERT INTO review_comment_box(review_id, id, box) VALUES (?, ?, ?)");
static const struct ms_stmt BOX_EACH = MS_STMT("review.box_each", "SELECT box FROM review_comment_box WHERE review_id = ?");
static const struct ms_stmt BOX_CLEAR = MS_STMT("review.box_clear", "DELETE FROM review_comment_box WHERE review_id = ?");
static const struct ms_stmt COMMENT_INSERT =
	MS_STMT("review.comment_insert", "INSERT INTO review_comment(review_id, unit_id, body) VALUES (?, ?, ?)");
static const struct ms_stmt COMMENTS = MS_STMT(
	"review.comments", "SELECT c.id, c.unit_id, n.name AS unit_name, n.name_en AS unit_name_en, c.body "
			   "FROM review_comment c JOIN unit n ON n.id = c.unit_id WHERE c.review_id = ? ORDER BY c.unit_id, c.id");
static const struct ms_stmt RECTIFY_INSERT =
	MS_STMT("review.rectify_insert", "INSERT INTO review_rectify(review_id, unit_id, verdict, due_on, created_at) "
					 "VALUES (?, ?, ?, ?, ?)");
#define RECTIFY_COLS                                                                                        \
	"SELECT x.id, x.review_id, r.title AS review_title, r.congress_id, x.unit_id, n.name AS unit_name, "  \
	"n.name_en AS unit_name_en, x.verdict, x.due_on, x.state, x.report, x.reported_on, x.reported_by, "  \
	"x.note, x.decided_on FROM review_rectify x JOIN review r ON r.id = x.review_id JOIN unit n ON n.id = x.unit_id "
static const struct ms_stmt RECTIFY_GET = MS_STMT("review.rectify_get", RECTIFY_COLS "WHERE x.id = ?");
static const struct ms_stmt RECTIFY_OF_REVIEW =
	MS_STMT("review.rectify_of_review", RECTIFY_COLS "WHERE x.review_id = ? ORDER BY x.id");
static const struct ms_stmt RECTIFY_OF_CONGRESS =
	MS_STMT("review.rectify_of_congress", RECTIFY_COLS "WHERE r.congress_id = ? AND (x.unit_id = ? OR ? = 0) "
							   "AND x.state = coalesce(?, x.state) ORDER BY x.due_on, x.id");
static const struct ms_stmt RECTIFY_REPORT =
	MS_STMT("review.rectify_report", "UPDATE review_rectify SET state = 'reported', report = ?, reported_on = ?, "
					 "reported_by = ?, note = NULL, decided_on = NULL, decided_by = NULL WHERE id = ? AND state = 'open' "
					 "RETURNING id");
static const struct ms_stmt RECTIFY_DECIDE =
	MS_STMT("review.rectify_decide", "UPDATE review_rectify SET state = ?, note = ?, decided_on = ?, decided_by = ? "
					 "WHERE id = ? AND state = 'reported' RETURNING id");

const struct ms_stmt *const ms_review_stmts[] = {
	&INSERT,	 &UNIT_INSERT,	  &ROW,		       &UNITS,		&LIST,		 &SET_REPORT,
	&VERDICT_ADD,	 &COMMENTER,	  &COMMENT_INSERT,     &COMMENTS,	&RECTIFY_INSERT, &RECTIFY_GET,
	&RECTIFY_OF_REVIEW, &RECTIFY_OF_CONGRESS, &RECTIFY_REPORT, &RECTIFY_DECIDE, &BOX_ADD, &BOX_EACH, &BOX_CLEAR,
	&CLOSED, NULL};

int ms_review_sql_insert(struct ms_db *db, int64_t congress_id, const struct ms_review_in *in, int64_t poll_id,
			 const char *scoring, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VI(in->year), MS_VT(in->poll.title), MS_VT(in->meeting),
				MS_VT(in->held_on), MS_VI(poll_id), MS_VT(ms_names_key(&ms_rectify_at_names, in->rectify_at == MS_VERDICT_BASIC)),
				MS_VI(in->rectify_days), MS_VT(scoring), MS_VT(now)),
			id, e);
}

int ms_review_sql_unit_insert(struct ms_db *db, int64_t id, int64_t unit_id, int64_t candidate_id, const char *head,
			      struct ms_error *e)
{
	return ms_q_exec(db, &UNIT_INSERT, MS_ARGS(MS_VI(id), MS_VI(unit_id), MS_VI(candidate_id), MS_VT(head)), e);
}

int ms_review_sql_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &ROW, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_review_kind, id) : rc;
}

int ms_review_sql_units(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &UNITS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_review_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	return ms_q_page(db, &LIST, MS_ARGS(MS_VI(congress_id)), pg, out, e);
}

int ms_review_sql_set_report(struct ms_db *db, int64_t id, int64_t unit_id, const char *report, const char *now,
			     int64_t by, struct ms_error *e)
{
	int64_t got;
	return ms_q_i64(db, &SET_REPORT, MS_ARGS(MS_VT(report), MS_VT(now), MS_VREF(by), MS_VI(id), MS_VI(unit_id)), &got,
			e);
}

int ms_review_sql_verdict_add(struct ms_db *db, int64_t id, int64_t unit_id, const struct ms_review_verdict *v,
			      struct ms_error *e)
{
	return ms_q_exec(db, &VERDICT_ADD,
			 MS_ARGS(MS_VI(id), MS_VI(unit_id), MS_VT(v->verdict), MS_VI(v->t[0]), MS_VI(v->t[1]),
				 MS_VI(v->t[2]), MS_VI(v->t[3]), MS_VI(v->t[4]), MS_VT(v->rule_verdict),
				 MS_VT(*v->score ? v->score : NULL), MS_VT(*v->decimal ? v->decimal : NULL)),
			 e);
}

int ms_review_sql_commenter(struct ms_db *db, int64_t id, int64_t user_id, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &COMMENTER, MS_ARGS(MS_VI(id), MS_VI(user_id)), n, e);
}

int ms_review_sql_closed(struct ms_db *db, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &CLOSED, MS_NOARGS, ids, NULL, n, e);
}

int ms_review_sql_box_add(struct ms_db *db, int64_t id, const unsigned char *box, size_t len, struct ms_error *e)
{
	char key[33];
	ms_random_hex(key, 16);
	return ms_q_exec(db, &BOX_ADD, MS_ARGS(MS_VI(id), MS_VT(key), MS_VB(box, len)), e);
}

int ms_review_sql_box_each(struct ms_db *db, int64_t id, int (*fn)(void *ctx, const unsigned char *box, size_t len),
			   void *ctx, struct ms_error *e)
{
	return ms_q_each_blob(db, &BOX_EACH, MS_ARGS(MS_VI(id)), fn, ctx, e);
}

int ms_review_sql_box_clear(struct ms_db *db, int64_t id, struct ms_error *e)
{
	return ms_q_exec(db, &BOX_CLEAR, MS_ARGS(MS_VI(id)), e);
}

int ms_review_sql_comment_insert(struct ms_db *db, int64_t id, int64_t unit_id, const char *body, struct ms_error *e)
{
	return ms_q_exec(db, &COMMENT_INSERT, MS_ARGS(MS_VI(id), MS_VI(unit_id), MS_VT(body)), e);
}

int ms_review_sql_comments(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &COMMENTS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_review_sql_rectify_insert(struct ms_db *db, int64_t id, int64_t unit_id, const char *verdict, const char *due_on,
				 const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &RECTIFY_INSERT, MS_ARGS(MS_VI(id), MS_VI(unit_id), MS_VT(verdict), MS_VT(due_on), MS_VT(now)),
			 e);
}

int ms_review_sql_rectify_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &RECTIFY_GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_rectify_kind, id) : rc;
}

int ms_review_sql_rectify_list(struct ms_db *db, int64_t review_id, int64_t congress_id, int64_t unit_id,
			       const char *state, json_t **out, struct ms_error *e)
{
	if (review_id)
		return ms_q_rows_json(db, &RECTIFY_OF_REVIEW, MS_ARGS(MS_VI(review_id)), out, e);
	return ms_q_rows_json(db, &RECTIFY_OF_CONGRESS,
			      MS_ARGS(MS_VI(congress_id), MS_VI(unit_id), MS_VI(unit_id), MS_VT(state)), out, e);
}

int ms_review_sql_rectify_report(struct ms_db *db, int64_t id, const char *report, const char *day, int64_t by,
				 struct ms_error *e)
{
	int64_t got;
	return ms_q_i64(db, &RECTIFY_REPORT, MS_ARGS(MS_VT(report), MS_VT(day), MS_VREF(by), MS_VI(id)), &got, e);
}

int ms_review_sql_rectify_decide(struct ms_db *db, int64_t id, const char *state, const char *note, const char *day,
				 int64_t by, struct ms_error *e)
{
	int64_t got;
	return ms_q_i64(db, &RECTIFY_DECIDE, MS_ARGS(MS_VT(state), MS_VT(note), MS_VT(day), MS_VREF(by), MS_VI(id)), &got,
			e);
}
