/*
 * outcome.c — what a round's vote decided, for the stages after it
 * (supervise: the projects to deliver and the reserve pool). A candidate is
 * selected when a closed poll of the round counted it "selected" in a
 * result that is not invalid (a run-off's poll adds the places it fills);
 * it was put to the vote when it stood on the ballot of a closed poll.
 * A presidium decision on a verdict (override.c) stands in for the count's.
 * Draft polls never voted and are ignored; an open poll is refused, since
 * its outcome is not known.
 */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

#include "vote_internal.h"

void ms_vote_outcome_fini(struct ms_vote_outcome *o)
{
	if (!o)
		return;
	free(o->selected);
	free(o->selected_poll);
	free(o->voted);
	memset(o, 0, sizeof *o);
}

static bool has(const int64_t *v, size_t n, int64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Add the candidates one result selected (each once, first poll wins). */
static int add_selected(struct ms_vote_outcome *o, int64_t poll_id, json_t *result, struct ms_error *e)
{
	json_t *list = json_object_get(result, "candidates"), *c;
	size_t i;
	json_array_foreach(list, i, c) {
		int64_t id = json_integer_value(json_object_get(c, "candidate_id"));
		json_t *stands = json_object_get(c, "outcome"); /* a presidium decision's (override.c) */
		const char *st = json_string_value(stands ? stands : json_object_get(c, "status"));
		if (!st || strcmp(st, "selected") != 0 || has(o->selected, o->n_selected, id))
			continue;
		int64_t *a = realloc(o->selected, (o->n_selected + 1) * sizeof *a);
		if (a)
			o->selected = a;
		int64_t *b = a ? realloc(o->selected_poll, (o->n_selected + 1) * sizeof *b) : NULL;
		if (!b)
			return ms_nomem(e);
		o->selected_poll = b;
		o->selected[o->n_selected] = id;
		o->selected_poll[o->n_selected++] = poll_id;
	}
	return 0;
}

int ms_vote_outcome(struct ms_db *db, int64_t cycle_id, struct ms_vote_outcome *o, struct ms_error *e)
{
	memset(o, 0, sizeof *o);
	json_t *polls = NULL;
	int rc = ms_outcome_sql_polls(db, cycle_id, &polls, e);
	size_t i, finals = 0;
	json_t *p;
	json_array_foreach(polls, i, p) {
		if (rc)
			break;
		const char *status = json_string_value(json_object_get(p, "status"));
		if (status && strcmp(status, "open") == 0) {
			rc = ms_failf(e, MS_E_POLL_STILL_OPEN, NULL, MS_AS(json_string_value(json_object_get(p, "title"))));
			break;
		}
		const char *text = json_string_value(json_object_get(p, "result"));
		json_t *result = text ? json_loads(text, 0, NULL) : NULL;
		const char *rs = json_string_value(json_object_get(result, "status"));
		int64_t poll_id = json_integer_value(json_object_get(p, "id"));
		if (rs && strcmp(rs, "invalid") != 0 && !(rc = ms_override_merge(db, poll_id, result, e))) {
			finals++;
			rc = add_selected(o, poll_id, result, e);
		}
		json_decref(result);
	}
	json_decref(polls);
	if (!rc && finals == 0)
		rc = ms_fail(e, MS_E_NO_VOTE_RESULT, NULL);
	if (!rc)
		rc = ms_outcome_sql_voted(db, cycle_id, &o->voted, &o->n_voted, e);
	if (rc)
		ms_vote_outcome_fini(o);
	return rc;
}
