/* candidate_http.c — a round's candidate projects: list, one, create,
 * change, and the import by CSV. */
#include "cycle.h"

#include <stdlib.h>
#include <string.h>

#include "../api/csvimport.h"
#include "../audit/audit.h"
#include "../core/util.h"

static const struct ms_field candidate_fields[] = {
	MS_OUT("id", MS_F_ID), MS_OUT("cycle_id", MS_F_ID), MS_OUT("title", MS_F_STR),
	MS_OUT_NULL("title_en", MS_F_STR), MS_OUT("description", MS_F_STR), MS_OUT_NULL("description_en", MS_F_STR),
	MS_OUT("category", MS_F_STR),
	{.name = "cost", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "investment in yuan"},
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE, .doc = "the responsible unit"},
	MS_OUT_NULL("unit_name", MS_F_STR), MS_OUT_NULL("unit_name_en", MS_F_STR), MS_OUT("location", MS_F_STR),
	{.name = "origin_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the candidate of an earlier round it was taken from, out of the reserve pool"},
	{.name = "rationale", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "why it is proposed (立项理由); '' when not given"},
	{.name = "finish_by", .kind = MS_F_DATE, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the completion day (完成时限), printed on the ranked ballot; null when not given"},
	{.name = "tier", .kind = MS_F_ENUM, .names = &ms_tier_names, .flags = MS_FIELD_REQUIRED,
	 .doc = "a project decided by the round, a small matter done at once (微实事) or a small wish (微心愿)"},
	{0}};
const struct ms_view ms_candidate_view = {"Candidate", candidate_fields, "a candidate livelihood project"};

/* The body of create and change (create needs title and cost: the rules
 * say so, in the same words for every way in). */
const struct ms_field ms_candidate_body[] = {
	{.name = "title", .kind = MS_F_STR, .min = 1, .max = MS_TITLE_MAX},
	{.name = "title_en", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_TITLE_EN_MAX},
	{.name = "description", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_DESCRIPTION_MAX},
	{.name = "description_en", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_DESCRIPTION_EN_MAX},
	{.name = "category", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_CATEGORY_MAX},
	{.name = "cost", .kind = MS_F_INT, .max = MS_COST_MAX, .doc = "investment in yuan (required on create)"},
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "a unit of the same congress"},
	{.name = "location", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_LOCATION_MAX},
	{.name = "rationale", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = MS_RATIONALE_MAX,
	 .doc = "why it is proposed (立项理由)"},
	{.name = "finish_by", .kind = MS_F_DATE, .flags = MS_FIELD_NULLABLE, .doc = "the completion day (完成时限); null clears it"},
	{.name = "tier", .kind = MS_F_ENUM, .names = &ms_tier_names,
	 .doc = "project (the default), micro (微实事: no ballot, delivered at once) or wish (微心愿)"},
	{0}};

static void input(struct ms_ctx *c, struct ms_candidate_in *in)
{
	*in = (struct ms_candidate_in){.title = ms_api_str(c, "title"),
				       .title_en = ms_api_str(c, "title_en"),
				       .description = ms_api_str(c, "description"),
				       .description_en = ms_api_str(c, "description_en"),
				       .category = ms_api_str(c, "category"),
				       .location = ms_api_str(c, "location"),
				       .rationale = ms_api_str(c, "rationale"),
				       .has_finish = ms_api_present(c, "finish_by"),
				       .finish_by = ms_api_str(c, "finish_by"),
				       .has_cost = ms_api_has(c, "cost"),
				       .cost = ms_api_int(c, "cost", 0),
				       .has_unit = ms_api_present(c, "unit_id"),
				       .unit_id = ms_api_int(c, "unit_id", 0),
				       .has_tier = ms_api_has(c, "tier"),
				       .tier = ms_api_enum(c, "tier", &ms_tier_names, MS_TIER_PROJECT)};
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_candidate_list(c->db, c->id, &c->page, out, &c->err);
}

static int h_get(struct ms_ctx *c, json_t **out)
{
	return ms_candidate_get(c->db, c->id, NULL, out, &c->err);
}

static int h_create(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	struct ms_candidate_in in;
	int64_t id;
	int rc;
	input(c, &in);
	if ((rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err)) ||
	    (rc = ms_candidate_create(c->db, &c->who, &cy, &in, &id, &c->err)))
		return rc;
	return ms_candidate_get(c->db, id, NULL, out, &c->err);
}

static int h_update(struct ms_ctx *c, json_t **out)
{
	struct ms_candidate_in in;
	input(c, &in);
	int rc = ms_candidate_update(c->db, &c->who, c->id, &in, &c->err);
	return rc ? rc : ms_candidate_get(c->db, c->id, NULL, out, &c->err);
}

