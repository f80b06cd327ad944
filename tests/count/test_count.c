/*
 * test_count.c — unit tests of the congress count (src/count/count.c).
 *
 * Tables of cases, each with one runner: threshold and quorum arithmetic,
 * ballot classes under the three forms, counts (a tally spread over
 * ballots, or ballots written out) with their bases, selection with and
 * without a budget, ties at the cut, invalid votes, ranks, approve / oppose
 * / abstain and ranked ballots, and the parameter check with its error
 * codes; then bad input and an allocator that fails each allocation in turn.
 * Every count is also checked against what the definition promises: the
 * ranking is by approvals then index, ranks are competition ranks, margins
 * are approvals less the threshold. The rule texts are test_rule_text.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/count.h"
#include "support.h"

/* A ballot from a list of indices: B(0, 3, 5); with opposes: AO(L(0, 1), L(2)). */
#define B(...) { .choices = (const uint32_t[]){ __VA_ARGS__ }, \
		 .n_choices = (uint32_t)(sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t)) }
#define BLANK { .choices = NULL, .n_choices = 0 }
#define AO(appr, opp) { .choices = (const uint32_t[])appr, .n_choices = sizeof((const uint32_t[])appr) / 4, \
			.opposes = (const uint32_t[])opp, .n_opposes = sizeof((const uint32_t[])opp) / 4 }
#define L(...) { __VA_ARGS__ }
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define U(...) (const uint32_t[]){ __VA_ARGS__ }
#define I64(...) (const int64_t[]){ __VA_ARGS__ }

static const struct ms_allocator *A = &ms_allocator_libc;

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

/* ---- threshold and quorum arithmetic ------------------------------------------------ */

static const struct threshold_case {
	const char *name;
	uint32_t base, num, den;
	bool strict;
	uint32_t want;
} thresholds[] = {
	{"half of 60, strict: 30 is exactly half", 60, 1, 2, true, 31},
	{"half of 61, strict: 30.5", 61, 1, 2, true, 31},
	{"half of 174, strict", 174, 1, 2, true, 88},
	{"half of 1, strict", 1, 1, 2, true, 1},
	{"half of 2, strict", 2, 1, 2, true, 2},
	{"half of 60", 60, 1, 2, false, 30},
	{"half of 61", 61, 1, 2, false, 31},
	{"half of 1", 1, 1, 2, false, 1},
	{"2/3 of 60, strict: 40 is exactly 2/3", 60, 2, 3, true, 41},
	{"2/3 of 60", 60, 2, 3, false, 40},
	{"2/3 of 61, strict: 40.67", 61, 2, 3, true, 41},
	{"2/3 of 61", 61, 2, 3, false, 41},
	{"2/3 of 3, strict", 3, 2, 3, true, 3},
	{"2/3 of 3", 3, 2, 3, false, 2},
	{"an unreduced fraction gives the same answer", 60, 4, 6, true, 41},
	{"more than 0", 0, 1, 2, true, 1},
	{"at least 0", 0, 1, 2, false, 0},
	{"a fraction of 0, strict", 10, 0, 2, true, 1},
	{"a fraction of 0", 10, 0, 2, false, 0},
	{"all of 10", 10, 1, 1, false, 10},
	{"more than all of 10", 10, 1, 1, true, 11},
	{"a denominator of 0 does not crash", 10, 1, 0, true, UINT32_MAX},
	{"half of 2^32-1, strict", UINT32_MAX, 1, 2, true, 2147483648u},
	{"half of 2^32-1", UINT32_MAX, 1, 2, false, 2147483648u},
	{"half of 2^32-2, strict", UINT32_MAX - 1, 1, 2, true, 2147483648u},
	{"half of 2^32-2", UINT32_MAX - 1, 1, 2, false, 2147483647u},
	/* (M-1)/M of M is exactly M-1: needs a 64-bit product */
	{"(M-1)/M of M", UINT32_MAX, UINT32_MAX - 1, UINT32_MAX, false, UINT32_MAX - 1},
	{"(M-1)/M of M, strict", UINT32_MAX, UINT32_MAX - 1, UINT32_MAX, true, UINT32_MAX},
	{"all of M", UINT32_MAX, 1, 1, false, UINT32_MAX},
	{"more than all of M saturates", UINT32_MAX, 1, 1, true, UINT32_MAX},
};

