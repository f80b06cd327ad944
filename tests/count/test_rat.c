/*
 * test_rat.c — unit tests of the exact rationals (src/count/rat.c).
 *
 * Identities, promotion to big integers on overflow and demotion back,
 * exact comparison, signs, text, floor, and two randomized differential
 * tests: small values against __int128 fraction arithmetic, and values of
 * every size against a naive libtommath reference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <tommath.h>

#include "count/rat.h"
#include "core/err.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

#define OK(x) assert_int_equal((x), 0)

static void set(struct ms_rat *r, int64_t n, int64_t d)
{
	OK(ms_rat_set_i64(r, n, d));
}

static void assert_str(const struct ms_rat *r, const char *want)
{
	char buf[4096];
	size_t n = ms_rat_to_str(r, buf, sizeof buf);
	assert_true(n > 0 && n < sizeof buf);
	assert_string_equal(buf, want);
}

static int cmp(const struct ms_rat *a, const struct ms_rat *b)
{
	int err = 0;
	int c = ms_rat_cmp(a, b, &err);
	assert_int_equal(err, 0);
	return c;
}

/* ---- basics -------------------------------------------------------------- */

static void test_init_zero(void **state)
{
	(void)state;
	struct ms_rat a = MS_RAT_ZERO, b;
	ms_rat_init(&b);
	assert_int_equal(ms_rat_sign(&a), 0);
	assert_int_equal(cmp(&a, &b), 0);
	assert_true(ms_rat_is_int(&a));
	assert_str(&a, "0");
	ms_rat_fini(&a);
	ms_rat_fini(&b);
	ms_rat_fini(NULL);
}

static void test_reduce_and_sign(void **state)
{
	(void)state;
	struct ms_rat a = MS_RAT_ZERO, b = MS_RAT_ZERO;
	set(&a, 6, 14);
	assert_str(&a, "3/7");
	set(&b, 3, 7);
	assert_int_equal(cmp(&a, &b), 0);
	set(&a, 6, -14);
	assert_str(&a, "-3/7");
	assert_int_equal(ms_rat_sign(&a), -1);
	set(&a, -6, -14);
	assert_str(&a, "3/7");
	set(&a, 0, -5);
	assert_str(&a, "0");
	assert_int_equal(ms_rat_sign(&a), 0);
	set(&a, 12, 4);
	assert_str(&a, "3");
	assert_true(ms_rat_is_int(&a));
	assert_int_equal(ms_rat_set_i64(&a, 1, 0), MS_ERR_UNPROCESSABLE);
	ms_rat_fini(&a);
	ms_rat_fini(&b);
}

static void test_arith_identities(void **state)
{
	(void)state;
	struct ms_rat a = MS_RAT_ZERO, b = MS_RAT_ZERO, c = MS_RAT_ZERO, t = MS_RAT_ZERO;
	set(&a, 1, 3);
	set(&b, 1, 6);
	OK(ms_rat_add(&c, &a, &b));
	assert_str(&c, "1/2");
	OK(ms_rat_sub(&c, &b, &a));
	assert_str(&c, "-1/6");
	OK(ms_rat_mul(&c, &a, &b));
	assert_str(&c, "1/18");
	OK(ms_rat_div(&c, &a, &b));
	assert_str(&c, "2");
	OK(ms_rat_div(&c, &b, &a));
	assert_str(&c, "1/2");
	/* aliasing: r is an input */
	OK(ms_rat_add(&a, &a, &a));
	assert_str(&a, "2/3");
	OK(ms_rat_mul(&a, &a, &a));
	assert_str(&a, "4/9");
	OK(ms_rat_mul_i64(&a, &a, -9));
	assert_str(&a, "-4");
	OK(ms_rat_div_i64(&a, &a, -6));
	assert_str(&a, "2/3");
	OK(ms_rat_add_i64(&a, &a, -1));
	assert_str(&a, "-1/3");
	OK(ms_rat_set(&t, &a));
	assert_int_equal(cmp(&t, &a), 0);
	/* (a + b) - b == a, (a * b) / b == a */
	set(&a, -7, 15);
	set(&b, 22, 21);
	OK(ms_rat_add(&c, &a, &b));
	OK(ms_rat_sub(&c, &c, &b));
	assert_int_equal(cmp(&c, &a), 0);
	OK(ms_rat_mul(&c, &a, &b));
	OK(ms_rat_div(&c, &c, &b));
	assert_int_equal(cmp(&c, &a), 0);
	/* division by zero */
	set(&b, 0, 1);
	assert_int_equal(ms_rat_div(&c, &a, &b), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_rat_div_i64(&c, &a, 0), MS_ERR_UNPROCESSABLE);
	ms_rat_fini(&a);
	ms_rat_fini(&b);
	ms_rat_fini(&c);
	ms_rat_fini(&t);
}

