/*
 * liaison.h — 联络站与群众诉求: liaison stations (代表联络站 'station',
 * 家站点 'home'), their deputies and reception rota (接待日) with residents'
 * bookings; the per-congress liaison settings; residents' demands from
 * every channel (the public form, a station's desk, a deputy's home visit,
 * the deputy's, station's and house-number QR codes) with their tracking
 * codes (track.h), and the first triage of a demand. Casework and
 * suggestions (CASE) take demands further from status 'new', 'office' or
 * 'candidate'.
 *
 * Privacy: a resident's name and phone (a demand's contact, a booking's)
 * are read only by those who handle it — the congress's staff, the
 * demand's deputy, a deputy of its station — never in a public answer.
 * QR codes carry tokens (80 random bits, track.c), never ids.
 *
 * Rules (station.c, demand.c) take the acting user and append an audit
 * entry for every write; SQL is in station_sql.c and demand_sql.c.
 */
#ifndef MS_LIAISON_H
#define MS_LIAISON_H

#include <jansson.h>

#include "../api/route.h"
#include "../store/store.h"

#define MS_STATION_NAME_MAX 100
#define MS_STATION_TEXT_MAX 300 /* address, area served */
#define MS_STATION_DEPUTIES_MAX 100
#define MS_PERSON_NAME_MAX 64
#define MS_PHONE_MAX 20
#define MS_TOPIC_MAX 300
#define MS_DEMAND_TITLE_MAX 100
#define MS_DEMAND_TEXT_MAX 2000
#define MS_AREA_MAX 64
#define MS_AREAS_MAX 100
#define MS_NOTE_MAX 1000
#define MS_VISIT_MAX 20      /* households of one home visit */
#define MS_URL_MAX 200
#define MS_TOKEN_TEXT_MAX 40 /* a token or code as typed */

/* Defaults of a congress's liaison settings (PRACTICE.md: reception days
 * announced 3 days ahead; each deputy receives at least twice a year). */
#define MS_LIAISON_NOTICE_DAYS 3
#define MS_LIAISON_RECEPTIONS_MIN 2
#define MS_LIAISON_FORM_PER_HOUR 10
#define MS_LIAISON_RECORD_DAYS 60 /* a reception held is recorded at most this many days after it */
#define MS_RECEPTION_RESIDENTS_MAX 100000
#define MS_PHOTO_PER_HOUR 30 /* photos uploaded per client address per hour (any congress) */
#define MS_BOOKINGS_PER_HOUR 5 /* reception bookings per client address per hour (any congress) */

struct ms_liaison_settings {
	int64_t notice_days;    /* a rota entry is published at least this many days ahead */
	int64_t receptions_min; /* receptions a deputy holds a year at least */
	int64_t form_per_hour;  /* public submissions per client address per hour */
	json_t *areas;          /* the congress's own area list (a JSON array of strings; borrowed or owned) */
};

extern const struct ms_names ms_station_kind_names;  /* station, home */
extern const struct ms_names ms_demand_channel_names; /* web, desk, visit, deputy_code, station_code, house_code */
extern const struct ms_names ms_demand_status_names;  /* new, refused, spot, office, case, suggestion, candidate */
extern const struct ms_names ms_triage_names;         /* spot, office, candidate, refused */

/* ---- owners of a path's {id} ---- */
int ms_station_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_rota_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_house_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_demand_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

/* ---- settings (station.c) ---- */
/* The settings (defaults when none are set); s->areas is owned: json_decref it. */
int ms_liaison_settings_get(struct ms_db *db, int64_t congress_id, struct ms_liaison_settings *s, struct ms_error *e);
/* LiaisonSettings JSON, with each rule in words. */
int ms_liaison_settings_json(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
int ms_liaison_settings_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			    const struct ms_liaison_settings *s, struct ms_error *e);
/* The areas a resident chooses from: the child congresses' names, else the
 * congress's own list (a new JSON array; empty: the area is free text). */
int ms_liaison_areas(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);

/* ---- stations, rota, bookings (station.c) ---- */
struct ms_station_in {
	const char *kind, *name, *address, *area;
	const int64_t *deputy_ids;
	size_t n_deputies;
};
int ms_station_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const struct ms_station_in *in,
		      int64_t *id, struct ms_error *e);
int ms_station_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_station_in *in,
		      struct ms_error *e);
