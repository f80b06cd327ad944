/*
 * store.c — store.h on the SQL driver of sql.h (SQLite or PostgreSQL): the
 * pool, transactions and migrations.
 *
 * Connections: a fixed pool opened lazily; each driver connection caches
 * its prepared statements by the SQL text's address (all SQL is string
 * literals in the `x_sql.c` files, see query.h). On SQLite, writers are
 * serialised by an in-process mutex before BEGIN IMMEDIATE, so concurrent
 * requests queue instead of spinning in SQLite's busy handler; busy_timeout
 * still covers other processes (the CLI). Under that mutex every write runs
 * on one connection kept for writes (the handle lends its own meanwhile),
 * whose page cache no other connection's write invalidates. On PostgreSQL several server
 * processes share the database, so no in-process lock helps: writers run
 * in READ COMMITTED and the domains take row locks where a check must hold
 * until commit (statements with FOR UPDATE / FOR SHARE that do nothing on
 * SQLite), and unique keys (one participation per deputy) decide races.
 *
 * Group commit (SQLite): a write transaction's COMMIT writes the WAL and
 * frees the write lock at once; ms_db_commit then waits until an fdatasync
 * of the WAL begun after that write has ended (sync_until) before the
 * request is answered. One thread syncs while the commits that arrive in
 * the meantime queue behind it; the next sync covers all of them. So every
 * answered write is on disk, and commits no longer wait for the disk one by
 * one under the write lock. A commit is seen by other transactions before
 * it is synced, so every transaction's end waits as well, for the commits
 * begun when it took its snapshot at its begin (sql_sqlite.c; none unless
 * writes are under way, and then usually synced by its end): nothing is
 * answered from a write the disk may not hold — a result, a "voted", a
 * published answer kept in memory.
 *
 * The dialect differences kept here: where the schema version lives and
 * the migration lock (version_read / version_write / migrate).
 */
#include "store.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "query.h"
#include "schema.h"
#include "store_internal.h"

static bool is_pg(const struct ms_db *db)
{
	return ms_sql_kind(db->conn) == MS_SQL_PG;
}

struct ms_sql *ms_db_conn(struct ms_db *db)
{
	return db->conn;
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
		return ms_nomem(e);
	db->st = st;
	int rc = ms_sql_open(st->db, &db->conn, e);
	if (rc) {
		free(db);
		return rc;
	}
	*out = db;
	return 0;
}

int ms_store_handle_open(struct ms_store *st, struct ms_db **out, struct ms_error *e)
{
	return conn_open(st, out, e);
}

void ms_store_handle_close(struct ms_db *db)
{
	if (db && db->in_tx)
		ms_db_rollback(db);
	conn_close(db);
}

/* The schema version: SQLite keeps it in PRAGMA user_version (so databases
 * made before PostgreSQL support keep working); PostgreSQL has no such
 * field, so it is the one row of minsheng_schema (no row yet: 0). */
static const struct ms_stmt VERSION_READ =
	MS_STMT2("store.version", "PRAGMA user_version", "SELECT version FROM minsheng_schema");
static const struct ms_stmt VERSION_CLEAR = MS_STMT2("store.version_clear", NULL, "DELETE FROM minsheng_schema");
static const struct ms_stmt VERSION_WRITE =
	MS_STMT2("store.version_write", NULL, "INSERT INTO minsheng_schema(version) VALUES (?)");
static const struct ms_stmt SECRET = MS_STMT("store.secret", "SELECT value FROM meta WHERE key = 'secret'");



