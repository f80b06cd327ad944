/*
 * assessment.c — the unit assessment (assess_unit.h): the components of
 * each unit of a congress for a period, counted from the records; scored,
 * classed and ranked by count/assessment.h (never re-implemented here);
 * the league table, one unit's figures traced to their records, the trend
 * over the years, and the settings printed in words.
 */
#include "assess_unit_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../target/target.h"
#include "../core/workday.h"
#include "../cycle/cycle.h"
#include "../liaison/casework.h"

#define MS_CODES_DEF "assess/assess_unit_codes.def"
#define MS_CODES_LIST ms_assess_unit_codes
#include "../core/codes_define.h"

static const struct ms_name components_v[] = {
	{"on_time", "里程碑按时完成率", "on-time milestone rate"},
	{"delivery", "按计划交付率", "delivery against plan"},
	{"satisfaction", "满意度测评", "satisfaction verdicts"},
	{"response_rate", "群众诉求响应率", "casework response rate"},
	{"resolution_rate", "群众诉求办结率", "casework resolution rate"},
	{"casework_satisfaction", "群众诉求办理满意率", "casework satisfaction rate"},
	{"tasks", "任务清单按时达标率", "target-list tasks met on time"}};
const struct ms_names ms_assess_component_names = MS_NAMES("assessment_component", components_v);

static const struct {
	const char *zh, *en;
} definitions[MS_AC_COUNT] = {
	{"本单位牵头项目（以最新公布的实施方案为准）中计划日期在考核期内的里程碑里，经已公布的进度报告确认在计划日期当日或之前完成的比例。",
	 "Of the milestones of the unit's projects (it the lead unit; the latest published plan) planned on a day of the "
	 "period, the share a published progress report marks reached on or before its planned day."},
	{"本单位牵头项目中实施方案计划完成日期在考核期内的，在计划完成日期当日或之前通过验收的比例。",
	 "Of the unit's projects whose plan's planned finish falls in the period, the share accepted (验收) on or before "
	 "it."},
	{"本单位牵头项目在当年度满意度测评（按月考核时为当月结束的测评）中的测评结果：满意计1，基本满意计1/2，不满意计0，"
	 "同一项目多次测评的以最后一次为准，未形成结果的不计。",
	 "The verdicts of the unit's projects in the year-end evaluations of the year's round (for a month, those closed "
	 "in it): satisfied 1, basically satisfied 1/2, dissatisfied 0; a project rated more than once counts by its "
	 "latest verdict; a project without a verdict is left out."},
	{"考核期内交办本单位的群众诉求和代表建议（首次交办或重新交办，不含重新办理）中，在退回期限内签收或退回的比例；无交办的不计入得分。",
	 "Of the cases and suggestions assigned to the unit in the period (first or reassigned, not redos), the share "
	 "accepted or returned within the return window; left out of the score when none was assigned."},
	{"答复期限在考核期内届满的事项（不含已退回的）中，在期限内答复A类（已解决或基本解决）或已办结的比例；无到期事项的不计入得分。",
	 "Of the matters (not returned) whose reply fell due in the period, the share answered A (solved or basically "
	 "solved) or closed by the deadline; left out of the score when none fell due."},
	{"考核期内群众评价和代表反馈中满意和基本满意的比例；无评价的不计入得分。",
	 "Of the residents' ratings and deputies' feedback given in the period, the share satisfied or basically "
	 "satisfied; left out of the score when there was none."},
	{"本级人大已公布的任务清单中由本单位牵头、完成时限在考核期内的末级任务里，在完成时限当日或之前报送并经采纳的最新数值达到目标值"
	 "（下降类指标为不高于目标值）的比例；无到期任务的不计入得分。",
	 "Of the tasks without sub-tasks of the congress's published target lists that the unit leads and whose deadline "
	 "falls in the period, the share whose latest accepted value, reported on or before the deadline, reaches the "
	 "target (at most it for a downward indicator); left out of the score when none fell due."},
};
static const char *const penalty_zh = "考核期内因测评结果产生的扣分类后果（penalty）的分值之和，从得分中扣除，得分最低为0。";
static const char *const penalty_en = "The points of the penalty consequences of poor verdicts created in the period, "
				      "subtracted from the score (never below 0).";

static const uint32_t default_weights[MS_AC_COUNT] = {25, 25, 30, 5, 5, 10, 0};

