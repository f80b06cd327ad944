/*
 * cycle.h — the annual round of a congress (征集 → 编制 → 票决 → 实施 →
 * 评议 → 结束) and its candidate projects. A round moves one phase at a
 * time; candidates change only while it collects or compiles.
 */
#ifndef MS_CYCLE_H
#define MS_CYCLE_H

#include <jansson.h>

#include "../org/org.h"

enum ms_phase { MS_PHASE_COLLECT, MS_PHASE_COMPILE, MS_PHASE_VOTE, MS_PHASE_IMPLEMENT, MS_PHASE_EVALUATE, MS_PHASE_CLOSED };
#define MS_PHASE_COUNT 6
extern const struct ms_names ms_phase_names;
extern const struct ms_name ms_cycle_kind, ms_candidate_kind;

/* How a round decides its projects: the deputies' secret ballot (src/vote/),
 * or a street's residents' council by show of hands (council.c). */
enum ms_decision { MS_DECISION_BALLOT, MS_DECISION_COUNCIL };
extern const struct ms_names ms_decision_names;

struct ms_cycle {
	int64_t id, congress_id, year;
	int phase;           /* enum ms_phase */
	int decision;        /* enum ms_decision */
	int64_t guidance_id; /* the guidance from above it follows (guidance.c); 0: none */
};

/* ---- rounds ---- */

/* A round's year and the lengths (characters) of its title, checked by
 * ms_cycle_create and stated by the API's field table. */
#define MS_YEAR_MIN 2000
#define MS_YEAR_MAX 2100
#define MS_TITLE_MAX 200
#define MS_TITLE_EN_MAX 300

int ms_cycle_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, int64_t year, const char *title,
		    const char *title_en, int64_t *id, struct ms_error *e);
/* A new round's settings beyond its year and titles. */
struct ms_cycle_in {
	int64_t year;
	const char *title, *title_en;
	int decision;        /* enum ms_decision; -1: by the congress's level (a street's council, else the ballot) */
	int64_t guidance_id; /* 0: none; else as ms_cycle_adopt */
};
/* ms_cycle_create with every setting (ms_cycle_create is this with the
 * decision by level and no guidance). */
int ms_cycle_open(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const struct ms_cycle_in *in,
		  int64_t *id, struct ms_error *e);
/* The round (404 when none) as a struct and/or its Cycle JSON (either may be NULL). */
int ms_cycle_get(struct ms_db *db, int64_t id, struct ms_cycle *out, json_t **json, struct ms_error *e);
/* The congress of round id; 404 for a review's host (below). */
int ms_cycle_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* The host of a congress's report-and-rate reviews (src/evaluate/review.c):
 * a round of kind review (year 0, always in 评议, decided by ballot) that
 * holds the units its reviews rate as candidates, so that their ballots are
 * the vote's rating polls. No list of rounds shows it and no round's route
 * reaches it (ms_cycle_owner); made on first use. */
int ms_cycle_review_host(struct ms_db *db, int64_t congress_id, int64_t *id, struct ms_error *e);
/* A unit rated at a review, as a candidate of the host: *candidate_id. */
int ms_cycle_subject_add(struct ms_db *db, int64_t host_id, const char *title, const char *title_en, int64_t unit_id,
			 int64_t *candidate_id, struct ms_error *e);
int ms_cycle_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* Move round id to phase `to`, which must be the next one (409 not_next_phase),
 * then run the phase hooks (below) in the same transaction: one that fails
 * fails the move. */
int ms_cycle_advance(struct ms_db *db, const struct ms_actor *by, int64_t id, int to, struct ms_error *e);
/* What the stages built on the round do when it enters a phase (cy: the
 * round, its phase already `to`), e.g. supervise makes the projects when it
 * enters 实施. The program installs its hooks once, before any request
 * (cli/main.c: ms_app_phase_hooks); hooks is NULL-terminated and must
 * outlive every call. Without hooks a move does only the move. */
typedef int (*ms_cycle_phase_fn)(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
				 struct ms_error *e);
void ms_cycle_phase_hooks(const ms_cycle_phase_fn *hooks);
/* 409 wrong_phase unless cy's phase is one of the bits of allowed (1u <<
 * enum ms_phase); action says what needs it ("候选项目可以修改" …). */
int ms_cycle_need_phase(const struct ms_cycle *cy, unsigned allowed, struct ms_arg action, struct ms_error *e);

/* ---- candidates ---- */

#define MS_COST_MAX 1000000000000000LL /* yuan */
/* The lengths (characters) of a candidate's texts (its title: MS_TITLE_MAX
 * and MS_TITLE_EN_MAX), checked by ms_candidate_check and stated by the
 * API's field table. */
