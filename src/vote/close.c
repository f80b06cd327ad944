/*
 * close.c — the close: the stored ballots are counted once, inside the
 * close's transaction, by the counting library; the result (with the rule
 * in words and the hash of the bulletin) is stored and never recomputed,
 * then published. A sealed poll's ballots are first opened with the
 * scrutineers' shares and stored in random order (docs/secrecy.md).
 */
#include "vote.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "vote_internal.h"

/* Ballots → count-library ballots (candidate ids → indices). */
struct collect {
	const struct ms_poll *p;
	struct ms_ballot *ballots;
	uint32_t *pool;
	size_t n, cap, pool_n, pool_cap;
};

static int collect_ballot(void *ctx, const int64_t *choices, size_t n, const int64_t *opposes, size_t n_opp,
			  bool paper)
{
	(void)paper;
	struct collect *k = ctx;
	if (k->n == k->cap) {
		size_t nc = k->cap ? 2 * k->cap : 256;
		struct ms_ballot *nb = realloc(k->ballots, nc * sizeof *nb);
		if (!nb)
			return MS_ERR_NOMEM;
		k->ballots = nb, k->cap = nc;
	}
	if (k->pool_n + n + n_opp > k->pool_cap) {
		size_t nc = (k->pool_cap ? 2 * k->pool_cap : 4096) + n + n_opp;
		uint32_t *np = realloc(k->pool, nc * sizeof *np);
		if (!np)
			return MS_ERR_NOMEM;
		k->pool = np, k->pool_cap = nc;
	}
	for (size_t i = 0; i < n + n_opp; i++) {
		int idx = ms_poll_candidate_index(k->p, i < n ? choices[i] : opposes[i - n]);
		/* An id not on the poll cannot be stored; if it were, it voids the ballot. */
		k->pool[k->pool_n + i] = idx < 0 ? (uint32_t)k->p->n_candidates : (uint32_t)idx;
	}
	/* Store offsets now; pointers are fixed up once the pool stops moving. */
	k->ballots[k->n] = (struct ms_ballot){.choices = (const uint32_t *)(uintptr_t)k->pool_n,
					      .n_choices = (uint32_t)n,
					      .opposes = (const uint32_t *)(uintptr_t)(k->pool_n + n),
					      .n_opposes = (uint32_t)n_opp};
	k->n++;
	k->pool_n += n + n_opp;
	return 0;
}

