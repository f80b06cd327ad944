/*
 * test_mes.c — unit tests of the Method of Equal Shares (src/count/mes.c).
 *
 * The tests also run the engine with every decision in exact arithmetic
 * and with the stepwise completion (no jumps), through ms_mes_rule_opts
 * (mes_internal.h). Checked here: hand-worked elections (ties by byte-wise id,
 * zero-cost projects, unaffordable projects dropped, an exact tie that
 * doubles get wrong, the completions on a case worked by hand, the steps'
 * text and payers); hundreds of small random elections against a naive,
 * independent implementation of ../shared/pabulib/README.md (exact
 * rationals, every voter apart, the completions run step by step) for both
 * satisfactions and all three completions; an allocator that fails each
 * allocation in turn; and, when ../shared/pabulib is there, every instance
 * with an expected outcome against pabutools (the null ones against the
 * properties the rule promises). MINSHENG_MES_QUICK=1 skips the largest
 * instances' completions (for slow sanitizer runs by hand).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The rule with the test options (ms_mes_rule_opts). */
#include "count/mes_internal.h"

#include "count/pb.h"
#include "count/rat.h"
#include "support.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

/* ---- helpers ------------------------------------------------------------ */

/* The selected ids in the rule's order, space-separated. */
static void sel_str(const struct ms_election *el, const struct ms_outcome *o, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < o->n_selected && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? " " : "", el->project_id[o->selected[i]]);
}

static void run(const struct ms_election *el, enum ms_satisfaction sat, enum ms_mes_completion c,
		struct ms_outcome *o)
{
	struct ms_error e;
	int rc = ms_rule_mes(&ms_allocator_libc, el, sat, c, o, &e);
	if (rc)
		printf("# %s\n", e.message);
	assert_int_equal(rc, 0);
}

static void expect(const struct ms_election *el, enum ms_satisfaction sat, enum ms_mes_completion c,
		   const char *want)
{
	struct ms_outcome o;
	char got[512];
	run(el, sat, c, &o);
	sel_str(el, &o, got, sizeof got);
	assert_string_equal(got, want);
	ms_outcome_fini(&ms_allocator_libc, &o);
}

static const struct ms_step *find_step(const struct ms_outcome *o, enum ms_step_kind kind, uint32_t project)
{
	for (size_t i = 0; i < o->n_steps; i++)
		if (o->steps[i].kind == kind && o->steps[i].project == project)
			return &o->steps[i];
	return NULL;
}

static void test_tie_by_id(void **state)
{
	(void)state;
	/* Both cost 10 and are approved by both voters (5 each): each would
	 * cost every voter 5, rho = 10 / (2 * 10) = 1/2 for both; "10" < "9"
	 * byte-wise, so "10" is taken and "9" is dropped. */
	struct ms_election el;
	static const char *const ids[] = { "9", "10" };
	static const int64_t costs[] = { 10, 10 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 10, 2, ids, costs, "0 1;1 0");
	struct ms_outcome o;
	run(&el, MS_SAT_COST, MS_MES_NONE, &o);
	assert_int_equal(o.n_selected, 1);
	assert_int_equal(o.selected[0], 1);
	assert_int_equal(o.total_cost, 10);
	const struct ms_step *s = find_step(&o, MS_STEP_SELECTED, 1);
	assert_non_null(s);
	assert_string_equal(s->value, "1/2");
	assert_int_equal(s->budget_left, 0);
	assert_int_equal(s->n_payers, 2);
	assert_int_equal(s->payers[0], 0);
	assert_int_equal(s->payers[1], 1);
	assert_non_null(find_step(&o, MS_STEP_DROPPED, 0));
	assert_null(o.mes_budget);
	ms_outcome_fini(&ms_allocator_libc, &o);
	/* cardinality: rho = 10 / 2 = 5 per point, same tie */
	run(&el, MS_SAT_CARD, MS_MES_NONE, &o);
	assert_int_equal(o.n_selected, 1);
	assert_int_equal(o.selected[0], 1);
	assert_string_equal(o.steps[0].value, "5");
	ms_outcome_fini(&ms_allocator_libc, &o);
	ms_test_unbuild(&el);
}

