/* oversight_sql.c — the SQL of oversight groups, inspections, supervision
 * letters, special inquiries and deputies' comments (supervise.h). The
 * lists of a project's records take the reader (struct ms_viewer) and
 * leave out what it may not see, in the statement itself. */
#include "oversight_internal.h"

#include "../core/workday.h"
#include "../store/query.h"

static const struct ms_stmt IS_DEPUTY =
	MS_STMT("oversight.is_deputy", "SELECT 1 FROM \"user\" u JOIN user_role r ON r.user_id = u.id "
				       "WHERE u.id = ? AND u.congress_id = ? AND r.role = 'deputy'");
static const struct ms_stmt PROJECT =
	MS_STMT("oversight.project", "SELECT congress_id, coalesce(lead_unit_id, 0) FROM project WHERE id = ?");
static const struct ms_stmt NAME_TAKEN =
	MS_STMT("oversight.name_taken", "SELECT 1 FROM oversight_group WHERE congress_id = ? AND name = ?");
static const struct ms_stmt GROUP_INSERT =
	MS_STMT("oversight.group_insert", "INSERT INTO oversight_group(congress_id, name, scope, area, leader_id, created_at) "
					  "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt MEMBER_ADD = MS_STMT(
	"oversight.member_add", "INSERT INTO oversight_member(group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
static const struct ms_stmt PROJECT_ADD = MS_STMT(
	"oversight.project_add", "INSERT INTO oversight_project(group_id, project_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
static const struct ms_stmt PROJECT_COUNT =
	MS_STMT("oversight.project_count", "SELECT count(*) FROM oversight_project WHERE group_id = ?");
static const struct ms_stmt IN_GROUP =
	MS_STMT("oversight.in_group", "SELECT 1 FROM oversight_project WHERE group_id = ? AND project_id = ?");
static const struct ms_stmt IS_MEMBER =
	MS_STMT("oversight.is_member", "SELECT 1 FROM oversight_member WHERE group_id = ? AND user_id = ?");
#define GROUP_COLS                                                                                            \
	"SELECT g.id, g.congress_id, g.name, g.scope, g.area, g.leader_id, u.name AS leader_name, g.created_at "
#define GROUP_FROM "FROM oversight_group g JOIN \"user\" u ON u.id = g.leader_id "
static const struct ms_stmt GROUP_GET = MS_STMT("oversight.group_get", GROUP_COLS GROUP_FROM "WHERE g.id = ?");
static const struct ms_stmt GROUP_MEMBERS = MS_STMT(
	"oversight.group_members",
	"SELECT u.id, u.name, CASE WHEN u.id = g.leader_id THEN 1 ELSE 0 END AS leader_b FROM oversight_member m "
	"JOIN oversight_group g ON g.id = m.group_id JOIN \"user\" u ON u.id = m.user_id WHERE m.group_id = ? "
	"ORDER BY 3 DESC, 1");
static const struct ms_stmt GROUP_PROJECTS = MS_STMT(
	"oversight.group_projects",
	"SELECT p.id, k.title, k.title_en, p.state, p.light, p.percent_done, p.lead_unit_id, n.name AS lead_unit_name "
	"FROM oversight_project op JOIN project p ON p.id = op.project_id JOIN candidate k ON k.id = p.candidate_id "
	"LEFT JOIN unit n ON n.id = p.lead_unit_id WHERE op.group_id = ? ORDER BY p.id");
#define GROUP_LIST_SQL(L)                                                                                      \
	GROUP_COLS ", count(*) OVER () AS _total " GROUP_FROM "WHERE g.congress_id = ? AND (" MS_MATCH(L, "g.name") \
		   " OR " MS_MATCH(L, "coalesce(g.area, '')") ") ORDER BY g.id LIMIT ? OFFSET ?"
static const struct ms_stmt GROUP_LIST = MS_STMT_SEARCH("oversight.group_list", GROUP_LIST_SQL);
static const struct ms_stmt GROUP_MINE =
	MS_STMT("oversight.group_mine", GROUP_COLS ", count(*) OVER () AS _total " GROUP_FROM
					"JOIN oversight_member m ON m.group_id = g.id WHERE m.user_id = ? "
					"ORDER BY g.id LIMIT ? OFFSET ?");

/* Who may read a group's internal records: the staff (? = 1) or a member. */
#define MEMBER_SEES(alias) "? = 1 OR EXISTS (SELECT 1 FROM oversight_member m WHERE m.group_id = " alias ".group_id " \
			   "AND m.user_id = ?)"

static const struct ms_stmt INSPECTION_INSERT =
	MS_STMT("oversight.inspection_insert",
		"INSERT INTO inspection(group_id, project_id, day, participants, findings, created_by, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt INSPECTION_PUBLISH = MS_STMT(
	"oversight.inspection_publish", "UPDATE inspection SET published_at = ? WHERE id = ? AND published_at IS NULL "
					"RETURNING id");
#define INSPECTION_COLS                                                                                       \
	"SELECT i.id, g.congress_id, i.group_id, g.name AS group_name, i.project_id, i.day, "                 \
	"i.participants AS participants_j, i.findings, i.created_by, i.created_at, i.published_at, "          \
	"CASE WHEN i.published_at IS NULL THEN 0 ELSE 1 END AS published_b "
#define INSPECTION_FROM "FROM inspection i JOIN oversight_group g ON g.id = i.group_id "
static const struct ms_stmt INSPECTION_GET =
	MS_STMT("oversight.inspection_get", INSPECTION_COLS INSPECTION_FROM "WHERE i.id = ?");
static const struct ms_stmt INSPECTION_LIST =
	MS_STMT("oversight.inspection_list",
		INSPECTION_COLS ", count(*) OVER () AS _total " INSPECTION_FROM "WHERE i.project_id = ? AND "
		"(i.published_at IS NOT NULL OR " MEMBER_SEES("i") ") ORDER BY i.day DESC, i.id DESC LIMIT ? OFFSET ?");

static const struct ms_stmt OVERSEER = MS_STMT(
	"oversight.overseer", "SELECT 1 FROM oversight_project o JOIN oversight_member m ON m.group_id = o.group_id "
			      "WHERE o.project_id = ? AND m.user_id = ?");
static const struct ms_stmt FILE_FREE = MS_STMT(
	"oversight.file_free", "SELECT 1 FROM attachment WHERE id = ? AND project_id = ? AND uploaded_by = ? AND "
			       "report_id IS NULL AND inspection_id IS NULL");
static const struct ms_stmt FILE_ATTACH =
	MS_STMT("oversight.file_attach", "UPDATE attachment SET inspection_id = ? WHERE id = ? AND report_id IS NULL "
					 "AND inspection_id IS NULL RETURNING id");
static const struct ms_stmt FILES = MS_STMT(
	"oversight.files", "SELECT a.id, a.project_id, a.report_id, a.inspection_id, a.kind, a.mime, a.name, a.size, "
			   "a.width, a.height, a.created_at FROM attachment a WHERE a.inspection_id = ? ORDER BY a.id");

static const struct ms_stmt LETTER_INSERT =
	MS_STMT("oversight.letter_insert",
		"INSERT INTO supervision_letter(group_id, project_id, unit_id, body, sent_on, deadline, sent_by, "
		"created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt LETTER_REPLY =
	MS_STMT("oversight.letter_reply", "UPDATE supervision_letter SET reply = ?, replied_by = ?, replied_at = ? "
					  "WHERE id = ? AND reply IS NULL RETURNING id");
static const struct ms_stmt LETTER_PUBLISH =
	MS_STMT("oversight.letter_publish", "UPDATE supervision_letter SET published_at = ? WHERE id = ? AND "
					    "published_at IS NULL RETURNING id");
/* The first argument: today ("YYYY-MM-DD"), for overdue_b. */
#define LETTER_COLS                                                                                           \
	"SELECT l.id, g.congress_id, l.group_id, g.name AS group_name, l.project_id, l.unit_id, "             \
	"n.name AS unit_name, l.body, l.sent_on, l.deadline, l.sent_by, l.created_at, l.reply, l.replied_by, "\
	"l.replied_at, l.published_at, CASE WHEN l.published_at IS NULL THEN 0 ELSE 1 END AS published_b, "   \
	"CASE WHEN l.reply IS NULL AND l.deadline < ? THEN 1 ELSE 0 END AS overdue_b "
#define LETTER_FROM                                                                                           \
	"FROM supervision_letter l JOIN oversight_group g ON g.id = l.group_id JOIN unit n ON n.id = l.unit_id "
static const struct ms_stmt LETTER_GET = MS_STMT("oversight.letter_get", LETTER_COLS LETTER_FROM "WHERE l.id = ?");
static const struct ms_stmt LETTER_LIST_PROJECT =
	MS_STMT("oversight.letter_list_project",
		LETTER_COLS ", count(*) OVER () AS _total " LETTER_FROM "WHERE l.project_id = ? AND "
		"(l.published_at IS NOT NULL OR l.unit_id = ? OR " MEMBER_SEES("l") ") "
		"ORDER BY l.sent_on DESC, l.id DESC LIMIT ? OFFSET ?");
static const struct ms_stmt LETTER_LIST_UNIT =
	MS_STMT("oversight.letter_list_unit", LETTER_COLS ", count(*) OVER () AS _total " LETTER_FROM
					      "WHERE l.unit_id = ? ORDER BY l.sent_on DESC, l.id DESC LIMIT ? OFFSET ?");
static const struct ms_stmt LETTER_OVERDUE =
	MS_STMT("oversight.letter_overdue", LETTER_COLS ", count(*) OVER () AS _total " LETTER_FROM
					    "WHERE g.congress_id = ? AND l.reply IS NULL AND l.deadline < ? "
					    "ORDER BY l.deadline, l.id LIMIT ? OFFSET ?");
static const struct ms_stmt UNIT_CONGRESS = MS_STMT("oversight.unit_congress", "SELECT congress_id FROM unit WHERE id = ?");

static const struct ms_stmt INQUIRY_INSERT =
	MS_STMT("oversight.inquiry_insert",
		"INSERT INTO inquiry(group_id, project_id, day, title, qa, created_by, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
#define INQUIRY_COLS                                                                                          \
	"SELECT q.id, g.congress_id, q.group_id, g.name AS group_name, q.project_id, q.day, q.title, "        \
	"q.qa AS qa_j, q.created_by, q.created_at "
#define INQUIRY_FROM "FROM inquiry q JOIN oversight_group g ON g.id = q.group_id "
static const struct ms_stmt INQUIRY_GET = MS_STMT("oversight.inquiry_get", INQUIRY_COLS INQUIRY_FROM "WHERE q.id = ?");
static const struct ms_stmt INQUIRY_LIST =
	MS_STMT("oversight.inquiry_list", INQUIRY_COLS ", count(*) OVER () AS _total " INQUIRY_FROM
					  "WHERE q.project_id = ? AND (" MEMBER_SEES("q") ") "
					  "ORDER BY q.day DESC, q.id DESC LIMIT ? OFFSET ?");

static const struct ms_stmt COMMENT_INSERT =
	MS_STMT("oversight.comment_insert", "INSERT INTO project_comment(project_id, user_id, body, created_at) "
					    "VALUES (?, ?, ?, ?) RETURNING id");
#define COMMENT_COLS                                                                                          \
	"SELECT c.id, c.project_id, c.user_id, u.name AS user_name, c.body, c.created_at "
#define COMMENT_FROM "FROM project_comment c JOIN \"user\" u ON u.id = c.user_id "
static const struct ms_stmt COMMENT_GET = MS_STMT("oversight.comment_get", COMMENT_COLS COMMENT_FROM "WHERE c.id = ?");
static const struct ms_stmt COMMENT_LIST =
	MS_STMT("oversight.comment_list", COMMENT_COLS ", count(*) OVER () AS _total " COMMENT_FROM
					  "WHERE c.project_id = ? ORDER BY c.id LIMIT ? OFFSET ?");

const struct ms_stmt *const ms_oversight_stmts[] = {
	&IS_DEPUTY,	  &PROJECT,	       &NAME_TAKEN,	     &GROUP_INSERT,	 &MEMBER_ADD,
	&PROJECT_ADD,	  &PROJECT_COUNT,      &IN_GROUP,	     &IS_MEMBER,	 &GROUP_GET,
	&GROUP_MEMBERS,	  &GROUP_PROJECTS,     &GROUP_LIST,	     &GROUP_MINE,	 &INSPECTION_INSERT,
	&INSPECTION_PUBLISH, &INSPECTION_GET,  &INSPECTION_LIST, &OVERSEER, &FILE_FREE, &FILE_ATTACH, &FILES,     &LETTER_INSERT,	 &LETTER_REPLY,
	&LETTER_PUBLISH,  &LETTER_GET,	       &LETTER_LIST_PROJECT, &LETTER_LIST_UNIT,	 &LETTER_OVERDUE,
	&UNIT_CONGRESS,	  &INQUIRY_INSERT,     &INQUIRY_GET,	     &INQUIRY_LIST,	 &COMMENT_INSERT,
	&COMMENT_GET,	  &COMMENT_LIST,       NULL};

const struct ms_name ms_group_kind = {"oversight_group", "监督小组", "oversight group"};
const struct ms_name ms_inspection_kind = {"inspection", "视察记录", "inspection"};
const struct ms_name ms_letter_kind = {"supervision_letter", "督办函", "supervision letter"};
const struct ms_name ms_inquiry_kind = {"inquiry", "专题询问", "special inquiry"};
static const struct ms_name comment_kind = {"comment", "代表意见", "comment"};

static void today(char out[11])
{
	ms_day_format(ms_day_today(), out);
}

static int found(int rc, bool *out)
{
	if (rc == MS_ERR_NOT_FOUND) {
		*out = false;
		return 0;
	}
	if (!rc)
		*out = true;
	return rc;
}

int ms_oversight_sql_is_deputy(struct ms_db *db, int64_t user_id, int64_t congress_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &IS_DEPUTY, MS_ARGS(MS_VI(user_id), MS_VI(congress_id)), out, e);
}

int ms_oversight_sql_project(struct ms_db *db, int64_t project_id, int64_t *congress_id, int64_t *lead_unit_id,
			     struct ms_error *e)
{
	struct ms_sql_stmt *s = NULL;
	*congress_id = *lead_unit_id = 0;
	int rc = ms_q_bind(db, &PROJECT, MS_ARGS(MS_VI(project_id)), &s, e);
	if (rc)
		return rc;
	if (!s)
		return 0;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		*congress_id = ms_sql_column_i64(s, 0);
		*lead_unit_id = ms_sql_column_i64(s, 1);
	}
	ms_sql_reset(s);
	if (rc > 0)
		rc = 0;
	return rc;
}

int ms_oversight_sql_name_taken(struct ms_db *db, int64_t congress_id, const char *name, bool *out,
				struct ms_error *e)
{
	return ms_q_exists(db, &NAME_TAKEN, MS_ARGS(MS_VI(congress_id), MS_VT(name)), out, e);
}

int ms_oversight_sql_group_insert(struct ms_db *db, int64_t congress_id, const struct ms_group_in *in,
				  const char *scope, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &GROUP_INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VT(in->name), MS_VT(scope), MS_VT(in->area), MS_VI(in->leader_id),
				MS_VT(now)),
			id, e);
}

