/*
 * group.c — grouped writes: small writes that arrive together (deputies'
 * ballots) are committed in one durable transaction, each in a savepoint
 * of its own (SQLite with group commit; store.h, ms_db_grouped and
 * ms_store_grouped_later).
 *
 * A request queues its write, and one thread of the store's, the writer,
 * runs the queue: it takes the write lock (ms_db_begin), after the sync
 * under way if any; only then it takes every write queued by that moment —
 * those that arrived while the group before was written and synced. It
 * runs each write in a savepoint: a write that fails is rolled back to its
 * savepoint (its commit hooks told "not committed", its event topics
 * forgotten) and the others go on; each sees the writes before it, as if
 * they had come one after another. Then one COMMIT, which frees the write
 * lock, and the sync of the log (store.c, group commit); only then is each
 * write's caller told, by its done function on the writer's thread (a
 * caller of ms_db_grouped waits for it). If the transaction itself fails
 * (a savepoint that cannot be released or rolled back, the COMMIT),
 * nothing of the group is kept and every write of it that had succeeded
 * gets that error. A group whose writes all failed (refused ballots) is
 * rolled back: no COMMIT, no sync.
 *
 * What a group saves is a transaction's fixed cost and, above all, its
 * pages: the pages that consecutive ballots change together (the ends of
 * the audit chain, the participation index, the poll's counters) are
 * written to the log once a group instead of once a ballot, and one sync
 * covers them. What one thread saves is the waking: a request's thread
 * queues its write and goes on (its connection suspended, http.c), and
 * the writer tells the whole group at once, where each ballot used to
 * wake a thread to wait on and then the one that led its group.
 *
 * The writer runs every write on a handle of its own, outside the pool
 * (whose writes run on the writers' connection, store.c): fn must use the
 * db it is given. What the group's
 * writes share is made by the first write's lead before the writer waits
 * for the write lock (a ballot's ephemeral key, vote/seal_box.c), on the
 * writer's thread, where fn and done run too. The writer starts with the
 * first grouped write and stops when the store closes, once its queue is
 * empty.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* At most this many writes share a transaction; the rest of the queue
 * makes the next group. (The queue holds one write per suspended request,
 * so at most one per open connection: a hall voting at once can pass it.) */
#define GROUP_MAX 256

struct ms_group_node {
	ms_db_grouped_fn fn;
	void (*lead)(void *arg);
	void *arg;
	struct ms_error *e;
	int rc;
	/* How the write's caller is told: done(arg, rc), after which the
	 * node is freed (ms_store_grouped_later); NULL: told is posted (a
	 * caller of ms_db_grouped, waiting, owns the node). */
	ms_db_grouped_done_fn done;
	sem_t told;
	struct ms_group_node *next;
};

/* Tell n's caller that its write is done (n is gone after). */
static void tell(struct ms_group_node *n)
{
	if (!n->done) {
		sem_post(&n->told);
		return;
	}
	n->done(n->arg, n->rc);
	free(n);
}

/* A savepoint's mark: what to forget when it is rolled back. */
struct mark {
	struct on_commit *hooks;
	unsigned n_topics;
	bool all_topics;
};

static int savepoint(struct ms_db *db, struct mark *m, struct ms_error *e)
{
	*m = (struct mark){db->hooks, db->n_topics, db->all_topics};
	return ms_sql_exec_script(db->conn, "SAVEPOINT ms_grouped", e);
}

/* End the savepoint: keep its writes, or roll them back (its commit hooks
 * are told at once that they were not committed; its topics are dropped). */
static int savepoint_end(struct ms_db *db, const struct mark *m, bool keep, struct ms_error *e)
{
	if (keep)
		return ms_sql_exec_script(db->conn, "RELEASE ms_grouped", e);
	int rc = ms_sql_exec_script(db->conn, "ROLLBACK TO ms_grouped; RELEASE ms_grouped", e);
	struct on_commit *h = db->hooks, **end = &h;
	while (*end && *end != m->hooks)
		end = &(*end)->next;
	*end = NULL; /* h: the hooks added since the mark */
	db->hooks = m->hooks;
	db->n_topics = m->n_topics;
	db->all_topics = m->all_topics;
	ms_store_run_hooks(h, false);
	return rc;
}

