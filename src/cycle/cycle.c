/* cycle.c — the rules of a congress's annual round: one per year, moving
 * through its phases one at a time. */
#include "cycle.h"

#include "../audit/audit.h"
#include "../core/util.h"
#include "cycle_internal.h"

#define MS_CODES_DEF "cycle/cycle_codes.def"
#define MS_CODES_LIST ms_cycle_codes
#include "../core/codes_define.h"

static const struct ms_name phases_v[MS_PHASE_COUNT] = {
	{"collect", "征集", "collect"},	   {"compile", "编制", "compile"},     {"vote", "票决", "vote"},
	{"implement", "实施", "implement"}, {"evaluate", "评议", "evaluate"}, {"closed", "结束", "closed"},
};
const struct ms_names ms_phase_names = MS_NAMES("phase", phases_v);
const struct ms_name ms_cycle_kind = {"cycle", "年度轮次", "cycle"};

static const struct ms_name decision_v[] = {
	{"ballot", "人大代表无记名投票票决", "the deputies' secret ballot"},
	{"council", "居民议事会协商、举手表决议定", "the residents' council, by consultation and show of hands"},
};
const struct ms_names ms_decision_names = MS_NAMES("decision", decision_v);

int ms_cycle_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t year, const char *title,
		    const char *title_en, int64_t *id, struct ms_error *e)
{
	struct ms_cycle_in in = {.year = year, .title = title, .title_en = title_en, .decision = -1};
	return ms_cycle_open(db, by, congress_id, &in, id, e);
}

int ms_cycle_open(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const struct ms_cycle_in *in,
		  int64_t *id, struct ms_error *e)
{
	int rc;
	if ((rc = ms_check_int(e, "year", in->year, MS_YEAR_MIN, MS_YEAR_MAX)) ||
	    (rc = ms_check_text(e, "title", in->title, 1, MS_TITLE_MAX)) ||
	    (in->title_en && (rc = ms_check_text(e, "title_en", in->title_en, 0, MS_TITLE_EN_MAX))))
		return rc;
	struct ms_cycle_in v = *in;
	/* a street decides in its residents' council; a people's congress by its deputies' ballot */
	int level = -1;
	if ((rc = ms_congress_level(db, congress_id, &level, e)))
		return rc;
	int by_level = level == MS_LEVEL_STREET ? MS_DECISION_COUNCIL : MS_DECISION_BALLOT;
	if (v.decision >= 0 && v.decision != by_level)
		return ms_failf(e, MS_E_DECISION_LEVEL, "decision", ms_names_arg(&ms_congress_level_names, level),
				ms_names_arg(&ms_decision_names, by_level));
	v.decision = by_level;
	char now[32];
	ms_now_iso(now, sizeof now);
	v.guidance_id = 0; /* adopted below, under its rules */
	rc = ms_cycle_sql_insert(db, congress_id, &v, now, id, e);
	if (rc == MS_ERR_CONFLICT)
		return ms_failf(e, MS_E_CYCLE_EXISTS, "year", MS_AI(in->year));
	if (rc || (rc = ms_audit_append(db, by, congress_id, "cycle.create", "cycle", *id,
					json_pack("{s:I, s:s, s:s?, s:s}", "year", (json_int_t)in->year, "title", in->title,
						  "title_en", in->title_en, "decision",
						  ms_names_key(&ms_decision_names, v.decision)),
					e)))
		return rc;
	if (in->guidance_id) {
		struct ms_cycle cy;
		if ((rc = ms_cycle_get(db, *id, &cy, NULL, e)) || (rc = ms_cycle_adopt(db, by, &cy, in->guidance_id, e)))
			return rc;
	}
	return 0;
}

static const ms_cycle_phase_fn *phase_hooks;

void ms_cycle_phase_hooks(const ms_cycle_phase_fn *hooks)
{
	phase_hooks = hooks;
}

int ms_cycle_advance(struct ms_db *db, const struct ms_actor *by, int64_t id, int to, struct ms_error *e)
{
	struct ms_cycle cy;
	int rc = ms_cycle_get(db, id, &cy, NULL, e);
	if (rc)
		return rc;
	if (to < 0 || to >= MS_PHASE_COUNT)
		return ms_failf(e, MS_E_INVALID_VALUE, "phase", MS_AS("phase"), MS_AT("一个阶段", "a phase"));
	if (to != cy.phase + 1)
		return ms_failf(e, MS_E_NOT_NEXT_PHASE, "phase", ms_names_arg(&ms_phase_names, cy.phase),
				cy.phase + 1 < MS_PHASE_COUNT ? ms_names_arg(&ms_phase_names, cy.phase + 1)
							      : MS_AT("（无）", "(none)"));
	if ((rc = ms_cycle_sql_set_phase(db, id, ms_names_key(&ms_phase_names, to), e)) ||
	    (rc = ms_audit_append(db, by, cy.congress_id, "cycle.phase", "cycle", id,
				  json_pack("{s:s, s:s}", "from", ms_names_key(&ms_phase_names, cy.phase), "to",
					    ms_names_key(&ms_phase_names, to)),
				  e)))
		return rc;
	cy.phase = to;
	for (const ms_cycle_phase_fn *h = phase_hooks; h && *h && !rc; h++)
		rc = (*h)(db, by, &cy, e);
	return rc;
}

int ms_cycle_need_phase(const struct ms_cycle *cy, unsigned allowed, struct ms_arg action, struct ms_error *e)
{
	if (cy->phase >= 0 && (allowed & (1u << cy->phase)))
		return 0;
	char zh[120] = "", en[160] = "";
	size_t zl = 0, el = 0;
	for (int i = 0; i < MS_PHASE_COUNT; i++)
		if (allowed & (1u << i)) {
			zl += (size_t)snprintf(zh + zl, sizeof zh - zl, "%s%s", zl ? "或" : "", phases_v[i].zh);
			el += (size_t)snprintf(en + el, sizeof en - el, "%s%s", el ? " or " : "", phases_v[i].en);
		}
	return ms_failf(e, MS_E_WRONG_PHASE, NULL, action, MS_AT(zh, en), ms_names_arg(&ms_phase_names, cy->phase));
}
