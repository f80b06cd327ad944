/*
 * test_count.c — unit tests of the pure counting library (src/count).
 *
 * One cmocka group; run with CMOCKA_MESSAGE_OUTPUT=TAP. Covers threshold and
 * quorum arithmetic, ballot classes, the three bases, selection with and
 * without a budget, ties at the cut, invalid votes, ranks, the rule texts,
 * parameter checks and an allocator that fails each allocation in turn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/count.h"
#include "support.h"

/* A ballot from a list of indices: B(0, 3, 5). */
#define B(...) { .choices = (const uint32_t[]){ __VA_ARGS__ }, \
		 .n_choices = (uint32_t)(sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t)) }
#define BLANK { .choices = NULL, .n_choices = 0 }
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

/* Params for n candidates, slots places, `all` deputies all present and
 * given ballots. */
static struct ms_count_params params(uint32_t n, uint32_t slots, uint32_t all)
{
	struct ms_count_params p;
	ms_count_params_default(&p, n, slots);
	p.deputies_all = all;
	p.deputies_present = all;
	p.ballots_issued = all;
	return p;
}

/* Count a tally on n_ballots ballots: candidate c is approved on
 * approvals[c] of them, spread round-robin so that no ballot names a
 * candidate twice and loads differ by at most one; ballots left with no
 * choice are blank. Asserts that every ballot stays within max_approvals and
 * that the count succeeds. */
