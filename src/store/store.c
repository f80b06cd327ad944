/*
 * store.c — store.h on the SQL driver of sql.h (SQLite or PostgreSQL).
 *
 * Connections: a fixed pool opened lazily; each driver connection caches
 * its prepared statements by the SQL text's address (all SQL is string
 * literals in this file). On SQLite, writers are serialised by an
 * in-process mutex before BEGIN IMMEDIATE, so concurrent requests queue
 * instead of spinning in SQLite's busy handler; busy_timeout still covers
 * other processes (the CLI). On PostgreSQL several server processes share
 * the database, so no in-process lock helps: writers run in READ COMMITTED
 * and take row locks where a check must hold until commit
 * (ms_db_poll_lock), and unique keys (one participation per deputy) decide
 * races.
 *
 * SQL: one text for both dialects wherever possible — `?` placeholders
 * only, each bound once per occurrence; INSERT … RETURNING id; ON CONFLICT
 * DO NOTHING; times and random ids made in C; the table "user" quoted (a
 * reserved word in PostgreSQL); booleans computed as CASE … THEN 1 ELSE 0
 * so that both return integers. Where the dialects differ, a statement is a
 * pair of texts indexed by enum ms_sql_kind (see dialect()): the
 * case-insensitive search of the lists (SEARCH_SQL), the schema version and
 * the migration lock (version_read / version_write / migrate), row locks
 * (ms_db_poll_lock), and the rewrite of a poll's ballots at close that
 * PostgreSQL's row order and xmin make necessary (pg_ballots_rewrite).
 *
 * Rows become JSON by column name: a name ending in "_b" is a boolean,
 * "_j" is JSON text, "_total" is the window count of a list; a blob
 * becomes lowercase hex.
 */
#include "store.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "schema.h"
#include "sql.h"

struct ms_db {
	struct ms_sql *conn;
	struct ms_store *st;
	bool in_tx;
	bool write_locked; /* holds st->write_lock (SQLite writers) */
};

struct ms_store {
	char *db; /* the --db string (sql.h: ms_sql_parse_url) */
	pthread_mutex_t lock;
	pthread_cond_t freed;
	pthread_mutex_t write_lock;
	unsigned size;
	struct ms_db **conns;  /* size entries; NULL = not yet opened */
	bool *busy;
};

const char *const ms_phases[MS_PHASE_COUNT] = {"collect", "compile", "vote", "implement", "evaluate", "closed"};

static const char *const role_names[] = {"admin", "clerk", "deputy", "unit"};

unsigned ms_role_parse(const char *name)
{
	for (unsigned i = 0; i < 4; i++)
		if (name && strcmp(name, role_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *ms_role_name(unsigned role)
{
	for (unsigned i = 0; i < 4; i++)
		if (role == 1u << i)
			return role_names[i];
	return "?";
}

/* ---- dialects ---- */

static bool is_pg(const struct ms_db *db)
{
	return ms_sql_kind(db->conn) == MS_SQL_PG;
}

/* The text of a statement that differs by dialect. */
static const char *dialect(const struct ms_db *db, const char *const sql[2])
{
	return sql[ms_sql_kind(db->conn)];
}

/* Case-insensitive substring search: SQLite's LIKE ignores (ASCII) case,
 * PostgreSQL's LIKE does not and ILIKE does. A searching list query is
 * written once as a macro of its operator L, with MATCH(L, column) for each
 * searched column (one `?` each, bound to the pattern of like()), and
 * SEARCH_SQL(QUERY) makes the pair of texts. */
#define MATCH(L, col) col " " L " ? ESCAPE '\\'"
#define SEARCH_SQL(QUERY) {[MS_SQL_SQLITE] = QUERY("LIKE"), [MS_SQL_PG] = QUERY("ILIKE")}

/* ---- statements ---- */

static int prep(struct ms_db *db, const char *sql, struct ms_sql_stmt **out, struct ms_error *e)
{
	return ms_sql_prepare(db->conn, sql, out, e);
}

/* Bind by a format: 'i' int64, 'n' int64 with 0 → NULL, 't' text (NULL →
 * NULL), 'b' blob (pointer, then size_t length), 'q' the search pattern q
 * (no argument). */
static void bindv(struct ms_sql_stmt *s, const char *q, const char *fmt, va_list ap)
{
	for (int i = 1; *fmt; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			ms_sql_bind_i64(s, i, va_arg(ap, int64_t));
			break;
		case 'n': {
			int64_t v = va_arg(ap, int64_t);
			if (v)
				ms_sql_bind_i64(s, i, v);
			else
				ms_sql_bind_null(s, i);
			break;
		}
		case 't':
			ms_sql_bind_text(s, i, va_arg(ap, const char *));
			break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			ms_sql_bind_blob(s, i, p, n);
			break;
		}
		case 'q':
			ms_sql_bind_text(s, i, q);
			break;
		}
	}
}

static int prepb(struct ms_db *db, const char *sql, struct ms_sql_stmt **out, struct ms_error *e,
		 const char *fmt, ...)
{
	int rc = prep(db, sql, out, e);
	if (rc)
		return rc;
	va_list ap;
	va_start(ap, fmt);
	bindv(*out, NULL, fmt, ap);
	va_end(ap);
	return 0;
}

/* Run a statement for its effect (a row it returns is ignored). */
static int exec(struct ms_db *db, struct ms_error *e, const char *sql, const char *fmt, ...)
{
	struct ms_sql_stmt *s;
	int rc = prep(db, sql, &s, e);
	if (rc)
		return rc;
	va_list ap;
	va_start(ap, fmt);
	bindv(s, NULL, fmt, ap);
	va_end(ap);
	rc = ms_sql_step(s, e);
	ms_sql_reset(s);
	return rc < 0 ? rc : 0;
}

/* Step a bound statement once for one int64 (its first column);
 * MS_ERR_NOT_FOUND when it returns no row. */
static int step_i64(struct ms_sql_stmt *s, int64_t *out, struct ms_error *e)
{
	int rc = ms_sql_step(s, e);
	if (rc == 1)
		*out = ms_sql_column_i64(s, 0), rc = 0;
	else if (rc == 0)
		rc = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "not found");
	ms_sql_reset(s);
	return rc;
}

/* Run a query for one int64 (the first column of the first row), e.g. a
 * count or the id that INSERT … RETURNING id gives. */
static int query_i64(struct ms_db *db, struct ms_error *e, int64_t *out, const char *sql,
		     const char *fmt, ...)
{
	struct ms_sql_stmt *s;
	int rc = prep(db, sql, &s, e);
	if (rc)
		return rc;
	va_list ap;
	va_start(ap, fmt);
	bindv(s, NULL, fmt, ap);
	va_end(ap);
	return step_i64(s, out, e);
}

static size_t name_len(const char *n, const char *suffix)
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

/* The current row as a JSON object (see the file comment for name rules).
 * *total receives the "_total" column when present. */
