/* casework_internal.h — shared inside src/liaison/'s casework: the SQL
 * (case_sql.c) for the rules (case.c, suggestion.c, rates.c). Each returns 0
 * or a negative enum ms_err with *e set. Rows come back as JSON objects. */
#ifndef MS_CASEWORK_INTERNAL_H
#define MS_CASEWORK_INTERNAL_H

#include "casework.h"
#include "liaison.h" /* not_your_demand, track_unknown */

extern const struct ms_names ms_reply_class_names;
extern const struct ms_names ms_cw_rating_names;
extern const struct ms_names ms_casework_status_names;
extern const struct ms_names ms_casework_kind_names;
extern const struct ms_names ms_ext_status_names;
extern const struct ms_names ms_round_names;

int ms_cw_sql_settings(struct ms_db *db, int64_t congress_id, struct ms_casework_settings *s, bool *found,
		       struct ms_error *e);
int ms_cw_sql_settings_set(struct ms_db *db, int64_t congress_id, const struct ms_casework_settings *s,
			   const char *now, struct ms_error *e);
/* The congress's holiday calendar (free with ms_cw_cal_fini). */
int ms_cw_sql_calendar(struct ms_db *db, int64_t congress_id, struct ms_workday_cal *cal, struct ms_error *e);
void ms_cw_cal_fini(struct ms_workday_cal *cal);

/* {"id","congress_id","deputy_id","station_id","status","title","text","station_deputy_b"} for `by`. */
int ms_cw_sql_demand(struct ms_db *db, int64_t id, int64_t by, json_t **out, struct ms_error *e);
/* The demands of the suggestions merged into id (*ids malloc'd). */
int ms_cw_sql_merged_demands(struct ms_db *db, int64_t id, int64_t **ids, size_t *n, struct ms_error *e);
int ms_cw_sql_demand_by_hash(struct ms_db *db, const char *hash, int64_t *demand_id, struct ms_error *e);

int ms_cw_sql_insert(struct ms_db *db, int64_t congress_id, const char *kind, int64_t demand_id, const char *title,
		     const char *text, const char *case_type, int64_t by, const char *now, int64_t *id,
		     struct ms_error *e);
/* The row (every column of casework). */
int ms_cw_sql_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The case of a demand (the latest), 404 when none. */
int ms_cw_sql_of_demand(struct ms_db *db, int64_t demand_id, int64_t *id, struct ms_error *e);
/* A filed or returned case to congress to: no unit, filed, its co-handlers
 * dropped (*cohandlers: [{"unit_id"}]), its demand moved with it; MS_ERR_NOT_FOUND
 * when it is no longer filed or returned. */
int ms_cw_sql_refer(struct ms_db *db, int64_t id, int64_t to, int64_t demand_id, json_t **cohandlers, struct ms_error *e);
int ms_cw_sql_set_status(struct ms_db *db, int64_t id, const char *status, const char *closed_at,
			 struct ms_error *e);
/* Assign to unit_id: the case's lead unit and status 'assigned', units = n. */
int ms_cw_sql_set_unit(struct ms_db *db, int64_t id, int64_t unit_id, int64_t units, int64_t redos,
		       struct ms_error *e);
int ms_cw_sql_set_reply(struct ms_db *db, int64_t id, const char *status, const char *cls, const char *closed_at,
			struct ms_error *e);
int ms_cw_sql_escalate(struct ms_db *db, int64_t id, const char *why, const char *now, struct ms_error *e);
int ms_cw_sql_merge(struct ms_db *db, int64_t id, int64_t into, struct ms_error *e);
int ms_cw_sql_extension(struct ms_db *db, int64_t id, const char *status, const char *reason, struct ms_error *e);

int ms_cw_sql_asg_insert(struct ms_db *db, int64_t cw, int64_t unit_id, const char *round, const char *start,
			 const char *accept_by, const char *due, struct ms_error *e);
/* The current (latest) assignment, 404 when none. */
int ms_cw_sql_asg_current(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e);
/* The lead units it has had: the first and each change of lead unit (A→B→A counts 3). */
int ms_cw_sql_asg_units(struct ms_db *db, int64_t cw, int64_t *n, struct ms_error *e);
int ms_cw_sql_asg_accept(struct ms_db *db, int64_t asg, const char *now, struct ms_error *e);
int ms_cw_sql_asg_return(struct ms_db *db, int64_t asg, const char *now, const char *reason, struct ms_error *e);
int ms_cw_sql_asg_reply(struct ms_db *db, int64_t asg, const char *now, const char *cls, const char *text,
			struct ms_error *e);
