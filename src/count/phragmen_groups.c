/*
 * phragmen_groups.c — the ballots of sequential Phragmén as weighted groups
 * and the index from projects to the groups that approve them
 * (phragmen_internal.h).
 *
 * Ballots are cut down to the projects that are not dropped, put in
 * canonical order (a bitset up to 512 projects, else a sort) and
 * identical ones collapsed into weighted groups (a hash of the canonical
 * list; one-project ballots by a direct table): voters of one group
 * always carry the same load. When the first 4096 ballots show that
 * they are mostly distinct and short, the voters are used as they are,
 * their ballots read in place (memory touched costs more than grouping
 * saves: page faults dominate on big cities).
 *
 * Memory from the caller's allocator; the arrays grow with the distinct
 * ballots (doubling), not with the voters.
 */
#include "phragmen_internal.h"

#include <stdlib.h>
#include <string.h>

#define GROUP_SAMPLE 4096 /* ballots hashed before deciding whether grouping pays */

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

static void sort_u32(uint32_t *v, uint32_t n)
{
	if (n > 24) {
		qsort(v, n, sizeof *v, cmp_u32);
		return;
	}
	for (uint32_t i = 1; i < n; i++) {
		uint32_t x = v[i], j = i;
		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static uint64_t hash_u32s(const uint32_t *v, uint32_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ n;
	for (uint32_t i = 0; i < n; i++) {
		h ^= v[i];
		h *= 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 32);
}

static uint64_t hash_u64s(const uint64_t *v, uint32_t n)
{
	uint64_t h = 0x2545f4914f6cdd1du;
	for (uint32_t i = 0; i < n; i++) {
		h ^= v[i];
		h *= 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 32);
}

static bool same_u32s(const uint32_t *x, const uint32_t *y, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* Double the hash table (size *tsize) and reinsert the ng groups. */
static int grow_table(struct ph *s, size_t *tsize, uint32_t ng)
{
	size_t nsize = *tsize * 2;
	uint32_t *t = ms_alloc_array(s->a, nsize, sizeof *t);
	if (!t)
		return MS_ERR_NOMEM;
	memset(t, 0, nsize * sizeof *t);
	for (uint32_t g = 0; g < ng; g++) {
		if (s->g_len[g] == 1)
			continue; /* found through single[] */
		size_t i = (size_t)s->g_hash[g] & (nsize - 1);
		while (t[i] != 0)
			i = (i + 1) & (nsize - 1);
		t[i] = g + 1;
	}
	s->a->free(s->a->ctx, s->table);
	s->table = t;
	*tsize = nsize;
	return 0;
}

/* *p (n used elements of size sz) moved to a block of cap elements (>= n).
 * 0 or MS_ERR_NOMEM (then *p is unchanged). */
static int grow_arr(const struct ms_allocator *a, void **p, size_t n, size_t cap, size_t sz)
{
	void *q = ms_alloc_array(a, cap, sz);
	if (!q)
		return MS_ERR_NOMEM;
	if (n)
		memcpy(q, *p, n * sz);
	a->free(a->ctx, *p);
	*p = q;
	return 0;
}

/* A new group ng of one ballot: len projects at pos of the buffer. */
static void add_group(struct ph *s, uint32_t *ng, uint32_t *pos, uint32_t len, uint64_t h)
{
	s->g_start[*ng] = *pos;
	s->g_len[*ng] = len;
	s->g_w[*ng] = 1;
	s->g_hash[*ng] = h;
	(*ng)++;
	*pos += len;
}

/* Collapse the ballots into groups. 0 or MS_ERR_NOMEM. The hash table
 * starts small and doubles at half load, so few distinct ballots (one-
 * project ballots of a big city) touch little memory. With at most 16
 * projects and voters enough, a ballot's bits index the table itself
 * (by_ballot): no hashing, one load. */
int ms_ph_build_groups(struct ph *s, const struct ms_election *el)
{
	const struct ms_allocator *a = s->a;
	uint32_t nv = el->n_voters;
	uint32_t total = nv > 0 ? el->vote_off[nv] : 0;
	bool by_ballot = el->n_projects <= 16 && ((size_t)1 << el->n_projects) <= 16 * (size_t)nv;
	size_t tsize = by_ballot ? (size_t)1 << el->n_projects : 256;
	/* The group arrays and the ballot buffer grow with the distinct
	 * ballots (doubling), not with the voters. */
	uint32_t gcap = nv < 1024 ? (nv > 0 ? nv : 1) : 1024;
	size_t bcap = total < 4096 ? (total > 0 ? total : 1) : 4096;
	s->buf = ms_alloc_array(a, bcap, sizeof *s->buf);
	s->g_start = ms_alloc_array(a, gcap, sizeof *s->g_start);
	s->g_len = ms_alloc_array(a, gcap, sizeof *s->g_len);
	s->g_w = ms_alloc_array(a, gcap, sizeof *s->g_w);
	s->g_hash = ms_alloc_array(a, gcap, sizeof *s->g_hash);
	s->table = ms_alloc_array(a, tsize, sizeof *s->table);
	/* single[p]: the group of the ballots naming p alone (singles never
	 * enter the hash table: they are found here) */
	uint32_t *single = ms_alloc_array(a, el->n_projects, sizeof *single);
	if (!single || !s->buf || !s->g_start || !s->g_len || !s->g_w || !s->g_hash || !s->table) {
		a->free(a->ctx, single);
		return MS_ERR_NOMEM;
	}
	for (uint32_t p = 0; p < el->n_projects; p++)
		single[p] = UINT32_MAX;
	memset(s->table, 0, tsize * sizeof *s->table);
	/* up to 512 projects: sort through a bitset of n_words words */
	uint64_t bits[8];
	uint32_t n_words = el->n_projects <= 512 ? (el->n_projects + 63) / 64 : 0;
	uint64_t fit = 0;   /* one word: the projects that fit the budget */
	for (uint32_t p = 0; n_words == 1 && p < el->n_projects; p++)
		if (el->cost[p] <= el->budget)
			fit |= (uint64_t)1 << p;
	uint32_t pos = 0, ng = 0;
	uint32_t sample = nv < GROUP_SAMPLE ? nv : GROUP_SAMPLE;
	for (uint32_t v = 0; v < nv; v++) {
		if (v == sample && sample < nv && ng > sample / 2) {
			/* Mostly distinct ballots: groups and copies would cost
			 * more memory (page faults) than they save; use the
			 * voters and their ballots as they are. (Long ballots
			 * too: compacting copies of them in the moves saves less
			 * than the copies cost, e.g. Budapest 2024, Warsaw
			 * districts; and the copies doubled the peak heap.) */
			s->direct = true;
			break;
		}
		uint32_t blen = el->vote_off[v + 1] - el->vote_off[v];
		if (ng == gcap || pos + (size_t)blen > bcap) {
			uint32_t ngcap = gcap;
			size_t nbcap = bcap;
			if (ng == gcap)
				ngcap = gcap > nv / 2 ? nv : gcap * 2;
			while (pos + (size_t)blen > nbcap)
				nbcap = nbcap > total / 2 ? total : nbcap * 2;
			if (grow_arr(a, (void **)&s->g_start, ng, ngcap, sizeof *s->g_start) ||
			    grow_arr(a, (void **)&s->g_len, ng, ngcap, sizeof *s->g_len) ||
			    grow_arr(a, (void **)&s->g_w, ng, ngcap, sizeof *s->g_w) ||
			    grow_arr(a, (void **)&s->g_hash, ng, ngcap, sizeof *s->g_hash) ||
			    grow_arr(a, (void **)&s->buf, pos, nbcap, sizeof *s->buf)) {
				a->free(a->ctx, single);
				return MS_ERR_NOMEM;
			}
			gcap = ngcap;
			bcap = nbcap;
		}
		uint32_t *dst = s->buf + pos, len = 0;
		uint64_t h;
		if (el->vote_off[v + 1] - el->vote_off[v] == 1) {
			/* one project: no hashing (choose-1, max_length 1) */
			dst[0] = el->vote_proj[el->vote_off[v]];
			if (!s->remaining[dst[0]])
				continue;
			len = 1;
			h = 0;
		} else if (n_words == 1) {
			/* up to 64 projects: the ballot is one word, and the hash
			 * is a bijection of it (hash_u64s: xor, odd multiplies
			 * and xor-shifts), so equal hashes are equal ballots and
			 * a ballot already grouped is found without its list */
			uint64_t m = 0;
			for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++)
				m |= (uint64_t)1 << el->vote_proj[k];
			m &= fit;
			if (m == 0)
				continue;
			h = 0; /* one project: found through single[] */
			uint32_t *slot = NULL;   /* by_ballot: the ballot's own slot */
			if ((m & (m - 1)) != 0) {
				uint32_t g;
				if (by_ballot) {
					slot = &s->table[m];
					g = *slot;
				} else {
					h = hash_u64s(&m, 1);
					size_t i = (size_t)h & (tsize - 1);
					while ((g = s->table[i]) != 0 && s->g_hash[g - 1] != h)
						i = (i + 1) & (tsize - 1);
				}
				if (g != 0) {
					s->g_w[g - 1]++;
					continue;
				}
			}
			for (uint64_t b = m; b != 0; b &= b - 1)
				dst[len++] = (uint32_t)__builtin_ctzll(b);
			if (slot) {   /* a new group, in its slot: no probing, no growing */
				*slot = ng + 1;
				add_group(s, &ng, &pos, len, 0);
				continue;
			}
		} else if (n_words > 0) {
			/* canonical order through a bitset: O(len + n_words), no sort */
			memset(bits, 0, n_words * sizeof *bits);
			for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
				uint32_t p = el->vote_proj[k];
				if (el->cost[p] <= el->budget)
					bits[p >> 6] |= (uint64_t)1 << (p & 63);
			}
			for (uint32_t w = 0; w < n_words; w++)
				for (uint64_t b = bits[w]; b != 0; b &= b - 1)
					dst[len++] = w * 64 + (uint32_t)__builtin_ctzll(b);
			if (len == 0)
				continue;
			h = hash_u64s(bits, n_words);
		} else {
			for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
				uint32_t p = el->vote_proj[k];
				if (el->cost[p] <= el->budget)
					dst[len++] = p;
			}
			if (len == 0)
				continue; /* an empty ballot never carries load that matters */
			sort_u32(dst, len);
			h = hash_u32s(dst, len);
		}
		if (len == 1) {
			uint32_t g = single[dst[0]];
			if (g != UINT32_MAX) {
				s->g_w[g]++;
				continue;
			}
			single[dst[0]] = ng;
			add_group(s, &ng, &pos, 1, h);
			continue;
		}
		size_t i = (size_t)h & (tsize - 1);
		for (;;) {
			uint32_t g = s->table[i];
			if (g == 0) {
				s->table[i] = ng + 1;
				add_group(s, &ng, &pos, len, h);
				if ((size_t)ng * 2 > tsize && grow_table(s, &tsize, ng) != 0) {
					a->free(a->ctx, single);
					return MS_ERR_NOMEM;
				}
				break;
			}
			g--;
			if (s->g_hash[g] == h && s->g_len[g] == len && same_u32s(s->buf + s->g_start[g], dst, len)) {
				s->g_w[g]++;
				break;
			}
			i = (i + 1) & (tsize - 1);
		}
	}
	a->free(a->ctx, single);
	/* the hashes and the table only serve the grouping */
	a->free(a->ctx, s->g_hash);
	a->free(a->ctx, s->table);
	s->g_hash = NULL;
	s->table = NULL;
	if (s->direct) {
		void *ptrs[] = { s->buf, s->g_start, s->g_len, s->g_w, s->g_hash, s->table };
		for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
			a->free(a->ctx, ptrs[i]);
		s->buf = s->g_start = s->g_len = s->g_w = s->table = NULL;
		s->g_hash = NULL;
		s->voff = el->vote_off;
		s->vproj = el->vote_proj;
		ng = nv;
	}
	s->ng = ng;
	return 0;
}

