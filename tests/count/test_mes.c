/*
 * test_mes.c — unit tests of the Method of Equal Shares (src/count/mes*.c).
 *
 * A table of hand-worked elections, one runner: ties by byte-wise id,
 * zero-cost projects, unaffordable projects dropped, an exact tie that
 * doubles get wrong (run fast and with every decision in exact arithmetic,
 * through ms_mes_rule_opts), the completions on a case worked by hand, the
 * steps' text and payers, no voters and a budget of zero; bad input; an
 * allocator that fails each allocation in turn; and, when ../shared/pabulib
 * is there, every instance with an expected outcome against pabutools (the
 * null ones against the properties the rule promises). MINSHENG_MES_QUICK=1
 * skips the largest instances' completions (for slow sanitizer runs by
 * hand). test_mes_random.c compares the rule with a naive implementation of
 * its definition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/mes_internal.h"
#include "count/pb.h"
#include "support.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

static const struct ms_allocator *A = &ms_allocator_libc;

/* ---- hand-worked cases ------------------------------------------------------ */

static const char *const ids_9_10[] = {"9", "10"}, *const ids_azb[] = {"a", "z", "b"};
static const char *const ids_bigxy[] = {"big", "x", "y"}, *const ids_3210[] = {"3", "2", "1", "0"};
static const char *const ids_AB[] = {"A", "B"}, *const ids_xy[] = {"x", "y"}, *const ids_ab[] = {"a", "b"};
static const int64_t c_10_10[] = {10, 10}, c_6_0_30[] = {6, 0, 30}, c_9_6_4[] = {9, 6, 4};
static const int64_t c_19_19_15_25[] = {19, 19, 15, 25}, c_10_11[] = {10, 11}, c_1000_1100[] = {1000, 1100};
static const int64_t c_6_6[] = {6, 6}, c_1_1[] = {1, 1};

/* Both cost 10 and are approved by both voters (5 each). */
#define EL_TIE {MS_VOTE_APPROVAL, 10, 2, ids_9_10, c_10_10, "0 1;1 0", 0}
/* "z" costs 0 and is approved. */
#define EL_ZERO {MS_VOTE_APPROVAL, 12, 3, ids_azb, c_6_0_30, "0 1;0 1;2", 0}
/* Found by search: t = 12; "0" (cost 25) and "3" (cost 19) both have three
 * supporters with money to spare, rho = 1/3 exactly for both — but 25/3/25
 * and 19/3/19 differ in doubles, and a float MES takes "3" first and then
 * cannot afford "0". Exactly: "0" wins the tie by id, then "3" is still
 * affordable (lambda = 35/3 from voter 1). */
#define EL_FLOATS {MS_VOTE_APPROVAL, 48, 4, ids_3210, c_19_19_15_25, "0 1 2 3;0;0 3;1 3", 0}
/* B = 10, two voters, "A" costs 10 and only voter 0 wants it: MES at 5 each
 * cannot afford it. */
#define EL_COMPLETE(scale, costs) {MS_VOTE_APPROVAL, 10 * (scale), 2, ids_AB, costs, "0;1", scale}
#define EL_EMPTY(votes) {MS_VOTE_APPROVAL, 0, 2, ids_ab, c_1_1, votes, 0}

