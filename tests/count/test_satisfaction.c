/*
 * test_satisfaction.c — unit tests of the year-end satisfaction evaluation
 * (src/count/satisfaction.c, satisfaction_text.c).
 *
 * Tables of cases, each with one runner: the rule on one set of tallies
 * (ms_sat_verdict); counts of ballots written out in a compact notation
 * (the Zhenhai rule, exactly half, the three bases, abstentions allowed or
 * not, void and blank ballots, a vote repeated for returned > issued, other
 * fractions and strictness, sub-items pooled and worst) checked for their
 * tallies, verdicts and exact rates; the parameter check with its codes;
 * the rule in words in both languages. Then the weighted composite worked
 * by hand, and an allocator that fails each allocation in turn. Every count
 * is also checked against what the definition promises (the verdict
 * counts, the rates as sums of the tallies, every mark of a valid ballot
 * counted once).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/satisfaction.h"
#include "support.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct ms_allocator *A = &ms_allocator_libc;

/* ---- the rule alone ------------------------------------------------------------------------ */

static const struct verdict_case {
	const char *name;
	uint32_t s, b, base, num, den;
	bool strict;
	enum ms_verdict want;
} verdicts[] = {
	{"Zhenhai: 17 of 33 is more than 16.5", 17, 0, 33, 1, 2, true, MS_VERDICT_SATISFIED},
	{"16 of 33 is not; with 1 basic it is basic", 16, 1, 33, 1, 2, true, MS_VERDICT_BASIC},
	{"16 + 0 of 33 is dissatisfied", 16, 0, 33, 1, 2, true, MS_VERDICT_DISSATISFIED},
	{"exactly half satisfied is not satisfied", 15, 0, 30, 1, 2, true, MS_VERDICT_DISSATISFIED},
	{"exactly half satisfied with a basic is basic", 15, 1, 30, 1, 2, true, MS_VERDICT_BASIC},
	{"exactly half of S + B is dissatisfied", 5, 10, 30, 1, 2, true, MS_VERDICT_DISSATISFIED},
	{"at least half: exactly half is satisfied", 15, 0, 30, 1, 2, false, MS_VERDICT_SATISFIED},
	{"at least half: exactly half of S + B is basic", 5, 10, 30, 1, 2, false, MS_VERDICT_BASIC},
	{"2/3 of 30: 20 is not more", 20, 0, 30, 2, 3, true, MS_VERDICT_DISSATISFIED},
	{"2/3 of 30: 21 is more", 21, 0, 30, 2, 3, true, MS_VERDICT_SATISFIED},
	{"2/3 of 30: 20 is at least", 20, 0, 30, 2, 3, false, MS_VERDICT_SATISFIED},
	{"no votes of a base of 0 is not more than 0", 0, 0, 0, 1, 2, true, MS_VERDICT_DISSATISFIED},
	{"the largest counts do not overflow", UINT32_MAX, UINT32_MAX, UINT32_MAX, 1, 2, true,
	 MS_VERDICT_SATISFIED},
	{"S + B above 2^32 still counts", UINT32_MAX / 2, UINT32_MAX, UINT32_MAX, 1, 1, false, MS_VERDICT_BASIC},
	{"a denominator of 0 has no verdict", 10, 0, 10, 1, 0, true, MS_VERDICT_NONE},
};

static void test_verdict(void **state)
{
	const struct verdict_case *c = *state;
	struct ms_sat_tally t = {c->s, c->b, 0, 0, 0};
	assert_int_equal(ms_sat_verdict(&t, c->base, c->num, c->den, c->strict), c->want);
}

/* ---- counts ---------------------------------------------------------------------------------- */

/*
 * Ballots: space-separated groups "k*marks" (or "marks" for one ballot),
 * marks a character per byte: S satisfied, B basic, D dissatisfied, '-'
 * unmarked, X the byte 4 and Z the byte 255 (both void the ballot).
 */
static uint8_t *parse_ballots(const char *spec, size_t stride, size_t *n_out)
{
	size_t cap = 16, n = 0;
	uint8_t *m = malloc(cap * stride);
	assert_non_null(m);
	for (const char *s = spec; *s;) {
		if (*s == ' ') {
			s++;
			continue;
		}
		char *end;
		unsigned long k = 1;
		if (*s >= '0' && *s <= '9') {
			k = strtoul(s, &end, 10);
			assert_true(*end == '*');
			s = end + 1;
		}
		size_t len = strcspn(s, " ");
		if (len != stride)
			fail_msg("ballot '%.*s' has %zu marks, expected %zu", (int)len, s, len, stride);
		for (unsigned long j = 0; j < k; j++) {
			if (n == cap) {
				cap *= 2;
				m = realloc(m, cap * stride);
				assert_non_null(m);
			}
			for (size_t i = 0; i < len; i++) {
				const char *at = strchr("-SBDXZ", s[i]);
				assert_non_null(at);
				static const uint8_t byte[] = {0, 1, 2, 3, 4, 255};
				m[n * stride + i] = byte[at - "-SBDXZ"];
			}
			n++;
		}
		s += len;
	}
	*n_out = n;
	return m;
}

/* n projects, `all` members of whom present are present and given ballots. */
#define SAT(n_, all_, present_)                                                                       \
	.n_items = (n_), .base = MS_BASE_ALL, .frac_num = 1, .frac_den = 2, .strict = true,             \
	.abstain_allowed = true, .deputies_all = (all_), .deputies_present = (present_),                \
	.ballots_issued = (present_)

