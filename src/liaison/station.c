/*
 * station.c — liaison stations (代表联络站, 家站点), their deputies, the
 * reception rota (接待日) and residents' bookings, the reception check,
 * houses (门牌) and their deputies, QR codes, and the per-congress liaison
 * settings (see liaison.h).
 *
 * A rota entry is published at least notice_days ahead (PRACTICE.md: 3);
 * a deputy "receives" once for each rota entry it is on; the check counts
 * the year's entries held (up to today, China's day) and scheduled, and marks
 * the deputies whose total is below receptions_min (PRACTICE.md: twice).
 */
#include "liaison.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "liaison_internal.h"
#include "track.h"

#define MS_CODES_DEF "liaison/liaison_codes.def"
#define MS_CODES_LIST ms_liaison_codes
#include "../core/codes_define.h"

static const struct ms_name station_kinds_v[] = {{"station", "代表联络站", "liaison station"},
						 {"home", "家站点", "home station"}};
const struct ms_names ms_station_kind_names = MS_NAMES("station_kind", station_kinds_v);

/* ---- pure rules ---- */

bool ms_phone_ok(const char *s)
{
	size_t digits = 0, n = 0;
	for (const char *p = s; *p; p++, n++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!(*p == '+' && p == s) && *p != '-' && *p != ' ')
			return false;
	}
	return digits >= 5 && digits <= 20 && n <= MS_PHONE_MAX + 5;
}

bool ms_hhmm_ok(const char *s)
{
	return s && strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' &&
	       s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' && (s[0] - '0') * 10 + (s[1] - '0') < 24;
}

bool ms_base_url_ok(const char *s)
{
	if (!s || (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0))
		return false;
	size_t n = strlen(s);
	if (n > MS_URL_MAX || n <= 8)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\'' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == '`' || *p == '&' || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

/* ---- settings ---- */

int ms_liaison_settings_get(struct ms_db *db, int64_t congress_id, struct ms_liaison_settings *s, struct ms_error *e)
{
	bool found = false;
	*s = (struct ms_liaison_settings){.notice_days = MS_LIAISON_NOTICE_DAYS,
					  .receptions_min = MS_LIAISON_RECEPTIONS_MIN,
					  .form_per_hour = MS_LIAISON_FORM_PER_HOUR};
	int rc = ms_lsql_settings(db, congress_id, s, &found, e);
	if (!rc && !found && !(s->areas = json_array()))
		rc = ms_nomem(e);
	return rc;
}

int ms_liaison_areas(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	int rc = ms_lsql_child_names(db, congress_id, out, e);
	if (rc || json_array_size(*out))
		return rc;
	json_decref(*out);
	*out = NULL;
	struct ms_liaison_settings s;
	if ((rc = ms_liaison_settings_get(db, congress_id, &s, e)))
		return rc;
	*out = s.areas;
	return 0;
}

int ms_liaison_settings_json(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	struct ms_liaison_settings s;
	json_t *areas = NULL;
	int rc = ms_liaison_settings_get(db, congress_id, &s, e);
	if (rc || (rc = ms_liaison_areas(db, congress_id, &areas, e))) {
		json_decref(s.areas);
		return rc;
	}
	char zh[2000], en[2400];
	snprintf(zh, sizeof zh,
		 "接待日须至少提前 %lld 天公布；已举行的接待可在事后登记（接待当天或此后 %d 天内，由工作人员或该站代表登记接待代表和接待群众人数），"
		 "登记后计入接待次数；已公布的接待日只能登记为已举行，不另行登记；代表只能登记本人参加的接待，登记已公布的接待日时只能从原定接待代表中确认（须含本人），"
		 "更改接待代表名单由工作人员办理；已登记为已举行的接待日不再接受预约；"
		 "每位代表每年至少接待群众 %lld 次（按所在接待日计，同一天只计一次，含已安排的）；"
		 "公开诉求表同一网络每小时最多提交 %lld 件。已进入诉讼、行政复议或仲裁程序的事项不予受理（网上、联络站窗口和代表走访一律适用）。",
		 (long long)s.notice_days, MS_LIAISON_RECORD_DAYS, (long long)s.receptions_min, (long long)s.form_per_hour);
	snprintf(en, sizeof en,
		 "Reception days are published at least %lld days ahead; a reception already held is recorded after "
		 "the fact (on its day or within %d days after, by the staff or a deputy of the station, with the "
		 "deputies who received and how many residents came) and then counts; a published day is recorded as held, "
		 "never recorded again; a deputy records only a reception they received at themselves and, for a published "
		 "day, only confirms some of the deputies planned (themselves among them), the staff changing the list; a "
		 "day recorded as held takes no more bookings; each deputy receives constituents "
		 "at least %lld times a year (counting the reception days it is on, one a day, scheduled ones included); the public "
		 "form takes at most %lld submissions an hour from one network. Matters in litigation, administrative "
		 "review or arbitration are not accepted (on the form, at a station's desk and on a home visit alike).",
		 (long long)s.notice_days, MS_LIAISON_RECORD_DAYS, (long long)s.receptions_min, (long long)s.form_per_hour);
	*out = json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:{s:s, s:s}}", "congress_id", (json_int_t)congress_id,
			 "notice_days", (json_int_t)s.notice_days, "receptions_min", (json_int_t)s.receptions_min,
			 "form_per_hour", (json_int_t)s.form_per_hour, "areas", s.areas, "choices", areas, "words", "zh",
			 zh, "en", en);
	return *out ? 0 : ms_nomem(e);
}

