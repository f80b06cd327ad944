/*
 * case.c — the rules of casework and suggestions (casework.h), one
 * machinery for both: a case made from a demand, a suggestion filed by
 * deputies; the clerk assigns a lead unit and co-handling units, which
 * starts the unit's clock; the unit accepts, or returns a matter outside
 * its remit within the return window (the clock stops; the clerk's next
 * assignment starts the next unit's clock afresh); the unit replies with a
 * class (A solved, B being solved or planned, C not possible now, D for
 * reference — B and C stay open and are re-answered when solved); the
 * resident rates a case (by tracking code), each signer gives feedback on a
 * suggestion (and says whether the unit met them); a dissatisfied rating
 * opens a redo with its second reply due a month later; three redos or
 * three changes of lead unit (A→B→A) mark the matter escalated. Every
 * write is audited.
 */
#include "casework_internal.h"
#include "search_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../org/org.h"
#include "track.h"

#define MS_CODES_DEF "liaison/casework_codes.def"
#define MS_CODES_LIST ms_casework_codes
#include "../core/codes_define.h"

static const struct ms_name types_v[] = {
	{"emergency", "紧急（小时计）", "emergency (hours)"}, {"urgent", "加急（小时计）", "urgent (hours)"},
	{"general", "一般（自然日）", "general (days)"},	 {"complex", "复杂（自然日）", "complex (days)"},
	{"standard", "常规（工作日）", "standard (working days)"}};
const struct ms_names ms_case_type_names = MS_NAMES("case_type", types_v);
static const struct ms_name classes_v[] = {{"A", "已解决或基本解决", "solved or basically solved"},
					   {"B", "正在解决或列入计划", "being solved or planned"},
					   {"C", "因条件限制暂不能解决", "cannot be solved now"},
					   {"D", "留作参考", "kept for reference"}};
const struct ms_names ms_reply_class_names = MS_NAMES("reply_class", classes_v);
static const struct ms_name ratings_v[] = {
	{"satisfied", "满意", "satisfied"}, {"basic", "基本满意", "basically satisfied"}, {"dissatisfied", "不满意", "dissatisfied"}};
const struct ms_names ms_cw_rating_names = MS_NAMES("casework_rating", ratings_v);
static const struct ms_name status_v[] = {
	{"filed", "待交办", "waiting for assignment"}, {"assigned", "已交办", "assigned"},
	{"accepted", "办理中", "accepted"},	       {"returned", "已退回", "returned"},
	{"replied", "已答复", "replied"},	       {"open", "答复后持续办理", "open after reply"},
	{"closed", "已办结", "closed"},		       {"merged", "已合并", "merged"}};
const struct ms_names ms_casework_status_names = MS_NAMES("casework_status", status_v);
static const struct ms_name kinds_v[] = {{"case", "群众诉求转办", "case"}, {"suggestion", "代表建议", "suggestion"}};
const struct ms_names ms_casework_kind_names = MS_NAMES("casework_kind", kinds_v);
static const struct ms_name ext_v[] = {{"none", "未申请", "none"},
				       {"requested", "已申请延期", "requested"},
				       {"approved", "已批准延期", "approved"},
				       {"refused", "未批准延期", "refused"}};
const struct ms_names ms_ext_status_names = MS_NAMES("extension_status", ext_v);
static const struct ms_name rounds_v[] = {
	{"first", "首次交办", "first"}, {"reassign", "重新交办", "reassigned"}, {"redo", "重新办理", "redo"}};
const struct ms_names ms_round_names = MS_NAMES("assignment_round", rounds_v);

/* ---- settings ---- */

int ms_casework_settings_get(struct ms_db *db, int64_t congress_id, struct ms_casework_settings *out,
			     struct ms_error *e)
{
	bool found = false;
	int rc = ms_cw_sql_settings(db, congress_id, out, &found, e);
	if (!rc && !found)
		*out = (struct ms_casework_settings)MS_CASEWORK_SETTINGS_DEFAULT;
	return rc;
}

int ms_casework_settings_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			     const struct ms_casework_settings *s, struct ms_error *e)
{
	int sum = s->w_response + s->w_resolution + s->w_satisfaction;
	if (sum != 100)
		return ms_failf(e, MS_E_WEIGHTS_SUM, "w_response", MS_AI(sum));
	if (s->extend_months <= s->reply_months)
		return ms_failf(e, MS_E_EXTEND_SHORTER, "extend_months", MS_AI(s->extend_months), MS_AI(s->reply_months));
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	int rc = ms_cw_sql_settings_set(db, congress_id, s, now, e);
	return rc ? rc
		  : ms_audit_append(db, by, congress_id, "casework.settings", "congress", congress_id,
				    ms_casework_settings_json(s), e);
}

