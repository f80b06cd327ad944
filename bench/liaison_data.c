/*
 * liaison_data.c — bench/liaison_search.py's data set and its units of work.
 *
 *   bench_liaison_data DB build N            N generated demands in Chinese in one congress (DB new)
 *   bench_liaison_data DB dump N DIR         the same N demands (same seed) as COPY text: DIR/demand.tsv and
 *                                            DIR/search_doc.tsv (their token strings, ms_search_tokens), under a
 *                                            congress made in DB (new), for a bulk load (COPY) of PostgreSQL
 *   bench_liaison_data DB reindex            the search index built from them (ms_search_reindex): seconds
 *   bench_liaison_data DB search ROUNDS [LIKE_ROUNDS]
 *                                            each query of each class ROUNDS times through ms_search_find
 *                                            (the route's search: 20 newest and the total up to 1000), and
 *                                            LIKE_ROUNDS times (default 1: a scan of a million rows takes
 *                                            seconds) with LIKE '%q%' over title and text: p50/p99 per class
 *   bench_liaison_data DB cluster            every demand clustered (cluster.h): seconds, clusters, the largest,
 *                                            sizes (2, 3-9, 10+) and 20 clusters drawn at random, for the eye
 *   bench_liaison_data - cluster-generated N the same for the N demands `build N` writes, generated in memory
 *                                            (no database: the clustering alone, in seconds rather than minutes)
 *
 * The demands are sentences of a realistic vocabulary (places, facilities, problems, durations, requests:
 * 电梯, 停车, 路灯, 垃圾分类, 加装电梯, 老旧小区改造 …) in varied orders, with full-width digits now and then,
 * from a fixed-seed generator, so runs compare. DB is a path (SQLite) or a postgresql:// URI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/util.h"
#include "liaison/cluster.h"
#include "liaison/search_index.h"
#include "store/query.h"
#include "store/search.h"

static double since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}
#define ONE(a) (a)[pick(sizeof(a) / sizeof *(a))]

static const char *const estates[] = {"幸福", "阳光", "和平", "建设", "光明", "春晖", "锦绣", "东方", "金桥", "翠苑",
				      "华庭", "绿洲", "滨江", "新村", "丽景", "长安", "朝阳", "康乐", "福星", "文化"};
static const char *const kinds[] = {"小区", "花园", "新村", "家园", "苑", "社区"};
static const char *const spots[] = {"东门", "西门", "北门口", "楼下", "单元门口", "地下车库", "楼道里", "广场上",
				    "路口", "菜市场旁边", "幼儿园门口", "公交站", "健身角"};
static const char *const problems[] = {
	"电梯坏了", "电梯经常停运", "电梯噪音很大", "没有电梯，老人上下楼困难", "停车难", "停车位不够", "乱停车堵路",
	"路灯不亮", "路灯坏了", "垃圾分类点太臭", "垃圾没人清运", "下水道堵塞", "楼顶漏水", "外墙瓷砖脱落",
	"暖气不热", "自来水发黄", "广场舞噪音扰民", "电动车充电桩不够", "楼道电线乱拉", "健身器材损坏",
	"绿化带被占用", "道路坑洼", "井盖松动", "公厕太少", "菜市场脏乱", "学校门口上下学拥堵", "积水严重",
	"监控摄像头坏了", "消防通道被堵", "宠物粪便没人管"};
static const char *const durations[] = {"三天", "一个星期", "半个月", "一个多月", "好几个月", "两年", "很久"};
static const char *const asks[] = {"希望尽快解决", "请有关部门处理", "建议加装电梯", "希望纳入老旧小区改造",
				   "希望增加停车位", "建议做好垃圾分类", "请尽快维修", "希望社区协调", "盼早日解决",
				   "建议列入民生实事项目"};
static const char *const openers[] = {"", "我们", "我家", "居民反映：", "大家都说", "我是这里的老住户，"};
static const char *const digits_half[] = {"1", "2", "3", "5", "8", "12", "16"};
static const char *const digits_full[] = {"１", "２", "３", "５", "８", "１２", "１６"};

static void sentence(char *title, size_t tcap, char *text, size_t cap)
{
	unsigned d = pick(7);
	const char *num = pick(5) ? digits_half[d] : digits_full[d];
	const char *estate = ONE(estates), *kind = ONE(kinds), *problem = ONE(problems);
	snprintf(title, tcap, "%s%s%s", estate, kind, problem);
	switch (pick(4)) {
	case 0:
		snprintf(text, cap, "%s%s%s%s号楼%s%s已经%s了，%s。", ONE(openers), estate, kind, num, ONE(spots), problem,
			 ONE(durations), ONE(asks));
		break;
	case 1:
		snprintf(text, cap, "%s%s%s，%s%s号楼%s，%s。", estate, kind, problem, ONE(durations), num, ONE(spots),
			 ONE(asks));
		break;
	case 2:
		snprintf(text, cap, "%s%s的%s%s，%s没人管，%s！", ONE(openers), estate, kind, problem, ONE(durations),
			 ONE(asks));
		break;
	default:
		snprintf(text, cap, "关于%s%s%s的问题：%s%s，还有%s，%s。", estate, kind, ONE(spots), problem,
			 ONE(durations), ONE(problems), ONE(asks));
	}
}

static const struct ms_stmt CONGRESS = MS_STMT("bench.congress",
	"INSERT INTO congress(name, level, created_at) VALUES ('基准测试区人大', 'district', '2026-01-01T00:00:00Z') "
	"RETURNING id");
static const struct ms_stmt DEMAND = MS_STMT("bench.demand",
	"INSERT INTO demand(congress_id, channel, title, text, status, created_at) VALUES (?, ?, ?, ?, 'new', ?)");
static const struct ms_stmt LIKE = MS_STMT2("bench.like",
	"SELECT id FROM demand WHERE congress_id = ? AND (title LIKE ? OR text LIKE ?) ORDER BY id DESC LIMIT 20",
	"SELECT id FROM demand WHERE congress_id = ? AND (title LIKE ? OR text LIKE ?) ORDER BY id DESC LIMIT 20");
static const struct ms_stmt LIKE_COUNT = MS_STMT("bench.like_count",
	"SELECT count(*) FROM (SELECT 1 FROM demand WHERE congress_id = ? AND (title LIKE ? OR text LIKE ?) "
	"LIMIT 1000) AS m");
static const struct ms_stmt TEXTS = MS_STMT("bench.texts", "SELECT id, title, text FROM demand ORDER BY id");
static const struct ms_stmt CONGRESS_ID = MS_STMT("bench.congress_id", "SELECT min(id) FROM congress");

static int fail(struct ms_error *e)
{
	fprintf(stderr, "bench_liaison_data: %s\n", e->message);
	return 1;
}

static int build(struct ms_db *db, long n)
{
	struct ms_error e = {0};
	int64_t congress;
	static const char *const channels[] = {"web", "desk", "visit", "deputy_code", "station_code", "house_code"};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ms_db_begin(db, true, &e) || ms_q_i64(db, &CONGRESS, MS_NOARGS, &congress, &e))
		return fail(&e);
	for (long i = 0; i < n; i++) {
		char title[256], text[1024], at[64];
		sentence(title, sizeof title, text, sizeof text);
		snprintf(at, sizeof at, "2026-%02ld-%02ldT%02ld:%02ld:00Z", 1 + i * 12 / n, 1 + i % 28, i % 24, i % 60);
		if (ms_q_exec(db, &DEMAND,
			      MS_ARGS(MS_VI(congress), MS_VT(ONE(channels)), MS_VT(title), MS_VT(text), MS_VT(at)), &e))
			return fail(&e);
		if ((i + 1) % 50000 == 0 && (ms_db_commit(db, &e) || ms_db_begin(db, true, &e)))
			return fail(&e);
	}
	if (ms_db_commit(db, &e))
		return fail(&e);
	printf("built: %ld demands in %.1f s\n", n, since(&t0));
	return 0;
}

/* The rows build() would write (same generator, same order), and the
 * search_doc rows ms_search_reindex would make of them, as COPY text. */