static json_t *result_json(const struct ms_poll *p, json_t *cands, const struct ms_count_params *cp,
			   const struct ms_count_result *r)
{
	json_t *list = json_array();
	for (uint32_t k = 0; k < r->n_candidates; k++) {
		uint32_t i = r->ranking[k];
		json_t *meta = json_array_get(cands, i);
		const struct ms_count_candidate *cr = &r->candidates[i];
		json_t *item = json_pack("{s:I, s:O, s:O, s:O, s:O, s:O, s:I, s:I, s:I, s:s}", "candidate_id",
					 (json_int_t)p->candidate_ids[i], "title", json_object_get(meta, "title"),
					 "title_en", json_object_get(meta, "title_en"), "cost",
					 json_object_get(meta, "cost"), "unit_name", json_object_get(meta, "unit_name"),
					 "unit_name_en", json_object_get(meta, "unit_name_en"), "approvals",
					 (json_int_t)cr->approvals, "rank", (json_int_t)cr->rank, "margin",
					 (json_int_t)cr->margin, "status", ms_names_key(&ms_count_status_names, (int)cr->status));
		if (item && cp->form == MS_FORM_RANKED)
			json_object_set_new(item, "points", json_integer(cr->approvals));
		if (item && cp->form == MS_FORM_APPROVE_OPPOSE) {
			json_object_set_new(item, "opposes", json_integer(cr->opposes));
			json_object_set_new(item, "abstains", json_integer(cr->abstains));
		}
		json_array_append_new(list, item);
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	return json_pack("{s:s, s:I, s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:I, "
			 "s:I, s:I, s:I, s:I, s:b, s:o, s:I, s:o, s:s}",
			 "ballot_form", ms_names_key(&ms_ballot_form_names, cp->form), "poll_id", (json_int_t)p->id,
			 "title", p->title, "status",
			 r->vote_invalid ? "invalid" : r->runoff_needed ? "runoff" : "final", "rule_text",
			 ms_poll_rule_text(cp), "deputies_all", (json_int_t)cp->deputies_all, "deputies_present",
			 (json_int_t)cp->deputies_present, "ballots_issued", (json_int_t)cp->ballots_issued,
			 "ballots_returned", (json_int_t)r->ballots_returned, "valid", (json_int_t)r->valid,
			 "blank", (json_int_t)r->blank, "void", (json_int_t)r->void_, "slots",
			 (json_int_t)cp->slots, "max_approvals", (json_int_t)cp->max_approvals, "threshold_base",
			 ms_names_key(&ms_threshold_base_names, cp->base), "threshold_num", (json_int_t)cp->frac_num,
			 "threshold_den", (json_int_t)cp->frac_den, "base_value", (json_int_t)r->base_value,
			 "threshold_votes", (json_int_t)r->threshold_votes, "quorum_num", (json_int_t)p->quorum_num,
			 "quorum_den", (json_int_t)p->quorum_den, "n_selected", (json_int_t)r->n_selected,
			 "runoff_slots", (json_int_t)r->runoff_slots, "threshold_strict", cp->strict, "budget",
			 cp->has_budget ? json_integer(cp->budget) : json_null(), "cost_selected",
			 (json_int_t)r->cost_selected, "candidates", list, "counted_at", now);
}

int ms_close_tally(const struct ms_poll *p, json_t *cands, int64_t present, const struct ms_ballot_sources *each,
		   void *src, json_t **out, struct ms_error *e)
{
	if (p->form == MS_FORM_RATE)
		return ms_rate_tally(p, cands, present, each->json, src, out, e);
	struct collect k = {.p = p};
	int rc = each->ids(src, collect_ballot, &k, e);
	if (rc)
		goto out;
	/* Every ballot blank: no pool was ever made (and NULL + 0 is undefined). */
	static const uint32_t none[1];
	const uint32_t *pool = k.pool ? k.pool : none;
	for (size_t i = 0; i < k.n; i++) {
		k.ballots[i].choices = pool + (uintptr_t)k.ballots[i].choices;
		k.ballots[i].opposes = pool + (uintptr_t)k.ballots[i].opposes;
	}
	struct ms_count_params cp;
	ms_poll_params(p, p->deputies_all, present, &cp);
	struct ms_count_result r;
	if ((rc = ms_count_threshold(&ms_allocator_libc, &cp, k.ballots, k.n, &r, e)))
		goto out;
	*out = result_json(p, cands, &cp, &r);
	ms_count_result_fini(&ms_allocator_libc, &r);
	if (!*out)
		rc = ms_nomem(e);
out:
	free(k.ballots);
	free(k.pool);
	return rc;
}

static int stored_ballots(void *src, ms_ballot_fn fn, void *ctx, struct ms_error *e)
{
	const struct ms_stored *s = src;
	return ms_ballot_sql_each(s->db, s->poll_id, fn, ctx, e);
}

static int stored_choices(void *src, ms_choices_fn fn, void *ctx, struct ms_error *e)
{
	const struct ms_stored *s = src;
	return ms_ballot_sql_each_json(s->db, s->poll_id, fn, ctx, e);
}

const struct ms_ballot_sources ms_stored_sources = {stored_ballots, stored_choices};

int ms_close_count(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, int64_t present,
		   json_t *closers, json_t **out, struct ms_error *e)
{
	json_t *pj = NULL, *res = NULL;
	char *text = NULL, hash[65];
	struct ms_stored src = {.db = db, .poll_id = p->id};
	int rc;
	if ((rc = ms_poll_sql_json(db, p->id, &pj, e)) ||
	    (rc = ms_close_tally(p, json_object_get(pj, "candidates"), present, &ms_stored_sources, &src, &res, e)) ||
	    (rc = ms_bulletin_hash(db, p->id, hash, e)))
		goto out;
	json_object_set_new(res, "bulletin_hash", json_string(hash));
	/* The reconciliation: paper and electronic, issued and returned. */
	int64_t paper_issued = 0, paper_returned = 0;
	if ((rc = ms_desk_sql_paper_counts(db, p->id, &paper_issued, &paper_returned, e)))
		goto out;
	json_int_t returned = json_integer_value(json_object_get(res, "ballots_returned"));
	json_object_set_new(res, "paper_issued", json_integer(paper_issued));
	json_object_set_new(res, "paper_returned", json_integer(paper_returned));
	json_object_set_new(res, "electronic_issued", json_integer(present - paper_issued));
	json_object_set_new(res, "electronic_returned", json_integer(returned - paper_returned));
	if (!(text = json_dumps(res, JSON_COMPACT))) {
		rc = ms_nomem(e);
		goto out;
	}
	char now[32], result_hash[MS_AUDIT_HEX]; /* the stored text's hash, chained in the audit log */
	ms_now_iso(now, sizeof now);
	if ((rc = ms_audit_hash_hex(text, strlen(text), result_hash, e)))
		goto out;
	json_t *detail = json_pack("{s:O, s:O, s:O?, s:O?, s:s, s:s}", "status", json_object_get(res, "status"),
				   "ballots_returned", json_object_get(res, "ballots_returned"), "n_selected",
				   json_object_get(res, "n_selected"), "verdicts", json_object_get(res, "verdicts"),
				   "bulletin_hash", hash, "result_hash", result_hash);
	if (detail && closers)
		json_object_set(detail, "scrutineer_ids", closers);
	if ((rc = ms_close_sql_close(db, p->id, now, text, e)) ||
	    (rc = ms_audit_append(db, by, p->congress_id, "poll.close", "poll", p->id, detail, e)))
		goto out;
	*out = res;
	res = NULL;
out:
	free(text);
	json_decref(res);
	json_decref(pj);
	return rc;
}

/* ---- opening the sealed ballots ---- */

struct unseal {
	const struct ms_poll *p;
	const unsigned char *sk;
	size_t len, n, cap;     /* plaintext length; boxes opened; room */
	unsigned char *plain;   /* n plaintexts of len bytes */
};

static int unseal_one(void *ctx, const unsigned char *box, size_t blen)
{
	struct unseal *u = ctx;
	if (blen != u->len + MS_SEAL_BYTES && blen != u->len + crypto_box_SEALBYTES)
		return MS_ERR_INTERNAL;
	if (u->n == u->cap) {
		size_t nc = u->cap ? 2 * u->cap : 256;
		unsigned char *np = sodium_allocarray(nc, u->len ? u->len : 1);
		if (!np)
			return MS_ERR_NOMEM;
		if (u->plain) {
			memcpy(np, u->plain, u->n * u->len);
			sodium_free(u->plain);
		}
		u->plain = np, u->cap = nc;
	}
	if (ms_seal_open(u->plain + u->n * u->len, box, blen, u->len, u->p->public_key, u->sk))
		return MS_ERR_INTERNAL;
	u->n++;
	return 0;
}

/* Store one opened rating ballot. */
static int unseal_rated(struct ms_db *db, const struct ms_poll *p, const unsigned char *plain, size_t len,
			struct ms_error *e)
{
	uint16_t *marks = malloc((p->n_candidates + 1) * sizeof *marks);
	bool paper;
	char tracker[MS_TRACKER_LEN + 1], *text = NULL;
	int rc = marks ? 0 : ms_nomem(e);
	if (!rc && ms_seal_decode_marks(p, plain, len, marks, &paper, tracker))
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "poll %lld: a sealed ballot is malformed", (long long)p->id);
	if (!rc && !(text = ms_rate_text(p, marks)))
		rc = ms_nomem(e);
	if (!rc)
		rc = ms_ballot_sql_add_text(db, p->id, text, paper, tracker, e);
	free(text);
	free(marks);
	return rc;
}

