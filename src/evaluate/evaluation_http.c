/* evaluation_http.c — the year-end evaluation over HTTP: set one up for a
 * round, read it (the deputies' cards), close it with the scrutineers'
 * shares, its result and bulletin, and a project's verdicts. The check-in
 * desk, the scrutineers and the ballots are the poll's routes (an
 * evaluation's id is its poll's id). */
#include "evaluate_http.h"

#include "../vote/vote_http.h"

#include "../core/util.h"
#include "../count/satisfaction.h"
#include "../supervise/supervise.h"

/* ---- the shapes ---- */

static const struct ms_field tally_fields[] = {
	MS_OUT("satisfied", MS_F_INT), MS_OUT("basic", MS_F_INT), MS_OUT("dissatisfied", MS_F_INT),
	{.name = "abstain", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "left unmarked where 弃权 is a choice"},
	{.name = "invalid", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "left unmarked on a paper ballot where 弃权 is not a choice"},
	{.name = "verdict", .kind = MS_F_ENUM, .names = &ms_verdict_names, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_field rate_fields[] = {MS_OUT("num", MS_F_INT), MS_OUT("den", MS_F_INT), {0}};
#define RATE_FIELD(doc_)                                                                                       \
	{.name = "satisfaction_rate", .kind = MS_F_OBJECT, .sub = rate_fields,                                 \
	 .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = doc_}
static const struct ms_field project_result_fields[] = {
	MS_OUT("candidate_id", MS_F_ID),
	{.name = "project_id", .kind = MS_F_ID,
	 .doc = "an evaluation's: the project rated (the bulletin's copy of the stored result names the candidate only)"},
	{.name = "unit_id", .kind = MS_F_ID, .doc = "a review's: the unit rated"},
	{.name = "score", .kind = MS_F_STR, .doc = "a review that scores: the unit's score in points, exact (\"p/q\" or \"p\")"},
	{.name = "score_decimal", .kind = MS_F_STR, .doc = "the same to two decimal places"},
	{.name = "score_verdict", .kind = MS_F_ENUM, .names = &ms_verdict_names,
	 .doc = "the verdict of the score's band: the unit's verdict (the rule's verdict stands beside it)"},
	MS_OUT("title", MS_F_STR),
	MS_OUT_NULL("title_en", MS_F_STR), MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("unit_name_en", MS_F_STR),
	MS_OUT("satisfied", MS_F_INT), MS_OUT("basic", MS_F_INT), MS_OUT("dissatisfied", MS_F_INT),
	MS_OUT("abstain", MS_F_INT), MS_OUT("invalid", MS_F_INT),
	{.name = "verdict", .kind = MS_F_ENUM, .names = &ms_verdict_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "none: the vote is invalid"},
	RATE_FIELD("(满意 + 基本满意) / its valid marks; null when none"),
	{.name = "sub_items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = tally_fields,
	 .doc = "with sub-item scoring: each sub-item's tallies and verdict"},
	{0}};
static const struct ms_view project_result_view = {"EvaluationProjectResult", project_result_fields,
						   "one project's tallies and verdict"};
static const struct ms_field verdicts_fields[] = {MS_OUT("satisfied", MS_F_INT), MS_OUT("basic", MS_F_INT),
						  MS_OUT("dissatisfied", MS_F_INT), {0}};
static const struct ms_name result_status_v[] = {{"final", "有效", "final"}, {"invalid", "测评无效", "invalid"}};
static const struct ms_names result_status_names = MS_NAMES("evaluation_status", result_status_v);
static const struct ms_field result_fields[] = {
	{.name = "ballot_form", .kind = MS_F_ENUM, .names = &ms_ballot_form_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("poll_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &result_status_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "invalid: more ballots returned than issued (no verdict stands)"},
	{.name = "rule_text", .kind = MS_F_OBJECT, .view = &ms_rule_text_view, .flags = MS_FIELD_REQUIRED},
	MS_OUT("deputies_all", MS_F_INT), MS_OUT("deputies_present", MS_F_INT), MS_OUT("ballots_issued", MS_F_INT),
	MS_OUT("ballots_returned", MS_F_INT), MS_OUT("valid", MS_F_INT), MS_OUT("blank", MS_F_INT),
	{.name = "paper_issued", .kind = MS_F_INT, .doc = "paper ballots the desk issued (results counted before they were shown lack the four)"},
	{.name = "paper_returned", .kind = MS_F_INT, .doc = "paper ballots returned and recorded (agreed sheets of the tellers' double entry, or entered at the desk)"},
	{.name = "electronic_issued", .kind = MS_F_INT, .doc = "present deputies who were issued no paper ballot"},
	{.name = "electronic_returned", .kind = MS_F_INT, .doc = "electronic ballots (ballots_returned − paper_returned): 发出 ballots_issued 张，收回 ballots_returned 张"},
	MS_OUT("void", MS_F_INT),
	{.name = "threshold_base", .kind = MS_F_ENUM, .names = &ms_threshold_base_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("threshold_num", MS_F_INT), MS_OUT("threshold_den", MS_F_INT), MS_OUT("threshold_strict", MS_F_BOOL),
	MS_OUT("base_value", MS_F_INT),
	{.name = "satisfied_votes", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "the least 满意 votes that make a project satisfied"},
	{.name = "basic_votes", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "the least 满意 + 基本满意 that make it basically satisfied"},
	{.name = "pooled_satisfied_votes", .kind = MS_F_INT, .doc = "sub-items pooled: the same against sub-items × base"},
	{.name = "pooled_basic_votes", .kind = MS_F_INT, .doc = "sub-items pooled: the same against sub-items × base"},
	MS_OUT("quorum_num", MS_F_INT), MS_OUT("quorum_den", MS_F_INT),
	{.name = "electorate", .kind = MS_F_ENUM, .names = &ms_electorate_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("rate_abstain", MS_F_BOOL), MS_OUT("rate_n_sub", MS_F_INT),
	{.name = "rate_combine", .kind = MS_F_ENUM, .names = &ms_combine_names, .flags = MS_FIELD_REQUIRED},
	{.name = "verdicts", .kind = MS_F_OBJECT, .sub = verdicts_fields, .flags = MS_FIELD_REQUIRED,
	 .doc = "how many projects got each verdict"},
	RATE_FIELD("overall: every project's (满意 + 基本满意) over their valid marks"),
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &project_result_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "in the order of the ballot"},
	MS_OUT("counted_at", MS_F_STR), MS_OUT("bulletin_hash", MS_F_STR),
	{0}};
const struct ms_view ms_rate_result_view = {
	"EvaluationResult", result_fields,
	"the published result of an evaluation (each project's tallies and verdict) or of a review (each unit's)"};
#define result_view ms_rate_result_view

static const struct ms_field bulletin_ballot_fields[] = {
	MS_OUT_NULL("tracker", MS_F_STR),
	{.name = "choices", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED,
	 .doc = "{\"<candidate id>\": letters}: one per sub-item, s 满意, b 基本满意, d 不满意, - unmarked"},
	MS_OUT("paper", MS_F_BOOL),
	{0}};
static const struct ms_view bulletin_ballot_view = {"RatedBallot", bulletin_ballot_fields,
						    "a counted rating ballot and its tracker"};
static const struct ms_field bulletin_fields[] = {
	{.name = "format", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "minsheng-bulletin-1"},
	MS_OUT("poll_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "settings", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED, .doc = "the evaluation's counting settings"},
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_candidate_view,
	 .flags = MS_FIELD_REQUIRED},
	{.name = "ballots", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &bulletin_ballot_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "every counted ballot, in the order of its random id"},
	MS_OUT("ballots_hash", MS_F_STR),
	{.name = "result", .kind = MS_F_OBJECT, .view = &result_view, .flags = MS_FIELD_REQUIRED},
	{0}};
const struct ms_view ms_rate_bulletin_view = {"EvaluationBulletin", bulletin_fields,
					     "the public bulletin of an evaluation: recount it with `minsheng verify FILE`"};

static const struct ms_field card_fields[] = {
	MS_OUT("project_id", MS_F_ID), MS_OUT("candidate_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	MS_OUT_NULL("title_en", MS_F_STR), MS_OUT("cost", MS_F_INT), MS_OUT_NULL("unit_id", MS_F_ID),
	MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("unit_name_en", MS_F_STR), MS_OUT("state", MS_F_STR),
	MS_OUT("light", MS_F_STR), MS_OUT("percent_done", MS_F_INT), MS_OUT("spent", MS_F_INT),
	MS_OUT_NULL("accepted_on", MS_F_STR), MS_OUT_NULL("last_report_on", MS_F_STR),
	{0}};
static const struct ms_view card_view = {"EvaluationProject", card_fields,
					 "a project rated: what a deputy needs to judge it (published figures only)"};
static const struct ms_field component_fields[] = {
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 60, .doc = "e.g. 公众满意度调查"},
	{.name = "name_en", .kind = MS_F_STR, .max = 100, .doc = "e.g. Public survey"},
	{.name = "weight", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 1000, .doc = "e.g. 60"},
	{.name = "source", .kind = MS_F_ENUM, .names = &ms_composite_source_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "deputies: this evaluation's ballots (at most one component); survey: tallies entered per project"},
	{0}};
#define COMPOSITE_FIELDS(req)                                                                                  \
	{.name = "components", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = component_fields,               \
	 .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_SAT_COMPONENTS_MAX},                                  \
	SCORING_FIELDS(req)
static const struct ms_field composite_in[] = {COMPOSITE_FIELDS(0), {0}};
static const struct ms_field composite_out[] = {COMPOSITE_FIELDS(MS_FIELD_REQUIRED), {0}};

static const struct ms_field evaluation_fields[] = {
	{.name = "poll", .kind = MS_F_OBJECT, .view = &ms_poll_view_shape, .flags = MS_FIELD_REQUIRED,
	 .doc = "its poll: settings, the rule in words, turnout, and \"me\" for a deputy"},
	{.name = "reevaluation_of", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the earlier evaluation whose verdict these projects are rated again after"},
	{.name = "composite", .kind = MS_F_OBJECT, .sub = composite_out, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the weighted composite's settings, or null"},
	{.name = "projects", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &card_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view evaluation_view = {"Evaluation", evaluation_fields, "a year-end satisfaction evaluation"};

static const struct ms_field summary_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("cycle_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_poll_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "electorate", .kind = MS_F_ENUM, .names = &ms_electorate_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("reevaluation_of", MS_F_ID), MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("opened_at", MS_F_STR),
	MS_OUT_NULL("closed_at", MS_F_STR), MS_OUT("projects", MS_F_INT),
	{0}};
static const struct ms_view summary_view = {"EvaluationSummary", summary_fields, "one evaluation of a round"};

static const struct ms_field verdict_fields[] = {
	MS_OUT("poll_id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR),
	{.name = "verdict", .kind = MS_F_ENUM, .names = &ms_verdict_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("satisfied", MS_F_INT), MS_OUT("basic", MS_F_INT), MS_OUT("dissatisfied", MS_F_INT),
	MS_OUT("abstain", MS_F_INT), MS_OUT("invalid", MS_F_INT),
	{0}};
static const struct ms_view verdict_view = {"ProjectVerdict", verdict_fields, "a project's verdict in one evaluation"};
static const struct ms_field verdicts_list_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &verdict_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "newest evaluation first"},
	{0}};
static const struct ms_view verdicts_list_view = {"ProjectVerdicts", verdicts_list_fields, "a project's verdicts"};

static const struct ms_field create_body[] = {
	{.name = "title", .kind = MS_F_STR, .min = 1, .max = MS_TITLE_MAX, .doc = "default: the round's title + 满意度测评"},
	MS_RATE_SETTINGS_FIELDS,
	{.name = "sub_items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = ms_rate_item_fields, .max = MS_RATE_ITEMS_MAX,
	 .flags = MS_FIELD_NULLABLE, .doc = "sub-item scoring: 2 to 8 sub-items each project is rated on; default none"},
	{.name = "combine", .kind = MS_F_ENUM, .names = &ms_combine_names,
	 .doc = "with sub-items: pooled (default) or worst"},
	{.name = "project_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_NULLABLE, .max = 10000,
	 .doc = "default: every project of the round"},
	{.name = "reevaluation_of", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE,
	 .doc = "an earlier, closed evaluation of the congress whose verdict these projects are rated again after"},
	{.name = "composite", .kind = MS_F_OBJECT, .sub = composite_in, .flags = MS_FIELD_NULLABLE,
	 .doc = "a weighted composite beside the deputies' verdict, e.g. public survey 60, leaders 30, online 10"},
	{0}};

static const struct ms_field survey_body[] = {
	{.name = "project_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED},
	{.name = "component", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_SAT_COMPONENTS_MAX - 1,
	 .doc = "the component's place in the composite, from 0 (a survey component)"},
	{.name = "satisfied", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = 100000000},
	{.name = "basic", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = 100000000},
	{.name = "dissatisfied", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = 100000000},
	{0}};
static const struct ms_field part_fields[] = {
	MS_OUT("name", MS_F_STR), MS_OUT_NULL("name_en", MS_F_STR), MS_OUT("weight", MS_F_INT),
	MS_OUT("satisfied", MS_F_INT), MS_OUT("basic", MS_F_INT), MS_OUT("dissatisfied", MS_F_INT),
	{.name = "used", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "it had responses and counted (one without is left out and the others scaled up)"},
	{0}};
static const struct ms_field composite_project_fields[] = {
	MS_OUT("project_id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR),
	{.name = "components", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = part_fields, .flags = MS_FIELD_REQUIRED},
	{.name = "score", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the weighted mean in points, exact (\"p/q\" or \"p\"); null when no component has responses"},
	{.name = "score_decimal", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the same to two decimal places, for display"},
	{.name = "verdict", .kind = MS_F_ENUM, .names = &ms_verdict_names, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_field composite_fields[] = {
	{.name = "settings", .kind = MS_F_OBJECT, .sub = composite_out, .flags = MS_FIELD_REQUIRED},
	{.name = "words", .kind = MS_F_OBJECT, .view = &ms_rule_text_view, .flags = MS_FIELD_REQUIRED},
	{.name = "projects", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = composite_project_fields,
	 .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view composite_view = {"EvaluationComposite", composite_fields,
					      "the weighted composite of an evaluation, project by project"};

const struct ms_field ms_rate_close_body[] = {
	{.name = "shares", .kind = MS_F_ARRAY, .item = MS_F_STR, .max = MS_SCRUTINEERS_MAX,
	 .doc = "the scrutineers' key shares as they hold them (at least shares_needed)"},
	{0}};

/* ---- the handlers ---- */

void ms_rate_settings_read(struct ms_ctx *c, struct ms_poll *p)
{
	p->electorate = ms_api_enum(c, "electorate", &ms_electorate_names, MS_ELECTORATE_DEPUTIES);
	p->mode = ms_api_enum(c, "voting_mode", &ms_voting_mode_names, MS_MODE_LOGIN);
	ms_poll_rule_read(c, p);
	p->rate_abstain = ms_api_bool(c, "abstain", true);
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	json_t *cyj = NULL;
	struct ms_cycle cy;
	int64_t id = 0;
	int rc = ms_cycle_get(c->db, c->id, &cy, &cyj, &c->err);
	if (rc)
		return rc;
	struct ms_evaluation_in in = {.poll = {.cycle_id = c->id, .congress_id = cy.congress_id, .deputies_all = -1}};
	struct ms_poll *p = &in.poll;
	const char *title = ms_api_str(c, "title");
	if (title)
		ms_strlcpy(p->title, title, sizeof p->title);
	else
		snprintf(p->title, sizeof p->title, "%s 满意度测评", json_string_value(json_object_get(cyj, "title")));
	json_decref(cyj);
	ms_rate_settings_read(c, p);
	p->rate_combine = ms_api_enum(c, "combine", &ms_combine_names, MS_COMBINE_POOLED);
	in.items = ms_api_has(c, "sub_items") ? json_object_get(c->body, "sub_items") : NULL;
	in.reevaluation_of = ms_api_int(c, "reevaluation_of", 0);
	in.composite = ms_api_has(c, "composite") ? json_object_get(c->body, "composite") : NULL;
	int64_t *ids = NULL;
	if (ms_api_has(c, "project_ids") && !(ids = ms_api_ints(c, "project_ids", &in.n_projects)))
		return ms_nomem(&c->err);
	in.project_ids = ids;
	if (!(rc = ms_evaluation_create(c->db, &c->who, &in, &id, &c->err)))
		rc = ms_evaluation_view(c->db, id, &c->who, out, &c->err);
	free(ids);
	return rc;
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_evaluation_list(c->db, c->id, &c->page, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_evaluation_view(c->db, c->id, &c->who, out, &c->err);
}

static int h_close(struct ms_ctx *c, json_t **out)
{
	json_t *shares = json_object_get(c->body, "shares");
	json_t *none = shares ? NULL : json_array();
	int rc = ms_evaluation_close(c->db, &c->who, c->id, shares ? shares : none, out, &c->err);
	json_decref(none);
	return rc;
}

static int h_result(struct ms_ctx *c, json_t **out)
{
	return ms_evaluation_result(c->db, c->id, out, &c->err);
}

static int h_bulletin(struct ms_ctx *c, json_t **out)
{
	return ms_rate_bulletin(c->db, c->id, out, &c->err);
}

static int h_survey(struct ms_ctx *c, json_t **out)
{
	int64_t t[3] = {ms_api_int(c, "satisfied", 0), ms_api_int(c, "basic", 0), ms_api_int(c, "dissatisfied", 0)};
	int rc = ms_evaluation_survey_set(c->db, &c->who, c->id, ms_api_int(c, "project_id", 0),
					  ms_api_int(c, "component", 0), t, &c->err);
	return rc ? rc : ms_evaluation_composite(c->db, c->id, out, &c->err);
}

static int h_composite(struct ms_ctx *c, json_t **out)
{
	return ms_evaluation_composite(c->db, c->id, out, &c->err);
}

static int h_verdicts(struct ms_ctx *c, json_t **out)
{
	json_t *items = NULL;
	int rc = ms_project_verdicts(c->db, c->id, &items, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", items), out);
}

static const struct ms_code *const create_errors[] = {
	&MS_E_WRONG_PHASE, &MS_E_QUORUM_OVER_ONE, &MS_E_NO_PROJECTS_TO_RATE, &MS_E_PROJECT_NOT_IN_ROUND,
	&MS_E_PROJECT_LISTED_TWICE, &MS_E_BAD_SUB_ITEMS, &MS_E_NOT_EARLIER_EVALUATION, &MS_E_INVALID_RATE_SETTINGS,
	&MS_E_BAD_COMPOSITE, NULL};
static const struct ms_code *const survey_errors[] = {&MS_E_NO_COMPOSITE, &MS_E_NOT_A_SURVEY,
						      &MS_E_PROJECT_NOT_RATED_HERE, NULL};
static const struct ms_code *const composite_errors[] = {&MS_E_NO_COMPOSITE, NULL};
static const struct ms_code *const close_errors[] = {
	&MS_E_POLL_NOT_OPEN, &MS_E_INVALID_SHARE, &MS_E_WRONG_SHARE, &MS_E_SHARE_REPEATED, &MS_E_TOO_FEW_SHARES,
	&MS_E_BALLOT_BOX_MISMATCH, &MS_E_PAPER_SHEETS_UNRESOLVED, NULL};
static const struct ms_code *const closed_errors[] = {&MS_E_POLL_NOT_CLOSED, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/cycles/{id}/evaluations", .fn = h_create, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = create_body, .flags = MS_ROUTE_CREATES, .returns = &evaluation_view,
	 .errors = create_errors, .library_errors = ms_count_codes,
	 .summary = "set up the year-end satisfaction evaluation of the round's projects (the round in 评议); check-in, "
		    "scrutineers, open and ballots are its poll's routes (/polls/{id}/…)"},
	{.method = "GET", .pattern = "/cycles/{id}/evaluations", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_cycle_owner, .flags = MS_ROUTE_PAGED, .returns = &summary_view,
	 .summary = "the round's evaluations"},
	{.method = "GET", .pattern = "/evaluations/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_evaluation_owner, .returns = &evaluation_view,
	 .summary = "an evaluation: its poll (the rule in words, turnout) and each project with its published figures"},
	{.method = "POST", .pattern = "/evaluations/{id}/close", .fn = h_close, .access = MS_ACCESS_STAFF,
	 .owner = ms_evaluation_owner, .body = ms_rate_close_body, .returns = &result_view, .errors = close_errors,
	 .summary = "close the evaluation: the scrutineers' shares open its ballots, counted once; each project's "
		    "verdict is stored and the result and bulletin published"},
	{.method = "GET", .pattern = "/evaluations/{id}/result", .fn = h_result, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_PUBLISHED, .owner = ms_evaluation_owner, .returns = &result_view,
	 .errors = closed_errors,
	 .summary = "the published result: each project's tallies (满意 / 基本满意 / 不满意), verdict and satisfaction rate"},
	{.method = "GET", .pattern = "/evaluations/{id}/bulletin", .fn = h_bulletin, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_PUBLISHED, .owner = ms_evaluation_owner, .returns = &ms_rate_bulletin_view,
	 .errors = closed_errors,
	 .summary = "the public bulletin: every counted rating ballot with its tracker, to find one's own and recount"},
	{.method = "PUT", .pattern = "/evaluations/{id}/survey", .fn = h_survey, .access = MS_ACCESS_STAFF,
	 .owner = ms_evaluation_owner, .body = survey_body, .returns = &composite_view, .errors = survey_errors,
	 .library_errors = ms_count_codes,
	 .summary = "enter a survey component's tallies for one project (满意 / 基本满意 / 不满意), replacing any before"},
	{.method = "GET", .pattern = "/evaluations/{id}/composite", .fn = h_composite, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_evaluation_owner, .returns = &composite_view, .errors = composite_errors,
	 .library_errors = ms_count_codes,
	 .summary = "the weighted composite, project by project, with its rule in words"},
	{.method = "GET", .pattern = "/projects/{id}/verdicts", .fn = h_verdicts, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_project_owner, .returns = &verdicts_list_view,
	 .summary = "the project's verdicts, newest evaluation first"},
};
const struct ms_routes ms_evaluation_routes = MS_ROUTES(routes);
