/*
 * mes_internal.h — what the files of the Method of Equal Shares share
 * (mes.c the rule, mes_model.c the ballot groups, mes_run.c one run at a
 * per-voter budget, mes_exact.c the exact ledger, mes_complete.c the
 * completions); not part of the library's interface. See mes.c for the
 * rule and how the files divide it.
 *
 * Functions that can fail return 0 or a negative enum ms_err (MS_ERR_NOMEM,
 * MS_ERR_INTERNAL for a broken invariant); those that take a struct run
 * leave their message to the rule's entry point (mes.c).
 */
#ifndef MS_MES_INTERNAL_H
#define MS_MES_INTERNAL_H

#include <float.h>
#include <stdbool.h>
#include <stdint.h>

#include <tommath.h>

#include "rules.h"
#include "rules_internal.h"

#define NONE32 UINT32_MAX
#define NEVER UINT32_MAX
#define EPS DBL_EPSILON           /* 2^-52: twice the unit roundoff, slack included */
#define LAMBDA_REL (16 * DBL_EPSILON) /* relative error of a ledger value made a double */
#define UTIL_MAX ((uint64_t)1 << 53)  /* utilities and their sums stay exact in doubles */

enum { ST_OUT = 0, ST_ALIVE = 1, ST_SELECTED = 2, ST_DROPPED = 3 };
enum { KIND_NONE = 0, KIND_CAND = 1, KIND_FREE = 2 };

/* ---- the election as weighted ballot groups (mes_model.c) ----------------- */

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

/* Group the ballots of el under sat into *m (initialised here). 0,
 * MS_ERR_UNPROCESSABLE (points too large, with its code in *e) or
 * MS_ERR_NOMEM; on failure *m holds nothing to free. */
int ms_mes_model_build(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		       struct model *m, struct ms_error *e);
/* Free *m's arrays (a no-op on a zeroed model); *m is zeroed. */
void ms_mes_model_fini(const struct ms_allocator *a, struct model *m);

/* ---- one run of MES at a per-voter budget t (mes_run.c) -------------------- */

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
	uint32_t watch;        /* NONE32, or stop once this project is selected or dropped */
	/* called at the start of every round, and once more when nothing is
	 * left to afford (ms_mes_rounds); non-zero stops the run with it */
	int (*on_round)(void *ctx, const struct run *r);
	void *on_round_ctx;
	struct ms_error *e;
};

/* Run MES at per-voter budget tn/td (td > 0, tn >= 0); r is initialised
 * (mes.c). ref: the certificate's reference (NULL: none; r->cert tells the
 * result); r->tr, r->out: what to record. The outcome is r->sel[0..n_all),
 * costing r->cost_sel. */
int ms_mes_run(struct run *r, const mp_int *tn, const mp_int *td, const struct trace *ref);
/* Recompute rho of live candidate q in the current round, or drop it. */
int ms_mes_refresh(struct run *r, uint32_t q);

/* ---- the exact ledger (mes_exact.c) ---------------------------------------- */

/* n / d as a double (n >= 0, d > 0; relative error below LAMBDA_REL). */
double ms_mes_ratio(const mp_int *n, const mp_int *d);
/* The exact reduced text of n/d (d > 0) in a new string from a; NULL on
 * failure with *rc set (else *rc = 0). */
char *ms_mes_frac_text(const struct ms_allocator *a, const mp_int *n, const mp_int *d, int *rc);
/* The README's walk over p's live supporters in exact arithmetic: *afford
 * false when they hold less than its cost, else lambda = r->xM / (*U * D);
 * cls (NULL or one byte per supporter): 0 pays lambda*u and keeps money,
 * 1 pays all it has, 2 was at zero already, 3 pays exactly all. */
int ms_mes_exact_walk(struct run *r, uint32_t p, bool *afford, uint64_t *U, uint8_t *cls);
/* Exact lambda of fresh candidate q: r->xM / (*U * D); cls as above. */
int ms_mes_exact_lambda(struct run *r, uint32_t q, uint64_t *U, uint8_t *cls);
/* rho_a = Ma/(Ua*D*s_pa) against rho_b = Mb/(Ub*D*s_pb): *res < 0, 0, > 0. */
int ms_mes_cmp_rho(struct run *r, const mp_int *Ma, uint64_t Ua, uint32_t pa, const mp_int *Mb, uint64_t Ub,
		   uint32_t pb, int *res);
