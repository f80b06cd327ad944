/*
 * reserve.c — the congress's reserve pool (储备库): candidates a round did
 * not select (or never put to the vote) wait there, and a later round of
 * the same congress takes one as a new candidate with the same fields. Both
 * ends stay linked: the new candidate's origin_id names the old one, the
 * pool's entry names the candidate that took it (taken_by); an entry is
 * taken once.
 */
#include "cycle.h"

#include "../audit/audit.h"
#include "../core/util.h"
#include "cycle_internal.h"

static const struct ms_name reasons_v[] = {
	{"not_selected", "票决未入选", "not selected by the vote"},
	{"not_voted", "未提交票决", "not put to the vote"},
};
const struct ms_names ms_reserve_reason_names = MS_NAMES("reason", reasons_v);

int ms_reserve_add(struct ms_db *db, int64_t congress_id, int64_t candidate_id, enum ms_reserve_reason why,
		   struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	return ms_reserve_sql_add(db, congress_id, candidate_id, ms_names_key(&ms_reserve_reason_names, (int)why), now, e);
}

int ms_reserve_take(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, int64_t candidate_id,
		    int64_t *id, struct ms_error *e)
{
	json_t *old = NULL;
	int rc = ms_reserve_sql_get(db, candidate_id, &old, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_failf(e, MS_E_NOT_IN_RESERVE, "candidate_id", MS_AI(candidate_id));
	if (rc)
		return rc;
	if (json_integer_value(json_object_get(old, "congress_id")) != cy->congress_id)
		rc = ms_failf(e, MS_E_NOT_IN_RESERVE, "candidate_id", MS_AI(candidate_id));
	else if (!json_is_null(json_object_get(old, "taken_by")))
		rc = ms_failf(e, MS_E_RESERVE_TAKEN, "candidate_id", MS_AI(candidate_id),
			      MS_AI(json_integer_value(json_object_get(old, "taken_year"))));
	if (rc) {
		json_decref(old);
		return rc;
	}
	int64_t unit = json_integer_value(json_object_get(old, "unit_id"));
	struct ms_candidate_in in = {
		.title = json_string_value(json_object_get(old, "title")),
		.title_en = json_string_value(json_object_get(old, "title_en")),
		.description = json_string_value(json_object_get(old, "description")),
		.description_en = json_string_value(json_object_get(old, "description_en")),
		.category = json_string_value(json_object_get(old, "category")),
		.location = json_string_value(json_object_get(old, "location")),
		.rationale = json_string_value(json_object_get(old, "rationale")),
		/* Its completion day was the old round's; the new round sets its own. */
		.has_cost = true,
		.cost = json_integer_value(json_object_get(old, "cost")),
		.has_unit = unit > 0,
		.unit_id = unit,
		.origin_id = candidate_id,
		.has_tier = true,
		.tier = ms_names_find(&ms_tier_names, json_string_value(json_object_get(old, "tier"))),
	};
	/* a small matter or wish not adopted before stands on the ballot of a ballot round */
	if (in.tier < 0 || cy->decision != MS_DECISION_COUNCIL)
		in.tier = MS_TIER_PROJECT;
	bool taken = false;
	if (!(rc = ms_candidate_title_taken(db, cy->id, in.title, &taken, e)) && taken)
		rc = ms_failf(e, MS_E_TITLE_TAKEN, "candidate_id", MS_AS(in.title));
	if (!rc && !(rc = ms_candidate_create(db, by, cy, &in, id, e)) &&
	    !(rc = ms_reserve_sql_take(db, candidate_id, *id, e)))
		rc = ms_audit_append(db, by, cy->congress_id, "reserve.take", "candidate", *id,
				     json_pack("{s:I, s:I}", "from", (json_int_t)candidate_id, "cycle_id", (json_int_t)cy->id),
				     e);
	json_decref(old);
	return rc;
}
