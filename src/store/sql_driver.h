/*
 * sql_driver.h — what a SQL driver implements (private to src/store/).
 *
 * sql.c holds the public ms_sql_* functions of sql.h; each one forwards to
 * the driver through the table of function pointers below. A driver
 * (sql_sqlite.c, sql_pg.c) defines:
 *
 *   - its connection struct, whose FIRST member is a struct ms_sql, and its
 *     statement struct, whose FIRST member is a struct ms_sql_stmt, so that
 *     sql.c can read ->ops and the driver can cast back to its own type:
 *
 *         struct pg_conn { struct ms_sql base; PGconn *pg; ... };
 *         struct pg_stmt { struct ms_sql_stmt base; ... };
 *         static struct pg_conn *conn_of(struct ms_sql *c) { return (struct pg_conn *)c; }
 *
 *   - one `static const struct ms_sql_ops` table, stored in base.ops of
 *     every connection and every statement it creates;
 *
 *   - its open function (declared below), the only non-static symbol.
 *
 * Each function pointer has exactly the contract of the sql.h function of
 * the same name (arguments, return values, error codes in *e, ownership);
 * sql.c adds nothing but the dispatch. Every pointer must be set. The
 * struct ms_sql_stmt passed to a statement function is always one that the
 * same driver's prepare returned.
 */
#ifndef MS_SQL_DRIVER_H
#define MS_SQL_DRIVER_H

#include "sql.h"

struct ms_sql_ops {
	enum ms_sql_kind kind;  /* what ms_sql_kind() returns for this driver */

	/* Connection. close frees the connection and every statement it
	 * cached (a transaction left open is rolled back). */
	void (*close)(struct ms_sql *c);
	int (*exec_script)(struct ms_sql *c, const char *sql, struct ms_error *e);
	int (*begin)(struct ms_sql *c, bool write, struct ms_error *e);
	int (*commit)(struct ms_sql *c, struct ms_error *e);
	void (*rollback)(struct ms_sql *c);
	int (*prepare)(struct ms_sql *c, const char *sql, struct ms_sql_stmt **out, struct ms_error *e);

	/* Statement. */
	void (*bind_i64)(struct ms_sql_stmt *s, int i, int64_t v);
	void (*bind_null)(struct ms_sql_stmt *s, int i);
	void (*bind_text)(struct ms_sql_stmt *s, int i, const char *t);
	void (*bind_blob)(struct ms_sql_stmt *s, int i, const void *p, size_t n);
	int (*step)(struct ms_sql_stmt *s, struct ms_error *e);
	int (*column_count)(struct ms_sql_stmt *s);
	const char *(*column_name)(struct ms_sql_stmt *s, int i);
	enum ms_sql_type (*column_type)(struct ms_sql_stmt *s, int i);
	int64_t (*column_i64)(struct ms_sql_stmt *s, int i);
	double (*column_real)(struct ms_sql_stmt *s, int i);
	const char *(*column_text)(struct ms_sql_stmt *s, int i, size_t *len);
	const void *(*column_blob)(struct ms_sql_stmt *s, int i, size_t *len);
	void (*reset)(struct ms_sql_stmt *s);

	/* Connection, again: wait for a notification (sql.h). */
	int (*wait_notify)(struct ms_sql *c, int timeout_ms, char *payload, size_t cap, struct ms_error *e);
	int (*sync_log)(struct ms_sql *c, struct ms_error *e);
};

/* A driver's table: p is the prefix of its connection and statement
 * functions (p##close, p##step …), c the prefix of its column readers
 * (c##column_text …). */
#define MS_SQL_OPS(kind_, p, c)                                                                        \
	{                                                                                              \
		.kind = kind_, .close = p##close, .exec_script = p##exec_script, .begin = p##begin,     \
		.commit = p##commit, .rollback = p##rollback, .prepare = p##prepare,                   \
		.bind_i64 = p##bind_i64, .bind_null = p##bind_null, .bind_text = p##bind_text,         \
		.bind_blob = p##bind_blob, .step = p##step, .column_count = c##column_count,           \
		.column_name = c##column_name, .column_type = c##column_type,                         \
		.column_i64 = c##column_i64, .column_real = c##column_real,                           \
		.column_text = c##column_text, .column_blob = c##column_blob, .reset = p##reset,       \
		.wait_notify = p##wait_notify, .sync_log = p##sync_log                                  \
	}

/* The common head of every driver's connection and statement. */
struct ms_sql {
	const struct ms_sql_ops *ops;
};

struct ms_sql_stmt {
	const struct ms_sql_ops *ops;
};

/* The drivers' entry points, called by ms_sql_open (sql.c) with the target
 * that ms_sql_parse_url found: the file path for SQLite, the whole libpq
 * connection URI for PostgreSQL. On success *out is a new connection (free
 * with ms_sql_close); on failure *out is untouched, the error is in *e
 * (MS_ERR_IO when the database cannot be opened or reached, MS_ERR_NOMEM,
 * MS_ERR_STORE) and nothing is leaked. */
int ms_sql_sqlite_open(const char *path, struct ms_sql **out, struct ms_error *e);
/* Whether this SQLite connection commits in group commit (sql.h). */
bool ms_sql_sqlite_grouped(const struct ms_sql *c);
bool ms_sql_sqlite_file(const struct ms_sql *c);
int ms_sql_pg_open(const char *uri, struct ms_sql **out, struct ms_error *e);

#endif
