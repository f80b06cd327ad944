/*
 * test_ees.c — Exact Equal Shares with the ADD-OPT completions
 * (src/count/ees.c): the outcomes of the research implementation
 * (tests/count/fixtures/ees, made by make.py there) on every Pabulib
 * instance it finished; hundreds of small random elections against a
 * naive transcription of that implementation (every voter apart, exact
 * rationals, the L_i lists and the pointer walk as written); a hand-made
 * election; and every allocation failing in turn.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/pb.h"
#include "count/rat.h"
#include "count/rules.h"
#include "support.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

static const char *const keys[] = {"ees_cost", "ees_cost_addopt", "ees_cost_addoptskip", "ees_cost_addoptskip_exh"};

#define ok(rc) assert_int_equal((rc), 0)

/* ---- the naive oracle: the reference's code, every voter apart ------------ */

#define NV_MAX 12
#define NP_MAX 7

struct nrun {
	uint32_t w, sel[NP_MAX];
	uint32_t t[NP_MAX];
	struct ms_rat pay[NP_MAX][NV_MAX]; /* pay[r][v] */
	int64_t cost;
	bool in[NP_MAX];
};

static bool supports(const struct ms_election *el, uint32_t v, uint32_t p)
{
	for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++)
		if (el->vote_proj[k] == p)
			return true;
	return false;
}

static int rcmp(const struct ms_rat *a, const struct ms_rat *b)
{
	int err = 0, c = ms_rat_cmp(a, b, &err);
	ok(err);
	return c;
}

static bool nbeats(const struct ms_election *el, uint32_t t, uint32_t p, uint32_t t2, uint32_t p2)
{
	return t > t2 || (t == t2 && el->id_rank[p] > el->id_rank[p2]);
}

static void nrun_fini(struct nrun *r)
{
	for (uint32_t i = 0; i < NP_MAX; i++)
		for (uint32_t v = 0; v < NV_MAX; v++)
			ms_rat_fini(&r->pay[i][v]);
}

/* ees_with_outcome(E(n * beta), cost_utility) */
static void n_ees(const struct ms_election *el, const struct ms_rat *beta, struct nrun *r)
{
	uint32_t nv = el->n_voters, np = el->n_projects;
	struct ms_rat b[NV_MAX], x = MS_RAT_ZERO;
	for (uint32_t v = 0; v < nv; v++) {
		ms_rat_init(&b[v]);
		ok(ms_rat_set(&b[v], beta));
	}
	memset(r->in, 0, sizeof r->in);
	r->w = 0;
	r->cost = 0;
	for (;;) {
		uint32_t best = UINT32_MAX, best_t = 0, best_pay[NV_MAX], n_best = 0;
		for (uint32_t p = 0; p < np; p++) {
			if (r->in[p] || el->cost[p] <= 0)
				continue;
			uint32_t s[NV_MAX], k = 0;
			for (uint32_t v = 0; v < nv; v++)
				if (supports(el, v, p))
					s[k++] = v;
			for (uint32_t i = 1; i < k; i++) /* by budget ascending */
				for (uint32_t j = i; j > 0 && rcmp(&b[s[j - 1]], &b[s[j]]) > 0; j--) {
					uint32_t t = s[j];
					s[j] = s[j - 1];
					s[j - 1] = t;
				}
			for (uint32_t i = 0; i < k; i++) {
				ok(ms_rat_set_i64(&x, el->cost[p], (int64_t)(k - i)));
				if (rcmp(&x, &b[s[i]]) <= 0) {
					uint32_t t = k - i;
					if (best == UINT32_MAX || nbeats(el, t, p, best_t, best)) {
						best = p;
						best_t = t;
						n_best = t;
						memcpy(best_pay, s + i, t * sizeof *s);
					}
					break;
				}
			}
		}
		if (best == UINT32_MAX)
			break;
		ok(ms_rat_set_i64(&x, el->cost[best], best_t));
		for (uint32_t v = 0; v < nv; v++)
			ok(ms_rat_set_i64(&r->pay[r->w][v], 0, 1));
		for (uint32_t i = 0; i < n_best; i++) {
			ok(ms_rat_sub(&b[best_pay[i]], &b[best_pay[i]], &x));
			ok(ms_rat_set(&r->pay[r->w][best_pay[i]], &x));
		}
		r->in[best] = true;
		r->sel[r->w] = best;
		r->t[r->w] = best_t;
		r->w++;
		r->cost += el->cost[best];
	}
	for (uint32_t v = 0; v < nv; v++)
		ms_rat_fini(&b[v]);
	ms_rat_fini(&x);
}

