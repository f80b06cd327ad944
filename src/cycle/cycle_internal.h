/* cycle_internal.h — shared inside src/cycle/: the SQL of rounds and candidates. */
#ifndef MS_CYCLE_INTERNAL_H
#define MS_CYCLE_INTERNAL_H

#include "cycle.h"

int ms_cycle_sql_insert(struct ms_db *db, int64_t congress_id, const struct ms_cycle_in *in, const char *now,
			int64_t *id, struct ms_error *e);
/* Set round id's guidance if it has none; 0 rows changed is not an error. */
int ms_cycle_sql_set_guidance(struct ms_db *db, int64_t id, int64_t guidance_id, struct ms_error *e);
int ms_cycle_sql_set_phase(struct ms_db *db, int64_t id, const char *phase, struct ms_error *e);
int ms_candidate_sql_insert(struct ms_db *db, int64_t cycle_id, const struct ms_candidate_in *c, const char *now,
			    int64_t *id, struct ms_error *e);
int ms_candidate_sql_update(struct ms_db *db, int64_t id, const struct ms_candidate_in *c, struct ms_error *e);

/* The guidance's congress, year, status and title (for the rules of
 * adoption), its categories as JSON text, its ratio (0/0: none). */
struct ms_guidance_row {
	int64_t id, congress_id, year, ratio_num, ratio_den;
	bool published;
	char title[4 * MS_TITLE_MAX + 1];
	char *categories; /* malloc'd JSON array text */
};
extern const struct ms_name ms_guidance_kind;
int ms_guidance_sql_insert(struct ms_db *db, int64_t congress_id, const struct ms_guidance_in *g, const char *cats,
			   const char *now, int64_t *id, struct ms_error *e);
/* Change a draft (0 rows when published: the rules check first). */
int ms_guidance_sql_update(struct ms_db *db, int64_t id, const struct ms_guidance_in *g, const char *cats,
			   struct ms_error *e);
int ms_guidance_sql_publish(struct ms_db *db, int64_t id, const char *now, struct ms_error *e);
int ms_guidance_sql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_guidance_sql_list(struct ms_db *db, int64_t congress_id, bool drafts, json_t **out, struct ms_error *e);
int ms_guidance_sql_below(struct ms_db *db, int64_t congress_id, int64_t year, json_t **out, struct ms_error *e);
int ms_guidance_sql_row(struct ms_db *db, int64_t id, struct ms_guidance_row *out, struct ms_error *e);
/* The small candidates (tier micro or wish) of a round, ascending. */
int ms_candidate_sql_small(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e);

int ms_council_sql_insert_meeting(struct ms_db *db, int64_t cycle_id, const struct ms_council_meeting_in *in,
				  const char *quorum, const char *base, const char *share, int64_t by,
				  const char *now, int64_t *id, struct ms_error *e);
int ms_council_sql_insert_decision(struct ms_db *db, int64_t meeting_id, const struct ms_council_hands *h,
				   bool adopted, struct ms_error *e);
/* The day of the meeting that adopted the candidate ("" when none). */
int ms_council_sql_adopted_on(struct ms_db *db, int64_t cycle_id, int64_t candidate_id, char day[11],
			      struct ms_error *e);
/* The day of the round's latest meeting ("" when none). */
int ms_council_sql_last_day(struct ms_db *db, int64_t cycle_id, char day[11], struct ms_error *e);
/* The title of a poll candidate_id stands on ("" when none). */
int ms_candidate_sql_on_ballot(struct ms_db *db, int64_t candidate_id, char *title, size_t cap, struct ms_error *e);
/* How many polls round cycle_id has. */
int ms_guidance_sql_polls(struct ms_db *db, int64_t cycle_id, int64_t *n, struct ms_error *e);
/* The round's candidates' titles and categories. */
int ms_guidance_sql_categories(struct ms_db *db, int64_t cycle_id, json_t **out, struct ms_error *e);
int ms_council_sql_meetings(struct ms_db *db, int64_t cycle_id, json_t **meetings, json_t **decisions,
			    struct ms_error *e);
int ms_council_sql_outcome(struct ms_db *db, int64_t cycle_id, int64_t **adopted, size_t *n_adopted,
			   int64_t **considered, size_t *n_considered, struct ms_error *e);

int ms_reserve_sql_add(struct ms_db *db, int64_t congress_id, int64_t candidate_id, const char *reason,
		       const char *now, struct ms_error *e);
/* The entry as JSON: congress_id, taken_by, taken_year and the candidate's
 * fields; MS_ERR_NOT_FOUND (no message) when the candidate is not in the pool. */
int ms_reserve_sql_get(struct ms_db *db, int64_t candidate_id, json_t **out, struct ms_error *e);
int ms_reserve_sql_take(struct ms_db *db, int64_t candidate_id, int64_t taken_by, struct ms_error *e);

#endif
