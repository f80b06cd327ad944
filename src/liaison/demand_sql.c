/* demand_sql.c — the SQL of residents' demands, their steps, photos and
 * the public form's per-address count (liaison.h). */
#include "liaison_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../store/query.h"
#include "../store/sql.h"

static const struct ms_stmt INSERT = MS_STMT(
	"demand.insert",
	"INSERT INTO demand(congress_id, channel, station_id, deputy_id, area, title, text, track_hash, status, "
	"created_at, contact_name, contact_phone, house_id, photo_id, entered_by) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt STEP = MS_STMT(
	"demand.step", "INSERT INTO demand_step(demand_id, kind, actor_id, note, at) VALUES (?, ?, ?, ?, ?)");
static const struct ms_stmt RATE = MS_STMT(
	"demand.rate", "INSERT INTO intake_rate(address, congress_id, hour, n) VALUES (?, ?, ?, 1) "
		       "ON CONFLICT(address, congress_id, hour) DO UPDATE SET n = intake_rate.n + 1 RETURNING n");
static const struct ms_stmt RATE_PRUNE =
	MS_STMT("demand.rate_prune", "DELETE FROM intake_rate WHERE hour < ?");
static const struct ms_stmt PHOTO_INSERT = MS_STMT(
	"demand.photo_insert",
	"INSERT INTO demand_photo(token_hash, mime, data, size, thumb, width, height, created_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
/* Photos no demand took, uploaded before a time: counted, then removed (the daily sweep). */
#define PHOTO_UNUSED "FROM demand_photo WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM demand d WHERE d.photo_id = demand_photo.id)"
static const struct ms_stmt PHOTO_UNUSED_COUNT = MS_STMT("demand.photo_unused_count", "SELECT count(*) " PHOTO_UNUSED);
static const struct ms_stmt PHOTO_UNUSED_DELETE = MS_STMT("demand.photo_unused_delete", "DELETE " PHOTO_UNUSED);
static const struct ms_stmt PHOTO_FIND = MS_STMT(
	"demand.photo_find",
	"SELECT p.id FROM demand_photo p WHERE p.token_hash = ? AND NOT EXISTS (SELECT 1 FROM demand d "
	"WHERE d.photo_id = p.id)");
static const struct ms_stmt PHOTO_DATA = MS_STMT(
	"demand.photo_data", "SELECT p.data FROM demand d JOIN demand_photo p ON p.id = d.photo_id WHERE d.id = ?");
static const struct ms_stmt BY_HASH = MS_STMT(
	"demand.by_hash",
	"SELECT d.id, d.congress_id, c.name AS congress_name, d.channel, d.area, d.title, d.text, d.status, "
	"d.created_at, s.name AS station_name, u.name AS deputy_name FROM demand d "
	"JOIN congress c ON c.id = d.congress_id LEFT JOIN station s ON s.id = d.station_id "
	"LEFT JOIN \"user\" u ON u.id = d.deputy_id WHERE d.track_hash = ?");
/* who acted, as a role: never a resident's or an official's name */
static const struct ms_stmt PUBLIC_STEPS = MS_STMT(
	"demand.public_steps",
	"SELECT s.kind, CASE WHEN s.actor_id IS NULL THEN 'resident' "
	"WHEN EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = s.actor_id AND r.role = 'deputy') THEN 'deputy' "
	"WHEN EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = s.actor_id AND r.role = 'unit') THEN 'unit' "
	"ELSE 'staff' END AS role, s.note, s.at FROM demand_step s WHERE s.demand_id = ? ORDER BY s.id");
#define DEMAND_COLS                                                                                            \
	"SELECT d.id, d.congress_id, d.channel, d.station_id, s.name AS station_name, d.deputy_id, "              \
	"u.name AS deputy_name, d.area, d.title, d.status, d.created_at "
#define DEMAND_FROM                                                                                            \
	"FROM demand d LEFT JOIN station s ON s.id = d.station_id LEFT JOIN \"user\" u ON u.id = d.deputy_id "
static const struct ms_stmt GET = MS_STMT(
	"demand.get", DEMAND_COLS ", d.text, d.contact_name, d.contact_phone, h.label AS house, "
			"CASE WHEN d.photo_id IS NULL THEN 0 ELSE 1 END AS photo_b, d.entered_by " DEMAND_FROM
			"LEFT JOIN house h ON h.id = d.house_id WHERE d.id = ?");
static const struct ms_stmt STEPS = MS_STMT(
	"demand.steps", "SELECT s.id, s.kind, s.actor_id, u.name AS actor_name, s.note, s.at FROM demand_step s "
			"LEFT JOIN \"user\" u ON u.id = s.actor_id WHERE s.demand_id = ? ORDER BY s.id");
/* every demand of the congress (deputy 0), or those a deputy handles:
 * addressed to it, or at a station it is assigned to */
static const struct ms_stmt LIST = MS_STMT(
	"demand.list", DEMAND_COLS ", count(*) OVER () AS _total " DEMAND_FROM
	"WHERE d.congress_id = ? AND (? = '' OR d.status = ?) AND (? = 0 OR d.deputy_id = ? OR d.station_id IN "
	"(SELECT station_id FROM station_deputy WHERE deputy_id = ?)) ORDER BY d.id DESC LIMIT ? OFFSET ?");
static const struct ms_stmt SET_STATUS =
	MS_STMT("demand.set_status", "UPDATE demand SET status = ? WHERE id = ? AND status = ? RETURNING id");
static const struct ms_stmt MOVE = MS_STMT("demand.move", "UPDATE demand SET status = ? WHERE id = ?");
static const struct ms_stmt CONGRESS = MS_STMT("demand.congress", "SELECT congress_id FROM demand WHERE id = ?");

static const struct ms_stmt REFER = MS_STMT(
	"demand.refer", "UPDATE demand SET congress_id = ? WHERE id = ? AND status IN ('new','office') RETURNING id");
static const struct ms_stmt IS_SOURCE =
	MS_STMT("demand.is_source", "SELECT 1 FROM candidate_source WHERE demand_id = ? LIMIT 1");
static const struct ms_stmt UNCLUSTER = MS_STMT(
	"demand.uncluster", "DELETE FROM demand_cluster_member WHERE demand_id = ? "
			    "AND cluster_id IN (SELECT id FROM demand_cluster WHERE congress_id = ?) RETURNING cluster_id");

const struct ms_stmt *const ms_demand_stmts[] = {&INSERT,     &STEP,	     &RATE,  &RATE_PRUNE, &PHOTO_INSERT,
						 &PHOTO_FIND, &PHOTO_DATA,   &BY_HASH, &PUBLIC_STEPS, &GET,
						 &STEPS,      &LIST,	     &SET_STATUS, &MOVE, &CONGRESS, &PHOTO_UNUSED_COUNT, &PHOTO_UNUSED_DELETE,
						 &REFER, &IS_SOURCE, &UNCLUSTER, NULL};

static const struct ms_name demand_kind = {"demand", "诉求", "demand"};

int ms_demand_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &CONGRESS, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &demand_kind, id) : rc;
}

