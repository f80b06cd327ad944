/*
 * test_group_commit.c — group commit on SQLite (src/store/store.c): every
 * write commit returns only after a sync of the log that ended after the
 * commit began; commits at once share syncs; everything committed is there;
 * a transaction that saw a commit ends only once that commit is synced;
 * MINSHENG_GROUP_COMMIT=off commits without them. Every write runs on the
 * writers' one connection, whichever pooled handle begins it, and the
 * handle has its own back once it ends.
 *
 * Each sync is made 20 ms slower (ms_store_set_sync_delay), so eight
 * threads committing at once must queue behind a sync under way: the test
 * checks the sharing by counting, not by timing.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "store/sql.h"
#include "store/store_internal.h"

#define THREADS 8
#define EACH 25

struct run {
	struct ms_store *st;
	atomic_int failed;       /* a call that failed */
	atomic_int unsynced;     /* a commit that returned before a sync ended after it began */
};

static char dir[64];

static struct ms_store *open_store(const char *name)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct ms_store *st = NULL;
	struct ms_error e;
	if (ms_store_open(path, THREADS, &st, &e))
		fail_msg("open %s: %s", path, e.message);
	struct ms_db *db;
	assert_int_equal(ms_store_acquire(st, &db, &e), 0);
	assert_int_equal(ms_db_begin(db, true, &e), 0);
	assert_int_equal(ms_sql_exec_script(ms_db_conn(db), "CREATE TABLE gc_t(x integer)", &e), 0);
	assert_int_equal(ms_db_commit(db, &e), 0);
	ms_store_release(st, db);
	return st;
}

static void *writer(void *arg)
{
	struct run *r = arg;
	for (int i = 0; i < EACH; i++) {
		struct ms_db *db;
		struct ms_error e;
		if (ms_store_acquire(r->st, &db, &e)) {
			fprintf(stderr, "# acquire: %s\n", e.message);
			r->failed++;
			continue;
		}
		uint64_t before = ms_store_log_syncs(r->st);
		if (ms_db_begin(db, true, &e) ||
		    ms_sql_exec_script(ms_db_conn(db), "INSERT INTO gc_t(x) VALUES (1)", &e) || ms_db_commit(db, &e)) {
			fprintf(stderr, "# write: %s\n", e.message);
			ms_db_rollback(db);
			r->failed++;
		}
		else if (ms_store_log_syncs(r->st) <= before)
			r->unsynced++;
		ms_store_release(r->st, db);
	}
	return NULL;
}

static int64_t rows(struct ms_store *st)
{
	struct ms_db *db;
	struct ms_error e;
	struct ms_sql_stmt *s;
	assert_int_equal(ms_store_acquire(st, &db, &e), 0);
	assert_int_equal(ms_sql_prepare(ms_db_conn(db), "SELECT count(*) FROM gc_t", &s, &e), 0);
	assert_int_equal(ms_sql_step(s, &e), 1);
	int64_t n = ms_sql_column_i64(s, 0);
	ms_sql_reset(s);
	ms_store_release(st, db);
	return n;
}

static void run_writers(struct run *r)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, writer, r), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
}

static void test_commits_share_syncs(void **state)
{
	(void)state;
	struct run r = {.st = open_store("grouped.db")};
	ms_store_set_sync_delay(r.st, 20);
	uint64_t syncs0 = ms_store_log_syncs(r.st);
	run_writers(&r);
	uint64_t syncs = ms_store_log_syncs(r.st) - syncs0;
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.unsynced, 0); /* each answered after a sync that ended after it began */
	assert_int_equal(rows(r.st), THREADS * EACH);
	printf("# %d commits from %d threads shared %llu syncs of the log\n", THREADS * EACH, THREADS,
	       (unsigned long long)syncs);
	assert_true(syncs >= 1);
	assert_true(syncs <= THREADS * EACH / 2); /* shared: at most half as many syncs as commits */
	ms_store_close(r.st);
	/* reopened, every row is there */
	char path[128];
	snprintf(path, sizeof path, "%s/grouped.db", dir);
	struct ms_store *again;
	struct ms_error e;
	assert_int_equal(ms_store_open(path, 1, &again, &e), 0);
	assert_int_equal(rows(again), THREADS * EACH);
	ms_store_close(again);
}

static void *one_write(void *arg)
{
	struct ms_store *st = arg;
	struct ms_db *db;
	struct ms_error e;
	if (ms_store_acquire(st, &db, &e))
		return (void *)1;
	int rc = ms_db_begin(db, true, &e) ||
		 ms_sql_exec_script(ms_db_conn(db), "INSERT INTO gc_t(x) VALUES (2)", &e) || ms_db_commit(db, &e);
	ms_store_release(st, db);
	return rc ? (void *)1 : NULL;
}

/* A reader that sees a commit while its sync is under way (made 300 ms
 * long) ends its transaction only after the sync: what it answers is on
 * disk. */
