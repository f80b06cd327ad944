/*
 * test_mes_random.c — the Method of Equal Shares (src/count/mes*.c) against
 * a naive, independent implementation of ../shared/pabulib/README.md (exact
 * rationals, every voter apart, the completions run step by step): hundreds
 * of small random elections for both satisfactions and all three
 * completions, each run fast, with every decision in exact arithmetic and
 * with the stepwise completion (no jumps) through ms_mes_rule_opts; and
 * larger ones, beyond the oracle, on which the three modes agree.
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

#include "count/mes_internal.h"
#include "count/rat.h"
#include "support.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

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
		ms_test_sel_str(o, got, sizeof got);
		printf("# %s sat %d completion %d: got [%s] cost %lld it %llu budget %s; want", what, (int)sat, (int)c,
		       got, (long long)o->total_cost, (unsigned long long)o->mes_iterations,
		       o->mes_budget ? o->mes_budget : "-");
		for (uint32_t i = 0; i < nv->n_all; i++)
			printf(" %u", (unsigned)nv->all[i]);
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

/* A random small election. Costs and budgets are small integers (ties
 * everywhere: the exact paths) or larger ones (the double paths); kind 2:
 * cumulative ballots. */
static void random_election(struct ms_election *el, int kind)
{
	ms_test_random_election(el, rnd, true, kind == 2);
}

/* ms_mes_selects, the run stopped once p is decided (for the measures),
 * against the whole outcome o of plain MES, for every project. */
static void check_selects(const struct ms_election *el, enum ms_satisfaction sat, const struct ms_outcome *o)
{
	for (uint32_t p = 0; p < el->n_projects; p++) {
		bool want = false, sel = true;
		for (uint32_t i = 0; i < o->n_selected; i++)
			want |= o->selected[i] == p;
		struct ms_error e;
		assert_int_equal(ms_mes_selects(&ms_allocator_libc, el, sat, p, &sel, &e), 0);
		if (sel != want)
			fail_msg("ms_mes_selects says %d for project %s, the rule %d", sel, el->project_id[p], want);
	}
}

/* The probe of the singleton-add search (one grouping for every k) against
 * the early-stopped run on the election with k added voters approving p
 * alone, for k = 1 … top. */
static void check_probe(const struct ms_election *el, uint32_t p, uint32_t top)
{
	uint32_t n = el->n_voters, total = el->vote_off[n];
	uint32_t *off = malloc(((size_t)n + top + 1) * sizeof *off), *proj = malloc(((size_t)total + top) * sizeof *proj);
	assert_true(off && proj);
	memcpy(off, el->vote_off, ((size_t)n + 1) * sizeof *off);
	memcpy(proj, el->vote_proj, (size_t)total * sizeof *proj);
	for (uint32_t i = 0; i < top; i++) {
		off[n + i + 1] = total + i + 1;
		proj[total + i] = p;
	}
	struct ms_election w = *el;
	w.vote_off = off;
	w.vote_proj = proj;
	w.voter_id = NULL;
	w.n_voters = n + top;
	struct ms_mes_probe pb;
	struct ms_error e;
	assert_int_equal(ms_mes_probe_init(&pb, &ms_allocator_libc, &w, p, top, &e), 0);
	for (uint32_t k = 1; k <= top; k++) {
		bool probed = false, whole = true;
		assert_int_equal(ms_mes_probe_selects(&pb, k, &probed, &e), 0);
		w.n_voters = n + k;
		assert_int_equal(ms_mes_selects(&ms_allocator_libc, &w, MS_SAT_COST, p, &whole, &e), 0);
		if (probed != whole)
			fail_msg("the probe says %d for project %s with %u added, the rule %d", probed, el->project_id[p],
				 (unsigned)k, whole);
	}
	ms_mes_probe_fini(&pb);
	free(off);
	free(proj);
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
					if (c == MS_MES_NONE && mode == 0)
						check_selects(&el, sat, &o);
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
 * own exact and stepwise modes — the jumps and the double filter agree; the
 * early-stopped runs and the singleton-add probe against whole runs. */
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
			if (c == MS_MES_NONE) {
				check_selects(&el, MS_SAT_COST, &o[0]);
				check_probe(&el, (uint32_t)round % np, 40);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_against_naive),
		cmocka_unit_test(test_random_modes_agree),
	};
	return cmocka_run_group_tests_name("mes_random", tests, NULL, NULL);
}
