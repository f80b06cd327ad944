/*
 * code.c — code-sheet polls (匿名票码, docs/secrecy.md): for congresses that
 * want even the live server blind to who votes what. The clerk prints
 * one-time voting codes as QR slips; each checked-in deputy draws one at the
 * desk (the desk records that the deputy took a slip, never which); scanning
 * it opens the ballot with no login. The database keeps each code's BLAKE2b
 * hash, its slip number and whether it is unused, used or void; a ballot
 * cast with a code is sealed like any other. Spoiled and lost slips are
 * voided by number, as paper ballots are; slips printed, handed out, used
 * and voided reconcile with the ballots returned.
 */
#include "vote.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/crockford.h"
#include "vote_internal.h"

static void code_hash(int64_t poll_id, const char *code, unsigned char h[32])
{
	static const unsigned char tag[] = "minsheng voting code v1";
	unsigned char id[8];
	for (int i = 0; i < 8; i++)
		id[i] = (unsigned char)((uint64_t)poll_id >> (8 * i));
	crypto_generichash_state st;
	crypto_generichash_init(&st, tag, sizeof tag - 1, 32);
	crypto_generichash_update(&st, id, sizeof id);
	crypto_generichash_update(&st, (const unsigned char *)code, MS_CODE_LEN);
	crypto_generichash_final(&st, h, 32);
}

static int need_code_sheet(const struct ms_poll *p, struct ms_error *e)
{
	return p->mode == MS_MODE_CODE_SHEET ? 0 : ms_fail(e, MS_E_NOT_CODE_SHEET, NULL);
}

int ms_codes_issue(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, uint32_t n, char **codes,
		   int64_t *first_serial, struct ms_error *e)
{
	struct ms_poll p;
	char *v = NULL;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc || (rc = need_code_sheet(&p, e)))
		goto out;
	if ((rc = ms_poll_need_not_closed(&p, e)))
		goto out;
	if ((rc = ms_check_int(e, "count", n, 1, MS_CODES_MAX)) || (rc = ms_code_sql_next_serial(db, p.id, first_serial, e)))
		goto out;
	if (!(v = calloc(n, MS_CODE_LEN + 1))) {
		rc = ms_nomem(e);
		goto out;
	}
	for (uint32_t i = 0; !rc && i < n; i++) {
		char *c = v + (size_t)i * (MS_CODE_LEN + 1);
		unsigned char h[32];
		ms_crockford_random(c, MS_CODE_LEN);
		code_hash(p.id, c, h);
		rc = ms_code_sql_add(db, p.id, *first_serial + i, h, e);
	}
	if (rc || (rc = ms_audit_append(db, by, p.congress_id, "poll.codes", "poll", p.id,
					 json_pack("{s:I, s:I}", "first_serial", (json_int_t)*first_serial, "count",
						   (json_int_t)n),
					 e)))
		goto out;
	*codes = v;
	v = NULL;
out:
	if (v)
		sodium_memzero(v, (size_t)n * (MS_CODE_LEN + 1));
	free(v);
	ms_poll_fini(&p);
	return rc;
}

int ms_codes_void(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *serials, size_t n,
		  struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc || (rc = need_code_sheet(&p, e)))
		goto out;
	json_t *list = json_array();
	for (size_t i = 0; !rc && i < n; i++) {
		char state[16];
		rc = ms_code_sql_serial_state(db, p.id, serials[i], state, e);
		if (rc == MS_ERR_NOT_FOUND)
			rc = ms_failf(e, MS_E_SLIP_UNKNOWN, "serials", MS_AI(serials[i]));
		else if (!rc && strcmp(state, "used") == 0)
			rc = ms_failf(e, MS_E_SLIP_USED, "serials", MS_AI(serials[i]));
		else if (!rc && strcmp(state, "issued") == 0)
			rc = ms_code_sql_void(db, p.id, serials[i], e);
		if (!rc)
			json_array_append_new(list, json_integer(serials[i]));
	}
	if (rc)
		json_decref(list);
	else
		rc = ms_audit_append(db, by, p.congress_id, "poll.codes_void", "poll", p.id,
				     json_pack("{s:o}", "serials", list), e);
out:
	ms_poll_fini(&p);
	return rc;
}

