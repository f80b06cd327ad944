/* guidance_sql.c — the SQL of guidance from above (guidance.c). */
#include "cycle_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../store/query.h"

static const struct ms_stmt INSERT =
	MS_STMT("guidance.insert",
		"INSERT INTO guidance(congress_id, year, title, body, categories, ratio_num, ratio_den, collect_by, "
		"compile_by, vote_by, evaluate_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt UPDATE =
	MS_STMT("guidance.update",
		"UPDATE guidance SET year = ?, title = ?, body = ?, categories = ?, ratio_num = ?, ratio_den = ?, "
		"collect_by = ?, compile_by = ?, vote_by = ?, evaluate_by = ? WHERE id = ? AND status = 'draft'");
static const struct ms_stmt PUBLISH = MS_STMT(
	"guidance.publish", "UPDATE guidance SET status = 'published', published_at = ? WHERE id = ? AND status = 'draft'");
#define GUIDANCE_COLS                                                                                  \
	"SELECT g.id, g.congress_id, k.name AS congress_name, k.name_en AS congress_name_en, k.level AS congress_level, " \
	"g.year, g.title, g.body, g.categories, g.ratio_num, g.ratio_den, g.collect_by, g.compile_by, g.vote_by, "     \
	"g.evaluate_by, g.status, g.published_at, g.created_at, "                                     \
	"(SELECT count(*) FROM cycle c WHERE c.guidance_id = g.id) AS adopted_by "                     \
	"FROM guidance g JOIN congress k ON k.id = g.congress_id "
static const struct ms_stmt GET = MS_STMT("guidance.get", GUIDANCE_COLS "WHERE g.id = ?");
/* What congress ? issued (drafts when ? = 1) and what the congresses above it published. */
static const struct ms_stmt LIST = MS_STMT(
	"guidance.list",
	"WITH RECURSIVE up(id) AS (SELECT parent_id FROM congress WHERE id = ? AND parent_id IS NOT NULL "
	"UNION ALL SELECT c.parent_id FROM congress c JOIN up u ON c.id = u.id WHERE c.parent_id IS NOT NULL) "
	GUIDANCE_COLS "WHERE (g.congress_id = ? AND (g.status = 'published' OR ? = 1)) "
	"OR (g.status = 'published' AND g.congress_id IN (SELECT id FROM up)) ORDER BY g.year DESC, g.id DESC");
static const struct ms_stmt ROW =
	MS_STMT("guidance.row", "SELECT id, congress_id, year, status, title, categories, coalesce(ratio_num, 0), "
				"coalesce(ratio_den, 0) FROM guidance WHERE id = ?");
/* Every congress below ? (nearest first), with its round of year ?. */
static const struct ms_stmt BELOW = MS_STMT(
	"guidance.below",
	"WITH RECURSIVE down(id, depth) AS (SELECT id, 1 FROM congress WHERE parent_id = ? "
	"UNION ALL SELECT c.id, d.depth + 1 FROM congress c JOIN down d ON c.parent_id = d.id) "
	"SELECT k.id AS congress_id, k.name, k.name_en, k.level, k.parent_id, y.id AS cycle_id, y.phase, y.decision, "
	"y.guidance_id FROM down d JOIN congress k ON k.id = d.id LEFT JOIN cycle y ON y.congress_id = k.id AND y.year = ? "
	"ORDER BY d.depth, k.id");

static const struct ms_stmt POLLS = MS_STMT("guidance.polls", "SELECT count(*) FROM poll WHERE cycle_id = ?");
static const struct ms_stmt CATEGORIES =
	MS_STMT("guidance.categories", "SELECT title, category FROM candidate WHERE cycle_id = ? ORDER BY id");

const struct ms_stmt *const ms_guidance_stmts[] = {&INSERT, &UPDATE, &PUBLISH,	   &GET, &LIST,
						   &ROW,    &BELOW,  &POLLS, &CATEGORIES, NULL};

int ms_guidance_sql_insert(struct ms_db *db, int64_t congress_id, const struct ms_guidance_in *g, const char *cats,
			   const char *now, int64_t *id, struct ms_error *e)
{
	bool r = g->ratio_den > 0;
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VI(g->year), MS_VT(g->title), MS_VT(g->body ? g->body : ""),
				MS_VT(cats), MS_VREF(r ? g->ratio_num : 0), MS_VREF(r ? g->ratio_den : 0),
				MS_VT(g->collect_by), MS_VT(g->compile_by), MS_VT(g->vote_by), MS_VT(g->evaluate_by),
				MS_VT(now)),
			id, e);
}

int ms_guidance_sql_update(struct ms_db *db, int64_t id, const struct ms_guidance_in *g, const char *cats,
			   struct ms_error *e)
{
	bool r = g->ratio_den > 0;
	return ms_q_exec(db, &UPDATE,
			 MS_ARGS(MS_VI(g->year), MS_VT(g->title), MS_VT(g->body ? g->body : ""), MS_VT(cats),
				 MS_VREF(r ? g->ratio_num : 0), MS_VREF(r ? g->ratio_den : 0),
				 MS_VT(g->collect_by), MS_VT(g->compile_by), MS_VT(g->vote_by), MS_VT(g->evaluate_by),
				 MS_VI(id)),
			 e);
}

int ms_guidance_sql_publish(struct ms_db *db, int64_t id, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &PUBLISH, MS_ARGS(MS_VT(now), MS_VI(id)), e);
}

int ms_guidance_sql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &GET, MS_ARGS(MS_VI(id)), out, e);
}

int ms_guidance_sql_list(struct ms_db *db, int64_t congress_id, bool drafts, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &LIST, MS_ARGS(MS_VI(congress_id), MS_VI(congress_id), MS_VI(drafts)), out, e);
}

int ms_guidance_sql_below(struct ms_db *db, int64_t congress_id, int64_t year, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &BELOW, MS_ARGS(MS_VI(congress_id), MS_VI(year)), out, e);
}

int ms_guidance_sql_row(struct ms_db *db, int64_t id, struct ms_guidance_row *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &ROW, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		rc = 0;
		out->id = ms_sql_column_i64(s, 0);
		out->congress_id = ms_sql_column_i64(s, 1);
		out->year = ms_sql_column_i64(s, 2);
		const char *st = ms_sql_column_text(s, 3, NULL);
		out->published = st && strcmp(st, "published") == 0;
		const char *t = ms_sql_column_text(s, 4, NULL);
		ms_strlcpy(out->title, t ? t : "", sizeof out->title);
		const char *c = ms_sql_column_text(s, 5, NULL);
		out->ratio_num = ms_sql_column_i64(s, 6);
		out->ratio_den = ms_sql_column_i64(s, 7);
		if (!(out->categories = strdup(c ? c : "[]")))
			rc = ms_nomem(e);
	} else if (rc == 0) {
		rc = ms_store_not_found(e, &ms_guidance_kind, id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_guidance_sql_polls(struct ms_db *db, int64_t cycle_id, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &POLLS, MS_ARGS(MS_VI(cycle_id)), n, e);
}

int ms_guidance_sql_categories(struct ms_db *db, int64_t cycle_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &CATEGORIES, MS_ARGS(MS_VI(cycle_id)), out, e);
}
