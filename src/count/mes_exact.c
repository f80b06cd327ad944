/*
 * mes_exact.c — the exact side of the Method of Equal Shares
 * (mes_internal.h). The ledger holds every selected lambda as an integer
 * over one common denominator D (libtommath): lambda_p = M/(U*D) with U the
 * supporters' utility still paying in full, and a new selection only
 * multiplies D (and the other numerators) by a small integer — no gcd per
 * operation, so exact prices cost microseconds. The exact budget of a group
 * is then T - sum u*N_q over the ledger (t = T/D). Here: those budgets, the
 * README's walk in exact arithmetic, exact prices and their comparisons,
 * and big values as doubles and as text.
 *
 * libtommath's digits come from its own malloc (as in rat.c); every other
 * array from the caller's allocator; every mp_* error is returned.
 */
#include "mes_internal.h"

#include <stdlib.h>
#include <string.h>

#include "bignum_internal.h"

/* ---- big values as doubles and text ---------------------------------------- */

/* x >= 0 as m * 2^e, m a double (relative error below 6 * 2^-53). */
static double mp_approx(const mp_int *x, int *e)
{
	int u = x->used;
	*e = 0;
	if (u == 0)
		return 0.0;
	double m = (double)x->dp[u - 1];
	if (u >= 2)
		m = m * 0x1p60 + (double)x->dp[u - 2];
	if (u >= 3)
		m = m * 0x1p60 + (double)x->dp[u - 3];
	*e = (u > 3 ? u - 3 : 0) * MP_DIGIT_BIT;
	return m;
}

static double scale2(double x, int e)
{
	while (e >= 60) {
		x *= 0x1p60;
		e -= 60;
	}
	while (e <= -60) {
		x *= 0x1p-60;
		e += 60;
	}
	if (e > 0)
		x *= (double)((uint64_t)1 << e);
	else if (e < 0)
		x /= (double)((uint64_t)1 << -e);
	return x;
}

/* n / d for n >= 0, d > 0 (relative error below LAMBDA_REL). */
double ms_mes_ratio(const mp_int *n, const mp_int *d)
{
	int en, ed;
	double mn = mp_approx(n, &en), md = mp_approx(d, &ed);
	if (mn == 0.0)
		return 0.0;
	return scale2(mn / md, en - ed);
}

/* Exact text of n/d (d > 0), reduced, from a; NULL on failure (*rc set). */
char *ms_mes_frac_text(const struct ms_allocator *a, const mp_int *n, const mp_int *d, int *rc)
{
	mp_int g, rn, rd;
	char *s = NULL;
	mp_err err;
	*rc = MS_ERR_NOMEM;
	if ((err = mp_init_multi(&g, &rn, &rd, NULL)) != MP_OKAY) {
		*rc = ms_mp_rc(err);
		return NULL;
	}
	int ln = 0, ld = 0;
	if ((err = mp_gcd(n, d, &g)) != MP_OKAY || (err = mp_div(n, &g, &rn, NULL)) != MP_OKAY ||
	    (err = mp_div(d, &g, &rd, NULL)) != MP_OKAY || (err = mp_radix_size(&rn, 10, &ln)) != MP_OKAY ||
	    (err = mp_radix_size(&rd, 10, &ld)) != MP_OKAY) {
		*rc = ms_mp_rc(err);
		goto out;
	}
	bool one = mp_cmp_d(&rd, 1) == MP_EQ;
	size_t cap = (size_t)ln + (size_t)ld + 2;
	s = a->alloc(a->ctx, cap);
	if (!s)
		goto out;
	size_t wn = 0, wd = 0;
	if ((err = mp_to_radix(&rn, s, cap, &wn, 10)) != MP_OKAY) {
		*rc = ms_mp_rc(err);
		a->free(a->ctx, s);
		s = NULL;
		goto out;
	}
	if (!one) {
		s[wn - 1] = '/';
		if ((err = mp_to_radix(&rd, s + wn, cap - wn, &wd, 10)) != MP_OKAY) {
			*rc = ms_mp_rc(err);
			a->free(a->ctx, s);
			s = NULL;
			goto out;
		}
	}
	*rc = 0;
out:
	mp_clear_multi(&g, &rn, &rd, NULL);
	return s;
}

