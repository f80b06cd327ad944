/* oversight_internal.h — shared inside src/supervise/: the SQL of oversight
 * groups and their records (oversight_sql.c), for the rules (oversight.c).
 * Each returns 0 or a negative enum ms_err with *e set; "exists" answers
 * go to *out. */
#ifndef MS_OVERSIGHT_INTERNAL_H
#define MS_OVERSIGHT_INTERNAL_H

#include "supervise.h"

int ms_oversight_sql_is_deputy(struct ms_db *db, int64_t user_id, int64_t congress_id, bool *out, struct ms_error *e);
/* The project's congress (0 when there is no such project) and its lead unit (0: none). */
int ms_oversight_sql_project(struct ms_db *db, int64_t project_id, int64_t *congress_id, int64_t *lead_unit_id,
			     struct ms_error *e);
int ms_oversight_sql_name_taken(struct ms_db *db, int64_t congress_id, const char *name, bool *out,
				struct ms_error *e);
int ms_oversight_sql_group_insert(struct ms_db *db, int64_t congress_id, const struct ms_group_in *in,
				  const char *scope, const char *now, int64_t *id, struct ms_error *e);
int ms_oversight_sql_member_add(struct ms_db *db, int64_t group_id, int64_t user_id, struct ms_error *e);
int ms_oversight_sql_project_add(struct ms_db *db, int64_t group_id, int64_t project_id, struct ms_error *e);
/* How many projects group_id has. */
int ms_oversight_sql_project_count(struct ms_db *db, int64_t group_id, int64_t *out, struct ms_error *e);
int ms_oversight_sql_group_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_oversight_sql_in_group(struct ms_db *db, int64_t group_id, int64_t project_id, bool *out, struct ms_error *e);
int ms_oversight_sql_is_member(struct ms_db *db, int64_t group_id, int64_t user_id, bool *out, struct ms_error *e);

/* Whether user_id is a member of a group that oversees project_id. */
int ms_oversight_sql_overseer(struct ms_db *db, int64_t project_id, int64_t user_id, bool *out, struct ms_error *e);
/* Whether the attachment is the project's, uploaded by `by`, in no report or inspection yet. */
int ms_oversight_sql_file_free(struct ms_db *db, int64_t project_id, int64_t file_id, int64_t by, bool *ok,
			       struct ms_error *e);
int ms_oversight_sql_file_attach(struct ms_db *db, int64_t inspection_id, int64_t file_id, struct ms_error *e);
int ms_oversight_sql_inspection_insert(struct ms_db *db, int64_t group_id, const struct ms_inspection_in *in,
				       const char *participants, int64_t by, const char *now, int64_t *id,
				       struct ms_error *e);
/* Publish (once): *done false when it was published already. */
int ms_oversight_sql_inspection_publish(struct ms_db *db, int64_t id, const char *now, bool *done,
					struct ms_error *e);
int ms_oversight_sql_letter_insert(struct ms_db *db, int64_t group_id, int64_t project_id, int64_t unit_id,
				   const char *body, const char *sent_on, const char *deadline, int64_t by,
				   const char *now, int64_t *id, struct ms_error *e);
int ms_oversight_sql_letter_reply(struct ms_db *db, int64_t id, const char *reply, int64_t by, const char *now,
				  bool *done, struct ms_error *e);
int ms_oversight_sql_letter_publish(struct ms_db *db, int64_t id, const char *now, bool *done, struct ms_error *e);
int ms_oversight_sql_inquiry_insert(struct ms_db *db, int64_t group_id, int64_t project_id, const char *day,
				    const char *title, const char *qa, int64_t by, const char *now, int64_t *id,
				    struct ms_error *e);
int ms_oversight_sql_comment_insert(struct ms_db *db, int64_t project_id, int64_t by, const char *body,
				    const char *now, int64_t *id, struct ms_error *e);

#endif
