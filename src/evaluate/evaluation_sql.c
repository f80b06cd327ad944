/* evaluation_sql.c — the SQL of evaluations: their projects, the record
 * beside the poll, and the verdicts. */
#include "evaluate_internal.h"

#include "../store/query.h"

static const struct ms_stmt ROUND_PROJECTS =
	MS_STMT("evaluation.round_projects", "SELECT id, candidate_id FROM project WHERE cycle_id = ? ORDER BY id");
static const struct ms_stmt PROJECT =
	MS_STMT("evaluation.project", "SELECT cycle_id, candidate_id FROM project WHERE id = ?");
static const struct ms_stmt INSERT = MS_STMT(
	"evaluation.insert", "INSERT INTO evaluation(poll_id, cycle_id, reevaluation_of, created_at) VALUES (?, ?, ?, ?)");
static const struct ms_stmt OWNER =
	MS_STMT("evaluation.owner", "SELECT c.congress_id FROM evaluation e JOIN cycle c ON c.id = e.cycle_id "
				    "WHERE e.poll_id = ?");
static const struct ms_stmt EARLIER =
	MS_STMT("evaluation.earlier", "SELECT 1 FROM evaluation e JOIN poll p ON p.id = e.poll_id "
				      "JOIN cycle c ON c.id = e.cycle_id WHERE e.poll_id = ? AND c.congress_id = ? "
				      "AND p.status = 'closed'");
static const struct ms_stmt RECORD =
	MS_STMT("evaluation.record", "SELECT e.reevaluation_of, e.closed_on, e.composite AS composite_j, e.created_at FROM evaluation e "
				     "WHERE e.poll_id = ?");
static const struct ms_stmt CARDS = MS_STMT(
	"evaluation.cards",
	"SELECT pr.id AS project_id, pr.candidate_id, k.title, k.title_en, k.cost, pr.lead_unit_id AS unit_id, "
	"n.name AS unit_name, n.name_en AS unit_name_en, pr.state, pr.light, pr.percent_done, pr.spent, pr.accepted_on, "
	"(SELECT max(r.published_on) FROM report r WHERE r.project_id = pr.id AND r.published_on IS NOT NULL) "
	"AS last_report_on FROM poll_candidate pc JOIN project pr ON pr.candidate_id = pc.candidate_id "
	"JOIN candidate k ON k.id = pc.candidate_id LEFT JOIN unit n ON n.id = pr.lead_unit_id "
	"WHERE pc.poll_id = ? ORDER BY pc.candidate_id");
static const struct ms_stmt LIST = MS_STMT(
	"evaluation.list", "SELECT p.id, p.cycle_id, p.title, p.status, p.electorate, e.reevaluation_of, p.created_at, "
			   "p.opened_at, p.closed_at, (SELECT count(*) FROM poll_candidate pc WHERE pc.poll_id = p.id) "
			   "AS projects, count(*) OVER () AS _total FROM evaluation e JOIN poll p ON p.id = e.poll_id "
			   "WHERE e.cycle_id = ? ORDER BY p.id LIMIT ? OFFSET ?");
static const struct ms_stmt PROJECT_OF =
	MS_STMT("evaluation.project_of", "SELECT id FROM project WHERE candidate_id = ?");
static const struct ms_stmt VERDICT_ADD =
	MS_STMT("evaluation.verdict_add", "INSERT INTO evaluation_verdict(poll_id, project_id, verdict, satisfied, basic, "
					  "dissatisfied, abstain, invalid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
static const struct ms_stmt CLOSED_ON =
	MS_STMT("evaluation.closed_on", "UPDATE evaluation SET closed_on = ? WHERE poll_id = ?");
static const struct ms_stmt COMPOSITE =
	MS_STMT("evaluation.composite", "SELECT composite FROM evaluation WHERE poll_id = ?");
static const struct ms_stmt SET_COMPOSITE =
	MS_STMT("evaluation.set_composite", "UPDATE evaluation SET composite = ? WHERE poll_id = ?");
static const struct ms_stmt SURVEY_SET = MS_STMT(
	"evaluation.survey_set",
	"INSERT INTO evaluation_survey(poll_id, project_id, component, satisfied, basic, dissatisfied) "
	"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(poll_id, project_id, component) DO UPDATE SET satisfied = excluded.satisfied, "
	"basic = excluded.basic, dissatisfied = excluded.dissatisfied");
static const struct ms_stmt TALLIES = MS_STMT(
	"evaluation.tallies",
	"SELECT project_id, component, satisfied, basic, dissatisfied FROM evaluation_survey WHERE poll_id = ? "
	"UNION ALL SELECT project_id, -1, satisfied, basic, dissatisfied FROM evaluation_verdict WHERE poll_id = ? "
	"AND verdict <> 'none'");
static const struct ms_stmt CLOSED = MS_STMT(
	"evaluation.closed", "SELECT e.poll_id FROM evaluation e JOIN poll p ON p.id = e.poll_id WHERE p.status = 'closed' "
			     "ORDER BY e.poll_id");
static const struct ms_stmt VERDICT_ROWS = MS_STMT(
	"evaluation.verdict_rows", "SELECT project_id, verdict, satisfied, basic, dissatisfied, abstain, invalid "
				   "FROM evaluation_verdict WHERE poll_id = ? ORDER BY project_id");
static const struct ms_stmt VERDICTS = MS_STMT(
	"evaluation.verdicts",
	"SELECT v.poll_id, p.title, p.closed_at, v.verdict, v.satisfied, v.basic, v.dissatisfied, v.abstain, v.invalid "
	"FROM evaluation_verdict v JOIN poll p ON p.id = v.poll_id WHERE v.project_id = ? ORDER BY v.poll_id DESC");

const struct ms_stmt *const ms_evaluation_stmts[] = {&ROUND_PROJECTS, &PROJECT, &INSERT,     &OWNER,
						     &EARLIER,	      &RECORD,	&CARDS,	     &LIST,
						     &PROJECT_OF,     &VERDICT_ADD, &VERDICTS, &CLOSED_ON, &COMPOSITE,
						     &SET_COMPOSITE, &SURVEY_SET, &TALLIES, &CLOSED,
						     &VERDICT_ROWS, NULL};

int ms_evaluation_sql_round_projects(struct ms_db *db, int64_t cycle_id, int64_t **ids, int64_t **cands, size_t *n,
				     struct ms_error *e)
{
	return ms_q_ids(db, &ROUND_PROJECTS, MS_ARGS(MS_VI(cycle_id)), ids, cands, n, e);
}

int ms_evaluation_sql_project(struct ms_db *db, int64_t project_id, int64_t *cycle_id, int64_t *candidate_id,
			      struct ms_error *e)
{
	int64_t *a = NULL, *b = NULL;
	size_t n = 0;
	int rc = ms_q_ids(db, &PROJECT, MS_ARGS(MS_VI(project_id)), &a, &b, &n, e);
	if (!rc && n == 0)
		rc = MS_ERR_NOT_FOUND;
	if (!rc)
		*cycle_id = a[0], *candidate_id = b[0];
	free(a);
	free(b);
	return rc;
}

int ms_evaluation_sql_insert(struct ms_db *db, int64_t poll_id, int64_t cycle_id, int64_t reevaluation_of,
			     const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &INSERT,
			 MS_ARGS(MS_VI(poll_id), MS_VI(cycle_id), reevaluation_of ? MS_VI(reevaluation_of) : MS_VT(NULL),
				 MS_VT(now)),
			 e);
}