int ms_slips_hand(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *deputy_ids, size_t n,
		  struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_load_locked(db, poll_id, false, &p, e);
	if (rc || (rc = need_code_sheet(&p, e)))
		goto out;
	if ((rc = ms_poll_need_not_closed(&p, e)))
		goto out;
	json_t *list = json_array();
	for (size_t i = 0; !rc && i < n; i++) {
		rc = ms_code_sql_hand(db, p.id, deputy_ids[i], e);
		if (rc == MS_ERR_NOT_FOUND)
			rc = ms_failf(e, MS_E_SLIP_ALREADY, "deputy_ids", MS_AI(deputy_ids[i]));
		if (!rc)
			json_array_append_new(list, json_integer(deputy_ids[i]));
	}
	if (rc)
		json_decref(list);
	else
		rc = ms_audit_append(db, by, p.congress_id, "poll.slips", "poll", p.id,
				     json_pack("{s:o}", "deputy_ids", list), e);
out:
	ms_poll_fini(&p);
	return rc;
}

int ms_codes_reconcile(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	int64_t ballots = 0;
	int rc = ms_poll_get(db, poll_id, &p, e);
	if (!rc && !(rc = need_code_sheet(&p, e)) && !(rc = ms_code_sql_counts(db, poll_id, out, e)) &&
	    !(rc = ms_ballot_sql_count(db, poll_id, &ballots, e))) {
		json_object_set_new(*out, "ballots", json_integer(ballots));
		/* Every slip handed out is used, voided or still held; what was used became a ballot. */
		int64_t handed = json_integer_value(json_object_get(*out, "handed"));
		int64_t used = json_integer_value(json_object_get(*out, "used"));
		json_object_set_new(*out, "slips_not_returned",
				    json_integer(handed > used ? handed - used : 0));
	}
	ms_poll_fini(&p);
	return rc;
}

/* The poll, locked and open, and the state of the code on it. */
static int find_code(struct ms_db *db, int64_t poll_id, const char *in, struct ms_poll *p, unsigned char h[32],
		     char state[16], struct ms_error *e)
{
	char code[MS_CODE_LEN + 1];
	int rc = ms_poll_load_locked(db, poll_id, false, p, e);
	if (rc || (rc = need_code_sheet(p, e)))
		return rc;
	if (!ms_crockford_read(in, MS_CODE_LEN, true, code))
		return ms_fail(e, MS_E_INVALID_CODE, "code");
	code_hash(p->id, code, h);
	sodium_memzero(code, sizeof code);
	rc = ms_code_sql_state(db, p->id, h, state, e);
	return rc == MS_ERR_NOT_FOUND ? ms_fail(e, MS_E_INVALID_CODE, "code") : rc;
}

int ms_code_check(struct ms_db *db, int64_t poll_id, const char *code, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	unsigned char h[32];
	char state[16];
	int rc = find_code(db, poll_id, code, &p, h, state, e);
	if (!rc && !(*out = json_pack("{s:s, s:s}", "state", state, "poll_status",
				      ms_names_key(&ms_poll_status_names, (int)p.status))))
		rc = ms_nomem(e);
	ms_poll_fini(&p);
	return rc;
}

int ms_code_cast(struct ms_db *db, int64_t poll_id, const char *code, const struct ms_ballot_in *b,
		 const char *tracker_in, char tracker[11], struct ms_error *e)
{
	if (tracker_in && !ms_tracker_normalise(tracker_in, tracker))
		return ms_fail(e, MS_E_INVALID_TRACKER, "tracker");
	if (!tracker_in)
		ms_tracker_new(tracker);
	struct ms_poll p;
	unsigned char h[32];
	char state[16];
	int rc = find_code(db, poll_id, code, &p, h, state, e);
	if (rc || (rc = ms_poll_need_open(&p, e)))
		goto out;
	if (strcmp(state, "issued") != 0) {
		rc = strcmp(state, "used") == 0 ? ms_fail(e, MS_E_CODE_USED, "code") : ms_fail(e, MS_E_CODE_VOID, "code");
		goto out;
	}
	if ((rc = ms_ballot_seal_checked(db, &p, b, tracker, e)))
		goto out;
	rc = ms_code_sql_use(db, p.id, h, e);
	if (rc == MS_ERR_NOT_FOUND) /* used by a concurrent request since */
		rc = ms_fail(e, MS_E_CODE_USED, "code");
	if (!rc) /* by no one: the code names nobody */
		rc = ms_audit_append(db, NULL, p.congress_id, "ballot.cast_code", "poll", p.id, NULL, e);
out:
	ms_poll_fini(&p);
	return rc;
}
