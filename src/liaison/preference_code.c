/*
 * preference_code.c — the one-time codes of a preference poll
 * (preference.h): batches printed for a station or a deputy, and codes
 * asked for by phone and sent by the configured sender (sender.c).
 *
 * A code is 16 characters of Crockford's base32 (80 random bits); the
 * database keeps its hash keyed with the installation's secret and the
 * poll's id. A phone number is kept only as a keyed hash in
 * pref_phone — one code per number per POLL: each poll is its own vote and
 * its code votes only in it, so a number gets a code for each poll (two
 * polls open on one round included) and a second one for none — with
 * nothing that says which code it got; requests are counted per number
 * (across all polls: the limit protects the phone's owner) and per client address (table
 * pref_request: the same keyed hash, or the address) in a transaction that
 * is kept even when the request is refused.
 */
#include "preference.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/crockford.h"
#include "../core/util.h"
#include "preference_internal.h"

static struct ms_pref_limits limits = {.phone = MS_PREF_PHONE_REQUESTS,
				       .address = MS_PREF_ADDRESS_REQUESTS,
				       .window_s = MS_PREF_WINDOW_S,
				       .measures_work = MS_PREF_MEASURES_WORK};

void ms_pref_limits_set(const struct ms_pref_limits *l)
{
	limits = *l;
}

void ms_pref_limits_get(struct ms_pref_limits *l)
{
	*l = limits;
}

int ms_pref_codes_issue(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t station_id,
			int64_t deputy_id, const char *note, uint32_t n, char **codes, int64_t *batch_id,
			int64_t *first_serial, struct ms_error *e)
{
	struct ms_pref p;
	char zh[200], en[200], now[32];
	bool ok = false;
	*codes = NULL;
	int rc = ms_pref_load(db, id, &p, e);
	if (rc)
		return rc;
	if (!ms_actor_is_staff(by, p.congress_id))
		return ms_failf(e, MS_E_FORBIDDEN, NULL, ms_access_words(MS_ACCESS_STAFF, zh, sizeof zh, en, sizeof en));
	if (p.status == MS_PREF_CLOSED)
		return ms_failf(e, MS_E_PREF_STATUS, NULL, MS_AI(id), ms_names_arg(&ms_pref_status_names, p.status),
				MS_AT("发放投票码", "issuing codes"));
	if ((rc = ms_check_int(e, "count", n, 1, MS_PREF_CODES_MAX)) ||
	    (note && (rc = ms_check_text(e, "note", note, 0, MS_PREF_HOLDER_MAX))))
		return rc;
	if ((station_id != 0) == (deputy_id != 0))
		return ms_fail(e, MS_E_PREF_HOLDER, "station_id");
	if (station_id && (rc = ms_pref_sql_station_of(db, station_id, p.congress_id, &ok, e)))
		return rc;
	if (deputy_id && (rc = ms_pref_sql_deputy_of(db, deputy_id, p.congress_id, &ok, e)))
		return rc;
	if (!ok)
		return ms_failf(e, MS_E_PREF_HOLDER_UNKNOWN, station_id ? "station_id" : "deputy_id",
				station_id ? MS_AT("联络站", "station") : MS_AT("代表", "deputy"),
				MS_AI(station_id ? station_id : deputy_id));
	ms_now_iso(now, sizeof now);
	if ((rc = ms_pref_sql_next_serial(db, id, first_serial, e)) ||
	    (rc = ms_pref_sql_batch_insert(db, id, station_id, deputy_id, note, n, *first_serial, by->id, now, batch_id,
					   e)))
		return rc;
	char *v = calloc(n, MS_PREF_CODE_LEN + 1);
	if (!v)
		return ms_nomem(e);
	for (uint32_t i = 0; !rc && i < n; i++) {
		char *c = v + (size_t)i * (MS_PREF_CODE_LEN + 1), hash[65];
		ms_crockford_random(c, MS_PREF_CODE_LEN);
		c[MS_PREF_CODE_LEN] = '\0';
		if (!(rc = ms_pref_code_hash(db, id, c, hash, e)))
			rc = ms_pref_sql_code_insert(db, id, hash, *batch_id, e);
	}
	if (!rc)
		rc = ms_audit_append(db, by, p.congress_id, "preference.codes", "preference_poll", id,
				     json_pack("{s:I, s:I, s:I, s:I}", "batch_id", (json_int_t)*batch_id, "count",
					       (json_int_t)n, "station_id", (json_int_t)station_id, "deputy_id",
					       (json_int_t)deputy_id),
				     e);
	if (rc) {
		sodium_memzero(v, (size_t)n * (MS_PREF_CODE_LEN + 1));
		free(v);
		return rc;
	}
	*codes = v;
	return 0;
}

int ms_pref_batches(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e)
{
	json_t *items = NULL;
	int rc = ms_pref_sql_batches(db, id, &items, e);
	if (rc)
		return rc;
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : ms_nomem(e);
}

bool ms_pref_phone_read(const char *typed, char out[12])
{
	char d[32];
	size_t n = 0;
	for (const char *s = typed; *s; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (*s == '+' && s == typed)
			continue;
		if (*s < '0' || *s > '9' || n + 1 >= sizeof d)
			return false;
		d[n++] = *s;
	}
	d[n] = '\0';
	const char *p = d;
	if (n == 13 && strncmp(d, "86", 2) == 0)
		p += 2;
	else if (n == 15 && strncmp(d, "0086", 4) == 0)
		p += 4;
	if (strlen(p) != 11 || p[0] != '1' || p[1] < '3')
		return false;
	memcpy(out, p, 12);
	return true;
}

