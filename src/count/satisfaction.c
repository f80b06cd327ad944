/*
 * satisfaction.c — the year-end satisfaction evaluation (satisfaction.h):
 * its parameters, the Zhenhai rule on one set of tallies, the count of the
 * members' ballots (sub-items, abstentions, rates) and the weighted
 * composite. The rule in words is satisfaction_text.c's; the name tables
 * are count_names.c's.
 *
 * Exact: a comparison with a fraction of the base is votes × den against
 * num × base in 128 bits (a pooled base is up to 8 × (2^32 - 1), so 64 bits
 * would not do); the composite's score is a struct ms_rat.
 *
 * Memory: a result holds at most three blocks from the caller's allocator —
 * the items and, with sub-items, one block of n_items × n_sub tallies and
 * one of verdicts, which items[i].sub and items[i].sub_verdict point into
 * (items[0]'s pointers are the blocks; ms_sat_result_fini frees them). The
 * composite's rational keeps its big storage, if any, with libtommath
 * (rat.h). Pure: no I/O, no globals; thread-safe on distinct results.
 */
#include "satisfaction.h"

#include <string.h>

__extension__ typedef unsigned __int128 u128;

/* n elements of size bytes from a, or NULL (also when n * size overflows). */
static void *alloc_array(const struct ms_allocator *a, size_t n, size_t size)
{
	if (n == 0 || n > SIZE_MAX / size)
		return NULL;
	return a->alloc(a->ctx, n * size);
}

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

/* ---- parameters --------------------------------------------------------- */

void ms_sat_params_default(struct ms_sat_params *p, uint32_t n_items)
{
	if (!p)
		return;
	memset(p, 0, sizeof *p);
	p->n_items = n_items;
	p->n_sub = 0;
	p->combine = MS_COMBINE_POOLED;
	p->abstain_allowed = true;
	p->base = MS_BASE_ALL;
	p->frac_num = 1;
	p->frac_den = 2;
	p->strict = true;
}

/* Besides the documented rules this rejects p == NULL, a base outside its
 * enum and, with sub-items, a combination outside its enum (the
 * combination is not looked at without sub-items). */
int ms_sat_params_check(const struct ms_sat_params *p, struct ms_error *e)
{
	if (!p)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_AT("测评参数", "the evaluation parameters"));
	if (p->n_items == 0)
		return ms_fail(e, MS_E_SAT_NO_ITEMS, "n_items");
	if (p->n_sub == 1 || p->n_sub > MS_SAT_SUB_MAX)
		return ms_failf(e, MS_E_SAT_BAD_SUB_ITEMS, "n_sub", MS_AI(p->n_sub), MS_AI(MS_SAT_SUB_MAX));
	if (p->n_sub >= 2 && p->combine != MS_COMBINE_POOLED && p->combine != MS_COMBINE_WORST)
		return unknown_value(e, &MS_E_SAT_UNKNOWN_COMBINE, "combine", (int)p->combine, &ms_combine_names);
	if (p->base != MS_BASE_ALL && p->base != MS_BASE_PRESENT && p->base != MS_BASE_CAST)
		return unknown_value(e, &MS_E_COUNT_UNKNOWN_BASE, "base", (int)p->base, &ms_threshold_base_names);
	if (p->frac_den == 0)
		return ms_fail(e, MS_E_COUNT_ZERO_DENOMINATOR, "frac_den");
	if (p->frac_num > p->frac_den)
		return ms_failf(e, MS_E_COUNT_FRACTION_OVER_ONE, "frac_num", MS_AI(p->frac_num), MS_AI(p->frac_den));
	if (p->deputies_present > p->deputies_all)
		return ms_failf(e, MS_E_SAT_PRESENT_OVER_ALL, "deputies_present", MS_AI(p->deputies_present),
				MS_AI(p->deputies_all));
	return 0;
}

/* ---- the rule ----------------------------------------------------------- */

/* votes > num/den × base (strict) or >= (not strict); den > 0. */
static bool passes(uint64_t votes, uint64_t base, uint32_t num, uint32_t den, bool strict)
{
	u128 lhs = (u128)votes * den, rhs = (u128)num * base;
	return strict ? lhs > rhs : lhs >= rhs;
}

