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
 *    kept, function and politeness words taken out (的 了 我们 已经 希望 您好
 *    谢谢 …), and every pair of neighbours hashed: a sorted set of at most
 *    MS_CLUSTER_SHINGLES_MAX 32-bit hashes. Bigrams, not words: Chinese has
 *    no spaces, and two characters are the unit the search index uses too.
 *    A hash's lowest bit marks a bigram inside petitions' template words
 *    (小区 居民 尽快 解决 问题 部门 …), the next bit the two characters
 *    naming a place before 小区 花园 新村 家园 社区 公寓 大厦 街道 苑 (幸福小区).
 * 2. Weights by rarity: a shingle in df of the run's N documents weighs
 *    ln((N + 100) / max(df + 10, (N + 100) / 10⁴)) — what every demand
 *    says (the template: 希望 … 解决) counts little, what is asked for
 *    (电梯, 充电桩) much; template words a quarter of that. Kept in
 *    sixteenths (a byte) so that sums are exact integers.
 * 3. Candidates by weighted MinHash with LSH banding (MS_CLUSTER_BANDS
 *    bands of MS_CLUSTER_ROWS rows): each row is won by the shingle with
 *    the least exponential variate over its weight, so two texts share a
 *    row with probability their weighted Jaccard J, a band with J³: at
 *    J = 0.4 one of 20 bands with probability 0.73, at 0.6 with 0.99.
 *    Each band's keys are radix-sorted; within a bucket every member is
 *    checked against the bucket's first (its earliest) — k checks, never
 *    k² — and kept, when similar, among the member's MS_CLUSTER_HEADS
 *    most similar earlier candidates.
 * 4. Similar means a weighted Jaccard (Σ weights shared / Σ weights of
 *    the union) of at least MS_CLUSTER_THRESHOLD_PCT %, and not naming two
 *    different places: texts that both name places must share one
 *    (幸福小区路灯不亮 and 阳光小区路灯不亮 are two street lamps).
 * 5. Clusters have centres, not chains: in document order each text joins
 *    the centre of one of its candidates' clusters when it is itself
 *    similar to that centre (the most similar one), and becomes a centre
 *    otherwise. So every member is similar to its centre — A~B, B~C does
 *    not put C with A unless C~A — and the result depends only on the
 *    texts and their order, never on timing: deterministic.
 * Texts with fewer than two kept characters have no shingles and stay alone.
 */
#ifndef MS_CLUSTER_H
#define MS_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#define MS_CLUSTER_SHINGLES_MAX 256 /* shingles of a text (from its start) */
#define MS_CLUSTER_BANDS 20
#define MS_CLUSTER_ROWS 2
#define MS_CLUSTER_HEADS 4          /* candidates kept per text */
#define MS_CLUSTER_EXACT_MAX 1000   /* up to this many texts every pair is a candidate (no LSH) */
#define MS_CLUSTER_THRESHOLD_PCT 25 /* weighted Jaccard at or above which two texts are the same demand */

/* The shingles of n bytes of UTF-8 text into out, sorted ascending and
 * distinct; returns their number (0 for a text with fewer than two kept
 * characters). Invalid UTF-8 is skipped. */
size_t ms_cluster_shingles(const char *text, size_t n, uint32_t out[MS_CLUSTER_SHINGLES_MAX]);

/* The similarity of two texts' shingle sets (sorted, distinct) in per cent,
 * rounded down, as a run over these two texts alone weighs it: the weighted
 * Jaccard, 0 when either is empty or they name different places. */
unsigned ms_cluster_similarity_pct(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* The documents to cluster: document i's shingles are
 * shingles[start[i] .. start[i + 1]) (start has n + 1 entries). */
struct ms_cluster_docs {
	size_t n;
	const uint32_t *shingles;
	const size_t *start;
};

/* Bytes of work memory ms_cluster_run needs for the documents (about
 * 60 bytes a document and 9 a shingle). */
size_t ms_cluster_work_size(const struct ms_cluster_docs *docs);

/* Cluster the documents: root[i] receives the index of the centre of i's
 * cluster, its first document (root[i] == i for a document alone or the
 * centre of its cluster; documents of one cluster share their root). work
 * is ms_cluster_work_size(docs) bytes, suitably aligned for uint64_t
 * (malloc's). n must be below 2^32. Returns the number of clusters of two
 * or more. */
size_t ms_cluster_run(const struct ms_cluster_docs *docs, void *work, uint32_t *root);

#endif
