/* report_sql.c — the SQL of progress reports and their files. */
#include "supervise_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/upload.h"
#include "../store/query.h"

const struct ms_name ms_attachment_kind = {"attachment", "附件", "attachment"};
const struct ms_name ms_report_kind = {"report", "进度报告", "progress report"};

static const struct ms_stmt ADD_FILE = MS_STMT(
	"report.add_file",
	"INSERT INTO attachment(congress_id, project_id, kind, mime, name, size, width, height, data, thumb, uploaded_by, "
	"uploaded_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
#define FILE_COLS "SELECT a.id, a.project_id, a.report_id, a.inspection_id, a.kind, a.mime, a.name, a.size, a.width, a.height, a.created_at "
static const struct ms_stmt FILE_JSON = MS_STMT("report.file_json", FILE_COLS "FROM attachment a WHERE a.id = ?");
static const struct ms_stmt FILE_FREE =
	MS_STMT("report.file_free", "SELECT 1 FROM attachment WHERE id = ? AND project_id = ? AND uploaded_by = ? AND "
				    "report_id IS NULL AND inspection_id IS NULL");
/* Unused uploads of one user for one project. */
static const struct ms_stmt FREE_COUNT =
	MS_STMT("report.free_count", "SELECT count(*) FROM attachment WHERE project_id = ? AND uploaded_by = ? AND "
				     "report_id IS NULL AND inspection_id IS NULL");
static const struct ms_stmt REACHED =
	MS_STMT("report.reached", "SELECT 1 FROM report_milestone WHERE project_id = ? AND milestone = ?");
static const struct ms_stmt INSERT = MS_STMT(
	"report.insert",
	"INSERT INTO report(project_id, congress_id, unit_id, author_id, reported_on, body, percent_done, spent, created_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt ADD_REACHED =
	MS_STMT("report.add_reached", "INSERT INTO report_milestone(report_id, project_id, milestone, title, reached_on) "
				      "VALUES (?, ?, ?, ?, ?)");
static const struct ms_stmt ATTACH =
	MS_STMT("report.attach", "UPDATE attachment SET report_id = ? WHERE id = ? AND report_id IS NULL AND "
				 "inspection_id IS NULL RETURNING id");
static const struct ms_stmt PROGRESS = MS_STMT(
	"report.progress", "UPDATE project SET reported_percent = ?, reported_spent = ?, last_report_on = ? WHERE id = ?");
#define REPORT_COLS                                                                                            \
	"SELECT r.id, r.project_id, r.congress_id, r.unit_id, n.name AS unit_name, u.name AS author_name, "     \
	"r.reported_on, r.body, r.percent_done, r.spent, r.published_on, r.created_at "
#define REPORT_FROM "FROM report r LEFT JOIN unit n ON n.id = r.unit_id LEFT JOIN \"user\" u ON u.id = r.author_id "
static const struct ms_stmt GET = MS_STMT("report.get", REPORT_COLS REPORT_FROM "WHERE r.id = ?");
static const struct ms_stmt PUBLISH = MS_STMT("report.publish", "UPDATE report SET published_on = ? WHERE id = ?");
/* The project's public figures: the latest published report's. */
static const struct ms_stmt PUBLIC_FIGURES =
	MS_STMT("report.public_figures",
		"UPDATE project SET percent_done = (SELECT r.percent_done FROM report r WHERE r.id = ?), "
		"spent = (SELECT r.spent FROM report r WHERE r.id = ?), started = CASE WHEN started = 1 OR EXISTS "
		"(SELECT 1 FROM report r WHERE r.id = ? AND r.percent_done > 0) OR EXISTS (SELECT 1 FROM "
		"report_milestone m WHERE m.report_id = ?) THEN 1 ELSE 0 END WHERE id = (SELECT r.project_id FROM report r "
		"WHERE r.id = ?) AND state <> 'finished' AND NOT EXISTS (SELECT 1 FROM report r WHERE r.project_id = "
		"project.id AND r.published_on IS NOT NULL AND r.id > ?)");
static const struct ms_stmt LIST = MS_STMT(
	"report.list", REPORT_COLS ", count(*) OVER () AS _total " REPORT_FROM
	"WHERE r.project_id = ? AND (? = 1 OR r.published_on IS NOT NULL) ORDER BY r.id DESC LIMIT ? OFFSET ?");
/* A congress's reports (the clerk's recent reports): 'all', 'submitted' (not
 * yet published) or 'published'. No index on report(congress_id): a staff
 * view, read a page at a time. */
static const struct ms_stmt LIST_CONGRESS = MS_STMT(
	"report.list_congress",
	REPORT_COLS ", k.title AS project_title, k.title_en AS project_title_en, count(*) OVER () AS _total " REPORT_FROM
	"JOIN project p ON p.id = r.project_id JOIN candidate k ON k.id = p.candidate_id WHERE r.congress_id = ? "
	"AND (? = 'all' OR (? = 'submitted' AND r.published_on IS NULL) OR (? = 'published' AND r.published_on IS NOT NULL)) "
	"ORDER BY r.id DESC LIMIT ? OFFSET ?");
static const struct ms_stmt MILESTONES = MS_STMT(
	"report.milestones", "SELECT milestone, title, reached_on FROM report_milestone WHERE report_id = ? ORDER BY milestone");
static const struct ms_stmt FILES = MS_STMT("report.files", FILE_COLS "FROM attachment a WHERE a.report_id = ? ORDER BY a.id");
static const struct ms_stmt FILE_META =
	MS_STMT("report.file_meta",
		"SELECT a.congress_id, CASE WHEN r.published_on IS NOT NULL OR i.published_at IS NOT NULL THEN 1 ELSE 0 "
		"END, i.group_id, CASE WHEN a.report_id IS NULL AND a.inspection_id IS NULL THEN 0 ELSE 1 END, "
		"a.uploaded_by, p.lead_unit_id FROM attachment a JOIN project p ON p.id = a.project_id "
		"LEFT JOIN report r ON r.id = a.report_id LEFT JOIN inspection i ON i.id = a.inspection_id WHERE a.id = ?");
static const struct ms_stmt FILE_DATA =
	MS_STMT("report.file_data", "SELECT CASE WHEN ? = 1 THEN a.thumb ELSE a.data END, "
				    "CASE WHEN ? = 1 THEN 'image/jpeg' ELSE a.mime END, a.name FROM attachment a WHERE a.id = ?");

const struct ms_stmt *const ms_report_stmts[] = {&ADD_FILE, &FILE_JSON, &FILE_FREE, &FREE_COUNT, &REACHED,   &INSERT,
						 &ADD_REACHED, &ATTACH, &PROGRESS, &GET, &PUBLISH, &PUBLIC_FIGURES,
						 &LIST, &LIST_CONGRESS, &MILESTONES, &FILES, &FILE_META, &FILE_DATA, NULL};

int ms_report_sql_add_file(struct ms_db *db, const struct ms_project_facts *p, const struct ms_upload *u,
			   const char *name, int64_t by, const char *now, int64_t *id, struct ms_error *e)
{
	bool photo = u->kind == MS_UPLOAD_PHOTO;
	char today[11];
	ms_day_format(ms_day_today(), today);
	return ms_q_i64(db, &ADD_FILE,
			MS_ARGS(MS_VI(p->congress_id), MS_VI(p->id), MS_VT(photo ? "photo" : "document"), MS_VT(u->mime),
				MS_VT(name), MS_VI((int64_t)u->len), MS_VREF(photo ? u->width : 0),
				MS_VREF(photo ? u->height : 0), MS_VB(u->data, u->len),
				photo ? MS_VB(u->thumb, u->thumb_len) : MS_VT(NULL), MS_VREF(by), MS_VT(today),
				MS_VT(now)),
			id, e);
}

int ms_report_sql_file_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &FILE_JSON, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_attachment_kind, id) : rc;
}

