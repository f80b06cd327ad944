/*
 * store.c — the SQLite implementation of store.h.
 *
 * Connections: a fixed pool opened lazily, each with its own cache of
 * prepared statements keyed by the SQL text's address (all SQL is string
 * literals in this file). Writers are serialised by an in-process mutex
 * before BEGIN IMMEDIATE, so concurrent requests queue instead of spinning
 * in SQLite's busy handler; busy_timeout still covers other processes
 * (the CLI). Rows become JSON by column name: a name ending in "_b" is a
 * boolean, "_j" is JSON text, "_total" is the window count of a list.
 */
#include "store.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "schema.h"

#define STMT_CACHE 96

struct ms_db {
	sqlite3 *h;
	struct ms_store *st;
	bool in_tx, write;
	size_t n_cached;
	const char *cached_sql[STMT_CACHE];
	sqlite3_stmt *cached[STMT_CACHE];
};

struct ms_store {
	char *path;
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

/* ---- errors ---- */

static int db_err(struct ms_db *db, int rc, struct ms_error *e)
{
	int ext = sqlite3_extended_errcode(db->h);
	const char *msg = sqlite3_errmsg(db->h);
	rc &= 0xff; /* extended result codes are on: compare the primary code */
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return ms_error_set(e, MS_ERR_BUSY, "busy", NULL, "the database is busy, try again");
	if (rc == SQLITE_CONSTRAINT) {
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return ms_error_set(e, MS_ERR_CONFLICT, "duplicate", NULL, "already exists (%s)", msg);
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return ms_error_set(e, MS_ERR_UNPROCESSABLE, "invalid_reference", NULL,
					    "refers to an object that does not exist");
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, "invalid_value", NULL, "%s", msg);
	}
	return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "database error: %s", msg);
}

/* ---- statements ---- */

static int prep(struct ms_db *db, const char *sql, sqlite3_stmt **out, struct ms_error *e)
{
	for (size_t i = 0; i < db->n_cached; i++)
		if (db->cached_sql[i] == sql) {
			sqlite3_reset(db->cached[i]);
			sqlite3_clear_bindings(db->cached[i]);
			*out = db->cached[i];
			return 0;
		}
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK)
		return db_err(db, rc, e);
	if (db->n_cached < STMT_CACHE) {
		db->cached_sql[db->n_cached] = sql;
		db->cached[db->n_cached++] = s;
	} else {
		/* Cannot happen with this file's fixed set of statements. */
		sqlite3_finalize(s);
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "statement cache full");
	}
	*out = s;
	return 0;
}

/* Bind by a format: 'i' int64, 'n' int64 with 0 → NULL, 't' text (NULL →
 * NULL), 'b' 16- or 32-byte blob (pointer, then size_t length). */
static void bindv(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	for (int i = 1; *fmt; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
			break;
		case 'n': {
			int64_t v = va_arg(ap, int64_t);
			if (v)
				sqlite3_bind_int64(s, i, v);
			else
				sqlite3_bind_null(s, i);
			break;
		}
		case 't': {
			const char *t = va_arg(ap, const char *);
			if (t)
				sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(s, i);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			sqlite3_bind_blob(s, i, p, (int)n, SQLITE_TRANSIENT);
			break;
		}
		}
	}
}

static int prepb(struct ms_db *db, const char *sql, sqlite3_stmt **out, struct ms_error *e,
		 const char *fmt, ...)
{
	int rc = prep(db, sql, out, e);
	if (rc)
		return rc;
	va_list ap;
	va_start(ap, fmt);
	bindv(*out, fmt, ap);
	va_end(ap);
	return 0;
}

/* Run a statement that returns no rows. */
static int exec(struct ms_db *db, struct ms_error *e, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s;
	int rc = prep(db, sql, &s, e);
	if (rc)
		return rc;
	va_list ap;
	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(s);
	int r = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? 0 : db_err(db, rc, e);
	sqlite3_reset(s);
	return r;
}

/* Run a query for one int64 (the first column of the first row). */
static int query_i64(struct ms_db *db, struct ms_error *e, int64_t *out, const char *sql,
		     const char *fmt, ...)
{
	sqlite3_stmt *s;
	int rc = prep(db, sql, &s, e);
	if (rc)
		return rc;
	va_list ap;
	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(s);
	int r;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0), r = 0;
	else if (rc == SQLITE_DONE)
		r = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "not found");
	else
		r = db_err(db, rc, e);
	sqlite3_reset(s);
	return r;
}

static size_t name_len(const char *n, const char *suffix)
{
	size_t a = strlen(n), b = strlen(suffix);
	return a > b && strcmp(n + a - b, suffix) == 0 ? a - b : 0;
}

/* The current row as a JSON object (see the file comment for name rules).
 * *total receives the "_total" column when present. */
