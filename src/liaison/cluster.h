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
 *    A bigram said again is a shingle of its own (what a text repeats
 *    weighs more). A hash's lowest bit marks a weak bigram — in petitions'
 *    template words (小区 居民 尽快 解决 问题 部门 加装 维修 …), a place's
 *    name or a number — the next bit an extra shingle per place named: the
 *    two characters before 小区 花园 新村 家园 社区 公寓 大厦 街道 苑 with it.
 * 2. Weights by rarity: a shingle in df of the run's N texts has rarity
 *    w = ln((N + 20) / max(df + 1, (N + 20) / 10⁴)), a third of it when
 *    weak, and weighs w² (3w² in a byte: sums are exact integers) — what
 *    every demand says (the template) counts little, what is asked for
 *    (电梯, 充电桩) much.
 * 3. Similar: a weighted Jaccard of at least MS_CLUSTER_THRESHOLD_PCT %,
 *    and texts that both name places share one (幸福小区路灯不亮 and
 *    阳光小区路灯不亮 are two street lamps).
 * 4. Candidates: every pair up to MS_CLUSTER_EXACT_MAX texts; beyond,
 *    weighted MinHash with LSH banding (MS_CLUSTER_BANDS bands of
 *    MS_CLUSTER_ROWS rows; each row is won by the shingle with the least
 *    exponential variate over its weight, so two texts share a row with
 *    probability their weighted Jaccard; half the bands keyed by the place
 *    too), each bucket's members checked against its first few mutually
 *    unlike members; a text keeps its MS_CLUSTER_HEADS most similar
 *    earlier candidates.
 * 5. Centres, not chains: in document order each text joins the cluster
 *    of a candidate when it is itself similar to that cluster's centre,
 *    and is a centre otherwise; then each centre becomes its cluster's
 *    medoid and every text joins the most similar medoid it is similar to
 *    among its own and its candidates' clusters. Every member is similar
 *    to its centre — A~B, B~C does not put C with A unless C~A — and the
 *    result depends only on the texts and their order: deterministic.
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
	size_t exact_max; /* every pair a candidate up to this many texts; 0: MS_CLUSTER_EXACT_MAX (tests set 1) */
};

/* Bytes of work memory ms_cluster_run needs for the documents (about
 * 30 bytes a text and 9 a shingle: 330 MB for the generated million). */
size_t ms_cluster_work_size(const struct ms_cluster_docs *docs);

/* Cluster the documents: root[i] receives the index of the centre of i's
 * cluster, its first document (root[i] == i for a document alone or the
 * centre of its cluster; documents of one cluster share their root). work
 * is ms_cluster_work_size(docs) bytes, suitably aligned for uint64_t
 * (malloc's). n must be below 2^32. Returns the number of clusters of two
 * or more. */
size_t ms_cluster_run(const struct ms_cluster_docs *docs, void *work, uint32_t *root);

#endif
