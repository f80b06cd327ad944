/*
 * ballot.c — casting ballots. A deputy of the congress, checked in and not
 * yet voted, casts one electronic ballot while the poll is open; over the
 * limit of approvals it is refused, so the deputy can correct it. Paper
 * ballots are entered at the desk as they are: one over the limit is
 * recorded and counts as void. Each checks its candidates (on the ballot,
 * each once). Every ballot is sealed to the poll's public key before it is
 * stored (seal.c), with its tracker inside; nothing can open it before the
 * scrutineers do at the close.
 */
#include "vote.h"

#include <sodium.h>
#include <stdlib.h>

#include "../audit/audit.h"
#include "live.h"
#include "vote_internal.h"

/* Check the ids of a ballot against the poll: choices (approved, or ranked)
 * then opposes. Unknown or repeated candidates are 422; more approvals than
 * max_approvals on a pick or ranked ballot is 422 unless paper. */
static int check_choices(const struct ms_poll *p, const int64_t *ids, size_t na, size_t n, bool paper,
			 struct ms_error *e)
{
	for (size_t i = 0; i < n; i++) {
		const char *field = i < na ? "choices" : "oppose";
		if (ms_poll_candidate_index(p, ids[i]) < 0)
			return ms_failf(e, MS_E_UNKNOWN_CANDIDATE, field, MS_AI(ids[i]));
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return ms_failf(e, MS_E_DUPLICATE_CHOICE, field, MS_AI(ids[i]));
	}
	if (!paper && p->form != MS_FORM_APPROVE_OPPOSE && na > p->max_approvals)
		return ms_failf(e, MS_E_TOO_MANY_APPROVALS, "choices",
				p->form == MS_FORM_RANKED ? MS_AT("排序", "ranked") : MS_AT("赞成", "approved"), MS_AI(na),
				MS_AI(p->max_approvals));
	return 0;
}

/* Seal the ballot of poll p — ids (na approved or ranked, then the
 * opposed), or on a rating poll marks — with its tracker and store the box. */
static int seal_store(struct ms_db *db, const struct ms_poll *p, const int64_t *ids, size_t na, size_t n,
		      const uint16_t *marks, bool paper, const char *tracker, struct ms_error *e)
{
	if (!p->sealed)
		return ms_fail(e, MS_E_POLL_UNSEALED, NULL);
	size_t len = ms_seal_plain_len(p);
	unsigned char *plain = malloc(len), *box = malloc(len + MS_SEAL_BYTES);
	int rc = !plain || !box ? ms_nomem(e) : 0;
	if (!rc && marks)
		ms_seal_encode_marks(p, marks, paper, tracker, plain);
	else if (!rc && ms_seal_encode(p, ids, na, n, paper, tracker, plain))
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "poll %lld: cannot encode a checked ballot", (long long)p->id);
	/* with the ephemeral key the transaction's ballots share (seal_box.c) */
	if (!rc && ms_seal_box(db, box, plain, len, p->public_key, p->id, NULL))
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "poll %lld: cannot seal a ballot", (long long)p->id);
	if (!rc)
		rc = ms_ballot_sql_box_add(db, p->id, box, len + MS_SEAL_BYTES, e);
	/* An open count: the electronic ballot counted on this node's screens
	 * once it is stored for good (never stored itself: live.h). */
	if (!rc && p->live_counts && !paper && !marks)
		rc = ms_live_add_at_commit(db, p, ids, na, n, e);
	if (plain)
		sodium_memzero(plain, len);
	free(plain);
	free(box);
	return rc;
}

/* A rating ballot (the ratings of a paper one are entered as marked). */
static int seal_rated(struct ms_db *db, const struct ms_poll *p, json_t *ratings, bool paper, const char *tracker,
		      struct ms_error *e)
{
	uint16_t *marks = malloc((p->n_candidates + 1) * sizeof *marks);
	int rc = marks ? ms_rate_marks(p, ratings, paper, marks, e) : ms_nomem(e);
	if (!rc)
		rc = seal_store(db, p, NULL, 0, 0, marks, paper, tracker, e);
	free(marks);
	return rc;
}