/* ---- candidates by CSV ---- */

enum {
	CAND_TITLE, CAND_COST, CAND_TITLE_EN, CAND_DESCRIPTION, CAND_DESCRIPTION_EN, CAND_CATEGORY,
	CAND_LOCATION, CAND_UNIT, CAND_RATIONALE, CAND_FINISH_BY, CAND_TIER, CAND_COLS
};
static const char *const candidate_cols[CAND_COLS] = {"title",	  "cost",	 "title_en", "description",
						      "description_en", "category", "location", "unit",
						      "rationale",	  "finish_by", "tier"};

/* Check row i into *in and add its preview; 0, or a store error. */
static int candidate_row(struct ms_ctx *c, struct ms_import *im, const struct ms_cycle *cy, size_t i,
			 struct ms_candidate_in *in)
{
	size_t line;
	char **f = ms_import_row(im, i, &line);
	if (!f)
		return 0;
	struct ms_import_faults rf;
	ms_import_faults_init(&rf, im, line);
	struct ms_error x;
	int rc;
	*in = (struct ms_candidate_in){.title = ms_import_given(im, f, CAND_TITLE),
				       .title_en = ms_import_given(im, f, CAND_TITLE_EN),
				       .description = ms_import_given(im, f, CAND_DESCRIPTION),
				       .description_en = ms_import_given(im, f, CAND_DESCRIPTION_EN),
				       .category = ms_import_given(im, f, CAND_CATEGORY),
				       .location = ms_import_given(im, f, CAND_LOCATION),
				       .rationale = ms_import_given(im, f, CAND_RATIONALE),
				       .finish_by = ms_import_given(im, f, CAND_FINISH_BY)};
	in->has_finish = in->finish_by != NULL;
	/* the tier by its key (micro) or its name (微实事); empty: a project */
	const char *tier = ms_import_cell(im, f, CAND_TIER);
	if (*tier) {
		int t = ms_names_find(&ms_tier_names, tier);
		for (size_t k = 0; t < 0 && k < ms_tier_names.n; k++)
			if (strcmp(tier, ms_tier_names.v[k].zh) == 0)
				t = (int)k;
		if (t < 0)
			ms_faultf(&rf.f, MS_E_INVALID_VALUE, "tier", MS_AS("tier"),
				  MS_AT("project（民生实事项目）、micro（微实事）或 wish（微心愿）",
					"project, micro (微实事) or wish (微心愿)"));
		in->has_tier = t >= 0;
		in->tier = t;
	}
	/* An empty title is a title of no characters, not a missing one. */
	if (!in->title && ms_check_text(&x, "title", "", 1, MS_TITLE_MAX))
		ms_faults_add(&rf.f, &x);
	if (in->title) {
		bool taken = false;
		if ((rc = ms_candidate_title_taken(c->db, cy->id, in->title, &taken, &c->err)))
			return rc;
		if (taken)
			ms_faultf(&rf.f, MS_E_TITLE_TAKEN, "title", MS_AS(in->title));
		if (im->repeat[i])
			ms_import_fault_repeat(im, line, "title", in->title);
	}
	const char *cost = ms_import_cell(im, f, CAND_COST);
	in->has_cost = cost[0] >= '0' && cost[0] <= '9' && ms_parse_i64(cost, &in->cost) == 0 && in->cost <= MS_COST_MAX;
	if (!in->has_cost)
		ms_faultf(&rf.f, MS_E_COST_NOT_A_NUMBER, "cost", MS_AI(MS_COST_MAX), MS_AS(cost));
	json_t *unit = NULL;
	const char *uname = ms_import_cell(im, f, CAND_UNIT);
	if (*uname) {
		rc = ms_unit_find(c->db, cy->congress_id, uname, &unit, &x);
		if (rc == MS_ERR_UNPROCESSABLE || rc == MS_ERR_CONFLICT)
			ms_faults_add(&rf.f, &x);
		else if (rc) {
			c->err = x;
			return rc;
		}
		in->has_unit = unit != NULL;
		in->unit_id = json_integer_value(json_object_get(unit, "id"));
	}
	/* The rules of every candidate (lengths, the unit's congress). */
	struct ms_candidate_in check = *in;
	check.has_cost = false; /* the cost's fault is recorded above */
	if ((rc = ms_candidate_check(c->db, cy->congress_id, &check, false, &rf.f, &c->err)) && !rf.f.n)
		return rc;
	if ((rc = ms_candidate_check_round(c->db, cy, &check, true, &rf.f, &c->err)))
		return rc;
	json_t *row = json_pack("{s:I, s:s, s:o, s:o, s:O}", "line", (json_int_t)line, "title",
				ms_import_cell(im, f, CAND_TITLE), "cost", in->has_cost ? json_integer(in->cost) : json_null(),
				"unit_id", in->has_unit ? json_integer(in->unit_id) : json_null(), "unit_name",
				unit ? json_object_get(unit, "name") : json_null());
	json_decref(unit);
	return ms_import_preview(c, im, row);
}

