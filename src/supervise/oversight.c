/*
 * oversight.c — the rules of oversight groups (监督小组) and what they do:
 * inspections (视察), supervision letters (督办函) and their replies, special
 * inquiries (专题询问), and deputies' comments on a project (supervise.h).
 * Every write of the CLI, an import or the API comes through here, inside
 * the caller's transaction; each refusal is raised before anything is
 * written, and each write is audited.
 */
#include "supervise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "oversight_internal.h"

static const struct ms_name scopes_v[] = {
	{"project", "项目监督小组", "a group for one project"},
	{"area", "片区监督小组", "a group for an area's projects"},
};
const struct ms_names ms_group_scope_names = MS_NAMES("scope", scopes_v);

struct ms_viewer ms_viewer_of(const struct ms_actor *a, bool authed, int64_t congress_id)
{
	struct ms_viewer v = {0};
	if (!authed)
		return v;
	v.staff = ms_actor_is_staff(a, congress_id);
	v.user_id = a->id;
	if (ms_actor_is_of(a, MS_ROLE_UNIT, congress_id))
		v.unit_id = a->unit_id;
	return v;
}

/* ---- shared checks ---- */

static int need_deputy(struct ms_db *db, int64_t user_id, int64_t congress_id, const char *field, struct ms_error *e)
{
	bool ok = false;
	int rc = ms_oversight_sql_is_deputy(db, user_id, congress_id, &ok, e);
	if (!rc && !ok)
		rc = ms_failf(e, MS_E_NOT_A_DEPUTY, field, MS_AI(user_id));
	return rc;
}

static int need_project_of(struct ms_db *db, int64_t project_id, int64_t congress_id, int64_t *lead_unit,
			   const char *field, struct ms_error *e)
{
	int64_t of, unit;
	int rc = ms_oversight_sql_project(db, project_id, &of, &unit, e);
	if (!rc && of != congress_id)
		rc = ms_failf(e, MS_E_PROJECT_NOT_OF_CONGRESS, field, MS_AI(project_id));
	if (!rc && lead_unit)
		*lead_unit = unit;
	return rc;
}

static int need_in_group(struct ms_db *db, int64_t group_id, int64_t project_id, struct ms_error *e)
{
	bool in = false;
	int rc = ms_oversight_sql_in_group(db, group_id, project_id, &in, e);
	if (!rc && !in)
		rc = ms_failf(e, MS_E_PROJECT_NOT_IN_GROUP, "project_id", MS_AI(project_id));
	return rc;
}

/* A day "YYYY-MM-DD" not after today; *day receives it. */
static int need_past_day(struct ms_error *e, const char *field, const char *iso, int32_t *day)
{
	int32_t d;
	if (!iso || !ms_day_parse(iso, &d))
		return ms_failf(e, MS_E_INVALID_VALUE, field, MS_AS(field), MS_AT("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"));
	int32_t t = ms_day_today();
	if (d > t) {
		char now[11];
		ms_day_format(t, now);
		return ms_failf(e, MS_E_DAY_IN_FUTURE, field, MS_AS(iso), MS_AS(now));
	}
	if (day)
		*day = d;
	return 0;
}

/* The group as JSON (404 when none), its congress and scope. */
static int group_of(struct ms_db *db, int64_t id, int64_t *congress_id, int *scope, struct ms_error *e)
{
	json_t *g = NULL;
	int rc = ms_oversight_sql_group_row(db, id, &g, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_group_kind, id);
	if (!rc) {
		*congress_id = json_integer_value(json_object_get(g, "congress_id"));
		if (scope)
			*scope = ms_names_find(&ms_group_scope_names, json_string_value(json_object_get(g, "scope")));
	}
	json_decref(g);
	return rc;
}

int ms_group_need_member(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	bool in = false;
	int rc = ms_oversight_sql_is_member(db, id, by->id, &in, e);
	if (!rc && !in)
		rc = ms_fail(e, MS_E_NOT_GROUP_MEMBER, NULL);
	return rc;
}