/* ---- periods and settings ---------------------------------------------------- */

int ms_assess_period_make(int64_t year, int64_t month, struct ms_assess_period *p, struct ms_error *e)
{
	memset(p, 0, sizeof *p);
	if (year < MS_YEAR_MIN || year > MS_YEAR_MAX || month < 0 || month > 12)
		return ms_failf(e, MS_E_ASSESS_PERIOD, month < 0 || month > 12 ? "month" : "year", MS_AI(MS_YEAR_MIN),
				MS_AI(MS_YEAR_MAX));
	p->year = (int)year;
	p->month = (int)month;
	int32_t first = ms_day_from_ymd(p->year, month ? p->month : 1, 1);
	int32_t last = month == 0 ? ms_day_from_ymd(p->year, 12, 31)
		       : month == 12 ? ms_day_from_ymd(p->year, 12, 31)
				     : ms_day_from_ymd(p->year, p->month + 1, 1) - 1;
	int32_t today = ms_day_today();
	if (last > today)
		last = today;
	ms_day_format(first, p->from);
	if (last < first)
		snprintf(p->to, sizeof p->to, "%s", "0000-00-00"); /* nothing has fallen due */
	else
		ms_day_format(last, p->to);
	return 0;
}

int ms_assess_settings_get(struct ms_db *db, int64_t congress_id, struct ms_assess_settings *out, struct ms_error *e)
{
	bool found = false;
	int rc = ms_assess_sql_settings(db, congress_id, out, &found, e);
	if (!rc && !found) {
		memcpy(out->weights, default_weights, sizeof out->weights);
		out->excellent_min = 90;
		out->good_min = 80;
		out->pass_min = 60;
	}
	return rc;
}

static void params_of(const struct ms_assess_settings *s, struct ms_assess_params *p)
{
	ms_assess_params_default(p, MS_AC_COUNT, s->weights);
	p->excellent_min = s->excellent_min;
	p->good_min = s->good_min;
	p->pass_min = s->pass_min;
}

int ms_assess_settings_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			   const struct ms_assess_settings *s, struct ms_error *e)
{
	struct ms_assess_params p;
	params_of(s, &p);
	int rc = ms_assess_params_check(&p, e);
	if (rc)
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_assess_sql_settings_set(db, congress_id, s, now, e)))
		return rc;
	return ms_audit_append(db, by, congress_id, "assessment.settings", "congress", congress_id,
			       ms_assess_settings_json(s), e);
}

json_t *ms_assess_settings_json(const struct ms_assess_settings *s)
{
	struct ms_assess_params p;
	params_of(s, &p);
	const char *zh_labels[MS_AC_COUNT], *en_labels[MS_AC_COUNT];
	for (int i = 0; i < MS_AC_COUNT; i++) {
		zh_labels[i] = components_v[i].zh;
		en_labels[i] = components_v[i].en;
	}
	char zh[2048], en[3072];
	ms_assess_rule_text_zh(&p, zh_labels, zh, sizeof zh);
	ms_assess_rule_text_en(&p, en_labels, en, sizeof en);
	json_t *comps = json_array();
	for (int i = 0; i < MS_AC_COUNT; i++)
		json_array_append_new(comps, json_pack("{s:s, s:s, s:s, s:i, s:{s:s, s:s}}", "key", components_v[i].key,
						       "name", components_v[i].zh, "name_en", components_v[i].en,
						       "weight", (int)s->weights[i], "definition", "zh",
						       definitions[i].zh, "en", definitions[i].en));
	json_t *o = json_pack("{s:o, s:i, s:i, s:i, s:{s:s, s:s}, s:{s:s, s:s}}", "components", comps, "excellent_min",
			      (int)s->excellent_min, "good_min", (int)s->good_min, "pass_min", (int)s->pass_min,
			      "penalty", "zh", penalty_zh, "en", penalty_en, "words", "zh", zh, "en", en);
	for (int i = 0; o && i < MS_AC_COUNT; i++)
		json_object_set_new(o, components_v[i].key, json_integer(s->weights[i]));
	return o;
}

/* ---- the components, counted -------------------------------------------------- */

struct league {
	size_t n;
	uint64_t (*num)[MS_AC_COUNT], (*den)[MS_AC_COUNT];
	uint64_t *penalty;
	struct ms_assess_result res;
	bool ranked;
};

