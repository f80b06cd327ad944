/*
 * test_assessment.c — unit tests of the unit assessment and its league
 * table (src/count/assessment.c).
 *
 * A three-unit example computed by hand; components without data left out
 * (never zero) with the weights rescaled, and weight-0 components; penalties
 * and the floor at 0; classes at the exact band boundaries; competition
 * ranks with ties (1, 2, 2, 4) listed by index, units with no data last with
 * rank 0; shares whose terms pass INT64_MAX; the parameter check with its
 * codes; the rule in words; and an allocator that fails each allocation in
 * turn. Every table is also checked against what the definition promises
 * (order by score then index, competition ranks, classes from the scores).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/assessment.h"
#include "support.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define U64(...) (const uint64_t[]){__VA_ARGS__}

static const struct ms_allocator *A = &ms_allocator_libc;

static void rat_str(const struct ms_rat *r, char *buf, size_t cap)
{
	assert_true(ms_rat_to_str(r, buf, cap) < cap);
}

/* What the definition promises of any table. */
static void check_table(const struct ms_assess_params *p, const struct ms_assess_result *r)
{
	size_t n = r->n_units, scored = 0;
	char *seen = calloc(n + 1, 1);
	assert_non_null(seen);
	for (size_t k = 0; k < n; k++) {
		size_t u = r->order[k];
		assert_true(u < n && !seen[u]);
		seen[u] = 1;
		const struct ms_assess_row *row = &r->rows[u];
		if (!row->has_score) {
			assert_int_equal(row->rank, 0);
			assert_int_equal(row->klass, MS_CLASS_NONE);
			assert_int_equal(ms_rat_sign(&row->score), 0);
			if (k > 0 && !r->rows[r->order[k - 1]].has_score)
				assert_true(r->order[k - 1] < u); /* unscored in index order */
			continue;
		}
		assert_int_equal(scored, k); /* scored ones first */
		scored++;
		assert_true(ms_rat_sign(&row->score) >= 0);
		assert_true(ms_rat_cmp(&row->score, &row->before_penalty, NULL) <= 0);
		assert_int_equal(row->klass, ms_assess_class_of(p, &row->score));
		if (k == 0) {
			assert_int_equal(row->rank, 1);
			continue;
		}
		const struct ms_assess_row *prev = &r->rows[r->order[k - 1]];
		int c = ms_rat_cmp(&prev->score, &row->score, NULL);
		assert_true(c >= 0);
		if (c == 0) {
			assert_true(r->order[k - 1] < u);
			assert_int_equal(row->rank, prev->rank);
		} else {
			assert_int_equal(row->rank, k + 1);
		}
	}
	free(seen);
}

static void rank_ok(const struct ms_assess_params *p, const struct ms_assess_unit *u, size_t n,
		    struct ms_assess_result *r)
{
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_assess_rank(A, p, u, n, r, &e) != 0)
		fail_msg("rank failed: %s", e.message);
	assert_int_equal(r->n_units, n);
	check_table(p, r);
}

/* The table as "unit:score:class-letter:rank" in table order. */
static void table_str(const struct ms_assess_result *r, char *buf, size_t cap)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->n_units; i++) {
		size_t u = r->order[i];
		char score[96];
		rat_str(&r->rows[u].score, score, sizeof score);
		k += (size_t)snprintf(buf + k, cap - k, "%s%zu:%s:%c:%u", i ? " " : "", u,
				      r->rows[u].has_score ? score : "-", "EGPFN"[r->rows[u].klass],
				      (unsigned)r->rows[u].rank);
		assert_true(k < cap);
	}
}

/* ---- worked by hand ---------------------------------------------------------------------------- */

