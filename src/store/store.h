/*
 * store.h — Minsheng's persistent store: the only module that speaks SQL,
 * and the only one that knows which database is behind it.
 *
 * Backed by SQLite (the default: WAL, foreign keys on) or PostgreSQL,
 * through the driver of sql.h; prepared statements only, versioned
 * migrations (schema.c, schema_pg.c). A struct ms_store is a pool of
 * connections shared by the server threads; a request takes one connection
 * (struct ms_db) for its lifetime and runs exactly one transaction on it:
 *
 *     ms_store_acquire(st, &db);
 *     ms_db_begin(db, true, e);      // write: SQLite BEGIN IMMEDIATE,
 *                                    // PostgreSQL READ COMMITTED
 *     ... ms_db_* calls ...
 *     ms_db_commit(db, e) or ms_db_rollback(db);
 *     ms_store_release(st, db);
 *
 * Reads that describe objects return jansson objects (new references owned by
 * the caller) in the shape documented in docs/api.md; functions the domain
 * logic needs return plain structs. Every function returns 0 or a negative
 * enum ms_err with a message in *e: MS_ERR_NOT_FOUND for a missing object,
 * MS_ERR_CONFLICT ("duplicate") for a unique-key clash, MS_ERR_BUSY when the
 * database stayed locked past the busy timeout (or, on PostgreSQL, a lock
 * timeout, deadlock or serialization failure), MS_ERR_STORE otherwise.
 *
 * Secret ballots: the ballot table holds (random id, poll, sorted choices,
 * paper flag) and nothing else; participation(poll, user) records who voted,
 * without a timestamp. No function here joins the two.
 */
#ifndef MS_STORE_H
#define MS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"

struct ms_store;
struct ms_db;

enum ms_role {
	MS_ROLE_ADMIN = 1u << 0,
	MS_ROLE_CLERK = 1u << 1,
	MS_ROLE_DEPUTY = 1u << 2,
	MS_ROLE_UNIT = 1u << 3
};

/* "admin" → MS_ROLE_ADMIN …; 0 when unknown. */
unsigned ms_role_parse(const char *name);
const char *ms_role_name(unsigned role);

#define MS_LOGIN_MAX 64
#define MS_NAME_MAX 128
#define MS_HASH_MAX 128

struct ms_user {
	int64_t id;
	char login[MS_LOGIN_MAX + 1];
	char name[3 * MS_NAME_MAX + 1];  /* UTF-8 */
	unsigned roles;                  /* enum ms_role bits */
	int64_t congress_id;             /* 0: none */
	int64_t unit_id;                 /* 0: none */
	char pw_hash[MS_HASH_MAX];
};

struct ms_page {
	const char *q;       /* substring filter or NULL */
	int64_t page;        /* from 1 */
	int64_t per_page;    /* 1..200 */
};

/* ---- pool and transactions ---- */

/* Open the database db — a path or "sqlite:PATH" (SQLite, the file is
 * created if needed) or a "postgresql://…" / "postgres://…" libpq URI —
 * and bring its schema to the current version (several processes may do so
 * at once). pool_size connections are opened lazily. */
int ms_store_open(const char *db, unsigned pool_size, struct ms_store **out, struct ms_error *e);
void ms_store_close(struct ms_store *st);
/* Take a connection (blocks while all are in use). */
int ms_store_acquire(struct ms_store *st, struct ms_db **out, struct ms_error *e);
/* Give it back; rolls back a transaction left open. */
void ms_store_release(struct ms_store *st, struct ms_db *db);

int ms_db_begin(struct ms_db *db, bool write, struct ms_error *e);
int ms_db_commit(struct ms_db *db, struct ms_error *e);
void ms_db_rollback(struct ms_db *db);
bool ms_db_in_tx(const struct ms_db *db);

/* Hold the poll row until the transaction ends, so that a check of the
 * poll's status stays true until commit when several processes share the
 * database: exclusive (open, close) waits for every shared holder (ballots,
 * check-ins) and blocks new ones; call it in a write transaction before
 * reading the poll. PostgreSQL: SELECT … FOR UPDATE / FOR SHARE (a lock
 * wait past the lock timeout is MS_ERR_BUSY). SQLite: nothing to do — a
 * write transaction already holds the whole database. A missing poll is
 * not an error here (the read that follows reports it). */
int ms_db_poll_lock(struct ms_db *db, int64_t poll_id, bool exclusive, struct ms_error *e);

/* The installation's 32-byte secret (created with the schema), for receipts. */
int ms_db_secret(struct ms_db *db, unsigned char key[32], struct ms_error *e);
/* Current schema version. */
int ms_db_schema_version(struct ms_db *db, int *out, struct ms_error *e);

/* ---- users and sessions ---- */

