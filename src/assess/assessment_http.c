/* assessment_http.c — the unit assessment over HTTP: the league table of a
 * congress (?year=, ?month=), one unit's assessment traced to its records,
 * its trend over the years, the settings (printed in words), (the XLSX and PDF
 * exports are report/assess_export_http.c's). The figures are public, as the projects,
 * plans, published reports and verdicts they come from are; a consequence
 * its rule keeps from the public shows its points and day only, except to
 * the staff and the unit's own officers. */
#include <stdio.h>

#include "../core/workday.h"
#include "../http/http.h"
#include "../org/org.h"
#include "../supervise/supervise.h"
#include "assess_unit.h"

#define REQ MS_FIELD_REQUIRED

/* ---- the shapes of the answers ---- */

static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_view words_view = {"AssessmentWords", words_fields, "a text in Chinese and English"};
static const struct ms_field comp_setting_fields[] = {
	MS_OUT("key", MS_F_STR), MS_OUT("name", MS_F_STR), MS_OUT("name_en", MS_F_STR), MS_OUT("weight", MS_F_INT),
	{.name = "definition", .kind = MS_F_OBJECT, .view = &words_view, .flags = REQ,
	 .doc = "what the component counts, precisely"},
	{0}};
static const struct ms_view comp_setting_view = {"AssessmentComponentRule", comp_setting_fields,
						  "a component of the assessment: its weight and definition"};
#define WEIGHT_OUT(n_) MS_OUT(n_, MS_F_INT)
static const struct ms_field settings_fields[] = {
	WEIGHT_OUT("on_time"), WEIGHT_OUT("delivery"), WEIGHT_OUT("satisfaction"), WEIGHT_OUT("response_rate"),
	WEIGHT_OUT("resolution_rate"), WEIGHT_OUT("casework_satisfaction"), WEIGHT_OUT("tasks"),
	MS_OUT("excellent_min", MS_F_INT),
	MS_OUT("good_min", MS_F_INT), MS_OUT("pass_min", MS_F_INT),
	{.name = "components", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &comp_setting_view, .flags = REQ},
	{.name = "penalty", .kind = MS_F_OBJECT, .view = &words_view, .flags = REQ, .doc = "how penalties count"},
	{.name = "words", .kind = MS_F_OBJECT, .view = &words_view, .flags = REQ, .doc = "the rule in words"},
	{0}};
static const struct ms_view settings_view = {"AssessmentSettings", settings_fields,
					     "a congress's unit assessment: weights and class bands, in words"};

static const struct ms_field comp_fields[] = {
	MS_OUT("key", MS_F_STR), MS_OUT("num", MS_F_INT), MS_OUT("den", MS_F_INT),
	{.name = "no_data", .kind = MS_F_BOOL, .flags = REQ, .doc = "den 0: nothing to measure; left out of the score"},
	{.name = "share", .kind = MS_F_STR, .flags = REQ | MS_FIELD_NULLABLE, .doc = "num/den reduced, exact"},
	{0}};
static const struct ms_view comp_view = {"AssessmentComponent", comp_fields, "one component of a unit's score"};
static const struct ms_field row_fields[] = {
	MS_OUT("unit_id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT_NULL("name_en", MS_F_STR),
	{.name = "rank", .kind = MS_F_INT, .flags = REQ | MS_FIELD_NULLABLE,
	 .doc = "competition rank (1, 2, 2, 4); null without a score"},
	{.name = "score", .kind = MS_F_STR, .flags = REQ | MS_FIELD_NULLABLE, .doc = "exact, \"p/q\" or \"p\""},
	{.name = "score_decimal", .kind = MS_F_STR, .flags = REQ | MS_FIELD_NULLABLE,
	 .doc = "rounded half up to two decimals, for display"},
	MS_OUT_NULL("before_penalty", MS_F_STR), MS_OUT("class", MS_F_STR), MS_OUT("class_name", MS_F_STR),
	MS_OUT("class_name_en", MS_F_STR),
	{.name = "red_list", .kind = MS_F_BOOL, .flags = REQ, .doc = "红榜: excellent"},
	{.name = "black_list", .kind = MS_F_BOOL, .flags = REQ, .doc = "黑榜: fail"},
	MS_OUT("penalty", MS_F_INT),
	{.name = "components", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &comp_view, .flags = REQ},
	{.name = "year", .kind = MS_F_INT, .doc = "in a trend"},
	{.name = "scored", .kind = MS_F_INT, .doc = "in a trend: the units with a score that year"},
	{0}};
static const struct ms_view row_view = {"AssessmentRow", row_fields, "a unit's line of the league table"};
static const struct ms_field period_fields[] = {MS_OUT("year", MS_F_INT), MS_OUT_NULL("month", MS_F_INT),
						 MS_OUT("from", MS_F_STR), MS_OUT("to", MS_F_STR), {0}};
static const struct ms_view period_view = {"AssessmentPeriod", period_fields,
					   "a year or a month, counted up to today"};
static const struct ms_field league_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("congress_name", MS_F_STR), MS_OUT_NULL("congress_name_en", MS_F_STR),
	{.name = "period", .kind = MS_F_OBJECT, .view = &period_view, .flags = REQ},
	{.name = "settings", .kind = MS_F_OBJECT, .view = &settings_view, .flags = REQ},
	{.name = "units", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &row_view, .flags = REQ,
	 .doc = "in table order: by score, then the units without a score"},
	{.name = "red_list", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = REQ},
	{.name = "black_list", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = REQ},
	MS_OUT("scored", MS_F_INT), {0}};