/* Whether (rho_q, id_q) is below (num/den, id_p), a price of another run. */
int ms_mes_below_ref(struct run *r, uint32_t q, uint32_t p, const mp_int *num, const mp_int *den, bool *below);

/* ---- the completions (mes_complete.c) -------------------------------------- */

struct search {
	uint64_t j_final;    /* the step whose outcome is completed */
	uint64_t iterations; /* steps the definition visits */
};

/* The certificate for round r->n_sel with winner p (mes.c's notes): clears
 * r->cert when another candidate may beat p somewhere in the jump. */
int ms_mes_cert_check(struct run *r, uint32_t p);
/* The per-voter budget tn/td of step j of completion c (tmp: scratch). */
int ms_mes_step_budget(const struct ms_election *el, enum ms_mes_completion c, uint64_t j, mp_int *tn, mp_int *td,
		       mp_int *tmp);
/* The stepwise definition of completion c, with certified jumps (stepwise:
 * none), into *res. */
int ms_mes_search_budget(struct run *r, enum ms_mes_completion c, bool stepwise, struct search *res);
/* The greedy completion of the outcome in out with the real budget; 0 or
 * MS_ERR_NOMEM with a message in *e. */
int ms_mes_complete_greedy(const struct ms_allocator *a, const struct model *m, struct ms_outcome *out,
			   struct ms_error *e);

/* ---- the rule (mes.c) ------------------------------------------------------ */

/* Equal Shares' singleton-add (measures.c): the election with k more
 * voters, each approving project p alone, for k = 1 … top, one k after
 * another on one model and one run — built once for k = top, each k only
 * changing the weight of those voters' ballot group (and p's totals), so
 * a probe is ms_mes_selects on that election without regrouping the
 * ballots. Cost satisfaction only. */
struct ms_mes_probe {
	const struct ms_allocator *a;
	struct ms_election el; /* the election with top added (n_voters set for each k) */
	struct model m;
	struct run r;
	uint32_t p, n, top, group, w0;
	uint64_t W0, U0;       /* p's supporting voters and utility without the added */
	mp_int tn, td, tmp;
	bool have_model, have_run, have_mp;
};

/* el_top: an election whose last top voters approve p alone (top >= 1).
 * 0 or as ms_rule_mes; ms_mes_probe_fini in every case. */
int ms_mes_probe_init(struct ms_mes_probe *pb, const struct ms_allocator *a, const struct ms_election *el_top,
		      uint32_t p, uint32_t top, struct ms_error *e);
/* Whether plain MES (cost satisfaction) selects p with the first
 * n_voters - top + k voters (1 <= k <= top). 0 or MS_ERR_NOMEM /
 * MS_ERR_INTERNAL. */
int ms_mes_probe_selects(struct ms_mes_probe *pb, uint32_t k, bool *sel, struct ms_error *e);
void ms_mes_probe_fini(struct ms_mes_probe *pb);

/* Whether plain MES (no completion) under sat selects project p of el
 * (p < el->n_projects): ms_rule_mes's own run, stopped as soon as p is
 * selected or dropped (budgets only fall, so a dropped project is never
 * selected later). For the performance measures (measures.c), which run
 * the rule thousands of times a project. 0 or as ms_rule_mes. */
int ms_mes_selects(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat, uint32_t p,
		   bool *sel, struct ms_error *e);

/* Plain MES (no completion) on el under sat, run whole, calling fn with
 * the run at the start of every round and once more at its end (nothing
 * left to afford): each group's budget is r->g[g] (b, or 0 once zero),
 * the voters' groups r->m->v_group. For the measures' add_approvals
 * (measures.c). 0, fn's non-zero return, or as ms_rule_mes. */
int ms_mes_rounds(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		  int (*fn)(void *ctx, const struct run *r), void *ctx, struct ms_error *e);

/* ms_rule_mes with the tests' options: force_exact takes every decision in
 * exact arithmetic, stepwise runs the completion step by step (no jumps).
 * *out is initialised here; on failure it holds nothing to free. */
int ms_mes_rule_opts(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		     enum ms_mes_completion completion, bool force_exact, bool stepwise, struct ms_outcome *out,
		     struct ms_error *e);

#endif
