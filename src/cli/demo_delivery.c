/*
 * demo_delivery.c — the demo's round of the year before, under delivery:
 * the 2026 round voted (its 60 ballots imported as a Pabulib file, so the
 * vote is counted by the same code), in 实施 with ten projects, each with a
 * published plan and a published progress report (two with a newer one not
 * yet published); one finished ahead of time and accepted (blue); one project far behind — red, with its supervision task for the housing bureau (the
 * demo's unit01) — and one yellow; an oversight group with a published
 * inspection and a supervision letter awaiting the bureau's reply. The
 * plan's dates are counted from the day the demo is made.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../core/workday.h"
#include "../count/council.h"
#include "../supervise/supervise.h"
#include "cli.h"

static const char *text(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A round's vote as a Pabulib file: of `voters` (default 60), voter v
 * approves project i when (37v + 11i) mod voters < approvals[i], up to
 * `slots` (default 10) each. */
char *ms_demo_pb_text(json_t *dl)
{
	json_int_t slots = json_integer_value(json_object_get(dl, "slots"));
	if (slots < 1)
		slots = 10;
	json_int_t voters = json_integer_value(json_object_get(dl, "voters"));
	if (voters < 1 || voters > 1000)
		voters = 60;
	json_t *projects = json_object_get(dl, "projects"), *appr = json_object_get(dl, "approvals"), *p;
	size_t n = json_array_size(projects), i, cap = 64 * 1024, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	int64_t budget = 0;
	json_array_foreach(projects, i, p) budget += json_integer_value(json_object_get(p, "cost"));
	len += (size_t)snprintf(s + len, cap - len,
				"META\nkey;value\ndescription;%s\ncountry;China\nunit;Jiangzhou\ninstance;%lld\n"
				"num_projects;%zu\nnum_votes;%lld\nbudget;%lld\nvote_type;approval\nmin_length;1\n"
				"max_length;%lld\nPROJECTS\nproject_id;cost;name\n",
				text(dl, "poll"), (long long)json_integer_value(json_object_get(dl, "year")), n,
				(long long)voters, (long long)budget, (long long)slots);
	json_array_foreach(projects, i, p) len += (size_t)snprintf(s + len, cap - len, "%zu;%lld;%s\n", i + 1,
								   (long long)json_integer_value(json_object_get(p, "cost")),
								   text(p, "title"));
	len += (size_t)snprintf(s + len, cap - len, "VOTES\nvoter_id;vote\n");
	for (json_int_t v = 1; v <= voters && len < cap - 256; v++) {
		len += (size_t)snprintf(s + len, cap - len, "%lld;", (long long)v);
		int any = 0;
		for (size_t k = 0; k < n; k++)
			if ((37 * v + 11 * (json_int_t)k) % voters < json_integer_value(json_array_get(appr, k)) && any < slots)
				len += (size_t)snprintf(s + len, cap - len, "%s%zu", any++ ? "," : "", k + 1);
		if (!any)
			len += (size_t)snprintf(s + len, cap - len, "1");
		len += (size_t)snprintf(s + len, cap - len, "\n");
	}
	return s;
}

static void day_str(int32_t d, char out[11])
{
	ms_day_format(d, out);
}

/* The plan of a project from `start` (planned 60 % by today). */
static json_t *plan_of(int64_t cost, int32_t today)
{
	char start[11], finish[11], m1[11], m2[11], m3[11];
	day_str(today - 300, start);
	day_str(today + 60, finish);
	day_str(today - 280, m1);
	day_str(today - 90, m2);
	day_str(today + 50, m3);
	return json_pack("{s:s, s:s, s:s, s:I, s:[{s:s, s:I}, {s:s, s:I}], s:[{s:s, s:s, s:i}, {s:s, s:s, s:i}, "
			 "{s:s, s:s, s:i}]}",
			 "targets", "按期完成建设任务并投入使用，群众满意", "start_on", start, "finish_on", finish, "budget",
			 (json_int_t)cost, "funding", "source", "市级财政", "amount", (json_int_t)(cost * 6 / 10), "source",
			 "区级财政", "amount", (json_int_t)(cost - cost * 6 / 10), "milestones", "title", "完成设计和招标",
			 "planned_on", m1, "percent", 10, "title", "主体工程完工", "planned_on", m2, "percent", 60, "title",
			 "竣工验收", "planned_on", m3, "percent", 95);
}

