/*
 * pb_scan.c — the text layer of the Pabulib reader (pb_internal.h): the
 * private copy of the input, checked to be UTF-8 without NUL bytes while its
 * line ends, ';' and ',' are counted (so that every array can be sized once,
 * from above), and rows cut into fields in place — a field's text stays where
 * it was, NUL-terminated over its separator, and a quoted field is unescaped
 * in place.
 *
 * ASCII runs are checked and counted 16 bytes at a time with SSE2 (8-byte
 * words elsewhere, plain C with -DMS_PB_NO_SIMD); every other character is
 * checked by ms_utf8_seq. The ends of fields come from a 64-bit mask of the
 * stops (';', '\n', NUL) of each 64-byte chunk. Errors name the physical
 * line (1-based) where the offending row starts; encoding errors, found
 * before rows are cut, the line of the offending byte.
 */
#include "pb_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "../core/utf8.h"

#if PB_SSE2
#include <emmintrin.h>
#endif

#if !PB_SSE2
static inline size_t count_high(uint64_t m)
{
	return (size_t)(((m >> 7) * ONES) >> 56);
}
#endif

/* Bit i set when base[i] is ';', '\n' or NUL (base + 64 is inside the
 * copy and its padding). */
static inline uint64_t stop_mask(const char *base)
{
#if PB_SSE2
	const __m128i k_sc = _mm_set1_epi8(';'), k_nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	uint64_t m = 0;
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(base + 16 * k));
		__m128i x = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, k_sc), _mm_cmpeq_epi8(v, k_nl)),
					 _mm_cmpeq_epi8(v, zero));
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * k);
	}
	return m;
#else
	uint64_t m = 0;
	for (int k = 0; k < 64; k++)
		if (base[k] == ';' || base[k] == '\n' || base[k] == 0)
			m |= 1ull << k;
	return m;
#endif
}

static inline int ctz64(uint64_t m)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_ctzll(m);
#else
	int n = 0;
	while (!(m & 1)) {
		m >>= 1;
		n++;
	}
	return n;
#endif
}

/* Point the stop mask at p, a stop itself, and drop that stop: after a
 * quoted field, where p jumped ahead. */
static inline void stops_at(char *p, char *start, char **base, uint64_t *bits)
{
	size_t off = (size_t)(p - *base);   /* huge when p is before *base */
	if (off >= 64) {
		*base = start + (((size_t)(p - start)) & ~(size_t)63);
		*bits = stop_mask(*base);
		off = (size_t)(p - *base);
	}
	*bits &= ~0ull << off;
	*bits &= *bits - 1;
}

/* What one thread finds scanning [from, to) of the input c (len bytes): a
 * character that starts before to is checked whole. */
struct scan_part {
	const char *c;          /* the copy (complete when the part is scanned) */
	size_t len, from, to;
	size_t nl, ns, nc;      /* '\n', ';', ',' in [from, to) */
	size_t quote_end;       /* one past the last '"' (0: none) */
	struct pb_ck *ck;       /* checkpoints of the counts from from (NULL: none) */
	size_t nck, ck_cap, ck_next;
	size_t bad_at;          /* the first byte that is NUL or not UTF-8; SIZE_MAX: none */
};

/* A checkpoint of the counts at i, at most one per PB_CK_STEP bytes. */
static inline void mark(struct scan_part *o, size_t i, size_t nl, size_t nc)
{
	if (o->nck < o->ck_cap && i >= o->ck_next) {
		o->ck[o->nck++] = (struct pb_ck){i, nl, nc};
		o->ck_next = i + PB_CK_STEP;
	}
}

/* One past the last '"' before offset i of c (there is one). */
static size_t last_quote(const char *c, size_t i)
{
	while (c[i - 1] != '"')
		i--;
	return i;
}

#if PB_SSE2
/* ms_utf8_seq, called where it is rare (so that the loop keeps its sums in
 * registers). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline, cold))
#endif
static size_t utf8_seq_cold(const char *p, size_t n)
{
	return ms_utf8_seq(p, n);
}

/* The first NUL in [from, to) of c, or to. */
static size_t first_nul(const char *c, size_t from, size_t to)
{
	const char *z = from < to ? memchr(c + from, 0, to - from) : NULL;
	return z ? (size_t)(z - c) : to;
}
#endif

