/*
 * pb_internal.h — what the files of the Pabulib reader and writer share
 * (pb_scan.c, pb_read.c, pb_votes.c, pb_split.c, pb_write.c); not part of the library's
 * interface.
 *
 * A parse holds one struct pb_parser: the private copy of the input and the
 * cursor of the scanner (pb_scan.c), the field slots of the rows read so far,
 * and what each section has gathered (pb_read.c, pb_votes.c). All memory of
 * an election is an arena (struct pb_arena) hanging off el->priv. Functions
 * that fail return 0 or a negative enum ms_err with *s->e filled.
 */
#ifndef MS_PB_INTERNAL_H
#define MS_PB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pb.h"

/* SSE2 where there is SSE2, 8-byte words on little-endian gcc/clang; plain
 * C otherwise or with -DMS_PB_NO_SIMD (how the portable paths are tested). */
#if defined(__SSE2__) && !defined(MS_PB_NO_SIMD)
#define PB_SSE2 1
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	(defined(__GNUC__) || defined(__clang__)) && !defined(MS_PB_NO_SIMD)
#define PB_SWAR_LE 1
#endif

/* Zero bytes after the private copy: vector loads at any position up to
 * the end stay inside it. */
#define PB_PAD 64

/* ---- arena (pb_read.c) ----------------------------------------------------- */

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
	unsigned split;     /* read in two threads (for tests): PB_SPLIT_SCAN, PB_SPLIT_VOTES */
};

enum { PB_SPLIT_SCAN = 1, PB_SPLIT_VOTES = 2 };

/* A block of size bytes (max_align_t aligned), n * elem bytes (NULL when the
 * product overflows), or a copy of the n bytes at s with a NUL after them
 * (a trimmed id; from 4 KiB chunks) from the arena; NULL when a fails.
 * Freed with the arena. */
void *ms_pb_arena_block(const struct ms_allocator *a, struct pb_arena *ar, size_t size);
void *ms_pb_arena_array(const struct ms_allocator *a, struct pb_arena *ar, size_t n, size_t elem);
char *ms_pb_arena_str(const struct ms_allocator *a, struct pb_arena *ar, const char *s, size_t n);

/* ---- small text helpers ----------------------------------------------------- */

