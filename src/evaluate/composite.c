/*
 * composite.c — the optional weighted composite of an evaluation (综合测评,
 * PRACTICE.md: "some places add a public survey (one weighting: public
 * 60, leaders 30, online 10)"): components with weights, one of which may
 * be the deputies' own vote, the others' tallies entered from the survey
 * (满意 / 基本满意 / 不满意 per project); each project's score and verdict
 * by the counting library's rule (count/satisfaction.h), printed in words.
 * The deputies' verdict by the rule of the ballot stays the evaluation's
 * verdict, the one the consequences follow; the composite stands beside it.
 */
#include "evaluate_internal.h"

#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"

static const struct ms_name source_v[] = {
	{"deputies", "代表测评票", "the deputies' ballots"},
	{"survey", "调查结果录入", "tallies entered from a survey"},
};
const struct ms_names ms_composite_source_names = MS_NAMES("composite_source", source_v);

/* The settings of composite JSON into params and components (n of them). */
static int read_settings(json_t *cj, struct ms_sat_composite_params *p, struct ms_sat_component *c, size_t *n,
			 struct ms_error *e)
{
	ms_sat_composite_default(p);
	json_t *comps = json_object_get(cj, "components"), *x;
	*n = json_array_size(comps);
	if (*n < 1 || *n > MS_SAT_COMPONENTS_MAX)
		return ms_failf(e, MS_E_BAD_COMPOSITE, "composite", MS_AI(MS_SAT_COMPONENTS_MAX));
	size_t i, deputies = 0;
	json_array_foreach(comps, i, x) {
		const char *name = json_string_value(json_object_get(x, "name"));
		int src = ms_names_find(&ms_composite_source_names, json_string_value(json_object_get(x, "source")));
		json_int_t w = json_integer_value(json_object_get(x, "weight"));
		if (!name || !*name || src < 0 || w < 1 || w > 1000)
			return ms_failf(e, MS_E_BAD_COMPOSITE, "composite", MS_AI(MS_SAT_COMPONENTS_MAX));
		deputies += src == 0;
		c[i] = (struct ms_sat_component){.weight = (uint32_t)w};
	}
	if (deputies > 1)
		return ms_failf(e, MS_E_BAD_COMPOSITE, "composite", MS_AI(MS_SAT_COMPONENTS_MAX));
	static const char *const keys[] = {"points_satisfied", "points_basic", "points_dissatisfied", "satisfied_min",
					   "basic_min"};
	uint32_t *fields[] = {&p->points_satisfied, &p->points_basic, &p->points_dissatisfied, &p->satisfied_min,
			      &p->basic_min};
	for (size_t k = 0; k < 5; k++) {
		json_t *v = json_object_get(cj, keys[k]);
		if (json_is_integer(v))
			*fields[k] = (uint32_t)json_integer_value(v);
	}
	return ms_sat_composite_check(p, c, *n, e);
}

int ms_composite_check(json_t *composite, json_t **normal, struct ms_error *e)
{
	struct ms_sat_composite_params p;
	struct ms_sat_component c[MS_SAT_COMPONENTS_MAX];
	size_t n;
	int rc = read_settings(composite, &p, c, &n, e);
	if (rc)
		return rc;
	json_t *comps = json_array(), *x;
	size_t i;
	json_array_foreach(json_object_get(composite, "components"), i, x) {
		json_t *one = json_pack("{s:O, s:O, s:O}", "name", json_object_get(x, "name"), "weight",
					json_object_get(x, "weight"), "source", json_object_get(x, "source"));
		if (one && json_is_string(json_object_get(x, "name_en")))
			json_object_set(one, "name_en", json_object_get(x, "name_en"));
		json_array_append_new(comps, one);
	}
	*normal = json_pack("{s:o, s:i, s:i, s:i, s:i, s:i}", "components", comps, "points_satisfied",
			    (int)p.points_satisfied, "points_basic", (int)p.points_basic, "points_dissatisfied",
			    (int)p.points_dissatisfied, "satisfied_min", (int)p.satisfied_min, "basic_min",
			    (int)p.basic_min);
	return *normal ? 0 : ms_nomem(e);
}

/* The evaluation's composite settings (404 no_composite when it has none). */
static int settings_of(struct ms_db *db, int64_t id, json_t **cj, struct ms_error *e)
{
	int rc = ms_evaluation_sql_composite(db, id, cj, e);
	if (!rc && !*cj)
		rc = ms_failf(e, MS_E_NO_COMPOSITE, NULL, MS_AI(id));
	return rc;
}

