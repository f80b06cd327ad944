/*
 * test_search.c — store/search.h's pure part: normalising (NFKC and case
 * folding: full-width ＡＢＣ is abc), the token string (CJK bigrams, words),
 * and which queries are refused (a term of one character).
 */
#include <stdlib.h>
#include <string.h>

#include "store/search.h"
#include "unit.h"

struct tok_case {
	const char *name;
	const char *text;
	const char *tokens;
};

static const struct tok_case toks[] = {
	{"bigrams", "加装电梯", "加装 装电 电梯"},
	{"two characters", "电梯", "电梯"},
	{"one character", "灯", "灯"},
	{"punctuation separates", "加装，电梯！", "加装 电梯"},
	{"full-width Latin and digits", "ＡＢＣ１２３号楼", "abc123 号楼"},
	{"case folded", "Hello WORLD", "hello world"},
	{"mixed", "3号楼电梯坏了", "3 号楼 楼电 电梯 梯坏 坏了"},
	{"full-width space", "停车　难", "停车 难"},
	{"nothing", "，。！ ", ""},
	{"empty", "", ""},
	{"invalid UTF-8 separates", "电\xff梯", "电 梯"},
};

static void run_tok(void **state)
{
	const struct tok_case *c = *state;
	char *out = NULL;
	size_t n = 99;
	assert_int_equal(ms_search_tokens(c->text, strlen(c->text), &out, &n), 0);
	assert_string_equal(out, c->tokens);
	size_t words = 0;
	for (const char *p = out; *p; p++)
		if (*p == ' ')
			words++;
	assert_int_equal(n, *out ? words + 1 : 0);
	free(out);
}

struct q_case {
	const char *name;
	const char *q;
	int verdict;
};

static const struct q_case queries[] = {
	{"two characters", "电梯", 0},
	{"four", "加装电梯", 0},
	{"two terms", "电梯 停车", 0},
	{"Latin", "abc", 0},
	{"full-width Latin", "ＡＢ", 0},
	{"one character", "电", MS_SEARCH_Q_SHORT},
	{"one of two terms short", "电梯 车", MS_SEARCH_Q_SHORT},
	{"one digit", "3", MS_SEARCH_Q_SHORT},
	{"empty", "", MS_SEARCH_Q_EMPTY},
	{"spaces and punctuation", "  ，。 ", MS_SEARCH_Q_EMPTY},
	{"NULL", NULL, MS_SEARCH_Q_EMPTY},
	{"too many terms", "aa bb cc dd ee ff gg hh ii", MS_SEARCH_Q_MANY},
};

static void run_q(void **state)
{
	const struct q_case *c = *state;
	assert_int_equal(ms_search_query_check(c->q), c->verdict);
}

static void test_normalise(void **state)
{
	(void)state;
	char *s = NULL;
	assert_int_equal(ms_search_normalise("ＡＢＣ，Ｄ１", strlen("ＡＢＣ，Ｄ１"), &s), 0);
	assert_string_equal(s, "abc,d1");
	free(s);
}

static void test_long(void **state)
{
	(void)state;
	size_t n = MS_SEARCH_TEXT_MAX + 300;
	char *big = malloc(n + 1);
	assert_non_null(big);
	for (size_t i = 0; i + 3 <= n; i += 3)
		memcpy(big + i, "电", 3);
	big[n - n % 3] = '\0';
	char *out = NULL;
	size_t count = 0;
	assert_int_equal(ms_search_tokens(big, strlen(big), &out, &count), 0);
	assert_true(count > 0 && count < MS_SEARCH_TEXT_MAX / 3);
	free(out);
	free(big);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, toks, run_tok);
	MS_UNIT_TABLE(&l, queries, run_q);
	MS_UNIT_TEST(&l, test_normalise);
	MS_UNIT_TEST(&l, test_long);
	return ms_unit_run("search", &l, NULL, NULL);
}
