/*
 * mes_complete.c — the completions of the Method of Equal Shares
 * (mes_internal.h): pabutools' exh1pct and add1, then the greedy completion.
 *
 * exh1pct runs MES with total budget B + j*B/100 and add1 with per-voter
 * budget B/n + k (k in currency units), and stop at the first step whose
 * outcome costs more than B (return the previous step's outcome) or is
 * exhaustive (return it); exh1pct also stops past B*(n+1). The outcome is a
 * step function of t, and a step whose outcome equals the previous one can
 * never stop the loop, so only the steps where the outcome may change have
 * to be run. The jump rests on monotonicity: along a fixed sequence of
 * winners, every budget is nondecreasing in t and every rho nonincreasing
 * (induction over the rounds: the water level falls when budgets rise, and
 * max(0, b - lambda*u) rises). So if the run at t_k selects the same
 * projects in the same order as the run at t_j < t_k and in every round r
 * each other live candidate q has (rho_q(t_k), id_q) > (rho_p(t_j), id_p)
 * for the winner p, then at every t in [t_j, t_k] p still beats q in round r
 * (rho_p(t) <= rho_p(t_j), rho_q(t) >= rho_q(t_k)); candidates unaffordable
 * at t_k are unaffordable below it, and the winner affordable at t_j stays
 * affordable above it. The run at t_k checks this certificate as it goes
 * (refreshing any competitor whose lower bound is not clearly above the
 * reference price). From step j the driver searches for the next step
 * whose winners may differ: exponential search from a first stride of half
 * the previous stretch's length, then binary search below the smallest
 * probe that failed; the step j+1 is taken for real when its probe fails
 * (a probe further away stops at its first failing round). It returns
 * exactly what the stepwise definition returns, with O(log) runs per
 * stretch of equal winner sequences instead of one per step;
 * mes_iterations is the number of steps the definition visits. The
 * certificate asks for the same order of winners, which changes more often
 * than the selected set (Toulouse 2022, add1: 665 order changes, 57 set
 * changes in 1,618 steps): a certificate on sets would jump further. With
 * B = 0 pabutools' exh1pct never ends (its budget never passes
 * B*(n+1) = 0); here it stops at j = 100n like any other.
 *
 * After that, the greedy completion (same satisfaction: cost -> supporters,
 * cardinality -> points per cost) fills the real budget.
 */
#include "mes_internal.h"

#include <stdlib.h>
#include <string.h>

#include "bignum_internal.h"

__extension__ typedef __int128 mes_i128;

/* ---- the certificate -------------------------------------------------------- */

static void trace_fini(const struct ms_allocator *a, struct trace *t)
{
	for (uint32_t i = 0; i < t->n_init; i++)
		mp_clear_multi(&t->num[i], &t->den[i], NULL);
	a->free(a->ctx, t->win);
	a->free(a->ctx, t->rho);
	a->free(a->ctx, t->err);
	a->free(a->ctx, t->num);
	a->free(a->ctx, t->den);
	memset(t, 0, sizeof *t);
}

static int trace_init(const struct ms_allocator *a, struct trace *t, uint32_t np)
{
	memset(t, 0, sizeof *t);
	t->win = ms_alloc_array(a, np, sizeof *t->win);
	t->rho = ms_alloc_array(a, np, sizeof *t->rho);
	t->err = ms_alloc_array(a, np, sizeof *t->err);
	t->num = ms_alloc_array(a, np, sizeof *t->num);
	t->den = ms_alloc_array(a, np, sizeof *t->den);
	if (!t->win || !t->rho || !t->err || !t->num || !t->den) {
		trace_fini(a, t);
		return MS_ERR_NOMEM;
	}
	return 0;
}

/* The certificate for round n_sel with winner p (see the top of the file). */
int ms_mes_cert_check(struct run *r, uint32_t p)
{
	const struct trace *ref = r->ref;
	uint32_t i = r->n_sel;
	if (i >= ref->n || ref->win[i] != p) {
		r->cert = false;
		return 0;
	}
	double rhi = ref->rho[i] + ref->err[i];
	for (uint32_t x = 0; x < r->n_alive && r->cert; x++) {
		uint32_t q = r->alive[x];
		while (q != p && r->pr[q].state == ST_ALIVE) {
			const struct prj *pq = &r->pr[q];
			if (pq->lb - pq->err > rhi)
				break;
			if (pq->fresh != r->n_sel) {
				int rc = ms_mes_refresh(r, q);
				if (rc)
					return rc;
				continue;
			}
			bool below;
			int rc = ms_mes_below_ref(r, q, p, &ref->num[i], &ref->den[i], &below);
			if (rc)
				return rc;
			if (below)
				r->cert = false;
			break;
		}
	}
	return 0;
}

/* ---- the budget steps --------------------------------------------------------- */