/* Case 2's ballots: of 30, project 0 S15 D15, 1 S15 B1 D14, 2 S16 D14, 3 B15 D15. */
#define HALF "15*SSSB DBSD 14*DDDD"
/* The Zhenhai vote: 29 of 33 present; 0: S17 B8 D4, 1: S16 B13, 2: S10 B6 D13. */
#define ZHENHAI "10*SSS 6*SSB SBD 8*BBD 4*DBD"

/* Cases change SAT(…) by later designated initializers and leave trailing
 * fields (vote_invalid, pooled_votes) zero. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct count_case {
	const char *name;
	struct ms_sat_params p;
	const char *ballots;
	uint32_t valid, blank, void_;
	uint32_t base_value, satisfied_votes;
	const char *verdicts;     /* a letter per project: S B D, N none */
	const char *tallies;      /* "S/B/D/A/I" per project, space-separated; NULL: unchecked */
	const char *sub_verdicts; /* n_sub letters per project, space-separated; NULL: none */
	const char *rates;        /* "num/den" per project, then "= num/den" overall; NULL: unchecked */
	bool vote_invalid;
	uint32_t pooled_votes;
} counts[] = {
	{"Zhenhai: 33 members, 29 present, base all: 17 is more than 16.5", {SAT(3, 33, 29)}, ZHENHAI, 29, 0, 0,
	 33, 17, "SBD", "17/8/4/0/0 16/13/0/0/0 10/6/13/0/0", NULL, "25/29 29/29 16/29 = 70/87"},
	{"exactly half: 15 of 30 is not satisfied, S + B = 15 is dissatisfied", {SAT(4, 30, 30)}, HALF, 30, 0, 0,
	 30, 16, "DBSD", "15/0/15/0/0 15/1/14/0/0 16/0/14/0/0 0/15/15/0/0", NULL, NULL},
	{"at least half: exactly half passes", {SAT(4, 30, 30), .strict = false}, HALF, 30, 0, 0, 30, 15, "SSSB",
	 NULL, NULL, NULL},
	{"base present: the same 30 of 40", {SAT(4, 40, 30), .base = MS_BASE_PRESENT}, HALF, 30, 0, 0, 30, 16,
	 "DBSD", NULL, NULL, NULL},
	{"base all: 16 of 40 is nothing", {SAT(4, 40, 30)}, HALF, 30, 0, 0, 40, 21, "DDDD", NULL, NULL, NULL},
	{"base cast: 11 of 21 returned", {SAT(1, 60, 60), .base = MS_BASE_CAST}, "11*S 10*D", 21, 0, 0, 21, 11,
	 "S", "11/0/10/0/0", NULL, NULL},
	{"base cast counts blank and void ballots: 11 of 24", {SAT(1, 60, 60), .base = MS_BASE_CAST},
	 "11*S 10*D - - X", 21, 2, 1, 24, 13, "D", "11/0/10/0/0", NULL, NULL},
	{"abstentions allowed: in the rate", {SAT(2, 5, 5)}, "S- S- SS -B DB", 5, 0, 0, 5, 3, "SB",
	 "3/0/1/1/0 1/2/0/2/0", NULL, "3/5 3/5 = 6/10"},
	{"abstaining not allowed: an unmarked project is an invalid mark, the rest counts",
	 {SAT(2, 5, 5), .abstain_allowed = false}, "S- S- SS -B DB", 5, 0, 0, 5, 3, "SB", "3/0/1/0/1 1/2/0/0/2",
	 NULL, "3/4 3/3 = 6/7"},
	{"a mark above 3 voids the whole ballot; all unmarked is blank", {SAT(2, 5, 5), .ballots_issued = 6},
	 "3*SS SX Z- --", 3, 1, 2, 5, 3, "SS", "3/0/0/0/0 3/0/0/0/0", NULL, "3/3 3/3 = 6/6"},
	{"no votes: dissatisfied, no rate", {SAT(2, 10, 10)}, "", 0, 0, 0, 10, 6, "DD", "0/0/0/0/0 0/0/0/0/0", NULL,
	 "0/0 0/0 = 0/0"},
	{"only abstentions: dissatisfied, rate 0", {SAT(2, 10, 10)}, "6*S-", 6, 0, 0, 10, 6, "SD",
	 "6/0/0/0/0 0/0/0/6/0", NULL, "6/6 0/6 = 6/12"},
	{"returned > issued: no verdict, tallies kept", {SAT(1, 10, 3)}, "4*S", 4, 0, 0, 10, 6, "N", "4/0/0/0/0",
	 NULL, "4/4 = 4/4", true},
	{"returned = issued is valid", {SAT(1, 10, 4)}, "4*S", 4, 0, 0, 10, 6, "D", NULL, NULL, NULL},
	{"more than 2/3 of 30", {SAT(3, 30, 30), .frac_num = 2, .frac_den = 3}, "20*SBS SBB 9*BDD", 30, 0, 0, 30,
	 21, "SBB", "21/9/0/0/0 0/21/9/0/0 20/1/9/0/0", NULL, NULL},
	{"at least 2/3 of 30", {SAT(3, 30, 30), .frac_num = 2, .frac_den = 3, .strict = false}, "20*SBS SBB 9*BDD",
	 30, 0, 0, 30, 20, "SBS", NULL, NULL, NULL},
	{"sub-items pooled: 15 of 2 × 10 is satisfied though one sub-item is not",
	 {SAT(1, 10, 10), .n_sub = 2, .combine = MS_COMBINE_POOLED}, "5*SS 5*SD", 10, 0, 0, 10, 6, "S",
	 "15/0/5/0/0", "SD", "15/20 = 15/20", false, 11},
	{"sub-items worst: the same ballots are dissatisfied",
	 {SAT(1, 10, 10), .n_sub = 2, .combine = MS_COMBINE_WORST}, "5*SS 5*SD", 10, 0, 0, 10, 6, "D",
	 "15/0/5/0/0", "SD", NULL},
	{"sub-items, two projects, project-major marks", {SAT(2, 4, 4), .n_sub = 3, .combine = MS_COMBINE_WORST},
	 "SSB-DD SSS-DD SBBSDD BBBSDD", 4, 0, 0, 4, 3, "BD", "6/6/0/0/0 2/0/8/2/0", "SBB DDD", NULL},
	{"sub-items pooled: basic", {SAT(1, 4, 4), .n_sub = 3}, "SSB SBB BBB DDB", 4, 0, 0, 4, 3, "B",
	 "3/7/2/0/0", "BBB", NULL, false, 7},
	{"sub-items: returned > issued", {SAT(1, 4, 2), .n_sub = 2}, "SS SS SS", 3, 0, 0, 4, 3, "N",
	 "6/0/0/0/0", "NN", NULL, true, 5},
};

