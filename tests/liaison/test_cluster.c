/*
 * test_cluster.c — liaison/cluster.h: pairs of demands that say the same
 * thing in other words (other particles, full-width characters, politeness
 * added, a synonym's surroundings) must cluster; pairs that share only the
 * template (小区加装电梯 / 小区加装充电桩), a place or a polite word, or
 * name two different places (幸福小区 / 阳光小区) must not. In a corpus the
 * template weighs little (rarity), so texts that differ only in their
 * object stay apart however long the template; a chain A~B~C~D does not
 * make one cluster; the run is deterministic and leaves texts without
 * shingles alone.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liaison/cluster.h"
#include "unit.h"

struct pair_case {
	const char *name;
	const char *a, *b;
	int same; /* 1: must cluster, 0: must not */
};

static const struct pair_case pairs[] = {
	{"elevator, other words", "小区电梯坏了三天没人修", "我们小区的电梯已经坏了三天，一直没人来修", 1},
	{"street lamp, particles", "3号楼前的路灯不亮了", "３号楼前面路灯不亮", 1},
	{"street lamp, punctuation", "东门路灯晚上不亮，走路很危险", "东门路灯晚上不亮,走路危险!", 1},
	{"full-width digits and Latin", "ＡＢＣ小区１２栋门口垃圾分类点太臭", "abc小区12栋门口垃圾分类点太臭了", 1},
	{"politeness added", "您好！麻烦领导关心一下，幸福小区3号楼电梯坏了三天了，谢谢！", "幸福小区3号楼电梯坏了三天", 1},
	{"synonym, same surroundings", "小区门口的路灯坏了，晚上很黑", "小区门口路灯不亮了，晚上太黑了", 1},
	{"synonym, other particles", "楼道里的灯坏了很久没人换", "楼道灯坏了好久都没人换", 1},
	{"same text", "希望加装电梯", "希望加装电梯", 1},
	{"same template, other object", "小区加装电梯", "小区加装充电桩", 0},
	{"same long template, other object", "我们小区希望加装电梯，请尽快解决", "我们小区希望加装充电桩，请尽快解决", 0},
	{"same object, other place", "幸福小区路灯不亮", "阳光小区路灯不亮", 0},
	{"same name, other kind of place", "幸福小区路灯晚上不亮", "幸福花园路灯晚上不亮", 0},
	{"elevator vs parking", "小区电梯坏了", "小区停车难", 0},
	{"only 小区 and 希望", "希望小区增加停车位", "希望小区多种一些树木", 0},
	{"only the place", "幸福小区路灯不亮", "幸福小区垃圾没人清运", 0},
	{"punctuation only", "！！！", "？？？", 0},
	{"one character", "灯", "灯", 0},
};

static void *work_for(const struct ms_cluster_docs *docs)
{
	void *work = malloc(ms_cluster_work_size(docs));
	assert_non_null(work);
	return work;
}

static void run_pair(void **state)
{
	const struct pair_case *c = *state;
	uint32_t sh[2 * MS_CLUSTER_SHINGLES_MAX];
	size_t na = ms_cluster_shingles(c->a, strlen(c->a), sh);
	size_t nb = ms_cluster_shingles(c->b, strlen(c->b), sh + na);
	unsigned pct = ms_cluster_similarity_pct(sh, na, sh + na, nb);
	if ((pct >= MS_CLUSTER_THRESHOLD_PCT) != c->same)
		fprintf(stderr, "%s: %u%%\n", c->name, pct);
	assert_int_equal(pct >= MS_CLUSTER_THRESHOLD_PCT, c->same);
	/* and the run over the two agrees with the pair's verdict */
	size_t start[3] = {0, na, na + nb};
	struct ms_cluster_docs docs = {.n = 2, .shingles = sh, .start = start};
	void *work = work_for(&docs);
	uint32_t root[2];
	size_t k = ms_cluster_run(&docs, work, root);
	free(work);
	assert_int_equal(k, (size_t)c->same);
	assert_int_equal(root[0], 0);
	assert_int_equal(root[1], c->same ? 0 : 1);
}

/* Cluster texts[0 .. n) into root (at most 64 texts). */
static size_t run_texts(const char *const *texts, size_t n, uint32_t *root)
{
	static uint32_t sh[64 * MS_CLUSTER_SHINGLES_MAX];
	size_t start[65] = {0};
	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++)
		start[i + 1] = start[i] + ms_cluster_shingles(texts[i], strlen(texts[i]), sh + start[i]);
	struct ms_cluster_docs docs = {.n = n, .shingles = sh, .start = start};
	void *work = work_for(&docs);
	size_t k = ms_cluster_run(&docs, work, root);
	free(work);
	/* every root is a centre: its own root */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(root[root[i]], root[i]);
	return k;
}

