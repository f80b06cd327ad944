/*
 * sql_pg.c — the PostgreSQL driver of sql.h, through libpq.
 *
 * A connection is one PGconn, set up on open with client_encoding UTF8,
 * TimeZone UTC, lock_timeout 10 s (as SQLite's busy timeout), statement_timeout
 * 60 s, bytea_output hex, DateStyle ISO and standard_conforming_strings on.
 *
 * Statements: the first ms_sql_prepare of a SQL text on a connection
 * rewrites its placeholders, prepares it on the server under a name of its
 * own (s1, s2, … per connection) with PQprepare, and asks PQdescribePrepared
 * for its result columns; the statement is cached by the text's address
 * until the connection closes. Placeholders follow SQLite's rules, so one
 * text serves both drivers: `?NNN` is parameter NNN, a bare `?` is one more
 * than the highest number so far; both become `$NNN`. Nothing is rewritten
 * inside single-quoted strings (also E'…' with backslash escapes), double-
 * quoted identifiers, dollar-quoted strings and comments (-- and nested
 * slash-star). Parameter types are left to the server to infer from the
 * context of each placeholder; one it cannot infer (`? IS NULL` before any
 * other use of that parameter) is declared text. A statement that fails to
 * prepare inside a transaction leaves the transaction usable (a savepoint
 * guards the attempt), as in SQLite.
 *
 * Values: integers and text are sent as text, blobs in binary format (so a
 * blob parameter must stand where the server infers bytea). Results come
 * back in text format and are read by the column's type OID: int2/4/8 and
 * oid are integers, bool an integer 0/1, float4/8 reals, numeric an integer
 * when its value is integral and fits int64 (sum() of bigint is numeric in
 * PostgreSQL and an integer in SQLite) and a real otherwise, bytea a blob
 * (decoded from hex into a buffer per column, valid until the next step or
 * reset), anything else text.
 *
 * Rows: the first ms_sql_step runs the statement with PQexecPrepared and
 * keeps the whole PGresult; later steps walk its rows; ms_sql_reset clears
 * it. (libpq's single-row mode would hold the connection until the last row
 * is read, and store.c runs other statements while it walks a result.)
 *
 * Errors by SQLSTATE: 23505 → MS_ERR_CONFLICT "duplicate"; 23503 →
 * MS_ERR_UNPROCESSABLE "invalid_reference"; other class 23 (including
 * 23000 raised by the schema's triggers) → MS_ERR_UNPROCESSABLE
 * "constraint_failed"; 40001, 40P01, 55P03, 57014 → MS_ERR_BUSY "busy"; class 08,
 * 57P01-57P03 or a connection whose PQstatus is no longer CONNECTION_OK →
 * MS_ERR_IO (the connection is lost: close it and open another); anything
 * else → MS_ERR_STORE. After an error inside a transaction PostgreSQL
 * refuses everything but ROLLBACK: ms_sql_commit then rolls back and fails,
 * and ms_sql_rollback always ends the transaction.
 *
 * Threads: a connection and its statements belong to one thread at a time
 * (libpq is thread-safe across connections).
 */
#include "../core/utf8.h"
#include "sql_pg_internal.h"

#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct ms_sql_ops pg_ops;

/* ---- errors ---- */

/* src on one line in dst: runs of white space (libpq's messages span
 * lines) become one space, none at either end; cut short, never inside a
 * UTF-8 sequence (the message may end up in JSON). */
static const char *oneline(char *dst, size_t cap, const char *src)
{
	size_t n = 0;
	bool space = false;
	const char *p = src;
	for (; *p && n + 1 < cap; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < cap)
			dst[n++] = ' ';
		space = false;
		dst[n++] = *p;
	}
	if (*p)
		n = ms_utf8_valid_prefix(dst, n); /* cut short: drop a character split at the end */
	dst[n] = 0;
	return dst;
}

/* Map a failed result (r may be NULL) to an enum ms_err in *e (see the file
 * comment for the table). */