static void league_fini(struct league *l)
{
	if (l->ranked)
		ms_assess_result_fini(&ms_allocator_libc, &l->res);
	free(l->num);
	free(l->den);
	free(l->penalty);
	memset(l, 0, sizeof *l);
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int64_t num_of(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static bool in_period(const char *day, const struct ms_assess_period *p)
{
	return day && strcmp(day, p->from) >= 0 && strcmp(day, p->to) <= 0;
}

/* The index of unit id in d->units (sorted by id), or -1. */
static long unit_index(const struct ms_assess_data *d, int64_t id)
{
	size_t lo = 0, hi = json_array_size(d->units);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t v = num_of(json_array_get(d->units, mid), "id");
		if (v == id)
			return (long)mid;
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* What traces one unit's figures to their records (NULL arrays: not wanted). */
struct trace {
	int64_t unit_id;
	bool privileged;
	json_t *milestones, *projects, *verdicts, *penalties, *tasks;
};

static json_t *nullable_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Count the components of every unit of d for period p into l (allocated
 * here); the records behind trace->unit_id's figures into trace. */
static int count_components(const struct ms_assess_data *d, const struct ms_assess_period *p, struct league *l,
			    struct trace *t, struct ms_error *e)
{
	memset(l, 0, sizeof *l);
	l->n = json_array_size(d->units);
	size_t n = l->n ? l->n : 1;
	l->num = calloc(n, sizeof *l->num);
	l->den = calloc(n, sizeof *l->den);
	l->penalty = calloc(n, sizeof *l->penalty);
	if (!l->num || !l->den || !l->penalty) {
		league_fini(l);
		return ms_nomem(e);
	}
	char month[8] = "";
	if (p->month)
		snprintf(month, sizeof month, "%04d-%02d", p->year, p->month);
	size_t r = 0, v = 0, mi = 0, nr = d->n_reached, nv = json_array_size(d->verdicts), nm = d->n_milestones;
	size_t i;
	json_t *pr;
	json_array_foreach(d->projects, i, pr) {
		int64_t id = num_of(pr, "id");
		long u = unit_index(d, num_of(pr, "unit_id"));
		/* the reached milestones and the verdicts of this project (all sorted by project) */
		while (r < nr && d->reached[r].project_id < id)
			r++;
		while (mi < nm && d->milestones[mi].project_id < id)
			mi++;
		while (v < nv && num_of(json_array_get(d->verdicts, v), "project_id") < id)
			v++;
		if (u < 0)
			continue;
		bool traced = t && num_of(pr, "unit_id") == t->unit_id;
		for (size_t k = mi; k < nm && d->milestones[k].project_id == id; k++) {
			const struct ms_assess_milestone *m = &d->milestones[k];
			const char *planned = m->planned_on;
			if (!in_period(planned, p))
				continue;
			const struct ms_assess_reached *hit = NULL;
			for (size_t x = r; x < nr && d->reached[x].project_id == id; x++)
				if (d->reached[x].milestone == m->number)
					hit = &d->reached[x];
			const char *reached_on = hit ? hit->reached_on : NULL;
			bool on_time = reached_on && strcmp(reached_on, planned) <= 0;
			l->den[u][MS_AC_ON_TIME]++;
			l->num[u][MS_AC_ON_TIME] += on_time;
			if (traced)
				json_array_append_new(
					t->milestones,
					json_pack("{s:I, s:o, s:I, s:o, s:s, s:o, s:o, s:b}", "project_id", (json_int_t)id,
						  "project_title", nullable_str(str(pr, "title")), "milestone",
						  (json_int_t)m->number, "title", json_string(m->title), "planned_on",
						  planned, "reached_on", nullable_str(reached_on), "report_id",
						  hit ? json_integer(hit->report_id) : json_null(), "on_time",
						  on_time));
		}
		const char *finish = str(pr, "finish_on"), *accepted = str(pr, "accepted_on");
		if (in_period(finish, p)) {
			bool delivered = accepted && strcmp(accepted, finish) <= 0;
			l->den[u][MS_AC_DELIVERY]++;
			l->num[u][MS_AC_DELIVERY] += delivered;
			if (traced)
				json_array_append_new(t->projects,
						      json_pack("{s:I, s:o, s:s, s:o, s:b}", "project_id", (json_int_t)id,
								"title", nullable_str(str(pr, "title")), "finish_on",
								finish, "accepted_on", nullable_str(accepted),
								"delivered", delivered));
		}
		/* the latest verdict (polls by id, descending) of the period */
		for (size_t x = v; x < nv; x++) {
			json_t *row = json_array_get(d->verdicts, x);
			if (num_of(row, "project_id") != id)
				break;
			const char *verdict = str(row, "verdict"), *closed = str(row, "closed_at");
			if (!verdict || strcmp(verdict, "none") == 0)
				continue;
			if (p->month && (!closed || strncmp(closed, month, 7) != 0))
				continue;
			int points = strcmp(verdict, "satisfied") == 0 ? 2 : strcmp(verdict, "basic") == 0 ? 1 : 0;
			l->den[u][MS_AC_SATISFACTION] += 2;
			l->num[u][MS_AC_SATISFACTION] += (uint64_t)points;
			if (traced) {
				json_t *o = json_pack("{s:I, s:o, s:I, s:o, s:o, s:s}", "project_id", (json_int_t)id,
						      "project_title", nullable_str(str(pr, "title")), "poll_id",
						      (json_int_t)num_of(row, "poll_id"), "poll_title",
						      nullable_str(str(row, "poll_title")), "closed_at",
						      nullable_str(closed), "verdict", verdict);
				static const char *const tallies[] = {"satisfied", "basic", "dissatisfied", "abstain",
								      "invalid"};
				for (size_t q = 0; o && q < 5; q++)
					json_object_set_new(o, tallies[q], json_integer(num_of(row, tallies[q])));
				json_object_set_new(o, "points", json_pack("{s:i, s:i}", "num", points, "den", 2));
				json_array_append_new(t->verdicts, o);
			}
			break;
		}
	}
	json_t *c;
	json_array_foreach(d->penalties, i, c) {
		long u = unit_index(d, num_of(c, "unit_id"));
		if (u < 0 || !in_period(str(c, "created_on"), p))
			continue;
		l->penalty[u] += (uint64_t)num_of(c, "points");
		if (t && num_of(c, "unit_id") == t->unit_id) {
			bool pub = json_is_true(json_object_get(c, "public"));
			bool shown = pub || t->privileged;
			json_array_append_new(
				t->penalties,
				json_pack("{s:I, s:o, s:o, s:o, s:I, s:s, s:b}", "consequence_id", (json_int_t)num_of(c, "id"),
					  "project_id", shown ? json_integer(num_of(c, "project_id")) : json_null(),
					  "poll_id", shown ? json_integer(num_of(c, "poll_id")) : json_null(), "verdict",
					  shown ? nullable_str(str(c, "verdict")) : json_null(), "points",
					  (json_int_t)num_of(c, "points"), "created_on", str(c, "created_on"), "public",
					  pub));
		}
	}
	return 0;
}

static int rank(const struct ms_assess_settings *s, struct league *l, struct ms_error *e)
{
	struct ms_assess_params p;
	params_of(s, &p);
	struct ms_assess_unit *units = calloc(l->n ? l->n : 1, sizeof *units);
	if (!units)
		return ms_nomem(e);
	for (size_t u = 0; u < l->n; u++)
		units[u] = (struct ms_assess_unit){.num = l->num[u],
						   .den = l->den[u],
						   .penalty = l->penalty[u] > UINT32_MAX ? UINT32_MAX
										   : (uint32_t)l->penalty[u]};
	int rc = ms_assess_rank(&ms_allocator_libc, &p, units, l->n, &l->res, e);
	free(units);
	l->ranked = rc == 0;
	return rc;
}

/* ---- as JSON --------------------------------------------------------------------- */

static json_t *rat_json(const struct ms_rat *r)
{
	char buf[128];
	if (ms_rat_to_str(r, buf, sizeof buf) >= sizeof buf)
		return json_null();
	return json_string(buf);
}

/* A score of 0..100 (or more) rounded half up to two decimals. */
static json_t *decimal_json(const struct ms_rat *r)
{
	struct ms_rat x;
	ms_rat_init(&x);
	int64_t v = 0;
	int rc = ms_rat_mul_i64(&x, r, 200);
	if (!rc)
		rc = ms_rat_add_i64(&x, &x, 1);
	if (!rc)
		rc = ms_rat_div_i64(&x, &x, 2);
	if (!rc)
		rc = ms_rat_floor_i64(&x, &v);
	ms_rat_fini(&x);
	if (rc)
		return json_null();
	char buf[32];
	snprintf(buf, sizeof buf, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
	return json_string(buf);
}

static json_t *row_json(const struct ms_assess_data *d, const struct league *l, size_t u)
{
	json_t *unit = json_array_get(d->units, u);
	const struct ms_assess_row *row = &l->res.rows[u];
	const struct ms_name *k = &ms_assess_class_names.v[row->klass];
	json_t *comps = json_array();
	for (int i = 0; i < MS_AC_COUNT; i++) {
		uint64_t nn = l->num[u][i], dd = l->den[u][i];
		json_t *share = json_null();
		if (dd) {
			char buf[48];
			uint64_t a = nn, b = dd;
			while (b) {
				uint64_t t = a % b;
				a = b;
				b = t;
			}
			uint64_t g = a ? a : 1;
			if (nn / g == 0)
				snprintf(buf, sizeof buf, "0");
			else if (dd / g == 1)
				snprintf(buf, sizeof buf, "%llu", (unsigned long long)(nn / g));
			else
				snprintf(buf, sizeof buf, "%llu/%llu", (unsigned long long)(nn / g),
					 (unsigned long long)(dd / g));
			share = json_string(buf);
		}
		json_array_append_new(comps, json_pack("{s:s, s:I, s:I, s:b, s:o}", "key", components_v[i].key, "num",
						       (json_int_t)nn, "den", (json_int_t)dd, "no_data", dd == 0,
						       "share", share));
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:b, s:b, s:I, s:o}", "unit_id",
			 (json_int_t)num_of(unit, "id"), "name", json_incref(json_object_get(unit, "name")), "name_en",
			 json_incref(json_object_get(unit, "name_en")), "rank",
			 row->has_score ? json_integer(row->rank) : json_null(), "score",
			 row->has_score ? rat_json(&row->score) : json_null(), "score_decimal",
			 row->has_score ? decimal_json(&row->score) : json_null(), "before_penalty",
			 row->has_score ? rat_json(&row->before_penalty) : json_null(), "class", k->key, "class_name",
			 k->zh, "class_name_en", k->en, "red_list", row->klass == MS_CLASS_EXCELLENT, "black_list",
			 row->klass == MS_CLASS_FAIL, "penalty", (json_int_t)l->penalty[u], "components", comps);
}

static json_t *period_json(const struct ms_assess_period *p)
{
	return json_pack("{s:i, s:o, s:s, s:s}", "year", p->year, "month", p->month ? json_integer(p->month) : json_null(),
			 "from", p->from, "to", p->to);
}

static json_t *league_json(const struct ms_assess_data *d, const struct ms_assess_settings *s,
			   const struct ms_assess_period *p, const struct league *l)
{
	json_t *units = json_array(), *red = json_array(), *black = json_array();
	size_t scored = 0;
	for (size_t k = 0; k < l->n; k++) {
		size_t u = l->res.order[k];
		const struct ms_assess_row *row = &l->res.rows[u];
		json_t *id = json_integer(num_of(json_array_get(d->units, u), "id"));
		scored += row->has_score;
		if (row->klass == MS_CLASS_EXCELLENT)
			json_array_append(red, id);
		if (row->klass == MS_CLASS_FAIL)
			json_array_append(black, id);
		json_decref(id);
		json_array_append_new(units, row_json(d, l, u));
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}", "congress_id", (json_int_t)d->congress_id,
			 "congress_name", json_incref(json_object_get(d->congress, "name")), "congress_name_en",
			 json_incref(json_object_get(d->congress, "name_en")), "period", period_json(p), "settings",
			 ms_assess_settings_json(s), "units", units, "red_list", red, "black_list", black, "scored",
			 (json_int_t)scored);
}

/* ---- the entry points ------------------------------------------------------------- */

/* The casework rates of every unit for the period (liaison/casework.h) into l. */
static int add_casework(struct ms_db *db, int64_t congress_id, const struct ms_assess_data *d,
			const struct ms_assess_period *p, struct league *l, struct ms_error *e)
{
	struct ms_casework_rates *r = NULL;
	size_t n = 0;
	int rc = ms_casework_rates(db, congress_id, p->from, p->to, &r, &n, e);
	for (size_t i = 0; !rc && i < n; i++) {
		long u = unit_index(d, r[i].unit_id);
		if (u < 0)
			continue;
		l->num[u][MS_AC_RESPONSE] += r[i].responded;
		l->den[u][MS_AC_RESPONSE] += r[i].assigned;
		l->num[u][MS_AC_RESOLUTION] += r[i].resolved;
		l->den[u][MS_AC_RESOLUTION] += r[i].due;
		l->num[u][MS_AC_CASEWORK_SATISFACTION] += r[i].satisfied;
		l->den[u][MS_AC_CASEWORK_SATISFACTION] += r[i].ratings;
	}
	free(r);
	return rc;
}

/* The target-list tasks of every unit for the period into l, and the
 * traced unit's into t. */
static int add_tasks(struct ms_db *db, int64_t congress_id, const struct ms_assess_data *d,
		     const struct ms_assess_period *p, struct league *l, struct trace *t, struct ms_error *e)
{
	json_t *rows = NULL, *r;
	size_t i;
	int rc = ms_assess_sql_tasks(db, congress_id, p->from, p->to, &rows, e);
	json_array_foreach(rc ? NULL : rows, i, r) {
		long u = unit_index(d, num_of(r, "unit_id"));
		if (u < 0)
			continue;
		json_t *value = json_object_get(r, "value");
		bool down = str(r, "direction") && strcmp(str(r, "direction"), "down") == 0;
		bool met = json_is_integer(value) &&
			   (down ? json_integer_value(value) <= num_of(r, "target") : json_integer_value(value) >= num_of(r, "target"));
		l->den[u][MS_AC_TASKS]++;
		l->num[u][MS_AC_TASKS] += met;
		if (t && t->tasks && num_of(r, "unit_id") == t->unit_id) {
			char target[32], v[32];
			ms_target_format_value(num_of(r, "target"), target);
			ms_target_format_value(json_integer_value(value), v);
			json_array_append_new(
				t->tasks, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:b}", "task_id",
						    (json_int_t)num_of(r, "id"), "code", str(r, "code"), "title",
						    str(r, "title"), "list_id", (json_int_t)num_of(r, "list_id"),
						    "list_title", str(r, "list_title"), "deadline", str(r, "deadline"),
						    "direction", down ? "down" : "up", "target", target, "value",
						    json_is_integer(value) ? json_string(v) : json_null(), "report_id",
						    json_incref(json_object_get(r, "report_id")), "met", met));
		}
	}
	json_decref(rows);
	return rc;
}

