/*
 * sql_sqlite.c — the SQLite driver of sql.h.
 *
 * A connection is opened in WAL mode. Ballots must survive a power cut:
 * by default in group commit, synchronous=NORMAL (a commit writes the WAL
 * without waiting for the disk) and the store makes each commit durable
 * before it is answered with an fdatasync of the WAL that covers every
 * commit written before it began (lite_sync_log; store.c groups them); with
 * MINSHENG_GROUP_COMMIT=off, synchronous=FULL (an fsync inside each
 * commit, under the write lock). Foreign keys on, trusted_schema off,
 * extended result codes and a 10 s busy timeout (which covers other processes, e.g. the CLI,
 * holding the write lock). Each connection caches its prepared statements by
 * the address of their SQL text (sql.h), prepared once as persistent
 * statements and reset on every reuse. Writers begin with BEGIN IMMEDIATE:
 * a plain BEGIN that reads and then writes fails with SQLITE_BUSY under
 * concurrent writers instead of waiting.
 */
#include "sql.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql_driver.h"

#define BUSY_TIMEOUT_MS 10000

struct lite_stmt {
	struct ms_sql_stmt base;
	struct lite_conn *conn;
	const char *sql; /* the cache key */
	sqlite3_stmt *s;
};

struct lite_conn {
	struct ms_sql base;
	sqlite3 *h;
	bool grouped;   /* group commit: synchronous=NORMAL, durable by lite_sync_log */
	bool file;      /* a database file (not in memory, not a temporary one): other connections share it */
	int wal_fd;     /* the WAL (grouped), -1 until it exists */
	char wal_path[4096];
	size_t n_cached, cap;
	struct lite_stmt **cached; /* each allocated on its own: callers hold pointers to them */
};

static struct lite_conn *conn_of(struct ms_sql *c)
{
	return (struct lite_conn *)c;
}

static sqlite3_stmt *stmt_of(struct ms_sql_stmt *s)
{
	return ((struct lite_stmt *)s)->s;
}

/* The SQLite result code rc of a failed call on h as an enum ms_err. */
static int lite_err(sqlite3 *h, int rc, struct ms_error *e)
{
	int ext = sqlite3_extended_errcode(h);
	const char *msg = sqlite3_errmsg(h);
	rc &= 0xff; /* extended result codes are on: compare the primary code */
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return ms_fail(e, MS_E_BUSY, NULL);
	if (rc == SQLITE_CONSTRAINT) {
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return ms_fail(e, MS_E_DUPLICATE, NULL);
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return ms_fail(e, MS_E_INVALID_REFERENCE, NULL);
		return ms_failf(e, MS_E_CONSTRAINT_FAILED, NULL, MS_AS(msg));
	}
	return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "database error: %s", msg);
}

/* ---- connection ---- */

static void lite_close(struct ms_sql *c)
{
	struct lite_conn *l = conn_of(c);
	for (size_t i = 0; i < l->n_cached; i++) {
		sqlite3_finalize(l->cached[i]->s);
		free(l->cached[i]);
	}
	free(l->cached);
	if (l->wal_fd >= 0)
		close(l->wal_fd);
	sqlite3_close(l->h); /* rolls back a transaction left open */
	free(l);
}

static int lite_exec_script(struct ms_sql *c, const char *sql, struct ms_error *e)
{
	sqlite3 *h = conn_of(c)->h;
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : lite_err(h, rc, e);
}

static int lite_begin(struct ms_sql *c, bool write, struct ms_error *e)
{
	/* In group commit a reader takes its snapshot at once (reading the
	 * schema's version), so that the store knows which commits it can see:
	 * those begun before the begin returned (store.c, sync_seen). A writer's
	 * BEGIN IMMEDIATE takes it with the write lock. */
	if (!write && conn_of(c)->grouped)
		return lite_exec_script(c, "BEGIN; PRAGMA schema_version", e);
	return lite_exec_script(c, write ? "BEGIN IMMEDIATE" : "BEGIN", e);
}

static int lite_commit(struct ms_sql *c, struct ms_error *e)
{
	return lite_exec_script(c, "COMMIT", e);
}

static void lite_rollback(struct ms_sql *c)
{
	sqlite3 *h = conn_of(c)->h;
	if (!sqlite3_get_autocommit(h))
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
}