static json_t *row_json(struct ms_sql_stmt *s, int64_t *total)
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
		json_t *v = NULL;
		if ((k = name_len(name, "_b")) > 0) {
			v = json_boolean(ms_sql_column_i64(s, i) != 0);
		} else if ((k = name_len(name, "_j")) > 0) {
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

/* Step a prepared, bound statement to the end, collecting rows. */
static int rows_json(struct ms_sql_stmt *s, json_t **items, int64_t *total, struct ms_error *e)
{
	json_t *arr = json_array();
	if (!arr)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	int rc;
	while ((rc = ms_sql_step(s, e)) == 1) {
		json_t *o = row_json(s, total);
		if (!o || json_array_append_new(arr, o)) {
			ms_sql_reset(s);
			json_decref(arr);
			return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
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

static int one_json(struct ms_sql_stmt *s, json_t **out, const char *what, struct ms_error *e)
{
	int rc = ms_sql_step(s, e);
	if (rc == 1) {
		*out = row_json(s, NULL);
		rc = *out ? 0 : ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	} else if (rc == 0) {
		rc = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "%s not found", what);
	}
	ms_sql_reset(s);
	return rc;
}

/* {"items","total","page","per_page"} from a list statement whose last two
 * parameters are LIMIT and OFFSET (bound here at indices lim, lim+1). */
static int page_json(struct ms_sql_stmt *s, int lim, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	int64_t page = pg && pg->page > 0 ? pg->page : 1;
	int64_t per = pg && pg->per_page > 0 ? pg->per_page : 50;
	ms_sql_bind_i64(s, lim, per);
	ms_sql_bind_i64(s, lim + 1, (page - 1) * per);
	int64_t total = 0;
	json_t *items;
	int rc = rows_json(s, &items, &total, e);
	if (rc)
		return rc;
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "per_page", (json_int_t)per);
	return *out ? 0 : ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
}

/* A LIKE pattern "%q%" with % _ \ escaped; "%" (every row) when q is
 * empty. Caller frees; NULL when out of memory. */
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

/* Run a list query into a page object. fmt and the arguments bind its
 * leading parameters as bindv does, each 'q' the search pattern of pg->q
 * (every row when there is none: so the first column searched must be NOT
 * NULL); LIMIT and OFFSET follow them. */
static int list_page(struct ms_db *db, const char *sql, const struct ms_page *pg, json_t **out, struct ms_error *e,
		     const char *fmt, ...)
{
	char *q = like(pg ? pg->q : NULL);
	if (!q)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	struct ms_sql_stmt *s;
	int rc = prep(db, sql, &s, e);
	if (!rc) {
		va_list ap;
		va_start(ap, fmt);
		bindv(s, q, fmt, ap);
		va_end(ap);
	}
	free(q);
	return rc ? rc : page_json(s, (int)strlen(fmt) + 1, pg, out, e);
}

/* ---- pool ---- */

static void conn_close(struct ms_db *db)
{
	if (!db)
		return;
	ms_sql_close(db->conn);
	free(db);
}

static int conn_open(struct ms_store *st, struct ms_db **out, struct ms_error *e)
{
	struct ms_db *db = calloc(1, sizeof *db);
	if (!db)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	db->st = st;
	int rc = ms_sql_open(st->db, &db->conn, e);
	if (rc) {
		free(db);
		return rc;
	}
	*out = db;
	return 0;
}

/* The schema version: SQLite keeps it in PRAGMA user_version (so databases
 * made before PostgreSQL support keep working); PostgreSQL has no such
 * field, so it is the one row of minsheng_schema (no row yet: 0). */
static int version_read(struct ms_db *db, int64_t *v, struct ms_error *e)
{
	if (!is_pg(db))
		return query_i64(db, e, v, "PRAGMA user_version", "");
	*v = 0;
	int rc = query_i64(db, e, v, "SELECT version FROM minsheng_schema", "");
	if (rc == MS_ERR_NOT_FOUND)
		ms_error_clear(e), rc = 0;
	return rc;
}

static int version_write(struct ms_db *db, int64_t v, struct ms_error *e)
{
	if (!is_pg(db)) {
		char pragma[48]; /* a pragma takes no parameter: the text is made here, run uncached */
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%lld", (long long)v);
		return ms_sql_exec_script(db->conn, pragma, e);
	}
	int rc = exec(db, e, "DELETE FROM minsheng_schema", "");
	return rc ? rc : exec(db, e, "INSERT INTO minsheng_schema(version) VALUES (?)", "i", v);
}

/* PostgreSQL: several nodes may start at once. A transaction-scoped
 * advisory lock (key: "minsheng" in ASCII) makes them migrate one after the
 * other; the version table is made under it. SQLite: BEGIN IMMEDIATE
 * already holds the database's one write lock. */
static const char SQL_PG_MIGRATION_LOCK[] =
	"SELECT pg_advisory_xact_lock(7883959287386844775);\n"
	"CREATE TABLE IF NOT EXISTS minsheng_schema(version integer NOT NULL);\n";

/* Bring the schema to the last of the count migrations of list, all in
 * one write transaction. */
static int migrate(struct ms_db *db, const char *const *const *list, size_t count, struct ms_error *e)
{
	int rc = ms_db_begin(db, true, e);
	if (rc)
		return rc;
	int64_t version = 0;
	if ((is_pg(db) && (rc = ms_sql_exec_script(db->conn, SQL_PG_MIGRATION_LOCK, e))) ||
	    (rc = version_read(db, &version, e)))
		goto fail;
	if (version > (int64_t)count) {
		rc = ms_error_set(e, MS_ERR_STORE, NULL, NULL,
				  "database schema version %lld is newer than this program (%zu)", (long long)version,
				  count);
		goto fail;
	}
	for (size_t k = (size_t)version; k < count; k++) {
		for (const char *const *part = list[k]; *part; part++)
			if ((rc = ms_sql_exec_script(db->conn, *part, e))) {
				char why[sizeof e->message];
				ms_strlcpy(why, e ? e->message : "?", sizeof why);
				rc = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "migration %zu failed: %s", k + 1, why);
				goto fail;
			}
		if ((rc = version_write(db, (int64_t)k + 1, e)))
			goto fail;
	}
	return ms_db_commit(db, e);
fail:
	ms_db_rollback(db);
	return rc;
}

int ms_store_open(const char *db, unsigned pool_size, struct ms_store **out, struct ms_error *e)
{
	if (pool_size == 0)
		pool_size = 1;
	struct ms_store *st = calloc(1, sizeof *st);
	if (!st)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	st->db = strdup(db);
	st->conns = calloc(pool_size, sizeof *st->conns);
	st->busy = calloc(pool_size, sizeof *st->busy);
	st->size = pool_size;
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->freed, NULL);
	pthread_mutex_init(&st->write_lock, NULL);
	if (!st->db || !st->conns || !st->busy) {
		ms_store_close(st);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	}
	int rc = conn_open(st, &st->conns[0], e);
	if (!rc) {
		bool pg = is_pg(st->conns[0]);
		rc = migrate(st->conns[0], pg ? ms_schema_pg_migrations : ms_schema_migrations,
			     pg ? ms_schema_pg_count : ms_schema_count, e);
	}
	if (rc) {
		ms_store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

void ms_store_close(struct ms_store *st)
{
	if (!st)
		return;
	for (unsigned i = 0; st->conns && i < st->size; i++)
		conn_close(st->conns[i]);
	free(st->conns);
	free(st->busy);
	free(st->db);
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->freed);
	pthread_mutex_destroy(&st->write_lock);
	free(st);
}

int ms_store_acquire(struct ms_store *st, struct ms_db **out, struct ms_error *e)
{
	pthread_mutex_lock(&st->lock);
	for (;;) {
		for (unsigned i = 0; i < st->size; i++) {
			if (st->busy[i])
				continue;
			if (!st->conns[i]) {
				int rc = conn_open(st, &st->conns[i], e);
				if (rc) {
					pthread_mutex_unlock(&st->lock);
					return rc;
				}
			}
			st->busy[i] = true;
			*out = st->conns[i];
			pthread_mutex_unlock(&st->lock);
			return 0;
		}
		pthread_cond_wait(&st->freed, &st->lock);
	}
}

void ms_store_release(struct ms_store *st, struct ms_db *db)
{
	if (!db)
		return;
	if (db->in_tx)
		ms_db_rollback(db);
	pthread_mutex_lock(&st->lock);
	for (unsigned i = 0; i < st->size; i++)
		if (st->conns[i] == db)
			st->busy[i] = false;
	pthread_cond_signal(&st->freed);
	pthread_mutex_unlock(&st->lock);
}

int ms_db_begin(struct ms_db *db, bool write, struct ms_error *e)
{
	if (db->in_tx)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "transaction already open");
	/* SQLite only: one writer at a time in this process (file comment). */
	bool lock = write && !is_pg(db);
	if (lock)
		pthread_mutex_lock(&db->st->write_lock);
	int rc = ms_sql_begin(db->conn, write, e);
	if (rc == MS_ERR_IO && is_pg(db)) {
		/* The server closed this pooled connection while it was idle (a
		 * restart, a failover, an idle timeout): open a new one and try
		 * once more. A connection lost mid-transaction fails only that
		 * request; the next one heals the slot here. */
		struct ms_sql *fresh;
		if (ms_sql_open(db->st->db, &fresh, e) == 0) {
			ms_sql_close(db->conn);
			db->conn = fresh;
			ms_error_clear(e);
			rc = ms_sql_begin(db->conn, write, e);
		}
	}
	if (rc) {
		if (lock)
			pthread_mutex_unlock(&db->st->write_lock);
		return rc;
	}
	db->in_tx = true;
	db->write_locked = lock;
	return 0;
}

