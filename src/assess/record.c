/*
 * record.c — deputies' performance files (履职档案; see assess.h): what a
 * file counts, who may read and add to it, a clerk's decision on an entry,
 * and the congress's published points.
 *
 * A file is computed each time it is read, from the rows the vote and the
 * supervision keep and from the approved entries, so it never disagrees
 * with them. Its totals are per kind and per quarter of the year (by the
 * item's day); points are the counts times the congress's points per kind,
 * or null when the congress awards none.
 */
#include "assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../cycle/cycle.h"
#include "assess_internal.h"

#define MS_CODES_DEF "assess/assess_codes.def"
#define MS_CODES_LIST ms_assess_codes
#include "../core/codes_define.h"

static const struct ms_name kinds_v[] = {
	{"attendance", "出席会议", "session attended"}, {"vote", "参加表决", "vote cast"},
	{"inspection", "参加视察", "inspection"},	  {"letter", "督办函", "supervision letter"},
	{"training", "参加培训", "training"},		  {"contact", "联系群众", "constituent contact"},
	{"suggestion", "提出建议", "suggestion"},	  {"research", "调研", "research"},
	{"other", "其他履职活动", "other activity"},
};
const struct ms_names ms_record_kind_names = MS_NAMES("record_kind", kinds_v);
const struct ms_names ms_entry_kind_names = {.what = "entry_kind", .v = kinds_v + MS_RK_FIRST_ENTERED,
					     .n = MS_RK_COUNT - MS_RK_FIRST_ENTERED};
static const struct ms_name status_v[] = {
	{"pending", "待审核", "pending"}, {"approved", "已通过", "approved"}, {"rejected", "未通过", "rejected"}};
const struct ms_names ms_entry_status_names = MS_NAMES("entry_status", status_v);

/* The counts of one deputy: per quarter (0–3), per kind. */
struct tally {
	int64_t n[4][MS_RK_COUNT];
};

/* A year's first and last days, and the UTC times its days in China
 * (UTC+8) begin and end: from 16:00 the day before. */
struct year_span {
	char from[11], to[11];
	char opened_from[24], opened_to[24];
};

static void year_span(int64_t year, struct year_span *y)
{
	int32_t first = ms_day_from_ymd((int)year, 1, 1), last = ms_day_from_ymd((int)year, 12, 31);
	char d[11];
	ms_day_format(first, y->from);
	ms_day_format(last, y->to);
	ms_day_format(first - 1, d);
	snprintf(y->opened_from, sizeof y->opened_from, "%sT16:00:00Z", d);
	snprintf(y->opened_to, sizeof y->opened_to, "%sT16:00:00Z", y->to);
}

/* The day in China of `at`: a day as it is, or a UTC time
 * "YYYY-MM-DDTHH:MM:SSZ" moved on eight hours; "" when it is neither. */
static void china_day(const char *at, char out[11])
{
	int32_t d;
	char day[11];
	out[0] = '\0';
	if (!at || strlen(at) < 10)
		return;
	memcpy(day, at, 10);
	day[10] = '\0';
	if (!ms_day_parse(day, &d))
		return;
	if (strlen(at) >= 13 && at[10] == 'T' && at[11] >= '0' && at[11] <= '9' && at[12] >= '0' && at[12] <= '9' &&
	    (at[11] - '0') * 10 + (at[12] - '0') >= 16)
		d++;
	ms_day_format(d, out);
}

/* Count an item of kind on day (China's, YYYY-MM-DD) in its quarter. */
static void tally_add(struct tally *t, int kind, const char *day)
{
	int32_t d;
	int m = 1;
	if (ms_day_parse(day, &d))
		ms_day_ymd(d, NULL, &m, NULL);
	t->n[(m - 1) / 3][kind]++;
}

/* {"kind": count, …} and the points of counts n (NULL when points are off). */
static json_t *counts_json(const int64_t n[MS_RK_COUNT], const int64_t points[MS_RK_COUNT], bool enabled,
			   json_t **pts)
{
	json_t *o = json_object();
	int64_t sum = 0;
	for (int k = 0; o && k < MS_RK_COUNT; k++) {
		sum += n[k] * points[k];
		if (json_object_set_new(o, kinds_v[k].key, json_integer(n[k]))) {
			json_decref(o);
			o = NULL;
		}
	}
	*pts = enabled ? json_integer(sum) : json_null();
	return o;
}

