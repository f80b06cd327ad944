/* review_http.c — report-and-rate reviews (述职评议) over HTTP: set one up,
 * read it, attach the heads' reports, the members' comments, the close
 * with the scrutineers' shares and the result, and the rectification list.
 * The desk, the scrutineers and the ballots are the review's poll's routes
 * (/polls/{poll_id}/…), as for an evaluation. */
#include "evaluate_http.h"

#include "../core/util.h"
#include "../cycle/cycle.h"

/* ---- the shapes ---- */

static const struct ms_field scoring_in[] = {SCORING_FIELDS(0), {0}};
static const struct ms_field scoring_out[] = {SCORING_FIELDS(MS_FIELD_REQUIRED), {0}};
static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_field unit_fields[] = {
	MS_OUT("unit_id", MS_F_ID), MS_OUT("unit_name", MS_F_STR), MS_OUT_NULL("unit_name_en", MS_F_STR),
	{.name = "candidate_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED,
	 .doc = "the unit on the ballot: the key of its rating in POST /polls/{poll_id}/ballot"},
	{.name = "head", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "who reports: name and post"},
	{.name = "report", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the head's report (述职报告), \"\" until attached"},
	MS_OUT_NULL("reported_at", MS_F_STR),
	{.name = "verdict", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the unit's verdict: satisfied, basic, dissatisfied, or none (the vote invalid, or no rating to score); "
		"by the score's band when the review scores, else by the rule; null until the close"},
	{.name = "rule_verdict", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the verdict by the ballot's rule (the same as verdict unless the review scores); null until the close"},
	{.name = "score", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "a review that scores: the mean of the unit's ratings in points, exact (\"p/q\" or \"p\")"},
	MS_OUT_NULL("score_decimal", MS_F_STR),
	MS_OUT_NULL("satisfied", MS_F_INT), MS_OUT_NULL("basic", MS_F_INT), MS_OUT_NULL("dissatisfied", MS_F_INT),
	MS_OUT_NULL("abstain", MS_F_INT), MS_OUT_NULL("invalid", MS_F_INT),
	{0}};
static const struct ms_view unit_view = {"ReviewUnit", unit_fields, "a unit reviewed: who reports, the report, the verdict"};
static const struct ms_field review_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("year", MS_F_INT), MS_OUT("title", MS_F_STR),
	MS_OUT("meeting", MS_F_STR), MS_OUT("held_on", MS_F_STR),
	{.name = "poll_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "its rating poll (desk, ballots: /polls/{id}/…)"},
	{.name = "rectify_at", .kind = MS_F_ENUM, .names = &ms_rectify_at_names, .flags = MS_FIELD_REQUIRED},
	{.name = "rectify_days", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "working days from the close"},
	{.name = "rectify_words", .kind = MS_F_OBJECT, .sub = words_fields, .flags = MS_FIELD_REQUIRED,
	 .doc = "the rectification rule in words"},
	{.name = "scoring", .kind = MS_F_OBJECT, .sub = scoring_out, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the score's points and bands, or null (the rule's verdict)"},
	{.name = "scoring_words", .kind = MS_F_OBJECT, .sub = words_fields, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the score in words"},
	MS_OUT("created_at", MS_F_STR),
	{.name = "poll", .kind = MS_F_OBJECT, .view = &ms_poll_view_shape, .flags = MS_FIELD_REQUIRED,
	 .doc = "its poll: settings, the rule in words, turnout, and \"me\" for a member"},
	{.name = "units", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &unit_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "in the order of the ballot"},
	{0}};
static const struct ms_view review_view = {"Review", review_fields, "a report-and-rate review (述职评议)"};
static const struct ms_field summary_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT("year", MS_F_INT), MS_OUT("meeting", MS_F_STR),
	MS_OUT("held_on", MS_F_STR), MS_OUT("poll_id", MS_F_ID),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_poll_status_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "its poll's: draft, open (being rated), closed"},
	MS_OUT("units", MS_F_INT), MS_OUT("rectifications_open", MS_F_INT),
	{0}};
static const struct ms_view summary_view = {"ReviewSummary", summary_fields, "one review of a congress"};

static const struct ms_field comment_fields[] = {MS_OUT("id", MS_F_ID), MS_OUT("unit_id", MS_F_ID),
						 MS_OUT("unit_name", MS_F_STR), MS_OUT_NULL("unit_name_en", MS_F_STR),
						 MS_OUT("body", MS_F_STR), {0}};
static const struct ms_view comment_view = {"ReviewComment", comment_fields, "a member's comment on a unit (no author)"};
static const struct ms_field comments_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &comment_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "by unit"},
	{0}};
