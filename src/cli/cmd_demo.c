/*
 * demo.c — `minsheng demo`: a realistic bilingual demo installation, written
 * in one transaction through the domains' rules, as the API writes. Names
 * and places are fictional.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../supervise/supervise.h"
#include "../vote/vote.h"
#include "cli.h"

/* The demo's names, units and projects: src/cli/demo.json, carried by the
 * program (scripts/embed.py). */
extern const unsigned char ms_demo_json[];
extern const size_t ms_demo_json_len;

/* A text of the demo's data ("" when absent). */
static const char *text(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* An account of the demo, checked and hashed by the rules of every
 * account; like (when not NULL) lends its hash of the same password, so
 * that the 60 deputies' password is hashed once. */
int ms_demo_account(const char *login, const char *name, unsigned roles, int64_t congress, int64_t unit,
		   const char *password, int cost, const struct ms_user *like, struct ms_user *out, struct ms_error *e)
{
	struct ms_account_in in = {.login = login, .password = password, .name = name, .roles = roles,
				   .congress_id = congress, .unit_id = unit};
	struct ms_faults f = {0};
	if (ms_member_check(&ms_actor_system, &in, &f))
		return ms_faults_result(&f, e);
	if (!like)
		return ms_account_prepare(&in, cost, out, e);
	*out = *like;
	out->a = (struct ms_actor){.roles = roles, .congress_id = congress, .unit_id = unit};
	ms_strlcpy(out->a.login, login, sizeof out->a.login);
	ms_strlcpy(out->a.name, name, sizeof out->a.name);
	return 0;
}

/* Everything of the demo from its data d, in the caller's write transaction. */
static int fill(struct ms_db *db, json_t *d, int cost, int64_t *poll, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	json_t *c = json_object_get(d, "congress"), *units = json_object_get(d, "units"),
	       *projects = json_object_get(d, "projects"), *sur = json_object_get(d, "surnames"),
	       *given = json_object_get(d, "given_names"), *v;
	int64_t city, districts[8], unit_ids[64], cycle, cand[64];
	size_t n_districts = 0;
	size_t i, n_units = json_array_size(units), n_cand = json_array_size(projects);
	if (n_units > 64 || n_cand > 64 || !json_array_size(sur) || !json_array_size(given))
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's data is malformed");
	struct ms_congress_in cin = {.name = text(c, "name"), .name_en = text(c, "name_en"), .level = MS_LEVEL_CITY};
	int rc = ms_congress_create(db, sys, &cin, &city, e);
	json_array_foreach(json_object_get(d, "districts"), i, v) {
		struct ms_congress_in din = {.name = text(v, "name"), .name_en = text(v, "name_en"),
					     .level = MS_LEVEL_DISTRICT, .parent_id = city};
		if (!rc && n_districts < 8)
			rc = ms_congress_create(db, sys, &din, &districts[n_districts++], e);
	}
	json_array_foreach(units, i, v) if (!rc) rc = ms_unit_create(db, sys, city, text(v, "name"), text(v, "name_en"),
								      &unit_ids[i], e);
	struct ms_user u, deputy = {0}, clerk;
	if (rc || (rc = ms_demo_account("admin", "系统管理员", MS_ROLE_ADMIN, 0, 0, "admin-demo", cost, NULL, &u, e)) ||
	    (rc = ms_member_create(db, sys, &u, e)) ||
	    (rc = ms_demo_account("clerk", "王秘书", MS_ROLE_CLERK, city, 0, "clerk-demo", cost, NULL, &clerk, e)) ||
	    (rc = ms_member_create(db, sys, &clerk, e)) ||
	    (rc = ms_demo_account("unit01", "李科长", MS_ROLE_UNIT, city, unit_ids[3], "unit-demo", cost, NULL, &u, e)) ||
	    (rc = ms_member_create(db, sys, &u, e)))
		return rc;
	size_t ns = json_array_size(sur), ng = json_array_size(given);
	int64_t scrutineers[3];
	struct ms_actor deputies[60];
	for (size_t k = 0; k < 60; k++) {
		char login[16], name[64];
		snprintf(login, sizeof login, "deputy%02zu", k + 1);
		snprintf(name, sizeof name, "%s%s", json_string_value(json_array_get(sur, k % ns)),
			 json_string_value(json_array_get(given, (k * 7 + k / 20) % ng)));
		if ((rc = ms_demo_account(login, name, MS_ROLE_DEPUTY, city, 0, "deputy-demo", cost, k ? &deputy : NULL,
				  k ? &u : &deputy, e)) ||
		    (rc = ms_member_create(db, sys, k ? &u : &deputy, e)))
			return rc;
		if (k < 3)
			scrutineers[k] = (k ? &u : &deputy)->a.id;
		deputies[k] = (k ? &u : &deputy)->a;
	}
	struct ms_cycle cy;
	if ((rc = ms_cycle_create(db, sys, city, 2027, "2027年江州市民生实事项目", "Jiangzhou livelihood projects 2027",
				  &cycle, e)) ||
	    (rc = ms_cycle_get(db, cycle, &cy, NULL, e)))
		return rc;
	json_array_foreach(projects, i, v) {
		size_t unit = (size_t)json_integer_value(json_object_get(v, "unit"));
		struct ms_candidate_in in = {.title = text(v, "title"),
					     .title_en = text(v, "title_en"),
					     .description = text(v, "description"),
					     .description_en = text(v, "description_en"),
					     .category = text(v, "category"),
					     .location = text(v, "location"),
					     .rationale = text(v, "rationale"),
					     .has_finish = json_is_string(json_object_get(v, "finish_by")),
					     .finish_by = json_string_value(json_object_get(v, "finish_by")),
					     .has_cost = true,
					     .cost = json_integer_value(json_object_get(v, "cost")),
					     .has_unit = unit < n_units,
					     .unit_id = unit < n_units ? unit_ids[unit] : 0};
		if ((rc = ms_candidate_create(db, sys, &cy, &in, &cand[i], e)))
			return rc;
	}
	if ((rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_COMPILE, e)) ||
	    (rc = ms_demo_preference(db, cycle, deputies[0].id, e)) ||
	    (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_VOTE, e)))
		return rc;
	struct ms_poll p = {.cycle_id = cycle,
			    .congress_id = city,
			    .slots = 10,
			    .max_approvals = 10,
			    .form = MS_FORM_PICK,
			    .base = MS_BASE_ALL,
			    .threshold_num = 1,
			    .threshold_den = 2,
			    .threshold_strict = true,
			    .quorum_num = 1,
			    .quorum_den = 2,
			    .deputies_all = -1,
			    .n_candidates = n_cand,
			    .candidate_ids = cand};
	ms_strlcpy(p.title, "2027年江州市民生实事项目人大代表票决", sizeof p.title);
	/* deputy01 … deputy03 scrutinise it; two of their three shares open the ballots */
	if ((rc = ms_poll_create(db, sys, &p, poll, e)) || (rc = ms_scrutineers_set(db, sys, *poll, scrutineers, 3, 2, e)))
		return rc;
	if ((rc = ms_demo_delivery(db, d, city, unit_ids, n_units, deputies, 60, e)) ||
	    (rc = ms_demo_evaluation(db, d, city, unit_ids, n_units, deputies, 60, e)) ||
	    (rc = ms_demo_review(db, city, unit_ids, n_units, deputies, 60, e)) ||
	    (rc = ms_demo_casework(db, city, unit_ids, n_units, deputies, 60, e)))
		return rc;
	if ((rc = ms_demo_liaison(db, city, deputies, 60, e)) || (rc = ms_demo_clusters(db, city, &deputies[3], e)))
		return rc;
	struct ms_demo_people people = {.clerk = &clerk, .deputy = &deputy, .surnames = sur, .given = given};
	if ((rc = ms_demo_levels(db, d, districts, n_districts, &people, e)) ||
	    (rc = ms_demo_target(db, city, unit_ids, n_units, e)))
		return rc;
	/* The city's holiday calendar (the State Council's 2026 schedule with its
	 * adjusted working weekends), set last: the clocks above were stored with
	 * the days they were given, and later ones count over it. */
	json_t *hol = json_object_get(d, "holidays");
	if ((rc = ms_holidays_set(db, sys, city, json_integer_value(json_object_get(hol, "year")),
				  json_object_get(hol, "days"), e)))
		return rc;
	return ms_audit_append(db, sys, city, "demo.create", "congress", city, NULL, e);
}

