/*
 * test_ranked.c — unit tests of the ranked-ballot rule (src/count/ranked.c).
 *
 * A table of hand-worked elections, one runner: Borda points by position,
 * the cut at `slots`, projects skipped when they no longer fit, run-offs on
 * ties at the cut (as the threshold rule); bad input and an allocator that
 * fails each allocation in turn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/rules.h"
#include "support.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

static const struct ms_allocator *A = &ms_allocator_libc;

static const char *const ids_abc[] = {"a", "b", "c"}, *const ids_bac[] = {"b", "a", "c"};
static const char *const ids_abcd[] = {"a", "b", "c", "d"};
static const int64_t ones[] = {1, 1, 1};
static const int64_t c_6_3_3_1[] = {6, 3, 3, 1}, c_20_3_3_1[] = {20, 3, 3, 1}, c_6_3_7_1[] = {6, 3, 7, 1};

/* M = 3: p0 3 + 2 = 5, p1 2 + 3 + 3 = 8, p2 1 */
#define EL_BORDA {MS_VOTE_ORDINAL, 100, 3, ids_abc, ones, "0 1 2;1 0;1", 0}
/* p0 and p1 both 3 + 2 = 5, p2 3 */
#define EL_TIE {MS_VOTE_ORDINAL, 100, 3, ids_bac, ones, "0 1;1 0;2", 0}
/* points: p0 8, p1 5, p2 5, p3 1 (M = 4) */
#define BUDGET_VOTES "0 1 2 3;0 2 1"

/* Steps: + selected, - skipped, ? stop (a run-off), each with its points. */
static const struct ranked_case {
	const char *name;
	struct ms_test_el el;
	uint32_t slots;
	bool runoff;
	struct ms_test_outcome want;
} cases[] = {
	{"Borda points, two places", EL_BORDA, 2, false, {.sel = "1,0", .steps = "+1=8 +0=5"}},
	{"Borda points, no limit on places", EL_BORDA, 0, false, {.sel = "1,0,2", .steps = "+1=8 +0=5 +2=1"}},
	{"Borda points, as many places as projects", EL_BORDA, 3, false, {.sel = "1,0,2", .steps = "+1=8 +0=5 +2=1"}},
	{"a project nobody ranked is never selected", {MS_VOTE_ORDINAL, 100, 3, ids_abc, ones, "2;2 0;", 0}, 0, false,
	 {.sel = "2,0", .steps = "+2=6 +0=2"}},
	/* one place: run-off, nothing selected */
	{"a tie at the cut is a run-off", EL_TIE, 1, true, {.sel = "", .steps = "?1=5 ?0=5"}},
	{"a tie that fits is taken", EL_TIE, 2, false, {.sel = "1,0", .steps = "+1=5 +0=5"}},
	/* two places and p2 below: both taken, then p2 with the third */
	{"a tie above the cut", EL_TIE, 3, false, {.sel = "1,0,2", .steps = "+1=5 +0=5 +2=3"}},
	/* p0 (4 left); p1 and p2 fit one by one but not together: run-off */
	{"a tie that the money cannot take is a run-off",
	 {MS_VOTE_ORDINAL, 10, 4, ids_abcd, c_6_3_3_1, BUDGET_VOTES, 0}, 3, true,
	 {.sel = "0", .steps = "+0=8 ?1=5 ?2=5"}},
	/* with money for both, they are taken */
	{"a tie that the money takes", {MS_VOTE_ORDINAL, 12, 4, ids_abcd, c_6_3_3_1, BUDGET_VOTES, 0}, 4, false,
	 {.sel = "0,1,2", .steps = "+0=8 +1=5 +2=5 -3=1"}},
	/* p0 too expensive alone: skipped, the walk goes on */
	{"a project over the budget is skipped", {MS_VOTE_ORDINAL, 12, 4, ids_abcd, c_20_3_3_1, BUDGET_VOTES, 0}, 2,
	 false, {.sel = "1,2", .steps = "-0=8 +1=5 +2=5"}},
	/* a group member over budget alone does not make a run-off */
	{"a tied project over the budget is no run-off",
	 {MS_VOTE_ORDINAL, 10, 4, ids_abcd, c_6_3_7_1, BUDGET_VOTES, 0}, 3, false,
	 {.sel = "0,1,3", .steps = "+0=8 +1=5 -2=5 +3=1"}},
};

static void test_case(void **state)
{
	const struct ranked_case *c = *state;
	struct ms_election el;
	struct ms_outcome o;
	struct ms_error e;
	bool runoff = !c->runoff;
	ms_test_build_el(&el, &c->el);
	assert_int_equal(ms_rule_ranked(A, &el, c->slots, &o, &runoff, &e), 0);
	assert_int_equal(runoff, c->runoff);
	ms_test_check_outcome(&el, &o, &c->want);
	ms_outcome_fini(A, &o);
	ms_test_unbuild(&el);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct ms_election el;
	struct ms_outcome o;
	struct ms_error e;
	bool runoff;
	static const char *const ids[] = { "a" };
	static const int64_t costs[] = { 1 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 5, 1, ids, costs, "0");
	assert_int_equal(ms_rule_ranked(A, &el, 1, &o, &runoff, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_RULE_WRONG_VOTE_TYPE.code);
	el.vote_type = MS_VOTE_ORDINAL;
	assert_int_equal(ms_rule_ranked(A, &el, 1, &o, NULL, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_MISSING_INPUT.code);
	assert_int_equal(ms_rule_ranked(A, &el, 1, NULL, &runoff, NULL), MS_ERR_UNPROCESSABLE);
	ms_test_unbuild(&el);
}

/* A failure never reports a run-off. */
static int ranked_slots(const struct ms_allocator *a, const struct ms_election *el, int slots, struct ms_outcome *o,
			struct ms_error *e)
{
	bool runoff = true;
	int rc = ms_rule_ranked(a, el, (uint32_t)slots, o, &runoff, e);
	if (rc != 0)
		assert_false(runoff);
	return rc;
}

static void test_alloc_failures(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c", "d" };
	static const int64_t costs[] = { 6, 3, 3, 1 };
	ms_test_build(&el, MS_VOTE_ORDINAL, 10, 4, ids, costs, "0 1 2 3;0 2 1;3");
	for (int slots = 2; slots <= 4; slots += 2)
		ms_test_fail_each_allocation(&el, ranked_slots, slots, 3);
	ms_test_unbuild(&el);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_alloc_failures),
	};
	return ms_test_run_group("ranked", fixed, N_OF(fixed), cases, N_OF(cases), sizeof cases[0], test_case);
}
