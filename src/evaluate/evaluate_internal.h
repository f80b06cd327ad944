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
/* The day (in China) the evaluation closed. */
int ms_evaluation_sql_closed_on(struct ms_db *db, int64_t id, const char *day, struct ms_error *e);
/* The closed evaluations (ids ascending); one's verdict rows by project. */
int ms_evaluation_sql_closed(struct ms_db *db, int64_t **ids, size_t *n, struct ms_error *e);
int ms_evaluation_sql_verdict_rows(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_evaluation_sql_project_of(struct ms_db *db, int64_t candidate_id, int64_t *project_id, struct ms_error *e);
/* t: satisfied, basic, dissatisfied, abstain, invalid. */
int ms_evaluation_sql_verdict_add(struct ms_db *db, int64_t poll_id, int64_t project_id, const char *verdict,
				  const int64_t t[5], struct ms_error *e);

/* The composite's settings (NULL when none); survey tallies; every tally
 * row [{project_id, component (-1: the deputies' verdicts), satisfied,
 * basic, dissatisfied}]. */
int ms_evaluation_sql_composite(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_evaluation_sql_set_composite(struct ms_db *db, int64_t id, const char *text, struct ms_error *e);
int ms_evaluation_sql_survey_set(struct ms_db *db, int64_t id, int64_t project_id, int64_t component,
				 const int64_t t[3], struct ms_error *e);
int ms_evaluation_sql_tallies(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);

/* consequence_sql.c */
struct ms_consequence {
	int64_t poll_id, project_id, task_id;
	int verdict, kind, points;
	bool public_;
	char due_on[11]; /* "" when none */
};
extern const struct ms_name ms_consequence_kind;
int ms_consequence_sql_rules_clear(struct ms_db *db, int64_t congress_id, struct ms_error *e);
int ms_consequence_sql_rule_add(struct ms_db *db, int64_t congress_id, const struct ms_consequence_rule *r,
				struct ms_error *e);
/* The congress's rules into a malloc'd array (free it). */
int ms_consequence_sql_rules(struct ms_db *db, int64_t congress_id, struct ms_consequence_rule **out, size_t *n,
			     struct ms_error *e);
int ms_consequence_sql_insert(struct ms_db *db, int64_t congress_id, const struct ms_consequence *c,
			      const char *created_on, const char *now, struct ms_error *e);
/* One consequence with its state on today (404 when none). */
int ms_consequence_sql_get(struct ms_db *db, int64_t id, const char *today, json_t **out, struct ms_error *e);
int ms_consequence_sql_talk(struct ms_db *db, int64_t id, const char *on, const char *note, int64_t by,
			    struct ms_error *e);

/* A review's score (composite.c): its settings checked and written out
 * with their defaults ({points_satisfied, points_basic,
 * points_dissatisfied, satisfied_min, basic_min}); one unit's score from
 * its tallies t (satisfied, basic, dissatisfied) — exact and to two places,
 * "" when it has none — and the verdict by the score; the rule in words. */
int ms_scoring_check(json_t *scoring, json_t **normal, struct ms_error *e);
int ms_scoring_score(json_t *scoring, const int64_t t[3], char exact[128], char decimal[32], int *verdict,
		     struct ms_error *e);
json_t *ms_scoring_words(json_t *scoring);

/* review_sql.c */
extern const struct ms_name ms_review_kind, ms_rectify_kind;
int ms_review_sql_insert(struct ms_db *db, int64_t congress_id, const struct ms_review_in *in, int64_t poll_id,
			 const char *scoring, const char *now, int64_t *id, struct ms_error *e);
int ms_review_sql_unit_insert(struct ms_db *db, int64_t id, int64_t unit_id, int64_t candidate_id, const char *head,
			      struct ms_error *e);
/* {id, congress_id, year, title, meeting, held_on, poll_id, rectify_at, rectify_days, created_at, status (the
 * poll's)}; 404 review. */
int ms_review_sql_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The units reviewed in candidate order, each with its verdict row's columns (null until closed). */
int ms_review_sql_units(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* MS_ERR_NOT_FOUND when unit_id is not reviewed in id. */
int ms_review_sql_set_report(struct ms_db *db, int64_t id, int64_t unit_id, const char *report, const char *now,
			     int64_t by, struct ms_error *e);
/* A unit's verdict: the review's (by the score when it scores, else the
 * rule's), the ballot's rule's, the tallies (satisfied, basic,
 * dissatisfied, abstain, invalid) and the score ("" when none). */
struct ms_review_verdict {
	const char *verdict, *rule_verdict;
	int64_t t[5];
	char score[128], decimal[32];
};
int ms_review_sql_verdict_add(struct ms_db *db, int64_t id, int64_t unit_id, const struct ms_review_verdict *v,
			      struct ms_error *e);
/* Count one more comment of user_id in review id: *n, the count now. */
int ms_review_sql_commenter(struct ms_db *db, int64_t id, int64_t user_id, int64_t *n, struct ms_error *e);
int ms_review_sql_comment_insert(struct ms_db *db, int64_t id, int64_t unit_id, const char *body, struct ms_error *e);
int ms_review_sql_comments(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_review_sql_rectify_insert(struct ms_db *db, int64_t id, int64_t unit_id, const char *verdict, const char *due_on,
				 const char *now, struct ms_error *e);
/* 404 rectification. */
int ms_review_sql_rectify_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_review_sql_rectify_list(struct ms_db *db, int64_t review_id, int64_t congress_id, int64_t unit_id,
			       const char *state, json_t **out, struct ms_error *e);
/* MS_ERR_NOT_FOUND when it is no longer open (reported) or reported (decide). */
int ms_review_sql_rectify_report(struct ms_db *db, int64_t id, const char *report, const char *day, int64_t by,
				 struct ms_error *e);
int ms_review_sql_rectify_decide(struct ms_db *db, int64_t id, const char *state, const char *note, const char *day,
				 int64_t by, struct ms_error *e);

#endif
