/*
 * fuzz_cluster.c — libFuzzer driver for near-duplicate clustering
 * (liaison/cluster.c, pure: linked alone with libunistring): the shingles
 * of arbitrary text, the similarity of two texts and a run over a few of
 * them. The input's lines are the texts (at most 64), each also once more
 * with a number after it; when the input's first byte is '#', the run
 * takes its candidates from MinHash/LSH (exact_max 1) rather than from
 * every pair.
 * The invariants (a broken one aborts):
 *   - shingles are strictly ascending, at most MS_CLUSTER_SHINGLES_MAX;
 *   - a text's similarity to itself is 100 % (0 without shingles), to
 *     another the same both ways and at most 100 %;
 *   - the run: every root is its own root, a text without shingles is
 *     alone, the count is the number of roots others joined, and a second
 *     run gives the same roots (deterministic).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liaison/cluster.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

#define TEXTS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	const char *text[TEXTS_MAX];
	size_t len[TEXTS_MAX], nt = 0;
	bool lsh = size && data[0] == '#';
	for (size_t i = lsh ? 1 : 0; i <= size && nt < TEXTS_MAX;) {
		size_t j = i;
		while (j < size && data[j] != '\n')
			j++;
		text[nt] = (const char *)data + i, len[nt++] = j - i;
		i = j + 1;
	}
	size_t n = 2 * nt;
	uint32_t *sh = malloc(n * MS_CLUSTER_SHINGLES_MAX * sizeof *sh);
	size_t *start = malloc((n + 1) * sizeof *start);
	uint32_t *root = malloc(n * sizeof *root), *again = malloc(n * sizeof *again);
	check(sh && start && root && again);
	start[0] = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t *s = sh + start[i];
		size_t k;
		if (i < nt) {
			k = ms_cluster_shingles(text[i], len[i], s);
		} else {
			/* text i % nt with its number after it */
			char buf[8192 + 32];
			size_t t = i % nt, l = len[t] < 8192 ? len[t] : 8192;
			memcpy(buf, text[t], l);
			l += (size_t)snprintf(buf + l, 32, " %zu号", i);
			k = ms_cluster_shingles(buf, l, s);
		}
		check(k <= MS_CLUSTER_SHINGLES_MAX);
		for (size_t j = 1; j < k; j++)
			check(s[j - 1] < s[j]);
		start[i + 1] = start[i] + k;
	}
	for (size_t i = 0; i < nt; i++) {
		const uint32_t *a = sh + start[i];
		size_t na = start[i + 1] - start[i];
		check(ms_cluster_similarity_pct(a, na, a, na) == (na ? 100u : 0u));
		for (size_t j = i + 1; j < nt && j < i + 4; j++) {
			const uint32_t *b = sh + start[j];
			size_t nb = start[j + 1] - start[j];
			unsigned ab = ms_cluster_similarity_pct(a, na, b, nb);
			check(ab <= 100 && ab == ms_cluster_similarity_pct(b, nb, a, na));
		}
	}
	struct ms_cluster_docs docs = {.n = n, .shingles = sh, .start = start, .exact_max = lsh ? 1 : 0};
	void *work = malloc(ms_cluster_work_size(&docs));
	check(work);
	size_t k = ms_cluster_run(&docs, work, root);
	size_t joined = 0;
	for (size_t i = 0; i < n; i++) {
		check(root[i] < n && root[root[i]] == root[i]);
		if (start[i + 1] == start[i])
			check(root[i] == i);
	}
	/* the roots that others joined */
	unsigned char *seen = calloc(n, 1);
	check(seen);
	for (size_t i = 0; i < n; i++)
		if (root[i] != i && !seen[root[i]])
			seen[root[i]] = 1, joined++;
	check(joined == k);
	check(ms_cluster_run(&docs, work, again) == k && !memcmp(root, again, n * sizeof *root));
	free(seen), free(work), free(sh), free(start), free(root), free(again);
	return 0;
}
