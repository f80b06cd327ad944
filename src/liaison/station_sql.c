/* station_sql.c — the SQL of liaison stations, their rota and bookings,
 * houses and QR tokens, and the liaison settings (liaison.h). */
#include "liaison_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../store/query.h"
#include "../store/sql.h"

static const struct ms_stmt SETTINGS = MS_STMT(
	"liaison.settings",
	"SELECT notice_days, receptions_min, form_per_hour, areas FROM liaison_settings WHERE congress_id = ?");
static const struct ms_stmt SETTINGS_SET = MS_STMT(
	"liaison.settings_set",
	"INSERT INTO liaison_settings(congress_id, notice_days, receptions_min, form_per_hour, areas, updated_at) "
	"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(congress_id) DO UPDATE SET notice_days = excluded.notice_days, "
	"receptions_min = excluded.receptions_min, form_per_hour = excluded.form_per_hour, areas = excluded.areas, "
	"updated_at = excluded.updated_at");
static const struct ms_stmt CHILDREN =
	MS_STMT("liaison.children", "SELECT name FROM congress WHERE parent_id = ? ORDER BY id");
static const struct ms_stmt IS_DEPUTY = MS_STMT(
	"liaison.is_deputy", "SELECT u.id FROM \"user\" u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "
			     "WHERE u.id = ? AND u.congress_id = ?");

