/*
 * cluster.c — near-duplicate demands (cluster.h): shingles, rarity
 * weights, weighted MinHash/LSH candidates, the weighted Jaccard check and
 * the assignment of each text to a centre. Pure and allocation-free.
 */
#include "cluster.h"

#include <stdbool.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#define KEPT_MAX (MS_CLUSTER_SHINGLES_MAX + 1)
#define WEAK_BIT 1u  /* a shingle inside the template words (its hash's lowest bit) */
#define PLACE_BIT 2u /* a shingle naming a place (the next bit) */
#define PLACES_MAX 16
#define MEDOID_ROUNDS 1
#define MEDOID_SAMPLE 8
#define LEADERS 4 /* leaders of an LSH bucket */
#define HEADS MS_CLUSTER_HEADS

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static bool is_cjk(ucs4_t c)
{
	return uc_is_property_ideographic(c) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af);
}

/* Function and politeness words taken out before shingling: they join any
 * two demands and tell nothing of what is asked. */
static const ucs4_t *const stop_words[] = {
	U"我们", U"你们", U"他们", U"大家", U"已经", U"一直", U"希望", U"建议", U"要求", U"反映", U"请求", U"麻烦",
	U"现在", U"这个", U"那个", U"这里", U"那里", U"非常", U"真的", U"一下", U"还是", U"可以", U"能够",
	U"您好", U"你好", U"谢谢", U"感谢", U"辛苦", U"拜托", U"恳请", U"敬请", U"万分", U"十分", U"特别",
	U"的", U"了", U"着", U"过", U"吗", U"呢", U"吧", U"啊", U"呀", U"么", U"我", U"你", U"您", U"他", U"她",
	U"它", U"很", U"也", U"都", U"就", U"还", U"又", U"来", U"把", U"被", U"给", U"与", U"及", U"是",
	U"在", U"请", U"望", NULL};

/* Template words of petitions: kept, but they weigh a quarter of what
 * the same rarity would give (小区 and 解决 are in half of all demands of
 * any corpus, however small the corpus the run sees). */
static const ucs4_t *const weak_words[] = {
	U"小区", U"社区", U"居民", U"群众", U"业主", U"住户", U"尽快", U"及时", U"早日", U"解决", U"处理", U"问题",
	U"有关", U"相关", U"部门", U"领导", U"政府", U"情况", U"协调", U"关心", U"关注", U"重视", U"帮助", U"帮忙",
	U"落实", U"目前", U"影响", U"生活", U"加装", U"安装", U"增加", U"增设", U"维修", U"修理", U"更换", NULL};

/* Words that with the two characters before them name a place: 幸福小区,
 * 翠苑, 朝阳街道 (幸福小区 and 幸福花园 are two places). Two texts that both
 * name places and share none are about different places, hence different
 * demands. */
static const ucs4_t *const place_words[] = {U"小区", U"花园", U"新村", U"家园", U"社区", U"公寓", U"大厦", U"街道",
					    U"苑", NULL};

/* The length of the word of list at s (n characters left), 0 when none. */
static size_t word_at(const ucs4_t *const *list, const ucs4_t *s, size_t n)
{
	for (size_t w = 0; list[w]; w++) {
		const ucs4_t *p = list[w];
		size_t k = 0;
		while (p[k] && k < n && p[k] == s[k])
			k++;
		if (!p[k])
			return k;
	}
	return 0;
}

/* Append c, folded (full compatibility decomposition, marks dropped, lower
 * case), to kept when it is a CJK character, a letter or a digit. */
static void keep(ucs4_t c, ucs4_t *kept, size_t *nk, int depth)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
	int tag;
	int nd = depth < 4 ? uc_decomposition(c, &tag, d) : -1;
	if (nd > 0) {
		for (int i = 0; i < nd && *nk < KEPT_MAX; i++)
			keep(d[i], kept, nk, depth + 1);
		return;
	}
	if (uc_is_general_category(c, UC_CATEGORY_M))
		return;
	c = uc_tolower(c);
	if (is_cjk(c) || uc_is_alnum(c))
		kept[(*nk)++] = c;
	else if (*nk && kept[*nk - 1])
		kept[(*nk)++] = 0; /* a break: punctuation, space */
}

