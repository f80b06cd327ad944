/*
 * copy.c — move a whole installation between databases (store.h:
 * ms_store_copy), in any direction: SQLite → PostgreSQL, back, or between
 * two servers of the same kind.
 *
 * Both databases are first brought to the current schema (ms_store_open
 * runs the migrations); the target must hold no data then (only the secret
 * its migration made, which is replaced by the source's). The tables, their
 * columns, primary keys, foreign keys and identity columns are read from
 * each database's own catalogue (sqlite_schema and its pragmas;
 * information_schema and pg_catalog), so no list here follows the schema:
 * both must have the same tables with the same columns. Every table is read
 * from the source in a read-only snapshot, rows in the order of their key,
 * and written to the target in the order the foreign keys need, inside one
 * write transaction. Before committing, the
 * target is read back and each table's row count and checksum must equal
 * the source's; otherwise the transaction is rolled back and nothing stays.
 * Two kinds of table are not copied but made again from what was: SQLite's
 * full-text indexes, and the polls' tally (poll_tally, schema_tally.c),
 * whose rows differ by engine and which the target's triggers count as the
 * rows come.
 *
 * The checksum of a table is order-independent — the sum, in four 64-bit
 * lanes, of a BLAKE2b-256 of each row — because the two backends need not
 * sort text keys alike. A row's hash covers each column's type and value
 * (integers as 8 little-endian bytes, text and blobs with their length), so
 * a value that changed type on the way would show — but for text and blobs,
 * one kind (bytes): PostgreSQL's bytea gives back as a blob the text a
 * SQLite BLOB column held.
 */
#include "store.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "schema.h"
#include "sql.h"

/* A table as the database's own catalogue describes it. */
struct table {
	char name[64];
	char *select;  /* every column in the source's order, rows by primary key */
	char *insert;
	char *count;
	char *setval;  /* PostgreSQL target: move its identity on past the copied ids; NULL: none */
	char *parents; /* the tables it refers to, "\0"-separated, ending with "" */
	bool done;
};

#define MAX_TABLES 128 /* 75 after issue 14 */

/* The catalogue queries of each engine. */
static const struct ms_stmt TABLES = MS_STMT2(
	"copy.tables",
	/* not virtual tables (FTS5) nor their shadow tables, nor the polls' tally (its rows differ by engine, and
	 * the target's triggers count the copied rows): made again after the copy */
	"SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' "
	"AND name <> 'poll_tally' ORDER BY name",
	"SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
	"AND table_type = 'BASE TABLE' AND table_name NOT IN ('minsheng_schema', 'poll_tally') ORDER BY table_name");
static const struct ms_stmt COLUMNS = MS_STMT2(
	"copy.columns", "SELECT name FROM pragma_table_info(?) ORDER BY cid",
	"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
	"AND is_generated = 'NEVER' ORDER BY ordinal_position"); /* generated columns follow the others */
static const struct ms_stmt PRIMARY_KEY = MS_STMT2(
	"copy.primary_key", "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk",
	"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
	"WHERE i.indrelid = to_regclass(quote_ident(?)) AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)");
static const struct ms_stmt PARENTS = MS_STMT2(
	"copy.parents", "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?) ORDER BY 1",
	"SELECT DISTINCT p.relname FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid "
	"WHERE c.contype = 'f' AND c.conrelid = to_regclass(quote_ident(?)) ORDER BY 1");
static const struct ms_stmt IDENTITY = MS_STMT2(
	"copy.identity", NULL,
	"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
	"AND is_identity = 'YES'");

/* The FTS5 tables of an SQLite target, to rebuild from their content tables. */
static const struct ms_stmt VIRTUALS = MS_STMT2(
	"copy.virtuals",
	"SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual' ORDER BY name", NULL);

const struct ms_stmt *const ms_copy_stmts[] = {&TABLES, &COLUMNS, &PRIMARY_KEY, &PARENTS, &IDENTITY, &VIRTUALS, NULL};