static const struct ms_stmt STATION_INSERT = MS_STMT(
	"station.insert", "INSERT INTO station(congress_id, kind, name, address, area, token, created_at) "
			  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt STATION_UPDATE = MS_STMT(
	"station.update", "UPDATE station SET kind = ?, name = ?, address = ?, area = ? WHERE id = ?");
static const struct ms_stmt STATION_NAME =
	MS_STMT("station.name_taken", "SELECT id FROM station WHERE congress_id = ? AND name = ? AND id <> ?");
static const struct ms_stmt STATION_DEP_CLEAR =
	MS_STMT("station.deputies_clear", "DELETE FROM station_deputy WHERE station_id = ?");
static const struct ms_stmt STATION_DEP_ADD =
	MS_STMT("station.deputy_add", "INSERT INTO station_deputy(station_id, deputy_id) VALUES (?, ?)");
#define STATION_COLS "SELECT s.id, s.congress_id, s.kind, s.name, s.address, s.area, s.token, s.created_at "
static const struct ms_stmt STATION_GET = MS_STMT("station.get", STATION_COLS "FROM station s WHERE s.id = ?");
static const struct ms_stmt STATION_LIST =
	MS_STMT("station.list", STATION_COLS "FROM station s WHERE s.congress_id = ? ORDER BY s.id");
static const struct ms_stmt STATION_DEPUTIES = MS_STMT(
	"station.deputies", "SELECT u.id, u.name FROM station_deputy d JOIN \"user\" u ON u.id = d.deputy_id "
			    "WHERE d.station_id = ? ORDER BY u.id");
static const struct ms_stmt STATION_HAS = MS_STMT(
	"station.has", "SELECT 1 FROM station_deputy WHERE station_id = ? AND deputy_id = ?");
static const struct ms_stmt STATION_CONGRESS =
	MS_STMT("station.congress", "SELECT congress_id FROM station WHERE id = ?");

static const struct ms_stmt ROTA_INSERT = MS_STMT(
	"rota.insert", "INSERT INTO rota(station_id, congress_id, day, starts, ends, capacity, created_at) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt ROTA_DEP_ADD =
	MS_STMT("rota.deputy_add", "INSERT INTO rota_deputy(rota_id, deputy_id) VALUES (?, ?)");
#define ROTA_COLS                                                                                             \
	"SELECT r.id, r.station_id, s.name AS station_name, r.congress_id, r.day, r.starts, r.ends, r.capacity, " \
	"(SELECT count(*) FROM booking b WHERE b.rota_id = r.id AND b.status = 'booked') AS booked, "            \
	"r.held_residents, r.recorded_at "                                                                      \
	"FROM rota r JOIN station s ON s.id = r.station_id "
static const struct ms_stmt ROTA_GET = MS_STMT("rota.get", ROTA_COLS "WHERE r.id = ?");
static const struct ms_stmt ROTA_LIST =
	MS_STMT("rota.list", ROTA_COLS "WHERE r.station_id = ? AND r.day >= ? ORDER BY r.day, r.starts, r.id");
static const struct ms_stmt ROTA_DEPUTIES = MS_STMT(
	"rota.deputies", "SELECT u.id, u.name FROM rota_deputy d JOIN \"user\" u ON u.id = d.deputy_id "
			 "WHERE d.rota_id = ? ORDER BY u.id");
static const struct ms_stmt ROTA_HELD = MS_STMT(
	"rota.held", "UPDATE rota SET held_residents = ?, recorded_by = ?, recorded_at = ? WHERE id = ? "
		     "AND recorded_at IS NULL RETURNING id");
static const struct ms_stmt ROTA_DEP_CLEAR = MS_STMT("rota.deputy_clear", "DELETE FROM rota_deputy WHERE rota_id = ?");
/* A station's rota entry on a day whose hours overlap starts–ends (the first, by its hours). */
static const struct ms_stmt ROTA_OVERLAP = MS_STMT(
	"rota.overlap", "SELECT id, starts, ends FROM rota WHERE station_id = ? AND day = ? AND starts < ? AND ends > ? "
			"ORDER BY starts, id LIMIT 1");
static const struct ms_stmt ROTA_CONGRESS = MS_STMT("rota.congress", "SELECT congress_id FROM rota WHERE id = ?");
static const struct ms_stmt BOOKING_INSERT = MS_STMT(
	"booking.insert", "INSERT INTO booking(rota_id, name, phone, topic, code_hash, created_at) "
			  "VALUES (?, ?, ?, ?, ?, ?)");
static const struct ms_stmt BOOKING_PHONE = MS_STMT(
	"booking.phone", "SELECT 1 FROM booking WHERE rota_id = ? AND phone = ? AND status = 'booked'");
static const struct ms_stmt BOOKING_CANCEL = MS_STMT(
	"booking.cancel",
	"UPDATE booking SET status = 'cancelled' WHERE code_hash = ? AND status = 'booked' RETURNING rota_id");
static const struct ms_stmt BOOKING_LIST = MS_STMT(
	"booking.list", "SELECT id, name, phone, topic, created_at FROM booking WHERE rota_id = ? AND status = 'booked' "
			"ORDER BY id");
static const struct ms_stmt RECEPTIONS = MS_STMT(
	"liaison.receptions",
	"SELECT u.id AS deputy_id, u.name, "
	"(SELECT count(DISTINCT r.day) FROM rota_deputy d JOIN rota r ON r.id = d.rota_id WHERE d.deputy_id = u.id "
	"AND r.congress_id = ? AND r.day >= ? AND r.day <= ?) AS held, "
	"(SELECT count(DISTINCT r.day) FROM rota_deputy d JOIN rota r ON r.id = d.rota_id WHERE d.deputy_id = u.id "
	"AND r.congress_id = ? AND r.day > ? AND r.day <= ?) AS scheduled "
	"FROM \"user\" u JOIN user_role x ON x.user_id = u.id AND x.role = 'deputy' WHERE u.congress_id = ? "
	"ORDER BY u.id");

static const struct ms_stmt HOUSE_INSERT = MS_STMT(
	"house.insert", "INSERT INTO house(congress_id, label, deputy_id, token, created_at) VALUES (?, ?, ?, ?, ?) "
			"RETURNING id");
static const struct ms_stmt HOUSE_TAKEN =
	MS_STMT("house.taken", "SELECT id FROM house WHERE congress_id = ? AND label = ?");
static const struct ms_stmt HOUSE_LIST = MS_STMT(
	"house.list", "SELECT h.id, h.label, h.deputy_id, u.name AS deputy_name, h.created_at FROM house h "
		      "JOIN \"user\" u ON u.id = h.deputy_id WHERE h.congress_id = ? ORDER BY h.label, h.id");
static const struct ms_stmt HOUSE_TOKEN = MS_STMT("house.token", "SELECT token FROM house WHERE id = ?");
static const struct ms_stmt HOUSE_CONGRESS = MS_STMT("house.congress", "SELECT congress_id FROM house WHERE id = ?");
static const struct ms_stmt DEPUTY_TOKEN =
	MS_STMT("liaison.deputy_token", "SELECT token FROM deputy_code WHERE deputy_id = ?");
static const struct ms_stmt DEPUTY_TOKEN_SET = MS_STMT(
	"liaison.deputy_token_set", "INSERT INTO deputy_code(deputy_id, congress_id, token) VALUES (?, ?, ?)");
static const struct ms_stmt TOKEN = MS_STMT(
	"liaison.token",
	"SELECT 'station' AS kind, s.congress_id, s.id AS station_id, s.name AS station_name, "
	"CAST(NULL AS BIGINT) AS deputy_id, CAST(NULL AS TEXT) AS deputy_name, CAST(NULL AS BIGINT) AS house_id "
	"FROM station s WHERE s.token = ? "
	"UNION ALL SELECT 'deputy', c.congress_id, NULL, NULL, u.id, u.name, NULL FROM deputy_code c "
	"JOIN \"user\" u ON u.id = c.deputy_id WHERE c.token = ? "
	"UNION ALL SELECT 'house', h.congress_id, NULL, NULL, u.id, u.name, h.id FROM house h "
	"JOIN \"user\" u ON u.id = h.deputy_id WHERE h.token = ?");

static const struct ms_stmt CONGRESS_NAME = MS_STMT("liaison.congress_name", "SELECT name FROM congress WHERE id = ?");

const struct ms_stmt *const ms_station_stmts[] = {&CONGRESS_NAME,
	&SETTINGS,	&SETTINGS_SET, &CHILDREN,	&IS_DEPUTY,	 &STATION_INSERT, &STATION_UPDATE,
	&STATION_NAME, &STATION_DEP_CLEAR, &STATION_DEP_ADD, &STATION_GET, &STATION_LIST, &STATION_DEPUTIES,
	&STATION_HAS,	&STATION_CONGRESS, &ROTA_INSERT, &ROTA_DEP_ADD, &ROTA_GET,	&ROTA_LIST,
	&ROTA_DEPUTIES, &ROTA_CONGRESS, &ROTA_OVERLAP, &ROTA_HELD, &ROTA_DEP_CLEAR, &BOOKING_INSERT, &BOOKING_PHONE, &BOOKING_CANCEL, &BOOKING_LIST, &RECEPTIONS,
	&HOUSE_INSERT,	&HOUSE_TAKEN,	&HOUSE_LIST,	&HOUSE_TOKEN,	 &HOUSE_CONGRESS, &DEPUTY_TOKEN,
	&DEPUTY_TOKEN_SET, &TOKEN,	NULL};

static const struct ms_name station_kind = {"station", "联络站", "station"};
static const struct ms_name rota_kind = {"rota", "接待日", "reception day"};
static const struct ms_name house_kind = {"house", "门牌", "house"};

static int owner(struct ms_db *db, const struct ms_stmt *st, const struct ms_name *what, int64_t id,
		 int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, st, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, what, id) : rc;
}

int ms_station_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	return owner(db, &STATION_CONGRESS, &station_kind, id, congress_id, e);
}