static void count_tally(const struct ms_count_params *p, const uint32_t *approvals,
			uint32_t n_ballots, struct ms_count_result *r)
{
	struct ms_ballot *b = calloc(n_ballots ? n_ballots : 1, sizeof *b);
	uint32_t *choice = calloc((size_t)(n_ballots ? n_ballots : 1) * p->n_candidates,
				  sizeof *choice);
	assert_non_null(b);
	assert_non_null(choice);
	uint32_t next = 0;
	for (uint32_t c = 0; c < p->n_candidates; c++) {
		assert_true(approvals[c] <= n_ballots);
		for (uint32_t v = 0; v < approvals[c]; v++) {
			struct ms_ballot *x = &b[next];
			choice[(size_t)next * p->n_candidates + x->n_choices++] = c;
			next = (next + 1) % n_ballots;
		}
	}
	for (uint32_t i = 0; i < n_ballots; i++) {
		assert_true(b[i].n_choices <= p->max_approvals);
		b[i].choices = &choice[(size_t)i * p->n_candidates];
	}
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_count_threshold(&ms_allocator_libc, p, b, n_ballots, r, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(r->valid + r->blank, n_ballots);
	for (uint32_t c = 0; c < p->n_candidates; c++)
		assert_int_equal(r->candidates[c].approvals, approvals[c]);
	free(b);
	free(choice);
}

static enum ms_cand_status st(const struct ms_count_result *r, uint32_t c)
{
	return r->candidates[c].status;
}

/* ---- threshold arithmetic ----------------------------------------------- */

static void test_threshold_half_strict(void **state)
{
	(void)state;
	assert_int_equal(ms_count_threshold_votes(60, 1, 2, true), 31); /* 30 is exactly half */
	assert_int_equal(ms_count_threshold_votes(61, 1, 2, true), 31); /* 30.5 */
	assert_int_equal(ms_count_threshold_votes(174, 1, 2, true), 88);
	assert_int_equal(ms_count_threshold_votes(1, 1, 2, true), 1);
	assert_int_equal(ms_count_threshold_votes(2, 1, 2, true), 2);
}

static void test_threshold_half_nonstrict(void **state)
{
	(void)state;
	assert_int_equal(ms_count_threshold_votes(60, 1, 2, false), 30);
	assert_int_equal(ms_count_threshold_votes(61, 1, 2, false), 31);
	assert_int_equal(ms_count_threshold_votes(1, 1, 2, false), 1);
}

static void test_threshold_two_thirds(void **state)
{
	(void)state;
	assert_int_equal(ms_count_threshold_votes(60, 2, 3, true), 41);  /* 40 is exactly 2/3 */
	assert_int_equal(ms_count_threshold_votes(60, 2, 3, false), 40);
	assert_int_equal(ms_count_threshold_votes(61, 2, 3, true), 41);  /* 40.67 */
	assert_int_equal(ms_count_threshold_votes(61, 2, 3, false), 41);
	assert_int_equal(ms_count_threshold_votes(3, 2, 3, true), 3);
	assert_int_equal(ms_count_threshold_votes(3, 2, 3, false), 2);
	/* unreduced fraction gives the same answer */
	assert_int_equal(ms_count_threshold_votes(60, 4, 6, true), 41);
}

static void test_threshold_base_zero_and_edges(void **state)
{
	(void)state;
	assert_int_equal(ms_count_threshold_votes(0, 1, 2, true), 1);  /* more than 0 */
	assert_int_equal(ms_count_threshold_votes(0, 1, 2, false), 0);
	assert_int_equal(ms_count_threshold_votes(10, 0, 2, true), 1);
	assert_int_equal(ms_count_threshold_votes(10, 0, 2, false), 0);
	assert_int_equal(ms_count_threshold_votes(10, 1, 1, false), 10);
	assert_int_equal(ms_count_threshold_votes(10, 1, 1, true), 11);
	assert_int_equal(ms_count_threshold_votes(10, 1, 0, true), UINT32_MAX); /* no crash */
}

static void test_threshold_huge(void **state)
{
	(void)state;
	const uint32_t M = UINT32_MAX;
	assert_int_equal(ms_count_threshold_votes(M, 1, 2, true), 2147483648u);
	assert_int_equal(ms_count_threshold_votes(M, 1, 2, false), 2147483648u);
	assert_int_equal(ms_count_threshold_votes(M - 1, 1, 2, true), 2147483648u);
	assert_int_equal(ms_count_threshold_votes(M - 1, 1, 2, false), 2147483647u);
	/* (M-1)/M of M is exactly M-1: needs a 64-bit product */
	assert_int_equal(ms_count_threshold_votes(M, M - 1, M, false), M - 1);
	assert_int_equal(ms_count_threshold_votes(M, M - 1, M, true), M);
	assert_int_equal(ms_count_threshold_votes(M, 1, 1, false), M);
	assert_int_equal(ms_count_threshold_votes(M, 1, 1, true), M); /* saturates */
}

static void test_quorum(void **state)
{
	(void)state;
	assert_false(ms_count_quorum_met(30, 60, 1, 2, true)); /* exactly half is not more */
	assert_true(ms_count_quorum_met(31, 60, 1, 2, true));
	assert_true(ms_count_quorum_met(30, 60, 1, 2, false));
	assert_false(ms_count_quorum_met(30, 61, 1, 2, true));
	assert_true(ms_count_quorum_met(31, 61, 1, 2, true));
	assert_false(ms_count_quorum_met(40, 60, 2, 3, true));
	assert_true(ms_count_quorum_met(40, 60, 2, 3, false));
	assert_false(ms_count_quorum_met(0, 0, 1, 2, true));
	assert_true(ms_count_quorum_met(0, 0, 1, 2, false));
	assert_false(ms_count_quorum_met(60, 60, 1, 0, true));
	assert_true(ms_count_quorum_met(2147483648u, UINT32_MAX, 1, 2, true));
	assert_false(ms_count_quorum_met(2147483647u, UINT32_MAX, 1, 2, true));
}

/* ---- ballots ------------------------------------------------------------ */

static void test_classify(void **state)
{
	(void)state;
	struct ms_count_params p = params(5, 2, 10);
	p.max_approvals = 3;
	struct ms_ballot ok1 = B(4), ok3 = B(0, 2, 4), blank = BLANK;
	struct ms_ballot over = B(0, 1, 2, 3), unknown = B(0, 5), dup = B(1, 2, 1);
	struct ms_ballot nullchoices = { .choices = NULL, .n_choices = 2 };
	struct ms_ballot blank_nonnull = { .choices = (const uint32_t[]){ 9 }, .n_choices = 0 };
	assert_int_equal(ms_count_classify(&p, &ok1), MS_BALLOT_VALID);
	assert_int_equal(ms_count_classify(&p, &ok3), MS_BALLOT_VALID); /* exactly max */
	assert_int_equal(ms_count_classify(&p, &blank), MS_BALLOT_BLANK);
	assert_int_equal(ms_count_classify(&p, &blank_nonnull), MS_BALLOT_BLANK);
	assert_int_equal(ms_count_classify(&p, &over), MS_BALLOT_VOID);
	assert_int_equal(ms_count_classify(&p, &unknown), MS_BALLOT_VOID);
	assert_int_equal(ms_count_classify(&p, &dup), MS_BALLOT_VOID);
	assert_int_equal(ms_count_classify(&p, &nullchoices), MS_BALLOT_VOID);
	assert_int_equal(ms_count_classify(&p, NULL), MS_BALLOT_VOID);
}

static void test_count_classes(void **state)
{
	(void)state;
	struct ms_count_params p = params(4, 2, 10);
	struct ms_ballot b[] = {
		B(0, 1), B(1), B(3, 1), BLANK, BLANK,
		B(0, 1, 2),   /* over max_approvals = 2 */
		B(0, 7),      /* unknown index */
		B(2, 2),      /* duplicate */
		B(2),
	};
	struct ms_count_result r;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, b, N_OF(b), &r, NULL), 0);
	assert_int_equal(r.ballots_returned, 9);
	assert_int_equal(r.valid, 4);
	assert_int_equal(r.blank, 2);
	assert_int_equal(r.void_, 3);
	assert_int_equal(r.n_candidates, 4);
	/* only valid ballots count */
	assert_int_equal(r.candidates[0].approvals, 1);
	assert_int_equal(r.candidates[1].approvals, 3);
	assert_int_equal(r.candidates[2].approvals, 1);
	assert_int_equal(r.candidates[3].approvals, 1);
	ms_count_result_fini(&ms_allocator_libc, &r);
	assert_null(r.candidates);
	assert_null(r.ranking);
}

/* The same candidate on two different ballots is no duplicate; a repeat
 * anywhere inside one ballot is. */
static void test_duplicates_per_ballot(void **state)
{
	(void)state;
	struct ms_count_params p = params(4, 3, 5);
	struct ms_ballot b[] = { B(0, 1), B(0, 1), B(1, 0), B(2, 0, 2), B(3) };
	struct ms_count_result r;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, b, N_OF(b), &r, NULL), 0);
	assert_int_equal(r.valid, 4);
	assert_int_equal(r.void_, 1);
	assert_int_equal(r.candidates[0].approvals, 3);
	assert_int_equal(r.candidates[1].approvals, 3);
	assert_int_equal(r.candidates[2].approvals, 0);
	assert_int_equal(r.candidates[3].approvals, 1);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

/* ---- passing and bases -------------------------------------------------- */