static void test_cmp(void **state)
{
	(void)state;
	struct ms_rat a = MS_RAT_ZERO, b = MS_RAT_ZERO;
	int err = 0;
	set(&a, 3, 7);
	set(&b, 6, 14);
	assert_int_equal(cmp(&a, &b), 0);
	set(&b, 4, 9);
	assert_int_equal(cmp(&a, &b), -1);
	assert_int_equal(cmp(&b, &a), 1);
	set(&a, -1, 2);
	set(&b, -1, 3);
	assert_int_equal(cmp(&a, &b), -1);
	/* close to the int64 limits */
	set(&a, INT64_MAX, INT64_MAX - 1);
	set(&b, INT64_MAX - 1, INT64_MAX - 2);
	assert_int_equal(cmp(&a, &b), -1);
	assert_int_equal(ms_rat_cmp_i64(&a, 1, &err), 1);
	assert_int_equal(ms_rat_cmp_i64(&a, 2, &err), -1);
	set(&a, 10, 5);
	assert_int_equal(ms_rat_cmp_i64(&a, 2, &err), 0);
	assert_int_equal(ms_rat_cmp_i64(&a, INT64_MIN, &err), 1);
	assert_int_equal(err, 0);
	ms_rat_fini(&a);
	ms_rat_fini(&b);
}

static void test_to_str_truncation(void **state)
{
	(void)state;
	struct ms_rat a = MS_RAT_ZERO;
	char buf[4];
	set(&a, -12345, 7);
	assert_int_equal(ms_rat_to_str(&a, buf, sizeof buf), 8);
	assert_string_equal(buf, "-12");
	assert_int_equal(ms_rat_to_str(&a, NULL, 0), 8);
	ms_rat_fini(&a);
}