static void test_shingles_sorted(void **state)
{
	(void)state;
	uint32_t s[MS_CLUSTER_SHINGLES_MAX];
	size_t n = ms_cluster_shingles("电梯", strlen("电梯"), s);
	assert_int_equal(n, 1);
	/* 电梯 梯电 电梯 梯电 电梯: the repeated bigrams count again, as
	 * shingles of their own */
	n = ms_cluster_shingles("电梯电梯电梯", strlen("电梯电梯电梯"), s);
	assert_int_equal(n, 5);
	for (size_t i = 1; i < n; i++)
		assert_true(s[i - 1] < s[i]);
	/* a long text keeps at most the maximum */
	char big[3 * 600 + 1];
	for (int i = 0; i < 600; i++)
		memcpy(big + 3 * i, i % 2 ? "梯" : (i % 3 ? "电" : "楼"), 3);
	big[3 * 600] = '\0';
	n = ms_cluster_shingles(big, strlen(big), s);
	assert_true(n > 0 && n <= MS_CLUSTER_SHINGLES_MAX);
	/* invalid UTF-8 is skipped, not read past */
	assert_int_equal(ms_cluster_shingles("\xff\xfe", 2, s), 0);
}

static void test_together(void **state)
{
	(void)state;
	const char *texts[] = {
		"小区电梯坏了三天没人修",                   /* 0 */
		"小区停车难，晚上没有车位",                 /* 1 */
		"我们小区的电梯已经坏了三天，一直没人来修", /* 2 ~ 0 */
		"小区电梯坏了三天没人修理",                 /* 3 ~ 0 */
		"晚上小区停车难没有车位",                   /* 4 ~ 1 */
		"灯",                                       /* 5: no shingles */
	};
	uint32_t root[6];
	assert_int_equal(run_texts(texts, 6, root), 2);
	assert_int_equal(root[0], root[2]);
	assert_int_equal(root[0], root[3]);
	assert_int_equal(root[1], root[4]);
	assert_true(root[0] != root[1]);
	assert_int_equal(root[5], 5);
}

/* A~B, B~C, C~D (each next shares three of four words) while A and D share
 * one: single link would make one cluster of the four; centres do not. */
static void test_no_chain(void **state)
{
	(void)state;
	const char *texts[] = {
		"电梯路灯井盖水管", /* A */
		"路灯井盖水管暖气", /* B */
		"井盖水管暖气围墙", /* C */
		"水管暖气围墙楼梯", /* D */
	};
	uint32_t sa[MS_CLUSTER_SHINGLES_MAX], sd[MS_CLUSTER_SHINGLES_MAX];
	size_t na = ms_cluster_shingles(texts[0], strlen(texts[0]), sa);
	size_t nd = ms_cluster_shingles(texts[3], strlen(texts[3]), sd);
	assert_true(ms_cluster_similarity_pct(sa, na, sd, nd) < MS_CLUSTER_THRESHOLD_PCT);
	uint32_t root[4];
	run_texts(texts, 4, root);
	assert_true(root[0] != root[3]);
}

/* A long chain: text i is words i .. i + 4 of a list, so neighbours share
 * four words and texts five apart share none. No cluster may hold two
 * texts that share nothing, nor grow along the chain. */
static void test_long_chain(void **state)
{
	(void)state;
	static const char *const words[] = {"电梯", "路灯", "井盖", "水管", "暖气", "围墙", "楼梯", "花坛", "车棚",
					    "门禁", "监控", "喷泉", "草坪", "长椅", "信箱", "栏杆", "台阶", "屋顶",
					    "窗户", "管道", "电线", "水表", "燃气", "烟道", "排水", "路面", "树木",
					    "公厕", "垃圾", "雨棚", "健身", "凉亭", "扶手", "路牌"};
	enum { N = 30 };
	char buf[N][64];
	const char *texts[N];
	for (size_t i = 0; i < N; i++) {
		snprintf(buf[i], sizeof buf[i], "%s%s%s%s%s", words[i], words[i + 1], words[i + 2], words[i + 3],
			 words[i + 4]);
		texts[i] = buf[i];
	}
	uint32_t root[N];
	size_t k = run_texts(texts, N, root);
	assert_true(k >= N / 5);
	for (size_t i = 0; i < N; i++) {
		size_t r = root[i], size = 0;
		assert_true(i >= r ? i - r < 5 : r - i < 5); /* shares a word with its centre */
		for (size_t j = 0; j < N; j++)
			size += root[j] == r;
		assert_true(size <= 5);
	}
}

/* A congress's demands in one template with a dozen objects, three
 * wordings each: the template is everywhere, so it weighs little, and
 * only texts about the same object cluster — all three wordings of it. */
static void test_template_corpus(void **state)
{
	(void)state;
	static const char *const objects[] = {"电梯", "路灯", "水管", "暖气片", "门禁", "监控探头",
					      "井盖", "围墙", "楼梯扶手", "信报箱", "雨棚", "健身器材"};
	static const char *const forms[] = {"幸福小区3号楼%s坏了，希望尽快维修", "我们幸福小区3号楼的%s已经坏了好几天了，请尽快修一下",
					    "幸福小区３号楼%s坏了没人管，麻烦处理"};
	enum { OBJECTS = 12, FORMS = 3, N = OBJECTS * FORMS };
	char buf[N][160];
	const char *texts[N];
	for (size_t i = 0; i < N; i++) {
		snprintf(buf[i], sizeof buf[i], forms[i % FORMS], objects[i / FORMS]);
		texts[i] = buf[i];
	}
	uint32_t root[N];
	assert_int_equal(run_texts(texts, N, root), OBJECTS);
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < N; j++)
			assert_int_equal(root[i] == root[j], i / FORMS == j / FORMS);
}

