/*
 * phragmen_loads.c — the loads of sequential Phragmén in exact arithmetic
 * (phragmen_internal.h).
 *
 * Load classes: class 0 holds load 0, and round r creates class r with
 * value lambda_r = the L selected in round r: all supporters of the
 * selected project move there. cnt[p][c] counts p's supporters in class
 * c (integers, updated per moved group), so the sum of p's supporters'
 * loads is sum_c cnt[p][c] * lambda_c — no per-voter rational work.
 *
 * Every lambda_c is kept as M_c / D over ONE common denominator D (big
 * integers). Then L_p = X_p / (a_p * D) with X_p = cost_p * D +
 * sum_c cnt[p][c] * M_c, and L_p < L_q iff X_p * a_q < X_q * a_p: no
 * gcd anywhere in the loop. When lambda = X_w / (a_w * D) joins, D grows
 * by the least m that keeps every M integral, m = a_w / gcd(a_w, X_w mod
 * a_w), a small integer; D's prime factors are therefore all known (they
 * divide the a_w), which makes reducing a load for its text cheap trial
 * division instead of a big gcd.
 *
 * Each round, L_p is first computed in double from the classes (every
 * term is nonnegative, so the relative error is below (k + 8) * 2^-53
 * for k classes); only the projects within a relative 1e-9 of the least
 * double are evaluated exactly. The decision is therefore exact; doubles
 * only filter out projects that are certainly not minimal.
 *
 * libtommath's digits come from its own malloc (as in rat.c); every mp_*
 * error is returned.
 */
#include "phragmen_internal.h"

#include <string.h>

#include "bignum_internal.h"

/* *rem = a mod v, and q = a / v when q != NULL; v > 0. */
static mp_err divmod_u64(const mp_int *a, uint64_t v, mp_int *q, uint64_t *rem, mp_int *tmp)
{
	if (v <= (uint64_t)MP_MASK) {
		mp_digit r;
		mp_err err = mp_div_d(a, (mp_digit)v, q, &r);
		*rem = (uint64_t)r;
		return err;
	}
	mp_int r;
	mp_err err = mp_init(&r);
	if (err != MP_OKAY)
		return err;
	mp_set_u64(tmp, v);
	if ((err = mp_div(a, tmp, q, &r)) == MP_OKAY)
		*rem = mp_get_mag_u64(&r);
	mp_clear(&r);
	return err;
}

/* Add the prime factors of v (>= 1) to list (*n used of cap; callers size
 * it for every factor they add: at most 15 distinct primes per uint64). */
void ms_ph_add_factors(struct pfac *list, size_t *n, size_t cap, uint64_t v)
{
	for (uint64_t q = 2; v > 1; q += (q == 2) ? 1 : 2) {
		if (q > v / q)
			q = v; /* no factor up to sqrt(v): v is prime */
		if (v % q != 0)
			continue;
		uint32_t e = 0;
		while (v % q == 0) {
			v /= q;
			e++;
		}
		size_t i = 0;
		while (i < *n && list[i].q != q)
			i++;
		if (i == *n && *n < cap)
			list[(*n)++] = (struct pfac){ q, 0 };
		if (i < *n)
			list[i].e += e;
	}
}

/* top 64 bits of |m| as a double, and how many bits were dropped */
static mp_err top_double(const mp_int *m, mp_int *tmp, double *out, int *shift)
{
	int bits = mp_count_bits(m);
	*shift = bits > 64 ? bits - 64 : 0;
	if (*shift == 0) {
		*out = (double)mp_get_mag_u64(m);
		return MP_OKAY;
	}
	mp_err err = mp_div_2d(m, *shift, tmp, NULL);
	*out = (double)mp_get_mag_u64(tmp);
	return err;
}

/* n / d as a double (d > 0; both nonnegative). */
static mp_err ratio_double(const mp_int *n, const mp_int *d, mp_int *tmp, double *out)
{
	double a, b;
	int sa, sb;
	mp_err err;
	if ((err = top_double(n, tmp, &a, &sa)) != MP_OKAY || (err = top_double(d, tmp, &b, &sb)) != MP_OKAY)
		return err;
	double v = a / b;
	for (int e = sa - sb; e != 0;) {
		int k = e > 60 ? 60 : e < -60 ? -60 : e;
		v = k > 0 ? v * (double)((uint64_t)1 << k) : v / (double)((uint64_t)1 << -k);
		e -= k;
	}
	*out = v;
	return MP_OKAY;
}

/* Divide n and d by q while both allow it, at most e times. */
static mp_err reduce_by(mp_int *n, mp_int *d, uint64_t q, uint32_t e, mp_int *tmp)
{
	mp_err err = MP_OKAY;
	for (uint32_t i = 0; i < e; i++) {
		uint64_t r;
		if ((err = divmod_u64(n, q, NULL, &r, tmp)) != MP_OKAY || r != 0)
			break;
		if ((err = divmod_u64(n, q, n, &r, tmp)) != MP_OKAY || (err = divmod_u64(d, q, d, &r, tmp)) != MP_OKAY)
			break;
	}
	return err;
}

/*
 * The text of num / (D * extra * money_scale), reduced, into a new string
 * from the allocator (*out). s->fac holds the prime factors of D *
 * money_scale, so trial division by them (and by extra's) reduces exactly.
 */
