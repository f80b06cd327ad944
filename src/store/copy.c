/*
 * copy.c — move a whole installation between databases (store.h:
 * ms_store_copy), in any direction: SQLite → PostgreSQL, back, or between
 * two servers of the same kind.
 *
 * Both databases are first brought to the current schema (ms_store_open
 * runs the migrations); the target must hold no data then (only the secret
 * its migration made, which is replaced by the source's). Every table is
 * read from the source in a read-only snapshot and written to the target in
 * dependency order inside one write transaction. Before committing, the
 * target is read back and each table's row count and checksum must equal
 * the source's; otherwise the transaction is rolled back and nothing stays.
 *
 * The checksum of a table is order-independent — the sum, in four 64-bit
 * lanes, of a BLAKE2b-256 of each row — because the two backends need not
 * sort text keys alike. A row's hash covers each column's type and value
 * (integers as 8 little-endian bytes, text and blobs with their length), so
 * a value that changed type on the way would show.
 */
#include "store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "sql.h"

struct table {
	const char *name;
	const char *select;  /* every column, in the order insert binds them */
	const char *insert;
	const char *count;
	const char *setval;  /* PostgreSQL: move the identity on past the copied ids; NULL: none */
};

#define SETVAL(t, q) "SELECT setval(pg_get_serial_sequence('" q "', 'id'), COALESCE((SELECT max(id) FROM " t "), 0) + 1, false)"
#define TABLE(t, cols, qs, id)                                                                                 \
	{t, "SELECT " cols " FROM " t, "INSERT INTO " t "(" cols ") VALUES (" qs ")", "SELECT COUNT(*) FROM " t, \
	 id ? SETVAL(t, t) : NULL}