int ms_oversight_sql_member_add(struct ms_db *db, int64_t group_id, int64_t user_id, struct ms_error *e)
{
	return ms_q_exec(db, &MEMBER_ADD, MS_ARGS(MS_VI(group_id), MS_VI(user_id)), e);
}

int ms_oversight_sql_project_add(struct ms_db *db, int64_t group_id, int64_t project_id, struct ms_error *e)
{
	return ms_q_exec(db, &PROJECT_ADD, MS_ARGS(MS_VI(group_id), MS_VI(project_id)), e);
}

int ms_oversight_sql_project_count(struct ms_db *db, int64_t group_id, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &PROJECT_COUNT, MS_ARGS(MS_VI(group_id)), out, e);
}

int ms_oversight_sql_group_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &GROUP_GET, MS_ARGS(MS_VI(id)), out, e);
}

int ms_oversight_sql_in_group(struct ms_db *db, int64_t group_id, int64_t project_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &IN_GROUP, MS_ARGS(MS_VI(group_id), MS_VI(project_id)), out, e);
}

int ms_oversight_sql_is_member(struct ms_db *db, int64_t group_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &IS_MEMBER, MS_ARGS(MS_VI(group_id), MS_VI(user_id)), out, e);
}

/* A group row with its members and projects. */
static int group_full(struct ms_db *db, json_t *g, struct ms_error *e)
{
	int64_t id = json_integer_value(json_object_get(g, "id"));
	json_t *members = NULL, *projects = NULL;
	int rc = ms_q_rows_json(db, &GROUP_MEMBERS, MS_ARGS(MS_VI(id)), &members, e);
	if (!rc)
		rc = ms_q_rows_json(db, &GROUP_PROJECTS, MS_ARGS(MS_VI(id)), &projects, e);
	if (rc) {
		json_decref(members);
		json_decref(projects);
		return rc;
	}
	/* json_object_set_new takes each reference, also when it fails */
	int bad = json_object_set_new(g, "members", members);
	bad |= json_object_set_new(g, "projects", projects);
	return bad ? ms_nomem(e) : 0;
}