static const struct ms_view league_view = {"LeagueTable", league_fields, "a congress's unit league table"};

static const struct ms_field ms_rec_fields[] = {
	MS_OUT("project_id", MS_F_ID), MS_OUT_NULL("project_title", MS_F_STR), MS_OUT("milestone", MS_F_INT),
	MS_OUT_NULL("title", MS_F_STR), MS_OUT("planned_on", MS_F_STR), MS_OUT_NULL("reached_on", MS_F_STR),
	MS_OUT_NULL("report_id", MS_F_ID), MS_OUT("on_time", MS_F_BOOL), {0}};
static const struct ms_view ms_rec_view = {"AssessedMilestone", ms_rec_fields, "a milestone behind on_time"};
static const struct ms_field pr_rec_fields[] = {
	MS_OUT("project_id", MS_F_ID), MS_OUT_NULL("title", MS_F_STR), MS_OUT("finish_on", MS_F_STR),
	MS_OUT_NULL("accepted_on", MS_F_STR), MS_OUT("delivered", MS_F_BOOL), {0}};
static const struct ms_view pr_rec_view = {"AssessedProject", pr_rec_fields, "a project behind delivery"};
static const struct ms_field points_fields[] = {MS_OUT("num", MS_F_INT), MS_OUT("den", MS_F_INT), {0}};
static const struct ms_view points_view = {"AssessedPoints", points_fields, "a share"};
static const struct ms_field v_rec_fields[] = {
	MS_OUT("project_id", MS_F_ID), MS_OUT_NULL("project_title", MS_F_STR), MS_OUT("poll_id", MS_F_ID),
	MS_OUT_NULL("poll_title", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR), MS_OUT("verdict", MS_F_STR),
	MS_OUT("satisfied", MS_F_INT), MS_OUT("basic", MS_F_INT), MS_OUT("dissatisfied", MS_F_INT),
	MS_OUT("abstain", MS_F_INT), MS_OUT("invalid", MS_F_INT),
	{.name = "points", .kind = MS_F_OBJECT, .view = &points_view, .flags = REQ}, {0}};
static const struct ms_view v_rec_view = {"AssessedVerdict", v_rec_fields, "a verdict behind satisfaction"};
static const struct ms_field c_rec_fields[] = {
	MS_OUT("consequence_id", MS_F_ID), MS_OUT_NULL("project_id", MS_F_ID), MS_OUT_NULL("poll_id", MS_F_ID),
	MS_OUT_NULL("verdict", MS_F_STR), MS_OUT("points", MS_F_INT), MS_OUT("created_on", MS_F_STR),
	MS_OUT("public", MS_F_BOOL), {0}};
static const struct ms_view c_rec_view = {"AssessedPenalty", c_rec_fields, "a penalty consequence"};
static const struct ms_field nodata_fields[] = {MS_OUT("no_data", MS_F_BOOL), MS_OUT("why", MS_F_STR),
						 MS_OUT("why_en", MS_F_STR), {0}};
