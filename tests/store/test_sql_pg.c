/*
 * test_sql_pg.c — the PostgreSQL driver (src/store/sql_pg.c) and schema
 * (src/store/schema_pg.c) against a live server.
 *
 * MINSHENG_TEST_PG holds the server's URI (tests/store/with-pg.sh starts a
 * throwaway server and sets it); without it the suite is skipped. The group
 * setup makes two fresh databases on that server: ms_sql_test for the
 * driver's tests and ms_schema_test for the migrations, which are compared
 * with the SQLite schema (same tables, columns, keys, indexes, triggers).
 */
#include "store/sql.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "schema_parity.h"
#include "store/schema.h"

static const char *base_uri;
static struct ms_sql *conn;      /* ms_sql_test */
static struct ms_sql *schema_db; /* ms_schema_test, migrated in test_schema */
static struct ms_error err;

/* Fail the test with the driver's message when call does not return 0. */
#define OK(call)                                                                             \
	do {                                                                                 \
		ms_error_clear(&err);                                                        \
		int rc_ = (call);                                                            \
		if (rc_ != 0)                                                                \
			fail_msg("%s: %d %s", #call, rc_, err.message);                      \
	} while (0)

/* base_uri with its database name replaced by name; caller frees. */
static char *db_uri(const char *name)
{
	const char *slash = strrchr(base_uri, '/');
	assert_non_null(slash);
	const char *rest = strchr(slash, '?');
	size_t head = (size_t)(slash - base_uri) + 1;
	size_t n = head + strlen(name) + (rest ? strlen(rest) : 0) + 1;
	char *u = malloc(n);
	assert_non_null(u);
	snprintf(u, n, "%.*s%s%s", (int)head, base_uri, name, rest ? rest : "");
	return u;
}

static struct ms_sql *open_db(const char *name)
{
	char *u = db_uri(name);
	struct ms_sql *c = NULL;
	ms_error_clear(&err);
	int rc = ms_sql_open(u, &c, &err);
	free(u);
	if (rc)
		fail_msg("open %s: %s", name, err.message);
	assert_int_equal(ms_sql_kind(c), MS_SQL_PG);
	return c;
}

static void exec(struct ms_sql *c, const char *sql)
{
	ms_error_clear(&err);
	if (ms_sql_exec_script(c, sql, &err))
		fail_msg("%s: %s", sql, err.message);
}

/* The first column of the only row of sql (a string literal) as int64. */
static int64_t one_i64(struct ms_sql *c, const char *sql)
{
	struct ms_sql_stmt *s;
	OK(ms_sql_prepare(c, sql, &s, &err));
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	int64_t v = ms_sql_column_i64(s, 0);
	ms_sql_reset(s);
	return v;
}

/* Run a prepared, bound statement that returns no rows. */
static int run(struct ms_sql_stmt *s)
{
	ms_error_clear(&err);
	int rc = ms_sql_step(s, &err);
	ms_sql_reset(s);
	return rc;
}

/* Every row of sql, columns joined by '|', rows ended by '\n'; caller frees. */
static char *rows_text(struct ms_sql *c, const char *sql)
{
	struct ms_sql_stmt *s;
	OK(ms_sql_prepare(c, sql, &s, &err));
	size_t cap = 256, len = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	int rc;
	ms_error_clear(&err);
	while ((rc = ms_sql_step(s, &err)) == 1) {
		int n = ms_sql_column_count(s);
		for (int i = 0; i < n; i++) {
			size_t tl;
			const char *t = ms_sql_column_text(s, i, &tl);
			while (len + tl + 2 >= cap) {
				cap *= 2;
				out = realloc(out, cap);
				assert_non_null(out);
			}
			memcpy(out + len, t, tl);
			len += tl;
			out[len++] = i + 1 < n ? '|' : '\n';
		}
	}
	ms_sql_reset(s);
	if (rc)
		fail_msg("%s: %s", sql, err.message);
	out[len] = 0;
	return out;
}

/* ------------------------------------------------------------ the tests */

static const char *const SQL_PLACEHOLDERS =
	"SELECT ?::bigint AS a, '?' AS q, 'it''s ?' AS q2, E'\\'?' AS e, $$?$$ AS d, $t$ ? $t$ AS d2, "
	"/* ? /* nested ? */ ? */ ?::text AS b, -- ? not a parameter\n"
	"?1::bigint + 1 AS \"a?\", ?::text AS c";

static void test_placeholders(void **state)
{
	(void)state;
	struct ms_sql_stmt *s;
	OK(ms_sql_prepare(conn, SQL_PLACEHOLDERS, &s, &err));
	/* The columns are known before the first step, as in SQLite. */
	assert_int_equal(ms_sql_column_count(s), 9);
	assert_string_equal(ms_sql_column_name(s, 7), "a?");
	ms_sql_bind_i64(s, 1, 41);
	ms_sql_bind_text(s, 2, "two");
	ms_sql_bind_text(s, 3, "三");
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_i64(s, 0), 41);
	assert_string_equal(ms_sql_column_text(s, 1, NULL), "?");
	assert_string_equal(ms_sql_column_text(s, 2, NULL), "it's ?");
	assert_string_equal(ms_sql_column_text(s, 3, NULL), "'?");
	assert_string_equal(ms_sql_column_text(s, 4, NULL), "?");
	assert_string_equal(ms_sql_column_text(s, 5, NULL), " ? ");
	assert_string_equal(ms_sql_column_text(s, 6, NULL), "two");
	assert_int_equal(ms_sql_column_i64(s, 7), 42);
	assert_string_equal(ms_sql_column_text(s, 8, NULL), "三");
	assert_int_equal(ms_sql_step(s, &err), 0);
	ms_sql_reset(s);

	/* A parameter beyond the statement's is an error at the next step. */
	OK(ms_sql_prepare(conn, SQL_PLACEHOLDERS, &s, &err));
	ms_sql_bind_i64(s, 4, 1);
	assert_int_equal(ms_sql_step(s, &err), MS_ERR_INTERNAL);
	ms_sql_reset(s);

	/* SQLite's limit on a parameter's number. */
	assert_int_equal(ms_sql_prepare(conn, "SELECT ?32767::bigint", &s, &err), MS_ERR_STORE);
	assert_int_equal(ms_sql_prepare(conn, "SELECT ?0::bigint", &s, &err), MS_ERR_STORE);
	/* Numbered parameters need not come in order. */
	OK(ms_sql_prepare(conn, "SELECT ?2::text || ?1::text AS r", &s, &err));
	ms_sql_bind_text(s, 1, "b");
	ms_sql_bind_text(s, 2, "a");
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_string_equal(ms_sql_column_text(s, 0, NULL), "ab");
	ms_sql_reset(s);
}