/* One write in a transaction of its own (no grouping here). */
static int alone(struct ms_db *db, ms_db_grouped_fn fn, void *arg, struct ms_error *e)
{
	int rc = ms_db_begin(db, true, e);
	if (!rc)
		rc = fn(db, arg, e);
	if (!rc)
		return ms_db_commit(db, e);
	ms_db_rollback(db);
	return rc;
}

/* Run the group from first, in the writer's open transaction; 0 when the
 * transaction may commit, else its error in *te (the writes are lost). */
static int run_group(struct ms_db *db, struct ms_group_node *first, struct ms_error *te)
{
	for (struct ms_group_node *n = first; n; n = n->next) {
		struct mark m;
		int rc = savepoint(db, &m, te);
		if (rc)
			return rc;
		n->rc = n->fn(db, n->arg, n->e);
		if ((rc = savepoint_end(db, &m, n->rc == 0, te)))
			return rc;
	}
	return 0;
}

/* Write one group: the first queued write's lead, the write lock, every
 * write queued by then, one commit and its sync; then each is told. */
static void write_group(struct ms_store *st, struct ms_db **dbp)
{
	struct ms_group *g = &st->group;
	pthread_mutex_lock(&g->lock);
	struct ms_group_node *first = g->head; /* only this thread takes from the queue */
	pthread_mutex_unlock(&g->lock);
	if (first->lead)
		first->lead(first->arg);
	/* Once no sync is under way and the write lock is ours: the writes
	 * that arrive meanwhile join this group instead of the next. */
	ms_store_sync_idle(st);
	struct ms_error te;
	/* A handle of the writer's own, outside the pool (a caller of
	 * ms_db_grouped holds one of the pool's while it waits); opened again
	 * after it could not be. */
	int trc = *dbp ? 0 : ms_store_handle_open(st, dbp, &te);
	struct ms_db *db = *dbp;
	if (!trc)
		trc = ms_db_begin(db, true, &te);
	pthread_mutex_lock(&g->lock);
	struct ms_group_node *last = first;
	for (unsigned k = 1; !trc && last->next && k < GROUP_MAX; k++)
		last = last->next;
	g->head = last->next;
	if (!g->head)
		g->tail = NULL;
	last->next = NULL;
	pthread_mutex_unlock(&g->lock);
	if (trc) { /* no transaction: this write alone fails; the next group tries again */
		*first->e = te;
		first->rc = trc;
		tell(first);
		return;
	}

	unsigned members = 0;
	for (struct ms_group_node *n = first; n; n = n->next)
		members++;
	trc = run_group(db, first, &te);
	bool kept = false; /* a write of the group succeeded: else nothing to commit or sync */
	for (struct ms_group_node *n = first; !trc && n; n = n->next)
		kept = kept || n->rc == 0;
	if (trc || !kept)
		ms_db_rollback(db);
	else
		trc = ms_db_commit(db, &te); /* frees the write lock, then waits for the sync */
	if (!trc) { /* a group run (committed, or all its writes refused) */
		pthread_mutex_lock(&g->lock);
		g->groups++;
		g->members += members;
		pthread_mutex_unlock(&g->lock);
	}
	struct ms_group_node *next;
	for (struct ms_group_node *n = first; n; n = next) {
		next = n->next; /* read before done: the node may be gone after it */
		if (trc && !n->rc) { /* it succeeded, but nothing of the group was kept */
			n->rc = trc;
			*n->e = te;
		}
		tell(n);
	}
}

