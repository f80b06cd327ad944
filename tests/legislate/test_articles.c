/*
 * test_articles.c — legislate/legislate.h's ms_articles_split: a draft's
 * text into its articles, one table of cases: the labels (第…条 in Chinese
 * numerals or digits, after ASCII or ideographic spaces), each article's
 * text up to the next article or heading, the chapter and section headings
 * carried, the title and preamble left out, a text without articles one
 * 全文, look-alikes that are not articles, and the limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "legislate/legislate.h"
#include "unit.h"

struct split_case {
	const char *name;
	const char *text;
	const char *want; /* the articles as "label|chapter|text" lines joined by "\n~\n"; NULL: refused draft_too_long */
};

static const struct split_case cases[] = {
	{"two articles after a title", "某某条例（草案）\n第一条　为了规范。\n第二条　本条例适用于全市。",
	 "第一条||为了规范。\n~\n第二条||本条例适用于全市。"},
	{"an article over several lines", "第一条 甲。\n  乙。\n\n第二条 丙。", "第一条||甲。\n  乙。\n~\n第二条||丙。"},
	{"digits and big numbers", "第1条 一。\n第一百二十三条 二。\n第124条\n三。",
	 "第1条||一。\n~\n第一百二十三条||二。\n~\n第124条||三。"},
	{"chapters and sections", "第一章 总则\n第一条 甲。\n第二章　管理\n第一节 一般规定\n第二条 乙。\n第二节 特别规定\n第三条 丙。",
	 "第一条|第一章 总则|甲。\n~\n第二条|第二章 管理 / 第一节 一般规定|乙。\n~\n"
	 "第三条|第二章 管理 / 第二节 特别规定|丙。"},
	{"a heading ends the article before it", "第一条 甲。\n第二章 其他\n不属于任何条的说明。\n第二条 乙。",
	 "第一条||甲。\n~\n第二条|第二章 其他|乙。"},
	{"ideographic and no-break spaces", "\xE3\x80\x80第一条\xE3\x80\x80甲。\xE3\x80\x80\n\xC2\xA0第二条 乙。",
	 "第一条||甲。\n~\n第二条||乙。"},
	{"a cross-reference mid-line is no article", "第一条 依照第二条的规定办理。", "第一条||依照第二条的规定办理。"},
	{"第 without a number is no article", "第条 不是条文。\n第一条 是。", "第一条||是。"},
	{"an empty article", "第一条\n第二条 乙。", "第一条||\n~\n第二条||乙。"},
	{"no article: the whole text", "  关于某事项的决定\n为了做好工作，特作如下决定。 \n",
	 "全文||关于某事项的决定\n为了做好工作，特作如下决定。"},
	{"CRLF line ends", "第一条 甲。\r\n第二条 乙。\r\n", "第一条||甲。\n~\n第二条||乙。"},
	{"an article put between: 第二条之一", "第二条 乙。\n第二条之一　乙之一。\n第三条 丙。",
	 "第二条||乙。\n~\n第二条之一||乙之一。\n~\n第三条||丙。"},
	{"a line beginning with a reference continues the article", "第十一条 依照下列规定：\n第十二条规定的事项除外。\n第十二条 其他。",
	 "第十一条||依照下列规定：\n第十二条规定的事项除外。\n~\n第十二条||其他。"},
	{"run into its text, the next number is an article", "第一条为了规范。\n第二条本条例适用于全市。",
	 "第一条||为了规范。\n~\n第二条||本条例适用于全市。"},
	{"numbers with 零 and 百, run in", "第一百零二条甲。\n第一百零三条乙。\n第一百零五条丙。",
	 "第一百零二条||甲。\n~\n第一百零三条||乙。\n第一百零五条丙。"},
	{"too many articles", NULL, NULL},
};

/* The articles as the table writes them. */
static char *render(json_t *arts)
{
	size_t cap = 1 << 16, len = 0, i;
	char *s = malloc(cap);
	json_t *a;
	s[0] = '\0';
	json_array_foreach(arts, i, a) {
		const char *ch = json_string_value(json_object_get(a, "chapter"));
		len += (size_t)snprintf(s + len, cap - len, "%s%s|%s|%s", i ? "\n~\n" : "",
					json_string_value(json_object_get(a, "label")), ch ? ch : "",
					json_string_value(json_object_get(a, "text")));
	}
	return s;
}

static void run_split(void **state)
{
	const struct split_case *c = *state;
	char *many = NULL;
	const char *text = c->text;
	if (!text) { /* MS_DRAFT_ARTICLES_MAX + 1 articles */
		size_t cap = 32 * (MS_DRAFT_ARTICLES_MAX + 2), len = 0;
		many = malloc(cap);
		for (int i = 1; i <= MS_DRAFT_ARTICLES_MAX + 1; i++)
			len += (size_t)snprintf(many + len, cap - len, "第%d条 内容。\n", i);
		text = many;
	}
	json_t *out = NULL;
	struct ms_error e = {0};
	int rc = ms_articles_split(text, &out, &e);
	if (!c->want) {
		assert_int_not_equal(rc, 0);
		assert_string_equal(e.code, "draft_too_long");
		assert_null(out);
	} else {
		assert_int_equal(rc, 0);
		char *got = render(out);
		assert_string_equal(got, c->want);
		free(got);
	}
	json_decref(out);
	free(many);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, cases, run_split);
	return ms_unit_run("articles", &l, NULL, NULL);
}
