/*
 * rules.h — the selection rules over a struct ms_election, exact and fast,
 * with pabutools' semantics (../shared/pabulib/README.md): ties only on
 * exactly equal values, broken for the project whose id is smallest in
 * byte-wise order (el->id_rank); feasibility is total cost <= budget.
 *
 * Every rule fills a struct ms_outcome: the selected projects and the steps
 * a citizen needs to follow the decision (greedy: the scan order, each
 * project's score and the budget left; MES: each round's price and the voters
 * who paid; Phragmén: each round's load). Pure: no I/O, no globals, all
 * memory from the allocator (big rationals aside, see rat.h), never aborts.
 */
#ifndef MS_RULES_H
#define MS_RULES_H

#include "election.h"

enum ms_step_kind {
	MS_STEP_SELECTED = 0,   /* taken by the rule */
	MS_STEP_SKIPPED = 1,    /* considered, did not fit the budget */
	MS_STEP_DROPPED = 2,    /* removed for good (MES: supporters cannot afford it) */
	MS_STEP_COMPLETION = 3, /* taken by a completion (greedy after MES) */
	MS_STEP_STOP = 4        /* the rule stopped here (e.g. Phragmén: a tied project did not fit) */
};

struct ms_step {
	enum ms_step_kind kind;
	uint32_t project;        /* project index (UINT32_MAX for a STOP without project) */
	char *value;             /* exact value as text ("p/q" or "p"): greedy score, MES price rho,
				    Phragmén load; NULL when the rule has none; owned */
	int64_t budget_left;     /* money units left after this step */
	uint32_t n_payers;       /* MES: voters who paid for this project */
	uint32_t *payers;        /* their indices (ascending); owned; NULL when n_payers == 0 */
};

struct ms_outcome {
	uint32_t n_selected;
	uint32_t *selected;      /* project indices, in the order the rule took them; owned */
	int64_t total_cost;      /* money units */
	size_t n_steps;
	struct ms_step *steps;   /* owned */
	/* MES with completion: the per-voter budget (text) of the MES outcome that
	 * was completed, and how many budgets the stepwise definition visits. */
	char *mes_budget;        /* NULL unless a completion rule */
	uint64_t mes_iterations;
	/* Private to the rules (rules_internal.h): room allocated in selected
	 * and steps; 0 when unknown (the arrays are then regrown on append). */
	uint32_t cap_selected;
	size_t cap_steps;
};

void ms_outcome_fini(const struct ms_allocator *a, struct ms_outcome *o);

enum ms_satisfaction {
	MS_SAT_COST = 0,         /* a voter's satisfaction from p is cost(p) (approval) */
	MS_SAT_CARD = 1          /* 1 per approved project; cumulative/scoring: the points */
};

/* Greedy utilitarian welfare (approval, choose-1, cumulative, scoring):
 * score = total satisfaction / cost; scan once by score desc then id; take a
 * project iff it fits the budget left. */
int ms_rule_greedy(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		   struct ms_outcome *out, struct ms_error *e);

/* Sequential Phragmén (approval and choose-1). */
int ms_rule_phragmen(const struct ms_allocator *a, const struct ms_election *el, struct ms_outcome *out,
		     struct ms_error *e);

enum ms_mes_completion {
	MS_MES_NONE = 0,
	MS_MES_EXH1PCT_GREEDY = 1, /* total budget B + j*B/100 until over B or exhaustive, then greedy (cost) */
	MS_MES_ADD1_GREEDY = 2     /* per-voter budget B/n + k until over B or exhaustive, then greedy (cost) */
};

/* Method of Equal Shares (approval, choose-1; cardinality also cumulative/scoring). */
int ms_rule_mes(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		enum ms_mes_completion completion, struct ms_outcome *out, struct ms_error *e);

/* ms_rule_mes with no completion and without the payers (every step's
 * n_payers 0): the selection and each step's price, for a count that shows
 * no one's payments (a preference poll's result); on millions of distinct
 * ballots listing the payers is about a sixth of the rule's time. */
int ms_rule_mes_no_payers(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
			  struct ms_outcome *out, struct ms_error *e);

enum ms_ees_completion {
	MS_EES_NONE = 0,
	MS_EES_ADD_OPT = 1,          /* raise each voter's budget by ADD-OPT's least change until over B */
	MS_EES_ADD_OPT_SKIP = 2,     /* the same with the increase only unselected projects need */
	MS_EES_ADD_OPT_SKIP_EXH = 3  /* ADD-OPT-SKIP on until all are selected; the outcome within B spending most */
};

/* The rule keys of EES by completion (ees_cost, ees_cost_addopt,
 * ees_cost_addoptskip, ees_cost_addoptskip_exh) with the rule in words in
 * Chinese and English, in the order of the enum. Read-only. */
extern const struct ms_names ms_ees_rule_names;

/* Exact Equal Shares (Kraiczy, Robinson, Elkind, arXiv:2502.11797) with
 * uniform (cost) utilities and its ADD-OPT completions, as their reference
 * implementation counts it (ees.c): each payer of a project pays the same
 * share cost/t; most payers first, ties to the LARGEST id. sat must be
 * MS_SAT_COST (else MS_E_RULE_UNKNOWN_SATISFACTION); approval, choose-1,
 * cumulative and scoring ballots (every listed project approved). Steps:
 * SELECTED with the exact share per payer (currency) and the payers;
 * mes_budget: the per-voter budget of the outcome (completions), and
 * mes_iterations the EES runs made. No greedy completion follows. */
int ms_rule_ees(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		enum ms_ees_completion completion, struct ms_outcome *out, struct ms_error *e);

/* Ranked ballots (ordinal): Borda points by position — with M projects in
 * the election, a ballot's k-th project (0-based) gets M - k points, unranked
 * ones none — then the top `slots` by points within the budget (a project
 * that no longer fits is skipped); a tie at the cut is reported as a run-off
 * (*runoff = true, steps of kind MS_STEP_STOP name the tied projects) and is
 * never broken. */
int ms_rule_ranked(const struct ms_allocator *a, const struct ms_election *el, uint32_t slots,
		   struct ms_outcome *out, bool *runoff, struct ms_error *e);

#endif
