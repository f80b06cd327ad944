/*
 * demand.c — residents' demands (群众诉求): taken from every channel, each
 * with its tracking code (track.h, only the hash kept), followed publicly
 * by that code, and triaged by the demand's deputy, a deputy of its station
 * or the congress's staff (see liaison.h).
 *
 * Channels: the public form ('web'), reached also through a QR code — the
 * deputy's personal code ('deputy_code': addressed to that deputy), a
 * station's code ('station_code': to that station), a house-number code
 * ('house_code': to the house's constituency deputy) — a station's desk
 * ('desk') and a deputy's home visit ('visit', several households at once,
 * all or none). Matters in litigation, administrative review or arbitration
 * are refused before anything is kept (PRACTICE.md).
 *
 * Triage from 'new': answered on the spot ('spot', the answer), referred
 * to the town or street office ('office', which office), put forward for
 * next year's candidate projects ('candidate'), refused ('refused', the
 * reason). A demand referred to the office may later be put forward as a
 * candidate or refused (the office could not settle it); every other
 * outcome is final here (CASE takes 'new', 'office' and 'candidate'
 * further). Every step is a demand_step row with its actor and note.
 */
#include "liaison.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/upload.h"
#include "casework.h"
#include "../core/util.h"
#include "../org/org.h"
#include "liaison_internal.h"
#include "search_index.h"
#include "track.h"

static const struct ms_name channels_v[] = {
	{"web", "网上诉求表", "web form"},	   {"desk", "联络站窗口", "station desk"},
	{"visit", "代表走访", "home visit"},	   {"deputy_code", "代表码", "deputy's code"},
	{"station_code", "联络站码", "station code"}, {"house_code", "门牌码", "house-number code"}};
const struct ms_names ms_demand_channel_names = MS_NAMES("demand_channel", channels_v);
static const struct ms_name statuses_v[] = {
	{"new", "待处理", "new"},		 {"refused", "不予受理", "refused"},
	{"spot", "当场答复", "answered on the spot"}, {"office", "转街道（乡镇）办理", "referred to the office"},
	{"case", "转交办", "casework"},		 {"suggestion", "转代表建议", "suggestion"},
	{"candidate", "列入候选项目征集", "candidate project"}};
const struct ms_names ms_demand_status_names = MS_NAMES("demand_status", statuses_v);
static const struct ms_name triage_v[] = {{"spot", "当场答复", "answer on the spot"},
					  {"office", "转街道（乡镇）办理", "refer to the town or street office"},
					  {"candidate", "列入下一年候选项目", "put forward for next year's candidates"},
					  {"refused", "不予受理", "refuse"}};
const struct ms_names ms_triage_names = MS_NAMES("triage_outcome", triage_v);

bool ms_triage_allowed(const char *status, const char *outcome)
{
	if (!status || ms_names_find(&ms_triage_names, outcome) < 0)
		return false;
	if (strcmp(status, "new") == 0)
		return true;
	return strcmp(status, "office") == 0 && (strcmp(outcome, "candidate") == 0 || strcmp(outcome, "refused") == 0);
}

