/*
 * fuzz_articles.c — libFuzzer driver for the split of a draft's text into
 * its articles (ms_articles_split, src/legislate/articles.c, linked with the
 * whole program). The input is the text, as the API lets it through: valid
 * UTF-8 without NUL, up to MS_DRAFT_TEXT_MAX characters. The invariants (a
 * broken one aborts):
 *   - the split answers the articles or 422 draft_too_long, nothing else;
 *   - there is at least one article and at most MS_DRAFT_ARTICLES_MAX;
 *   - each label is 第…条 (or 全文 for a text with no article, then alone),
 *     and it and the article's text are parts of the input, the text with
 *     no white space at either end and at most MS_ARTICLE_MAX characters;
 *   - the articles come in the input's order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "legislate/legislate.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && memcmp(s + a - b, tail, b) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4 * MS_DRAFT_TEXT_MAX || memchr(data, 0, size) || !ms_utf8_valid((const char *)data, size))
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	json_t *out = NULL;
	struct ms_error e = {0};
	int rc = ms_articles_split(text, &out, &e);
	if (rc) {
		check(!out && e.code && strcmp(e.code, "draft_too_long") == 0);
		free(text);
		return 0;
	}
	size_t n = json_array_size(out), i;
	check(n >= 1 && n <= MS_DRAFT_ARTICLES_MAX);
	const char *at = text;
	json_t *a;
	json_array_foreach(out, i, a) {
		const char *label = json_string_value(json_object_get(a, "label"));
		const char *body = json_string_value(json_object_get(a, "text"));
		check(label && body);
		if (strcmp(label, "全文") == 0) {
			check(n == 1 && json_is_null(json_object_get(a, "chapter")));
		} else {
			check(strncmp(label, "第", 3) == 0 && ends_with(label, "条"));
			const char *l = strstr(at, label);
			check(l);
			at = l + strlen(label);
		}
		check(chars(body) <= MS_ARTICLE_MAX);
		if (*body) {
			const char *b = strstr(at, body);
			check(b);
			check(body[0] != ' ' && body[strlen(body) - 1] != ' ' && body[strlen(body) - 1] != '\n');
			at = b + strlen(body);
		}
	}
	json_decref(out);
	free(text);
	return 0;
}