/* greedy_project_change_uniform over all projects (or the unselected):
 * *have, *d */
static void n_addopt(const struct ms_election *el, const struct ms_rat *beta, const struct nrun *r, bool skip,
		     bool *have, struct ms_rat *d)
{
	uint32_t nv = el->n_voters, np = el->n_projects;
	struct ms_rat L[NP_MAX + 1][NV_MAX], x = MS_RAT_ZERO;
	for (uint32_t i = 0; i <= r->w; i++)
		for (uint32_t v = 0; v < nv; v++) {
			ms_rat_init(&L[i][v]);
			ok(ms_rat_set(&L[i][v], i == 0 ? beta : &L[i - 1][v]));
			if (i > 0)
				ok(ms_rat_sub(&L[i][v], &L[i][v], &r->pay[i - 1][v]));
		}
	*have = false;
	for (uint32_t p = 0; p < np; p++) {
		if ((skip && r->in[p]) || el->cost[p] <= 0)
			continue;
		int32_t round = -1;
		for (uint32_t i = 0; i < r->w; i++)
			if (r->sel[i] == p)
				round = (int32_t)i;
		uint32_t O[NV_MAX], no = 0, nx = 0;
		for (uint32_t v = 0; v < nv; v++) {
			if (!supports(el, v, p))
				continue;
			if (round >= 0 && ms_rat_sign(&r->pay[round][v]) > 0)
				nx++;
			else
				O[no++] = v;
		}
		uint32_t i = r->w;
		for (uint32_t ell = 1; ell <= no; ell++) {
			uint32_t t = nx + ell;
			while (i > 0 && nbeats(el, t, p, r->t[i - 1], r->sel[i - 1]))
				i--;
			uint32_t s[NV_MAX];
			memcpy(s, O, no * sizeof *O);
			for (uint32_t a = 1; a < no; a++)
				for (uint32_t j = a; j > 0 && rcmp(&L[i][s[j - 1]], &L[i][s[j]]) > 0; j--) {
					uint32_t tmp = s[j];
					s[j] = s[j - 1];
					s[j - 1] = tmp;
				}
			ok(ms_rat_set_i64(&x, el->cost[p], t));
			ok(ms_rat_sub(&x, &x, &L[i][s[no - ell]]));
			if (ms_rat_sign(&x) > 0 && (!*have || rcmp(&x, d) < 0)) {
				ok(ms_rat_set(d, &x));
				*have = true;
			}
		}
	}
	for (uint32_t i = 0; i <= r->w; i++)
		for (uint32_t v = 0; v < nv; v++)
			ms_rat_fini(&L[i][v]);
	ms_rat_fini(&x);
}

/* The selection (as project flags) of the rule with completion c. */
static void naive(const struct ms_election *el, enum ms_ees_completion c, bool *in)
{
	struct ms_rat beta = MS_RAT_ZERO, best = MS_RAT_ZERO, d = MS_RAT_ZERO;
	struct nrun r;
	memset(&r, 0, sizeof r);
	memset(in, 0, NP_MAX * sizeof *in);
	if (el->n_voters == 0)
		return; /* no voters: nothing is selected */
	ok(ms_rat_set_i64(&beta, el->budget, el->n_voters));
	ok(ms_rat_set(&best, &beta));
	n_ees(el, &beta, &r);
	if (c == MS_EES_ADD_OPT || c == MS_EES_ADD_OPT_SKIP) {
		for (;;) {
			bool have;
			n_addopt(el, &beta, &r, c == MS_EES_ADD_OPT_SKIP, &have, &d);
			if (!have)
				break;
			ok(ms_rat_add(&beta, &beta, &d));
			n_ees(el, &beta, &r);
			if (r.cost > el->budget)
				break;
			ok(ms_rat_set(&best, &beta));
			if (r.w == el->n_projects)
				break;
		}
	} else if (c == MS_EES_ADD_OPT_SKIP_EXH) {
		int64_t best_cost = -1;
		for (;;) {
			if (r.cost <= el->budget && r.cost > best_cost) {
				best_cost = r.cost;
				ok(ms_rat_set(&best, &beta));
			}
			if (r.w == el->n_projects)
				break;
			bool have;
			n_addopt(el, &beta, &r, true, &have, &d);
			if (!have)
				break;
			ok(ms_rat_add(&beta, &beta, &d));
			n_ees(el, &beta, &r);
		}
	}
	n_ees(el, &best, &r);
	memcpy(in, r.in, sizeof r.in);
	nrun_fini(&r);
	ms_rat_fini(&beta);
	ms_rat_fini(&best);
	ms_rat_fini(&d);
}