/* Per-voter budget of step j: exh1pct B(100+j)/(100n), add1 B/n + j*scale. */
int ms_mes_step_budget(const struct ms_election *el, enum ms_mes_completion c, uint64_t j, mp_int *tn, mp_int *td,
		       mp_int *tmp)
{
	uint64_t n = ms_election_voters(el);
	if (n == 0) {
		mp_zero(tn);
		mp_set_u64(td, 1);
		return 0;
	}
	mp_set_u64(tn, (uint64_t)el->budget);
	if (c == MS_MES_EXH1PCT_GREEDY) {
		mp_set_u64(tmp, j);
		MS_MP_TRY(mp_add_d(tmp, 100, tmp));
		MS_MP_TRY(mp_mul(tn, tmp, tn));
		mp_set_u64(td, n);
		MS_MP_TRY(mp_mul_d(td, 100, td));
	} else if (c == MS_MES_ADD1_GREEDY) {
		mp_set_u64(tmp, j);
		MS_MP_TRY(ms_mp_mul_u64(tmp, n, tmp, td));
		MS_MP_TRY(ms_mp_mul_u64(tmp, (uint64_t)(el->money_scale > 0 ? el->money_scale : 1), tmp, td));
		MS_MP_TRY(mp_add(tn, tmp, tn));
		mp_set_u64(td, n);
	} else {
		mp_set_u64(td, n);
	}
	return 0;
}

/* Does the outcome stop the stepwise loop? 1 infeasible, 2 exhaustive, 0 no. */
static int stop_kind(const struct run *r, enum ms_mes_completion c, uint8_t *mark)
{
	const struct model *m = r->m;
	const struct ms_election *el = m->el;
	if (r->cost_sel > el->budget)
		return 1;
	memset(mark, 0, m->np);
	for (uint32_t i = 0; i < r->n_all; i++)
		mark[r->sel[i]] = 1;
	int64_t left = el->budget - r->cost_sel;
	for (uint32_t p = 0; p < m->np; p++) {
		if (mark[p])
			continue;
		if (c == MS_MES_ADD1_GREEDY && m->p_kind[p] != KIND_CAND)
			continue;
		if (el->cost[p] <= left)
			return 0;
	}
	return 2;
}

/* The stepwise definition, with certified jumps (stepwise: no jumps). */
int ms_mes_search_budget(struct run *r, enum ms_mes_completion c, bool stepwise, struct search *res)
{
	const struct ms_allocator *a = r->a;
	const struct ms_election *el = r->m->el;
	struct trace tr[2];
	mp_int tn, td, tmp;
	int rc = MS_ERR_NOMEM;
	uint8_t *mark = ms_alloc_array(a, r->m->np, 1);
	bool have_tr[2] = {false, false};
	if (mp_init_multi(&tn, &td, &tmp, NULL) != MP_OKAY) {
		a->free(a->ctx, mark);
		return MS_ERR_NOMEM;
	}
	if (!mark || trace_init(a, &tr[0], r->m->np) != 0)
		goto out;
	have_tr[0] = true;
	if (trace_init(a, &tr[1], r->m->np) != 0)
		goto out;
	have_tr[1] = true;
	bool capped = c == MS_MES_EXH1PCT_GREEDY;
	uint64_t jmax = ms_election_voters(el) * 100; /* exh1pct: B(1 + j/100) <= B(n+1) */
	uint64_t j = 0, prev = 0, start = 0, guess = 1;
	int cur = 0;
	r->tr = &tr[cur];
	if ((rc = ms_mes_step_budget(el, c, 0, &tn, &td, &tmp)) != 0 || (rc = ms_mes_run(r, &tn, &td, NULL)) != 0)
		goto out;
	for (;;) {
		int stop = stop_kind(r, c, mark);
		if (stop == 1) {
			res->j_final = prev;
			res->iterations = j + 1;
			break;
		}
		if (stop == 2 || (capped && j >= jmax)) {
			res->j_final = j;
			res->iterations = j + 1;
			break;
		}
		/*
		 * Find the next step whose outcome may differ: exponential search
		 * from a first stride of half the last stretch's length, then
		 * binary search below the smallest probe known to fail (limit).
		 */
		uint64_t stride = stepwise ? 1 : guess, limit = UINT64_MAX;
		for (;;) {
			uint64_t k = j + stride;
			if (capped && k > jmax)
				k = jmax;
			if (limit != UINT64_MAX && k >= limit)
				k = limit - 1 > j ? limit - 1 : j + 1;
			r->tr = &tr[1 - cur];
			r->abort_uncertified = k > j + 1;
			if ((rc = ms_mes_step_budget(el, c, k, &tn, &td, &tmp)) != 0 ||
			    (rc = ms_mes_run(r, &tn, &td, stepwise ? NULL : &tr[cur])) != 0)
				goto out;
			if (!stepwise && r->cert) {
				/* Same winners at every step in [j, k]: none stops. */
				cur = 1 - cur;
				j = k;
				if (capped && j >= jmax)
					break;
				if (limit != UINT64_MAX && limit > j + 1) {
					stride = (limit - j) / 2 > 1 ? (limit - j) / 2 : 1;
				} else if (limit != UINT64_MAX) {
					limit = UINT64_MAX; /* next: the step right below it */
					stride = 1;
				} else if (stride < ((uint64_t)1 << 62)) {
					stride *= 2;
				}
				continue;
			}
			if (k == j + 1) { /* the next step, taken for real */
				cur = 1 - cur;
				prev = j;
				j = k;
				guess = (j - start) / 2 > 1 ? (j - start) / 2 : 1;
				start = j;
				break;
			}
			limit = k; /* the winners may change within (j, k]: look closer */
			stride = (k - j) / 2 > 1 ? (k - j) / 2 : 1;
		}
	}
	rc = 0;
out:
	r->tr = NULL;
	r->abort_uncertified = false;
	if (have_tr[0])
		trace_fini(a, &tr[0]);
	if (have_tr[1])
		trace_fini(a, &tr[1]);
	mp_clear_multi(&tn, &td, &tmp, NULL);
	a->free(a->ctx, mark);
	return rc;
}

