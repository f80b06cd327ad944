/* case_sql.c — the SQL of casework and suggestions (casework.h): the
 * settings, the holiday calendar it counts working days over, the demands
 * it is made from, the casework rows, their assignments, co-handlers,
 * signers and ratings, the lists (overdue per congress and per unit) and the
 * rows the three rates count. */
#include "casework_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/query.h"
#include "track.h"

#define SETTING_COLS                                                                                          \
	"emergency_hours, urgent_hours, general_days, complex_days, standard_workdays, return_workdays, "       \
	"cohandle_months, reply_months, extend_months, redo_months, escalate_redos, escalate_units, w_response, " \
	"w_resolution, w_satisfaction"
static const struct ms_stmt SETTINGS =
	MS_STMT("casework.settings", "SELECT " SETTING_COLS " FROM casework_settings WHERE congress_id = ?");
static const struct ms_stmt SETTINGS_SET = MS_STMT(
	"casework.settings_set",
	"INSERT INTO casework_settings(congress_id, " SETTING_COLS ", updated_at) VALUES "
	"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(congress_id) DO UPDATE SET "
	"emergency_hours = excluded.emergency_hours, urgent_hours = excluded.urgent_hours, "
	"general_days = excluded.general_days, complex_days = excluded.complex_days, "
	"standard_workdays = excluded.standard_workdays, return_workdays = excluded.return_workdays, "
	"cohandle_months = excluded.cohandle_months, reply_months = excluded.reply_months, "
	"extend_months = excluded.extend_months, redo_months = excluded.redo_months, "
	"escalate_redos = excluded.escalate_redos, escalate_units = excluded.escalate_units, "
	"w_response = excluded.w_response, w_resolution = excluded.w_resolution, "
	"w_satisfaction = excluded.w_satisfaction, updated_at = excluded.updated_at");
/* The holiday calendar of the congress, or, when it keeps none, of the nearest congress above it that does (a
 * town's casework runs on its district's or city's calendar: the national holidays are the same). */
#define HOLIDAYS_SQL(P)                                                                                        \
	"WITH RECURSIVE up(id, depth) AS (SELECT " P ", 0 UNION ALL SELECT c.parent_id, up.depth + 1 FROM congress c " \
	"JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL AND up.depth < 8) "                               \
	"SELECT day FROM holiday WHERE kind = ? AND congress_id = (SELECT up.id FROM up WHERE EXISTS "          \
	"(SELECT 1 FROM holiday h WHERE h.congress_id = up.id) ORDER BY up.depth LIMIT 1) ORDER BY day"
static const struct ms_stmt MERGED_DEMANDS = MS_STMT(
	"casework.merged_demands", "SELECT demand_id FROM casework WHERE merged_into = ? AND demand_id IS NOT NULL ORDER BY id");
static const struct ms_stmt HOLIDAYS =
	MS_STMT2("casework.holidays", HOLIDAYS_SQL("?"), HOLIDAYS_SQL("CAST(? AS BIGINT)"));
static const struct ms_stmt DEMAND = MS_STMT(
	"casework.demand",
	"SELECT d.id, d.congress_id, d.deputy_id, d.station_id, d.status, d.title, d.text, "
	"CASE WHEN EXISTS (SELECT 1 FROM station_deputy s WHERE s.station_id = d.station_id AND s.deputy_id = ?) "
	"THEN 1 ELSE 0 END AS station_deputy_b FROM demand d WHERE d.id = ?");
static const struct ms_stmt DEMAND_CONGRESS =
	MS_STMT("casework.demand_congress", "SELECT congress_id FROM demand WHERE id = ?");
static const struct ms_stmt DEMAND_BY_HASH =
	MS_STMT("casework.demand_by_hash", "SELECT id FROM demand WHERE track_hash = ?");
static const struct ms_stmt INSERT = MS_STMT(
	"casework.insert",
	"INSERT INTO casework(congress_id, kind, demand_id, title, text, case_type, status, created_by, created_at) "
	"VALUES (?, ?, ?, ?, ?, ?, 'filed', ?, ?) RETURNING id");
#define ITEM_SELECT                                                                                           \
	"SELECT c.id, c.congress_id, c.kind, c.demand_id, c.title, c.text, c.case_type, c.status, c.unit_id, "   \
	"un.name AS unit_name, c.reply_class, c.redos, c.units, "                                                \
	"CASE WHEN c.escalated_at IS NULL THEN 0 ELSE 1 END AS escalated_b, c.escalated_at, c.escalated_why, "   \
	"c.merged_into, c.ext_status, c.ext_reason, c.created_at, c.closed_at, "                                 \
	"a.started_at, a.accept_by, a.due_at, a.reply_text, "                                                    \
	"(SELECT count(*) FROM casework_signer s WHERE s.casework_id = c.id AND s.status = 'accepted') AS signers "
