/*
 * search_index.h — what the liaison domain puts into the search index
 * (store/search.h) and how staff search it: demands now (cases and
 * suggestions when they come), and near-duplicate clusters of demands
 * (demand_cluster.c over the pure cluster.h).
 *
 * ms_search_index_demand is what every write of a demand calls, inside its
 * transaction, after the demand's row is written or changed (INTAKE's
 * demand.c); ms_search_reindex rebuilds the whole index from
 * the domain tables (`minsheng search reindex`, and after a copy if wanted).
 */
#ifndef MS_SEARCH_INDEX_H
#define MS_SEARCH_INDEX_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../api/route.h"
#include "../store/store.h"

/* (Re)index demand id: its title and text, under its congress.
 * MS_ERR_NOT_FOUND when there is no such demand. */
int ms_search_index_demand(struct ms_db *db, int64_t id, struct ms_error *e);
/* (Re)index case or suggestion id (casework): its title and text, its
 * demand's title and text when they differ, the title and text of the
 * suggestions merged into it, each lead unit's latest reply. Every write
 * that changes one of those calls it inside its transaction (case.c,
 * suggestion.c). MS_ERR_NOT_FOUND when there is no such row. */
int ms_search_index_casework(struct ms_db *db, int64_t id, struct ms_error *e);
/* Take demand id out of the index. */
int ms_search_unindex_demand(struct ms_db *db, int64_t id, struct ms_error *e);
/* Rebuild the index of every kind from the domain tables; *docs (when not
 * NULL) receives how many documents it holds afterwards. */
int ms_search_reindex(struct ms_db *db, int64_t *docs, struct ms_error *e);
/* The same when a migration left the marker that asks for it (migration 23:
 * cases and suggestions became searchable, so an upgraded database indexes
 * the ones it holds), then the marker removed; *docs -1 when none was due.
 * `minsheng serve` and `minsheng init` call it in a write transaction. */
int ms_search_reindex_due(struct ms_db *db, int64_t *docs, struct ms_error *e);

/* A page of the documents of kind (MS_SEARCH_DEMAND, _CASE, _SUGGESTION)
 * of congress congress_id matching pg->q (checked: search_query_short /
 * _empty / _many), newest first: {items, total, page, per_page}, each item
 * a SearchHit (no contact details, no tracking hash); total counts at most
 * MS_SEARCH_TOTAL_MAX. Who may search what follows who may list it:
 * demands the staff; cases the staff and, of its own queue, a unit's
 * officer; suggestions those and every deputy of the congress (403
 * forbidden otherwise). A unit's hits are those in its queue among the
 * congress's newest 50 × MS_SEARCH_TOTAL_MAX matches; no page past
 * MS_SEARCH_TOTAL_MAX is read. kind NULL: the first the caller may
 * search — demands for the staff, cases for a unit, suggestions for a
 * deputy. */
int ms_search_kind(struct ms_db *db, const struct ms_actor *by, const char *kind, int64_t congress_id,
		   const struct ms_page *pg, json_t **out, struct ms_error *e);

/* Run the clustering over congress congress_id's demands that are in no
 * confirmed or rejected cluster: the proposed clusters are replaced by
 * the new proposals; *count (when not NULL) receives their number. */
int ms_cluster_propose(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t *count,
		       struct ms_error *e);
/* Confirm (true) or reject a proposed cluster. Confirming is the merge:
 * the cluster keeps every member demand as it is, with its channel and
 * resident; nothing is deleted or rewritten. */
int ms_cluster_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool confirm, struct ms_error *e);
/* Add demand demand_id to, or take it from, a proposed cluster. */
int ms_cluster_member_add(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t demand_id,
			  struct ms_error *e);
int ms_cluster_member_del(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t demand_id,
			  struct ms_error *e);
/* A cluster as a DemandCluster: its members (DemandBrief each), how many
 * demands and how many of each channel. What a later promotion of a
 * confirmed cluster to a candidate project reads. */
int ms_cluster_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The member demands' ids of cluster id, ascending (*ids malloc'd). */
int ms_cluster_demand_ids(struct ms_db *db, int64_t id, int64_t **ids, size_t *n, struct ms_error *e);
/* A page of the congress's clusters, newest first (status NULL: any). */
int ms_cluster_list(struct ms_db *db, int64_t congress_id, const char *status, const struct ms_page *pg,
		    json_t **out, struct ms_error *e);
/* The congress that owns cluster id (route owner). */
int ms_cluster_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

extern const struct ms_names ms_cluster_status_names;
extern const struct ms_view ms_demand_brief_view;
extern const struct ms_routes ms_search_routes, ms_cluster_routes;
extern const struct ms_stmt *const ms_search_index_stmts[], *const ms_cluster_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "cluster_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_cluster_codes[];

#endif
