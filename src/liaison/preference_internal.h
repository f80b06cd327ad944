/* preference_internal.h — shared inside src/liaison/ by the preference
 * poll's files: its SQL (preference_sql.c) for its rules (preference.c,
 * preference_code.c, preference_result.c). Each returns 0 or a negative
 * enum ms_err with *e set. */
#ifndef MS_PREFERENCE_INTERNAL_H
#define MS_PREFERENCE_INTERNAL_H

#include "preference.h"

/* A poll as its rules read it. */
struct ms_pref {
	int64_t id, cycle_id, congress_id, year, budget;
	int status; /* enum ms_pref_status */
	bool greedy, mes, live;
	char title[4 * MS_PREF_TITLE_MAX + 1];
	char opens_at[MS_PREF_TIME_LEN + 1], closes_at[MS_PREF_TIME_LEN + 1];
};

/* The poll (404 when none). */
int ms_pref_load(struct ms_db *db, int64_t id, struct ms_pref *p, struct ms_error *e);
/* Whether residents may vote now: open, and now within its times. */
bool ms_pref_running(const struct ms_pref *p, const char *now);
/* Whether its voting is over: closed, or open past its closing time. */
bool ms_pref_over(const struct ms_pref *p, const char *now);
/* The keyed hash of a canonical code of poll id, or of a phone number
 * (canonical: 11 digits) as lower-case hex (65 bytes with its NUL). */
int ms_pref_code_hash(struct ms_db *db, int64_t id, const char *code, char hex[65], struct ms_error *e);
/* The code's spent tag (pref_spent): the same, under a tag of its own, so
 * that it and the code's hash match only for whoever holds the code. */
int ms_pref_spent_tag(struct ms_db *db, int64_t id, const char *code, char hex[65], struct ms_error *e);

/* The result of poll p from its ballots as stored at its close:
 * {"ballots","projects":[{id,title,cost,approvals[,measures]}],"greedy","mes"}
 * (a rule the poll does not use: null). */
/* measured: with each project's performance measures under greedy
 * (count/measures.h) — at the close, once; not for the live views. */
int ms_pref_result_compute(struct ms_db *db, const struct ms_pref *p, bool measured, json_t **out,
			   struct ms_error *e);

/* The advice label: {"zh","en"}. */
json_t *ms_pref_advice(void);

/* ---- preference_sql.c ---- */
int ms_pref_sql_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The largest budget of the round's congress polls; -1 when none has one. */
int ms_pref_sql_cycle_budget(struct ms_db *db, int64_t cycle_id, int64_t *budget, struct ms_error *e);
int ms_pref_sql_insert(struct ms_db *db, int64_t cycle_id, const struct ms_pref_in *in, int64_t budget, int64_t by,
		       const char *now, int64_t *id, struct ms_error *e);
/* The cheapest cost among poll id's projects. */
int ms_pref_sql_min_cost(struct ms_db *db, int64_t id, int64_t *cost, struct ms_error *e);
int ms_pref_sql_add_candidate(struct ms_db *db, int64_t id, int64_t candidate_id, struct ms_error *e);
/* The poll's projects by id: [{"id","title","title_en","description","category","cost"}]. */
int ms_pref_sql_projects(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The round's polls; its drafts only when drafts is true (the staff's). */
int ms_pref_sql_list(struct ms_db *db, int64_t cycle_id, bool drafts, json_t **out, struct ms_error *e);
/* Lock the poll's row until the transaction ends (PostgreSQL; SQLite's
 * write transaction holds the database): shared for a ballot or a phone
 * request, exclusive for a close, an open or an edit. */
int ms_pref_sql_lock(struct ms_db *db, int64_t id, bool exclusive, struct ms_error *e);
/* A draft's new settings; *done false when it is no longer a draft. */
int ms_pref_sql_update(struct ms_db *db, int64_t id, const struct ms_pref_in *in, int64_t budget, bool *done,
		       struct ms_error *e);