static int compute(struct ms_db *db, int64_t congress_id, const struct ms_assess_period *p,
		   struct ms_assess_settings *s, struct ms_assess_data *d, struct league *l, struct trace *t,
		   struct ms_error *e)
{
	int rc = ms_assess_settings_get(db, congress_id, s, e);
	if (!rc)
		rc = ms_assess_sql_load(db, congress_id, p->year, d, e);
	if (rc)
		return rc;
	if (!rc)
		rc = count_components(d, p, l, t, e);
	if (!rc && ((rc = add_casework(db, congress_id, d, p, l, e)) || (rc = add_tasks(db, congress_id, d, p, l, t, e))))
		league_fini(l);
	else if (!rc && (rc = rank(s, l, e)))
		league_fini(l);
	if (rc)
		ms_assess_data_fini(d);
	return rc;
}

int ms_assess_league(struct ms_db *db, int64_t congress_id, const struct ms_assess_period *p, json_t **out,
		     struct ms_error *e)
{
	struct ms_assess_settings s;
	struct ms_assess_data d;
	struct league l;
	int rc = compute(db, congress_id, p, &s, &d, &l, NULL, e);
	if (rc)
		return rc;
	*out = league_json(&d, &s, p, &l);
	league_fini(&l);
	ms_assess_data_fini(&d);
	return *out ? 0 : ms_nomem(e);
}

