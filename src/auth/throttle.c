/*
 * throttle.c — the limit on guessing passwords: failed logins are counted
 * per account (the login tried, in lower case, known or not) and per client
 * address in the database (table login_failure), so every node sharing a
 * PostgreSQL database counts the same failures. After `failures` failures
 * within `window_s` seconds of the first, every login of that account or
 * address — a right password too — is refused (429 login_throttled) until
 * the window ends. A successful login clears its account's count (not its
 * address's). Each failure is an audit entry with the login tried and the
 * address, never the password.
 *
 * The limits are process-wide, set once at start-up (ms_login_limits_set)
 * before any thread reads them.
 */
#include "auth.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "auth_internal.h"

static struct ms_login_limits limits = {.account = MS_LOGIN_ACCOUNT_FAILURES,
					.address = MS_LOGIN_ADDRESS_FAILURES,
					.window_s = MS_LOGIN_WINDOW_S};

void ms_login_limits_set(const struct ms_login_limits *l)
{
	limits = *l;
}

/* Whether addr is one of the comma-separated addresses of list. */
static bool listed(const char *list, const char *addr)
{
	size_t n = strlen(addr);
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t k = strcspn(p, ", ");
		if (k && k == n && memcmp(p, addr, n) == 0)
			return true;
		p += k;
	}
	return false;
}

void ms_login_client_address(const char *peer, const char *forwarded, char *out, size_t cap)
{
	snprintf(out, cap, "%s", peer);
	if (!forwarded || !listed(limits.proxies, peer))
		return;
	const char *last = strrchr(forwarded, ',');
	last = last ? last + 1 : forwarded;
	while (*last == ' ')
		last++;
	size_t k = strcspn(last, " ");
	/* an IPv4 or IPv6 address's characters only (it goes into the audit log) */
	if (k > 0 && k < cap && k < 64 && strspn(last, "0123456789abcdefABCDEF.:") == k) {
		memcpy(out, last, k);
		out[k] = 0;
	}
}

/* "login:<login in lower case>" or "addr:<address>" into buf. */
static void subject(char *buf, size_t cap, const char *kind, const char *text)
{
	int n = snprintf(buf, cap, "%s:%s", kind, text);
	if (n < 0)
		buf[0] = 0;
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

/* The seconds left of subj's lockout into *left (0: not locked). */
static int locked(struct ms_db *db, const char *subj, int64_t max, int64_t now, int64_t *left, struct ms_error *e)
{
	int64_t failures, start;
	*left = 0;
	if (max <= 0)
		return 0;
	int rc = ms_auth_sql_failures_get(db, subj, &failures, &start, e);
	if (!rc && failures >= max && start + limits.window_s > now)
		*left = start + limits.window_s - now;
	return rc;
}

int ms_login_throttle_check(struct ms_db *db, const char *login, const char *address, int64_t now,
			    int64_t *retry_after, struct ms_error *e)
{
	char a[MS_LOGIN_SUBJECT_MAX], b[MS_LOGIN_SUBJECT_MAX];
	subject(a, sizeof a, "login", login);
	subject(b, sizeof b, "addr", address);
	int64_t left_a, left_b;
	int rc;
	*retry_after = 0;
	if ((rc = locked(db, a, limits.account, now, &left_a, e)) ||
	    (rc = locked(db, b, limits.address, now, &left_b, e)))
		return rc;
	*retry_after = left_a > left_b ? left_a : left_b;
	if (*retry_after > 0)
		return ms_failf(e, MS_E_LOGIN_THROTTLED, NULL, MS_AI(*retry_after));
	return 0;
}

int ms_login_failed(struct ms_db *db, const char *login, const char *address, int64_t congress_id,
		    int64_t user_id, int64_t now, struct ms_error *e)
{
	char a[MS_LOGIN_SUBJECT_MAX], b[MS_LOGIN_SUBJECT_MAX];
	subject(a, sizeof a, "login", login);
	subject(b, sizeof b, "addr", address);
	int64_t expired = now - limits.window_s;
	int rc;
	if ((rc = ms_auth_sql_failures_purge(db, expired, e)) || (rc = ms_auth_sql_failure_add(db, a, now, expired, e)) ||
	    (rc = ms_auth_sql_failure_add(db, b, now, expired, e)))
		return rc;
	json_t *detail = json_pack("{s:s, s:s}", "login", login, "address", address);
	if (!detail)
		return ms_nomem(e);
	return ms_audit_append(db, NULL, congress_id, "user.login_failed", "user", user_id, detail, e);
}

int ms_login_succeeded(struct ms_db *db, const char *login, struct ms_error *e)
{
	char a[MS_LOGIN_SUBJECT_MAX];
	subject(a, sizeof a, "login", login);
	return ms_auth_sql_failures_clear(db, a, e);
}