static int version_read(struct ms_db *db, int64_t *v, struct ms_error *e)
{
	*v = 0;
	int rc = ms_q_i64(db, &VERSION_READ, MS_NOARGS, v, e);
	if (rc == MS_ERR_NOT_FOUND) /* PostgreSQL before the first migration */
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
	int rc = ms_q_exec(db, &VERSION_CLEAR, MS_NOARGS, e);
	return rc ? rc : ms_q_exec(db, &VERSION_WRITE, MS_ARGS(MS_VI(v)), e);
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
		return ms_nomem(e);
	st->db = strdup(db);
	st->conns = calloc(pool_size, sizeof *st->conns);
	st->busy = calloc(pool_size, sizeof *st->busy);
	st->size = pool_size;
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->freed, NULL);
	pthread_mutex_init(&st->write_lock, NULL);
	pthread_mutex_init(&st->event_lock, NULL);
	pthread_mutex_init(&st->sync_lock, NULL);
	pthread_cond_init(&st->synced_cond, NULL);
	pthread_mutex_init(&st->group.lock, NULL);
	pthread_cond_init(&st->group.more, NULL);
	if (!st->db || !st->conns || !st->busy) {
		ms_store_close(st);
		return ms_nomem(e);
	}
	int rc = conn_open(st, &st->conns[0], e);
	if (!rc) {
		bool pg = is_pg(st->conns[0]);
		size_t count = pg ? ms_schema_pg_count : ms_schema_count;
		/* For the tests of a migration: MINSHENG_SCHEMA_UPTO=N makes (or
		 * leaves) a database of before migration N + 1. */
		const char *upto = getenv("MINSHENG_SCHEMA_UPTO");
		char *end;
		long n = upto && *upto ? strtol(upto, &end, 10) : 0;
		if (upto && *upto && !*end && n >= 1 && (size_t)n < count)
			count = (size_t)n;
		rc = migrate(st->conns[0], pg ? ms_schema_pg_migrations : ms_schema_migrations, count, e);
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
	ms_store_group_stop(st);
	for (unsigned i = 0; st->conns && i < st->size; i++)
		conn_close(st->conns[i]);
	if (st->writer)
		ms_sql_close(st->writer);
	free(st->conns);
	free(st->busy);
	free(st->db);
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->freed);
	pthread_mutex_destroy(&st->write_lock);
	pthread_mutex_destroy(&st->event_lock);
	pthread_mutex_destroy(&st->sync_lock);
	pthread_cond_destroy(&st->synced_cond);
	pthread_mutex_destroy(&st->group.lock);
	pthread_cond_destroy(&st->group.more);
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
	/* an in-memory database is its connection's own: written where it is read */
	bool lend = lock && ms_sql_shared(db->conn);
	if (lock)
		pthread_mutex_lock(&db->st->write_lock);
	if (lend) {
		/* Every write on one connection: SQLite drops a connection's
		 * page cache whenever another has written since its last
		 * transaction, so writes that went to whichever connection was
		 * free read back every page they touch; on the writers' own
		 * connection nobody else writes, and its cache stays. */
		int orc = db->st->writer ? 0 : ms_sql_open(db->st->db, &db->st->writer, e);
		if (orc) {
			pthread_mutex_unlock(&db->st->write_lock);
			return orc;
		}
		db->parked = db->conn;
		db->conn = db->st->writer;
	}
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
		if (db->parked) {
			db->conn = db->parked;
			db->parked = NULL;
		}
		if (lock)
			pthread_mutex_unlock(&db->st->write_lock);
		return rc;
	}
	db->in_tx = true;
	db->writing = write;
	if (ms_sql_log_grouped(db->conn)) { /* after the begin: its snapshot is taken (sql_sqlite.c) */
		db->seen = atomic_load(&db->st->reserved);
	}
	db->write_locked = lock;
	return 0;
}

void ms_store_run_hooks(struct on_commit *h, bool committed)
{
	struct on_commit *rev = NULL;
	while (h) {
		struct on_commit *next = h->next;
		h->next = rev, rev = h, h = next;
	}
	while (rev) {
		struct on_commit *next = rev->next;
		rev->fn(rev->arg, committed);
		free(rev);
		rev = next;
	}
}

int ms_db_on_commit(struct ms_db *db, ms_db_commit_fn fn, void *arg, struct ms_error *e)
{
	struct on_commit *h = db->in_tx ? malloc(sizeof *h) : NULL;
	if (!h) {
		fn(arg, false);
		return db->in_tx ? ms_nomem(e) : ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "a commit hook outside a transaction");
	}
	*h = (struct on_commit){fn, arg, db->hooks};
	db->hooks = h;
	return 0;
}