int ms_liaison_settings_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			    const struct ms_liaison_settings *s, struct ms_error *e)
{
	int rc;
	if ((rc = ms_check_int(e, "notice_days", s->notice_days, 0, 60)) ||
	    (rc = ms_check_int(e, "receptions_min", s->receptions_min, 0, 52)) ||
	    (rc = ms_check_int(e, "form_per_hour", s->form_per_hour, 1, 10000)))
		return rc;
	json_t *list = s->areas ? json_incref(s->areas) : json_array();
	char *areas = list ? json_dumps(list, JSON_COMPACT) : NULL;
	char now[32];
	ms_now_iso(now, sizeof now);
	if (!areas) {
		json_decref(list);
		return ms_nomem(e);
	}
	rc = ms_lsql_settings_set(db, congress_id, s, areas, now, e);
	free(areas);
	if (rc) {
		json_decref(list);
		return rc;
	}
	return ms_audit_append(db, by, congress_id, "liaison.settings", "congress", congress_id,
			       json_pack("{s:I, s:I, s:I, s:o}", "notice_days", (json_int_t)s->notice_days,
					 "receptions_min", (json_int_t)s->receptions_min, "form_per_hour",
					 (json_int_t)s->form_per_hour, "areas", list),
			       e);
}

/* ---- stations ---- */

/* Each of ids is a deputy of congress_id (field names the list). */
static int check_deputies(struct ms_db *db, int64_t congress_id, const int64_t *ids, size_t n, const char *field,
			  struct ms_error *e)
{
	for (size_t i = 0; i < n; i++) {
		bool ok = false;
		int rc = ms_lsql_is_deputy(db, ids[i], congress_id, &ok, e);
		if (rc)
			return rc;
		if (!ok)
			return ms_failf(e, MS_E_NOT_DEPUTY_OF_CONGRESS, field, MS_AI(ids[i]));
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return ms_failf(e, MS_E_INVALID_VALUE, field, MS_AS(field),
						MS_AT("不重复的代表", "deputies listed once"));
	}
	return 0;
}

static int station_check(struct ms_db *db, int64_t congress_id, const struct ms_station_in *in, int64_t except,
			 struct ms_error *e)
{
	bool taken = false;
	int rc;
	if (ms_names_find(&ms_station_kind_names, in->kind) < 0)
		return ms_failf(e, MS_E_INVALID_VALUE, "kind", MS_AS("kind"), MS_AT("station 或 home", "station or home"));
	if ((rc = ms_check_text(e, "name", in->name, 1, MS_STATION_NAME_MAX)) ||
	    (rc = ms_check_text(e, "address", in->address ? in->address : "", 0, MS_STATION_TEXT_MAX)) ||
	    (rc = ms_check_text(e, "area", in->area ? in->area : "", 0, MS_STATION_TEXT_MAX)) ||
	    (rc = check_deputies(db, congress_id, in->deputy_ids, in->n_deputies, "deputy_ids", e)) ||
	    (rc = ms_lsql_station_name_taken(db, congress_id, in->name, except, &taken, e)))
		return rc;
	return taken ? ms_failf(e, MS_E_STATION_NAME_TAKEN, "name", MS_AS(in->name)) : 0;
}

