/*
 * count.c — the "threshold top-N" count of the livelihood-projects vote.
 *
 * Pure: no I/O, no globals other than the const ms_allocator_libc, never
 * aborts. Every allocation goes through the caller's struct ms_allocator and
 * every failure is returned as a negative enum ms_err. The rule, the tie and
 * budget semantics are described in count.h (its words for people are in
 * rule_text.c); the implementation notes below say how edge cases are
 * resolved.
 *
 * Arithmetic is exact: every threshold comparison is done as
 * approvals * den against num * base in 64 bits (both factors are 32-bit, so
 * the products cannot overflow), and money is summed with overflow checks.
 *
 * Thread-safety: every function only touches its arguments, so concurrent
 * calls on distinct results are safe.
 */
#include "count.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocator ---------------------------------------------------------- */

static void *libc_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void libc_free(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

const struct ms_allocator ms_allocator_libc = { libc_alloc, libc_free, NULL };

/* n elements of size bytes from a, or NULL (also when n * size overflows).
 * n must be > 0. */
static void *alloc_array(const struct ms_allocator *a, size_t n, size_t size)
{
	if (n > SIZE_MAX / size)
		return NULL;
	return a->alloc(a->ctx, n * size);
}

/* ---- parameters --------------------------------------------------------- */

/* code (a template "… {1} (one of {2})") for value, an enum value that t
 * does not name: the keys in English, the labels in Chinese. */
static int unknown_value(struct ms_error *e, const struct ms_code *code, const char *field, int value,
			 const struct ms_names *t)
{
	char keys[128], labels[192];
	ms_names_join(t, ", ", keys, sizeof keys);
	ms_names_join_labels(t, 1, "、", labels, sizeof labels);
	const struct ms_arg args[] = {MS_AI(value), MS_AT(labels, keys)};
	return ms_fail_args(e, code, field, args, 2);
}

void ms_count_params_default(struct ms_count_params *p, uint32_t n_candidates, uint32_t slots)
{
	if (!p)
		return;
	memset(p, 0, sizeof *p);
	p->n_candidates = n_candidates;
	p->slots = slots;
	p->max_approvals = slots;
	p->base = MS_BASE_ALL;
	p->frac_num = 1;
	p->frac_den = 2;
	p->strict = true;
	p->has_budget = false;
	p->budget = 0;
	p->costs = NULL;
}

/*
 * Besides the documented rules this also rejects p == NULL, a base outside
 * the enum, and — when there is no budget but costs are given — costs whose
 * total does not fit in int64_t (cost_selected could otherwise overflow;
 * with a budget the selected total never exceeds the budget).
 */
int ms_count_params_check(const struct ms_count_params *p, struct ms_error *e)
{
	if (!p)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_AT("计票参数", "the counting parameters"));
	if (p->slots == 0)
		return ms_fail(e, MS_E_COUNT_NO_SLOTS, "slots");
	if (p->slots > p->n_candidates)
		return ms_failf(e, MS_E_COUNT_SLOTS_OVER, "slots", MS_AI(p->slots), MS_AI(p->n_candidates));
	if (p->form != MS_FORM_PICK && p->form != MS_FORM_APPROVE_OPPOSE && p->form != MS_FORM_RANKED)
		return unknown_value(e, &MS_E_COUNT_UNKNOWN_FORM, "form", (int)p->form, &ms_ballot_form_names);
	if (p->max_approvals == 0)
		return ms_fail(e, MS_E_COUNT_NO_APPROVALS, "max_approvals");
	if (p->max_approvals > p->n_candidates)
		return ms_failf(e, MS_E_COUNT_APPROVALS_OVER, "max_approvals", MS_AI(p->max_approvals),
				MS_AI(p->n_candidates));
	if (p->base != MS_BASE_ALL && p->base != MS_BASE_PRESENT && p->base != MS_BASE_CAST)
		return unknown_value(e, &MS_E_COUNT_UNKNOWN_BASE, "base", (int)p->base, &ms_threshold_base_names);
	if (p->frac_den == 0)
		return ms_fail(e, MS_E_COUNT_ZERO_DENOMINATOR, "frac_den");
	if (p->frac_num > p->frac_den)
		return ms_failf(e, MS_E_COUNT_FRACTION_OVER_ONE, "frac_num", MS_AI(p->frac_num), MS_AI(p->frac_den));
	if (p->has_budget && p->budget < 0)
		return ms_fail(e, MS_E_COUNT_NEGATIVE_BUDGET, "budget");
	if (p->has_budget && !p->costs)
		return ms_fail(e, MS_E_COUNT_COSTS_MISSING, "costs");
	if (p->costs) {
		int64_t total = 0;
		for (uint32_t i = 0; i < p->n_candidates; i++) {
			int64_t c = p->costs[i];
			if (c < 0)
				return ms_failf(e, MS_E_COUNT_NEGATIVE_COST, "costs", MS_AI(i));
			if (!p->has_budget) {
				if (c > INT64_MAX - total)
					return ms_fail(e, MS_E_COUNT_COSTS_TOO_LARGE, "costs");
				total += c;
			}
		}
	}
	if (p->deputies_present > p->deputies_all)
		return ms_failf(e, MS_E_COUNT_PRESENT_OVER_ALL, "deputies_present", MS_AI(p->deputies_present),
				MS_AI(p->deputies_all));
	return 0;
}