int ms_ballot_seal_checked(struct ms_db *db, const struct ms_poll *p, const struct ms_ballot_in *b, const char *tracker,
			   struct ms_error *e)
{
	if ((p->form == MS_FORM_RATE) != (b->ratings != NULL))
		return p->form == MS_FORM_RATE ? ms_fail(e, MS_E_RATINGS_REQUIRED, "ratings")
					       : ms_fail(e, MS_E_NOT_A_RATING_POLL, "ratings");
	if (p->form == MS_FORM_RATE)
		return seal_rated(db, p, b->ratings, false, tracker, e);
	if (b->has_opposes && p->form != MS_FORM_APPROVE_OPPOSE)
		return ms_fail(e, MS_E_NO_OPPOSE_MARKS, "oppose");
	size_t n = b->n, n_opp = b->n_opp;
	int64_t *ids = malloc((n + n_opp + 1) * sizeof *ids);
	if (!ids)
		return ms_nomem(e);
	for (size_t i = 0; i < n + n_opp; i++)
		ids[i] = i < n ? b->choices[i] : b->opposes[i - n];
	int rc = check_choices(p, ids, n, n + n_opp, false, e);
	if (!rc)
		rc = seal_store(db, p, ids, n, n + n_opp, NULL, false, tracker, e);
	free(ids);
	return rc;
}

int ms_ballot_cast(struct ms_db *db, const struct ms_actor *deputy, int64_t poll_id, const struct ms_ballot_in *b,
		   const char *tracker_in, char receipt[33], char tracker[11], struct ms_error *e)
{
	if (tracker_in && !ms_tracker_normalise(tracker_in, tracker))
		return ms_fail(e, MS_E_INVALID_TRACKER, "tracker");
	if (!tracker_in)
		ms_tracker_new(tracker);
	struct ms_poll p;
	int rc = ms_poll_load_locked(db, poll_id, false, &p, e);
	if (rc || (rc = ms_poll_need_open(&p, e)))
		goto out;
	if (p.mode == MS_MODE_CODE_SHEET) {
		rc = ms_fail(e, MS_E_POLL_CODE_SHEET, NULL);
		goto out;
	}
	bool present = false, voted = false, paper = false, due = false;
	if ((rc = ms_desk_sql_in_roster(db, p.id, deputy->id, &due, e)))
		goto out;
	if (!due) { /* checked in before the open but not on the roster it froze */
		rc = ms_failf(e, MS_E_NOT_ON_ROSTER, NULL, MS_AI(deputy->id));
		goto out;
	}
	if ((rc = ms_desk_sql_is_present(db, p.id, deputy->id, &present, e)) ||
	    (rc = ms_ballot_sql_has_voted(db, p.id, deputy->id, &voted, e)) ||
	    (rc = ms_desk_sql_has_paper(db, p.id, deputy->id, &paper, e)))
		goto out;
	if (!present) {
		rc = ms_fail(e, MS_E_NOT_CHECKED_IN, NULL);
		goto out;
	}
	if (paper) { /* issued a paper ballot at the desk: no second, electronic one */
		rc = ms_fail(e, MS_E_PAPER_ISSUED_CAST, NULL);
		goto out;
	}
	if (voted) {
		rc = ms_fail(e, MS_E_ALREADY_VOTED, NULL);
		goto out;
	}
	unsigned char key[32];
	if ((rc = ms_ballot_seal_checked(db, &p, b, tracker, e)) ||
	    (rc = ms_ballot_sql_participation_add(db, p.id, deputy->id, e)) ||
	    (rc = ms_audit_append(db, deputy, p.congress_id, "ballot.cast", "poll", p.id, NULL, e)) ||
	    (rc = ms_db_secret(db, key, e)))
		goto out;
	ms_receipt(key, p.id, deputy->id, receipt);
	sodium_memzero(key, sizeof key);
out:
	ms_poll_fini(&p);
	return rc;
}

/* Ballot i of the desk's list into ids (room for every candidate): 0, or
 * 400 invalid_paper_ballot when its shape is wrong. */