static void end_tx(struct ms_db *db)
{
	if (db->parked) {
		db->conn = db->parked;
		db->parked = NULL;
	}
	if (db->write_locked)
		pthread_mutex_unlock(&db->st->write_lock);
	db->in_tx = db->writing = db->write_locked = false;
	db->seen = 0;
	db->n_topics = 0;
	db->all_topics = false;
}

/* Wait until every commit counted up to target is on disk (the file
 * comment), syncing when no other thread does. A failed fdatasync stops the
 * process: the kernel may have dropped the pages it could not write, so no
 * later sync could be trusted to cover them (PostgreSQL panics alike), and
 * a restart recovers from the log on disk. */
static void sync_until(struct ms_db *db, uint64_t target)
{
	struct ms_store *st = db->st;
	pthread_mutex_lock(&st->sync_lock);
	while (st->synced < target) {
		/* a sync under way */
		if (st->syncing) {
			pthread_cond_wait(&st->synced_cond, &st->sync_lock);
			continue;
		}
		/* the commit counted last still writing (count_written wakes
		 * this thread: it counted itself before it looked) */
		atomic_fetch_add(&st->write_waiters, 1);
		bool unwritten = atomic_load(&st->written) < target;
		if (unwritten)
			pthread_cond_wait(&st->synced_cond, &st->sync_lock);
		atomic_fetch_sub(&st->write_waiters, 1);
		if (unwritten)
			continue;
		st->syncing = true;
		uint64_t upto = atomic_load(&st->written);
		pthread_mutex_unlock(&st->sync_lock);
		struct ms_error e;
		if (st->sync_delay_ms)
			nanosleep(&(struct timespec){.tv_sec = st->sync_delay_ms / 1000,
						     .tv_nsec = (long)(st->sync_delay_ms % 1000) * 1000000L},
				  NULL);
		if (ms_sql_sync_log(db->conn, &e)) {
			fprintf(stderr, "minsheng: %s: stopping, so that no write is answered that the disk may not hold\n",
				e.message);
			abort();
		}
		pthread_mutex_lock(&st->sync_lock);
		st->syncing = false;
		st->synced = upto;
		st->n_syncs++;
		pthread_cond_broadcast(&st->synced_cond);
	}
	pthread_mutex_unlock(&st->sync_lock);
}

void ms_store_sync_idle(struct ms_store *st)
{
	pthread_mutex_lock(&st->sync_lock);
	while (st->syncing)
		pthread_cond_wait(&st->synced_cond, &st->sync_lock);
	pthread_mutex_unlock(&st->sync_lock);
}

/* A transaction of db ends that was not a grouped write: it may have read a
 * commit not yet synced, one of those begun when it began (db->seen, read
 * once its snapshot was taken: later ones it cannot see), so it waits for
 * them — usually synced by then. */
static void sync_seen(struct ms_db *db, uint64_t seen)
{
	if (ms_sql_log_grouped(db->conn))
		sync_until(db, seen);
}

/* Count a grouped write's commit: reserve before the COMMIT (a transaction
 * ending once the commit is visible waits for it), then, once COMMIT has
 * returned (done or not), its number among those written. */
static void count_reserve(struct ms_store *st)
{
	atomic_fetch_add(&st->reserved, 1);
}

static uint64_t count_written(struct ms_store *st)
{
	uint64_t mine = atomic_fetch_add(&st->written, 1) + 1;
	/* Sequentially consistent: a waiter counted itself before it read
	 * written, so either it reads this commit's count or it is counted
	 * here, and the broadcast under the lock finds it waiting. */
	if (atomic_load(&st->write_waiters) > 0) {
		pthread_mutex_lock(&st->sync_lock);
		pthread_cond_broadcast(&st->synced_cond);
		pthread_mutex_unlock(&st->sync_lock);
	}
	return mine;
}

uint64_t ms_store_log_syncs(struct ms_store *st)
{
	pthread_mutex_lock(&st->sync_lock);
	uint64_t n = st->n_syncs;
	pthread_mutex_unlock(&st->sync_lock);
	return n;
}

void ms_store_set_sync_delay(struct ms_store *st, unsigned ms)
{
	st->sync_delay_ms = ms;
}