static void test_zero_cost(void **state)
{
	(void)state;
	/* "z" costs 0 and is approved. Cardinality satisfaction: selected at
	 * the start (its satisfaction is positive). Cost satisfaction: its
	 * satisfaction is 0 (pabutools' Cost_Sat), so MES leaves it and only a
	 * completion takes it. */
	struct ms_election el;
	static const char *const ids[] = { "a", "z", "b" };
	static const int64_t costs[] = { 6, 0, 30 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 12, 3, ids, costs, "0 1;0 1;2");
	expect(&el, MS_SAT_CARD, MS_MES_NONE, "z a");
	expect(&el, MS_SAT_COST, MS_MES_NONE, "a");
	expect(&el, MS_SAT_COST, MS_MES_ADD1_GREEDY, "a z");
	struct ms_outcome o;
	run(&el, MS_SAT_CARD, MS_MES_NONE, &o);
	assert_int_equal(o.steps[0].kind, MS_STEP_SELECTED);
	assert_int_equal(o.steps[0].project, 1);
	assert_string_equal(o.steps[0].value, "0");
	assert_int_equal(o.steps[0].n_payers, 0);
	ms_outcome_fini(&ms_allocator_libc, &o);
	ms_test_unbuild(&el);
}

static void test_unaffordable_dropped(void **state)
{
	(void)state;
	/* t = 4 each. "big" (cost 9) has two supporters (8 < 9): dropped.
	 * "x" (cost 6, voters 0 and 1) and "y" (cost 4, voters 1 and 2) both
	 * have rho 1/2; "x" wins by id; voters 0 and 1 keep 1. Then "y": the
	 * walk caps voter 1 (2 > 1, pays its 1) and voter 2 pays 3 <= 4:
	 * rho = 3/4. */
	struct ms_election el;
	static const char *const ids[] = { "big", "x", "y" };
	static const int64_t costs[] = { 9, 6, 4 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 12, 3, ids, costs, "0 1;0 1 2;2");
	struct ms_outcome o;
	run(&el, MS_SAT_COST, MS_MES_NONE, &o);
	char got[64];
	sel_str(&el, &o, got, sizeof got);
	assert_string_equal(got, "x y");
	assert_non_null(find_step(&o, MS_STEP_DROPPED, 0));
	const struct ms_step *sy = find_step(&o, MS_STEP_SELECTED, 2);
	assert_non_null(sy);
	assert_string_equal(sy->value, "3/4"); /* rho = lambda / cost = 3/4 */
	assert_int_equal(sy->n_payers, 2);
	assert_int_equal(sy->payers[0], 1);
	assert_int_equal(sy->payers[1], 2);
	assert_int_equal(sy->budget_left, 2);
	ms_outcome_fini(&ms_allocator_libc, &o);
	ms_test_unbuild(&el);
}

static void test_exact_tie_floats_get_wrong(void **state)
{
	(void)state;
	/* Found by search: t = 12; "0" (cost 25) and "3" (cost 19) both have
	 * three supporters with money to spare, rho = 1/3 exactly for both —
	 * but 25/3/25 and 19/3/19 differ in doubles, and a float MES takes "3"
	 * first and then cannot afford "0". Exactly: "0" wins the tie by id,
	 * then "3" is still affordable (lambda = 35/3 from voter 1). */
	struct ms_election el;
	static const char *const ids[] = { "3", "2", "1", "0" };
	static const int64_t costs[] = { 19, 19, 15, 25 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 48, 4, ids, costs, "0 1 2 3;0;0 3;1 3");
	struct ms_outcome o;
	for (int exact = 0; exact < 2; exact++) {
		struct ms_error e;
		assert_int_equal(ms_mes_rule_opts(&ms_allocator_libc, &el, MS_SAT_COST, MS_MES_NONE, exact, false, &o, &e), 0);
		char got[64];
		sel_str(&el, &o, got, sizeof got);
		assert_string_equal(got, "0 3");
		const struct ms_step *s0 = find_step(&o, MS_STEP_SELECTED, 3);
		assert_non_null(s0);
		assert_string_equal(s0->value, "1/3");
		assert_non_null(find_step(&o, MS_STEP_DROPPED, 2)); /* "1": 12 < 15 from the start */
		ms_outcome_fini(&ms_allocator_libc, &o);
	}
	ms_test_unbuild(&el);
}

