/*
 * demand_cluster.c — the rules of near-duplicate clusters of demands: the
 * clustering of a congress's demands into proposals (over the pure
 * cluster.h), and the staff's confirm (the merge), reject and edits. Every
 * write is audited. A confirmed cluster keeps every member demand as it is
 * — its channel, its resident, its steps — and only groups them: nothing
 * is deleted or rewritten, so how many people asked is the count of its
 * demands, by channel.
 *
 * Proposals are made when the staff ask (POST …/clusters/run), not as each
 * demand is indexed: a whole congress clusters in well under a second for
 * tens of thousands of demands (bench/liaison_search.py: a million in
 * seconds), and a batch sees every demand at once, so clusters do not
 * depend on the order demands came in. A run replaces the proposals still
 * undecided; demands in confirmed or rejected clusters are left out of it.
 */
#include "search_index.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "cluster.h"
#include "search_internal.h"

#define MS_CODES_DEF "liaison/cluster_codes.def"
#define MS_CODES_LIST ms_cluster_codes
#include "../core/codes_define.h"

static const struct ms_name status_v[] = {
	{"proposed", "待确认", "proposed"}, {"confirmed", "已确认合并", "confirmed"}, {"rejected", "已驳回", "rejected"}};
const struct ms_names ms_cluster_status_names = MS_NAMES("cluster_status", status_v);

/* The shingles of every text, as cluster.h wants them. */
struct corpus {
	int64_t *ids;
	uint32_t *sh;
	size_t *start;
	size_t n, cap, nsh, capsh;
};

static int add_text(void *ctx, int64_t id, const char *text, size_t len)
{
	struct corpus *c = ctx;
	if (c->n + 1 >= c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		int64_t *ids = realloc(c->ids, cap * sizeof *ids);
		if (ids)
			c->ids = ids;
		size_t *start = realloc(c->start, (cap + 1) * sizeof *start);
		if (start)
			c->start = start;
		if (!ids || !start)
			return MS_ERR_NOMEM;
		c->cap = cap;
	}
	if (c->nsh + MS_CLUSTER_SHINGLES_MAX > c->capsh) {
		size_t cap = c->capsh ? 2 * c->capsh : 16 * MS_CLUSTER_SHINGLES_MAX;
		uint32_t *sh = realloc(c->sh, cap * sizeof *sh);
		if (!sh)
			return MS_ERR_NOMEM;
		c->sh = sh, c->capsh = cap;
	}
	if (!c->n)
		c->start[0] = 0;
	c->ids[c->n] = id;
	c->nsh += ms_cluster_shingles(text, len, c->sh + c->nsh);
	c->start[++c->n] = c->nsh;
	return 0;
}

int ms_cluster_propose(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t *count,
		       struct ms_error *e)
{
	struct corpus c = {0};
	uint32_t *root = NULL;
	int64_t *cid = NULL;
	void *work = NULL;
	int64_t made = 0;
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = ms_cluster_sql_clear_proposed(db, congress_id, e);
	if (rc)
		return rc;
	rc = ms_cluster_sql_texts(db, congress_id, add_text, &c, e);
	if (rc == MS_ERR_NOMEM)
		rc = ms_nomem(e);
	if (rc || c.n < 2)
		goto out;
	root = malloc(c.n * sizeof *root);
	cid = calloc(c.n, sizeof *cid);
	work = malloc(ms_cluster_work_size(&(struct ms_cluster_docs){.n = c.n, .shingles = c.sh, .start = c.start}));
	if (!root || !cid || !work) {
		rc = ms_nomem(e);
		goto out;
	}
	struct ms_cluster_docs docs = {.n = c.n, .shingles = c.sh, .start = c.start};
	ms_cluster_run(&docs, work, root);
	for (size_t i = 0; !rc && i < c.n; i++) {
		uint32_t r = root[i];
		if (r == i)
			continue;
		if (!cid[r]) {
			rc = ms_cluster_sql_add(db, congress_id, now, &cid[r], e);
			rc = rc ? rc : ms_cluster_sql_member_add(db, cid[r], c.ids[r], e);
			made++;
		}
		rc = rc ? rc : ms_cluster_sql_member_add(db, cid[r], c.ids[i], e);
	}
out:
	free(c.ids), free(c.sh), free(c.start), free(root), free(cid), free(work);
	if (rc)
		return rc;
	if (count)
		*count = made;
	return ms_audit_append(db, by, congress_id, "cluster.propose", "congress", congress_id,
			       json_pack("{s:I}", "proposed", (json_int_t)made), e);
}

