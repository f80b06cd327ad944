/*
 * mes.c — the Method of Equal Shares (rules.h; ../shared/pabulib/README.md,
 * "Method of Equal Shares"), with pabutools' two completions, exact and fast.
 *
 * The rule (pabutools 1.2.3). Every voter starts with a budget t (B/n for
 * plain MES). A supporter of p gets utility u (cost satisfaction: u = 1 and
 * the price is compared per unit of cost; cardinality: u = 1, or the points
 * of cumulative/scoring ballots). Each round, a candidate whose supporters
 * hold less than its cost is dropped for good; for the others the payment
 * per unit of utility is the water level lambda with
 *     sum over supporters of min(budget, lambda * u) = cost,
 * which is what the README's walk over supporters sorted by budget/u finds;
 * rho = lambda / s with s = cost (cost satisfaction) or s = money_scale
 * (cardinality: rho in currency per point, as pabutools prints it). The
 * project with the smallest rho wins (ties: smallest id, el->id_rank) and
 * every supporter pays min(budget, lambda * u). Candidates are the projects
 * of positive total satisfaction and cost > 0; one of positive satisfaction
 * and cost 0 (cardinality only: under cost satisfaction its satisfaction
 * is 0) is selected at the start, as pabutools does.
 *
 * How the files divide it: mes_model.c groups identical ballots (their
 * voters always hold identical budgets); mes_run.c runs the rule at one
 * per-voter budget, on doubles with proven error bounds, lazily
 * recomputing only the cheapest candidate; mes_exact.c takes again in exact
 * arithmetic every decision the bounds cannot certify (a ledger of the
 * selected prices over one common denominator); mes_complete.c runs the
 * completions with certified jumps over the budget steps, then the greedy
 * completion. This file checks the input and puts the outcome together.
 *
 * Output: the selected projects in order; steps SELECTED (rho exact, the
 * budget left B - cost so far, the voters who paid, ascending), DROPPED
 * (when found unaffordable), COMPLETION (greedy, value = its score);
 * mes_budget is the per-voter budget of the completed MES outcome in
 * currency units, exact text.
 *
 * Pure: every array from the caller's allocator; libtommath's big integers
 * from its own malloc (as in rat.c); never aborts. Not thread-shared.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "bignum_internal.h"
#include "mes_internal.h"

static void run_fini(struct run *r)
{
	const struct ms_allocator *a = r->a;
	if (!a)
		return;
	for (uint32_t i = 0; i < r->n_N; i++)
		mp_clear(&r->N[i]);
	for (uint32_t i = 0; i < r->n_xb; i++)
		mp_clear(&r->xb[i]);
	mp_clear_multi(&r->D, &r->T, &r->x1, &r->x2, &r->x3, &r->x4, &r->x5, &r->xM, &r->cM, NULL);
	if (!r->own_lists) { /* the model's */
		r->lg = NULL;
		r->lu = NULL;
	}
	void *arrs[] = {r->g, r->lg, r->lu, r->llen, r->pmask, r->pr, r->alive,
			r->sel, r->sel_pos, r->N, r->wk, r->cls, r->K, r->xi, r->xo, r->xb};
	for (size_t i = 0; i < sizeof arrs / sizeof arrs[0]; i++)
		a->free(a->ctx, arrs[i]);
	memset(r, 0, sizeof *r);
}

/*
 * several: more than one run will be made. Every run compacts the model's
 * own supporter lists (by swapping, so they stay whole for the next run).
 * There are no paid lists: a group above zero paid for every selected
 * project on its ballot, one at zero for those selected before it got
 * there (gst.zero). In this sandbox a first touch of a page costs about
 * 10 us, so memory not allocated is time saved.
 */
