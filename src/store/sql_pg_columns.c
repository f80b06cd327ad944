/* sql_pg_columns.c — reading the columns of a result row, by each
 * column's type OID (see sql_pg.c: integers, booleans, reals, numeric,
 * bytea decoded by libpq, text). */
#include "sql_pg_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>


static const PGresult *columns(const struct pg_stmt *s)
{
	return s->res ? s->res : s->desc;
}

int ms_pg_column_count(struct ms_sql_stmt *bs)
{
	const PGresult *r = columns(stmt_of(bs));
	return r ? PQnfields(r) : 0;
}

const char *ms_pg_column_name(struct ms_sql_stmt *bs, int i)
{
	const PGresult *r = columns(stmt_of(bs));
	return r && i >= 0 && i < PQnfields(r) ? PQfname(r, i) : NULL;
}

/* The current row's value of column i, or NULL when there is no such value
 * (no row, no column, SQL NULL). */
static const char *value(const struct pg_stmt *s, int i)
{
	if (!s->res || s->row < 0 || s->row >= s->nrows || i < 0 || i >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

/* Parse a whole decimal integer that fits int64. */
static bool parse_i64(const char *v, int64_t *out)
{
	if (!*v)
		return false;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end)
		return false;
	*out = n;
	return true;
}

enum ms_sql_type ms_pg_column_type(struct ms_sql_stmt *bs, int i)
{
	struct pg_stmt *s = stmt_of(bs);
	const char *v = value(s, i);
	if (!v)
		return MS_SQL_NULL;
	int64_t n;
	switch (PQftype(s->res, i)) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
	case OID_BOOL:
		return MS_SQL_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return MS_SQL_REAL;
	case OID_NUMERIC:
		return parse_i64(v, &n) ? MS_SQL_INT : MS_SQL_REAL;
	case OID_BYTEA:
		return MS_SQL_BLOB;
	default:
		return MS_SQL_TEXT;
	}
}

int64_t ms_pg_column_i64(struct ms_sql_stmt *bs, int i)
{
	struct pg_stmt *s = stmt_of(bs);
	const char *v = value(s, i);
	if (!v)
		return 0;
	Oid t = PQftype(s->res, i);
	if (t == OID_BOOL)
		return v[0] == 't';
	if (t == OID_BYTEA)
		return 0;
	int64_t n;
	if (parse_i64(v, &n))
		return n;
	/* A real or a numeric with a fraction: truncated, saturated as in SQLite. */
	double d = strtod(v, NULL);
	if (d != d)
		return 0;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	return (int64_t)d;
}

double ms_pg_column_real(struct ms_sql_stmt *bs, int i)
{
	struct pg_stmt *s = stmt_of(bs);
	const char *v = value(s, i);
	if (!v)
		return 0;
	Oid t = PQftype(s->res, i);
	if (t == OID_BOOL)
		return v[0] == 't' ? 1.0 : 0.0;
	if (t == OID_BYTEA)
		return 0;
	return strtod(v, NULL);
}

/* The bytea value of column i of the current row, decoded into the
 * column's buffer (NUL-terminated); NULL when out of memory or malformed. */
static const struct pg_buf *decode(struct pg_stmt *s, int i, const char *v)
{
	int nf = PQnfields(s->res);
	if (s->nbufs < nf) {
		struct pg_buf *b = realloc(s->bufs, (size_t)nf * sizeof *b);
		if (!b)
			return NULL;
		for (int k = s->nbufs; k < nf; k++)
			b[k] = (struct pg_buf){.p = NULL, .cap = 0, .len = 0, .row = -1};
		s->bufs = b;
		s->nbufs = nf;
	}
	struct pg_buf *b = &s->bufs[i];
	if (b->row == s->row && b->p)
		return b;
	b->row = -1;
	/* libpq decodes both the hex and the escape format. */
	size_t n;
	unsigned char *raw = PQunescapeBytea((const unsigned char *)v, &n);
	if (!raw)
		return NULL;
	if (b->cap < n + 1) {
		unsigned char *p = realloc(b->p, n + 1);
		if (!p) {
			PQfreemem(raw);
			return NULL;
		}
		b->p = p;
		b->cap = n + 1;
	}
	memcpy(b->p, raw, n);
	PQfreemem(raw);
	b->p[n] = 0;
	b->len = n;
	b->row = s->row;
	return b;
}

const char *ms_pg_column_text(struct ms_sql_stmt *bs, int i, size_t *len)
{
	struct pg_stmt *s = stmt_of(bs);
	const char *v = value(s, i);
	const char *t = "";
	size_t n = 0;
	if (v) {
		Oid type = PQftype(s->res, i);
		if (type == OID_BOOL) {
			t = v[0] == 't' ? "1" : "0";
			n = 1;
		} else if (type == OID_BYTEA) {
			const struct pg_buf *b = decode(s, i, v);
			if (b) {
				t = (const char *)b->p;
				n = b->len;
			}
		} else {
			t = v;
			n = (size_t)PQgetlength(s->res, s->row, i);
		}
	}
	if (len)
		*len = n;
	return t;
}

const void *ms_pg_column_blob(struct ms_sql_stmt *bs, int i, size_t *len)
{
	struct pg_stmt *s = stmt_of(bs);
	const char *v = value(s, i);
	if (v && PQftype(s->res, i) == OID_BYTEA) {
		const struct pg_buf *b = decode(s, i, v);
		if (len)
			*len = b ? b->len : 0;
		return b ? (const void *)b->p : "";
	}
	/* Anything else reads as the bytes of its text. */
	return ms_pg_column_text(bs, i, len);
}
