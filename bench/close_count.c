/*
 * bench/close_count.c — the count at a poll's close, at ten million approval
 * ballots (issue 18): the close's counting rule (ms_count_threshold, what
 * ms_close_tally calls) over N ballots of 30 candidates, each approving up
 * to 10 of them at random, timed as the best of 3; beside it, in the same
 * run, the step before the count that does not scale the same way: opening
 * a sealed ballot (crypto_box_seal_open, one X25519 each), timed over
 * 20,000 ballots and given per ballot and for N ballots on one core.
 *
 * Usage: bench_close_count [N] (default 10,000,000). Prints figures, never
 * a verdict: these machines are noisy.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "count/count.h"

#define CANDIDATES 30u
#define MAX_APPROVALS 10u
#define SEALED 20000u

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000u;
	if (n == 0 || n > 100000000u || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_close_count [N ≤ 100,000,000]\n");
		return 2;
	}
	struct ms_ballot *ballots = malloc(n * sizeof *ballots);
	uint32_t *pool = malloc(n * MAX_APPROVALS * sizeof *pool);
	if (!ballots || !pool)
		return 1;
	/* Each ballot: a random number of distinct candidates (a partial
	 * Fisher–Yates shuffle of 0..29), as the close gives them. */
	uint64_t s = 0x9E3779B97F4A7C15u;
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c[CANDIDATES];
		for (uint32_t k = 0; k < CANDIDATES; k++)
			c[k] = k;
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		uint32_t m = (uint32_t)(s % (MAX_APPROVALS + 1));
		for (uint32_t k = 0; k < m; k++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			uint32_t j = k + (uint32_t)(s % (CANDIDATES - k));
			uint32_t t = c[k];
			c[k] = c[j], c[j] = t;
			pool[used + k] = c[k];
		}
		ballots[i] = (struct ms_ballot){.choices = pool + used, .n_choices = m, .opposes = pool, .n_opposes = 0};
		used += m;
	}
	struct ms_count_params p;
	ms_count_params_default(&p, CANDIDATES, 8);
	p.max_approvals = MAX_APPROVALS;
	p.frac_num = 1, p.frac_den = 10; /* a tenth of all: the approvals here are spread thin */
	p.deputies_all = p.deputies_present = p.ballots_issued = (uint32_t)n;
	double best = 1e9;
	uint32_t selected = 0, valid = 0;
	for (int r = 0; r < 3; r++) {
		struct ms_count_result res;
		struct ms_error e;
		double t0 = now_s();
		if (ms_count_threshold(&ms_allocator_libc, &p, ballots, n, &res, &e)) {
			fprintf(stderr, "count failed: %s\n", e.message);
			return 1;
		}
		double t = now_s() - t0;
		best = t < best ? t : best;
		selected = res.n_selected, valid = res.valid;
		ms_count_result_fini(&ms_allocator_libc, &res);
	}
	printf("count at close: %zu approval ballots (%zu approvals, %u valid), %u candidates: %.3f s (best of 3), "
	       "%u selected\n",
	       n, used, valid, CANDIDATES, best, selected);

	/* Opening sealed ballots: the plaintext of a 30-candidate ballot. */
	unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
	crypto_box_keypair(pk, sk);
	enum { PLAIN = 64 };
	unsigned char plain[PLAIN] = {0}, *boxes = malloc((size_t)SEALED * (PLAIN + crypto_box_SEALBYTES));
	if (!boxes)
		return 1;
	for (unsigned i = 0; i < SEALED; i++)
		crypto_box_seal(boxes + (size_t)i * (PLAIN + crypto_box_SEALBYTES), plain, PLAIN, pk);
	double t0 = now_s();
	for (unsigned i = 0; i < SEALED; i++)
		if (crypto_box_seal_open(plain, boxes + (size_t)i * (PLAIN + crypto_box_SEALBYTES),
					 PLAIN + crypto_box_SEALBYTES, pk, sk))
			return 1;
	double per = (now_s() - t0) / SEALED;
	printf("opening sealed ballots: %.1f µs each on one core (%u timed): %.0f s for %zu on one core\n", per * 1e6,
	       SEALED, per * (double)n, n);
	free(boxes);
	free(pool);
	free(ballots);
	return 0;
}