static void test_completions_by_hand(void **state)
{
	(void)state;
	/* B = 10, two voters, "A" costs 10 and only voter 0 wants it: MES at
	 * 5 each cannot afford it. exh1pct: total budget 10 (100 + j)/100
	 * reaches 20 (10 each) at j = 100: {A} costs 10 <= 10 and is
	 * exhaustive: 101 budgets visited, per-voter budget 10. add1: 5 + k
	 * reaches 10 at k = 5: 6 budgets. */
	struct ms_election el;
	static const char *const ids[] = { "A", "B" };
	static const int64_t costs[] = { 10, 11 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 10, 2, ids, costs, "0;1");
	struct ms_outcome o;
	run(&el, MS_SAT_COST, MS_MES_EXH1PCT_GREEDY, &o);
	assert_int_equal(o.n_selected, 1);
	assert_int_equal(o.selected[0], 0);
	assert_int_equal(o.mes_iterations, 101);
	assert_string_equal(o.mes_budget, "10");
	ms_outcome_fini(&ms_allocator_libc, &o);
	run(&el, MS_SAT_COST, MS_MES_ADD1_GREEDY, &o);
	assert_int_equal(o.mes_iterations, 6);
	assert_string_equal(o.mes_budget, "10");
	ms_outcome_fini(&ms_allocator_libc, &o);
	/* money in cents: per-voter budget in currency units, B/n + k yuan */
	el.money_scale = 100;
	el.cost[0] = 1000;
	el.cost[1] = 1100;
	el.budget = 1000;
	run(&el, MS_SAT_COST, MS_MES_ADD1_GREEDY, &o);
	assert_int_equal(o.mes_iterations, 6);
	assert_string_equal(o.mes_budget, "10");
	ms_outcome_fini(&ms_allocator_libc, &o);
	ms_test_unbuild(&el);
	/* Only "B" (11 > B = 10) is wanted: add1 raises the budgets until MES
	 * takes it, which is over B, so the previous outcome ({}) is kept and
	 * the greedy completion takes "A", unsupported but fitting. */
	ms_test_build(&el, MS_VOTE_APPROVAL, 10, 2, ids, costs, "1;1");
	run(&el, MS_SAT_COST, MS_MES_ADD1_GREEDY, &o);
	char got[64];
	sel_str(&el, &o, got, sizeof got);
	assert_string_equal(got, "A");
	assert_int_equal(o.mes_iterations, 1); /* {} is already exhaustive over the candidates ({B}) */
	assert_string_equal(o.mes_budget, "5");
	assert_int_equal(o.steps[o.n_steps - 1].kind, MS_STEP_COMPLETION);
	assert_string_equal(o.steps[o.n_steps - 1].value, "0");
	ms_outcome_fini(&ms_allocator_libc, &o);
	ms_test_unbuild(&el);
}

static void test_cumulative_points(void **state)
{
	(void)state;
	/* Cardinality with points as utilities: voter 0 gives x 3 points, y 1;
	 * voter 1 gives y 2. t = 6. x: rho = 6/3 = 2 (voter 0 pays 6 = all).
	 * y: rho = 6/3 = 2 too at the start, tie by id: x first. Then y:
	 * voter 0 has 0, voter 1 pays at most 6 = 2 * 3? lambda walk: voter 0
	 * capped (0), lambda = 6/2 = 3 per point, voter 1 pays 6. */
	struct ms_election el;
	static const char *const ids[] = { "x", "y" };
	static const int64_t costs[] = { 6, 6 };
	ms_test_build(&el, MS_VOTE_CUMULATIVE, 12, 2, ids, costs, "0:3 1:1;1:2");
	struct ms_outcome o;
	run(&el, MS_SAT_CARD, MS_MES_NONE, &o);
	char got[64];
	sel_str(&el, &o, got, sizeof got);
	assert_string_equal(got, "x y");
	const struct ms_step *sx = find_step(&o, MS_STEP_SELECTED, 0), *sy = find_step(&o, MS_STEP_SELECTED, 1);
	assert_true(sx && sy);
	assert_string_equal(sx->value, "2");
	assert_string_equal(sy->value, "3");
	assert_int_equal(sy->n_payers, 1);
	assert_int_equal(sy->payers[0], 1);
	ms_outcome_fini(&ms_allocator_libc, &o);
	ms_test_unbuild(&el);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b" };
	static const int64_t costs[] = { 1, 1 };
	ms_test_build(&el, MS_VOTE_ORDINAL, 2, 2, ids, costs, "0 1;1");
	struct ms_outcome o;
	struct ms_error e;
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, &el, MS_SAT_COST, MS_MES_NONE, &o, &e),
			 MS_ERR_UNPROCESSABLE);
	assert_int_equal(o.n_selected, 0);
	el.vote_type = MS_VOTE_APPROVAL;
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, &el, MS_SAT_COST, (enum ms_mes_completion)7, &o,
						&e),
			 MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, &el, MS_SAT_COST, MS_MES_NONE, NULL, &e),
			 MS_ERR_INVALID);
	el.vote_proj[0] = 5; /* out of range */
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, &el, MS_SAT_COST, MS_MES_NONE, &o, &e),
			 MS_ERR_UNPROCESSABLE);
	ms_test_unbuild(&el);
	/* no voters, and a budget of zero */
	ms_test_build(&el, MS_VOTE_APPROVAL, 0, 2, ids, costs, "");
	for (int c = 0; c < 3; c++) {
		run(&el, MS_SAT_COST, (enum ms_mes_completion)c, &o);
		assert_int_equal(o.n_selected, 0);
		ms_outcome_fini(&ms_allocator_libc, &o);
	}
	ms_test_unbuild(&el);
	ms_test_build(&el, MS_VOTE_APPROVAL, 0, 2, ids, costs, "0 1;1");
	for (int c = 0; c < 3; c++) {
		run(&el, MS_SAT_COST, (enum ms_mes_completion)c, &o);
		assert_int_equal(o.n_selected, 0);
		ms_outcome_fini(&ms_allocator_libc, &o);
	}
	ms_test_unbuild(&el);
}

