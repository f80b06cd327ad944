/*
 * progress.c — the quarterly progress report (季度进展报告) of a congress's
 * projects under delivery: what the supervise domain holds, read through
 * its own functions in the caller's one (read-only) transaction, into one
 * JSON document that progress_xlsx.c and progress_pdf.c lay out.
 *
 * The document:
 *   {congress, congress_en, year, quarter, from, to, today,
 *    summary: {projects, green, yellow, red, blue, budget, spent, percent_avg,
 *              tasks_open, tasks_overdue, letters_waiting},
 *    projects: [{number, id, title, title_en, category, lead_unit, co_units,
 *                finish_on, percent_done, spent, budget, light,
 *                report_on, report_body, tasks_open}],
 *    milestones: [{number, project, milestone, title, planned_on, reached_on}],
 *    tasks: [{number, project, unit, why, created_on, due_on, overdue, level}]}
 * The figures (percent done, money spent, light) and the open tasks are
 * those of today, the statistics date; the latest report is the latest
 * published one filed by the quarter's end; the milestones are those
 * planned in the quarter or reached in it. A project's budget is its published plan's, or
 * the candidate's cost until a plan is published.
 */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../core/workday.h"
#include "../org/org.h"
#include "../supervise/supervise.h"

#define PAGE 200

static bool in_period(const char *day, int32_t from, int32_t to)
{
	int32_t d;
	return day && ms_day_parse(day, &d) && d >= from && d <= to;
}

/* The newest year of the congress's projects, or 0 when it has none. */
static int newest_year(struct ms_db *db, int64_t congress_id, int64_t *year, struct ms_error *e)
{
	struct ms_page pg = {.page = 1, .per_page = 1};
	json_t *list = NULL;
	int rc = ms_project_list_congress(db, congress_id, NULL, &pg, &list, e);
	if (!rc)
		*year = num(json_array_get(json_object_get(list, "items"), 0), "year");
	json_decref(list);
	return rc;
}

int ms_progress_period(struct ms_db *db, int64_t congress_id, int64_t *year, int64_t *quarter, struct ms_error *e)
{
	int y, m, d;
	ms_day_ymd(ms_day_today(), &y, &m, &d);
	bool quarter_given = *quarter != MS_PROGRESS_DEFAULT;
	if (!quarter_given)
		*quarter = (m - 1) / 3 + 1;
	else if (*quarter < 1 || *quarter > 4)
		return ms_failf(e, MS_E_INVALID_QUARTER, "quarter", MS_AI(*quarter));
	if (*year == MS_PROGRESS_DEFAULT) {
		/* This year's round; before it has projects (early in the year),
		 * the newest round's — at its last quarter when that is over. */
		struct ms_page pg = {.page = 1, .per_page = 1};
		struct ms_project_filter f = {.year = y};
		json_t *list = NULL;
		int rc = ms_project_list_congress(db, congress_id, &f, &pg, &list, e);
		bool this_year = !rc && json_array_size(json_object_get(list, "items")) > 0;
		json_decref(list);
		if (!rc && !this_year)
			rc = newest_year(db, congress_id, year, e);
		if (rc)
			return rc;
		if (this_year || !*year)
			*year = y;
		else if (*year < y && !quarter_given)
			*quarter = 4;
	} else if (*year < MS_YEAR_MIN || *year > MS_YEAR_MAX)
		return ms_failf(e, MS_E_INVALID_YEAR, "year", MS_AI(MS_YEAR_MIN), MS_AI(MS_YEAR_MAX), MS_AI(*year));
	return 0;
}