#pragma GCC diagnostic pop

static char letter(enum ms_verdict v)
{
	return "SBDN"[v <= MS_VERDICT_NONE ? v : MS_VERDICT_NONE];
}

/* What the definition promises of any result r of p over n ballots. */
static void check_invariants(const struct ms_sat_params *p, const struct ms_sat_result *r, size_t n)
{
	uint32_t per = p->n_sub ? p->n_sub : 1;
	assert_int_equal(r->ballots_returned, n);
	assert_int_equal(r->valid + r->blank + r->void_, n);
	assert_int_equal(r->vote_invalid, r->ballots_returned > p->ballots_issued);
	uint32_t count[4] = {0};
	uint64_t num = 0, den = 0;
	for (uint32_t i = 0; i < r->n_items; i++) {
		const struct ms_sat_item *it = &r->items[i];
		const struct ms_sat_tally *t = &it->tally;
		assert_int_equal((uint64_t)t->satisfied + t->basic + t->dissatisfied + t->abstain + t->invalid,
				 (uint64_t)r->valid * per);
		if (!p->abstain_allowed)
			assert_int_equal(t->abstain, 0);
		else
			assert_int_equal(t->invalid, 0);
		assert_int_equal(it->rate_num, (uint64_t)t->satisfied + t->basic);
		assert_int_equal(it->rate_den, it->rate_num + t->dissatisfied + t->abstain);
		num += it->rate_num;
		den += it->rate_den;
		count[it->verdict]++;
		if (r->vote_invalid)
			assert_int_equal(it->verdict, MS_VERDICT_NONE);
		else
			assert_int_equal(it->verdict == MS_VERDICT_NONE, 0);
		if (p->n_sub == 0) {
			assert_null(it->sub);
			assert_null(it->sub_verdict);
			if (!r->vote_invalid)
				assert_int_equal(it->verdict, ms_sat_verdict(t, r->base_value, p->frac_num, p->frac_den,
									   p->strict));
			continue;
		}
		struct ms_sat_tally sum = {0};
		enum ms_verdict worst = MS_VERDICT_SATISFIED;
		for (uint32_t s = 0; s < p->n_sub; s++) {
			sum.satisfied += it->sub[s].satisfied;
			sum.basic += it->sub[s].basic;
			sum.dissatisfied += it->sub[s].dissatisfied;
			sum.abstain += it->sub[s].abstain;
			sum.invalid += it->sub[s].invalid;
			if (it->sub_verdict[s] > worst)
				worst = it->sub_verdict[s];
		}
		assert_memory_equal(&sum, t, sizeof sum);
		if (!r->vote_invalid && p->combine == MS_COMBINE_WORST)
			assert_int_equal(it->verdict, worst);
	}
	assert_int_equal(r->verdicts[0], count[0]);
	assert_int_equal(r->verdicts[1], count[1]);
	assert_int_equal(r->verdicts[2], count[2]);
	assert_int_equal(r->rate_num, num);
	assert_int_equal(r->rate_den, den);
	assert_int_equal(r->basic_votes, r->satisfied_votes);
}

