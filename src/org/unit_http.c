/* unit_http.c — a congress's responsible units: list and create. */
#include "org.h"

static const struct ms_field unit_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("name", MS_F_STR),
	MS_OUT_NULL("name_en", MS_F_STR),
	{0}};
const struct ms_view ms_unit_view = {"Unit", unit_fields, "a responsible unit (承办单位) of a congress's government"};

static const struct ms_field create_body[] = {
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_ORG_NAME_MAX},
	{.name = "name_en", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_ORG_NAME_EN_MAX},
	{0}};

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_unit_list(c->db, c->id, &c->page, out, &c->err);
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	int64_t id;
	int rc = ms_unit_create(c->db, &c->who, c->id, ms_api_str(c, "name"), ms_api_str(c, "name_en"), &id, &c->err);
	if (rc)
		return rc;
	return ms_unit_get(c->db, id, out, &c->err);
}

static const struct ms_code *const create_errors[] = {&MS_E_UNIT_EXISTS, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/units", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_unit_view,
	 .summary = "the congress's responsible units (search by name)"},
	{.method = "POST", .pattern = "/congresses/{id}/units", .fn = h_create, .flags = MS_ROUTE_CREATES, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = create_body, .returns = &ms_unit_view, .errors = create_errors,
	 .summary = "add a responsible unit"},
};
const struct ms_routes ms_unit_routes = MS_ROUTES(routes);