static void test_three_units(void **state)
{
	(void)state;
	/* on-time 40, delivery 30, satisfaction 30; bands 90 / 80 / 60.
	 * A: 9/10, 4/5, 1/1: 36 + 24 + 30 = 90: excellent, exactly at the band.
	 * B: 3/4, 2/3, 1/2: 30 + 20 + 15 = 65, less 5 = 60: pass, exactly at the band.
	 * C: 1/3, no data, 1/1: (40/3 + 30) / 70 × 100 = 1300/21 (61.9), less 2 = 1258/21
	 *    (59.9): fail. Had the missing component counted as zero: (40/3 + 30) = 43.3. */
	const uint32_t w[3] = {40, 30, 30};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 3, w);
	const struct ms_assess_unit u[3] = {
		{U64(9, 4, 1), U64(10, 5, 1), 0},
		{U64(3, 2, 1), U64(4, 3, 2), 5},
		{U64(1, 7, 1), U64(3, 0, 1), 2},
	};
	struct ms_assess_result r;
	rank_ok(&p, u, 3, &r);
	char buf[256];
	table_str(&r, buf, sizeof buf);
	assert_string_equal(buf, "0:90:E:1 1:60:P:2 2:1258/21:F:3");
	rat_str(&r.rows[1].before_penalty, buf, sizeof buf);
	assert_string_equal(buf, "65");
	rat_str(&r.rows[2].before_penalty, buf, sizeof buf);
	assert_string_equal(buf, "1300/21");
	assert_int_equal(r.rows[0].missing, 0);
	assert_int_equal(r.rows[2].missing, 2);
	/* red list: the excellent; black list: the failing */
	assert_int_equal(r.rows[r.order[0]].klass, MS_CLASS_EXCELLENT);
	assert_int_equal(r.rows[r.order[2]].klass, MS_CLASS_FAIL);
	ms_assess_result_fini(A, &r);
	assert_null(r.rows);
	assert_null(r.order);
}

static void test_missing_left_out(void **state)
{
	(void)state;
	const uint32_t w[2] = {3, 1};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 2, w);
	const struct ms_assess_unit u[4] = {
		{U64(1, 0), U64(1, 0), 0}, /* only the first, full: 100, not 75 */
		{U64(0, 1), U64(0, 2), 0}, /* only the second, half: 50 */
		{U64(1, 1), U64(2, 4), 0}, /* (3 × 1/2 + 1 × 1/4) / 4 = 7/16: 43.75 */
		{U64(5, 5), U64(0, 0), 0}, /* nothing measured (num ignored where den is 0) */
	};
	struct ms_assess_result r;
	rank_ok(&p, u, 4, &r);
	char buf[256];
	table_str(&r, buf, sizeof buf);
	assert_string_equal(buf, "0:100:E:1 1:50:F:2 2:175/4:F:3 3:-:N:0");
	assert_int_equal(r.rows[0].missing, 2);
	assert_int_equal(r.rows[1].missing, 1);
	assert_int_equal(r.rows[2].missing, 0);
	assert_int_equal(r.rows[3].missing, 3);
	assert_false(r.rows[3].has_score);
	ms_assess_result_fini(A, &r);

	/* a component of weight 0 counts for nothing, even alone */
	const uint32_t w0[2] = {1, 0};
	ms_assess_params_default(&p, 2, w0);
	const struct ms_assess_unit v[2] = {{U64(1, 1), U64(2, 1), 0}, {U64(0, 1), U64(0, 1), 0}};
	rank_ok(&p, v, 2, &r);
	table_str(&r, buf, sizeof buf);
	assert_string_equal(buf, "0:50:F:1 1:-:N:0");
	assert_int_equal(r.rows[1].missing, 1);
	ms_assess_result_fini(A, &r);
}

static void test_penalties(void **state)
{
	(void)state;
	const uint32_t w[1] = {1};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 1, w);
	const struct ms_assess_unit u[4] = {
		{U64(1), U64(10), 25},           /* 10 - 25: floored at 0 */
		{U64(1), U64(10), 10},           /* 10 - 10 = 0 */
		{U64(19), U64(20), 5},           /* 95 - 5 = 90: still excellent */
		{U64(1), U64(1), UINT32_MAX},    /* the largest penalty */
	};
	struct ms_assess_result r;
	rank_ok(&p, u, 4, &r);
	char buf[256];
	table_str(&r, buf, sizeof buf);
	assert_string_equal(buf, "2:90:E:1 0:0:F:2 1:0:F:2 3:0:F:2");
	rat_str(&r.rows[0].before_penalty, buf, sizeof buf);
	assert_string_equal(buf, "10");
	rat_str(&r.rows[3].before_penalty, buf, sizeof buf);
	assert_string_equal(buf, "100");
	assert_true(r.rows[0].has_score);
	ms_assess_result_fini(A, &r);
}