static void test_floor(void **state)
{
	(void)state;
	struct ms_rat a = MS_RAT_ZERO;
	int64_t f;
	static const struct { int64_t n, d, f; } cases[] = {
		{ 7, 2, 3 }, { -7, 2, -4 }, { 6, 3, 2 }, { -6, 3, -2 }, { 0, 5, 0 }, { -1, 3, -1 },
		{ 1, 3, 0 }, { INT64_MAX, 1, INT64_MAX }, { -INT64_MAX, 2, -INT64_MAX / 2 - 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		set(&a, cases[i].n, cases[i].d);
		OK(ms_rat_floor_i64(&a, &f));
		assert_int_equal(f, cases[i].f);
	}
	/* INT64_MIN itself goes big but its floor fits */
	set(&a, INT64_MIN, 1);
	OK(ms_rat_floor_i64(&a, &f));
	assert_true(f == INT64_MIN);
	/* too large */
	set(&a, INT64_MAX, 1);
	OK(ms_rat_add_i64(&a, &a, 1));
	assert_str(&a, "9223372036854775808");
	assert_int_equal(ms_rat_floor_i64(&a, &f), MS_ERR_UNPROCESSABLE);
	/* big with a small floor: (2^70 + 1) / 2^70 */
	set(&a, 1, 1);
	for (int i = 0; i < 70; i++)
		OK(ms_rat_div_i64(&a, &a, 2));
	OK(ms_rat_add_i64(&a, &a, 1));
	assert_non_null(a.big);
	OK(ms_rat_floor_i64(&a, &f));
	assert_int_equal(f, 1);
	OK(ms_rat_mul_i64(&a, &a, -1));
	OK(ms_rat_floor_i64(&a, &f));
	assert_int_equal(f, -2);
	assert_true(ms_rat_to_double(&a) <= -1.0 && ms_rat_to_double(&a) > -1.001);
	ms_rat_fini(&a);
}

/* ---- promotion and demotion ---------------------------------------------- */

static const int64_t primes[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67,
				  71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113 };
#define N_PRIMES (sizeof primes / sizeof primes[0])

static void test_promotion_primes(void **state)
{
	(void)state;
	struct ms_rat p = MS_RAT_ZERO, q = MS_RAT_ZERO, t = MS_RAT_ZERO;
	set(&p, 1, 1);
	set(&q, 1, 1);
	/* p = product of all primes (about 2^140), q = 1 / same */
	for (size_t i = 0; i < N_PRIMES; i++) {
		OK(ms_rat_mul_i64(&p, &p, primes[i]));
		OK(ms_rat_div_i64(&q, &q, primes[i]));
	}
	assert_non_null(p.big);
	assert_non_null(q.big);
	assert_true(ms_rat_is_int(&p));
	assert_false(ms_rat_is_int(&q));
	assert_int_equal(ms_rat_sign(&p), 1);
	assert_int_equal(ms_rat_sign(&q), 1);
	assert_str(&p, "31610054640417607788145206291543662493274686990");
	OK(ms_rat_mul(&t, &p, &q));
	assert_null(t.big); /* demoted */
	assert_str(&t, "1");
	/* p / q = p^2 ; divide back prime by prime until small again */
	OK(ms_rat_div(&t, &p, &q));
	for (size_t i = 0; i < N_PRIMES; i++)
		OK(ms_rat_div_i64(&t, &t, primes[i]));
	assert_int_equal(cmp(&t, &p), 0);
	for (size_t i = 0; i < N_PRIMES; i++)
		OK(ms_rat_div_i64(&t, &t, primes[i]));
	assert_null(t.big);
	assert_str(&t, "1");
	/* huge sums: 1/p + 1/p = 2/p; minus itself is 0, small */
	OK(ms_rat_add(&t, &q, &q));
	OK(ms_rat_sub(&t, &t, &q));
	assert_int_equal(cmp(&t, &q), 0);
	OK(ms_rat_sub(&t, &t, &q));
	assert_null(t.big);
	assert_int_equal(ms_rat_sign(&t), 0);
	/* comparisons small vs big, both signs */
	struct ms_rat s = MS_RAT_ZERO;
	set(&s, INT64_MAX, 1);
	assert_int_equal(cmp(&s, &p), -1);
	assert_int_equal(cmp(&p, &s), 1);
	OK(ms_rat_mul_i64(&t, &p, -1));
	assert_int_equal(cmp(&t, &s), -1);
	assert_int_equal(ms_rat_sign(&t), -1);
	int err = 0;
	assert_int_equal(ms_rat_cmp_i64(&t, INT64_MIN, &err), -1);
	assert_int_equal(ms_rat_cmp_i64(&p, INT64_MAX, &err), 1);
	assert_int_equal(err, 0);
	set(&s, 1, INT64_MAX);
	assert_int_equal(cmp(&q, &s), -1);
	/* set copies big values; fini frees */
	OK(ms_rat_set(&s, &p));
	assert_int_equal(cmp(&s, &p), 0);
	OK(ms_rat_set(&s, &s));
	assert_true(ms_rat_to_double(&s) > 3.16e46 && ms_rat_to_double(&s) < 3.17e46);
	ms_rat_fini(&s);
	ms_rat_fini(&p);
	ms_rat_fini(&q);
	ms_rat_fini(&t);
}

static void test_overflow_edges(void **state)
{
	(void)state;
	struct ms_rat a = MS_RAT_ZERO, b = MS_RAT_ZERO, c = MS_RAT_ZERO;
	/* INT64_MIN is not a small numerator */
	set(&a, INT64_MIN, 1);
	assert_non_null(a.big);
	assert_str(&a, "-9223372036854775808");
	set(&a, INT64_MIN, -2);
	assert_null(a.big);
	assert_str(&a, "4611686018427387904");
	set(&a, 1, INT64_MIN);
	assert_str(&a, "-1/9223372036854775808");
	/* the sum of two large values overflows then comes back */
	set(&a, INT64_MAX, 1);
	set(&b, INT64_MAX, 1);
	OK(ms_rat_add(&c, &a, &b));
	assert_non_null(c.big);
	assert_str(&c, "18446744073709551614");
	OK(ms_rat_sub(&c, &c, &b));
	assert_null(c.big);
	assert_str(&c, "9223372036854775807");
	/* denominators that overflow */
	set(&a, 1, INT64_MAX);
	set(&b, 1, INT64_MAX - 1);
	OK(ms_rat_add(&c, &a, &b));
	assert_non_null(c.big);
	OK(ms_rat_sub(&c, &c, &b));
	assert_int_equal(cmp(&c, &a), 0);
	assert_null(c.big);
	/* mul_i64 / div_i64 / add_i64 with INT64_MIN */
	set(&a, 3, 5);
	OK(ms_rat_mul_i64(&c, &a, INT64_MIN));
	OK(ms_rat_div_i64(&c, &c, INT64_MIN));
	assert_int_equal(cmp(&c, &a), 0);
	OK(ms_rat_add_i64(&c, &a, INT64_MIN));
	OK(ms_rat_add_i64(&c, &c, INT64_MAX));
	OK(ms_rat_add_i64(&c, &c, 1));
	assert_int_equal(cmp(&c, &a), 0);
	ms_rat_fini(&a);
	ms_rat_fini(&b);
	ms_rat_fini(&c);
}

/* ---- randomized: small values against __int128 --------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int64_t rnd_range(int64_t lim)
{
	return (int64_t)(rnd() % (uint64_t)(2 * lim + 1)) - lim;
}

static i128 gcd_ref(i128 a, i128 b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b != 0) {
		i128 t = a % b;
		a = b;
		b = t;
	}
	return a;
}

struct frac {
	i128 n, d;
};

static struct frac norm(i128 n, i128 d)
{
	if (d < 0) {
		n = -n;
		d = -d;
	}
	i128 g = gcd_ref(n, d);
	if (g == 0)
		g = 1;
	struct frac f = { n / g, d / g };
	if (f.n == 0)
		f.d = 1;
	return f;
}

static void frac_str(struct frac f, char *buf, size_t cap)
{
	char tmp[2][64];
	for (int k = 0; k < 2; k++) {
		i128 v = k == 0 ? f.n : f.d;
		int neg = v < 0;
		u128 m = neg ? (u128)(-v) : (u128)v;
		char rev[64];
		int n = 0;
		do {
			rev[n++] = (char)('0' + (int)(m % 10));
			m /= 10;
		} while (m);
		int j = 0;
		if (neg)
			tmp[k][j++] = '-';
		while (n)
			tmp[k][j++] = rev[--n];
		tmp[k][j] = '\0';
	}
	if (f.d == 1)
		snprintf(buf, cap, "%s", tmp[0]);
	else
		snprintf(buf, cap, "%s/%s", tmp[0], tmp[1]);
}

static void test_random_small_vs_int128(void **state)
{
	(void)state;
	struct ms_rat a = MS_RAT_ZERO, b = MS_RAT_ZERO, r = MS_RAT_ZERO;
	char want[128];
	for (int it = 0; it < 20000; it++) {
		/* operands up to 2^30 so the reference never overflows */
		int64_t lim = (it % 3 == 0) ? 20 : (it % 3 == 1) ? 100000 : (1 << 30);
		int64_t an = rnd_range(lim), ad = rnd_range(lim), bn = rnd_range(lim), bd = rnd_range(lim);
		if (ad == 0)
			ad = 1;
		if (bd == 0)
			bd = -1;
		set(&a, an, ad);
		set(&b, bn, bd);
		struct frac fa = norm(an, ad), fb = norm(bn, bd);
		int op = (int)(rnd() % 7);
		struct frac fr;
		int64_t k = rnd_range(lim);
		switch (op) {
		case 0: OK(ms_rat_add(&r, &a, &b)); fr = norm(fa.n * fb.d + fb.n * fa.d, fa.d * fb.d); break;
		case 1: OK(ms_rat_sub(&r, &a, &b)); fr = norm(fa.n * fb.d - fb.n * fa.d, fa.d * fb.d); break;
		case 2: OK(ms_rat_mul(&r, &a, &b)); fr = norm(fa.n * fb.n, fa.d * fb.d); break;
		case 3:
			if (fb.n == 0) {
				assert_int_equal(ms_rat_div(&r, &a, &b), MS_ERR_UNPROCESSABLE);
				continue;
			}
			OK(ms_rat_div(&r, &a, &b));
			fr = norm(fa.n * fb.d, fa.d * fb.n);
			break;
		case 4: OK(ms_rat_mul_i64(&r, &a, k)); fr = norm(fa.n * k, fa.d); break;
		case 5:
			if (k == 0)
				k = 3;
			OK(ms_rat_div_i64(&r, &a, k));
			fr = norm(fa.n, fa.d * k);
			break;
		default: OK(ms_rat_add_i64(&r, &a, k)); fr = norm(fa.n + k * fa.d, fa.d); break;
		}
		frac_str(fr, want, sizeof want);
		assert_str(&r, want);
		assert_null(r.big);
		/* exact comparison */
		i128 x = fa.n * fb.d, y = fb.n * fa.d;
		assert_int_equal(cmp(&a, &b), (x > y) - (x < y));
		int err = 0;
		i128 kk = (i128)k * fa.d;
		assert_int_equal(ms_rat_cmp_i64(&a, k, &err), (fa.n > kk) - (fa.n < kk));
		/* floor */
		int64_t f;
		OK(ms_rat_floor_i64(&a, &f));
		i128 q = fa.n / fa.d;
		if (fa.n % fa.d != 0 && fa.n < 0)
			q--;
		assert_true((i128)f == q);
		assert_int_equal(ms_rat_sign(&a), (fa.n > 0) - (fa.n < 0));
	}
	ms_rat_fini(&a);
	ms_rat_fini(&b);
	ms_rat_fini(&r);
}

