/*
 * pref_close_data.c — a public preference poll's close at millions of
 * residents' ballots (issue 18, "counting at close"): bench/pref_close.py's
 * data and its unit of work.
 *
 *   bench_pref_close_data DB build N     in a database `minsheng demo` made, the demo's open preference poll
 *                                        gets N more ballots (in transactions of 100,000)
 *   bench_pref_close_data DB compute R   the close's computation (ms_pref_result_compute: the ballots read,
 *                                        the election built, greedy and Equal Shares counted, their measures
 *                                        when within bounds) R times: seconds each
 *   bench_pref_close_data DB scan R      the reference: every ballot row read (ms_pref_sql_ballots, as the
 *                                        .pb export reads them, and as the close did before pref_tally) R
 *                                        times, nothing counted: seconds each
 *   bench_pref_close_data DB close       the close itself (ms_pref_close, one transaction): seconds
 *
 * The ballots are written with the writer ms_pref_vote uses
 * (ms_pref_sql_ballot_insert: the row, a random id and the sorted choices,
 * and its count in pref_tally) and no code:
 * ten million codes issued and spent one by one would take the bench hours
 * and are not what the close reads. Each resident approves each project with
 * a probability of its own (5–60 %, fixed seed), so ballots repeat as a
 * city's do. Prints figures, never a verdict.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "liaison/preference.h"
#include "liaison/preference_internal.h"
#include "store/query.h"

static double since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int fail(const struct ms_error *e)
{
	fprintf(stderr, "bench_pref_close_data: %s\n", e->message);
	return 1;
}

static const struct ms_stmt POLL = MS_STMT("bench.pref_poll", "SELECT id FROM pref_poll WHERE status = 'open' ORDER BY id LIMIT 1");

static int poll_id(struct ms_db *db, int64_t *id, struct ms_error *e)
{
	*id = 0;
	int rc = ms_db_begin(db, false, e);
	if (!rc)
		rc = ms_q_i64(db, &POLL, MS_NOARGS, id, e);
	ms_db_rollback(db);
	if (!rc && !*id)
		return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "no open preference poll: run `minsheng demo` first");
	return rc;
}

static int build(struct ms_db *db, long n)
{
	struct ms_error e = {0};
	int64_t id;
	json_t *poll = NULL;
	if (poll_id(db, &id, &e) || ms_db_begin(db, false, &e) || ms_pref_get(db, id, &poll, &e))
		return fail(&e);
	ms_db_rollback(db);
	json_t *projects = json_object_get(poll, "projects");
	size_t np = json_array_size(projects);
	if (np == 0 || np > 64) {
		fputs("bench_pref_close_data: the poll needs 1 to 64 projects\n", stderr);
		return 1;
	}
	int64_t pid[64];
	unsigned prob[64];
	for (size_t i = 0; i < np; i++) {
		pid[i] = json_integer_value(json_object_get(json_array_get(projects, i), "id"));
		prob[i] = 5 + (unsigned)(next() % 56);
	}
	json_decref(poll);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char choices[64 * 21], bid[33];
	for (long b = 0; b < n; b++) {
		if (b % 100000 == 0 && ((b && ms_db_commit(db, &e)) || ms_db_begin(db, true, &e)))
			return fail(&e);
		size_t len = 0;
		for (size_t i = 0; i < np; i++)
			if (next() % 100 < prob[i])
				len += (size_t)snprintf(choices + len, sizeof choices - len, "%s%lld", len ? "," : "",
							(long long)pid[i]);
		if (!len)
			len = (size_t)snprintf(choices, sizeof choices, "%lld", (long long)pid[next() % np]);
		unsigned char raw[16];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(bid, sizeof bid, raw, sizeof raw);
		if (ms_pref_sql_ballot_insert(db, id, bid, choices, (int)randombytes_uniform(8), &e))
			return fail(&e);
	}
	if (ms_db_commit(db, &e))
		return fail(&e);
	printf("ballots\t%ld\nseconds\t%.2f\n", n, since(&t0));
	return 0;
}

static int compute(struct ms_db *db, int rounds)
{
	struct ms_error e = {0};
	int64_t id;
	struct ms_pref p;
	if (poll_id(db, &id, &e) || ms_db_begin(db, false, &e) || ms_pref_load(db, id, &p, &e))
		return fail(&e);
	for (int r = 0; r < rounds; r++) {
		json_t *out = NULL;
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (ms_pref_result_compute(db, &p, true, &out, &e))
			return fail(&e);
		double s = since(&t0);
		printf("compute\t%.3f\tballots %lld\n", s, (long long)json_integer_value(json_object_get(out, "ballots")));
		json_decref(out);
	}
	ms_db_rollback(db);
	return 0;
}

static int count_row(void *ctx, const char *choices, struct ms_error *e)
{
	(void)choices, (void)e;
	++*(long *)ctx;
	return 0;
}

static int scan(struct ms_db *db, int rounds)
{
	struct ms_error e = {0};
	int64_t id;
	if (poll_id(db, &id, &e) || ms_db_begin(db, false, &e))
		return fail(&e);
	for (int r = 0; r < rounds; r++) {
		long n = 0;
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (ms_pref_sql_ballots(db, id, count_row, &n, &e))
			return fail(&e);
		printf("scan\t%.3f\tballots %ld\n", since(&t0), n);
	}
	ms_db_rollback(db);
	return 0;
}

static int close_poll(struct ms_db *db)
{
	struct ms_error e = {0};
	int64_t id;
	if (poll_id(db, &id, &e))
		return fail(&e);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ms_db_begin(db, true, &e) || ms_pref_close(db, &ms_actor_system, id, &e) || ms_db_commit(db, &e))
		return fail(&e);
	printf("close\t%.3f\n", since(&t0));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3 || sodium_init() < 0) {
		fputs("usage: bench_pref_close_data DB build N | compute ROUNDS | scan ROUNDS | close\n", stderr);
		return 2;
	}
	struct ms_store *st;
	struct ms_error e = {0};
	struct ms_db *db;
	if (ms_store_open(argv[1], 1, &st, &e) || ms_store_acquire(st, &db, &e))
		return fail(&e);
	int rc = 2;
	if (!strcmp(argv[2], "build") && argc == 4)
		rc = build(db, strtol(argv[3], NULL, 10));
	else if (!strcmp(argv[2], "compute") && argc == 4)
		rc = compute(db, (int)strtol(argv[3], NULL, 10));
	else if (!strcmp(argv[2], "scan") && argc == 4)
		rc = scan(db, (int)strtol(argv[3], NULL, 10));
	else if (!strcmp(argv[2], "close"))
		rc = close_poll(db);
	ms_store_release(st, db);
	ms_store_close(st);
	return rc;
}
