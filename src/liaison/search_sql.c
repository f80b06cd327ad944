/*
 * search_sql.c — the liaison domain's SQL for the search index: which
 * documents exist (demands: their title and text) and what a hit shows
 * (never a demand's contact details nor its tracking hash).
 */
#include "search_index.h"

#include <stdlib.h>
#include <string.h>

#include "../store/query.h"
#include "search_internal.h"

static const struct ms_stmt DEMAND_DOC = MS_STMT("search.demand_doc",
	"SELECT congress_id, title, text FROM demand WHERE id = ?");
static const struct ms_stmt DEMAND_IDS = MS_STMT("search.demand_ids", "SELECT id FROM demand ORDER BY id");
static const struct ms_stmt DEMAND_HIT = MS_STMT("search.demand_hit",
	"SELECT id, congress_id, title, channel, status, area, created_at FROM demand WHERE id = ?");
static const struct ms_stmt DOC_COUNT = MS_STMT("search.doc_count", "SELECT count(*) FROM search_doc");

const struct ms_stmt *const ms_search_index_stmts[] = {&DEMAND_DOC, &DEMAND_IDS, &DEMAND_HIT, &DOC_COUNT, NULL};

int ms_search_sql_demand_doc(struct ms_db *db, int64_t id, int64_t *congress_id, char **text, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &DEMAND_DOC, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		size_t nt, nx;
		const char *title = ms_sql_column_text(s, 1, &nt);
		*congress_id = ms_sql_column_i64(s, 0);
		char *t = malloc(nt + 1 + 1);
		if (t) {
			memcpy(t, title, nt);
			t[nt] = '\n';
			t[nt + 1] = '\0';
		}
		const char *x = ms_sql_column_text(s, 2, &nx);
		char *all = t ? realloc(t, nt + 1 + nx + 1) : NULL;
		if (all)
			memcpy(all + nt + 1, x, nx + 1);
		else
			free(t);
		*text = all;
		rc = all ? 0 : ms_nomem(e);
	} else if (rc == 0) {
		static const struct ms_name what = {"demand", "诉求", "demand"};
		rc = ms_store_not_found(e, &what, id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_search_sql_demand_ids(struct ms_db *db, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &DEMAND_IDS, MS_NOARGS, ids, NULL, n, e);
}

int ms_search_sql_demand_hit(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &DEMAND_HIT, MS_ARGS(MS_VI(id)), out, e);
}

int ms_search_sql_doc_count(struct ms_db *db, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &DOC_COUNT, MS_NOARGS, n, e);
}