static int run_init(struct run *r, const struct ms_allocator *a, struct model *m, bool several,
		    struct ms_error *e)
{
	memset(r, 0, sizeof *r);
	mp_err err = mp_init_multi(&r->D, &r->T, &r->x1, &r->x2, &r->x3, &r->x4, &r->x5, &r->xM, &r->cM, NULL);
	if (err != MP_OKAY)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	r->a = a;
	r->m = m;
	r->e = e;
	r->watch = NONE32;
	uint32_t np = m->np;
	size_t tot = m->p_off[np];
	/* Runs compact the model's own lists by swapping, so a new run only
	 * resets the lengths: no copy even with several runs. */
	(void)several;
	(void)tot;
	r->own_lists = false;
	r->lg = m->p_grp;
	r->lu = m->p_util;
	r->g = ms_alloc_array(a, m->ng, sizeof *r->g);
	r->llen = ms_alloc_array(a, np, sizeof *r->llen);
	if (m->unit && !(r->pmask = ms_alloc_array(a, m->ng, sizeof *r->pmask))) {
		run_fini(r);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	}
	r->pr = ms_alloc_array(a, np, sizeof *r->pr);
	r->alive = ms_alloc_array(a, np, sizeof *r->alive);
	r->sel = ms_alloc_array(a, np, sizeof *r->sel);
	r->sel_pos = ms_alloc_array(a, np, sizeof *r->sel_pos);
	r->N = ms_alloc_array(a, np, sizeof *r->N);
	r->wk = ms_alloc_array(a, m->max_supp, sizeof *r->wk);
	r->cls = ms_alloc_array(a, m->max_supp, sizeof *r->cls);
	r->K = ms_alloc_array(a, np, sizeof *r->K);
	if (!r->g || !r->lg || !r->llen || (m->p_util && !r->lu) ||
	    !r->pr || !r->alive || !r->sel || !r->sel_pos || !r->N || !r->wk || !r->cls || !r->K) {
		run_fini(r);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	}
	for (uint32_t i = 0; i < m->ng; i++)
		r->g[i].w = m->g_w[i];
	a->free(a->ctx, m->g_w); /* the run keeps the weights in r->g */
	m->g_w = NULL;
	return 0;
}

/*
 * After a recorded run: the voters who paid for each paid selection, in
 * ascending order, from the groups' paid lists (one pass over the voters,
 * touching only actual payments); each SELECTED step gets its array.
 */