static void end_tx(struct ms_db *db)
{
	if (db->write_locked)
		pthread_mutex_unlock(&db->st->write_lock);
	db->in_tx = db->write_locked = false;
}

int ms_db_commit(struct ms_db *db, struct ms_error *e)
{
	if (!db->in_tx)
		return 0;
	int rc = ms_sql_commit(db->conn, e);
	if (rc)
		ms_sql_rollback(db->conn);
	end_tx(db);
	return rc;
}

void ms_db_rollback(struct ms_db *db)
{
	if (!db->in_tx)
		return;
	ms_sql_rollback(db->conn);
	end_tx(db);
}

bool ms_db_in_tx(const struct ms_db *db)
{
	return db->in_tx;
}

int ms_db_poll_lock(struct ms_db *db, int64_t poll_id, bool exclusive, struct ms_error *e)
{
	/* SQLite: BEGIN IMMEDIATE holds the one write lock of the whole
	 * database until commit, so there is nothing more to lock (and SQLite
	 * has no FOR UPDATE / FOR SHARE). */
	if (!is_pg(db))
		return 0;
	return exec(db, e,
		    exclusive ? "SELECT id FROM poll WHERE id = ? FOR UPDATE" : "SELECT id FROM poll WHERE id = ? FOR SHARE",
		    "i", poll_id);
}

int ms_db_secret(struct ms_db *db, unsigned char key[32], struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prep(db, "SELECT value FROM meta WHERE key = 'secret'", &s, e);
	if (rc)
		return rc;
	size_t n = 0;
	const void *p = (rc = ms_sql_step(s, e)) == 1 ? ms_sql_column_blob(s, 0, &n) : NULL;
	if (p && n == 32)
		memcpy(key, p, 32), rc = 0;
	else if (rc >= 0)
		rc = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "installation secret missing");
	ms_sql_reset(s);
	return rc;
}

int ms_db_schema_version(struct ms_db *db, int *out, struct ms_error *e)
{
	int64_t v = 0;
	int rc = version_read(db, &v, e);
	*out = (int)v;
	return rc;
}

/* ---- users and sessions ---- */

static const char *const SQL_USER_ROLE_ADD = "INSERT INTO user_role(user_id, role) VALUES (?, ?)";

int ms_db_user_create(struct ms_db *db, const struct ms_user *u, int64_t *id, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = query_i64(db, e, id,
			   "INSERT INTO \"user\"(login, name, pw_hash, congress_id, unit_id, created_at) "
			   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			   "tttnnt", u->login, u->name, u->pw_hash, u->congress_id, u->unit_id, now);
	if (rc == MS_ERR_CONFLICT)
		return ms_error_set(e, MS_ERR_CONFLICT, "duplicate", "login", "login '%s' is already taken",
				    u->login);
	if (rc)
		return rc;
	for (unsigned i = 0; i < 4; i++)
		if (u->roles & (1u << i))
			if ((rc = exec(db, e, SQL_USER_ROLE_ADD, "it", *id, role_names[i])))
				return rc;
	return 0;
}

/* The user's columns; the roles as the bits of enum ms_role (admin 1,
 * clerk 2, deputy 4, unit 8: each role at most once, so the sum is the
 * bitwise or). */
#define USER_COLS                                                                                   \
	"SELECT u.id, u.login, u.name, u.pw_hash, coalesce(u.congress_id, 0), coalesce(u.unit_id, 0), " \
	"(SELECT coalesce(sum(CASE r.role WHEN 'admin' THEN 1 WHEN 'clerk' THEN 2 WHEN 'deputy' THEN 4 " \
	"WHEN 'unit' THEN 8 ELSE 0 END), 0) FROM user_role r WHERE r.user_id = u.id) "

static void user_from_row(struct ms_sql_stmt *s, int col, struct ms_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = ms_sql_column_i64(s, col);
	ms_strlcpy(u->login, ms_sql_column_text(s, col + 1, NULL), sizeof u->login);
	ms_strlcpy(u->name, ms_sql_column_text(s, col + 2, NULL), sizeof u->name);
	ms_strlcpy(u->pw_hash, ms_sql_column_text(s, col + 3, NULL), sizeof u->pw_hash);
	u->congress_id = ms_sql_column_i64(s, col + 4);
	u->unit_id = ms_sql_column_i64(s, col + 5);
	u->roles = (unsigned)ms_sql_column_i64(s, col + 6) & 15u;
}

/* Step a bound USER_COLS statement for one user (and, when csrf is not
 * NULL, the session's CSRF token in the column after them). */
static int user_query(struct ms_sql_stmt *s, struct ms_user *out, char csrf[65], const char *what,
		      struct ms_error *e)
{
	int rc = ms_sql_step(s, e);
	if (rc == 1) {
		user_from_row(s, 0, out);
		if (csrf)
			ms_strlcpy(csrf, ms_sql_column_text(s, 7, NULL), 65);
		rc = 0;
	} else if (rc == 0) {
		rc = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "%s", what);
	}
	ms_sql_reset(s);
	return rc;
}