static bool seen(const int64_t *v, size_t n, int64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* The projects of the list that group_id (0: a new group) does not have
 * yet, counted once each, after checking each is a project of congress_id. */
static int new_projects(struct ms_db *db, int64_t group_id, int64_t congress_id, const int64_t *ids, size_t n,
			int64_t *fresh, struct ms_error *e)
{
	int rc = ms_check_int(e, "project_ids", (int64_t)n, 0, MS_GROUP_PROJECTS_MAX);
	*fresh = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		bool in = false;
		if ((rc = need_project_of(db, ids[i], congress_id, NULL, "project_ids", e)))
			break;
		if (seen(ids, i, ids[i]))
			continue;
		if (group_id && (rc = ms_oversight_sql_in_group(db, group_id, ids[i], &in, e)))
			break;
		if (!in)
			(*fresh)++;
	}
	return rc;
}

/* ---- groups ---- */

int ms_group_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const struct ms_group_in *in,
		    int64_t *id, struct ms_error *e)
{
	int rc;
	int64_t fresh = 0;
	bool taken = false;
	if ((rc = ms_check_text(e, "name", in->name, 1, MS_GROUP_NAME_MAX)))
		return rc;
	if (in->scope != MS_GROUP_PROJECT && in->scope != MS_GROUP_AREA)
		return ms_failf(e, MS_E_INVALID_VALUE, "scope", MS_AS("scope"), MS_AT("project 或 area", "project or area"));
	if (in->scope == MS_GROUP_AREA && (!in->area || !*in->area))
		return ms_fail(e, MS_E_AREA_REQUIRED, "area");
	if (in->area && (rc = ms_check_text(e, "area", in->area, in->scope == MS_GROUP_AREA, MS_GROUP_AREA_MAX)))
		return rc;
	if ((rc = ms_check_int(e, "member_ids", (int64_t)in->n_members, 0, MS_GROUP_MEMBERS_MAX)) ||
	    (rc = need_deputy(db, in->leader_id, congress_id, "leader_id", e)))
		return rc;
	for (size_t i = 0; i < in->n_members; i++)
		if ((rc = need_deputy(db, in->member_ids[i], congress_id, "member_ids", e)))
			return rc;
	if ((rc = new_projects(db, 0, congress_id, in->project_ids, in->n_projects, &fresh, e)))
		return rc;
	if (in->scope == MS_GROUP_PROJECT && fresh > 1)
		return ms_failf(e, MS_E_ONE_PROJECT_GROUP, "project_ids", MS_AI(fresh));
	if ((rc = ms_oversight_sql_name_taken(db, congress_id, in->name, &taken, e)))
		return rc;
	if (taken)
		return ms_failf(e, MS_E_GROUP_NAME_TAKEN, "name", MS_AS(in->name));
	char now[32];
	ms_now_iso(now, sizeof now);
	struct ms_group_in row = *in;
	if (in->scope == MS_GROUP_PROJECT)
		row.area = NULL;
	if ((rc = ms_oversight_sql_group_insert(db, congress_id, &row, ms_names_key(&ms_group_scope_names, in->scope),
						now, id, e)) ||
	    (rc = ms_oversight_sql_member_add(db, *id, in->leader_id, e)))
		return rc;
	for (size_t i = 0; !rc && i < in->n_members; i++)
		rc = ms_oversight_sql_member_add(db, *id, in->member_ids[i], e);
	for (size_t i = 0; !rc && i < in->n_projects; i++)
		rc = ms_oversight_sql_project_add(db, *id, in->project_ids[i], e);
	if (!rc)
		rc = ms_audit_append(db, by, congress_id, "oversight.group_create", "oversight_group", *id,
				     json_pack("{s:s, s:s, s:I, s:I, s:I}", "name", in->name, "scope",
					       ms_names_key(&ms_group_scope_names, in->scope), "leader_id",
					       (json_int_t)in->leader_id, "members", (json_int_t)in->n_members,
					       "projects", (json_int_t)in->n_projects),
				     e);
	return rc;
}

int ms_group_assign(struct ms_db *db, const struct ms_actor *by, int64_t id, const int64_t *project_ids, size_t n,
		    struct ms_error *e)
{
	int64_t congress_id = 0, fresh = 0, had = 0;
	int scope = 0;
	int rc = group_of(db, id, &congress_id, &scope, e);
	if (!rc)
		rc = new_projects(db, id, congress_id, project_ids, n, &fresh, e);
	if (!rc)
		rc = ms_oversight_sql_project_count(db, id, &had, e);
	if (rc)
		return rc;
	if (scope == MS_GROUP_PROJECT && had + fresh > 1)
		return ms_failf(e, MS_E_ONE_PROJECT_GROUP, "project_ids", MS_AI(had + fresh));
	for (size_t i = 0; !rc && i < n; i++)
		rc = ms_oversight_sql_project_add(db, id, project_ids[i], e);
	if (!rc)
		rc = ms_audit_append(db, by, congress_id, "oversight.group_assign", "oversight_group", id,
				     json_pack("{s:I}", "added", (json_int_t)fresh), e);
	return rc;
}