int ms_report_sql_file_free(struct ms_db *db, int64_t project_id, int64_t id, int64_t by, bool *ok,
			    struct ms_error *e)
{
	return ms_q_exists(db, &FILE_FREE, MS_ARGS(MS_VI(id), MS_VI(project_id), MS_VI(by)), ok, e);
}

int ms_report_sql_free_count(struct ms_db *db, int64_t project_id, int64_t by, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &FREE_COUNT, MS_ARGS(MS_VI(project_id), MS_VI(by)), n, e);
}

int ms_report_sql_reached(struct ms_db *db, int64_t project_id, int64_t milestone, bool *done, struct ms_error *e)
{
	return ms_q_exists(db, &REACHED, MS_ARGS(MS_VI(project_id), MS_VI(milestone)), done, e);
}

int ms_report_sql_insert(struct ms_db *db, const struct ms_project_facts *p, const struct ms_actor *by,
			 const char *day, const struct ms_report_in *in, const char *now, int64_t *id,
			 struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(p->id), MS_VI(p->congress_id), MS_VREF(p->lead_unit_id), MS_VREF(by->id), MS_VT(day),
				MS_VT(in->body), MS_VI(in->percent_done), MS_VI(in->spent), MS_VT(now)),
			id, e);
}

int ms_report_sql_add_reached(struct ms_db *db, int64_t report_id, int64_t project_id, int64_t milestone,
			      const char *title, const char *on, struct ms_error *e)
{
	return ms_q_exec(db, &ADD_REACHED,
			 MS_ARGS(MS_VI(report_id), MS_VI(project_id), MS_VI(milestone), MS_VT(title ? title : ""), MS_VT(on)),
			 e);
}

