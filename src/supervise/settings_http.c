/* settings_http.c — a congress's supervision settings (printed in words)
 * and its holiday calendar. */
#include "supervise.h"

#include "../http/http.h"

#define THRESHOLD(n_, top_, d_) {.name = (n_), .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = (top_), .doc = (d_)}
static const struct ms_field settings_body[] = {
	THRESHOLD("behind_yellow", MS_LIGHT_POINTS_MAX, "yellow when more than this many points behind plan; 0: off"),
	THRESHOLD("behind_red", MS_LIGHT_POINTS_MAX, "red when more than this many points behind plan; 0: off"),
	THRESHOLD("late_yellow", MS_LIGHT_DAYS_MAX, "yellow when not started this many days after the planned start"),
	THRESHOLD("late_red", MS_LIGHT_DAYS_MAX, "red when not started this many days after the planned start"),
	THRESHOLD("silent_yellow", MS_LIGHT_DAYS_MAX, "yellow after this many days without a progress report"),
	THRESHOLD("silent_red", MS_LIGHT_DAYS_MAX, "red after this many days without a progress report"),
	{.name = "task_days", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TASK_DAYS_MAX,
	 .doc = "working days a red project's lead unit has to act on its task"},
	{.name = "escalate_days", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_TASK_DAYS_MAX,
	 .doc = "working days between escalations of an overdue task"},
	{0}};
static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_view words_view = {"Words", words_fields, "a rule in words, in Chinese and English"};
static const struct ms_field settings_fields[] = {
	MS_OUT("behind_yellow", MS_F_INT), MS_OUT("behind_red", MS_F_INT), MS_OUT("late_yellow", MS_F_INT),
	MS_OUT("late_red", MS_F_INT), MS_OUT("silent_yellow", MS_F_INT), MS_OUT("silent_red", MS_F_INT),
	MS_OUT("task_days", MS_F_INT), MS_OUT("escalate_days", MS_F_INT),
	{.name = "words", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED,
	 .doc = "the rule as the congress publishes it"},
	{0}};
static const struct ms_view settings_view = {"SupervisionSettings", settings_fields,
					     "a congress's warning-light thresholds and supervision deadlines"};

static const struct ms_name kinds_v[] = {{"off", "放假", "day off"}, {"on", "调休上班", "working day"}};
static const struct ms_names kinds = MS_NAMES("day_kind", kinds_v);
static const struct ms_field day_fields[] = {
	{.name = "day", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED},
	{.name = "kind", .kind = MS_F_ENUM, .names = &kinds, .flags = MS_FIELD_REQUIRED,
	 .doc = "off: a holiday on a weekday; on: an adjusted working day on a weekend (调休)"},
	{.name = "name", .kind = MS_F_STR, .max = 50, .doc = "e.g. 国庆节"},
	{0}};
static const struct ms_view day_view = {"CalendarDay", day_fields, "a day the working week is changed"};
static const struct ms_field holidays_body[] = {
	{.name = "year", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = MS_YEAR_MIN, .max = MS_YEAR_MAX},
	{.name = "days", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &day_view, .flags = MS_FIELD_REQUIRED,
	 .max = 100, .doc = "replaces the year's list"},
	{0}};
static const struct ms_view holidays_view = {"HolidayYear", holidays_body, "a year of a congress's holiday calendar"};

static int h_get(struct ms_ctx *c, json_t **out)
{
	struct ms_supervision_settings s;
	int rc = ms_supervision_settings_get(c->db, c->id, &s, &c->err);
	return rc ? rc : ms_api_answer(c, ms_supervision_settings_json(&s), out);
}

static int h_set(struct ms_ctx *c, json_t **out)
{
	struct ms_supervision_settings s = {
		.light = {.behind_yellow = (int)ms_api_int(c, "behind_yellow", 0),
			  .behind_red = (int)ms_api_int(c, "behind_red", 0),
			  .late_yellow = (int)ms_api_int(c, "late_yellow", 0),
			  .late_red = (int)ms_api_int(c, "late_red", 0),
			  .silent_yellow = (int)ms_api_int(c, "silent_yellow", 0),
			  .silent_red = (int)ms_api_int(c, "silent_red", 0)},
		.task_days = (int)ms_api_int(c, "task_days", 0),
		.escalate_days = (int)ms_api_int(c, "escalate_days", 0)};
	int rc = ms_supervision_settings_set(c->db, &c->who, c->id, &s, &c->err);
	return rc ? rc : ms_api_answer(c, ms_supervision_settings_json(&s), out);
}

static int h_holidays(struct ms_ctx *c, json_t **out)
{
	int64_t year = 0;
	int rc = ms_api_query_id(c, "year", &year);
	if (rc)
		return rc;
	if (year < MS_YEAR_MIN || year > MS_YEAR_MAX)
		return ms_failf(&c->err, MS_E_INVALID_QUERY, "year", MS_AS("year"), MS_AT("一个年份", "a year"));
	return ms_holidays_list(c->db, c->id, year, out, &c->err);
}

static int h_set_holidays(struct ms_ctx *c, json_t **out)
{
	int64_t year = ms_api_int(c, "year", 0);
	int rc = ms_holidays_set(c->db, &c->who, c->id, year, json_object_get(c->body, "days"), &c->err);
	return rc ? rc : ms_holidays_list(c->db, c->id, year, out, &c->err);
}

static const struct ms_code *const settings_errors[] = {&MS_E_LIGHT_SETTING, NULL};
static const struct ms_code *const holiday_errors[] = {&MS_E_HOLIDAY_YEAR, &MS_E_HOLIDAY_TWICE, &MS_E_HOLIDAY_KIND, NULL};
static const char *const year_query[] = {"year", NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/supervision", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &settings_view,
	 .summary = "the congress's warning-light thresholds and supervision deadlines, with the rule in words"},
	{.method = "PUT", .pattern = "/congresses/{id}/supervision", .fn = h_set, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = settings_body, .returns = &settings_view, .errors = settings_errors,
	 .summary = "set them (lights change when next judged)"},
	{.method = "GET", .pattern = "/congresses/{id}/holidays", .fn = h_holidays, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .query = year_query, .returns = &holidays_view,
	 .summary = "a year of the congress's holiday calendar (?year=, required)"},
	{.method = "PUT", .pattern = "/congresses/{id}/holidays", .fn = h_set_holidays, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = holidays_body, .returns = &holidays_view, .errors = holiday_errors,
	 .summary = "replace a year's holidays and adjusted working days (调休)"},
};
const struct ms_routes ms_settings_routes = MS_ROUTES(routes);
