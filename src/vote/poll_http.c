/* poll_http.c — setting up polls: a round's polls, one poll, a new poll,
 * and the rule in words for settings being drafted (the set-up form's
 * preview asks here, so the words are the server's own). */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../count/satisfaction.h"
#include "vote_http.h"
#include "vote_internal.h"

/* ---- the shapes ---- */

const struct ms_field ms_rate_item_fields[] = {
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 60, .doc = "e.g. 进度"},
	{.name = "name_en", .kind = MS_F_STR, .max = 100, .doc = "e.g. Progress"},
	{0}};

static const struct ms_field rule_text_fields[] = {
	MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR),
	{0}};
const struct ms_view ms_rule_text_view = {"RuleText", rule_text_fields, "the counting rule in words"};

static const struct ms_field summary_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("cycle_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_poll_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "ballot_form", .kind = MS_F_ENUM, .names = &ms_ballot_form_names, .flags = MS_FIELD_REQUIRED},
	{.name = "electorate", .kind = MS_F_ENUM, .names = &ms_electorate_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("slots", MS_F_INT), MS_OUT("max_approvals", MS_F_INT), MS_OUT("created_at", MS_F_STR),
	MS_OUT_NULL("opened_at", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR),
	{0}};
const struct ms_view ms_poll_summary_view = {"PollSummary", summary_fields, "one poll of a round's list"};

static const struct ms_field me_fields[] = {
	MS_OUT("present", MS_F_BOOL), MS_OUT("voted", MS_F_BOOL),
	{.name = "scrutineer", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "a scrutineer of this poll"},
	{0}};

static const struct ms_field poll_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("cycle_id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_poll_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "ballot_form", .kind = MS_F_ENUM, .names = &ms_ballot_form_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("slots", MS_F_INT), MS_OUT("max_approvals", MS_F_INT),
	{.name = "threshold_base", .kind = MS_F_ENUM, .names = &ms_threshold_base_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("threshold_num", MS_F_INT), MS_OUT("threshold_den", MS_F_INT), MS_OUT("threshold_strict", MS_F_BOOL),
	MS_OUT_NULL("budget", MS_F_INT), MS_OUT("quorum_num", MS_F_INT), MS_OUT("quorum_den", MS_F_INT),
	MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("opened_at", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR),
	{.name = "shares_needed", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "k: the scrutineers' shares that open the ballots (null: no scrutineers named yet)"},
	{.name = "voting_mode", .kind = MS_F_ENUM, .names = &ms_voting_mode_names, .flags = MS_FIELD_REQUIRED},
	{.name = "electorate", .kind = MS_F_ENUM, .names = &ms_electorate_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "who is due to vote: every deputy, or the standing committee's members"},
	{.name = "rate_abstain", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "evaluations: 弃权 (abstain) is a choice on the ballot"},
	{.name = "rate_items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = ms_rate_item_fields,
	 .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "evaluations with sub-item scoring: the sub-items each project is rated on; null: rated as a whole"},
	{.name = "rate_combine", .kind = MS_F_ENUM, .names = &ms_combine_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "evaluations with sub-items: pooled (their tallies added, against sub-items × the base) or worst (the "
		"worst sub-item's verdict)"},
	{.name = "sealed", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "its ballots are sealed to a key the scrutineers hold (from the open)"},
	{.name = "live_counts", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "while it is open the hall's screens show each project's count so far (an open count, 公开计数)"},
	{.name = "review_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "a report-and-rate review's rating poll: the review (closed, read and its bulletin at /reviews/{id}/…)"},
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_candidate_view, .flags = MS_FIELD_REQUIRED},
	{.name = "deputies_all", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "the deputies of the congress (frozen when the poll opens)"},
	MS_OUT("deputies_present", MS_F_INT), MS_OUT("ballots_cast", MS_F_INT), MS_OUT("quorum_met", MS_F_BOOL),
	{.name = "rule_text", .kind = MS_F_OBJECT, .view = &ms_rule_text_view, .flags = MS_FIELD_REQUIRED},
	{.name = "runoff_of", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE,
	 .doc = "a run-off: the poll whose tie at the cut it decides"},
	{.name = "runoff_poll_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE,
	 .doc = "the run-off set up from this poll's tie at the cut"},
	{.name = "me", .kind = MS_F_OBJECT, .sub = me_fields,
	 .doc = "for a logged-in deputy of the poll's congress: checked in, voted"},
	{0}};
const struct ms_view ms_poll_view_shape = {"Poll", poll_fields, "a poll: its settings, candidates and turnout"};

/* ---- the settings (shared with the .pb import) ---- */

#define POLL_SETTINGS                                                                                    \
	{.name = "title", .kind = MS_F_STR, .min = 1, .max = MS_TITLE_MAX, .doc = "default: the round's title"}, \
	{.name = "slots", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 10000,        \
	 .doc = "N: the places"},                                                                        \
	{.name = "max_approvals", .kind = MS_F_INT, .min = 1, .max = 10000, .doc = "default: slots"},     \
	{.name = "threshold_base", .kind = MS_F_ENUM, .names = &ms_threshold_base_names, .doc = "default: all"}, \
	{.name = "threshold_num", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "default 1 (of 1/2)"}, \
	{.name = "threshold_den", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "default 2"},          \
	{.name = "threshold_strict", .kind = MS_F_BOOL, .doc = "true (default): more than; false: at least"}, \
	{.name = "quorum_num", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "default 1 (of 1/2)"},    \
	{.name = "quorum_den", .kind = MS_F_INT, .min = 1, .max = 1000, .doc = "default 2"},             \
	{.name = "budget", .kind = MS_F_INT, .flags = MS_FIELD_NULLABLE, .min = 0, .max = MS_COST_MAX,  \
	 .doc = "yuan; the selected projects' costs must fit"},                                          \
	{.name = "ballot_form", .kind = MS_F_ENUM, .names = &ms_ballot_form_names, .doc = "default: pick"},      \
	{.name = "voting_mode", .kind = MS_F_ENUM, .names = &ms_voting_mode_names,                          \
	 .doc = "default: login; code_sheet: deputies vote with one-time codes drawn at the desk, no login"}, \
	{.name = "live_counts", .kind = MS_F_BOOL,                                                       \
	 .doc = "default false; true: while the poll is open the hall's screens show each project's count of the " \
		"electronic ballots so far (pick and approve / oppose ballots of at most 200 candidates)"}

static const struct ms_field create_body[] = {
	POLL_SETTINGS,
	{.name = "candidate_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_NULLABLE, .max = 10000,
	 .doc = "default: every candidate of the round"},
	{.name = "scrutineer_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .min = 1, .max = MS_SCRUTINEERS_MAX,
	 .doc = "the scrutineers (监票人) the session approved; may be named later (PUT /polls/{id}/scrutineers)"},
	{.name = "shares_needed", .kind = MS_F_INT, .min = 1, .max = MS_SCRUTINEERS_MAX,
	 .doc = "k of the scrutineers' shares open the ballots; default: a majority"},
	{0}};
static const struct ms_field preview_body[] = {
	POLL_SETTINGS,
	{.name = "candidate_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_NULLABLE, .max = 10000},
	{.name = "scrutineer_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = MS_SCRUTINEERS_MAX, .doc = "ignored here"},
	{.name = "shares_needed", .kind = MS_F_INT, .min = 1, .max = MS_SCRUTINEERS_MAX, .doc = "ignored here"},
	{.name = "deputies_all", .kind = MS_F_INT, .min = 0, .max = 1000000,
	 .doc = "default: the congress's deputies now"},
	{0}};
static const struct ms_field import_body[] = {
	POLL_SETTINGS, {.name = "pb", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_VERBATIM, .min = 1, .doc = "a Pabulib .pb file"}, {0}};

void ms_poll_rule_read(struct ms_ctx *c, struct ms_poll *p)
{
	p->base = ms_api_enum(c, "threshold_base", &ms_threshold_base_names, MS_BASE_ALL);
	p->threshold_num = (uint32_t)ms_api_int(c, "threshold_num", 1);
	p->threshold_den = (uint32_t)ms_api_int(c, "threshold_den", 2);
	p->threshold_strict = ms_api_bool(c, "threshold_strict", true);
	p->quorum_num = (uint32_t)ms_api_int(c, "quorum_num", 1);
	p->quorum_den = (uint32_t)ms_api_int(c, "quorum_den", 2);
}

/* Read the settings of the body (checked by its field table) into *p. */
static void settings(struct ms_ctx *c, const char *default_title, struct ms_poll *p)
{
	const char *title = ms_api_str(c, "title");
	ms_strlcpy(p->title, title ? title : default_title, sizeof p->title);
	p->form = ms_api_enum(c, "ballot_form", &ms_ballot_form_names, MS_FORM_PICK);
	p->mode = ms_api_enum(c, "voting_mode", &ms_voting_mode_names, MS_MODE_LOGIN);
	p->slots = (uint32_t)ms_api_int(c, "slots", 1);
	p->max_approvals = (uint32_t)ms_api_int(c, "max_approvals", p->slots);
	ms_poll_rule_read(c, p);
	p->has_budget = ms_api_has(c, "budget");
	p->budget = ms_api_int(c, "budget", 0);
	p->live_counts = ms_api_bool(c, "live_counts", false);
}

/* The round {id} (its title in *title: the default title of a poll), and
 * the poll's settings and candidates from the body into *p. */
static int draft(struct ms_ctx *c, struct ms_poll *p)
{
	json_t *cyj = NULL;
	struct ms_cycle cy;
	int rc = ms_cycle_get(c->db, c->id, &cy, &cyj, &c->err);
	if (rc)
		return rc;
	*p = (struct ms_poll){.cycle_id = c->id, .congress_id = cy.congress_id, .deputies_all = -1};
	settings(c, json_string_value(json_object_get(cyj, "title")), p);
	json_decref(cyj);
	if (!ms_api_has(c, "candidate_ids"))
		return ms_candidate_ids(c->db, c->id, &p->candidate_ids, &p->n_candidates, &c->err);
	json_t *ids = json_object_get(c->body, "candidate_ids");
	p->n_candidates = json_array_size(ids);
	if (!(p->candidate_ids = calloc(p->n_candidates + 1, sizeof *p->candidate_ids)))
		return ms_nomem(&c->err);
	for (size_t i = 0; i < p->n_candidates; i++)
		p->candidate_ids[i] = json_integer_value(json_array_get(ids, i));
	return 0;
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_poll_list(c->db, c->id, &c->page, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_poll_view(c->db, c->id, c->authed ? &c->who : NULL, out, &c->err);
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	struct ms_poll p;
	int64_t id;
	int rc = draft(c, &p);
	if (!rc && !(rc = ms_poll_create(c->db, &c->who, &p, &id, &c->err)) &&
	    (!ms_api_has(c, "scrutineer_ids") || !(rc = ms_scrutineers_from_body(c->db, &c->who, id, c->body, &c->err))))
		rc = ms_poll_view(c->db, id, &c->who, out, &c->err);
	ms_poll_fini(&p);
	return rc;
}

/* The rule in words for drafted settings, checked as creation checks them
 * (errors as there), without saving anything. */
static int h_preview(struct ms_ctx *c, json_t **out)
{
	struct ms_poll p;
	int64_t all = 0;
	int rc = draft(c, &p);
	if (!rc && p.form == MS_FORM_RATE)
		rc = ms_fail(&c->err, MS_E_RATE_POLL_ELSEWHERE, "ballot_form");
	if (!rc && !(rc = ms_poll_check(&p, &c->err)) && !(rc = ms_deputy_count(c->db, p.congress_id, &all, &c->err))) {
		struct ms_count_params cp;
		ms_poll_params(&p, ms_api_int(c, "deputies_all", all), 0, &cp);
		rc = ms_api_answer(c, ms_poll_rule_text(&cp), out);
	}
	ms_poll_fini(&p);
	return rc;
}

static int h_import(struct ms_ctx *c, json_t **out)
{
	json_t *cyj = NULL, *res = NULL, *view = NULL;
	struct ms_cycle cy;
	int64_t id;
	int rc = ms_cycle_get(c->db, c->id, &cy, &cyj, &c->err);
	if (rc)
		return rc;
	struct ms_poll p = {.cycle_id = c->id, .congress_id = cy.congress_id, .deputies_all = -1};
	settings(c, json_string_value(json_object_get(cyj, "title")), &p);
	p.live_counts = false; /* counted at once: nothing to show live */
	json_decref(cyj);
	const char *pb = ms_api_str(c, "pb");
	if ((rc = ms_poll_import_pb(c->db, &c->who, &p, pb, strlen(pb), ms_api_present(c, "budget"),
				    ms_api_present(c, "max_approvals"), &id, &res, &c->err)) ||
	    (rc = ms_poll_view(c->db, id, &c->who, &view, &c->err))) {
		json_decref(res);
		return rc;
	}
	return ms_api_answer(c, json_pack("{s:o, s:o}", "poll", view, "result", res), out);
}

static const struct ms_field imported_fields[] = {
	{.name = "poll", .kind = MS_F_OBJECT, .view = &ms_poll_view_shape, .flags = MS_FIELD_REQUIRED},
	{.name = "result", .kind = MS_F_OBJECT, .view = &ms_result_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view imported_view = {"ImportedPoll", imported_fields, "the poll made from a .pb file and its result"};

static const struct ms_code *const create_errors[] = {
	&MS_E_WRONG_PHASE, &MS_E_NOT_COMPETITIVE, &MS_E_QUORUM_OVER_ONE, &MS_E_CANDIDATE_NOT_IN_CYCLE,
	&MS_E_CANDIDATE_LISTED_TWICE, &MS_E_SCRUTINEER_COUNT, &MS_E_NOT_A_DEPUTY, &MS_E_SCRUTINEER_TWICE,
	&MS_E_RATE_POLL_ELSEWHERE, &MS_E_LIVE_COUNTS_FORM, &MS_E_COUNCIL_ROUND, &MS_E_TIER_NOT_VOTED,
	&MS_E_RATIO_BELOW_GUIDANCE, NULL};
static const struct ms_code *const import_errors[] = {
	&MS_E_WRONG_PHASE, &MS_E_NOT_COMPETITIVE, &MS_E_QUORUM_OVER_ONE, &MS_E_PB_NOT_APPROVAL,
	&MS_E_PB_NOT_WHOLE_YUAN, &MS_E_PB_NEEDS_PICK, &MS_E_COUNCIL_ROUND, &MS_E_RATIO_BELOW_GUIDANCE,
	&MS_E_CATEGORY_NOT_IN_GUIDANCE, &MS_E_GUIDANCE_CATEGORY_NEEDED, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/cycles/{id}/polls", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_cycle_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_poll_summary_view,
	 .summary = "the round's polls"},
	{.method = "POST", .pattern = "/cycles/{id}/polls", .fn = h_create, .flags = MS_ROUTE_CREATES, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = create_body, .returns = &ms_poll_view_shape, .errors = create_errors,
	 .library_errors = ms_count_codes,
	 .summary = "set up a poll on the round's candidates"},
	{.method = "POST", .pattern = "/cycles/{id}/polls/preview", .fn = h_preview, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = preview_body, .returns = &ms_rule_text_view, .errors = create_errors,
	 .library_errors = ms_count_codes,
	 .summary = "the rule in words of drafted settings, checked as creation checks them; nothing is saved"},
	{.method = "POST", .pattern = "/cycles/{id}/polls/import", .fn = h_import, .flags = MS_ROUTE_CREATES, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = import_body, .returns = &imported_view, .errors = import_errors,
	 .library_errors = ms_count_codes,
	 .summary = "import a Pabulib .pb file as a counted poll (its projects become candidates)"},
	{.method = "GET", .pattern = "/polls/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC, .owner = ms_poll_owner,
	 .returns = &ms_poll_view_shape, .summary = "one poll (with the caller's own state for a deputy)"},
};
const struct ms_routes ms_poll_routes = MS_ROUTES(routes);