int ms_db_user_create(struct ms_db *db, const struct ms_user *u, int64_t *id, struct ms_error *e);
int ms_db_user_get(struct ms_db *db, int64_t id, struct ms_user *out, struct ms_error *e);
int ms_db_user_by_login(struct ms_db *db, const char *login, struct ms_user *out, struct ms_error *e);
int ms_db_user_set_hash(struct ms_db *db, int64_t id, const char *hash, struct ms_error *e);
int ms_db_login_taken(struct ms_db *db, const char *login, bool *taken, struct ms_error *e);
/* User as JSON: {"id","login","name","roles":[...],"congress_id","unit_id"}. */
json_t *ms_user_json(const struct ms_user *u);

int ms_db_session_create(struct ms_db *db, const unsigned char token_hash[32], int64_t user_id,
			 const char *csrf, int64_t expires_at, struct ms_error *e);
/* The session's user and CSRF token (65 bytes); MS_ERR_NOT_FOUND when
 * absent or expired. */
int ms_db_session_get(struct ms_db *db, const unsigned char token_hash[32], struct ms_user *user,
		      char csrf[65], struct ms_error *e);
int ms_db_session_delete(struct ms_db *db, const unsigned char token_hash[32], struct ms_error *e);

/* Deputies of a congress: list JSON {"items","total","page","per_page"}. */
int ms_db_deputies_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg,
			json_t **out, struct ms_error *e);
int ms_db_deputies_count(struct ms_db *db, int64_t congress_id, int64_t *out, struct ms_error *e);

/* ---- congresses and units ---- */

int ms_db_congress_create(struct ms_db *db, const char *name, const char *name_en, const char *level,
			  int64_t parent_id, int64_t *id, struct ms_error *e);
int ms_db_congress_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_db_congress_list(struct ms_db *db, const struct ms_page *pg, json_t **out, struct ms_error *e);

int ms_db_unit_create(struct ms_db *db, int64_t congress_id, const char *name, const char *name_en,
		      int64_t *id, struct ms_error *e);
int ms_db_unit_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The unit's congress (MS_ERR_NOT_FOUND when no such unit). */
int ms_db_unit_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_db_unit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		    struct ms_error *e);
/* The unit of congress_id called name — by its name, else by its name_en —
 * as JSON (like ms_db_unit_get). MS_ERR_NOT_FOUND when none; MS_ERR_CONFLICT
 * (code "ambiguous") when no name matches and several name_en do. */
int ms_db_unit_find(struct ms_db *db, int64_t congress_id, const char *name, json_t **out, struct ms_error *e);

/* ---- cycles and candidates ---- */

#define MS_PHASE_COUNT 6
extern const char *const ms_phases[MS_PHASE_COUNT]; /* collect … closed */

struct ms_cycle {
	int64_t id, congress_id, year;
	int phase; /* index into ms_phases */
};

int ms_db_cycle_create(struct ms_db *db, int64_t congress_id, int64_t year, const char *title,
		       const char *title_en, int64_t *id, struct ms_error *e);
int ms_db_cycle_get(struct ms_db *db, int64_t id, struct ms_cycle *out, json_t **json, struct ms_error *e);
int ms_db_cycle_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		     struct ms_error *e);
int ms_db_cycle_set_phase(struct ms_db *db, int64_t id, int phase, struct ms_error *e);

/* Candidate fields; NULL / has_* false means "not given" (keep on update). */
struct ms_candidate_in {
	const char *title, *title_en, *description, *description_en, *category, *location;
	bool has_cost;
	int64_t cost;
	bool has_unit;
	int64_t unit_id; /* 0: none */
};

int ms_db_candidate_create(struct ms_db *db, int64_t cycle_id, const struct ms_candidate_in *c,
			   int64_t *id, struct ms_error *e);
int ms_db_candidate_update(struct ms_db *db, int64_t id, const struct ms_candidate_in *c, struct ms_error *e);
int ms_db_candidate_get(struct ms_db *db, int64_t id, int64_t *cycle_id, json_t **json, struct ms_error *e);
int ms_db_candidate_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
			 struct ms_error *e);
/* Whether the cycle has a candidate titled exactly title. */
int ms_db_candidate_title_taken(struct ms_db *db, int64_t cycle_id, const char *title, bool *taken,
				struct ms_error *e);
/* All candidate ids of a cycle, ascending; *ids is malloc'd. */
int ms_db_candidate_ids(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e);

/* ---- polls ---- */

enum ms_poll_status { MS_POLL_DRAFT = 0, MS_POLL_OPEN = 1, MS_POLL_CLOSED = 2 };

