/*
 * test_greedy.c — unit tests of greedy utilitarian welfare (src/count/greedy.c).
 *
 * A table of hand-built elections worked out by hand (ties by byte-wise id,
 * "10" < "9"; zero-cost and unsupported projects; a budget exhausted
 * exactly; exact ratio ties, 3/7 = 6/14; cumulative points; the steps' text
 * and money scale), one runner; bad input; an allocator that fails each
 * allocation in turn; and, when ../shared/pabulib is there, every instance
 * with an expected outcome against pabutools.
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

static const struct ms_allocator *A = &ms_allocator_libc;

/* ---- hand-worked cases ------------------------------------------------------ */

static const char *const ids_9_10[] = {"9", "10"};
static const int64_t five_five[] = {5, 5};
static const char *const ids_abc[] = {"A", "B", "C"};
static const int64_t c_60_10_30[] = {60, 10, 30};
static const char *const ids_abcd[] = {"a", "b", "c", "d"};
static const int64_t c_0_1_9_5[] = {0, 1, 9, 5};
static const char *const ids_123[] = {"1", "2", "3"};
static const int64_t c_4_6_1[] = {4, 6, 1}, c_4_6_0[] = {4, 6, 0};
static const char *const ids_cb[] = {"c", "b"};
static const int64_t c_7_14[] = {7, 14}, c_7_15[] = {7, 15};
static const char *const ids_xy[] = {"x", "y"};
static const int64_t ten_ten[] = {10, 10};
static const char *const ids_ba[] = {"b", "a"};
static const int64_t three_three[] = {3, 3};
static const char *const ids_a[] = {"a"};
static const int64_t c_250[] = {250}; /* 2.50 at money scale 100 */

/* A: 3 votes cost 60; B: 2 votes cost 10; C: 2 votes cost 30; budget 70. */
#define EL_COST_VS_CARD {MS_VOTE_APPROVAL, 70, 3, ids_abc, c_60_10_30, "0 1;0 2;0 1 2", 0}
/* p0 free with support, p1 unsupported cost 1, p2 1 vote cost 9, p3 2
 * votes cost 5; budget 10. */
#define EL_ZERO {MS_VOTE_APPROVAL, 10, 4, ids_abcd, c_0_1_9_5, "0 3;3 2;", 0}
/* p0: 3 votes / cost 7, p1: 6 votes / cost 14 — equal; id "b" < "c". */
#define EL_RATIO_TIE {MS_VOTE_APPROVAL, 14, 2, ids_cb, c_7_14, "0 1;0 1;0 1;1;1;1", 0}
/* Cumulative: p0 3 + 1 = 4 points from 2 supporters, p1 5 from 1; budget 10. */
#define EL_POINTS {MS_VOTE_CUMULATIVE, 10, 2, ids_xy, ten_ten, "0:3;0:1 1:5", 0}

