/*
 * test_rule_text.c — the rule of a congress count in words
 * (src/count/rule_text.c): a table of parameter sets, each with what its
 * English and Chinese texts say and do not say (one runner), and the
 * truncation of a text to any buffer.
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

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

#define DEFAULT_EN                                                                                      \
	"Deputies approve up to 10 of 12 projects; a project needs approvals from more than 1/2 of all 60 " \
	"deputies; the 10 with the most approvals are chosen; a tie at the cut goes to a run-off."
#define DEFAULT_ZH                                                                                     \
	"每位代表最多赞成12个候选项目中的10个；项目须获得全体60名代表过半数（超过1/2）赞成票方可通过；" \
	"按得票多少取前10个；得票相同而名额不足时，对相关项目再次投票。"

/* 12 candidates, 10 places, 60 deputies, the defaults otherwise. */
#define P12 .n_candidates = 12, .slots = 10, .max_approvals = 10, .base = MS_BASE_ALL, .frac_num = 1, \
	    .frac_den = 2, .strict = true, .deputies_all = 60, .deputies_present = 60, .ballots_issued = 60
/* 20 candidates, 10 places, 8 approvals, at least 2/3 of the 160 of 174 present. */
#define P20 .n_candidates = 20, .slots = 10, .max_approvals = 8, .base = MS_BASE_PRESENT, .frac_num = 2, \
	    .frac_den = 3, .strict = false, .deputies_all = 174, .deputies_present = 160, .ballots_issued = 174

static const int64_t no_costs[12] = {0};

/* Each case changes P12 or P20: later designated initializers override the
 * earlier ones. NULL ends a list of phrases. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct text_case {
	const char *name;
	struct ms_count_params p;
	const char *en, *zh;               /* the whole text, or NULL */
	const char *en_has[4], *en_not[2];
	const char *zh_has[4], *zh_not[2];
} cases[] = {
	{"the defaults", {P12}, DEFAULT_EN, DEFAULT_ZH, {NULL}, {NULL}, {NULL}, {NULL}},
	{"two thirds of those present, at least", {P20}, NULL, NULL,
	 {"up to 8 of 20 projects", "at least 2/3 of the 160 deputies present", "the 10 with the most approvals"},
	 {"174"},
	 {"20个候选项目中的8个", "出席会议的160名代表", "不少于三分之二（2/3）", "取前10个"}, {NULL}},
	{"two thirds of those present, more than", {P20, .strict = true}, NULL, NULL,
	 {"more than 2/3 of the 160 deputies present"}, {NULL}, {"超过三分之二（2/3）"}, {NULL}},
	{"half of the ballots cast", {P12, .base = MS_BASE_CAST}, NULL, NULL, {"more than 1/2 of the ballots cast"},
	 {"60"}, {"超过所投选票的半数（1/2）"}, {NULL}},
	{"at least half of all", {P12, .strict = false}, NULL, NULL, {"at least 1/2 of all 60 deputies"}, {NULL},
	 {"全体60名代表半数以上（不少于1/2）"}, {NULL}},
	{"a budget in 万元", {P12, .has_budget = true, .budget = 5000000, .costs = no_costs}, NULL, NULL,
	 {"budget of 5,000,000 yuan", "run-off"}, {NULL}, {"预算500万元", "再次投票"}, {NULL}},
	{"a budget in 元", {P12, .has_budget = true, .budget = 1234567, .costs = no_costs}, NULL, NULL,
	 {"1,234,567 yuan"}, {NULL}, {"1234567元"}, {NULL}},
	{"a budget in 亿元", {P12, .has_budget = true, .budget = 300000000, .costs = no_costs}, NULL, NULL, {NULL},
	 {NULL}, {"3亿元"}, {NULL}},
	{"no budget", {P12, .costs = no_costs}, NULL, NULL, {NULL}, {"yuan"}, {NULL}, {"元"}},
	{"approve, oppose or abstain", {P12, .form = MS_FORM_APPROVE_OPPOSE}, NULL, NULL,
	 {"approve, oppose or abstain on each of the 12 projects", "more than 1/2 of all 60 deputies"}, {NULL},
	 {"代表对12个候选项目逐项表决"}, {"最多赞成"}},
	{"ranked", {P12, .form = MS_FORM_RANKED}, NULL, NULL,
	 {"number up to 10 of the 12 projects in order of priority; the first gets 12 points", "run-off"},
	 {"more than"}, {"代表按优先次序为12个候选项目中的最多10个排序；排第1位的得12分", "按得分多少取前10个"},
	 {NULL}},
};
#pragma GCC diagnostic pop

/* The text of p in one language: whole, or holding and lacking phrases. */
static void check_text(size_t (*text)(const struct ms_count_params *, char *, size_t),
		       const struct ms_count_params *p, const char *whole, const char *const *has, size_t n_has,
		       const char *const *lacks, size_t n_lacks)
{
	char buf[1024];
	size_t n = text(p, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
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
	check_text(ms_count_rule_text_en, &c->p, c->en, c->en_has, N_OF(c->en_has), c->en_not, N_OF(c->en_not));
	check_text(ms_count_rule_text_zh, &c->p, c->zh, c->zh_has, N_OF(c->zh_has), c->zh_not, N_OF(c->zh_not));
}

/* Truncation: NUL-terminated, whole UTF-8 characters, and the needed length. */
static void test_truncation(void **state)
{
	(void)state;
	const struct ms_count_params p = {P12};
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
	assert_int_equal(ms_count_rule_text_en(&p, buf, sizeof buf), strlen(DEFAULT_EN));
	assert_string_equal(buf, "Deputies approve");
	assert_int_equal(ms_count_rule_text_en(NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_truncation),
	};
	return ms_test_run_group("rule_text", fixed, N_OF(fixed), cases, N_OF(cases), sizeof cases[0], test_text);
}
