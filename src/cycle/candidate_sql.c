/* candidate_sql.c — the SQL of candidate projects. */
#include "cycle_internal.h"

#include "../core/util.h"
#include "../store/query.h"
#include "candidate_sql.h"

static const struct ms_stmt INSERT =
	MS_STMT("candidate.insert",
		"INSERT INTO candidate(cycle_id, title, title_en, description, description_en, category, "
		"cost, unit_id, location, created_at, origin_id, rationale, finish_by, tier) VALUES (?, ?, ?, coalesce(?, ''), ?, "
		"coalesce(?, ''), ?, ?, coalesce(?, ''), ?, ?, coalesce(?, ''), ?, ?) RETURNING id");
/* Each field is replaced only when given (text: not NULL; cost and unit:
 * their flag parameter is 1). */
static const struct ms_stmt UPDATE =
	MS_STMT("candidate.update",
		"UPDATE candidate SET title = coalesce(?, title), title_en = coalesce(?, title_en), "
		"description = coalesce(?, description), description_en = coalesce(?, description_en), "
		"category = coalesce(?, category), location = coalesce(?, location), rationale = coalesce(?, rationale), "
		"finish_by = CASE WHEN ? = 1 THEN ? ELSE finish_by END, tier = coalesce(?, tier), "
		"cost = CASE WHEN ? = 1 THEN ? ELSE cost END, unit_id = CASE WHEN ? = 1 THEN ? ELSE unit_id END "
		"WHERE id = ?");
static const struct ms_stmt GET =
	MS_STMT("candidate.get", MS_SQL_CANDIDATE_COLS "FROM candidate k LEFT JOIN unit n ON n.id = k.unit_id WHERE k.id = ?");
#define LIST_SQL(L)                                                                                 \
	MS_SQL_CANDIDATE_COLS ", count(*) OVER () AS _total FROM candidate k "                          \
			      "LEFT JOIN unit n ON n.id = k.unit_id WHERE k.cycle_id = ? AND ("          \
			      MS_MATCH(L, "k.title") " OR " MS_MATCH(L, "k.title_en") " OR " MS_MATCH(L, "k.category") \
			      " OR " MS_MATCH(L, "k.location") " OR " MS_MATCH(L, "n.name") ") ORDER BY k.id LIMIT ? OFFSET ?"
static const struct ms_stmt LIST = MS_STMT_SEARCH("candidate.list", LIST_SQL);
static const struct ms_stmt TITLE_TAKEN =
	MS_STMT("candidate.title_taken", "SELECT 1 FROM candidate WHERE cycle_id = ? AND title = ?");
static const struct ms_stmt IDS = MS_STMT("candidate.ids", "SELECT id FROM candidate WHERE cycle_id = ? ORDER BY id");
static const struct ms_stmt SMALL =
	MS_STMT("candidate.small", "SELECT id FROM candidate WHERE cycle_id = ? AND tier <> 'project' ORDER BY id");

static const struct ms_stmt ON_BALLOT =
	MS_STMT("candidate.on_ballot", "SELECT p.title FROM poll_candidate pc JOIN poll p ON p.id = pc.poll_id "
				       "WHERE pc.candidate_id = ? ORDER BY p.id LIMIT 1");

const struct ms_stmt *const ms_candidate_stmts[] = {&INSERT, &UPDATE, &GET,  &LIST,	 &TITLE_TAKEN,
						    &IDS,    &SMALL,  &ON_BALLOT, NULL};

int ms_candidate_sql_insert(struct ms_db *db, int64_t cycle_id, const struct ms_candidate_in *c, const char *now,
			    int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(cycle_id), MS_VT(c->title), MS_VT(c->title_en), MS_VT(c->description),
				MS_VT(c->description_en), MS_VT(c->category), MS_VI(c->cost),
				MS_VREF(c->has_unit ? c->unit_id : 0), MS_VT(c->location), MS_VT(now),
				MS_VREF(c->origin_id), MS_VT(c->rationale), MS_VT(c->finish_by),
				MS_VT(ms_names_key(&ms_tier_names, c->has_tier ? c->tier : MS_TIER_PROJECT))),
			id, e);
}

int ms_candidate_sql_update(struct ms_db *db, int64_t id, const struct ms_candidate_in *c, struct ms_error *e)
{
	return ms_q_exec(db, &UPDATE,
			 MS_ARGS(MS_VT(c->title), MS_VT(c->title_en), MS_VT(c->description), MS_VT(c->description_en),
				 MS_VT(c->category), MS_VT(c->location), MS_VT(c->rationale), MS_VI(c->has_finish),
				 MS_VT(c->finish_by), MS_VT(c->has_tier ? ms_names_key(&ms_tier_names, c->tier) : NULL),
				 MS_VI(c->has_cost), MS_VI(c->cost),
				 MS_VI(c->has_unit), MS_VREF(c->unit_id), MS_VI(id)),
			 e);
}

int ms_candidate_get(struct ms_db *db, int64_t id, int64_t *cycle_id, json_t **json, struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_q_row_json(db, &GET, MS_ARGS(MS_VI(id)), &o, e);
	if (rc)
		return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_candidate_kind, id) : rc;
	if (cycle_id)
		*cycle_id = json_integer_value(json_object_get(o, "cycle_id"));
	if (json)
		*json = o;
	else
		json_decref(o);
	return 0;
}

int ms_candidate_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &LIST,
			 MS_ARGS(MS_VI(cycle_id), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q)), pg, out,
			 e);
}

int ms_candidate_title_taken(struct ms_db *db, int64_t cycle_id, const char *title, bool *taken, struct ms_error *e)
{
	return ms_q_exists(db, &TITLE_TAKEN, MS_ARGS(MS_VI(cycle_id), MS_VT(title)), taken, e);
}

int ms_candidate_ids(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &IDS, MS_ARGS(MS_VI(cycle_id)), ids, NULL, n, e);
}

int ms_candidate_sql_small(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &SMALL, MS_ARGS(MS_VI(cycle_id)), ids, NULL, n, e);
}

int ms_candidate_sql_on_ballot(struct ms_db *db, int64_t candidate_id, char *title, size_t cap, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_q_row_json(db, &ON_BALLOT, MS_ARGS(MS_VI(candidate_id)), &row, e);
	title[0] = 0;
	if (!rc)
		ms_strlcpy(title, json_string_value(json_object_get(row, "title")), cap);
	json_decref(row);
	return rc == MS_ERR_NOT_FOUND ? 0 : rc;
}