static void test_threshold(void **state)
{
	const struct threshold_case *c = *state;
	assert_int_equal(ms_count_threshold_votes(c->base, c->num, c->den, c->strict), c->want);
}

static const struct quorum_case {
	const char *name;
	uint32_t present, all, num, den;
	bool strict, met;
} quorums[] = {
	{"exactly half is not more", 30, 60, 1, 2, true, false},
	{"31 of 60 is more than half", 31, 60, 1, 2, true, true},
	{"exactly half is at least half", 30, 60, 1, 2, false, true},
	{"30 of 61 is not more than half", 30, 61, 1, 2, true, false},
	{"31 of 61 is more than half", 31, 61, 1, 2, true, true},
	{"exactly 2/3 is not more", 40, 60, 2, 3, true, false},
	{"exactly 2/3 is at least 2/3", 40, 60, 2, 3, false, true},
	{"none of none is not more", 0, 0, 1, 2, true, false},
	{"none of none is at least", 0, 0, 1, 2, false, true},
	{"a denominator of 0 never meets it", 60, 60, 1, 0, true, false},
	{"more than half of 2^32-1", 2147483648u, UINT32_MAX, 1, 2, true, true},
	{"not more than half of 2^32-1", 2147483647u, UINT32_MAX, 1, 2, true, false},
};

static void test_quorum(void **state)
{
	const struct quorum_case *c = *state;
	assert_int_equal(ms_count_quorum_met(c->present, c->all, c->num, c->den, c->strict), c->met);
}

/* ---- ballot classes ------------------------------------------------------------------- */

static const struct classify_case {
	const char *name;
	enum ms_ballot_form form;
	uint32_t n, max;
	struct ms_ballot b;
	enum ms_ballot_class want;
} classes[] = {
	{"one choice", MS_FORM_PICK, 5, 3, B(4), MS_BALLOT_VALID},
	{"exactly max choices", MS_FORM_PICK, 5, 3, B(0, 2, 4), MS_BALLOT_VALID},
	{"no choice", MS_FORM_PICK, 5, 3, BLANK, MS_BALLOT_BLANK},
	{"no choice, a pointer all the same", MS_FORM_PICK, 5, 3, {.choices = U(9), .n_choices = 0}, MS_BALLOT_BLANK},
	{"more than max", MS_FORM_PICK, 5, 3, B(0, 1, 2, 3), MS_BALLOT_VOID},
	{"an unknown candidate", MS_FORM_PICK, 5, 3, B(0, 5), MS_BALLOT_VOID},
	{"a candidate twice", MS_FORM_PICK, 5, 3, B(1, 2, 1), MS_BALLOT_VOID},
	{"choices without a pointer", MS_FORM_PICK, 5, 3, {.choices = NULL, .n_choices = 2}, MS_BALLOT_VOID},
	/* approve / oppose / abstain: no cap on approvals */
	{"approves every candidate", MS_FORM_APPROVE_OPPOSE, 4, 1, B(0, 1, 2, 3), MS_BALLOT_VALID},
	{"opposes only", MS_FORM_APPROVE_OPPOSE, 4, 1, {.opposes = U(2), .n_opposes = 1}, MS_BALLOT_VALID},
	{"approves and opposes one", MS_FORM_APPROVE_OPPOSE, 4, 1, AO(L(0, 1), L(1)), MS_BALLOT_VOID},
	{"opposes one twice", MS_FORM_APPROVE_OPPOSE, 4, 1, AO(L(0), L(2, 2)), MS_BALLOT_VOID},
	{"opposes an unknown one", MS_FORM_APPROVE_OPPOSE, 4, 1, AO(L(0), L(4)), MS_BALLOT_VOID},
	{"no mark", MS_FORM_APPROVE_OPPOSE, 4, 1, {.choices = NULL}, MS_BALLOT_BLANK},
	/* The same ballots in form PICK ignore opposes and cap approvals. */
	{"opposes only, picking", MS_FORM_PICK, 4, 1, {.opposes = U(2), .n_opposes = 1}, MS_BALLOT_BLANK},
	{"approves every candidate, picking", MS_FORM_PICK, 4, 1, B(0, 1, 2, 3), MS_BALLOT_VOID},
};