json_t *ms_casework_settings_json(const struct ms_casework_settings *s)
{
	char zh[2000], en[2800];
	snprintf(zh, sizeof zh,
		 "群众诉求转办后按类型限时办结：紧急%d小时、加急%d小时、一般%d日、复杂%d日，未定类型的按常规%d个工作日"
		 "（工作日按本级人大的节假日和调休安排计算，本级未设的按上级人大的）。承办单位认为不属本单位职责的，应在交办后%d个工作日内退回，"
		 "由人大工作人员重新交办，重新交办的期限从新交办之日起算。协办单位应在%d个月内向主办单位提出协办意见。"
		 "代表建议应在交办之日起%d个月内答复，经批准可延至%d个月。答复分A（已解决或基本解决）、B（正在解决或列入计划）、"
		 "C（因条件限制暂不能解决）、D（留作参考）四类，B、C类持续办理、解决后再次答复。群众或代表对答复不满意的，"
		 "重新办理并在%d个月内再次答复；重新办理满%d次或在%d个单位间转办的（每更换一次主办单位计一次，甲→乙→甲计3个），列为升级督办。"
		 "三率：响应率＝交办在本期、退回期限已满或已签收退回的事项中，在退回期限内签收或退回的比例；办结率＝答复期限在本期届满的事项中，"
		 "期限内答复A类或已办结的比例；满意率＝本期评价中满意和基本满意的比例。综合得分＝响应率×%d%%＋办结率×%d%%＋满意率×%d%%，某项本期无可计数事项的不计入，其余各项按权重比例折算。"
		 "见面率＝代表反馈中承办单位与代表见面沟通的比例。",
		 s->emergency_hours, s->urgent_hours, s->general_days, s->complex_days, s->standard_workdays,
		 s->return_workdays, s->cohandle_months, s->reply_months, s->extend_months, s->redo_months,
		 s->escalate_redos, s->escalate_units, s->w_response, s->w_resolution, s->w_satisfaction);
	snprintf(en, sizeof en,
		 "A case referred to a unit is due by its type: emergency %d hours, urgent %d hours, general %d days, "
		 "complex %d days, otherwise the standard %d working days (over this congress's holidays and adjusted "
		 "working weekends, or its parent congress's when it keeps none). A unit returns a matter outside its "
		 "remit within %d working days of assignment; "
		 "the clerk reassigns it and the next unit's clock starts from the new assignment. Co-handling units "
		 "send their view to the lead unit within %d month(s). A deputy's suggestion is answered within %d "
		 "months of assignment, extendable to %d with approval. Replies are classed A (solved or basically "
		 "solved), B (being solved or planned), C (cannot be solved now), D (kept for reference); B and C stay "
		 "open and are answered again when solved. A dissatisfied rating sends the matter back for re-handling "
		 "with a second reply due in %d month(s); a matter redone %d times or passed among %d units (each change of lead unit counts: A to B and back to A is 3) is escalated. "
		 "The three rates: response = of the assignments made in the period whose return window has closed "
		 "or that were answered, the share accepted or returned within the window; resolution = of the assignments whose reply fell due in the period, the "
		 "share answered A (or closed) by the deadline; satisfaction = of the period's ratings, the share "
		 "satisfied or basically satisfied. Score = response x %d%% + resolution x %d%% + satisfaction x %d%%; a "
		 "rate with nothing to count in the period is left out and the others' weights are scaled to 100%%. "
		 "Face-to-face rate = of the deputies' feedback, the share saying the unit met them.",
		 s->emergency_hours, s->urgent_hours, s->general_days, s->complex_days, s->standard_workdays,
		 s->return_workdays, s->cohandle_months, s->reply_months, s->extend_months, s->redo_months,
		 s->escalate_redos, s->escalate_units, s->w_response, s->w_resolution, s->w_satisfaction);
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:{s:s, s:s}}",
			 "emergency_hours", s->emergency_hours, "urgent_hours", s->urgent_hours, "general_days",
			 s->general_days, "complex_days", s->complex_days, "standard_workdays", s->standard_workdays,
			 "return_workdays", s->return_workdays, "cohandle_months", s->cohandle_months, "reply_months",
			 s->reply_months, "extend_months", s->extend_months, "redo_months", s->redo_months,
			 "escalate_redos", s->escalate_redos, "escalate_units", s->escalate_units, "w_response",
			 s->w_response, "w_resolution", s->w_resolution, "w_satisfaction", s->w_satisfaction, "words",
			 "zh", zh, "en", en);
}

/* ---- reading ---- */

