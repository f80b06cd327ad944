/* guidance_http.c — guidance from above: a city's or district's guidance
 * for the rounds below it (draft, change, publish, read), the progress of
 * every congress below against its days, and a round's adoption of it. */
#include "cycle.h"

#include "../core/workday.h"

#define GUIDANCE_OUT \
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID), MS_OUT("congress_name", MS_F_STR), \
	MS_OUT_NULL("congress_name_en", MS_F_STR), \
	{.name = "congress_level", .kind = MS_F_ENUM, .names = &ms_congress_level_names, .flags = MS_FIELD_REQUIRED}, \
	MS_OUT("year", MS_F_INT), MS_OUT("title", MS_F_STR), MS_OUT("body", MS_F_STR), \
	{.name = "categories", .kind = MS_F_ARRAY, .item = MS_F_STR, .flags = MS_FIELD_REQUIRED, \
	 .doc = "the categories candidates below must come from (none: any)"}, \
	{.name = "ratio_num", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, \
	 .doc = "with ratio_den: the least ratio of candidates to places on a ballot (差额), e.g. 6/5; null: none"}, \
	MS_OUT_NULL("ratio_den", MS_F_INT), \
	{.name = "collect_by", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, \
	 .doc = "the day collection should end by"}, \
	MS_OUT_NULL("compile_by", MS_F_DATE), MS_OUT_NULL("vote_by", MS_F_DATE), MS_OUT_NULL("evaluate_by", MS_F_DATE), \
	{.name = "status", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "draft or published"}, \
	MS_OUT_NULL("published_at", MS_F_STR), MS_OUT("created_at", MS_F_STR), \
	{.name = "adopted_by", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "the rounds below that follow it"}
static const struct ms_field guidance_fields[] = {GUIDANCE_OUT, {0}};
const struct ms_view ms_guidance_view = {"Guidance", guidance_fields,
					 "a congress's guidance for the rounds of a year below it (指导意见)"};
static const struct ms_field listed_fields[] = {
	GUIDANCE_OUT,
	{.name = "from_above", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "issued by a congress above (else by this one)"},
	{0}};
static const struct ms_view listed_view = {"GuidanceListed", listed_fields, "a guidance in a congress's list"};
static const struct ms_field list_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &listed_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view list_view = {"GuidanceList", list_fields,
					 "the guidance a congress issued and the guidance from above it"};

