/*
 * bulletin.c — the public bulletin of a closed poll (docs/secrecy.md):
 * every counted ballot with its tracker, in the order of the ballots'
 * random ids; the settings and candidates that recount it; the published
 * result; and the hash of the ballots, which the result carries too (so the
 * hash-chained audit log vouches for it). Anyone can recount a downloaded
 * bulletin with `minsheng verify FILE` (ms_bulletin_verify).
 *
 * The hash: BLAKE2b-256 over one line per ballot, in bulletin order,
 * "<tracker>\t<choices as compact JSON>\t<0|1 paper>\n" (an imported
 * ballot has an empty tracker).
 */
#include "vote.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "vote_internal.h"

static const char BULLETIN_FORMAT[] = "minsheng-bulletin-1";

static void hash_line(crypto_generichash_state *st, const char *tracker, const char *choices, bool paper)
{
	crypto_generichash_update(st, (const unsigned char *)(tracker ? tracker : ""), tracker ? strlen(tracker) : 0);
	crypto_generichash_update(st, (const unsigned char *)"\t", 1);
	crypto_generichash_update(st, (const unsigned char *)choices, strlen(choices));
	crypto_generichash_update(st, (const unsigned char *)(paper ? "\t1\n" : "\t0\n"), 3);
}

static void hash_hex(crypto_generichash_state *st, char hex[65])
{
	unsigned char h[32];
	crypto_generichash_final(st, h, sizeof h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

static int hash_row(void *ctx, const char *tracker, const char *choices, bool paper)
{
	hash_line(ctx, tracker, choices, paper);
	return 0;
}

int ms_bulletin_hash(struct ms_db *db, int64_t poll_id, char hex[65], struct ms_error *e)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	int rc = ms_ballot_sql_bulletin(db, poll_id, hash_row, &st, e);
	if (!rc)
		hash_hex(&st, hex);
	return rc;
}

static int add_row(void *ctx, const char *tracker, const char *choices, bool paper)
{
	json_t *c = json_loads(choices, 0, NULL);
	json_t *row = c ? json_pack("{s:s?, s:o, s:b}", "tracker", tracker, "choices", c, "paper", paper) : NULL;
	return row && !json_array_append_new(ctx, row) ? 0 : MS_ERR_NOMEM;
}

static const char *const SETTINGS[] = {"ballot_form", "slots",      "max_approvals", "threshold_base", "threshold_num",
				       "threshold_den", "threshold_strict", "budget",	     "quorum_num",     "quorum_den",
				       "electorate",	"rate_abstain", "rate_items",	     "rate_combine",   NULL};

/* The candidates as the close saw them: a candidate's title, cost and unit may
 * change after the close (the lead unit is named when the project is made),
 * but the bulletin recounts the published result, so each candidate carries
 * the values that result recorded (matched by id). Edits pj's list. */
static void as_closed(json_t *cands, json_t *res)
{
	static const char *const KEYS[] = {"title", "title_en", "cost", "unit_name", "unit_name_en", NULL};
	size_t i, j;
	json_t *c, *r;
	json_array_foreach(cands, i, c) {
		json_array_foreach(json_object_get(res, "candidates"), j, r) {
			if (!json_equal(json_object_get(r, "candidate_id"), json_object_get(c, "id")))
				continue;
			for (size_t k = 0; KEYS[k]; k++)
				if (json_object_get(r, KEYS[k]))
					json_object_set(c, KEYS[k], json_object_get(r, KEYS[k]));
			break;
		}
	}
}

static int bulletin(struct ms_db *db, int64_t poll_id, bool rated, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	json_t *pj = NULL, *res = NULL, *ballots = json_array(), *settings = json_object();
	char hex[65];
	int rc = ms_poll_get(db, poll_id, &p, e);
	if (!rc && !(rc = ms_poll_need_form(&p, rated, e)))
		rc = ms_poll_need_closed(&p, MS_AT("公布选票公示表", "the bulletin is published"), e);
	bool units = !rc && p.rates_units;
	ms_poll_fini(&p);
	if (rc || (rc = ms_poll_sql_json(db, poll_id, &pj, e)) || (rc = ms_close_sql_result(db, poll_id, &res, e)))
		goto out;
	if (!ballots || !settings) {
		rc = ms_nomem(e);
		goto out;
	}
	if ((rc = ms_ballot_sql_bulletin(db, poll_id, add_row, ballots, e)) || (rc = ms_bulletin_hash(db, poll_id, hex, e)))
		goto out;
	for (size_t i = 0; SETTINGS[i]; i++)
		json_object_set(settings, SETTINGS[i], json_object_get(pj, SETTINGS[i]));
	if (units) /* a review's: its rule in words names units (the recount words it the same) */
		json_object_set_new(settings, "rate_subject", json_string("units"));
	as_closed(json_object_get(pj, "candidates"), res);
	*out = json_pack("{s:s, s:I, s:O, s:o, s:O, s:o, s:s, s:o}", "format", BULLETIN_FORMAT, "poll_id",
			 (json_int_t)poll_id, "title", json_object_get(pj, "title"), "settings", settings, "candidates",
			 json_object_get(pj, "candidates"), "ballots", ballots, "ballots_hash", hex, "result", res);
	settings = ballots = res = NULL;
	if (!*out)
		rc = ms_nomem(e);
out:
	json_decref(settings);
	json_decref(ballots);
	json_decref(res);
	json_decref(pj);
	return rc;
}

int ms_bulletin(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	return bulletin(db, poll_id, false, out, e);
}

int ms_rate_bulletin(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	return bulletin(db, poll_id, true, out, e);
}

/* ---- recounting a bulletin ---- */

/* A bulletin's ballots as a source for ms_close_tally. */
static int doc_ballots(void *src, ms_ballot_fn fn, void *ctx, struct ms_error *e)
{
	json_t *ballots = src, *b;
	size_t i;
	int64_t *ids = NULL;
	size_t cap = 0;
	int rc = 0;
	json_array_foreach(ballots, i, b) {
		json_t *c = json_object_get(b, "choices");
		json_t *appr = json_is_object(c) ? json_object_get(c, "approve") : c;
		json_t *opp = json_is_object(c) ? json_object_get(c, "oppose") : NULL;
		size_t na = json_array_size(appr), n = na + json_array_size(opp);
		if (!json_is_array(appr) || (json_is_object(c) && !json_is_array(opp))) {
			rc = ms_failf(e, MS_E_NOT_A_BULLETIN, "ballots",
				      MS_AT("某张选票的 choices 不是选票", "a ballot's choices are not a ballot"));
			break;
		}
		if (n + 1 > cap) {
			int64_t *nb = realloc(ids, (n + 1) * sizeof *nb);
			if (!nb) {
				rc = ms_nomem(e);
				break;
			}
			ids = nb, cap = n + 1;
		}
		for (size_t k = 0; k < n; k++)
			ids[k] = json_integer_value(json_array_get(k < na ? appr : opp, k < na ? k : k - na));
		if ((rc = fn(ctx, ids, na, opp ? ids + na : NULL, n - na, json_is_true(json_object_get(b, "paper"))))) {
			if (rc == MS_ERR_NOMEM)
				ms_nomem(e);
			break;
		}
	}
	free(ids);
	return rc;
}

/* A bulletin's ballots as the stored JSON (rating ballots). */
static int doc_choices(void *src, ms_choices_fn fn, void *ctx, struct ms_error *e)
{
	json_t *ballots = src, *b;
	size_t i;
	json_array_foreach(ballots, i, b) {
		int rc = fn(ctx, json_object_get(b, "choices"), json_is_true(json_object_get(b, "paper")));
		if (rc)
			return rc == MS_ERR_NOMEM ? ms_nomem(e) : rc;
	}
	return 0;
}

static const struct ms_ballot_sources doc_sources = {doc_ballots, doc_choices};

static int cmp_cand(const void *a, const void *b)
{
	int64_t x = json_integer_value(json_object_get(*(json_t *const *)a, "id"));
	int64_t y = json_integer_value(json_object_get(*(json_t *const *)b, "id"));
	return (x > y) - (x < y);
}

/* The poll a bulletin describes, enough to count it. */
static int doc_poll(json_t *doc, struct ms_poll *p, json_t **cands, struct ms_error *e)
{
	json_t *st = json_object_get(doc, "settings"), *res = json_object_get(doc, "result");
	json_t *cl = json_object_get(doc, "candidates");
	memset(p, 0, sizeof *p);
	const char *title = json_string_value(json_object_get(doc, "title"));
	if (!json_is_object(st) || !json_is_object(res) || !json_is_array(cl) || !title ||
	    strcmp(json_string_value(json_object_get(doc, "format")) ? json_string_value(json_object_get(doc, "format")) : "",
		   BULLETIN_FORMAT))
		return ms_failf(e, MS_E_NOT_A_BULLETIN, "format",
				MS_AT("缺少 format、title、settings、candidates 或 result",
				      "format, title, settings, candidates or result is missing or wrong"));
	p->id = json_integer_value(json_object_get(doc, "poll_id"));
	snprintf(p->title, sizeof p->title, "%s", title);
	p->status = MS_POLL_CLOSED;
	int form = ms_names_find(&ms_ballot_form_names, json_string_value(json_object_get(st, "ballot_form")));
	int base = ms_names_find(&ms_threshold_base_names, json_string_value(json_object_get(st, "threshold_base")));
	p->form = form < 0 ? MS_FORM_PICK : form;
	p->base = base < 0 ? MS_BASE_ALL : base;
	p->slots = (uint32_t)json_integer_value(json_object_get(st, "slots"));
	p->max_approvals = (uint32_t)json_integer_value(json_object_get(st, "max_approvals"));
	p->threshold_num = (uint32_t)json_integer_value(json_object_get(st, "threshold_num"));
	p->threshold_den = (uint32_t)json_integer_value(json_object_get(st, "threshold_den"));
	p->threshold_strict = json_is_true(json_object_get(st, "threshold_strict"));
	p->has_budget = json_is_integer(json_object_get(st, "budget"));
	p->budget = json_integer_value(json_object_get(st, "budget"));
	p->quorum_num = (uint32_t)json_integer_value(json_object_get(st, "quorum_num"));
	p->quorum_den = (uint32_t)json_integer_value(json_object_get(st, "quorum_den"));
	p->deputies_all = json_integer_value(json_object_get(res, "deputies_all"));
	int electorate = ms_names_find(&ms_electorate_names, json_string_value(json_object_get(st, "electorate")));
	p->electorate = electorate < 0 ? MS_ELECTORATE_DEPUTIES : electorate;
	p->rate_abstain = json_is_true(json_object_get(st, "rate_abstain"));
	json_t *items = json_object_get(st, "rate_items");
	p->rate_n_sub = json_array_size(items) <= MS_RATE_ITEMS_MAX ? (uint32_t)json_array_size(items) : MS_RATE_ITEMS_MAX + 1;
	int combine = ms_names_find(&ms_combine_names, json_string_value(json_object_get(st, "rate_combine")));
	p->rate_combine = combine < 0 ? MS_COMBINE_POOLED : combine;
	const char *subject = json_string_value(json_object_get(st, "rate_subject"));
	p->rates_units = subject && strcmp(subject, "units") == 0;
	size_t n = json_array_size(cl);
	json_t **v = calloc(n + 1, sizeof *v);
	p->candidate_ids = calloc(n + 1, sizeof *p->candidate_ids);
	p->candidate_costs = calloc(n + 1, sizeof *p->candidate_costs);
	*cands = json_array();
	if (!v || !p->candidate_ids || !p->candidate_costs || !*cands) {
		free(v);
		return ms_nomem(e);
	}
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(cl, i);
	qsort(v, n, sizeof *v, cmp_cand);
	for (size_t i = 0; i < n; i++) {
		p->candidate_ids[i] = json_integer_value(json_object_get(v[i], "id"));
		p->candidate_costs[i] = json_integer_value(json_object_get(v[i], "cost"));
		json_array_append(*cands, v[i]);
	}
	p->n_candidates = n;
	free(v);
	return 0;
}

/* What differs between the published result pub and the recount mine. */
static void compare(json_t *pub, json_t *mine, json_t *diffs)
{
	const char *key;
	json_t *v;
	json_object_foreach(mine, key, v) {
		if (!strcmp(key, "counted_at") || !strcmp(key, "candidates"))
			continue;
		if (!json_equal(v, json_object_get(pub, key)))
			json_array_append_new(diffs, json_pack("{s:s, s:O, s:O?}", "field", key, "recount", v, "published",
							       json_object_get(pub, key)));
	}
	json_t *a = json_object_get(mine, "candidates"), *b = json_object_get(pub, "candidates");
	size_t i;
	json_array_foreach(a, i, v) {
		json_t *w = json_array_get(b, i);
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) if (!json_equal(x, json_object_get(w, k))) json_array_append_new(
			diffs, json_pack("{s:s, s:I, s:s, s:O, s:O?}", "field", "candidates", "rank", (json_int_t)(i + 1),
					 "key", k, "recount", x, "published", json_object_get(w, k)));
	}
	if (json_array_size(b) != json_array_size(a))
		json_array_append_new(diffs, json_pack("{s:s, s:I, s:I}", "field", "candidates", "recount",
						       (json_int_t)json_array_size(a), "published",
						       (json_int_t)json_array_size(b)));
}

