/*
 * rollup_data.c — a province for bench/rollup.py: 1 city, DISTRICTS
 * districts and TOWNS towns spread over them, each congress with five years
 * of rounds (2022–2026) voted (a Pabulib file of 20 voters imported as its
 * closed poll, so the vote is counted by the same code) that selected 6
 * projects each; lights of every colour; and DEMANDS residents' demands in
 * all over the five years, one in twenty referred as a case to a unit with
 * its assignment (some answered in time, some overdue). The hierarchy and
 * the rounds go through the domains' own functions; the projects' lights,
 * the demands and the cases, by the million, are inserted directly (their
 * rules are not what the roll-up's bench measures) and are not put in the
 * search index (the roll-up does not search): the first-start rebuild the
 * schema asks for is taken here, on the empty database.
 *
 * usage: bench_rollup_data DB [DISTRICTS [TOWNS [DEMANDS]]]
 *        (defaults 15, 200, 1000000; DB must be new)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/util.h"
#include "liaison/search_index.h"
#include "org/org.h"
#include "store/query.h"
#include "supervise/supervise.h"
#include "vote/vote.h"

#define YEARS 5
#define FIRST_YEAR 2022
#define PROJECTS 6

static const char *const categories[] = {"教育", "医疗卫生", "养老服务", "交通出行", "城市更新", "生态环境", "文化体育"};
static const char *const channels[] = {"web", "desk", "visit", "deputy_code", "station_code", "house_code"};

static const struct ms_stmt LIGHT = MS_STMT("bench.light",
	"UPDATE project SET light = ?, state = ? WHERE id IN (SELECT p.id FROM project p WHERE p.congress_id = ? "
	"ORDER BY p.id) AND id % 7 = ?");
static const struct ms_stmt DEMAND = MS_STMT("bench.demand",
	"INSERT INTO demand(congress_id, channel, title, text, status, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt CASEWORK = MS_STMT("bench.casework",
	"INSERT INTO casework(congress_id, kind, demand_id, title, text, case_type, status, unit_id, reply_class, "
	"created_at, closed_at) VALUES (?, 'case', ?, ?, ?, 'standard', ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt ASSIGN = MS_STMT("bench.assign",
	"INSERT INTO casework_assignment(casework_id, unit_id, round, started_at, accept_by, due_at, accepted_at, "
	"replied_at, reply_class, closed_at) VALUES (?, ?, 'first', ?, ?, ?, ?, ?, ?, ?)");

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A round's vote: 20 voters approving the first PROJECTS of PROJECTS + 3 and one of the rest. */
static char *pb_text(int64_t c, int year)
{
	size_t cap = 16 * 1024, len = 0;
	int n = PROJECTS + 3;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	len += (size_t)snprintf(s + len, cap - len,
				"META\nkey;value\ndescription;bench %lld\ncountry;China\nunit;bench\ninstance;%d\n"
				"num_projects;%d\nnum_votes;20\nbudget;%d\nvote_type;approval\nmin_length;1\n"
				"max_length;%d\nPROJECTS\nproject_id;cost;name\n",
				(long long)c, year, n, n * 3000000, PROJECTS);
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%d;%d;%d年第%lld号民生实事项目%02d：%s\n", i,
					500000 + 250000 * (i % 9), year, (long long)c, i, categories[i % 7]);
	len += (size_t)snprintf(s + len, cap - len, "VOTES\nvoter_id;vote\n");
	for (int v = 1; v <= 20; v++) {
		len += (size_t)snprintf(s + len, cap - len, "%d;", v);
		for (int i = 1; i < PROJECTS; i++)
			len += (size_t)snprintf(s + len, cap - len, "%d,", i);
		len += (size_t)snprintf(s + len, cap - len, "%d\n", v % 3 ? PROJECTS : PROJECTS + 1 + v % 3);
	}
	return s;
}