/* ---- random elections ------------------------------------------------------ */

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static void test_random(void **state)
{
	(void)state;
	static const char *const idpool[] = {"1", "10", "2", "9", "a", "b", "B"};
	for (int round = 0; round < 400; round++) {
		uint32_t np = 1 + rnd(NP_MAX), nv = 1 + rnd(NV_MAX);
		int64_t costs[NP_MAX];
		const char *ids[NP_MAX];
		uint32_t perm[N_OF(idpool)];
		for (uint32_t i = 0; i < N_OF(idpool); i++)
			perm[i] = i;
		for (uint32_t i = N_OF(idpool) - 1; i > 0; i--) {
			uint32_t j = rnd(i + 1), t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		for (uint32_t p = 0; p < np; p++) {
			ids[p] = idpool[perm[p]];
			costs[p] = 1 + rnd(round % 3 == 0 ? 4 : 30);
		}
		char votes[NV_MAX * NP_MAX * 4 + 16];
		size_t n = 0;
		for (uint32_t v = 0; v < nv; v++) {
			if (v)
				votes[n++] = ';';
			bool first = true;
			for (uint32_t p = 0; p < np; p++)
				if (rnd(100) < 45) {
					n += (size_t)snprintf(votes + n, sizeof votes - n, "%s%u", first ? "" : " ", p);
					first = false;
				}
		}
		votes[n] = '\0';
		struct ms_election el;
		ms_test_build(&el, MS_VOTE_APPROVAL, 1 + rnd(round % 2 ? 20 : 80), np, ids, costs, votes);
		for (int c = MS_EES_NONE; c <= MS_EES_ADD_OPT_SKIP_EXH; c++) {
			bool want[NP_MAX], got[NP_MAX];
			naive(&el, (enum ms_ees_completion)c, want);
			struct ms_outcome o;
			struct ms_error e;
			int rc = ms_rule_ees(&ms_allocator_libc, &el, MS_SAT_COST, (enum ms_ees_completion)c, &o, &e);
			if (rc)
				printf("# %s (votes \"%s\")\n", e.message, votes);
			ok(rc);
			memset(got, 0, sizeof got);
			for (uint32_t i = 0; i < o.n_selected; i++)
				got[o.selected[i]] = true;
			if (memcmp(got, want, np * sizeof *got) != 0) {
				printf("# round %d completion %d: budget %lld votes \"%s\"\n", round, c,
				       (long long)el.budget, votes);
				for (uint32_t p = 0; p < np; p++)
					printf("#   %s cost %lld: want %d got %d\n", ids[p], (long long)costs[p], want[p],
					       got[p]);
				fail();
			}
			ms_outcome_fini(&ms_allocator_libc, &o);
		}
		ms_test_unbuild(&el);
	}
}

/* ---- by hand --------------------------------------------------------------- */

/*
 * Budget 12, 4 voters holding 3 each. a (cost 6) has 3 supporters, b (cost
 * 4) 2, c (cost 9) all 4. EES: c can have all 4 pay 9/4 each, a 3 paying 2,
 * b 2 paying 2: c has most payers and is taken; then each voter holds 3/4
 * and neither a nor b is affordable. The completions agree with the oracle.
 */
static void test_by_hand(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b", "c"};
	static const int64_t costs[] = {6, 4, 9};
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, 12, 3, ids, costs, "0 2;0 1 2;0 1 2;2");
	struct ms_outcome o;
	struct ms_error e;
	ok(ms_rule_ees(&ms_allocator_libc, &el, MS_SAT_COST, MS_EES_NONE, &o, &e));
	char buf[64];
	ms_test_sel_str(&o, buf, sizeof buf);
	assert_string_equal(buf, "2");
	assert_int_equal(o.steps[0].n_payers, 4);
	assert_string_equal(o.steps[0].value, "9/4");
	ms_outcome_fini(&ms_allocator_libc, &o);
	for (int c = MS_EES_ADD_OPT; c <= MS_EES_ADD_OPT_SKIP_EXH; c++) {
		bool want[NP_MAX];
		naive(&el, (enum ms_ees_completion)c, want);
		ok(ms_rule_ees(&ms_allocator_libc, &el, MS_SAT_COST, (enum ms_ees_completion)c, &o, &e));
		assert_non_null(o.mes_budget);
		assert_true(o.total_cost <= 12);
		for (uint32_t i = 0; i < o.n_selected; i++)
			assert_true(want[o.selected[i]]);
		ms_outcome_fini(&ms_allocator_libc, &o);
	}
	/* cardinality and ordinal ballots are refused */
	assert_int_not_equal(ms_rule_ees(&ms_allocator_libc, &el, MS_SAT_CARD, MS_EES_NONE, &o, &e), 0);
	ms_test_unbuild(&el);
}

