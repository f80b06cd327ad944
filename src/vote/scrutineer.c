/*
 * scrutineer.c — the scrutineers (监票人) of a poll and the key they hold
 * together (docs/secrecy.md). Named while the poll is a draft, as the
 * session approved them; each prepares by registering a one-time public key
 * from their own device. When the poll opens a fresh key pair is made, its
 * public key kept with the poll; its private key is split k of n, each
 * share sealed to its scrutineer's key (so the database holds no share it
 * can read), and destroyed. At the close k shares rebuild it for the one
 * transaction that opens the ballots, and it is destroyed again.
 */
#include "vote.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "vote_internal.h"

static int need_draft(const struct ms_poll *p, struct ms_error *e)
{
	if (p->status == MS_POLL_DRAFT)
		return 0;
	return ms_failf(e, MS_E_POLL_NOT_DRAFT, NULL, MS_AI(p->id), ms_poll_status_arg(p->status));
}

int ms_scrutineers_set(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *ids, size_t n,
		       uint32_t k, struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc || (rc = need_draft(&p, e)))
		goto out;
	if (n < 1 || n > MS_SCRUTINEERS_MAX || k < 1 || k > n) {
		rc = ms_failf(e, MS_E_SCRUTINEER_COUNT, n < 1 || n > MS_SCRUTINEERS_MAX ? "scrutineer_ids" : "shares_needed",
			      MS_AI(MS_SCRUTINEERS_MAX));
		goto out;
	}
	if ((rc = ms_scrutineer_sql_clear(db, p.id, e)))
		goto out;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		struct ms_user u;
		struct ms_error ignore;
		if (ms_user_get(db, ids[i], &u, &ignore) || !ms_actor_is_of(&u.a, MS_ROLE_DEPUTY, p.congress_id)) {
			rc = ms_failf(e, MS_E_NOT_A_DEPUTY, "scrutineer_ids", MS_AI(ids[i]));
			break;
		}
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				rc = ms_failf(e, MS_E_SCRUTINEER_TWICE, "scrutineer_ids", MS_AI(ids[i]));
		if (rc || (rc = ms_scrutineer_sql_add(db, p.id, ids[i], (unsigned)(i + 1), e)))
			break;
		json_array_append_new(list, json_integer(ids[i]));
	}
	if (rc || (rc = ms_scrutineer_sql_set_needed(db, p.id, k, e))) {
		json_decref(list);
		goto out;
	}
	rc = ms_audit_append(db, by, p.congress_id, "poll.scrutineers", "poll", p.id,
			     json_pack("{s:o, s:I}", "scrutineer_ids", list, "shares_needed", (json_int_t)k), e);
out:
	ms_poll_fini(&p);
	return rc;
}

/* The caller's row among the poll's scrutineers, or 403 not_a_scrutineer. */
static int find_me(struct ms_db *db, const struct ms_actor *who, int64_t poll_id, struct ms_scrutineer *me,
		   struct ms_error *e)
{
	struct ms_scrutineer *all;
	size_t n;
	int rc = ms_scrutineer_sql_all(db, poll_id, &all, &n, e);
	if (rc)
		return rc;
	rc = ms_fail(e, MS_E_NOT_A_SCRUTINEER, NULL);
	for (size_t i = 0; i < n; i++)
		if (all[i].user_id == who->id) {
			*me = all[i];
			rc = 0;
		}
	free(all);
	return rc;
}

int ms_scrutineer_register(struct ms_db *db, const struct ms_actor *who, int64_t poll_id, const unsigned char key[32],
			   struct ms_error *e)
{
	struct ms_poll p;
	struct ms_scrutineer me;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (!rc && !(rc = need_draft(&p, e)) && !(rc = find_me(db, who, p.id, &me, e)) &&
	    !(rc = ms_scrutineer_sql_set_key(db, p.id, who->id, key, e)))
		rc = ms_audit_append(db, who, p.congress_id, "poll.scrutineer_ready", "poll", p.id,
				     json_pack("{s:I}", "x", (json_int_t)me.x), e);
	ms_poll_fini(&p);
	return rc;
}

int ms_scrutineer_list(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_get(db, poll_id, &p, e);
	ms_poll_fini(&p);
	return rc ? rc : ms_scrutineer_sql_list(db, poll_id, out, e);
}

int ms_scrutineer_share(struct ms_db *db, const struct ms_actor *who, int64_t poll_id, json_t **out,
			struct ms_error *e)
{
	struct ms_poll p;
	struct ms_scrutineer me;
	int rc = ms_poll_get(db, poll_id, &p, e);
	if (!rc && !(rc = find_me(db, who, p.id, &me, e))) {
		if (p.status == MS_POLL_CLOSED)
			rc = ms_failf(e, MS_E_POLL_CLOSED, NULL, MS_AI(p.id));
		else if (p.status != MS_POLL_OPEN || !p.sealed)
			rc = ms_fail(e, MS_E_SHARE_NOT_READY, NULL);
		else if (!(rc = ms_scrutineer_sql_mine(db, p.id, who->id, out, e)))
			json_object_set_new(*out, "shares_needed", json_integer(p.shares_needed));
	}
	ms_poll_fini(&p);
	return rc;
}

