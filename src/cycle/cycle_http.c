/* cycle_http.c — a congress's annual rounds: list, create, one, next phase. */
#include "cycle.h"

static const struct ms_field cycle_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("year", MS_F_INT), MS_OUT("title", MS_F_STR),
	MS_OUT_NULL("title_en", MS_F_STR),
	{.name = "phase", .kind = MS_F_ENUM, .names = &ms_phase_names, .flags = MS_FIELD_REQUIRED},
	{.name = "candidates", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "the number of its candidates"},
	MS_OUT("created_at", MS_F_STR),
	{.name = "decision", .kind = MS_F_ENUM, .names = &ms_decision_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "how it decides its projects: the deputies' ballot, or a residents' council by show of hands"},
	{.name = "guidance_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the guidance from above it follows"},
	MS_OUT_NULL("guidance_title", MS_F_STR),
	{0}};
const struct ms_view ms_cycle_view = {"Cycle", cycle_fields, "a congress's annual round of livelihood projects"};

static const struct ms_field create_body[] = {
	{.name = "year", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = MS_YEAR_MIN, .max = MS_YEAR_MAX},
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TITLE_MAX},
	{.name = "title_en", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_TITLE_EN_MAX},
	{.name = "decision", .kind = MS_F_ENUM, .names = &ms_decision_names,
	 .doc = "ballot or council (default: council for a street, else ballot)"},
	{.name = "guidance_id", .kind = MS_F_ID, .doc = "a published guidance of a congress above, for the same year"},
	{0}};

static const struct ms_field phase_body[] = {
	{.name = "phase", .kind = MS_F_ENUM, .names = &ms_phase_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "the next phase"},
	{0}};

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_cycle_list(c->db, c->id, &c->page, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_cycle_get(c->db, c->id, NULL, out, &c->err);
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	int64_t id;
	struct ms_cycle_in in = {.year = ms_api_int(c, "year", 0),
				 .title = ms_api_str(c, "title"),
				 .title_en = ms_api_str(c, "title_en"),
				 .decision = ms_api_enum(c, "decision", &ms_decision_names, -1),
				 .guidance_id = ms_api_int(c, "guidance_id", 0)};
	int rc = ms_cycle_open(c->db, &c->who, c->id, &in, &id, &c->err);
	if (rc)
		return rc;
	return ms_cycle_get(c->db, id, NULL, out, &c->err);
}

static int h_phase(struct ms_ctx *c, json_t **out)
{
	int rc = ms_cycle_advance(c->db, &c->who, c->id, ms_api_enum(c, "phase", &ms_phase_names, -1), &c->err);
	return rc ? rc : ms_cycle_get(c->db, c->id, NULL, out, &c->err);
}

static const struct ms_code *const create_errors[] = {&MS_E_CYCLE_EXISTS, &MS_E_GUIDANCE_NOT_ABOVE, &MS_E_GUIDANCE_YEAR,
						      &MS_E_DECISION_LEVEL, NULL};
static const struct ms_code *const phase_errors[] = {&MS_E_NOT_NEXT_PHASE, &MS_E_POLL_STILL_OPEN, &MS_E_NO_VOTE_RESULT,
						     &MS_E_NO_COUNCIL_RECORD, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/cycles", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_cycle_view,
	 .summary = "the congress's annual rounds, newest first"},
	{.method = "POST", .pattern = "/congresses/{id}/cycles", .fn = h_create, .flags = MS_ROUTE_CREATES, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = create_body, .returns = &ms_cycle_view, .errors = create_errors,
	 .summary = "open the round of a year (phase collect)"},
	{.method = "GET", .pattern = "/cycles/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC, .owner = ms_cycle_owner,
	 .returns = &ms_cycle_view, .summary = "one round"},
	{.method = "POST", .pattern = "/cycles/{id}/phase", .fn = h_phase, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = phase_body, .returns = &ms_cycle_view, .errors = phase_errors,
	 .summary = "move the round to its next phase"},
};
const struct ms_routes ms_cycle_routes = MS_ROUTES(routes);
