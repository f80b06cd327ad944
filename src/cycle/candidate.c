/* candidate.c — the rules of candidate projects: their fields, and that
 * they change only while the round collects or compiles. */
#include "cycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "cycle_internal.h"

const struct ms_name ms_candidate_kind = {"candidate", "候选项目", "candidate"};

static const struct ms_name tiers_v[] = {
	{"project", "民生实事项目", "a livelihood project"},
	{"micro", "微实事", "a small matter done at once"},
	{"wish", "微心愿", "a small wish"},
};
const struct ms_names ms_tier_names = MS_NAMES("tier", tiers_v);

#define EDITABLE (1u << MS_PHASE_COLLECT | 1u << MS_PHASE_COMPILE)

static void text(struct ms_faults *f, const char *field, const char *v, long min, long max)
{
	struct ms_error x;
	if (v && ms_check_text(&x, field, v, min, max))
		ms_faults_add(f, &x);
}

int ms_candidate_check(struct ms_db *db, int64_t congress_id, const struct ms_candidate_in *in, bool create,
		       struct ms_faults *f, struct ms_error *e)
{
	struct ms_error x;
	if (create && !in->title)
		ms_faultf(f, MS_E_MISSING_FIELD, "title", MS_AS("title"));
	text(f, "title", in->title, 1, MS_TITLE_MAX);
	text(f, "title_en", in->title_en, 0, MS_TITLE_EN_MAX);
	text(f, "description", in->description, 0, MS_DESCRIPTION_MAX);
	text(f, "description_en", in->description_en, 0, MS_DESCRIPTION_EN_MAX);
	text(f, "category", in->category, 0, MS_CATEGORY_MAX);
	text(f, "location", in->location, 0, MS_LOCATION_MAX);
	text(f, "rationale", in->rationale, 0, MS_RATIONALE_MAX);
	if (in->has_tier && (in->tier < 0 || in->tier >= (int)ms_tier_names.n))
		ms_faultf(f, MS_E_INVALID_VALUE, "tier", MS_AS("tier"), MS_AT("project、micro 或 wish", "project, micro or wish"));
	int32_t day;
	if (in->has_finish && in->finish_by && !ms_day_parse(in->finish_by, &day))
		ms_faultf(f, MS_E_INVALID_VALUE, "finish_by", MS_AS("finish_by"),
			  MS_AT("YYYY-MM-DD 格式的有效日期", "a valid date, YYYY-MM-DD"));
	if (create && !in->has_cost)
		ms_faults_add(f, (ms_failf(&x, MS_E_MISSING_FIELD, "cost", MS_AS("cost")), &x));
	if (in->has_cost && ms_check_int(&x, "cost", in->cost, 0, MS_COST_MAX))
		ms_faults_add(f, &x);
	if (in->has_unit && in->unit_id) {
		int rc = ms_unit_check_of(db, in->unit_id, congress_id, "unit_id", &x);
		if (rc == MS_ERR_UNPROCESSABLE)
			ms_faults_add(f, &x);
		else if (rc) { /* the store failed */
			*e = x;
			return rc;
		}
	}
	return ms_faults_result(f, NULL);
}

/* The audit detail of a candidate's fields (those given). */
static json_t *detail(const struct ms_candidate_in *in)
{
	json_t *d = json_object();
	const char *keys[] = {"title", "title_en", "description", "description_en", "category", "location", "rationale"};
	const char *vals[] = {in->title,    in->title_en, in->description, in->description_en,
			      in->category, in->location, in->rationale};
	for (size_t i = 0; d && i < sizeof keys / sizeof keys[0]; i++)
		if (vals[i])
			json_object_set_new(d, keys[i], json_string(vals[i]));
	if (d && in->has_cost)
		json_object_set_new(d, "cost", json_integer(in->cost));
	if (d && in->has_finish)
		json_object_set_new(d, "finish_by", in->finish_by ? json_string(in->finish_by) : json_null());
	if (d && in->has_unit)
		json_object_set_new(d, "unit_id", in->unit_id ? json_integer(in->unit_id) : json_null());
	if (d && in->origin_id)
		json_object_set_new(d, "origin_id", json_integer(in->origin_id));
	if (d && in->has_tier)
		json_object_set_new(d, "tier", json_string(ms_names_key(&ms_tier_names, in->tier)));
	return d;
}

/* A category from the guidance the round follows, when it names some: a
 * new candidate needs one, and a change cannot clear it. */
