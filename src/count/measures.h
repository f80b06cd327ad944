/*
 * measures.h — project performance measures (Boehmer, Faliszewski, Janeczko,
 * Peters, Pierczyński, Schierreich, Skowron, Szufa, "Evaluation of project
 * performance in participatory budgeting", arXiv:2312.14723; the
 * pabumeasures package): for every project, how far it was from being
 * selected by a rule, or how much room it had.
 *
 * Rules (rules.h, exactly as they count): greedy utilitarian welfare with
 * cost satisfaction (greedy_cost), sequential Phragmén (seq_phragmen), the
 * Method of Equal Shares with cost satisfaction and no completion
 * (mes_cost). Phragmén's and Equal Shares' runs are the rules' own,
 * stopped as soon as the project's fate is known. Approval and choose-1
 * ballots only.
 *
 * The measures, each computed by running the rule itself on changed
 * elections (nothing of the rules is re-implemented here):
 *
 *   max_cost — the paper's cost reduction ("cost-red"), as pabumeasures
 *   returns it, extended upwards: the largest cost c, 0 <= c <= budget, in
 *   money units, at which the project is selected, every other project's
 *   cost and every ballot unchanged. For a project not selected it is
 *   below its cost (cost - max_cost is the reduction needed); for a
 *   selected one it is at least its cost (how far its cost could rise).
 *   For all three rules the set of costs >= 1 at which a project is
 *   selected is {1, ..., max_cost} (until the project is selected the rule
 *   runs the same, and the project's own score — approvals, load, price per
 *   unit of cost — only gets better as its cost falls), so it is found by
 *   binary search; cost 0 is tried apart (mes_cost never selects a project
 *   of cost 0: its satisfaction is 0). NEVER when no cost selects it
 *   (mes_cost: a project nobody approves).
 *
 *   add_singletons — the paper's "singleton-add" (pabumeasures'
 *   ADD_SINGLETON): the least number k of NEW voters, each approving this
 *   project only, added to the election (n grows to n + k; the budget is
 *   unchanged, so under Equal Shares every voter's share becomes
 *   B / (n + k)) for which the rule selects the project; 0 when it is
 *   selected already. Greedy and Phragmén select a project for every k
 *   above the least one (its score improves, nothing else changes), so k
 *   is found by binary search below a bound at which it surely wins
 *   (greedy: more approvals than any other project; Phragmén: a load
 *   below every other project's first-round load). Equal Shares is not
 *   monotone in k (each new voter also shrinks every share), so, as
 *   pabumeasures does, every k is tried in turn from the least at which
 *   its supporters hold its cost at the start, ceil((c·n − a·B)/(B − c)),
 *   up to the least at which it surely wins the first round (more
 *   supporters than any other project), each by running the rule. NEVER
 *   when no k selects it (cost above the budget; Equal Shares: cost equal
 *   to the budget, or 0); BEYOND when more than MS_MEASURE_MAX_ADDED
 *   would be needed.
 *
 *   lose_approvals — for a selected project: the most of its approvers
 *   who could stop approving it (their other approvals kept) with the rule
 *   still selecting it; more never could. Under greedy only the number
 *   matters (a project's place is its approvals), and with fewer it only
 *   comes later, when no less of the budget is spent, so it is found by
 *   binary search over 0 … approvals: any that many may leave. Under
 *   Phragmén and Equal Shares which approvers leave matters: this is the
 *   most when those leaving are the ones that count least for the project
 *   (the mirror of add_approvals; the worst case, any that many, is an
 *   integer program and not computed). With some of its approvers gone
 *   the rule runs as on the election without the project until it is
 *   selected, and at each state of that run those counting least are those
 *   standing worst there (the highest loads, the least money left); so the
 *   most is the most over the states of that run, the end included, each
 *   found by binary search, every answer the rule's own run. NONE for a
 *   project not selected, and for one selected with no approvals (greedy
 *   takes a project nobody approves when it fits).

 *   add_approvals — the paper's "optimist-add" (pabumeasures'
 *   ADD_APPROVAL_OPTIMIST), for approval ballots: the least number k of
 *   the voters who do not approve the project who, by approving it too
 *   (their other approvals kept, n unchanged), would make the rule select
 *   it — the k most favourable such voters; fewer never would. 0 when it
 *   is selected already. Under greedy any k voters do (only the number
 *   counts, as with new voters approving it alone): it is add_singletons
 *   when there are that many voters not approving it. Under Phragmén and Equal Shares the rule runs exactly as on
 *   the election until the project is selected, and at each state of that
 *   run the best k voters to add are those standing best there: the
 *   lowest loads (a load is the load of the round that last set it, and
 *   those never fall), the most money left (the run's budgets, compared
 *   in doubles: voters whose budgets differ by less than a rounding may be
 *   taken in either order). So the least k is the least over the states of
 *   the run on the election (the end included), each found by binary
 *   search, every answer the rule's own run. NEVER when even all of them
 *   would not (or the cost is above the budget); NONE for choose-1
 *   ballots (a voter approves one project only), and when every voter
 *   approves it already (nobody is left to). The
 *   pessimist variant (any k voters, the worst) is not computed: under
 *   greedy it equals this one; under the other rules it is an integer
 *   program.
 *
 * Pure: memory from the caller's allocator only (big rationals aside, as
 * in rat.h); no I/O, no globals; never aborts. Not thread-shared.
 */
#ifndef MS_MEASURES_H
#define MS_MEASURES_H

#include "rules.h"

