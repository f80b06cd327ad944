/*
 * assess_unit.h — the unit assessment and its league tables (承办单位考核,
 * "赛马", issue 14): per responsible unit of a congress, per year (and per
 * month), a score from stated components with weights set per congress,
 * scored, classed and ranked by the counting library's pure rule
 * (count/assessment.h); red and black lists; the trend over the years;
 * every figure traced to the records it came from.
 *
 * The components, each a share num/den (den 0: no data, left out — never
 * counted as zero); the period runs from its first day to its last or to
 * today, whichever is earlier (nothing falls due after today):
 *
 *   on_time       milestones of the unit's projects (the latest published
 *                 plan, the unit the project's lead unit) planned on a day
 *                 of the period / of those, the ones a published progress
 *                 report marks reached on or before their planned day.
 *   delivery      the unit's projects whose plan's planned finish falls in
 *                 the period / of those, the ones accepted (验收) on or
 *                 before it.
 *   satisfaction  the unit's projects with a verdict of a year-end
 *                 evaluation of the year's round(s) (for a month: closed in
 *                 that month); each project's latest such verdict, 满意 1,
 *                 基本满意 1/2, 不满意 0 (a verdict of none left out):
 *                 (2 × satisfied + basic) / (2 × projects).
 *   response_rate, resolution_rate, casework_satisfaction: the casework
 *                 "three rates" (响应率, 办结率, 满意率) — no casework
 *                 (demands) exists yet: no data.
 *   tasks         the tasks without sub-tasks of the congress's published
 *                 target lists (src/target/) the unit leads, whose deadline
 *                 falls in the period / of those, the ones whose latest
 *                 value accepted, as reported on or before the deadline,
 *                 reaches the target (at least it, or at most it downward).
 *   penalty       the points of the consequences of kind penalty of the
 *                 unit created in the period, subtracted from the score.
 *
 * Computed from the records on each request, never stored.
 */
#ifndef MS_ASSESS_UNIT_H
#define MS_ASSESS_UNIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../api/route.h"
#include "../count/assessment.h"
#include "../store/store.h"

struct ms_stmt;

enum ms_assess_component {
	MS_AC_ON_TIME,
	MS_AC_DELIVERY,
	MS_AC_SATISFACTION,
	MS_AC_RESPONSE,
	MS_AC_RESOLUTION,
	MS_AC_CASEWORK_SATISFACTION,
	MS_AC_TASKS,
	MS_AC_COUNT
};
/* Component i's key and labels (on_time, delivery, …). */
extern const struct ms_names ms_assess_component_names;

/* Defaults: on_time 25, delivery 25, satisfaction 30, response 5,
 * resolution 5, casework satisfaction 10 (total 100), tasks 0 (a congress
 * that assesses its units on the target lists gives it a weight); bands
 * 90 / 80 / 60. */
struct ms_assess_settings {
	uint32_t weights[MS_AC_COUNT]; /* 0..1000 each, total > 0 */
	uint32_t excellent_min, good_min, pass_min;
};
#define MS_ASSESS_WEIGHT_MAX 1000

/* A period: a year, or a month of it (month 0: the whole year). */
struct ms_assess_period {
	int year, month;
	char from[11], to[11]; /* its first day, and its last day or today, whichever is earlier */
};
/* 0, or 400 assess_period. */
int ms_assess_period_make(int64_t year, int64_t month, struct ms_assess_period *p, struct ms_error *e);

int ms_assess_settings_get(struct ms_db *db, int64_t congress_id, struct ms_assess_settings *out, struct ms_error *e);
/* Checked as count/assessment.h checks them (422 with its codes); audited. */
int ms_assess_settings_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			   const struct ms_assess_settings *s, struct ms_error *e);
/* {weights…, bands…, components: [{key, name, name_en, weight, definition:{zh,en}}], words:{zh,en}} */
json_t *ms_assess_settings_json(const struct ms_assess_settings *s);

/* The league table of congress_id's units for the period: every unit with
 * its rank, score (exact "p/q" and a decimal), class, red/black list, its
 * components (num/den, or no data), its penalty; in table order. */
int ms_assess_league(struct ms_db *db, int64_t congress_id, const struct ms_assess_period *p, json_t **out,
		     struct ms_error *e);
/* One unit's assessment with what drove it: its row of the league table
 * and the records behind each figure (milestones, projects, verdicts,
 * consequences, with their ids). privileged: the staff or the unit's own
 * officers (they see the consequences the public does not). */
int ms_assess_unit(struct ms_db *db, int64_t unit_id, const struct ms_assess_period *p, bool privileged,
		   json_t **out, struct ms_error *e);
/* The unit's year by year: score, class, rank over the years of the
 * congress's rounds (and this year). */
int ms_assess_trend(struct ms_db *db, int64_t unit_id, json_t **out, struct ms_error *e);
/* Recompute the league tables of a congress for a year and each of its 12
 * months (the benchmark's unit of work); *n_units receives the units. */
int ms_assess_recompute_year(struct ms_db *db, int64_t congress_id, int year, size_t *n_units, struct ms_error *e);

extern const struct ms_routes ms_assessment_routes;
extern const struct ms_stmt *const ms_assessment_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "assess_unit_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_assess_unit_codes[];

#endif
