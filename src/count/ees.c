/*
 * ees.c — Exact Equal Shares with the ADD-OPT and ADD-OPT-SKIP completions
 * (rules.h), as the research implementation of Kraiczy, Robinson, Elkind,
 * "Streamlining Equal Shares" (arXiv:2502.11797; robinsonaisaac/PB) counts
 * them with uniform (cost) utilities; tests/count/fixtures/ees holds its
 * outcomes.
 *
 * EES at a per-voter budget beta. Every voter starts with beta. Each round,
 * for each unselected candidate p (supported, cost > 0) the payers are its
 * t richest supporters for the largest t such that the t-th richest holds at
 * least cost/t; each pays exactly cost/t ("equal shares"). The project with
 * the most payers wins (its bang per buck u*t/cost = t under cost
 * utilities); ties go to the project whose id is LARGEST byte-wise, as the
 * reference breaks them. A candidate no t works for is dropped for good
 * (budgets only fall). Stop when none is left.
 *
 * ADD-OPT (the paper's Algorithm 5, GREEDYPROJECTCHANGE Algorithm 4, as the
 * reference implements it): from the outcome at beta, with L_i(v) the budget
 * voter v held before round i (L_w: what is left), for each project p with
 * c voters paying for it and the set O of its other supporters, for
 * l = 1..|O|: t = c + l, i moves down the selection order while (t, p) beats
 * the entry before it (more payers, or as many and a larger id), and
 * cost/t - (the l-th richest of O in L_i) is a candidate increase when
 * positive. d is the least candidate over all projects (ADD-OPT) or over
 * the unselected ones (ADD-OPT-SKIP); beta grows by d and EES runs again.
 *   ees_addopt / ees_addoptskip: stop at the first outcome costing more than
 *     B (or when no d exists, or every project is selected); the last outcome
 *     within B is the result (run_pb.py, not exhaustive).
 *   ees_addoptskip_exh: go on until every project is selected or no d
 *     exists; the result is the outcome within B that costs most, the
 *     earliest on ties (completion.add_opt_skip_completion).
 * No greedy completion follows: the reference has none.
 *
 * How it is counted. Ballot groups from mes_model.c (identical ballots hold
 * identical budgets). Budgets are exact rationals (rat.h) held by budget
 * classes: every group points to the class of its current budget; a payment
 * maps each paying class to one new class, so a round touches classes, not
 * voters, and the class of every group before every round is kept (the
 * L_i lists are those snapshots). Classes are ordered by value once per
 * round (exact comparisons behind a double filter), so finding t is an
 * integer sort of the supporters' classes; ADD-OPT walks each project's
 * l in runs of constant i and constant class, where cost/t - L is monotone,
 * so each run needs one exact candidate at most.
 *
 * Pure: every array from the caller's allocator; big rationals from
 * libtommath's malloc (rat.h); never aborts. Not thread-shared.
 */
#include "rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bignum_internal.h"
#include "mes_internal.h"

