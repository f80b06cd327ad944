/*
 * test_grouped.c — grouped ballots (election.h, vote_weight): greedy and
 * the Method of Equal Shares give on an election whose identical ballots are
 * merged into one with their number exactly the outcome they give on the
 * ballots written out one per voter — selection, order and cost, for both
 * satisfactions, every completion, approval and cumulative ballots (costs,
 * points and budgets of 0 among them), the
 * groups in a shuffled order, and with rows alike left apart (each group
 * split in two); ms_rule_mes_no_payers gives ms_rule_mes's steps without
 * their payers; every other use refuses such an election
 * (election_grouped), and a number of voters of 0 or past 2^32 - 1 in all
 * is refused (election_bad_weight).
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

#include "count/election.h"
#include "count/measures.h"
#include "count/pb.h"
#include "count/rules.h"
#include "support.h"

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % n);
}

/* A random election of few distinct ballots cast many times each. */
static void random_election(struct ms_election *el, bool points, uint32_t *np_out)
{
	static const char *const ids[] = {"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11"};
	uint32_t np = 2 + rnd(10), kinds = 1 + rnd(12), nv = 1 + rnd(300);
	int64_t costs[12], total = 0;
	for (uint32_t p = 0; p < np; p++)
		total += costs[p] = rnd(10) == 0 ? 0 : rnd(4) == 0 ? 1 + rnd(5) : 1 + (int64_t)rnd(rnd(2) ? 50 : 100000);
	char kind[12][128];
	for (uint32_t k = 0; k < kinds; k++) {
		size_t n = 0;
		kind[k][0] = '\0';
		for (uint32_t p = 0; p < np; p++)
			if (rnd(3) == 0) {
				if (points)
					n += (size_t)snprintf(kind[k] + n, sizeof kind[k] - n, "%s%u:%u", n ? " " : "", p,
							      rnd(10));
				else
					n += (size_t)snprintf(kind[k] + n, sizeof kind[k] - n, "%s%u", n ? " " : "", p);
			}
	}
	size_t cap = (size_t)nv * 130 + 1, n = 0;
	char *votes = malloc(cap);
	assert_non_null(votes);
	votes[0] = '\0';
	for (uint32_t v = 0; v < nv; v++)
		n += (size_t)snprintf(votes + n, cap - n, "%s%s", v ? ";" : "", kind[rnd(kinds)]);
	uint32_t span = (uint32_t)(total < 2000000000 ? total : 2000000000);
	int64_t budget = rnd(20) == 0 || span == 0 ? 0 : 1 + (int64_t)rnd(span);
	ms_test_build(el, points ? MS_VOTE_CUMULATIVE : MS_VOTE_APPROVAL, budget, np, ids, costs, votes);
	free(votes);
	*np_out = np;
}

/* Ballot v of from appended to to's ballots at entry k; the entry after it. */
static uint32_t copy_ballot(const struct ms_election *from, uint32_t v, struct ms_election *to, uint32_t k)
{
	for (uint32_t j = from->vote_off[v]; j < from->vote_off[v + 1]; j++, k++) {
		to->vote_proj[k] = from->vote_proj[j];
		if (to->vote_points)
			to->vote_points[k] = from->vote_points[j];
	}
	return k;
}

/* el's identical ballots merged (each group at its first voter's place in a
 * shuffled order of the groups), with their numbers. Free with ungroup(). */