static const struct ms_view nodata_view = {"AssessedNoData", nodata_fields, "a component without data, and why"};
static const struct ms_field casework_fields[] = {
	{.name = "response_rate", .kind = MS_F_OBJECT, .view = &nodata_view, .flags = REQ},
	{.name = "resolution_rate", .kind = MS_F_OBJECT, .view = &nodata_view, .flags = REQ},
	{.name = "casework_satisfaction", .kind = MS_F_OBJECT, .view = &nodata_view, .flags = REQ}, {0}};
static const struct ms_view casework_view = {"AssessedCasework", casework_fields, "the three rates"};
static const struct ms_field t_rec_fields[] = {
	MS_OUT("task_id", MS_F_ID), MS_OUT("code", MS_F_STR), MS_OUT("title", MS_F_STR), MS_OUT("list_id", MS_F_ID),
	MS_OUT("list_title", MS_F_STR), MS_OUT("deadline", MS_F_DATE), MS_OUT("direction", MS_F_STR),
	MS_OUT("target", MS_F_STR),
	{.name = "value", .kind = MS_F_STR, .flags = REQ | MS_FIELD_NULLABLE,
	 .doc = "the latest value accepted as reported by the deadline; null: none"},
	MS_OUT_NULL("report_id", MS_F_ID), MS_OUT("met", MS_F_BOOL), {0}};
static const struct ms_view t_rec_view = {"AssessedTask", t_rec_fields, "a target-list task behind the tasks component"};
static const struct ms_field records_fields[] = {
	{.name = "on_time", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_rec_view, .flags = REQ},
	{.name = "delivery", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &pr_rec_view, .flags = REQ},
	{.name = "satisfaction", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &v_rec_view, .flags = REQ},
	{.name = "penalties", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &c_rec_view, .flags = REQ},
	{.name = "casework", .kind = MS_F_OBJECT, .view = &casework_view, .flags = REQ},
	{.name = "tasks", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &t_rec_view, .flags = REQ}, {0}};
static const struct ms_view records_view = {"AssessmentRecords", records_fields,
					    "the records behind each figure, with their ids"};
static const struct ms_field unit_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("congress_name", MS_F_STR),
	{.name = "period", .kind = MS_F_OBJECT, .view = &period_view, .flags = REQ},
	{.name = "settings", .kind = MS_F_OBJECT, .view = &settings_view, .flags = REQ},
	{.name = "unit", .kind = MS_F_OBJECT, .view = &row_view, .flags = REQ},
	MS_OUT("units", MS_F_INT), MS_OUT("scored", MS_F_INT),
	{.name = "records", .kind = MS_F_OBJECT, .view = &records_view, .flags = REQ}, {0}};
static const struct ms_view unit_view = {"UnitAssessment", unit_fields, "a unit's assessment and what drove it"};
static const struct ms_field trend_fields[] = {
	MS_OUT("unit_id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &row_view, .flags = REQ,
	 .doc = "one per year of the congress's rounds, oldest first"},
	{0}};
static const struct ms_view trend_view = {"AssessmentTrend", trend_fields, "a unit's assessment year by year"};

#define WEIGHT_IN(n_) {.name = (n_), .kind = MS_F_INT, .flags = REQ, .min = 0, .max = MS_ASSESS_WEIGHT_MAX}
#define BAND_IN(n_) {.name = (n_), .kind = MS_F_INT, .flags = REQ, .min = 0, .max = 100}
static const struct ms_field settings_body[] = {
	WEIGHT_IN("on_time"), WEIGHT_IN("delivery"), WEIGHT_IN("satisfaction"), WEIGHT_IN("response_rate"),
	WEIGHT_IN("resolution_rate"), WEIGHT_IN("casework_satisfaction"),
	{.name = "tasks", .kind = MS_F_INT, .min = 0, .max = MS_ASSESS_WEIGHT_MAX,
	 .doc = "the target-list tasks' weight (absent: kept)"},
	BAND_IN("excellent_min"),
	BAND_IN("good_min"), BAND_IN("pass_min"), {0}};

/* ---- handlers ---- */

