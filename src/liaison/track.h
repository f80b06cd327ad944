/*
 * track.h — a demand's tracking code (查询码): what a resident who asked
 * without logging in keeps, to follow the demand and rate its answer.
 * Sixteen characters of Crockford's base32 (80 random bits from libsodium),
 * shown once when the demand is taken and printed in groups of four
 * (ABCD-EFGH-JKMN-PQRS); read back in any case, with hyphens and spaces,
 * O as 0 and I, L as 1. The database keeps only its SHA-256 (demand.track_hash),
 * so a copy of the data does not let anyone follow someone else's demand;
 * 80 bits cannot be guessed against a rate-limited form.
 *
 * The code functions are pure and thread-safe; ms_track_candidates reads
 * the database (track_sql.c).
 */
#ifndef MS_TRACK_H
#define MS_TRACK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../api/route.h"
#include "../store/store.h"

#define MS_TRACK_LEN 16      /* characters of a code */
#define MS_TRACK_SHOWN_LEN 19 /* with its three hyphens */
#define MS_TRACK_HASH_LEN 64 /* hex characters of its hash */

/* A new code, canonical, NUL-terminated. */
void ms_track_new(char code[MS_TRACK_LEN + 1]);
/* A code as typed into its canonical form; false when it is not one. */
bool ms_track_read(const char *typed, char code[MS_TRACK_LEN + 1]);
/* A canonical code as people are shown it: four groups of four. */
void ms_track_show(const char code[MS_TRACK_LEN + 1], char shown[MS_TRACK_SHOWN_LEN + 1]);
/* What the database keeps of a canonical code: SHA-256, lower-case hex. */
void ms_track_hash(const char code[MS_TRACK_LEN + 1], char hex[MS_TRACK_HASH_LEN + 1]);

/* The candidate projects demand demand_id went into — a source directly or
 * as a member of a confirmed cluster, or through the suggestion made of it
 * (or the one that was merged into) — and those taken from them out of the
 * reserve pool, by year: [{candidate_id, title, title_en, cycle_id, year,
 * congress_id, project_id}] (track_sql.c; public data only). */
int ms_track_candidates(struct ms_db *db, int64_t demand_id, json_t **out, struct ms_error *e);
/* Its view (TrackCandidate), for the tracking answer's field table. */
extern const struct ms_view ms_track_candidate_view;
extern const struct ms_stmt *const ms_track_stmts[];

#endif
