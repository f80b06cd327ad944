/* target.c — the rules of target lists (target.h): drafting and publishing
 * a list, its tasks decomposed to any depth, the values its units report and
 * the staff accept, and the list's progress (count/target.h). */
#include "target_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../count/target.h"
#include "../org/org.h"

#define MS_CODES_DEF "target/target_codes.def"
#define MS_CODES_LIST ms_target_codes
#include "../core/codes_define.h"

const struct ms_name ms_target_list_kind = {"target_list", "任务清单", "target list"};
const struct ms_name ms_target_task_kind = {"target_task", "任务", "task"};
const struct ms_name ms_target_report_kind = {"target_report", "完成情况报送", "report"};

static const struct ms_name status_v[] = {{"draft", "草稿（未发布）", "draft"}, {"published", "已发布", "published"}};
const struct ms_names ms_target_status_names = MS_NAMES("target_status", status_v);
static const struct ms_name report_state_v[] = {
	{"filed", "待审核", "filed, waiting for the staff"}, {"accepted", "已采纳", "accepted"}, {"returned", "已退回", "returned"}};
const struct ms_names ms_target_report_state_names = MS_NAMES("target_report_state", report_state_v);
static const struct ms_name change_state_v[] = {
	{"proposed", "待批准", "proposed"}, {"approved", "已批准", "approved"}, {"refused", "不予批准", "refused"}};
const struct ms_names ms_target_change_state_names = MS_NAMES("target_change_state", change_state_v);

bool ms_target_parse_value(const char *s, int64_t *out)
{
	if (!s || !*s)
		return false;
	bool neg = *s == '-';
	const char *p = s + neg;
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (*p - '0');
		if (whole > MS_TARGET_VALUE_MAX)
			return false;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++decimals > 3)
				return false;
			frac = frac * 10 + (*p - '0');
		}
		if (decimals == 0)
			return false;
	}
	if (*p || digits == 0)
		return false;
	for (int k = decimals; k < 3; k++)
		frac *= 10;
	int64_t v = whole * 1000 + frac;
	if (v > MS_TARGET_VALUE_MAX * 1000)
		return false;
	*out = neg ? -v : v;
	return true;
}

void ms_target_format_value(int64_t v, char out[32])
{
	uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	int n = snprintf(out, 32, "%s%llu", v < 0 ? "-" : "", (unsigned long long)(a / 1000));
	unsigned frac = (unsigned)(a % 1000);
	if (frac && n > 0 && n < 27) {
		char f[8];
		snprintf(f, sizeof f, ".%03u", frac);
		size_t len = strlen(f);
		while (len > 1 && f[len - 1] == '0')
			f[--len] = 0;
		memcpy(out + n, f, len + 1);
	}
}

int ms_target_list_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			  const struct ms_target_list_in *in, int64_t *id, struct ms_error *e)
{
	struct ms_target_list_in v = *in;
	if (v.rollup < 0)
		v.rollup = MS_TARGET_AVERAGE;
	if (v.yellow_behind < 0)
		v.yellow_behind = 10;
	if (v.red_behind < 0)
		v.red_behind = 25;
	int rc;
	if ((rc = ms_check_int(e, "year", v.year, 2000, 2100)) ||
	    (rc = ms_check_text(e, "title", v.title, 1, MS_TARGET_TITLE_MAX)) ||
	    (rc = ms_check_int(e, "yellow_behind", v.yellow_behind, 0, 100)) ||
	    (rc = ms_check_int(e, "red_behind", v.red_behind, v.yellow_behind, 100)))
		return rc;
	if (v.rollup >= (int)ms_target_rollup_names.n)
		return ms_failf(e, MS_E_INVALID_VALUE, "rollup", MS_AS("rollup"), MS_AT("average 或 weighted", "average or weighted"));
	char now[32];
	ms_now_iso(now, sizeof now);
	rc = ms_target_sql_list_insert(db, congress_id, &v, ms_names_key(&ms_target_rollup_names, v.rollup), now, id, e);
	if (rc == MS_ERR_CONFLICT)
		return ms_failf(e, MS_E_TARGET_LIST_TAKEN, "title", MS_AI(v.year), MS_AS(v.title));
	return rc ? rc
		  : ms_audit_append(db, by, congress_id, "target.list_create", "target_list", *id,
				    json_pack("{s:I, s:s, s:s, s:I, s:I}", "year", (json_int_t)v.year, "title", v.title,
					      "rollup", ms_names_key(&ms_target_rollup_names, v.rollup), "yellow_behind",
					      (json_int_t)v.yellow_behind, "red_behind", (json_int_t)v.red_behind),
				    e);
}