/* ---- budgets and prices ------------------------------------------------------ */

/* Exact budget of group g over D (0 when zero). */
static int group_budget(struct run *r, uint32_t g, mp_int *out)
{
	const struct model *m = r->m;
	if (r->g[g].zero) {
		mp_zero(out);
		return 0;
	}
	MS_MP_TRY(mp_copy(&r->T, out));
	const struct ms_election *el = m->el;
	uint32_t v = m->g_rep[g];
	for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
		int32_t pos = r->sel_pos[el->vote_proj[k]];
		if (pos < 0)
			continue;
		int64_t u = entry_util(m, k);
		if (u <= 0)
			continue;
		MS_MP_TRY(ms_mp_mul_u64(&r->N[pos], (uint64_t)u, &r->x5, &r->x4));
		MS_MP_TRY(mp_sub(out, &r->x5, out));
	}
	return 0;
}

static int ensure_xb(struct run *r, uint32_t n)
{
	const struct ms_allocator *a = r->a;
	if (!r->xb) {
		uint32_t cap = r->m->max_supp;
		r->xb = ms_alloc_array(a, cap, sizeof *r->xb);
		r->xi = ms_alloc_array(a, cap, sizeof *r->xi);
		r->xo = ms_alloc_array(a, cap, sizeof *r->xo);
		if (!r->xb || !r->xi || !r->xo)
			return MS_ERR_NOMEM;
	}
	while (r->n_xb < n) {
		MS_MP_TRY(mp_init(&r->xb[r->n_xb]));
		r->n_xb++;
	}
	return 0;
}

/* Exact key order of the exact walk: xb[i]/u_i ascending. */
static int key_cmp(struct run *r, uint32_t p, uint32_t i, uint32_t j, int *res)
{
	if (!r->lu) {
		*res = mp_cmp(&r->xb[i], &r->xb[j]);
		return 0;
	}
	uint64_t ui = (uint64_t)r->lu[r->m->p_off[p] + r->xi[i]];
	uint64_t uj = (uint64_t)r->lu[r->m->p_off[p] + r->xi[j]];
	MS_MP_TRY(ms_mp_mul_u64(&r->xb[i], uj, &r->x1, &r->x4));
	MS_MP_TRY(ms_mp_mul_u64(&r->xb[j], ui, &r->x2, &r->x4));
	*res = mp_cmp(&r->x1, &r->x2);
	return 0;
}

/* Stable bottom-up merge sort of xo[0..n) by key_cmp (tmp: n entries). */
static int sort_exact(struct run *r, uint32_t p, uint32_t n, uint32_t *tmp)
{
	uint32_t *src = r->xo, *dst = tmp;
	for (uint32_t width = 1; width < n; width *= 2) {
		for (uint32_t lo = 0; lo < n; lo += 2 * width) {
			uint32_t mid = lo + width < n ? lo + width : n;
			uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			uint32_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi) {
				int c, rc = key_cmp(r, p, src[j], src[i], &c);
				if (rc)
					return rc;
				dst[k++] = c < 0 ? src[j++] : src[i++];
			}
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		uint32_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != r->xo)
		memcpy(r->xo, src, (size_t)n * sizeof *src);
	return 0;
}

/*
 * The README's walk in exact arithmetic, for project p in the current state.
 * *afford false: the supporters hold less than its cost. Otherwise
 * lambda = xM / (*U * D); if cls is not NULL, cls[k] (k: supporter position)
 * gets 0 = pays lambda*u and keeps money, 1 = pays all it has, 2 = zero
 * already (pays nothing), 3 = pays exactly all (lambda*u = budget).
 */