static json_t *row_json(sqlite3_stmt *s, int64_t *total)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int n = sqlite3_column_count(s);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(s, i);
		if (strcmp(name, "_total") == 0) {
			if (total)
				*total = sqlite3_column_int64(s, i);
			continue;
		}
		char key[64];
		size_t k;
		json_t *v = NULL;
		int type = sqlite3_column_type(s, i);
		if ((k = name_len(name, "_b")) > 0) {
			v = json_boolean(sqlite3_column_int64(s, i) != 0);
		} else if ((k = name_len(name, "_j")) > 0) {
			const char *t = (const char *)sqlite3_column_text(s, i);
			v = t ? json_loads(t, 0, NULL) : json_null();
		} else {
			k = strlen(name);
			if (type == SQLITE_INTEGER)
				v = json_integer(sqlite3_column_int64(s, i));
			else if (type == SQLITE_NULL)
				v = json_null();
			else if (type == SQLITE_FLOAT)
				v = json_real(sqlite3_column_double(s, i));
			else
				v = json_stringn((const char *)sqlite3_column_text(s, i),
						 (size_t)sqlite3_column_bytes(s, i));
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
static int rows_json(struct ms_db *db, sqlite3_stmt *s, json_t **items, int64_t *total, struct ms_error *e)
{
	json_t *arr = json_array();
	if (!arr)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = row_json(s, total);
		if (!o || json_array_append_new(arr, o)) {
			sqlite3_reset(s);
			json_decref(arr);
			return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		return db_err(db, rc, e);
	}
	*items = arr;
	return 0;
}

static int one_json(struct ms_db *db, sqlite3_stmt *s, json_t **out, const char *what, struct ms_error *e)
{
	int rc = sqlite3_step(s);
	int r = 0;
	if (rc == SQLITE_ROW) {
		*out = row_json(s, NULL);
		if (!*out)
			r = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	} else if (rc == SQLITE_DONE) {
		r = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "%s not found", what);
	} else {
		r = db_err(db, rc, e);
	}
	sqlite3_reset(s);
	return r;
}

/* {"items","total","page","per_page"} from a list statement whose last two
 * parameters are LIMIT and OFFSET (bound here at indices lim, lim+1). */
static int page_json(struct ms_db *db, sqlite3_stmt *s, int lim, const struct ms_page *pg, json_t **out,
		     struct ms_error *e)
{
	int64_t page = pg && pg->page > 0 ? pg->page : 1;
	int64_t per = pg && pg->per_page > 0 ? pg->per_page : 50;
	sqlite3_bind_int64(s, lim, per);
	sqlite3_bind_int64(s, lim + 1, (page - 1) * per);
	int64_t total = 0;
	json_t *items;
	int rc = rows_json(db, s, &items, &total, e);
	if (rc)
		return rc;
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "per_page", (json_int_t)per);
	return *out ? 0 : ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
}

/* A LIKE pattern "%q%" with % _ \ escaped, or NULL when q is empty.
 * Caller frees. */
static char *like(const char *q)
{
	if (!q || !*q)
		return NULL;
	size_t n = strlen(q);
	char *p = malloc(2 * n + 3);
	if (!p)
		return NULL;
	char *w = p;
	*w++ = '%';
	for (const char *r = q; *r; r++) {
		if (*r == '%' || *r == '_' || *r == '\\')
			*w++ = '\\';
		*w++ = *r;
	}
	*w++ = '%';
	*w = 0;
	return p;
}

/* Run a list query whose parameters are (?1 owner id, ?2 LIKE pattern or
 * NULL, ?3 LIMIT, ?4 OFFSET) into a page object. */
static int list_by(struct ms_db *db, const char *sql, int64_t owner, const struct ms_page *pg, json_t **out,
		   struct ms_error *e)
{
	char *q = like(pg ? pg->q : NULL);
	if (pg && pg->q && *pg->q && !q)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	sqlite3_stmt *s;
	int rc = prepb(db, sql, &s, e, "it", owner, q);
	free(q);
	return rc ? rc : page_json(db, s, 3, pg, out, e);
}

/* ---- pool ---- */

static void conn_close(struct ms_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n_cached; i++)
		sqlite3_finalize(db->cached[i]);
	sqlite3_close(db->h);
	free(db);
}

static int conn_open(struct ms_store *st, struct ms_db **out, struct ms_error *e)
{
	struct ms_db *db = calloc(1, sizeof *db);
	if (!db)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	db->st = st;
	int rc = sqlite3_open_v2(st->path, &db->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot open database %s: %s", st->path,
			     db->h ? sqlite3_errmsg(db->h) : "out of memory");
		conn_close(db);
		return MS_ERR_IO;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 10000);
	char *msg = NULL;
	rc = sqlite3_exec(db->h,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			  "PRAGMA trusted_schema=OFF;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot set up database %s: %s", st->path,
			     msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		conn_close(db);
		return MS_ERR_IO;
	}
	*out = db;
	return 0;
}

