/* articles.c — a draft's text split into its articles (legislate.h,
 * ms_articles_split). Pure: no I/O, no globals. An article's text is a
 * contiguous part of the draft's (from after its label to the line before
 * the next article or heading), trimmed of white space at both ends. */
#include "legislate.h"

#include <string.h>

/* The Chinese numerals of an article's or chapter's number, in UTF-8. */
static const char *const numerals[] = {"零", "〇", "一", "二", "三", "四", "五", "六", "七",
				       "八", "九", "十", "百", "千", "两"};

/* The length of one white-space character at s (ASCII space or tab, U+3000
 * ideographic space, U+00A0 no-break space), or 0. */
static size_t space(const char *s, const char *end)
{
	if (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		return 1;
	if (end - s >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	if (end - s >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	return 0;
}

static const char *skip_space(const char *s, const char *end)
{
	size_t n;
	while ((n = space(s, end)))
		s += n;
	return s;
}

/* The end of the white space trimmed from the right of [s, end). */
static const char *trim_end(const char *s, const char *end)
{
	while (end > s) {
		if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')
			end--;
		else if (end - s >= 3 && memcmp(end - 3, "\xE3\x80\x80", 3) == 0)
			end -= 3;
		else if (end - s >= 2 && memcmp(end - 2, "\xC2\xA0", 2) == 0)
			end -= 2;
		else
			break;
	}
	return end;
}

enum marker { NONE, ARTICLE, CHAPTER, SECTION };

/* Whether the line [s, end) begins (after white space) with 第…条, 第…章 or
 * 第…节; *label and *label_end the marker, *rest what follows it. */
/* The run of numerals at p (ASCII digits or Chinese numerals, at most 10):
 * its end, and its value in *value (-1 when it does not read as a number). */
static const char *numeral_run(const char *p, const char *end, long *value)
{
	long section = 0, digit = -1, ascii = 0;
	int n = 0;
	bool all_ascii = true, bad = false;
	while (p < end && n < 10) {
		if (*p >= '0' && *p <= '9') {
			ascii = ascii * 10 + (*p - '0');
			p++, n++;
			continue;
		}
		size_t k;
		for (k = 0; k < sizeof numerals / sizeof numerals[0]; k++)
			if (end - p >= 3 && memcmp(p, numerals[k], 3) == 0)
				break;
		if (k == sizeof numerals / sizeof numerals[0])
			break;
		all_ascii = false;
		/* 零〇 0, 一…九 1–9, 十 10, 百 100, 千 1000, 两 2 */
		static const int val[] = {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 1000, 2};
		int v = val[k];
		if (v >= 10) {
			section += (digit < 0 ? (v == 10 ? 1 : (bad = true, 0)) : digit) * v;
			digit = -1;
		} else {
			if (digit > 0 && v != 0)
				bad = true; /* two digits in a row: 一二 (零 may come before one: 一百零三) */
			digit = v;
		}
		p += 3, n++;
	}
	if (!n)
		*value = -1;
	else if (all_ascii)
		*value = ascii;
	else
		*value = bad ? -1 : section + (digit > 0 ? digit : 0);
	return p;
}

/* How a draft writes its labels, as its first article shows: followed by
 * white space (第一条　为了…), or run into the text (第一条为了…). */
enum style { UNKNOWN, SPACED, RUN_IN };

/* Whether the line [s, end) begins (after white space) with 第…条 (with 之一,
 * 之二 … when it follows), 第…章 or 第…节; *label and *label_end the marker,
 * *rest what follows it, *number the article's number (-1 when not read),
 * *spaced whether white space (or the line's end) follows it. In a draft
 * whose labels are followed by white space, a label run into its text is no
 * article ("第十二条规定的事项" at the start of a line continues the article
 * before it); in a draft that runs them in, one must be the next number. */
static enum marker marker(const char *s, const char *end, long expected, enum style style, const char **label,
			  const char **label_end, const char **rest, long *number, bool *spaced)
{
	s = skip_space(s, end);
	if (end - s < 3 || memcmp(s, "第", 3) != 0)
		return NONE;
	const char *p = numeral_run(s + 3, end, number);
	if (p == s + 3 || end - p < 3)
		return NONE;
	enum marker m = memcmp(p, "条", 3) == 0 ? ARTICLE : memcmp(p, "章", 3) == 0 ? CHAPTER
						: memcmp(p, "节", 3) == 0 ? SECTION : NONE;
	if (m == NONE)
		return NONE;
	p += 3;
	if (m == ARTICLE && end - p >= 3 && memcmp(p, "之", 3) == 0) { /* 第二条之一: an article put between */
		long sub;
		const char *q = numeral_run(p + 3, end, &sub);
		if (q > p + 3 && sub > 0)
			p = q;
	}
	*spaced = p >= end || space(p, end);
	if (m == ARTICLE && !*spaced && (style == SPACED || (style == RUN_IN && *number != expected)))
		return NONE;
	*label = s;
	*label_end = p;
	*rest = skip_space(p, end);
	return m;
}

static size_t chars(const char *s, const char *end)
{
	size_t n = 0;
	for (; s < end; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

struct split {
	json_t *out;
	long last; /* the number of the last article read, 0 before the first */
	enum style style;
	char chapter[512];
	const char *label, *label_end, *body; /* the article being read, or label NULL */
	struct ms_error *e;
};

/* Close the article being read at body_end. */
static int finish(struct split *sp, const char *body_end)
{
	if (!sp->label)
		return 0;
	const char *b = skip_space(sp->body, body_end), *t = trim_end(b, body_end);
	size_t n = json_array_size(sp->out) + 1;
	if (n > MS_DRAFT_ARTICLES_MAX || chars(b, t) > MS_ARTICLE_MAX)
		return ms_failf(sp->e, MS_E_DRAFT_TOO_LONG, "text", MS_AI(MS_DRAFT_ARTICLES_MAX), MS_AI(MS_ARTICLE_MAX),
				MS_AI((int64_t)n));
	json_t *a = json_pack("{s:s%, s:s?, s:s%}", "label", sp->label, (size_t)(sp->label_end - sp->label), "chapter",
			      sp->chapter[0] ? sp->chapter : NULL, "text", b, (size_t)(t - b));
	if (!a || json_array_append_new(sp->out, a))
		return ms_nomem(sp->e);
	sp->label = NULL;
	return 0;
}

/* A chapter (or section) heading line: its words, white space folded to one space. */
static void heading(struct split *sp, const char *s, const char *end, bool section)
{
	char *w = sp->chapter;
	size_t cap = sizeof sp->chapter, len = 0;
	if (section) { /* 第一章 总则 / 第一节 …: the section after its chapter's heading */
		char *bar = strstr(sp->chapter, " / ");
		len = bar ? (size_t)(bar - sp->chapter) : strlen(sp->chapter);
		if (len && len + 3 < cap)
			memcpy(w + len, " / ", 3), len += 3;
	}
	s = skip_space(s, end);
	end = trim_end(s, end);
	bool gap = false;
	while (s < end) {
		size_t sp_n = space(s, end);
		if (sp_n) {
			gap = true;
			s += sp_n;
			continue;
		}
		/* one whole UTF-8 character at a time, never cut */
		size_t c = 1;
		while (s + c < end && ((unsigned char)s[c] & 0xC0) == 0x80)
			c++;
		if (len + (gap ? 1 : 0) + c >= cap)
			break;
		if (gap)
			w[len++] = ' ';
		gap = false;
		memcpy(w + len, s, c);
		len += c;
		s += c;
	}
	w[len] = '\0';
}

int ms_articles_split(const char *text, json_t **out, struct ms_error *e)
{
	struct split sp = {.out = json_array(), .e = e};
	*out = NULL;
	if (!sp.out)
		return ms_nomem(e);
	const char *s = text ? text : "", *all_end = s + strlen(s);
	int rc = 0;
	while (!rc && s < all_end) {
		const char *nl = memchr(s, '\n', (size_t)(all_end - s)), *line_end = nl ? nl : all_end;
		const char *label, *label_end, *rest;
		long number;
		bool spaced;
		enum marker m = marker(s, line_end, sp.last + 1, sp.style, &label, &label_end, &rest, &number, &spaced);
		if (m != NONE && !(rc = finish(&sp, s))) {
			if (m == ARTICLE) {
				if (number > 0)
					sp.last = number;
				if (sp.style == UNKNOWN)
					sp.style = spaced ? SPACED : RUN_IN;
				sp.label = label;
				sp.label_end = label_end;
				sp.body = rest;
			} else {
				heading(&sp, s, line_end, m == SECTION);
			}
		}
		s = nl ? nl + 1 : all_end;
	}
	if (!rc)
		rc = finish(&sp, all_end);
	if (!rc && json_array_size(sp.out) == 0) { /* no article: the whole text is one */
		const char *b = skip_space(text ? text : "", all_end), *t = trim_end(b, all_end);
		if (chars(b, t) > MS_ARTICLE_MAX)
			rc = ms_failf(e, MS_E_DRAFT_TOO_LONG, "text", MS_AI(MS_DRAFT_ARTICLES_MAX), MS_AI(MS_ARTICLE_MAX),
				      MS_AI(1));
		else if (json_array_append_new(sp.out, json_pack("{s:s, s:n, s:s%}", "label", "全文", "chapter", "text", b,
								 (size_t)(t - b))))
			rc = ms_nomem(e);
	}
	if (rc) {
		json_decref(sp.out);
		return rc;
	}
	*out = sp.out;
	return 0;
}
