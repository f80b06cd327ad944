/*
 * supervise_data.c — a province-sized data set for bench/supervise.py:
 * CONGRESSES congresses, each with a 2026 round voted (a Pabulib file of 30
 * voters imported as its closed poll, so the vote is counted by the same
 * code) that selected PROJECTS projects, now in 实施: each with a published
 * plan and REPORTS progress reports filed a week apart over the past year,
 * some projects falling behind. Everything is written through the domains'
 * own functions (the rules the API applies), one transaction per congress.
 *
 * usage: bench_supervise_data DB [CONGRESSES [PROJECTS [REPORTS]]]
 *        (defaults 200, 20, 50; DB must be new)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/util.h"
#include "org/org.h"
#include "supervise/supervise.h"
#include "vote/vote.h"

static const char *const categories[] = {"教育", "医疗卫生", "养老服务", "交通出行", "城市更新", "生态环境", "文化体育"};
static const char *const districts[] = {"东城街道", "西城街道", "南湖镇", "北山镇", "江滨街道", "新区"};

static void at(int32_t day)
{
	char s[11];
	ms_day_format(day, s);
	setenv("MINSHENG_TODAY", s, 1);
}

/* The round's vote: 30 voters, each approving the first `selected` of
 * n projects and one of the rest, so the first `selected` win. */
static char *pb_text(int c, int n, int selected)
{
	size_t cap = 64 * 1024, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	len += (size_t)snprintf(s + len, cap - len,
				"META\nkey;value\ndescription;bench %d\ncountry;China\nunit;bench\ninstance;2026\n"
				"num_projects;%d\nnum_votes;30\nbudget;%d\nvote_type;approval\nmin_length;1\n"
				"max_length;%d\nPROJECTS\nproject_id;cost;name\n",
				c, n, n * 5000000, selected);
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%d;%d;第%03d区民生实事项目%02d：%s提升工程\n", i,
					1000000 + 250000 * (i % 9), c, i, categories[i % 7]);
	len += (size_t)snprintf(s + len, cap - len, "VOTES\nvoter_id;vote\n");
	for (int v = 1; v <= 30; v++) {
		len += (size_t)snprintf(s + len, cap - len, "%d;", v);
		for (int i = 1; i < selected; i++)
			len += (size_t)snprintf(s + len, cap - len, "%d,", i);
		len += (size_t)snprintf(s + len, cap - len, "%d\n", v % 3 ? selected : selected + 1 + v % (n - selected));
	}
	return s;
}