static int migrate(struct ms_db *db, struct ms_error *e)
{
	int rc = ms_db_begin(db, true, e);
	if (rc)
		return rc;
	int64_t version = 0;
	if ((rc = query_i64(db, e, &version, "PRAGMA user_version", "")))
		goto fail;
	if (version > (int64_t)ms_schema_count) {
		rc = ms_error_set(e, MS_ERR_STORE, NULL, NULL,
				  "database schema version %lld is newer than this program (%zu)",
				  (long long)version, ms_schema_count);
		goto fail;
	}
	for (size_t k = (size_t)version; k < ms_schema_count; k++) {
		for (const char *const *part = ms_schema_migrations[k]; *part; part++) {
			char *msg = NULL;
			if (sqlite3_exec(db->h, *part, NULL, NULL, &msg) != SQLITE_OK) {
				rc = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "migration %zu failed: %s", k + 1,
						  msg ? msg : "?");
				sqlite3_free(msg);
				goto fail;
			}
		}
		char pragma[48];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%zu", k + 1);
		if (sqlite3_exec(db->h, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			rc = db_err(db, sqlite3_errcode(db->h), e);
			goto fail;
		}
	}
	return ms_db_commit(db, e);
fail:
	ms_db_rollback(db);
	return rc;
}

int ms_store_open(const char *path, unsigned pool_size, struct ms_store **out, struct ms_error *e)
{
	if (pool_size == 0)
		pool_size = 1;
	struct ms_store *st = calloc(1, sizeof *st);
	if (!st)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	st->path = strdup(path);
	st->conns = calloc(pool_size, sizeof *st->conns);
	st->busy = calloc(pool_size, sizeof *st->busy);
	st->size = pool_size;
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->freed, NULL);
	pthread_mutex_init(&st->write_lock, NULL);
	if (!st->path || !st->conns || !st->busy) {
		ms_store_close(st);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	}
	int rc = conn_open(st, &st->conns[0], e);
	if (!rc)
		rc = migrate(st->conns[0], e);
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
	free(st->path);
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
	if (write)
		pthread_mutex_lock(&db->st->write_lock);
	int rc = sqlite3_exec(db->h, write ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (write)
			pthread_mutex_unlock(&db->st->write_lock);
		return db_err(db, rc, e);
	}
	db->in_tx = true;
	db->write = write;
	return 0;
}

static void end_tx(struct ms_db *db)
{
	if (db->write)
		pthread_mutex_unlock(&db->st->write_lock);
	db->in_tx = db->write = false;
}

int ms_db_commit(struct ms_db *db, struct ms_error *e)
{
	if (!db->in_tx)
		return 0;
	int rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int r = db_err(db, rc, e);
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		end_tx(db);
		return r;
	}
	end_tx(db);
	return 0;
}

void ms_db_rollback(struct ms_db *db)
{
	if (!db->in_tx)
		return;
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	end_tx(db);
}

bool ms_db_in_tx(const struct ms_db *db)
{
	return db->in_tx;
}

int ms_db_secret(struct ms_db *db, unsigned char key[32], struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prep(db, "SELECT value FROM meta WHERE key = 'secret'", &s, e);
	if (rc)
		return rc;
	rc = sqlite3_step(s);
	int r = 0;
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32)
		memcpy(key, sqlite3_column_blob(s, 0), 32);
	else
		r = rc == SQLITE_ROW || rc == SQLITE_DONE
			    ? ms_error_set(e, MS_ERR_STORE, NULL, NULL, "installation secret missing")
			    : db_err(db, rc, e);
	sqlite3_reset(s);
	return r;
}

int ms_db_schema_version(struct ms_db *db, int *out, struct ms_error *e)
{
	int64_t v = 0;
	int rc = query_i64(db, e, &v, "PRAGMA user_version", "");
	*out = (int)v;
	return rc;
}

/* ---- users and sessions ---- */

static const char *const SQL_USER_ROLE_ADD = "INSERT INTO user_role(user_id, role) VALUES (?, ?)";

int ms_db_user_create(struct ms_db *db, const struct ms_user *u, int64_t *id, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = exec(db, e,
		      "INSERT INTO user(login, name, pw_hash, congress_id, unit_id, created_at) "
		      "VALUES (?, ?, ?, ?, ?, ?)",
		      "tttnnt", u->login, u->name, u->pw_hash, u->congress_id, u->unit_id, now);
	if (rc == MS_ERR_CONFLICT)
		return ms_error_set(e, MS_ERR_CONFLICT, "duplicate", "login", "login '%s' is already taken",
				    u->login);
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(db->h);
	for (unsigned i = 0; i < 4; i++)
		if (u->roles & (1u << i))
			if ((rc = exec(db, e, SQL_USER_ROLE_ADD, "it", *id, role_names[i])))
				return rc;
	return 0;
}

#define USER_COLS                                                                                   \
	"SELECT u.id, u.login, u.name, u.pw_hash, coalesce(u.congress_id, 0), coalesce(u.unit_id, 0), " \
	"(SELECT group_concat(role) FROM user_role r WHERE r.user_id = u.id) "

