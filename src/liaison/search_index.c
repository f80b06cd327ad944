/*
 * search_index.c — the liaison domain's documents in the search index
 * (store/search.h): demands, by their title and text, under their
 * congress; cases and suggestions, by what staff, units and deputies would
 * look for them by — their title and text, the demand they came from, the
 * suggestions merged into them, each unit's reply; the reindex from the
 * domain tables; the search, each kind read by those who may list it.
 */
#include "search_index.h"

#include <stdlib.h>
#include <string.h>

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

int ms_search_index_casework(struct ms_db *db, int64_t id, struct ms_error *e)
{
	int64_t congress_id;
	char kind[16], *text = NULL;
	int rc = ms_search_sql_cw_doc(db, id, &congress_id, kind, &text, e);
	if (!rc)
		rc = ms_search_put(db, strcmp(kind, "case") == 0 ? MS_SEARCH_CASE : MS_SEARCH_SUGGESTION, id,
				   congress_id, text, e);
	free(text);
	return rc;
}

/* Every casework row of kind into the index, in id order. */
static int reindex_casework(struct ms_db *db, const char *kind, struct ms_error *e)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = ms_search_clear(db, kind, e);
	rc = rc ? rc : ms_search_sql_cw_ids(db, kind, &ids, &n, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = ms_search_index_casework(db, ids[i], e);
	free(ids);
	return rc;
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
	if (!rc)
		rc = reindex_casework(db, MS_SEARCH_CASE, e);
	if (!rc)
		rc = reindex_casework(db, MS_SEARCH_SUGGESTION, e);
	if (!rc && docs)
		rc = ms_search_sql_doc_count(db, docs, e);
	return rc;
}

