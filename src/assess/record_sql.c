/* record_sql.c — the SQL of deputies' performance files (assess.h). The
 * counted items are read where they lie: attendance and participation (the
 * rows that say a deputy was checked in and took part — never a ballot),
 * inspections, supervision letters, and the entries of record_entry. */
#include "assess_internal.h"

#include <string.h>

#include "../store/query.h"

/* The deputies a query is about: every deputy of the congress (first ?),
 * or only the one of the next two ? when it is not 0. */
#define DEPUTIES                                                                                              \
	"WITH d AS (SELECT u.id FROM \"user\" u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "   \
	"WHERE u.congress_id = ? AND (? = 0 OR u.id = ?)) "
/* A closed poll of the congress (?) opened from ? until before ? (UTC times, ISO 8601). */
#define POLL_OF(t) "JOIN poll p ON p.id = " t ".poll_id JOIN cycle c ON c.id = p.cycle_id "               \
		   "WHERE c.congress_id = ? AND p.status = 'closed' AND p.opened_at >= ? AND p.opened_at < ? "
/* An inspection counts for the member who recorded it and for each member it
 * names among its participants (a JSON array of ids, "[3,5]"). */
#define NAMED_IN(col, id)                                                                                     \
	"',' || replace(replace(" col ", '[', ''), ']', '') || ',' LIKE '%,' || CAST(" id " AS TEXT) || ',%'"
static const struct ms_stmt EVENTS = MS_STMT(
	"record.events",
	DEPUTIES "SELECT a.user_id, 'attendance' AS kind, p.id AS ref_id, p.title AS title, "
		 "p.opened_at AS day FROM attendance a JOIN d ON d.id = a.user_id " POLL_OF("a")
		 "UNION ALL SELECT t.user_id, 'vote', p.id, p.title, p.opened_at "
		 "FROM participation t JOIN d ON d.id = t.user_id " POLL_OF("t")
		 "UNION ALL SELECT d.id, 'inspection', i.id, g.name, i.day FROM inspection i "
		 "JOIN oversight_group g ON g.id = i.group_id "
		 "JOIN d ON (i.created_by = d.id OR " NAMED_IN("i.participants", "d.id") ") "
		 "WHERE g.congress_id = ? AND i.day BETWEEN ? AND ? "
		 "UNION ALL SELECT m.user_id, 'letter', l.id, g.name, l.sent_on FROM supervision_letter l "
		 "JOIN oversight_group g ON g.id = l.group_id JOIN oversight_member m ON m.group_id = l.group_id "
		 "JOIN d ON d.id = m.user_id WHERE g.congress_id = ? AND l.sent_on BETWEEN ? AND ? "
		 "UNION ALL SELECT e.deputy_id, e.kind, e.id, e.text, e.day FROM record_entry e "
		 "JOIN d ON d.id = e.deputy_id WHERE e.congress_id = ? AND e.status = 'approved' "
		 "AND e.day BETWEEN ? AND ? ORDER BY 1, 5, 2, 3");
static const struct ms_stmt DEPUTY = MS_STMT(
	"record.deputy", "SELECT u.id, u.name, u.congress_id FROM \"user\" u JOIN user_role r ON r.user_id = u.id "
			 "AND r.role = 'deputy' WHERE u.id = ? AND u.congress_id IS NOT NULL");
static const struct ms_stmt DEPUTIES_LIST = MS_STMT(
	"record.deputies",
	"SELECT u.id, u.name, (SELECT count(*) FROM record_entry e WHERE e.deputy_id = u.id AND e.status = 'pending') "
	"AS pending FROM \"user\" u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' WHERE u.congress_id = ? "
	"ORDER BY u.id");
static const struct ms_stmt GROUPS = MS_STMT(
	"record.groups", "SELECT g.id, g.name, g.scope, CASE WHEN g.leader_id = m.user_id THEN 1 ELSE 0 END AS leader_b, "
			 "g.created_at FROM oversight_member m JOIN oversight_group g ON g.id = m.group_id "
			 "WHERE m.user_id = ? ORDER BY g.id");
