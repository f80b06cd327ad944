/*
 * desk.c — the check-in desk: deputies of the congress are checked in as
 * present (before the poll opens, or while it is open if they are on its
 * roster); the poll opens only in the round's vote phase and with the
 * quorum met, which freezes the roster of deputies due to vote and seals
 * the poll: a fresh key pair whose private key only the scrutineers hold,
 * in shares (scrutineer.c).
 *
 * Paper ballots: the desk records which present deputies it issued a paper
 * ballot (ms_paper_issue). A deputy who was issued one cannot vote
 * electronically (ballot.c), one who voted or took a code-sheet slip is
 * issued none, and the paper ballots recorded never outnumber those issued
 * (ms_ballot_paper).
 */
#include "vote.h"

#include "../audit/audit.h"
#include "../core/util.h"
#include "vote_internal.h"

int ms_checkin(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *ids, size_t n,
	       json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_load_locked(db, poll_id, false, &p, e);
	if (rc)
		goto out;
	if ((rc = ms_poll_need_not_closed(&p, e)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct ms_user u;
		struct ms_error ignore;
		if (ms_user_get(db, ids[i], &u, &ignore) || !ms_actor_is_of(&u.a, MS_ROLE_DEPUTY, p.congress_id)) {
			rc = ms_failf(e, MS_E_NOT_A_DEPUTY, "deputy_ids", MS_AI(ids[i]));
			goto out;
		}
		bool due = true;
		if (p.status == MS_POLL_OPEN && (rc = ms_desk_sql_in_roster(db, p.id, ids[i], &due, e)))
			goto out;
		if (p.status == MS_POLL_DRAFT && p.electorate == MS_ELECTORATE_COMMITTEE &&
		    (rc = ms_desk_sql_in_committee(db, ids[i], &due, e)))
			goto out;
		if (!due) {
			rc = ms_failf(e, MS_E_NOT_ON_ROSTER, "deputy_ids", MS_AI(ids[i]));
			goto out;
		}
		if ((rc = ms_desk_sql_checkin(db, p.id, ids[i], e)))
			goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_integer(ids[i]));
	int64_t all, present;
	if ((rc = ms_audit_append(db, by, p.congress_id, "poll.checkin", "poll", p.id,
				  json_pack("{s:o}", "deputy_ids", list), e)) ||
	    (rc = ms_poll_all(db, &p, &all, e)) || (rc = ms_desk_sql_present_count(db, p.id, &present, e)))
		goto out;
	*out = json_pack("{s:I, s:I, s:b}", "deputies_present", (json_int_t)present, "deputies_all", (json_int_t)all,
			 "quorum_met", ms_count_quorum_met((uint32_t)present, (uint32_t)all, p.quorum_num, p.quorum_den, true));
	if (!*out)
		rc = ms_nomem(e);
out:
	ms_poll_fini(&p);
	return rc;
}

int ms_paper_issue(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *ids, size_t n,
		   json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	/* Exclusive: a ballot cast (shared lock) cannot slip in between the
	 * check that the deputy has not voted and the issue. */
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc)
		goto out;
	if ((rc = ms_poll_need_not_closed(&p, e)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		bool present = false, voted = false, slip = false, paper = false;
		if ((rc = ms_desk_sql_is_present(db, p.id, ids[i], &present, e)) ||
		    (rc = ms_ballot_sql_has_voted(db, p.id, ids[i], &voted, e)) ||
		    (rc = ms_desk_sql_has_slip(db, p.id, ids[i], &slip, e)) ||
		    (rc = ms_desk_sql_has_paper(db, p.id, ids[i], &paper, e)))
			goto out;
		if (!present)
			rc = ms_failf(e, MS_E_PAPER_NOT_PRESENT, "deputy_ids", MS_AI(ids[i]));
		else if (paper)
			rc = ms_failf(e, MS_E_PAPER_ALREADY_ISSUED, "deputy_ids", MS_AI(ids[i]));
		else if (voted)
			rc = ms_failf(e, MS_E_PAPER_VOTED, "deputy_ids", MS_AI(ids[i]), MS_AT("投票", "voted"));
		else if (slip)
			rc = ms_failf(e, MS_E_PAPER_VOTED, "deputy_ids", MS_AI(ids[i]),
				      MS_AT("领取票码", "taken a voting-code slip"));
		for (size_t j = 0; !rc && j < i; j++)
			if (ids[j] == ids[i])
				rc = ms_failf(e, MS_E_PAPER_ALREADY_ISSUED, "deputy_ids", MS_AI(ids[i]));
		if (rc || (rc = ms_desk_sql_paper_issue(db, p.id, ids[i], e)))
			goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_integer(ids[i]));
	int64_t issued = 0, recorded = 0;
	if ((rc = ms_audit_append(db, by, p.congress_id, "poll.paper_issue", "poll", p.id,
				  json_pack("{s:o}", "deputy_ids", list), e)) ||
	    (rc = ms_desk_sql_paper_counts(db, p.id, &issued, &recorded, e)))
		goto out;
	*out = json_pack("{s:I, s:I}", "paper_issued", (json_int_t)issued, "paper_recorded", (json_int_t)recorded);
	if (!*out)
		rc = ms_nomem(e);
out:
	ms_poll_fini(&p);
	return rc;
}

int ms_poll_open(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, struct ms_error *e)
{
	struct ms_poll p;
	struct ms_cycle cy;
	int64_t all, present;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc)
		goto out;
	if (p.status != MS_POLL_DRAFT) {
		rc = ms_failf(e, MS_E_POLL_NOT_DRAFT, NULL, MS_AI(p.id), ms_poll_status_arg(p.status));
		goto out;
	}
	/* Every check the close's count applies, on the costs as they are now
	 * (a candidate's cost may have changed since the poll was made; it
	 * cannot change once the round votes). */
	if ((rc = ms_poll_check(&p, e)) || (rc = ms_cycle_get(db, p.cycle_id, &cy, NULL, e)) ||
	    (rc = ms_cycle_need_phase(&cy, 1u << (p.form == MS_FORM_RATE ? MS_PHASE_EVALUATE : MS_PHASE_VOTE),
				      MS_AT("开始投票", "a poll opens"), e)) ||
	    (rc = ms_electorate_count(db, p.congress_id, p.electorate == MS_ELECTORATE_COMMITTEE, &all, e)) ||
	    (rc = ms_desk_sql_present_count(db, p.id, &present, e)))
		goto out;
	if (!ms_count_quorum_met((uint32_t)present, (uint32_t)all, p.quorum_num, p.quorum_den, true)) {
		rc = ms_failf(e, MS_E_NO_QUORUM, NULL, MS_AI(present), MS_AI(all), MS_AI(p.quorum_num), MS_AI(p.quorum_den));
		goto out;
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	json_t *detail = NULL;
	if ((rc = ms_scrutineers_seal(db, &p, &detail, e)))
		goto out;
	if ((rc = ms_poll_sql_open(db, p.id, p.congress_id, p.electorate == MS_ELECTORATE_COMMITTEE, now, &all, e))) {
		json_decref(detail);
		goto out;
	}
	json_object_set_new(detail, "deputies_all", json_integer(all));
	json_object_set_new(detail, "deputies_present", json_integer(present));
	rc = ms_audit_append(db, by, p.congress_id, "poll.open", "poll", p.id, detail, e);
out:
	ms_poll_fini(&p);
	return rc;
}
