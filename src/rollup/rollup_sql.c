/* rollup_sql.c — the SQL of the roll-up: the subtree of a congress, and
 * each figure counted per congress of it from the raw records (rollup.h);
 * the change stamp of its cache.
 * Every statement starts from the same subtree (SUBTREE, its root bound
 * first); times are UTC ISO 8601 texts ("...Z"), days China's YYYY-MM-DD. */
#include "rollup_internal.h"

#include "../org/member_sql.h"
#include "../store/query.h"

/* the hierarchy is four deep at most; the bound keeps a cycle (none can be made) from running on */
#define SUBTREE                                                                                        \
	"WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM congress WHERE id = ? "                        \
	"UNION ALL SELECT c.id, t.depth + 1 FROM congress c JOIN t ON c.parent_id = t.id WHERE t.depth < 8) "
/* the year's projects of the subtree (p: project, k: its candidate) */
#define PROJECTS_OF_YEAR                                                                               \
	"FROM project p JOIN cycle y ON y.id = p.cycle_id JOIN candidate k ON k.id = p.candidate_id "       \
	"WHERE p.congress_id IN (SELECT id FROM t) AND y.year = CAST(? AS BIGINT) "

static const struct ms_stmt NODES = MS_STMT(
	"rollup.nodes",
	SUBTREE "SELECT c.id, c.name, c.name_en, c.level, c.parent_id, t.depth, "
	"(SELECT y.phase FROM cycle y WHERE y.congress_id = c.id AND y.year = CAST(? AS BIGINT)) AS phase, "
	"(SELECT count(*) " MS_SQL_DEPUTIES_FROM "WHERE u.congress_id = c.id) AS deputies "
	"FROM t JOIN congress c ON c.id = t.id ORDER BY t.depth, c.id");
static const struct ms_stmt PATH = MS_STMT(
	"rollup.path",
	"WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM congress WHERE id = ? "
	"UNION ALL SELECT c.parent_id, up.depth + 1 FROM congress c JOIN up ON c.id = up.id WHERE up.depth < 8) "
	"SELECT c.id, c.name, c.name_en, c.level FROM up JOIN congress c ON c.id = up.id ORDER BY up.depth DESC");
static const struct ms_stmt PROJECTS = MS_STMT(
	"rollup.projects",
	SUBTREE "SELECT p.congress_id, p.state, p.light, k.tier, count(*) AS n, CAST(sum(k.cost) AS BIGINT) AS cost, "
	"CAST(sum(p.spent) AS BIGINT) AS spent " PROJECTS_OF_YEAR "GROUP BY p.congress_id, p.state, p.light, k.tier");
/* a project's verdict is that of its latest evaluation (a re-evaluation replaces the first) */
static const struct ms_stmt VERDICTS = MS_STMT(
	"rollup.verdicts",
	SUBTREE "SELECT p.congress_id, v.verdict, count(*) AS n FROM project p JOIN cycle y ON y.id = p.cycle_id "
	"JOIN evaluation_verdict v ON v.project_id = p.id "
	"AND v.poll_id = (SELECT max(v2.poll_id) FROM evaluation_verdict v2 WHERE v2.project_id = p.id) "
	"WHERE p.congress_id IN (SELECT id FROM t) AND y.year = CAST(? AS BIGINT) "
	"GROUP BY p.congress_id, v.verdict");
static const struct ms_stmt DEMANDS = MS_STMT(
	"rollup.demands",
	SUBTREE "SELECT d.congress_id, count(*) AS n, "
	"CAST(sum(CASE WHEN d.deputy_id IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS by_deputies FROM demand d "
	"WHERE d.congress_id IN (SELECT id FROM t) AND d.created_at >= ? AND d.created_at < ? GROUP BY d.congress_id");