int ms_target_list_publish(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	struct ms_target_list_row l;
	int64_t n = 0;
	int rc = ms_target_sql_list_row(db, id, &l, e);
	if (rc)
		return rc;
	if (l.published)
		return ms_failf(e, MS_E_TARGET_PUBLISHED, NULL, MS_AS(l.title));
	if ((rc = ms_target_sql_task_count(db, id, &n, e)))
		return rc;
	if (n == 0)
		return ms_failf(e, MS_E_TARGET_EMPTY, NULL, MS_AS(l.title));
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_target_sql_list_publish(db, id, now, e)))
		return rc;
	return ms_audit_append(db, by, l.congress_id, "target.list_publish", "target_list", id,
			       json_pack("{s:I}", "tasks", (json_int_t)n), e);
}

int ms_target_list_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	struct ms_target_list_row l;
	int rc = ms_target_sql_list_row(db, id, &l, e);
	if (!rc)
		*congress_id = l.congress_id;
	return rc;
}

static int64_t num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A value in thousandths as {"milli", "text"}. */
static json_t *value_json(int64_t v)
{
	char t[32];
	ms_target_format_value(v, t);
	return json_string(t);
}

/* A rational share as {"num", "den", "percent"} (percent to one decimal, rounded down). */
static json_t *share_json(const struct ms_rat *r)
{
	char buf[96];
	ms_rat_to_str(r, buf, sizeof buf);
	struct ms_rat p = MS_RAT_ZERO;
	int64_t tenths = 0;
	if (ms_rat_mul_i64(&p, r, 1000) == 0)
		ms_rat_floor_i64(&p, &tenths);
	ms_rat_fini(&p);
	char pct[32];
	snprintf(pct, sizeof pct, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
	return json_pack("{s:s, s:s}", "exact", buf, "percent", pct);
}

/* The names of the units whose ids are the array ids, in its order, from
 * units ([{id, name}] by id); "" for an id not among them. */
static json_t *unit_names(json_t *units, json_t *ids)
{
	json_t *out = json_array(), *v;
	size_t i, n = json_array_size(units);
	json_array_foreach(out ? ids : NULL, i, v) {
		int64_t want = json_integer_value(v);
		const char *name = "";
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int64_t at = num(json_array_get(units, mid), "id");
			if (at == want) {
				name = str(json_array_get(units, mid), "name");
				break;
			}
			if (at < want)
				lo = mid + 1;
			else
				hi = mid;
		}
		json_array_append_new(out, json_string(name ? name : ""));
	}
	return out;
}

