/*
 * case_http.c — casework and deputies' suggestions over HTTP (casework.h):
 * a demand referred as a case or turned into a suggestion, suggestions
 * filed and co-signed, the clerk's assignment, merge and extension
 * decisions, the unit's accept / return / reply / extension request / co-
 * handler's view, the resident's rating by tracking code, the signers'
 * feedback; lists with clocks (the congress's, a unit's queue, overdue,
 * escalated), the settings in words and the three rates' league table.
 * A unit officer sees and acts on its own unit's matters only (case.c).
 */
#include "casework_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/workday.h"
#include "../org/org.h"

/* ---- views ---- */

static const struct ms_field words_fields[] = {MS_OUT("zh", MS_F_STR), MS_OUT("en", MS_F_STR), {0}};
static const struct ms_view words_view = {"CaseworkWords", words_fields, "a rule in words, in Chinese and English"};

#define SETTING(k, lo, hi) {.name = (k), .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = (lo), .max = (hi)}
#define SETTING_FIELDS                                                                                        \
	SETTING("emergency_hours", 1, 72), SETTING("urgent_hours", 1, 168), SETTING("general_days", 1, 60),     \
	SETTING("complex_days", 1, 90), SETTING("standard_workdays", 1, 60), SETTING("return_workdays", 1, 30), \
	SETTING("cohandle_months", 1, 6), SETTING("reply_months", 1, 12), SETTING("extend_months", 1, 12),      \
	SETTING("redo_months", 1, 6), SETTING("escalate_redos", 1, 10), SETTING("escalate_units", 2, 10),       \
	SETTING("w_response", 0, 100), SETTING("w_resolution", 0, 100), SETTING("w_satisfaction", 0, 100)
static const struct ms_field settings_fields[] = {
	SETTING_FIELDS,
	{.name = "words", .kind = MS_F_OBJECT, .view = &words_view, .flags = MS_FIELD_REQUIRED},
	{0}};
static const struct ms_view settings_view = {"CaseworkSettings", settings_fields,
					     "a congress's casework and suggestion deadlines and the three rates, in words"};
static const struct ms_field settings_body[] = {SETTING_FIELDS, {0}};