static int fill_payers(struct run *r, struct ms_outcome *out)
{
	const struct ms_allocator *a = r->a;
	struct model *m = r->m;
	uint32_t ns = r->n_sel, ng = m->ng;
	uint32_t *poff = NULL, *plist = NULL;
	/* the last run is over: its scratch is dead (run_fini frees NULL) */
	a->free(a->ctx, r->wk);
	a->free(a->ctx, r->cls);
	a->free(a->ctx, r->K);
	a->free(a->ctx, r->pr);
	a->free(a->ctx, r->alive);
	r->wk = NULL;
	r->cls = NULL;
	r->K = NULL;
	r->pr = NULL;
	r->alive = NULL;
	uint32_t *cnt = ms_alloc_array(a, ns, sizeof *cnt), *rows = NULL;
	struct ms_step **step = ms_alloc_array(a, ns, sizeof *step);
	int rc = MS_ERR_NOMEM;
	if (!cnt || !step || !(poff = ms_alloc_array(a, (size_t)ng + 2, sizeof *poff)))
		goto out;
	/* The payers are ballots: with grouped ones (election.h), a group's
	 * ballots, not its voters. */
	if (m->el->vote_weight) {
		if (!(rows = ms_alloc_array(a, ng ? ng : 1, sizeof *rows)))
			goto out;
		memset(rows, 0, (size_t)ng * sizeof *rows);
		for (uint32_t v = 0; v < m->nv; v++)
			rows[m->v_group[v]]++;
	}
	memset(cnt, 0, (size_t)ns * sizeof *cnt);
	memset(step, 0, (size_t)ns * sizeof *step);
	memset(poff, 0, ((size_t)ng + 2) * sizeof *poff);
	for (size_t i = 0; i < out->n_steps; i++) {
		struct ms_step *st = &out->steps[i];
		if (st->kind == MS_STEP_SELECTED && st->project < m->np && r->sel_pos[st->project] >= 0)
			step[r->sel_pos[st->project]] = st;
	}
	/*
	 * Group g paid for selection i iff it supports the project of ledger
	 * position i and was above zero then: zero == 0, or i < zero (zero is
	 * one past the selection that took its last money). The supporter
	 * lists are still whole (compaction swaps), so the selected projects'
	 * lists give each group's paid positions (a counting sort by group),
	 * and the pass over the voters touches only payments.
	 */
	for (uint32_t p = 0; p < m->np; p++) {
		int32_t i = r->sel_pos[p];
		if (i < 0)
			continue;
		for (uint32_t k = m->p_off[p]; k < m->p_off[p + 1]; k++) {
			uint32_t g = m->p_grp[k], z = r->g[g].zero;
			if (z == 0 || (uint32_t)i < z) {
				poff[g + 2]++;
				cnt[i] += rows ? rows[g] : r->g[g].w;
			}
		}
	}
	for (uint32_t g = 0; g < ng; g++)
		poff[g + 2] += poff[g + 1];
	if (!(plist = ms_alloc_array(a, poff[ng + 1] ? poff[ng + 1] : 1, sizeof *plist)))
		goto out;
	for (uint32_t p = 0; p < m->np; p++) {
		int32_t i = r->sel_pos[p];
		if (i < 0)
			continue;
		for (uint32_t k = m->p_off[p]; k < m->p_off[p + 1]; k++) {
			uint32_t g = m->p_grp[k], z = r->g[g].zero;
			if (z == 0 || (uint32_t)i < z)
				plist[poff[g + 1]++] = (uint32_t)i;
		}
	}
	/* The supporter lists are dead now: free them before the payer lists
	 * are allocated (the peak of memory). */
	if (r->own_lists) {
		a->free(a->ctx, r->lg);
		a->free(a->ctx, r->lu);
	}
	r->lg = NULL;
	r->lu = NULL;
	a->free(a->ctx, m->p_grp);
	a->free(a->ctx, m->p_util);
	m->p_grp = NULL;
	m->p_util = NULL;
	for (uint32_t i = 0; i < ns; i++) {
		if (!step[i] || cnt[i] == 0)
			continue;
		if (!(step[i]->payers = ms_alloc_array(a, cnt[i], sizeof *step[i]->payers)))
			goto out;
		step[i]->n_payers = 0;
	}
	for (uint32_t v = 0; v < m->nv; v++) {
		uint32_t g = m->v_group[v];
		for (uint32_t j = poff[g], e = poff[g + 1]; j < e; j++) {
			struct ms_step *st = step[plist[j]];
			if (st && st->payers)
				st->payers[st->n_payers++] = v;
		}
	}
	rc = 0;
out:
	a->free(a->ctx, rows);
	a->free(a->ctx, cnt);
	a->free(a->ctx, step);
	a->free(a->ctx, poff);
	a->free(a->ctx, plist);
	return rc;
}

/* The message of a run's failure (the run's functions leave it to the
 * rule's entry points): out of memory or a broken invariant; rc returned. */
static int run_failed(int rc, struct ms_error *e)
{
	if (rc == MS_ERR_NOMEM)
		ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory in the Method of Equal Shares");
	else if (rc == MS_ERR_INTERNAL)
		ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "internal error in the Method of Equal Shares");
	return rc;
}

/* What a call of mes_count wants besides an outcome. */
struct want {
	uint32_t watch; /* NONE32, or: only whether it selects this project, into *sel */
	bool *sel;
	int (*on_round)(void *ctx, const struct run *r); /* ms_mes_rounds */
	void *ctx;
	bool no_payers; /* ms_rule_mes_no_payers */
};

/*
 * The rule: its outcome into out, or (out NULL, no completion) only
 * whether it selects project w->watch, into *w->sel, the run stopped as
 * soon as that is decided, or (w->on_round) the whole run shown to it.
 */
