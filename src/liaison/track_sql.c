/*
 * track_sql.c — the tracking page's SQL beyond the demand itself (track.h):
 * the candidate projects a demand went into, traceable from the resident's
 * side as the candidate's public sources are from the other — promoted
 * directly, as a member of a confirmed cluster (each member a source of its
 * own), or through the suggestion a deputy made of it (or the suggestion
 * that one was merged into); with those taken from them out of the reserve
 * pool in later rounds, and the project each became. Public data only.
 */
#include "track.h"

#include "../store/query.h"

#define TRACK_DOWN(P)                                                                                         \
	"WITH RECURSIVE down(id) AS (SELECT s.candidate_id FROM candidate_source s WHERE s.demand_id = " P       \
	" OR s.suggestion_id IN (SELECT c.id FROM casework c WHERE c.demand_id = " P " UNION "                  \
	"SELECT c.merged_into FROM casework c WHERE c.demand_id = " P " AND c.merged_into IS NOT NULL) "         \
	"UNION SELECT k.id FROM candidate k JOIN down ON k.origin_id = down.id) "                               \
	"SELECT k.id AS candidate_id, k.title, k.title_en, k.cycle_id, y.year, y.congress_id, "                 \
	"p.id AS project_id FROM down JOIN candidate k ON k.id = down.id JOIN cycle y ON y.id = k.cycle_id "     \
	"LEFT JOIN project p ON p.candidate_id = k.id ORDER BY y.year, k.id"
static const struct ms_stmt CANDIDATES =
	MS_STMT2("track.candidates", TRACK_DOWN("?"), TRACK_DOWN("CAST(? AS BIGINT)"));

const struct ms_stmt *const ms_track_stmts[] = {&CANDIDATES, NULL};

int ms_track_candidates(struct ms_db *db, int64_t demand_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &CANDIDATES, MS_ARGS(MS_VI(demand_id), MS_VI(demand_id), MS_VI(demand_id)), out, e);
}