/* ---- classes and ranks --------------------------------------------------------------------------- */

static void test_classes(void **state)
{
	(void)state;
	const uint32_t w[1] = {1};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 1, w);
	static const struct {
		int64_t num, den;
		enum ms_assess_class want;
	} cases[] = {
		{100, 1, MS_CLASS_EXCELLENT}, {90, 1, MS_CLASS_EXCELLENT}, {8999, 100, MS_CLASS_GOOD},
		{80, 1, MS_CLASS_GOOD},       {239, 3, MS_CLASS_PASS},     {60, 1, MS_CLASS_PASS},
		{5999, 100, MS_CLASS_FAIL},   {0, 1, MS_CLASS_FAIL},
	};
	struct ms_rat s = MS_RAT_ZERO;
	for (size_t i = 0; i < N_OF(cases); i++) {
		assert_int_equal(ms_rat_set_i64(&s, cases[i].num, cases[i].den), 0);
		assert_int_equal(ms_assess_class_of(&p, &s), cases[i].want);
	}
	/* other bands: 95 / 85 / 70, and all three at 100 */
	p.excellent_min = 95, p.good_min = 85, p.pass_min = 70;
	assert_int_equal(ms_rat_set_i64(&s, 94, 1), 0);
	assert_int_equal(ms_assess_class_of(&p, &s), MS_CLASS_GOOD);
	assert_int_equal(ms_rat_set_i64(&s, 70, 1), 0);
	assert_int_equal(ms_assess_class_of(&p, &s), MS_CLASS_PASS);
	p.excellent_min = p.good_min = p.pass_min = 100;
	assert_int_equal(ms_assess_class_of(&p, &s), MS_CLASS_FAIL);
	assert_int_equal(ms_rat_set_i64(&s, 100, 1), 0);
	assert_int_equal(ms_assess_class_of(&p, &s), MS_CLASS_EXCELLENT);
	assert_int_equal(ms_assess_class_of(NULL, &s), MS_CLASS_NONE);
	assert_int_equal(ms_assess_class_of(&p, NULL), MS_CLASS_NONE);
	ms_rat_fini(&s);
}

static void test_ties(void **state)
{
	(void)state;
	const uint32_t w[1] = {1};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 1, w);
	/* 70, 80, 50, 70 (as 14/20), no data, 80: ranks 1, 1, 3, 3, 5 and the unscored last */
	const struct ms_assess_unit u[6] = {
		{U64(7), U64(10), 0}, {U64(4), U64(5), 0}, {U64(1), U64(2), 0},
		{U64(14), U64(20), 0}, {U64(0), U64(0), 0}, {U64(8), U64(10), 0},
	};
	struct ms_assess_result r;
	rank_ok(&p, u, 6, &r);
	char buf[256];
	table_str(&r, buf, sizeof buf);
	assert_string_equal(buf, "1:80:G:1 5:80:G:1 0:70:P:3 3:70:P:3 2:50:F:5 4:-:N:0");
	ms_assess_result_fini(A, &r);
	/* 1, 2, 2, 4 */
	const struct ms_assess_unit v[4] = {
		{U64(1), U64(2), 0}, {U64(3), U64(4), 0}, {U64(9), U64(10), 0}, {U64(6), U64(8), 0},
	};
	rank_ok(&p, v, 4, &r);
	table_str(&r, buf, sizeof buf);
	assert_string_equal(buf, "2:90:E:1 1:75:P:2 3:75:P:2 0:50:F:4");
	ms_assess_result_fini(A, &r);
}

/* Many units in reverse order of score with runs of ties: the merge sort
 * over several passes against the definition. */
static void test_many_units(void **state)
{
	(void)state;
	const uint32_t w[2] = {1, 2};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 2, w);
	enum { N = 37 };
	uint64_t num[N][2], den[N][2];
	struct ms_assess_unit u[N];
	for (size_t i = 0; i < N; i++) {
		num[i][0] = i % 5;
		den[i][0] = 4;
		num[i][1] = (N - i) / 3;
		den[i][1] = i % 7 == 6 ? 0 : N;
		u[i] = (struct ms_assess_unit){num[i], den[i], (uint32_t)(i % 3)};
		if (i % 11 == 10)
			den[i][0] = 0;
		if (num[i][0] > den[i][0] && den[i][0] > 0)
			num[i][0] = den[i][0];
	}
	den[21][1] = 0; /* 21 % 11 == 10: no data at all */
	struct ms_assess_result r;
	rank_ok(&p, u, N, &r);
	assert_false(r.rows[21].has_score);
	assert_int_equal(r.order[N - 1], 21);
	ms_assess_result_fini(A, &r);
}

