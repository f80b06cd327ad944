/*
 * demo_evaluation.c — the demo's 2025 round, evaluated at year end: its
 * vote (imported as a Pabulib file, like 2026's), five projects, the
 * standing committee (deputy01 … deputy33), and the satisfaction evaluation by the committee — 31 present,
 * deputy01 … deputy03 its scrutineers (two of three shares open it) —
 * rated, sealed, opened and closed through the same rules as the API, so
 * the demo shows verdicts (one dissatisfied) and a bulletin anyone can
 * recount; the congress's consequence rules are adopted after it, for the
 * evaluations to come (so the demo has rules and no consequences yet).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../evaluate/evaluate.h"
#include "cli.h"

static const char *text(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The round voted and in 评议 with its projects. */
static int round_2025(struct ms_db *db, json_t *ev, int64_t city, const int64_t *unit_ids, size_t n_units,
		      int64_t *cycle, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	int64_t poll, *cands = NULL;
	size_t n_cands = 0, i;
	json_t *v, *result = NULL;
	int rc;
	if ((rc = ms_cycle_create(db, sys, city, json_integer_value(json_object_get(ev, "year")), text(ev, "title"),
				  text(ev, "title_en"), cycle, e)) ||
	    (rc = ms_cycle_advance(db, sys, *cycle, MS_PHASE_COMPILE, e)))
		return rc;
	struct ms_poll p = {.cycle_id = *cycle, .congress_id = city, .slots = 5, .max_approvals = 5,
			    .form = MS_FORM_PICK, .base = MS_BASE_ALL, .threshold_num = 1, .threshold_den = 2,
			    .threshold_strict = true, .quorum_num = 1, .quorum_den = 2, .deputies_all = -1};
	ms_strlcpy(p.title, text(ev, "poll"), sizeof p.title);
	char *pb = ms_demo_pb_text(ev);
	if (!pb)
		return ms_nomem(e);
	rc = ms_poll_import_pb(db, sys, &p, pb, strlen(pb), false, false, &poll, &result, e);
	free(pb);
	json_decref(result);
	if (rc || (rc = ms_candidate_ids(db, *cycle, &cands, &n_cands, e)))
		goto out;
	json_array_foreach(json_object_get(ev, "projects"), i, v) {
		if (i >= n_cands)
			break;
		size_t unit = (size_t)json_integer_value(json_object_get(v, "unit"));
		struct ms_candidate_in in = {.title_en = text(v, "title_en"), .category = text(v, "category"),
					     .location = text(v, "location"), .has_unit = unit < n_units,
					     .unit_id = unit < n_units ? unit_ids[unit] : 0};
		if ((rc = ms_candidate_update(db, sys, cands[i], &in, e)))
			goto out;
	}
	for (int ph = MS_PHASE_VOTE; !rc && ph <= MS_PHASE_EVALUATE; ph++)
		rc = ms_cycle_advance(db, sys, *cycle, ph, e);
out:
	free(cands);
	return rc;
}

