/* desk_http.c — the check-in desk: check deputies in, the attendance list,
 * open the poll. */
#include "vote.h"

#include <stdlib.h>

static const struct ms_field attendee_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("login", MS_F_STR), MS_OUT("name", MS_F_STR), MS_OUT("present", MS_F_BOOL),
	MS_OUT("voted", MS_F_BOOL),
	{.name = "slip", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "code-sheet polls: took a slip at the desk"},
	{.name = "paper", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "was issued a paper ballot at the desk (then cannot vote electronically)"},
	{.name = "self", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "checked in by the deputy's own phone (the hall's QR code), not at the desk"},
	{.name = "confirmed", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "a check-in by phone the desk confirmed (by checking the deputy in again); false on every other row"},
	{0}};
const struct ms_view ms_attendee_view = {"Attendee", attendee_fields, "a deputy at the check-in desk"};

static const struct ms_field turnout_fields[] = {
	MS_OUT("deputies_present", MS_F_INT), MS_OUT("deputies_all", MS_F_INT), MS_OUT("quorum_met", MS_F_BOOL),
	{0}};
static const struct ms_view turnout_view = {"Turnout", turnout_fields, "deputies present against the quorum"};

static const struct ms_field paper_fields[] = {
	{.name = "paper_issued", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "paper ballots the desk issued"},
	{.name = "paper_recorded", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "paper ballots recorded (POST /polls/{id}/paper-ballots), never more than issued"},
	{0}};
static const struct ms_view paper_view = {"PaperCounts", paper_fields, "paper ballots issued and recorded"};

static const struct ms_field checkin_body[] = {
	{.name = "deputy_ids", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 5000},
	{0}};
static const struct ms_field no_body[] = {{0}};

static const struct ms_field token_fields[] = {
	{.name = "token", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "16 hex digits; the deputy's page is /deputy/checkin/{id}?t=TOKEN (shown as a QR code)"},
	{.name = "expires_in", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "seconds until the next token (show the new one then)"},
	{.name = "valid_for", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "seconds this token is still accepted (the current and the next window)"},
	{.name = "window_s", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "seconds of a window"},
	{0}};
static const struct ms_view token_view = {"CheckinToken", token_fields,
					  "the rotating token of the hall's check-in QR code (staff only)"};

static const struct ms_field self_body[] = {
	{.name = "token", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 64,
	 .doc = "the token of the QR code shown at the desk or on the hall screen"},
	{0}};
