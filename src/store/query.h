/*
 * query.h — how the domains' SQL files (`src/<domain>/x_sql.c`) run their
 * statements: named statements with typed arguments, and the reads that
 * become structs or JSON.
 *
 * A statement is a `static const struct ms_stmt`, defined once with its
 * SQL and registered in its file's list (`const struct ms_stmt *const
 * ms_x_stmts[]`, NULL-terminated) so that one test prepares every statement
 * of the program on SQLite and on PostgreSQL:
 *
 *     static const struct ms_stmt POLL_OPEN = MS_STMT("poll.open",
 *         "UPDATE poll SET status = 'open' WHERE id = ? AND status = 'draft'");
 *     rc = ms_q_exec(db, &POLL_OPEN, MS_ARGS(MS_VI(id)), e);
 *
 * SQL text is one text for both engines wherever they accept it (`?`
 * placeholders numbered left to right, INSERT … RETURNING, ON CONFLICT,
 * ISO-8601 text times made in C). Where they differ, MS_STMT2 gives the
 * SQLite and the PostgreSQL text side by side; a NULL text means the
 * statement has nothing to do on that engine (it succeeds without running).
 * The store picks the text: domain code never asks which engine it is on.
 * Case-insensitive search is such a pair: write the query once as a macro
 * of its operator L with MS_MATCH(L, column) for each searched column, and
 * define it with MS_STMT_SEARCH; bind each MS_MATCH with MS_VLIKE(q).
 *
 * Arguments are typed so the compiler checks them: MS_VI (an integer),
 * MS_VREF (an id, 0 → NULL), MS_VT (text, NULL → NULL), MS_VB (a blob),
 * MS_VLIKE (a search: the rows whose column contains q; every row when q is
 * NULL or empty), passed as MS_ARGS(…) or MS_NOARGS.
 *
 * Errors as in store.h: MS_ERR_NOT_FOUND (code "not_found") when a query
 * that must return a row returns none — the caller says what was not found
 * (ms_store_not_found) —, MS_ERR_CONFLICT "duplicate", MS_ERR_BUSY,
 * MS_ERR_STORE. Rows become JSON by column name: a name ending in "_b" is a
 * boolean, "_j" is JSON text, "_total" is the window count of a list and
 * not shown; a blob becomes lowercase hex.
 */
#ifndef MS_QUERY_H
#define MS_QUERY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/names.h"
#include "store.h"
#include "sql.h"

struct ms_stmt {
	const char *name;   /* "poll.open": for the log and the prepare-every-statement test */
	const char *sql[2]; /* by enum ms_sql_kind; see MS_STMT2 */
	bool differs;       /* sql[1] is its own text (else sql[0] serves both) */
};

#define MS_STMT(name_, text) {.name = (name_), .sql = {(text), (text)}, .differs = false}
#define MS_STMT2(name_, sqlite_text, pg_text) {.name = (name_), .sql = {(sqlite_text), (pg_text)}, .differs = true}
#define MS_MATCH(L, col) col " " L " ? ESCAPE '\\'"
#define MS_STMT_SEARCH(name_, QUERY) MS_STMT2(name_, QUERY("LIKE"), QUERY("ILIKE"))

enum ms_val_kind { MS_V_INT, MS_V_REF, MS_V_TEXT, MS_V_BLOB, MS_V_LIKE };

struct ms_val {
	enum ms_val_kind kind;
	int64_t i;
	const char *s;
	const void *p;
	size_t n;
};

#define MS_VI(v) ((struct ms_val){.kind = MS_V_INT, .i = (v)})
#define MS_VREF(v) ((struct ms_val){.kind = MS_V_REF, .i = (v)})
#define MS_VT(v) ((struct ms_val){.kind = MS_V_TEXT, .s = (v)})
#define MS_VB(ptr, len) ((struct ms_val){.kind = MS_V_BLOB, .p = (ptr), .n = (len)})
#define MS_VLIKE(q) ((struct ms_val){.kind = MS_V_LIKE, .s = (q)})
#define MS_ARGS(...)                                                                                   \
	(const struct ms_val[]){__VA_ARGS__}, sizeof((const struct ms_val[]){__VA_ARGS__}) / sizeof(struct ms_val)
#define MS_NOARGS NULL, 0

/* Prepare st on db's connection and bind the arguments: the statement to
 * step with ms_sql_step and read with ms_sql_column_* (sql.h), then
 * ms_sql_reset. *out is NULL (and 0 returned) when st has nothing to do on
 * this engine. */
int ms_q_bind(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n,
	      struct ms_sql_stmt **out, struct ms_error *e);
/* Run for the effect; a row it returns is ignored. */
int ms_q_exec(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, struct ms_error *e);
/* The first column of the first row (a count, an id from RETURNING);
 * MS_ERR_NOT_FOUND when there is no row. */
int ms_q_i64(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, int64_t *out,
	     struct ms_error *e);
/* Whether the query returns a row. */
int ms_q_exists(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, bool *out,
		struct ms_error *e);
/* The first row as a JSON object (MS_ERR_NOT_FOUND when none). */
int ms_q_row_json(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, json_t **out,
		  struct ms_error *e);
/* Every row, as a JSON array of objects. */
int ms_q_rows_json(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, json_t **out,
		   struct ms_error *e);
/* A page of a list: st's last two parameters are LIMIT and OFFSET (bound
 * here after the arguments) and it has a `count(*) OVER () AS _total`
 * column: {"items","total","page","per_page"}. */
int ms_q_page(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n,
	      const struct ms_page *pg, json_t **out, struct ms_error *e);
/* The int64 first column (and, when second is not NULL, the second) of
 * every row, into malloc'd arrays (free them). */
int ms_q_ids(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, int64_t **ids,
	     int64_t **second, size_t *count, struct ms_error *e);

/* The blob first column of every row to fn, in turn (valid during the
 * call); fn's nonzero return stops and is returned. */
int ms_q_each_blob(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n,
		   int (*fn)(void *ctx, const unsigned char *blob, size_t len), void *ctx, struct ms_error *e);

/* The current row of a statement as a JSON object (NULL when out of
 * memory); *total receives a "_total" column when total is not NULL. */
json_t *ms_q_row_to_json(struct ms_sql_stmt *s, int64_t *total);


/* Prepare every statement of the lists (each NULL-terminated; lists ends
 * with NULL) on db's engine, to check that each one compiles there. On the
 * first failure *failed names the statement. */
int ms_q_prepare_all(struct ms_db *db, const struct ms_stmt *const *const *lists, const struct ms_stmt **failed,
		     struct ms_error *e);

#endif