/* The checks every channel shares; areas: the congress's choices. */
static int check_in(struct ms_db *db, int64_t congress_id, const struct ms_demand_in *in, const char *prefix,
		    struct ms_error *e)
{
	char f[6][48];
	const char *names[] = {"title", "text", "area", "contact_name", "contact_phone", "litigation"};
	for (int i = 0; i < 6; i++)
		snprintf(f[i], sizeof f[i], "%s%s", prefix, names[i]);
	int rc;
	/* PRACTICE.md: not accepted, at the desk and on a visit as on the public form, before anything is kept */
	if (in->litigation)
		return ms_fail(e, MS_E_DEMAND_LITIGATION, f[5]);
	if ((rc = ms_check_text(e, f[0], in->title, 1, MS_DEMAND_TITLE_MAX)) ||
	    (rc = ms_check_text(e, f[1], in->text, 1, MS_DEMAND_TEXT_MAX)) ||
	    (rc = ms_check_text(e, f[2], in->area ? in->area : "", 0, MS_AREA_MAX)) ||
	    (in->contact_name && (rc = ms_check_text(e, f[3], in->contact_name, 1, MS_PERSON_NAME_MAX))))
		return rc;
	if (in->contact_phone && !ms_phone_ok(in->contact_phone))
		return ms_fail(e, MS_E_PHONE_INVALID, f[4]);
	json_t *areas = NULL;
	if ((rc = ms_liaison_areas(db, congress_id, &areas, e)))
		return rc;
	if (json_array_size(areas)) {
		bool found = false;
		size_t i;
		json_t *a;
		char list[400] = "";
		size_t at = 0;
		json_array_foreach(areas, i, a)
		{
			const char *s = json_string_value(a);
			if (in->area && s && strcmp(s, in->area) == 0)
				found = true;
			if (s && at < sizeof list)
				at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? "、" : "", s);
		}
		if (!found)
			rc = ms_failf(e, MS_E_DEMAND_AREA, f[2], MS_AS(list));
	}
	json_decref(areas);
	return rc;
}

/* Keep one demand and its first step; *code the tracking code. */
static int take(struct ms_db *db, struct ms_demand_row *r, const struct ms_demand_in *in, int64_t actor_id,
		int64_t *id, char code[MS_TRACK_LEN + 1], struct ms_error *e)
{
	char hash[MS_TRACK_HASH_LEN + 1], now[32];
	ms_track_new(code);
	ms_track_hash(code, hash);
	ms_now_iso(now, sizeof now);
	r->hash = hash;
	r->now = now;
	int rc = ms_dsql_insert(db, r, in, id, e);
	if (!rc)
		rc = ms_dsql_step(db, *id, "received", actor_id, r->channel, now, e);
	if (!rc) /* searchable from the moment it is taken, in the same transaction */
		rc = ms_search_index_demand(db, *id, e);
	return rc;
}

static json_t *taken_json(int64_t id, int64_t congress_id, const char *channel, const char *code)
{
	char shown[MS_TRACK_SHOWN_LEN + 1];
	ms_track_show(code, shown);
	return json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "congress_id", (json_int_t)congress_id,
			 "channel", channel, "status", "new", "code", shown);
}

void ms_liaison_hour(char hour[14])
{
	char now[32];
	ms_now_iso(now, sizeof now);
	snprintf(hour, 14, "%.13s", now);
}

int ms_liaison_public_rate(struct ms_db *db, int64_t congress_id, const char *address, struct ms_error *e)
{
	struct ms_liaison_settings s;
	char hour[14];
	int64_t n = 0;
	int rc = ms_liaison_settings_get(db, congress_id, &s, e);
	if (rc)
		return rc;
	json_decref(s.areas);
	ms_liaison_hour(hour);
	if ((rc = ms_dsql_rate(db, address ? address : "", congress_id, hour, &n, e)))
		return rc;
	return n > s.form_per_hour ? ms_failf(e, MS_E_DEMAND_RATE, NULL, MS_AI(s.form_per_hour)) : 0;
}

