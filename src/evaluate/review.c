/*
 * review.c — the rules of report-and-rate reviews (述职评议, evaluate.h):
 * which units a review rates and who reports for them, the heads' reports,
 * the rating poll it makes (an evaluation's settings, on the units), the
 * verdicts and the rectification list its close leaves, the members'
 * comments, and each rectification from its report to its acceptance.
 */
#include "evaluate_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../cycle/cycle.h"
#include "../supervise/supervise.h"

const struct ms_name ms_review_kind = {"review", "述职评议", "review"};
const struct ms_name ms_rectify_kind = {"rectification", "整改事项", "rectification"};

static const struct ms_name rectify_state_v[] = {
	{"open", "待整改", "open"}, {"reported", "已报送整改情况", "reported"}, {"done", "已验收", "done"}};
const struct ms_names ms_rectify_state_names = MS_NAMES("rectify_state", rectify_state_v);
/* by whether basically satisfied units rectify too */
static const struct ms_name rectify_at_v[] = {{"dissatisfied", "不满意", "dissatisfied"},
					      {"basic", "基本满意及以下", "basically satisfied or below"}};
const struct ms_names ms_rectify_at_names = MS_NAMES("rectify_at", rectify_at_v);

static int64_t num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

int ms_review_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *r = NULL;
	int rc = ms_review_sql_row(db, id, &r, e);
	if (!rc)
		*congress_id = num(r, "congress_id");
	json_decref(r);
	return rc;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int ms_review_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, struct ms_review_in *in,
		     int64_t *id, struct ms_error *e)
{
	struct ms_poll *p = &in->poll;
	int32_t day;
	int y, m, d, rc;
	if (!in->held_on || !ms_day_parse(in->held_on, &day))
		return ms_failf(e, MS_E_INVALID_VALUE, "held_on", MS_AS("held_on"),
				MS_AT("YYYY-MM-DD 格式的有效日期", "a valid date, YYYY-MM-DD"));
	ms_day_ymd(day, &y, &m, &d);
	if (y != in->year && y != in->year + 1)
		return ms_failf(e, MS_E_REVIEW_DAY_YEAR, "held_on", MS_AS(in->held_on), MS_AI(in->year));
	if (in->n_units < 1 || in->n_units > MS_REVIEW_UNITS_MAX)
		return ms_failf(e, MS_E_REVIEW_UNITS, "units", MS_AI(MS_REVIEW_UNITS_MAX));
	if ((rc = ms_check_text(e, "title", p->title, 1, MS_TITLE_MAX)) ||
	    (rc = ms_check_int(e, "rectify_days", in->rectify_days, 1, 250)))
		return rc;
	if (in->rectify_at != MS_VERDICT_DISSATISFIED && in->rectify_at != MS_VERDICT_BASIC)
		return ms_failf(e, MS_E_INVALID_VALUE, "rectify_at", MS_AS("rectify_at"),
				MS_AT("dissatisfied 或 basic", "dissatisfied or basic"));
	if (!in->meeting)
		in->meeting = "";
	if ((rc = ms_check_text(e, "meeting", in->meeting, 0, MS_REVIEW_MEETING_MAX)))
		return rc;
	for (size_t i = 0; i < in->n_units; i++) {
		if ((rc = ms_unit_check_of(db, in->units[i].unit_id, congress_id, "units", e)) ||
		    (rc = ms_check_text(e, "units", in->units[i].head, 1, MS_REVIEW_HEAD_MAX)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (in->units[j].unit_id == in->units[i].unit_id)
				return ms_failf(e, MS_E_REVIEW_UNITS, "units", MS_AI(MS_REVIEW_UNITS_MAX));
	}
	json_t *scoring = NULL;
	if (in->scoring && (rc = ms_scoring_check(in->scoring, &scoring, e)))
		return rc;
	char *stext = scoring ? json_dumps(scoring, JSON_COMPACT) : NULL;
	int64_t host, *cands = calloc(in->n_units, sizeof *cands);
	if (!cands || (scoring && !stext)) {
		free(cands);
		free(stext);
		json_decref(scoring);
		return ms_nomem(e);
	}
	if ((rc = ms_cycle_review_host(db, congress_id, &host, e)))
		goto out;
	/* Each unit is a candidate of the host, named as the ballot shows it. */
	for (size_t i = 0; i < in->n_units; i++) {
		json_t *u = NULL;
		if ((rc = ms_unit_get(db, in->units[i].unit_id, &u, e)))
			goto out;
		const char *en = json_string_value(json_object_get(u, "name_en"));
		rc = ms_cycle_subject_add(db, host, str(u, "name"), en, in->units[i].unit_id, &cands[i], e);
		json_decref(u);
		if (rc)
			goto out;
	}
	int64_t *sorted = malloc(in->n_units * sizeof *sorted);
	if (!sorted) {
		rc = ms_nomem(e);
		goto out;
	}
	memcpy(sorted, cands, in->n_units * sizeof *sorted);
	qsort(sorted, in->n_units, sizeof *sorted, cmp_i64);
	p->cycle_id = host;
	p->congress_id = congress_id;
	p->form = MS_FORM_RATE;
	p->slots = p->max_approvals = (uint32_t)in->n_units;
	p->candidate_ids = sorted;
	p->n_candidates = in->n_units;
	p->rate_n_sub = 0;
	int64_t poll = 0;
	char now[32];
	ms_now_iso(now, sizeof now);
	rc = ms_poll_create_rated(db, by, p, NULL, &poll, e);
	p->candidate_ids = NULL;
	p->n_candidates = 0;
	free(sorted);
	if (rc || (rc = ms_review_sql_insert(db, congress_id, in, poll, stext, now, id, e)))
		goto out;
	json_t *units = json_array();
	for (size_t i = 0; !rc && i < in->n_units; i++) {
		rc = ms_review_sql_unit_insert(db, *id, in->units[i].unit_id, cands[i], in->units[i].head, e);
		json_array_append_new(units, json_pack("{s:I, s:s}", "unit_id", (json_int_t)in->units[i].unit_id, "head",
						       in->units[i].head));
	}
	if (rc) {
		json_decref(units);
		goto out;
	}
	rc = ms_audit_append(db, by, congress_id, "review.create", "review", *id,
			     json_pack("{s:s, s:i, s:s, s:s, s:I, s:o, s:s, s:i, s:O?}", "title", p->title, "year",
				       in->year, "meeting", in->meeting, "held_on", in->held_on, "poll_id", (json_int_t)poll,
				       "units", units, "rectify_at",
				       ms_names_key(&ms_rectify_at_names, in->rectify_at == MS_VERDICT_BASIC), "rectify_days",
				       in->rectify_days, "scoring", scoring),
			     e);
out:
	free(cands);
	free(stext);
	json_decref(scoring);
	return rc;
}

/* The rule of the rectification list in words. */
static json_t *rectify_words(bool basic, int64_t days)
{
	char zh[256], en[256];
	snprintf(zh, sizeof zh, "评议结果为%s的单位列入整改清单，自评议测评结束之日起 %lld 个工作日内整改到位，报送整改情况，经验收销号",
		 basic ? "“基本满意”或“不满意”" : "“不满意”", (long long)days);
	snprintf(en, sizeof en,
		 "a unit rated %s goes on the rectification list: it rectifies within %lld working days of the close and "
		 "reports what it did, which the staff accept",
		 basic ? "basically satisfied or dissatisfied" : "dissatisfied", (long long)days);
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

int ms_review_view(struct ms_db *db, int64_t id, const struct ms_actor *who, json_t **out, struct ms_error *e)
{
	json_t *r = NULL, *units = NULL, *poll = NULL;
	int rc = ms_review_sql_row(db, id, &r, e);
	if (!rc)
		rc = ms_review_sql_units(db, id, &units, e);
	if (!rc)
		rc = ms_poll_view(db, num(r, "poll_id"), who, &poll, e);
	if (rc) {
		json_decref(r);
		json_decref(units);
		return rc;
	}
	bool basic = strcmp(str(r, "rectify_at"), "basic") == 0;
	json_object_set_new(r, "rectify_words", rectify_words(basic, num(r, "rectify_days")));
	json_t *scoring = json_object_get(r, "scoring");
	json_object_set_new(r, "scoring_words", json_is_object(scoring) ? ms_scoring_words(scoring) : json_null());
	json_object_del(r, "status");
	json_object_set_new(r, "units", units);
	json_object_set_new(r, "poll", poll);
	*out = r;
	return 0;
}

int ms_review_report(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t unit_id, const char *report,
		     struct ms_error *e)
{
	json_t *r = NULL;
	int rc = ms_review_sql_row(db, id, &r, e);
	if (rc)
		return rc;
	int64_t congress = num(r, "congress_id");
	bool draft = strcmp(str(r, "status"), "draft") == 0;
	json_decref(r);
	if (!ms_actor_is_staff(by, congress) && !(by->unit_id && by->unit_id == unit_id))
		return ms_fail(e, MS_E_REVIEW_NOT_OWN_UNIT, NULL);
	/* What the members rate is what they read: fixed once the rating opens. */
	if (!draft)
		return ms_failf(e, MS_E_REVIEW_VOTED, NULL, MS_AI(id));
	if ((rc = ms_check_text(e, "report", report, 1, MS_REVIEW_REPORT_MAX)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	rc = ms_review_sql_set_report(db, id, unit_id, report, now, by->id, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_failf(e, MS_E_REVIEW_NOT_HERE, "unit_id", MS_AI(unit_id));
	if (rc)
		return rc;
	/* The audit log keeps the report's hash: the text itself is the review's. */
	char hex[MS_AUDIT_HEX];
	if ((rc = ms_audit_hash_hex(report, strlen(report), hex, e)))
		return rc;
	return ms_audit_append(db, by, congress, "review.report", "review", id,
			       json_pack("{s:I, s:s}", "unit_id", (json_int_t)unit_id, "report_hash", hex), e);
}

/* The unit of candidate cand among the review's units (NULL when none). */
static json_t *unit_of(json_t *units, int64_t cand)
{
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u) if (num(u, "candidate_id") == cand) return u;
	return NULL;
}

/* Each result candidate with its unit's id and, when the review scores and
 * has closed, the unit's score and the verdict of its band. */
static void with_units(json_t *res, json_t *units)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(res, "candidates"), i, c) {
		json_t *u = unit_of(units, num(c, "candidate_id"));
		json_object_set_new(c, "unit_id", json_integer(num(u, "unit_id")));
		if (json_is_string(json_object_get(u, "score"))) {
			json_object_set(c, "score", json_object_get(u, "score"));
			json_object_set(c, "score_decimal", json_object_get(u, "score_decimal"));
			json_object_set(c, "score_verdict", json_object_get(u, "verdict"));
		}
	}
}

/* Whether the verdict rows (units) are the result's, unit by unit: the
 * rule's verdict and the tallies as counted, and the unit's verdict the
 * rule's or, when the review scores, its score's band. */
static int same_verdicts(json_t *res, json_t *units, json_t *scoring, bool *same, struct ms_error *e)
{
	static const char *const keys[5] = {"satisfied", "basic", "dissatisfied", "abstain", "invalid"};
	const char *status = json_string_value(json_object_get(res, "status"));
	bool valid = !(status && strcmp(status, "invalid") == 0);
	json_t *c;
	size_t i;
	*same = json_array_size(json_object_get(res, "candidates")) == json_array_size(units);
	json_array_foreach(json_object_get(res, "candidates"), i, c) {
		json_t *u = unit_of(units, num(c, "candidate_id"));
		int64_t t[5];
		for (int k = 0; k < 5; k++) {
			t[k] = num(c, keys[k]);
			*same = *same && u && json_equal(json_object_get(u, keys[k]), json_object_get(c, keys[k]));
		}
		if (!*same || strcmp(str(u, "rule_verdict"), str(c, "verdict")) != 0) {
			*same = false;
			return 0;
		}
		const char *want = str(c, "verdict");
		char score[128] = "", decimal[32] = "";
		int v;
		if (valid && json_is_object(scoring)) {
			int rc = ms_scoring_score(scoring, t, score, decimal, &v, e);
			if (rc)
				return rc;
			want = ms_names_key(&ms_verdict_names, v);
		}
		*same = strcmp(str(u, "verdict"), want) == 0 && strcmp(str(u, "score"), score) == 0;
		if (!*same)
			return 0;
	}
	return 0;
}

int ms_review_verify(struct ms_db *db, int64_t *n, struct ms_error *e)
{
	int64_t *ids = NULL;
	size_t count = 0;
	int rc = ms_review_sql_closed(db, &ids, &count, e);
	for (size_t i = 0; !rc && i < count; i++) {
		json_t *r = NULL, *units = NULL, *res = NULL;
		bool same = false;
		if (!(rc = ms_review_sql_row(db, ids[i], &r, e)) && !(rc = ms_review_sql_units(db, ids[i], &units, e)) &&
		    !(rc = ms_rate_result(db, num(r, "poll_id"), &res, e)) &&
		    !(rc = same_verdicts(res, units, json_object_get(r, "scoring"), &same, e)) && !same)
			rc = ms_failf(e, MS_E_REVIEW_VERDICTS_CHANGED, NULL, MS_AI(ids[i]));
		json_decref(r);
		json_decref(units);
		json_decref(res);
	}
	free(ids);
	if (!rc)
		*n = (int64_t)count;
	return rc;
}

static ms_close_hook comments_open;

int ms_review_close(struct ms_db *db, const struct ms_actor *by, int64_t id, json_t *shares, json_t **result,
		    struct ms_error *e)
{
	json_t *r = NULL, *units = NULL, *res = NULL;
	int rc = ms_review_sql_row(db, id, &r, e);
	if (!rc)
		rc = ms_review_sql_units(db, id, &units, e);
	if (!rc)
		rc = ms_rate_close_with(db, by, num(r, "poll_id"), shares, comments_open, &id, &res, e);
	if (rc)
		goto out;
	int64_t congress = num(r, "congress_id");
	bool basic = strcmp(str(r, "rectify_at"), "basic") == 0;
	const char *status = json_string_value(json_object_get(res, "status"));
	bool valid = !(status && strcmp(status, "invalid") == 0);
	int32_t today = ms_day_today();
	char due[11], now[32];
	ms_now_iso(now, sizeof now);
	struct ms_workday_cal cal;
	if ((rc = ms_holidays_calendar(db, congress, &cal, e)))
		goto out;
	ms_day_format(ms_workday_add(&cal, today, (int)num(r, "rectify_days")), due);
	ms_holidays_fini(&cal);
	json_t *listed = json_array(), *c, *scoring = json_object_get(r, "scoring");
	size_t i;
	json_array_foreach(json_object_get(res, "candidates"), i, c) {
		static const char *const keys[5] = {"satisfied", "basic", "dissatisfied", "abstain", "invalid"};
		int64_t unit = num(unit_of(units, num(c, "candidate_id")), "unit_id");
		struct ms_review_verdict v = {.rule_verdict = str(c, "verdict")};
		for (int k = 0; k < 5; k++)
			v.t[k] = num(c, keys[k]);
		int verdict = ms_names_find(&ms_verdict_names, v.rule_verdict);
		/* A review that scores: the band of the unit's score is its verdict
		 * (none when no member rated it, or the count is invalid). */
		if (valid && json_is_object(scoring) &&
		    (rc = ms_scoring_score(scoring, v.t, v.score, v.decimal, &verdict, e)))
			break;
		v.verdict = ms_names_key(&ms_verdict_names, verdict);
		if ((rc = ms_review_sql_verdict_add(db, id, unit, &v, e)))
			break;
		if (valid && (verdict == MS_VERDICT_DISSATISFIED || (basic && verdict == MS_VERDICT_BASIC))) {
			if ((rc = ms_review_sql_rectify_insert(db, id, unit, v.verdict, due, now, e)))
				break;
			json_array_append_new(listed, json_integer(unit));
		}
	}
	json_decref(units);
	units = NULL;
	if (!rc && !(rc = ms_review_sql_units(db, id, &units, e)))
		with_units(res, units);
	if (!rc)
		rc = ms_audit_append(db, by, congress, "review.close", "review", id,
				     json_pack("{s:I, s:o, s:s}", "poll_id", (json_int_t)num(r, "poll_id"), "rectify_units",
					       listed, "due_on", due),
				     e);
	else
		json_decref(listed);
out:
	json_decref(r);
	json_decref(units);
	if (rc)
		json_decref(res);
	else
		*result = res;
	return rc;
}

int ms_review_result(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *r = NULL, *units = NULL, *res = NULL;
	int rc = ms_review_sql_row(db, id, &r, e);
	if (!rc)
		rc = ms_review_sql_units(db, id, &units, e);
	if (!rc)
		rc = ms_rate_result(db, num(r, "poll_id"), &res, e);
	if (!rc) {
		with_units(res, units);
		*out = res;
	}
	json_decref(r);
	json_decref(units);
	return rc;
}

int ms_review_comment(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t unit_id, const char *body,
		      struct ms_error *e)
{
	json_t *r = NULL, *units = NULL;
	struct ms_poll p = {0};
	int rc = ms_review_sql_row(db, id, &r, e);
	if (!rc)
		rc = ms_review_sql_units(db, id, &units, e);
	if (rc)
		goto out;
	int64_t poll = num(r, "poll_id"), congress = num(r, "congress_id"), n = 0;
	bool due = false, here = false;
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u) here = here || num(u, "unit_id") == unit_id;
	if (strcmp(str(r, "status"), "open") != 0)
		rc = ms_failf(e, MS_E_REVIEW_NOT_OPEN, NULL, MS_AI(id));
	else if (!(rc = ms_poll_on_roster(db, poll, by->id, &due, e)) && !due)
		rc = ms_failf(e, MS_E_REVIEW_NOT_DUE, NULL, MS_AI(id));
	else if (!rc && !here)
		rc = ms_failf(e, MS_E_REVIEW_NOT_HERE, "unit_id", MS_AI(unit_id));
	else if (!rc && !(rc = ms_check_text(e, "body", body, 1, MS_REVIEW_COMMENT_MAX)) &&
		 !(rc = ms_review_sql_commenter(db, id, by->id, &n, e)) && n > (int64_t)json_array_size(units))
		rc = ms_failf(e, MS_E_REVIEW_COMMENTS_FULL, NULL, MS_AI((int64_t)json_array_size(units)));
	if (rc || (rc = ms_poll_get(db, poll, &p, e)))
		goto out;
	/* Sealed like a ballot: "<unit id> <text>", at one length, to the
	 * rating poll's key, opened only at the close (comments_open). */
	char plain[24 + 4 * MS_REVIEW_COMMENT_MAX + 1];
	int k = snprintf(plain, sizeof plain, "%lld %s", (long long)unit_id, body);
	unsigned char box[MS_SEALED_NOTE_BOX];
	if (k < 0 || (size_t)k >= sizeof plain)
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "a checked comment is too long");
	else if (!(rc = ms_poll_seal_note(&p, plain, (size_t)k, box, e)))
		rc = ms_review_sql_box_add(db, id, box, sizeof box, e);
	sodium_memzero(plain, sizeof plain);
	/* who commented, as who voted: never what (the box sits beside it) */
	if (!rc)
		rc = ms_audit_append(db, by, congress, "review.comment", "review", id, NULL, e);
out:
	ms_poll_fini(&p);
	json_decref(r);
	json_decref(units);
	return rc;
}

/* The comments opened at the close: every box, then written in an order
 * drawn at random, with no author, and the boxes cleared. */
struct opened {
	const struct ms_poll *p;
	const unsigned char *sk;
	json_t *list; /* [[unit id, text]] as opened */
	int bad;
};

static int open_one(void *ctx, const unsigned char *box, size_t len)
{
	struct opened *o = ctx;
	char text[MS_SEALED_NOTE_MAX + 1], *end = NULL;
	size_t n;
	if (ms_poll_open_note(o->p, o->sk, box, len, text, &n)) {
		o->bad = 1;
		return 1;
	}
	long long unit = strtoll(text, &end, 10);
	if (!end || *end != ' ') {
		sodium_memzero(text, sizeof text);
		o->bad = 1;
		return 1;
	}
	json_array_append_new(o->list, json_pack("[I, s]", (json_int_t)unit, end + 1));
	sodium_memzero(text, sizeof text);
	return 0;
}

static int comments_open(struct ms_db *db, const struct ms_poll *p, const unsigned char sk[32], void *ctx,
			 struct ms_error *e)
{
	int64_t id = *(const int64_t *)ctx;
	struct opened o = {.p = p, .sk = sk, .list = json_array()};
	size_t *order = NULL;
	int rc = o.list ? ms_review_sql_box_each(db, id, open_one, &o, e) : ms_nomem(e);
	if (rc && o.bad)
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "review %lld: a sealed comment does not open",
				  (long long)id);
	size_t n = json_array_size(o.list);
	if (!rc && !(order = malloc((n + 1) * sizeof *order)))
		rc = ms_nomem(e);
	if (!rc)
		ms_shuffle(order, n);
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *c = json_array_get(o.list, order[i]);
		rc = ms_review_sql_comment_insert(db, id, json_integer_value(json_array_get(c, 0)),
						  json_string_value(json_array_get(c, 1)), e);
	}
	if (!rc)
		rc = ms_review_sql_box_clear(db, id, e);
	free(order);
	json_decref(o.list);
	return rc;
}

