/*
 * demo_preference.c — the public preference poll (群众网络投票) of the
 * demo's 2027 round (demo: `minsheng demo`): set up while the round
 * compiles, on all its candidates, open from yesterday for two months and
 * live, with a batch of codes printed for deputy01 and thirty residents'
 * ballots cast with them, so the public page, the staff page and the result
 * (advice, never the congress's decision) have something to show. It adds
 * no round and no candidate: the browser tests' rounds stay as they were.
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

#define N_BALLOTS 30
#define N_MAX 64

int ms_demo_preference(struct ms_db *db, int64_t cycle, int64_t deputy_id, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	int64_t pref, batch, first;
	int rc;
	json_t *cost_of = NULL;
	char opens[32], closes[32];
	int64_t now = ms_now_unix();
	time_t o = (time_t)(now - 86400), c = (time_t)(now + 60 * 86400);
	struct tm tm;
	strftime(opens, sizeof opens, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&o, &tm));
	strftime(closes, sizeof closes, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&c, &tm));
	struct ms_pref_in in = {.title = "2027年江州市民生实事候选项目群众网络投票",
				.has_budget = true,
				.budget = 200000000,
				.opens_at = opens,
				.closes_at = closes,
				.greedy = true,
				.mes = true,
				.live = true};
	char *codes = NULL;
	if ((rc = ms_pref_create(db, sys, cycle, &in, &pref, e)) || (rc = ms_pref_open(db, sys, pref, e)) ||
	    (rc = ms_pref_get(db, pref, &cost_of, e)) ||
	    (rc = ms_pref_codes_issue(db, sys, pref, 0, deputy_id, "示例：社区走访发放", 40, &codes, &batch, &first, e)))
		goto out;
	/* Thirty ballots of a fixed pattern within the budget: some projects
	 * are wanted more than others. */
	json_t *projects = json_object_get(cost_of, "projects");
	size_t np = json_array_size(projects);
	for (int b = 0; !rc && b < N_BALLOTS && np && np <= N_MAX; b++) {
		int64_t pick[N_MAX], spent = 0;
		size_t n = 0;
		for (size_t i = 0; i < np; i++) {
			size_t k = (i + (size_t)b) % np;
			json_t *x = json_array_get(projects, k);
			int64_t cost = json_integer_value(json_object_get(x, "cost"));
			if ((unsigned)((b * 7 + (int)k * 3) % 10) < 9 - k % 7 && spent + cost <= in.budget) {
				pick[n++] = json_integer_value(json_object_get(x, "id"));
				spent += cost;
			}
		}
		if (!n)
			pick[n++] = json_integer_value(json_object_get(json_array_get(projects, (size_t)b % np), "id"));
		rc = ms_pref_vote(db, pref, codes + (size_t)b * (MS_PREF_CODE_LEN + 1), pick, n, e);
	}
out:
	if (codes) {
		sodium_memzero(codes, 40 * (MS_PREF_CODE_LEN + 1));
		free(codes);
	}
	json_decref(cost_of);
	return rc;
}
