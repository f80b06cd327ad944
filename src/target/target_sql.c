/* target_sql.c — the SQL of target lists (target.c). */
#include "target_internal.h"

#include <string.h>

#include "../core/util.h"
#include "../count/target.h"
#include "../store/query.h"

static const struct ms_stmt LIST_INSERT =
	MS_STMT("target.list_insert", "INSERT INTO target_list(congress_id, year, title, rollup, yellow_behind, red_behind, "
				      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt LIST_PUBLISH = MS_STMT(
	"target.list_publish", "UPDATE target_list SET status = 'published', published_at = ? WHERE id = ? AND status = 'draft'");
#define LIST_COLS                                                                                       \
	"SELECT l.id, l.congress_id, k.name AS congress_name, k.name_en AS congress_name_en, l.year, l.title, " \
	"l.rollup, l.yellow_behind, l.red_behind, l.status, l.published_at, l.created_at, "               \
	"(SELECT count(*) FROM target_task t WHERE t.list_id = l.id) AS tasks "                         \
	"FROM target_list l JOIN congress k ON k.id = l.congress_id "
static const struct ms_stmt LIST_GET = MS_STMT("target.list_get", LIST_COLS "WHERE l.id = ?");
static const struct ms_stmt LISTS = MS_STMT("target.lists", LIST_COLS "WHERE l.congress_id = ? AND (l.status = "
							      "'published' OR ? = 1) ORDER BY l.year DESC, l.id DESC");
static const struct ms_stmt LIST_ROW =
	MS_STMT("target.list_row", "SELECT id, congress_id, year, yellow_behind, red_behind, rollup, status, title "
				   "FROM target_list WHERE id = ?");
static const struct ms_stmt TASK_INSERT =
	MS_STMT("target.task_insert",
		"INSERT INTO target_task(list_id, parent_id, code, title, indicator, measure, direction, baseline, target, "
		"weight, deadline, lead_unit_id, co_units, official, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt TASKS = MS_STMT(
	"target.tasks",
	"SELECT t.id, t.parent_id, t.code, t.title, t.indicator, t.measure, t.direction, t.baseline, t.target, t.weight, "
	"t.deadline, t.lead_unit_id, n.name AS lead_unit_name, n.name_en AS lead_unit_name_en, t.co_units, t.official, "
	"(SELECT r.value FROM target_report r WHERE r.task_id = t.id AND r.state = 'accepted' "
	"ORDER BY r.reported_on DESC, r.id DESC LIMIT 1) AS value, (SELECT r.reported_on FROM target_report r "
	"WHERE r.task_id = t.id AND r.state = 'accepted' ORDER BY r.reported_on DESC, r.id DESC LIMIT 1) AS value_on, "
	"(SELECT count(*) FROM target_report r WHERE r.task_id = t.id AND r.state = 'filed') AS waiting, t.version, "
	"(SELECT count(*) FROM target_change g WHERE g.task_id = t.id AND g.state = 'proposed') AS changes_waiting "
	"FROM target_task t LEFT JOIN unit n ON n.id = t.lead_unit_id WHERE t.list_id = ? ORDER BY t.id");
static const struct ms_stmt UNITS = MS_STMT(
	"target.units", "SELECT n.id, n.name FROM unit n JOIN target_list l ON l.congress_id = n.congress_id "
			"WHERE l.id = ? ORDER BY n.id");
static const struct ms_stmt TASK_COUNT =
	MS_STMT("target.task_count", "SELECT count(*) FROM target_task WHERE list_id = ?");
static const struct ms_stmt TASK_ROW = MS_STMT(
	"target.task_row", "SELECT t.id, t.list_id, t.title, t.lead_unit_id, l.congress_id, l.status, l.year, "
			   "l.title AS list_title, "
			   "(SELECT count(*) FROM target_task s WHERE s.parent_id = t.id) AS subtasks "
			   "FROM target_task t JOIN target_list l ON l.id = t.list_id WHERE t.id = ?");
static const struct ms_stmt CODE_TAKEN =
	MS_STMT("target.code_taken", "SELECT 1 FROM target_task WHERE list_id = ? AND code = ?");
static const struct ms_stmt REPORT_INSERT =
	MS_STMT("target.report_insert", "INSERT INTO target_report(task_id, value, evidence, reported_on, filed_by, "
					"created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt REPORT_ROW = MS_STMT(
	"target.report_row", "SELECT r.id, r.task_id, r.state, r.filed_by, l.congress_id FROM target_report r "
			     "JOIN target_task t ON "
			     "t.id = r.task_id JOIN target_list l ON l.id = t.list_id WHERE r.id = ?");
static const struct ms_stmt REPORT_DECIDE =
	MS_STMT("target.report_decide", "UPDATE target_report SET state = ?, note = ?, decided_by = ?, decided_at = ? "
					"WHERE id = ? AND state = 'filed' RETURNING id");
static const struct ms_stmt REPORTS =
	MS_STMT("target.reports", "SELECT id, task_id, value, evidence, reported_on, state, note, created_at, decided_at "
				  "FROM target_report WHERE task_id = ? AND (state = 'accepted' OR ? = 1) ORDER BY id DESC");

static const struct ms_stmt TASK_FIELDS = MS_STMT(
	"target.task_fields", "SELECT t.id, t.title, t.target, t.deadline, t.weight, t.version, t.baseline, t.direction, "
			      "l.year, l.congress_id, "
			      "l.status FROM target_task t JOIN target_list l ON l.id = t.list_id WHERE t.id = ?");
static const struct ms_stmt CHANGE_INSERT =
	MS_STMT("target.change_insert",
		"INSERT INTO target_change(task_id, target, deadline, weight, reason, before_target, before_deadline, "
		"before_weight, proposed_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt CHANGE_PENDING =
	MS_STMT("target.change_pending", "SELECT 1 FROM target_change WHERE task_id = ? AND state = 'proposed'");
static const struct ms_stmt CHANGE_ROW = MS_STMT(
	"target.change_row", "SELECT g.id, g.task_id, g.target, g.deadline, g.weight, g.state, g.proposed_by, "
			     "l.congress_id FROM target_change g JOIN target_task t ON t.id = g.task_id "
			     "JOIN target_list l ON l.id = t.list_id WHERE g.id = ?");
static const struct ms_stmt CHANGE_DECIDE =
	MS_STMT("target.change_decide", "UPDATE target_change SET state = ?, note = ?, decided_by = ?, decided_at = ? "
					"WHERE id = ? AND state = 'proposed' RETURNING id");
static const struct ms_stmt CHANGE_VERSION =
	MS_STMT("target.change_version", "UPDATE target_change SET version = ? WHERE id = ?");
static const struct ms_stmt TASK_APPLY =
	MS_STMT("target.task_apply", "UPDATE target_task SET target = coalesce(?, target), deadline = coalesce(?, deadline), "
				     "weight = coalesce(?, weight), version = version + 1 WHERE id = ?");
static const struct ms_stmt CHANGES = MS_STMT(
	"target.changes", "SELECT id, task_id, target, deadline, weight, reason, before_target, before_deadline, "
			  "before_weight, state, version, note, created_at, decided_at FROM target_change WHERE task_id = ? "
			  "ORDER BY id DESC");

const struct ms_stmt *const ms_target_stmts[] = {&TASK_FIELDS, &CHANGE_INSERT, &CHANGE_PENDING, &CHANGE_ROW,
						 &CHANGE_DECIDE, &CHANGE_VERSION, &TASK_APPLY, &CHANGES,&LIST_INSERT, &LIST_PUBLISH, &LIST_GET,	 &LISTS,
						 &LIST_ROW,    &TASK_INSERT,  &TASKS,		 &TASK_COUNT,
						 &TASK_ROW,    &CODE_TAKEN,   &UNITS,   &REPORT_INSERT,	 &REPORT_ROW,
						 &REPORT_DECIDE, &REPORTS,    NULL};

int ms_target_sql_list_insert(struct ms_db *db, int64_t congress_id, const struct ms_target_list_in *in,
			      const char *rollup, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &LIST_INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VI(in->year), MS_VT(in->title), MS_VT(rollup),
				MS_VI(in->yellow_behind), MS_VI(in->red_behind), MS_VT(now)),
			id, e);
}