static const struct ms_field below_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("name", MS_F_STR), MS_OUT_NULL("name_en", MS_F_STR),
	{.name = "level", .kind = MS_F_ENUM, .names = &ms_congress_level_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("parent_id", MS_F_ID),
	{.name = "cycle_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "its round of the guidance's year; null: none yet"},
	{.name = "phase", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "its round's phase (a key of the phase enum); null: no round"},
	{.name = "decision", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "how its round decides (ballot or council); null: no round"},
	{.name = "follows", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "its round adopted this guidance"},
	{.name = "behind", .kind = MS_F_ARRAY, .item = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "the phases whose day has passed while the round (or its absence) is not past them"},
	{0}};
static const struct ms_view below_view = {"GuidanceBelow", below_fields, "a congress below and its round"};
static const struct ms_field summary_fields[] = {
	MS_OUT("congresses", MS_F_INT), MS_OUT("rounds", MS_F_INT), MS_OUT("following", MS_F_INT),
	MS_OUT("behind", MS_F_INT), {0}};
static const struct ms_field progress_fields[] = {
	{.name = "guidance", .kind = MS_F_OBJECT, .view = &ms_guidance_view, .flags = MS_FIELD_REQUIRED},
	{.name = "today", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "the day the days are compared with"},
	{.name = "congresses", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &below_view, .flags = MS_FIELD_REQUIRED},
	{.name = "summary", .kind = MS_F_OBJECT, .sub = summary_fields, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view progress_view = {"GuidanceProgress", progress_fields,
					     "every congress below a guidance's issuer against its days"};

#define GUIDANCE_BODY(required)                                                                        \
	{.name = "year", .kind = MS_F_INT, .flags = (required), .min = MS_YEAR_MIN, .max = MS_YEAR_MAX},  \
	{.name = "title", .kind = MS_F_STR, .flags = (required), .min = 1, .max = MS_TITLE_MAX},         \
	{.name = "body", .kind = MS_F_STR, .max = MS_GUIDANCE_BODY_MAX, .doc = "the guidance's text"},   \
	{.name = "categories", .kind = MS_F_ARRAY, .item = MS_F_STR, .max = MS_GUIDANCE_CATEGORIES_MAX, \
	 .doc = "the categories candidates below must come from; [] for any"},                           \
	{.name = "ratio_num", .kind = MS_F_INT, .min = 0, .max = 10000,                                 \
	 .doc = "with ratio_den: the least ratio of candidates to places (6/5: 1.2 times); 0/0: none"},    \
	{.name = "ratio_den", .kind = MS_F_INT, .min = 0, .max = 100},                                   \
	{.name = "collect_by", .kind = MS_F_DATE, .flags = MS_FIELD_NULLABLE},                           \
	{.name = "compile_by", .kind = MS_F_DATE, .flags = MS_FIELD_NULLABLE},                           \
	{.name = "vote_by", .kind = MS_F_DATE, .flags = MS_FIELD_NULLABLE},                              \
	{.name = "evaluate_by", .kind = MS_F_DATE, .flags = MS_FIELD_NULLABLE}
static const struct ms_field create_body[] = {GUIDANCE_BODY(MS_FIELD_REQUIRED), {0}};
static const struct ms_field update_body[] = {GUIDANCE_BODY(0), {0}};
static const struct ms_field no_body[] = {{0}};
static const struct ms_field adopt_body[] = {
	{.name = "guidance_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED,
	 .doc = "a published guidance of a congress above, for the round's year"},
	{0}};

static void input(struct ms_ctx *c, struct ms_guidance_in *in)
{
	unsigned days = (ms_api_present(c, "collect_by") ? 1u : 0) | (ms_api_present(c, "compile_by") ? 2u : 0) |
			(ms_api_present(c, "vote_by") ? 4u : 0) | (ms_api_present(c, "evaluate_by") ? 8u : 0);
	*in = (struct ms_guidance_in){
		.has_year = ms_api_has(c, "year"),
		.year = ms_api_int(c, "year", 0),
		.title = ms_api_str(c, "title"),
		.body = ms_api_str(c, "body"),
		.categories = json_object_get(c->body, "categories"),
		.has_num = ms_api_has(c, "ratio_num"),
		.has_den = ms_api_has(c, "ratio_den"),
		.ratio_num = ms_api_int(c, "ratio_num", 0),
		.ratio_den = ms_api_int(c, "ratio_den", 0),
		.days_given = days,
		.collect_by = ms_api_str(c, "collect_by"),
		.compile_by = ms_api_str(c, "compile_by"),
		.vote_by = ms_api_str(c, "vote_by"),
		.evaluate_by = ms_api_str(c, "evaluate_by"),
	};
	if (json_is_null(in->categories))
		in->categories = NULL;
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	json_t *items = NULL;
	int rc = ms_guidance_list(c->db, c->id, ms_api_staff(c, c->id), &items, &c->err);
	return rc ? rc : ms_api_answer(c, json_pack("{s:o}", "items", items), out);
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	struct ms_guidance_in in;
	int64_t id;
	input(c, &in);
	int rc = ms_guidance_create(c->db, &c->who, c->id, &in, &id, &c->err);
	return rc ? rc : ms_guidance_get(c->db, id, true, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_guidance_get(c->db, c->id, ms_api_staff(c, c->congress_id), out, &c->err);
}

static int h_update(struct ms_ctx *c, json_t **out)
{
	struct ms_guidance_in in;
	input(c, &in);
	int rc = ms_guidance_update(c->db, &c->who, c->id, &in, &c->err);
	return rc ? rc : ms_guidance_get(c->db, c->id, true, out, &c->err);
}

static int h_publish(struct ms_ctx *c, json_t **out)
{
	int rc = ms_guidance_publish(c->db, &c->who, c->id, &c->err);
	return rc ? rc : ms_guidance_get(c->db, c->id, true, out, &c->err);
}

static int h_progress(struct ms_ctx *c, json_t **out)
{
	char today[11];
	ms_day_format(ms_day_today(), today);
	return ms_guidance_progress(c->db, c->id, today, out, &c->err);
}

static int h_adopt(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	int rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err);
	if (rc || (rc = ms_cycle_adopt(c->db, &c->who, &cy, ms_api_int(c, "guidance_id", 0), &c->err)))
		return rc;
	return ms_cycle_get(c->db, c->id, NULL, out, &c->err);
}

static const struct ms_code *const create_errors[] = {&MS_E_GUIDANCE_LEVEL, &MS_E_GUIDANCE_TAKEN, &MS_E_GUIDANCE_RATIO,
						      &MS_E_GUIDANCE_DAYS, &MS_E_GUIDANCE_DAY_YEAR, NULL};
static const struct ms_code *const update_errors[] = {&MS_E_GUIDANCE_PUBLISHED, &MS_E_GUIDANCE_TAKEN,
						      &MS_E_GUIDANCE_RATIO,	&MS_E_GUIDANCE_DAYS,
						      &MS_E_GUIDANCE_DAY_YEAR,	NULL};
static const struct ms_code *const publish_errors[] = {&MS_E_GUIDANCE_PUBLISHED, NULL};
static const struct ms_code *const adopt_errors[] = {&MS_E_GUIDANCE_ADOPTED,    &MS_E_GUIDANCE_NOT_ABOVE,
						     &MS_E_GUIDANCE_YEAR,	 &MS_E_WRONG_PHASE,
						     &MS_E_GUIDANCE_AFTER_POLLS, &MS_E_GUIDANCE_CANDIDATES, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/guidance", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &list_view,
	 .summary = "the guidance a congress issued (its drafts for its staff) and the published guidance from above"},
	{.method = "POST", .pattern = "/congresses/{id}/guidance", .fn = h_create, .flags = MS_ROUTE_CREATES,
	 .access = MS_ACCESS_STAFF, .owner = ms_congress_owner, .body = create_body, .returns = &ms_guidance_view,
	 .errors = create_errors, .summary = "draft guidance for the rounds of a year below (a city or a district)"},
	{.method = "GET", .pattern = "/guidance/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_guidance_owner, .returns = &ms_guidance_view,
	 .summary = "one guidance (a draft for its congress's staff only)"},
	{.method = "PATCH", .pattern = "/guidance/{id}", .fn = h_update, .access = MS_ACCESS_STAFF,
	 .owner = ms_guidance_owner, .body = update_body, .returns = &ms_guidance_view, .errors = update_errors,
	 .summary = "change a draft guidance (the fields given)"},
	{.method = "POST", .pattern = "/guidance/{id}/publish", .fn = h_publish, .access = MS_ACCESS_STAFF,
	 .owner = ms_guidance_owner, .body = no_body, .returns = &ms_guidance_view, .errors = publish_errors,
	 .summary = "publish a guidance to the congresses below"},
	{.method = "GET", .pattern = "/guidance/{id}/progress", .fn = h_progress, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_guidance_owner, .returns = &progress_view,
	 .summary = "every congress below the issuer: its round of the year, whether it follows, the days it is behind"},
	{.method = "POST", .pattern = "/cycles/{id}/guidance", .fn = h_adopt, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = adopt_body, .returns = &ms_cycle_view, .errors = adopt_errors,
	 .summary = "the round follows a guidance from above (while it collects or compiles)"},
};
const struct ms_routes ms_guidance_routes = MS_ROUTES(routes);