/* A parameter whose type the server cannot infer is declared text; a
 * statement that fails to prepare leaves the transaction usable. */
static void test_untyped_parameters(void **state)
{
	(void)state;
	struct ms_sql_stmt *s;
	OK(ms_sql_begin(conn, false, &err));
	OK(ms_sql_prepare(conn, "SELECT ? IS NULL AS n, ? AS t, ?2 IS NULL AS m", &s, &err));
	ms_sql_bind_null(s, 1);
	ms_sql_bind_i64(s, 2, 7);
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_type(s, 0), MS_SQL_INT);
	assert_int_equal(ms_sql_column_i64(s, 0), 1);
	assert_int_equal(ms_sql_column_type(s, 1), MS_SQL_TEXT);
	assert_int_equal(ms_sql_column_i64(s, 1), 7);
	assert_int_equal(ms_sql_column_i64(s, 2), 0);
	ms_sql_reset(s);

	assert_int_equal(ms_sql_prepare(conn, "SELEC 1", &s, &err), MS_ERR_STORE);
	assert_int_equal(one_i64(conn, "SELECT 5"), 5);
	OK(ms_sql_commit(conn, &err));
}

static void test_statement_cache(void **state)
{
	(void)state;
	static const char *const sql = "SELECT ?::bigint IS NULL AS unbound";
	struct ms_sql_stmt *s1, *s2;
	OK(ms_sql_prepare(conn, sql, &s1, &err));
	ms_sql_bind_i64(s1, 1, 5);
	OK(ms_sql_step(s1, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_i64(s1, 0), 0);
	/* Prepared again: the same statement, reset, its bindings cleared. */
	OK(ms_sql_prepare(conn, sql, &s2, &err));
	assert_ptr_equal(s1, s2);
	OK(ms_sql_step(s2, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_i64(s2, 0), 1);
	assert_int_equal(ms_sql_step(s2, &err), 0);
	ms_sql_reset(s2);
	/* Reset keeps the bindings: the statement runs again with them. */
	ms_sql_bind_i64(s2, 1, 1);
	OK(ms_sql_step(s2, &err) == 1 ? 0 : -1);
	ms_sql_reset(s2);
	OK(ms_sql_step(s2, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_i64(s2, 0), 0);
	ms_sql_reset(s2);
}

static void test_round_trips(void **state)
{
	(void)state;
	exec(conn, "CREATE TABLE rt(id bigint PRIMARY KEY, i bigint, s text, b bytea, f double precision, "
		   "ok boolean)");
	static const char zh[] = "民生：人民代表大会票决 ✓";
	unsigned char b16[16], b32[32];
	for (size_t k = 0; k < sizeof b16; k++)
		b16[k] = (unsigned char)(k * 17); /* 0x00 … 0xff */
	for (size_t k = 0; k < sizeof b32; k++)
		b32[k] = (unsigned char)(255 - k * 7);
	b32[5] = 0;

	struct ms_sql_stmt *s;
	static const char *const ins = "INSERT INTO rt(id, i, s, b, f, ok) VALUES (?, ?, ?, ?, ?, ?)";
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_i64(s, 1, 1);
	ms_sql_bind_i64(s, 2, INT64_MAX);
	ms_sql_bind_text(s, 3, zh);
	ms_sql_bind_blob(s, 4, b16, sizeof b16);
	ms_sql_bind_text(s, 5, "2.5");
	ms_sql_bind_i64(s, 6, 1);
	OK(run(s));
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_i64(s, 1, 2);
	ms_sql_bind_i64(s, 2, INT64_MIN);
	ms_sql_bind_text(s, 3, "");
	ms_sql_bind_blob(s, 4, b32, sizeof b32);
	ms_sql_bind_text(s, 5, "-0.125");
	ms_sql_bind_i64(s, 6, 0);
	OK(run(s));
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_i64(s, 1, 3);
	ms_sql_bind_null(s, 2);
	ms_sql_bind_text(s, 3, NULL);
	ms_sql_bind_null(s, 4);
	OK(run(s));
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_i64(s, 1, 4);
	ms_sql_bind_i64(s, 2, 0);
	ms_sql_bind_text(s, 3, "x");
	ms_sql_bind_blob(s, 4, b16, 0);
	OK(run(s));

	OK(ms_sql_prepare(conn, "SELECT id, i, s, b, f, ok FROM rt ORDER BY id", &s, &err));
	size_t n;
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_type(s, 0), MS_SQL_INT);
	assert_int_equal(ms_sql_column_type(s, 1), MS_SQL_INT);
	assert_true(ms_sql_column_i64(s, 1) == INT64_MAX);
	assert_int_equal(ms_sql_column_type(s, 2), MS_SQL_TEXT);
	assert_string_equal(ms_sql_column_text(s, 2, &n), zh);
	assert_int_equal(n, strlen(zh));
	assert_int_equal(ms_sql_column_type(s, 3), MS_SQL_BLOB);
	const void *p = ms_sql_column_blob(s, 3, &n);
	assert_int_equal(n, 16);
	assert_memory_equal(p, b16, 16);
	assert_int_equal(ms_sql_column_type(s, 4), MS_SQL_REAL);
	assert_true(ms_sql_column_real(s, 4) == 2.5);
	assert_int_equal(ms_sql_column_type(s, 5), MS_SQL_INT);
	assert_int_equal(ms_sql_column_i64(s, 5), 1);
	assert_string_equal(ms_sql_column_text(s, 5, NULL), "1");
	/* The blob stays valid while other columns are read. */
	assert_memory_equal(p, b16, 16);

	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_true(ms_sql_column_i64(s, 1) == INT64_MIN);
	assert_int_equal(ms_sql_column_type(s, 2), MS_SQL_TEXT);
	assert_string_equal(ms_sql_column_text(s, 2, &n), "");
	assert_int_equal(n, 0);
	p = ms_sql_column_blob(s, 3, &n);
	assert_int_equal(n, 32);
	assert_memory_equal(p, b32, 32);
	assert_true(ms_sql_column_real(s, 4) == -0.125);
	assert_int_equal(ms_sql_column_i64(s, 5), 0);

	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	for (int i = 1; i < 6; i++)
		assert_int_equal(ms_sql_column_type(s, i), MS_SQL_NULL);
	assert_int_equal(ms_sql_column_i64(s, 1), 0);
	assert_string_equal(ms_sql_column_text(s, 2, &n), "");
	assert_int_equal(n, 0);
	p = ms_sql_column_blob(s, 3, &n);
	assert_non_null(p);
	assert_int_equal(n, 0);
	assert_true(ms_sql_column_real(s, 4) == 0);

	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_type(s, 3), MS_SQL_BLOB);
	ms_sql_column_blob(s, 3, &n);
	assert_int_equal(n, 0);
	assert_int_equal(ms_sql_step(s, &err), 0);
	/* After the last row every column reads as NULL. */
	assert_int_equal(ms_sql_column_type(s, 0), MS_SQL_NULL);
	ms_sql_reset(s);

	/* Run again, a statement reads its new rows' blobs (not those of its last run's row numbers). */
	for (int k = 0; k < 2; k++, ms_sql_reset(s)) {
		OK(ms_sql_prepare(conn, "SELECT b FROM rt WHERE id = ?", &s, &err));
		ms_sql_bind_i64(s, 1, k + 1);
		OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
		p = ms_sql_column_blob(s, 0, &n);
		assert_true(n == (k ? 32u : 16u) && memcmp(p, k ? b32 : b16, n) == 0);
	}

	/* A blob as a parameter of a lookup, as ballots are found by id. */
	OK(ms_sql_prepare(conn, "SELECT id FROM rt WHERE b = ?", &s, &err));
	ms_sql_bind_blob(s, 1, b32, sizeof b32);
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_i64(s, 0), 2);
	ms_sql_reset(s);

	/* sum() of bigint is numeric in PostgreSQL: an integer when integral. */
	OK(ms_sql_prepare(conn,
			  "SELECT sum(x) AS s, avg(x) AS a, count(*) AS n, 1 = 1 AS t "
			  "FROM (VALUES (1::bigint), (2::bigint)) v(x)",
			  &s, &err));
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_type(s, 0), MS_SQL_INT);
	assert_int_equal(ms_sql_column_i64(s, 0), 3);
	assert_int_equal(ms_sql_column_type(s, 1), MS_SQL_REAL);
	assert_true(ms_sql_column_real(s, 1) == 1.5);
	assert_int_equal(ms_sql_column_type(s, 2), MS_SQL_INT);
	assert_int_equal(ms_sql_column_i64(s, 2), 2);
	assert_int_equal(ms_sql_column_type(s, 3), MS_SQL_INT);
	assert_int_equal(ms_sql_column_i64(s, 3), 1);
	ms_sql_reset(s);
}

