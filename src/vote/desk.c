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
#include "../store/store.h"
#include "vote_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 0 when deputy id may be checked in to p (a deputy of its congress; on
 * its roster once it is open; of the standing committee for a committee
 * poll), else the error (field: the request's field). */
static int checkin_due(struct ms_db *db, const struct ms_poll *p, int64_t id, const char *field, struct ms_error *e)
{
	struct ms_user u;
	struct ms_error ignore;
	int rc;
	if (ms_user_get(db, id, &u, &ignore) || !ms_actor_is_of(&u.a, MS_ROLE_DEPUTY, p->congress_id))
		return ms_failf(e, MS_E_NOT_A_DEPUTY, field, MS_AI(id));
	bool due = true;
	if (p->status == MS_POLL_OPEN && (rc = ms_desk_sql_in_roster(db, p->id, id, &due, e)))
		return rc;
	if (p->status == MS_POLL_DRAFT && p->electorate == MS_ELECTORATE_COMMITTEE &&
	    (rc = ms_desk_sql_in_committee(db, id, &due, e)))
		return rc;
	return due ? 0 : ms_failf(e, MS_E_NOT_ON_ROSTER, field, MS_AI(id));
}

/* The deputies a desk action names, for its audit entry (NULL: no memory). */
static json_t *ids_json(const int64_t *ids, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_integer(ids[i]));
	return list;
}

/* The turnout after a change at the desk: {deputies_present, deputies_all, quorum_met}. */
static int turnout(struct ms_db *db, const struct ms_poll *p, json_t **out, struct ms_error *e)
{
	int64_t all, present;
	int rc;
	if ((rc = ms_poll_all(db, p, &all, e)) || (rc = ms_desk_sql_present_count(db, p->id, &present, e)))
		return rc;
	*out = json_pack("{s:I, s:I, s:b}", "deputies_present", (json_int_t)present, "deputies_all", (json_int_t)all,
			 "quorum_met", ms_count_quorum_met((uint32_t)present, (uint32_t)all, p->quorum_num, p->quorum_den, true));
	return *out ? 0 : ms_nomem(e);
}

