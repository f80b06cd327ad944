/* target_http.c — target lists: a congress's lists, one with its task tree
 * and progress, a task added or many imported from CSV, publishing, the
 * values the units report and the staff's decision on them. */
#include "target_http.h"

#include "target_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../api/csvimport.h"
#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../count/target.h"
#include "../org/org.h"

static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_field share_fields[] = {
	{.name = "exact", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the exact share, p/q"},
	{.name = "percent", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "as a percent to one decimal, rounded down"},
	{0}};
#define LIST_OUT                                                                                         \
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("congress_name", MS_F_STR),               \
		MS_OUT_NULL("congress_name_en", MS_F_STR), MS_OUT("year", MS_F_INT), MS_OUT("title", MS_F_STR), \
		{.name = "rollup", .kind = MS_F_ENUM, .names = &ms_target_rollup_names, .flags = MS_FIELD_REQUIRED, \
		 .doc = "how a task's progress rolls up from its sub-tasks"},                                    \
		MS_OUT("yellow_behind", MS_F_INT), MS_OUT("red_behind", MS_F_INT),                                 \
		{.name = "status", .kind = MS_F_ENUM, .names = &ms_target_status_names, .flags = MS_FIELD_REQUIRED}, \
		MS_OUT_NULL("published_at", MS_F_STR), MS_OUT("created_at", MS_F_STR), MS_OUT("tasks", MS_F_INT)
static const struct ms_field listed_fields[] = {LIST_OUT, {0}};
static const struct ms_view listed_view = {"TargetListed", listed_fields, "a target list (任务清单)"};
static const struct ms_field lists_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &listed_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view lists_view = {"TargetLists", lists_fields, "a congress's target lists, newest year first"};
static const struct ms_field task_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT_NULL("parent_id", MS_F_ID), MS_OUT("code", MS_F_STR), MS_OUT("title", MS_F_STR),
	MS_OUT("indicator", MS_F_STR), MS_OUT("measure", MS_F_STR),
	{.name = "direction", .kind = MS_F_ENUM, .names = &ms_target_direction_names, .flags = MS_FIELD_REQUIRED},
	{.name = "baseline", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "a decimal in the measure"},
	MS_OUT("target", MS_F_STR), MS_OUT("weight", MS_F_INT), MS_OUT("deadline", MS_F_DATE),
	MS_OUT_NULL("lead_unit_id", MS_F_ID), MS_OUT_NULL("lead_unit_name", MS_F_STR),
	MS_OUT_NULL("lead_unit_name_en", MS_F_STR),
	{.name = "co_units", .kind = MS_F_ARRAY, .item = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "co-operating units' ids"},
	{.name = "co_unit_names", .kind = MS_F_ARRAY, .item = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "their names, in the same order"},
	MS_OUT("official", MS_F_STR),
	{.name = "value", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the latest accepted value; null: none yet"},
	MS_OUT_NULL("value_on", MS_F_STR),
	{.name = "waiting", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "reports waiting for the staff"},
	MS_OUT("depth", MS_F_INT), MS_OUT("subtasks", MS_F_INT),
	{.name = "version", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "1 + the changes approved since publishing"},
	{.name = "changes_waiting", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "a change waiting for approval (0 or 1)"},
	{.name = "progress", .kind = MS_F_OBJECT, .sub = share_fields, .flags = MS_FIELD_REQUIRED},
	{.name = "planned", .kind = MS_F_OBJECT, .sub = share_fields, .flags = MS_FIELD_REQUIRED},
	{.name = "light", .kind = MS_F_ENUM, .names = &ms_target_light_names, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view task_view = {"TargetTask", task_fields, "a task of a target list with its progress"};
static const struct ms_field list_fields[] = {
	LIST_OUT,
	{.name = "rule", .kind = MS_F_OBJECT, .sub = words_fields, .flags = MS_FIELD_REQUIRED,
	 .doc = "the roll-up and the lights in words"},
	{.name = "today", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED},
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &task_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the tasks, parents before their sub-tasks"},
	{0}};
static const struct ms_view list_view = {"TargetList", list_fields, "a target list with its tasks and progress"};
static const struct ms_field report_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("task_id", MS_F_ID), MS_OUT("value", MS_F_STR), MS_OUT("evidence", MS_F_STR),
	MS_OUT("reported_on", MS_F_DATE),
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_target_report_state_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("note", MS_F_STR), MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("decided_at", MS_F_STR), {0}};
static const struct ms_view report_view = {"TargetReport", report_fields, "a value a unit reported"};
static const struct ms_field reports_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &report_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view reports_view = {"TargetReports", reports_fields, "a task's reports, newest first"};

static const struct ms_field create_body[] = {
	{.name = "year", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 2000, .max = 2100},
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TARGET_TITLE_MAX},
	{.name = "rollup", .kind = MS_F_ENUM, .names = &ms_target_rollup_names, .doc = "default average"},
	{.name = "yellow_behind", .kind = MS_F_INT, .min = 0, .max = 100, .doc = "points behind plan for yellow (10)"},
	{.name = "red_behind", .kind = MS_F_INT, .min = 0, .max = 100, .doc = "points behind plan for red (25)"},
	{0}};
static const struct ms_field task_body[] = {
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TARGET_CODE_MAX,
	 .doc = "its number in the work report, unique in the list"},
	{.name = "parent_id", .kind = MS_F_ID, .doc = "the task it is decomposed from"},
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TARGET_TITLE_MAX},
	{.name = "indicator", .kind = MS_F_STR, .max = MS_TARGET_TEXT_MAX, .doc = "the quantified indicator's name"},
	{.name = "measure", .kind = MS_F_STR, .max = MS_TARGET_MEASURE_MAX, .doc = "its unit of measure"},
	{.name = "direction", .kind = MS_F_ENUM, .names = &ms_target_direction_names, .doc = "default up"},
	{.name = "baseline", .kind = MS_F_STR, .max = 32, .doc = "a decimal, at most three decimals (default 0)"},
	{.name = "target", .kind = MS_F_STR, .max = 32, .doc = "a decimal, at most three decimals (default 0)"},
	{.name = "weight", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "for a weighted roll-up (default 1)"},
	{.name = "deadline", .kind = MS_F_DATE, .doc = "within the list's year (default its last day)"},
	{.name = "lead_unit_id", .kind = MS_F_ID, .doc = "the lead unit (牵头单位)"},
	{.name = "co_unit_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = 20, .doc = "co-operating units (配合单位)"},
	{.name = "official", .kind = MS_F_STR, .max = MS_TARGET_TEXT_MAX, .doc = "the responsible official"},
	{0}};