int ms_dsql_insert(struct ms_db *db, const struct ms_demand_row *r, const struct ms_demand_in *in, int64_t *id,
		   struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(r->congress_id), MS_VT(r->channel), MS_VREF(r->station_id), MS_VREF(r->deputy_id),
				MS_VT(in->area ? in->area : ""), MS_VT(in->title), MS_VT(in->text), MS_VT(r->hash),
				MS_VT(r->now), MS_VT(in->contact_name), MS_VT(in->contact_phone), MS_VREF(r->house_id),
				MS_VREF(r->photo_id), MS_VREF(r->entered_by)),
			id, e);
}

int ms_dsql_step(struct ms_db *db, int64_t demand_id, const char *kind, int64_t actor_id, const char *note,
		 const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &STEP,
			 MS_ARGS(MS_VI(demand_id), MS_VT(kind), MS_VREF(actor_id), MS_VT(note ? note : ""), MS_VT(now)),
			 e);
}

int ms_dsql_rate(struct ms_db *db, const char *address, int64_t congress_id, const char *hour, int64_t *n,
		 struct ms_error *e)
{
	int rc = ms_q_exec(db, &RATE_PRUNE, MS_ARGS(MS_VT(hour)), e);
	return rc ? rc : ms_q_i64(db, &RATE, MS_ARGS(MS_VT(address), MS_VI(congress_id), MS_VT(hour)), n, e);
}