/* RecordTotals: the year's counts and points, and each quarter's. */
static json_t *totals_json(const struct tally *t, const int64_t points[MS_RK_COUNT], bool enabled)
{
	int64_t year[MS_RK_COUNT] = {0};
	json_t *quarters = json_array();
	for (int q = 0; quarters && q < 4; q++) {
		json_t *pts;
		json_t *c = counts_json(t->n[q], points, enabled, &pts);
		for (int k = 0; k < MS_RK_COUNT; k++)
			year[k] += t->n[q][k];
		if (!c || json_array_append_new(quarters, json_pack("{s:i, s:o, s:o}", "quarter", q + 1, "counts", c,
								    "points", pts))) {
			json_decref(quarters);
			quarters = NULL;
		}
	}
	json_t *pts;
	json_t *c = counts_json(year, points, enabled, &pts);
	if (!c || !quarters) {
		json_decref(c);
		json_decref(pts);
		json_decref(quarters);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:o}", "counts", c, "points", pts, "quarters", quarters);
}

int ms_record_may(const struct ms_actor *by, int64_t congress_id, int64_t deputy_id, struct ms_error *e)
{
	if (ms_actor_is_staff(by, congress_id) || by->id == deputy_id)
		return 0;
	return ms_fail(e, MS_E_NOT_YOUR_RECORD, NULL);
}

static int check_year(int64_t year, struct ms_error *e)
{
	return ms_check_int(e, "year", year, MS_YEAR_MIN, MS_YEAR_MAX);
}

/* ---- one deputy's file ---- */

struct file_ctx {
	struct tally t;
	json_t *lists[MS_RK_FIRST_ENTERED]; /* the items of the kinds read from elsewhere */
};

static int file_event(void *ctx, int64_t deputy_id, int kind, int64_t ref_id, const char *title, const char *day,
		      struct ms_error *e)
{
	(void)deputy_id;
	struct file_ctx *f = ctx;
	char d[11];
	china_day(day, d);
	tally_add(&f->t, kind, d);
	if (kind >= MS_RK_FIRST_ENTERED)
		return 0;
	json_t *item = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ref_id, "title", title, "day", d);
	return !item || json_array_append_new(f->lists[kind], item) ? ms_nomem(e) : 0;
}

int ms_record_get(struct ms_db *db, int64_t deputy_id, int64_t year, json_t **out, struct ms_error *e)
{
	struct file_ctx f = {0};
	json_t *who = NULL, *groups = NULL, *entries = NULL, *totals = NULL;
	int64_t points[MS_RK_COUNT];
	bool enabled = false;
	struct year_span y;
	int rc = check_year(year, e);
	if (rc || (rc = ms_record_sql_deputy(db, deputy_id, &who, e)))
		return rc;
	int64_t congress_id = json_integer_value(json_object_get(who, "congress_id"));
	year_span(year, &y);
	for (int k = 0; k < MS_RK_FIRST_ENTERED; k++)
		if (!(f.lists[k] = json_array()))
			rc = ms_nomem(e);
	if (!rc)
		rc = ms_record_sql_points(db, congress_id, points, &enabled, e);
	if (!rc)
		rc = ms_record_sql_events(db, congress_id, deputy_id, y.from, y.to, y.opened_from, y.opened_to, file_event,
					  &f, e);
	if (!rc)
		rc = ms_record_sql_groups(db, deputy_id, &groups, e);
	if (!rc)
		rc = ms_record_sql_entries(db, deputy_id, y.from, y.to, &entries, e);
	if (!rc && !(totals = totals_json(&f.t, points, enabled)))
		rc = ms_nomem(e);
	if (!rc) {
		*out = json_pack("{s:I, s:O, s:I, s:I, s:b, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "deputy_id",
				 (json_int_t)deputy_id, "name", json_object_get(who, "name"), "congress_id",
				 (json_int_t)congress_id, "year", (json_int_t)year, "points_enabled", enabled,
				 "attendance", f.lists[MS_RK_ATTENDANCE], "votes", f.lists[MS_RK_VOTE], "inspections",
				 f.lists[MS_RK_INSPECTION], "letters", f.lists[MS_RK_LETTER], "groups", groups,
				 "entries", entries, "totals", totals);
		if (!*out)
			rc = ms_nomem(e);
	}
	for (int k = 0; k < MS_RK_FIRST_ENTERED; k++)
		json_decref(f.lists[k]);
	json_decref(who);
	json_decref(groups);
	json_decref(entries);
	json_decref(totals);
	return rc;
}