int ms_db_user_get(struct ms_db *db, int64_t id, struct ms_user *out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, USER_COLS "FROM \"user\" u WHERE u.id = ?", &s, e, "i", id);
	return rc ? rc : user_query(s, out, NULL, "user not found", e);
}

int ms_db_user_by_login(struct ms_db *db, const char *login, struct ms_user *out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, USER_COLS "FROM \"user\" u WHERE u.login = ?", &s, e, "t", login);
	return rc ? rc : user_query(s, out, NULL, "user not found", e);
}

int ms_db_user_set_hash(struct ms_db *db, int64_t id, const char *hash, struct ms_error *e)
{
	return exec(db, e, "UPDATE \"user\" SET pw_hash = ? WHERE id = ?", "ti", hash, id);
}

int ms_db_login_taken(struct ms_db *db, const char *login, bool *taken, struct ms_error *e)
{
	int64_t n = 0;
	int rc = query_i64(db, e, &n, "SELECT count(*) FROM \"user\" WHERE login = ?", "t", login);
	*taken = n > 0;
	return rc;
}

json_t *ms_user_json(const struct ms_user *u)
{
	json_t *roles = json_array();
	for (unsigned i = 0; i < 4; i++)
		if (u->roles & (1u << i))
			json_array_append_new(roles, json_string(role_names[i]));
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)u->id, "login", u->login, "name",
			 u->name, "roles", roles, "congress_id",
			 u->congress_id ? json_integer(u->congress_id) : json_null(), "unit_id",
			 u->unit_id ? json_integer(u->unit_id) : json_null());
}

int ms_db_session_create(struct ms_db *db, const unsigned char token_hash[32], int64_t user_id,
			 const char *csrf, int64_t expires_at, struct ms_error *e)
{
	int rc = exec(db, e, "DELETE FROM session WHERE expires_at <= ?", "i", ms_now_unix());
	if (rc)
		return rc;
	return exec(db, e, "INSERT INTO session(token_hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)",
		    "biti", token_hash, (size_t)32, user_id, csrf, expires_at);
}

int ms_db_session_get(struct ms_db *db, const unsigned char token_hash[32], struct ms_user *user,
		      char csrf[65], struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db,
		       USER_COLS ", s.csrf "
		       "FROM session s JOIN \"user\" u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?",
		       &s, e, "bi", token_hash, (size_t)32, ms_now_unix());
	return rc ? rc : user_query(s, user, csrf, "no such session", e);
}

int ms_db_session_delete(struct ms_db *db, const unsigned char token_hash[32], struct ms_error *e)
{
	return exec(db, e, "DELETE FROM session WHERE token_hash = ?", "b", token_hash, (size_t)32);
}

#define DEPUTIES_FROM "FROM \"user\" u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "

#define DEPUTIES_SQL(L)                                                                             \
	"SELECT u.id, u.login, u.name, u.congress_id, count(*) OVER () AS _total " DEPUTIES_FROM     \
	"WHERE u.congress_id = ? AND (" MATCH(L, "u.name") " OR " MATCH(L, "u.login") ") "          \
	"ORDER BY u.login LIMIT ? OFFSET ?"

int ms_db_deputies_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
			struct ms_error *e)
{
	static const char *const sql[2] = SEARCH_SQL(DEPUTIES_SQL);
	return list_page(db, dialect(db, sql), pg, out, e, "iqq", congress_id);
}

int ms_db_deputies_count(struct ms_db *db, int64_t congress_id, int64_t *out, struct ms_error *e)
{
	return query_i64(db, e, out, "SELECT count(*) " DEPUTIES_FROM "WHERE u.congress_id = ?", "i", congress_id);
}

/* ---- congresses and units ---- */

int ms_db_congress_create(struct ms_db *db, const char *name, const char *name_en, const char *level,
			  int64_t parent_id, int64_t *id, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = query_i64(db, e, id,
			   "INSERT INTO congress(name, name_en, level, parent_id, created_at) VALUES (?, ?, ?, ?, ?) "
			   "RETURNING id",
			   "tttnt", name, name_en, level, parent_id, now);
	if (rc == MS_ERR_UNPROCESSABLE && e)
		e->code = "invalid_value", ms_strlcpy(e->field, parent_id ? "parent_id" : "level", sizeof e->field);
	return rc;
}

#define CONGRESS_COLS                                                                                 \
	"SELECT c.id, c.name, c.name_en, c.level, c.parent_id, "                                      \
	"(SELECT count(*) " DEPUTIES_FROM "WHERE u.congress_id = c.id) AS deputies, c.created_at "

int ms_db_congress_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, CONGRESS_COLS "FROM congress c WHERE c.id = ?", &s, e, "i", id);
	return rc ? rc : one_json(s, out, "congress", e);
}

#define CONGRESSES_SQL(L)                                                                           \
	CONGRESS_COLS ", count(*) OVER () AS _total FROM congress c "                                  \
		      "WHERE " MATCH(L, "c.name") " OR " MATCH(L, "c.name_en") " ORDER BY c.id LIMIT ? OFFSET ?"

int ms_db_congress_list(struct ms_db *db, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	static const char *const sql[2] = SEARCH_SQL(CONGRESSES_SQL);
	return list_page(db, dialect(db, sql), pg, out, e, "qq");
}

int ms_db_unit_create(struct ms_db *db, int64_t congress_id, const char *name, const char *name_en,
		      int64_t *id, struct ms_error *e)
{
	int rc = query_i64(db, e, id, "INSERT INTO unit(congress_id, name, name_en) VALUES (?, ?, ?) RETURNING id",
			   "itt", congress_id, name, name_en);
	if (rc == MS_ERR_CONFLICT)
		return ms_error_set(e, MS_ERR_CONFLICT, "duplicate", "name", "unit '%s' already exists", name);
	return rc;
}

int ms_db_unit_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, "SELECT id, congress_id, name, name_en FROM unit WHERE id = ?", &s, e, "i", id);
	return rc ? rc : one_json(s, out, "unit", e);
}

int ms_db_unit_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = query_i64(db, e, congress_id, "SELECT congress_id FROM unit WHERE id = ?", "i", id);
	if (rc == MS_ERR_NOT_FOUND)
		ms_error_set(e, MS_ERR_NOT_FOUND, NULL, "unit_id", "unit %lld not found", (long long)id);
	return rc;
}

#define UNITS_SQL(L)                                                                                \
	"SELECT id, congress_id, name, name_en, count(*) OVER () AS _total FROM unit "                 \
	"WHERE congress_id = ? AND (" MATCH(L, "name") " OR " MATCH(L, "name_en") ") "                \
	"ORDER BY id LIMIT ? OFFSET ?"

int ms_db_unit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		    struct ms_error *e)
{
	static const char *const sql[2] = SEARCH_SQL(UNITS_SQL);
	return list_page(db, dialect(db, sql), pg, out, e, "iqq", congress_id);
}