int ms_search_reindex_due(struct ms_db *db, int64_t *docs, struct ms_error *e)
{
	bool due = false;
	int rc = ms_search_sql_reindex_take(db, &due, e);
	*docs = -1;
	return rc || !due ? rc : ms_search_reindex(db, docs, e);
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

/* Who may search kind in congress congress_id, as the list routes let
 * them list it: the staff every kind; a deputy of the congress its
 * suggestions (GET /congresses/{id}/suggestions); a unit's officer the
 * cases and suggestions in its unit's queue (GET /units/{id}/casework):
 * *unit_id receives that unit (0: no filter). */
static int may_search(const struct ms_actor *by, const char *kind, int64_t congress_id, int64_t *unit_id,
		      struct ms_error *e)
{
	*unit_id = 0;
	if (ms_actor_is_staff(by, congress_id))
		return 0;
	if (strcmp(kind, MS_SEARCH_SUGGESTION) == 0 && ms_actor_is_of(by, MS_ROLE_DEPUTY, congress_id))
		return 0;
	if (strcmp(kind, MS_SEARCH_DEMAND) != 0 && ms_actor_is_of(by, MS_ROLE_UNIT, congress_id) && by->unit_id) {
		*unit_id = by->unit_id;
		return 0;
	}
	if (strcmp(kind, MS_SEARCH_DEMAND) == 0)
		return ms_failf(e, MS_E_FORBIDDEN, "kind", MS_AT("本级人大的工作人员检索群众诉求", "the congress's staff search demands"));
	if (strcmp(kind, MS_SEARCH_CASE) == 0)
		return ms_failf(e, MS_E_FORBIDDEN, "kind",
				MS_AT("本级人大的工作人员或承办单位检索办理事项", "the staff or the units handling them search cases"));
	return ms_failf(e, MS_E_FORBIDDEN, "kind",
			MS_AT("本级人大的工作人员、代表或承办单位检索代表建议",
			      "the staff, the deputies or the units handling them search suggestions"));
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The most matches a unit's search reads to find its own (the matches are
 * the congress's: a busy congress's newest ones may all be other units'). */
#define UNIT_SCAN_MAX (50 * MS_SEARCH_TOTAL_MAX)

/* A page of the matches in unit unit_id's queue: the congress's matches
 * read newest first, MS_SEARCH_TOTAL_MAX at a time, kept when the unit
 * leads or co-handles them, until MS_SEARCH_TOTAL_MAX are kept (the total
 * counts to that, like every search's), the matches end or UNIT_SCAN_MAX
 * have been read. */
static int unit_page(struct ms_db *db, const char *kind, int64_t congress_id, int64_t unit_id,
		     const struct ms_page *pg, int64_t **ids, size_t *n, int64_t *total, struct ms_error *e)
{
	int64_t *mine = NULL, *kept = malloc(MS_SEARCH_TOTAL_MAX * sizeof *kept);
	size_t n_mine = 0, k = 0;
	int rc = kept ? ms_search_sql_cw_of_unit(db, kind, congress_id, unit_id, &mine, &n_mine, e) : ms_nomem(e);
	for (int64_t off = 0; !rc && n_mine && k < MS_SEARCH_TOTAL_MAX && off < UNIT_SCAN_MAX;
	     off += MS_SEARCH_TOTAL_MAX) {
		int64_t *batch = NULL;
		size_t m = 0;
		if ((rc = ms_search_find(db, kind, congress_id, pg->q, MS_SEARCH_TOTAL_MAX, off, &batch, &m, NULL, e)))
			break;
		for (size_t i = 0; i < m && k < MS_SEARCH_TOTAL_MAX; i++)
			if (bsearch(&batch[i], mine, n_mine, sizeof *mine, cmp_id))
				kept[k++] = batch[i];
		free(batch);
		if (m < MS_SEARCH_TOTAL_MAX)
			break;
	}
	free(mine);
	if (rc) {
		free(kept);
		return rc;
	}
	size_t from = (size_t)((pg->page - 1) * pg->per_page);
	size_t to = from + (size_t)pg->per_page;
	from = from < k ? from : k;
	to = to < k ? to : k;
	memmove(kept, kept + from, (to - from) * sizeof *kept);
	*ids = kept, *n = to - from, *total = (int64_t)k;
	return 0;
}

int ms_search_kind(struct ms_db *db, const struct ms_actor *by, const char *kind, int64_t congress_id,
		   const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	int64_t unit_id = 0;
	if (!kind) /* the first kind the caller may search */
		kind = ms_actor_is_staff(by, congress_id)			       ? MS_SEARCH_DEMAND
		       : ms_actor_is_of(by, MS_ROLE_UNIT, congress_id) && by->unit_id ? MS_SEARCH_CASE
		       : ms_actor_is_of(by, MS_ROLE_DEPUTY, congress_id)	       ? MS_SEARCH_SUGGESTION
										       : MS_SEARCH_DEMAND;
	int rc = may_search(by, kind, congress_id, &unit_id, e);
	if (!rc)
		rc = refuse(pg->q, e);
	if (rc)
		return rc;
	int64_t *ids = NULL, total = 0;
	size_t n = 0;
	bool demand = strcmp(kind, MS_SEARCH_DEMAND) == 0;
	if (unit_id)
		rc = unit_page(db, kind, congress_id, unit_id, pg, &ids, &n, &total, e);
	else { /* pages end with the total's count: none past MS_SEARCH_TOTAL_MAX */
		int64_t off = (pg->page - 1) * pg->per_page, lim = pg->per_page;
		if (off >= MS_SEARCH_TOTAL_MAX)
			off = 0, lim = 0;
		else if (off + lim > MS_SEARCH_TOTAL_MAX)
			lim = MS_SEARCH_TOTAL_MAX - off;
		rc = ms_search_find(db, kind, congress_id, pg->q, lim, off, &ids, &n, &total, e);
	}
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; !rc && items && i < n; i++) {
		json_t *hit = NULL;
		rc = demand ? ms_search_sql_demand_hit(db, ids[i], &hit, e) : ms_search_sql_cw_hit(db, ids[i], &hit, e);
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
