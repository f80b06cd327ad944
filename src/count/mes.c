/*
 * mes.c — the Method of Equal Shares (rules.h; ../shared/pabulib/README.md,
 * "Method of Equal Shares"), with pabutools' two completions, exact and fast.
 *
 * The rule (pabutools 1.2.3). Every voter starts with a budget t (B/n for
 * plain MES). A supporter of p gets utility u (cost satisfaction: u = 1 and
 * the price is compared per unit of cost; cardinality: u = 1, or the points
 * of cumulative/scoring ballots). Each round, a candidate whose supporters
 * hold less than its cost is dropped for good; for the others the payment
 * per unit of utility is the water level lambda with
 *     sum over supporters of min(budget, lambda * u) = cost,
 * which is what the README's walk over supporters sorted by budget/u finds;
 * rho = lambda / s with s = cost (cost satisfaction) or s = money_scale
 * (cardinality: rho in currency per point, as pabutools prints it). The
 * project with the smallest rho wins (ties: smallest id, el->id_rank) and
 * every supporter pays min(budget, lambda * u). Candidates are the projects
 * of positive total satisfaction and cost > 0; one of positive satisfaction
 * and cost 0 (cardinality only: under cost satisfaction its satisfaction
 * is 0) is selected at the start, as pabutools does.
 *
 * Speed. Voters with identical ballots always hold identical budgets, so
 * they form one weighted group (hashing the ballots once). A group's budget
 * is either exactly 0 (it once paid all it had) or t minus u*lambda_q for
 * every selected q it supports: the exact state is a flag per group plus a
 * ledger of the selected lambdas. rho of a project only grows as budgets
 * fall, so every candidate keeps a lower bound (its last rho) and only the
 * smallest is recomputed, lazily. A recomputation gathers the live
 * supporters' budgets (groups found at zero leave the project's list) and
 * finds the water level by Newton's iteration from below, started at the
 * project's previous level (usually one or two passes).
 *
 * Exactness. Budgets and prices are kept as doubles with a proven bound on
 * their error (see budget_err_bound and the comments in refresh()); a
 * decision is taken on doubles only when the bound certifies it, otherwise
 * it is taken again in exact arithmetic. The exact ledger holds every
 * selected lambda as an integer over one common denominator D (libtommath):
 * lambda_p = M/(U*D) with U the supporters' utility still paying in full,
 * and a new selection only multiplies D (and the other numerators) by a
 * small integer — no gcd per operation, so exact prices cost microseconds.
 * The exact budget of a group is then T - sum u*N_q over the ledger. Ties
 * that are exact (equal rho) are always resolved exactly, by id.
 *
 * Completions. exh1pct runs MES with total budget B + j*B/100 and add1 with
 * per-voter budget B/n + k (k in currency units), and stop at the first step
 * whose outcome costs more than B (return the previous step's outcome) or is
 * exhaustive (return it); exh1pct also stops past B*(n+1). The outcome is a
 * step function of t, and a step whose outcome equals the previous one can
 * never stop the loop, so only the steps where the outcome may change have
 * to be run. The jump rests on monotonicity: along a fixed sequence of
 * winners, every budget is nondecreasing in t and every rho nonincreasing
 * (induction over the rounds: the water level falls when budgets rise, and
 * max(0, b - lambda*u) rises). So if the run at t_k selects the same
 * projects in the same order as the run at t_j < t_k and in every round r
 * each other live candidate q has (rho_q(t_k), id_q) > (rho_p(t_j), id_p)
 * for the winner p, then at every t in [t_j, t_k] p still beats q in round r
 * (rho_p(t) <= rho_p(t_j), rho_q(t) >= rho_q(t_k)); candidates unaffordable
 * at t_k are unaffordable below it, and the winner affordable at t_j stays
 * affordable above it. The run at t_k checks this certificate as it goes
 * (refreshing any competitor whose lower bound is not clearly above the
 * reference price). From step j the driver searches for the next step
 * whose winners may differ: exponential search from a first stride of half
 * the previous stretch's length, then binary search below the smallest
 * probe that failed; the step j+1 is taken for real when its probe fails
 * (a probe further away stops at its first failing round). It returns
 * exactly what the stepwise definition returns, with O(log) runs per
 * stretch of equal winner sequences instead of one per step;
 * mes_iterations is the number of steps the definition visits. The
 * certificate asks for the same order of winners, which changes more often
 * than the selected set (Toulouse 2022, add1: 665 order changes, 57 set
 * changes in 1,618 steps): a certificate on sets would jump further. With B = 0 pabutools' exh1pct
 * never ends (its budget never passes B*(n+1) = 0); here it stops at
 * j = 100n like any other.
 * After that, the greedy completion (same satisfaction: cost -> supporters,
 * cardinality -> points per cost) fills the real budget.
 *
 * Output: the selected projects in order; steps SELECTED (rho exact, the
 * budget left B - cost so far, the voters who paid, ascending), DROPPED
 * (when found unaffordable), COMPLETION (greedy, value = its score);
 * mes_budget is the per-voter budget of the completed MES outcome in
 * currency units, exact text.
 *
 * Pure: every array from the caller's allocator; libtommath's big integers
 * from its own malloc (as in rat.c); never aborts. Not thread-shared.
 */
#include "rules.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <tommath.h>

#include "rules_internal.h"

__extension__ typedef __int128 mes_i128;

#define NONE32 UINT32_MAX
#define NEVER UINT32_MAX
#define EPS DBL_EPSILON           /* 2^-52: twice the unit roundoff, slack included */
#define LAMBDA_REL (16 * DBL_EPSILON) /* relative error of a ledger value made a double */
#define UTIL_MAX ((uint64_t)1 << 53)  /* utilities and their sums stay exact in doubles */

enum { ST_OUT = 0, ST_ALIVE = 1, ST_SELECTED = 2, ST_DROPPED = 3 };
enum { KIND_NONE = 0, KIND_CAND = 1, KIND_FREE = 2 };

/* ---- the election as weighted ballot groups ------------------------------ */

struct model {
	const struct ms_election *el;
	enum ms_satisfaction sat;
	uint32_t np, ng, nv;
	bool unit;             /* every utility is 1 */
	bool plain;            /* every listed project is supported, with utility 1 */
	uint64_t *ptab;        /* while building: a random key per project */
	uint32_t *g_w;         /* ng: voters in the group */
	uint32_t *g_rep;       /* ng: a voter of the group (its ballot is the group's) */
	uint32_t *p_off;       /* np + 1 into p_grp / p_util */
	uint32_t *p_grp;       /* supporting groups */
	int64_t *p_util;       /* their utilities (NULL when unit) */
	uint64_t *p_U;         /* sum of w*u over supporters (< 2^53) */
	uint64_t *p_W;         /* supporting voters */
	int64_t *p_s;          /* rho = lambda / s */
	uint8_t *p_kind;
	uint32_t *v_group;     /* nv */
	uint32_t max_supp;     /* most supporting groups of a project */
};

static void model_fini(const struct ms_allocator *a, struct model *m)
{
	void *arrs[] = {m->g_w, m->g_rep, m->p_off, m->p_grp, m->p_util,
			m->p_U, m->p_W, m->p_s, m->p_kind, m->v_group};
	for (size_t i = 0; i < sizeof arrs / sizeof arrs[0]; i++)
		a->free(a->ctx, arrs[i]);
	memset(m, 0, sizeof *m);
}

/* Utility of the k-th entry of the votes for the model's satisfaction (0: not a supporter). */
static inline int64_t entry_util(const struct model *m, uint32_t k)
{
	const struct ms_election *el = m->el;
	if (m->plain)
		return 1;
	uint32_t p = el->vote_proj[k];
	if (m->sat == MS_SAT_COST)
		return el->cost[p] > 0 ? 1 : 0;
	if (el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING)
		return el->vote_points[k] > 0 ? el->vote_points[k] : 0;
	return 1;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* Order-independent hash of voter v's effective ballot (a sum of the
 * projects' random keys); *len gets its length. */
static uint64_t ballot_hash(const struct model *m, uint32_t v, uint32_t *len)
{
	const struct ms_election *el = m->el;
	const uint32_t *vp = el->vote_proj;
	uint64_t h = 0;
	uint32_t n = 0, k = el->vote_off[v], e = el->vote_off[v + 1];
	if (m->plain) {
		for (; k < e; k++)
			h += m->ptab[vp[k]];
		n = el->vote_off[v + 1] - el->vote_off[v];
	} else {
		for (; k < e; k++) {
			int64_t u = entry_util(m, k);
			if (u <= 0)
				continue;
			h += m->ptab[vp[k]] * (2 * (uint64_t)u + 1);
			n++;
		}
	}
	*len = n;
	return mix64(h + n);
}

/* Same effective ballot? mark/mval are np-sized scratch; *stamp a fresh cookie. */
static bool ballot_equal(const struct model *m, uint32_t v, uint32_t w, uint32_t vlen, uint32_t *mark,
			 int64_t *mval, uint32_t *stamp)
{
	const struct ms_election *el = m->el;
	if (m->plain && el->vote_off[w + 1] - el->vote_off[w] != vlen)
		return false;
	if (++*stamp == 0) {
		memset(mark, 0, (size_t)m->np * sizeof *mark);
		*stamp = 1;
	}
	uint32_t wlen = 0;
	for (uint32_t k = el->vote_off[w]; k < el->vote_off[w + 1]; k++) {
		int64_t u = entry_util(m, k);
		if (u > 0) {
			mark[el->vote_proj[k]] = *stamp;
			mval[el->vote_proj[k]] = u;
			wlen++;
		}
	}
	if (wlen != vlen)
		return false;
	for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
		int64_t u = entry_util(m, k);
		if (u <= 0)
			continue;
		uint32_t p = el->vote_proj[k];
		if (mark[p] != *stamp || mval[p] != u)
			return false;
	}
	return true;
}

