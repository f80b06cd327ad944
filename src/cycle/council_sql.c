/* council_sql.c — the SQL of a residents' council's meetings (council.c). */
#include "cycle_internal.h"

#include <stdlib.h>

#include "../core/util.h"
#include "../store/query.h"

static const struct ms_stmt INSERT_MEETING =
	MS_STMT("council.insert_meeting",
		"INSERT INTO council_meeting(cycle_id, held_on, place, members, present, quorum, adopt_base, adopt_share, "
		"minutes, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt INSERT_DECISION =
	MS_STMT("council.insert_decision", "INSERT INTO council_decision(meeting_id, candidate_id, yes, no, abstain, "
					   "adopted, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
/* The day of the meeting that adopted candidate ? of round ?, if one did. */
static const struct ms_stmt ADOPTED_ON =
	MS_STMT("council.adopted_on", "SELECT min(m.held_on) AS held_on FROM council_decision d JOIN council_meeting m "
				      "ON m.id = d.meeting_id WHERE m.cycle_id = ? AND d.candidate_id = ? AND d.adopted = 1");
/* The day of the round's latest meeting (NULL: none yet). */
static const struct ms_stmt LAST_DAY =
	MS_STMT("council.last_day", "SELECT max(held_on) AS held_on FROM council_meeting WHERE cycle_id = ?");
static const struct ms_stmt MEETINGS =
	MS_STMT("council.meetings", "SELECT id, cycle_id, held_on, place, members, present, quorum, adopt_base, "
				    "adopt_share, minutes, created_at FROM council_meeting WHERE cycle_id = ? "
				    "ORDER BY held_on, id");
static const struct ms_stmt DECISIONS =
	MS_STMT("council.decisions",
		"SELECT d.meeting_id, d.candidate_id, k.title, k.title_en, k.tier, k.cost, d.yes, d.no, d.abstain, "
		"d.adopted AS adopted_b, d.note FROM council_decision d JOIN council_meeting m ON m.id = d.meeting_id "
		"JOIN candidate k ON k.id = d.candidate_id WHERE m.cycle_id = ? ORDER BY d.meeting_id, d.candidate_id");
static const struct ms_stmt ADOPTED =
	MS_STMT("council.adopted", "SELECT DISTINCT d.candidate_id FROM council_decision d JOIN council_meeting m "
				   "ON m.id = d.meeting_id WHERE m.cycle_id = ? AND d.adopted = 1 ORDER BY d.candidate_id");
static const struct ms_stmt CONSIDERED =
	MS_STMT("council.considered", "SELECT DISTINCT d.candidate_id FROM council_decision d JOIN council_meeting m "
				      "ON m.id = d.meeting_id WHERE m.cycle_id = ? ORDER BY d.candidate_id");

const struct ms_stmt *const ms_council_stmts[] = {&INSERT_MEETING, &INSERT_DECISION, &ADOPTED_ON, &LAST_DAY, &MEETINGS,
						  &DECISIONS,	   &ADOPTED,	     &CONSIDERED, NULL};

int ms_council_sql_insert_meeting(struct ms_db *db, int64_t cycle_id, const struct ms_council_meeting_in *in,
				  const char *quorum, const char *base, const char *share, int64_t by,
				  const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &INSERT_MEETING,
			MS_ARGS(MS_VI(cycle_id), MS_VT(in->held_on), MS_VT(in->place ? in->place : ""),
				MS_VI(in->members), MS_VI(in->present), MS_VT(quorum), MS_VT(base), MS_VT(share),
				MS_VT(in->minutes), MS_VREF(by), MS_VT(now)),
			id, e);
}

int ms_council_sql_insert_decision(struct ms_db *db, int64_t meeting_id, const struct ms_council_hands *h,
				   bool adopted, struct ms_error *e)
{
	return ms_q_exec(db, &INSERT_DECISION,
			 MS_ARGS(MS_VI(meeting_id), MS_VI(h->candidate_id), MS_VI(h->yes), MS_VI(h->no),
				 MS_VI(h->abstain), MS_VI(adopted), MS_VT(h->note ? h->note : "")),
			 e);
}

/* The one row's held_on into day (cap bytes), "" when NULL. */
static int day_of(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t n, char *day,
		  size_t cap, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_q_row_json(db, st, args, n, &row, e);
	day[0] = 0;
	if (!rc) {
		const char *d = json_string_value(json_object_get(row, "held_on"));
		ms_strlcpy(day, d ? d : "", cap);
	}
	json_decref(row);
	return rc == MS_ERR_NOT_FOUND ? 0 : rc;
}

int ms_council_sql_adopted_on(struct ms_db *db, int64_t cycle_id, int64_t candidate_id, char day[11],
			      struct ms_error *e)
{
	return day_of(db, &ADOPTED_ON, MS_ARGS(MS_VI(cycle_id), MS_VI(candidate_id)), day, 11, e);
}

int ms_council_sql_last_day(struct ms_db *db, int64_t cycle_id, char day[11], struct ms_error *e)
{
	return day_of(db, &LAST_DAY, MS_ARGS(MS_VI(cycle_id)), day, 11, e);
}

int ms_council_sql_meetings(struct ms_db *db, int64_t cycle_id, json_t **meetings, json_t **decisions,
			    struct ms_error *e)
{
	int rc = ms_q_rows_json(db, &MEETINGS, MS_ARGS(MS_VI(cycle_id)), meetings, e);
	if (!rc && (rc = ms_q_rows_json(db, &DECISIONS, MS_ARGS(MS_VI(cycle_id)), decisions, e))) {
		json_decref(*meetings);
		*meetings = NULL;
	}
	return rc;
}

int ms_council_sql_outcome(struct ms_db *db, int64_t cycle_id, int64_t **adopted, size_t *n_adopted,
			   int64_t **considered, size_t *n_considered, struct ms_error *e)
{
	int rc = ms_q_ids(db, &ADOPTED, MS_ARGS(MS_VI(cycle_id)), adopted, NULL, n_adopted, e);
	if (!rc && (rc = ms_q_ids(db, &CONSIDERED, MS_ARGS(MS_VI(cycle_id)), considered, NULL, n_considered, e))) {
		free(*adopted);
		*adopted = NULL;
	}
	return rc;
}