static int dump(struct ms_db *db, long n, const char *dir)
{
	struct ms_error e = {0};
	int64_t congress;
	static const char *const channels[] = {"web", "desk", "visit", "deputy_code", "station_code", "house_code"};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ms_db_begin(db, true, &e) || ms_q_i64(db, &CONGRESS, MS_NOARGS, &congress, &e) || ms_db_commit(db, &e))
		return fail(&e);
	char path[4096];
	snprintf(path, sizeof path, "%s/demand.tsv", dir);
	FILE *fd = fopen(path, "w");
	snprintf(path, sizeof path, "%s/search_doc.tsv", dir);
	FILE *fs = fopen(path, "w");
	if (!fd || !fs) {
		fprintf(stderr, "bench_liaison_data: cannot write into %s\n", dir);
		return 1;
	}
	for (long i = 0; i < n; i++) {
		char title[256], text[1024], at[64], doc[1400];
		sentence(title, sizeof title, text, sizeof text);
		snprintf(at, sizeof at, "2026-%02ld-%02ldT%02ld:%02ld:00Z", 1 + i * 12 / n, 1 + i % 28, i % 24, i % 60);
		fprintf(fd, "%ld\t%lld\t%s\t%s\t%s\tnew\t%s\n", i + 1, (long long)congress, ONE(channels), title, text, at);
		int len = snprintf(doc, sizeof doc, "%s\n%s", title, text);
		char *tok;
		if (ms_search_tokens(doc, (size_t)len, &tok, NULL)) {
			fputs("bench_liaison_data: out of memory\n", stderr);
			return 1;
		}
		fprintf(fs, "%ld\t%s\t%ld\t%lld\t%s\n", i + 1, MS_SEARCH_DEMAND, i + 1, (long long)congress, tok);
		free(tok);
	}
	if (fclose(fd) || fclose(fs)) {
		fprintf(stderr, "bench_liaison_data: cannot write into %s\n", dir);
		return 1;
	}
	printf("dumped: %ld demands and their tokens in %.1f s\n", n, since(&t0));
	return 0;
}

