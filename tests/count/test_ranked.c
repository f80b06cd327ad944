/*
 * test_ranked.c — unit tests of the ranked-ballot rule (src/count/ranked.c):
 * Borda points by position, the cut at `slots`, projects skipped when they
 * no longer fit, run-offs on ties at the cut (as the threshold rule), and an
 * allocator that fails each allocation in turn.
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

/* ---- cases --------------------------------------------------------------- */

/* Selected as "i,j", steps as "kind:project=value" joined by ' '
 * (kinds: + selected, - skipped, ? stop), runoff flag. */
static void run(const struct ms_election *el, uint32_t slots, const char *want_sel, const char *want_steps,
		bool want_runoff)
{
	struct ms_outcome o;
	struct ms_error e;
	bool runoff = !want_runoff;
	char sel[256], steps[512];
	assert_int_equal(ms_rule_ranked(&ms_allocator_libc, el, slots, &o, &runoff, &e), 0);
	ms_test_sel_str(&o, sel, sizeof sel);
	size_t n = 0;
	steps[0] = '\0';
	for (size_t i = 0; i < o.n_steps; i++) {
		const struct ms_step *s = &o.steps[i];
		char k = s->kind == MS_STEP_SELECTED ? '+' : s->kind == MS_STEP_SKIPPED ? '-' : '?';
		n += (size_t)snprintf(steps + n, sizeof steps - n, "%s%c%u=%s", i ? " " : "", k,
				      (unsigned)s->project, s->value);
	}
	assert_string_equal(sel, want_sel);
	assert_string_equal(steps, want_steps);
	assert_int_equal(runoff, want_runoff);
	assert_true(o.total_cost <= el->budget);
	ms_outcome_fini(&ms_allocator_libc, &o);
}

static void test_borda(void **state)
{
	(void)state;
	struct ms_election el;
	/* M = 3: p0 3 + 2 = 5, p1 2 + 3 + 3 = 8, p2 1 */
	static const char *const ids[] = { "a", "b", "c" };
	static const int64_t costs[] = { 1, 1, 1 };
	ms_test_build(&el, MS_VOTE_ORDINAL, 100, 3, ids, costs, "0 1 2;1 0;1");
	run(&el, 2, "1,0", "+1=8 +0=5", false);
	run(&el, 0, "1,0,2", "+1=8 +0=5 +2=1", false);
	run(&el, 3, "1,0,2", "+1=8 +0=5 +2=1", false);
	ms_test_unbuild(&el);
}

static void test_unranked_never_selected(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c" };
	static const int64_t costs[] = { 1, 1, 1 };
	ms_test_build(&el, MS_VOTE_ORDINAL, 100, 3, ids, costs, "2;2 0;");
	run(&el, 0, "2,0", "+2=6 +0=2", false);
	ms_test_unbuild(&el);
}

static void test_tie_at_cut(void **state)
{
	(void)state;
	struct ms_election el;
	/* p0 and p1 both 3 + 2 = 5; one place: run-off, nothing selected */
	static const char *const ids[] = { "b", "a", "c" };
	static const int64_t costs[] = { 1, 1, 1 };
	ms_test_build(&el, MS_VOTE_ORDINAL, 100, 3, ids, costs, "0 1;1 0;2");
	run(&el, 1, "", "?1=5 ?0=5", true);
	run(&el, 2, "1,0", "+1=5 +0=5", false);
	/* two places and p2 below: both taken, then p2 with the third */
	run(&el, 3, "1,0,2", "+1=5 +0=5 +2=3", false);
	ms_test_unbuild(&el);
}

static void test_budget(void **state)
{
	(void)state;
	struct ms_election el;
	/* points: p0 8, p1 5, p2 5, p3 1 (M = 4) */
	static const char *const ids[] = { "a", "b", "c", "d" };
	static const int64_t costs[] = { 6, 3, 3, 1 };
	ms_test_build(&el, MS_VOTE_ORDINAL, 10, 4, ids, costs, "0 1 2 3;0 2 1");
	/* p0 (4 left); p1 and p2 fit one by one but not together: run-off */
	run(&el, 3, "0", "+0=8 ?1=5 ?2=5", true);
	/* with money for both, they are taken */
	el.budget = 12;
	run(&el, 4, "0,1,2", "+0=8 +1=5 +2=5 -3=1", false);
	/* p0 too expensive alone: skipped, the walk goes on */
	el.cost[0] = 20;
	run(&el, 2, "1,2", "-0=8 +1=5 +2=5", false);
	/* a group member over budget alone does not make a run-off */
	el.cost[0] = 6;
	el.cost[2] = 7;
	el.budget = 10;
	run(&el, 3, "0,1,3", "+0=8 +1=5 -2=5 +3=1", false);
	ms_test_unbuild(&el);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct ms_election el;
	struct ms_outcome o;
	bool runoff;
	static const char *const ids[] = { "a" };
	static const int64_t costs[] = { 1 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 5, 1, ids, costs, "0");
	assert_int_equal(ms_rule_ranked(&ms_allocator_libc, &el, 1, &o, &runoff, NULL), MS_ERR_UNPROCESSABLE);
	el.vote_type = MS_VOTE_ORDINAL;
	assert_int_equal(ms_rule_ranked(&ms_allocator_libc, &el, 1, &o, NULL, NULL), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_rule_ranked(&ms_allocator_libc, &el, 1, NULL, &runoff, NULL), MS_ERR_UNPROCESSABLE);
	ms_test_unbuild(&el);
}

static void test_alloc_failures(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c", "d" };
	static const int64_t costs[] = { 6, 3, 3, 1 };
	ms_test_build(&el, MS_VOTE_ORDINAL, 10, 4, ids, costs, "0 1 2 3;0 2 1;3");
	for (uint32_t slots = 2; slots <= 4; slots += 2) {
		size_t k;
		for (k = 1; k < 1000; k++) {
			struct ms_test_failing f = { 0, k, 0 };
			struct ms_allocator a = ms_test_failing_allocator(&f);
			struct ms_outcome o;
			bool runoff;
			int rc = ms_rule_ranked(&a, &el, slots, &o, &runoff, NULL);
			if (rc == 0) {
				ms_outcome_fini(&a, &o);
				assert_int_equal(f.live, 0);
				break;
			}
			assert_int_equal(rc, MS_ERR_NOMEM);
			assert_int_equal(f.live, 0);
			assert_false(runoff);
		}
		assert_true(k > 3 && k < 1000);
	}
	ms_test_unbuild(&el);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_borda),
		cmocka_unit_test(test_unranked_never_selected),
		cmocka_unit_test(test_tie_at_cut),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