#define ENTRY_COLS                                                                                            \
	"SELECT e.id, e.congress_id, e.deputy_id, u.name AS deputy_name, e.kind, e.day, e.text, e.hours, "      \
	"e.status, e.reason, e.created_by, e.created_at, e.decided_by, e.decided_at "
#define ENTRY_FROM "FROM record_entry e JOIN \"user\" u ON u.id = e.deputy_id "
static const struct ms_stmt ENTRY_GET = MS_STMT("record.entry_get", ENTRY_COLS ENTRY_FROM "WHERE e.id = ?");
static const struct ms_stmt ENTRIES_DEPUTY =
	MS_STMT("record.entries_deputy",
		ENTRY_COLS ENTRY_FROM "WHERE e.deputy_id = ? AND e.day BETWEEN ? AND ? ORDER BY e.day, e.id");
static const struct ms_stmt ENTRIES_CONGRESS =
	MS_STMT("record.entries_congress", ENTRY_COLS ", count(*) OVER () AS _total " ENTRY_FROM
					   "WHERE e.congress_id = ? AND (? = '' OR e.status = ?) "
					   "ORDER BY e.id LIMIT ? OFFSET ?");
static const struct ms_stmt ENTRY_INSERT =
	MS_STMT("record.entry_insert",
		"INSERT INTO record_entry(congress_id, deputy_id, kind, day, text, hours, created_by, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt ENTRY_DECIDE =
	MS_STMT("record.entry_decide", "UPDATE record_entry SET status = ?, reason = ?, decided_by = ?, decided_at = ? "
				       "WHERE id = ? AND status = 'pending' RETURNING id");
static const struct ms_stmt ENTRY_CONGRESS =
	MS_STMT("record.entry_congress", "SELECT congress_id FROM record_entry WHERE id = ?");
static const struct ms_stmt POINTS =
	MS_STMT("record.points", "SELECT kind, points FROM record_points WHERE congress_id = ?");
static const struct ms_stmt POINTS_CLEAR =
	MS_STMT("record.points_clear", "DELETE FROM record_points WHERE congress_id = ?");
static const struct ms_stmt POINTS_ADD =
	MS_STMT("record.points_add", "INSERT INTO record_points(congress_id, kind, points) VALUES (?, ?, ?)");

const struct ms_stmt *const ms_record_stmts[] = {
	&EVENTS,	  &DEPUTY,	 &DEPUTIES_LIST, &GROUPS, &ENTRY_GET,	 &ENTRIES_DEPUTY, &ENTRIES_CONGRESS,
	&ENTRY_INSERT, &ENTRY_DECIDE, &ENTRY_CONGRESS, &POINTS, &POINTS_CLEAR, &POINTS_ADD,	  NULL};

const struct ms_name ms_record_entry_kind = {"record_entry", "履职登记", "performance entry"};
static const struct ms_name deputy_kind = {"deputy", "代表", "deputy"};

int ms_record_sql_events(struct ms_db *db, int64_t congress_id, int64_t deputy_id, const char *from, const char *to,
			 const char *opened_from, const char *opened_to, ms_record_event_fn fn, void *ctx,
			 struct ms_error *e)
{
	struct ms_sql_stmt *s = NULL;
	int rc = ms_q_bind(db, &EVENTS,
			   MS_ARGS(MS_VI(congress_id), MS_VI(deputy_id), MS_VI(deputy_id), MS_VI(congress_id),
				   MS_VT(opened_from), MS_VT(opened_to), MS_VI(congress_id), MS_VT(opened_from),
				   MS_VT(opened_to), MS_VI(congress_id), MS_VT(from),
				   MS_VT(to), MS_VI(congress_id), MS_VT(from), MS_VT(to), MS_VI(congress_id), MS_VT(from),
				   MS_VT(to)),
			   &s, e);
	while (!rc && (rc = ms_sql_step(s, e)) == 1) {
		int kind = ms_names_find(&ms_record_kind_names, ms_sql_column_text(s, 1, NULL));
		const char *title = ms_sql_column_text(s, 3, NULL);
		rc = kind < 0 ? 0
			      : fn(ctx, ms_sql_column_i64(s, 0), kind, ms_sql_column_i64(s, 2), title ? title : "",
				   ms_sql_column_text(s, 4, NULL), e);
	}
	if (s)
		ms_sql_reset(s);
	return rc == 1 ? 0 : rc;
}

int ms_record_sql_deputy(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &DEPUTY, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &deputy_kind, id) : rc;
}

