/*
 * cluster_http.c — near-duplicate clusters of demands over HTTP, for the
 * staff of the congress (clerks and administrators): run the clustering,
 * list the clusters with their demands and counts by channel, confirm (the
 * merge), reject, add or take out a demand. docs/api.md, "Search and
 * clusters".
 */
#include "search_index.h"

#include "../org/org.h"

static const struct ms_field channel_fields[] = {MS_OUT("channel", MS_F_STR), MS_OUT("count", MS_F_INT), {0}};
static const struct ms_view channel_view = {"ClusterChannel", channel_fields,
					    "how many of a cluster's demands came by a channel"};
static const struct ms_field cluster_fields[] = {
	MS_OUT("id", MS_F_ID),
	MS_OUT("congress_id", MS_F_ID),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_cluster_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("created_at", MS_F_STR),
	MS_OUT_NULL("decided_by", MS_F_ID),
	MS_OUT_NULL("decided_at", MS_F_STR),
	{.name = "size", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "how many demands (people who asked)"},
	{.name = "demands", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_demand_brief_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "every member demand, unchanged, oldest first"},
	{.name = "channels", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &channel_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the members counted by channel"},
	{0}};
static const struct ms_view cluster_view = {"DemandCluster", cluster_fields,
					    "demands saying the same thing, proposed by the clustering"};
static const struct ms_field run_fields[] = {
	{.name = "proposed", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "how many clusters are proposed"},
	{0}};
static const struct ms_view run_view = {"ClusterRun", run_fields, "what a clustering run proposed"};

static const struct ms_field list_query[] = {
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_cluster_status_names, .doc = "only the clusters with this status"},
	{0}};
static const struct ms_field empty_body[] = {{0}};
static const struct ms_field member_body[] = {
	{.name = "demand_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "a demand of the congress"}, {0}};

static int h_list(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	rc = ms_cluster_list(c->db, c->id, json_string_value(json_object_get(q, "status")), &c->page, out, &c->err);
	json_decref(q);
	return rc;
}

static int h_run(struct ms_ctx *c, json_t **out)
{
	int64_t n = 0;
	int rc = ms_cluster_propose(c->db, &c->who, c->id, &n, &c->err);
	if (rc)
		return rc;
	*out = json_pack("{s:I}", "proposed", (json_int_t)n);
	return *out ? 0 : ms_nomem(&c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_cluster_get(c->db, c->id, out, &c->err);
}

static int h_confirm(struct ms_ctx *c, json_t **out)
{
	int rc = ms_cluster_decide(c->db, &c->who, c->id, true, &c->err);
	return rc ? rc : ms_cluster_get(c->db, c->id, out, &c->err);
}

static int h_reject(struct ms_ctx *c, json_t **out)
{
	int rc = ms_cluster_decide(c->db, &c->who, c->id, false, &c->err);
	return rc ? rc : ms_cluster_get(c->db, c->id, out, &c->err);
}

static int h_member_add(struct ms_ctx *c, json_t **out)
{
	int64_t d = json_integer_value(json_object_get(c->body, "demand_id"));
	int rc = ms_cluster_member_add(c->db, &c->who, c->id, d, &c->err);
	return rc ? rc : ms_cluster_get(c->db, c->id, out, &c->err);
}

static int h_member_del(struct ms_ctx *c, json_t **out)
{
	int64_t d = json_integer_value(json_object_get(c->body, "demand_id"));
	int rc = ms_cluster_member_del(c->db, &c->who, c->id, d, &c->err);
	return rc ? rc : ms_cluster_get(c->db, c->id, out, &c->err);
}

static const struct ms_code *const decide_errors[] = {&MS_E_CLUSTER_DECIDED, &MS_E_CLUSTER_TOO_SMALL, NULL};
static const struct ms_code *const add_errors[] = {&MS_E_CLUSTER_DECIDED, &MS_E_CLUSTER_DEMAND_ELSEWHERE,
						   &MS_E_CLUSTER_DEMAND_TAKEN, NULL};
static const struct ms_code *const del_errors[] = {&MS_E_CLUSTER_DECIDED, &MS_E_CLUSTER_NOT_MEMBER, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/clusters", .fn = h_list, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .query_fields = list_query, .returns = &cluster_view,
	 .summary = "the congress's clusters of near-duplicate demands, newest first, each with its demands and "
		    "their count by channel (?status=proposed: those waiting for the staff)"},
	{.method = "POST", .pattern = "/congresses/{id}/clusters/run", .fn = h_run, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = empty_body, .returns = &run_view,
	 .summary = "cluster the congress's demands (those in no confirmed or rejected cluster): the undecided "
		    "proposals are replaced by the new ones"},
	{.method = "GET", .pattern = "/clusters/{id}", .fn = h_get, .access = MS_ACCESS_STAFF,
	 .owner = ms_cluster_owner, .returns = &cluster_view,
	 .summary = "a cluster with its demands and their count by channel"},
	{.method = "POST", .pattern = "/clusters/{id}/confirm", .fn = h_confirm, .access = MS_ACCESS_STAFF,
	 .owner = ms_cluster_owner, .body = empty_body, .returns = &cluster_view, .errors = decide_errors,
	 .summary = "confirm a proposed cluster: its demands are one matter, each kept as it is with its channel "
		    "and resident"},
	{.method = "POST", .pattern = "/clusters/{id}/reject", .fn = h_reject, .access = MS_ACCESS_STAFF,
	 .owner = ms_cluster_owner, .body = empty_body, .returns = &cluster_view, .errors = decide_errors,
	 .summary = "reject a proposed cluster: its demands are not the same matter"},
	{.method = "POST", .pattern = "/clusters/{id}/members", .fn = h_member_add, .access = MS_ACCESS_STAFF,
	 .owner = ms_cluster_owner, .body = member_body, .returns = &cluster_view, .errors = add_errors,
	 .summary = "add a demand of the congress to a proposed cluster"},
	{.method = "POST", .pattern = "/clusters/{id}/members/remove", .fn = h_member_del, .access = MS_ACCESS_STAFF,
	 .owner = ms_cluster_owner, .body = member_body, .returns = &cluster_view, .errors = del_errors,
	 .summary = "take a demand out of a proposed cluster (a split: take out those that differ)"},
};
const struct ms_routes ms_cluster_routes = MS_ROUTES(routes);