int ms_review_comments(struct ms_db *db, int64_t id, const struct ms_actor *who, json_t **out, struct ms_error *e)
{
	(void)who;
	json_t *r = NULL;
	int rc = ms_review_sql_row(db, id, &r, e);
	if (rc)
		return rc;
	bool later = strcmp(str(r, "status"), "closed") != 0;
	json_decref(r);
	if (later) /* sealed until the close, for the staff too */
		return ms_fail(e, MS_E_REVIEW_COMMENTS_LATER, NULL);
	return ms_review_sql_comments(db, id, out, e);
}

/* A rectification as answered: overdue today when not done by its day. */
static void rectify_shape(json_t *x, const char *today)
{
	json_object_set_new(x, "overdue", json_boolean(strcmp(str(x, "state"), "done") != 0 &&
						       strcmp(today, str(x, "due_on")) > 0));
	json_object_del(x, "reported_by");
}

int ms_rectify_list(struct ms_db *db, int64_t review_id, int64_t congress_id, int64_t unit_id, const char *state,
		    json_t **out, struct ms_error *e)
{
	char today[11];
	ms_day_format(ms_day_today(), today);
	int rc = ms_review_sql_rectify_list(db, review_id, congress_id, unit_id, state, out, e);
	size_t i;
	json_t *x;
	json_array_foreach(rc ? NULL : *out, i, x) rectify_shape(x, today);
	return rc;
}