/* The names of the plan's co-operating units, joined by "、". */
static int co_units(struct ms_db *db, json_t *plan, char **out, struct ms_error *e)
{
	size_t i, len = 0;
	json_t *v;
	char *s = calloc(1, 1);
	int rc = s ? 0 : ms_nomem(e);
	json_array_foreach(json_object_get(plan, "co_unit_ids"), i, v) {
		json_t *u = NULL;
		if (rc || (rc = ms_unit_get(db, (int64_t)json_integer_value(v), &u, e)))
			break;
		const char *name = str(u, "name");
		size_t cap = len + strlen(name) + 4;
		char *ns = realloc(s, cap);
		if (!ns) {
			json_decref(u);
			rc = ms_nomem(e);
			break;
		}
		s = ns;
		len += (size_t)snprintf(s + len, cap - len, "%s%s", len ? "、" : "", name);
		json_decref(u);
	}
	if (rc) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* A paged read: one page of its items into *out. */
typedef int (*page_read)(struct ms_db *db, const void *arg, const struct ms_page *pg, json_t **out,
			 struct ms_error *e);

/* Every item of a paged read, in order, into one array *out. */
static int all_pages(struct ms_db *db, page_read read, const void *arg, json_t **out, struct ms_error *e)
{
	json_t *all = json_array();
	int rc = all ? 0 : ms_nomem(e);
	for (struct ms_page pg = {.page = 1, .per_page = PAGE}; !rc; pg.page++) {
		json_t *list = NULL;
		if ((rc = read(db, arg, &pg, &list, e)))
			break;
		json_t *items = json_object_get(list, "items");
		size_t n = json_array_size(items);
		if (json_array_extend(all, items))
			rc = ms_nomem(e);
		json_decref(list);
		if (n < PAGE)
			break;
	}
	if (rc) {
		json_decref(all);
		return rc;
	}
	*out = all;
	return 0;
}

struct of {
	const struct ms_actor *who;
	int64_t id, year;
};

static int read_reports(struct ms_db *db, const void *arg, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const struct of *o = arg;
	return ms_report_list(db, o->who, o->id, pg, out, e);
}

static int read_letters(struct ms_db *db, const void *arg, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	static const struct ms_viewer staff = {.staff = true};
	return ms_letter_list_project(db, ((const struct of *)arg)->id, &staff, pg, out, e);
}

static int read_tasks(struct ms_db *db, const void *arg, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const struct of *o = arg;
	return ms_task_list(db, o->who, o->id, "open", pg, out, e);
}

static int read_projects(struct ms_db *db, const void *arg, const struct ms_page *pg, json_t **out,
			 struct ms_error *e)
{
	const struct of *o = arg;
	struct ms_project_filter f = {.year = o->year};
	return ms_project_list_congress(db, o->id, &f, pg, out, e);
}

/* Every report of the project (newest first, with their milestones), into
 * one array: the staff see those not yet published too. */
static int reports_all(struct ms_db *db, const struct ms_actor *who, int64_t project_id, json_t **out,
		       struct ms_error *e)
{
	struct of o = {who, project_id, 0};
	return all_pages(db, read_reports, &o, out, e);
}

/* The earliest day milestone m (from 1) was reported reached, or NULL. */
static const char *reached_on(json_t *reports, int64_t m)
{
	const char *best = NULL;
	size_t i, j;
	json_t *r, *x;
	json_array_foreach(reports, i, r) json_array_foreach(json_object_get(r, "milestones"), j, x) {
		const char *d = json_string_value(json_object_get(x, "reached_on"));
		if (num(x, "milestone") == m && d && (!best || strcmp(d, best) < 0))
			best = d;
	}
	return best;
}

/* Why a task was given, in words, from the light's findings (task.c's why:
 * {light, planned, behind|late|silent: {light, amount}}): the checks that
 * fired, "进度落后计划42个百分点（计划60%）；…". */
static void why_words(json_t *why, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = 0;
	for (int k = 0; k < MS_LIGHT_CHECKS; k++) {
		json_t *f = json_object_get(why, ms_names_key(&ms_light_check_names, k));
		int light = ms_names_find(&ms_light_names, str(f, "light"));
		if (light <= MS_LIGHT_GREEN || light == MS_LIGHT_BLUE)
			continue;
		const char *sep = n ? "；" : "";
		long long amount = (long long)num(f, "amount");
		int w = k == MS_LIGHT_BEHIND ? snprintf(out + n, cap - n, "%s进度落后计划%lld个百分点（计划%lld%%）", sep,
							amount, (long long)num(why, "planned"))
			: k == MS_LIGHT_LATE ? snprintf(out + n, cap - n, "%s逾期%lld天未开工", sep, amount)
					     : snprintf(out + n, cap - n, "%s%lld天未报送进度", sep, amount);
		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
	}
	if (!n)
		snprintf(out, cap, "%s", "亮红灯");
}

/* The project's open tasks (from the congress's, `open`) into doc's tasks; *n how many. */
static int add_tasks(json_t *doc, json_t *open, json_t *p, int64_t number, int64_t *n, int64_t *overdue)
{
	size_t i;
	json_t *t;
	*n = 0;
	json_array_foreach(open, i, t) {
		if (num(t, "project_id") != num(p, "id"))
			continue;
		char why[256];
		why_words(json_object_get(t, "why"), why, sizeof why);
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I}", "number", (json_int_t)number,
				      "project", str(p, "title"), "unit", str(t, "unit_name"), "why", why,
				      "created_on", str(t, "created_on"), "due_on", str(t, "due_on"), "overdue",
				      num(t, "overdue") != 0, "level", (json_int_t)num(t, "level"));
		if (!o || json_array_append_new(json_object_get(doc, "tasks"), o))
			return -1;
		++*n;
		*overdue += num(t, "overdue") != 0;
	}
	return 0;
}