int ms_mes_exact_walk(struct run *r, uint32_t p, bool *afford, uint64_t *U, uint8_t *cls)
{
	const struct model *m = r->m;
	uint32_t off = m->p_off[p], cnt = r->llen[p], n = 0;
	int rc = ensure_xb(r, cnt);
	if (rc)
		return rc;
	uint64_t unz = 0;
	mp_int *acc = &r->x3, *cD = &r->xM;
	mp_zero(acc);
	for (uint32_t k = 0; k < cnt; k++) {
		uint32_t g = r->lg[off + k];
		if (cls)
			cls[k] = 2;
		if (r->g[g].zero)
			continue;
		r->xi[n] = k;
		r->xo[n] = n;
		if ((rc = group_budget(r, g, &r->xb[n])) != 0)
			return rc;
		uint64_t w = r->g[g].w, u = r->lu ? (uint64_t)r->lu[off + k] : 1;
		MS_MP_TRY(mp_mul_d(&r->xb[n], (mp_digit)w, &r->x1));
		MS_MP_TRY(mp_add(acc, &r->x1, acc));
		unz += w * u;
		n++;
	}
	MS_MP_TRY(ms_mp_mul_u64(&r->D, (uint64_t)m->el->cost[p], cD, &r->x4));
	if (mp_cmp(acc, cD) == MP_LT) {
		*afford = false;
		return 0;
	}
	*afford = true;
	/* sort by key */
	uint32_t *tmp = ms_alloc_array(r->a, n, sizeof *tmp);
	if (!tmp)
		return MS_ERR_NOMEM;
	rc = sort_exact(r, p, n, tmp);
	r->a->free(r->a->ctx, tmp);
	if (rc)
		return rc;
	/* walk: cD - paid in xM */
	uint64_t ur = unz;
	uint32_t i;
	for (i = 0; i < n; i++) {
		uint32_t x = r->xo[i], k = r->xi[x];
		uint64_t w = r->g[r->lg[off + k]].w, u = r->lu ? (uint64_t)r->lu[off + k] : 1;
		MS_MP_TRY(ms_mp_mul_u64(cD, u, &r->x1, &r->x4));
		MS_MP_TRY(ms_mp_mul_u64(&r->xb[x], ur, &r->x2, &r->x4));
		if (mp_cmp(&r->x1, &r->x2) != MP_GT)
			break;
		MS_MP_TRY(mp_mul_d(&r->xb[x], (mp_digit)w, &r->x1));
		MS_MP_TRY(mp_sub(cD, &r->x1, cD));
		ur -= w * u;
		if (cls)
			cls[k] = 1;
	}
	if (i == n || ur == 0)
		return MS_ERR_INTERNAL; /* affordable, so the walk stops */
	*U = ur;
	if (cls) {
		for (; i < n; i++) {
			uint32_t x = r->xo[i], k = r->xi[x];
			uint64_t u = r->lu ? (uint64_t)r->lu[off + k] : 1;
			MS_MP_TRY(ms_mp_mul_u64(cD, u, &r->x1, &r->x4));
			MS_MP_TRY(ms_mp_mul_u64(&r->xb[x], ur, &r->x2, &r->x4));
			cls[k] = mp_cmp(&r->x1, &r->x2) == MP_EQ ? 3 : 0;
		}
	}
	return 0;
}

/*
 * Exact lambda of fresh candidate q: r->xM / (*U * D). A certified double
 * partition (capped: key < lam) gives xM = c*D - sum over capped non-zero
 * groups of w * (T - sum u*N) with one pass over them; an exact one comes
 * from the exact walk. cls as in exact_walk (may be NULL).
 */
