/* consequence_sql.c — the SQL of consequences: a congress's rules, the
 * consequences an evaluation's close makes, and their state, which follows
 * from the records: the supervision task done, a report published since,
 * the re-evaluation's verdict, an inquiry held since, the talk recorded. */
#include "evaluate_internal.h"

#include <string.h>

#include "../core/workday.h"
#include "../store/query.h"

static const struct ms_stmt RULES_CLEAR =
	MS_STMT("consequence.rules_clear", "DELETE FROM consequence_rule WHERE congress_id = ?");
static const struct ms_stmt RULE_ADD =
	MS_STMT("consequence.rule_add", "INSERT INTO consequence_rule(congress_id, verdict, kind, days, points, public) "
					"VALUES (?, ?, ?, ?, ?, ?)");
static const struct ms_stmt RULES =
	MS_STMT("consequence.rules", "SELECT verdict, kind, days, points, public FROM consequence_rule "
				     "WHERE congress_id = ? ORDER BY verdict DESC, kind");
static const struct ms_stmt INSERT =
	MS_STMT("consequence.insert", "INSERT INTO consequence(congress_id, poll_id, project_id, unit_id, verdict, kind, "
				      "created_on, due_on, points, public, task_id, created_at) VALUES (?, ?, ?, "
				      "(SELECT lead_unit_id FROM project WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?)");

/* A consequence with the day it was done (when its records show it) and,
 * for a re-evaluation, the new verdict; its state on the day given. */
#define CQ_ROW                                                                                         \
	"SELECT x.*, CASE WHEN x.kind = 'penalty' THEN 'applied' WHEN x.done_day IS NOT NULL THEN 'done' " \
	"WHEN x.due_on IS NOT NULL AND x.due_on < ? THEN 'overdue' ELSE 'open' END AS state FROM ("      \
	"SELECT c.id, c.congress_id, c.poll_id, ep.title AS evaluation_title, c.project_id, k.title AS project_title, " \
	"k.title_en AS project_title_en, c.unit_id, n.name AS unit_name, n.name_en AS unit_name_en, c.verdict, c.kind, " \
	"c.created_on, c.due_on, c.points, c.public AS public_b, c.task_id, c.done_on, c.note, "          \
	"CASE c.kind WHEN 'rectify' THEN (SELECT t.done_on FROM task t WHERE t.id = c.task_id) "         \
	"WHEN 'rereport' THEN (SELECT min(r.published_on) FROM report r WHERE r.project_id = c.project_id " \
	"AND r.published_on IS NOT NULL AND r.created_at >= c.created_at) "                            \
	"WHEN 'reevaluate' THEN (SELECT min(e.closed_on) FROM evaluation e "                               \
	"JOIN evaluation_verdict v ON v.poll_id = e.poll_id WHERE e.reevaluation_of = c.poll_id "        \
	"AND v.project_id = c.project_id AND v.verdict <> 'none') "                                    \
	"WHEN 'inquiry' THEN (SELECT min(i.day) FROM inquiry i WHERE i.project_id = c.project_id "       \
	"AND i.day >= c.created_on AND i.created_at >= c.created_at) "                                 \
	"WHEN 'talk' THEN c.done_on END AS done_day, "                                                 \
	"CASE WHEN c.kind = 'reevaluate' THEN (SELECT v.verdict FROM evaluation e "                      \
	"JOIN evaluation_verdict v ON v.poll_id = e.poll_id WHERE e.reevaluation_of = c.poll_id "        \
	"AND v.project_id = c.project_id AND v.verdict <> 'none' ORDER BY v.poll_id DESC LIMIT 1) END "   \
	"AS reevaluation_verdict "                                                                     \
	"FROM consequence c JOIN poll ep ON ep.id = c.poll_id JOIN project p ON p.id = c.project_id "    \
	"JOIN candidate k ON k.id = p.candidate_id LEFT JOIN unit n ON n.id = c.unit_id "
static const struct ms_stmt GET = MS_STMT("consequence.get", CQ_ROW "WHERE c.id = ?) x");
/* Parameters: today, congress (0: any), project (0: any), unit filter (0:
 * any), staff (1: all), viewer's unit, state ('' any), limit, offset. */
static const struct ms_stmt LIST = MS_STMT(
	"consequence.list",
	"SELECT y.*, count(*) OVER () AS _total FROM (" CQ_ROW "WHERE (CAST(? AS BIGINT) = 0 OR c.congress_id = ?) "
	"AND (CAST(? AS BIGINT) = 0 OR c.project_id = ?) AND (CAST(? AS BIGINT) = 0 OR c.unit_id = ?) "
	"AND (CAST(? AS BIGINT) = 1 OR c.public = 1 OR c.unit_id = ?)) x) y WHERE (CAST(? AS TEXT) = '' OR y.state = ?) "
	"ORDER BY y.id LIMIT ? OFFSET ?");
