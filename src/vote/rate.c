/*
 * rate.c — the rating ballot (form rate): the year-end evaluation's sheet,
 * on which each project of the poll is rated 满意 / 基本满意 / 不满意 (or
 * left to abstain where the poll allows it) — on each of its sub-items
 * when the poll names some. It travels like every other ballot (sealed at
 * the cast, opened by the scrutineers at the close, on the bulletin with
 * its tracker) and is counted by the counting library's satisfaction rule
 * (count/satisfaction.h).
 *
 * Three shapes of the same ballot:
 *   - as cast, JSON: {"<candidate id>": "satisfied" | "basic" |
 *     "dissatisfied" | "abstain"}, or with sub-items an array of those, one
 *     per sub-item;
 *   - as marks, one 16-bit mark per candidate of the poll (in id order),
 *     two bits per sub-item (sub-item j in bits 2j and 2j+1: enum
 *     ms_rating) — the sealed plaintext (seal.c);
 *   - as stored and on the bulletin: {"<candidate id>": "<letters>"} for
 *     every candidate in id order, one letter per sub-item: s (满意), b
 *     (基本满意), d (不满意), - (unmarked).
 */
#include "vote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "vote_internal.h"

static const char LETTERS[] = "-sbd"; /* by enum ms_rating */

static uint32_t n_marks(const struct ms_poll *p)
{
	return p->rate_n_sub ? p->rate_n_sub : 1;
}

/* One rating as given: 0 and *r, or -1 when it is no rating. */
static int rating_of(json_t *v, enum ms_rating *r)
{
	int k = json_is_string(v) ? ms_names_find(&ms_rating_names, json_string_value(v)) : -1;
	if (k < 0)
		return -1;
	*r = (enum ms_rating)k;
	return 0;
}

int ms_rate_marks(const struct ms_poll *p, json_t *ratings, bool paper, uint16_t *marks, struct ms_error *e)
{
	uint32_t m = n_marks(p);
	memset(marks, 0, (p->n_candidates ? p->n_candidates : 1) * sizeof *marks);
	if (!json_is_object(ratings))
		return ms_fail(e, MS_E_RATINGS_REQUIRED, "ratings");
	const char *key;
	json_t *v;
	json_object_foreach(ratings, key, v) {
		/* A candidate's id as the poll names it: no sign, no leading zero, no space. */
		char *end = NULL, canon[24];
		long long id = strtoll(key, &end, 10);
		snprintf(canon, sizeof canon, "%lld", id);
		int k = end && end != key && !*end && strcmp(canon, key) == 0 ? ms_poll_candidate_index(p, id) : -1;
		if (k < 0)
			return ms_failf(e, MS_E_UNKNOWN_CANDIDATE, "ratings", MS_AT(key, key));
		bool array = json_is_array(v);
		if (p->rate_n_sub ? !array || json_array_size(v) != m : array)
			return ms_failf(e, MS_E_INVALID_RATING, "ratings", MS_AI(id), MS_AI(p->rate_n_sub));
		uint16_t mark = 0;
		for (uint32_t j = 0; j < m; j++) {
			enum ms_rating r;
			if (rating_of(array ? json_array_get(v, j) : v, &r))
				return ms_failf(e, MS_E_INVALID_RATING, "ratings", MS_AI(id), MS_AI(p->rate_n_sub));
			if (r == MS_RATING_NONE && !p->rate_abstain && !paper)
				return ms_failf(e, MS_E_ABSTAIN_NOT_ALLOWED, "ratings", MS_AI(id));
			mark = (uint16_t)(mark | (unsigned)r << (2 * j));
		}
		marks[k] = mark;
	}
	/* An electronic ballot rates every project: its deputy sees each one
	 * (a paper ballot is entered as it was marked). */
	if (!paper && json_object_size(ratings) != p->n_candidates)
		for (size_t k = 0; k < p->n_candidates; k++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)p->candidate_ids[k]);
			if (!json_object_get(ratings, id))
				return ms_failf(e, MS_E_PROJECT_NOT_RATED, "ratings", MS_AI(p->candidate_ids[k]));
		}
	return 0;
}