#define ITEM_FROM                                                                                             \
	"FROM casework c LEFT JOIN unit un ON un.id = c.unit_id "                                                \
	"LEFT JOIN casework_assignment a ON a.id = (SELECT max(x.id) FROM casework_assignment x "               \
	"WHERE x.casework_id = c.id) "
#define ITEM_COLS ITEM_SELECT ITEM_FROM
static const struct ms_stmt ROW = MS_STMT("casework.row", ITEM_COLS "WHERE c.id = ?");
static const struct ms_stmt LIST = MS_STMT(
	"casework.list",
	ITEM_COLS "WHERE c.congress_id = ? AND (? = '' OR c.kind = ?) AND (? = 0 OR c.unit_id = ? OR EXISTS "
		  "(SELECT 1 FROM casework_cohandler h WHERE h.casework_id = c.id AND h.unit_id = ?)) "
		  "AND (? = 0 OR c.escalated_at IS NOT NULL) AND (? = 0 OR c.status NOT IN ('closed','merged')) "
		  "ORDER BY c.id");
#define LIST_PAGE_SQL(L)                                                                                      \
	ITEM_SELECT ", count(*) OVER () AS _total " ITEM_FROM                                                  \
	"WHERE c.congress_id = ? AND (? = '' OR c.kind = ?) AND (? = 0 OR c.unit_id = ? OR EXISTS "           \
	"(SELECT 1 FROM casework_cohandler h WHERE h.casework_id = c.id AND h.unit_id = ?)) "                  \
	"AND (? = 0 OR c.escalated_at IS NOT NULL) AND (? = '' OR (c.status IN ('assigned','accepted') "       \
	"AND a.due_at < ?)) AND " MS_MATCH(L, "c.title") " ORDER BY c.id LIMIT ? OFFSET ?"
static const struct ms_stmt LIST_PAGE = MS_STMT_SEARCH("casework.list_page", LIST_PAGE_SQL);
static const struct ms_stmt LIST_SIGNER = MS_STMT(
	"casework.list_signer",
	ITEM_COLS "WHERE c.id IN (SELECT s.casework_id FROM casework_signer s WHERE s.deputy_id = ? AND s.status = ?) "
		  "AND (? <> 'invited' OR c.status = 'filed') ORDER BY c.id");
static const struct ms_stmt UNIT_CONGRESS =
	MS_STMT("casework.unit_congress", "SELECT congress_id FROM unit WHERE id = ?");
static const struct ms_stmt CONGRESS = MS_STMT("casework.congress", "SELECT congress_id FROM casework WHERE id = ?");
static const struct ms_stmt OF_DEMAND =
	MS_STMT("casework.of_demand", "SELECT max(id) FROM casework WHERE demand_id = ? HAVING max(id) IS NOT NULL");
static const struct ms_stmt SET_STATUS =
	MS_STMT("casework.set_status", "UPDATE casework SET status = ?, closed_at = ? WHERE id = ?");
static const struct ms_stmt SET_UNIT = MS_STMT(
	"casework.set_unit", "UPDATE casework SET unit_id = ?, units = ?, redos = ?, status = 'assigned' WHERE id = ?");
static const struct ms_stmt REFER = MS_STMT(
	"casework.refer",
	"UPDATE casework SET congress_id = ?, unit_id = NULL, status = 'filed' WHERE id = ? AND kind = 'case' "
	"AND status IN ('filed','returned') RETURNING id");
static const struct ms_stmt REFER_COHANDLERS = MS_STMT(
	"casework.refer_cohandlers", "DELETE FROM casework_cohandler WHERE casework_id = ? RETURNING unit_id");
static const struct ms_stmt REFER_DEMAND =
	MS_STMT("casework.refer_demand", "UPDATE demand SET congress_id = ? WHERE id = ?");
static const struct ms_stmt SET_REPLY =
	MS_STMT("casework.set_reply", "UPDATE casework SET status = ?, reply_class = ?, closed_at = ? WHERE id = ?");
static const struct ms_stmt ESCALATE = MS_STMT(
	"casework.escalate",
	"UPDATE casework SET escalated_at = ?, escalated_why = ? WHERE id = ? AND escalated_at IS NULL");
