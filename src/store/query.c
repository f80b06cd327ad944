/*
 * query.c — running the domains' statements (query.h) on the connection of
 * a struct ms_db: the text for its engine, typed arguments bound in order,
 * and rows read into int64s, id arrays or JSON.
 */
#include "query.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* A LIKE pattern "%q%" with % _ \ escaped; "%" (every row) when q is NULL
 * or empty. Caller frees; NULL when out of memory. */
static char *like(const char *q)
{
	size_t n = q ? strlen(q) : 0;
	char *p = malloc(2 * n + 3);
	if (!p)
		return NULL;
	char *w = p;
	*w++ = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			*w++ = '\\';
		*w++ = q[i];
	}
	if (n)
		*w++ = '%';
	*w = 0;
	return p;
}

static int bind(struct ms_sql_stmt *s, const struct ms_val *args, size_t n, struct ms_error *e)
{
	for (size_t k = 0; k < n; k++) {
		int i = (int)k + 1;
		const struct ms_val *v = &args[k];
		switch (v->kind) {
		case MS_V_INT:
			ms_sql_bind_i64(s, i, v->i);
			break;
		case MS_V_REF:
			if (v->i)
				ms_sql_bind_i64(s, i, v->i);
			else
				ms_sql_bind_null(s, i);
			break;
		case MS_V_TEXT:
			ms_sql_bind_text(s, i, v->s);
			break;
		case MS_V_BLOB:
			ms_sql_bind_blob(s, i, v->p, v->n);
			break;
		case MS_V_LIKE: {
			char *pat = like(v->s);
			if (!pat)
				return ms_nomem(e);
			ms_sql_bind_text(s, i, pat); /* copied by the driver */
			free(pat);
			break;
		}
		}
	}
	return 0;
}

int ms_q_bind(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n,
	      struct ms_sql_stmt **out, struct ms_error *e)
{
	struct ms_sql *conn = ms_db_conn(db);
	const char *sql = st->sql[st->differs ? ms_sql_kind(conn) : 0];
	*out = NULL;
	if (!sql)
		return 0;
	int rc = ms_sql_prepare(conn, sql, out, e);
	if (!rc && (rc = bind(*out, args, n, e))) {
		ms_sql_reset(*out);
		*out = NULL;
	}
	return rc;
}

int ms_q_exec(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, st, args, n, &s, e);
	if (rc || !s)
		return rc;
	rc = ms_sql_step(s, e);
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}

/* A query that must return a row returned none: the caller usually says
 * what was not found (ms_store_not_found). */
static int no_row(const struct ms_stmt *st, struct ms_error *e)
{
	return ms_failf(e, MS_E_NOT_FOUND, NULL, MS_AT("查询结果", "the row of"), MS_AS(st->name));
}

/* Bind and step to the row the query must return: 1 with *s on it (the
 * caller reads it and resets *s), or the error (no row: no_row). */
static int first_row(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n,
		     struct ms_sql_stmt **s, struct ms_error *e)
{
	int rc = ms_q_bind(db, st, args, n, s, e);
	if (rc || !*s)
		return rc ? rc : no_row(st, e);
	rc = ms_sql_step(*s, e);
	if (rc != 1)
		ms_sql_reset(*s);
	return rc == 0 ? no_row(st, e) : rc;
}

int ms_q_i64(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, int64_t *out,
	     struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = first_row(db, st, args, n, &s, e);
	if (rc != 1)
		return rc;
	*out = ms_sql_column_i64(s, 0);
	ms_sql_reset(s);
	return 0;
}

int ms_q_exists(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, bool *out,
		struct ms_error *e)
{
	struct ms_sql_stmt *s;
	*out = false;
	int rc = ms_q_bind(db, st, args, n, &s, e);
	if (rc || !s)
		return rc;
	rc = ms_sql_step(s, e);
	ms_sql_reset(s);
	if (rc < 0)
		return rc;
	*out = rc == 1;
	return 0;
}

int ms_q_each_blob(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n,
		   int (*fn)(void *ctx, const unsigned char *blob, size_t len), void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, st, args, n, &s, e);
	if (rc || !s)
		return rc;
	int r = 0;
	while (!r && (rc = ms_sql_step(s, e)) == 1) {
		size_t len = 0;
		const unsigned char *blob = ms_sql_column_blob(s, 0, &len);
		r = fn(ctx, blob, len);
	}
	ms_sql_reset(s);
	return r ? r : rc < 0 ? rc : 0;
}

static size_t suffix_at(const char *n, const char *suffix)
{
	size_t a = strlen(n), b = strlen(suffix);
	return a > b && strcmp(n + a - b, suffix) == 0 ? a - b : 0;
}

/* Column i of the current row as JSON by its type (a blob as hex). */
static json_t *column_json(struct ms_sql_stmt *s, int i)
{
	size_t len;
	switch (ms_sql_column_type(s, i)) {
	case MS_SQL_INT:
		return json_integer(ms_sql_column_i64(s, i));
	case MS_SQL_REAL:
		return json_real(ms_sql_column_real(s, i));
	case MS_SQL_TEXT: {
		const char *t = ms_sql_column_text(s, i, &len);
		return json_stringn(t, len);
	}
	case MS_SQL_BLOB: {
		const unsigned char *p = ms_sql_column_blob(s, i, &len);
		char *hex = malloc(2 * len + 1);
		json_t *v = hex ? json_string(sodium_bin2hex(hex, 2 * len + 1, p, len)) : NULL;
		free(hex);
		return v;
	}
	case MS_SQL_NULL:
		break;
	}
	return json_null();
}