int ms_assess_unit(struct ms_db *db, int64_t unit_id, const struct ms_assess_period *p, bool privileged,
		   json_t **out, struct ms_error *e)
{
	int64_t congress_id = 0;
	int rc = ms_assess_sql_unit(db, unit_id, &congress_id, e);
	if (rc)
		return rc;
	struct trace t = {.unit_id = unit_id,
			  .privileged = privileged,
			  .milestones = json_array(),
			  .projects = json_array(),
			  .verdicts = json_array(),
			  .penalties = json_array(),
			  .tasks = json_array()};
	struct ms_assess_settings s;
	struct ms_assess_data d;
	struct league l;
	if ((rc = compute(db, congress_id, p, &s, &d, &l, &t, e))) {
		json_decref(t.milestones);
		json_decref(t.projects);
		json_decref(t.verdicts);
		json_decref(t.penalties);
		json_decref(t.tasks);
		return rc;
	}
	long u = unit_index(&d, unit_id);
	size_t scored = 0;
	for (size_t k = 0; k < l.n; k++)
		scored += l.res.rows[k].has_score;
	json_t *casework = json_object();
	for (int i = MS_AC_RESPONSE; i <= MS_AC_CASEWORK_SATISFACTION; i++) {
		bool none = u < 0 || l.den[u][i] == 0;
		json_object_set_new(casework, components_v[i].key,
				    json_pack("{s:b, s:s, s:s}", "no_data", none, "why",
					      none ? "考核期内没有可计的群众诉求或代表建议办理记录" : definitions[i].zh, "why_en",
					      none ? "no cases or suggestions to count in the period" : definitions[i].en));
	}
	*out = json_pack("{s:I, s:o, s:o, s:o, s:o, s:I, s:I, s:{s:o, s:o, s:o, s:o, s:o, s:o}}", "congress_id",
			 (json_int_t)congress_id, "congress_name", json_incref(json_object_get(d.congress, "name")),
			 "period", period_json(p), "settings", ms_assess_settings_json(&s), "unit",
			 u >= 0 ? row_json(&d, &l, (size_t)u) : json_null(), "units", (json_int_t)l.n, "scored",
			 (json_int_t)scored, "records", "on_time", t.milestones, "delivery", t.projects, "satisfaction",
			 t.verdicts, "penalties", t.penalties, "casework", casework, "tasks", t.tasks);
	league_fini(&l);
	ms_assess_data_fini(&d);
	return *out ? 0 : ms_nomem(e);
}

