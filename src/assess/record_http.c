/*
 * record_http.c — deputies' performance files (履职档案) over HTTP: a
 * deputy reads its own file and enters activities; the staff of its
 * congress read every file, decide the entries and publish the points.
 * Who reads what (docs/api.md, "Performance files"): a file is its deputy's
 * and the staff's; the points table is public.
 */
#include "assess.h"

#include "../core/workday.h"
#include "../cycle/cycle.h"
#include "../org/org.h"

/* ---- views ---- */

static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_view words_view = {"RecordWords", words_fields, "a rule in words, in Chinese and English"};

#define COUNT(k) {.name = (k), .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED}
static const struct ms_field counts_fields[] = {
	COUNT("attendance"), COUNT("vote"),	 COUNT("inspection"), COUNT("letter"), COUNT("training"),
	COUNT("contact"),    COUNT("suggestion"), COUNT("research"),   COUNT("other"),	{0}};
static const struct ms_view counts_view = {"RecordCounts", counts_fields, "how many items of each kind"};
static const struct ms_field quarter_fields[] = {
	{.name = "quarter", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 4},
	{.name = "counts", .kind = MS_F_OBJECT, .view = &counts_view, .flags = MS_FIELD_REQUIRED},
	{.name = "points", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "null when the congress awards no points"},
	{0}};
static const struct ms_view quarter_view = {"RecordQuarter", quarter_fields, "a quarter's counts and points"};
static const struct ms_field totals_fields[] = {
	{.name = "counts", .kind = MS_F_OBJECT, .view = &counts_view, .flags = MS_FIELD_REQUIRED},
	{.name = "points", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "null when the congress awards no points"},
	{.name = "quarters", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &quarter_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view totals_view = {"RecordTotals", totals_fields,
					   "a year's counts (approved entries only) and points, and each quarter's"};

static const struct ms_field item_fields[] = {
	{.name = "id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the poll, inspection or letter"},
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the poll's title or the group's name"},
	MS_OUT("day", MS_F_DATE),
	{0}};
static const struct ms_view item_view = {"RecordItem", item_fields, "an item a file reads from the vote or supervision"};
static const struct ms_field group_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT("scope", MS_F_STR), MS_OUT("leader", MS_F_BOOL),
	MS_OUT("created_at", MS_F_STR),
	{0}};
static const struct ms_view group_view = {"RecordGroup", group_fields, "an oversight group the deputy belongs to"};

static const struct ms_field entry_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("deputy_id", MS_F_ID),
	MS_OUT("deputy_name", MS_F_STR),
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_entry_kind_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("day", MS_F_DATE), MS_OUT("text", MS_F_STR), MS_OUT_NULL("hours", MS_F_INT),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_entry_status_names, .flags = MS_FIELD_REQUIRED},
	{.name = "reason", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "why it was rejected"},
	MS_OUT_NULL("created_by", MS_F_ID), MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("decided_by", MS_F_ID),
	MS_OUT_NULL("decided_at", MS_F_STR),
	{0}};
static const struct ms_view entry_view = {"RecordEntry", entry_fields,
					  "an activity entered in a performance file; it counts once approved"};