int ms_cw_sql_asg_due(struct ms_db *db, int64_t asg, const char *due, struct ms_error *e);
int ms_cw_sql_asg_close(struct ms_db *db, int64_t asg, const char *now, struct ms_error *e);

int ms_cw_sql_cohandler_add(struct ms_db *db, int64_t cw, int64_t unit_id, const char *due, struct ms_error *e);
int ms_cw_sql_cohandler_view(struct ms_db *db, int64_t cw, int64_t unit_id, const char *view, const char *now,
			     bool *done, struct ms_error *e);
/* A signer: status 'accepted' (the filer, one who co-signed) or 'invited' (asked by the filer; answers later). */
int ms_cw_sql_signer_add(struct ms_db *db, int64_t cw, int64_t deputy_id, const char *status, const char *now,
			 struct ms_error *e);
/* deputy_id's standing on it: invited, accepted, declined, or "" when none. */
int ms_cw_sql_signer_status(struct ms_db *db, int64_t cw, int64_t deputy_id, char status[16], struct ms_error *e);
/* Whether deputy_id is an accepted signer (the only ones who count, give feedback and are answered). */
int ms_cw_sql_signer_is(struct ms_db *db, int64_t cw, int64_t deputy_id, bool *is, struct ms_error *e);
/* Answer an invitation still open; *done false when there was none. */
int ms_cw_sql_signer_answer(struct ms_db *db, int64_t cw, int64_t deputy_id, bool accept, const char *now,
			    bool *done, struct ms_error *e);
/* The signer whose status is was (invited or declined) becomes accepted; *done false when it was not so. */
int ms_cw_sql_signer_accept(struct ms_db *db, int64_t cw, int64_t deputy_id, const char *was, const char *now,
			    bool *done, struct ms_error *e);
int ms_cw_sql_signers_move(struct ms_db *db, int64_t from, int64_t into, struct ms_error *e);
int ms_cw_sql_is_deputy(struct ms_db *db, int64_t user_id, int64_t congress_id, bool *is, struct ms_error *e);

int ms_cw_sql_rating_add(struct ms_db *db, int64_t cw, int64_t asg, int64_t unit_id, int64_t deputy_id,
			 const char *rating, int met, const char *comment, const char *now, struct ms_error *e);
/* How many ratings the assignment's current reply has from deputy_id (0: the resident). */
int ms_cw_sql_rated(struct ms_db *db, int64_t asg, int64_t deputy_id, int64_t *n, struct ms_error *e);
/* The case's latest reply {"id","reply_class","reply_text","replied_at","rating","rated_at"}
 * (rating, rated_at NULL until the resident rates that reply), 404 when none. */
int ms_cw_sql_track_reply(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e);

/* Detail arrays. */
int ms_cw_sql_assignments(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e);
int ms_cw_sql_cohandlers(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e);
int ms_cw_sql_signers(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e);
int ms_cw_sql_ratings(struct ms_db *db, int64_t cw, json_t **out, struct ms_error *e);
/* Lists: the congress's (kind '' any; unit_id 0 any; escalated only) or
 * those where unit_id is a co-handler too. Each row a list item. */
int ms_cw_sql_list(struct ms_db *db, int64_t congress_id, const char *kind, int64_t unit_id, bool escalated,
		   bool open_only, json_t **out, struct ms_error *e);
/* A page of the congress's list; overdue_at: only those a unit has whose reply was due before it (NULL: any). */
int ms_cw_sql_list_page(struct ms_db *db, int64_t congress_id, const char *kind, int64_t unit_id, bool escalated,
			const char *overdue_at, const struct ms_page *pg, json_t **out, struct ms_error *e);
/* Suggestions where deputy_id stands as status (accepted: those it signed; invited: those it is asked to). */
int ms_cw_sql_list_signer(struct ms_db *db, int64_t deputy_id, const char *status, json_t **out, struct ms_error *e);

/* The rows the rates count, per unit: assignments started or due in [from, to) (UTC times), ratings in it. */
int ms_cw_sql_rate_assignments(struct ms_db *db, int64_t congress_id, const char *from, const char *to, json_t **out,
			       struct ms_error *e);
int ms_cw_sql_rate_ratings(struct ms_db *db, int64_t congress_id, const char *from, const char *to, json_t **out,
			   struct ms_error *e);

/* A row's text or integer field (NULL / 0 when absent), and now as casework stores times: the accessors
 * case.c, suggestion.c and rates.c share. */
static inline const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static inline int64_t num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static inline void now_iso(char out[MS_TIME_LEN + 1])
{
	ms_clock_format(ms_clock_now(), out);
}

#endif
