/*
 * measures_states.c — the measures read from the states of a run of the
 * rule (measures.h): add_approvals (Phragmén and Equal Shares; greedy's is
 * add_singletons'), and the lose_approvals of a project Phragmén or Equal
 * Shares selects. At a state of a run the voters stand in an order — the
 * lowest loads, the most money left first — and the voters who count most
 * for a project there are those standing best; so the best voters to add
 * and the least missed to lose are read off that order, and every answer
 * is checked by the rule's own run (measures.c).
 *
 * Pure: memory from the caller's allocator; never aborts.
 */
#include "measures_internal.h"

#include <stdlib.h>
#include <string.h>

#include "mes_internal.h"
#include "rules_internal.h"

/* A state kept costs 4 units of work for each ballot group it holds (its
 * memory: so the bound of the close, 30,000,000, keeps under 60 MB). */
#define STATE_UNIT 4

struct round_ctx {
	struct mctx *m;
	struct ms_measure_states *s;
	struct ms_error *e;
};

/* Equal Shares: keep the state the run is at (each group's budget left,
 * the run's own, in doubles), charged before it is kept. */
static int mes_round(void *ctx, const struct run *r)
{
	struct round_ctx *c = ctx;
	struct mctx *m = c->m;
	struct ms_measure_states *s = c->s;
	uint32_t ng = r->m->ng;
	int rc = ms_measures_charge_work(m, (uint64_t)STATE_UNIT * (ng ? ng : 1), c->e);
	if (rc != 0)
		return rc;
	if (s->n_rounds == 0) { /* the voters' groups, once */
		s->ng = ng;
		if (!(s->vgroup = ms_alloc_array(m->a, m->el->n_voters ? m->el->n_voters : 1, sizeof *s->vgroup)))
			return MS_ERR_NOMEM;
		if (m->el->n_voters)
			memcpy(s->vgroup, r->m->v_group, (size_t)m->el->n_voters * sizeof *s->vgroup);
	}
	if (s->n_rounds == s->cap_rounds) {
		uint32_t nc = s->cap_rounds ? 2 * s->cap_rounds : 8;
		double *nk = ms_alloc_array(m->a, (size_t)nc * (ng ? ng : 1), sizeof *nk);
		if (!nk)
			return MS_ERR_NOMEM;
		if (s->gkeys)
			memcpy(nk, s->gkeys, (size_t)s->n_rounds * ng * sizeof *nk);
		m->a->free(m->a->ctx, s->gkeys);
		s->gkeys = nk;
		s->cap_rounds = nc;
	}
	double *k = s->gkeys + (size_t)s->n_rounds++ * ng;
	for (uint32_t g = 0; g < ng; g++)
		k[g] = r->g[g].zero ? 0.0 : r->g[g].b;
	return 0;
}

void ms_measure_states_fini(const struct ms_allocator *a, struct ms_measure_states *s)
{
	a->free(a->ctx, s->gkeys);
	a->free(a->ctx, s->pos);
	a->free(a->ctx, s->vgroup);
	memset(s, 0, sizeof *s);
}

/* The states of the rule's run on run_el (m->w with other ballots; greedy
 * needs none: its add_approvals is add_singletons'), into s: Phragmén every
 * round and the end, from the order in which it selects (a voter's load is
 * the load of the round that last set it, which never falls: the later the
 * last project it approves, the higher its load); Equal Shares every round
 * and the end (mes_round). */
static int make_states(struct mctx *m, const struct ms_election *run_el, struct ms_measure_states *s,
		       struct ms_error *e)
{
	ms_measure_states_fini(m->a, s);
	int rc = ms_measures_charge(m, e);
	if (rc != 0)
		return rc;
	if (m->rule == MS_MEASURE_MES) {
		struct round_ctx c = {m, s, e};
		rc = ms_mes_rounds(m->a, run_el, MS_SAT_COST, mes_round, &c, e);
		if (rc == MS_ERR_NOMEM)
			rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for the voters' budgets");
	} else if (m->rule == MS_MEASURE_PHRAGMEN) {
		struct ms_outcome o;
		if ((rc = ms_phragmen_counted(m->a, run_el, &o, &m->ph_work, e)) != 0)
			return rc;
		if (!(s->pos = ms_alloc_array(m->a, run_el->n_projects ? run_el->n_projects : 1, sizeof *s->pos)))
			rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u projects",
					  (unsigned)run_el->n_projects);
		for (uint32_t q = 0; rc == 0 && q < run_el->n_projects; q++)
			s->pos[q] = UINT32_MAX;
		for (uint32_t t = 0; rc == 0 && t < o.n_selected; t++)
			s->pos[o.selected[t]] = t;
		s->n_rounds = o.n_selected + 1;
		ms_outcome_fini(m->a, &o);
	}
	s->have = rc == 0;
	return rc;
}

