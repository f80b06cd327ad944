/*
 * poll.c — the rules of a poll: its settings (PRACTICE.md: the ballot
 * form, N places of M candidates, the threshold and its base, the quorum,
 * a budget), who sets it up and when, and its view.
 */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "live.h"
#include "vote_internal.h"

#define MS_CODES_DEF "vote/vote_codes.def"
#define MS_CODES_LIST ms_vote_codes
#include "../core/codes_define.h"

static const struct ms_name status_v[] = {
	{"draft", "未开始", "not started"},
	{"open", "投票中", "open"},
	{"closed", "已结束", "closed"},
};
const struct ms_names ms_poll_status_names = MS_NAMES("poll_status", status_v);
const struct ms_name ms_poll_kind = {"poll", "投票", "poll"};

static const struct ms_name mode_v[] = {
	{"login", "代表登录投票", "deputies log in to vote"},
	{"code_sheet", "匿名票码投票（签到处抽取一次性票码）", "anonymous one-time codes drawn at the desk"},
};
const struct ms_names ms_voting_mode_names = MS_NAMES("voting_mode", mode_v);

static const struct ms_name electorate_v[] = {
	{"deputies", "全体代表", "all deputies of the congress"},
	{"committee", "常委会组成人员", "the members of its standing committee"},
};
const struct ms_names ms_electorate_names = MS_NAMES("electorate", electorate_v);
_Static_assert(sizeof electorate_v / sizeof electorate_v[0] == MS_ELECTORATE_COMMITTEE + 1, "a name per electorate");

struct ms_arg ms_poll_status_arg(enum ms_poll_status s)
{
	const char *key = ms_names_key(&ms_poll_status_names, (int)s);
	return MS_AT(s <= MS_POLL_CLOSED ? status_v[s].zh : key, key);
}

void ms_poll_fini(struct ms_poll *p)
{
	free(p->candidate_ids);
	free(p->candidate_costs);
	p->candidate_ids = p->candidate_costs = NULL;
	p->n_candidates = 0;
}

void ms_poll_params(const struct ms_poll *p, int64_t all, int64_t present, struct ms_count_params *cp)
{
	ms_count_params_default(cp, (uint32_t)p->n_candidates, p->slots);
	cp->form = (enum ms_ballot_form)p->form;
	cp->max_approvals = p->max_approvals;
	cp->base = (enum ms_threshold_base)p->base;
	cp->frac_num = p->threshold_num;
	cp->frac_den = p->threshold_den;
	cp->strict = p->threshold_strict;
	cp->has_budget = p->has_budget;
	cp->budget = p->budget;
	cp->costs = p->candidate_costs;
	cp->deputies_all = (uint32_t)all;
	cp->deputies_present = (uint32_t)present;
	cp->ballots_issued = (uint32_t)present;
}