static const struct mes_case {
	const char *name;
	struct ms_test_el el;
	enum ms_satisfaction sat;
	enum ms_mes_completion completion;
	bool exact;                /* every decision in exact arithmetic */
	struct ms_test_outcome want;
} cases[] = {
	/* each would cost every voter 5, rho = 10 / (2 * 10) = 1/2 for both;
	 * "10" < "9" byte-wise, so "10" is taken and "9" is dropped */
	{"a tie by id", EL_TIE, MS_SAT_COST, MS_MES_NONE, false,
	 {.sel = "1", .total = "10", .step = {"+1=1/2 @0 [0,1]", "x0"}, .mes_budget = "-"}},
	/* cardinality: rho = 10 / 2 = 5 per point, same tie */
	{"a tie by id, cardinality", EL_TIE, MS_SAT_CARD, MS_MES_NONE, false, {.sel = "1", .step = {"#0 =5"}}},
	/* Cardinality satisfaction: selected at the start (its satisfaction is
	 * positive). Cost satisfaction: its satisfaction is 0 (pabutools'
	 * Cost_Sat), so MES leaves it and only a completion takes it. */
	{"zero cost, cardinality", EL_ZERO, MS_SAT_CARD, MS_MES_NONE, false,
	 {.sel_ids = "z a", .step = {"#0 +1=0 []"}}},
	{"zero cost, cost satisfaction", EL_ZERO, MS_SAT_COST, MS_MES_NONE, false, {.sel_ids = "a"}},
	{"zero cost, completed", EL_ZERO, MS_SAT_COST, MS_MES_ADD1_GREEDY, false, {.sel_ids = "a z"}},
	/* t = 4 each. "big" (cost 9) has two supporters (8 < 9): dropped. "x"
	 * (cost 6, voters 0 and 1) and "y" (cost 4, voters 1 and 2) both have
	 * rho 1/2; "x" wins by id; voters 0 and 1 keep 1. Then "y": the walk
	 * caps voter 1 (2 > 1, pays its 1) and voter 2 pays 3 <= 4: rho =
	 * lambda / cost = 3/4. */
	{"unaffordable projects are dropped", {MS_VOTE_APPROVAL, 12, 3, ids_bigxy, c_9_6_4, "0 1;0 1 2;2", 0},
	 MS_SAT_COST, MS_MES_NONE, false, {.sel_ids = "x y", .step = {"x0", "+2=3/4 @2 [1,2]"}}},
	/* "1": 12 < 15 from the start */
	{"an exact tie that doubles get wrong", EL_FLOATS, MS_SAT_COST, MS_MES_NONE, false,
	 {.sel_ids = "0 3", .step = {"+3=1/3", "x2"}}},
	{"an exact tie that doubles get wrong, exact", EL_FLOATS, MS_SAT_COST, MS_MES_NONE, true,
	 {.sel_ids = "0 3", .step = {"+3=1/3", "x2"}}},
	/* exh1pct: total budget 10 (100 + j)/100 reaches 20 (10 each) at
	 * j = 100: {A} costs 10 <= 10 and is exhaustive: 101 budgets visited,
	 * per-voter budget 10. */
	{"exh1pct by hand", EL_COMPLETE(1, c_10_11), MS_SAT_COST, MS_MES_EXH1PCT_GREEDY, false,
	 {.sel = "0", .iterations = "101", .mes_budget = "10"}},
	/* add1: 5 + k reaches 10 at k = 5: 6 budgets. */
	{"add1 by hand", EL_COMPLETE(1, c_10_11), MS_SAT_COST, MS_MES_ADD1_GREEDY, false,
	 {.iterations = "6", .mes_budget = "10"}},
	/* money in cents: per-voter budget in currency units, B/n + k yuan */
	{"add1 by hand, in cents", EL_COMPLETE(100, c_1000_1100), MS_SAT_COST, MS_MES_ADD1_GREEDY, false,
	 {.iterations = "6", .mes_budget = "10"}},
	/* Only "B" (11 > B = 10) is wanted: add1 raises the budgets until MES
	 * takes it, which is over B, so the previous outcome ({}) is kept and
	 * the greedy completion takes "A", unsupported but fitting; {} is
	 * already exhaustive over the candidates ({B}). */
	{"add1 keeps the outcome before the one over the budget",
	 {MS_VOTE_APPROVAL, 10, 2, ids_AB, c_10_11, "1;1", 0}, MS_SAT_COST, MS_MES_ADD1_GREEDY, false,
	 {.sel_ids = "A", .iterations = "1", .mes_budget = "5", .step = {"#$ c=0"}}},
	/* Cardinality with points as utilities: voter 0 gives x 3 points, y 1;
	 * voter 1 gives y 2. t = 6. x: rho = 6/3 = 2 (voter 0 pays 6 = all).
	 * y: rho = 6/3 = 2 too at the start, tie by id: x first. Then y: voter
	 * 0 has 0, lambda = 6/2 = 3 per point, voter 1 pays 6. */
	{"cumulative points", {MS_VOTE_CUMULATIVE, 12, 2, ids_xy, c_6_6, "0:3 1:1;1:2", 0}, MS_SAT_CARD, MS_MES_NONE,
	 false, {.sel_ids = "x y", .step = {"+0=2", "+1=3 [1]"}}},
	{"no voters", EL_EMPTY(""), MS_SAT_COST, MS_MES_NONE, false, {.sel = ""}},
	{"no voters, exh1pct", EL_EMPTY(""), MS_SAT_COST, MS_MES_EXH1PCT_GREEDY, false, {.sel = ""}},
	{"no voters, add1", EL_EMPTY(""), MS_SAT_COST, MS_MES_ADD1_GREEDY, false, {.sel = ""}},
	{"a budget of zero", EL_EMPTY("0 1;1"), MS_SAT_COST, MS_MES_NONE, false, {.sel = ""}},
	{"a budget of zero, exh1pct", EL_EMPTY("0 1;1"), MS_SAT_COST, MS_MES_EXH1PCT_GREEDY, false, {.sel = ""}},
	{"a budget of zero, add1", EL_EMPTY("0 1;1"), MS_SAT_COST, MS_MES_ADD1_GREEDY, false, {.sel = ""}},
};