static const struct ms_field report_body[] = {
	{.name = "value", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 32,
	 .doc = "the indicator's value now, a decimal"},
	{.name = "evidence", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TARGET_EVIDENCE_MAX},
	{.name = "on", .kind = MS_F_DATE, .doc = "the day it was measured (default today)"},
	{0}};
static const struct ms_field decide_body[] = {{.name = "note", .kind = MS_F_STR, .max = MS_TARGET_EVIDENCE_MAX}, {0}};
static const struct ms_field no_body[] = {{0}};

static int today_str(char d[11])
{
	ms_day_format(ms_day_today(), d);
	return 0;
}

static int h_lists(struct ms_ctx *c, json_t **out)
{
	return ms_target_list_list(c->db, c->id, ms_api_staff(c, c->id), out, &c->err);
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	struct ms_target_list_in in = {.year = ms_api_int(c, "year", 0),
				       .title = ms_api_str(c, "title"),
				       .rollup = ms_api_enum(c, "rollup", &ms_target_rollup_names, -1),
				       .yellow_behind = ms_api_int(c, "yellow_behind", -1),
				       .red_behind = ms_api_int(c, "red_behind", -1)};
	int64_t id;
	int rc = ms_target_list_create(c->db, &c->who, c->id, &in, &id, &c->err);
	char d[11];
	today_str(d);
	return rc ? rc : ms_target_list_get(c->db, id, true, d, out, &c->err);
}