int ms_rota_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	return owner(db, &ROTA_CONGRESS, &rota_kind, id, congress_id, e);
}

int ms_house_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	return owner(db, &HOUSE_CONGRESS, &house_kind, id, congress_id, e);
}

int ms_lsql_settings(struct ms_db *db, int64_t congress_id, struct ms_liaison_settings *s, bool *found,
		     struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_q_row_json(db, &SETTINGS, MS_ARGS(MS_VI(congress_id)), &o, e);
	*found = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		return 0;
	}
	if (rc)
		return rc;
	s->notice_days = json_integer_value(json_object_get(o, "notice_days"));
	s->receptions_min = json_integer_value(json_object_get(o, "receptions_min"));
	s->form_per_hour = json_integer_value(json_object_get(o, "form_per_hour"));
	const char *areas = json_string_value(json_object_get(o, "areas"));
	s->areas = json_loads(areas ? areas : "[]", 0, NULL);
	json_decref(o);
	if (!json_is_array(s->areas)) {
		json_decref(s->areas);
		s->areas = json_array();
	}
	return s->areas ? 0 : ms_nomem(e);
}

int ms_lsql_settings_set(struct ms_db *db, int64_t congress_id, const struct ms_liaison_settings *s, const char *areas,
			 const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &SETTINGS_SET,
			 MS_ARGS(MS_VI(congress_id), MS_VI(s->notice_days), MS_VI(s->receptions_min),
				 MS_VI(s->form_per_hour), MS_VT(areas), MS_VT(now)),
			 e);
}

