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
 * Pure functions; thread-safe.
 */
#ifndef MS_TRACK_H
#define MS_TRACK_H

#include <stdbool.h>

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

#endif