static void user_from_row(sqlite3_stmt *s, int col, struct ms_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(s, col);
	ms_strlcpy(u->login, (const char *)sqlite3_column_text(s, col + 1), sizeof u->login);
	ms_strlcpy(u->name, (const char *)sqlite3_column_text(s, col + 2), sizeof u->name);
	ms_strlcpy(u->pw_hash, (const char *)sqlite3_column_text(s, col + 3), sizeof u->pw_hash);
	u->congress_id = sqlite3_column_int64(s, col + 4);
	u->unit_id = sqlite3_column_int64(s, col + 5);
	const char *roles = (const char *)sqlite3_column_text(s, col + 6);
	for (unsigned i = 0; roles && i < 4; i++)
		if (strstr(roles, role_names[i]))
			u->roles |= 1u << i;
}

static int user_query(struct ms_db *db, sqlite3_stmt *s, struct ms_user *out, struct ms_error *e)
{
	int rc = sqlite3_step(s);
	int r = 0;
	if (rc == SQLITE_ROW)
		user_from_row(s, 0, out);
	else if (rc == SQLITE_DONE)
		r = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "user not found");
	else
		r = db_err(db, rc, e);
	sqlite3_reset(s);
	return r;
}

int ms_db_user_get(struct ms_db *db, int64_t id, struct ms_user *out, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db,
		       USER_COLS "FROM user u "
		       "WHERE u.id = ?",
		       &s, e, "i", id);
	return rc ? rc : user_query(db, s, out, e);
}

int ms_db_user_by_login(struct ms_db *db, const char *login, struct ms_user *out, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db,
		       USER_COLS "FROM user u "
		       "WHERE u.login = ?",
		       &s, e, "t", login);
	return rc ? rc : user_query(db, s, out, e);
}

int ms_db_user_set_hash(struct ms_db *db, int64_t id, const char *hash, struct ms_error *e)
{
	return exec(db, e, "UPDATE user SET pw_hash = ? WHERE id = ?", "ti", hash, id);
}

int ms_db_login_taken(struct ms_db *db, const char *login, bool *taken, struct ms_error *e)
{
	int64_t n = 0;
	int rc = query_i64(db, e, &n, "SELECT count(*) FROM user WHERE login = ?", "t", login);
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
	sqlite3_stmt *s;
	int rc = prepb(db,
		       USER_COLS ", s.csrf "
		       "FROM session s JOIN user u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?",
		       &s, e, "bi", token_hash, (size_t)32, ms_now_unix());
	if (rc)
		return rc;
	rc = sqlite3_step(s);
	int r = 0;
	if (rc == SQLITE_ROW) {
		user_from_row(s, 0, user);
		ms_strlcpy(csrf, (const char *)sqlite3_column_text(s, 7), 65);
	} else if (rc == SQLITE_DONE) {
		r = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "no such session");
	} else {
		r = db_err(db, rc, e);
	}
	sqlite3_reset(s);
	return r;
}

int ms_db_session_delete(struct ms_db *db, const unsigned char token_hash[32], struct ms_error *e)
{
	return exec(db, e, "DELETE FROM session WHERE token_hash = ?", "b", token_hash, (size_t)32);
}

int ms_db_deputies_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
			struct ms_error *e)
{
	return list_by(db,
		       "SELECT u.id, u.login, u.name, u.congress_id, count(*) OVER () AS _total "
		       "FROM user u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "
		       "WHERE u.congress_id = ? AND (?2 IS NULL OR u.name LIKE ?2 ESCAPE '\\' "
		       "OR u.login LIKE ?2 ESCAPE '\\') ORDER BY u.login LIMIT ? OFFSET ?",
		       congress_id, pg, out, e);
}

int ms_db_deputies_count(struct ms_db *db, int64_t congress_id, int64_t *out, struct ms_error *e)
{
	return query_i64(db, e, out,
			 "SELECT count(*) FROM user u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "
			 "WHERE u.congress_id = ?",
			 "i", congress_id);
}

/* ---- congresses and units ---- */

int ms_db_congress_create(struct ms_db *db, const char *name, const char *name_en, const char *level,
			  int64_t parent_id, int64_t *id, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = exec(db, e,
		      "INSERT INTO congress(name, name_en, level, parent_id, created_at) VALUES (?, ?, ?, ?, ?)",
		      "tttnt", name, name_en, level, parent_id, now);
	if (rc == MS_ERR_UNPROCESSABLE && e)
		e->code = "invalid_value", ms_strlcpy(e->field, parent_id ? "parent_id" : "level", sizeof e->field);
	if (!rc)
		*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

#define CONGRESS_COLS                                                                                 \
	"SELECT c.id, c.name, c.name_en, c.level, c.parent_id, "                                      \
	"(SELECT count(*) FROM user u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "    \
	"WHERE u.congress_id = c.id) AS deputies, c.created_at "

int ms_db_congress_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db, CONGRESS_COLS "FROM congress c WHERE c.id = ?", &s, e, "i", id);
	return rc ? rc : one_json(db, s, out, "congress", e);
}

