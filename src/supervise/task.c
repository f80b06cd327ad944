/*
 * task.c — warning lights and supervision tasks (督办). A project's light
 * is judged (light.c) on a day from its latest published plan and what its
 * unit reported; a project turning red gets a task for its lead unit, due a
 * number of working days later over the congress's holiday calendar; an
 * open task past its day escalates, and again every escalate_days working
 * days. Lights are judged when a plan is published or a report arrives, and
 * for every project by ms_relight_all — `minsheng supervise relight` from
 * cron each day, or the clerk's button — so that time passing counts.
 */
#include "supervise.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "supervise_internal.h"

static int32_t day_of(json_t *o, const char *key, int32_t dflt)
{
	int32_t d;
	return ms_day_parse(json_string_value(json_object_get(o, key)), &d) ? d : dflt;
}

/* The checks that fired, for the task and the project page. */
static json_t *why_json(const struct ms_light_result *r)
{
	json_t *o = json_pack("{s:s, s:i}", "light", ms_names_key(&ms_light_names, (int)r->light), "planned", r->planned);
	for (int k = 0; o && k < MS_LIGHT_CHECKS; k++)
		json_object_set_new(o, ms_names_key(&ms_light_check_names, k),
				    json_pack("{s:s, s:i}", "light", ms_names_key(&ms_light_names, (int)r->by[k].light),
					      "amount", r->by[k].amount));
	return o;
}

int ms_project_relight(struct ms_db *db, const struct ms_actor *by, int64_t project_id, int32_t today,
		       struct ms_relight *r, struct ms_error *e)
{
	struct ms_light_input in;
	struct ms_supervision_settings set;
	struct ms_workday_cal cal = {0};
	json_t *plan = NULL, *why = NULL;
	char *why_text = NULL;
	struct ms_light_milestone *ms = NULL;
	int rc;
	if ((rc = ms_task_sql_input(db, project_id, &in, e)))
		return rc;
	if (r)
		r->projects++;
	if (!in.plan) /* nothing to judge against before a plan is published */
		goto out;
	plan = json_loads(in.plan, 0, NULL);
	json_t *list = json_object_get(plan, "milestones"), *m;
	size_t n = json_array_size(list), i;
	if (n && !(ms = calloc(n, sizeof *ms))) {
		rc = ms_nomem(e);
		goto out;
	}
	json_array_foreach(list, i, m) ms[i] = (struct ms_light_milestone){
		.day = day_of(m, "planned_on", 0), .percent = (int)json_integer_value(json_object_get(m, "percent"))};
	struct ms_light_project lp = {.today = today,
				      .plan_start = day_of(plan, "start_on", today),
				      .plan_finish = day_of(plan, "finish_on", today),
				      .milestones = ms,
				      .n_milestones = n,
				      .percent = in.percent,
				      .started = in.started,
				      .finished = in.state == MS_PROJECT_FINISHED,
				      .last_report = in.last_report};
	if ((rc = ms_supervision_settings_get(db, in.congress_id, &set, e)))
		goto out;
	struct ms_light_result res;
	enum ms_light light = ms_light_judge(&set.light, &lp, &res);
	why = why_json(&res);
	if (!why || !(why_text = json_dumps(why, JSON_COMPACT | JSON_SORT_KEYS))) {
		rc = ms_nomem(e);
		goto out;
	}
	if ((rc = ms_task_sql_set_light(db, project_id, ms_names_key(&ms_light_names, (int)light), why_text, e)))
		goto out;
	if (r && (int)light != in.light)
		r->changed++;
	if ((int)light != in.light &&
	    (rc = ms_audit_append(db, by, in.congress_id, "project.light", "project", project_id,
				  json_pack("{s:s, s:s}", "from", ms_names_key(&ms_light_names, in.light), "to",
					    ms_names_key(&ms_light_names, (int)light)),
				  e)))
		goto out;
	bool open = false;
	if (light != MS_LIGHT_RED || in.light == MS_LIGHT_RED || (rc = ms_task_sql_open_exists(db, project_id, &open, e)) ||
	    open)
		goto out;
	/* Turned red: a task for the lead unit. */
	if ((rc = ms_holidays_calendar(db, in.congress_id, &cal, e)))
		goto out;
	char created[11], due[11], now[32];
	ms_day_format(today, created);
	ms_day_format(ms_workday_add(&cal, today, set.task_days), due);
	ms_now_iso(now, sizeof now);
	int64_t task;
	if ((rc = ms_task_sql_insert(db, project_id, in.congress_id, in.lead_unit_id, why_text, created, due, now, &task,
				     e)) ||
	    (rc = ms_audit_append(db, by, in.congress_id, "task.create", "task", task,
				  json_pack("{s:I, s:s}", "project_id", (json_int_t)project_id, "due_on", due), e)))
		goto out;
	if (r)
		r->tasks_created++;
out:
	ms_holidays_fini(&cal);
	free(ms);
	free(why_text);
	json_decref(why);
	json_decref(plan);
	free(in.plan);
	return rc;
}

