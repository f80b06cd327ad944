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
 *   bench_liaison_data DB cluster            every demand clustered (cluster.h): seconds and cluster counts
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

static int cluster(struct ms_db *db)
{
	struct ms_error e = {0};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ms_db_begin(db, false, &e))
		return fail(&e);
	struct ms_sql_stmt *s;
	if (ms_q_bind(db, &TEXTS, MS_NOARGS, &s, &e))
		return fail(&e);
	size_t cap = 1 << 20, n = 0, nsh = 0, capsh = cap * 16;
	size_t *start = malloc((cap + 1) * sizeof *start);
	uint32_t *sh = malloc(capsh * sizeof *sh);
	start[0] = 0;
	int rc;
	double read_s = 0;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	while ((rc = ms_sql_step(s, &e)) == 1) {
		if (n + 1 >= cap) {
			cap *= 2;
			start = realloc(start, (cap + 1) * sizeof *start);
		}
		if (nsh + MS_CLUSTER_SHINGLES_MAX > capsh) {
			capsh *= 2;
			sh = realloc(sh, capsh * sizeof *sh);
		}
		char buf[4096];
		int len = snprintf(buf, sizeof buf, "%s\n%s", ms_sql_column_text(s, 1, NULL), ms_sql_column_text(s, 2, NULL));
		nsh += ms_cluster_shingles(buf, (size_t)len, sh + nsh);
		start[++n] = nsh;
	}
	ms_sql_reset(s);
	if (rc < 0)
		return fail(&e);
	read_s = since(&ts);
	ms_db_rollback(db);
	uint32_t *root = malloc(n * sizeof *root);
	void *work = malloc(ms_cluster_work_size(n));
	struct ms_cluster_docs docs = {.n = n, .shingles = sh, .start = start};
	clock_gettime(CLOCK_MONOTONIC, &ts);
	size_t k = ms_cluster_run(&docs, work, root);
	double run_s = since(&ts);
	/* sizes: how many documents are in clusters, the largest */
	uint32_t *size = calloc(n, sizeof *size);
	size_t in = 0, largest = 0;
	for (size_t i = 0; i < n; i++)
		size[root[i]]++;
	for (size_t i = 0; i < n; i++)
		if (size[i] >= 2) {
			in += size[i];
			if (size[i] > largest)
				largest = size[i];
		}
	printf("clustered: %zu demands (%zu shingles) in %.1f s: read and shingled %.1f s, MinHash/LSH/Jaccard/union-find "
	       "%.1f s; %zu clusters of 2 or more holding %zu demands, the largest %zu\n",
	       n, nsh, since(&t0), read_s, run_s, k, in, largest);
	free(size), free(root), free(work), free(start), free(sh);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: bench_liaison_data DB build N | dump N DIR | reindex | search ROUNDS [LIKE_ROUNDS] | cluster\n", stderr);
		return 2;
	}
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
