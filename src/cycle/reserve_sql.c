/* reserve_sql.c — the SQL of the reserve pool. */
#include "cycle_internal.h"

#include "../store/query.h"

static const struct ms_stmt ADD =
	MS_STMT("reserve.add", "INSERT INTO reserve_pool(candidate_id, congress_id, reason, created_at) VALUES (?, ?, ?, ?) "
			       "ON CONFLICT(candidate_id) DO NOTHING");
static const struct ms_stmt GET =
	MS_STMT("reserve.get", "SELECT r.congress_id, r.taken_by, t.year AS taken_year, k.title, k.title_en, k.description, "
			       "k.description_en, k.category, k.cost, k.unit_id, k.location, k.rationale, k.tier FROM reserve_pool r "
			       "JOIN candidate k ON k.id = r.candidate_id LEFT JOIN candidate tk ON tk.id = r.taken_by "
			       "LEFT JOIN cycle t ON t.id = tk.cycle_id WHERE r.candidate_id = ?");
static const struct ms_stmt TAKE =
	MS_STMT("reserve.take", "UPDATE reserve_pool SET taken_by = ? WHERE candidate_id = ? AND taken_by IS NULL");
#define LIST_SQL(L)                                                                                         \
	"SELECT r.candidate_id, k.title, k.title_en, k.category, k.cost, k.unit_id, n.name AS unit_name, "    \
	"n.name_en AS unit_name_en, c.id AS cycle_id, c.year, r.reason, r.taken_by, t.id AS taken_cycle_id, " \
	"t.year AS taken_year, r.created_at, count(*) OVER () AS _total FROM reserve_pool r "                  \
	"JOIN candidate k ON k.id = r.candidate_id JOIN cycle c ON c.id = k.cycle_id "                        \
	"LEFT JOIN unit n ON n.id = k.unit_id LEFT JOIN candidate tk ON tk.id = r.taken_by "                  \
	"LEFT JOIN cycle t ON t.id = tk.cycle_id WHERE r.congress_id = ? AND (" MS_MATCH(L, "k.title") " OR " \
	MS_MATCH(L, "k.category") ") ORDER BY c.year DESC, k.id LIMIT ? OFFSET ?"
static const struct ms_stmt LIST = MS_STMT_SEARCH("reserve.list", LIST_SQL);

const struct ms_stmt *const ms_reserve_stmts[] = {&ADD, &GET, &TAKE, &LIST, NULL};

int ms_reserve_sql_add(struct ms_db *db, int64_t congress_id, int64_t candidate_id, const char *reason,
		       const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &ADD, MS_ARGS(MS_VI(candidate_id), MS_VI(congress_id), MS_VT(reason), MS_VT(now)), e);
}

int ms_reserve_sql_get(struct ms_db *db, int64_t candidate_id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &GET, MS_ARGS(MS_VI(candidate_id)), out, e);
}

int ms_reserve_sql_take(struct ms_db *db, int64_t candidate_id, int64_t taken_by, struct ms_error *e)
{
	return ms_q_exec(db, &TAKE, MS_ARGS(MS_VI(taken_by), MS_VI(candidate_id)), e);
}

int ms_reserve_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &LIST, MS_ARGS(MS_VI(congress_id), MS_VLIKE(q), MS_VLIKE(q)), pg, out, e);
}