static void sift(uint32_t *a, size_t i, size_t n)
{
	for (;;) {
		size_t m = i, l = 2 * i + 1, r = l + 1;
		if (l < n && a[l] > a[m])
			m = l;
		if (r < n && a[r] > a[m])
			m = r;
		if (m == i)
			return;
		uint32_t t = a[i];
		a[i] = a[m], a[m] = t;
		i = m;
	}
}

static void heapsort32(uint32_t *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift(a, i, n);
	for (size_t end = n; end-- > 1;) {
		uint32_t t = a[0];
		a[0] = a[end], a[end] = t;
		sift(a, 0, end);
	}
}

size_t ms_cluster_shingles(const char *text, size_t n, uint32_t out[MS_CLUSTER_SHINGLES_MAX])
{
	ucs4_t kept[KEPT_MAX + UC_DECOMPOSITION_MAX_LENGTH], words[KEPT_MAX];
	unsigned char weak[KEPT_MAX]; /* 1: inside a template word or a place's name, 2: a digit */
	uint32_t place[PLACES_MAX];
	size_t nk = 0, nw = 0, np = 0;
	for (size_t i = 0; i < n && nk < KEPT_MAX;) {
		ucs4_t c;
		int l = u8_mbtouc(&c, (const uint8_t *)text + i, n - i);
		i += (size_t)l;
		keep(c, kept, &nk, 0);
	}
	if (nk > KEPT_MAX)
		nk = KEPT_MAX;
	/* run: the words kept since the last break or stop word */
	for (size_t i = 0, run = 0; i < nk;) {
		size_t s = kept[i] ? word_at(stop_words, kept + i, nk - i) : 1;
		if (s) {
			i += s, run = 0;
			continue;
		}
		size_t p = word_at(place_words, kept + i, nk - i);
		if (p && run >= 2 && np < PLACES_MAX && is_cjk(words[nw - 1]) && is_cjk(words[nw - 2])) {
			/* the place: its two characters and the word after them */
			uint64_t h = mix64(((uint64_t)words[nw - 2] << 32) | words[nw - 1]);
			for (size_t k = 0; k < p; k++)
				h = mix64(h ^ kept[i + k]);
			place[np++] = ((uint32_t)(h >> 32) & ~(WEAK_BIT | PLACE_BIT)) | PLACE_BIT | WEAK_BIT;
			weak[nw - 2] = weak[nw - 1] = 1; /* the place's name: a gate more than a likeness */
		}
		size_t w = p ? p : word_at(weak_words, kept + i, nk - i);
		for (size_t k = 0; k < (w ? w : 1); k++, run++)
			weak[nw] = uc_is_digit(kept[i]) ? 2 : w != 0, words[nw++] = kept[i++];
	}
	if (nw < 2)
		return 0;
	size_t m = 0;
	for (size_t i = 0; i < np && m < MS_CLUSTER_SHINGLES_MAX; i++)
		out[m++] = place[i];
	for (size_t i = 0; i + 1 < nw && m < MS_CLUSTER_SHINGLES_MAX; i++) {
		uint32_t h = (uint32_t)(mix64(((uint64_t)words[i] << 32) | words[i + 1]) >> 32) & ~(WEAK_BIT | PLACE_BIT);
		out[m++] = h | ((weak[i] && weak[i + 1]) || weak[i] == 2 || weak[i + 1] == 2 ? WEAK_BIT : 0);
	}
	/* a bigram said again is a shingle of its own (the second 电梯 hashes
	 * apart from the first): what a text repeats — its title says it
	 * once more — weighs more, as a term's frequency does */
	heapsort32(out, m);
	for (size_t i = 0; i < m;) {
		size_t j = i + 1;
		for (; j < m && out[j] == out[i]; j++)
			out[j] = ((uint32_t)(mix64(out[i] ^ ((uint64_t)(j - i) << 40)) >> 32) & ~(WEAK_BIT | PLACE_BIT)) |
				 (out[i] & (WEAK_BIT | PLACE_BIT));
		i = j;
	}
	heapsort32(out, m);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (!k || out[k - 1] != out[i])
			out[k++] = out[i];
	return k;
}

