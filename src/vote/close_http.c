/* close_http.c — the close (with the scrutineers' key shares), the
 * published result, the public bulletin, and the ballots for scrutiny
 * after the close. */
#include "vote.h"

#include "vote_internal.h"

static const struct ms_field override_fields[] = {
	MS_OUT("id", MS_F_ID),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_override_status_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "selected or not_selected"},
	MS_OUT("reason", MS_F_STR), MS_OUT("decided_by", MS_F_STR), MS_OUT_NULL("recorded_by", MS_F_ID),
	MS_OUT_NULL("recorded_by_name", MS_F_STR), MS_OUT("at", MS_F_STR),
	{0}};
static const struct ms_field override_entry_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("candidate_id", MS_F_ID),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_override_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "counted_status", .kind = MS_F_ENUM, .names = &ms_count_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("reason", MS_F_STR), MS_OUT("decided_by", MS_F_STR), MS_OUT_NULL("recorded_by", MS_F_ID),
	MS_OUT_NULL("recorded_by_name", MS_F_STR), MS_OUT("at", MS_F_STR),
	{0}};

static const struct ms_field result_candidate_fields[] = {
	MS_OUT("candidate_id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR),
	MS_OUT("cost", MS_F_INT), MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("unit_name_en", MS_F_STR),
	{.name = "approvals", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "ranked polls: Borda points"},
	{.name = "opposes", .kind = MS_F_INT, .doc = "approve / oppose polls"},
	{.name = "abstains", .kind = MS_F_INT, .doc = "approve / oppose polls"},
	{.name = "points", .kind = MS_F_INT, .doc = "ranked polls"},
	MS_OUT("rank", MS_F_INT),
	{.name = "margin", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "approvals - threshold_votes"},
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_count_status_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "the verdict of the count (never changed by a decision)"},
	{.name = "outcome", .kind = MS_F_ENUM, .names = &ms_count_status_names,
	 .doc = "the verdict that stands: the override's when one stands, else the count's "},
	{.name = "override", .kind = MS_F_OBJECT, .sub = override_fields,
	 .doc = "the presidium decision that stands against the count's verdict, if any"},
	{0}};
static const struct ms_view result_candidate_view = {"ResultCandidate", result_candidate_fields,
						     "one candidate's count and outcome"};

static const struct ms_name result_status_v[] = {
	{"final", "有效", "final"},
	{"runoff", "需再次投票", "run-off needed"},
	{"invalid", "投票无效", "invalid"},
};
static const struct ms_names result_status_names = MS_NAMES("result_status", result_status_v);

