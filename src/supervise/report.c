/*
 * report.c — progress reports (进度报告) by a project's lead unit, with
 * photos and documents. A file is uploaded first (judged by its content,
 * core/upload.c: photos re-encoded without their metadata) and waits; the
 * report names the files it carries (only its uploader's). Filing a report
 * records its figures as the latest reported and its day as the last
 * report's, and marks the plan's milestones reached. The public sees a
 * report and its files once the clerk publishes it, and only then do the
 * project's figures (percent_done, spent: what the public sees and the
 * light is judged on) become the report's. The congress's staff and
 * deputies and the lead unit's officers see every report.
 */
#include "supervise.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/upload.h"
#include "../core/util.h"
#include "oversight_internal.h"
#include "supervise_internal.h"

/* Who may see a project's reports before they are published: the
 * congress's staff and deputies, and the officers of its lead unit. */
static bool insider(const struct ms_actor *who, int64_t congress_id, int64_t lead_unit_id)
{
	return who && (ms_actor_is_staff(who, congress_id) || ms_actor_is_of(who, MS_ROLE_DEPUTY, congress_id) ||
		       (ms_actor_is_of(who, MS_ROLE_UNIT, congress_id) && lead_unit_id && who->unit_id == lead_unit_id));
}

int ms_attachment_may_upload(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *name,
			     struct ms_error *e)
{
	struct ms_project_facts p;
	int rc;
	if ((rc = ms_project_facts(db, project_id, &p, e)))
		return rc;
	/* The lead unit and the staff for reports; a member of a group that
	 * oversees the project for its inspections. */
	struct ms_error lead;
	if (ms_project_need_lead(&p, by, MS_AT("上传进度材料", "upload progress files"), &lead)) {
		bool overseer = false;
		if (!ms_actor_is_of(by, MS_ROLE_DEPUTY, p.congress_id)) {
			*e = lead;
			return lead.err;
		}
		if ((rc = ms_oversight_sql_overseer(db, project_id, by->id, &overseer, e)))
			return rc;
		if (!overseer)
			return ms_fail(e, MS_E_NOT_GROUP_MEMBER, NULL);
	}
	if (p.state == MS_PROJECT_FINISHED)
		return ms_failf(e, MS_E_PROJECT_FINISHED, NULL, MS_AT("上传进度材料", "take files"));
	/* An upload waits for its report or inspection: a few at a time. */
	int64_t waiting = 0;
	if ((rc = ms_report_sql_free_count(db, project_id, by->id, &waiting, e)))
		return rc;
	if (waiting >= MS_REPORT_FILES_MAX)
		return ms_failf(e, MS_E_TOO_MANY_UPLOADS, NULL, MS_AI(MS_REPORT_FILES_MAX));
	return name ? ms_check_text(e, "name", name, 1, 200) : 0;
}

