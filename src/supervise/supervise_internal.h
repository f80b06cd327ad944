/* supervise_internal.h — shared inside src/supervise/: the SQL of projects. */
#ifndef MS_SUPERVISE_INTERNAL_H
#define MS_SUPERVISE_INTERNAL_H

#include "supervise.h"

/* A project for the candidate (its lead unit: the candidate's unit); none
 * when the candidate has one already. */
int ms_project_sql_list_congress(struct ms_db *db, int64_t congress_id, const struct ms_project_filter *f,
				 const struct ms_page *pg, json_t **out, struct ms_error *e);
int ms_project_sql_insert(struct ms_db *db, int64_t congress_id, int64_t cycle_id, int64_t candidate_id,
			  int64_t poll_id, const char *now, struct ms_error *e);

/* plan_sql.c: the draft (NULL: none), the latest published text (NULL: none)
 * and its version (0), malloc'd. */
int ms_plan_sql_save_draft(struct ms_db *db, int64_t project_id, const char *text, struct ms_error *e);
int ms_plan_sql_texts(struct ms_db *db, int64_t project_id, char **draft, char **latest, int64_t *version,
		      struct ms_error *e);
int ms_plan_sql_publish(struct ms_db *db, int64_t project_id, int64_t version, const char *text, const char *now,
			int64_t by, struct ms_error *e);

/* settings_sql.c */
int ms_settings_sql_get(struct ms_db *db, int64_t congress_id, struct ms_supervision_settings *out, bool *found,
			struct ms_error *e);
int ms_settings_sql_set(struct ms_db *db, int64_t congress_id, const struct ms_supervision_settings *s,
			const char *now, struct ms_error *e);
int ms_holidays_sql_days(struct ms_db *db, int64_t congress_id, const char *kind, int32_t **days, size_t *n,
			 struct ms_error *e);
int ms_holidays_sql_clear_year(struct ms_db *db, int64_t congress_id, int64_t year, struct ms_error *e);
int ms_holidays_sql_add(struct ms_db *db, int64_t congress_id, const char *day, const char *kind, const char *name,
			struct ms_error *e);
int ms_holidays_sql_list(struct ms_db *db, int64_t congress_id, int64_t year, json_t **out, struct ms_error *e);

/* task_sql.c: what the light is judged on. */
struct ms_light_input {
	int64_t congress_id, lead_unit_id;
	int state, light;    /* enum ms_project_state, enum ms_light */
	char *plan;          /* the latest published plan's text, malloc'd; NULL: none */
	int percent;         /* as the latest published report says */
	bool started;
	int32_t last_report; /* MS_LIGHT_NO_DAY: none */
	int reported;        /* percent as the latest filed report says */
};
int ms_task_sql_input(struct ms_db *db, int64_t project_id, struct ms_light_input *out, struct ms_error *e);
int ms_task_sql_set_light(struct ms_db *db, int64_t project_id, const char *light, const char *why,
			  struct ms_error *e);
int ms_task_sql_open_exists(struct ms_db *db, int64_t project_id, bool *open, struct ms_error *e);
int ms_task_sql_insert(struct ms_db *db, int64_t project_id, int64_t congress_id, int64_t unit_id, const char *why,
		       const char *created_on, const char *due_on, const char *now, int64_t *id, struct ms_error *e);
int ms_task_sql_projects(struct ms_db *db, int64_t congress_id, int64_t **ids, size_t *n, struct ms_error *e);
/* Open tasks due before `today`: [{id, congress_id, due_on, level, escalated_on}]. */
int ms_task_sql_overdue(struct ms_db *db, int64_t congress_id, const char *today, json_t **out, struct ms_error *e);
int ms_task_sql_escalate(struct ms_db *db, int64_t id, int64_t level, const char *on, struct ms_error *e);
int ms_task_sql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_task_sql_done(struct ms_db *db, int64_t id, const char *on, const char *note, int64_t by, struct ms_error *e);
/* The project's latest report (*id 0: none) and whether it is published. */
int ms_task_sql_latest_report(struct ms_db *db, int64_t project_id, int64_t *id, bool *published, struct ms_error *e);
/* The project finished: accepted on `on` with the note, by `by`. */
int ms_task_sql_accept(struct ms_db *db, int64_t project_id, const char *on, const char *note, int64_t by,
		       struct ms_error *e);
/* Uploads that joined no report or inspection and were made before the day
 * `before` (YYYY-MM-DD; congress_id 0: every congress's): counted by
 * congress into *out ([{congress_id, n}]), or deleted. */
int ms_task_sql_unused(struct ms_db *db, int64_t congress_id, const char *before, bool delete, json_t **out,
		       struct ms_error *e);
int ms_task_sql_list(struct ms_db *db, int64_t congress_id, int64_t unit_id, const char *state, const char *today,
		     const struct ms_page *pg, json_t **out, struct ms_error *e);

/* report_sql.c */
struct ms_upload;
int ms_report_sql_add_file(struct ms_db *db, const struct ms_project_facts *p, const struct ms_upload *u,
			   const char *name, int64_t by, const char *now, int64_t *id, struct ms_error *e);
int ms_report_sql_file_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* Whether the attachment is of the project, uploaded by `by`, and in no
 * report or inspection yet. */
int ms_report_sql_file_free(struct ms_db *db, int64_t project_id, int64_t id, int64_t by, bool *ok,
			    struct ms_error *e);
/* How many of the project's uploads by `by` wait unused. */
int ms_report_sql_free_count(struct ms_db *db, int64_t project_id, int64_t by, int64_t *n, struct ms_error *e);
int ms_report_sql_reached(struct ms_db *db, int64_t project_id, int64_t milestone, bool *done, struct ms_error *e);
int ms_report_sql_insert(struct ms_db *db, const struct ms_project_facts *p, const struct ms_actor *by,
			 const char *day, const struct ms_report_in *in, const char *now, int64_t *id,
			 struct ms_error *e);
int ms_report_sql_add_reached(struct ms_db *db, int64_t report_id, int64_t project_id, int64_t milestone,
			      const char *title, const char *on, struct ms_error *e);
int ms_report_sql_attach(struct ms_db *db, int64_t report_id, int64_t file_id, struct ms_error *e);
/* The latest filed report's figures and day (not yet the public's). */
int ms_report_sql_progress(struct ms_db *db, int64_t project_id, int64_t percent, int64_t spent, const char *day,
			   struct ms_error *e);
int ms_report_sql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_report_sql_publish(struct ms_db *db, int64_t id, const char *day, struct ms_error *e);
int ms_report_sql_list(struct ms_db *db, int64_t project_id, bool all, const struct ms_page *pg, json_t **out,
		       struct ms_error *e);
/* A congress's reports, newest first, with their project's title, milestones
 * and files; state NULL or "all", "submitted", "published". */
int ms_report_sql_list_congress(struct ms_db *db, int64_t congress_id, const char *state, const struct ms_page *pg,
				json_t **out, struct ms_error *e);
/* What deciding who may read an attachment needs (404 when none). */
struct ms_file_meta {
	int64_t congress_id;
	bool published;       /* its report or inspection is published */
	int64_t group_id;     /* its inspection's group; 0: not an inspection's */
	bool attached;        /* in a report or an inspection */
	int64_t uploaded_by;  /* 0: unknown */
	int64_t lead_unit_id; /* the project's lead unit; 0: none */
};
int ms_report_sql_file_meta(struct ms_db *db, int64_t id, struct ms_file_meta *out, struct ms_error *e);
int ms_report_sql_file_data(struct ms_db *db, int64_t id, bool thumb, struct ms_file *out, struct ms_error *e);

#endif