int ms_bulletin_verify(json_t *doc, json_t **diffs, json_t **recount, struct ms_error *e)
{
	struct ms_poll p = {0};
	json_t *cands = NULL, *mine = NULL, *ballots = json_object_get(doc, "ballots");
	json_t *res = json_object_get(doc, "result");
	*diffs = json_array();
	int rc = *diffs ? doc_poll(doc, &p, &cands, e) : ms_nomem(e);
	if (!rc && !json_is_array(ballots))
		rc = ms_failf(e, MS_E_NOT_A_BULLETIN, "ballots", MS_AT("没有 ballots 列表", "it has no list of ballots"));
	if (!rc)
		rc = ms_close_tally(&p, cands, json_integer_value(json_object_get(res, "deputies_present")), &doc_sources,
				   ballots, &mine, e);
	if (!rc) {
		crypto_generichash_state st;
		char hex[65];
		size_t i;
		json_t *b;
		crypto_generichash_init(&st, NULL, 0, 32);
		json_array_foreach(ballots, i, b) {
			char *c = json_dumps(json_object_get(b, "choices"), JSON_COMPACT | JSON_ENCODE_ANY);
			if (!c) {
				rc = ms_nomem(e);
				break;
			}
			hash_line(&st, json_string_value(json_object_get(b, "tracker")), c,
				  json_is_true(json_object_get(b, "paper")));
			free(c);
		}
		hash_hex(&st, hex);
		json_object_set_new(mine, "bulletin_hash", json_string(hex));
		if (!json_equal(json_object_get(doc, "ballots_hash"), json_object_get(mine, "bulletin_hash")))
			json_array_append_new(*diffs, json_pack("{s:s, s:s, s:O?}", "field", "ballots_hash", "recount", hex,
								"published", json_object_get(doc, "ballots_hash")));
		compare(res, mine, *diffs);
	}
	if (!rc)
		*recount = mine;
	else
		json_decref(mine);
	json_decref(cands);
	ms_poll_fini(&p);
	if (rc) {
		json_decref(*diffs);
		*diffs = NULL;
	}
	return rc;
}
