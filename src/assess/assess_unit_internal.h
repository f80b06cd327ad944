/* assess_unit_internal.h — shared inside the unit assessment
 * (assessment*.c): the SQL, and the records of a congress's year. */
#ifndef MS_ASSESS_UNIT_INTERNAL_H
#define MS_ASSESS_UNIT_INTERNAL_H

#include "assess_unit.h"

/* A milestone a published report marks reached. */
struct ms_assess_reached {
	int64_t project_id, milestone, report_id;
	char reached_on[11];
};

/* A milestone of a project's latest published plan (number from 1). */
struct ms_assess_milestone {
	int64_t project_id, number;
	char planned_on[11];
	char *title; /* malloc'd */
};

/* What a congress's assessment for a year is computed from, read once:
 * each a JSON array of rows (assessment_sql.c says their columns). */
struct ms_assess_data {
	int64_t congress_id;
	int year;
	json_t *congress;  /* {name, name_en} */
	json_t *units;     /* {id, name, name_en}, by id */
	json_t *projects;  /* {id, unit_id, title, title_en, finish_on (the latest published plan's), accepted_on}, by id */
	struct ms_assess_milestone *milestones; /* of those plans, by project and number (malloc'd) */
	size_t n_milestones;
	struct ms_assess_reached *reached; /* published reports' milestones, by project and number (malloc'd) */
	size_t n_reached;
	json_t *verdicts;  /* {project_id, poll_id, verdict, …, poll_title, closed_at}: the year's rounds', latest first */
	json_t *penalties; /* {id, unit_id, project_id, poll_id, verdict, points, created_on, public}: the year's */
};

int ms_assess_sql_load(struct ms_db *db, int64_t congress_id, int year, struct ms_assess_data *d, struct ms_error *e);
/* The tasks component's records: each task without sub-tasks of the
 * congress's published target lists with a lead unit and its deadline from
 * `from` to `to`, with the latest value accepted as reported by then. */
int ms_assess_sql_tasks(struct ms_db *db, int64_t congress_id, const char *from, const char *to, json_t **out,
			struct ms_error *e);
void ms_assess_data_fini(struct ms_assess_data *d);
int ms_assess_sql_settings(struct ms_db *db, int64_t congress_id, struct ms_assess_settings *s, bool *found,
			   struct ms_error *e);
int ms_assess_sql_settings_set(struct ms_db *db, int64_t congress_id, const struct ms_assess_settings *s,
			       const char *now, struct ms_error *e);
int ms_assess_sql_unit(struct ms_db *db, int64_t unit_id, int64_t *congress_id, struct ms_error *e);
/* The years of the congress's rounds, ascending. */
int ms_assess_sql_years(struct ms_db *db, int64_t congress_id, int64_t **years, size_t *n, struct ms_error *e);

#endif
