/*
 * ranked.c — ranked ballots (Pabulib "ordinal"; a town's "number the
 * candidates by priority" ballot) counted by Borda points, with the cut and
 * tie semantics of the threshold rule (count.h, count.c select_passing).
 *
 * Points: with M projects in the election, a ballot's k-th project
 * (0-based) gets M - k points; projects it does not rank get none.
 * Projects nobody ranked (0 points) are never selected. The others are
 * walked by points descending, in groups of equal points (inside a group by
 * id, byte-wise, for the order of the steps only):
 *   - a member whose cost alone exceeds the money left is skipped
 *     (MS_STEP_SKIPPED) and the walk goes on;
 *   - if the other members all fit — as many as the places left and their
 *     total within the money left — they are all selected;
 *   - otherwise the tie at the cut is not broken: every such member gets a
 *     MS_STEP_STOP step, *runoff is set, and nothing ranked below them is
 *     selected.
 * slots == 0 means no limit on the number of places (the budget alone).
 * Step values are the points as text.
 *
 * Pure: memory from the caller's allocator; never aborts.
 */
#include "rules.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_internal.h"

struct rk {
	int64_t points;
	uint32_t rank;
	uint32_t project;
};

static int rk_cmp(const void *x, const void *y)
{
	const struct rk *a = x, *b = y;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	return (a->rank > b->rank) - (a->rank < b->rank);
}

static int add_points_step(const struct ms_allocator *a, struct ms_outcome *o, enum ms_step_kind kind,
			   const struct rk *r, int64_t left, struct ms_error *e)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%" PRId64, r->points);
	return ms_outcome_add_step_text(a, o, kind, r->project, buf, left, NULL, 0, e);
}

int ms_rule_ranked(const struct ms_allocator *a, const struct ms_election *el, uint32_t slots,
		   struct ms_outcome *out, bool *runoff, struct ms_error *e)
{
	if (out)
		ms_outcome_init(out);
	if (runoff)
		*runoff = false;
	if (!out || !runoff)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, NULL, "no outcome to fill");
	int rc = ms_election_check(a, el, e);
	if (rc != 0)
		return rc;
	if (el->vote_type != MS_VOTE_ORDINAL)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "vote_type", "the ranked rule needs ordinal ballots");
	uint32_t np = el->n_projects;
	struct rk *r = ms_alloc_array(a, np, sizeof *r);
	if (!r)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u projects", (unsigned)np);
	for (uint32_t p = 0; p < np; p++) {
		r[p].points = 0;
		r[p].rank = el->id_rank[p];
		r[p].project = p;
	}
	for (uint32_t v = 0; v < el->n_voters; v++) {
		uint32_t off = el->vote_off[v], len = el->vote_off[v + 1] - off;
		for (uint32_t k = 0; k < len && k < np; k++) {
			int64_t *t = &r[el->vote_proj[off + k]].points;
			if (__builtin_add_overflow(*t, (int64_t)np - k, t)) {
				rc = ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "votes", "too many points in total");
				goto fail;
			}
		}
	}
	qsort(r, np, sizeof *r, rk_cmp);
	uint32_t n_ranked = 0;
	while (n_ranked < np && r[n_ranked].points > 0)
		n_ranked++;
	if ((rc = ms_outcome_reserve(a, out, n_ranked, n_ranked, e)) != 0)
		goto fail;

	uint32_t left = slots == 0 ? UINT32_MAX : slots;
	int64_t money = el->budget;
	uint32_t i = 0;
	while (i < n_ranked && left > 0) {
		uint32_t j = i;
		while (j < n_ranked && r[j].points == r[i].points)
			j++;
		/* [i, j) is one group of equal points */
		uint32_t g = 0;
		int64_t g_cost = 0;
		bool g_over = false;
		for (uint32_t k = i; k < j; k++) {
			int64_t cost = el->cost[r[k].project];
			if (cost > money)
				continue;
			g++;
			if (!g_over && cost > money - g_cost)
				g_over = true;
			else if (!g_over)
				g_cost += cost;
		}
		bool take = g <= left && !g_over;
		for (uint32_t k = i; k < j; k++) {
			uint32_t p = r[k].project;
			int64_t cost = el->cost[p];
			if (cost > money) {
				rc = add_points_step(a, out, MS_STEP_SKIPPED, &r[k], take ? money - g_cost : money, e);
			} else if (take) {
				rc = ms_outcome_select(a, out, p, cost, e);
				if (rc == 0)
					rc = add_points_step(a, out, MS_STEP_SELECTED, &r[k], money - g_cost, e);
			} else {
				rc = add_points_step(a, out, MS_STEP_STOP, &r[k], money, e);
			}
			if (rc != 0)
				goto fail;
		}
		if (!take) {
			*runoff = true;
			break;
		}
		left -= g;
		money -= g_cost;
		i = j;
	}
	a->free(a->ctx, r);
	return 0;
fail:
	a->free(a->ctx, r);
	ms_outcome_fini(a, out);
	*runoff = false;
	return rc;
}