static int mes_count(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		     enum ms_mes_completion completion, bool force_exact, bool stepwise, const struct want *w,
		     struct ms_outcome *out, struct ms_error *e)
{
	uint32_t watch = w->watch;
	if (out)
		ms_outcome_init(out);
	int rc = ms_election_check_grouped(a, el, e);
	if (rc)
		return rc;
	if (sat != MS_SAT_COST && sat != MS_SAT_CARD)
		return ms_failf(e, MS_E_RULE_UNKNOWN_SATISFACTION, "satisfaction", MS_AI(sat));
	if (completion != MS_MES_NONE && completion != MS_MES_EXH1PCT_GREEDY && completion != MS_MES_ADD1_GREEDY)
		return ms_failf(e, MS_E_RULE_UNKNOWN_COMPLETION, "completion", MS_AI(completion));
	if (el->vote_type == MS_VOTE_ORDINAL)
		return ms_rule_wrong_vote_type(e, el, MS_AT("平等份额法", "the Method of Equal Shares"),
					       MS_RULE_CARDINAL_TYPES);
	if (!out && ((!w->on_round && watch >= el->n_projects) || completion != MS_MES_NONE))
		return ms_failf(e, MS_E_COUNT_BAD_CALL, "project", MS_AS("ms_mes_selects"),
				MS_AT("选举中的项目", "a project of the election"));
	struct model m;
	struct run r;
	bool have_run = false;
	mp_int tn, td, tmp;
	if (mp_init_multi(&tn, &td, &tmp, NULL) != MP_OKAY)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	if ((rc = ms_mes_model_build(a, el, sat, &m, e)) != 0) {
		mp_clear_multi(&tn, &td, &tmp, NULL);
		return rc;
	}
	if ((rc = run_init(&r, a, &m, completion != MS_MES_NONE, e)) != 0)
		goto out;
	have_run = true;
	r.force_exact = force_exact;
	r.watch = out || w->on_round ? NONE32 : watch;
	r.on_round = w->on_round;
	r.on_round_ctx = w->ctx;
	struct search s = {0, 1};
	if (completion != MS_MES_NONE && (rc = ms_mes_search_budget(&r, completion, stepwise, &s)) != 0)
		goto out;
	r.out = out;
	if ((rc = ms_mes_step_budget(el, completion, s.j_final, &tn, &td, &tmp)) != 0 ||
	    (rc = ms_mes_run(&r, &tn, &td, NULL)) != 0)
		goto out;
	if (!out) {
		if (w->sel)
			*w->sel = r.pr[watch].state == ST_SELECTED;
		goto out;
	}
	if (!w->no_payers && (rc = fill_payers(&r, out)) != 0)
		goto out;
	r.out = NULL;
	if (completion != MS_MES_NONE) {
		out->mes_iterations = s.iterations;
		/* per-voter budget in currency units */
		mp_err err = ms_mp_mul_u64(&td, (uint64_t)(el->money_scale > 0 ? el->money_scale : 1), &td, &tmp);
		if (err != MP_OKAY) {
			rc = ms_mp_rc(err);
			goto out;
		}
		if (!(out->mes_budget = ms_mes_frac_text(a, &tn, &td, &rc)))
			goto out;
		if ((rc = ms_mes_complete_greedy(a, &m, out, e)) != 0)
			goto out;
	}
	rc = 0;
out:
	if (rc) {
		run_failed(rc, e);
		if (out)
			ms_outcome_fini(a, out);
	}
	if (have_run)
		run_fini(&r);
	ms_mes_model_fini(a, &m);
	mp_clear_multi(&tn, &td, &tmp, NULL);
	return rc;
}

int ms_mes_rule_opts(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		     enum ms_mes_completion completion, bool force_exact, bool stepwise, struct ms_outcome *out,
		     struct ms_error *e)
{
	if (!out)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_rule_mes", "ms_rule_mes"),
				MS_AT("结果存放位置", "an outcome"));
	struct want w = {NONE32, NULL, NULL, NULL, false};
	return mes_count(a, el, sat, completion, force_exact, stepwise, &w, out, e);
}

int ms_mes_selects(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat, uint32_t p,
		   bool *sel, struct ms_error *e)
{
	*sel = false;
	struct want w = {p, sel, NULL, NULL, false};
	return mes_count(a, el, sat, MS_MES_NONE, false, false, &w, NULL, e);
}