struct ms_poll {
	int64_t id, cycle_id, congress_id;
	char title[3 * 200 + 1];
	enum ms_poll_status status;
	uint32_t slots, max_approvals;
	int form;                 /* enum ms_ballot_form */
	int base;                 /* enum ms_threshold_base */
	uint32_t threshold_num, threshold_den;
	bool threshold_strict;
	bool has_budget;
	int64_t budget;
	uint32_t quorum_num, quorum_den;
	int64_t deputies_all;     /* frozen at open; -1 while draft */
	size_t n_candidates;
	int64_t *candidate_ids;   /* ascending; malloc'd, free with ms_poll_fini */
	int64_t *candidate_costs; /* aligned with candidate_ids */
};

void ms_poll_fini(struct ms_poll *p);
const char *ms_poll_status_name(enum ms_poll_status s);

/* Create a poll on the given candidates (which must belong to the cycle). */
int ms_db_poll_create(struct ms_db *db, const struct ms_poll *p, int64_t *id, struct ms_error *e);
int ms_db_poll_get(struct ms_db *db, int64_t id, struct ms_poll *out, struct ms_error *e);
/* Poll row JSON (without the computed fields the api adds) and its candidates array. */
int ms_db_poll_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_db_poll_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
		    struct ms_error *e);
/* Open a draft poll: freeze its roster (the congress's deputies now) and
 * their number into *deputies_all. */
int ms_db_poll_open(struct ms_db *db, int64_t id, int64_t congress_id, int64_t *deputies_all, struct ms_error *e);
/* Open a draft poll whose ballots come from elsewhere (an imported .pb):
 * no roster; the voters of the file are its deputies. */
int ms_db_poll_open_imported(struct ms_db *db, int64_t id, int64_t voters, struct ms_error *e);
/* Whether user_id is on the frozen roster of an opened poll. */
int ms_db_in_roster(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);

int ms_db_checkin(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
int ms_db_present_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);
int ms_db_is_present(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
int ms_db_has_voted(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
/* Attendance list of the congress's deputies with present / voted flags. */
int ms_db_attendance_list(struct ms_db *db, int64_t poll_id, int64_t congress_id, const struct ms_page *pg,
			  json_t **out, struct ms_error *e);

/* Record that user_id voted (MS_ERR_CONFLICT "already_voted" if so) — and,
 * separately, store the ballot. The caller does both in one transaction. */
int ms_db_participation_add(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
/* choices: the approved candidate ids (any order; stored sorted) or, when
 * ranked, the ranked ids in order of priority (stored in that order);
 * opposes: the opposed ones for an approve / oppose poll, NULL otherwise.
 * Writes the ballot's random id as hex (33 bytes) into id_hex if not NULL. */
int ms_db_ballot_add(struct ms_db *db, int64_t poll_id, const int64_t *choices, size_t n, const int64_t *opposes,
		     size_t n_opp, bool ranked, bool paper, char *id_hex, struct ms_error *e);
int ms_db_ballot_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);

/* Iterate the poll's ballots (random-id order); opposes is NULL unless the
 * ballot is of the approve / oppose form. fn returns 0 to go on. */
typedef int (*ms_ballot_fn)(void *ctx, const int64_t *choices, size_t n, const int64_t *opposes, size_t n_opp,
			    bool paper);
int ms_db_ballots_each(struct ms_db *db, int64_t poll_id, ms_ballot_fn fn, void *ctx, struct ms_error *e);
int ms_db_ballots_list(struct ms_db *db, int64_t poll_id, const struct ms_page *pg, json_t **out,
		       struct ms_error *e);

/* Close: set status closed and store the result JSON (text) once. */
int ms_db_poll_close(struct ms_db *db, int64_t poll_id, const char *result_json, struct ms_error *e);
int ms_db_result_get(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);

/* ---- audit ---- */

/* Append (user_id 0 = system). detail may be NULL; it is serialised. */
int ms_db_audit(struct ms_db *db, int64_t user_id, int64_t congress_id, const char *action,
		const char *object, json_t *detail, struct ms_error *e);
/* congress_id 0: all. Newest first. */
int ms_db_audit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		     struct ms_error *e);

/* ---- moving an installation ---- */

/* Called after each table is copied and verified: its name, rows, and the
 * hex checksum that both sides agreed on. */
typedef void (*ms_copy_progress_fn)(void *ctx, const char *table, int64_t rows, const char *checksum);

/* Copy every table of database from into database to (each a --db string:
 * PATH, sqlite:PATH or postgresql://…), in one transaction on the target.
 * Both are brought to the current schema first; the target must hold no
 * data (MS_ERR_CONFLICT "not_empty" otherwise). Each table's row count and
 * checksum are compared between source and target before the commit; on a
 * difference (MS_ERR_STORE "copy_mismatch") or any error nothing is kept. */
int ms_store_copy(const char *from, const char *to, ms_copy_progress_fn progress, void *ctx, struct ms_error *e);

#endif