int ms_demo_create(struct ms_store *st, int cost, FILE *out, struct ms_error *e)
{
	struct ms_db *db;
	int rc = ms_store_acquire(st, &db, e);
	if (rc)
		return rc;
	bool any = false;
	int64_t poll = 0;
	if ((rc = ms_db_begin(db, true, e)) || (rc = ms_congress_any(db, &any, e)))
		goto out;
	if (any) {
		fprintf(out, "minsheng: the database already has data; no demo data added.\n");
		goto out;
	}
	json_error_t je;
	json_t *data = json_loadb((const char *)ms_demo_json, ms_demo_json_len, 0, &je);
	if (!data) {
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's data: %s", je.text);
		goto out;
	}
	rc = fill(db, data, cost, &poll, e);
	json_decref(data);
	if (rc || (rc = ms_db_commit(db, e)))
		goto out;
	fprintf(out,
		"minsheng: demo data created: the Jiangzhou city congress (60 deputies, 3 districts, 10 units),\n"
		"          cycle 2027 in the vote phase with 12 candidates for 10 places, poll %lld ready for check-in\n"
		"          (scrutineers deputy01, deputy02, deputy03: each prepares on the Scrutiny page before it opens;\n"
		"          two of their three key shares open the ballots at the close); and the 2026 cycle under\n"
		"          delivery: 10 projects with published plans and reports, one finished and accepted (blue),\n"
		"          one red with its supervision task (unit01's bureau), an oversight group (deputy04 leads)\n"
		"          with an inspection and a letter. Below the city: the Jiangbei and Jiangnan districts and four\n"
		"          towns with their own 2026 rounds under delivery, and the Dongmen street's residents' council\n"
		"          (the roll-up, 三级联动, on each congress's dashboard); Jiangbei's legislative contact point with\n"
		"          a draft whose opinions were submitted (one adopted) and a draft open for comment.\n",
		(long long)poll);
out:
	ms_store_release(st, db);
	return rc;
}

