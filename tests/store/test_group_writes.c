/*
 * test_group_writes.c — grouped writes on SQLite (src/store/group.c): the
 * writes that arrive while a group holds the write lock are committed
 * together, each in a savepoint of its own. A write that fails is rolled
 * back alone (its commit hooks told so, its event topics never told) and
 * the others are kept (their topics told once); each sees
 * the writes before it; a group whose transaction is lost loses every write
 * in it, and none of them is answered 0; every write answered 0 is there
 * after a reopen; a group whose writes all failed commits and syncs nothing.
 * lead runs once for each group, on the thread that then
 * runs the group's writes. Without group commit every write is alone.
 * Queued without waiting (ms_store_grouped_later), each write's done is
 * called once, on the writer's thread, after the sync that covers it, and
 * the store's close runs the writes still queued first.
 *
 * Each sync is made 20 ms slower (ms_store_set_sync_delay), so that writes
 * queue behind the group under way: the grouping is checked by counting.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "store/sql.h"
#include "store/store_internal.h"

#define THREADS 8
#define EACH 25

static char dir[64];

struct run {
	struct ms_store *st;
	int mode;                  /* 0: every 5th write fails; 1: one key for all; 2: a write loses its group */
	atomic_int told_true, told_false, hooked, leads, wrong_thread;
	atomic_int topic_told[THREADS][EACH], stars; /* mode 0: each write's event topic, and "*" */
	int rc[THREADS][EACH];
	char code[THREADS][EACH][32];
};

struct write {
	struct run *r;
	int t, i;
	pthread_t leader; /* the thread lead ran on, if it ran for this write */
};

static _Thread_local bool led; /* lead ran on this thread for the group it runs */

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
	assert_int_equal(ms_sql_exec_script(ms_db_conn(db), "CREATE TABLE gw_t(k text UNIQUE)", &e), 0);
	assert_int_equal(ms_db_commit(db, &e), 0);
	ms_store_release(st, db);
	return st;
}

static void told(void *arg, bool committed)
{
	struct run *r = arg;
	if (committed)
		r->told_true++;
	else
		r->told_false++;
}

static void lead(void *arg)
{
	struct write *w = arg;
	w->r->leads++;
	led = true;
}

static int64_t count(struct ms_db *tx, const char *k, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	if (ms_sql_prepare(ms_db_conn(tx), "SELECT count(*) FROM gw_t WHERE k = ?", &s, e))
		return -1;
	ms_sql_bind_text(s, 1, k);
	int64_t n = ms_sql_step(s, e) == 1 ? ms_sql_column_i64(s, 0) : -1;
	ms_sql_reset(s);
	return n;
}

static int write_fn(struct ms_db *tx, void *arg, struct ms_error *e)
{
	struct write *w = arg;
	struct run *r = w->r;
	if (!led)
		r->wrong_thread++;
	char k[32];
	if (r->mode == 1)
		snprintf(k, sizeof k, "one");
	else
		snprintf(k, sizeof k, "%d-%d", w->t, w->i);
	if (r->mode == 1) { /* the earlier writes of the group are seen */
		int64_t n = count(tx, k, e);
		if (n < 0)
			return MS_ERR_IO;
		if (n > 0)
			return ms_error_set(e, MS_ERR_CONFLICT, "exists", NULL, "written already");
	}
	struct ms_sql_stmt *s;
	int rc = ms_sql_prepare(ms_db_conn(tx), "INSERT INTO gw_t(k) VALUES (?)", &s, e);
	if (rc)
		return rc;
	ms_sql_bind_text(s, 1, k);
	rc = ms_sql_step(s, e) < 0 ? MS_ERR_IO : 0;
	ms_sql_reset(s);
	if (!rc && !(rc = ms_db_on_commit(tx, told, r, e)))
		r->hooked++;
	if (!rc && r->mode == 0) { /* told after the commit, a refused write's never */
		char topic[32];
		snprintf(topic, sizeof topic, "gw:%d-%d", w->t, w->i);
		rc = ms_db_notify(tx, topic, true, e);
	}
	if (!rc && r->mode == 0 && w->i % 5 == 4) /* written, then refused: rolled back */
		return ms_error_set(e, MS_ERR_INVALID, "refused", NULL, "refused after writing");
	if (!rc && r->mode == 2 && w->i % 7 == 3 && w->t == 0) /* the whole transaction lost under the group */
		(void)ms_sql_exec_script(ms_db_conn(tx), "ROLLBACK", e);
	return rc;
}

