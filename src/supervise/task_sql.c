/* task_sql.c — the SQL of warning lights and supervision tasks. */
#include "supervise_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../store/query.h"

static const struct ms_stmt INPUT =
	MS_STMT("task.input", "SELECT p.congress_id, p.lead_unit_id, p.state, p.light, v.plan, p.percent_done, p.started, "
			      "p.last_report_on, p.reported_percent FROM project p LEFT JOIN plan_version v ON v.project_id = p.id "
			      "AND v.version = p.plan_version WHERE p.id = ?");
static const struct ms_stmt SET_LIGHT =
	MS_STMT("task.set_light", "UPDATE project SET light = ?, light_why = ? WHERE id = ?");
static const struct ms_stmt OPEN_EXISTS =
	MS_STMT("task.open_exists", "SELECT 1 FROM task WHERE project_id = ? AND done_on IS NULL");
static const struct ms_stmt INSERT =
	MS_STMT("task.insert", "INSERT INTO task(project_id, congress_id, unit_id, why, created_on, due_on, created_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt PROJECTS =
	MS_STMT("task.projects", "SELECT id FROM project WHERE (? = 0 OR congress_id = ?) ORDER BY id");
static const struct ms_stmt OVERDUE =
	MS_STMT("task.overdue", "SELECT id, congress_id, due_on, level, escalated_on FROM task WHERE done_on IS NULL "
				"AND due_on < ? AND (? = 0 OR congress_id = ?) ORDER BY congress_id, id");
static const struct ms_stmt ESCALATE =
	MS_STMT("task.escalate", "UPDATE task SET level = ?, escalated_on = ? WHERE id = ?");
#define TASK_COLS                                                                                              \
	"SELECT t.id, t.project_id, t.congress_id, k.title AS project_title, k.title_en AS project_title_en, "  \
	"t.unit_id, n.name AS unit_name, n.name_en AS unit_name_en, t.why, t.created_on, t.due_on, t.level, "   \
	"t.escalated_on, t.done_on, t.done_note, "                                                              \
	"CASE WHEN t.done_on IS NULL AND t.due_on < ? THEN 1 ELSE 0 END AS overdue "
#define TASK_FROM                                                                                              \
	"FROM task t JOIN project p ON p.id = t.project_id JOIN candidate k ON k.id = p.candidate_id "         \
	"LEFT JOIN unit n ON n.id = t.unit_id "
static const struct ms_stmt GET = MS_STMT("task.get", TASK_COLS TASK_FROM "WHERE t.id = ?");
static const struct ms_stmt DONE =
	MS_STMT("task.done", "UPDATE task SET done_on = ?, done_note = ?, done_by = ? WHERE id = ? AND done_on IS NULL");
static const struct ms_stmt LIST = MS_STMT(
	"task.list", TASK_COLS ", count(*) OVER () AS _total " TASK_FROM
	"WHERE t.congress_id = ? AND (? = 0 OR t.unit_id = ?) AND (? = 'all' OR (? = 'done' AND t.done_on IS NOT NULL) "
	"OR (? = 'open' AND t.done_on IS NULL) OR (? = 'overdue' AND t.done_on IS NULL AND t.due_on < ?)) "
	"ORDER BY t.done_on IS NOT NULL, t.due_on, t.id LIMIT ? OFFSET ?");

static const struct ms_stmt ACCEPT =
	MS_STMT("task.accept", "UPDATE project SET state = 'finished', accepted_on = ?, acceptance = ?, accepted_by = ? "
			       "WHERE id = ? AND state <> 'finished'");
/* The project's latest report: its id, and whether it is published. */
static const struct ms_stmt LATEST_REPORT =
	MS_STMT("task.latest_report", "SELECT id, CASE WHEN published_on IS NULL THEN 0 ELSE 1 END AS published FROM report "
				      "WHERE project_id = ? ORDER BY id DESC LIMIT 1");

/* Uploads that joined no report or inspection, made before a day. */
#define UNUSED "FROM attachment WHERE report_id IS NULL AND inspection_id IS NULL AND uploaded_on < ? AND " \
	       "(? = 0 OR congress_id = ?)"
static const struct ms_stmt UNUSED_COUNT =
	MS_STMT("task.unused_count", "SELECT congress_id, count(*) AS n " UNUSED " GROUP BY congress_id ORDER BY congress_id");
static const struct ms_stmt UNUSED_DELETE = MS_STMT("task.unused_delete", "DELETE " UNUSED);

const struct ms_stmt *const ms_task_stmts[] = {&INPUT, &SET_LIGHT, &OPEN_EXISTS, &INSERT, &PROJECTS, &OVERDUE,
					       &ESCALATE, &GET, &DONE, &LIST, &ACCEPT, &LATEST_REPORT, &UNUSED_COUNT, &UNUSED_DELETE, NULL};

int ms_task_sql_unused(struct ms_db *db, int64_t congress_id, const char *before, bool delete, json_t **out,
		       struct ms_error *e)
{
	if (delete)
		return ms_q_exec(db, &UNUSED_DELETE, MS_ARGS(MS_VT(before), MS_VI(congress_id), MS_VI(congress_id)), e);
	return ms_q_rows_json(db, &UNUSED_COUNT, MS_ARGS(MS_VT(before), MS_VI(congress_id), MS_VI(congress_id)), out, e);
}

int ms_task_sql_latest_report(struct ms_db *db, int64_t project_id, int64_t *id, bool *published, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_q_row_json(db, &LATEST_REPORT, MS_ARGS(MS_VI(project_id)), &row, e);
	*id = 0;
	*published = false;
	if (rc == MS_ERR_NOT_FOUND)
		return 0;
	if (!rc) {
		*id = json_integer_value(json_object_get(row, "id"));
		*published = json_integer_value(json_object_get(row, "published")) != 0;
	}
	json_decref(row);
	return rc;
}

int ms_task_sql_accept(struct ms_db *db, int64_t project_id, const char *on, const char *note, int64_t by,
		       struct ms_error *e)
{
	return ms_q_exec(db, &ACCEPT, MS_ARGS(MS_VT(on), MS_VT(note), MS_VREF(by), MS_VI(project_id)), e);
}

int ms_task_sql_input(struct ms_db *db, int64_t project_id, struct ms_light_input *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &INPUT, MS_ARGS(MS_VI(project_id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		rc = 0;
		out->congress_id = ms_sql_column_i64(s, 0);
		out->lead_unit_id = ms_sql_column_i64(s, 1);
		out->state = ms_names_find(&ms_project_state_names, ms_sql_column_text(s, 2, NULL));
		out->light = ms_names_find(&ms_light_names, ms_sql_column_text(s, 3, NULL));
		if (ms_sql_column_type(s, 4) != MS_SQL_NULL && !(out->plan = strdup(ms_sql_column_text(s, 4, NULL))))
			rc = ms_nomem(e);
		out->percent = (int)ms_sql_column_i64(s, 5);
		out->started = ms_sql_column_i64(s, 6) != 0;
		out->last_report = MS_LIGHT_NO_DAY;
		int32_t d;
		if (ms_sql_column_type(s, 7) != MS_SQL_NULL && ms_day_parse(ms_sql_column_text(s, 7, NULL), &d))
			out->last_report = d;
		out->reported = (int)ms_sql_column_i64(s, 8);
	} else if (rc == 0) {
		rc = ms_store_not_found(e, &ms_project_kind, project_id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_task_sql_set_light(struct ms_db *db, int64_t project_id, const char *light, const char *why,
			  struct ms_error *e)
{
	return ms_q_exec(db, &SET_LIGHT, MS_ARGS(MS_VT(light), MS_VT(why), MS_VI(project_id)), e);
}

int ms_task_sql_open_exists(struct ms_db *db, int64_t project_id, bool *open, struct ms_error *e)
{
	return ms_q_exists(db, &OPEN_EXISTS, MS_ARGS(MS_VI(project_id)), open, e);
}

int ms_task_sql_insert(struct ms_db *db, int64_t project_id, int64_t congress_id, int64_t unit_id, const char *why,
		       const char *created_on, const char *due_on, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(project_id), MS_VI(congress_id), MS_VREF(unit_id), MS_VT(why), MS_VT(created_on),
				MS_VT(due_on), MS_VT(now)),
			id, e);
}

int ms_task_sql_projects(struct ms_db *db, int64_t congress_id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &PROJECTS, MS_ARGS(MS_VI(congress_id), MS_VI(congress_id)), ids, NULL, n, e);
}

int ms_task_sql_overdue(struct ms_db *db, int64_t congress_id, const char *today, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &OVERDUE, MS_ARGS(MS_VT(today), MS_VI(congress_id), MS_VI(congress_id)), out, e);
}

int ms_task_sql_escalate(struct ms_db *db, int64_t id, int64_t level, const char *on, struct ms_error *e)
{
	return ms_q_exec(db, &ESCALATE, MS_ARGS(MS_VI(level), MS_VT(on), MS_VI(id)), e);
}

/* why is stored as JSON text: answered as an object. */
static void why_object(json_t *row)
{
	json_t *why = json_loads(json_string_value(json_object_get(row, "why")), 0, NULL);
	json_object_set_new(row, "why", why ? why : json_null());
	json_object_set_new(row, "overdue", json_boolean(json_integer_value(json_object_get(row, "overdue")) != 0));
}

int ms_task_sql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	char today[11];
	ms_day_format(ms_day_today(), today);
	static const struct ms_name kind = {"task", "督办事项", "task"};
	int rc = ms_q_row_json(db, &GET, MS_ARGS(MS_VT(today), MS_VI(id)), out, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &kind, id);
	if (!rc)
		why_object(*out);
	return rc;
}

int ms_task_sql_done(struct ms_db *db, int64_t id, const char *on, const char *note, int64_t by, struct ms_error *e)
{
	return ms_q_exec(db, &DONE, MS_ARGS(MS_VT(on), MS_VT(note), MS_VREF(by), MS_VI(id)), e);
}

int ms_task_sql_list(struct ms_db *db, int64_t congress_id, int64_t unit_id, const char *state, const char *today,
		     const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *st = state ? state : "all";
	int rc = ms_q_page(db, &LIST,
			   MS_ARGS(MS_VT(today), MS_VI(congress_id), MS_VI(unit_id), MS_VI(unit_id), MS_VT(st), MS_VT(st),
				   MS_VT(st), MS_VT(st), MS_VT(today)),
			   pg, out, e);
	if (rc)
		return rc;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(*out, "items"), i, row) why_object(row);
	return 0;
}
