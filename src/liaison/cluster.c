/*
 * cluster.c — near-duplicate demands: shingles, MinHash/LSH candidates,
 * the Jaccard check and union-find (cluster.h). Pure and allocation-free.
 */
#include "cluster.h"

#include <stdbool.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#define HASHES (MS_CLUSTER_BANDS * MS_CLUSTER_ROWS)
#define KEPT_MAX (MS_CLUSTER_SHINGLES_MAX + 1)

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

/* Function words taken out before shingling: they join any two demands. */
static const ucs4_t *const stop_words[] = {
	U"我们", U"你们", U"他们", U"大家", U"已经", U"一直", U"希望", U"建议", U"要求", U"反映", U"请求", U"麻烦",
	U"现在", U"这个", U"那个", U"这里", U"那里", U"非常", U"真的", U"一下", U"还是", U"可以", U"能够",
	U"的", U"了", U"着", U"过", U"吗", U"呢", U"吧", U"啊", U"呀", U"么", U"我", U"你", U"他", U"她",
	U"它", U"很", U"也", U"都", U"就", U"还", U"又", U"来", U"把", U"被", U"给", U"和", U"与", U"及", U"是",
	U"在", U"请", NULL};

/* The length of the stop word at s (n characters left), 0 when none. */
static size_t stop_at(const ucs4_t *s, size_t n)
{
	for (size_t w = 0; stop_words[w]; w++) {
		const ucs4_t *p = stop_words[w];
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
	size_t nk = 0, nw = 0;
	for (size_t i = 0; i < n && nk < KEPT_MAX;) {
		ucs4_t c;
		int l = u8_mbtouc(&c, (const uint8_t *)text + i, n - i);
		i += (size_t)l;
		keep(c, kept, &nk, 0);
	}
	if (nk > KEPT_MAX)
		nk = KEPT_MAX;
	for (size_t i = 0; i < nk;) {
		size_t s = stop_at(kept + i, nk - i);
		if (s) {
			i += s;
			continue;
		}
		words[nw++] = kept[i++];
	}
	if (nw < 2)
		return 0;
	size_t m = 0;
	for (size_t i = 0; i + 1 < nw && m < MS_CLUSTER_SHINGLES_MAX; i++)
		out[m++] = (uint32_t)(mix64(((uint64_t)words[i] << 32) | words[i + 1]) >> 32);
	heapsort32(out, m);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (!k || out[k - 1] != out[i])
			out[k++] = out[i];
	return k;
}

unsigned ms_cluster_jaccard_pct(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (!na || !nb)
		return 0;
	size_t i = 0, j = 0, both = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j])
			both++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return (unsigned)(both * 100 / (na + nb - both));
}

/* ---- the run ---- */

struct entry {
	uint64_t key;
	uint32_t doc;
	uint32_t pad;
};

#define RADIX_BITS 16
#define RADIX (1u << RADIX_BITS)

size_t ms_cluster_work_size(size_t n)
{
	return 2 * n * sizeof(struct entry) + RADIX * sizeof(size_t);
}

static uint32_t find(uint32_t *p, uint32_t i)
{
	while (p[i] != i) {
		p[i] = p[p[i]];
		i = p[i];
	}
	return i;
}

/* The band key of a document: the minima of the band's hash functions
 * over its shingles, mixed into 64 bits. */
static uint64_t band_key(const uint32_t *sh, size_t n, unsigned band)
{
	uint64_t key = band;
	for (unsigned r = 0; r < MS_CLUSTER_ROWS; r++) {
		uint64_t seed = (uint64_t)(band * MS_CLUSTER_ROWS + r + 1) * 0x9e3779b97f4a7c15ULL;
		uint32_t min = UINT32_MAX;
		for (size_t i = 0; i < n; i++) {
			uint32_t h = (uint32_t)(mix64(sh[i] ^ seed) >> 32);
			if (h < min)
				min = h;
		}
		key = mix64(key ^ ((uint64_t)min << 16) ^ r);
	}
	return key;
}

static void radix_sort(struct entry *a, struct entry *tmp, size_t n, size_t *count)
{
	for (unsigned shift = 0; shift < 64; shift += RADIX_BITS) {
		memset(count, 0, RADIX * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(a[i].key >> shift) & (RADIX - 1)]++;
		size_t sum = 0;
		for (size_t d = 0; d < RADIX; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[(a[i].key >> shift) & (RADIX - 1)]++] = a[i];
		struct entry *t = a;
		a = tmp, tmp = t;
	}
	/* an even number of passes: the sorted entries are back in a */
}

size_t ms_cluster_run(const struct ms_cluster_docs *docs, void *work, uint32_t *root)
{
	size_t n = docs->n;
	struct entry *a = work, *tmp = a + n;
	size_t *count = (size_t *)(tmp + n);
	for (size_t i = 0; i < n; i++)
		root[i] = (uint32_t)i;
	for (unsigned band = 0; band < MS_CLUSTER_BANDS; band++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			const uint32_t *sh = docs->shingles + docs->start[i];
			size_t ns = docs->start[i + 1] - docs->start[i];
			if (ns)
				a[m++] = (struct entry){.key = band_key(sh, ns, band), .doc = (uint32_t)i};
		}
		radix_sort(a, tmp, m, count);
		for (size_t i = 0; i < m;) {
			size_t j = i + 1;
			uint32_t head = a[i].doc;
			const uint32_t *hs = docs->shingles + docs->start[head];
			size_t hn = docs->start[head + 1] - docs->start[head];
			for (; j < m && a[j].key == a[i].key; j++) {
				uint32_t d = a[j].doc;
				uint32_t rh = find(root, head), rd = find(root, d);
				if (rh == rd)
					continue;
				const uint32_t *ds = docs->shingles + docs->start[d];
				size_t dn = docs->start[d + 1] - docs->start[d];
				if (ms_cluster_jaccard_pct(hs, hn, ds, dn) >= MS_CLUSTER_THRESHOLD_PCT) {
					if (rh < rd)
						root[rd] = rh;
					else
						root[rh] = rd;
				}
			}
			i = j;
		}
	}
	/* every document to its root (the cluster's smallest index); count the
	 * roots that others point to, marking them in the work memory */
	unsigned char *seen = work;
	memset(seen, 0, n);
	size_t clusters = 0;
	for (size_t i = 0; i < n; i++) {
		root[i] = find(root, (uint32_t)i);
		if (root[i] != i && !seen[root[i]])
			seen[root[i]] = 1, clusters++;
	}
	return clusters;
}