int ms_lsql_child_names(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	json_t *rows = NULL;
	int rc = ms_q_rows_json(db, &CHILDREN, MS_ARGS(MS_VI(congress_id)), &rows, e);
	if (rc)
		return rc;
	json_t *names = json_array(), *r;
	size_t i;
	json_array_foreach(rows, i, r) if (names && json_array_append(names, json_object_get(r, "name")))
	{
		json_decref(names);
		names = NULL;
	}
	json_decref(rows);
	*out = names;
	return names ? 0 : ms_nomem(e);
}

int ms_lsql_is_deputy(struct ms_db *db, int64_t id, int64_t congress_id, bool *ok, struct ms_error *e)
{
	return ms_q_exists(db, &IS_DEPUTY, MS_ARGS(MS_VI(id), MS_VI(congress_id)), ok, e);
}

int ms_lsql_station_insert(struct ms_db *db, int64_t congress_id, const struct ms_station_in *in, const char *token,
			   const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &STATION_INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VT(in->kind), MS_VT(in->name), MS_VT(in->address ? in->address : ""),
				MS_VT(in->area ? in->area : ""), MS_VT(token), MS_VT(now)),
			id, e);
}

int ms_lsql_station_update(struct ms_db *db, int64_t id, const struct ms_station_in *in, struct ms_error *e)
{
	return ms_q_exec(db, &STATION_UPDATE,
			 MS_ARGS(MS_VT(in->kind), MS_VT(in->name), MS_VT(in->address ? in->address : ""),
				 MS_VT(in->area ? in->area : ""), MS_VI(id)),
			 e);
}

int ms_lsql_station_name_taken(struct ms_db *db, int64_t congress_id, const char *name, int64_t except, bool *out,
			       struct ms_error *e)
{
	return ms_q_exists(db, &STATION_NAME, MS_ARGS(MS_VI(congress_id), MS_VT(name), MS_VI(except)), out, e);
}

int ms_lsql_station_deputies_set(struct ms_db *db, int64_t id, const int64_t *ids, size_t n, struct ms_error *e)
{
	int rc = ms_q_exec(db, &STATION_DEP_CLEAR, MS_ARGS(MS_VI(id)), e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = ms_q_exec(db, &STATION_DEP_ADD, MS_ARGS(MS_VI(id), MS_VI(ids[i])), e);
	return rc;
}

int ms_lsql_station_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &STATION_GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &station_kind, id) : rc;
}

int ms_lsql_station_list(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &STATION_LIST, MS_ARGS(MS_VI(congress_id)), out, e);
}

int ms_lsql_station_deputies(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &STATION_DEPUTIES, MS_ARGS(MS_VI(id)), out, e);
}

int ms_lsql_station_has(struct ms_db *db, int64_t station_id, int64_t deputy_id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &STATION_HAS, MS_ARGS(MS_VI(station_id), MS_VI(deputy_id)), out, e);
}

int ms_lsql_rota_insert(struct ms_db *db, int64_t station_id, int64_t congress_id, const struct ms_rota_in *in,
			const char *now, int64_t *id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &ROTA_INSERT,
			  MS_ARGS(MS_VI(station_id), MS_VI(congress_id), MS_VT(in->day), MS_VT(in->starts),
				  MS_VT(in->ends), MS_VI(in->capacity), MS_VT(now)),
			  id, e);
	for (size_t i = 0; !rc && i < in->n_deputies; i++)
		rc = ms_q_exec(db, &ROTA_DEP_ADD, MS_ARGS(MS_VI(*id), MS_VI(in->deputy_ids[i])), e);
	return rc;
}

int ms_lsql_rota_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &ROTA_GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &rota_kind, id) : rc;
}

int ms_lsql_rota_held(struct ms_db *db, int64_t rota_id, const int64_t *deputy_ids, size_t n, int64_t residents,
		      int64_t by, const char *now, bool *done, struct ms_error *e)
{
	int64_t x;
	int rc = ms_q_i64(db, &ROTA_HELD, MS_ARGS(MS_VI(residents), MS_VREF(by), MS_VT(now), MS_VI(rota_id)), &x, e);
	*done = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		return 0;
	}
	if (!rc)
		rc = ms_q_exec(db, &ROTA_DEP_CLEAR, MS_ARGS(MS_VI(rota_id)), e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = ms_q_exec(db, &ROTA_DEP_ADD, MS_ARGS(MS_VI(rota_id), MS_VI(deputy_ids[i])), e);
	return rc;
}