/* A congress: two units, five rounds voted and in delivery, lights of every colour. */
static int congress(struct ms_db *db, const char *name, int level, int64_t parent, int64_t *id, int64_t units[2],
		    struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	struct ms_congress_in cin = {.name = name, .level = level, .parent_id = parent};
	int rc = ms_congress_create(db, sys, &cin, id, e);
	for (int u = 0; !rc && u < 2; u++) {
		char un[160];
		snprintf(un, sizeof un, "%s%s局", name, categories[u]);
		rc = ms_unit_create(db, sys, *id, un, NULL, &units[u], e);
	}
	for (int y = FIRST_YEAR; !rc && y < FIRST_YEAR + YEARS; y++) {
		char title[200];
		int64_t cycle, poll;
		snprintf(title, sizeof title, "%d年%s民生实事项目", y, name);
		if ((rc = ms_cycle_create(db, sys, *id, y, title, NULL, &cycle, e)) ||
		    (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_COMPILE, e)))
			break;
		struct ms_poll p = {.cycle_id = cycle, .congress_id = *id, .slots = PROJECTS, .max_approvals = PROJECTS,
				    .form = MS_FORM_PICK, .base = MS_BASE_ALL, .threshold_num = 1, .threshold_den = 2,
				    .threshold_strict = true, .quorum_num = 1, .quorum_den = 2, .deputies_all = 20};
		ms_strlcpy(p.title, title, sizeof p.title);
		char *pb = pb_text(*id, y);
		json_t *result = NULL;
		if (!pb)
			return ms_nomem(e);
		rc = ms_poll_import_pb(db, sys, &p, pb, strlen(pb), false, false, &poll, &result, e);
		free(pb);
		json_decref(result);
		if (!rc && !(rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_VOTE, e)))
			rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_IMPLEMENT, e);
	}
	static const char *const lights[][2] = {{"yellow", "delivering"}, {"red", "delivering"}, {"blue", "finished"}};
	for (int k = 0; !rc && k < 3; k++)
		rc = ms_q_exec(db, &LIGHT, MS_ARGS(MS_VT(lights[k][0]), MS_VT(lights[k][1]), MS_VI(*id), MS_VI(k + 1)), e);
	return rc;
}