static void test_exactly_half_fails(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 2, 10);
	const uint32_t a[] = { 6, 5, 4 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(r.base_value, 10);
	assert_int_equal(r.threshold_votes, 6);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_FAILED); /* 5 of 10 is not more than half */
	assert_int_equal(st(&r, 2), MS_CAND_FAILED);
	assert_int_equal(r.candidates[0].margin, 0);
	assert_int_equal(r.candidates[1].margin, -1);
	assert_int_equal(r.candidates[2].margin, -2);
	assert_int_equal(r.n_selected, 1); /* fewer pass than slots: no run-off */
	assert_false(r.runoff_needed);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_nonstrict_exactly_half_passes(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 2, 10);
	p.strict = false;
	const uint32_t a[] = { 6, 5, 4 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(r.threshold_votes, 5);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 2), MS_CAND_FAILED);
	assert_int_equal(r.candidates[1].margin, 0);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_two_thirds_count(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 3, 9);
	p.frac_num = 2;
	p.frac_den = 3;
	const uint32_t a[] = { 7, 6, 5 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(r.threshold_votes, 7); /* 6 is exactly 2/3 of 9 */
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_FAILED);
	assert_int_equal(st(&r, 2), MS_CAND_FAILED);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_base_all(void **state)
{
	(void)state;
	struct ms_count_params p = params(2, 1, 100);
	p.deputies_present = 60;
	p.ballots_issued = 60;
	const uint32_t a[] = { 51, 0 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(r.base_value, 100);
	assert_int_equal(r.threshold_votes, 51);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	ms_count_result_fini(&ms_allocator_libc, &r);
	const uint32_t b[] = { 50, 0 };
	count_tally(&p, b, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_FAILED);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_base_present(void **state)
{
	(void)state;
	struct ms_count_params p = params(2, 1, 100);
	p.base = MS_BASE_PRESENT;
	p.deputies_present = 60;
	p.ballots_issued = 60;
	const uint32_t a[] = { 31, 20 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(r.base_value, 60);
	assert_int_equal(r.threshold_votes, 31);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED); /* would fail against all 100 */
	assert_int_equal(st(&r, 1), MS_CAND_FAILED);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_base_cast(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 2, 100);
	p.base = MS_BASE_CAST;
	p.deputies_present = 60;
	p.ballots_issued = 60;
	/* 11 returned: 8 valid, 2 blank, 1 void; threshold more than 5.5 → 6 */
	struct ms_ballot b[] = {
		B(0, 1), B(0, 1), B(0, 1), B(0, 1), B(0, 1), B(0, 2), B(1, 2), B(1),
		BLANK, BLANK, B(0, 1, 2),
	};
	struct ms_count_result r;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, b, N_OF(b), &r, NULL), 0);
	assert_int_equal(r.base_value, 11);
	assert_int_equal(r.threshold_votes, 6);
	assert_int_equal(r.candidates[0].approvals, 6);
	assert_int_equal(r.candidates[1].approvals, 7);
	assert_int_equal(r.candidates[2].approvals, 2);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 2), MS_CAND_FAILED);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_no_ballots(void **state)
{
	(void)state;
	struct ms_count_params p = params(2, 1, 10);
	struct ms_count_result r;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, NULL, 0, &r, NULL), 0);
	assert_int_equal(r.ballots_returned, 0);
	assert_int_equal(r.valid + r.blank + r.void_, 0);
	assert_int_equal(st(&r, 0), MS_CAND_FAILED);
	assert_int_equal(st(&r, 1), MS_CAND_FAILED);
	assert_int_equal(r.n_selected, 0);
	assert_false(r.vote_invalid);
	ms_count_result_fini(&ms_allocator_libc, &r);

	/* base cast with nothing cast: strictly more than 0 needs 1 */
	p.base = MS_BASE_CAST;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, NULL, 0, &r, NULL), 0);
	assert_int_equal(r.base_value, 0);
	assert_int_equal(r.threshold_votes, 1);
	assert_int_equal(r.candidates[0].margin, -1);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_single_candidate(void **state)
{
	(void)state;
	struct ms_count_params p = params(1, 1, 3);
	struct ms_ballot b[] = { B(0), B(0), BLANK };
	struct ms_count_result r;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, b, N_OF(b), &r, NULL), 0);
	assert_int_equal(r.threshold_votes, 2);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(r.candidates[0].rank, 1);
	assert_int_equal(r.ranking[0], 0);
	assert_int_equal(r.n_selected, 1);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

/* ---- selection ---------------------------------------------------------- */

