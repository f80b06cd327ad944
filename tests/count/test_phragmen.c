/*
 * test_phragmen.c — unit tests of sequential Phragmén (src/count/phragmen.c).
 *
 * A table of hand-worked elections, one runner (load sharing, loads SET not
 * added, stop on a tie that does not fit, projects over the budget dropped,
 * ties by byte-wise id, unsupported and zero-cost projects, money scale in
 * the step values); bad input; a randomized comparison with a naive voter-by-voter implementation of the
 * README's definition, loads that need big rationals, an allocator that
 * fails each allocation in turn, and — when ../shared/pabulib is there —
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

#include "count/rat.h"
#include "count/pb.h"
#include "count/rules.h"
#include "support.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

static const struct ms_allocator *A = &ms_allocator_libc;

/* ---- hand-worked cases ------------------------------------------------------ */

static const char *const ids_ab[] = {"A", "B"}, *const ids_abc[] = {"A", "B", "C"};
static const char *const ids_abcd[] = {"A", "B", "C", "D"}, *const ids_9_10[] = {"9", "10"};
static const char *const ids_Aba[] = {"A", "b", "a"}, *const ids_pqr[] = {"p", "q", "r"}, *const ids_a[] = {"a"};
static const int64_t c_10_10[] = {10, 10}, c_6_4_3[] = {6, 4, 3}, c_1_10_100_50[] = {1, 10, 100, 50};
static const int64_t c_4_8_2[] = {4, 8, 2}, c_4_9_2[] = {4, 9, 2}, c_4_6_11[] = {4, 6, 11}, c_5_5[] = {5, 5};
static const int64_t c_3_2_4[] = {3, 2, 4}, c_5_0_0[] = {5, 0, 0}, c_250[] = {250};

/* C: 3/2; then A: (3/2 + 3/2 + 6)/3 = 3; then B: (3 + 4)/1 = 7 */
#define EL_SHARING(budget) {MS_VOTE_APPROVAL, budget, 3, ids_abc, c_6_4_3, "0 1;0 2;0 2", 0}
/* round 1: C (2/1); then A: 4/1, B: 8/2 (or 9/2) */
#define EL_STOP(budget, costs) {MS_VOTE_APPROVAL, budget, 3, ids_abc, costs, "0;1;1;2", 0}
#define EL_UNSUPPORTED(budget) {MS_VOTE_APPROVAL, budget, 3, ids_Aba, c_3_2_4, "0;;0", 0}

