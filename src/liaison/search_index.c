/*
 * search_index.c — the liaison domain's documents in the search index
 * (store/search.h): demands, by their title and text, under their
 * congress; the reindex from the domain tables; the staff's search.
 */
#include "search_index.h"

#include <stdlib.h>

#include "../store/search.h"
#include "search_internal.h"

int ms_search_index_demand(struct ms_db *db, int64_t id, struct ms_error *e)
{
	int64_t congress_id;
	char *text = NULL;
	int rc = ms_search_sql_demand_doc(db, id, &congress_id, &text, e);
	if (!rc)
		rc = ms_search_put(db, MS_SEARCH_DEMAND, id, congress_id, text, e);
	free(text);
	return rc;
}

int ms_search_unindex_demand(struct ms_db *db, int64_t id, struct ms_error *e)
{
	return ms_search_del(db, MS_SEARCH_DEMAND, id, e);
}

int ms_search_reindex(struct ms_db *db, int64_t *docs, struct ms_error *e)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = ms_search_clear(db, MS_SEARCH_DEMAND, e);
	rc = rc ? rc : ms_search_sql_demand_ids(db, &ids, &n, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = ms_search_index_demand(db, ids[i], e);
	free(ids);
	if (!rc && docs)
		rc = ms_search_sql_doc_count(db, docs, e);
	return rc;
}

/* The catalogue's refusal of a query that ms_search_query_check refuses. */
static int refuse(const char *q, struct ms_error *e)
{
	switch (ms_search_query_check(q)) {
	case 0:
		return 0;
	case MS_SEARCH_Q_SHORT:
		return ms_fail(e, MS_E_SEARCH_QUERY_SHORT, "q");
	case MS_SEARCH_Q_MANY:
		return ms_failf(e, MS_E_SEARCH_QUERY_MANY, "q", MS_AI(MS_SEARCH_TERMS_MAX));
	default:
		return ms_fail(e, MS_E_SEARCH_QUERY_EMPTY, "q");
	}
}

int ms_search_demands(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		      struct ms_error *e)
{
	int rc = refuse(pg->q, e);
	if (rc)
		return rc;
	int64_t *ids = NULL, total = 0;
	size_t n = 0;
	rc = ms_search_find(db, MS_SEARCH_DEMAND, congress_id, pg->q, pg->per_page, (pg->page - 1) * pg->per_page,
			    &ids, &n, &total, e);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; !rc && items && i < n; i++) {
		json_t *hit = NULL;
		rc = ms_search_sql_demand_hit(db, ids[i], &hit, e);
		if (!rc && json_array_append_new(items, hit))
			rc = ms_nomem(e);
	}
	free(ids);
	if (!rc && !items)
		rc = ms_nomem(e);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)pg->page, "per_page", (json_int_t)pg->per_page);
	return *out ? 0 : ms_nomem(e);
}
