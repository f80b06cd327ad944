/* assessment_sql.c — the SQL of the unit assessment: a congress's units,
 * its projects with their latest published plans, the milestones reached in
 * published reports, the verdicts of the year's evaluations, the penalty
 * consequences (read only: src/evaluate/ writes them), and the settings. */
#include "assess_unit_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../org/org.h"
#include "../store/query.h"

static const struct ms_stmt CONGRESS = MS_STMT("assess.congress", "SELECT name, name_en FROM congress WHERE id = ?");
static const struct ms_stmt UNITS =
	MS_STMT("assess.units", "SELECT id, name, name_en FROM unit WHERE congress_id = ? ORDER BY id");
/* Every project with a lead unit: its planned finish from the plan in force
 * (none without one — its verdicts count all the same). */
#define PROJECTS_SQL(FINISH)                                                                              \
	"SELECT p.id, p.lead_unit_id AS unit_id, k.title, k.title_en, " FINISH " AS finish_on, p.accepted_on "    \
	"FROM project p JOIN candidate k ON k.id = p.candidate_id "                                          \
	"LEFT JOIN plan_version v ON v.project_id = p.id AND v.version = p.plan_version "                    \
	"WHERE p.congress_id = ? AND p.lead_unit_id IS NOT NULL ORDER BY p.id"
static const struct ms_stmt PROJECTS = MS_STMT2("assess.projects", PROJECTS_SQL("json_extract(v.plan, '$.finish_on')"),
						PROJECTS_SQL("(v.plan::jsonb ->> 'finish_on')"));
/* The latest published plans' milestones, numbered from 1 in their order. */
static const struct ms_stmt MILESTONES = MS_STMT2(
	"assess.milestones",
	"SELECT p.id, CAST(j.key AS INTEGER) + 1, json_extract(j.value, '$.planned_on'), "
	"json_extract(j.value, '$.title') FROM project p "
	"JOIN plan_version v ON v.project_id = p.id AND v.version = p.plan_version, "
	"json_each(v.plan, '$.milestones') j WHERE p.congress_id = ? AND p.lead_unit_id IS NOT NULL "
	"ORDER BY p.id, CAST(j.key AS INTEGER)",
	"SELECT p.id, j.n, j.m ->> 'planned_on', j.m ->> 'title' FROM project p "
	"JOIN plan_version v ON v.project_id = p.id AND v.version = p.plan_version "
	"CROSS JOIN LATERAL jsonb_array_elements(COALESCE(v.plan::jsonb -> 'milestones', '[]'::jsonb)) "
	"WITH ORDINALITY AS j(m, n) WHERE p.congress_id = ? AND p.lead_unit_id IS NOT NULL ORDER BY p.id, j.n");
static const struct ms_stmt REACHED =
	MS_STMT("assess.reached", "SELECT m.project_id, m.milestone, m.reached_on, m.report_id FROM project p "
				  "JOIN report_milestone m ON m.project_id = p.id JOIN report r ON r.id = m.report_id "
				  "WHERE p.congress_id = ? AND r.published_on IS NOT NULL ORDER BY m.project_id, m.milestone");
static const struct ms_stmt VERDICTS = MS_STMT(
	"assess.verdicts",
	"SELECT v.project_id, v.poll_id, v.verdict, v.satisfied, v.basic, v.dissatisfied, v.abstain, v.invalid, "
	"po.title AS poll_title, po.closed_at FROM evaluation_verdict v JOIN evaluation e ON e.poll_id = v.poll_id "
	"JOIN cycle c ON c.id = e.cycle_id JOIN poll po ON po.id = v.poll_id "
	"WHERE c.congress_id = ? AND c.year = ? ORDER BY v.project_id, v.poll_id DESC");
static const struct ms_stmt PENALTIES =
	MS_STMT("assess.penalties", "SELECT id, unit_id, project_id, poll_id, verdict, points, created_on, "
				    "public AS public_b FROM consequence WHERE congress_id = ? AND kind = 'penalty' "
				    "AND created_on >= ? AND created_on <= ? ORDER BY id");
static const struct ms_stmt SETTINGS = MS_STMT(
	"assess.settings", "SELECT w_on_time, w_delivery, w_satisfaction, w_response, w_resolution, "
			   "w_casework_satisfaction, w_tasks, excellent_min, good_min, pass_min FROM assessment_settings "
			   "WHERE congress_id = ?");
