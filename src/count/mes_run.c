/*
 * mes_run.c — one run of the Method of Equal Shares at a per-voter budget t
 * (mes_internal.h): rounds of prices and selections over the ballot groups.
 *
 * rho of a project only grows as budgets fall, so every candidate keeps a
 * lower bound (its last rho) and only the smallest is recomputed, lazily. A
 * recomputation gathers the live supporters' budgets (groups found at zero
 * leave the project's list) and finds the water level by Newton's iteration
 * from below, started at the project's previous level (usually one or two
 * passes). Budgets and prices are doubles with a proven bound on their
 * error (budget_err_bound, refresh); a decision is taken on doubles only when
 * the bound certifies it, otherwise again in exact arithmetic (mes_exact.c).
 * Ties that are exact (equal rho) are always resolved exactly, by id.
 */
#include "mes_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bignum_internal.h"

static double dabs(double x)
{
	return x < 0 ? -x : x;
}

/*
 * Error bound of the double budgets. A budget starts as t_d (relative error
 * LAMBDA_REL) and loses u*lambda_d per paid selection, where lambda_d comes
 * from the exact ledger (relative error LAMBDA_REL) and u*lambda <= b <= t;
 * the product and the difference add one rounding each. So after k paid
 * selections every non-zero budget is within
 *     t * (LAMBDA_REL + k * (LAMBDA_REL + 2 EPS))
 * of its exact value (zero budgets are exact). Inflated a little for the
 * rounding of this very formula.
 */
static double budget_err_bound(const struct run *r)
{
	return r->t_d * (1.0 + 2 * LAMBDA_REL) * (LAMBDA_REL + (double)r->n_sel * (LAMBDA_REL + 2 * EPS)) * 1.0625;
}

static void drop(struct run *r, uint32_t q)
{
	r->pr[q].state = ST_DROPPED;
}

static int record_drop(struct run *r, uint32_t q)
{
	drop(r, q);
	if (!r->out)
		return 0;
	return ms_outcome_add_step(r->a, r->out, MS_STEP_DROPPED, q, NULL, r->m->el->budget - r->cost_sel, NULL, 0,
				   r->e);
}

static void set_fresh(struct run *r, uint32_t q, double lam, double errlam, bool exact)
{
	struct prj *pr = &r->pr[q];
	double s = (double)r->m->p_s[q];
	pr->lam = lam;
	pr->lb = lam / s;
	pr->err = (errlam / s + 3 * EPS * pr->lb) * 1.0625;
	pr->fresh = r->n_sel;
	pr->exact = exact;
}

static int refresh_exact(struct run *r, uint32_t q)
{
	bool afford;
	uint64_t U;
	int rc = ms_mes_exact_walk(r, q, &afford, &U, NULL);
	if (rc)
		return rc;
	if (!afford)
		return record_drop(r, q);
	MS_MP_TRY(mp_mul_d(&r->D, (mp_digit)U, &r->x1));
	double lam = ms_mes_ratio(&r->xM, &r->x1);
	set_fresh(r, q, lam, LAMBDA_REL * lam, true);
	return 0;
}

/*
 * Recompute rho of candidate q (or drop it). Doubles first, with these
 * bounds (Eb: budget error bound; sums of n nonnegative terms are within
 * n*EPS of their value; the weights and utilities are exact integers):
 *   total supporters' money: W*Eb + (n+2)*EPS*total;
 *   the water level lambda = (c - P)/U over the capped set (P: their money,
 *   U: the others' utility, exact): |P error| <= Wcap*Eb + (ncap+2)*EPS*P,
 *   and lambda's error follows. The partition is certified when every
 *   capped key (budget/u, error <= Eb + 2 EPS key) is surely below lambda
 *   and every other surely at or above it; then lambda = (c - P)/U exactly
 *   for the exact P of that partition. Otherwise: exact walk.
 */
