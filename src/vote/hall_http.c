/* hall_http.c — the hall screen's state, once (GET /polls/{id}/hall) or as
 * a stream of server-sent events that follows every change
 * (GET /polls/{id}/events). */
#include "vote.h"

#include "../api/feed.h"
#include "../auth/auth.h"

static const struct ms_field scrutineer_counts[] = {
	MS_OUT("named", MS_F_INT), MS_OUT("prepared", MS_F_INT), MS_OUT("shares_issued", MS_F_INT), {0}};

static const struct ms_field live_item_fields[] = {
	MS_OUT("candidate_id", MS_F_ID), MS_OUT("approve", MS_F_INT),
	{.name = "oppose", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "approve / oppose ballots; 0 on a pick ballot"},
	{0}};
static const struct ms_view live_item_view = {"LiveCount", live_item_fields, "one project's live count"};
static const struct ms_field live_fields[] = {
	{.name = "ballots", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED,
	 .doc = "the electronic ballots counted live (fewer than returned after a node restarted; paper ballots are "
		"counted at the close)"},
	{.name = "candidates", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &live_item_view, .flags = MS_FIELD_REQUIRED},
	{0}};

static const struct ms_field hall_fields[] = {
	{.name = "poll", .kind = MS_F_OBJECT, .view = &ms_poll_view_shape, .flags = MS_FIELD_REQUIRED},
	{.name = "result", .kind = MS_F_OBJECT, .view = &ms_result_view, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "once the poll is closed (null before, and for an evaluation)"},
	{.name = "scrutineers", .kind = MS_F_OBJECT, .sub = scrutineer_counts, .flags = MS_FIELD_REQUIRED,
	 .doc = "the scrutineers named, those who prepared their key, those whose share was issued"},
	{.name = "live", .kind = MS_F_OBJECT, .sub = live_fields, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "a poll set up with live_counts, while open: each project's count of the electronic ballots so far, "
		"summed over the nodes, never stored (the result is the scrutineers' count at the close); null otherwise"},
	{0}};
static const struct ms_view hall_view = {"Hall", hall_fields, "what the hall screen shows of a poll"};

static int h_hall(struct ms_ctx *c, json_t **out)
{
	return ms_hall_state(c->db, c->id, out, &c->err);
}

static int h_events(struct ms_ctx *c, json_t **out)
{
	(void)out;
	char peer[64], addr[64];
	ms_http_peer(c->req, peer, sizeof peer);
	ms_login_client_address(peer, ms_http_header(c->req, "X-Forwarded-For"), addr, sizeof addr);
	return ms_api_stream(c, &ms_hall_feed, c->id, addr);
}

static const struct ms_code *const stream_errors[] = {&MS_E_TOO_MANY_STREAMS, &MS_E_STREAMS_FULL, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/polls/{id}/hall", .fn = h_hall, .access = MS_ACCESS_PUBLIC, .owner = ms_poll_owner,
	 .returns = &hall_view, .summary = "the hall screen's state: the poll's turnout and ballots returned, its result once closed"},
	{.method = "GET", .pattern = "/polls/{id}/events", .fn = h_events, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_RAW, .raw_type = "text/event-stream",
	 .summary = "server-sent events: an `hall` event with the hall state (as GET /polls/{id}/hall) now and at every "
		    "change; a comment every 15 s; resumes by Last-Event-ID; ends after 30 min (the browser reconnects)",
	 .errors = stream_errors},
};
const struct ms_routes ms_hall_routes = MS_ROUTES(routes);
