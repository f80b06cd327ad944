/*
 * pb.c — Pabulib .pb files read into and written from struct ms_election
 * (pb.h), and the builder a Minsheng poll is exported with.
 *
 * Reading takes a private copy of the input (one allocation), checks it is
 * UTF-8 while counting its line ends, ';' and ',' (so every array can be
 * sized once, from above), then walks it once, cutting fields in place: a
 * field's text stays where it was, NUL-terminated over its separator, and
 * quoted fields are unescaped in place. Project ids go into an open-address
 * hash table (ids made to collide, more than PB_MAX_PROBE probes, make it
 * fall back to binary search over the sorted ids: never quadratic). All of
 * an election's memory is an arena of a dozen large blocks hanging off
 * el->priv, freed by ms_election_free.
 *
 * Semantics: ../shared/pabulib/README.md ("Parsing"), which follows
 * pabutools 1.2.3. Where the README is silent, the treatments are these
 * (docs/pabulib.md says the same to users):
 *
 * Text
 *   - Errors name the physical line (1-based) where the offending row
 *     starts; encoding errors, found before rows are cut, the line of the
 *     offending byte.
 *   - A UTF-8 BOM at the start is skipped. Invalid UTF-8 (overlong forms,
 *     surrogates, > U+10FFFF, truncated sequences) and NUL bytes: error.
 *   - Rows end with \n or \r\n; a lone \r is data (the writer quotes it).
 *   - A field that starts with '"' is quoted: it may hold ';', line ends and
 *     "" (one quote); after its closing quote only ';' or the end of the row
 *     may follow (else error); an unterminated quote is an error at the line
 *     where its row starts. A '"' inside an unquoted field is a character.
 *   - A blank row (one field, empty or white space, quoted or not — as
 *     pabutools) is skipped anywhere, including before a section's header.
 *   - "Trimmed" means ASCII white space (space, \t \n \v \f \r) cut at both
 *     ends. Fields are kept as read; what is interpreted is trimmed: section
 *     names, META keys and values, header names, project and voter ids,
 *     cost, the vote list as a whole, points items. The items of a vote are
 *     not trimmed: ids match exactly.
 *   - Limits: input over MS_PB_MAX_INPUT, a field over MS_PB_MAX_FIELD bytes,
 *     more than MS_PB_MAX_PROJECTS projects or MS_PB_MAX_VOTERS voters: error.
 * Structure
 *   - A row before the first section: error. Each section exactly once, META
 *     and PROJECTS in either order, both before VOTES; a section with no
 *     header (another section or the end follows): error; a missing section:
 *     error.
 *   - META rows have exactly two fields; PROJECTS and VOTES rows exactly as
 *     many as their header. Header names are matched trimmed and
 *     case-sensitively; PROJECTS needs "cost", VOTES "vote", and "points"
 *     when vote_type is cumulative or scoring; any of these twice: error.
 * META
 *   - vote_type must be present and one of approval, choose-1, cumulative,
 *     scoring, ordinal (a missing one is an error, as in pabutools).
 *   - budget must be present (a value None or empty counts as missing);
 *     zero is allowed (then only projects of cost 0 fit).
 *   - vote_type, budget, max_length, min_length given twice: error; other
 *     keys may repeat and every row is kept, in order.
 *   - max_length / min_length: a whole number (None or empty = absent),
 *     stored, never enforced: longer or shorter ballots are kept (pabutools
 *     does not enforce them either). num_votes / num_projects are kept and
 *     never checked.
 * Money
 *   - cost and budget are exact decimals [+-]digits[(.|,)digits] with at
 *     least one digit: no exponent, no thousands separators. Trailing zeros
 *     after the point do not count: money_scale = 10^k, k the most
 *     significant decimals of any cost or the budget; k > 9: error. A value
 *     that does not fit int64 once scaled: error. A negative cost or budget:
 *     error ("-0" is 0).
 * PROJECTS
 *   - The id is the first column, trimmed; an empty id or an id seen before:
 *     error. A cost that is None or empty: error.
 * VOTES
 *   - Every row is a voter, an empty vote included (a vote "None" is empty).
 *   - The voter id is the first column, trimmed. Two rows with the same voter
 *     id are two voters (pabutools keeps every row); nothing is checked.
 *   - A vote item that is not a project id: error. Empty items are skipped.
 *   - A project named twice in one vote counts once, at its first position;
 *     for cumulative and scoring its points are those of its last mention.
 *     This is pabutools' dict semantics (ballot[p] = points); it matters in
 *     poland_czestochowa_2020_, where one voter lists 579 four times.
 *   - choose-1 is read as approval (its length is not checked). For
 *     cumulative and scoring, points are whole numbers >= 0 (decimals, signs
 *     or overflow: error) aligned with the non-empty vote items; "None" or
 *     empty is no points; a count that differs from the vote's: error. For
 *     the other types a points column is kept as a field and not read.
 *
 * Writing emits the kept rows (META with the header key;value, PROJECTS,
 * VOTES), '\n' line ends, quoting a field that holds ';', '"', \r or \n.
 *
 * Thread-safety: none needed; no globals, everything is per call.
 */
#include "pb.h"

#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"

/* SSE2 where there is SSE2, 8-byte words on little-endian gcc/clang; plain
 * C otherwise or with -DMS_PB_NO_SIMD (how the portable paths are tested). */
#if defined(__SSE2__) && !defined(MS_PB_NO_SIMD)
#include <emmintrin.h>
#define PB_SSE2 1
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	(defined(__GNUC__) || defined(__clang__)) && !defined(MS_PB_NO_SIMD)
#define PB_SWAR_LE 1
#endif

/* Zero bytes after the private copy: vector loads at any position up to
 * the end stay inside it. */
#define PB_PAD 64


/* ---- arena -------------------------------------------------------------- */

union pb_block {
	union pb_block *next;
	max_align_t align;
};

struct pb_arena {
	union pb_block *blocks;
	char *bump;
	size_t bump_left;
};

/* The election and its arena in one allocation; el first, so an election
 * pointer is a holder pointer. */
struct pb_holder {
	struct ms_election el;
	struct pb_arena ar;
};

#define PB_CHUNK 4096

static void *arena_block(const struct ms_allocator *a, struct pb_arena *ar, size_t size)
{
	if (size > SIZE_MAX - sizeof(union pb_block))
		return NULL;
	union pb_block *b = a->alloc(a->ctx, sizeof *b + (size ? size : 1));
	if (!b)
		return NULL;
	b->next = ar->blocks;
	ar->blocks = b;
	return b + 1;
}

static void *arena_array(const struct ms_allocator *a, struct pb_arena *ar, size_t n, size_t elem)
{
	if (elem && n > SIZE_MAX / elem)
		return NULL;
	return arena_block(a, ar, n * elem);
}

/* Small pieces (trimmed ids) from 4 KiB chunks; 16-byte aligned. */
static void *arena_small(const struct ms_allocator *a, struct pb_arena *ar, size_t size)
{
	if (size > SIZE_MAX - 16)
		return NULL;
	size = (size + 15) & ~(size_t)15;
	if (size >= PB_CHUNK / 4)
		return arena_block(a, ar, size);
	if (size > ar->bump_left) {
		char *c = arena_block(a, ar, PB_CHUNK);
		if (!c)
			return NULL;
		ar->bump = c;
		ar->bump_left = PB_CHUNK;
	}
	void *p = ar->bump;
	ar->bump += size;
	ar->bump_left -= size;
	return p;
}

static void arena_free(const struct ms_allocator *a, struct pb_arena *ar)
{
	union pb_block *b = ar->blocks;
	while (b) {
		union pb_block *next = b->next;
		a->free(a->ctx, b);
		b = next;
	}
	ar->blocks = NULL;
	ar->bump = NULL;
	ar->bump_left = 0;
}

static struct pb_holder *holder_new(const struct ms_allocator *a)
{
	struct pb_holder *h = a->alloc(a->ctx, sizeof *h);
	if (!h)
		return NULL;
	memset(h, 0, sizeof *h);
	h->el.priv = &h->ar;
	return h;
}

void ms_election_free(const struct ms_allocator *a, struct ms_election *el)
{
	if (!el)
		return;
	struct pb_holder *h = (struct pb_holder *)el;
	arena_free(a, &h->ar);
	a->free(a->ctx, h);
}

/* ---- small text helpers -------------------------------------------------- */

static inline bool is_ws(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline void trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;
	while (len && is_ws(p[0])) {
		p++;
		len--;
	}
	while (len && is_ws(p[len - 1]))
		len--;
	*s = p;
	*n = len;
}

static bool is_none(const char *s, size_t n)
{
	return n == 4 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'o' && (s[2] | 0x20) == 'n' &&
	       (s[3] | 0x20) == 'e';
}