static void test_select_top_n(void **state)
{
	(void)state;
	struct ms_count_params p = params(5, 2, 10);
	p.max_approvals = 4;
	const uint32_t a[] = { 8, 6, 9, 3, 7 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 2), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 4), MS_CAND_NOT_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_NOT_SELECTED);
	assert_int_equal(st(&r, 3), MS_CAND_FAILED);
	assert_int_equal(r.n_selected, 2);
	assert_int_equal(r.cost_selected, 0);
	assert_false(r.runoff_needed);
	assert_int_equal(r.runoff_slots, 0);
	const uint32_t want[] = { 2, 0, 4, 1, 3 };
	for (uint32_t i = 0; i < 5; i++)
		assert_int_equal(r.ranking[i], want[i]);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_rank_with_ties(void **state)
{
	(void)state;
	struct ms_count_params p = params(6, 2, 20);
	const uint32_t a[] = { 5, 7, 7, 3, 5, 5 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	const uint32_t rank[] = { 3, 1, 1, 6, 3, 3 };
	const uint32_t order[] = { 1, 2, 0, 4, 5, 3 };
	for (uint32_t i = 0; i < 6; i++) {
		assert_int_equal(r.candidates[i].rank, rank[i]);
		assert_int_equal(r.ranking[i], order[i]);
	}
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_tie_at_cut_runoff(void **state)
{
	(void)state;
	struct ms_count_params p = params(6, 3, 10);
	p.max_approvals = 5;
	const uint32_t a[] = { 9, 8, 7, 7, 7, 6 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 2), MS_CAND_RUNOFF);
	assert_int_equal(st(&r, 3), MS_CAND_RUNOFF);
	assert_int_equal(st(&r, 4), MS_CAND_RUNOFF);
	assert_int_equal(st(&r, 5), MS_CAND_NOT_SELECTED); /* passes, but below the tie */
	assert_true(r.runoff_needed);
	assert_int_equal(r.runoff_slots, 1);
	assert_int_equal(r.n_selected, 2);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_tie_at_top_runoff(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 2, 10);
	p.max_approvals = 3;
	const uint32_t a[] = { 8, 8, 8 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	for (uint32_t c = 0; c < 3; c++)
		assert_int_equal(st(&r, c), MS_CAND_RUNOFF);
	assert_true(r.runoff_needed);
	assert_int_equal(r.runoff_slots, 2);
	assert_int_equal(r.n_selected, 0);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_tie_that_fits_is_not_runoff(void **state)
{
	(void)state;
	struct ms_count_params p = params(5, 3, 10);
	p.max_approvals = 4;
	const uint32_t a[] = { 9, 7, 7, 6, 6 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 2), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 3), MS_CAND_NOT_SELECTED); /* slots full: tie below the cut */
	assert_int_equal(st(&r, 4), MS_CAND_NOT_SELECTED);
	assert_false(r.runoff_needed);
	assert_int_equal(r.runoff_slots, 0);
	assert_int_equal(r.n_selected, 3);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_tie_among_failing_is_not_runoff(void **state)
{
	(void)state;
	struct ms_count_params p = params(4, 3, 10);
	const uint32_t a[] = { 9, 5, 5, 5 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	for (uint32_t c = 1; c < 4; c++)
		assert_int_equal(st(&r, c), MS_CAND_FAILED);
	assert_false(r.runoff_needed);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_budget_skips_and_takes_next(void **state)
{
	(void)state;
	struct ms_count_params p = params(5, 3, 10);
	p.max_approvals = 4;
	const int64_t costs[] = { 60, 50, 30, 10, 5 };
	p.has_budget = true;
	p.budget = 100;
	p.costs = costs;
	const uint32_t a[] = { 9, 8, 7, 6, 6 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);    /* 60, 40 left */
	assert_int_equal(st(&r, 1), MS_CAND_OVER_BUDGET); /* 50 > 40 */
	assert_int_equal(st(&r, 2), MS_CAND_SELECTED);    /* 30, 10 left */
	/* 3 and 4 tie with one place left: a run-off, although both fit the money */
	assert_int_equal(st(&r, 3), MS_CAND_RUNOFF);
	assert_int_equal(st(&r, 4), MS_CAND_RUNOFF);
	assert_true(r.runoff_needed);
	assert_int_equal(r.runoff_slots, 1);
	assert_int_equal(r.n_selected, 2);
	assert_int_equal(r.cost_selected, 90);
	ms_count_result_fini(&ms_allocator_libc, &r);

	const uint32_t b[] = { 10, 9, 8, 7, 6 };
	count_tally(&p, b, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_OVER_BUDGET);
	assert_int_equal(st(&r, 2), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 3), MS_CAND_SELECTED);    /* 10 fits exactly */
	assert_int_equal(st(&r, 4), MS_CAND_NOT_SELECTED);
	assert_int_equal(r.n_selected, 3);
	assert_int_equal(r.cost_selected, 100);
	assert_false(r.runoff_needed);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_budget_over_budget_below_cut_is_not_selected(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 1, 10);
	p.max_approvals = 2;
	const int64_t costs[] = { 50, 200, 10 };
	p.has_budget = true;
	p.budget = 100;
	p.costs = costs;
	const uint32_t a[] = { 9, 8, 2 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_NOT_SELECTED); /* slots were full, not over budget */
	assert_int_equal(st(&r, 2), MS_CAND_FAILED);
	assert_int_equal(r.cost_selected, 50);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_budget_tie_needs_runoff(void **state)
{
	(void)state;
	struct ms_count_params p = params(4, 3, 10);
	p.max_approvals = 4;
	const int64_t costs[] = { 40, 40, 30, 1 };
	p.has_budget = true;
	p.budget = 100;
	p.costs = costs;
	const uint32_t a[] = { 9, 8, 8, 7 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	/* 60 left, 2 places: 40 and 30 each fit but not both */
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_RUNOFF);
	assert_int_equal(st(&r, 2), MS_CAND_RUNOFF);
	assert_int_equal(st(&r, 3), MS_CAND_NOT_SELECTED);
	assert_true(r.runoff_needed);
	assert_int_equal(r.runoff_slots, 2);
	assert_int_equal(r.n_selected, 1);
	assert_int_equal(r.cost_selected, 40);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_budget_tie_member_over_budget(void **state)
{
	(void)state;
	struct ms_count_params p = params(4, 3, 10);
	p.max_approvals = 4;
	const int64_t costs[] = { 40, 70, 30, 25 };
	p.has_budget = true;
	p.budget = 100;
	p.costs = costs;
	const uint32_t a[] = { 9, 8, 8, 7 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);    /* 60 left */
	assert_int_equal(st(&r, 1), MS_CAND_OVER_BUDGET); /* 70 alone does not fit */
	assert_int_equal(st(&r, 2), MS_CAND_SELECTED);    /* the rest of the group fits: 30 left */
	assert_int_equal(st(&r, 3), MS_CAND_SELECTED);    /* 25 fits, third place */
	assert_false(r.runoff_needed);
	assert_int_equal(r.n_selected, 3);
	assert_int_equal(r.cost_selected, 95);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_budget_huge_costs_no_overflow(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 3, 10);
	const int64_t costs[] = { 1, INT64_MAX - 1, INT64_MAX - 1 };
	p.has_budget = true;
	p.budget = INT64_MAX;
	p.costs = costs;
	const uint32_t a[] = { 9, 8, 8 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_RUNOFF); /* each fits, together they overflow */
	assert_int_equal(st(&r, 2), MS_CAND_RUNOFF);
	assert_int_equal(r.runoff_slots, 2);
	assert_true(r.cost_selected == 1);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_costs_without_budget(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 2, 10);
	p.max_approvals = 3;
	const int64_t costs[] = { 1000, 2000, 4000 };
	p.costs = costs;
	const uint32_t a[] = { 9, 8, 7 };
	struct ms_count_result r;
	count_tally(&p, a, p.ballots_issued, &r);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_SELECTED);
	assert_int_equal(st(&r, 2), MS_CAND_NOT_SELECTED);
	assert_int_equal(r.cost_selected, 3000);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_returned_over_issued_invalid(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 1, 10);
	p.ballots_issued = 9;
	p.max_approvals = 3;
	const uint32_t a[] = { 7, 7, 1 };
	struct ms_count_result r;
	count_tally(&p, a, 10, &r); /* 10 returned > 9 issued */
	assert_true(r.vote_invalid);
	assert_int_equal(r.ballots_returned, 10);
	assert_int_equal(r.candidates[0].approvals, 7); /* still counted */
	assert_int_equal(st(&r, 0), MS_CAND_NOT_SELECTED);
	assert_int_equal(st(&r, 1), MS_CAND_NOT_SELECTED);
	assert_int_equal(st(&r, 2), MS_CAND_FAILED);
	assert_int_equal(r.n_selected, 0);
	assert_false(r.runoff_needed);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_returned_equal_issued_valid(void **state)
{
	(void)state;
	struct ms_count_params p = params(2, 1, 10);
	p.ballots_issued = 8;
	const uint32_t a[] = { 7, 0 };
	struct ms_count_result r;
	count_tally(&p, a, 8, &r); /* 8 returned = 8 issued */
	assert_false(r.vote_invalid);
	assert_int_equal(st(&r, 0), MS_CAND_SELECTED);
	assert_int_equal(r.n_selected, 1);
	ms_count_result_fini(&ms_allocator_libc, &r);
	count_tally(&p, a, 9, &r); /* 9 returned > 8 issued */
	assert_true(r.vote_invalid);
	assert_int_equal(st(&r, 0), MS_CAND_NOT_SELECTED);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

/* ---- parameters --------------------------------------------------------- */

static void expect_reject(const struct ms_count_params *p, const char *field)
{
	struct ms_error e;
	ms_error_clear(&e);
	assert_int_equal(ms_count_params_check(p, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(e.err, MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.field, field);
	assert_true(e.message[0] != '\0');
}

static void test_params_check(void **state)
{
	(void)state;
	const int64_t costs[] = { 1, 2, 3 };
	const int64_t neg[] = { 1, -1, 3 };
	const int64_t big[] = { INT64_MAX, 1, 0 };
	struct ms_count_params p = params(3, 2, 10);
	assert_int_equal(p.max_approvals, 2);
	assert_int_equal(p.frac_num, 1);
	assert_int_equal(p.frac_den, 2);
	assert_true(p.strict);
	assert_int_equal(p.base, MS_BASE_ALL);
	assert_false(p.has_budget);
	assert_null(p.costs);
	assert_int_equal(ms_count_params_check(&p, NULL), 0);

	struct ms_count_params q = p;
	q.slots = 3; /* slots == candidates is allowed here */
	assert_int_equal(ms_count_params_check(&q, NULL), 0);
	q = p; q.slots = 0; expect_reject(&q, "slots");
	q = p; q.slots = 4; expect_reject(&q, "slots");
	q = p; q.max_approvals = 0; expect_reject(&q, "max_approvals");
	q = p; q.max_approvals = 4; expect_reject(&q, "max_approvals");
	q = p; q.frac_den = 0; expect_reject(&q, "frac_den");
	q = p; q.frac_num = 3; q.frac_den = 2; expect_reject(&q, "frac_num");
	q = p; q.has_budget = true; q.costs = costs; q.budget = -1; expect_reject(&q, "budget");
	q = p; q.has_budget = true; q.budget = 10; expect_reject(&q, "costs");
	q = p; q.has_budget = true; q.budget = 10; q.costs = neg; expect_reject(&q, "costs");
	q = p; q.costs = neg; expect_reject(&q, "costs");
	q = p; q.costs = big; expect_reject(&q, "costs"); /* total overflows without budget */
	q = p; q.has_budget = true; q.budget = INT64_MAX; q.costs = big;
	assert_int_equal(ms_count_params_check(&q, NULL), 0);
	q = p; q.deputies_present = 11; expect_reject(&q, "deputies_present");
	q = p; q.base = (enum ms_threshold_base)7; expect_reject(&q, "base");
	q = params(0, 1, 10); expect_reject(&q, "slots"); /* no candidates */
	assert_int_equal(ms_count_params_check(NULL, NULL), MS_ERR_UNPROCESSABLE);
}

static void test_count_rejects_bad_input(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 0, 10);
	struct ms_count_result r;
	struct ms_error e;
	ms_error_clear(&e);
	memset(&r, 0xAB, sizeof r);
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, NULL, 0, &r, &e),
			 MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.field, "slots");
	assert_null(r.candidates); /* nothing to free */
	assert_null(r.ranking);
	ms_count_result_fini(&ms_allocator_libc, &r);

	p = params(0, 1, 10);
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, NULL, 0, &r, NULL),
			 MS_ERR_UNPROCESSABLE);
	p = params(3, 1, 10);
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, NULL, 2, &r, NULL),
			 MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_count_threshold(NULL, &p, NULL, 0, &r, NULL), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, NULL, NULL, 0, &r, NULL),
			 MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, NULL, 0, NULL, NULL),
			 MS_ERR_UNPROCESSABLE);
	ms_count_result_fini(&ms_allocator_libc, NULL);
}

