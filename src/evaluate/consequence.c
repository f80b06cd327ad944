/*
 * consequence.c — what follows a poor verdict (PRACTICE.md, "Evaluation
 * consequences and assessment"), configured per congress and printed in
 * words: for a dissatisfied (or basically satisfied) project, a
 * rectification task with a deadline in working days (a supervision task
 * for its lead unit), a required re-report, a re-evaluation, a special
 * inquiry, a talk with the unit head (约谈), a penalty in the unit's
 * assessment. The close of an evaluation applies the rules to each
 * verdict at once (ms_consequences_apply); whether a consequence is done
 * follows from the records — the task done, a report published, the
 * re-evaluation's verdict, an inquiry held — or, for a talk, from the
 * clerk's record of it.
 */
#include "evaluate_internal.h"

#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../supervise/supervise.h"

static const struct ms_name kind_v[] = {
	{"rectify", "限期整改", "rectification by a deadline"},
	{"rereport", "重新报告", "a report again"},
	{"reevaluate", "再次测评", "a re-evaluation"},
	{"inquiry", "专题询问", "a special inquiry"},
	{"talk", "约谈单位负责人", "a talk with the unit head"},
	{"penalty", "考核扣分", "points off the unit's assessment"},
};
const struct ms_names ms_consequence_kind_names = MS_NAMES("consequence_kind", kind_v);
_Static_assert(sizeof kind_v / sizeof kind_v[0] == MS_CQ_PENALTY + 1, "a name per consequence");

static const struct ms_name state_v[] = {
	{"open", "待落实", "open"},
	{"overdue", "已逾期", "overdue"},
	{"done", "已落实", "done"},
	{"applied", "已执行", "applied"},
};
const struct ms_names ms_consequence_state_names = MS_NAMES("consequence_state", state_v);

const struct ms_name ms_consequence_kind = {"consequence", "测评后续措施", "consequence"};

/* The verdicts a rule may follow: basic and dissatisfied (enum ms_verdict). */
static bool poor(int verdict)
{
	return verdict == MS_VERDICT_BASIC || verdict == MS_VERDICT_DISSATISFIED;
}

int ms_consequence_rules_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			     const struct ms_consequence_rule *rules, size_t n, struct ms_error *e)
{
	int rc;
	if (n > MS_CQ_RULES_MAX)
		return ms_failf(e, MS_E_CQ_RULE_TWICE, "rules", MS_AT("规则过多", "too many rules"));
	for (size_t i = 0; i < n; i++) {
		const struct ms_consequence_rule *r = &rules[i];
		if (!poor(r->verdict))
			return ms_failf(e, MS_E_CQ_VERDICT, "rules", MS_AI(i + 1));
		if (r->days < 0 || r->days > MS_TASK_DAYS_MAX || r->points < 0 || r->points > MS_CQ_POINTS_MAX)
			return ms_failf(e, MS_E_CQ_FIGURES, "rules", MS_AI(i + 1), MS_AI(MS_TASK_DAYS_MAX),
					MS_AI(MS_CQ_POINTS_MAX));
		if (r->kind == MS_CQ_PENALTY ? r->points < 1 || r->days != 0 : r->points != 0)
			return ms_failf(e, MS_E_CQ_PENALTY_POINTS, "rules", MS_AI(i + 1));
		if ((r->kind == MS_CQ_RECTIFY || r->kind == MS_CQ_REREPORT) && r->days < 1)
			return ms_failf(e, MS_E_CQ_NEEDS_DAYS, "rules", MS_AI(i + 1));
		for (size_t j = 0; j < i; j++)
			if (rules[j].verdict == r->verdict && rules[j].kind == r->kind)
				return ms_failf(e, MS_E_CQ_RULE_TWICE, "rules",
						MS_AT(kind_v[r->kind].zh, kind_v[r->kind].en));
	}
	if ((rc = ms_consequence_sql_rules_clear(db, congress_id, e)))
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		if ((rc = ms_consequence_sql_rule_add(db, congress_id, &rules[i], e))) {
			json_decref(list);
			return rc;
		}
		json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:i, s:b}", "verdict",
						      ms_names_key(&ms_verdict_names, rules[i].verdict), "kind",
						      kind_v[rules[i].kind].key, "days", rules[i].days, "points",
						      rules[i].points, "public", rules[i].public_));
	}
	return ms_audit_append(db, by, congress_id, "consequence.rules", "congress", congress_id,
			       json_pack("{s:o}", "rules", list), e);
}

