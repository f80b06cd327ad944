/*
 * assess_data.c — bench/assess.py's data set and its unit of work.
 *
 *   bench_assess_data DB build [CONGRESSES [UNITS]]   (defaults 200, 50; DB must be new)
 *   bench_assess_data DB recompute [YEAR]             (default 2025)
 *   bench_assess_data DB league [YEAR]                (each congress's league table for the year, as JSON)
 *
 * build: CONGRESSES congresses, each with UNITS responsible units and a 2025
 * round voted (a Pabulib file of 30 voters imported as its closed poll) that
 * selected UNITS projects, one led by each unit, now in 实施: each with a
 * published plan of twelve monthly milestones (the 15th), six published
 * progress reports two months apart each marking two milestones reached a
 * few days early or late, and two projects in three accepted (验收) on 28
 * December, half of them after their planned finish. Written through the
 * domains' own functions (the rules the API applies), one transaction per
 * congress, each day under MINSHENG_TODAY.
 *
 * recompute: every congress's assessment for YEAR and each of its twelve
 * months (assess_unit.h: ms_assess_recompute_year, the league table's own
 * code), one read transaction per congress; prints the seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/assess_unit.h"
#include "cli/cli.h"
#include "core/util.h"
#include "org/org.h"
#include "supervise/supervise.h"
#include "vote/vote.h"

#define YEAR 2025

static void at(int32_t day)
{
	char s[11];
	ms_day_format(day, s);
	setenv("MINSHENG_TODAY", s, 1);
}

static double since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 30 voters, each approving the first `selected` of n projects and one of the rest. */
static char *pb_text(int c, int n, int selected)
{
	size_t cap = 256 * 1024, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	len += (size_t)snprintf(s + len, cap - len,
				"META\nkey;value\ndescription;bench %d\ncountry;China\nunit;bench\ninstance;%d\n"
				"num_projects;%d\nnum_votes;30\nbudget;%d\nvote_type;approval\nmin_length;1\n"
				"max_length;%d\nPROJECTS\nproject_id;cost;name\n",
				c, YEAR, n, n * 5000000, selected);
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%d;%d;第%03d区民生实事项目%02d\n", i, 1000000 + 250000 * (i % 9),
					c, i);
	len += (size_t)snprintf(s + len, cap - len, "VOTES\nvoter_id;vote\n");
	for (int v = 1; v <= 30; v++) {
		len += (size_t)snprintf(s + len, cap - len, "%d;", v);
		for (int i = 1; i < selected; i++)
			len += (size_t)snprintf(s + len, cap - len, "%d,", i);
		len += (size_t)snprintf(s + len, cap - len, "%d\n", v % 3 ? selected : selected + 1 + v % (n - selected));
	}
	return s;
}