/* ---- allocation failure ------------------------------------------------- */

static void test_alloc_failure_each_step(void **state)
{
	(void)state;
	struct ms_count_params p = params(4, 2, 10);
	const int64_t costs[] = { 5, 5, 5, 5 };
	p.has_budget = true;
	p.budget = 12;
	p.costs = costs;
	struct ms_ballot b[] = { B(0, 1), B(0, 1), B(2), BLANK, B(0, 0) };
	size_t failures = 0;
	for (size_t k = 1; k < 100; k++) {
		struct ms_test_failing f = { 0, k, 0 };
		struct ms_allocator a = ms_test_failing_allocator(&f);
		struct ms_count_result r;
		struct ms_error e;
		ms_error_clear(&e);
		int rc = ms_count_threshold(&a, &p, b, N_OF(b), &r, &e);
		if (rc == 0) {
			assert_true(f.calls < k); /* succeeded without reaching the failing call */
			assert_true(f.live > 0);
			assert_int_equal(r.valid, 3);
			assert_int_equal(r.candidates[0].approvals, 2);
			ms_count_result_fini(&a, &r);
			assert_int_equal(f.live, 0);
			break;
		}
		assert_int_equal(rc, MS_ERR_NOMEM);
		assert_int_equal(e.err, MS_ERR_NOMEM);
		assert_int_equal(f.live, 0);
		assert_null(r.candidates);
		assert_null(r.ranking);
		ms_count_result_fini(&a, &r); /* safe on a failed result */
		failures++;
	}
	assert_true(failures >= 2);
	assert_true(failures < 99);
}

