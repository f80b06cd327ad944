/*
 * plan.c — a project's implementation plan (实施方案): the lead unit drafts
 * it (staff may too), the clerk publishes it; each publication is a new,
 * immutable version, so every change after the first is on record and can
 * be compared. The plan is one JSON document of the shape ms_plan_fields:
 * targets, planned start and finish, budget and its funding sources,
 * co-operating units, milestones (planned date and percent of the work
 * done by then) and, for a project of several years, annual targets.
 */
#include "supervise.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "supervise_internal.h"

#define REQ MS_FIELD_REQUIRED

static const struct ms_field funding_fields[] = {
	{.name = "source", .kind = MS_F_STR, .flags = REQ, .min = 1, .max = 100, .doc = "e.g. 市级财政, 专项债券"},
	{.name = "amount", .kind = MS_F_INT, .flags = REQ, .min = 0, .max = MS_COST_MAX, .doc = "yuan"},
	{0}};
static const struct ms_view funding_view = {"Funding", funding_fields, "one source of a plan's money"};
static const struct ms_field milestone_fields[] = {
	{.name = "title", .kind = MS_F_STR, .flags = REQ, .min = 1, .max = 200},
	{.name = "planned_on", .kind = MS_F_DATE, .flags = REQ},
	{.name = "percent", .kind = MS_F_INT, .flags = REQ, .min = 0, .max = 100,
	 .doc = "the percent of the work done when it is reached"},
	{0}};
static const struct ms_view milestone_view = {"Milestone", milestone_fields, "a planned step of a project"};
static const struct ms_field annual_fields[] = {
	{.name = "year", .kind = MS_F_INT, .flags = REQ, .min = MS_YEAR_MIN, .max = MS_YEAR_MAX},
	{.name = "target", .kind = MS_F_STR, .flags = REQ, .min = 1, .max = 1000},
	{0}};
static const struct ms_view annual_view = {"AnnualTarget", annual_fields, "a year's target of a multi-year project"};

const struct ms_field ms_plan_fields[] = {
	{.name = "targets", .kind = MS_F_STR, .flags = REQ, .min = 1, .max = 4000, .doc = "what the project will deliver"},
	{.name = "start_on", .kind = MS_F_DATE, .flags = REQ, .doc = "planned start"},
	{.name = "finish_on", .kind = MS_F_DATE, .flags = REQ, .doc = "planned completion"},
	{.name = "budget", .kind = MS_F_INT, .flags = REQ, .min = 0, .max = MS_COST_MAX, .doc = "yuan"},
	{.name = "funding", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &funding_view, .max = 20,
	 .doc = "the sources of the money; when given they add up to the budget"},
	{.name = "co_unit_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = 20,
	 .doc = "co-operating units (协办) of the congress, not the lead unit"},
	{.name = "milestones", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &milestone_view, .max = 50,
	 .doc = "in order of their dates, between start and finish, percents never falling"},
	{.name = "annual_targets", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &annual_view, .max = 10,
	 .doc = "for a project of several years: each year's target"},
	{0}};
const struct ms_view ms_plan_view = {"Plan", ms_plan_fields, "a project's implementation plan (实施方案)"};

static int32_t day_of(json_t *o, const char *key)
{
	int32_t d = 0;
	(void)ms_day_parse(json_string_value(json_object_get(o, key)), &d);
	return d;
}