static const struct ms_field self_fields[] = {
	MS_OUT("poll_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	{.name = "already", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "was checked in already"},
	{0}};
static const struct ms_view self_view = {"SelfCheckin", self_fields, "a deputy's own check-in"};

static int h_token(struct ms_ctx *c, json_t **out)
{
	return ms_checkin_token(c->db, c->id, out, &c->err);
}

static int h_self(struct ms_ctx *c, json_t **out)
{
	return ms_self_checkin(c->db, &c->who, c->id, ms_api_str(c, "token"), out, &c->err);
}

static int h_undo(struct ms_ctx *c, json_t **out)
{
	size_t n;
	int64_t *ids = ms_api_ints(c, "deputy_ids", &n);
	if (!ids)
		return ms_nomem(&c->err);
	int rc = ms_checkin_undo(c->db, &c->who, c->id, ids, n, out, &c->err);
	free(ids);
	return rc;
}

static int h_checkin(struct ms_ctx *c, json_t **out)
{
	size_t n;
	int64_t *ids = ms_api_ints(c, "deputy_ids", &n);
	if (!ids)
		return ms_nomem(&c->err);
	int rc = ms_checkin(c->db, &c->who, c->id, ids, n, out, &c->err);
	free(ids);
	return rc;
}

static int h_paper_issue(struct ms_ctx *c, json_t **out)
{
	size_t n;
	int64_t *ids = ms_api_ints(c, "deputy_ids", &n);
	if (!ids)
		return ms_nomem(&c->err);
	int rc = ms_paper_issue(c->db, &c->who, c->id, ids, n, out, &c->err);
	free(ids);
	return rc;
}

static int h_attendance(struct ms_ctx *c, json_t **out)
{
	return ms_attendance_list(c->db, c->id, c->congress_id, &c->page, out, &c->err);
}

static int h_open(struct ms_ctx *c, json_t **out)
{
	int rc = ms_poll_open(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_poll_view(c->db, c->id, &c->who, out, &c->err);
}

static const struct ms_code *const checkin_errors[] = {&MS_E_POLL_CLOSED, &MS_E_NOT_A_DEPUTY, &MS_E_NOT_ON_ROSTER, NULL};
static const struct ms_code *const self_errors[] = {&MS_E_POLL_CLOSED, &MS_E_CHECKIN_TOKEN_INVALID,
						    &MS_E_NOT_A_DEPUTY, &MS_E_NOT_ON_ROSTER, NULL};
static const struct ms_code *const undo_errors[] = {&MS_E_CHECKIN_UNDO_NOT_DRAFT, &MS_E_CHECKIN_UNDO_ABSENT,
						    &MS_E_CHECKIN_UNDO_ISSUED, NULL};
static const struct ms_code *const token_errors[] = {&MS_E_POLL_CLOSED, NULL};
static const struct ms_code *const open_errors[] = {&MS_E_POLL_NOT_DRAFT, &MS_E_WRONG_PHASE, &MS_E_NO_QUORUM, &MS_E_NO_SCRUTINEERS, &MS_E_SCRUTINEER_NO_KEY, &MS_E_NOT_COMPETITIVE, &MS_E_QUORUM_OVER_ONE, NULL};

static const struct ms_code *const paper_errors[] = {&MS_E_POLL_CLOSED, &MS_E_PAPER_NOT_PRESENT,
						     &MS_E_PAPER_ALREADY_ISSUED, &MS_E_PAPER_VOTED, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/polls/{id}/checkin", .fn = h_checkin, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = checkin_body, .returns = &turnout_view, .errors = checkin_errors,
	 .summary = "check deputies in as present"},
	{.method = "POST", .pattern = "/polls/{id}/checkin/undo", .fn = h_undo, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = checkin_body, .returns = &turnout_view, .errors = undo_errors,
	 .summary = "undo mistaken check-ins, only before the poll opens"},
	{.method = "GET", .pattern = "/polls/{id}/checkin-token", .fn = h_token, .access = MS_ACCESS_STAFF,
	 .flags = MS_ROUTE_OWN_STAFF, .owner = ms_poll_owner, .returns = &token_view, .errors = token_errors,
	 .summary = "the current token of the hall's check-in QR code (rotates every window)"},
	{.method = "POST", .pattern = "/polls/{id}/self-checkin", .fn = h_self, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_poll_owner, .body = self_body, .returns = &self_view, .errors = self_errors,
	 .summary = "a deputy checks in by the QR code shown in the hall"},
	{.method = "POST", .pattern = "/polls/{id}/paper-issue", .fn = h_paper_issue, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = checkin_body, .returns = &paper_view, .errors = paper_errors,
	 .summary = "the desk issues a paper ballot to each of these checked-in deputies who have not voted"},
	{.method = "GET", .pattern = "/polls/{id}/attendance", .fn = h_attendance, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_attendee_view,
	 .summary = "the congress's deputies with present / voted (search by name or login)"},
	{.method = "POST", .pattern = "/polls/{id}/open", .fn = h_open, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = no_body, .returns = &ms_poll_view_shape, .errors = open_errors,
	 .library_errors = ms_count_codes, /* the close's checks, applied at the open (ms_poll_check) */
	 .summary = "open the poll (the round votes, the quorum is met); freezes the roster"},
};
const struct ms_routes ms_desk_routes = MS_ROUTES(routes);
