/*
 * search_http.c — the staff's full-text search over a congress's demands
 * (docs/api.md, "Search and clusters"): GET /congresses/{id}/search?q=…
 * Clerks of the congress and administrators only; a hit shows the demand's
 * title, channel, status, area and time — never who asked nor how to reach
 * them.
 */
#include "search_index.h"

#include "../org/org.h"

static const struct ms_field hit_fields[] = {
	MS_OUT("id", MS_F_ID),	      MS_OUT("congress_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	MS_OUT("channel", MS_F_STR), MS_OUT("status", MS_F_STR),      MS_OUT("area", MS_F_STR),
	MS_OUT("created_at", MS_F_STR), {0}};
const struct ms_view ms_demand_brief_view = {"DemandBrief", hit_fields,
					     "a demand as search and clusters show it: no contact details"};

static const struct ms_name kinds_v[] = {{"demand", "群众诉求", "demands"}};
static const struct ms_names kinds = MS_NAMES("search_kind", kinds_v);
static const struct ms_field search_query[] = {
	{.name = "kind", .kind = MS_F_ENUM, .names = &kinds, .doc = "what to search (default and only kind: demand)"},
	{0}};

static int h_search(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	json_decref(q);
	return ms_search_demands(c->db, c->id, &c->page, out, &c->err);
}

static const struct ms_code *const search_errors[] = {&MS_E_SEARCH_QUERY_SHORT, &MS_E_SEARCH_QUERY_EMPTY,
						      &MS_E_SEARCH_QUERY_MANY, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/search", .fn = h_search, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .query_fields = search_query,
	 .returns = &ms_demand_brief_view, .errors = search_errors,
	 .summary = "full-text search of the congress's demands (?q: words of two or more characters each, "
		    "Chinese found by its character pairs; every term must appear), newest first; total counts at "
		    "most 1000"},
};
const struct ms_routes ms_search_routes = MS_ROUTES(routes);
