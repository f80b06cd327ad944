/*
 * satisfaction.h — the year-end satisfaction evaluation (满意度测评), pure
 * like the rest of the counting library: no I/O, no globals, the caller's
 * allocator, never aborts (../shared/PRACTICE.md, "Satisfaction
 * evaluation" and "Evaluation consequences and assessment").
 *
 * The rule (the Zhenhai rule, per project; base all members by default):
 *   - satisfied (满意) when its 满意 votes are more than frac of the base;
 *   - else basically satisfied (基本满意) when 满意 + 基本满意 are more than
 *     frac of the base;
 *   - else dissatisfied (不满意). With the default strictness "more than",
 *     exactly half is not more than half: 满意 = half of the base is not
 *     satisfied, 满意 + 基本满意 = half is dissatisfied.
 * The base is all members due to vote (default), those present, or the
 * ballots cast (returned); the fraction (default 1/2) and the strictness
 * ("more than", default, or "at least") are settings. Exact integer
 * arithmetic throughout: the least number of votes that passes is
 * ms_count_threshold_votes(base, num, den, strict).
 *
 * Ballots: each returned ballot carries one rating per project — or, with
 * sub-item scoring, one per sub-item of each project — as a byte of enum
 * ms_rating, n_items × max(1, n_sub) bytes per ballot, project-major
 * (project 0's sub-items, then project 1's …). A byte above
 * MS_RATING_DISSATISFIED makes the whole ballot void; a ballot with every
 * byte MS_RATING_NONE is blank; any other ballot is valid. On a valid
 * ballot a NONE counts as an abstention (弃权) when the settings allow
 * abstaining, and otherwise as an invalid mark for that project (or
 * sub-item) only — the rest of the ballot counts (a paper ballot whose
 * deputy left a project unmarked when 弃权 is not a choice).
 *
 * Sub-items (分项测评): with n_sub ≥ 2 each project is rated on n_sub
 * sub-items; each sub-item gets its tallies and its verdict by the rule;
 * the project's verdict comes from a stated combination:
 *   - MS_COMBINE_POOLED: the sub-items' tallies are added and the rule is
 *     applied to them against n_sub × the base;
 *   - MS_COMBINE_WORST: the worst of the sub-items' verdicts.
 *
 * Satisfaction rate (满意率, "满意 + 基本满意" share): of a project, its
 * 满意 + 基本满意 marks over its valid marks (满意 + 基本满意 + 不满意 +
 * abstentions; invalid marks are left out); overall, the same sums over
 * every project. As an exact fraction num/den (den 0 when nothing was
 * marked: no rate).
 *
 * Returned > issued makes the vote invalid (it must be repeated), as in the
 * selection vote: vote_invalid is set and no verdict stands (every item's
 * and sub-item's verdict is MS_VERDICT_NONE; the tallies are still given).
 *
 * Weighted composite (综合测评) as an option: the deputies' vote is one
 * component, others (a public survey, leaders' rating, online votes) come
 * as tallies with weights, e.g. public 60, leaders 30, online 10. Each
 * component's score in points is (P_s × 满意 + P_b × 基本满意 + P_d × 不满意)
 * / (满意 + 基本满意 + 不满意) with the points per rating a setting (default
 * 100 / 60 / 0); a component with no responses is left out and the others'
 * weights are scaled up to the same total (said in the result); the score
 * is the weighted mean, exact; the verdict is satisfied when the score is
 * at least satisfied_min (default 85), basically satisfied when at least
 * basic_min (default 60), else dissatisfied.
 */
#ifndef MS_SATISFACTION_H
#define MS_SATISFACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"
#include "rat.h"

#define MS_SAT_SUB_MAX 8         /* sub-items per project */
#define MS_SAT_COMPONENTS_MAX 8  /* components of a weighted composite */

enum ms_rating {
	MS_RATING_NONE = 0,         /* unmarked: an abstention (弃权) where allowed */
	MS_RATING_SATISFIED = 1,    /* 满意 */
	MS_RATING_BASIC = 2,        /* 基本满意 */
	MS_RATING_DISSATISFIED = 3  /* 不满意 */
};

enum ms_verdict {
	MS_VERDICT_SATISFIED = 0,
	MS_VERDICT_BASIC = 1,
	MS_VERDICT_DISSATISFIED = 2,
	MS_VERDICT_NONE = 3         /* no verdict: the vote is invalid */
};

enum ms_sub_combine { MS_COMBINE_POOLED = 0, MS_COMBINE_WORST = 1 };

struct ms_sat_params {
	uint32_t n_items;            /* projects rated: indices 0..n_items-1, >= 1 */
	uint32_t n_sub;              /* 0: each project rated as a whole; else 2..MS_SAT_SUB_MAX sub-items */
	enum ms_sub_combine combine; /* used when n_sub >= 2 */
	bool abstain_allowed;        /* 弃权 is a choice on the ballot (default true) */
	enum ms_threshold_base base; /* default MS_BASE_ALL */
	uint32_t frac_num, frac_den; /* default 1/2; 0 < den, num <= den */
	bool strict;                 /* true (default): more than; false: at least */
	uint32_t deputies_all;       /* members due to vote */
	uint32_t deputies_present;   /* checked in; <= deputies_all */
	uint32_t ballots_issued;     /* handed out (normally = present) */
	bool units;                  /* for the words: the items rated are units (a review), not projects */
};

struct ms_sat_tally {
	uint32_t satisfied, basic, dissatisfied;
	uint32_t abstain;            /* NONE on a valid ballot, abstaining allowed */
	uint32_t invalid;            /* NONE on a valid ballot, abstaining not allowed */
};

