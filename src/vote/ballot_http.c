/* ballot_http.c — casting: a deputy's ballot, and the paper ballots the
 * desk enters. */
#include "vote.h"

#include <stdlib.h>

#include "vote_internal.h"

static const struct ms_field receipt_fields[] = {
	{.name = "receipt", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "proves that this deputy voted in this poll, not how"},
	{.name = "tracker", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "sealed inside the ballot; after the close it stands beside the ballot on the public bulletin. Kept by "
		"the deputy only: the server stores no link between it and the deputy"},
	MS_OUT("poll_id", MS_F_ID),
	{0}};
static const struct ms_view receipt_view = {"Receipt", receipt_fields, "the deputy's receipt"};

static const struct ms_field recorded_fields[] = {MS_OUT("recorded", MS_F_INT), {0}};
static const struct ms_view recorded_view = {"Recorded", recorded_fields, "how many paper ballots were recorded"};

static const struct ms_field ballot_body[] = {
	{.name = "choices", .kind = MS_F_ARRAY, .item = MS_F_INT, .max = 10000,
	 .doc = "the approved candidate ids (ranked: in order of priority); required but on an evaluation"},
	{.name = "ratings", .kind = MS_F_ANY,                                                              
	 .doc = "evaluation polls (ballot form rate), instead of choices: {\"<candidate id>\": \"satisfied\" | "  
		"\"basic\" | \"dissatisfied\" | \"abstain\"} for every project; with sub-items an array of one "  
		"rating per sub-item"},
	{.name = "oppose", .kind = MS_F_ARRAY, .item = MS_F_INT, .max = 10000,
	 .doc = "approve / oppose polls: the opposed candidate ids"},
	{.name = "tracker", .kind = MS_F_STR, .min = 10, .max = 12,
	 .doc = "the ballot's tracker, drawn by the deputy's device (10 characters of Crockford base32); default: "
		"drawn by the server"},
	{0}};
static const struct ms_field paper_body[] = {
	{.name = "ballots", .kind = MS_F_ARRAY, .item = MS_F_ANY, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 10000,
	 .doc = "each [ids], or {\"approve\": [ids], \"oppose\": [ids]} on an approve / oppose poll"},
	{0}};

static int h_ballot(struct ms_ctx *c, json_t **out)
{
	size_t na, no;
	int64_t *a = ms_api_ints(c, "choices", &na), *o = ms_api_ints(c, "oppose", &no);
	char receipt[33], tracker[11];
	struct ms_ballot_in b = {a, na, o, no, ms_api_present(c, "oppose"), json_object_get(c->body, "ratings")};
	int rc = !a || !o ? ms_nomem(&c->err)
		 : b.ratings && (ms_api_present(c, "choices") || ms_api_present(c, "oppose"))
			 ? ms_fail(&c->err, MS_E_RATINGS_ALONE, "ratings")
		 : !b.ratings && !ms_api_present(c, "choices") ? ms_failf(&c->err, MS_E_MISSING_FIELD, "choices", MS_AT("choices", "choices"))
							       : ms_ballot_cast(c->db, &c->who, c->id, &b,
										ms_api_str(c, "tracker"), receipt, tracker, &c->err);
	free(a);
	free(o);
	if (rc)
		return rc;
	return ms_api_answer(c, json_pack("{s:s, s:s, s:I}", "receipt", receipt, "tracker", tracker, "poll_id",
					  (json_int_t)c->id),
			     out);
}

static int h_paper(struct ms_ctx *c, json_t **out)
{
	json_t *ballots = json_object_get(c->body, "ballots");
	int rc = ms_ballot_paper(c->db, &c->who, c->id, ballots, &c->err);
	if (rc)
		return rc;
	return ms_api_answer(c, json_pack("{s:I}", "recorded", (json_int_t)json_array_size(ballots)), out);
}

static const struct ms_code *const ballot_errors[] = {
	&MS_E_POLL_NOT_OPEN,	 &MS_E_NOT_CHECKED_IN, &MS_E_ALREADY_VOTED,	&MS_E_NO_OPPOSE_MARKS,
	&MS_E_UNKNOWN_CANDIDATE, &MS_E_DUPLICATE_CHOICE, &MS_E_TOO_MANY_APPROVALS, &MS_E_INVALID_TRACKER,
	&MS_E_POLL_UNSEALED,	 &MS_E_POLL_CODE_SHEET, &MS_E_PAPER_ISSUED_CAST, &MS_E_NOT_ON_ROSTER,
	&MS_E_RATINGS_REQUIRED,	 &MS_E_NOT_A_RATING_POLL, &MS_E_INVALID_RATING,	&MS_E_ABSTAIN_NOT_ALLOWED,
	&MS_E_PROJECT_NOT_RATED, &MS_E_RATINGS_ALONE,	 NULL};
static const struct ms_code *const paper_errors[] = {&MS_E_POLL_NOT_OPEN, &MS_E_INVALID_PAPER_BALLOT,
						     &MS_E_UNKNOWN_CANDIDATE, &MS_E_DUPLICATE_CHOICE,
						     &MS_E_POLL_UNSEALED, &MS_E_PAPER_OVER_ISSUED, &MS_E_INVALID_RATING, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/polls/{id}/ballot", .fn = h_ballot, .flags = MS_ROUTE_CREATES | MS_ROUTE_GROUPED, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_poll_owner, .body = ballot_body, .returns = &receipt_view, .errors = ballot_errors,
	 .before = ms_seal_ahead, .after = ms_seal_drop, /* the sealed box's key, outside the write lock */
	 .summary = "cast this deputy's secret ballot (once, while the poll is open, after check-in)"},
	{.method = "POST", .pattern = "/polls/{id}/paper-ballots", .fn = h_paper, .flags = MS_ROUTE_CREATES, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = paper_body, .returns = &recorded_view, .errors = paper_errors,
	 .summary = "record paper ballots as they are (one over the limit counts as void); never more than the desk "
		    "issued (POST /polls/{id}/paper-issue)"},
};
const struct ms_routes ms_ballot_routes = MS_ROUTES(routes);
