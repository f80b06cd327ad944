/* vote_internal.h — shared inside src/vote/: the SQL of polls, the desk,
 * ballots and the close, and the steps the files share. */
#ifndef MS_VOTE_INTERNAL_H
#define MS_VOTE_INTERNAL_H

#include "vote.h"

/* poll_sql.c */
int ms_poll_sql_insert(struct ms_db *db, const struct ms_poll *p, const char *now, int64_t *id, struct ms_error *e);
int ms_poll_sql_add_candidate(struct ms_db *db, int64_t poll_id, int64_t candidate_id, struct ms_error *e);
/* The round of a candidate; MS_ERR_NOT_FOUND when there is no such candidate. */
int ms_poll_sql_candidate_cycle(struct ms_db *db, int64_t candidate_id, int64_t *cycle_id, struct ms_error *e);
int ms_poll_sql_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* Hold the poll row until the transaction ends, so that a check of the
 * poll's status stays true until commit when several processes share the
 * database: exclusive (open, close) waits for every shared holder (ballots,
 * check-ins) and blocks new ones. PostgreSQL: SELECT … FOR UPDATE / FOR
 * SHARE; SQLite: nothing to do (a write transaction holds the database). */
int ms_poll_sql_lock(struct ms_db *db, int64_t id, bool exclusive, struct ms_error *e);
/* Freeze the roster (the congress's deputies now) and mark the poll open;
 * *all receives the roster's size. */
int ms_poll_sql_open(struct ms_db *db, int64_t id, int64_t congress_id, const char *now, int64_t *all,
		     struct ms_error *e);
/* Open a poll whose ballots come from elsewhere (an imported .pb): no
 * roster; the file's voters are its deputies. */
int ms_poll_sql_open_imported(struct ms_db *db, int64_t id, int64_t voters, const char *now, struct ms_error *e);

/* desk_sql.c */
int ms_desk_sql_in_roster(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
int ms_desk_sql_checkin(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
int ms_desk_sql_present_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);
int ms_desk_sql_is_present(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);

/* ballot_sql.c */
int ms_ballot_sql_participation_add(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
int ms_ballot_sql_has_voted(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
/* choices: the approved ids (any order; stored sorted) or, when ranked, the
 * ranked ids in order of priority (stored in that order); opposes: the
 * opposed ones of an approve / oppose poll, NULL otherwise. */
int ms_ballot_sql_add(struct ms_db *db, int64_t poll_id, const int64_t *choices, size_t n, const int64_t *opposes,
		      size_t n_opp, bool ranked, bool paper, struct ms_error *e);
int ms_ballot_sql_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);
/* Each stored ballot of the poll (random-id order); opposes is NULL unless
 * the ballot is of the approve / oppose form. fn returns 0 to go on. */
typedef int (*ms_ballot_fn)(void *ctx, const int64_t *choices, size_t n, const int64_t *opposes, size_t n_opp,
			    bool paper);
int ms_ballot_sql_each(struct ms_db *db, int64_t poll_id, ms_ballot_fn fn, void *ctx, struct ms_error *e);

/* close_sql.c */
/* Mark the poll closed (409 poll_not_open when it is not open) and store
 * its result once. */
int ms_close_sql_close(struct ms_db *db, int64_t poll_id, const char *now, const char *result_json, struct ms_error *e);
int ms_close_sql_result(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);

/* poll.c */
/* A status in messages: its Chinese label, and its key in English ("draft"). */
struct ms_arg ms_poll_status_arg(enum ms_poll_status s);
/* Load a poll whose status the caller checks and relies on until commit:
 * its row is locked first (ms_poll_sql_lock). */
int ms_poll_load_locked(struct ms_db *db, int64_t id, bool exclusive, struct ms_poll *p, struct ms_error *e);
/* Deputies of the poll's congress: frozen at open, counted live before. */
int ms_poll_all(struct ms_db *db, const struct ms_poll *p, int64_t *all, struct ms_error *e);
/* The index of candidate id on p's ballot, or -1. */
int ms_poll_candidate_index(const struct ms_poll *p, int64_t id);
int ms_poll_need_open(const struct ms_poll *p, struct ms_error *e);
/* 409 poll_not_closed unless p is closed; what is shown after the close. */
int ms_poll_need_closed(const struct ms_poll *p, struct ms_arg what, struct ms_error *e);

/* close.c */
/* Count the open poll p's stored ballots with `present` deputies present,
 * store the result and close the poll, in the caller's transaction. */
int ms_close_count(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, int64_t present,
		   json_t **out, struct ms_error *e);

#endif