/* Steps: + selected, ? stop, each with its load in currency units. */
static const struct phragmen_case {
	const char *name;
	struct ms_test_el el;
	struct ms_test_outcome want;
} cases[] = {
	{"two projects, loads 5 and 10", {MS_VOTE_APPROVAL, 20, 2, ids_ab, c_10_10, "0;0;1", 0},
	 {.sel = "0,1", .steps = "+0=5 +1=10"}},
	{"supporters share the load", EL_SHARING(13), {.sel = "2,0,1", .steps = "+2=3/2 +0=3 +1=7"}},
	/* budget 12: B no longer fits after C and A: stop on it */
	{"stop on a project that does not fit", EL_SHARING(12), {.sel = "2,0", .steps = "+2=3/2 +0=3 ?1=7"}},
	/* A(1) {v0}; B(10) {v0,v1}: (1 + 10)/2 = 11/2 sets v0 to 11/2;
	 * D(50) {v0}: 11/2 + 50 = 111/2; C(100) {v1}: 11/2 + 100 = 211/2. */
	{"loads are set, not added", {MS_VOTE_APPROVAL, 1000, 4, ids_abcd, c_1_10_100_50, "0 1 3;1 2", 0},
	 {.steps = "+0=1 +1=11/2 +3=111/2 +2=211/2"}},
	/* A: 4/1, B: 8/2 tied at 4; B does not fit in the 7 left: stop,
	 * although A alone would fit. */
	{"stop on a tie that does not fit", EL_STOP(9, c_4_8_2), {.sel = "2", .steps = "+2=2 ?1=4"}},
	/* not tied (B 9/2): A is taken, then B does not fit: stop */
	{"stop after the tie is gone", EL_STOP(9, c_4_9_2), {.sel = "2,0", .steps = "+2=2 +0=4 ?1=9/2"}},
	/* tied, both fit: the smaller id first */
	{"a tie that fits, by id", EL_STOP(14, c_4_8_2), {.sel = "2,0,1"}},
	/* C costs 11 > B = 10: dropped, although its load 11/11 = 1 is the
	 * least (kept, it would stop the rule at once). */
	{"a project over the budget is dropped",
	 {MS_VOTE_APPROVAL, 10, 3, ids_abc, c_4_6_11, "0 2;1 2;1 2;2;2;2;2;2;2;2;2", 0}, {.sel = "1,0"}},
	{"a tie broken by id, \"10\" < \"9\"", {MS_VOTE_APPROVAL, 10, 2, ids_9_10, c_5_5, "0 1;1 0", 0},
	 {.sel = "1,0"}},
	{"unsupported projects by id", EL_UNSUPPORTED(9), {.sel = "0,2,1", .steps = "+0=3/2 +2=inf +1=inf"}},
	/* after A and "a", 1 left: "b" does not fit */
	{"an unsupported project that does not fit stops", EL_UNSUPPORTED(8),
	 {.sel = "0,2", .steps = "+0=3/2 +2=inf ?1=inf"}},
	/* 2 left: "a" does not fit, so "b" is not taken either */
	{"an unsupported tie stops as a whole", EL_UNSUPPORTED(5), {.sel = "0"}},
	/* p costs more than the budget 0: dropped */
	{"zero costs, zero budget", {MS_VOTE_CHOOSE1, 0, 3, ids_pqr, c_5_0_0, "0;1;0", 0},
	 {.sel = "1,2", .steps = "+1=0 +2=inf"}},
	/* 2.50 / 3 */
	{"loads in currency units", {MS_VOTE_APPROVAL, 1000, 1, ids_a, c_250, "0;0;0", 100}, {.steps = "+0=5/6"}},
};