static const struct ms_field item_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_casework_kind_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("demand_id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT("text", MS_F_STR),
	{.name = "case_type", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "emergency, urgent, general, complex, standard; suggestion for a suggestion"},
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_casework_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("unit_id", MS_F_ID), MS_OUT_NULL("unit_name", MS_F_STR),
	{.name = "reply_class", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "A, B, C or D"},
	{.name = "redos", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "times sent back for re-handling"},
	{.name = "units", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "lead units it has had: the first and each change of lead unit (A, B, A is 3)"},
	MS_OUT("escalated", MS_F_BOOL), MS_OUT_NULL("escalated_at", MS_F_STR),
	{.name = "escalated_why", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "redos or units"},
	MS_OUT_NULL("merged_into", MS_F_ID),
	{.name = "ext_status", .kind = MS_F_ENUM, .names = &ms_ext_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("ext_reason", MS_F_STR), MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR),
	{.name = "started_at", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the current unit's clock started"},
	{.name = "accept_by", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the end of the return window"},
	{.name = "due_at", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "the reply is due"},
	MS_OUT_NULL("reply_text", MS_F_STR),
	{.name = "signers", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "deputies who signed (suggestions)"},
	{.name = "clock", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "on_time, due_soon, overdue; null when no clock runs"},
	MS_OUT("overdue", MS_F_BOOL),
	{0}};
static const struct ms_view item_view = {"CaseworkItem", item_fields, "a case or suggestion with its clock"};
static const struct ms_field list_fields[] = {
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &item_view, .flags = MS_FIELD_REQUIRED}, {0}};
static const struct ms_view list_view = {"CaseworkList", list_fields, "cases and suggestions with their clocks"};

static const struct ms_field asg_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("unit_id", MS_F_ID), MS_OUT("unit_name", MS_F_STR),
	{.name = "round", .kind = MS_F_ENUM, .names = &ms_round_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT("started_at", MS_F_STR), MS_OUT("accept_by", MS_F_STR), MS_OUT("due_at", MS_F_STR),
	MS_OUT_NULL("accepted_at", MS_F_STR), MS_OUT_NULL("returned_at", MS_F_STR), MS_OUT_NULL("return_reason", MS_F_STR),
	MS_OUT_NULL("replied_at", MS_F_STR), MS_OUT_NULL("reply_class", MS_F_STR), MS_OUT_NULL("reply_text", MS_F_STR),
	MS_OUT_NULL("closed_at", MS_F_STR),
	{0}};
static const struct ms_view asg_view = {"CaseworkAssignment", asg_fields, "a lead unit's turn with a matter"};
static const struct ms_field co_fields[] = {
	MS_OUT("unit_id", MS_F_ID), MS_OUT("unit_name", MS_F_STR), MS_OUT("due_at", MS_F_STR),
	MS_OUT_NULL("view", MS_F_STR), MS_OUT_NULL("sent_at", MS_F_STR), {0}};
static const struct ms_view co_view = {"CaseworkCohandler", co_fields, "a co-handling unit and its view"};
static const struct ms_name signer_status_v[] = {{"invited", "已邀请附议", "invited"},
						 {"accepted", "已附议", "signed"},
						 {"declined", "已谢绝附议", "declined"}};
static const struct ms_names signer_status_names = MS_NAMES("signer_status", signer_status_v);
static const struct ms_field signer_fields[] = {
	MS_OUT("deputy_id", MS_F_ID), MS_OUT("name", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &signer_status_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "invited (not yet answered), accepted (a signer: counted, answered, gives feedback), declined"},
	MS_OUT_NULL("answered_at", MS_F_STR),
	{0}};
static const struct ms_view signer_view = {"CaseworkSigner", signer_fields,
					   "a deputy who signed a suggestion, or was invited to co-sign it"};
static const struct ms_field rating_fields[] = {
	MS_OUT("assignment_id", MS_F_ID), MS_OUT("unit_id", MS_F_ID),
	{.name = "deputy_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "null: the resident"},
	{.name = "rating", .kind = MS_F_ENUM, .names = &ms_cw_rating_names, .flags = MS_FIELD_REQUIRED},
	{.name = "met", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "the unit met the deputy (见面)"},
	MS_OUT("comment", MS_F_STR), MS_OUT("at", MS_F_STR),
	{0}};
static const struct ms_view rating_view = {"CaseworkRating", rating_fields, "a resident's rating or a signer's feedback"};

#define ARR(n, v) {.name = (n), .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &(v), .flags = MS_FIELD_REQUIRED}
static const struct ms_field detail_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("congress_id", MS_F_ID),
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_casework_kind_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("demand_id", MS_F_ID), MS_OUT("title", MS_F_STR), MS_OUT("text", MS_F_STR),
	MS_OUT("case_type", MS_F_STR),
	{.name = "status", .kind = MS_F_ENUM, .names = &ms_casework_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("unit_id", MS_F_ID), MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("reply_class", MS_F_STR),
	MS_OUT("redos", MS_F_INT), MS_OUT("units", MS_F_INT), MS_OUT("escalated", MS_F_BOOL),
	MS_OUT_NULL("escalated_at", MS_F_STR), MS_OUT_NULL("escalated_why", MS_F_STR), MS_OUT_NULL("merged_into", MS_F_ID),
	{.name = "ext_status", .kind = MS_F_ENUM, .names = &ms_ext_status_names, .flags = MS_FIELD_REQUIRED},
	MS_OUT_NULL("ext_reason", MS_F_STR), MS_OUT("created_at", MS_F_STR), MS_OUT_NULL("closed_at", MS_F_STR),
	MS_OUT_NULL("started_at", MS_F_STR), MS_OUT_NULL("accept_by", MS_F_STR), MS_OUT_NULL("due_at", MS_F_STR),
	MS_OUT_NULL("reply_text", MS_F_STR), MS_OUT("signers", MS_F_INT), MS_OUT_NULL("clock", MS_F_STR),
	MS_OUT("overdue", MS_F_BOOL), ARR("assignments", asg_view), ARR("cohandlers", co_view),
	ARR("signer_list", signer_view), ARR("ratings", rating_view),
	{0}};
static const struct ms_view detail_view = {"Casework", detail_fields,
					   "a case or suggestion: its units' turns, co-handlers, signers and ratings"};

static const struct ms_field frac_fields[] = {MS_OUT("num", MS_F_INT), MS_OUT("den", MS_F_INT),
					      {.name = "value", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED,
					       .doc = "num / den; null when den is 0"},
					      {0}};
static const struct ms_view frac_view = {"CaseworkFraction", frac_fields, "an exact rate"};
#define FRAC(n) {.name = (n), .kind = MS_F_OBJECT, .view = &frac_view, .flags = MS_FIELD_REQUIRED}
static const struct ms_field rate_fields[] = {
	MS_OUT("unit_id", MS_F_ID), FRAC("response"), FRAC("resolution"), FRAC("satisfaction"), FRAC("face_to_face"),
	{.name = "score", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED,
	 .doc = "the weighted score out of 100 over the rates there are; null when none"},
	{0}};
static const struct ms_view rate_view = {"CaseworkRate", rate_fields, "a unit's three rates and 见面率"};
static const struct ms_field league_fields[] = {
	MS_OUT("congress_id", MS_F_ID), MS_OUT("year", MS_F_INT), MS_OUT("month", MS_F_INT), MS_OUT("from", MS_F_DATE),
	MS_OUT("to", MS_F_DATE), {.name = "settings", .kind = MS_F_OBJECT, .view = &settings_view, .flags = MS_FIELD_REQUIRED},
	ARR("items", rate_view),
	{0}};
static const struct ms_view league_view = {"CaseworkRates", league_fields, "the three rates per unit for a month"};
static const struct ms_field rated_fields[] = {MS_OUT("casework_id", MS_F_ID),
					       {.name = "rating", .kind = MS_F_ENUM, .names = &ms_cw_rating_names,
						.flags = MS_FIELD_REQUIRED},
					       {0}};
static const struct ms_view rated_view = {"CaseworkRated", rated_fields, "a resident's rating, taken"};

/* ---- bodies ---- */

static const struct ms_field case_body[] = {
	{.name = "case_type", .kind = MS_F_ENUM, .names = &ms_case_type_names, .flags = MS_FIELD_REQUIRED},
	{.name = "unit_id", .kind = MS_F_ID, .doc = "assign at once to this lead unit (staff only)"},
	{.name = "cohandlers", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = 10, .doc = "co-handling units"},
	{0}};
static const struct ms_field empty_body[] = {{0}};
static const struct ms_field file_body[] = {
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 200},
	{.name = "text", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 5000},
	{.name = "cosigners", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = 50, .doc = "other deputies signing it"},
	{0}};
static const struct ms_field assign_body[] = {
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED},
	{.name = "cohandlers", .kind = MS_F_ARRAY, .item = MS_F_ID, .max = 10},
	{0}};