int ms_target_list_view(struct ms_ctx *c, json_t **out)
{
	char d[11];
	today_str(d);
	return ms_target_list_get(c->db, c->id, ms_api_staff(c, c->congress_id), d, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_target_list_view(c, out);
}

static int h_publish(struct ms_ctx *c, json_t **out)
{
	char d[11];
	int rc = ms_target_list_publish(c->db, &c->who, c->id, &c->err);
	today_str(d);
	return rc ? rc : ms_target_list_get(c->db, c->id, true, d, out, &c->err);
}

/* A decimal field into thousandths (0 when absent); 422 target_value. */
static int value_of(struct ms_ctx *c, const char *name, int64_t *v)
{
	const char *s = ms_api_str(c, name);
	*v = 0;
	if (s && !ms_target_parse_value(s, v))
		return ms_failf(&c->err, MS_E_TARGET_VALUE, name, MS_AS(name), MS_AS(s));
	return 0;
}

static int h_task(struct ms_ctx *c, json_t **out)
{
	struct ms_target_task_in in = {.code = ms_api_str(c, "code"),
				       .parent_id = ms_api_int(c, "parent_id", 0),
				       .title = ms_api_str(c, "title"),
				       .indicator = ms_api_str(c, "indicator"),
				       .measure = ms_api_str(c, "measure"),
				       .official = ms_api_str(c, "official"),
				       .direction = ms_api_enum(c, "direction", &ms_target_direction_names, MS_TARGET_UP),
				       .weight = ms_api_int(c, "weight", 1),
				       .deadline = ms_api_str(c, "deadline"),
				       .lead_unit_id = ms_api_int(c, "lead_unit_id", 0)};
	int rc;
	if ((rc = value_of(c, "baseline", &in.baseline)) || (rc = value_of(c, "target", &in.target)))
		return rc;
	int64_t *co = ms_api_ints(c, "co_unit_ids", &in.n_co_units), id;
	in.co_units = co;
	rc = ms_target_task_create(c->db, &c->who, c->id, &in, &id, &c->err);
	free(co);
	char d[11];
	today_str(d);
	return rc ? rc : ms_target_list_get(c->db, c->id, true, d, out, &c->err);
}

/* ---- tasks by CSV ---- */

enum { T_CODE, T_PARENT, T_TITLE, T_INDICATOR, T_MEASURE, T_DIRECTION, T_BASELINE, T_TARGET, T_WEIGHT, T_DEADLINE,
       T_LEAD, T_CO, T_OFFICIAL, T_COLS };
static const char *const task_cols[T_COLS] = {"code",	  "parent_code", "title",  "indicator", "measure",
					      "direction", "baseline",	  "target", "weight",	"deadline",
					      "lead_unit", "co_units",	  "official"};

struct row {
	struct ms_target_task_in in;
	char *parent_code; /* when the parent is an earlier row of the file */
	int64_t co[21];
};

/* A unit of the list's congress by name into *id; a fault otherwise. */
static int unit_of(struct ms_ctx *c, struct ms_import *im, size_t line, int64_t congress, const char *name,
		   const char *field, int64_t *id)
{
	json_t *u = NULL;
	struct ms_error x;
	int rc = ms_unit_find(c->db, congress, name, &u, &x);
	if (rc == MS_ERR_UNPROCESSABLE || rc == MS_ERR_CONFLICT) {
		ms_import_fault(im, line, field, &x);
		return 0;
	}
	if (rc) {
		c->err = x;
		return rc;
	}
	*id = json_integer_value(json_object_get(u, "id"));
	json_decref(u);
	return 0;
}

static int task_row(struct ms_ctx *c, struct ms_import *im, const struct ms_target_list_row *l, size_t i,
		    struct row *rows, json_t *codes)
{
	size_t line;
	char **f = ms_import_row(im, i, &line);
	if (!f)
		return 0;
	struct row *r = &rows[i];
	struct ms_import_faults rf;
	ms_import_faults_init(&rf, im, line);
	struct ms_error x;
	int rc;
	r->in = (struct ms_target_task_in){.code = ms_import_given(im, f, T_CODE),
					   .title = ms_import_given(im, f, T_TITLE),
					   .indicator = ms_import_given(im, f, T_INDICATOR),
					   .measure = ms_import_given(im, f, T_MEASURE),
					   .official = ms_import_given(im, f, T_OFFICIAL),
					   .deadline = ms_import_given(im, f, T_DEADLINE),
					   .weight = 1,
					   .co_units = r->co};
	const char *dir = ms_import_given(im, f, T_DIRECTION);
	r->in.direction = dir ? ms_names_find(&ms_target_direction_names, dir) : MS_TARGET_UP;
	for (size_t k = 0; dir && r->in.direction < 0 && k < ms_target_direction_names.n; k++)
		if (strcmp(dir, ms_target_direction_names.v[k].zh) == 0 || strcmp(dir, k ? "降低" : "提高") == 0)
			r->in.direction = (int)k;
	const char *vals[2] = {ms_import_given(im, f, T_BASELINE), ms_import_given(im, f, T_TARGET)};
	int64_t *dst[2] = {&r->in.baseline, &r->in.target};
	for (int k = 0; k < 2; k++)
		if (vals[k] && !ms_target_parse_value(vals[k], dst[k])) {
			ms_failf(&x, MS_E_TARGET_VALUE, task_cols[T_BASELINE + k], MS_AS(task_cols[T_BASELINE + k]),
				 MS_AS(vals[k]));
			ms_import_fault(im, line, NULL, &x);
		}
	const char *w = ms_import_given(im, f, T_WEIGHT);
	if (w && (ms_parse_i64(w, &r->in.weight) != 0 || r->in.weight < 1 || r->in.weight > 1000)) {
		ms_failf(&x, MS_E_INVALID_VALUE, "weight", MS_AS("weight"), MS_AT("1 到 1000 的整数", "a whole number from 1 to 1000"));
		ms_import_fault(im, line, NULL, &x);
		r->in.weight = 1;
	}
	const char *lead = ms_import_given(im, f, T_LEAD);
	if (lead && (rc = unit_of(c, im, line, l->congress_id, lead, "lead_unit", &r->in.lead_unit_id)))
		return rc;
	/* co-operating units: names separated by 、 ; or , */
	const char *co = ms_import_given(im, f, T_CO);
	if (co) {
		char *copy = strdup(co);
		if (!copy)
			return ms_nomem(&c->err);
		static const char *const seps[] = {"、", "；", ";", "，", ","};
		for (char *s = copy; s && *s;) {
			char *end = NULL;
			size_t skip = 0;
			for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
				char *at = strstr(s, seps[k]);
				if (at && (!end || at < end)) {
					end = at;
					skip = strlen(seps[k]);
				}
			}
			if (end)
				*end = 0;
			if (*s && r->in.n_co_units >= 20) {
				r->in.n_co_units = 21; /* one more than allowed: the check faults it */
				break;
			}
			if (*s) {
				int64_t id = 0;
				if ((rc = unit_of(c, im, line, l->congress_id, s, "co_units", &id))) {
					free(copy);
					return rc;
				}
				if (id)
					r->co[r->in.n_co_units++] = id;
			}
			s = end ? end + skip : NULL;
		}
		free(copy);
	}
	/* the parent: an earlier row's code (sub-tasks after their parent) */
	const char *pc = ms_import_given(im, f, T_PARENT);
	if (pc) {
		if (json_object_get(codes, pc)) {
			r->parent_code = strdup(pc);
			if (!r->parent_code)
				return ms_nomem(&c->err);
		} else {
			ms_failf(&x, MS_E_TARGET_PARENT, "parent_code", MS_AS(pc));
			ms_import_fault(im, line, NULL, &x);
		}
	}
	if (r->in.code)
		json_object_set_new(codes, r->in.code, json_true());
	if (im->repeat[i])
		ms_import_fault_repeat(im, line, "code", r->in.code);
	if (!r->in.code && ms_check_text(&x, "code", "", 1, MS_TARGET_CODE_MAX))
		ms_import_fault(im, line, NULL, &x);
	if (!r->in.title && ms_check_text(&x, "title", "", 1, MS_TARGET_TITLE_MAX))
		ms_import_fault(im, line, NULL, &x);
	if (r->in.direction < 0) {
		ms_failf(&x, MS_E_INVALID_VALUE, "direction", MS_AS("direction"), MS_AT("up（提高）或 down（降低）", "up or down"));
		ms_import_fault(im, line, NULL, &x);
		r->in.direction = MS_TARGET_UP;
	}
	struct ms_target_task_in check = r->in;
	if (!check.code)
		check.code = "-";
	if (!check.title)
		check.title = "-";
	if ((rc = ms_target_task_check(c->db, l->id, &check, &rf.f, &c->err)))
		return rc;
	char b[32], t[32];
	ms_target_format_value(r->in.baseline, b);
	ms_target_format_value(r->in.target, t);
	json_t *row = json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s}", "line", (json_int_t)line, "code",
				ms_import_cell(im, f, T_CODE), "parent_code", pc, "title", ms_import_cell(im, f, T_TITLE),
				"baseline", b, "target", t);
	return ms_import_preview(c, im, row);
}

