/*
 * count.h — Minsheng's pure vote-counting library.
 *
 * No I/O, no globals, never aborts: every allocation goes through the
 * caller's struct ms_allocator (tests pass one that fails on demand), and
 * every failure is a negative enum ms_err. The server and the CLI call it;
 * the selection-rules issue extends it with greedy / MES / Phragmén.
 *
 * Rule implemented here: "threshold top-N" as Chinese congresses run the
 * livelihood-projects vote (../shared/PRACTICE.md):
 *   - a ballot approves a set of candidates; more than max_approvals makes a
 *     (paper) ballot void, an empty one is blank, otherwise valid; a ballot
 *     naming an unknown candidate index or the same candidate twice is void;
 *   - a project passes when its approvals exceed (strict) or reach
 *     (non-strict) frac_num/frac_den of the base: all deputies, those present,
 *     or ballots cast (returned);
 *   - passing projects are ranked by approvals; the top `slots` are selected,
 *     skipping any whose cost no longer fits the budget when one is set;
 *   - a tie at the cut (a group of equal approvals that cannot all be
 *     selected but some of which could) is never broken: those projects are
 *     marked MS_CAND_RUNOFF and the result says a run-off is needed for
 *     runoff_slots places; nothing ranked below them is selected;
 *   - returned > issued makes the whole vote invalid (it must be repeated).
 *
 * Rule "approve / oppose / abstain" (form MS_FORM_APPROVE_OPPOSE): a ballot
 * marks each candidate approve, oppose or leaves it (abstain); there is no
 * cap on approvals; a ballot that marks a candidate twice (or both ways) or
 * names an unknown one is void, one with no mark is blank. Each candidate
 * passes on its own by the same threshold, then the same selection applies.
 *
 * Rule "ranked" (form MS_FORM_RANKED): a ballot lists up to max_approvals
 * candidates in order of priority; with M candidates the k-th listed
 * (0-based) gets M - k points, stored in `approvals`; there is no majority
 * threshold (a candidate needs at least one point); then the same selection
 * (top N by points within the budget, a tie at the cut to a run-off).
 */
#ifndef MS_COUNT_H
#define MS_COUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/names.h"

/* Allocator passed in by the caller. alloc/free must not be NULL;
 * free(ctx, NULL) must be a no-op. */
struct ms_allocator {
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr);
	void *ctx;
};

/* The C library's malloc/free. */
extern const struct ms_allocator ms_allocator_libc;

enum ms_threshold_base {
	MS_BASE_ALL = 0,     /* all deputies of the congress (default) */
	MS_BASE_PRESENT = 1, /* deputies checked in as present */
	MS_BASE_CAST = 2     /* ballots returned (valid + void + blank) */
};

enum ms_ballot_form {
	MS_FORM_PICK = 0,           /* pick up to max_approvals of the candidates (default) */
	MS_FORM_APPROVE_OPPOSE = 1, /* approve / oppose / abstain on each candidate */
	MS_FORM_RANKED = 2,         /* number up to max_approvals candidates by priority (Borda) */
	MS_FORM_RATE = 3            /* rate each one satisfied / basically satisfied / dissatisfied: the year-end
				     * evaluation, counted by satisfaction.h (ms_count_threshold refuses it) */
};

struct ms_count_params {
	enum ms_ballot_form form;
	uint32_t n_candidates;     /* candidates are indices 0..n_candidates-1 */
	uint32_t slots;            /* N: how many are chosen, >= 1 */
	uint32_t max_approvals;    /* a ballot with more choices is void, >= 1 (form PICK only) */
	enum ms_threshold_base base;
	uint32_t frac_num;         /* threshold fraction, default 1/2 */
	uint32_t frac_den;         /* > 0, frac_num <= frac_den */
	bool strict;               /* true: approvals > frac*base (default); false: >= */
	bool has_budget;
	int64_t budget;            /* yuan, >= 0, used when has_budget */
	const int64_t *costs;      /* n_candidates costs (>= 0); may be NULL when !has_budget */
	uint32_t deputies_all;     /* all deputies of the congress */
	uint32_t deputies_present; /* checked in */
	uint32_t ballots_issued;   /* ballots handed out (normally = present) */
};

/* One ballot: the candidate indices it approves (any order) and, for the
 * approve / oppose form, those it opposes (NULL / 0 otherwise). */
struct ms_ballot {
	const uint32_t *choices;
	uint32_t n_choices;
	const uint32_t *opposes;
	uint32_t n_opposes;
};