static json_t *ids_json(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_integer(ids[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

int ms_station_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const struct ms_station_in *in,
		      int64_t *id, struct ms_error *e)
{
	char token[MS_TRACK_LEN + 1], now[32];
	int rc = station_check(db, congress_id, in, 0, e);
	if (rc)
		return rc;
	ms_track_new(token);
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lsql_station_insert(db, congress_id, in, token, now, id, e)) ||
	    (rc = ms_lsql_station_deputies_set(db, *id, in->deputy_ids, in->n_deputies, e)))
		return rc;
	return ms_audit_append(db, by, congress_id, "station.create", "station", *id,
			       json_pack("{s:s, s:s, s:o}", "kind", in->kind, "name", in->name, "deputy_ids",
					 ids_json(in->deputy_ids, in->n_deputies)),
			       e);
}

int ms_station_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_station_in *in,
		      struct ms_error *e)
{
	int64_t congress_id;
	int rc = ms_station_owner(db, id, &congress_id, e);
	if (rc || (rc = station_check(db, congress_id, in, id, e)) || (rc = ms_lsql_station_update(db, id, in, e)) ||
	    (rc = ms_lsql_station_deputies_set(db, id, in->deputy_ids, in->n_deputies, e)))
		return rc;
	return ms_audit_append(db, by, congress_id, "station.update", "station", id,
			       json_pack("{s:s, s:s, s:o}", "kind", in->kind, "name", in->name, "deputy_ids",
					 ids_json(in->deputy_ids, in->n_deputies)),
			       e);
}

/* o["deputies"] = the station's deputies. */
static int with_deputies(struct ms_db *db, json_t *o, struct ms_error *e)
{
	json_t *d = NULL;
	int rc = ms_lsql_station_deputies(db, json_integer_value(json_object_get(o, "id")), &d, e);
	if (!rc && json_object_set_new(o, "deputies", d))
		rc = ms_nomem(e);
	return rc;
}

