/* code_http.c — code-sheet polls: the desk hands out slips, voids spoiled
 * or lost ones and reconciles them; a phone that scanned a slip checks its
 * code and casts the ballot with no login. (Printing the slips, a PDF, is
 * report/slips_http.c.) */
#include "vote.h"

#include <stdlib.h>

#include "vote_internal.h"

static const struct ms_field counts_fields[] = {
	{.name = "printed", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "codes printed on slips"},
	{.name = "handed", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "slips the desk handed to deputies"},
	{.name = "used", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "codes that cast a ballot"},
	{.name = "voided", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "spoiled or lost slips voided"},
	{.name = "unused", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "codes neither used nor voided"},
	{.name = "ballots", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "ballots in the box"},
	{.name = "slips_not_returned", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "slips handed out whose code has not voted"},
	{0}};
static const struct ms_view counts_view = {"SlipCounts", counts_fields, "slips printed, handed, used and voided"};
static const struct ms_name code_state_v[] = {
	{"issued", "未使用", "not yet used"},
	{"used", "已投票", "used to vote"},
	{"void", "已作废", "voided"},
};
static const struct ms_names code_state_names = MS_NAMES("code_state", code_state_v);
static const struct ms_field state_fields[] = {
	{.name = "state", .kind = MS_F_ENUM, .names = &code_state_names, .flags = MS_FIELD_REQUIRED},
	{.name = "poll_status", .kind = MS_F_ENUM, .names = &ms_poll_status_names, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view state_view = {"CodeState", state_fields, "whether a voting code can still vote"};
static const struct ms_field tracker_fields[] = {
	{.name = "tracker", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "sealed inside the ballot"},
	MS_OUT("poll_id", MS_F_ID),
	{0}};
static const struct ms_view tracker_view = {"CodeReceipt", tracker_fields, "the ballot's tracker"};

static const struct ms_field hand_body[] = {
	{.name = "deputy_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 5000},
	{0}};
static const struct ms_field void_body[] = {
	{.name = "serials", .kind = MS_F_ARRAY, .item = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1,
	 .max = MS_CODES_MAX, .doc = "the numbers of spoiled or lost slips"},
	{0}};
#define CODE_FIELD                                                                                     \
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 40,              \
	 .doc = "the slip's voting code (from its QR code)"}
static const struct ms_field check_body[] = {CODE_FIELD, {0}};
static const struct ms_field cast_body[] = {
	CODE_FIELD,
	{.name = "choices", .kind = MS_F_ARRAY, .item = MS_F_INT, .max = 10000,
	 .doc = "the approved candidate ids (ranked: in order of priority); required but on an evaluation"},
	{.name = "ratings", .kind = MS_F_ANY,                                                              
	 .doc = "evaluation polls (ballot form rate), instead of choices: {\"<candidate id>\": \"satisfied\" | "  
		"\"basic\" | \"dissatisfied\" | \"abstain\"} for every project; with sub-items an array of one "  
		"rating per sub-item"},
	{.name = "oppose", .kind = MS_F_ARRAY, .item = MS_F_INT, .max = 10000,
	 .doc = "approve / oppose polls: the opposed candidate ids"},
	{.name = "tracker", .kind = MS_F_STR, .min = 10, .max = 12, .doc = "drawn by the phone; default: by the server"},
	{0}};

static int h_hand(struct ms_ctx *c, json_t **out)
{
	size_t n;
	int64_t *ids = ms_api_ints(c, "deputy_ids", &n);
	int rc = ids ? ms_slips_hand(c->db, &c->who, c->id, ids, n, &c->err) : ms_nomem(&c->err);
	free(ids);
	return rc ? rc : ms_codes_reconcile(c->db, c->id, out, &c->err);
}

static int h_void(struct ms_ctx *c, json_t **out)
{
	size_t n;
	int64_t *v = ms_api_ints(c, "serials", &n);
	int rc = v ? ms_codes_void(c->db, &c->who, c->id, v, n, &c->err) : ms_nomem(&c->err);
	free(v);
	return rc ? rc : ms_codes_reconcile(c->db, c->id, out, &c->err);
}

static int h_counts(struct ms_ctx *c, json_t **out)
{
	return ms_codes_reconcile(c->db, c->id, out, &c->err);
}

static int h_check(struct ms_ctx *c, json_t **out)
{
	return ms_code_check(c->db, c->id, ms_api_str(c, "code"), out, &c->err);
}

static int h_cast(struct ms_ctx *c, json_t **out)
{
	size_t na, no;
	int64_t *a = ms_api_ints(c, "choices", &na), *o = ms_api_ints(c, "oppose", &no);
	char tracker[11];
	/* c->who is not passed: a ballot cast with a code names nobody, even when the phone is logged in. */
	struct ms_ballot_in b = {a, na, o, no, ms_api_present(c, "oppose"), json_object_get(c->body, "ratings")};
	int rc = !a || !o ? ms_nomem(&c->err)
		 : b.ratings && (ms_api_present(c, "choices") || ms_api_present(c, "oppose"))
			 ? ms_fail(&c->err, MS_E_RATINGS_ALONE, "ratings")
		 : !b.ratings && !ms_api_present(c, "choices")
			 ? ms_failf(&c->err, MS_E_MISSING_FIELD, "choices", MS_AT("choices", "choices"))
			 : ms_code_cast(c->db, c->id, ms_api_str(c, "code"), &b, ms_api_str(c, "tracker"), tracker, &c->err);
	free(a);
	free(o);
	return rc ? rc : ms_api_answer(c, json_pack("{s:s, s:I}", "tracker", tracker, "poll_id", (json_int_t)c->id), out);
}

static const struct ms_code *const hand_errors[] = {&MS_E_NOT_CODE_SHEET, &MS_E_POLL_CLOSED, &MS_E_SLIP_ALREADY, NULL};
static const struct ms_code *const void_errors[] = {&MS_E_NOT_CODE_SHEET, &MS_E_SLIP_UNKNOWN, &MS_E_SLIP_USED, NULL};
static const struct ms_code *const counts_errors[] = {&MS_E_NOT_CODE_SHEET, NULL};
static const struct ms_code *const check_errors[] = {&MS_E_NOT_CODE_SHEET, &MS_E_INVALID_CODE, NULL};
static const struct ms_code *const cast_errors[] = {
	&MS_E_NOT_CODE_SHEET,	&MS_E_INVALID_CODE,	  &MS_E_CODE_USED,	   &MS_E_CODE_VOID,
	&MS_E_POLL_NOT_OPEN,	&MS_E_NO_OPPOSE_MARKS,	  &MS_E_UNKNOWN_CANDIDATE, &MS_E_DUPLICATE_CHOICE,
	&MS_E_TOO_MANY_APPROVALS, &MS_E_INVALID_TRACKER, &MS_E_POLL_UNSEALED,	   &MS_E_RATINGS_REQUIRED,
	&MS_E_NOT_A_RATING_POLL, &MS_E_INVALID_RATING, &MS_E_ABSTAIN_NOT_ALLOWED, &MS_E_PROJECT_NOT_RATED, &MS_E_RATINGS_ALONE, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/polls/{id}/slips", .fn = h_hand, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = hand_body, .returns = &counts_view, .errors = hand_errors,
	 .summary = "the desk hands a slip to each of these checked-in deputies (which slip is not recorded)"},
	{.method = "POST", .pattern = "/polls/{id}/codes/void", .fn = h_void, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = void_body, .returns = &counts_view, .errors = void_errors,
	 .summary = "void spoiled or lost slips by number (a used one cannot be)"},
	{.method = "GET", .pattern = "/polls/{id}/codes", .fn = h_counts, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .returns = &counts_view, .errors = counts_errors,
	 .summary = "reconcile the slips: printed, handed out, used, voided, unused, against the ballots"},
	{.method = "POST", .pattern = "/polls/{id}/code-check", .fn = h_check, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_NO_CSRF, .body = check_body, .returns = &state_view,
	 .errors = check_errors, .summary = "whether a scanned voting code can still vote (no login)"},
	{.method = "POST", .pattern = "/polls/{id}/code-ballot", .fn = h_cast, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_NO_CSRF | MS_ROUTE_CREATES | MS_ROUTE_GROUPED, .body = cast_body,
	 .returns = &tracker_view, .errors = cast_errors,
	 .before = ms_seal_ahead, .after = ms_seal_drop, /* the sealed box's key, outside the write lock */
	 .summary = "cast a ballot with a voting code from a slip (no login; the ballot names nobody)"},
};
const struct ms_routes ms_code_routes = MS_ROUTES(routes);