/* ---- rule texts --------------------------------------------------------- */

static void test_rule_text_default(void **state)
{
	(void)state;
	struct ms_count_params p = params(12, 10, 60);
	char buf[512];
	size_t n = ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_string_equal(buf, "Deputies approve up to 10 of 12 projects; a project needs approvals "
				 "from more than 1/2 of all 60 deputies; the 10 with the most approvals "
				 "are chosen; a tie at the cut goes to a run-off.");
	assert_int_equal(n, strlen(buf));
	n = ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_string_equal(buf, "每位代表最多赞成12个候选项目中的10个；项目须获得全体60名代表过半数"
				 "（超过1/2）赞成票方可通过；按得票多少取前10个；得票相同而名额不足时，"
				 "对相关项目再次投票。");
	assert_int_equal(n, strlen(buf));
}

static void test_rule_text_two_thirds_present(void **state)
{
	(void)state;
	struct ms_count_params p = params(20, 10, 174);
	p.base = MS_BASE_PRESENT;
	p.deputies_present = 160;
	p.frac_num = 2;
	p.frac_den = 3;
	p.strict = false;
	p.max_approvals = 8;
	char buf[512];
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "up to 8 of 20 projects"));
	assert_non_null(strstr(buf, "at least 2/3 of the 160 deputies present"));
	assert_null(strstr(buf, "174"));
	assert_non_null(strstr(buf, "the 10 with the most approvals"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "20个候选项目中的8个"));
	assert_non_null(strstr(buf, "出席会议的160名代表"));
	assert_non_null(strstr(buf, "不少于三分之二（2/3）"));
	assert_non_null(strstr(buf, "取前10个"));

	p.strict = true;
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "more than 2/3 of the 160 deputies present"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "超过三分之二（2/3）"));
}

static void test_rule_text_cast_and_nonstrict_half(void **state)
{
	(void)state;
	struct ms_count_params p = params(12, 10, 60);
	p.base = MS_BASE_CAST;
	char buf[512];
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "more than 1/2 of the ballots cast"));
	assert_null(strstr(buf, "60"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "超过所投选票的半数（1/2）"));

	p.base = MS_BASE_ALL;
	p.strict = false;
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "at least 1/2 of all 60 deputies"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "全体60名代表半数以上（不少于1/2）"));
}

