/*
 * runoff.c — a run-off in one step: from a closed poll whose count left a
 * tie at the cut (须再次投票), a new poll in the same round among exactly
 * the tied candidates for the places left, with the first poll's settings
 * and scrutineers, made through ms_poll_create (so every rule of a poll
 * applies) and linked to the first poll both ways (poll_runoff).
 */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "vote_internal.h"

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* UTF-8 characters of s. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int ms_poll_runoff(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const char *title, int64_t *id,
		   struct ms_error *e)
{
	struct ms_poll p, q = {0};
	json_t *res = NULL, *c;
	struct ms_scrutineer *sc = NULL;
	size_t n_sc = 0;
	int64_t of, runoff;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc || (rc = ms_poll_need_form(&p, false, e)) ||
	    (rc = ms_poll_need_closed(&p, MS_AT("设立再次投票", "a run-off is set up"), e)) ||
	    (rc = ms_override_sql_links(db, p.id, &of, &runoff, e)))
		goto out;
	if (runoff) {
		rc = ms_failf(e, MS_E_RUNOFF_EXISTS, NULL, MS_AI(p.id), MS_AI(runoff));
		goto out;
	}
	if ((rc = ms_close_sql_result(db, p.id, &res, e)))
		goto out;
	const char *rs = json_string_value(json_object_get(res, "status"));
	json_int_t places = json_integer_value(json_object_get(res, "runoff_slots"));
	q = (struct ms_poll){.cycle_id = p.cycle_id, .congress_id = p.congress_id, .form = p.form, .mode = p.mode,
			     .base = p.base, .threshold_num = p.threshold_num, .threshold_den = p.threshold_den,
			     .threshold_strict = p.threshold_strict, .quorum_num = p.quorum_num,
			     .quorum_den = p.quorum_den, .electorate = p.electorate, .live_counts = p.live_counts,
			     .deputies_all = -1};
	size_t n = json_array_size(json_object_get(res, "candidates")), i;
	if (!(q.candidate_ids = calloc(n + 1, sizeof *q.candidate_ids))) {
		rc = ms_nomem(e);
		goto out;
	}
	/* The decisions standing (ms_override_merge): a tie the presidium has
	 * already settled by a decision is not voted again. */
	if ((rc = ms_override_merge(db, p.id, res, e)))
		goto out;
	json_array_foreach(json_object_get(res, "candidates"), i, c) {
		const char *st = json_string_value(json_object_get(c, "status"));
		if (st && strcmp(st, "runoff") == 0 && json_object_get(c, "override")) {
			rc = ms_failf(e, MS_E_TIE_DECIDED, NULL, MS_AI(p.id), MS_AS(json_string_value(json_object_get(c, "title"))));
			goto out;
		}
		if (st && strcmp(st, "runoff") == 0)
			q.candidate_ids[q.n_candidates++] = json_integer_value(json_object_get(c, "candidate_id"));
	}
	/* A tie at the cut: more tied candidates than the places left. */
	if (!rs || strcmp(rs, "runoff") != 0 || places < 1 || q.n_candidates <= (size_t)places) {
		rc = ms_failf(e, MS_E_NO_TIE_AT_CUT, NULL, MS_AI(p.id));
		goto out;
	}
	qsort(q.candidate_ids, q.n_candidates, sizeof *q.candidate_ids, cmp_id);
	q.slots = (uint32_t)places;
	q.max_approvals = p.max_approvals < q.slots ? p.max_approvals : q.slots;
	if (p.has_budget) { /* what the places already filled left of the budget */
		int64_t spent = json_integer_value(json_object_get(res, "cost_selected"));
		q.has_budget = true;
		q.budget = p.budget > spent ? p.budget - spent : 0;
	}
	static const char suffix[] = "（再次投票）";
	if (title)
		ms_strlcpy(q.title, title, sizeof q.title);
	else if (chars(p.title) + chars(suffix) <= MS_TITLE_MAX)
	{
		size_t len = ms_strlcpy(q.title, p.title, sizeof q.title);
		ms_strlcpy(q.title + len, suffix, sizeof q.title - len); /* fits: counted above */
	}
	else
		ms_strlcpy(q.title, p.title, sizeof q.title);
	if ((rc = ms_poll_create_runoff(db, by, &q, id, e)) || (rc = ms_scrutineer_sql_all(db, p.id, &sc, &n_sc, e)))
		goto out;
	if (n_sc) {
		int64_t *ids = calloc(n_sc, sizeof *ids);
		if (!ids) {
			rc = ms_nomem(e);
			goto out;
		}
		for (i = 0; i < n_sc; i++)
			ids[i] = sc[i].user_id;
		rc = ms_scrutineers_set(db, by, *id, ids, n_sc, p.shares_needed, e);
		free(ids);
		if (rc)
			goto out;
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_override_sql_runoff_add(db, *id, p.id, now, e)))
		goto out;
	json_t *list = json_array();
	for (i = 0; list && i < q.n_candidates; i++)
		json_array_append_new(list, json_integer(q.candidate_ids[i]));
	rc = ms_audit_append(db, by, p.congress_id, "poll.runoff", "poll", p.id,
			     json_pack("{s:I, s:o, s:I}", "runoff_poll_id", (json_int_t)*id, "candidate_ids", list,
				       "slots", (json_int_t)q.slots),
			     e);
out:
	free(sc);
	json_decref(res);
	ms_poll_fini(&q);
	ms_poll_fini(&p);
	return rc;
}