static const struct ms_stmt MERGE =
	MS_STMT("casework.merge", "UPDATE casework SET status = 'merged', merged_into = ? WHERE id = ?");
static const struct ms_stmt EXTENSION =
	MS_STMT("casework.extension", "UPDATE casework SET ext_status = ?, ext_reason = ? WHERE id = ?");

static const struct ms_stmt ASG_INSERT = MS_STMT(
	"casework.asg_insert",
	"INSERT INTO casework_assignment(casework_id, unit_id, round, started_at, accept_by, due_at) "
	"VALUES (?, ?, ?, ?, ?, ?)");
#define ASG_COLS                                                                                              \
	"SELECT a.id, a.unit_id, u.name AS unit_name, a.round, a.started_at, a.accept_by, a.due_at, "          \
	"a.accepted_at, a.returned_at, a.return_reason, a.replied_at, a.reply_class, a.reply_text, a.closed_at " \
	"FROM casework_assignment a JOIN unit u ON u.id = a.unit_id "
static const struct ms_stmt ASG_CURRENT = MS_STMT(
	"casework.asg_current", ASG_COLS "WHERE a.casework_id = ? ORDER BY a.id DESC LIMIT 1");
static const struct ms_stmt ASG_LIST = MS_STMT("casework.asg_list", ASG_COLS "WHERE a.casework_id = ? ORDER BY a.id");
/* The lead units it has had, counted as PRACTICE.md's "passed among 3 units": the first and each change of lead
 * unit (A→B→A is 3; a redo, or a reassignment to the unit that returned it, is no change). */
static const struct ms_stmt ASG_UNITS = MS_STMT(
	"casework.asg_units",
	"SELECT count(*) FROM casework_assignment a WHERE a.casework_id = ? AND NOT EXISTS (SELECT 1 FROM "
	"casework_assignment p WHERE p.id = (SELECT max(x.id) FROM casework_assignment x WHERE x.casework_id = "
	"a.casework_id AND x.id < a.id) AND p.unit_id = a.unit_id)");
static const struct ms_stmt ASG_ACCEPT =
	MS_STMT("casework.asg_accept", "UPDATE casework_assignment SET accepted_at = ? WHERE id = ?");
static const struct ms_stmt ASG_RETURN = MS_STMT(
	"casework.asg_return", "UPDATE casework_assignment SET returned_at = ?, return_reason = ? WHERE id = ?");
static const struct ms_stmt ASG_REPLY = MS_STMT(
	"casework.asg_reply",
	"UPDATE casework_assignment SET replied_at = ?, reply_class = ?, reply_text = ?, replies = replies + 1 "
	"WHERE id = ?");
static const struct ms_stmt ASG_DUE =
	MS_STMT("casework.asg_due", "UPDATE casework_assignment SET due_at = ? WHERE id = ?");
static const struct ms_stmt ASG_CLOSE =
	MS_STMT("casework.asg_close", "UPDATE casework_assignment SET closed_at = ? WHERE id = ? AND closed_at IS NULL");

static const struct ms_stmt CO_ADD = MS_STMT(
	"casework.co_add", "INSERT INTO casework_cohandler(casework_id, unit_id, due_at) VALUES (?, ?, ?) "
			   "ON CONFLICT(casework_id, unit_id) DO UPDATE SET due_at = excluded.due_at");
static const struct ms_stmt CO_VIEW = MS_STMT(
	"casework.co_view",
	"UPDATE casework_cohandler SET view = ?, sent_at = ? WHERE casework_id = ? AND unit_id = ? RETURNING unit_id");
static const struct ms_stmt CO_LIST = MS_STMT(
	"casework.co_list", "SELECT h.unit_id, u.name AS unit_name, h.due_at, h.view, h.sent_at FROM casework_cohandler h "
			    "JOIN unit u ON u.id = h.unit_id WHERE h.casework_id = ? ORDER BY h.unit_id");
static const struct ms_stmt SIGNER_ADD = MS_STMT(
	"casework.signer_add",
	"INSERT INTO casework_signer(casework_id, deputy_id, status, answered_at) VALUES (?, ?, ?, ?) "
	"ON CONFLICT(casework_id, deputy_id) DO NOTHING");
static const struct ms_stmt SIGNER_STATUS = MS_STMT(
	"casework.signer_status", "SELECT status FROM casework_signer WHERE casework_id = ? AND deputy_id = ?");
