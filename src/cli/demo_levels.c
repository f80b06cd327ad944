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
	return 0;
}
