/* assess_internal.h — shared inside src/assess/: the SQL of performance
 * files (record_sql.c) for their rules (record.c). Each returns 0 or a
 * negative enum ms_err with *e set. */
#ifndef MS_ASSESS_INTERNAL_H
#define MS_ASSESS_INTERNAL_H

#include "assess.h"

/* One counted item of a file: kind (enum ms_record_kind), the row it is
 * (a poll, an inspection, a letter, an entry), a title (the poll's, the
 * group's name, the entry's text) and its day (YYYY-MM-DD; a poll's: the
 * UTC time it opened, YYYY-MM-DDTHH:MM:SSZ, which record.c makes China's day). */
typedef int (*ms_record_event_fn)(void *ctx, int64_t deputy_id, int kind, int64_t ref_id, const char *title,
				  const char *day, struct ms_error *e);

/* Every counted item of deputy_id, or (deputy_id 0) of every deputy of
 * congress_id, by deputy: the closed polls checked in for and voted in that
 * opened from opened_from until before opened_to (UTC times), and from the
 * day `from` to the day `to` (inclusive) the inspections, the letters of
 * their groups, the approved entries. */
int ms_record_sql_events(struct ms_db *db, int64_t congress_id, int64_t deputy_id, const char *from, const char *to,
			 const char *opened_from, const char *opened_to, ms_record_event_fn fn, void *ctx,
			 struct ms_error *e);
/* The deputy: {"id","name","congress_id"} (404 when no deputy). */
int ms_record_sql_deputy(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* The congress's deputies: [{"id","name","pending"}] by id. */
int ms_record_sql_deputies(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
/* The deputy's oversight groups: [{"id","name","scope","leader","created_at"}]. */
int ms_record_sql_groups(struct ms_db *db, int64_t deputy_id, json_t **out, struct ms_error *e);
/* The deputy's entries of any status from `from` to `to`, by day. */
int ms_record_sql_entries(struct ms_db *db, int64_t deputy_id, const char *from, const char *to, json_t **out,
			  struct ms_error *e);
int ms_record_sql_entry_insert(struct ms_db *db, int64_t congress_id, int64_t deputy_id, const struct ms_entry_in *in,
			       int64_t by, const char *now, int64_t *id, struct ms_error *e);
/* Decide a pending entry: *done false when it was not pending. */
int ms_record_sql_entry_decide(struct ms_db *db, int64_t id, const char *status, const char *reason, int64_t by,
			       const char *now, bool *done, struct ms_error *e);
/* The points per kind (points[kind]; 0 when not set) and whether any is set. */
int ms_record_sql_points(struct ms_db *db, int64_t congress_id, int64_t points[MS_RK_COUNT], bool *enabled,
			 struct ms_error *e);
int ms_record_sql_points_clear(struct ms_db *db, int64_t congress_id, struct ms_error *e);
int ms_record_sql_points_add(struct ms_db *db, int64_t congress_id, const char *kind, int64_t points,
			     struct ms_error *e);

/* The polls whose roster names user_id, newest first (history_sql.c): a
 * page of {poll_id, cycle_id, cycle_title, cycle_title_en, cycle_year,
 * cycle_phase, title, status, ballot_form, opened_at, closed_at, present,
 * cast}. */
int ms_history_sql_list(struct ms_db *db, int64_t user_id, const struct ms_page *pg, json_t **out, struct ms_error *e);

#endif