/* The slow path: one character at c[*i]; false (and o->bad_at) when it is
 * NUL or not UTF-8. */
static bool scan_char(struct scan_part *o, size_t *i, size_t *nl, size_t *ns, size_t *nc)
{
	unsigned char b = (unsigned char)o->c[*i];
	size_t k = b ? ms_utf8_seq(o->c + *i, o->len - *i) : 0;
	if (!k) {
		o->bad_at = *i;
		return false;
	}
	*nl += b == '\n';
	*ns += b == ';';
	*nc += b == ',';
	*i += k;
	if (b == '"')
		o->quote_end = *i;
	return true;
}

#if PB_SSE2
static size_t sum_bytes(__m128i acc)
{
	uint64_t h[2];
	_mm_storeu_si128((__m128i *)h, _mm_sad_epu8(acc, _mm_setzero_si128()));
	return (size_t)(h[0] + h[1]);
}
#endif

/* Check UTF-8 and NULs over [o->from, o->to) of the copy, count '\n', ';',
 * ','. ASCII
 * runs go 16 (SSE2) or 8 (SWAR) bytes at a time; other characters one by
 * one. Stops at the first bad byte. */
static void scan_part(struct scan_part *o)
{
	const char *c = o->c;
	size_t to = o->to, nl = 0, ns = 0, nc = 0, i = o->from;
	o->bad_at = SIZE_MAX;
	o->ck_next = o->from + PB_CK_STEP;
#if PB_SSE2
	/* Bytes counted 16 at a time into byte lanes (flushed every 255
	 * blocks); in a block with bytes >= 0x80 each such byte at or past
	 * vpos (the end of what is checked: a character may run into the next
	 * block) must start a valid UTF-8 character. The counted bytes are
	 * ASCII and never part of a multi-byte character. A NUL is seen at the
	 * flush; the first bad byte is the first NUL of the window or the
	 * first bad character, whichever comes first. */
	const __m128i k_nl = _mm_set1_epi8('\n'), k_sc = _mm_set1_epi8(';'), k_cm = _mm_set1_epi8(',');
	const __m128i k_qt = _mm_set1_epi8('"'), zero = _mm_setzero_si128();
	size_t vpos = i;
	while (i + 16 <= to) {
		size_t blocks = (to - i) / 16, w0 = i;
		if (blocks > 255)
			blocks = 255;
		__m128i a_nl = zero, a_sc = zero, a_cm = zero, z = zero, qt = zero;
		for (size_t j = 0; j < blocks; j++, i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(c + i));
			a_nl = _mm_sub_epi8(a_nl, _mm_cmpeq_epi8(v, k_nl));
			a_sc = _mm_sub_epi8(a_sc, _mm_cmpeq_epi8(v, k_sc));
			a_cm = _mm_sub_epi8(a_cm, _mm_cmpeq_epi8(v, k_cm));
			z = _mm_or_si128(z, _mm_cmpeq_epi8(v, zero));
			qt = _mm_or_si128(qt, _mm_cmpeq_epi8(v, k_qt));
			unsigned high = (unsigned)_mm_movemask_epi8(v);
			while (high) {
				size_t q = i + (size_t)__builtin_ctz(high);
				high &= high - 1;
				if (q < vpos)
					continue;   /* a continuation byte, checked already */
				/* Two-byte characters (Latin letters with marks) here;
				 * others by ms_utf8_seq, out of the loop's way. */
				unsigned char b0 = (unsigned char)c[q];
				size_t k = b0 >= 0xC2 && b0 <= 0xDF && q + 1 < o->len && (c[q + 1] & 0xC0) == 0x80
						   ? 2 : utf8_seq_cold(c + q, o->len - q);
				if (!k) {
					o->bad_at = first_nul(c, w0, q);
					return;
				}
				vpos = q + k;
			}
		}
		if (_mm_movemask_epi8(z)) {
			o->bad_at = first_nul(c, w0, i);
			return;
		}
		nl += sum_bytes(a_nl);
		ns += sum_bytes(a_sc);
		nc += sum_bytes(a_cm);
		if (_mm_movemask_epi8(qt))
			o->quote_end = last_quote(c, i);
		mark(o, i, nl, nc);
	}
	if (vpos > i)
		i = vpos;