static void test_classify(void **state)
{
	const struct classify_case *c = *state;
	struct ms_count_params p = params(c->n, 1, 10);
	p.form = c->form;
	p.max_approvals = c->max;
	assert_int_equal(ms_count_classify(&p, &c->b), c->want);
	assert_int_equal(ms_count_classify(&p, NULL), MS_BALLOT_VOID);
}

/* ---- counts ---------------------------------------------------------------------------- */

/*
 * A count: params(n, slots, all) changed as given, then either a tally —
 * candidate c approved on approvals[c] of n_ballots ballots (the ballots
 * issued when 0), spread round-robin so that no ballot names a candidate
 * twice — or the ballots written out. What is checked: status, one letter a
 * candidate (S selected, N not selected, F failed, B over budget, R run-off);
 * the numbers that are not -1; the arrays that are given.
 */
struct count_case {
	const char *name;
	uint32_t n, slots, all;
	enum ms_ballot_form form;
	uint32_t max_approvals;             /* 0: slots */
	enum ms_threshold_base base;
	uint32_t num, den;                  /* 0/0: 1/2 */
	bool nonstrict;
	uint32_t present, issued;           /* 0: all */
	const int64_t *costs;
	bool has_budget;
	int64_t budget;
	const uint32_t *approvals;          /* a tally */
	uint32_t n_ballots;
	const struct ms_ballot *ballots;    /* or ballots */
	size_t n_written;
	const char *status;
	int64_t base_value, threshold, n_selected, cost_selected, runoff_slots, returned, valid, blank, void_;
	int runoff, vote_invalid;           /* -1: not checked */
	const uint32_t *want_approvals, *opposes, *abstains, *ranks, *ranking;
	const int64_t *margins;
};

/* The numbers a case does not check. */
#define UNCHECKED .base_value = -1, .threshold = -1, .n_selected = -1, .cost_selected = -1, .runoff_slots = -1, \
		  .returned = -1, .valid = -1, .blank = -1, .void_ = -1, .runoff = -1, .vote_invalid = -1

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct ms_ballot classes_ballots[] = {
	B(0, 1), B(1), B(3, 1), BLANK, BLANK,
	B(0, 1, 2),   /* over max_approvals = 2 */
	B(0, 7),      /* unknown index */
	B(2, 2),      /* duplicate */
	B(2),
};
/* The same candidate on two different ballots is no duplicate; a repeat
 * anywhere inside one ballot is. */
static const struct ms_ballot dup_ballots[] = { B(0, 1), B(0, 1), B(1, 0), B(2, 0, 2), B(3) };
/* 11 returned: 8 valid, 2 blank, 1 void; threshold more than 5.5 → 6 */
static const struct ms_ballot cast_ballots[] = {
	B(0, 1), B(0, 1), B(0, 1), B(0, 1), B(0, 1), B(0, 2), B(1, 2), B(1),
	BLANK, BLANK, B(0, 1, 2),
};
static const struct ms_ballot single_ballots[] = { B(0), B(0), BLANK };
/* passes with 3 approvals of 5 */
static const struct ms_ballot ao_ballots[] = {
	AO(L(0, 1), L(2)), AO(L(0, 1), L(2)), B(0, 1, 2), AO(L(1), L(0)),
	AO(L(0), L(0)), /* void: approves and opposes 0 */
};
/* 4 candidates: first place 4 points, then 3, 2. */
static const struct ms_ballot ranked_ballots[] = {
	B(0, 1, 2),    /* 0:4 1:3 2:2 */
	B(1, 0),       /* 1:4 0:3 */
	B(2),          /* 2:4 */
	B(0, 1, 2, 3), /* void: ranks 4 of at most 3 */
	B(3, 3),       /* void: repeats */
};

