/*
 * promote.h — the way from what people ask to the candidate list (群众提):
 * a round's collection window (征集期), the demands put forward for next
 * year's projects, and their promotion into candidate projects that stay
 * traceable both ways.
 *
 * A round of a congress has a collection window, a pair of days set by its
 * clerks while the round collects: the public pages say when the yearly
 * collection runs (PRACTICE.md: "collection usually opens in the third
 * quarter … a fixed collection month, often September"); the online channel
 * and the stations stay open all year, and what arrives outside the window
 * waits for the next one. Demands put forward for the candidates (triage
 * outcome 'candidate') form the congress's proposals; staff promote one or
 * several demands — the residents who asked the same thing — into one new
 * candidate of a round that collects or compiles (cycle.h's rules for a
 * candidate: the same fields, the same checks). Each source demand keeps
 * its channel, its resident and its history; it gets a step saying which
 * candidate it went into. A candidate's sources are counted through its
 * reserve-pool origins, so a project taken from the pool years later still
 * shows who first asked for it.
 */
#ifndef MS_PROMOTE_H
#define MS_PROMOTE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../api/route.h"
#include "../cycle/cycle.h"
#include "../store/store.h"

#define MS_PROMOTE_SOURCES_MAX 1000 /* demands in one promotion */

/* Set round cy's collection window (days YYYY-MM-DD; closes on or after
 * opens, both in the round's year or the year before). Only while the
 * round collects (409 wrong_phase). */
int ms_collection_set(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, const char *opens_on,
		      const char *closes_on, struct ms_error *e);
/* Round cy's window as JSON: {cycle_id, year, opens_on, closes_on, state,
 * words}; opens_on / closes_on null when not set; state "unset", "before",
 * "open" or "after" by today's day. */
int ms_collection_get(struct ms_db *db, const struct ms_cycle *cy, json_t **out, struct ms_error *e);

/* What a candidate is made from: demands by id, the member demands of a
 * confirmed cluster (demand_cluster, the near-duplicates staff merged; 0:
 * none), and deputies' suggestions (代表建议) by id. */
struct ms_promote_in {
	const int64_t *demand_ids;
	size_t n_demands;
	int64_t cluster_id;
	const int64_t *suggestion_ids;
	size_t n_suggestions;
};
#define MS_PROMOTE_SUGGESTIONS_MAX 100

/* Make a new candidate of round cy from in (cycle.h's rules) whose sources
 * are src's demands (the listed ones each once, with the cluster's: at most
 * MS_PROMOTE_SOURCES_MAX, of cy's congress, none refused, none already a
 * source of a candidate of cy) and suggestions (of cy's congress, not
 * merged into another, none already a source in cy); at least one source.
 * Each demand gets a step 'promoted' and, while new, the status
 * 'candidate'. The new candidate's id into *id. */
int ms_promote(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
	       const struct ms_candidate_in *in, const struct ms_promote_in *src, int64_t *id, struct ms_error *e);
/* What a candidate came from (public: counts only, never a resident):
 * {candidate_id, demands, suggestions, deputies, stations, channels: [{channel,
 * count}], words}. */
int ms_promote_sources(struct ms_db *db, int64_t candidate_id, json_t **out, struct ms_error *e);
/* The demands behind a candidate and its origins, for staff (a page). */
int ms_promote_source_demands(struct ms_db *db, int64_t candidate_id, const struct ms_page *pg, json_t **out,
			      struct ms_error *e);
/* The candidates (and, once voted in, projects) a demand went into, oldest
 * first: [{candidate_id, title, cycle_id, year, project_id}]. */
int ms_promote_of_demand(struct ms_db *db, int64_t demand_id, json_t **out, struct ms_error *e);
/* The congress's demands put forward for the candidates, newest first,
 * each with the candidates it went into; `pending`: only those in none. */
int ms_promote_proposals(struct ms_db *db, int64_t congress_id, bool pending, const struct ms_page *pg, json_t **out,
			 struct ms_error *e);

extern const struct ms_names ms_collection_state_names;
extern const struct ms_routes ms_promote_routes;
extern const struct ms_stmt *const ms_promote_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "promote_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_promote_codes[];

#endif