static int h_import(struct ms_ctx *c, json_t **out)
{
	struct ms_target_list_row l;
	struct ms_import im;
	struct row *rows = NULL;
	json_t *codes = json_object(), *made = json_object();
	int rc = ms_target_sql_list_row(c->db, c->id, &l, &c->err);
	if (rc)
		goto done;
	if (l.published) {
		rc = ms_failf(&c->err, MS_E_TARGET_PUBLISHED, NULL, MS_AS(l.title));
		goto done;
	}
	if ((rc = ms_import_open(c, &im, task_cols, T_COLS, 1u << T_CODE | 1u << T_TITLE, T_CODE)))
		goto done;
	if (!codes || !made || !(rows = calloc(im.n ? im.n : 1, sizeof *rows))) {
		rc = ms_nomem(&c->err);
		goto out;
	}
	int64_t have = 0;
	if ((rc = ms_target_sql_task_count(c->db, c->id, &have, &c->err)))
		goto out;
	if ((size_t)have + im.n > MS_TARGET_TASKS_MAX) {
		rc = ms_failf(&c->err, MS_E_TARGET_TOO_MANY, "csv", MS_AI(MS_TARGET_TASKS_MAX));
		goto out;
	}
	for (size_t i = 0; i < im.n; i++)
		if ((rc = task_row(c, &im, &l, i, rows, codes)))
			goto out;
	if ((rc = ms_import_check(c, &im)))
		goto out;
	for (size_t i = 0; !im.dry_run && i < im.n; i++) {
		int64_t id;
		if (rows[i].parent_code)
			rows[i].in.parent_id = json_integer_value(json_object_get(made, rows[i].parent_code));
		rows[i].in.co_units = rows[i].co;
		if ((rc = ms_target_task_create(c->db, &c->who, c->id, &rows[i].in, &id, &c->err)))
			goto out;
		json_object_set_new(made, rows[i].in.code, json_integer(id));
	}
	if (!im.dry_run && (rc = ms_audit_append(c->db, &c->who, l.congress_id, "target.import", "target_list", c->id,
						  json_pack("{s:I}", "created", (json_int_t)im.n), &c->err)))
		goto out;
	rc = ms_import_answer(c, &im, out);
out:
	for (size_t i = 0; rows && i < im.n; i++)
		free(rows[i].parent_code);
	ms_import_close(&im);
done:
	free(rows);
	json_decref(codes);
	json_decref(made);
	return rc;
}