static void test_rule_text_budget(void **state)
{
	(void)state;
	const int64_t costs[12] = { 0 };
	struct ms_count_params p = params(12, 10, 60);
	p.has_budget = true;
	p.budget = 5000000;
	p.costs = costs;
	char buf[1024];
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "budget of 5,000,000 yuan"));
	assert_non_null(strstr(buf, "run-off"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "预算500万元"));
	assert_non_null(strstr(buf, "再次投票"));

	p.budget = 1234567;
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "1,234,567 yuan"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "1234567元"));
	p.budget = 300000000;
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "3亿元"));

	p.has_budget = false;
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_null(strstr(buf, "yuan"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_null(strstr(buf, "元"));
}

/* Truncation: NUL-terminated, whole UTF-8 characters, and the needed length. */
static void test_rule_text_truncation(void **state)
{
	(void)state;
	struct ms_count_params p = params(12, 10, 60);
	char full[512];
	size_t need = ms_count_rule_text_zh(&p, full, sizeof full);
	assert_int_equal(ms_count_rule_text_zh(&p, NULL, 0), need);
	for (size_t cap = 1; cap <= need + 1; cap++) {
		char buf[512];
		memset(buf, 'x', sizeof buf);
		assert_int_equal(ms_count_rule_text_zh(&p, buf, cap), need);
		size_t len = strlen(buf);
		assert_true(len < cap);
		assert_memory_equal(buf, full, len);
		/* cut on a character boundary: the next byte is not a continuation byte */
		assert_true(len == need || ((unsigned char)full[len] & 0xC0) != 0x80);
		assert_true(len + 2 >= cap - 1 || len == need); /* loses less than one character */
	}
	char buf[17];
	assert_int_equal(ms_count_rule_text_en(&p, buf, sizeof buf),
			 strlen("Deputies approve up to 10 of 12 projects; a project needs approvals "
				"from more than 1/2 of all 60 deputies; the 10 with the most approvals "
				"are chosen; a tie at the cut goes to a run-off."));
	assert_string_equal(buf, "Deputies approve");
	assert_int_equal(ms_count_rule_text_en(NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

/* ---- approve / oppose / abstain ---------------------------------------- */

#define AO(appr, opp) { .choices = (const uint32_t[])appr, .n_choices = sizeof((const uint32_t[])appr) / 4, \
			.opposes = (const uint32_t[])opp, .n_opposes = sizeof((const uint32_t[])opp) / 4 }
#define L(...) { __VA_ARGS__ }

static void ao_params(struct ms_count_params *p, uint32_t n, uint32_t slots, uint32_t all)
{
	ms_count_params_default(p, n, slots);
	p->form = MS_FORM_APPROVE_OPPOSE;
	p->deputies_all = p->deputies_present = p->ballots_issued = all;
}

static void test_approve_oppose_classify(void **state)
{
	(void)state;
	struct ms_count_params p;
	ao_params(&p, 4, 1, 10);
	struct ms_ballot all4 = AO(L(0, 1, 2, 3), L(9)), only_opp = { .opposes = (const uint32_t[]){ 2 }, .n_opposes = 1 };
	all4.n_opposes = 0; /* approves every candidate: no cap in this form */
	struct ms_ballot both = AO(L(0, 1), L(1)), dup_opp = AO(L(0), L(2, 2)), unknown = AO(L(0), L(4));
	struct ms_ballot none = { .choices = NULL };
	assert_int_equal(ms_count_classify(&p, &all4), MS_BALLOT_VALID);
	assert_int_equal(ms_count_classify(&p, &only_opp), MS_BALLOT_VALID);
	assert_int_equal(ms_count_classify(&p, &both), MS_BALLOT_VOID);
	assert_int_equal(ms_count_classify(&p, &dup_opp), MS_BALLOT_VOID);
	assert_int_equal(ms_count_classify(&p, &unknown), MS_BALLOT_VOID);
	assert_int_equal(ms_count_classify(&p, &none), MS_BALLOT_BLANK);
	/* The same ballot in form PICK ignores opposes and caps approvals. */
	p.form = MS_FORM_PICK;
	assert_int_equal(ms_count_classify(&p, &only_opp), MS_BALLOT_BLANK);
	assert_int_equal(ms_count_classify(&p, &all4), MS_BALLOT_VOID);
}

static void test_approve_oppose_count(void **state)
{
	(void)state;
	struct ms_count_params p;
	ao_params(&p, 3, 1, 5); /* passes with 3 approvals of 5 */
	struct ms_ballot b[] = {
		AO(L(0, 1), L(2)), AO(L(0, 1), L(2)), AO(L(0, 1, 2), L(9)), AO(L(1), L(0)),
		AO(L(0), L(0)), /* void: approves and opposes 0 */
	};
	b[2].n_opposes = 0;
	struct ms_count_result r;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, b, 5, &r, NULL), 0);
	assert_int_equal(r.valid, 4);
	assert_int_equal(r.void_, 1);
	assert_int_equal(r.candidates[0].approvals, 3);
	assert_int_equal(r.candidates[0].opposes, 1);
	assert_int_equal(r.candidates[0].abstains, 0);
	assert_int_equal(r.candidates[1].approvals, 4);
	assert_int_equal(r.candidates[1].opposes, 0);
	assert_int_equal(r.candidates[2].approvals, 1);
	assert_int_equal(r.candidates[2].opposes, 2);
	assert_int_equal(r.candidates[2].abstains, 1);
	/* 0 and 1 pass on their own (>= 3); one place: 1 has more approvals. */
	assert_int_equal(r.candidates[1].status, MS_CAND_SELECTED);
	assert_int_equal(r.candidates[0].status, MS_CAND_NOT_SELECTED);
	assert_int_equal(r.candidates[2].status, MS_CAND_FAILED);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_approve_oppose_text(void **state)
{
	(void)state;
	struct ms_count_params p;
	ao_params(&p, 12, 10, 60);
	char buf[1024];
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "approve, oppose or abstain on each of the 12 projects"));
	assert_non_null(strstr(buf, "more than 1/2 of all 60 deputies"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "代表对12个候选项目逐项表决"));
	assert_null(strstr(buf, "最多赞成"));
}

/* ---- ranked ballots (Borda) --------------------------------------------- */