static void *writer_main(void *arg)
{
	struct ms_store *st = arg;
	struct ms_group *g = &st->group;
	struct ms_db *db = NULL;
	for (;;) {
		pthread_mutex_lock(&g->lock);
		while (!g->head && !g->stopping)
			pthread_cond_wait(&g->more, &g->lock);
		bool idle = !g->head;
		pthread_mutex_unlock(&g->lock);
		if (idle) /* stopping, and nothing queued */
			break;
		write_group(st, &db);
	}
	ms_store_handle_close(db);
	return NULL;
}

/* Queue n for the writer (started with the first write); 0, or the error
 * that the writer cannot start. */
static int enqueue(struct ms_store *st, struct ms_group_node *n, struct ms_error *e)
{
	struct ms_group *g = &st->group;
	pthread_mutex_lock(&g->lock);
	if (!g->started && !g->stopping) {
		if (pthread_create(&g->writer, NULL, writer_main, st) != 0) {
			pthread_mutex_unlock(&g->lock);
			return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot start the writer thread");
		}
		g->started = true;
	}
	if (g->stopping) {
		pthread_mutex_unlock(&g->lock);
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the store is closing");
	}
	bool wake = !g->head; /* else the writer finds it when it takes the group */
	n->next = NULL;
	if (g->tail)
		g->tail->next = n;
	else
		g->head = n;
	g->tail = n;
	pthread_mutex_unlock(&g->lock);
	/* After the unlock: a thread woken while the lock is held would wake
	 * only to wait for it (the condition lives as long as the store). */
	if (wake)
		pthread_cond_signal(&g->more);
	return 0;
}

void ms_store_group_stop(struct ms_store *st)
{
	struct ms_group *g = &st->group;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	bool started = g->started;
	pthread_mutex_unlock(&g->lock);
	pthread_cond_broadcast(&g->more);
	if (started)
		pthread_join(g->writer, NULL);
}

/* Where writes are grouped: SQLite with group commit, on a file. */
static bool grouping(struct ms_db *db)
{
	return ms_sql_log_grouped(db->conn) && ms_sql_shared(db->conn);
}

int ms_db_grouped(struct ms_db *db, ms_db_grouped_fn fn, void (*lead)(void *arg), void *arg, struct ms_error *e)
{
	if (db->in_tx)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "transaction already open");
	/* PostgreSQL groups concurrent commits' flushes itself; without group
	 * commit, or on a connection of its own (in memory), one at a time */
	if (!grouping(db)) {
		if (lead)
			lead(arg);
		return alone(db, fn, arg, e);
	}
	struct ms_group_node me = {.fn = fn, .lead = lead, .arg = arg, .e = e};
	sem_init(&me.told, 0, 0);
	int rc = enqueue(db->st, &me, e);
	while (!rc && sem_wait(&me.told) != 0)
		; /* EINTR */
	sem_destroy(&me.told);
	return rc ? rc : me.rc;
}

int ms_store_grouped_later(struct ms_store *st, ms_db_grouped_fn fn, void (*lead)(void *arg),
			   ms_db_grouped_done_fn done, void *arg, struct ms_error *e)
{
	struct ms_group_node *n = calloc(1, sizeof *n);
	if (!n)
		return ms_nomem(e);
	*n = (struct ms_group_node){.fn = fn, .lead = lead, .done = done, .arg = arg, .e = e};
	int rc = enqueue(st, n, e);
	if (rc)
		free(n);
	return rc;
}

bool ms_store_groups_writes(struct ms_store *st)
{
	struct ms_db *db;
	struct ms_error e;
	if (ms_store_acquire(st, &db, &e))
		return false;
	bool yes = grouping(db);
	ms_store_release(st, db);
	return yes;
}

void ms_store_groups(struct ms_store *st, uint64_t *groups, uint64_t *members)
{
	pthread_mutex_lock(&st->group.lock);
	*groups = st->group.groups;
	*members = st->group.members;
	pthread_mutex_unlock(&st->group.lock);
}