static void test_readers_wait_for_the_sync(void **state)
{
	(void)state;
	struct ms_store *st = open_store("readers.db");
	ms_store_set_sync_delay(st, 300);
	uint64_t before = ms_store_log_syncs(st);
	pthread_t w;
	assert_int_equal(pthread_create(&w, NULL, one_write, st), 0);
	bool seen = false;
	for (int i = 0; i < 2000 && !seen; i++) {
		struct ms_db *db;
		struct ms_error e;
		struct ms_sql_stmt *s;
		assert_int_equal(ms_store_acquire(st, &db, &e), 0);
		assert_int_equal(ms_db_begin(db, false, &e), 0);
		assert_int_equal(ms_sql_prepare(ms_db_conn(db), "SELECT count(*) FROM gc_t WHERE x = 2", &s, &e), 0);
		assert_int_equal(ms_sql_step(s, &e), 1);
		seen = ms_sql_column_i64(s, 0) == 1;
		ms_sql_reset(s);
		assert_int_equal(ms_db_commit(db, &e), 0);
		ms_store_release(st, db);
		if (seen)
			assert_true(ms_store_log_syncs(st) > before); /* its commit was synced before this read ended */
		else
			usleep(1000);
	}
	void *rc;
	pthread_join(w, &rc);
	assert_null(rc);
	assert_true(seen);
	ms_store_close(st);
}

static void test_writes_on_one_connection(void **state)
{
	(void)state;
	struct ms_store *st = open_store("one.db");
	struct ms_db *a, *b;
	struct ms_error e;
	assert_int_equal(ms_store_acquire(st, &a, &e), 0);
	assert_int_equal(ms_store_acquire(st, &b, &e), 0);
	struct ms_sql *own_a = ms_db_conn(a), *own_b = ms_db_conn(b);
	assert_ptr_not_equal(own_a, own_b);
	assert_int_equal(ms_db_begin(a, true, &e), 0);
	struct ms_sql *w = ms_db_conn(a);
	assert_ptr_not_equal(w, own_a);
	assert_ptr_not_equal(w, own_b);
	assert_int_equal(ms_sql_exec_script(w, "INSERT INTO gc_t VALUES (1)", &e), 0);
	assert_int_equal(ms_db_commit(a, &e), 0);
	assert_ptr_equal(ms_db_conn(a), own_a);
	assert_int_equal(ms_db_begin(b, true, &e), 0);
	assert_ptr_equal(ms_db_conn(b), w);
	assert_int_equal(ms_sql_exec_script(w, "INSERT INTO gc_t VALUES (2)", &e), 0);
	ms_db_rollback(b);
	assert_ptr_equal(ms_db_conn(b), own_b);
	/* a read stays on the handle's own connection */
	assert_int_equal(ms_db_begin(a, false, &e), 0);
	assert_ptr_equal(ms_db_conn(a), own_a);
	ms_db_rollback(a);
	ms_store_release(st, a);
	ms_store_release(st, b);
	ms_store_close(st);

	/* an in-memory database is each connection's own: writes stay on the
	 * handle's, so what it wrote (the schema too) is what it reads */
	assert_int_equal(ms_store_open(":memory:", 1, &st, &e), 0);
	assert_int_equal(ms_store_acquire(st, &a, &e), 0);
	own_a = ms_db_conn(a);
	assert_int_equal(ms_db_begin(a, true, &e), 0);
	assert_ptr_equal(ms_db_conn(a), own_a);
	assert_int_equal(ms_sql_exec_script(own_a, "CREATE TABLE m_t(x integer); INSERT INTO m_t VALUES (7)", &e), 0);
	assert_int_equal(ms_db_commit(a, &e), 0);
	assert_int_equal(ms_db_begin(a, false, &e), 0);
	assert_int_equal(ms_sql_exec_script(own_a, "SELECT x FROM m_t; SELECT count(*) FROM meta", &e), 0);
	ms_db_rollback(a);
	ms_store_release(st, a);
	ms_store_close(st);
}

static void test_group_commit_off(void **state)
{
	(void)state;
	setenv("MINSHENG_GROUP_COMMIT", "off", 1); /* read as each connection opens */
	struct run r = {.st = open_store("full.db")};
	run_writers(&r);
	assert_int_equal(r.failed, 0);
	assert_int_equal(rows(r.st), THREADS * EACH);
	assert_int_equal(ms_store_log_syncs(r.st), 0); /* each commit synced itself (synchronous=FULL) */
	ms_store_close(r.st);
	unsetenv("MINSHENG_GROUP_COMMIT");
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ms-gc-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commits_share_syncs),
		cmocka_unit_test(test_readers_wait_for_the_sync),
		cmocka_unit_test(test_group_commit_off),
		cmocka_unit_test(test_writes_on_one_connection),
	};
	return cmocka_run_group_tests_name("group_commit", tests, setup, teardown);
}