int ms_db_congress_list(struct ms_db *db, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	char *q = like(pg ? pg->q : NULL);
	sqlite3_stmt *s;
	int rc = prepb(db,
		       CONGRESS_COLS ", count(*) OVER () AS _total FROM congress c "
				     "WHERE (?1 IS NULL OR c.name LIKE ?1 ESCAPE '\\' OR c.name_en LIKE ?1 ESCAPE '\\') "
				     "ORDER BY c.id LIMIT ? OFFSET ?",
		       &s, e, "t", q);
	free(q);
	return rc ? rc : page_json(db, s, 2, pg, out, e);
}

int ms_db_unit_create(struct ms_db *db, int64_t congress_id, const char *name, const char *name_en,
		      int64_t *id, struct ms_error *e)
{
	int rc = exec(db, e, "INSERT INTO unit(congress_id, name, name_en) VALUES (?, ?, ?)", "itt", congress_id,
		      name, name_en);
	if (rc == MS_ERR_CONFLICT)
		return ms_error_set(e, MS_ERR_CONFLICT, "duplicate", "name", "unit '%s' already exists", name);
	if (!rc)
		*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int ms_db_unit_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db, "SELECT id, congress_id, name, name_en FROM unit WHERE id = ?", &s, e, "i", id);
	return rc ? rc : one_json(db, s, out, "unit", e);
}

int ms_db_unit_congress(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = query_i64(db, e, congress_id, "SELECT congress_id FROM unit WHERE id = ?", "i", id);
	if (rc == MS_ERR_NOT_FOUND)
		ms_error_set(e, MS_ERR_NOT_FOUND, NULL, "unit_id", "unit %lld not found", (long long)id);
	return rc;
}

int ms_db_unit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		    struct ms_error *e)
{
	return list_by(db,
		       "SELECT id, congress_id, name, name_en, count(*) OVER () AS _total FROM unit "
		       "WHERE congress_id = ? AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\\' OR name_en LIKE ?2 ESCAPE '\\') "
		       "ORDER BY id LIMIT ? OFFSET ?",
		       congress_id, pg, out, e);
}

int ms_db_unit_find(struct ms_db *db, int64_t congress_id, const char *name, json_t **out, struct ms_error *e)
{
	/* The unit by name (unique in a congress), else the one unit by
	 * name_en: 0 when none, -1 when several. */
	int64_t id = 0;
	int rc = query_i64(db, e, &id,
			   "SELECT coalesce((SELECT id FROM unit WHERE congress_id = ?1 AND name = ?2), "
			   "CASE (SELECT count(*) FROM unit WHERE congress_id = ?1 AND name_en = ?2) WHEN 0 THEN 0 "
			   "WHEN 1 THEN (SELECT id FROM unit WHERE congress_id = ?1 AND name_en = ?2) ELSE -1 END)",
			   "it", congress_id, name);
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
	int rc = exec(db, e,
		      "INSERT INTO cycle(congress_id, year, title, title_en, created_at) VALUES (?, ?, ?, ?, ?)",
		      "iitt" "t", congress_id, year, title, title_en, now);
	if (rc == MS_ERR_CONFLICT)
		return ms_error_set(e, MS_ERR_CONFLICT, "duplicate", "year",
				    "this congress already has a cycle for %lld", (long long)year);
	if (!rc)
		*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

#define CYCLE_COLS                                                                                    \
	"SELECT c.id, c.congress_id, c.year, c.title, c.title_en, c.phase, "                           \
	"(SELECT count(*) FROM candidate k WHERE k.cycle_id = c.id) AS candidates, c.created_at "

int ms_db_cycle_get(struct ms_db *db, int64_t id, struct ms_cycle *out, json_t **json, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db, CYCLE_COLS "FROM cycle c WHERE c.id = ?", &s, e, "i", id);
	if (rc)
		return rc;
	rc = sqlite3_step(s);
	int r = 0;
	if (rc == SQLITE_ROW) {
		if (out) {
			out->id = sqlite3_column_int64(s, 0);
			out->congress_id = sqlite3_column_int64(s, 1);
			out->year = sqlite3_column_int64(s, 2);
			out->phase = phase_index((const char *)sqlite3_column_text(s, 5));
		}
		if (json && !(*json = row_json(s, NULL)))
			r = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
	} else if (rc == SQLITE_DONE) {
		r = ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "cycle %lld not found", (long long)id);
	} else {
		r = db_err(db, rc, e);
	}
	sqlite3_reset(s);
	return r;
}