struct ms_sat_item {
	struct ms_sat_tally tally;   /* the project's (pooled: the sum of its sub-items') */
	enum ms_verdict verdict;
	uint64_t rate_num, rate_den; /* its satisfaction rate; den 0: none */
	struct ms_sat_tally *sub;    /* n_sub tallies (NULL when n_sub == 0); owned by the result */
	enum ms_verdict *sub_verdict;/* n_sub verdicts (NULL when n_sub == 0); owned */
};

struct ms_sat_result {
	uint32_t ballots_returned, valid, blank, void_;
	bool vote_invalid;           /* returned > issued: no verdict stands */
	uint32_t base_value;         /* members (or ballots) in the base */
	uint32_t satisfied_votes;    /* the least 满意 that make a project (a sub-item) satisfied */
	uint32_t basic_votes;        /* the least 满意 + 基本满意 that make it basically satisfied */
	uint32_t pooled_satisfied_votes, pooled_basic_votes; /* the same against n_sub × base (pooled) */
	uint32_t n_items, n_sub;
	struct ms_sat_item *items;   /* n_items, in input order; owned */
	uint32_t verdicts[3];        /* projects satisfied / basically satisfied / dissatisfied */
	uint64_t rate_num, rate_den; /* overall satisfaction rate; den 0: none */
};

/* Defaults: base all, 1/2, strict, abstaining allowed, no sub-items. */
void ms_sat_params_default(struct ms_sat_params *p, uint32_t n_items);
/* 0, or MS_ERR_UNPROCESSABLE with a code of count_codes.def naming the field. */
int ms_sat_params_check(const struct ms_sat_params *p, struct ms_error *e);
/* The verdict of one set of tallies against a base value (the rule alone). */
enum ms_verdict ms_sat_verdict(const struct ms_sat_tally *t, uint32_t base_value, uint32_t num, uint32_t den,
			       bool strict);
/* Count n_ballots ballots (marks: n_ballots × n_items × max(1, n_sub) bytes)
 * into *out (initialised here; on failure it holds nothing to free). 0,
 * MS_ERR_UNPROCESSABLE for bad parameters, MS_ERR_NOMEM. */
int ms_sat_count(const struct ms_allocator *a, const struct ms_sat_params *p, const uint8_t *marks, size_t n_ballots,
		 struct ms_sat_result *out, struct ms_error *e);
void ms_sat_result_fini(const struct ms_allocator *a, struct ms_sat_result *r);

/* ---- weighted composite ---- */

struct ms_sat_component {
	uint32_t weight;             /* > 0; the weights need not total 100 */
	uint32_t satisfied, basic, dissatisfied;
};

struct ms_sat_composite_params {
	uint32_t points_satisfied, points_basic, points_dissatisfied; /* default 100 / 60 / 0; each <= 100 */
	uint32_t satisfied_min, basic_min;                          /* default 85 / 60; basic_min <= satisfied_min <= 100 */
};

struct ms_sat_composite {
	struct ms_rat score;         /* the weighted mean in points, exact (owned: ms_sat_composite_fini) */
	enum ms_verdict verdict;     /* MS_VERDICT_NONE when no component has any response */
	uint32_t used;               /* bit i set: component i had responses and counted */
};

void ms_sat_composite_default(struct ms_sat_composite_params *p);
int ms_sat_composite_check(const struct ms_sat_composite_params *p, const struct ms_sat_component *c, size_t n,
			   struct ms_error *e);
/* *out is initialised here. 0, MS_ERR_UNPROCESSABLE (bad parameters:
 * n 1..MS_SAT_COMPONENTS_MAX, weights > 0) or MS_ERR_NOMEM. */
int ms_sat_composite_score(const struct ms_sat_composite_params *p, const struct ms_sat_component *c, size_t n,
			   struct ms_sat_composite *out, struct ms_error *e);
void ms_sat_composite_fini(struct ms_sat_composite *c);

/* ---- in words ---- */

/* The rule as printed on the ballot and the result, e.g. (en) "Each project
 * is rated satisfied, basically satisfied or dissatisfied (or left
 * unmarked to abstain). A project is satisfied when more than 1/2 of all
 * 29 members rate it satisfied; otherwise basically satisfied when more
 * than 1/2 rate it satisfied or basically satisfied; otherwise
 * dissatisfied — exactly half is not more than half." With sub-items, the
 * combination; the base's size when known (deputies_all > 0). Writes at
 * most cap bytes, NUL-terminated; returns the length it needed. */
size_t ms_sat_rule_text_en(const struct ms_sat_params *p, char *buf, size_t cap);
size_t ms_sat_rule_text_zh(const struct ms_sat_params *p, char *buf, size_t cap);
/* The composite's weighting in words, naming each component by the
 * caller's labels (n labels; zh and en). */
size_t ms_sat_composite_text_en(const struct ms_sat_composite_params *p, const struct ms_sat_component *c,
				const char *const *labels_en, size_t n, char *buf, size_t cap);
size_t ms_sat_composite_text_zh(const struct ms_sat_composite_params *p, const struct ms_sat_component *c,
				const char *const *labels_zh, size_t n, char *buf, size_t cap);

/* A score of one set of ratings (the composite of a single component, as
 * a report-and-rate review scores each unit) in words. */
size_t ms_sat_score_text_en(const struct ms_sat_composite_params *p, char *buf, size_t cap);
size_t ms_sat_score_text_zh(const struct ms_sat_composite_params *p, char *buf, size_t cap);

/* Keys and labels, indexed by the enums: ratings abstain (NONE) /
 * satisfied / basic / dissatisfied; verdicts satisfied / basic /
 * dissatisfied / none; combinations pooled / worst. */
extern const struct ms_names ms_rating_names;
extern const struct ms_names ms_verdict_names;
extern const struct ms_names ms_combine_names;

#endif