/* ?year= (today's year by default) and ?month= (1-12; absent: the year). */
static int period(struct ms_ctx *c, struct ms_assess_period *p)
{
	int64_t year = 0, month = 0;
	int rc = ms_api_query_id(c, "year", &year);
	if (!rc)
		rc = ms_api_query_id(c, "month", &month);
	if (rc)
		return rc;
	if (!year) {
		int y;
		ms_day_ymd(ms_day_today(), &y, NULL, NULL);
		year = y;
	}
	return ms_assess_period_make(year, month, p, &c->err);
}

static int h_league(struct ms_ctx *c, json_t **out)
{
	struct ms_assess_period p;
	int rc = period(c, &p);
	return rc ? rc : ms_assess_league(c->db, c->id, &p, out, &c->err);
}

static int h_unit(struct ms_ctx *c, json_t **out)
{
	struct ms_assess_period p;
	int rc = period(c, &p);
	bool privileged = c->authed && (ms_actor_is_staff(&c->who, c->congress_id) ||
					(ms_actor_is_of(&c->who, MS_ROLE_UNIT, c->congress_id) && c->who.unit_id == c->id));
	return rc ? rc : ms_assess_unit(c->db, c->id, &p, privileged, out, &c->err);
}

static int h_trend(struct ms_ctx *c, json_t **out)
{
	return ms_assess_trend(c->db, c->id, out, &c->err);
}

static int h_settings(struct ms_ctx *c, json_t **out)
{
	struct ms_assess_settings s;
	int rc = ms_assess_settings_get(c->db, c->id, &s, &c->err);
	return rc ? rc : ms_api_answer(c, ms_assess_settings_json(&s), out);
}

static int h_set_settings(struct ms_ctx *c, json_t **out)
{
	struct ms_assess_settings s = {
		.excellent_min = (uint32_t)ms_api_int(c, "excellent_min", 0),
		.good_min = (uint32_t)ms_api_int(c, "good_min", 0),
		.pass_min = (uint32_t)ms_api_int(c, "pass_min", 0),
	};
	struct ms_assess_settings now;
	int rc = ms_assess_settings_get(c->db, c->id, &now, &c->err);
	if (rc)
		return rc;
	for (int i = 0; i < MS_AC_COUNT; i++) {
		const char *key = ms_names_key(&ms_assess_component_names, i);
		s.weights[i] = i == MS_AC_TASKS && !ms_api_has(c, key) ? now.weights[i] : (uint32_t)ms_api_int(c, key, 0);
	}
	rc = ms_assess_settings_set(c->db, &c->who, c->id, &s, &c->err);
	return rc ? rc : ms_api_answer(c, ms_assess_settings_json(&s), out);
}

static const char *const period_query[] = {"year", "month", NULL};
static const struct ms_code *const period_errors[] = {&MS_E_ASSESS_PERIOD, NULL};


static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/assessment", .fn = h_league, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .query = period_query, .returns = &league_view, .errors = period_errors,
	 .summary = "the league table (赛马) of the congress's units for a year (?year=, this year by default) or a "
		    "month of it (?month=): rank, exact score, class, components (or no data), penalty, red and black "
		    "lists"},
	{.method = "GET", .pattern = "/congresses/{id}/assessment-settings", .fn = h_settings,
	 .access = MS_ACCESS_PUBLIC, .owner = ms_congress_owner, .returns = &settings_view,
	 .summary = "the congress's assessment weights and class bands, with each component's definition and the "
		    "rule in words"},
	{.method = "PUT", .pattern = "/congresses/{id}/assessment-settings", .fn = h_set_settings,
	 .access = MS_ACCESS_STAFF, .owner = ms_congress_owner, .body = settings_body, .returns = &settings_view,
	 .library_errors = ms_count_codes,
	 .summary = "set the weights (0-1000 each, not all 0) and the bands (pass <= good <= excellent <= 100)"},
	{.method = "GET", .pattern = "/units/{id}/assessment", .fn = h_unit, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_unit_owner, .query = period_query, .returns = &unit_view, .errors = period_errors,
	 .summary = "a unit's assessment for a year or month and what drove it: each figure with the milestones, "
		    "projects, verdicts and consequences it came from"},
	{.method = "GET", .pattern = "/units/{id}/assessment/trend", .fn = h_trend, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_unit_owner, .returns = &trend_view,
	 .summary = "a unit's score, class and rank in each year of the congress's rounds"},
};
const struct ms_routes ms_assessment_routes = MS_ROUTES(routes);
