/*
 * session.c — sessions: a random token in the cookie, its BLAKE2b hash in
 * the store with the user and a CSRF token, for 12 hours; and receipts.
 */
#include "auth.h"

#include <sodium.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "auth_internal.h"

#define SESSION_SECONDS (12 * 3600)

/* BLAKE2b-256 of the token text; false when token is not 64 hex digits. */
bool ms_session_token_ok(const char *token_hex)
{
	if (!token_hex || strlen(token_hex) != 64)
		return false;
	for (const char *p = token_hex; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

static bool token_hash(const char *token_hex, unsigned char out[32])
{
	if (!ms_session_token_ok(token_hex))
		return false;
	crypto_generichash(out, 32, (const unsigned char *)token_hex, 64, NULL, 0);
	return true;
}

int ms_session_lookup(struct ms_db *db, const char *token, unsigned char hash[32], struct ms_actor *who,
		      char csrf[65], struct ms_error *e)
{
	if (!token_hash(token, hash))
		return ms_fail(e, MS_E_INVALID_REQUEST, NULL);
	struct ms_user u;
	int rc = ms_auth_sql_session_get(db, hash, &u, csrf, e);
	if (!rc)
		*who = u.a;
	return rc;
}

int ms_session_start(struct ms_db *db, const struct ms_user *u, char token[65], char csrf[65], struct ms_error *e)
{
	unsigned char raw[32], th[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, 65, raw, sizeof raw);
	ms_random_hex(csrf, 32);
	token_hash(token, th);
	int rc = ms_auth_sql_session_create(db, th, u->a.id, csrf, ms_now_unix() + SESSION_SECONDS, e);
	return rc ? rc : ms_audit_append(db, &u->a, u->a.congress_id, "user.login", "user", u->a.id, NULL, e);
}

int ms_session_end(struct ms_db *db, const struct ms_actor *who, const unsigned char hash[32], struct ms_error *e)
{
	int rc = ms_auth_sql_session_delete(db, hash, e);
	return rc ? rc : ms_audit_append(db, who, who->congress_id, "user.logout", "user", who->id, NULL, e);
}

void ms_receipt(const unsigned char key[32], int64_t poll_id, int64_t user_id, char out[33])
{
	unsigned char msg[16], h[16];
	for (int i = 0; i < 8; i++) {
		msg[i] = (unsigned char)((uint64_t)poll_id >> (8 * i));
		msg[8 + i] = (unsigned char)((uint64_t)user_id >> (8 * i));
	}
	crypto_generichash(h, sizeof h, msg, sizeof msg, key, 32);
	sodium_bin2hex(out, 33, h, sizeof h);
}