static int pg_fail(struct pg_conn *c, const PGresult *r, struct ms_error *e)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(c->pg);
	char buf[200];
	msg = oneline(buf, sizeof buf, msg && *msg ? msg : "unknown error");
	if (PQstatus(c->pg) != CONNECTION_OK || (state && strncmp(state, "08", 2) == 0) ||
	    (state && (strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0)))
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "database connection lost: %s", msg);
	if (!state) {
		if (!r)
			return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory (%s)", msg);
		return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "database error: %s", msg);
	}
	if (strcmp(state, "23505") == 0)
		return ms_fail(e, MS_E_DUPLICATE, NULL);
	if (strcmp(state, "23503") == 0)
		return ms_fail(e, MS_E_INVALID_REFERENCE, NULL);
	if (strncmp(state, "23", 2) == 0)
		return ms_failf(e, MS_E_CONSTRAINT_FAILED, NULL, MS_AS(msg));
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
	    strcmp(state, "57014") == 0)
		return ms_fail(e, MS_E_BUSY, NULL);
	return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "database error %s: %s", state, msg);
}

static bool res_ok(const PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
}

/* Run a command without parameters; 0 or a mapped error. */
static int run(struct pg_conn *c, const char *sql, struct ms_error *e)
{
	PGresult *r = PQexec(c->pg, sql);
	int rc = res_ok(r) ? 0 : pg_fail(c, r, e);
	PQclear(r);
	return rc;
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* ---- statements ---- */

static void param_clear(struct pg_param *p)
{
	free(p->heap);
	p->heap = NULL;
	p->len = 0;
	p->format = 0;
	p->null = true;
}

/* Forget the decoded bytea of the last result: its buffers are keyed by row
 * number, which the next result of the same statement numbers again from 0. */
static void forget_decoded(struct pg_stmt *s)
{
	for (int i = 0; i < s->nbufs; i++)
		s->bufs[i].row = -1;
}

static void stmt_reset(struct ms_sql_stmt *bs)
{
	struct pg_stmt *s = stmt_of(bs);
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
	forget_decoded(s);
}

static void stmt_free(struct pg_stmt *s)
{
	if (!s)
		return;
	stmt_reset(&s->base);
	PQclear(s->desc);
	for (int i = 0; i < s->nparams; i++)
		free(s->params[i].heap);
	free(s->params);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	for (int i = 0; i < s->nbufs; i++)
		free(s->bufs[i].p);
	free(s->bufs);
	free(s);
}

static void clear_bindings(struct pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++)
		param_clear(&s->params[i]);
	s->bind_err = 0;
	s->bind_index = 0;
}

/* The parameter at index i (from 1), or NULL after recording the error. */
static struct pg_param *param_at(struct pg_stmt *s, int i)
{
	if (i < 1 || i > s->nparams) {
		if (!s->bind_err) {
			s->bind_err = MS_ERR_INTERNAL;
			s->bind_index = i;
		}
		return NULL;
	}
	struct pg_param *p = &s->params[i - 1];
	param_clear(p);
	return p;
}

static void pg_bind_i64(struct ms_sql_stmt *bs, int i, int64_t v)
{
	struct pg_param *p = param_at(stmt_of(bs), i);
	if (!p)
		return;
	snprintf(p->num, sizeof p->num, "%lld", (long long)v);
	p->null = false;
}

static void pg_bind_null(struct ms_sql_stmt *bs, int i)
{
	param_at(stmt_of(bs), i);
}

static void pg_bind_text(struct ms_sql_stmt *bs, int i, const char *t)
{
	struct pg_stmt *s = stmt_of(bs);
	struct pg_param *p = param_at(s, i);
	if (!p || !t)
		return;
	if (!(p->heap = strdup(t))) {
		if (!s->bind_err) {
			s->bind_err = MS_ERR_NOMEM;
			s->bind_index = i;
		}
		return;
	}
	p->null = false;
}