static void test_large_terms(void **state)
{
	(void)state;
	const uint32_t w[2] = {1000, 1};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 2, w);
	/* (1000 × (2^64 - 2)/(2^64 - 1) + 1 × 1/2) / 1001 × 100: just below 100 */
	const struct ms_assess_unit u[1] = {{U64(UINT64_MAX - 1, (uint64_t)1 << 63), U64(UINT64_MAX, UINT64_MAX - 1), 0}};
	struct ms_assess_result r;
	rank_ok(&p, u, 1, &r);
	assert_true(ms_rat_cmp_i64(&r.rows[0].score, 100, NULL) < 0);
	assert_true(ms_rat_cmp_i64(&r.rows[0].score, 99, NULL) > 0);
	/* against a computation of its own */
	struct ms_rat x = MS_RAT_ZERO, y = MS_RAT_ZERO;
	assert_int_equal(ms_rat_set_i64(&x, INT64_MAX, 1), 0); /* 2^63 - 1 */
	assert_int_equal(ms_rat_mul_i64(&x, &x, 2), 0);        /* 2^64 - 2 */
	assert_int_equal(ms_rat_add_i64(&y, &x, 1), 0);        /* 2^64 - 1 */
	assert_int_equal(ms_rat_div(&x, &x, &y), 0);
	assert_int_equal(ms_rat_mul_i64(&x, &x, 1000), 0);
	assert_int_equal(ms_rat_set_i64(&y, 1, 2), 0);  /* 2^63 / (2^64 - 2) is not 1/2: */
	struct ms_rat z = MS_RAT_ZERO;                 /* 2^62 / (2^63 - 1) */
	assert_int_equal(ms_rat_set_i64(&z, (int64_t)1 << 62, INT64_MAX), 0);
	assert_int_equal(ms_rat_add(&x, &x, &z), 0);
	assert_int_equal(ms_rat_mul_i64(&x, &x, 100), 0);
	assert_int_equal(ms_rat_div_i64(&x, &x, 1001), 0);
	assert_int_equal(ms_rat_cmp(&x, &r.rows[0].score, NULL), 0);
	ms_rat_fini(&x);
	ms_rat_fini(&y);
	ms_rat_fini(&z);
	ms_assess_result_fini(A, &r);
}

/* ---- parameters and bad input ------------------------------------------------------------------ */

