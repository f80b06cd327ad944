/*
 * test_measures.c — project performance measures (src/count/measures.c)
 * against brute force: on hundreds of small random approval elections, for
 * greedy (cost), Phragmén and Equal Shares (cost), every project's max_cost
 * is the largest of the costs 0..budget at which the rule, run with that
 * cost, selects it (trying every one, and checking that those >= 1 are
 * 1..max_cost, which the binary search relies on), and its add_singletons
 * the least k = 0, 1, 2, … for which the rule, run with k more voters each
 * approving it alone, selects it (trying every k in turn; greedy and
 * Phragmén also select it for the next k's); and under greedy a selected
 * project's lose_approvals the largest r for which it is still selected
 * with r of its approvers dropping it — every r in turn, dropping the first
 * r approvers and the last r (only the number matters); and its
 * add_approvals the least size of a set of the voters not approving it
 * who, approving it too, make the rule select it (every such set; under
 * greedy every set of that size or more does). Then the sentences,
 * choose-1 ballots, the bound on the work, and failing allocations.
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

#include "count/measures.h"
#include "count/mes_internal.h"
#include "count/phragmen_internal.h"
#include "support.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))
#define NP_MAX 6
#define BF_MAX_ADDED 240 /* brute force tries k = 1 .. this */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % n);
}

/* A random small approval election (as test_mes_random.c builds them, with
 * small costs so every cost up to the budget can be tried). */
static void random_election(struct ms_election *el)
{
	ms_test_random_election(el, rnd, false, false);
}

/* The rule on el: does it select p? */
static bool bf_selects(const struct ms_election *el, enum ms_measure_rule rule, uint32_t p)
{
	struct ms_outcome o;
	struct ms_error e;
	int rc;
	if (rule == MS_MEASURE_GREEDY)
		rc = ms_rule_greedy(&ms_allocator_libc, el, MS_SAT_COST, &o, &e);
	else if (rule == MS_MEASURE_PHRAGMEN)
		rc = ms_rule_phragmen(&ms_allocator_libc, el, &o, &e);
	else
		rc = ms_rule_mes(&ms_allocator_libc, el, MS_SAT_COST, MS_MES_NONE, &o, &e);
	assert_int_equal(rc, 0);
	bool sel = false;
	for (uint32_t i = 0; i < o.n_selected; i++)
		sel |= o.selected[i] == p;
	ms_outcome_fini(&ms_allocator_libc, &o);
	return sel;
}

/* Whether the rule selects p when r of its approvers drop it: the first r
 * in voter order, or (last) the last r. */
static bool bf_selects_dropped(const struct ms_election *el, enum ms_measure_rule rule, uint32_t p, uint32_t r,
			       bool last)
{
	uint32_t n = el->n_voters, total = el->vote_off[n], appr = 0, seen = 0, k = 0;
	for (uint32_t j = 0; j < total; j++)
		appr += el->vote_proj[j] == p;
	uint32_t *off = malloc(((size_t)n + 1) * sizeof *off), *proj = malloc(((size_t)total + 1) * sizeof *proj);
	assert_true(off && proj && r <= appr);
	off[0] = 0;
	for (uint32_t v = 0; v < n; v++) {
		for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++) {
			if (el->vote_proj[j] == p) {
				bool drop = last ? seen >= appr - r : seen < r;
				seen++;
				if (drop)
					continue;
			}
			proj[k++] = el->vote_proj[j];
		}
		off[v + 1] = k;
	}
	struct ms_election w = *el;
	w.vote_off = off;
	w.vote_proj = proj;
	bool sel = bf_selects(&w, rule, p);
	free(off);
	free(proj);
	return sel;
}

/* Every cost 0..budget: the largest that selects p (-1: none); those >= 1
 * that select p are 1..max. */
static int64_t bf_max_cost(struct ms_election *el, enum ms_measure_rule rule, uint32_t p)
{
	int64_t keep = el->cost[p], best = -1;
	bool gap = false;
	for (int64_t c = 0; c <= el->budget; c++) {
		el->cost[p] = c;
		bool sel = bf_selects(el, rule, p);
		if (sel)
			best = c;
		if (c >= 1 && sel && gap)
			fail_msg("rule %d, project %u: selected at cost %lld but not below", (int)rule, (unsigned)p,
				 (long long)c);
		if (c >= 1 && !sel)
			gap = true;
	}
	el->cost[p] = keep;
	return best;
}

/* el with k more voters approving p alone (malloc'd arrays; free with
 * free_added). */