int ms_target_list_get(struct ms_db *db, int64_t id, bool staff, const char *today, json_t **out, struct ms_error *e)
{
	json_t *l = NULL, *tasks = NULL, *units = NULL;
	int rc = ms_target_sql_list_get(db, id, &l, e);
	if (rc == MS_ERR_NOT_FOUND || (!rc && !staff && strcmp(str(l, "status"), "published") != 0)) {
		json_decref(l);
		return ms_store_not_found(e, &ms_target_list_kind, id);
	}
	if (rc || (rc = ms_target_sql_tasks(db, id, &tasks, e)) || (rc = ms_target_sql_units(db, id, &units, e))) {
		json_decref(tasks);
		json_decref(l);
		return rc;
	}
	size_t n = json_array_size(tasks), i;
	struct ms_target_node *v = calloc(n + 1, sizeof *v);
	struct ms_target_result *r = calloc(n + 1, sizeof *r);
	int64_t *ids = calloc(n + 1, sizeof *ids);
	int year = (int)num(l, "year");
	int32_t start = ms_day_from_ymd(year, 1, 1), day = 0;
	int rollup = ms_names_find(&ms_target_rollup_names, str(l, "rollup"));
	if (!v || !r || !ids)
		rc = ms_nomem(e);
	json_t *t;
	json_array_foreach(rc ? NULL : tasks, i, t) {
		ids[i] = num(t, "id");
		long parent = -1;
		int64_t want = num(t, "parent_id");
		size_t lo = 0, hi = i; /* ids ascend: a parent is an earlier task */
		while (want && lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (ids[mid] == want) {
				parent = (long)mid;
				break;
			}
			if (ids[mid] < want)
				lo = mid + 1;
			else
				hi = mid;
		}
		ms_day_parse(str(t, "deadline"), &day);
		v[i] = (struct ms_target_node){
			.parent = parent,
			.weight = num(t, "weight"),
			.direction = ms_names_find(&ms_target_direction_names, str(t, "direction")),
			.baseline = num(t, "baseline"),
			.target = num(t, "target"),
			.has_actual = !json_is_null(json_object_get(t, "value")),
			.actual = num(t, "value"),
			.start = start,
			.deadline = day,
		};
	}
	int32_t now = ms_day_today();
	if (today)
		ms_day_parse(today, &now);
	if (!rc)
		rc = ms_target_progress(v, n, rollup, now, num(l, "yellow_behind"), num(l, "red_behind"), r, e);
	/* depth, in words and figures */
	int *depth = rc ? NULL : calloc(n + 1, sizeof *depth);
	if (!rc && !depth)
		rc = ms_nomem(e);
	json_array_foreach(rc ? NULL : tasks, i, t) {
		depth[i] = v[i].parent >= 0 ? depth[v[i].parent] + 1 : 0;
		json_object_set_new(t, "depth", json_integer(depth[i]));
		json_object_set_new(t, "subtasks", json_integer((json_int_t)r[i].children));
		json_object_set_new(t, "progress", share_json(&r[i].progress));
		json_object_set_new(t, "planned", share_json(&r[i].planned));
		json_object_set_new(t, "light", json_string(ms_names_key(&ms_target_light_names, r[i].light)));
		json_object_set_new(t, "baseline", value_json(num(t, "baseline")));
		json_object_set_new(t, "target", value_json(num(t, "target")));
		if (!json_is_null(json_object_get(t, "value")))
			json_object_set_new(t, "value", value_json(num(t, "value")));
		const char *co = str(t, "co_units");
		json_t *cj = co ? json_loads(co, 0, NULL) : NULL;
		json_object_set_new(t, "co_units", cj ? cj : json_array());
		json_object_set_new(t, "co_unit_names", unit_names(units, json_object_get(t, "co_units")));
	}
	if (!rc) {
		ms_target_results_fini(r, n);
		char zh[600], en[600];
		ms_target_rule_text(rollup, num(l, "yellow_behind"), num(l, "red_behind"), 1, zh, sizeof zh);
		ms_target_rule_text(rollup, num(l, "yellow_behind"), num(l, "red_behind"), 0, en, sizeof en);
		char d[11];
		ms_day_format(now, d);
		json_object_set_new(l, "rule", json_pack("{s:s, s:s}", "zh", zh, "en", en));
		json_object_set_new(l, "today", json_string(d));
		json_object_set(l, "items", tasks);
		*out = l;
		l = NULL;
	}
	free(depth);
	free(v);
	free(r);
	free(ids);
	json_decref(tasks);
	json_decref(units);
	json_decref(l);
	return rc;
}

int ms_target_list_list(struct ms_db *db, int64_t congress_id, bool staff, json_t **out, struct ms_error *e)
{
	json_t *items = NULL;
	int rc = ms_target_sql_lists(db, congress_id, staff, &items, e);
	if (!rc && !(*out = json_pack("{s:o}", "items", items)))
		rc = ms_nomem(e);
	return rc;
}