static int group_page(struct ms_db *db, json_t *page, struct ms_error *e)
{
	size_t i;
	json_t *g;
	int rc = 0;
	json_array_foreach(json_object_get(page, "items"), i, g) if (!rc) rc = group_full(db, g, e);
	return rc;
}

int ms_group_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &GROUP_GET, MS_ARGS(MS_VI(id)), out, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_group_kind, id);
	if (!rc && (rc = group_full(db, *out, e))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int ms_group_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	int rc = ms_q_page(db, &GROUP_LIST, MS_ARGS(MS_VI(congress_id), MS_VLIKE(q), MS_VLIKE(q)), pg, out, e);
	if (!rc && (rc = group_page(db, *out, e))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int ms_group_mine(struct ms_db *db, int64_t user_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	int rc = ms_q_page(db, &GROUP_MINE, MS_ARGS(MS_VI(user_id)), pg, out, e);
	if (!rc && (rc = group_page(db, *out, e))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static int owner_of(struct ms_db *db, const struct ms_stmt *st, const struct ms_name *kind, int64_t id,
		    int64_t *congress_id, struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_q_row_json(db, st, MS_ARGS(MS_VI(id)), &o, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, kind, id);
	if (!rc)
		*congress_id = json_integer_value(json_object_get(o, "congress_id"));
	json_decref(o);
	return rc;
}

int ms_group_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	return owner_of(db, &GROUP_GET, &ms_group_kind, id, congress_id, e);
}

int ms_inspection_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	return owner_of(db, &INSPECTION_GET, &ms_inspection_kind, id, congress_id, e);
}

int ms_letter_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_letter_get(db, id, &o, e);
	if (!rc)
		*congress_id = json_integer_value(json_object_get(o, "congress_id"));
	json_decref(o);
	return rc;
}

int ms_unit_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &UNIT_CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_unit_kind, id) : rc;
}

