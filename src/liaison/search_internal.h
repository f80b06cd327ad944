/*
 * search_internal.h — shared by the search and cluster files of
 * src/liaison/ (search_sql.c, search_index.c, cluster_sql.c,
 * demand_cluster.c): their SQL functions.
 */
#ifndef MS_SEARCH_INTERNAL_H
#define MS_SEARCH_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"

/* Demand id's congress and "title\ntext" (*text malloc'd). */
int ms_search_sql_demand_doc(struct ms_db *db, int64_t id, int64_t *congress_id, char **text, struct ms_error *e);
int ms_search_sql_demand_ids(struct ms_db *db, int64_t **ids, size_t *n, struct ms_error *e);
/* A demand as a SearchHit / DemandBrief (no contact details). */
int ms_search_sql_demand_hit(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* Case or suggestion id's congress, kind ("case" or "suggestion") and the
 * texts it is found by joined by newlines (*text malloc'd). */
int ms_search_sql_cw_doc(struct ms_db *db, int64_t id, int64_t *congress_id, char kind[16], char **text,
			 struct ms_error *e);
int ms_search_sql_cw_ids(struct ms_db *db, const char *kind, int64_t **ids, size_t *n, struct ms_error *e);
/* A case or suggestion as a SearchHit. */
int ms_search_sql_cw_hit(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The cases or suggestions (kind) of congress congress_id that unit unit_id
 * leads or co-handles, ascending: *ids malloc'd. */
int ms_search_sql_cw_of_unit(struct ms_db *db, const char *kind, int64_t congress_id, int64_t unit_id, int64_t **ids,
			     size_t *n, struct ms_error *e);
/* Whether a migration asked for a reindex, taking (deleting) its marker. */
int ms_search_sql_reindex_take(struct ms_db *db, bool *due, struct ms_error *e);
int ms_search_sql_doc_count(struct ms_db *db, int64_t *n, struct ms_error *e);

/* Call fn for each demand of the congress in no confirmed or rejected
 * cluster, in id order, with its "title\ntext"; a non-zero result stops. */
typedef int (*ms_cluster_text_fn)(void *ctx, int64_t id, const char *text, size_t len);
int ms_cluster_sql_texts(struct ms_db *db, int64_t congress_id, ms_cluster_text_fn fn, void *ctx,
			 struct ms_error *e);
int ms_cluster_sql_clear_proposed(struct ms_db *db, int64_t congress_id, struct ms_error *e);
int ms_cluster_sql_add(struct ms_db *db, int64_t congress_id, const char *now, int64_t *id, struct ms_error *e);
int ms_cluster_sql_member_add(struct ms_db *db, int64_t id, int64_t demand_id, struct ms_error *e);
int ms_cluster_sql_member_del(struct ms_db *db, int64_t id, int64_t demand_id, bool *gone, struct ms_error *e);
/* Cluster id's status ("proposed", …) into status (16 bytes) and congress. */
int ms_cluster_sql_state(struct ms_db *db, int64_t id, char status[16], int64_t *congress_id, struct ms_error *e);
int ms_cluster_sql_decide(struct ms_db *db, int64_t id, const char *status, int64_t by, const char *now,
			  struct ms_error *e);
int ms_cluster_sql_size(struct ms_db *db, int64_t id, int64_t *n, struct ms_error *e);
/* The proposed or confirmed cluster demand_id is in (0: none). */
int ms_cluster_sql_of_demand(struct ms_db *db, int64_t demand_id, int64_t *cluster_id, struct ms_error *e);
int ms_cluster_sql_demand_congress(struct ms_db *db, int64_t demand_id, int64_t *congress_id, struct ms_error *e);
int ms_cluster_sql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_cluster_sql_members(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_cluster_sql_channels(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_cluster_sql_ids(struct ms_db *db, int64_t id, int64_t **ids, size_t *n, struct ms_error *e);
int ms_cluster_sql_list(struct ms_db *db, int64_t congress_id, const char *status, const struct ms_page *pg,
			json_t **out, struct ms_error *e);

#endif
