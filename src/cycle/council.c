/*
 * council.c — a street's residents' council (议事会) decides its round by
 * consultation and a show of hands (../shared/PRACTICE.md, "Levels"). The
 * clerk records each meeting: the day and place, the members and those
 * present, the rules it decided by (count/council.h, printed in words), the
 * consultation's record, and per candidate the hands for, against and
 * abstaining. The record is kept as it was made: the tables refuse change
 * and deletion, and the audit log holds the figures too. When the round
 * enters 实施, supervise makes a project of every candidate a meeting
 * adopted (ms_council_outcome) — the same supervision and evaluation as a
 * voted round's. A council decides every tier: projects, small matters
 * (微实事) and small wishes (微心愿).
 */
#include "cycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "../count/council.h"
#include "cycle_internal.h"

static struct ms_council_rules rules_of(const struct ms_council_meeting_in *in)
{
	return (struct ms_council_rules){.quorum = (enum ms_council_share)in->quorum,
					 .adopt_base = (enum ms_council_base)in->adopt_base,
					 .adopt_share = (enum ms_council_share)in->adopt_share};
}

static bool in_names(const struct ms_names *t, int v)
{
	return v >= 0 && (size_t)v < t->n;
}

/* The meeting's own figures, before any candidate. */
static int check_meeting(const struct ms_council_meeting_in *in, struct ms_error *e)
{
	int rc;
	int32_t day;
	if (!ms_day_parse(in->held_on, &day))
		return ms_failf(e, MS_E_INVALID_VALUE, "held_on", MS_AS("held_on"),
				MS_AT("YYYY-MM-DD 格式的有效日期", "a valid date, YYYY-MM-DD"));
	if (day > ms_day_today()) {
		char today[11];
		ms_day_format(ms_day_today(), today);
		return ms_failf(e, MS_E_COUNCIL_FUTURE, "held_on", MS_AS(in->held_on), MS_AS(today));
	}
	if ((rc = ms_check_text(e, "place", in->place ? in->place : "", 0, MS_LOCATION_MAX)) ||
	    (rc = ms_check_text(e, "minutes", in->minutes, 1, MS_COUNCIL_MINUTES_MAX)) ||
	    (rc = ms_check_int(e, "members", in->members, 1, MS_COUNCIL_MEMBERS_MAX)) ||
	    (rc = ms_check_int(e, "present", in->present, 0, MS_COUNCIL_MEMBERS_MAX)))
		return rc;
	if (!in_names(&ms_council_share_names, in->quorum) || !in_names(&ms_council_share_names, in->adopt_share) ||
	    !in_names(&ms_council_base_names, in->adopt_base))
		return ms_failf(e, MS_E_INVALID_VALUE, "quorum", MS_AS("quorum"),
				MS_AT("规定的议决规则", "one of the stated rules"));
	if (in->present > in->members)
		return ms_failf(e, MS_E_COUNCIL_PRESENT, "present", MS_AI(in->present), MS_AI(in->members));
	struct ms_council_rules r = rules_of(in);
	if (!ms_council_quorate(&r, in->members, in->present)) {
		char zh[64], en[80];
		snprintf(zh, sizeof zh, "应到人数的%s", ms_council_share_names.v[r.quorum].zh);
		snprintf(en, sizeof en, "%s of the members", ms_council_share_names.v[r.quorum].en);
		return ms_failf(e, MS_E_COUNCIL_QUORUM, "present", MS_AI(in->members), MS_AI(in->present), MS_AT(zh, en));
	}
	if (in->n_hands < 1 || in->n_hands > MS_COUNCIL_DECISIONS_MAX)
		return ms_failf(e, MS_E_INVALID_VALUE, "decisions", MS_AS("decisions"),
				MS_AT("1 到 500 个候选项目的表决", "the hands on 1 to 500 candidates"));
	return 0;
}

/* One candidate's hands: of the round, listed once, not adopted before,
 * adding up to at most those present. */
static int check_hands(struct ms_db *db, const struct ms_cycle *cy, const struct ms_council_meeting_in *in, size_t i,
		       struct ms_error *e)
{
	const struct ms_council_hands *h = &in->hands[i];
	int64_t of = 0;
	json_t *k = NULL;
	char title[4 * MS_TITLE_MAX + 1];
	int rc = ms_candidate_get(db, h->candidate_id, &of, &k, e);
	if (rc == MS_ERR_NOT_FOUND || (!rc && of != cy->id)) {
		json_decref(k);
		return ms_failf(e, MS_E_COUNCIL_CANDIDATE, "decisions", MS_AI(h->candidate_id));
	}
	if (rc)
		return rc;
	ms_strlcpy(title, json_string_value(json_object_get(k, "title")), sizeof title);
	json_decref(k);
	/* the sum first: one count over those present is the same fault (each is 0..MS_COUNCIL_MEMBERS_MAX) */
	if (h->yes >= 0 && h->no >= 0 && h->abstain >= 0 && h->yes + h->no + h->abstain > in->present)
		return ms_failf(e, MS_E_COUNCIL_HANDS, "decisions", MS_AS(title), MS_AI(h->yes + h->no + h->abstain),
				MS_AI(in->present));
	if ((rc = ms_check_int(e, "decisions", h->yes, 0, in->present)) ||
	    (rc = ms_check_int(e, "decisions", h->no, 0, in->present)) ||
	    (rc = ms_check_int(e, "decisions", h->abstain, 0, in->present)) ||
	    (h->note && (rc = ms_check_text(e, "decisions", h->note, 0, MS_COUNCIL_NOTE_MAX))))
		return rc;
	for (size_t j = 0; j < i; j++)
		if (in->hands[j].candidate_id == h->candidate_id)
			return ms_failf(e, MS_E_COUNCIL_TWICE, "decisions", MS_AS(title));
	char day[11];
	if ((rc = ms_council_sql_adopted_on(db, cy->id, h->candidate_id, day, e)))
		return rc;
	if (day[0])
		return ms_failf(e, MS_E_COUNCIL_DECIDED, "decisions", MS_AS(title), MS_AS(day));
	return 0;
}