int ms_deputy_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_q_row_json(db, &DEPUTY, MS_ARGS(MS_VI(id)), &o, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_failf(e, MS_E_NOT_A_DEPUTY_RECORD, NULL, MS_AI(id));
	if (!rc)
		*congress_id = json_integer_value(json_object_get(o, "congress_id"));
	json_decref(o);
	return rc;
}

int ms_record_entry_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &ENTRY_CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_record_entry_kind, id) : rc;
}

int ms_record_sql_deputies(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &DEPUTIES_LIST, MS_ARGS(MS_VI(congress_id)), out, e);
}

int ms_record_sql_groups(struct ms_db *db, int64_t deputy_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &GROUPS, MS_ARGS(MS_VI(deputy_id)), out, e);
}

int ms_record_sql_entries(struct ms_db *db, int64_t deputy_id, const char *from, const char *to, json_t **out,
			  struct ms_error *e)
{
	return ms_q_rows_json(db, &ENTRIES_DEPUTY, MS_ARGS(MS_VI(deputy_id), MS_VT(from), MS_VT(to)), out, e);
}

int ms_record_entry_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &ENTRY_GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_record_entry_kind, id) : rc;
}

int ms_record_entry_list(struct ms_db *db, int64_t congress_id, const char *status, const struct ms_page *pg,
			 json_t **out, struct ms_error *e)
{
	const char *st = status ? status : "";
	return ms_q_page(db, &ENTRIES_CONGRESS, MS_ARGS(MS_VI(congress_id), MS_VT(st), MS_VT(st)), pg, out, e);
}

int ms_record_sql_entry_insert(struct ms_db *db, int64_t congress_id, int64_t deputy_id, const struct ms_entry_in *in,
			       int64_t by, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &ENTRY_INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VI(deputy_id), MS_VT(in->kind), MS_VT(in->day), MS_VT(in->text),
				MS_VREF(in->hours), MS_VREF(by), MS_VT(now)),
			id, e);
}

int ms_record_sql_entry_decide(struct ms_db *db, int64_t id, const char *status, const char *reason, int64_t by,
			       const char *now, bool *done, struct ms_error *e)
{
	int64_t got = 0;
	int rc = ms_q_i64(db, &ENTRY_DECIDE, MS_ARGS(MS_VT(status), MS_VT(reason), MS_VREF(by), MS_VT(now), MS_VI(id)),
			  &got, e);
	*done = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}

int ms_record_sql_points(struct ms_db *db, int64_t congress_id, int64_t points[MS_RK_COUNT], bool *enabled,
			 struct ms_error *e)
{
	memset(points, 0, MS_RK_COUNT * sizeof points[0]);
	*enabled = false;
	struct ms_sql_stmt *s = NULL;
	int rc = ms_q_bind(db, &POINTS, MS_ARGS(MS_VI(congress_id)), &s, e);
	while (!rc && (rc = ms_sql_step(s, e)) == 1) {
		int k = ms_names_find(&ms_record_kind_names, ms_sql_column_text(s, 0, NULL));
		if (k >= 0) {
			points[k] = ms_sql_column_i64(s, 1);
			*enabled = true;
		}
		rc = 0;
	}
	if (s)
		ms_sql_reset(s);
	return rc == 1 ? 0 : rc;
}

int ms_record_sql_points_clear(struct ms_db *db, int64_t congress_id, struct ms_error *e)
{
	return ms_q_exec(db, &POINTS_CLEAR, MS_ARGS(MS_VI(congress_id)), e);
}

int ms_record_sql_points_add(struct ms_db *db, int64_t congress_id, const char *kind, int64_t points,
			     struct ms_error *e)
{
	return ms_q_exec(db, &POINTS_ADD, MS_ARGS(MS_VI(congress_id), MS_VT(kind), MS_VI(points)), e);
}