char *ms_rate_text(const struct ms_poll *p, const uint16_t *marks)
{
	uint32_t m = n_marks(p);
	json_t *o = json_object();
	for (size_t k = 0; o && k < p->n_candidates; k++) {
		char id[24], letters[MS_RATE_ITEMS_MAX + 1];
		snprintf(id, sizeof id, "%lld", (long long)p->candidate_ids[k]);
		for (uint32_t j = 0; j < m; j++)
			letters[j] = LETTERS[(marks[k] >> (2 * j)) & 3];
		letters[m] = 0;
		if (json_object_set_new(o, id, json_string(letters))) {
			json_decref(o);
			o = NULL;
		}
	}
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return text;
}

int ms_rate_read(const struct ms_poll *p, json_t *choices, uint8_t *bytes)
{
	uint32_t m = n_marks(p);
	if (!json_is_object(choices) || json_object_size(choices) != p->n_candidates)
		return -1;
	for (size_t k = 0; k < p->n_candidates; k++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)p->candidate_ids[k]);
		const char *s = json_string_value(json_object_get(choices, id));
		if (!s || strlen(s) != m)
			return -1;
		for (uint32_t j = 0; j < m; j++) {
			const char *at = s[j] ? strchr(LETTERS, s[j]) : NULL;
			if (!at)
				return -1;
			bytes[k * m + j] = (uint8_t)(at - LETTERS);
		}
	}
	return 0;
}

void ms_rate_params(const struct ms_poll *p, int64_t all, int64_t present, struct ms_sat_params *sp)
{
	ms_sat_params_default(sp, (uint32_t)p->n_candidates);
	sp->n_sub = p->rate_n_sub;
	sp->combine = (enum ms_sub_combine)p->rate_combine;
	sp->abstain_allowed = p->rate_abstain;
	sp->units = p->rates_units;
	sp->base = (enum ms_threshold_base)p->base;
	sp->frac_num = p->threshold_num;
	sp->frac_den = p->threshold_den;
	sp->strict = p->threshold_strict;
	sp->deputies_all = (uint32_t)all;
	sp->deputies_present = (uint32_t)present;
	sp->ballots_issued = (uint32_t)present;
}

json_t *ms_rate_rule_text(const struct ms_sat_params *sp)
{
	char en[1536], zh[1536];
	ms_sat_rule_text_en(sp, en, sizeof en);
	ms_sat_rule_text_zh(sp, zh, sizeof zh);
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

/* ---- the count ---- */

struct gather {
	const struct ms_poll *p;
	uint8_t *bytes;  /* n × per ballot */
	size_t n, cap, per;
};

static int gather_one(void *ctx, json_t *choices, bool paper)
{
	(void)paper;
	struct gather *g = ctx;
	if (g->n == g->cap) {
		size_t nc = g->cap ? 2 * g->cap : 256;
		uint8_t *nb = realloc(g->bytes, nc * g->per);
		if (!nb)
			return MS_ERR_NOMEM;
		g->bytes = nb, g->cap = nc;
	}
	uint8_t *b = g->bytes + g->n * g->per;
	if (ms_rate_read(g->p, choices, b))
		memset(b, 0xff, g->per); /* cannot be stored; if it were, the ballot is void */
	g->n++;
	return 0;
}

static json_t *tally_json(const struct ms_sat_tally *t)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "satisfied", (json_int_t)t->satisfied, "basic",
			 (json_int_t)t->basic, "dissatisfied", (json_int_t)t->dissatisfied, "abstain",
			 (json_int_t)t->abstain, "invalid", (json_int_t)t->invalid);
}

static json_t *rate_json(uint64_t num, uint64_t den)
{
	return den ? json_pack("{s:I, s:I}", "num", (json_int_t)num, "den", (json_int_t)den) : json_null();
}

