/*
 * phragmen.c — sequential Phragmén (rules.h, ../shared/pabulib/README.md),
 * exactly as pabutools computes it, fast.
 *
 * The rule. Projects costing more than the budget B are dropped. Every voter
 * carries a load, 0 at first. Each round, every remaining project p with
 * a_p > 0 approvals has the new load
 *     L_p = (sum of its supporters' loads + cost_p) / a_p,
 * an unsupported one +inf. Let L be the least; if ANY project tied at L does
 * not fit in what is left of the budget, the rule stops; otherwise the one
 * with the smallest id (byte-wise) is selected and every supporter's load is
 * SET to L. Unsupported projects, all tied at +inf, are therefore added in
 * id order while every one still remaining fits.
 *
 * How it is made fast, exactly:
 *   - Ballots are cut down to the projects that are not dropped, put in
 *     canonical order (a bitset up to 512 projects, else a sort) and
 *     identical ones collapsed into weighted groups (a hash of the canonical
 *     list; one-project ballots by a direct table): voters of one group
 *     always carry the same load. When the first 4096 ballots show that
 *     they are mostly distinct and short, the voters are used as they are,
 *     their ballots read in place (memory touched costs more than grouping
 *     saves: page faults dominate on big cities).
 *   - When a group moves, projects no longer remaining are dropped from its
 *     copied ballot, so later moves touch less; the updates are branch-free.
 *   - Load classes: class 0 holds load 0, and round r creates class r with
 *     value lambda_r = the L selected in round r: all supporters of the
 *     selected project move there. cnt[p][c] counts p's supporters in class
 *     c (integers, updated per moved group), so the sum of p's supporters'
 *     loads is sum_c cnt[p][c] * lambda_c — no per-voter rational work.
 *   - Every lambda_c is kept as M_c / D over ONE common denominator D (big
 *     integers). Then L_p = X_p / (a_p * D) with X_p = cost_p * D +
 *     sum_c cnt[p][c] * M_c, and L_p < L_q iff X_p * a_q < X_q * a_p: no
 *     gcd anywhere in the loop. When lambda = X_w / (a_w * D) joins, D grows
 *     by the least m that keeps every M integral, m = a_w / gcd(a_w, X_w mod
 *     a_w), a small integer; D's prime factors are therefore all known (they
 *     divide the a_w), which makes reducing a load for its text cheap trial
 *     division instead of a big gcd.
 *   - Each round, L_p is first computed in double from the classes (every
 *     term is nonnegative, so the relative error is below (k + 8) * 2^-53
 *     for k classes); only the projects within a relative 1e-9 of the least
 *     double are evaluated exactly. The decision is therefore exact; doubles
 *     only filter out projects that are certainly not minimal.
 *
 * Steps: each round's selected project with its load L as exact reduced
 * text in currency units (L / money_scale; "inf" for unsupported projects)
 * and the money left; a STOP step naming the smallest-id tied project that
 * does not fit, when the rule stops on such a tie.
 *
 * Pure: memory from the caller's allocator (libtommath's digits aside, as
 * for rat.h); never aborts: every mp_* error is checked.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include <tommath.h>

#include "rules_internal.h"

#define NEAR_REL 1e-9
/* Ballots hashed before deciding whether grouping pays. */
#define GROUP_SAMPLE 4096

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

/* A prime factor of the common denominator (times money_scale). */
struct pfac {
	uint64_t q;
	uint32_t e;
};