static void test_case(void **state)
{
	const struct phragmen_case *c = *state;
	struct ms_election el;
	struct ms_outcome o;
	struct ms_error e;
	ms_test_build_el(&el, &c->el);
	assert_int_equal(ms_rule_phragmen(A, &el, &o, &e), 0);
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
	static const char *const ids[] = { "a" };
	static const int64_t costs[] = { 1 };
	ms_test_build(&el, MS_VOTE_CUMULATIVE, 5, 1, ids, costs, "0:1");
	assert_int_equal(ms_rule_phragmen(A, &el, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_RULE_WRONG_VOTE_TYPE.code);
	el.vote_type = MS_VOTE_APPROVAL;
	el.budget = -1;
	assert_int_equal(ms_rule_phragmen(A, &el, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_NEGATIVE_BUDGET.code);
	assert_int_equal(ms_rule_phragmen(A, NULL, &o, NULL), MS_ERR_UNPROCESSABLE);
	ms_test_unbuild(&el);
}

/* The selection and the steps of the rule on el, as text. */
static void run_str(const struct ms_election *el, char *sel, size_t scap, char *steps, size_t vcap)
{
	struct ms_outcome o;
	assert_int_equal(ms_rule_phragmen(A, el, &o, NULL), 0);
	ms_test_check_outcome(el, &o, &(struct ms_test_outcome){0});
	ms_test_sel_str(&o, sel, scap);
	ms_test_steps_str(&o, steps, vcap);
	ms_outcome_fini(A, &o);
}

/* ---- randomized against a naive per-voter implementation ----------------- */

static uint64_t rng = 88172645463325252u;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The README's definition, voter by voter, with struct ms_rat loads.
 * Writes the selected list and the steps like ms_test_steps_str. */
static void naive(const struct ms_election *el, char *sel, size_t scap, char *vals, size_t vcap)
{
	uint32_t np = el->n_projects, nv = el->n_voters;
	struct ms_rat *load = calloc(nv + 1, sizeof *load), *lp = calloc(np + 1, sizeof *lp);
	struct ms_rat best = MS_RAT_ZERO;
	uint8_t *rem = calloc(np + 1, 1);
	uint32_t *appr = calloc(np + 1, sizeof *appr);
	assert_true(load && lp && rem && appr);
	for (uint32_t v = 0; v < nv; v++) {
		ms_rat_init(&load[v]);
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++)
			appr[el->vote_proj[k]]++;
	}
	for (uint32_t p = 0; p < np; p++) {
		ms_rat_init(&lp[p]);
		rem[p] = el->cost[p] <= el->budget;
	}
	int64_t left = el->budget;
	size_t sn = 0, vn = 0;
	sel[0] = vals[0] = '\0';
	for (;;) {
		/* finite loads */
		int have = 0;
		for (uint32_t p = 0; p < np; p++) {
			if (!rem[p] || appr[p] == 0)
				continue;
			assert_int_equal(ms_rat_set_i64(&lp[p], el->cost[p], 1), 0);
			for (uint32_t v = 0; v < nv; v++)
				for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++)
					if (el->vote_proj[k] == p)
						assert_int_equal(ms_rat_add(&lp[p], &lp[p], &load[v]), 0);
			assert_int_equal(ms_rat_div_i64(&lp[p], &lp[p], appr[p]), 0);
			if (!have || ms_rat_cmp(&lp[p], &best, NULL) < 0)
				assert_int_equal(ms_rat_set(&best, &lp[p]), 0);
			have = 1;
		}
		uint32_t win = UINT32_MAX, nofit = UINT32_MAX;
		for (uint32_t p = 0; p < np; p++) {
			if (!rem[p])
				continue;
			if (have ? (appr[p] == 0 || ms_rat_cmp(&lp[p], &best, NULL) != 0) : 0)
				continue;
			if (el->cost[p] > left) {
				if (nofit == UINT32_MAX || el->id_rank[p] < el->id_rank[nofit])
					nofit = p;
			} else if (win == UINT32_MAX || el->id_rank[p] < el->id_rank[win]) {
				win = p;
			}
		}
		static char v[8192];
		snprintf(v, sizeof v, "inf");
		if (have)
			ms_rat_to_str(&best, v, sizeof v);
		if (nofit != UINT32_MAX) {
			vn += (size_t)snprintf(vals + vn, vcap - vn, "%s?%u=%s", vn ? " " : "", (unsigned)nofit, v);
			assert_true(vn < vcap);
			break;
		}
		if (win == UINT32_MAX)
			break;
		rem[win] = 0;
		left -= el->cost[win];
		sn += (size_t)snprintf(sel + sn, scap - sn, sn ? ",%u" : "%u", (unsigned)win);
		vn += (size_t)snprintf(vals + vn, vcap - vn, "%s+%u=%s", vn ? " " : "", (unsigned)win, v);
		assert_true(sn < scap && vn < vcap);
		if (have)
			for (uint32_t u = 0; u < nv; u++)
				for (uint32_t k = el->vote_off[u]; k < el->vote_off[u + 1]; k++)
					if (el->vote_proj[k] == win)
						assert_int_equal(ms_rat_set(&load[u], &best), 0);
	}
	for (uint32_t u = 0; u < nv; u++)
		ms_rat_fini(&load[u]);
	for (uint32_t p = 0; p < np; p++)
		ms_rat_fini(&lp[p]);
	ms_rat_fini(&best);
	free(load);
	free(lp);
	free(rem);
	free(appr);
}