/* ---- randomized: all sizes against a naive libtommath reference ---------- */

struct ref {
	mp_int n, d;
};

static void ref_init(struct ref *r, int64_t n, int64_t d)
{
	assert_int_equal(mp_init_i64(&r->n, n), MP_OKAY);
	assert_int_equal(mp_init_i64(&r->d, d), MP_OKAY);
}

static void ref_norm(struct ref *r)
{
	mp_int g;
	assert_int_equal(mp_init(&g), MP_OKAY);
	if (mp_isneg(&r->d)) {
		assert_int_equal(mp_neg(&r->n, &r->n), MP_OKAY);
		assert_int_equal(mp_neg(&r->d, &r->d), MP_OKAY);
	}
	assert_int_equal(mp_gcd(&r->n, &r->d, &g), MP_OKAY);
	assert_int_equal(mp_div(&r->n, &g, &r->n, NULL), MP_OKAY);
	assert_int_equal(mp_div(&r->d, &g, &r->d, NULL), MP_OKAY);
	mp_clear(&g);
}

/* r = a op b (0 add, 1 sub, 2 mul, 3 div) */
static void ref_op(struct ref *r, const struct ref *a, const struct ref *b, int op)
{
	mp_int n, d, t;
	assert_int_equal(mp_init_multi(&n, &d, &t, NULL), MP_OKAY);
	switch (op) {
	case 0:
	case 1:
		assert_int_equal(mp_mul(&a->n, &b->d, &n), MP_OKAY);
		assert_int_equal(mp_mul(&b->n, &a->d, &t), MP_OKAY);
		assert_int_equal(op == 0 ? mp_add(&n, &t, &n) : mp_sub(&n, &t, &n), MP_OKAY);
		assert_int_equal(mp_mul(&a->d, &b->d, &d), MP_OKAY);
		break;
	case 2:
		assert_int_equal(mp_mul(&a->n, &b->n, &n), MP_OKAY);
		assert_int_equal(mp_mul(&a->d, &b->d, &d), MP_OKAY);
		break;
	default:
		assert_int_equal(mp_mul(&a->n, &b->d, &n), MP_OKAY);
		assert_int_equal(mp_mul(&a->d, &b->n, &d), MP_OKAY);
		break;
	}
	mp_exch(&r->n, &n);
	mp_exch(&r->d, &d);
	mp_clear_multi(&n, &d, &t, NULL);
	ref_norm(r);
}