static const struct ms_stmt SIGNER_ANSWER = MS_STMT(
	"casework.signer_answer",
	"UPDATE casework_signer SET status = ?, answered_at = ? WHERE casework_id = ? AND deputy_id = ? "
	"AND status = 'invited' RETURNING deputy_id");
/* A signer invited or declined (the status given) accepts: co-signing. */
static const struct ms_stmt SIGNER_ACCEPT = MS_STMT(
	"casework.signer_accept",
	"UPDATE casework_signer SET status = 'accepted', answered_at = ? WHERE casework_id = ? AND deputy_id = ? "
	"AND status = ? RETURNING deputy_id");
/* Merging carries each signer over as they stand; one who accepted either is an accepted signer of the whole. */
static const struct ms_stmt SIGNERS_MOVE = MS_STMT(
	"casework.signers_move",
	"INSERT INTO casework_signer(casework_id, deputy_id, status, answered_at) SELECT CAST(? AS BIGINT), deputy_id, "
	"status, answered_at FROM casework_signer WHERE casework_id = ? ON CONFLICT(casework_id, deputy_id) DO UPDATE "
	"SET status = excluded.status, answered_at = excluded.answered_at WHERE excluded.status = 'accepted'");
static const struct ms_stmt SIGNERS = MS_STMT(
	"casework.signers", "SELECT s.deputy_id, u.name, s.status, s.answered_at FROM casework_signer s "
			    "JOIN \"user\" u ON u.id = s.deputy_id WHERE s.casework_id = ? ORDER BY s.deputy_id");
static const struct ms_stmt IS_DEPUTY = MS_STMT(
	"casework.is_deputy", "SELECT 1 FROM \"user\" u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "
			      "WHERE u.id = ? AND u.congress_id = ?");
static const struct ms_stmt RATING_ADD = MS_STMT(
	"casework.rating_add",
	"INSERT INTO casework_rating(casework_id, assignment_id, unit_id, deputy_id, rating, met, comment, at, reply_no) "
	"SELECT ?, ?, ?, ?, ?, ?, ?, ?, a.replies FROM casework_assignment a WHERE a.id = ?");
static const struct ms_stmt RATED = MS_STMT(
	"casework.rated",
	"SELECT count(*) FROM casework_rating r JOIN casework_assignment a ON a.id = r.assignment_id "
	"WHERE r.assignment_id = ? AND COALESCE(r.deputy_id, 0) = ? AND r.reply_no = a.replies");
/* The latest reply of a case and the resident's rating of it (NULL: not rated). */
static const struct ms_stmt TRACK_REPLY = MS_STMT(
	"casework.track_reply",
	"SELECT a.id, a.reply_class, a.reply_text, a.replied_at, r.rating, r.at AS rated_at "
	"FROM casework_assignment a LEFT JOIN casework_rating r ON r.id = (SELECT max(x.id) FROM casework_rating x "
	"WHERE x.assignment_id = a.id AND x.deputy_id IS NULL AND x.reply_no = a.replies) "
	"WHERE a.casework_id = ? AND a.replied_at IS NOT NULL ORDER BY a.id DESC LIMIT 1");
static const struct ms_stmt RATINGS = MS_STMT(
	"casework.ratings", "SELECT r.assignment_id, r.unit_id, r.deputy_id, r.rating, r.met AS met_b, r.comment, r.at "
			    "FROM casework_rating r WHERE r.casework_id = ? ORDER BY r.id");
static const struct ms_stmt RATE_ASG = MS_STMT(
	"casework.rate_assignments",
	"SELECT a.unit_id, a.round, a.started_at, a.accept_by, a.due_at, a.accepted_at, a.returned_at, a.replied_at, "
	"a.reply_class, a.closed_at FROM casework_assignment a JOIN casework c ON c.id = a.casework_id "
	"WHERE c.congress_id = ? AND ((a.started_at >= ? AND a.started_at < ?) OR (a.due_at >= ? AND a.due_at < ?)) "
	"ORDER BY a.unit_id, a.id");
static const struct ms_stmt RATE_RATINGS = MS_STMT(
	"casework.rate_ratings",
	"SELECT r.unit_id, r.deputy_id, r.rating, r.met, r.at FROM casework_rating r JOIN casework c "
	"ON c.id = r.casework_id WHERE c.congress_id = ? AND r.at >= ? AND r.at < ? ORDER BY r.unit_id, r.id");