static void test_constraints(void **state)
{
	(void)state;
	exec(conn, "CREATE TABLE uq(k text PRIMARY KEY, n bigint UNIQUE);"
		   "CREATE TABLE par(id bigint PRIMARY KEY);"
		   "CREATE TABLE chi(id bigint PRIMARY KEY, par_id bigint REFERENCES par(id), "
		   "v bigint NOT NULL CHECK(v >= 0))");
	struct ms_sql_stmt *s;
	static const char *const uq = "INSERT INTO uq(k, n) VALUES (?, ?)";
	OK(ms_sql_prepare(conn, uq, &s, &err));
	ms_sql_bind_text(s, 1, "a");
	ms_sql_bind_i64(s, 2, 1);
	OK(run(s));
	OK(ms_sql_prepare(conn, uq, &s, &err));
	ms_sql_bind_text(s, 1, "a");
	ms_sql_bind_i64(s, 2, 2);
	assert_int_equal(run(s), MS_ERR_CONFLICT);
	assert_string_equal(err.code, "duplicate");
	OK(ms_sql_prepare(conn, uq, &s, &err));
	ms_sql_bind_text(s, 1, "b");
	ms_sql_bind_i64(s, 2, 1);
	assert_int_equal(run(s), MS_ERR_CONFLICT);
	assert_string_equal(err.code, "duplicate");

	static const char *const chi = "INSERT INTO chi(id, par_id, v) VALUES (?, ?, ?)";
	OK(ms_sql_prepare(conn, chi, &s, &err));
	ms_sql_bind_i64(s, 1, 1);
	ms_sql_bind_i64(s, 2, 99);
	ms_sql_bind_i64(s, 3, 0);
	assert_int_equal(run(s), MS_ERR_UNPROCESSABLE);
	assert_string_equal(err.code, "invalid_reference");
	exec(conn, "INSERT INTO par VALUES (1)");
	OK(ms_sql_prepare(conn, chi, &s, &err));
	ms_sql_bind_i64(s, 1, 1);
	ms_sql_bind_i64(s, 2, 1);
	ms_sql_bind_i64(s, 3, -1);
	assert_int_equal(run(s), MS_ERR_UNPROCESSABLE);
	assert_string_equal(err.code, "constraint_failed");
	OK(ms_sql_prepare(conn, chi, &s, &err));
	ms_sql_bind_i64(s, 1, 1);
	ms_sql_bind_i64(s, 2, 1);
	assert_int_equal(run(s), MS_ERR_UNPROCESSABLE);
	assert_string_equal(err.code, "constraint_failed");
	OK(ms_sql_prepare(conn, chi, &s, &err));
	ms_sql_bind_i64(s, 1, 1);
	ms_sql_bind_i64(s, 2, 1);
	ms_sql_bind_i64(s, 3, 5);
	OK(run(s));
}

