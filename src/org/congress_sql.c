/* congress_sql.c — the SQL of congresses. */
#include "org_internal.h"

#include "../store/query.h"
#include "member_sql.h"

static const struct ms_stmt CONGRESS_INSERT = MS_STMT(
	"congress.insert",
	"INSERT INTO congress(name, name_en, level, parent_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt CONGRESS_EXISTS = MS_STMT("congress.exists", "SELECT 1 FROM congress WHERE id = ?");
static const struct ms_stmt CONGRESS_LEVEL = MS_STMT("congress.level", "SELECT level FROM congress WHERE id = ?");
static const struct ms_stmt CONGRESS_UPDATE = MS_STMT(
	"congress.update", "UPDATE congress SET name = ?, name_en = ?, level = ?, parent_id = ? WHERE id = ?");
static const struct ms_stmt CONGRESS_CHILDREN =
	MS_STMT("congress.children", "SELECT id, level FROM congress WHERE parent_id = ? ORDER BY id");
/* the hierarchy is at most four deep; the depth bound keeps a cycle (none can be made) from running on */
static const struct ms_stmt CONGRESS_ABOVE = MS_STMT(
	"congress.above",
	"WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM congress WHERE id = ? "
	"UNION ALL SELECT c.parent_id, up.depth + 1 FROM congress c JOIN up ON c.id = up.id WHERE up.depth < 8) "
	"SELECT 1 FROM up WHERE id = ?");


#define CONGRESS_COLS                                                                                 \
	"SELECT c.id, c.name, c.name_en, c.level, c.parent_id, "                                      \
	"(SELECT count(*) " MS_SQL_DEPUTIES_FROM "WHERE u.congress_id = c.id) AS deputies, c.created_at "
static const struct ms_stmt CONGRESS_GET = MS_STMT("congress.get", CONGRESS_COLS "FROM congress c WHERE c.id = ?");
#define CONGRESSES_SQL(L)                                                                           \
	CONGRESS_COLS ", count(*) OVER () AS _total FROM congress c "                                  \
		      "WHERE " MS_MATCH(L, "c.name") " OR " MS_MATCH(L, "c.name_en") " ORDER BY c.id LIMIT ? OFFSET ?"
static const struct ms_stmt CONGRESS_LIST = MS_STMT_SEARCH("congress.list", CONGRESSES_SQL);
static const struct ms_stmt CONGRESS_ANY = MS_STMT("congress.any", "SELECT 1 FROM congress LIMIT 1");

const struct ms_stmt *const ms_congress_stmts[] = {&CONGRESS_INSERT, &CONGRESS_EXISTS, &CONGRESS_GET, &CONGRESS_LIST,
						   &CONGRESS_ANY, &CONGRESS_LEVEL, &CONGRESS_UPDATE,
						   &CONGRESS_CHILDREN, &CONGRESS_ABOVE, NULL};

int ms_org_sql_congress_insert(struct ms_db *db, const struct ms_congress_in *in, const char *now, int64_t *id,
			       struct ms_error *e)
{
	return ms_q_i64(db, &CONGRESS_INSERT,
			MS_ARGS(MS_VT(in->name), MS_VT(in->name_en), MS_VT(ms_names_key(&ms_congress_level_names, in->level)),
				MS_VREF(in->parent_id), MS_VT(now)),
			id, e);
}

int ms_org_sql_congress_exists(struct ms_db *db, int64_t id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &CONGRESS_EXISTS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_congress_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &CONGRESS_GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_congress_kind, id) : rc;
}

int ms_congress_list(struct ms_db *db, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &CONGRESS_LIST, MS_ARGS(MS_VLIKE(q), MS_VLIKE(q)), pg, out, e);
}

int ms_congress_any(struct ms_db *db, bool *any, struct ms_error *e)
{
	return ms_q_exists(db, &CONGRESS_ANY, MS_NOARGS, any, e);
}


int ms_org_sql_congress_level(struct ms_db *db, int64_t id, int *level, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &CONGRESS_LEVEL, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		*level = ms_names_find(&ms_congress_level_names, ms_sql_column_text(s, 0, NULL));
		rc = 0;
	} else if (rc == 0) {
		rc = MS_ERR_NOT_FOUND;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_org_sql_congress_update(struct ms_db *db, int64_t id, const struct ms_congress_in *in, struct ms_error *e)
{
	return ms_q_exec(db, &CONGRESS_UPDATE,
			 MS_ARGS(MS_VT(in->name), MS_VT(in->name_en), MS_VT(ms_names_key(&ms_congress_level_names, in->level)),
				 MS_VREF(in->parent_id), MS_VI(id)),
			 e);
}

int ms_org_sql_congress_children(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &CONGRESS_CHILDREN, MS_ARGS(MS_VI(id)), out, e);
}

int ms_congress_above(struct ms_db *db, int64_t id, int64_t below, bool *out, struct ms_error *e)
{
	*out = false;
	if (!id || !below || id == below)
		return 0;
	return ms_q_exists(db, &CONGRESS_ABOVE, MS_ARGS(MS_VI(below), MS_VI(id)), out, e);
}