/* ---- weights ---- */

/* log2 of u ≥ 1 within 1e-4: the exponent of the float and a polynomial
 * for the mantissa. No libm, the same answer on every run. */
static float log2_fast(uint32_t u)
{
	union {
		float f;
		uint32_t i;
	} v = {.f = (float)u};
	float e = (float)((int)((v.i >> 23) & 255) - 127);
	v.i = (v.i & 0x7fffffu) | 0x3f800000u;
	float m = v.f;
	return e + (-1.7417939f + (2.8212026f + (-1.4699568f + (0.44717955f - 0.056570851f * m) * m) * m) * m);
}

/* The weight of a shingle found in df of n documents: the square of its
 * rarity w = ln((n + 20) / max(df + 1, (n + 20) / 10⁴)), in thirds (3·w²,
 * from 1 to 255, a byte). Twenty documents that lack it are assumed (two
 * texts alone say little of rarity: their weights come out nearly equal,
 * shared or not), rarity is capped at 1 in 10,000 (a shingle in 3 of a
 * million is a typo, not a stronger sign than one in 100), and template
 * words, places and numbers count a third of their rarity. Squared, because a Jaccard
 * sums weights: a text's few rare words (the object: 电梯, 充电桩) must
 * outweigh its many middling ones (a template's 3号楼 … 尽快维修) — with
 * plain rarity a dozen objects in five templates are as alike by template
 * as by object. */
static unsigned weight(size_t n, size_t df, bool weak)
{
	double all = (double)n + 20, below = (double)df + 1, floor_ = all / 10000;
	if (below < floor_)
		below = floor_;
	double ratio = all / below, w = 0;
	if (ratio > 1) {
		/* ln x = log2 x · ln 2, log2 of the ratio scaled into 32 bits */
		double l2 = 0;
		while (ratio >= 65536.0)
			ratio /= 65536.0, l2 += 16;
		l2 += (double)log2_fast((uint32_t)(ratio * 65536.0)) - 16;
		w = l2 * 0.6931471805599453;
	}
	if (weak)
		w /= 3;
	double q = 3 * w * w;
	return q < 1 ? 1 : q > 255 ? 255 : (unsigned)(q + 0.5);
}

/* The weighted Jaccard of a and b in ten-thousandths, 0 when below
 * threshold (also ten-thousandths) or when both name places and share
 * none (then they are not the same demand). wa and wb are the documents'
 * total weights, with PLACE_MARK set when they name a place. */
#define PLACE_MARK 0x80000000u
static unsigned similarity(const uint32_t *a, const uint8_t *qa, size_t na, uint32_t wa, const uint32_t *b, size_t nb,
			   uint32_t wb, unsigned threshold)
{
	bool places = wa & wb & PLACE_MARK;
	wa &= ~PLACE_MARK, wb &= ~PLACE_MARK;
	/* what they share weighs at most the lighter: J ≤ min / max */
	if ((uint64_t)(wa < wb ? wa : wb) * 10000 < (uint64_t)threshold * (wa < wb ? wb : wa))
		return 0;
	size_t i = 0, j = 0;
	uint32_t both = 0;
	bool place_both = false;
	while (i < na && j < nb) {
		uint32_t x = a[i], y = b[j];
		if (x == y) {
			both += qa[i];
			place_both |= x & PLACE_BIT;
			i++, j++;
		} else {
			i += x < y;
			j += y < x;
		}
	}
	if ((places && !place_both) || !both)
		return 0;
	unsigned sim = (unsigned)((uint64_t)both * 10000 / (wa + wb - both));
	return sim >= threshold ? sim : 0;
}