static const struct ms_stmt SETTINGS_SET = MS_STMT(
	"assess.settings_set",
	"INSERT INTO assessment_settings(congress_id, w_on_time, w_delivery, w_satisfaction, w_response, w_resolution, "
	"w_casework_satisfaction, w_tasks, excellent_min, good_min, pass_min, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	"ON CONFLICT(congress_id) DO UPDATE SET w_on_time = excluded.w_on_time, w_delivery = excluded.w_delivery, "
	"w_satisfaction = excluded.w_satisfaction, w_response = excluded.w_response, "
	"w_resolution = excluded.w_resolution, w_casework_satisfaction = excluded.w_casework_satisfaction, "
	"w_tasks = excluded.w_tasks, "
	"excellent_min = excluded.excellent_min, good_min = excluded.good_min, pass_min = excluded.pass_min, "
	"updated_at = excluded.updated_at");
static const struct ms_stmt UNIT = MS_STMT("assess.unit", "SELECT congress_id FROM unit WHERE id = ?");
static const struct ms_stmt TASKS = MS_STMT(
	"assess.tasks",
	"SELECT t.lead_unit_id AS unit_id, t.id, t.code, t.title, l.id AS list_id, l.title AS list_title, t.deadline, "
	"t.direction, t.target, (SELECT r.value FROM target_report r WHERE r.task_id = t.id AND r.state = 'accepted' "
	"AND r.reported_on <= t.deadline ORDER BY r.reported_on DESC, r.id DESC LIMIT 1) AS value, "
	"(SELECT r.id FROM target_report r WHERE r.task_id = t.id AND r.state = 'accepted' "
	"AND r.reported_on <= t.deadline ORDER BY r.reported_on DESC, r.id DESC LIMIT 1) AS report_id "
	"FROM target_task t JOIN target_list l ON l.id = t.list_id WHERE l.congress_id = ? AND l.status = 'published' "
	"AND t.lead_unit_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM target_task s WHERE s.parent_id = t.id) "
	"AND t.deadline >= ? AND t.deadline <= ? ORDER BY t.lead_unit_id, t.id");
static const struct ms_stmt YEARS =
	MS_STMT("assess.years", "SELECT DISTINCT year FROM cycle WHERE congress_id = ? AND kind = 'round' ORDER BY year");

const struct ms_stmt *const ms_assessment_stmts[] = {&CONGRESS, &UNITS,	  &PROJECTS, &MILESTONES, &REACHED, &VERDICTS,
						     &PENALTIES, &SETTINGS, &SETTINGS_SET, &UNIT,    &YEARS, &TASKS, NULL};

void ms_assess_data_fini(struct ms_assess_data *d)
{
	json_decref(d->congress);
	json_decref(d->units);
	json_decref(d->projects);
	free(d->reached);
	for (size_t i = 0; i < d->n_milestones; i++)
		free(d->milestones[i].title);
	free(d->milestones);
	json_decref(d->verdicts);
	json_decref(d->penalties);
	memset(d, 0, sizeof *d);
}

/* The milestones reached, read straight into an array (the league table's largest read). */
static int reached(struct ms_db *db, int64_t congress_id, struct ms_assess_data *d, struct ms_error *e)
{
	struct ms_sql_stmt *s = NULL;
	size_t cap = 0;
	int rc = ms_q_bind(db, &REACHED, MS_ARGS(MS_VI(congress_id)), &s, e);
	while (!rc && (rc = ms_sql_step(s, e)) == 1) {
		rc = 0;
		if (d->n_reached == cap) {
			cap = cap ? 2 * cap : 256;
			struct ms_assess_reached *n = realloc(d->reached, cap * sizeof *n);
			if (!n) {
				rc = ms_nomem(e);
				break;
			}
			d->reached = n;
		}
		struct ms_assess_reached *r = &d->reached[d->n_reached++];
		r->project_id = ms_sql_column_i64(s, 0);
		r->milestone = ms_sql_column_i64(s, 1);
		const char *on = ms_sql_column_text(s, 2, NULL);
		snprintf(r->reached_on, sizeof r->reached_on, "%s", on ? on : "");
		r->report_id = ms_sql_column_i64(s, 3);
	}
	if (s)
		ms_sql_reset(s);
	return rc == 1 ? 0 : rc;
}