const struct ms_stmt *const ms_casework_stmts[] = {&MERGED_DEMANDS, 
	&SETTINGS,   &SETTINGS_SET, &HOLIDAYS,	 &DEMAND,     &DEMAND_CONGRESS, &DEMAND_BY_HASH, 
	 &INSERT,	    &ROW,	 &LIST,	      &LIST_SIGNER,	&CONGRESS,	 &OF_DEMAND,
	&REFER, &REFER_COHANDLERS, &REFER_DEMAND,
	&SET_STATUS, &SET_UNIT,	    &SET_REPLY,	 &ESCALATE,   &MERGE,		&EXTENSION,	 &ASG_INSERT,
	&ASG_CURRENT, &ASG_LIST,    &ASG_UNITS,	 &ASG_ACCEPT, &ASG_RETURN,	&ASG_REPLY,	 &ASG_DUE,
	&ASG_CLOSE,  &CO_ADD,	    &CO_VIEW,	 &CO_LIST,    &SIGNER_ADD,	 &SIGNERS_MOVE,
	&SIGNERS,    &IS_DEPUTY,    &RATING_ADD, &RATED,      &RATINGS,		&RATE_ASG,	 &RATE_RATINGS, &UNIT_CONGRESS, &TRACK_REPLY, &LIST_PAGE, &SIGNER_STATUS, &SIGNER_ANSWER, &SIGNER_ACCEPT,
	NULL};

static const struct ms_name casework_kind = {"casework", "办理事项", "case or suggestion"};
static const struct ms_name demand_kind = {"demand", "群众诉求", "demand"};

int ms_cw_sql_settings(struct ms_db *db, int64_t congress_id, struct ms_casework_settings *s, bool *found,
		       struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_q_row_json(db, &SETTINGS, MS_ARGS(MS_VI(congress_id)), &o, e);
	*found = false;
	if (rc == MS_ERR_NOT_FOUND)
		return 0;
	if (rc)
		return rc;
	*found = true;
	int *f[] = {&s->emergency_hours, &s->urgent_hours,   &s->general_days,	 &s->complex_days,
		    &s->standard_workdays, &s->return_workdays, &s->cohandle_months, &s->reply_months,
		    &s->extend_months,	 &s->redo_months,    &s->escalate_redos,  &s->escalate_units,
		    &s->w_response,	 &s->w_resolution,   &s->w_satisfaction};
	static const char *const k[] = {"emergency_hours", "urgent_hours",   "general_days",   "complex_days",
					"standard_workdays", "return_workdays", "cohandle_months", "reply_months",
					"extend_months",   "redo_months",    "escalate_redos", "escalate_units",
					"w_response",	   "w_resolution",   "w_satisfaction"};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		*f[i] = (int)json_integer_value(json_object_get(o, k[i]));
	json_decref(o);
	return 0;
}

int ms_cw_sql_settings_set(struct ms_db *db, int64_t congress_id, const struct ms_casework_settings *s,
			   const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &SETTINGS_SET,
			 MS_ARGS(MS_VI(congress_id), MS_VI(s->emergency_hours), MS_VI(s->urgent_hours),
				 MS_VI(s->general_days), MS_VI(s->complex_days), MS_VI(s->standard_workdays),
				 MS_VI(s->return_workdays), MS_VI(s->cohandle_months), MS_VI(s->reply_months),
				 MS_VI(s->extend_months), MS_VI(s->redo_months), MS_VI(s->escalate_redos),
				 MS_VI(s->escalate_units), MS_VI(s->w_response), MS_VI(s->w_resolution),
				 MS_VI(s->w_satisfaction), MS_VT(now)),
			 e);
}

static int days(struct ms_db *db, int64_t congress_id, const char *kind, int32_t **out, size_t *n,
		struct ms_error *e)
{
	json_t *rows = NULL;
	int rc = ms_q_rows_json(db, &HOLIDAYS, MS_ARGS(MS_VI(congress_id), MS_VT(kind)), &rows, e);
	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	size_t m = json_array_size(rows);
	*out = malloc((m ? m : 1) * sizeof **out);
	if (!*out) {
		json_decref(rows);
		return ms_nomem(e);
	}
	for (size_t i = 0; i < m; i++)
		if (ms_day_parse(json_string_value(json_object_get(json_array_get(rows, i), "day")), &(*out)[*n]))
			(*n)++;
	json_decref(rows);
	return 0;
}