int ms_db_unit_find(struct ms_db *db, int64_t congress_id, const char *name, json_t **out, struct ms_error *e)
{
	/* The unit by name (unique in a congress), else the one unit by
	 * name_en: 0 when none, -1 when several. */
	int64_t id = 0;
	int rc = query_i64(db, e, &id,
			   "SELECT coalesce((SELECT id FROM unit WHERE congress_id = ? AND name = ?), "
			   "CASE (SELECT count(*) FROM unit WHERE congress_id = ? AND name_en = ?) WHEN 0 THEN 0 "
			   "WHEN 1 THEN (SELECT id FROM unit WHERE congress_id = ? AND name_en = ?) ELSE -1 END)",
			   "ititit", congress_id, name, congress_id, name, congress_id, name);
	if (rc)
		return rc;
	if (id == 0)
		return ms_error_set(e, MS_ERR_NOT_FOUND, NULL, "unit", "no unit called '%s' in this congress", name);
	if (id < 0)
		return ms_error_set(e, MS_ERR_CONFLICT, "ambiguous", "unit",
				    "several units have the English name '%s'; use the Chinese name", name);
	return ms_db_unit_get(db, id, out, e);
}

/* ---- cycles and candidates ---- */

static int phase_index(const char *p)
{
	for (int i = 0; i < MS_PHASE_COUNT; i++)
		if (p && strcmp(p, ms_phases[i]) == 0)
			return i;
	return -1;
}

int ms_db_cycle_create(struct ms_db *db, int64_t congress_id, int64_t year, const char *title,
		       const char *title_en, int64_t *id, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = query_i64(db, e, id,
			   "INSERT INTO cycle(congress_id, year, title, title_en, created_at) VALUES (?, ?, ?, ?, ?) "
			   "RETURNING id",
			   "iittt", congress_id, year, title, title_en, now);
	if (rc == MS_ERR_CONFLICT)
		return ms_error_set(e, MS_ERR_CONFLICT, "duplicate", "year",
				    "this congress already has a cycle for %lld", (long long)year);
	return rc;
}

#define CYCLE_COLS                                                                                    \
	"SELECT c.id, c.congress_id, c.year, c.title, c.title_en, c.phase, "                           \
	"(SELECT count(*) FROM candidate k WHERE k.cycle_id = c.id) AS candidates, c.created_at "

int ms_db_cycle_get(struct ms_db *db, int64_t id, struct ms_cycle *out, json_t **json, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, CYCLE_COLS "FROM cycle c WHERE c.id = ?", &s, e, "i", id);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	if (rc == 1) {
		rc = 0;
		if (out) {
			out->id = ms_sql_column_i64(s, 0);
			out->congress_id = ms_sql_column_i64(s, 1);
			out->year = ms_sql_column_i64(s, 2);
			out->phase = phase_index(ms_sql_column_text(s, 5, NULL));
		}
		if (json && !(*json = row_json(s, NULL)))
			rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	} else if (rc == 0) {
		rc = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "cycle %lld not found", (long long)id);
	}
	ms_sql_reset(s);
	return rc;
}

#define CYCLES_SQL(L)                                                                               \
	CYCLE_COLS ", count(*) OVER () AS _total FROM cycle c WHERE c.congress_id = ? "                 \
		   "AND (" MATCH(L, "c.title") " OR " MATCH(L, "c.title_en") ") ORDER BY c.year DESC LIMIT ? OFFSET ?"

int ms_db_cycle_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		     struct ms_error *e)
{
	static const char *const sql[2] = SEARCH_SQL(CYCLES_SQL);
	return list_page(db, dialect(db, sql), pg, out, e, "iqq", congress_id);
}

int ms_db_cycle_set_phase(struct ms_db *db, int64_t id, int phase, struct ms_error *e)
{
	if (phase < 0 || phase >= MS_PHASE_COUNT)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, "invalid_value", "phase", "unknown phase");
	return exec(db, e, "UPDATE cycle SET phase = ? WHERE id = ?", "ti", ms_phases[phase], id);
}

int ms_db_candidate_create(struct ms_db *db, int64_t cycle_id, const struct ms_candidate_in *c,
			   int64_t *id, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	return query_i64(db, e, id,
			 "INSERT INTO candidate(cycle_id, title, title_en, description, description_en, category, "
			 "cost, unit_id, location, created_at) VALUES (?, ?, ?, coalesce(?, ''), ?, coalesce(?, ''), ?, ?, "
			 "coalesce(?, ''), ?) RETURNING id",
			 "itttttintt", cycle_id, c->title, c->title_en, c->description, c->description_en, c->category,
			 c->cost, c->has_unit ? c->unit_id : 0, c->location, now);
}

int ms_db_candidate_update(struct ms_db *db, int64_t id, const struct ms_candidate_in *c, struct ms_error *e)
{
	/* Each field is replaced only when given (text: not NULL; cost and
	 * unit: their flag parameter is 1). */
	return exec(db, e,
		    "UPDATE candidate SET title = coalesce(?, title), title_en = coalesce(?, title_en), "
		    "description = coalesce(?, description), description_en = coalesce(?, description_en), "
		    "category = coalesce(?, category), location = coalesce(?, location), "
		    "cost = CASE WHEN ? = 1 THEN ? ELSE cost END, unit_id = CASE WHEN ? = 1 THEN ? ELSE unit_id END "
		    "WHERE id = ?",
		    "ttttttiiini", c->title, c->title_en, c->description, c->description_en, c->category,
		    c->location, (int64_t)c->has_cost, c->cost, (int64_t)c->has_unit, c->unit_id, id);
}

#define CANDIDATE_COLS                                                                                \
	"SELECT k.id, k.cycle_id, k.title, k.title_en, k.description, k.description_en, k.category, "  \
	"k.cost, k.unit_id, n.name AS unit_name, n.name_en AS unit_name_en, k.location "

int ms_db_candidate_get(struct ms_db *db, int64_t id, int64_t *cycle_id, json_t **json, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, CANDIDATE_COLS "FROM candidate k LEFT JOIN unit n ON n.id = k.unit_id WHERE k.id = ?",
		       &s, e, "i", id);
	if (rc)
		return rc;
	json_t *o = NULL;
	if ((rc = one_json(s, &o, "candidate", e)))
		return rc;
	if (cycle_id)
		*cycle_id = json_integer_value(json_object_get(o, "cycle_id"));
	if (json)
		*json = o;
	else
		json_decref(o);
	return 0;
}

#define CANDIDATES_SQL(L)                                                                           \
	CANDIDATE_COLS ", count(*) OVER () AS _total FROM candidate k "                                 \
		       "LEFT JOIN unit n ON n.id = k.unit_id WHERE k.cycle_id = ? AND ("                 \
		       MATCH(L, "k.title") " OR " MATCH(L, "k.title_en") " OR " MATCH(L, "k.category")   \
		       " OR " MATCH(L, "k.location") " OR " MATCH(L, "n.name") ") ORDER BY k.id LIMIT ? OFFSET ?"

int ms_db_candidate_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
			 struct ms_error *e)
{
	static const char *const sql[2] = SEARCH_SQL(CANDIDATES_SQL);
	return list_page(db, dialect(db, sql), pg, out, e, "iqqqqq", cycle_id);
}

