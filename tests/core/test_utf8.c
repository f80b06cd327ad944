/*
 * test_utf8.c — core/utf8.h, the one UTF-8 module (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF).
 *
 * Two tables, one runner each: byte strings with their length in
 * characters, their longest well-formed prefix and the sequence that
 * starts them; cuts at so many bytes (ms_utf8_clip) or characters
 * (ms_utf8_prefix).
 * Every well-formed string of the first table is also cut at every byte
 * and at every character, against the definitions.
 */
#include <string.h>

#include "core/utf8.h"
#include "unit.h"

/* ---- whole strings ------------------------------------------------------ */

struct text_case {
	const char *name;
	const char *s;
	size_t n;      /* bytes given to the functions */
	long chars;    /* ms_utf8_len: -1 when not well-formed */
	size_t prefix; /* ms_utf8_valid_prefix */
	size_t seq;    /* ms_utf8_seq at the start */
};

#define T(name, lit, chars, prefix, seq) {name, LIT(lit), chars, prefix, seq}
/* lit cut to its first n bytes */
#define CUT(name, lit, n, chars, prefix, seq) {name, lit, n, chars, prefix, seq}

static const struct text_case texts[] = {
	T("empty", "", 0, 0, 0),
	T("ASCII", "hello", 5, 5, 1),
	T("NUL is a character", "a\0b", 3, 3, 1),
	T("Chinese", "中华人民共和国", 7, 21, 3),
	T("Chinese punctuation", "“民生”，。", 6, 18, 3),
	T("U+0080, the first 2-byte", "\xC2\x80", 1, 2, 2),
	T("U+00A9, smallest lead C2", "\xC2\xA9", 1, 2, 2),
	T("U+07FF", "\xDF\xBF", 1, 2, 2),
	T("U+0800", "\xE0\xA0\x80", 1, 3, 3),
	T("U+D7FF, below the surrogates", "\xED\x9F\xBF", 1, 3, 3),
	T("U+E000, above the surrogates", "\xEE\x80\x80", 1, 3, 3),
	T("U+FFFF", "\xEF\xBF\xBF", 1, 3, 3),
	T("U+10000", "\xF0\x90\x80\x80", 1, 4, 4),
	T("U+1F600, an emoji", "\xF0\x9F\x98\x80", 1, 4, 4),
	T("U+10FFFF", "\xF4\x8F\xBF\xBF", 1, 4, 4),
	T("ASCII, emoji and Chinese", "a😀中b", 4, 9, 1),
	T("lone continuation byte", "\x80", -1, 0, 0),
	T("continuation byte after ASCII", "a\xBF", -1, 1, 1),
	T("continuation byte after Chinese", "中\x80", -1, 3, 3),
	T("overlong '/'", "\xC0\xAF", -1, 0, 0),
	T("overlong, lead C1", "\xC1\xBF", -1, 0, 0),
	T("overlong NUL", "\xC0\x80", -1, 0, 0),
	T("overlong 3-byte '/'", "\xE0\x80\xAF", -1, 0, 0),
	T("overlong U+07FF", "\xE0\x9F\xBF", -1, 0, 0),
	T("overlong 4-byte '/'", "\xF0\x80\x80\xAF", -1, 0, 0),
	T("overlong U+FFFF", "\xF0\x8F\xBF\xBF", -1, 0, 0),
	T("surrogate U+D800", "\xED\xA0\x80", -1, 0, 0),
	T("surrogate U+DFFF", "\xED\xBF\xBF", -1, 0, 0),
	T("CESU-8 surrogate pair", "\xED\xA0\xBD\xED\xB8\x80", -1, 0, 0),
	T("U+110000", "\xF4\x90\x80\x80", -1, 0, 0),
	T("lead F5", "\xF5\x80\x80\x80", -1, 0, 0),
	T("5-byte form", "\xF8\x88\x80\x80\x80", -1, 0, 0),
	T("byte FE", "\xFE", -1, 0, 0),
	T("byte FF", "\xFF", -1, 0, 0),
	T("truncated 2-byte", "\xC2", -1, 0, 0),
	T("truncated 3-byte", "\xE4\xB8", -1, 0, 0),
	T("truncated 4-byte", "\xF0\x9F\x98", -1, 0, 0),
	T("truncated after ASCII", "ab\xE4", -1, 2, 1),
	T("bad continuation of a 3-byte", "\xE4\x41\x41", -1, 0, 0),
	T("bad continuation of a 4-byte", "\xF0\x9F\x41\x80", -1, 0, 0),
	T("lead byte after a lead byte", "\xC2\xC2\xA9", -1, 0, 0),
	T("Chinese, FF, Chinese", "中\xFF文", -1, 3, 3),
	CUT("n bounds the scan: abc at 2", "abc", 2, 2, 2, 1),
	CUT("n bounds the scan: 中文 at 3", "中文", 3, 1, 3, 3),
	CUT("n cuts a character: 中文 at 4", "中文", 4, -1, 3, 3),
	CUT("n cuts a character: 中 at 2", "中", 2, -1, 0, 0),
	CUT("n cuts a character: emoji at 3", "\xF0\x9F\x98\x80", 3, -1, 0, 0),
};

