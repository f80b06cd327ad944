/* plan_sql.c — the SQL of implementation plans: the draft on the project,
 * the published versions in plan_version (immutable). */
#include "supervise_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../store/query.h"

static const struct ms_stmt SAVE_DRAFT = MS_STMT("plan.save_draft", "UPDATE project SET plan_draft = ? WHERE id = ?");
static const struct ms_stmt TEXTS =
	MS_STMT("plan.texts", "SELECT p.plan_draft, v.plan, p.plan_version FROM project p LEFT JOIN plan_version v "
			      "ON v.project_id = p.id AND v.version = p.plan_version WHERE p.id = ?");
static const struct ms_stmt INSERT_VERSION =
	MS_STMT("plan.insert_version", "INSERT INTO plan_version(project_id, version, plan, published_at, published_by) "
				       "VALUES (?, ?, ?, ?, ?)");
static const struct ms_stmt SET_VERSION =
	MS_STMT("plan.set_version", "UPDATE project SET plan_version = ?, state = CASE WHEN state = 'planning' "
				    "THEN 'delivering' ELSE state END WHERE id = ?");
static const struct ms_stmt VERSIONS =
	MS_STMT("plan.versions", "SELECT v.version, v.published_at, u.name AS published_by_name, v.plan FROM plan_version v "
				 "LEFT JOIN \"user\" u ON u.id = v.published_by WHERE v.project_id = ? ORDER BY v.version DESC");

const struct ms_stmt *const ms_plan_stmts[] = {&SAVE_DRAFT, &TEXTS, &INSERT_VERSION, &SET_VERSION, &VERSIONS, NULL};

int ms_plan_sql_save_draft(struct ms_db *db, int64_t project_id, const char *text, struct ms_error *e)
{
	return ms_q_exec(db, &SAVE_DRAFT, MS_ARGS(MS_VT(text), MS_VI(project_id)), e);
}

static char *dup_col(struct ms_sql_stmt *s, int col, bool *oom)
{
	if (ms_sql_column_type(s, col) == MS_SQL_NULL)
		return NULL;
	char *c = strdup(ms_sql_column_text(s, col, NULL));
	if (!c)
		*oom = true;
	return c;
}

int ms_plan_sql_texts(struct ms_db *db, int64_t project_id, char **draft, char **latest, int64_t *version,
		      struct ms_error *e)
{
	*draft = *latest = NULL;
	*version = 0;
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &TEXTS, MS_ARGS(MS_VI(project_id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		bool oom = false;
		*draft = dup_col(s, 0, &oom);
		*latest = dup_col(s, 1, &oom);
		*version = ms_sql_column_i64(s, 2);
		rc = oom ? ms_nomem(e) : 0;
	} else if (rc == 0) {
		rc = ms_store_not_found(e, &ms_project_kind, project_id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_plan_sql_publish(struct ms_db *db, int64_t project_id, int64_t version, const char *text, const char *now,
			int64_t by, struct ms_error *e)
{
	int rc = ms_q_exec(db, &INSERT_VERSION,
			   MS_ARGS(MS_VI(project_id), MS_VI(version), MS_VT(text), MS_VT(now), MS_VREF(by)), e);
	return rc ? rc : ms_q_exec(db, &SET_VERSION, MS_ARGS(MS_VI(version), MS_VI(project_id)), e);
}

int ms_plan_versions(struct ms_db *db, int64_t project_id, json_t **out, struct ms_error *e)
{
	json_t *rows = NULL;
	int rc = ms_q_rows_json(db, &VERSIONS, MS_ARGS(MS_VI(project_id)), &rows, e);
	if (rc)
		return rc;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		json_t *plan = json_loads(json_string_value(json_object_get(r, "plan")), 0, NULL);
		json_object_set_new(r, "plan", plan ? plan : json_null());
	}
	*out = json_pack("{s:o}", "items", rows);
	return *out ? 0 : ms_nomem(e);
}