/* The total weight of a document, PLACE_MARK set when it names a place. */
static uint32_t total_of(const uint32_t *sh, const uint8_t *q, size_t n)
{
	uint32_t t = 0, place = 0;
	for (size_t k = 0; k < n; k++)
		t += q[k], place |= sh[k] & PLACE_BIT;
	return t | (place ? PLACE_MARK : 0);
}

unsigned ms_cluster_similarity_pct(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (!na || !nb || na > MS_CLUSTER_SHINGLES_MAX || nb > MS_CLUSTER_SHINGLES_MAX)
		return 0;
	/* the weights a run over these two documents gives */
	uint8_t qa[MS_CLUSTER_SHINGLES_MAX], qb[MS_CLUSTER_SHINGLES_MAX];
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		if (j >= nb || (i < na && a[i] < b[j])) {
			qa[i] = (uint8_t)weight(2, 1, a[i] & WEAK_BIT), i++;
		} else if (i >= na || b[j] < a[i]) {
			qb[j] = (uint8_t)weight(2, 1, b[j] & WEAK_BIT), j++;
		} else {
			qa[i] = qb[j] = (uint8_t)weight(2, 2, a[i] & WEAK_BIT), i++, j++;
		}
	}
	return similarity(a, qa, na, total_of(a, qa, na), b, nb, total_of(b, qb, nb), 1) / 100;
}

/* ---- the run ---- */

struct entry {
	uint64_t key;
	uint32_t doc;
	uint32_t pad;
};

#define RADIX_BITS 16
#define RADIX (1u << RADIX_BITS)

static size_t align8(size_t x)
{
	return (x + 7) & ~(size_t)7;
}

/* The work memory's parts, each 8-byte aligned. */
struct layout {
	size_t sort, count, q, total, head, hsim, fixed, size;
};

static struct layout layout_of(size_t n, size_t nsh)
{
	struct layout l;
	size_t sort = 2 * n * sizeof(struct entry), sh = 2 * nsh * sizeof(uint32_t);
	l.sort = 0;
	l.count = align8(sort > sh ? sort : sh) + (n ? 0 : 8);
	l.q = l.count + RADIX * sizeof(size_t);
	l.total = l.q + align8(nsh);
	l.head = l.total + align8(n * sizeof(uint32_t));
	l.hsim = l.head + align8(n * HEADS * sizeof(uint32_t));
	l.fixed = l.hsim + align8(n * HEADS * sizeof(uint16_t));
	l.size = l.fixed + align8(n);
	return l;
}

size_t ms_cluster_work_size(const struct ms_cluster_docs *docs)
{
	return layout_of(docs->n, docs->start[docs->n]).size;
}

/* The band key of a document by weighted MinHash: for each of the band's
 * rows, the shingle whose exponential variate E / weight is least wins (a
 * shingle wins with probability proportional to its weight, so two
 * documents draw the same with probability their weighted Jaccard), and
 * the winners' hashes are mixed into 64 bits. inv[q] = 1 / q. */
static uint64_t band_key(const uint32_t *sh, const uint8_t *q, size_t n, unsigned band, const float *inv)
{
	uint64_t key = band;
	for (unsigned r = 0; r < MS_CLUSTER_ROWS; r++) {
		uint64_t seed = (uint64_t)(band * MS_CLUSTER_ROWS + r + 1) * 0x9e3779b97f4a7c15ULL;
		float best = 3.0e38f;
		uint32_t win = 0;
		for (size_t i = 0; i < n; i++) {
			uint32_t u = (uint32_t)(mix64(sh[i] ^ seed) >> 32) | 1u;
			float v = (32.0f - log2_fast(u)) * inv[q[i]];
			if (v < best)
				best = v, win = sh[i];
		}
		key = mix64(key ^ ((uint64_t)win << 16) ^ r);
	}
	if (band % 2 == 0)
		for (size_t i = 0; i < n; i++)
			if (sh[i] & PLACE_BIT) {
				/* the first place it names: texts naming two different
				 * places are not alike, so half the bands look within
				 * a place (a bucket of one object across a city's
				 * estates would hide an estate's own pair) */
				key = mix64(key ^ sh[i]);
				break;
			}
	return key;
}

