/*
 * search_http.c — full-text search over a congress's demands, cases and
 * suggestions (docs/api.md, "Search and clusters"; "Search over cases and
 * suggestions"): GET /congresses/{id}/search?q=…&kind=… Demands for the
 * clerks of the congress and administrators; cases and suggestions also for
 * the units handling them and (suggestions) the congress's deputies, as
 * their lists let them (search_index.c). A demand hit shows its title,
 * channel, status, area and time — never who asked nor how to reach them; a
 * case or suggestion hit what its list row says of it in brief.
 */
#include "search_index.h"

#include "../org/org.h"

static const struct ms_field hit_fields[] = {
	MS_OUT("id", MS_F_ID),	      MS_OUT("congress_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	MS_OUT("channel", MS_F_STR), MS_OUT("status", MS_F_STR),      MS_OUT("area", MS_F_STR),
	MS_OUT("created_at", MS_F_STR), {0}};
const struct ms_view ms_demand_brief_view = {"DemandBrief", hit_fields,
					     "a demand as search and clusters show it: no contact details"};

/* A hit of any kind: a demand's has the DemandBrief fields (channel, area);
 * a case's or suggestion's its kind, type, unit, reply class and merge. */
static const struct ms_name hit_kinds_v[] = {{"case", "个案", "case"}, {"suggestion", "代表建议", "suggestion"}};
static const struct ms_names hit_kinds = MS_NAMES("search_hit_kind", hit_kinds_v);
static const struct ms_field search_hit_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "status", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "the demand's status, or the case's or suggestion's (casework_status)"},
	MS_OUT("created_at", MS_F_STR),
	{.name = "channel", .kind = MS_F_STR, .doc = "a demand's channel (demands only)"},
	{.name = "area", .kind = MS_F_STR, .doc = "a demand's area (demands only)"},
	{.name = "kind", .kind = MS_F_ENUM, .names = &hit_kinds, .doc = "case or suggestion (not on demands)"},
	{.name = "case_type", .kind = MS_F_STR, .doc = "a case's type; suggestion for a suggestion (not on demands)"},
	{.name = "demand_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE,
	 .doc = "the demand it came from (cases and suggestions; null when filed by a deputy)"},
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "the lead unit (cases and suggestions)"},
	{.name = "unit_name", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .doc = "its name"},
	{.name = "reply_class", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .doc = "A, B, C or D, once replied"},
	{.name = "merged_into", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE,
	 .doc = "the suggestion it was merged into"},
	{0}};
static const struct ms_view search_hit_view = {
	"SearchHit", search_hit_fields,
	"a search hit: a demand (as DemandBrief: no contact details) or a case or suggestion in brief (GET "
	"/casework/{id} has the rest)"};

static const struct ms_name kinds_v[] = {
	{"demand", "群众诉求", "demands"}, {"case", "个案", "cases"}, {"suggestion", "代表建议", "suggestions"}};
static const struct ms_names kinds = MS_NAMES("search_kind", kinds_v);
static const struct ms_field search_query[] = {
	{.name = "kind", .kind = MS_F_ENUM, .names = &kinds,
	 .doc = "what to search: demand (the staff), case (the staff; a unit its queue) or suggestion (the staff, "
		"the deputies; a unit its queue); by default the first the caller may: demand for the staff, case for "
		"a unit, suggestion for a deputy"},
	{0}};

static int h_search(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	const char *kind = json_string_value(json_object_get(q, "kind"));
	rc = ms_search_kind(c->db, &c->who, kind, c->id, &c->page, out, &c->err);
	json_decref(q);
	return rc;
}

static const struct ms_code *const search_errors[] = {&MS_E_SEARCH_QUERY_SHORT, &MS_E_SEARCH_QUERY_EMPTY,
						      &MS_E_SEARCH_QUERY_MANY, &MS_E_FORBIDDEN, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/search", .fn = h_search,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY | MS_ACCESS_UNIT, .owner = ms_congress_owner,
	 .flags = MS_ROUTE_PAGED, .query_fields = search_query, .returns = &search_hit_view, .errors = search_errors,
	 .summary = "full-text search of the congress's demands, cases or suggestions (?kind; ?q: words of two or more "
		    "characters each, Chinese found by its character pairs; every term must appear), newest first; "
		    "total counts at most 1000. Demands: the staff; cases: the staff, a unit its own queue; "
		    "suggestions: the staff, the deputies, a unit its own queue"},
};
const struct ms_routes ms_search_routes = MS_ROUTES(routes);