int ms_demand_submit(struct ms_db *db, int64_t congress_id, const char *t, const struct ms_demand_in *in,
		     const char *photo, bool litigation, const char *address, json_t **out, struct ms_error *e)
{
	struct ms_demand_row r = {.congress_id = congress_id, .channel = "web"};
	int rc = 0;
	if (t) {
		json_t *o = NULL;
		if ((rc = ms_liaison_token_resolve(db, t, &o, e)))
			return rc;
		const char *kind = json_string_value(json_object_get(o, "kind"));
		r.congress_id = json_integer_value(json_object_get(o, "congress_id"));
		r.station_id = json_integer_value(json_object_get(o, "station_id"));
		r.deputy_id = json_integer_value(json_object_get(o, "deputy_id"));
		r.house_id = json_integer_value(json_object_get(o, "house_id"));
		r.channel = ms_liaison_token_channel(kind);
		json_decref(o);
	} else if (!congress_id)
		return ms_fail(e, MS_E_DEMAND_NO_CONGRESS, "congress_id");
	if (litigation)
		return ms_fail(e, MS_E_DEMAND_LITIGATION, "litigation");
	if ((rc = ms_liaison_public_rate(db, r.congress_id, address, e)) || (rc = check_in(db, r.congress_id, in, "", e)))
		return rc;
	if (photo) {
		char ptoken[MS_TRACK_LEN + 1], hash[MS_TRACK_HASH_LEN + 1];
		if (!ms_track_read(photo, ptoken))
			return ms_fail(e, MS_E_DEMAND_PHOTO_UNKNOWN, "photo");
		ms_track_hash(ptoken, hash);
		if ((rc = ms_dsql_photo_find(db, hash, &r.photo_id, e)) == MS_ERR_NOT_FOUND) {
			ms_error_clear(e);
			return ms_fail(e, MS_E_DEMAND_PHOTO_UNKNOWN, "photo");
		}
		if (rc)
			return rc;
	}
	int64_t id;
	char code[MS_TRACK_LEN + 1];
	if ((rc = take(db, &r, in, 0, &id, code, e)))
		return rc;
	/* the audit log keeps what came in, never who the resident is */
	if ((rc = ms_audit_append(db, NULL, r.congress_id, "demand.submit", "demand", id,
				  json_pack("{s:s, s:b, s:b}", "channel", r.channel, "contact",
					    in->contact_name || in->contact_phone, "photo", r.photo_id != 0),
				  e)))
		return rc;
	return (*out = taken_json(id, r.congress_id, r.channel, code)) ? 0 : ms_nomem(e);
}

int ms_demand_photo_examine(const void *data, size_t len, struct ms_upload *u, struct ms_error *e)
{
	int rc = ms_upload_examine(data, len, u, e);
	if (rc)
		return rc;
	if (u->kind != MS_UPLOAD_PHOTO) {
		ms_upload_fini(u);
		return ms_fail(e, MS_E_DEMAND_PHOTO_TYPE, NULL);
	}
	return 0;
}

int ms_demand_photo_store(struct ms_db *db, const struct ms_upload *u, const char *address, char token[17],
			  struct ms_error *e)
{
	char hash[MS_TRACK_HASH_LEN + 1], now[32], hour[14];
	int64_t n = 0;
	/* photos are counted per address and hour apart from any congress (0) */
	ms_liaison_hour(hour);
	int rc = ms_dsql_rate(db, address ? address : "", 0, hour, &n, e);
	if (rc)
		return rc;
	if (n > MS_PHOTO_PER_HOUR)
		return ms_failf(e, MS_E_DEMAND_RATE, NULL, MS_AI(MS_PHOTO_PER_HOUR));
	ms_track_new(token);
	ms_track_hash(token, hash);
	ms_now_iso(now, sizeof now);
	int64_t id = 0;
	if ((rc = ms_dsql_photo_insert(db, hash, u->mime, u->data, u->len, u->thumb, u->thumb_len, u->width, u->height,
				       now, &id, e)))
		return rc;
	/* audited as what was kept, never who sent it (no address, no token) */
	return ms_audit_append(db, NULL, 0, "demand_photo.add", "demand_photo", id,
			       json_pack("{s:s, s:I}", "mime", u->mime, "size", (json_int_t)u->len), e);
}

