/*
 * preference_http.c — the public preference poll (群众网络投票) over HTTP:
 * the congress's staff set a poll up on a round, open and close it and see
 * its code batches; residents read it, ask for a code by phone, vote with a
 * code (no login); everyone reads the result once the poll is over (or
 * while it runs when it is live) — always labelled as advice, never the
 * congress's decision. The slips of a batch are printed by
 * report/pref_slips_http.c.
 */
#include "preference.h"
#include "liaison_http.h"

#include <stdio.h>
#include <stdlib.h>

#include "../auth/auth.h"
#include "../count/count.h"
#include "../cycle/cycle.h"
#include "../org/org.h"
#include "../store/store.h"
#include "preference_internal.h"

/* ---- views ---- */

static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_view words_view = {"PreferenceWords", words_fields, "a text in Chinese and English"};

static const struct ms_field project_fields[] = {
	MS_OUT("id", MS_F_ID),		  MS_OUT("title", MS_F_STR),	     MS_OUT_NULL("title_en", MS_F_STR),
	MS_OUT("description", MS_F_STR), MS_OUT("category", MS_F_STR),
	{.name = "cost", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "yuan"},
	{0}};
static const struct ms_view project_view = {"PreferenceProject", project_fields, "a candidate project of the poll"};

static const struct ms_field poll_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("cycle_id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("year", MS_F_INT),
	MS_OUT("title", MS_F_STR),
	{.name = "budget", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "yuan a resident may spend"},
	MS_OUT("opens_at", MS_F_STR), MS_OUT("closes_at", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_pref_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "greedy", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "advice by greedy (by approvals)"},
	{.name = "mes", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "advice by Equal Shares"},
	{.name = "live", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "result shown while voting runs"},
	MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("opened_at", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR),
	{.name = "voting", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "whether it takes votes now"},
	{.name = "over", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "closed, or past its closing time"},
	{.name = "advice", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the label: residents' advice, never the congress's decision"},
	{.name = "projects", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &project_view,
	 .doc = "its projects (one poll only)"},
	{.name = "rules", .kind = MS_F_OBJECT, .view = &words_view, .doc = "the rules in words (one poll only)"},
	{0}};
static const struct ms_view poll_view = {"PreferencePoll", poll_fields,
					 "a public preference poll (群众网络投票) on a round's draft candidates"};
static const struct ms_field list_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &poll_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view list_view = {"PreferencePollList", list_fields, "preference polls"};

static const struct ms_field batch_fields[] = {
	MS_OUT("id", MS_F_ID),
	MS_OUT_NULL("station_id", MS_F_ID),
	MS_OUT_NULL("station_name", MS_F_STR),
	MS_OUT_NULL("deputy_id", MS_F_ID),
	MS_OUT_NULL("deputy_name", MS_F_STR),
	MS_OUT("note", MS_F_STR),
	MS_OUT("count", MS_F_INT),
	MS_OUT("first_serial", MS_F_INT),
	MS_OUT("created_at", MS_F_STR),
	{.name = "used", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "codes of the batch that voted"},
	{0}};
static const struct ms_view batch_view = {"PreferenceBatch", batch_fields,
					  "a batch of one-time codes printed for a station or a deputy"};
static const struct ms_field batches_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &batch_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view batches_view = {"PreferenceBatchList", batches_fields, "a poll's code batches"};

static const struct ms_field measure_fields[] = {
	{.name = "rule", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "greedy or mes (Equal Shares)"},
	{.name = "selected", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "by the rule, as the ballots are"},
	{.name = "max_cost", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "yuan: the largest cost (0 to the budget) at which the rule selects it, all else unchanged (null: none)"},
	{.name = "add_singletons", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the least number of new ballots approving it alone that make the rule select it (0 when selected; "
		"null: none would, or more than 4,000,000)"},
	{.name = "add_approvals", .kind = MS_F_INT, .flags = MS_FIELD_NULLABLE,
	 .doc = "the least number of the deputies who did not approve it who, approving it too, would make the rule "
		"select it — the most favourable such deputies; fewer never would (0 when selected; null: none would; "
		"absent from results closed before it was computed)"},
	{.name = "lose_approvals", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "a selected project: the most of its approvers who could stop approving it with the rule still "
		"selecting it; more never could (greedy: any that many; Equal Shares: those counting least for it). Null "
		"otherwise, and under Equal Shares in results closed before it was computed"},
	{.name = "text", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the measures in one sentence, as the result page prints them"},
	{0}};
static const struct ms_view measure_view = {"PreferenceMeasure", measure_fields,
					    "a project's performance measures under a rule (Boehmer et al. 2024)"};
static const struct ms_field tally_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT("cost", MS_F_INT), MS_OUT("approvals", MS_F_INT),
	{.name = "measures", .kind = MS_F_OBJECT, .view = &measure_view,
	 .doc = "once the poll is closed and when it uses greedy: how far the project was from being selected by "
		"greedy, or how much room it had"},
	{.name = "mes_measures", .kind = MS_F_OBJECT, .view = &measure_view,
	 .doc = "the same under Equal Shares, once the poll is closed and when it uses Equal Shares (left out for a "
		"poll too large to compute them at its close)"},
	{0}};
static const struct ms_view tally_view = {"PreferenceTally", tally_fields, "a project's approvals"};
static const struct ms_field selection_fields[] = {
	{.name = "selected", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED,
	 .doc = "the projects the rule takes, in the order taken"},
	{.name = "total_cost", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view selection_view = {"PreferenceSelection", selection_fields, "an advisory selection"};
static const struct ms_field result_fields[] = {
	MS_OUT("id", MS_F_ID),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_pref_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "final", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "voting is over: it will not change"},
	MS_OUT("ballots", MS_F_INT), MS_OUT("budget", MS_F_INT),
	{.name = "projects", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &tally_view, .flags = MS_FIELD_REQUIRED},
	{.name = "greedy", .kind = MS_F_OBJECT, .view = &selection_view, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "greedy by approvals (null when the poll does not use it)"},
	{.name = "mes", .kind = MS_F_OBJECT, .view = &selection_view, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "Equal Shares (null when the poll does not use it)"},
	{.name = "advice", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the label: residents' advice, never the congress's decision"},
	{0}};
static const struct ms_view result_view = {"PreferenceResult", result_fields,
					   "a preference poll's result: advice to the congress, never its decision"};

static const struct ms_field sent_fields[] = {MS_OUT("sent", MS_F_BOOL), {0}};
static const struct ms_view sent_view = {"PreferenceCodeSent", sent_fields, "a code was sent to the number"};
static const struct ms_field taken_fields[] = {
	MS_OUT("accepted", MS_F_BOOL),
	{.name = "advice", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view taken_view = {"PreferenceBallotTaken", taken_fields, "a ballot was taken"};

/* ---- bodies ---- */

static const struct ms_field create_body[] = {
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_PREF_TITLE_MAX},
	{.name = "budget", .kind = MS_F_INT, .flags = MS_FIELD_NULLABLE, .min = 1, .max = 1000000000000000LL,
	 .doc = "yuan a resident may spend (default: the budget of the round's congress poll)"},
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_PREF_CHOICES_MAX,
	 .doc = "the round's candidates in the poll (default: all)"},
	{.name = "opens_at", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 20, .max = 20,
	 .doc = "UTC, YYYY-MM-DDTHH:MM:SSZ"},
	{.name = "closes_at", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 20, .max = 20,
	 .doc = "UTC, after opens_at"},
	{.name = "greedy", .kind = MS_F_BOOL, .doc = "advice by greedy, by approvals (default true)"},
	{.name = "mes", .kind = MS_F_BOOL, .doc = "advice by Equal Shares (default true)"},
	{.name = "live", .kind = MS_F_BOOL, .doc = "show the result while voting runs (default false)"},
	{0}};
/* A draft's change: only the fields given. */
static const struct ms_field edit_body[] = {
	{.name = "title", .kind = MS_F_STR, .min = 1, .max = MS_PREF_TITLE_MAX},
	{.name = "budget", .kind = MS_F_INT, .min = 1, .max = 1000000000000000LL, .doc = "yuan a resident may spend"},
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_PREF_CHOICES_MAX,
	 .doc = "the round's candidates in the poll (an empty list: all)"},
	{.name = "opens_at", .kind = MS_F_STR, .min = 20, .max = 20, .doc = "UTC, YYYY-MM-DDTHH:MM:SSZ"},
	{.name = "closes_at", .kind = MS_F_STR, .min = 20, .max = 20, .doc = "UTC, after opens_at"},
	{.name = "greedy", .kind = MS_F_BOOL, .doc = "advice by greedy, by approvals"},
	{.name = "mes", .kind = MS_F_BOOL, .doc = "advice by Equal Shares"},
	{.name = "live", .kind = MS_F_BOOL, .doc = "show the result while voting runs"},
	{0}};
static const struct ms_field empty_body[] = {{0}};
static const struct ms_field phone_body[] = {
	{.name = "phone", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_PREF_PHONE_MAX,
	 .doc = "a mainland mobile number"},
	{0}};
static const struct ms_field ballot_body[] = {
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_PREF_CODE_TYPED_MAX,
	 .doc = "the one-time code, as typed (hyphens and spaces allowed)"},
	{.name = "choices", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .max = MS_PREF_CHOICES_MAX,
	 .doc = "the projects approved, within the budget"},
	{0}};

/* ---- handlers ---- */


/* A poll's settings as the body gives them (create and edit); .candidates
 * malloc'd (NULL when out of memory), freed by the caller. */
static struct ms_pref_in pref_in(struct ms_ctx *c)
{
	size_t n = 0;
	int64_t *cands = ms_api_ints(c, "candidates", &n);
	return (struct ms_pref_in){.title = ms_api_str(c, "title"),
				   .has_budget = ms_api_has(c, "budget"),
				   .budget = ms_api_int(c, "budget", 0),
				   .candidates = cands,
				   .n_candidates = n,
				   .opens_at = ms_api_str(c, "opens_at"),
				   .closes_at = ms_api_str(c, "closes_at"),
				   .greedy = ms_api_bool(c, "greedy", true),
				   .mes = ms_api_bool(c, "mes", true),
				   .live = ms_api_bool(c, "live", false)};
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	int64_t id = 0;
	struct ms_pref_in in = pref_in(c);
	int rc = !in.candidates ? ms_nomem(&c->err) : ms_pref_create(c->db, &c->who, c->id, &in, &id, &c->err);
	free((void *)in.candidates);
	return rc ? rc : ms_pref_get(c->db, id, out, &c->err);
}

static int h_edit(struct ms_ctx *c, json_t **out)
{
	static const char *const names[] = {"title", "budget", "candidates", "opens_at",
					    "closes_at", "greedy", "mes", "live"};
	unsigned given = 0;
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (ms_api_has(c, names[k]))
			given |= 1u << k;
	struct ms_pref_in in = pref_in(c);
	in.has_budget = true; /* given says whether it was sent */
	int rc = !in.candidates ? ms_nomem(&c->err) : ms_pref_edit(c->db, &c->who, c->id, &in, given, &c->err);
	free((void *)in.candidates);
	return rc ? rc : ms_pref_get(c->db, c->id, out, &c->err);
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_pref_list(c->db, c->id, ms_api_staff(c, c->congress_id), out, &c->err);
}

static int h_public(struct ms_ctx *c, json_t **out)
{
	return ms_pref_list_public(c->db, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_pref_read(c->db, c->id, ms_api_staff(c, c->congress_id), out, &c->err);
}

static int h_open(struct ms_ctx *c, json_t **out)
{
	int rc = ms_pref_open(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_pref_get(c->db, c->id, out, &c->err);
}

static int h_close(struct ms_ctx *c, json_t **out)
{
	int rc = ms_pref_close(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_pref_get(c->db, c->id, out, &c->err);
}

static int h_batches(struct ms_ctx *c, json_t **out)
{
	return ms_pref_batches(c->db, c->id, out, &c->err);
}

/* The request is counted in a transaction of its own, committed even when
 * the request is refused, so refusals count against the limits too. */
static int h_phone(struct ms_ctx *c, json_t **out)
{
	char address[64];
	int64_t wait = 0;
	ms_liaison_address(c, address, sizeof address);
	const char *phone = ms_api_str(c, "phone");
	int rc = ms_api_begin(c, true);
	if (!rc && !(rc = ms_pref_phone_count(c->db, phone, address, &wait, &c->err)))
		rc = ms_db_commit(c->db, &c->err);
	if (rc == MS_ERR_TOO_MANY) {
		struct ms_error scratch = {0};
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)(wait > 0 ? wait : 1));
		(void)ms_http_response_header(c->resp, "Retry-After", v);
		(void)ms_db_commit(c->db, &scratch); /* the count stays, the request is refused */
		return MS_ERR_TOO_MANY;
	}
	if (rc || (rc = ms_api_begin(c, true)) || (rc = ms_pref_phone_code(c->db, c->id, phone, address, &c->err)))
		return rc;
	return ms_api_answer(c, json_pack("{s:b}", "sent", 1), out);
}

static int h_ballot(struct ms_ctx *c, json_t **out)
{
	size_t n = 0;
	int64_t *choices = ms_api_ints(c, "choices", &n);
	int rc = !choices ? ms_nomem(&c->err)
			  : ms_pref_vote(c->db, c->id, ms_api_str(c, "code"), choices, n, &c->err);
	free(choices);
	return rc ? rc : ms_api_answer(c, json_pack("{s:b, s:o}", "accepted", 1, "advice", ms_pref_advice()), out);
}

static int h_result(struct ms_ctx *c, json_t **out)
{
	return ms_pref_result(c->db, c->id, ms_api_staff(c, c->congress_id), out, &c->err);
}

static int h_pb(struct ms_ctx *c, json_t **out)
{
	(void)out;
	int rc = ms_pref_export_pb(c->db, c->id, ms_api_staff(c, c->congress_id), &c->raw, &c->raw_len, &c->err);
	if (rc)
		return rc;
	c->raw_type = "text/plain; charset=utf-8";
	snprintf(c->raw_disposition, sizeof c->raw_disposition,
		 "attachment; filename=\"minsheng-preference-%lld.pb\"", (long long)c->id);
	return 0;
}

/* ---- routes ---- */

static const struct ms_code *const create_errors[] = {
	&MS_E_PREF_BUDGET_NEEDED, &MS_E_PREF_TIMES,	 &MS_E_PREF_TIME_FORMAT, &MS_E_PREF_NO_RULE,
	&MS_E_PREF_NOT_CANDIDATE, &MS_E_PREF_CANDIDATE_TWICE, &MS_E_PREF_NO_CANDIDATES, &MS_E_WRONG_PHASE, &MS_E_PREF_BUDGET_SMALL, NULL};
static const struct ms_code *const status_errors[] = {&MS_E_PREF_STATUS, NULL};
static const struct ms_code *const edit_errors[] = {
	&MS_E_PREF_STATUS,	   &MS_E_PREF_BUDGET_NEEDED,   &MS_E_PREF_TIMES,	 &MS_E_PREF_TIME_FORMAT,
	&MS_E_PREF_NO_RULE,	   &MS_E_PREF_NOT_CANDIDATE,   &MS_E_PREF_CANDIDATE_TWICE, &MS_E_PREF_NO_CANDIDATES,
	&MS_E_WRONG_PHASE,	   &MS_E_PREF_BUDGET_SMALL,    NULL};
static const struct ms_code *const phone_errors[] = {
	&MS_E_PREF_NOT_OPEN,	&MS_E_PREF_PHONE_INVALID, &MS_E_PREF_PHONE_USED,  &MS_E_PREF_PHONE_LIMIT,
	&MS_E_PREF_ADDRESS_LIMIT, &MS_E_PREF_NO_SENDER,	&MS_E_PREF_SEND_FAILED, NULL};
static const struct ms_code *const ballot_errors[] = {
	&MS_E_PREF_NOT_OPEN,	  &MS_E_PREF_CODE_UNKNOWN,  &MS_E_PREF_CODE_USED,	 &MS_E_PREF_OVER_BUDGET,
	&MS_E_PREF_CHOICE_UNKNOWN, &MS_E_PREF_CHOICE_TWICE, &MS_E_PREF_EMPTY_BALLOT, NULL};
static const struct ms_code *const result_errors[] = {&MS_E_PREF_RESULT_LATER, NULL};
static const struct ms_code *const pb_errors[] = {&MS_E_PREF_RESULT_LATER, &MS_E_PB_INVALID_SPEC, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/cycles/{id}/preference-polls", .fn = h_create, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = create_body, .flags = MS_ROUTE_CREATES, .returns = &poll_view,
	 .errors = create_errors,
	 .summary = "set up a public preference poll (群众网络投票) on a round that collects or compiles: its "
		    "candidates, the budget a resident may spend, its times and its advisory rules"},
	{.method = "GET", .pattern = "/cycles/{id}/preference-polls", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_cycle_owner, .returns = &list_view, .summary = "the round's preference polls"},
	{.method = "GET", .pattern = "/preference-polls", .fn = h_public, .access = MS_ACCESS_PUBLIC,
	 .returns = &list_view, .summary = "the preference polls that are open or over, newest first (at most 100)"},
	{.method = "GET", .pattern = "/preference-polls/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_pref_owner, .returns = &poll_view,
	 .summary = "a preference poll: its projects with cost and description, its budget, times and rules in "
		    "words, and the label that its result is advice, never the congress's decision (a draft: the "
		    "staff's only)"},
	{.method = "PATCH", .pattern = "/preference-polls/{id}", .fn = h_edit, .access = MS_ACCESS_STAFF,
	 .owner = ms_pref_owner, .body = edit_body, .returns = &poll_view, .errors = edit_errors,
	 .summary = "change a draft preference poll (only the fields given): its title, budget, times, candidates and "
		    "rules; refused once it is open"},
	{.method = "POST", .pattern = "/preference-polls/{id}/open", .fn = h_open, .access = MS_ACCESS_STAFF,
	 .owner = ms_pref_owner, .body = empty_body, .returns = &poll_view, .errors = status_errors,
	 .summary = "open the poll: residents vote from its opening time until its closing time"},
	{.method = "POST", .pattern = "/preference-polls/{id}/close", .fn = h_close, .access = MS_ACCESS_STAFF,
	 .owner = ms_pref_owner, .body = empty_body, .returns = &poll_view, .errors = status_errors,
	 .summary = "close the poll now: the result is computed once, stored, final and public"},
	{.method = "GET", .pattern = "/preference-polls/{id}/code-batches", .fn = h_batches, .access = MS_ACCESS_STAFF,
	 .owner = ms_pref_owner, .returns = &batches_view,
	 .summary = "the batches of codes printed, each with its station or deputy and how many of them voted"},
	{.method = "POST", .pattern = "/preference-polls/{id}/phone-code", .fn = h_phone, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_pref_owner, .body = phone_body, .flags = MS_ROUTE_NO_CSRF | MS_ROUTE_SELF_TX,
	 .returns = &sent_view, .errors = phone_errors,
	 .summary = "send a one-time code to a mobile number (one per number per poll; requests limited per number across polls and per "
		    "client address; the number is kept only as a keyed hash)"},
	{.method = "POST", .pattern = "/preference-polls/{id}/ballots", .fn = h_ballot, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_pref_owner, .body = ballot_body, .flags = MS_ROUTE_NO_CSRF | MS_ROUTE_CREATES,
	 .returns = &taken_view, .errors = ballot_errors,
	 .summary = "vote with a one-time code: approve projects within the budget (no login; the ballot names "
		    "nobody and is not linked to the code)"},
	{.method = "GET", .pattern = "/preference-polls/{id}/result", .fn = h_result, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_pref_owner, .returns = &result_view, .errors = result_errors,
	 .summary = "approvals per project and the advisory selections (greedy, Equal Shares) — advice, never the "
		    "congress's decision; public once over (or live), the staff's at any time"},
	{.method = "GET", .pattern = "/preference-polls/{id}/pb", .fn = h_pb, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_pref_owner, .flags = MS_ROUTE_RAW, .raw_type = "text/plain", .errors = pb_errors,
	 .summary = "the anonymous ballots as a Pabulib .pb file (public once the poll is over, even a live one; staff: "
		    "any time)"},
};
const struct ms_routes ms_pref_routes = MS_ROUTES(routes);
