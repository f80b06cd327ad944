/*
 * assess.h — 考核: deputies' performance files (履职档案, record.c); the
 * unit assessment will join them here.
 *
 * A deputy's file for a year lists what Minsheng knows already, read where
 * it lies and never copied:
 *   - attendance (出席会议): the closed polls of the deputy's congress it
 *     was checked in for, dated by the day the poll opened;
 *   - votes (参加表决): the closed polls it took part in — that it voted,
 *     never how: the ballot table is not read;
 *   - inspections (视察): the inspections of the congress's oversight
 *     groups that name the deputy among their participants or that it
 *     recorded, by the inspection's day;
 *   - letters (督办函): the supervision letters of the groups it is a
 *     member of, by the day sent;
 *   - groups: the oversight groups it belongs to (listed, not scored);
 * and what it (or a clerk for it) entered — training, contact with
 * constituents, a suggestion filed elsewhere, research, other — which
 * counts once a clerk of the congress approves it. A congress may publish
 * points per kind; a file's totals are counted per year and per quarter.
 */
#ifndef MS_ASSESS_H
#define MS_ASSESS_H

#include <jansson.h>

#include "../api/route.h"
#include "../store/store.h"

/* What a file counts, in the order of the points table. The first four
 * are read from the vote and the supervision; the others are entered. */
enum ms_record_kind {
	MS_RK_ATTENDANCE,
	MS_RK_VOTE,
	MS_RK_INSPECTION,
	MS_RK_LETTER,
	MS_RK_TRAINING,
	MS_RK_CONTACT,
	MS_RK_SUGGESTION,
	MS_RK_RESEARCH,
	MS_RK_OTHER,
	MS_RK_COUNT
};
#define MS_RK_FIRST_ENTERED MS_RK_TRAINING
extern const struct ms_names ms_record_kind_names;  /* every kind */
extern const struct ms_names ms_entry_kind_names;   /* the entered ones: training … other */
extern const struct ms_names ms_entry_status_names; /* pending, approved, rejected */
extern const struct ms_name ms_record_entry_kind;

#define MS_ENTRY_TEXT_MAX 1000   /* characters */
#define MS_ENTRY_REASON_MAX 500  /* characters */
#define MS_ENTRY_HOURS_MAX 1000
#define MS_POINTS_MAX 100        /* points of one item */

/* An entry as entered (the API's body, the CLI's options). */
struct ms_entry_in {
	const char *kind;  /* a key of ms_entry_kind_names */
	const char *day;   /* YYYY-MM-DD, not after today */
	const char *text;  /* 1 to MS_ENTRY_TEXT_MAX characters */
	int64_t hours;     /* 0: not given */
};

/* The owning congress of a deputy (404 not_a_deputy_record when user id
 * is no deputy). */
int ms_deputy_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_record_entry_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

/* 0 when `by` may read or add to deputy_id's file: the deputy itself or
 * the staff of congress_id; else 403 not_your_record. */
int ms_record_may(const struct ms_actor *by, int64_t congress_id, int64_t deputy_id, struct ms_error *e);

/* A deputy's file for year: DeputyRecord JSON. */
int ms_record_get(struct ms_db *db, int64_t deputy_id, int64_t year, json_t **out, struct ms_error *e);
/* Every deputy of the congress with the year's totals, sorted by sort
 * ("points": most first; "name"; else by id): RecordSummary JSON. */
int ms_record_list(struct ms_db *db, int64_t congress_id, int64_t year, const char *sort, json_t **out,
		   struct ms_error *e);

/* Enter an activity for deputy_id (by the deputy or the staff; pending
 * until approved): 422 entry_day, invalid_value. Audited. */
int ms_record_entry_add(struct ms_db *db, const struct ms_actor *by, int64_t deputy_id,
			const struct ms_entry_in *in, int64_t *id, struct ms_error *e);
/* A clerk's decision on a pending entry (reason required to reject, else
 * NULL): 409 entry_decided. Audited. */
int ms_record_entry_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool approve,
			   const char *reason, struct ms_error *e);
int ms_record_entry_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The congress's entries with status (NULL: any), oldest first: a page. */
int ms_record_entry_list(struct ms_db *db, int64_t congress_id, const char *status, const struct ms_page *pg,
			 json_t **out, struct ms_error *e);

/* The congress's points table: RecordPoints JSON (enabled false and every
 * kind 0 when none is set), with its rule in words. */
int ms_record_points_get(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
/* Replace it: points is an array of {"kind", "points"} (empty: no points);
 * 422 points_kind_twice. Audited. */
int ms_record_points_set(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, json_t *points,
			 struct ms_error *e);

struct ms_stmt;
extern const struct ms_routes ms_record_routes;

/* A deputy's history of votes (history.c): a page of the polls and
 * evaluations it was due to vote in (on the roster frozen when each
 * opened), newest first, whatever their round's phase: whether it was
 * checked in and whether it voted (that it voted, never how: no ballot,
 * box or tracker is read), and once closed the published result's counts
 * and each candidate's outcome with what became of it (its project's
 * state and light, its evaluation verdict), read through supervise and
 * evaluate. Nothing for a user on no roster. */
int ms_history_list(struct ms_db *db, int64_t user_id, const struct ms_page *pg, json_t **out, struct ms_error *e);
extern const struct ms_routes ms_history_routes;
extern const struct ms_stmt *const ms_history_stmts[];
extern const struct ms_stmt *const ms_record_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "assess_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_assess_codes[];

#endif