int ms_db_commit(struct ms_db *db, struct ms_error *e)
{
	if (!db->in_tx)
		return 0;
	bool grouped = db->writing && ms_sql_log_grouped(db->conn);
	if (grouped)
		count_reserve(db->st);
	int rc = ms_sql_commit(db->conn, e);
	uint64_t mine = grouped ? count_written(db->st) : 0;
	if (rc)
		ms_sql_rollback(db->conn);
	/* SQLite: tell what the transaction changed, once it is committed and
	 * the write lock is free (the event function may read). */
	bool all = db->all_topics;
	unsigned n = db->n_topics;
	char topics[MS_STORE_TOPICS_PER_TX][MS_STORE_TOPIC_MAX];
	if (!rc && n)
		memcpy(topics, db->topics, sizeof topics[0] * n);
	struct on_commit *hooks = db->hooks;
	db->hooks = NULL;
	if (!rc && db->writing)
		atomic_fetch_add(&db->st->generation, 1); /* after the commit: what is read now is new */
	uint64_t seen = db->seen;
	end_tx(db);
	/* with the write lock free: other commits go on meanwhile */
	if (grouped)
		sync_until(db, mine);
	else
		sync_seen(db, seen);
	ms_store_run_hooks(hooks, rc == 0);
	if (!rc && db->st->event_fn) {
		if (all)
			db->st->event_fn(db->st->event_ctx, "*");
		else
			for (unsigned i = 0; i < n; i++)
				db->st->event_fn(db->st->event_ctx, topics[i]);
	}
	return rc;
}

/* ---- events ---- */

#define MS_STORE_CHANNEL "minsheng_events"
static const struct ms_stmt NOTIFY =
	MS_STMT2("store.notify", NULL, "SELECT pg_notify('" MS_STORE_CHANNEL "', ?)");
/* A message travels on the same channel, after "m " (a topic never has a space). */
static const struct ms_stmt SEND =
	MS_STMT2("store.send", NULL, "SELECT pg_notify('" MS_STORE_CHANNEL "', 'm ' || ?)");

void ms_store_on_message(struct ms_store *st, ms_store_message_fn fn, void *ctx)
{
	st->message_fn = fn;
	st->message_ctx = ctx;
}

uint64_t ms_store_generation(struct ms_store *st)
{
	return atomic_load(&st->generation);
}

bool ms_db_has_nodes(const struct ms_db *db)
{
	return is_pg(db);
}

int ms_db_send(struct ms_db *db, const char *text, struct ms_error *e)
{
	if (!db->in_tx)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "a message outside a transaction");
	if (!text || strlen(text) >= MS_STORE_MESSAGE_MAX)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "a message too long");
	return is_pg(db) ? ms_q_exec(db, &SEND, MS_ARGS(MS_VT(text)), e) : 0;
}

bool ms_store_topic_ok(const char *t)
{
	size_t n = 0;
	for (; t && t[n]; n++) {
		char c = t[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '-'))
			return false;
	}
	return n > 0 && n < MS_STORE_TOPIC_MAX;
}

/* The prefixes of the topics anything follows (ms_store_topics); set once
 * at start, before any thread. */
static const char *const *followed_prefixes;

void ms_store_topics(const char *const *prefixes)
{
	followed_prefixes = prefixes;
}

static bool followed(const char *topic)
{
	size_t n = strcspn(topic, ":");
	for (const char *const *p = followed_prefixes; p && *p; p++)
		if (strlen(*p) == n && strncmp(*p, topic, n) == 0)
			return true;
	return false;
}

int ms_db_notify(struct ms_db *db, const char *topic, bool local, struct ms_error *e)
{
	if (!ms_store_topic_ok(topic))
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "bad event topic");
	if (!db->in_tx)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "an event outside a transaction");
	if (!followed(topic))
		return 0;
	if (is_pg(db) && !local)
		return ms_q_exec(db, &NOTIFY, MS_ARGS(MS_VT(topic)), e);
	for (unsigned i = 0; i < db->n_topics; i++)
		if (strcmp(db->topics[i], topic) == 0)
			return 0;
	if (db->n_topics == MS_STORE_TOPICS_PER_TX)
		db->all_topics = true;
	else
		ms_strlcpy(db->topics[db->n_topics++], topic, MS_STORE_TOPIC_MAX);
	return 0;
}