int ms_checkin(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *ids, size_t n,
	       json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_load_locked(db, poll_id, false, &p, e);
	if (rc)
		goto out;
	if ((rc = ms_poll_need_not_closed(&p, e)))
		goto out;
	/* A deputy already checked in by phone is confirmed (the audit names them). */
	json_t *confirmed = json_array();
	for (size_t i = 0; i < n; i++) {
		bool phone = false;
		if ((rc = checkin_due(db, &p, ids[i], "deputy_ids", e)) ||
		    (rc = ms_desk_sql_by_phone_unconfirmed(db, p.id, ids[i], &phone, e)) ||
		    (rc = ms_desk_sql_checkin(db, p.id, ids[i], e))) {
			json_decref(confirmed);
			goto out;
		}
		if (phone)
			json_array_append_new(confirmed, json_integer(ids[i]));
	}
	json_t *detail = json_pack("{s:o, s:s}", "deputy_ids", ids_json(ids, n), "by", "desk");
	if (detail && json_array_size(confirmed))
		json_object_set(detail, "confirmed", confirmed);
	json_decref(confirmed);
	if ((rc = ms_audit_append(db, by, p.congress_id, "poll.checkin", "poll", p.id, detail, e)))
		goto out;
	rc = turnout(db, &p, out, e);
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
	json_t *list = ids_json(ids, n);
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

/* ---- self check-in (the QR code shown in the hall) ---- */

int64_t ms_checkin_window_s(void)
{
	const char *v = getenv("MINSHENG_CHECKIN_WINDOW_S");
	int64_t w;
	if (!v || ms_parse_i64(v, &w) || w < 1 || w > 3600)
		return MS_CHECKIN_WINDOW_S;
	return w;
}

/* The token of poll_id for time window w: keyed BLAKE2b-64 of ("checkin",
 * poll id, w) under the installation secret, as 16 hex digits. */
static void checkin_mac(const unsigned char key[32], int64_t poll_id, int64_t w, char out[17])
{
	unsigned char msg[7 + 16], h[8];
	memcpy(msg, "checkin", 7);
	for (int i = 0; i < 8; i++) {
		msg[7 + i] = (unsigned char)((uint64_t)poll_id >> (8 * i));
		msg[15 + i] = (unsigned char)((uint64_t)w >> (8 * i));
	}
	crypto_generichash(h, sizeof h, msg, sizeof msg, key, 32);
	sodium_bin2hex(out, 17, h, sizeof h);
}

int ms_checkin_token(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_get(db, poll_id, &p, e);
	if (rc || (rc = ms_poll_need_not_closed(&p, e)))
		goto out;
	unsigned char key[32];
	if ((rc = ms_db_secret(db, key, e)))
		goto out;
	int64_t ws = ms_checkin_window_s(), now = ms_now_unix(), w = now / ws;
	char token[17];
	checkin_mac(key, p.id, w, token);
	sodium_memzero(key, sizeof key);
	*out = json_pack("{s:s, s:I, s:I, s:I}", "token", token, "expires_in", (json_int_t)((w + 1) * ws - now),
			 "valid_for", (json_int_t)((w + 2) * ws - now), "window_s", (json_int_t)ws);
	if (!*out)
		rc = ms_nomem(e);
out:
	ms_poll_fini(&p);
	return rc;
}

int ms_self_checkin(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const char *token, json_t **out,
		   struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_load_locked(db, poll_id, false, &p, e);
	if (rc)
		goto out;
	if ((rc = ms_poll_need_not_closed(&p, e)))
		goto out;
	unsigned char key[32];
	if ((rc = ms_db_secret(db, key, e)))
		goto out;
	int64_t ws = ms_checkin_window_s(), w = ms_now_unix() / ws;
	char now_t[17], prev_t[17];
	checkin_mac(key, p.id, w, now_t);
	checkin_mac(key, p.id, w - 1, prev_t);
	sodium_memzero(key, sizeof key);
	bool ok = token && strlen(token) == 16 &&
		  (sodium_memcmp(token, now_t, 16) == 0 || sodium_memcmp(token, prev_t, 16) == 0);
	if (!ok) {
		rc = ms_fail(e, MS_E_CHECKIN_TOKEN_INVALID, "token");
		goto out;
	}
	if ((rc = checkin_due(db, &p, by->id, NULL, e)))
		goto out;
	bool already = false;
	if ((rc = ms_desk_sql_is_present(db, p.id, by->id, &already, e)))
		goto out;
	if (!already && ((rc = ms_desk_sql_checkin_self(db, p.id, by->id, e)) ||
			 (rc = ms_audit_append(db, by, p.congress_id, "poll.checkin", "poll", p.id,
					       json_pack("{s:[I], s:s}", "deputy_ids", (json_int_t)by->id, "by", "self"), e))))
		goto out;
	*out = json_pack("{s:I, s:s, s:b}", "poll_id", (json_int_t)p.id, "title", p.title, "already",
			 already);
	if (!*out)
		rc = ms_nomem(e);
out:
	ms_poll_fini(&p);
	return rc;
}

int ms_checkin_undo(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *ids, size_t n,
		    json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	/* Exclusive: the open (exclusive too) counts the quorum on what is left. */
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc)
		goto out;
	if (p.status != MS_POLL_DRAFT) {
		rc = ms_failf(e, MS_E_CHECKIN_UNDO_NOT_DRAFT, NULL, MS_AI(p.id), ms_poll_status_arg(p.status));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		bool present = false, paper = false, slip = false;
		if ((rc = ms_desk_sql_is_present(db, p.id, ids[i], &present, e)) ||
		    (rc = ms_desk_sql_has_paper(db, p.id, ids[i], &paper, e)) ||
		    (rc = ms_desk_sql_has_slip(db, p.id, ids[i], &slip, e)))
			goto out;
		if (!present)
			rc = ms_failf(e, MS_E_CHECKIN_UNDO_ABSENT, "deputy_ids", MS_AI(ids[i]));
		else if (paper || slip)
			rc = ms_failf(e, MS_E_CHECKIN_UNDO_ISSUED, "deputy_ids", MS_AI(ids[i]));
		if (rc || (rc = ms_desk_sql_undo(db, p.id, ids[i], e)))
			goto out;
	}
	json_t *list = ids_json(ids, n);
	if ((rc = ms_audit_append(db, by, p.congress_id, "poll.checkin_undo", "poll", p.id,
				  json_pack("{s:o}", "deputy_ids", list), e)))
		goto out;
	rc = turnout(db, &p, out, e);
out:
	ms_poll_fini(&p);
	return rc;
}

int ms_poll_on_roster(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e)
{
	return ms_desk_sql_in_roster(db, poll_id, user_id, out, e);
}