/* ---- the naive oracle: README's definition, every voter apart ------------- */

#define NV_MAX 16
#define NP_MAX 8

struct naive {
	uint32_t sel[NP_MAX];
	uint32_t n_sel;      /* MES part */
	uint32_t all[NP_MAX];
	uint32_t n_all;      /* with the completion */
	int64_t cost;
	char rho[NP_MAX][256];
	uint32_t payers[NP_MAX][NV_MAX];
	uint32_t n_payers[NP_MAX];
	uint64_t iterations;
	char budget[256];
};

static void rat_ok(int rc)
{
	assert_int_equal(rc, 0);
}

/* utility of voter v for p: cost satisfaction cost(p) when listed (pabutools'
 * Cost_Sat), cardinality 1 or the points; 0 when not a supporter */
static int64_t nv_util(const struct ms_election *el, enum ms_satisfaction sat, uint32_t v, uint32_t p)
{
	for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
		if (el->vote_proj[k] != p)
			continue;
		if (sat == MS_SAT_COST)
			return el->cost[p];
		if (el->vote_points)
			return el->vote_points[k] > 0 ? el->vote_points[k] : 0;
		return 1;
	}
	return 0;
}

/* a/ua < b/ub ? (ua, ub > 0) */
static int nv_cmp_ratio(const struct ms_rat *a, int64_t ua, const struct ms_rat *b, int64_t ub)
{
	struct ms_rat x = MS_RAT_ZERO, y = MS_RAT_ZERO;
	rat_ok(ms_rat_mul_i64(&x, a, ub));
	rat_ok(ms_rat_mul_i64(&y, b, ua));
	int c = ms_rat_cmp(&x, &y, NULL);
	ms_rat_fini(&x);
	ms_rat_fini(&y);
	return c;
}