int ms_mes_refresh(struct run *r, uint32_t q)
{
	const struct model *m = r->m;
	if (r->force_exact)
		return refresh_exact(r, q);
	uint32_t off = m->p_off[q], len = r->llen[q], n = 0;
	double c = (double)m->el->cost[q], ec = EPS * c;
	double lam0 = c / (double)m->p_U[q];
	/*
	 * lambda only rises round after round, so the last one (a little
	 * lowered for its rounding) is a start from below for Newton; the
	 * first pass, which gathers the supporters, already classifies them.
	 */
	double thr = r->pr[q].fresh != NEVER ? r->pr[q].lam * (1 - 1e-9) : 0;
	if (thr < lam0)
		thr = lam0;
	double Eb = r->Eb, total = 0, wsum = 0, unz = 0;
	double paid = 0, wcap = 0, maxcap = -INFINITY, minunc = INFINITY;
	uint32_t ncap = 0, nlive = 0;
	struct wk *wk = r->wk;
	uint32_t *lg = r->lg + off;
	/* A supporter below thr is capped for good in this refresh (lambda only
	 * rises from thr): it goes straight into the sums; only the others are
	 * kept in wk, for Newton's passes to classify again. */
	for (uint32_t k = 0; k < len;) {
		const struct gst *gs = &r->g[lg[k]];
		if (gs->zero) { /* at zero for good: off the live list (swapped past its end,
				  * so the segment stays a permutation for the next run) */
			uint32_t tg = lg[k];
			lg[k] = lg[--len];
			lg[len] = tg;
			if (r->lu) {
				int64_t tu = r->lu[off + k];
				r->lu[off + k] = r->lu[off + len];
				r->lu[off + len] = tu;
			}
			continue;
		}
		double w = (double)gs->w, key = gs->b, wu = w;
		if (r->lu) {
			double u = (double)r->lu[off + k];
			key = gs->b / u;
			wu = w * u;
		}
		k++;
		nlive++;
		total += gs->b * w;
		wsum += w;
		unz += wu;
		if (key < thr) {
			paid += key * wu;
			wcap += wu;
			ncap++;
			maxcap = key > maxcap ? key : maxcap;
		} else {
			wk[n].key = key;
			wk[n].wu = wu;
			n++;
			minunc = key < minunc ? key : minunc;
		}
	}
	r->llen[q] = len;
	double etot = wsum * Eb + (nlive + 2) * EPS * dabs(total);
	if (total + etot < c - ec)
		return record_drop(r, q);
	if (!(total - etot > c + ec))
		return refresh_exact(r, q);
	double uh = unz - wcap;
	/* Newton from below (pabutools' poor/rich step): with the partition
	 * "capped: key < thr", lambda' = (c - P)/U >= thr (f is concave), and
	 * no key in [thr, lambda') means the fixed point. Each pass caps more
	 * supporters (moved into the sums, the rest kept); rounding could in
	 * principle make it wander, so after a few passes the exact walk
	 * decides (never seen on real data). The sums are of the same terms as
	 * a pass over every supporter would add, in another order: the error
	 * bounds below hold for any order. */
	bool conv = uh > 0 && minunc >= (c - paid) / uh && maxcap < (c - paid) / uh;
	for (int it = 0; !conv && uh > 0 && it < 24; it++) {
		thr = (c - paid) / uh;
		double p0 = 0, w0 = 0, mx = maxcap, mn = INFINITY;
		uint32_t m = 0, nc = 0;
		for (uint32_t i = 0; i < n; i++) {
			double k0 = wk[i].key, u0 = wk[i].wu;
			if (k0 < thr) {
				p0 += k0 * u0;
				w0 += u0;
				nc++;
				mx = k0 > mx ? k0 : mx;
			} else {
				wk[m++] = wk[i];
				mn = k0 < mn ? k0 : mn;
			}
		}
		conv = nc == 0;
		n = m;
		paid += p0;
		wcap += w0;
		uh = unz - wcap;
		ncap += nc;
		maxcap = mx;
		minunc = mn;
	}
	if (!conv)
		return refresh_exact(r, q);
	if (uh > 0) {
		double num = c - paid;
		double enum_ = wcap * Eb + (ncap + 3) * EPS * dabs(paid) + ec + EPS * dabs(num);
		double lam = num / uh, elam = (enum_ / uh + EPS * dabs(lam)) * 1.0625;
		bool ok = lam > 0 && minunc - Eb - 2 * EPS * dabs(minunc) > lam + elam;
		if (ok && ncap > 0)
			ok = maxcap + Eb + 2 * EPS * dabs(maxcap) < lam - elam;
		if (ok) {
			set_fresh(r, q, lam, elam, false);
			return 0;
		}
	}
	return refresh_exact(r, q);
}