/* A scrutineer's share, opened with its one-time key pair. */
static int open_share(struct ms_db *db, const struct ms_actor *who, int64_t poll, const unsigned char pk[32],
		      const unsigned char sk[32], json_t *shares, struct ms_error *e)
{
	json_t *mine = NULL;
	int rc = ms_scrutineer_share(db, who, poll, &mine, e);
	if (rc)
		return rc;
	const char *b64 = text(mine, "sealed_share");
	unsigned char sealed[256], plain[256];
	size_t len = 0;
	if (!b64 || sodium_base642bin(sealed, sizeof sealed, b64, strlen(b64), NULL, &len, NULL,
				      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    len <= crypto_box_SEALBYTES || crypto_box_seal_open(plain, sealed, len, pk, sk))
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo cannot open its scrutineer's share");
	else
		json_array_append_new(shares, json_stringn((const char *)plain, len - crypto_box_SEALBYTES));
	sodium_memzero(plain, sizeof plain);
	json_decref(mine);
	return rc;
}

int ms_demo_open_rating(struct ms_db *db, int64_t poll, const struct ms_actor *deputies, const int64_t *ids,
			size_t present, json_t *shares, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	unsigned char pk[3][32], sk[3][32];
	json_t *out = NULL;
	int rc = ms_scrutineers_set(db, sys, poll, ids, 3, 2, e);
	for (int k = 0; !rc && k < 3; k++) {
		crypto_box_keypair(pk[k], sk[k]);
		rc = ms_scrutineer_register(db, &deputies[k], poll, pk[k], e);
	}
	if (!rc && !(rc = ms_checkin(db, sys, poll, ids, present, &out, e)))
		rc = ms_poll_open(db, sys, poll, e);
	for (int k = 0; !rc && shares && k < 2; k++)
		rc = open_share(db, &deputies[k], poll, pk[k], sk[k], shares, e);
	sodium_memzero(sk, sizeof sk);
	json_decref(out);
	return rc;
}

int ms_demo_rate(struct ms_db *db, int64_t poll, const struct ms_actor *deputies, size_t present, const int *counts,
		 struct ms_error *e)
{
	struct ms_poll p;
	int rc = ms_poll_get(db, poll, &p, e);
	if (rc)
		return rc;
	for (size_t v = 0; !rc && v < present; v++) {
		json_t *r = json_object();
		for (size_t k = 0; k < p.n_candidates; k++) {
			size_t s = (size_t)counts[3 * k], b = (size_t)counts[3 * k + 1], d = (size_t)counts[3 * k + 2];
			size_t at = (v * 7 + k * 3) % present;
			char key[24];
			snprintf(key, sizeof key, "%lld", (long long)p.candidate_ids[k]);
			json_object_set_new(r, key, json_string(at < s ? "satisfied" : at < s + b ? "basic"
								: at < s + b + d ? "dissatisfied" : "abstain"));
		}
		struct ms_ballot_in b = {.ratings = r};
		char receipt[33], tracker[11];
		rc = ms_ballot_cast(db, &deputies[v], poll, &b, NULL, receipt, tracker, e);
		json_decref(r);
	}
	ms_poll_fini(&p);
	return rc;
}

int ms_demo_evaluation(struct ms_db *db, json_t *data, int64_t city, const int64_t *unit_ids, size_t n_units,
		       const struct ms_actor *deputies, size_t n_deputies, struct ms_error *e)
{
	const struct ms_actor *sys = &ms_actor_system;
	json_t *ev = json_object_get(data, "evaluated"), *ratings = json_object_get(ev, "ratings");
	size_t committee = (size_t)json_integer_value(json_object_get(ev, "committee"));
	size_t present = (size_t)json_integer_value(json_object_get(ev, "present"));
	int64_t cycle, id, ids[64];
	json_t *shares = json_array(), *out = NULL;
	int rc = shares ? 0 : ms_nomem(e);
	if (!rc && (committee > n_deputies || committee > 64 || present > committee || present < 3))
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the demo's data is malformed");
	for (size_t i = 0; i < committee; i++)
		ids[i] = deputies[i].id;
	if (rc || (rc = round_2025(db, ev, city, unit_ids, n_units, &cycle, e)) ||
	    (rc = ms_committee_set(db, sys, city, ids, committee, e)))
		goto out;
	static const struct ms_consequence_rule rules[] = {
		{MS_VERDICT_DISSATISFIED, MS_CQ_RECTIFY, 15, 0, true}, {MS_VERDICT_DISSATISFIED, MS_CQ_REEVALUATE, 0, 0, true},
		{MS_VERDICT_DISSATISFIED, MS_CQ_TALK, 0, 0, false},   {MS_VERDICT_DISSATISFIED, MS_CQ_PENALTY, 0, 5, true},
		{MS_VERDICT_BASIC, MS_CQ_REREPORT, 20, 0, true}};
	struct ms_evaluation_in in = {.poll = {.cycle_id = cycle, .congress_id = city, .deputies_all = -1,
					       .electorate = MS_ELECTORATE_COMMITTEE, .base = MS_BASE_ALL,
					       .threshold_num = 1, .threshold_den = 2, .threshold_strict = true,
					       .quorum_num = 1, .quorum_den = 2, .rate_abstain = true}};
	ms_strlcpy(in.poll.title, text(ev, "evaluation"), sizeof in.poll.title);
	/* Deputy v rates project k by the counts of demo.json: the first s
	 * satisfied, the next b basically satisfied, the next d dissatisfied,
	 * the rest abstain — each deputy from a different place in the list. */
	int counts[64][3];
	for (size_t k = 0; k < 64 && k < json_array_size(ratings); k++)
		for (size_t j = 0; j < 3; j++)
			counts[k][j] = (int)json_integer_value(json_array_get(json_array_get(ratings, k), j));
	if ((rc = ms_evaluation_create(db, sys, &in, &id, e)) ||
	    (rc = ms_demo_open_rating(db, id, deputies, ids, present, shares, e)) ||
	    (rc = ms_demo_rate(db, id, deputies, present, &counts[0][0], e)))
		goto out;
	json_decref(out);
	out = NULL;
	if (!rc)
		rc = ms_evaluation_close(db, sys, id, shares, &out, e);
	/* The rules the congress adopted afterwards, for the evaluations to come. */
	if (!rc)
		rc = ms_consequence_rules_set(db, sys, city, rules, sizeof rules / sizeof rules[0], e);
out:
	json_decref(out);
	json_decref(shares);
	return rc;
}