int ms_station_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_lsql_station_get(db, id, out, e);
	if (!rc && (rc = with_deputies(db, *out, e))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int ms_station_list(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	json_t *items = NULL, *s;
	size_t i;
	int rc = ms_lsql_station_list(db, congress_id, &items, e);
	json_array_foreach(items, i, s) if (!rc) rc = with_deputies(db, s, e);
	if (!rc && !(*out = json_pack("{s:o}", "items", items)))
		rc = ms_nomem(e);
	else if (rc)
		json_decref(items);
	return rc;
}

int ms_station_has_deputy(struct ms_db *db, int64_t station_id, int64_t deputy_id, bool *out, struct ms_error *e)
{
	return ms_lsql_station_has(db, station_id, deputy_id, out, e);
}

int ms_station_may_read(struct ms_db *db, const struct ms_actor *by, int64_t station_id, int64_t congress_id,
			struct ms_error *e)
{
	bool has = false;
	int rc;
	if (ms_actor_is_staff(by, congress_id))
		return 0;
	if (ms_actor_is_of(by, MS_ROLE_DEPUTY, congress_id) &&
	    (rc = ms_lsql_station_has(db, station_id, by->id, &has, e)))
		return rc;
	return has ? 0 : ms_fail(e, MS_E_NOT_YOUR_DEMAND, NULL);
}

/* ---- rota and bookings ---- */

static int with_rota_deputies(struct ms_db *db, json_t *o, struct ms_error *e)
{
	json_t *d = NULL;
	int rc = ms_lsql_rota_deputies(db, json_integer_value(json_object_get(o, "id")), &d, e);
	if (!rc && json_object_set_new(o, "deputies", d))
		rc = ms_nomem(e);
	/* held: recorded as held, over — it takes no bookings */
	if (!rc && json_object_set_new(o, "held", json_boolean(json_is_string(json_object_get(o, "recorded_at")))))
		rc = ms_nomem(e);
	return rc;
}

/* The deputies receiving: at least one, each a deputy of the station (they read the day's bookings). */
static int receiving(struct ms_db *db, int64_t congress_id, int64_t station_id, const int64_t *ids, size_t n,
		     struct ms_error *e)
{
	int rc = check_deputies(db, congress_id, ids, n, "deputy_ids", e);
	if (rc)
		return rc;
	if (n == 0)
		return ms_failf(e, MS_E_INVALID_VALUE, "deputy_ids", MS_AS("deputy_ids"),
				MS_AT("至少一位接待代表", "at least one deputy receiving"));
	for (size_t i = 0; i < n; i++) {
		bool on = false;
		if ((rc = ms_station_has_deputy(db, station_id, ids[i], &on, e)))
			return rc;
		if (!on)
			return ms_failf(e, MS_E_NOT_STATION_DEPUTY, "deputy_ids", MS_AI(ids[i]), MS_AI(station_id));
	}
	return 0;
}

/* A reception on `day` may be recorded as held today: on its day or at most MS_LIAISON_RECORD_DAYS after. */
static int record_window(const char *day_text, int32_t day, struct ms_error *e)
{
	int32_t today = ms_day_today();
	if (day <= today && day >= today - MS_LIAISON_RECORD_DAYS)
		return 0;
	char from[11], to[11];
	ms_day_format(today - MS_LIAISON_RECORD_DAYS, from);
	ms_day_format(today, to);
	return ms_failf(e, MS_E_RECEPTION_WINDOW, "day", MS_AI(MS_LIAISON_RECORD_DAYS), MS_AS(from), MS_AS(to),
			MS_AS(day_text));
}

/* before: the deputies planned when the list given changes them (NULL otherwise; taken). */
static int audit_held(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t rota_id,
		      int64_t station_id, const char *day, const int64_t *ids, size_t n, int64_t residents,
		      json_t *before, struct ms_error *e)
{
	json_t *d = json_pack("{s:I, s:s, s:o, s:I}", "station_id", (json_int_t)station_id, "day", day, "deputy_ids",
			      ids_json(ids, n), "residents", (json_int_t)residents);
	if (d && before && json_object_set(d, "deputy_ids_before", before)) {
		json_decref(d);
		d = NULL;
	}
	json_decref(before);
	return d ? ms_audit_append(db, by, congress_id, "rota.held", "rota", rota_id, d, e) : ms_nomem(e);
}

static bool among(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* A deputy (not the staff) records only a reception they received at: their own id among ids. */
static int own_reception(const struct ms_actor *by, int64_t congress_id, const int64_t *ids, size_t n,
			 struct ms_error *e)
{
	if (ms_actor_is_staff(by, congress_id) || among(ids, n, by->id))
		return 0;
	return ms_fail(e, MS_E_RECEPTION_OWN, "deputy_ids");
}

int ms_reception_record(struct ms_db *db, const struct ms_actor *by, int64_t station_id, const struct ms_rota_in *in,
			int64_t *id, struct ms_error *e)
{
	int64_t congress_id;
	int32_t day;
	int rc = ms_station_owner(db, station_id, &congress_id, e);
	if (rc || (rc = ms_station_may_read(db, by, station_id, congress_id, e)))
		return rc;
	if (!ms_day_parse(in->day, &day))
		return ms_failf(e, MS_E_INVALID_VALUE, "day", MS_AS("day"), MS_AT("一个日期", "a date"));
	if ((rc = record_window(in->day, day, e)))
		return rc;
	if (!ms_hhmm_ok(in->starts) || !ms_hhmm_ok(in->ends) || strcmp(in->starts, in->ends) >= 0)
		return ms_failf(e, MS_E_ROTA_TIMES, "ends", MS_AS(in->starts ? in->starts : ""),
				MS_AS(in->ends ? in->ends : ""));
	json_t *on = NULL;
	if ((rc = ms_check_int(e, "residents", in->residents, 0, MS_RECEPTION_RESIDENTS_MAX)) ||
	    (rc = receiving(db, congress_id, station_id, in->deputy_ids, in->n_deputies, e)) ||
	    (rc = own_reception(by, congress_id, in->deputy_ids, in->n_deputies, e)) ||
	    (rc = ms_lsql_rota_overlap(db, station_id, in->day, in->starts, in->ends, &on, e)))
		return rc;
	/* a published day (or one recorded already) is marked held, never recorded again: nothing counts twice */
	if (on) {
		rc = ms_failf(e, MS_E_RECEPTION_ON_ROTA, "day", MS_AS(in->day),
			      MS_AI(json_integer_value(json_object_get(on, "id"))),
			      MS_AS(json_string_value(json_object_get(on, "starts"))),
			      MS_AS(json_string_value(json_object_get(on, "ends"))));
		json_decref(on);
		return rc;
	}
	/* a day held is over: it takes no bookings, its capacity is nominal */
	struct ms_rota_in r = *in;
	r.capacity = 1;
	char now[32];
	bool done = false;
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lsql_rota_insert(db, station_id, congress_id, &r, now, id, e)) ||
	    (rc = ms_lsql_rota_held(db, *id, in->deputy_ids, in->n_deputies, in->residents, by->id, now, &done, e)))
		return rc;
	return audit_held(db, by, congress_id, *id, station_id, in->day, in->deputy_ids, in->n_deputies, in->residents,
			  NULL, e);
}

