/*
 * sql_pg_internal.h — shared by the PostgreSQL driver's files (sql_pg.c:
 * connections, statements, transactions; sql_pg_text.c: the placeholders
 * of a SQL text; sql_pg_columns.c: reading a result's columns). See
 * sql_pg.c for what the driver does.
 */
#ifndef MS_SQL_PG_INTERNAL_H
#define MS_SQL_PG_INTERNAL_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "pq_lazy.h"

#include "sql_driver.h"

/* Type OIDs (catalog/pg_type_d.h is in the server's headers, not libpq's). */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_OID = 26,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700,
};

/* SQLite's limit on a parameter's number; PostgreSQL's is 65535. */
#define MAX_PARAM 32766

/* How many parameters of a statement may be declared text for want of a
 * type (each costs another prepare). */
#define MAX_UNTYPED 16

struct pg_param {
	char *heap;     /* owned copy of a text or blob; NULL for an integer or NULL */
	char num[24];   /* an integer's decimal text */
	int len;        /* a blob's length */
	int format;     /* 0 text, 1 binary */
	bool null;
};

/* A decoded bytea column of the current row. */
struct pg_buf {
	unsigned char *p;
	size_t cap, len;
	int row;        /* the row it was decoded from; -1 none */
};

struct pg_conn;

struct pg_stmt {
	struct ms_sql_stmt base;
	struct pg_conn *conn;
	const char *key;        /* the SQL text's address: the cache key */
	char name[24];          /* the server-side prepared statement */
	int nparams;
	struct pg_param *params;
	const char **values;    /* the arrays PQexecPrepared takes, nparams each */
	int *lengths, *formats;
	PGresult *desc;         /* PQdescribePrepared: columns before a run */
	PGresult *res;          /* the current run's rows, NULL before a run */
	int row, nrows;         /* row: -1 before the first step */
	int bind_err;           /* a failed bind, reported by the next step */
	int bind_index;
	struct pg_buf *bufs;    /* nbufs entries */
	int nbufs;
};

struct pg_conn {
	struct ms_sql base;
	PGconn *pg;
	struct pg_stmt **stmts;
	size_t n, cap;
	unsigned long next_id;
};

static inline struct pg_conn *conn_of(struct ms_sql *c)
{
	return (struct pg_conn *)c;
}

static inline struct pg_stmt *stmt_of(struct ms_sql_stmt *s)
{
	return (struct pg_stmt *)s;
}

/* The PostgreSQL text of sql: placeholders `?NNN` and `?` become `$NNN`
 * outside quotes, identifiers, dollar-quoted strings and comments (see
 * sql_pg.c). A new string, or NULL when out of memory (*bad false) or when a
 * placeholder's number is out of range (*bad true). *nparams receives the
 * highest parameter number. */
char *ms_pg_rewrite(const char *sql, int *nparams, bool *bad);

/* The columns of the current row (sql.h's ms_sql_column_*). */
int ms_pg_column_count(struct ms_sql_stmt *bs);
const char *ms_pg_column_name(struct ms_sql_stmt *bs, int i);
enum ms_sql_type ms_pg_column_type(struct ms_sql_stmt *bs, int i);
int64_t ms_pg_column_i64(struct ms_sql_stmt *bs, int i);
double ms_pg_column_real(struct ms_sql_stmt *bs, int i);
const char *ms_pg_column_text(struct ms_sql_stmt *bs, int i, size_t *len);
const void *ms_pg_column_blob(struct ms_sql_stmt *bs, int i, size_t *len);

#endif