static const struct ms_name ees_rule_v[] = {
	{"ees_cost", "精确平等份额法（按成本计满意度），不补足：每位选民分得预算的 n 分之一；"
	 "一个项目由支持者中能够承担的人平摊费用，每人出资相同；出资人数最多的项目先入选",
	 "Exact Equal Shares (cost utilities), no completion: each voter gets 1/n of the budget; a project's "
	 "cost is split equally among the supporters who can afford their share; the project with the most "
	 "payers is taken first"},
	{"ees_cost_addopt", "精确平等份额法（按成本计满意度），以 ADD-OPT 补足：每次把每位选民的预算提高到"
	 "恰好改变结果所需的最小数额后重算，直到结果超出预算，取最后一个不超预算的结果",
	 "Exact Equal Shares (cost utilities) with ADD-OPT: raise every voter's budget by the least amount "
	 "that changes the outcome and count again, until the outcome costs more than the budget; the last "
	 "outcome within the budget is the result"},
	{"ees_cost_addoptskip", "精确平等份额法（按成本计满意度），以 ADD-OPT-SKIP 补足：每次把每位选民的预算"
	 "提高到恰好让一个未入选项目入选所需的最小数额后重算，直到结果超出预算，取最后一个不超预算的结果",
	 "Exact Equal Shares (cost utilities) with ADD-OPT-SKIP: raise every voter's budget by the least "
	 "amount that brings in a project not yet selected and count again, until the outcome costs more "
	 "than the budget; the last outcome within the budget is the result"},
	{"ees_cost_addoptskip_exh", "精确平等份额法（按成本计满意度），以 ADD-OPT-SKIP 一直补足到全部项目入选，"
	 "在不超预算的结果中取花费最多的一个（相同时取最早的）",
	 "Exact Equal Shares (cost utilities) with ADD-OPT-SKIP carried on until every project is selected; "
	 "of the outcomes within the budget, the one that spends most (the earliest on ties)"},
};
const struct ms_names ms_ees_rule_names = MS_NAMES("ees_rule", ees_rule_v);
_Static_assert(sizeof ees_rule_v / sizeof ees_rule_v[0] == MS_EES_ADD_OPT_SKIP_EXH + 1, "a text per completion");

struct ees {
	const struct ms_allocator *a;
	const struct ms_election *el;
	struct model m;
	uint32_t ng, np;
	/* classes */
	uint32_t nc, capc;
	struct ms_rat *cv;  /* value */
	double *cd;         /* value as a double (filter only) */
	uint32_t *crank;    /* rank among the classes sorted this round (ascending value) */
	uint32_t *newc;     /* this round: the class a paying class becomes (NONE32) */
	/* the run */
	uint32_t w;         /* rounds done */
	uint32_t *hist;     /* (np + 1) * ng: class of each group before round r */
	uint32_t *sel_p;    /* np: project of round r */
	uint64_t *sel_t;    /* np: its payers */
	int32_t *pos;       /* np: round of p, -1 */
	uint8_t *dropped;   /* np */
	int64_t cost_sel;
	/* scratch */
	uint32_t *stamp, cur; /* nc-sized (grows with capc) */
	uint64_t *acc;        /* nc-sized: weight per class */
	uint32_t *keys, *ktmp; /* max_supp: ranks of classes (s->live[rank] is the class) */
	uint32_t *live, *tmp; /* classes to sort */
	struct ms_rat x, y, z;
	struct ms_rat beta, d;
	bool have_d;
};

static void ees_fini(struct ees *s)
{
	const struct ms_allocator *a = s->a;
	for (uint32_t c = 0; c < s->nc; c++)
		ms_rat_fini(&s->cv[c]);
	ms_rat_fini(&s->x);
	ms_rat_fini(&s->y);
	ms_rat_fini(&s->z);
	ms_rat_fini(&s->beta);
	ms_rat_fini(&s->d);
	void *arrs[] = {s->cv, s->cd, s->crank, s->newc, s->hist, s->sel_p, s->sel_t, s->pos, s->dropped,
			s->stamp, s->acc, s->keys, s->ktmp, s->live, s->tmp};
	for (size_t i = 0; i < sizeof arrs / sizeof arrs[0]; i++)
		a->free(a->ctx, arrs[i]);
	ms_mes_model_fini(a, &s->m);
}

static void *regrow(const struct ms_allocator *a, void *old, size_t n_old, size_t n, size_t size)
{
	void *p = ms_alloc_array(a, n, size);
	if (!p)
		return NULL;
	if (old) {
		memcpy(p, old, n_old * size);
		a->free(a->ctx, old);
	}
	return p;
}