static void with_added(const struct ms_election *el, uint32_t p, uint32_t k, struct ms_election *out)
{
	uint32_t n = el->n_voters, total = el->vote_off[n];
	*out = *el;
	uint32_t *off = malloc((n + k + 1) * sizeof *off), *proj = malloc((total + k + 1) * sizeof *proj);
	assert_non_null(off);
	assert_non_null(proj);
	memcpy(off, el->vote_off, (n + 1) * sizeof *off);
	memcpy(proj, el->vote_proj, total * sizeof *proj);
	for (uint32_t i = 0; i < k; i++) {
		off[n + i + 1] = total + i + 1;
		proj[total + i] = p;
	}
	out->n_voters = n + k;
	out->vote_off = off;
	out->vote_proj = proj;
	out->vote_points = NULL;
	out->voter_id = NULL;
}

static void free_added(struct ms_election *el)
{
	free(el->vote_off);
	free(el->vote_proj);
}

static bool bf_selects_added(const struct ms_election *el, enum ms_measure_rule rule, uint32_t p, uint32_t k)
{
	struct ms_election x;
	with_added(el, p, k, &x);
	bool sel = bf_selects(&x, rule, p);
	free_added(&x);
	return sel;
}

/* The least number of p's non-approvers who, approving p too, make the
 * rule select it: every subset of them (at most 9 voters), -1 for none.
 * *any_k: (greedy) every subset of that size or more selects p. */
static int64_t bf_approvals(const struct ms_election *el, enum ms_measure_rule rule, uint32_t p, bool *any_k)
{
	uint32_t n = el->n_voters, total = el->vote_off[n], non[16], nn = 0;
	for (uint32_t v = 0; v < n; v++) {
		bool has = false;
		for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++)
			has |= el->vote_proj[j] == p;
		if (!has)
			non[nn++] = v;
	}
	assert_true(nn <= 12);
	uint32_t *off = malloc(((size_t)n + 1) * sizeof *off), *proj = malloc(((size_t)total + nn + 1) * sizeof *proj);
	assert_true(off && proj);
	int64_t best = -1;
	bool *sel = calloc((size_t)1 << nn, sizeof *sel);
	assert_non_null(sel);
	for (uint32_t mask = 0; mask < (1u << nn); mask++) {
		uint32_t k = 0, x = 0;
		off[0] = 0;
		for (uint32_t v = 0, i = 0; v < n; v++) {
			for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++)
				proj[x++] = el->vote_proj[j];
			if (i < nn && non[i] == v) {
				if (mask >> i & 1)
					proj[x++] = p, k++;
				i++;
			}
			off[v + 1] = x;
		}
		struct ms_election w = *el;
		w.vote_off = off;
		w.vote_proj = proj;
		sel[mask] = bf_selects(&w, rule, p);
		if (sel[mask] && (best < 0 || k < best))
			best = k;
	}
	*any_k = best >= 0;
	for (uint32_t mask = 0; mask < (1u << nn) && best >= 0; mask++)
		if ((int64_t)__builtin_popcount(mask) >= best && !sel[mask])
			*any_k = false;
	free(sel);
	free(off);
	free(proj);
	return best;
}

/* The most of p's approvers who can drop it with the rule still selecting
 * it: every subset of them (at most 16). *any_k: every subset of that size
 * or fewer keeps it selected (the worst as many as well as the best). */
static uint32_t bf_lose(const struct ms_election *el, enum ms_measure_rule rule, uint32_t p, bool *any_k)
{
	uint32_t n = el->n_voters, total = el->vote_off[n], sup[16], na = 0;
	for (uint32_t v = 0; v < n; v++)
		for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++)
			if (el->vote_proj[j] == p) {
				assert_true(na < 16);
				sup[na++] = v;
				break;
			}
	uint32_t *off = malloc(((size_t)n + 1) * sizeof *off), *proj = malloc(((size_t)total + 1) * sizeof *proj);
	bool *sel = calloc((size_t)1 << na, sizeof *sel);
	assert_true(off && proj && sel);
	uint32_t best = 0;
	for (uint32_t mask = 0; mask < (1u << na); mask++) {
		uint32_t x = 0;
		off[0] = 0;
		for (uint32_t v = 0, i = 0; v < n; v++) {
			bool drop = i < na && sup[i] == v && (mask >> i & 1);
			if (i < na && sup[i] == v)
				i++;
			for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++)
				if (!drop || el->vote_proj[j] != p)
					proj[x++] = el->vote_proj[j];
			off[v + 1] = x;
		}
		struct ms_election w = *el;
		w.vote_off = off;
		w.vote_proj = proj;
		sel[mask] = bf_selects(&w, rule, p);
		if (sel[mask] && (uint32_t)__builtin_popcount(mask) > best)
			best = (uint32_t)__builtin_popcount(mask);
	}
	*any_k = true;
	for (uint32_t mask = 0; mask < (1u << na); mask++)
		if ((uint32_t)__builtin_popcount(mask) <= best && !sel[mask])
			*any_k = false;
	free(sel);
	free(off);
	free(proj);
	return best;
}