int ms_target_task_check(struct ms_db *db, int64_t list_id, const struct ms_target_task_in *in, struct ms_faults *f,
			 struct ms_error *e)
{
	struct ms_target_list_row l;
	struct ms_error x;
	int rc = ms_target_sql_list_row(db, list_id, &l, e);
	if (rc)
		return rc;
	if (ms_check_text(&x, "code", in->code, 1, MS_TARGET_CODE_MAX) ||
	    ms_check_text(&x, "title", in->title, 1, MS_TARGET_TITLE_MAX) ||
	    ms_check_text(&x, "indicator", in->indicator ? in->indicator : "", 0, MS_TARGET_TEXT_MAX) ||
	    ms_check_text(&x, "measure", in->measure ? in->measure : "", 0, MS_TARGET_MEASURE_MAX) ||
	    ms_check_text(&x, "official", in->official ? in->official : "", 0, MS_TARGET_TEXT_MAX) ||
	    ms_check_int(&x, "weight", in->weight, 1, 1000))
		ms_faults_add(f, &x);
	if (in->direction < 0 || in->direction >= (int)ms_target_direction_names.n)
		ms_faultf(f, MS_E_INVALID_VALUE, "direction", MS_AS("direction"), MS_AT("up 或 down", "up or down"));
	char tv[32], bv[32];
	ms_target_format_value(in->target, tv);
	ms_target_format_value(in->baseline, bv);
	if (in->direction == MS_TARGET_UP && in->target < in->baseline)
		ms_faultf(f, MS_E_TARGET_DIRECTION, "target", ms_names_arg(&ms_target_direction_names, MS_TARGET_UP),
			  MS_AS(tv), MS_AT("不低于", "at least"), MS_AS(bv));
	else if (in->direction == MS_TARGET_DOWN && in->target > in->baseline)
		ms_faultf(f, MS_E_TARGET_DIRECTION, "target", ms_names_arg(&ms_target_direction_names, MS_TARGET_DOWN),
			  MS_AS(tv), MS_AT("不高于", "at most"), MS_AS(bv));
	bool co_ok = in->n_co_units <= 20;
	for (size_t i = 0; co_ok && i < in->n_co_units; i++) {
		co_ok = in->co_units[i] != in->lead_unit_id;
		for (size_t j = 0; co_ok && j < i; j++)
			co_ok = in->co_units[j] != in->co_units[i];
	}
	if (!co_ok)
		ms_fault(f, MS_E_TARGET_CO_UNITS, "co_unit_ids");
	int32_t day, first = ms_day_from_ymd((int)l.year, 1, 1), last = ms_day_from_ymd((int)l.year, 12, 31);
	if (in->deadline && (!ms_day_parse(in->deadline, &day) || day < first || day > last))
		ms_faultf(f, MS_E_TARGET_DEADLINE, "deadline", MS_AS(in->deadline), MS_AI(l.year));
	if (in->code && *in->code) {
		bool taken = false;
		if ((rc = ms_target_sql_code_taken(db, list_id, in->code, &taken, e)))
			return rc;
		if (taken)
			ms_faultf(f, MS_E_TARGET_CODE_TAKEN, "code", MS_AS(in->code));
	}
	if (in->parent_id) {
		json_t *p = NULL;
		rc = ms_target_sql_task_row(db, in->parent_id, &p, &x);
		if (rc == MS_ERR_NOT_FOUND || (!rc && num(p, "list_id") != list_id)) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)in->parent_id);
			ms_faultf(f, MS_E_TARGET_PARENT, "parent_id", MS_AS(id));
		} else if (rc) {
			*e = x;
			return rc;
		}
		json_decref(p);
	}
	int64_t *units = calloc(in->n_co_units + 2, sizeof *units);
	if (!units)
		return ms_nomem(e);
	size_t nu = 0;
	if (in->lead_unit_id)
		units[nu++] = in->lead_unit_id;
	for (size_t i = 0; i < in->n_co_units; i++)
		units[nu++] = in->co_units[i];
	for (size_t i = 0; i < nu; i++) {
		rc = ms_unit_check_of(db, units[i], l.congress_id, i == 0 && in->lead_unit_id ? "lead_unit_id" : "co_unit_ids", &x);
		if (rc == MS_ERR_UNPROCESSABLE)
			ms_faults_add(f, &x);
		else if (rc) {
			free(units);
			*e = x;
			return rc;
		}
	}
	free(units);
	return 0;
}