static const struct ms_field reason_body[] = {
	{.name = "reason", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 1000}, {0}};
static const struct ms_field reply_body[] = {
	{.name = "class", .kind = MS_F_ENUM, .names = &ms_reply_class_names, .flags = MS_FIELD_REQUIRED},
	{.name = "text", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 5000},
	{0}};
static const struct ms_field view_body[] = {
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED},
	{.name = "view", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 5000},
	{0}};
static const struct ms_field merge_body[] = {{.name = "into", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED}, {0}};
static const struct ms_field feedback_body[] = {
	{.name = "rating", .kind = MS_F_ENUM, .names = &ms_cw_rating_names, .flags = MS_FIELD_REQUIRED},
	{.name = "met", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "the unit met me face to face (见面)"},
	{.name = "comment", .kind = MS_F_STR, .max = 1000},
	{0}};
static const struct ms_field rate_body[] = {
	{.name = "code", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 40, .doc = "the tracking code"},
	{.name = "rating", .kind = MS_F_ENUM, .names = &ms_cw_rating_names, .flags = MS_FIELD_REQUIRED},
	{.name = "comment", .kind = MS_F_STR, .max = 1000},
	{0}};

static const struct ms_name bools_v[] = {{"0", "否", "no"}, {"1", "是", "yes"}};
static const struct ms_names bools = MS_NAMES("flag", bools_v);
static const struct ms_field list_query[] = {
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_casework_kind_names},
	{.name = "unit_id", .kind = MS_F_ID},
	{.name = "escalated", .kind = MS_F_ENUM, .names = &bools, .doc = "1: only the escalated"},
	{.name = "overdue", .kind = MS_F_ENUM, .names = &bools, .doc = "1: only the overdue"},
	{0}};