static void test_rollback_after_error(void **state)
{
	(void)state;
	exec(conn, "CREATE TABLE rb(k text PRIMARY KEY)");
	static const char *const ins = "INSERT INTO rb(k) VALUES (?)";
	static const char *const count = "SELECT count(*) FROM rb";
	struct ms_sql_stmt *s;

	/* An error, then ROLLBACK: nothing of the transaction is kept. */
	OK(ms_sql_begin(conn, true, &err));
	assert_int_equal(ms_sql_begin(conn, true, &err), MS_ERR_INTERNAL);
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_text(s, 1, "x");
	OK(run(s));
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_text(s, 1, "x");
	assert_int_equal(run(s), MS_ERR_CONFLICT);
	/* PostgreSQL refuses the rest of a failed transaction (a statement not
	 * yet prepared on this connection fails to prepare). */
	int rc = ms_sql_prepare(conn, count, &s, &err);
	if (!rc) {
		rc = ms_sql_step(s, &err);
		ms_sql_reset(s);
	}
	assert_int_equal(rc, MS_ERR_STORE);
	ms_sql_rollback(conn);
	ms_sql_rollback(conn); /* no transaction: nothing happens */
	OK(ms_sql_begin(conn, false, &err));
	assert_int_equal(one_i64(conn, count), 0);
	OK(ms_sql_commit(conn, &err));

	/* An error, then COMMIT: the commit fails and ends the transaction. */
	OK(ms_sql_begin(conn, true, &err));
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_text(s, 1, "y");
	OK(run(s));
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_text(s, 1, "y");
	assert_int_equal(run(s), MS_ERR_CONFLICT);
	assert_int_not_equal(ms_sql_commit(conn, &err), 0);
	assert_int_equal(one_i64(conn, count), 0);
	assert_int_equal(ms_sql_commit(conn, &err), MS_ERR_INTERNAL);

	/* A write in a read-only transaction is refused. */
	OK(ms_sql_begin(conn, false, &err));
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_text(s, 1, "z");
	assert_int_equal(run(s), MS_ERR_STORE);
	ms_sql_rollback(conn);

	/* And a good transaction commits. */
	OK(ms_sql_begin(conn, true, &err));
	OK(ms_sql_prepare(conn, ins, &s, &err));
	ms_sql_bind_text(s, 1, "z");
	OK(run(s));
	OK(ms_sql_commit(conn, &err));
	assert_int_equal(one_i64(conn, count), 1);
}