/* The least k in 0..BF_MAX_ADDED that selects p, -1 for none. */
static int64_t bf_singletons(const struct ms_election *el, enum ms_measure_rule rule, uint32_t p)
{
	for (uint32_t k = 0; k <= BF_MAX_ADDED; k++)
		if (bf_selects_added(el, rule, p, k))
			return k;
	return -1;
}

static void test_random_against_brute_force(void **state)
{
	(void)state;
	rng_state = 20251118;
	static const char *const names[] = { "greedy", "phragmen", "mes" };
	int checked = 0, found_cost = 0, found_add = 0, never_add = 0, found_lose = 0, zero_lose = 0, runs = 0;
	int found_appr[3] = {0}, never_appr = 0, beat_singletons = 0, lose_states[3] = {0}, lose_some = 0;
	for (int round = 0; round < 260; round++) {
		struct ms_election el;
		random_election(&el);
		for (int r = 0; r < 3; r++) {
			enum ms_measure_rule rule = (enum ms_measure_rule)r;
			struct ms_measure m[NP_MAX];
			struct ms_error e;
			int rc = ms_measures(&ms_allocator_libc, &el, rule, m, &e);
			if (rc)
				printf("# %s\n", e.message);
			assert_int_equal(rc, 0);
			for (uint32_t p = 0; p < el.n_projects; p++) {
				char what[96];
				snprintf(what, sizeof what, "election %d, %s, project %u (id %s)", round, names[r], (unsigned)p,
					 el.project_id[p]);
				bool whole = bf_selects(&el, rule, p), early = !whole;
				assert_int_equal(m[p].selected, whole);
				/* the runs stopped once p is decided, as the measures make them */
				if (rule == MS_MEASURE_PHRAGMEN) {
					assert_int_equal(ms_phragmen_selects(&ms_allocator_libc, &el, p, &early, NULL, &e), 0);
					assert_int_equal(early, whole);
				} else if (rule == MS_MEASURE_MES) {
					assert_int_equal(ms_mes_selects(&ms_allocator_libc, &el, MS_SAT_COST, p, &early, &e), 0);
					assert_int_equal(early, whole);
				}
				/* max_cost */
				int64_t want = bf_max_cost(&el, rule, p);
				if (want < 0) {
					if (m[p].cost_status != MS_MEASURE_NEVER)
						fail_msg("%s: max_cost %lld, no cost selects it", what, (long long)m[p].max_cost);
				} else {
					if (m[p].cost_status != MS_MEASURE_FOUND || m[p].max_cost != want)
						fail_msg("%s: max_cost %lld (status %d), want %lld", what, (long long)m[p].max_cost,
							 (int)m[p].cost_status, (long long)want);
					found_cost++;
				}
				/* add_singletons */
				int64_t k = bf_singletons(&el, rule, p);
				if (k >= 0) {
					if (m[p].add_status != MS_MEASURE_FOUND || m[p].add_singletons != k)
						fail_msg("%s: add_singletons %u (status %d), want %lld", what,
							 (unsigned)m[p].add_singletons, (int)m[p].add_status, (long long)k);
					if (rule != MS_MEASURE_MES) /* monotone beyond the least k */
						for (uint32_t j = 1; j <= 3; j++)
							assert_true(bf_selects_added(&el, rule, p, (uint32_t)k + j));
					found_add += k > 0;
				} else if (m[p].add_status == MS_MEASURE_FOUND) {
					/* beyond what brute force tries: it selects there and
					 * (Equal Shares walks every k) the measure is past it */
					assert_true(m[p].add_singletons > BF_MAX_ADDED);
					assert_true(bf_selects_added(&el, rule, p, m[p].add_singletons));
					assert_false(bf_selects_added(&el, rule, p, m[p].add_singletons - 1));
				} else {
					assert_int_equal(m[p].add_status, MS_MEASURE_NEVER);
					never_add++;
				}
				/* lose_approvals: selected, approved. Greedy: every r, either end of
				 * the approvers (only the number matters); Phragmén and Equal
				 * Shares: every subset of the approvers */
				uint32_t appr = 0;
				for (uint32_t j = 0; j < el.vote_off[el.n_voters]; j++)
					appr += el.vote_proj[j] == p;
				if (!m[p].selected || appr == 0) {
					assert_int_equal(m[p].lose_status, MS_MEASURE_NONE);
					zero_lose += rule == MS_MEASURE_GREEDY && m[p].selected;
				} else if (rule == MS_MEASURE_GREEDY) {
					assert_int_equal(m[p].lose_status, MS_MEASURE_FOUND);
					assert_true(m[p].lose_approvals <= appr);
					for (uint32_t r2 = 0; r2 <= appr; r2++) {
						bool want_sel = r2 <= m[p].lose_approvals;
						if (bf_selects_dropped(&el, rule, p, r2, false) != want_sel ||
						    bf_selects_dropped(&el, rule, p, r2, true) != want_sel)
							fail_msg("%s: lose_approvals %u, but with %u fewer selected is not %d", what,
								 (unsigned)m[p].lose_approvals, (unsigned)r2, want_sel);
					}
					found_lose += m[p].lose_approvals > 0;
				} else {
					bool any;
					uint32_t want_l = bf_lose(&el, rule, p, &any);
					if (m[p].lose_status != MS_MEASURE_FOUND || m[p].lose_approvals != want_l)
						fail_msg("%s: lose_approvals %u (status %d), want %u", what,
							 (unsigned)m[p].lose_approvals, (int)m[p].lose_status, (unsigned)want_l);
					lose_states[r] += want_l > 0;
					lose_some += !any;
				}
				/* add_approvals: every subset of the voters not approving p */
				bool any_k;
				int64_t want_a = bf_approvals(&el, rule, p, &any_k);
				if (want_a < 0 && appr == el.n_voters && !m[p].selected) {
					/* nobody left to approve it: no measure, no sentence */
					assert_int_equal(m[p].approvals_status, MS_MEASURE_NONE);
				} else if (want_a < 0) {
					if (m[p].approvals_status != MS_MEASURE_NEVER)
						fail_msg("%s: add_approvals %u (status %d), no voters select it", what,
							 (unsigned)m[p].add_approvals, (int)m[p].approvals_status);
					never_appr++;
				} else {
					if (m[p].approvals_status != MS_MEASURE_FOUND || m[p].add_approvals != want_a)
						fail_msg("%s: add_approvals %u (status %d), want %lld", what,
							 (unsigned)m[p].add_approvals, (int)m[p].approvals_status, (long long)want_a);
					found_appr[r] += want_a > 0;
					beat_singletons += m[p].add_status == MS_MEASURE_FOUND && want_a < m[p].add_singletons;
					if (rule == MS_MEASURE_GREEDY) { /* any voters, as many as new ones */
						assert_true(any_k);
						assert_true(m[p].add_status == MS_MEASURE_FOUND &&
							    m[p].add_singletons == m[p].add_approvals);
					}
				}
				runs += (int)m[p].runs;
				checked++;
			}
		}
		ms_test_unbuild(&el);
	}
	printf("# %d project measures agree with brute force (%d with a max cost, %d needing added voters, %d never, "
	       "%d that could lose approvals (Phragmén %d, Equal Shares %d; %d only some of that many); approvals of voters needed: %d / %d / %d, %d fewer than new voters, %d "
	       "never; %d rule runs)\n",
	       checked, found_cost, found_add, never_add, found_lose, lose_states[1], lose_states[2], lose_some, found_appr[0], found_appr[1], found_appr[2],
	       beat_singletons, never_appr, runs);
	for (int r = 0; r < 3; r++)
		assert_true(found_appr[r] > 50);
	assert_true(beat_singletons > 10);
	assert_true(never_appr > 10);
	assert_true(found_add > 100);
	assert_true(found_lose > 50);
	assert_true(lose_states[1] > 50 && lose_states[2] > 50);
	assert_true(lose_some > 5); /* which approvers drop it matters: the most is not the worst case */
	assert_true(zero_lose > 0); /* selected with no approvals: nothing to lose, no sentence */
	assert_true(never_add > 10);
}