/* An entry of the grouping table: the high half of the ballot's hash (its
 * top tbits bits are the home slot, so growing needs no rehashing) and
 * the group's first voter + 1. */
static void table_put(uint64_t *table, unsigned tbits, uint64_t ent)
{
	size_t mask = ((size_t)1 << tbits) - 1, i = (size_t)(ent >> (64 - tbits));
	while (table[i] != 0)
		i = (i + 1) & mask;
	table[i] = ent;
}

static int model_build(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		       struct model *m, struct ms_error *e)
{
	int rc = MS_ERR_NOMEM;
	uint32_t *rep = NULL, *mark = NULL, *fill = NULL;
	uint64_t *table = NULL;
	int64_t *mval = NULL;
	memset(m, 0, sizeof *m);
	m->el = el;
	m->sat = sat;
	m->np = el->n_projects;
	m->nv = el->n_voters;
	m->unit = !(sat == MS_SAT_CARD &&
		    (el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING));
	uint32_t np = m->np, nv = m->nv;
	m->plain = m->unit;
	for (uint32_t p = 0; p < np && m->plain && sat == MS_SAT_COST; p++)
		m->plain = el->cost[p] > 0;
	/* The table holds one entry per distinct ballot (its first voter), at
	 * most half full: it grows with the groups, not with the voters. */
	unsigned tbits = 4;
	while (((size_t)1 << tbits) < (size_t)nv * 2 && tbits < 10)
		tbits++;
	size_t tsize = (size_t)1 << tbits;
	table = ms_alloc_array(a, tsize, sizeof *table);
	m->ptab = ms_alloc_array(a, np, sizeof *m->ptab);
	mark = ms_alloc_array(a, np, sizeof *mark);
	mval = ms_alloc_array(a, np, sizeof *mval);
	m->v_group = ms_alloc_array(a, nv, sizeof *m->v_group);
	if (!table || !m->ptab || !mark || !mval || !m->v_group)
		goto fail;
	memset(table, 0, tsize * sizeof *table);
	memset(mark, 0, (size_t)np * sizeof *mark);
	for (uint32_t p = 0; p < np; p++)
		m->ptab[p] = mix64((uint64_t)p + 0x9e3779b97f4a7c15ULL);
	uint32_t stamp = 0, ng = 0;
	size_t total = 0;
	for (uint32_t v = 0; v < nv; v++) {
		uint32_t len;
		uint64_t h = ballot_hash(m, v, &len);
		size_t i = (size_t)(h >> (64 - tbits));
		uint64_t tag = h & 0xffffffff00000000ULL;
		for (;;) {
			uint64_t ent = table[i];
			if (ent == 0) {
				m->v_group[v] = ng++;
				total += len;
				table[i] = tag | ((uint64_t)v + 1);
				break;
			}
			uint32_t w = (uint32_t)ent - 1;
			if ((ent & 0xffffffff00000000ULL) == tag && ballot_equal(m, v, w, len, mark, mval, &stamp)) {
				m->v_group[v] = m->v_group[w];
				break;
			}
			i = (i + 1) & (tsize - 1);
		}
		if ((size_t)ng * 2 > tsize && tbits < 32) { /* grow */
			size_t nsize = tsize * 2;
			uint64_t *nt = ms_alloc_array(a, nsize, sizeof *nt);
			if (!nt)
				goto fail;
			memset(nt, 0, nsize * sizeof *nt);
			for (size_t j = 0; j < tsize; j++)
				if (table[j] != 0)
					table_put(nt, tbits + 1, table[j]);
			a->free(a->ctx, table);
			table = nt;
			tsize = nsize;
			tbits++;
		}
	}
	a->free(a->ctx, table);
	table = NULL;
	a->free(a->ctx, m->ptab);
	m->ptab = NULL;
	a->free(a->ctx, mark);
	mark = NULL;
	a->free(a->ctx, mval);
	mval = NULL;
	rep = ms_alloc_array(a, ng ? ng : 1, sizeof *rep);
	m->g_w = ms_alloc_array(a, ng ? ng : 1, sizeof *m->g_w);
	if (!rep || !m->g_w)
		goto fail;
	memset(m->g_w, 0, (size_t)ng * sizeof *m->g_w);
	for (uint32_t v = 0; v < nv; v++) {
		uint32_t g = m->v_group[v];
		if (m->g_w[g]++ == 0)
			rep[g] = v;
	}
	m->ng = ng;
	m->p_off = ms_alloc_array(a, (size_t)np + 1, sizeof *m->p_off);
	m->p_grp = ms_alloc_array(a, total, sizeof *m->p_grp);
	m->p_U = ms_alloc_array(a, np, sizeof *m->p_U);
	m->p_W = ms_alloc_array(a, np, sizeof *m->p_W);
	m->p_s = ms_alloc_array(a, np, sizeof *m->p_s);
	m->p_kind = ms_alloc_array(a, np, sizeof *m->p_kind);
	fill = ms_alloc_array(a, (size_t)np + 1, sizeof *fill);
	if (!m->p_off || !m->p_grp || !m->p_U || !m->p_W || !m->p_s || !m->p_kind ||
	    !fill)
		goto fail;
	if (!m->unit) {
		m->p_util = ms_alloc_array(a, total, sizeof *m->p_util);
		if (!m->p_util)
			goto fail;
	}
	memset(m->p_U, 0, (size_t)np * sizeof *m->p_U);
	memset(m->p_W, 0, (size_t)np * sizeof *m->p_W);
	memset(fill, 0, ((size_t)np + 1) * sizeof *fill);
	/* Two passes over the groups' ballots (their voters'): counts, then
	 * the supporter lists. */
	for (uint32_t g = 0; g < ng; g++) {
		uint32_t v = rep[g];
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
			int64_t u = entry_util(m, k);
			if (u <= 0)
				continue;
			uint32_t p = el->vote_proj[k];
			if ((uint64_t)u >= UTIL_MAX || m->p_U[p] + (uint64_t)u * m->g_w[g] >= UTIL_MAX) {
				rc = ms_fail(e, MS_E_COUNT_POINTS_OVERFLOW, "points");
				goto fail;
			}
			m->p_U[p] += (uint64_t)u * m->g_w[g];
			m->p_W[p] += m->g_w[g];
			fill[p]++;
		}
	}
	uint32_t acc = 0;
	for (uint32_t p = 0; p < np; p++) {
		m->p_off[p] = acc;
		if (fill[p] > m->max_supp)
			m->max_supp = fill[p];
		acc += fill[p];
		fill[p] = m->p_off[p];
	}
	m->p_off[np] = acc;
	for (uint32_t g = 0; g < ng; g++) {
		uint32_t v = rep[g];
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
			int64_t u = entry_util(m, k);
			if (u <= 0)
				continue;
			uint32_t p = el->vote_proj[k];
			m->p_grp[fill[p]] = g;
			if (m->p_util)
				m->p_util[fill[p]] = u;
			fill[p]++;
		}
	}
	for (uint32_t p = 0; p < np; p++) {
		m->p_s[p] = sat == MS_SAT_COST ? el->cost[p] : (el->money_scale > 0 ? el->money_scale : 1);
		if (m->p_U[p] == 0)
			m->p_kind[p] = KIND_NONE;
		else
			m->p_kind[p] = el->cost[p] > 0 ? KIND_CAND : KIND_FREE;
	}
	/* No per-group lists: the run reads a group's ballot from its voter's
	 * (the selected projects in it), so only p_grp is total-sized. */
	m->g_rep = rep;
	rep = NULL;
	rc = 0;
fail:
	a->free(a->ctx, table);
	a->free(a->ctx, rep);
	a->free(a->ctx, m->ptab);
	m->ptab = NULL;
	a->free(a->ctx, mark);
	a->free(a->ctx, mval);
	a->free(a->ctx, fill);
	if (rc == MS_ERR_NOMEM)
		ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory grouping the ballots");
	if (rc != 0)
		model_fini(a, m);
	return rc;
}

/* ---- big-integer helpers ------------------------------------------------- */

static int mp_rc(mp_err err)
{
	if (err == MP_OKAY)
		return 0;
	return err == MP_MEM ? MS_ERR_NOMEM : MS_ERR_INTERNAL;
}

#define MPX(expr)                                   \
	do {                                        \
		mp_err mpx_ = (expr);               \
		if (mpx_ != MP_OKAY)                \
			return mp_rc(mpx_);         \
	} while (0)

/* c = a * k (tmp: scratch, used when k does not fit one digit). */
static mp_err mul_u64(const mp_int *a, uint64_t k, mp_int *c, mp_int *tmp)
{
	if (k <= (uint64_t)MP_MASK)
		return mp_mul_d(a, (mp_digit)k, c);
	mp_set_u64(tmp, k);
	return mp_mul(a, tmp, c);
}

/* x >= 0 as m * 2^e, m a double (relative error below 6 * 2^-53). */
static double mp_approx(const mp_int *x, int *e)
{
	int u = x->used;
	*e = 0;
	if (u == 0)
		return 0.0;
	double m = (double)x->dp[u - 1];
	if (u >= 2)
		m = m * 0x1p60 + (double)x->dp[u - 2];
	if (u >= 3)
		m = m * 0x1p60 + (double)x->dp[u - 3];
	*e = (u > 3 ? u - 3 : 0) * MP_DIGIT_BIT;
	return m;
}

static double scale2(double x, int e)
{
	while (e >= 60) {
		x *= 0x1p60;
		e -= 60;
	}
	while (e <= -60) {
		x *= 0x1p-60;
		e += 60;
	}
	if (e > 0)
		x *= (double)((uint64_t)1 << e);
	else if (e < 0)
		x /= (double)((uint64_t)1 << -e);
	return x;
}