/* ---- inspections ---- */

int ms_oversight_sql_inspection_insert(struct ms_db *db, int64_t group_id, const struct ms_inspection_in *in,
				       const char *participants, int64_t by, const char *now, int64_t *id,
				       struct ms_error *e)
{
	return ms_q_i64(db, &INSPECTION_INSERT,
			MS_ARGS(MS_VI(group_id), MS_VI(in->project_id), MS_VT(in->day), MS_VT(participants),
				MS_VT(in->findings), MS_VREF(by), MS_VT(now)),
			id, e);
}

int ms_oversight_sql_inspection_publish(struct ms_db *db, int64_t id, const char *now, bool *done, struct ms_error *e)
{
	int64_t got;
	return found(ms_q_i64(db, &INSPECTION_PUBLISH, MS_ARGS(MS_VT(now), MS_VI(id)), &got, e), done);
}

int ms_oversight_sql_overseer(struct ms_db *db, int64_t project_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &OVERSEER, MS_ARGS(MS_VI(project_id), MS_VI(user_id)), out, e);
}

int ms_oversight_sql_file_free(struct ms_db *db, int64_t project_id, int64_t file_id, int64_t by, bool *ok,
			       struct ms_error *e)
{
	return ms_q_exists(db, &FILE_FREE, MS_ARGS(MS_VI(file_id), MS_VI(project_id), MS_VI(by)), ok, e);
}

