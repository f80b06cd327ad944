/*
 * ranked.c — ranked ballots (Pabulib "ordinal"; a town's "number the
 * candidates by priority" ballot) counted by Borda points. The count itself
 * is the congress count's ranked form (count.c, MS_FORM_RANKED): with M
 * projects a ballot's k-th project (0-based) gets M - k points, projects
 * nobody ranked are never selected, and the top `slots` by points are taken
 * within the budget — a project that no longer fits is skipped, a tie at
 * the cut goes to a run-off and is never broken. This file turns that
 * result into an outcome with its steps:
 *   - SELECTED / SKIPPED (over the budget) / STOP (tied at the cut, with
 *     *runoff set) for every project the walk reached, by points descending
 *     and, among equal points, by id byte-wise; step values are the points.
 * slots == 0 means no limit on the number of places (the budget alone).
 *
 * Pure: memory from the caller's allocator; never aborts.
 */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_internal.h"


/* By points descending, then id. qsort has no context: sort keys instead. */
struct key {
	uint32_t points, rank, project;
};

static int key_cmp(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	return (a->rank > b->rank) - (a->rank < b->rank);
}

int ms_rule_ranked(const struct ms_allocator *a, const struct ms_election *el, uint32_t slots,
		   struct ms_outcome *out, bool *runoff, struct ms_error *e)
{
	if (out)
		ms_outcome_init(out);
	if (runoff)
		*runoff = false;
	if (!out || !runoff)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_RULE_NO_OUTCOME);
	int rc = ms_election_check(a, el, e);
	if (rc != 0)
		return rc;
	if (el->vote_type != MS_VOTE_ORDINAL)
		return ms_rule_wrong_vote_type(e, el, MS_AT("排序计分规则", "the ranked rule"), MS_AT("排序式", "ordinal"));
	uint32_t np = el->n_projects, nv = el->n_voters;
	if (np == 0)
		return 0;
	struct ms_count_params p;
	ms_count_params_default(&p, np, slots == 0 || slots > np ? np : slots);
	p.form = MS_FORM_RANKED;
	p.max_approvals = np;
	p.has_budget = true;
	p.budget = el->budget;
	p.costs = el->cost;
	p.deputies_all = p.deputies_present = p.ballots_issued = nv;
	struct ms_ballot *b = ms_alloc_array(a, nv ? nv : 1, sizeof *b);
	struct key *k = ms_alloc_array(a, np, sizeof *k);
	struct ms_count_result res;
	memset(&res, 0, sizeof res);
	if (!b || !k) {
		rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u voters", (unsigned)nv);
		goto out;
	}
	for (uint32_t v = 0; v < nv; v++)
		b[v] = (struct ms_ballot){.choices = el->vote_proj + el->vote_off[v],
					  .n_choices = el->vote_off[v + 1] - el->vote_off[v]};
	if ((rc = ms_count_threshold(a, &p, b, nv, &res, e)) != 0)
		goto out;
	for (uint32_t i = 0; i < np; i++)
		k[i] = (struct key){res.candidates[i].approvals, el->id_rank[i], i};
	qsort(k, np, sizeof *k, key_cmp);
	if ((rc = ms_outcome_reserve(a, out, res.n_selected, np, e)) != 0)
		goto out;
	int64_t money = el->budget;
	for (uint32_t i = 0; i < np; i++) {
		uint32_t q = k[i].project;
		enum ms_cand_status st = res.candidates[q].status;
		enum ms_step_kind kind;
		if (st == MS_CAND_SELECTED) {
			kind = MS_STEP_SELECTED;
			money -= el->cost[q];
			if ((rc = ms_outcome_select(a, out, q, el->cost[q], e)) != 0)
				goto out;
		} else if (st == MS_CAND_OVER_BUDGET) {
			kind = MS_STEP_SKIPPED;
		} else if (st == MS_CAND_RUNOFF) {
			kind = MS_STEP_STOP;
		} else {
			continue; /* below the cut or never ranked: the walk did not reach it */
		}
		char pts[16];
		snprintf(pts, sizeof pts, "%u", (unsigned)k[i].points);
		if ((rc = ms_outcome_add_step_text(a, out, kind, q, pts, money, NULL, 0, e)) != 0)
			goto out;
	}
	*runoff = res.runoff_needed;
out:
	ms_count_result_fini(a, &res);
	a->free(a->ctx, b);
	a->free(a->ctx, k);
	if (rc) {
		ms_outcome_fini(a, out);
		*runoff = false;
	}
	return rc;
}