int ms_cw_sql_calendar(struct ms_db *db, int64_t congress_id, struct ms_workday_cal *cal, struct ms_error *e)
{
	int32_t *off = NULL, *on = NULL;
	memset(cal, 0, sizeof *cal);
	int rc = days(db, congress_id, "off", &off, &cal->n_off, e);
	if (!rc)
		rc = days(db, congress_id, "on", &on, &cal->n_on, e);
	cal->off = off;
	cal->on = on;
	if (rc)
		ms_cw_cal_fini(cal);
	return rc;
}

void ms_cw_cal_fini(struct ms_workday_cal *cal)
{
	free((void *)cal->off);
	free((void *)cal->on);
	memset(cal, 0, sizeof *cal);
}

int ms_cw_sql_demand(struct ms_db *db, int64_t id, int64_t by, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &DEMAND, MS_ARGS(MS_VI(by), MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &demand_kind, id) : rc;
}

int ms_casework_demand_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &DEMAND_CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &demand_kind, id) : rc;
}

int ms_casework_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &casework_kind, id) : rc;
}

static const struct ms_name unit_kind = {"unit", "承办单位", "unit"};

int ms_casework_unit_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &UNIT_CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &unit_kind, id) : rc;
}

int ms_cw_sql_demand_by_hash(struct ms_db *db, const char *hash, int64_t *demand_id, struct ms_error *e)
{
	return ms_q_i64(db, &DEMAND_BY_HASH, MS_ARGS(MS_VT(hash)), demand_id, e);
}

int ms_cw_sql_insert(struct ms_db *db, int64_t congress_id, const char *kind, int64_t demand_id, const char *title,
		     const char *text, const char *case_type, int64_t by, const char *now, int64_t *id,
		     struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VT(kind), MS_VREF(demand_id), MS_VT(title), MS_VT(text),
				MS_VT(case_type), MS_VREF(by), MS_VT(now)),
			id, e);
}

int ms_cw_sql_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &ROW, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &casework_kind, id) : rc;
}

int ms_cw_sql_of_demand(struct ms_db *db, int64_t demand_id, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &OF_DEMAND, MS_ARGS(MS_VI(demand_id)), id, e);
}

int ms_cw_sql_set_status(struct ms_db *db, int64_t id, const char *status, const char *closed_at, struct ms_error *e)
{
	return ms_q_exec(db, &SET_STATUS, MS_ARGS(MS_VT(status), MS_VT(closed_at), MS_VI(id)), e);
}

int ms_cw_sql_set_unit(struct ms_db *db, int64_t id, int64_t unit_id, int64_t units, int64_t redos,
		       struct ms_error *e)
{
	return ms_q_exec(db, &SET_UNIT, MS_ARGS(MS_VI(unit_id), MS_VI(units), MS_VI(redos), MS_VI(id)), e);
}

int ms_cw_sql_set_reply(struct ms_db *db, int64_t id, const char *status, const char *cls, const char *closed_at,
			struct ms_error *e)
{
	return ms_q_exec(db, &SET_REPLY, MS_ARGS(MS_VT(status), MS_VT(cls), MS_VT(closed_at), MS_VI(id)), e);
}

int ms_cw_sql_escalate(struct ms_db *db, int64_t id, const char *why, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &ESCALATE, MS_ARGS(MS_VT(now), MS_VT(why), MS_VI(id)), e);
}

int ms_cw_sql_merge(struct ms_db *db, int64_t id, int64_t into, struct ms_error *e)
{
	return ms_q_exec(db, &MERGE, MS_ARGS(MS_VI(into), MS_VI(id)), e);
}

int ms_cw_sql_extension(struct ms_db *db, int64_t id, const char *status, const char *reason, struct ms_error *e)
{
	return ms_q_exec(db, &EXTENSION, MS_ARGS(MS_VT(status), MS_VT(reason), MS_VI(id)), e);
}

int ms_cw_sql_asg_insert(struct ms_db *db, int64_t cw, int64_t unit_id, const char *round, const char *start,
			 const char *accept_by, const char *due, struct ms_error *e)
{
	return ms_q_exec(db, &ASG_INSERT,
			 MS_ARGS(MS_VI(cw), MS_VI(unit_id), MS_VT(round), MS_VT(start), MS_VT(accept_by), MS_VT(due)),
			 e);
}

int ms_cw_sql_asg_current(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &ASG_CURRENT, MS_ARGS(MS_VI(cw)), out, e);
}

int ms_cw_sql_asg_units(struct ms_db *db, int64_t cw, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &ASG_UNITS, MS_ARGS(MS_VI(cw)), n, e);
}