int ms_attachment_store(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *name,
			const struct ms_upload *u, json_t **out, struct ms_error *e)
{
	struct ms_project_facts p;
	int rc;
	if ((rc = ms_attachment_may_upload(db, by, project_id, name, e)) || (rc = ms_project_facts(db, project_id, &p, e)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	const char *shown = name ? name : u->kind == MS_UPLOAD_PHOTO ? "照片.jpg" : "文件.pdf";
	int64_t id;
	if ((rc = ms_report_sql_add_file(db, &p, u, shown, by->id, now, &id, e)) ||
	    (rc = ms_audit_append(db, by, p.congress_id, "attachment.upload", "attachment", id,
				  json_pack("{s:I, s:s}", "project_id", (json_int_t)project_id, "name", shown), e)))
		return rc;
	return ms_report_sql_file_json(db, id, out, e);
}

int ms_attachment_upload(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *name,
			 const void *data, size_t len, json_t **out, struct ms_error *e)
{
	struct ms_upload u;
	int rc;
	if ((rc = ms_attachment_may_upload(db, by, project_id, name, e)) || (rc = ms_upload_examine(data, len, &u, e)))
		return rc;
	rc = ms_attachment_store(db, by, project_id, name, &u, out, e);
	ms_upload_fini(&u);
	return rc;
}

/* The published plan's milestones (a JSON array; NULL: no plan published). */
static int plan_milestones(struct ms_db *db, int64_t project_id, json_t **plan, struct ms_error *e)
{
	char *draft = NULL, *latest = NULL;
	int64_t v;
	int rc = ms_plan_sql_texts(db, project_id, &draft, &latest, &v, e);
	*plan = !rc && latest ? json_loads(latest, 0, NULL) : NULL;
	free(draft);
	free(latest);
	return rc;
}

int ms_report_file(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const struct ms_report_in *in,
		   int64_t *id, struct ms_error *e)
{
	struct ms_project_facts p;
	json_t *plan = NULL;
	struct ms_faults f = {0};
	int rc;
	if ((rc = ms_project_facts(db, project_id, &p, e)) ||
	    (rc = ms_project_need_lead(&p, by, MS_AT("报告进度", "report progress"), e)) ||
	    (rc = plan_milestones(db, project_id, &plan, e)))
		goto out;
	if (p.state == MS_PROJECT_FINISHED) {
		rc = ms_failf(e, MS_E_PROJECT_FINISHED, NULL, MS_AT("报告进度", "take reports"));
		goto out;
	}
	if (!plan) {
		rc = ms_failf(e, MS_E_PLAN_NOT_PUBLISHED, NULL, MS_AT("报告进度", "progress is reported"));
		goto out;
	}
	struct ms_error x;
	if (ms_check_text(&x, "body", in->body ? in->body : "", 1, MS_REPORT_BODY_MAX))
		ms_faults_add(&f, &x);
	if (ms_check_int(&x, "percent_done", in->percent_done, 0, 100))
		ms_faults_add(&f, &x);
	if (ms_check_int(&x, "spent", in->spent, 0, MS_COST_MAX))
		ms_faults_add(&f, &x);
	int32_t today = ms_day_today(), start = 0;
	char today_s[11];
	ms_day_format(today, today_s);
	(void)ms_day_parse(json_string_value(json_object_get(plan, "start_on")), &start);
	json_t *milestones = json_object_get(plan, "milestones");
	for (size_t i = 0; i < in->n_reached; i++) {
		int64_t no = in->reached[i].milestone;
		int32_t d;
		bool twice = false, done = false;
		for (size_t k = 0; k < i; k++)
			twice = twice || in->reached[k].milestone == no;
		if (no < 1 || (size_t)no > json_array_size(milestones))
			ms_faultf(&f, MS_E_MILESTONE_UNKNOWN, "milestones", MS_AI(no));
		else if (!ms_day_parse(in->reached[i].reached_on, &d))
			ms_faultf(&f, MS_E_INVALID_VALUE, "milestones", MS_AS("reached_on"), MS_AT("一个日期", "a date"));
		else if (d > today)
			ms_faultf(&f, MS_E_DAY_IN_FUTURE, "milestones", MS_AS(in->reached[i].reached_on), MS_AS(today_s));
		else if (twice || ((rc = ms_report_sql_reached(db, project_id, no, &done, e)) == 0 && done))
			ms_faultf(&f, MS_E_MILESTONE_REACHED, "milestones", MS_AI(no));
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < in->n_files; i++) {
		bool ok = false;
		if ((rc = ms_report_sql_file_free(db, project_id, in->files[i], by->id, &ok, e)))
			goto out;
		if (!ok)
			ms_faultf(&f, MS_E_ATTACHMENT_UNUSABLE, "attachment_ids", MS_AI(in->files[i]));
	}
	if (f.n) {
		rc = ms_faults_result(&f, e);
		goto out;
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_report_sql_insert(db, &p, by, today_s, in, now, id, e)))
		goto out;
	for (size_t i = 0; i < in->n_reached; i++) {
		json_t *m = json_array_get(milestones, (size_t)in->reached[i].milestone - 1);
		if ((rc = ms_report_sql_add_reached(db, *id, project_id, in->reached[i].milestone,
						    json_string_value(json_object_get(m, "title")),
						    in->reached[i].reached_on, e)))
			goto out;
	}
	for (size_t i = 0; i < in->n_files; i++)
		if ((rc = ms_report_sql_attach(db, *id, in->files[i], e)))
			goto out;
	if ((rc = ms_report_sql_progress(db, project_id, in->percent_done, in->spent, today_s, e)) ||
	    (rc = ms_audit_append(db, by, p.congress_id, "report.file", "report", *id,
				  json_pack("{s:I, s:I, s:I}", "project_id", (json_int_t)project_id, "percent_done",
					    (json_int_t)in->percent_done, "spent", (json_int_t)in->spent),
				  e)))
		goto out;
	/* The light is judged again when the report is published (its figures
	 * become the project's) and each day (its day counts for the silence). */
out:
	json_decref(plan);
	return rc;
}

int ms_report_publish(struct ms_db *db, const struct ms_actor *by, int64_t report_id, struct ms_error *e)
{
	json_t *r = NULL;
	int rc = ms_report_sql_get(db, report_id, &r, e);
	if (rc)
		return rc;
	int64_t congress = json_integer_value(json_object_get(r, "congress_id")),
		project = json_integer_value(json_object_get(r, "project_id"));
	bool published = !json_is_null(json_object_get(r, "published_on"));
	json_decref(r);
	if (published)
		return ms_failf(e, MS_E_ALREADY_PUBLISHED, NULL, MS_AT("进度报告", "progress report"), MS_AI(report_id));
	int32_t day = ms_day_today();
	char today[11];
	ms_day_format(day, today);
	if ((rc = ms_report_sql_publish(db, report_id, today, e)) ||
	    (rc = ms_audit_append(db, by, congress, "report.publish", "report", report_id, NULL, e)))
		return rc;
	/* The project's public figures may have changed: its light follows. */
	return ms_project_relight(db, by, project, day, NULL, e);
}

int ms_report_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_report_sql_get(db, id, out, e);
}

