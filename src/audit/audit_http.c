/* audit_http.c — GET /audit: the log for administrators, and for each
 * congress's clerks their own congress's part, or that of a congress below
 * theirs (three-level linkage). */
#include "audit.h"

#include "../core/workday.h"

#include <string.h>

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

static const struct ms_field list_query[] = {
	{.name = "congress_id", .kind = MS_F_ID, .doc = "only this congress's entries (a clerk: its own by default, or one below it)"},
	{.name = "user_id", .kind = MS_F_ID, .doc = "only what this user did"},
	{.name = "action", .kind = MS_F_STR, .max = 64,
	 .doc = "only this action (user.create), or every action of a kind (user)"},
	{.name = "from", .kind = MS_F_STR, .max = 10, .doc = "from this day on (YYYY-MM-DD, UTC)"},
	{.name = "to", .kind = MS_F_STR, .max = 10, .doc = "up to this day, included (YYYY-MM-DD, UTC)"},
	{0}};

/* 0 when s (may be NULL) is a day YYYY-MM-DD, else 400 invalid_query. */
static int check_day(struct ms_ctx *c, const char *name, const char *s)
{
	int32_t day;
	bool ok = !s || (strlen(s) == 10 && ms_day_parse(s, &day)); /* a day of the calendar: not 2026-99-99 */
	return ok ? 0
		  : ms_failf(&c->err, MS_E_INVALID_QUERY, name, MS_AS(name),
			     MS_AT("YYYY-MM-DD 格式的日期", "a day as YYYY-MM-DD"));
}

static int check_action(struct ms_ctx *c, const char *s)
{
	for (const char *p = s; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_' || *p == '.'))
			return ms_failf(&c->err, MS_E_INVALID_QUERY, "action", MS_AS("action"),
					MS_AT("小写字母、_ 和 . 组成的操作名", "an action of lowercase letters, _ and ."));
	return 0;
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	struct ms_audit_filter f = {.congress_id = json_integer_value(json_object_get(q, "congress_id")),
				    .user_id = json_integer_value(json_object_get(q, "user_id")),
				    .action = json_string_value(json_object_get(q, "action")),
				    .from = json_string_value(json_object_get(q, "from")),
				    .to = json_string_value(json_object_get(q, "to"))};
	if ((rc = check_action(c, f.action)) || (rc = check_day(c, "from", f.from)) || (rc = check_day(c, "to", f.to)))
		goto out;
	bool below = false;
	if (!ms_actor_is(&c->who, MS_ROLE_ADMIN) && f.congress_id && f.congress_id != c->who.congress_id &&
	    (rc = ms_api_oversees(c, f.congress_id, &below)))
		goto out;
	if (!ms_actor_is(&c->who, MS_ROLE_ADMIN) && !below) {
		/* A clerk reads its own congress's entries, or those of a congress below it. */
		if (f.congress_id && f.congress_id != c->who.congress_id) {
			char zh[200], en[200];
			rc = ms_failf(&c->err, MS_E_FORBIDDEN, "congress_id",
				      ms_access_words(MS_ACCESS_ADMIN | MS_ACCESS_CLERK, zh, sizeof zh, en, sizeof en));
			goto out;
		}
		f.congress_id = c->who.congress_id;
	}
	rc = ms_audit_list_filtered(c->db, &f, &c->page, out, &c->err);
out:
	json_decref(q);
	return rc;
}

static const struct ms_field verify_fields[] = {
	{.name = "ok", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "the chain, the results and the triggers hold"},
	{.name = "entries", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "entries checked"},
	{.name = "results", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "stored results checked"},
	{.name = "triggers", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "protective triggers in place"},
	{.name = "head_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "the newest chained entry"},
	MS_OUT_NULL("head", MS_F_STR),
	{.name = "problem_code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the first broken link's code (null: none)"},
	MS_OUT_NULL("problem", MS_F_STR), MS_OUT_NULL("problem_zh", MS_F_STR),
	{0}};
static const struct ms_view verify_view = {"AuditVerify", verify_fields,
					   "what `minsheng audit verify` finds (docs/audit.md), without a recorded head"};

static int h_verify(struct ms_ctx *c, json_t **out)
{
	struct ms_audit_report r = {0};
	struct ms_error e = {0};
	int rc = ms_audit_verify(c->db, NULL, &r, &e);
	if (rc && rc != MS_ERR_CONFLICT) {
		c->err = e;
		return rc;
	}
	return ms_api_answer(c,
			     json_pack("{s:b, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "ok", rc == 0, "entries",
				       (json_int_t)r.entries, "results", (json_int_t)r.results, "triggers",
				       (json_int_t)r.triggers, "head_id", r.head_id ? json_integer(r.head_id) : json_null(),
				       "head", r.head[0] ? json_string(r.head) : json_null(), "problem_code",
				       rc && e.code ? json_string(e.code) : json_null(), "problem",
				       rc ? json_string(e.message) : json_null(), "problem_zh",
				       rc ? json_string(e.message_zh) : json_null()),
			     out);
}

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/audit", .fn = h_list, .access = MS_ACCESS_ADMIN | MS_ACCESS_ANY_CLERK,
	 .flags = MS_ROUTE_PAGED, .query_fields = list_query, .returns = &ms_audit_entry_view,
	 .summary = "the audit log, newest first (a clerk sees its own congress's); narrowed by congress, actor, "
		    "action or kind, and days"},
	{.method = "GET", .pattern = "/audit/verify", .fn = h_verify, .access = MS_ACCESS_ADMIN, .returns = &verify_view,
	 .summary = "check the audit log's hash chain, the results and the protective triggers (as `minsheng audit "
		    "verify`; it reads the whole log)"},
};
const struct ms_routes ms_audit_routes = MS_ROUTES(routes);