static void pg_bind_blob(struct ms_sql_stmt *bs, int i, const void *data, size_t n)
{
	struct pg_stmt *s = stmt_of(bs);
	struct pg_param *p = param_at(s, i);
	if (!p)
		return;
	if (!data)
		n = 0;
	if (n > INT_MAX || !(p->heap = malloc(n ? n : 1))) {
		if (!s->bind_err) {
			s->bind_err = n > INT_MAX ? MS_ERR_TOO_LARGE : MS_ERR_NOMEM;
			s->bind_index = i;
		}
		return;
	}
	if (n)
		memcpy(p->heap, data, n);
	p->len = (int)n;
	p->format = 1;
	p->null = false;
}

static int pg_step(struct ms_sql_stmt *bs, struct ms_error *e)
{
	struct pg_stmt *s = stmt_of(bs);
	if (s->bind_err == MS_ERR_NOMEM)
		return ms_nomem(e);
	if (s->bind_err)
		return ms_error_set(e, s->bind_err, NULL, NULL, "cannot bind parameter %d of %d", s->bind_index,
				    s->nparams);
	if (!s->res) {
		for (int i = 0; i < s->nparams; i++) {
			const struct pg_param *p = &s->params[i];
			s->values[i] = p->null ? NULL : p->heap ? p->heap : p->num;
			s->lengths[i] = p->len;
			s->formats[i] = p->format;
		}
		PGresult *r = PQexecPrepared(s->conn->pg, s->name, s->nparams, s->values, s->lengths, s->formats, 0);
		if (!res_ok(r)) {
			int rc = pg_fail(s->conn, r, e);
			PQclear(r);
			return rc;
		}
		s->res = r;
		s->nrows = PQntuples(r);
		s->row = -1;
		forget_decoded(s);
	}
	if (s->row < s->nrows)
		s->row++;
	return s->row < s->nrows ? 1 : 0;
}

static void pg_reset(struct ms_sql_stmt *bs)
{
	stmt_reset(bs);
}

/* ---- connection ---- */

static void pg_close(struct ms_sql *bc)
{
	struct pg_conn *c = conn_of(bc);
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		stmt_free(c->stmts[i]);
	free(c->stmts);
	/* Closing the connection ends an open transaction: the server rolls it back. */
	PQfinish(c->pg);
	free(c);
}

/* The number of the parameter whose type the server could not infer
 * (SQLSTATE 42P18 or 42P08, "could not determine data type of parameter
 * $N"), or 0. */
static int indeterminate(const PGresult *r, int nparams)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	if (!state || (strcmp(state, "42P18") != 0 && strcmp(state, "42P08") != 0) || !msg)
		return 0;
	for (const char *p = strchr(msg, '$'); p; p = strchr(p + 1, '$')) {
		long n = 0;
		const char *d = p + 1;
		while (*d >= '0' && *d <= '9' && n <= nparams)
			n = n * 10 + (*d++ - '0');
		if (d > p + 1 && n >= 1 && n <= nparams)
			return (int)n;
	}
	return 0;
}

/* PQprepare s under its name. A parameter whose type the server cannot
 * infer from its context (`? IS NULL`, a bare `?` in a select list) is
 * declared text, as SQLite would hold a bound text, and the statement is
 * prepared again (for at most MAX_UNTYPED parameters). Inside a
 * transaction each attempt runs under a savepoint, so that a statement that
 * fails to prepare leaves the transaction usable, as in SQLite. */
static int server_prepare(struct pg_conn *c, struct pg_stmt *s, const char *text, struct ms_error *e)
{
	bool in_tx = PQtransactionStatus(c->pg) == PQTRANS_INTRANS;
	Oid *types = NULL;
	if (s->nparams > 0 && !(types = calloc((size_t)s->nparams, sizeof *types)))
		return ms_nomem(e);
	int rc;
	for (int attempt = 0;; attempt++) {
		if (in_tx && (rc = run(c, "SAVEPOINT ms_prepare", e)))
			break;
		PGresult *r = PQprepare(c->pg, s->name, text, s->nparams, types);
		if (res_ok(r)) {
			PQclear(r);
			rc = in_tx ? run(c, "RELEASE SAVEPOINT ms_prepare", e) : 0;
			break;
		}
		int n = indeterminate(r, s->nparams);
		rc = pg_fail(c, r, e);
		PQclear(r);
		if (in_tx && rc != MS_ERR_IO)
			PQclear(PQexec(c->pg, "ROLLBACK TO SAVEPOINT ms_prepare; RELEASE SAVEPOINT ms_prepare"));
		if (!n || types[n - 1] || attempt == MAX_UNTYPED)
			break;
		types[n - 1] = OID_TEXT;
	}
	free(types);
	return rc;
}

