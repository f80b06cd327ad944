/*
 * verify.c — ms_audit_verify (audit.h): the chain recomputed from the
 * first entry to the newest, every stored result against the hash its
 * poll.close entry recorded, the protective triggers, and optionally a head
 * recorded earlier. The first broken link is the error; nothing is written.
 *
 * What a chain cannot show by itself: the newest entries dropped (what is
 * left is still a whole chain). Whoever keeps a head (GET /audit shows
 * each entry's hash) can ask for it to be found (--head).
 */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "audit_internal.h"

/* A poll.close entry that recorded the result of its poll. */
struct close_entry {
	int64_t poll_id, entry_id;
	char hash[MS_AUDIT_HEX]; /* "" when the entry has no result_hash (written before the chain) */
	bool matched;            /* a stored result was found for it */
};

struct walk {
	struct ms_audit_report *r;
	int64_t chain_after;   /* entries up to this id may be unchained */
	bool chained;          /* the chain has begun */
	crypto_generichash_state legacy;
	unsigned char prev[MS_AUDIT_HASH_BYTES];
	int64_t prev_id;
	const char *want_head; /* lowercase hex, or NULL */
	bool head_found;
	struct close_entry *closes;
	size_t n_closes, cap_closes;
};

/* "poll/12" → 12, else 0. */
static int64_t poll_of(const struct ms_audit_text *object)
{
	static const char prefix[] = "poll/";
	char buf[32];
	int64_t id = 0;
	if (!object->s || object->n <= sizeof prefix - 1 || object->n >= sizeof buf ||
	    memcmp(object->s, prefix, sizeof prefix - 1) != 0)
		return 0;
	memcpy(buf, object->s + sizeof prefix - 1, object->n - (sizeof prefix - 1));
	buf[object->n - (sizeof prefix - 1)] = 0;
	return ms_parse_i64(buf, &id) == 0 && id > 0 ? id : 0;
}

static bool is_action(const struct ms_audit_entry *en, const char *action)
{
	size_t n = strlen(action);
	return en->action.s && en->action.n == n && memcmp(en->action.s, action, n) == 0;
}

/* Keep a poll.close entry with the result_hash of its detail. */
static int keep_close(struct walk *w, const struct ms_audit_entry *en, struct ms_error *e)
{
	int64_t poll = poll_of(&en->object);
	if (!poll)
		return 0;
	if (w->n_closes == w->cap_closes) {
		size_t cap = w->cap_closes ? 2 * w->cap_closes : 64;
		struct close_entry *c = realloc(w->closes, cap * sizeof *c);
		if (!c)
			return ms_nomem(e);
		w->closes = c, w->cap_closes = cap;
	}
	struct close_entry *c = &w->closes[w->n_closes++];
	*c = (struct close_entry){.poll_id = poll, .entry_id = en->id};
	json_t *d = en->detail.s ? json_loadb(en->detail.s, en->detail.n, 0, NULL) : NULL;
	const char *h = json_string_value(json_object_get(d, "result_hash"));
	if (h)
		ms_strlcpy(c->hash, h, sizeof c->hash);
	json_decref(d);
	return 0;
}

static int link_broken(struct walk *w, int64_t id, struct ms_error *e)
{
	char zh[48], en[48];
	if (w->prev_id)
		snprintf(zh, sizeof zh, "记录 %lld", (long long)w->prev_id),
			snprintf(en, sizeof en, "entry %lld", (long long)w->prev_id);
	else
		ms_strlcpy(zh, "日志开头", sizeof zh), ms_strlcpy(en, "the start of the log", sizeof en);
	return ms_failf(e, MS_E_AUDIT_LINK_BROKEN, NULL, MS_AI(id), MS_AT(zh, en));
}

static int step(void *ctx, const struct ms_audit_entry *en, const unsigned char *hash, size_t hash_n,
		struct ms_error *e)
{
	struct walk *w = ctx;
	int rc;
	if (!hash) {
		/* Written before the chain: taken into its first link. */
		if (w->chained || en->id > w->chain_after)
			return ms_failf(e, MS_E_AUDIT_UNCHAINED, NULL, MS_AI(en->id));
		if ((rc = ms_audit_absorb(&w->legacy, en, e)))
			return rc;
		w->r->legacy++;
	} else {
		if (!w->chained && (rc = ms_audit_genesis_final(&w->legacy, w->prev, e)))
			return rc;
		w->chained = true;
		unsigned char want[MS_AUDIT_HASH_BYTES];
		if ((rc = ms_audit_link(w->prev, en, want, e)))
			return rc;
		if (hash_n != sizeof want || sodium_memcmp(want, hash, sizeof want) != 0)
			return link_broken(w, en->id, e);
		memcpy(w->prev, want, sizeof want);
		w->r->head_id = en->id;
		sodium_bin2hex(w->r->head, sizeof w->r->head, want, sizeof want);
		if (w->want_head && strcmp(w->want_head, w->r->head) == 0)
			w->head_found = true;
	}
	w->r->entries++;
	w->prev_id = en->id;
	return is_action(en, "poll.close") ? keep_close(w, en, e) : 0;
}

