/* rollup.c — the roll-up of a congress's subtree (rollup.h): each
 * congress's own figures from the raw records, then the totals summed up
 * the tree, the deepest first. Read-only. */
#include "rollup_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../core/workday.h"
#include "../cycle/cycle.h"
#include "../liaison/casework.h"
#include "../org/org.h"

const struct ms_rollup_label ms_rollup_labels[MS_RF_COUNT] = {
	[MS_RF_PROJECTS] = {"projects", "项目", "projects"},
	[MS_RF_PLANNING] = {"planning", "编制方案", "planning"},
	[MS_RF_DELIVERING] = {"delivering", "实施中", "delivering"},
	[MS_RF_FINISHED] = {"finished", "已完成", "finished"},
	[MS_RF_GREEN] = {"green", "绿灯（正常）", "green (on track)"},
	[MS_RF_YELLOW] = {"yellow", "黄灯（滞后）", "yellow (behind)"},
	[MS_RF_RED] = {"red", "红灯（严重滞后）", "red (far behind)"},
	[MS_RF_BLUE] = {"blue", "蓝灯（已完成）", "blue (done)"},
	[MS_RF_COST] = {"cost", "计划投资（元）", "planned cost (yuan)"},
	[MS_RF_SPENT] = {"spent", "已完成投资（元）", "spent (yuan)"},
	[MS_RF_MICRO] = {"micro", "其中微实事", "of which small matters (微实事)"},
	[MS_RF_WISH] = {"wish", "其中微心愿", "of which small wishes (微心愿)"},
	[MS_RF_SATISFIED] = {"satisfied", "满意", "satisfied"},
	[MS_RF_BASIC] = {"basic", "基本满意", "basically satisfied"},
	[MS_RF_DISSATISFIED] = {"dissatisfied", "不满意", "dissatisfied"},
	[MS_RF_NO_VERDICT] = {"no_verdict", "未达表决要求", "no verdict"},
	[MS_RF_UNEVALUATED] = {"unevaluated", "尚未测评", "not yet evaluated"},
	[MS_RF_DEMANDS] = {"demands", "收集群众意见", "demands received"},
	[MS_RF_DEMANDS_DEPUTIES] = {"demands_deputies", "其中经代表收集", "of which through deputies"},
	[MS_RF_CASES] = {"cases", "交办件", "cases"},
	[MS_RF_CASES_CLOSED] = {"cases_closed", "交办件已办结", "cases closed"},
	[MS_RF_CASES_OVERDUE] = {"cases_overdue", "交办件已超期", "cases overdue"},
	[MS_RF_SUGGESTIONS] = {"suggestions", "代表建议", "suggestions"},
	[MS_RF_SUGGESTIONS_CLOSED] = {"suggestions_closed", "代表建议已办结", "suggestions closed"},
	[MS_RF_SUGGESTIONS_OVERDUE] = {"suggestions_overdue", "代表建议已超期", "suggestions overdue"},
	[MS_RF_RESPONSE_NUM] = {"response_num", "按时响应", "responded in time"},
	[MS_RF_RESPONSE_DEN] = {"response_den", "应响应", "due a response"},
	[MS_RF_RESOLUTION_NUM] = {"resolution_num", "按时解决", "resolved in time"},
	[MS_RF_RESOLUTION_DEN] = {"resolution_den", "应解决", "due a resolution"},
	[MS_RF_SATISFACTION_NUM] = {"satisfaction_num", "满意及基本满意评价", "satisfied ratings"},
	[MS_RF_SATISFACTION_DEN] = {"satisfaction_den", "评价", "ratings"},
	[MS_RF_TASKS_OPEN] = {"tasks_open", "未完成督办事项", "open supervision tasks"},
	[MS_RF_TASKS_OVERDUE] = {"tasks_overdue", "超期督办事项", "overdue supervision tasks"},
	[MS_RF_DEPUTIES] = {"deputies", "代表", "deputies"},
	[MS_RF_ACTIVITIES] = {"activities", "代表履职活动", "deputies' activities"},
	[MS_RF_ACTIVITY_HOURS] = {"activity_hours", "履职时长（小时）", "activity hours"},
};