/* Dependency order: a table comes after every table it refers to. */
static const struct table tables[] = {
	TABLE("meta", "key, value", "?, ?", false),
	TABLE("congress", "id, name, name_en, level, parent_id, created_at", "?, ?, ?, ?, ?, ?", true),
	TABLE("unit", "id, congress_id, name, name_en", "?, ?, ?, ?", true),
	{"user", "SELECT id, login, name, pw_hash, congress_id, unit_id, created_at FROM \"user\"",
	 "INSERT INTO \"user\"(id, login, name, pw_hash, congress_id, unit_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	 "SELECT COUNT(*) FROM \"user\"", SETVAL("\"user\"", "user")},
	TABLE("user_role", "user_id, role", "?, ?", false),
	TABLE("session", "token_hash, user_id, csrf, expires_at", "?, ?, ?, ?", false),
	TABLE("cycle", "id, congress_id, year, title, title_en, phase, created_at", "?, ?, ?, ?, ?, ?, ?", true),
	TABLE("candidate",
	      "id, cycle_id, title, title_en, description, description_en, category, cost, unit_id, location, created_at",
	      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", true),
	TABLE("poll",
	      "id, cycle_id, title, status, slots, max_approvals, threshold_base, threshold_num, threshold_den, "
	      "threshold_strict, budget, quorum_num, quorum_den, deputies_all, created_at, opened_at, closed_at, "
	      "ballot_form",
	      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", true),
	TABLE("poll_candidate", "poll_id, candidate_id", "?, ?", false),
	TABLE("attendance", "poll_id, user_id", "?, ?", false),
	TABLE("poll_roster", "poll_id, user_id", "?, ?", false),
	TABLE("participation", "poll_id, user_id", "?, ?", false),
	TABLE("ballot", "id, poll_id, choices, paper", "?, ?, ?, ?", false),
	TABLE("poll_result", "poll_id, result, counted_at", "?, ?, ?", false),
	TABLE("audit", "id, at, user_id, congress_id, action, object, detail", "?, ?, ?, ?, ?, ?, ?", true),
};
#define N_TABLES (sizeof tables / sizeof tables[0])

/* The schema version this table list was written for. */
#define COPY_SCHEMA_VERSION 2

static void row_hash(struct ms_sql_stmt *s, uint64_t sum[4])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	int n = ms_sql_column_count(s);
	for (int i = 0; i < n; i++) {
		enum ms_sql_type t = ms_sql_column_type(s, i);
		unsigned char tag = (unsigned char)t, buf[8];
		crypto_generichash_update(&h, &tag, 1);
		const void *p = NULL;
		size_t len = 0;
		switch (t) {
		case MS_SQL_NULL:
			continue;
		case MS_SQL_INT: {
			uint64_t v = (uint64_t)ms_sql_column_i64(s, i);
			for (int k = 0; k < 8; k++)
				buf[k] = (unsigned char)(v >> (8 * k));
			crypto_generichash_update(&h, buf, 8);
			continue;
		}
		case MS_SQL_REAL: {
			double d = ms_sql_column_real(s, i);
			memcpy(buf, &d, 8);
			crypto_generichash_update(&h, buf, 8);
			continue;
		}
		case MS_SQL_TEXT:
			p = ms_sql_column_text(s, i, &len);
			break;
		case MS_SQL_BLOB:
			p = ms_sql_column_blob(s, i, &len);
			break;
		}
		uint64_t l = len;
		for (int k = 0; k < 8; k++)
			buf[k] = (unsigned char)(l >> (8 * k));
		crypto_generichash_update(&h, buf, 8);
		if (len)
			crypto_generichash_update(&h, p, len);
	}
	unsigned char out[32];
	crypto_generichash_final(&h, out, 32);
	for (int lane = 0; lane < 4; lane++) {
		uint64_t v = 0;
		for (int k = 0; k < 8; k++)
			v |= (uint64_t)out[8 * lane + k] << (8 * k);
		sum[lane] += v;
	}
}

/* Copy the current row of s into ins (bound column by column, same types). */
static void bind_row(struct ms_sql_stmt *s, struct ms_sql_stmt *ins)
{
	int n = ms_sql_column_count(s);
	for (int i = 0; i < n; i++) {
		size_t len;
		const void *p;
		switch (ms_sql_column_type(s, i)) {
		case MS_SQL_NULL:
			ms_sql_bind_null(ins, i + 1);
			break;
		case MS_SQL_INT:
			ms_sql_bind_i64(ins, i + 1, ms_sql_column_i64(s, i));
			break;
		case MS_SQL_REAL: /* no such column in the schema; kept exact as text */
		case MS_SQL_TEXT:
			ms_sql_bind_text(ins, i + 1, ms_sql_column_text(s, i, NULL));
			break;
		case MS_SQL_BLOB:
			p = ms_sql_column_blob(s, i, &len);
			ms_sql_bind_blob(ins, i + 1, p, len);
			break;
		}
	}
}

/* Rows and checksum of one table as seen on c; when to is not NULL, each row
 * is also inserted there. */
static int scan(struct ms_sql *c, const struct table *t, struct ms_sql *to, int64_t *rows, uint64_t sum[4],
		struct ms_error *e)
{
	struct ms_sql_stmt *s, *ins = NULL;
	int rc = ms_sql_prepare(c, t->select, &s, e);
	if (rc)
		return rc;
	*rows = 0;
	memset(sum, 0, 4 * sizeof sum[0]);
	while ((rc = ms_sql_step(s, e)) == 1) {
		row_hash(s, sum);
		++*rows;
		if (!to)
			continue;
		if ((rc = ms_sql_prepare(to, t->insert, &ins, e)))
			break;
		bind_row(s, ins);
		rc = ms_sql_step(ins, e);
		ms_sql_reset(ins);
		if (rc < 0)
			break;
	}
	ms_sql_reset(s);
	if (rc < 0) {
		char why[sizeof e->message];
		snprintf(why, sizeof why, "%s", e->message);
		return ms_error_set(e, rc, e->code, NULL, "table %s: %s", t->name, why);
	}
	return 0;
}

static int count_rows(struct ms_sql *c, const char *sql, int64_t *n, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_sql_prepare(c, sql, &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	*n = rc == 1 ? ms_sql_column_i64(s, 0) : 0;
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}

/* The schema version both stores are at (they were just migrated). */
static int check_version(const char *db, struct ms_error *e)
{
	struct ms_store *st;
	struct ms_db *d;
	int v = 0;
	int rc = ms_store_open(db, 1, &st, e);
	if (rc)
		return rc;
	if (!(rc = ms_store_acquire(st, &d, e))) {
		rc = ms_db_schema_version(d, &v, e);
		ms_store_release(st, d);
	}
	ms_store_close(st);
	if (!rc && v != COPY_SCHEMA_VERSION)
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL,
				  "copy knows schema version %d, the database is at %d: update copy.c's table list",
				  COPY_SCHEMA_VERSION, v);
	return rc;
}

int ms_store_copy(const char *from, const char *to, ms_copy_progress_fn progress, void *ctx, struct ms_error *e)
{
	int rc;
	if ((rc = check_version(from, e)) || (rc = check_version(to, e)))
		return rc;
	struct ms_sql *src = NULL, *dst = NULL;
	if ((rc = ms_sql_open(from, &src, e)) || (rc = ms_sql_open(to, &dst, e)))
		goto out;
	if ((rc = ms_sql_begin(src, false, e)) || (rc = ms_sql_begin(dst, true, e)))
		goto out;
	/* A big installation takes longer than the driver's statement timeout. */
	if (ms_sql_kind(dst) == MS_SQL_PG && (rc = ms_sql_exec_script(dst, "SET LOCAL statement_timeout = 0", e)))
		goto out;
	if (ms_sql_kind(src) == MS_SQL_PG && (rc = ms_sql_exec_script(src, "SET LOCAL statement_timeout = 0", e)))
		goto out;

	/* The target must be empty but for the secret its migration made. */
	for (size_t i = 1; i < N_TABLES; i++) {
		int64_t n;
		if ((rc = count_rows(dst, tables[i].count, &n, e)))
			goto out;
		if (n) {
			rc = ms_error_set(e, MS_ERR_CONFLICT, "not_empty", NULL,
					  "the target database is not empty (table %s has %lld rows)", tables[i].name,
					  (long long)n);
			goto out;
		}
	}
	if ((rc = ms_sql_exec_script(dst, "DELETE FROM meta", e)))
		goto out;

	for (size_t i = 0; i < N_TABLES; i++) {
		const struct table *t = &tables[i];
		int64_t n_src, n_dst;
		uint64_t h_src[4], h_dst[4];
		if ((rc = scan(src, t, dst, &n_src, h_src, e)) || (rc = scan(dst, t, NULL, &n_dst, h_dst, e)))
			goto out;
		if (n_src != n_dst || memcmp(h_src, h_dst, sizeof h_src) != 0) {
			rc = ms_error_set(e, MS_ERR_STORE, "copy_mismatch", NULL,
					  "table %s: %lld rows copied, %lld read back, or their checksums differ; "
					  "nothing was copied",
					  t->name, (long long)n_src, (long long)n_dst);
			goto out;
		}
		if (ms_sql_kind(dst) == MS_SQL_PG && t->setval) {
			struct ms_sql_stmt *s;
			if ((rc = ms_sql_prepare(dst, t->setval, &s, e)))
				goto out;
			rc = ms_sql_step(s, e);
			ms_sql_reset(s);
			if (rc < 0)
				goto out;
		}
		if (progress) {
			char hex[65];
			unsigned char raw[32];
			for (int lane = 0; lane < 4; lane++)
				for (int k = 0; k < 8; k++)
					raw[8 * lane + k] = (unsigned char)(h_src[lane] >> (8 * k));
			sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
			progress(ctx, t->name, n_src, hex);
		}
	}
	rc = ms_sql_commit(dst, e);
out:
	if (src)
		ms_sql_rollback(src);
	if (dst && rc)
		ms_sql_rollback(dst);
	ms_sql_close(src);
	ms_sql_close(dst);
	return rc;
}
