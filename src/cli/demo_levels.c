/*
 * demo_levels.c — the demo's three-level linkage (demo.json "levels"): the
 * Jiangbei and Jiangnan district congresses with their units, deputies and
 * 2026 rounds under delivery; under Jiangbei the towns of Chengguan and
 * Liuhe and the Dongmen street's residents' council, under Jiangnan the
 * town of Huayuan and the township of Shiqiao, each town with its units,
 * deputies and round (lights of every colour), so the roll-up shows
 * something at every level; Jiangbei's casework and suggestions (the same
 * as the city's, demo_casework.c); and clerks of Jiangbei (clerk_jb), of
 * Chengguan (clerk_cg) and of the Dongmen council (clerk_dm); and Jiangbei's
 * grassroots legislative contact point (demo_legislate.c).
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "cli.h"

static const char *text(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

/* One congress of the levels: its units, clerk, deputies, round. */
static int one(struct ms_db *db, json_t *l, int64_t id, json_t *texts, const struct ms_demo_people *people,
	       struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	json_t *units = json_object_get(l, "units"), *u, *clerk = json_object_get(l, "clerk");
	int64_t unit_ids[8];
	size_t n_units = json_array_size(units), i;
	int rc = 0;
	if (n_units > 8)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's levels are malformed");
	json_array_foreach(units, i, u) if (!rc) rc = ms_unit_create(db, sys, id, json_string_value(json_array_get(u, 0)),
								      json_string_value(json_array_get(u, 1)), &unit_ids[i], e);
	struct ms_user user;
	if (!rc && json_is_object(clerk) &&
	    !(rc = ms_demo_account(text(clerk, "login"), text(clerk, "name"), MS_ROLE_CLERK, id, 0, "clerk-demo", 0,
				   people->clerk, &user, e)))
		rc = ms_member_create(db, sys, &user, e);
	json_int_t n = json_integer_value(json_object_get(l, "deputies"));
	struct ms_actor deputies[32];
	if (n < 0 || n > 32)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's levels are malformed");
	size_t ns = json_array_size(people->surnames), ng = json_array_size(people->given);
	for (json_int_t k = 0; !rc && k < n; k++) {
		char login[24], name[64];
		snprintf(login, sizeof login, "%sdeputy%02lld", text(l, "login"), (long long)k + 1);
		/* names of their own: the city's deputies are taken from the start of the lists */
		size_t at = (size_t)(k + 61 + 13 * (long long)strlen(text(l, "login")));
		snprintf(name, sizeof name, "%s%s", json_string_value(json_array_get(people->surnames, (at * 5) % ns)),
			 json_string_value(json_array_get(people->given, (at * 11 + 3) % ng)));
		if (!(rc = ms_demo_account(login, name, MS_ROLE_DEPUTY, id, 0, "deputy-demo", 0, people->deputy, &user,
					   e)) &&
		    !(rc = ms_member_create(db, sys, &user, e)))
			deputies[k] = user.a;
	}
	json_t *round = json_object_get(l, "round");
	int64_t red;
	if (!rc && json_is_object(round))
		rc = ms_demo_round(db, round, texts, id, unit_ids, n_units, &red, e);
	if (!rc && json_is_true(json_object_get(l, "casework")))
		rc = ms_demo_casework(db, id, unit_ids, n_units, deputies, (size_t)n, e);
	return rc;
}

/* The city's guidance for next year's rounds below it (指导意见), published,
 * and the first district's round of that year following it. */
static int guidance(struct ms_db *db, int64_t district, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	json_t *d = NULL;
	int rc = ms_congress_get(db, district, &d, e);
	if (rc)
		return rc;
	int64_t city = json_integer_value(json_object_get(d, "parent_id"));
	json_decref(d);
	json_t *cats = json_pack("[s, s, s, s, s, s]", "教育", "医疗", "养老", "交通", "城建", "文化");
	struct ms_guidance_in in = {
		.has_year = true,
		.year = 2027,
		.title = "关于做好2027年度民生实事项目人大代表票决制工作的指导意见",
		.body = "各区、乡镇人大要坚持“群众提、代表决、政府办、人大督”，按照本意见的类别和时间安排同步开展项目征集、"
			"编制和票决工作；候选项目数应不少于拟定项目数的1.2倍，实行差额票决。",
		.categories = cats,
		.has_num = true,
		.has_den = true,
		.ratio_num = 6,
		.ratio_den = 5,
		.days_given = 15,
		.collect_by = "2026-09-30",
		.compile_by = "2026-12-05",
		.vote_by = "2027-02-28",
		.evaluate_by = "2027-12-20",
	};
	int64_t id, cycle;
	struct ms_cycle_in round = {.year = 2027, .title = "2027年江北区民生实事项目", .title_en = "Jiangbei livelihood projects 2027",
				    .decision = -1};
	if (!cats)
		return ms_nomem(e);
	if (!(rc = ms_guidance_create(db, sys, city, &in, &id, e)) && !(rc = ms_guidance_publish(db, sys, id, e))) {
		round.guidance_id = id;
		rc = ms_cycle_open(db, sys, district, &round, &cycle, e);
	}
	json_decref(cats);
	return rc;
}

int ms_demo_levels(struct ms_db *db, json_t *data, const int64_t *districts, size_t n_districts,
		   const struct ms_demo_people *people, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	json_t *levels = json_object_get(data, "levels"), *texts = json_object_get(data, "delivered"), *l;
	size_t i;
	int rc = 0;
	json_array_foreach(levels, i, l) {
		json_t *d = json_object_get(l, "district"), *parent = json_object_get(l, "parent");
		int64_t id;
		if (json_is_integer(d)) { /* a district the city made */
			size_t k = (size_t)json_integer_value(d);
			if (k >= n_districts)
				return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's levels are malformed");
			id = districts[k];
		} else {
			size_t k = (size_t)json_integer_value(parent);
			int level = ms_names_find(&ms_congress_level_names, text(l, "level"));
			if (!json_is_integer(parent) || k >= n_districts || level < 0)
				return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's levels are malformed");
			struct ms_congress_in in = {.name = text(l, "name"), .name_en = text(l, "name_en"), .level = level,
						    .parent_id = districts[k]};
			if ((rc = ms_congress_create(db, sys, &in, &id, e)))
				return rc;
		}
		if ((rc = one(db, l, id, texts, people, e)))
			return rc;
		if (json_is_true(json_object_get(l, "legislate")) && (rc = ms_demo_legislate(db, id, e)))
			return rc;
	}
	return n_districts ? guidance(db, districts[0], e) : 0;
}