static bool is_blank(const char *s)
{
	while (is_ws(*s))
		s++;
	return *s == 0;
}

static bool eq_lit(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

enum { SEC_NONE = 0, SEC_META = 1, SEC_PROJECTS = 2, SEC_VOTES = 3 };
static const char *const sec_name[] = {"", "META", "PROJECTS", "VOTES"};

/* The section a row's first field names (trimmed, any case), or SEC_NONE. */
static int section_of(const char *f)
{
	while (is_ws(*f))
		f++;
	const char *name;
	int sec;
	switch (*f | 0x20) {
	case 'm': name = "meta"; sec = SEC_META; break;
	case 'p': name = "projects"; sec = SEC_PROJECTS; break;
	case 'v': name = "votes"; sec = SEC_VOTES; break;
	default: return SEC_NONE;
	}
	for (; *name; name++, f++)
		if ((*f | 0x20) != *name)
			return SEC_NONE;
	while (is_ws(*f))
		f++;
	return *f == 0 ? sec : SEC_NONE;
}

/* ---- SWAR byte counting -------------------------------------------------- */

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
#define LOWS 0x7F7F7F7F7F7F7F7Full

/* High bit set in exactly the zero bytes of t. */
static inline uint64_t zero_bytes(uint64_t t)
{
	uint64_t y = (t & LOWS) + LOWS;
	return ~(y | t | LOWS);
}

#if !PB_SSE2
static inline size_t count_high(uint64_t m)
{
	return (size_t)(((m >> 7) * ONES) >> 56);
}
#endif

/* ---- numbers -------------------------------------------------------------- */

enum { NUM_OK = 0, NUM_SYNTAX, NUM_DECIMALS, NUM_RANGE };

static const int64_t pow10_tab[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

/* An exact decimal [+-]digits[(.|,)digits]: *mant / 10^*dec, trailing zeros
 * after the point dropped. */
static int parse_decimal(const char *s, size_t n, int64_t *mant, unsigned *dec, bool *neg)
{
	size_t i = 0;
	*neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		*neg = s[i] == '-';
		i++;
	}
	size_t is = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	size_t ie = i, fs = i, fe = i;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		fs = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		fe = i;
	}
	if (i != n || (ie == is && fe == fs))
		return NUM_SYNTAX;
	while (fe > fs && s[fe - 1] == '0')
		fe--;
	if (fe - fs > MS_PB_MAX_DECIMALS)
		return NUM_DECIMALS;
	int64_t m = 0;
	for (size_t k = is; k < fe; k++) {
		if (k == ie) {
			k = fs;
			if (k >= fe)
				break;
		}
		int d = s[k] - '0';
		if (m > (INT64_MAX - d) / 10)
			return NUM_RANGE;
		m = m * 10 + d;
	}
	*mant = m;
	*dec = (unsigned)(fe - fs);
	return NUM_OK;
}

/* Whole number >= 0 of at most max. */
static int parse_uint(const char *s, size_t n, int64_t max, int64_t *out)
{
	if (n == 0)
		return NUM_SYNTAX;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NUM_SYNTAX;
		int d = s[i] - '0';
		if (v > (max - d) / 10)
			return NUM_RANGE;
		v = v * 10 + d;
	}
	*out = v;
	return NUM_OK;
}

/* ---- project id hash table ------------------------------------------------ */

/* An id of at most 8 bytes is its own key: its bytes packed into a uint64
 * (byte i at bits 8i), which identifies it since text has no NUL. Longer
 * ids hash with FNV-1a and compare with memcmp. */
static inline uint64_t id_key(const char *s, size_t n)
{
	uint64_t k = 0;
	if (n <= 8) {
		for (size_t i = 0; i < n; i++)
			k |= (uint64_t)(unsigned char)s[i] << (8 * i);
		return k;
	}
	k = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		k ^= (unsigned char)s[i];
		k *= 0x100000001b3ull;
	}
	return k;
}

static inline uint32_t key_slot(uint64_t key, size_t n, uint32_t mask)
{
	uint64_t h = (key ^ (uint64_t)n) * 0x9E3779B97F4A7C15ull;
	return (uint32_t)(h >> 32) & mask;
}

/* ---- the parser ----------------------------------------------------------- */

/* A hash table slot: a probe reads one slot and usually stops there. */
struct pb_slot {
	uint64_t key;       /* id_key */
	uint32_t len;       /* id length */
	uint32_t idx;       /* project index + 1; 0 = empty */
};

struct pb_proj {
	const char *id;     /* trimmed, NUL-terminated */
	uint32_t idlen;
	uint32_t line;
	int64_t mant;       /* cost = mant / 10^dec */
	uint32_t dec;
};

struct pb_parser {
	const struct ms_allocator *a;
	struct pb_arena *ar;
	struct ms_election *el;
	struct ms_error *e;

	char *p, *end;          /* cursor in the private copy; *end == 0 */
	char *start;            /* the copy */
	char *tbase;            /* read_row's 64-byte chunk (a multiple of 64 from start) */
	uint64_t tbits;         /* and its stops at or after p */
	size_t line;            /* physical line of p, 1-based */
	size_t row_line;        /* line where the last row read starts */
	size_t n_nl, n_comma;   /* counts over the whole input */
	char **f;               /* field slots */
	size_t fn, fcap;
	bool lean;              /* MS_PB_LEAN: VOTES rows reuse their slots; f grows on demand */
	uint32_t flen[64];      /* byte lengths of the first 64 fields of the last row */

	int cur;                /* current section */
	bool need_header;
	bool seen[4];
	size_t sec_line[4];
	size_t ncols;           /* width of the current section's header */

	/* META */
	size_t meta0;
	bool has_type, has_budget, has_max, has_min;
	bool budget_dup_seen;
	int64_t budget_mant;
	unsigned budget_dec;
	size_t budget_line;

	/* PROJECTS */
	size_t proj_hdr, proj0;
	size_t cost_col;
	struct pb_proj *pv;     /* temporary, from the allocator */
	size_t pv_cap;
	uint32_t np;
	struct pb_slot *htab;   /* open addressing, linear probing, load <= 1/4; NULL: use rank */
	struct rank_key *rank;  /* the ids in byte-wise order */
	uint32_t hmask;

	/* VOTES */
	size_t vote0;
	size_t vote_col, points_col;
	bool points;
	uint32_t nv, voter_cap;
	uint32_t nitems, item_cap;
	uint32_t *stamp, *pos;
};

/* A section's name as a message argument (the same in both languages). */
static struct ms_arg sec_arg(int sec)
{
	return MS_AT(sec_name[sec], sec_name[sec]);
}

static int pb_nomem(struct pb_parser *s)
{
	return ms_error_set(s->e, MS_ERR_NOMEM, NULL, NULL, "out of memory reading a .pb file");
}

/* The slow path of scan_input: one character at c[i] (copied already). */
static int scan_char(struct pb_parser *s, const char *c, size_t len, size_t *i, size_t *nl, size_t *ns,
		     size_t *nc)
{
	unsigned char b = (unsigned char)c[*i];
	size_t k = b ? ms_utf8_seq(c + *i, len - *i) : 0;
	if (!k) {
		size_t line = 1;
		for (size_t j = 0; j < *i; j++)
			line += c[j] == '\n';
		return b ? ms_failf(s->e, MS_E_PB_INVALID_UTF8, NULL, MS_AI(line))
			 : ms_failf(s->e, MS_E_PB_NUL_BYTE, NULL, MS_AI(line));
	}
	*nl += b == '\n';
	*ns += b == ';';
	*nc += b == ',';
	*i += k;
	return 0;
}

#if PB_SSE2
static size_t sum_bytes(__m128i acc)
{
	uint64_t h[2];
	_mm_storeu_si128((__m128i *)h, _mm_sad_epu8(acc, _mm_setzero_si128()));
	return (size_t)(h[0] + h[1]);
}
#endif

/* Copy in, check UTF-8 and NULs, count '\n', ';', ','. ASCII runs go 16
 * (SSE2) or 8 (SWAR) bytes at a time; other characters one by one. */
