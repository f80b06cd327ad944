/*
 * count.c — the "threshold top-N" count of the livelihood-projects vote.
 *
 * Pure: no I/O, no globals other than the const ms_allocator_libc, never
 * aborts. Every allocation goes through the caller's struct ms_allocator and
 * every failure is returned as a negative enum ms_err. The rule, the tie and
 * budget semantics and the rule texts are described in count.h; the
 * implementation notes below say how edge cases are resolved.
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

#include "../core/utf8.h"

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
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, NULL, "no counting parameters");
	if (p->slots == 0)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "slots",
				    "at least one project must be chosen");
	if (p->slots > p->n_candidates)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "slots",
				    "%u places but only %u candidates", (unsigned)p->slots,
				    (unsigned)p->n_candidates);
	if (p->form != MS_FORM_PICK && p->form != MS_FORM_APPROVE_OPPOSE && p->form != MS_FORM_RANKED)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "form", "unknown ballot form %d",
				    (int)p->form);
	if (p->max_approvals == 0)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "max_approvals",
				    "a ballot must be allowed at least one approval");
	if (p->max_approvals > p->n_candidates)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "max_approvals",
				    "a ballot cannot approve %u of %u candidates",
				    (unsigned)p->max_approvals, (unsigned)p->n_candidates);
	if (p->base != MS_BASE_ALL && p->base != MS_BASE_PRESENT && p->base != MS_BASE_CAST)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "base",
				    "unknown threshold base %d", (int)p->base);
	if (p->frac_den == 0)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "frac_den",
				    "the threshold fraction needs a denominator above 0");
	if (p->frac_num > p->frac_den)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "frac_num",
				    "the threshold fraction %u/%u is above 1", (unsigned)p->frac_num,
				    (unsigned)p->frac_den);
	if (p->has_budget && p->budget < 0)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "budget",
				    "the budget cannot be negative");
	if (p->has_budget && !p->costs)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "costs",
				    "a budget needs the cost of every candidate");
	if (p->costs) {
		int64_t total = 0;
		for (uint32_t i = 0; i < p->n_candidates; i++) {
			int64_t c = p->costs[i];
			if (c < 0)
				return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "costs",
						    "candidate %u has a negative cost", (unsigned)i);
			if (!p->has_budget) {
				if (c > INT64_MAX - total)
					return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "costs",
							    "the total cost is too large");
				total += c;
			}
		}
	}
	if (p->deputies_present > p->deputies_all)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "deputies_present",
				    "%u deputies present but the congress has %u",
				    (unsigned)p->deputies_present, (unsigned)p->deputies_all);
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
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, NULL,
				    "counting needs an allocator and a result");
	int rc = ms_count_params_check(p, e);
	if (rc != 0)
		return rc;
	if (n_ballots > 0 && !ballots)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "ballots", "no ballots given");
	if (n_ballots > UINT32_MAX)
		return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "ballots", "too many ballots");

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
					return ms_error_set(e, MS_ERR_UNPROCESSABLE, NULL, "ballots",
							    "too many points to count");
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

/* ---- rule texts --------------------------------------------------------- */

/*
 * A bounded string builder. len counts every byte asked for (the length the
 * full text needs); at most cap - 1 bytes are stored, and only whole UTF-8
 * characters, so a truncated Chinese text is still valid UTF-8. Once one
 * character does not fit nothing more is stored.
 */
struct sb {
	char *buf;
	size_t cap;
	size_t len;  /* needed */
	size_t wlen; /* stored */
	bool full;
};

static void sb_puts(struct sb *s, const char *str)
{
	size_t n = strlen(str);
	for (size_t i = 0; i < n;) {
		size_t k = ms_utf8_seq(str + i, n - i);
		if (k == 0)
			k = 1; /* not UTF-8: the byte alone (the texts here are all UTF-8) */
		if (!s->full && s->cap > 0 && s->wlen + k < s->cap) {
			memcpy(s->buf + s->wlen, str + i, k);
			s->wlen += k;
		} else {
			s->full = true;
		}
		s->len += k;
		i += k;
	}
}

/* Decimal digits of v; with group, a comma every three digits (1,234,567). */
static void sb_u64(struct sb *s, uint64_t v, bool group)
{
	char tmp[32];
	size_t n = 0, digits = 0;
	do {
		if (group && digits > 0 && digits % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + v % 10);
		digits++;
		v /= 10;
	} while (v > 0);
	char out[32];
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	sb_puts(s, out);
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
}

/* "5,000,000 yuan" */
static void sb_money_en(struct sb *s, int64_t v)
{
	if (v < 0)
		sb_puts(s, "-");
	sb_u64(s, magnitude(v), true);
	sb_puts(s, " yuan");
}