static const struct count_case counts[] = {
	/* passing and bases */
	{"exactly half fails", 3, 2, 10, UNCHECKED, .approvals = U(6, 5, 4), .base_value = 10, .threshold = 6,
	 .status = "SFF", .margins = I64(0, -1, -2), .n_selected = 1, /* fewer pass than slots: no run-off */
	 .runoff = 0},
	{"non-strict: exactly half passes", 3, 2, 10, UNCHECKED, .nonstrict = true, .approvals = U(6, 5, 4),
	 .threshold = 5, .status = "SSF", .margins = I64(1, 0, -1)},
	/* 6 is exactly 2/3 of 9 */
	{"two thirds", 3, 3, 9, UNCHECKED, .num = 2, .den = 3, .approvals = U(7, 6, 5), .threshold = 7, .status = "SFF"},
	{"base all: 51 of 100", 2, 1, 100, UNCHECKED, .present = 60, .issued = 60, .approvals = U(51, 0),
	 .base_value = 100, .threshold = 51, .status = "SF"},
	{"base all: 50 of 100", 2, 1, 100, UNCHECKED, .present = 60, .issued = 60, .approvals = U(50, 0),
	 .status = "FF"},
	/* 31 of 60 present would fail against all 100 */
	{"base present", 2, 1, 100, UNCHECKED, .base = MS_BASE_PRESENT, .present = 60, .issued = 60,
	 .approvals = U(31, 20), .base_value = 60, .threshold = 31, .status = "SF"},
	{"base cast", 3, 2, 100, UNCHECKED, .base = MS_BASE_CAST, .present = 60, .issued = 60,
	 .ballots = cast_ballots, .n_written = N_OF(cast_ballots), .base_value = 11, .threshold = 6,
	 .want_approvals = U(6, 7, 2), .status = "SSF"},
	{"no ballots", 2, 1, 10, UNCHECKED, .returned = 0, .status = "FF", .n_selected = 0, .vote_invalid = 0},
	/* base cast with nothing cast: strictly more than 0 needs 1 */
	{"no ballots, base cast", 2, 1, 10, UNCHECKED, .base = MS_BASE_CAST, .base_value = 0, .threshold = 1,
	 .margins = I64(-1, -1)},
	{"a single candidate", 1, 1, 3, UNCHECKED, .ballots = single_ballots, .n_written = N_OF(single_ballots),
	 .threshold = 2, .status = "S", .ranks = U(1), .ranking = U(0), .n_selected = 1},
	/* ballot classes: only valid ballots count */
	{"ballot classes", 4, 2, 10, UNCHECKED, .ballots = classes_ballots, .n_written = N_OF(classes_ballots),
	 .returned = 9, .valid = 4, .blank = 2, .void_ = 3, .want_approvals = U(1, 3, 1, 1)},
	{"duplicates are per ballot", 4, 3, 5, UNCHECKED, .ballots = dup_ballots, .n_written = N_OF(dup_ballots),
	 .valid = 4, .void_ = 1, .want_approvals = U(3, 3, 0, 1)},
	/* selection */
	{"the top N", 5, 2, 10, UNCHECKED, .max_approvals = 4, .approvals = U(8, 6, 9, 3, 7), .status = "SNSFN",
	 .n_selected = 2, .cost_selected = 0, .runoff = 0, .runoff_slots = 0, .ranking = U(2, 0, 4, 1, 3)},
	{"competition ranks", 6, 2, 20, UNCHECKED, .approvals = U(5, 7, 7, 3, 5, 5), .ranks = U(3, 1, 1, 6, 3, 3),
	 .ranking = U(1, 2, 0, 4, 5, 3)},
	/* 5 passes, but below the tie */
	{"a tie at the cut", 6, 3, 10, UNCHECKED, .max_approvals = 5, .approvals = U(9, 8, 7, 7, 7, 6),
	 .status = "SSRRRN", .runoff = 1, .runoff_slots = 1, .n_selected = 2},
	{"a tie at the top", 3, 2, 10, UNCHECKED, .max_approvals = 3, .approvals = U(8, 8, 8), .status = "RRR",
	 .runoff = 1, .runoff_slots = 2, .n_selected = 0},
	/* slots full: the tie is below the cut */
	{"a tie that fits is no run-off", 5, 3, 10, UNCHECKED, .max_approvals = 4, .approvals = U(9, 7, 7, 6, 6),
	 .status = "SSSNN", .runoff = 0, .runoff_slots = 0, .n_selected = 3},
	{"a tie among failing is no run-off", 4, 3, 10, UNCHECKED, .approvals = U(9, 5, 5, 5), .status = "SFFF",
	 .runoff = 0},
	/* budget: 60, 40 left; 50 > 40; 30, 10 left; 3 and 4 tie with one
	 * place left: a run-off, although both fit the money */
	{"the budget skips one and takes the next", 5, 3, 10, UNCHECKED, .max_approvals = 4,
	 .costs = I64(60, 50, 30, 10, 5), .has_budget = true, .budget = 100, .approvals = U(9, 8, 7, 6, 6),
	 .status = "SBSRR", .runoff = 1, .runoff_slots = 1, .n_selected = 2, .cost_selected = 90},
	/* 10 fits exactly */
	{"the budget used exactly", 5, 3, 10, UNCHECKED, .max_approvals = 4, .costs = I64(60, 50, 30, 10, 5),
	 .has_budget = true, .budget = 100, .approvals = U(10, 9, 8, 7, 6), .status = "SBSSN", .n_selected = 3,
	 .cost_selected = 100, .runoff = 0},
	/* slots were full, not over budget */
	{"over the budget below the cut", 3, 1, 10, UNCHECKED, .max_approvals = 2, .costs = I64(50, 200, 10),
	 .has_budget = true, .budget = 100, .approvals = U(9, 8, 2), .status = "SNF", .cost_selected = 50},
	/* 60 left, 2 places: 40 and 30 each fit but not both */
	{"a tie the money cannot take", 4, 3, 10, UNCHECKED, .max_approvals = 4, .costs = I64(40, 40, 30, 1),
	 .has_budget = true, .budget = 100, .approvals = U(9, 8, 8, 7), .status = "SRRN", .runoff = 1,
	 .runoff_slots = 2, .n_selected = 1, .cost_selected = 40},
	/* 60 left; 70 alone does not fit; the rest of the group fits: 30 left;
	 * 25 fits, third place */
	{"a tied member over the budget", 4, 3, 10, UNCHECKED, .max_approvals = 4, .costs = I64(40, 70, 30, 25),
	 .has_budget = true, .budget = 100, .approvals = U(9, 8, 8, 7), .status = "SBSS", .runoff = 0,
	 .n_selected = 3, .cost_selected = 95},
	/* each fits, together they overflow */
	{"huge costs do not overflow", 3, 3, 10, UNCHECKED, .costs = I64(1, INT64_MAX - 1, INT64_MAX - 1),
	 .has_budget = true, .budget = INT64_MAX, .approvals = U(9, 8, 8), .status = "SRR", .runoff_slots = 2,
	 .cost_selected = 1},
	{"costs without a budget", 3, 2, 10, UNCHECKED, .max_approvals = 3, .costs = I64(1000, 2000, 4000),
	 .approvals = U(9, 8, 7), .status = "SSN", .cost_selected = 3000},
	/* invalid votes: still counted, nothing selected */
	{"more returned than issued", 3, 1, 10, UNCHECKED, .issued = 9, .max_approvals = 3, .approvals = U(7, 7, 1),
	 .n_ballots = 10, .vote_invalid = 1, .returned = 10, .status = "NNF", .n_selected = 0, .runoff = 0},
	{"as many returned as issued", 2, 1, 10, UNCHECKED, .issued = 8, .approvals = U(7, 0), .n_ballots = 8,
	 .vote_invalid = 0, .status = "SF", .n_selected = 1},
	{"one more returned than issued", 2, 1, 10, UNCHECKED, .issued = 8, .approvals = U(7, 0), .n_ballots = 9,
	 .vote_invalid = 1, .status = "NF"},
	/* approve / oppose / abstain: 0 and 1 pass on their own (>= 3); one
	 * place: 1 has more approvals */
	{"approve, oppose, abstain", 3, 1, 5, UNCHECKED, .form = MS_FORM_APPROVE_OPPOSE, .max_approvals = 1,
	 .ballots = ao_ballots, .n_written = N_OF(ao_ballots), .valid = 4, .void_ = 1, .want_approvals = U(3, 4, 1),
	 .opposes = U(1, 0, 2), .abstains = U(0, 0, 1), .status = "NSF"},
	/* no majority threshold, one point needed */
	{"ranked ballots", 4, 2, 5, UNCHECKED, .form = MS_FORM_RANKED, .max_approvals = 3, .ballots = ranked_ballots,
	 .n_written = N_OF(ranked_ballots), .valid = 3, .void_ = 2, .want_approvals = U(7, 7, 6, 0), .threshold = 1,
	 .status = "SSNF"},
	/* one place and a tie at the top: a run-off between 0 and 1 */
	{"ranked ballots, a tie at the top", 4, 1, 5, UNCHECKED, .form = MS_FORM_RANKED, .max_approvals = 3,
	 .ballots = ranked_ballots, .n_written = N_OF(ranked_ballots), .runoff = 1, .runoff_slots = 1,
	 .status = "RRNF"},
};
#pragma GCC diagnostic pop

