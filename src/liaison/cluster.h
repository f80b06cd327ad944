/*
 * cluster.h — near-duplicate demands: residents who say the same thing in
 * different words (小区电梯坏了三天没人修 / 我们小区的电梯已经坏了三天，一直没人来修),
 * grouped for the staff to confirm. Pure: no SQL, no I/O, no globals, no
 * allocation — every buffer is the caller's — so it is thread-safe and the
 * benchmark runs it on a million texts as the server runs it on a congress.
 *
 * 1. A text's shingles (ms_cluster_shingles): each character folded on its
 *    own — compatibility decomposition (full-width Ａ１，→ A1,), marks
 *    dropped, lower case — then only CJK characters, letters and digits
 *    kept, common function words taken out (的 了 我们 已经 一直 希望 …),
 *    and every pair of neighbours hashed: a sorted set of at most
 *    MS_CLUSTER_SHINGLES_MAX 32-bit hashes. Bigrams, not words: Chinese has
 *    no spaces, and two characters are the unit the search index uses too.
 * 2. Candidates by MinHash with LSH banding (MS_CLUSTER_BANDS bands of
 *    MS_CLUSTER_ROWS rows: a pair at Jaccard 0.5 shares a band with
 *    probability 1 − (1 − 0.5³)²⁰ ≈ 0.93, at 0.2 ≈ 0.15). Each band's keys
 *    are radix-sorted; within a bucket every member is checked against the
 *    bucket's first — a bucket of k members costs k checks, never k².
 * 3. The exact Jaccard of the two shingle sets decides (≥
 *    MS_CLUSTER_THRESHOLD_PCT %), and union-find joins the pairs into
 *    clusters (transitively: A~B and B~C put A, B, C together).
 * Texts with fewer than two kept characters have no shingles and stay alone.
 */
#ifndef MS_CLUSTER_H
#define MS_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#define MS_CLUSTER_SHINGLES_MAX 256 /* shingles of a text (from its start) */
#define MS_CLUSTER_BANDS 20
#define MS_CLUSTER_ROWS 3
#define MS_CLUSTER_THRESHOLD_PCT 50 /* Jaccard at or above which two texts are the same demand */

/* The shingles of n bytes of UTF-8 text into out, sorted ascending and
 * distinct; returns their number (0 for a text with fewer than two kept
 * characters). Invalid UTF-8 is skipped. */
size_t ms_cluster_shingles(const char *text, size_t n, uint32_t out[MS_CLUSTER_SHINGLES_MAX]);

/* The Jaccard similarity of two sorted distinct sets, in per cent
 * (rounded down); 0 when either is empty. */
unsigned ms_cluster_jaccard_pct(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* The documents to cluster: document i's shingles are
 * shingles[start[i] .. start[i + 1]) (start has n + 1 entries). */
struct ms_cluster_docs {
	size_t n;
	const uint32_t *shingles;
	const size_t *start;
};

/* Bytes of work memory ms_cluster_run needs for n documents. */
size_t ms_cluster_work_size(size_t n);

/* Cluster the documents: root[i] receives the index of the first document
 * of i's cluster (root[i] == i for a document alone or first of its
 * cluster; documents of one cluster share their root). work is
 * ms_cluster_work_size(n) bytes, suitably aligned for uint64_t (malloc's).
 * n must be below 2^32. Returns the number of clusters of two or more. */
size_t ms_cluster_run(const struct ms_cluster_docs *docs, void *work, uint32_t *root);

#endif