int ms_rota_held(struct ms_db *db, const struct ms_actor *by, int64_t rota_id, const int64_t *deputy_ids, size_t n,
		 int64_t residents, struct ms_error *e)
{
	json_t *r = NULL;
	int rc = ms_lsql_rota_get(db, rota_id, &r, e);
	if (rc)
		return rc;
	int64_t congress_id = json_integer_value(json_object_get(r, "congress_id"));
	int64_t station_id = json_integer_value(json_object_get(r, "station_id"));
	char day[11];
	snprintf(day, sizeof day, "%s", json_string_value(json_object_get(r, "day")));
	bool recorded = !json_is_null(json_object_get(r, "recorded_at")) && json_object_get(r, "recorded_at");
	json_decref(r);
	int32_t d = 0;
	if ((rc = ms_station_may_read(db, by, station_id, congress_id, e)))
		return rc;
	if (recorded)
		return ms_failf(e, MS_E_RECEPTION_RECORDED, NULL, MS_AS(day));
	if (!ms_day_parse(day, &d) || (rc = record_window(day, d, e)) ||
	    (rc = ms_check_int(e, "residents", residents, 0, MS_RECEPTION_RESIDENTS_MAX)) ||
	    (rc = receiving(db, congress_id, station_id, deputy_ids, n, e)))
		return rc ? rc : ms_failf(e, MS_E_INVALID_VALUE, "day", MS_AS("day"), MS_AT("一个日期", "a date"));
	/* the deputies planned; a deputy only confirms some of them, themselves among them (the staff change the list) */
	json_t *planned = NULL, *p;
	size_t i, same = 0;
	if ((rc = ms_lsql_rota_deputies(db, rota_id, &planned, e)))
		return rc;
	json_t *before = json_array();
	json_array_foreach(planned, i, p)
	{
		json_int_t pid = json_integer_value(json_object_get(p, "id"));
		same += among(deputy_ids, n, pid);
		if (before && json_array_append_new(before, json_integer(pid))) {
			json_decref(before);
			before = NULL;
		}
	}
	json_decref(planned);
	if (!before)
		return ms_nomem(e);
	bool changed = same != n || n != json_array_size(before);
	if (changed && !ms_actor_is_staff(by, congress_id) && (same != n || !among(deputy_ids, n, by->id))) {
		json_decref(before);
		return ms_fail(e, MS_E_RECEPTION_OWN, "deputy_ids");
	}
	if (!changed && (rc = own_reception(by, congress_id, deputy_ids, n, e))) {
		json_decref(before);
		return rc;
	}
	char now[32];
	bool done = false;
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lsql_rota_held(db, rota_id, deputy_ids, n, residents, by->id, now, &done, e)) || !done) {
		json_decref(before);
		return rc ? rc : ms_failf(e, MS_E_RECEPTION_RECORDED, NULL, MS_AS(day));
	}
	if (!changed) {
		json_decref(before);
		before = NULL;
	}
	return audit_held(db, by, congress_id, rota_id, station_id, day, deputy_ids, n, residents, before, e);
}