static void test_params(void **state)
{
	(void)state;
	const uint32_t w[3] = {40, 30, 30}, zero[3] = {0, 0, 0}, heavy[3] = {1, 1001, 1};
	uint32_t many[MS_ASSESS_COMPONENTS_MAX + 1];
	for (size_t i = 0; i < N_OF(many); i++)
		many[i] = 1;
	static const struct {
		const char *name;
		size_t n;
		int weights; /* 0 w, 1 zero, 2 heavy, 3 many, 4 NULL */
		uint32_t exc, good, pass;
		const struct ms_code *code; /* NULL: accepted */
		const char *field;
	} cases[] = {
		{"the defaults", 3, 0, 90, 80, 60, NULL, NULL},
		{"no components", 0, 0, 90, 80, 60, &MS_E_ASSESS_COMPONENTS_COUNT, "n_components"},
		{"sixteen components", MS_ASSESS_COMPONENTS_MAX, 3, 90, 80, 60, NULL, NULL},
		{"seventeen components", MS_ASSESS_COMPONENTS_MAX + 1, 3, 90, 80, 60, &MS_E_ASSESS_COMPONENTS_COUNT,
		 "n_components"},
		{"weights total 0", 3, 1, 90, 80, 60, &MS_E_ASSESS_NO_WEIGHT, "weights"},
		{"a weight above 1000", 3, 2, 90, 80, 60, &MS_E_ASSESS_WEIGHT_OVER, "weights"},
		{"no weights", 3, 4, 90, 80, 60, &MS_E_COUNT_MISSING_INPUT, "weights"},
		{"excellent above 100", 3, 0, 101, 80, 60, &MS_E_ASSESS_BANDS, "excellent_min"},
		{"good above excellent", 3, 0, 90, 91, 60, &MS_E_ASSESS_BANDS, "good_min"},
		{"pass above good", 3, 0, 90, 80, 81, &MS_E_ASSESS_BANDS, "pass_min"},
		{"all bands equal", 3, 0, 70, 70, 70, NULL, NULL},
		{"all bands 0", 3, 0, 0, 0, 0, NULL, NULL},
	};
	const uint32_t *const lists[5] = {w, zero, heavy, many, NULL};
	const struct ms_assess_unit u[1] = {{U64(1, 1, 1), U64(1, 1, 1), 0}};
	for (size_t i = 0; i < N_OF(cases); i++) {
		struct ms_assess_params p = {cases[i].n, lists[cases[i].weights], cases[i].exc, cases[i].good,
					     cases[i].pass};
		struct ms_error e;
		ms_error_clear(&e);
		int rc = ms_assess_params_check(&p, &e);
		if (!cases[i].code) {
			if (rc != 0)
				fail_msg("%s: %s", cases[i].name, e.message);
			continue;
		}
		if (rc != MS_ERR_UNPROCESSABLE || strcmp(e.code, cases[i].code->code) != 0 ||
		    strcmp(e.field, cases[i].field) != 0)
			fail_msg("%s: %d %s %s", cases[i].name, rc, e.code ? e.code : "-", e.field);
		assert_true(e.message[0] && e.message_zh[0]);
		struct ms_assess_result r;
		memset(&r, 0xAB, sizeof r);
		assert_int_equal(ms_assess_rank(A, &p, u, 1, &r, &e), MS_ERR_UNPROCESSABLE);
		assert_null(r.rows);
		assert_null(r.order);
	}
	assert_int_equal(ms_assess_params_check(NULL, NULL), MS_ERR_UNPROCESSABLE);
	struct ms_assess_params d;
	memset(&d, 0xAB, sizeof d);
	ms_assess_params_default(&d, 3, w);
	assert_int_equal(d.n_components, 3);
	assert_ptr_equal(d.weights, w);
	assert_int_equal(d.excellent_min, 90);
	assert_int_equal(d.good_min, 80);
	assert_int_equal(d.pass_min, 60);
	ms_assess_params_default(NULL, 3, w);
}

