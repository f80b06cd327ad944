/*
 * test_greedy.c — unit tests of greedy utilitarian welfare (src/count/greedy.c).
 *
 * Hand-built elections worked out by hand: ties by byte-wise id ("10" < "9"),
 * zero-cost and unsupported projects, a budget exhausted exactly, exact
 * ratio ties (3/7 = 6/14), cumulative points, the steps' text; an allocator
 * that fails each allocation in turn; and, when ../shared/pabulib is there,
 * every instance with an expected outcome against pabutools.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/pb.h"
#include "count/rules.h"
#include "support.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

/* ---- helpers ------------------------------------------------------------ */

static void run(const struct ms_election *el, enum ms_satisfaction sat, const char *want)
{
	struct ms_outcome o;
	struct ms_error e;
	char got[256];
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, el, sat, &o, &e), 0);
	ms_test_sel_str(&o, got, sizeof got);
	assert_string_equal(got, want);
	int64_t total = 0;
	for (uint32_t i = 0; i < o.n_selected; i++)
		total += el->cost[o.selected[i]];
	assert_true(total == o.total_cost);
	assert_true(total <= el->budget);
	assert_int_equal(o.n_steps, el->n_projects);
	ms_outcome_fini(&ms_allocator_libc, &o);
}

/* ---- cases --------------------------------------------------------------- */

static void test_tie_by_id(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "9", "10" };
	static const int64_t costs[] = { 5, 5 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 5, 2, ids, costs, "0 1;0 1");
	run(&el, MS_SAT_COST, "1");  /* "10" < "9" */
	run(&el, MS_SAT_CARD, "1");
	ms_test_unbuild(&el);
}

static void test_cost_vs_card(void **state)
{
	(void)state;
	struct ms_election el;
	/* A: 3 votes cost 60; B: 2 votes cost 10; C: 2 votes cost 30; budget 70.
	 * cost: A(3) B(2) C(2): A fits (10 left), B fits (0 left), C skipped.
	 * card: B 2/10, C 2/30 = 1/15, A 3/60 = 1/20: B, C, then A does not fit. */
	static const char *const ids[] = { "A", "B", "C" };
	static const int64_t costs[] = { 60, 10, 30 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 70, 3, ids, costs, "0 1;0 2;0 1 2");
	run(&el, MS_SAT_COST, "0,1");
	run(&el, MS_SAT_CARD, "1,2");
	ms_test_unbuild(&el);
}

static void test_zero_cost_and_unsupported(void **state)
{
	(void)state;
	struct ms_election el;
	/* p0 free with support, p1 unsupported cost 1, p2 1 vote cost 9, p3 2 votes cost 5;
	 * budget 10.
	 * cost: p3(2) p2(1) then score 0: p0 (id "a"), p1 (id "b").
	 *   p3 fits (5), p2 does not, p0 fits (5), p1 fits (4).
	 * card: p0 +inf, p3 2/5, p2 1/9, p1 0: p0, p3 (5 left), p2 no, p1 fits. */
	static const char *const ids[] = { "a", "b", "c", "d" };
	static const int64_t costs[] = { 0, 1, 9, 5 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 10, 4, ids, costs, "0 3;3 2;");
	run(&el, MS_SAT_COST, "3,0,1");
	run(&el, MS_SAT_CARD, "0,3,1");

	struct ms_outcome o;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_CARD, &o, NULL), 0);
	assert_int_equal(o.n_steps, 4);
	assert_string_equal(o.steps[0].value, "inf");
	assert_int_equal(o.steps[0].kind, MS_STEP_SELECTED);
	assert_string_equal(o.steps[1].value, "2/5");
	assert_true(o.steps[1].budget_left == 5);
	assert_string_equal(o.steps[2].value, "1/9");
	assert_int_equal(o.steps[2].kind, MS_STEP_SKIPPED);
	assert_int_equal(o.steps[2].project, 2);
	assert_string_equal(o.steps[3].value, "0");
	assert_true(o.steps[3].budget_left == 4);
	ms_outcome_fini(&ms_allocator_libc, &o);
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, NULL), 0);
	assert_string_equal(o.steps[0].value, "2");
	assert_string_equal(o.steps[1].value, "1");
	assert_string_equal(o.steps[2].value, "0");
	ms_outcome_fini(&ms_allocator_libc, &o);
	ms_test_unbuild(&el);
}

static void test_budget_exact(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "1", "2", "3" };
	static const int64_t costs[] = { 4, 6, 1 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 10, 3, ids, costs, "0 1 2;0 1;0");
	/* cost: 0 (3), 1 (2), 2 (1): 4 + 6 = 10 exactly, 2 skipped */
	run(&el, MS_SAT_COST, "0,1");
	struct ms_outcome o;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, NULL), 0);
	assert_true(o.total_cost == 10);
	assert_true(o.steps[1].budget_left == 0);
	assert_int_equal(o.steps[2].kind, MS_STEP_SKIPPED);
	ms_outcome_fini(&ms_allocator_libc, &o);
	/* budget 0: only free projects */
	el.budget = 0;
	el.cost[2] = 0;
	run(&el, MS_SAT_COST, "2");
	run(&el, MS_SAT_CARD, "2");
	ms_test_unbuild(&el);
}