int ms_db_cycle_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		     struct ms_error *e)
{
	return list_by(db,
		       CYCLE_COLS ", count(*) OVER () AS _total FROM cycle c WHERE c.congress_id = ? "
				  "AND (?2 IS NULL OR c.title LIKE ?2 ESCAPE '\\' OR c.title_en LIKE ?2 ESCAPE '\\') "
				  "ORDER BY c.year DESC LIMIT ? OFFSET ?",
		       congress_id, pg, out, e);
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
	int rc = exec(db, e,
		      "INSERT INTO candidate(cycle_id, title, title_en, description, description_en, category, "
		      "cost, unit_id, location, created_at) VALUES (?, ?, ?, coalesce(?, ''), ?, coalesce(?, ''), ?, ?, "
		      "coalesce(?, ''), ?)",
		      "itttttintt", cycle_id, c->title, c->title_en, c->description, c->description_en, c->category,
		      c->cost, c->has_unit ? c->unit_id : 0, c->location, now);
	if (!rc)
		*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int ms_db_candidate_update(struct ms_db *db, int64_t id, const struct ms_candidate_in *c, struct ms_error *e)
{
	/* Each field is replaced only when given (flag column ?N = 1). */
	return exec(db, e,
		    "UPDATE candidate SET title = coalesce(?1, title), title_en = coalesce(?2, title_en), "
		    "description = coalesce(?3, description), description_en = coalesce(?4, description_en), "
		    "category = coalesce(?5, category), location = coalesce(?6, location), "
		    "cost = CASE WHEN ?7 THEN ?8 ELSE cost END, unit_id = CASE WHEN ?9 THEN ?10 ELSE unit_id END "
		    "WHERE id = ?11",
		    "ttttttiiini", c->title, c->title_en, c->description, c->description_en, c->category,
		    c->location, (int64_t)c->has_cost, c->cost, (int64_t)c->has_unit, c->unit_id, id);
}

#define CANDIDATE_COLS                                                                                \
	"SELECT k.id, k.cycle_id, k.title, k.title_en, k.description, k.description_en, k.category, "  \
	"k.cost, k.unit_id, n.name AS unit_name, n.name_en AS unit_name_en, k.location "

int ms_db_candidate_get(struct ms_db *db, int64_t id, int64_t *cycle_id, json_t **json, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db, CANDIDATE_COLS "FROM candidate k LEFT JOIN unit n ON n.id = k.unit_id WHERE k.id = ?",
		       &s, e, "i", id);
	if (rc)
		return rc;
	json_t *o = NULL;
	if ((rc = one_json(db, s, &o, "candidate", e)))
		return rc;
	if (cycle_id)
		*cycle_id = json_integer_value(json_object_get(o, "cycle_id"));
	if (json)
		*json = o;
	else
		json_decref(o);
	return 0;
}

int ms_db_candidate_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
			 struct ms_error *e)
{
	return list_by(db,
		       CANDIDATE_COLS ", count(*) OVER () AS _total FROM candidate k "
				      "LEFT JOIN unit n ON n.id = k.unit_id WHERE k.cycle_id = ? AND (?2 IS NULL OR "
				      "k.title LIKE ?2 ESCAPE '\\' OR k.title_en LIKE ?2 ESCAPE '\\' OR "
				      "k.category LIKE ?2 ESCAPE '\\' OR k.location LIKE ?2 ESCAPE '\\' OR "
				      "n.name LIKE ?2 ESCAPE '\\') ORDER BY k.id LIMIT ? OFFSET ?",
		       cycle_id, pg, out, e);
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

/* Collect the int64 first column of every row of a bound statement. */
static int ids_collect(struct ms_db *db, sqlite3_stmt *s, int64_t **ids, int64_t **second, size_t *n,
		       struct ms_error *e)
{
	size_t cap = 16, k = 0;
	int64_t *a = malloc(cap * sizeof *a), *b = second ? malloc(cap * sizeof *b) : NULL;
	int rc;
	if (!a || (second && !b))
		goto nomem;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
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
		a[k] = sqlite3_column_int64(s, 0);
		if (second)
			b[k] = sqlite3_column_int64(s, 1);
		k++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(a), free(b);
		return db_err(db, rc, e);
	}
	*ids = a, *n = k;
	if (second)
		*second = b;
	return 0;
nomem:
	sqlite3_reset(s);
	free(a), free(b);
	return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
}