enum ms_measure_rule {
	MS_MEASURE_GREEDY = 0,   /* ms_rule_greedy, MS_SAT_COST */
	MS_MEASURE_PHRAGMEN = 1, /* ms_rule_phragmen */
	MS_MEASURE_MES = 2       /* ms_rule_mes, MS_SAT_COST, MS_MES_NONE */
};

enum ms_measure_status {
	MS_MEASURE_FOUND = 0,  /* the value holds */
	MS_MEASURE_NEVER = 1,  /* no value selects the project */
	MS_MEASURE_BEYOND = 2, /* add_singletons: more than MS_MEASURE_MAX_ADDED would be needed */
	MS_MEASURE_NONE = 3    /* lose_approvals: not selected, or no approvals;
				* add_approvals: choose-1 ballots, or every voter approves it */
};

/* The most new voters add_singletons tries (the changed election holds
 * them all: 8 bytes each). */
#define MS_MEASURE_MAX_ADDED 4000000u

struct ms_measure {
	enum ms_measure_rule rule;         /* the rule measured (the sentences differ) */
	uint32_t approvals;                /* the project's approvals in the election */
	bool selected;                     /* by the rule on the election as it is */
	enum ms_measure_status cost_status; /* FOUND or NEVER */
	int64_t max_cost;                  /* money units; 0 unless FOUND */
	enum ms_measure_status add_status;
	uint32_t add_singletons;           /* 0 unless FOUND; 0 when selected */
	enum ms_measure_status lose_status; /* FOUND or NONE */
	uint32_t lose_approvals;           /* 0 unless FOUND */
	enum ms_measure_status approvals_status; /* FOUND, NEVER or NONE */
	uint32_t add_approvals;            /* 0 unless FOUND; 0 when selected */
	uint32_t runs;                     /* how many times the rule ran for this project */
};

/* The measures of project p under rule into *out. 0; MS_ERR_INVALID for an
 * unknown rule or project (MS_E_COUNT_BAD_CALL); MS_ERR_UNPROCESSABLE for a
 * bad election or vote type (with a code of count_codes.def in *e);
 * MS_ERR_NOMEM. */
int ms_measure_project(const struct ms_allocator *a, const struct ms_election *el, enum ms_measure_rule rule,
		       uint32_t p, struct ms_measure *out, struct ms_error *e);

/* The measures of every project, out[el->n_projects] in file order. The
 * same returns as ms_measure_project; on failure out is undefined. */
int ms_measures(const struct ms_allocator *a, const struct ms_election *el, enum ms_measure_rule rule,
		struct ms_measure *out, struct ms_error *e);

/* ms_measures with a bound on the work, for a caller that must not run
 * long (a poll's close): every run of the rule, the one every measure
 * starts from included, costs the voters and ballot entries of the
 * election it runs on and the square of its projects (a round looks at
 * every candidate, and there are up to as many rounds as projects); a run
 * of Phragmén also counts, round by round, the loads it sums (projects ×
 * classes of voters) and the ballots it moves (phragmen_internal.h,
 * ms_ph_work), for its rounds cost more as they go; and once the sum would
 * pass max_work the call fails with MS_ERR_UNPROCESSABLE
 * (MS_E_COUNT_MEASURES_WORK), within the run that passes it —
 * deterministic for one build (Phragmén's count of the loads it compares
 * exactly comes from floating point, which another compiler or processor
 * may round otherwise near a tie; its outcome does not). UINT64_MAX: no
 * bound (ms_measures). */
int ms_measures_bounded(const struct ms_allocator *a, const struct ms_election *el, enum ms_measure_rule rule,
			uint64_t max_work, struct ms_measure *out, struct ms_error *e);
/* ms_measures_bounded, and into *work (NULL: not wanted) the work it
 * counted: on success the least max_work with which it succeeds (tests,
 * benchmarks). */
int ms_measures_counted(const struct ms_allocator *a, const struct ms_election *el, enum ms_measure_rule rule,
			uint64_t max_work, struct ms_measure *out, uint64_t *work, struct ms_error *e);

/*
 * The measures of project p in one sentence, as a result page prints them:
 * not selected, "成本降至 45,000 元即可入选；还需 312 票赞成（新增只赞成该项目的选票）即可入选；
 * 未赞成的投票人中至少还需 280 人赞成才能入选。" / "A cost of 45,000 yuan would select it. 312
 * more approvals (new ballots approving only this project) would select
 * it. At least 280 more of the voters who did not approve it would have to
 * approve it." (the last part only with add_approvals); selected, "成本可增至
 * 52,000 元仍入选；减少 40 票赞成仍入选。" / "It would still be selected at a
 * cost of up to 52,000 yuan. It would still be selected with 40 fewer
 * approvals." (the second part only with lose_approvals; under Phragmén
 * and Equal Shares, where which approvers leave matters, "；赞成者中对其影响最小的
 * 40 人不再赞成时仍入选，再多则必然落选" / " It would still be selected if the 40 of its
 * approvers counting least for it stopped approving it; with more it
 * would not be."; when all of them could, under any rule, "；即使全部 40 名
 * 赞成者都不再赞成仍入选" / " It would still be selected even if all 40 of
 * its approvers stopped approving it."). Money in the election's units shown in yuan (money_scale
 * decimals, thousands grouped). Written like snprintf: at most cap bytes,
 * NUL-terminated, cut at a character boundary; returns the length needed.
 * Pure, thread-safe; NULL el or m gives "".
 */
size_t ms_measure_text_zh(const struct ms_election *el, uint32_t p, const struct ms_measure *m, char *buf,
			  size_t cap);
size_t ms_measure_text_en(const struct ms_election *el, uint32_t p, const struct ms_measure *m, char *buf,
			  size_t cap);

#endif