/* MES at per-voter budget t (money units). */
static void naive_mes(const struct ms_election *el, enum ms_satisfaction sat, const struct ms_rat *t,
		      struct naive *out)
{
	uint32_t n = el->n_voters, np = el->n_projects;
	struct ms_rat b[NV_MAX];
	bool alive[NP_MAX];
	out->n_sel = 0;
	out->cost = 0;
	for (uint32_t v = 0; v < n; v++) {
		ms_rat_init(&b[v]);
		rat_ok(ms_rat_set(&b[v], t));
	}
	for (uint32_t p = 0; p < np; p++) {
		int64_t tot = 0;
		for (uint32_t v = 0; v < n; v++)
			tot += nv_util(el, sat, v, p);
		alive[p] = tot > 0 && el->cost[p] > 0;
		if (tot > 0 && el->cost[p] == 0) { /* selected at the start */
			out->sel[out->n_sel] = p;
			snprintf(out->rho[out->n_sel], sizeof out->rho[0], "0");
			out->n_payers[out->n_sel] = 0;
			out->n_sel++;
		}
	}
	for (;;) {
		int best = -1;
		struct ms_rat best_rho = MS_RAT_ZERO;
		for (uint32_t p = 0; p < np; p++) {
			if (!alive[p])
				continue;
			struct ms_rat tot = MS_RAT_ZERO, cost = MS_RAT_ZERO;
			uint32_t sup[NV_MAX], ns = 0;
			for (uint32_t v = 0; v < n; v++)
				if (nv_util(el, sat, v, p) > 0) {
					rat_ok(ms_rat_add(&tot, &tot, &b[v]));
					sup[ns++] = v;
				}
			rat_ok(ms_rat_set_i64(&cost, el->cost[p], 1));
			if (ms_rat_cmp(&tot, &cost, NULL) < 0) {
				alive[p] = false; /* dropped for good */
				ms_rat_fini(&tot);
				ms_rat_fini(&cost);
				continue;
			}
			/* supporters by budget / utility, ascending (insertion sort) */
			for (uint32_t i = 1; i < ns; i++)
				for (uint32_t j = i; j > 0; j--) {
					uint32_t x = sup[j - 1], y = sup[j];
					if (nv_cmp_ratio(&b[y], nv_util(el, sat, y, p), &b[x], nv_util(el, sat, x, p)) >= 0)
						break;
					sup[j - 1] = y;
					sup[j] = x;
				}
			int64_t U = 0;
			for (uint32_t i = 0; i < ns; i++)
				U += nv_util(el, sat, sup[i], p);
			struct ms_rat paid = MS_RAT_ZERO, rho = MS_RAT_ZERO, pay = MS_RAT_ZERO;
			for (uint32_t i = 0; i < ns; i++) {
				int64_t u = nv_util(el, sat, sup[i], p);
				rat_ok(ms_rat_sub(&rho, &cost, &paid));
				rat_ok(ms_rat_div_i64(&rho, &rho, U));
				rat_ok(ms_rat_mul_i64(&pay, &rho, u));
				if (ms_rat_cmp(&pay, &b[sup[i]], NULL) <= 0)
					break;
				rat_ok(ms_rat_add(&paid, &paid, &b[sup[i]]));
				U -= u;
			}
			if (best < 0 || ms_rat_cmp(&rho, &best_rho, NULL) < 0 ||
			    (ms_rat_cmp(&rho, &best_rho, NULL) == 0 && el->id_rank[p] < el->id_rank[best])) {
				best = (int)p;
				rat_ok(ms_rat_set(&best_rho, &rho));
			}
			ms_rat_fini(&tot);
			ms_rat_fini(&cost);
			ms_rat_fini(&paid);
			ms_rat_fini(&rho);
			ms_rat_fini(&pay);
		}
		if (best < 0) {
			ms_rat_fini(&best_rho);
			break;
		}
		uint32_t p = (uint32_t)best, i = out->n_sel++;
		out->sel[i] = p;
		out->cost += el->cost[p];
		alive[p] = false;
		out->n_payers[i] = 0;
		struct ms_rat pay = MS_RAT_ZERO, text = MS_RAT_ZERO;
		for (uint32_t v = 0; v < n; v++) {
			int64_t u = nv_util(el, sat, v, p);
			if (u == 0 || ms_rat_sign(&b[v]) == 0)
				continue;
			out->payers[i][out->n_payers[i]++] = v;
			rat_ok(ms_rat_mul_i64(&pay, &best_rho, u));
			if (ms_rat_cmp(&pay, &b[v], NULL) >= 0)
				ms_rat_init(&b[v]);
			else
				rat_ok(ms_rat_sub(&b[v], &b[v], &pay));
		}
		/* text: cost satisfaction rho as is; cardinality per currency unit */
		rat_ok(ms_rat_set(&text, &best_rho));
		if (sat == MS_SAT_CARD)
			rat_ok(ms_rat_div_i64(&text, &text, el->money_scale));
		assert_true(ms_rat_to_str(&text, out->rho[i], sizeof out->rho[0]) < sizeof out->rho[0]);
		ms_rat_fini(&pay);
		ms_rat_fini(&text);
		ms_rat_fini(&best_rho);
	}
	for (uint32_t v = 0; v < n; v++)
		ms_rat_fini(&b[v]);
}

static bool nv_exhaustive(const struct ms_election *el, enum ms_satisfaction sat, const struct naive *o,
			  bool candidates_only)
{
	for (uint32_t p = 0; p < el->n_projects; p++) {
		bool in = false;
		for (uint32_t i = 0; i < o->n_sel; i++)
			in |= o->sel[i] == p;
		if (in)
			continue;
		if (candidates_only) {
			int64_t tot = 0;
			for (uint32_t v = 0; v < el->n_voters; v++)
				tot += nv_util(el, sat, v, p);
			if (tot == 0 || el->cost[p] == 0)
				continue;
		}
		if (o->cost + el->cost[p] <= el->budget)
			return false;
	}
	return true;
}

