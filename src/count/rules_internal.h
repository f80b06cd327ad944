/*
 * rules_internal.h — helpers shared by the rule implementations (greedy.c,
 * phragmen*.c, mes*.c, ranked.c); not part of the library's interface.
 *
 * They build a struct ms_outcome step by step. An outcome being built is
 * always consistent: on any failure the caller only has to call
 * ms_outcome_fini on it (which frees whatever was appended so far).
 */
#ifndef MS_RULES_INTERNAL_H
#define MS_RULES_INTERNAL_H

#include "rat.h"
#include "rules.h"

/* Zero *o (nothing to free). */
void ms_outcome_init(struct ms_outcome *o);

/* Append a step. value (NULL ok) is formatted exactly with ms_rat_to_str;
 * value_text (used only when value is NULL; NULL ok) is copied as is;
 * payers (n_payers indices, NULL when 0) are copied. 0 or MS_ERR_NOMEM
 * (with a message in *e); on failure *o is unchanged. */
int ms_outcome_add_step(const struct ms_allocator *a, struct ms_outcome *o, enum ms_step_kind kind,
			uint32_t project, const struct ms_rat *value, int64_t budget_left,
			const uint32_t *payers, uint32_t n_payers, struct ms_error *e);

/* The same with the value given as text (NULL ok), e.g. "inf". */
int ms_outcome_add_step_text(const struct ms_allocator *a, struct ms_outcome *o, enum ms_step_kind kind,
			     uint32_t project, const char *value_text, int64_t budget_left,
			     const uint32_t *payers, uint32_t n_payers, struct ms_error *e);

/* Append project to o->selected and add cost to o->total_cost (the caller
 * guarantees the sum fits: selected costs never exceed an int64 budget).
 * 0 or MS_ERR_NOMEM; on failure *o is unchanged. */
int ms_outcome_select(const struct ms_allocator *a, struct ms_outcome *o, uint32_t project, int64_t cost,
		      struct ms_error *e);

/* Reserve room for at least n_selected selected projects and n_steps steps
 * in total, so that later appends up to those counts cannot fail.
 * Optional (appends grow the arrays geometrically anyway). 0 or MS_ERR_NOMEM. */
int ms_outcome_reserve(const struct ms_allocator *a, struct ms_outcome *o, uint32_t n_selected, size_t n_steps,
		       struct ms_error *e);

/* Copy the exact text of r into a new string from a (free with a->free).
 * NULL on allocation failure. */
char *ms_rat_strdup(const struct ms_allocator *a, const struct ms_rat *r);

/* n * size bytes from a, or NULL (also when the product overflows or n == 0
 * gives a 1-byte block so callers never see NULL for an empty array). */
void *ms_alloc_array(const struct ms_allocator *a, size_t n, size_t size);

/* The phrases of the rules' errors (count_codes.def): a missing outcome
 * (MS_E_COUNT_MISSING_INPUT), the vote types a cardinal rule takes. */
#define MS_RULE_NO_OUTCOME MS_AT("结果存放位置", "an outcome to fill")
#define MS_RULE_CARDINAL_TYPES MS_AT("赞成式、单选式、累积式或评分式", "approval, choose-1, cumulative or scoring")

/* MS_E_RULE_WRONG_VOTE_TYPE for rule (its name) on el, which takes the
 * vote types named by takes; returns MS_ERR_UNPROCESSABLE. */
int ms_rule_wrong_vote_type(struct ms_error *e, const struct ms_election *el, struct ms_arg rule,
			    struct ms_arg takes);

/* Check the parts of an election every rule relies on (sizes, offsets,
 * project indices in range, costs >= 0, budget >= 0, id_rank a permutation).
 * 0 or MS_ERR_UNPROCESSABLE with a message; needs no memory beyond scratch
 * it allocates from a (MS_ERR_NOMEM possible). */
int ms_election_check(const struct ms_allocator *a, const struct ms_election *el, struct ms_error *e);
/* The same for a caller that takes grouped ballots (election.h,
 * vote_weight: each at least 1, at most UINT32_MAX voters in all);
 * ms_election_check refuses them (election_grouped). */
int ms_election_check_grouped(const struct ms_allocator *a, const struct ms_election *el, struct ms_error *e);

#endif