void ms_demo_print_logins(FILE *out)
{
	fputs("Demo logins (login / password):\n"
	      "  admin      / admin-demo    administrator\n"
	      "  clerk      / clerk-demo    clerk of the Jiangzhou city congress\n"
	      "  deputy01 … deputy60 / deputy-demo    deputies of the city congress (01–03: the poll's scrutineers)\n"
	      "  unit01     / unit-demo     officer of the housing bureau\n"
	      "  clerk_jb   / clerk-demo    clerk of the Jiangbei district congress (reads its towns' pages too)\n"
	      "  clerk_cg   / clerk-demo    clerk of the Chengguan town congress\n"
	      "  clerk_dm   / clerk-demo    clerk of the Dongmen street's residents' council\n",
	      out);
}

int ms_cmd_demo(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng demo [--db DB]\n"
		"Create a new database with a realistic bilingual demo: the Jiangzhou city congress with\n"
		"60 deputies, 3 district congresses, 10 responsible units, and the 2027 cycle with 12\n"
		"candidate livelihood projects for 10 places and a poll ready for check-in; below it two\n"
		"districts and four towns with their own rounds, and a street's residents' council. A\n"
		"database that already has data is left as it is. Prints the demo logins.\n";
	const char *db;
	struct ms_store *st;
	int rc = ms_cli_db_command(argc, argv, help, &st, &db);
	if (rc >= 0)
		return rc;
	struct ms_error e = {0};
	if (ms_auth_init(2) || ms_demo_create(st, ms_cli_pwhash_cost(), stdout, &e)) {
		ms_store_close(st);
		return ms_cli_fail(&e);
	}
	ms_store_close(st);
	ms_demo_print_logins(stdout);
	return 0;
}