/* A ballot round's vote (cy compiling): the .pb of dl imported as its poll
 * and counted, then each candidate's category, place and unit. */
static int ballot_round(struct ms_db *db, json_t *dl, const struct ms_cycle *cy, const int64_t *unit_ids,
			size_t n_units, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	json_t *projects = json_object_get(dl, "projects"), *v;
	int64_t poll, *cands = NULL, cycle = cy->id, congress = cy->congress_id;
	size_t n_cands = 0, i;
	int rc;
	json_int_t slots = json_integer_value(json_object_get(dl, "slots"));
	if (slots < 1)
		slots = 10;
	/* The vote: the roster's deputies, `slots` places, more than half of all deputies. */
	struct ms_poll p = {.cycle_id = cycle, .congress_id = congress, .slots = (uint32_t)slots, .max_approvals = (uint32_t)slots,
			    .form = MS_FORM_PICK, .base = MS_BASE_ALL, .threshold_num = 1, .threshold_den = 2,
			    .threshold_strict = true, .quorum_num = 1, .quorum_den = 2, .deputies_all = -1};
	ms_strlcpy(p.title, text(dl, "poll"), sizeof p.title);
	char *pb = ms_demo_pb_text(dl);
	json_t *result = NULL;
	if (!pb)
		return ms_nomem(e);
	rc = ms_poll_import_pb(db, sys, &p, pb, strlen(pb), false, false, &poll, &result, e);
	free(pb);
	json_decref(result);
	if (rc || (rc = ms_candidate_ids(db, cycle, &cands, &n_cands, e)))
		goto done;
	json_array_foreach(projects, i, v) {
		if (i >= n_cands)
			break;
		size_t unit = (size_t)json_integer_value(json_object_get(v, "unit"));
		struct ms_candidate_in in = {.category = text(v, "category"), .location = text(v, "location"),
					     .has_unit = unit < n_units, .unit_id = unit < n_units ? unit_ids[unit] : 0};
		if ((rc = ms_candidate_update(db, sys, cands[i], &in, e)))
			goto done;
	}
done:
	free(cands);
	return rc;
}

/* A council round's meeting (cy compiling): dl's projects as candidates
 * (with their tiers), then the council's show of hands on each — `voters`
 * present of `members`, approvals[i] hands for — leaving cy in 票决. */