int ms_target_task_create(struct ms_db *db, const struct ms_actor *by, int64_t list_id,
			  const struct ms_target_task_in *in, int64_t *id, struct ms_error *e)
{
	struct ms_target_list_row l;
	struct ms_faults f = {0};
	int64_t n = 0;
	int rc = ms_target_sql_list_row(db, list_id, &l, e);
	if (rc)
		return rc;
	if (l.published)
		return ms_failf(e, MS_E_TARGET_PUBLISHED, NULL, MS_AS(l.title));
	if ((rc = ms_target_sql_task_count(db, list_id, &n, e)))
		return rc;
	if (n >= MS_TARGET_TASKS_MAX)
		return ms_failf(e, MS_E_TARGET_TOO_MANY, NULL, MS_AI(MS_TARGET_TASKS_MAX));
	if ((rc = ms_target_task_check(db, list_id, in, &f, e)))
		return rc;
	if (f.n)
		return ms_faults_result(&f, e);
	json_t *co = json_array();
	for (size_t i = 0; co && i < in->n_co_units; i++)
		json_array_append_new(co, json_integer(in->co_units[i]));
	char *cos = co ? json_dumps(co, JSON_COMPACT) : NULL;
	json_decref(co);
	if (!cos)
		return ms_nomem(e);
	char last[11], now[32];
	snprintf(last, sizeof last, "%04d-12-31", (int)l.year);
	ms_now_iso(now, sizeof now);
	rc = ms_target_sql_task_insert(db, list_id, in, ms_names_key(&ms_target_direction_names, in->direction), cos,
				       in->deadline ? in->deadline : last, now, id, e);
	free(cos);
	if (rc == MS_ERR_CONFLICT)
		return ms_failf(e, MS_E_TARGET_CODE_TAKEN, "code", MS_AS(in->code));
	if (rc)
		return rc;
	char b[32], t[32];
	ms_target_format_value(in->baseline, b);
	ms_target_format_value(in->target, t);
	return ms_audit_append(db, by, l.congress_id, "target.task_create", "target_task", *id,
			       json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "list_id", (json_int_t)list_id, "code", in->code,
					 "title", in->title, "baseline", b, "target", t, "weight", (json_int_t)in->weight),
			       e);
}

int ms_target_task_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *t = NULL;
	int rc = ms_target_sql_task_row(db, id, &t, e);
	if (!rc)
		*congress_id = num(t, "congress_id");
	json_decref(t);
	return rc;
}

int ms_target_report_file(struct ms_db *db, const struct ms_actor *by, int64_t task_id, int64_t value,
			  const char *evidence, const char *on, int64_t *id, struct ms_error *e)
{
	json_t *t = NULL;
	int rc = ms_target_sql_task_row(db, task_id, &t, e);
	if (rc)
		return rc;
	int64_t congress = num(t, "congress_id"), lead = num(t, "lead_unit_id");
	char title[4 * MS_TARGET_TITLE_MAX + 1], list[4 * MS_TARGET_TITLE_MAX + 1];
	ms_strlcpy(title, str(t, "title"), sizeof title);
	ms_strlcpy(list, str(t, "list_title"), sizeof list);
	bool published = strcmp(str(t, "status"), "published") == 0, leaf = num(t, "subtasks") == 0;
	int year = (int)num(t, "year");
	json_decref(t);
	bool staff = ms_actor_is_staff(by, congress);
	if (!staff && !published) /* a draft is its staff's alone */
		return ms_store_not_found(e, &ms_target_task_kind, task_id);
	if (!staff && !(by->unit_id && by->unit_id == lead))
		return ms_failf(e, MS_E_TARGET_NOT_LEAD, NULL, MS_AS(title));
	if (!published)
		return ms_failf(e, MS_E_TARGET_NOT_PUBLISHED, NULL, MS_AS(list));
	if (!leaf)
		return ms_failf(e, MS_E_TARGET_HAS_SUBTASKS, NULL, MS_AS(title));
	char today[11];
	int32_t day;
	ms_day_format(ms_day_today(), today);
	if (!on)
		on = today;
	if (!ms_day_parse(on, &day))
		return ms_failf(e, MS_E_INVALID_VALUE, "on", MS_AS("on"), MS_AT("YYYY-MM-DD 格式的有效日期", "a valid date, YYYY-MM-DD"));
	if (day > ms_day_today())
		return ms_failf(e, MS_E_TARGET_FUTURE, "on", MS_AS(on), MS_AS(today));
	if (day < ms_day_from_ymd(year, 1, 1))
		return ms_failf(e, MS_E_TARGET_ON_YEAR, "on", MS_AS(on), MS_AI(year));
	if ((rc = ms_check_text(e, "evidence", evidence, 1, MS_TARGET_EVIDENCE_MAX)))
		return rc;
	char now[32], v[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_target_sql_report_insert(db, task_id, value, evidence, on, by ? by->id : 0, now, id, e)))
		return rc;
	ms_target_format_value(value, v);
	return ms_audit_append(db, by, congress, "target.report", "target_task", task_id,
			       json_pack("{s:I, s:s, s:s}", "report_id", (json_int_t)*id, "value", v, "on", on), e);
}