/* One rule in words, appended to zh and en. */
static void rule_words(const struct ms_consequence_rule *r, char *zh, size_t zcap, char *en, size_t ecap)
{
	size_t zl = strlen(zh), el = strlen(en);
	switch (r->kind) {
	case MS_CQ_RECTIFY:
		snprintf(zh + zl, zcap - zl, "承办单位须在 %d 个工作日内完成整改（列为督办任务）；", r->days);
		snprintf(en + el, ecap - el, "the lead unit rectifies within %d working days (a supervision task); ",
			 r->days);
		break;
	case MS_CQ_REREPORT:
		snprintf(zh + zl, zcap - zl, "承办单位须在 %d 个工作日内重新报告项目进展；", r->days);
		snprintf(en + el, ecap - el, "the lead unit reports on the project again within %d working days; ",
			 r->days);
		break;
	case MS_CQ_REEVALUATE:
		if (r->days)
			snprintf(zh + zl, zcap - zl, "%d 个工作日内再次测评；", r->days);
		else
			snprintf(zh + zl, zcap - zl, "再次测评；");
		if (r->days)
			snprintf(en + el, ecap - el, "it is rated again within %d working days; ", r->days);
		else
			snprintf(en + el, ecap - el, "it is rated again; ");
		break;
	case MS_CQ_INQUIRY:
		snprintf(zh + zl, zcap - zl, "开展专题询问；");
		snprintf(en + el, ecap - el, "a special inquiry is held; ");
		break;
	case MS_CQ_TALK:
		snprintf(zh + zl, zcap - zl, "约谈承办单位负责人；");
		snprintf(en + el, ecap - el, "the unit head is called in for a talk; ");
		break;
	default:
		snprintf(zh + zl, zcap - zl, "承办单位年度考核扣 %d 分；", r->points);
		snprintf(en + el, ecap - el, "%d points come off the unit's assessment; ", r->points);
	}
	if (!r->public_) {
		zl = strlen(zh), el = strlen(en);
		if (zl >= 3 && zl < zcap)
			snprintf(zh + zl - 3, zcap - zl + 3, "（不公开）；");
		if (el >= 2 && el < ecap)
			snprintf(en + el - 2, ecap - el + 2, " (not public); ");
	}
}

json_t *ms_consequence_rules_words(const struct ms_consequence_rule *rules, size_t n)
{
	char zh[4096] = "", en[4096] = "";
	static const int verdicts[] = {MS_VERDICT_DISSATISFIED, MS_VERDICT_BASIC};
	for (size_t v = 0; v < 2; v++) {
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			if (rules[i].verdict != verdicts[v])
				continue;
			if (!any) {
				size_t zl = strlen(zh), el = strlen(en);
				snprintf(zh + zl, sizeof zh - zl, "测评结果为%s的项目：",
					 verdicts[v] == MS_VERDICT_BASIC ? "基本满意" : "不满意");
				snprintf(en + el, sizeof en - el, "A project rated %s: ",
					 verdicts[v] == MS_VERDICT_BASIC ? "basically satisfied" : "dissatisfied");
			}
			any = true;
			rule_words(&rules[i], zh, sizeof zh, en, sizeof en);
		}
		if (any) { /* end the sentence: "；" becomes "。", "; " becomes ". " */
			size_t zl = strlen(zh), el = strlen(en);
			if (zl >= 3)
				snprintf(zh + zl - 3, sizeof zh - zl + 3, "。");
			if (el >= 2)
				snprintf(en + el - 2, sizeof en - el + 2, ". ");
		}
	}
	if (!*zh) {
		snprintf(zh, sizeof zh, "测评结果不引起后续措施。");
		snprintf(en, sizeof en, "No verdict has a consequence.");
	}
	size_t el = strlen(en);
	if (el && en[el - 1] == ' ')
		en[el - 1] = 0;
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