int ms_db_candidate_title_taken(struct ms_db *db, int64_t cycle_id, const char *title, bool *taken,
				struct ms_error *e)
{
	int64_t n = 0;
	int rc = query_i64(db, e, &n, "SELECT count(*) FROM candidate WHERE cycle_id = ? AND title = ?", "it",
			   cycle_id, title);
	*taken = n > 0;
	return rc;
}

/* Collect the int64 first column (and, if second is not NULL, the second)
 * of every row of a bound statement. */
static int ids_collect(struct ms_sql_stmt *s, int64_t **ids, int64_t **second, size_t *n, struct ms_error *e)
{
	size_t cap = 16, k = 0;
	int64_t *a = malloc(cap * sizeof *a), *b = second ? malloc(cap * sizeof *b) : NULL;
	int rc;
	if (!a || (second && !b))
		goto nomem;
	while ((rc = ms_sql_step(s, e)) == 1) {
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
	ms_sql_reset(s);
	if (rc < 0) {
		free(a), free(b);
		return rc;
	}
	*ids = a, *n = k;
	if (second)
		*second = b;
	return 0;
nomem:
	ms_sql_reset(s);
	free(a), free(b);
	return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
}

int ms_db_candidate_ids(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, "SELECT id FROM candidate WHERE cycle_id = ? ORDER BY id", &s, e, "i", cycle_id);
	return rc ? rc : ids_collect(s, ids, NULL, n, e);
}

/* ---- polls ---- */

static const char *const base_names[] = {"all", "present", "cast"};
static const char *const form_names[] = {"pick", "approve_oppose", "ranked"};

void ms_poll_fini(struct ms_poll *p)
{
	free(p->candidate_ids);
	free(p->candidate_costs);
	p->candidate_ids = p->candidate_costs = NULL;
	p->n_candidates = 0;
}

const char *ms_poll_status_name(enum ms_poll_status s)
{
	return s == MS_POLL_OPEN ? "open" : s == MS_POLL_CLOSED ? "closed" : "draft";
}

int ms_db_poll_create(struct ms_db *db, const struct ms_poll *p, int64_t *id, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc;
	struct ms_sql_stmt *s;
	if ((rc = prepb(db,
			"INSERT INTO poll(cycle_id, title, slots, max_approvals, threshold_base, threshold_num, "
			"threshold_den, threshold_strict, budget, quorum_num, quorum_den, created_at, ballot_form) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			&s, e, "itiitiiiiiitt", p->cycle_id, p->title, (int64_t)p->slots, (int64_t)p->max_approvals,
			base_names[p->base], (int64_t)p->threshold_num, (int64_t)p->threshold_den,
			(int64_t)p->threshold_strict, p->budget, (int64_t)p->quorum_num, (int64_t)p->quorum_den, now,
			form_names[p->form])))
		return rc;
	if (!p->has_budget)
		ms_sql_bind_null(s, 9);
	if ((rc = step_i64(s, id, e)))
		return rc;
	for (size_t i = 0; i < p->n_candidates; i++) {
		int64_t cyc = 0;
		rc = query_i64(db, e, &cyc, "SELECT cycle_id FROM candidate WHERE id = ?", "i", p->candidate_ids[i]);
		if (rc == MS_ERR_NOT_FOUND || (!rc && cyc != p->cycle_id))
			return ms_error_set(e, MS_ERR_UNPROCESSABLE, "unknown_candidate", "candidate_ids",
					    "candidate %lld is not a candidate of cycle %lld",
					    (long long)p->candidate_ids[i], (long long)p->cycle_id);
		if (rc)
			return rc;
		rc = exec(db, e, "INSERT INTO poll_candidate(poll_id, candidate_id) VALUES (?, ?)", "ii", *id,
			  p->candidate_ids[i]);
		if (rc == MS_ERR_CONFLICT)
			return ms_error_set(e, MS_ERR_UNPROCESSABLE, "duplicate_choice", "candidate_ids",
					    "candidate %lld is listed twice", (long long)p->candidate_ids[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int ms_db_poll_get(struct ms_db *db, int64_t id, struct ms_poll *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	struct ms_sql_stmt *s;
	int rc = prepb(db,
		       "SELECT p.id, p.cycle_id, c.congress_id, p.title, p.status, p.slots, p.max_approvals, "
		       "p.threshold_base, p.threshold_num, p.threshold_den, p.threshold_strict, p.budget, "
		       "p.quorum_num, p.quorum_den, coalesce(p.deputies_all, -1), p.ballot_form "
		       "FROM poll p JOIN cycle c ON c.id = p.cycle_id WHERE p.id = ?",
		       &s, e, "i", id);
	if (rc)
		return rc;
	if ((rc = ms_sql_step(s, e)) != 1) {
		if (rc == 0)
			rc = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "poll %lld not found", (long long)id);
		ms_sql_reset(s);
		return rc;
	}
	out->id = ms_sql_column_i64(s, 0);
	out->cycle_id = ms_sql_column_i64(s, 1);
	out->congress_id = ms_sql_column_i64(s, 2);
	ms_strlcpy(out->title, ms_sql_column_text(s, 3, NULL), sizeof out->title);
	const char *st = ms_sql_column_text(s, 4, NULL);
	out->status = strcmp(st, "open") == 0 ? MS_POLL_OPEN : strcmp(st, "closed") == 0 ? MS_POLL_CLOSED
											 : MS_POLL_DRAFT;
	out->slots = (uint32_t)ms_sql_column_i64(s, 5);
	out->max_approvals = (uint32_t)ms_sql_column_i64(s, 6);
	const char *b = ms_sql_column_text(s, 7, NULL);
	out->base = strcmp(b, "present") == 0 ? 1 : strcmp(b, "cast") == 0 ? 2 : 0;
	out->threshold_num = (uint32_t)ms_sql_column_i64(s, 8);
	out->threshold_den = (uint32_t)ms_sql_column_i64(s, 9);
	out->threshold_strict = ms_sql_column_i64(s, 10) != 0;
	out->has_budget = ms_sql_column_type(s, 11) != MS_SQL_NULL;
	out->budget = ms_sql_column_i64(s, 11);
	out->quorum_num = (uint32_t)ms_sql_column_i64(s, 12);
	out->quorum_den = (uint32_t)ms_sql_column_i64(s, 13);
	out->deputies_all = ms_sql_column_i64(s, 14);
	const char *form = ms_sql_column_text(s, 15, NULL);
	out->form = strcmp(form, "approve_oppose") == 0 ? 1 : strcmp(form, "ranked") == 0 ? 2 : 0;
	ms_sql_reset(s);
	if ((rc = prepb(db,
			"SELECT k.id, k.cost FROM poll_candidate pc JOIN candidate k ON k.id = pc.candidate_id "
			"WHERE pc.poll_id = ? ORDER BY k.id",
			&s, e, "i", id)))
		return rc;
	return ids_collect(s, &out->candidate_ids, &out->candidate_costs, &out->n_candidates, e);
}

int ms_db_poll_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db,
		       "SELECT p.id, p.cycle_id, c.congress_id, p.title, p.status, p.ballot_form, p.slots, p.max_approvals, "
		       "p.threshold_base, p.threshold_num, p.threshold_den, p.threshold_strict AS threshold_strict_b, "
		       "p.budget, p.quorum_num, p.quorum_den, p.created_at, p.opened_at, p.closed_at "
		       "FROM poll p JOIN cycle c ON c.id = p.cycle_id WHERE p.id = ?",
		       &s, e, "i", id);
	json_t *o = NULL, *cands = NULL;
	if (rc || (rc = one_json(s, &o, "poll", e)))
		return rc;
	if ((rc = prepb(db,
			CANDIDATE_COLS "FROM poll_candidate pc JOIN candidate k ON k.id = pc.candidate_id "
				       "LEFT JOIN unit n ON n.id = k.unit_id WHERE pc.poll_id = ? ORDER BY k.id",
			&s, e, "i", id)) ||
	    (rc = rows_json(s, &cands, NULL, e))) {
		json_decref(o);
		return rc;
	}
	json_object_set_new(o, "candidates", cands);
	*out = o;
	return 0;
}

#define POLLS_SQL(L)                                                                                \
	"SELECT p.id, p.cycle_id, p.title, p.status, p.ballot_form, p.slots, p.max_approvals, p.created_at, " \
	"p.opened_at, p.closed_at, count(*) OVER () AS _total FROM poll p WHERE p.cycle_id = ? "        \
	"AND " MATCH(L, "p.title") " ORDER BY p.id LIMIT ? OFFSET ?"

int ms_db_poll_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
		    struct ms_error *e)
{
	static const char *const sql[2] = SEARCH_SQL(POLLS_SQL);
	return list_page(db, dialect(db, sql), pg, out, e, "iq", cycle_id);
}