/* A tally's ballots, round-robin. */
static struct ms_ballot *tally_ballots(const struct ms_count_params *p, const uint32_t *approvals,
				       uint32_t n_ballots, uint32_t **choice_out)
{
	struct ms_ballot *b = calloc(n_ballots ? n_ballots : 1, sizeof *b);
	uint32_t *choice = calloc((size_t)(n_ballots ? n_ballots : 1) * p->n_candidates, sizeof *choice);
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
	*choice_out = choice;
	return b;
}

static void check_u32s(const char *what, const uint32_t *want, const struct ms_count_result *r, size_t field)
{
	for (uint32_t c = 0; want && c < r->n_candidates; c++) {
		uint32_t got = field == SIZE_MAX ? r->ranking[c]
						 : *(const uint32_t *)((const char *)&r->candidates[c] + field);
		if (got != want[c])
			fail_msg("%s of %u: %u, expected %u", what, c, got, want[c]);
	}
}

#define CHECK(num, got)                                   \
	do {                                              \
		if ((num) != -1)                          \
			assert_true((int64_t)(got) == (num)); \
	} while (0)

/* What every count promises, from the definitions. */
static void check_definition(const struct ms_count_result *r)
{
	for (uint32_t k = 0; k < r->n_candidates; k++) {
		const struct ms_count_candidate *x = &r->candidates[r->ranking[k]];
		assert_true(x->margin == (int64_t)x->approvals - (int64_t)r->threshold_votes);
		if (k == 0)
			continue;
		const struct ms_count_candidate *prev = &r->candidates[r->ranking[k - 1]];
		assert_true(prev->approvals > x->approvals ||
			    (prev->approvals == x->approvals && r->ranking[k - 1] < r->ranking[k]));
		assert_int_equal(x->rank, prev->approvals == x->approvals ? prev->rank : k + 1);
	}
}

