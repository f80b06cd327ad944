/*
 * rat.c — exact rationals (rat.h): two int64_t while they fit, libtommath
 * big integers when they do not.
 *
 * Representation invariants:
 *   small (big == NULL): den in [1, INT64_MAX], num in [-INT64_MAX, INT64_MAX]
 *     (never INT64_MIN, so negation is always safe), gcd(|num|, den) == 1,
 *     zero is 0/1;
 *   big (big != NULL): a malloc'd struct big_rat with reduced num/den, den > 0,
 *     holding a value that does NOT fit the small form (every result that fits
 *     is demoted at once: the check is two bit counts). So a value has exactly
 *     one representation, and small values never touch libtommath.
 *
 * The small path computes in __int128: every product of two int64 fits, and
 * so does a sum of two such products. Additions use Knuth's gcd trick so the
 * common case needs only 64-bit gcds. Big storage comes from libtommath's
 * allocator (malloc); every mp_* error is checked: MP_MEM is MS_ERR_NOMEM,
 * anything else MS_ERR_INTERNAL. Nothing aborts.
 *
 * Thread-safety: functions touch only their arguments.
 */
#include "rat.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tommath.h>

#include "../core/err.h"
#include "bignum_internal.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

struct big_rat {
	mp_int num, den;
};

#define BIG(x) ((struct big_rat *)(x)->big)

/* ---- integer helpers ----------------------------------------------------- */

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	int shift = __builtin_ctzll(a | b);
	a >>= __builtin_ctzll(a);
	do {
		b >>= __builtin_ctzll(b);
		if (a > b) {
			uint64_t t = a;
			a = b;
			b = t;
		}
		b -= a;
	} while (b != 0);
	return a << shift;
}

/* Euclid's steps while both are wider than 64 bits (each at least halves
 * the smaller one every two steps), then gcd64 on what fits. */
static u128 gcd128(u128 a, u128 b)
{
	while ((a >> 64) != 0 && (b >> 64) != 0) {
		u128 t = a % b;
		a = b;
		b = t;
	}
	if ((a >> 64) == 0 && (b >> 64) == 0)
		return gcd64((uint64_t)a, (uint64_t)b);
	if (b == 0)
		return a;
	if (a == 0)
		return b;
	if ((b >> 64) == 0)
		return gcd64((uint64_t)b, (uint64_t)(a % b));
	return gcd64((uint64_t)a, (uint64_t)(b % a));
}

static u128 abs128(i128 v)
{
	return v < 0 ? (u128)0 - (u128)v : (u128)v;
}

static bool fits_num(i128 v)
{
	return v >= -(i128)INT64_MAX && v <= (i128)INT64_MAX;
}

/* ---- big storage --------------------------------------------------------- */

static void big_free(struct big_rat *b)
{
	if (!b)
		return;
	mp_clear_multi(&b->num, &b->den, NULL);
	free(b);
}

static void set_small(struct ms_rat *r, int64_t num, int64_t den)
{
	if (r->big) {
		big_free(r->big);
		r->big = NULL;
	}
	r->num = num;
	r->den = den;
}

/* m = v (m initialised). */
static mp_err mp_set_i128(mp_int *m, i128 v)
{
	u128 mag = abs128(v);
	mp_err err;
	mp_set_u64(m, (uint64_t)(mag >> 64));
	if ((err = mp_mul_2d(m, 64, m)) != MP_OKAY)
		return err;
	mp_int lo;
	if ((err = mp_init_u64(&lo, (uint64_t)mag)) != MP_OKAY)
		return err;
	err = mp_add(m, &lo, m);
	mp_clear(&lo);
	if (err == MP_OKAY && v < 0)
		err = mp_neg(m, m);
	return err;
}

/*
 * r = n / d with n, d initialised mp_ints that this function consumes
 * (clears or moves into r) on every path. d != 0. Reduces, fixes the sign
 * and demotes to the small form when it fits. 0, MS_ERR_NOMEM or
 * MS_ERR_INTERNAL; on failure r is unchanged.
 */