/* Voter v's standing at state t (higher is better). */
static double state_key(const struct mctx *m, const struct ms_measure_states *s, uint32_t t, uint32_t v)
{
	if (m->rule == MS_MEASURE_MES)
		return s->gkeys[(size_t)t * s->ng + s->vgroup[v]];
	const struct ms_election *el = m->el;
	uint32_t last = UINT32_MAX; /* the last project it approves selected before state t */
	for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++) {
		uint32_t at = s->pos[el->vote_proj[j]];
		if (at < t && (last == UINT32_MAX || at > last))
			last = at;
	}
	return last == UINT32_MAX ? 1.0 : -(double)last;
}

/* The work of ranking n voters at a state: n log n, and for Phragmén
 * reading their standing from the ballots (total entries). */
static uint64_t ranking_work(const struct mctx *m, uint32_t n, uint32_t total)
{
	uint64_t lg = 1;
	while (lg < 64 && ((uint64_t)1 << lg) < n)
		lg++;
	return (uint64_t)n * lg + (m->rule == MS_MEASURE_PHRAGMEN ? total : 0);
}

struct standing {
	double key;
	uint32_t v;
};

static int by_standing(const void *x, const void *y)
{
	const struct standing *a = x, *b = y;
	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return a->v < b->v ? -1 : a->v > b->v;
}

/* Whether the rule selects p when the voters who[0..k) also approve it
 * (drop: stop approving it). */
static int selects_with(struct mctx *m, uint32_t p, const struct standing *who, uint32_t k, bool drop,
			uint8_t *mark, uint32_t *off, uint32_t *proj, bool *sel, struct ms_error *e)
{
	const struct ms_election *el = m->el;
	for (uint32_t i = 0; i < k; i++)
		mark[who[i].v] |= 1;
	uint32_t x = 0;
	off[0] = 0;
	for (uint32_t v = 0; v < el->n_voters; v++) {
		for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++)
			if (!drop || !(mark[v] & 1) || el->vote_proj[j] != p)
				proj[x++] = el->vote_proj[j];
		if (!drop && (mark[v] & 1))
			proj[x++] = p;
		off[v + 1] = x;
	}
	for (uint32_t i = 0; i < k; i++)
		mark[who[i].v] &= (uint8_t)~1u;
	m->w.vote_off = off;
	m->w.vote_proj = proj;
	int rc = ms_measures_selects(m, p, sel, e);
	m->w.vote_off = el->vote_off;
	m->w.vote_proj = el->vote_proj;
	return rc;
}

/* add_approvals (measures.h): the best k voters to add at a state of the
 * run are the k best standing there among those not approving p (the
 * cheapest loads, the most money), and with them the rule runs as on el
 * until p is selected; so the least k is the least over the states, each
 * found by binary search (more of the same voters only help p). */
int ms_measures_approvals(struct mctx *m, uint32_t p, struct ms_measure *out, struct ms_error *e)
{
	const struct ms_election *el = m->el;
	out->add_approvals = 0;
	out->approvals_status = MS_MEASURE_NONE;
	if (el->vote_type != MS_VOTE_APPROVAL)
		return 0;
	out->approvals_status = MS_MEASURE_FOUND;
	if (out->selected)
		return 0;
	uint32_t n = el->n_voters, total = n > 0 ? el->vote_off[n] : 0, nn = n - m->appr[p];
	if (nn == 0) /* every voter approves it already: nobody is left to */
		return out->approvals_status = MS_MEASURE_NONE, 0;
	out->approvals_status = MS_MEASURE_NEVER;
	if (el->cost[p] > el->budget)
		return 0;
	if (m->rule == MS_MEASURE_GREEDY) {
		/* only p's number of approvals changes, as with new voters
		 * approving p alone: add_singletons, when there are that many */
		if (out->add_status == MS_MEASURE_FOUND && out->add_singletons <= nn) {
			out->approvals_status = MS_MEASURE_FOUND;
			out->add_approvals = out->add_singletons;
		}
		return 0;
	}
	int rc;
	if (!m->run.have && (rc = make_states(m, el, &m->run, e)) != 0)
		return rc;
	struct standing *who = ms_alloc_array(m->a, nn, sizeof *who);
	uint8_t *mark = ms_alloc_array(m->a, n, 1);
	uint32_t *off = ms_alloc_array(m->a, (size_t)n + 1, sizeof *off);
	uint32_t *proj = ms_alloc_array(m->a, (size_t)total + nn, sizeof *proj);
	if (!who || !mark || !off || !proj) {
		rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u voters", (unsigned)n);
		goto done;
	}
	memset(mark, 0, n);
	/* those not approving p */
	uint32_t c = 0;
	for (uint32_t v = 0; v < n; v++) {
		bool has = false;
		for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++)
			has |= el->vote_proj[j] == p;
		if (!has)
			who[c++].v = v;
	}
	/* all of them: the same set at every state */
	bool sel;
	if ((rc = selects_with(m, p, who, nn, false, mark, off, proj, &sel, e)) != 0 || !sel)
		goto done;
	uint32_t best = nn, tried = 0; /* tried: the voters of the last failed try, marked 2 */
	for (uint32_t t = m->run.n_rounds; t-- > 0 && best > 1;) {
		/* the voters' standing (Phragmén: from their ballots), ranked */
		if ((rc = ms_measures_charge_work(m, ranking_work(m, nn, total), e)) != 0)
			goto done;
		for (uint32_t i = 0; i < nn; i++)
			who[i].key = state_key(m, &m->run, t, who[i].v);
		qsort(who, nn, sizeof *who, by_standing);
		/* can this state do better than the best so far? (not when its
		 * best voters are those that failed at a later state) */
		uint32_t same = 0;
		for (uint32_t i = 0; i < best - 1; i++)
			same += mark[who[i].v] == 2;
		if (same == best - 1 && tried == best - 1)
			continue;
		for (uint32_t v = 0; v < n; v++)
			mark[v] = 0;
		if ((rc = selects_with(m, p, who, best - 1, false, mark, off, proj, &sel, e)) != 0)
			goto done;
		if (!sel) {
			for (uint32_t i = 0; i < best - 1; i++)
				mark[who[i].v] = 2;
			tried = best - 1;
			continue;
		}
		tried = 0;
		uint32_t lo = 1, hi = best - 1; /* hi selects */
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if ((rc = selects_with(m, p, who, mid, false, mark, off, proj, &sel, e)) != 0)
				goto done;
			if (sel)
				hi = mid;
			else
				lo = mid + 1;
		}
		best = hi;
	}
	out->approvals_status = MS_MEASURE_FOUND;
	out->add_approvals = best;