int ms_station_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_station_list(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
/* Whether deputy_id is assigned to station_id. */
int ms_station_has_deputy(struct ms_db *db, int64_t station_id, int64_t deputy_id, bool *out, struct ms_error *e);

struct ms_rota_in {
	const char *day, *starts, *ends; /* YYYY-MM-DD, HH:MM, HH:MM */
	int64_t capacity;
	const int64_t *deputy_ids;
	size_t n_deputies;
	int64_t residents; /* a reception recorded as held: the residents received */
};
/* 422 rota_notice when day is less than the notice days ahead (China's today). */
int ms_rota_add(struct ms_db *db, const struct ms_actor *by, int64_t station_id, const struct ms_rota_in *in,
		int64_t *id, struct ms_error *e);
/* Receptions held, recorded after the fact, by the staff or a deputy of the station: the rule (printed in the
 * liaison settings' words) — publishing a reception day for residents to book is done notice_days ahead, but a
 * reception that took place is recorded afterwards, on its day or within MS_LIAISON_RECORD_DAYS days after it
 * (422 reception_window), with the deputies who received (the station's) and how many residents came; it then
 * counts in the yearly reception check. ms_reception_record adds such a day (in->capacity is ignored);
 * ms_rota_held records a published day that has come as held (409 reception_recorded when it is already, 422
 * reception_window when it has not yet come or is too far back), the deputies given replacing those planned.
 * A published day is marked held, never recorded again (409 reception_on_rota: a rota entry of the station that
 * day overlapping the hours); a deputy (not the staff) records only a reception they received at (their id among
 * the deputies) and marks a published day held keeping the deputies planned or confirming some of them, themselves
 * among them (403 reception_own). Audited with the day, the deputies and the count (and the deputies planned when
 * the list changed them), never a resident. */
int ms_reception_record(struct ms_db *db, const struct ms_actor *by, int64_t station_id, const struct ms_rota_in *in,
			int64_t *id, struct ms_error *e);
int ms_rota_held(struct ms_db *db, const struct ms_actor *by, int64_t rota_id, const int64_t *deputy_ids, size_t n,
		 int64_t residents, struct ms_error *e);
int ms_rota_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The station's rota from today on (all: every entry). */
int ms_rota_list(struct ms_db *db, int64_t station_id, bool all, json_t **out, struct ms_error *e);
/* A resident books a place: code receives the booking code (shown once). */
int ms_booking_add(struct ms_db *db, int64_t rota_id, const char *name, const char *phone, const char *topic,
		   const char *address, char code[17], struct ms_error *e);
int ms_booking_cancel(struct ms_db *db, const char *typed_code, struct ms_error *e);
/* 0 when by may read a station's private lists: staff, or a deputy of the station. */
int ms_station_may_read(struct ms_db *db, const struct ms_actor *by, int64_t station_id, int64_t congress_id,
			struct ms_error *e);
int ms_booking_list(struct ms_db *db, int64_t rota_id, json_t **out, struct ms_error *e);
/* ReceptionCheck JSON: each deputy's receptions in year, those below the minimum marked. */
int ms_reception_check(struct ms_db *db, int64_t congress_id, int64_t year, json_t **out, struct ms_error *e);

/* ---- houses and QR codes (station.c) ---- */
int ms_house_add(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *label,
		 int64_t deputy_id, int64_t *id, struct ms_error *e);
int ms_house_list(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
int ms_house_token(struct ms_db *db, int64_t id, char token[17], struct ms_error *e);
/* The deputy's personal code's token, for the deputy itself or the staff (403 not_your_demand otherwise); made on
 * first use, which is audited (404 not_deputy_of_congress when deputy_id is none). */
int ms_deputy_token(struct ms_db *db, const struct ms_actor *by, int64_t deputy_id, int64_t congress_id,
		    char token[17], struct ms_error *e);
/* The channel a QR token's kind (station, deputy, house) names: station_code, deputy_code, house_code. */
const char *ms_liaison_token_channel(const char *kind);
/* What a QR token as typed names: {"kind": station|deputy|house, "congress_id", "station_id",
 * "station_name", "deputy_id", "deputy_name", "house_id"}; 404 qr_unknown. */
int ms_liaison_token_resolve(struct ms_db *db, const char *typed, json_t **out, struct ms_error *e);
/* The congress's name as a JSON string. */
int ms_liaison_congress_name(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
/* An SVG of a QR code of base_url + "/intake?t=" + token (malloc'd). */
int ms_liaison_qr_svg(const char *base_url, const char *token, char **svg, size_t *len, struct ms_error *e);

/* ---- demands (demand.c) ---- */
struct ms_demand_in {
	const char *title, *text, *area;
	const char *contact_name, *contact_phone; /* NULL: not given */
	bool litigation; /* the matter is in litigation, administrative review or arbitration: refused (every channel) */
};
/* The public form: congress_id, or a QR token t (one of them). photo: a
 * token from ms_demand_photo_add or NULL; litigation: the resident's
 * declaration (true: refused, 422 demand_litigation). address: the client's,
 * for the per-hour limit (429 demand_rate). */
int ms_demand_submit(struct ms_db *db, int64_t congress_id, const char *t, const struct ms_demand_in *in,
		     const char *photo, bool litigation, const char *address, json_t **out, struct ms_error *e);
/* A photo for a form still to be sent: judged (a JPEG or PNG only, 422
 * demand_photo_type; upload.h's errors) outside any transaction, then kept
 * (429 demand_rate over MS_PHOTO_PER_HOUR from one address in an hour);
 * token (16 characters) names it for the form. */
struct ms_upload;
int ms_demand_photo_examine(const void *data, size_t len, struct ms_upload *u, struct ms_error *e);
int ms_demand_photo_store(struct ms_db *db, const struct ms_upload *u, const char *address, char token[17],
			  struct ms_error *e);
/* The daily sweep (run with `minsheng supervise relight`, as the unused uploads of reports are): the photos
 * no demand took within MS_PHOTO_KEEP_DAYS days of upload (China's days before today) are removed, the count
 * audited; *removed how many. */
#define MS_PHOTO_KEEP_DAYS 7
int ms_demand_photo_sweep(struct ms_db *db, const struct ms_actor *by, int32_t today, int64_t *removed,
			  struct ms_error *e);
/* Entered at a station's desk by staff or a station deputy (deputy_id 0: none). */
int ms_demand_desk(struct ms_db *db, const struct ms_actor *by, int64_t station_id, int64_t deputy_id,
		   const struct ms_demand_in *in, json_t **out, struct ms_error *e);
/* A deputy's home visit: n households' demands, all or none. */
int ms_demand_visit(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t station_id,
		    const struct ms_demand_in *in, size_t n, json_t **out, struct ms_error *e);
/* What the public form needs (IntakeForm JSON): where a QR token t (or, without one, congress_id) sends the
 * demand — congress, channel, station, deputy —, the areas, and the form's rules in words. */
int ms_demand_intake_form(struct ms_db *db, const char *t, int64_t congress_id, json_t **out, struct ms_error *e);
/* The public tracking answer by code (404 track_unknown). */
int ms_demand_track(struct ms_db *db, const char *typed_code, json_t **out, struct ms_error *e);
/* 0 when by may read and triage the demand. */
int ms_demand_may(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
int ms_demand_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The congress's demands: staff all, a deputy those it handles. */
int ms_demand_list(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *status,
		   const struct ms_page *pg, json_t **out, struct ms_error *e);
/* What became of demand id, recorded by another part of the liaison
 * domain — a case, a suggestion, a reply, a rating, a promotion: a step of
 * kind with note by actor_id (0: the resident or the system), and, when to
 * is not NULL, the demand's new status: from any status when from is NULL,
 * else only from `from` (otherwise the status stays, without error). */
int ms_demand_record(struct ms_db *db, int64_t actor_id, int64_t id, const char *kind, const char *from, const char *to,
		     const char *note, struct ms_error *e);
/* Triage (outcome a key of ms_triage_names; note: the answer, the office,
 * or the reason): 409 demand_triaged unless the rules allow. */
int ms_demand_triage(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *outcome, const char *note,
		     struct ms_error *e);
int ms_demand_photo_read(struct ms_db *db, int64_t id, char **data, size_t *len, struct ms_error *e);

/* The pure rules (unit-tested). */
/* One more public submission (the demand form, a comment on a draft) from
 * address to congress_id this hour: 429 demand_rate beyond the congress's
 * form_per_hour (the counts per address and hour are kept). */
int ms_liaison_public_rate(struct ms_db *db, int64_t congress_id, const char *address, struct ms_error *e);
bool ms_phone_ok(const char *s);
bool ms_hhmm_ok(const char *s);
bool ms_base_url_ok(const char *s);
/* Three-level linkage: refer demand id to the congress one level up or
 * down (to), with the reason (note): it keeps its tracking code, its steps
 * and its day of receipt (its clock); a step "referred" records the move,
 * and both congresses' logs the transfer. Only the staff of the demand's
 * congress, and only a demand new or referred to the office. */
int ms_demand_refer(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t to, const char *note,
		    struct ms_error *e);
/* What a referral of a demand or a case from congress from to congress to
 * checks, and its step's text: a reason (422), and to one level up or down
 * (422 refer_level otherwise); step: "from's name → to's name：note" (two
 * names of 128 characters of up to 4 bytes and the note: never cut). */
#define MS_REFER_STEP_MAX (MS_NOTE_MAX * 4 + 1200)
int ms_liaison_refer_check(struct ms_db *db, int64_t from, int64_t to, const char *note, char step[MS_REFER_STEP_MAX],
			   struct ms_error *e);
/* Whether a demand in status may be triaged to outcome; why not, in words, when not. */
bool ms_triage_allowed(const char *status, const char *outcome);

struct ms_stmt;
extern const struct ms_routes ms_station_routes;
extern const struct ms_routes ms_demand_routes;
extern const struct ms_stmt *const ms_station_stmts[];
extern const struct ms_stmt *const ms_demand_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "liaison_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_liaison_codes[];

#endif