static const struct greedy_case {
	const char *name;
	struct ms_test_el el;
	enum ms_satisfaction sat;
	struct ms_test_outcome want;
} cases[] = {
	{"tie by id, cost: \"10\" < \"9\"", {MS_VOTE_APPROVAL, 5, 2, ids_9_10, five_five, "0 1;0 1", 0}, MS_SAT_COST,
	 {.sel = "1"}},
	{"tie by id, cardinality", {MS_VOTE_APPROVAL, 5, 2, ids_9_10, five_five, "0 1;0 1", 0}, MS_SAT_CARD,
	 {.sel = "1"}},
	/* cost: A(3) B(2) C(2): A fits (10 left), B fits (0 left), C skipped. */
	{"cost satisfaction counts supporters", EL_COST_VS_CARD, MS_SAT_COST, {.sel = "0,1"}},
	/* card: B 2/10, C 2/30 = 1/15, A 3/60 = 1/20: B, C, then A does not fit. */
	{"cardinality divides by the cost", EL_COST_VS_CARD, MS_SAT_CARD, {.sel = "1,2"}},
	/* cost: p3(2) p2(1) then score 0: p0 (id "a"), p1 (id "b"); p3 fits
	 * (5), p2 does not, p0 fits (5), p1 fits (4). */
	{"zero cost and unsupported, cost", EL_ZERO, MS_SAT_COST,
	 {.sel = "3,0,1", .step = {"#0 =2", "#1 =1", "#2 =0"}}},
	/* card: p0 +inf, p3 2/5, p2 1/9, p1 0: p0, p3 (5 left), p2 no, p1 fits. */
	{"zero cost and unsupported, cardinality", EL_ZERO, MS_SAT_CARD,
	 {.sel = "0,3,1", .step = {"#0 + =inf", "#1 =2/5 @5", "#2 -2=1/9", "#3 =0 @4"}}},
	/* cost: 0 (3), 1 (2), 2 (1): 4 + 6 = 10 exactly, 2 skipped. */
	{"budget exhausted exactly", {MS_VOTE_APPROVAL, 10, 3, ids_123, c_4_6_1, "0 1 2;0 1;0", 0}, MS_SAT_COST,
	 {.sel = "0,1", .total = "10", .step = {"#1 @0", "#2 -"}}},
	{"budget 0: only free projects, cost", {MS_VOTE_APPROVAL, 0, 3, ids_123, c_4_6_0, "0 1 2;0 1;0", 0},
	 MS_SAT_COST, {.sel = "2"}},
	{"budget 0: only free projects, cardinality", {MS_VOTE_APPROVAL, 0, 3, ids_123, c_4_6_0, "0 1 2;0 1;0", 0},
	 MS_SAT_CARD, {.sel = "2"}},
	/* card takes p1 ("b") first, then p0 does not fit. */
	{"exact ratio tie broken by id", EL_RATIO_TIE, MS_SAT_CARD, {.sel = "1"}},
	/* 6/15 < 3/7 */
	{"ratios that differ", {MS_VOTE_APPROVAL, 22, 2, ids_cb, c_7_15, "0 1;0 1;0 1;1;1;1", 0}, MS_SAT_CARD,
	 {.sel = "0,1"}},
	/* card uses the points: p0 4 / 10, p1 5 / 10 → p1 first. */
	{"cumulative points, cardinality", EL_POINTS, MS_SAT_CARD, {.sel = "1"}},
	/* cost uses supporters: p0 2, p1 1 → p0 first. */
	{"cumulative points, cost", EL_POINTS, MS_SAT_COST, {.sel = "0"}},
	/* all score 0: by id, "a" fits, "b" does not */
	{"no voters", {MS_VOTE_APPROVAL, 5, 2, ids_ba, three_three, "", 0}, MS_SAT_COST, {.sel = "1"}},
	{"no projects", {MS_VOTE_APPROVAL, 5, 0, ids_ba, three_three, ";", 0}, MS_SAT_CARD, {.sel = ""}},
	/* 3 supporters / 2.50 */
	{"scores per currency unit", {MS_VOTE_APPROVAL, 1000, 1, ids_a, c_250, "0;0;0", 100}, MS_SAT_CARD,
	 {.step = {"#0 =6/5 @750"}}},
};

static void test_case(void **state)
{
	const struct greedy_case *c = *state;
	struct ms_election el;
	struct ms_outcome o;
	struct ms_error e;
	ms_test_build_el(&el, &c->el);
	assert_int_equal(ms_rule_greedy(A, &el, c->sat, &o, &e), 0);
	assert_int_equal(o.n_steps, el.n_projects); /* one step per project, in scan order */
	ms_test_check_outcome(&el, &o, &c->want);
	ms_outcome_fini(A, &o);
	ms_test_unbuild(&el);
}

/* ---- refusals and failures ------------------------------------------------- */

/* The election's arrays are checked eight entries at a time: a project out
 * of range, an offset that goes back, or negative points is refused
 * wherever it stands, in a block of eight or in the rest. */