static int h_report(struct ms_ctx *c, json_t **out)
{
	int64_t v, id;
	const char *s = ms_api_str(c, "value");
	if (!ms_target_parse_value(s, &v))
		return ms_failf(&c->err, MS_E_TARGET_VALUE, "value", MS_AS("value"), MS_AS(s));
	int rc = ms_target_report_file(c->db, &c->who, c->id, v, ms_api_str(c, "evidence"), ms_api_str(c, "on"), &id,
				       &c->err);
	return rc ? rc : ms_target_report_list(c->db, c->id, true, out, &c->err);
}

/* A task of a draft list is its staff's alone (404 to anyone else); *lead: its lead unit. */
static int visible_task(struct ms_ctx *c, int64_t *lead)
{
	json_t *t = NULL;
	int rc = ms_target_sql_task_row(c->db, c->id, &t, &c->err);
	if (rc)
		return rc;
	bool published = strcmp(json_string_value(json_object_get(t, "status")), "published") == 0;
	*lead = json_integer_value(json_object_get(t, "lead_unit_id"));
	json_decref(t);
	if (!published && !ms_api_staff(c, c->congress_id))
		return ms_store_not_found(&c->err, &ms_target_task_kind, c->id);
	return 0;
}

static int h_reports(struct ms_ctx *c, json_t **out)
{
	int64_t lead = 0;
	int rc = visible_task(c, &lead);
	/* all of them for the staff and the lead unit; the accepted ones for everyone else */
	bool all = ms_api_staff(c, c->congress_id) || (c->authed && ms_actor_is_of(&c->who, MS_ROLE_UNIT, c->congress_id) &&
						 lead && c->who.unit_id == lead);
	return rc ? rc : ms_target_report_list(c->db, c->id, all, out, &c->err);
}