static void test_count(void **state)
{
	const struct count_case *c = *state;
	uint32_t per = c->p.n_sub ? c->p.n_sub : 1;
	size_t n;
	uint8_t *marks = parse_ballots(c->ballots, (size_t)c->p.n_items * per, &n);
	struct ms_sat_result r;
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_sat_count(A, &c->p, marks, n, &r, &e) != 0)
		fail_msg("count failed: %s", e.message);
	check_invariants(&c->p, &r, n);
	assert_int_equal(r.valid, c->valid);
	assert_int_equal(r.blank, c->blank);
	assert_int_equal(r.void_, c->void_);
	assert_int_equal(r.vote_invalid, c->vote_invalid);
	assert_int_equal(r.base_value, c->base_value);
	assert_int_equal(r.satisfied_votes, c->satisfied_votes);
	assert_int_equal(r.pooled_satisfied_votes, c->pooled_votes);
	assert_int_equal(r.pooled_basic_votes, c->pooled_votes);
	assert_int_equal(r.n_items, c->p.n_items);
	assert_int_equal(r.n_sub, c->p.n_sub);
	char got[256] = "";
	for (uint32_t i = 0; i < r.n_items; i++)
		got[i] = letter(r.items[i].verdict);
	assert_string_equal(got, c->verdicts);
	if (c->tallies) {
		size_t k = 0;
		for (uint32_t i = 0; i < r.n_items; i++) {
			const struct ms_sat_tally *t = &r.items[i].tally;
			k += (size_t)snprintf(got + k, sizeof got - k, "%s%u/%u/%u/%u/%u", i ? " " : "", t->satisfied,
					      t->basic, t->dissatisfied, t->abstain, t->invalid);
		}
		assert_string_equal(got, c->tallies);
	}
	if (c->sub_verdicts) {
		size_t k = 0;
		for (uint32_t i = 0; i < r.n_items; i++) {
			if (i)
				got[k++] = ' ';
			for (uint32_t s = 0; s < c->p.n_sub; s++)
				got[k++] = letter(r.items[i].sub_verdict[s]);
		}
		got[k] = '\0';
		assert_string_equal(got, c->sub_verdicts);
	}
	if (c->rates) {
		size_t k = 0;
		for (uint32_t i = 0; i < r.n_items; i++)
			k += (size_t)snprintf(got + k, sizeof got - k, "%llu/%llu ",
					      (unsigned long long)r.items[i].rate_num,
					      (unsigned long long)r.items[i].rate_den);
		snprintf(got + k, sizeof got - k, "= %llu/%llu", (unsigned long long)r.rate_num,
			 (unsigned long long)r.rate_den);
		assert_string_equal(got, c->rates);
	}
	ms_sat_result_fini(A, &r);
	assert_null(r.items);
	free(marks);
}

/* ---- parameters ------------------------------------------------------------------------------ */

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct param_case {
	const char *name;
	struct ms_sat_params p;
	const struct ms_code *code; /* NULL: accepted */
	const char *field;
} params[] = {
	{"the defaults", {SAT(3, 33, 29)}, NULL, NULL},
	{"no projects", {SAT(0, 33, 29)}, &MS_E_SAT_NO_ITEMS, "n_items"},
	{"one sub-item", {SAT(3, 33, 29), .n_sub = 1}, &MS_E_SAT_BAD_SUB_ITEMS, "n_sub"},
	{"two sub-items", {SAT(3, 33, 29), .n_sub = 2}, NULL, NULL},
	{"eight sub-items", {SAT(3, 33, 29), .n_sub = MS_SAT_SUB_MAX}, NULL, NULL},
	{"nine sub-items", {SAT(3, 33, 29), .n_sub = MS_SAT_SUB_MAX + 1}, &MS_E_SAT_BAD_SUB_ITEMS, "n_sub"},
	{"an unknown combination", {SAT(3, 33, 29), .n_sub = 2, .combine = (enum ms_sub_combine)7},
	 &MS_E_SAT_UNKNOWN_COMBINE, "combine"},
	{"the combination unused without sub-items", {SAT(3, 33, 29), .combine = (enum ms_sub_combine)7}, NULL,
	 NULL},
	{"an unknown base", {SAT(3, 33, 29), .base = (enum ms_threshold_base)5}, &MS_E_COUNT_UNKNOWN_BASE, "base"},
	{"a denominator of 0", {SAT(3, 33, 29), .frac_den = 0}, &MS_E_COUNT_ZERO_DENOMINATOR, "frac_den"},
	{"a fraction above 1", {SAT(3, 33, 29), .frac_num = 3, .frac_den = 2}, &MS_E_COUNT_FRACTION_OVER_ONE,
	 "frac_num"},
	{"a fraction of 1", {SAT(3, 33, 29), .frac_num = 2, .frac_den = 2}, NULL, NULL},
	{"more present than members", {SAT(3, 33, 34)}, &MS_E_SAT_PRESENT_OVER_ALL, "deputies_present"},
	{"all present", {SAT(3, 33, 33)}, NULL, NULL},
};

#pragma GCC diagnostic pop

