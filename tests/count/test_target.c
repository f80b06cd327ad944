/*
 * test_target.c — unit tests of a target list's progress, plan and lights
 * (src/count/target.c): a three-level tree by hand, averaged and weighted,
 * upward and downward indicators, a target equal to its baseline, a task
 * without a value, values past the target clamped, the plan's straight line
 * and its end, the lights at their exact boundaries, a malformed tree
 * refused, and the rule in words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "count/target.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void is(const struct ms_rat *r, int64_t num, int64_t den)
{
	struct ms_rat want = MS_RAT_ZERO;
	assert_int_equal(ms_rat_set_i64(&want, num, den), 0);
	char got[64], exp[64];
	ms_rat_to_str(r, got, sizeof got);
	ms_rat_to_str(&want, exp, sizeof exp);
	if (ms_rat_cmp(r, &want, NULL) != 0)
		fail_msg("got %s, want %s", got, exp);
	ms_rat_fini(&want);
}

/* days counted from the list's start, 2026-01-01 */
static int32_t day(const char *iso)
{
	static const struct {
		const char *iso;
		int32_t d;
	} known[] = {{"2026-01-01", 0}, {"2026-03-31", 89}, {"2026-07-01", 181}, {"2026-12-31", 364}};
	for (size_t i = 0; i < N_OF(known); i++)
		if (strcmp(known[i].iso, iso) == 0)
			return known[i].d;
	fail_msg("no day %s", iso);
	return 0;
}

/* A (top) — B (weight 2) — B1 up 0→100, at 50, weight 3; B2 down 50→30, at 35
 *         — C (weight 1) up 10→10, at 10 */
static void tree(struct ms_target_node v[5])
{
	int32_t s = day("2026-01-01");
	v[0] = (struct ms_target_node){.parent = -1, .weight = 1, .start = s, .deadline = day("2026-12-31")};
	v[1] = (struct ms_target_node){.parent = 0, .weight = 2, .start = s, .deadline = day("2026-12-31")};
	v[2] = (struct ms_target_node){.parent = 1, .weight = 3, .direction = MS_TARGET_UP, .baseline = 0, .target = 100000,
					.has_actual = true, .actual = 50000, .start = s, .deadline = day("2026-12-31")};
	v[3] = (struct ms_target_node){.parent = 1, .weight = 1, .direction = MS_TARGET_DOWN, .baseline = 50000,
					.target = 30000, .has_actual = true, .actual = 35000, .start = s,
					.deadline = day("2026-07-01")};
	v[4] = (struct ms_target_node){.parent = 0, .weight = 1, .direction = MS_TARGET_UP, .baseline = 10000,
					.target = 10000, .has_actual = true, .actual = 10000, .start = s,
					.deadline = day("2026-03-31")};
}

static void test_average(void **state)
{
	(void)state;
	struct ms_target_node v[5];
	struct ms_target_result r[5];
	struct ms_error e;
	tree(v);
	assert_int_equal(ms_target_progress(v, 5, MS_TARGET_AVERAGE, day("2026-07-01"), 10, 25, r, &e), 0);
	is(&r[2].progress, 1, 2);
	is(&r[3].progress, 3, 4);
	is(&r[4].progress, 1, 1);
	is(&r[1].progress, 5, 8);   /* (1/2 + 3/4) / 2 */
	is(&r[0].progress, 13, 16); /* (5/8 + 1) / 2 */
	is(&r[2].planned, 181, 364);
	is(&r[3].planned, 1, 1); /* its deadline is today */
	is(&r[1].planned, 181 + 364, 2 * 364);
	assert_int_equal(r[0].children, 2);
	assert_int_equal(r[1].children, 2);
	assert_int_equal(r[2].children, 0);
	assert_int_equal(r[2].light, MS_TLIGHT_GREEN);  /* ahead of its plan */
	assert_int_equal(r[3].light, MS_TLIGHT_YELLOW); /* 25 points behind: not more than 25 */
	assert_int_equal(r[4].light, MS_TLIGHT_BLUE);
	ms_target_results_fini(r, 5);
	/* one more point behind is red */
	v[3].actual = 35200; /* (50 − 35.2) / 20 = 0.74: 26 points behind */
	assert_int_equal(ms_target_progress(v, 5, MS_TARGET_AVERAGE, day("2026-07-01"), 10, 25, r, &e), 0);
	assert_int_equal(r[3].light, MS_TLIGHT_RED);
	ms_target_results_fini(r, 5);
}

