/* poll_sql.c — the SQL of polls: settings, their candidates, the lock that
 * keeps a status check true until commit, and opening. */
#include "vote_internal.h"

#include <string.h>

#include "../core/util.h"
#include "../cycle/candidate_sql.h"
#include "../org/member_sql.h"
#include "../store/query.h"

static const struct ms_stmt INSERT =
	MS_STMT("poll.insert", "INSERT INTO poll(cycle_id, title, slots, max_approvals, threshold_base, threshold_num, "
			       "threshold_den, threshold_strict, budget, quorum_num, quorum_den, created_at, ballot_form, voting_mode, "
			       "electorate, rate_abstain, rate_items, rate_combine, live_counts) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
static const struct ms_stmt ADD_CANDIDATE =
	MS_STMT("poll.add_candidate", "INSERT INTO poll_candidate(poll_id, candidate_id) VALUES (?, ?)");
static const struct ms_stmt CANDIDATE_CYCLE =
	MS_STMT("poll.candidate_cycle", "SELECT cycle_id FROM candidate WHERE id = ?");
static const struct ms_stmt CANDIDATE_COST = MS_STMT("poll.candidate_cost", "SELECT cost FROM candidate WHERE id = ?");
static const struct ms_stmt GET =
	MS_STMT("poll.get", "SELECT p.id, p.cycle_id, c.congress_id, p.title, p.status, p.slots, p.max_approvals, "
			    "p.threshold_base, p.threshold_num, p.threshold_den, p.threshold_strict, p.budget, "
			    "p.quorum_num, p.quorum_den, coalesce(p.deputies_all, -1), p.ballot_form, p.public_key, "
			    "coalesce(p.shares_needed, 0), p.voting_mode, p.electorate, p.rate_abstain, p.rate_items, "
			    "p.rate_combine, p.live_counts, c.kind = 'review' FROM poll p JOIN cycle c ON c.id = p.cycle_id "
			    "WHERE p.id = ?");
/* A poll's ballots and deputies present as kept by migration 38's triggers
 * (src/store/schema_tally.c): a few rows, not a count of thousands. */
static const struct ms_stmt TALLY =
	MS_STMT("poll.tally", "SELECT CAST(coalesce(sum(ballots), 0) AS bigint), CAST(coalesce(sum(present), 0) AS bigint) "
			      "FROM poll_tally WHERE poll_id = ?");
/* The owner of a poll, for every route under /polls/{id} (the poll itself
 * is loaded, with its candidates, only by the handlers that need it). */
static const struct ms_stmt OWNER =
	MS_STMT("poll.owner", "SELECT c.congress_id FROM poll p JOIN cycle c ON c.id = p.cycle_id WHERE p.id = ?");
static const struct ms_stmt COSTS =
	MS_STMT("poll.costs", "SELECT k.id, k.cost FROM poll_candidate pc JOIN candidate k ON k.id = pc.candidate_id "
			      "WHERE pc.poll_id = ? ORDER BY k.id");
static const struct ms_stmt JSON =
	MS_STMT("poll.json", "SELECT p.id, p.cycle_id, c.congress_id, p.title, p.status, p.ballot_form, p.slots, "
			     "p.max_approvals, p.threshold_base, p.threshold_num, p.threshold_den, "
			     "p.threshold_strict AS threshold_strict_b, p.budget, p.quorum_num, p.quorum_den, p.created_at, "
			     "p.opened_at, p.closed_at, p.shares_needed, p.public_key IS NOT NULL AS sealed_b, p.voting_mode, "
			     "p.electorate, p.rate_abstain AS rate_abstain_b, p.rate_items AS rate_items_j, p.rate_combine, "
			     "p.live_counts AS live_counts_b, (SELECT r.id FROM review r WHERE r.poll_id = p.id) AS review_id "
			     "FROM poll p JOIN cycle c ON c.id = p.cycle_id WHERE p.id = ?");
static const struct ms_stmt CANDIDATES =
	MS_STMT("poll.candidates", MS_SQL_CANDIDATE_COLS "FROM poll_candidate pc JOIN candidate k ON k.id = pc.candidate_id "
							 "LEFT JOIN unit n ON n.id = k.unit_id WHERE pc.poll_id = ? ORDER BY k.id");
#define LIST_SQL(L)                                                                                    \
	"SELECT p.id, p.cycle_id, p.title, p.status, p.ballot_form, p.electorate, p.slots, p.max_approvals, "   \
	"p.created_at, "                                                                               \
	"p.opened_at, p.closed_at, count(*) OVER () AS _total FROM poll p WHERE p.cycle_id = ? "        \
	"AND " MS_MATCH(L, "p.title") " ORDER BY p.id LIMIT ? OFFSET ?"
static const struct ms_stmt LIST = MS_STMT_SEARCH("poll.list", LIST_SQL);
/* SQLite: a write transaction already holds the whole database until
 * commit, so there is nothing more to lock (and it has no FOR UPDATE). */
static const struct ms_stmt LOCK_EXCLUSIVE = MS_STMT2("poll.lock", NULL, "SELECT id FROM poll WHERE id = ? FOR UPDATE");
static const struct ms_stmt LOCK_SHARED = MS_STMT2("poll.lock_shared", NULL, "SELECT id FROM poll WHERE id = ? FOR SHARE");
/* The CAST types the bare parameter for PostgreSQL, which cannot infer it
 * from a SELECT list. */
static const struct ms_stmt ROSTER_FREEZE =
	MS_STMT("poll.roster_freeze", "INSERT INTO poll_roster(poll_id, user_id) SELECT CAST(? AS BIGINT), u.id "
				      MS_SQL_DEPUTIES_FROM "WHERE u.congress_id = ? " MS_SQL_ELECTORATE);
static const struct ms_stmt ROSTER_SIZE = MS_STMT("poll.roster_size", "SELECT count(*) FROM poll_roster WHERE poll_id = ?");
static const struct ms_stmt OPEN = MS_STMT(
	"poll.open", "UPDATE poll SET status = 'open', deputies_all = ?, opened_at = ? WHERE id = ? AND status = 'draft'");

static const struct ms_stmt OUTCOME_POLLS =
	MS_STMT("poll.outcome_polls", "SELECT p.id, p.title, p.status, r.result FROM poll p "
				      "LEFT JOIN poll_result r ON r.poll_id = p.id WHERE p.cycle_id = ? "
				      "AND p.ballot_form <> 'rate' ORDER BY p.id");
static const struct ms_stmt OUTCOME_VOTED =
	MS_STMT("poll.outcome_voted", "SELECT DISTINCT pc.candidate_id FROM poll_candidate pc JOIN poll p ON p.id = pc.poll_id "
				      "WHERE p.cycle_id = ? AND p.status = 'closed' AND p.ballot_form <> 'rate' "
				      "ORDER BY pc.candidate_id");

const struct ms_stmt *const ms_poll_stmts[] = {&INSERT,	       &ADD_CANDIDATE,	 &CANDIDATE_CYCLE, &CANDIDATE_COST, &GET, &OWNER,
					       &COSTS,	       &JSON,		 &CANDIDATES,	   &LIST,
					       &LOCK_EXCLUSIVE, &LOCK_SHARED,	 &ROSTER_FREEZE,   &ROSTER_SIZE,
					       &OPEN,	       &OUTCOME_POLLS,	 &OUTCOME_VOTED,   &TALLY, NULL};

int ms_poll_sql_insert(struct ms_db *db, const struct ms_poll *p, const char *rate_items, const char *now, int64_t *id,
		       struct ms_error *e)
{
	return ms_q_i64(db, &INSERT,
			MS_ARGS(MS_VI(p->cycle_id), MS_VT(p->title), MS_VI(p->slots), MS_VI(p->max_approvals),
				MS_VT(ms_names_key(&ms_threshold_base_names, p->base)), MS_VI(p->threshold_num),
				MS_VI(p->threshold_den), MS_VI(p->threshold_strict),
				p->has_budget ? MS_VI(p->budget) : MS_VT(NULL), MS_VI(p->quorum_num), MS_VI(p->quorum_den),
				MS_VT(now), MS_VT(ms_names_key(&ms_ballot_form_names, p->form)),
				MS_VT(ms_names_key(&ms_voting_mode_names, p->mode)),
				MS_VT(ms_names_key(&ms_electorate_names, p->electorate)), MS_VI(p->rate_abstain),
				MS_VT(rate_items), MS_VT(ms_names_key(&ms_combine_names, p->rate_combine)),
				MS_VI(p->live_counts)),
			id, e);
}

int ms_poll_sql_add_candidate(struct ms_db *db, int64_t poll_id, int64_t candidate_id, struct ms_error *e)
{
	return ms_q_exec(db, &ADD_CANDIDATE, MS_ARGS(MS_VI(poll_id), MS_VI(candidate_id)), e);
}

int ms_poll_sql_candidate_cycle(struct ms_db *db, int64_t candidate_id, int64_t *cycle_id, struct ms_error *e)
{
	return ms_q_i64(db, &CANDIDATE_CYCLE, MS_ARGS(MS_VI(candidate_id)), cycle_id, e);
}

int ms_poll_sql_candidate_cost(struct ms_db *db, int64_t candidate_id, int64_t *cost, struct ms_error *e)
{
	return ms_q_i64(db, &CANDIDATE_COST, MS_ARGS(MS_VI(candidate_id)), cost, e);
}

int ms_poll_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e)
{
	int rc = ms_q_i64(db, &OWNER, MS_ARGS(MS_VI(id)), congress_id, e);
	return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_poll_kind, id) : rc;
}

