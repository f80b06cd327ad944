/* preference_sql.c — the SQL of the public preference poll (preference.h):
 * polls, their candidates, code batches and codes (hashes), the phone
 * numbers that asked (hashes), the requests counted for the limits, and
 * the ballots (random id, no time, no link to a code or a phone). */
#include "preference_internal.h"

#include <string.h>

#include "../store/query.h"

#define POLL_COLS                                                                                             \
	"SELECT p.id, p.cycle_id, c.congress_id, c.year, p.title, p.budget, p.opens_at, p.closes_at, p.status, "  \
	"p.greedy AS greedy_b, p.mes AS mes_b, p.live AS live_b, p.created_at, p.opened_at, p.closed_at "        \
	"FROM pref_poll p JOIN cycle c ON c.id = p.cycle_id "
static const struct ms_stmt ROW = MS_STMT("pref.row", POLL_COLS "WHERE p.id = ?");
static const struct ms_stmt LIST = MS_STMT("pref.list", POLL_COLS "WHERE p.cycle_id = ? ORDER BY p.id");
/* The public's: a draft is the staff's until it opens. */
static const struct ms_stmt LIST_SHOWN =
	MS_STMT("pref.list_shown", POLL_COLS "WHERE p.cycle_id = ? AND p.status <> 'draft' ORDER BY p.id");
static const struct ms_stmt LIST_PUBLIC =
	MS_STMT("pref.list_public", POLL_COLS "WHERE p.status <> 'draft' ORDER BY p.id DESC LIMIT 100");
/* A ballot (and a phone request) holds the poll's row shared, its close (open, edit) exclusive: on PostgreSQL a
 * ballot arriving while the poll closes waits for the close and then finds it closed, and the close waits for the
 * ballots under way, so the result it stores counts every ballot accepted and no ballot comes after it. SQLite: a
 * write transaction already holds the whole database until commit (and it has no FOR UPDATE). */
static const struct ms_stmt LOCK_EXCLUSIVE =
	MS_STMT2("pref.lock", NULL, "SELECT id FROM pref_poll WHERE id = ? FOR UPDATE");
static const struct ms_stmt LOCK_SHARED =
	MS_STMT2("pref.lock_shared", NULL, "SELECT id FROM pref_poll WHERE id = ? FOR SHARE");
static const struct ms_stmt UPDATE = MS_STMT(
	"pref.update", "UPDATE pref_poll SET title = ?, budget = ?, opens_at = ?, closes_at = ?, greedy = ?, mes = ?, "
		       "live = ? WHERE id = ? AND status = 'draft' RETURNING id");
static const struct ms_stmt CANDIDATES_CLEAR =
	MS_STMT("pref.candidates_clear", "DELETE FROM pref_candidate WHERE pref_id = ?");
static const struct ms_stmt CANDIDATE_IDS =
	MS_STMT("pref.candidate_ids", "SELECT candidate_id FROM pref_candidate WHERE pref_id = ? ORDER BY candidate_id");
static const struct ms_stmt RESULT_SET = MS_STMT("pref.result_set", "UPDATE pref_poll SET result = ? WHERE id = ?");
static const struct ms_stmt RESULT_GET =
	MS_STMT("pref.result_get", "SELECT result AS result_j FROM pref_poll WHERE id = ?");
static const struct ms_stmt OWNER = MS_STMT(
	"pref.owner", "SELECT c.congress_id FROM pref_poll p JOIN cycle c ON c.id = p.cycle_id WHERE p.id = ?");
static const struct ms_stmt CYCLE_BUDGET =
	MS_STMT("pref.cycle_budget", "SELECT COALESCE(max(budget), -1) FROM poll WHERE cycle_id = ?");