/* A stored result against the poll.close entries of its poll. */
static int check_result(void *ctx, int64_t poll_id, const char *text, size_t n, struct ms_error *e)
{
	struct walk *w = ctx;
	struct close_entry *rec = NULL;
	bool legacy = false;
	for (size_t i = 0; i < w->n_closes; i++) {
		struct close_entry *c = &w->closes[i];
		if (c->poll_id != poll_id)
			continue;
		if (!c->hash[0]) {
			/* Closed before the chain began: nothing recorded to check against. */
			legacy = legacy || c->entry_id <= w->chain_after;
			continue;
		}
		if (rec)
			return ms_failf(e, MS_E_AUDIT_RESULT_TWICE, NULL, MS_AI(poll_id), MS_AI(rec->entry_id),
					MS_AI(c->entry_id));
		rec = c;
	}
	if (!rec) {
		if (!legacy)
			return ms_failf(e, MS_E_AUDIT_RESULT_UNRECORDED, NULL, MS_AI(poll_id));
		w->r->results_legacy++;
		return 0;
	}
	char hex[MS_AUDIT_HEX];
	int rc = ms_audit_hash_hex(text, n, hex, e);
	if (rc)
		return rc;
	if (strcmp(hex, rec->hash) != 0)
		return ms_failf(e, MS_E_AUDIT_RESULT_CHANGED, NULL, MS_AI(poll_id), MS_AI(rec->entry_id));
	rec->matched = true;
	w->r->results++;
	return 0;
}

/* The triggers that keep the log, the results and the ballots as written,
 * the published plans and the verdicts (schema.c, schema_pg.c: migrations
 * 1, 3, 4, 5, 11 and 14; schema_review.c: 35). */
static const struct {
	const char *name, *table, *event; /* event as the definition spells it */
	const char *zh, *en;              /* what it refuses, in words */
} triggers[] = {
	{"audit_no_update", "audit", "UPDATE", "修改", "updates"},
	{"audit_no_delete", "audit", "DELETE", "删除", "deletes"},
	{"audit_no_replace", "audit", "INSERT", "覆盖已有的行", "inserts over an existing row"},
	{"audit_no_truncate", "audit", "TRUNCATE", "清空", "TRUNCATE"},
	{"poll_result_immutable", "poll_result", "UPDATE", "修改", "updates"},
	{"poll_result_undeletable", "poll_result", "DELETE", "删除", "deletes"},
	{"poll_result_no_replace", "poll_result", "INSERT", "覆盖已有的行", "inserts over an existing row"},
	{"poll_result_untruncatable", "poll_result", "TRUNCATE", "清空", "TRUNCATE"},
	{"plan_version_immutable", "plan_version", "UPDATE", "修改", "updates"},
	{"plan_version_undeletable", "plan_version", "DELETE", "删除", "deletes"},
	{"plan_version_no_replace", "plan_version", "INSERT", "覆盖已有的行", "inserts over an existing row"},
	{"plan_version_untruncatable", "plan_version", "TRUNCATE", "清空", "TRUNCATE"},
	{"ballot_immutable", "ballot", "UPDATE", "修改", "updates"},
	{"ballot_undeletable", "ballot", "DELETE", "删除", "deletes"},
	{"ballot_no_replace", "ballot", "INSERT", "覆盖已有的行", "inserts over an existing row"},
	{"ballot_untruncatable", "ballot", "TRUNCATE", "清空", "TRUNCATE"},
	{"ballot_box_sealed", "ballot_box", "UPDATE", "修改", "updates"},
	{"ballot_box_kept", "ballot_box", "DELETE", "投票结束前删除", "deletes before the close"},
	{"ballot_box_no_replace", "ballot_box", "INSERT", "覆盖已有的行", "inserts over an existing row"},
	{"ballot_box_untruncatable", "ballot_box", "TRUNCATE", "清空", "TRUNCATE"},
	{"voting_code_once", "voting_code", "UPDATE", "重复使用或作废", "a second use or voiding"},
	{"voting_code_kept", "voting_code", "DELETE", "删除", "deletes"},
	{"voting_code_no_replace", "voting_code", "INSERT", "覆盖已有的行", "inserts over an existing row"},
	{"voting_code_untruncatable", "voting_code", "TRUNCATE", "清空", "TRUNCATE"},
	{"evaluation_verdict_immutable", "evaluation_verdict", "UPDATE", "修改", "updates"},
	{"evaluation_verdict_undeletable", "evaluation_verdict", "DELETE", "删除", "deletes"},
	{"evaluation_verdict_no_replace", "evaluation_verdict", "INSERT", "覆盖已有的行", "inserts over an existing row"},
	{"evaluation_verdict_untruncatable", "evaluation_verdict", "TRUNCATE", "清空", "TRUNCATE"},
	{"review_verdict_immutable", "review_verdict", "UPDATE", "修改", "updates"},
	{"review_verdict_undeletable", "review_verdict", "DELETE", "删除", "deletes"},
	{"review_verdict_no_replace", "review_verdict", "INSERT", "覆盖已有的行", "inserts over an existing row"},
	{"review_verdict_untruncatable", "review_verdict", "TRUNCATE", "清空", "TRUNCATE"},
};