int ms_evaluation_survey_set(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t project_id,
			     int64_t component, const int64_t t[3], struct ms_error *e)
{
	json_t *cj = NULL, *cards = NULL;
	int64_t congress = 0;
	int rc = ms_evaluation_owner(db, id, &congress, e);
	if (rc || (rc = settings_of(db, id, &cj, e)) || (rc = ms_evaluation_sql_cards(db, id, &cards, e)))
		goto out;
	json_t *comp = json_array_get(json_object_get(cj, "components"), (size_t)component);
	const char *src = json_string_value(json_object_get(comp, "source"));
	if (component < 0 || !comp || !src || strcmp(src, "survey") != 0) {
		rc = ms_failf(e, MS_E_NOT_A_SURVEY, "component", MS_AI(component));
		goto out;
	}
	bool on = false;
	size_t i;
	json_t *c;
	json_array_foreach(cards, i, c) on = on || json_integer_value(json_object_get(c, "project_id")) == project_id;
	if (!on) {
		rc = ms_failf(e, MS_E_PROJECT_NOT_RATED_HERE, "project_id", MS_AI(project_id));
		goto out;
	}
	if ((rc = ms_evaluation_sql_survey_set(db, id, project_id, component, t, e)))
		goto out;
	rc = ms_audit_append(db, by, congress, "evaluation.survey", "poll", id,
			     json_pack("{s:I, s:I, s:I, s:I, s:I}", "project_id", (json_int_t)project_id, "component",
				       (json_int_t)component, "satisfied", (json_int_t)t[0], "basic", (json_int_t)t[1],
				       "dissatisfied", (json_int_t)t[2]),
			     e);
out:
	json_decref(cj);
	json_decref(cards);
	return rc;
}

/* The tallies of component k for project: from the deputies' verdicts or
 * the survey rows; zeros when there are none. */
static void tallies(json_t *rows, int64_t project, int64_t k, struct ms_sat_component *c)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		if (json_integer_value(json_object_get(r, "project_id")) != project ||
		    json_integer_value(json_object_get(r, "component")) != k)
			continue;
		c->satisfied = (uint32_t)json_integer_value(json_object_get(r, "satisfied"));
		c->basic = (uint32_t)json_integer_value(json_object_get(r, "basic"));
		c->dissatisfied = (uint32_t)json_integer_value(json_object_get(r, "dissatisfied"));
	}
}

static json_t *words(const struct ms_sat_composite_params *p, const struct ms_sat_component *c, json_t *comps,
		     size_t n)
{
	const char *zh[MS_SAT_COMPONENTS_MAX], *en[MS_SAT_COMPONENTS_MAX];
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(comps, i);
		zh[i] = json_string_value(json_object_get(x, "name"));
		en[i] = json_string_value(json_object_get(x, "name_en"));
		if (!en[i])
			en[i] = zh[i];
	}
	char tz[2048], te[2048];
	ms_sat_composite_text_zh(p, c, zh, n, tz, sizeof tz);
	ms_sat_composite_text_en(p, c, en, n, te, sizeof te);
	return json_pack("{s:s, s:s}", "zh", tz, "en", te);
}

