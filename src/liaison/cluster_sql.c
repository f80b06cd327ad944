/*
 * cluster_sql.c — the only SQL of near-duplicate clusters of demands
 * (tables demand_cluster and demand_cluster_member, migration 20).
 */
#include "search_index.h"

#include <stdio.h>
#include <string.h>

#include "../store/query.h"
#include "search_internal.h"

static const struct ms_stmt TEXTS = MS_STMT("cluster.texts",
	"SELECT d.id, d.title, d.text FROM demand d WHERE d.congress_id = ? AND NOT EXISTS ("
	"SELECT 1 FROM demand_cluster_member m JOIN demand_cluster c ON c.id = m.cluster_id "
	"WHERE m.demand_id = d.id AND c.status <> 'proposed') ORDER BY d.id");
static const struct ms_stmt CLEAR_MEMBERS = MS_STMT("cluster.clear_members",
	"DELETE FROM demand_cluster_member WHERE cluster_id IN "
	"(SELECT id FROM demand_cluster WHERE congress_id = ? AND status = 'proposed')");
static const struct ms_stmt CLEAR = MS_STMT("cluster.clear",
	"DELETE FROM demand_cluster WHERE congress_id = ? AND status = 'proposed'");
static const struct ms_stmt ADD = MS_STMT("cluster.add",
	"INSERT INTO demand_cluster(congress_id, status, created_at) VALUES (?, 'proposed', ?) RETURNING id");
static const struct ms_stmt MEMBER_ADD = MS_STMT("cluster.member_add",
	"INSERT INTO demand_cluster_member(cluster_id, demand_id) VALUES (?, ?)");
static const struct ms_stmt MEMBER_DEL = MS_STMT("cluster.member_del",
	"DELETE FROM demand_cluster_member WHERE cluster_id = ? AND demand_id = ? RETURNING demand_id");
static const struct ms_stmt STATE = MS_STMT("cluster.state",
	"SELECT congress_id, status FROM demand_cluster WHERE id = ?");
static const struct ms_stmt OWNER = MS_STMT("cluster.owner", "SELECT congress_id FROM demand_cluster WHERE id = ?");
static const struct ms_stmt DECIDE = MS_STMT("cluster.decide",
	"UPDATE demand_cluster SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'proposed'");
static const struct ms_stmt SIZE = MS_STMT("cluster.size",
	"SELECT count(*) FROM demand_cluster_member WHERE cluster_id = ?");
static const struct ms_stmt OF_DEMAND = MS_STMT("cluster.of_demand",
	"SELECT c.id FROM demand_cluster_member m JOIN demand_cluster c ON c.id = m.cluster_id "
	"WHERE m.demand_id = ? AND c.status <> 'rejected' ORDER BY c.id LIMIT 1");
static const struct ms_stmt DEMAND_CONGRESS = MS_STMT("cluster.demand_congress",
	"SELECT congress_id FROM demand WHERE id = ?");
static const struct ms_stmt GET = MS_STMT("cluster.get",
	"SELECT id, congress_id, status, created_at, decided_by, decided_at FROM demand_cluster WHERE id = ?");
static const struct ms_stmt MEMBERS = MS_STMT("cluster.members",
	"SELECT d.id, d.congress_id, d.title, d.channel, d.status, d.area, d.created_at "
	"FROM demand_cluster_member m JOIN demand d ON d.id = m.demand_id WHERE m.cluster_id = ? ORDER BY d.id");
static const struct ms_stmt CHANNELS = MS_STMT("cluster.channels",
	"SELECT d.channel, count(*) AS count FROM demand_cluster_member m JOIN demand d ON d.id = m.demand_id "
	"WHERE m.cluster_id = ? GROUP BY d.channel ORDER BY d.channel");
static const struct ms_stmt IDS = MS_STMT("cluster.ids",
	"SELECT demand_id FROM demand_cluster_member WHERE cluster_id = ? ORDER BY demand_id");
static const struct ms_stmt LIST = MS_STMT2("cluster.list",
	"SELECT id, count(*) OVER () AS _total FROM demand_cluster WHERE congress_id = ? "
	"AND (? IS NULL OR status = ?) ORDER BY id DESC LIMIT ? OFFSET ?",
	"SELECT id, count(*) OVER () AS _total FROM demand_cluster WHERE congress_id = ? "
	"AND (CAST(? AS TEXT) IS NULL OR status = ?) ORDER BY id DESC LIMIT ? OFFSET ?");