static int congress(struct ms_db *db, int c, int n_projects, int n_reports, int32_t today, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	char name[128], title[128];
	int64_t id, units[10], cycle, poll, *cands = NULL;
	size_t n_cands = 0;
	snprintf(name, sizeof name, "基准省第%03d区人民代表大会常务委员会", c);
	struct ms_congress_in cin = {.name = name, .level = MS_LEVEL_DISTRICT};
	int rc = ms_congress_create(db, sys, &cin, &id, e);
	for (int u = 0; !rc && u < 10; u++) {
		char un[64];
		snprintf(un, sizeof un, "第%03d区%s局", c, categories[u % 7]);
		snprintf(un + strlen(un), sizeof un - strlen(un), "%d", u);
		rc = ms_unit_create(db, sys, id, un, NULL, &units[u], e);
	}
	snprintf(title, sizeof title, "2026年第%03d区民生实事项目", c);
	if (rc || (rc = ms_cycle_create(db, sys, id, 2026, title, NULL, &cycle, e)) ||
	    (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_COMPILE, e)))
		return rc;
	int n = n_projects + 5;
	struct ms_poll p = {.cycle_id = cycle, .congress_id = id, .slots = n_projects, .max_approvals = n_projects,
			    .form = MS_FORM_PICK, .base = MS_BASE_ALL, .threshold_num = 1, .threshold_den = 2,
			    .threshold_strict = true, .quorum_num = 1, .quorum_den = 2, .deputies_all = -1};
	snprintf(p.title, sizeof p.title, "%s人大代表票决", title);
	char *pb = pb_text(c, n, n_projects);
	json_t *result = NULL;
	if (!pb)
		return ms_nomem(e);
	rc = ms_poll_import_pb(db, sys, &p, pb, strlen(pb), false, false, &poll, &result, e);
	free(pb);
	json_decref(result);
	if (rc || (rc = ms_candidate_ids(db, cycle, &cands, &n_cands, e)))
		goto out;
	for (size_t i = 0; !rc && i < n_cands; i++) {
		struct ms_candidate_in in = {.category = categories[i % 7], .location = districts[(i + (size_t)c) % 6],
					     .has_unit = true, .unit_id = units[i % 10]};
		rc = ms_candidate_update(db, sys, cands[i], &in, e);
	}
	if (rc || (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_VOTE, e)) ||
	    (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_IMPLEMENT, e)))
		goto out;
	struct ms_page all = {.page = 1, .per_page = 100};
	json_t *list = NULL, *pr;
	if ((rc = ms_project_list_cycle(db, cycle, &all, &list, e)))
		goto out;
	size_t k;
	/* Plans from a year ago to two months on; a report each week since. */
	int32_t start = today - 7 * n_reports - 7, finish = today + 60;
	char s_start[11], s_finish[11], m1[11], m2[11];
	ms_day_format(start, s_start);
	ms_day_format(finish, s_finish);
	ms_day_format(start + 60, m1);
	ms_day_format(start + (finish - start) / 2, m2);
	json_array_foreach(json_object_get(list, "items"), k, pr) {
		int64_t pid = json_integer_value(json_object_get(pr, "id")), cost = json_integer_value(json_object_get(pr, "cost")),
			version;
		json_t *plan = json_pack("{s:s, s:s, s:s, s:I, s:[{s:s, s:I}], s:[{s:s, s:s, s:i}, {s:s, s:s, s:i}]}",
					 "targets", "按期完成建设任务并投入使用", "start_on", s_start, "finish_on", s_finish,
					 "budget", (json_int_t)cost, "funding", "source", "区级财政", "amount",
					 (json_int_t)cost, "milestones", "title", "完成设计和招标", "planned_on", m1,
					 "percent", 10, "title", "主体工程完工", "planned_on", m2, "percent", 60);
		at(start);
		rc = plan ? ms_plan_save(db, sys, pid, plan, e) : ms_nomem(e);
		json_decref(plan);
		if (rc || (rc = ms_plan_publish(db, sys, pid, &version, e)))
			break;
		/* Most keep pace; one in five lags at half pace, one in ten stops early. */
		int pace = k % 5 == 4 ? 50 : 100, stop = k % 10 == 9 ? n_reports / 2 : n_reports;
		for (int r = 1; !rc && r <= stop; r++) {
			int32_t day = start + 7 * r;
			int64_t pct = (int64_t)(day - start) * 100 / (finish - start) * pace / 100;
			char on[11];
			ms_day_format(day, on);
			struct ms_reached reached[1] = {{r == 9 ? 1 : 2, on}};
			struct ms_report_in in = {.body = "本周完成管网铺设和路面修复，质量安全平稳，下周推进附属设施施工。",
						  .percent_done = pct > 100 ? 100 : pct,
						  .spent = cost * pct / 100 * 9 / 10,
						  .reached = reached,
						  .n_reached = r == 9 || (pace == 100 && r == 26) ? 1 : 0};
			int64_t report;
			at(day);
			if (!(rc = ms_report_file(db, sys, pid, &in, &report, e)) && r % 4 == 0)
				rc = ms_report_publish(db, sys, report, e);
		}
		if (rc)
			break;
	}
	json_decref(list);
out:
	free(cands);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [CONGRESSES [PROJECTS [REPORTS]]]\n", argv[0]);
		return 2;
	}
	int n_congresses = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 200,
	    n_projects = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 20,
	    n_reports = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 50;
	if (n_congresses < 1 || n_projects < 2 || n_projects > 60 || n_reports < 10 || n_reports > 200) {
		fprintf(stderr, "bench_supervise_data: 1+ congresses, 2–60 projects, 10–200 reports\n");
		return 2;
	}
	ms_cycle_phase_hooks(ms_app_phase_hooks);
	int32_t today = ms_day_today();
	struct ms_store *st;
	struct ms_db *db;
	struct ms_error e = {0};
	if (ms_store_open(argv[1], 1, &st, &e) || ms_store_acquire(st, &db, &e)) {
		fprintf(stderr, "bench_supervise_data: %s\n", e.message);
		return 1;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = 0;
	for (int c = 1; !rc && c <= n_congresses; c++) {
		if (!(rc = ms_db_begin(db, true, &e)) && !(rc = congress(db, c, n_projects, n_reports, today, &e)))
			rc = ms_db_commit(db, &e);
		if (rc)
			ms_db_rollback(db);
		if (c % 20 == 0)
			fprintf(stderr, "  %d congresses\n", c);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms_store_release(st, db);
	ms_store_close(st);
	if (rc) {
		fprintf(stderr, "bench_supervise_data: %s\n", e.message);
		return 1;
	}
	printf("%d congresses, %d projects, %d reports each: %.1f s\n", n_congresses, n_congresses * n_projects,
	       n_reports, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