static int decide(struct ms_ctx *c, json_t **out, bool accept)
{
	int rc = ms_target_report_decide(c->db, &c->who, c->id, accept, ms_api_str(c, "note"), &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:I, s:s}", "id", (json_int_t)c->id, "state",
						     accept ? "accepted" : "returned"), out);
}

static int h_accept(struct ms_ctx *c, json_t **out)
{
	return decide(c, out, true);
}

static int h_return(struct ms_ctx *c, json_t **out)
{
	return decide(c, out, false);
}

static const struct ms_field change_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("task_id", MS_F_ID),
	{.name = "target", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "the new target; null: kept"},
	MS_OUT_NULL("deadline", MS_F_DATE), MS_OUT_NULL("weight", MS_F_INT), MS_OUT("reason", MS_F_STR),
	MS_OUT("before_target", MS_F_STR), MS_OUT("before_deadline", MS_F_DATE), MS_OUT("before_weight", MS_F_INT),
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_target_change_state_names, .flags = MS_FIELD_REQUIRED},
	{.name = "version", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the task's version it made, once approved"},
	MS_OUT_NULL("note", MS_F_STR), MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("decided_at", MS_F_STR), {0}};
static const struct ms_view change_view = {"TargetChange", change_fields, "a change to a published task"};
static const struct ms_field changes_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &change_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view changes_view = {"TargetChanges", changes_fields, "a task's changes, newest first"};
static const struct ms_field change_body[] = {
	{.name = "target", .kind = MS_F_STR, .min = 1, .max = 32, .doc = "the new target, a decimal"},
	{.name = "deadline", .kind = MS_F_DATE, .doc = "the new deadline, within the list's year"},
	{.name = "weight", .kind = MS_F_INT, .min = 1, .max = 1000},
	{.name = "reason", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TARGET_EVIDENCE_MAX},
	{0}};

static int h_changes(struct ms_ctx *c, json_t **out)
{
	int64_t lead = 0;
	int rc = visible_task(c, &lead);
	return rc ? rc : ms_target_change_list(c->db, c->id, out, &c->err);
}

static int h_propose(struct ms_ctx *c, json_t **out)
{
	struct ms_target_change_in in = {.has_target = ms_api_has(c, "target"),
					 .deadline = ms_api_str(c, "deadline"),
					 .weight = ms_api_int(c, "weight", 0),
					 .reason = ms_api_str(c, "reason")};
	int rc;
	if (in.has_target && (rc = value_of(c, "target", &in.target)))
		return rc;
	int64_t id;
	rc = ms_target_change_propose(c->db, &c->who, c->id, &in, &id, &c->err);
	return rc ? rc : ms_target_change_list(c->db, c->id, out, &c->err);
}