static int ees_opt(const struct ms_allocator *a, const struct ms_election *el, int opt, struct ms_outcome *o,
		   struct ms_error *e)
{
	return ms_rule_ees(a, el, MS_SAT_COST, (enum ms_ees_completion)opt, o, e);
}

static void test_alloc_failures(void **state)
{
	(void)state;
	static const char *const ids[] = {"a", "b", "c", "d"};
	static const int64_t costs[] = {6, 4, 9, 3};
	struct ms_election el;
	ms_test_build(&el, MS_VOTE_APPROVAL, 14, 4, ids, costs, "0 2;0 1 2;0 1 2;2 3;3;1");
	for (int c = MS_EES_NONE; c <= MS_EES_ADD_OPT_SKIP_EXH; c++)
		ms_test_fail_each_allocation(&el, ees_opt, c, 10);
	ms_test_unbuild(&el);
}

/* ---- against the reference (fixtures/ees) ------------------------------------ */

/* One fixture: each rule the reference finished selects what ours does. */
struct fixtures {
	unsigned checked, none;
};

static void check_fixture(void *ctx, const char *pbname, const char *json, const struct ms_election *el)
{
	struct fixtures *f = ctx;
	struct ms_error e;
	for (size_t k = 0; k < N_OF(keys); k++) {
		static char want[1 << 16], got[1 << 16];
		if (ms_test_json_selected(json, keys[k], true, want, sizeof want) != 1) {
			f->none++;
			continue;
		}
		struct ms_outcome o;
		ok(ms_rule_ees(&ms_allocator_libc, el, MS_SAT_COST, (enum ms_ees_completion)k, &o, &e));
		ms_test_our_selected(el, &o, got, sizeof got);
		if (strcmp(want, got) != 0) {
			printf("# %s %s:\n# want %s\n# got  %s\n", pbname, keys[k], want, got);
			fail();
		}
		ms_outcome_fini(&ms_allocator_libc, &o);
		f->checked++;
	}
}

static void test_fixtures(void **state)
{
	(void)state;
	char fdir[2048], pdir[2048];
	DIR *pd = ms_test_open_pabulib(pdir, sizeof pdir);
	DIR *d = ms_test_open_near("fixtures/ees", fdir, sizeof fdir);
	if (!pd || !d) {
		printf("# fixtures or ../shared/pabulib not found: skipped\n");
		if (pd)
			closedir(pd);
		if (d)
			closedir(d);
		skip();
	}
	closedir(pd);
	closedir(d);
	struct fixtures f = {0};
	ms_test_each_json(fdir, pdir, check_fixture, &f);
	printf("# %u outcomes equal to the reference's (%u without one)\n", f.checked, f.none);
	assert_true(f.checked > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_hand),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_fixtures),
	};
	return cmocka_run_group_tests_name("ees", tests, NULL, NULL);
}