static int reindex(struct ms_db *db)
{
	struct ms_error e = {0};
	int64_t docs = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ms_db_begin(db, true, &e) || ms_search_reindex(db, &docs, &e) || ms_db_commit(db, &e))
		return fail(&e);
	printf("index built: %lld documents in %.1f s\n", (long long)docs, since(&t0));
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct qclass {
	const char *name;
	const char *q[8];
};

static const struct qclass classes[] = {
	{"2 characters", {"电梯", "停车", "路灯", "漏水", "噪音", "井盖", "公厕", "暖气"}},
	{"4 characters", {"加装电梯", "垃圾分类", "停车位不", "下水道堵", "路灯不亮", "消防通道", "外墙瓷砖", "充电桩不"}},
	{"6+ characters", {"老旧小区改造", "电梯经常停运", "广场舞噪音扰民", "学校门口上下学", "宠物粪便没人管",
			   "监控摄像头坏了", "自来水发黄", "绿化带被占用"}},
	{"several terms", {"电梯 噪音", "幸福小区 电梯", "停车 老人", "路灯 东门", "漏水 两年", "垃圾 清运 社区",
			   "井盖 幼儿园门口", "暖气 希望社区协调"}},
	{"rare / none", {"地铁站", "幸福小区电梯噪音很大", "医保报销", "阳光花园路灯坏了", "锦绣苑积水严重",
			 "养老院", "光明社区井盖松动", "网约车"}},
};

