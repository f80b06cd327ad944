/* promote_internal.h — promote.c's SQL (promote_sql.c). */
#ifndef MS_PROMOTE_INTERNAL_H
#define MS_PROMOTE_INTERNAL_H

#include "promote.h"

/* The window of round cycle_id: *found false when none (then opens/closes untouched). */
int ms_collection_sql_get(struct ms_db *db, int64_t cycle_id, char opens[11], char closes[11], bool *found,
			  struct ms_error *e);
int ms_collection_sql_set(struct ms_db *db, int64_t cycle_id, const char *opens, const char *closes, const char *now,
			  struct ms_error *e);
/* A demand's congress and status (status: a buffer of cap bytes); MS_ERR_NOT_FOUND when none. */
int ms_promote_sql_demand(struct ms_db *db, int64_t demand_id, int64_t *congress_id, char *status, size_t cap,
			  struct ms_error *e);
/* The title of the candidate of round cycle_id that demand_id is a source of, if any (*found). */
int ms_promote_sql_source_in(struct ms_db *db, int64_t demand_id, int64_t cycle_id, char *title, size_t cap,
			     bool *found, struct ms_error *e);
int ms_promote_sql_add(struct ms_db *db, int64_t candidate_id, int64_t demand_id, int64_t by, const char *now,
		       struct ms_error *e);
/* {demands, deputies, stations, channels: [{channel, count}]} of a candidate and its origins. */
int ms_promote_sql_sources(struct ms_db *db, int64_t candidate_id, json_t **out, struct ms_error *e);
/* A suggestion's congress, kind ('case' or 'suggestion') and the suggestion it was merged into (0: none);
 * MS_ERR_NOT_FOUND when none. */
int ms_promote_sql_suggestion(struct ms_db *db, int64_t id, int64_t *congress_id, char *kind, size_t cap,
			      int64_t *merged_into, struct ms_error *e);
/* The title of the candidate of round cycle_id that suggestion id is a source of, if any (*found). */
int ms_promote_sql_suggestion_in(struct ms_db *db, int64_t id, int64_t cycle_id, char *title, size_t cap, bool *found,
				 struct ms_error *e);
int ms_promote_sql_add_suggestion(struct ms_db *db, int64_t candidate_id, int64_t suggestion_id, int64_t by,
				  const char *now, struct ms_error *e);
/* A cluster's congress and status; MS_ERR_NOT_FOUND when none. */
int ms_promote_sql_cluster(struct ms_db *db, int64_t id, int64_t *congress_id, char *status, size_t cap,
			   struct ms_error *e);

#endif