/* The clock of a row: "clock" (a state, or null when no clock runs) and "overdue". */
static void add_clock(json_t *row, int64_t now)
{
	const char *status = str(row, "status");
	int64_t start, due;
	bool running = status && (strcmp(status, "assigned") == 0 || strcmp(status, "accepted") == 0);
	if (running && ms_clock_parse(str(row, "started_at"), &start) && ms_clock_parse(str(row, "due_at"), &due)) {
		enum ms_clock_state st = ms_clock_state(start, due, now);
		json_object_set_new(row, "clock", json_string(ms_clock_state_names.v[st].key));
		json_object_set_new(row, "overdue", json_boolean(st == MS_CLOCK_OVERDUE));
	} else {
		json_object_set_new(row, "clock", json_null());
		json_object_set_new(row, "overdue", json_false());
	}
}

int ms_cw_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *row = NULL, *a = NULL, *h = NULL, *s = NULL, *r = NULL;
	int rc = ms_cw_sql_row(db, id, &row, e);
	if (!rc)
		rc = ms_cw_sql_assignments(db, id, &a, e);
	if (!rc)
		rc = ms_cw_sql_cohandlers(db, id, &h, e);
	if (!rc)
		rc = ms_cw_sql_signers(db, id, &s, e);
	if (!rc)
		rc = ms_cw_sql_ratings(db, id, &r, e);
	if (rc) {
		json_decref(row);
		json_decref(a);
		json_decref(h);
		json_decref(s);
		json_decref(r);
		return rc;
	}
	add_clock(row, ms_clock_now());
	json_object_set_new(row, "assignments", a);
	json_object_set_new(row, "cohandlers", h);
	json_object_set_new(row, "signer_list", s);
	json_object_set_new(row, "ratings", r);
	*out = row;
	return 0;
}

int ms_cw_list(struct ms_db *db, int64_t congress_id, const char *kind, int64_t unit_id, bool escalated,
	       bool overdue, json_t **out, struct ms_error *e)
{
	json_t *rows = NULL;
	int rc = ms_cw_sql_list(db, congress_id, kind ? kind : "", unit_id, escalated, overdue, &rows, e);
	if (rc)
		return rc;
	int64_t now = ms_clock_now();
	json_t *items = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		add_clock(row, now);
		if (!overdue || json_is_true(json_object_get(row, "overdue")))
			json_array_append(items, row);
	}
	json_decref(rows);
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : ms_nomem(e);
}

int ms_cw_list_page(struct ms_db *db, int64_t congress_id, const char *kind, int64_t unit_id, bool escalated,
		    bool overdue, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	int64_t now = ms_clock_now();
	char t[MS_TIME_LEN + 1];
	ms_clock_format(now, t);
	int rc = ms_cw_sql_list_page(db, congress_id, kind ? kind : "", unit_id, escalated, overdue ? t : NULL, pg, out,
				     e);
	if (rc)
		return rc;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(*out, "items"), i, row) add_clock(row, now);
	return 0;
}

int ms_cw_list_unit(struct ms_db *db, const struct ms_actor *by, int64_t unit_id, int64_t congress_id,
		    const char *kind, bool overdue, json_t **out, struct ms_error *e)
{
	if (!ms_actor_is_staff(by, congress_id) && by->unit_id != unit_id)
		return ms_fail(e, MS_E_NOT_YOUR_CASE, NULL);
	return ms_cw_list(db, congress_id, kind, unit_id, false, overdue, out, e);
}

int ms_cw_list_signer(struct ms_db *db, int64_t deputy_id, bool invited, json_t **out, struct ms_error *e)
{
	json_t *rows = NULL;
	int rc = ms_cw_sql_list_signer(db, deputy_id, invited ? "invited" : "accepted", &rows, e);
	if (rc)
		return rc;
	int64_t now = ms_clock_now();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) add_clock(row, now);
	*out = json_pack("{s:o}", "items", rows);
	return *out ? 0 : ms_nomem(e);
}

/* 0 when `by` may read casework row: the staff of its congress, an officer
 * of a unit that has or had it or co-handles it, a signer, or the deputy
 * of its demand. */
int ms_cw_may_read(struct ms_db *db, const struct ms_actor *by, json_t *row, struct ms_error *e)
{
	int64_t id = num(row, "id"), congress_id = num(row, "congress_id");
	if (ms_actor_is_staff(by, congress_id))
		return 0;
	if (ms_actor_is_of(by, MS_ROLE_UNIT, congress_id) && by->unit_id) {
		json_t *v = json_object_get(row, "assignments"), *x;
		size_t i;
		json_array_foreach(v, i, x) if (num(x, "unit_id") == by->unit_id) return 0;
		v = json_object_get(row, "cohandlers");
		json_array_foreach(v, i, x) if (num(x, "unit_id") == by->unit_id) return 0;
	}
	if (ms_actor_is_of(by, MS_ROLE_DEPUTY, congress_id)) {
		char st[16]; /* a signer, or one invited to co-sign who must read it to decide */
		int rc = ms_cw_sql_signer_status(db, id, by->id, st, e);
		if (rc || strcmp(st, "accepted") == 0 || strcmp(st, "invited") == 0)
			return rc;
		if (num(row, "demand_id")) {
			json_t *d = NULL;
			rc = ms_cw_sql_demand(db, num(row, "demand_id"), by->id, &d, e);
			bool his = !rc && (num(d, "deputy_id") == by->id || json_is_true(json_object_get(d, "station_deputy")));
			json_decref(d);
			if (rc || his)
				return rc;
		}
	}
	return ms_fail(e, MS_E_NOT_YOUR_CASE, NULL);
}