int ms_mes_exact_lambda(struct run *r, uint32_t q, uint64_t *U, uint8_t *cls)
{
	const struct model *m = r->m;
	const struct prj *pr = &r->pr[q];
	if (pr->exact) {
		bool afford;
		int rc = ms_mes_exact_walk(r, q, &afford, U, cls);
		if (rc == 0 && !afford)
			rc = MS_ERR_INTERNAL;
		return rc;
	}
	uint32_t off = m->p_off[q], cnt = r->llen[q];
	memset(r->K, 0, (size_t)r->n_sel * sizeof *r->K);
	uint64_t wcap = 0, unc = 0;
	for (uint32_t k = 0; k < cnt; k++) {
		uint32_t g = r->lg[off + k];
		const struct gst *gs = &r->g[g];
		if (gs->zero) {
			if (cls)
				cls[k] = 2;
			continue;
		}
		double u = r->lu ? (double)r->lu[off + k] : 1.0;
		if (gs->b / u < pr->lam) {
			if (cls)
				cls[k] = 1;
			wcap += gs->w;
			/* a group above zero paid for every selected project it supports */
			const struct ms_election *el = m->el;
			uint32_t v = m->g_rep[g];
			const uint32_t *vp = el->vote_proj;
			const int32_t *sp = r->sel_pos;
			uint64_t *K = r->K;
			if (r->pmask && r->n_sel <= 32) {
				for (uint32_t b = r->pmask[g]; b != 0; b &= b - 1)
					K[__builtin_ctz(b)] += gs->w;
				continue;
			}
			if (m->plain) {
				for (uint32_t j = el->vote_off[v], e = el->vote_off[v + 1]; j < e; j++) {
					int32_t pos = sp[vp[j]];
					if (pos >= 0)
						K[pos] += gs->w;
				}
				continue;
			}
			for (uint32_t j = el->vote_off[v], e = el->vote_off[v + 1]; j < e; j++) {
				int32_t pos = sp[vp[j]];
				if (pos < 0)
					continue;
				int64_t u = entry_util(m, j);
				if (u > 0)
					K[pos] += (uint64_t)gs->w * (uint64_t)u;
			}
		} else {
			if (cls)
				cls[k] = 0;
			unc += (uint64_t)gs->w * (r->lu ? (uint64_t)r->lu[off + k] : 1);
		}
	}
	MS_MP_TRY(ms_mp_mul_u64(&r->D, (uint64_t)m->el->cost[q], &r->xM, &r->x4));
	MS_MP_TRY(ms_mp_mul_u64(&r->T, wcap, &r->x1, &r->x4));
	MS_MP_TRY(mp_sub(&r->xM, &r->x1, &r->xM));
	for (uint32_t i = 0; i < r->n_sel; i++) {
		if (!r->K[i])
			continue;
		MS_MP_TRY(ms_mp_mul_u64(&r->N[i], r->K[i], &r->x1, &r->x4));
		MS_MP_TRY(mp_add(&r->xM, &r->x1, &r->xM));
	}
	if (unc == 0)
		return MS_ERR_INTERNAL;
	*U = unc;
	return 0;
}

/* rho_a = Ma/(Ua*D*sa) against rho_b = Mb/(Ub*D*sb): sign of Ma*Ub*sb - Mb*Ua*sa. */
int ms_mes_cmp_rho(struct run *r, const mp_int *Ma, uint64_t Ua, uint32_t pa, const mp_int *Mb, uint64_t Ub,
		   uint32_t pb, int *res)
{
	const struct model *m = r->m;
	MS_MP_TRY(ms_mp_mul_u64(Ma, Ub, &r->x1, &r->x4));
	MS_MP_TRY(ms_mp_mul_u64(&r->x1, (uint64_t)m->p_s[pb], &r->x1, &r->x4));
	MS_MP_TRY(ms_mp_mul_u64(Mb, Ua, &r->x2, &r->x4));
	MS_MP_TRY(ms_mp_mul_u64(&r->x2, (uint64_t)m->p_s[pa], &r->x2, &r->x4));
	*res = mp_cmp(&r->x1, &r->x2);
	return 0;
}

/* Is (rho_q, id_q) below (rho_ref, id_p) with rho_ref = num/den from another run? */
int ms_mes_below_ref(struct run *r, uint32_t q, uint32_t p, const mp_int *num, const mp_int *den, bool *below)
{
	uint64_t U;
	int rc = ms_mes_exact_lambda(r, q, &U, NULL);
	if (rc)
		return rc;
	/* xM/(U*D*s_q) vs num/den: xM*den vs num*U*D*s_q */
	MS_MP_TRY(mp_mul(&r->xM, den, &r->x3));
	MS_MP_TRY(ms_mp_mul_u64(num, U, &r->x2, &r->x4));
	MS_MP_TRY(ms_mp_mul_u64(&r->x2, (uint64_t)r->m->p_s[q], &r->x2, &r->x4));
	MS_MP_TRY(mp_mul(&r->x2, &r->D, &r->x2));
	int c = mp_cmp(&r->x3, &r->x2);
	*below = c == MP_LT || (c == MP_EQ && r->m->el->id_rank[q] < r->m->el->id_rank[p]);
	return 0;
}