/* "3亿元", "500万元", or "1234567元": 万/亿 only when they divide exactly. */
static void sb_money_zh(struct sb *s, int64_t v)
{
	uint64_t m = magnitude(v);
	if (v < 0)
		sb_puts(s, "-");
	if (m >= 100000000u && m % 100000000u == 0) {
		sb_u64(s, m / 100000000u, false);
		sb_puts(s, "亿元");
	} else if (m >= 10000u && m % 10000u == 0) {
		sb_u64(s, m / 10000u, false);
		sb_puts(s, "万元");
	} else {
		sb_u64(s, m, false);
		sb_puts(s, "元");
	}
}

/* Chinese numeral for 1..99 (一, 十, 十二, 二十, 九十九). */
static void sb_cn_small(struct sb *s, uint32_t v)
{
	static const char *const digit[] = { "零", "一", "二", "三", "四",
					     "五", "六", "七", "八", "九" };
	if (v >= 10) {
		if (v / 10 > 1)
			sb_puts(s, digit[v / 10]);
		sb_puts(s, "十");
		if (v % 10)
			sb_puts(s, digit[v % 10]);
	} else {
		sb_puts(s, digit[v]);
	}
}

/* "三分之二（2/3）" for proper fractions with small terms, else "2/3". */
static void sb_frac_zh(struct sb *s, uint32_t num, uint32_t den)
{
	if (num >= 1 && num < den && den <= 99) {
		sb_cn_small(s, den);
		sb_puts(s, "分之");
		sb_cn_small(s, num);
		sb_puts(s, "（");
		sb_u64(s, num, false);
		sb_puts(s, "/");
		sb_u64(s, den, false);
		sb_puts(s, "）");
	} else {
		sb_u64(s, num, false);
		sb_puts(s, "/");
		sb_u64(s, den, false);
	}
}

static size_t sb_finish(struct sb *s)
{
	if (s->cap > 0)
		s->buf[s->wlen] = '\0';
	return s->len;
}

/* The budget clause of a rule text, shared by the ballot forms. */
static void sb_budget_en(struct sb *s, int64_t budget)
{
	sb_puts(s, ", within a budget of ");
	sb_money_en(s, budget);
	sb_puts(s, ": a project whose cost no longer fits the money left is passed over for the next one");
}

static void sb_budget_zh(struct sb *s, int64_t budget)
{
	sb_puts(s, "，入选项目投资总额以预算");
	sb_money_zh(s, budget);
	sb_puts(s, "为限，剩余资金不足的项目跳过，由后续项目依次递补");
}

/* p == NULL gives "". The text describes p as given, valid or not. */
size_t ms_count_rule_text_en(const struct ms_count_params *p, char *buf, size_t cap)
{
	struct sb s = { buf, buf ? cap : 0, 0, 0, false };
	if (!p)
		return sb_finish(&s);

	if (p->form == MS_FORM_RANKED) {
		sb_puts(&s, "Deputies number up to ");
		sb_u64(&s, p->max_approvals, false);
		sb_puts(&s, " of the ");
		sb_u64(&s, p->n_candidates, false);
		sb_puts(&s, " projects in order of priority; the first gets ");
		sb_u64(&s, p->n_candidates, false);
		sb_puts(&s, " points, the next one point less, and so on; the ");
		sb_u64(&s, p->slots, false);
		sb_puts(&s, p->slots == 1 ? " with the most points is chosen" : " with the most points are chosen");
		if (p->has_budget) {
			sb_budget_en(&s, p->budget);
		}
		sb_puts(&s, "; a tie at the cut goes to a run-off.");
		return sb_finish(&s);
	}
	if (p->form == MS_FORM_APPROVE_OPPOSE) {
		sb_puts(&s, "Deputies vote approve, oppose or abstain on each of the ");
		sb_u64(&s, p->n_candidates, false);
		sb_puts(&s, p->n_candidates == 1 ? " project; " : " projects; ");
	} else {
		sb_puts(&s, "Deputies approve up to ");
		sb_u64(&s, p->max_approvals, false);
		sb_puts(&s, " of ");
		sb_u64(&s, p->n_candidates, false);
		sb_puts(&s, p->n_candidates == 1 ? " project; " : " projects; ");
	}

	if (p->frac_num == 0) {
		sb_puts(&s, p->strict ? "a project needs at least one approval"
				      : "a project needs no minimum number of approvals");
	} else {
		sb_puts(&s, p->base == MS_BASE_CAST ? "a project needs approvals on "
						    : "a project needs approvals from ");
		sb_puts(&s, p->strict ? "more than " : "at least ");
		sb_u64(&s, p->frac_num, false);
		sb_puts(&s, "/");
		sb_u64(&s, p->frac_den, false);
		if (p->base == MS_BASE_CAST) {
			sb_puts(&s, " of the ballots cast");
		} else if (p->base == MS_BASE_PRESENT) {
			if (p->deputies_present > 0) {
				sb_puts(&s, " of the ");
				sb_u64(&s, p->deputies_present, false);
				sb_puts(&s, p->deputies_present == 1 ? " deputy present"
								     : " deputies present");
			} else {
				sb_puts(&s, " of the deputies present");
			}
		} else {
			if (p->deputies_all > 1) {
				sb_puts(&s, " of all ");
				sb_u64(&s, p->deputies_all, false);
				sb_puts(&s, " deputies");
			} else if (p->deputies_all == 1) {
				sb_puts(&s, " of the 1 deputy");
			} else {
				sb_puts(&s, " of all deputies");
			}
		}
	}

	if (p->slots == 1) {
		sb_puts(&s, "; the one with the most approvals is chosen");
	} else {
		sb_puts(&s, "; the ");
		sb_u64(&s, p->slots, false);
		sb_puts(&s, " with the most approvals are chosen");
	}
	if (p->has_budget) {
		sb_budget_en(&s, p->budget);
		sb_puts(&s, "; a tie at the cut, when there are not enough places or money left"
			    " for all the tied projects, goes to a run-off.");
	} else {
		sb_puts(&s, "; a tie at the cut goes to a run-off.");
	}
	return sb_finish(&s);
}

