/*
 * history_http.c — a deputy's history of votes over HTTP (GET /me/history):
 * every poll and evaluation it was due to vote in, whatever the round's
 * phase, with whether it voted — never how (docs/secrecy.md: no ballot, box
 * or tracker is read; the tracker is kept on the deputy's own device and
 * checked against the public bulletin there) — the published result and
 * what became of the projects.
 */
#include "assess.h"

#include "../cycle/cycle.h"
#include "../vote/vote.h"

static const struct ms_name kind_v[] = {
	{"poll", "项目票决", "project vote"},
	{"evaluation", "满意度测评", "satisfaction evaluation"},
	{"review", "述职评议", "report-and-rate review"},
};
static const struct ms_names kind_names = MS_NAMES("history_kind", kind_v);

static const struct ms_field outcome_fields[] = {
	{.name = "status", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "final; runoff (a tie at the cut); invalid (more ballots returned than issued)"},
	MS_OUT("deputies_all", MS_F_INT), MS_OUT("deputies_present", MS_F_INT), MS_OUT("ballots_returned", MS_F_INT),
	MS_OUT("valid", MS_F_INT), MS_OUT("blank", MS_F_INT), MS_OUT("void", MS_F_INT),
	{.name = "n_selected", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "projects selected (null for an evaluation)"},
	{.name = "slots", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "places (null for an evaluation)"},
	MS_OUT("counted_at", MS_F_STR),
	{.name = "bulletin_hash", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "BLAKE2b-256 of the bulletin's ballots (null: counted before bulletins)"},
	{0}};
static const struct ms_view outcome_view = {"HistoryResult", outcome_fields, "the counts of a published result"};

static const struct ms_field line_fields[] = {
	MS_OUT("candidate_id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR),
	{.name = "outcome", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "a vote's outcome: selected (入选), not_selected (未入选), failed, over_budget, runoff; null for an "
		"evaluation"},
	{.name = "approvals", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "a vote's approvals (ranked: Borda points); null for an evaluation"},
	{.name = "verdict", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "an evaluation's verdict on the project (satisfied, basic, dissatisfied, none); null for a vote"},
	{.name = "project_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the project it became (null: not selected, or its round not yet in 实施)"},
	{.name = "state", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the project's state: planning, delivering, finished"},
	{.name = "light", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the project's warning light: green, yellow, red, blue (finished)"},
	{.name = "percent_done", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE},
	{.name = "latest_verdict", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the project's latest evaluation verdict, if it was evaluated"},
	{0}};
static const struct ms_view line_view = {"HistoryCandidate", line_fields,
					 "a candidate's count and outcome, and what became of its project"};

static const struct ms_field entry_fields[] = {
	MS_OUT("poll_id", MS_F_ID),
	{.name = "kind", .kind = MS_F_ENUM, .names = &kind_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "poll: a project vote (its result at /polls/{id}/result); evaluation: a year-end satisfaction "
		"evaluation (its result at /evaluations/{id}/result)"},
	MS_OUT("cycle_id", MS_F_ID), MS_OUT("cycle_title", MS_F_STR), MS_OUT_NULL("cycle_title_en", MS_F_STR),
	MS_OUT("cycle_year", MS_F_INT),
	{.name = "cycle_phase", .kind = MS_F_ENUM, .names = &ms_phase_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("title", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_poll_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "ballot_form", .kind = MS_F_ENUM, .names = &ms_ballot_form_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("opened_at", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR),
	{.name = "present", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "checked in at the desk"},
	{.name = "cast", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "voted (that it voted, never how: the server keeps no link from a deputy to a ballot)"},
	{.name = "result", .kind = MS_F_OBJECT, .view = &outcome_view, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "once closed: the published result's counts"},
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &line_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "once closed: every candidate by rank, with its project's fate; empty before"},
	{0}};
static const struct ms_view entry_view = {"HistoryEntry", entry_fields,
					  "a poll or evaluation the deputy was due to vote in, and what came of it"};

static int h_history(struct ms_ctx *c, json_t **out)
{
	return ms_history_list(c->db, c->who.id, &c->page, out, &c->err);
}

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/me/history", .fn = h_history, .access = MS_ACCESS_LOGIN, .flags = MS_ROUTE_PAGED,
	 .returns = &entry_view,
	 .summary = "the logged-in deputy's history: every poll and evaluation it was due to vote in (newest first), "
		    "whatever the round's phase — whether it voted (never how), the result, what became of the "
		    "projects; none for others"},
};
const struct ms_routes ms_history_routes = MS_ROUTES(routes);