static const char SQL_POLL_OPEN[] =
	"UPDATE poll SET status = 'open', deputies_all = ?, opened_at = ? WHERE id = ? AND status = 'draft'";

int ms_db_poll_open(struct ms_db *db, int64_t id, int64_t congress_id, int64_t *deputies_all, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	/* The CAST types the bare parameter for PostgreSQL, which cannot infer
	 * it from a SELECT list. */
	int rc = exec(db, e,
		      "INSERT INTO poll_roster(poll_id, user_id) SELECT CAST(? AS BIGINT), u.id " DEPUTIES_FROM
		      "WHERE u.congress_id = ?",
		      "ii", id, congress_id);
	if (rc ||
	    (rc = query_i64(db, e, deputies_all, "SELECT count(*) FROM poll_roster WHERE poll_id = ?", "i", id)))
		return rc;
	return exec(db, e, SQL_POLL_OPEN, "iti", *deputies_all, now, id);
}

int ms_db_poll_open_imported(struct ms_db *db, int64_t id, int64_t voters, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	return exec(db, e, SQL_POLL_OPEN, "iti", voters, now, id);
}

int ms_db_in_roster(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	int64_t n = 0;
	int rc = query_i64(db, e, &n, "SELECT count(*) FROM poll_roster WHERE poll_id = ? AND user_id = ?", "ii",
			   poll_id, user_id);
	*out = n > 0;
	return rc;
}

int ms_db_checkin(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e)
{
	return exec(db, e, "INSERT INTO attendance(poll_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", "ii",
		    poll_id, user_id);
}

int ms_db_present_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e)
{
	return query_i64(db, e, out, "SELECT count(*) FROM attendance WHERE poll_id = ?", "i", poll_id);
}

int ms_db_is_present(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	int64_t n = 0;
	int rc = query_i64(db, e, &n, "SELECT count(*) FROM attendance WHERE poll_id = ? AND user_id = ?", "ii",
			   poll_id, user_id);
	*out = n > 0;
	return rc;
}

int ms_db_has_voted(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	int64_t n = 0;
	int rc = query_i64(db, e, &n, "SELECT count(*) FROM participation WHERE poll_id = ? AND user_id = ?", "ii",
			   poll_id, user_id);
	*out = n > 0;
	return rc;
}

#define ATTENDANCE_SQL(L)                                                                           \
	"SELECT u.id, u.login, u.name, "                                                               \
	"CASE WHEN EXISTS(SELECT 1 FROM attendance a WHERE a.poll_id = ? AND a.user_id = u.id) "       \
	"THEN 1 ELSE 0 END AS present_b, "                                                             \
	"CASE WHEN EXISTS(SELECT 1 FROM participation v WHERE v.poll_id = ? AND v.user_id = u.id) "    \
	"THEN 1 ELSE 0 END AS voted_b, "                                                               \
	"count(*) OVER () AS _total " DEPUTIES_FROM                                                    \
	"WHERE u.congress_id = ? AND (" MATCH(L, "u.name") " OR " MATCH(L, "u.login") ") "            \
	"ORDER BY u.login LIMIT ? OFFSET ?"

int ms_db_attendance_list(struct ms_db *db, int64_t poll_id, int64_t congress_id, const struct ms_page *pg,
			  json_t **out, struct ms_error *e)
{
	static const char *const sql[2] = SEARCH_SQL(ATTENDANCE_SQL);
	return list_page(db, dialect(db, sql), pg, out, e, "iiiqq", poll_id, poll_id, congress_id);
}

int ms_db_participation_add(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e)
{
	int rc = exec(db, e, "INSERT INTO participation(poll_id, user_id) VALUES (?, ?)", "ii", poll_id, user_id);
	if (rc == MS_ERR_CONFLICT)
		return ms_error_set(e, MS_ERR_CONFLICT, "already_voted", NULL,
				    "this deputy has already voted in poll %lld", (long long)poll_id);
	return rc;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* A sorted JSON array of ids (NULL on allocation failure). */
static json_t *sorted_ids(const int64_t *ids, size_t n)
{
	int64_t *sorted = malloc((n ? n : 1) * sizeof *sorted);
	json_t *arr = json_array();
	if (!sorted || !arr) {
		free(sorted);
		json_decref(arr);
		return NULL;
	}
	if (n)
		memcpy(sorted, ids, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_i64);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(sorted[i]));
	free(sorted);
	return arr;
}

int ms_db_ballot_add(struct ms_db *db, int64_t poll_id, const int64_t *choices, size_t n, const int64_t *opposes,
		     size_t n_opp, bool ranked, bool paper, char *id_hex, struct ms_error *e)
{
	/* Encoding: a sorted array of the approved ids; for a ranked ballot the
	 * ids in the order of priority (the order is the vote); for the approve /
	 * oppose form {"approve":[sorted],"oppose":[sorted]}. */
	json_t *val = NULL;
	if (ranked) {
		val = json_array();
		for (size_t i = 0; val && i < n; i++)
			if (json_array_append_new(val, json_integer(choices[i]))) {
				json_decref(val);
				val = NULL;
			}
	} else {
		val = sorted_ids(choices, n);
	}
	if (val && opposes) {
		json_t *opp = sorted_ids(opposes, n_opp);
		json_t *obj = opp ? json_pack("{s:o, s:o}", "approve", val, "oppose", opp) : NULL;
		if (!obj)
			json_decref(val), json_decref(opp);
		val = obj;
	}
	char *text = val ? json_dumps(val, JSON_COMPACT) : NULL;
	json_decref(val);
	if (!text)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	unsigned char id[16];
	randombytes_buf(id, sizeof id);
	int rc = exec(db, e, "INSERT INTO ballot(id, poll_id, choices, paper) VALUES (?, ?, ?, ?)", "biti", id,
		      sizeof id, poll_id, text, (int64_t)paper);
	if (!rc && id_hex)
		sodium_bin2hex(id_hex, 33, id, sizeof id);
	free(text);
	return rc;
}

