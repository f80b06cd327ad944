/* promote_sql.c — the SQL of the collection window and of candidates'
 * sources. A candidate's sources are read through its reserve-pool origins
 * (candidate.origin_id, followed to the first round it was proposed in);
 * a demand's candidates through the candidates taken from them. */
#include "promote_internal.h"

#include <string.h>

#include "../core/util.h"
#include "../store/query.h"

static const struct ms_stmt WIN_GET =
	MS_STMT("collection.get", "SELECT opens_on, closes_on FROM collection_window WHERE cycle_id = ?");
static const struct ms_stmt WIN_SET = MS_STMT(
	"collection.set", "INSERT INTO collection_window(cycle_id, opens_on, closes_on, updated_at) VALUES (?, ?, ?, ?) "
			  "ON CONFLICT(cycle_id) DO UPDATE SET opens_on = excluded.opens_on, "
			  "closes_on = excluded.closes_on, updated_at = excluded.updated_at");
static const struct ms_stmt DEMAND = MS_STMT("promote.demand", "SELECT congress_id, status FROM demand WHERE id = ?");
static const struct ms_stmt SOURCE_IN =
	MS_STMT("promote.source_in", "SELECT k.title FROM candidate_source s JOIN candidate k ON k.id = s.candidate_id "
				     "WHERE s.demand_id = ? AND k.cycle_id = ?");
static const struct ms_stmt SUGGESTION =
	MS_STMT("promote.suggestion", "SELECT congress_id, kind, merged_into FROM casework WHERE id = ?");
static const struct ms_stmt SUGGESTION_IN =
	MS_STMT("promote.suggestion_in", "SELECT k.title FROM candidate_source s JOIN candidate k ON k.id = s.candidate_id "
					 "WHERE s.suggestion_id = ? AND k.cycle_id = ?");
static const struct ms_stmt ADD_SUGGESTION =
	MS_STMT("promote.add_suggestion", "INSERT INTO candidate_source(candidate_id, suggestion_id, created_by, created_at) "
					  "VALUES (?, ?, ?, ?)");
static const struct ms_stmt CLUSTER = MS_STMT("promote.cluster", "SELECT congress_id, status FROM demand_cluster WHERE id = ?");
static const struct ms_stmt ADD = MS_STMT(
	"promote.add", "INSERT INTO candidate_source(candidate_id, demand_id, created_by, created_at) VALUES (?, ?, ?, ?)");

/* The candidate and every candidate it was taken from, out of the pool. */
#define CHAIN(P)                                                                                              \
	"WITH RECURSIVE chain(id) AS (SELECT " P " UNION SELECT k.origin_id FROM candidate k JOIN chain "      \
	"ON k.id = chain.id WHERE k.origin_id IS NOT NULL) "
#define SOURCES_OF(P) CHAIN(P)
static const struct ms_stmt CHANNELS = MS_STMT2(
	"promote.channels",
	SOURCES_OF("?") "SELECT d.channel, count(DISTINCT d.id) AS count FROM candidate_source s "
			"JOIN demand d ON d.id = s.demand_id WHERE s.candidate_id IN (SELECT id FROM chain) "
			"GROUP BY d.channel ORDER BY d.channel",
	SOURCES_OF("CAST(? AS BIGINT)") "SELECT d.channel, count(DISTINCT d.id) AS count FROM candidate_source s "
					"JOIN demand d ON d.id = s.demand_id WHERE s.candidate_id IN (SELECT id FROM chain) "
					"GROUP BY d.channel ORDER BY d.channel");
/* Demands and suggestions behind the candidate and its origins; deputies: those the demands were addressed to or
 * that entered them (at a desk, on a visit) and those who signed the suggestions, each once. */
#define TOTALS_SQL(P)                                                                                          \
	SOURCES_OF(P) ", src AS (SELECT s.demand_id, s.suggestion_id FROM candidate_source s "                  \
		      "WHERE s.candidate_id IN (SELECT id FROM chain)) "                                        \
		      "SELECT (SELECT count(DISTINCT demand_id) FROM src) AS demands, "                          \
		      "(SELECT count(DISTINCT suggestion_id) FROM src) AS suggestions, "                         \
		      "(SELECT count(*) FROM (SELECT d.deputy_id AS who FROM src JOIN demand d ON d.id = src.demand_id " \
		      "WHERE d.deputy_id IS NOT NULL UNION SELECT d.entered_by FROM src JOIN demand d "           \
		      "ON d.id = src.demand_id JOIN user_role r ON r.user_id = d.entered_by AND r.role = 'deputy' " \
		      "UNION SELECT g.deputy_id FROM src JOIN casework_signer g "                                 \
		      "ON g.casework_id = src.suggestion_id AND g.status = 'accepted') w) AS deputies, "         \
		      "(SELECT count(DISTINCT d.station_id) FROM src JOIN demand d ON d.id = src.demand_id) AS stations"