static const struct ms_stmt INSERT = MS_STMT(
	"pref.insert", "INSERT INTO pref_poll(cycle_id, title, budget, opens_at, closes_at, greedy, mes, live, "
		       "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
/* A candidate's title and cost are the poll's as it is set up, and again as it opens: ballots and the result count
 * against what the residents were shown, whatever the candidate becomes later. */
static const struct ms_stmt ADD_CANDIDATE = MS_STMT(
	"pref.add_candidate", "INSERT INTO pref_candidate(pref_id, candidate_id, title, cost) "
			      "SELECT CAST(? AS BIGINT), id, title, cost FROM candidate WHERE id = ?");
static const struct ms_stmt MIN_COST =
	MS_STMT("pref.min_cost", "SELECT min(cost) FROM pref_candidate WHERE pref_id = ?");
static const struct ms_stmt FREEZE = MS_STMT(
	"pref.freeze", "UPDATE pref_candidate SET title = (SELECT k.title FROM candidate k WHERE k.id = candidate_id), "
		       "cost = (SELECT k.cost FROM candidate k WHERE k.id = candidate_id) WHERE pref_id = ?");
static const struct ms_stmt PROJECTS = MS_STMT(
	"pref.projects", "SELECT k.id, pc.title, k.title_en, k.description, k.category, pc.cost FROM pref_candidate pc "
			 "JOIN candidate k ON k.id = pc.candidate_id WHERE pc.pref_id = ? ORDER BY k.id");
static const struct ms_stmt OPEN = MS_STMT(
	"pref.open", "UPDATE pref_poll SET status = ?, opened_at = ? WHERE id = ? AND status = ? RETURNING id");
static const struct ms_stmt CLOSE = MS_STMT(
	"pref.close", "UPDATE pref_poll SET status = ?, closed_at = ? WHERE id = ? AND status = ? RETURNING id");
static const struct ms_stmt STATION_OF =
	MS_STMT("pref.station_of", "SELECT id FROM station WHERE id = ? AND congress_id = ?");
static const struct ms_stmt DEPUTY_OF =
	MS_STMT("pref.deputy_of", "SELECT u.id FROM \"user\" u JOIN user_role r ON r.user_id = u.id AND "
				  "r.role = 'deputy' WHERE u.id = ? AND u.congress_id = ?");
static const struct ms_stmt NEXT_SERIAL = MS_STMT(
	"pref.next_serial", "SELECT COALESCE(max(first_serial + count), 1) FROM pref_batch WHERE pref_id = ?");
static const struct ms_stmt BATCH_INSERT = MS_STMT(
	"pref.batch_insert", "INSERT INTO pref_batch(pref_id, station_id, deputy_id, note, count, first_serial, "
			     "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt BATCHES = MS_STMT(
	"pref.batches",
	"SELECT b.id, b.station_id, s.name AS station_name, b.deputy_id, u.name AS deputy_name, b.note, b.count, "
	"b.first_serial, b.created_at, (SELECT count(*) FROM pref_spent k WHERE k.pref_id = b.pref_id AND "
	"k.batch_id = b.id) + (SELECT count(*) FROM pref_code k WHERE k.pref_id = b.pref_id AND "
	"k.batch_id = b.id AND k.used = 1) AS used FROM pref_batch b LEFT JOIN station s ON s.id = b.station_id "
	"LEFT JOIN \"user\" u ON u.id = b.deputy_id WHERE b.pref_id = ? ORDER BY b.id");
static const struct ms_stmt CODE_INSERT =
	MS_STMT("pref.code_insert", "INSERT INTO pref_code(pref_id, hash, batch_id) VALUES (?, ?, ?)");
/* A code as a ballot finds it: -1 spent before migration 37 (pref_code.used), else its batch or 0. Read,
 * never written, by the ballot's transaction (schema_pref4.c). */
static const struct ms_stmt CODE_LOOKUP =
	MS_STMT("pref.code_lookup", "SELECT CASE WHEN used = 1 THEN -1 ELSE COALESCE(batch_id, 0) END FROM pref_code "
				    "WHERE pref_id = ? AND hash = ?");
/* Spent: its tag's row, which only one ballot can write. */
static const struct ms_stmt SPENT_INSERT =
	MS_STMT("pref.spent_insert", "INSERT INTO pref_spent(pref_id, tag, batch_id) VALUES (?, ?, ?) "
				     "ON CONFLICT DO NOTHING RETURNING pref_id");
/* One code per number per poll: each poll is its own vote (its code votes only in it). */
static const struct ms_stmt PHONE_INSERT =
	MS_STMT("pref.phone_insert", "INSERT INTO pref_phone(pref_id, phone_hash) VALUES (?, ?) "
				     "ON CONFLICT DO NOTHING RETURNING pref_id");
static const struct ms_stmt REQUEST_PRUNE = MS_STMT("pref.request_prune", "DELETE FROM pref_request WHERE at <= ?");
static const struct ms_stmt REQUEST_ADD =
	MS_STMT("pref.request_add", "INSERT INTO pref_request(subject, at) VALUES (?, ?)");
static const struct ms_stmt REQUEST_COUNT = MS_STMT(
	"pref.request_count", "SELECT count(*), COALESCE(min(at), 0) FROM pref_request WHERE subject = ? AND at > ?");
static const struct ms_stmt BALLOT_INSERT =
	MS_STMT("pref.ballot_insert", "INSERT INTO pref_ballot(pref_id, id, choices) VALUES (?, ?, ?)");
static const struct ms_stmt BALLOTS =
	MS_STMT("pref.ballots", "SELECT choices FROM pref_ballot WHERE pref_id = ? ORDER BY id");
/* The ballot's count: its choices' row (migration 36, schema_pref3.c, keys it by the text on SQLite, by its
 * SHA-256 on PostgreSQL). */
static const struct ms_stmt TALLY_ADD = MS_STMT2(
	"pref.tally_add",
	"INSERT INTO pref_tally(pref_id, choices, n) VALUES (?, ?, 1) ON CONFLICT(pref_id, choices) "
	"DO UPDATE SET n = pref_tally.n + 1",
	"INSERT INTO pref_tally(pref_id, choices, n) VALUES (?, ?, 1) ON CONFLICT(pref_id, sha256(choices::bytea)) "
	"DO UPDATE SET n = pref_tally.n + 1");
static const struct ms_stmt TALLY =
	MS_STMT("pref.tally", "SELECT choices, n FROM pref_tally WHERE pref_id = ? ORDER BY choices");
static const struct ms_stmt TALLY_SUM =
	MS_STMT("pref.tally_sum", "SELECT COALESCE(sum(n), 0) FROM pref_tally WHERE pref_id = ?");

const struct ms_stmt *const ms_pref_stmts[] = {
	&ROW,	      &LIST,	    &LIST_PUBLIC,   &OWNER,	    &CYCLE_BUDGET, &INSERT,	   &ADD_CANDIDATE, &FREEZE, &MIN_COST,
	&PROJECTS,    &OPEN,	    &CLOSE,	    &STATION_OF,    &DEPUTY_OF,	   &NEXT_SERIAL,   &BATCH_INSERT,
	&BATCHES,     &CODE_INSERT, &CODE_LOOKUP,   &SPENT_INSERT,    &PHONE_INSERT, &REQUEST_PRUNE, &REQUEST_ADD,
	&REQUEST_COUNT, &BALLOT_INSERT, &BALLOTS, &TALLY_ADD, &TALLY, &TALLY_SUM, &LIST_SHOWN, &LOCK_EXCLUSIVE, &LOCK_SHARED, &UPDATE,
	&CANDIDATES_CLEAR, &CANDIDATE_IDS, &RESULT_SET, &RESULT_GET, NULL};

const struct ms_name ms_pref_kind = {"preference_poll", "网络投票", "preference poll"};

int ms_pref_sql_row(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	int rc = ms_q_row_json(db, &ROW, MS_ARGS(MS_VI(id)), out, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_pref_kind, id) : rc;
}

int ms_pref_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &OWNER, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_pref_kind, id) : rc;
}