/* p == NULL gives "". The text describes p as given, valid or not. */
size_t ms_count_rule_text_zh(const struct ms_count_params *p, char *buf, size_t cap)
{
	struct sb s = { buf, buf ? cap : 0, 0, 0, false };
	if (!p)
		return sb_finish(&s);

	if (p->form == MS_FORM_RANKED) {
		/* 代表按优先次序为12个候选项目中的最多10个排序；排第1位的得12分，其后每位少1分；按得分多少取前10个；… */
		sb_puts(&s, "代表按优先次序为");
		sb_u64(&s, p->n_candidates, false);
		sb_puts(&s, "个候选项目中的最多");
		sb_u64(&s, p->max_approvals, false);
		sb_puts(&s, "个排序；排第1位的得");
		sb_u64(&s, p->n_candidates, false);
		sb_puts(&s, "分，其后每位少1分；按得分多少取前");
		sb_u64(&s, p->slots, false);
		sb_puts(&s, "个");
		if (p->has_budget) {
			sb_budget_zh(&s, p->budget);
		}
		sb_puts(&s, "；得分相同而名额不足时，对相关项目再次投票。");
		return sb_finish(&s);
	}
	if (p->form == MS_FORM_APPROVE_OPPOSE) {
		sb_puts(&s, "代表对");
		sb_u64(&s, p->n_candidates, false);
		sb_puts(&s, "个候选项目逐项表决，可投赞成、反对或弃权；");
	} else {
		sb_puts(&s, "每位代表最多赞成");
		sb_u64(&s, p->n_candidates, false);
		sb_puts(&s, "个候选项目中的");
		sb_u64(&s, p->max_approvals, false);
		sb_puts(&s, "个；");
	}

	bool half = p->frac_num == 1 && p->frac_den == 2;
	if (p->frac_num == 0) {
		sb_puts(&s, p->strict ? "项目须获得至少1票赞成票方可通过"
				      : "项目无最低赞成票要求");
	} else if (p->base == MS_BASE_CAST) {
		/* 项目的赞成票须超过所投选票的半数（1/2）方可通过 */
		sb_puts(&s, p->strict ? "项目的赞成票须超过所投选票的" : "项目的赞成票须达到所投选票的");
		if (half)
			sb_puts(&s, "半数（1/2）");
		else
			sb_frac_zh(&s, p->frac_num, p->frac_den);
		sb_puts(&s, "方可通过");
	} else {
		/* 项目须获得全体60名代表过半数（超过1/2）赞成票方可通过 */
		sb_puts(&s, "项目须获得");
		if (p->base == MS_BASE_PRESENT) {
			if (p->deputies_present > 0) {
				sb_puts(&s, "出席会议的");
				sb_u64(&s, p->deputies_present, false);
				sb_puts(&s, "名代表");
			} else {
				sb_puts(&s, "出席会议代表");
			}
		} else {
			if (p->deputies_all > 0) {
				sb_puts(&s, "全体");
				sb_u64(&s, p->deputies_all, false);
				sb_puts(&s, "名代表");
			} else {
				sb_puts(&s, "全体代表");
			}
		}
		if (half) {
			sb_puts(&s, p->strict ? "过半数（超过1/2）赞成票" : "半数以上（不少于1/2）赞成票");
		} else {
			/* 全体60名代表中超过三分之二（2/3）的赞成票 */
			sb_puts(&s, p->strict ? "中超过" : "中不少于");
			sb_frac_zh(&s, p->frac_num, p->frac_den);
			sb_puts(&s, "的赞成票");
		}
		sb_puts(&s, "方可通过");
	}

	if (p->slots == 1) {
		sb_puts(&s, "；取得票最多的1个");
	} else {
		sb_puts(&s, "；按得票多少取前");
		sb_u64(&s, p->slots, false);
		sb_puts(&s, "个");
	}
	if (p->has_budget) {
		sb_budget_zh(&s, p->budget);
		sb_puts(&s, "；得票相同而名额或资金不足时，对相关项目再次投票。");
	} else {
		sb_puts(&s, "；得票相同而名额不足时，对相关项目再次投票。");
	}
	return sb_finish(&s);
}