static struct run *events_run; /* the run whose topics are counted */

static void on_event(void *ctx, const char *topic)
{
	(void)ctx;
	struct run *r = events_run;
	int t, i;
	if (!r)
		return;
	if (strcmp(topic, "*") == 0)
		r->stars++;
	else if (sscanf(topic, "gw:%d-%d", &t, &i) == 2 && t >= 0 && t < THREADS && i >= 0 && i < EACH)
		r->topic_told[t][i]++;
}

static void *writer(void *arg)
{
	struct write *w0 = arg;
	struct run *r = w0->r;
	for (int i = 0; i < EACH; i++) {
		struct write w = {r, w0->t, i, 0};
		struct ms_db *db;
		struct ms_error e = {0};
		led = false;
		if (ms_store_acquire(r->st, &db, &e)) {
			r->rc[w.t][i] = -1;
			continue;
		}
		r->rc[w.t][i] = ms_db_grouped(db, write_fn, lead, &w, &e);
		snprintf(r->code[w.t][i], sizeof r->code[w.t][i], "%s", e.code ? e.code : "");
		if (ms_db_in_tx(db))
			r->rc[w.t][i] = -2; /* the caller's handle is left as it was */
		ms_store_release(r->st, db);
	}
	return NULL;
}

static void run_writers(struct run *r)
{
	pthread_t t[THREADS];
	struct write w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct write){r, i, 0, 0};
		assert_int_equal(pthread_create(&t[i], NULL, writer, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
}

static int64_t rows(struct ms_store *st, const char *k)
{
	struct ms_db *db;
	struct ms_error e;
	assert_int_equal(ms_store_acquire(st, &db, &e), 0);
	assert_int_equal(ms_db_begin(db, false, &e), 0);
	struct ms_sql_stmt *s;
	assert_int_equal(ms_sql_prepare(ms_db_conn(db), k ? "SELECT count(*) FROM gw_t WHERE k = ?"
							   : "SELECT count(*) FROM gw_t", &s, &e), 0);
	if (k)
		ms_sql_bind_text(s, 1, k);
	assert_int_equal(ms_sql_step(s, &e), 1);
	int64_t n = ms_sql_column_i64(s, 0);
	ms_sql_reset(s);
	ms_db_rollback(db);
	ms_store_release(st, db);
	return n;
}

static struct ms_store *reopen(struct ms_store *st, const char *name)
{
	ms_store_close(st);
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct ms_error e;
	assert_int_equal(ms_store_open(path, 1, &st, &e), 0);
	return st;
}

/* Every write answered 0 is there, every other one is not. */
static int check_kept(struct run *r, struct ms_store *st)
{
	int ok = 0;
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < EACH; i++) {
			char k[32];
			snprintf(k, sizeof k, "%d-%d", t, i);
			assert_int_equal(rows(st, k), r->rc[t][i] == 0 ? 1 : 0);
			ok += r->rc[t][i] == 0;
		}
	return ok;
}

static void test_grouped_each_alone(void **state)
{
	(void)state;
	static struct run r = {.mode = 0};
	static const char *const prefixes[] = {"gw", NULL};
	struct ms_error e;
	r.st = open_store("each.db");
	ms_store_topics(prefixes);
	events_run = &r;
	assert_int_equal(ms_store_events_start(r.st, on_event, NULL, &e), 0);
	ms_store_set_sync_delay(r.st, 20);
	run_writers(&r);
	ms_store_events_stop(r.st);
	events_run = NULL;
	for (int t = 0; t < THREADS; t++) /* kept: told once (unless "*" stood for it); refused: never */
		for (int i = 0; i < EACH; i++)
			if (i % 5 == 4)
				assert_int_equal(r.topic_told[t][i], 0);
			else if (r.stars == 0)
				assert_int_equal(r.topic_told[t][i], 1);
			else
				assert_true(r.topic_told[t][i] <= 1);
	uint64_t groups, members;
	ms_store_groups(r.st, &groups, &members);
	printf("# %d writes from %d threads in %llu groups\n", THREADS * EACH, THREADS, (unsigned long long)groups);
	assert_int_equal(members, THREADS * EACH);
	assert_true(groups <= members / 2); /* grouped: two writes a group at least, on average */
	assert_int_equal(r.leads, (int)groups);
	assert_int_equal(r.wrong_thread, 0);
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < EACH; i++) {
			bool refused = i % 5 == 4;
			assert_int_equal(r.rc[t][i], refused ? MS_ERR_INVALID : 0);
			assert_string_equal(r.code[t][i], refused ? "refused" : "");
		}
	int refused = THREADS * (EACH / 5);
	assert_int_equal(r.told_true, THREADS * EACH - refused);
	assert_int_equal(r.told_false, refused);
	assert_int_equal(r.hooked, THREADS * EACH);
	struct ms_store *st = reopen(r.st, "each.db");
	assert_int_equal(check_kept(&r, st), THREADS * EACH - refused);
	assert_int_equal(rows(st, NULL), THREADS * EACH - refused);
	ms_store_close(st);
}