/* The rules across fields; every fault into f. */
static int plan_check(struct ms_db *db, int64_t congress_id, int64_t lead_unit, json_t *plan, struct ms_faults *f,
		      struct ms_error *e)
{
	int32_t start = day_of(plan, "start_on"), finish = day_of(plan, "finish_on");
	if (finish < start)
		ms_faultf(f, MS_E_PLAN_DATES, "finish_on", MS_AS(json_string_value(json_object_get(plan, "finish_on"))),
			  MS_AS(json_string_value(json_object_get(plan, "start_on"))));
	json_t *v;
	size_t i;
	int64_t sum = 0;
	json_t *funding = json_object_get(plan, "funding");
	json_array_foreach(funding, i, v) sum += json_integer_value(json_object_get(v, "amount"));
	int64_t budget = json_integer_value(json_object_get(plan, "budget"));
	if (json_array_size(funding) && sum != budget)
		ms_faultf(f, MS_E_FUNDING_SUM, "funding", MS_AI(sum), MS_AI(budget));
	json_t *units = json_object_get(plan, "co_unit_ids");
	json_array_foreach(units, i, v) {
		int64_t u = json_integer_value(v);
		bool twice = u == lead_unit;
		for (size_t k = 0; k < i; k++)
			twice = twice || json_integer_value(json_array_get(units, k)) == u;
		if (twice) {
			ms_faultf(f, MS_E_CO_UNIT_TWICE, "co_unit_ids", MS_AI(u));
			continue;
		}
		struct ms_error x;
		int rc = ms_unit_check_of(db, u, congress_id, "co_unit_ids", &x);
		if (rc == MS_ERR_UNPROCESSABLE)
			ms_faults_add(f, &x);
		else if (rc) {
			*e = x;
			return rc;
		}
	}
	int32_t prev_day = start;
	int64_t prev_pct = 0;
	json_array_foreach(json_object_get(plan, "milestones"), i, v) {
		int32_t d = day_of(v, "planned_on");
		int64_t pct = json_integer_value(json_object_get(v, "percent"));
		if (d < start || d > finish)
			ms_faultf(f, MS_E_MILESTONE_OUTSIDE, "milestones", MS_AS(json_string_value(json_object_get(v, "title"))),
				  MS_AS(json_string_value(json_object_get(v, "planned_on"))));
		else if (d < prev_day || pct < prev_pct)
			ms_faultf(f, MS_E_MILESTONE_ORDER, "milestones", MS_AI(i + 1));
		prev_day = d > prev_day ? d : prev_day;
		prev_pct = pct > prev_pct ? pct : prev_pct;
	}
	int y0, y1;
	ms_day_ymd(start, &y0, NULL, NULL);
	ms_day_ymd(finish, &y1, NULL, NULL);
	json_t *annual = json_object_get(plan, "annual_targets");
	json_array_foreach(annual, i, v) {
		int64_t y = json_integer_value(json_object_get(v, "year"));
		bool twice = false;
		for (size_t k = 0; k < i; k++)
			twice = twice || json_integer_value(json_object_get(json_array_get(annual, k), "year")) == y;
		if (twice || y < y0 || y > y1)
			ms_faultf(f, MS_E_ANNUAL_YEAR, "annual_targets", MS_AI(y), MS_AI(y0), MS_AI(y1));
	}
	return ms_faults_result(f, NULL);
}

/* The plan with every list present (absent: empty), as stored. */
static char *canonical(json_t *plan)
{
	json_t *c = json_deep_copy(plan);
	const char *lists[] = {"funding", "co_unit_ids", "milestones", "annual_targets"};
	for (size_t i = 0; c && i < sizeof lists / sizeof lists[0]; i++)
		if (!json_is_array(json_object_get(c, lists[i])))
			json_object_set_new(c, lists[i], json_array());
	char *s = c ? json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(c);
	return s;
}

int ms_project_facts(struct ms_db *db, int64_t id, struct ms_project_facts *out, struct ms_error *e)
{
	json_t *p = NULL;
	int rc = ms_project_get(db, id, &p, e);
	if (rc)
		return rc;
	out->id = id;
	out->congress_id = json_integer_value(json_object_get(p, "congress_id"));
	out->lead_unit_id = json_integer_value(json_object_get(p, "lead_unit_id"));
	out->state = ms_names_find(&ms_project_state_names, json_string_value(json_object_get(p, "state")));
	json_decref(p);
	return 0;
}

