/* consequence_http.c — a congress's consequence rules (printed in words),
 * the consequences of its evaluations with their state, and the clerk's
 * record of a talk with a unit head. */
#include "evaluate_internal.h"

#include "../count/satisfaction.h"
#include "../supervise/supervise.h"

static const struct ms_name poor_v[] = {{"basic", "基本满意", "basically satisfied"},
					{"dissatisfied", "不满意", "dissatisfied"}};
static const struct ms_names poor_names = MS_NAMES("poor_verdict", poor_v);

static const struct ms_field rule_fields[] = {
	{.name = "verdict", .kind = MS_F_ENUM, .names = &poor_names, .flags = MS_FIELD_REQUIRED},
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_consequence_kind_names, .flags = MS_FIELD_REQUIRED},
	{.name = "days", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_TASK_DAYS_MAX,
	 .doc = "working days to act (0: no deadline; rectify and rereport need one; a penalty has none)"},
	{.name = "points", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 0, .max = MS_CQ_POINTS_MAX,
	 .doc = "penalty: the points off the unit's assessment (at least 1); 0 for the others"},
	{.name = "public", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED,
	 .doc = "the public sees the consequences this rule makes"},
	{0}};
static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_field rules_fields[] = {
	{.name = "rules", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = rule_fields, .flags = MS_FIELD_REQUIRED},
	{.name = "words", .kind = MS_F_OBJECT, .sub = words_fields, .flags = MS_FIELD_REQUIRED,
	 .doc = "the rules as the congress publishes them"},
	{0}};
static const struct ms_view rules_view = {"ConsequenceRules", rules_fields,
					  "what follows a poor verdict in this congress"};
static const struct ms_field rules_body[] = {
	{.name = "rules", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = rule_fields, .flags = MS_FIELD_REQUIRED,
	 .max = MS_CQ_RULES_MAX, .doc = "every rule (the others are removed)"},
	{0}};