/* ---- every deputy of a congress ---- */

struct list_ctx {
	int64_t *ids; /* the deputies, ascending */
	struct tally *t;
	size_t n;
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int list_event(void *ctx, int64_t deputy_id, int kind, int64_t ref_id, const char *title, const char *day,
		      struct ms_error *e)
{
	(void)ref_id, (void)title, (void)e;
	struct list_ctx *l = ctx;
	int64_t *at = bsearch(&deputy_id, l->ids, l->n, sizeof *l->ids, cmp_id);
	char d[11];
	china_day(day, d);
	if (at)
		tally_add(&l->t[at - l->ids], kind, d);
	return 0;
}

static int cmp_points(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t px = json_integer_value(json_object_get(json_object_get(x, "totals"), "points"));
	json_int_t py = json_integer_value(json_object_get(json_object_get(y, "totals"), "points"));
	if (px != py)
		return px < py ? 1 : -1;
	return cmp_id(&(json_int_t){json_integer_value(json_object_get(x, "deputy_id"))},
		      &(json_int_t){json_integer_value(json_object_get(y, "deputy_id"))});
}

static int cmp_name(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(json_string_value(json_object_get(x, "name")), json_string_value(json_object_get(y, "name")));
	if (c)
		return c;
	return cmp_id(&(json_int_t){json_integer_value(json_object_get(x, "deputy_id"))},
		      &(json_int_t){json_integer_value(json_object_get(y, "deputy_id"))});
}

int ms_record_list(struct ms_db *db, int64_t congress_id, int64_t year, const char *sort, json_t **out,
		   struct ms_error *e)
{
	json_t *deps = NULL, *items = NULL;
	struct list_ctx l = {0};
	int64_t points[MS_RK_COUNT];
	bool enabled = false;
	struct year_span y;
	int rc = check_year(year, e);
	if (rc || (rc = ms_record_sql_deputies(db, congress_id, &deps, e)))
		return rc;
	year_span(year, &y);
	l.n = json_array_size(deps);
	l.ids = calloc(l.n ? l.n : 1, sizeof *l.ids);
	l.t = calloc(l.n ? l.n : 1, sizeof *l.t);
	items = json_array();
	if (!l.ids || !l.t || !items)
		rc = ms_nomem(e);
	for (size_t i = 0; !rc && i < l.n; i++)
		l.ids[i] = json_integer_value(json_object_get(json_array_get(deps, i), "id"));
	if (!rc)
		rc = ms_record_sql_points(db, congress_id, points, &enabled, e);
	if (!rc)
		rc = ms_record_sql_events(db, congress_id, 0, y.from, y.to, y.opened_from, y.opened_to, list_event, &l, e);
	for (size_t i = 0; !rc && i < l.n; i++) {
		json_t *d = json_array_get(deps, i), *totals = totals_json(&l.t[i], points, enabled);
		if (!totals || json_array_append_new(items, json_pack("{s:I, s:O, s:O, s:o}", "deputy_id",
								       (json_int_t)l.ids[i], "name",
								       json_object_get(d, "name"), "pending",
								       json_object_get(d, "pending"), "totals", totals)))
			rc = ms_nomem(e);
	}
	if (!rc && sort && (strcmp(sort, "points") == 0 || strcmp(sort, "name") == 0)) {
		json_t **v = calloc(l.n ? l.n : 1, sizeof *v);
		if (!v)
			rc = ms_nomem(e);
		for (size_t i = 0; !rc && i < l.n; i++)
			v[i] = json_incref(json_array_get(items, i));
		if (!rc) {
			qsort(v, l.n, sizeof *v, strcmp(sort, "points") == 0 ? cmp_points : cmp_name);
			json_array_clear(items);
			for (size_t i = 0; i < l.n; i++)
				if (json_array_append_new(items, v[i]))
					rc = ms_nomem(e);
		}
		free(v);
	}
	if (!rc && !(*out = json_pack("{s:I, s:I, s:b, s:O}", "congress_id", (json_int_t)congress_id, "year",
				      (json_int_t)year, "points_enabled", enabled, "items", items)))
		rc = ms_nomem(e);
	free(l.ids);
	free(l.t);
	json_decref(deps);
	json_decref(items);
	return rc;
}

/* ---- entries ---- */

int ms_record_entry_add(struct ms_db *db, const struct ms_actor *by, int64_t deputy_id,
			const struct ms_entry_in *in, int64_t *id, struct ms_error *e)
{
	json_t *who = NULL;
	int rc = ms_record_sql_deputy(db, deputy_id, &who, e);
	if (rc)
		return rc;
	int64_t congress_id = json_integer_value(json_object_get(who, "congress_id"));
	json_decref(who);
	if ((rc = ms_record_may(by, congress_id, deputy_id, e)))
		return rc;
	if (ms_names_find(&ms_entry_kind_names, in->kind) < 0)
		return ms_failf(e, MS_E_INVALID_VALUE, "kind", MS_AS("kind"),
				MS_AT("培训、联系群众、建议、调研或其他", "training, contact, suggestion, research or other"));
	int32_t day, today = ms_day_today();
	int y = 0;
	char today_s[11], min_s[8];
	ms_day_format(today, today_s);
	snprintf(min_s, sizeof min_s, "%d", MS_YEAR_MIN);
	if (!ms_day_parse(in->day, &day))
		return ms_failf(e, MS_E_INVALID_VALUE, "day", MS_AS("day"), MS_AT("一个日期", "a date"));
	ms_day_ymd(day, &y, NULL, NULL);
	if (day > today || y < MS_YEAR_MIN)
		return ms_failf(e, MS_E_ENTRY_DAY, "day", MS_AS(in->day), MS_AS(today_s), MS_AS(min_s));
	if ((rc = ms_check_text(e, "text", in->text, 1, MS_ENTRY_TEXT_MAX)) ||
	    (in->hours && (rc = ms_check_int(e, "hours", in->hours, 1, MS_ENTRY_HOURS_MAX))))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_record_sql_entry_insert(db, congress_id, deputy_id, in, by->id, now, id, e)))
		return rc;
	return ms_audit_append(db, by, congress_id, "record.entry", "record_entry", *id,
			       json_pack("{s:I, s:s, s:s, s:I}", "deputy_id", (json_int_t)deputy_id, "kind", in->kind,
					 "day", in->day, "hours", (json_int_t)in->hours),
			       e);
}