int ms_db_ballot_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e)
{
	return query_i64(db, e, out, "SELECT count(*) FROM ballot WHERE poll_id = ?", "i", poll_id);
}

/* Copy the integers of arr into *buf (grown as needed) after *n items. */
static int append_ids(json_t *arr, int64_t **buf, size_t *cap, size_t *n)
{
	size_t k = json_array_size(arr);
	if (*n + k > *cap) {
		size_t nc = *n + k + 16;
		int64_t *nb = realloc(*buf, nc * sizeof *nb);
		if (!nb)
			return MS_ERR_NOMEM;
		*buf = nb, *cap = nc;
	}
	for (size_t i = 0; i < k; i++)
		(*buf)[(*n)++] = json_integer_value(json_array_get(arr, i));
	return 0;
}

int ms_db_ballots_each(struct ms_db *db, int64_t poll_id, ms_ballot_fn fn, void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, "SELECT choices, paper FROM ballot WHERE poll_id = ? ORDER BY id", &s, e, "i", poll_id);
	if (rc)
		return rc;
	int64_t *buf = NULL;
	size_t cap = 0;
	int r = 0;
	while (!r && (rc = ms_sql_step(s, e)) == 1) {
		json_t *v = json_loads(ms_sql_column_text(s, 0, NULL), 0, NULL);
		json_t *appr = json_is_object(v) ? json_object_get(v, "approve") : v;
		json_t *opp = json_is_object(v) ? json_object_get(v, "oppose") : NULL;
		size_t n = 0;
		if (!json_is_array(appr) || (json_is_object(v) && !json_is_array(opp)))
			r = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "corrupt ballot in poll %lld", (long long)poll_id);
		else if (append_ids(appr, &buf, &cap, &n) || append_ids(opp, &buf, &cap, &n))
			r = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
		else {
			size_t na = json_array_size(appr);
			r = fn(ctx, buf, na, opp ? buf + na : NULL, n - na, ms_sql_column_i64(s, 1) != 0);
		}
		json_decref(v);
	}
	free(buf);
	ms_sql_reset(s);
	if (r)
		return r;
	return rc < 0 ? rc : 0;
}

int ms_db_ballots_list(struct ms_db *db, int64_t poll_id, const struct ms_page *pg, json_t **out,
		       struct ms_error *e)
{
	/* The id is a blob: row_json writes it as lowercase hex. */
	struct ms_sql_stmt *s;
	int rc = prepb(db,
		       "SELECT id, choices AS choices_j, paper AS paper_b, count(*) OVER () AS _total "
		       "FROM ballot WHERE poll_id = ? ORDER BY id LIMIT ? OFFSET ?",
		       &s, e, "i", poll_id);
	return rc ? rc : page_json(s, 2, pg, out, e);
}

/* PostgreSQL only. A table keeps its rows in the order they were written
 * (ctid) and stamps each with the transaction that wrote it (xmin) — the
 * same transaction that wrote the deputy's participation row, so a join on
 * xmin would name each ballot's deputy. SQLite has neither (the ballot
 * table is WITHOUT ROWID, kept in the order of its random ids). So the
 * close rewrites the poll's ballots in one statement, in the order of their
 * random ids: afterwards every one carries the close's xmin and they lie in
 * random order. (The old row versions stay on disk until VACUUM, readable
 * only with the server's files.) The ballot triggers refuse every delete
 * except while minsheng.ballot_rewrite is 'on' in the transaction
 * (schema_pg.c), which is only here. */
static int pg_ballots_rewrite(struct ms_db *db, int64_t poll_id, struct ms_error *e)
{
	int rc = exec(db, e, "SELECT set_config('minsheng.ballot_rewrite', 'on', true)", "");
	if (!rc)
		rc = exec(db, e,
			  "WITH old AS (DELETE FROM ballot WHERE poll_id = ? RETURNING id, poll_id, choices, paper) "
			  "INSERT INTO ballot(id, poll_id, choices, paper) "
			  "SELECT id, poll_id, choices, paper FROM old ORDER BY id",
			  "i", poll_id);
	return rc ? rc : exec(db, e, "SELECT set_config('minsheng.ballot_rewrite', 'off', true)", "");
}

int ms_db_poll_close(struct ms_db *db, int64_t poll_id, const char *result_json, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int64_t closed;
	int rc = query_i64(db, e, &closed,
			   "UPDATE poll SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open' RETURNING id",
			   "ti", now, poll_id);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_error_set(e, MS_ERR_CONFLICT, "poll_not_open", NULL, "poll %lld is not open",
				    (long long)poll_id);
	if (rc || (is_pg(db) && (rc = pg_ballots_rewrite(db, poll_id, e))))
		return rc;
	return exec(db, e, "INSERT INTO poll_result(poll_id, result, counted_at) VALUES (?, ?, ?)", "itt", poll_id,
		    result_json, now);
}

int ms_db_result_get(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = prepb(db, "SELECT result AS result_j FROM poll_result WHERE poll_id = ?", &s, e, "i", poll_id);
	json_t *row = NULL;
	if (rc || (rc = one_json(s, &row, "result", e)))
		return rc;
	*out = json_incref(json_object_get(row, "result"));
	json_decref(row);
	return *out ? 0 : ms_error_set(e, MS_ERR_STORE, NULL, NULL, "corrupt result for poll %lld",
				       (long long)poll_id);
}

/* ---- audit ---- */

int ms_db_audit(struct ms_db *db, int64_t user_id, int64_t congress_id, const char *action,
		const char *object, json_t *detail, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	char *d = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	if (detail && !d)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	int rc = exec(db, e,
		      "INSERT INTO audit(at, user_id, congress_id, action, object, detail) VALUES (?, ?, ?, ?, ?, ?)",
		      "tnnttt", now, user_id, congress_id, action, object, d);
	free(d);
	return rc;
}

#define AUDIT_SQL(L)                                                                                \
	"SELECT a.id, a.at, a.user_id, u.login AS user_login, a.congress_id, a.action, a.object, "     \
	"a.detail AS detail_j, count(*) OVER () AS _total FROM audit a LEFT JOIN \"user\" u ON u.id = a.user_id " \
	"WHERE (CAST(? AS BIGINT) = 0 OR a.congress_id = ?) AND (" MATCH(L, "a.action") " OR " MATCH(L, "a.object") ") " \
	"ORDER BY a.id DESC LIMIT ? OFFSET ?"

int ms_db_audit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		     struct ms_error *e)
{
	static const char *const sql[2] = SEARCH_SQL(AUDIT_SQL);
	return list_page(db, dialect(db, sql), pg, out, e, "iiqq", congress_id, congress_id);
}