/* The least votes that pass (den > 0, num <= den), saturated at UINT32_MAX. */
static uint32_t least_votes(uint64_t base, uint32_t num, uint32_t den, bool strict)
{
	u128 nb = (u128)num * base;
	u128 q = nb / den;
	u128 t = strict ? q + 1 : q + (nb % den != 0);
	return t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

static enum ms_verdict verdict64(const struct ms_sat_tally *t, uint64_t base, uint32_t num, uint32_t den,
				 bool strict)
{
	if (passes(t->satisfied, base, num, den, strict))
		return MS_VERDICT_SATISFIED;
	if (passes((uint64_t)t->satisfied + t->basic, base, num, den, strict))
		return MS_VERDICT_BASIC;
	return MS_VERDICT_DISSATISFIED;
}

/* NULL t or den == 0 (no rule) gives MS_VERDICT_NONE. num > den is applied
 * as given (nothing can then pass with strictness). */
enum ms_verdict ms_sat_verdict(const struct ms_sat_tally *t, uint32_t base_value, uint32_t num, uint32_t den,
			       bool strict)
{
	if (!t || den == 0)
		return MS_VERDICT_NONE;
	return verdict64(t, base_value, num, den, strict);
}

/* ---- counting ----------------------------------------------------------- */

static void tally_mark(struct ms_sat_tally *t, uint8_t mark, bool abstain_allowed)
{
	switch (mark) {
	case MS_RATING_SATISFIED: t->satisfied++; break;
	case MS_RATING_BASIC: t->basic++; break;
	case MS_RATING_DISSATISFIED: t->dissatisfied++; break;
	default:
		if (abstain_allowed)
			t->abstain++;
		else
			t->invalid++;
		break;
	}
}

static void tally_add(struct ms_sat_tally *to, const struct ms_sat_tally *t)
{
	to->satisfied += t->satisfied;
	to->basic += t->basic;
	to->dissatisfied += t->dissatisfied;
	to->abstain += t->abstain;
	to->invalid += t->invalid;
}

/* The ballot's class: void (a byte above MS_RATING_DISSATISFIED), blank
 * (every byte NONE) or valid. */
static enum ms_ballot_class classify(const uint8_t *m, size_t stride)
{
	bool marked = false;
	for (size_t k = 0; k < stride; k++) {
		if (m[k] > MS_RATING_DISSATISFIED)
			return MS_BALLOT_VOID;
		marked |= m[k] != MS_RATING_NONE;
	}
	return marked ? MS_BALLOT_VALID : MS_BALLOT_BLANK;
}

/* Verdicts, rates and the verdict counts of a counted result. */
static void judge(const struct ms_sat_params *p, struct ms_sat_result *r)
{
	uint32_t n_sub = p->n_sub;
	uint64_t all_num = 0, all_den = 0;
	for (uint32_t i = 0; i < r->n_items; i++) {
		struct ms_sat_item *it = &r->items[i];
		const struct ms_sat_tally *t = &it->tally;
		it->rate_num = (uint64_t)t->satisfied + t->basic;
		it->rate_den = it->rate_num + t->dissatisfied + t->abstain;
		all_num += it->rate_num;
		all_den += it->rate_den;
		enum ms_verdict worst = MS_VERDICT_SATISFIED;
		for (uint32_t s = 0; s < n_sub; s++) {
			enum ms_verdict v = r->vote_invalid ? MS_VERDICT_NONE
							    : verdict64(&it->sub[s], r->base_value, p->frac_num,
									p->frac_den, p->strict);
			it->sub_verdict[s] = v;
			if (v > worst)
				worst = v;
		}
		if (r->vote_invalid)
			it->verdict = MS_VERDICT_NONE;
		else if (n_sub == 0)
			it->verdict = verdict64(t, r->base_value, p->frac_num, p->frac_den, p->strict);
		else if (p->combine == MS_COMBINE_POOLED)
			it->verdict = verdict64(t, (uint64_t)n_sub * r->base_value, p->frac_num, p->frac_den, p->strict);
		else
			it->verdict = worst;
		if (it->verdict != MS_VERDICT_NONE)
			r->verdicts[it->verdict]++;
	}
	r->rate_num = all_num;
	r->rate_den = all_den;
}

/*
 * Rates are given as counts (not reduced): rate_num the 满意 + 基本满意
 * marks, rate_den the valid marks. With sub-items the project's tally is
 * the sum of its sub-items' under either combination. The least votes for
 * the pooled combination are set only when it is used (n_sub >= 2, combine
 * POOLED), else 0. Beyond the documented errors: NULL allocator, result or
 * (with ballots) marks is MS_ERR_UNPROCESSABLE (count_missing_input), and
 * more than UINT32_MAX / max(1, n_sub) ballots is count_too_many_ballots
 * (a project's pooled tallies must fit in 32 bits).
 */
int ms_sat_count(const struct ms_allocator *a, const struct ms_sat_params *p, const uint8_t *marks, size_t n_ballots,
		 struct ms_sat_result *out, struct ms_error *e)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!a || !a->alloc || !a->free || !out)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL,
				MS_AT("内存分配器和结果存放位置", "an allocator and a place for the result"));
	int rc = ms_sat_params_check(p, e);
	if (rc != 0)
		return rc;
	uint32_t per = p->n_sub ? p->n_sub : 1;
	if (n_ballots > UINT32_MAX / per)
		return ms_failf(e, MS_E_COUNT_TOO_MANY_BALLOTS, "marks", MS_AI(UINT32_MAX / per));
	if (n_ballots > 0 && !marks)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, "marks", MS_AT("选票", "the ballots"));

	uint32_t n = p->n_items;
	size_t stride = (size_t)n * per;
	struct ms_sat_item *items = alloc_array(a, n, sizeof *items);
	struct ms_sat_tally *subs = NULL;
	enum ms_verdict *verd = NULL;
	if (items && p->n_sub) {
		subs = alloc_array(a, stride, sizeof *subs);
		verd = subs ? alloc_array(a, stride, sizeof *verd) : NULL;
	}
	if (!items || (p->n_sub && (!subs || !verd))) {
		a->free(a->ctx, items);
		a->free(a->ctx, subs);
		a->free(a->ctx, verd);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory counting %u projects", (unsigned)n);
	}
	memset(items, 0, (size_t)n * sizeof *items);
	if (subs)
		memset(subs, 0, stride * sizeof *subs);
	for (uint32_t i = 0; i < n && subs; i++) {
		items[i].sub = subs + (size_t)i * per;
		items[i].sub_verdict = verd + (size_t)i * per;
	}

	for (size_t b = 0; b < n_ballots; b++) {
		const uint8_t *m = marks + b * stride;
		switch (classify(m, stride)) {
		case MS_BALLOT_VOID: out->void_++; break;
		case MS_BALLOT_BLANK: out->blank++; break;
		case MS_BALLOT_VALID:
			out->valid++;
			for (size_t k = 0; k < stride; k++)
				tally_mark(subs ? &subs[k] : &items[k].tally, m[k], p->abstain_allowed);
			break;
		}
	}
	for (uint32_t i = 0; i < n && subs; i++)
		for (uint32_t s = 0; s < per; s++)
			tally_add(&items[i].tally, &items[i].sub[s]);

	out->ballots_returned = (uint32_t)n_ballots;
	out->vote_invalid = out->ballots_returned > p->ballots_issued;
	switch (p->base) {
	case MS_BASE_PRESENT: out->base_value = p->deputies_present; break;
	case MS_BASE_CAST: out->base_value = out->ballots_returned; break;
	case MS_BASE_ALL: /* fall through */
	default: out->base_value = p->deputies_all; break;
	}
	out->satisfied_votes = least_votes(out->base_value, p->frac_num, p->frac_den, p->strict);
	out->basic_votes = out->satisfied_votes;
	if (p->n_sub && p->combine == MS_COMBINE_POOLED) {
		uint64_t pooled = (uint64_t)p->n_sub * out->base_value;
		out->pooled_satisfied_votes = least_votes(pooled, p->frac_num, p->frac_den, p->strict);
		out->pooled_basic_votes = out->pooled_satisfied_votes;
	}
	out->n_items = n;
	out->n_sub = p->n_sub;
	out->items = items;
	judge(p, out);
	return 0;
}

