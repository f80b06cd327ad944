/*
 * search_sql.c — the liaison domain's SQL for the search index: which
 * documents exist (demands: their title and text; cases and suggestions:
 * theirs, their demand's, the suggestions merged into them and every
 * unit's reply) and what a hit shows (never a demand's contact details nor
 * its tracking hash).
 */
#include "search_index.h"

#include <stdio.h>
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

static const struct ms_stmt CW_HEAD =
	MS_STMT("search.cw_head", "SELECT congress_id, kind FROM casework WHERE id = ?");
/* The texts a case or suggestion is found by, in order: its title and text,
 * its demand's when they differ, those of the suggestions merged into it,
 * each lead unit's reply. */
static const struct ms_stmt CW_TEXTS = MS_STMT(
	"search.cw_texts",
	"SELECT t FROM (SELECT 0 AS o, c.id AS k, c.title AS t FROM casework c WHERE c.id = ? "
	"UNION ALL SELECT 1, c.id, c.text FROM casework c WHERE c.id = ? "
	"UNION ALL SELECT 2, d.id, d.title FROM casework c JOIN demand d ON d.id = c.demand_id "
	"WHERE c.id = ? AND d.title <> c.title "
	"UNION ALL SELECT 3, d.id, d.text FROM casework c JOIN demand d ON d.id = c.demand_id "
	"WHERE c.id = ? AND d.text <> c.text "
	"UNION ALL SELECT 4, m.id, m.title FROM casework m WHERE m.merged_into = ? "
	"UNION ALL SELECT 5, m.id, m.text FROM casework m WHERE m.merged_into = ? "
	"UNION ALL SELECT 6, a.id, a.reply_text FROM casework_assignment a "
	"WHERE a.casework_id = ? AND a.reply_text IS NOT NULL) x ORDER BY o, k");
static const struct ms_stmt CW_IDS =
	MS_STMT("search.cw_ids", "SELECT id FROM casework WHERE kind = ? ORDER BY id");
static const struct ms_stmt CW_HIT = MS_STMT(
	"search.cw_hit",
	"SELECT c.id, c.congress_id, c.kind, c.title, c.status, c.created_at, c.case_type, c.demand_id, c.unit_id, "
	"u.name AS unit_name, c.reply_class, c.merged_into FROM casework c LEFT JOIN unit u ON u.id = c.unit_id "
	"WHERE c.id = ?");
/* The unit's queue (GET /units/{id}/casework): it leads it or co-handles it. */
static const struct ms_stmt CW_OF_UNIT = MS_STMT(
	"search.cw_of_unit",
	"SELECT c.id FROM casework c WHERE c.kind = ? AND c.congress_id = ? AND c.unit_id = ? "
	"UNION SELECT h.casework_id FROM casework_cohandler h JOIN casework c ON c.id = h.casework_id "
	"WHERE c.kind = ? AND c.congress_id = ? AND h.unit_id = ? ORDER BY 1");

/* The marker a migration leaves when the index must be rebuilt from the
 * tables (e.g. migration 23: cases and suggestions became searchable),
 * taken by deleting it, so that of two nodes starting at once on one
 * PostgreSQL the second waits for the first's commit and finds none. */
static const struct ms_stmt REINDEX_TAKE =
	MS_STMT("search.reindex_take", "DELETE FROM meta WHERE key = 'search_reindex' RETURNING 1");

const struct ms_stmt *const ms_search_index_stmts[] = {&REINDEX_TAKE, &DEMAND_DOC, &DEMAND_IDS, &DEMAND_HIT, &DOC_COUNT, &CW_HEAD,
							&CW_TEXTS,   &CW_IDS,	  &CW_HIT,     &CW_OF_UNIT, NULL};

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

int ms_search_sql_cw_doc(struct ms_db *db, int64_t id, int64_t *congress_id, char kind[16], char **text,
			 struct ms_error *e)
{
	json_t *head = NULL, *rows = NULL;
	int rc = ms_q_row_json(db, &CW_HEAD, MS_ARGS(MS_VI(id)), &head, e);
	if (rc == MS_ERR_NOT_FOUND) {
		static const struct ms_name what = {"casework", "办理事项", "case or suggestion"};
		ms_error_clear(e);
		return ms_store_not_found(e, &what, id);
	}
	if (!rc)
		rc = ms_q_rows_json(db, &CW_TEXTS,
				    MS_ARGS(MS_VI(id), MS_VI(id), MS_VI(id), MS_VI(id), MS_VI(id), MS_VI(id), MS_VI(id)),
				    &rows, e);
	if (rc) {
		json_decref(head);
		return rc;
	}
	*congress_id = json_integer_value(json_object_get(head, "congress_id"));
	snprintf(kind, 16, "%s", json_string_value(json_object_get(head, "kind")));
	size_t len = 1, i;
	json_t *r;
	json_array_foreach(rows, i, r) len += json_string_length(json_object_get(r, "t")) + 1;
	char *all = malloc(len);
	if (all) {
		size_t k = 0;
		json_array_foreach(rows, i, r) {
			json_t *t = json_object_get(r, "t");
			size_t n = json_string_length(t);
			if (k)
				all[k++] = '\n';
			memcpy(all + k, json_string_value(t), n);
			k += n;
		}
		all[k] = '\0';
	}
	json_decref(head);
	json_decref(rows);
	*text = all;
	return all ? 0 : ms_nomem(e);
}

int ms_search_sql_cw_ids(struct ms_db *db, const char *kind, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &CW_IDS, MS_ARGS(MS_VT(kind)), ids, NULL, n, e);
}

int ms_search_sql_cw_hit(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &CW_HIT, MS_ARGS(MS_VI(id)), out, e);
}

int ms_search_sql_cw_of_unit(struct ms_db *db, const char *kind, int64_t congress_id, int64_t unit_id, int64_t **ids,
			     size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &CW_OF_UNIT,
			MS_ARGS(MS_VT(kind), MS_VI(congress_id), MS_VI(unit_id), MS_VT(kind), MS_VI(congress_id),
				MS_VI(unit_id)),
			ids, NULL, n, e);
}

int ms_search_sql_reindex_take(struct ms_db *db, bool *due, struct ms_error *e)
{
	return ms_q_exists(db, &REINDEX_TAKE, NULL, 0, due, e);
}