int ms_rota_add(struct ms_db *db, const struct ms_actor *by, int64_t station_id, const struct ms_rota_in *in,
		int64_t *id, struct ms_error *e)
{
	int64_t congress_id;
	struct ms_liaison_settings s;
	int32_t day, today = ms_day_today();
	int rc = ms_station_owner(db, station_id, &congress_id, e);
	if (rc || (rc = ms_liaison_settings_get(db, congress_id, &s, e)))
		return rc;
	json_decref(s.areas);
	if (!ms_day_parse(in->day, &day))
		return ms_failf(e, MS_E_INVALID_VALUE, "day", MS_AS("day"), MS_AT("一个日期", "a date"));
	if (day < today + s.notice_days) {
		char first[11];
		ms_day_format(today + (int32_t)s.notice_days, first);
		return ms_failf(e, MS_E_ROTA_NOTICE, "day", MS_AI(s.notice_days), MS_AS(in->day), MS_AS(first));
	}
	if (!ms_hhmm_ok(in->starts) || !ms_hhmm_ok(in->ends) || strcmp(in->starts, in->ends) >= 0)
		return ms_failf(e, MS_E_ROTA_TIMES, "ends", MS_AS(in->starts ? in->starts : ""),
				MS_AS(in->ends ? in->ends : ""));
	if ((rc = ms_check_int(e, "capacity", in->capacity, 1, 500)) ||
	    (rc = receiving(db, congress_id, station_id, in->deputy_ids, in->n_deputies, e)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lsql_rota_insert(db, station_id, congress_id, in, now, id, e)))
		return rc;
	return ms_audit_append(db, by, congress_id, "rota.add", "rota", *id,
			       json_pack("{s:I, s:s, s:s, s:s, s:I, s:o}", "station_id", (json_int_t)station_id, "day",
					 in->day, "starts", in->starts, "ends", in->ends, "capacity",
					 (json_int_t)in->capacity, "deputy_ids", ids_json(in->deputy_ids, in->n_deputies)),
			       e);
}

int ms_rota_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_lsql_rota_get(db, id, out, e);
	if (!rc && (rc = with_rota_deputies(db, *out, e))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int ms_rota_list(struct ms_db *db, int64_t station_id, bool all, json_t **out, struct ms_error *e)
{
	char today[11];
	ms_day_format(ms_day_today(), today);
	json_t *items = NULL, *r;
	size_t i;
	int rc = ms_lsql_rota_list(db, station_id, all ? "0000-00-00" : today, &items, e);
	json_array_foreach(items, i, r) if (!rc) rc = with_rota_deputies(db, r, e);
	if (!rc && !(*out = json_pack("{s:I, s:o}", "station_id", (json_int_t)station_id, "items", items)))
		rc = ms_nomem(e);
	else if (rc)
		json_decref(items);
	return rc;
}

int ms_booking_add(struct ms_db *db, int64_t rota_id, const char *name, const char *phone, const char *topic,
		   const char *address, char code[17], struct ms_error *e)
{
	json_t *r = NULL;
	char today[11], hash[MS_TRACK_HASH_LEN + 1], now[32];
	int rc;
	if ((rc = ms_check_text(e, "name", name, 1, MS_PERSON_NAME_MAX)) ||
	    (rc = ms_check_text(e, "topic", topic, 1, MS_TOPIC_MAX)))
		return rc;
	if (!phone || !ms_phone_ok(phone))
		return ms_fail(e, MS_E_PHONE_INVALID, "phone");
	if ((rc = ms_lsql_rota_get(db, rota_id, &r, e)))
		return rc;
	ms_day_format(ms_day_today(), today);
	const char *day = json_string_value(json_object_get(r, "day"));
	json_int_t cap = json_integer_value(json_object_get(r, "capacity"));
	int64_t congress_id = json_integer_value(json_object_get(r, "congress_id"));
	if (strcmp(day, today) < 0)
		rc = ms_failf(e, MS_E_ROTA_PAST, NULL, MS_AS(day));
	else if (json_is_string(json_object_get(r, "recorded_at")))
		rc = ms_failf(e, MS_E_ROTA_HELD, NULL, MS_AS(day));
	else if (json_integer_value(json_object_get(r, "booked")) >= cap)
		rc = ms_failf(e, MS_E_ROTA_FULL, NULL, MS_AI(cap));
	json_decref(r);
	bool taken = false;
	if (rc || (rc = ms_lsql_booking_phone(db, rota_id, phone, &taken, e)))
		return rc;
	if (taken)
		return ms_fail(e, MS_E_BOOKING_TWICE, "phone");
	/* bookings are counted per client address and hour apart from the form's (one can fill a day otherwise) */
	char key[80], hour[14];
	int64_t n = 0;
	snprintf(key, sizeof key, "booking %s", address ? address : "");
	ms_liaison_hour(hour);
	if ((rc = ms_dsql_rate(db, key, 0, hour, &n, e)))
		return rc;
	if (n > MS_BOOKINGS_PER_HOUR)
		return ms_failf(e, MS_E_BOOKING_RATE, NULL, MS_AI(MS_BOOKINGS_PER_HOUR));
	ms_track_new(code);
	ms_track_hash(code, hash);
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lsql_booking_insert(db, rota_id, name, phone, topic, hash, now, e)))
		return rc;
	/* audited without the resident's name or phone */
	return ms_audit_append(db, &ms_actor_system, congress_id, "booking.add", "rota", rota_id, NULL, e);
}