int ms_poll_sql_tally(struct ms_db *db, int64_t id, int64_t *present, int64_t *ballots, struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &TALLY, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	if ((rc = ms_sql_step(s, e)) == 1) { /* (sums: always one row) */
		*ballots = ms_sql_column_i64(s, 0);
		*present = ms_sql_column_i64(s, 1);
		rc = 0;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_poll_get(struct ms_db *db, int64_t id, struct ms_poll *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &GET, MS_ARGS(MS_VI(id)), &s, e);
	if (rc)
		return rc;
	if ((rc = ms_sql_step(s, e)) != 1) {
		if (rc == 0)
			rc = ms_store_not_found(e, &ms_poll_kind, id);
		ms_sql_reset(s);
		return rc;
	}
	out->id = ms_sql_column_i64(s, 0);
	out->cycle_id = ms_sql_column_i64(s, 1);
	out->congress_id = ms_sql_column_i64(s, 2);
	ms_strlcpy(out->title, ms_sql_column_text(s, 3, NULL), sizeof out->title);
	int status = ms_names_find(&ms_poll_status_names, ms_sql_column_text(s, 4, NULL));
	out->status = status < 0 ? MS_POLL_DRAFT : (enum ms_poll_status)status;
	out->slots = (uint32_t)ms_sql_column_i64(s, 5);
	out->max_approvals = (uint32_t)ms_sql_column_i64(s, 6);
	int base = ms_names_find(&ms_threshold_base_names, ms_sql_column_text(s, 7, NULL));
	out->base = base < 0 ? MS_BASE_ALL : base;
	out->threshold_num = (uint32_t)ms_sql_column_i64(s, 8);
	out->threshold_den = (uint32_t)ms_sql_column_i64(s, 9);
	out->threshold_strict = ms_sql_column_i64(s, 10) != 0;
	out->has_budget = ms_sql_column_type(s, 11) != MS_SQL_NULL;
	out->budget = ms_sql_column_i64(s, 11);
	out->quorum_num = (uint32_t)ms_sql_column_i64(s, 12);
	out->quorum_den = (uint32_t)ms_sql_column_i64(s, 13);
	out->deputies_all = ms_sql_column_i64(s, 14);
	int form = ms_names_find(&ms_ballot_form_names, ms_sql_column_text(s, 15, NULL));
	out->form = form < 0 ? MS_FORM_PICK : form;
	size_t klen = 0;
	const void *pk = ms_sql_column_blob(s, 16, &klen);
	if ((out->sealed = pk && klen == sizeof out->public_key))
		memcpy(out->public_key, pk, sizeof out->public_key);
	out->shares_needed = (uint32_t)ms_sql_column_i64(s, 17);
	int mode = ms_names_find(&ms_voting_mode_names, ms_sql_column_text(s, 18, NULL));
	out->mode = mode < 0 ? MS_MODE_LOGIN : mode;
	int electorate = ms_names_find(&ms_electorate_names, ms_sql_column_text(s, 19, NULL));
	out->electorate = electorate < 0 ? MS_ELECTORATE_DEPUTIES : electorate;
	out->rate_abstain = ms_sql_column_i64(s, 20) != 0;
	const char *items = ms_sql_column_text(s, 21, NULL);
	json_t *iv = items ? json_loads(items, 0, NULL) : NULL;
	out->rate_n_sub = (uint32_t)json_array_size(iv);
	json_decref(iv);
	int combine = ms_names_find(&ms_combine_names, ms_sql_column_text(s, 22, NULL));
	out->rate_combine = combine < 0 ? MS_COMBINE_POOLED : combine;
	out->live_counts = ms_sql_column_i64(s, 23) != 0;
	out->rates_units = ms_sql_column_i64(s, 24) != 0;
	ms_sql_reset(s);
	return ms_q_ids(db, &COSTS, MS_ARGS(MS_VI(id)), &out->candidate_ids, &out->candidate_costs, &out->n_candidates, e);
}

int ms_poll_sql_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *o = NULL, *cands = NULL;
	int rc = ms_q_row_json(db, &JSON, MS_ARGS(MS_VI(id)), &o, e);
	if (rc)
		return rc == MS_ERR_NOT_FOUND ? ms_store_not_found(e, &ms_poll_kind, id) : rc;
	if ((rc = ms_q_rows_json(db, &CANDIDATES, MS_ARGS(MS_VI(id)), &cands, e))) {
		json_decref(o);
		return rc;
	}
	json_object_set_new(o, "candidates", cands);
	*out = o;
	return 0;
}

