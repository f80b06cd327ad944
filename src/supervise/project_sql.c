/* project_sql.c — the SQL of projects under delivery. */
#include "supervise_internal.h"

#include "../store/query.h"

static const struct ms_stmt INSERT =
	MS_STMT("project.insert", "INSERT INTO project(congress_id, cycle_id, candidate_id, poll_id, lead_unit_id, created_at) "
				  "SELECT ?, ?, k.id, ?, k.unit_id, ? FROM candidate k WHERE k.id = ? "
				  "ON CONFLICT(candidate_id) DO NOTHING");
#define PROJECT_COLS                                                                                          \
	"SELECT p.id, p.congress_id, p.cycle_id, c.year, p.candidate_id, p.poll_id, k.title, k.title_en, "     \
	"k.description, k.description_en, k.category, k.location, k.cost, p.lead_unit_id, "                   \
	"n.name AS lead_unit_name, n.name_en AS lead_unit_name_en, p.state, p.light, p.light_why AS light_why_j, "  \
	"p.percent_done, p.spent, p.last_report_on, p.accepted_on, p.acceptance, p.created_at, k.tier, c.decision "
#define PROJECT_FROM                                                                                           \
	"FROM project p JOIN candidate k ON k.id = p.candidate_id JOIN cycle c ON c.id = p.cycle_id "          \
	"LEFT JOIN unit n ON n.id = p.lead_unit_id "
static const struct ms_stmt GET = MS_STMT("project.get", PROJECT_COLS PROJECT_FROM "WHERE p.id = ?");
#define SEARCH(L)                                                                                              \
	"(" MS_MATCH(L, "k.title") " OR " MS_MATCH(L, "k.title_en") " OR " MS_MATCH(L, "k.category") " OR "    \
	MS_MATCH(L, "k.location") " OR " MS_MATCH(L, "n.name") ")"
#define LIST_CYCLE_SQL(L)                                                                                      \
	PROJECT_COLS ", count(*) OVER () AS _total " PROJECT_FROM "WHERE p.cycle_id = ? AND " SEARCH(L)        \
		     " ORDER BY p.id LIMIT ? OFFSET ?"
static const struct ms_stmt LIST_CYCLE = MS_STMT_SEARCH("project.list_cycle", LIST_CYCLE_SQL);
/* The filters: 0 or '' takes any (ms_project_filter); the district is a LIKE on the location. */
#define LIST_CONGRESS_SQL(L)                                                                                   \
	PROJECT_COLS ", count(*) OVER () AS _total " PROJECT_FROM "WHERE p.congress_id = ? AND " SEARCH(L)     \
		     " AND (CAST(? AS BIGINT) = 0 OR c.year = ?) AND (CAST(? AS TEXT) = '' OR k.category = ?) "   \
		     "AND (CAST(? AS BIGINT) = 0 OR p.lead_unit_id = ?) AND " MS_MATCH(L, "k.location")           \
		     " AND (CAST(? AS TEXT) = '' OR p.light = ?) ORDER BY c.year DESC, p.id LIMIT ? OFFSET ?"
static const struct ms_stmt LIST_CONGRESS = MS_STMT_SEARCH("project.list_congress", LIST_CONGRESS_SQL);

const struct ms_stmt *const ms_project_stmts[] = {&INSERT, &GET, &LIST_CYCLE, &LIST_CONGRESS, NULL};

int ms_project_sql_insert(struct ms_db *db, int64_t congress_id, int64_t cycle_id, int64_t candidate_id,
			  int64_t poll_id, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &INSERT,
			 MS_ARGS(MS_VI(congress_id), MS_VI(cycle_id), MS_VREF(poll_id), MS_VT(now), MS_VI(candidate_id)), e);
}

int ms_project_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_project_kind, id) : rc;
}

static int list(struct ms_db *db, const struct ms_stmt *st, int64_t id, const struct ms_page *pg, json_t **out,
		struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, st, MS_ARGS(MS_VI(id), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q)), pg,
			 out, e);
}

int ms_project_list_cycle(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
			  struct ms_error *e)
{
	return list(db, &LIST_CYCLE, cycle_id, pg, out, e);
}

int ms_project_sql_list_congress(struct ms_db *db, int64_t congress_id, const struct ms_project_filter *f,
				 const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL, *cat = f->category ? f->category : "", *light = f->light ? f->light : "";
	return ms_q_page(db, &LIST_CONGRESS,
			 MS_ARGS(MS_VI(congress_id), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q), MS_VLIKE(q),
				 MS_VI(f->year), MS_VI(f->year), MS_VT(cat), MS_VT(cat), MS_VI(f->unit_id),
				 MS_VI(f->unit_id), MS_VLIKE(f->district), MS_VT(light), MS_VT(light)),
			 pg, out, e);
}
