/* evaluate_internal.h — shared inside src/evaluate/: the SQL of evaluations. */
#ifndef MS_EVALUATE_INTERNAL_H
#define MS_EVALUATE_INTERNAL_H

#include <stdlib.h>

#include "evaluate.h"

extern const struct ms_name ms_evaluation_kind;

/* The projects of a round (ids ascending) and their candidates. */
int ms_evaluation_sql_round_projects(struct ms_db *db, int64_t cycle_id, int64_t **ids, int64_t **cands, size_t *n,
				     struct ms_error *e);
/* A project's round and candidate; MS_ERR_NOT_FOUND when there is none. */
int ms_evaluation_sql_project(struct ms_db *db, int64_t project_id, int64_t *cycle_id, int64_t *candidate_id,
			      struct ms_error *e);
int ms_evaluation_sql_insert(struct ms_db *db, int64_t poll_id, int64_t cycle_id, int64_t reevaluation_of,
			     const char *now, struct ms_error *e);
/* Whether id is a closed evaluation of congress_id. */
int ms_evaluation_sql_earlier(struct ms_db *db, int64_t id, int64_t congress_id, bool *out, struct ms_error *e);
/* {reevaluation_of, created_at} */
int ms_evaluation_sql_record(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The projects rated, for the deputies' cards, by candidate id. */
int ms_evaluation_sql_cards(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_evaluation_sql_project_of(struct ms_db *db, int64_t candidate_id, int64_t *project_id, struct ms_error *e);
/* t: satisfied, basic, dissatisfied, abstain, invalid. */
int ms_evaluation_sql_verdict_add(struct ms_db *db, int64_t poll_id, int64_t project_id, const char *verdict,
				  const int64_t t[5], struct ms_error *e);

#endif
