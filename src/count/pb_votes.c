/*
 * pb_votes.c — the project ids of a Pabulib file and the VOTES rows that
 * name them (pb_internal.h).
 *
 * When PROJECTS is over, the ids are sorted byte-wise (el->id_rank, and a
 * repeated id is refused naming its earliest repeat) and put into an
 * open-address hash table: an id of at most 8 bytes is its own key, longer
 * ones hash with FNV-1a. Ids made to collide (more than PB_MAX_PROBE probes
 * for one insertion) make it fall back to binary search over the sorted
 * ids: never quadratic. A VOTES row then looks up each item of its vote
 * (a long vote cut at the commas of a 64-byte mask; 8 bytes at a time
 * where it can), keeps a project named twice once, at its
 * first position, with the points of its last mention (pabutools' dict
 * semantics), and reads the points of cumulative and scoring ballots.
 */
#include "pb_internal.h"

#include <stdlib.h>
#include <string.h>

#if PB_SSE2
#include <emmintrin.h>
#endif

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
int ms_pb_finish_projects(struct pb_parser *s, size_t end)
{
	struct ms_election *el = s->el;
	uint32_t np = s->np;
	el->n_projects = np;
	el->n_project_cols = s->ncols;
	el->project_cols = s->f + s->proj_hdr;
	el->project_fields = s->f + s->proj0;
	(void)end;
	el->project_id = ms_pb_arena_array(s->a, s->ar, np, sizeof *el->project_id);
	el->cost = ms_pb_arena_array(s->a, s->ar, np, sizeof *el->cost);
	el->id_rank = ms_pb_arena_array(s->a, s->ar, np, sizeof *el->id_rank);
	uint32_t hcap = 64;
	while (hcap < 4 * (np + 1))
		hcap *= 2;
	s->htab = ms_pb_arena_array(s->a, s->ar, hcap, sizeof *s->htab);
	struct rank_key *rk = ms_pb_arena_array(s->a, s->ar, np, sizeof *rk);
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

#if PB_SSE2
/* Votes longer than this are cut at the commas of a mask. */
#define PB_MASK_MIN 24

/* Bit i set when b[i] is ',' (b + 64 is inside the copy and its padding). */
static inline uint64_t comma_mask(const char *b)
{
	const __m128i k = _mm_set1_epi8(',');
	uint64_t m = 0;
	for (int j = 0; j < 4; j++) {
		__m128i x = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(b + 16 * j)), k);
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * j);
	}
	return m;
}
#endif

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

int ms_pb_vote_row(struct pb_parser *s, size_t row0, size_t nf)
{
	struct ms_election *el = s->el;
	if (nf != s->ncols)
		return ms_failf(s->e, MS_E_PB_ROW_WIDTH, "votes", MS_AI(s->row_line), pb_sec_arg(SEC_VOTES), MS_AI(nf),
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
	/* Lean: the row's fields are not kept, so a padded id is cut where it
	 * is, once the row is read (the vote may be the same field). */
	size_t cut = SIZE_MAX;
	if (vn != rn) {
		if (s->lean)
			cut = (size_t)(vid - raw) + vn;
		else if (!(vid = ms_pb_arena_str(s->a, s->ar, vid, vn)))
			return pb_nomem(s);
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
#if PB_SSE2
	/* A long vote is cut at the commas of a mask of 64 bytes at a time
	 * (cm, of the bytes from cb; cn the next 64): where an item ends does
	 * not wait on where the one before it ended. */
	uint64_t cm = 0;
	size_t cb = 0, cn = 0;
	const bool masked = n > PB_MASK_MIN;
#endif
	while (i < n) {
		/* One item and its key (id_key): 8 bytes at a time where it can. */
		size_t len;
		uint64_t key;
#if PB_SSE2
		if (masked) {
			while (!cm && cn < n) {
				cb = cn;
				cn += 64;
				cm = comma_mask(v + cb);
				if (n - cb < 64)   /* the end ends the last item (and the loop) */
					cm |= 1ull << (n - cb);
			}
			size_t c = cm ? cb + (size_t)__builtin_ctzll(cm) : n;
			cm &= cm - 1;
			len = c - i;
			if (len == 0) {
				i++;
				continue;
			}
			if (len <= 8) {
				memcpy(&key, v + i, 8);
				if (len < 8)
					key &= (1ull << (8 * len)) - 1;
			} else {
				key = id_key(v + i, len);
			}
		} else
#endif
		{
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
		}
		const char *item = v + i;
		i += len + 1;   /* past the comma that ends it (or the end) */
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
			int rc = ms_pb_parse_uint(pit, pl, INT64_MAX, &val);
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
		if (points)   /* where a repeat's points go */
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
	if (cut != SIZE_MAX)
		raw[cut] = 0;
	s->nitems = ni;
	s->nv++;
	el->vote_off[s->nv] = ni;
	return 0;
}
