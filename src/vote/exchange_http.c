/* exchange_http.c — a closed poll's anonymous ballots as a Pabulib .pb file.
 * (The import of a .pb file sets up a poll: poll_http.c.) */
#include "vote.h"

#include <stdio.h>

static int h_export(struct ms_ctx *c, json_t **out)
{
	(void)out;
	int rc = ms_poll_export_pb(c->db, &c->who, c->id, &c->raw, &c->raw_len, &c->err);
	if (rc)
		return rc;
	c->raw_type = "text/plain; charset=utf-8";
	snprintf(c->raw_disposition, sizeof c->raw_disposition, "attachment; filename=\"minsheng-poll-%lld.pb\"",
		 (long long)c->id);
	return 0;
}

static const struct ms_code *const export_errors[] = {&MS_E_POLL_NOT_CLOSED, &MS_E_UNSUPPORTED_FORM, &MS_E_EVALUATION_ELSEWHERE, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/polls/{id}/ballots.pb", .fn = h_export, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_WRITE | MS_ROUTE_RAW, .errors = export_errors,
	 .summary = "the anonymous ballots as a Pabulib .pb file (writes an audit entry)"},
};
const struct ms_routes ms_exchange_routes = MS_ROUTES(routes);