static int add_selected(struct run *r, uint32_t p)
{
	r->sel[r->n_all++] = p;
	r->cost_sel += r->m->el->cost[p];
	if (r->out)
		return ms_outcome_select(r->a, r->out, p, r->m->el->cost[p], r->e);
	return 0;
}

/* Select candidate p (fresh, the winner of round n_sel): pay, ledger, record. */
static int do_select(struct run *r, uint32_t p)
{
	const struct model *m = r->m;
	uint32_t off = m->p_off[p], cnt = r->llen[p];
	uint64_t U;
	int rc = ms_mes_exact_lambda(r, p, &U, r->cls);
	if (rc)
		return rc;
	/* Ledger: lambda = xM / (U*D); with g = gcd(xM, U), D' = D*U/g. */
	mp_digit rem = 0;
	uint64_t gc = U;
	if (U <= (uint64_t)MP_MASK) {
		MS_MP_TRY(mp_mod_d(&r->xM, (mp_digit)U, &rem));
		gc = ms_gcd_u64(U, (uint64_t)rem);
	} else {
		mp_set_u64(&r->x1, U);
		MS_MP_TRY(mp_gcd(&r->xM, &r->x1, &r->x2));
		gc = mp_get_mag_u64(&r->x2);
	}
	uint64_t f = U / gc;
	if (r->n_N <= r->n_sel) {
		MS_MP_TRY(mp_init(&r->N[r->n_sel]));
		r->n_N++;
	}
	mp_int *Np = &r->N[r->n_sel];
	if (gc > 1) {
		MS_MP_TRY(mp_div_d(&r->xM, (mp_digit)gc, Np, NULL));
	} else {
		MS_MP_TRY(mp_copy(&r->xM, Np));
	}
	if (f > 1) {
		MS_MP_TRY(ms_mp_mul_u64(&r->D, f, &r->D, &r->x4));
		MS_MP_TRY(ms_mp_mul_u64(&r->T, f, &r->T, &r->x4));
		for (uint32_t i = 0; i < r->n_sel; i++)
			MS_MP_TRY(ms_mp_mul_u64(&r->N[i], f, &r->N[i], &r->x4));
	}
	double lam = ms_mes_ratio(Np, &r->D);
	/* Payments. */
	for (uint32_t k = 0; k < cnt; k++) {
		uint32_t g = r->lg[off + k];
		struct gst *gs = &r->g[g];
		switch (r->cls[k]) {
		case 0:
			gs->b -= (r->lu ? (double)r->lu[off + k] : 1.0) * lam;
			if (r->pmask && r->n_sel < 32)
				r->pmask[g] |= (uint32_t)1 << r->n_sel;
			break;
		case 1:
		case 3: /* pays all it has (and pays for nothing after this one) */
			gs->b = 0;
			gs->zero = r->n_sel + 1;
			if (r->pmask && r->n_sel < 32)
				r->pmask[g] |= (uint32_t)1 << r->n_sel;
			break;
		default:
			break;
		}
	}
	r->sel_pos[p] = (int32_t)r->n_sel;
	r->pr[p].state = ST_SELECTED;
	/* rho = N / (D * s) */
	if (r->tr || r->out) {
		MS_MP_TRY(ms_mp_mul_u64(&r->D, (uint64_t)m->p_s[p], &r->x3, &r->x4));
	}
	if (r->tr) {
		struct trace *t = r->tr;
		uint32_t i = t->n;
		if (t->n_init <= i) {
			MS_MP_TRY(mp_init_multi(&t->num[i], &t->den[i], NULL));
			t->n_init++;
		}
		MS_MP_TRY(mp_copy(Np, &t->num[i]));
		MS_MP_TRY(mp_copy(&r->x3, &t->den[i]));
		t->win[i] = p;
		t->rho[i] = lam / (double)m->p_s[p];
		t->err[i] = (LAMBDA_REL + 3 * EPS) * t->rho[i];
		t->n++;
	}
	r->n_sel++;
	r->Eb = budget_err_bound(r);
	if ((rc = add_selected(r, p)) != 0)
		return rc;
	if (r->out) {
		char *text = ms_mes_frac_text(r->a, Np, &r->x3, &rc);
		if (!text)
			return rc;
		rc = ms_outcome_add_step_text(r->a, r->out, MS_STEP_SELECTED, p, text, m->el->budget - r->cost_sel,
					      NULL, 0, r->e); /* payers: fill_payers() */
		r->a->free(r->a->ctx, text);
		if (rc)
			return rc;
	}
	return 0;
}