const struct ms_stmt *const ms_cluster_stmts[] = {&TEXTS, &CLEAR_MEMBERS, &CLEAR,    &ADD,  &MEMBER_ADD,
						  &MEMBER_DEL, &STATE, &OWNER, &DECIDE, &SIZE, &OF_DEMAND,
						  &DEMAND_CONGRESS, &GET, &MEMBERS, &CHANNELS, &IDS, &LIST, NULL};

static const struct ms_name cluster_name = {"demand_cluster", "相似诉求组", "cluster"};
static const struct ms_name demand_name = {"demand", "诉求", "demand"};

int ms_cluster_sql_texts(struct ms_db *db, int64_t congress_id, ms_cluster_text_fn fn, void *ctx,
			 struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &TEXTS, MS_ARGS(MS_VI(congress_id)), &s, e);
	if (rc)
		return rc;
	char buf[4096];
	while ((rc = ms_sql_step(s, e)) == 1) {
		size_t nt, nx;
		const char *t = ms_sql_column_text(s, 1, &nt), *x = ms_sql_column_text(s, 2, &nx);
		/* the shingles read the start of a text only: the title and the
		 * start of the text suffice */
		int len = snprintf(buf, sizeof buf, "%s\n%s", t, x);
		size_t n = len < 0 ? 0 : (size_t)len < sizeof buf ? (size_t)len : sizeof buf - 1;
		if ((rc = fn(ctx, ms_sql_column_i64(s, 0), buf, n)))
			break;
	}
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}

int ms_cluster_sql_clear_proposed(struct ms_db *db, int64_t congress_id, struct ms_error *e)
{
	int rc = ms_q_exec(db, &CLEAR_MEMBERS, MS_ARGS(MS_VI(congress_id)), e);
	return rc ? rc : ms_q_exec(db, &CLEAR, MS_ARGS(MS_VI(congress_id)), e);
}

int ms_cluster_sql_add(struct ms_db *db, int64_t congress_id, const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &ADD, MS_ARGS(MS_VI(congress_id), MS_VT(now)), id, e);
}

int ms_cluster_sql_member_add(struct ms_db *db, int64_t id, int64_t demand_id, struct ms_error *e)
{
	return ms_q_exec(db, &MEMBER_ADD, MS_ARGS(MS_VI(id), MS_VI(demand_id)), e);
}

int ms_cluster_sql_member_del(struct ms_db *db, int64_t id, int64_t demand_id, bool *gone, struct ms_error *e)
{
	return ms_q_exists(db, &MEMBER_DEL, MS_ARGS(MS_VI(id), MS_VI(demand_id)), gone, e);
}

int ms_cluster_sql_state(struct ms_db *db, int64_t id, char status[16], int64_t *congress_id, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &STATE, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		*congress_id = ms_sql_column_i64(s, 0);
		snprintf(status, 16, "%s", ms_sql_column_text(s, 1, NULL));
		rc = 0;
	} else if (rc == 0) {
		rc = ms_store_not_found(e, &cluster_name, id);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_cluster_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &OWNER, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &cluster_name, id) : rc;
}

int ms_cluster_sql_decide(struct ms_db *db, int64_t id, const char *status, int64_t by, const char *now,
			  struct ms_error *e)
{
	return ms_q_exec(db, &DECIDE, MS_ARGS(MS_VT(status), MS_VREF(by), MS_VT(now), MS_VI(id)), e);
}

int ms_cluster_sql_size(struct ms_db *db, int64_t id, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &SIZE, MS_ARGS(MS_VI(id)), n, e);
}

int ms_cluster_sql_of_demand(struct ms_db *db, int64_t demand_id, int64_t *cluster_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &OF_DEMAND, MS_ARGS(MS_VI(demand_id)), cluster_id, e);
	if (rc == MS_ERR_NOT_FOUND) {
		*cluster_id = 0;
		rc = 0;
	}
	return rc;
}

int ms_cluster_sql_demand_congress(struct ms_db *db, int64_t demand_id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &DEMAND_CONGRESS, MS_ARGS(MS_VI(demand_id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &demand_name, demand_id) : rc;
}

int ms_cluster_sql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &GET, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &cluster_name, id) : rc;
}

int ms_cluster_sql_members(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &MEMBERS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_cluster_sql_channels(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &CHANNELS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_cluster_sql_ids(struct ms_db *db, int64_t id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &IDS, MS_ARGS(MS_VI(id)), ids, NULL, n, e);
}

int ms_cluster_sql_list(struct ms_db *db, int64_t congress_id, const char *status, const struct ms_page *pg,
			json_t **out, struct ms_error *e)
{
	return ms_q_page(db, &LIST, MS_ARGS(MS_VI(congress_id), MS_VT(status), MS_VT(status)), pg, out, e);
}