int ms_report_sql_attach(struct ms_db *db, int64_t report_id, int64_t file_id, struct ms_error *e)
{
	int64_t got;
	int rc = ms_q_i64(db, &ATTACH, MS_ARGS(MS_VI(report_id), MS_VI(file_id)), &got, e);
	return rc == MS_ERR_NOT_FOUND ? ms_failf(e, MS_E_ATTACHMENT_UNUSABLE, "attachment_ids", MS_AI(file_id)) : rc;
}

int ms_report_sql_progress(struct ms_db *db, int64_t project_id, int64_t percent, int64_t spent, const char *day,
			   struct ms_error *e)
{
	return ms_q_exec(db, &PROGRESS, MS_ARGS(MS_VI(percent), MS_VI(spent), MS_VT(day), MS_VI(project_id)), e);
}

int ms_report_sql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_report_kind, id) : rc;
}

int ms_report_sql_publish(struct ms_db *db, int64_t id, const char *day, struct ms_error *e)
{
	int rc = ms_q_exec(db, &PUBLISH, MS_ARGS(MS_VT(day), MS_VI(id)), e);
	return rc ? rc
		  : ms_q_exec(db, &PUBLIC_FIGURES,
			      MS_ARGS(MS_VI(id), MS_VI(id), MS_VI(id), MS_VI(id), MS_VI(id), MS_VI(id)), e);
}

/* Each report of a page gets its milestones and files; on failure the page is
 * dropped. */
static int with_details(struct ms_db *db, int rc, json_t **out, struct ms_error *e)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(*out, "items"), i, r) {
		if (rc)
			break;
		int64_t id = json_integer_value(json_object_get(r, "id"));
		json_t *m = NULL, *f = NULL;
		if ((rc = ms_q_rows_json(db, &MILESTONES, MS_ARGS(MS_VI(id)), &m, e)) ||
		    (rc = ms_q_rows_json(db, &FILES, MS_ARGS(MS_VI(id)), &f, e))) {
			json_decref(m);
			break;
		}
		json_object_set_new(r, "milestones", m);
		json_object_set_new(r, "files", f);
	}
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int ms_report_sql_list(struct ms_db *db, int64_t project_id, bool all, const struct ms_page *pg, json_t **out,
		       struct ms_error *e)
{
	int rc = ms_q_page(db, &LIST, MS_ARGS(MS_VI(project_id), MS_VI(all ? 1 : 0)), pg, out, e);
	return with_details(db, rc, out, e);
}

int ms_report_sql_list_congress(struct ms_db *db, int64_t congress_id, const char *state, const struct ms_page *pg,
				json_t **out, struct ms_error *e)
{
	const char *st = state ? state : "all";
	int rc = ms_q_page(db, &LIST_CONGRESS, MS_ARGS(MS_VI(congress_id), MS_VT(st), MS_VT(st), MS_VT(st)), pg, out, e);
	return with_details(db, rc, out, e);
}

int ms_report_sql_file_meta(struct ms_db *db, int64_t id, struct ms_file_meta *out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &FILE_META, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		out->congress_id = ms_sql_column_i64(s, 0);
		out->published = ms_sql_column_i64(s, 1) != 0;
		out->group_id = ms_sql_column_type(s, 2) == MS_SQL_NULL ? 0 : ms_sql_column_i64(s, 2);
		out->attached = ms_sql_column_i64(s, 3) != 0;
		out->uploaded_by = ms_sql_column_type(s, 4) == MS_SQL_NULL ? 0 : ms_sql_column_i64(s, 4);
		out->lead_unit_id = ms_sql_column_type(s, 5) == MS_SQL_NULL ? 0 : ms_sql_column_i64(s, 5);
		rc = 0;
	} else if (rc == 0) {
		rc = ms_store_not_found(e, &ms_attachment_kind, id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_report_sql_file_data(struct ms_db *db, int64_t id, bool thumb, struct ms_file *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &FILE_DATA, MS_ARGS(MS_VI(thumb ? 1 : 0), MS_VI(thumb ? 1 : 0), MS_VI(id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1 && ms_sql_column_type(s, 0) != MS_SQL_NULL) {
		size_t len = 0;
		const void *p = ms_sql_column_blob(s, 0, &len);
		rc = (out->data = malloc(len ? len : 1)) ? 0 : ms_nomem(e);
		if (!rc) {
			memcpy(out->data, p, len);
			out->len = len;
			snprintf(out->mime, sizeof out->mime, "%s", ms_sql_column_text(s, 1, NULL));
			snprintf(out->name, sizeof out->name, "%s", ms_sql_column_text(s, 2, NULL));
		}
	} else if (rc >= 0) {
		rc = ms_store_not_found(e, &ms_attachment_kind, id);
	}
	ms_sql_reset(s);
	return rc;
}