#else
	const uint64_t k_nl = ONES * '\n', k_sc = ONES * ';', k_cm = ONES * ',';
	while (i + 8 <= to) {
		uint64_t w;
		memcpy(&w, c + i, 8);
		if (!(w & HIGHS) && !zero_bytes(w)) {
			nl += count_high(zero_bytes(w ^ k_nl));
			ns += count_high(zero_bytes(w ^ k_sc));
			nc += count_high(zero_bytes(w ^ k_cm));
			if (zero_bytes(w ^ (ONES * '"')))
				o->quote_end = last_quote(c, i + 8);
			i += 8;
			mark(o, i, nl, nc);
			continue;
		}
		if (!scan_char(o, &i, &nl, &ns, &nc))
			return;
	}
#endif
	while (i < to)
		if (!scan_char(o, &i, &nl, &ns, &nc))
			return;
	o->nl = nl;
	o->ns = ns;
	o->nc = nc;
}

/* The second thread's half: its part of the copy, then (once both parts
 * are copied: a character may run across the middle) its check. */
struct scan_half {
	struct scan_part part;
	const char *buf;
	char *copy;
	pthread_barrier_t *copied;
};

static void *scan_second(void *arg)
{
	struct scan_half *h = arg;
	memcpy(h->copy + h->part.from, h->buf + h->part.from, h->part.len - h->part.from);
	pthread_barrier_wait(h->copied);
	scan_part(&h->part);
	return NULL;
}

/* Copy in, check UTF-8 and NULs, count '\n', ';', ','; a large lean input
 * in two threads, each half of it. The input is read once, by the copy,
 * and what is checked is the copy. The first bad byte is reported. */
int ms_pb_scan_input(struct pb_parser *s, const char *buf, size_t len, size_t *n_semi)
{
	char *c = ms_pb_arena_block(s->a, s->ar, len + PB_PAD);
	if (!c)
		return pb_nomem(s);
	memset(c + len, 0, PB_PAD);
	s->p = c;
	s->start = c;
	s->end = c + len;
	if (s->lean && len >= PB_CK_STEP) {
		s->ck_cap = len / PB_CK_STEP + 1;
		s->ck = ms_pb_arena_array(s->a, s->ar, s->ck_cap, sizeof *s->ck);
		if (!s->ck)
			return pb_nomem(s);
	}
	/* The halves: the second starts at a character (past at most three
	 * continuation bytes; more are an error the first half finds). */
	size_t mid = len;
	if (s->lean && (len >= PB_SPLIT_MIN || (s->split && len >= 64))) {
		mid = len / 2;
		for (int k = 0; k < 3 && (buf[mid] & 0xC0) == 0x80; k++)
			mid++;
	}
	struct scan_part one = {.c = c, .len = len, .from = 0, .to = mid, .ck = s->ck, .ck_cap = mid / PB_CK_STEP};
	struct scan_half half = {{.c = c, .len = len, .from = mid, .to = len,
				  .ck = s->ck ? s->ck + mid / PB_CK_STEP : NULL, .ck_cap = (len - mid) / PB_CK_STEP},
				 buf, c, NULL};
	struct scan_part *two = &half.part;
	if (!s->ck)
		one.ck_cap = two->ck_cap = 0;
	pthread_barrier_t copied;
	pthread_t t;
	bool threaded = false;
	if (mid < len && pthread_barrier_init(&copied, NULL, 2) == 0) {
		half.copied = &copied;
		threaded = pthread_create(&t, NULL, scan_second, &half) == 0;
		if (!threaded)
			pthread_barrier_destroy(&copied);
	}
	if (threaded) {
		memcpy(c, buf, mid);
		pthread_barrier_wait(&copied);
	} else if (len) {
		memcpy(c, buf, len);
	}
	scan_part(&one);
	if (threaded) {
		pthread_join(t, NULL);
		pthread_barrier_destroy(&copied);
		((struct pb_holder *)(void *)s->el)->split |= PB_SPLIT_SCAN;
	} else if (mid < len) {
		scan_part(two);
	}
	size_t bad = one.bad_at != SIZE_MAX || mid == len ? one.bad_at : two->bad_at;
	if (mid < len && bad == SIZE_MAX) {
		/* the second half's checkpoints follow the first's, counted from 0 */
		for (size_t k = 0; k < two->nck; k++) {
			struct pb_ck ck = two->ck[k];
			s->ck[one.nck + k] = (struct pb_ck){ck.pos, ck.nl + one.nl, ck.nc + one.nc};
		}
		one.nck += two->nck;
		one.nl += two->nl;
		one.ns += two->ns;
		one.nc += two->nc;
		if (two->quote_end)
			one.quote_end = two->quote_end;
	}
	if (bad != SIZE_MAX) {
		size_t line = 1;
		for (size_t j = 0; j < bad; j++)
			line += c[j] == '\n';
		return c[bad] ? ms_failf(s->e, MS_E_PB_INVALID_UTF8, NULL, MS_AI(line))
				: ms_failf(s->e, MS_E_PB_NUL_BYTE, NULL, MS_AI(line));
	}
	s->nck = one.nck;
	s->quote_end = one.quote_end;
	s->n_nl = one.nl;
	s->n_comma = one.nc;
	*n_semi = one.ns;
	s->tbase = s->start;
	s->tbits = stop_mask(s->start);
	return 0;
}