int ms_demand_photo_sweep(struct ms_db *db, const struct ms_actor *by, int32_t today, int64_t *removed,
			  struct ms_error *e)
{
	char day[11], before[32];
	ms_day_format(today - MS_PHOTO_KEEP_DAYS, day);
	/* uploaded before 00:00 in China of that day (16:00 UTC the day before) */
	int64_t t = (int64_t)(today - MS_PHOTO_KEEP_DAYS) * 86400 - 8 * 3600;
	ms_clock_format(t, before);
	*removed = 0;
	int rc = ms_dsql_photo_unused(db, before, removed, e);
	if (rc || !*removed)
		return rc;
	return ms_audit_append(db, by, 0, "demand_photo.sweep", NULL, 0,
			       json_pack("{s:I, s:s}", "removed", (json_int_t)*removed, "before", day), e);
}

int ms_demand_desk(struct ms_db *db, const struct ms_actor *by, int64_t station_id, int64_t deputy_id,
		   const struct ms_demand_in *in, json_t **out, struct ms_error *e)
{
	int64_t congress_id;
	int rc = ms_station_owner(db, station_id, &congress_id, e);
	if (rc || (rc = ms_station_may_read(db, by, station_id, congress_id, e)) ||
	    (rc = check_in(db, congress_id, in, "", e)))
		return rc;
	if (deputy_id) {
		bool ok = false;
		if ((rc = ms_lsql_is_deputy(db, deputy_id, congress_id, &ok, e)))
			return rc;
		if (!ok)
			return ms_failf(e, MS_E_NOT_DEPUTY_OF_CONGRESS, "deputy_id", MS_AI(deputy_id));
	}
	struct ms_demand_row r = {.congress_id = congress_id, .channel = "desk", .station_id = station_id,
				  .deputy_id = deputy_id, .entered_by = by->id};
	int64_t id;
	char code[MS_TRACK_LEN + 1];
	if ((rc = take(db, &r, in, by->id, &id, code, e)) ||
	    (rc = ms_audit_append(db, by, congress_id, "demand.desk", "demand", id,
				  json_pack("{s:I}", "station_id", (json_int_t)station_id), e)))
		return rc;
	return (*out = taken_json(id, congress_id, "desk", code)) ? 0 : ms_nomem(e);
}

int ms_demand_visit(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t station_id,
		    const struct ms_demand_in *in, size_t n, json_t **out, struct ms_error *e)
{
	int rc = 0;
	if (station_id) {
		int64_t of;
		if ((rc = ms_station_owner(db, station_id, &of, e)))
			return rc;
		if (of != congress_id)
			return ms_failf(e, MS_E_STATION_UNKNOWN, "station_id", MS_AI(station_id));
		/* a visit is put down to a station only by a deputy assigned to it */
		bool on = false;
		if ((rc = ms_station_has_deputy(db, station_id, by->id, &on, e)))
			return rc;
		if (!on)
			return ms_failf(e, MS_E_NOT_STATION_DEPUTY, "station_id", MS_AS(by->name), MS_AI(station_id));
	}
	if (n == 0 || n > MS_VISIT_MAX)
		return ms_failf(e, MS_E_INVALID_VALUE, "households", MS_AS("households"),
				MS_AT("1 至 20 户", "1 to 20 households"));
	/* every household is checked before any is kept: all or none */
	for (size_t i = 0; i < n; i++) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "households[%zu].", i);
		if ((rc = check_in(db, congress_id, &in[i], prefix, e)))
			return rc;
	}
	json_t *items = json_array();
	if (!items)
		return ms_nomem(e);
	for (size_t i = 0; !rc && i < n; i++) {
		struct ms_demand_row r = {.congress_id = congress_id, .channel = "visit", .station_id = station_id,
					  .deputy_id = by->id, .entered_by = by->id};
		int64_t id;
		char code[MS_TRACK_LEN + 1];
		if (!(rc = take(db, &r, &in[i], by->id, &id, code, e)) &&
		    json_array_append_new(items, taken_json(id, congress_id, "visit", code)))
			rc = ms_nomem(e);
	}
	if (!rc)
		rc = ms_audit_append(db, by, congress_id, "demand.visit", "congress", congress_id,
				     json_pack("{s:I, s:I}", "households", (json_int_t)n, "station_id",
					       (json_int_t)station_id),
				     e);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return (*out = json_pack("{s:o}", "items", items)) ? 0 : ms_nomem(e);
}