int ms_cw_sql_asg_accept(struct ms_db *db, int64_t asg, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &ASG_ACCEPT, MS_ARGS(MS_VT(now), MS_VI(asg)), e);
}

int ms_cw_sql_asg_return(struct ms_db *db, int64_t asg, const char *now, const char *reason, struct ms_error *e)
{
	return ms_q_exec(db, &ASG_RETURN, MS_ARGS(MS_VT(now), MS_VT(reason), MS_VI(asg)), e);
}

int ms_cw_sql_asg_reply(struct ms_db *db, int64_t asg, const char *now, const char *cls, const char *text,
			struct ms_error *e)
{
	return ms_q_exec(db, &ASG_REPLY, MS_ARGS(MS_VT(now), MS_VT(cls), MS_VT(text), MS_VI(asg)), e);
}

int ms_cw_sql_asg_due(struct ms_db *db, int64_t asg, const char *due, struct ms_error *e)
{
	return ms_q_exec(db, &ASG_DUE, MS_ARGS(MS_VT(due), MS_VI(asg)), e);
}

int ms_cw_sql_asg_close(struct ms_db *db, int64_t asg, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &ASG_CLOSE, MS_ARGS(MS_VT(now), MS_VI(asg)), e);
}

int ms_cw_sql_cohandler_add(struct ms_db *db, int64_t cw, int64_t unit_id, const char *due, struct ms_error *e)
{
	return ms_q_exec(db, &CO_ADD, MS_ARGS(MS_VI(cw), MS_VI(unit_id), MS_VT(due)), e);
}

int ms_cw_sql_cohandler_view(struct ms_db *db, int64_t cw, int64_t unit_id, const char *view, const char *now,
			     bool *done, struct ms_error *e)
{
	int64_t x;
	int rc = ms_q_i64(db, &CO_VIEW, MS_ARGS(MS_VT(view), MS_VT(now), MS_VI(cw), MS_VI(unit_id)), &x, e);
	*done = rc == 0;
	return rc == MS_ERR_NOT_FOUND ? 0 : rc;
}

int ms_cw_sql_signer_add(struct ms_db *db, int64_t cw, int64_t deputy_id, const char *status, const char *now,
			 struct ms_error *e)
{
	return ms_q_exec(db, &SIGNER_ADD,
			 MS_ARGS(MS_VI(cw), MS_VI(deputy_id), MS_VT(status),
				 MS_VT(strcmp(status, "invited") == 0 ? NULL : now)),
			 e);
}

int ms_cw_sql_signer_status(struct ms_db *db, int64_t cw, int64_t deputy_id, char status[16], struct ms_error *e)
{
	json_t *o = NULL;
	status[0] = '\0';
	int rc = ms_q_row_json(db, &SIGNER_STATUS, MS_ARGS(MS_VI(cw), MS_VI(deputy_id)), &o, e);
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		return 0;
	}
	if (!rc)
		snprintf(status, 16, "%s", str(o, "status") ? str(o, "status") : "");
	json_decref(o);
	return rc;
}

int ms_cw_sql_signer_is(struct ms_db *db, int64_t cw, int64_t deputy_id, bool *is, struct ms_error *e)
{
	char st[16];
	int rc = ms_cw_sql_signer_status(db, cw, deputy_id, st, e);
	*is = !rc && strcmp(st, "accepted") == 0;
	return rc;
}

int ms_cw_sql_signer_answer(struct ms_db *db, int64_t cw, int64_t deputy_id, bool accept, const char *now,
			    bool *done, struct ms_error *e)
{
	int64_t x;
	int rc = ms_q_i64(db, &SIGNER_ANSWER,
			  MS_ARGS(MS_VT(accept ? "accepted" : "declined"), MS_VT(now), MS_VI(cw), MS_VI(deputy_id)), &x, e);
	*done = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}

int ms_cw_sql_signer_accept(struct ms_db *db, int64_t cw, int64_t deputy_id, const char *was, const char *now,
			    bool *done, struct ms_error *e)
{
	int64_t x;
	int rc = ms_q_i64(db, &SIGNER_ACCEPT, MS_ARGS(MS_VT(now), MS_VI(cw), MS_VI(deputy_id), MS_VT(was)), &x, e);
	*done = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}

int ms_cw_sql_signers_move(struct ms_db *db, int64_t from, int64_t into, struct ms_error *e)
{
	return ms_q_exec(db, &SIGNERS_MOVE, MS_ARGS(MS_VI(into), MS_VI(from)), e);
}