int ms_db_candidate_ids(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db, "SELECT id FROM candidate WHERE cycle_id = ? ORDER BY id", &s, e, "i", cycle_id);
	return rc ? rc : ids_collect(db, s, ids, NULL, n, e);
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
	int64_t budget = p->budget;
	int rc;
	sqlite3_stmt *s;
	if ((rc = prepb(db,
			"INSERT INTO poll(cycle_id, title, slots, max_approvals, threshold_base, threshold_num, "
			"threshold_den, threshold_strict, budget, quorum_num, quorum_den, created_at, ballot_form) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			&s, e, "itiitiiiiiitt", p->cycle_id, p->title, (int64_t)p->slots, (int64_t)p->max_approvals,
			base_names[p->base], (int64_t)p->threshold_num, (int64_t)p->threshold_den,
			(int64_t)p->threshold_strict, budget, (int64_t)p->quorum_num, (int64_t)p->quorum_den, now,
			form_names[p->form])))
		return rc;
	if (!p->has_budget)
		sqlite3_bind_null(s, 9);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err(db, rc, e);
	*id = sqlite3_last_insert_rowid(db->h);
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
	sqlite3_stmt *s;
	int rc = prepb(db,
		       "SELECT p.id, p.cycle_id, c.congress_id, p.title, p.status, p.slots, p.max_approvals, "
		       "p.threshold_base, p.threshold_num, p.threshold_den, p.threshold_strict, p.budget, "
		       "p.quorum_num, p.quorum_den, coalesce(p.deputies_all, -1), p.ballot_form "
		       "FROM poll p JOIN cycle c ON c.id = p.cycle_id WHERE p.id = ?",
		       &s, e, "i", id);
	if (rc)
		return rc;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		int r = rc == SQLITE_DONE ? ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "poll %lld not found",
							 (long long)id)
					  : db_err(db, rc, e);
		sqlite3_reset(s);
		return r;
	}
	out->id = sqlite3_column_int64(s, 0);
	out->cycle_id = sqlite3_column_int64(s, 1);
	out->congress_id = sqlite3_column_int64(s, 2);
	ms_strlcpy(out->title, (const char *)sqlite3_column_text(s, 3), sizeof out->title);
	const char *st = (const char *)sqlite3_column_text(s, 4);
	out->status = strcmp(st, "open") == 0 ? MS_POLL_OPEN : strcmp(st, "closed") == 0 ? MS_POLL_CLOSED
											 : MS_POLL_DRAFT;
	out->slots = (uint32_t)sqlite3_column_int64(s, 5);
	out->max_approvals = (uint32_t)sqlite3_column_int64(s, 6);
	const char *b = (const char *)sqlite3_column_text(s, 7);
	out->base = strcmp(b, "present") == 0 ? 1 : strcmp(b, "cast") == 0 ? 2 : 0;
	out->threshold_num = (uint32_t)sqlite3_column_int64(s, 8);
	out->threshold_den = (uint32_t)sqlite3_column_int64(s, 9);
	out->threshold_strict = sqlite3_column_int64(s, 10) != 0;
	out->has_budget = sqlite3_column_type(s, 11) != SQLITE_NULL;
	out->budget = sqlite3_column_int64(s, 11);
	out->quorum_num = (uint32_t)sqlite3_column_int64(s, 12);
	out->quorum_den = (uint32_t)sqlite3_column_int64(s, 13);
	out->deputies_all = sqlite3_column_int64(s, 14);
	const char *form = (const char *)sqlite3_column_text(s, 15);
	out->form = strcmp(form, "approve_oppose") == 0 ? 1 : strcmp(form, "ranked") == 0 ? 2 : 0;
	sqlite3_reset(s);
	if ((rc = prepb(db,
			"SELECT k.id, k.cost FROM poll_candidate pc JOIN candidate k ON k.id = pc.candidate_id "
			"WHERE pc.poll_id = ? ORDER BY k.id",
			&s, e, "i", id)))
		return rc;
	return ids_collect(db, s, &out->candidate_ids, &out->candidate_costs, &out->n_candidates, e);
}

int ms_db_poll_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db,
		       "SELECT p.id, p.cycle_id, c.congress_id, p.title, p.status, p.ballot_form, p.slots, p.max_approvals, "
		       "p.threshold_base, p.threshold_num, p.threshold_den, p.threshold_strict AS threshold_strict_b, "
		       "p.budget, p.quorum_num, p.quorum_den, p.created_at, p.opened_at, p.closed_at "
		       "FROM poll p JOIN cycle c ON c.id = p.cycle_id WHERE p.id = ?",
		       &s, e, "i", id);
	json_t *o = NULL, *cands = NULL;
	if (rc || (rc = one_json(db, s, &o, "poll", e)))
		return rc;
	if ((rc = prepb(db,
			CANDIDATE_COLS "FROM poll_candidate pc JOIN candidate k ON k.id = pc.candidate_id "
				       "LEFT JOIN unit n ON n.id = k.unit_id WHERE pc.poll_id = ? ORDER BY k.id",
			&s, e, "i", id)) ||
	    (rc = rows_json(db, s, &cands, NULL, e))) {
		json_decref(o);
		return rc;
	}
	json_object_set_new(o, "candidates", cands);
	*out = o;
	return 0;
}

int ms_db_poll_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
		    struct ms_error *e)
{
	return list_by(db,
		       "SELECT p.id, p.cycle_id, p.title, p.status, p.ballot_form, p.slots, p.max_approvals, p.created_at, "
		       "p.opened_at, p.closed_at, count(*) OVER () AS _total FROM poll p WHERE p.cycle_id = ? "
		       "AND (?2 IS NULL OR p.title LIKE ?2 ESCAPE '\\') ORDER BY p.id LIMIT ? OFFSET ?",
		       cycle_id, pg, out, e);
}

int ms_db_poll_open(struct ms_db *db, int64_t id, int64_t congress_id, int64_t *deputies_all, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = exec(db, e,
		      "INSERT INTO poll_roster(poll_id, user_id) SELECT ?, u.id FROM user u "
		      "JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' WHERE u.congress_id = ?",
		      "ii", id, congress_id);
	if (rc)
		return rc;
	*deputies_all = sqlite3_changes(db->h);
	return exec(db, e,
		    "UPDATE poll SET status = 'open', deputies_all = ?, opened_at = ? WHERE id = ? AND status = 'draft'",
		    "iti", *deputies_all, now, id);
}