static const struct ms_stmt TOTALS = MS_STMT2("promote.totals", TOTALS_SQL("?"), TOTALS_SQL("CAST(? AS BIGINT)"));
#define SOURCE_DEMANDS(P)                                                                                      \
	SOURCES_OF(P) "SELECT d.id, d.title, d.channel, d.area, d.status, d.created_at, d.deputy_id, "         \
		      "u.name AS deputy_name, d.station_id, st.name AS station_name, "                         \
		      "min(s.candidate_id) AS candidate_id, count(*) OVER () AS _total FROM candidate_source s " \
		      "JOIN demand d ON d.id = s.demand_id LEFT JOIN \"user\" u ON u.id = d.deputy_id "         \
		      "LEFT JOIN station st ON st.id = d.station_id WHERE s.candidate_id IN (SELECT id FROM chain) " \
		      "GROUP BY d.id, d.title, d.channel, d.area, d.status, d.created_at, d.deputy_id, u.name, "  \
		      "d.station_id, st.name ORDER BY d.id LIMIT ? OFFSET ?"
static const struct ms_stmt SOURCE_LIST =
	MS_STMT2("promote.source_demands", SOURCE_DEMANDS("?"), SOURCE_DEMANDS("CAST(? AS BIGINT)"));
/* The candidates a demand was promoted to, and those taken from them. */
#define DOWN(P)                                                                                              \
	"WITH RECURSIVE down(id) AS (SELECT candidate_id FROM candidate_source WHERE demand_id = " P            \
	" UNION SELECT k.id FROM candidate k JOIN down ON k.origin_id = down.id) "                             \
	"SELECT k.id AS candidate_id, k.title, k.title_en, k.cycle_id, c.year, p.id AS project_id FROM down "  \
	"JOIN candidate k ON k.id = down.id JOIN cycle c ON c.id = k.cycle_id "                                \
	"LEFT JOIN project p ON p.candidate_id = k.id ORDER BY c.year, k.id"
static const struct ms_stmt OF_DEMAND = MS_STMT2("promote.of_demand", DOWN("?"), DOWN("CAST(? AS BIGINT)"));
#define PROPOSALS(L)                                                                                         \
	"SELECT d.id, d.title, d.channel, d.area, d.created_at, d.deputy_id, u.name AS deputy_name, "          \
	"d.station_id, st.name AS station_name, "                                                              \
	"(SELECT count(*) FROM candidate_source s WHERE s.demand_id = d.id) AS candidates, "                   \
	"count(*) OVER () AS _total FROM demand d LEFT JOIN \"user\" u ON u.id = d.deputy_id "                 \
	"LEFT JOIN station st ON st.id = d.station_id WHERE d.congress_id = ? AND d.status = 'candidate' "     \
	"AND (? = 0 OR NOT EXISTS (SELECT 1 FROM candidate_source s WHERE s.demand_id = d.id)) AND ("           \
	MS_MATCH(L, "d.title") " OR " MS_MATCH(L, "d.text") ") ORDER BY d.id DESC LIMIT ? OFFSET ?"
static const struct ms_stmt PROPOSAL_LIST = MS_STMT_SEARCH("promote.proposals", PROPOSALS);

const struct ms_stmt *const ms_promote_stmts[] = {&WIN_GET,  &WIN_SET,	   &DEMAND,	 &SOURCE_IN,	 &ADD, &SUGGESTION, &SUGGESTION_IN, &ADD_SUGGESTION, &CLUSTER,
						   &CHANNELS,	 &TOTALS,	 &SOURCE_LIST,
						   &OF_DEMAND, &PROPOSAL_LIST, NULL};

int ms_collection_sql_get(struct ms_db *db, int64_t cycle_id, char opens[11], char closes[11], bool *found,
			  struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_q_row_json(db, &WIN_GET, MS_ARGS(MS_VI(cycle_id)), &row, e);
	*found = rc == 0;
	if (rc == MS_ERR_NOT_FOUND)
		return 0;
	if (rc)
		return rc;
	ms_strlcpy(opens, json_string_value(json_object_get(row, "opens_on")), 11);
	ms_strlcpy(closes, json_string_value(json_object_get(row, "closes_on")), 11);
	json_decref(row);
	return 0;
}

int ms_collection_sql_set(struct ms_db *db, int64_t cycle_id, const char *opens, const char *closes, const char *now,
			  struct ms_error *e)
{
	return ms_q_exec(db, &WIN_SET, MS_ARGS(MS_VI(cycle_id), MS_VT(opens), MS_VT(closes), MS_VT(now)), e);
}

/* One row of st for id: its congress_id and the text column col (into
 * out[cap]); *extra (when not NULL) the integer column xcol. */