static void test_exact_ratio_tie(void **state)
{
	(void)state;
	struct ms_election el;
	/* p0: 3 votes / cost 7, p1: 6 votes / cost 14 — equal; id "b" < "c", budget 14:
	 * card takes p1 ("b") first, then p0 does not fit. */
	static const char *const ids[] = { "c", "b" };
	static const int64_t costs[] = { 7, 14 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 14, 2, ids, costs, "0 1;0 1;0 1;1;1;1");
	run(&el, MS_SAT_CARD, "1");
	el.cost[1] = 15; /* 6/15 < 3/7 */
	el.budget = 22;
	run(&el, MS_SAT_CARD, "0,1");
	ms_test_unbuild(&el);
}

static void test_cumulative_points(void **state)
{
	(void)state;
	struct ms_election el;
	/* card uses the points: p0 3+1 = 4 / 10, p1 5 / 10 → p1 first;
	 * cost uses supporters: p0 2, p1 1 → p0 first. Budget 10. */
	static const char *const ids[] = { "x", "y" };
	static const int64_t costs[] = { 10, 10 };
	ms_test_build(&el, MS_VOTE_CUMULATIVE, 10, 2, ids, costs, "0:3;0:1 1:5");
	run(&el, MS_SAT_CARD, "1");
	run(&el, MS_SAT_COST, "0");
	ms_test_unbuild(&el);
}

static void test_no_voters_no_projects(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "b", "a" };
	static const int64_t costs[] = { 3, 3 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 5, 2, ids, costs, "");
	run(&el, MS_SAT_COST, "1"); /* all score 0: by id, "a" fits, "b" does not */
	ms_test_unbuild(&el);
	ms_test_build(&el, MS_VOTE_APPROVAL, 5, 0, ids, costs, ";");
	run(&el, MS_SAT_CARD, "");
	ms_test_unbuild(&el);
}

static void test_money_scale_text(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a" };
	static const int64_t costs[] = { 250 }; /* 2.50 */
	ms_test_build(&el, MS_VOTE_APPROVAL, 1000, 1, ids, costs, "0;0;0");
	el.money_scale = 100;
	struct ms_outcome o;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_CARD, &o, NULL), 0);
	assert_string_equal(o.steps[0].value, "6/5"); /* 3 / 2.50 */
	assert_true(o.steps[0].budget_left == 750);
	ms_outcome_fini(&ms_allocator_libc, &o);
	ms_test_unbuild(&el);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct ms_election el;
	struct ms_outcome o;
	struct ms_error e;
	static const char *const ids[] = { "a", "b" };
	static const int64_t costs[] = { 1, 1 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 5, 2, ids, costs, "0 1;1");
	el.vote_proj[2] = 7;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(o.n_selected, 0);
	el.vote_proj[2] = 1;
	el.cost[0] = -1;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	el.cost[0] = 1;
	el.id_rank[0] = el.id_rank[1];
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	el.id_rank[0] = 0;
	el.vote_type = MS_VOTE_ORDINAL;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	el.vote_type = MS_VOTE_APPROVAL;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, (enum ms_satisfaction)9, &o, &e),
			 MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, NULL, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, NULL, &e), MS_ERR_UNPROCESSABLE);
	ms_test_unbuild(&el);
}

static void test_alloc_failures(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c", "d", "e" };
	static const int64_t costs[] = { 0, 3, 9, 5, 2 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 12, 5, ids, costs, "0 3;3 2;;1 4;4");
	for (int sat = 0; sat < 2; sat++) {
		size_t k;
		for (k = 1; k < 1000; k++) {
			struct ms_test_failing f = { 0, k, 0 };
			struct ms_allocator a = ms_test_failing_allocator(&f);
			struct ms_outcome o;
			struct ms_error e;
			int rc = ms_rule_greedy(&a, &el, (enum ms_satisfaction)sat, &o, &e);
			if (rc == 0) {
				ms_outcome_fini(&a, &o);
				assert_int_equal(f.live, 0);
				break;
			}
			assert_int_equal(rc, MS_ERR_NOMEM);
			assert_int_equal(f.live, 0);
			assert_int_equal(o.n_selected, 0);
			assert_null(o.steps);
		}
		assert_true(k > 3 && k < 1000);
	}
	ms_test_unbuild(&el);
}

/* ---- against pabutools (../shared/pabulib/expected) ---------------------- */

static int run_greedy(const struct ms_election *el, const char *key, struct ms_outcome *o)
{
	enum ms_satisfaction sat = strcmp(key, "greedy_cost") == 0 ? MS_SAT_COST : MS_SAT_CARD;
	return ms_rule_greedy(&ms_allocator_libc, el, sat, o, NULL);
}

static void test_pabulib_expected(void **state)
{
	(void)state;
	static const char *const keys[] = { "greedy_cost", "greedy_card" };
	ms_test_check_selected(keys, N_OF(keys), run_greedy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tie_by_id),
		cmocka_unit_test(test_cost_vs_card),
		cmocka_unit_test(test_zero_cost_and_unsupported),
		cmocka_unit_test(test_budget_exact),
		cmocka_unit_test(test_exact_ratio_tie),
		cmocka_unit_test(test_cumulative_points),
		cmocka_unit_test(test_no_voters_no_projects),
		cmocka_unit_test(test_money_scale_text),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_pabulib_expected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