/* Escalate the congress's overdue tasks. */
static int escalate(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int32_t today,
		    struct ms_relight *r, struct ms_error *e)
{
	char on[11];
	ms_day_format(today, on);
	json_t *tasks = NULL;
	int rc = ms_task_sql_overdue(db, congress_id, on, &tasks, e);
	size_t i;
	json_t *t;
	int64_t cached = -1;
	struct ms_workday_cal cal = {0};
	struct ms_supervision_settings set = {0};
	json_array_foreach(tasks, i, t) {
		if (rc)
			break;
		int64_t cid = json_integer_value(json_object_get(t, "congress_id"));
		if (cid != cached) {
			ms_holidays_fini(&cal);
			if ((rc = ms_holidays_calendar(db, cid, &cal, e)) ||
			    (rc = ms_supervision_settings_get(db, cid, &set, e)))
				break;
			cached = cid;
		}
		int64_t level = json_integer_value(json_object_get(t, "level"));
		int32_t last = day_of(t, "escalated_on", 0);
		if (level > 0 && ms_workday_count(&cal, last, today) < set.escalate_days)
			continue;
		int64_t id = json_integer_value(json_object_get(t, "id"));
		if ((rc = ms_task_sql_escalate(db, id, level + 1, on, e)) ||
		    (rc = ms_audit_append(db, by, cid, "task.escalate", "task", id,
					  json_pack("{s:I}", "level", (json_int_t)(level + 1)), e)))
			break;
		if (r)
			r->escalated++;
	}
	ms_holidays_fini(&cal);
	json_decref(tasks);
	return rc;
}

/* Remove the uploads that joined no report or inspection within
 * MS_UPLOAD_KEEP_DAYS days (a form abandoned after its photos went up). */
static int sweep(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int32_t today,
		 struct ms_relight *r, struct ms_error *e)
{
	char before[11];
	ms_day_format(today - MS_UPLOAD_KEEP_DAYS, before);
	json_t *counts = NULL, *c;
	int rc = ms_task_sql_unused(db, congress_id, before, false, &counts, e);
	size_t i;
	json_array_foreach(rc ? NULL : counts, i, c) {
		json_int_t n = json_integer_value(json_object_get(c, "n"));
		if ((rc = ms_audit_append(db, by, json_integer_value(json_object_get(c, "congress_id")), "attachment.sweep",
					  "congress", json_integer_value(json_object_get(c, "congress_id")),
					  json_pack("{s:I, s:s}", "removed", n, "before", before), e)))
			break;
		if (r)
			r->swept += n;
	}
	json_decref(counts);
	return rc ? rc : ms_task_sql_unused(db, congress_id, before, true, NULL, e);
}

int ms_relight_all(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int32_t today,
		   struct ms_relight *r, struct ms_error *e)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = ms_task_sql_projects(db, congress_id, &ids, &n, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = ms_project_relight(db, by, ids[i], today, r, e);
	free(ids);
	return rc ? rc : (rc = escalate(db, by, congress_id, today, r, e)) ? rc : sweep(db, by, congress_id, today, r, e);
}

int ms_task_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *t = NULL;
	int rc = ms_task_sql_get(db, id, &t, e);
	if (!rc)
		*congress_id = json_integer_value(json_object_get(t, "congress_id"));
	json_decref(t);
	return rc;
}

int ms_task_list(struct ms_db *db, const struct ms_actor *who, int64_t congress_id, const char *state,
		 const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	char today[11];
	ms_day_format(ms_day_today(), today);
	int64_t unit = ms_actor_is_staff(who, congress_id) ? 0 : who->unit_id;
	if (!ms_actor_is_staff(who, congress_id) && !unit)
		return ms_failf(e, MS_E_NOT_LEAD_UNIT, NULL, MS_AT("查看督办事项", "see the tasks"));
	return ms_task_sql_list(db, congress_id, unit, state, today, pg, out, e);
}