/* ---- the machinery ---- */

static int state_fail(struct ms_error *e, json_t *row, const char *zh, const char *en)
{
	const char *kind = str(row, "kind"), *status = str(row, "status");
	int k = ms_names_find(&ms_casework_kind_names, kind), s = ms_names_find(&ms_casework_status_names, status);
	return ms_failf(e, MS_E_CASE_STATE, NULL,
			MS_AT(k >= 0 ? kinds_v[k].zh : "事项", k >= 0 ? kinds_v[k].en : "matter"), MS_AI(num(row, "id")),
			MS_AT(s >= 0 ? status_v[s].zh : "?", s >= 0 ? status_v[s].en : "?"), MS_AT(zh, en));
}

static bool status_is(json_t *row, const char *a, const char *b)
{
	const char *s = str(row, "status");
	return s && ((a && strcmp(s, a) == 0) || (b && strcmp(s, b) == 0));
}

/* The officer must belong to the row's current lead unit (the staff may act for it). */
static int must_be_unit(const struct ms_actor *by, json_t *row, struct ms_error *e)
{
	if (ms_actor_is_staff(by, num(row, "congress_id")))
		return 0;
	if (by->unit_id && by->unit_id == num(row, "unit_id"))
		return 0;
	return ms_fail(e, MS_E_NOT_YOUR_CASE, NULL);
}

/* Mark escalated when the redos or the units reach the settings. */
static int maybe_escalate(struct ms_db *db, const struct ms_actor *by, json_t *row, int64_t redos, int64_t units,
			  const struct ms_casework_settings *s, const char *now, struct ms_error *e)
{
	if (json_is_true(json_object_get(row, "escalated")))
		return 0;
	const char *why = redos >= s->escalate_redos ? "redos" : units >= s->escalate_units ? "units" : NULL;
	if (!why)
		return 0;
	int64_t id = num(row, "id");
	int rc = ms_cw_sql_escalate(db, id, why, now, e);
	return rc ? rc
		  : ms_audit_append(db, by, num(row, "congress_id"), "casework.escalate", "casework", id,
				    json_pack("{s:s, s:I, s:I}", "why", why, "redos", (json_int_t)redos, "units",
					      (json_int_t)units),
				    e);
}

/* Start a unit's turn at `now`: its reply due by the type (or, for a redo,
 * in redo_months), its return window. */
static int start_turn(struct ms_db *db, json_t *row, int64_t unit_id, const char *round,
		      const struct ms_casework_settings *s, int64_t now, struct ms_error *e)
{
	struct ms_workday_cal cal;
	int rc = ms_cw_sql_calendar(db, num(row, "congress_id"), &cal, e);
	if (rc)
		return rc;
	int64_t due, accept_by = ms_clock_due(&cal, now, MS_CLOCK_WORKDAYS, s->return_workdays);
	const char *type = str(row, "case_type");
	if (strcmp(round, "redo") == 0) {
		due = ms_clock_due(&cal, now, MS_CLOCK_MONTHS, s->redo_months);
		accept_by = now;
	} else if (strcmp(str(row, "kind"), "suggestion") == 0)
		due = ms_clock_due(&cal, now, MS_CLOCK_MONTHS,
				   strcmp(str(row, "ext_status"), "approved") == 0 ? s->extend_months : s->reply_months);
	else if (strcmp(type, "emergency") == 0)
		due = ms_clock_due(&cal, now, MS_CLOCK_HOURS, s->emergency_hours);
	else if (strcmp(type, "urgent") == 0)
		due = ms_clock_due(&cal, now, MS_CLOCK_HOURS, s->urgent_hours);
	else if (strcmp(type, "general") == 0)
		due = ms_clock_due(&cal, now, MS_CLOCK_DAYS, s->general_days);
	else if (strcmp(type, "complex") == 0)
		due = ms_clock_due(&cal, now, MS_CLOCK_DAYS, s->complex_days);
	else
		due = ms_clock_due(&cal, now, MS_CLOCK_WORKDAYS, s->standard_workdays);
	ms_cw_cal_fini(&cal);
	if (accept_by > due)
		accept_by = due;
	char t0[MS_TIME_LEN + 1], t1[MS_TIME_LEN + 1], t2[MS_TIME_LEN + 1];
	ms_clock_format(now, t0);
	ms_clock_format(accept_by, t1);
	ms_clock_format(due, t2);
	return ms_cw_sql_asg_insert(db, num(row, "id"), unit_id, round, t0, t1, t2, e);
}