static void group(const struct ms_election *el, struct ms_election *g)
{
	*g = *el;
	uint32_t nv = el->n_voters, ng = 0;
	uint32_t *first = calloc(nv + 1, sizeof *first), *w = calloc(nv + 1, sizeof *w);
	assert_true(first && w);
	for (uint32_t v = 0; v < nv; v++) {
		uint32_t len = el->vote_off[v + 1] - el->vote_off[v], x = 0;
		for (; x < ng; x++) {
			uint32_t u = first[x], ulen = el->vote_off[u + 1] - el->vote_off[u];
			if (ulen != len || memcmp(el->vote_proj + el->vote_off[u], el->vote_proj + el->vote_off[v],
						  len * sizeof *el->vote_proj) != 0)
				continue;
			if (el->vote_points && memcmp(el->vote_points + el->vote_off[u], el->vote_points + el->vote_off[v],
						      len * sizeof *el->vote_points) != 0)
				continue;
			break;
		}
		if (x == ng)
			first[ng++] = v;
		w[x]++;
	}
	for (uint32_t i = ng; i > 1; i--) { /* shuffle the groups */
		uint32_t j = rnd(i), t = first[i - 1];
		first[i - 1] = first[j], first[j] = t;
		t = w[i - 1], w[i - 1] = w[j], w[j] = t;
	}
	g->n_voters = ng;
	g->vote_weight = w;
	g->vote_off = calloc(ng + 1, sizeof *g->vote_off);
	g->vote_proj = calloc(el->vote_off[nv] + 1, sizeof *g->vote_proj);
	g->vote_points = el->vote_points ? calloc(el->vote_off[nv] + 1, sizeof *g->vote_points) : NULL;
	assert_true(g->vote_off && g->vote_proj && (!el->vote_points || g->vote_points));
	uint32_t k = 0;
	for (uint32_t x = 0; x < ng; x++) {
		k = copy_ballot(el, first[x], g, k);
		g->vote_off[x + 1] = k;
	}
	free(first);
}

/* g with each group of two voters or more split in two rows alike (the
 * second at the end): the rules take grouped rows as they come, so rows
 * alike must count as one row of their sum. Free with ungroup(). */
static void split(const struct ms_election *g, struct ms_election *s)
{
	*s = *g;
	uint32_t ng = g->n_voters, n = ng, items = g->vote_off[ng];
	for (uint32_t x = 0; x < ng; x++)
		if (g->vote_weight[x] >= 2)
			n++, items += g->vote_off[x + 1] - g->vote_off[x];
	s->n_voters = n;
	s->vote_weight = calloc(n + 1, sizeof *s->vote_weight);
	s->vote_off = calloc(n + 1, sizeof *s->vote_off);
	s->vote_proj = calloc(items + 1, sizeof *s->vote_proj);
	s->vote_points = g->vote_points ? calloc(items + 1, sizeof *s->vote_points) : NULL;
	assert_true(s->vote_weight && s->vote_off && s->vote_proj && (!g->vote_points || s->vote_points));
	uint32_t k = 0, row = 0;
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t x = 0; x < ng; x++) {
			uint32_t w = g->vote_weight[x];
			if (pass == 1 && w < 2)
				continue;
			s->vote_weight[row] = w < 2 ? w : pass == 0 ? w / 2 : w - w / 2;
			k = copy_ballot(g, x, s, k);
			s->vote_off[++row] = k;
		}
	assert_int_equal(row, n);
}

static void ungroup(struct ms_election *g)
{
	free(g->vote_weight);
	free(g->vote_off);
	free(g->vote_proj);
	free(g->vote_points);
}

static void outcome_str(const struct ms_outcome *o, char *buf, size_t cap)
{
	size_t n = (size_t)snprintf(buf, cap, "cost %lld:", (long long)o->total_cost);
	for (uint32_t i = 0; i < o->n_selected && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, " %u", o->selected[i]);
}

typedef int (*rule_fn)(const struct ms_election *el, int sat, int completion, struct ms_outcome *o,
		       struct ms_error *e);

static int greedy(const struct ms_election *el, int sat, int completion, struct ms_outcome *o, struct ms_error *e)
{
	(void)completion;
	return ms_rule_greedy(&ms_allocator_libc, el, (enum ms_satisfaction)sat, o, e);
}

static int mes(const struct ms_election *el, int sat, int completion, struct ms_outcome *o, struct ms_error *e)
{
	return ms_rule_mes(&ms_allocator_libc, el, (enum ms_satisfaction)sat, (enum ms_mes_completion)completion, o, e);
}

/* ms_rule_mes_no_payers: the steps of ms_rule_mes on the same election,
 * value for value, and no payer anywhere. */
