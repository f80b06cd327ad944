/*
 * supervise.h — 政府办、人大督: the projects a round's vote selected, under
 * delivery and under the congress's supervision. When a round enters 实施
 * (ms_projects_start, a cycle phase hook) each selected candidate becomes a
 * project — keeping its candidate, and the poll that chose it — and every
 * other candidate of the round goes to the reserve pool (cycle/reserve.c).
 */
#ifndef MS_SUPERVISE_H
#define MS_SUPERVISE_H

#include <jansson.h>

#include "../cycle/cycle.h"
#include "../vote/vote.h"

/* A project's state: its implementation plan being drawn up, delivering,
 * finished. */
enum ms_project_state { MS_PROJECT_PLANNING, MS_PROJECT_DELIVERING, MS_PROJECT_FINISHED };
extern const struct ms_names ms_project_state_names;
extern const struct ms_name ms_project_kind;

/* The phase hook (cycle.h): on entering 实施, the round's projects and its
 * reserve pool entries, once (entering again adds nothing); 409
 * poll_still_open / no_vote_result (vote.h) refuse the move. Other phases:
 * nothing. */
int ms_projects_start(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy, struct ms_error *e);

/* One project's Project JSON (404 when none). */
int ms_project_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_project_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* A round's projects, or a congress's (every round, newest first). */
int ms_project_list_cycle(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out,
			  struct ms_error *e);
int ms_project_list_congress(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
			     struct ms_error *e);

extern const struct ms_view ms_project_view;
extern const struct ms_routes ms_project_routes;
extern const struct ms_stmt *const ms_project_stmts[];

#endif
