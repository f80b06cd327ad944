/*
 * target.h — target lists (任务清单 / 台账, issue 17): the government's
 * annual task list that a congress supervises the way it supervises the
 * livelihood projects. A list of a congress and year is drafted (its tasks
 * entered one by one or imported from CSV, every faulty line listed before
 * anything is saved), decomposed to any depth (a task's sub-tasks), each
 * task with its quantified indicator, weight, deadline, lead and
 * co-operating units and responsible official; then published. The lead
 * unit reports the indicator's value with its evidence; the staff accept it
 * (or return it); progress, plan and light follow from the accepted values
 * (count/target.h), a parent's rolled up from its sub-tasks by the list's
 * stated setting.
 */
#ifndef MS_TARGET_DOMAIN_H
#define MS_TARGET_DOMAIN_H

#include <jansson.h>

#include "../api/route.h"
#include "../store/store.h"

#define MS_TARGET_TITLE_MAX 200
#define MS_TARGET_TEXT_MAX 500     /* an indicator, an official */
#define MS_TARGET_MEASURE_MAX 20   /* 公里, %, 个 … */
#define MS_TARGET_CODE_MAX 32      /* the work report's numbering: 1, 1.2, 1.2.3 */
#define MS_TARGET_EVIDENCE_MAX 5000
#define MS_TARGET_TASKS_MAX 5000   /* tasks of one list */
#define MS_TARGET_VALUE_MAX 1000000000000LL /* |value| in the measure, before thousandths */

/* A decimal with at most three decimals ("12.5", "-3", "0.125") into
 * thousandths (12500); false when it is not one or |v| > MS_TARGET_VALUE_MAX. */
bool ms_target_parse_value(const char *s, int64_t *out);
/* Thousandths as the shortest decimal ("12.5"), into out (32 bytes). */
void ms_target_format_value(int64_t v, char out[32]);

struct ms_target_list_in {
	int64_t year;
	const char *title;
	int rollup;                     /* count/target.h's enum; -1: average */
	int64_t yellow_behind, red_behind; /* percentage points; -1: 10, 25 */
};
int ms_target_list_create(struct ms_db *db, const struct ms_actor *by, int64_t congress_id,
			  const struct ms_target_list_in *in, int64_t *id, struct ms_error *e);
int ms_target_list_publish(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
int ms_target_list_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* The list with its rule in words and its tasks in tree order, each with
 * its depth, progress, plan and light on today (a draft: staff only, else
 * 404). */
int ms_target_list_get(struct ms_db *db, int64_t id, bool staff, const char *today, json_t **out, struct ms_error *e);
int ms_target_list_list(struct ms_db *db, int64_t congress_id, bool staff, json_t **out, struct ms_error *e);

struct ms_target_task_in {
	const char *code;         /* unique in the list */
	int64_t parent_id;        /* 0: a top task */
	const char *title, *indicator, *measure, *official;
	int direction;            /* count/target.h's enum */
	int64_t baseline, target; /* thousandths */
	int64_t weight;           /* >= 1 */
	const char *deadline;     /* YYYY-MM-DD within the list's year; NULL: its last day */
	int64_t lead_unit_id;     /* 0: none */
	const int64_t *co_units;
	size_t n_co_units;
};
/* The fields' rules (faults into f; a store failure returned): for a task of
 * list (its congress and year). */
int ms_target_task_check(struct ms_db *db, int64_t list_id, const struct ms_target_task_in *in, struct ms_faults *f,
			 struct ms_error *e);
/* Add a task to a draft list (409 target_published otherwise). */
int ms_target_task_create(struct ms_db *db, const struct ms_actor *by, int64_t list_id,
			  const struct ms_target_task_in *in, int64_t *id, struct ms_error *e);
int ms_target_task_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

/* A value reported for task id (a task without sub-tasks, of a published
 * list) by its lead unit's officer or the staff: the value in thousandths,
 * the evidence, the day (not after today). */
int ms_target_report_file(struct ms_db *db, const struct ms_actor *by, int64_t task_id, int64_t value,
			  const char *evidence, const char *on, int64_t *id, struct ms_error *e);
/* The staff accept a filed report (its value counts) or return it (note required). */
int ms_target_report_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool accept, const char *note,
			    struct ms_error *e);
int ms_target_report_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* A task's reports, newest first (the public: accepted ones only). */
int ms_target_report_list(struct ms_db *db, int64_t task_id, bool all, json_t **out, struct ms_error *e);

/* A change to a published task (target list's targets are versioned): the
 * new target (has_target), deadline (NULL: kept) or weight (0: kept), with
 * its reason; proposed by the staff, one at a time per task (409
 * target_change_pending), approved or refused by someone else (409
 * target_change_self). An approved change sets the task's fields and its
 * version; the values before are kept with it. */
struct ms_target_change_in {
	bool has_target;
	int64_t target;
	const char *deadline;
	int64_t weight;
	const char *reason;
};
int ms_target_change_propose(struct ms_db *db, const struct ms_actor *by, int64_t task_id,
			     const struct ms_target_change_in *in, int64_t *id, struct ms_error *e);
int ms_target_change_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool approve, const char *note,
			    struct ms_error *e);
int ms_target_change_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_target_change_list(struct ms_db *db, int64_t task_id, json_t **out, struct ms_error *e);

/* A list's status (draft, published), a report's state (filed, accepted,
 * returned), a change's state (proposed, approved, refused): the keys the
 * database and the API spell, with their words. */
extern const struct ms_names ms_target_status_names, ms_target_report_state_names, ms_target_change_state_names;

extern const struct ms_routes ms_target_routes;
extern const struct ms_stmt *const ms_target_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "target_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_target_codes[];

#endif