/* ---- ballots ------------------------------------------------------------ */

/* Whether candidate c appears in list[0..n) — for the memory-free path. */
static bool listed(const uint32_t *list, uint32_t n, uint32_t c)
{
	for (uint32_t j = 0; j < n; j++)
		if (list[j] == c)
			return true;
	return false;
}

/*
 * Classify b under p. Duplicate detection: with seen != NULL (an array of
 * p->n_candidates stamps, never equal to mark before this ballot) it marks
 * seen[c] = mark for every choice and oppose, O(n); with seen == NULL it
 * compares pairs, O(n^2) but needs no memory. For form PICK the number of
 * choices is bounded by max_approvals before any choice is read; for the
 * approve / oppose form by n_candidates (a longer ballot repeats a mark).
 */
static enum ms_ballot_class classify(const struct ms_count_params *p, const struct ms_ballot *b,
				     uint64_t *seen, uint64_t mark)
{
	if (!p || !b)
		return MS_BALLOT_VOID;
	bool ao = p->form == MS_FORM_APPROVE_OPPOSE;
	uint32_t n_opp = ao ? b->n_opposes : 0;
	if (b->n_choices == 0 && n_opp == 0)
		return MS_BALLOT_BLANK;
	uint32_t cap = ao ? p->n_candidates : p->max_approvals;
	if (b->n_choices > cap || n_opp > p->n_candidates || (b->n_choices && !b->choices) ||
	    (n_opp && !b->opposes))
		return MS_BALLOT_VOID;
	for (uint32_t i = 0; i < b->n_choices + n_opp; i++) {
		uint32_t c = i < b->n_choices ? b->choices[i] : b->opposes[i - b->n_choices];
		if (c >= p->n_candidates)
			return MS_BALLOT_VOID;
		if (seen) {
			if (seen[c] == mark)
				return MS_BALLOT_VOID;
			seen[c] = mark;
		} else if (i < b->n_choices ? listed(b->choices, i, c)
					    : (listed(b->choices, b->n_choices, c) ||
					       listed(b->opposes, i - b->n_choices, c))) {
			return MS_BALLOT_VOID;
		}
	}
	return MS_BALLOT_VALID;
}

/* NULL p or b is void. Needs no memory; O(n_choices^2) for the duplicate
 * check, with n_choices <= max_approvals (longer ballots are void at once). */
enum ms_ballot_class ms_count_classify(const struct ms_count_params *p, const struct ms_ballot *b)
{
	return classify(p, b, NULL, 0);
}

/* ---- thresholds --------------------------------------------------------- */

/*
 * The exact least v with v * den > num * base (strict) or v * den >= num *
 * base (non-strict), as a 64-bit value: it can be 2^32 (strict, num == den,
 * base == UINT32_MAX) or larger when num > den. den == 0 is treated as an
 * unreachable threshold (UINT64_MAX).
 */
static uint64_t threshold64(uint32_t base, uint32_t num, uint32_t den, bool strict)
{
	if (den == 0)
		return UINT64_MAX;
	uint64_t nb = (uint64_t)num * base;
	uint64_t q = nb / den;
	if (strict)
		return q + 1;
	return q + (nb % den != 0);
}

/* Saturates at UINT32_MAX when the exact value does not fit (strict with
 * num == den and base == UINT32_MAX, num > den, or den == 0); no count can
 * then reach it except UINT32_MAX itself, so callers that must be exact
 * should compare approvals * den with num * base, as ms_count_threshold does. */