/* ---- inspections ---- */

int ms_inspection_record(struct ms_db *db, const struct ms_actor *by, int64_t group_id,
			 const struct ms_inspection_in *in, int64_t *id, struct ms_error *e)
{
	int64_t congress_id = 0;
	int rc;
	if ((rc = group_of(db, group_id, &congress_id, NULL, e)) || (rc = ms_group_need_member(db, by, group_id, e)) ||
	    (rc = need_in_group(db, group_id, in->project_id, e)) || (rc = need_past_day(e, "day", in->day, NULL)) ||
	    (rc = ms_check_text(e, "findings", in->findings, 1, MS_OVERSIGHT_TEXT_MAX)) ||
	    (rc = ms_check_int(e, "participant_ids", (int64_t)in->n_participants, 1, MS_GROUP_MEMBERS_MAX)))
		return rc;
	json_t *who = json_array();
	if (!who)
		return ms_nomem(e);
	for (size_t i = 0; !rc && i < in->n_participants; i++) {
		int64_t p = in->participant_ids[i];
		bool member = false;
		if (seen(in->participant_ids, i, p))
			continue;
		if (!(rc = ms_oversight_sql_is_member(db, group_id, p, &member, e)) && !member)
			rc = ms_failf(e, MS_E_NOT_A_PARTICIPANT, "participant_ids", MS_AI(p));
		if (!rc && json_array_append_new(who, json_integer(p)))
			rc = ms_nomem(e);
	}
	if (!rc && (rc = ms_check_int(e, "attachment_ids", (int64_t)in->n_files, 0, MS_REPORT_FILES_MAX)) == 0)
		for (size_t i = 0; !rc && i < in->n_files; i++) {
			bool ok = false;
			if (!(rc = ms_oversight_sql_file_free(db, in->project_id, in->files[i], by->id, &ok, e)) &&
			    (!ok || seen(in->files, i, in->files[i])))
				rc = ms_failf(e, MS_E_ATTACHMENT_UNUSABLE, "attachment_ids", MS_AI(in->files[i]));
		}
	char *text = rc ? NULL : json_dumps(who, JSON_COMPACT);
	if (!rc && !text)
		rc = ms_nomem(e);
	char now[32];
	ms_now_iso(now, sizeof now);
	if (!rc)
		rc = ms_oversight_sql_inspection_insert(db, group_id, in, text, by->id, now, id, e);
	for (size_t i = 0; !rc && i < in->n_files; i++)
		rc = ms_oversight_sql_file_attach(db, *id, in->files[i], e);
	if (!rc)
		rc = ms_audit_append(db, by, congress_id, "inspection.record", "inspection", *id,
				     json_pack("{s:I, s:I, s:s, s:O, s:I}", "group_id", (json_int_t)group_id, "project_id",
					       (json_int_t)in->project_id, "day", in->day, "participants", who, "files",
					       (json_int_t)in->n_files),
				     e);
	free(text);
	json_decref(who);
	return rc;
}

/* Publish record id of kind (an inspection or a letter) once. */
static int publish(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_name *kind,
		   int (*owner)(struct ms_db *, int64_t, int64_t *, struct ms_error *),
		   int (*set)(struct ms_db *, int64_t, const char *, bool *, struct ms_error *), const char *action,
		   struct ms_error *e)
{
	int64_t congress_id = 0;
	bool done = false;
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = owner(db, id, &congress_id, e);
	if (!rc && !(rc = set(db, id, now, &done, e)) && !done)
		rc = ms_failf(e, MS_E_ALREADY_PUBLISHED, NULL, MS_AT(kind->zh, kind->en), MS_AI(id));
	if (!rc)
		rc = ms_audit_append(db, by, congress_id, action, kind->key, id, NULL, e);
	return rc;
}

int ms_inspection_publish(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	return publish(db, by, id, &ms_inspection_kind, ms_inspection_owner, ms_oversight_sql_inspection_publish,
		       "inspection.publish", e);
}

