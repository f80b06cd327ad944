/*
 * store.h — Minsheng's persistent store: infrastructure only. The pool of
 * connections and transactions, migrations, the installation's secret and
 * the copy of a whole installation; the domains' SQL lives in their own
 * `x_sql.c` files and runs through query.h. Only src/store/ knows which
 * database is behind it.
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
 * Every function returns 0 or a negative
 * enum ms_err with a message in *e: MS_ERR_NOT_FOUND for a missing object,
 * MS_ERR_CONFLICT ("duplicate") for a unique-key clash, MS_ERR_BUSY when the
 * database stayed locked past the busy timeout (or, on PostgreSQL, a lock
 * timeout, deadlock or serialization failure), MS_ERR_STORE otherwise.
 */
#ifndef MS_STORE_H
#define MS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/names.h"

struct ms_store;
struct ms_db;

/* A page of a list: ?page, ?per_page and the search text ?q. */
struct ms_page {
	const char *q;       /* substring filter or NULL */
	int64_t page;        /* from 1 */
	int64_t per_page;    /* 1..200 */
};

/* MS_ERR_NOT_FOUND "not_found" naming what was looked for (its labels) and
 * its id, for a domain's read that found nothing. */
int ms_store_not_found(struct ms_error *e, const struct ms_name *what, int64_t id);

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

/* ---- grouped writes ----
 *
 * ms_db_grouped runs fn(tx, arg, e) as one write of db's caller (db holds
 * no transaction): on SQLite with group commit, in a write transaction
 * shared with the other grouped writes that arrived meanwhile, each in a
 * savepoint of its own, written by the store's writer thread (group.c);
 * elsewhere in a write transaction of its own, on the caller's thread. fn
 * writes through tx (which may be another thread's handle: fn must not use
 * db, nor anything it keeps per thread) and returns 0 or an error in e; a
 * write that fails is rolled back alone. The call returns once the write
 * is committed and on disk (0), or with fn's error, or with the error that
 * lost its transaction (nothing of the write is kept). lead (NULL: none)
 * runs on the thread about to write a group, or to write alone, before it
 * waits for the write lock: what the group's writes share, made on that
 * thread (fn runs there too).
 *
 * ms_store_grouped_later queues the same write without waiting, where
 * writes are grouped (ms_store_groups_writes): it returns 0 once the write
 * is queued, and done(arg, rc) is called on the writer's thread once it is
 * on disk (rc 0) or has failed (rc and e as ms_db_grouped's); e must live
 * until then. Non-zero: not queued, done is never called. */
typedef int (*ms_db_grouped_fn)(struct ms_db *tx, void *arg, struct ms_error *e);
typedef void (*ms_db_grouped_done_fn)(void *arg, int rc);
int ms_db_grouped(struct ms_db *db, ms_db_grouped_fn fn, void (*lead)(void *arg), void *arg, struct ms_error *e);
int ms_store_grouped_later(struct ms_store *st, ms_db_grouped_fn fn, void (*lead)(void *arg),
			   ms_db_grouped_done_fn done, void *arg, struct ms_error *e);
/* Whether ms_db_grouped groups writes on this store (SQLite with group
 * commit, on a file); false when no connection can be opened. */
bool ms_store_groups_writes(struct ms_store *st);
/* How many groups were committed, and the writes they held. */
void ms_store_groups(struct ms_store *st, uint64_t *groups, uint64_t *members);

/* ---- events: what a write changed, told to every server node ----
 *
 * A write transaction names what it changed by a topic ("poll:12", at most
 * MS_STORE_TOPIC_MAX - 1 bytes of [a-z0-9:_-]). Once the transaction
 * commits, the topic reaches the event function of every server node on the
 * same database: on PostgreSQL by NOTIFY (sent at commit, to every node that
 * LISTENs, this one included; a rollback sends nothing), on SQLite — and for
 * a local topic on PostgreSQL — in this process, called by the committing
 * thread after its commit. A topic named
 * twice in one transaction is told once; SQLite tells at most
 * MS_STORE_TOPICS_PER_TX distinct topics, then "*" (anything may have
 * changed). "*" also follows a PostgreSQL listener's reconnection. SQLite
 * writes by another process (the CLI) are not told: a listener that needs
 * them re-reads now and then. */
#define MS_STORE_TOPIC_MAX 64
#define MS_STORE_TOPICS_PER_TX 8
typedef void (*ms_store_event_fn)(void *ctx, const char *topic);
/* Whether topic is a well-formed topic. */
bool ms_store_topic_ok(const char *topic);
/* The topic prefixes ("poll") that anything in this program follows,
 * NULL-terminated; a topic of another prefix is never told (on PostgreSQL a
 * NOTIFY is not free: the commits of notifying transactions are serialised
 * across the whole cluster). Call once at start; none is told before. */