static void test_weighted(void **state)
{
	(void)state;
	struct ms_target_node v[5];
	struct ms_target_result r[5];
	struct ms_error e;
	tree(v);
	assert_int_equal(ms_target_progress(v, 5, MS_TARGET_WEIGHTED, day("2026-07-01"), 10, 25, r, &e), 0);
	is(&r[1].progress, 9, 16);  /* (3 × 1/2 + 1 × 3/4) / 4 */
	is(&r[0].progress, 17, 24); /* (2 × 9/16 + 1 × 1) / 3 */
	ms_target_results_fini(r, 5);
}

static void test_leaves(void **state)
{
	(void)state;
	struct ms_target_result r[1];
	struct ms_error e;
	int32_t s = day("2026-01-01"), d = day("2026-12-31");
	struct {
		struct ms_target_node n;
		int64_t num, den;
	} cases[] = {
		{{.parent = -1, .weight = 1, .target = 100, .start = s, .deadline = d}, 0, 1}, /* no value yet */
		{{.parent = -1, .weight = 1, .target = 100, .has_actual = true, .actual = 250, .start = s, .deadline = d}, 1, 1},
		{{.parent = -1, .weight = 1, .target = 100, .has_actual = true, .actual = -5, .start = s, .deadline = d}, 0, 1},
		{{.parent = -1, .weight = 1, .direction = MS_TARGET_DOWN, .baseline = 80, .target = 80, .has_actual = true,
		  .actual = 81, .start = s, .deadline = d}, 0, 1},
		{{.parent = -1, .weight = 1, .direction = MS_TARGET_DOWN, .baseline = 80, .target = 80, .has_actual = true,
		  .actual = 80, .start = s, .deadline = d}, 1, 1},
		{{.parent = -1, .weight = 1, .direction = MS_TARGET_DOWN, .baseline = 80, .target = 20, .has_actual = true,
		  .actual = 5, .start = s, .deadline = d}, 1, 1},
	};
	for (size_t i = 0; i < N_OF(cases); i++) {
		assert_int_equal(ms_target_progress(&cases[i].n, 1, MS_TARGET_AVERAGE, s, 10, 25, r, &e), 0);
		is(&r[0].progress, cases[i].num, cases[i].den);
		is(&r[0].planned, 0, 1); /* the first day: nothing planned yet */
		ms_target_results_fini(r, 1);
	}
}

static void test_malformed(void **state)
{
	(void)state;
	struct ms_target_node v[2] = {{.parent = 1, .weight = 1}, {.parent = -1, .weight = 1}};
	struct ms_target_result r[2];
	struct ms_error e;
	assert_int_not_equal(ms_target_progress(v, 2, MS_TARGET_AVERAGE, 0, 10, 25, r, &e), 0);
	v[0].parent = -1;
	v[1].weight = 0;
	assert_int_not_equal(ms_target_progress(v, 2, MS_TARGET_WEIGHTED, 0, 10, 25, r, &e), 0);
}

static void test_rule_text(void **state)
{
	(void)state;
	char buf[600];
	ms_target_rule_text(MS_TARGET_WEIGHTED, 10, 25, 1, buf, sizeof buf);
	assert_non_null(strstr(buf, "按权重加权平均"));
	assert_non_null(strstr(buf, "超过 10 个百分点为黄灯，超过 25 个百分点为红灯"));
	ms_target_rule_text(MS_TARGET_AVERAGE, 5, 20, 0, buf, sizeof buf);
	assert_non_null(strstr(buf, "the plain average"));
	assert_non_null(strstr(buf, "more than 5 points behind"));
	assert_int_equal(ms_names_find(&ms_target_direction_names, "down"), MS_TARGET_DOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_average),	  cmocka_unit_test(test_weighted), cmocka_unit_test(test_leaves),
		cmocka_unit_test(test_malformed), cmocka_unit_test(test_rule_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