int ms_target_sql_list_publish(struct ms_db *db, int64_t id, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &LIST_PUBLISH, MS_ARGS(MS_VT(now), MS_VI(id)), e);
}

int ms_target_sql_list_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &LIST_GET, MS_ARGS(MS_VI(id)), out, e);
}

int ms_target_sql_lists(struct ms_db *db, int64_t congress_id, bool drafts, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &LISTS, MS_ARGS(MS_VI(congress_id), MS_VI(drafts)), out, e);
}

int ms_target_sql_list_row(struct ms_db *db, int64_t id, struct ms_target_list_row *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &LIST_ROW, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		rc = 0;
		out->id = ms_sql_column_i64(s, 0);
		out->congress_id = ms_sql_column_i64(s, 1);
		out->year = ms_sql_column_i64(s, 2);
		out->yellow_behind = ms_sql_column_i64(s, 3);
		out->red_behind = ms_sql_column_i64(s, 4);
		out->rollup = ms_names_find(&ms_target_rollup_names, ms_sql_column_text(s, 5, NULL));
		const char *st = ms_sql_column_text(s, 6, NULL);
		out->published = st && strcmp(st, "published") == 0;
		const char *t = ms_sql_column_text(s, 7, NULL);
		ms_strlcpy(out->title, t ? t : "", sizeof out->title);
	} else if (rc == 0) {
		rc = ms_store_not_found(e, &ms_target_list_kind, id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_target_sql_task_insert(struct ms_db *db, int64_t list_id, const struct ms_target_task_in *in, const char *direction,
			      const char *co_units, const char *deadline, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &TASK_INSERT,
			MS_ARGS(MS_VI(list_id), MS_VREF(in->parent_id), MS_VT(in->code), MS_VT(in->title),
				MS_VT(in->indicator ? in->indicator : ""), MS_VT(in->measure ? in->measure : ""),
				MS_VT(direction), MS_VI(in->baseline), MS_VI(in->target), MS_VI(in->weight), MS_VT(deadline),
				MS_VREF(in->lead_unit_id), MS_VT(co_units), MS_VT(in->official ? in->official : ""),
				MS_VT(now)),
			id, e);
}

int ms_target_sql_tasks(struct ms_db *db, int64_t list_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &TASKS, MS_ARGS(MS_VI(list_id)), out, e);
}