static void test_grouped_see_earlier(void **state)
{
	(void)state;
	static struct run r = {.mode = 1};
	r.st = open_store("one.db");
	ms_store_set_sync_delay(r.st, 20);
	run_writers(&r);
	int ok = 0;
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < EACH; i++) {
			ok += r.rc[t][i] == 0;
			if (r.rc[t][i])
				assert_string_equal(r.code[t][i], "exists"); /* found, never the unique key's failure */
		}
	assert_int_equal(ok, 1);
	assert_int_equal(rows(r.st, "one"), 1);
	ms_store_close(r.st);
}

static void test_group_lost(void **state)
{
	(void)state;
	static struct run r = {.mode = 2};
	r.st = open_store("lost.db");
	ms_store_set_sync_delay(r.st, 20);
	run_writers(&r);
	int failed = 0;
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < EACH; i++)
			failed += r.rc[t][i] != 0;
	for (int i = 3; i < EACH; i += 7) /* the writes that lost their transaction are not answered 0 */
		assert_int_not_equal(r.rc[0][i], 0);
	printf("# %d of %d writes lost with their group\n", failed, THREADS * EACH);
	assert_true(failed >= 3);
	assert_int_equal(r.told_true, THREADS * EACH - failed);
	assert_int_equal(r.told_true + r.told_false, r.hooked); /* a lost group's hooks told "not committed", once */
	struct ms_store *st = reopen(r.st, "lost.db");
	assert_int_equal(check_kept(&r, st), THREADS * EACH - failed);
	ms_store_close(st);
}

/* A group whose writes all failed is rolled back: no commit (its hooks told
 * "not committed"), no sync, the generation unmoved. */
static void test_group_all_refused(void **state)
{
	(void)state;
	static struct run r = {.mode = 0};
	r.st = open_store("refused.db");
	struct ms_db *db;
	struct ms_error e;
	struct write w = {&r, 0, 0, 0};
	assert_int_equal(ms_store_acquire(r.st, &db, &e), 0);
	assert_int_equal(ms_db_grouped(db, write_fn, lead, &w, &e), 0);
	uint64_t syncs = ms_store_log_syncs(r.st), gen = ms_store_generation(r.st), groups, members;
	assert_true(syncs > 0);
	for (int i = 4; i < 15; i += 5) { /* each written, then refused, alone in its group */
		w.i = i;
		assert_int_equal(ms_db_grouped(db, write_fn, lead, &w, &e), MS_ERR_INVALID);
	}
	ms_store_release(r.st, db);
	assert_int_equal(ms_store_log_syncs(r.st), syncs);
	assert_int_equal(ms_store_generation(r.st), gen);
	ms_store_groups(r.st, &groups, &members);
	assert_int_equal(groups, 4);
	assert_int_equal(r.told_true, 1);
	assert_int_equal(r.told_false, 3);
	assert_int_equal(rows(r.st, "0-0"), 1);
	assert_int_equal(rows(r.st, "0-4"), 0);
	ms_store_close(r.st);
}

/* ---- queued without waiting (ms_store_grouped_later) ---- */

#define LATER 40

static pthread_mutex_t later_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t later_cond = PTHREAD_COND_INITIALIZER;

struct later_run {
	struct run r;
	struct write w[LATER];
	struct ms_error e[LATER];
	int rc[LATER], calls[LATER];
	uint64_t syncs_at_done[LATER]; /* the store's syncs when done was called */
	int done_count, off_writer;    /* done calls, and those on a thread where lead never ran */
};