int ms_lsql_rota_overlap(struct ms_db *db, int64_t station_id, const char *day, const char *starts, const char *ends,
			 json_t **out, struct ms_error *e)
{
	*out = NULL;
	int rc = ms_q_row_json(db, &ROTA_OVERLAP, MS_ARGS(MS_VI(station_id), MS_VT(day), MS_VT(ends), MS_VT(starts)),
			       out, e);
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		return 0;
	}
	return rc;
}

int ms_lsql_rota_list(struct ms_db *db, int64_t station_id, const char *from, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &ROTA_LIST, MS_ARGS(MS_VI(station_id), MS_VT(from)), out, e);
}

int ms_lsql_rota_deputies(struct ms_db *db, int64_t rota_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &ROTA_DEPUTIES, MS_ARGS(MS_VI(rota_id)), out, e);
}

int ms_lsql_booking_insert(struct ms_db *db, int64_t rota_id, const char *name, const char *phone, const char *topic,
			   const char *hash, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &BOOKING_INSERT,
			 MS_ARGS(MS_VI(rota_id), MS_VT(name), MS_VT(phone), MS_VT(topic), MS_VT(hash), MS_VT(now)), e);
}

int ms_lsql_booking_cancel(struct ms_db *db, const char *hash, int64_t *rota_id, struct ms_error *e)
{
	return ms_q_i64(db, &BOOKING_CANCEL, MS_ARGS(MS_VT(hash)), rota_id, e);
}

int ms_lsql_booking_list(struct ms_db *db, int64_t rota_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &BOOKING_LIST, MS_ARGS(MS_VI(rota_id)), out, e);
}

int ms_lsql_receptions(struct ms_db *db, int64_t congress_id, const char *from, const char *to, const char *today,
		       json_t **out, struct ms_error *e)
{
	/* held: from the year's first day to today (or the year's end if
	 * sooner); scheduled: after today to the year's end */
	const char *held_to = strcmp(today, to) < 0 ? today : to;
	return ms_q_rows_json(db, &RECEPTIONS,
			      MS_ARGS(MS_VI(congress_id), MS_VT(from), MS_VT(held_to), MS_VI(congress_id), MS_VT(today),
				      MS_VT(to), MS_VI(congress_id)),
			      out, e);
}

int ms_lsql_house_insert(struct ms_db *db, int64_t congress_id, const char *label, int64_t deputy_id,
			 const char *token, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &HOUSE_INSERT,
			MS_ARGS(MS_VI(congress_id), MS_VT(label), MS_VI(deputy_id), MS_VT(token), MS_VT(now)), id, e);
}

int ms_lsql_house_taken(struct ms_db *db, int64_t congress_id, const char *label, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &HOUSE_TAKEN, MS_ARGS(MS_VI(congress_id), MS_VT(label)), out, e);
}

int ms_lsql_house_list(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &HOUSE_LIST, MS_ARGS(MS_VI(congress_id)), out, e);
}

int ms_lsql_house_token(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &HOUSE_TOKEN, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &house_kind, id) : rc;
}

int ms_lsql_deputy_token(struct ms_db *db, int64_t deputy_id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &DEPUTY_TOKEN, MS_ARGS(MS_VI(deputy_id)), out, e);
}

int ms_lsql_deputy_token_set(struct ms_db *db, int64_t deputy_id, int64_t congress_id, const char *token,
			     struct ms_error *e)
{
	return ms_q_exec(db, &DEPUTY_TOKEN_SET, MS_ARGS(MS_VI(deputy_id), MS_VI(congress_id), MS_VT(token)), e);
}

int ms_lsql_token(struct ms_db *db, const char *token, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &TOKEN, MS_ARGS(MS_VT(token), MS_VT(token), MS_VT(token)), out, e);
}

int ms_lsql_congress_name(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e)
{
	json_t *o = NULL;
	int rc = ms_q_row_json(db, &CONGRESS_NAME, MS_ARGS(MS_VI(congress_id)), &o, e);
	if (!rc) {
		*out = json_incref(json_object_get(o, "name"));
		json_decref(o);
	}
	return rc;
}

int ms_lsql_booking_phone(struct ms_db *db, int64_t rota_id, const char *phone, bool *taken, struct ms_error *e)
{
	return ms_q_exists(db, &BOOKING_PHONE, MS_ARGS(MS_VI(rota_id), MS_VT(phone)), taken, e);
}