int ms_pref_sql_cycle_budget(struct ms_db *db, int64_t cycle_id, int64_t *budget, struct ms_error *e)
{
	return ms_q_i64(db, &CYCLE_BUDGET, MS_ARGS(MS_VI(cycle_id)), budget, e);
}

int ms_pref_sql_insert(struct ms_db *db, int64_t cycle_id, const struct ms_pref_in *in, int64_t budget, int64_t by,
		       const char *now, int64_t *id, struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(cycle_id), MS_VT(in->title), MS_VI(budget), MS_VT(in->opens_at),
				MS_VT(in->closes_at), MS_VI(in->greedy), MS_VI(in->mes), MS_VI(in->live), MS_VREF(by),
				MS_VT(now)),
			id, e);
}

int ms_pref_sql_add_candidate(struct ms_db *db, int64_t id, int64_t candidate_id, struct ms_error *e)
{
	return ms_q_exec(db, &ADD_CANDIDATE, MS_ARGS(MS_VI(id), MS_VI(candidate_id)), e);
}

int ms_pref_sql_projects(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &PROJECTS, MS_ARGS(MS_VI(id)), out, e);
}

int ms_pref_sql_list(struct ms_db *db, int64_t cycle_id, bool drafts, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, drafts ? &LIST : &LIST_SHOWN, MS_ARGS(MS_VI(cycle_id)), out, e);
}