/* A new class of value v (copied); its index in *c. */
static int class_new(struct ees *s, const struct ms_rat *v, uint32_t *c)
{
	if (s->nc == s->capc) {
		uint32_t cap = s->capc ? s->capc * 2 : 64;
		/* the class arrays whose values carry over */
#define GROW(f)                                                                 \
	do {                                                                    \
		void *p_ = regrow(s->a, s->f, s->nc, cap, sizeof *s->f);         \
		if (!p_)                                                        \
			return MS_ERR_NOMEM;                                    \
		s->f = p_;                                                      \
	} while (0)
		GROW(cv);
		GROW(cd);
		GROW(crank);
		GROW(newc);
		GROW(stamp);
		GROW(acc);
#undef GROW
		void *lv = ms_alloc_array(s->a, cap, sizeof *s->live);
		void *tp = ms_alloc_array(s->a, cap, sizeof *s->tmp);
		if (!lv || !tp) {
			s->a->free(s->a->ctx, lv);
			s->a->free(s->a->ctx, tp);
			return MS_ERR_NOMEM;
		}
		s->a->free(s->a->ctx, s->live);
		s->a->free(s->a->ctx, s->tmp);
		s->live = lv;
		s->tmp = tp;
		s->capc = cap;
	}
	uint32_t k = s->nc;
	ms_rat_init(&s->cv[k]);
	int rc = ms_rat_set(&s->cv[k], v);
	if (rc)
		return rc;
	s->cd[k] = ms_rat_to_double(v);
	s->stamp[k] = 0;
	s->crank[k] = 0;
	s->newc[k] = NONE32;
	s->nc++;
	*c = k;
	return 0;
}

/* Compare class values exactly (a double filter first). */
static int class_cmp(struct ees *s, uint32_t a, uint32_t b, int *res)
{
	double x = s->cd[a], y = s->cd[b];
	double tol = 1e-12 * (fabs(x) + fabs(y));
	if (x < y - tol) {
		*res = -1;
		return 0;
	}
	if (x > y + tol) {
		*res = 1;
		return 0;
	}
	int err = 0;
	*res = ms_rat_cmp(&s->cv[a], &s->cv[b], &err);
	return err;
}

/* Merge sort of v[0..n) by class value ascending (tmp: scratch). */
static int class_sort(struct ees *s, uint32_t *v, uint32_t *tmp, uint32_t n)
{
	if (n < 2)
		return 0;
	uint32_t h = n / 2;
	int rc = class_sort(s, v, tmp, h);
	if (!rc)
		rc = class_sort(s, v + h, tmp, n - h);
	if (rc)
		return rc;
	uint32_t i = 0, j = h, k = 0;
	while (i < h && j < n) {
		int c;
		if ((rc = class_cmp(s, v[i], v[j], &c)) != 0)
			return rc;
		tmp[k++] = c <= 0 ? v[i++] : v[j++];
	}
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, (size_t)n * sizeof *v);
	return 0;
}

/* Rank the classes referenced by groups in row (NULL: every class) by
 * ascending value into s->crank. */
static int rank_classes(struct ees *s, const uint32_t *row)
{
	if (!row) {
		for (uint32_t c = 0; c < s->nc; c++)
			s->live[c] = c;
		int rc = class_sort(s, s->live, s->tmp, s->nc);
		for (uint32_t i = 0; !rc && i < s->nc; i++)
			s->crank[s->live[i]] = i;
		return rc;
	}
	if (++s->cur == 0) {
		memset(s->stamp, 0, (size_t)s->nc * sizeof *s->stamp);
		s->cur = 1;
	}
	uint32_t n = 0;
	for (uint32_t g = 0; g < s->ng; g++) {
		uint32_t c = row[g];
		if (s->stamp[c] != s->cur) {
			s->stamp[c] = s->cur;
			s->live[n++] = c;
		}
	}
	int rc = class_sort(s, s->live, s->tmp, n);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < n; i++)
		s->crank[s->live[i]] = i;
	return 0;
}