int ms_record_entry_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool approve,
			   const char *reason, struct ms_error *e)
{
	json_t *entry = NULL;
	int rc = ms_record_entry_get(db, id, &entry, e);
	if (rc)
		return rc;
	int64_t congress_id = json_integer_value(json_object_get(entry, "congress_id"));
	const char *status = json_string_value(json_object_get(entry, "status"));
	char zh[200], en[200];
	if (!ms_actor_is_staff(by, congress_id))
		rc = ms_failf(e, MS_E_FORBIDDEN, NULL, ms_access_words(MS_ACCESS_STAFF, zh, sizeof zh, en, sizeof en));
	else if (strcmp(status, "pending") != 0) {
		const char *at = json_string_value(json_object_get(entry, "decided_at"));
		char day[11] = "";
		snprintf(day, sizeof day, "%s", at ? at : "");
		rc = ms_failf(e, MS_E_ENTRY_DECIDED, NULL, MS_AI(id), MS_AS(day),
			      ms_names_arg(&ms_entry_status_names, ms_names_find(&ms_entry_status_names, status)));
	} else if (!approve)
		rc = ms_check_text(e, "reason", reason, 1, MS_ENTRY_REASON_MAX);
	json_decref(entry);
	if (rc)
		return rc;
	char now[32];
	bool done = false;
	ms_now_iso(now, sizeof now);
	const char *to = approve ? "approved" : "rejected";
	if ((rc = ms_record_sql_entry_decide(db, id, to, approve ? NULL : reason, by->id, now, &done, e)))
		return rc;
	if (!done)
		return ms_failf(e, MS_E_ENTRY_DECIDED, NULL, MS_AI(id), MS_AS(""), MS_AS(""));
	return ms_audit_append(db, by, congress_id, approve ? "record.approve" : "record.reject", "record_entry", id,
			       approve ? NULL : json_pack("{s:s}", "reason", reason), e);
}

/* ---- points ---- */