/* Everything one run holds; freed by state_fini. */
struct ph {
	const struct ms_allocator *a;
	uint32_t np, ng;
	uint32_t *buf;       /* group ballots, concatenated */
	/* Groups of identical ballots, or (direct) one group per voter whose
	 * ballot is read from the election itself: then g_start/g_len/g_w are
	 * NULL and buf is unused. */
	bool direct;
	const uint32_t *voff, *vproj;
	uint32_t *g_start, *g_len, *g_w, *g_cls;
	uint64_t *g_hash;
	uint32_t *table;     /* hash slots: group index + 1, 0 = empty */
	uint64_t *appr;      /* a_p */
	uint32_t *p_off, *p_grp;
	uint32_t *cnt;       /* np x stride */
	size_t stride;
	uint64_t *pop;       /* voters per class */
	uint32_t *alive;     /* classes >= 1 with voters */
	double *lamd;        /* stride class values, approximately */
	double *ld;          /* np approximate loads */
	uint32_t *near;
	uint8_t *remaining;
	/* exact part */
	mp_int *m;           /* stride numerators M_c (n_m initialised) */
	size_t n_m;
	mp_int *x;           /* np numerators X_p (n_x initialised) */
	size_t n_x;
	mp_int d, t1, t2, t3; /* common denominator, temporaries */
	bool d_init;
	struct pfac *fac;    /* prime factors of D * money_scale */
	size_t n_fac, cap_fac;
};