#define MS_DESCRIPTION_MAX 5000
#define MS_DESCRIPTION_EN_MAX 10000
#define MS_CATEGORY_MAX 64
#define MS_LOCATION_MAX 200
#define MS_RATIONALE_MAX 2000

/* Candidate fields; NULL / has_* false means "not given" (kept on update). */
/* The three tiers (../shared/PRACTICE.md): projects decided by the round
 * (票决, or 议定 by a council), small matters done at once (微实事) and small
 * wishes (微心愿). In a ballot round the small ones stand on no ballot: they
 * become projects when the round enters 实施. A council decides all three. */
enum ms_tier { MS_TIER_PROJECT, MS_TIER_MICRO, MS_TIER_WISH };
extern const struct ms_names ms_tier_names;

struct ms_candidate_in {
	const char *title, *title_en, *description, *description_en, *category, *location;
	bool has_tier;
	int tier;              /* enum ms_tier, with has_tier (create without it: a project) */
	const char *rationale; /* why it is proposed (立项理由) */
	bool has_finish;       /* finish_by given (NULL clears it) */
	const char *finish_by; /* the completion day (完成时限), YYYY-MM-DD */
	bool has_cost;
	int64_t cost;
	bool has_unit;
	int64_t unit_id;   /* 0: none */
	int64_t origin_id; /* create only: the reserve pool's candidate it was taken from (0: none) */
};

/* The fields' rules (lengths, the cost, a unit of congress_id); create
 * needs a title and a cost. Every fault goes to f and the first one's class
 * is returned; a failure of the store is returned with its error in *e. */
int ms_candidate_check(struct ms_db *db, int64_t congress_id, const struct ms_candidate_in *in, bool create,
		       struct ms_faults *f, struct ms_error *e);
/* The rules a candidate of round cy follows beyond its fields: a category
 * from the guidance cy follows, when that names some (a new candidate,
 * create, needs one). Faults go to f; a
 * failure of the store is returned. */
int ms_candidate_check_round(struct ms_db *db, const struct ms_cycle *cy, const struct ms_candidate_in *in, bool create,
			     struct ms_faults *f, struct ms_error *e);
/* Add a candidate to round cy (which must collect or compile). */
int ms_candidate_create(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
			const struct ms_candidate_in *in, int64_t *id, struct ms_error *e);
int ms_candidate_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_candidate_in *in,
			struct ms_error *e);
/* The candidate (404 when none): its round and/or its Candidate JSON. */
int ms_candidate_get(struct ms_db *db, int64_t id, int64_t *cycle_id, json_t **json, struct ms_error *e);
int ms_candidate_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_candidate_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
int ms_candidate_title_taken(struct ms_db *db, int64_t cycle_id, const char *title, bool *taken, struct ms_error *e);
/* All candidate ids of a round, ascending; *ids is malloc'd. */
int ms_candidate_ids(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e);

/* ---- the reserve pool (储备库, reserve.c) ---- */

/* Why a candidate is in the pool. */
enum ms_reserve_reason { MS_RESERVE_NOT_SELECTED, MS_RESERVE_NOT_VOTED };
extern const struct ms_names ms_reserve_reason_names;
/* Put candidate_id (of a round of congress_id) in the pool; once. */
int ms_reserve_add(struct ms_db *db, int64_t congress_id, int64_t candidate_id, enum ms_reserve_reason why,
		   struct ms_error *e);
/* The congress's pool, newest round first: each entry's candidate, round,
 * reason and, once taken, the candidate that took it. */
int ms_reserve_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* Take candidate_id from the pool into round cy (which must collect or
 * compile, of the same congress): a new candidate with its fields and
 * origin_id, into *id. 422 not_in_reserve; 409 reserve_taken or title_taken. */
int ms_reserve_take(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, int64_t candidate_id,
		    int64_t *id, struct ms_error *e);

/* ---- guidance from above (指导意见, guidance.c) ---- */

/* A city's or district's guidance for the rounds of a year below it: the
 * categories candidates must come from, the least ratio of candidates to
 * places on a ballot (差额), and the day each phase should end by. A round
 * below adopts it (ms_cycle_adopt); GET …/progress shows every congress
 * below against its days ("synchronous rounds"). */
