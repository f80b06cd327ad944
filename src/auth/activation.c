/*
 * activation.c — deputies own their credentials. A new account has no
 * password: it gets a one-time activation code (80 random bits from
 * libsodium, Crockford base32), shown once — in the roster import's answer
 * and on the printed letter — and kept in the store only as its BLAKE2b
 * hash, until it expires (MINSHENG_ACTIVATION_DAYS, 14 by default). The
 * first use of the code sets the password its owner chose; nobody else
 * ever sees it. A new code ends the old password and every session.
 */
#include "auth.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../audit/audit.h"
#include "../core/crockford.h"
#include "../core/util.h"
#include "auth_internal.h"

#define CODE_CHARS 16

int ms_activation_days(void)
{
	const char *v = getenv("MINSHENG_ACTIVATION_DAYS");
	char *end;
	long d = v && *v ? strtol(v, &end, 10) : 0;
	return v && *v && !*end && d >= 1 && d <= 365 ? (int)d : MS_ACTIVATION_DAYS;
}

static void code_hash(const char canon[CODE_CHARS + 1], unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)canon, CODE_CHARS, NULL, 0);
}

static void iso_time(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int ms_activation_issue(struct ms_db *db, const struct ms_actor *by, const struct ms_actor *user,
			struct ms_activation *out, struct ms_error *e)
{
	unsigned char h[32];
	char canon[CODE_CHARS + 1], now[32];
	ms_crockford_random(canon, CODE_CHARS);
	for (int i = 0, k = 0; i < CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			out->code[k++] = '-';
		out->code[k++] = canon[i];
		out->code[k] = '\0';
	}
	code_hash(canon, h);
	out->expires_at = ms_now_unix() + (int64_t)ms_activation_days() * 86400;
	iso_time(out->expires_at, out->expires, sizeof out->expires);
	ms_now_iso(now, sizeof now);
	int rc;
	if ((rc = ms_auth_sql_activation_set(db, user->id, h, out->expires_at, now, e)) ||
	    (rc = ms_user_set_hash(db, user->id, "", e)) ||
	    (rc = ms_auth_sql_session_delete_user(db, user->id, NULL, e)))
		return rc;
	return ms_audit_append(db, by, user->congress_id, "user.activation", "user", user->id,
			       json_pack("{s:s, s:s}", "login", user->login, "expires_at", out->expires), e);
}

int ms_activation_redeem(struct ms_db *db, const char *login, const char *code, const char *new_hash,
			 struct ms_user *u, struct ms_error *e)
{
	char canon[CODE_CHARS + 1];
	unsigned char h[32];
	int64_t expires_at = 0;
	if (!ms_crockford_read(code, CODE_CHARS, true, canon))
		return ms_fail(e, MS_E_BAD_ACTIVATION, "code");
	code_hash(canon, h);
	int rc = ms_auth_sql_activation_find(db, login, h, &expires_at, e);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_fail(e, MS_E_BAD_ACTIVATION, "code");
	if (rc)
		return rc;
	if (expires_at <= ms_now_unix()) {
		char when[32];
		iso_time(expires_at, when, sizeof when);
		return ms_failf(e, MS_E_ACTIVATION_EXPIRED, "code", MS_AS(when));
	}
	if ((rc = ms_user_by_login(db, login, u, e)) || (rc = ms_auth_sql_activation_delete(db, u->a.id, e)) ||
	    (rc = ms_user_set_hash(db, u->a.id, new_hash, e)) ||
	    (rc = ms_auth_sql_session_delete_user(db, u->a.id, NULL, e)))
		return rc;
	ms_strlcpy(u->pw_hash, new_hash, sizeof u->pw_hash);
	return ms_audit_append(db, &u->a, u->a.congress_id, "user.activate", "user", u->a.id, NULL, e);
}

int ms_password_set_own(struct ms_db *db, const struct ms_actor *who, const unsigned char keep[32],
			const char *new_hash, struct ms_error *e)
{
	int rc;
	if ((rc = ms_user_set_hash(db, who->id, new_hash, e)) ||
	    (rc = ms_auth_sql_session_delete_user(db, who->id, keep, e)))
		return rc;
	return ms_audit_append(db, who, who->congress_id, "user.password", "user", who->id, NULL, e);
}

int ms_session_end_all(struct ms_db *db, const struct ms_actor *who, struct ms_error *e)
{
	int rc = ms_auth_sql_session_delete_user(db, who->id, NULL, e);
	return rc ? rc : ms_audit_append(db, who, who->congress_id, "user.logout_all", "user", who->id, NULL, e);
}