/* n / d for n >= 0, d > 0 (relative error below LAMBDA_REL). */
static double mp_ratio(const mp_int *n, const mp_int *d)
{
	int en, ed;
	double mn = mp_approx(n, &en), md = mp_approx(d, &ed);
	if (mn == 0.0)
		return 0.0;
	return scale2(mn / md, en - ed);
}

/* Exact text of n/d (d > 0), reduced, from a; NULL on failure (*rc set). */
static char *mp_frac_text(const struct ms_allocator *a, const mp_int *n, const mp_int *d, int *rc)
{
	mp_int g, rn, rd;
	char *s = NULL;
	mp_err err;
	*rc = MS_ERR_NOMEM;
	if ((err = mp_init_multi(&g, &rn, &rd, NULL)) != MP_OKAY) {
		*rc = mp_rc(err);
		return NULL;
	}
	int ln = 0, ld = 0;
	if ((err = mp_gcd(n, d, &g)) != MP_OKAY || (err = mp_div(n, &g, &rn, NULL)) != MP_OKAY ||
	    (err = mp_div(d, &g, &rd, NULL)) != MP_OKAY || (err = mp_radix_size(&rn, 10, &ln)) != MP_OKAY ||
	    (err = mp_radix_size(&rd, 10, &ld)) != MP_OKAY) {
		*rc = mp_rc(err);
		goto out;
	}
	bool one = mp_cmp_d(&rd, 1) == MP_EQ;
	size_t cap = (size_t)ln + (size_t)ld + 2;
	s = a->alloc(a->ctx, cap);
	if (!s)
		goto out;
	size_t wn = 0, wd = 0;
	if ((err = mp_to_radix(&rn, s, cap, &wn, 10)) != MP_OKAY) {
		*rc = mp_rc(err);
		a->free(a->ctx, s);
		s = NULL;
		goto out;
	}
	if (!one) {
		s[wn - 1] = '/';
		if ((err = mp_to_radix(&rd, s + wn, cap - wn, &wd, 10)) != MP_OKAY) {
			*rc = mp_rc(err);
			a->free(a->ctx, s);
			s = NULL;
			goto out;
		}
	}
	*rc = 0;
out:
	mp_clear_multi(&g, &rn, &rd, NULL);
	return s;
}

static double dabs(double x)
{
	return x < 0 ? -x : x;
}

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* ---- one run of MES at a per-voter budget t ------------------------------ */

struct gst {
	double b;      /* budget (double; see budget_err_bound) */
	uint32_t w;
	uint32_t zero; /* 0: budget > 0; else exactly 0 since paid selection zero - 1 (1 also: from the start) */
};

struct prj {
	double lb, err; /* rho of the last computation: a lower bound while stale; abs error bound */
	double lam;     /* lambda (double) of the last computation */
	uint32_t fresh; /* round of the last computation (NEVER: none) */
	uint8_t state;
	uint8_t exact;  /* the last computation needed the exact walk */
};

struct wk {
	double key; /* budget / utility */
	double wu;  /* weight * utility */
};

/* The winners of a run and their exact prices: the certificate's reference. */
struct trace {
	uint32_t n, n_init;
	uint32_t *win;
	double *rho, *err;
	mp_int *num, *den; /* rho = num / den */
};

struct run {
	const struct ms_allocator *a;
	struct model *m;
	bool force_exact;      /* tests: take every decision in exact arithmetic */
	struct gst *g;
	uint32_t *lg;          /* live supporters: model's p_grp less groups found at zero */
	int64_t *lu;           /* their utilities (NULL when unit) */
	bool own_lists;        /* lg, lu are copies (several runs), else the model's own */
	uint32_t *llen;        /* np: live supporters of each project */
	uint32_t *pmask;       /* ng (unit utilities only): bit i set when the group paid
				* for ledger position i < 32 (a shortcut for the ballot) */
	struct prj *pr;
	uint32_t *alive;       /* live candidates (compacted lazily) */
	uint32_t n_alive;
	uint32_t *sel;         /* every selected project in order (free ones included) */
	uint32_t n_all;
	int32_t *sel_pos;      /* position in the ledger, -1 */
	uint32_t n_sel;        /* paid selections = ledger entries = rounds done */
	int64_t cost_sel;
	mp_int D, T;           /* ledger: t = T / D */
	mp_int *N;             /* lambda of the i-th paid selection = N[i] / D */
	uint32_t n_N;          /* initialised entries of N */
	mp_int x1, x2, x3, x4, x5, xM, cM; /* scratch */
	double t_d, Eb;
	struct wk *wk;
	uint8_t *cls;
	uint64_t *K;
	uint32_t *xi, *xo;     /* exact walk: indices and order */
	mp_int *xb;            /* exact walk: budgets */
	uint32_t n_xb;
	/* certificate */
	const struct trace *ref;
	bool cert;
	bool abort_uncertified; /* stop the run as soon as the certificate fails */
	struct trace *tr;      /* record the winners here (NULL: do not) */
	struct ms_outcome *out; /* record the explanation here (NULL: do not) */
	struct ms_error *e;
};

static void trace_fini(const struct ms_allocator *a, struct trace *t)
{
	for (uint32_t i = 0; i < t->n_init; i++)
		mp_clear_multi(&t->num[i], &t->den[i], NULL);
	a->free(a->ctx, t->win);
	a->free(a->ctx, t->rho);
	a->free(a->ctx, t->err);
	a->free(a->ctx, t->num);
	a->free(a->ctx, t->den);
	memset(t, 0, sizeof *t);
}

static int trace_init(const struct ms_allocator *a, struct trace *t, uint32_t np)
{
	memset(t, 0, sizeof *t);
	t->win = ms_alloc_array(a, np, sizeof *t->win);
	t->rho = ms_alloc_array(a, np, sizeof *t->rho);
	t->err = ms_alloc_array(a, np, sizeof *t->err);
	t->num = ms_alloc_array(a, np, sizeof *t->num);
	t->den = ms_alloc_array(a, np, sizeof *t->den);
	if (!t->win || !t->rho || !t->err || !t->num || !t->den) {
		trace_fini(a, t);
		return MS_ERR_NOMEM;
	}
	return 0;
}

static void run_fini(struct run *r)
{
	const struct ms_allocator *a = r->a;
	if (!a)
		return;
	for (uint32_t i = 0; i < r->n_N; i++)
		mp_clear(&r->N[i]);
	for (uint32_t i = 0; i < r->n_xb; i++)
		mp_clear(&r->xb[i]);
	mp_clear_multi(&r->D, &r->T, &r->x1, &r->x2, &r->x3, &r->x4, &r->x5, &r->xM, &r->cM, NULL);
	if (!r->own_lists) { /* the model's */
		r->lg = NULL;
		r->lu = NULL;
	}
	void *arrs[] = {r->g, r->lg, r->lu, r->llen, r->pmask, r->pr, r->alive,
			r->sel, r->sel_pos, r->N, r->wk, r->cls, r->K, r->xi, r->xo, r->xb};
	for (size_t i = 0; i < sizeof arrs / sizeof arrs[0]; i++)
		a->free(a->ctx, arrs[i]);
	memset(r, 0, sizeof *r);
}

/*
 * several: more than one run will be made. Every run compacts the model's
 * own supporter lists (by swapping, so they stay whole for the next run).
 * There are no paid lists: a group above zero paid for every selected
 * project on its ballot, one at zero for those selected before it got
 * there (gst.zero). In this sandbox a first touch of a page costs about
 * 10 us, so memory not allocated is time saved.
 */
static int run_init(struct run *r, const struct ms_allocator *a, struct model *m, bool several,
		    struct ms_error *e)
{
	memset(r, 0, sizeof *r);
	mp_err err = mp_init_multi(&r->D, &r->T, &r->x1, &r->x2, &r->x3, &r->x4, &r->x5, &r->xM, &r->cM, NULL);
	if (err != MP_OKAY)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	r->a = a;
	r->m = m;
	r->e = e;
	uint32_t np = m->np;
	size_t tot = m->p_off[np];
	/* Runs compact the model's own lists by swapping, so a new run only
	 * resets the lengths: no copy even with several runs. */
	(void)several;
	(void)tot;
	r->own_lists = false;
	r->lg = m->p_grp;
	r->lu = m->p_util;
	r->g = ms_alloc_array(a, m->ng, sizeof *r->g);
	r->llen = ms_alloc_array(a, np, sizeof *r->llen);
	if (m->unit && !(r->pmask = ms_alloc_array(a, m->ng, sizeof *r->pmask))) {
		run_fini(r);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	}
	r->pr = ms_alloc_array(a, np, sizeof *r->pr);
	r->alive = ms_alloc_array(a, np, sizeof *r->alive);
	r->sel = ms_alloc_array(a, np, sizeof *r->sel);
	r->sel_pos = ms_alloc_array(a, np, sizeof *r->sel_pos);
	r->N = ms_alloc_array(a, np, sizeof *r->N);
	r->wk = ms_alloc_array(a, m->max_supp, sizeof *r->wk);
	r->cls = ms_alloc_array(a, m->max_supp, sizeof *r->cls);
	r->K = ms_alloc_array(a, np, sizeof *r->K);
	if (!r->g || !r->lg || !r->llen || (m->p_util && !r->lu) ||
	    !r->pr || !r->alive || !r->sel || !r->sel_pos || !r->N || !r->wk || !r->cls || !r->K) {
		run_fini(r);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	}
	for (uint32_t i = 0; i < m->ng; i++)
		r->g[i].w = m->g_w[i];
	a->free(a->ctx, m->g_w); /* the run keeps the weights in r->g */
	m->g_w = NULL;
	return 0;
}