static void row_hash(struct ms_sql_stmt *s, uint64_t sum[4])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	int n = ms_sql_column_count(s);
	for (int i = 0; i < n; i++) {
		enum ms_sql_type t = ms_sql_column_type(s, i);
		/* text and a blob are both bytes: a SQLite BLOB column holding text (meta's values) reads back from
		 * PostgreSQL's bytea as a blob of the same bytes, and that is a faithful copy */
		unsigned char tag = (unsigned char)(t == MS_SQL_BLOB ? MS_SQL_TEXT : t), buf[8];
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

/* Run a catalogue query (one text argument, NULL: none) on c and collect
 * the first column of its rows into buf as "\0"-separated names ending
 * with an empty one. 0, or the error. */
static int names_of(struct ms_sql *c, const struct ms_stmt *st, const char *arg, char *buf, size_t cap,
		    struct ms_error *e)
{
	const char *sql = st->sql[st->differs ? ms_sql_kind(c) : 0];
	size_t len = 0;
	buf[0] = 0;
	if (!sql)
		return 0;
	struct ms_sql_stmt *s;
	int rc = ms_sql_prepare(c, sql, &s, e);
	if (rc)
		return rc;
	if (arg)
		ms_sql_bind_text(s, 1, arg);
	while ((rc = ms_sql_step(s, e)) == 1) {
		size_t n;
		const char *v = ms_sql_column_text(s, 0, &n);
		if (len + n + 2 > cap) {
			rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "catalogue answer too long (%s)", st->name);
			break;
		}
		memcpy(buf + len, v, n + 1);
		len += n + 1;
		buf[len] = 0;
	}
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}

/* The names of a "\0"-separated list joined: each quoted as an identifier
 * (q), or each a "?" (q false), separated by ", ". */
static void join_list(const char *list, bool q, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = 0;
	for (const char *n = list; *n; n += strlen(n) + 1)
		len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, q ? "%s\"%s\"" : "%s?", len ? ", " : "", n);
}

static bool same_list(const char *a, const char *b)
{
	for (; *a || *b; a += strlen(a) + 1, b += strlen(b) + 1)
		if (strcmp(a, b) != 0)
			return false;
	return true;
}

/* A new string made by printf (NULL when out of memory). */
static char *text_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *text_of(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *t = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (t) {
		va_start(ap, fmt);
		vsnprintf(t, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return t;
}

static void tables_free(struct table *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].select), free(t[i].insert), free(t[i].count), free(t[i].setval), free(t[i].parents);
		memset(&t[i], 0, sizeof t[i]);
	}
}

/* Read the tables of src from its catalogue, check that dst has the same
 * tables and columns, and make the statements of each (kept until the
 * connections close: the drivers cache statements by their text's
 * address). */
static int discover(struct ms_sql *src, struct ms_sql *dst, struct table *t, size_t *n, struct ms_error *e)
{
	char names[4096], other[4096], cols[2048], dcols[2048], pk[512], list[4096], qs[1024], order[1024];
	int rc;
	*n = 0;
	if ((rc = names_of(src, &TABLES, NULL, names, sizeof names, e)) ||
	    (rc = names_of(dst, &TABLES, NULL, other, sizeof other, e)))
		return rc;
	if (!same_list(names, other))
		return ms_error_set(e, MS_ERR_STORE, "copy_mismatch", NULL,
				    "the two databases do not have the same tables; nothing was copied");
	for (const char *name = names; *name; name += strlen(name) + 1) {
		if (*n == MAX_TABLES || strlen(name) >= sizeof t->name)
			return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "too many tables, or a name too long");
		struct table *tb = &t[(*n)++];
		memcpy(tb->name, name, strlen(name) + 1);
		if ((rc = names_of(src, &COLUMNS, name, cols, sizeof cols, e)) ||
		    (rc = names_of(dst, &COLUMNS, name, dcols, sizeof dcols, e)) ||
		    (rc = names_of(src, &PRIMARY_KEY, name, pk, sizeof pk, e)) ||
		    (rc = names_of(src, &PARENTS, name, other, sizeof other, e)))
			return rc;
		if (!same_list(cols, dcols))
			return ms_error_set(e, MS_ERR_STORE, "copy_mismatch", NULL,
					    "table %s has other columns in the two databases; nothing was copied", name);
		join_list(cols, true, list, sizeof list);
		join_list(cols, false, qs, sizeof qs);
		join_list(pk[0] ? pk : cols, true, order, sizeof order);
		size_t plen = 0;
		while (other[plen])
			plen += strlen(other + plen) + 1;
		tb->select = text_of("SELECT %s FROM \"%s\" ORDER BY %s", list, name, order);
		tb->insert = text_of("INSERT INTO \"%s\"(%s) VALUES (%s)", name, list, qs);
		tb->count = text_of("SELECT count(*) FROM \"%s\"", name);
		tb->parents = malloc(plen + 1);
		if (!tb->select || !tb->insert || !tb->count || !tb->parents)
			return ms_nomem(e);
		memcpy(tb->parents, other, plen + 1);
		if ((rc = names_of(dst, &IDENTITY, name, other, sizeof other, e)))
			return rc;
		if (other[0] && !(tb->setval = text_of("SELECT setval(pg_get_serial_sequence('\"%s\"', '%s'), "
						       "COALESCE((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, false)",
						       name, other, other, name)))
			return ms_nomem(e);
	}
	return 0;
}