static const struct ms_field unit_query[] = {
	{.name = "kind", .kind = MS_F_ENUM, .names = &ms_casework_kind_names},
	{.name = "overdue", .kind = MS_F_ENUM, .names = &bools, .doc = "1: only the overdue"},
	{0}};
static const struct ms_field rates_query[] = {
	{.name = "year", .kind = MS_F_INT, .min = 2000, .max = 2100},
	{.name = "month", .kind = MS_F_INT, .min = 0, .max = 12, .doc = "0: the whole year"},
	{0}};

/* ---- handlers ---- */

static bool flag(json_t *q, const char *k)
{
	const char *v = json_string_value(json_object_get(q, k));
	return v && strcmp(v, "1") == 0;
}

static int answer(struct ms_ctx *c, int64_t id, json_t **out)
{
	return ms_cw_get(c->db, id, out, &c->err);
}

static int h_settings(struct ms_ctx *c, json_t **out)
{
	struct ms_casework_settings s;
	int rc = ms_casework_settings_get(c->db, c->id, &s, &c->err);
	return rc ? rc : ms_api_answer(c, ms_casework_settings_json(&s), out);
}

static int h_settings_set(struct ms_ctx *c, json_t **out)
{
	struct ms_casework_settings s = {
		.emergency_hours = (int)ms_api_int(c, "emergency_hours", 0),
		.urgent_hours = (int)ms_api_int(c, "urgent_hours", 0),
		.general_days = (int)ms_api_int(c, "general_days", 0),
		.complex_days = (int)ms_api_int(c, "complex_days", 0),
		.standard_workdays = (int)ms_api_int(c, "standard_workdays", 0),
		.return_workdays = (int)ms_api_int(c, "return_workdays", 0),
		.cohandle_months = (int)ms_api_int(c, "cohandle_months", 0),
		.reply_months = (int)ms_api_int(c, "reply_months", 0),
		.extend_months = (int)ms_api_int(c, "extend_months", 0),
		.redo_months = (int)ms_api_int(c, "redo_months", 0),
		.escalate_redos = (int)ms_api_int(c, "escalate_redos", 0),
		.escalate_units = (int)ms_api_int(c, "escalate_units", 0),
		.w_response = (int)ms_api_int(c, "w_response", 0),
		.w_resolution = (int)ms_api_int(c, "w_resolution", 0),
		.w_satisfaction = (int)ms_api_int(c, "w_satisfaction", 0)};
	int rc = ms_casework_settings_set(c->db, &c->who, c->id, &s, &c->err);
	return rc ? rc : h_settings(c, out);
}

static int h_case(struct ms_ctx *c, json_t **out)
{
	int64_t id = 0;
	size_t n = 0;
	int64_t *co = ms_api_ints(c, "cohandlers", &n);
	if (!co)
		return ms_nomem(&c->err);
	int rc = ms_cw_case_from_demand(c->db, &c->who, c->id, ms_api_str(c, "case_type"), ms_api_int(c, "unit_id", 0),
					co, n, &id, &c->err);
	free(co);
	return rc ? rc : answer(c, id, out);
}

static int h_demand_suggestion(struct ms_ctx *c, json_t **out)
{
	int64_t id = 0;
	int rc = ms_cw_from_demand(c->db, &c->who, c->id, "suggestion", "suggestion", &id, &c->err);
	return rc ? rc : answer(c, id, out);
}

