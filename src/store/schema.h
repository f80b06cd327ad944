/*
 * schema.h — the versioned migrations of the schema (private to the store),
 * one list per SQL dialect: schema.c for SQLite, schema_pg.c for
 * PostgreSQL. Migration k (1-based) brings the schema version from k-1 to k
 * (SQLite: PRAGMA user_version; PostgreSQL: the table minsheng_schema,
 * which store.c creates before the first migration); migration k means the
 * same tables on both backends.
 */
#ifndef MS_SCHEMA_H
#define MS_SCHEMA_H

#include <stddef.h>

/* Each migration is a NULL-terminated list of SQL scripts run in order;
 * a dialect's migrations are listed, in order, with MS_SCHEMA_LIST. */
#define MS_SCHEMA_LIST(list, count, ...)                                                               \
	const char *const *const list[] = {__VA_ARGS__};                                                \
	const size_t count = sizeof list / sizeof list[0]

extern const char *const *const ms_schema_migrations[];
extern const size_t ms_schema_count;

extern const char *const *const ms_schema_pg_migrations[];
/* Migration 20 (schema_search.c): search and near-duplicate clusters. */
extern const char *const ms_schema_m20[], *const ms_schema_pg_m20[];
/* Migration 21 (schema_pref.c): the public preference poll. */
extern const char *const ms_schema_m21[], *const ms_schema_pg_m21[];
/* Migration 22 (schema_promote.c): the collection window, candidates' sources. */
extern const char *const ms_schema_m22[], *const ms_schema_pg_m22[];
/* Migration 23 (schema_liaison2.c): co-signing by consent, receptions recorded after the fact, the rates' indexes. */
extern const char *const ms_schema_m23[], *const ms_schema_pg_m23[];
/* Migration 24 (schema_pref2.c): the preference poll's stored result, one phone per round. */
extern const char *const ms_schema_m24[], *const ms_schema_pg_m24[];
/* Migration 25 (schema_override.c): the presidium's overrides of verdicts, run-off links. */
extern const char *const ms_schema_m25[], *const ms_schema_pg_m25[];
/* Migration 26 (schema_checkin.c): self check-in's mark on attendance. */
extern const char *const ms_schema_m26[], *const ms_schema_pg_m26[];
/* Migration 27 (schema_paper.c): the tellers' double entry of paper ballots. */
extern const char *const ms_schema_m27[], *const ms_schema_pg_m27[];
/* Migration 28 (schema_candidate2.c): a candidate's rationale and completion day. */
extern const char *const ms_schema_m28[], *const ms_schema_pg_m28[];
/* Migration 29 (schema_checkin.c): the desk's confirmation of a check-in by phone. */
extern const char *const ms_schema_m29[], *const ms_schema_pg_m29[];
/* Migration 30 (schema_live.c): a poll's live count on the hall's screens. */
extern const char *const ms_schema_m30[], *const ms_schema_pg_m30[];
/* Migration 31 (schema_levels.c): the street level, the index of a congress's children. */
extern const char *const ms_schema_m31[], *const ms_schema_pg_m31[];
/* Migration 32 (schema_legislate.c): legislative contact points, drafts, comments, opinions. */
extern const char *const ms_schema_m32[], *const ms_schema_pg_m32[];
/* Migration 33 (schema_linkage.c): how a round decides (ballot or council), tiers, council records, guidance. */
extern const char *const ms_schema_m33[], *const ms_schema_pg_m33[];
/* Migration 34 (schema_target.c): target lists, their tasks and reported values. */
extern const char *const ms_schema_m34[], *const ms_schema_pg_m34[];
/* Migration 35 (schema_review.c): report-and-rate reviews and the host round of their ballots. */
extern const char *const ms_schema_m35[], *const ms_schema_pg_m35[];
/* Migration 36 (schema_pref3.c): the preference poll's ballots counted as they come (pref_tally). */
extern const char *const ms_schema_m36[], *const ms_schema_pg_m36[];
/* Migration 37 (schema_pref4.c): a preference poll's spent codes kept apart from its codes (pref_spent). */
extern const char *const ms_schema_m37[], *const ms_schema_pg_m37[];
/* Migration 38 (schema_tally.c): a poll's ballots and deputies present, kept as they change (poll_tally). */
extern const char *const ms_schema_m38[], *const ms_schema_pg_m38[];
/* Each poll's tally made again from its rows (both engines; store/copy.c). */
extern const char ms_schema_tally_from_rows[];
extern const size_t ms_schema_pg_count;

/* Migration 19 (schema_casework.c): casework and suggestions. */
extern const char *const ms_schema_m19[];
extern const char *const ms_schema_pg_m19[];

#endif