json_t *ms_poll_rule_text(const struct ms_count_params *cp)
{
	char en[1024], zh[1024];
	ms_count_rule_text_en(cp, en, sizeof en);
	ms_count_rule_text_zh(cp, zh, sizeof zh);
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

/* A rating poll: the satisfaction rule's own checks. */
static int check_rated(const struct ms_poll *p, struct ms_error *e)
{
	if (p->quorum_num > p->quorum_den)
		return ms_fail(e, MS_E_QUORUM_OVER_ONE, "quorum_num");
	if (p->n_candidates < 1)
		return ms_failf(e, MS_E_INVALID_RATE_SETTINGS, "candidate_ids", MS_AT("没有可测评的项目", "no project to rate"));
	struct ms_sat_params sp;
	ms_rate_params(p, 0, 0, &sp);
	int rc = ms_sat_params_check(&sp, e);
	static const char *const fields[][2] = {{"frac_num", "threshold_num"}, {"frac_den", "threshold_den"},
						{"base", "threshold_base"}, {"n_sub", "sub_items"},
						{"combine", "combine"}, {"n_items", "project_ids"}};
	for (size_t i = 0; rc && e && i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(e->field, fields[i][0]) == 0)
			ms_strlcpy(e->field, fields[i][1], sizeof e->field);
	return rc;
}

int ms_poll_check(const struct ms_poll *p, struct ms_error *e)
{
	/* An open count: for the forms a screen can add up, of a size it can show. */
	if (p->live_counts && ((p->form != MS_FORM_PICK && p->form != MS_FORM_APPROVE_OPPOSE) ||
			       p->n_candidates > MS_LIVE_CANDIDATES_MAX))
		return ms_failf(e, MS_E_LIVE_COUNTS_FORM, "live_counts", MS_AI(MS_LIVE_CANDIDATES_MAX));
	if (p->form == MS_FORM_RATE)
		return check_rated(p, e);
	if (p->n_candidates <= p->slots)
		return ms_failf(e, MS_E_NOT_COMPETITIVE, "slots", MS_AI(p->n_candidates), MS_AI(p->slots));
	if (p->quorum_num > p->quorum_den)
		return ms_fail(e, MS_E_QUORUM_OVER_ONE, "quorum_num");
	struct ms_count_params cp;
	ms_poll_params(p, 0, 0, &cp);
	if (!p->candidate_costs) {
		cp.costs = NULL; /* not known yet: ms_poll_create checks them once it has read them */
		cp.has_budget = false;
	}
	int rc = ms_count_params_check(&cp, e);
	/* The library names its own parameters; the fields of a poll are these. */
	static const char *const fields[][2] = {{"frac_num", "threshold_num"}, {"frac_den", "threshold_den"},
						{"base", "threshold_base"}, {"form", "ballot_form"},
						{"costs", "candidate_ids"}};
	for (size_t i = 0; rc && e && i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(e->field, fields[i][0]) == 0)
			ms_strlcpy(e->field, fields[i][1], sizeof e->field);
	return rc;
}

/* A ballot of round cy: not in a council's round, no small matter or wish
 * on it, and (ratio) as many candidates per place as the guidance the round
 * follows asks (a run-off's ballot has exactly the tied ones). */
static int ballot_rules(struct ms_db *db, const struct ms_cycle *cy, const struct ms_poll *p, bool ratio,
			struct ms_error *e)
{
	if (cy->decision == MS_DECISION_COUNCIL)
		return ms_fail(e, MS_E_COUNCIL_ROUND, NULL);
	int rc = 0;
	for (size_t i = 0; !rc && i < p->n_candidates; i++) {
		json_t *k = NULL;
		if ((rc = ms_candidate_get(db, p->candidate_ids[i], NULL, &k, e)))
			break;
		int tier = ms_names_find(&ms_tier_names, json_string_value(json_object_get(k, "tier")));
		if (tier != MS_TIER_PROJECT)
			rc = ms_failf(e, MS_E_TIER_NOT_VOTED, "candidate_ids", MS_AI(p->candidate_ids[i]),
				      ms_names_arg(&ms_tier_names, tier));
		json_decref(k);
	}
	int64_t num = 0, den = 0;
	json_t *issuer = NULL;
	if (!rc && ratio && !(rc = ms_cycle_guidance_ratio(db, cy, &num, &den, &issuer, e)) && den > 0 &&
	    (int64_t)p->n_candidates * den < (int64_t)p->slots * num)
		rc = ms_failf(e, MS_E_RATIO_BELOW_GUIDANCE, "candidate_ids", MS_AI((int64_t)p->n_candidates),
			      MS_AI((int64_t)p->slots), MS_AS(json_string_value(json_object_get(issuer, "name"))),
			      MS_AI(num), MS_AI(den));
	json_decref(issuer);
	return rc;
}

/* Create poll p (its rate_items: the sub-items' names as JSON text, or
 * NULL) in a round in one of the phases allowed; a ballot (not a rating
 * poll) follows ballot_rules, with the guidance's ratio unless a run-off. */
static int create(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, const char *rate_items,
		  unsigned phases, bool ratio, int64_t *id, struct ms_error *e)
{
	struct ms_cycle cy;
	int rc;
	if ((rc = ms_cycle_get(db, p->cycle_id, &cy, NULL, e)) ||
	    (rc = ms_cycle_need_phase(&cy, phases, MS_AT("设置投票", "polls are set up"), e)) ||
	    (rc = ms_poll_check(p, e)))
		return rc;
	if (p->has_budget && (rc = ms_check_int(e, "budget", p->budget, 0, MS_COST_MAX)))
		return rc;
	for (size_t i = 0; i < p->n_candidates; i++) {
		int64_t of = 0;
		rc = ms_poll_sql_candidate_cycle(db, p->candidate_ids[i], &of, e);
		if (rc == MS_ERR_NOT_FOUND || (!rc && of != p->cycle_id))
			return ms_failf(e, MS_E_CANDIDATE_NOT_IN_CYCLE, "candidate_ids", MS_AI(p->candidate_ids[i]),
					MS_AI(p->cycle_id));
		if (rc)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (p->candidate_ids[j] == p->candidate_ids[i])
				return ms_failf(e, MS_E_CANDIDATE_LISTED_TWICE, "candidate_ids", MS_AI(p->candidate_ids[i]));
	}
	if (p->form != MS_FORM_RATE && (rc = ballot_rules(db, &cy, p, ratio, e)))
		return rc;
	/* The close counts with the candidates' costs: check them now as it
	 * will (their total must fit), so that no poll is made that takes
	 * ballots and then cannot be closed. */
	struct ms_poll with = *p;
	if (!(with.candidate_costs = calloc(p->n_candidates + 1, sizeof *with.candidate_costs)))
		return ms_nomem(e);
	for (size_t i = 0; !rc && i < p->n_candidates; i++)
		rc = ms_poll_sql_candidate_cost(db, p->candidate_ids[i], &with.candidate_costs[i], e);
	if (!rc)
		rc = ms_poll_check(&with, e);
	free(with.candidate_costs);
	if (rc)
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_poll_sql_insert(db, p, rate_items, now, id, e)))
		return rc;
	for (size_t i = 0; i < p->n_candidates; i++)
		if ((rc = ms_poll_sql_add_candidate(db, *id, p->candidate_ids[i], e)))
			return rc;
	json_t *ids = json_array();
	for (size_t i = 0; ids && i < p->n_candidates; i++)
		json_array_append_new(ids, json_integer(p->candidate_ids[i]));
	json_t *detail = json_pack("{s:s, s:s, s:I, s:I, s:s, s:I, s:I, s:b, s:o, s:I, s:I, s:o}", "title", p->title,
				   "ballot_form", ms_names_key(&ms_ballot_form_names, p->form), "slots",
				   (json_int_t)p->slots, "max_approvals", (json_int_t)p->max_approvals, "threshold_base",
				   ms_names_key(&ms_threshold_base_names, p->base), "threshold_num",
				   (json_int_t)p->threshold_num, "threshold_den", (json_int_t)p->threshold_den,
				   "threshold_strict", p->threshold_strict, "budget",
				   p->has_budget ? json_integer(p->budget) : json_null(), "quorum_num",
				   (json_int_t)p->quorum_num, "quorum_den", (json_int_t)p->quorum_den, "candidate_ids", ids);
	json_object_set_new(detail, "voting_mode", json_string(ms_names_key(&ms_voting_mode_names, p->mode)));
	json_object_set_new(detail, "electorate", json_string(ms_names_key(&ms_electorate_names, p->electorate)));
	json_object_set_new(detail, "live_counts", json_boolean(p->live_counts));
	if (p->form == MS_FORM_RATE) {
		json_object_set_new(detail, "rate_abstain", json_boolean(p->rate_abstain));
		json_object_set_new(detail, "rate_combine", json_string(ms_names_key(&ms_combine_names, p->rate_combine)));
		json_object_set_new(detail, "rate_items", rate_items ? json_loads(rate_items, 0, NULL) : json_null());
	}
	return ms_audit_append(db, by, p->congress_id, "poll.create", "poll", *id, detail, e);
}