struct node {
	int64_t id, parent_id;
	long parent;      /* its index, -1 for the root */
	int64_t own[MS_RF_COUNT], total[MS_RF_COUNT];
};

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t num(json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

static long find(const struct node *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return (long)i;
	return -1;
}

static int index_of(const char *key, const char *const *keys, int first)
{
	for (int i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return first + i;
	return -1;
}

/* Each figure query's rows into the nodes' own figures. */
static void add_rows(struct node *v, size_t n, json_t *rows[MS_ROLLUP_QUERIES])
{
	static const char *const states[] = {"planning", "delivering", "finished", NULL};
	static const char *const lights[] = {"green", "yellow", "red", "blue", NULL};
	static const char *const verdicts[] = {"satisfied", "basic", "dissatisfied", "none", NULL};
	size_t i;
	json_t *r;
	long k;
	int f;
	json_array_foreach(rows[MS_RQ_PROJECTS], i, r) {
		if ((k = find(v, n, num(r, "congress_id"))) < 0)
			continue;
		int64_t *o = v[k].own, c = num(r, "n");
		o[MS_RF_PROJECTS] += c;
		if ((f = index_of(str(r, "state"), states, MS_RF_PLANNING)) >= 0)
			o[f] += c;
		if ((f = index_of(str(r, "light"), lights, MS_RF_GREEN)) >= 0)
			o[f] += c;
		o[MS_RF_COST] += num(r, "cost");
		o[MS_RF_SPENT] += num(r, "spent");
		if (str(r, "tier") && strcmp(str(r, "tier"), "micro") == 0)
			o[MS_RF_MICRO] += c;
		else if (str(r, "tier") && strcmp(str(r, "tier"), "wish") == 0)
			o[MS_RF_WISH] += c;
	}
	json_array_foreach(rows[MS_RQ_VERDICTS], i, r) {
		if ((k = find(v, n, num(r, "congress_id"))) >= 0 &&
		    (f = index_of(str(r, "verdict"), verdicts, MS_RF_SATISFIED)) >= 0)
			v[k].own[f] += num(r, "n");
	}
	json_array_foreach(rows[MS_RQ_DEMANDS], i, r) {
		if ((k = find(v, n, num(r, "congress_id"))) < 0)
			continue;
		v[k].own[MS_RF_DEMANDS] += num(r, "n");
		v[k].own[MS_RF_DEMANDS_DEPUTIES] += num(r, "by_deputies");
	}
	json_array_foreach(rows[MS_RQ_CASEWORK], i, r) {
		if ((k = find(v, n, num(r, "congress_id"))) < 0)
			continue;
		bool sugg = strcmp(str(r, "kind"), "suggestion") == 0;
		v[k].own[sugg ? MS_RF_SUGGESTIONS : MS_RF_CASES] += num(r, "n");
		v[k].own[sugg ? MS_RF_SUGGESTIONS_CLOSED : MS_RF_CASES_CLOSED] += num(r, "closed");
		v[k].own[sugg ? MS_RF_SUGGESTIONS_OVERDUE : MS_RF_CASES_OVERDUE] += num(r, "overdue");
	}
	json_array_foreach(rows[MS_RQ_TASKS], i, r) {
		if ((k = find(v, n, num(r, "congress_id"))) < 0)
			continue;
		v[k].own[MS_RF_TASKS_OPEN] += num(r, "n");
		v[k].own[MS_RF_TASKS_OVERDUE] += num(r, "overdue");
	}
	json_array_foreach(rows[MS_RQ_ACTIVITIES], i, r) {
		if ((k = find(v, n, num(r, "congress_id"))) < 0)
			continue;
		v[k].own[MS_RF_ACTIVITIES] += num(r, "n");
		v[k].own[MS_RF_ACTIVITY_HOURS] += num(r, "hours");
	}
	for (size_t j = 0; j < n; j++) {
		int64_t *o = v[j].own;
		o[MS_RF_UNEVALUATED] = o[MS_RF_PROJECTS] - o[MS_RF_SATISFIED] - o[MS_RF_BASIC] - o[MS_RF_DISSATISFIED] -
				       o[MS_RF_NO_VERDICT];
	}
}

/* The three rates of one congress over the year: its units' numerators and denominators summed. */
static int add_rates(struct ms_db *db, struct node *nd, const struct ms_rollup_period *p, struct ms_error *e)
{
	struct ms_casework_rates *r = NULL;
	size_t n = 0;
	int rc = ms_casework_rates(db, nd->id, p->from, p->to, &r, &n, e);
	for (size_t i = 0; !rc && i < n; i++) {
		nd->own[MS_RF_RESPONSE_NUM] += (int64_t)r[i].responded;
		nd->own[MS_RF_RESPONSE_DEN] += (int64_t)r[i].assigned;
		nd->own[MS_RF_RESOLUTION_NUM] += (int64_t)r[i].resolved;
		nd->own[MS_RF_RESOLUTION_DEN] += (int64_t)r[i].due;
		nd->own[MS_RF_SATISFACTION_NUM] += (int64_t)r[i].satisfied;
		nd->own[MS_RF_SATISFACTION_DEN] += (int64_t)r[i].ratings;
	}
	free(r);
	return rc;
}

static json_t *rate(const int64_t *f, int num_i, int den_i)
{
	return json_pack("{s:I, s:I, s:o}", "num", (json_int_t)f[num_i], "den", (json_int_t)f[den_i], "value",
			 f[den_i] ? json_real((double)f[num_i] / (double)f[den_i]) : json_null());
}

static json_t *figures(const int64_t *f)
{
	json_t *o = json_object();
	for (int i = 0; i < MS_RF_COUNT; i++)
		json_object_set_new(o, ms_rollup_labels[i].key, json_integer((json_int_t)f[i]));
	json_object_set_new(o, "response", rate(f, MS_RF_RESPONSE_NUM, MS_RF_RESPONSE_DEN));
	json_object_set_new(o, "resolution", rate(f, MS_RF_RESOLUTION_NUM, MS_RF_RESOLUTION_DEN));
	json_object_set_new(o, "satisfaction", rate(f, MS_RF_SATISFACTION_NUM, MS_RF_SATISFACTION_DEN));
	return o;
}

static int period_make(int64_t id, int year, struct ms_rollup_period *p, struct ms_error *e)
{
	memset(p, 0, sizeof *p);
	if (year < MS_YEAR_MIN || year > MS_YEAR_MAX)
		return ms_failf(e, MS_E_INVALID_YEAR, "year", MS_AI(MS_YEAR_MIN), MS_AI(MS_YEAR_MAX), MS_AI(year));
	p->congress_id = id;
	p->year = year;
	int32_t first = ms_day_from_ymd(year, 1, 1), last = ms_day_from_ymd(year, 12, 31);
	ms_day_format(first, p->from);
	ms_day_format(last, p->to);
	ms_day_format(ms_day_today(), p->today);
	/* China's days in UTC: 00:00 in China is 16:00 UTC the day before */
	ms_clock_format((int64_t)first * 86400 - 8 * 3600, p->t0);
	ms_clock_format(((int64_t)last + 1) * 86400 - 8 * 3600, p->t1);
	ms_clock_format(ms_clock_now(), p->now);
	return 0;
}

int ms_rollup_get(struct ms_db *db, int64_t id, int year, json_t **out, struct ms_error *e)
{
	struct ms_rollup_period p;
	json_t *rows[MS_ROLLUP_QUERIES] = {0}, *list = NULL, *path = NULL;
	struct node *v = NULL;
	size_t n = 0, i;
	int rc = period_make(id, year, &p, e);
	*out = NULL;
	if (rc || (rc = ms_rollup_sql_nodes(db, id, year, &list, e)) || (rc = ms_rollup_sql_path(db, id, &path, e)))
		goto out;
	if (!(n = json_array_size(list))) {
		rc = ms_store_not_found(e, &ms_congress_kind, id);
		goto out;
	}
	if (!(v = calloc(n, sizeof *v))) {
		rc = ms_nomem(e);
		goto out;
	}
	json_t *r;
	json_array_foreach(list, i, r) {
		v[i].id = num(r, "id");
		v[i].parent_id = num(r, "parent_id");
		v[i].own[MS_RF_DEPUTIES] = num(r, "deputies");
	}
	for (i = 0; i < n; i++) /* the rows come by depth: a parent always before its children */
		v[i].parent = i ? find(v, i, v[i].parent_id) : -1;
	if ((rc = ms_rollup_sql_figures(db, &p, rows, e)))
		goto out;
	add_rows(v, n, rows);
	for (i = 0; !rc && i < n; i++)
		rc = add_rates(db, &v[i], &p, e);
	if (rc)
		goto out;
	for (i = 0; i < n; i++)
		memcpy(v[i].total, v[i].own, sizeof v[i].own);
	for (i = n; i-- > 1;) /* the deepest first: each total is complete before it is added to its parent's */
		if (v[i].parent >= 0)
			for (int f = 0; f < MS_RF_COUNT; f++)
				v[v[i].parent].total[f] += v[i].total[f];
	json_t *nodes = json_array(), *children = json_array();
	json_array_foreach(list, i, r) {
		json_t *nd = json_pack("{s:I, s:s, s:O, s:s, s:O, s:I, s:O, s:o, s:o}", "id", (json_int_t)v[i].id, "name",
				       str(r, "name"), "name_en", json_object_get(r, "name_en"), "level", str(r, "level"),
				       "parent_id", json_object_get(r, "parent_id"), "depth", (json_int_t)num(r, "depth"),
				       "phase", json_object_get(r, "phase"), "own", figures(v[i].own), "total",
				       figures(v[i].total));
		if (i && v[i].parent == 0)
			json_array_append(children, nd);
		json_array_append_new(nodes, nd);
	}
	*out = json_pack("{s:i, s:O, s:O, s:o, s:o}", "year", year, "congress", json_array_get(nodes, 0), "path", path,
			 "children", children, "congresses", nodes);
	if (!*out)
		rc = ms_nomem(e);
out:
	for (int q = 0; q < MS_ROLLUP_QUERIES; q++)
		json_decref(rows[q]);
	json_decref(list);
	json_decref(path);
	free(v);
	return rc;
}
