/* project_http.c — projects under delivery: a round's, a congress's, one. */
#include "supervise.h"

#include "light.h"

static const struct ms_field project_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("cycle_id", MS_F_ID),
	{.name = "year", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "the round's year"},
	{.name = "candidate_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the candidate it was"},
	{.name = "poll_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the poll that selected it; null: a residents' council adopted it, or a small matter or wish on no ballot"},
	MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR), MS_OUT("description", MS_F_STR),
	MS_OUT_NULL("description_en", MS_F_STR), MS_OUT("category", MS_F_STR), MS_OUT("location", MS_F_STR),
	{.name = "cost", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "investment in yuan, as voted"},
	{.name = "lead_unit_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the lead unit (主办), at first the candidate's responsible unit"},
	MS_OUT_NULL("lead_unit_name", MS_F_STR), MS_OUT_NULL("lead_unit_name_en", MS_F_STR),
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_project_state_names, .flags = MS_FIELD_REQUIRED},
	{.name = "light", .kind = MS_F_ENUM, .names = &ms_light_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "the warning light: green (on schedule), yellow, red, or blue (finished)"},
	{.name = "light_why", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "why the light is what it is, as last judged: {light, planned (the percent the plan expects today), "
		"behind, late, silent (each {light, amount}: points behind, days past the start not started, days "
		"without a report)}; null until first judged"},
	{.name = "percent_done", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "0–100, as the latest published progress report says"},
	{.name = "spent", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "yuan spent, as the latest published progress report says"},
	{.name = "last_report_on", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the day of the latest progress report, published or not (the light counts silence from it); null: none"},
	{.name = "accepted_on", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the day of its acceptance (验收), once finished"},
	{.name = "acceptance", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the acceptance's findings"},
	MS_OUT("created_at", MS_F_STR),
	{.name = "tier", .kind = MS_F_ENUM, .names = &ms_tier_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "a project, a small matter done at once (微实事) or a small wish (微心愿)"},
	{.name = "decision", .kind = MS_F_ENUM, .names = &ms_decision_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "how its round decided: the deputies' ballot or a residents' council"},
	{0}};
const struct ms_view ms_project_view = {"Project", project_fields,
					"a livelihood project under delivery: what the vote selected, and how it goes"};

static int h_cycle(struct ms_ctx *c, json_t **out)
{
	return ms_project_list_cycle(c->db, c->id, &c->page, out, &c->err);
}

static const struct ms_field list_query[] = {
	{.name = "year", .kind = MS_F_INT, .min = 1949, .max = 2200, .doc = "only the projects of this year's round"},
	{.name = "category", .kind = MS_F_STR, .max = 100, .doc = "only this category (exactly)"},
	{.name = "unit", .kind = MS_F_ID, .doc = "only the projects this unit leads"},
	{.name = "district", .kind = MS_F_STR, .max = 50,
	 .doc = "only the projects whose location names this district or area (全市: the city-wide ones)"},
	{.name = "light", .kind = MS_F_ENUM, .names = &ms_light_names, .doc = "only the projects with this light"},
	{0}};

static int h_congress(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	struct ms_project_filter f = {
		.year = json_integer_value(json_object_get(q, "year")),
		.category = json_string_value(json_object_get(q, "category")),
		.unit_id = json_integer_value(json_object_get(q, "unit")),
		.district = json_string_value(json_object_get(q, "district")),
		.light = json_string_value(json_object_get(q, "light")),
	};
	rc = ms_project_list_congress(c->db, c->id, &f, &c->page, out, &c->err);
	json_decref(q);
	return rc;
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_project_get(c->db, c->id, out, &c->err);
}

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/cycles/{id}/projects", .fn = h_cycle, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_cycle_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_project_view,
	 .summary = "the projects the round's vote selected, under delivery (from the phase 实施 on)"},
	{.method = "GET", .pattern = "/congresses/{id}/projects", .fn = h_congress, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_project_view, .query_fields = list_query,
	 .summary = "the congress's projects of every round, newest round first; narrowed by year, category, lead unit, "
		    "district and light"},
	{.method = "GET", .pattern = "/projects/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC, .owner = ms_project_owner,
	 .returns = &ms_project_view, .summary = "one project"},
};
const struct ms_routes ms_project_routes = MS_ROUTES(routes);
