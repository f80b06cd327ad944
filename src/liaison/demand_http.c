/*
 * demand_http.c — residents' demands over HTTP: the public form (no login;
 * through a QR code too) and its photo, the public tracking by code, a
 * station's desk, a deputy's home visit, and the handlers' list, page and
 * triage. Contact details are in DemandDetail only (those who handle it).
 */
#include "liaison.h"
#include "liaison_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/auth.h"
#include "../core/upload.h"
#include "../http/http.h"
#include "../org/org.h"
#include "casework_internal.h"
#include "track.h"

#define MS_DEMAND_PHOTO_MAX ((size_t)5 * 1024 * 1024) /* bytes of a resident's photo */

/* ---- views ---- */

static const struct ms_field taken_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_demand_channel_names, .flags = MS_FIELD_REQUIRED},
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_demand_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "the tracking code (查询码), shown this once: XXXX-XXXX-XXXX-XXXX"},
	{0}};
static const struct ms_view taken_view = {"DemandTaken", taken_fields, "a demand taken, with its tracking code"};
static const struct ms_field takens_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &taken_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view takens_view = {"VisitTaken", takens_fields, "a home visit's demands, one per household"};
static const struct ms_field photo_fields[] = {
	{.name = "photo", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the photo's token, for the form's photo"},
	{0}};
static const struct ms_view photo_view = {"DemandPhoto", photo_fields, "a photo kept for a form still to be sent"};
static const struct ms_field pstep_fields[] = {
	{.name = "kind", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "received, spot, office, candidate, refused (and the casework's steps)"},
	{.name = "role", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "who acted, as a role: resident, deputy, staff, unit (never a name)"},
	{.name = "note", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the answer, the office, the reason"},
	MS_OUT("at", MS_F_STR), {0}};
static const struct ms_view pstep_view = {"DemandPublicStep", pstep_fields, "a step of a demand as the public sees it"};
static const struct ms_field treply_fields[] = {
	{.name = "class", .kind = MS_F_ENUM, .names = &ms_reply_class_names, .flags = MS_FIELD_REQUIRED},
	{.name = "class_zh", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the class in words, Chinese"},
	{.name = "class_en", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the class in words, English"},
	{.name = "text", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the unit's reply"},
	MS_OUT("at", MS_F_STR), {0}};
static const struct ms_view treply_view = {"TrackReply", treply_fields, "a unit's reply as the tracking page shows it"};
static const struct ms_field tcase_fields[] = {
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_casework_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "unit_name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the lead unit (null until the staff assign one)"},
	{.name = "due_at", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "when the unit's reply is due, while a unit has it (assigned or accepted)"},
	{.name = "redos", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "how many times a dissatisfied rating sent it back for re-handling"},
	{.name = "reply", .kind = MS_F_OBJECT, .view = &treply_view, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the latest reply (null before the first)"},
	{.name = "rating", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the resident's rating of the latest reply: satisfied, basic, dissatisfied (null: not rated)"},
	MS_OUT_NULL("rated_at", MS_F_STR),
	{.name = "can_rate", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "whether POST /track/rating with this code is accepted now"},
	{0}};
static const struct ms_view tcase_view = {"TrackCase", tcase_fields,
					  "a demand's case as the tracking page shows it: no one's name or contact"};
static const struct ms_field track_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("congress_name", MS_F_STR),
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_demand_channel_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("area", MS_F_STR), MS_OUT("title", MS_F_STR), MS_OUT("text", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_demand_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("station_name", MS_F_STR),
	{.name = "deputy_name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the deputy it is addressed to (a public office holder)"},
	{.name = "steps", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &pstep_view, .flags = MS_FIELD_REQUIRED},
	{.name = "case", .kind = MS_F_OBJECT, .view = &tcase_view, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the case when the demand was referred to a unit (null otherwise)"},
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_track_candidate_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "the candidate projects it went into, by year (public data only)"},
	{0}};
static const struct ms_view track_view = {"DemandTrack", track_fields,
					  "a demand as its tracking code shows it: never the resident's contact"};
#define DEMAND_OUT                                                                                            \
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),                                                \
		{.name = "channel", .kind = MS_F_ENUM, .names = &ms_demand_channel_names, .flags = MS_FIELD_REQUIRED}, \
		MS_OUT_NULL("station_id", MS_F_ID), MS_OUT_NULL("station_name", MS_F_STR),                    \
		MS_OUT_NULL("deputy_id", MS_F_ID), MS_OUT_NULL("deputy_name", MS_F_STR), MS_OUT("area", MS_F_STR), \
		MS_OUT("title", MS_F_STR),                                                                     \
		{.name = "status", .kind = MS_F_ENUM, .names = &ms_demand_status_names, .flags = MS_FIELD_REQUIRED}, \
		MS_OUT("created_at", MS_F_STR)
static const struct ms_field demand_fields[] = {DEMAND_OUT, {0}};
static const struct ms_view demand_view = {"Demand", demand_fields, "a demand in a handler's list"};
static const struct ms_field step_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("kind", MS_F_STR), MS_OUT_NULL("actor_id", MS_F_ID),
	MS_OUT_NULL("actor_name", MS_F_STR), MS_OUT("note", MS_F_STR), MS_OUT("at", MS_F_STR), {0}};
static const struct ms_view step_view = {"DemandStep", step_fields, "a step of a demand, with who took it"};
static const struct ms_field detail_fields[] = {
	DEMAND_OUT, MS_OUT("text", MS_F_STR),
	{.name = "contact_name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "private: only those handling the demand"},
	{.name = "contact_phone", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "private: only those handling the demand"},
	{.name = "house", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the house number of a house code"},
	{.name = "photo", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "GET /demands/{id}/photo"},
	MS_OUT_NULL("entered_by", MS_F_ID),
	{.name = "steps", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &step_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view detail_view = {"DemandDetail", detail_fields,
					   "a demand for those handling it, with the resident's contact"};
static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_view words_view = {"IntakeWords", words_fields, "words in Chinese and English"};
static const struct ms_field form_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("congress_name", MS_F_STR),
	{.name = "channel", .kind = MS_F_ENUM, .names = &ms_demand_channel_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("station_id", MS_F_ID), MS_OUT_NULL("station_name", MS_F_STR), MS_OUT_NULL("deputy_name", MS_F_STR),
	{.name = "areas", .kind = MS_F_ARRAY, .item = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "the areas to choose from (empty: free text)"},
	{.name = "rules", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view form_view = {"IntakeForm", form_fields, "what the public form needs: where it goes, the areas"};

/* ---- bodies and queries ---- */

#define DEMAND_IN_FIELDS                                                                                      \
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_DEMAND_TITLE_MAX}, \
		{.name = "text", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_DEMAND_TEXT_MAX}, \
		{.name = "area", .kind = MS_F_STR, .max = MS_AREA_MAX, .doc = "one of the congress's areas"},  \
		{.name = "contact_name", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .min = 1,                \
		 .max = MS_PERSON_NAME_MAX, .doc = "optional, private"},                                     \
		{.name = "contact_phone", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .min = 5, .max = MS_PHONE_MAX, \
		 .doc = "optional, private"}
static const struct ms_field submit_body[] = {
	{.name = "congress_id", .kind = MS_F_ID, .doc = "the congress (or t)"},
	{.name = "t", .kind = MS_F_STR, .max = MS_TOKEN_TEXT_MAX, .doc = "a QR code's token: deputy, station or house"},
	DEMAND_IN_FIELDS,
	{.name = "photo", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_TOKEN_TEXT_MAX,
	 .doc = "a photo's token from POST /demand-photos"},
	{.name = "litigation", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "whether the matter is in litigation, administrative review or arbitration (then refused)"},
	{0}};
#define LITIGATION_FIELD                                                                                      \
	{.name = "litigation", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,                                  \
	 .doc = "whether the matter is in litigation, administrative review or arbitration (then refused)"}
static const struct ms_field desk_body[] = {
	DEMAND_IN_FIELDS, LITIGATION_FIELD,
	{.name = "deputy_id", .kind = MS_F_ID, .doc = "a deputy it is addressed to (optional)"}, {0}};
static const struct ms_field household_fields[] = {DEMAND_IN_FIELDS, LITIGATION_FIELD, {0}};
static const struct ms_view household_view = {"VisitHousehold", household_fields, "one household's demand"};
static const struct ms_field visit_body[] = {
	{.name = "station_id", .kind = MS_F_ID, .doc = "the station the visit was from (optional)"},
	{.name = "households", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &household_view,
	 .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_VISIT_MAX},
	{0}};
static const struct ms_field track_body[] = {
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TOKEN_TEXT_MAX}, {0}};
static const struct ms_field triage_body[] = {
	{.name = "outcome", .kind = MS_F_ENUM, .names = &ms_triage_names, .flags = MS_FIELD_REQUIRED},
	{.name = "note", .kind = MS_F_STR, .max = MS_NOTE_MAX,
	 .doc = "the answer (spot), the office (office), the reason (refused); shown on the tracking page"},
	{0}};
static const struct ms_field refer_body[] = {
	{.name = "congress_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the congress one level up or down"},
	{.name = "note", .kind = MS_F_STR, .min = 1, .max = MS_NOTE_MAX, .flags = MS_FIELD_REQUIRED,
	 .doc = "why: shown on the tracking page with the two congresses"},
	{0}};
static const struct ms_field intake_query[] = {
	{.name = "t", .kind = MS_F_STR, .max = MS_TOKEN_TEXT_MAX, .doc = "a QR code's token"},
	{.name = "congress_id", .kind = MS_F_ID, .doc = "or the congress"},
	{0}};
static const struct ms_field list_query[] = {
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_demand_status_names,
	 .doc = "only these (candidate: the pool of next year's candidates)"},
	{0}};
static const struct ms_field no_body[] = {{0}};

/* ---- handlers ---- */

void ms_liaison_address(struct ms_ctx *c, char *out, size_t cap)
{
	char peer[64];
	ms_http_peer(c->req, peer, sizeof peer);
	ms_login_client_address(peer, ms_http_header(c->req, "X-Forwarded-For"), out, cap);
}

static struct ms_demand_in demand_in(json_t *o)
{
	return (struct ms_demand_in){.title = json_string_value(json_object_get(o, "title")),
				     .text = json_string_value(json_object_get(o, "text")),
				     .area = json_string_value(json_object_get(o, "area")),
				     .contact_name = json_string_value(json_object_get(o, "contact_name")),
				     .contact_phone = json_string_value(json_object_get(o, "contact_phone")),
				     .litigation = json_is_true(json_object_get(o, "litigation"))};
}

static int h_intake(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (!rc)
		rc = ms_demand_intake_form(c->db, json_string_value(json_object_get(q, "t")),
					   json_integer_value(json_object_get(q, "congress_id")), out, &c->err);
	json_decref(q);
	return rc;
}

static int h_submit(struct ms_ctx *c, json_t **out)
{
	char address[80];
	ms_liaison_address(c, address, sizeof address);
	struct ms_demand_in in = demand_in(c->body);
	return ms_demand_submit(c->db, ms_api_int(c, "congress_id", 0), ms_api_str(c, "t"), &in, ms_api_str(c, "photo"),
				ms_api_bool(c, "litigation", false), address, out, &c->err);
}

/* Off the HTTP workers and outside any transaction: the photo is decoded
 * and written again before the write transaction only stores it. */
static int h_photo_add(struct ms_ctx *c, json_t **out)
{
	char token[MS_TRACK_LEN + 1];
	struct ms_upload u;
	int rc = ms_demand_photo_examine(c->req->body, c->req->body_len, &u, &c->err);
	if (rc)
		return rc;
	char address[80];
	ms_liaison_address(c, address, sizeof address);
	if (!(rc = ms_api_begin(c, true)))
		rc = ms_demand_photo_store(c->db, &u, address, token, &c->err);
	ms_upload_fini(&u);
	return rc ? rc : ms_api_answer(c, json_pack("{s:s}", "photo", token), out);
}

static int h_track(struct ms_ctx *c, json_t **out)
{
	return ms_demand_track(c->db, ms_api_str(c, "code"), out, &c->err);
}

static int h_desk(struct ms_ctx *c, json_t **out)
{
	struct ms_demand_in in = demand_in(c->body);
	return ms_demand_desk(c->db, &c->who, c->id, ms_api_int(c, "deputy_id", 0), &in, out, &c->err);
}

static int h_visit(struct ms_ctx *c, json_t **out)
{
	json_t *hs = json_object_get(c->body, "households"), *h;
	size_t n = json_array_size(hs), i;
	struct ms_demand_in *in = calloc(n ? n : 1, sizeof *in);
	if (!in)
		return ms_nomem(&c->err);
	json_array_foreach(hs, i, h) in[i] = demand_in(h);
	int rc = ms_demand_visit(c->db, &c->who, c->id, ms_api_int(c, "station_id", 0), in, n, out, &c->err);
	free(in);
	return rc;
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	rc = ms_demand_list(c->db, &c->who, c->id, json_string_value(json_object_get(q, "status")), &c->page, out,
			    &c->err);
	json_decref(q);
	return rc;
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	int rc = ms_demand_may(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_demand_get(c->db, c->id, out, &c->err);
}

static int h_triage(struct ms_ctx *c, json_t **out)
{
	int rc = ms_demand_triage(c->db, &c->who, c->id, ms_api_str(c, "outcome"), ms_api_str(c, "note"), &c->err);
	return rc ? rc : ms_demand_get(c->db, c->id, out, &c->err);
}

static int h_refer(struct ms_ctx *c, json_t **out)
{
	int rc = ms_demand_refer(c->db, &c->who, c->id, ms_api_int(c, "congress_id", 0), ms_api_str(c, "note"), &c->err);
	return rc ? rc : ms_demand_get(c->db, c->id, out, &c->err);
}

static int h_photo(struct ms_ctx *c, json_t **out)
{
	(void)out;
	int rc = ms_demand_may(c->db, &c->who, c->id, &c->err);
	if (rc || (rc = ms_demand_photo_read(c->db, c->id, &c->raw, &c->raw_len, &c->err)))
		return rc;
	c->raw_type = "image/jpeg";
	snprintf(c->raw_disposition, sizeof c->raw_disposition, "inline");
	(void)ms_http_response_header(c->resp, "Content-Security-Policy", "sandbox; default-src 'none'");
	return 0;
}

/* ---- routes ---- */

static const struct ms_code *const intake_errors[] = {&MS_E_QR_UNKNOWN, &MS_E_DEMAND_NO_CONGRESS, NULL};
static const struct ms_code *const submit_errors[] = {
	&MS_E_QR_UNKNOWN,	  &MS_E_DEMAND_NO_CONGRESS, &MS_E_DEMAND_LITIGATION, &MS_E_DEMAND_RATE,
	&MS_E_DEMAND_AREA,	  &MS_E_PHONE_INVALID,	    &MS_E_DEMAND_PHOTO_UNKNOWN, NULL};
static const struct ms_code *const photo_add_errors[] = {&MS_E_DEMAND_PHOTO_TYPE, &MS_E_FILE_TYPE, &MS_E_DEMAND_RATE,
							 &MS_E_FILE_UNREADABLE,	  &MS_E_PAYLOAD_TOO_LARGE, NULL};
static const struct ms_code *const track_errors[] = {&MS_E_TRACK_UNKNOWN, NULL};
static const struct ms_code *const desk_errors[] = {&MS_E_NOT_YOUR_DEMAND, &MS_E_DEMAND_AREA, &MS_E_PHONE_INVALID,
						    &MS_E_NOT_DEPUTY_OF_CONGRESS, &MS_E_DEMAND_LITIGATION, NULL};
static const struct ms_code *const visit_errors[] = {&MS_E_STATION_UNKNOWN, &MS_E_NOT_STATION_DEPUTY, &MS_E_DEMAND_AREA, &MS_E_PHONE_INVALID,
						     &MS_E_DEMAND_LITIGATION, NULL};
static const struct ms_code *const read_errors[] = {&MS_E_NOT_YOUR_DEMAND, NULL};
static const struct ms_code *const triage_errors[] = {&MS_E_NOT_YOUR_DEMAND, &MS_E_DEMAND_TRIAGED, NULL};
static const struct ms_code *const photo_errors[] = {&MS_E_NOT_YOUR_DEMAND, &MS_E_DEMAND_NO_PHOTO, NULL};

static const struct ms_code *const refer_errors[] = {&MS_E_REFER_LEVEL, &MS_E_REFER_STATUS, &MS_E_REFER_SOURCE,
						    &MS_E_NOT_YOUR_DEMAND, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/intake", .fn = h_intake, .access = MS_ACCESS_PUBLIC, .query_fields = intake_query,
	 .returns = &form_view, .errors = intake_errors,
	 .summary = "what the public form needs (no login): where a QR code's token (?t=) or a congress "
		    "(?congress_id=) sends the demand, and the areas"},
	{.method = "POST", .pattern = "/demands", .fn = h_submit, .access = MS_ACCESS_PUBLIC, .body = submit_body,
	 .flags = MS_ROUTE_NO_CSRF | MS_ROUTE_CREATES, .returns = &taken_view, .errors = submit_errors,
	 .summary = "a resident's demand by the public form (no login; limited per client address per hour): "
		    "answers the tracking code once; matters in litigation, review or arbitration are refused"},
	{.method = "POST", .pattern = "/demand-photos", .fn = h_photo_add, .access = MS_ACCESS_PUBLIC, .body = no_body,
	 .flags = MS_ROUTE_NO_CSRF | MS_ROUTE_UPLOAD | MS_ROUTE_CREATES | MS_ROUTE_SELF_TX | MS_ROUTE_SLOW,
	 .max_body = MS_DEMAND_PHOTO_MAX, .returns = &photo_view, .errors = photo_add_errors,
	 .summary = "a photo for the public form (JPEG or PNG up to 5 MB; kept without its metadata): answers its "
		    "token for the form's photo field"},
	{.method = "POST", .pattern = "/demands/track", .fn = h_track, .access = MS_ACCESS_PUBLIC, .body = track_body,
	 .returns = &track_view, .flags = MS_ROUTE_NO_CSRF, .errors = track_errors,
	 .summary = "follow a demand by its tracking code: status, steps in order (who as a role), replies; never "
		    "contact details"},
	{.method = "POST", .pattern = "/stations/{id}/demands", .fn = h_desk, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_station_owner, .body = desk_body, .flags = MS_ROUTE_CREATES, .returns = &taken_view,
	 .errors = desk_errors, .summary = "a demand taken at the station's desk (staff or a deputy of the station); matters in litigation, "
		    "review or arbitration are refused as on the public form"},
	{.method = "POST", .pattern = "/congresses/{id}/visits", .fn = h_visit, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_congress_owner, .body = visit_body, .flags = MS_ROUTE_CREATES, .returns = &takens_view,
	 .errors = visit_errors,
	 .summary = "a deputy's home visit: one or several households' demands, each its own tracking code, all or "
		    "none; a household's matter in litigation, review or arbitration refuses the visit (the field names it)"},
	{.method = "GET", .pattern = "/congresses/{id}/demands", .fn = h_list, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .query_fields = list_query, .returns = &demand_view,
	 .summary = "the congress's demands, newest first: the staff all, a deputy those addressed to it or its "
		    "stations (?status=candidate: the candidate pool)"},
	{.method = "GET", .pattern = "/demands/{id}", .fn = h_get, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .flags = MS_ROUTE_OWN_STAFF, .owner = ms_demand_owner, .returns = &detail_view, .errors = read_errors,
	 .summary = "a demand with the resident's contact and every step: its deputy, its station's deputies, staff"},
	{.method = "POST", .pattern = "/demands/{id}/triage", .fn = h_triage, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_demand_owner, .body = triage_body, .returns = &detail_view, .errors = triage_errors,
	 .summary = "triage a new demand: answer on the spot, refer to the town/street office, put forward for next "
		    "year's candidates, or refuse with the reason (one referred may still be put forward or refused)"},
	{.method = "POST", .pattern = "/demands/{id}/refer", .fn = h_refer, .access = MS_ACCESS_STAFF,
	 .owner = ms_demand_owner, .body = refer_body, .returns = &detail_view, .errors = refer_errors,
	 .summary = "three-level linkage: refer a new (or office) demand to the congress one level up or down; it keeps "
		    "its tracking code, its steps and its day of receipt"},
	{.method = "GET", .pattern = "/demands/{id}/photo", .fn = h_photo, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_demand_owner, .flags = MS_ROUTE_RAW | MS_ROUTE_OWN_STAFF, .raw_type = "image/jpeg", .errors = photo_errors,
	 .summary = "the demand's photo (JPEG, without metadata): those handling it"},
};
const struct ms_routes ms_demand_routes = MS_ROUTES(routes);