int ms_db_poll_open_imported(struct ms_db *db, int64_t id, int64_t voters, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	return exec(db, e,
		    "UPDATE poll SET status = 'open', deputies_all = ?, opened_at = ? WHERE id = ? AND status = 'draft'",
		    "iti", voters, now, id);
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
	return exec(db, e, "INSERT OR IGNORE INTO attendance(poll_id, user_id) VALUES (?, ?)", "ii", poll_id,
		    user_id);
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

int ms_db_attendance_list(struct ms_db *db, int64_t poll_id, int64_t congress_id, const struct ms_page *pg,
			  json_t **out, struct ms_error *e)
{
	char *q = like(pg ? pg->q : NULL);
	sqlite3_stmt *s;
	int rc = prepb(db,
		       "SELECT u.id, u.login, u.name, "
		       "EXISTS(SELECT 1 FROM attendance a WHERE a.poll_id = ?1 AND a.user_id = u.id) AS present_b, "
		       "EXISTS(SELECT 1 FROM participation v WHERE v.poll_id = ?1 AND v.user_id = u.id) AS voted_b, "
		       "count(*) OVER () AS _total "
		       "FROM user u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "
		       "WHERE u.congress_id = ?2 AND (?3 IS NULL OR u.name LIKE ?3 ESCAPE '\\' "
		       "OR u.login LIKE ?3 ESCAPE '\\') ORDER BY u.login LIMIT ? OFFSET ?",
		       &s, e, "iit", poll_id, congress_id, q);
	free(q);
	return rc ? rc : page_json(db, s, 4, pg, out, e);
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
	sqlite3_stmt *s;
	int rc = prepb(db, "SELECT choices, paper FROM ballot WHERE poll_id = ? ORDER BY id", &s, e, "i", poll_id);
	if (rc)
		return rc;
	int64_t *buf = NULL;
	size_t cap = 0;
	int r = 0;
	while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *v = json_loads((const char *)sqlite3_column_text(s, 0), 0, NULL);
		json_t *appr = json_is_object(v) ? json_object_get(v, "approve") : v;
		json_t *opp = json_is_object(v) ? json_object_get(v, "oppose") : NULL;
		size_t n = 0;
		if (!json_is_array(appr) || (json_is_object(v) && !json_is_array(opp)))
			r = ms_error_set(e, MS_ERR_STORE, NULL, NULL, "corrupt ballot in poll %lld", (long long)poll_id);
		else if (append_ids(appr, &buf, &cap, &n) || append_ids(opp, &buf, &cap, &n))
			r = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
		else {
			size_t na = json_array_size(appr);
			r = fn(ctx, buf, na, opp ? buf + na : NULL, n - na, sqlite3_column_int64(s, 1) != 0);
		}
		json_decref(v);
	}
	free(buf);
	sqlite3_reset(s);
	if (r)
		return r;
	return rc == SQLITE_DONE ? 0 : db_err(db, rc, e);
}

int ms_db_ballots_list(struct ms_db *db, int64_t poll_id, const struct ms_page *pg, json_t **out,
		       struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db,
		       "SELECT lower(hex(id)) AS id, choices AS choices_j, paper AS paper_b, count(*) OVER () AS _total "
		       "FROM ballot WHERE poll_id = ? ORDER BY id LIMIT ? OFFSET ?",
		       &s, e, "i", poll_id);
	return rc ? rc : page_json(db, s, 2, pg, out, e);
}

int ms_db_poll_close(struct ms_db *db, int64_t poll_id, const char *result_json, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	int rc = exec(db, e, "UPDATE poll SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'",
		      "ti", now, poll_id);
	if (rc)
		return rc;
	if (sqlite3_changes(db->h) != 1)
		return ms_error_set(e, MS_ERR_CONFLICT, "poll_not_open", NULL, "poll %lld is not open",
				    (long long)poll_id);
	return exec(db, e, "INSERT INTO poll_result(poll_id, result, counted_at) VALUES (?, ?, ?)", "itt", poll_id,
		    result_json, now);
}

int ms_db_result_get(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	sqlite3_stmt *s;
	int rc = prepb(db, "SELECT result AS result_j FROM poll_result WHERE poll_id = ?", &s, e, "i", poll_id);
	json_t *row = NULL;
	if (rc || (rc = one_json(db, s, &row, "result", e)))
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

int ms_db_audit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		     struct ms_error *e)
{
	return list_by(db,
		       "SELECT a.id, a.at, a.user_id, u.login AS user_login, a.congress_id, a.action, a.object, "
		       "a.detail AS detail_j, count(*) OVER () AS _total FROM audit a LEFT JOIN user u ON u.id = a.user_id "
		       "WHERE (?1 = 0 OR a.congress_id = ?1) AND (?2 IS NULL OR a.action LIKE ?2 ESCAPE '\\' "
		       "OR a.object LIKE ?2 ESCAPE '\\') ORDER BY a.id DESC LIMIT ? OFFSET ?",
		       congress_id, pg, out, e);
}