/* The whole rule, stepwise, then the greedy completion. */
static void naive_rule(const struct ms_election *el, enum ms_satisfaction sat, enum ms_mes_completion c,
		       struct naive *out)
{
	uint32_t n = el->n_voters;
	struct ms_rat t = MS_RAT_ZERO, t_prev = MS_RAT_ZERO, step = MS_RAT_ZERO;
	struct naive cur, prev;
	memset(&prev, 0, sizeof prev);
	if (n > 0)
		rat_ok(ms_rat_set_i64(&t, el->budget, n));
	if (c == MS_MES_NONE) {
		naive_mes(el, sat, &t, out);
		out->iterations = 0;
		out->budget[0] = '\0';
	} else {
		if (c == MS_MES_EXH1PCT_GREEDY && n > 0)
			rat_ok(ms_rat_set_i64(&step, el->budget, (int64_t)n * 100));
		else if (n > 0)
			rat_ok(ms_rat_set_i64(&step, el->money_scale, 1));
		uint64_t jmax = (uint64_t)n * 100;
		for (uint64_t j = 0;; j++) {
			naive_mes(el, sat, &t, &cur);
			if (cur.cost > el->budget) {
				*out = prev;
				rat_ok(ms_rat_set(&t, &t_prev));
				out->iterations = j + 1;
				break;
			}
			if (nv_exhaustive(el, sat, &cur, c == MS_MES_ADD1_GREEDY) ||
			    (c == MS_MES_EXH1PCT_GREEDY && j >= jmax)) {
				*out = cur;
				out->iterations = j + 1;
				break;
			}
			prev = cur;
			rat_ok(ms_rat_set(&t_prev, &t));
			rat_ok(ms_rat_add(&t, &t, &step));
		}
		struct ms_rat cu = MS_RAT_ZERO;
		rat_ok(ms_rat_div_i64(&cu, &t, el->money_scale));
		assert_true(ms_rat_to_str(&cu, out->budget, sizeof out->budget) < sizeof out->budget);
		ms_rat_fini(&cu);
	}
	/* greedy completion */
	out->n_all = out->n_sel;
	memcpy(out->all, out->sel, sizeof out->sel);
	if (c != MS_MES_NONE) {
		int64_t left = el->budget - out->cost;
		bool taken[NP_MAX] = { false };
		for (uint32_t i = 0; i < out->n_sel; i++)
			taken[out->sel[i]] = true;
		for (;;) {
			int best = -1;
			int64_t bn = 0, bd = 1;
			int bc = 0;
			for (uint32_t p = 0; p < el->n_projects; p++) {
				if (taken[p])
					continue;
				int64_t tot = 0;
				for (uint32_t v = 0; v < n; v++)
					tot += nv_util(el, sat, v, p);
				/* score = total / cost; cost 0 with support: +inf; total 0: 0 */
				int cls = tot == 0 ? 0 : (el->cost[p] == 0 ? 2 : 1);
				int64_t num = tot, den = el->cost[p] ? el->cost[p] : 1;
				bool better = best < 0 || cls > bc ||
					      (cls == bc && cls == 1 && num * bd > bn * den) ||
					      (cls == bc && (cls != 1 || num * bd == bn * den) &&
					       el->id_rank[p] < el->id_rank[best]);
				if (better) {
					best = (int)p;
					bn = num;
					bd = den;
					bc = cls;
				}
			}
			if (best < 0)
				break;
			taken[best] = true;
			if (el->cost[best] <= left) {
				left -= el->cost[best];
				out->all[out->n_all++] = (uint32_t)best;
			}
		}
		out->cost = el->budget - left;
	}
	ms_rat_fini(&t);
	ms_rat_fini(&t_prev);
	ms_rat_fini(&step);
}

/* The engine's outcome against the oracle's. */
static void compare(const struct ms_election *el, enum ms_satisfaction sat, enum ms_mes_completion c,
		    const struct ms_outcome *o, const struct naive *nv, const char *what)
{
	bool ok = o->n_selected == nv->n_all && o->total_cost == nv->cost;
	for (uint32_t i = 0; ok && i < nv->n_all; i++)
		ok = o->selected[i] == nv->all[i];
	if (c != MS_MES_NONE)
		ok = ok && o->mes_iterations == nv->iterations && o->mes_budget &&
		     strcmp(o->mes_budget, nv->budget) == 0;
	/* steps: the MES part's prices and payers, every other candidate dropped once */
	uint32_t k = 0;
	for (size_t i = 0; ok && i < o->n_steps; i++) {
		const struct ms_step *s = &o->steps[i];
		if (s->kind != MS_STEP_SELECTED)
			continue;
		ok = k < nv->n_sel && s->project == nv->sel[k] && s->value && strcmp(s->value, nv->rho[k]) == 0 &&
		     s->n_payers == nv->n_payers[k];
		for (uint32_t j = 0; ok && j < s->n_payers; j++)
			ok = s->payers[j] == nv->payers[k][j];
		k++;
	}
	ok = ok && k == nv->n_sel;
	if (!ok) {
		char got[256];
		sel_str(el, o, got, sizeof got);
		printf("# %s sat %d completion %d: got [%s] cost %lld it %llu budget %s; want", what, (int)sat, (int)c,
		       got, (long long)o->total_cost, (unsigned long long)o->mes_iterations,
		       o->mes_budget ? o->mes_budget : "-");
		for (uint32_t i = 0; i < nv->n_all; i++)
			printf(" %s", el->project_id[nv->all[i]]);
		printf(" cost %lld it %llu budget %s\n", (long long)nv->cost, (unsigned long long)nv->iterations,
		       nv->budget);
		for (size_t i = 0; i < o->n_steps; i++)
			printf("#   step %d %s %s payers %u\n", (int)o->steps[i].kind, el->project_id[o->steps[i].project],
			       o->steps[i].value ? o->steps[i].value : "-", o->steps[i].n_payers);
		for (uint32_t i = 0; i < nv->n_sel; i++)
			printf("#   want %s %s payers %u\n", el->project_id[nv->sel[i]], nv->rho[i], nv->n_payers[i]);
	}
	assert_true(ok);
}

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % n);
}