done:
	m->a->free(m->a->ctx, who);
	m->a->free(m->a->ctx, mark);
	m->a->free(m->a->ctx, off);
	m->a->free(m->a->ctx, proj);
	return rc;
}

/* The worst standing first: the highest loads, the least money left. */
static int by_standing_worst(const void *x, const void *y)
{
	const struct standing *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->v < b->v ? -1 : a->v > b->v;
}

/* lose_approvals (measures.h) of a project p that Phragmén or Equal Shares
 * selects: however many of its approvers drop it, the rule runs as it
 * runs on the election without p (p's approvals count only once it is
 * selected) until p is selected. At a state of that run the approvers
 * who count least for p are those standing worst there (a voter adds to p
 * what it can pay, or the time left before its load reaches the round's),
 * and dropping more of the same only hurts p. So the most that can drop it
 * is the most over the states of the run without p, its end included,
 * each found by binary search: a set that keeps p selected, selected at
 * some state, does no better there than that state's worst as many. */
int ms_measures_lose_states(struct mctx *m, uint32_t p, struct ms_measure *out, struct ms_error *e)
{
	const struct ms_election *el = m->el;
	uint32_t n = el->n_voters, total = n > 0 ? el->vote_off[n] : 0, na = m->appr[p];
	struct ms_measure_states s = {0};
	struct standing *who = ms_alloc_array(m->a, na ? na : 1, sizeof *who);
	uint8_t *mark = ms_alloc_array(m->a, n ? n : 1, 1);
	uint32_t *off = ms_alloc_array(m->a, (size_t)n + 1, sizeof *off);
	uint32_t *proj = ms_alloc_array(m->a, total ? total : 1, sizeof *proj);
	int rc = 0;
	if (!who || !mark || !off || !proj) {
		rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u voters", (unsigned)n);
		goto done;
	}
	memset(mark, 0, n ? n : 1);
	/* the run without p: every approver drops it */
	ms_measures_drop_approvals(el, p, na, off, proj);
	struct ms_election without = m->w;
	without.vote_off = off;
	without.vote_proj = proj;
	if ((rc = make_states(m, &without, &s, e)) != 0)
		goto done;
	uint32_t c = 0;
	for (uint32_t v = 0; v < n; v++)
		for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++)
			if (el->vote_proj[j] == p) {
				who[c++].v = v;
				break;
			}
	uint32_t best = 0; /* none dropping it: selected */
	for (uint32_t t = s.n_rounds; t-- > 0 && best < c;) {
		if ((rc = ms_measures_charge_work(m, ranking_work(m, c, total), e)) != 0)
			goto done;
		for (uint32_t i = 0; i < c; i++)
			who[i].key = state_key(m, &s, t, who[i].v);
		qsort(who, c, sizeof *who, by_standing_worst);
		bool sel;
		if ((rc = selects_with(m, p, who, best + 1, true, mark, off, proj, &sel, e)) != 0)
			goto done;
		if (!sel)
			continue;
		uint32_t lo = best + 1, hi = c; /* lo selects */
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo + 1) / 2;
			if ((rc = selects_with(m, p, who, mid, true, mark, off, proj, &sel, e)) != 0)
				goto done;
			if (sel)
				lo = mid;
			else
				hi = mid - 1;
		}
		best = lo;
	}
	out->lose_status = MS_MEASURE_FOUND;
	out->lose_approvals = best;
done:
	ms_measure_states_fini(m->a, &s);
	m->a->free(m->a->ctx, who);
	m->a->free(m->a->ctx, mark);
	m->a->free(m->a->ctx, off);
	m->a->free(m->a->ctx, proj);
	return rc;
}
