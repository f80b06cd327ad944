/* congress_http.c — the congresses: list, one, create, change. */
#include "org.h"

static const struct ms_field congress_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT_NULL("name_en", MS_F_STR),
	{.name = "level", .kind = MS_F_ENUM, .names = &ms_congress_level_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("parent_id", MS_F_ID),
	{.name = "deputies", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "the number of its deputies"},
	MS_OUT("created_at", MS_F_STR),
	{0}};
const struct ms_view ms_congress_view = {"Congress", congress_fields, "a people's congress of a city, district or town"};

static const struct ms_field create_body[] = {
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_ORG_NAME_MAX},
	{.name = "name_en", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_ORG_NAME_EN_MAX},
	{.name = "level", .kind = MS_F_ENUM, .names = &ms_congress_level_names, .flags = MS_FIELD_REQUIRED},
	{.name = "parent_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "the congress one level up"},
	{0}};

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_congress_list(c->db, &c->page, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_congress_get(c->db, c->id, out, &c->err);
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	struct ms_congress_in in = {.name = ms_api_str(c, "name"),
				    .name_en = ms_api_str(c, "name_en"),
				    .level = ms_api_enum(c, "level", &ms_congress_level_names, -1),
				    .parent_id = ms_api_int(c, "parent_id", 0)};
	int64_t id;
	int rc = ms_congress_create(c->db, &c->who, &in, &id, &c->err);
	if (rc)
		return rc;
	return ms_congress_get(c->db, id, out, &c->err);
}

static const struct ms_field edit_body[] = {
	{.name = "name", .kind = MS_F_STR, .min = 1, .max = MS_ORG_NAME_MAX},
	{.name = "name_en", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_ORG_NAME_EN_MAX},
	{.name = "level", .kind = MS_F_ENUM, .names = &ms_congress_level_names},
	{.name = "parent_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "the congress one level up (null: none)"},
	{0}};

static int h_update(struct ms_ctx *c, json_t **out)
{
	struct ms_congress_patch p = {.name = ms_api_str(c, "name"),
				      .name_en = ms_api_str(c, "name_en"),
				      .set_name_en = ms_api_present(c, "name_en"),
				      .level = ms_api_enum(c, "level", &ms_congress_level_names, -1),
				      .parent_id = ms_api_int(c, "parent_id", 0),
				      .set_parent = ms_api_present(c, "parent_id")};
	int rc = ms_congress_update(c->db, &c->who, c->id, &p, &c->err);
	return rc ? rc : ms_congress_get(c->db, c->id, out, &c->err);
}

static const struct ms_code *const create_errors[] = {&MS_E_UNKNOWN_CONGRESS, &MS_E_PARENT_LEVEL, NULL};
static const struct ms_code *const edit_errors[] = {&MS_E_UNKNOWN_CONGRESS, &MS_E_PARENT_LEVEL,
						    &MS_E_CONGRESS_HAS_CHILDREN, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses", .fn = h_list, .access = MS_ACCESS_PUBLIC, .flags = MS_ROUTE_PAGED,
	 .returns = &ms_congress_view, .summary = "the congresses (search by name)"},
	{.method = "POST", .pattern = "/congresses", .fn = h_create, .flags = MS_ROUTE_CREATES, .access = MS_ACCESS_ADMIN, .body = create_body,
	 .returns = &ms_congress_view, .errors = create_errors, .summary = "create a congress"},
	{.method = "GET", .pattern = "/congresses/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &ms_congress_view, .summary = "one congress"},
	{.method = "PATCH", .pattern = "/congresses/{id}", .fn = h_update, .access = MS_ACCESS_ADMIN,
	 .owner = ms_congress_owner, .body = edit_body, .returns = &ms_congress_view, .errors = edit_errors,
	 .summary = "change a congress (only the fields given): its name, level or the congress one level up"},
};
const struct ms_routes ms_congress_routes = MS_ROUTES(routes);