/* ---- supervision letters ---- */

int ms_letter_send(struct ms_db *db, const struct ms_actor *by, int64_t group_id, int64_t project_id,
		   const char *body, const char *deadline, int64_t *id, struct ms_error *e)
{
	int64_t congress_id = 0, unit = 0;
	int32_t due, today = ms_day_today();
	char sent[11];
	ms_day_format(today, sent);
	int rc;
	if ((rc = group_of(db, group_id, &congress_id, NULL, e)) || (rc = ms_group_need_member(db, by, group_id, e)) ||
	    (rc = need_in_group(db, group_id, project_id, e)) ||
	    (rc = need_project_of(db, project_id, congress_id, &unit, "project_id", e)) ||
	    (rc = ms_check_text(e, "body", body, 1, MS_OVERSIGHT_TEXT_MAX)))
		return rc;
	if (!deadline || !ms_day_parse(deadline, &due))
		return ms_failf(e, MS_E_INVALID_VALUE, "deadline", MS_AS("deadline"),
				MS_AT("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"));
	if (due <= today || due > today + MS_LETTER_DAYS_MAX)
		return ms_failf(e, MS_E_DEADLINE_NOT_AFTER, "deadline", MS_AS(deadline), MS_AS(sent));
	if (!unit)
		return ms_failf(e, MS_E_NO_LEAD_UNIT, "project_id", MS_AI(project_id));
	char now[32];
	ms_now_iso(now, sizeof now);
	if (!(rc = ms_oversight_sql_letter_insert(db, group_id, project_id, unit, body, sent, deadline, by->id, now, id,
						  e)))
		rc = ms_audit_append(db, by, congress_id, "letter.send", "supervision_letter", *id,
				     json_pack("{s:I, s:I, s:I, s:s}", "group_id", (json_int_t)group_id, "project_id",
					       (json_int_t)project_id, "unit_id", (json_int_t)unit, "deadline", deadline),
				     e);
	return rc;
}

int ms_letter_reply(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *reply, struct ms_error *e)
{
	json_t *l = NULL;
	int rc = ms_letter_get(db, id, &l, e);
	if (rc)
		return rc;
	int64_t congress_id = json_integer_value(json_object_get(l, "congress_id"));
	int64_t unit = json_integer_value(json_object_get(l, "unit_id"));
	bool done = false;
	char now[32];
	ms_now_iso(now, sizeof now);
	if (!ms_actor_is_of(by, MS_ROLE_UNIT, congress_id) || by->unit_id != unit)
		rc = ms_fail(e, MS_E_NOT_YOUR_UNIT, NULL);
	else if (!json_is_null(json_object_get(l, "reply")))
		rc = ms_failf(e, MS_E_ALREADY_REPLIED, NULL, MS_AI(id),
			      MS_AS(json_string_value(json_object_get(l, "replied_at"))));
	else if (!(rc = ms_check_text(e, "reply", reply, 1, MS_OVERSIGHT_TEXT_MAX)) &&
		 !(rc = ms_oversight_sql_letter_reply(db, id, reply, by->id, now, &done, e)) && !done)
		rc = ms_failf(e, MS_E_ALREADY_REPLIED, NULL, MS_AI(id), MS_AS(now));
	if (!rc) {
		char today[11];
		ms_day_format(ms_day_today(), today);
		const char *deadline = json_string_value(json_object_get(l, "deadline"));
		rc = ms_audit_append(db, by, congress_id, "letter.reply", "supervision_letter", id,
				     json_pack("{s:I, s:b}", "unit_id", (json_int_t)unit, "late",
					       deadline && strcmp(today, deadline) > 0),
				     e);
	}
	json_decref(l);
	return rc;
}

int ms_letter_publish(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	return publish(db, by, id, &ms_letter_kind, ms_letter_owner, ms_oversight_sql_letter_publish, "letter.publish",
		       e);
}

/* ---- special inquiries ---- */