int ms_dsql_photo_insert(struct ms_db *db, const char *hash, const char *mime, const void *data, size_t len,
			 const void *thumb, size_t thumb_len, int64_t w, int64_t h, const char *now, int64_t *id,
			 struct ms_error *e)
{
	return ms_q_i64(db, &PHOTO_INSERT,
			MS_ARGS(MS_VT(hash), MS_VT(mime), MS_VB(data, len), MS_VI((int64_t)len), MS_VB(thumb, thumb_len),
				MS_VI(w), MS_VI(h), MS_VT(now)),
			id, e);
}

int ms_dsql_photo_unused(struct ms_db *db, const char *before, int64_t *n, struct ms_error *e)
{
	int rc = ms_q_i64(db, &PHOTO_UNUSED_COUNT, MS_ARGS(MS_VT(before)), n, e);
	return rc || !*n ? rc : ms_q_exec(db, &PHOTO_UNUSED_DELETE, MS_ARGS(MS_VT(before)), e);
}

int ms_dsql_photo_find(struct ms_db *db, const char *hash, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &PHOTO_FIND, MS_ARGS(MS_VT(hash)), id, e);
}

int ms_dsql_photo_data(struct ms_db *db, int64_t demand_id, char **data, size_t *len, struct ms_error *e)
{
	struct ms_sql_stmt *s = NULL;
	int rc = ms_q_bind(db, &PHOTO_DATA, MS_ARGS(MS_VI(demand_id)), &s, e);
	if (!rc && (rc = ms_sql_step(s, e)) == 1) {
		size_t n = 0;
		const void *p = ms_sql_column_blob(s, 0, &n);
		*data = malloc(n ? n : 1);
		if (!*data)
			rc = ms_nomem(e);
		else {
			if (n)
				memcpy(*data, p, n);
			*len = n;
			rc = 0;
		}
	} else if (rc == 0)
		rc = MS_ERR_NOT_FOUND;
	if (s)
		ms_sql_reset(s);
	return rc;
}

int ms_dsql_by_hash(struct ms_db *db, const char *hash, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &BY_HASH, MS_ARGS(MS_VT(hash)), out, e);
}

int ms_dsql_public_steps(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &PUBLIC_STEPS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_dsql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &demand_kind, id) : rc;
}

int ms_dsql_steps(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &STEPS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_dsql_list(struct ms_db *db, int64_t congress_id, int64_t deputy_id, const char *status,
		 const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	const char *st = status ? status : "";
	return ms_q_page(db, &LIST,
			 MS_ARGS(MS_VI(congress_id), MS_VT(st), MS_VT(st), MS_VI(deputy_id), MS_VI(deputy_id),
				 MS_VI(deputy_id)),
			 pg, out, e);
}

int ms_dsql_refer(struct ms_db *db, int64_t id, int64_t to, struct ms_error *e)
{
	int64_t done;
	return ms_q_i64(db, &REFER, MS_ARGS(MS_VI(to), MS_VI(id)), &done, e);
}

int ms_dsql_is_source(struct ms_db *db, int64_t id, bool *out, struct ms_error *e)
{
	return ms_q_exists(db, &IS_SOURCE, MS_ARGS(MS_VI(id)), out, e);
}

int ms_dsql_uncluster(struct ms_db *db, int64_t id, int64_t congress_id, json_t **clusters, struct ms_error *e)
{
	return ms_q_rows_json(db, &UNCLUSTER, MS_ARGS(MS_VI(id), MS_VI(congress_id)), clusters, e);
}

int ms_dsql_move(struct ms_db *db, int64_t id, const char *to, struct ms_error *e)
{
	return ms_q_exec(db, &MOVE, MS_ARGS(MS_VT(to), MS_VI(id)), e);
}

int ms_dsql_set_status(struct ms_db *db, int64_t id, const char *from, const char *to, bool *done, struct ms_error *e)
{
	int64_t got;
	int rc = ms_q_i64(db, &SET_STATUS, MS_ARGS(MS_VT(to), MS_VI(id), MS_VT(from)), &got, e);
	*done = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}