/*
 * Error bound of the double budgets. A budget starts as t_d (relative error
 * LAMBDA_REL) and loses u*lambda_d per paid selection, where lambda_d comes
 * from the exact ledger (relative error LAMBDA_REL) and u*lambda <= b <= t;
 * the product and the difference add one rounding each. So after k paid
 * selections every non-zero budget is within
 *     t * (LAMBDA_REL + k * (LAMBDA_REL + 2 EPS))
 * of its exact value (zero budgets are exact). Inflated a little for the
 * rounding of this very formula.
 */
static double budget_err_bound(const struct run *r)
{
	return r->t_d * (1.0 + 2 * LAMBDA_REL) * (LAMBDA_REL + (double)r->n_sel * (LAMBDA_REL + 2 * EPS)) * 1.0625;
}

/* Exact budget of group g over D (0 when zero). */
static int group_budget(struct run *r, uint32_t g, mp_int *out)
{
	const struct model *m = r->m;
	if (r->g[g].zero) {
		mp_zero(out);
		return 0;
	}
	MPX(mp_copy(&r->T, out));
	const struct ms_election *el = m->el;
	uint32_t v = m->g_rep[g];
	for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
		int32_t pos = r->sel_pos[el->vote_proj[k]];
		if (pos < 0)
			continue;
		int64_t u = entry_util(m, k);
		if (u <= 0)
			continue;
		MPX(mul_u64(&r->N[pos], (uint64_t)u, &r->x5, &r->x4));
		MPX(mp_sub(out, &r->x5, out));
	}
	return 0;
}

static int ensure_xb(struct run *r, uint32_t n)
{
	const struct ms_allocator *a = r->a;
	if (!r->xb) {
		uint32_t cap = r->m->max_supp;
		r->xb = ms_alloc_array(a, cap, sizeof *r->xb);
		r->xi = ms_alloc_array(a, cap, sizeof *r->xi);
		r->xo = ms_alloc_array(a, cap, sizeof *r->xo);
		if (!r->xb || !r->xi || !r->xo)
			return MS_ERR_NOMEM;
	}
	while (r->n_xb < n) {
		MPX(mp_init(&r->xb[r->n_xb]));
		r->n_xb++;
	}
	return 0;
}

/* Exact key order of the exact walk: xb[i]/u_i ascending. */
static int key_cmp(struct run *r, uint32_t p, uint32_t i, uint32_t j, int *res)
{
	if (!r->lu) {
		*res = mp_cmp(&r->xb[i], &r->xb[j]);
		return 0;
	}
	uint64_t ui = (uint64_t)r->lu[r->m->p_off[p] + r->xi[i]];
	uint64_t uj = (uint64_t)r->lu[r->m->p_off[p] + r->xi[j]];
	MPX(mul_u64(&r->xb[i], uj, &r->x1, &r->x4));
	MPX(mul_u64(&r->xb[j], ui, &r->x2, &r->x4));
	*res = mp_cmp(&r->x1, &r->x2);
	return 0;
}

/* Stable bottom-up merge sort of xo[0..n) by key_cmp (tmp: n entries). */
static int sort_exact(struct run *r, uint32_t p, uint32_t n, uint32_t *tmp)
{
	uint32_t *src = r->xo, *dst = tmp;
	for (uint32_t width = 1; width < n; width *= 2) {
		for (uint32_t lo = 0; lo < n; lo += 2 * width) {
			uint32_t mid = lo + width < n ? lo + width : n;
			uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			uint32_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi) {
				int c, rc = key_cmp(r, p, src[j], src[i], &c);
				if (rc)
					return rc;
				dst[k++] = c < 0 ? src[j++] : src[i++];
			}
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		uint32_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != r->xo)
		memcpy(r->xo, src, (size_t)n * sizeof *src);
	return 0;
}

/*
 * The README's walk in exact arithmetic, for project p in the current state.
 * *afford false: the supporters hold less than its cost. Otherwise
 * lambda = xM / (*U * D); if cls is not NULL, cls[k] (k: supporter position)
 * gets 0 = pays lambda*u and keeps money, 1 = pays all it has, 2 = zero
 * already (pays nothing), 3 = pays exactly all (lambda*u = budget).
 */
static int exact_walk(struct run *r, uint32_t p, bool *afford, uint64_t *U, uint8_t *cls)
{
	const struct model *m = r->m;
	uint32_t off = m->p_off[p], cnt = r->llen[p], n = 0;
	int rc = ensure_xb(r, cnt);
	if (rc)
		return rc;
	uint64_t unz = 0;
	mp_int *acc = &r->x3, *cD = &r->xM;
	mp_zero(acc);
	for (uint32_t k = 0; k < cnt; k++) {
		uint32_t g = r->lg[off + k];
		if (cls)
			cls[k] = 2;
		if (r->g[g].zero)
			continue;
		r->xi[n] = k;
		r->xo[n] = n;
		if ((rc = group_budget(r, g, &r->xb[n])) != 0)
			return rc;
		uint64_t w = r->g[g].w, u = r->lu ? (uint64_t)r->lu[off + k] : 1;
		MPX(mp_mul_d(&r->xb[n], (mp_digit)w, &r->x1));
		MPX(mp_add(acc, &r->x1, acc));
		unz += w * u;
		n++;
	}
	MPX(mul_u64(&r->D, (uint64_t)m->el->cost[p], cD, &r->x4));
	if (mp_cmp(acc, cD) == MP_LT) {
		*afford = false;
		return 0;
	}
	*afford = true;
	/* sort by key */
	uint32_t *tmp = ms_alloc_array(r->a, n, sizeof *tmp);
	if (!tmp)
		return MS_ERR_NOMEM;
	rc = sort_exact(r, p, n, tmp);
	r->a->free(r->a->ctx, tmp);
	if (rc)
		return rc;
	/* walk: cD - paid in xM */
	uint64_t ur = unz;
	uint32_t i;
	for (i = 0; i < n; i++) {
		uint32_t x = r->xo[i], k = r->xi[x];
		uint64_t w = r->g[r->lg[off + k]].w, u = r->lu ? (uint64_t)r->lu[off + k] : 1;
		MPX(mul_u64(cD, u, &r->x1, &r->x4));
		MPX(mul_u64(&r->xb[x], ur, &r->x2, &r->x4));
		if (mp_cmp(&r->x1, &r->x2) != MP_GT)
			break;
		MPX(mp_mul_d(&r->xb[x], (mp_digit)w, &r->x1));
		MPX(mp_sub(cD, &r->x1, cD));
		ur -= w * u;
		if (cls)
			cls[k] = 1;
	}
	if (i == n || ur == 0)
		return MS_ERR_INTERNAL; /* affordable, so the walk stops */
	*U = ur;
	if (cls) {
		for (; i < n; i++) {
			uint32_t x = r->xo[i], k = r->xi[x];
			uint64_t u = r->lu ? (uint64_t)r->lu[off + k] : 1;
			MPX(mul_u64(cD, u, &r->x1, &r->x4));
			MPX(mul_u64(&r->xb[x], ur, &r->x2, &r->x4));
			cls[k] = mp_cmp(&r->x1, &r->x2) == MP_EQ ? 3 : 0;
		}
	}
	return 0;
}

static void drop(struct run *r, uint32_t q)
{
	r->pr[q].state = ST_DROPPED;
}

static int record_drop(struct run *r, uint32_t q)
{
	drop(r, q);
	if (!r->out)
		return 0;
	return ms_outcome_add_step(r->a, r->out, MS_STEP_DROPPED, q, NULL, r->m->el->budget - r->cost_sel, NULL, 0,
				   r->e);
}

static void set_fresh(struct run *r, uint32_t q, double lam, double errlam, bool exact)
{
	struct prj *pr = &r->pr[q];
	double s = (double)r->m->p_s[q];
	pr->lam = lam;
	pr->lb = lam / s;
	pr->err = (errlam / s + 3 * EPS * pr->lb) * 1.0625;
	pr->fresh = r->n_sel;
	pr->exact = exact;
}

static int refresh_exact(struct run *r, uint32_t q)
{
	bool afford;
	uint64_t U;
	int rc = exact_walk(r, q, &afford, &U, NULL);
	if (rc)
		return rc;
	if (!afford)
		return record_drop(r, q);
	MPX(mp_mul_d(&r->D, (mp_digit)U, &r->x1));
	double lam = mp_ratio(&r->xM, &r->x1);
	set_fresh(r, q, lam, LAMBDA_REL * lam, true);
	return 0;
}

/*
 * Recompute rho of candidate q (or drop it). Doubles first, with these
 * bounds (Eb: budget error bound; sums of n nonnegative terms are within
 * n*EPS of their value; the weights and utilities are exact integers):
 *   total supporters' money: W*Eb + (n+2)*EPS*total;
 *   the water level lambda = (c - P)/U over the capped set (P: their money,
 *   U: the others' utility, exact): |P error| <= Wcap*Eb + (ncap+2)*EPS*P,
 *   and lambda's error follows. The partition is certified when every
 *   capped key (budget/u, error <= Eb + 2 EPS key) is surely below lambda
 *   and every other surely at or above it; then lambda = (c - P)/U exactly
 *   for the exact P of that partition. Otherwise: exact walk.
 */