static const struct ms_field record_fields[] = {
	MS_OUT("deputy_id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT("congress_id", MS_F_ID), MS_OUT("year", MS_F_INT),
	MS_OUT("points_enabled", MS_F_BOOL),
	{.name = "attendance", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &item_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "closed polls the deputy was checked in for (出席会议), by the day each opened"},
	{.name = "votes", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &item_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "closed polls the deputy voted in (that it voted, never how)"},
	{.name = "inspections", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &item_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "inspections naming the deputy as a participant, or recorded by it"},
	{.name = "letters", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &item_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "supervision letters of the groups the deputy belongs to"},
	{.name = "groups", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &group_view, .flags = MS_FIELD_REQUIRED},
	{.name = "entries", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &entry_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the year's entered activities, of every status"},
	{.name = "totals", .kind = MS_F_OBJECT, .view = &totals_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view record_view = {"DeputyRecord", record_fields, "a deputy's performance file (履职档案) for a year"};

static const struct ms_field summary_item_fields[] = {
	MS_OUT("deputy_id", MS_F_ID), MS_OUT("name", MS_F_STR),
	{.name = "pending", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "entries waiting for a decision"},
	{.name = "totals", .kind = MS_F_OBJECT, .view = &totals_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view summary_item_view = {"RecordSummaryItem", summary_item_fields, "one deputy's totals"};
static const struct ms_field summary_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("year", MS_F_INT), MS_OUT("points_enabled", MS_F_BOOL),
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &summary_item_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view summary_view = {"RecordSummary", summary_fields,
					    "every deputy of a congress with the year's totals"};

static const struct ms_field points_item_fields[] = {
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_record_kind_names, .flags = MS_FIELD_REQUIRED},
	{.name = "points", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_POINTS_MAX,
	 .doc = "points for each item of the kind"},
	{0}};
static const struct ms_view points_item_view = {"RecordPointsItem", points_item_fields, "the points of one kind"};
static const struct ms_field points_fields[] = {
	MS_OUT("congress_id", MS_F_ID),
	{.name = "enabled", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "whether the congress awards points"},
	{.name = "points", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &points_item_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "every kind, 0 when not set"},
	{.name = "words", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the rule as the congress publishes it"},
	{0}};
static const struct ms_view points_view = {"RecordPoints", points_fields, "a congress's published points (履职积分)"};

/* ---- bodies and queries ---- */

static const struct ms_field entry_body[] = {
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_entry_kind_names, .flags = MS_FIELD_REQUIRED},
	{.name = "day", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "not after today"},
	{.name = "text", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_ENTRY_TEXT_MAX,
	 .doc = "what was done"},
	{.name = "hours", .kind = MS_F_INT, .flags = MS_FIELD_NULLABLE, .min = 1, .max = MS_ENTRY_HOURS_MAX,
	 .doc = "how long, in hours (optional)"},
	{0}};
static const struct ms_field reject_body[] = {
	{.name = "reason", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_ENTRY_REASON_MAX},
	{0}};
static const struct ms_field points_body[] = {
	{.name = "points", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &points_item_view, .flags = MS_FIELD_REQUIRED,
	 .max = MS_RK_COUNT, .doc = "the points per kind (kinds left out: 0); empty: no points"},
	{0}};
static const struct ms_field empty_body[] = {{0}};

static const struct ms_name sorts_v[] = {{"id", "按编号", "by id"}, {"name", "按姓名", "by name"},
					 {"points", "按积分", "by points, most first"}};
static const struct ms_names sorts = MS_NAMES("record_sort", sorts_v);
static const struct ms_field year_query[] = {
	{.name = "year", .kind = MS_F_INT, .min = MS_YEAR_MIN, .max = MS_YEAR_MAX, .doc = "the year (default: this year)"},
	{0}};
static const struct ms_field list_query[] = {
	{.name = "year", .kind = MS_F_INT, .min = MS_YEAR_MIN, .max = MS_YEAR_MAX, .doc = "the year (default: this year)"},
	{.name = "sort", .kind = MS_F_ENUM, .names = &sorts, .doc = "id (default), name or points"},
	{0}};
static const struct ms_field entries_query[] = {
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_entry_status_names, .doc = "only the entries with this status"},
	{0}};

/* ---- handlers ---- */

/* The ?year= of the query, or this year (in China). */
static int64_t year_of(json_t *q)
{
	json_t *y = json_object_get(q, "year");
	if (y)
		return json_integer_value(y);
	int year = 0;
	ms_day_ymd(ms_day_today(), &year, NULL, NULL);
	return year;
}

static int h_record(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_record_may(&c->who, c->congress_id, c->id, &c->err);
	if (rc || (rc = ms_api_query_args(c, &q)))
		return rc;
	rc = ms_record_get(c->db, c->id, year_of(q), out, &c->err);
	json_decref(q);
	return rc;
}

static int h_records(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	rc = ms_record_list(c->db, c->id, year_of(q), json_string_value(json_object_get(q, "sort")), out, &c->err);
	json_decref(q);
	return rc;
}

static int h_entry_add(struct ms_ctx *c, json_t **out)
{
	struct ms_entry_in in = {.kind = ms_api_str(c, "kind"),
				 .day = ms_api_str(c, "day"),
				 .text = ms_api_str(c, "text"),
				 .hours = ms_api_int(c, "hours", 0)};
	int64_t id;
	int rc = ms_record_entry_add(c->db, &c->who, c->id, &in, &id, &c->err);
	return rc ? rc : ms_record_entry_get(c->db, id, out, &c->err);
}

static int h_entries(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	rc = ms_record_entry_list(c->db, c->id, json_string_value(json_object_get(q, "status")), &c->page, out, &c->err);
	json_decref(q);
	return rc;
}

static int h_approve(struct ms_ctx *c, json_t **out)
{
	int rc = ms_record_entry_decide(c->db, &c->who, c->id, true, NULL, &c->err);
	return rc ? rc : ms_record_entry_get(c->db, c->id, out, &c->err);
}

static int h_reject(struct ms_ctx *c, json_t **out)
{
	int rc = ms_record_entry_decide(c->db, &c->who, c->id, false, ms_api_str(c, "reason"), &c->err);
	return rc ? rc : ms_record_entry_get(c->db, c->id, out, &c->err);
}

static int h_points(struct ms_ctx *c, json_t **out)
{
	return ms_record_points_get(c->db, c->id, out, &c->err);
}

static int h_points_set(struct ms_ctx *c, json_t **out)
{
	int rc = ms_record_points_set(c->db, &c->who, c->id, json_object_get(c->body, "points"), &c->err);
	return rc ? rc : ms_record_points_get(c->db, c->id, out, &c->err);
}

/* ---- routes ---- */

static const struct ms_code *const read_errors[] = {&MS_E_NOT_YOUR_RECORD, &MS_E_NOT_A_DEPUTY_RECORD, NULL};
static const struct ms_code *const add_errors[] = {&MS_E_NOT_YOUR_RECORD, &MS_E_NOT_A_DEPUTY_RECORD, &MS_E_ENTRY_DAY,
						   NULL};
static const struct ms_code *const decide_errors[] = {&MS_E_ENTRY_DECIDED, NULL};
static const struct ms_code *const points_errors[] = {&MS_E_POINTS_KIND_TWICE, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/deputies/{id}/record", .fn = h_record, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_deputy_owner, .query_fields = year_query, .returns = &record_view, .errors = read_errors,
	 .summary = "a deputy's performance file (履职档案) for a year: sessions attended, votes cast (that it voted, "
		    "never how), inspections, letters, groups, entered activities and the totals — for the deputy "
		    "itself and the staff of its congress"},
	{.method = "GET", .pattern = "/congresses/{id}/records", .fn = h_records, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .query_fields = list_query, .returns = &summary_view,
	 .summary = "every deputy of the congress with the year's totals and entries waiting, sorted by id, name or "
		    "points"},
	{.method = "POST", .pattern = "/deputies/{id}/record/entries", .fn = h_entry_add,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY, .owner = ms_deputy_owner, .body = entry_body,
	 .flags = MS_ROUTE_CREATES, .returns = &entry_view, .errors = add_errors,
	 .summary = "enter an activity (training, constituent contact, a suggestion, research, other) in a deputy's "
		    "file: by the deputy itself or the staff; it counts once approved"},
	{.method = "GET", .pattern = "/congresses/{id}/record-entries", .fn = h_entries, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .query_fields = entries_query, .returns = &entry_view,
	 .summary = "the entries of the congress's deputies, oldest first (?status=pending: those waiting)"},
	{.method = "POST", .pattern = "/record-entries/{id}/approve", .fn = h_approve, .access = MS_ACCESS_STAFF,
	 .owner = ms_record_entry_owner, .body = empty_body, .returns = &entry_view, .errors = decide_errors,
	 .summary = "approve a pending entry: it counts from now on"},
	{.method = "POST", .pattern = "/record-entries/{id}/reject", .fn = h_reject, .access = MS_ACCESS_STAFF,
	 .owner = ms_record_entry_owner, .body = reject_body, .returns = &entry_view, .errors = decide_errors,
	 .summary = "reject a pending entry, saying why"},
	{.method = "GET", .pattern = "/congresses/{id}/record-points", .fn = h_points, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &points_view,
	 .summary = "the congress's published points per kind of activity, with the rule in words"},
	{.method = "PUT", .pattern = "/congresses/{id}/record-points", .fn = h_points_set, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = points_body, .returns = &points_view, .errors = points_errors,
	 .summary = "set the points per kind (an empty list: no points); files are counted with them from now on"},
};
const struct ms_routes ms_record_routes = MS_ROUTES(routes);