static const char *const id_pool[] = { "1", "10", "2", "9", "a", "B", "11", "0" };

/* A random small election. Costs and budgets are small integers (ties
 * everywhere: the exact paths) or larger ones (the double paths). */
static void random_election(struct ms_election *el, int kind)
{
	uint32_t np = 1 + rnd(6), nv = 1 + rnd(9);
	char votes[512];
	size_t n = 0;
	bool points = kind == 2;
	bool big = rnd(2) == 0;
	int64_t costs[NP_MAX];
	const char *ids[NP_MAX];
	uint32_t perm[N_OF(id_pool)];
	for (uint32_t i = 0; i < N_OF(id_pool); i++)
		perm[i] = i;
	for (uint32_t i = N_OF(id_pool) - 1; i > 0; i--) {
		uint32_t j = rnd(i + 1), x = perm[i];
		perm[i] = perm[j];
		perm[j] = x;
	}
	int64_t total = 0;
	for (uint32_t p = 0; p < np; p++) {
		ids[p] = id_pool[perm[p]];
		costs[p] = big ? 1 + (int64_t)rnd(997) : (int64_t)rnd(13);
		if (!big && costs[p] == 0 && rnd(3))
			costs[p] = 1 + (int64_t)rnd(6);
		total += costs[p];
	}
	size_t prev_start = 0, prev_end = 0;
	for (uint32_t v = 0; v < nv; v++) {
		if (v)
			votes[n++] = ';';
		size_t start = n;
		if (v > 0 && rnd(3) == 0) { /* repeat the previous ballot: groups */
			memmove(votes + n, votes + prev_start, prev_end - prev_start);
			n += prev_end - prev_start;
			prev_start = start;
			prev_end = n;
			continue;
		}
		for (uint32_t p = 0; p < np; p++) {
			if (rnd(100) < 45)
				continue;
			if (points)
				n += (size_t)snprintf(votes + n, sizeof votes - n, "%u:%u ", p, rnd(5));
			else
				n += (size_t)snprintf(votes + n, sizeof votes - n, "%u ", p);
		}
		prev_start = start;
		prev_end = n;
	}
	votes[n] = '\0';
	int64_t budget = total > 0 ? (int64_t)rnd((uint32_t)total + 2) : (int64_t)rnd(5);
	ms_test_build(el, points ? MS_VOTE_CUMULATIVE : MS_VOTE_APPROVAL, budget, np, ids, costs, votes);
	/* ms_test_build() keeps the id pointers: they are static strings */
}

static void test_random_against_naive(void **state)
{
	(void)state;
	rng_state = 20240611;
	int elections = 0;
	for (int round = 0; round < 240; round++) {
		int kind = round % 3; /* 0, 1 approval; 2 cumulative */
		struct ms_election el;
		random_election(&el, kind);
		for (int s = 0; s < 2; s++) {
			enum ms_satisfaction sat = (enum ms_satisfaction)s;
			if (kind == 2 && sat == MS_SAT_COST)
				continue;
			for (int c = 0; c < 3; c++) {
				struct naive nv;
				naive_rule(&el, sat, (enum ms_mes_completion)c, &nv);
				static const char *const modes[] = { "fast", "exact", "stepwise" };
				for (int mode = 0; mode < 3; mode++) {
					struct ms_outcome o;
					struct ms_error e;
					int rc = ms_mes_rule_opts(&ms_allocator_libc, &el, sat, (enum ms_mes_completion)c, mode == 1,
							  mode == 2, &o, &e);
					if (rc)
						printf("# %s\n", e.message);
					assert_int_equal(rc, 0);
					char what[64];
					snprintf(what, sizeof what, "election %d %s", round, modes[mode]);
					compare(&el, sat, (enum ms_mes_completion)c, &o, &nv, what);
					ms_outcome_fini(&ms_allocator_libc, &o);
				}
				elections++;
			}
		}
		ms_test_unbuild(&el);
	}
	printf("# %d random elections x completions agree with the naive definition (fast, exact, stepwise)\n",
	       elections);
}