int ms_scrutineers_seal(struct ms_db *db, const struct ms_poll *p, json_t **detail, struct ms_error *e)
{
	struct ms_scrutineer *all;
	size_t n;
	int rc = ms_scrutineer_sql_all(db, p->id, &all, &n, e);
	if (rc)
		return rc;
	if (n == 0) {
		free(all);
		return ms_fail(e, MS_E_NO_SCRUTINEERS, NULL);
	}
	for (size_t i = 0; i < n; i++)
		if (!all[i].has_key) {
			struct ms_user u;
			rc = ms_user_get(db, all[i].user_id, &u, e);
			if (!rc)
				rc = ms_failf(e, MS_E_SCRUTINEER_NO_KEY, NULL, MS_AS(u.a.name));
			free(all);
			return rc;
		}
	unsigned k = p->shares_needed >= 1 && p->shares_needed <= n ? p->shares_needed : (unsigned)(n / 2 + 1);
	unsigned char pk[32], sk[32], xs[MS_SCRUTINEERS_MAX], ys[MS_SCRUTINEERS_MAX][32];
	crypto_box_keypair(pk, sk);
	rc = ms_seal_split(sk, (unsigned)n, k, xs, ys);
	sodium_memzero(sk, sizeof sk);
	for (size_t i = 0; !rc && i < n; i++) {
		char text[MS_SHARE_TEXT_MAX];
		unsigned char h[32], sealed[MS_SHARE_TEXT_MAX + crypto_box_SEALBYTES];
		ms_share_text(p->id, all[i].x, ys[all[i].x - 1], text); /* xs[j] = j + 1 */
		size_t len = strlen(text);
		ms_share_commit(p->id, all[i].x, ys[all[i].x - 1], h);
		if (crypto_box_seal(sealed, (const unsigned char *)text, len, all[i].share_key))
			rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot seal a share");
		sodium_memzero(text, sizeof text);
		if (!rc)
			rc = ms_scrutineer_sql_set_share(db, p->id, all[i].user_id, sealed, len + crypto_box_SEALBYTES, h, e);
	}
	sodium_memzero(ys, sizeof ys);
	free(all);
	if (rc || (rc = ms_scrutineer_sql_seal_poll(db, p->id, pk, k, e)))
		return rc;
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
	*detail = json_pack("{s:s, s:I, s:I}", "public_key", hex, "scrutineers", (json_int_t)n, "shares_needed",
			    (json_int_t)k);
	return *detail ? 0 : ms_nomem(e);
}

int ms_scrutineers_unlock(struct ms_db *db, const struct ms_poll *p, json_t *shares, unsigned char sk[32],
			  json_t **used, struct ms_error *e)
{
	struct ms_scrutineer *all;
	size_t n;
	int rc = ms_scrutineer_sql_all(db, p->id, &all, &n, e);
	if (rc)
		return rc;
	unsigned char xs[MS_SCRUTINEERS_MAX], ys[MS_SCRUTINEERS_MAX][32];
	unsigned k = 0;
	size_t i;
	json_t *s;
	*used = json_array();
	json_array_foreach(shares, i, s) {
		char field[32]; /* the share's place, for the form to show the error beside it */
		snprintf(field, sizeof field, "shares[%zu]", i);
		int64_t poll = 0;
		unsigned char x = 0, y[32], h[32];
		if (ms_share_parse(json_string_value(s), &poll, &x, y) || poll != p->id) {
			rc = ms_failf(e, MS_E_INVALID_SHARE, field, MS_AI(i + 1));
			break;
		}
		const struct ms_scrutineer *owner = NULL;
		for (size_t j = 0; j < n; j++)
			if (all[j].x == x)
				owner = &all[j];
		ms_share_commit(p->id, x, y, h);
		if (!owner) {
			rc = ms_failf(e, MS_E_INVALID_SHARE, field, MS_AI(i + 1));
		} else if (sodium_memcmp(h, owner->share_hash, sizeof h)) {
			struct ms_user u;
			if (!(rc = ms_user_get(db, owner->user_id, &u, e)))
				rc = ms_failf(e, MS_E_WRONG_SHARE, field, MS_AI(i + 1), MS_AS(u.a.name));
		} else if (memchr(xs, x, k)) {
			rc = ms_failf(e, MS_E_SHARE_REPEATED, field, MS_AI(i + 1));
		} else if (k < p->shares_needed) {
			xs[k] = x;
			memcpy(ys[k++], y, 32);
			json_array_append_new(*used, json_integer(owner->user_id));
		}
		sodium_memzero(y, sizeof y);
		if (rc)
			break;
	}
	free(all);
	if (!rc && k < p->shares_needed)
		rc = ms_failf(e, MS_E_TOO_FEW_SHARES, "shares", MS_AI(k), MS_AI(p->shares_needed));
	if (!rc && !(rc = ms_seal_combine(xs, (const unsigned char(*)[32])ys, k, sk))) {
		unsigned char pk[32];
		crypto_scalarmult_base(pk, sk);
		if (sodium_memcmp(pk, p->public_key, sizeof pk))
			rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "poll %lld: shares that match their commitments "
							     "do not rebuild its key", (long long)p->id);
	}
	sodium_memzero(ys, sizeof ys);
	if (rc) {
		sodium_memzero(sk, 32);
		json_decref(*used);
		*used = NULL;
	}
	return rc;
}