int ms_rectify_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	char today[11];
	ms_day_format(ms_day_today(), today);
	int rc = ms_review_sql_rectify_get(db, id, out, e);
	if (!rc)
		rectify_shape(*out, today);
	return rc;
}

/* What the rules of a rectification read of it. */
struct rectify_row {
	int64_t congress, unit, reporter;
	char state[16];
};

static int rectify_row(struct ms_db *db, int64_t id, struct rectify_row *out, struct ms_error *e)
{
	json_t *x = NULL;
	int rc = ms_review_sql_rectify_get(db, id, &x, e);
	if (rc)
		return rc;
	out->congress = num(x, "congress_id");
	out->unit = num(x, "unit_id");
	out->reporter = num(x, "reported_by");
	ms_strlcpy(out->state, str(x, "state"), sizeof out->state);
	json_decref(x);
	return 0;
}

int ms_rectify_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	struct rectify_row x;
	int rc = rectify_row(db, id, &x, e);
	if (!rc)
		*congress_id = x.congress;
	return rc;
}

/* The state in words, for 409 rectify_state. */
static struct ms_arg state_arg(const char *state)
{
	int k = ms_names_find(&ms_rectify_state_names, state);
	return k < 0 ? MS_AS(state) : MS_AT(rectify_state_v[k].zh, rectify_state_v[k].en);
}

