/* history.c — a deputy's history of votes (assess.h): each poll of its
 * rosters with the published result and the fate of its candidates, read
 * from the vote, the supervision and the evaluation where they lie. */
#include "assess_internal.h"

#include <string.h>

#include "../evaluate/evaluate.h"
#include "../supervise/supervise.h"

/* The counts of a published result a deputy's card shows. */
static json_t *outcome_of(json_t *res)
{
	static const char *const keys[] = {"status",  "deputies_all", "deputies_present", "ballots_returned",
					   "valid",   "blank",	      "void",		  "n_selected",
					   "slots",   "counted_at",   "bulletin_hash"};
	json_t *o = json_object();
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *v = json_object_get(res, keys[i]);
		json_object_set(o, keys[i], v ? v : json_null());
	}
	return o;
}

/* A candidate's line: its count and outcome, and its project's fate. */
static json_t *candidate_of(json_t *c)
{
	json_t *o = json_pack("{s:O, s:O, s:O}", "candidate_id", json_object_get(c, "candidate_id"), "title",
			      json_object_get(c, "title"), "title_en",
			      json_object_get(c, "title_en") ? json_object_get(c, "title_en") : json_null());
	/* the verdict that stands (a presidium decision over the count, when there is one) */
	json_t *stands = json_object_get(c, "outcome") ? json_object_get(c, "outcome") : json_object_get(c, "status");
	json_object_set(o, "outcome", stands ? stands : json_null());
	json_object_set(o, "approvals", json_object_get(c, "approvals") ? json_object_get(c, "approvals") : json_null());
	json_object_set(o, "verdict", json_object_get(c, "verdict") ? json_object_get(c, "verdict") : json_null());
	static const char *const nulls[] = {"project_id", "state", "light", "percent_done", "latest_verdict"};
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		json_object_set_new(o, nulls[i], json_null());
	return o;
}

/* The project's state, light and progress, and its latest verdict. */
static int fate(struct ms_db *db, json_t *line, json_t *project, struct ms_error *e)
{
	int64_t id = json_integer_value(json_object_get(project, "id"));
	json_t *verdicts = NULL;
	int rc = ms_project_verdicts(db, id, &verdicts, e);
	if (rc)
		return rc;
	json_object_set_new(line, "project_id", json_integer(id));
	json_object_set(line, "state", json_object_get(project, "state"));
	json_object_set(line, "light", json_object_get(project, "light"));
	json_object_set(line, "percent_done", json_object_get(project, "percent_done"));
	json_t *v = json_array_get(verdicts, 0);
	if (v)
		json_object_set(line, "latest_verdict", json_object_get(v, "verdict"));
	json_decref(verdicts);
	return 0;
}

/* The projects of round cycle_id (every page). */
static int projects_of(struct ms_db *db, int64_t cycle_id, json_t **out, struct ms_error *e)
{
	json_t *all = json_array();
	for (struct ms_page pg = {.page = 1, .per_page = 200};; pg.page++) {
		json_t *page = NULL;
		int rc = ms_project_list_cycle(db, cycle_id, &pg, &page, e);
		if (rc) {
			json_decref(all);
			return rc;
		}
		json_t *items = json_object_get(page, "items");
		json_array_extend(all, items);
		bool more = pg.page * pg.per_page < json_integer_value(json_object_get(page, "total")) &&
			    json_array_size(items) > 0;
		json_decref(page);
		if (!more)
			break;
	}
	*out = all;
	return 0;
}

static json_t *find(json_t *list, const char *key, json_t *value)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) if (json_equal(json_object_get(x, key), value)) return x;
	return NULL;
}

/* The result and the candidates' fates of one closed poll. */
static int closed(struct ms_db *db, json_t *entry, struct ms_error *e)
{
	int64_t id = json_integer_value(json_object_get(entry, "poll_id"));
	const char *kind = json_string_value(json_object_get(entry, "kind"));
	bool rate = strcmp(kind, "poll") != 0, review = strcmp(kind, "review") == 0;
	json_t *res = NULL, *projects = NULL, *lines = json_array();
	/* a review rates units, not projects: its result alone */
	int rc = review ? ms_rate_result(db, id, &res, e) : rate ? ms_evaluation_result(db, id, &res, e)
								 : ms_poll_result(db, id, &res, e);
	if (!rc)
		rc = review ? ((projects = json_array()) ? 0 : ms_nomem(e))
			    : projects_of(db, json_integer_value(json_object_get(entry, "cycle_id")), &projects, e);
	size_t i;
	json_t *c;
	json_array_foreach(rc ? NULL : json_object_get(res, "candidates"), i, c) {
		json_t *line = candidate_of(c), *project = NULL;
		json_array_append_new(lines, line);
		if (rate)
			project = find(projects, "id", json_object_get(c, "project_id"));
		else if (json_is_string(json_object_get(line, "outcome")) &&
			 strcmp(json_string_value(json_object_get(line, "outcome")), "selected") == 0) {
			project = find(projects, "candidate_id", json_object_get(c, "candidate_id"));
			if (project && json_integer_value(json_object_get(project, "poll_id")) != id)
				project = NULL;
		}
		if (project && (rc = fate(db, line, project, e)))
			break;
	}
	if (!rc) {
		json_object_set_new(entry, "result", outcome_of(res));
		json_object_set(entry, "candidates", lines);
	}
	json_decref(lines);
	json_decref(res);
	json_decref(projects);
	return rc;
}

int ms_history_list(struct ms_db *db, int64_t user_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	json_t *page = NULL;
	int rc = ms_history_sql_list(db, user_id, pg, &page, e);
	if (rc)
		return rc;
	size_t i;
	json_t *entry;
	json_array_foreach(json_object_get(page, "items"), i, entry) {
		const char *form = json_string_value(json_object_get(entry, "ballot_form"));
		bool review = json_is_true(json_object_get(entry, "review"));
		json_object_del(entry, "review");
		json_object_set_new(entry, "kind", json_string(review ? "review"
							       : form && strcmp(form, "rate") == 0 ? "evaluation"
												   : "poll"));
		json_object_set_new(entry, "result", json_null());
		json_object_set_new(entry, "candidates", json_array());
		const char *status = json_string_value(json_object_get(entry, "status"));
		if (status && strcmp(status, "closed") == 0 && (rc = closed(db, entry, e)))
			break;
	}
	if (rc)
		json_decref(page);
	else
		*out = page;
	return rc;
}