static void test_case(void **state)
{
	const struct mes_case *c = *state;
	struct ms_election el;
	struct ms_outcome o;
	struct ms_error e;
	ms_test_build_el(&el, &c->el);
	int rc = ms_mes_rule_opts(A, &el, c->sat, c->completion, c->exact, false, &o, &e);
	if (rc)
		printf("# %s\n", e.message);
	assert_int_equal(rc, 0);
	ms_test_check_outcome(&el, &o, &c->want);
	ms_outcome_fini(A, &o);
	ms_test_unbuild(&el);
}

/* ---- refusals and failures --------------------------------------------------- */

static void test_bad_input(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b" };
	static const int64_t costs[] = { 1, 1 };
	ms_test_build(&el, MS_VOTE_ORDINAL, 2, 2, ids, costs, "0 1;1");
	struct ms_outcome o;
	struct ms_error e;
	assert_int_equal(ms_rule_mes(A, &el, MS_SAT_COST, MS_MES_NONE, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_RULE_WRONG_VOTE_TYPE.code);
	assert_int_equal(o.n_selected, 0);
	el.vote_type = MS_VOTE_APPROVAL;
	assert_int_equal(ms_rule_mes(A, &el, MS_SAT_COST, (enum ms_mes_completion)7, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_RULE_UNKNOWN_COMPLETION.code);
	assert_int_equal(ms_rule_mes(A, &el, (enum ms_satisfaction)5, MS_MES_NONE, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_RULE_UNKNOWN_SATISFACTION.code);
	assert_int_equal(ms_rule_mes(A, &el, MS_SAT_COST, MS_MES_NONE, NULL, &e), MS_ERR_INVALID);
	assert_string_equal(e.code, MS_E_COUNT_BAD_CALL.code);
	el.vote_proj[0] = 5; /* out of range */
	assert_int_equal(ms_rule_mes(A, &el, MS_SAT_COST, MS_MES_NONE, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_BAD_PROJECT.code);
	ms_test_unbuild(&el);
}

/* opt: satisfaction * 6 + completion * 2 + exact. */
static int mes_opt(const struct ms_allocator *a, const struct ms_election *el, int opt, struct ms_outcome *o,
		   struct ms_error *e)
{
	return ms_mes_rule_opts(a, el, (enum ms_satisfaction)(opt / 6), (enum ms_mes_completion)(opt / 2 % 3),
				opt % 2, false, o, e);
}

static void test_alloc_failures(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c", "d", "e" };
	static const int64_t costs[] = { 0, 3, 9, 5, 2 };
	ms_test_build(&el, MS_VOTE_CUMULATIVE, 12, 5, ids, costs, "0:1 3:2;3:1 2:4;;1:2 4:1;4:3;1:2 4:1");
	for (int opt = 0; opt < 12; opt++)
		ms_test_fail_each_allocation(&el, mes_opt, opt, 5);
	ms_test_unbuild(&el);
}

/* ---- against pabutools (../shared/pabulib/expected) ---------------------- */

/* The rule's "mes_iterations" (0 when absent). */
static uint64_t json_iterations(const char *json, const char *rule)
{
	const char *end, *s = ms_test_json_rule(json, rule, &end);
	if (!s)
		return 0;
	s = strstr(s, "\"mes_iterations\"");
	if (!s || s > end)
		return 0;
	s += strlen("\"mes_iterations\"");
	while (*s == ' ' || *s == ':')
		s++;
	return strtoull(s, NULL, 10);
}

/* What the rule promises whatever the reference: within the budget; after a
 * completion, exhaustive (no unselected project fits what is left). */
static void check_properties(const struct ms_election *el, const struct ms_outcome *o, bool completed)
{
	assert_true(o->total_cost <= el->budget);
	int64_t sum = 0;
	uint8_t *in = calloc(el->n_projects + 1, 1);
	assert_non_null(in);
	for (uint32_t i = 0; i < o->n_selected; i++) {
		assert_int_equal(in[o->selected[i]], 0);
		in[o->selected[i]] = 1;
		sum += el->cost[o->selected[i]];
	}
	assert_int_equal(sum, o->total_cost);
	if (completed) {
		for (uint32_t p = 0; p < el->n_projects; p++)
			if (!in[p])
				assert_true(el->cost[p] > el->budget - o->total_cost);
		assert_non_null(o->mes_budget);
		assert_true(o->mes_iterations >= 1);
	}
	free(in);
}

static const char *const mes_keys[] = { "mes_cost", "mes_cost_exh1pct_greedy", "mes_cost_add1_greedy" };
static const enum ms_mes_completion mes_comp[] = { MS_MES_NONE, MS_MES_EXH1PCT_GREEDY, MS_MES_ADD1_GREEDY };

struct mes_expected {
	bool quick;
	size_t checked[N_OF(mes_keys)], matched[N_OF(mes_keys)], nulls[N_OF(mes_keys)];
};

static void check_mes_expected(void *ctx, const char *pbname, const char *json, const struct ms_election *el)
{
	struct mes_expected *x = ctx;
	static char want[1 << 16], got[1 << 16];
	for (size_t k = 0; k < N_OF(mes_keys); k++) {
		int have = ms_test_json_selected(json, mes_keys[k], true, want, sizeof want);
		if (have < 0)
			continue;
		if (x->quick && mes_comp[k] != MS_MES_NONE && el->n_voters > 10000)
			continue;
		struct ms_outcome o;
		struct ms_error e;
		int rc = ms_rule_mes(A, el, MS_SAT_COST, mes_comp[k], &o, &e);
		if (rc)
			printf("# %s %s: %s\n", pbname, mes_keys[k], e.message);
		assert_int_equal(rc, 0);
		check_properties(el, &o, mes_comp[k] != MS_MES_NONE);
		if (have == 0) {
			x->nulls[k]++;
		} else {
			ms_test_our_selected(el, &o, got, sizeof got);
			x->checked[k]++;
			uint64_t it = json_iterations(json, mes_keys[k]);
			if (strcmp(got, want) == 0 && (it == 0 || it == o.mes_iterations))
				x->matched[k]++;
			else
				printf("# %s %s differs:\n# want %s (iterations %llu)\n# got  %s (iterations %llu)\n",
				       pbname, mes_keys[k], want, (unsigned long long)it, got,
				       (unsigned long long)o.mes_iterations);
		}
		ms_outcome_fini(&ms_allocator_libc, &o);
	}
}

static void test_pabulib_expected(void **state)
{
	(void)state;
	struct mes_expected x = { 0 };
	x.quick = getenv("MINSHENG_MES_QUICK") && strtol(getenv("MINSHENG_MES_QUICK"), NULL, 10) != 0;
	ms_test_each_expected(check_mes_expected, &x);
	for (size_t k = 0; k < N_OF(mes_keys); k++) {
		printf("# %s: %zu of %zu instances match pabutools; %zu without reference meet the properties\n",
		       mes_keys[k], x.matched[k], x.checked[k], x.nulls[k]);
		assert_true(x.checked[k] > 0);
		assert_int_equal(x.matched[k], x.checked[k]);
	}
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_pabulib_expected),
	};
	return ms_test_run_group("mes", fixed, N_OF(fixed), cases, N_OF(cases), sizeof cases[0], test_case);
}