int ms_mes_rounds(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		  int (*fn)(void *ctx, const struct run *r), void *ctx, struct ms_error *e)
{
	if (!fn)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AS("ms_mes_rounds"), MS_AT("回调", "a callback"));
	struct want w = {NONE32, NULL, fn, ctx, false};
	return mes_count(a, el, sat, MS_MES_NONE, false, false, &w, NULL, e);
}

int ms_rule_mes(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		enum ms_mes_completion completion, struct ms_outcome *out, struct ms_error *e)
{
	return ms_mes_rule_opts(a, el, sat, completion, false, false, out, e);
}

int ms_rule_mes_no_payers(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
			  struct ms_outcome *out, struct ms_error *e)
{
	if (!out)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_rule_mes_no_payers", "ms_rule_mes_no_payers"),
				MS_AT("结果存放位置", "an outcome"));
	struct want w = {NONE32, NULL, NULL, NULL, true};
	return mes_count(a, el, sat, MS_MES_NONE, false, false, &w, out, e);
}

int ms_mes_probe_init(struct ms_mes_probe *pb, const struct ms_allocator *a, const struct ms_election *el_top,
		      uint32_t p, uint32_t top, struct ms_error *e)
{
	memset(pb, 0, sizeof *pb);
	int rc = ms_election_check(a, el_top, e);
	if (rc)
		return rc;
	if (p >= el_top->n_projects || top == 0 || top > el_top->n_voters || el_top->cost[p] <= 0)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, "project", MS_AS("ms_mes_probe_init"),
				MS_AT("选举中的项目", "a project of the election"));
	pb->a = a;
	pb->el = *el_top;
	pb->p = p;
	pb->top = top;
	pb->n = el_top->n_voters - top;
	if (mp_init_multi(&pb->tn, &pb->td, &pb->tmp, NULL) != MP_OKAY)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	pb->have_mp = true;
	if ((rc = ms_mes_model_build(a, &pb->el, MS_SAT_COST, &pb->m, e)) != 0)
		return rc;
	pb->have_model = true;
	if ((rc = run_init(&pb->r, a, &pb->m, true, e)) != 0)
		return rc;
	pb->have_run = true;
	/* the added voters' group (those who approve p alone already in it too) */
	pb->group = pb->m.v_group[el_top->n_voters - 1];
	pb->w0 = pb->r.g[pb->group].w - top;
	pb->W0 = pb->m.p_W[p] - top;
	pb->U0 = pb->m.p_U[p] - top;
	return 0;
}

int ms_mes_probe_selects(struct ms_mes_probe *pb, uint32_t k, bool *sel, struct ms_error *e)
{
	*sel = false;
	if (k == 0 || k > pb->top)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, "k", MS_AS("ms_mes_probe_selects"),
				MS_AT("1 至所加选民数之间的数", "a number from 1 to the voters added"));
	pb->el.n_voters = pb->n + k;
	pb->m.nv = pb->n + k;
	pb->r.g[pb->group].w = pb->w0 + k;
	pb->m.p_W[pb->p] = pb->W0 + k;
	pb->m.p_U[pb->p] = pb->U0 + k;
	pb->r.watch = pb->p;
	pb->r.e = e;
	int rc;
	if ((rc = ms_mes_step_budget(&pb->el, MS_MES_NONE, 0, &pb->tn, &pb->td, &pb->tmp)) != 0 ||
	    (rc = ms_mes_run(&pb->r, &pb->tn, &pb->td, NULL)) != 0)
		return run_failed(rc, e);
	*sel = pb->r.pr[pb->p].state == ST_SELECTED;
	return 0;
}

void ms_mes_probe_fini(struct ms_mes_probe *pb)
{
	if (pb->have_run)
		run_fini(&pb->r);
	if (pb->have_model)
		ms_mes_model_fini(pb->a, &pb->m);
	if (pb->have_mp)
		mp_clear_multi(&pb->tn, &pb->td, &pb->tmp, NULL);
	memset(pb, 0, sizeof *pb);
}