/* Open poll p's sealed ballots with its private key sk and store them as
 * ballots, in an order drawn at random, in the close's transaction. The
 * electronic ones must be as many as the deputies who voted logged in and
 * the voting codes used. */
static int unseal_all(struct ms_db *db, const struct ms_poll *p, const unsigned char sk[32], struct ms_error *e)
{
	struct unseal u = {.p = p, .sk = sk, .len = ms_seal_plain_len(p)};
	int64_t voted = 0, coded = 0, electronic = 0;
	int64_t *ids = malloc((p->n_candidates + 1) * sizeof *ids);
	size_t *order = NULL;
	int rc = ids ? ms_ballot_sql_box_each(db, p->id, unseal_one, &u, e) : ms_nomem(e);
	if (rc == MS_ERR_INTERNAL)
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "poll %lld: a sealed ballot does not open",
				  (long long)p->id);
	else if (rc == MS_ERR_NOMEM)
		rc = ms_nomem(e);
	if (rc || (rc = ms_ballot_sql_participation_count(db, p->id, &voted, e)) ||
	    (rc = ms_code_sql_used_count(db, p->id, &coded, e)))
		goto out;
	voted += coded; /* deputies who voted logged in, and codes used */
	for (size_t i = 0; i < u.n; i++)
		electronic += u.plain[i * u.len + 1] == 0;
	if (electronic != voted) {
		rc = ms_failf(e, MS_E_BALLOT_BOX_MISMATCH, NULL, MS_AI(voted), MS_AI(electronic));
		goto out;
	}
	if (!(order = malloc((u.n + 1) * sizeof *order))) {
		rc = ms_nomem(e);
		goto out;
	}
	ms_shuffle(order, u.n);
	bool ao = p->form == MS_FORM_APPROVE_OPPOSE;
	for (size_t i = 0; !rc && i < u.n; i++) {
		size_t na, n;
		bool paper;
		char tracker[MS_TRACKER_LEN + 1];
		if (p->form == MS_FORM_RATE) {
			rc = unseal_rated(db, p, u.plain + order[i] * u.len, u.len, e);
			continue;
		}
		if (ms_seal_decode(p, u.plain + order[i] * u.len, u.len, ids, &na, &n, &paper, tracker))
			rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "poll %lld: a sealed ballot is malformed",
					  (long long)p->id);
		else
			rc = ms_ballot_sql_add(db, p->id, ids, na, ao ? ids + na : NULL, n - na, p->form == MS_FORM_RANKED,
					       paper, tracker, e);
	}