static int paper_ids(const struct ms_poll *p, json_t *b, size_t i, int64_t *ids, size_t *na, size_t *n,
		     struct ms_error *e)
{
	bool ao = p->form == MS_FORM_APPROVE_OPPOSE;
	/* pick / ranked: [ids]; approve / oppose: {"approve": [ids], "oppose": [ids]} */
	json_t *appr = ao ? json_object_get(b, "approve") : b, *opp = ao ? json_object_get(b, "oppose") : NULL;
	bool ok = json_is_array(appr) && (!ao || (json_is_object(b) && json_object_size(b) == (opp ? 2u : 1u) &&
						  (!opp || json_is_array(opp))));
	ok = ok && json_array_size(appr) + json_array_size(opp) <= p->n_candidates;
	size_t k;
	json_t *x;
	*na = 0, *n = 0;
	json_array_foreach(appr, k, x) ok = ok && json_is_integer(x) && (ids[(*n)++] = json_integer_value(x), true);
	*na = *n;
	json_array_foreach(opp, k, x) ok = ok && json_is_integer(x) && (ids[(*n)++] = json_integer_value(x), true);
	if (ok)
		return 0;
	return ms_failf(e, MS_E_INVALID_PAPER_BALLOT, "ballots", MS_AI(i + 1),
			ao ? MS_AT("{\"approve\": [编号], \"oppose\": [编号]}，每个候选项目至多出现一次",
				   "{\"approve\": [ids], \"oppose\": [ids]} naming each candidate at most once")
			   : MS_AT("候选项目编号的数组", "an array of candidate ids"));
}

int ms_ballot_paper_check(const struct ms_poll *p, json_t *b, struct ms_error *e)
{
	if (p->form == MS_FORM_RATE) {
		if (!json_is_object(b))
			return ms_failf(e, MS_E_INVALID_PAPER_BALLOT, "marks", MS_AI(1),
					MS_AT("{\"项目编号\": \"satisfied\" | \"basic\" | \"dissatisfied\" | \"abstain\"}",
					      "{\"<candidate id>\": \"satisfied\" | \"basic\" | \"dissatisfied\" | \"abstain\"}"));
		uint16_t *marks = malloc((p->n_candidates + 1) * sizeof *marks);
		int rc = marks ? ms_rate_marks(p, b, true, marks, e) : ms_nomem(e);
		free(marks);
		return rc;
	}
	size_t na, n;
	int64_t *ids = malloc((p->n_candidates + 1) * sizeof *ids);
	int rc = !ids ? ms_nomem(e) : paper_ids(p, b, 0, ids, &na, &n, e);
	if (!rc)
		rc = check_choices(p, ids, na, n, true, e);
	free(ids);
	return rc;
}

int ms_ballot_paper(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *ballots, struct ms_error *e)
{
	struct ms_poll p;
	int64_t *ids = NULL, issued = 0, recorded = 0, n_new = (int64_t)json_array_size(ballots);
	/* Exclusive: the count of paper ballots recorded is read and raised. */
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc || (rc = ms_poll_need_open(&p, e)) || (rc = ms_desk_sql_paper_counts(db, p.id, &issued, &recorded, e)))
		goto out;
	if (!(ids = malloc((p.n_candidates + 1) * sizeof *ids))) {
		rc = ms_nomem(e);
		goto out;
	}
	size_t i;
	json_t *b;
	json_array_foreach(ballots, i, b) {
		size_t na, n;
		char tracker[MS_TRACKER_LEN + 1];
		ms_tracker_new(tracker);
		if (p.form == MS_FORM_RATE) {
			if (!json_is_object(b)) {
				rc = ms_failf(e, MS_E_INVALID_PAPER_BALLOT, "ballots", MS_AI(i + 1),
					      MS_AT("{\"项目编号\": \"satisfied\" | \"basic\" | \"dissatisfied\" | \"abstain\"}",
						    "{\"<candidate id>\": \"satisfied\" | \"basic\" | \"dissatisfied\" | "
						    "\"abstain\"}"));
				goto out;
			}
			if ((rc = seal_rated(db, &p, b, true, tracker, e)))
				goto out;
			continue;
		}
		if ((rc = paper_ids(&p, b, i, ids, &na, &n, e)) || (rc = check_choices(&p, ids, na, n, true, e)) ||
		    (rc = seal_store(db, &p, ids, na, n, NULL, true, tracker, e)))
			goto out;
	}
	/* Never more paper ballots than the desk issued (checked after each
	 * ballot's own checks; the transaction ends with the error). */
	if (recorded + n_new > issued)
		rc = ms_failf(e, MS_E_PAPER_OVER_ISSUED, "ballots", MS_AI(issued), MS_AI(recorded), MS_AI(n_new));
	if (!rc && !(rc = ms_desk_sql_paper_recorded(db, p.id, n_new, e)))
		rc = ms_audit_append(db, by, p.congress_id, "ballot.paper", "poll", p.id,
				     json_pack("{s:I}", "recorded", (json_int_t)n_new), e);
out:
	free(ids);
	ms_poll_fini(&p);
	return rc;
}