static void same_no_payers(const struct ms_election *el, int sat)
{
	struct ms_outcome a, b;
	struct ms_error e;
	char x[4096], y[4096];
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, el, (enum ms_satisfaction)sat, MS_MES_NONE, &a, &e), 0);
	if (ms_rule_mes_no_payers(&ms_allocator_libc, el, (enum ms_satisfaction)sat, &b, &e) != 0)
		fail_msg("no payers: %s", e.message);
	ms_test_steps_str(&a, x, sizeof x);
	ms_test_steps_str(&b, y, sizeof y);
	assert_string_equal(x, y);
	assert_int_equal(a.total_cost, b.total_cost);
	for (size_t i = 0; i < b.n_steps; i++) {
		assert_int_equal(b.steps[i].n_payers, 0);
		assert_null(b.steps[i].payers);
	}
	ms_outcome_fini(&ms_allocator_libc, &a);
	ms_outcome_fini(&ms_allocator_libc, &b);
}

static void same(rule_fn fn, const struct ms_election *el, const struct ms_election *g, int sat, int completion)
{
	struct ms_outcome a, b;
	struct ms_error e;
	char x[512], y[512];
	assert_int_equal(fn(el, sat, completion, &a, &e), 0);
	if (fn(g, sat, completion, &b, &e) != 0)
		fail_msg("grouped: %s", e.message);
	outcome_str(&a, x, sizeof x);
	outcome_str(&b, y, sizeof y);
	if (strcmp(x, y) != 0)
		fail_msg("sat %d completion %d: one per voter \"%s\", grouped \"%s\"", sat, completion, x, y);
	ms_outcome_fini(&ms_allocator_libc, &a);
	ms_outcome_fini(&ms_allocator_libc, &b);
}

static void test_same_outcome(void **state)
{
	(void)state;
	rng_state = 20261207;
	uint32_t merged = 0;
	for (int round = 0; round < 300; round++) {
		bool points = round % 4 == 3;
		struct ms_election el, g, sp;
		uint32_t np;
		random_election(&el, points, &np);
		group(&el, &g);
		split(&g, &sp);
		assert_int_equal(ms_election_voters(&g), el.n_voters);
		assert_int_equal(ms_election_voters(&sp), el.n_voters);
		merged += g.n_voters < el.n_voters;
		for (int sat = 0; sat < 2; sat++) {
			if (points && sat == MS_SAT_COST)
				continue;
			same(greedy, &el, &g, sat, 0);
			same(greedy, &el, &sp, sat, 0);
			for (int c = MS_MES_NONE; c <= MS_MES_ADD1_GREEDY; c++) {
				same(mes, &el, &g, sat, c);
				same(mes, &el, &sp, sat, c);
			}
			same_no_payers(&sp, sat);
		}
		ungroup(&sp);
		ungroup(&g);
		ms_test_unbuild(&el);
	}
	assert_true(merged > 250);
}

/* A group of one voter each is the election itself; the outcome's payers
 * are the ballots' indices. */
static void test_weights_of_one(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b", "c"};
	static const int64_t costs[] = {30, 40, 50};
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, 100, 3, ids, costs, "0 1;0;1 2;2;0 2");
	uint32_t w[5] = {1, 1, 1, 1, 1};
	struct ms_election g = el;
	g.vote_weight = w;
	struct ms_outcome a, b;
	struct ms_error e;
	char x[256], y[256];
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, &el, MS_SAT_COST, MS_MES_NONE, &a, &e), 0);
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, &g, MS_SAT_COST, MS_MES_NONE, &b, &e), 0);
	ms_test_steps_str(&a, x, sizeof x);
	ms_test_steps_str(&b, y, sizeof y);
	assert_string_equal(x, y);
	ms_outcome_fini(&ms_allocator_libc, &a);
	ms_outcome_fini(&ms_allocator_libc, &b);
	ms_test_unbuild(&el);
}

/* An allocator that remembers the largest block asked for. */
static void *big_alloc(void *ctx, size_t size)
{
	size_t *largest = ctx;
	if (size > *largest)
		*largest = size;
	return malloc(size);
}