out:
	if (u.plain)
		sodium_free(u.plain); /* zeroed on free */
	free(order);
	free(ids);
	return rc;
}

int ms_poll_need_form(const struct ms_poll *p, bool rated, struct ms_error *e)
{
	if ((p->form == MS_FORM_RATE) == rated)
		return 0;
	return rated ? ms_failf(e, MS_E_NOT_AN_EVALUATION, NULL, MS_AI(p->id))
		     : ms_failf(e, MS_E_EVALUATION_ELSEWHERE, NULL, MS_AI(p->id));
}

void ms_shuffle(size_t *order, size_t n)
{
	for (size_t i = 0; i < n; i++) { /* Fisher–Yates, from libsodium's uniform draw */
		size_t j = randombytes_uniform((uint32_t)(i + 1));
		order[i] = order[j];
		order[j] = i;
	}
}

int ms_poll_seal_note(const struct ms_poll *p, const void *data, size_t n, unsigned char box[MS_SEALED_NOTE_BOX],
		      struct ms_error *e)
{
	if (!p->sealed)
		return ms_fail(e, MS_E_POLL_UNSEALED, NULL);
	if (n > MS_SEALED_NOTE_MAX)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "a note of %zu bytes", n);
	unsigned char plain[MS_SEALED_NOTE_MAX + 2] = {(unsigned char)(n & 0xff), (unsigned char)(n >> 8)};
	memcpy(plain + 2, data, n);
	int rc = crypto_box_seal(box, plain, sizeof plain, p->public_key)
			 ? ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "poll %lld: cannot seal a note", (long long)p->id)
			 : 0;
	sodium_memzero(plain, sizeof plain);
	return rc;
}