static int refresh(struct run *r, uint32_t q)
{
	const struct model *m = r->m;
	if (r->force_exact)
		return refresh_exact(r, q);
	uint32_t off = m->p_off[q], len = r->llen[q], n = 0;
	double c = (double)m->el->cost[q], ec = EPS * c;
	double lam0 = c / (double)m->p_U[q];
	/*
	 * lambda only rises round after round, so the last one (a little
	 * lowered for its rounding) is a start from below for Newton; the
	 * first pass, which gathers the supporters, already classifies them.
	 */
	double thr = r->pr[q].fresh != NEVER ? r->pr[q].lam * (1 - 1e-9) : 0;
	if (thr < lam0)
		thr = lam0;
	double Eb = r->Eb, total = 0, wsum = 0, unz = 0;
	double paid = 0, wcap = 0, maxcap = -INFINITY, minunc = INFINITY;
	uint32_t ncap = 0;
	struct wk *wk = r->wk;
	uint32_t *lg = r->lg + off;
	for (uint32_t k = 0; k < len;) {
		const struct gst *gs = &r->g[lg[k]];
		if (gs->zero) { /* at zero for good: off the live list (swapped past its end,
				  * so the segment stays a permutation for the next run) */
			uint32_t tg = lg[k];
			lg[k] = lg[--len];
			lg[len] = tg;
			if (r->lu) {
				int64_t tu = r->lu[off + k];
				r->lu[off + k] = r->lu[off + len];
				r->lu[off + len] = tu;
			}
			continue;
		}
		double w = (double)gs->w, key = gs->b, wu = w;
		if (r->lu) {
			double u = (double)r->lu[off + k];
			key = gs->b / u;
			wu = w * u;
		}
		k++;
		wk[n].key = key;
		wk[n].wu = wu;
		n++;
		total += gs->b * w;
		wsum += w;
		unz += wu;
		bool cap = key < thr;
		double f = cap ? 1.0 : 0.0;
		paid += f * (key * wu);
		wcap += f * wu;
		ncap += cap;
		maxcap = cap && key > maxcap ? key : maxcap;
		minunc = !cap && key < minunc ? key : minunc;
	}
	r->llen[q] = len;
	double etot = wsum * Eb + (n + 2) * EPS * dabs(total);
	if (total + etot < c - ec)
		return record_drop(r, q);
	if (!(total - etot > c + ec))
		return refresh_exact(r, q);
	double uh = unz - wcap;
	/* Newton from below (pabutools' poor/rich step): with the partition
	 * "capped: key < thr", lambda' = (c - P)/U >= thr (f is concave), and
	 * no key in [thr, lambda') means the fixed point. Each pass caps more
	 * supporters; rounding could in principle make it wander, so after a
	 * few passes the exact walk decides (never seen on real data). */
	bool conv = uh > 0 && minunc >= (c - paid) / uh && maxcap < (c - paid) / uh;
	for (int it = 0; !conv && uh > 0 && it < 24; it++) {
		thr = (c - paid) / uh;
		/* two interleaved accumulators: shorter dependency chains */
		double p0 = 0, p1 = 0, w0 = 0, w1 = 0, mx0 = -INFINITY, mx1 = -INFINITY, mn0 = INFINITY,
		       mn1 = INFINITY;
		uint32_t nc = 0, i = 0;
		for (; i + 1 < n; i += 2) {
			double k0 = wk[i].key, u0 = wk[i].wu, k1 = wk[i + 1].key, u1 = wk[i + 1].wu;
			bool c0 = k0 < thr, c1 = k1 < thr;
			double f0 = c0 ? 1.0 : 0.0, f1 = c1 ? 1.0 : 0.0;
			p0 += f0 * (k0 * u0);
			p1 += f1 * (k1 * u1);
			w0 += f0 * u0;
			w1 += f1 * u1;
			nc += (uint32_t)c0 + (uint32_t)c1;
			double a0 = c0 ? k0 : -INFINITY, a1 = c1 ? k1 : -INFINITY;
			double b0 = c0 ? INFINITY : k0, b1 = c1 ? INFINITY : k1;
			mx0 = a0 > mx0 ? a0 : mx0;
			mx1 = a1 > mx1 ? a1 : mx1;
			mn0 = b0 < mn0 ? b0 : mn0;
			mn1 = b1 < mn1 ? b1 : mn1;
		}
		if (i < n) {
			double k0 = wk[i].key, u0 = wk[i].wu;
			bool c0 = k0 < thr;
			double f0 = c0 ? 1.0 : 0.0;
			p0 += f0 * (k0 * u0);
			w0 += f0 * u0;
			nc += c0;
			double a0 = c0 ? k0 : -INFINITY, b0 = c0 ? INFINITY : k0;
			mx0 = a0 > mx0 ? a0 : mx0;
			mn0 = b0 < mn0 ? b0 : mn0;
		}
		conv = nc == ncap;
		paid = p0 + p1;
		wcap = w0 + w1;
		uh = unz - wcap;
		ncap = nc;
		maxcap = mx0 > mx1 ? mx0 : mx1;
		minunc = mn0 < mn1 ? mn0 : mn1;
	}
	if (!conv)
		return refresh_exact(r, q);
	if (uh > 0) {
		double num = c - paid;
		double enum_ = wcap * Eb + (ncap + 3) * EPS * dabs(paid) + ec + EPS * dabs(num);
		double lam = num / uh, elam = (enum_ / uh + EPS * dabs(lam)) * 1.0625;
		bool ok = lam > 0 && minunc - Eb - 2 * EPS * dabs(minunc) > lam + elam;
		if (ok && ncap > 0)
			ok = maxcap + Eb + 2 * EPS * dabs(maxcap) < lam - elam;
		if (ok) {
			set_fresh(r, q, lam, elam, false);
			return 0;
		}
	}
	return refresh_exact(r, q);
}

/*
 * Exact lambda of fresh candidate q: r->xM / (*U * D). A certified double
 * partition (capped: key < lam) gives xM = c*D - sum over capped non-zero
 * groups of w * (T - sum u*N) with one pass over them; an exact one comes
 * from the exact walk. cls as in exact_walk (may be NULL).
 */
static int exact_lambda(struct run *r, uint32_t q, uint64_t *U, uint8_t *cls)
{
	const struct model *m = r->m;
	const struct prj *pr = &r->pr[q];
	if (pr->exact) {
		bool afford;
		int rc = exact_walk(r, q, &afford, U, cls);
		if (rc == 0 && !afford)
			rc = MS_ERR_INTERNAL;
		return rc;
	}
	uint32_t off = m->p_off[q], cnt = r->llen[q];
	memset(r->K, 0, (size_t)r->n_sel * sizeof *r->K);
	uint64_t wcap = 0, unc = 0;
	for (uint32_t k = 0; k < cnt; k++) {
		uint32_t g = r->lg[off + k];
		const struct gst *gs = &r->g[g];
		if (gs->zero) {
			if (cls)
				cls[k] = 2;
			continue;
		}
		double u = r->lu ? (double)r->lu[off + k] : 1.0;
		if (gs->b / u < pr->lam) {
			if (cls)
				cls[k] = 1;
			wcap += gs->w;
			/* a group above zero paid for every selected project it supports */
			const struct ms_election *el = m->el;
			uint32_t v = m->g_rep[g];
			const uint32_t *vp = el->vote_proj;
			const int32_t *sp = r->sel_pos;
			uint64_t *K = r->K;
			if (r->pmask && r->n_sel <= 32) {
				for (uint32_t b = r->pmask[g]; b != 0; b &= b - 1)
					K[__builtin_ctz(b)] += gs->w;
				continue;
			}
			if (m->plain) {
				for (uint32_t j = el->vote_off[v], e = el->vote_off[v + 1]; j < e; j++) {
					int32_t pos = sp[vp[j]];
					if (pos >= 0)
						K[pos] += gs->w;
				}
				continue;
			}
			for (uint32_t j = el->vote_off[v], e = el->vote_off[v + 1]; j < e; j++) {
				int32_t pos = sp[vp[j]];
				if (pos < 0)
					continue;
				int64_t u = entry_util(m, j);
				if (u > 0)
					K[pos] += (uint64_t)gs->w * (uint64_t)u;
			}
		} else {
			if (cls)
				cls[k] = 0;
			unc += (uint64_t)gs->w * (r->lu ? (uint64_t)r->lu[off + k] : 1);
		}
	}
	MPX(mul_u64(&r->D, (uint64_t)m->el->cost[q], &r->xM, &r->x4));
	MPX(mul_u64(&r->T, wcap, &r->x1, &r->x4));
	MPX(mp_sub(&r->xM, &r->x1, &r->xM));
	for (uint32_t i = 0; i < r->n_sel; i++) {
		if (!r->K[i])
			continue;
		MPX(mul_u64(&r->N[i], r->K[i], &r->x1, &r->x4));
		MPX(mp_add(&r->xM, &r->x1, &r->xM));
	}
	if (unc == 0)
		return MS_ERR_INTERNAL;
	*U = unc;
	return 0;
}

/* rho_a = Ma/(Ua*D*sa) against rho_b = Mb/(Ub*D*sb): sign of Ma*Ub*sb - Mb*Ua*sa. */
static int cmp_rho(struct run *r, const mp_int *Ma, uint64_t Ua, uint32_t pa, const mp_int *Mb, uint64_t Ub,
		   uint32_t pb, int *res)
{
	const struct model *m = r->m;
	MPX(mul_u64(Ma, Ub, &r->x1, &r->x4));
	MPX(mul_u64(&r->x1, (uint64_t)m->p_s[pb], &r->x1, &r->x4));
	MPX(mul_u64(Mb, Ua, &r->x2, &r->x4));
	MPX(mul_u64(&r->x2, (uint64_t)m->p_s[pa], &r->x2, &r->x4));
	*res = mp_cmp(&r->x1, &r->x2);
	return 0;
}