int ms_cw_assign(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t unit_id, const int64_t *co,
		 size_t n_co, struct ms_error *e)
{
	json_t *row = NULL;
	struct ms_casework_settings s;
	int rc = ms_cw_sql_row(db, id, &row, e);
	if (rc)
		return rc;
	int64_t congress_id = num(row, "congress_id");
	if (!status_is(row, "filed", "returned")) {
		rc = state_fail(e, row, "交办", "assigned");
		goto out;
	}
	if ((rc = ms_unit_check_of(db, unit_id, congress_id, "unit_id", e)))
		goto out;
	for (size_t i = 0; i < n_co; i++) {
		if ((rc = ms_unit_check_of(db, co[i], congress_id, "cohandlers", e)))
			goto out;
		bool twice = co[i] == unit_id;
		for (size_t k = 0; k < i; k++)
			twice = twice || co[k] == co[i];
		if (twice) {
			rc = ms_failf(e, MS_E_UNIT_TWICE, "cohandlers", MS_AI(co[i]));
			goto out;
		}
	}
	if ((rc = ms_casework_settings_get(db, congress_id, &s, e)))
		goto out;
	int64_t now = ms_clock_now();
	char t[MS_TIME_LEN + 1];
	ms_clock_format(now, t);
	bool first = status_is(row, "filed", NULL);
	int64_t units = 0;
	if ((rc = start_turn(db, row, unit_id, first ? "first" : "reassign", &s, now, e)) ||
	    (rc = ms_cw_sql_asg_units(db, id, &units, e)) ||
	    (rc = ms_cw_sql_set_unit(db, id, unit_id, units, num(row, "redos"), e)))
		goto out;
	if (n_co) {
		struct ms_workday_cal cal = {0};
		char due[MS_TIME_LEN + 1];
		ms_clock_format(ms_clock_due(&cal, now, MS_CLOCK_MONTHS, s.cohandle_months), due);
		for (size_t i = 0; i < n_co && !rc; i++)
			rc = ms_cw_sql_cohandler_add(db, id, co[i], due, e);
		if (rc)
			goto out;
	}
	json_t *cos = json_array();
	for (size_t i = 0; i < n_co; i++)
		json_array_append_new(cos, json_integer(co[i]));
	if ((rc = ms_audit_append(db, by, congress_id, first ? "casework.assign" : "casework.reassign", "casework", id,
				  json_pack("{s:I, s:o}", "unit_id", (json_int_t)unit_id, "cohandlers", cos), e)))
		goto out;
	rc = maybe_escalate(db, by, row, num(row, "redos"), units, &s, t, e);
out:
	json_decref(row);
	return rc;
}

int ms_cw_refer(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t to, const char *note,
		struct ms_error *e)
{
	json_t *row = NULL, *co = NULL;
	int rc = ms_cw_sql_row(db, id, &row, e);
	if (rc)
		return rc;
	int64_t from = num(row, "congress_id"), demand = num(row, "demand_id");
	if (strcmp(str(row, "kind"), "case") != 0 || !status_is(row, "filed", "returned")) {
		rc = state_fail(e, row, "转上下级人大", "referred up or down a level");
		goto out;
	}
	char step[MS_REFER_STEP_MAX];
	if ((rc = ms_liaison_refer_check(db, from, to, note, step, e)))
		goto out;
	rc = ms_cw_sql_refer(db, id, to, demand, &co, e);
	if (rc == MS_ERR_NOT_FOUND) /* assigned meanwhile */
		rc = state_fail(e, row, "转上下级人大", "referred up or down a level");
	if (rc || (demand && (rc = ms_demand_record(db, by->id, demand, "referred", NULL, NULL, step, e))) ||
	    (rc = ms_search_index_casework(db, id, e)) || (demand && (rc = ms_search_index_demand(db, demand, e))))
		goto out;
	json_t *detail = json_pack("{s:I, s:I, s:s, s:s, s:O}", "from", (json_int_t)from, "to", (json_int_t)to, "status",
				   str(row, "status"), "note", note, "cohandlers_dropped", co);
	if (!(rc = ms_audit_append(db, by, from, "casework.refer", "casework", id, json_incref(detail), e)))
		rc = ms_audit_append(db, by, to, "casework.referred_in", "casework", id, json_incref(detail), e);
	json_decref(detail);
out:
	json_decref(row);
	json_decref(co);
	return rc;
}