int ms_pref_sql_lock(struct ms_db *db, int64_t id, bool exclusive, struct ms_error *e)
{
	return ms_q_exec(db, exclusive ? &LOCK_EXCLUSIVE : &LOCK_SHARED, MS_ARGS(MS_VI(id)), e);
}

int ms_pref_sql_update(struct ms_db *db, int64_t id, const struct ms_pref_in *in, int64_t budget, bool *done,
		       struct ms_error *e)
{
	int64_t got;
	int rc = ms_q_i64(db, &UPDATE,
			  MS_ARGS(MS_VT(in->title), MS_VI(budget), MS_VT(in->opens_at), MS_VT(in->closes_at),
				  MS_VI(in->greedy), MS_VI(in->mes), MS_VI(in->live), MS_VI(id)),
			  &got, e);
	*done = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}

int ms_pref_sql_candidates_clear(struct ms_db *db, int64_t id, struct ms_error *e)
{
	return ms_q_exec(db, &CANDIDATES_CLEAR, MS_ARGS(MS_VI(id)), e);
}

int ms_pref_sql_candidate_ids(struct ms_db *db, int64_t id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &CANDIDATE_IDS, MS_ARGS(MS_VI(id)), ids, NULL, n, e);
}

int ms_pref_sql_result_set(struct ms_db *db, int64_t id, const char *json, struct ms_error *e)
{
	return ms_q_exec(db, &RESULT_SET, MS_ARGS(MS_VT(json), MS_VI(id)), e);
}

int ms_pref_sql_result_get(struct ms_db *db, int64_t id, json_t **result, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_q_row_json(db, &RESULT_GET, MS_ARGS(MS_VI(id)), &row, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_store_not_found(e, &ms_pref_kind, id);
	if (rc)
		return rc;
	json_t *r = json_object_get(row, "result");
	*result = json_is_object(r) ? json_incref(r) : NULL;
	json_decref(row);
	return 0;
}

int ms_pref_sql_list_public(struct ms_db *db, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &LIST_PUBLIC, MS_NOARGS, out, e);
}

int ms_pref_sql_status(struct ms_db *db, int64_t id, const char *from, const char *to, const char *at, bool *done,
		       struct ms_error *e)
{
	int64_t got;
	bool opening = strcmp(to, "open") == 0;
	int rc = ms_q_i64(db, opening ? &OPEN : &CLOSE, MS_ARGS(MS_VT(to), MS_VT(at), MS_VI(id), MS_VT(from)), &got, e);
	*done = rc == 0;
	if (!rc && opening)
		rc = ms_q_exec(db, &FREEZE, MS_ARGS(MS_VI(id)), e);
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}

static int exists(struct ms_db *db, const struct ms_stmt *st, int64_t a, int64_t b, bool *ok, struct ms_error *e)
{
	return ms_q_exists(db, st, MS_ARGS(MS_VI(a), MS_VI(b)), ok, e);
}

int ms_pref_sql_station_of(struct ms_db *db, int64_t station_id, int64_t congress_id, bool *ok, struct ms_error *e)
{
	return exists(db, &STATION_OF, station_id, congress_id, ok, e);
}

int ms_pref_sql_deputy_of(struct ms_db *db, int64_t deputy_id, int64_t congress_id, bool *ok, struct ms_error *e)
{
	return exists(db, &DEPUTY_OF, deputy_id, congress_id, ok, e);
}

int ms_pref_sql_next_serial(struct ms_db *db, int64_t id, int64_t *serial, struct ms_error *e)
{
	return ms_q_i64(db, &NEXT_SERIAL, MS_ARGS(MS_VI(id)), serial, e);
}

int ms_pref_sql_batch_insert(struct ms_db *db, int64_t id, int64_t station_id, int64_t deputy_id, const char *note,
			     int64_t count, int64_t first, int64_t by, const char *now, int64_t *batch_id,
			     struct ms_error *e)
{
	return ms_q_i64(db, &BATCH_INSERT,
			MS_ARGS(MS_VI(id), MS_VREF(station_id), MS_VREF(deputy_id), MS_VT(note ? note : ""),
				MS_VI(count), MS_VI(first), MS_VREF(by), MS_VT(now)),
			batch_id, e);
}

int ms_pref_sql_batches(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &BATCHES, MS_ARGS(MS_VI(id)), out, e);
}

int ms_pref_sql_code_insert(struct ms_db *db, int64_t id, const char *hash, int64_t batch_id, struct ms_error *e)
{
	return ms_q_exec(db, &CODE_INSERT, MS_ARGS(MS_VI(id), MS_VT(hash), MS_VREF(batch_id)), e);
}