static int lite_prepare(struct ms_sql *c, const char *sql, struct ms_sql_stmt **out, struct ms_error *e)
{
	struct lite_conn *l = conn_of(c);
	for (size_t i = 0; i < l->n_cached; i++)
		if (l->cached[i]->sql == sql) {
			sqlite3_reset(l->cached[i]->s);
			sqlite3_clear_bindings(l->cached[i]->s);
			*out = &l->cached[i]->base;
			return 0;
		}
	if (l->n_cached == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct lite_stmt **a = realloc(l->cached, cap * sizeof *a);
		if (!a)
			return ms_nomem(e);
		l->cached = a, l->cap = cap;
	}
	struct lite_stmt *ls = malloc(sizeof *ls);
	if (!ls)
		return ms_nomem(e);
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v3(l->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK) {
		free(ls);
		return lite_err(l->h, rc, e);
	}
	*ls = (struct lite_stmt){.base = {c->ops}, .conn = l, .sql = sql, .s = s};
	l->cached[l->n_cached++] = ls;
	*out = &ls->base;
	return 0;
}

/* ---- statement ---- */

static void lite_bind_i64(struct ms_sql_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(stmt_of(s), i, v);
}

static void lite_bind_null(struct ms_sql_stmt *s, int i)
{
	sqlite3_bind_null(stmt_of(s), i);
}

static void lite_bind_text(struct ms_sql_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(stmt_of(s), i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt_of(s), i);
}

static void lite_bind_blob(struct ms_sql_stmt *s, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(stmt_of(s), i, n ? p : "", n, SQLITE_TRANSIENT);
}

static int lite_step(struct ms_sql_stmt *s, struct ms_error *e)
{
	int rc = sqlite3_step(stmt_of(s));
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return lite_err(((struct lite_stmt *)s)->conn->h, rc, e);
}

static int lite_column_count(struct ms_sql_stmt *s)
{
	return sqlite3_column_count(stmt_of(s));
}

static const char *lite_column_name(struct ms_sql_stmt *s, int i)
{
	const char *n = sqlite3_column_name(stmt_of(s), i);
	return n ? n : "";
}

static enum ms_sql_type lite_column_type(struct ms_sql_stmt *s, int i)
{
	switch (sqlite3_column_type(stmt_of(s), i)) {
	case SQLITE_INTEGER:
		return MS_SQL_INT;
	case SQLITE_FLOAT:
		return MS_SQL_REAL;
	case SQLITE_TEXT:
		return MS_SQL_TEXT;
	case SQLITE_BLOB:
		return MS_SQL_BLOB;
	default:
		return MS_SQL_NULL;
	}
}

static int64_t lite_column_i64(struct ms_sql_stmt *s, int i)
{
	return sqlite3_column_int64(stmt_of(s), i);
}

static double lite_column_real(struct ms_sql_stmt *s, int i)
{
	return sqlite3_column_double(stmt_of(s), i);
}

static const char *lite_column_text(struct ms_sql_stmt *s, int i, size_t *len)
{
	const char *t = (const char *)sqlite3_column_text(stmt_of(s), i);
	if (len)
		*len = t ? (size_t)sqlite3_column_bytes(stmt_of(s), i) : 0;
	return t ? t : "";
}

static const void *lite_column_blob(struct ms_sql_stmt *s, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(stmt_of(s), i);
	if (len)
		*len = p ? (size_t)sqlite3_column_bytes(stmt_of(s), i) : 0;
	return p ? p : "";
}

static void lite_reset(struct ms_sql_stmt *s)
{
	sqlite3_reset(stmt_of(s));
}

/* SQLite has no notifications between connections or processes: store.c
 * delivers a SQLite writer's notifications in process, after its commit. */
static int lite_wait_notify(struct ms_sql *c, int timeout_ms, char *payload, size_t cap, struct ms_error *e)
{
	(void)c;
	(void)timeout_ms;
	(void)payload;
	(void)cap;
	return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "SQLite has no LISTEN");
}

/* Open the WAL (path: its -wal name), and sync its directory once, so the
 * WAL's own name is durable too (SQLite does so with synchronous=FULL the
 * first time it syncs a new WAL). ENOENT: no WAL yet. */