/* Is (rho_q, id_q) below (rho_ref, id_p) with rho_ref = num/den from another run? */
static int below_ref(struct run *r, uint32_t q, uint32_t p, const mp_int *num, const mp_int *den, bool *below)
{
	uint64_t U;
	int rc = exact_lambda(r, q, &U, NULL);
	if (rc)
		return rc;
	/* xM/(U*D*s_q) vs num/den: xM*den vs num*U*D*s_q */
	MPX(mp_mul(&r->xM, den, &r->x3));
	MPX(mul_u64(num, U, &r->x2, &r->x4));
	MPX(mul_u64(&r->x2, (uint64_t)r->m->p_s[q], &r->x2, &r->x4));
	MPX(mp_mul(&r->x2, &r->D, &r->x2));
	int c = mp_cmp(&r->x3, &r->x2);
	*below = c == MP_LT || (c == MP_EQ && r->m->el->id_rank[q] < r->m->el->id_rank[p]);
	return 0;
}

/* The certificate for round n_sel with winner p (see the top of the file). */
static int cert_check(struct run *r, uint32_t p)
{
	const struct trace *ref = r->ref;
	uint32_t i = r->n_sel;
	if (i >= ref->n || ref->win[i] != p) {
		r->cert = false;
		return 0;
	}
	double rhi = ref->rho[i] + ref->err[i];
	for (uint32_t x = 0; x < r->n_alive && r->cert; x++) {
		uint32_t q = r->alive[x];
		while (q != p && r->pr[q].state == ST_ALIVE) {
			const struct prj *pq = &r->pr[q];
			if (pq->lb - pq->err > rhi)
				break;
			if (pq->fresh != r->n_sel) {
				int rc = refresh(r, q);
				if (rc)
					return rc;
				continue;
			}
			bool below;
			int rc = below_ref(r, q, p, &ref->num[i], &ref->den[i], &below);
			if (rc)
				return rc;
			if (below)
				r->cert = false;
			break;
		}
	}
	return 0;
}

static int add_selected(struct run *r, uint32_t p)
{
	r->sel[r->n_all++] = p;
	r->cost_sel += r->m->el->cost[p];
	if (r->out)
		return ms_outcome_select(r->a, r->out, p, r->m->el->cost[p], r->e);
	return 0;
}

/* Select candidate p (fresh, the winner of round n_sel): pay, ledger, record. */
static int do_select(struct run *r, uint32_t p)
{
	const struct model *m = r->m;
	uint32_t off = m->p_off[p], cnt = r->llen[p];
	uint64_t U;
	int rc = exact_lambda(r, p, &U, r->cls);
	if (rc)
		return rc;
	/* Ledger: lambda = xM / (U*D); with g = gcd(xM, U), D' = D*U/g. */
	mp_digit rem = 0;
	uint64_t gc = U;
	if (U <= (uint64_t)MP_MASK) {
		MPX(mp_mod_d(&r->xM, (mp_digit)U, &rem));
		gc = gcd_u64(U, (uint64_t)rem);
	} else {
		mp_set_u64(&r->x1, U);
		MPX(mp_gcd(&r->xM, &r->x1, &r->x2));
		gc = mp_get_mag_u64(&r->x2);
	}
	uint64_t f = U / gc;
	if (r->n_N <= r->n_sel) {
		MPX(mp_init(&r->N[r->n_sel]));
		r->n_N++;
	}
	mp_int *Np = &r->N[r->n_sel];
	if (gc > 1) {
		MPX(mp_div_d(&r->xM, (mp_digit)gc, Np, NULL));
	} else {
		MPX(mp_copy(&r->xM, Np));
	}
	if (f > 1) {
		MPX(mul_u64(&r->D, f, &r->D, &r->x4));
		MPX(mul_u64(&r->T, f, &r->T, &r->x4));
		for (uint32_t i = 0; i < r->n_sel; i++)
			MPX(mul_u64(&r->N[i], f, &r->N[i], &r->x4));
	}
	double lam = mp_ratio(Np, &r->D);
	/* Payments. */
	for (uint32_t k = 0; k < cnt; k++) {
		uint32_t g = r->lg[off + k];
		struct gst *gs = &r->g[g];
		switch (r->cls[k]) {
		case 0:
			gs->b -= (r->lu ? (double)r->lu[off + k] : 1.0) * lam;
			if (r->pmask && r->n_sel < 32)
				r->pmask[g] |= (uint32_t)1 << r->n_sel;
			break;
		case 1:
		case 3: /* pays all it has (and pays for nothing after this one) */
			gs->b = 0;
			gs->zero = r->n_sel + 1;
			if (r->pmask && r->n_sel < 32)
				r->pmask[g] |= (uint32_t)1 << r->n_sel;
			break;
		default:
			break;
		}
	}
	r->sel_pos[p] = (int32_t)r->n_sel;
	r->pr[p].state = ST_SELECTED;
	/* rho = N / (D * s) */
	if (r->tr || r->out) {
		MPX(mul_u64(&r->D, (uint64_t)m->p_s[p], &r->x3, &r->x4));
	}
	if (r->tr) {
		struct trace *t = r->tr;
		uint32_t i = t->n;
		if (t->n_init <= i) {
			MPX(mp_init_multi(&t->num[i], &t->den[i], NULL));
			t->n_init++;
		}
		MPX(mp_copy(Np, &t->num[i]));
		MPX(mp_copy(&r->x3, &t->den[i]));
		t->win[i] = p;
		t->rho[i] = lam / (double)m->p_s[p];
		t->err[i] = (LAMBDA_REL + 3 * EPS) * t->rho[i];
		t->n++;
	}
	r->n_sel++;
	r->Eb = budget_err_bound(r);
	if ((rc = add_selected(r, p)) != 0)
		return rc;
	if (r->out) {
		char *text = mp_frac_text(r->a, Np, &r->x3, &rc);
		if (!text)
			return rc;
		rc = ms_outcome_add_step_text(r->a, r->out, MS_STEP_SELECTED, p, text, m->el->budget - r->cost_sel,
					      NULL, 0, r->e); /* payers: fill_payers() */
		r->a->free(r->a->ctx, text);
		if (rc)
			return rc;
	}
	return 0;
}

/* Smallest (rho, id) among the live candidates, exactly; NONE32 when none. */
static int round_winner(struct run *r, uint32_t *winner)
{
	const struct model *m = r->m;
	const uint32_t *rank = m->el->id_rank;
	for (;;) {
		uint32_t w = 0;
		for (uint32_t x = 0; x < r->n_alive; x++)
			if (r->pr[r->alive[x]].state == ST_ALIVE)
				r->alive[w++] = r->alive[x];
		r->n_alive = w;
		uint32_t best = NONE32;
		for (uint32_t x = 0; x < w; x++) {
			uint32_t q = r->alive[x];
			if (best == NONE32 || r->pr[q].lb < r->pr[best].lb ||
			    (r->pr[q].lb == r->pr[best].lb && rank[q] < rank[best]))
				best = q;
		}
		if (best == NONE32) {
			*winner = NONE32;
			return 0;
		}
		if (r->pr[best].fresh != r->n_sel) {
			int rc = refresh(r, best);
			if (rc)
				return rc;
			continue;
		}
		double hi = r->pr[best].lb + r->pr[best].err;
		bool again = false;
		for (uint32_t x = 0; x < w; x++) {
			uint32_t q = r->alive[x];
			if (q == best || r->pr[q].state != ST_ALIVE || r->pr[q].lb - r->pr[q].err > hi)
				continue;
			if (r->pr[q].fresh != r->n_sel) {
				int rc = refresh(r, q);
				if (rc)
					return rc;
				again = true;
			}
		}
		if (again)
			continue;
		/* Near ties: all fresh; decide exactly. */
		uint32_t win = best;
		uint64_t Uw = 0;
		bool have = false;
		for (uint32_t x = 0; x < w; x++) {
			uint32_t q = r->alive[x];
			if (q == best || r->pr[q].lb - r->pr[q].err > hi)
				continue;
			int rc, c;
			if (!have) {
				if ((rc = exact_lambda(r, win, &Uw, NULL)) != 0)
					return rc;
				MPX(mp_copy(&r->xM, &r->cM));
				have = true;
			}
			uint64_t Uq;
			if ((rc = exact_lambda(r, q, &Uq, NULL)) != 0)
				return rc;
			if ((rc = cmp_rho(r, &r->xM, Uq, q, &r->cM, Uw, win, &c)) != 0)
				return rc;
			if (c < 0 || (c == 0 && rank[q] < rank[win])) {
				win = q;
				Uw = Uq;
				MPX(mp_copy(&r->xM, &r->cM));
			}
		}
		*winner = win;
		return 0;
	}
}

/*
 * Run MES at per-voter budget tn/td (td > 0, tn >= 0). ref: certificate
 * reference (NULL: none; r->cert tells the result); r->tr, r->out: what to
 * record. The outcome is r->sel[0..n_all), costing r->cost_sel.
 */