static int scan_input(struct pb_parser *s, const char *buf, size_t len, size_t *n_semi)
{
	char *c = arena_block(s->a, s->ar, len + PB_PAD);
	if (!c)
		return pb_nomem(s);
	if (len)
		memcpy(c, buf, len);
	memset(c + len, 0, PB_PAD);
	s->p = c;
	s->start = c;
	s->end = c + len;

	size_t nl = 0, ns = 0, nc = 0, i = 0;
	int rc;
#if PB_SSE2
	/* Bytes counted 16 at a time into byte lanes (flushed every 255
	 * blocks); in a block with bytes >= 0x80 each such byte at or past
	 * vpos (the end of what is checked: a character may run into the next
	 * block) must start a valid UTF-8 character. The counted bytes are
	 * ASCII and never part of a multi-byte character. */
	const __m128i k_nl = _mm_set1_epi8('\n'), k_sc = _mm_set1_epi8(';'), k_cm = _mm_set1_epi8(',');
	const __m128i zero = _mm_setzero_si128();
	size_t vpos = 0;
	while (i + 16 <= len) {
		size_t blocks = (len - i) / 16;
		if (blocks > 255)
			blocks = 255;
		__m128i a_nl = zero, a_sc = zero, a_cm = zero, z = zero;
		for (size_t j = 0; j < blocks; j++, i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(c + i));
			a_nl = _mm_sub_epi8(a_nl, _mm_cmpeq_epi8(v, k_nl));
			a_sc = _mm_sub_epi8(a_sc, _mm_cmpeq_epi8(v, k_sc));
			a_cm = _mm_sub_epi8(a_cm, _mm_cmpeq_epi8(v, k_cm));
			z = _mm_or_si128(z, _mm_cmpeq_epi8(v, zero));
			unsigned high = (unsigned)_mm_movemask_epi8(v);
			while (high) {
				size_t q = i + (size_t)__builtin_ctz(high);
				high &= high - 1;
				if (q < vpos)
					continue;   /* a continuation byte, checked already */
				size_t k = ms_utf8_seq(c + q, len - q);
				if (!k) {
					size_t line = 1;
					for (size_t t = 0; t < q; t++)
						line += c[t] == '\n';
					return ms_failf(s->e, MS_E_PB_INVALID_UTF8, NULL, MS_AI(line));
				}
				vpos = q + k;
			}
		}
		if (_mm_movemask_epi8(z)) {
			size_t line = 1;
			for (size_t t = 0; c[t]; t++)
				line += c[t] == '\n';
			return ms_failf(s->e, MS_E_PB_NUL_BYTE, NULL, MS_AI(line));
		}
		nl += sum_bytes(a_nl);
		ns += sum_bytes(a_sc);
		nc += sum_bytes(a_cm);
	}
	if (vpos > i)
		i = vpos;
#else
	const uint64_t k_nl = ONES * '\n', k_sc = ONES * ';', k_cm = ONES * ',';
	while (i + 8 <= len) {
		uint64_t w;
		memcpy(&w, c + i, 8);
		if (!(w & HIGHS) && !zero_bytes(w)) {
			nl += count_high(zero_bytes(w ^ k_nl));
			ns += count_high(zero_bytes(w ^ k_sc));
			nc += count_high(zero_bytes(w ^ k_cm));
			i += 8;
			continue;
		}
		if ((rc = scan_char(s, c, len, &i, &nl, &ns, &nc)) != 0)
			return rc;
	}
#endif
	while (i < len)
		if ((rc = scan_char(s, c, len, &i, &nl, &ns, &nc)) != 0)
			return rc;
	s->n_nl = nl;
	s->n_comma = nc;
	*n_semi = ns;
	return 0;
}

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

static int read_row(struct pb_parser *s, size_t *nf)
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
			if (!s->lean)
				return ms_error_set(s->e, MS_ERR_INTERNAL, NULL, NULL, "field slots miscounted");
			/* Lean: a bigger array; the old one stays in the arena, so the
			 * pointers already handed out (project_fields, vote_cols) hold. */
			size_t cap = 2 * s->fcap > s->fn + n + 64 ? 2 * s->fcap : s->fn + n + 64;
			char **g = arena_array(s->a, s->ar, cap, sizeof *g);
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
		break;
	}
	s->p = p;
	s->line = line;
	s->tbase = base;
	s->tbits = bits;
	*nf = n;
	return 0;
}

/* Length of field i of the last row read (starting at slot row0). */
static inline size_t field_len(const struct pb_parser *s, size_t row0, size_t i)
{
	return i < 64 ? s->flen[i] : strlen(s->f[row0 + i]);
}

/* Column index of the header name in the current header, or SIZE_MAX;
 * SIZE_MAX - 1 when it is there twice. */
static size_t find_col(struct pb_parser *s, size_t hdr, const char *name)
{
	size_t at = SIZE_MAX;
	for (size_t i = 0; i < s->ncols; i++) {
		const char *h = s->f[hdr + i];
		size_t n = strlen(h);
		trim(&h, &n);
		if (eq_lit(h, n, name)) {
			if (at != SIZE_MAX)
				return SIZE_MAX - 1;
			at = i;
		}
	}
	return at;
}

static int meta_row(struct pb_parser *s, size_t row0, size_t nf)
{
	if (nf != 2)
		return ms_failf(s->e, MS_E_PB_META_ROW, "meta", MS_AI(s->row_line), MS_AI(nf));
	const char *k = s->f[row0], *v = s->f[row0 + 1];
	size_t kn = field_len(s, row0, 0), vn = field_len(s, row0, 1);
	trim(&k, &kn);
	trim(&v, &vn);
	struct ms_election *el = s->el;
	if (eq_lit(k, kn, "vote_type")) {
		if (s->has_type)
			return ms_failf(s->e, MS_E_PB_META_TWICE, "vote_type", MS_AI(s->row_line), MS_AS("vote_type"));
		const struct ms_names *t = &ms_vote_type_names;
		size_t i = 0;
		while (i < t->n && !eq_lit(v, vn, t->v[i].key))
			i++;
		if (i == t->n) {
			char zh[96], en[96];
			ms_names_join(t, "、", zh, sizeof zh);
			ms_names_join(t, ", ", en, sizeof en);
			return ms_failf(s->e, MS_E_PB_UNKNOWN_VOTE_TYPE, "vote_type", MS_AI(s->row_line), MS_ASN(v, vn),
					MS_AT(zh, en));
		}
		el->vote_type = (enum ms_vote_type)i;
		s->has_type = true;
	} else if (eq_lit(k, kn, "budget")) {
		if (s->budget_dup_seen)
			return ms_failf(s->e, MS_E_PB_META_TWICE, "budget", MS_AI(s->row_line), MS_AS("budget"));
		s->budget_dup_seen = true;
		if (vn == 0 || is_none(v, vn))
			return 0;
		bool neg;
		int rc = parse_decimal(v, vn, &s->budget_mant, &s->budget_dec, &neg);
		if (rc == NUM_SYNTAX)
			return ms_failf(s->e, MS_E_PB_BUDGET_SYNTAX, "budget", MS_AI(s->row_line), MS_ASN(v, vn));
		if (rc == NUM_DECIMALS)
			return ms_failf(s->e, MS_E_PB_BUDGET_DECIMALS, "budget", MS_AI(s->row_line),
					MS_AI(MS_PB_MAX_DECIMALS));
		if (rc == NUM_RANGE)
			return ms_failf(s->e, MS_E_PB_BUDGET_TOO_LARGE, "budget", MS_AI(s->row_line));
		if (neg && s->budget_mant != 0)
			return ms_failf(s->e, MS_E_PB_NEGATIVE_BUDGET, "budget", MS_AI(s->row_line));
		s->has_budget = true;
		s->budget_line = s->row_line;
	} else if (eq_lit(k, kn, "max_length") || eq_lit(k, kn, "min_length")) {
		bool is_max = k[1] == 'a';
		bool *has = is_max ? &s->has_max : &s->has_min;
		const char *key = is_max ? "max_length" : "min_length";
		if (*has)
			return ms_failf(s->e, MS_E_PB_META_TWICE, key, MS_AI(s->row_line), MS_AS(key));
		*has = true;
		if (vn == 0 || is_none(v, vn))
			return 0;
		int64_t x;
		if (parse_uint(v, vn, UINT32_MAX, &x) != NUM_OK)
			return ms_failf(s->e, MS_E_PB_NOT_WHOLE_NUMBER, key, MS_AI(s->row_line), MS_AS(key),
					MS_ASN(v, vn));
		if (is_max)
			el->max_length = (uint32_t)x;
		else
			el->min_length = (uint32_t)x;
	}
	return 0;
}

