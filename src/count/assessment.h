/*
 * assessment.h — the unit assessment (考核) and its league table, pure like
 * the rest of the counting library (../shared/PRACTICE.md, "Evaluation
 * consequences and assessment" and the "three rates").
 *
 * A unit's score is built from stated components, each a share in [0, 1]
 * given as an exact fraction num/den (on-time milestone rate, delivery
 * against plan, satisfaction verdicts, response rate, resolution rate,
 * satisfaction rate …) with a weight set per congress. A component with
 * no data (den 0: nothing to measure yet, e.g. the casework rates before
 * any demand exists) is left out and says so — it never counts as zero:
 * the components with data are weighted among themselves, scaled to
 * 100 points. Penalties (points, e.g. for a dissatisfied verdict) are then
 * subtracted; the score never falls below 0. A unit with no component
 * with data has no score (and no class, no rank).
 *
 *   score = 100 × Σ w_i × num_i/den_i / Σ w_i   (over components with data)
 *           − Σ penalties,  at least 0.         Exact (struct ms_rat).
 *
 * Classes by score: 优秀 (excellent) at least excellent_min (default 90),
 * 良好 (good) at least good_min (80), 合格 (pass) at least pass_min (60),
 * else 不合格 (fail). League table: units by score, highest first, with
 * competition ranks (1, 2, 2, 4): equal scores share a rank and are listed
 * by their index. Red list (红榜): the excellent ones; black list (黑榜):
 * the failing ones.
 */
#ifndef MS_ASSESSMENT_H
#define MS_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count.h"
#include "rat.h"

#define MS_ASSESS_COMPONENTS_MAX 16

enum ms_assess_class {
	MS_CLASS_EXCELLENT = 0, /* 优秀 */
	MS_CLASS_GOOD = 1,      /* 良好 */
	MS_CLASS_PASS = 2,      /* 合格 */
	MS_CLASS_FAIL = 3,      /* 不合格 */
	MS_CLASS_NONE = 4       /* no score: no component has data */
};

struct ms_assess_params {
	size_t n_components;                        /* 1..MS_ASSESS_COMPONENTS_MAX */
	const uint32_t *weights;                    /* n_components weights, each 0..1000, total > 0 */
	uint32_t excellent_min, good_min, pass_min; /* 0 <= pass_min <= good_min <= excellent_min <= 100 */
};

/* One unit's inputs: n_components (num, den) pairs — den 0: no data;
 * 0 <= num <= den otherwise — and its penalty points (>= 0). */
struct ms_assess_unit {
	const uint64_t *num, *den;
	uint32_t penalty;
};

struct ms_assess_row {
	bool has_score;
	struct ms_rat score;        /* points, exact; 0 when !has_score (owned) */
	struct ms_rat before_penalty;
	enum ms_assess_class klass;
	uint32_t rank;              /* competition rank among units with a score; 0 without */
	uint32_t missing;           /* bit i: component i had no data */
};

struct ms_assess_result {
	size_t n_units;
	struct ms_assess_row *rows; /* n_units, in input order; owned */
	size_t *order;              /* n_units indices: scored units by score desc (index asc on ties), then unscored */
};

void ms_assess_params_default(struct ms_assess_params *p, size_t n_components, const uint32_t *weights);
/* 0, or MS_ERR_UNPROCESSABLE with a code of count_codes.def naming the field. */
int ms_assess_params_check(const struct ms_assess_params *p, struct ms_error *e);
/* Score, class and rank n_units units into *out (initialised here; on
 * failure it holds nothing to free). 0, MS_ERR_UNPROCESSABLE (bad
 * parameters or a unit's num > den), MS_ERR_NOMEM. */
int ms_assess_rank(const struct ms_allocator *a, const struct ms_assess_params *p, const struct ms_assess_unit *units,
		   size_t n_units, struct ms_assess_result *out, struct ms_error *e);
void ms_assess_result_fini(const struct ms_allocator *a, struct ms_assess_result *r);
/* The class of a score under p. */
enum ms_assess_class ms_assess_class_of(const struct ms_assess_params *p, const struct ms_rat *score);

/* The rule in words (weights by the caller's component labels, n_components
 * of them; the bands; that components without data are left out). Writes
 * at most cap bytes, NUL-terminated; returns the length it needed. */
size_t ms_assess_rule_text_en(const struct ms_assess_params *p, const char *const *labels_en, char *buf, size_t cap);
size_t ms_assess_rule_text_zh(const struct ms_assess_params *p, const char *const *labels_zh, char *buf, size_t cap);

/* Keys and labels of the classes: excellent / good / pass / fail / none. */
extern const struct ms_names ms_assess_class_names;

#endif