static int h_file(struct ms_ctx *c, json_t **out)
{
	size_t n = 0;
	int64_t id = 0, *co = ms_api_ints(c, "cosigners", &n);
	if (!co)
		return ms_nomem(&c->err);
	int rc = ms_suggestion_file(c->db, &c->who, c->id, ms_api_str(c, "title"), ms_api_str(c, "text"), co, n, &id,
				    &c->err);
	free(co);
	return rc ? rc : answer(c, id, out);
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	rc = ms_cw_list_page(c->db, c->id, json_string_value(json_object_get(q, "kind")),
			     json_integer_value(json_object_get(q, "unit_id")), flag(q, "escalated"), flag(q, "overdue"),
			     &c->page, out, &c->err);
	json_decref(q);
	return rc;
}

static int h_unit_list(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	rc = ms_cw_list_unit(c->db, &c->who, c->id, c->congress_id, json_string_value(json_object_get(q, "kind")),
			     flag(q, "overdue"), out, &c->err);
	json_decref(q);
	return rc;
}

static int h_suggestions(struct ms_ctx *c, json_t **out)
{
	return ms_cw_list(c->db, c->id, "suggestion", 0, false, false, out, &c->err);
}

static int h_mine(struct ms_ctx *c, json_t **out)
{
	return ms_cw_list_signer(c->db, c->who.id, false, out, &c->err);
}

static int h_invitations(struct ms_ctx *c, json_t **out)
{
	return ms_cw_list_signer(c->db, c->who.id, true, out, &c->err);
}