static void test_params(void **state)
{
	const struct param_case *c = *state;
	struct ms_error e;
	ms_error_clear(&e);
	if (!c->code) {
		assert_int_equal(ms_sat_params_check(&c->p, &e), 0);
		return;
	}
	assert_int_equal(ms_sat_params_check(&c->p, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, c->code->code);
	assert_string_equal(e.field, c->field);
	assert_true(e.message[0] && e.message_zh[0]);
	/* and the count refuses with the same error, holding nothing */
	struct ms_sat_result r;
	memset(&r, 0xAB, sizeof r);
	ms_error_clear(&e);
	assert_int_equal(ms_sat_count(A, &c->p, NULL, 0, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, c->code->code);
	assert_null(r.items);
	ms_sat_result_fini(A, &r);
}

/* ---- the rule in words ----------------------------------------------------------------------- */

#define ZHENHAI_EN                                                                                       \
	"Each project is rated satisfied, basically satisfied or dissatisfied (or left unmarked to abstain). " \
	"A project is satisfied when more than 1/2 of all 33 members rate it satisfied (at least 17 votes); "  \
	"otherwise basically satisfied when more than 1/2 rate it satisfied or basically satisfied; otherwise " \
	"dissatisfied — exactly half is not more than half."
#define ZHENHAI_ZH                                                                                      \
	"每个项目可评为满意、基本满意或不满意，也可不作标记（弃权）。项目的满意票超过全体33名组成人员的半数、" \
	"即至少17票的，评为满意；否则，满意票与基本满意票之和超过同一基数的半数的，评为基本满意；其余评为不满意。" \
	"票数恰好等于半数的，不算超过半数。"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct text_case {
	const char *name;
	struct ms_sat_params p;
	const char *en, *zh; /* the whole text, or NULL */
	const char *en_has[4], *en_not[2];
	const char *zh_has[4], *zh_not[2];
} texts[] = {
	{"Zhenhai: all 33, 29 present", {SAT(3, 33, 29)}, ZHENHAI_EN, ZHENHAI_ZH, {NULL}, {"29"}, {NULL}, {"29"}},
	{"base present", {SAT(3, 33, 29), .base = MS_BASE_PRESENT}, NULL, NULL,
	 {"more than 1/2 of the 29 members present", "(at least 15 votes)"}, {"33"},
	 {"超过出席的29名组成人员的半数", "即至少15票"}, {"33"}},
	{"base present, unknown size", {SAT(3, 0, 0), .base = MS_BASE_PRESENT}, NULL, NULL,
	 {"of the members present rate"}, {"votes)"}, {"超过出席人员的半数的"}, {"至少"}},
	{"base cast", {SAT(3, 33, 29), .base = MS_BASE_CAST}, NULL, NULL, {"of the members who cast a ballot"},
	 {"votes)", "33"}, {"超过所投票数的半数"}, {"至少", "33"}},
	{"at least 2/3 of all 30", {SAT(3, 30, 30), .frac_num = 2, .frac_den = 3, .strict = false}, NULL, NULL,
	 {"at least 2/3 of all 30 members", "(at least 20 votes)", "at least 2/3 rate it satisfied or basically",
	  "exactly 2/3 is enough."},
	 {"more than", "half"},
	 {"达到全体30名组成人员的三分之二（2/3）、即至少20票", "之和达到同一基数的三分之二（2/3）",
	  "恰好等于三分之二（2/3）的，即为达到"},
	 {"超过", "半数"}},
	{"more than 2/3", {SAT(3, 30, 30), .frac_num = 2, .frac_den = 3}, NULL, NULL,
	 {"(at least 21 votes)", "exactly 2/3 is not more than 2/3."}, {NULL},
	 {"即至少21票", "不算超过三分之二（2/3）"}, {NULL}},
	{"at least half", {SAT(3, 30, 30), .strict = false}, NULL, NULL,
	 {"at least 1/2 of all 30 members", "(at least 15 votes)", "exactly half is enough."}, {"more than"},
	 {"达到全体30名组成人员的半数、即至少15票"}, {"超过"}},
	{"abstaining not allowed", {SAT(3, 33, 29), .abstain_allowed = false}, NULL, NULL,
	 {"a project left unmarked is an invalid mark for it alone and the rest of the ballot counts"},
	 {"abstain"}, {"未作标记的项目按无效处理，不影响选票上的其他内容"}, {"弃权"}},
	{"one member", {SAT(1, 1, 1)}, NULL, NULL, {"of the 1 member rate", "(at least 1 vote)"}, {NULL},
	 {"全体1名组成人员"}, {NULL}},
	{"sub-items pooled", {SAT(3, 33, 29), .n_sub = 4}, NULL, NULL,
	 {"rated on 4 sub-items", "A sub-item is satisfied", "votes added together",
	  "same rule against 4 times the base"},
	 {"worst"}, {"分4个分项测评", "分项的满意票超过", "按同一规则对照4倍的基数评定"}, {"最差"}},
	{"sub-items worst", {SAT(3, 33, 29), .n_sub = 3, .combine = MS_COMBINE_WORST}, NULL, NULL,
	 {"the worst of its sub-items' verdicts"}, {"added together"}, {"取其各分项中最差的结果"}, {"合并"}},
};

#pragma GCC diagnostic pop

static void check_text(size_t (*text)(const struct ms_sat_params *, char *, size_t), const struct ms_sat_params *p,
		       const char *whole, const char *const *has, size_t n_has, const char *const *lacks,
		       size_t n_lacks)
{
	char buf[2048];
	size_t n = text(p, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_int_equal(text(p, NULL, 0), n);
	if (whole)
		assert_string_equal(buf, whole);
	for (size_t i = 0; i < n_has && has[i]; i++)
		if (!strstr(buf, has[i]))
			fail_msg("'%s' not in '%s'", has[i], buf);
	for (size_t i = 0; i < n_lacks && lacks[i]; i++)
		if (strstr(buf, lacks[i]))
			fail_msg("'%s' in '%s'", lacks[i], buf);
}

static void test_text(void **state)
{
	const struct text_case *c = *state;
	check_text(ms_sat_rule_text_en, &c->p, c->en, c->en_has, N_OF(c->en_has), c->en_not, N_OF(c->en_not));
	check_text(ms_sat_rule_text_zh, &c->p, c->zh, c->zh_has, N_OF(c->zh_has), c->zh_not, N_OF(c->zh_not));
}

/* Truncation: NUL-terminated, whole UTF-8 characters, and the needed length. */
static void test_text_truncation(void **state)
{
	(void)state;
	const struct ms_sat_params p = {SAT(3, 33, 29)};
	char full[1024];
	size_t need = ms_sat_rule_text_zh(&p, full, sizeof full);
	assert_int_equal(need, strlen(ZHENHAI_ZH));
	for (size_t cap = 1; cap <= need + 1; cap++) {
		char buf[1024];
		memset(buf, 'x', sizeof buf);
		assert_int_equal(ms_sat_rule_text_zh(&p, buf, cap), need);
		size_t len = strlen(buf);
		assert_true(len < cap);
		assert_memory_equal(buf, full, len);
		assert_true(len == need || ((unsigned char)full[len] & 0xC0) != 0x80);
		assert_true(len + 3 >= cap - 1 || len == need); /* loses less than one character */
	}
	char buf[16];
	assert_int_equal(ms_sat_rule_text_en(&p, buf, sizeof buf), strlen(ZHENHAI_EN));
	assert_string_equal(buf, "Each project is");
	assert_int_equal(ms_sat_rule_text_en(NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	assert_int_equal(ms_sat_rule_text_zh(NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

/* ---- the weighted composite ------------------------------------------------------------------ */

/* The score of c under the default points and bands, as "p/q", its verdict
 * and the components used. */
static void composite(const struct ms_sat_component *c, size_t n, const char *score, enum ms_verdict verdict,
		      uint32_t used)
{
	struct ms_sat_composite_params p;
	ms_sat_composite_default(&p);
	struct ms_sat_composite out;
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_sat_composite_score(&p, c, n, &out, &e) != 0)
		fail_msg("composite failed: %s", e.message);
	char buf[64];
	ms_rat_to_str(&out.score, buf, sizeof buf);
	assert_string_equal(buf, score);
	assert_int_equal(out.verdict, verdict);
	assert_int_equal(out.used, used);
	ms_sat_composite_fini(&out);
	assert_int_equal(ms_rat_sign(&out.score), 0);
}

static void test_composite(void **state)
{
	(void)state;
	/* public 60: (100×50 + 60×30 + 0×20) / 100 = 68; leaders 30: (100×8 + 60×2) / 10 = 92;
	 * online 10: (100 + 60 + 0) / 3 = 160/3. (60×68 + 30×92 + 10×160/3) / 100
	 * = (4080 + 2760 + 1600/3) / 100 = 22120/300 = 1106/15 (73.73…): basically satisfied. */
	struct ms_sat_component c[3] = {{60, 50, 30, 20}, {30, 8, 2, 0}, {10, 1, 1, 1}};
	composite(c, 3, "1106/15", MS_VERDICT_BASIC, 7);
	/* no online responses: left out, the others' weights scaled up: (4080 + 2760) / 90 = 76 */
	c[2] = (struct ms_sat_component){10, 0, 0, 0};
	composite(c, 3, "76", MS_VERDICT_BASIC, 3);
	/* no public responses either: the leaders alone, 92 */
	c[0] = (struct ms_sat_component){60, 0, 0, 0};
	composite(c, 3, "92", MS_VERDICT_SATISFIED, 2);
	/* nobody at all: no score, no verdict */
	c[1] = (struct ms_sat_component){30, 0, 0, 0};
	composite(c, 3, "0", MS_VERDICT_NONE, 0);
	/* the bands at their boundaries: (100 + 70) / 2 = 85 exactly is satisfied */
	const struct ms_sat_component at85[2] = {{1, 1, 0, 0}, {1, 1, 3, 0}};
	composite(at85, 2, "85", MS_VERDICT_SATISFIED, 3);
	/* (100 + 620/9) / 2 = 760/9 (84.4) is not */
	const struct ms_sat_component below85[2] = {{1, 1, 0, 0}, {1, 2, 7, 0}};
	composite(below85, 2, "760/9", MS_VERDICT_BASIC, 3);
	const struct ms_sat_component at60[1] = {{5, 0, 7, 0}};
	composite(at60, 1, "60", MS_VERDICT_BASIC, 1);
	const struct ms_sat_component below60[1] = {{5, 0, 59, 1}};
	composite(below60, 1, "59", MS_VERDICT_DISSATISFIED, 1);
	/* counts near 2^32 with a large weight stay exact */
	const struct ms_sat_component big[2] = {{UINT32_MAX, UINT32_MAX, 0, 0}, {1, 0, 0, UINT32_MAX}};
	composite(big, 2, "107374182375/1073741824", MS_VERDICT_SATISFIED, 3);
}

static void test_composite_settings(void **state)
{
	(void)state;
	struct ms_sat_composite_params p;
	ms_sat_composite_default(&p);
	assert_int_equal(p.points_satisfied, 100);
	assert_int_equal(p.points_basic, 60);
	assert_int_equal(p.points_dissatisfied, 0);
	assert_int_equal(p.satisfied_min, 85);
	assert_int_equal(p.basic_min, 60);
	/* points 100 / 80 / 20, bands 90 / 70: (100×1 + 80×1 + 20×2) / 4 = 55 */
	p = (struct ms_sat_composite_params){100, 80, 20, 90, 70};
	const struct ms_sat_component c[1] = {{1, 1, 1, 2}};
	struct ms_sat_composite out;
	assert_int_equal(ms_sat_composite_score(&p, c, 1, &out, NULL), 0);
	assert_int_equal(ms_rat_cmp_i64(&out.score, 55, NULL), 0);
	assert_int_equal(out.verdict, MS_VERDICT_DISSATISFIED);
	ms_sat_composite_fini(&out);

	static const struct {
		struct ms_sat_composite_params p;
		size_t n;
		uint32_t weight1;
		const struct ms_code *code;
		const char *field;
	} bad[] = {
		{{100, 60, 0, 85, 60}, 0, 1, &MS_E_SAT_COMPONENTS_COUNT, "components"},
		{{100, 60, 0, 85, 60}, MS_SAT_COMPONENTS_MAX + 1, 1, &MS_E_SAT_COMPONENTS_COUNT, "components"},
		{{100, 60, 0, 85, 60}, 2, 0, &MS_E_SAT_ZERO_WEIGHT, "weight"},
		{{101, 60, 0, 85, 60}, 2, 1, &MS_E_SAT_POINTS_OVER, "points_satisfied"},
		{{100, 101, 0, 85, 60}, 2, 1, &MS_E_SAT_POINTS_OVER, "points_basic"},
		{{100, 60, 101, 85, 60}, 2, 1, &MS_E_SAT_POINTS_OVER, "points_dissatisfied"},
		{{100, 60, 0, 101, 60}, 2, 1, &MS_E_SAT_BANDS, "satisfied_min"},
		{{100, 60, 0, 85, 86}, 2, 1, &MS_E_SAT_BANDS, "basic_min"},
	};
	struct ms_sat_component many[MS_SAT_COMPONENTS_MAX + 1];
	for (size_t i = 0; i < N_OF(bad); i++) {
		for (size_t k = 0; k < N_OF(many); k++)
			many[k] = (struct ms_sat_component){k == 1 ? bad[i].weight1 : 1, 1, 0, 0};
		struct ms_error e;
		ms_error_clear(&e);
		assert_int_equal(ms_sat_composite_check(&bad[i].p, many, bad[i].n, &e), MS_ERR_UNPROCESSABLE);
		assert_string_equal(e.code, bad[i].code->code);
		assert_string_equal(e.field, bad[i].field);
		memset(&out, 0xAB, sizeof out);
		assert_int_equal(ms_sat_composite_score(&bad[i].p, many, bad[i].n, &out, &e), MS_ERR_UNPROCESSABLE);
		assert_int_equal(out.verdict, MS_VERDICT_NONE);
		ms_sat_composite_fini(&out); /* nothing to free */
	}
	/* basic_min = satisfied_min = 100 is allowed */
	p = (struct ms_sat_composite_params){100, 60, 0, 100, 100};
	assert_int_equal(ms_sat_composite_check(&p, c, 1, NULL), 0);
	assert_int_equal(ms_sat_composite_check(NULL, c, 1, NULL), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_sat_composite_check(&p, NULL, 1, NULL), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_sat_composite_score(&p, c, 1, NULL, NULL), MS_ERR_UNPROCESSABLE);
	ms_sat_composite_fini(NULL);
}

static void test_composite_text(void **state)
{
	(void)state;
	struct ms_sat_composite_params p;
	ms_sat_composite_default(&p);
	const struct ms_sat_component c[3] = {{60, 0, 0, 0}, {30, 0, 0, 0}, {10, 0, 0, 0}};
	const char *const en[3] = {"public survey", "leaders", "online votes"};
	const char *const zh[3] = {"公众调查", "领导评价", "网络投票"};
	char buf[1024];
	size_t n = ms_sat_composite_text_en(&p, c, en, 3, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_non_null(strstr(buf, "Composite score: public survey 60%, leaders 30%, online votes 10%; "));
	assert_non_null(strstr(buf, "100 points for each satisfied, 60 for each basically satisfied and 0 for each "
				    "dissatisfied response"));
	assert_non_null(strstr(buf, "left out and the other weights are scaled up"));
	assert_non_null(strstr(buf, "satisfied at 85 points or more, basically satisfied at 60 or more"));
	assert_null(strstr(buf, "of a total"));
	n = ms_sat_composite_text_zh(&p, c, zh, 3, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_non_null(strstr(buf, "综合测评得分：公众调查占60%、领导评价占30%、网络投票占10%；"));
	assert_non_null(strstr(buf, "满意每票100分、基本满意每票60分、不满意每票0分"));
	assert_non_null(strstr(buf, "无人评价的不计入"));
	assert_non_null(strstr(buf, "得分85分及以上为满意，60分及以上为基本满意"));
	/* weights not totalling 100, labels missing */
	const struct ms_sat_component c2[2] = {{2, 0, 0, 0}, {1, 0, 0, 0}};
	ms_sat_composite_text_en(&p, c2, NULL, 2, buf, sizeof buf);
	assert_non_null(strstr(buf, "Composite score: component 1 weight 2, component 2 weight 1 (of a total 3);"));
	ms_sat_composite_text_zh(&p, c2, NULL, 2, buf, sizeof buf);
	assert_non_null(strstr(buf, "综合测评得分：第1部分权重2、第2部分权重1（权重合计3）；"));
	assert_int_equal(ms_sat_composite_text_en(NULL, c2, NULL, 2, buf, sizeof buf), 0);
	assert_int_equal(ms_sat_composite_text_zh(&p, c2, NULL, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

static void test_score_text(void **state)
{
	(void)state;
	struct ms_sat_composite_params p = {.points_satisfied = 100, .points_basic = 70, .points_dissatisfied = 10,
					    .satisfied_min = 90, .basic_min = 65};
	char buf[512];
	size_t n = ms_sat_score_text_en(&p, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_non_null(strstr(buf, "100 points for each satisfied, 70 for each basically satisfied and 10 for each "
				    "dissatisfied rating"));
	assert_non_null(strstr(buf, "satisfied at 90 points or more, basically satisfied at 65 or more"));
	n = ms_sat_score_text_zh(&p, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_non_null(strstr(buf, "满意每票100分、基本满意每票70分、不满意每票10分"));
	assert_non_null(strstr(buf, "弃权不计"));
	assert_non_null(strstr(buf, "得分90分及以上为满意，65分及以上为基本满意"));
	/* cut short, still terminated, and the length it needed */
	char tiny[8];
	assert_int_equal(ms_sat_score_text_zh(&p, tiny, sizeof tiny), n);
	assert_true(strlen(tiny) < sizeof tiny);
	assert_int_equal(ms_sat_score_text_en(NULL, buf, sizeof buf), 0);
}

/* ---- bad input and failures -------------------------------------------------------------------- */

static void test_defaults(void **state)
{
	(void)state;
	struct ms_sat_params p;
	memset(&p, 0xAB, sizeof p);
	ms_sat_params_default(&p, 5);
	assert_int_equal(p.n_items, 5);
	assert_int_equal(p.n_sub, 0);
	assert_int_equal(p.combine, MS_COMBINE_POOLED);
	assert_true(p.abstain_allowed);
	assert_int_equal(p.base, MS_BASE_ALL);
	assert_int_equal(p.frac_num, 1);
	assert_int_equal(p.frac_den, 2);
	assert_true(p.strict);
	assert_int_equal(p.deputies_all, 0);
	ms_sat_params_default(NULL, 5);
	assert_int_equal(ms_sat_params_check(NULL, NULL), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_sat_verdict(NULL, 10, 1, 2, true), MS_VERDICT_NONE);
}

static void test_rejects_bad_input(void **state)
{
	(void)state;
	const struct ms_sat_params p = {SAT(2, 5, 5)};
	struct ms_sat_result r;
	struct ms_error e;
	ms_error_clear(&e);
	assert_int_equal(ms_sat_count(A, &p, NULL, 2, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_MISSING_INPUT.code);
	assert_string_equal(e.field, "marks");
	assert_null(r.items);
	assert_int_equal(ms_sat_count(NULL, &p, NULL, 0, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_sat_count(A, NULL, NULL, 0, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_sat_count(A, &p, NULL, 0, NULL, &e), MS_ERR_UNPROCESSABLE);
	/* ballots beyond what 32-bit pooled tallies hold */
	const struct ms_sat_params sub = {SAT(1, 5, 5), .n_sub = 8};
	const uint8_t mark[8] = {1};
	assert_int_equal(ms_sat_count(A, &sub, mark, (size_t)UINT32_MAX / 8 + 1, &r, &e), MS_ERR_UNPROCESSABLE);
	assert_string_equal(e.code, MS_E_COUNT_TOO_MANY_BALLOTS.code);
	ms_sat_result_fini(A, &r);
	ms_sat_result_fini(A, NULL);
	ms_sat_result_fini(NULL, &r);
}

/* Fail the k-th allocation, k = 1, 2, …: each failure is MS_ERR_NOMEM with
 * nothing held; the first success frees everything it took. */
static void fail_each(const struct ms_sat_params *p, const char *ballots, size_t want_failures)
{
	uint32_t per = p->n_sub ? p->n_sub : 1;
	size_t n;
	uint8_t *marks = parse_ballots(ballots, (size_t)p->n_items * per, &n);
	size_t failures = 0;
	for (size_t k = 1; k < 20; k++) {
		struct ms_test_failing f = {0, k, 0};
		struct ms_allocator a = ms_test_failing_allocator(&f);
		struct ms_sat_result r;
		struct ms_error e;
		ms_error_clear(&e);
		int rc = ms_sat_count(&a, p, marks, n, &r, &e);
		if (rc == 0) {
			assert_true(f.calls < k);
			check_invariants(p, &r, n);
			ms_sat_result_fini(&a, &r);
			assert_int_equal(f.live, 0);
			break;
		}
		assert_int_equal(rc, MS_ERR_NOMEM);
		assert_int_equal(e.err, MS_ERR_NOMEM);
		assert_int_equal(f.live, 0);
		assert_null(r.items);
		ms_sat_result_fini(&a, &r);
		failures++;
	}
	assert_int_equal(failures, want_failures);
	free(marks);
}

static void test_alloc_failure_each_step(void **state)
{
	(void)state;
	const struct ms_sat_params whole = {SAT(3, 33, 29)};
	fail_each(&whole, ZHENHAI, 1);
	const struct ms_sat_params sub = {SAT(2, 4, 4), .n_sub = 3};
	fail_each(&sub, "SSB-DD SSS-DD SBBSDD BBBSDD", 3);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_text_truncation),
		cmocka_unit_test(test_composite),
		cmocka_unit_test(test_composite_settings),
		cmocka_unit_test(test_composite_text),
		cmocka_unit_test(test_score_text),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_rejects_bad_input),
		cmocka_unit_test(test_alloc_failure_each_step),
	};
	const struct ms_test_table tables[] = {
		MS_TEST_TABLE(verdicts, test_verdict),
		MS_TEST_TABLE(counts, test_count),
		MS_TEST_TABLE(params, test_params),
		MS_TEST_TABLE(texts, test_text),
	};
	return ms_test_run_tables("satisfaction", tables, N_OF(tables), fixed, N_OF(fixed));
}
