/*
 * casework.h — casework on statutory clocks (cases: a resident's demand
 * referred to a government unit) and deputies' suggestions (代表建议), one
 * handling machinery for both; the per-congress settings printed in words;
 * the clocks (clock.c, pure); the "three rates" per unit (rates.c), which
 * the unit assessment (src/assess/) reads through ms_casework_rates.
 *
 * A case or suggestion is a row of table casework (kind 'case' or
 * 'suggestion'). Each turn a lead unit has with it is an assignment
 * (casework_assignment): when it was assigned, the end of its return
 * window, when its reply is due, when it was accepted, returned (wrong
 * unit) or replied, and the reply's class. A return sends it back to the
 * clerk (the clock stops); the clerk's reassignment starts the next unit's
 * clock afresh. A dissatisfied rating opens a redo: a new assignment of the
 * same unit, its second reply due a month later. Three redos or three
 * units mark it escalated.
 *
 * Times are UTC "YYYY-MM-DDTHH:MM:SSZ"; days are China's (UTC+8).
 */
#ifndef MS_CASEWORK_H
#define MS_CASEWORK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../api/route.h"
#include "../core/workday.h"
#include "../store/store.h"

/* ---- clocks (clock.c: pure, no I/O) ---- */

/* How a deadline is counted. */
enum ms_clock_unit { MS_CLOCK_HOURS, MS_CLOCK_DAYS, MS_CLOCK_WORKDAYS, MS_CLOCK_MONTHS };

#define MS_TIME_LEN 20 /* "YYYY-MM-DDTHH:MM:SSZ" */

/* Seconds since 1970 of a UTC time "YYYY-MM-DDTHH:MM:SSZ"; false when it
 * is not one. */
bool ms_clock_parse(const char *iso, int64_t *out);
void ms_clock_format(int64_t t, char out[MS_TIME_LEN + 1]);
/* China's day (UTC+8) of a moment. */
int32_t ms_clock_day(int64_t t);
/* A month later, n times: the same day of the month, or the month's last
 * day when it has none (30 November + 3 months = 28 or 29 February;
 * 31 January + 1 month = 28 or 29 February). */
int32_t ms_clock_add_months(int32_t day, int n);
/* The deadline of a clock started at `start`, n units long: hours are
 * counted from the moment; days, working days (over cal, the congress's
 * holidays and adjusted weekends) and months from China's day of the
 * start, and such a deadline ends with its last day (24:00 in China,
 * 16:00 UTC). */
int64_t ms_clock_due(const struct ms_workday_cal *cal, int64_t start, enum ms_clock_unit unit, int n);
/* Where a clock stands at `now`. */
enum ms_clock_state { MS_CLOCK_ON_TIME, MS_CLOCK_DUE_SOON, MS_CLOCK_OVERDUE };
/* Overdue after due; due soon within the last fifth of the clock's span
 * (start to due), at least the last hour and at most the last 3 days. */
enum ms_clock_state ms_clock_state(int64_t start, int64_t due, int64_t now);
extern const struct ms_names ms_clock_state_names;
/* "Now" for casework: the time, or, when MINSHENG_TODAY names a day (the
 * test clock), that day at 12:00 in China with the current minutes. */
int64_t ms_clock_now(void);

/* ---- settings ---- */

/* The case types: hotline-style 2 hours, 24 hours, 7 days, 15 days, and
 * the default casework deadline in working days. */
enum ms_case_type { MS_CT_EMERGENCY, MS_CT_URGENT, MS_CT_GENERAL, MS_CT_COMPLEX, MS_CT_STANDARD, MS_CT_COUNT };
extern const struct ms_names ms_case_type_names;

struct ms_casework_settings {
	int emergency_hours, urgent_hours, general_days, complex_days, standard_workdays;
	int return_workdays;  /* a unit returns a wrong-unit matter within this */
	int cohandle_months;  /* co-handlers' view to the lead unit */
	int reply_months;     /* a suggestion's reply */
	int extend_months;    /* … extended with approval to */
	int redo_months;      /* the second reply after a dissatisfied rating */
	int escalate_redos;   /* escalated after this many redos */
	int escalate_units;   /* … or this many lead units */
	int w_response, w_resolution, w_satisfaction; /* the three rates' weights, summing to 100 */
};
#define MS_CASEWORK_SETTINGS_DEFAULT                                                                         \
	{.emergency_hours = 2, .urgent_hours = 24, .general_days = 7, .complex_days = 15, .standard_workdays = 15, \
	 .return_workdays = 7, .cohandle_months = 1, .reply_months = 3, .extend_months = 6, .redo_months = 1,    \
	 .escalate_redos = 3, .escalate_units = 3, .w_response = 30, .w_resolution = 35, .w_satisfaction = 35}

int ms_casework_settings_get(struct ms_db *db, int64_t congress_id, struct ms_casework_settings *out,
			     struct ms_error *e);
/* The settings with their rules in words (CaseworkSettings JSON). */
json_t *ms_casework_settings_json(const struct ms_casework_settings *s);

/* ---- the three rates (rates.c) ---- */

/* A unit's three rates over a period, as exact fractions. */
struct ms_casework_rates {
	int64_t unit_id;
	uint64_t assigned, responded;   /* response: assignments of the period; accepted or returned in the window */
	uint64_t due, resolved;         /* resolution: assignments due in the period; replied A (or closed) by then */
	uint64_t ratings, satisfied;    /* satisfaction: ratings of the period; satisfied + basically satisfied */
	uint64_t feedbacks, met;        /* 见面率: deputies' feedback of the period; the unit met the deputy */
};
/* Every unit of congress_id with casework in the days from..to (China's
 * days, YYYY-MM-DD, inclusive), by unit id, as a malloc'd array (*n of
 * them; free it). Only what was due by `to` counts as due. */