int ms_demand_intake_form(struct ms_db *db, const char *t, int64_t congress_id, json_t **out, struct ms_error *e)
{
	json_t *o = NULL, *areas = NULL, *congress = NULL;
	const char *channel = "web";
	int rc = 0;
	if (t) {
		if (!(rc = ms_liaison_token_resolve(db, t, &o, e))) {
			congress_id = json_integer_value(json_object_get(o, "congress_id"));
			channel = ms_liaison_token_channel(json_string_value(json_object_get(o, "kind")));
		}
	} else if (!congress_id)
		rc = ms_fail(e, MS_E_DEMAND_NO_CONGRESS, "congress_id");
	if (!rc && !(rc = ms_congress_owner(db, congress_id, &(int64_t){0}, e)))
		rc = ms_liaison_areas(db, congress_id, &areas, e);
	if (!rc)
		rc = ms_liaison_congress_name(db, congress_id, &congress, e);
	if (!rc) {
		json_t *sid = json_object_get(o, "station_id"), *sn = json_object_get(o, "station_name"),
		       *dn = json_object_get(o, "deputy_name");
		*out = json_pack(
			"{s:I, s:O, s:s, s:O, s:O, s:O, s:O, s:{s:s, s:s}}", "congress_id", (json_int_t)congress_id,
			"congress_name", congress, "channel", channel, "station_id", sid && !json_is_null(sid) ? sid : json_null(),
			"station_name", sn ? sn : json_null(), "deputy_name", dn ? dn : json_null(), "areas", areas, "rules",
			"zh",
			"已进入诉讼、行政复议或仲裁程序的事项不予受理。联系方式只供处理诉求的代表和工作人员使用，不会公开。"
			"提交后会显示查询码，请妥善保存，凭码查询办理情况。",
			"en",
			"Matters in litigation, administrative review or arbitration are not accepted. Your contact "
			"details are seen only by the deputies and staff handling the demand, never published. You are "
			"shown a tracking code once: keep it to follow the demand.");
		if (!*out)
			rc = ms_nomem(e);
	}
	json_decref(o);
	json_decref(areas);
	json_decref(congress);
	return rc;
}

int ms_demand_track(struct ms_db *db, const char *typed_code, json_t **out, struct ms_error *e)
{
	char code[MS_TRACK_LEN + 1], hash[MS_TRACK_HASH_LEN + 1];
	json_t *d = NULL, *steps = NULL;
	if (!typed_code || !ms_track_read(typed_code, code))
		return ms_fail(e, MS_E_TRACK_UNKNOWN, NULL);
	ms_track_hash(code, hash);
	int rc = ms_dsql_by_hash(db, hash, &d, e);
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		return ms_fail(e, MS_E_TRACK_UNKNOWN, NULL);
	}
	if (rc || (rc = ms_dsql_public_steps(db, json_integer_value(json_object_get(d, "id")), &steps, e))) {
		json_decref(d);
		return rc;
	}
	json_t *cw = NULL, *cands = NULL;
	if ((rc = ms_cw_track(db, json_integer_value(json_object_get(d, "id")), &cw, e)) ||
	    (rc = ms_track_candidates(db, json_integer_value(json_object_get(d, "id")), &cands, e))) {
		json_decref(d);
		json_decref(steps);
		json_decref(cw);
		return rc;
	}
	json_object_del(d, "id");
	if (json_object_set_new(d, "steps", steps) || json_object_set_new(d, "case", cw) ||
	    json_object_set_new(d, "candidates", cands))
		rc = ms_nomem(e);
	if (rc)
		json_decref(d);
	else
		*out = d;
	return rc;
}