int ms_consequence_rules_get(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	struct ms_consequence_rule *rules = NULL;
	size_t n = 0;
	int rc = ms_consequence_sql_rules(db, congress_id, &rules, &n, e);
	if (rc)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:i, s:b}", "verdict",
						      ms_names_key(&ms_verdict_names, rules[i].verdict), "kind",
						      kind_v[rules[i].kind].key, "days", rules[i].days, "points",
						      rules[i].points, "public", rules[i].public_));
	*out = json_pack("{s:o, s:o}", "rules", list, "words", ms_consequence_rules_words(rules, n));
	free(rules);
	return *out ? 0 : ms_nomem(e);
}

int ms_consequences_apply(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, int64_t congress_id,
			  json_t *result, struct ms_error *e)
{
	struct ms_consequence_rule *rules = NULL;
	size_t n = 0, made = 0;
	int rc = ms_consequence_sql_rules(db, congress_id, &rules, &n, e);
	if (rc || n == 0)
		goto out;
	int32_t today = ms_day_today();
	char created[11], now[32];
	ms_day_format(today, created);
	ms_now_iso(now, sizeof now);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(result, "candidates"), i, c) {
		int verdict = ms_names_find(&ms_verdict_names, json_string_value(json_object_get(c, "verdict")));
		int64_t project = json_integer_value(json_object_get(c, "project_id"));
		if (!poor(verdict))
			continue;
		for (size_t k = 0; k < n; k++) {
			const struct ms_consequence_rule *r = &rules[k];
			if (r->verdict != verdict)
				continue;
			struct ms_consequence cq = {.poll_id = poll_id, .project_id = project, .verdict = verdict,
						    .kind = r->kind, .points = r->points, .public_ = r->public_};
			if (r->kind == MS_CQ_RECTIFY) {
				char why[256];
				snprintf(why, sizeof why, "满意度测评结果为%s，限期整改（测评 %lld）",
					 verdict == MS_VERDICT_BASIC ? "基本满意" : "不满意", (long long)poll_id);
				if ((rc = ms_task_create(db, by, project, why, today, r->days, &cq.task_id, cq.due_on, e)))
					goto out;
			} else if (r->days > 0) {
				struct ms_workday_cal cal;
				if ((rc = ms_holidays_calendar(db, congress_id, &cal, e)))
					goto out;
				ms_day_format(ms_workday_add(&cal, today, r->days), cq.due_on);
				ms_holidays_fini(&cal);
			}
			if ((rc = ms_consequence_sql_insert(db, congress_id, &cq, created, now, e)))
				goto out;
			made++;
		}
	}
	if (made)
		rc = ms_audit_append(db, by, congress_id, "consequence.apply", "poll", poll_id,
				     json_pack("{s:I}", "consequences", (json_int_t)made), e);
out:
	free(rules);
	return rc;
}

int ms_consequence_talk(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *on, const char *note,
			struct ms_error *e)
{
	json_t *cq = NULL;
	int rc = ms_consequence_sql_get(db, id, "9999-12-31", &cq, e);
	if (rc)
		return rc;
	const char *kind = json_string_value(json_object_get(cq, "kind"));
	int64_t congress = json_integer_value(json_object_get(cq, "congress_id"));
	char today[11];
	ms_day_format(ms_day_today(), today);
	if (!kind || strcmp(kind, "talk") != 0)
		rc = ms_fail(e, MS_E_CQ_NOT_TALK, NULL);
	else if (!json_is_null(json_object_get(cq, "done_on")))
		rc = ms_fail(e, MS_E_CQ_RECORDED, NULL);
	else if (strcmp(on, today) > 0)
		rc = ms_failf(e, MS_E_CQ_FUTURE, "on", MS_AT(on, on));
	else if (strcmp(on, json_string_value(json_object_get(cq, "created_on"))) < 0)
		rc = ms_failf(e, MS_E_CQ_BEFORE, "on", MS_AT(on, on), MS_AT(json_string_value(json_object_get(cq, "created_on")),
									   json_string_value(json_object_get(cq, "created_on"))));
	json_decref(cq);
	if (!rc)
		rc = ms_consequence_sql_talk(db, id, on, note, by->id, e);
	if (!rc)
		rc = ms_audit_append(db, by, congress, "consequence.talk", "consequence", id,
				     json_pack("{s:s, s:s}", "on", on, "note", note), e);
	return rc;
}