/* The tables in an order where each comes after those it refers to (a
 * table may refer to itself: its rows go in the order of their key). */
static int dependency_order(struct table *t, size_t n, size_t *order, struct ms_error *e)
{
	size_t k = 0;
	while (k < n) {
		size_t before = k;
		for (size_t i = 0; i < n; i++) {
			if (t[i].done)
				continue;
			bool ready = true;
			for (const char *p = t[i].parents; *p && ready; p += strlen(p) + 1)
				for (size_t j = 0; j < n; j++)
					if (j != i && strcmp(t[j].name, p) == 0 && !t[j].done)
						ready = false;
			if (ready)
				t[i].done = true, order[k++] = i;
		}
		if (k == before)
			return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the tables' foreign keys form a cycle");
	}
	return 0;
}

/* Rebuild every FTS5 table of an SQLite target from its content table
 * (search_fts from search_doc: store/search.h), which the copy filled. */
static int rebuild_virtuals(struct ms_sql *dst, struct ms_error *e)
{
	if (ms_sql_kind(dst) != MS_SQL_SQLITE)
		return 0;
	char names[1024];
	int rc = names_of(dst, &VIRTUALS, NULL, names, sizeof names, e);
	for (const char *p = names; !rc && *p; p += strlen(p) + 1) {
		char *sql = text_of("INSERT INTO \"%s\"(\"%s\") VALUES ('rebuild')", p, p);
		rc = sql ? ms_sql_exec_script(dst, sql, e) : ms_nomem(e);
		free(sql);
	}
	return rc;
}

int ms_store_copy(const char *from, const char *to, ms_copy_progress_fn progress, void *ctx, struct ms_error *e)
{
	struct ms_store *st;
	int rc;
	/* Both are brought to the current schema first. */
	if ((rc = ms_store_open(from, 1, &st, e)))
		return rc;
	ms_store_close(st);
	if ((rc = ms_store_open(to, 1, &st, e)))
		return rc;
	ms_store_close(st);
	struct ms_sql *src = NULL, *dst = NULL;
	struct table tables[MAX_TABLES];
	size_t n = 0, order[MAX_TABLES];
	memset(tables, 0, sizeof tables);
	if ((rc = ms_sql_open(from, &src, e)) || (rc = ms_sql_open(to, &dst, e)))
		goto out;
	if ((rc = ms_sql_begin(src, false, e)) || (rc = ms_sql_begin(dst, true, e)))
		goto out;
	/* A big installation takes longer than the driver's statement timeout. */
	if (ms_sql_kind(dst) == MS_SQL_PG && (rc = ms_sql_exec_script(dst, "SET LOCAL statement_timeout = 0", e)))
		goto out;
	if (ms_sql_kind(src) == MS_SQL_PG && (rc = ms_sql_exec_script(src, "SET LOCAL statement_timeout = 0", e)))
		goto out;
	if ((rc = discover(src, dst, tables, &n, e)) || (rc = dependency_order(tables, n, order, e)))
		goto out;

	/* The target must be empty but for the secret its migration made. */
	for (size_t i = 0; i < n; i++) {
		int64_t rows;
		if (strcmp(tables[i].name, "meta") == 0)
			continue;
		if ((rc = count_rows(dst, tables[i].count, &rows, e)))
			goto out;
		if (rows) {
			rc = ms_failf(e, MS_E_NOT_EMPTY, NULL, MS_AS(tables[i].name), MS_AI(rows));
			goto out;
		}
	}
	if ((rc = ms_sql_exec_script(dst, "DELETE FROM meta", e)))
		goto out;

	for (size_t k = 0; k < n; k++) {
		const struct table *t = &tables[order[k]];
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
				for (int b = 0; b < 8; b++)
					raw[8 * lane + b] = (unsigned char)(h_src[lane] >> (8 * b));
			sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
			progress(ctx, t->name, n_src, hex);
		}
	}
	if ((rc = rebuild_virtuals(dst, e)) || (rc = ms_sql_exec_script(dst, ms_schema_tally_from_rows, e)))
		goto out;
	rc = ms_sql_commit(dst, e);
	if (!rc && ms_sql_log_grouped(dst))
		rc = ms_sql_sync_log(dst, e); /* the copy is on disk before it is reported done */
out:
	if (src)
		ms_sql_rollback(src);
	if (dst && rc)
		ms_sql_rollback(dst);
	ms_sql_close(src);
	ms_sql_close(dst);
	tables_free(tables, n);
	return rc;
}