int ms_poll_create(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, int64_t *id,
		   struct ms_error *e)
{
	if (p->form == MS_FORM_RATE)
		return ms_fail(e, MS_E_RATE_POLL_ELSEWHERE, "ballot_form");
	return create(db, by, p, NULL, 1u << MS_PHASE_COMPILE | 1u << MS_PHASE_VOTE, true, id, e);
}

int ms_poll_create_runoff(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, int64_t *id,
			  struct ms_error *e)
{
	return create(db, by, p, NULL, 1u << MS_PHASE_COMPILE | 1u << MS_PHASE_VOTE, false, id, e);
}

int ms_poll_create_rated(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, const char *items,
			 int64_t *id, struct ms_error *e)
{
	if (p->form != MS_FORM_RATE)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "ms_poll_create_rated: not a rating poll");
	return create(db, by, p, items, 1u << MS_PHASE_EVALUATE, false, id, e);
}

int ms_poll_load_locked(struct ms_db *db, int64_t id, bool exclusive, struct ms_poll *p, struct ms_error *e)
{
	memset(p, 0, sizeof *p);
	int rc = ms_poll_sql_lock(db, id, exclusive, e);
	return rc ? rc : ms_poll_get(db, id, p, e);
}

int ms_poll_all(struct ms_db *db, const struct ms_poll *p, int64_t *all, struct ms_error *e)
{
	if (p->deputies_all >= 0) {
		*all = p->deputies_all;
		return 0;
	}
	return ms_electorate_count(db, p->congress_id, p->electorate == MS_ELECTORATE_COMMITTEE, all, e);
}

