/*
 * settings.c — a congress's supervision settings (the warning-light
 * thresholds of PRACTICE.md and how long a red project's unit has to act)
 * and its holiday calendar: the official holidays and the adjusted working
 * weekends (调休) of each year, over which a task's working days count.
 */
#include "supervise.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "supervise_internal.h"

int ms_supervision_settings_get(struct ms_db *db, int64_t congress_id, struct ms_supervision_settings *out,
				struct ms_error *e)
{
	bool found = false;
	int rc = ms_settings_sql_get(db, congress_id, out, &found, e);
	if (!rc && !found)
		*out = (struct ms_supervision_settings){.light = MS_LIGHT_RULES_DEFAULT,
							.task_days = MS_TASK_DAYS_DEFAULT,
							.escalate_days = MS_ESCALATE_DAYS_DEFAULT};
	return rc;
}

int ms_supervision_settings_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
				const struct ms_supervision_settings *s, struct ms_error *e)
{
	const char *bad = ms_light_rules_check(&s->light);
	int rc;
	if (bad)
		return ms_failf(e, MS_E_LIGHT_SETTING, bad, MS_AS(bad));
	if ((rc = ms_check_int(e, "task_days", s->task_days, 1, MS_TASK_DAYS_MAX)) ||
	    (rc = ms_check_int(e, "escalate_days", s->escalate_days, 1, MS_TASK_DAYS_MAX)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_settings_sql_set(db, congress_id, s, now, e)))
		return rc;
	return ms_audit_append(db, by, congress_id, "supervision.settings", "congress", congress_id,
			       ms_supervision_settings_json(s), e);
}

json_t *ms_supervision_settings_json(const struct ms_supervision_settings *s)
{
	char zh[800], en[1200], tzh[200], ten[300];
	ms_light_rules_words(&s->light, zh, sizeof zh, en, sizeof en);
	snprintf(tzh, sizeof tzh, "亮红灯的项目自动生成督办事项，牵头单位须在%d个工作日内办结；逾期未办结的，每过%d个工作日升级督办一次。",
		 s->task_days, s->escalate_days);
	snprintf(ten, sizeof ten,
		 "A project turning red becomes a supervision task for its lead unit, due in %d working days; an "
		 "overdue task escalates, and again every %d working days.",
		 s->task_days, s->escalate_days);
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:{s:s+, s:s++}}", "behind_yellow",
			 s->light.behind_yellow, "behind_red", s->light.behind_red, "late_yellow", s->light.late_yellow,
			 "late_red", s->light.late_red, "silent_yellow", s->light.silent_yellow, "silent_red",
			 s->light.silent_red, "task_days", s->task_days, "escalate_days", s->escalate_days, "words", "zh",
			 zh, tzh, "en", en, " ", ten);
}

int ms_holidays_calendar(struct ms_db *db, int64_t congress_id, struct ms_workday_cal *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	int32_t *off = NULL, *on = NULL;
	int rc = ms_holidays_sql_days(db, congress_id, "off", &off, &out->n_off, e);
	if (!rc)
		rc = ms_holidays_sql_days(db, congress_id, "on", &on, &out->n_on, e);
	out->off = off;
	out->on = on;
	if (rc)
		ms_holidays_fini(out);
	return rc;
}

void ms_holidays_fini(struct ms_workday_cal *c)
{
	free((void *)c->off);
	free((void *)c->on);
	memset(c, 0, sizeof *c);
}

int ms_holidays_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t year, json_t *days,
		    struct ms_error *e)
{
	struct ms_faults f = {0};
	size_t i;
	json_t *d;
	int rc;
	if ((rc = ms_check_int(e, "year", year, MS_YEAR_MIN, MS_YEAR_MAX)))
		return rc;
	json_array_foreach(days, i, d) {
		const char *text = json_string_value(json_object_get(d, "day"));
		const char *kind = json_string_value(json_object_get(d, "kind"));
		int32_t day;
		int y;
		if (!ms_day_parse(text, &day)) {
			ms_faultf(&f, MS_E_INVALID_VALUE, "days", MS_AS("day"), MS_AT("一个日期", "a date"));
			continue;
		}
		ms_day_ymd(day, &y, NULL, NULL);
		bool twice = false;
		for (size_t k = 0; k < i; k++)
			twice = twice || strcmp(json_string_value(json_object_get(json_array_get(days, k), "day")), text) == 0;
		bool weekend = ms_day_weekday(day) >= 6;
		if (y != year)
			ms_faultf(&f, MS_E_HOLIDAY_YEAR, "days", MS_AS(text), MS_AI(year));
		else if (twice)
			ms_faultf(&f, MS_E_HOLIDAY_TWICE, "days", MS_AS(text));
		else if (kind && (strcmp(kind, "on") == 0) != weekend)
			ms_faultf(&f, MS_E_HOLIDAY_KIND, "days", MS_AS(text));
		const char *name = json_string_value(json_object_get(d, "name"));
		struct ms_error x;
		if (name && ms_check_text(&x, "days", name, 0, 50))
			ms_faults_add(&f, &x);
	}
	if (f.n)
		return ms_faults_result(&f, e);
	if ((rc = ms_holidays_sql_clear_year(db, congress_id, year, e)))
		return rc;
	json_array_foreach(days, i, d) {
		const char *name = json_string_value(json_object_get(d, "name"));
		if ((rc = ms_holidays_sql_add(db, congress_id, json_string_value(json_object_get(d, "day")),
					      json_string_value(json_object_get(d, "kind")), name ? name : "", e)))
			return rc;
	}
	return ms_audit_append(db, by, congress_id, "supervision.holidays", "congress", congress_id,
			       json_pack("{s:I, s:I}", "year", (json_int_t)year, "days", (json_int_t)json_array_size(days)),
			       e);
}
