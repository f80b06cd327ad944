/* supervise_internal.h — shared inside src/supervise/: the SQL of projects. */
#ifndef MS_SUPERVISE_INTERNAL_H
#define MS_SUPERVISE_INTERNAL_H

#include "supervise.h"

/* A project for the candidate (its lead unit: the candidate's unit); none
 * when the candidate has one already. */
int ms_project_sql_insert(struct ms_db *db, int64_t congress_id, int64_t cycle_id, int64_t candidate_id,
			  int64_t poll_id, const char *now, struct ms_error *e);

#endif