static void test_rejects_bad_units(void **state)
{
	(void)state;
	const uint32_t w[2] = {1, 1};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 2, w);
	struct ms_assess_result r;
	struct ms_error e;
	ms_error_clear(&e);
	/* num > den */
	const struct ms_assess_unit over[2] = {{U64(1, 1), U64(1, 1), 0}, {U64(1, 3), U64(1, 2), 0}};
	assert_int_equal(ms_assess_rank(A, &p, over, 2, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ASSESS_SHARE_OVER_ONE.code);
	assert_string_equal(e.field, "units");
	assert_non_null(strstr(e.message, "unit 1: component 1"));
	assert_null(r.rows);
	ms_assess_result_fini(A, &r);
	/* a unit without its figures, no units, no allocator, no result */
	const struct ms_assess_unit none[1] = {{NULL, U64(1, 1), 0}};
	assert_int_equal(ms_assess_rank(A, &p, none, 1, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_MISSING_INPUT.code);
	assert_int_equal(ms_assess_rank(A, &p, NULL, 1, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_assess_rank(NULL, &p, over, 1, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_assess_rank(A, &p, over, 1, NULL, &e), MS_ERR_UNPROCESSABLE);
	/* no units at all: an empty table */
	assert_int_equal(ms_assess_rank(A, &p, NULL, 0, &r, &e), 0);
	assert_int_equal(r.n_units, 0);
	assert_null(r.rows);
	ms_assess_result_fini(A, &r);
	ms_assess_result_fini(A, NULL);
	ms_assess_result_fini(NULL, &r);
}

static void test_alloc_failure_each_step(void **state)
{
	(void)state;
	const uint32_t w[3] = {40, 30, 30};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 3, w);
	const struct ms_assess_unit u[3] = {
		{U64(9, 4, 1), U64(10, 5, 1), 0},
		{U64(3, 2, 1), U64(4, 3, 2), 5},
		{U64(1, 7, 1), U64(3, 0, 1), 2},
	};
	size_t failures = 0;
	for (size_t k = 1; k < 20; k++) {
		struct ms_test_failing f = {0, k, 0};
		struct ms_allocator a = ms_test_failing_allocator(&f);
		struct ms_assess_result r;
		struct ms_error e;
		ms_error_clear(&e);
		int rc = ms_assess_rank(&a, &p, u, 3, &r, &e);
		if (rc == 0) {
			assert_true(f.calls < k);
			check_table(&p, &r);
			ms_assess_result_fini(&a, &r);
			assert_int_equal(f.live, 0);
			break;
		}
		assert_int_equal(rc, MS_ERR_NOMEM);
		assert_int_equal(e.err, MS_ERR_NOMEM);
		assert_int_equal(f.live, 0);
		assert_null(r.rows);
		assert_null(r.order);
		ms_assess_result_fini(&a, &r);
		failures++;
	}
	assert_int_equal(failures, 3);
}

/* ---- in words ---------------------------------------------------------------------------------- */

static void test_text(void **state)
{
	(void)state;
	const uint32_t w[3] = {40, 30, 30};
	struct ms_assess_params p;
	ms_assess_params_default(&p, 3, w);
	const char *const en[3] = {"on-time rate", "delivery", "satisfaction"};
	const char *const zh[3] = {"按时完成率", "完成投资", "满意度"};
	char buf[2048];
	size_t n = ms_assess_rule_text_en(&p, en, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_int_equal(ms_assess_rule_text_en(&p, en, NULL, 0), n);
	assert_non_null(strstr(buf, "A unit's score: on-time rate weight 40, delivery weight 30, satisfaction "
				    "weight 30; "));
	assert_non_null(strstr(buf, "a component with no data is left out, never counted as zero"));
	assert_non_null(strstr(buf, "less any penalty points, never below 0"));
	assert_non_null(strstr(buf, "Excellent at 90 points or more, good at 80 or more, pass at 60 or more, "
				    "otherwise fail"));
	assert_non_null(strstr(buf, "equal scores sharing a rank"));
	assert_non_null(strstr(buf, "red list"));
	assert_non_null(strstr(buf, "black list"));
	n = ms_assess_rule_text_zh(&p, zh, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_non_null(strstr(buf, "单位考核得分：按时完成率权重40、完成投资权重30、满意度权重30；"));
	assert_non_null(strstr(buf, "没有数据的指标不计入，不按零分计"));
	assert_non_null(strstr(buf, "再减去扣分，最低为0分"));
	assert_non_null(strstr(buf, "90分及以上为优秀，80分及以上为良好，60分及以上为合格，其余为不合格"));
	assert_non_null(strstr(buf, "名次并列"));
	assert_non_null(strstr(buf, "优秀的列入红榜，不合格的列入黑榜"));
	/* other bands, no labels */
	p.excellent_min = 95, p.good_min = 85, p.pass_min = 70;
	ms_assess_rule_text_en(&p, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "A unit's score: component 1 weight 40, component 2 weight 30"));
	assert_non_null(strstr(buf, "Excellent at 95 points or more, good at 85 or more, pass at 70 or more"));
	ms_assess_rule_text_zh(&p, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "第1项指标权重40、第2项指标权重30"));
	assert_non_null(strstr(buf, "95分及以上为优秀，85分及以上为良好，70分及以上为合格"));
	/* truncation keeps whole characters */
	char small[20];
	assert_int_equal(ms_assess_rule_text_zh(&p, NULL, small, sizeof small), strlen(buf));
	assert_string_equal(small, "单位考核得分"); /* "：" would need byte 21 */
	assert_int_equal(ms_assess_rule_text_en(NULL, NULL, small, sizeof small), 0);
	assert_string_equal(small, "");
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_units),
		cmocka_unit_test(test_missing_left_out),
		cmocka_unit_test(test_penalties),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_many_units),
		cmocka_unit_test(test_large_terms),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_rejects_bad_units),
		cmocka_unit_test(test_alloc_failure_each_step),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests_name("assessment", tests, NULL, NULL);
}
