/*
 * promote_http.c — from demands to candidates over HTTP: a round's
 * collection window (public to read, its clerks set it), the congress's
 * proposals (the demands put forward for the candidates, staff), the
 * promotion of demands into a candidate (staff), a candidate's sources
 * (public: counts and channels, never a resident; staff: the demands), and
 * the candidates a demand went into (staff and the congress's deputies).
 */
#include "promote.h"

#include <stdlib.h>

#include "liaison.h"
#include "promote_internal.h"

/* ---- views ---- */

static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_view words_view = {"PromoteWords", words_fields, "in words, in Chinese and English"};

static const struct ms_field window_fields[] = {
	MS_OUT("cycle_id", MS_F_ID), MS_OUT("year", MS_F_INT),
	{.name = "opens_on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "null: not set"},
	{.name = "closes_on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "null: not set"},
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_collection_state_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "by today's date in China"},
	{.name = "words", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the window as the public pages say it"},
	{0}};
static const struct ms_view window_view = {"CollectionWindow", window_fields,
					   "a round's collection window (征集期) for project proposals"};

static const struct ms_field channel_fields[] = {
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_demand_channel_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "how the demands came"},
	MS_OUT("count", MS_F_INT), {0}};
static const struct ms_view channel_view = {"SourceChannel", channel_fields, "how many source demands came by a channel"};
static const struct ms_field sources_fields[] = {
	MS_OUT("candidate_id", MS_F_ID),
	{.name = "demands", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "residents' demands behind the candidate and the candidates it was taken from (reserve pool)"},
	{.name = "suggestions", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "deputies' suggestions (代表建议) behind it"},
	{.name = "deputies", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "deputies who took those demands or signed those suggestions, each once"},
	{.name = "stations", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "liaison stations they came through"},
	{.name = "channels", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &channel_view, .flags = MS_FIELD_REQUIRED},
	{.name = "words", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view sources_view = {"CandidateSources", sources_fields,
					    "who asked for a candidate project: counts only, never a resident"};

static const struct ms_field source_demand_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_demand_channel_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("area", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_demand_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("deputy_id", MS_F_ID),
	MS_OUT_NULL("deputy_name", MS_F_STR), MS_OUT_NULL("station_id", MS_F_ID), MS_OUT_NULL("station_name", MS_F_STR),
	{.name = "candidate_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED,
	 .doc = "the candidate (this one or one it was taken from) the demand was promoted to"},
	{0}};
static const struct ms_view source_demand_view = {"SourceDemand", source_demand_fields,
						  "a demand behind a candidate (no contact details)"};

static const struct ms_field demand_candidate_fields[] = {
	MS_OUT("candidate_id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR),
	MS_OUT("cycle_id", MS_F_ID), MS_OUT("year", MS_F_INT),
	{.name = "project_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the project, once the candidate was voted in"},
	{0}};
static const struct ms_view demand_candidate_view = {"DemandCandidate", demand_candidate_fields,
						     "a candidate a demand went into"};
static const struct ms_field demand_candidates_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &demand_candidate_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "oldest round first, with the candidates taken from them"},
	{0}};
static const struct ms_view demand_candidates_view = {"DemandCandidates", demand_candidates_fields,
						      "the candidates a demand went into"};

static const struct ms_field proposal_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_demand_channel_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("area", MS_F_STR), MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("deputy_id", MS_F_ID),
	MS_OUT_NULL("deputy_name", MS_F_STR),
	MS_OUT_NULL("station_id", MS_F_ID), MS_OUT_NULL("station_name", MS_F_STR),
	{.name = "candidates", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "candidates it went into"},
	{0}};
static const struct ms_view proposal_view = {"Proposal", proposal_fields,
					     "a demand put forward for the candidates (no contact details)"};

/* ---- bodies ---- */

static const struct ms_field window_body[] = {
	{.name = "opens_on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "the first day of the collection"},
	{.name = "closes_on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "its last day (on or after opens_on)"},
	{0}};
static const struct ms_field promote_body[] = {
	{.name = "candidate", .kind = MS_F_OBJECT, .sub = ms_candidate_body, .flags = MS_FIELD_REQUIRED,
	 .doc = "the new candidate's fields (title and cost required), as for POST /cycles/{id}/candidates"},
	{.name = "demand_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_PROMOTE_SOURCES_MAX,
	 .doc = "the demands it is made from, each once"},
	{.name = "cluster_id", .kind = MS_F_ID,
	 .doc = "a confirmed group of near-duplicate demands: its demands are sources too"},
	{.name = "suggestion_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_PROMOTE_SUGGESTIONS_MAX,
	 .doc = "deputies' suggestions it is made from, each once (at least one source in all)"},
	{0}};
static const struct ms_field proposals_query[] = {
	{.name = "pending", .kind = MS_F_INT, .min = 0, .max = 1, .doc = "1: only those not yet in a candidate"},
	{0}};

/* ---- handlers ---- */

static int h_window(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	int rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err);
	return rc ? rc : ms_collection_get(c->db, &cy, out, &c->err);
}

static int h_window_set(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	int rc;
	if ((rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err)) ||
	    (rc = ms_collection_set(c->db, &c->who, &cy, ms_api_str(c, "opens_on"), ms_api_str(c, "closes_on"),
				    &c->err)))
		return rc;
	return ms_collection_get(c->db, &cy, out, &c->err);
}

static const char *str_of(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int h_promote(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	int rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err);
	if (rc)
		return rc;
	json_t *k = json_object_get(c->body, "candidate");
	json_t *cost = json_object_get(k, "cost"), *unit = json_object_get(k, "unit_id");
	struct ms_candidate_in in = {
		.title = str_of(k, "title"),
		.title_en = str_of(k, "title_en"),
		.description = str_of(k, "description"),
		.description_en = str_of(k, "description_en"),
		.category = str_of(k, "category"),
		.location = str_of(k, "location"),
		.rationale = str_of(k, "rationale"),
		.has_finish = json_object_get(k, "finish_by") != NULL,
		.finish_by = str_of(k, "finish_by"),
		.has_cost = json_is_integer(cost),
		.cost = json_integer_value(cost),
		.has_unit = unit != NULL,
		.unit_id = json_integer_value(unit),
	};
	size_t n = 0, m = 0;
	int64_t *ids = ms_api_ints(c, "demand_ids", &n), *sugg = ms_api_ints(c, "suggestion_ids", &m), id = 0;
	if ((!ids && n) || (!sugg && m)) {
		free(ids);
		free(sugg);
		return ms_nomem(&c->err);
	}
	struct ms_promote_in src = {.demand_ids = ids, .n_demands = n, .cluster_id = ms_api_int(c, "cluster_id", 0),
				    .suggestion_ids = sugg, .n_suggestions = m};
	rc = ms_promote(c->db, &c->who, &cy, &in, &src, &id, &c->err);
	free(ids);
	free(sugg);
	return rc ? rc : ms_candidate_get(c->db, id, NULL, out, &c->err);
}

static int h_sources(struct ms_ctx *c, json_t **out)
{
	return ms_promote_sources(c->db, c->id, out, &c->err);
}

static int h_source_demands(struct ms_ctx *c, json_t **out)
{
	return ms_promote_source_demands(c->db, c->id, &c->page, out, &c->err);
}

static int h_demand_candidates(struct ms_ctx *c, json_t **out)
{
	json_t *items = NULL;
	int rc = ms_promote_of_demand(c->db, c->id, &items, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", items), out);
}

static int h_proposals(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	bool pending = json_integer_value(json_object_get(q, "pending")) == 1;
	json_decref(q);
	return ms_promote_proposals(c->db, c->id, pending, &c->page, out, &c->err);
}

static const struct ms_code *const window_errors[] = {&MS_E_WINDOW_ORDER, &MS_E_WINDOW_YEAR, &MS_E_WRONG_PHASE, NULL};
static const struct ms_code *const promote_errors[] = {
	&MS_E_PROMOTE_NO_SOURCE, &MS_E_DEMAND_NOT_HERE, &MS_E_DEMAND_NOT_PROMOTABLE, &MS_E_DEMAND_PROMOTED,
	&MS_E_DEMAND_TWICE,	 &MS_E_TITLE_TAKEN,	&MS_E_WRONG_PHASE,	    &MS_E_SUGGESTION_NOT_HERE,
	&MS_E_SUGGESTION_MERGED, &MS_E_SUGGESTION_PROMOTED, &MS_E_CLUSTER_NOT_CONFIRMED, &MS_E_INVALID_VALUE, &MS_E_CATEGORY_NOT_IN_GUIDANCE, &MS_E_GUIDANCE_CATEGORY_NEEDED,
	NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/cycles/{id}/collection", .fn = h_window, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_cycle_owner, .returns = &window_view,
	 .summary = "the round's collection window (征集期) for project proposals, in words"},
	{.method = "PUT", .pattern = "/cycles/{id}/collection", .fn = h_window_set, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = window_body, .returns = &window_view, .errors = window_errors,
	 .summary = "set the round's collection window (while the round collects; days in its year or the year before)"},
	{.method = "GET", .pattern = "/congresses/{id}/proposals", .fn = h_proposals, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &proposal_view, .query_fields = proposals_query,
	 .summary = "the demands put forward for the candidates, newest first (search by title or text)"},
	{.method = "POST", .pattern = "/cycles/{id}/promotions", .fn = h_promote, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = promote_body, .flags = MS_ROUTE_CREATES, .returns = &ms_candidate_view,
	 .errors = promote_errors,
	 .summary = "make a candidate of this round (which collects or compiles) from residents' demands (listed, or a "
		    "confirmed group of near-duplicates) and deputies' suggestions, which become its sources"},
	{.method = "GET", .pattern = "/candidates/{id}/sources", .fn = h_sources, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_candidate_owner, .returns = &sources_view,
	 .summary = "who asked for a candidate: demands, deputies and channels (counts only), through its "
		    "reserve-pool origins"},
	{.method = "GET", .pattern = "/candidates/{id}/source-demands", .fn = h_source_demands,
	 .access = MS_ACCESS_STAFF, .owner = ms_candidate_owner, .flags = MS_ROUTE_PAGED, .returns = &source_demand_view,
	 .summary = "the demands behind a candidate and its reserve-pool origins (no contact details)"},
	{.method = "GET", .pattern = "/demands/{id}/candidates", .fn = h_demand_candidates,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY, .owner = ms_demand_owner, .returns = &demand_candidates_view,
	 .summary = "the candidates (and projects) a demand went into"},
};
const struct ms_routes ms_promote_routes = MS_ROUTES(routes);
