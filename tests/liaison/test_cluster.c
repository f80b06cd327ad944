/*
 * test_cluster.c — liaison/cluster.h: pairs of demands that say the same
 * thing in other words (or in full-width characters) must cluster, pairs
 * that share only a place or a polite word must not; the run joins
 * transitively and leaves texts without shingles alone.
 */
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
	{"same text", "希望加装电梯", "希望加装电梯", 1},
	{"elevator vs parking", "小区电梯坏了", "小区停车难", 0},
	{"only 小区 and 希望", "希望小区增加停车位", "希望小区多种一些树木", 0},
	{"only the place", "幸福小区路灯不亮", "幸福小区垃圾没人清运", 0},
	{"punctuation only", "！！！", "？？？", 0},
	{"one character", "灯", "灯", 0},
};

static void run_pair(void **state)
{
	const struct pair_case *c = *state;
	uint32_t a[MS_CLUSTER_SHINGLES_MAX], b[MS_CLUSTER_SHINGLES_MAX];
	size_t na = ms_cluster_shingles(c->a, strlen(c->a), a);
	size_t nb = ms_cluster_shingles(c->b, strlen(c->b), b);
	unsigned j = ms_cluster_jaccard_pct(a, na, b, nb);
	if (c->same)
		assert_true(j >= MS_CLUSTER_THRESHOLD_PCT);
	else
		assert_true(j < MS_CLUSTER_THRESHOLD_PCT);
	/* and the run agrees with the pair's verdict */
	uint32_t sh[2 * MS_CLUSTER_SHINGLES_MAX];
	memcpy(sh, a, na * sizeof *a);
	memcpy(sh + na, b, nb * sizeof *b);
	size_t start[3] = {0, na, na + nb};
	struct ms_cluster_docs docs = {.n = 2, .shingles = sh, .start = start};
	void *work = malloc(ms_cluster_work_size(2));
	assert_non_null(work);
	uint32_t root[2];
	size_t k = ms_cluster_run(&docs, work, root);
	free(work);
	assert_int_equal(root[0], 0);
	assert_int_equal(k, (size_t)c->same);
	assert_int_equal(root[1], c->same ? 0 : 1);
}

static void test_shingles_sorted(void **state)
{
	(void)state;
	uint32_t s[MS_CLUSTER_SHINGLES_MAX];
	size_t n = ms_cluster_shingles("电梯电梯电梯", strlen("电梯电梯电梯"), s);
	assert_int_equal(n, 2); /* 电梯 and 梯电, once each */
	assert_true(s[0] < s[1]);
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

static void test_transitive(void **state)
{
	(void)state;
	const char *texts[] = {
		"小区电梯坏了三天没人修",             /* 0 */
		"小区停车难，晚上没有车位",           /* 1 */
		"我们小区的电梯已经坏了三天，一直没人来修", /* 2 ~ 0 */
		"小区电梯坏了三天没人修理",           /* 3 ~ 0 */
		"晚上小区停车难没有车位",             /* 4 ~ 1 */
		"灯",                                 /* 5: no shingles */
	};
	size_t n = sizeof texts / sizeof *texts;
	uint32_t sh[6 * MS_CLUSTER_SHINGLES_MAX];
	size_t start[7] = {0};
	for (size_t i = 0; i < n; i++)
		start[i + 1] = start[i] + ms_cluster_shingles(texts[i], strlen(texts[i]), sh + start[i]);
	struct ms_cluster_docs docs = {.n = n, .shingles = sh, .start = start};
	void *work = malloc(ms_cluster_work_size(n));
	assert_non_null(work);
	uint32_t root[6];
	size_t k = ms_cluster_run(&docs, work, root);
	free(work);
	assert_int_equal(k, 2);
	assert_int_equal(root[0], 0);
	assert_int_equal(root[2], 0);
	assert_int_equal(root[3], 0);
	assert_int_equal(root[1], 1);
	assert_int_equal(root[4], 1);
	assert_int_equal(root[5], 5);
}

static void test_empty(void **state)
{
	(void)state;
	size_t start[1] = {0};
	struct ms_cluster_docs docs = {.n = 0, .shingles = NULL, .start = start};
	void *work = malloc(ms_cluster_work_size(0));
	assert_non_null(work);
	assert_int_equal(ms_cluster_run(&docs, work, NULL), 0);
	free(work);
	assert_int_equal(ms_cluster_jaccard_pct(NULL, 0, NULL, 0), 0);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, pairs, run_pair);
	MS_UNIT_TEST(&l, test_shingles_sorted);
	MS_UNIT_TEST(&l, test_transitive);
	MS_UNIT_TEST(&l, test_empty);
	return ms_unit_run("cluster", &l, NULL, NULL);
}