/* overdue as the overdue list says (case_sql.c): assigned or accepted, past the due time of its latest assignment */
static const struct ms_stmt CASEWORK = MS_STMT(
	"rollup.casework",
	SUBTREE "SELECT c.congress_id, c.kind, count(*) AS n, "
	"CAST(sum(CASE WHEN c.status = 'closed' THEN 1 ELSE 0 END) AS BIGINT) AS closed, "
	"CAST(sum(CASE WHEN c.status IN ('assigned','accepted') AND a.due_at < ? THEN 1 ELSE 0 END) AS BIGINT) "
	"AS overdue FROM casework c LEFT JOIN casework_assignment a ON a.id = "
	"(SELECT max(x.id) FROM casework_assignment x WHERE x.casework_id = c.id) "
	"WHERE c.congress_id IN (SELECT id FROM t) AND c.status <> 'merged' AND c.created_at >= ? AND c.created_at < ? "
	"GROUP BY c.congress_id, c.kind");
static const struct ms_stmt TASKS = MS_STMT(
	"rollup.tasks",
	SUBTREE "SELECT p.congress_id, count(*) AS n, "
	"CAST(sum(CASE WHEN tk.due_on < ? THEN 1 ELSE 0 END) AS BIGINT) AS overdue FROM task tk "
	"JOIN project p ON p.id = tk.project_id JOIN cycle y ON y.id = p.cycle_id "
	"WHERE p.congress_id IN (SELECT id FROM t) AND y.year = CAST(? AS BIGINT) AND tk.done_on IS NULL "
	"GROUP BY p.congress_id");
static const struct ms_stmt ACTIVITIES = MS_STMT(
	"rollup.activities",
	SUBTREE "SELECT r.congress_id, count(*) AS n, CAST(COALESCE(sum(r.hours), 0) AS BIGINT) AS hours "
	"FROM record_entry r WHERE r.congress_id IN (SELECT id FROM t) AND r.status = 'approved' "
	"AND r.day >= ? AND r.day <= ? GROUP BY r.congress_id");

/* The change stamp of the cache (rollup_cache.c): every write appends to the audit log in its transaction, and the
 * log's ids grow in the order of the commits (taken under the chain's lock, held to the commit), so the newest id
 * changes with every committed write; read from the primary key's index. */
static const struct ms_stmt STAMP = MS_STMT("rollup.stamp", "SELECT coalesce(max(id), 0) FROM audit");

const struct ms_stmt *const ms_rollup_stmts[] = {&NODES, &PATH, &PROJECTS, &VERDICTS, &DEMANDS,
						 &CASEWORK, &TASKS, &ACTIVITIES, &STAMP, NULL};

int ms_rollup_sql_nodes(struct ms_db *db, int64_t id, int year, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &NODES, MS_ARGS(MS_VI(id), MS_VI(year)), out, e);
}

int ms_rollup_sql_path(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &PATH, MS_ARGS(MS_VI(id)), out, e);
}

int ms_rollup_sql_stamp(struct ms_db *db, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &STAMP, MS_NOARGS, out, e);
}

int ms_rollup_sql_figures(struct ms_db *db, const struct ms_rollup_period *p, json_t *rows[MS_ROLLUP_QUERIES],
			  struct ms_error *e)
{
	int64_t id = p->congress_id;
	int rc;
	if ((rc = ms_q_rows_json(db, &PROJECTS, MS_ARGS(MS_VI(id), MS_VI(p->year)), &rows[MS_RQ_PROJECTS], e)) ||
	    (rc = ms_q_rows_json(db, &VERDICTS, MS_ARGS(MS_VI(id), MS_VI(p->year)), &rows[MS_RQ_VERDICTS], e)) ||
	    (rc = ms_q_rows_json(db, &DEMANDS, MS_ARGS(MS_VI(id), MS_VT(p->t0), MS_VT(p->t1)), &rows[MS_RQ_DEMANDS],
				 e)) ||
	    (rc = ms_q_rows_json(db, &CASEWORK, MS_ARGS(MS_VI(id), MS_VT(p->now), MS_VT(p->t0), MS_VT(p->t1)),
				 &rows[MS_RQ_CASEWORK], e)) ||
	    (rc = ms_q_rows_json(db, &TASKS, MS_ARGS(MS_VI(id), MS_VT(p->today), MS_VI(p->year)), &rows[MS_RQ_TASKS],
				 e)))
		return rc;
	return ms_q_rows_json(db, &ACTIVITIES, MS_ARGS(MS_VI(id), MS_VT(p->from), MS_VT(p->to)),
			      &rows[MS_RQ_ACTIVITIES], e);
}