/* The rule in words: each kind's points, then how they add up. */
static json_t *words_json(const int64_t points[MS_RK_COUNT], bool enabled)
{
	char zh[1200], en[1600];
	size_t nz = 0, ne = 0;
	if (!enabled) {
		snprintf(zh, sizeof zh, "本级人大未设履职积分，履职档案只列出各项履职活动及次数。");
		snprintf(en, sizeof en, "This congress awards no points: a performance file lists the activities and "
					"how many of each.");
	} else {
		nz += (size_t)snprintf(zh + nz, sizeof zh - nz, "履职积分：");
		ne += (size_t)snprintf(en + ne, sizeof en - ne, "Points: ");
		bool first = true;
		for (int k = 0; k < MS_RK_COUNT; k++) {
			if (!points[k])
				continue;
			nz += (size_t)snprintf(zh + nz, sizeof zh - nz, "%s%s每次 %lld 分", first ? "" : "；",
					       kinds_v[k].zh, (long long)points[k]);
			ne += (size_t)snprintf(en + ne, sizeof en - ne, "%s%lld for each %s", first ? "" : "; ",
					       (long long)points[k], kinds_v[k].en);
			first = false;
		}
		if (first) {
			nz += (size_t)snprintf(zh + nz, sizeof zh - nz, "各项均为 0 分");
			ne += (size_t)snprintf(en + ne, sizeof en - ne, "none for any activity");
		}
		snprintf(zh + nz, sizeof zh - nz,
			 "。出席会议、参加表决以已结束的投票为准（只记是否参加，不涉及如何投票）；视察以视察记录列明的参加人"
			 "或记录人为准；督办函计入所在监督小组的每位成员；代表登记的履职活动经人大工作人员审核通过后计分。"
			 "按日期分年度、季度合计。");
		snprintf(en + ne, sizeof en - ne,
			 ". Sessions and votes count closed polls (that the deputy voted, never how); an inspection counts "
			 "for each participant it names and for its recorder; a supervision letter for every member of the "
			 "group; an activity a deputy enters counts once the congress's staff approve it. Totals are by year "
			 "and by quarter, by the day of each item.");
	}
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

int ms_record_points_get(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	int64_t points[MS_RK_COUNT];
	bool enabled = false;
	int rc = ms_record_sql_points(db, congress_id, points, &enabled, e);
	if (rc)
		return rc;
	json_t *list = json_array();
	for (int k = 0; list && k < MS_RK_COUNT; k++)
		if (json_array_append_new(list, json_pack("{s:s, s:I}", "kind", kinds_v[k].key, "points",
							  (json_int_t)points[k]))) {
			json_decref(list);
			list = NULL;
		}
	json_t *words = words_json(points, enabled);
	if (!list || !words) {
		json_decref(list);
		json_decref(words);
		return ms_nomem(e);
	}
	*out = json_pack("{s:I, s:b, s:o, s:o}", "congress_id", (json_int_t)congress_id, "enabled", enabled, "points",
			 list, "words", words);
	return *out ? 0 : ms_nomem(e);
}

int ms_record_points_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, json_t *points,
			 struct ms_error *e)
{
	bool seen[MS_RK_COUNT] = {false};
	size_t i;
	json_t *p;
	int rc;
	json_array_foreach(points, i, p) {
		const char *kind = json_string_value(json_object_get(p, "kind"));
		int k = ms_names_find(&ms_record_kind_names, kind);
		if (k < 0)
			return ms_failf(e, MS_E_INVALID_VALUE, "points", MS_AS("kind"), MS_AT("一种履职活动", "a kind of activity"));
		if (seen[k])
			return ms_failf(e, MS_E_POINTS_KIND_TWICE, "points", ms_names_arg(&ms_record_kind_names, k));
		seen[k] = true;
		if ((rc = ms_check_int(e, "points", json_integer_value(json_object_get(p, "points")), 0, MS_POINTS_MAX)))
			return rc;
	}
	if ((rc = ms_record_sql_points_clear(db, congress_id, e)))
		return rc;
	json_array_foreach(points, i, p) {
		if ((rc = ms_record_sql_points_add(db, congress_id, json_string_value(json_object_get(p, "kind")),
						   json_integer_value(json_object_get(p, "points")), e)))
			return rc;
	}
	return ms_audit_append(db, by, congress_id, "record.points", "congress", congress_id,
			       json_pack("{s:O}", "points", points), e);
}