/* One question and its answer, checked, as it is stored. */
static int qa_item(struct ms_db *db, int64_t congress_id, json_t *it, size_t i, json_t *into, struct ms_error *e)
{
	char f[4][48];
	snprintf(f[0], sizeof f[0], "qa[%zu].asked_by", i);
	snprintf(f[1], sizeof f[1], "qa[%zu].question", i);
	snprintf(f[2], sizeof f[2], "qa[%zu].answered_by", i);
	snprintf(f[3], sizeof f[3], "qa[%zu].answer", i);
	json_t *asker = json_object_get(it, "asked_by");
	const char *q = json_string_value(json_object_get(it, "question"));
	const char *who = json_string_value(json_object_get(it, "answered_by"));
	const char *a = json_string_value(json_object_get(it, "answer"));
	int rc;
	if (!json_is_integer(asker) || json_integer_value(asker) < 1)
		return ms_failf(e, MS_E_INVALID_VALUE, f[0], MS_AS(f[0]), MS_AT("代表的编号", "a deputy's id"));
	if ((rc = need_deputy(db, json_integer_value(asker), congress_id, f[0], e)) ||
	    (rc = ms_check_text(e, f[1], q, 1, MS_QUESTION_MAX)) ||
	    (rc = ms_check_text(e, f[2], who, 1, MS_OVERSIGHT_NAME_MAX)) ||
	    (rc = ms_check_text(e, f[3], a, 1, MS_OVERSIGHT_TEXT_MAX)))
		return rc;
	if (json_array_append_new(into, json_pack("{s:I, s:s, s:s, s:s}", "asked_by",
						  (json_int_t)json_integer_value(asker), "question", q, "answered_by",
						  who, "answer", a)))
		return ms_nomem(e);
	return 0;
}

int ms_inquiry_record(struct ms_db *db, const struct ms_actor *by, int64_t group_id, int64_t project_id,
		      const char *day, const char *title, json_t *qa, int64_t *id, struct ms_error *e)
{
	int64_t congress_id = 0;
	int rc;
	if ((rc = group_of(db, group_id, &congress_id, NULL, e)))
		return rc;
	if (!ms_actor_is_staff(by, congress_id) && (rc = ms_group_need_member(db, by, group_id, e)))
		return rc;
	if ((rc = need_in_group(db, group_id, project_id, e)) || (rc = need_past_day(e, "day", day, NULL)) ||
	    (rc = ms_check_text(e, "title", title, 1, MS_OVERSIGHT_TITLE_MAX)))
		return rc;
	if (!json_is_array(qa))
		return ms_failf(e, MS_E_INVALID_VALUE, "qa", MS_AS("qa"), MS_AT("问答数组", "an array of questions"));
	if ((rc = ms_check_int(e, "qa", (int64_t)json_array_size(qa), 1, MS_QA_MAX)))
		return rc;
	json_t *clean = json_array();
	if (!clean)
		return ms_nomem(e);
	size_t i;
	json_t *it;
	json_array_foreach(qa, i, it) if (!rc) rc = qa_item(db, congress_id, it, i, clean, e);
	char *text = rc ? NULL : json_dumps(clean, JSON_COMPACT);
	if (!rc && !text)
		rc = ms_nomem(e);
	char now[32];
	ms_now_iso(now, sizeof now);
	if (!rc)
		rc = ms_oversight_sql_inquiry_insert(db, group_id, project_id, day, title, text, by->id, now, id, e);
	if (!rc)
		rc = ms_audit_append(db, by, congress_id, "inquiry.record", "inquiry", *id,
				     json_pack("{s:I, s:I, s:s, s:I}", "group_id", (json_int_t)group_id, "project_id",
					       (json_int_t)project_id, "day", day, "questions",
					       (json_int_t)json_array_size(clean)),
				     e);
	free(text);
	json_decref(clean);
	return rc;
}

/* ---- comments ---- */

int ms_comment_add(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *body, int64_t *id,
		   struct ms_error *e)
{
	int64_t congress_id = 0, unit = 0;
	int rc = ms_oversight_sql_project(db, project_id, &congress_id, &unit, e);
	if (rc)
		return rc;
	if (!congress_id)
		return ms_store_not_found(e, &ms_project_kind, project_id);
	char now[32];
	ms_now_iso(now, sizeof now);
	if (!(rc = need_deputy(db, by->id, congress_id, "user", e)) &&
	    !(rc = ms_check_text(e, "body", body, 1, MS_COMMENT_MAX)) &&
	    !(rc = ms_oversight_sql_comment_insert(db, project_id, by->id, body, now, id, e)))
		rc = ms_audit_append(db, by, congress_id, "project.comment", "project", project_id,
				     json_pack("{s:I}", "comment_id", (json_int_t)*id), e);
	return rc;
}
