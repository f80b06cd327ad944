/*
 * election.h — a participatory-budgeting election in memory: projects with
 * exact costs, a budget, and the voters' ballots. Pabulib's .pb format is
 * read into it and written from it by pb.h; a Minsheng poll converts to it.
 * All money is an exact decimal held as an int64_t count of 10^-scale units
 * (money_scale = 10^scale), the same scale for every cost and the budget.
 *
 * Ownership: everything hangs off the election and is freed by
 * ms_election_free with the allocator it was made with.
 */
#ifndef MS_ELECTION_H
#define MS_ELECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"

enum ms_vote_type {
	MS_VOTE_APPROVAL = 0,
	MS_VOTE_CHOOSE1 = 1,     /* counted as approval */
	MS_VOTE_CUMULATIVE = 2,  /* points per project, additive */
	MS_VOTE_SCORING = 3,     /* points per project, additive */
	MS_VOTE_ORDINAL = 4      /* vote lists projects in rank order, best first */
};

/* The keys of the vote types as Pabulib's META vote_type spells them
 * (approval, choose-1, cumulative, scoring, ordinal), with Chinese and
 * English labels, in the order of the enum. Read-only. */
extern const struct ms_names ms_vote_type_names;

struct ms_election {
	enum ms_vote_type vote_type;

	uint32_t n_projects;
	char **project_id;        /* n_projects NUL-terminated ids, in file order */
	uint32_t *id_rank;        /* id_rank[p]: position of project p in byte-wise id order (ties: smaller wins) */
	int64_t *cost;            /* n_projects costs in money units, >= 0 */
	int64_t budget;           /* money units, >= 0 */
	int64_t money_scale;      /* 10^k: one yuan / złoty / ... is money_scale units */

	uint32_t n_voters;        /* = number of VOTES rows (empty votes included) */
	uint32_t *vote_off;       /* n_voters + 1 offsets into vote_proj / vote_points */
	uint32_t *vote_proj;      /* project indices; for ordinal, best first; no repeats */
	int64_t *vote_points;     /* aligned with vote_proj for cumulative/scoring; NULL otherwise */
	char **voter_id;          /* n_voters ids (the VOTES section's first column), or NULL */
	/* NULL: each of the n_voters ballots is one voter's. Otherwise ballot v
	 * stands for vote_weight[v] >= 1 voters who cast it alike (a poll's
	 * ballots grouped: ms_election_voters counts the voters, the sum);
	 * set by its maker, never by the .pb reader, and not freed by
	 * ms_election_free. Only greedy and the Method of Equal Shares take
	 * such an election (ms_rule_greedy, ms_rule_mes, any completion: the
	 * same outcome as the ballots written out one per voter, payers given
	 * as ballot indices); every other rule, the measures and the writer
	 * refuse it (election_grouped). Two ballots alike may each have a
	 * weight (counted the same), but the rules do not merge them: group
	 * them all for speed. */
	uint32_t *vote_weight;

	uint32_t max_length;      /* META max_length (0: none) */
	uint32_t min_length;      /* META min_length (0: none) */

	/* Everything else of the file, kept for writing it back. */
	size_t n_meta;
	char **meta_key, **meta_value;      /* META rows in order (vote_type, budget … included) */
	size_t n_project_cols;
	char **project_cols;                /* PROJECTS header */
	char **project_fields;              /* n_projects * n_project_cols, row-major */
	size_t n_vote_cols;
	char **vote_cols;                   /* VOTES header */
	char **vote_fields;                 /* n_voters * n_vote_cols, row-major */

	void *priv;                         /* owned by pb_read.c (the arena) */
};

/* The number of voters: n_voters, or the sum of vote_weight. */
static inline uint64_t ms_election_voters(const struct ms_election *el)
{
	if (!el->vote_weight)
		return el->n_voters;
	uint64_t n = 0;
	for (uint32_t v = 0; v < el->n_voters; v++)
		n += el->vote_weight[v];
	return n;
}

/* Free an election made by ms_pb_parse or ms_election_build; NULL is a no-op. */
void ms_election_free(const struct ms_allocator *a, struct ms_election *el);

#endif