enum ms_cand_status {
	MS_CAND_SELECTED = 0,      /* keys: see ms_count_status_names */
	MS_CAND_NOT_SELECTED = 1,  /* passed the threshold, ranked below the cut */
	MS_CAND_FAILED = 2,        /* did not reach the threshold */
	MS_CAND_OVER_BUDGET = 3,   /* passed and ranked within the slots, but its cost did not fit */
	MS_CAND_RUNOFF = 4         /* tied at the cut: needs a run-off */
};

struct ms_count_candidate {
	uint32_t approvals;
	uint32_t opposes;          /* approve / oppose form: valid ballots opposing it */
	uint32_t abstains;         /* approve / oppose form: valid ballots leaving it unmarked */
	uint32_t rank;             /* 1-based competition rank by approvals (1,2,2,4) among all candidates */
	int64_t margin;            /* approvals - threshold_votes (>= 0 means passed) */
	enum ms_cand_status status;
};

enum ms_ballot_class { MS_BALLOT_VALID = 0, MS_BALLOT_BLANK = 1, MS_BALLOT_VOID = 2 };

struct ms_count_result {
	uint32_t ballots_returned;   /* = n_ballots */
	uint32_t valid, blank, void_;
	bool vote_invalid;           /* returned > issued: the vote must be repeated; nothing selected */
	uint32_t base_value;         /* number of deputies/ballots in the threshold base */
	uint32_t threshold_votes;    /* the least number of approvals that passes */
	uint32_t n_selected;
	int64_t cost_selected;       /* sum of selected costs (0 without costs) */
	bool runoff_needed;
	uint32_t runoff_slots;       /* places left for the run-off among MS_CAND_RUNOFF ones */
	uint32_t n_candidates;
	struct ms_count_candidate *candidates; /* n_candidates, in input order; owned by the result */
	uint32_t *ranking;           /* n_candidates indices, by approvals desc then index asc; owned */
};

/* Fill *p with the defaults: form PICK, base all, 1/2 strict, no budget,
 * max_approvals = slots. */
void ms_count_params_default(struct ms_count_params *p, uint32_t n_candidates, uint32_t slots);

/* Check the parameters; 0 or MS_ERR_UNPROCESSABLE with a code of
 * count_codes.def (count_*) naming the offending field in *e. */
int ms_count_params_check(const struct ms_count_params *p, struct ms_error *e);

/* Classify one ballot under p (valid / blank / void). */
enum ms_ballot_class ms_count_classify(const struct ms_count_params *p, const struct ms_ballot *b);

/* The least number of approvals that passes: strictly more than (or at
 * least, when !strict) num/den of base. Exact integer arithmetic. */
uint32_t ms_count_threshold_votes(uint32_t base, uint32_t num, uint32_t den, bool strict);

/* Quorum: present is more than (strict) or at least num/den of all. */
bool ms_count_quorum_met(uint32_t present, uint32_t all, uint32_t num, uint32_t den, bool strict);

/* Count n_ballots ballots under p into *out (which it initialises).
 * Returns 0, MS_ERR_UNPROCESSABLE for bad parameters, or MS_ERR_NOMEM;
 * on failure *out holds nothing to free. On success free with
 * ms_count_result_fini(). */
int ms_count_threshold(const struct ms_allocator *a, const struct ms_count_params *p,
		       const struct ms_ballot *ballots, size_t n_ballots,
		       struct ms_count_result *out, struct ms_error *e);

void ms_count_result_fini(const struct ms_allocator *a, struct ms_count_result *r);

/* The keys the API, the database and the CLI use for the values of the
 * enums above, with their Chinese and English labels (core/names.h), in
 * the order of each enum: ballot forms pick / approve_oppose / ranked,
 * threshold bases all / present / cast, candidate outcomes selected /
 * not_selected / failed / over_budget / runoff. Read-only. */
extern const struct ms_names ms_ballot_form_names;
extern const struct ms_names ms_threshold_base_names;
extern const struct ms_names ms_count_status_names;

/* The counting library's error codes (count_codes.def): MS_E_COUNT_*,
 * MS_E_RULE_*, MS_E_ELECTION_* and MS_E_PB_*, raised with ms_fail / ms_failf
 * (core/err.h); out of memory and internal errors carry no code of their
 * own (ms_code_of_err). */
#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "count_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_count_codes[]; /* NULL-terminated */

/* English words for the rule, e.g. "Deputies approve up to 10 of 12 projects;
 * a project needs approvals from more than 1/2 of all 60 deputies; the 10 with
 * the most approvals are chosen; a tie at the cut goes to a run-off." Writes
 * at most cap bytes (NUL-terminated); returns the length it needed. */
size_t ms_count_rule_text_en(const struct ms_count_params *p, char *buf, size_t cap);
/* The same in Chinese (zh-CN). */
size_t ms_count_rule_text_zh(const struct ms_count_params *p, char *buf, size_t cap);

#endif
