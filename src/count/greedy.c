/*
 * greedy.c — greedy utilitarian welfare under a budget (rules.h,
 * ../shared/pabulib/README.md "Greedy"), exactly as pabutools computes it.
 *
 * A project's score is its total satisfaction divided by its cost:
 *   cost satisfaction: every supporter gets cost(p), so the score is the
 *     number of supporters when cost > 0 — and 0 when cost == 0 (the total
 *     satisfaction is then 0);
 *   cardinality satisfaction: every supporter gets 1 (cumulative and scoring
 *     ballots: the points given), so the score is total / cost;
 *   a total of 0 scores 0; a cost of 0 with a positive total scores +inf.
 * Projects are sorted by score descending, then by id (byte-wise), and
 * scanned once: each is taken iff it fits what is left of the budget.
 * Unsupported projects score 0 and so come last, still taken if they fit.
 *
 * Scores are compared exactly without rationals: a score is count/cost with
 * both in int64, so a/b against c/d is a*d against c*b in __int128.
 *
 * Steps: one per project in scan order, SELECTED or SKIPPED, with the score
 * as exact text in supporters (or points) per currency unit — count *
 * money_scale / cost, "inf" for +inf — and the money left after the step.
 *
 * Pure: memory from the caller's allocator only; never aborts.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "rat.h"
#include "rules_internal.h"

__extension__ typedef __int128 i128;

struct gscore {
	int64_t num;   /* total satisfaction (cardinality) or supporters (cost) */
	int64_t den;   /* cost; 0 with num > 0 means +inf; num == 0 means 0 */
	uint32_t rank; /* id_rank */
	uint32_t project;
};

/* score class: 2 = +inf, 1 = positive finite, 0 = zero */
static int score_class(const struct gscore *s)
{
	if (s->num == 0)
		return 0;
	return s->den == 0 ? 2 : 1;
}

/* qsort order: score descending, then id rank ascending. */
static int gscore_cmp(const void *x, const void *y)
{
	const struct gscore *a = x, *b = y;
	int ca = score_class(a), cb = score_class(b);
	if (ca != cb)
		return ca > cb ? -1 : 1;
	if (ca == 1) {
		i128 l = (i128)a->num * b->den, r = (i128)b->num * a->den;
		if (l != r)
			return l > r ? -1 : 1;
	}
	return (a->rank > b->rank) - (a->rank < b->rank);
}

/* Score text into the step: count * money_scale / cost, "inf", or "0". */
static int add_scored_step(const struct ms_allocator *a, struct ms_outcome *o, enum ms_step_kind kind,
			   const struct gscore *s, int64_t scale, int64_t left, struct ms_error *e)
{
	int c = score_class(s);
	if (c == 2)
		return ms_outcome_add_step_text(a, o, kind, s->project, "inf", left, NULL, 0, e);
	struct ms_rat v = MS_RAT_ZERO;
	int rc = 0;
	if (c == 1) {
		rc = ms_rat_set_i64(&v, s->num, s->den);
		if (rc == 0 && scale != 1)
			rc = ms_rat_mul_i64(&v, &v, scale);
	}
	if (rc != 0)
		rc = ms_error_set(e, rc, NULL, NULL, "out of memory for a score");
	else
		rc = ms_outcome_add_step(a, o, kind, s->project, &v, left, NULL, 0, e);
	ms_rat_fini(&v);
	return rc;
}

int ms_rule_greedy(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		   struct ms_outcome *out, struct ms_error *e)
{
	if (out)
		ms_outcome_init(out);
	if (!out)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_RULE_NO_OUTCOME);
	int rc = ms_election_check_grouped(a, el, e);
	if (rc != 0)
		return rc;
	if (sat != MS_SAT_COST && sat != MS_SAT_CARD)
		return ms_failf(e, MS_E_RULE_UNKNOWN_SATISFACTION, "satisfaction", MS_AI(sat));
	if (el->vote_type == MS_VOTE_ORDINAL)
		return ms_rule_wrong_vote_type(e, el, MS_AT("贪心效用规则", "greedy welfare"), MS_RULE_CARDINAL_TYPES);
	uint32_t np = el->n_projects;
	bool points = sat == MS_SAT_CARD &&
		      (el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING);

	struct gscore *s = ms_alloc_array(a, np, sizeof *s);
	if (!s)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u scores", (unsigned)np);
	for (uint32_t p = 0; p < np; p++) {
		s[p].num = 0;
		s[p].project = p;
		s[p].rank = el->id_rank[p];
	}
	uint32_t total = el->n_voters > 0 ? el->vote_off[el->n_voters] : 0;
	if (el->vote_weight) { /* grouped ballots: each counts as many times as voters cast it */
		for (uint32_t v = 0; v < el->n_voters; v++) {
			int64_t w = el->vote_weight[v];
			for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
				int64_t *t = &s[el->vote_proj[k]].num, x = points ? el->vote_points[k] : 1;
				if (__builtin_mul_overflow(x, w, &x) || __builtin_add_overflow(*t, x, t)) {
					rc = ms_fail(e, MS_E_COUNT_POINTS_OVERFLOW, "points");
					goto fail;
				}
			}
		}
	} else if (points) {
		for (uint32_t k = 0; k < total; k++) {
			int64_t *t = &s[el->vote_proj[k]].num;
			if (__builtin_add_overflow(*t, el->vote_points[k], t)) {
				rc = ms_fail(e, MS_E_COUNT_POINTS_OVERFLOW, "points");
				goto fail;
			}
		}
	} else {
		for (uint32_t k = 0; k < total; k++)
			s[el->vote_proj[k]].num++;
	}
	for (uint32_t p = 0; p < np; p++) {
		int64_t cost = el->cost[p];
		if (sat == MS_SAT_COST && cost == 0)
			s[p].num = 0; /* total satisfaction sum(cost) = 0 */
		s[p].den = cost;
		if (sat == MS_SAT_COST && s[p].num > 0)
			s[p].den = 1; /* approvals * cost / cost */
	}
	qsort(s, np, sizeof *s, gscore_cmp);

	if ((rc = ms_outcome_reserve(a, out, np, np, e)) != 0)
		goto fail;
	int64_t left = el->budget;
	for (uint32_t i = 0; i < np; i++) {
		uint32_t p = s[i].project;
		int64_t cost = el->cost[p];
		bool fits = cost <= left;
		if (fits) {
			left -= cost;
			if ((rc = ms_outcome_select(a, out, p, cost, e)) != 0)
				goto fail;
		}
		/* For cost satisfaction the score is a count: show it per project,
		 * not per currency unit. */
		int64_t scale = sat == MS_SAT_COST ? 1 : el->money_scale > 0 ? el->money_scale : 1;
		if ((rc = add_scored_step(a, out, fits ? MS_STEP_SELECTED : MS_STEP_SKIPPED, &s[i], scale, left,
					  e)) != 0)
			goto fail;
	}
	a->free(a->ctx, s);
	return 0;
fail:
	a->free(a->ctx, s);
	ms_outcome_fini(a, out);
	return rc;
}