/* LSD radix sorts, stable: digits of 16 bits, or of 8 for fewer than
 * 2^16 keys (a congress's few thousand texts need not clear 65,536
 * counters a pass). Both make an even number of passes, so the sorted
 * keys end back in a. */
static void radix_sort(struct entry *a, struct entry *tmp, size_t n, size_t *count)
{
	unsigned bits = n < RADIX ? 8 : RADIX_BITS;
	size_t radix = (size_t)1 << bits, mask = radix - 1;
	for (unsigned shift = 0; shift < 64; shift += bits) {
		memset(count, 0, radix * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(a[i].key >> shift) & mask]++;
		size_t sum = 0;
		for (size_t d = 0; d < radix; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[(a[i].key >> shift) & mask]++] = a[i];
		struct entry *t = a;
		a = tmp, tmp = t;
	}
}

static void radix_sort32(uint32_t *a, uint32_t *tmp, size_t n, size_t *count)
{
	unsigned bits = n < RADIX ? 8 : RADIX_BITS;
	size_t radix = (size_t)1 << bits, mask = radix - 1;
	for (unsigned shift = 0; shift < 32; shift += bits) {
		memset(count, 0, radix * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(a[i] >> shift) & mask]++;
		size_t sum = 0;
		for (size_t d = 0; d < radix; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[(a[i] >> shift) & mask]++] = a[i];
		uint32_t *t = a;
		a = tmp, tmp = t;
	}
}

/* Each shingle occurrence's weight (q) from its document frequency: every
 * shingle sorted, counted, and looked up. */
static void weigh(const struct ms_cluster_docs *docs, unsigned char *work, const struct layout *l)
{
	size_t n = docs->n, nsh = docs->start[n], docs_with = 0;
	uint32_t *all = (uint32_t *)(work + l->sort), *tmp = all + nsh;
	uint8_t *q = work + l->q;
	memcpy(all, docs->shingles, nsh * sizeof *all);
	radix_sort32(all, tmp, nsh, (size_t *)(work + l->count));
	for (size_t i = 0; i < n; i++)
		docs_with += docs->start[i + 1] > docs->start[i];
	/* distinct shingles in all[0 .. u), their weights in tmp[0 .. u) */
	size_t u = 0;
	for (size_t i = 0; i < nsh;) {
		size_t j = i + 1;
		while (j < nsh && all[j] == all[i])
			j++;
		all[u] = all[i];
		tmp[u++] = weight(docs_with, j - i, all[i] & WEAK_BIT);
		i = j;
	}
	for (size_t i = 0; i < nsh; i++) {
		uint32_t s = docs->shingles[i];
		size_t lo = 0, hi = u;
		while (hi - lo > 1) {
			size_t mid = (lo + hi) / 2;
			if (all[mid] <= s)
				lo = mid;
			else
				hi = mid;
		}
		q[i] = (uint8_t)tmp[lo];
	}
}

/* Record head h (similarity sim) among d's best HEADS candidates: the
 * most similar first, the earlier head on a tie. */
static void head_add(uint32_t *head, uint16_t *hsim, uint32_t d, uint32_t h, unsigned sim)
{
	uint32_t *hd = head + (size_t)d * HEADS;
	uint16_t *hs = hsim + (size_t)d * HEADS;
	size_t k = 0;
	while (k < HEADS && hs[k] && (hs[k] > sim || (hs[k] == sim && hd[k] < h)))
		k++;
	if (k == HEADS)
		return;
	memmove(hd + k + 1, hd + k, (HEADS - 1 - k) * sizeof *hd);
	memmove(hs + k + 1, hs + k, (HEADS - 1 - k) * sizeof *hs);
	hd[k] = h, hs[k] = (uint16_t)sim;
}

static bool head_known(const uint32_t *head, const uint16_t *hsim, uint32_t d, uint32_t h)
{
	for (size_t k = 0; k < HEADS && hsim[(size_t)d * HEADS + k]; k++)
		if (head[(size_t)d * HEADS + k] == h)
			return true;
	return false;
}

