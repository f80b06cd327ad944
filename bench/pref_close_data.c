/*
 * pref_close_data.c — a public preference poll's close at millions of
 * residents' ballots (issue 18, "counting at close"): bench/pref_close.py's
 * data and its unit of work.
 *
 *   bench_pref_close_data DB setup P     in a database `minsheng demo` made, a new round of P candidates
 *                                        (2 to 64) in the demo's city and its preference poll, open
 *   bench_pref_close_data DB build N     the newest open preference poll (the demo's: 12 candidates, or
 *                                        setup's) gets N more ballots (in transactions of 100,000)
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
 * a probability of its own (5–60 %, fixed seed): with the demo's 12
 * candidates ballots repeat (at most 4,095 distinct), with 30 nearly all
 * differ — the close reads one row per distinct ballot, so the two bound
 * what a city's poll costs. Prints figures, never a verdict.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "cycle/cycle.h"
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

static const struct ms_stmt POLL =
	MS_STMT("bench.pref_poll", "SELECT id FROM pref_poll WHERE status = 'open' ORDER BY id DESC LIMIT 1");

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

/* A round of p candidates in the demo poll's congress, compiling, and its
 * open preference poll (greedy and Equal Shares, a third of the costs). */
static int setup(struct ms_db *db, long p)
{
	struct ms_error e = {0};
	const struct ms_actor *sys = &ms_actor_system;
	int64_t demo, cycle, pref, cand[64], total = 0;
	struct ms_pref dp;
	struct ms_cycle cy;
	if (p < 2 || p > 64) {
		fputs("bench_pref_close_data: setup takes 2 to 64 candidates\n", stderr);
		return 2;
	}
	if (poll_id(db, &demo, &e) || ms_db_begin(db, true, &e) || ms_pref_load(db, demo, &dp, &e) ||
	    ms_cycle_create(db, sys, dp.congress_id, 2030, "基准测试轮次", "benchmark round", &cycle, &e) ||
	    ms_cycle_get(db, cycle, &cy, NULL, &e))
		return fail(&e);
	for (long i = 0; i < p; i++) {
		char title[64];
		snprintf(title, sizeof title, "基准候选项目%ld", i + 1);
		int64_t cost = 1000000 + (int64_t)(next() % 19000000);
		total += cost;
		struct ms_candidate_in in = {.title = title, .has_cost = true, .cost = cost};
		if (ms_candidate_create(db, sys, &cy, &in, &cand[i], &e))
			return fail(&e);
	}
	char opens[32], closes[32];
	time_t o = time(NULL) - 86400, c = time(NULL) + 60 * 86400;
	struct tm tm;
	strftime(opens, sizeof opens, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&o, &tm));
	strftime(closes, sizeof closes, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&c, &tm));
	struct ms_pref_in in = {.title = "基准测试网络投票", .has_budget = true, .budget = total / 3,
				.opens_at = opens, .closes_at = closes, .greedy = true, .mes = true};
	if (ms_cycle_advance(db, sys, cycle, MS_PHASE_COMPILE, &e) || ms_pref_create(db, sys, cycle, &in, &pref, &e) ||
	    ms_pref_open(db, sys, pref, &e) || ms_db_commit(db, &e))
		return fail(&e);
	printf("poll\t%lld\ncandidates\t%ld\n", (long long)pref, p);
	return 0;
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
		if (ms_pref_sql_ballot_insert(db, id, bid, choices, &e))
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
		fputs("usage: bench_pref_close_data DB setup P | build N | compute ROUNDS | scan ROUNDS | close\n", stderr);
		return 2;
	}
	struct ms_store *st;
	struct ms_error e = {0};
	struct ms_db *db;
	if (ms_store_open(argv[1], 1, &st, &e) || ms_store_acquire(st, &db, &e))
		return fail(&e);
	int rc = 2;
	if (!strcmp(argv[2], "setup") && argc == 4)
		rc = setup(db, strtol(argv[3], NULL, 10));
	else if (!strcmp(argv[2], "build") && argc == 4)
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