int ms_target_report_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool accept, const char *note,
			    struct ms_error *e)
{
	json_t *r = NULL;
	int rc = ms_target_sql_report_row(db, id, &r, e);
	if (rc)
		return rc;
	int64_t congress = num(r, "congress_id"), task = num(r, "task_id"), filer = num(r, "filed_by");
	bool filed = strcmp(str(r, "state"), "filed") == 0;
	bool was_accepted = strcmp(str(r, "state"), "accepted") == 0;
	json_decref(r);
	if (!filed)
		return ms_failf(e, MS_E_TARGET_REPORT_STATE, NULL,
				was_accepted ? MS_AT("采纳", "accepted") : MS_AT("退回", "returned"));
	if (accept && by && by->id && by->id == filer) /* four eyes: whoever filed it does not accept it */
		return ms_fail(e, MS_E_TARGET_REPORT_SELF, NULL);
	if (!accept && (!note || !*note))
		return ms_fail(e, MS_E_TARGET_NOTE_NEEDED, "note");
	if (note && (rc = ms_check_text(e, "note", note, 0, MS_TARGET_EVIDENCE_MAX)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	rc = ms_target_sql_report_decide(db, id, accept ? "accepted" : "returned", note, by ? by->id : 0, now, e);
	if (rc == MS_ERR_NOT_FOUND) /* decided meanwhile */
		return ms_failf(e, MS_E_TARGET_REPORT_STATE, NULL, MS_AT("处理", "decided"));
	if (rc)
		return rc;
	return ms_audit_append(db, by, congress, accept ? "target.accept" : "target.return", "target_task", task,
			       json_pack("{s:I}", "report_id", (json_int_t)id), e);
}

int ms_target_report_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *r = NULL;
	int rc = ms_target_sql_report_row(db, id, &r, e);
	if (!rc)
		*congress_id = num(r, "congress_id");
	json_decref(r);
	return rc;
}

int ms_target_report_list(struct ms_db *db, int64_t task_id, bool all, json_t **out, struct ms_error *e)
{
	json_t *items = NULL, *r;
	size_t i;
	int rc = ms_target_sql_reports(db, task_id, all, &items, e);
	json_array_foreach(rc ? NULL : items, i, r)
		json_object_set_new(r, "value", value_json(num(r, "value")));
	if (!rc && !(*out = json_pack("{s:o}", "items", items)))
		rc = ms_nomem(e);
	return rc;
}

const struct ms_name ms_target_change_kind = {"target_change", "任务调整", "change"};

int ms_target_change_propose(struct ms_db *db, const struct ms_actor *by, int64_t task_id,
			     const struct ms_target_change_in *in, int64_t *id, struct ms_error *e)
{
	json_t *t = NULL;
	int rc = ms_target_sql_task_fields(db, task_id, &t, e);
	if (rc)
		return rc;
	char title[4 * MS_TARGET_TITLE_MAX + 1];
	ms_strlcpy(title, str(t, "title"), sizeof title);
	int year = (int)num(t, "year");
	int64_t congress = num(t, "congress_id");
	bool published = strcmp(str(t, "status"), "published") == 0, pending = false;
	bool changes = (in->has_target && in->target != num(t, "target")) ||
		       (in->deadline && strcmp(in->deadline, str(t, "deadline")) != 0) ||
		       (in->weight && in->weight != num(t, "weight"));
	int32_t day;
	if (!published)
		rc = ms_failf(e, MS_E_TARGET_NOT_PUBLISHED, NULL, MS_AS(title));
	else if ((rc = ms_check_text(e, "reason", in->reason, 1, MS_TARGET_EVIDENCE_MAX)) ||
		 (in->weight && (rc = ms_check_int(e, "weight", in->weight, 1, 1000))))
		;
	else if (in->deadline && (!ms_day_parse(in->deadline, &day) || day < ms_day_from_ymd(year, 1, 1) ||
				  day > ms_day_from_ymd(year, 12, 31)))
		rc = ms_failf(e, MS_E_TARGET_DEADLINE, "deadline", MS_AS(in->deadline), MS_AI(year));
	else if (!changes)
		rc = ms_fail(e, MS_E_TARGET_CHANGE_EMPTY, NULL);
	else if (in->has_target) {
		bool down = strcmp(str(t, "direction"), "down") == 0;
		int64_t base = num(t, "baseline");
		char tv[32], bv[32];
		ms_target_format_value(in->target, tv);
		ms_target_format_value(base, bv);
		if (down ? in->target > base : in->target < base)
			rc = ms_failf(e, MS_E_TARGET_DIRECTION, "target", ms_names_arg(&ms_target_direction_names, down),
				      MS_AS(tv), down ? MS_AT("不高于", "at most") : MS_AT("不低于", "at least"), MS_AS(bv));
	}
	else if (!(rc = ms_target_sql_change_pending(db, task_id, &pending, e)) && pending)
		rc = ms_failf(e, MS_E_TARGET_CHANGE_PENDING, NULL, MS_AS(title));
	char now[32];
	ms_now_iso(now, sizeof now);
	if (!rc && (rc = ms_target_sql_change_insert(db, task_id, in, t, by ? by->id : 0, now, id, e)) == MS_ERR_CONFLICT)
		rc = ms_failf(e, MS_E_TARGET_CHANGE_PENDING, NULL, MS_AS(title)); /* proposed meanwhile */
	json_decref(t);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I, s:s}", "change_id", (json_int_t)*id, "reason", in->reason);
	char v[32];
	if (d && in->has_target) {
		ms_target_format_value(in->target, v);
		json_object_set_new(d, "target", json_string(v));
	}
	if (d && in->deadline)
		json_object_set_new(d, "deadline", json_string(in->deadline));
	if (d && in->weight)
		json_object_set_new(d, "weight", json_integer(in->weight));
	return ms_audit_append(db, by, congress, "target.change_propose", "target_task", task_id, d, e);
}