int ms_booking_cancel(struct ms_db *db, const char *typed_code, struct ms_error *e)
{
	char code[MS_TRACK_LEN + 1], hash[MS_TRACK_HASH_LEN + 1];
	int64_t rota_id;
	if (!typed_code || !ms_track_read(typed_code, code))
		return ms_fail(e, MS_E_BOOKING_UNKNOWN, "code");
	ms_track_hash(code, hash);
	int rc = ms_lsql_booking_cancel(db, hash, &rota_id, e);
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		return ms_fail(e, MS_E_BOOKING_UNKNOWN, "code");
	}
	int64_t congress_id = 0;
	if (!rc && !(rc = ms_rota_owner(db, rota_id, &congress_id, e)))
		rc = ms_audit_append(db, &ms_actor_system, congress_id, "booking.cancel", "rota", rota_id, NULL, e);
	return rc;
}

int ms_booking_list(struct ms_db *db, int64_t rota_id, json_t **out, struct ms_error *e)
{
	json_t *items = NULL;
	int rc = ms_lsql_booking_list(db, rota_id, &items, e);
	if (!rc && !(*out = json_pack("{s:I, s:o}", "rota_id", (json_int_t)rota_id, "items", items)))
		rc = ms_nomem(e);
	return rc;
}

int ms_reception_check(struct ms_db *db, int64_t congress_id, int64_t year, json_t **out, struct ms_error *e)
{
	struct ms_liaison_settings s;
	char from[11], to[11], today[11];
	json_t *items = NULL, *d;
	size_t i;
	int rc = ms_check_int(e, "year", year, 2000, 2100);
	if (rc || (rc = ms_liaison_settings_get(db, congress_id, &s, e)))
		return rc;
	json_decref(s.areas);
	ms_day_format(ms_day_from_ymd((int)year, 1, 1), from);
	ms_day_format(ms_day_from_ymd((int)year, 12, 31), to);
	ms_day_format(ms_day_today(), today);
	if ((rc = ms_lsql_receptions(db, congress_id, from, to, today, &items, e)))
		return rc;
	json_array_foreach(items, i, d)
	{
		json_int_t n = json_integer_value(json_object_get(d, "held")) +
			       json_integer_value(json_object_get(d, "scheduled"));
		if (json_object_set_new(d, "below", json_boolean(n < s.receptions_min)))
			rc = ms_nomem(e);
	}
	if (!rc && !(*out = json_pack("{s:I, s:I, s:I, s:o}", "congress_id", (json_int_t)congress_id, "year",
				      (json_int_t)year, "receptions_min", (json_int_t)s.receptions_min, "items", items)))
		rc = ms_nomem(e);
	else if (rc)
		json_decref(items);
	return rc;
}

/* ---- houses, deputies' codes, QR ---- */

int ms_house_add(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *label,
		 int64_t deputy_id, int64_t *id, struct ms_error *e)
{
	bool taken = false;
	char token[MS_TRACK_LEN + 1], now[32];
	int rc;
	if ((rc = ms_check_text(e, "label", label, 1, MS_STATION_TEXT_MAX)) ||
	    (rc = check_deputies(db, congress_id, &deputy_id, 1, "deputy_id", e)) ||
	    (rc = ms_lsql_house_taken(db, congress_id, label, &taken, e)))
		return rc;
	if (taken)
		return ms_failf(e, MS_E_HOUSE_LABEL_TAKEN, "label", MS_AS(label));
	ms_track_new(token);
	ms_now_iso(now, sizeof now);
	if ((rc = ms_lsql_house_insert(db, congress_id, label, deputy_id, token, now, id, e)))
		return rc;
	return ms_audit_append(db, by, congress_id, "house.add", "house", *id,
			       json_pack("{s:s, s:I}", "label", label, "deputy_id", (json_int_t)deputy_id), e);
}