int ms_task_done(struct ms_db *db, const struct ms_actor *by, int64_t task_id, const char *note, json_t **out,
		 struct ms_error *e)
{
	json_t *t = NULL;
	int rc = ms_task_sql_get(db, task_id, &t, e);
	if (rc)
		return rc;
	struct ms_project_facts p;
	if (!(rc = ms_project_facts(db, json_integer_value(json_object_get(t, "project_id")), &p, e)) &&
	    !(rc = ms_project_need_lead(&p, by, MS_AT("办结督办事项", "close the task"), e)) &&
	    !(rc = ms_check_text(e, "note", note ? note : "", 1, 2000))) {
		const char *done = json_string_value(json_object_get(t, "done_on"));
		if (done)
			rc = ms_failf(e, MS_E_TASK_DONE, NULL, MS_AS(done));
	}
	json_decref(t);
	if (rc)
		return rc;
	char on[11];
	ms_day_format(ms_day_today(), on);
	if ((rc = ms_task_sql_done(db, task_id, on, note, by->id, e)) ||
	    (rc = ms_audit_append(db, by, p.congress_id, "task.done", "task", task_id, NULL, e)))
		return rc;
	return ms_task_sql_get(db, task_id, out, e);
}

int ms_project_accept(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *on,
		      const char *note, struct ms_error *e)
{
	struct ms_light_input in;
	bool open = false;
	int32_t day, today = ms_day_today();
	char today_s[11];
	int rc;
	if ((rc = ms_task_sql_input(db, project_id, &in, e)))
		return rc;
	free(in.plan);
	ms_day_format(today, today_s);
	if (!ms_actor_is_staff(by, in.congress_id))
		return ms_failf(e, MS_E_FORBIDDEN, NULL, MS_AT("本级人大的工作人员", "the congress's staff"));
	if ((rc = ms_check_text(e, "note", note ? note : "", 1, MS_REPORT_BODY_MAX)))
		return rc;
	if (!on)
		on = today_s;
	if (!ms_day_parse(on, &day))
		return ms_failf(e, MS_E_INVALID_VALUE, "accepted_on", MS_AS("accepted_on"), MS_AT("一个日期", "a date"));
	if (day > today)
		return ms_failf(e, MS_E_DAY_IN_FUTURE, "accepted_on", MS_AS(on), MS_AS(today_s));
	if (in.state == MS_PROJECT_FINISHED)
		return ms_failf(e, MS_E_PROJECT_FINISHED, NULL, MS_AT("验收", "be accepted"));
	if (in.reported < 100)
		return ms_failf(e, MS_E_NOT_COMPLETE, NULL, MS_AI(in.reported));
	if (in.last_report != MS_LIGHT_NO_DAY && day < in.last_report) {
		char last[11];
		ms_day_format(in.last_report, last);
		return ms_failf(e, MS_E_ACCEPT_BEFORE_REPORT, "accepted_on", MS_AS(on), MS_AS(last));
	}
	if ((rc = ms_task_sql_open_exists(db, project_id, &open, e)))
		return rc;
	if (open)
		return ms_fail(e, MS_E_TASKS_OPEN, NULL);
	/* The final figures are the public's: the report that says 100 is
	 * published with the acceptance. */
	int64_t last;
	bool published;
	if ((rc = ms_task_sql_latest_report(db, project_id, &last, &published, e)) ||
	    (!published && last && (rc = ms_report_publish(db, by, last, e))))
		return rc;
	if ((rc = ms_task_sql_accept(db, project_id, on, note, by->id, e)) ||
	    (rc = ms_audit_append(db, by, in.congress_id, "project.accept", "project", project_id,
				  json_pack("{s:s}", "accepted_on", on), e)))
		return rc;
	return ms_project_relight(db, by, project_id, today, NULL, e);
}

int ms_task_create(struct ms_db *db, const struct ms_actor *by, int64_t project_id, const char *why, int32_t today,
		   int days, int64_t *task_id, char due[11], struct ms_error *e)
{
	struct ms_light_input in = {0};
	struct ms_workday_cal cal = {0};
	int rc = ms_task_sql_input(db, project_id, &in, e);
	if (rc)
		goto out;
	if ((rc = ms_holidays_calendar(db, in.congress_id, &cal, e)))
		goto out;
	char created[11], now[32];
	ms_day_format(today, created);
	ms_day_format(ms_workday_add(&cal, today, days), due);
	ms_now_iso(now, sizeof now);
	if ((rc = ms_task_sql_insert(db, project_id, in.congress_id, in.lead_unit_id, why, created, due, now, task_id,
				     e)))
		goto out;
	rc = ms_audit_append(db, by, in.congress_id, "task.create", "task", *task_id,
			     json_pack("{s:I, s:s, s:s}", "project_id", (json_int_t)project_id, "due_on", due, "why", why), e);
out:
	ms_holidays_fini(&cal);
	free(in.plan);
	return rc;
}
