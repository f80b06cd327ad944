/*
 * textbuf_internal.h — a bounded text builder for the rule texts of the
 * counting library (rule_text.c, satisfaction_text.c, assessment.c). Like
 * snprintf it counts every byte asked for (the length the whole text
 * needs); it stores at most cap - 1 bytes, whole UTF-8 characters only, so
 * a cut Chinese text is still valid UTF-8, and once one character does not
 * fit nothing more is stored. No allocation, no globals; private to
 * src/count.
 */
#ifndef MS_TEXTBUF_INTERNAL_H
#define MS_TEXTBUF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ms_textbuf {
	char *buf;
	size_t cap;
	size_t len;  /* needed */
	size_t wlen; /* stored */
	bool full;
};

/* An empty text into buf (cap bytes; buf NULL: measure only). */
void ms_textbuf_init(struct ms_textbuf *t, char *buf, size_t cap);
void ms_textbuf_puts(struct ms_textbuf *t, const char *s);
/* A piece made by vsnprintf, at most 511 bytes (short formats with numbers). */
void ms_textbuf_printf(struct ms_textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A Chinese numeral for 0..99 (零, 十二, 九十九). */
void ms_textbuf_cn_small(struct ms_textbuf *t, uint32_t v);
/* "三分之二（2/3）" for a proper fraction with den <= 99, else "2/3". */
void ms_textbuf_frac_zh(struct ms_textbuf *t, uint32_t num, uint32_t den);
/* NUL-terminates what was stored; returns the length the text needs. */
size_t ms_textbuf_finish(struct ms_textbuf *t);

#endif