static int search(struct ms_db *db, int rounds, int like_rounds)
{
	struct ms_error e = {0};
	int64_t congress;
	if (ms_db_begin(db, false, &e) || ms_q_i64(db, &CONGRESS_ID, MS_NOARGS, &congress, &e))
		return fail(&e);
	if (rounds < 1 || like_rounds < 0 || like_rounds > rounds) {
		fputs("bench_liaison_data: search needs ROUNDS >= 1 and 0 <= LIKE_ROUNDS <= ROUNDS\n", stderr);
		return 2;
	}
	size_t nt = (size_t)rounds * 8, nl = (size_t)like_rounds * 8;
	double *fts = malloc(nt * sizeof *fts), *like = malloc((nl ? nl : 1) * sizeof *like);
	for (size_t c = 0; c < sizeof classes / sizeof *classes; c++) {
		size_t k = 0;
		int64_t hits = 0, total = 0, like_total = 0;
		char sums[512];
		size_t sl = 0;
		sums[0] = '\0';
		for (int r = 0; r < rounds; r++)
			for (int i = 0; i < 8; i++, k++) {
				const char *q = classes[c].q[i];
				struct timespec t0;
				int64_t *ids = NULL;
				size_t n = 0;
				clock_gettime(CLOCK_MONOTONIC, &t0);
				if (ms_search_find(db, MS_SEARCH_DEMAND, congress, q, 20, 0, &ids, &n, &total, &e))
					return fail(&e);
				fts[k] = since(&t0) * 1000;
				if (r == 0) {
					/* what was found, to compare two versions of the code: total and a sum of the page */
					uint64_t h = 0;
					for (size_t j = 0; j < n; j++)
						h = h * 1000003u + (uint64_t)ids[j];
					sl += (size_t)snprintf(sums + sl, sl < sizeof sums ? sizeof sums - sl : 0, " %s %lld/%04llx", q,
							       (long long)total, (unsigned long long)(h & 0xffff));
				}
				free(ids);
				hits += (int64_t)n;
				if (r >= like_rounds)
					continue;
				char pat[128];
				snprintf(pat, sizeof pat, "%%%s%%", q);
				clock_gettime(CLOCK_MONOTONIC, &t0);
				if (ms_q_ids(db, &LIKE, MS_ARGS(MS_VI(congress), MS_VT(pat), MS_VT(pat)), &ids, NULL, &n, &e) ||
				    ms_q_i64(db, &LIKE_COUNT, MS_ARGS(MS_VI(congress), MS_VT(pat), MS_VT(pat)), &like_total, &e))
					return fail(&e);
				like[r * 8 + i] = since(&t0) * 1000;
				free(ids);
			}
		qsort(fts, nt, sizeof *fts, cmp_double);
		qsort(like, nl, sizeof *like, cmp_double);
		printf("%-14s index p50 %7.2f ms p99 %7.2f ms max %7.2f ms (%zu queries, %lld hits) | LIKE p50 %8.2f ms "
		       "p99 %8.2f ms (%zu queries) | LIKE/index p50 %.1fx p99 %.1fx\n  found (total/page sum):%s\n",
		       classes[c].name, fts[nt / 2], fts[nt * 99 / 100], fts[nt - 1], nt, (long long)hits,
		       nl ? like[nl / 2] : 0, nl ? like[nl * 99 / 100] : 0, nl, nl ? like[nl / 2] / fts[nt / 2] : 0,
		       nl ? like[nl * 99 / 100] / fts[nt * 99 / 100] : 0, sums);
		fflush(stdout);
	}
	free(fts), free(like);
	ms_db_rollback(db);
	return 0;
}

/* ---- clustering ---- */

/* The texts to cluster, title and text joined by a newline as the server
 * joins them, with their shingles. */
struct texts {
	char *buf;
	size_t *at; /* text i is buf + at[i] */
	size_t n, cap, used, bufcap;
	uint32_t *sh;
	size_t *start;
	size_t nsh, capsh;
};

static void texts_add(struct texts *t, const char *title, const char *text)
{
	if (t->n + 1 >= t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1 << 16;
		t->at = realloc(t->at, t->cap * sizeof *t->at);
		t->start = realloc(t->start, (t->cap + 1) * sizeof *t->start);
		if (!t->at || !t->start)
			abort();
	}
	size_t len = strlen(title) + 1 + strlen(text);
	if (t->used + len + 1 > t->bufcap) {
		t->bufcap = t->bufcap ? 2 * t->bufcap : 1 << 24;
		if (!(t->buf = realloc(t->buf, t->bufcap)))
			abort();
	}
	if (t->nsh + MS_CLUSTER_SHINGLES_MAX > t->capsh) {
		t->capsh = t->capsh ? 2 * t->capsh : 1 << 22;
		if (!(t->sh = realloc(t->sh, t->capsh * sizeof *t->sh)))
			abort();
	}
	char *p = t->buf + t->used;
	snprintf(p, len + 1, "%s\n%s", title, text);
	t->at[t->n] = t->used;
	t->used += len + 1;
	if (!t->n)
		t->start[0] = 0;
	t->nsh += ms_cluster_shingles(p, len, t->sh + t->nsh);
	t->start[++t->n] = t->nsh;
}