int ms_pref_sql_candidates_clear(struct ms_db *db, int64_t id, struct ms_error *e);
/* The poll's candidate ids, ascending (malloc'd). */
int ms_pref_sql_candidate_ids(struct ms_db *db, int64_t id, int64_t **ids, size_t *n, struct ms_error *e);
/* The result stored at close (JSON text), and read back (*result NULL when none is stored). */
int ms_pref_sql_result_set(struct ms_db *db, int64_t id, const char *json, struct ms_error *e);
int ms_pref_sql_result_get(struct ms_db *db, int64_t id, json_t **result, struct ms_error *e);
int ms_pref_sql_list_public(struct ms_db *db, json_t **out, struct ms_error *e);
/* Move status from → to (at: now, kept as opened_at / closed_at); *done
 * false when it was not `from`. */
int ms_pref_sql_status(struct ms_db *db, int64_t id, const char *from, const char *to, const char *at, bool *done,
		       struct ms_error *e);
int ms_pref_sql_station_of(struct ms_db *db, int64_t station_id, int64_t congress_id, bool *ok, struct ms_error *e);
int ms_pref_sql_deputy_of(struct ms_db *db, int64_t deputy_id, int64_t congress_id, bool *ok, struct ms_error *e);
int ms_pref_sql_next_serial(struct ms_db *db, int64_t id, int64_t *serial, struct ms_error *e);
int ms_pref_sql_batch_insert(struct ms_db *db, int64_t id, int64_t station_id, int64_t deputy_id, const char *note,
			     int64_t count, int64_t first, int64_t by, const char *now, int64_t *batch_id,
			     struct ms_error *e);
int ms_pref_sql_batches(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* A code's hash (batch_id 0: sent by phone). */
int ms_pref_sql_code_insert(struct ms_db *db, int64_t id, const char *hash, int64_t batch_id, struct ms_error *e);
/* A code by its hash, read only (pref_code): *known, and *batch its batch
 * (0: sent by phone) or -1 when it was spent before migration 37. */
int ms_pref_sql_code_lookup(struct ms_db *db, int64_t id, const char *hash, bool *known, int64_t *batch,
			    struct ms_error *e);
/* Spend a known code: its spent tag written to pref_spent with its batch
 * (schema_pref4.c); *spent false when another ballot spent it first. */
int ms_pref_sql_code_spend(struct ms_db *db, int64_t id, const char *tag, int64_t batch, bool *spent,
			   struct ms_error *e);
/* Record that phone_hash got its code for poll id: *fresh false when it
 * had one for this poll already (other polls do not count). */
int ms_pref_sql_phone_insert(struct ms_db *db, int64_t id, const char *phone_hash, bool *fresh, struct ms_error *e);
/* Count a request of subject at `at` (unix seconds), forget those older
 * than since, and give how many the subject made after since and the
 * earliest of them. */
int ms_pref_sql_request(struct ms_db *db, const char *subject, int64_t at, int64_t since, int64_t *count,
			int64_t *first, struct ms_error *e);
/* A ballot: its row (random id, choices) and its count in pref_tally's
 * row for its choices. */
int ms_pref_sql_ballot_insert(struct ms_db *db, int64_t id, const char *ballot_id, const char *choices,
			      struct ms_error *e);
/* The ballots counted: each distinct choices text and how many ballots
 * made it, in choices order. */
typedef int (*ms_pref_group_fn)(void *ctx, const char *choices, int64_t n, struct ms_error *e);
int ms_pref_sql_tally(struct ms_db *db, int64_t id, ms_pref_group_fn fn, void *ctx, struct ms_error *e);
/* How many ballots the poll has, from their counts. */
int ms_pref_sql_tally_sum(struct ms_db *db, int64_t id, int64_t *n, struct ms_error *e);
/* Each ballot's choices (text "3,5,9", ascending ids), in ballot id order. */
typedef int (*ms_pref_ballot_fn)(void *ctx, const char *choices, struct ms_error *e);
int ms_pref_sql_ballots(struct ms_db *db, int64_t id, ms_pref_ballot_fn fn, void *ctx, struct ms_error *e);

#endif