static int project_row(struct pb_parser *s, size_t row0, size_t nf)
{
	if (nf != s->ncols)
		return ms_failf(s->e, MS_E_PB_ROW_WIDTH, "projects", MS_AI(s->row_line), sec_arg(SEC_PROJECTS), MS_AI(nf),
				MS_AI(s->ncols));
	if (s->np >= MS_PB_MAX_PROJECTS)
		return ms_failf(s->e, MS_E_PB_TOO_MANY_PROJECTS, "projects", MS_AI(s->row_line),
				MS_AI(MS_PB_MAX_PROJECTS));
	if (s->np == s->pv_cap) {
		size_t cap = s->pv_cap ? 2 * s->pv_cap : 64;
		struct pb_proj *pv = s->a->alloc(s->a->ctx, cap * sizeof *pv);
		if (!pv)
			return pb_nomem(s);
		if (s->np)
			memcpy(pv, s->pv, s->np * sizeof *pv);
		s->a->free(s->a->ctx, s->pv);
		s->pv = pv;
		s->pv_cap = cap;
	}
	struct pb_proj *pr = &s->pv[s->np];
	const char *raw = s->f[row0];
	size_t rn = field_len(s, row0, 0);
	const char *id = raw;
	size_t n = rn;
	trim(&id, &n);
	if (n == 0)
		return ms_failf(s->e, MS_E_PB_EMPTY_PROJECT_ID, "project_id", MS_AI(s->row_line));
	if (n != rn) {
		char *copy = arena_small(s->a, s->ar, n + 1);
		if (!copy)
			return pb_nomem(s);
		memcpy(copy, id, n);
		copy[n] = 0;
		id = copy;
	}
	pr->id = id;
	pr->idlen = (uint32_t)n;
	pr->line = (uint32_t)(s->row_line > UINT32_MAX ? UINT32_MAX : s->row_line);

	const char *c = s->f[row0 + s->cost_col];
	size_t cn = field_len(s, row0, s->cost_col);
	trim(&c, &cn);
	struct ms_arg line = MS_AI(s->row_line), pid = MS_ASN(id, n);
	if (cn == 0 || is_none(c, cn))
		return ms_failf(s->e, MS_E_PB_MISSING_COST, "cost", line, pid);
	bool neg;
	int rc = parse_decimal(c, cn, &pr->mant, &pr->dec, &neg);
	if (rc == NUM_SYNTAX)
		return ms_failf(s->e, MS_E_PB_COST_SYNTAX, "cost", line, MS_ASN(c, cn), pid);
	if (rc == NUM_DECIMALS)
		return ms_failf(s->e, MS_E_PB_COST_DECIMALS, "cost", line, pid, MS_AI(MS_PB_MAX_DECIMALS));
	if (rc == NUM_RANGE)
		return ms_failf(s->e, MS_E_PB_COST_TOO_LARGE, "cost", line, pid);
	if (neg && pr->mant != 0)
		return ms_failf(s->e, MS_E_PB_NEGATIVE_COST, "cost", line, pid);
	s->np++;
	return 0;
}

struct rank_key {
	const char *id;
	uint32_t len;
	uint32_t idx;
};

/* Byte-wise (memcmp, shorter first); equal ids by file order. */
static int rank_cmp_id(const char *x, uint32_t xl, const char *y, uint32_t yl)
{
	int c = memcmp(x, y, xl < yl ? xl : yl);
	if (c)
		return c;
	return xl < yl ? -1 : xl > yl;
}