int ms_target_change_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool approve, const char *note,
			    struct ms_error *e)
{
	json_t *g = NULL, *t = NULL;
	int rc = ms_target_sql_change_row(db, id, &g, e);
	if (rc)
		return rc;
	int64_t task = num(g, "task_id"), congress = num(g, "congress_id");
	const char *state = str(g, "state");
	if (strcmp(state, "proposed") != 0)
		rc = ms_failf(e, MS_E_TARGET_CHANGE_STATE, NULL,
			      strcmp(state, "approved") == 0 ? MS_AT("批准", "approved") : MS_AT("不予批准", "refused"));
	else if (by && by->id && by->id == num(g, "proposed_by"))
		rc = ms_fail(e, MS_E_TARGET_CHANGE_SELF, NULL);
	else if (note)
		rc = ms_check_text(e, "note", note, 0, MS_TARGET_EVIDENCE_MAX);
	char now[32];
	ms_now_iso(now, sizeof now);
	int64_t version = 0;
	if (!rc && (rc = ms_target_sql_change_decide(db, id, approve ? "approved" : "refused", note, by ? by->id : 0, now,
						     e)) == MS_ERR_NOT_FOUND) /* decided meanwhile */
		rc = ms_failf(e, MS_E_TARGET_CHANGE_STATE, NULL, MS_AT("处理", "decided"));
	if (!rc && approve && !(rc = ms_target_sql_task_apply(db, task, g, e)) &&
	    !(rc = ms_target_sql_task_fields(db, task, &t, e))) {
		version = num(t, "version");
		rc = ms_target_sql_change_version(db, id, version, e);
	}
	json_decref(g);
	json_decref(t);
	if (rc)
		return rc;
	return ms_audit_append(db, by, congress, approve ? "target.change_approve" : "target.change_refuse", "target_task",
			       task, json_pack("{s:I, s:I}", "change_id", (json_int_t)id, "version", (json_int_t)version), e);
}

int ms_target_change_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *g = NULL;
	int rc = ms_target_sql_change_row(db, id, &g, e);
	if (!rc)
		*congress_id = num(g, "congress_id");
	json_decref(g);
	return rc;
}

int ms_target_change_list(struct ms_db *db, int64_t task_id, json_t **out, struct ms_error *e)
{
	json_t *items = NULL, *g;
	size_t i;
	int rc = ms_target_sql_changes(db, task_id, &items, e);
	json_array_foreach(rc ? NULL : items, i, g) {
		if (!json_is_null(json_object_get(g, "target")))
			json_object_set_new(g, "target", value_json(num(g, "target")));
		json_object_set_new(g, "before_target", value_json(num(g, "before_target")));
	}
	if (!rc && !(*out = json_pack("{s:o}", "items", items)))
		rc = ms_nomem(e);
	return rc;
}
