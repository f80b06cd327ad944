/*
 * rollup.h — three-level linkage's roll-up (read-only): for a congress and
 * a year, the figures of itself and of every congress below it — projects
 * by stage and warning light, the year-end verdicts, demands, casework and
 * the three rates, supervision tasks, deputies' activity — each congress's
 * own figures and its total (its own plus the totals of the congresses
 * right under it), so a city's total is the sum of its districts' and its
 * own, down to the towns and streets.
 *
 * The figures, each counted from the raw records of the year (China's
 * calendar year; see docs/rollup.md):
 *   projects of the year's round by state (planning, delivering,
 *   finished) and light (green, yellow, red, blue), their cost and spending;
 *   the latest year-end verdict of each (satisfied, basic, dissatisfied,
 *   none — the rest not yet evaluated);
 *   demands received in the year (those addressed to a deputy apart);
 *   cases and suggestions filed in the year, closed, and overdue now;
 *   the three rates over the year (response, resolution, satisfaction), as
 *   numerators and denominators summed over the units — a level's rate is
 *   the sum of its numerators over the sum of its denominators;
 *   supervision tasks of the year's projects still open, and overdue now;
 *   deputies on the roster, and their activity entries approved in the year
 *   (with hours).
 */
#ifndef MS_ROLLUP_H
#define MS_ROLLUP_H

#include <jansson.h>

#include "../api/route.h"
#include "../store/store.h"

/* The figures (the index of each in a figure array and in the JSON). */
enum ms_rollup_fig {
	MS_RF_PROJECTS, MS_RF_PLANNING, MS_RF_DELIVERING, MS_RF_FINISHED,
	MS_RF_GREEN, MS_RF_YELLOW, MS_RF_RED, MS_RF_BLUE, MS_RF_COST, MS_RF_SPENT, MS_RF_MICRO, MS_RF_WISH,
	MS_RF_SATISFIED, MS_RF_BASIC, MS_RF_DISSATISFIED, MS_RF_NO_VERDICT, MS_RF_UNEVALUATED,
	MS_RF_DEMANDS, MS_RF_DEMANDS_DEPUTIES,
	MS_RF_CASES, MS_RF_CASES_CLOSED, MS_RF_CASES_OVERDUE,
	MS_RF_SUGGESTIONS, MS_RF_SUGGESTIONS_CLOSED, MS_RF_SUGGESTIONS_OVERDUE,
	MS_RF_RESPONSE_NUM, MS_RF_RESPONSE_DEN, MS_RF_RESOLUTION_NUM, MS_RF_RESOLUTION_DEN,
	MS_RF_SATISFACTION_NUM, MS_RF_SATISFACTION_DEN,
	MS_RF_TASKS_OPEN, MS_RF_TASKS_OVERDUE,
	MS_RF_DEPUTIES, MS_RF_ACTIVITIES, MS_RF_ACTIVITY_HOURS,
	MS_RF_COUNT
};
/* Figure i: its JSON key and its label in Chinese and English. */
struct ms_rollup_label {
	const char *key, *zh, *en;
};
extern const struct ms_rollup_label ms_rollup_labels[MS_RF_COUNT];

/* The roll-up of congress id for year (MS_YEAR_MIN..MS_YEAR_MAX), as
 * Rollup JSON: {"year", "congress": the node of id, "path": the congresses
 * above it (the city first), "children": the nodes right under it,
 * "congresses": every node of the subtree (id's first, then by depth and
 * id)}; a node is {"id","name","name_en","level","parent_id","depth",
 * "phase" (of the year's round, or null), "own", "total"}, own and total
 * objects of the figures with the three rates as {"num","den","value"}. */
int ms_rollup_get(struct ms_db *db, int64_t id, int year, json_t **out, struct ms_error *e);

/* ---- the cache (rollup_cache.c) ----
 *
 * A roll-up costs a pass over the year's records of the whole subtree (a
 * quarter of a second for a province's city); the dashboards read the same
 * few again and again. This process keeps the latest answers, as JSON text,
 * keyed by (congress, year, change stamp, minute): the change stamp is the
 * newest id of the audit log, which every committed write moves on — on
 * every node sharing the database, so no node needs telling — and the
 * minute bounds what changes with the clock alone (overdue cases and
 * tasks, the rates' windows, today) to a minute's staleness. A write is
 * never stale: the next read has a new stamp and counts again. At most
 * MS_ROLLUP_CACHE_ENTRIES answers and MS_ROLLUP_CACHE_BYTES bytes, the
 * least recently used going first; a key is counted once, the requests
 * that miss it meanwhile waiting for that count. One database per process
 * (the server's). Thread-safe. */
#define MS_ROLLUP_CACHE_ENTRIES 256
#define MS_ROLLUP_CACHE_BYTES ((size_t)64 << 20)
/* An entity tag: a quoted BLAKE2b-128 of the text in hex, with its NUL. */
#define MS_ROLLUP_ETAG_LEN 35

/* A roll-up as the JSON text answered (ms_rollup_get's object, compact). */
struct ms_rollup_text {
	char *text;                     /* malloc'd, NUL-terminated: the caller's to free */
	size_t len;
	char etag[MS_ROLLUP_ETAG_LEN];  /* equal texts have equal tags */
};

/* ms_rollup_get's answer for congress id and year as text, from the cache
 * when this process counted it at the same change stamp and minute, else
 * counted now (inside db's transaction) and kept. 0 and *out, or
 * ms_rollup_get's errors (a failure to keep it only goes uncached). */
int ms_rollup_text(struct ms_db *db, int64_t id, int year, struct ms_rollup_text *out, struct ms_error *e);

extern const struct ms_view ms_rollup_view;
extern const struct ms_routes ms_rollup_routes;
extern const struct ms_stmt *const ms_rollup_stmts[];

#endif