int ms_council_record(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
		      const struct ms_council_meeting_in *in, int64_t *id, struct ms_error *e)
{
	int rc;
	if (cy->decision != MS_DECISION_COUNCIL)
		return ms_fail(e, MS_E_NOT_COUNCIL_ROUND, NULL);
	if ((rc = ms_cycle_need_phase(cy, 1u << MS_PHASE_VOTE, MS_AT("记录议事会的议决", "a council's decisions are recorded"),
				      e)) ||
	    (rc = check_meeting(in, e)))
		return rc;
	/* meetings in the order they were held, none before the year before the round's */
	char last[11], first[11];
	snprintf(first, sizeof first, "%04d-01-01", (int)(cy->year - 1));
	if ((rc = ms_council_sql_last_day(db, cy->id, last, e)))
		return rc;
	if (strcmp(in->held_on, first) < 0 || (last[0] && strcmp(in->held_on, last) < 0))
		return ms_failf(e, MS_E_COUNCIL_ORDER, "held_on", MS_AS(in->held_on), MS_AS(last[0] ? last : first));
	for (size_t i = 0; i < in->n_hands; i++)
		if ((rc = check_hands(db, cy, in, i, e)))
			return rc;
	struct ms_council_rules r = rules_of(in);
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_council_sql_insert_meeting(db, cy->id, in, ms_names_key(&ms_council_share_names, r.quorum),
						ms_names_key(&ms_council_base_names, r.adopt_base),
						ms_names_key(&ms_council_share_names, r.adopt_share), by ? by->id : 0,
						now, id, e)))
		return rc;
	json_t *list = json_array();
	size_t adopted = 0;
	for (size_t i = 0; !rc && i < in->n_hands; i++) {
		const struct ms_council_hands *h = &in->hands[i];
		bool yes = ms_council_adopts(&r, in->members, in->present, h->yes);
		adopted += yes;
		rc = ms_council_sql_insert_decision(db, *id, h, yes, e);
		json_array_append_new(list, json_pack("{s:I, s:I, s:I, s:I, s:b}", "candidate_id",
						      (json_int_t)h->candidate_id, "yes", (json_int_t)h->yes, "no",
						      (json_int_t)h->no, "abstain", (json_int_t)h->abstain, "adopted", yes));
	}
	if (rc) {
		json_decref(list);
		return rc;
	}
	return ms_audit_append(db, by, cy->congress_id, "council.record", "cycle", cy->id,
			       json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:I, s:o}", "meeting_id", (json_int_t)*id,
					 "held_on", in->held_on, "members", (json_int_t)in->members, "present",
					 (json_int_t)in->present, "quorum", ms_names_key(&ms_council_share_names, r.quorum),
					 "adopt_base", ms_names_key(&ms_council_base_names, r.adopt_base), "adopt_share",
					 ms_names_key(&ms_council_share_names, r.adopt_share), "adopted",
					 (json_int_t)adopted, "decisions", list),
			       e);
}

int ms_council_list(struct ms_db *db, int64_t cycle_id, json_t **out, struct ms_error *e)
{
	json_t *meetings = NULL, *decisions = NULL;
	int rc = ms_council_sql_meetings(db, cycle_id, &meetings, &decisions, e);
	if (rc)
		return rc;
	size_t i, j;
	json_t *m, *d;
	json_array_foreach(meetings, i, m) {
		struct ms_council_rules r = {
			.quorum = (enum ms_council_share)ms_names_find(&ms_council_share_names,
								       json_string_value(json_object_get(m, "quorum"))),
			.adopt_base = (enum ms_council_base)ms_names_find(
				&ms_council_base_names, json_string_value(json_object_get(m, "adopt_base"))),
			.adopt_share = (enum ms_council_share)ms_names_find(
				&ms_council_share_names, json_string_value(json_object_get(m, "adopt_share"))),
		};
		char zh[400], en[400];
		ms_council_rule_text(&r, 1, zh, sizeof zh);
		ms_council_rule_text(&r, 0, en, sizeof en);
		json_object_set_new(m, "rule", json_pack("{s:s, s:s}", "zh", zh, "en", en));
		json_t *mine = json_array();
		int64_t mid = json_integer_value(json_object_get(m, "id"));
		json_array_foreach(decisions, j, d)
			if (json_integer_value(json_object_get(d, "meeting_id")) == mid) {
				json_object_del(d, "meeting_id");
				json_array_append(mine, d);
			}
		json_object_set_new(m, "decisions", mine);
	}
	json_decref(decisions);
	*out = json_pack("{s:o}", "items", meetings);
	return *out ? 0 : ms_nomem(e);
}

int ms_council_outcome(struct ms_db *db, int64_t cycle_id, int64_t **adopted, size_t *n_adopted,
		       int64_t **considered, size_t *n_considered, struct ms_error *e)
{
	int rc = ms_council_sql_outcome(db, cycle_id, adopted, n_adopted, considered, n_considered, e);
	if (!rc && *n_considered == 0) {
		free(*adopted);
		free(*considered);
		*adopted = *considered = NULL;
		return ms_fail(e, MS_E_NO_COUNCIL_RECORD, NULL);
	}
	return rc;
}

int ms_candidate_small_ids(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_candidate_sql_small(db, cycle_id, ids, n, e);
}