int ms_evaluation_composite(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *cj = NULL, *cards = NULL, *rows = NULL, *list = NULL;
	struct ms_sat_composite_params p;
	struct ms_sat_component c[MS_SAT_COMPONENTS_MAX];
	size_t n = 0;
	int64_t congress;
	int rc = ms_evaluation_owner(db, id, &congress, e);
	if (rc || (rc = settings_of(db, id, &cj, e)) || (rc = read_settings(cj, &p, c, &n, e)) ||
	    (rc = ms_evaluation_sql_cards(db, id, &cards, e)) || (rc = ms_evaluation_sql_tallies(db, id, &rows, e)))
		goto out;
	json_t *comps = json_object_get(cj, "components");
	list = json_array();
	size_t i;
	json_t *card;
	json_array_foreach(cards, i, card) {
		int64_t project = json_integer_value(json_object_get(card, "project_id"));
		json_t *parts = json_array();
		for (size_t k = 0; k < n; k++) {
			const char *src = json_string_value(json_object_get(json_array_get(comps, k), "source"));
			c[k].satisfied = c[k].basic = c[k].dissatisfied = 0;
			/* the deputies' tallies are stored as component -1 (the verdict rows) */
			tallies(rows, project, src && strcmp(src, "deputies") == 0 ? -1 : (int64_t)k, &c[k]);
		}
		struct ms_sat_composite r;
		if ((rc = ms_sat_composite_score(&p, c, n, &r, e)))
			goto out;
		for (size_t k = 0; k < n; k++)
			json_array_append_new(parts, json_pack("{s:O, s:O?, s:i, s:I, s:I, s:I, s:b}", "name",
							       json_object_get(json_array_get(comps, k), "name"), "name_en",
							       json_object_get(json_array_get(comps, k), "name_en"), "weight",
							       (int)c[k].weight, "satisfied", (json_int_t)c[k].satisfied, "basic",
							       (json_int_t)c[k].basic, "dissatisfied", (json_int_t)c[k].dissatisfied,
							       "used", (r.used >> k) & 1));
		char exact[128] = "", decimal[32] = "";
		bool scored = r.verdict != MS_VERDICT_NONE;
		if (scored) {
			ms_rat_to_str(&r.score, exact, sizeof exact);
			snprintf(decimal, sizeof decimal, "%.2f", ms_rat_to_double(&r.score));
		}
		json_array_append_new(list, json_pack("{s:I, s:O, s:O?, s:o, s:o, s:o, s:s}", "project_id", (json_int_t)project,
						      "title", json_object_get(card, "title"), "title_en",
						      json_object_get(card, "title_en"), "components", parts, "score",
						      scored ? json_string(exact) : json_null(), "score_decimal",
						      scored ? json_string(decimal) : json_null(), "verdict",
						      ms_names_key(&ms_verdict_names, (int)r.verdict)));
		ms_sat_composite_fini(&r);
	}
	*out = json_pack("{s:O, s:o, s:o}", "settings", cj, "words", words(&p, c, comps, n), "projects", list);
	list = NULL;
	if (!*out)
		rc = ms_nomem(e);
out:
	json_decref(list);
	json_decref(cj);
	json_decref(cards);
	json_decref(rows);
	return rc;
}

/* ---- a review's score (review.c): the composite of its one component,
 * the members' ballots ---- */

static void scoring_params(json_t *scoring, struct ms_sat_composite_params *p)
{
	ms_sat_composite_default(p);
	static const char *const keys[] = {"points_satisfied", "points_basic", "points_dissatisfied", "satisfied_min",
					   "basic_min"};
	uint32_t *fields[] = {&p->points_satisfied, &p->points_basic, &p->points_dissatisfied, &p->satisfied_min,
			      &p->basic_min};
	for (size_t k = 0; k < 5; k++) {
		json_t *v = json_object_get(scoring, keys[k]);
		if (json_is_integer(v))
			*fields[k] = (uint32_t)json_integer_value(v);
	}
}

int ms_scoring_check(json_t *scoring, json_t **normal, struct ms_error *e)
{
	struct ms_sat_composite_params p;
	const struct ms_sat_component one = {.weight = 1};
	scoring_params(scoring, &p);
	int rc = ms_sat_composite_check(&p, &one, 1, e);
	if (rc)
		return rc;
	*normal = json_pack("{s:i, s:i, s:i, s:i, s:i}", "points_satisfied", (int)p.points_satisfied, "points_basic",
			    (int)p.points_basic, "points_dissatisfied", (int)p.points_dissatisfied, "satisfied_min",
			    (int)p.satisfied_min, "basic_min", (int)p.basic_min);
	return *normal ? 0 : ms_nomem(e);
}

int ms_scoring_score(json_t *scoring, const int64_t t[3], char exact[128], char decimal[32], int *verdict,
		     struct ms_error *e)
{
	struct ms_sat_composite_params p;
	scoring_params(scoring, &p);
	struct ms_sat_component one = {.weight = 1, .satisfied = (uint32_t)t[0], .basic = (uint32_t)t[1],
				       .dissatisfied = (uint32_t)t[2]};
	struct ms_sat_composite r;
	int rc = ms_sat_composite_score(&p, &one, 1, &r, e);
	if (rc)
		return rc;
	*verdict = (int)r.verdict;
	exact[0] = decimal[0] = 0;
	if (r.verdict != MS_VERDICT_NONE) {
		ms_rat_to_str(&r.score, exact, 128);
		snprintf(decimal, 32, "%.2f", ms_rat_to_double(&r.score));
	}
	ms_sat_composite_fini(&r);
	return 0;
}

json_t *ms_scoring_words(json_t *scoring)
{
	struct ms_sat_composite_params p;
	scoring_params(scoring, &p);
	char zh[512], en[512];
	ms_sat_score_text_zh(&p, zh, sizeof zh);
	ms_sat_score_text_en(&p, en, sizeof en);
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}