int ms_oversight_sql_file_attach(struct ms_db *db, int64_t inspection_id, int64_t file_id, struct ms_error *e)
{
	int64_t got;
	int rc = ms_q_i64(db, &FILE_ATTACH, MS_ARGS(MS_VI(inspection_id), MS_VI(file_id)), &got, e);
	return rc == MS_ERR_NOT_FOUND ? ms_failf(e, MS_E_ATTACHMENT_UNUSABLE, "attachment_ids", MS_AI(file_id)) : rc;
}

/* An inspection row with its files. */
static int with_files(struct ms_db *db, json_t *i, struct ms_error *e)
{
	json_t *f = NULL;
	int rc = ms_q_rows_json(db, &FILES, MS_ARGS(MS_VI(json_integer_value(json_object_get(i, "id")))), &f, e);
	if (!rc && json_object_set_new(i, "files", f))
		rc = ms_nomem(e);
	return rc;
}

int ms_inspection_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &INSPECTION_GET, MS_ARGS(MS_VI(id)), out, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_inspection_kind, id);
	if (!rc && (rc = with_files(db, *out, e))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int ms_inspection_list(struct ms_db *db, int64_t project_id, const struct ms_viewer *v, const struct ms_page *pg,
		       json_t **out, struct ms_error *e)
{
	int rc = ms_q_page(db, &INSPECTION_LIST, MS_ARGS(MS_VI(project_id), MS_VI(v->staff), MS_VI(v->user_id)), pg,
			   out, e);
	size_t k;
	json_t *i;
	json_array_foreach(rc ? NULL : json_object_get(*out, "items"), k, i) if ((rc = with_files(db, i, e))) break;
	if (rc && *out) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- letters ---- */

int ms_oversight_sql_letter_insert(struct ms_db *db, int64_t group_id, int64_t project_id, int64_t unit_id,
				   const char *body, const char *sent_on, const char *deadline, int64_t by,
				   const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &LETTER_INSERT,
			MS_ARGS(MS_VI(group_id), MS_VI(project_id), MS_VI(unit_id), MS_VT(body), MS_VT(sent_on),
				MS_VT(deadline), MS_VREF(by), MS_VT(now)),
			id, e);
}

int ms_oversight_sql_letter_reply(struct ms_db *db, int64_t id, const char *reply, int64_t by, const char *now,
				  bool *done, struct ms_error *e)
{
	int64_t got;
	return found(ms_q_i64(db, &LETTER_REPLY, MS_ARGS(MS_VT(reply), MS_VREF(by), MS_VT(now), MS_VI(id)), &got, e),
		     done);
}

int ms_oversight_sql_letter_publish(struct ms_db *db, int64_t id, const char *now, bool *done, struct ms_error *e)
{
	int64_t got;
	return found(ms_q_i64(db, &LETTER_PUBLISH, MS_ARGS(MS_VT(now), MS_VI(id)), &got, e), done);
}

int ms_letter_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	char d[11];
	today(d);
	int rc = ms_q_row_json(db, &LETTER_GET, MS_ARGS(MS_VT(d), MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_letter_kind, id) : rc;
}

int ms_letter_list_project(struct ms_db *db, int64_t project_id, const struct ms_viewer *v, const struct ms_page *pg,
			   json_t **out, struct ms_error *e)
{
	char d[11];
	today(d);
	return ms_q_page(db, &LETTER_LIST_PROJECT,
			 MS_ARGS(MS_VT(d), MS_VI(project_id), MS_VI(v->unit_id), MS_VI(v->staff), MS_VI(v->user_id)), pg,
			 out, e);
}

int ms_letter_list_unit(struct ms_db *db, int64_t unit_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	char d[11];
	today(d);
	return ms_q_page(db, &LETTER_LIST_UNIT, MS_ARGS(MS_VT(d), MS_VI(unit_id)), pg, out, e);
}

int ms_letter_list_overdue(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
			   struct ms_error *e)
{
	char d[11];
	today(d);
	return ms_q_page(db, &LETTER_OVERDUE, MS_ARGS(MS_VT(d), MS_VI(congress_id), MS_VT(d)), pg, out, e);
}

/* ---- inquiries and comments ---- */

int ms_oversight_sql_inquiry_insert(struct ms_db *db, int64_t group_id, int64_t project_id, const char *day,
				    const char *title, const char *qa, int64_t by, const char *now, int64_t *id,
				    struct ms_error *e)
{
	return ms_q_i64(db, &INQUIRY_INSERT,
			MS_ARGS(MS_VI(group_id), MS_VI(project_id), MS_VT(day), MS_VT(title), MS_VT(qa), MS_VREF(by),
				MS_VT(now)),
			id, e);
}

int ms_inquiry_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &INQUIRY_GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_inquiry_kind, id) : rc;
}

int ms_inquiry_list(struct ms_db *db, int64_t project_id, const struct ms_viewer *v, const struct ms_page *pg,
		    json_t **out, struct ms_error *e)
{
	return ms_q_page(db, &INQUIRY_LIST, MS_ARGS(MS_VI(project_id), MS_VI(v->staff), MS_VI(v->user_id)), pg, out,
			 e);
}

int ms_oversight_sql_comment_insert(struct ms_db *db, int64_t project_id, int64_t by, const char *body,
				    const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &COMMENT_INSERT, MS_ARGS(MS_VI(project_id), MS_VI(by), MS_VT(body), MS_VT(now)), id, e);
}

int ms_comment_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &COMMENT_GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &comment_kind, id) : rc;
}

int ms_comment_list(struct ms_db *db, int64_t project_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	return ms_q_page(db, &COMMENT_LIST, MS_ARGS(MS_VI(project_id)), pg, out, e);
}