static void test_random_vs_naive(void **state)
{
	(void)state;
	static const char *const ids[] = { "0", "1", "10", "11", "2", "3", "4", "5", "6", "7", "8", "9" };
	char votes[4096], want_sel[512], want_vals[8192], got_sel[512], got_vals[8192];
	int stops = 0, ties = 0;
	for (int it = 0; it < 3000; it++) {
		uint32_t np = 1 + (uint32_t)(rnd() % 12);
		uint32_t nv = (uint32_t)(rnd() % 40);
		int64_t costs[12];
		int64_t cmax = (it % 2) ? 6 : 1000003;
		for (uint32_t p = 0; p < np; p++)
			costs[p] = (int64_t)(rnd() % (uint64_t)cmax) + ((rnd() % 8) == 0 ? 0 : 1);
		size_t n = 0;
		uint32_t density = 1 + (uint32_t)(rnd() % 4);
		for (uint32_t v = 0; v < nv; v++) {
			if (v)
				votes[n++] = ';';
			bool first = true;
			for (uint32_t p = 0; p < np; p++)
				if (rnd() % 5 < density) {
					n += (size_t)snprintf(votes + n, sizeof votes - n, first ? "%u" : " %u", (unsigned)p);
					first = false;
				}
		}
		votes[n] = '\0';
		int64_t total = 0;
		for (uint32_t p = 0; p < np; p++)
			total += costs[p];
		int64_t budget = total > 0 ? (int64_t)(rnd() % (uint64_t)(total + 1)) : 0;
		struct ms_election el;
		ms_test_build(&el, MS_VOTE_APPROVAL, budget, np, ids, costs, votes);
		if (nv == 0)
			el.n_voters = 0;
		naive(&el, want_sel, sizeof want_sel, want_vals, sizeof want_vals);
		run_str(&el, got_sel, sizeof got_sel, got_vals, sizeof got_vals);
		if (strcmp(want_vals, got_vals) != 0)
			fprintf(stderr, "# votes \"%s\" budget %lld\n", votes, (long long)budget);
		assert_string_equal(got_sel, want_sel);
		assert_string_equal(got_vals, want_vals);
		stops += strchr(got_vals, '?') != NULL;
		ties += cmax == 6;
		ms_test_unbuild(&el);
	}
	assert_true(stops > 100);
	(void)ties;
}

/* Long chains of rounds with coprime approvals: loads need big rationals. */
static void test_big_loads(void **state)
{
	(void)state;
	enum { NP = 40 };
	static char idbuf[NP][8];
	const char *ids[NP];
	int64_t costs[NP];
	static char votes[1 << 16];
	size_t n = 0;
	for (uint32_t p = 0; p < NP; p++) {
		snprintf(idbuf[p], sizeof idbuf[p], "p%02u", (unsigned)p);
		ids[p] = idbuf[p];
		costs[p] = 1000003 + 7919 * (int64_t)p;
	}
	/* voter v approves p when (v * (p + 3)) % 7 < 3 — overlapping supports of varied sizes */
	for (uint32_t v = 0; v < 97; v++) {
		if (v)
			votes[n++] = ';';
		bool first = true;
		for (uint32_t p = 0; p < NP; p++)
			if ((v * (p + 3) + p) % 7 < 3) {
				n += (size_t)snprintf(votes + n, sizeof votes - n, first ? "%u" : " %u", (unsigned)p);
				first = false;
			}
	}
	votes[n] = '\0';
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, INT64_MAX / 4, NP, ids, costs, votes);
	static char want_sel[4096], want_vals[1 << 16], got_sel[4096], got_vals[1 << 16];
	naive(&el, want_sel, sizeof want_sel, want_vals, sizeof want_vals);
	run_str(&el, got_sel, sizeof got_sel, got_vals, sizeof got_vals);
	assert_string_equal(got_vals, want_vals);
	/* the last loads have numerators beyond int64: big rationals were needed */
	assert_non_null(strstr(got_vals, "=111244909137273917478511/233480543795331966"));
	assert_string_equal(got_sel, want_sel);
	ms_test_unbuild(&el);
}

/* Larger elections that take the other internal paths, against the naive
 * definition: > 4096 voters with distinct short ballots (read in place),
 * with long ballots (copied and compacted), and > 512 projects (ballots
 * sorted instead of going through a bitset). */
