/*
 * station_http.c — liaison stations over HTTP: the public list and page of
 * a congress's stations with their rota, residents' bookings (no login),
 * the staff's administration (stations, deputies assigned, rota, houses,
 * settings, the reception check) and the QR codes (SVG).
 */
#include "liaison.h"
#include "liaison_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/workday.h"
#include "../http/http.h"
#include "../auth/auth.h"
#include "../org/org.h"
#include "track.h"

/* ---- views ---- */

static const struct ms_field person_fields[] = {MS_OUT("id", MS_F_ID), MS_OUT("name", MS_F_STR), {0}};
static const struct ms_view person_view = {"LiaisonDeputy", person_fields, "a deputy, by name"};
static const struct ms_field station_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_station_kind_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("name", MS_F_STR), MS_OUT("address", MS_F_STR),
	{.name = "area", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the area it serves"},
	{.name = "token", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "what its QR code carries: the public form addressed to the station (/intake?t=)"},
	MS_OUT("created_at", MS_F_STR),
	{.name = "deputies", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &person_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view station_view = {"Station", station_fields, "a liaison station (联络站) or home station (家站点)"};
static const struct ms_field stations_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &station_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view stations_view = {"StationList", stations_fields, "a congress's stations"};
static const struct ms_field rota_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("station_id", MS_F_ID), MS_OUT("station_name", MS_F_STR),
	MS_OUT("congress_id", MS_F_ID), MS_OUT("day", MS_F_DATE), MS_OUT("starts", MS_F_STR), MS_OUT("ends", MS_F_STR),
	MS_OUT("capacity", MS_F_INT), {.name = "booked", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "places taken"},
	{.name = "deputies", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &person_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the deputies receiving (once recorded as held: those who received)"},
	{.name = "held_residents", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "recorded as held: how many residents were received (null: not recorded)"},
	MS_OUT_NULL("recorded_at", MS_F_STR),
	{.name = "held", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "recorded as held: over, it takes no bookings (409 rota_held)"},
	{0}};
static const struct ms_view rota_view = {"RotaEntry", rota_fields, "a reception day (接待日) of a station"};
static const struct ms_field rotas_fields[] = {
	MS_OUT("station_id", MS_F_ID),
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &rota_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view rotas_view = {"Rota", rotas_fields, "a station's reception days, soonest first"};
static const struct ms_field booked_fields[] = {
	MS_OUT("rota_id", MS_F_ID),
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the booking code, shown once: to cancel"},
	{0}};
static const struct ms_view booked_view = {"BookingMade", booked_fields, "a booking made"};
static const struct ms_field booking_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT("phone", MS_F_STR), MS_OUT("topic", MS_F_STR),
	MS_OUT("created_at", MS_F_STR), {0}};
static const struct ms_view booking_view = {"Booking", booking_fields, "a resident's booking (private to the station)"};
static const struct ms_field bookings_fields[] = {
	MS_OUT("rota_id", MS_F_ID),
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &booking_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view bookings_view = {"BookingList", bookings_fields, "a reception day's bookings"};
static const struct ms_field reception_fields[] = {
	MS_OUT("deputy_id", MS_F_ID), MS_OUT("name", MS_F_STR),
	{.name = "held", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "reception days up to today"},
	{.name = "scheduled", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "reception days after today"},
	{.name = "below", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "held + scheduled below the minimum"},
	{0}};
static const struct ms_view reception_view = {"ReceptionCount", reception_fields, "a deputy's receptions in a year"};
static const struct ms_field check_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("year", MS_F_INT), MS_OUT("receptions_min", MS_F_INT),
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &reception_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view check_view = {"ReceptionCheck", check_fields,
					  "each deputy's receptions this year, those below the minimum marked"};
static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_view words_view = {"LiaisonWords", words_fields, "a rule in words, in Chinese and English"};
static const struct ms_field settings_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("notice_days", MS_F_INT), MS_OUT("receptions_min", MS_F_INT),
	MS_OUT("form_per_hour", MS_F_INT),
	{.name = "areas", .kind = MS_F_ARRAY, .item = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "the congress's own area list (used when it has no child congresses)"},
	{.name = "choices", .kind = MS_F_ARRAY, .item = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "the areas residents choose from: the child congresses' names, else the list above"},
	{.name = "words", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view settings_view = {"LiaisonSettings", settings_fields, "a congress's liaison settings"};
static const struct ms_field house_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("label", MS_F_STR), MS_OUT("deputy_id", MS_F_ID), MS_OUT("deputy_name", MS_F_STR),
	MS_OUT("created_at", MS_F_STR), {0}};
static const struct ms_view house_view = {"House", house_fields,
					  "a house number (门牌) and its constituency deputy; its QR code at /houses/{id}/qr"};
static const struct ms_field houses_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &house_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view houses_view = {"HouseList", houses_fields, "a congress's houses"};

/* ---- bodies and queries ---- */

static const struct ms_field station_body[] = {
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_station_kind_names, .flags = MS_FIELD_REQUIRED},
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_STATION_NAME_MAX},
	{.name = "address", .kind = MS_F_STR, .max = MS_STATION_TEXT_MAX},
	{.name = "area", .kind = MS_F_STR, .max = MS_STATION_TEXT_MAX, .doc = "the area it serves"},
	{.name = "deputy_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_STATION_DEPUTIES_MAX,
	 .doc = "deputies of the congress assigned to it"},
	{0}};
static const struct ms_field rota_body[] = {
	{.name = "day", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "at least the notice days ahead"},
	{.name = "starts", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 5, .max = 5, .doc = "HH:MM"},
	{.name = "ends", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 5, .max = 5, .doc = "HH:MM"},
	{.name = "capacity", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 500,
	 .doc = "bookings it takes"},
	{.name = "deputy_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .min = 1,
	 .max = MS_STATION_DEPUTIES_MAX, .doc = "the deputies receiving"},
	{0}};
#define RECEIVED_FIELDS                                                                                       \
	{.name = "deputy_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .min = 1,      \
	 .max = MS_STATION_DEPUTIES_MAX, .doc = "the deputies who received (the station's)"},                   \
	{.name = "residents", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0,                          \
	 .max = MS_RECEPTION_RESIDENTS_MAX, .doc = "how many residents were received"}
static const struct ms_field reception_body[] = {
	{.name = "day", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED,
	 .doc = "the day it was held: today or up to 60 days back"},
	{.name = "starts", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 5, .max = 5, .doc = "HH:MM"},
	{.name = "ends", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 5, .max = 5, .doc = "HH:MM"},
	RECEIVED_FIELDS,
	{0}};
static const struct ms_field held_body[] = {RECEIVED_FIELDS, {0}};
static const struct ms_field booking_body[] = {
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_PERSON_NAME_MAX},
	{.name = "phone", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 5, .max = MS_PHONE_MAX},
	{.name = "topic", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TOPIC_MAX},
	{0}};
static const struct ms_field cancel_body[] = {
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TOKEN_TEXT_MAX}, {0}};
static const struct ms_field settings_body[] = {
	{.name = "notice_days", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = 60},
	{.name = "receptions_min", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = 52},
	{.name = "form_per_hour", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 10000},
	{.name = "areas", .kind = MS_F_ARRAY, .item = MS_F_STR, .max = MS_AREAS_MAX,
	 .doc = "the congress's own areas (each 1 to 64 characters)"},
	{0}};
static const struct ms_field house_body[] = {
	{.name = "label", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_STATION_TEXT_MAX,
	 .doc = "the house number as written (门牌号)"},
	{.name = "deputy_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "its constituency deputy"},
	{0}};
static const struct ms_field year_query[] = {
	{.name = "year", .kind = MS_F_INT, .min = 2000, .max = 2100, .doc = "the year (default: this year)"}, {0}};
static const struct ms_field qr_query[] = {
	{.name = "base_url", .kind = MS_F_STR, .max = MS_URL_MAX,
	 .doc = "the site's address the code opens (http:// or https://), required"},
	{0}};
static const struct ms_field rota_query[] = {
	{.name = "all", .kind = MS_F_INT, .min = 0, .max = 1, .doc = "1: past days too"}, {0}};

/* ---- handlers ---- */

static int station_in(struct ms_ctx *c, struct ms_station_in *in, int64_t **ids)
{
	size_t n = 0;
	*ids = ms_api_ints(c, "deputy_ids", &n);
	if (!*ids)
		return ms_nomem(&c->err);
	*in = (struct ms_station_in){.kind = ms_api_str(c, "kind"),
				     .name = ms_api_str(c, "name"),
				     .address = ms_api_str(c, "address"),
				     .area = ms_api_str(c, "area"),
				     .deputy_ids = *ids,
				     .n_deputies = n};
	return 0;
}

static int h_stations(struct ms_ctx *c, json_t **out)
{
	return ms_station_list(c->db, c->id, out, &c->err);
}

static int h_station_add(struct ms_ctx *c, json_t **out)
{
	struct ms_station_in in;
	int64_t *ids = NULL, id = 0;
	int rc = station_in(c, &in, &ids);
	if (!rc)
		rc = ms_station_create(c->db, &c->who, c->id, &in, &id, &c->err);
	free(ids);
	return rc ? rc : ms_station_get(c->db, id, out, &c->err);
}

static int h_station(struct ms_ctx *c, json_t **out)
{
	return ms_station_get(c->db, c->id, out, &c->err);
}

static int h_station_put(struct ms_ctx *c, json_t **out)
{
	struct ms_station_in in;
	int64_t *ids = NULL;
	int rc = station_in(c, &in, &ids);
	if (!rc)
		rc = ms_station_update(c->db, &c->who, c->id, &in, &c->err);
	free(ids);
	return rc ? rc : ms_station_get(c->db, c->id, out, &c->err);
}

static int h_rota(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	bool all = json_integer_value(json_object_get(q, "all")) == 1;
	json_decref(q);
	return ms_rota_list(c->db, c->id, all, out, &c->err);
}

/* A rota day as the body gives it (a published day's capacity, a held
 * one's residents: each body declares only its own, the other reads 0);
 * .deputy_ids malloc'd (NULL when out of memory), freed by the caller. */
static struct ms_rota_in rota_in(struct ms_ctx *c)
{
	size_t n = 0;
	int64_t *ids = ms_api_ints(c, "deputy_ids", &n);
	return (struct ms_rota_in){.day = ms_api_str(c, "day"),
				   .starts = ms_api_str(c, "starts"),
				   .ends = ms_api_str(c, "ends"),
				   .capacity = ms_api_int(c, "capacity", 0),
				   .deputy_ids = ids,
				   .n_deputies = n,
				   .residents = ms_api_int(c, "residents", 0)};
}

static int h_rota_add(struct ms_ctx *c, json_t **out)
{
	int64_t id = 0;
	struct ms_rota_in in = rota_in(c);
	if (!in.deputy_ids)
		return ms_nomem(&c->err);
	int rc = ms_rota_add(c->db, &c->who, c->id, &in, &id, &c->err);
	free((void *)in.deputy_ids);
	return rc ? rc : ms_rota_get(c->db, id, out, &c->err);
}

static int h_reception(struct ms_ctx *c, json_t **out)
{
	int64_t id = 0;
	struct ms_rota_in in = rota_in(c);
	if (!in.deputy_ids)
		return ms_nomem(&c->err);
	int rc = ms_reception_record(c->db, &c->who, c->id, &in, &id, &c->err);
	free((void *)in.deputy_ids);
	return rc ? rc : ms_rota_get(c->db, id, out, &c->err);
}

static int h_held(struct ms_ctx *c, json_t **out)
{
	size_t n = 0;
	int64_t *ids = ms_api_ints(c, "deputy_ids", &n);
	if (!ids)
		return ms_nomem(&c->err);
	int rc = ms_rota_held(c->db, &c->who, c->id, ids, n, ms_api_int(c, "residents", 0), &c->err);
	free(ids);
	return rc ? rc : ms_rota_get(c->db, c->id, out, &c->err);
}

static int h_book(struct ms_ctx *c, json_t **out)
{
	char code[MS_TRACK_LEN + 1], shown[MS_TRACK_SHOWN_LEN + 1], address[64];
	ms_liaison_address(c, address, sizeof address);
	int rc = ms_booking_add(c->db, c->id, ms_api_str(c, "name"), ms_api_str(c, "phone"), ms_api_str(c, "topic"),
				address, code, &c->err);
	if (rc)
		return rc;
	ms_track_show(code, shown);
	return ms_api_answer(c, json_pack("{s:I, s:s}", "rota_id", (json_int_t)c->id, "code", shown), out);
}

static int h_cancel(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return ms_booking_cancel(c->db, ms_api_str(c, "code"), &c->err);
}

static int h_bookings(struct ms_ctx *c, json_t **out)
{
	json_t *r = NULL;
	int rc = ms_rota_get(c->db, c->id, &r, &c->err);
	if (rc)
		return rc;
	int64_t station_id = json_integer_value(json_object_get(r, "station_id"));
	json_decref(r);
	if ((rc = ms_station_may_read(c->db, &c->who, station_id, c->congress_id, &c->err)))
		return rc;
	return ms_booking_list(c->db, c->id, out, &c->err);
}

static int h_receptions(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	int year = 0;
	ms_day_ymd(ms_day_today(), &year, NULL, NULL);
	json_t *y = json_object_get(q, "year");
	int64_t yr = y ? json_integer_value(y) : year;
	json_decref(q);
	return ms_reception_check(c->db, c->id, yr, out, &c->err);
}

static int h_settings(struct ms_ctx *c, json_t **out)
{
	return ms_liaison_settings_json(c->db, c->id, out, &c->err);
}

static int h_settings_put(struct ms_ctx *c, json_t **out)
{
	json_t *areas = json_object_get(c->body, "areas"), *a;
	size_t i;
	json_array_foreach(areas, i, a)
	{
		char field[32];
		snprintf(field, sizeof field, "areas[%zu]", i);
		int rc = ms_check_text(&c->err, field, json_string_value(a), 1, MS_AREA_MAX);
		if (rc)
			return rc;
	}
	struct ms_liaison_settings s = {.notice_days = ms_api_int(c, "notice_days", 0),
					.receptions_min = ms_api_int(c, "receptions_min", 0),
					.form_per_hour = ms_api_int(c, "form_per_hour", 0),
					.areas = json_is_array(areas) ? areas : NULL};
	int rc = ms_liaison_settings_set(c->db, &c->who, c->id, &s, &c->err);
	return rc ? rc : ms_liaison_settings_json(c->db, c->id, out, &c->err);
}

static int h_houses(struct ms_ctx *c, json_t **out)
{
	return ms_house_list(c->db, c->id, out, &c->err);
}

static int h_house_add(struct ms_ctx *c, json_t **out)
{
	int64_t id = 0;
	int rc = ms_house_add(c->db, &c->who, c->id, ms_api_str(c, "label"), ms_api_int(c, "deputy_id", 0), &id, &c->err);
	if (rc)
		return rc;
	json_t *all = NULL, *h;
	size_t i;
	if ((rc = ms_house_list(c->db, c->id, &all, &c->err)))
		return rc;
	json_array_foreach(json_object_get(all, "items"), i, h) if (json_integer_value(json_object_get(h, "id")) == id)
		*out = json_incref(h);
	json_decref(all);
	return *out ? 0 : ms_nomem(&c->err);
}

/* The QR code of token as an SVG answer. */
static int qr(struct ms_ctx *c, const char *token)
{
	const char *base = ms_http_query(c->req, "base_url");
	int rc = ms_liaison_qr_svg(base, token, &c->raw, &c->raw_len, &c->err);
	if (rc)
		return rc;
	c->raw_type = "image/svg+xml";
	snprintf(c->raw_disposition, sizeof c->raw_disposition, "inline");
	return 0;
}

static int h_station_qr(struct ms_ctx *c, json_t **out)
{
	(void)out;
	json_t *s = NULL;
	int rc = ms_station_get(c->db, c->id, &s, &c->err);
	if (!rc)
		rc = qr(c, json_string_value(json_object_get(s, "token")));
	json_decref(s);
	return rc;
}

static int h_house_qr(struct ms_ctx *c, json_t **out)
{
	(void)out;
	char token[MS_TRACK_LEN + 1];
	int rc = ms_house_token(c->db, c->id, token, &c->err);
	return rc ? rc : qr(c, token);
}

static int h_deputy_qr(struct ms_ctx *c, json_t **out)
{
	(void)out;
	char token[MS_TRACK_LEN + 1];
	int rc = ms_deputy_token(c->db, &c->who, c->id, c->congress_id, token, &c->err);
	return rc ? rc : qr(c, token);
}

/* ---- routes ---- */

static const struct ms_code *const station_errors[] = {&MS_E_STATION_NAME_TAKEN, &MS_E_NOT_DEPUTY_OF_CONGRESS, NULL};
static const struct ms_code *const rota_errors[] = {&MS_E_ROTA_NOTICE, &MS_E_NOT_STATION_DEPUTY, &MS_E_ROTA_TIMES, &MS_E_NOT_DEPUTY_OF_CONGRESS,
						    NULL};
static const struct ms_code *const held_errors[] = {&MS_E_RECEPTION_WINDOW, &MS_E_RECEPTION_RECORDED,
						    &MS_E_RECEPTION_ON_ROTA, &MS_E_RECEPTION_OWN,
						    &MS_E_NOT_STATION_DEPUTY, &MS_E_ROTA_TIMES, &MS_E_NOT_DEPUTY_OF_CONGRESS,
						    &MS_E_NOT_YOUR_DEMAND, NULL};
static const struct ms_code *const book_errors[] = {&MS_E_ROTA_FULL, &MS_E_ROTA_PAST, &MS_E_ROTA_HELD, &MS_E_PHONE_INVALID,
						    &MS_E_BOOKING_TWICE, &MS_E_BOOKING_RATE, NULL};
static const struct ms_code *const cancel_errors[] = {&MS_E_BOOKING_UNKNOWN, NULL};
static const struct ms_code *const private_errors[] = {&MS_E_NOT_YOUR_DEMAND, NULL};
static const struct ms_code *const house_errors[] = {&MS_E_HOUSE_LABEL_TAKEN, &MS_E_NOT_DEPUTY_OF_CONGRESS, NULL};
static const struct ms_code *const qr_errors[] = {&MS_E_BASE_URL_INVALID, NULL};
static const struct ms_code *const code_errors[] = {&MS_E_BASE_URL_INVALID, &MS_E_NOT_YOUR_DEMAND,
						    &MS_E_NOT_DEPUTY_OF_CONGRESS, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/stations", .fn = h_stations, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &stations_view,
	 .summary = "the congress's liaison stations and home stations, with their deputies"},
	{.method = "POST", .pattern = "/congresses/{id}/stations", .fn = h_station_add, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = station_body, .flags = MS_ROUTE_CREATES, .returns = &station_view,
	 .errors = station_errors, .summary = "open a station: name, address, area served, deputies assigned"},
	{.method = "GET", .pattern = "/stations/{id}", .fn = h_station, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_station_owner, .returns = &station_view, .summary = "a station (its public page)"},
	{.method = "PUT", .pattern = "/stations/{id}", .fn = h_station_put, .access = MS_ACCESS_STAFF,
	 .owner = ms_station_owner, .body = station_body, .returns = &station_view, .errors = station_errors,
	 .summary = "change a station and its deputies (the list given replaces the old one)"},
	{.method = "GET", .pattern = "/stations/{id}/qr", .fn = h_station_qr, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_station_owner, .flags = MS_ROUTE_RAW, .raw_type = "image/svg+xml", .query_fields = qr_query,
	 .errors = qr_errors, .summary = "the station's QR code (联络站码, SVG): opens the public form addressed to it"},
	{.method = "GET", .pattern = "/stations/{id}/rota", .fn = h_rota, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_station_owner, .query_fields = rota_query, .returns = &rotas_view,
	 .summary = "the station's reception days from today (?all=1: past ones too), with places booked"},
	{.method = "POST", .pattern = "/stations/{id}/rota", .fn = h_rota_add, .access = MS_ACCESS_STAFF,
	 .owner = ms_station_owner, .body = rota_body, .flags = MS_ROUTE_CREATES, .returns = &rota_view,
	 .errors = rota_errors, .summary = "publish a reception day: at least the notice days ahead (setting, default 3)"},
	{.method = "POST", .pattern = "/stations/{id}/receptions", .fn = h_reception,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY, .owner = ms_station_owner, .body = reception_body,
	 .flags = MS_ROUTE_CREATES, .returns = &rota_view, .errors = held_errors,
	 .summary = "record a reception already held (today or up to 60 days back; the staff or a deputy of the "
		    "station): who received, how many residents; it counts in the reception check"},
	{.method = "POST", .pattern = "/rota/{id}/held", .fn = h_held, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_rota_owner, .body = held_body, .returns = &rota_view, .errors = held_errors,
	 .summary = "record a published reception day that has come as held: who received, how many residents "
		    "(once; up to 60 days after)"},
	{.method = "POST", .pattern = "/rota/{id}/bookings", .fn = h_book, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_rota_owner, .body = booking_body, .flags = MS_ROUTE_NO_CSRF | MS_ROUTE_CREATES, .returns = &booked_view,
	 .errors = book_errors,
	 .summary = "a resident books a place (no login): name and phone (seen only by the station), topic; answers "
		    "the booking code once"},
	{.method = "GET", .pattern = "/rota/{id}/bookings", .fn = h_bookings,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY, .flags = MS_ROUTE_OWN_STAFF, .owner = ms_rota_owner, .returns = &bookings_view,
	 .errors = private_errors, .summary = "a reception day's bookings: the staff and the station's deputies"},
	{.method = "POST", .pattern = "/bookings/cancel", .fn = h_cancel, .access = MS_ACCESS_PUBLIC, .body = cancel_body,
	 .flags = MS_ROUTE_NO_CSRF, .errors = cancel_errors, .summary = "cancel a booking by its code"},
	{.method = "GET", .pattern = "/congresses/{id}/receptions", .fn = h_receptions, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .query_fields = year_query, .returns = &check_view,
	 .summary = "the reception check: each deputy's reception days this year, those below the minimum marked"},
	{.method = "GET", .pattern = "/congresses/{id}/liaison-settings", .fn = h_settings, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &settings_view,
	 .summary = "the congress's liaison settings with the rules in words, and the areas residents choose from"},
	{.method = "PUT", .pattern = "/congresses/{id}/liaison-settings", .fn = h_settings_put, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = settings_body, .returns = &settings_view,
	 .summary = "set the notice days, the receptions a year, the public form's limit per hour, the areas"},
	{.method = "GET", .pattern = "/congresses/{id}/houses", .fn = h_houses, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .returns = &houses_view, .summary = "the houses and their constituency deputies"},
	{.method = "POST", .pattern = "/congresses/{id}/houses", .fn = h_house_add, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = house_body, .flags = MS_ROUTE_CREATES, .returns = &house_view,
	 .errors = house_errors, .summary = "register a house number and its constituency deputy"},
	{.method = "GET", .pattern = "/houses/{id}/qr", .fn = h_house_qr, .access = MS_ACCESS_STAFF,
	 .owner = ms_house_owner, .flags = MS_ROUTE_RAW, .raw_type = "image/svg+xml", .query_fields = qr_query,
	 .errors = qr_errors, .summary = "the house's QR code (门牌码, SVG): the public form routed to its deputy"},
	{.method = "GET", .pattern = "/deputies/{id}/code", .fn = h_deputy_qr, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_user_owner, .flags = MS_ROUTE_RAW | MS_ROUTE_WRITE, .raw_type = "image/svg+xml",
	 .query_fields = qr_query, .errors = code_errors,
	 .summary = "the deputy's personal QR code (代表码, SVG): the public form addressed to the deputy; the deputy "
		    "itself or the staff"},
};
const struct ms_routes ms_station_routes = MS_ROUTES(routes);
