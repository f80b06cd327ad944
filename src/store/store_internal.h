/*
 * store_internal.h — shared inside src/store/: the connection behind a
 * struct ms_db, for the query helpers (query.c) and the copy (copy.c); the
 * pool and its handles, for the transactions (store.c) and the grouped
 * writes (group.c).
 */
#ifndef MS_STORE_INTERNAL_H
#define MS_STORE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "sql.h"
#include "store.h"

/* The driver connection of db (valid while db is acquired). */
struct ms_sql *ms_db_conn(struct ms_db *db);

/* Grouped writes (group.c): the writes waiting, and the thread that
 * writes them a group at a time. */
struct ms_group_node;
struct ms_group {
	pthread_mutex_t lock;
	pthread_cond_t more; /* a write queued (or the store closing) */
	struct ms_group_node *head, *tail;
	uint64_t groups, members; /* groups committed, and the writes in them (under lock) */
	bool started, stopping;   /* the writer (under lock) */
	pthread_t writer;
};

struct ms_db {
	struct ms_sql *conn;
	struct ms_store *st;
	bool in_tx;
	bool writing;      /* the open transaction was begun to write */
	uint64_t seen;     /* group commit: the commits begun when it began (it may see them) */
	bool write_locked; /* holds st->write_lock (SQLite writers), and writes on st->writer */
	struct ms_sql *parked; /* its own connection while it writes on st->writer */
	/* SQLite: the topics this transaction named (ms_db_notify), told after commit */
	unsigned n_topics;
	bool all_topics;   /* more than MS_STORE_TOPICS_PER_TX: tell "*" */
	char topics[MS_STORE_TOPICS_PER_TX][MS_STORE_TOPIC_MAX];
	struct on_commit *hooks; /* ms_db_on_commit, last added first */
};

struct on_commit {
	ms_db_commit_fn fn;
	void *arg;
	struct on_commit *next;
};

struct ms_store {
	char *db; /* the --db string (sql.h: ms_sql_parse_url) */
	pthread_mutex_t lock;
	pthread_cond_t freed;
	pthread_mutex_t write_lock;
	struct ms_sql *writer; /* SQLite: the one connection writes run on (under write_lock), NULL until used */
	unsigned size;
	struct ms_db **conns;  /* size entries; NULL = not yet opened */
	bool *busy;
	/* events (ms_store_events_start): set once before any request runs */
	ms_store_event_fn event_fn;
	void *event_ctx;
	ms_store_message_fn message_fn;
	void *message_ctx;
	bool listening;        /* PostgreSQL: the listener thread runs */
	pthread_t listener;
	pthread_mutex_t event_lock;
	bool event_stop;       /* under event_lock */
	_Atomic uint64_t generation; /* ms_store_generation */
	/* group commit (SQLite, sql.h): commits written to the log, those an
	 * fdatasync has covered, and whether one runs now */
	pthread_mutex_t sync_lock;
	pthread_cond_t synced_cond;
	/* reserved: commits begun (one at most ahead of written); both read
	 * and counted without sync_lock, so that a writer holding the write
	 * lock never waits for it (a thread waiting for a commit to be written
	 * counts itself in write_waiters, and only then is it woken) */
	_Atomic uint64_t reserved, written;
	_Atomic unsigned write_waiters;
	uint64_t synced, n_syncs;
	bool syncing;
	unsigned sync_delay_ms; /* tests: each sync takes this much longer */
	struct ms_group group; /* grouped writes (group.c) */
};

/* Wait while a sync of the log is under way (group commit): the writes
 * that arrive meanwhile make one group (group.c). */
void ms_store_sync_idle(struct ms_store *st);

/* A handle outside the pool (the grouped writes' writer, group.c), and
 * its end; closing NULL does nothing. */
int ms_store_handle_open(struct ms_store *st, struct ms_db **out, struct ms_error *e);
void ms_store_handle_close(struct ms_db *db);

/* Stop the grouped writes' writer once its queue is empty (the store's
 * close). */
void ms_store_group_stop(struct ms_store *st);

/* Run and free a transaction's commit hooks (last added first in h), in the
 * order they were added. */
void ms_store_run_hooks(struct on_commit *h, bool committed);

#endif