/* Every cut of well-formed s: ms_utf8_clip is the largest well-formed
 * prefix within max bytes, ms_utf8_prefix the prefix of so many
 * characters. */
static void check_cuts(const char *s, size_t n, long chars)
{
	for (size_t max = 0; max <= n + 1; max++) {
		size_t k = ms_utf8_clip(s, n, max), lim = max < n ? max : n;
		if (k > lim || !ms_utf8_valid(s, k))
			fail_msg("clip at %zu gave %zu", max, k);
		for (size_t j = k + 1; j <= lim; j++)
			if (ms_utf8_valid(s, j))
				fail_msg("clip at %zu gave %zu, but %zu bytes are well-formed", max, k, j);
	}
	for (size_t c = 0; c <= (size_t)chars + 1; c++) {
		size_t off = ms_utf8_prefix(s, n, c);
		long want = (long)c < chars ? (long)c : chars;
		if (ms_utf8_len(s, off) != want || (want == chars && off != n))
			fail_msg("prefix of %zu characters ends at %zu", c, off);
	}
}

static void run_text(void **state)
{
	const struct text_case *t = *state;
	assert_int_equal(ms_utf8_len(t->s, t->n), t->chars);
	assert_int_equal(ms_utf8_valid(t->s, t->n), t->chars >= 0);
	assert_int_equal(ms_utf8_valid_prefix(t->s, t->n), t->prefix);
	assert_int_equal(ms_utf8_seq(t->s, t->n), t->seq);
	/* The prefix is well-formed, and no character starts where it ends. */
	assert_true(ms_utf8_valid(t->s, t->prefix));
	if (t->prefix < t->n)
		assert_int_equal(ms_utf8_seq(t->s + t->prefix, t->n - t->prefix), 0);
	else
		check_cuts(t->s, t->n, t->chars);
}

/* ---- cuts and character prefixes --------------------------------------- */

enum cut { CLIP, PREFIX };

struct cut_case {
	const char *name;
	const char *s;
	size_t n;
	enum cut cut; /* ms_utf8_clip at arg bytes, or ms_utf8_prefix of arg characters */
	size_t arg, want;
};

#define C(name, lit, cut, arg, want) {name, LIT(lit), cut, arg, want}

static const struct cut_case cuts[] = {
	C("中文 at 0", "中文", CLIP, 0, 0),
	C("中文 at 1", "中文", CLIP, 1, 0),
	C("中文 at 2", "中文", CLIP, 2, 0),
	C("中文 at 3", "中文", CLIP, 3, 3),
	C("中文 at 5", "中文", CLIP, 5, 3),
	C("中文 at 6", "中文", CLIP, 6, 6),
	C("中文 beyond its end", "中文", CLIP, 100, 6),
	C("a中 at 2", "a中", CLIP, 2, 1),
	C("ASCII at 2", "abc", CLIP, 2, 2),
	C("emoji at 3", "\xF0\x9F\x98\x80", CLIP, 3, 0),
	C("a, emoji at 4", "a😀", CLIP, 4, 1),
	C("a, emoji, b at 5", "a😀b", CLIP, 5, 5),
	C("2-byte at 1", "\xC2\xA9x", CLIP, 1, 0),
	/* Not UTF-8: nothing to step back to, so the cut is where asked. */
	C("continuation bytes only", "\x80\x80\x80\x80\x80", CLIP, 3, 3),
	C("中华人民, 0 characters", "中华人民", PREFIX, 0, 0),
	C("中华人民, 1 character", "中华人民", PREFIX, 1, 3),
	C("中华人民, 2 characters", "中华人民", PREFIX, 2, 6),
	C("中华人民, all 4", "中华人民", PREFIX, 4, 12),
	C("中华人民, more than it has", "中华人民", PREFIX, 5, 12),
	C("a😀中b, 2 characters", "a😀中b", PREFIX, 2, 5),
	C("a😀中b, 3 characters", "a😀中b", PREFIX, 3, 8),
	C("empty, 3 characters", "", PREFIX, 3, 0),
};

static void run_cut(void **state)
{
	const struct cut_case *c = *state;
	size_t got = c->cut == CLIP ? ms_utf8_clip(c->s, c->n, c->arg) : ms_utf8_prefix(c->s, c->n, c->arg);
	assert_int_equal(got, c->want);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, texts, run_text);
	MS_UNIT_TABLE(&l, cuts, run_cut);
	return ms_unit_run("utf8", &l, NULL, NULL);
}
