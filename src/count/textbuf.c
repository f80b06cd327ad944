/*
 * textbuf.c — the bounded text builder of the counting library's rule
 * texts (textbuf_internal.h). Pure, thread-safe (touches its arguments).
 */
#include "textbuf_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"

void ms_textbuf_init(struct ms_textbuf *t, char *buf, size_t cap)
{
	t->buf = buf;
	t->cap = buf ? cap : 0;
	t->len = 0;
	t->wlen = 0;
	t->full = false;
}

void ms_textbuf_puts(struct ms_textbuf *t, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t k = ms_utf8_seq(s + i, n - i);
		if (k == 0)
			k = 1; /* not UTF-8: the byte alone (the texts here are all UTF-8) */
		if (!t->full && t->cap > 0 && t->wlen + k < t->cap) {
			memcpy(t->buf + t->wlen, s + i, k);
			t->wlen += k;
		} else {
			t->full = true;
		}
		t->len += k;
		i += k;
	}
}

void ms_textbuf_printf(struct ms_textbuf *t, const char *fmt, ...)
{
	char piece[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(piece, sizeof piece, fmt, ap);
	va_end(ap);
	ms_textbuf_puts(t, piece);
}

void ms_textbuf_cn_small(struct ms_textbuf *t, uint32_t v)
{
	static const char *const digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (v > 99) {
		ms_textbuf_printf(t, "%u", (unsigned)v);
	} else if (v >= 10) {
		if (v / 10 > 1)
			ms_textbuf_puts(t, digit[v / 10]);
		ms_textbuf_puts(t, "十");
		if (v % 10)
			ms_textbuf_puts(t, digit[v % 10]);
	} else {
		ms_textbuf_puts(t, digit[v]);
	}
}

void ms_textbuf_frac_zh(struct ms_textbuf *t, uint32_t num, uint32_t den)
{
	if (num >= 1 && num < den && den <= 99) {
		ms_textbuf_cn_small(t, den);
		ms_textbuf_puts(t, "分之");
		ms_textbuf_cn_small(t, num);
		ms_textbuf_printf(t, "（%u/%u）", (unsigned)num, (unsigned)den);
	} else {
		ms_textbuf_printf(t, "%u/%u", (unsigned)num, (unsigned)den);
	}
}

size_t ms_textbuf_finish(struct ms_textbuf *t)
{
	if (t->cap > 0)
		t->buf[t->wlen] = '\0';
	return t->len;
}