void ms_pb_counts_at(const struct pb_parser *s, size_t pos, size_t *nl, size_t *nc)
{
	size_t lo = 0, hi = s->nck, from = (size_t)(s->p - s->start), a = s->line - 1, b = 0;
	while (lo < hi) {   /* the last checkpoint at or before pos */
		size_t mid = lo + (hi - lo) / 2;
		if (s->ck[mid].pos <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && s->ck[lo - 1].pos >= from) {
		from = s->ck[lo - 1].pos;
		a = s->ck[lo - 1].nl;
		b = s->ck[lo - 1].nc;
	}
	/* The copy from the cursor on is as the scan checked it; the caller's
	 * input is never read again (it might have changed). */
	for (const char *c = s->start + from, *e = s->start + pos; c < e; c++) {
		a += *c == '\n';
		b += *c == ',';
	}
	*nl = a;
	*nc = b;
}

void ms_pb_seek(struct pb_parser *s, char *p, size_t line)
{
	s->p = p;
	s->line = line;
	s->tbase = s->start + ((size_t)(p - s->start) & ~(size_t)63);
	s->tbits = stop_mask(s->tbase) & (~0ull << (p - s->tbase));
}

/* The fields of a row end at the stops of the 64-byte chunks (stop_mask);
 * a quoted field is unescaped in place, where it stands. */
static inline int read_row(struct pb_parser *s, size_t *nf)
{
	/* Locals, not s->: the NUL stores below are char stores, which would
	 * make the compiler reload every field of *s after each one.
	 * bits holds the stops (';', '\n', NUL) of the 64-byte chunk at base
	 * that lie at or after p: the end of an unquoted field is the lowest
	 * one, found without waiting on the previous field. The masks stay
	 * right while fields are cut: every byte written lies before p. */
	char *p = s->p, *end = s->end, *start = s->start, *base = s->tbase;
	uint64_t bits = s->tbits;
	char **slot = s->f + s->fn;
	size_t room = s->fcap - s->fn, n = 0, line = s->line;
	uint32_t *flen = s->flen;
	s->row_line = line;
	for (;;) {
		if (n >= room) {
			if (!s->lean || s->worker)   /* the worker's row goes to the first thread */
				return ms_error_set(s->e, MS_ERR_INTERNAL, NULL, NULL, "field slots miscounted");
			/* Lean: a bigger array; the old one stays in the arena, so the
			 * pointers already handed out (project_fields, vote_cols) hold. */
			size_t cap = 2 * s->fcap > s->fn + n + 64 ? 2 * s->fcap : s->fn + n + 64;
			char **g = ms_pb_arena_array(s->a, s->ar, cap, sizeof *g);
			if (!g)
				return pb_nomem(s);
			memcpy(g, s->f, (s->fn + n) * sizeof *g);
			s->f = g;
			s->fcap = cap;
			slot = g + s->fn;
			room = cap - s->fn;
		}
		char c;
		if (*p == '"') {
			char *w = p, *fstart = p;
			p++;
			for (;;) {
				char *q = memchr(p, '"', (size_t)(end - p));
				if (!q)
					return ms_failf(s->e, MS_E_PB_UNTERMINATED_QUOTE, NULL, MS_AI(s->row_line));
				for (char *t = p; (t = memchr(t, '\n', (size_t)(q - t))) != NULL; t++)
					line++;
				size_t k = (size_t)(q - p);
				memmove(w, p, k);
				w += k;
				p = q + 1;
				if (*p == '"') {
					*w++ = '"';
					p++;
					continue;
				}
				break;
			}
			if ((size_t)(w - fstart) > MS_PB_MAX_FIELD)
				return ms_failf(s->e, MS_E_PB_FIELD_TOO_LONG, NULL, MS_AI(s->row_line), MS_AI(MS_PB_MAX_FIELD));
			c = *p;
			if (c == '\r' && p[1] == '\n')
				c = *++p;
			if (c != ';' && c != '\n' && c != 0)
				return ms_failf(s->e, MS_E_PB_TEXT_AFTER_QUOTE, NULL, MS_AI(s->row_line));
			stops_at(p, start, &base, &bits);
			*w = 0;
			if (n < 64)
				flen[n] = (uint32_t)(w - fstart);
			slot[n++] = fstart;
		} else {
			while (!bits) {
				base += 64;
				bits = stop_mask(base);
			}
			char *q = base + ctz64(bits);
			bits &= bits - 1;
			char *fe = q;
			c = *q;
			if (c == '\n' && q > p && q[-1] == '\r')
				fe--;
			if ((size_t)(fe - p) > MS_PB_MAX_FIELD)
				return ms_failf(s->e, MS_E_PB_FIELD_TOO_LONG, NULL, MS_AI(s->row_line), MS_AI(MS_PB_MAX_FIELD));
			*fe = 0;
			if (n < 64)
				flen[n] = (uint32_t)(fe - p);
			slot[n++] = p;
			p = q;
		}
		if (c == ';') {
			p++;
			continue;
		}
		if (c == '\n') {
			p++;
			line++;
		}
		s->row_end = c;
		break;
	}
	s->p = p;
	s->line = line;
	s->tbase = base;
	s->tbits = bits;
	*nf = n;
	return 0;
}

int ms_pb_read_row(struct pb_parser *s, size_t *nf)
{
	return read_row(s, nf);
}

/* The VOTES rows here, with read_row inlined: a row per call of
 * ms_pb_vote_row. */
int ms_pb_vote_rows(struct pb_parser *s, const char *stop, char **row_at, size_t *line_at)
{
	while (s->p < stop) {
		char *row = s->p;
		size_t line = s->line, row0 = s->fn, nf = 0;
		int rc = read_row(s, &nf);
		if (!rc && nf == 1 && is_blank(s->f[row0]))
			continue;
		if (!rc) {
			int sec = ms_pb_row_section(s->f[row0]);
			if (sec != SEC_NONE)   /* all three were seen before VOTES */
				rc = ms_failf(s->e, MS_E_PB_SECTION_TWICE, pb_sec_name(sec), MS_AI(s->row_line),
					      pb_sec_arg(sec), MS_AI(s->sec_line[sec]));
		}
		if (!rc) {
			s->fn = row0 + nf;
			rc = ms_pb_vote_row(s, row0, nf);
			if (s->lean)
				s->fn = row0; /* a VOTES row's fields are not kept */
		}
		if (rc) {
			if (row_at) {
				*row_at = row;
				*line_at = line;
			}
			return rc;
		}
	}
	return 0;
}