/* The row and its current assignment, for a unit's act. */
static int load(struct ms_db *db, int64_t id, json_t **row, json_t **asg, struct ms_error *e)
{
	*row = *asg = NULL;
	int rc = ms_cw_sql_row(db, id, row, e);
	if (!rc && (rc = ms_cw_sql_asg_current(db, id, asg, e)) == MS_ERR_NOT_FOUND) {
		rc = state_fail(e, *row, "办理", "handled");
	}
	if (rc) {
		json_decref(*row);
		json_decref(*asg);
		*row = *asg = NULL;
	}
	return rc;
}

int ms_cw_accept(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	json_t *row, *asg;
	int rc = load(db, id, &row, &asg, e);
	if (rc)
		return rc;
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	if (!(rc = must_be_unit(by, row, e)) && !status_is(row, "assigned", NULL))
		rc = state_fail(e, row, "签收", "accepted");
	if (!rc && !(rc = ms_cw_sql_asg_accept(db, num(asg, "id"), now, e)) &&
	    !(rc = ms_cw_sql_set_status(db, id, "accepted", NULL, e)))
		rc = ms_audit_append(db, by, num(row, "congress_id"), "casework.accept", "casework", id,
				     json_pack("{s:I}", "unit_id", (json_int_t)num(row, "unit_id")), e);
	json_decref(row);
	json_decref(asg);
	return rc;
}

int ms_cw_return(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *reason, struct ms_error *e)
{
	json_t *row, *asg;
	int rc = load(db, id, &row, &asg, e);
	if (rc)
		return rc;
	int64_t now = ms_clock_now(), until = 0;
	char t[MS_TIME_LEN + 1];
	ms_clock_format(now, t);
	if (!(rc = must_be_unit(by, row, e))) {
		if (!status_is(row, "assigned", "accepted") || strcmp(str(asg, "round"), "redo") == 0)
			rc = state_fail(e, row, "退回", "returned");
		else if (!ms_clock_parse(str(asg, "accept_by"), &until) || now > until)
			rc = ms_failf(e, MS_E_RETURN_WINDOW, NULL, MS_AS(str(asg, "accept_by")));
	}
	if (!rc && !(rc = ms_cw_sql_asg_return(db, num(asg, "id"), t, reason, e)) &&
	    !(rc = ms_cw_sql_set_status(db, id, "returned", NULL, e)))
		rc = ms_audit_append(db, by, num(row, "congress_id"), "casework.return", "casework", id,
				     json_pack("{s:I, s:s}", "unit_id", (json_int_t)num(row, "unit_id"), "reason", reason),
				     e);
	json_decref(row);
	json_decref(asg);
	return rc;
}

int ms_cw_reply(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *cls, const char *text,
		struct ms_error *e)
{
	json_t *row, *asg;
	int rc = load(db, id, &row, &asg, e);
	if (rc)
		return rc;
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	bool again = status_is(row, "open", NULL); /* a B or C answered again when solved */
	if (!(rc = must_be_unit(by, row, e)) && !again && !status_is(row, "assigned", "accepted"))
		rc = state_fail(e, row, "答复", "answered");
	bool stays_open = strcmp(cls, "B") == 0 || strcmp(cls, "C") == 0;
	if (!rc && !str(asg, "accepted_at"))
		rc = ms_cw_sql_asg_accept(db, num(asg, "id"), now, e);
	if (!rc)
		rc = ms_cw_sql_asg_reply(db, num(asg, "id"), now, cls, text, e);
	if (!rc) /* the reply's text is found by search from now on */
		rc = ms_search_index_casework(db, id, e);
	if (!rc)
		rc = ms_cw_sql_set_reply(db, id, stays_open ? "open" : "replied", cls, NULL, e);
	if (!rc && num(row, "demand_id"))
		rc = ms_demand_record(db, by->id, num(row, "demand_id"), "reply", NULL, NULL, cls, e);
	/* the residents behind the suggestions merged into this one follow its replies too */
	int64_t *merged = NULL;
	size_t n_merged = 0;
	if (!rc)
		rc = ms_cw_sql_merged_demands(db, id, &merged, &n_merged, e);
	for (size_t i = 0; !rc && i < n_merged; i++)
		rc = ms_demand_record(db, by->id, merged[i], "reply", NULL, NULL, cls, e);
	free(merged);
	/* every reply's text stays in the audit log (a re-answer replaces the assignment's latest) */
	if (!rc)
		rc = ms_audit_append(db, by, num(row, "congress_id"), "casework.reply", "casework", id,
				     json_pack("{s:I, s:s, s:s, s:b}", "unit_id", (json_int_t)num(row, "unit_id"), "class",
					       cls, "text", text ? text : "", "again", again),
				     e);
	json_decref(row);
	json_decref(asg);
	return rc;
}