static void test_busy(void **state)
{
	(void)state;
	exec(conn, "CREATE TABLE lk(id bigint PRIMARY KEY, v bigint NOT NULL); INSERT INTO lk VALUES (1, 0)");
	static const char *const lock = "SELECT v FROM lk WHERE id = ? FOR UPDATE";
	struct ms_sql *c2 = open_db("ms_sql_test");
	struct ms_sql_stmt *s, *s2;

	OK(ms_sql_begin(conn, true, &err));
	OK(ms_sql_prepare(conn, lock, &s, &err));
	ms_sql_bind_i64(s, 1, 1);
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	ms_sql_reset(s);

	exec(c2, "SET lock_timeout = '100ms'");
	OK(ms_sql_begin(c2, true, &err));
	OK(ms_sql_prepare(c2, lock, &s2, &err));
	ms_sql_bind_i64(s2, 1, 1);
	ms_error_clear(&err);
	assert_int_equal(ms_sql_step(s2, &err), MS_ERR_BUSY);
	assert_string_equal(err.code, "busy");
	ms_sql_reset(s2);
	ms_sql_rollback(c2);

	exec(conn, "UPDATE lk SET v = 1 WHERE id = 1");
	OK(ms_sql_commit(conn, &err));
	OK(ms_sql_begin(c2, true, &err));
	OK(ms_sql_prepare(c2, lock, &s2, &err));
	ms_sql_bind_i64(s2, 1, 1);
	OK(ms_sql_step(s2, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_i64(s2, 0), 1);
	ms_sql_reset(s2);
	OK(ms_sql_commit(c2, &err));

	/* statement_timeout: a statement cancelled for taking too long. */
	exec(c2, "SET statement_timeout = '50ms'");
	OK(ms_sql_prepare(c2, "SELECT pg_sleep(2)", &s2, &err));
	ms_error_clear(&err);
	assert_int_equal(ms_sql_step(s2, &err), MS_ERR_BUSY);
	ms_sql_reset(s2);
	ms_sql_close(c2);
}

static void test_exec_script(void **state)
{
	(void)state;
	exec(conn, "CREATE TABLE es(x bigint);\n"
		   "INSERT INTO es VALUES (1);\n"
		   "-- a comment between statements\n"
		   "INSERT INTO es VALUES (2), (3);\n");
	assert_int_equal(one_i64(conn, "SELECT sum(x) FROM es"), 6);
	/* A script that fails part-way keeps nothing (one implicit transaction). */
	ms_error_clear(&err);
	assert_int_equal(ms_sql_exec_script(conn, "INSERT INTO es VALUES (4); INSERT INTO nosuch VALUES (1)", &err),
			 MS_ERR_STORE);
	assert_int_equal(one_i64(conn, "SELECT count(*) FROM es"), 3);
	/* Inside a transaction, with its own ROLLBACK. */
	OK(ms_sql_begin(conn, true, &err));
	exec(conn, "INSERT INTO es VALUES (10); INSERT INTO es VALUES (20)");
	ms_sql_rollback(conn);
	assert_int_equal(one_i64(conn, "SELECT count(*) FROM es"), 3);
}

static void test_connection_lost(void **state)
{
	(void)state;
	struct ms_sql *c2 = open_db("ms_sql_test");
	int64_t pid = one_i64(c2, "SELECT pg_backend_pid()");
	struct ms_sql_stmt *s;
	OK(ms_sql_prepare(conn, "SELECT pg_terminate_backend(?::int, 5000)", &s, &err));
	ms_sql_bind_i64(s, 1, pid);
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_int_equal(ms_sql_column_i64(s, 0), 1);
	ms_sql_reset(s);

	/* The loss shows at the next use: a prepare, or the step of a statement
	 * prepared before. */
	ms_error_clear(&err);
	int rc = ms_sql_prepare(c2, "SELECT 1", &s, &err);
	if (!rc) {
		rc = ms_sql_step(s, &err);
		ms_sql_reset(s);
	}
	assert_int_equal(rc, MS_ERR_IO);
	assert_null(strchr(err.message, '\n'));
	assert_int_equal(ms_sql_begin(c2, true, &err), MS_ERR_IO);
	ms_sql_rollback(c2);
	assert_int_equal(ms_sql_prepare(c2, "SELECT 2", &s, &err), MS_ERR_IO);
	ms_sql_close(c2);

	/* No server at all. */
	struct ms_sql *none = NULL;
	assert_int_equal(ms_sql_open("postgresql://minsheng@127.0.0.1:1/postgres?connect_timeout=2", &none, &err),
			 MS_ERR_IO);
	assert_null(none);
}

/* The same schema on both backends: applied migration by migration as
 * store.c does, then compared with SQLite's through the catalogues
 * (schema_parity.h's queries). */
static void same_rows(struct ms_sql *lite, const char *lite_sql, const char *pg_sql, const char *what)
{
	char *a = rows_text(lite, lite_sql);
	char *b = rows_text(schema_db, pg_sql);
	if (strcmp(a, b) != 0) {
		fprintf(stderr, "# %s differ\n# SQLite:\n%s# PostgreSQL:\n%s", what, a, b);
		free(a);
		free(b);
		fail_msg("the %s of the two schemas differ", what);
	}
	assert_true(strlen(a) > 0);
	free(a);
	free(b);
}

static void migrate(struct ms_sql *c, const char *const *const *migrations, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		OK(ms_sql_begin(c, true, &err));
		for (const char *const *part = migrations[k]; *part; part++)
			exec(c, *part);
		OK(ms_sql_commit(c, &err));
	}
}

