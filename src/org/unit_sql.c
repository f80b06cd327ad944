/* unit_sql.c — the SQL of responsible units. */
#include "org_internal.h"

#include "../store/query.h"

static const struct ms_stmt UNIT_INSERT =
	MS_STMT("unit.insert", "INSERT INTO unit(congress_id, name, name_en) VALUES (?, ?, ?) RETURNING id");
static const struct ms_stmt UNIT_GET = MS_STMT("unit.get", "SELECT id, congress_id, name, name_en FROM unit WHERE id = ?");
static const struct ms_stmt UNIT_CONGRESS = MS_STMT("unit.congress", "SELECT congress_id FROM unit WHERE id = ?");
#define UNITS_SQL(L)                                                                                \
	"SELECT id, congress_id, name, name_en, count(*) OVER () AS _total FROM unit "                 \
	"WHERE congress_id = ? AND (" MS_MATCH(L, "name") " OR " MS_MATCH(L, "name_en") ") "          \
	"ORDER BY id LIMIT ? OFFSET ?"
static const struct ms_stmt UNIT_LIST = MS_STMT_SEARCH("unit.list", UNITS_SQL);
/* The unit by name (unique in a congress), else the one unit by name_en: 0
 * when none, -1 when several. */
static const struct ms_stmt UNIT_FIND =
	MS_STMT("unit.find", "SELECT coalesce((SELECT id FROM unit WHERE congress_id = ? AND name = ?), "
			     "CASE (SELECT count(*) FROM unit WHERE congress_id = ? AND name_en = ?) WHEN 0 THEN 0 "
			     "WHEN 1 THEN (SELECT id FROM unit WHERE congress_id = ? AND name_en = ?) ELSE -1 END)");

const struct ms_stmt *const ms_unit_stmts[] = {&UNIT_INSERT, &UNIT_GET, &UNIT_CONGRESS, &UNIT_LIST, &UNIT_FIND, NULL};

int ms_org_sql_unit_insert(struct ms_db *db, int64_t congress_id, const char *name, const char *name_en,
			   int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &UNIT_INSERT, MS_ARGS(MS_VI(congress_id), MS_VT(name), MS_VT(name_en)), id, e);
}

int ms_unit_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &UNIT_GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_unit_kind, id) : rc;
}

int ms_org_sql_unit_congress(struct ms_db *db, int64_t unit_id, int64_t *congress_id, struct ms_error *e)
{
	return ms_q_i64(db, &UNIT_CONGRESS, MS_ARGS(MS_VI(unit_id)), congress_id, e);
}

int ms_unit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &UNIT_LIST, MS_ARGS(MS_VI(congress_id), MS_VLIKE(q), MS_VLIKE(q)), pg, out, e);
}

int ms_org_sql_unit_find(struct ms_db *db, int64_t congress_id, const char *name, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &UNIT_FIND,
			MS_ARGS(MS_VI(congress_id), MS_VT(name), MS_VI(congress_id), MS_VT(name), MS_VI(congress_id),
				MS_VT(name)),
			id, e);
}