/* Smallest (rho, id) among the live candidates, exactly; NONE32 when none. */
static int round_winner(struct run *r, uint32_t *winner)
{
	const struct model *m = r->m;
	const uint32_t *rank = m->el->id_rank;
	for (;;) {
		uint32_t w = 0;
		for (uint32_t x = 0; x < r->n_alive; x++)
			if (r->pr[r->alive[x]].state == ST_ALIVE)
				r->alive[w++] = r->alive[x];
		r->n_alive = w;
		uint32_t best = NONE32;
		for (uint32_t x = 0; x < w; x++) {
			uint32_t q = r->alive[x];
			if (best == NONE32 || r->pr[q].lb < r->pr[best].lb ||
			    (r->pr[q].lb == r->pr[best].lb && rank[q] < rank[best]))
				best = q;
		}
		if (best == NONE32) {
			*winner = NONE32;
			return 0;
		}
		if (r->pr[best].fresh != r->n_sel) {
			int rc = ms_mes_refresh(r, best);
			if (rc)
				return rc;
			continue;
		}
		double hi = r->pr[best].lb + r->pr[best].err;
		bool again = false;
		for (uint32_t x = 0; x < w; x++) {
			uint32_t q = r->alive[x];
			if (q == best || r->pr[q].state != ST_ALIVE || r->pr[q].lb - r->pr[q].err > hi)
				continue;
			if (r->pr[q].fresh != r->n_sel) {
				int rc = ms_mes_refresh(r, q);
				if (rc)
					return rc;
				again = true;
			}
		}
		if (again)
			continue;
		/* Near ties: all fresh; decide exactly. */
		uint32_t win = best;
		uint64_t Uw = 0;
		bool have = false;
		for (uint32_t x = 0; x < w; x++) {
			uint32_t q = r->alive[x];
			if (q == best || r->pr[q].lb - r->pr[q].err > hi)
				continue;
			int rc, c;
			if (!have) {
				if ((rc = ms_mes_exact_lambda(r, win, &Uw, NULL)) != 0)
					return rc;
				MS_MP_TRY(mp_copy(&r->xM, &r->cM));
				have = true;
			}
			uint64_t Uq;
			if ((rc = ms_mes_exact_lambda(r, q, &Uq, NULL)) != 0)
				return rc;
			if ((rc = ms_mes_cmp_rho(r, &r->xM, Uq, q, &r->cM, Uw, win, &c)) != 0)
				return rc;
			if (c < 0 || (c == 0 && rank[q] < rank[win])) {
				win = q;
				Uw = Uq;
				MS_MP_TRY(mp_copy(&r->xM, &r->cM));
			}
		}
		*winner = win;
		return 0;
	}
}