int ms_assess_trend(struct ms_db *db, int64_t unit_id, json_t **out, struct ms_error *e)
{
	int64_t congress_id = 0, *years = NULL;
	size_t n = 0;
	int rc = ms_assess_sql_unit(db, unit_id, &congress_id, e);
	if (!rc)
		rc = ms_assess_sql_years(db, congress_id, &years, &n, e);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		struct ms_assess_period p;
		struct ms_assess_settings s;
		struct ms_assess_data d;
		struct league l;
		if ((rc = ms_assess_period_make(years[i], 0, &p, e)) ||
		    (rc = compute(db, congress_id, &p, &s, &d, &l, NULL, e)))
			break;
		long u = unit_index(&d, unit_id);
		size_t scored = 0;
		for (size_t k = 0; k < l.n; k++)
			scored += l.res.rows[k].has_score;
		if (u >= 0) {
			json_t *row = row_json(&d, &l, (size_t)u);
			json_object_set_new(row, "year", json_integer(years[i]));
			json_object_set_new(row, "scored", json_integer((json_int_t)scored));
			json_array_append_new(items, row);
		}
		league_fini(&l);
		ms_assess_data_fini(&d);
	}
	free(years);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:I, s:I, s:o}", "unit_id", (json_int_t)unit_id, "congress_id", (json_int_t)congress_id,
			 "items", items);
	return *out ? 0 : ms_nomem(e);
}

int ms_assess_recompute_year(struct ms_db *db, int64_t congress_id, int year, size_t *n_units, struct ms_error *e)
{
	struct ms_assess_settings s;
	struct ms_assess_data d;
	int rc = ms_assess_settings_get(db, congress_id, &s, e);
	if (!rc)
		rc = ms_assess_sql_load(db, congress_id, year, &d, e);
	if (rc)
		return rc;
	*n_units = json_array_size(d.units);
	for (int m = 0; m <= 12 && !rc; m++) {
		struct ms_assess_period p;
		struct league l;
		if ((rc = ms_assess_period_make(year, m, &p, e)) || (rc = count_components(&d, &p, &l, NULL, e)))
			break;
		rc = add_casework(db, congress_id, &d, &p, &l, e);
		if (!rc)
			rc = rank(&s, &l, e);
		league_fini(&l);
	}
	ms_assess_data_fini(&d);
	return rc;
}