/* ASCII white space (space, \t \n \v \f \r): what "trimmed" cuts. */
static inline bool is_ws(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Cut white space at both ends of s (n bytes). */
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

/* "None" in any case (pabutools' empty value). */
static inline bool is_none(const char *s, size_t n)
{
	return n == 4 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'o' && (s[2] | 0x20) == 'n' &&
	       (s[3] | 0x20) == 'e';
}

/* Only white space, up to the NUL. */
static inline bool is_blank(const char *s)
{
	while (is_ws(*s))
		s++;
	return *s == 0;
}

/* The n bytes of s are lit. */
static inline bool eq_lit(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

enum { SEC_NONE = 0, SEC_META = 1, SEC_PROJECTS = 2, SEC_VOTES = 3 };

/* A section's name as the file spells it ("" for SEC_NONE). */
static inline const char *pb_sec_name(int sec)
{
	static const char *const name[] = {"", "META", "PROJECTS", "VOTES"};
	return name[sec];
}

/* pb_read.c: the section a row's first field names (trimmed, any case), or
 * SEC_NONE. */
int ms_pb_section_of(const char *f);

/* The same for a row's first field f0, quick for the usual first
 * characters (ids and words that cannot name a section). */
static inline int ms_pb_row_section(const char *f0)
{
	char c0 = (char)(*f0 | 0x20);
	return c0 == 'm' || c0 == 'p' || c0 == 'v' || is_ws(*f0) ? ms_pb_section_of(f0) : SEC_NONE;
}

/* ---- SWAR: 8 bytes at a time in a uint64_t ----------------------------------- */

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
#define LOWS 0x7F7F7F7F7F7F7F7Full

/* High bit set in exactly the zero bytes of t. */
static inline uint64_t zero_bytes(uint64_t t)
{
	uint64_t y = (t & LOWS) + LOWS;
	return ~(y | t | LOWS);
}

/* ---- the parser --------------------------------------------------------------- */

/* A hash table slot: a probe reads one slot and usually stops there. */
struct pb_slot {
	uint64_t key;       /* id_key */
	uint32_t len;       /* id length */
	uint32_t idx;       /* project index + 1; 0 = empty */
};

/* The counts of '\n' and ',' before byte pos of the copy (pb_scan.c). */
struct pb_ck {
	size_t pos, nl, nc;
};

/* Bytes below which one thread scans the input, or reads the VOTES rows: a
 * thread costs tens of microseconds, a megabyte of rows about a millisecond
 * and a half. */
#define PB_SPLIT_MIN ((size_t)256 * 1024)

/* Bytes between checkpoints: one flush of the SSE2 scan (255 x 16). */
#define PB_CK_STEP 4080

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
	char row_end;           /* '\n' or 0 (the end): what ended the last row read */
	size_t n_nl, n_comma;   /* counts over the whole input */
	struct pb_ck *ck;       /* lean: counts every PB_CK_STEP bytes or so */
	size_t nck, ck_cap;
	size_t quote_end;       /* no '"' at or after this offset of the copy */
	bool split;             /* MS_PB_SPLIT: VOTES in two threads whatever its size */
	bool worker;            /* the second thread's parser: never allocates */
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

/* Length of field i of the last row read (starting at slot row0). */
static inline size_t field_len(const struct pb_parser *s, size_t row0, size_t i)
{
	return i < 64 ? s->flen[i] : strlen(s->f[row0 + i]);
}

/* A section's name as a message argument (the same in both languages). */
static inline struct ms_arg pb_sec_arg(int sec)
{
	return MS_AT(pb_sec_name(sec), pb_sec_name(sec));
}

static inline int pb_nomem(struct pb_parser *s)
{
	return ms_error_set(s->e, MS_ERR_NOMEM, NULL, NULL, "out of memory reading a .pb file");
}

/* pb_scan.c: take the private copy of buf (len bytes) into the arena, check
 * it is UTF-8 without NUL bytes, count its '\n' (s->n_nl), ',' (s->n_comma)
 * and ';' (*n_semi), and point the cursor at its start. */
int ms_pb_scan_input(struct pb_parser *s, const char *buf, size_t len, size_t *n_semi);
/* pb_scan.c: the number of '\n' before offset pos (>= the cursor) of the
 * copy (*nl), and at least as many as the ',' from the cursor to pos
 * (*nc): from the checkpoint below pos and the copy, not yet cut there. */
void ms_pb_counts_at(const struct pb_parser *s, size_t pos, size_t *nl, size_t *nc);
/* pb_scan.c: put the cursor at p, the start of a row, on line line. */
void ms_pb_seek(struct pb_parser *s, char *p, size_t line);
/* pb_scan.c: cut the next row into fields in place, their pointers into the
 * slots from s->f + s->fn (*nf of them); s->row_line is its line. */
int ms_pb_read_row(struct pb_parser *s, size_t *nf);

/* pb_read.c: a whole number >= 0 of at most max in s (n bytes): NUM_OK and
 * *out, NUM_SYNTAX or NUM_RANGE. */
enum { NUM_OK = 0, NUM_SYNTAX, NUM_DECIMALS, NUM_RANGE };
int ms_pb_parse_uint(const char *s, size_t n, int64_t max, int64_t *out);

/* pb_votes.c: PROJECTS is over (its rows end at slot end): the projects'
 * arrays, their ranks by id, a duplicate id refused, the id index. */
int ms_pb_finish_projects(struct pb_parser *s, size_t end);
/* pb_votes.c: one VOTES row of nf fields from slot row0. */
int ms_pb_vote_row(struct pb_parser *s, size_t row0, size_t nf);

/* pb_scan.c: the rows of the VOTES section after its header, from s->p
 * to the first row that starts at or after stop: a blank row is skipped,
 * a row that names a section refused (every section was seen before
 * VOTES), any other is a voter (ms_pb_vote_row). 0, or the first error
 * with the start of its row and its line in *row_at, *line_at (when
 * row_at is not NULL). */
int ms_pb_vote_rows(struct pb_parser *s, const char *stop, char **row_at, size_t *line_at);

/* pb_split.c: the rest of VOTES, from s->p, read in two threads when it is
 * large (or s->split), lean and without '"'; else nothing is done. 0 with
 * s->p after what was read (sequential reading goes on from there), or an
 * error of the first half. */
int ms_pb_votes_split(struct pb_parser *s);

#endif