static const struct ms_field result_fields[] = {
	MS_OUT("poll_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "ballot_form", .kind = MS_F_ENUM, .names = &ms_ballot_form_names, .flags = MS_FIELD_REQUIRED},
	{.name = "status", .kind = MS_F_ENUM, .names = &result_status_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "final; runoff: a tie at the cut goes to a new vote; invalid: more ballots returned than issued"},
	{.name = "rule_text", .kind = MS_F_OBJECT, .view = &ms_rule_text_view, .flags = MS_FIELD_REQUIRED},
	MS_OUT("deputies_all", MS_F_INT), MS_OUT("deputies_present", MS_F_INT), MS_OUT("ballots_issued", MS_F_INT),
	MS_OUT("ballots_returned", MS_F_INT), MS_OUT("valid", MS_F_INT), MS_OUT("blank", MS_F_INT),
	{.name = "paper_issued", .kind = MS_F_INT, .doc = "paper ballots the desk issued (results counted before they were shown lack the four)"},
	{.name = "paper_returned", .kind = MS_F_INT, .doc = "paper ballots returned and recorded (agreed sheets of the tellers' double entry, or entered at the desk)"},
	{.name = "electronic_issued", .kind = MS_F_INT, .doc = "present deputies who were issued no paper ballot"},
	{.name = "electronic_returned", .kind = MS_F_INT, .doc = "electronic ballots (ballots_returned − paper_returned): 发出 ballots_issued 张，收回 ballots_returned 张"},
	MS_OUT("void", MS_F_INT), MS_OUT("slots", MS_F_INT), MS_OUT("max_approvals", MS_F_INT),
	{.name = "threshold_base", .kind = MS_F_ENUM, .names = &ms_threshold_base_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("threshold_num", MS_F_INT), MS_OUT("threshold_den", MS_F_INT), MS_OUT("threshold_strict", MS_F_BOOL),
	MS_OUT("base_value", MS_F_INT), MS_OUT("threshold_votes", MS_F_INT), MS_OUT("quorum_num", MS_F_INT),
	MS_OUT("quorum_den", MS_F_INT), MS_OUT("n_selected", MS_F_INT), MS_OUT("runoff_slots", MS_F_INT),
	MS_OUT_NULL("budget", MS_F_INT), MS_OUT("cost_selected", MS_F_INT),
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &result_candidate_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "by rank"},
	MS_OUT("counted_at", MS_F_STR),
	{.name = "overrides", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = override_entry_fields,
	 .doc = "every presidium decision on the result, oldest first (not in the bulletin); the latest on a candidate stands"},
	{.name = "runoff_poll_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE,
	 .doc = "the run-off set up from this result's tie at the cut"},
	{.name = "runoff_of", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE,
	 .doc = "the poll whose tie at the cut this run-off decides"},
	{.name = "bulletin_hash", .kind = MS_F_STR,
	 .doc = "BLAKE2b-256 of the bulletin's ballots (docs/secrecy.md); absent on results counted before bulletins"},
	{0}};
const struct ms_view ms_result_view = {"PollResult", result_fields, "the published result of a closed poll"};

static const struct ms_field ballot_fields[] = {
	{.name = "id", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "random, 32 hex digits"},
	{.name = "tracker", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the tracker sealed inside the ballot (null: imported, or cast before trackers)"},
	{.name = "choices", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED,
	 .doc = "[ids] (ranked: in order), or {\"approve\": [ids], \"oppose\": [ids]}"},
	MS_OUT("paper", MS_F_BOOL),
	{0}};
static const struct ms_view ballot_view = {"Ballot", ballot_fields, "a stored ballot: nothing names its deputy"};

static const struct ms_field bulletin_ballot_fields[] = {
	MS_OUT_NULL("tracker", MS_F_STR),
	{.name = "choices", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED,
	 .doc = "[ids] (ranked: in order), or {\"approve\": [ids], \"oppose\": [ids]}"},
	MS_OUT("paper", MS_F_BOOL),
	{0}};
static const struct ms_view bulletin_ballot_view = {"BulletinBallot", bulletin_ballot_fields,
						    "a counted ballot and its tracker"};
static const struct ms_field bulletin_fields[] = {
	{.name = "format", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "minsheng-bulletin-1"},
	MS_OUT("poll_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "settings", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED, .doc = "the poll's counting settings"},
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_candidate_view,
	 .flags = MS_FIELD_REQUIRED},
	{.name = "ballots", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &bulletin_ballot_view,
	 .flags = MS_FIELD_REQUIRED, .doc = "every counted ballot, in the order of its random id"},
	{.name = "ballots_hash", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "BLAKE2b-256 of the lines \"tracker\\tchoices\\tpaper\\n\" in this order; equals result.bulletin_hash"},
	{.name = "result", .kind = MS_F_OBJECT, .view = &ms_result_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view bulletin_view = {"Bulletin", bulletin_fields,
					     "the public bulletin: recount it with `minsheng verify FILE`"};

static const struct ms_field close_body[] = {
	{.name = "shares", .kind = MS_F_ARRAY, .item = MS_F_STR, .max = MS_SCRUTINEERS_MAX,
	 .doc = "the scrutineers' key shares as they hold them (at least shares_needed); required once the poll is "
		"sealed"},
	{0}};

static int h_close(struct ms_ctx *c, json_t **out)
{
	json_t *shares = json_object_get(c->body, "shares");
	json_t *none = shares ? NULL : json_array();
	int rc = ms_poll_close(c->db, &c->who, c->id, shares ? shares : none, out, &c->err);
	json_decref(none);
	return rc;
}

static int h_bulletin(struct ms_ctx *c, json_t **out)
{
	return ms_bulletin(c->db, c->id, out, &c->err);
}

static int h_result(struct ms_ctx *c, json_t **out)
{
	return ms_poll_result(c->db, c->id, out, &c->err);
}

static int h_ballots(struct ms_ctx *c, json_t **out)
{
	return ms_ballot_list(c->db, c->id, &c->page, out, &c->err);
}

static const struct ms_code *const close_errors[] = {
	&MS_E_POLL_NOT_OPEN, &MS_E_INVALID_SHARE, &MS_E_WRONG_SHARE, &MS_E_SHARE_REPEATED, &MS_E_TOO_FEW_SHARES,
	&MS_E_BALLOT_BOX_MISMATCH, &MS_E_EVALUATION_ELSEWHERE, &MS_E_PAPER_SHEETS_UNRESOLVED, NULL};
static const struct ms_code *const closed_errors[] = {&MS_E_POLL_NOT_CLOSED, &MS_E_EVALUATION_ELSEWHERE, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/polls/{id}/close", .fn = h_close, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = close_body, .returns = &ms_result_view, .errors = close_errors,
	 .summary = "close the poll: the scrutineers' shares open its sealed ballots, which are counted once; the "
		    "result and the bulletin are published"},
	{.method = "GET", .pattern = "/polls/{id}/bulletin", .fn = h_bulletin, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_PUBLISHED, .owner = ms_poll_owner, .returns = &bulletin_view, .errors = closed_errors,
	 .summary = "the public bulletin: every counted ballot with its tracker, to find one's own and recount"},
	{.method = "GET", .pattern = "/polls/{id}/result", .fn = h_result, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_PUBLISHED, .owner = ms_poll_owner, .returns = &ms_result_view, .errors = closed_errors,
	 .summary = "the published result (after the close)"},
	{.method = "GET", .pattern = "/polls/{id}/ballots", .fn = h_ballots, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_PAGED, .returns = &ballot_view, .errors = closed_errors,
	 .summary = "the stored ballots, for scrutiny after the close"},
};
const struct ms_routes ms_close_routes = MS_ROUTES(routes);