int ms_poll_candidate_index(const struct ms_poll *p, int64_t id)
{
	size_t lo = 0, hi = p->n_candidates;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p->candidate_ids[mid] == id)
			return (int)mid;
		if (p->candidate_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int ms_poll_need_open(const struct ms_poll *p, struct ms_error *e)
{
	if (p->status == MS_POLL_OPEN)
		return 0;
	return ms_failf(e, MS_E_POLL_NOT_OPEN, NULL, MS_AI(p->id), ms_poll_status_arg(p->status));
}

int ms_poll_need_not_closed(const struct ms_poll *p, struct ms_error *e)
{
	return p->status == MS_POLL_CLOSED ? ms_failf(e, MS_E_POLL_CLOSED, NULL, MS_AI(p->id)) : 0;
}

int ms_poll_need_closed(const struct ms_poll *p, struct ms_arg what, struct ms_error *e)
{
	if (p->status == MS_POLL_CLOSED)
		return 0;
	return ms_failf(e, MS_E_POLL_NOT_CLOSED, NULL, what, ms_poll_status_arg(p->status));
}

int ms_poll_view(struct ms_db *db, int64_t id, const struct ms_actor *who, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	json_t *o = NULL;
	int64_t all = 0, present = 0, cast = 0;
	int rc;
	if ((rc = ms_poll_get(db, id, &p, e)))
		return rc;
	/* present and cast from the tally kept as they change: this page is
	 * read again and again while the hall votes */
	if ((rc = ms_poll_sql_json(db, id, &o, e)) || (rc = ms_poll_all(db, &p, &all, e)) ||
	    (rc = ms_poll_sql_tally(db, id, &present, &cast, e)))
		goto fail;
	struct ms_count_params cp;
	ms_poll_params(&p, all, present, &cp);
	json_object_set_new(o, "deputies_all", json_integer(all));
	json_object_set_new(o, "deputies_present", json_integer(present));
	json_object_set_new(o, "ballots_cast", json_integer(cast));
	json_object_set_new(o, "quorum_met", json_boolean(ms_count_quorum_met((uint32_t)present, (uint32_t)all,
									     p.quorum_num, p.quorum_den, true)));
	if (p.form == MS_FORM_RATE) {
		struct ms_sat_params sp;
		ms_rate_params(&p, all, present, &sp);
		json_object_set_new(o, "rule_text", ms_rate_rule_text(&sp));
	} else
		json_object_set_new(o, "rule_text", ms_poll_rule_text(&cp));
	int64_t of, runoff;
	if ((rc = ms_override_sql_links(db, id, &of, &runoff, e)))
		goto fail;
	json_object_set_new(o, "runoff_of", of ? json_integer(of) : json_null());
	json_object_set_new(o, "runoff_poll_id", runoff ? json_integer(runoff) : json_null());
	if (who && ms_actor_is_of(who, MS_ROLE_DEPUTY, p.congress_id)) {
		bool pr = false, voted = false, scrutineer = false;
		struct ms_scrutineer *all = NULL;
		size_t n = 0;
		if ((rc = ms_desk_sql_is_present(db, id, who->id, &pr, e)) ||
		    (rc = ms_ballot_sql_has_voted(db, id, who->id, &voted, e)) ||
		    (rc = ms_scrutineer_sql_all(db, id, &all, &n, e)))
			goto fail;
		for (size_t i = 0; i < n; i++)
			scrutineer = scrutineer || all[i].user_id == who->id;
		free(all);
		json_object_set_new(o, "me", json_pack("{s:b, s:b, s:b}", "present", pr, "voted", voted, "scrutineer",
						       scrutineer));
	}
	ms_poll_fini(&p);
	*out = o;
	return 0;
fail:
	ms_poll_fini(&p);
	json_decref(o);
	return rc;
}