#define SH(i) (docs->shingles + docs->start[i])
#define NSH(i) (docs->start[(i) + 1] - docs->start[i])
#define SIM(x, y) similarity(SH(x), q + docs->start[x], NSH(x), total[x], SH(y), NSH(y), total[y], threshold)

/* One round of centring: each cluster's centre becomes its medoid — the
 * member most similar to the others (to MEDOID_SAMPLE of them, evenly
 * spread, in a large cluster) — and every other document then joins the
 * most similar of the medoids of its own and its candidates' clusters
 * that it is similar to, or stays alone. The first centres are merely the
 * earliest texts; a medoid gathers more of its kind, and fragments of one
 * demand meet again. */
static void recentre(const struct ms_cluster_docs *docs, unsigned char *work, const struct layout *l, uint32_t *root)
{
	size_t n = docs->n;
	const uint8_t *q = work + l->q;
	const uint32_t *total = (uint32_t *)(work + l->total), *head = (uint32_t *)(work + l->head);
	const uint16_t *hsim = (uint16_t *)(work + l->hsim);
	uint32_t *off = (uint32_t *)(work + l->sort), *mem = off + n + 1, *med = mem + n;
	unsigned char *fixed = work + l->fixed;
	const unsigned threshold = MS_CLUSTER_THRESHOLD_PCT * 100;
	/* the members of each centre c: mem[off[c] .. off[c + 1]) */
	memset(off, 0, (n + 1) * sizeof *off);
	for (size_t i = 0; i < n; i++)
		off[root[i] + 1]++;
	for (size_t c = 0; c < n; c++)
		off[c + 1] += off[c];
	for (size_t i = 0; i < n; i++)
		mem[off[root[i]]++] = (uint32_t)i;
	for (size_t c = n; c > 0; c--)
		off[c] = off[c - 1];
	off[0] = 0;
	memset(fixed, 0, n);
	for (size_t c = 0; c < n; c++) {
		size_t s = off[c], k = off[c + 1] - s;
		med[c] = (uint32_t)c;
		if (k < 2)
			continue;
		size_t step = k > MEDOID_SAMPLE ? k / MEDOID_SAMPLE : 1, ns = k > MEDOID_SAMPLE ? MEDOID_SAMPLE : k;
		uint64_t best_score = 0;
		uint32_t best = (uint32_t)c;
		for (size_t i = 0; i < k; i++) {
			uint32_t x = mem[s + i];
			uint64_t score = 0;
			for (size_t j = 0; j < ns; j++) {
				uint32_t y = mem[s + j * step];
				score += x == y ? 0 : SIM(x, y);
			}
			if (score > best_score || (score == best_score && x < best))
				best_score = score, best = x;
		}
		med[c] = best;
		fixed[best] = 1;
	}
	/* a medoid that was not a centre maps to itself (its slot is free) */
	for (size_t c = 0; c < n; c++)
		if (off[c + 1] - off[c] >= 2)
			med[med[c]] = med[c];
	for (size_t d = 0; d < n; d++) {
		if (fixed[d]) {
			root[d] = (uint32_t)d;
			continue;
		}
		uint32_t best = (uint32_t)d, own = med[root[d]];
		unsigned best_sim = 0;
		for (size_t k = 0; k <= HEADS; k++) {
			uint32_t c;
			if (k == 0)
				c = own;
			else if (hsim[d * HEADS + k - 1])
				c = med[root[head[d * HEADS + k - 1]]];
			else
				break;
			if (c == d || !fixed[c])
				continue;
			unsigned sim = SIM(c, d);
			if (sim >= threshold && (sim > best_sim || (sim == best_sim && c < best)))
				best = c, best_sim = sim;
		}
		root[d] = best;
	}
}