static int load_text(struct ph *s, const mp_int *num, uint64_t extra, int64_t scale, char **out)
{
	mp_int n, d;
	mp_err err;
	char *txt = NULL;
	*out = NULL;
	if ((err = mp_init_copy(&n, num)) != MP_OKAY)
		return ms_mp_rc(err);
	if ((err = mp_init(&d)) != MP_OKAY) {
		mp_clear(&n);
		return ms_mp_rc(err);
	}
	if ((err = ms_mp_mul_u64(&s->d, (uint64_t)scale, &d, &s->t3)) != MP_OKAY ||
	    (err = ms_mp_mul_u64(&d, extra, &d, &s->t3)) != MP_OKAY)
		goto done;
	if (mp_iszero(&n)) {
		mp_set(&d, 1);
	} else {
		struct pfac xf[16];
		size_t n_xf = 0;
		ms_ph_add_factors(xf, &n_xf, 16, extra);
		for (size_t i = 0; i < s->n_fac && err == MP_OKAY; i++)
			err = reduce_by(&n, &d, s->fac[i].q, s->fac[i].e, &s->t3);
		for (size_t i = 0; i < n_xf && err == MP_OKAY; i++)
			err = reduce_by(&n, &d, xf[i].q, xf[i].e, &s->t3);
		if (err != MP_OKAY)
			goto done;
	}
	int sn = 0, sd = 0;
	if ((err = mp_radix_size(&n, 10, &sn)) != MP_OKAY || (err = mp_radix_size(&d, 10, &sd)) != MP_OKAY)
		goto done;
	size_t room = (size_t)sn + (size_t)sd + 4;
	txt = s->a->alloc(s->a->ctx, room);
	if (!txt) {
		err = MP_MEM;
		goto done;
	}
	if ((err = mp_to_radix(&n, txt, room, NULL, 10)) != MP_OKAY)
		goto done;
	if (mp_cmp_d(&d, 1) != MP_EQ) {
		size_t len = strlen(txt);
		txt[len++] = '/';
		err = mp_to_radix(&d, txt + len, room - len, NULL, 10);
	}
done:
	mp_clear_multi(&n, &d, NULL);
	if (err != MP_OKAY) {
		s->a->free(s->a->ctx, txt);
		return ms_mp_rc(err);
	}
	*out = txt;
	return 0;
}

/* X_p = cost_p * D + sum over alive classes of cnt[p][c] * M_c. */
mp_err ms_ph_exact_x(struct ph *s, uint32_t p, int64_t cost, uint32_t n_alive)
{
	mp_int *x = &s->x[p];
	mp_err err = ms_mp_mul_u64(&s->d, (uint64_t)cost, x, &s->t3);
	const uint32_t *row = s->cnt + (size_t)p * s->stride;
	for (uint32_t i = 0; err == MP_OKAY && i < n_alive; i++) {
		uint32_t c = s->alive[i];
		if (row[c] == 0)
			continue;
		if ((err = ms_mp_mul_u64(&s->m[c], row[c], &s->t1, &s->t3)) == MP_OKAY)
			err = mp_add(x, &s->t1, x);
	}
	return err;
}

/* -1, 0, 1 as X_p / a_p <, =, > X_q / a_q. */
mp_err ms_ph_cmp_load(struct ph *s, uint32_t p, uint32_t q, int *res)
{
	mp_err err;
	if ((err = ms_mp_mul_u64(&s->x[p], s->appr[q], &s->t1, &s->t3)) != MP_OKAY ||
	    (err = ms_mp_mul_u64(&s->x[q], s->appr[p], &s->t2, &s->t3)) != MP_OKAY)
		return err;
	mp_ord o = mp_cmp(&s->t1, &s->t2);
	*res = o == MP_LT ? -1 : o == MP_GT ? 1 : 0;
	return MP_OKAY;
}

/* Select w: lambda = X_w / (a_w D) becomes class c_new; D grows by m. */
mp_err ms_ph_new_class(struct ph *s, uint32_t w, uint32_t c_new, uint32_t n_alive)
{
	uint64_t aw = s->appr[w], r;
	mp_err err = divmod_u64(&s->x[w], aw, NULL, &r, &s->t3);
	if (err != MP_OKAY)
		return err;
	uint64_t m = aw / ms_gcd_u64(aw, r);
	if (m > 1) {
		for (uint32_t i = 0; i < n_alive; i++)
			if ((err = ms_mp_mul_u64(&s->m[s->alive[i]], m, &s->m[s->alive[i]], &s->t3)) != MP_OKAY)
				return err;
		if ((err = ms_mp_mul_u64(&s->d, m, &s->d, &s->t3)) != MP_OKAY)
			return err;
		ms_ph_add_factors(s->fac, &s->n_fac, s->cap_fac, m);
	}
	/* M_new = X_w * m / a_w, exact */
	if ((err = ms_mp_mul_u64(&s->x[w], m, &s->m[c_new], &s->t3)) != MP_OKAY ||
	    (err = divmod_u64(&s->m[c_new], aw, &s->m[c_new], &r, &s->t3)) != MP_OKAY)
		return err;
	return ratio_double(&s->m[c_new], &s->d, &s->t3, &s->lamd[c_new]);
}

int ms_ph_add_text_step(struct ph *s, struct ms_outcome *o, enum ms_step_kind kind, uint32_t p,
			 const mp_int *num, uint64_t extra, int64_t scale, int64_t left, struct ms_error *e)
{
	if (!num)
		return ms_outcome_add_step_text(s->a, o, kind, p, "inf", left, NULL, 0, e);
	char *txt;
	int rc = load_text(s, num, extra, scale, &txt);
	if (rc != 0)
		return ms_error_set(e, rc, NULL, NULL, "out of memory for a load");
	rc = ms_outcome_add_step_text(s->a, o, kind, p, txt, left, NULL, 0, e);
	s->a->free(s->a->ctx, txt);
	return rc;
}