/* A dissatisfied rating: a redo of the same unit, its second reply due in redo_months. */
static int redo(struct ms_db *db, const struct ms_actor *by, json_t *row, struct ms_error *e)
{
	struct ms_casework_settings s;
	int64_t id = num(row, "id"), units = 0, redos = num(row, "redos") + 1, now = ms_clock_now();
	char t[MS_TIME_LEN + 1];
	ms_clock_format(now, t);
	int rc = ms_casework_settings_get(db, num(row, "congress_id"), &s, e);
	if (!rc)
		rc = start_turn(db, row, num(row, "unit_id"), "redo", &s, now, e);
	if (!rc)
		rc = ms_cw_sql_asg_units(db, id, &units, e);
	if (!rc)
		rc = ms_cw_sql_set_unit(db, id, num(row, "unit_id"), units, redos, e);
	if (!rc)
		rc = ms_audit_append(db, by, num(row, "congress_id"), "casework.redo", "casework", id,
				     json_pack("{s:I}", "redos", (json_int_t)redos), e);
	if (!rc)
		rc = maybe_escalate(db, by, row, redos, units, &s, t, e);
	return rc;
}

/* Closed when a satisfied rating meets an A or D reply. */
int ms_cw_after_feedback(struct ms_db *db, const struct ms_actor *by, json_t *row, json_t *asg, const char *rating,
			bool all_in, struct ms_error *e)
{
	if (strcmp(rating, "dissatisfied") == 0)
		return redo(db, by, row, e);
	if (!all_in || status_is(row, "open", NULL))
		return 0;
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	int rc = ms_cw_sql_set_status(db, num(row, "id"), "closed", now, e);
	if (!rc)
		rc = ms_cw_sql_asg_close(db, num(asg, "id"), now, e);
	return rc;
}