struct gitem {
	uint64_t num;  /* score = num / den: cost satisfaction supporters / 1 (the */
	int64_t den;   /* total cost(p) * supporters over cost(p)); cardinality points / cost */
	int64_t cost;
	uint32_t rank, project;
	int cls;       /* 2 +inf, 1 finite positive, 0 zero */
};

static int gitem_cmp(const void *x, const void *y)
{
	const struct gitem *a = x, *b = y;
	if (a->cls != b->cls)
		return a->cls > b->cls ? -1 : 1;
	if (a->cls == 1) {
		mes_i128 l = (mes_i128)a->num * b->den, rr = (mes_i128)b->num * a->den;
		if (l != rr)
			return l > rr ? -1 : 1;
	}
	return a->rank < b->rank ? -1 : (a->rank > b->rank ? 1 : 0);
}

/* Greedy completion from the outcome in out with the real budget. */
int ms_mes_complete_greedy(const struct ms_allocator *a, const struct model *m, struct ms_outcome *out,
			   struct ms_error *e)
{
	const struct ms_election *el = m->el;
	int rc = 0;
	uint8_t *mark = ms_alloc_array(a, m->np, 1);
	struct gitem *it = ms_alloc_array(a, m->np, sizeof *it);
	if (!mark || !it) {
		rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory completing MES");
		goto out;
	}
	memset(mark, 0, m->np);
	for (uint32_t i = 0; i < out->n_selected; i++)
		mark[out->selected[i]] = 1;
	uint32_t n = 0;
	for (uint32_t p = 0; p < m->np; p++) {
		if (mark[p])
			continue;
		struct gitem *g = &it[n++];
		g->num = m->p_U[p];
		g->den = m->sat == MS_SAT_COST ? 1 : el->cost[p];
		g->cost = el->cost[p];
		g->rank = el->id_rank[p];
		g->project = p;
		g->cls = g->num == 0 ? 0 : (g->den == 0 ? 2 : 1);
	}
	qsort(it, n, sizeof *it, gitem_cmp);
	for (uint32_t i = 0; i < n; i++) {
		const struct gitem *g = &it[i];
		if (g->cost > el->budget - out->total_cost)
			continue;
		if ((rc = ms_outcome_select(a, out, g->project, g->cost, e)) != 0)
			goto out;
		/* value: cost satisfaction the supporters; cardinality points per currency unit */
		struct ms_rat v = MS_RAT_ZERO;
		const char *txt = NULL;
		if (g->cls == 2)
			txt = "inf";
		else if (m->sat == MS_SAT_COST || g->cls == 0)
			rc = ms_rat_set_i64(&v, (int64_t)g->num, 1);
		else if ((rc = ms_rat_set_i64(&v, (int64_t)g->num, g->den)) == 0)
			rc = ms_rat_mul_i64(&v, &v, el->money_scale > 0 ? el->money_scale : 1);
		if (rc == 0)
			rc = txt ? ms_outcome_add_step_text(a, out, MS_STEP_COMPLETION, g->project, txt,
							    el->budget - out->total_cost, NULL, 0, e)
				 : ms_outcome_add_step(a, out, MS_STEP_COMPLETION, g->project, &v,
						       el->budget - out->total_cost, NULL, 0, e);
		else
			rc = ms_error_set(e, rc, NULL, NULL, "out of memory completing MES");
		ms_rat_fini(&v);
		if (rc)
			goto out;
	}
out:
	a->free(a->ctx, mark);
	a->free(a->ctx, it);
	return rc;
}