/* a must be the allocator the result was counted with. NULL a or r, and a
 * zeroed result, are no-ops; *r is zeroed afterwards. */
void ms_sat_result_fini(const struct ms_allocator *a, struct ms_sat_result *r)
{
	if (!a || !r)
		return;
	if (r->items && r->n_items > 0) {
		a->free(a->ctx, r->items[0].sub);
		a->free(a->ctx, r->items[0].sub_verdict);
	}
	a->free(a->ctx, r->items);
	memset(r, 0, sizeof *r);
}

/* ---- weighted composite ------------------------------------------------- */

void ms_sat_composite_default(struct ms_sat_composite_params *p)
{
	if (!p)
		return;
	p->points_satisfied = 100;
	p->points_basic = 60;
	p->points_dissatisfied = 0;
	p->satisfied_min = 85;
	p->basic_min = 60;
}

/* The points need not fall with the rating (a setting may be unusual). */
int ms_sat_composite_check(const struct ms_sat_composite_params *p, const struct ms_sat_component *c, size_t n,
			   struct ms_error *e)
{
	if (!p)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL,
				MS_AT("综合测评参数", "the composite's parameters"));
	if (n == 0 || n > MS_SAT_COMPONENTS_MAX)
		return ms_failf(e, MS_E_SAT_COMPONENTS_COUNT, "components", MS_AI(n), MS_AI(MS_SAT_COMPONENTS_MAX));
	if (!c)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, "components",
				MS_AT("各组成部分的评价", "the components' ratings"));
	for (size_t i = 0; i < n; i++)
		if (c[i].weight == 0)
			return ms_failf(e, MS_E_SAT_ZERO_WEIGHT, "weight", MS_AI(i));
	const uint32_t pts[3] = {p->points_satisfied, p->points_basic, p->points_dissatisfied};
	static const char *const pts_field[3] = {"points_satisfied", "points_basic", "points_dissatisfied"};
	for (int k = 0; k < 3; k++)
		if (pts[k] > 100)
			return ms_failf(e, MS_E_SAT_POINTS_OVER, pts_field[k], MS_AI(pts[k]));
	if (p->satisfied_min > 100 || p->basic_min > p->satisfied_min)
		return ms_failf(e, MS_E_SAT_BANDS, p->satisfied_min > 100 ? "satisfied_min" : "basic_min",
				MS_AI(p->basic_min), MS_AI(p->satisfied_min));
	return 0;
}