static int pg_prepare(struct ms_sql *bc, const char *sql, struct ms_sql_stmt **out, struct ms_error *e)
{
	struct pg_conn *c = conn_of(bc);
	for (size_t i = 0; i < c->n; i++)
		if (c->stmts[i]->key == sql) {
			struct pg_stmt *s = c->stmts[i];
			stmt_reset(&s->base);
			clear_bindings(s);
			*out = &s->base;
			return 0;
		}
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;
		struct pg_stmt **a = realloc(c->stmts, cap * sizeof *a);
		if (!a)
			return ms_nomem(e);
		c->stmts = a;
		c->cap = cap;
	}
	struct pg_stmt *s = calloc(1, sizeof *s);
	if (!s)
		return ms_nomem(e);
	s->base.ops = &pg_ops;
	s->conn = c;
	s->key = sql;
	s->row = -1;
	int rc;
	bool bad;
	char *text = ms_pg_rewrite(sql, &s->nparams, &bad);
	if (!text) {
		rc = bad ? ms_error_set(e, MS_ERR_STORE, NULL, NULL, "parameter number out of range (1 to %d)", MAX_PARAM)
			 : ms_nomem(e);
		goto fail;
	}
	if (s->nparams > 0) {
		size_t np = (size_t)s->nparams;
		s->params = calloc(np, sizeof *s->params);
		s->values = calloc(np, sizeof *s->values);
		s->lengths = calloc(np, sizeof *s->lengths);
		s->formats = calloc(np, sizeof *s->formats);
		if (!s->params || !s->values || !s->lengths || !s->formats) {
			free(text);
			rc = ms_nomem(e);
			goto fail;
		}
		for (int i = 0; i < s->nparams; i++)
			s->params[i].null = true;
	}
	snprintf(s->name, sizeof s->name, "s%lu", ++c->next_id);
	rc = server_prepare(c, s, text, e);
	free(text);
	if (rc)
		goto fail;
	s->desc = PQdescribePrepared(c->pg, s->name);
	if (!res_ok(s->desc)) {
		rc = pg_fail(c, s->desc, e);
		goto fail;
	}
	c->stmts[c->n++] = s;
	*out = &s->base;
	return 0;
fail:
	stmt_free(s);
	return rc;
}

static int pg_exec_script(struct ms_sql *bc, const char *sql, struct ms_error *e)
{
	return run(conn_of(bc), sql, e);
}

static int pg_begin(struct ms_sql *bc, bool write, struct ms_error *e)
{
	struct pg_conn *c = conn_of(bc);
	if (PQstatus(c->pg) != CONNECTION_OK)
		return pg_fail(c, NULL, e);
	if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "transaction already open");
	return run(c, write ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ",
		   e);
}

static void pg_rollback(struct ms_sql *bc)
{
	struct pg_conn *c = conn_of(bc);
	if (PQstatus(c->pg) != CONNECTION_OK || PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return;
	PQclear(PQexec(c->pg, "ROLLBACK"));
}

static int pg_commit(struct ms_sql *bc, struct ms_error *e)
{
	struct pg_conn *c = conn_of(bc);
	if (PQstatus(c->pg) != CONNECTION_OK)
		return pg_fail(c, NULL, e);
	switch (PQtransactionStatus(c->pg)) {
	case PQTRANS_INTRANS:
		break;
	case PQTRANS_INERROR:
		pg_rollback(bc);
		return ms_error_set(e, MS_ERR_STORE, NULL, NULL,
				    "the transaction failed earlier and was rolled back");
	case PQTRANS_IDLE:
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "no transaction open");
	default:
		return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "the connection is not ready to commit");
	}
	PGresult *r = PQexec(c->pg, "COMMIT");
	int rc = 0;
	if (!res_ok(r))
		rc = pg_fail(c, r, e);
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0)
		rc = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "the transaction was rolled back");
	PQclear(r);
	/* A failed COMMIT ends the transaction too; make sure of it. */
	if (rc)
		pg_rollback(bc);
	return rc;
}