static int milestones(struct ms_db *db, int64_t congress_id, struct ms_assess_data *d, struct ms_error *e)
{
	struct ms_sql_stmt *s = NULL;
	size_t cap = 0;
	int rc = ms_q_bind(db, &MILESTONES, MS_ARGS(MS_VI(congress_id)), &s, e);
	while (!rc && (rc = ms_sql_step(s, e)) == 1) {
		rc = 0;
		if (d->n_milestones == cap) {
			cap = cap ? 2 * cap : 256;
			struct ms_assess_milestone *n = realloc(d->milestones, cap * sizeof *n);
			if (!n) {
				rc = ms_nomem(e);
				break;
			}
			d->milestones = n;
		}
		struct ms_assess_milestone *m = &d->milestones[d->n_milestones];
		const char *on = ms_sql_column_text(s, 2, NULL), *title = ms_sql_column_text(s, 3, NULL);
		m->project_id = ms_sql_column_i64(s, 0);
		m->number = ms_sql_column_i64(s, 1);
		snprintf(m->planned_on, sizeof m->planned_on, "%s", on ? on : "");
		m->title = strdup(title ? title : "");
		if (!m->title) {
			rc = ms_nomem(e);
			break;
		}
		d->n_milestones++;
	}
	if (s)
		ms_sql_reset(s);
	return rc == 1 ? 0 : rc;
}

int ms_assess_sql_load(struct ms_db *db, int64_t congress_id, int year, struct ms_assess_data *d, struct ms_error *e)
{
	memset(d, 0, sizeof *d);
	d->congress_id = congress_id;
	d->year = year;
	char from[11], to[11];
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	int rc = ms_q_row_json(db, &CONGRESS, MS_ARGS(MS_VI(congress_id)), &d->congress, e);
	if (rc == MS_ERR_NOT_FOUND)
		rc = ms_store_not_found(e, &ms_congress_kind, congress_id);
	if (!rc)
		rc = ms_q_rows_json(db, &UNITS, MS_ARGS(MS_VI(congress_id)), &d->units, e);
	if (!rc)
		rc = ms_q_rows_json(db, &PROJECTS, MS_ARGS(MS_VI(congress_id)), &d->projects, e);
	if (!rc)
		rc = milestones(db, congress_id, d, e);
	if (!rc)
		rc = reached(db, congress_id, d, e);
	if (!rc)
		rc = ms_q_rows_json(db, &VERDICTS, MS_ARGS(MS_VI(congress_id), MS_VI(year)), &d->verdicts, e);
	if (!rc)
		rc = ms_q_rows_json(db, &PENALTIES, MS_ARGS(MS_VI(congress_id), MS_VT(from), MS_VT(to)), &d->penalties,
				    e);
	if (rc)
		ms_assess_data_fini(d);
	return rc;
}

int ms_assess_sql_settings(struct ms_db *db, int64_t congress_id, struct ms_assess_settings *s, bool *found,
			   struct ms_error *e)
{
	struct ms_sql_stmt *st;
	int rc = ms_q_bind(db, &SETTINGS, MS_ARGS(MS_VI(congress_id)), &st, e);
	if (rc)
		return rc;
	rc = ms_sql_step(st, e);
	*found = rc == 1;
	if (rc == 1) {
		for (int i = 0; i < MS_AC_COUNT; i++)
			s->weights[i] = (uint32_t)ms_sql_column_i64(st, i);
		s->excellent_min = (uint32_t)ms_sql_column_i64(st, MS_AC_COUNT);
		s->good_min = (uint32_t)ms_sql_column_i64(st, MS_AC_COUNT + 1);
		s->pass_min = (uint32_t)ms_sql_column_i64(st, MS_AC_COUNT + 2);
		rc = 0;
	}
	ms_sql_reset(st);
	return rc;
}

int ms_assess_sql_settings_set(struct ms_db *db, int64_t congress_id, const struct ms_assess_settings *s,
			       const char *now, struct ms_error *e)
{
	const uint32_t *w = s->weights;
	return ms_q_exec(db, &SETTINGS_SET,
			 MS_ARGS(MS_VI(congress_id), MS_VI(w[0]), MS_VI(w[1]), MS_VI(w[2]), MS_VI(w[3]), MS_VI(w[4]),
				 MS_VI(w[5]), MS_VI(w[6]), MS_VI(s->excellent_min), MS_VI(s->good_min), MS_VI(s->pass_min),
				 MS_VT(now)),
			 e);
}

int ms_assess_sql_unit(struct ms_db *db, int64_t unit_id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &UNIT, MS_ARGS(MS_VI(unit_id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_unit_kind, unit_id) : rc;
}

int ms_assess_sql_years(struct ms_db *db, int64_t congress_id, int64_t **years, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &YEARS, MS_ARGS(MS_VI(congress_id)), years, NULL, n, e);
}

int ms_assess_sql_tasks(struct ms_db *db, int64_t congress_id, const char *from, const char *to, json_t **out,
			struct ms_error *e)
{
	return ms_q_rows_json(db, &TASKS, MS_ARGS(MS_VI(congress_id), MS_VT(from), MS_VT(to)), out, e);
}
