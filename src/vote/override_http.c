/* override_http.c — a presidium decision on a closed poll's verdict, and a
 * run-off in one step from a tie at the cut (override.c, runoff.c). */
#include "vote.h"

#include "vote_internal.h"

static const struct ms_field override_body[] = {
	{.name = "candidate_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "a candidate on the poll's ballot"},
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_override_status_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "the verdict decided: selected (入选) or not_selected (未入选); counted withdraws the decision that "
		"stood (the count's verdict stands again)"},
	{.name = "reason", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 500,
	 .doc = "why, as the decision gives it; shown on the public result"},
	{.name = "decided_by", .kind = MS_F_STR, .min = 1, .max = 60,
	 .doc = "the body that decided; default 大会主席团 (the presidium)"},
	{0}};

static const struct ms_field runoff_body[] = {
	{.name = "title", .kind = MS_F_STR, .min = 1, .max = MS_TITLE_MAX,
	 .doc = "default: the poll's title with （再次投票）"},
	{0}};

static int h_override(struct ms_ctx *c, json_t **out)
{
	const char *by = ms_api_str(c, "decided_by");
	return ms_poll_override(c->db, &c->who, c->id, ms_api_int(c, "candidate_id", 0), ms_api_str(c, "status"),
				ms_api_str(c, "reason"), by ? by : "大会主席团", out, &c->err);
}

static int h_runoff(struct ms_ctx *c, json_t **out)
{
	int64_t id;
	int rc = ms_poll_runoff(c->db, &c->who, c->id, ms_api_str(c, "title"), &id, &c->err);
	return rc ? rc : ms_poll_view(c->db, id, &c->who, out, &c->err);
}

static const struct ms_code *const override_errors[] = {
	&MS_E_POLL_NOT_CLOSED, &MS_E_EVALUATION_ELSEWHERE, &MS_E_OVERRIDE_INVALID_RESULT, &MS_E_OVERRIDE_UNCHANGED,
	&MS_E_CANDIDATE_NOT_ON_POLL, &MS_E_WRONG_PHASE, &MS_E_TIE_GOES_TO_RUNOFF, NULL};
static const struct ms_code *const runoff_errors[] = {
	&MS_E_POLL_NOT_CLOSED, &MS_E_EVALUATION_ELSEWHERE, &MS_E_NO_TIE_AT_CUT, &MS_E_RUNOFF_EXISTS, &MS_E_WRONG_PHASE,
	&MS_E_TIE_DECIDED, &MS_E_TIER_NOT_VOTED, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/polls/{id}/overrides", .fn = h_override, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = override_body, .returns = &ms_result_view, .errors = override_errors,
	 .summary = "record a presidium decision (主席团决定) overriding one candidate's verdict on a closed poll; the "
		    "count stays as it was and the result shows the decision beside it"},
	{.method = "POST", .pattern = "/polls/{id}/runoff", .fn = h_runoff, .flags = MS_ROUTE_CREATES,
	 .access = MS_ACCESS_STAFF, .owner = ms_poll_owner, .body = runoff_body, .returns = &ms_poll_view_shape,
	 .errors = runoff_errors, .library_errors = ms_count_codes,
	 .summary = "set up the run-off of a tie at the cut: a poll among the tied candidates for the places left"},
};
const struct ms_routes ms_override_routes = MS_ROUTES(routes);
