/* plan_http.c — a project's implementation plan: read (public: the latest
 * published version; the lead unit and staff: the draft too), save the
 * draft, publish, the versions. */
#include "supervise.h"

#include "../http/http.h"

static const struct ms_field plan_answer_fields[] = {
	MS_OUT("project_id", MS_F_ID),
	{.name = "version", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "the latest published version; 0: none"},
	{.name = "plan", .kind = MS_F_OBJECT, .view = &ms_plan_view, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the latest published plan"},
	{.name = "draft", .kind = MS_F_OBJECT, .view = &ms_plan_view, .flags = MS_FIELD_NULLABLE,
	 .doc = "the draft under work: only for the lead unit and staff"},
	{0}};
static const struct ms_view plan_answer_view = {"ProjectPlan", plan_answer_fields,
						"a project's plan: its latest published version, and the draft for its editors"};
static const struct ms_field version_fields[] = {
	MS_OUT("version", MS_F_INT), MS_OUT("published_at", MS_F_STR), MS_OUT_NULL("published_by_name", MS_F_STR),
	{.name = "plan", .kind = MS_F_OBJECT, .view = &ms_plan_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view version_view = {"PlanVersion", version_fields, "one published version of a plan"};
static const struct ms_field versions_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &version_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "newest first"},
	{0}};
static const struct ms_view versions_view = {"PlanVersions", versions_fields, "every published version of a plan"};
static const struct ms_field no_body[] = {{0}};

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_plan_get(c->db, c->authed ? &c->who : NULL, c->id, out, &c->err);
}

static int h_save(struct ms_ctx *c, json_t **out)
{
	int rc = ms_plan_save(c->db, &c->who, c->id, c->body, &c->err);
	return rc ? rc : ms_plan_get(c->db, &c->who, c->id, out, &c->err);
}

static int h_publish(struct ms_ctx *c, json_t **out)
{
	int64_t v;
	int rc = ms_plan_publish(c->db, &c->who, c->id, &v, &c->err);
	return rc ? rc : ms_plan_get(c->db, &c->who, c->id, out, &c->err);
}

static int h_versions(struct ms_ctx *c, json_t **out)
{
	return ms_plan_versions(c->db, c->id, out, &c->err);
}

static const struct ms_code *const save_errors[] = {
	&MS_E_NOT_LEAD_UNIT, &MS_E_PROJECT_FINISHED, &MS_E_PLAN_DATES, &MS_E_MILESTONE_OUTSIDE, &MS_E_MILESTONE_ORDER,
	&MS_E_FUNDING_SUM,   &MS_E_CO_UNIT_TWICE,    &MS_E_ANNUAL_YEAR, &MS_E_UNIT_NOT_OF_CONGRESS, &MS_E_UNKNOWN_UNIT, NULL};
static const struct ms_code *const publish_errors[] = {&MS_E_NO_PLAN_DRAFT, &MS_E_PLAN_UNCHANGED, &MS_E_PROJECT_FINISHED,
						       NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/projects/{id}/plan", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_project_owner, .returns = &plan_answer_view,
	 .summary = "the project's implementation plan (latest published; the draft for the lead unit and staff)"},
	{.method = "PUT", .pattern = "/projects/{id}/plan", .fn = h_save, .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT,
	 .owner = ms_project_owner, .body = ms_plan_fields, .returns = &plan_answer_view, .errors = save_errors,
	 .summary = "save the draft plan (the lead unit's officers, or staff)"},
	{.method = "POST", .pattern = "/projects/{id}/plan/publish", .fn = h_publish, .access = MS_ACCESS_STAFF,
	 .owner = ms_project_owner, .body = no_body, .returns = &plan_answer_view, .errors = publish_errors,
	 .summary = "publish the draft as the next version; the project's light is judged again"},
	{.method = "GET", .pattern = "/projects/{id}/plan/versions", .fn = h_versions, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_project_owner, .returns = &versions_view, .summary = "every published version of the plan"},
};
const struct ms_routes ms_plan_routes = MS_ROUTES(routes);