int ms_demand_may(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	json_t *d = NULL;
	int rc = ms_dsql_get(db, id, &d, e);
	if (rc)
		return rc;
	int64_t congress_id = json_integer_value(json_object_get(d, "congress_id"));
	int64_t deputy_id = json_integer_value(json_object_get(d, "deputy_id"));
	int64_t station_id = json_integer_value(json_object_get(d, "station_id"));
	json_decref(d);
	if (ms_actor_is_staff(by, congress_id))
		return 0;
	if (ms_actor_is_of(by, MS_ROLE_DEPUTY, congress_id)) {
		bool has = false;
		if (deputy_id == by->id)
			return 0;
		if (station_id && (rc = ms_lsql_station_has(db, station_id, by->id, &has, e)))
			return rc;
		if (has)
			return 0;
	}
	return ms_fail(e, MS_E_NOT_YOUR_DEMAND, NULL);
}

int ms_demand_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *steps = NULL;
	int rc = ms_dsql_get(db, id, out, e);
	if (rc)
		return rc;
	if ((rc = ms_dsql_steps(db, id, &steps, e)) || json_object_set_new(*out, "steps", steps)) {
		json_decref(*out);
		*out = NULL;
		return rc ? rc : ms_nomem(e);
	}
	return 0;
}

int ms_demand_list(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *status,
		   const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	int64_t deputy = ms_actor_is_staff(by, congress_id) ? 0 : by->id;
	return ms_dsql_list(db, congress_id, deputy, status, pg, out, e);
}

int ms_demand_triage(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *outcome, const char *note,
		     struct ms_error *e)
{
	json_t *d = NULL;
	int rc = ms_demand_may(db, by, id, e);
	if (rc || (rc = ms_dsql_get(db, id, &d, e)))
		return rc;
	int64_t congress_id = json_integer_value(json_object_get(d, "congress_id"));
	char status[16];
	snprintf(status, sizeof status, "%s", json_string_value(json_object_get(d, "status")));
	json_decref(d);
	if (ms_names_find(&ms_triage_names, outcome) < 0)
		return ms_failf(e, MS_E_INVALID_VALUE, "outcome", MS_AS("outcome"),
				MS_AT("spot、office、candidate 或 refused", "spot, office, candidate or refused"));
	if (!ms_triage_allowed(status, outcome))
		return ms_failf(e, MS_E_DEMAND_TRIAGED, "outcome", MS_AI(id),
				ms_names_arg(&ms_demand_status_names, ms_names_find(&ms_demand_status_names, status)),
				MS_AT("待处理的诉求可当场答复、转街道（乡镇）、列入候选项目或不予受理；已转街道（乡镇）的只能再列入候选项目或不予受理",
				      "a new demand may be answered, referred, put forward or refused; one referred to the "
				      "office may only be put forward or refused"));
	if ((rc = ms_check_text(e, "note", note, strcmp(outcome, "candidate") == 0 ? 0 : 1, MS_NOTE_MAX)))
		return rc;
	bool done = false;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_dsql_set_status(db, id, status, outcome, &done, e)))
		return rc;
	if (!done)
		return ms_failf(e, MS_E_DEMAND_TRIAGED, "outcome", MS_AI(id), MS_AS(status), MS_AS(""));
	if ((rc = ms_dsql_step(db, id, outcome, by->id, note, now, e)))
		return rc;
	return ms_audit_append(db, by, congress_id, "demand.triage", "demand", id,
			       json_pack("{s:s, s:s}", "outcome", outcome, "from", status), e);
}

