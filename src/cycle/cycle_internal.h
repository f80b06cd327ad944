/* cycle_internal.h — shared inside src/cycle/: the SQL of rounds and candidates. */
#ifndef MS_CYCLE_INTERNAL_H
#define MS_CYCLE_INTERNAL_H

#include "cycle.h"

int ms_cycle_sql_insert(struct ms_db *db, int64_t congress_id, int64_t year, const char *title, const char *title_en,
			const char *now, int64_t *id, struct ms_error *e);
int ms_cycle_sql_set_phase(struct ms_db *db, int64_t id, const char *phase, struct ms_error *e);
int ms_candidate_sql_insert(struct ms_db *db, int64_t cycle_id, const struct ms_candidate_in *c, const char *now,
			    int64_t *id, struct ms_error *e);
int ms_candidate_sql_update(struct ms_db *db, int64_t id, const struct ms_candidate_in *c, struct ms_error *e);

int ms_reserve_sql_add(struct ms_db *db, int64_t congress_id, int64_t candidate_id, const char *reason,
		       const char *now, struct ms_error *e);
/* The entry as JSON: congress_id, taken_by, taken_year and the candidate's
 * fields; MS_ERR_NOT_FOUND (no message) when the candidate is not in the pool. */
int ms_reserve_sql_get(struct ms_db *db, int64_t candidate_id, json_t **out, struct ms_error *e);
int ms_reserve_sql_take(struct ms_db *db, int64_t candidate_id, int64_t taken_by, struct ms_error *e);

#endif