int ms_pref_sql_code_lookup(struct ms_db *db, int64_t id, const char *hash, bool *known, int64_t *batch,
			    struct ms_error *e)
{
	*known = false;
	*batch = -1;
	int rc = ms_q_i64(db, &CODE_LOOKUP, MS_ARGS(MS_VI(id), MS_VT(hash)), batch, e);
	*known = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}

int ms_pref_sql_code_spend(struct ms_db *db, int64_t id, const char *tag, int64_t batch, bool *spent,
			   struct ms_error *e)
{
	int64_t v;
	*spent = false;
	int rc = ms_q_i64(db, &SPENT_INSERT, MS_ARGS(MS_VI(id), MS_VT(tag), MS_VREF(batch)), &v, e);
	*spent = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}

int ms_pref_sql_phone_insert(struct ms_db *db, int64_t id, const char *phone_hash, bool *fresh, struct ms_error *e)
{
	int64_t v;
	int rc = ms_q_i64(db, &PHONE_INSERT, MS_ARGS(MS_VI(id), MS_VT(phone_hash)), &v, e);
	*fresh = rc == 0;
	if (rc == MS_ERR_NOT_FOUND) {
		ms_error_clear(e);
		rc = 0;
	}
	return rc;
}

int ms_pref_sql_request(struct ms_db *db, const char *subject, int64_t at, int64_t since, int64_t *count,
			int64_t *first, struct ms_error *e)
{
	struct ms_sql_stmt *s = NULL;
	int rc;
	if ((rc = ms_q_exec(db, &REQUEST_PRUNE, MS_ARGS(MS_VI(since)), e)) ||
	    (rc = ms_q_exec(db, &REQUEST_ADD, MS_ARGS(MS_VT(subject), MS_VI(at)), e)) ||
	    (rc = ms_q_bind(db, &REQUEST_COUNT, MS_ARGS(MS_VT(subject), MS_VI(since)), &s, e)))
		return rc;
	if ((rc = ms_sql_step(s, e)) == 1) {
		*count = ms_sql_column_i64(s, 0);
		*first = ms_sql_column_i64(s, 1);
		rc = 0;
	} else if (rc == 0) {
		*count = 0, *first = 0;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_pref_sql_ballot_insert(struct ms_db *db, int64_t id, const char *ballot_id, const char *choices,
			      struct ms_error *e)
{
	int rc = ms_q_exec(db, &BALLOT_INSERT, MS_ARGS(MS_VI(id), MS_VT(ballot_id), MS_VT(choices)), e);
	return rc ? rc : ms_q_exec(db, &TALLY_ADD, MS_ARGS(MS_VI(id), MS_VT(choices)), e);
}

int ms_pref_sql_tally_sum(struct ms_db *db, int64_t id, int64_t *n, struct ms_error *e)
{
	return ms_q_i64(db, &TALLY_SUM, MS_ARGS(MS_VI(id)), n, e);
}

int ms_pref_sql_tally(struct ms_db *db, int64_t id, ms_pref_group_fn fn, void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s = NULL;
	int rc = ms_q_bind(db, &TALLY, MS_ARGS(MS_VI(id)), &s, e);
	while (!rc && (rc = ms_sql_step(s, e)) == 1) {
		const char *c = ms_sql_column_text(s, 0, NULL);
		rc = fn(ctx, c ? c : "", ms_sql_column_i64(s, 1), e);
	}
	if (s)
		ms_sql_reset(s);
	return rc == 1 ? 0 : rc;
}

int ms_pref_sql_ballots(struct ms_db *db, int64_t id, ms_pref_ballot_fn fn, void *ctx, struct ms_error *e)
{
	struct ms_sql_stmt *s = NULL;
	int rc = ms_q_bind(db, &BALLOTS, MS_ARGS(MS_VI(id)), &s, e);
	while (!rc && (rc = ms_sql_step(s, e)) == 1) {
		const char *c = ms_sql_column_text(s, 0, NULL);
		rc = fn(ctx, c ? c : "", e);
	}
	if (s)
		ms_sql_reset(s);
	return rc == 1 ? 0 : rc;
}

int ms_pref_sql_min_cost(struct ms_db *db, int64_t id, int64_t *cost, struct ms_error *e)
{
	return ms_q_i64(db, &MIN_COST, MS_ARGS(MS_VI(id)), cost, e);
}