/* The keyed hash of a phone number: the same for every poll (the limits
 * count a number across polls), useless without the installation's secret. */
static int phone_hash(struct ms_db *db, const char *phone, char hex[65], struct ms_error *e)
{
	static const unsigned char tag[] = "minsheng preference phone v1";
	unsigned char key[32], h[32];
	int rc = ms_db_secret(db, key, e);
	if (rc)
		return rc;
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, sizeof key, sizeof h);
	crypto_generichash_update(&st, tag, sizeof tag - 1);
	crypto_generichash_update(&st, (const unsigned char *)phone, strlen(phone));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(hex, 65, h, sizeof h);
	sodium_memzero(key, sizeof key);
	return 0;
}

/* Count the request of subject; 429 (code) when it is over max in the window. */
static int count_request(struct ms_db *db, const char *subject, int64_t max, const struct ms_code *code,
			 int64_t now, int64_t *wait, struct ms_error *e)
{
	int64_t n = 0, first = 0;
	if (!max)
		return 0;
	int rc = ms_pref_sql_request(db, subject, now, now - limits.window_s, &n, &first, e);
	if (rc || n <= max)
		return rc;
	*wait = first + limits.window_s - now;
	if (*wait < 1)
		*wait = 1;
	return ms_failf(e, *code, "phone", MS_AI(*wait));
}

int ms_pref_phone_count(struct ms_db *db, const char *typed, const char *address, int64_t *wait, struct ms_error *e)
{
	char phone[12], hash[65], subject[80];
	int64_t now = ms_now_unix();
	int rc;
	*wait = 0;
	snprintf(subject, sizeof subject, "a:%s", address ? address : "");
	if ((rc = count_request(db, subject, limits.address, &MS_E_PREF_ADDRESS_LIMIT, now, wait, e)))
		return rc;
	if (!typed || !ms_pref_phone_read(typed, phone))
		return 0; /* refused by ms_pref_phone_code, counted for the address */
	if ((rc = phone_hash(db, phone, hash, e)))
		return rc;
	snprintf(subject, sizeof subject, "p:%s", hash);
	return count_request(db, subject, limits.phone, &MS_E_PREF_PHONE_LIMIT, now, wait, e);
}

int ms_pref_phone_code(struct ms_db *db, int64_t id, const char *typed, const char *address, struct ms_error *e)
{
	(void)address; /* counted by ms_pref_phone_count, in its own transaction */
	struct ms_pref p;
	char phone[12], hash[65], now[32], code[MS_PREF_CODE_LEN + 1], chash[65];
	bool fresh = false;
	int rc = ms_pref_sql_lock(db, id, false, e);
	if (rc || (rc = ms_pref_load(db, id, &p, e)))
		return rc;
	if (p.status == MS_PREF_DRAFT)
		return ms_store_not_found(e, &ms_pref_kind, id);
	ms_now_iso(now, sizeof now);
	if (!ms_pref_running(&p, now))
		return ms_failf(e, MS_E_PREF_NOT_OPEN, NULL, MS_AS(p.opens_at), MS_AS(p.closes_at));
	if (!typed || !ms_pref_phone_read(typed, phone))
		return ms_fail(e, MS_E_PREF_PHONE_INVALID, "phone");
	if (!ms_sender_ready())
		return ms_fail(e, MS_E_PREF_NO_SENDER, NULL);
	if ((rc = phone_hash(db, phone, hash, e)) || (rc = ms_pref_sql_phone_insert(db, id, hash, &fresh, e)))
		return rc;
	if (!fresh)
		return ms_fail(e, MS_E_PREF_PHONE_USED, "phone");
	ms_crockford_random(code, MS_PREF_CODE_LEN);
	code[MS_PREF_CODE_LEN] = '\0';
	if ((rc = ms_pref_code_hash(db, id, code, chash, e)) || (rc = ms_pref_sql_code_insert(db, id, chash, 0, e)))
		goto out;
	char text[1400], shown[MS_PREF_CODE_LEN + MS_PREF_CODE_LEN / 4 + 1];
	size_t k = 0;
	for (size_t i = 0; i < MS_PREF_CODE_LEN; i++) {
		if (i && i % 4 == 0)
			shown[k++] = '-';
		shown[k++] = code[i];
	}
	shown[k] = '\0';
	snprintf(text, sizeof text,
		 "【民生实事网络投票】您的投票码：%s，用于「%s」，只能投一次，请勿转告他人。投票结果仅供人大参考。\n"
		 "Your code for the preference poll: %s (votes once; the result is advice to the congress).",
		 shown, p.title, shown);
	/* The message leaves last, once everything else is written; a failed
	 * send fails the request, so nothing of it is kept. */
	if (!(rc = ms_audit_append(db, NULL, p.congress_id, "preference.phone_code", "preference_poll", id, NULL, e)))
		rc = ms_sender_send(phone, text, e);
	sodium_memzero(text, sizeof text);
	sodium_memzero(shown, sizeof shown);
out:
	sodium_memzero(code, sizeof code);
	sodium_memzero(phone, sizeof phone);
	return rc;
}