static void test_count(void **state)
{
	const struct count_case *c = *state;
	struct ms_count_params p = params(c->n, c->slots, c->all);
	p.form = c->form;
	p.max_approvals = c->max_approvals ? c->max_approvals : c->slots;
	p.base = c->base;
	if (c->den) {
		p.frac_num = c->num;
		p.frac_den = c->den;
	}
	p.strict = !c->nonstrict;
	p.deputies_present = c->present ? c->present : c->all;
	p.ballots_issued = c->issued ? c->issued : c->all;
	p.costs = c->costs;
	p.has_budget = c->has_budget;
	p.budget = c->budget;
	struct ms_ballot *tally = NULL;
	uint32_t *choice = NULL;
	const struct ms_ballot *b = c->ballots;
	size_t nb = c->n_written;
	if (c->approvals) {
		nb = c->n_ballots ? c->n_ballots : p.ballots_issued;
		b = tally = tally_ballots(&p, c->approvals, (uint32_t)nb, &choice);
	}
	struct ms_count_result r;
	assert_int_equal(ms_count_threshold(A, &p, b, nb, &r, NULL), 0);
	if (c->approvals) {
		assert_int_equal(r.valid + r.blank, nb);
		check_u32s("approvals", c->approvals, &r, offsetof(struct ms_count_candidate, approvals));
	}
	assert_int_equal(r.n_candidates, c->n);
	assert_int_equal(r.ballots_returned, nb);
	assert_int_equal(r.valid + r.blank + r.void_, nb);
	check_definition(&r);
	for (uint32_t i = 0; c->status && i < c->n; i++) {
		static const char letter[] = "SNFBR";
		if (letter[r.candidates[i].status] != c->status[i])
			fail_msg("candidate %u is %c, expected %c", i, letter[r.candidates[i].status], c->status[i]);
	}
	CHECK(c->base_value, r.base_value);
	CHECK(c->threshold, r.threshold_votes);
	CHECK(c->n_selected, r.n_selected);
	CHECK(c->cost_selected, r.cost_selected);
	CHECK(c->runoff_slots, r.runoff_slots);
	CHECK(c->returned, r.ballots_returned);
	CHECK(c->valid, r.valid);
	CHECK(c->blank, r.blank);
	CHECK(c->void_, r.void_);
	CHECK(c->runoff, r.runoff_needed);
	CHECK(c->vote_invalid, r.vote_invalid);
	check_u32s("approvals", c->want_approvals, &r, offsetof(struct ms_count_candidate, approvals));
	check_u32s("opposes", c->opposes, &r, offsetof(struct ms_count_candidate, opposes));
	check_u32s("abstains", c->abstains, &r, offsetof(struct ms_count_candidate, abstains));
	check_u32s("rank", c->ranks, &r, offsetof(struct ms_count_candidate, rank));
	check_u32s("ranking", c->ranking, &r, SIZE_MAX);
	for (uint32_t i = 0; c->margins && i < c->n; i++)
		assert_true(r.candidates[i].margin == c->margins[i]);
	ms_count_result_fini(A, &r);
	assert_null(r.candidates);
	assert_null(r.ranking);
	free(tally);
	free(choice);
}

