/* code_sql.c — the SQL of voting codes (code-sheet polls): each code's
 * hash, slip number and state, and the slips the desk handed out. */
#include "vote_internal.h"

#include <stdio.h>

#include "../store/query.h"

static const struct ms_stmt NEXT_SERIAL =
	MS_STMT("code.next_serial", "SELECT coalesce(max(serial), 0) + 1 FROM voting_code WHERE poll_id = ?");
static const struct ms_stmt ADD =
	MS_STMT("code.add", "INSERT INTO voting_code(poll_id, serial, code_hash) VALUES (?, ?, ?)");
static const struct ms_stmt STATE =
	MS_STMT("code.state", "SELECT state FROM voting_code WHERE poll_id = ? AND code_hash = ?");
static const struct ms_stmt USE = MS_STMT(
	"code.use", "UPDATE voting_code SET state = 'used' WHERE poll_id = ? AND code_hash = ? AND state = 'issued' "
		    "RETURNING serial");
static const struct ms_stmt SERIAL_STATE =
	MS_STMT("code.serial_state", "SELECT state FROM voting_code WHERE poll_id = ? AND serial = ?");
static const struct ms_stmt VOID = MS_STMT(
	"code.void", "UPDATE voting_code SET state = 'void' WHERE poll_id = ? AND serial = ? AND state = 'issued'");
static const struct ms_stmt HAND = MS_STMT(
	"code.hand", "UPDATE attendance SET slip = 1 WHERE poll_id = ? AND user_id = ? AND slip = 0 AND paper = 0 "
	"RETURNING user_id");
static const struct ms_stmt COUNTS = MS_STMT(
	"code.counts",
	"SELECT (SELECT count(*) FROM voting_code WHERE poll_id = ?) AS printed, "
	"(SELECT count(*) FROM attendance WHERE poll_id = ? AND slip = 1) AS handed, "
	"(SELECT count(*) FROM voting_code WHERE poll_id = ? AND state = 'used') AS used, "
	"(SELECT count(*) FROM voting_code WHERE poll_id = ? AND state = 'void') AS voided, "
	"(SELECT count(*) FROM voting_code WHERE poll_id = ? AND state = 'issued') AS unused");
static const struct ms_stmt USED_COUNT =
	MS_STMT("code.used_count", "SELECT count(*) FROM voting_code WHERE poll_id = ? AND state = 'used'");

const struct ms_stmt *const ms_code_stmts[] = {&NEXT_SERIAL, &ADD,  &STATE,  &USE,	  &SERIAL_STATE,
					       &VOID,	     &HAND, &COUNTS, &USED_COUNT, NULL};

int ms_code_sql_next_serial(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &NEXT_SERIAL, MS_ARGS(MS_VI(poll_id)), out, e);
}

int ms_code_sql_add(struct ms_db *db, int64_t poll_id, int64_t serial, const unsigned char hash[32],
		    struct ms_error *e)
{
	return ms_q_exec(db, &ADD, MS_ARGS(MS_VI(poll_id), MS_VI(serial), MS_VB(hash, 32)), e);
}

/* The text of the first column of st's single row into out (size n);
 * MS_ERR_NOT_FOUND when there is none. */
static int one_text(struct ms_db *db, const struct ms_stmt *st, const struct ms_val *args, size_t na, char *out,
		    size_t n, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, st, args, na, &s, e);
	if (rc)
		return rc;
	if ((rc = ms_sql_step(s, e)) == 1) {
		snprintf(out, n, "%s", ms_sql_column_text(s, 0, NULL));
		rc = 0;
	} else if (rc == 0) {
		rc = MS_ERR_NOT_FOUND;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_code_sql_state(struct ms_db *db, int64_t poll_id, const unsigned char hash[32], char state[16],
		      struct ms_error *e)
{
	return one_text(db, &STATE, MS_ARGS(MS_VI(poll_id), MS_VB(hash, 32)), state, 16, e);
}

int ms_code_sql_use(struct ms_db *db, int64_t poll_id, const unsigned char hash[32], struct ms_error *e)
{
	int64_t serial;
	return ms_q_i64(db, &USE, MS_ARGS(MS_VI(poll_id), MS_VB(hash, 32)), &serial, e);
}

int ms_code_sql_serial_state(struct ms_db *db, int64_t poll_id, int64_t serial, char state[16], struct ms_error *e)
{
	return one_text(db, &SERIAL_STATE, MS_ARGS(MS_VI(poll_id), MS_VI(serial)), state, 16, e);
}

int ms_code_sql_void(struct ms_db *db, int64_t poll_id, int64_t serial, struct ms_error *e)
{
	return ms_q_exec(db, &VOID, MS_ARGS(MS_VI(poll_id), MS_VI(serial)), e);
}

int ms_code_sql_hand(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e)
{
	int64_t id;
	return ms_q_i64(db, &HAND, MS_ARGS(MS_VI(poll_id), MS_VI(user_id)), &id, e);
}

int ms_code_sql_counts(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	return ms_q_row_json(db, &COUNTS,
			     MS_ARGS(MS_VI(poll_id), MS_VI(poll_id), MS_VI(poll_id), MS_VI(poll_id), MS_VI(poll_id)), out,
			     e);
}

int ms_code_sql_used_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e)
{
	return ms_q_i64(db, &USED_COUNT, MS_ARGS(MS_VI(poll_id)), out, e);
}