static int owner_row(struct ms_db *db, const struct ms_stmt *st, int64_t id, int64_t *congress_id, const char *col,
		     char *out, size_t cap, const char *xcol, int64_t *extra, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_q_row_json(db, st, MS_ARGS(MS_VI(id)), &row, e);
	if (rc)
		return rc;
	*congress_id = json_integer_value(json_object_get(row, "congress_id"));
	ms_strlcpy(out, json_string_value(json_object_get(row, col)), cap);
	if (extra)
		*extra = json_integer_value(json_object_get(row, xcol));
	json_decref(row);
	return 0;
}

/* The title of the candidate of cycle cycle_id that st finds for id:
 * *found false (and 0) when there is none. */
static int title_in(struct ms_db *db, const struct ms_stmt *st, int64_t id, int64_t cycle_id, char *title, size_t cap,
		    bool *found, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_q_row_json(db, st, MS_ARGS(MS_VI(id), MS_VI(cycle_id)), &row, e);
	*found = rc == 0;
	if (rc == MS_ERR_NOT_FOUND)
		return 0;
	if (rc)
		return rc;
	ms_strlcpy(title, json_string_value(json_object_get(row, "title")), cap);
	json_decref(row);
	return 0;
}

int ms_promote_sql_demand(struct ms_db *db, int64_t demand_id, int64_t *congress_id, char *status, size_t cap,
			  struct ms_error *e)
{
	return owner_row(db, &DEMAND, demand_id, congress_id, "status", status, cap, NULL, NULL, e);
}

int ms_promote_sql_source_in(struct ms_db *db, int64_t demand_id, int64_t cycle_id, char *title, size_t cap,
			     bool *found, struct ms_error *e)
{
	return title_in(db, &SOURCE_IN, demand_id, cycle_id, title, cap, found, e);
}

int ms_promote_sql_add(struct ms_db *db, int64_t candidate_id, int64_t demand_id, int64_t by, const char *now,
		       struct ms_error *e)
{
	return ms_q_exec(db, &ADD, MS_ARGS(MS_VI(candidate_id), MS_VI(demand_id), MS_VREF(by), MS_VT(now)), e);
}

int ms_promote_sql_sources(struct ms_db *db, int64_t candidate_id, json_t **out, struct ms_error *e)
{
	json_t *totals = NULL, *channels = NULL;
	int rc = ms_q_row_json(db, &TOTALS, MS_ARGS(MS_VI(candidate_id)), &totals, e);
	if (!rc)
		rc = ms_q_rows_json(db, &CHANNELS, MS_ARGS(MS_VI(candidate_id)), &channels, e);
	if (!rc) {
		json_object_set_new(totals, "candidate_id", json_integer(candidate_id));
		json_object_set_new(totals, "channels", channels);
		channels = NULL;
		*out = totals;
		totals = NULL;
	}
	json_decref(totals);
	json_decref(channels);
	return rc;
}

int ms_promote_source_demands(struct ms_db *db, int64_t candidate_id, const struct ms_page *pg, json_t **out,
			      struct ms_error *e)
{
	return ms_q_page(db, &SOURCE_LIST, MS_ARGS(MS_VI(candidate_id)), pg, out, e);
}

int ms_promote_of_demand(struct ms_db *db, int64_t demand_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &OF_DEMAND, MS_ARGS(MS_VI(demand_id)), out, e);
}

int ms_promote_proposals(struct ms_db *db, int64_t congress_id, bool pending, const struct ms_page *pg, json_t **out,
			 struct ms_error *e)
{
	const char *q = pg ? pg->q : NULL;
	return ms_q_page(db, &PROPOSAL_LIST, MS_ARGS(MS_VI(congress_id), MS_VI(pending ? 1 : 0), MS_VLIKE(q), MS_VLIKE(q)),
			 pg, out, e);
}

int ms_promote_sql_suggestion(struct ms_db *db, int64_t id, int64_t *congress_id, char *kind, size_t cap,
			      int64_t *merged_into, struct ms_error *e)
{
	return owner_row(db, &SUGGESTION, id, congress_id, "kind", kind, cap, "merged_into", merged_into, e);
}

int ms_promote_sql_suggestion_in(struct ms_db *db, int64_t id, int64_t cycle_id, char *title, size_t cap, bool *found,
				 struct ms_error *e)
{
	return title_in(db, &SUGGESTION_IN, id, cycle_id, title, cap, found, e);
}

int ms_promote_sql_add_suggestion(struct ms_db *db, int64_t candidate_id, int64_t suggestion_id, int64_t by,
				  const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &ADD_SUGGESTION, MS_ARGS(MS_VI(candidate_id), MS_VI(suggestion_id), MS_VREF(by), MS_VT(now)),
			 e);
}

int ms_promote_sql_cluster(struct ms_db *db, int64_t id, int64_t *congress_id, char *status, size_t cap,
			   struct ms_error *e)
{
	return owner_row(db, &CLUSTER, id, congress_id, "status", status, cap, NULL, NULL, e);
}