int ms_casework_rates(struct ms_db *db, int64_t congress_id, const char *from, const char *to,
		      struct ms_casework_rates **out, size_t *n, struct ms_error *e);

/* ---- the rules (case.c, suggestion.c): every write of casework goes through
 * these, from the API and the demo alike; each audited. ---- */
int ms_casework_settings_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			     const struct ms_casework_settings *s, struct ms_error *e);
int ms_cw_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_cw_may_read(struct ms_db *db, const struct ms_actor *by, json_t *row, struct ms_error *e);
/* {"items"}: kind NULL any; unit_id 0 any; overdue: only the overdue. */
int ms_cw_list(struct ms_db *db, int64_t congress_id, const char *kind, int64_t unit_id, bool escalated,
	       bool overdue, json_t **out, struct ms_error *e);
/* A page of the congress's list ({"items","total","page","per_page"}), the same filters done by the SQL
 * (overdue: a unit has it and its reply is past due); pg->q searches the title. */
int ms_cw_list_page(struct ms_db *db, int64_t congress_id, const char *kind, int64_t unit_id, bool escalated,
		    bool overdue, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* A unit's queue (what it leads or co-handles): the staff of its congress, or the unit's own officers (403
 * not_your_case otherwise). */
int ms_cw_list_unit(struct ms_db *db, const struct ms_actor *by, int64_t unit_id, int64_t congress_id,
		    const char *kind, bool overdue, json_t **out, struct ms_error *e);
/* The suggestions deputy_id signed (invited: those it is invited to co-sign and has not answered). */
int ms_cw_list_signer(struct ms_db *db, int64_t deputy_id, bool invited, json_t **out, struct ms_error *e);
int ms_cw_assign(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t unit_id, const int64_t *co,
		 size_t n_co, struct ms_error *e);
int ms_cw_accept(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
int ms_cw_return(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *reason, struct ms_error *e);
int ms_cw_reply(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *cls, const char *text,
		struct ms_error *e);
int ms_cw_rate_resident(struct ms_db *db, const char *code, const char *rating, const char *comment, json_t **out,
			struct ms_error *e);
/* What the tracking page shows of a demand's case (TrackCase JSON), or JSON
 * null when the demand has none: its status, lead unit, the reply due while
 * a unit has it, the latest reply with its class in words, the resident's
 * rating of it, and whether the resident may rate now. No one's name or
 * contact. */
int ms_cw_track(struct ms_db *db, int64_t demand_id, json_t **out, struct ms_error *e);
int ms_cw_after_feedback(struct ms_db *db, const struct ms_actor *by, json_t *row, json_t *asg, const char *rating,
			 bool all_in, struct ms_error *e);
int ms_cw_from_demand(struct ms_db *db, const struct ms_actor *by, int64_t demand_id, const char *kind,
		      const char *case_type, int64_t *id, struct ms_error *e);
/* A demand referred as a case (ms_cw_from_demand) and, when unit_id is given, assigned at once to that lead
 * unit and the co-handlers (ms_cw_assign): only the staff may assign at once (403 not_your_demand). */
int ms_cw_case_from_demand(struct ms_db *db, const struct ms_actor *by, int64_t demand_id, const char *case_type,
			   int64_t unit_id, const int64_t *co, size_t n_co, int64_t *id, struct ms_error *e);
int ms_cw_cohandler_view(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t unit_id, const char *view,
			 struct ms_error *e);
int ms_suggestion_file(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *title,
		       const char *text, const int64_t *cosigners, size_t n, int64_t *id, struct ms_error *e);
/* Co-signing is by consent: the filer's cosigners are invited; each accepts or declines (ms_suggestion_answer),
 * and only those who accepted count, give feedback and are answered. A deputy may also co-sign unasked (or so
 * accept its invitation) while the suggestion waits for assignment. */
int ms_suggestion_cosign(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
/* The invited deputy accepts (while it waits for assignment) or declines (409 no_invitation when none is open). */
int ms_suggestion_answer(struct ms_db *db, const struct ms_actor *by, int64_t id, bool accept, struct ms_error *e);
int ms_suggestion_merge(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t into, struct ms_error *e);
int ms_suggestion_extend(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *reason,
			 struct ms_error *e);
int ms_suggestion_extend_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool approve,
				struct ms_error *e);
int ms_suggestion_feedback(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *rating, bool met,
			   const char *comment, struct ms_error *e);
/* The league table of the three rates for a month (month 0: the year): CaseworkRates JSON. */
int ms_casework_league(struct ms_db *db, int64_t congress_id, int year, int month, json_t **out, struct ms_error *e);


/* ---- owners (for routes) ---- */
/* Three-level linkage: refer case id — filed, or returned by a unit as not
 * its remit — to the congress one level up or down (to), with the reason
 * (note). It keeps its assignments so far, its units and redos (the
 * escalation counts on), its day of filing and its demand's tracking code
 * (the demand moves with it and records a step "referred"); it waits there,
 * filed, for that congress's staff to assign it to one of their units. Both
 * congresses' logs record it. */
int ms_cw_refer(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t to, const char *note,
		struct ms_error *e);
int ms_casework_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_casework_unit_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_casework_demand_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

struct ms_stmt;
extern const struct ms_routes ms_casework_routes;
extern const struct ms_stmt *const ms_casework_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "casework_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_casework_codes[];

#endif