/*
 * score = Σ w_i × s_i / Σ w_i over the components with responses, where
 * s_i = (P_s × 满意 + P_b × 基本满意 + P_d × 不满意) / responses. On failure
 * *out is a zero score with verdict NONE and nothing to free.
 */
int ms_sat_composite_score(const struct ms_sat_composite_params *p, const struct ms_sat_component *c, size_t n,
			   struct ms_sat_composite *out, struct ms_error *e)
{
	if (!out)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL,
				MS_AT("结果存放位置", "a place for the result"));
	ms_rat_init(&out->score);
	out->verdict = MS_VERDICT_NONE;
	out->used = 0;
	int rc = ms_sat_composite_check(p, c, n, e);
	if (rc != 0)
		return rc;
	struct ms_rat sum = MS_RAT_ZERO, term = MS_RAT_ZERO;
	uint64_t weights = 0;
	uint32_t used = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		uint64_t resp = (uint64_t)c[i].satisfied + c[i].basic + c[i].dissatisfied;
		if (resp == 0)
			continue;
		used |= 1u << i;
		weights += c[i].weight;
		uint64_t pts = (uint64_t)p->points_satisfied * c[i].satisfied + (uint64_t)p->points_basic * c[i].basic +
			       (uint64_t)p->points_dissatisfied * c[i].dissatisfied; /* < 2^41 */
		rc = ms_rat_set_i64(&term, (int64_t)pts, (int64_t)resp);
		if (rc == 0)
			rc = ms_rat_mul_i64(&term, &term, c[i].weight);
		if (rc == 0)
			rc = ms_rat_add(&sum, &sum, &term);
	}
	if (rc == 0 && used != 0)
		rc = ms_rat_div_i64(&out->score, &sum, (int64_t)weights);
	if (rc == 0 && used != 0) {
		int err = 0;
		if (ms_rat_cmp_i64(&out->score, p->satisfied_min, &err) >= 0)
			out->verdict = MS_VERDICT_SATISFIED;
		else if (ms_rat_cmp_i64(&out->score, p->basic_min, &err) >= 0)
			out->verdict = MS_VERDICT_BASIC;
		else
			out->verdict = MS_VERDICT_DISSATISFIED;
		rc = err;
	}
	ms_rat_fini(&sum);
	ms_rat_fini(&term);
	if (rc != 0) {
		ms_rat_fini(&out->score);
		out->verdict = MS_VERDICT_NONE;
		return ms_error_set(e, rc, NULL, NULL, "scoring a composite of %zu components failed", n);
	}
	out->used = used;
	return 0;
}

/* NULL is a no-op; the score is 0 afterwards. */
void ms_sat_composite_fini(struct ms_sat_composite *c)
{
	if (!c)
		return;
	ms_rat_fini(&c->score);
	c->verdict = MS_VERDICT_NONE;
	c->used = 0;
}