int ms_poll_open_note(const struct ms_poll *p, const unsigned char sk[32], const unsigned char *box, size_t len,
		      char *out, size_t *n)
{
	unsigned char plain[MS_SEALED_NOTE_MAX + 2];
	if (len != MS_SEALED_NOTE_BOX || crypto_box_seal_open(plain, box, len, p->public_key, sk))
		return -1;
	size_t k = (size_t)plain[0] | (size_t)plain[1] << 8;
	if (k > MS_SEALED_NOTE_MAX)
		return -1;
	memcpy(out, plain + 2, k);
	out[k] = 0;
	*n = k;
	sodium_memzero(plain, sizeof plain);
	return 0;
}

/* Close poll_id, which is a rating poll when rated, else a selection poll;
 * hook (when not NULL) opens what its domain sealed beside the ballots. */
static int close_poll(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, bool rated, json_t *shares,
		      ms_close_hook *hook, void *ctx, json_t **result, struct ms_error *e)
{
	struct ms_poll p;
	int64_t present;
	json_t *closers = NULL;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc || (rc = ms_poll_need_form(&p, rated, e)) || (rc = ms_poll_need_open(&p, e)) ||
	    (rc = ms_paper_unresolved(db, p.id, e)) || (rc = ms_desk_sql_present_count(db, p.id, &present, e)))
		goto out;
	if (p.sealed) {
		unsigned char sk[32];
		rc = ms_scrutineers_unlock(db, &p, shares, sk, &closers, e);
		if (!rc)
			rc = unseal_all(db, &p, sk, e);
		if (!rc && hook)
			rc = hook(db, &p, sk, ctx, e);
		sodium_memzero(sk, sizeof sk);
		if (rc)
			goto out;
	}
	/* The boxes go once the poll is closed (their trigger keeps them until then). */
	if (!(rc = ms_close_count(db, by, &p, present, closers, result, e)) && p.sealed)
		rc = ms_ballot_sql_box_clear(db, p.id, e);
out:
	json_decref(closers);
	ms_poll_fini(&p);
	return rc;
}

int ms_poll_close(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *shares, json_t **result,
		  struct ms_error *e)
{
	int rc = close_poll(db, by, poll_id, false, shares, NULL, NULL, result, e);
	if (!rc && (rc = ms_override_merge(db, poll_id, *result, e))) { /* the result as GET …/result shows it */
		json_decref(*result);
		*result = NULL;
	}
	return rc;
}

int ms_rate_close(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *shares, json_t **result,
		  struct ms_error *e)
{
	return close_poll(db, by, poll_id, true, shares, NULL, NULL, result, e);
}

int ms_rate_close_with(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *shares,
		       ms_close_hook *hook, void *ctx, json_t **result, struct ms_error *e)
{
	return close_poll(db, by, poll_id, true, shares, hook, ctx, result, e);
}

static int result_of(struct ms_db *db, int64_t poll_id, bool rated, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_get(db, poll_id, &p, e);
	if (!rc && !(rc = ms_poll_need_form(&p, rated, e)) &&
	    !(rc = ms_poll_need_closed(&p, MS_AT("公布投票结果", "the result is published"), e)))
		rc = ms_close_sql_result(db, p.id, out, e);
	ms_poll_fini(&p);
	return rc;
}

int ms_poll_result(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	int rc = result_of(db, poll_id, false, out, e);
	if (!rc && (rc = ms_override_merge(db, poll_id, *out, e))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int ms_rate_result(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	return result_of(db, poll_id, true, out, e);
}