static int h_import(struct ms_ctx *c, json_t **out)
{
	struct ms_cycle cy;
	struct ms_import im;
	struct ms_candidate_in *in = NULL;
	int rc = ms_cycle_get(c->db, c->id, &cy, NULL, &c->err);
	if (rc || (rc = ms_cycle_need_phase(&cy, 1u << MS_PHASE_COLLECT | 1u << MS_PHASE_COMPILE,
					    MS_AT("添加或修改候选项目", "candidates can change"), &c->err)))
		return rc;
	if ((rc = ms_import_open(c, &im, candidate_cols, CAND_COLS, 1u << CAND_TITLE | 1u << CAND_COST, CAND_TITLE)))
		goto out;
	if (!(in = calloc(im.n ? im.n : 1, sizeof *in))) {
		rc = ms_nomem(&c->err);
		goto out;
	}
	for (size_t i = 0; i < im.n; i++)
		if ((rc = candidate_row(c, &im, &cy, i, &in[i])))
			goto out;
	if ((rc = ms_import_check(c, &im)))
		goto out;
	for (size_t i = 0; !im.dry_run && i < im.n; i++) {
		int64_t id;
		if ((rc = ms_candidate_create(c->db, &c->who, &cy, &in[i], &id, &c->err)))
			goto out;
	}
	if (!im.dry_run && (rc = ms_audit_append(c->db, &c->who, cy.congress_id, "candidate.import", "cycle", c->id,
						  json_pack("{s:I}", "created", (json_int_t)im.n), &c->err)))
		goto out;
	rc = ms_import_answer(c, &im, out);
out:
	free(in);
	ms_import_close(&im);
	return rc;
}

static const struct ms_code *const edit_errors[] = {&MS_E_WRONG_PHASE, &MS_E_UNIT_NOT_OF_CONGRESS,
						    &MS_E_CATEGORY_NOT_IN_GUIDANCE, &MS_E_GUIDANCE_CATEGORY_NEEDED, &MS_E_TIER_ON_BALLOT, NULL};
static const struct ms_code *const import_errors[] = {
	&MS_E_WRONG_PHASE,	  &MS_E_INVALID_CSV,	     &MS_E_CSV_SYNTAX,		&MS_E_CSV_EMPTY,
	&MS_E_CSV_UNKNOWN_COLUMN, &MS_E_CSV_REPEATED_COLUMN, &MS_E_CSV_MISSING_COLUMN, &MS_E_CATEGORY_NOT_IN_GUIDANCE, &MS_E_GUIDANCE_CATEGORY_NEEDED, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/cycles/{id}/candidates", .fn = h_list, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_cycle_owner, .flags = MS_ROUTE_PAGED, .returns = &ms_candidate_view,
	 .summary = "the round's candidate projects (search by title, category, place or unit)"},
	{.method = "POST", .pattern = "/cycles/{id}/candidates", .fn = h_create, .flags = MS_ROUTE_CREATES, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = ms_candidate_body, .returns = &ms_candidate_view, .errors = edit_errors,
	 .summary = "add a candidate project (title and cost required)"},
	{.method = "POST", .pattern = "/cycles/{id}/candidates/import", .fn = h_import, .flags = MS_ROUTE_CREATES, .access = MS_ACCESS_STAFF,
	 .owner = ms_cycle_owner, .body = ms_import_body, .returns = &ms_import_answer_view, .errors = import_errors,
	 .summary = "add candidates from CSV (columns title, cost, title_en, description, description_en, category, "
		    "location, unit, rationale, finish_by)"},
	{.method = "GET", .pattern = "/candidates/{id}", .fn = h_get, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_candidate_owner, .returns = &ms_candidate_view, .summary = "one candidate project"},
	{.method = "PATCH", .pattern = "/candidates/{id}", .fn = h_update, .access = MS_ACCESS_STAFF,
	 .owner = ms_candidate_owner, .body = ms_candidate_body, .returns = &ms_candidate_view, .errors = edit_errors,
	 .summary = "change a candidate project (only the fields given)"},
};
const struct ms_routes ms_candidate_routes = MS_ROUTES(routes);