json_t *ms_q_row_to_json(struct ms_sql_stmt *s, int64_t *total)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int n = ms_sql_column_count(s);
	for (int i = 0; i < n; i++) {
		const char *name = ms_sql_column_name(s, i);
		if (strcmp(name, "_total") == 0) {
			if (total)
				*total = ms_sql_column_i64(s, i);
			continue;
		}
		char key[64];
		size_t k;
		json_t *v;
		if ((k = suffix_at(name, "_b")) > 0) {
			v = json_boolean(ms_sql_column_i64(s, i) != 0);
		} else if ((k = suffix_at(name, "_j")) > 0) {
			v = ms_sql_column_type(s, i) == MS_SQL_NULL ? json_null()
								    : json_loads(ms_sql_column_text(s, i, NULL), 0, NULL);
		} else {
			k = strlen(name);
			v = column_json(s, i);
		}
		if (!v || k >= sizeof key) {
			json_decref(v);
			json_decref(o);
			return NULL;
		}
		memcpy(key, name, k);
		key[k] = 0;
		json_object_set_new(o, key, v);
	}
	return o;
}

/* Step a bound statement to the end, collecting its rows. */
static int collect(struct ms_sql_stmt *s, json_t **items, int64_t *total, struct ms_error *e)
{
	json_t *arr = json_array();
	int rc;
	if (!arr)
		rc = ms_nomem(e);
	else
		while ((rc = ms_sql_step(s, e)) == 1) {
			json_t *o = ms_q_row_to_json(s, total);
			if (!o || json_array_append_new(arr, o)) {
				rc = ms_nomem(e);
				break;
			}
		}
	ms_sql_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*items = arr;
	return 0;
}

int ms_q_row_json(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, json_t **out,
		  struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = first_row(db, st, args, n, &s, e);
	if (rc != 1)
		return rc;
	*out = ms_q_row_to_json(s, NULL);
	ms_sql_reset(s);
	return *out ? 0 : ms_nomem(e);
}

int ms_q_rows_json(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, json_t **out,
		   struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, st, args, n, &s, e);
	if (rc)
		return rc;
	if (!s)
		return (*out = json_array()) ? 0 : ms_nomem(e);
	return collect(s, out, NULL, e);
}

int ms_q_page(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n,
	      const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, st, args, n, &s, e);
	if (rc || !s)
		return rc ? rc : no_row(st, e);
	int64_t page = pg && pg->page > 0 ? pg->page : 1;
	int64_t per = pg && pg->per_page > 0 ? pg->per_page : 50;
	ms_sql_bind_i64(s, (int)n + 1, per);
	ms_sql_bind_i64(s, (int)n + 2, (page - 1) * per);
	int64_t total = 0;
	json_t *items;
	if ((rc = collect(s, &items, &total, e)))
		return rc;
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "per_page", (json_int_t)per);
	return *out ? 0 : ms_nomem(e);
}

int ms_q_ids(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, int64_t **ids,
	     int64_t **second, size_t *count, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, st, args, n, &s, e);
	if (rc)
		return rc;
	size_t cap = 16, k = 0;
	int64_t *a = malloc(cap * sizeof *a), *b = second ? malloc(cap * sizeof *b) : NULL;
	if (!a || (second && !b))
		goto nomem;
	while (s && (rc = ms_sql_step(s, e)) == 1) {
		if (k == cap) {
			cap *= 2;
			int64_t *na = realloc(a, cap * sizeof *a);
			if (!na)
				goto nomem;
			a = na;
			if (second) {
				int64_t *nb = realloc(b, cap * sizeof *b);
				if (!nb)
					goto nomem;
				b = nb;
			}
		}
		a[k] = ms_sql_column_i64(s, 0);
		if (second)
			b[k] = ms_sql_column_i64(s, 1);
		k++;
	}
	if (s)
		ms_sql_reset(s);
	if (rc < 0) {
		free(a), free(b);
		return rc;
	}
	*ids = a, *count = k;
	if (second)
		*second = b;
	return 0;
nomem:
	if (s)
		ms_sql_reset(s);
	free(a), free(b);
	return ms_nomem(e);
}

int ms_store_not_found(struct ms_error *e, const struct ms_name *what, int64_t id)
{
	return ms_failf(e, MS_E_NOT_FOUND, NULL, MS_AT(what->zh, what->en), MS_AI(id));
}

int ms_q_prepare_all(struct ms_db *db, const struct ms_stmt *const *const *lists, const struct ms_stmt **failed,
		     struct ms_error *e)
{
	struct ms_sql *conn = ms_db_conn(db);
	for (; *lists; lists++)
		for (const struct ms_stmt *const *st = *lists; *st; st++) {
			const char *sql = (*st)->sql[(*st)->differs ? ms_sql_kind(conn) : 0];
			struct ms_sql_stmt *s;
			if (!sql)
				continue;
			int rc = ms_sql_prepare(conn, sql, &s, e);
			if (rc) {
				*failed = *st;
				return rc;
			}
			ms_sql_reset(s);
		}
	return 0;
}