/* ---- the parameter check ------------------------------------------------------------------ */

#define P3 .n_candidates = 3, .slots = 2, .max_approvals = 2, .base = MS_BASE_ALL, .frac_num = 1, .frac_den = 2, \
	   .strict = true, .deputies_all = 10, .deputies_present = 10, .ballots_issued = 10

static const int64_t costs123[] = {1, 2, 3}, neg[] = {1, -1, 3}, big[] = {INT64_MAX, 1, 0};

/* Each case changes params(3, 2, 10) in one way: later designated
 * initializers override the earlier ones. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct params_case {
	const char *name;
	struct ms_count_params p;
	const char *field;         /* NULL: accepted */
	const struct ms_code *code;
} checks[] = {
	{"the defaults", {P3}, NULL, NULL},
	{"as many places as candidates", {P3, .slots = 3}, NULL, NULL},
	{"no place", {P3, .slots = 0}, "slots", &MS_E_COUNT_NO_SLOTS},
	{"more places than candidates", {P3, .slots = 4}, "slots", &MS_E_COUNT_SLOTS_OVER},
	{"no candidates", {P3, .n_candidates = 0, .slots = 1}, "slots", &MS_E_COUNT_SLOTS_OVER},
	{"no approval allowed", {P3, .max_approvals = 0}, "max_approvals", &MS_E_COUNT_NO_APPROVALS},
	{"more approvals than candidates", {P3, .max_approvals = 4}, "max_approvals", &MS_E_COUNT_APPROVALS_OVER},
	{"an unknown form", {P3, .form = (enum ms_ballot_form)5}, "form", &MS_E_COUNT_UNKNOWN_FORM},
	{"a denominator of 0", {P3, .frac_den = 0}, "frac_den", &MS_E_COUNT_ZERO_DENOMINATOR},
	{"a fraction above 1", {P3, .frac_num = 3, .frac_den = 2}, "frac_num", &MS_E_COUNT_FRACTION_OVER_ONE},
	{"a negative budget", {P3, .has_budget = true, .costs = costs123, .budget = -1}, "budget",
	 &MS_E_COUNT_NEGATIVE_BUDGET},
	{"a budget without costs", {P3, .has_budget = true, .budget = 10}, "costs", &MS_E_COUNT_COSTS_MISSING},
	{"a negative cost with a budget", {P3, .has_budget = true, .budget = 10, .costs = neg}, "costs",
	 &MS_E_COUNT_NEGATIVE_COST},
	{"a negative cost", {P3, .costs = neg}, "costs", &MS_E_COUNT_NEGATIVE_COST},
	/* the total overflows without a budget */
	{"costs too large in total", {P3, .costs = big}, "costs", &MS_E_COUNT_COSTS_TOO_LARGE},
	{"costs too large in total, with a budget", {P3, .has_budget = true, .budget = INT64_MAX, .costs = big}, NULL,
	 NULL},
	{"more present than all", {P3, .deputies_present = 11}, "deputies_present", &MS_E_COUNT_PRESENT_OVER_ALL},
	{"an unknown base", {P3, .base = (enum ms_threshold_base)7}, "base", &MS_E_COUNT_UNKNOWN_BASE},
};
#pragma GCC diagnostic pop