static json_t *result_json(const struct ms_poll *p, json_t *cands, const struct ms_sat_params *sp,
			   const struct ms_sat_result *r)
{
	json_t *list = json_array();
	for (uint32_t i = 0; list && i < r->n_items; i++) {
		const struct ms_sat_item *it = &r->items[i];
		json_t *meta = json_array_get(cands, i);
		json_t *item = tally_json(&it->tally);
		json_object_set_new(item, "candidate_id", json_integer(p->candidate_ids[i]));
		json_object_set(item, "title", json_object_get(meta, "title"));
		json_object_set(item, "title_en", json_object_get(meta, "title_en"));
		json_object_set(item, "unit_name", json_object_get(meta, "unit_name"));
		json_object_set(item, "unit_name_en", json_object_get(meta, "unit_name_en"));
		json_object_set_new(item, "verdict", json_string(ms_names_key(&ms_verdict_names, (int)it->verdict)));
		json_object_set_new(item, "satisfaction_rate", rate_json(it->rate_num, it->rate_den));
		if (r->n_sub) {
			json_t *subs = json_array();
			for (uint32_t j = 0; j < r->n_sub; j++) {
				json_t *s = tally_json(&it->sub[j]);
				json_object_set_new(s, "verdict",
						    json_string(ms_names_key(&ms_verdict_names, (int)it->sub_verdict[j])));
				json_array_append_new(subs, s);
			}
			json_object_set_new(item, "sub_items", subs);
		}
		json_array_append_new(list, item);
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:b, s:I, "
			      "s:I, s:I, s:I, s:I}",
			      "ballot_form", "rate", "poll_id", (json_int_t)p->id, "title", p->title, "status",
			      r->vote_invalid ? "invalid" : "final", "rule_text", ms_rate_rule_text(sp), "deputies_all",
			      (json_int_t)sp->deputies_all, "deputies_present", (json_int_t)sp->deputies_present,
			      "ballots_issued", (json_int_t)sp->ballots_issued, "ballots_returned",
			      (json_int_t)r->ballots_returned, "valid", (json_int_t)r->valid, "blank", (json_int_t)r->blank,
			      "void", (json_int_t)r->void_, "threshold_base", ms_names_key(&ms_threshold_base_names, sp->base),
			      "threshold_num", (json_int_t)sp->frac_num, "threshold_den", (json_int_t)sp->frac_den,
			      "threshold_strict", sp->strict, "base_value", (json_int_t)r->base_value, "satisfied_votes",
			      (json_int_t)r->satisfied_votes, "basic_votes", (json_int_t)r->basic_votes, "quorum_num",
			      (json_int_t)p->quorum_num, "quorum_den", (json_int_t)p->quorum_den);
	if (!o) {
		json_decref(list);
		return NULL;
	}
	json_object_set_new(o, "electorate", json_string(ms_names_key(&ms_electorate_names, p->electorate)));
	json_object_set_new(o, "rate_abstain", json_boolean(sp->abstain_allowed));
	json_object_set_new(o, "rate_n_sub", json_integer(sp->n_sub));
	json_object_set_new(o, "rate_combine", json_string(ms_names_key(&ms_combine_names, sp->combine)));
	if (sp->n_sub) {
		json_object_set_new(o, "pooled_satisfied_votes", json_integer(r->pooled_satisfied_votes));
		json_object_set_new(o, "pooled_basic_votes", json_integer(r->pooled_basic_votes));
	}
	json_object_set_new(o, "verdicts", json_pack("{s:I, s:I, s:I}", "satisfied", (json_int_t)r->verdicts[0], "basic",
						     (json_int_t)r->verdicts[1], "dissatisfied",
						     (json_int_t)r->verdicts[2]));
	json_object_set_new(o, "satisfaction_rate", rate_json(r->rate_num, r->rate_den));
	json_object_set_new(o, "candidates", list);
	json_object_set_new(o, "counted_at", json_string(now));
	return o;
}

int ms_rate_tally(const struct ms_poll *p, json_t *cands, int64_t present, ms_choices_source each, void *src,
		  json_t **out, struct ms_error *e)
{
	struct gather g = {.p = p, .per = p->n_candidates * n_marks(p)};
	if (!g.per)
		g.per = 1;
	int rc = each(src, gather_one, &g, e);
	if (rc == MS_ERR_NOMEM)
		rc = ms_nomem(e);
	if (rc)
		goto out;
	struct ms_sat_params sp;
	ms_rate_params(p, p->deputies_all, present, &sp);
	struct ms_sat_result r;
	static const uint8_t none[1];
	if ((rc = ms_sat_count(&ms_allocator_libc, &sp, g.bytes ? g.bytes : none, g.n, &r, e)))
		goto out;
	*out = result_json(p, cands, &sp, &r);
	ms_sat_result_fini(&ms_allocator_libc, &r);
	if (!*out)
		rc = ms_nomem(e);
out:
	free(g.bytes);
	return rc;
}