static void texts_free(struct texts *t)
{
	free(t->buf), free(t->at), free(t->sh), free(t->start);
}

static int cmp_size_desc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x > y ? -1 : x < y;
}

static const struct texts *sort_texts;
static int cmp_title(const void *x, const void *y)
{
	const char *a = sort_texts->buf + sort_texts->at[*(const uint32_t *)x];
	const char *b = sort_texts->buf + sort_texts->at[*(const uint32_t *)y];
	size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
	int c = memcmp(a, b, la < lb ? la : lb);
	return c ? c : (la > lb) - (la < lb);
}

/* Cluster the texts and print the figures: clusters, their demands, the
 * largest, how many of size 2, 3–9, 10–99 and 100+, the time, and 20
 * clusters drawn at random (fixed seed) with up to 5 of their texts. */
static int cluster_report(struct texts *t, double read_s, double read_cpu)
{
	size_t n = t->n;
	uint32_t *root = malloc((n ? n : 1) * sizeof *root);
	struct ms_cluster_docs docs = {.n = n, .shingles = t->sh, .start = t->start};
	size_t work_size = ms_cluster_work_size(&docs);
	void *work = malloc(work_size ? work_size : 1);
	if (!root || !work)
		abort();
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	clock_t cpu0 = clock();
	size_t k = ms_cluster_run(&docs, work, root);
	double run_s = since(&ts), run_cpu = (double)(clock() - cpu0) / CLOCKS_PER_SEC;
	uint32_t *size = calloc(n ? n : 1, sizeof *size);
	for (size_t i = 0; i < n; i++)
		size[root[i]]++;
	size_t in = 0, largest = 0, of2 = 0, of3 = 0, of10 = 0, of100 = 0;
	uint32_t *roots = malloc((k ? k : 1) * sizeof *roots), *sizes = malloc((k ? k : 1) * sizeof *sizes);
	size_t nr = 0;
	for (size_t i = 0; i < n; i++)
		if (size[i] >= 2) {
			in += size[i];
			largest = size[i] > largest ? size[i] : largest;
			of2 += size[i] == 2, of3 += size[i] >= 3 && size[i] <= 9, of10 += size[i] >= 10 && size[i] <= 99,
				of100 += size[i] >= 100;
			if (nr < k)
				roots[nr] = (uint32_t)i, sizes[nr++] = size[i];
		}
	printf("clustered: %zu demands (%zu shingles, %zu MB of work) in %.1f s: read and shingled %.1f s (%.1f s of CPU), "
	       "clustering %.1f s (%.1f s of CPU)\n  %zu clusters of 2 or more holding %zu demands (%.1f%%), the largest %zu; sizes: 2: %zu, 3-9: "
	       "%zu, 10+: %zu (10-99: %zu, 100+: %zu)\n",
	       n, t->nsh, work_size >> 20, read_s + run_s, read_s, read_cpu, run_s, run_cpu, k, in, n ? 100.0 * (double)in / (double)n : 0,
	       largest, of2, of3, of10 + of100, of10, of100);
	/* the generator's titles (place and problem) as the truth: members
	 * whose title is their centre's, and how many clusters a title is
	 * split into */
	size_t members = 0, same = 0, titled = 0;
	for (size_t i = 0; i < n; i++) {
		if (root[i] == i)
			continue;
		const char *a = t->buf + t->at[i], *b = t->buf + t->at[root[i]];
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		members++, same += la == lb && !memcmp(a, b, la);
	}
	uint32_t *firsts = malloc((nr ? nr : 1) * sizeof *firsts);
	for (size_t i = 0; i < nr; i++)
		firsts[i] = roots[i];
	sort_texts = t;
	qsort(firsts, nr, sizeof *firsts, cmp_title);
	for (size_t i = 0; i < nr; i++)
		titled += !i || cmp_title(&firsts[i - 1], &firsts[i]);
	free(firsts);
	printf("  against the generator's titles: %.1f%% of members have their centre's title; %zu titles over %zu "
	       "clusters (%.1f clusters a title)\n",
	       members ? 100.0 * (double)same / (double)members : 0, titled, nr, titled ? (double)nr / (double)titled : 0);
	qsort(sizes, nr, sizeof *sizes, cmp_size_desc);
	printf("  the 10 largest:");
	for (size_t i = 0; i < nr && i < 10; i++)
		printf(" %u", sizes[i]);
	printf("\n  20 clusters at random (the first text is the centre):\n");
	uint64_t saved = rng;
	rng = 0x9e3779b97f4a7c15ULL;
	for (int c = 0; c < 20 && nr; c++) {
		uint32_t r = roots[pick((unsigned)nr)];
		printf("  [%u demands]\n", size[r]);
		int shown = 0;
		for (size_t k = 0; k <= n && shown < 5; k++) {
			size_t i = k ? k - 1 : r; /* the centre first */
			if (root[i] == r && (!k || i != r)) {
				const char *s = t->buf + t->at[i];
				printf("    %.*s\n", (int)strcspn(s, "\n"), s);
				printf("      %s\n", s + strcspn(s, "\n") + (s[strcspn(s, "\n")] ? 1 : 0));
				shown++;
			}
		}
	}
	rng = saved;
	fflush(stdout);
	free(size), free(roots), free(sizes), free(root), free(work);
	return 0;
}