static void test_params(void **state)
{
	const struct params_case *c = *state;
	struct ms_error e;
	ms_error_clear(&e);
	if (!c->code) {
		assert_int_equal(ms_count_params_check(&c->p, &e), 0);
		assert_int_equal(ms_count_params_check(&c->p, NULL), 0);
		return;
	}
	assert_int_equal(ms_count_params_check(&c->p, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(e.err, MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.field, c->field);
	assert_string_equal(e.code, c->code->code);
	assert_true(e.message[0] != '\0');
	assert_true(e.message_zh[0] != '\0');
}

/* ---- bad input and failures ---------------------------------------------------------------- */

static void test_defaults(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 2, 10);
	assert_int_equal(p.form, MS_FORM_PICK);
	assert_int_equal(p.max_approvals, 2);
	assert_int_equal(p.frac_num, 1);
	assert_int_equal(p.frac_den, 2);
	assert_true(p.strict);
	assert_int_equal(p.base, MS_BASE_ALL);
	assert_false(p.has_budget);
	assert_null(p.costs);
	assert_int_equal(ms_count_params_check(NULL, NULL), MS_ERR_UNPROCESSABLE);
}

static void test_rejects_bad_input(void **state)
{
	(void)state;
	struct ms_count_params p = params(3, 0, 10);
	struct ms_count_result r;
	struct ms_error e;
	ms_error_clear(&e);
	memset(&r, 0xAB, sizeof r);
	assert_int_equal(ms_count_threshold(A, &p, NULL, 0, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.field, "slots");
	assert_null(r.candidates); /* nothing to free */
	assert_null(r.ranking);
	ms_count_result_fini(A, &r);

	p = params(0, 1, 10);
	assert_int_equal(ms_count_threshold(A, &p, NULL, 0, &r, NULL), MS_ERR_UNPROCESSABLE);
	p = params(3, 1, 10);
	assert_int_equal(ms_count_threshold(A, &p, NULL, 2, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_MISSING_INPUT.code);
	assert_string_equal(e.field, "ballots");
	assert_int_equal(ms_count_threshold(NULL, &p, NULL, 0, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_MISSING_INPUT.code);
	assert_int_equal(ms_count_threshold(A, NULL, NULL, 0, &r, NULL), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_count_threshold(A, &p, NULL, 0, NULL, NULL), MS_ERR_UNPROCESSABLE);
	ms_count_result_fini(A, NULL);
}

static void test_alloc_failure_each_step(void **state)
{
	(void)state;
	struct ms_count_params p = params(4, 2, 10);
	p.has_budget = true;
	p.budget = 12;
	p.costs = I64(5, 5, 5, 5);
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

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_rejects_bad_input),
		cmocka_unit_test(test_alloc_failure_each_step),
	};
	const struct ms_test_table tables[] = {
		MS_TEST_TABLE(thresholds, test_threshold),
		MS_TEST_TABLE(quorums, test_quorum),
		MS_TEST_TABLE(classes, test_classify),
		MS_TEST_TABLE(counts, test_count),
		MS_TEST_TABLE(checks, test_params),
	};
	return ms_test_run_tables("count", tables, N_OF(tables), fixed, N_OF(fixed));
}