static void big_free(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

/* A million voters in three ballots: the payers are the ballots (indices
 * 0..2), and nothing is sized by the voters. */
static void test_payers_are_ballots(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b", "c"};
	static const int64_t costs[] = {300, 400, 500};
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, 1000, 3, ids, costs, "0 1;0;1 2");
	uint32_t w[3] = {1000000, 500000, 250000};
	el.vote_weight = w;
	size_t largest = 0;
	const struct ms_allocator big = {big_alloc, big_free, &largest};
	struct ms_outcome o;
	struct ms_error e;
	assert_int_equal(ms_rule_mes(&big, &el, MS_SAT_COST, MS_MES_NONE, &o, &e), 0);
	uint32_t steps = 0;
	for (size_t i = 0; i < o.n_steps; i++) {
		if (o.steps[i].kind != MS_STEP_SELECTED)
			continue;
		steps++;
		assert_true(o.steps[i].n_payers >= 1 && o.steps[i].n_payers <= 3);
		for (uint32_t k = 0; k < o.steps[i].n_payers; k++)
			assert_true(o.steps[i].payers[k] < 3);
	}
	assert_true(steps >= 1);
	assert_true(largest < 4096);
	ms_outcome_fini(&big, &o);
	el.vote_weight = NULL;
	ms_test_unbuild(&el);
}

/* A group's points times its voters past 2^64 is an overflow, not a wrap
 * (Equal Shares as greedy). */
static void test_points_overflow(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b"};
	static const int64_t costs[] = {10, 10};
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_CUMULATIVE, 20, 2, ids, costs, "0:1099511627776;1:1");
	uint32_t w[2] = {16777216, 1};
	el.vote_weight = w;
	struct ms_outcome o;
	struct ms_error e;
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, &el, MS_SAT_CARD, MS_MES_NONE, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_POINTS_OVERFLOW.code);
	ms_outcome_fini(&ms_allocator_libc, &o);
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_CARD, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_POINTS_OVERFLOW.code);
	ms_outcome_fini(&ms_allocator_libc, &o);
	el.vote_weight = NULL;
	ms_test_unbuild(&el);
}

static void test_refused(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b", "c"};
	static const int64_t costs[] = {30, 40, 50};
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, 100, 3, ids, costs, "0 1;0;1 2");
	uint32_t w[3] = {2, 1, 5};
	el.vote_weight = w;
	struct ms_outcome o;
	struct ms_error e;
	assert_int_equal(ms_rule_phragmen(&ms_allocator_libc, &el, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_GROUPED.code);
	ms_outcome_fini(&ms_allocator_libc, &o);
	assert_int_equal(ms_rule_ees(&ms_allocator_libc, &el, MS_SAT_COST, MS_EES_NONE, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_GROUPED.code);
	ms_outcome_fini(&ms_allocator_libc, &o);
	struct ms_measure m[3];
	assert_int_equal(ms_measures(&ms_allocator_libc, &el, MS_MEASURE_GREEDY, m, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_GROUPED.code);
	assert_int_equal(ms_measures(&ms_allocator_libc, &el, MS_MEASURE_MES, m, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_GROUPED.code);
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(ms_pb_write(&ms_allocator_libc, &el, &text, &len, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_GROUPED.code);
	assert_null(text);
	/* a group of no voter, and more than 2^32 - 1 voters in all */
	w[1] = 0;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_BAD_WEIGHT.code);
	ms_outcome_fini(&ms_allocator_libc, &o);
	w[1] = UINT32_MAX - 1;
	assert_int_equal(ms_rule_mes(&ms_allocator_libc, &el, MS_SAT_COST, MS_MES_NONE, &o, &e),
			 MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_ELECTION_BAD_WEIGHT.code);
	ms_outcome_fini(&ms_allocator_libc, &o);
	el.vote_weight = NULL;
	ms_test_unbuild(&el);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_outcome),
		cmocka_unit_test(test_weights_of_one),
		cmocka_unit_test(test_payers_are_ballots),
		cmocka_unit_test(test_points_overflow),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
