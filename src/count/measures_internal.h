/*
 * measures_internal.h — what measures.c (the election's copy, the rule's
 * runs, max_cost, add_singletons, greedy's lose_approvals) shares with
 * measures_states.c (the measures read from the states of a run:
 * add_approvals, and Phragmén's and Equal Shares' lose_approvals).
 */
#ifndef MS_MEASURES_INTERNAL_H
#define MS_MEASURES_INTERNAL_H

#include "measures.h"
#include "phragmen_internal.h"

/* The states of one run of the rule (Phragmén, Equal Shares), each round's
 * and the end: Phragmén the place of each project selected (pos,
 * UINT32_MAX: none; a voter's load follows from it), Equal Shares each
 * state's budget of each ballot group (gkeys[t * ng + g]) and each
 * voter's group. */
struct ms_measure_states {
	uint32_t n_rounds, cap_rounds, ng;
	uint32_t *pos, *vgroup;
	double *gkeys;
	bool have;
};

struct mctx {
	const struct ms_allocator *a;
	const struct ms_election *el;
	enum ms_measure_rule rule;
	struct ms_election w;  /* the working copy the rule runs on */
	int64_t *cost;         /* w.cost, owned */
	uint32_t *appr;        /* approvals of each project */
	uint8_t *base;         /* selected by the rule on el */
	uint32_t *runs;        /* the project's run counter */
	uint64_t work_left;    /* ms_measures_bounded */
	uint64_t bound;
	struct ms_ph_work ph_work; /* Phragmén's runs count against work_left as they go */
	struct ms_measure_states run; /* of the run on el, made at first need */
};

/* Count work against the bound (ms_measures_bounded). */
int ms_measures_charge_work(struct mctx *m, uint64_t work, struct ms_error *e);

/* Count one run of the rule on m->w. */
int ms_measures_charge(struct mctx *m, struct ms_error *e);

/* Run the rule on m->w: *sel = whether it selects p. */
int ms_measures_selects(struct mctx *m, uint32_t p, bool *sel, struct ms_error *e);

/* The ballots of el with p dropped by its first r approvers (in voter
 * order) into off (n_voters + 1) and proj (el's entries). */
void ms_measures_drop_approvals(const struct ms_election *el, uint32_t p, uint32_t r, uint32_t *off, uint32_t *proj);

/* add_approvals (measures.h), Phragmén and Equal Shares. */
int ms_measures_approvals(struct mctx *m, uint32_t p, struct ms_measure *out, struct ms_error *e);

/* lose_approvals (measures.h) of a selected project, Phragmén and Equal
 * Shares. */
int ms_measures_lose_states(struct mctx *m, uint32_t p, struct ms_measure *out, struct ms_error *e);

/* Free what states holds. */
void ms_measure_states_fini(const struct ms_allocator *a, struct ms_measure_states *s);

#endif