/* Larger random elections (beyond the oracle): the fast engine against its
 * own exact and stepwise modes — the jumps and the double filter agree. */
static void test_random_modes_agree(void **state)
{
	(void)state;
	rng_state = 77;
	for (int round = 0; round < 40; round++) {
		struct ms_election el;
		uint32_t np = 3 + rnd(10), nvot = 20 + rnd(200);
		static const char *const ids[] = { "p0", "p1", "p2", "p3", "p4", "p5", "p6",
						   "p7", "p8", "p9", "p10", "p11", "p12" };
		int64_t costs[13];
		int64_t total = 0;
		for (uint32_t p = 0; p < np; p++)
			total += costs[p] = 1 + (int64_t)rnd(round % 2 ? 40 : 100000);
		size_t cap = (size_t)nvot * 40 + 1, n = 0;
		char *votes = malloc(cap);
		assert_non_null(votes);
		for (uint32_t v = 0; v < nvot; v++) {
			if (v)
				votes[n++] = ';';
			for (uint32_t p = 0; p < np; p++)
				if (rnd(100) < 30)
					n += (size_t)snprintf(votes + n, cap - n, "%u ", p);
		}
		votes[n] = '\0';
		ms_test_build(&el, MS_VOTE_APPROVAL, total / 2 + 1, np, ids, costs, votes);
		for (int c = 0; c < 3; c++) {
			struct ms_outcome o[3];
			for (int mode = 0; mode < 3; mode++) {
				struct ms_error e;
				assert_int_equal(ms_mes_rule_opts(&ms_allocator_libc, &el, MS_SAT_COST, (enum ms_mes_completion)c,
							  mode == 1, mode == 2, &o[mode], &e),
						 0);
			}
			for (int mode = 1; mode < 3; mode++) {
				assert_int_equal(o[mode].n_selected, o[0].n_selected);
				for (uint32_t i = 0; i < o[0].n_selected; i++)
					assert_int_equal(o[mode].selected[i], o[0].selected[i]);
				assert_int_equal(o[mode].mes_iterations, o[0].mes_iterations);
				assert_int_equal(o[mode].n_steps, o[0].n_steps);
				for (size_t i = 0; i < o[0].n_steps; i++)
					if (o[0].steps[i].value)
						assert_string_equal(o[mode].steps[i].value, o[0].steps[i].value);
			}
			for (int mode = 0; mode < 3; mode++)
				ms_outcome_fini(&ms_allocator_libc, &o[mode]);
		}
		ms_test_unbuild(&el);
		free(votes);
	}
}

static void test_alloc_failures(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c", "d", "e" };
	static const int64_t costs[] = { 0, 3, 9, 5, 2 };
	ms_test_build(&el, MS_VOTE_CUMULATIVE, 12, 5, ids, costs, "0:1 3:2;3:1 2:4;;1:2 4:1;4:3;1:2 4:1");
	for (int sat = 0; sat < 2; sat++)
		for (int c = 0; c < 3; c++)
			for (int exact = 0; exact < 2; exact++) {
				size_t k;
				for (k = 1; k < 5000; k++) {
					struct ms_test_failing f = { 0, k, 0 };
					struct ms_allocator a = ms_test_failing_allocator(&f);
					struct ms_outcome o;
					struct ms_error e;
					int rc = ms_mes_rule_opts(&a, &el, (enum ms_satisfaction)sat, (enum ms_mes_completion)c, exact,
							  false, &o, &e);
					if (rc == 0) {
						ms_outcome_fini(&a, &o);
						assert_int_equal(f.live, 0);
						break;
					}
					assert_int_equal(rc, MS_ERR_NOMEM);
					assert_int_equal(f.live, 0);
					assert_int_equal(o.n_selected, 0);
					assert_null(o.steps);
					assert_null(o.mes_budget);
				}
				assert_true(k > 5 && k < 5000);
			}
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
		int rc = ms_rule_mes(&ms_allocator_libc, el, MS_SAT_COST, mes_comp[k], &o, &e);
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
	x.quick = getenv("MINSHENG_MES_QUICK") && atoi(getenv("MINSHENG_MES_QUICK"));
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
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tie_by_id),
		cmocka_unit_test(test_zero_cost),
		cmocka_unit_test(test_unaffordable_dropped),
		cmocka_unit_test(test_exact_tie_floats_get_wrong),
		cmocka_unit_test(test_completions_by_hand),
		cmocka_unit_test(test_cumulative_points),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_random_against_naive),
		cmocka_unit_test(test_random_modes_agree),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_pabulib_expected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