static void random_election(struct ms_election *el, uint32_t np, uint32_t nv, uint32_t min_len,
			    uint32_t max_len, char **ids_out, char **votes_out)
{
	char *idbuf = calloc(np, 12);
	const char **ids = calloc(np, sizeof *ids);
	int64_t *costs = calloc(np, sizeof *costs);
	size_t cap = (size_t)nv * (max_len * 5 + 2) + 1, n = 0;
	char *votes = calloc(cap, 1);
	assert_true(idbuf && ids && costs && votes);
	int64_t total = 0;
	for (uint32_t p = 0; p < np; p++) {
		snprintf(idbuf + 12 * p, 12, "%u", (unsigned)p);
		ids[p] = idbuf + 12 * p;
		costs[p] = 1 + (int64_t)(rnd() % 97);
		total += costs[p];
	}
	for (uint32_t v = 0; v < nv; v++) {
		if (v)
			votes[n++] = ';';
		uint32_t len = min_len + (uint32_t)(rnd() % (max_len - min_len + 1));
		uint32_t start = (uint32_t)(rnd() % np), step = 1 + (uint32_t)(rnd() % 3);
		for (uint32_t k = 0; k < len && k < np; k++) {
			uint32_t p = (start + k * step) % np;
			/* no repeats: step and np may share factors, so check */
			bool dup = false;
			for (uint32_t j = 0; j < k; j++)
				dup |= (start + j * step) % np == p;
			if (!dup)
				n += (size_t)snprintf(votes + n, cap - n, k ? " %u" : "%u", (unsigned)p);
		}
	}
	votes[n] = '\0';
	ms_test_build(el, MS_VOTE_APPROVAL, total / 2, np, ids, costs, votes);
	free(costs);
	free(ids);
	*ids_out = idbuf;
	*votes_out = votes;
}

static void check_vs_naive(uint32_t np, uint32_t nv, uint32_t min_len, uint32_t max_len)
{
	struct ms_election el;
	char *idbuf, *votes;
	random_election(&el, np, nv, min_len, max_len, &idbuf, &votes);
	/* ids point into idbuf, which ms_test_build() does not copy: keep it alive */
	static char want_sel[1 << 14], want_vals[1 << 20], got_sel[1 << 14], got_vals[1 << 20];
	naive(&el, want_sel, sizeof want_sel, want_vals, sizeof want_vals);
	run_str(&el, got_sel, sizeof got_sel, got_vals, sizeof got_vals);
	assert_string_equal(got_vals, want_vals);
	assert_string_equal(got_sel, want_sel);
	ms_test_unbuild(&el);
	free(idbuf);
	free(votes);
}

static void test_internal_paths(void **state)
{
	(void)state;
	check_vs_naive(40, 5000, 1, 4);    /* distinct short ballots: read in place */
	check_vs_naive(30, 5000, 8, 14);   /* long ballots: copied, compacted */
	check_vs_naive(6, 5000, 0, 3);     /* many identical ballots: grouped */
	check_vs_naive(520, 150, 1, 30);   /* > 512 projects: sorted ballots */
}

/* A success selects something. */
static int phragmen(const struct ms_allocator *a, const struct ms_election *el, int unused, struct ms_outcome *o,
		    struct ms_error *e)
{
	(void)unused;
	int rc = ms_rule_phragmen(a, el, o, e);
	if (rc == 0)
		assert_true(o->n_selected > 0);
	return rc;
}

static void test_alloc_failures(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c", "d", "e" };
	static const int64_t costs[] = { 0, 3, 9, 5, 2 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 12, 5, ids, costs, "0 3;3 2;;1 4;4;3 0");
	ms_test_fail_each_allocation(&el, phragmen, 0, 10);
	ms_test_unbuild(&el);
}

/* ---- against pabutools (../shared/pabulib/expected) ---------------------- */

static int run_phragmen(const struct ms_election *el, const char *key, struct ms_outcome *o)
{
	(void)key;
	return ms_rule_phragmen(A, el, o, NULL);
}

static void test_pabulib_expected(void **state)
{
	(void)state;
	static const char *const keys[] = { "seq_phragmen" };
	ms_test_check_selected(keys, N_OF(keys), run_phragmen);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_random_vs_naive),
		cmocka_unit_test(test_big_loads),
		cmocka_unit_test(test_internal_paths),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_pabulib_expected),
	};
	return ms_test_run_group("phragmen", fixed, N_OF(fixed), cases, N_OF(cases), sizeof cases[0], test_case);
}