static int cluster(struct ms_db *db)
{
	struct ms_error e = {0};
	if (ms_db_begin(db, false, &e))
		return fail(&e);
	struct ms_sql_stmt *s;
	if (ms_q_bind(db, &TEXTS, MS_NOARGS, &s, &e))
		return fail(&e);
	struct texts t = {0};
	int rc;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	clock_t cpu0 = clock();
	while ((rc = ms_sql_step(s, &e)) == 1)
		texts_add(&t, ms_sql_column_text(s, 1, NULL), ms_sql_column_text(s, 2, NULL));
	ms_sql_reset(s);
	if (rc < 0)
		return fail(&e);
	double read_s = since(&ts), read_cpu = (double)(clock() - cpu0) / CLOCKS_PER_SEC;
	ms_db_rollback(db);
	rc = cluster_report(&t, read_s, read_cpu);
	texts_free(&t);
	return rc;
}

/* The same texts as `build N` writes (the generator in the same order,
 * the channel drawn as build draws it), clustered without a database. */
static int cluster_generated(long n)
{
	struct texts t = {0};
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	clock_t cpu0 = clock();
	for (long i = 0; i < n; i++) {
		char title[256], text[1024];
		sentence(title, sizeof title, text, sizeof text);
		(void)pick(6); /* build's channel */
		texts_add(&t, title, text);
	}
	int rc = cluster_report(&t, since(&ts), (double)(clock() - cpu0) / CLOCKS_PER_SEC);
	texts_free(&t);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: bench_liaison_data DB build N | dump N DIR | reindex | search ROUNDS [LIKE_ROUNDS] | cluster\n"
		      "       bench_liaison_data - cluster-generated N\n", stderr);
		return 2;
	}
	if (!strcmp(argv[2], "cluster-generated") && argc == 4)
		return cluster_generated(strtol(argv[3], NULL, 10));
	struct ms_store *st;
	struct ms_error e = {0};
	struct ms_db *db;
	if (ms_store_open(argv[1], 1, &st, &e) || ms_store_acquire(st, &db, &e))
		return fail(&e);
	int rc = 2;
	if (!strcmp(argv[2], "build") && argc == 4)
		rc = build(db, strtol(argv[3], NULL, 10));
	else if (!strcmp(argv[2], "dump") && argc == 5)
		rc = dump(db, strtol(argv[3], NULL, 10), argv[4]);
	else if (!strcmp(argv[2], "reindex"))
		rc = reindex(db);
	else if (!strcmp(argv[2], "search") && (argc == 4 || argc == 5))
		rc = search(db, (int)strtol(argv[3], NULL, 10), argc == 5 ? (int)strtol(argv[4], NULL, 10) : 1);
	else if (!strcmp(argv[2], "cluster"))
		rc = cluster(db);
	ms_store_release(st, db);
	ms_store_close(st);
	return rc;
}
