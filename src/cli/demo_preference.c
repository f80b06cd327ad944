/*
 * demo_preference.c — the demo's 2028 round, collecting (demo: `minsheng
 * demo`): eight draft candidates and an open public preference poll
 * (群众网络投票) on them, with a batch of codes printed for deputy01 and
 * thirty residents' ballots cast with them, so the public page, the staff
 * page and the result (advice, never the congress's decision) have
 * something to show. The earlier rounds (2025, 2026, 2027) are untouched.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/util.h"
#include "../cycle/cycle.h"
#include "../liaison/preference.h"
#include "cli.h"

static const struct {
	const char *title, *title_en, *description, *category;
	int64_t cost;
} drafts[] = {
	{"老旧小区加装电梯（第三批）", "Lifts for old housing estates (batch 3)", "为 40 幢六层以下老旧住宅加装电梯，居民自愿申请、政府补助。", "住房", 12000000},
	{"社区食堂覆盖全部街道", "A community canteen in every street", "新建 12 个社区食堂，为 70 岁以上老人提供助餐服务。", "养老", 6000000},
	{"中小学周边护学通道", "Safe routes around schools", "在 25 所中小学周边设置护学通道和限速设施。", "交通", 4500000},
	{"城区公共停车位新增 3000 个", "3,000 more public parking spaces", "利用边角地和立体车库新增公共停车位。", "交通", 15000000},
	{"菜市场提升改造", "Upgrading fresh-food markets", "改造 8 个农贸市场的排水、通风和摊位。", "民生服务", 5000000},
	{"口袋公园建设", "Pocket parks", "在建成区新建 20 个口袋公园。", "环境", 8000000},
	{"社区卫生服务站标准化建设", "Standard community health stations", "改造 15 个社区卫生服务站，配齐常用检查设备。", "医疗", 9000000},
	{"婴幼儿托育点建设", "Infant care centres", "新建 10 个普惠性婴幼儿托育点。", "教育", 7000000},
};
#define N_DRAFTS (sizeof drafts / sizeof drafts[0])
#define N_BALLOTS 30

int ms_demo_preference(struct ms_db *db, int64_t city, int64_t deputy_id, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	int64_t cycle, cand[N_DRAFTS], pref, batch, first;
	struct ms_cycle cy;
	int rc = ms_cycle_create(db, sys, city, 2028, "2028年江州市民生实事项目（征集中）",
				 "Jiangzhou livelihood projects 2028 (collecting)", &cycle, e);
	if (rc || (rc = ms_cycle_get(db, cycle, &cy, NULL, e)))
		return rc;
	for (size_t i = 0; i < N_DRAFTS; i++) {
		struct ms_candidate_in in = {.title = drafts[i].title, .title_en = drafts[i].title_en,
					     .description = drafts[i].description, .category = drafts[i].category,
					     .has_cost = true, .cost = drafts[i].cost};
		if ((rc = ms_candidate_create(db, sys, &cy, &in, &cand[i], e)))
			return rc;
	}
	char opens[32], closes[32];
	int64_t now = ms_now_unix();
	time_t o = (time_t)(now - 86400), c = (time_t)(now + 60 * 86400);
	struct tm tm;
	strftime(opens, sizeof opens, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&o, &tm));
	strftime(closes, sizeof closes, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&c, &tm));
	struct ms_pref_in in = {.title = "2028年江州市民生实事候选项目网络投票",
				.has_budget = true,
				.budget = 30000000,
				.opens_at = opens,
				.closes_at = closes,
				.greedy = true,
				.mes = true,
				.live = true};
	char *codes = NULL;
	if ((rc = ms_pref_create(db, sys, cycle, &in, &pref, e)) || (rc = ms_pref_open(db, sys, pref, e)) ||
	    (rc = ms_pref_codes_issue(db, sys, pref, 0, deputy_id, "示例：社区走访发放", 40, &codes, &batch, &first, e)))
		return rc;
	/* Thirty ballots of a fixed pattern within the budget: the lifts, the
	 * canteens and the schools are wanted most. */
	static const unsigned char likes[N_DRAFTS] = {9, 8, 7, 4, 5, 6, 5, 4};
	for (int b = 0; !rc && b < N_BALLOTS; b++) {
		int64_t pick[N_DRAFTS], spent = 0;
		size_t n = 0;
		for (size_t i = 0; i < N_DRAFTS; i++) {
			size_t k = (i + (size_t)b) % N_DRAFTS;
			if ((unsigned)((b * 7 + (int)k * 3) % 10) < likes[k] && spent + drafts[k].cost <= in.budget) {
				pick[n++] = cand[k];
				spent += drafts[k].cost;
			}
		}
		if (!n)
			pick[n++] = cand[b % N_DRAFTS];
		rc = ms_pref_vote(db, pref, codes + (size_t)b * (MS_PREF_CODE_LEN + 1), pick, n, e);
	}
	sodium_memzero(codes, 40 * (MS_PREF_CODE_LEN + 1));
	free(codes);
	return rc;
}
