/*
 * target.h — the progress of a target list (任务清单) and its warning
 * lights, pure like the rest of the counting library (issue 17: the
 * government's annual task list, decomposed to any depth and supervised
 * like the livelihood projects).
 *
 * A task with no sub-tasks is measured by its indicator: from its baseline
 * to its target, the share of the way its latest accepted value has come,
 * between 0 and 1 — upward (reach at least the target: (actual − baseline)
 * / (target − baseline)) or downward (bring it down to at most the target:
 * (baseline − actual) / (baseline − target)); a target equal to its baseline
 * is 1 once reached, else 0; no value yet is 0. A task with sub-tasks is the
 * average of theirs, or their mean weighted by each sub-task's weight (the
 * list's setting). The planned share of a task on a day runs straight from
 * the list's start to the task's deadline (1 from the deadline on), and a
 * parent's plan rolls up as its progress does. The light compares the two:
 * blue once done (progress 1); red when behind the plan by more than
 * red_behind percentage points, yellow by more than yellow_behind, else
 * green. Exact throughout (struct ms_rat).
 */
#ifndef MS_TARGET_H
#define MS_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/names.h"
#include "rat.h"

enum ms_target_rollup { MS_TARGET_AVERAGE, MS_TARGET_WEIGHTED };
enum ms_target_direction { MS_TARGET_UP, MS_TARGET_DOWN };
enum ms_target_light { MS_TLIGHT_GREEN, MS_TLIGHT_YELLOW, MS_TLIGHT_RED, MS_TLIGHT_BLUE };
extern const struct ms_names ms_target_rollup_names, ms_target_direction_names;
extern const struct ms_names ms_target_light_names; /* enum ms_target_light's keys: green, yellow, red, blue */

struct ms_target_node {
	long parent;                   /* the parent's index, lower than this node's; -1: a top task */
	int64_t weight;                /* >= 1; used by the weighted roll-up */
	int direction;                 /* enum ms_target_direction */
	int64_t baseline, target;      /* in thousandths of the measure, |v| <= 10^15 */
	bool has_actual;
	int64_t actual;                /* the latest accepted value, thousandths */
	int32_t start, deadline;       /* days (core/workday.h): the list's start, the task's deadline */
};

struct ms_target_result {
	struct ms_rat progress, planned; /* each in [0, 1] */
	int light;                       /* enum ms_target_light */
	size_t children;
};

/* Progress, plan and light of every node of the tree v (n nodes, parents
 * before children) on day `today`; out has n results (ms_target_results_fini
 * frees them). MS_ERR_INTERNAL with e when a parent index is not lower
 * than its node's or a weight is below 1 (the caller's tree is wrong);
 * MS_ERR_NOMEM. */
int ms_target_progress(const struct ms_target_node *v, size_t n, int rollup, int32_t today, int64_t yellow_behind,
		       int64_t red_behind, struct ms_target_result *out, struct ms_error *e);
void ms_target_results_fini(struct ms_target_result *out, size_t n);
/* The roll-up and the lights in words, into buf (cap bytes). */
size_t ms_target_rule_text(int rollup, int64_t yellow_behind, int64_t red_behind, int zh, char *buf, size_t cap);

#endif
