/*
 * desk.c — the check-in desk: deputies of the congress are checked in as
 * present (before the poll opens, or while it is open if they are on its
 * roster); the poll opens only in the round's vote phase and with the
 * quorum met, which freezes the roster of deputies due to vote and seals
 * the poll: a fresh key pair whose private key only the scrutineers hold,
 * in shares (scrutineer.c).
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
	if (p.status == MS_POLL_CLOSED) {
		rc = ms_failf(e, MS_E_POLL_CLOSED, NULL, MS_AI(p.id));
		goto out;
	}
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
	    (rc = ms_cycle_need_phase(&cy, 1u << MS_PHASE_VOTE, MS_AT("开始投票", "a poll opens"), e)) ||
	    (rc = ms_deputy_count(db, p.congress_id, &all, e)) || (rc = ms_desk_sql_present_count(db, p.id, &present, e)))
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
	if ((rc = ms_poll_sql_open(db, p.id, p.congress_id, now, &all, e))) {
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