/* Sort v[0..n) ascending (LSD radix, 11-bit digits; tmp: n entries). */
static void sort_u32(uint32_t *v, uint32_t *tmp, uint32_t n)
{
	if (n < 48) {
		for (uint32_t i = 1; i < n; i++) {
			uint32_t x = v[i], j = i;
			for (; j > 0 && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	uint32_t maxv = 0;
	for (uint32_t i = 0; i < n; i++)
		if (v[i] > maxv)
			maxv = v[i];
	uint32_t *src = v, *dst = tmp;
	for (unsigned shift = 0; shift < 32 && (maxv >> shift) != 0; shift += 11) {
		uint32_t cnt[2048];
		memset(cnt, 0, sizeof cnt);
		for (uint32_t i = 0; i < n; i++)
			cnt[(src[i] >> shift) & 2047]++;
		for (uint32_t k = 0, sum = 0; k < 2048; k++) {
			uint32_t c = cnt[k];
			cnt[k] = sum;
			sum += c;
		}
		for (uint32_t i = 0; i < n; i++)
			dst[cnt[(src[i] >> shift) & 2047]++] = src[i];
		uint32_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, (size_t)n * sizeof *v);
}

/*
 * The supporters of p (all, or those with skip[g] == 0 when skip is not
 * NULL) grouped by their class in row, sorted by crank ascending (poorest
 * first) into s->keys (ranks: s->live[key] is the class), weights in s->acc; *nk keys,
 * *total voters.
 */
static void gather(struct ees *s, uint32_t p, const uint32_t *row, const uint32_t *excl_row, const uint32_t *next_row,
		   uint32_t *nk, uint64_t *total)
{
	const struct model *m = &s->m;
	if (++s->cur == 0) {
		memset(s->stamp, 0, (size_t)s->nc * sizeof *s->stamp);
		s->cur = 1;
	}
	uint32_t n = 0;
	uint64_t tot = 0;
	for (uint32_t k = m->p_off[p]; k < m->p_off[p + 1]; k++) {
		uint32_t g = m->p_grp[k];
		if (excl_row && excl_row[g] != next_row[g])
			continue; /* paid for p: not in O */
		uint32_t c = row[g];
		if (s->stamp[c] != s->cur) {
			s->stamp[c] = s->cur;
			s->acc[c] = 0;
			s->keys[n++] = s->crank[c];
		}
		s->acc[c] += s->m.g_w[g];
		tot += s->m.g_w[g];
	}
	sort_u32(s->keys, s->ktmp, n);
	*nk = n;
	*total = tot;
}

/* W * value(c) >= cost, exactly. */
static int affords(struct ees *s, uint32_t c, uint64_t W, int64_t cost, bool *yes)
{
	double lhs = s->cd[c] * (double)W, rhs = (double)cost;
	double tol = 1e-12 * (fabs(lhs) + rhs);
	if (lhs > rhs + tol || lhs < rhs - tol) {
		*yes = lhs > rhs;
		return 0;
	}
	int rc = ms_rat_mul_i64(&s->x, &s->cv[c], (int64_t)W);
	if (rc)
		return rc;
	int err = 0;
	*yes = ms_rat_cmp_i64(&s->x, cost, &err) >= 0;
	return err;
}

/* Does (t, p) beat (t2, p2): more payers, or as many and a larger id. */
static bool beats(const struct ees *s, uint64_t t, uint32_t p, uint64_t t2, uint32_t p2)
{
	return t > t2 || (t == t2 && s->el->id_rank[p] > s->el->id_rank[p2]);
}

/* One EES run at per-voter budget s->beta: s->w rounds, s->hist, s->sel_*. */
static int ees_run(struct ees *s)
{
	const struct ms_election *el = s->el;
	const struct model *m = &s->m;
	int rc;
	for (uint32_t c = 0; c < s->nc; c++)
		ms_rat_fini(&s->cv[c]);
	s->nc = 0;
	uint32_t c0;
	if ((rc = class_new(s, &s->beta, &c0)) != 0)
		return rc;
	for (uint32_t g = 0; g < s->ng; g++)
		s->hist[g] = c0;
	s->w = 0;
	s->cost_sel = 0;
	for (uint32_t p = 0; p < s->np; p++) {
		s->pos[p] = -1;
		s->dropped[p] = m->p_off[p + 1] == m->p_off[p] || el->cost[p] <= 0;
	}
	for (;;) {
		uint32_t *row = s->hist + (size_t)s->w * s->ng, *next = row + s->ng;
		if ((rc = rank_classes(s, row)) != 0)
			return rc;
		uint32_t best = NONE32, best_rank = 0;
		uint64_t best_t = 0;
		for (uint32_t p = 0; p < s->np; p++) {
			if (s->dropped[p] || s->pos[p] >= 0)
				continue;
			uint32_t nk;
			uint64_t total;
			gather(s, p, row, NULL, NULL, &nk, &total);
			uint64_t poorer = 0, t = 0;
			uint32_t thr = 0;
			for (uint32_t j = 0; j < nk; j++) {
				uint32_t c = s->live[s->keys[j]];
				bool yes;
				if ((rc = affords(s, c, total - poorer, el->cost[p], &yes)) != 0)
					return rc;
				if (yes) {
					t = total - poorer;
					thr = s->keys[j];
					break;
				}
				poorer += s->acc[c];
			}
			if (t == 0) {
				s->dropped[p] = 1;
				continue;
			}
			if (best == NONE32 || beats(s, t, p, best_t, best)) {
				best = p;
				best_t = t;
				best_rank = thr;
			}
		}
		if (best == NONE32)
			break;
		/* pay: every supporter at or above the threshold rank pays cost/t */
		struct ms_rat price = MS_RAT_ZERO;
		if ((rc = ms_rat_set_i64(&price, el->cost[best], (int64_t)best_t)) != 0)
			return rc;
		memcpy(next, row, (size_t)s->ng * sizeof *next);
		uint32_t nc_before = s->nc;
		for (uint32_t k = m->p_off[best]; k < m->p_off[best + 1]; k++) {
			uint32_t g = m->p_grp[k], c = row[g];
			if (c >= nc_before || s->crank[c] < best_rank)
				continue;
			if (s->newc[c] == NONE32) {
				uint32_t nc; /* class_new may move s->newc */
				if ((rc = ms_rat_sub(&s->y, &s->cv[c], &price)) != 0 ||
				    (rc = class_new(s, &s->y, &nc)) != 0) {
					ms_rat_fini(&price);
					return rc;
				}
				s->newc[c] = nc;
			}
			next[g] = s->newc[c];
		}
		ms_rat_fini(&price);
		for (uint32_t c = 0; c < nc_before; c++)
			s->newc[c] = NONE32;
		s->pos[best] = (int32_t)s->w;
		s->sel_p[s->w] = best;
		s->sel_t[s->w] = best_t;
		s->w++;
		s->cost_sel += el->cost[best];
	}
	return 0;
}

/* Offer cost/t - L (exact, > 0 checked by the caller's filter) as d. */
static int offer(struct ees *s, int64_t cost, uint64_t t, uint32_t c)
{
	int rc = ms_rat_set_i64(&s->x, cost, (int64_t)t);
	if (!rc)
		rc = ms_rat_sub(&s->x, &s->x, &s->cv[c]);
	if (rc)
		return rc;
	if (ms_rat_sign(&s->x) <= 0)
		return 0;
	int err = 0;
	if (!s->have_d || ms_rat_cmp(&s->x, &s->d, &err) < 0) {
		if (err)
			return err;
		if ((rc = ms_rat_set(&s->d, &s->x)) != 0)
			return rc;
		s->have_d = true;
	}
	return err;
}

/* t * value(c) < cost, exactly: not affords(). */
static int below(struct ees *s, uint64_t t, int64_t cost, uint32_t c, bool *yes)
{
	int rc = affords(s, c, t, cost, yes);
	*yes = !*yes;
	return rc;
}

/*
 * The least positive cost/t - L over t in [t1, t2] (L the value of class c):
 * cost/t falls with t, so it is at t2 when positive there, else at the
 * largest t with t * L < cost.
 */
static int offer_run(struct ees *s, int64_t cost, uint64_t t1, uint64_t t2, uint32_t c)
{
	double L = s->cd[c];
	bool pos;
	int rc = below(s, t2, cost, c, &pos);
	if (rc)
		return rc;
	uint64_t t = t2;
	if (!pos) {
		/* largest t < t2 with t * L < cost (L > 0 here) */
		double q = (double)cost / L;
		uint64_t g = q >= (double)t2 ? t2 : (q < 1 ? 0 : (uint64_t)q);
		if (g >= t2)
			g = t2 - 1;
		/* adjust exactly: up while (g+1)*L < cost, down while g*L >= cost */
		for (;;) {
			if (g + 1 < t2) {
				bool up;
				if ((rc = below(s, g + 1, cost, c, &up)) != 0)
					return rc;
				if (up) {
					g++;
					continue;
				}
			}
			if (g == 0)
				break;
			bool ok;
			if ((rc = below(s, g, cost, c, &ok)) != 0)
				return rc;
			if (ok)
				break;
			g--;
		}
		if (g < t1 || g == 0)
			return 0;
		t = g;
	}
	/* filter against the best so far */
	if (s->have_d) {
		double v = (double)cost / (double)t - L, dd = ms_rat_to_double(&s->d);
		if (v > dd + 1e-9 * (fabs(dd) + (double)cost / (double)t + fabs(L)))
			return 0;
	}
	return offer(s, cost, t, c);
}

/* GREEDYPROJECTCHANGE (uniform utilities) for p: offers its candidates. */
static int gpc(struct ees *s, uint32_t p)
{
	const struct ms_election *el = s->el;
	int64_t cost = el->cost[p];
	if (cost <= 0 || s->m.p_off[p + 1] == s->m.p_off[p])
		return 0;
	const uint32_t *excl = NULL, *excl_next = NULL;
	uint64_t cpay = 0;
	if (s->pos[p] >= 0) {
		uint32_t r = (uint32_t)s->pos[p];
		excl = s->hist + (size_t)r * s->ng;
		excl_next = excl + s->ng;
		cpay = s->sel_t[r];
	}
	/* |O| from the final row (membership of O does not depend on the row) */
	uint32_t nk;
	uint64_t osize;
	const uint32_t *final_row = s->hist + (size_t)s->w * s->ng;
	gather(s, p, final_row, excl, excl_next, &nk, &osize);
	if (osize == 0)
		return 0;
	uint32_t i = s->w;
	uint64_t ell = 1;
	while (ell <= osize) {
		uint64_t t = cpay + ell;
		while (i > 0 && beats(s, t, p, s->sel_t[i - 1], s->sel_p[i - 1]))
			i--;
		uint64_t end = osize;
		if (i > 0) {
			uint64_t te = s->sel_t[i - 1];
			uint64_t tnext = el->id_rank[p] > el->id_rank[s->sel_p[i - 1]] ? te : te + 1;
			if (tnext - cpay - 1 < end)
				end = tnext - cpay - 1;
		}
		/* ranks ell..end (1 = richest) of O in L_i (classes ranked by add_opt) */
		const uint32_t *row = s->hist + (size_t)i * s->ng;
		int rc;
		gather(s, p, row, excl, excl_next, &nk, &osize);
		uint64_t cum = 0; /* voters richer than the current class */
		for (uint32_t j = nk; j-- > 0 && cum < end;) {
			uint32_t c = s->live[s->keys[j]];
			uint64_t lo = cum + 1, hi = cum + s->acc[c];
			cum = hi;
			if (hi < ell)
				continue;
			if (lo < ell)
				lo = ell;
			if (hi > end)
				hi = end;
			if ((rc = offer_run(s, cost, cpay + lo, cpay + hi, c)) != 0)
				return rc;
		}
		ell = end + 1;
	}
	return 0;
}

/* ADD-OPT (skip: ADD-OPT-SKIP) from the current run: s->d, s->have_d. */
static int add_opt(struct ees *s, bool skip)
{
	s->have_d = false;
	int rc0 = rank_classes(s, NULL);
	if (rc0)
		return rc0;
	for (uint32_t p = 0; p < s->np; p++) {
		if (skip && s->pos[p] >= 0)
			continue;
		int rc = gpc(s, p);
		if (rc)
			return rc;
	}
	return 0;
}

/* The current run's outcome into out (selected in order, payers). */
static int record(struct ees *s, struct ms_outcome *out, struct ms_error *e)
{
	const struct ms_election *el = s->el;
	const struct ms_allocator *a = s->a;
	int64_t left = el->budget;
	int rc = ms_outcome_reserve(a, out, s->w, s->w, e);
	if (rc)
		return rc;
	uint32_t *payers = ms_alloc_array(a, el->n_voters, sizeof *payers);
	if (!payers)
		return MS_ERR_NOMEM;
	struct ms_rat v = MS_RAT_ZERO;
	int64_t scale = el->money_scale > 0 ? el->money_scale : 1;
	for (uint32_t r = 0; r < s->w && !rc; r++) {
		uint32_t p = s->sel_p[r], n = 0;
		const uint32_t *row = s->hist + (size_t)r * s->ng, *next = row + s->ng;
		for (uint32_t x = 0; x < el->n_voters; x++) {
			uint32_t g = s->m.v_group[x];
			if (row[g] != next[g])
				payers[n++] = x;
		}
		left -= el->cost[p];
		if ((rc = ms_rat_set_i64(&v, el->cost[p], (int64_t)s->sel_t[r])) != 0 ||
		    (rc = ms_rat_div_i64(&v, &v, scale)) != 0 ||
		    (rc = ms_outcome_select(a, out, p, el->cost[p], e)) != 0)
			break;
		rc = ms_outcome_add_step(a, out, MS_STEP_SELECTED, p, &v, left, payers, n, e);
	}
	ms_rat_fini(&v);
	a->free(a->ctx, payers);
	if (!rc && s->np) {
		/* per-voter budget in currency units */
		struct ms_rat b = MS_RAT_ZERO;
		rc = ms_rat_div_i64(&b, &s->beta, scale);
		if (!rc && !(out->mes_budget = ms_rat_strdup(a, &b)))
			rc = MS_ERR_NOMEM;
		ms_rat_fini(&b);
	}
	return rc;
}

int ms_rule_ees(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		enum ms_ees_completion completion, struct ms_outcome *out, struct ms_error *e)
{
	if (!out)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_rule_ees", "ms_rule_ees"),
				MS_AT("结果存放位置", "an outcome"));
	ms_outcome_init(out);
	int rc = ms_election_check(a, el, e);
	if (rc)
		return rc;
	if (sat != MS_SAT_COST)
		return ms_failf(e, MS_E_RULE_UNKNOWN_SATISFACTION, "satisfaction", MS_AI(sat));
	if (completion != MS_EES_NONE && completion != MS_EES_ADD_OPT && completion != MS_EES_ADD_OPT_SKIP &&
	    completion != MS_EES_ADD_OPT_SKIP_EXH)
		return ms_failf(e, MS_E_RULE_UNKNOWN_COMPLETION, "completion", MS_AI(completion));
	if (el->vote_type == MS_VOTE_ORDINAL)
		return ms_rule_wrong_vote_type(e, el, MS_AT("精确平等份额法", "Exact Equal Shares"),
					       MS_RULE_CARDINAL_TYPES);
	struct ees s;
	memset(&s, 0, sizeof s);
	s.a = a;
	s.el = el;
	ms_rat_init(&s.x);
	ms_rat_init(&s.y);
	ms_rat_init(&s.z);
	ms_rat_init(&s.beta);
	ms_rat_init(&s.d);
	struct ms_rat best_beta = MS_RAT_ZERO;
	if ((rc = ms_mes_model_build(a, el, MS_SAT_COST, &s.m, e)) != 0)
		return rc;
	s.ng = s.m.ng;
	s.np = el->n_projects;
	rc = MS_ERR_NOMEM;
	size_t rows = (size_t)s.np + 1;
	if (!(s.hist = ms_alloc_array(a, rows * (s.ng ? s.ng : 1), sizeof *s.hist)) ||
	    !(s.sel_p = ms_alloc_array(a, s.np, sizeof *s.sel_p)) ||
	    !(s.sel_t = ms_alloc_array(a, s.np, sizeof *s.sel_t)) ||
	    !(s.pos = ms_alloc_array(a, s.np, sizeof *s.pos)) ||
	    !(s.dropped = ms_alloc_array(a, s.np, sizeof *s.dropped)) ||
	    !(s.keys = ms_alloc_array(a, s.m.max_supp ? s.m.max_supp : 1, sizeof *s.keys)) ||
	    !(s.ktmp = ms_alloc_array(a, s.m.max_supp ? s.m.max_supp : 1, sizeof *s.ktmp)))
		goto out;
	if (el->n_voters == 0) {
		rc = 0;
		goto out;
	}
	if ((rc = ms_rat_set_i64(&s.beta, el->budget, el->n_voters)) != 0 || (rc = ees_run(&s)) != 0)
		goto out;
	uint64_t runs = 1;
	if (completion == MS_EES_ADD_OPT || completion == MS_EES_ADD_OPT_SKIP) {
		bool skip = completion == MS_EES_ADD_OPT_SKIP;
		if ((rc = ms_rat_set(&best_beta, &s.beta)) != 0)
			goto out;
		for (;;) {
			if ((rc = add_opt(&s, skip)) != 0)
				goto out;
			if (!s.have_d)
				break;
			if ((rc = ms_rat_add(&s.beta, &s.beta, &s.d)) != 0 || (rc = ees_run(&s)) != 0)
				goto out;
			runs++;
			if (s.cost_sel > el->budget)
				break;
			if ((rc = ms_rat_set(&best_beta, &s.beta)) != 0)
				goto out;
			if (s.w == s.np)
				break;
		}
	} else if (completion == MS_EES_ADD_OPT_SKIP_EXH) {
		int64_t best_cost = -1;
		for (;;) {
			if (s.cost_sel <= el->budget && s.cost_sel > best_cost) {
				best_cost = s.cost_sel;
				if ((rc = ms_rat_set(&best_beta, &s.beta)) != 0)
					goto out;
			}
			if (s.w == s.np)
				break;
			if ((rc = add_opt(&s, true)) != 0)
				goto out;
			if (!s.have_d)
				break;
			if ((rc = ms_rat_add(&s.beta, &s.beta, &s.d)) != 0 || (rc = ees_run(&s)) != 0)
				goto out;
			runs++;
		}
	}
	if (completion != MS_EES_NONE) {
		int err = 0;
		if (ms_rat_cmp(&best_beta, &s.beta, &err) != 0 || err) {
			if (err || (rc = ms_rat_set(&s.beta, &best_beta)) != 0 || (rc = ees_run(&s)) != 0) {
				rc = err ? err : rc;
				goto out;
			}
		}
	}
	if ((rc = record(&s, out, e)) != 0)
		goto out;
	out->mes_iterations = runs;
	if (completion == MS_EES_NONE) {
		a->free(a->ctx, out->mes_budget);
		out->mes_budget = NULL;
	}
	rc = 0;
out:
	if (rc) {
		if (rc == MS_ERR_NOMEM)
			ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory in Exact Equal Shares");
		ms_outcome_fini(a, out);
	}
	ms_rat_fini(&best_beta);
	ees_fini(&s);
	return rc;
}