int ms_evaluation_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &OWNER, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_evaluation_kind, id) : rc;
}

int ms_evaluation_sql_earlier(struct ms_db *db, int64_t id, int64_t congress_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &EARLIER, MS_ARGS(MS_VI(id), MS_VI(congress_id)), out, e);
}

int ms_evaluation_sql_record(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &RECORD, MS_ARGS(MS_VI(id)), out, e);
}

int ms_evaluation_sql_cards(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &CARDS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_evaluation_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	return ms_q_page(db, &LIST, MS_ARGS(MS_VI(cycle_id)), pg, out, e);
}

int ms_evaluation_sql_project_of(struct ms_db *db, int64_t candidate_id, int64_t *project_id, struct ms_error *e)
{
	return ms_q_i64(db, &PROJECT_OF, MS_ARGS(MS_VI(candidate_id)), project_id, e);
}

int ms_evaluation_sql_verdict_add(struct ms_db *db, int64_t poll_id, int64_t project_id, const char *verdict,
				  const int64_t t[5], struct ms_error *e)
{
	return ms_q_exec(db, &VERDICT_ADD,
			 MS_ARGS(MS_VI(poll_id), MS_VI(project_id), MS_VT(verdict), MS_VI(t[0]), MS_VI(t[1]), MS_VI(t[2]),
				 MS_VI(t[3]), MS_VI(t[4])),
			 e);
}

int ms_project_verdicts(struct ms_db *db, int64_t project_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &VERDICTS, MS_ARGS(MS_VI(project_id)), out, e);
}

int ms_evaluation_sql_closed_on(struct ms_db *db, int64_t id, const char *day, struct ms_error *e)
{
	return ms_q_exec(db, &CLOSED_ON, MS_ARGS(MS_VT(day), MS_VI(id)), e);
}

int ms_evaluation_sql_composite(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &COMPOSITE, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	*out = NULL;
	if ((rc = ms_sql_step(s, e)) == 1) {
		const char *text = ms_sql_column_type(s, 0) == MS_SQL_NULL ? NULL : ms_sql_column_text(s, 0, NULL);
		*out = text ? json_loads(text, 0, NULL) : NULL;
		rc = text && !*out ? ms_error_set(e, MS_ERR_STORE, NULL, NULL, "evaluation %lld: its composite is not JSON",
						  (long long)id)
				   : 0;
	}
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}

int ms_evaluation_sql_set_composite(struct ms_db *db, int64_t id, const char *text, struct ms_error *e)
{
	return ms_q_exec(db, &SET_COMPOSITE, MS_ARGS(MS_VT(text), MS_VI(id)), e);
}

int ms_evaluation_sql_survey_set(struct ms_db *db, int64_t id, int64_t project_id, int64_t component,
				 const int64_t t[3], struct ms_error *e)
{
	return ms_q_exec(db, &SURVEY_SET,
			 MS_ARGS(MS_VI(id), MS_VI(project_id), MS_VI(component), MS_VI(t[0]), MS_VI(t[1]), MS_VI(t[2])), e);
}

int ms_evaluation_sql_tallies(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &TALLIES, MS_ARGS(MS_VI(id), MS_VI(id)), out, e);
}

int ms_evaluation_sql_closed(struct ms_db *db, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &CLOSED, MS_NOARGS, ids, NULL, n, e);
}

int ms_evaluation_sql_verdict_rows(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &VERDICT_ROWS, MS_ARGS(MS_VI(id)), out, e);
}