static int rank_cmp(const void *x, const void *y)
{
	const struct rank_key *a = x, *b = y;
	int c = rank_cmp_id(a->id, a->len, b->id, b->len);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Probes one insertion may take before the table is dropped: ids made to
 * collide must not make reading quadratic. At load <= 1/4 honest ids stay
 * far below it. */
#define PB_MAX_PROBE 64

/* PROJECTS is over: arrays, id ranks and duplicates (by sorting), the hash
 * table (or, when ids collide too much, binary search over s->rank). */
static int finish_projects(struct pb_parser *s, size_t end)
{
	struct ms_election *el = s->el;
	uint32_t np = s->np;
	el->n_projects = np;
	el->n_project_cols = s->ncols;
	el->project_cols = s->f + s->proj_hdr;
	el->project_fields = s->f + s->proj0;
	(void)end;
	el->project_id = arena_array(s->a, s->ar, np, sizeof *el->project_id);
	el->cost = arena_array(s->a, s->ar, np, sizeof *el->cost);
	el->id_rank = arena_array(s->a, s->ar, np, sizeof *el->id_rank);
	uint32_t hcap = 64;
	while (hcap < 4 * (np + 1))
		hcap *= 2;
	s->htab = arena_array(s->a, s->ar, hcap, sizeof *s->htab);
	struct rank_key *rk = arena_array(s->a, s->ar, np, sizeof *rk);
	if (!el->project_id || !el->cost || !el->id_rank || !s->htab || !rk)
		return pb_nomem(s);
	for (uint32_t i = 0; i < np; i++) {
		const struct pb_proj *pr = &s->pv[i];
		el->project_id[i] = (char *)pr->id;
		el->cost[i] = pr->mant;
		rk[i] = (struct rank_key){pr->id, pr->idlen, i};
	}
	qsort(rk, np, sizeof *rk, rank_cmp);
	/* Equal ids are now adjacent, in file order: the error names the
	 * earliest row that repeats an id. */
	uint32_t dup = UINT32_MAX, first = 0;
	for (uint32_t r = 1; r < np; r++)
		if (rank_cmp_id(rk[r - 1].id, rk[r - 1].len, rk[r].id, rk[r].len) == 0) {
			uint32_t f = r - 1;
			while (f > 0 && rank_cmp_id(rk[f - 1].id, rk[f - 1].len, rk[r].id, rk[r].len) == 0)
				f--;
			if (rk[r].idx < dup && rk[f].idx != rk[r].idx) {
				dup = rk[r].idx;
				first = rk[f].idx;
			}
		}
	if (dup != UINT32_MAX)
		return ms_failf(s->e, MS_E_PB_DUPLICATE_PROJECT_ID, "project_id", MS_AI(s->pv[dup].line),
				MS_ASN(s->pv[dup].id, s->pv[dup].idlen), MS_AI(s->pv[first].line));
	for (uint32_t r = 0; r < np; r++)
		el->id_rank[rk[r].idx] = r;
	s->rank = rk;

	memset(s->htab, 0, hcap * sizeof *s->htab);
	s->hmask = hcap - 1;
	for (uint32_t i = 0; i < np; i++) {
		const struct pb_proj *pr = &s->pv[i];
		uint64_t key = id_key(pr->id, pr->idlen);
		uint32_t h = key_slot(key, pr->idlen, s->hmask), probes = 0;
		while (s->htab[h].idx) {
			if (++probes > PB_MAX_PROBE) {
				s->htab = NULL;
				return 0;
			}
			h = (h + 1) & s->hmask;
		}
		s->htab[h] = (struct pb_slot){key, pr->idlen, i + 1};
	}
	return 0;
}

/* The project whose id is item (len bytes) by binary search over the
 * sorted ids; UINT32_MAX when there is none. */
static uint32_t rank_find(const struct rank_key *rk, uint32_t np, const char *item, size_t len)
{
	uint32_t lo = 0, hi = np;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = rank_cmp_id(rk[mid].id, rk[mid].len, item, (uint32_t)len);
		if (c == 0)
			return rk[mid].idx;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return UINT32_MAX;
}

static int finish_meta(struct pb_parser *s, size_t end)
{
	struct ms_election *el = s->el;
	size_t n = (end - s->meta0) / 2;
	el->n_meta = n;
	el->meta_key = arena_array(s->a, s->ar, n, sizeof *el->meta_key);
	el->meta_value = arena_array(s->a, s->ar, n, sizeof *el->meta_value);
	if (!el->meta_key || !el->meta_value)
		return pb_nomem(s);
	for (size_t i = 0; i < n; i++) {
		el->meta_key[i] = s->f[s->meta0 + 2 * i];
		el->meta_value[i] = s->f[s->meta0 + 2 * i + 1];
	}
	return 0;
}

/* Scale a mantissa of dec decimals to k decimals; false on overflow. */
static bool scale_to(int64_t m, unsigned dec, unsigned k, int64_t *out)
{
	int64_t p = pow10_tab[k - dec];
	if (m > INT64_MAX / p)
		return false;
	*out = m * p;
	return true;
}

/* VOTES starts (its header is read): money to one scale, vote arrays. */
static int start_votes(struct pb_parser *s, size_t hdr)
{
	struct ms_election *el = s->el;
	size_t line = s->row_line;
	if (!s->has_type)
		return ms_failf(s->e, MS_E_PB_MISSING_META, "vote_type", MS_AI(s->sec_line[SEC_META]), MS_AS("vote_type"));
	if (!s->has_budget)
		return ms_failf(s->e, MS_E_PB_MISSING_META, "budget", MS_AI(s->sec_line[SEC_META]), MS_AS("budget"));
	unsigned k = s->budget_dec;
	for (uint32_t i = 0; i < s->np; i++)
		if (s->pv[i].dec > k)
			k = s->pv[i].dec;
	el->money_scale = pow10_tab[k];
	if (!scale_to(s->budget_mant, s->budget_dec, k, &el->budget))
		return ms_failf(s->e, MS_E_PB_BUDGET_TOO_LARGE_SCALED, "budget", MS_AI(s->budget_line), MS_AI(k));
	for (uint32_t i = 0; i < s->np; i++)
		if (!scale_to(s->pv[i].mant, s->pv[i].dec, k, &el->cost[i]))
			return ms_failf(s->e, MS_E_PB_COST_TOO_LARGE_SCALED, "cost", MS_AI(s->pv[i].line),
					MS_ASN(s->pv[i].id, s->pv[i].idlen), MS_AI(k));

	s->vote_col = find_col(s, hdr, "vote");
	if (s->vote_col == SIZE_MAX)
		return ms_failf(s->e, MS_E_PB_MISSING_COLUMN, "vote", MS_AI(line), sec_arg(SEC_VOTES), MS_AS("vote"));
	if (s->vote_col == SIZE_MAX - 1)
		return ms_failf(s->e, MS_E_PB_COLUMN_TWICE, "vote", MS_AI(line), sec_arg(SEC_VOTES), MS_AS("vote"));
	s->points = el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING;
	s->points_col = SIZE_MAX;
	if (s->points) {
		s->points_col = find_col(s, hdr, "points");
		if (s->points_col == SIZE_MAX)
			return ms_failf(s->e, MS_E_PB_MISSING_POINTS_COLUMN, "points", MS_AI(line),
					MS_AS(ms_names_key(&ms_vote_type_names, (int)el->vote_type)));
		if (s->points_col == SIZE_MAX - 1)
			return ms_failf(s->e, MS_E_PB_COLUMN_TWICE, "points", MS_AI(line), sec_arg(SEC_VOTES),
					MS_AS("points"));
	}

	/* Upper bounds: a row per remaining line end (+1), an item per comma
	 * (+1 per row). */
	size_t rows = s->n_nl - (s->line - 1) + 1;
	if (rows > MS_PB_MAX_VOTERS)
		rows = MS_PB_MAX_VOTERS;
	size_t items = s->n_comma + rows;
	if (items > UINT32_MAX)
		return ms_failf(s->e, MS_E_PB_TOO_MANY_ITEMS, "votes", MS_AI(line));
	s->voter_cap = (uint32_t)rows;
	s->item_cap = (uint32_t)items;
	el->vote_off = arena_array(s->a, s->ar, rows + 1, sizeof *el->vote_off);
	el->voter_id = arena_array(s->a, s->ar, rows, sizeof *el->voter_id);
	el->vote_proj = arena_array(s->a, s->ar, items, sizeof *el->vote_proj);
	if (s->points)
		el->vote_points = arena_array(s->a, s->ar, items, sizeof *el->vote_points);
	s->stamp = arena_array(s->a, s->ar, s->np, sizeof *s->stamp);
	s->pos = arena_array(s->a, s->ar, s->np, sizeof *s->pos);
	if (!el->vote_off || !el->voter_id || !el->vote_proj || (s->points && !el->vote_points) || !s->stamp ||
	    !s->pos)
		return pb_nomem(s);
	memset(s->stamp, 0, s->np * sizeof *s->stamp);
	el->vote_off[0] = 0;
	el->n_vote_cols = s->ncols;
	el->vote_cols = s->f + hdr;
	return 0;
}

/* The next non-empty trimmed item of a points list at *i. */
static bool next_point(const char *pt, size_t pn, size_t *i, const char **item, size_t *n)
{
	while (*i < pn) {
		size_t k = *i;
		while (k < pn && pt[k] != ',')
			k++;
		const char *it = pt + *i;
		size_t len = k - *i;
		*i = k < pn ? k + 1 : k;
		trim(&it, &len);
		if (len) {
			*item = it;
			*n = len;
			return true;
		}
	}
	return false;
}

static int vote_row(struct pb_parser *s, size_t row0, size_t nf)
{
	struct ms_election *el = s->el;
	if (nf != s->ncols)
		return ms_failf(s->e, MS_E_PB_ROW_WIDTH, "votes", MS_AI(s->row_line), sec_arg(SEC_VOTES), MS_AI(nf),
				MS_AI(s->ncols));
	if (s->nv >= MS_PB_MAX_VOTERS)
		return ms_failf(s->e, MS_E_PB_TOO_MANY_VOTERS, "votes", MS_AI(s->row_line), MS_AI(MS_PB_MAX_VOTERS));
	if (s->nv >= s->voter_cap)
		return ms_error_set(s->e, MS_ERR_INTERNAL, NULL, NULL, "voter rows miscounted");
	uint32_t voter = s->nv;

	char *raw = s->f[row0];
	size_t rn = field_len(s, row0, 0);
	const char *vid = raw;
	size_t vn = rn;
	trim(&vid, &vn);
	if (vn != rn) {
		char *copy = arena_small(s->a, s->ar, vn + 1);
		if (!copy)
			return pb_nomem(s);
		memcpy(copy, vid, vn);
		copy[vn] = 0;
		vid = copy;
	}
	el->voter_id[voter] = (char *)vid;

	const char *v = s->f[row0 + s->vote_col];
	size_t n = field_len(s, row0, s->vote_col);
	trim(&v, &n);
	if (is_none(v, n))
		n = 0;
	const char *pt = NULL;
	size_t pn = 0, pi = 0;
	if (s->points) {
		pt = s->f[row0 + s->points_col];
		pn = field_len(s, row0, s->points_col);
		trim(&pt, &pn);
		if (is_none(pt, pn))
			pn = 0;
	}
	uint32_t stamp = voter + 1;
	uint32_t *proj = el->vote_proj, *stamps = s->stamp, *pos = s->pos;
	int64_t *pts = el->vote_points;
	const struct pb_slot *htab = s->htab;
	const uint32_t hmask = s->hmask, item_cap = s->item_cap;
	char *const *ids = el->project_id;
	bool points = s->points;
	uint32_t ni = s->nitems;
	size_t i = 0;
	while (i < n) {
		/* One item and its key (id_key): 8 bytes at a time where it can. */
		size_t len;
		uint64_t key;
#if PB_SWAR_LE
		uint64_t w;
		memcpy(&w, v + i, 8);
		uint64_t commas = zero_bytes(w ^ (ONES * ','));
		len = commas ? (size_t)__builtin_ctzll(commas) / 8 : 8;
		if (len > n - i)
			len = n - i;
		if (len < 8) {
			key = len ? w & ((1ull << (8 * len)) - 1) : 0;
		} else {
			while (i + len < n && v[i + len] != ',')
				len++;
			key = len == 8 ? w : id_key(v + i, len);
		}
#else
		len = 0;
		while (i + len < n && v[i + len] != ',')
			len++;
		key = id_key(v + i, len);
#endif
		if (len == 0) {
			i++;
			continue;
		}
		const char *item = v + i;
		i += len;
		uint32_t h = key_slot(key, len, hmask), p;
		if (!htab) {
			p = rank_find(s->rank, s->np, item, len);
			if (p == UINT32_MAX)
				return ms_failf(s->e, MS_E_PB_UNKNOWN_PROJECT, "vote", MS_AI(s->row_line), MS_ASN(item, len));
		}
		for (; htab;) {
			const struct pb_slot *sl = &htab[h];
			if (sl->key == key && sl->len == len && sl->idx &&
			    (len <= 8 || memcmp(ids[sl->idx - 1], item, len) == 0)) {
				p = sl->idx - 1;
				break;
			}
			if (!sl->idx)
				return ms_failf(s->e, MS_E_PB_UNKNOWN_PROJECT, "vote", MS_AI(s->row_line), MS_ASN(item, len));
			h = (h + 1) & hmask;
		}
		int64_t val = 0;
		if (points) {
			const char *pit;
			size_t pl;
			if (!next_point(pt, pn, &pi, &pit, &pl))
				return ms_failf(s->e, MS_E_PB_POINTS_MISSING, "points", MS_AI(s->row_line));
			int rc = parse_uint(pit, pl, INT64_MAX, &val);
			if (rc != NUM_OK)
				return ms_failf(s->e, MS_E_PB_POINTS_SYNTAX, "points", MS_AI(s->row_line), MS_ASN(pit, pl));
		}
		if (stamps[p] == stamp) {
			if (points)
				pts[pos[p]] = val;
			continue;
		}
		if (ni >= item_cap)
			return ms_error_set(s->e, MS_ERR_INTERNAL, NULL, NULL, "vote items miscounted");
		stamps[p] = stamp;
		pos[p] = ni;
		proj[ni] = p;
		if (points)
			pts[ni] = val;
		ni++;
	}
	if (points) {
		const char *pit;
		size_t pl;
		if (next_point(pt, pn, &pi, &pit, &pl))
			return ms_failf(s->e, MS_E_PB_POINTS_EXTRA, "points", MS_AI(s->row_line));
	}
	s->nitems = ni;
	s->nv++;
	el->vote_off[s->nv] = ni;
	return 0;
}

/* The current section ends at slot end (the next section's row or EOF). */
static int finish_section(struct pb_parser *s, size_t end)
{
	if (s->need_header)
		return ms_failf(s->e, MS_E_PB_NO_HEADER, sec_name[s->cur], MS_AI(s->sec_line[s->cur]), sec_arg(s->cur));
	if (s->cur == SEC_META)
		return finish_meta(s, end);
	if (s->cur == SEC_PROJECTS)
		return finish_projects(s, end);
	return 0;
}

static int header_row(struct pb_parser *s, size_t row0, size_t nf)
{
	s->ncols = nf;
	s->need_header = false;
	if (s->cur == SEC_META) {
		s->meta0 = row0 + nf;
	} else if (s->cur == SEC_PROJECTS) {
		s->proj_hdr = row0;
		s->proj0 = row0 + nf;
		s->cost_col = find_col(s, row0, "cost");
		if (s->cost_col == SIZE_MAX)
			return ms_failf(s->e, MS_E_PB_MISSING_COLUMN, "cost", MS_AI(s->row_line), sec_arg(SEC_PROJECTS),
					MS_AS("cost"));
		if (s->cost_col == SIZE_MAX - 1)
			return ms_failf(s->e, MS_E_PB_COLUMN_TWICE, "cost", MS_AI(s->row_line), sec_arg(SEC_PROJECTS),
					MS_AS("cost"));
	} else {
		s->vote0 = row0 + nf;
		return start_votes(s, row0);
	}
	return 0;
}

static int parse_rows(struct pb_parser *s)
{
	while (s->p < s->end) {
		size_t row0 = s->fn, nf = 0;
		int rc = read_row(s, &nf);
		if (rc)
			return rc;
		if (nf == 1 && is_blank(s->f[row0]))
			continue;
		const char *f0 = s->f[row0];
		char c0 = (char)(*f0 | 0x20);
		int sec = c0 == 'm' || c0 == 'p' || c0 == 'v' || is_ws(*f0) ? section_of(f0) : SEC_NONE;
		if (sec != SEC_NONE) {
			if (s->cur != SEC_NONE && (rc = finish_section(s, row0)) != 0)
				return rc;
			if (s->seen[sec])
				return ms_failf(s->e, MS_E_PB_SECTION_TWICE, sec_name[sec], MS_AI(s->row_line), sec_arg(sec),
						MS_AI(s->sec_line[sec]));
			if (sec == SEC_VOTES && (!s->seen[SEC_META] || !s->seen[SEC_PROJECTS]))
				return ms_failf(s->e, MS_E_PB_SECTION_ORDER, "votes", MS_AI(s->row_line),
						sec_arg(s->seen[SEC_META] ? SEC_PROJECTS : SEC_META));
			s->seen[sec] = true;
			s->sec_line[sec] = s->row_line;
			s->cur = sec;
			s->need_header = true;
			continue;
		}
		s->fn = row0 + nf;
		if (s->cur == SEC_NONE)
			return ms_failf(s->e, MS_E_PB_ROW_OUTSIDE_SECTION, NULL, MS_AI(s->row_line));
		if (s->need_header)
			rc = header_row(s, row0, nf);
		else if (s->cur == SEC_META)
			rc = meta_row(s, row0, nf);
		else if (s->cur == SEC_PROJECTS)
			rc = project_row(s, row0, nf);
		else {
			rc = vote_row(s, row0, nf);
			if (s->lean)
				s->fn = row0; /* a VOTES row's fields are not kept */
		}
		if (rc)
			return rc;
	}
	size_t last = s->line;
	if (s->cur != SEC_NONE) {
		int rc = finish_section(s, s->fn);
		if (rc)
			return rc;
	}
	for (int sec = SEC_META; sec <= SEC_VOTES; sec++)
		if (!s->seen[sec])
			return ms_failf(s->e, MS_E_PB_MISSING_SECTION, sec_name[sec], MS_AI(last), sec_arg(sec));
	struct ms_election *el = s->el;
	el->n_voters = s->nv;
	el->vote_fields = s->lean ? NULL : s->f + s->vote0;
	return 0;
}

int ms_pb_parse(const struct ms_allocator *a, const char *buf, size_t len, struct ms_election **out,
		struct ms_error *e)
{
	return ms_pb_parse_ex(a, buf, len, 0, out, e);
}

int ms_pb_parse_ex(const struct ms_allocator *a, const char *buf, size_t len, unsigned flags,
		   struct ms_election **out, struct ms_error *e)
{
	if (out)
		*out = NULL;
	if (!a || !out || (!buf && len))
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_pb_parse", "ms_pb_parse"),
				MS_AT("内存分配器、输入和输出位置", "an allocator, input and out"));
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (len > MS_PB_MAX_INPUT)
		return ms_failf(e, MS_E_PB_TOO_LARGE, NULL, MS_AI(1), MS_AI(MS_PB_MAX_INPUT));
	struct pb_holder *h = holder_new(a);
	if (!h)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory reading a .pb file");
	struct pb_parser s;
	memset(&s, 0, sizeof s);
	s.a = a;
	s.ar = &h->ar;
	s.el = &h->el;
	s.e = e;
	s.line = 1;
	s.lean = (flags & MS_PB_LEAN) != 0;
	size_t n_semi = 0;
	int rc = scan_input(&s, buf ? buf : "", len, &n_semi);
	if (rc)
		goto fail;
	s.tbase = s.start;
	s.tbits = stop_mask(s.start);
	/* Fields: at most one per ';' plus one per row. */
	s.fcap = n_semi + s.n_nl + 2;
	if (s.lean && s.fcap > 4096)
		s.fcap = 4096;
	s.f = arena_array(a, s.ar, s.fcap, sizeof *s.f);
	if (!s.f) {
		rc = pb_nomem(&s);
		goto fail;
	}
	rc = parse_rows(&s);
	if (rc)
		goto fail;
	a->free(a->ctx, s.pv);
	*out = &h->el;
	return 0;
fail:
	a->free(a->ctx, s.pv);
	ms_election_free(a, &h->el);
	return rc;
}

