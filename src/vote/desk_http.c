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
static const struct ms_code *const open_errors[] = {&MS_E_POLL_NOT_DRAFT, &MS_E_WRONG_PHASE, &MS_E_NO_QUORUM, &MS_E_NO_SCRUTINEERS, &MS_E_SCRUTINEER_NO_KEY, &MS_E_NOT_COMPETITIVE, &MS_E_QUORUM_OVER_ONE, NULL};

static const struct ms_code *const paper_errors[] = {&MS_E_POLL_CLOSED, &MS_E_PAPER_NOT_PRESENT,
						     &MS_E_PAPER_ALREADY_ISSUED, &MS_E_PAPER_VOTED, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/polls/{id}/checkin", .fn = h_checkin, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = checkin_body, .returns = &turnout_view, .errors = checkin_errors,
	 .summary = "check deputies in as present"},
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