static int check_category(struct ms_db *db, const struct ms_cycle *cy, const struct ms_candidate_in *in, bool create,
			  struct ms_faults *f, struct ms_error *e)
{
	if (!cy->guidance_id || (!create && !in->category))
		return 0;
	struct ms_guidance_row g;
	int rc = ms_guidance_sql_row(db, cy->guidance_id, &g, e);
	if (rc)
		return rc;
	json_t *list = json_loads(g.categories ? g.categories : "[]", 0, NULL), *v;
	free(g.categories);
	size_t i;
	bool found = json_array_size(list) == 0;
	char names[MS_GUIDANCE_CATEGORIES_MAX * (4 * MS_CATEGORY_MAX + 3) + 1] = "";
	size_t len = 0;
	json_array_foreach(list, i, v) {
		const char *c = json_string_value(v);
		if (c && in->category && strcmp(c, in->category) == 0)
			found = true;
		if (c && len + strlen(c) + 4 < sizeof names)
			len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? "、" : "", c);
	}
	json_decref(list);
	if (!found && (!in->category || !*in->category))
		ms_faultf(f, MS_E_GUIDANCE_CATEGORY_NEEDED, "category", MS_AS(names));
	else if (!found)
		ms_faultf(f, MS_E_CATEGORY_NOT_IN_GUIDANCE, "category", MS_AS(in->category), MS_AS(names));
	return 0;
}

int ms_candidate_check_round(struct ms_db *db, const struct ms_cycle *cy, const struct ms_candidate_in *in, bool create,
			     struct ms_faults *f, struct ms_error *e)
{
	return check_category(db, cy, in, create, f, e);
}

int ms_candidate_create(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
			const struct ms_candidate_in *in, int64_t *id, struct ms_error *e)
{
	struct ms_faults f = {0};
	int rc;
	if ((rc = ms_candidate_check(db, cy->congress_id, in, true, &f, e)) && !f.n)
		return rc; /* the store failed */
	if ((rc = ms_candidate_check_round(db, cy, in, true, &f, e)))
		return rc;
	if (f.n)
		return ms_faults_result(&f, e);
	if ((rc = ms_cycle_need_phase(cy, EDITABLE, MS_AT("添加或修改候选项目", "candidates can change"), e)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_candidate_sql_insert(db, cy->id, in, now, id, e)))
		return rc;
	return ms_audit_append(db, by, cy->congress_id, "candidate.create", "candidate", *id, detail(in), e);
}

int ms_candidate_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_candidate_in *in,
			struct ms_error *e)
{
	struct ms_cycle cy;
	int64_t cycle_id;
	struct ms_faults f = {0};
	int rc;
	if ((rc = ms_candidate_get(db, id, &cycle_id, NULL, e)) || (rc = ms_cycle_get(db, cycle_id, &cy, NULL, e)))
		return rc;
	if ((rc = ms_candidate_check(db, cy.congress_id, in, false, &f, e)) && !f.n)
		return rc; /* the store failed */
	if ((rc = ms_candidate_check_round(db, &cy, in, false, &f, e)))
		return rc;
	if (f.n)
		return ms_faults_result(&f, e);
	if (in->has_tier) { /* a candidate on a ballot keeps its tier: the ballot decides it */
		json_t *now = NULL;
		char poll[4 * MS_TITLE_MAX + 1];
		if ((rc = ms_candidate_get(db, id, NULL, &now, e)))
			return rc;
		bool same = ms_names_find(&ms_tier_names, json_string_value(json_object_get(now, "tier"))) == in->tier;
		json_decref(now);
		if (!same && (rc = ms_candidate_sql_on_ballot(db, id, poll, sizeof poll, e)))
			return rc;
		if (!same && poll[0])
			return ms_failf(e, MS_E_TIER_ON_BALLOT, "tier", MS_AI(id), MS_AS(poll));
	}
	if ((rc = ms_cycle_need_phase(&cy, EDITABLE, MS_AT("添加或修改候选项目", "candidates can change"), e)) ||
	    (rc = ms_candidate_sql_update(db, id, in, e)))
		return rc;
	return ms_audit_append(db, by, cy.congress_id, "candidate.update", "candidate", id, detail(in), e);
}

int ms_candidate_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int64_t cycle_id;
	int rc = ms_candidate_get(db, id, &cycle_id, NULL, e);
	if (!rc && (rc = ms_cycle_owner(db, cycle_id, congress_id, e)) == MS_ERR_NOT_FOUND)
		rc = ms_store_not_found(e, &ms_candidate_kind, id); /* a review's unit: no round's candidate */
	return rc;
}