/* ---- writing ---------------------------------------------------------------- */

/* Output measured first (buf NULL), then written into an exact buffer. */
struct pb_sink {
	char *buf;
	size_t len;
	bool overflow;
};

static void put(struct pb_sink *o, const char *s, size_t n)
{
	if (n > SIZE_MAX - o->len) {
		o->overflow = true;
		return;
	}
	if (o->buf)
		memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void put_field(struct pb_sink *o, const char *s)
{
	size_t n = strlen(s);
	if (strcspn(s, ";\"\r\n") == n) {
		put(o, s, n);
		return;
	}
	put(o, "\"", 1);
	const char *q;
	while ((q = strchr(s, '"')) != NULL) {
		put(o, s, (size_t)(q - s) + 1);
		put(o, "\"", 1);
		s = q + 1;
	}
	put(o, s, strlen(s));
	put(o, "\"", 1);
}

/* Why rows could not be written so that they read back as themselves
 * (MS_E_PB_UNWRITABLE's {2}): WHY_NONE, or an index into why_text. */
enum { WHY_NONE = 0, WHY_ROWS, WHY_FIELD, WHY_NO_FIELDS, WHY_SECTION, WHY_BLANK };
static const char *const why_text[][2] = {
	{"", ""},
	{"缺少数据行", "rows are missing"},
	{"缺少字段", "a field is missing"},
	{"某行没有任何字段", "a row has no fields"},
	{"某行以部分名称开头", "a row starts with a section name"},
	{"某个只有一个字段的行为空白", "a one-field row is blank"},
};

/* The sections as the field of an error names them. */
static const char *const sec_key[] = {"", "meta", "projects", "votes"};

static int row_problem(char *const *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!f[i])
			return WHY_FIELD;
	if (n == 0)
		return WHY_NO_FIELDS;
	if (section_of(f[0]) != SEC_NONE)
		return WHY_SECTION;
	if (n == 1 && is_blank(f[0]))
		return WHY_BLANK;
	return WHY_NONE;
}

/* A header of n_cols fields and n_rows rows of as many after it. */
static int rows_problem(char *const *hdr, size_t n_cols, char *const *rows, size_t n_rows)
{
	if (!hdr || (n_rows && !rows))
		return WHY_ROWS;
	int why = row_problem(hdr, n_cols);
	for (size_t i = 0; !why && i < n_rows; i++)
		why = row_problem(rows + i * n_cols, n_cols);
	return why;
}