static void state_fini(struct ph *s)
{
	const struct ms_allocator *a = s->a;
	for (size_t i = 0; i < s->n_m; i++)
		mp_clear(&s->m[i]);
	for (size_t i = 0; i < s->n_x; i++)
		mp_clear(&s->x[i]);
	if (s->d_init)
		mp_clear_multi(&s->d, &s->t1, &s->t2, &s->t3, NULL);
	void *ptrs[] = { s->buf, s->g_start, s->g_len, s->g_w, s->g_cls, s->g_hash, s->table, s->appr,
			 s->p_off, s->p_grp, s->cnt, s->pop, s->alive, s->lamd, s->ld, s->near,
			 s->remaining, s->m, s->x, s->fac };
	for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
		a->free(a->ctx, ptrs[i]);
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

/* Collapse the ballots into groups. 0 or MS_ERR_NOMEM. The hash table
 * starts small and doubles at half load, so few distinct ballots (one-
 * project ballots of a big city) touch little memory. */
static int build_groups(struct ph *s, const struct ms_election *el)
{
	const struct ms_allocator *a = s->a;
	uint32_t nv = el->n_voters;
	uint32_t total = nv > 0 ? el->vote_off[nv] : 0;
	size_t tsize = 256;
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
			s->g_start[ng] = pos;
			s->g_len[ng] = 1;
			s->g_w[ng] = 1;
			s->g_hash[ng] = h;
			ng++;
			pos++;
			continue;
		}
		size_t i = (size_t)h & (tsize - 1);
		for (;;) {
			uint32_t g = s->table[i];
			if (g == 0) {
				s->table[i] = ng + 1;
				s->g_start[ng] = pos;
				s->g_len[ng] = len;
				s->g_w[ng] = 1;
				s->g_hash[ng] = h;
				ng++;
				pos += len;
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

/* Group g's ballot (*len entries) and weight. In direct mode the ballot is
 * the voter's own and may name dropped projects (remaining[p] == 0). */
static const uint32_t *group_ballot(const struct ph *s, uint32_t g, uint32_t *len, uint32_t *w)
{
	if (s->direct) {
		*len = s->voff[g + 1] - s->voff[g];
		*w = 1;
		return s->vproj + s->voff[g];
	}
	*len = s->g_len[g];
	*w = s->g_w[g];
	return s->buf + s->g_start[g];
}

/* Approvals and the inverted index project -> groups (projects that are
 * not dropped only: remaining[] must be set). */
static int build_index(struct ph *s)
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
		const uint32_t *b = group_ballot(s, g, &len, &w);
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
		const uint32_t *b = group_ballot(s, g, &len, &w);
		for (uint32_t k = 0; k < len; k++)
			if (s->remaining[b[k]])
				s->p_grp[s->p_off[b[k]]++] = g;
	}
	for (uint32_t p = np; p > 0; p--)
		s->p_off[p] = s->p_off[p - 1];
	s->p_off[0] = 0;
	return 0;
}

/* ---- big-integer helpers (every mp_err is returned) ---------------------- */

static int mp_rc(mp_err err)
{
	return err == MP_OKAY ? 0 : err == MP_MEM ? MS_ERR_NOMEM : MS_ERR_INTERNAL;
}

/* c = a * v; tmp is scratch (used only when v exceeds one digit). */
static mp_err mul_u64(const mp_int *a, uint64_t v, mp_int *c, mp_int *tmp)
{
	if (v <= (uint64_t)MP_MASK)
		return mp_mul_d(a, (mp_digit)v, c);
	mp_set_u64(tmp, v);
	return mp_mul(a, tmp, c);
}

/* *rem = a mod v, and q = a / v when q != NULL; v > 0. */
static mp_err divmod_u64(const mp_int *a, uint64_t v, mp_int *q, uint64_t *rem, mp_int *tmp)
{
	if (v <= (uint64_t)MP_MASK) {
		mp_digit r;
		mp_err err = mp_div_d(a, (mp_digit)v, q, &r);
		*rem = (uint64_t)r;
		return err;
	}
	mp_int r;
	mp_err err = mp_init(&r);
	if (err != MP_OKAY)
		return err;
	mp_set_u64(tmp, v);
	if ((err = mp_div(a, tmp, q, &r)) == MP_OKAY)
		*rem = mp_get_mag_u64(&r);
	mp_clear(&r);
	return err;
}

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Add the prime factors of v (>= 1) to list (*n used of cap; callers size
 * it for every factor they add: at most 15 distinct primes per uint64). */
static void add_factors(struct pfac *list, size_t *n, size_t cap, uint64_t v)
{
	for (uint64_t q = 2; v > 1; q += (q == 2) ? 1 : 2) {
		if (q > v / q)
			q = v; /* no factor up to sqrt(v): v is prime */
		if (v % q != 0)
			continue;
		uint32_t e = 0;
		while (v % q == 0) {
			v /= q;
			e++;
		}
		size_t i = 0;
		while (i < *n && list[i].q != q)
			i++;
		if (i == *n && *n < cap)
			list[(*n)++] = (struct pfac){ q, 0 };
		if (i < *n)
			list[i].e += e;
	}
}

/* top 64 bits of |m| as a double, and how many bits were dropped */
static mp_err top_double(const mp_int *m, mp_int *tmp, double *out, int *shift)
{
	int bits = mp_count_bits(m);
	*shift = bits > 64 ? bits - 64 : 0;
	if (*shift == 0) {
		*out = (double)mp_get_mag_u64(m);
		return MP_OKAY;
	}
	mp_err err = mp_div_2d(m, *shift, tmp, NULL);
	*out = (double)mp_get_mag_u64(tmp);
	return err;
}

/* n / d as a double (d > 0; both nonnegative). */
static mp_err ratio_double(const mp_int *n, const mp_int *d, mp_int *tmp, double *out)
{
	double a, b;
	int sa, sb;
	mp_err err;
	if ((err = top_double(n, tmp, &a, &sa)) != MP_OKAY || (err = top_double(d, tmp, &b, &sb)) != MP_OKAY)
		return err;
	double v = a / b;
	for (int e = sa - sb; e != 0;) {
		int k = e > 60 ? 60 : e < -60 ? -60 : e;
		v = k > 0 ? v * (double)((uint64_t)1 << k) : v / (double)((uint64_t)1 << -k);
		e -= k;
	}
	*out = v;
	return MP_OKAY;
}

/* Divide n and d by q while both allow it, at most e times. */
static mp_err reduce_by(mp_int *n, mp_int *d, uint64_t q, uint32_t e, mp_int *tmp)
{
	mp_err err = MP_OKAY;
	for (uint32_t i = 0; i < e; i++) {
		uint64_t r;
		if ((err = divmod_u64(n, q, NULL, &r, tmp)) != MP_OKAY || r != 0)
			break;
		if ((err = divmod_u64(n, q, n, &r, tmp)) != MP_OKAY || (err = divmod_u64(d, q, d, &r, tmp)) != MP_OKAY)
			break;
	}
	return err;
}

/*
 * The text of num / (D * extra * money_scale), reduced, into a new string
 * from the allocator (*out). s->fac holds the prime factors of D *
 * money_scale, so trial division by them (and by extra's) reduces exactly.
 */
static int load_text(struct ph *s, const mp_int *num, uint64_t extra, int64_t scale, char **out)
{
	mp_int n, d;
	mp_err err;
	char *txt = NULL;
	*out = NULL;
	if ((err = mp_init_copy(&n, num)) != MP_OKAY)
		return mp_rc(err);
	if ((err = mp_init(&d)) != MP_OKAY) {
		mp_clear(&n);
		return mp_rc(err);
	}
	if ((err = mul_u64(&s->d, (uint64_t)scale, &d, &s->t3)) != MP_OKAY ||
	    (err = mul_u64(&d, extra, &d, &s->t3)) != MP_OKAY)
		goto done;
	if (mp_iszero(&n)) {
		mp_set(&d, 1);
	} else {
		struct pfac xf[16];
		size_t n_xf = 0;
		add_factors(xf, &n_xf, 16, extra);
		for (size_t i = 0; i < s->n_fac && err == MP_OKAY; i++)
			err = reduce_by(&n, &d, s->fac[i].q, s->fac[i].e, &s->t3);
		for (size_t i = 0; i < n_xf && err == MP_OKAY; i++)
			err = reduce_by(&n, &d, xf[i].q, xf[i].e, &s->t3);
		if (err != MP_OKAY)
			goto done;
	}
	int sn = 0, sd = 0;
	if ((err = mp_radix_size(&n, 10, &sn)) != MP_OKAY || (err = mp_radix_size(&d, 10, &sd)) != MP_OKAY)
		goto done;
	size_t room = (size_t)sn + (size_t)sd + 4;
	txt = s->a->alloc(s->a->ctx, room);
	if (!txt) {
		err = MP_MEM;
		goto done;
	}
	if ((err = mp_to_radix(&n, txt, room, NULL, 10)) != MP_OKAY)
		goto done;
	if (mp_cmp_d(&d, 1) != MP_EQ) {
		size_t len = strlen(txt);
		txt[len++] = '/';
		err = mp_to_radix(&d, txt + len, room - len, NULL, 10);
	}
done:
	mp_clear_multi(&n, &d, NULL);
	if (err != MP_OKAY) {
		s->a->free(s->a->ctx, txt);
		return mp_rc(err);
	}
	*out = txt;
	return 0;
}

/* X_p = cost_p * D + sum over alive classes of cnt[p][c] * M_c. */
static mp_err exact_x(struct ph *s, uint32_t p, int64_t cost, uint32_t n_alive)
{
	mp_int *x = &s->x[p];
	mp_err err = mul_u64(&s->d, (uint64_t)cost, x, &s->t3);
	const uint32_t *row = s->cnt + (size_t)p * s->stride;
	for (uint32_t i = 0; err == MP_OKAY && i < n_alive; i++) {
		uint32_t c = s->alive[i];
		if (row[c] == 0)
			continue;
		if ((err = mul_u64(&s->m[c], row[c], &s->t1, &s->t3)) == MP_OKAY)
			err = mp_add(x, &s->t1, x);
	}
	return err;
}

/* -1, 0, 1 as X_p / a_p <, =, > X_q / a_q. */
static mp_err cmp_load(struct ph *s, uint32_t p, uint32_t q, int *res)
{
	mp_err err;
	if ((err = mul_u64(&s->x[p], s->appr[q], &s->t1, &s->t3)) != MP_OKAY ||
	    (err = mul_u64(&s->x[q], s->appr[p], &s->t2, &s->t3)) != MP_OKAY)
		return err;
	mp_ord o = mp_cmp(&s->t1, &s->t2);
	*res = o == MP_LT ? -1 : o == MP_GT ? 1 : 0;
	return MP_OKAY;
}

/* Select w: lambda = X_w / (a_w D) becomes class c_new; D grows by m. */
static mp_err new_class(struct ph *s, uint32_t w, uint32_t c_new, uint32_t n_alive)
{
	uint64_t aw = s->appr[w], r;
	mp_err err = divmod_u64(&s->x[w], aw, NULL, &r, &s->t3);
	if (err != MP_OKAY)
		return err;
	uint64_t m = aw / gcd_u64(aw, r);
	if (m > 1) {
		for (uint32_t i = 0; i < n_alive; i++)
			if ((err = mul_u64(&s->m[s->alive[i]], m, &s->m[s->alive[i]], &s->t3)) != MP_OKAY)
				return err;
		if ((err = mul_u64(&s->d, m, &s->d, &s->t3)) != MP_OKAY)
			return err;
		add_factors(s->fac, &s->n_fac, s->cap_fac, m);
	}
	/* M_new = X_w * m / a_w, exact */
	if ((err = mul_u64(&s->x[w], m, &s->m[c_new], &s->t3)) != MP_OKAY ||
	    (err = divmod_u64(&s->m[c_new], aw, &s->m[c_new], &r, &s->t3)) != MP_OKAY)
		return err;
	return ratio_double(&s->m[c_new], &s->d, &s->t3, &s->lamd[c_new]);
}

static int add_text_step(struct ph *s, struct ms_outcome *o, enum ms_step_kind kind, uint32_t p,
			 const mp_int *num, uint64_t extra, int64_t scale, int64_t left, struct ms_error *e)
{
	if (!num)
		return ms_outcome_add_step_text(s->a, o, kind, p, "inf", left, NULL, 0, e);
	char *txt;
	int rc = load_text(s, num, extra, scale, &txt);
	if (rc != 0)
		return ms_error_set(e, rc, NULL, NULL, "out of memory for a load");
	rc = ms_outcome_add_step_text(s->a, o, kind, p, txt, left, NULL, 0, e);
	s->a->free(s->a->ctx, txt);
	return rc;
}

int ms_rule_phragmen(const struct ms_allocator *a, const struct ms_election *el, struct ms_outcome *out,
		     struct ms_error *e)
{
	if (out)
		ms_outcome_init(out);
	if (!out)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_RULE_NO_OUTCOME);
	int rc = ms_election_check(a, el, e);
	if (rc != 0)
		return rc;
	if (el->vote_type != MS_VOTE_APPROVAL && el->vote_type != MS_VOTE_CHOOSE1)
		return ms_rule_wrong_vote_type(e, el, MS_AT("序贯 Phragmén 法", "sequential Phragmén"),
					       MS_AT("赞成式或单选式", "approval or choose-1"));

	struct ph s;
	memset(&s, 0, sizeof s);
	s.a = a;
	uint32_t np = s.np = el->n_projects;
	int64_t scale = el->money_scale > 1 ? el->money_scale : 1;
	mp_err err = MP_OKAY;

	s.remaining = ms_alloc_array(a, np, sizeof *s.remaining);
	if (!s.remaining)
		goto nomem;
	for (uint32_t p = 0; p < np; p++)
		s.remaining[p] = el->cost[p] <= el->budget;
	if ((rc = build_groups(&s, el)) != 0 || (rc = build_index(&s)) != 0)
		goto nomem;

	uint32_t n_supported = 0;
	for (uint32_t p = 0; p < np; p++)
		n_supported += s.appr[p] > 0;
	s.stride = (size_t)n_supported + 1;
	/* D's factors: at most 15 distinct primes per factor below 2^64, one
	 * factor per round, plus money_scale's. */
	s.cap_fac = 16 * (s.stride + 1);
	s.cnt = ms_alloc_array(a, (size_t)np * s.stride, sizeof *s.cnt);
	s.pop = ms_alloc_array(a, s.stride, sizeof *s.pop);
	s.alive = ms_alloc_array(a, s.stride, sizeof *s.alive);
	s.lamd = ms_alloc_array(a, s.stride, sizeof *s.lamd);
	s.ld = ms_alloc_array(a, np, sizeof *s.ld);
	s.near = ms_alloc_array(a, np, sizeof *s.near);
	s.m = ms_alloc_array(a, s.stride, sizeof *s.m);
	s.x = ms_alloc_array(a, np, sizeof *s.x);
	s.fac = ms_alloc_array(a, s.cap_fac, sizeof *s.fac);
	if (!s.cnt || !s.pop || !s.alive || !s.lamd || !s.ld || !s.near || !s.m || !s.x ||
	    !s.fac)
		goto nomem;
	if ((err = mp_init_multi(&s.d, &s.t1, &s.t2, &s.t3, NULL)) != MP_OKAY)
		goto mp_fail;
	s.d_init = true;
	mp_set(&s.d, 1);
	for (; s.n_m < s.stride; s.n_m++)
		if ((err = mp_init(&s.m[s.n_m])) != MP_OKAY)
			goto mp_fail;
	for (; s.n_x < np; s.n_x++)
		if ((err = mp_init(&s.x[s.n_x])) != MP_OKAY)
			goto mp_fail;
	add_factors(s.fac, &s.n_fac, s.cap_fac, (uint64_t)scale);
	for (size_t c = 0; c < s.stride; c++) {
		s.lamd[c] = 0;
		s.pop[c] = 0;
	}
	memset(s.cnt, 0, (size_t)np * s.stride * sizeof *s.cnt);
	for (uint32_t p = 0; p < np; p++)
		s.cnt[(size_t)p * s.stride] = (uint32_t)s.appr[p];
	s.pop[0] = el->n_voters;
	if ((rc = ms_outcome_reserve(a, out, np, (size_t)np + 1, e)) != 0)
		goto fail;

	int64_t left = el->budget;
	uint32_t n_classes = 1; /* class 0 exists */
	bool stopped = false;
	for (;;) {
		/* classes >= 1 that hold voters */
		uint32_t n_alive = 0;
		for (uint32_t c = 1; c < n_classes; c++)
			if (s.pop[c] > 0)
				s.alive[n_alive++] = c;
		/* approximate loads */
		double dmin = 0;
		bool any = false;
		for (uint32_t p = 0; p < np; p++) {
			if (!s.remaining[p] || s.appr[p] == 0)
				continue;
			const uint32_t *row = s.cnt + (size_t)p * s.stride;
			double sum = (double)el->cost[p];
			for (uint32_t i = 0; i < n_alive; i++)
				sum += (double)row[s.alive[i]] * s.lamd[s.alive[i]];
			double l = sum / (double)s.appr[p];
			s.ld[p] = l;
			if (!any || l < dmin)
				dmin = l;
			any = true;
		}
		if (!any)
			break;
		/* exact loads of the near-minimal ones */
		double cut = dmin * (1 + NEAR_REL);
		uint32_t n_near = 0, best = UINT32_MAX;
		for (uint32_t p = 0; p < np; p++)
			if (s.remaining[p] && s.appr[p] > 0 && s.ld[p] <= cut)
				s.near[n_near++] = p;
		for (uint32_t i = 0; i < n_near; i++) {
			uint32_t p = s.near[i];
			int c = -1;
			if ((err = exact_x(&s, p, el->cost[p], n_alive)) != MP_OKAY)
				goto mp_fail;
			if (best != UINT32_MAX && (err = cmp_load(&s, p, best, &c)) != MP_OKAY)
				goto mp_fail;
			if (c < 0)
				best = p;
		}
		/* the tied set: winner by id; stop if any does not fit */
		uint32_t win = UINT32_MAX, nofit = UINT32_MAX;
		for (uint32_t i = 0; i < n_near; i++) {
			uint32_t p = s.near[i];
			int c = 0;
			if (p != best && (err = cmp_load(&s, p, best, &c)) != MP_OKAY)
				goto mp_fail;
			if (c != 0)
				continue;
			if (el->cost[p] > left) {
				if (nofit == UINT32_MAX || el->id_rank[p] < el->id_rank[nofit])
					nofit = p;
			} else if (win == UINT32_MAX || el->id_rank[p] < el->id_rank[win]) {
				win = p;
			}
		}
		if (nofit != UINT32_MAX) {
			if ((rc = add_text_step(&s, out, MS_STEP_STOP, nofit, &s.x[best], s.appr[best], scale, left,
						e)) != 0)
				goto fail;
			stopped = true;
			break;
		}
		/* select win: its supporters move to a new class */
		uint32_t c_new = n_classes++;
		if ((err = new_class(&s, win, c_new, n_alive)) != MP_OKAY)
			goto mp_fail;
		/* Moving a group also drops the projects no longer remaining
		 * (win among them) from its ballot: later moves skip them. */
		s.remaining[win] = 0;
		for (uint32_t k = s.p_off[win]; k < s.p_off[win + 1]; k++) {
			uint32_t g = s.p_grp[k], old = s.g_cls[g], w, len;
			const uint32_t *b = group_ballot(&s, g, &len, &w);
			/* Branch-free: rows of projects no longer remaining are
			 * updated too (never read again; unsigned wrap is harmless),
			 * which is faster than a mispredicted test per entry. */
			if (s.direct) {
				for (uint32_t j = 0; j < len; j++) {
					uint32_t *row = s.cnt + (size_t)b[j] * s.stride;
					row[old] -= w;
					row[c_new] += w;
				}
			} else {
				uint32_t *mb = s.buf + s.g_start[g], kept = 0;
				for (uint32_t j = 0; j < len; j++) {
					uint32_t p = mb[j];
					uint32_t *row = s.cnt + (size_t)p * s.stride;
					row[old] -= w;
					row[c_new] += w;
					mb[kept] = p;
					kept += s.remaining[p];
				}
				s.g_len[g] = kept;
			}
			s.pop[old] -= w;
			s.pop[c_new] += w;
			s.g_cls[g] = c_new;
		}
		left -= el->cost[win];
		if ((rc = ms_outcome_select(a, out, win, el->cost[win], e)) != 0 ||
		    (rc = add_text_step(&s, out, MS_STEP_SELECTED, win, &s.m[c_new], 1, scale, left, e)) != 0)
			goto fail;
	}
	/* Unsupported projects: all tied at +inf. */
	while (!stopped) {
		uint32_t win = UINT32_MAX, nofit = UINT32_MAX;
		for (uint32_t p = 0; p < np; p++) {
			if (!s.remaining[p])
				continue;
			if (el->cost[p] > left) {
				if (nofit == UINT32_MAX || el->id_rank[p] < el->id_rank[nofit])
					nofit = p;
			} else if (win == UINT32_MAX || el->id_rank[p] < el->id_rank[win]) {
				win = p;
			}
		}
		if (nofit != UINT32_MAX) {
			if ((rc = add_text_step(&s, out, MS_STEP_STOP, nofit, NULL, 1, scale, left, e)) != 0)
				goto fail;
			break;
		}
		if (win == UINT32_MAX)
			break;
		s.remaining[win] = 0;
		left -= el->cost[win];
		if ((rc = ms_outcome_select(a, out, win, el->cost[win], e)) != 0 ||
		    (rc = add_text_step(&s, out, MS_STEP_SELECTED, win, NULL, 1, scale, left, e)) != 0)
			goto fail;
	}
	state_fini(&s);
	return 0;
mp_fail:
	rc = ms_error_set(e, mp_rc(err), NULL, NULL, "exact arithmetic failed (out of memory)");
	goto fail;
nomem:
	rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for sequential Phragmén");
fail:
	state_fini(&s);
	ms_outcome_fini(a, out);
	return rc;
}