int ms_cw_sql_is_deputy(struct ms_db *db, int64_t user_id, int64_t congress_id, bool *is, struct ms_error *e)
{
	return ms_q_exists(db, &IS_DEPUTY, MS_ARGS(MS_VI(user_id), MS_VI(congress_id)), is, e);
}

int ms_cw_sql_rating_add(struct ms_db *db, int64_t cw, int64_t asg, int64_t unit_id, int64_t deputy_id,
			 const char *rating, int met, const char *comment, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &RATING_ADD,
			 MS_ARGS(MS_VI(cw), MS_VI(asg), MS_VI(unit_id), MS_VREF(deputy_id), MS_VT(rating),
				 met < 0 ? MS_VREF(0) : MS_VI(met), MS_VT(comment ? comment : ""), MS_VT(now), MS_VI(asg)),
			 e);
}

int ms_cw_sql_rated(struct ms_db *db, int64_t asg, int64_t deputy_id, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &RATED, MS_ARGS(MS_VI(asg), MS_VI(deputy_id)), n, e);
}

int ms_cw_sql_track_reply(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &TRACK_REPLY, MS_ARGS(MS_VI(cw)), out, e);
}

int ms_cw_sql_assignments(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &ASG_LIST, MS_ARGS(MS_VI(cw)), out, e);
}

int ms_cw_sql_cohandlers(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &CO_LIST, MS_ARGS(MS_VI(cw)), out, e);
}

int ms_cw_sql_signers(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &SIGNERS, MS_ARGS(MS_VI(cw)), out, e);
}

int ms_cw_sql_ratings(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &RATINGS, MS_ARGS(MS_VI(cw)), out, e);
}

int ms_cw_sql_list(struct ms_db *db, int64_t congress_id, const char *kind, int64_t unit_id, bool escalated,
		   bool open_only, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &LIST,
			      MS_ARGS(MS_VI(congress_id), MS_VT(kind), MS_VT(kind), MS_VI(unit_id), MS_VI(unit_id),
				      MS_VI(unit_id), MS_VI(escalated), MS_VI(open_only)),
			      out, e);
}

int ms_cw_sql_list_page(struct ms_db *db, int64_t congress_id, const char *kind, int64_t unit_id, bool escalated,
			const char *overdue_at, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *at = overdue_at ? overdue_at : "";
	return ms_q_page(db, &LIST_PAGE,
			 MS_ARGS(MS_VI(congress_id), MS_VT(kind), MS_VT(kind), MS_VI(unit_id), MS_VI(unit_id),
				 MS_VI(unit_id), MS_VI(escalated), MS_VT(at), MS_VT(at), MS_VLIKE(pg ? pg->q : NULL)),
			 pg, out, e);
}

int ms_cw_sql_list_signer(struct ms_db *db, int64_t deputy_id, const char *status, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &LIST_SIGNER, MS_ARGS(MS_VI(deputy_id), MS_VT(status), MS_VT(status)), out, e);
}

int ms_cw_sql_rate_assignments(struct ms_db *db, int64_t congress_id, const char *from, const char *to, json_t **out,
			       struct ms_error *e)
{
	return ms_q_rows_json(db, &RATE_ASG,
			      MS_ARGS(MS_VI(congress_id), MS_VT(from), MS_VT(to), MS_VT(from), MS_VT(to)), out, e);
}

int ms_cw_sql_rate_ratings(struct ms_db *db, int64_t congress_id, const char *from, const char *to, json_t **out,
			   struct ms_error *e)
{
	return ms_q_rows_json(db, &RATE_RATINGS, MS_ARGS(MS_VI(congress_id), MS_VT(from), MS_VT(to)), out, e);
}


int ms_cw_sql_merged_demands(struct ms_db *db, int64_t id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &MERGED_DEMANDS, MS_ARGS(MS_VI(id)), ids, NULL, n, e);
}

int ms_cw_sql_refer(struct ms_db *db, int64_t id, int64_t to, int64_t demand_id, json_t **cohandlers, struct ms_error *e)
{
	int64_t done;
	int rc = ms_q_i64(db, &REFER, MS_ARGS(MS_VI(to), MS_VI(id)), &done, e);
	if (!rc)
		rc = ms_q_rows_json(db, &REFER_COHANDLERS, MS_ARGS(MS_VI(id)), cohandlers, e);
	if (!rc && demand_id)
		rc = ms_q_exec(db, &REFER_DEMAND, MS_ARGS(MS_VI(to), MS_VI(demand_id)), e);
	return rc;
}
