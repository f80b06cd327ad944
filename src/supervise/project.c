/*
 * project.c — projects under delivery: made from the vote's outcome when
 * the round enters 实施 (see supervise.h).
 */
#include "supervise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "light.h"
#include "supervise_internal.h"

#define MS_CODES_DEF "supervise/supervise_codes.def"
#define MS_CODES_LIST ms_supervise_codes
#include "../core/codes_define.h"

const struct ms_name ms_project_kind = {"project", "民生实事项目", "project"};

static const struct ms_name states_v[] = {
	{"planning", "编制实施方案", "drawing up the plan"},
	{"delivering", "实施中", "under delivery"},
	{"finished", "已完成", "finished"},
};
const struct ms_names ms_project_state_names = MS_NAMES("state", states_v);

static bool has(const int64_t *v, size_t n, int64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* What round cy decided: the candidates selected and the poll (0: none)
 * that selected each, and those put to the decision. A ballot round: its
 * polls' outcome, and its small matters and wishes, which stand on no
 * ballot (cycle.h, the tiers). A council round: what its meetings adopted. */
struct decided {
	int64_t *selected, *poll, *considered;
	size_t n_selected, n_considered;
};

static void decided_fini(struct decided *d)
{
	free(d->selected);
	free(d->poll);
	free(d->considered);
}

static int decided_of(struct ms_db *db, const struct ms_cycle *cy, struct decided *d, struct ms_error *e)
{
	memset(d, 0, sizeof *d);
	int rc;
	if (cy->decision == MS_DECISION_COUNCIL) {
		if ((rc = ms_council_outcome(db, cy->id, &d->selected, &d->n_selected, &d->considered, &d->n_considered,
					     e)))
			return rc;
		if (!(d->poll = calloc(d->n_selected + 1, sizeof *d->poll)))
			return ms_nomem(e);
		return 0;
	}
	struct ms_vote_outcome o;
	int64_t *small = NULL;
	size_t n_small = 0;
	if ((rc = ms_vote_outcome(db, cy->id, &o, e)))
		return rc;
	if (!(rc = ms_candidate_small_ids(db, cy->id, &small, &n_small, e))) {
		size_t n = o.n_selected + n_small;
		d->selected = calloc(n + 1, sizeof *d->selected);
		d->poll = calloc(n + 1, sizeof *d->poll);
		d->considered = calloc(o.n_voted + n_small + 1, sizeof *d->considered);
		if (!d->selected || !d->poll || !d->considered) {
			rc = ms_nomem(e);
		} else {
			for (size_t i = 0; i < o.n_selected; i++) {
				d->selected[d->n_selected] = o.selected[i];
				d->poll[d->n_selected++] = o.selected_poll[i];
			}
			/* a small one that stood on a ballot anyway is the ballot's to decide */
			for (size_t i = 0; i < n_small; i++)
				if (!has(o.voted, o.n_voted, small[i]) && !has(d->selected, d->n_selected, small[i]))
					d->selected[d->n_selected++] = small[i];
			for (size_t i = 0; i < o.n_voted; i++)
				d->considered[d->n_considered++] = o.voted[i];
			for (size_t i = 0; i < n_small; i++)
				if (!has(o.voted, o.n_voted, small[i]))
					d->considered[d->n_considered++] = small[i];
		}
	}
	free(small);
	ms_vote_outcome_fini(&o);
	return rc;
}

int ms_projects_start(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, struct ms_error *e)
{
	if (cy->phase != MS_PHASE_IMPLEMENT)
		return 0;
	struct decided o;
	int rc = decided_of(db, cy, &o, e);
	if (rc) {
		decided_fini(&o);
		return rc;
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	int64_t *ids = NULL;
	size_t n = 0, reserved = 0;
	for (size_t i = 0; !rc && i < o.n_selected; i++)
		rc = ms_project_sql_insert(db, cy->congress_id, cy->id, o.selected[i], o.poll[i], now, e);
	if (!rc)
		rc = ms_candidate_ids(db, cy->id, &ids, &n, e);
	for (size_t i = 0; !rc && i < n; i++) {
		if (has(o.selected, o.n_selected, ids[i]))
			continue;
		bool voted = has(o.considered, o.n_considered, ids[i]);
		rc = ms_reserve_add(db, cy->congress_id, ids[i], voted ? MS_RESERVE_NOT_SELECTED : MS_RESERVE_NOT_VOTED, e);
		reserved++;
	}
	if (!rc)
		rc = ms_audit_append(db, by, cy->congress_id, "cycle.projects", "cycle", cy->id,
				     json_pack("{s:I, s:I, s:s}", "projects", (json_int_t)o.n_selected, "reserve",
					       (json_int_t)reserved, "decision",
					       ms_names_key(&ms_decision_names, cy->decision)),
				     e);
	free(ids);
	decided_fini(&o);
	return rc;
}

int ms_project_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	json_t *p = NULL;
	int rc = ms_project_get(db, id, &p, e);
	if (!rc)
		*congress_id = json_integer_value(json_object_get(p, "congress_id"));
	json_decref(p);
	return rc;
}

int ms_project_list_congress(struct ms_db *db, int64_t congress_id, const struct ms_project_filter *f,
			     const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	static const struct ms_project_filter any;
	if (!f)
		f = &any;
	int rc;
	if ((rc = ms_check_int(e, "year", f->year, 0, 9999)) || (rc = ms_check_int(e, "unit", f->unit_id, 0, INT64_MAX)) ||
	    (rc = ms_check_text(e, "category", f->category, 0, 100)) ||
	    (rc = ms_check_text(e, "district", f->district, 0, 50)))
		return rc;
	if (f->light && *f->light && ms_names_find(&ms_light_names, f->light) < 0) {
		char keys[80], zh[120], en[120];
		ms_names_join(&ms_light_names, ", ", keys, sizeof keys);
		snprintf(zh, sizeof zh, "以下之一：%s", keys);
		snprintf(en, sizeof en, "one of %s", keys);
		return ms_failf(e, MS_E_INVALID_VALUE, "light", MS_AS("light"), MS_AT(zh, en));
	}
	return ms_project_sql_list_congress(db, congress_id, f, pg, out, e);
}