static const struct ms_field cq_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),
	{.name = "poll_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the evaluation whose verdict it follows"},
	MS_OUT("evaluation_title", MS_F_STR), MS_OUT("project_id", MS_F_ID), MS_OUT("project_title", MS_F_STR),
	MS_OUT_NULL("project_title_en", MS_F_STR), MS_OUT_NULL("unit_id", MS_F_ID), MS_OUT_NULL("unit_name", MS_F_STR),
	MS_OUT_NULL("unit_name_en", MS_F_STR),
	{.name = "verdict", .kind = MS_F_ENUM, .names = &poor_names, .flags = MS_FIELD_REQUIRED},
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_consequence_kind_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("created_on", MS_F_STR), MS_OUT_NULL("due_on", MS_F_STR), MS_OUT("points", MS_F_INT),
	MS_OUT("public", MS_F_BOOL),
	{.name = "task_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "rectify: the supervision task of the lead unit"},
	{.name = "done_on", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "talk: the day the clerk recorded"},
	MS_OUT_NULL("note", MS_F_STR),
	{.name = "done_day", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the day its records show it done: the task done, a report published, the re-evaluation closed, an "
		"inquiry held, the talk recorded"},
	{.name = "reevaluation_verdict", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "reevaluate: the project's verdict when rated again (satisfied, basic, dissatisfied or none)"},
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_consequence_state_names, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view cq_view = {"Consequence", cq_fields, "a consequence of a poor verdict and its state"};

static const struct ms_field talk_body[] = {
	{.name = "on", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED, .doc = "the day of the talk (not after today)"},
	{.name = "note", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_CQ_NOTE_MAX,
	 .doc = "who met whom, and what was agreed"},
	{0}};

static const struct ms_field list_query[] = {
	{.name = "state", .kind = MS_F_ENUM, .names = &ms_consequence_state_names},
	{.name = "unit_id", .kind = MS_F_ID},
	{0}};

static int h_rules_get(struct ms_ctx *c, json_t **out)
{
	return ms_consequence_rules_get(c->db, c->id, out, &c->err);
}

static int h_rules_put(struct ms_ctx *c, json_t **out)
{
	json_t *list = json_object_get(c->body, "rules"), *r;
	size_t n = json_array_size(list), i;
	struct ms_consequence_rule *rules = calloc(n + 1, sizeof *rules);
	if (!rules)
		return ms_nomem(&c->err);
	json_array_foreach(list, i, r) {
		rules[i].verdict = ms_names_find(&ms_verdict_names, json_string_value(json_object_get(r, "verdict")));
		rules[i].kind = ms_names_find(&ms_consequence_kind_names, json_string_value(json_object_get(r, "kind")));
		rules[i].days = (int)json_integer_value(json_object_get(r, "days"));
		rules[i].points = (int)json_integer_value(json_object_get(r, "points"));
		rules[i].public_ = json_is_true(json_object_get(r, "public"));
	}
	int rc = ms_consequence_rules_set(c->db, &c->who, c->id, rules, n, &c->err);
	free(rules);
	return rc ? rc : ms_consequence_rules_get(c->db, c->id, out, &c->err);
}

static struct ms_cq_viewer viewer(struct ms_ctx *c)
{
	struct ms_viewer v = ms_viewer_of(&c->who, c->authed, c->congress_id);
	return (struct ms_cq_viewer){.staff = v.staff, .unit_id = v.unit_id};
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	struct ms_cq_viewer v = viewer(c);
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (!rc)
		rc = ms_consequence_list(c->db, c->id, 0, json_integer_value(json_object_get(q, "unit_id")),
					 json_string_value(json_object_get(q, "state")), &v, &c->page, out, &c->err);
	json_decref(q);
	return rc;
}

static int h_project(struct ms_ctx *c, json_t **out)
{
	struct ms_cq_viewer v = viewer(c);
	return ms_consequence_list(c->db, 0, c->id, 0, NULL, &v, &c->page, out, &c->err);
}

static int h_talk(struct ms_ctx *c, json_t **out)
{
	int rc = ms_consequence_talk(c->db, &c->who, c->id, ms_api_str(c, "on"), ms_api_str(c, "note"), &c->err);
	return rc ? rc : ms_consequence_sql_get(c->db, c->id, "0000-00-00", out, &c->err);
}

static const struct ms_code *const rules_errors[] = {&MS_E_CQ_VERDICT, &MS_E_CQ_FIGURES, &MS_E_CQ_PENALTY_POINTS,
						     &MS_E_CQ_NEEDS_DAYS, &MS_E_CQ_RULE_TWICE, NULL};
static const struct ms_code *const talk_errors[] = {&MS_E_CQ_NOT_TALK, &MS_E_CQ_RECORDED, &MS_E_CQ_FUTURE, &MS_E_CQ_BEFORE, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/consequence-rules", .fn = h_rules_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .returns = &rules_view,
	 .summary = "what follows a poor verdict in this congress, in words"},
	{.method = "PUT", .pattern = "/congresses/{id}/consequence-rules", .fn = h_rules_put, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .body = rules_body, .returns = &rules_view, .errors = rules_errors,
	 .summary = "set the consequences of a basically satisfied or dissatisfied verdict (applied at each close)"},
	{.method = "GET", .pattern = "/congresses/{id}/consequences", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .returns = &cq_view, .query_fields = list_query,
	 .summary = "the consequences of the congress's evaluations with their state (staff: all; a unit: its own "
		    "and the public ones; everyone: the public ones)"},
	{.method = "GET", .pattern = "/projects/{id}/consequences", .fn = h_project, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_project_owner, .flags = MS_ROUTE_PAGED, .returns = &cq_view,
	 .summary = "the consequences of the project's verdicts (as the congress's list shows them to the caller)"},
	{.method = "POST", .pattern = "/consequences/{id}/talk", .fn = h_talk, .access = MS_ACCESS_STAFF,
	 .owner = ms_consequence_owner, .body = talk_body, .returns = &cq_view, .errors = talk_errors,
	 .summary = "record the talk with the unit head (约谈): its day and a note"},
};
const struct ms_routes ms_consequence_routes = MS_ROUTES(routes);
