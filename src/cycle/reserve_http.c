/* reserve_http.c — the congress's reserve pool: list, and take a candidate
 * from it into a round that collects or compiles. */
#include "cycle.h"

static const struct ms_field entry_fields[] = {
	{.name = "candidate_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the candidate in the pool"},
	MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR), MS_OUT("category", MS_F_STR),
	{.name = "cost", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "investment in yuan"},
	MS_OUT_NULL("unit_id", MS_F_ID), MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("unit_name_en", MS_F_STR),
	{.name = "cycle_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the round it came from"},
	MS_OUT("year", MS_F_INT),
	{.name = "reason", .kind = MS_F_ENUM, .names = &ms_reserve_reason_names, .flags = MS_FIELD_REQUIRED},
	{.name = "taken_by", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the candidate of a later round that took it; null while it waits"},
	MS_OUT_NULL("taken_cycle_id", MS_F_ID), MS_OUT_NULL("taken_year", MS_F_INT), MS_OUT("created_at", MS_F_STR),
	{0}};
static const struct ms_view entry_view = {"ReserveEntry", entry_fields,
					  "a candidate in the congress's reserve pool (储备库) and where it went"};

static const struct ms_field take_body[] = {
	{.name = "candidate_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "a candidate in the reserve pool"},
	{0}};

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_reserve_list(c->db, c->id, &c->page, out, &c->err);
}

static int h_take(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	int64_t id;
	int rc;
	if ((rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err)) ||
	    (rc = ms_reserve_take(c->db, &c->who, &cy, ms_api_int(c, "candidate_id", 0), &id, &c->err)))
		return rc;
	return ms_candidate_get(c->db, id, NULL, out, &c->err);
}

static const struct ms_code *const take_errors[] = {&MS_E_NOT_IN_RESERVE, &MS_E_RESERVE_TAKEN, &MS_E_TITLE_TAKEN,
						    &MS_E_WRONG_PHASE, &MS_E_CATEGORY_NOT_IN_GUIDANCE, &MS_E_GUIDANCE_CATEGORY_NEEDED, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/reserve", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &entry_view,
	 .summary = "the congress's reserve pool (储备库): candidates not selected, newest round first"},
	{.method = "POST", .pattern = "/cycles/{id}/candidates/from-reserve", .fn = h_take, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = take_body, .flags = MS_ROUTE_CREATES, .returns = &ms_candidate_view,
	 .errors = take_errors,
	 .summary = "take a candidate from the reserve pool into this round (which collects or compiles): a new "
		    "candidate with its fields, whose origin_id names it"},
};
const struct ms_routes ms_reserve_routes = MS_ROUTES(routes);