int ms_demand_refer(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t to, const char *note,
		    struct ms_error *e)
{
	json_t *d = NULL;
	int rc = ms_dsql_get(db, id, &d, e);
	if (rc)
		return rc;
	int64_t from = json_integer_value(json_object_get(d, "congress_id"));
	char status[16];
	snprintf(status, sizeof status, "%s", json_string_value(json_object_get(d, "status")));
	json_decref(d);
	if (!ms_actor_is_staff(by, from))
		return ms_fail(e, MS_E_NOT_YOUR_DEMAND, NULL);
	if (strcmp(status, "new") != 0 && strcmp(status, "office") != 0)
		return ms_failf(e, MS_E_REFER_STATUS, NULL, MS_AI(id),
				ms_names_arg(&ms_demand_status_names, ms_names_find(&ms_demand_status_names, status)));
	char step[MS_REFER_STEP_MAX];
	if ((rc = ms_liaison_refer_check(db, from, to, note, step, e)))
		return rc;
	bool source = false;
	if ((rc = ms_dsql_is_source(db, id, &source, e)))
		return rc;
	if (source)
		return ms_failf(e, MS_E_REFER_SOURCE, NULL, MS_AI(id));
	json_t *left = NULL;
	rc = ms_dsql_refer(db, id, to, e);
	if (rc == MS_ERR_NOT_FOUND) /* triaged meanwhile */
		rc = ms_failf(e, MS_E_REFER_STATUS, NULL, MS_AI(id), MS_AT("已处理", "handled"));
	/* it leaves the clusters of the congress that held it (the one it goes to clusters it afresh) */
	if (rc || (rc = ms_dsql_uncluster(db, id, from, &left, e)) ||
	    (rc = ms_demand_record(db, by->id, id, "referred", NULL, NULL, step, e)) ||
	    (rc = ms_search_index_demand(db, id, e))) {
		json_decref(left);
		return rc;
	}
	json_t *detail = json_pack("{s:I, s:I, s:s, s:s, s:o}", "from", (json_int_t)from, "to", (json_int_t)to, "status",
				   status, "note", note, "left_clusters", left);
	if ((rc = ms_audit_append(db, by, from, "demand.refer", "demand", id, json_incref(detail), e)) == 0)
		rc = ms_audit_append(db, by, to, "demand.referred_in", "demand", id, json_incref(detail), e);
	json_decref(detail);
	return rc;
}

int ms_liaison_refer_check(struct ms_db *db, int64_t from, int64_t to, const char *note, char step[MS_REFER_STEP_MAX],
			   struct ms_error *e)
{
	json_t *from_c = NULL, *to_c = NULL;
	int rc = ms_check_text(e, "note", note, 1, MS_NOTE_MAX);
	if (rc)
		return rc;
	rc = ms_congress_get(db, to, &to_c, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_failf(e, MS_E_REFER_LEVEL, "congress_id", MS_AI(to), MS_AI(from));
	if (rc || (rc = ms_congress_get(db, from, &from_c, e)))
		goto out;
	if (json_integer_value(json_object_get(to_c, "parent_id")) != from &&
	    json_integer_value(json_object_get(from_c, "parent_id")) != to) {
		rc = ms_failf(e, MS_E_REFER_LEVEL, "congress_id", MS_AI(to), MS_AI(from));
		goto out;
	}
	snprintf(step, MS_REFER_STEP_MAX, "%s → %s：%s", json_string_value(json_object_get(from_c, "name")),
		 json_string_value(json_object_get(to_c, "name")), note);
out:
	json_decref(from_c);
	json_decref(to_c);
	return rc;
}

int ms_demand_photo_read(struct ms_db *db, int64_t id, char **data, size_t *len, struct ms_error *e)
{
	int rc = ms_dsql_photo_data(db, id, data, len, e);
	return rc == MS_ERR_NOT_FOUND ? ms_failf(e, MS_E_DEMAND_NO_PHOTO, NULL, MS_AI(id)) : rc;
}

int ms_demand_record(struct ms_db *db, int64_t actor_id, int64_t id, const char *kind, const char *from, const char *to,
		     const char *note, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = 0;
	if (to && !from)
		rc = ms_dsql_move(db, id, to, e);
	else if (to) {
		bool done;
		rc = ms_dsql_set_status(db, id, from, to, &done, e);
	}
	return rc ? rc : ms_dsql_step(db, id, kind, actor_id, note, now, e);
}