static int check_triggers(struct ms_db *db, struct ms_audit_report *r, struct ms_error *e)
{
	for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++) {
		struct ms_audit_trigger_state t;
		bool truncate = strcmp(triggers[i].event, "TRUNCATE") == 0;
		int rc = ms_audit_sql_trigger(db, triggers[i].name, triggers[i].table, truncate, &t, e);
		if (rc)
			return rc;
		if (!t.checked)
			continue;
		if (!t.found)
			return ms_failf(e, MS_E_AUDIT_TRIGGER_MISSING, NULL, MS_AS(triggers[i].name),
					MS_AS(triggers[i].table));
		if (!t.enabled)
			return ms_failf(e, MS_E_AUDIT_TRIGGER_DISABLED, NULL, MS_AS(triggers[i].name),
					MS_AS(triggers[i].table));
		/* It still fires before its event and raises (SQLite: RAISE(ABORT,
		 * …); PostgreSQL: its function's RAISE EXCEPTION). */
		char before[32];
		snprintf(before, sizeof before, "BEFORE %s ON", triggers[i].event);
		if (!strstr(t.text, before) || (!strstr(t.text, "RAISE(ABORT") && !strstr(t.text, "RAISE EXCEPTION")))
			return ms_failf(e, MS_E_AUDIT_TRIGGER_CHANGED, NULL, MS_AS(triggers[i].name),
					MS_AS(triggers[i].table), MS_AT(triggers[i].zh, triggers[i].en));
		r->triggers++;
	}
	return 0;
}

/* head: 64 hex digits (either case) into lowercase, or the error. */
static int read_head(const char *head, char out[MS_AUDIT_HEX], struct ms_error *e)
{
	size_t n = strlen(head);
	if (n != MS_AUDIT_HEX - 1)
		return ms_fail(e, MS_E_AUDIT_BAD_HEAD, "head");
	for (size_t i = 0; i < n; i++) {
		char c = head[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return ms_fail(e, MS_E_AUDIT_BAD_HEAD, "head");
		out[i] = c;
	}
	out[n] = 0;
	return 0;
}

int ms_audit_verify(struct ms_db *db, const char *head, struct ms_audit_report *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	char want[MS_AUDIT_HEX];
	struct walk w = {.r = out, .want_head = head ? want : NULL};
	int rc;
	if ((head && (rc = read_head(head, want, e))) || (rc = ms_audit_sql_chain_after(db, &w.chain_after, e)) ||
	    (rc = ms_audit_genesis_init(&w.legacy, e)) || (rc = ms_audit_sql_each(db, step, &w, e)))
		goto out;
	if (head && !w.head_found) {
		rc = ms_failf(e, MS_E_AUDIT_HEAD_NOT_FOUND, "head", MS_AS(want));
		goto out;
	}
	if ((rc = ms_audit_sql_results(db, check_result, &w, e)))
		goto out;
	for (size_t i = 0; i < w.n_closes; i++)
		if (w.closes[i].hash[0] && !w.closes[i].matched) {
			rc = ms_failf(e, MS_E_AUDIT_RESULT_MISSING, NULL, MS_AI(w.closes[i].poll_id),
				      MS_AI(w.closes[i].entry_id));
			goto out;
		}
	rc = check_triggers(db, out, e);
out:
	free(w.closes);
	return rc;
}