/* The letters to the project's unit still awaiting the unit's reply. */
static int letters_waiting(struct ms_db *db, int64_t project_id, int64_t *n, struct ms_error *e)
{
	struct of o = {NULL, project_id, 0};
	json_t *all = NULL, *l;
	size_t i;
	int rc = all_pages(db, read_letters, &o, &all, e);
	json_array_foreach(rc ? NULL : all, i, l) *n += json_is_null(json_object_get(l, "reply")) ||
						   !json_object_get(l, "reply");
	json_decref(all);
	return rc;
}

struct totals {
	int64_t lights[MS_LIGHT_BLUE + 1], budget, spent, percent, tasks, overdue, letters, n;
};

/* One project of the year into doc. */
static int add_project(struct ms_db *db, const struct ms_actor *who, json_t *doc, json_t *open, json_t *p,
		       int64_t number, int32_t from, int32_t to, struct totals *t, struct ms_error *e)
{
	json_t *pl = NULL, *reports = NULL, *latest = NULL;
	char *co = NULL;
	int64_t id = num(p, "id"), tasks = 0;
	int rc;
	if ((rc = ms_plan_get(db, NULL, id, &pl, e)) || (rc = reports_all(db, who, id, &reports, e)))
		goto out;
	json_t *plan = json_object_get(pl, "plan");
	if ((rc = co_units(db, plan, &co, e)) || (rc = letters_waiting(db, id, &t->letters, e)))
		goto out;
	size_t i;
	json_t *r, *m;
	char end[11];
	ms_day_format(to, end);
	json_array_foreach(reports, i, r) if (!latest && json_is_string(json_object_get(r, "published_on")) &&
					      strcmp(str(r, "reported_on"), end) <= 0) latest = r;
	int64_t budget = json_is_object(plan) ? num(plan, "budget") : num(p, "cost");
	int light = ms_names_find(&ms_light_names, str(p, "light"));
	if (add_tasks(doc, open, p, number, &tasks, &t->overdue)) {
		rc = ms_nomem(e);
		goto out;
	}
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:I}", "number",
			      (json_int_t)number, "id", (json_int_t)id, "title", str(p, "title"), "title_en",
			      str(p, "title_en"), "category", str(p, "category"), "lead_unit", str(p, "lead_unit_name"),
			      "co_units", co, "finish_on", str(plan, "finish_on"), "percent_done",
			      (json_int_t)num(p, "percent_done"), "spent", (json_int_t)num(p, "spent"), "budget",
			      (json_int_t)budget, "light", ms_names_key(&ms_light_names, light), "report_on",
			      str(latest, "reported_on"), "report_body", str(latest, "body"), "tasks_open",
			      (json_int_t)tasks);
	if (!o || json_array_append_new(json_object_get(doc, "projects"), o)) {
		rc = ms_nomem(e);
		goto out;
	}
	json_array_foreach(json_object_get(plan, "milestones"), i, m) {
		const char *planned = str(m, "planned_on"), *reached = reached_on(reports, (int64_t)i + 1);
		if (!in_period(planned, from, to) && !in_period(reached, from, to))
			continue;
		json_t *x = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s?}", "number", (json_int_t)number, "project",
				      str(p, "title"), "milestone", (json_int_t)i + 1, "title", str(m, "title"),
				      "planned_on", planned, "reached_on", reached);
		if (!x || json_array_append_new(json_object_get(doc, "milestones"), x)) {
			rc = ms_nomem(e);
			goto out;
		}
	}
	if (light >= 0)
		t->lights[light]++;
	t->budget += budget;
	t->spent += num(p, "spent");
	t->percent += num(p, "percent_done");
	t->tasks += tasks;
	t->n++;