int ms_report_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *r = NULL;
	int rc = ms_report_sql_get(db, id, &r, e);
	if (!rc)
		*congress_id = json_integer_value(json_object_get(r, "congress_id"));
	json_decref(r);
	return rc;
}

int ms_report_list(struct ms_db *db, const struct ms_actor *who, int64_t project_id, const struct ms_page *pg,
		   json_t **out, struct ms_error *e)
{
	struct ms_project_facts p;
	int rc = ms_project_facts(db, project_id, &p, e);
	return rc ? rc : ms_report_sql_list(db, project_id, insider(who, p.congress_id, p.lead_unit_id), pg, out, e);
}

int ms_report_list_congress(struct ms_db *db, const struct ms_actor *who, int64_t congress_id, const char *state,
			    const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	if (!who || !ms_actor_is_staff(who, congress_id)) {
		char zh[120], en[120];
		return ms_failf(e, MS_E_FORBIDDEN, NULL, ms_access_words(MS_ACCESS_STAFF, zh, sizeof zh, en, sizeof en));
	}
	return ms_report_sql_list_congress(db, congress_id, state, pg, out, e);
}

int ms_attachment_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	struct ms_file_meta m;
	int rc = ms_report_sql_file_meta(db, id, &m, e);
	if (!rc)
		*congress_id = m.congress_id;
	return rc;
}

int ms_attachment_read(struct ms_db *db, const struct ms_actor *who, int64_t id, bool thumb, struct ms_file *out,
		       struct ms_error *e)
{
	struct ms_file_meta m;
	bool member = false, staff;
	int rc = ms_report_sql_file_meta(db, id, &m, e);
	if (rc)
		return rc;
	staff = who && ms_actor_is_staff(who, m.congress_id);
	/* Unpublished files do not exist for the public (not even as a 403):
	 * one waiting for its report or inspection is its uploader's and the
	 * staff's; an unpublished inspection's the staff's and the group's; an
	 * unpublished report's for those who see the report. */
	if (!m.published && m.group_id && who && !staff &&
	    (rc = ms_oversight_sql_is_member(db, m.group_id, who->id, &member, e)))
		return rc;
	bool may = m.published || staff ||
		   (!m.attached ? who && m.uploaded_by && who->id == m.uploaded_by
				: m.group_id ? member : insider(who, m.congress_id, m.lead_unit_id));
	if (!may)
		return ms_store_not_found(e, &ms_attachment_kind, id);
	return ms_report_sql_file_data(db, id, thumb, out, e);
}