/* One notification already read from the socket, or, after waiting up to
 * timeout_ms for the socket to become readable, one read then. */
static int pg_wait_notify(struct ms_sql *bc, int timeout_ms, char *payload, size_t cap, struct ms_error *e)
{
	struct pg_conn *c = conn_of(bc);
	for (int round = 0; round < 2; round++) {
		if (PQconsumeInput(c->pg) != 1 || PQstatus(c->pg) != CONNECTION_OK) {
			char buf[200];
			return ms_error_set(e, MS_ERR_IO, NULL, NULL, "PostgreSQL notifications: %s",
					    oneline(buf, sizeof buf, PQerrorMessage(c->pg)));
		}
		PGnotify *n = PQnotifies(c->pg);
		if (n) {
			if (cap > 0)
				snprintf(payload, cap, "%s", n->extra ? n->extra : "");
			PQfreemem(n);
			return 1;
		}
		if (round == 1)
			break;
		struct pollfd pfd = {.fd = PQsocket(c->pg), .events = POLLIN};
		if (pfd.fd < 0)
			return ms_error_set(e, MS_ERR_IO, NULL, NULL, "PostgreSQL notifications: no socket");
		int r = poll(&pfd, 1, timeout_ms);
		if (r == 0 || (r < 0 && errno == EINTR))
			return 0;
		if (r < 0)
			return ms_error_set(e, MS_ERR_IO, NULL, NULL, "PostgreSQL notifications: poll: %s", strerror(errno));
	}
	return 0;
}

/* A PostgreSQL commit is durable when it returns (synchronous_commit=on);
 * the server groups concurrent commits' WAL flushes itself (docs/deploy.md). */
static int pg_sync_log(struct ms_sql *c, struct ms_error *e)
{
	(void)c;
	(void)e;
	return 0;
}

static const struct ms_sql_ops pg_ops = MS_SQL_OPS(MS_SQL_PG, pg_, ms_pg_);

/* libpq, loaded by the first connection (pq_lazy.h). */
MS_LAZY_LIBRARY(pq, MS_PQ_FNS, MS_PQ_SONAME);

int ms_pq_load(struct ms_error *e)
{
	return ms_lazy_require(&pq, e);
}

int ms_sql_pg_open(const char *uri, struct ms_sql **out, struct ms_error *e)
{
	int lrc = ms_pq_load(e);
	if (lrc)
		return lrc;
	struct pg_conn *c = calloc(1, sizeof *c);
	if (!c)
		return ms_nomem(e);
	c->base.ops = &pg_ops;
	c->pg = PQconnectdb(uri);
	if (!c->pg) {
		free(c);
		return ms_nomem(e);
	}
	int rc;
	if (PQstatus(c->pg) != CONNECTION_OK) {
		char buf[200];
		rc = ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot connect to PostgreSQL: %s",
				  oneline(buf, sizeof buf, PQerrorMessage(c->pg)));
		goto fail;
	}
	PQsetNoticeProcessor(c->pg, quiet, NULL);
	if (PQserverVersion(c->pg) < 130000) {
		rc = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "PostgreSQL %d.%d is too old: 13 or newer is needed",
				  PQserverVersion(c->pg) / 10000, PQserverVersion(c->pg) % 10000);
		goto fail;
	}
	rc = run(c,
		 "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET lock_timeout = '10s';"
		 "SET statement_timeout = '60s'; SET bytea_output = 'hex'; SET DateStyle = 'ISO';"
		 "SET standard_conforming_strings = on",
		 e);
	if (rc) {
		char why[sizeof e->message];
		snprintf(why, sizeof why, "%s", e ? e->message : "");
		rc = ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot set up the PostgreSQL connection: %s", why);
		goto fail;
	}
	*out = &c->base;
	return 0;
fail:
	PQfinish(c->pg);
	free(c);
	return rc;
}