int ms_target_sql_units(struct ms_db *db, int64_t list_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &UNITS, MS_ARGS(MS_VI(list_id)), out, e);
}

int ms_target_sql_task_count(struct ms_db *db, int64_t list_id, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &TASK_COUNT, MS_ARGS(MS_VI(list_id)), n, e);
}

int ms_target_sql_task_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &TASK_ROW, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_target_task_kind, id) : rc;
}

int ms_target_sql_code_taken(struct ms_db *db, int64_t list_id, const char *code, bool *taken, struct ms_error *e)
{
	return ms_q_exists(db, &CODE_TAKEN, MS_ARGS(MS_VI(list_id), MS_VT(code)), taken, e);
}

int ms_target_sql_report_insert(struct ms_db *db, int64_t task_id, int64_t value, const char *evidence, const char *on,
				int64_t by, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &REPORT_INSERT,
			MS_ARGS(MS_VI(task_id), MS_VI(value), MS_VT(evidence), MS_VT(on), MS_VREF(by), MS_VT(now)), id, e);
}

int ms_target_sql_report_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &REPORT_ROW, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_target_report_kind, id) : rc;
}

int ms_target_sql_report_decide(struct ms_db *db, int64_t id, const char *state, const char *note, int64_t by,
				const char *now, struct ms_error *e)
{
	int64_t done = 0; /* MS_ERR_NOT_FOUND: decided meanwhile */
	return ms_q_i64(db, &REPORT_DECIDE, MS_ARGS(MS_VT(state), MS_VT(note), MS_VREF(by), MS_VT(now), MS_VI(id)), &done,
			e);
}

int ms_target_sql_reports(struct ms_db *db, int64_t task_id, bool all, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &REPORTS, MS_ARGS(MS_VI(task_id), MS_VI(all)), out, e);
}

int ms_target_sql_task_fields(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &TASK_FIELDS, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_target_task_kind, id) : rc;
}

int ms_target_sql_change_insert(struct ms_db *db, int64_t task_id, const struct ms_target_change_in *in,
				json_t *before, int64_t by, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &CHANGE_INSERT,
			MS_ARGS(MS_VI(task_id), in->has_target ? MS_VI(in->target) : MS_VT(NULL), MS_VT(in->deadline),
				MS_VREF(in->weight), MS_VT(in->reason),
				MS_VI(json_integer_value(json_object_get(before, "target"))),
				MS_VT(json_string_value(json_object_get(before, "deadline"))),
				MS_VI(json_integer_value(json_object_get(before, "weight"))), MS_VREF(by), MS_VT(now)),
			id, e);
}

int ms_target_sql_change_pending(struct ms_db *db, int64_t task_id, bool *yes, struct ms_error *e)
{
	return ms_q_exists(db, &CHANGE_PENDING, MS_ARGS(MS_VI(task_id)), yes, e);
}

int ms_target_sql_change_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &CHANGE_ROW, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_target_change_kind, id) : rc;
}

int ms_target_sql_change_decide(struct ms_db *db, int64_t id, const char *state, const char *note, int64_t by,
				const char *now, struct ms_error *e)
{
	int64_t done = 0; /* MS_ERR_NOT_FOUND: decided meanwhile */
	return ms_q_i64(db, &CHANGE_DECIDE, MS_ARGS(MS_VT(state), MS_VT(note), MS_VREF(by), MS_VT(now), MS_VI(id)), &done,
			e);
}

int ms_target_sql_change_version(struct ms_db *db, int64_t id, int64_t version, struct ms_error *e)
{
	return ms_q_exec(db, &CHANGE_VERSION, MS_ARGS(MS_VI(version), MS_VI(id)), e);
}

int ms_target_sql_task_apply(struct ms_db *db, int64_t task_id, json_t *change, struct ms_error *e)
{
	json_t *t = json_object_get(change, "target");
	return ms_q_exec(db, &TASK_APPLY,
			 MS_ARGS(json_is_integer(t) ? MS_VI(json_integer_value(t)) : MS_VT(NULL),
				 MS_VT(json_string_value(json_object_get(change, "deadline"))),
				 MS_VREF(json_integer_value(json_object_get(change, "weight"))), MS_VI(task_id)),
			 e);
}

int ms_target_sql_changes(struct ms_db *db, int64_t task_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &CHANGES, MS_ARGS(MS_VI(task_id)), out, e);
}
