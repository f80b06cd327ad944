/*
 * light.h — the warning light of a project under delivery (PRACTICE.md,
 * "Implementation and supervision"): green while on schedule, yellow or red
 * when it falls behind its plan, has not started on time or has stopped
 * reporting, and blue once it is finished. Each congress sets its own
 * thresholds (struct ms_light_rules); the light is the worst of three
 * checks, and the result says which checks fired and by how much, so that
 * the web app and the supervision task can say why.
 *
 * Pure functions: no I/O, no allocation, no globals (the name tables are
 * read-only data); thread-safe.
 */
#ifndef MS_SUPERVISE_LIGHT_H
#define MS_SUPERVISE_LIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/names.h"

/* In order of severity (green < yellow < red); blue, finished, outranks them all. */
enum ms_light {
	MS_LIGHT_GREEN,
	MS_LIGHT_YELLOW,
	MS_LIGHT_RED,
	MS_LIGHT_BLUE /* finished: outranks every other light */
};
extern const struct ms_names ms_light_names; /* green/yellow/red/blue, 绿灯/黄灯/红灯/蓝灯 */

/* The three checks, in the order of struct ms_light_result's by[]. */
enum ms_light_check {
	MS_LIGHT_BEHIND, /* progress behind the planned schedule, in percentage points */
	MS_LIGHT_LATE,   /* not started, days past the planned start */
	MS_LIGHT_SILENT, /* days without a progress report */
	MS_LIGHT_CHECKS
};
extern const struct ms_names ms_light_check_names; /* behind/late/silent */

/* A congress's settings. Each threshold is a whole number; 0 turns that
 * threshold off (with both of a check's thresholds 0 the check is off).
 *   behind: yellow when the points behind plan are MORE THAN behind_yellow,
 *           red when more than behind_red (0 … MS_LIGHT_POINTS_MAX);
 *   late:   while not started, yellow when the days past the planned start
 *           are AT LEAST late_yellow, red when at least late_red
 *           (0 … MS_LIGHT_DAYS_MAX; late_yellow 1 = the day after);
 *   silent: yellow when the days since the last progress report are AT
 *           LEAST silent_yellow, red when at least silent_red
 *           (0 … MS_LIGHT_DAYS_MAX).
 * Days are calendar days. */
struct ms_light_rules {
	int behind_yellow, behind_red;
	int late_yellow, late_red;
	int silent_yellow, silent_red;
};

#define MS_LIGHT_POINTS_MAX 99  /* a project is at most 100 points behind: "more than 100" never fires */
#define MS_LIGHT_DAYS_MAX 3660  /* ten years */

/* The settings observed in practice: more than 10 points behind yellow,
 * more than 30 red; not started the day after the planned start yellow,
 * 90 days after red; no report for 30 days yellow, 60 red. */
#define MS_LIGHT_RULES_DEFAULT                                                                     \
	((struct ms_light_rules){.behind_yellow = 10, .behind_red = 30, .late_yellow = 1, .late_red = 90,   \
				 .silent_yellow = 30, .silent_red = 60})

/* A planned milestone: the percent of the work to be done by its day. */
struct ms_light_milestone {
	int32_t day;   /* days since 1970-01-01, as core/workday.h */
	int percent;   /* 0 … 100 */
};

/* No such day (no progress report yet). */
#define MS_LIGHT_NO_DAY INT32_MIN

/* What the light is judged on. Days count from 1970-01-01 (core/workday.h). */
struct ms_light_project {
	int32_t today;
	int32_t plan_start, plan_finish;   /* plan_finish < plan_start is read as plan_start */
	const struct ms_light_milestone *milestones; /* any order; NULL when n_milestones is 0 */
	size_t n_milestones;
	int percent;          /* progress reported, clamped to 0 … 100 */
	bool started;         /* work has begun */
	bool finished;        /* marked finished (and accepted): the light is blue */
	int32_t last_report;  /* day of the last progress report, or MS_LIGHT_NO_DAY */
};

/* Each check's verdict: its light (green when it did not fire) and its
 * measure, whether it fired or not — points behind (0 when ahead), days
 * late (0 when started or not yet due), days silent (0 when not yet due). */
struct ms_light_finding {
	enum ms_light light;
	int amount;
};

struct ms_light_result {
	enum ms_light light;   /* the worst finding; blue when finished */
	int planned;           /* the planned percent today (0 … 100) */
	struct ms_light_finding by[MS_LIGHT_CHECKS];
};

/* The planned percent on p->today:
 *  - without milestones, linear from the planned start to the planned
 *    finish, rounded down: 0 on and before the start, 100 on and after the
 *    finish (100 from the start on when they are the same day);
 *  - with milestones, the percent of the milestone with the latest day on
 *    or before today (the same convention as the linear plan, which reaches
 *    100 on the finish day; of several on that day, the last listed), or 0
 *    when none has come; and 100 from the planned finish on in any case. */
int ms_light_planned(const struct ms_light_project *p);

/* Judge p by r: fills *out (may be NULL) and returns the light. A finished
 * project is blue whatever the checks say (they are still filled in). The
 * checks:
 *  - behind: planned − percent points;
 *  - late: when not started, today − plan_start days (if positive);
 *  - silent: today − last_report days, or, without a report, today −
 *    plan_start (a project owes no report before its planned start).
 * r should pass ms_light_rules_check; a threshold out of range is used as
 * given, a negative one as 0 (off). */
enum ms_light ms_light_judge(const struct ms_light_rules *r, const struct ms_light_project *p,
			     struct ms_light_result *out);

/* NULL when r is sound, else the name of the first wrong field, as in the
 * struct ("behind_yellow" … "silent_red"): a threshold below 0 or above its
 * maximum, or a yellow threshold not below its red one when both are on
 * (the yellow field is named). */
const char *ms_light_rules_check(const struct ms_light_rules *r);

/* r in words, official register, into zh (zh_cap bytes) and en (en_cap
 * bytes), each always NUL-terminated and cut at a character boundary when
 * too long: "进度落后计划10个百分点以上亮黄灯，30个百分点以上亮红灯；……".
 * A check turned off is said to be off. Returns false when either text was
 * cut (600 bytes always hold both). */
bool ms_light_rules_words(const struct ms_light_rules *r, char *zh, size_t zh_cap, char *en, size_t en_cap);

#endif
