/* audit_http.c — GET /audit: the log for administrators, and for each
 * congress's clerks their own congress's part. */
#include "audit.h"

static const struct ms_field entry_fields[] = {
	MS_OUT("id", MS_F_ID),
	{.name = "at", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "UTC time, ISO 8601"},
	{.name = "user_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "null: the system"},
	MS_OUT_NULL("user_login", MS_F_STR), MS_OUT_NULL("congress_id", MS_F_ID),
	{.name = "action", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "e.g. poll.open"},
	{.name = "object", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "e.g. poll/3"},
	MS_OUT_NULL("detail", MS_F_ANY),
	{.name = "hash", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "BLAKE2b-256 in hex chaining the entry to the one before (docs/audit.md); null: written before the chain"},
	{0}};
const struct ms_view ms_audit_entry_view = {"AuditEntry", entry_fields, "one entry of the audit log"};

static int h_list(struct ms_ctx *c, json_t **out)
{
	int64_t congress = 0;
	int rc = ms_api_query_id(c, "congress_id", &congress);
	if (rc)
		return rc;
	if (!ms_actor_is(&c->who, MS_ROLE_ADMIN)) {
		/* A clerk reads its own congress's entries only. */
		if (congress && congress != c->who.congress_id) {
			char zh[200], en[200];
			return ms_failf(&c->err, MS_E_FORBIDDEN, "congress_id",
					ms_access_words(MS_ACCESS_ADMIN | MS_ACCESS_CLERK, zh, sizeof zh, en, sizeof en));
		}
		congress = c->who.congress_id;
	}
	return ms_audit_list(c->db, congress, &c->page, out, &c->err);
}

static const char *const list_query[] = {"congress_id", NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/audit", .fn = h_list, .access = MS_ACCESS_ADMIN | MS_ACCESS_ANY_CLERK,
	 .flags = MS_ROUTE_PAGED, .query = list_query, .returns = &ms_audit_entry_view,
	 .summary = "the audit log, newest first (a clerk sees its own congress's)"},
};
const struct ms_routes ms_audit_routes = MS_ROUTES(routes);
