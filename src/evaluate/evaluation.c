/*
 * evaluation.c — the rules of an evaluation: which projects it rates (the
 * round's, each once), its settings (the satisfaction rule's, checked as
 * the count checks them), what it re-evaluates, and the verdicts its close
 * leaves beside the result.
 */
#include "evaluate_internal.h"

#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"

#define MS_CODES_DEF "evaluate/evaluate_codes.def"
#define MS_CODES_LIST ms_evaluate_codes
#include "../core/codes_define.h"

const struct ms_name ms_evaluation_kind = {"evaluation", "满意度测评", "evaluation"};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The sub-items: none, or 2..MS_RATE_ITEMS_MAX each with a Chinese name
 * (the field table has checked their shape and lengths). */
static int check_items(json_t *items, struct ms_error *e)
{
	size_t n = json_array_size(items);
	if (!items || json_is_null(items) || n == 0)
		return 0;
	if (n < 2 || n > MS_RATE_ITEMS_MAX)
		return ms_failf(e, MS_E_BAD_SUB_ITEMS, "sub_items", MS_AI(MS_RATE_ITEMS_MAX));
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		const char *name = json_string_value(json_object_get(it, "name"));
		if (!name || !*name)
			return ms_failf(e, MS_E_BAD_SUB_ITEMS, "sub_items", MS_AI(MS_RATE_ITEMS_MAX));
	}
	return 0;
}

int ms_evaluation_create(struct ms_db *db, const struct ms_actor *by, struct ms_evaluation_in *in, int64_t *id,
			 struct ms_error *e)
{
	struct ms_poll *p = &in->poll;
	int64_t *projects = NULL, *cands = NULL;
	size_t n = 0;
	char *items = NULL;
	int rc = check_items(in->items, e);
	if (rc)
		return rc;
	if (in->project_ids) {
		n = in->n_projects;
		projects = malloc((n + 1) * sizeof *projects);
		cands = malloc((n + 1) * sizeof *cands);
		if (!projects || !cands) {
			rc = ms_nomem(e);
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			int64_t cycle = 0;
			projects[i] = in->project_ids[i];
			rc = ms_evaluation_sql_project(db, projects[i], &cycle, &cands[i], e);
			if (rc == MS_ERR_NOT_FOUND || (!rc && cycle != p->cycle_id))
				rc = ms_failf(e, MS_E_PROJECT_NOT_IN_ROUND, "project_ids", MS_AI(projects[i]), MS_AI(p->cycle_id));
			for (size_t j = 0; !rc && j < i; j++)
				if (projects[j] == projects[i])
					rc = ms_failf(e, MS_E_PROJECT_LISTED_TWICE, "project_ids", MS_AI(projects[i]));
			if (rc)
				goto out;
		}
	} else if ((rc = ms_evaluation_sql_round_projects(db, p->cycle_id, &projects, &cands, &n, e)))
		goto out;
	if (n == 0) {
		rc = ms_fail(e, MS_E_NO_PROJECTS_TO_RATE, "project_ids");
		goto out;
	}
	if (in->reevaluation_of) {
		bool ok = false;
		if ((rc = ms_evaluation_sql_earlier(db, in->reevaluation_of, p->congress_id, &ok, e)))
			goto out;
		if (!ok) {
			rc = ms_failf(e, MS_E_NOT_EARLIER_EVALUATION, "reevaluation_of", MS_AI(in->reevaluation_of));
			goto out;
		}
	}
	qsort(cands, n, sizeof *cands, cmp_i64);
	p->form = MS_FORM_RATE;
	p->slots = p->max_approvals = (uint32_t)n; /* every project is rated */
	p->candidate_ids = cands;
	p->n_candidates = n;
	p->rate_n_sub = (uint32_t)json_array_size(in->items);
	if (p->rate_n_sub && !(items = json_dumps(in->items, JSON_COMPACT))) {
		rc = ms_nomem(e);
		goto out;
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	json_t *normal = NULL;
	if (in->composite && (rc = ms_composite_check(in->composite, &normal, e)))
		goto out;
	char *ctext = normal ? json_dumps(normal, JSON_COMPACT) : NULL;
	json_decref(normal);
	if (normal && !ctext) {
		rc = ms_nomem(e);
		goto out;
	}
	if ((rc = ms_poll_create_rated(db, by, p, items, id, e)) ||
	    (rc = ms_evaluation_sql_insert(db, *id, p->cycle_id, in->reevaluation_of, now, e)) ||
	    (ctext && (rc = ms_evaluation_sql_set_composite(db, *id, ctext, e)))) {
		free(ctext);
		goto out;
	}
	free(ctext);
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_integer(projects[i]));
	rc = ms_audit_append(db, by, p->congress_id, "evaluation.create", "poll", *id,
			     json_pack("{s:o, s:o}", "project_ids", list, "reevaluation_of",
				       in->reevaluation_of ? json_integer(in->reevaluation_of) : json_null()),
			     e);
out:
	p->candidate_ids = NULL;
	p->n_candidates = 0;
	free(items);
	free(projects);
	free(cands);
	return rc;
}

