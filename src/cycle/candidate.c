/* candidate.c — the rules of candidate projects: their fields, and that
 * they change only while the round collects or compiles. */
#include "cycle.h"

#include "../audit/audit.h"
#include "../core/util.h"
#include "../core/workday.h"
#include "cycle_internal.h"

const struct ms_name ms_candidate_kind = {"candidate", "候选项目", "candidate"};

#define EDITABLE (1u << MS_PHASE_COLLECT | 1u << MS_PHASE_COMPILE)

static void text(struct ms_faults *f, const char *field, const char *v, long min, long max)
{
	struct ms_error x;
	if (v && ms_check_text(&x, field, v, min, max))
		ms_faults_add(f, &x);
}

int ms_candidate_check(struct ms_db *db, int64_t congress_id, const struct ms_candidate_in *in, bool create,
		       struct ms_faults *f, struct ms_error *e)
{
	struct ms_error x;
	if (create && !in->title)
		ms_faultf(f, MS_E_MISSING_FIELD, "title", MS_AS("title"));
	text(f, "title", in->title, 1, MS_TITLE_MAX);
	text(f, "title_en", in->title_en, 0, MS_TITLE_EN_MAX);
	text(f, "description", in->description, 0, MS_DESCRIPTION_MAX);
	text(f, "description_en", in->description_en, 0, MS_DESCRIPTION_EN_MAX);
	text(f, "category", in->category, 0, MS_CATEGORY_MAX);
	text(f, "location", in->location, 0, MS_LOCATION_MAX);
	text(f, "rationale", in->rationale, 0, MS_RATIONALE_MAX);
	int32_t day;
	if (in->has_finish && in->finish_by && !ms_day_parse(in->finish_by, &day))
		ms_faultf(f, MS_E_INVALID_VALUE, "finish_by", MS_AS("finish_by"),
			  MS_AT("YYYY-MM-DD 格式的有效日期", "a valid date, YYYY-MM-DD"));
	if (create && !in->has_cost)
		ms_faults_add(f, (ms_failf(&x, MS_E_MISSING_FIELD, "cost", MS_AS("cost")), &x));
	if (in->has_cost && ms_check_int(&x, "cost", in->cost, 0, MS_COST_MAX))
		ms_faults_add(f, &x);
	if (in->has_unit && in->unit_id) {
		int rc = ms_unit_check_of(db, in->unit_id, congress_id, "unit_id", &x);
		if (rc == MS_ERR_UNPROCESSABLE)
			ms_faults_add(f, &x);
		else if (rc) { /* the store failed */
			*e = x;
			return rc;
		}
	}
	return ms_faults_result(f, NULL);
}

/* The audit detail of a candidate's fields (those given). */
static json_t *detail(const struct ms_candidate_in *in)
{
	json_t *d = json_object();
	const char *keys[] = {"title", "title_en", "description", "description_en", "category", "location", "rationale"};
	const char *vals[] = {in->title,    in->title_en, in->description, in->description_en,
			      in->category, in->location, in->rationale};
	for (size_t i = 0; d && i < sizeof keys / sizeof keys[0]; i++)
		if (vals[i])
			json_object_set_new(d, keys[i], json_string(vals[i]));
	if (d && in->has_cost)
		json_object_set_new(d, "cost", json_integer(in->cost));
	if (d && in->has_finish)
		json_object_set_new(d, "finish_by", in->finish_by ? json_string(in->finish_by) : json_null());
	if (d && in->has_unit)
		json_object_set_new(d, "unit_id", in->unit_id ? json_integer(in->unit_id) : json_null());
	if (d && in->origin_id)
		json_object_set_new(d, "origin_id", json_integer(in->origin_id));
	return d;
}

int ms_candidate_create(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
			const struct ms_candidate_in *in, int64_t *id, struct ms_error *e)
{
	struct ms_faults f = {0};
	int rc;
	if ((rc = ms_candidate_check(db, cy->congress_id, in, true, &f, e)))
		return f.n ? ms_faults_result(&f, e) : rc;
	if ((rc = ms_cycle_need_phase(cy, EDITABLE, MS_AT("添加或修改候选项目", "candidates can change"), e)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_candidate_sql_insert(db, cy->id, in, now, id, e)))
		return rc;
	return ms_audit_append(db, by, cy->congress_id, "candidate.create", "candidate", *id, detail(in), e);
}

int ms_candidate_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_candidate_in *in,
			struct ms_error *e)
{
	struct ms_cycle cy;
	int64_t cycle_id;
	struct ms_faults f = {0};
	int rc;
	if ((rc = ms_candidate_get(db, id, &cycle_id, NULL, e)) || (rc = ms_cycle_get(db, cycle_id, &cy, NULL, e)))
		return rc;
	if ((rc = ms_candidate_check(db, cy.congress_id, in, false, &f, e)))
		return f.n ? ms_faults_result(&f, e) : rc;
	if ((rc = ms_cycle_need_phase(&cy, EDITABLE, MS_AT("添加或修改候选项目", "candidates can change"), e)) ||
	    (rc = ms_candidate_sql_update(db, id, in, e)))
		return rc;
	return ms_audit_append(db, by, cy.congress_id, "candidate.update", "candidate", id, detail(in), e);
}

int ms_candidate_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int64_t cycle_id;
	int rc = ms_candidate_get(db, id, &cycle_id, NULL, e);
	return rc ? rc : ms_cycle_owner(db, cycle_id, congress_id, e);
}