void ms_store_topics(const char *const *prefixes);
/* Name topic as changed by db's open write transaction. local: tell this
 * process only, never through PostgreSQL — for the writes that come in
 * bursts (ballots), whose NOTIFY would serialise their commits; the other
 * nodes see them at their next full refresh (api/feed.h). MS_ERR_INTERNAL
 * for a bad topic or no transaction. */
int ms_db_notify(struct ms_db *db, const char *topic, bool local, struct ms_error *e);
/* Run fn(arg, committed) once db's open transaction ends: after its commit
 * (committed true, on the committing thread, with the write lock free) or
 * when it is rolled back or its commit fails (false). fn owns arg. What a
 * transaction must do only if it is kept — and must never write to the
 * database — goes here. MS_ERR_INTERNAL outside a transaction (fn is then
 * called at once with false). */
typedef void (*ms_db_commit_fn)(void *arg, bool committed);
int ms_db_on_commit(struct ms_db *db, ms_db_commit_fn fn, void *arg, struct ms_error *e);

/* ---- messages between nodes ----
 *
 * A message is a text (at most MS_STORE_MESSAGE_MAX - 1 bytes of UTF-8)
 * that db's open transaction sends, at its commit, to every other server
 * node on the same PostgreSQL database (NOTIFY, never stored in a table);
 * on SQLite there is no other node and it goes nowhere. Each node's message
 * function (ms_store_on_message) gets it — the sender's too, on its listener
 * thread. */
#define MS_STORE_MESSAGE_MAX 7900
typedef void (*ms_store_message_fn)(void *ctx, const char *text);
/* Set the message function; before ms_store_events_start, once. */
void ms_store_on_message(struct ms_store *st, ms_store_message_fn fn, void *ctx);
int ms_db_send(struct ms_db *db, const char *text, struct ms_error *e);
/* Group commit (SQLite; sql.h, store.c): how many syncs of the log have
 * ended, each covering every commit written before it began. For tests,
 * ms_store_set_sync_delay makes each sync take ms longer (before any
 * commit), so that commits at once must share them. */
uint64_t ms_store_log_syncs(struct ms_store *st);
void ms_store_set_sync_delay(struct ms_store *st, unsigned ms);

/* A number that grows after every commit of a write transaction in this
 * process and at every change another node tells (a PostgreSQL NOTIFY, or
 * the listener's reconnection): an answer read when it was n, from a
 * transaction begun after, may be stale once it is more than n. Writes that
 * are not told do not move it: another process's on SQLite (the CLI), and
 * other nodes' writes of topics nothing follows (ms_store_topics) or told
 * locally (ballots). */
uint64_t ms_store_generation(struct ms_store *st);
/* Whether other server nodes may share db's database (PostgreSQL). */
bool ms_db_has_nodes(const struct ms_db *db);

/* Start telling fn (on PostgreSQL from a thread of the store's own, with a
 * connection of its own; it must return quickly). Once per store. */
int ms_store_events_start(struct ms_store *st, ms_store_event_fn fn, void *ctx, struct ms_error *e);
/* Stop telling (joins the listener); before ms_store_close. No-op when not started. */
void ms_store_events_stop(struct ms_store *st);

/* The installation's 32-byte secret (created with the schema), for receipts. */
int ms_db_secret(struct ms_db *db, unsigned char key[32], struct ms_error *e);
/* Current schema version. */
int ms_db_schema_version(struct ms_db *db, int *out, struct ms_error *e);

/* ---- moving an installation ---- */

/* Called after each table is copied and verified: its name, rows, and the
 * hex checksum that both sides agreed on. */
typedef void (*ms_copy_progress_fn)(void *ctx, const char *table, int64_t rows, const char *checksum);

/* Copy every table of database from into database to (each a --db string:
 * PATH, sqlite:PATH or postgresql://…), in one transaction on the target.
 * Both are brought to the current schema first; the tables, their columns
 * and the order that their foreign keys need are read from the database's
 * own catalogue, and must be the same on both. The target must hold no
 * data (MS_ERR_CONFLICT "not_empty" otherwise). Each table's row count and
 * checksum are compared between source and target before the commit; on a
 * difference (MS_ERR_STORE "copy_mismatch") or any error nothing is kept. */
int ms_store_copy(const char *from, const char *to, ms_copy_progress_fn progress, void *ctx, struct ms_error *e);

/* The store's own statements and the copy's catalogue queries (query.h), for the
 * prepare-every-statement test. */
extern const struct ms_stmt *const ms_store_stmts[], *const ms_copy_stmts[];

#endif