int ms_cw_rate_resident(struct ms_db *db, const char *code, const char *rating, const char *comment, json_t **out,
			struct ms_error *e)
{
	char canon[MS_TRACK_LEN + 1], hash[MS_TRACK_HASH_LEN + 1];
	int64_t demand_id = 0, id = 0, rated = 0;
	if (!ms_track_read(code, canon))
		return ms_fail(e, MS_E_TRACK_UNKNOWN, "code");
	ms_track_hash(canon, hash);
	int rc = ms_cw_sql_demand_by_hash(db, hash, &demand_id, e);
	if (!rc)
		rc = ms_cw_sql_of_demand(db, demand_id, &id, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_fail(e, MS_E_TRACK_UNKNOWN, "code");
	if (rc)
		return rc;
	json_t *row, *asg;
	if ((rc = load(db, id, &row, &asg, e)))
		return rc;
	/* a suggestion's reply is rated by its signers (ms_suggestion_feedback), not by the resident */
	if (strcmp(str(row, "kind"), "suggestion") == 0) {
		json_decref(row);
		json_decref(asg);
		return ms_fail(e, MS_E_RATE_BY_SIGNERS, "code");
	}
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	if (strcmp(str(row, "kind"), "case") != 0 || !status_is(row, "replied", "open") ||
	    (rc = ms_cw_sql_rated(db, num(asg, "id"), 0, &rated, e)) || rated)
		rc = rc ? rc : ms_fail(e, MS_E_NOTHING_TO_RATE, NULL);
	if (!rc)
		rc = ms_cw_sql_rating_add(db, id, num(asg, "id"), num(asg, "unit_id"), 0, rating, -1, comment, now, e);
	if (!rc)
		rc = ms_demand_record(db, 0, demand_id, "rating", NULL, NULL, rating, e);
	if (!rc)
		rc = ms_audit_append(db, &ms_actor_system, num(row, "congress_id"), "casework.rate", "casework", id,
				     json_pack("{s:s}", "rating", rating), e);
	if (!rc)
		rc = ms_cw_after_feedback(db, &ms_actor_system, row, asg, rating, true, e);
	json_decref(row);
	json_decref(asg);
	if (!rc)
		*out = json_pack("{s:I, s:s}", "casework_id", (json_int_t)id, "rating", rating);
	return rc ? rc : *out ? 0 : ms_nomem(e);
}

/* The reply as the tracking page shows it, its class in words. */
static json_t *track_reply(json_t *r)
{
	int k = ms_names_find(&ms_reply_class_names, str(r, "reply_class"));
	if (k < 0)
		return json_null();
	const struct ms_name *n = &ms_reply_class_names.v[k];
	return json_pack("{s:s, s:s, s:s, s:O, s:O}", "class", n->key, "class_zh", n->zh, "class_en", n->en, "text",
			 json_object_get(r, "reply_text"), "at", json_object_get(r, "replied_at"));
}

int ms_cw_track(struct ms_db *db, int64_t demand_id, json_t **out, struct ms_error *e)
{
	int64_t id = 0;
	json_t *row = NULL, *r = NULL;
	*out = NULL;
	int rc = ms_cw_sql_of_demand(db, demand_id, &id, e);
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		*out = json_null();
		return 0;
	}
	if (rc || (rc = ms_cw_sql_row(db, id, &row, e)))
		return rc;
	if (strcmp(str(row, "kind"), "case") != 0) { /* a suggestion is the deputy's, answered to the deputy */
		json_decref(row);
		*out = json_null();
		return 0;
	}
	if ((rc = ms_cw_sql_track_reply(db, id, &r, e)) == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	if (rc) {
		json_decref(row);
		return rc;
	}
	/* the resident rates each reply once, while the case stands answered (replied, or open after a B or C) */
	bool with_unit = status_is(row, "assigned", "accepted");
	bool can_rate = r && status_is(row, "replied", "open") && json_is_null(json_object_get(r, "rating"));
	json_t *rating = r ? json_object_get(r, "rating") : NULL, *rated_at = r ? json_object_get(r, "rated_at") : NULL;
	*out = json_pack("{s:O, s:O, s:O, s:I, s:o, s:O, s:O, s:b}", "status", json_object_get(row, "status"),
			 "unit_name", json_object_get(row, "unit_name"), "due_at",
			 with_unit ? json_object_get(row, "due_at") : json_null(), "redos", (json_int_t)num(row, "redos"),
			 "reply", r ? track_reply(r) : json_null(), "rating", rating ? rating : json_null(), "rated_at",
			 rated_at ? rated_at : json_null(), "can_rate", can_rate);
	json_decref(row);
	json_decref(r);
	return *out ? 0 : ms_nomem(e);
}

/* A case made from a demand; or (suggestion) a suggestion from it. */
int ms_cw_from_demand(struct ms_db *db, const struct ms_actor *by, int64_t demand_id, const char *kind,
		      const char *case_type, int64_t *id, struct ms_error *e)
{
	json_t *d = NULL;
	int rc = ms_cw_sql_demand(db, demand_id, by->id, &d, e);
	if (rc)
		return rc;
	int64_t congress_id = num(d, "congress_id");
	bool suggestion = strcmp(kind, "suggestion") == 0;
	bool deputy = num(d, "deputy_id") == by->id || json_is_true(json_object_get(d, "station_deputy"));
	if (suggestion ? !deputy : !(deputy || ms_actor_is_staff(by, congress_id)))
		rc = ms_fail(e, MS_E_NOT_YOUR_DEMAND, NULL);
	else if (!status_is(d, "new", "office") && strcmp(str(d, "status"), "candidate") != 0)
		/* new, referred to the office (which could not settle it) or put forward: docs/api.md */
		rc = ms_failf(e, MS_E_DEMAND_HANDLED, NULL, MS_AI(demand_id), MS_AS(str(d, "status")));
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	if (!rc)
		rc = ms_cw_sql_insert(db, congress_id, kind, demand_id, str(d, "title"), str(d, "text"),
				      suggestion ? "suggestion" : case_type, by->id, now, id, e);
	if (!rc)
		rc = ms_search_index_casework(db, *id, e);
	if (!rc && suggestion)
		rc = ms_cw_sql_signer_add(db, *id, by->id, "accepted", now, e);
	if (!rc)
		rc = ms_demand_record(db, by->id, demand_id, kind, NULL, kind, "", e);
	if (!rc)
		rc = ms_audit_append(db, by, congress_id, suggestion ? "suggestion.file" : "casework.create", "casework",
				     *id, json_pack("{s:I, s:s}", "demand_id", (json_int_t)demand_id, "type",
						    suggestion ? "suggestion" : case_type),
				     e);
	json_decref(d);
	return rc;
}

int ms_cw_case_from_demand(struct ms_db *db, const struct ms_actor *by, int64_t demand_id, const char *case_type,
			   int64_t unit_id, const int64_t *co, size_t n_co, int64_t *id, struct ms_error *e)
{
	if (unit_id || n_co) { /* assigning at once is the staff's: a deputy refers, the clerk assigns */
		int64_t congress_id = 0;
		int rc = ms_casework_demand_owner(db, demand_id, &congress_id, e);
		if (rc)
			return rc;
		if (!ms_actor_is_staff(by, congress_id))
			return ms_fail(e, MS_E_NOT_YOUR_DEMAND, "unit_id");
	}
	int rc = ms_cw_from_demand(db, by, demand_id, "case", case_type, id, e);
	return rc || !unit_id ? rc : ms_cw_assign(db, by, *id, unit_id, co, n_co, e);
}