static void put_row(struct pb_sink *o, char *const *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(o, ";", 1);
		put_field(o, f[i]);
	}
	put(o, "\n", 1);
}

static int write_check(const struct ms_election *el, struct ms_error *e)
{
	int sec = SEC_META, why = WHY_NONE;
	if (el->n_meta && (!el->meta_key || !el->meta_value))
		why = WHY_ROWS;
	for (size_t i = 0; !why && i < el->n_meta; i++) {
		char *kv[2] = {el->meta_key[i], el->meta_value[i]};
		why = row_problem(kv, 2);
	}
	if (!why && (why = rows_problem(el->project_cols, el->n_project_cols, el->project_fields, el->n_projects)))
		sec = SEC_PROJECTS;
	if (!why && (why = rows_problem(el->vote_cols, el->n_vote_cols, el->vote_fields, el->n_voters)))
		sec = SEC_VOTES;
	if (why)
		return ms_failf(e, MS_E_PB_UNWRITABLE, sec_key[sec], MS_AT(sec_name[sec], sec_key[sec]),
				MS_AT(why_text[why][0], why_text[why][1]));
	return 0;
}

static void write_rows(struct pb_sink *o, const struct ms_election *el)
{
	put(o, "META\nkey;value\n", 15);
	for (size_t i = 0; i < el->n_meta; i++) {
		char *kv[2] = {el->meta_key[i], el->meta_value[i]};
		put_row(o, kv, 2);
	}
	put(o, "PROJECTS\n", 9);
	put_row(o, el->project_cols, el->n_project_cols);
	for (size_t i = 0; i < el->n_projects; i++)
		put_row(o, el->project_fields + i * el->n_project_cols, el->n_project_cols);
	put(o, "VOTES\n", 6);
	put_row(o, el->vote_cols, el->n_vote_cols);
	for (size_t i = 0; i < el->n_voters; i++)
		put_row(o, el->vote_fields + i * el->n_vote_cols, el->n_vote_cols);
}

int ms_pb_write(const struct ms_allocator *a, const struct ms_election *el, char **out, size_t *out_len,
		struct ms_error *e)
{
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!a || !el || !out || !out_len)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_pb_write", "ms_pb_write"),
				MS_AT("内存分配器、选举数据和输出位置", "an allocator, an election and out"));
	int rc = write_check(el, e);
	if (rc)
		return rc;
	struct pb_sink o = {NULL, 0, false};
	write_rows(&o, el);
	if (o.overflow || o.len == SIZE_MAX)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "the .pb text is too large");
	o.buf = a->alloc(a->ctx, o.len + 1);
	if (!o.buf)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory writing a .pb file");
	size_t len = o.len;
	o.len = 0;
	write_rows(&o, el);
	o.buf[len] = 0;
	*out = o.buf;
	*out_len = len;
	return 0;
}

/* ---- building from a poll ----------------------------------------------------- */

/* Decimal text of v into buf (>= 21 bytes); returns buf. */
static const char *i64_text(int64_t v, char *buf)
{
	char tmp[24];
	size_t n = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	size_t k = 0;
	if (v < 0)
		buf[k++] = '-';
	while (n)
		buf[k++] = tmp[--n];
	buf[k] = 0;
	return buf;
}