/* Approvals and the inverted index project -> groups (projects that are
 * not dropped only: remaining[] must be set). */
int ms_ph_build_index(struct ph *s)
{
	const struct ms_allocator *a = s->a;
	uint32_t np = s->np;
	s->appr = ms_alloc_array(a, np, sizeof *s->appr);
	s->p_off = ms_alloc_array(a, (size_t)np + 1, sizeof *s->p_off);
	s->g_cls = ms_alloc_array(a, s->ng, sizeof *s->g_cls);
	if (!s->appr || !s->p_off || !s->g_cls)
		return MS_ERR_NOMEM;
	memset(s->appr, 0, (size_t)np * sizeof *s->appr);
	memset(s->p_off, 0, ((size_t)np + 1) * sizeof *s->p_off);
	memset(s->g_cls, 0, (size_t)s->ng * sizeof *s->g_cls);
	uint32_t n_entries = 0;
	for (uint32_t g = 0; g < s->ng; g++) {
		uint32_t len, w;
		const uint32_t *b = ph_group_ballot(s, g, &len, &w);
		for (uint32_t k = 0; k < len; k++) {
			if (!s->remaining[b[k]])
				continue;
			s->appr[b[k]] += w;
			s->p_off[b[k] + 1]++;
			n_entries++;
		}
	}
	s->p_grp = ms_alloc_array(a, n_entries, sizeof *s->p_grp);
	if (!s->p_grp)
		return MS_ERR_NOMEM;
	for (uint32_t p = 0; p < np; p++)
		s->p_off[p + 1] += s->p_off[p];
	/* fill using p_off[p] as a cursor, then shift back */
	for (uint32_t g = 0; g < s->ng; g++) {
		uint32_t len, w;
		const uint32_t *b = ph_group_ballot(s, g, &len, &w);
		for (uint32_t k = 0; k < len; k++)
			if (s->remaining[b[k]])
				s->p_grp[s->p_off[b[k]]++] = g;
	}
	for (uint32_t p = np; p > 0; p--)
		s->p_off[p] = s->p_off[p - 1];
	s->p_off[0] = 0;
	return 0;
}
