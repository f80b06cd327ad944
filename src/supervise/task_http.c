/* task_http.c — warning lights judged on demand, and supervision tasks. */
#include "supervise.h"

#include <string.h>

#include "../http/http.h"

static const struct ms_field relight_fields[] = {
	{.name = "projects", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "projects judged"},
	{.name = "changed", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "lights that changed"},
	{.name = "tasks_created", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "projects turned red"},
	{.name = "escalated", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "overdue tasks escalated"},
	{.name = "swept", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "uploads removed: in no report or inspection after 7 days"},
	{0}};
static const struct ms_view relight_view = {"Relight", relight_fields, "what judging the lights did"};
static const struct ms_field task_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("project_id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),
	MS_OUT("project_title", MS_F_STR), MS_OUT_NULL("project_title_en", MS_F_STR), MS_OUT_NULL("unit_id", MS_F_ID),
	MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("unit_name_en", MS_F_STR),
	{.name = "why", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the checks that turned the project red: {light, planned, behind, late, silent}"},
	MS_OUT("created_on", MS_F_STR),
	{.name = "due_on", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the last working day to act"},
	{.name = "level", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "escalations so far (0: none)"},
	MS_OUT_NULL("escalated_on", MS_F_STR), MS_OUT_NULL("done_on", MS_F_STR), MS_OUT_NULL("done_note", MS_F_STR),
	{.name = "overdue", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "open and past its due day"},
	{0}};
static const struct ms_view task_view = {"Task", task_fields, "a supervision task (督办) for a red project's lead unit"};
static const struct ms_field done_body[] = {
	{.name = "note", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 2000, .doc = "what was done"},
	{0}};
static const struct ms_field no_body[] = {{0}};

static int h_relight(struct ms_ctx *c, json_t **out)
{
	struct ms_relight r = {0};
	int rc = ms_relight_all(c->db, &c->who, c->id, ms_day_today(), &r, &c->err);
	if (rc)
		return rc;
	return ms_api_answer(c,
			     json_pack("{s:I, s:I, s:I, s:I, s:I}", "projects", (json_int_t)r.projects, "changed",
				       (json_int_t)r.changed, "tasks_created", (json_int_t)r.tasks_created, "escalated",
				       (json_int_t)r.escalated, "swept", (json_int_t)r.swept),
			     out);
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	const char *state = ms_http_query(c->req, "state");
	static const char *const states[] = {"open", "overdue", "done", "all"};
	bool ok = !state;
	for (size_t i = 0; !ok && i < sizeof states / sizeof states[0]; i++)
		ok = strcmp(state, states[i]) == 0;
	if (!ok)
		return ms_failf(&c->err, MS_E_INVALID_QUERY, "state", MS_AS("state"),
				MS_AT("open、overdue、done 或 all", "open, overdue, done or all"));
	return ms_task_list(c->db, &c->who, c->id, state, &c->page, out, &c->err);
}

static int h_done(struct ms_ctx *c, json_t **out)
{
	return ms_task_done(c->db, &c->who, c->id, ms_api_str(c, "note"), out, &c->err);
}

static const struct ms_field accept_body[] = {
	{.name = "accepted_on", .kind = MS_F_DATE,
	 .doc = "the day of acceptance: not after today nor before the latest report (absent: today)"},
	{.name = "note", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_REPORT_BODY_MAX,
	 .doc = "the acceptance's findings (验收意见)"},
	{0}};

static int h_accept(struct ms_ctx *c, json_t **out)
{
	int rc = ms_project_accept(c->db, &c->who, c->id, ms_api_str(c, "accepted_on"), ms_api_str(c, "note"), &c->err);
	return rc ? rc : ms_project_get(c->db, c->id, out, &c->err);
}

static const struct ms_code *const accept_errors[] = {&MS_E_NOT_COMPLETE, &MS_E_TASKS_OPEN, &MS_E_PROJECT_FINISHED,
						      &MS_E_DAY_IN_FUTURE, &MS_E_ACCEPT_BEFORE_REPORT, NULL};
static const struct ms_code *const done_errors[] = {&MS_E_TASK_DONE, &MS_E_NOT_LEAD_UNIT, NULL};
static const struct ms_code *const list_errors[] = {&MS_E_NOT_LEAD_UNIT, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/congresses/{id}/lights", .fn = h_relight, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = no_body, .returns = &relight_view,
	 .summary = "judge every project's light today, make the tasks of projects turned red, escalate overdue "
		    "tasks (what `minsheng supervise relight` does each day)"},
	{.method = "GET", .pattern = "/congresses/{id}/tasks", .fn = h_list,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT, .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED,
	 .returns = &task_view, .errors = list_errors,
	 .summary = "supervision tasks (?state=open|overdue|done|all); a unit officer sees its unit's"},
	{.method = "POST", .pattern = "/tasks/{id}/done", .fn = h_done, .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT,
	 .owner = ms_task_owner, .body = done_body, .returns = &task_view, .errors = done_errors,
	 .summary = "the lead unit reports the task done"},
	{.method = "POST", .pattern = "/projects/{id}/accept", .fn = h_accept, .access = MS_ACCESS_STAFF,
	 .owner = ms_project_owner, .body = accept_body, .returns = &ms_project_view,
	 .errors = accept_errors,
	 .summary = "the congress records the project's acceptance (验收): finished, its light blue"},
};
const struct ms_routes ms_task_routes = MS_ROUTES(routes);
