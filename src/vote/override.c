/*
 * override.c — a presidium decision (主席团决定) on a closed poll's verdict:
 * a candidate counted 入选 becomes 未入选 or the reverse, with the reason,
 * the body that decided and the user who recorded it. Never silent and
 * never a recount: the stored result (and so the bulletin and its
 * recount) keeps the count; the published result shows each decision
 * beside the counted verdict, with the history of decisions. The latest
 * decision on a candidate stands: a decision is withdrawn by a later one
 * with status "counted" (or one giving the counted verdict again); the
 * history is kept (docs/rules.md). Verdicts are compared by class: failed
 * and over_budget are not selected too.
 */
#include "vote.h"

#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "vote_internal.h"

static const struct ms_name override_status_v[] = {
	{"selected", "入选", "selected"},
	{"not_selected", "未入选", "not selected"},
	{"counted", "以计票结果为准（撤回此前的决定）", "as counted (withdraws the decision that stood)"},
};

/* A verdict's class: selected, runoff (a tie still open), or not selected
 * (not_selected, failed, over_budget alike); "counted" is the count's. */
static const char *verdict_class(const char *v, const char *counted)
{
	if (v && strcmp(v, "counted") == 0)
		v = counted;
	if (!v)
		return "";
	if (strcmp(v, "selected") == 0 || strcmp(v, "runoff") == 0)
		return v;
	return "not_selected";
}
const struct ms_names ms_override_status_names = MS_NAMES("override_status", override_status_v);

/* The latest decision on candidate id in the list rows (NULL: none). */
static json_t *latest(json_t *rows, int64_t id)
{
	json_t *found = NULL, *r;
	size_t i;
	json_array_foreach(rows, i, r) if (json_integer_value(json_object_get(r, "candidate_id")) == id) found = r;
	return found;
}

int ms_override_merge(struct ms_db *db, int64_t poll_id, json_t *result, struct ms_error *e)
{
	json_t *rows = NULL, *c;
	int64_t of, runoff;
	int rc = ms_override_sql_list(db, poll_id, &rows, e);
	if (rc || (rc = ms_override_sql_links(db, poll_id, &of, &runoff, e))) {
		json_decref(rows);
		return rc;
	}
	size_t i;
	json_array_foreach(json_object_get(result, "candidates"), i, c) {
		const char *counted = json_string_value(json_object_get(c, "status"));
		json_t *d = latest(rows, json_integer_value(json_object_get(c, "candidate_id")));
		const char *st = json_string_value(json_object_get(d, "status"));
		if (d && st && counted && strcmp(verdict_class(st, counted), verdict_class(counted, counted)) != 0) {
			json_object_set_new(c, "outcome", json_string(st));
			json_object_set_new(c, "override",
					    json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(d, "id"),
						      "status", json_object_get(d, "status"), "reason",
						      json_object_get(d, "reason"), "decided_by",
						      json_object_get(d, "decided_by"), "recorded_by",
						      json_object_get(d, "recorded_by"), "recorded_by_name",
						      json_object_get(d, "recorded_by_name"), "at", json_object_get(d, "at")));
		} else if (counted)
			json_object_set_new(c, "outcome", json_string(counted));
	}
	json_object_set_new(result, "overrides", rows);
	json_object_set_new(result, "runoff_poll_id", runoff ? json_integer(runoff) : json_null());
	json_object_set_new(result, "runoff_of", of ? json_integer(of) : json_null());
	return 0;
}

/* The labels of a verdict's key, as a message argument. */
static struct ms_arg verdict_arg(const char *key)
{
	int i = ms_names_find(&ms_count_status_names, key);
	return i < 0 ? MS_AT(key, key) : ms_names_arg(&ms_count_status_names, i);
}

int ms_poll_override(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, int64_t candidate_id,
		     const char *status, const char *reason, const char *decided_by, json_t **out,
		     struct ms_error *e)
{
	struct ms_poll p;
	json_t *res = NULL, *rows = NULL, *c, *cand = NULL;
	struct ms_cycle cy;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	/* Only while the round is still in 票决: once it moves on, the selected
	 * projects are made (outcome.c) and a later decision would not reach them. */
	if (rc || (rc = ms_poll_need_form(&p, false, e)) ||
	    (rc = ms_poll_need_closed(&p, MS_AT("以决定改变投票结果", "a verdict is overridden"), e)) ||
	    (rc = ms_cycle_get(db, p.cycle_id, &cy, NULL, e)) ||
	    (rc = ms_cycle_need_phase(&cy, 1u << MS_PHASE_VOTE, MS_AT("以决定改变投票结果", "a verdict is overridden"), e)) ||
	    (rc = ms_close_sql_result(db, p.id, &res, e)))
		goto out;
	if (ms_names_find(&ms_override_status_names, status) < 0) { /* the route's field checks it first */
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "override: status %s", status);
		goto out;
	}
	const char *rs = json_string_value(json_object_get(res, "status"));
	if (rs && strcmp(rs, "invalid") == 0) {
		rc = ms_failf(e, MS_E_OVERRIDE_INVALID_RESULT, NULL, MS_AI(p.id));
		goto out;
	}
	size_t i;
	json_array_foreach(json_object_get(res, "candidates"), i, c) {
		if (json_integer_value(json_object_get(c, "candidate_id")) == candidate_id)
			cand = c;
	}
	if (!cand) {
		rc = ms_failf(e, MS_E_CANDIDATE_NOT_ON_POLL, "candidate_id", MS_AI(candidate_id), MS_AI(p.id));
		goto out;
	}
	const char *counted = json_string_value(json_object_get(cand, "status"));
	if (!counted)
		counted = "";
	/* A tie already sent to a run-off is the run-off's to decide. */
	int64_t of = 0, runoff = 0;
	if (strcmp(counted, "runoff") == 0 && !(rc = ms_override_sql_links(db, p.id, &of, &runoff, e)) && runoff)
		rc = ms_failf(e, MS_E_TIE_GOES_TO_RUNOFF, "candidate_id", MS_AS(json_string_value(json_object_get(cand, "title"))),
			      MS_AI(runoff));
	if (rc)
		goto out;
	if ((rc = ms_override_sql_list(db, p.id, &rows, e)))
		goto out;
	json_t *last = latest(rows, candidate_id);
	const char *standing = last ? json_string_value(json_object_get(last, "status")) : counted;
	if (strcmp(verdict_class(standing, counted), verdict_class(status, counted)) == 0) {
		rc = ms_failf(e, MS_E_OVERRIDE_UNCHANGED, "status", MS_AS(json_string_value(json_object_get(cand, "title"))),
			      verdict_arg(strcmp(status, "counted") == 0 ? counted : status));
		goto out;
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_override_sql_add(db, p.id, candidate_id, status, counted, reason, decided_by, by ? by->id : 0, now,
				      e)))
		goto out;
	json_t *detail = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "candidate_id", (json_int_t)candidate_id, "status",
				   status, "counted_status", counted, "previous_status", standing ? standing : counted,
				   "reason", reason, "decided_by", decided_by);
	if ((rc = ms_audit_append(db, by, p.congress_id, "poll.override", "poll", p.id, detail, e)))
		goto out;
	rc = ms_poll_result(db, p.id, out, e);
out:
	json_decref(rows);
	json_decref(res);
	ms_poll_fini(&p);
	return rc;
}