int ms_poll_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out, struct ms_error *e)
{
	return ms_q_page(db, &LIST, MS_ARGS(MS_VI(cycle_id), MS_VLIKE(pg ? pg->q : NULL)), pg, out, e);
}

int ms_poll_sql_lock(struct ms_db *db, int64_t id, bool exclusive, struct ms_error *e)
{
	return ms_q_exec(db, exclusive ? &LOCK_EXCLUSIVE : &LOCK_SHARED, MS_ARGS(MS_VI(id)), e);
}

int ms_poll_sql_open(struct ms_db *db, int64_t id, int64_t congress_id, bool committee, const char *now, int64_t *all,
		     struct ms_error *e)
{
	int rc;
	if ((rc = ms_q_exec(db, &ROSTER_FREEZE, MS_ARGS(MS_VI(id), MS_VI(congress_id), MS_VI(committee)), e)) ||
	    (rc = ms_q_i64(db, &ROSTER_SIZE, MS_ARGS(MS_VI(id)), all, e)))
		return rc;
	return ms_q_exec(db, &OPEN, MS_ARGS(MS_VI(*all), MS_VT(now), MS_VI(id)), e);
}

int ms_poll_sql_open_imported(struct ms_db *db, int64_t id, int64_t voters, const char *now, struct ms_error *e)
{
	return ms_q_exec(db, &OPEN, MS_ARGS(MS_VI(voters), MS_VT(now), MS_VI(id)), e);
}

int ms_outcome_sql_polls(struct ms_db *db, int64_t cycle_id, json_t **out, struct ms_error *e)
{
	return ms_q_rows_json(db, &OUTCOME_POLLS, MS_ARGS(MS_VI(cycle_id)), out, e);
}

int ms_outcome_sql_voted(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e)
{
	return ms_q_ids(db, &OUTCOME_VOTED, MS_ARGS(MS_VI(cycle_id)), ids, NULL, n, e);
}