/* a 6, b 5, c 4, budget 10; approvals a 3, b 3, c 2. Greedy takes a (the
 * tie with b to the smaller id), skips b (5 > 4 left), takes c. */
static const char *const abc_ids[] = { "a", "b", "c" };
static const int64_t abc_costs[] = { 6, 5, 4 };
#define ABC_VOTES "0 1;0 1;0;1 2;2"

/* Project 1's sentence in Chinese and in English is want. */
static void says_zh(const struct ms_election *el, const struct ms_measure *x, const char *want)
{
	char buf[512];
	ms_measure_text_zh(el, 1, x, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void says_en(const struct ms_election *el, const struct ms_measure *x, const char *want)
{
	char buf[512];
	ms_measure_text_en(el, 1, x, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void test_words(void **state)
{
	(void)state;
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, 10, 3, abc_ids, abc_costs, ABC_VOTES);
	struct ms_measure m[3];
	struct ms_error e;
	assert_int_equal(ms_measures(&ms_allocator_libc, &el, MS_MEASURE_GREEDY, m, &e), 0);
	assert_true(m[0].selected && !m[1].selected && m[2].selected);
	assert_int_equal(m[0].max_cost, 10);
	assert_int_equal(m[1].max_cost, 4);
	assert_int_equal(m[1].add_singletons, 1);
	assert_int_equal(m[2].max_cost, 4);
	char buf[512];
	/* a with 2 approvals comes after b, which leaves 5; c is last anyway */
	assert_true(m[0].lose_status == MS_MEASURE_FOUND && m[0].lose_approvals == 0);
	assert_int_equal(m[1].lose_status, MS_MEASURE_NONE);
	assert_true(m[2].lose_status == MS_MEASURE_FOUND && m[2].lose_approvals == 2);
	/* one of voters 2 and 4 approving b too puts it before a */
	assert_true(m[1].approvals_status == MS_MEASURE_FOUND && m[1].add_approvals == 1);
	assert_true(m[0].approvals_status == MS_MEASURE_FOUND && m[0].add_approvals == 0);
	static const char *const zh[] = { "成本可增至 10 元仍入选；少 1 票赞成即落选。",
					  "成本降至 4 元即可入选；还需 1 票赞成（新增只赞成该项目的选票）即可入选；"
					  "未赞成的投票人中至少还需 1 人赞成才能入选。",
					  "已入选；成本再增加即落选；即使全部 2 名赞成者都不再赞成仍入选。" };
	static const char *const en[] = {
		"It would still be selected at a cost of up to 10 yuan. With one approval fewer it would not be "
		"selected.",
		"A cost of 4 yuan would select it. 1 more approval (new ballots approving only this project) would "
		"select it. At least 1 more of the voters who did not approve it would have to approve it.",
		"Selected; at any higher cost it would not be. It would still be selected even if all 2 of its approvers "
		"stopped approving it." };
	for (uint32_t p = 0; p < 3; p++) {
		assert_int_equal(ms_measure_text_zh(&el, p, &m[p], buf, sizeof buf), strlen(zh[p]));
		assert_string_equal(buf, zh[p]);
		assert_int_equal(ms_measure_text_en(&el, p, &m[p], buf, sizeof buf), strlen(en[p]));
		assert_string_equal(buf, en[p]);
	}

	/* money in yuan with the election's decimals, thousands grouped */
	el.money_scale = 100;
	el.cost[1] = 5000000; /* 50,000.00 */
	struct ms_measure x = { .selected = false, .cost_status = MS_MEASURE_FOUND, .max_cost = 4500050,
				.add_status = MS_MEASURE_FOUND, .add_singletons = 312,
				.approvals_status = MS_MEASURE_NONE };
	says_zh(&el, &x, "成本降至 45,000.50 元即可入选；还需 312 票赞成（新增只赞成该项目的选票）即可入选。");
	says_en(&el, &x, "A cost of 45,000.50 yuan would select it. 312 more approvals (new ballots approving "
		"only this project) would select it.");
	el.cost[1] = 0; /* Equal Shares: not selected at cost 0, selected at 6.00 */
	x.max_cost = 600;
	says_zh(&el, &x, "成本为 6.00 元即可入选；还需 312 票赞成（新增只赞成该项目的选票）即可入选。");
	x.cost_status = MS_MEASURE_NEVER;
	x.add_status = MS_MEASURE_NEVER;
	says_zh(&el, &x, "降低成本也不能入选；增加赞成票也不能入选。");
	says_en(&el, &x, "No lower cost would select it. No number of added approvals would select it.");
	x.add_status = MS_MEASURE_BEYOND;
	says_en(&el, &x, "No lower cost would select it. More than 4000000 more approvals would be needed.");
	x.approvals_status = MS_MEASURE_NEVER;
	says_zh(&el, &x, "降低成本也不能入选；需要超过 4000000 票新增赞成才能入选；未赞成的投票人全部赞成也不能入选。");
	says_en(&el, &x, "No lower cost would select it. More than 4000000 more approvals would be needed. Even "
		"if every voter who did not approve it did, it would not be selected.");
	x.approvals_status = MS_MEASURE_FOUND;
	x.add_approvals = 280;
	says_zh(&el, &x, "降低成本也不能入选；需要超过 4000000 票新增赞成才能入选；未赞成的投票人中至少还需 280 人赞成才能入选。");
	x.approvals_status = MS_MEASURE_NONE;
	x.selected = true;
	x.cost_status = MS_MEASURE_FOUND;
	x.max_cost = 123456789;
	x.lose_status = MS_MEASURE_FOUND;
	x.lose_approvals = 1;
	says_en(&el, &x, "It would still be selected at a cost of up to 1,234,567.89 yuan. It would still be "
		"selected with 1 fewer approval.");
	x.rule = MS_MEASURE_MES; /* which approvers leave matters */
	x.lose_approvals = 40;
	x.approvals = 100;
	says_zh(&el, &x, "成本可增至 1,234,567.89 元仍入选；赞成者中对其影响最小的 40 人不再赞成时仍入选，再多则必然落选。");
	says_en(&el, &x, "It would still be selected at a cost of up to 1,234,567.89 yuan. It would still be "
		"selected if the 40 of its approvers counting least for it stopped approving it; with more it "
		"would not be.");
	x.approvals = 40; /* all of them, under any rule: nothing depends on which */
	says_zh(&el, &x, "成本可增至 1,234,567.89 元仍入选；即使全部 40 名赞成者都不再赞成仍入选。");
	says_en(&el, &x, "It would still be selected at a cost of up to 1,234,567.89 yuan. It would still be "
		"selected even if all 40 of its approvers stopped approving it.");
	x.rule = MS_MEASURE_GREEDY;
	says_zh(&el, &x, "成本可增至 1,234,567.89 元仍入选；即使全部 40 名赞成者都不再赞成仍入选。");
	x.lose_approvals = x.approvals = 1;
	says_zh(&el, &x, "成本可增至 1,234,567.89 元仍入选；即使其唯一的赞成者不再赞成仍入选。");
	says_en(&el, &x, "It would still be selected at a cost of up to 1,234,567.89 yuan. It would still be "
		"selected even if its one approver stopped approving it.");
	x.rule = MS_MEASURE_MES;
	x.approvals = 100;
	x.lose_approvals = 0;
	says_zh(&el, &x, "成本可增至 1,234,567.89 元仍入选；少 1 票赞成即落选。");
	x.lose_status = MS_MEASURE_NONE; /* selected with no approvals */
	says_zh(&el, &x, "成本可增至 1,234,567.89 元仍入选。");

	/* cut at a character boundary, the length needed returned */
	size_t need = ms_measure_text_zh(&el, 1, &x, NULL, 0);
	assert_int_equal(need, strlen("成本可增至 1,234,567.89 元仍入选。"));
	assert_int_equal(ms_measure_text_zh(&el, 1, &x, buf, 20), need);
	assert_string_equal(buf, "成本可增至 1,2");
	assert_int_equal(ms_measure_text_en(NULL, 0, &x, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	ms_test_unbuild(&el);
}

static void test_calls(void **state)
{
	(void)state;
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, 10, 3, abc_ids, abc_costs, ABC_VOTES);
	struct ms_measure m;
	struct ms_error e;
	assert_int_equal(ms_measure_project(&ms_allocator_libc, &el, MS_MEASURE_MES, 3, &m, &e), MS_ERR_INVALID);
	assert_int_equal(ms_measure_project(&ms_allocator_libc, &el, (enum ms_measure_rule)7, 0, &m, &e),
			 MS_ERR_INVALID);
	assert_int_equal(ms_measure_project(&ms_allocator_libc, &el, MS_MEASURE_MES, 0, NULL, &e),
			 MS_ERR_UNPROCESSABLE);
	/* choose-1 ballots: a voter approves one project only, so no voter
	 * can approve another too */
	struct ms_election one;
	ms_test_build(&one, MS_VOTE_CHOOSE1, 10, 3, abc_ids, abc_costs, "0;0;1;1;2");
	for (int r = 0; r < 3; r++)
		for (uint32_t p = 0; p < 3; p++) {
			assert_int_equal(ms_measure_project(&ms_allocator_libc, &one, (enum ms_measure_rule)r, p, &m, &e), 0);
			assert_int_equal(m.approvals_status, MS_MEASURE_NONE);
			assert_int_equal(m.add_approvals, 0);
		}
	ms_test_unbuild(&one);
	/* one project alone: as ms_measures computes it */
	struct ms_measure all[3];
	assert_int_equal(ms_measures(&ms_allocator_libc, &el, MS_MEASURE_PHRAGMEN, all, &e), 0);
	for (uint32_t p = 0; p < 3; p++) {
		assert_int_equal(ms_measure_project(&ms_allocator_libc, &el, MS_MEASURE_PHRAGMEN, p, &m, &e), 0);
		assert_memory_equal(&m, &all[p], sizeof m);
	}
	ms_test_unbuild(&el);

	ms_test_build(&el, MS_VOTE_CUMULATIVE, 10, 3, abc_ids, abc_costs, "0:1 1:2;2:1");
	assert_int_equal(ms_measures(&ms_allocator_libc, &el, MS_MEASURE_GREEDY, all, &e), MS_ERR_UNPROCESSABLE);
	ms_test_unbuild(&el);
}

/* ms_measures_bounded: the least bound that lets the measures finish gives
 * ms_measures' answers, one unit less fails with count_measures_work. */
static void test_bounded(void **state)
{
	(void)state;
	rng_state = 4242;
	int bounded = 0;
	for (int round = 0; round < 30; round++) {
		struct ms_election el;
		random_election(&el);
		for (int r = 0; r < 3; r++) {
			enum ms_measure_rule rule = (enum ms_measure_rule)r;
			struct ms_measure all[NP_MAX], m[NP_MAX];
			struct ms_error e;
			assert_int_equal(ms_measures(&ms_allocator_libc, &el, rule, all, &e), 0);
			assert_int_equal(ms_measures_bounded(&ms_allocator_libc, &el, rule, UINT64_MAX, m, &e), 0);
			assert_memory_equal(m, all, el.n_projects * sizeof *m);
			uint64_t lo = 0, hi = 1; /* lo fails, hi succeeds */
			while (ms_measures_bounded(&ms_allocator_libc, &el, rule, hi, m, &e) != 0) {
				assert_string_equal(e.code, "count_measures_work");
				lo = hi;
				hi *= 2;
			}
			while (hi - lo > 1) {
				uint64_t mid = lo + (hi - lo) / 2;
				if (ms_measures_bounded(&ms_allocator_libc, &el, rule, mid, m, &e) == 0)
					hi = mid;
				else
					lo = mid;
			}
			assert_int_equal(ms_measures_bounded(&ms_allocator_libc, &el, rule, hi, m, &e), 0);
			assert_memory_equal(m, all, el.n_projects * sizeof *m);
			if (hi > 1) {
				assert_int_equal(ms_measures_bounded(&ms_allocator_libc, &el, rule, hi - 1, m, &e),
						 MS_ERR_UNPROCESSABLE);
				assert_string_equal(e.code, "count_measures_work");
				bounded++;
			}
		}
		ms_test_unbuild(&el);
	}
	assert_true(bounded > 50);
}

struct work_count {
	uint64_t total, limit;
	uint32_t calls;
};

static int count_work(void *ctx, uint64_t work, struct ms_error *e)
{
	struct work_count *w = ctx;
	w->total += work;
	w->calls++;
	if (w->total > w->limit)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, NULL, "over the bound");
	return 0;
}

/* Phragmén's runs count their work round by round (ms_ph_work): a run of
 * many rounds costs far more than its ballots and projects (what is
 * charged before a run), as its time does; counted without a limit it gives
 * ms_rule_phragmen's outcome; refused part-way it stops there with the
 * refusal, leaking nothing; and ms_measures_bounded's least bound under
 * Phragmén (test_bounded) includes those rounds. */
static void test_phragmen_work(void **state)
{
	(void)state;
	enum { NP = 80, NV = 400, PER = 10 };
	static char idbuf[NP][8];
	const char *ids[NP];
	int64_t costs[NP];
	for (int p = 0; p < NP; p++) {
		snprintf(idbuf[p], sizeof idbuf[p], "p%d", p);
		ids[p] = idbuf[p];
		costs[p] = 1;
	}
	rng_state = 77;
	size_t cap = (size_t)NV * PER * 4 + 1;
	char *votes = malloc(cap);
	assert_non_null(votes);
	size_t n = 0;
	for (int v = 0; v < NV; v++) {
		bool on[NP] = {false};
		for (int k = 0, c = 0; c < PER && k < 1000; k++) {
			uint32_t p = rnd(NP);
			if (!on[p]) {
				on[p] = true;
				n += (size_t)snprintf(votes + n, cap - n, "%s%u", c++ ? " " : (v ? ";" : ""), (unsigned)p);
			}
		}
	}
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, NP, NP, ids, costs, votes);
	free(votes);
	struct ms_outcome a, b;
	struct ms_error e;
	struct work_count w = {0, UINT64_MAX, 0};
	struct ms_ph_work pw = {count_work, &w};
	assert_int_equal(ms_rule_phragmen(&ms_allocator_libc, &el, &a, &e), 0);
	assert_int_equal(ms_phragmen_counted(&ms_allocator_libc, &el, &b, &pw, &e), 0);
	static char x[1 << 16], y[1 << 16];
	ms_test_steps_str(&a, x, sizeof x);
	ms_test_steps_str(&b, y, sizeof y);
	assert_string_equal(x, y);
	assert_int_equal(a.n_selected, NP);
	uint64_t upfront = NV + (uint64_t)NV * PER + (uint64_t)NP * NP;
	if (w.total < 10 * upfront)
		fail_msg("a run of %d rounds counted %llu, not ten times %llu", NP, (unsigned long long)w.total,
			 (unsigned long long)upfront);
	assert_true(w.calls >= 3 * NP);
	uint32_t last = a.selected[NP - 1];
	ms_outcome_fini(&ms_allocator_libc, &a);
	ms_outcome_fini(&ms_allocator_libc, &b);
	/* refused half-way: the refusal, and the run stopped there */
	struct work_count half = {0, w.total / 2, 0};
	pw.ctx = &half;
	assert_int_equal(ms_phragmen_counted(&ms_allocator_libc, &el, &b, &pw, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.message, "over the bound");
	assert_true(half.calls < w.calls);
	bool sel = true;
	half = (struct work_count){0, w.total / 2, 0};
	assert_int_equal(ms_phragmen_selects(&ms_allocator_libc, &el, last, &sel, &pw, &e), MS_ERR_UNPROCESSABLE);
	/* the measures' bound: below the rounds' work, even the first run is refused */
	struct ms_measure m[NP];
	assert_int_equal(ms_measures_bounded(&ms_allocator_libc, &el, MS_MEASURE_PHRAGMEN, w.total / 2, m, &e),
			 MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, "count_measures_work");
	/* The measures' runs count their rounds too: per run, the measures of
	 * this election (80 rounds a run) count several times what those of
	 * the same ballots with a budget of 1 (one round) do, where a run
	 * counted only its ballots and projects would count the same. */
	uint64_t work[2];
	uint32_t runs[2] = {0, 0};
	for (int k = 0; k < 2; k++) {
		el.budget = k == 0 ? NP : 1;
		assert_int_equal(ms_measures_counted(&ms_allocator_libc, &el, MS_MEASURE_PHRAGMEN, UINT64_MAX, m, &work[k], &e),
				 0);
		for (int p = 0; p < NP; p++)
			runs[k] += m[p].runs;
		assert_true(runs[k] > 0);
		/* the least bound that lets them finish */
		assert_int_equal(ms_measures_bounded(&ms_allocator_libc, &el, MS_MEASURE_PHRAGMEN, work[k], m, &e), 0);
		assert_int_equal(ms_measures_bounded(&ms_allocator_libc, &el, MS_MEASURE_PHRAGMEN, work[k] - 1, m, &e),
				 MS_ERR_UNPROCESSABLE);
	}
	double per[2] = {(double)work[0] / (runs[0] + 1), (double)work[1] / (runs[1] + 1)};
	printf("# Phragmén's measures: %.0f units a run over 80 rounds, %.0f over one (%u and %u runs)\n", per[0], per[1],
	       runs[0], runs[1]);
	if (per[0] < 3 * per[1])
		fail_msg("a run of 80 rounds counted %.0f, of one round %.0f", per[0], per[1]);
	ms_test_unbuild(&el);
}

/* Each allocation failing in turn: MS_ERR_NOMEM, nothing left allocated. */
static void test_failing_allocations(void **state)
{
	(void)state;
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, 10, 3, abc_ids, abc_costs, ABC_VOTES);
	for (int r = 0; r < 3; r++) {
		size_t k;
		for (k = 1; k < 20000; k++) {
			struct ms_test_failing f = { 0, k, 0 };
			struct ms_allocator a = ms_test_failing_allocator(&f);
			struct ms_measure m[3];
			struct ms_error e;
			ms_error_clear(&e);
			int rc = ms_measures(&a, &el, (enum ms_measure_rule)r, m, &e);
			assert_int_equal(f.live, 0);
			if (rc == 0)
				break;
			assert_int_equal(rc, MS_ERR_NOMEM);
		}
		assert_true(k > 5 && k < 20000);
	}
	ms_test_unbuild(&el);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_against_brute_force),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_phragmen_work),
		cmocka_unit_test(test_failing_allocations),
	};
	return cmocka_run_group_tests_name("measures", tests, NULL, NULL);
}