#define MS_GUIDANCE_BODY_MAX 20000
#define MS_GUIDANCE_CATEGORIES_MAX 40
struct ms_guidance_in {
	bool has_year;
	int64_t year;
	const char *title;           /* 1..MS_TITLE_MAX */
	const char *body;            /* the guidance's text, up to MS_GUIDANCE_BODY_MAX */
	json_t *categories;          /* an array of texts (1..MS_CATEGORY_MAX each), or NULL: not given */
	bool has_num, has_den;       /* ratio_num, ratio_den given (0/0: none) */
	int64_t ratio_num, ratio_den;
	/* the days (YYYY-MM-DD, NULL: none) each phase should end by, in order
	 * and within the year before, of or after `year`; days_given: bit i for
	 * the i-th of them given (a change keeps the others) */
	unsigned days_given;
	const char *collect_by, *compile_by, *vote_by, *evaluate_by;
};
int ms_guidance_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
		       const struct ms_guidance_in *in, int64_t *id, struct ms_error *e);
/* Change a draft (409 guidance_published once published). */
int ms_guidance_update(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_guidance_in *in,
		       struct ms_error *e);
int ms_guidance_publish(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
/* The guidance as JSON (404 when none); a draft only for staff (see_drafts). */
int ms_guidance_get(struct ms_db *db, int64_t id, bool see_drafts, json_t **out, struct ms_error *e);
int ms_guidance_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* The guidance a congress issued (drafts with see_drafts) and the published
 * guidance of the congresses above it, newest year first. */
int ms_guidance_list(struct ms_db *db, int64_t congress_id, bool see_drafts, json_t **out, struct ms_error *e);
/* Every congress below the issuer, with its round of the year: whether it
 * follows the guidance, its phase, and the days passed that it is behind. */
int ms_guidance_progress(struct ms_db *db, int64_t id, const char *today, json_t **out, struct ms_error *e);
/* Round cy (collecting or compiling, with no guidance yet) follows guidance
 * id: published (a draft: 404), of a congress above cy's (422
 * guidance_not_above), for cy's year (422 guidance_year). Audited. */
int ms_cycle_adopt(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, int64_t guidance_id,
		   struct ms_error *e);
/* What a guidance asks of round cy's ballots (for vote/): the least ratio
 * num/den of candidates to places (0/0: none) and the issuer's name. */
int ms_cycle_guidance_ratio(struct ms_db *db, const struct ms_cycle *cy, int64_t *num, int64_t *den, json_t **issuer,
			    struct ms_error *e);

/* ---- a residents' council's show of hands (council.c) ---- */

#define MS_COUNCIL_MEMBERS_MAX 10000
#define MS_COUNCIL_MINUTES_MAX 20000
#define MS_COUNCIL_NOTE_MAX 1000
#define MS_COUNCIL_DECISIONS_MAX 500
struct ms_council_hands {
	int64_t candidate_id, yes, no, abstain;
	const char *note; /* what the consultation said of it; NULL: nothing */
};
struct ms_council_meeting_in {
	const char *held_on; /* YYYY-MM-DD, not after today */
	const char *place;
	int64_t members, present;
	int quorum, adopt_base, adopt_share; /* count/council.h's enums */
	const char *minutes;                 /* the consultation's record (协商记录) */
	const struct ms_council_hands *hands;
	size_t n_hands;
};
/* Record a meeting of round cy's council (decision council, phase 票决):
 * the quorum met (422 council_quorum), every candidate of the round at most
 * once and not already adopted (409 council_decided), hands that add up.
 * Each candidate's adoption follows count/council.h. Audited; immutable. */
int ms_council_record(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
		      const struct ms_council_meeting_in *in, int64_t *id, struct ms_error *e);
/* The round's meetings with their decisions and rules in words. */
int ms_council_list(struct ms_db *db, int64_t cycle_id, json_t **out, struct ms_error *e);
/* What the council decided, for supervise: the candidates adopted (*adopted,
 * ascending, malloc'd) and those it considered (*considered); 409
 * no_council_record when it has not met. */
int ms_council_outcome(struct ms_db *db, int64_t cycle_id, int64_t **adopted, size_t *n_adopted,
		       int64_t **considered, size_t *n_considered, struct ms_error *e);
/* The round's small matters and wishes (tier micro or wish), ascending. */
int ms_candidate_small_ids(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e);

extern const struct ms_view ms_cycle_view, ms_candidate_view, ms_guidance_view;
/* The fields of a candidate as created or changed (the API's body; nested in
 * other bodies that make a candidate, e.g. a promotion of demands). */
extern const struct ms_field ms_candidate_body[];
extern const struct ms_routes ms_cycle_routes, ms_candidate_routes, ms_reserve_routes, ms_guidance_routes,
	ms_council_routes;
extern const struct ms_stmt *const ms_cycle_stmts[], *const ms_candidate_stmts[], *const ms_reserve_stmts[],
	*const ms_guidance_stmts[], *const ms_council_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "cycle_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_cycle_codes[];

#endif
