/* rollup_http.c — GET /congresses/{id}/rollup: the roll-up of a congress
 * and everything below it for a year (rollup.h), from the cache, with an
 * ETag. Public: the figures are counts, no one's name or contact. The same figures as XLSX are in
 * src/report/rollup_xlsx.c. */
#include "rollup.h"
#include "rollup_http.h"

#include "../core/workday.h"
#include "../org/org.h"

#define INT(k, d) {.name = (k), .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = (d)}
static const struct ms_field rate_fields[] = {
	INT("num", "the numerator: summed over the units (and the congresses below)"),
	INT("den", "the denominator, likewise"),
	{.name = "value", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "num / den, a number from 0 to 1; null when den is 0"},
	{0}};
static const struct ms_view rate_view = {"RollupRate", rate_fields, "one of the three rates as an exact fraction"};

static const struct ms_field figure_fields[] = {
	INT("projects", "projects of the year's round"),
	INT("planning", "of them drawing up their plan"),
	INT("delivering", "under delivery"),
	INT("finished", "finished (accepted)"),
	INT("green", "warning light green: on schedule"),
	INT("yellow", "yellow: behind"),
	INT("red", "red: far behind"),
	INT("blue", "blue: finished"),
	INT("cost", "the projects' planned cost in yuan, as voted"),
	INT("spent", "yuan spent, as the latest published reports say"),
	INT("micro", "of the projects, small matters done at once (微实事)"),
	INT("wish", "of the projects, small wishes (微心愿)"),
	INT("satisfied", "latest year-end verdict: satisfied"),
	INT("basic", "basically satisfied"),
	INT("dissatisfied", "dissatisfied"),
	INT("no_verdict", "evaluated without a verdict (too few votes)"),
	INT("unevaluated", "not yet evaluated"),
	INT("demands", "residents' demands received in the year"),
	INT("demands_deputies", "of them addressed to a deputy"),
	INT("cases", "cases filed in the year (merged ones not counted)"),
	INT("cases_closed", "of them closed"),
	INT("cases_overdue", "of them overdue now (assigned or accepted, past the due time)"),
	INT("suggestions", "deputies' suggestions filed in the year"),
	INT("suggestions_closed", "of them closed"),
	INT("suggestions_overdue", "of them overdue now"),
	INT("response_num", "the response rate's numerator"),
	INT("response_den", "its denominator"),
	INT("resolution_num", "the resolution rate's numerator"),
	INT("resolution_den", "its denominator"),
	INT("satisfaction_num", "the satisfaction rate's numerator"),
	INT("satisfaction_den", "its denominator"),
	INT("tasks_open", "supervision tasks of the year's projects not yet done"),
	INT("tasks_overdue", "of them past their due day"),
	INT("deputies", "deputies on the roster"),
	INT("activities", "deputies' activity entries approved for days of the year"),
	INT("activity_hours", "their hours"),
	{.name = "response", .kind = MS_F_OBJECT, .view = &rate_view, .flags = MS_FIELD_REQUIRED},
	{.name = "resolution", .kind = MS_F_OBJECT, .view = &rate_view, .flags = MS_FIELD_REQUIRED},
	{.name = "satisfaction", .kind = MS_F_OBJECT, .view = &rate_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view figure_view = {"RollupFigures", figure_fields,
					   "the figures of one congress (own) or of it and all below it (total)"};

static const struct ms_field node_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT_NULL("name_en", MS_F_STR),
	{.name = "level", .kind = MS_F_ENUM, .names = &ms_congress_level_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("parent_id", MS_F_ID),
	INT("depth", "0 for the congress asked for, 1 for those right under it, …"),
	{.name = "phase", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the phase of its round of the year; null: no round"},
	{.name = "own", .kind = MS_F_OBJECT, .view = &figure_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "its own figures"},
	{.name = "total", .kind = MS_F_OBJECT, .view = &figure_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "its own plus the totals of the congresses right under it"},
	{0}};
static const struct ms_view node_view = {"RollupNode", node_fields, "a congress in a roll-up"};

static const struct ms_field path_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT_NULL("name_en", MS_F_STR),
	{.name = "level", .kind = MS_F_ENUM, .names = &ms_congress_level_names, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view path_view = {"RollupPathItem", path_fields, "a congress above"};

static const struct ms_field rollup_fields[] = {
	INT("year", "the calendar year counted"),
	{.name = "congress", .kind = MS_F_OBJECT, .view = &node_view, .flags = MS_FIELD_REQUIRED},
	{.name = "path", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &path_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the congresses above it, the highest first (to drill back up)"},
	{.name = "children", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &node_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the congresses right under it (to drill down)"},
	{.name = "congresses", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &node_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "every congress of the subtree, itself first, then by depth"},
	{0}};
const struct ms_view ms_rollup_view = {"Rollup", rollup_fields,
				       "three-level linkage: a congress's figures and those of every congress below it"};

/* ?year=, this year (China's) by default. */
int ms_rollup_year(struct ms_ctx *c, int *year)
{
	int64_t y = 0;
	int rc = ms_api_query_id(c, "year", &y);
	if (rc)
		return rc;
	const char *given = ms_http_query(c->req, "year");
	if (!given || !*given) {
		int t;
		ms_day_ymd(ms_day_today(), &t, NULL, NULL);
		y = t;
	}
	*year = y > 100000 ? 100000 : (int)y; /* out of range either way: the rules say so */
	return 0;
}

/* From the cache (rollup.h), tagged with the text's hash: a client that
 * holds the same figures is answered 304. */
static int h_get(struct ms_ctx *c, json_t **out)
{
	struct ms_rollup_text t;
	int year, rc = ms_rollup_year(c, &year);
	(void)out;
	if (rc || (rc = ms_rollup_text(c->db, c->id, year, &t, &c->err)))
		return rc;
	return ms_api_answer_text(c, t.text, t.len, t.etag);
}

static const char *const year_query[] = {"year", NULL};
static const struct ms_code *const errors[] = {&MS_E_INVALID_YEAR, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/rollup", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .query = year_query, .returns = &ms_rollup_view, .errors = errors,
	 .summary = "the roll-up (三级联动) of a congress and every congress below it for a year (?year=, this year by "
		    "default): projects by stage and light, verdicts, demands, casework and the three rates, supervision "
		    "tasks, deputies' activity — each congress's own figures and its total"},
};
const struct ms_routes ms_rollup_routes = MS_ROUTES(routes);