static int project(struct ms_db *db, int c, size_t k, int64_t pid, int64_t cost, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	char start[11], finish[11], planned[12][11];
	ms_day_format(ms_day_from_ymd(YEAR, 1, 5), start);
	bool accept = k % 3 != 0, late = k % 2 == 1;
	ms_day_format(ms_day_from_ymd(YEAR, 12, late ? 20 : 31), finish);
	json_t *ms = json_array();
	for (int m = 1; m <= 12; m++) {
		ms_day_format(ms_day_from_ymd(YEAR, m, 15), planned[m - 1]);
		char title[32];
		snprintf(title, sizeof title, "第%d月节点", m);
		json_array_append_new(ms, json_pack("{s:s, s:s, s:i}", "title", title, "planned_on", planned[m - 1],
						    "percent", 8 * m));
	}
	json_t *plan = json_pack("{s:s, s:s, s:s, s:I, s:o}", "targets", "按期完成建设任务并投入使用", "start_on", start,
				 "finish_on", finish, "budget", (json_int_t)cost, "milestones", ms);
	at(ms_day_from_ymd(YEAR, 1, 5));
	int64_t version;
	int rc = plan ? ms_plan_save(db, sys, pid, plan, e) : ms_nomem(e);
	json_decref(plan);
	if (rc || (rc = ms_plan_publish(db, sys, pid, &version, e)))
		return rc;
	for (int r = 1; r <= 6 && !rc; r++) {
		int32_t day = ms_day_from_ymd(YEAR, 2 * r, 28);
		char on[2][11];
		struct ms_reached reached[2];
		for (int i = 0; i < 2; i++) {
			int m = 2 * r - 1 + i, delta = (int)((c * 7 + (int)k * 3 + m) % 9) - 4;
			int32_t d = ms_day_from_ymd(YEAR, m, 15) + delta;
			ms_day_format(d > day ? day : d, on[i]);
			reached[i] = (struct ms_reached){m, on[i]};
		}
		struct ms_report_in in = {.body = "本期完成计划节点，质量安全平稳。",
					  .percent_done = r == 6 && accept ? 100 : 16 * r,
					  .spent = cost * r / 7,
					  .reached = reached,
					  .n_reached = 2};
		int64_t report;
		at(day);
		if (!(rc = ms_report_file(db, sys, pid, &in, &report, e)))
			rc = ms_report_publish(db, sys, report, e);
	}
	if (!rc && accept) {
		char on[11];
		ms_day_format(ms_day_from_ymd(YEAR, 12, 28), on);
		at(ms_day_from_ymd(YEAR, 12, 28));
		rc = ms_project_accept(db, sys, pid, on, "经验收合格，同意交付使用。", e);
	}
	return rc;
}

static int congress(struct ms_db *db, int c, int n_units, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	char name[128], title[128];
	int64_t id, *units = calloc((size_t)n_units, sizeof *units), cycle, poll, *cands = NULL;
	size_t n_cands = 0;
	if (!units)
		return ms_nomem(e);
	snprintf(name, sizeof name, "考核基准第%03d区人民代表大会常务委员会", c);
	struct ms_congress_in cin = {.name = name, .level = MS_LEVEL_DISTRICT};
	at(ms_day_from_ymd(YEAR, 1, 2));
	int rc = ms_congress_create(db, sys, &cin, &id, e);
	for (int u = 0; !rc && u < n_units; u++) {
		char un[64];
		snprintf(un, sizeof un, "第%03d区承办单位%02d", c, u + 1);
		rc = ms_unit_create(db, sys, id, un, NULL, &units[u], e);
	}
	snprintf(title, sizeof title, "%d年第%03d区民生实事项目", YEAR, c);
	if (rc || (rc = ms_cycle_create(db, sys, id, YEAR, title, NULL, &cycle, e)) ||
	    (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_COMPILE, e)))
		goto out;
	int n = n_units + 5;
	struct ms_poll p = {.cycle_id = cycle, .congress_id = id, .slots = n_units, .max_approvals = n_units,
			    .form = MS_FORM_PICK, .base = MS_BASE_ALL, .threshold_num = 1, .threshold_den = 2,
			    .threshold_strict = true, .quorum_num = 1, .quorum_den = 2, .deputies_all = -1};
	snprintf(p.title, sizeof p.title, "%s人大代表票决", title);
	char *pb = pb_text(c, n, n_units);
	json_t *result = NULL;
	if (!pb) {
		rc = ms_nomem(e);
		goto out;
	}
	rc = ms_poll_import_pb(db, sys, &p, pb, strlen(pb), false, false, &poll, &result, e);
	free(pb);
	json_decref(result);
	if (rc || (rc = ms_candidate_ids(db, cycle, &cands, &n_cands, e)))
		goto out;
	for (size_t i = 0; !rc && i < n_cands; i++) {
		struct ms_candidate_in in = {.category = "城市更新", .location = "全区", .has_unit = true,
					     .unit_id = units[i % (size_t)n_units]};
		rc = ms_candidate_update(db, sys, cands[i], &in, e);
	}
	if (rc || (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_VOTE, e)) ||
	    (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_IMPLEMENT, e)))
		goto out;
	struct ms_page all = {.page = 1, .per_page = 200};
	json_t *list = NULL, *pr;
	if ((rc = ms_project_list_cycle(db, cycle, &all, &list, e)))
		goto out;
	size_t k;
	json_array_foreach(json_object_get(list, "items"), k, pr) {
		if ((rc = project(db, c, k, json_integer_value(json_object_get(pr, "id")),
				  json_integer_value(json_object_get(pr, "cost")), e)))
			break;
	}
	json_decref(list);
