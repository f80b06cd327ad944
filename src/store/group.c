/*
 * group.c — grouped writes: small writes that arrive together (deputies'
 * ballots) are committed in one durable transaction, each in a savepoint
 * of its own (SQLite with group commit; store.h, ms_db_grouped).
 *
 * A request queues its write. The first in the queue leads: it waits for
 * the sync under way, if any, and takes the write lock (ms_db_begin); only
 * then it takes every write queued by that moment — those that arrived
 * while the group before held the write lock — and hands the head of the
 * queue to the next, who waits in turn (for the lock, which the group
 * before frees at its COMMIT, while its sync may still run).
 * It runs each write in a savepoint: a write that fails is rolled back to
 * its savepoint (its commit hooks told "not committed", its event topics
 * forgotten) and the others go on; each sees the writes before it, as if
 * they had come one after another. Then one COMMIT, which frees the write
 * lock, and the sync of the log (store.c, group commit) that every member
 * waits for: each is answered only once the group is on disk. If the
 * transaction itself fails (a savepoint that cannot be released or rolled
 * back, the COMMIT), nothing of the group is kept and every write of it
 * that had succeeded gets that error. A group whose writes all failed
 * (refused ballots) is rolled back: no COMMIT, no sync.
 *
 * What a group saves is a transaction's fixed cost and, above all, its
 * pages: the pages that consecutive ballots change together (the ends of
 * the audit chain, the participation index, the poll's counters) are
 * written to the log once a group instead of once a ballot, and one sync
 * covers them.
 *
 * A write is run by the leader's thread on the leader's handle (the
 * writers' connection); fn must use the db it is given. What the group's
 * writes share and the leader makes before it waits for the write lock (a
 * ballot's ephemeral key, vote/seal_box.c) is made by lead, on the leading
 * thread only.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* At most this many writes share a transaction (the queue holds one per
 * waiting worker, so this only bounds a pathological one). */
#define GROUP_MAX 256

struct ms_group_node {
	ms_db_grouped_fn fn;
	void (*lead)(void *arg);
	void *arg;
	struct ms_error *e;
	int rc;
	bool done;
	/* Posted once: when the node is done (run in a group another thread
	 * led, and on disk) or when it is at the head of the queue. The thread
	 * that posts owns the node until then (no lock is held, so the woken
	 * thread never wakes only to wait for one). */
	sem_t turn;
	struct ms_group_node *next;
};

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

/* Run the group from first, in the leader's open transaction; 0 when the
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

int ms_db_grouped(struct ms_db *db, ms_db_grouped_fn fn, void (*lead)(void *arg), void *arg, struct ms_error *e)
{
	if (db->in_tx)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "transaction already open");
	/* PostgreSQL groups concurrent commits' flushes itself; without group
	 * commit, or on a connection of its own (in memory), one at a time */
	if (!ms_sql_log_grouped(db->conn) || !ms_sql_shared(db->conn)) {
		if (lead)
			lead(arg);
		return alone(db, fn, arg, e);
	}
	struct ms_group *g = &db->st->group;
	struct ms_group_node me = {.fn = fn, .arg = arg, .e = e};
	sem_init(&me.turn, 0, 0);
	pthread_mutex_lock(&g->lock);
	if (g->tail)
		g->tail->next = &me;
	else
		g->head = &me;
	g->tail = &me;
	bool head = g->head == &me;
	pthread_mutex_unlock(&g->lock);
	while (!head && sem_wait(&me.turn) != 0)
		; /* EINTR */
	if (me.done) { /* run in the group another thread led, and on disk */
		sem_destroy(&me.turn);
		return me.rc;
	}

	/* At the head: lead the next group, once no sync is under way and the
	 * write lock is ours — the writes that arrive meanwhile join this
	 * group instead of committing one by one to wait for the next sync
	 * all the same. (The head is named when the group before takes its
	 * writes, before that group commits: so it waits for a sync begun
	 * before then, if any, then for that group's write lock.) */
	if (lead)
		lead(arg);
	ms_store_sync_idle(db->st);
	struct ms_error te;
	int trc = ms_db_begin(db, true, &te);
	pthread_mutex_lock(&g->lock);
	struct ms_group_node *last = &me;
	for (unsigned k = 1; !trc && last->next && k < GROUP_MAX; k++)
		last = last->next;
	g->head = last->next;
	if (!g->head)
		g->tail = NULL;
	last->next = NULL;
	struct ms_group_node *next_head = g->head;
	pthread_mutex_unlock(&g->lock);
	if (next_head) /* it waits until posted: nothing else touches it */
		sem_post(&next_head->turn);
	if (trc) { /* no transaction: this write alone fails; the next leader tries again */
		*e = te;
		sem_destroy(&me.turn);
		return trc;
	}

	unsigned members = 0;
	for (struct ms_group_node *n = &me; n; n = n->next)
		members++;
	trc = run_group(db, &me, &te);
	bool kept = false; /* a write of the group succeeded: else nothing to commit or sync */
	for (struct ms_group_node *n = &me; !trc && n; n = n->next)
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
	/* The group's nodes left the queue: this thread alone holds them. */
	struct ms_group_node *next;
	for (struct ms_group_node *n = &me; n; n = next) {
		next = n->next; /* read before the post: the node is gone after it */
		if (trc && !n->rc) { /* it succeeded, but nothing of the group was kept */
			n->rc = trc;
			*n->e = te;
		}
		if (n != &me) {
			n->done = true;
			sem_post(&n->turn);
		}
	}
	sem_destroy(&me.turn);
	return me.rc;
}

bool ms_store_groups_writes(struct ms_store *st)
{
	struct ms_db *db;
	struct ms_error e;
	if (ms_store_acquire(st, &db, &e))
		return false;
	bool yes = ms_sql_log_grouped(db->conn) && ms_sql_shared(db->conn);
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