static int council_round(struct ms_db *db, json_t *dl, const struct ms_cycle *cy, const int64_t *unit_ids,
			 size_t n_units, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	json_t *projects = json_object_get(dl, "projects"), *v;
	size_t n = json_array_size(projects), i;
	struct ms_council_hands *hands = calloc(n + 1, sizeof *hands);
	if (!hands)
		return ms_nomem(e);
	int64_t present = json_integer_value(json_object_get(dl, "voters"));
	int rc = 0;
	json_array_foreach(projects, i, v) {
		size_t unit = (size_t)json_integer_value(json_object_get(v, "unit"));
		const char *tier = text(v, "tier");
		struct ms_candidate_in in = {.title = text(v, "title"), .category = text(v, "category"),
					     .location = text(v, "location"), .has_cost = true,
					     .cost = json_integer_value(json_object_get(v, "cost")),
					     .has_unit = unit < n_units, .unit_id = unit < n_units ? unit_ids[unit] : 0,
					     .has_tier = tier != NULL,
					     .tier = tier ? ms_names_find(&ms_tier_names, tier) : MS_TIER_PROJECT};
		if ((rc = ms_candidate_create(db, sys, cy, &in, &hands[i].candidate_id, e)))
			break;
		int64_t yes = json_integer_value(json_array_get(json_object_get(dl, "approvals"), i));
		hands[i].yes = yes;
		hands[i].no = present - yes - (present - yes) / 3;
		hands[i].abstain = present - yes - hands[i].no;
	}
	struct ms_cycle at = *cy;
	char held[11];
	day_str(ms_day_today() - 320, held);
	struct ms_council_meeting_in m = {.held_on = held,
					  .place = text(dl, "place"),
					  .members = json_integer_value(json_object_get(dl, "members")),
					  .present = present,
					  .quorum = MS_SHARE_MORE_THAN_HALF,
					  .adopt_base = MS_COUNCIL_BASE_PRESENT,
					  .adopt_share = MS_SHARE_MORE_THAN_HALF,
					  .minutes = text(dl, "minutes"),
					  .hands = hands,
					  .n_hands = n};
	int64_t meeting;
	if (!rc && !(rc = ms_cycle_advance(db, sys, cy->id, MS_PHASE_VOTE, e)) &&
	    !(rc = ms_cycle_get(db, cy->id, &at, NULL, e)))
		rc = ms_council_record(db, sys, &at, &m, &meeting, e);
	free(hands);
	return rc;
}

int ms_demo_round(struct ms_db *db, json_t *dl, json_t *texts, int64_t congress, const int64_t *unit_ids,
		  size_t n_units, int64_t *red_out, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	int64_t cycle, *cands = NULL;
	struct ms_cycle cy;
	int rc;
	*red_out = 0;
	if ((rc = ms_cycle_create(db, sys, congress, json_integer_value(json_object_get(dl, "year")), text(dl, "title"),
				  text(dl, "title_en"), &cycle, e)) ||
	    (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_COMPILE, e)) || (rc = ms_cycle_get(db, cycle, &cy, NULL, e)))
		return rc;
	if (cy.decision == MS_DECISION_COUNCIL) { /* a street's council decides by show of hands */
		if ((rc = council_round(db, dl, &cy, unit_ids, n_units, e)))
			goto out;
	} else if ((rc = ballot_round(db, dl, &cy, unit_ids, n_units, e)) ||
		   (rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_VOTE, e))) {
		goto out;
	}
	if ((rc = ms_cycle_advance(db, sys, cycle, MS_PHASE_IMPLEMENT, e)))
		goto out;
	/* Plans published at their start (the test clock, so no project is
	 * judged behind before it reports), then a report each today. */
	int32_t today = ms_day_today();
	char start[11], m1[11], m2[11], m3[11], on[11], m1_early[11], m2_early[11];
	day_str(today - 300, start);
	day_str(today - 270, m1);
	day_str(today - 85, m2);
	day_str(today - 285, m1_early); /* the plan's milestones are due on days -280 and -90 */
	day_str(today - 95, m2_early);
	day_str(today - 10, m3);
	day_str(today, on);
	struct ms_page all = {.page = 1, .per_page = 50};
	json_t *list = NULL;
	if ((rc = ms_project_list_cycle(db, cycle, &all, &list, e)))
		goto out;
	json_t *items = json_object_get(list, "items"), *pr;
	json_t *percents = json_object_get(dl, "percents");
	const char *was = getenv("MINSHENG_TODAY");
	char kept[16] = "";
	if (was)
		ms_strlcpy(kept, was, sizeof kept);
	size_t k;
	int64_t red = 0;
	json_array_foreach(items, k, pr) {
		int64_t id = json_integer_value(json_object_get(pr, "id")), cost = json_integer_value(json_object_get(pr, "cost")),
			version;
		json_t *plan = plan_of(cost, today);
		setenv("MINSHENG_TODAY", start, 1);
		rc = plan ? ms_plan_save(db, sys, id, plan, e) : ms_nomem(e);
		if (!rc)
			rc = ms_plan_publish(db, sys, id, &version, e);
		if (was)
			setenv("MINSHENG_TODAY", kept, 1);
		else
			unsetenv("MINSHENG_TODAY");
		json_decref(plan);
		int64_t pct = json_integer_value(json_array_get(percents, k));
		/* the projects on track reached their milestones on time, the others late */
		struct ms_reached reached[3] = {{1, pct >= 60 ? m1_early : m1}, {2, pct >= 60 ? m2_early : m2}, {3, m3}};
		struct ms_report_in in = {.body = text(texts, pct < 50 ? "report_behind" : "report"),
					  .percent_done = pct,
					  .spent = cost * pct / 100 * 9 / 10,
					  .reached = reached,
					  .n_reached = pct == 100 ? 3 : pct >= 60 ? 2 : 1};
		int64_t report;
		/* the last two's latest report waits for the clerk */
		bool waits = k + 2 >= json_array_size(items) && json_array_size(items) > 2;
		if (!rc && waits) { /* after an earlier one, published */
			struct ms_report_in was = in;
			was.percent_done = pct - 5;
			was.spent = cost * (pct - 5) / 100 * 9 / 10;
			was.body = text(texts, "report");
			in.n_reached = 0;
			if (!(rc = ms_report_file(db, sys, id, &was, &report, e)))
				rc = ms_report_publish(db, sys, report, e);
		}
		if (!rc)
			rc = ms_report_file(db, sys, id, &in, &report, e);
		if (!rc && !waits)
			rc = ms_report_publish(db, sys, report, e);
		if (!rc && pct == 100) /* finished ahead of time: accepted (验收), blue */
			rc = ms_project_accept(db, sys, id, on, text(texts, "acceptance"), e);
		if (rc)
			break;
		if (pct < 30)
			red = id;
	}
	json_decref(list);
	*red_out = red;