static int open_wal(struct lite_conn *l, struct ms_error *e)
{
	if ((l->wal_fd = open(l->wal_path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0
				       : ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot open the database's log %s: %s",
						      l->wal_path, strerror(errno));
	char dir[sizeof l->wal_path];
	snprintf(dir, sizeof dir, "%s", l->wal_path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	int d = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int err = d < 0 || fsync(d) != 0 ? errno : 0;
	if (d >= 0)
		close(d);
	return err ? ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot make the database's directory durable: %s",
				  strerror(err))
		   : 0;
}

/* fdatasync the WAL: every commit written to it before this call is then
 * on disk. The file is opened when the connection is (or when it first
 * exists), and again when it is no longer the one at its path (SQLite
 * removes the WAL when the last connection to the database closes: another
 * process's, say). */
static int lite_sync_log(struct ms_sql *c, struct ms_error *e)
{
	struct lite_conn *l = conn_of(c);
	if (!l->grouped)
		return 0;
	struct stat now, held;
	if (l->wal_fd >= 0 && (stat(l->wal_path, &now) != 0 || fstat(l->wal_fd, &held) != 0 ||
			       now.st_ino != held.st_ino || now.st_dev != held.st_dev)) {
		close(l->wal_fd);
		l->wal_fd = -1;
	}
	int rc = l->wal_fd < 0 ? open_wal(l, e) : 0;
	if (rc || l->wal_fd < 0)
		return rc; /* no WAL: nothing was committed to one */
	if (fdatasync(l->wal_fd) != 0)
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot make the database's log durable: %s",
				    strerror(errno));
	return 0;
}

/* MINSHENG_GROUP_COMMIT: on (unset), off; MS_ERR_IO (a setting the database cannot be opened with) otherwise. */
static int group_setting(bool *on, struct ms_error *e)
{
	const char *v = getenv("MINSHENG_GROUP_COMMIT");
	*on = true;
	if (!v || !*v || strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "true") == 0)
		return 0;
	if (strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0) {
		*on = false;
		return 0;
	}
	return ms_error_set(e, MS_ERR_IO, NULL, NULL, "MINSHENG_GROUP_COMMIT must be on or off, not \"%.40s\"", v);
}

/* Whether the connection is in WAL mode (an in-memory database is not). */
static bool in_wal(sqlite3 *h)
{
	sqlite3_stmt *s;
	bool wal = false;
	if (sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK) {
		const unsigned char *m = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
		wal = m && strcasecmp((const char *)m, "wal") == 0;
		sqlite3_finalize(s);
	}
	return wal;
}

bool ms_sql_sqlite_grouped(const struct ms_sql *c)
{
	return ((const struct lite_conn *)c)->grouped;
}

bool ms_sql_sqlite_file(const struct ms_sql *c)
{
	return ((const struct lite_conn *)c)->file;
}

static const struct ms_sql_ops lite_ops = MS_SQL_OPS(MS_SQL_SQLITE, lite_, lite_);

int ms_sql_sqlite_open(const char *path, struct ms_sql **out, struct ms_error *e)
{
	struct lite_conn *l = calloc(1, sizeof *l);
	if (!l)
		return ms_nomem(e);
	l->base.ops = &lite_ops;
	l->wal_fd = -1;
	if (group_setting(&l->grouped, e)) {
		free(l);
		return MS_ERR_IO;
	}
	int rc = sqlite3_open_v2(path, &l->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot open database %s: %s", path,
			     l->h ? sqlite3_errmsg(l->h) : "out of memory");
		lite_close(&l->base);
		return MS_ERR_IO;
	}
	sqlite3_extended_result_codes(l->h, 1);
	sqlite3_busy_timeout(l->h, BUSY_TIMEOUT_MS);
	/* The query planner's stability guarantee: a statement's plan does not
	 * depend on the values bound to it. Without it every search list
	 * (`col LIKE ?`) is compiled again each time ? is bound — a third of
	 * the time of a public list (bench/supervise.py). Our LIKE patterns
	 * begin with % and could never use an index anyway. */
	sqlite3_db_config(l->h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
	char *msg = NULL;
	rc = sqlite3_exec(l->h,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			  "PRAGMA trusted_schema=OFF; PRAGMA secure_delete=ON;",
			  NULL, NULL, &msg);
	/* Group commit only where there is a WAL file to sync (not in memory). */
	const char *file = rc == SQLITE_OK ? sqlite3_db_filename(l->h, "main") : NULL;
	l->file = file && *file;
	if (l->grouped && (!l->file || !in_wal(l->h) ||
			   snprintf(l->wal_path, sizeof l->wal_path, "%s-wal", file) >= (int)sizeof l->wal_path))
		l->grouped = false;
	if (rc == SQLITE_OK && l->grouped && (rc = sqlite3_exec(l->h, "PRAGMA synchronous=NORMAL", NULL, NULL, &msg)) ==
						     SQLITE_OK && open_wal(l, e)) {
		lite_close(&l->base);
		return MS_ERR_IO;
	}
	if (rc != SQLITE_OK) {
		ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot set up database %s: %s", path,
			     msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		lite_close(&l->base);
		return MS_ERR_IO;
	}
	*out = &l->base;
	return 0;
}