/*
 * Run MES at per-voter budget tn/td (td > 0, tn >= 0). ref: certificate
 * reference (NULL: none; r->cert tells the result); r->tr, r->out: what to
 * record. The outcome is r->sel[0..n_all), costing r->cost_sel.
 */
int ms_mes_run(struct run *r, const mp_int *tn, const mp_int *td, const struct trace *ref)
{
	const struct model *m = r->m;
	int rc;
	MS_MP_TRY(mp_copy(td, &r->D));
	MS_MP_TRY(mp_copy(tn, &r->T));
	r->t_d = ms_mes_ratio(tn, td);
	r->n_sel = 0;
	r->n_all = 0;
	r->cost_sel = 0;
	r->n_alive = 0;
	r->ref = ref;
	r->cert = ref != NULL;
	if (r->tr)
		r->tr->n = 0;
	r->Eb = budget_err_bound(r);
	bool broke = mp_iszero(tn);
	for (uint32_t g = 0; g < m->ng; g++) {
		r->g[g].b = broke ? 0.0 : r->t_d;
		r->g[g].zero = broke ? 1 : 0;
		if (r->pmask)
			r->pmask[g] = 0;
	}
	for (uint32_t p = 0; p < m->np; p++) {
		struct prj *pr = &r->pr[p];
		r->sel_pos[p] = -1;
		r->llen[p] = m->p_off[p + 1] - m->p_off[p];
		pr->fresh = NEVER;
		pr->exact = 0;
		pr->state = ST_OUT;
		if (m->p_kind[p] == KIND_FREE) {
			pr->state = ST_SELECTED;
			if ((rc = add_selected(r, p)) != 0)
				return rc;
			if (r->out && (rc = ms_outcome_add_step_text(r->a, r->out, MS_STEP_SELECTED, p, "0",
								    m->el->budget - r->cost_sel, NULL, 0, r->e)) != 0)
				return rc;
		} else if (m->p_kind[p] == KIND_CAND) {
			/* W*t < cost: unaffordable from the start (exact, on integers:
			 * W*tn < cost*td), no need to look at the supporters */
			double wt = (double)m->p_W[p] * r->t_d, c = (double)m->el->cost[p];
			if (wt < c * (1 - 1e-9)) {
				MS_MP_TRY(ms_mp_mul_u64(tn, m->p_W[p], &r->x1, &r->x4));
				MS_MP_TRY(ms_mp_mul_u64(td, (uint64_t)m->el->cost[p], &r->x2, &r->x4));
				if (mp_cmp(&r->x1, &r->x2) == MP_LT) {
					if ((rc = record_drop(r, p)) != 0)
						return rc;
					continue;
				}
			}
			pr->state = ST_ALIVE;
			/* rho >= c / (U s) at any round */
			pr->lb = (double)m->el->cost[p] / (double)m->p_U[p] / (double)m->p_s[p];
			pr->err = 4 * EPS * pr->lb;
			r->alive[r->n_alive++] = p;
		}
	}
	for (;;) {
		uint32_t p;
		if (r->on_round && (rc = r->on_round(r->on_round_ctx, r)) != 0)
			return rc;
		if (r->watch != NONE32) {
			/* the watched project: decided once selected or dropped */
			struct prj *w = &r->pr[r->watch];
			if (w->state == ST_ALIVE && w->fresh != r->n_sel && (rc = ms_mes_refresh(r, r->watch)) != 0)
				return rc;
			if (w->state != ST_ALIVE)
				break;
		}
		if ((rc = round_winner(r, &p)) != 0)
			return rc;
		if (p == NONE32)
			break;
		if (r->cert && (rc = ms_mes_cert_check(r, p)) != 0)
			return rc;
		if (ref && !r->cert && r->abort_uncertified)
			return 0; /* the caller discards this run */
		if ((rc = do_select(r, p)) != 0)
			return rc;
	}
	if (r->cert && r->n_sel != ref->n)
		r->cert = false;
	return 0;
}