static int h_invite_accept(struct ms_ctx *c, json_t **out)
{
	int rc = ms_suggestion_answer(c->db, &c->who, c->id, true, &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_invite_decline(struct ms_ctx *c, json_t **out)
{
	int rc = ms_suggestion_answer(c->db, &c->who, c->id, false, &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	json_t *o = NULL;
	int rc = ms_cw_get(c->db, c->id, &o, &c->err);
	if (!rc && (rc = ms_cw_may_read(c->db, &c->who, o, &c->err)))
		json_decref(o);
	else if (!rc)
		*out = o;
	return rc;
}

static int h_refer(struct ms_ctx *c, json_t **out)
{
	int rc = ms_cw_refer(c->db, &c->who, c->id, ms_api_int(c, "congress_id", 0), ms_api_str(c, "note"), &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static const struct ms_field refer_body[] = {
	{.name = "congress_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "the congress one level up or down"},
	{.name = "note", .kind = MS_F_STR, .min = 1, .max = MS_NOTE_MAX, .flags = MS_FIELD_REQUIRED,
	 .doc = "why (shown on the resident's tracking page with the two congresses)"},
	{0}};
static const struct ms_code *const refer_errors[] = {&MS_E_REFER_LEVEL, &MS_E_CASE_STATE, NULL};

static int h_assign(struct ms_ctx *c, json_t **out)
{
	size_t n = 0;
	int64_t *co = ms_api_ints(c, "cohandlers", &n);
	if (!co)
		return ms_nomem(&c->err);
	int rc = ms_cw_assign(c->db, &c->who, c->id, ms_api_int(c, "unit_id", 0), co, n, &c->err);
	free(co);
	return rc ? rc : answer(c, c->id, out);
}

static int h_accept(struct ms_ctx *c, json_t **out)
{
	int rc = ms_cw_accept(c->db, &c->who, c->id, &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_return(struct ms_ctx *c, json_t **out)
{
	int rc = ms_cw_return(c->db, &c->who, c->id, ms_api_str(c, "reason"), &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_reply(struct ms_ctx *c, json_t **out)
{
	int rc = ms_cw_reply(c->db, &c->who, c->id, ms_api_str(c, "class"), ms_api_str(c, "text"), &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_view(struct ms_ctx *c, json_t **out)
{
	int rc = ms_cw_cohandler_view(c->db, &c->who, c->id, ms_api_int(c, "unit_id", 0), ms_api_str(c, "view"), &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_cosign(struct ms_ctx *c, json_t **out)
{
	int rc = ms_suggestion_cosign(c->db, &c->who, c->id, &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_merge(struct ms_ctx *c, json_t **out)
{
	int64_t into = ms_api_int(c, "into", 0);
	int rc = ms_suggestion_merge(c->db, &c->who, c->id, into, &c->err);
	return rc ? rc : answer(c, into, out);
}

static int h_extend(struct ms_ctx *c, json_t **out)
{
	int rc = ms_suggestion_extend(c->db, &c->who, c->id, ms_api_str(c, "reason"), &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_extend_approve(struct ms_ctx *c, json_t **out)
{
	int rc = ms_suggestion_extend_decide(c->db, &c->who, c->id, true, &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_extend_refuse(struct ms_ctx *c, json_t **out)
{
	int rc = ms_suggestion_extend_decide(c->db, &c->who, c->id, false, &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_feedback(struct ms_ctx *c, json_t **out)
{
	int rc = ms_suggestion_feedback(c->db, &c->who, c->id, ms_api_str(c, "rating"), ms_api_bool(c, "met", false),
					ms_api_str(c, "comment"), &c->err);
	return rc ? rc : answer(c, c->id, out);
}

static int h_rate(struct ms_ctx *c, json_t **out)
{
	return ms_cw_rate_resident(c->db, ms_api_str(c, "code"), ms_api_str(c, "rating"), ms_api_str(c, "comment"), out,
				   &c->err);
}

static int h_rates(struct ms_ctx *c, json_t **out)
{
	json_t *q = NULL;
	int rc = ms_api_query_args(c, &q);
	if (rc)
		return rc;
	int year = 0, month = 0;
	ms_day_ymd(ms_day_today(), &year, &month, NULL);
	if (json_object_get(q, "year"))
		year = (int)json_integer_value(json_object_get(q, "year"));
	if (json_object_get(q, "month"))
		month = (int)json_integer_value(json_object_get(q, "month"));
	json_decref(q);
	return ms_casework_league(c->db, c->id, year, month, out, &c->err);
}

/* ---- routes ---- */

static const struct ms_code *const state_errors[] = {&MS_E_CASE_STATE, &MS_E_NOT_YOUR_CASE, NULL};
static const struct ms_code *const cosign_errors[] = {&MS_E_CASE_STATE, &MS_E_NOT_YOUR_CASE, &MS_E_ALREADY_SIGNED, NULL};
static const struct ms_code *const return_errors[] = {&MS_E_CASE_STATE, &MS_E_NOT_YOUR_CASE, &MS_E_RETURN_WINDOW,
						      NULL};
static const struct ms_code *const assign_errors[] = {&MS_E_CASE_STATE, &MS_E_UNIT_TWICE, &MS_E_UNIT_NOT_OF_CONGRESS,
						      NULL};
static const struct ms_code *const case_errors[] = {&MS_E_NOT_YOUR_DEMAND, &MS_E_DEMAND_HANDLED, &MS_E_CASE_STATE,
						    &MS_E_UNIT_TWICE, &MS_E_UNIT_NOT_OF_CONGRESS, NULL};
static const struct ms_code *const file_errors[] = {&MS_E_NOT_A_DEPUTY_OF, NULL};
static const struct ms_code *const read_errors[] = {&MS_E_NOT_YOUR_CASE, NULL};
static const struct ms_code *const view_errors[] = {&MS_E_NOT_COHANDLER, NULL};
static const struct ms_code *const merge_errors[] = {&MS_E_CASE_STATE, &MS_E_MERGE_BAD, NULL};
static const struct ms_code *const feedback_errors[] = {&MS_E_CASE_STATE, &MS_E_NOT_A_SIGNER, &MS_E_NOTHING_TO_RATE,
							NULL};
static const struct ms_code *const rate_errors[] = {&MS_E_TRACK_UNKNOWN, &MS_E_NOTHING_TO_RATE, &MS_E_RATE_BY_SIGNERS, &MS_E_CASE_STATE,
						    NULL};
static const struct ms_code *const invite_errors[] = {&MS_E_CASE_STATE, &MS_E_NO_INVITATION, NULL};
static const struct ms_code *const settings_errors[] = {&MS_E_WEIGHTS_SUM, &MS_E_EXTEND_SHORTER, NULL};

#define UNIT_OR_STAFF (MS_ACCESS_STAFF | MS_ACCESS_UNIT)
#define CW(m, p, f, acc, b, v, err, sum)                                                                      \
	{.method = (m), .pattern = (p), .fn = (f), .access = (acc), .owner = ms_casework_owner, .body = (b),   \
	 .returns = (v), .errors = (err), .summary = (sum)}
static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/casework-settings", .fn = h_settings,
	 .access = MS_ACCESS_PUBLIC, .owner = ms_congress_owner, .returns = &settings_view,
	 .summary = "the congress's casework and suggestion deadlines and the three rates, with the rules in words"},
	{.method = "PUT", .pattern = "/congresses/{id}/casework-settings", .fn = h_settings_set,
	 .access = MS_ACCESS_STAFF, .owner = ms_congress_owner, .body = settings_body, .returns = &settings_view,
	 .errors = settings_errors, .summary = "set the casework deadlines and the three rates' weights"},
	{.method = "GET", .pattern = "/congresses/{id}/casework-rates", .fn = h_rates, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .query_fields = rates_query, .returns = &league_view,
	 .summary = "the three rates (response, resolution, satisfaction) and 见面率 per unit for a month, with the "
		    "weighted score: the monthly league table"},
	{.method = "POST", .pattern = "/demands/{id}/cases", .fn = h_case, .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY,
	 .owner = ms_casework_demand_owner, .body = case_body, .flags = MS_ROUTE_CREATES, .returns = &detail_view,
	 .errors = case_errors,
	 .summary = "refer a demand to a government unit as a case (its deputy, a deputy of its station, or the staff; "
		    "the staff may assign the lead unit at once)"},
	{.method = "POST", .pattern = "/demands/{id}/suggestion", .fn = h_demand_suggestion, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_casework_demand_owner, .body = empty_body, .flags = MS_ROUTE_CREATES, .returns = &detail_view,
	 .errors = case_errors, .summary = "turn a demand into the deputy's formal suggestion (代表建议)"},
	{.method = "POST", .pattern = "/congresses/{id}/suggestions", .fn = h_file, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_congress_owner, .body = file_body, .flags = MS_ROUTE_CREATES, .returns = &detail_view,
	 .errors = file_errors, .summary = "file a suggestion, alone or with co-signing deputies"},
	{.method = "GET", .pattern = "/congresses/{id}/casework", .fn = h_list, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_PAGED, .query_fields = list_query, .returns = &item_view,
	 .summary = "the congress's cases and suggestions with their clocks, a page at a time (?q= searches titles; "
		    "?overdue=1: the overdue list; ?escalated=1: the escalated; ?kind, ?unit_id)"},
	{.method = "GET", .pattern = "/congresses/{id}/suggestions", .fn = h_suggestions,
	 .access = MS_ACCESS_STAFF | MS_ACCESS_DEPUTY, .owner = ms_congress_owner, .returns = &list_view,
	 .summary = "the congress's deputies' suggestions with their clocks (deputies co-sign those not yet assigned)"},
	{.method = "GET", .pattern = "/congresses/{id}/my-suggestions", .fn = h_mine, .access = MS_ACCESS_DEPUTY,
	 .owner = ms_congress_owner, .returns = &list_view,
	 .summary = "the suggestions the deputy signed (filed, or co-signed by accepting)"},
	{.method = "GET", .pattern = "/congresses/{id}/suggestion-invitations", .fn = h_invitations,
	 .access = MS_ACCESS_DEPUTY, .owner = ms_congress_owner, .returns = &list_view,
	 .summary = "the suggestions the deputy is invited to co-sign and has not yet answered"},
	{.method = "GET", .pattern = "/units/{id}/casework", .fn = h_unit_list, .access = UNIT_OR_STAFF,
	 .owner = ms_casework_unit_owner, .query_fields = unit_query, .returns = &list_view, .errors = read_errors,
	 .summary = "a unit's queue: what it leads or co-handles, with clocks (?overdue=1: its overdue list)"},
	CW("GET", "/casework/{id}", h_get, UNIT_OR_STAFF | MS_ACCESS_DEPUTY, NULL, &detail_view, read_errors,
	   "a case or suggestion (the staff; its units' officers; its signers or its demand's deputy)"),
	CW("POST", "/casework/{id}/refer", h_refer, MS_ACCESS_STAFF, refer_body, &detail_view, refer_errors,
	   "three-level linkage: a filed case, or one a unit returned, to the congress one level up or down; it keeps its "
	   "history and its demand's tracking code, and waits there to be assigned"),
	CW("POST", "/casework/{id}/assign", h_assign, MS_ACCESS_STAFF, assign_body, &detail_view, assign_errors,
	   "assign (or, after a return, reassign) the lead unit and co-handling units: the unit's clock starts"),
	CW("POST", "/casework/{id}/accept", h_accept, UNIT_OR_STAFF, empty_body, &detail_view, state_errors,
	   "the lead unit accepts it"),
	CW("POST", "/casework/{id}/return", h_return, UNIT_OR_STAFF, reason_body, &detail_view, return_errors,
	   "the lead unit returns it as outside its remit, within the return window; it goes back to the clerk"),
	CW("POST", "/casework/{id}/reply", h_reply, UNIT_OR_STAFF, reply_body, &detail_view, state_errors,
	   "the lead unit replies with a class (A, B, C, D); B and C stay open and are answered again when solved"),
	CW("POST", "/casework/{id}/cohandler-view", h_view, UNIT_OR_STAFF, view_body, &detail_view, view_errors,
	   "a co-handling unit sends its view to the lead unit"),
	CW("POST", "/casework/{id}/cosign", h_cosign, MS_ACCESS_DEPUTY, empty_body, &detail_view, cosign_errors,
	   "co-sign a suggestion not yet assigned (accepting an invitation, if there is one)"),
	CW("POST", "/casework/{id}/invitation/accept", h_invite_accept, MS_ACCESS_DEPUTY, empty_body, &detail_view,
	   invite_errors, "the invited deputy accepts to co-sign (while the suggestion waits for assignment)"),
	CW("POST", "/casework/{id}/invitation/decline", h_invite_decline, MS_ACCESS_DEPUTY, empty_body, &detail_view,
	   invite_errors, "the invited deputy declines to co-sign: not a signer, not answered"),
	CW("POST", "/casework/{id}/merge", h_merge, MS_ACCESS_STAFF, merge_body, &detail_view, merge_errors,
	   "merge an identical suggestion into another: its signers join it, each answered"),
	CW("POST", "/casework/{id}/extension", h_extend, UNIT_OR_STAFF, reason_body, &detail_view, state_errors,
	   "the lead unit asks to extend a suggestion's reply, saying why"),
	CW("POST", "/casework/{id}/extension/approve", h_extend_approve, MS_ACCESS_STAFF, empty_body, &detail_view,
	   state_errors, "approve the extension: the reply is due extend_months after assignment"),
	CW("POST", "/casework/{id}/extension/refuse", h_extend_refuse, MS_ACCESS_STAFF, empty_body, &detail_view,
	   state_errors, "refuse the extension"),
	CW("POST", "/casework/{id}/feedback", h_feedback, MS_ACCESS_DEPUTY, feedback_body, &detail_view, feedback_errors,
	   "a signer's feedback on the reply, and whether the unit met them; dissatisfied sends it back for "
	   "re-handling"),
	{.method = "POST", .pattern = "/track/rating", .fn = h_rate, .access = MS_ACCESS_PUBLIC,
	 .flags = MS_ROUTE_NO_CSRF, .body = rate_body, .returns = &rated_view, .errors = rate_errors,
	 .summary = "the resident rates the reply to their demand by its tracking code; dissatisfied sends it back for "
		    "re-handling"},
};
const struct ms_routes ms_casework_routes = MS_ROUTES(routes);