struct place {
	int64_t id, units[2];
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [DISTRICTS [TOWNS [DEMANDS]]]\n", argv[0]);
		return 2;
	}
	int n_districts = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 15,
	    n_towns = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 200;
	long n_demands = argc > 4 ? strtol(argv[4], NULL, 10) : 1000000;
	if (n_districts < 1 || n_districts > 100 || n_towns < 0 || n_towns > 5000 || n_demands < 0) {
		fprintf(stderr, "bench_rollup_data: 1–100 districts, 0–5000 towns, 0+ demands\n");
		return 2;
	}
	ms_cycle_phase_hooks(ms_app_phase_hooks);
	struct ms_store *st;
	struct ms_db *db;
	struct ms_error e = {0};
	if (ms_store_open(argv[1], 1, &st, &e) || ms_store_acquire(st, &db, &e)) {
		fprintf(stderr, "bench_rollup_data: %s\n", e.message);
		return 1;
	}
	int64_t docs;
	if (ms_db_begin(db, true, &e) || ms_search_reindex_due(db, &docs, &e) || ms_db_commit(db, &e)) {
		fprintf(stderr, "bench_rollup_data: %s\n", e.message);
		return 1;
	}
	size_t n = 1 + (size_t)n_districts + (size_t)n_towns;
	struct place *at = calloc(n, sizeof *at);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = at ? 0 : ms_nomem(&e);
	for (size_t i = 0; !rc && i < n; i++) {
		char name[128];
		int level = i == 0 ? MS_LEVEL_CITY : i <= (size_t)n_districts ? MS_LEVEL_DISTRICT : MS_LEVEL_TOWN;
		int64_t parent = i == 0 ? 0 : level == MS_LEVEL_DISTRICT ? at[0].id : at[1 + (i - 1) % (size_t)n_districts].id;
		if (i == 0)
			snprintf(name, sizeof name, "基准省某市人民代表大会");
		else if (level == MS_LEVEL_DISTRICT)
			snprintf(name, sizeof name, "基准第%02zu区人民代表大会", i);
		else
			snprintf(name, sizeof name, "基准第%02zu区第%03zu镇人民代表大会", 1 + (i - 1) % (size_t)n_districts,
				 i - (size_t)n_districts);
		if (!(rc = ms_db_begin(db, true, &e)) && !(rc = congress(db, name, level, parent, &at[i].id, at[i].units, &e)))
			rc = ms_db_commit(db, &e);
		if (rc)
			ms_db_rollback(db);
		if (i % 50 == 49)
			fprintf(stderr, "  %zu congresses\n", i + 1);
	}
	/* the demands, 5,000 a transaction; one in twenty a case with its assignment */
	for (long k = 0; !rc && k < n_demands; k++) {
		if (k % 5000 == 0 && (rc = ms_db_begin(db, true, &e)))
			break;
		struct place *p = &at[pick((unsigned)n)];
		int year = FIRST_YEAR + (int)(k * YEARS / (n_demands ? n_demands : 1));
		int month = 1 + pick(12), day = 1 + pick(28);
		char when[64], title[128], text[256];
		snprintf(when, sizeof when, "%d-%02d-%02dT%02u:%02u:00Z", year, month, day, pick(24), pick(60));
		snprintf(title, sizeof title, "%s方面的群众诉求%ld", categories[k % 7], k);
		snprintf(text, sizeof text, "居民反映%s方面的问题已有一段时间，希望有关部门尽快研究解决。编号%ld。",
			 categories[(k / 7) % 7], k);
		bool is_case = k % 20 == 0;
		int64_t demand, cw;
		rc = ms_q_i64(db, &DEMAND,
			      MS_ARGS(MS_VI(p->id), MS_VT(channels[k % 6]), MS_VT(title), MS_VT(text),
				      MS_VT(is_case ? "case" : k % 3 ? "spot" : "new"), MS_VT(when)),
			      &demand, &e);
		if (!rc && is_case) {
			/* due 15 days on; answered A in time, late, or not at all (some overdue) */
			int fate = (int)(k / 20 % 4);
			char accept_by[64], due[64], replied[64];
			snprintf(accept_by, sizeof accept_by, "%d-%02d-%02dT23:59:00Z", year, month, day < 28 ? day + 1 : day);
			snprintf(due, sizeof due, "%d-%02d-28T23:59:00Z", year, month);
			snprintf(replied, sizeof replied, "%d-%02d-%02dT10:00:00Z", year, month, fate == 1 ? 28 : day);
			bool replied_b = fate < 3, closed = fate == 0;
			const char *status = closed ? "closed" : replied_b ? "replied" : "accepted";
			int64_t unit = p->units[k % 2];
			if (!(rc = ms_q_i64(db, &CASEWORK,
					    MS_ARGS(MS_VI(p->id), MS_VI(demand), MS_VT(title), MS_VT(text), MS_VT(status),
						    MS_VI(unit), MS_VT(replied_b ? "A" : NULL), MS_VT(when),
						    MS_VT(closed ? replied : NULL)),
					    &cw, &e)))
				rc = ms_q_exec(db, &ASSIGN,
					       MS_ARGS(MS_VI(cw), MS_VI(unit), MS_VT(when), MS_VT(accept_by), MS_VT(due),
						       MS_VT(when), MS_VT(replied_b ? replied : NULL),
						       MS_VT(replied_b ? "A" : NULL), MS_VT(closed ? replied : NULL)),
					       &e);
		}
		if (!rc && (k % 5000 == 4999 || k == n_demands - 1))
			rc = ms_db_commit(db, &e);
		if (rc)
			ms_db_rollback(db);
		if (k % 200000 == 199999)
			fprintf(stderr, "  %ld demands\n", k + 1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms_store_release(st, db);
	ms_store_close(st);
	free(at);
	if (rc) {
		fprintf(stderr, "bench_rollup_data: %s\n", e.message);
		return 1;
	}
	printf("1 city, %d districts, %d towns, %d rounds of %d projects each, %ld demands: %.1f s\n", n_districts,
	       n_towns, YEARS, PROJECTS, n_demands,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