static void test_schema(void **state)
{
	(void)state;
	assert_int_equal(ms_schema_pg_count, ms_schema_count);
	schema_db = open_db("ms_schema_test");
	assert_int_equal(one_i64(schema_db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"),
			 0);
	migrate(schema_db, ms_schema_pg_migrations, ms_schema_pg_count);

	struct ms_sql *lite = NULL;
	OK(ms_sql_open("sqlite::memory:", &lite, &err));
	migrate(lite, ms_schema_migrations, ms_schema_count);
	same_rows(lite, LITE_COLUMNS, PG_COLUMNS, "columns");
	same_rows(lite, LITE_KEYS, PG_KEYS, "primary and unique keys");
	same_rows(lite, LITE_FKS, PG_FKS, "foreign keys");
	same_rows(lite, LITE_INDEXES, PG_INDEXES, "indexes");
	same_rows(lite, LITE_TRIGGERS, PG_TRIGGERS, "triggers");
	ms_sql_close(lite);

	/* The installation secret: 32 bytes, made by the migration. */
	struct ms_sql_stmt *s;
	OK(ms_sql_prepare(schema_db, "SELECT value FROM meta WHERE key = 'secret'", &s, &err));
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	size_t n;
	const unsigned char *secret = ms_sql_column_blob(s, 0, &n);
	assert_int_equal(n, 32);
	unsigned any = 0;
	for (size_t k = 0; k < n; k++)
		any |= secret[k];
	assert_true(any != 0);
	ms_sql_reset(s);
}

static void test_append_only(void **state)
{
	(void)state;
	assert_non_null(schema_db); /* test_schema ran */
	struct ms_sql_stmt *s;
	OK(ms_sql_prepare(schema_db, "INSERT INTO audit(at, action, object) VALUES (?, ?, ?) RETURNING id", &s, &err));
	ms_sql_bind_text(s, 1, "2026-01-01T00:00:00Z");
	ms_sql_bind_text(s, 2, "test");
	ms_sql_bind_text(s, 3, "审计");
	OK(ms_sql_step(s, &err) == 1 ? 0 : -1);
	assert_true(ms_sql_column_i64(s, 0) >= 1);
	ms_sql_reset(s);

	static const char *const refused[] = {
		"UPDATE audit SET action = 'changed'",
		"DELETE FROM audit",
		"TRUNCATE audit",
	};
	for (size_t k = 0; k < sizeof refused / sizeof refused[0]; k++) {
		ms_error_clear(&err);
		assert_int_equal(ms_sql_exec_script(schema_db, refused[k], &err), MS_ERR_UNPROCESSABLE);
		assert_string_equal(err.code, "constraint_failed");
		assert_non_null(strstr(err.message, "append-only"));
	}
	assert_int_equal(one_i64(schema_db, "SELECT count(*) FROM audit WHERE action = 'test'"), 1);

	/* Ballots: 16-byte ids, immutable, undeletable; one result per poll, immutable. */
	exec(schema_db,
	     "INSERT INTO congress(id, name, level, created_at) VALUES (1, 'c', 'city', 't');"
	     "INSERT INTO cycle(id, congress_id, year, title, created_at) VALUES (1, 1, 2026, 'y', 't');"
	     "INSERT INTO poll(id, cycle_id, title, slots, max_approvals, threshold_base, threshold_num, "
	     "threshold_den, threshold_strict, quorum_num, quorum_den, created_at) "
	     "VALUES (1, 1, 'p', 1, 1, 'cast', 1, 2, 0, 1, 2, 't');"
	     "INSERT INTO poll_result(poll_id, result, counted_at) VALUES (1, '{}', 't')");
	static const char *const ballot = "INSERT INTO ballot(id, poll_id, choices) VALUES (?, 1, '[]')";
	unsigned char id[16] = {0xde, 0xad, 0, 0xbe, 0xef};
	OK(ms_sql_prepare(schema_db, ballot, &s, &err));
	ms_sql_bind_blob(s, 1, id, 15);
	assert_int_equal(run(s), MS_ERR_UNPROCESSABLE);
	assert_string_equal(err.code, "constraint_failed");
	OK(ms_sql_prepare(schema_db, ballot, &s, &err));
	ms_sql_bind_blob(s, 1, id, 16);
	OK(run(s));
	/* An insert over an existing key: refused by a trigger (migration 3) before the key. */
	OK(ms_sql_prepare(schema_db, ballot, &s, &err));
	ms_sql_bind_blob(s, 1, id, 16);
	assert_int_equal(run(s), MS_ERR_UNPROCESSABLE);
	assert_string_equal(err.code, "constraint_failed");
	static const char *const ballot_refused[] = {
		"UPDATE ballot SET choices = '[1]'",
		"DELETE FROM ballot",
		"TRUNCATE ballot",
		"INSERT INTO ballot SELECT id, poll_id, '[9]' FROM ballot ON CONFLICT (id) DO UPDATE SET choices = '[9]'",
		"UPDATE poll_result SET result = '[]'", "DELETE FROM poll_result", "TRUNCATE poll_result",
		"INSERT INTO poll_result VALUES (1, '[]', 't') ON CONFLICT (poll_id) DO UPDATE SET result = '[]'",
		"INSERT INTO audit(id, at, action) SELECT id, at, 'changed' FROM audit",
	};
	for (size_t k = 0; k < sizeof ballot_refused / sizeof ballot_refused[0]; k++) {
		ms_error_clear(&err);
		assert_int_equal(ms_sql_exec_script(schema_db, ballot_refused[k], &err), MS_ERR_UNPROCESSABLE);
		assert_string_equal(err.code, "constraint_failed");
	}
	/* Migration 3 removed the setting that let a session delete ballots
	 * (minsheng.ballot_rewrite): any session could set it. It opens nothing. */
	OK(ms_sql_begin(schema_db, true, &err));
	exec(schema_db, "SELECT set_config('minsheng.ballot_rewrite', 'on', true)");
	ms_error_clear(&err);
	assert_int_equal(ms_sql_exec_script(schema_db, "DELETE FROM ballot WHERE poll_id = 1", &err),
			 MS_ERR_UNPROCESSABLE);
	assert_non_null(strstr(err.message, "cannot be deleted"));
	ms_sql_rollback(schema_db);
	assert_int_equal(one_i64(schema_db, "SELECT count(*) FROM ballot"), 1);
	ms_error_clear(&err);
	assert_int_equal(ms_sql_exec_script(schema_db, "DELETE FROM ballot", &err), MS_ERR_UNPROCESSABLE);
	assert_non_null(strstr(err.message, "cannot be deleted"));

	/* The identity columns go on after explicit ids only once moved on. */
	exec(schema_db, "SELECT setval(pg_get_serial_sequence('congress', 'id'), (SELECT max(id) FROM congress))");
	assert_int_equal(one_i64(schema_db, "INSERT INTO congress(name, level, created_at) VALUES ('d', 'town', 't') "
					     "RETURNING id"),
			 2);
	/* "user" is a reserved word in PostgreSQL: quoted, the name works on both. */
	assert_int_equal(one_i64(schema_db, "SELECT count(*) FROM \"user\""), 0);
}

/* ------------------------------------------------------------ main */

static int group_setup(void **state)
{
	(void)state;
	struct ms_sql *admin = NULL;
	if (ms_sql_open(base_uri, &admin, &err)) {
		fprintf(stderr, "# cannot connect to %s: %s\n", base_uri, err.message);
		return -1;
	}
	static const char *const setup[] = {
		"DROP DATABASE IF EXISTS ms_sql_test", "CREATE DATABASE ms_sql_test",
		"DROP DATABASE IF EXISTS ms_schema_test", "CREATE DATABASE ms_schema_test",
	};
	for (size_t k = 0; k < sizeof setup / sizeof setup[0]; k++)
		if (ms_sql_exec_script(admin, setup[k], &err)) {
			fprintf(stderr, "# %s: %s\n", setup[k], err.message);
			ms_sql_close(admin);
			return -1;
		}
	ms_sql_close(admin);
	char *u = db_uri("ms_sql_test");
	int rc = ms_sql_open(u, &conn, &err);
	free(u);
	if (rc)
		fprintf(stderr, "# cannot connect to ms_sql_test: %s\n", err.message);
	return rc ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	ms_sql_close(conn);
	ms_sql_close(schema_db);
	return 0;
}

int main(void)
{
	base_uri = getenv("MINSHENG_TEST_PG");
	if (!base_uri || !*base_uri) {
		printf("1..0 # SKIP MINSHENG_TEST_PG is not set (run through tests/store/with-pg.sh)\n");
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_untyped_parameters),
		cmocka_unit_test(test_statement_cache),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_rollback_after_error),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_exec_script),
		cmocka_unit_test(test_connection_lost),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_append_only),
	};
	return cmocka_run_group_tests_name("sql_pg", tests, group_setup, group_teardown);
}