int ms_house_list(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	json_t *items = NULL;
	int rc = ms_lsql_house_list(db, congress_id, &items, e);
	if (!rc && !(*out = json_pack("{s:o}", "items", items)))
		rc = ms_nomem(e);
	return rc;
}

int ms_house_token(struct ms_db *db, int64_t id, char token[17], struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_lsql_house_token(db, id, &o, e);
	if (!rc)
		snprintf(token, MS_TRACK_LEN + 1, "%s", json_string_value(json_object_get(o, "token")));
	json_decref(o);
	return rc;
}

int ms_deputy_token(struct ms_db *db, const struct ms_actor *by, int64_t deputy_id, int64_t congress_id,
		    char token[17], struct ms_error *e)
{
	json_t *o = NULL;
	bool ok = false;
	if (!ms_actor_is_staff(by, congress_id) && by->id != deputy_id)
		return ms_fail(e, MS_E_NOT_YOUR_DEMAND, NULL);
	int rc = ms_lsql_is_deputy(db, deputy_id, congress_id, &ok, e);
	if (rc)
		return rc;
	if (!ok)
		return ms_failf(e, MS_E_NOT_DEPUTY_OF_CONGRESS, NULL, MS_AI(deputy_id));
	rc = ms_lsql_deputy_token(db, deputy_id, &o, e);
	if (!rc) {
		snprintf(token, MS_TRACK_LEN + 1, "%s", json_string_value(json_object_get(o, "token")));
		json_decref(o);
		return 0;
	}
	if (rc != MS_ERR_NOT_FOUND)
		return rc;
	ms_error_clear(e);
	ms_track_new(token);
	rc = ms_lsql_deputy_token_set(db, deputy_id, congress_id, token, e);
	/* the code's first making is a write: audited (never the token itself) */
	return rc ? rc
		  : ms_audit_append(db, by, congress_id, "deputy_code.create", "user", deputy_id,
				    json_pack("{s:I}", "deputy_id", (json_int_t)deputy_id), e);
}

const char *ms_liaison_token_channel(const char *kind)
{
	if (!kind)
		return "web";
	return strcmp(kind, "station") == 0 ? "station_code" : strcmp(kind, "deputy") == 0 ? "deputy_code" : "house_code";
}

int ms_liaison_qr_svg(const char *base_url, const char *token, char **svg, size_t *len, struct ms_error *e)
{
	char url[MS_URL_MAX + 64];
	if (!ms_base_url_ok(base_url))
		return ms_fail(e, MS_E_BASE_URL_INVALID, "base_url");
	size_t n = strlen(base_url);
	snprintf(url, sizeof url, "%.*s/intake?t=%s", (int)(n && base_url[n - 1] == '/' ? n - 1 : n), base_url, token);
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return ms_nomem(e);
	int quiet = 4, w = q->width + 2 * quiet;
	size_t cap = 256 + (size_t)q->width * (size_t)q->width * 24;
	char *b = malloc(cap);
	if (!b) {
		QRcode_free(q);
		return ms_nomem(e);
	}
	size_t at = (size_t)snprintf(b, cap,
				     "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
				     "shape-rendering=\"crispEdges\"><title>%s</title><rect width=\"%d\" height=\"%d\" "
				     "fill=\"#fff\"/><path fill=\"#000\" d=\"",
				     w, w, url, w, w);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				at += (size_t)snprintf(b + at, cap - at, "M%d %dh1v1h-1z", c + quiet, r + quiet);
	at += (size_t)snprintf(b + at, cap - at, "\"/></svg>\n");
	QRcode_free(q);
	*svg = b;
	*len = at;
	return 0;
}

int ms_liaison_token_resolve(struct ms_db *db, const char *typed, json_t **out, struct ms_error *e)
{
	char token[MS_TRACK_LEN + 1];
	if (!typed || !ms_track_read(typed, token))
		return ms_fail(e, MS_E_QR_UNKNOWN, "t");
	int rc = ms_lsql_token(db, token, out, e);
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		return ms_fail(e, MS_E_QR_UNKNOWN, "t");
	}
	return rc;
}

int ms_liaison_congress_name(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	return ms_lsql_congress_name(db, congress_id, out, e);
}