size_t ms_cluster_run(const struct ms_cluster_docs *docs, void *work_, uint32_t *root)
{
	size_t n = docs->n;
	unsigned char *work = work_;
	struct layout l = layout_of(n, docs->start[n]);
	struct entry *a = (struct entry *)(work + l.sort), *tmp = a + n;
	size_t *count = (size_t *)(work + l.count);
	const uint8_t *q = work + l.q;
	uint32_t *total = (uint32_t *)(work + l.total), *head = (uint32_t *)(work + l.head);
	uint16_t *hsim = (uint16_t *)(work + l.hsim);
	const unsigned threshold = MS_CLUSTER_THRESHOLD_PCT * 100;
	float inv[256];
	inv[0] = 1;
	for (unsigned i = 1; i < 256; i++)
		inv[i] = 1.0f / (float)i;
	if (!n)
		return 0;
	weigh(docs, work, &l);
	for (size_t i = 0; i < n; i++)
		total[i] = total_of(SH(i), q + docs->start[i], NSH(i));
	memset(hsim, 0, n * HEADS * sizeof *hsim);
	/* candidates: every earlier document for a few texts; else, within each
	 * band's bucket every member against the bucket's first (the earliest
	 * document); the similar kept as heads */
	size_t exact_max = docs->exact_max ? docs->exact_max : MS_CLUSTER_EXACT_MAX;
	if (n <= exact_max)
		for (size_t d = 1; d < n; d++)
			for (size_t h = 0; h < d; h++) {
				unsigned sim = SIM(h, d);
				if (sim >= threshold)
					head_add(head, hsim, (uint32_t)d, (uint32_t)h, sim);
			}
	for (unsigned band = 0; n > exact_max && band < MS_CLUSTER_BANDS; band++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (NSH(i))
				a[m++] = (struct entry){
					.key = band_key(SH(i), q + docs->start[i], NSH(i), band, inv), .doc = (uint32_t)i};
		radix_sort(a, tmp, m, count);
		for (size_t i = 0; i < m;) {
			/* the bucket a[i .. j): its leaders are its first members
			 * unlike the leaders before them (a bucket of one object
			 * holds many places); each other member is checked against
			 * the leaders in turn, and the first it is like is its head */
			uint32_t lead[LEADERS];
			size_t nl = 1, j = i + 1;
			lead[0] = a[i].doc;
			for (; j < m && a[j].key == a[i].key; j++) {
				uint32_t d = a[j].doc;
				bool found = false;
				for (size_t k = 0; k < nl && !found; k++) {
					if ((found = head_known(head, hsim, d, lead[k])))
						break;
					unsigned sim = SIM(lead[k], d);
					if ((found = sim >= threshold))
						head_add(head, hsim, d, lead[k], sim);
				}
				if (!found && nl < LEADERS)
					lead[nl++] = d;
			}
			i = j;
		}
	}
	/* centres, in document order: a document joins the centre of one of
	 * its heads when it is itself similar to that centre — the most
	 * similar such centre, the earlier on a tie — and is a centre
	 * otherwise. Every member is similar to its centre: no chains. */
	for (size_t d = 0; d < n; d++) {
		uint32_t best = (uint32_t)d;
		unsigned best_sim = 0;
		for (size_t k = 0; k < HEADS && hsim[d * HEADS + k]; k++) {
			uint32_t h = head[d * HEADS + k], c = root[h];
			unsigned sim = hsim[d * HEADS + k];
			if (c != h) {
				bool seen = c == best;
				for (size_t p = 0; p < k && !seen; p++)
					seen = root[head[d * HEADS + p]] == c;
				if (seen)
					continue;
				sim = SIM(c, d);
			}
			if (sim >= threshold && (sim > best_sim || (sim == best_sim && c < best)))
				best = c, best_sim = sim;
		}
		root[d] = best;
	}
	for (unsigned round = 0; round < MEDOID_ROUNDS; round++)
		recentre(docs, work, &l, root);
	/* count the centres that others joined, marking them in the work memory */
	unsigned char *seen = work;
	memset(seen, 0, n);
	size_t clusters = 0;
	for (size_t i = 0; i < n; i++)
		if (root[i] != i && !seen[root[i]])
			seen[root[i]] = 1, clusters++;
	return clusters;
}