/* Past MS_CLUSTER_EXACT_MAX texts the candidates come from MinHash/LSH:
 * 20 estates × 12 objects in five wordings. No cluster mixes two estates
 * or two objects, and each (estate, object) is found: at least four of its
 * five wordings clustered, in at most two clusters. */
static void test_lsh_corpus(void **state)
{
	(void)state;
	static const char *const estates[] = {"幸福", "阳光", "光明", "春晖", "锦绣", "东方", "金桥", "翠苑", "华庭", "绿洲",
					      "滨江", "丽景", "长安", "朝阳", "康乐", "福星", "文化", "紫荆", "桂花", "梧桐"};
	static const char *const objects[] = {"电梯", "路灯", "水管", "暖气片", "门禁", "监控探头",
					      "井盖", "围墙", "楼梯扶手", "信报箱", "雨棚", "健身器材"};
	static const char *const forms[] = {"%s小区%d号楼%s坏了，希望尽快维修", "我们%s小区%d号楼的%s已经坏了好几天了，请尽快修一下",
					    "%s小区%d号楼%s坏了没人管，麻烦处理", "反映一下：%s小区%d号楼%s坏了快一个月了",
					    "%s小区%d号楼%s坏了，居民出行不便，请有关部门尽快解决"};
	enum { E = 20, O = 12, F = 5, N = E * O * F };
	assert_true(N > MS_CLUSTER_EXACT_MAX);
	uint32_t *sh = malloc((size_t)N * MS_CLUSTER_SHINGLES_MAX * sizeof *sh), *root = malloc(N * sizeof *root);
	size_t *start = malloc((N + 1) * sizeof *start);
	assert_non_null(sh), assert_non_null(root), assert_non_null(start);
	start[0] = 0;
	for (size_t i = 0; i < N; i++) {
		char text[256];
		size_t f = i % F, o = i / F % O, e = i / F / O;
		snprintf(text, sizeof text, forms[f], estates[e], (int)(1 + (i * 7) % 9), objects[o]);
		start[i + 1] = start[i] + ms_cluster_shingles(text, strlen(text), sh + start[i]);
	}
	struct ms_cluster_docs docs = {.n = N, .shingles = sh, .start = start};
	void *work = work_for(&docs);
	ms_cluster_run(&docs, work, root);
	free(work);
	for (size_t g = 0; g < E * O; g++) {
		size_t clustered = 0, clusters = 0;
		for (size_t i = g * F; i < g * F + F; i++) {
			assert_int_equal(root[root[i]], root[i]);
			assert_int_equal(root[i] / F, g); /* its centre is of the same estate and object */
			bool alone = root[i] == i;
			for (size_t j = 0; j < N && alone; j++)
				alone = j == i || root[j] != i;
			clustered += !alone;
			clusters += root[i] == i && !alone;
		}
		assert_true(clustered >= F - 1);
		assert_true(clusters <= 2);
	}
	free(sh), free(root), free(start);
}

static void test_deterministic(void **state)
{
	(void)state;
	const char *texts[] = {"小区电梯坏了三天没人修", "我们小区的电梯已经坏了三天，一直没人来修", "小区停车难",
			       "小区停车难，晚上没有车位", "幸福小区路灯不亮", "幸福小区路灯晚上不亮",
			       "阳光小区路灯不亮", "小区加装电梯", "小区加装充电桩"};
	uint32_t a[9], b[9];
	size_t ka = run_texts(texts, 9, a), kb = run_texts(texts, 9, b);
	assert_int_equal(ka, kb);
	assert_memory_equal(a, b, sizeof a);
}

static void test_empty(void **state)
{
	(void)state;
	size_t start[1] = {0};
	struct ms_cluster_docs docs = {.n = 0, .shingles = NULL, .start = start};
	void *work = work_for(&docs);
	assert_int_equal(ms_cluster_run(&docs, work, NULL), 0);
	free(work);
	assert_int_equal(ms_cluster_similarity_pct(NULL, 0, NULL, 0), 0);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, pairs, run_pair);
	MS_UNIT_TEST(&l, test_shingles_sorted);
	MS_UNIT_TEST(&l, test_together);
	MS_UNIT_TEST(&l, test_no_chain);
	MS_UNIT_TEST(&l, test_long_chain);
	MS_UNIT_TEST(&l, test_template_corpus);
	MS_UNIT_TEST(&l, test_lsh_corpus);
	MS_UNIT_TEST(&l, test_deterministic);
	MS_UNIT_TEST(&l, test_empty);
	return ms_unit_run("cluster", &l, NULL, NULL);
}