static void test_ranked_count(void **state)
{
	(void)state;
	struct ms_count_params p;
	ms_count_params_default(&p, 4, 2);
	p.form = MS_FORM_RANKED;
	p.max_approvals = 3;
	p.deputies_all = p.deputies_present = p.ballots_issued = 5;
	/* 4 candidates: first place 4 points, then 3, 2. */
	struct ms_ballot b[] = {
		B(0, 1, 2), /* 0:4 1:3 2:2 */
		B(1, 0),    /* 1:4 0:3 */
		B(2),       /* 2:4 */
		B(0, 1, 2, 3), /* void: ranks 4 of at most 3 */
		B(3, 3),    /* void: repeats */
	};
	struct ms_count_result r;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, b, 5, &r, NULL), 0);
	assert_int_equal(r.valid, 3);
	assert_int_equal(r.void_, 2);
	assert_int_equal(r.candidates[0].approvals, 7);
	assert_int_equal(r.candidates[1].approvals, 7);
	assert_int_equal(r.candidates[2].approvals, 6);
	assert_int_equal(r.candidates[3].approvals, 0);
	assert_int_equal(r.threshold_votes, 1); /* no majority threshold, one point needed */
	assert_int_equal(r.candidates[0].status, MS_CAND_SELECTED);
	assert_int_equal(r.candidates[1].status, MS_CAND_SELECTED);
	assert_int_equal(r.candidates[2].status, MS_CAND_NOT_SELECTED);
	assert_int_equal(r.candidates[3].status, MS_CAND_FAILED);
	ms_count_result_fini(&ms_allocator_libc, &r);
	/* One place and a tie at the top: a run-off between 0 and 1. */
	p.slots = 1;
	assert_int_equal(ms_count_threshold(&ms_allocator_libc, &p, b, 5, &r, NULL), 0);
	assert_true(r.runoff_needed);
	assert_int_equal(r.runoff_slots, 1);
	assert_int_equal(r.candidates[0].status, MS_CAND_RUNOFF);
	assert_int_equal(r.candidates[1].status, MS_CAND_RUNOFF);
	assert_int_equal(r.candidates[2].status, MS_CAND_NOT_SELECTED);
	ms_count_result_fini(&ms_allocator_libc, &r);
}

static void test_ranked_text(void **state)
{
	(void)state;
	struct ms_count_params p;
	ms_count_params_default(&p, 12, 10);
	p.form = MS_FORM_RANKED;
	p.deputies_all = 60;
	char buf[1024];
	ms_count_rule_text_en(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "number up to 10 of the 12 projects in order of priority; the first gets 12 points"));
	assert_non_null(strstr(buf, "run-off"));
	assert_null(strstr(buf, "more than"));
	ms_count_rule_text_zh(&p, buf, sizeof buf);
	assert_non_null(strstr(buf, "代表按优先次序为12个候选项目中的最多10个排序；排第1位的得12分"));
	assert_non_null(strstr(buf, "按得分多少取前10个"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold_half_strict),
		cmocka_unit_test(test_threshold_half_nonstrict),
		cmocka_unit_test(test_threshold_two_thirds),
		cmocka_unit_test(test_threshold_base_zero_and_edges),
		cmocka_unit_test(test_threshold_huge),
		cmocka_unit_test(test_quorum),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_count_classes),
		cmocka_unit_test(test_duplicates_per_ballot),
		cmocka_unit_test(test_exactly_half_fails),
		cmocka_unit_test(test_nonstrict_exactly_half_passes),
		cmocka_unit_test(test_two_thirds_count),
		cmocka_unit_test(test_base_all),
		cmocka_unit_test(test_base_present),
		cmocka_unit_test(test_base_cast),
		cmocka_unit_test(test_no_ballots),
		cmocka_unit_test(test_single_candidate),
		cmocka_unit_test(test_select_top_n),
		cmocka_unit_test(test_rank_with_ties),
		cmocka_unit_test(test_tie_at_cut_runoff),
		cmocka_unit_test(test_tie_at_top_runoff),
		cmocka_unit_test(test_tie_that_fits_is_not_runoff),
		cmocka_unit_test(test_tie_among_failing_is_not_runoff),
		cmocka_unit_test(test_budget_skips_and_takes_next),
		cmocka_unit_test(test_budget_over_budget_below_cut_is_not_selected),
		cmocka_unit_test(test_budget_tie_needs_runoff),
		cmocka_unit_test(test_budget_tie_member_over_budget),
		cmocka_unit_test(test_budget_huge_costs_no_overflow),
		cmocka_unit_test(test_costs_without_budget),
		cmocka_unit_test(test_returned_over_issued_invalid),
		cmocka_unit_test(test_returned_equal_issued_valid),
		cmocka_unit_test(test_params_check),
		cmocka_unit_test(test_count_rejects_bad_input),
		cmocka_unit_test(test_alloc_failure_each_step),
		cmocka_unit_test(test_rule_text_default),
		cmocka_unit_test(test_rule_text_two_thirds_present),
		cmocka_unit_test(test_rule_text_cast_and_nonstrict_half),
		cmocka_unit_test(test_rule_text_budget),
		cmocka_unit_test(test_rule_text_truncation),
		cmocka_unit_test(test_approve_oppose_classify),
		cmocka_unit_test(test_approve_oppose_count),
		cmocka_unit_test(test_approve_oppose_text),
		cmocka_unit_test(test_ranked_count),
		cmocka_unit_test(test_ranked_text),
	};
	return cmocka_run_group_tests_name("count", tests, NULL, NULL);
}