static int change_decide(struct ms_ctx *c, json_t **out, bool approve)
{
	int rc = ms_target_change_decide(c->db, &c->who, c->id, approve, ms_api_str(c, "note"), &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:I, s:s}", "id", (json_int_t)c->id, "state",
						     approve ? "approved" : "refused"), out);
}

static int h_approve(struct ms_ctx *c, json_t **out)
{
	return change_decide(c, out, true);
}

static int h_refuse(struct ms_ctx *c, json_t **out)
{
	return change_decide(c, out, false);
}

static const struct ms_code *const propose_errors[] = {&MS_E_TARGET_VALUE, &MS_E_TARGET_NOT_PUBLISHED,
						       &MS_E_TARGET_DEADLINE, &MS_E_TARGET_CHANGE_EMPTY,
						       &MS_E_TARGET_CHANGE_PENDING, &MS_E_TARGET_DIRECTION, NULL};
static const struct ms_code *const change_decide_errors[] = {&MS_E_TARGET_CHANGE_STATE, &MS_E_TARGET_CHANGE_SELF, NULL};

static const struct ms_field decided_fields[] = {
	MS_OUT("id", MS_F_ID),
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_target_report_state_names, .flags = MS_FIELD_REQUIRED}, {0}};
static const struct ms_view decided_view = {"TargetDecided", decided_fields, "a report accepted or returned"};
static const struct ms_field change_decided_fields[] = {
	MS_OUT("id", MS_F_ID),
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_target_change_state_names, .flags = MS_FIELD_REQUIRED}, {0}};
static const struct ms_view change_decided_view = {"TargetChangeDecided", change_decided_fields,
						   "a change approved or refused"};

static const struct ms_code *const create_errors[] = {&MS_E_TARGET_LIST_TAKEN, NULL};
static const struct ms_code *const publish_errors[] = {&MS_E_TARGET_PUBLISHED, &MS_E_TARGET_EMPTY, NULL};
static const struct ms_code *const task_errors[] = {
	&MS_E_TARGET_PUBLISHED, &MS_E_TARGET_CODE_TAKEN, &MS_E_TARGET_PARENT,	   &MS_E_TARGET_VALUE,
	&MS_E_TARGET_DEADLINE,	&MS_E_UNIT_NOT_OF_CONGRESS, &MS_E_TARGET_TOO_MANY, &MS_E_TARGET_DIRECTION,
	&MS_E_TARGET_CO_UNITS,	NULL};
static const struct ms_code *const import_errors[] = {
	&MS_E_TARGET_PUBLISHED,  &MS_E_TARGET_TOO_MANY,     &MS_E_INVALID_CSV,	      &MS_E_CSV_SYNTAX,
	&MS_E_CSV_EMPTY,	  &MS_E_CSV_UNKNOWN_COLUMN, &MS_E_CSV_REPEATED_COLUMN, &MS_E_CSV_MISSING_COLUMN, NULL};
static const struct ms_code *const report_errors[] = {&MS_E_TARGET_VALUE,	    &MS_E_TARGET_NOT_PUBLISHED,
						      &MS_E_TARGET_HAS_SUBTASKS, &MS_E_TARGET_NOT_LEAD,
						      &MS_E_TARGET_FUTURE,	    &MS_E_TARGET_ON_YEAR, NULL};