static void ref_str(const struct ref *r, char *buf, size_t cap)
{
	assert_int_equal(mp_to_radix(&r->n, buf, cap, NULL, 10), MP_OKAY);
	if (mp_cmp_d(&r->d, 1) != MP_EQ) {
		size_t len = strlen(buf);
		buf[len++] = '/';
		assert_int_equal(mp_to_radix(&r->d, buf + len, cap - len, NULL, 10), MP_OKAY);
	}
}

static int64_t rnd_any(void)
{
	/* mix small, medium and near-limit magnitudes */
	switch (rnd() % 4) {
	case 0: return rnd_range(50);
	case 1: return rnd_range(1 << 20);
	case 2: return rnd_range((int64_t)1 << 40);
	default: {
		int64_t v = (int64_t)(rnd() >> 1);
		return (rnd() & 1) ? -v : v;
	}
	}
}

static void test_random_vs_tommath(void **state)
{
	(void)state;
	enum { SLOTS = 8 };
	struct ms_rat v[SLOTS];
	struct ref rv[SLOTS];
	for (int i = 0; i < SLOTS; i++) {
		int64_t n = rnd_any(), d = rnd_any();
		if (d == 0)
			d = 1;
		ms_rat_init(&v[i]);
		set(&v[i], n, d);
		ref_init(&rv[i], n, d);
		ref_norm(&rv[i]);
	}
	static char want[20000], got[20000];
	size_t promoted = 0, demoted = 0;
	for (int it = 0; it < 20000; it++) {
		int i = (int)(rnd() % SLOTS), j = (int)(rnd() % SLOTS), k = (int)(rnd() % SLOTS);
		int op = (int)(rnd() % 5);
		bool was_big = v[k].big != NULL;
		if (op == 4) {
			/* reseed a slot with a fresh small-ish value to keep sizes bounded */
			int64_t n = rnd_any(), d = rnd_any();
			if (d == 0)
				d = 7;
			set(&v[k], n, d);
			mp_clear_multi(&rv[k].n, &rv[k].d, NULL);
			ref_init(&rv[k], n, d);
			ref_norm(&rv[k]);
		} else if (op == 3 && ms_rat_sign(&v[j]) == 0) {
			assert_int_equal(ms_rat_div(&v[k], &v[i], &v[j]), MS_ERR_UNPROCESSABLE);
			continue;
		} else {
			if (mp_count_bits(&rv[i].n) + mp_count_bits(&rv[j].n) > 1500 ||
			    mp_count_bits(&rv[i].d) + mp_count_bits(&rv[j].d) > 1500)
				continue;
			int rc = op == 0 ? ms_rat_add(&v[k], &v[i], &v[j])
			       : op == 1 ? ms_rat_sub(&v[k], &v[i], &v[j])
			       : op == 2 ? ms_rat_mul(&v[k], &v[i], &v[j])
					 : ms_rat_div(&v[k], &v[i], &v[j]);
			OK(rc);
			ref_op(&rv[k], &rv[i], &rv[j], op);
		}
		ref_str(&rv[k], want, sizeof want);
		size_t len = ms_rat_to_str(&v[k], got, sizeof got);
		assert_true(len > 0 && len < sizeof got);
		assert_string_equal(got, want);
		/* the representation is canonical: small iff it fits */
		bool fits = mp_count_bits(&rv[k].n) <= 63 && mp_count_bits(&rv[k].d) <= 63;
		assert_true(fits == (v[k].big == NULL));
		promoted += !was_big && v[k].big;
		demoted += was_big && !v[k].big;
		/* comparison agrees with the reference */
		int a = (int)(rnd() % SLOTS);
		mp_int x, y;
		assert_int_equal(mp_init_multi(&x, &y, NULL), MP_OKAY);
		assert_int_equal(mp_mul(&rv[a].n, &rv[k].d, &x), MP_OKAY);
		assert_int_equal(mp_mul(&rv[k].n, &rv[a].d, &y), MP_OKAY);
		mp_ord o = mp_cmp(&x, &y);
		mp_clear_multi(&x, &y, NULL);
		assert_int_equal(cmp(&v[a], &v[k]), o == MP_LT ? -1 : o == MP_GT ? 1 : 0);
	}
	assert_true(promoted > 100);
	assert_true(demoted > 100);
	for (int i = 0; i < SLOTS; i++) {
		ms_rat_fini(&v[i]);
		mp_clear_multi(&rv[i].n, &rv[i].d, NULL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_zero),
		cmocka_unit_test(test_reduce_and_sign),
		cmocka_unit_test(test_arith_identities),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_to_str_truncation),
		cmocka_unit_test(test_floor),
		cmocka_unit_test(test_promotion_primes),
		cmocka_unit_test(test_overflow_edges),
		cmocka_unit_test(test_random_small_vs_int128),
		cmocka_unit_test(test_random_vs_tommath),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