static bool listener_stopping(struct ms_store *st)
{
	pthread_mutex_lock(&st->event_lock);
	bool stop = st->event_stop;
	pthread_mutex_unlock(&st->event_lock);
	return stop;
}

/* PostgreSQL: a connection of its own that LISTENs, told to event_fn; a
 * lost connection is opened again after a second, then "*" is told (what
 * was sent meanwhile is lost). Checks for stop every 500 ms. */
static void *listen_run(void *arg)
{
	struct ms_store *st = arg;
	struct ms_sql *c = NULL;
	bool reconnected = false;
	int quiet = 0; /* half-seconds without a notification */
	while (!listener_stopping(st)) {
		struct ms_error e;
		if (!c) {
			if (ms_sql_open(st->db, &c, &e) || ms_sql_exec_script(c, "LISTEN " MS_STORE_CHANNEL, &e)) {
				ms_sql_close(c);
				c = NULL;
				nanosleep(&(struct timespec){.tv_sec = 1}, NULL);
				continue;
			}
			if (reconnected) {
				atomic_fetch_add(&st->generation, 1); /* what was told meanwhile is lost */
				st->event_fn(st->event_ctx, "*");
			}
			reconnected = true;
		}
		char text[MS_STORE_MESSAGE_MAX + 2];
		int rc = ms_sql_wait_notify(c, 500, text, sizeof text, &e);
		if (rc == 1) {
			quiet = 0;
			if (strncmp(text, "m ", 2) == 0) {
				if (st->message_fn)
					st->message_fn(st->message_ctx, text + 2);
			} else if (ms_store_topic_ok(text) || strcmp(text, "*") == 0) {
				atomic_fetch_add(&st->generation, 1); /* a write on another node */
				st->event_fn(st->event_ctx, text);
			}
		} else if (rc == 0 && ++quiet >= 60) {
			/* 30 s without a word: make sure the connection is alive (a
			 * half-open one would wait for ever after a failover) */
			quiet = 0;
			rc = ms_sql_exec_script(c, "SELECT 1", &e);
		}
		if (rc < 0) {
			ms_sql_close(c);
			c = NULL;
		}
	}
	ms_sql_close(c);
	return NULL;
}

int ms_store_events_start(struct ms_store *st, ms_store_event_fn fn, void *ctx, struct ms_error *e)
{
	if (!fn || st->event_fn)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "events already started");
	st->event_fn = fn;
	st->event_ctx = ctx;
	const char *target;
	if (ms_sql_parse_url(st->db, &target) != MS_SQL_PG)
		return 0;
	st->event_stop = false;
	if (pthread_create(&st->listener, NULL, listen_run, st) != 0) {
		st->event_fn = NULL;
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot start the event listener");
	}
	st->listening = true;
	return 0;
}

void ms_store_events_stop(struct ms_store *st)
{
	if (!st)
		return;
	if (st->listening) {
		pthread_mutex_lock(&st->event_lock);
		st->event_stop = true;
		pthread_mutex_unlock(&st->event_lock);
		pthread_join(st->listener, NULL);
		st->listening = false;
	}
	st->event_fn = NULL;
}

void ms_db_rollback(struct ms_db *db)
{
	if (!db->in_tx)
		return;
	ms_sql_rollback(db->conn);
	struct on_commit *hooks = db->hooks;
	db->hooks = NULL;
	uint64_t seen = db->seen;
	end_tx(db);
	sync_seen(db, seen); /* what it read (and will answer: an error) may name a commit not yet synced */
	ms_store_run_hooks(hooks, false);
}

bool ms_db_in_tx(const struct ms_db *db)
{
	return db->in_tx;
}

const struct ms_stmt *const ms_store_stmts[] = {&VERSION_READ, &VERSION_CLEAR, &VERSION_WRITE, &SECRET, &NOTIFY, &SEND, NULL};

int ms_db_secret(struct ms_db *db, unsigned char key[32], struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &SECRET, MS_NOARGS, &s, e);
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