static const struct ms_code *const decide_errors[] = {&MS_E_TARGET_REPORT_STATE, &MS_E_TARGET_NOTE_NEEDED,
						      &MS_E_TARGET_REPORT_SELF, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/target-lists", .fn = h_lists, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &lists_view,
	 .summary = "a congress's target lists (drafts for its staff), newest year first"},
	{.method = "POST", .pattern = "/congresses/{id}/target-lists", .fn = h_create, .flags = MS_ROUTE_CREATES,
	 .access = MS_ACCESS_STAFF, .owner = ms_congress_owner, .body = create_body, .returns = &list_view,
	 .errors = create_errors, .summary = "draft a target list (任务清单) of a year"},
	{.method = "GET", .pattern = "/target-lists/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_target_list_owner, .returns = &list_view,
	 .summary = "a target list with its tasks in tree order, each with its progress, plan and light"},
	{.method = "POST", .pattern = "/target-lists/{id}/tasks", .fn = h_task, .flags = MS_ROUTE_CREATES,
	 .access = MS_ACCESS_STAFF, .owner = ms_target_list_owner, .body = task_body, .returns = &list_view,
	 .errors = task_errors, .summary = "add a task (or a sub-task) to a draft list"},
	{.method = "POST", .pattern = "/target-lists/{id}/import", .fn = h_import, .flags = MS_ROUTE_CREATES,
	 .access = MS_ACCESS_STAFF, .owner = ms_target_list_owner, .body = ms_import_body,
	 .returns = &ms_import_answer_view, .errors = import_errors,
	 .summary = "tasks from CSV: every faulty line listed, nothing saved until the file is clean"},
	{.method = "POST", .pattern = "/target-lists/{id}/publish", .fn = h_publish, .access = MS_ACCESS_STAFF,
	 .owner = ms_target_list_owner, .body = no_body, .returns = &list_view, .errors = publish_errors,
	 .summary = "publish the list: its tasks fixed, the units report against them"},
	{.method = "GET", .pattern = "/target-tasks/{id}/reports", .fn = h_reports, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_target_task_owner, .returns = &reports_view,
	 .summary = "a task's reports (the public: accepted ones)"},
	{.method = "POST", .pattern = "/target-tasks/{id}/reports", .fn = h_report, .flags = MS_ROUTE_CREATES,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT, .owner = ms_target_task_owner, .body = report_body,
	 .returns = &reports_view, .errors = report_errors,
	 .summary = "report the indicator's value with its evidence (the lead unit, or the staff)"},
	{.method = "GET", .pattern = "/target-tasks/{id}/changes", .fn = h_changes, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_target_task_owner, .returns = &changes_view, .summary = "a task's changes since publishing, newest first"},
	{.method = "POST", .pattern = "/target-tasks/{id}/changes", .fn = h_propose, .flags = MS_ROUTE_CREATES,
	 .access = MS_ACCESS_STAFF, .owner = ms_target_task_owner, .body = change_body, .returns = &changes_view,
	 .errors = propose_errors, .summary = "propose a change to a published task's target, deadline or weight, with its reason"},
	{.method = "POST", .pattern = "/target-changes/{id}/approve", .fn = h_approve, .access = MS_ACCESS_STAFF,
	 .owner = ms_target_change_owner, .body = decide_body, .returns = &change_decided_view,
	 .errors = change_decide_errors,
	 .summary = "approve a change (someone other than who proposed it): the task takes it, its version rises"},
	{.method = "POST", .pattern = "/target-changes/{id}/refuse", .fn = h_refuse, .access = MS_ACCESS_STAFF,
	 .owner = ms_target_change_owner, .body = decide_body, .returns = &change_decided_view,
	 .errors = change_decide_errors,
	 .summary = "refuse a change"},
	{.method = "POST", .pattern = "/target-reports/{id}/accept", .fn = h_accept, .access = MS_ACCESS_STAFF,
	 .owner = ms_target_report_owner, .body = decide_body, .returns = &decided_view, .errors = decide_errors,
	 .summary = "accept a reported value: it counts"},
	{.method = "POST", .pattern = "/target-reports/{id}/return", .fn = h_return, .access = MS_ACCESS_STAFF,
	 .owner = ms_target_report_owner, .body = decide_body, .returns = &decided_view, .errors = decide_errors,
	 .summary = "return a reported value with the reason"},
};
const struct ms_routes ms_target_routes = MS_ROUTES(routes);
