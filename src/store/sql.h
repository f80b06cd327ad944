/*
 * sql.h — the SQL driver under store.c (private to src/store/).
 *
 * store.c speaks SQL through this small interface only; two drivers
 * implement it: sql_sqlite.c (SQLite 3, the embedded default) and sql_pg.c
 * (PostgreSQL through libpq). Nothing outside src/store/ includes this file.
 *
 * SQL text: store.c writes one dialect-neutral text where it can, with `?`
 * placeholders (numbered left to right from 1; the PostgreSQL driver
 * rewrites them to $1, $2 … outside quotes). Where the dialects differ
 * store.c picks the text by ms_sql_kind(). A statement is identified by the
 * address of its SQL text (all SQL is string literals in store.c), so each
 * connection caches its prepared statements by that pointer.
 *
 * Values: integers are int64; booleans are stored as integers 0/1 on both
 * backends; JSON is stored as text; ids of secret ballots are 16-byte blobs
 * (bytea on PostgreSQL); times are ISO 8601 UTC text made by the caller.
 *
 * Errors: every fallible call returns 0 or a negative enum ms_err and fills
 * *e: MS_ERR_CONFLICT code "duplicate" for a unique-key clash,
 * MS_ERR_UNPROCESSABLE code "invalid_reference" for a foreign-key failure
 * (other constraint failures: code "constraint_failed"), MS_ERR_BUSY code "busy"
 * for lock timeouts, deadlocks and serialization failures (the request may
 * be retried), MS_ERR_IO when the connection cannot be opened or was lost,
 * MS_ERR_STORE for anything else.
 *
 * Threads: a connection and its statements belong to one thread at a time.
 */
#ifndef MS_SQL_H
#define MS_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"

struct ms_sql;       /* one connection */
struct ms_sql_stmt;  /* a prepared statement and its current result row */

enum ms_sql_kind { MS_SQL_SQLITE, MS_SQL_PG };

enum ms_sql_type { MS_SQL_NULL, MS_SQL_INT, MS_SQL_REAL, MS_SQL_TEXT, MS_SQL_BLOB };

/* Which backend a --db value names: "postgresql://…" or "postgres://…" →
 * MS_SQL_PG (the whole string is the libpq connection URI); "sqlite:PATH"
 * or a plain PATH → MS_SQL_SQLITE. *target receives the part the driver
 * opens (the path for SQLite, the URI for PostgreSQL); it points into db. */
enum ms_sql_kind ms_sql_parse_url(const char *db, const char **target);

/* Open a connection. SQLite: creates the file if needed, WAL,
 * synchronous=NORMAL in group commit (ms_sql_log_grouped) or FULL,
 * foreign_keys=ON, busy timeout. PostgreSQL: connects,
 * sets client_encoding UTF8, TimeZone UTC, and a lock_timeout so a stuck
 * lock becomes MS_ERR_BUSY rather than a hang. */
int ms_sql_open(const char *db, struct ms_sql **out, struct ms_error *e);
void ms_sql_close(struct ms_sql *c);
enum ms_sql_kind ms_sql_kind(const struct ms_sql *c);

/* Run a script of one or more statements without parameters (migrations). */
int ms_sql_exec_script(struct ms_sql *c, const char *sql, struct ms_error *e);

/* Wait up to timeout_ms for a notification on a channel this connection
 * LISTENs to (PostgreSQL; run "LISTEN name" with ms_sql_exec_script first)
 * and copy its payload, cut to cap - 1 bytes, into payload. 1: one was
 * received; 0: none within the time; MS_ERR_IO: the connection is lost
 * (close it and open another); MS_ERR_INTERNAL on SQLite, which has no
 * notifications between processes. */
int ms_sql_wait_notify(struct ms_sql *c, int timeout_ms, char *payload, size_t cap, struct ms_error *e);
/* Make what c's database committed so far durable, when its commits leave
 * that to the caller (ms_sql_log_grouped): SQLite in group commit, an
 * fdatasync of the WAL. 0, or MS_ERR_IO. PostgreSQL: nothing to do. */
int ms_sql_sync_log(struct ms_sql *c, struct ms_error *e);
/* Whether c's commits are made durable by ms_sql_sync_log rather than by
 * the commit itself: SQLite in group commit (the default; the environment's
 * MINSHENG_GROUP_COMMIT=off commits each transaction with its own fsync,
 * synchronous=FULL). */
bool ms_sql_log_grouped(const struct ms_sql *c);
/* Whether another connection opened on the same database sees what c
 * writes: PostgreSQL, and a SQLite file (not an in-memory database, each
 * of whose connections has its own). */
bool ms_sql_shared(const struct ms_sql *c);

/* Transactions. write=true: SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN
 * (READ COMMITTED; store.c takes row locks where a check must hold until
 * commit). write=false: a read-only snapshot (SQLite BEGIN; PostgreSQL
 * BEGIN READ ONLY, REPEATABLE READ). */
int ms_sql_begin(struct ms_sql *c, bool write, struct ms_error *e);
int ms_sql_commit(struct ms_sql *c, struct ms_error *e);
void ms_sql_rollback(struct ms_sql *c);

/* The prepared statement for sql (cached per connection by the pointer),
 * reset and with its bindings cleared. The statement stays owned by the
 * connection. */
int ms_sql_prepare(struct ms_sql *c, const char *sql, struct ms_sql_stmt **out, struct ms_error *e);

/* Bind parameter i (from 1). Text and blobs are copied. */
void ms_sql_bind_i64(struct ms_sql_stmt *s, int i, int64_t v);
void ms_sql_bind_null(struct ms_sql_stmt *s, int i);
void ms_sql_bind_text(struct ms_sql_stmt *s, int i, const char *t); /* NULL → NULL */
void ms_sql_bind_blob(struct ms_sql_stmt *s, int i, const void *p, size_t n);

/* Advance to the next row: 1 when there is a row, 0 at the end, or a
 * negative enum ms_err. The first call executes the statement. */
int ms_sql_step(struct ms_sql_stmt *s, struct ms_error *e);

/* The current row's columns (valid until the next step or reset). Text is
 * NUL-terminated UTF-8; *len (when not NULL) receives its length in bytes.
 * A NULL column reads as 0, "" or an empty blob. */
int ms_sql_column_count(struct ms_sql_stmt *s);
const char *ms_sql_column_name(struct ms_sql_stmt *s, int i);
enum ms_sql_type ms_sql_column_type(struct ms_sql_stmt *s, int i);
int64_t ms_sql_column_i64(struct ms_sql_stmt *s, int i);
double ms_sql_column_real(struct ms_sql_stmt *s, int i);
const char *ms_sql_column_text(struct ms_sql_stmt *s, int i, size_t *len);
const void *ms_sql_column_blob(struct ms_sql_stmt *s, int i, size_t *len);

/* Finish with the current execution (the statement can run again). */
void ms_sql_reset(struct ms_sql_stmt *s);

#endif