static const struct ms_stmt OWNER = MS_STMT("consequence.owner", "SELECT congress_id FROM consequence WHERE id = ?");
static const struct ms_stmt TALK =
	MS_STMT("consequence.talk", "UPDATE consequence SET done_on = ?, note = ?, done_by = ? WHERE id = ? AND kind = 'talk' "
				    "AND done_on IS NULL RETURNING id");

const struct ms_stmt *const ms_consequence_stmts[] = {&RULES_CLEAR, &RULE_ADD, &RULES, &INSERT, &GET,
						      &LIST,	    &OWNER,    &TALK,  NULL};

int ms_consequence_sql_rules_clear(struct ms_db *db, int64_t congress_id, struct ms_error *e)
{
	return ms_q_exec(db, &RULES_CLEAR, MS_ARGS(MS_VI(congress_id)), e);
}

int ms_consequence_sql_rule_add(struct ms_db *db, int64_t congress_id, const struct ms_consequence_rule *r,
				struct ms_error *e)
{
	return ms_q_exec(db, &RULE_ADD,
			 MS_ARGS(MS_VI(congress_id), MS_VT(ms_names_key(&ms_verdict_names, r->verdict)),
				 MS_VT(ms_names_key(&ms_consequence_kind_names, r->kind)), MS_VI(r->days), MS_VI(r->points),
				 MS_VI(r->public_)),
			 e);
}

int ms_consequence_sql_rules(struct ms_db *db, int64_t congress_id, struct ms_consequence_rule **out, size_t *n,
			     struct ms_error *e)
{
	json_t *rows = NULL;
	int rc = ms_q_rows_json(db, &RULES, MS_ARGS(MS_VI(congress_id)), &rows, e);
	if (rc)
		return rc;
	*n = json_array_size(rows);
	*out = calloc(*n + 1, sizeof **out);
	if (!*out) {
		json_decref(rows);
		return ms_nomem(e);
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		struct ms_consequence_rule *x = &(*out)[i];
		x->verdict = ms_names_find(&ms_verdict_names, json_string_value(json_object_get(r, "verdict")));
		x->kind = ms_names_find(&ms_consequence_kind_names, json_string_value(json_object_get(r, "kind")));
		x->days = (int)json_integer_value(json_object_get(r, "days"));
		x->points = (int)json_integer_value(json_object_get(r, "points"));
		x->public_ = json_integer_value(json_object_get(r, "public")) != 0;
	}
	json_decref(rows);
	return 0;
}

int ms_consequence_sql_insert(struct ms_db *db, int64_t congress_id, const struct ms_consequence *c,
			      const char *created_on, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &INSERT,
			 MS_ARGS(MS_VI(congress_id), MS_VI(c->poll_id), MS_VI(c->project_id), MS_VI(c->project_id),
				 MS_VT(ms_names_key(&ms_verdict_names, c->verdict)),
				 MS_VT(ms_names_key(&ms_consequence_kind_names, c->kind)), MS_VT(created_on),
				 MS_VT(*c->due_on ? c->due_on : NULL), MS_VI(c->points), MS_VI(c->public_),
				 c->task_id ? MS_VI(c->task_id) : MS_VT(NULL), MS_VT(now)),
			 e);
}

int ms_consequence_sql_get(struct ms_db *db, int64_t id, const char *today, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &GET, MS_ARGS(MS_VT(today), MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_consequence_kind, id) : rc;
}

int ms_consequence_list(struct ms_db *db, int64_t congress_id, int64_t project_id, int64_t unit_id, const char *state,
			const struct ms_cq_viewer *v, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	char today[11];
	ms_day_format(ms_day_today(), today);
	const char *st = state ? state : "";
	return ms_q_page(db, &LIST,
			 MS_ARGS(MS_VT(today), MS_VI(congress_id), MS_VI(congress_id), MS_VI(project_id), MS_VI(project_id),
				 MS_VI(unit_id), MS_VI(unit_id), MS_VI(v->staff), MS_VI(v->unit_id), MS_VT(st), MS_VT(st)),
			 pg, out, e);
}

int ms_consequence_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &OWNER, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_consequence_kind, id) : rc;
}

int ms_consequence_sql_talk(struct ms_db *db, int64_t id, const char *on, const char *note, int64_t by,
			    struct ms_error *e)
{
	int64_t done = 0;
	int rc = ms_q_i64(db, &TALK, MS_ARGS(MS_VT(on), MS_VT(note), MS_VI(by), MS_VI(id)), &done, e);
	/* recorded by a concurrent request since it was read */
	return rc == MS_ERR_NOT_FOUND ? ms_fail(e, MS_E_CQ_RECORDED, NULL) : rc;
}