out:
	free(co);
	json_decref(pl);
	json_decref(reports);
	return rc;
}

/* The congress's open tasks, every page into one array. */
static int open_tasks(struct ms_db *db, const struct ms_actor *who, int64_t congress_id, json_t **out,
		      struct ms_error *e)
{
	struct of o = {who, congress_id, 0};
	return all_pages(db, read_tasks, &o, out, e);
}

int ms_progress_read(struct ms_db *db, const struct ms_actor *who, int64_t congress_id, int64_t year, int64_t quarter,
		     json_t **out, struct ms_error *e)
{
	json_t *congress = NULL, *open = NULL, *doc = NULL;
	struct totals t = {0};
	int rc;
	if ((rc = ms_congress_get(db, congress_id, &congress, e)) ||
	    (rc = ms_progress_period(db, congress_id, &year, &quarter, e)) ||
	    (rc = open_tasks(db, who, congress_id, &open, e)))
		goto out;
	int q = (int)quarter;
	int32_t from = ms_day_from_ymd((int)year, 3 * q - 2, 1),
		to = ms_day_from_ymd(q == 4 ? (int)year + 1 : (int)year, q == 4 ? 1 : 3 * q + 1, 1) - 1;
	char f[11], tt[11], today[11];
	ms_day_format(from, f);
	ms_day_format(to, tt);
	ms_day_format(ms_day_today(), today);
	doc = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:[], s:[], s:[]}", "congress", str(congress, "name"),
			"congress_en", str(congress, "name_en"), "year", (json_int_t)year, "quarter", (json_int_t)q,
			"from", f, "to", tt, "today", today, "projects", "milestones", "tasks");
	if (!doc) {
		rc = ms_nomem(e);
		goto out;
	}
	int64_t number = 0;
	struct of o = {who, congress_id, year};
	json_t *projects = NULL, *p;
	size_t i;
	if ((rc = all_pages(db, read_projects, &o, &projects, e)))
		goto out;
	json_array_foreach(projects, i, p) {
		if ((rc = add_project(db, who, doc, open, p, ++number, from, to, &t, e)))
			break;
	}
	json_decref(projects);
	if (rc)
		goto out;
	json_t *s = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "projects", (json_int_t)t.n,
			      "green", (json_int_t)t.lights[MS_LIGHT_GREEN], "yellow",
			      (json_int_t)t.lights[MS_LIGHT_YELLOW], "red", (json_int_t)t.lights[MS_LIGHT_RED], "blue",
			      (json_int_t)t.lights[MS_LIGHT_BLUE], "budget", (json_int_t)t.budget, "spent",
			      (json_int_t)t.spent, "percent_avg", (json_int_t)(t.n ? (t.percent + t.n / 2) / t.n : 0),
			      "tasks_open", (json_int_t)t.tasks, "tasks_overdue", (json_int_t)t.overdue,
			      "letters_waiting", (json_int_t)t.letters);
	if (!s || json_object_set_new(doc, "summary", s))
		rc = ms_nomem(e);
out:
	json_decref(congress);
	json_decref(open);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

const char *ms_progress_quarter_zh(int64_t q)
{
	static const char *const v[] = {"第一季度", "第二季度", "第三季度", "第四季度"};
	return q >= 1 && q <= 4 ? v[q - 1] : "";
}

int ms_progress_render(json_t *doc, int format, char **buf, size_t *len, struct ms_error *e)
{
	return format == MS_PROGRESS_XLSX ? ms_progress_xlsx(doc, buf, len, e) : ms_progress_pdf(doc, buf, len, e);
}

int ms_progress_export(struct ms_store *st, int64_t congress_id, int64_t year, int64_t quarter, int format,
		       char **buf, size_t *len, struct ms_error *e)
{
	struct ms_db *db;
	json_t *doc = NULL;
	int rc = ms_store_acquire(st, &db, e);
	if (rc)
		return rc;
	if (!(rc = ms_db_begin(db, false, e))) {
		rc = ms_progress_read(db, &ms_actor_system, congress_id, year, quarter, &doc, e);
		ms_db_rollback(db);
	}
	ms_store_release(st, db);
	if (!rc)
		rc = ms_progress_render(doc, format, buf, len, e);
	json_decref(doc);
	return rc;
}