static int store_big(struct ms_rat *r, mp_int *n, mp_int *d)
{
	mp_err err = MP_OKAY;
	mp_int g;
	if (mp_isneg(d)) {
		if ((err = mp_neg(n, n)) != MP_OKAY || (err = mp_neg(d, d)) != MP_OKAY)
			goto fail;
	}
	if (mp_iszero(n)) {
		mp_clear_multi(n, d, NULL);
		set_small(r, 0, 1);
		return 0;
	}
	if ((err = mp_init(&g)) != MP_OKAY)
		goto fail;
	if ((err = mp_gcd(n, d, &g)) != MP_OKAY)
		goto fail_g;
	if (mp_cmp_d(&g, 1) != MP_EQ) {
		if ((err = mp_div(n, &g, n, NULL)) != MP_OKAY || (err = mp_div(d, &g, d, NULL)) != MP_OKAY)
			goto fail_g;
	}
	mp_clear(&g);
	if (mp_count_bits(n) <= 63 && mp_count_bits(d) <= 63) {
		int64_t num = mp_get_i64(n), den = mp_get_i64(d);
		mp_clear_multi(n, d, NULL);
		set_small(r, num, den);
		return 0;
	}
	if (r->big) {
		mp_exch(&BIG(r)->num, n);
		mp_exch(&BIG(r)->den, d);
		mp_clear_multi(n, d, NULL);
		return 0;
	}
	struct big_rat *b = malloc(sizeof *b);
	if (!b) {
		mp_clear_multi(n, d, NULL);
		return MS_ERR_NOMEM;
	}
	b->num = *n; /* move: n and d are not cleared */
	b->den = *d;
	r->big = b;
	r->num = 0;
	r->den = 1;
	return 0;
fail_g:
	mp_clear(&g);
fail:
	mp_clear_multi(n, d, NULL);
	return ms_mp_rc(err);
}

/* r = n / d for any d != 0 (|values| < 2^127). */
static int set_i128(struct ms_rat *r, i128 n, i128 d)
{
	if (d < 0) {
		n = -n;
		d = -d;
	}
	if (n == 0) {
		set_small(r, 0, 1);
		return 0;
	}
	u128 g = gcd128(abs128(n), (u128)d);
	if (g != 1) {
		n /= (i128)g;
		d /= (i128)g;
	}
	if (fits_num(n) && d <= (i128)INT64_MAX) {
		set_small(r, (int64_t)n, (int64_t)d);
		return 0;
	}
	mp_int bn, bd;
	mp_err err;
	if ((err = mp_init_multi(&bn, &bd, NULL)) != MP_OKAY)
		return ms_mp_rc(err);
	if ((err = mp_set_i128(&bn, n)) != MP_OKAY || (err = mp_set_i128(&bd, d)) != MP_OKAY) {
		mp_clear_multi(&bn, &bd, NULL);
		return ms_mp_rc(err);
	}
	return store_big(r, &bn, &bd);
}

/* A read-only big view of any value: borrowed from a->big or built. */
struct view {
	mp_int n, d;
	const mp_int *pn, *pd;
	bool own;
};

static mp_err view_get(const struct ms_rat *a, struct view *v)
{
	if (a->big) {
		v->own = false;
		v->pn = &BIG(a)->num;
		v->pd = &BIG(a)->den;
		return MP_OKAY;
	}
	mp_err err = mp_init_i64(&v->n, a->num);
	if (err != MP_OKAY)
		return err;
	if ((err = mp_init_i64(&v->d, a->den)) != MP_OKAY) {
		mp_clear(&v->n);
		return err;
	}
	v->own = true;
	v->pn = &v->n;
	v->pd = &v->d;
	return MP_OKAY;
}

static void view_put(struct view *v)
{
	if (v->own)
		mp_clear_multi(&v->n, &v->d, NULL);
	v->own = false;
}