static const struct ms_view comments_view = {"ReviewComments", comments_fields, "the members' comments"};
static const struct ms_field left_fields[] = {MS_OUT("unit_id", MS_F_ID), MS_OUT("body", MS_F_STR), {0}};
static const struct ms_view left_view = {"ReviewCommentLeft", left_fields, "the comment as kept (no author)"};

static const struct ms_field rectify_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("review_id", MS_F_ID), MS_OUT("review_title", MS_F_STR),
	MS_OUT("congress_id", MS_F_ID), MS_OUT("unit_id", MS_F_ID), MS_OUT("unit_name", MS_F_STR),
	MS_OUT_NULL("unit_name_en", MS_F_STR),
	{.name = "verdict", .kind = MS_F_ENUM, .names = &ms_verdict_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "the review's verdict that put it on the list"},
	MS_OUT("due_on", MS_F_STR),
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_rectify_state_names, .flags = MS_FIELD_REQUIRED},
	{.name = "overdue", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "not done and past its day"},
	{.name = "report", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "what the unit did, as it reported"},
	MS_OUT_NULL("reported_on", MS_F_STR),
	{.name = "note", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the staff's note on accepting or returning it"},
	MS_OUT_NULL("decided_on", MS_F_STR),
	{0}};
static const struct ms_view rectify_view = {"Rectification", rectify_fields, "a unit's rectification after a review"};
static const struct ms_field rectify_list_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &rectify_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view rectify_list_view = {"Rectifications", rectify_list_fields, "a rectification list"};

static const struct ms_field unit_in_fields[] = {
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED},
	{.name = "head", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_REVIEW_HEAD_MAX,
	 .doc = "who reports for it: name and post, e.g. 王某某 局长"},
	{0}};
static const struct ms_field create_body[] = {
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TITLE_MAX,
	 .doc = "e.g. 2026年度部分政府组成部门述职评议"},
	{.name = "year", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = MS_YEAR_MIN, .max = MS_YEAR_MAX,
	 .doc = "the year of the work reviewed"},
	{.name = "meeting", .kind = MS_F_STR, .max = MS_REVIEW_MEETING_MAX, .doc = "e.g. 市人大常委会第二十次会议"},
	{.name = "held_on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "in its year or the year after"},
	{.name = "units", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = unit_in_fields, .flags = MS_FIELD_REQUIRED,
	 .min = 1, .max = MS_REVIEW_UNITS_MAX, .doc = "the units reviewed, each once, in the order of the ballot"},
	{.name = "rectify_at", .kind = MS_F_ENUM, .names = &ms_rectify_at_names,
	 .doc = "dissatisfied (default): units rated 不满意 rectify; basic: 基本满意 ones too"},
	{.name = "rectify_days", .kind = MS_F_INT, .min = 1, .max = 250, .doc = "working days to rectify (default 60)"},
	{.name = "scoring", .kind = MS_F_OBJECT, .sub = scoring_in, .flags = MS_FIELD_NULLABLE,
	 .doc = "score each unit (the mean of its ratings in points) and take its verdict from the score's band; "
		"default none: the rule's verdict"},
	MS_RATE_SETTINGS_FIELDS,
	{0}};
static const struct ms_field report_body[] = {
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED},
	{.name = "report", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_REVIEW_REPORT_MAX,
	 .doc = "the head's report (述职报告)"},
	{0}};