out:
	free(units);
	free(cands);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 3 || (strcmp(argv[2], "build") != 0 && strcmp(argv[2], "recompute") != 0 &&
			 strcmp(argv[2], "league") != 0)) {
		fprintf(stderr, "usage: %s DB build [CONGRESSES [UNITS]] | %s DB recompute [YEAR]\n", argv[0], argv[0]);
		return 2;
	}
	bool build = strcmp(argv[2], "build") == 0, league = strcmp(argv[2], "league") == 0;
	int a = argc > 3 ? (int)strtol(argv[3], NULL, 10) : build ? 200 : YEAR,
	    n_units = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 50;
	if (build && (a < 1 || n_units < 2 || n_units > 150)) {
		fprintf(stderr, "bench_assess_data: 1+ congresses, 2-150 units\n");
		return 2;
	}
	ms_cycle_phase_hooks(ms_app_phase_hooks);
	struct ms_store *st;
	struct ms_db *db;
	struct ms_error e = {0};
	if (ms_store_open(argv[1], 1, &st, &e) || ms_store_acquire(st, &db, &e)) {
		fprintf(stderr, "bench_assess_data: %s\n", e.message);
		return 1;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = 0;
	size_t units = 0, congresses = 0;
	if (build) {
		for (int c = 1; !rc && c <= a; c++) {
			if (!(rc = ms_db_begin(db, true, &e)) && !(rc = congress(db, c, n_units, &e)))
				rc = ms_db_commit(db, &e);
			if (rc)
				ms_db_rollback(db);
			if (c % 20 == 0)
				fprintf(stderr, "  %d congresses\n", c);
		}
	} else {
		for (int64_t c = 1; !rc; c++) {
			size_t n = 0;
			if ((rc = ms_db_begin(db, false, &e)))
				break;
			if (league) {
				struct ms_assess_period p;
				json_t *t = NULL;
				if (!(rc = ms_assess_period_make(a, 0, &p, &e)) &&
				    !(rc = ms_assess_league(db, c, &p, &t, &e))) {
					n = json_array_size(json_object_get(t, "units"));
					free(json_dumps(t, JSON_COMPACT));
				}
				json_decref(t);
			} else {
				rc = ms_assess_recompute_year(db, c, a, &n, &e);
			}
			ms_db_rollback(db);
			if (rc == MS_ERR_NOT_FOUND) { /* past the last congress */
				rc = 0;
				break;
			}
			units += n;
			congresses++;
		}
	}
	double s = since(&t0);
	ms_store_release(st, db);
	ms_store_close(st);
	if (rc) {
		fprintf(stderr, "bench_assess_data: %s\n", e.message);
		return 1;
	}
	if (build)
		printf("%d congresses, %d units each: %.1f s\n", a, n_units, s);
	else if (league)
		printf("league tables (as JSON) of %zu congresses, %zu units, %d: %.3f s (%.2f ms a table)\n", congresses,
		       units, a, s, congresses ? 1000 * s / (double)congresses : 0);
	else
		printf("recomputed %zu congresses, %zu units, the year %d and its 12 months: %.3f s (%.3f ms a unit, "
		       "%.1f us a unit-month)\n",
		       congresses, units, a, s, units ? 1000 * s / (double)units : 0,
		       units ? 1e6 * s / (double)units / 13 : 0);
	return 0;
}