int ms_evaluation_view(struct ms_db *db, int64_t id, const struct ms_actor *who, json_t **out, struct ms_error *e)
{
	int64_t congress;
	json_t *o = NULL, *rec = NULL, *cards = NULL;
	int rc;
	if ((rc = ms_evaluation_owner(db, id, &congress, e)) || (rc = ms_poll_view(db, id, who, &o, e)) ||
	    (rc = ms_evaluation_sql_record(db, id, &rec, e)) || (rc = ms_evaluation_sql_cards(db, id, &cards, e))) {
		json_decref(o);
		json_decref(rec);
		return rc;
	}
	*out = json_pack("{s:o, s:O?, s:O?, s:o}", "poll", o, "reevaluation_of", json_object_get(rec, "reevaluation_of"),
			 "composite", json_object_get(rec, "composite"), "projects", cards);
	json_decref(rec);
	return *out ? 0 : ms_nomem(e);
}

/* Each result candidate with its project's id; when store, the verdicts
 * are written beside the result. */
static int with_projects(struct ms_db *db, int64_t id, json_t *res, bool store, struct ms_error *e)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(res, "candidates"), i, c) {
		int64_t project = 0;
		int rc = ms_evaluation_sql_project_of(db, json_integer_value(json_object_get(c, "candidate_id")), &project, e);
		if (rc)
			return rc;
		json_object_set_new(c, "project_id", json_integer(project));
		static const char *const keys[5] = {"satisfied", "basic", "dissatisfied", "abstain", "invalid"};
		int64_t t[5];
		for (int k = 0; k < 5; k++)
			t[k] = json_integer_value(json_object_get(c, keys[k]));
		if (store && (rc = ms_evaluation_sql_verdict_add(db, id, project,
								  json_string_value(json_object_get(c, "verdict")), t, e)))
			return rc;
	}
	return 0;
}

int ms_evaluation_close(struct ms_db *db, const struct ms_actor *by, int64_t id, json_t *shares, json_t **result,
			struct ms_error *e)
{
	json_t *res = NULL;
	int64_t congress = 0;
	int rc = ms_evaluation_owner(db, id, &congress, e);
	if (!rc)
		rc = ms_rate_close(db, by, id, shares, &res, e);
	char today[11];
	ms_day_format(ms_day_today(), today);
	if (!rc)
		rc = with_projects(db, id, res, true, e);
	if (!rc)
		rc = ms_evaluation_sql_closed_on(db, id, today, e);
	const char *status = json_string_value(json_object_get(res, "status"));
	if (!rc && !(status && strcmp(status, "invalid") == 0))
		rc = ms_consequences_apply(db, by, id, congress, res, e);
	if (rc)
		json_decref(res);
	else
		*result = res;
	return rc;
}

int ms_evaluation_result(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *res = NULL;
	int rc = ms_rate_result(db, id, &res, e);
	if (!rc)
		rc = with_projects(db, id, res, false, e);
	if (rc)
		json_decref(res);
	else
		*out = res;
	return rc;
}

/* Whether the verdict rows are the result's, project by project. */
static bool same_verdicts(json_t *res, json_t *rows)
{
	static const char *const keys[] = {"verdict", "satisfied", "basic", "dissatisfied", "abstain", "invalid"};
	json_t *cands = json_object_get(res, "candidates"), *c;
	size_t i, matched = 0;
	json_array_foreach(cands, i, c) {
		size_t j;
		json_t *r;
		json_array_foreach(rows, j, r) {
			if (!json_equal(json_object_get(r, "project_id"), json_object_get(c, "project_id")))
				continue;
			for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
				if (!json_equal(json_object_get(r, keys[k]), json_object_get(c, keys[k])))
					return false;
			matched++;
		}
	}
	return matched == json_array_size(cands) && matched == json_array_size(rows);
}

int ms_evaluation_verify(struct ms_db *db, int64_t *n, struct ms_error *e)
{
	int64_t *ids = NULL;
	size_t count = 0;
	int rc = ms_evaluation_sql_closed(db, &ids, &count, e);
	for (size_t i = 0; !rc && i < count; i++) {
		json_t *res = NULL, *rows = NULL;
		if (!(rc = ms_evaluation_result(db, ids[i], &res, e)) &&
		    !(rc = ms_evaluation_sql_verdict_rows(db, ids[i], &rows, e)) && !same_verdicts(res, rows))
			rc = ms_failf(e, MS_E_VERDICTS_CHANGED, NULL, MS_AI(ids[i]));
		json_decref(res);
		json_decref(rows);
	}
	free(ids);
	if (!rc)
		*n = (int64_t)count;
	return rc;
}