static const struct ms_field comment_body[] = {
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED},
	{.name = "body", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_REVIEW_COMMENT_MAX},
	{0}};
static const struct ms_field rectify_report_body[] = {
	{.name = "report", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_REVIEW_REPORT_MAX,
	 .doc = "what the unit did"},
	{0}};
static const struct ms_field accept_body[] = {
	{.name = "note", .kind = MS_F_STR, .max = MS_REVIEW_NOTE_MAX}, {0}};
static const struct ms_field return_body[] = {
	{.name = "note", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_REVIEW_NOTE_MAX,
	 .doc = "what is missing"},
	{0}};
static const struct ms_field list_query[] = {
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_rectify_state_names},
	{.name = "unit_id", .kind = MS_F_ID},
	{0}};

/* ---- the handlers ---- */

static int h_create(struct ms_ctx *c, json_t **out)
{
	struct ms_review_in in = {.poll = {.deputies_all = -1},
				  .year = (int)ms_api_int(c, "year", 0),
				  .meeting = ms_api_str(c, "meeting"),
				  .held_on = ms_api_str(c, "held_on"),
				  .rectify_at = ms_api_enum(c, "rectify_at", &ms_rectify_at_names, 0) == 1 ? MS_VERDICT_BASIC
													 : MS_VERDICT_DISSATISFIED,
				  .rectify_days = (int)ms_api_int(c, "rectify_days", 60),
				  .scoring = ms_api_has(c, "scoring") ? json_object_get(c->body, "scoring") : NULL};
	ms_strlcpy(in.poll.title, ms_api_str(c, "title"), sizeof in.poll.title);
	ms_rate_settings_read(c, &in.poll);
	in.poll.rate_combine = MS_COMBINE_POOLED;
	json_t *list = json_object_get(c->body, "units"), *u;
	size_t i;
	struct ms_review_unit_in *units = calloc(json_array_size(list) + 1, sizeof *units);
	if (!units)
		return ms_nomem(&c->err);
	json_array_foreach(list, i, u) {
		units[i].unit_id = json_integer_value(json_object_get(u, "unit_id"));
		units[i].head = json_string_value(json_object_get(u, "head"));
	}
	in.units = units;
	in.n_units = json_array_size(list);
	int64_t id = 0;
	int rc = ms_review_create(c->db, &c->who, c->id, &in, &id, &c->err);
	free(units);
	return rc ? rc : ms_review_view(c->db, id, &c->who, out, &c->err);
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_review_list(c->db, c->id, &c->page, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_review_view(c->db, c->id, &c->who, out, &c->err);
}

static int h_report(struct ms_ctx *c, json_t **out)
{
	int rc = ms_review_report(c->db, &c->who, c->id, ms_api_int(c, "unit_id", 0), ms_api_str(c, "report"), &c->err);
	return rc ? rc : ms_review_view(c->db, c->id, &c->who, out, &c->err);
}

static int h_close(struct ms_ctx *c, json_t **out)
{
	json_t *shares = json_object_get(c->body, "shares");
	json_t *none = shares ? NULL : json_array();
	int rc = ms_review_close(c->db, &c->who, c->id, shares ? shares : none, out, &c->err);
	json_decref(none);
	return rc;
}

static int h_result(struct ms_ctx *c, json_t **out)
{
	return ms_review_result(c->db, c->id, out, &c->err);
}

static int h_bulletin(struct ms_ctx *c, json_t **out)
{
	json_t *r = NULL;
	int rc = ms_review_sql_row(c->db, c->id, &r, &c->err);
	if (!rc)
		rc = ms_rate_bulletin(c->db, json_integer_value(json_object_get(r, "poll_id")), out, &c->err);
	json_decref(r);
	return rc;
}

static int h_comment(struct ms_ctx *c, json_t **out)
{
	int64_t unit = ms_api_int(c, "unit_id", 0);
	const char *body = ms_api_str(c, "body");
	int rc = ms_review_comment(c->db, &c->who, c->id, unit, body, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:I, s:s}", "unit_id", (json_int_t)unit, "body", body), out);
}

static int h_comments(struct ms_ctx *c, json_t **out)
{
	json_t *items = NULL;
	int rc = ms_review_comments(c->db, c->id, &c->who, &items, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", items), out);
}

static int items(struct ms_ctx *c, int rc, json_t *list, json_t **out)
{
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", list), out);
}

static int h_review_rectify(struct ms_ctx *c, json_t **out)
{
	json_t *list = NULL;
	int rc = ms_rectify_list(c->db, c->id, 0, 0, NULL, &list, &c->err);
	return items(c, rc, list, out);
}

static int h_congress_rectify(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL, *list = NULL;
	int rc = ms_api_query_args(c, &q);
	if (!rc)
		rc = ms_rectify_list(c->db, 0, c->id, json_integer_value(json_object_get(q, "unit_id")),
				     json_string_value(json_object_get(q, "state")), &list, &c->err);
	json_decref(q);
	return items(c, rc, list, out);
}

static int h_rectify_report(struct ms_ctx *c, json_t **out)
{
	int rc = ms_rectify_report(c->db, &c->who, c->id, ms_api_str(c, "report"), &c->err);
	return rc ? rc : ms_rectify_get(c->db, c->id, out, &c->err);
}

static int decide(struct ms_ctx *c, bool accept, json_t **out)
{
	int rc = ms_rectify_decide(c->db, &c->who, c->id, accept, ms_api_str(c, "note"), &c->err);
	return rc ? rc : ms_rectify_get(c->db, c->id, out, &c->err);
}

static int h_accept(struct ms_ctx *c, json_t **out)
{
	return decide(c, true, out);
}

static int h_return(struct ms_ctx *c, json_t **out)
{
	return decide(c, false, out);
}

static const struct ms_code *const create_errors[] = {&MS_E_REVIEW_UNITS,	&MS_E_REVIEW_DAY_YEAR,
						      &MS_E_UNIT_NOT_OF_CONGRESS, &MS_E_QUORUM_OVER_ONE,
						      &MS_E_INVALID_RATE_SETTINGS, NULL};
static const struct ms_code *const report_errors[] = {&MS_E_REVIEW_NOT_OWN_UNIT, &MS_E_REVIEW_VOTED,
						      &MS_E_REVIEW_NOT_HERE, NULL};
static const struct ms_code *const comment_errors[] = {&MS_E_REVIEW_NOT_OPEN, &MS_E_REVIEW_NOT_DUE,
						       &MS_E_REVIEW_NOT_HERE, &MS_E_REVIEW_COMMENTS_FULL, NULL};
static const struct ms_code *const comments_errors[] = {&MS_E_REVIEW_COMMENTS_LATER, NULL};
static const struct ms_code *const close_errors[] = {
	&MS_E_POLL_NOT_OPEN, &MS_E_INVALID_SHARE, &MS_E_WRONG_SHARE, &MS_E_SHARE_REPEATED, &MS_E_TOO_FEW_SHARES,
	&MS_E_BALLOT_BOX_MISMATCH, &MS_E_PAPER_SHEETS_UNRESOLVED, NULL};
static const struct ms_code *const closed_errors[] = {&MS_E_POLL_NOT_CLOSED, NULL};
static const struct ms_code *const rectify_report_errors[] = {&MS_E_REVIEW_NOT_OWN_UNIT, &MS_E_RECTIFY_STATE, NULL};
static const struct ms_code *const decide_errors[] = {&MS_E_RECTIFY_STATE, &MS_E_RECTIFY_SELF,
						      &MS_E_RECTIFY_NOTE_NEEDED, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/congresses/{id}/reviews", .fn = h_create, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = create_body, .flags = MS_ROUTE_CREATES, .returns = &review_view,
	 .errors = create_errors, .library_errors = ms_count_codes,
	 .summary = "set up a report-and-rate review: the units, who reports for each, the rating rule and the "
		    "rectification line; its ballot is a rating poll (check-in, scrutineers, open and ballots are "
		    "/polls/{poll_id}/…)"},
	{.method = "GET", .pattern = "/congresses/{id}/reviews", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &summary_view,
	 .summary = "the congress's reviews, latest first"},
	{.method = "GET", .pattern = "/reviews/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC, .owner = ms_review_owner,
	 .returns = &review_view, .summary = "a review: its poll, and each unit with who reports, the report and the verdict"},
	{.method = "POST", .pattern = "/reviews/{id}/reports", .fn = h_report,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT, .owner = ms_review_owner, .body = report_body,
	 .returns = &review_view, .errors = report_errors,
	 .summary = "attach (replace) a unit's report: its own officers or the staff, until the rating closes"},
	{.method = "POST", .pattern = "/reviews/{id}/comments", .fn = h_comment, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_review_owner, .body = comment_body, .flags = MS_ROUTE_CREATES, .returns = &left_view,
	 .errors = comment_errors,
	 .summary = "a member due to rate leaves a comment on a unit while the rating is open: sealed like a ballot "
		    "until the close, then published with no author"},
	{.method = "GET", .pattern = "/reviews/{id}/comments", .fn = h_comments, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_review_owner, .returns = &comments_view, .errors = comments_errors,
	 .summary = "the members' comments, once the rating is closed (sealed until then, like the ballots), in an "
		    "order drawn at random, with no author"},
	{.method = "POST", .pattern = "/reviews/{id}/close", .fn = h_close, .access = MS_ACCESS_STAFF,
	 .owner = ms_review_owner, .body = ms_rate_close_body, .returns = &ms_rate_result_view, .errors = close_errors,
	 .summary = "close the rating: the scrutineers' shares open the ballots, counted once; each unit's verdict is "
		    "stored and those at or below the line go on the rectification list"},
	{.method = "GET", .pattern = "/reviews/{id}/result", .fn = h_result, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_PUBLISHED, .owner = ms_review_owner, .returns = &ms_rate_result_view,
	 .errors = closed_errors,
	 .summary = "the published result: each unit's tallies (满意 / 基本满意 / 不满意) and verdict"},
	{.method = "GET", .pattern = "/reviews/{id}/bulletin", .fn = h_bulletin, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_PUBLISHED, .owner = ms_review_owner, .returns = &ms_rate_bulletin_view,
	 .errors = closed_errors,
	 .summary = "the public bulletin: every counted rating ballot with its tracker, to find one's own and recount "
		    "(minsheng verify FILE)"},
	{.method = "GET", .pattern = "/reviews/{id}/rectifications", .fn = h_review_rectify, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_review_owner, .returns = &rectify_list_view, .summary = "the review's rectification list"},
	{.method = "GET", .pattern = "/congresses/{id}/rectifications", .fn = h_congress_rectify,
	 .access = MS_ACCESS_PUBLIC, .owner = ms_congress_owner, .returns = &rectify_list_view,
	 .query_fields = list_query, .summary = "every rectification of the congress's reviews, soonest due first"},
	{.method = "POST", .pattern = "/review-rectifications/{id}/report", .fn = h_rectify_report,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_UNIT, .owner = ms_rectify_owner, .body = rectify_report_body,
	 .returns = &rectify_view, .errors = rectify_report_errors,
	 .summary = "the unit (or the staff) reports what it did"},
	{.method = "POST", .pattern = "/review-rectifications/{id}/accept", .fn = h_accept, .access = MS_ACCESS_STAFF,
	 .owner = ms_rectify_owner, .body = accept_body, .returns = &rectify_view, .errors = decide_errors,
	 .summary = "accept the rectification (someone other than who reported it): done"},
	{.method = "POST", .pattern = "/review-rectifications/{id}/return", .fn = h_return, .access = MS_ACCESS_STAFF,
	 .owner = ms_rectify_owner, .body = return_body, .returns = &rectify_view, .errors = decide_errors,
	 .summary = "return the report with what is missing: open again"},
};
const struct ms_routes ms_review_routes = MS_ROUTES(routes);