static int mes_run(struct run *r, const mp_int *tn, const mp_int *td, const struct trace *ref)
{
	const struct model *m = r->m;
	int rc;
	MPX(mp_copy(td, &r->D));
	MPX(mp_copy(tn, &r->T));
	r->t_d = mp_ratio(tn, td);
	r->n_sel = 0;
	r->n_all = 0;
	r->cost_sel = 0;
	r->n_alive = 0;
	r->ref = ref;
	r->cert = ref != NULL;
	if (r->tr)
		r->tr->n = 0;
	r->Eb = budget_err_bound(r);
	bool broke = mp_iszero(tn);
	for (uint32_t g = 0; g < m->ng; g++) {
		r->g[g].b = broke ? 0.0 : r->t_d;
		r->g[g].zero = broke ? 1 : 0;
		if (r->pmask)
			r->pmask[g] = 0;
	}
	for (uint32_t p = 0; p < m->np; p++) {
		struct prj *pr = &r->pr[p];
		r->sel_pos[p] = -1;
		r->llen[p] = m->p_off[p + 1] - m->p_off[p];
		pr->fresh = NEVER;
		pr->exact = 0;
		pr->state = ST_OUT;
		if (m->p_kind[p] == KIND_FREE) {
			pr->state = ST_SELECTED;
			if ((rc = add_selected(r, p)) != 0)
				return rc;
			if (r->out && (rc = ms_outcome_add_step_text(r->a, r->out, MS_STEP_SELECTED, p, "0",
								    m->el->budget - r->cost_sel, NULL, 0, r->e)) != 0)
				return rc;
		} else if (m->p_kind[p] == KIND_CAND) {
			/* W*t < cost: unaffordable from the start (exact, on integers:
			 * W*tn < cost*td), no need to look at the supporters */
			double wt = (double)m->p_W[p] * r->t_d, c = (double)m->el->cost[p];
			if (wt < c * (1 - 1e-9)) {
				MPX(mul_u64(tn, m->p_W[p], &r->x1, &r->x4));
				MPX(mul_u64(td, (uint64_t)m->el->cost[p], &r->x2, &r->x4));
				if (mp_cmp(&r->x1, &r->x2) == MP_LT) {
					if ((rc = record_drop(r, p)) != 0)
						return rc;
					continue;
				}
			}
			pr->state = ST_ALIVE;
			/* rho >= c / (U s) at any round */
			pr->lb = (double)m->el->cost[p] / (double)m->p_U[p] / (double)m->p_s[p];
			pr->err = 4 * EPS * pr->lb;
			r->alive[r->n_alive++] = p;
		}
	}
	for (;;) {
		uint32_t p;
		if ((rc = round_winner(r, &p)) != 0)
			return rc;
		if (p == NONE32)
			break;
		if (r->cert && (rc = cert_check(r, p)) != 0)
			return rc;
		if (ref && !r->cert && r->abort_uncertified)
			return 0; /* the caller discards this run */
		if ((rc = do_select(r, p)) != 0)
			return rc;
	}
	if (r->cert && r->n_sel != ref->n)
		r->cert = false;
	return 0;
}

/*
 * After a recorded run: the voters who paid for each paid selection, in
 * ascending order, from the groups' paid lists (one pass over the voters,
 * touching only actual payments); each SELECTED step gets its array.
 */
static int fill_payers(struct run *r, struct ms_outcome *out)
{
	const struct ms_allocator *a = r->a;
	struct model *m = r->m;
	uint32_t ns = r->n_sel, ng = m->ng;
	uint32_t *poff = NULL, *plist = NULL;
	/* the last run is over: its scratch is dead (run_fini frees NULL) */
	a->free(a->ctx, r->wk);
	a->free(a->ctx, r->cls);
	a->free(a->ctx, r->K);
	a->free(a->ctx, r->pr);
	a->free(a->ctx, r->alive);
	r->wk = NULL;
	r->cls = NULL;
	r->K = NULL;
	r->pr = NULL;
	r->alive = NULL;
	uint32_t *cnt = ms_alloc_array(a, ns, sizeof *cnt);
	struct ms_step **step = ms_alloc_array(a, ns, sizeof *step);
	int rc = MS_ERR_NOMEM;
	if (!cnt || !step || !(poff = ms_alloc_array(a, (size_t)ng + 2, sizeof *poff)))
		goto out;
	memset(cnt, 0, (size_t)ns * sizeof *cnt);
	memset(step, 0, (size_t)ns * sizeof *step);
	memset(poff, 0, ((size_t)ng + 2) * sizeof *poff);
	for (size_t i = 0; i < out->n_steps; i++) {
		struct ms_step *st = &out->steps[i];
		if (st->kind == MS_STEP_SELECTED && st->project < m->np && r->sel_pos[st->project] >= 0)
			step[r->sel_pos[st->project]] = st;
	}
	/*
	 * Group g paid for selection i iff it supports the project of ledger
	 * position i and was above zero then: zero == 0, or i < zero (zero is
	 * one past the selection that took its last money). The supporter
	 * lists are still whole (compaction swaps), so the selected projects'
	 * lists give each group's paid positions (a counting sort by group),
	 * and the pass over the voters touches only payments.
	 */
	for (uint32_t p = 0; p < m->np; p++) {
		int32_t i = r->sel_pos[p];
		if (i < 0)
			continue;
		for (uint32_t k = m->p_off[p]; k < m->p_off[p + 1]; k++) {
			uint32_t g = m->p_grp[k], z = r->g[g].zero;
			if (z == 0 || (uint32_t)i < z) {
				poff[g + 2]++;
				cnt[i] += r->g[g].w;
			}
		}
	}
	for (uint32_t g = 0; g < ng; g++)
		poff[g + 2] += poff[g + 1];
	if (!(plist = ms_alloc_array(a, poff[ng + 1] ? poff[ng + 1] : 1, sizeof *plist)))
		goto out;
	for (uint32_t p = 0; p < m->np; p++) {
		int32_t i = r->sel_pos[p];
		if (i < 0)
			continue;
		for (uint32_t k = m->p_off[p]; k < m->p_off[p + 1]; k++) {
			uint32_t g = m->p_grp[k], z = r->g[g].zero;
			if (z == 0 || (uint32_t)i < z)
				plist[poff[g + 1]++] = (uint32_t)i;
		}
	}
	/* The supporter lists are dead now: free them before the payer lists
	 * are allocated (the peak of memory). */
	if (r->own_lists) {
		a->free(a->ctx, r->lg);
		a->free(a->ctx, r->lu);
	}
	r->lg = NULL;
	r->lu = NULL;
	a->free(a->ctx, m->p_grp);
	a->free(a->ctx, m->p_util);
	m->p_grp = NULL;
	m->p_util = NULL;
	for (uint32_t i = 0; i < ns; i++) {
		if (!step[i] || cnt[i] == 0)
			continue;
		if (!(step[i]->payers = ms_alloc_array(a, cnt[i], sizeof *step[i]->payers)))
			goto out;
		step[i]->n_payers = 0;
	}
	for (uint32_t v = 0; v < m->nv; v++) {
		uint32_t g = m->v_group[v];
		for (uint32_t j = poff[g], e = poff[g + 1]; j < e; j++) {
			struct ms_step *st = step[plist[j]];
			if (st && st->payers)
				st->payers[st->n_payers++] = v;
		}
	}
	rc = 0;
out:
	a->free(a->ctx, cnt);
	a->free(a->ctx, step);
	a->free(a->ctx, poff);
	a->free(a->ctx, plist);
	return rc;
}

/* ---- completions --------------------------------------------------------- */

/* Per-voter budget of step j: exh1pct B(100+j)/(100n), add1 B/n + j*scale. */
static int step_budget(const struct ms_election *el, enum ms_mes_completion c, uint64_t j, mp_int *tn, mp_int *td,
		       mp_int *tmp)
{
	uint64_t n = el->n_voters ? el->n_voters : 1;
	if (el->n_voters == 0) {
		mp_zero(tn);
		mp_set_u64(td, 1);
		return 0;
	}
	mp_set_u64(tn, (uint64_t)el->budget);
	if (c == MS_MES_EXH1PCT_GREEDY) {
		mp_set_u64(tmp, j);
		MPX(mp_add_d(tmp, 100, tmp));
		MPX(mp_mul(tn, tmp, tn));
		mp_set_u64(td, n);
		MPX(mp_mul_d(td, 100, td));
	} else if (c == MS_MES_ADD1_GREEDY) {
		mp_set_u64(tmp, j);
		MPX(mul_u64(tmp, n, tmp, td));
		MPX(mul_u64(tmp, (uint64_t)(el->money_scale > 0 ? el->money_scale : 1), tmp, td));
		MPX(mp_add(tn, tmp, tn));
		mp_set_u64(td, n);
	} else {
		mp_set_u64(td, n);
	}
	return 0;
}

/* Does the outcome stop the stepwise loop? 1 infeasible, 2 exhaustive, 0 no. */
static int stop_kind(const struct run *r, enum ms_mes_completion c, uint8_t *mark)
{
	const struct model *m = r->m;
	const struct ms_election *el = m->el;
	if (r->cost_sel > el->budget)
		return 1;
	memset(mark, 0, m->np);
	for (uint32_t i = 0; i < r->n_all; i++)
		mark[r->sel[i]] = 1;
	int64_t left = el->budget - r->cost_sel;
	for (uint32_t p = 0; p < m->np; p++) {
		if (mark[p])
			continue;
		if (c == MS_MES_ADD1_GREEDY && m->p_kind[p] != KIND_CAND)
			continue;
		if (el->cost[p] <= left)
			return 0;
	}
	return 2;
}

struct search {
	uint64_t j_final;    /* the step whose outcome is completed */
	uint64_t iterations; /* steps the definition visits */
};