uint32_t ms_count_threshold_votes(uint32_t base, uint32_t num, uint32_t den, bool strict)
{
	uint64_t t = threshold64(base, num, den, strict);
	return t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

/* den == 0 never meets the quorum. */
bool ms_count_quorum_met(uint32_t present, uint32_t all, uint32_t num, uint32_t den, bool strict)
{
	if (den == 0)
		return false;
	uint64_t lhs = (uint64_t)present * den;
	uint64_t rhs = (uint64_t)num * all;
	return strict ? lhs > rhs : lhs >= rhs;
}

/* ---- counting ----------------------------------------------------------- */

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

static int64_t cost_of(const struct ms_count_params *p, uint32_t i)
{
	return p->costs ? p->costs[i] : 0;
}

/*
 * Walk the passing candidates (a prefix of r->ranking) group by group of
 * equal approvals and set SELECTED / NOT_SELECTED / OVER_BUDGET / RUNOFF as
 * described in count.h. n_pass is the number of passing candidates.
 */
static void select_passing(const struct ms_count_params *p, struct ms_count_result *r,
			   uint32_t n_pass)
{
	uint32_t left = p->slots;
	int64_t money = p->has_budget ? p->budget : 0;
	bool stop = r->vote_invalid;
	uint32_t i = 0;

	while (i < n_pass) {
		uint32_t votes = r->candidates[r->ranking[i]].approvals;
		uint32_t j = i;
		while (j < n_pass && r->candidates[r->ranking[j]].approvals == votes)
			j++;
		/* [i, j) is one group of equal approvals. */
		if (stop || left == 0) {
			for (uint32_t k = i; k < j; k++)
				r->candidates[r->ranking[k]].status = MS_CAND_NOT_SELECTED;
			i = j;
			continue;
		}
		uint32_t g = 0;        /* members that fit the money alone */
		int64_t g_cost = 0;    /* their total, valid while !g_over */
		bool g_over = false;   /* their total exceeds money */
		for (uint32_t k = i; k < j; k++) {
			uint32_t c = r->ranking[k];
			int64_t cost = cost_of(p, c);
			if (p->has_budget && cost > money) {
				r->candidates[c].status = MS_CAND_OVER_BUDGET;
				continue;
			}
			g++;
			if (!p->has_budget) {
				g_cost += cost; /* params_check bounds the total of all costs */
			} else if (!g_over) {
				if (cost > money - g_cost)
					g_over = true;
				else
					g_cost += cost;
			}
		}
		if (g == 0) {
			i = j;
			continue;
		}
		bool take = g <= left && !g_over;
		for (uint32_t k = i; k < j; k++) {
			uint32_t c = r->ranking[k];
			if (r->candidates[c].status == MS_CAND_OVER_BUDGET)
				continue;
			r->candidates[c].status = take ? MS_CAND_SELECTED : MS_CAND_RUNOFF;
		}
		if (take) {
			left -= g;
			if (p->has_budget)
				money -= g_cost;
			r->n_selected += g;
			r->cost_selected += g_cost;
		} else {
			r->runoff_needed = true;
			r->runoff_slots = left;
			stop = true;
		}
		i = j;
	}
}

int ms_count_threshold(const struct ms_allocator *a, const struct ms_count_params *p,
		       const struct ms_ballot *ballots, size_t n_ballots,
		       struct ms_count_result *out, struct ms_error *e)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!a || !a->alloc || !a->free || !out)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL,
				MS_AT("内存分配器和结果存放位置", "an allocator and a place for the result"));
	int rc = ms_count_params_check(p, e);
	if (rc != 0)
		return rc;
	if (n_ballots > 0 && !ballots)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, "ballots", MS_AT("选票", "the ballots"));
	if (n_ballots > UINT32_MAX)
		return ms_failf(e, MS_E_COUNT_TOO_MANY_BALLOTS, "ballots", MS_AI(UINT32_MAX));

	uint32_t n = p->n_candidates; /* >= 1: params_check requires slots >= 1, slots <= n */
	struct ms_count_candidate *cand = alloc_array(a, n, sizeof *cand);
	uint32_t *ranking = alloc_array(a, n, sizeof *ranking);
	uint64_t *scratch = alloc_array(a, n, sizeof *scratch);
	if (!cand || !ranking || !scratch) {
		a->free(a->ctx, cand);
		a->free(a->ctx, ranking);
		a->free(a->ctx, scratch);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory counting %u candidates",
				    (unsigned)n);
	}
	memset(cand, 0, (size_t)n * sizeof *cand);
	memset(scratch, 0, (size_t)n * sizeof *scratch);

	/* Classify and tally. scratch[c] holds the number (from 1) of the last
	 * ballot that named c, so a duplicate within a ballot is seen in O(1). */
	uint32_t valid = 0, blank = 0, void_ = 0;
	for (size_t b = 0; b < n_ballots; b++) {
		switch (classify(p, &ballots[b], scratch, (uint64_t)b + 1)) {
		case MS_BALLOT_VALID:
			valid++;
			for (uint32_t k = 0; k < ballots[b].n_choices; k++) {
				/* ranked: Borda points n - k (k < n_choices <= n); else one approval */
				uint32_t add = p->form == MS_FORM_RANKED ? n - k : 1;
				uint32_t *to = &cand[ballots[b].choices[k]].approvals;
				if (*to > UINT32_MAX - add) {
					a->free(a->ctx, cand);
					a->free(a->ctx, ranking);
					a->free(a->ctx, scratch);
					memset(out, 0, sizeof *out);
					return ms_fail(e, MS_E_COUNT_POINTS_OVERFLOW, "ballots");
				}
				*to += add;
			}
			if (p->form == MS_FORM_APPROVE_OPPOSE)
				for (uint32_t k = 0; k < ballots[b].n_opposes; k++)
					cand[ballots[b].opposes[k]].opposes++;
			break;
		case MS_BALLOT_BLANK:
			blank++;
			break;
		case MS_BALLOT_VOID:
			void_++;
			break;
		}
	}
	if (p->form == MS_FORM_APPROVE_OPPOSE)
		for (uint32_t c = 0; c < n; c++)
			cand[c].abstains = valid - cand[c].approvals - cand[c].opposes;
	out->ballots_returned = (uint32_t)n_ballots;
	out->valid = valid;
	out->blank = blank;
	out->void_ = void_;
	out->vote_invalid = out->ballots_returned > p->ballots_issued;
	switch (p->base) {
	case MS_BASE_PRESENT: out->base_value = p->deputies_present; break;
	case MS_BASE_CAST: out->base_value = out->ballots_returned; break;
	case MS_BASE_ALL: /* fall through */
	default: out->base_value = p->deputies_all; break;
	}
	/* Ranked ballots have no majority threshold: a candidate needs a point. */
	uint64_t thr = p->form == MS_FORM_RANKED ? 1
						 : threshold64(out->base_value, p->frac_num, p->frac_den, p->strict);
	out->threshold_votes = thr > UINT32_MAX ? UINT32_MAX : (uint32_t)thr;

	/* Rank: sort keys (UINT32_MAX - approvals, index) ascending, i.e. by
	 * approvals descending then index ascending. */
	for (uint32_t c = 0; c < n; c++)
		scratch[c] = ((uint64_t)(UINT32_MAX - cand[c].approvals) << 32) | c;
	qsort(scratch, n, sizeof *scratch, cmp_u64);
	uint32_t n_pass = 0;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t c = (uint32_t)(scratch[k] & UINT32_MAX);
		ranking[k] = c;
		if (k > 0 && cand[ranking[k - 1]].approvals == cand[c].approvals)
			cand[c].rank = cand[ranking[k - 1]].rank;
		else
			cand[c].rank = k + 1;
		/* thr <= 2^32 + 1 here (den >= 1, num <= den): no overflow. */
		cand[c].margin = (int64_t)cand[c].approvals - (int64_t)thr;
		if (cand[c].approvals >= thr) {
			n_pass++; /* passing ones form a prefix of the ranking */
			cand[c].status = MS_CAND_NOT_SELECTED;
		} else {
			cand[c].status = MS_CAND_FAILED;
		}
	}
	a->free(a->ctx, scratch);

	out->n_candidates = n;
	out->candidates = cand;
	out->ranking = ranking;
	select_passing(p, out, n_pass);
	return 0;
}

/* a must be the allocator the result was counted with. NULL a or r, and a
 * zeroed result, are no-ops; *r is zeroed afterwards. */
void ms_count_result_fini(const struct ms_allocator *a, struct ms_count_result *r)
{
	if (!a || !r)
		return;
	a->free(a->ctx, r->candidates);
	a->free(a->ctx, r->ranking);
	memset(r, 0, sizeof *r);
}