out:
	free(cands);
	return rc;
}

int ms_demo_delivery(struct ms_db *db, json_t *data, int64_t city, const int64_t *unit_ids, size_t n_units,
		     const struct ms_actor *deputies, size_t n_deputies, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	json_t *dl = json_object_get(data, "delivered");
	int64_t red;
	if (n_deputies < 8 || n_units < 10)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's data is malformed");
	int rc = ms_demo_round(db, dl, dl, city, unit_ids, n_units, &red, e);
	if (rc || !red)
		return rc;
	int32_t today = ms_day_today();
	/* The oversight group of the project far behind: deputy04 leads,
	 * deputy05 … deputy08 with it; an inspection, published; a letter. */
	int64_t members[4] = {deputies[4].id, deputies[5].id, deputies[6].id, deputies[7].id}, group, inspection, letter;
	struct ms_group_in g = {.name = "民生实事项目第一监督小组", .scope = MS_GROUP_PROJECT, .leader_id = deputies[3].id,
				.member_ids = members, .n_members = 4, .project_ids = &red, .n_projects = 1};
	char seen[11], due[11];
	day_str(today - 7, seen);
	day_str(today + 15, due);
	int64_t who[3] = {deputies[3].id, deputies[4].id, deputies[5].id};
	struct ms_inspection_in ins = {.project_id = red, .day = seen, .participant_ids = who, .n_participants = 3,
				       .findings = "现场查看发现：征迁协调尚未完成，两个片区施工未进场，进度明显滞后于"
						   "实施方案；已建成部分质量良好。建议牵头单位倒排工期，加快推进。"};
	if ((rc = ms_group_create(db, sys, city, &g, &group, e)) ||
	    (rc = ms_inspection_record(db, &deputies[3], group, &ins, &inspection, e)) ||
	    (rc = ms_inspection_publish(db, sys, inspection, e)))
		return rc;
	return ms_letter_send(db, &deputies[3], group, red,
			    "经视察，城区老旧小区改造提升项目进度滞后于实施方案。请贵局于期限内书面说明原因及整改措施。", due,
			    &letter, e);
}