int ms_rectify_report(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *report, struct ms_error *e)
{
	struct rectify_row x;
	int rc = rectify_row(db, id, &x, e);
	if (rc)
		return rc;
	int64_t congress = x.congress, unit = x.unit;
	const char *state = x.state;
	if (!ms_actor_is_staff(by, congress) && !(by->unit_id && by->unit_id == unit))
		return ms_fail(e, MS_E_REVIEW_NOT_OWN_UNIT, NULL);
	if (strcmp(state, "open") != 0)
		return ms_failf(e, MS_E_RECTIFY_STATE, NULL, state_arg(state), MS_AT("报送", "reported"));
	if ((rc = ms_check_text(e, "report", report, 1, MS_REVIEW_REPORT_MAX)))
		return rc;
	char today[11];
	ms_day_format(ms_day_today(), today);
	rc = ms_review_sql_rectify_report(db, id, report, today, by->id, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_failf(e, MS_E_RECTIFY_STATE, NULL, state_arg("reported"), MS_AT("报送", "reported"));
	char hex[MS_AUDIT_HEX];
	if (!rc)
		rc = ms_audit_hash_hex(report, strlen(report), hex, e);
	return rc ? rc
		  : ms_audit_append(db, by, congress, "rectify.report", "rectification", id,
				    json_pack("{s:s}", "report_hash", hex), e);
}

int ms_rectify_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool accept, const char *note,
		      struct ms_error *e)
{
	struct rectify_row x;
	int rc = rectify_row(db, id, &x, e);
	if (rc)
		return rc;
	int64_t congress = x.congress, reporter = x.reporter;
	const char *state = x.state;
	struct ms_arg what = accept ? MS_AT("验收", "accepted") : MS_AT("退回", "returned");
	if (strcmp(state, "reported") != 0)
		return ms_failf(e, MS_E_RECTIFY_STATE, NULL, state_arg(state), what);
	if (accept && by->id && by->id == reporter) /* four eyes */
		return ms_fail(e, MS_E_RECTIFY_SELF, NULL);
	if (!accept && (!note || !*note))
		return ms_fail(e, MS_E_RECTIFY_NOTE_NEEDED, "note");
	if (note && (rc = ms_check_text(e, "note", note, 0, MS_REVIEW_NOTE_MAX)))
		return rc;
	char today[11];
	ms_day_format(ms_day_today(), today);
	rc = ms_review_sql_rectify_decide(db, id, accept ? "done" : "open", note, today, by->id, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_failf(e, MS_E_RECTIFY_STATE, NULL, state_arg("done"), what);
	return rc ? rc
		  : ms_audit_append(db, by, congress, accept ? "rectify.accept" : "rectify.return", "rectification", id,
				    json_pack("{s:s?}", "note", note), e);
}