int ms_project_need_lead(const struct ms_project_facts *p, const struct ms_actor *by, struct ms_arg action,
			 struct ms_error *e)
{
	if (ms_actor_is_staff(by, p->congress_id) ||
	    (ms_actor_is_of(by, MS_ROLE_UNIT, p->congress_id) && by->unit_id && by->unit_id == p->lead_unit_id))
		return 0;
	return ms_failf(e, MS_E_NOT_LEAD_UNIT, NULL, action);
}

int ms_plan_save(struct ms_db *db, const struct ms_actor *by, int64_t project_id, json_t *plan, struct ms_error *e)
{
	struct ms_project_facts p;
	struct ms_faults f = {0};
	int rc;
	if ((rc = ms_project_facts(db, project_id, &p, e)) ||
	    (rc = ms_project_need_lead(&p, by, MS_AT("编制实施方案", "draw up the plan"), e)))
		return rc;
	if (p.state == MS_PROJECT_FINISHED)
		return ms_failf(e, MS_E_PROJECT_FINISHED, NULL, MS_AT("修改实施方案", "change its plan"));
	if ((rc = ms_fields_check(plan, ms_plan_fields, NULL, e)))
		return rc;
	if ((rc = plan_check(db, p.congress_id, p.lead_unit_id, plan, &f, e)))
		return f.n ? ms_faults_result(&f, e) : rc;
	char *text = canonical(plan);
	if (!text)
		return ms_nomem(e);
	rc = ms_plan_sql_save_draft(db, project_id, text, e);
	free(text);
	if (rc)
		return rc;
	return ms_audit_append(db, by, p.congress_id, "plan.draft", "project", project_id, NULL, e);
}

int ms_plan_publish(struct ms_db *db, const struct ms_actor *by, int64_t project_id, int64_t *version,
		    struct ms_error *e)
{
	struct ms_project_facts p;
	char *draft = NULL, *latest = NULL;
	int64_t v = 0;
	int rc;
	if ((rc = ms_project_facts(db, project_id, &p, e)) ||
	    (rc = ms_plan_sql_texts(db, project_id, &draft, &latest, &v, e)))
		goto out;
	if (p.state == MS_PROJECT_FINISHED) {
		rc = ms_failf(e, MS_E_PROJECT_FINISHED, NULL, MS_AT("发布实施方案", "publish a plan"));
		goto out;
	}
	if (!draft) {
		rc = ms_fail(e, MS_E_NO_PLAN_DRAFT, NULL);
		goto out;
	}
	if (latest && strcmp(draft, latest) == 0) {
		rc = ms_failf(e, MS_E_PLAN_UNCHANGED, NULL, MS_AI(v));
		goto out;
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	*version = v + 1;
	if ((rc = ms_plan_sql_publish(db, project_id, *version, draft, now, by->id, e)) ||
	    (rc = ms_audit_append(db, by, p.congress_id, "plan.publish", "project", project_id,
				  json_pack("{s:I}", "version", (json_int_t)*version), e)))
		goto out;
	rc = ms_project_relight(db, by, project_id, ms_day_today(), NULL, e);
out:
	free(draft);
	free(latest);
	return rc;
}

int ms_plan_get(struct ms_db *db, const struct ms_actor *who, int64_t project_id, json_t **out, struct ms_error *e)
{
	struct ms_project_facts p;
	char *draft = NULL, *latest = NULL;
	int64_t v = 0;
	int rc;
	if ((rc = ms_project_facts(db, project_id, &p, e)) ||
	    (rc = ms_plan_sql_texts(db, project_id, &draft, &latest, &v, e)))
		goto out;
	json_t *o = json_pack("{s:I, s:I, s:o}", "project_id", (json_int_t)project_id, "version", (json_int_t)v, "plan",
			      latest ? json_loads(latest, 0, NULL) : json_null());
	struct ms_error ignore;
	if (o && who && ms_project_need_lead(&p, who, MS_AT("", ""), &ignore) == 0)
		json_object_set_new(o, "draft", draft ? json_loads(draft, 0, NULL) : json_null());
	if (!o)
		rc = ms_nomem(e);
	*out = o;
out:
	free(draft);
	free(latest);
	return rc;
}
