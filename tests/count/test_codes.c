/*
 * test_codes.c — the counting library's error catalogue (count_codes.def)
 * and name tables (count_names.c).
 *
 * Every code is unique in the whole catalogue (core's codes included),
 * names a user-facing class (4xx), has both messages, and its Chinese text
 * is Chinese: the only Latin words in it are identifiers (capitals, '_',
 * digits, Pabulib's column names) that the English text spells too; both texts take the same arguments. Every name table
 * has a value per enum value, unique keys and both labels. One cmocka test
 * per table entry (TAP).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ctype.h>

#include "count/count.h"
#include "count/assessment.h"
#include "count/election.h"
#include "count/satisfaction.h"
#include "core/err.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static size_t n_codes(const struct ms_code *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

/* The placeholders {1} … {9} a template uses, as bits. */
static unsigned placeholders(const char *t)
{
	unsigned bits = 0;
	for (const char *p = t; (p = strchr(p, '{')) != NULL; p++)
		if (p[1] >= '1' && p[1] <= '9' && p[2] == '}')
			bits |= 1u << (p[1] - '0');
	return bits;
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Whether word (n bytes) looks like an identifier rather than an English
 * word: capitals only (META, UTF, NUL), or with '_' or a digit, or one of
 * the lower-case column and file names of Pabulib. */
static int identifier(const char *word, size_t n)
{
	static const char *const names[] = {"key", "value", "points", "pb"};
	int lower = 0;
	for (size_t i = 0; i < n; i++) {
		if (word[i] == '_' || (word[i] >= '0' && word[i] <= '9'))
			return 1;
		lower |= word[i] >= 'a' && word[i] <= 'z';
	}
	if (!lower)
		return 1;
	for (size_t i = 0; i < N_OF(names); i++)
		if (strlen(names[i]) == n && strncmp(names[i], word, n) == 0)
			return 1;
	return 0;
}

/* Whether word (n bytes) stands in en as a whole word. */
static int in_english(const char *en, const char *word, size_t n)
{
	for (const char *p = en; *p; p++)
		if (strncmp(p, word, n) == 0 && (p == en || !is_word_char(p[-1])) && !is_word_char(p[n]))
			return 1;
	return 0;
}

static void check_code(const struct ms_code *c)
{
	assert_non_null(c->code);
	assert_true(strlen(c->code) > 0 && strlen(c->code) < 40);
	for (const char *p = c->code; *p; p++)
		assert_true((*p >= 'a' && *p <= 'z') || *p == '_' || (*p >= '0' && *p <= '9'));
	assert_true(strncmp(c->code, "count_", 6) == 0 || strncmp(c->code, "rule_", 5) == 0 ||
		    strncmp(c->code, "election_", 9) == 0 || strncmp(c->code, "pb_", 3) == 0 ||
		    strncmp(c->code, "sat_", 4) == 0 || strncmp(c->code, "assess_", 7) == 0);
	assert_true(c->err == MS_ERR_INVALID || c->err == MS_ERR_UNPROCESSABLE || c->err == MS_ERR_CONFLICT);
	assert_true(c->zh && c->en && *c->zh && *c->en);
	assert_int_equal(placeholders(c->zh), placeholders(c->en));
	/* Chinese: some character outside ASCII, and every Latin word (a run
	 * of letters, digits, '_' that holds a letter) is in the English too. */
	int cjk = 0;
	for (const char *p = c->zh; *p;) {
		if ((unsigned char)*p >= 0x80) {
			cjk = 1;
			p++;
			continue;
		}
		if (!is_word_char(*p) || (p > c->zh && p[-1] == '{')) {
			p++;
			continue;
		}
		size_t n = 0, letters = 0;
		for (; is_word_char(p[n]); n++)
			letters += isalpha((unsigned char)p[n]) != 0;
		if (letters && !(identifier(p, n) && in_english(c->en, p, n)))
			fail_msg("%s: '%.*s' in the Chinese text is not an identifier of the English one", c->code,
				 (int)n, p);
		p += n;
	}
	assert_true(cjk);
	/* A rendering with every argument fills both texts. */
	const struct ms_arg args[] = {MS_AI(1), MS_AS("x"), MS_AI(3), MS_AI(4), MS_AI(5)};
	struct ms_error e;
	ms_error_clear(&e);
	assert_int_equal(ms_fail_args(&e, c, "f", args, N_OF(args)), c->err);
	assert_string_equal(e.code, c->code);
	assert_string_equal(e.field, "f");
	assert_null(strchr(e.message, '{'));
	assert_null(strstr(e.message_zh, "{1}"));
	assert_true(*e.message && *e.message_zh);
}

static void test_code(void **state)
{
	check_code(*state);
}

static void test_unique(void **state)
{
	(void)state;
	size_t n = n_codes(ms_count_codes), nc = n_codes(ms_core_codes);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			assert_true(ms_count_codes[i] != ms_count_codes[j]);
			if (strcmp(ms_count_codes[i]->code, ms_count_codes[j]->code) == 0)
				fail_msg("code %s twice", ms_count_codes[i]->code);
		}
		for (size_t j = 0; j < nc; j++)
			if (strcmp(ms_count_codes[i]->code, ms_core_codes[j]->code) == 0)
				fail_msg("code %s is core's", ms_count_codes[i]->code);
	}
}

