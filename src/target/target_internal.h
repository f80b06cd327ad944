/* target_internal.h — shared inside src/target/: the SQL of target lists. */
#ifndef MS_TARGET_INTERNAL_H
#define MS_TARGET_INTERNAL_H

#include "target.h"

extern const struct ms_name ms_target_list_kind, ms_target_task_kind, ms_target_report_kind, ms_target_change_kind;

/* A list's row: congress, year, status, settings, title. */
struct ms_target_list_row {
	int64_t id, congress_id, year, yellow_behind, red_behind;
	int rollup;
	bool published;
	char title[4 * MS_TARGET_TITLE_MAX + 1];
};
int ms_target_sql_list_row(struct ms_db *db, int64_t id, struct ms_target_list_row *out, struct ms_error *e);
int ms_target_sql_list_insert(struct ms_db *db, int64_t congress_id, const struct ms_target_list_in *in,
			      const char *rollup, const char *now, int64_t *id, struct ms_error *e);
int ms_target_sql_list_publish(struct ms_db *db, int64_t id, const char *now, struct ms_error *e);
int ms_target_sql_list_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_target_sql_lists(struct ms_db *db, int64_t congress_id, bool drafts, json_t **out, struct ms_error *e);
int ms_target_sql_task_insert(struct ms_db *db, int64_t list_id, const struct ms_target_task_in *in, const char *direction,
			      const char *co_units, const char *deadline, const char *now, int64_t *id, struct ms_error *e);
/* Every task of a list, by id (parents first), with its latest accepted value and its reports waiting. */
int ms_target_sql_tasks(struct ms_db *db, int64_t list_id, json_t **out, struct ms_error *e);
/* The units of the list's congress, [{id, name}] by id. */
int ms_target_sql_units(struct ms_db *db, int64_t list_id, json_t **out, struct ms_error *e);
int ms_target_sql_task_count(struct ms_db *db, int64_t list_id, int64_t *n, struct ms_error *e);
/* A task's list, lead unit, title and how many sub-tasks it has. */
int ms_target_sql_task_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_target_sql_code_taken(struct ms_db *db, int64_t list_id, const char *code, bool *taken, struct ms_error *e);
int ms_target_sql_report_insert(struct ms_db *db, int64_t task_id, int64_t value, const char *evidence, const char *on,
				int64_t by, const char *now, int64_t *id, struct ms_error *e);
int ms_target_sql_report_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_target_sql_report_decide(struct ms_db *db, int64_t id, const char *state, const char *note, int64_t by,
				const char *now, struct ms_error *e);
int ms_target_sql_reports(struct ms_db *db, int64_t task_id, bool all, json_t **out, struct ms_error *e);

/* A task's fields a change touches, and its list's year and congress. */
int ms_target_sql_task_fields(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_target_sql_change_insert(struct ms_db *db, int64_t task_id, const struct ms_target_change_in *in,
				json_t *before, int64_t by, const char *now, int64_t *id, struct ms_error *e);
int ms_target_sql_change_pending(struct ms_db *db, int64_t task_id, bool *yes, struct ms_error *e);
int ms_target_sql_change_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* Decide a proposed change (MS_ERR_NOT_FOUND when decided meanwhile). */
int ms_target_sql_change_decide(struct ms_db *db, int64_t id, const char *state, const char *note, int64_t by,
				const char *now, struct ms_error *e);
int ms_target_sql_change_version(struct ms_db *db, int64_t id, int64_t version, struct ms_error *e);
int ms_target_sql_task_apply(struct ms_db *db, int64_t task_id, json_t *change, struct ms_error *e);
int ms_target_sql_changes(struct ms_db *db, int64_t task_id, json_t **out, struct ms_error *e);

#endif