static struct later_run lr;

static void later_done(void *arg, int rc)
{
	struct write *w = arg;
	pthread_mutex_lock(&later_lock);
	lr.rc[w->i] = rc;
	lr.calls[w->i]++;
	lr.syncs_at_done[w->i] = ms_store_log_syncs(lr.r.st);
	lr.off_writer += !led;
	lr.done_count++;
	pthread_cond_broadcast(&later_cond);
	pthread_mutex_unlock(&later_lock);
}

static void queue_later(int from, int to)
{
	for (int i = from; i < to; i++) {
		lr.w[i] = (struct write){&lr.r, 0, i, 0};
		assert_int_equal(ms_store_grouped_later(lr.r.st, write_fn, lead, later_done, &lr.w[i], &lr.e[i]), 0);
	}
}

/* Forty writes queued from this thread at once: none is told before a
 * sync after it was queued, each is told once, on the writer's thread,
 * with its own result; they make a few groups, not forty. Ten more queued
 * and the store closed at once: each is written and told before the close
 * returns, and is there after a reopen. */
static void test_grouped_later(void **state)
{
	(void)state;
	memset(&lr, 0, sizeof lr);
	lr.r.mode = 0;
	lr.r.st = open_store("later.db");
	ms_store_set_sync_delay(lr.r.st, 20);
	led = false;
	uint64_t syncs = ms_store_log_syncs(lr.r.st);
	queue_later(0, LATER - 10);
	pthread_mutex_lock(&later_lock);
	while (lr.done_count < LATER - 10)
		pthread_cond_wait(&later_cond, &later_lock);
	pthread_mutex_unlock(&later_lock);
	uint64_t groups, members;
	ms_store_groups(lr.r.st, &groups, &members);
	printf("# %d writes queued at once, in %llu group(s)\n", LATER - 10, (unsigned long long)groups);
	assert_int_equal(members, LATER - 10);
	assert_true(groups <= 4);
	assert_int_equal(lr.r.leads, (int)groups);
	queue_later(LATER - 10, LATER);
	ms_store_close(lr.r.st); /* the writes still queued, written first */
	assert_int_equal(lr.done_count, LATER);
	assert_int_equal(lr.off_writer, 0);
	assert_int_equal(lr.r.wrong_thread, 0);
	for (int i = 0; i < LATER; i++) {
		assert_int_equal(lr.calls[i], 1);
		bool refused = i % 5 == 4;
		assert_int_equal(lr.rc[i], refused ? MS_ERR_INVALID : 0);
		if (refused)
			assert_string_equal(lr.e[i].code, "refused");
		else
			assert_true(lr.syncs_at_done[i] > syncs);
	}
	char path[128];
	snprintf(path, sizeof path, "%s/later.db", dir);
	struct ms_store *st;
	struct ms_error e;
	assert_int_equal(ms_store_open(path, 1, &st, &e), 0);
	for (int i = 0; i < LATER; i++) {
		char k[32];
		snprintf(k, sizeof k, "0-%d", i);
		assert_int_equal(rows(st, k), i % 5 == 4 ? 0 : 1);
	}
	ms_store_close(st);
}

static void test_grouped_off(void **state)
{
	(void)state;
	setenv("MINSHENG_GROUP_COMMIT", "off", 1); /* read as each connection opens */
	static struct run r = {.mode = 0};
	r.st = open_store("off.db");
	run_writers(&r);
	uint64_t groups, members;
	ms_store_groups(r.st, &groups, &members);
	assert_int_equal(groups, 0);
	assert_int_equal(r.leads, THREADS * EACH); /* each write leads itself */
	assert_int_equal(r.wrong_thread, 0);
	int refused = THREADS * (EACH / 5);
	assert_int_equal(check_kept(&r, r.st), THREADS * EACH - refused);
	ms_store_close(r.st);
	unsetenv("MINSHENG_GROUP_COMMIT");
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ms-gw-XXXXXX");
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
		cmocka_unit_test(test_grouped_each_alone),
		cmocka_unit_test(test_grouped_see_earlier),
		cmocka_unit_test(test_group_lost),
		cmocka_unit_test(test_group_all_refused),
		cmocka_unit_test(test_grouped_later),
		cmocka_unit_test(test_grouped_off),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