/* The cluster's state; MS_E_CLUSTER_DECIDED unless it is still proposed. */
static int proposed(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	char status[16];
	int rc = ms_cluster_sql_state(db, id, status, congress_id, e);
	if (rc)
		return rc;
	if (strcmp(status, "proposed"))
		return ms_failf(e, MS_E_CLUSTER_DECIDED, NULL, MS_AI(id),
				ms_names_arg(&ms_cluster_status_names, ms_names_find(&ms_cluster_status_names, status)));
	return 0;
}

int ms_cluster_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool confirm, struct ms_error *e)
{
	int64_t congress_id, size;
	int rc = proposed(db, id, &congress_id, e);
	rc = rc ? rc : ms_cluster_sql_size(db, id, &size, e);
	if (rc)
		return rc;
	if (confirm && size < 2)
		return ms_fail(e, MS_E_CLUSTER_TOO_SMALL, NULL);
	char now[32];
	ms_now_iso(now, sizeof now);
	rc = ms_cluster_sql_decide(db, id, confirm ? "confirmed" : "rejected", by->id, now, e);
	return rc ? rc
		  : ms_audit_append(db, by, congress_id, confirm ? "cluster.confirm" : "cluster.reject",
				    "demand_cluster", id, json_pack("{s:I}", "demands", (json_int_t)size), e);
}

int ms_cluster_member_add(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t demand_id,
			  struct ms_error *e)
{
	int64_t congress_id, of, other;
	int rc = proposed(db, id, &congress_id, e);
	rc = rc ? rc : ms_cluster_sql_demand_congress(db, demand_id, &of, e);
	if (rc)
		return rc;
	if (of != congress_id)
		return ms_failf(e, MS_E_CLUSTER_DEMAND_ELSEWHERE, "demand_id", MS_AI(demand_id));
	if ((rc = ms_cluster_sql_of_demand(db, demand_id, &other, e)))
		return rc;
	if (other)
		return ms_failf(e, MS_E_CLUSTER_DEMAND_TAKEN, "demand_id", MS_AI(demand_id), MS_AI(other));
	rc = ms_cluster_sql_member_add(db, id, demand_id, e);
	return rc ? rc
		  : ms_audit_append(db, by, congress_id, "cluster.member_add", "demand_cluster", id,
				    json_pack("{s:I}", "demand_id", (json_int_t)demand_id), e);
}

int ms_cluster_member_del(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t demand_id,
			  struct ms_error *e)
{
	int64_t congress_id;
	bool gone = false;
	int rc = proposed(db, id, &congress_id, e);
	rc = rc ? rc : ms_cluster_sql_member_del(db, id, demand_id, &gone, e);
	if (rc)
		return rc;
	if (!gone)
		return ms_failf(e, MS_E_CLUSTER_NOT_MEMBER, "demand_id", MS_AI(demand_id), MS_AI(id));
	return ms_audit_append(db, by, congress_id, "cluster.member_del", "demand_cluster", id,
			       json_pack("{s:I}", "demand_id", (json_int_t)demand_id), e);
}

int ms_cluster_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *o = NULL, *members = NULL, *channels = NULL;
	int rc = ms_cluster_sql_get(db, id, &o, e);
	rc = rc ? rc : ms_cluster_sql_members(db, id, &members, e);
	rc = rc ? rc : ms_cluster_sql_channels(db, id, &channels, e);
	if (!rc) {
		json_object_set_new(o, "size", json_integer((json_int_t)json_array_size(members)));
		json_object_set_new(o, "demands", members);
		json_object_set_new(o, "channels", channels);
		*out = o;
		return 0;
	}
	json_decref(o), json_decref(members), json_decref(channels);
	return rc;
}

int ms_cluster_demand_ids(struct ms_db *db, int64_t id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_cluster_sql_ids(db, id, ids, n, e);
}

int ms_cluster_list(struct ms_db *db, int64_t congress_id, const char *status, const struct ms_page *pg,
		    json_t **out, struct ms_error *e)
{
	json_t *page = NULL;
	int rc = ms_cluster_sql_list(db, congress_id, status, pg, &page, e);
	if (rc)
		return rc;
	json_t *items = json_object_get(page, "items");
	for (size_t i = 0; !rc && i < json_array_size(items); i++) {
		json_t *full = NULL;
		rc = ms_cluster_get(db, json_integer_value(json_object_get(json_array_get(items, i), "id")), &full, e);
		if (!rc)
			json_array_set_new(items, i, full);
	}
	if (rc) {
		json_decref(page);
		return rc;
	}
	*out = page;
	return 0;
}
