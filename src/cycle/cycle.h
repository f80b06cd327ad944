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

struct ms_cycle {
	int64_t id, congress_id, year;
	int phase; /* enum ms_phase */
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
/* The round (404 when none) as a struct and/or its Cycle JSON (either may be NULL). */
int ms_cycle_get(struct ms_db *db, int64_t id, struct ms_cycle *out, json_t **json, struct ms_error *e);
int ms_cycle_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
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
struct ms_candidate_in {
	const char *title, *title_en, *description, *description_en, *category, *location;
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

extern const struct ms_view ms_cycle_view, ms_candidate_view;
/* The fields of a candidate as created or changed (the API's body; nested in
 * other bodies that make a candidate, e.g. a promotion of demands). */
extern const struct ms_field ms_candidate_body[];
extern const struct ms_routes ms_cycle_routes, ms_candidate_routes, ms_reserve_routes;
extern const struct ms_stmt *const ms_cycle_stmts[], *const ms_candidate_stmts[], *const ms_reserve_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "cycle_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_cycle_codes[];

#endif