static void test_bad_anywhere(void **state)
{
	(void)state;
	char text[4096];
	for (int cum = 0; cum < 2; cum++) {
		size_t n = (size_t)snprintf(text, sizeof text, "META\nkey;value\nbudget;10\nvote_type;%s\n"
					    "PROJECTS\nproject_id;cost\na;1\nb;2\nc;3\nVOTES\nvoter_id;vote%s\n",
					    cum ? "cumulative" : "approval", cum ? ";points" : "");
		for (int v = 0; v < 21; v++)
			n += (size_t)snprintf(text + n, sizeof text - n, cum ? "%d;a,c;1,2\n" : "%d;a,c\n", v);
		struct ms_election *el = NULL;
		struct ms_error e;
		assert_int_equal(ms_pb_parse(A, text, n, &el, &e), 0);
		struct ms_outcome o;
		uint32_t total = el->vote_off[el->n_voters];
		for (uint32_t k = 0; k < total; k++) {
			uint32_t keep = el->vote_proj[k];
			el->vote_proj[k] = 3;
			assert_int_equal(ms_rule_greedy(A, el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
			assert_string_equal(e.code, MS_E_ELECTION_BAD_PROJECT.code);
			el->vote_proj[k] = keep;
			if (!cum)
				continue;
			int64_t pts = el->vote_points[k];
			el->vote_points[k] = -1;
			assert_int_equal(ms_rule_greedy(A, el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
			assert_string_equal(e.code, MS_E_ELECTION_NEGATIVE_POINTS.code);
			el->vote_points[k] = pts;
		}
		for (uint32_t v = 1; v < el->n_voters; v++) {
			uint32_t keep = el->vote_off[v];
			el->vote_off[v] = el->vote_off[v + 1] + 1;
			assert_int_equal(ms_rule_greedy(A, el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
			assert_string_equal(e.code, MS_E_ELECTION_BAD_OFFSET.code);
			el->vote_off[v] = keep;
		}
		/* offsets out of order with a last offset far past the votes:
		 * refused before any vote is read (ASan would see it) */
		uint32_t keep1 = el->vote_off[1], keep_n = el->vote_off[el->n_voters];
		el->vote_off[1] = el->vote_off[2] + 1;
		el->vote_off[el->n_voters] = 50000000;
		assert_int_equal(ms_rule_greedy(A, el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
		assert_string_equal(e.code, MS_E_ELECTION_BAD_OFFSET.code);
		el->vote_off[1] = keep1;
		el->vote_off[el->n_voters] = keep_n;
		assert_int_equal(ms_rule_greedy(A, el, MS_SAT_COST, &o, &e), 0);
		ms_outcome_fini(A, &o);
		ms_election_free(A, el);
	}
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
	assert_int_equal(ms_rule_greedy(A, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_BAD_PROJECT.code);
	assert_int_equal(o.n_selected, 0);
	el.vote_proj[2] = 1;
	el.cost[0] = -1;
	assert_int_equal(ms_rule_greedy(A, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_NEGATIVE_COST.code);
	el.cost[0] = 1;
	el.id_rank[0] = el.id_rank[1];
	assert_int_equal(ms_rule_greedy(A, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_BAD_ID_RANKS.code);
	el.id_rank[0] = 0;
	el.vote_type = MS_VOTE_ORDINAL;
	assert_int_equal(ms_rule_greedy(A, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_RULE_WRONG_VOTE_TYPE.code);
	assert_string_equal(e.field, "vote_type");
	el.vote_type = MS_VOTE_APPROVAL;
	assert_int_equal(ms_rule_greedy(A, &el, (enum ms_satisfaction)9, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_RULE_UNKNOWN_SATISFACTION.code);
	assert_int_equal(ms_rule_greedy(A, NULL, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_rule_greedy(A, &el, MS_SAT_COST, NULL, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_MISSING_INPUT.code);
	ms_test_unbuild(&el);
}

static int greedy_sat(const struct ms_allocator *a, const struct ms_election *el, int sat, struct ms_outcome *o,
		      struct ms_error *e)
{
	return ms_rule_greedy(a, el, (enum ms_satisfaction)sat, o, e);
}

static void test_alloc_failures(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c", "d", "e" };
	static const int64_t costs[] = { 0, 3, 9, 5, 2 };
	ms_test_build(&el, MS_VOTE_APPROVAL, 12, 5, ids, costs, "0 3;3 2;;1 4;4");
	for (int sat = 0; sat < 2; sat++)
		ms_test_fail_each_allocation(&el, greedy_sat, sat, 3);
	ms_test_unbuild(&el);
}

/* ---- against pabutools (../shared/pabulib/expected) ---------------------- */

static int run_greedy(const struct ms_election *el, const char *key, struct ms_outcome *o)
{
	enum ms_satisfaction sat = strcmp(key, "greedy_cost") == 0 ? MS_SAT_COST : MS_SAT_CARD;
	return ms_rule_greedy(A, el, sat, o, NULL);
}

static void test_pabulib_expected(void **state)
{
	(void)state;
	static const char *const keys[] = { "greedy_cost", "greedy_card" };
	ms_test_check_selected(keys, N_OF(keys), run_greedy);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_bad_anywhere),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_pabulib_expected),
	};
	return ms_test_run_group("greedy", fixed, N_OF(fixed), cases, N_OF(cases), sizeof cases[0], test_case);
}