static void put_text(struct pb_sink *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_meta(struct pb_sink *o, const char *k, const char *v)
{
	put_text(o, k);
	put(o, ";", 1);
	put_field(o, v ? v : "");
	put(o, "\n", 1);
}

static void build_rows(struct pb_sink *o, const struct ms_election_spec *sp)
{
	char num[24];
	put(o, "META\nkey;value\n", 15);
	put_meta(o, "description", sp->description);
	put_meta(o, "country", sp->country);
	put_meta(o, "unit", sp->unit);
	put_meta(o, "instance", sp->instance);
	put_meta(o, "num_projects", i64_text(sp->n_projects, num));
	put_meta(o, "num_votes", i64_text(sp->n_voters, num));
	put_meta(o, "budget", i64_text(sp->budget, num));
	put_meta(o, "vote_type", ms_names_key(&ms_vote_type_names, (int)sp->vote_type));
	if (sp->max_length)
		put_meta(o, "max_length", i64_text(sp->max_length, num));
	if (sp->min_length)
		put_meta(o, "min_length", i64_text(sp->min_length, num));
	for (size_t i = 0; i < sp->n_meta; i++) {
		put_field(o, sp->meta_key[i]);
		put(o, ";", 1);
		put_field(o, sp->meta_value[i] ? sp->meta_value[i] : "");
		put(o, "\n", 1);
	}
	put_text(o, sp->project_name ? "PROJECTS\nproject_id;cost;name\n" : "PROJECTS\nproject_id;cost\n");
	for (uint32_t p = 0; p < sp->n_projects; p++) {
		put_field(o, sp->project_id[p]);
		put(o, ";", 1);
		put_text(o, i64_text(sp->cost[p], num));
		if (sp->project_name) {
			put(o, ";", 1);
			put_field(o, sp->project_name[p] ? sp->project_name[p] : "");
		}
		put(o, "\n", 1);
	}
	bool points = sp->vote_type == MS_VOTE_CUMULATIVE || sp->vote_type == MS_VOTE_SCORING;
	put_text(o, points ? "VOTES\nvoter_id;vote;points\n" : "VOTES\nvoter_id;vote\n");
	for (uint32_t v = 0; v < sp->n_voters; v++) {
		put_text(o, i64_text((int64_t)v + 1, num));
		put(o, ";", 1);
		uint32_t b = sp->ballot_off[v], end = sp->ballot_off[v + 1];
		bool quote = false;
		for (uint32_t k = b; k < end && !quote; k++)
			quote = strcspn(sp->project_id[sp->ballot_proj[k]], ";\"\r\n") !=
				strlen(sp->project_id[sp->ballot_proj[k]]);
		/* The vote field is the ids joined by ','; quoted as a whole when
		 * an id needs it. */
		if (quote)
			put(o, "\"", 1);
		for (uint32_t k = b; k < end; k++) {
			if (k > b)
				put(o, ",", 1);
			const char *id = sp->project_id[sp->ballot_proj[k]];
			if (!quote) {
				put_text(o, id);
				continue;
			}
			const char *q;
			while ((q = strchr(id, '"')) != NULL) {
				put(o, id, (size_t)(q - id) + 1);
				put(o, "\"", 1);
				id = q + 1;
			}
			put_text(o, id);
		}
		if (quote)
			put(o, "\"", 1);
		if (points) {
			put(o, ";", 1);
			for (uint32_t k = b; k < end; k++) {
				if (k > b)
					put(o, ",", 1);
				put_text(o, i64_text(sp->ballot_points[k], num));
			}
		}
		put(o, "\n", 1);
	}
}

/* MS_E_PB_INVALID_SPEC naming the bad part of a spec (field), what is wrong
 * with it in Chinese and in English. */
static int spec_fail(struct ms_error *e, const char *field, const char *zh, const char *en)
{
	return ms_failf(e, MS_E_PB_INVALID_SPEC, field, MS_AT(zh, en));
}

static bool text_ok(const char *s)
{
	if (s == NULL)
		return true;
	size_t n = strlen(s);
	return n <= MS_PB_MAX_FIELD && ms_utf8_valid(s, n);
}

static int id_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int check_spec(const struct ms_allocator *a, const struct ms_election_spec *sp, struct ms_error *e)
{
	if ((unsigned)sp->vote_type > MS_VOTE_ORDINAL)
		return spec_fail(e, "vote_type", "投票类型无法识别", "unknown vote type");
	if (!text_ok(sp->description) || !text_ok(sp->country) || !text_ok(sp->unit) || !text_ok(sp->instance))
		return spec_fail(e, "meta", "META 中的某项值不是 UTF-8 文本或过长", "a META value is not UTF-8 or is too long");
	if (sp->budget < 0)
		return spec_fail(e, "budget", "预算为负数", "the budget is negative");
	static const char *const reserved[] = {"description", "country", "unit", "instance", "num_projects",
					       "num_votes", "budget", "vote_type", "max_length", "min_length"};
	if (sp->n_meta && (!sp->meta_key || !sp->meta_value))
		return spec_fail(e, "meta", "META 行缺少键或值", "META rows without keys or values");
	for (size_t i = 0; i < sp->n_meta; i++) {
		const char *k = sp->meta_key[i];
		if (!k || !text_ok(k) || !text_ok(sp->meta_value[i]))
			return spec_fail(e, "meta", "META 中缺少某个键，或某个键、值不是 UTF-8 文本或过长",
					 "a META key is missing, or a key or value is not UTF-8 or too long");
		size_t n = strlen(k);
		trim(&k, &n);
		for (size_t r = 0; r < sizeof reserved / sizeof reserved[0]; r++)
			if (eq_lit(k, n, reserved[r]))
				return spec_fail(e, "meta", "附加的 META 键与标准键重复",
						 "a further META key repeats a standard one");
		if (section_of(sp->meta_key[i]) != SEC_NONE)
			return spec_fail(e, "meta", "META 键与部分名称相同", "a META key is a section name");
	}
	if (sp->n_projects > MS_PB_MAX_PROJECTS)
		return spec_fail(e, "projects", "项目数过多", "too many projects");
	if (sp->n_projects && (!sp->project_id || !sp->cost))
		return spec_fail(e, "projects", "项目缺少编号或投资额", "projects without ids or costs");
	for (uint32_t p = 0; p < sp->n_projects; p++) {
		const char *id = sp->project_id[p];
		if (!id || !*id || !text_ok(id))
			return spec_fail(e, "project_id", "某个项目编号为空、不是 UTF-8 文本或过长",
					 "a project id is empty, not UTF-8 or too long");
		size_t n = strlen(id);
		if (is_ws(id[0]) || is_ws(id[n - 1]) || strchr(id, ',') || is_none(id, n) ||
		    section_of(id) != SEC_NONE)
			return spec_fail(e, "project_id", "某个项目编号首尾带有空白字符或含有逗号，或者是 None 或部分名称",
					 "a project id has surrounding white space or a ',', or is None or a section name");
		if (sp->cost[p] < 0)
			return spec_fail(e, "cost", "某个项目的投资额为负数", "a project cost is negative");
		if (sp->project_name && !text_ok(sp->project_name[p]))
			return spec_fail(e, "name", "某个项目名称不是 UTF-8 文本或过长",
					 "a project name is not UTF-8 or is too long");
	}
	if (sp->n_projects > 1) {
		const char **ids = a->alloc(a->ctx, sp->n_projects * sizeof *ids);
		if (!ids)
			return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory checking project ids");
		memcpy(ids, sp->project_id, sp->n_projects * sizeof *ids);
		qsort(ids, sp->n_projects, sizeof *ids, id_cmp);
		bool dup = false;
		for (uint32_t p = 1; p < sp->n_projects && !dup; p++)
			dup = strcmp(ids[p - 1], ids[p]) == 0;
		a->free(a->ctx, ids);
		if (dup)
			return spec_fail(e, "project_id", "两个项目的编号相同", "two projects have the same id");
	}
	if (sp->n_voters > MS_PB_MAX_VOTERS)
		return spec_fail(e, "votes", "投票人数过多", "too many voters");
	bool points = sp->vote_type == MS_VOTE_CUMULATIVE || sp->vote_type == MS_VOTE_SCORING;
	if (points != (sp->ballot_points != NULL))
		return points ? spec_fail(e, "points", "累积式和评分式选票须带有分数", "cumulative and scoring ballots need points")
			      : spec_fail(e, "points", "只有累积式和评分式选票才带有分数",
					  "only cumulative and scoring ballots have points");
	if (!sp->ballot_off)
		return sp->n_voters ? spec_fail(e, "votes", "选票缺少起止位置", "ballots without offsets") : 0;
	if (sp->ballot_off[0] != 0)
		return spec_fail(e, "votes", "选票起止位置不是从 0 开始", "ballot offsets do not start at 0");
	for (uint32_t v = 0; v < sp->n_voters; v++)
		if (sp->ballot_off[v + 1] < sp->ballot_off[v])
			return spec_fail(e, "votes", "选票起止位置出现递减", "ballot offsets decrease");
	uint32_t total = sp->ballot_off[sp->n_voters];
	if (total && !sp->ballot_proj)
		return spec_fail(e, "votes", "选票缺少项目", "ballots without projects");
	for (uint32_t k = 0; k < total; k++) {
		if (sp->ballot_proj[k] >= sp->n_projects)
			return spec_fail(e, "votes", "某张选票中的项目序号超出范围", "a ballot names a project index out of range");
		if (points && sp->ballot_points[k] < 0)
			return spec_fail(e, "points", "某张选票中含有负分", "a ballot gives negative points");
	}
	if (total && sp->n_projects) {
		uint32_t *stamp = a->alloc(a->ctx, sp->n_projects * sizeof *stamp);
		if (!stamp)
			return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory checking ballots");
		memset(stamp, 0, sp->n_projects * sizeof *stamp);
		bool rep = false;
		for (uint32_t v = 0; v < sp->n_voters && !rep; v++)
			for (uint32_t k = sp->ballot_off[v]; k < sp->ballot_off[v + 1] && !rep; k++) {
				rep = stamp[sp->ballot_proj[k]] == v + 1;
				stamp[sp->ballot_proj[k]] = v + 1;
			}
		a->free(a->ctx, stamp);
		if (rep)
			return spec_fail(e, "votes", "某张选票重复列出同一项目", "a ballot names a project twice");
	}
	return 0;
}

int ms_election_build(const struct ms_allocator *a, const struct ms_election_spec *spec, struct ms_election **out,
		      struct ms_error *e)
{
	if (out)
		*out = NULL;
	if (!a || !spec || !out)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_election_build", "ms_election_build"),
				MS_AT("内存分配器、导出说明和输出位置", "an allocator, a spec and out"));
	int rc = check_spec(a, spec, e);
	if (rc)
		return rc;
	struct pb_sink o = {NULL, 0, false};
	build_rows(&o, spec);
	if (o.overflow || o.len > MS_PB_MAX_INPUT)
		return spec_fail(e, "votes", "投票数据过大，超出 .pb 文件的上限", "the poll is too large for a .pb file");
	o.buf = a->alloc(a->ctx, o.len + 1);
	if (!o.buf)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory building an election");
	size_t len = o.len;
	o.len = 0;
	build_rows(&o, spec);
	o.buf[len] = 0;
	rc = ms_pb_parse(a, o.buf, len, out, e);
	a->free(a->ctx, o.buf);
	return rc;
}

/* ---- equality ------------------------------------------------------------------ */

static bool str_eq(const char *x, const char *y)
{
	return (x == NULL && y == NULL) || (x && y && strcmp(x, y) == 0);
}

static bool strs_eq(char *const *x, char *const *y, size_t n)
{
	if (n == 0)
		return true;
	if (!x || !y)
		return x == y;
	for (size_t i = 0; i < n; i++)
		if (!str_eq(x[i], y[i]))
			return false;
	return true;
}

static bool mem_eq(const void *x, const void *y, size_t n)
{
	if (n == 0)
		return true;
	if (!x || !y)
		return x == y;
	return memcmp(x, y, n) == 0;
}

bool ms_election_equal(const struct ms_election *x, const struct ms_election *y)
{
	if (!x || !y)
		return x == y;
	if (x->vote_type != y->vote_type || x->n_projects != y->n_projects || x->budget != y->budget ||
	    x->money_scale != y->money_scale || x->n_voters != y->n_voters || x->max_length != y->max_length ||
	    x->min_length != y->min_length || x->n_meta != y->n_meta || x->n_project_cols != y->n_project_cols ||
	    x->n_vote_cols != y->n_vote_cols)
		return false;
	size_t np = x->n_projects, nv = x->n_voters;
	if (!strs_eq(x->project_id, y->project_id, np) ||
	    !mem_eq(x->id_rank, y->id_rank, np * sizeof *x->id_rank) ||
	    !mem_eq(x->cost, y->cost, np * sizeof *x->cost))
		return false;
	if ((x->vote_off == NULL) != (y->vote_off == NULL) ||
	    (x->vote_off && !mem_eq(x->vote_off, y->vote_off, (nv + 1) * sizeof *x->vote_off)))
		return false;
	size_t items = x->vote_off ? x->vote_off[nv] : 0;
	if (!mem_eq(x->vote_proj, y->vote_proj, items * sizeof *x->vote_proj))
		return false;
	if ((x->vote_points == NULL) != (y->vote_points == NULL) ||
	    !mem_eq(x->vote_points, y->vote_points, items * sizeof *x->vote_points))
		return false;
	if ((x->voter_id == NULL) != (y->voter_id == NULL) || !strs_eq(x->voter_id, y->voter_id, nv))
		return false;
	return strs_eq(x->meta_key, y->meta_key, x->n_meta) && strs_eq(x->meta_value, y->meta_value, x->n_meta) &&
	       strs_eq(x->project_cols, y->project_cols, x->n_project_cols) &&
	       strs_eq(x->project_fields, y->project_fields, np * x->n_project_cols) &&
	       strs_eq(x->vote_cols, y->vote_cols, x->n_vote_cols) &&
	       strs_eq(x->vote_fields, y->vote_fields, nv * x->n_vote_cols);
}