/* A name table: one entry per enum value (n), unique keys, both labels. */
struct table_case {
	const char *name;
	const struct ms_names *t;
	size_t n;
	const char *first, *last; /* keys of the first and last enum values */
};

static const struct table_case tables[] = {
	{"ballot forms", &ms_ballot_form_names, MS_FORM_RATE + 1, "pick", "rate"},
	{"threshold bases", &ms_threshold_base_names, MS_BASE_CAST + 1, "all", "cast"},
	{"candidate outcomes", &ms_count_status_names, MS_CAND_RUNOFF + 1, "selected", "runoff"},
	{"vote types", &ms_vote_type_names, MS_VOTE_ORDINAL + 1, "approval", "ordinal"},
	{"satisfaction ratings", &ms_rating_names, MS_RATING_DISSATISFIED + 1, "abstain", "dissatisfied"},
	{"satisfaction verdicts", &ms_verdict_names, MS_VERDICT_NONE + 1, "satisfied", "none"},
	{"sub-item combinations", &ms_combine_names, MS_COMBINE_WORST + 1, "pooled", "worst"},
	{"assessment classes", &ms_assess_class_names, MS_CLASS_NONE + 1, "excellent", "none"},
};

static void test_table(void **state)
{
	const struct table_case *c = *state;
	const struct ms_names *t = c->t;
	assert_int_equal(t->n, c->n);
	assert_string_equal(ms_names_key(t, 0), c->first);
	assert_string_equal(ms_names_key(t, (int)c->n - 1), c->last);
	assert_string_equal(ms_names_key(t, (int)c->n), "?");
	for (size_t i = 0; i < t->n; i++) {
		assert_true(*t->v[i].key && *t->v[i].zh && *t->v[i].en);
		assert_int_equal(ms_names_find(t, t->v[i].key), (int)i);
		assert_true((unsigned char)t->v[i].zh[0] >= 0x80);
	}
	assert_int_equal(ms_names_find(t, "no such key"), -1);
}

int main(void)
{
	size_t n = n_codes(ms_count_codes);
	struct CMUnitTest *tests = calloc(n + N_OF(tables) + 1, sizeof *tests);
	if (!tests)
		return 1;
	size_t k = 0;
	tests[k++] = (struct CMUnitTest){.name = "codes unique in the catalogue", .test_func = test_unique};
	for (size_t i = 0; i < n; i++)
		tests[k++] = (struct CMUnitTest){.name = ms_count_codes[i]->code, .test_func = test_code,
						 .initial_state = (void *)ms_count_codes[i]};
	for (size_t i = 0; i < N_OF(tables); i++)
		tests[k++] = (struct CMUnitTest){.name = tables[i].name, .test_func = test_table,
						 .initial_state = (void *)&tables[i]};
	int rc = _cmocka_run_group_tests("codes", tests, k, NULL, NULL);
	free(tests);
	return rc;
}