/* The stepwise definition, with certified jumps (stepwise: no jumps). */
static int search_budget(struct run *r, enum ms_mes_completion c, bool stepwise, struct search *res)
{
	const struct ms_allocator *a = r->a;
	const struct ms_election *el = r->m->el;
	struct trace tr[2];
	mp_int tn, td, tmp;
	int rc = MS_ERR_NOMEM;
	uint8_t *mark = ms_alloc_array(a, r->m->np, 1);
	bool have_tr[2] = {false, false};
	if (mp_init_multi(&tn, &td, &tmp, NULL) != MP_OKAY) {
		a->free(a->ctx, mark);
		return MS_ERR_NOMEM;
	}
	if (!mark || trace_init(a, &tr[0], r->m->np) != 0)
		goto out;
	have_tr[0] = true;
	if (trace_init(a, &tr[1], r->m->np) != 0)
		goto out;
	have_tr[1] = true;
	bool capped = c == MS_MES_EXH1PCT_GREEDY;
	uint64_t jmax = (uint64_t)el->n_voters * 100; /* exh1pct: B(1 + j/100) <= B(n+1) */
	uint64_t j = 0, prev = 0, start = 0, guess = 1;
	int cur = 0;
	r->tr = &tr[cur];
	if ((rc = step_budget(el, c, 0, &tn, &td, &tmp)) != 0 || (rc = mes_run(r, &tn, &td, NULL)) != 0)
		goto out;
	for (;;) {
		int stop = stop_kind(r, c, mark);
		if (stop == 1) {
			res->j_final = prev;
			res->iterations = j + 1;
			break;
		}
		if (stop == 2 || (capped && j >= jmax)) {
			res->j_final = j;
			res->iterations = j + 1;
			break;
		}
		/*
		 * Find the next step whose outcome may differ: exponential search
		 * from a first stride of half the last stretch's length, then
		 * binary search below the smallest probe known to fail (limit).
		 */
		uint64_t stride = stepwise ? 1 : guess, limit = UINT64_MAX;
		for (;;) {
			uint64_t k = j + stride;
			if (capped && k > jmax)
				k = jmax;
			if (limit != UINT64_MAX && k >= limit)
				k = limit - 1 > j ? limit - 1 : j + 1;
			r->tr = &tr[1 - cur];
			r->abort_uncertified = k > j + 1;
			if ((rc = step_budget(el, c, k, &tn, &td, &tmp)) != 0 ||
			    (rc = mes_run(r, &tn, &td, stepwise ? NULL : &tr[cur])) != 0)
				goto out;
			if (!stepwise && r->cert) {
				/* Same winners at every step in [j, k]: none stops. */
				cur = 1 - cur;
				j = k;
				if (capped && j >= jmax)
					break;
				if (limit != UINT64_MAX && limit > j + 1) {
					stride = (limit - j) / 2 > 1 ? (limit - j) / 2 : 1;
				} else if (limit != UINT64_MAX) {
					limit = UINT64_MAX; /* next: the step right below it */
					stride = 1;
				} else if (stride < ((uint64_t)1 << 62)) {
					stride *= 2;
				}
				continue;
			}
			if (k == j + 1) { /* the next step, taken for real */
				cur = 1 - cur;
				prev = j;
				j = k;
				guess = (j - start) / 2 > 1 ? (j - start) / 2 : 1;
				start = j;
				break;
			}
			limit = k; /* the winners may change within (j, k]: look closer */
			stride = (k - j) / 2 > 1 ? (k - j) / 2 : 1;
		}
	}
	rc = 0;
out:
	r->tr = NULL;
	r->abort_uncertified = false;
	if (have_tr[0])
		trace_fini(a, &tr[0]);
	if (have_tr[1])
		trace_fini(a, &tr[1]);
	mp_clear_multi(&tn, &td, &tmp, NULL);
	a->free(a->ctx, mark);
	return rc;
}

struct gitem {
	uint64_t num;  /* score = num / den: cost satisfaction supporters / 1 (the */
	int64_t den;   /* total cost(p) * supporters over cost(p)); cardinality points / cost */
	int64_t cost;
	uint32_t rank, project;
	int cls;       /* 2 +inf, 1 finite positive, 0 zero */
};

static int gitem_cmp(const void *x, const void *y)
{
	const struct gitem *a = x, *b = y;
	if (a->cls != b->cls)
		return a->cls > b->cls ? -1 : 1;
	if (a->cls == 1) {
		mes_i128 l = (mes_i128)a->num * b->den, rr = (mes_i128)b->num * a->den;
		if (l != rr)
			return l > rr ? -1 : 1;
	}
	return a->rank < b->rank ? -1 : (a->rank > b->rank ? 1 : 0);
}

/* Greedy completion from the outcome in out with the real budget. */
static int complete_greedy(const struct ms_allocator *a, const struct model *m, struct ms_outcome *out,
			   struct ms_error *e)
{
	const struct ms_election *el = m->el;
	int rc = 0;
	uint8_t *mark = ms_alloc_array(a, m->np, 1);
	struct gitem *it = ms_alloc_array(a, m->np, sizeof *it);
	if (!mark || !it) {
		rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory completing MES");
		goto out;
	}
	memset(mark, 0, m->np);
	for (uint32_t i = 0; i < out->n_selected; i++)
		mark[out->selected[i]] = 1;
	uint32_t n = 0;
	for (uint32_t p = 0; p < m->np; p++) {
		if (mark[p])
			continue;
		struct gitem *g = &it[n++];
		g->num = m->p_U[p];
		g->den = m->sat == MS_SAT_COST ? 1 : el->cost[p];
		g->cost = el->cost[p];
		g->rank = el->id_rank[p];
		g->project = p;
		g->cls = g->num == 0 ? 0 : (g->den == 0 ? 2 : 1);
	}
	qsort(it, n, sizeof *it, gitem_cmp);
	for (uint32_t i = 0; i < n; i++) {
		const struct gitem *g = &it[i];
		if (g->cost > el->budget - out->total_cost)
			continue;
		if ((rc = ms_outcome_select(a, out, g->project, g->cost, e)) != 0)
			goto out;
		/* value: cost satisfaction the supporters; cardinality points per currency unit */
		struct ms_rat v = MS_RAT_ZERO;
		const char *txt = NULL;
		if (g->cls == 2)
			txt = "inf";
		else if (m->sat == MS_SAT_COST || g->cls == 0)
			rc = ms_rat_set_i64(&v, (int64_t)g->num, 1);
		else if ((rc = ms_rat_set_i64(&v, (int64_t)g->num, g->den)) == 0)
			rc = ms_rat_mul_i64(&v, &v, el->money_scale > 0 ? el->money_scale : 1);
		if (rc == 0)
			rc = txt ? ms_outcome_add_step_text(a, out, MS_STEP_COMPLETION, g->project, txt,
							    el->budget - out->total_cost, NULL, 0, e)
				 : ms_outcome_add_step(a, out, MS_STEP_COMPLETION, g->project, &v,
						       el->budget - out->total_cost, NULL, 0, e);
		else
			rc = ms_error_set(e, rc, NULL, NULL, "out of memory completing MES");
		ms_rat_fini(&v);
		if (rc)
			goto out;
	}
out:
	a->free(a->ctx, mark);
	a->free(a->ctx, it);
	return rc;
}

/*
 * The rule with its options (tests call it with force_exact / stepwise:
 * every decision in exact arithmetic / the stepwise completion without
 * jumps). *out is initialised here; on failure it holds nothing to free.
 */
static int mes_rule(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		    enum ms_mes_completion completion, bool force_exact, bool stepwise, struct ms_outcome *out,
		    struct ms_error *e)
{
	if (!out)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_rule_mes", "ms_rule_mes"),
				MS_AT("结果存放位置", "an outcome"));
	ms_outcome_init(out);
	int rc = ms_election_check(a, el, e);
	if (rc)
		return rc;
	if (sat != MS_SAT_COST && sat != MS_SAT_CARD)
		return ms_failf(e, MS_E_RULE_UNKNOWN_SATISFACTION, "satisfaction", MS_AI(sat));
	if (completion != MS_MES_NONE && completion != MS_MES_EXH1PCT_GREEDY && completion != MS_MES_ADD1_GREEDY)
		return ms_failf(e, MS_E_RULE_UNKNOWN_COMPLETION, "completion", MS_AI(completion));
	if (el->vote_type == MS_VOTE_ORDINAL)
		return ms_rule_wrong_vote_type(e, el, MS_AT("平等份额法", "the Method of Equal Shares"),
					       MS_RULE_CARDINAL_TYPES);
	struct model m;
	struct run r;
	bool have_run = false;
	mp_int tn, td, tmp;
	if (mp_init_multi(&tn, &td, &tmp, NULL) != MP_OKAY)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for MES");
	if ((rc = model_build(a, el, sat, &m, e)) != 0) {
		mp_clear_multi(&tn, &td, &tmp, NULL);
		return rc;
	}
	if ((rc = run_init(&r, a, &m, completion != MS_MES_NONE, e)) != 0)
		goto out;
	have_run = true;
	r.force_exact = force_exact;
	struct search s = {0, 1};
	if (completion != MS_MES_NONE && (rc = search_budget(&r, completion, stepwise, &s)) != 0)
		goto out;
	r.out = out;
	if ((rc = step_budget(el, completion, s.j_final, &tn, &td, &tmp)) != 0 ||
	    (rc = mes_run(&r, &tn, &td, NULL)) != 0 || (rc = fill_payers(&r, out)) != 0)
		goto out;
	r.out = NULL;
	if (completion != MS_MES_NONE) {
		out->mes_iterations = s.iterations;
		/* per-voter budget in currency units */
		mp_err err = mul_u64(&td, (uint64_t)(el->money_scale > 0 ? el->money_scale : 1), &td, &tmp);
		if (err != MP_OKAY) {
			rc = mp_rc(err);
			goto out;
		}
		if (!(out->mes_budget = mp_frac_text(a, &tn, &td, &rc)))
			goto out;
		if ((rc = complete_greedy(a, &m, out, e)) != 0)
			goto out;
	}
	rc = 0;
out:
	if (rc) {
		if (rc == MS_ERR_NOMEM)
			ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory in the Method of Equal Shares");
		else if (rc == MS_ERR_INTERNAL)
			ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "internal error in the Method of Equal Shares");
		ms_outcome_fini(a, out);
	}
	if (have_run)
		run_fini(&r);
	model_fini(a, &m);
	mp_clear_multi(&tn, &td, &tmp, NULL);
	return rc;
}

int ms_rule_mes(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		enum ms_mes_completion completion, struct ms_outcome *out, struct ms_error *e)
{
	return mes_rule(a, el, sat, completion, false, false, out, e);
}