enum big_op { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

/* r = a op b through libtommath. For OP_DIV, b != 0. */
static int big_op(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b, enum big_op op)
{
	struct view va, vb;
	mp_int n, d, t;
	mp_err err;
	if ((err = view_get(a, &va)) != MP_OKAY)
		return ms_mp_rc(err);
	if ((err = view_get(b, &vb)) != MP_OKAY) {
		view_put(&va);
		return ms_mp_rc(err);
	}
	if ((err = mp_init_multi(&n, &d, &t, NULL)) != MP_OKAY) {
		view_put(&va);
		view_put(&vb);
		return ms_mp_rc(err);
	}
	switch (op) {
	case OP_ADD:
	case OP_SUB:
		if ((err = mp_mul(va.pn, vb.pd, &n)) != MP_OKAY || (err = mp_mul(vb.pn, va.pd, &t)) != MP_OKAY)
			break;
		err = op == OP_ADD ? mp_add(&n, &t, &n) : mp_sub(&n, &t, &n);
		if (err != MP_OKAY)
			break;
		err = mp_mul(va.pd, vb.pd, &d);
		break;
	case OP_MUL:
		if ((err = mp_mul(va.pn, vb.pn, &n)) != MP_OKAY)
			break;
		err = mp_mul(va.pd, vb.pd, &d);
		break;
	case OP_DIV:
		if ((err = mp_mul(va.pn, vb.pd, &n)) != MP_OKAY)
			break;
		err = mp_mul(va.pd, vb.pn, &d);
		break;
	}
	mp_clear(&t);
	view_put(&va);
	view_put(&vb);
	if (err != MP_OKAY) {
		mp_clear_multi(&n, &d, NULL);
		return ms_mp_rc(err);
	}
	return store_big(r, &n, &d);
}

/* ---- public API ---------------------------------------------------------- */

void ms_rat_init(struct ms_rat *r)
{
	r->num = 0;
	r->den = 1;
	r->big = NULL;
}

void ms_rat_fini(struct ms_rat *r)
{
	if (!r)
		return;
	big_free(r->big);
	ms_rat_init(r);
}

/* den == 0 is MS_ERR_UNPROCESSABLE. */
int ms_rat_set_i64(struct ms_rat *r, int64_t num, int64_t den)
{
	if (den == 0)
		return MS_ERR_UNPROCESSABLE;
	if (num != INT64_MIN && den > 0) {
		uint64_t g = gcd64(num < 0 ? (uint64_t)-num : (uint64_t)num, (uint64_t)den);
		if (num == 0)
			g = (uint64_t)den;
		set_small(r, num / (int64_t)g, den / (int64_t)g);
		return 0;
	}
	return set_i128(r, num, den);
}

int ms_rat_set(struct ms_rat *r, const struct ms_rat *a)
{
	if (r == a)
		return 0;
	if (!a->big) {
		set_small(r, a->num, a->den);
		return 0;
	}
	mp_int n, d;
	mp_err err;
	if ((err = mp_init_copy(&n, &BIG(a)->num)) != MP_OKAY)
		return ms_mp_rc(err);
	if ((err = mp_init_copy(&d, &BIG(a)->den)) != MP_OKAY) {
		mp_clear(&n);
		return ms_mp_rc(err);
	}
	return store_big(r, &n, &d);
}

/* a/b + c/d for small operands (Knuth, TAOCP 4.5.1). sub negates c first
 * (safe: small numerators are never INT64_MIN). */
static int add_small(struct ms_rat *r, int64_t a, int64_t b, int64_t c, int64_t d)
{
	if (b == d) {
		/* Frequent (integers, shared denominators). */
		return set_i128(r, (i128)a + c, b);
	}
	uint64_t g = gcd64((uint64_t)b, (uint64_t)d);
	if (g == 1) {
		i128 n = (i128)a * d + (i128)c * b;
		i128 den = (i128)b * d;
		if (fits_num(n) && den <= INT64_MAX) {
			set_small(r, (int64_t)n, (int64_t)den);
			return 0;
		}
		return set_i128(r, n, den); /* already reduced; goes big */
	}
	int64_t bg = b / (int64_t)g, dg = d / (int64_t)g;
	i128 t = (i128)a * dg + (i128)c * bg;
	if (t == 0) {
		set_small(r, 0, 1);
		return 0;
	}
	uint64_t g2 = (uint64_t)gcd128(abs128(t), g);
	i128 n = t / (i128)g2;
	i128 den = (i128)bg * (d / (int64_t)g2);
	if (fits_num(n) && den <= INT64_MAX) {
		set_small(r, (int64_t)n, (int64_t)den);
		return 0;
	}
	return set_i128(r, n, den);
}

int ms_rat_add(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b)
{
	if (!a->big && !b->big)
		return add_small(r, a->num, a->den, b->num, b->den);
	return big_op(r, a, b, OP_ADD);
}

int ms_rat_sub(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b)
{
	if (!a->big && !b->big)
		return add_small(r, a->num, a->den, -b->num, b->den);
	return big_op(r, a, b, OP_SUB);
}

/* (a/b) * (c/d), small operands, cross-reduced so the result is reduced. */
static int mul_small(struct ms_rat *r, int64_t a, int64_t b, int64_t c, int64_t d)
{
	if (a == 0 || c == 0) {
		set_small(r, 0, 1);
		return 0;
	}
	int64_t g1 = (int64_t)gcd64(a < 0 ? (uint64_t)-a : (uint64_t)a, (uint64_t)d);
	int64_t g2 = (int64_t)gcd64(c < 0 ? (uint64_t)-c : (uint64_t)c, (uint64_t)b);
	i128 n = (i128)(a / g1) * (c / g2);
	i128 den = (i128)(b / g2) * (d / g1);
	if (fits_num(n) && den <= INT64_MAX) {
		set_small(r, (int64_t)n, (int64_t)den);
		return 0;
	}
	return set_i128(r, n, den);
}

int ms_rat_mul(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b)
{
	if (!a->big && !b->big)
		return mul_small(r, a->num, a->den, b->num, b->den);
	return big_op(r, a, b, OP_MUL);
}

/* b == 0 is MS_ERR_UNPROCESSABLE. */
int ms_rat_div(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b)
{
	if (ms_rat_sign(b) == 0)
		return MS_ERR_UNPROCESSABLE;
	if (!a->big && !b->big) {
		/* 1/b = den/num with the sign moved up; |num| <= INT64_MAX. */
		int64_t bn = b->num, bd = b->den;
		if (bn < 0) {
			bn = -bn;
			bd = -bd;
		}
		return mul_small(r, a->num, a->den, bd, bn);
	}
	return big_op(r, a, b, OP_DIV);
}

int ms_rat_mul_i64(struct ms_rat *r, const struct ms_rat *a, int64_t k)
{
	if (!a->big && k != INT64_MIN)
		return mul_small(r, a->num, a->den, k, 1);
	struct ms_rat t = MS_RAT_ZERO;
	int rc = ms_rat_set_i64(&t, k, 1);
	if (rc == 0)
		rc = ms_rat_mul(r, a, &t);
	ms_rat_fini(&t);
	return rc;
}

/* k == 0 is MS_ERR_UNPROCESSABLE. */
int ms_rat_div_i64(struct ms_rat *r, const struct ms_rat *a, int64_t k)
{
	if (k == 0)
		return MS_ERR_UNPROCESSABLE;
	if (!a->big && k != INT64_MIN)
		return k > 0 ? mul_small(r, a->num, a->den, 1, k) : mul_small(r, a->num, a->den, -1, -k);
	struct ms_rat t = MS_RAT_ZERO;
	int rc = ms_rat_set_i64(&t, k, 1);
	if (rc == 0)
		rc = ms_rat_div(r, a, &t);
	ms_rat_fini(&t);
	return rc;
}

int ms_rat_add_i64(struct ms_rat *r, const struct ms_rat *a, int64_t k)
{
	if (!a->big) /* |k * den| <= 2^126: fits */
		return set_i128(r, (i128)a->num + (i128)k * a->den, a->den);
	struct ms_rat t = MS_RAT_ZERO;
	int rc = ms_rat_set_i64(&t, k, 1);
	if (rc == 0)
		rc = ms_rat_add(r, a, &t);
	ms_rat_fini(&t);
	return rc;
}

static int big_cmp(const struct ms_rat *a, const struct ms_rat *b, int *errp)
{
	/* Different signs decide without multiplying. */
	int sa = ms_rat_sign(a), sb = ms_rat_sign(b);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	struct view va, vb;
	mp_int x, y;
	mp_err err;
	int res = 0;
	if ((err = view_get(a, &va)) != MP_OKAY)
		goto out;
	if ((err = view_get(b, &vb)) != MP_OKAY) {
		view_put(&va);
		goto out;
	}
	if ((err = mp_init_multi(&x, &y, NULL)) == MP_OKAY) {
		if ((err = mp_mul(va.pn, vb.pd, &x)) == MP_OKAY && (err = mp_mul(vb.pn, va.pd, &y)) == MP_OKAY) {
			mp_ord o = mp_cmp(&x, &y);
			res = o == MP_LT ? -1 : o == MP_GT ? 1 : 0;
		}
		mp_clear_multi(&x, &y, NULL);
	}
	view_put(&va);
	view_put(&vb);
out:
	if (err != MP_OKAY && errp)
		*errp = ms_mp_rc(err);
	return res;
}

int ms_rat_cmp(const struct ms_rat *a, const struct ms_rat *b, int *err)
{
	if (!a->big && !b->big) {
		if (a->den == b->den)
			return (a->num > b->num) - (a->num < b->num);
		i128 x = (i128)a->num * b->den, y = (i128)b->num * a->den;
		return (x > y) - (x < y);
	}
	return big_cmp(a, b, err);
}

int ms_rat_cmp_i64(const struct ms_rat *a, int64_t k, int *err)
{
	if (!a->big) {
		i128 y = (i128)k * a->den;
		return (a->num > y) - (a->num < y);
	}
	/* A big value lies outside the small range, so compare through a rat. */
	struct ms_rat t = MS_RAT_ZERO;
	int rc = ms_rat_set_i64(&t, k, 1);
	int res = 0;
	if (rc == 0)
		res = ms_rat_cmp(a, &t, err);
	else if (err)
		*err = rc;
	ms_rat_fini(&t);
	return res;
}

int ms_rat_sign(const struct ms_rat *a)
{
	if (!a->big)
		return (a->num > 0) - (a->num < 0);
	return mp_isneg(&BIG(a)->num) ? -1 : mp_iszero(&BIG(a)->num) ? 0 : 1;
}

bool ms_rat_is_int(const struct ms_rat *a)
{
	if (!a->big)
		return a->den == 1;
	return mp_cmp_d(&BIG(a)->den, 1) == MP_EQ;
}

int ms_rat_floor_i64(const struct ms_rat *a, int64_t *out)
{
	if (!a->big) {
		int64_t q = a->num / a->den;
		if (a->num % a->den != 0 && a->num < 0)
			q--;
		*out = q;
		return 0;
	}
	mp_int q, rem;
	mp_err err;
	int rc = MS_ERR_UNPROCESSABLE;
	if ((err = mp_init_multi(&q, &rem, NULL)) != MP_OKAY)
		return ms_mp_rc(err);
	if ((err = mp_div(&BIG(a)->num, &BIG(a)->den, &q, &rem)) != MP_OKAY) {
		rc = ms_mp_rc(err);
		goto out;
	}
	if (!mp_iszero(&rem) && mp_isneg(&BIG(a)->num) && (err = mp_sub_d(&q, 1, &q)) != MP_OKAY) {
		rc = ms_mp_rc(err);
		goto out;
	}
	int bits = mp_count_bits(&q);
	if (bits <= 63) {
		*out = mp_get_i64(&q);
		rc = 0;
	} else if (bits == 64 && mp_isneg(&q) && mp_get_mag_u64(&q) == (uint64_t)1 << 63) {
		*out = INT64_MIN;
		rc = 0;
	}
out:
	mp_clear_multi(&q, &rem, NULL);
	return rc;
}

/* x * 2^e without libm. */
static double scale2(double x, int e)
{
	while (e > 0) {
		int s = e > 60 ? 60 : e;
		x *= (double)((uint64_t)1 << s);
		e -= s;
	}
	while (e < 0) {
		int s = -e > 60 ? 60 : -e;
		x /= (double)((uint64_t)1 << s);
		e += s;
	}
	return x;
}

/* Top 64 bits of |m| as a double and the shift dropped; *ok false on failure. */
static double top_bits(const mp_int *m, int *shift, bool *ok)
{
	int bits = mp_count_bits(m);
	*shift = bits > 64 ? bits - 64 : 0;
	if (*shift == 0)
		return (double)mp_get_mag_u64(m);
	mp_int t;
	if (mp_init(&t) != MP_OKAY || mp_div_2d(m, *shift, &t, NULL) != MP_OKAY) {
		mp_clear(&t);
		*ok = false;
		return 0;
	}
	double v = (double)mp_get_mag_u64(&t);
	mp_clear(&t);
	return v;
}

/* Never fails visibly: on allocation failure with a big value, 0.0. */
double ms_rat_to_double(const struct ms_rat *a)
{
	if (!a->big)
		return (double)a->num / (double)a->den;
	int sn, sd;
	bool ok = true;
	double n = top_bits(&BIG(a)->num, &sn, &ok);
	double d = top_bits(&BIG(a)->den, &sd, &ok);
	if (!ok)
		return 0.0;
	double v = scale2(n / d, sn - sd);
	return mp_isneg(&BIG(a)->num) ? -v : v;
}

/* Copy src (len bytes) into buf as snprintf would; returns len. */
static size_t put_str(char *buf, size_t cap, const char *src, size_t len)
{
	if (cap > 0) {
		size_t k = len < cap - 1 ? len : cap - 1;
		memcpy(buf, src, k);
		buf[k] = '\0';
	}
	return len;
}

size_t ms_rat_to_str(const struct ms_rat *a, char *buf, size_t cap)
{
	if (!a->big) {
		char tmp[48];
		int k = a->den == 1 ? snprintf(tmp, sizeof tmp, "%" PRId64, a->num)
				    : snprintf(tmp, sizeof tmp, "%" PRId64 "/%" PRId64, a->num, a->den);
		return put_str(buf, cap, tmp, (size_t)k);
	}
	int sn = 0, sd = 0;
	if (mp_radix_size(&BIG(a)->num, 10, &sn) != MP_OKAY || mp_radix_size(&BIG(a)->den, 10, &sd) != MP_OKAY)
		return 0;
	size_t room = (size_t)sn + (size_t)sd + 4;
	char *tmp = malloc(room);
	if (!tmp)
		return 0;
	if (mp_to_radix(&BIG(a)->num, tmp, room, NULL, 10) != MP_OKAY) {
		free(tmp);
		return 0;
	}
	size_t len = strlen(tmp);
	if (mp_cmp_d(&BIG(a)->den, 1) != MP_EQ) {
		tmp[len++] = '/';
		if (mp_to_radix(&BIG(a)->den, tmp + len, room - len, NULL, 10) != MP_OKAY) {
			free(tmp);
			return 0;
		}
		len += strlen(tmp + len);
	}
	size_t res = put_str(buf, cap, tmp, len);
	free(tmp);
	return res;
}
