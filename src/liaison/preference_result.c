/*
 * preference_result.c — the result of a preference poll (preference.h):
 * approvals per project and the advisory selection by greedy (by
 * approvals: pabutools' greedy utilitarian welfare with cost satisfaction)
 * and by Equal Shares (MES, cost satisfaction, no completion), computed by
 * src/count on the very election the poll exports as a Pabulib .pb, so
 * `minsheng tally --rule greedy_cost` / `--rule mes_cost` on the export
 * gives the same selection. Computed from the ballots' counts (pref_tally:
 * each distinct ballot once with its number, counted by src/count as grouped
 * ballots, election.h) once, when the poll closes, and stored
 * (pref_poll.result); before, when read: it costs what the distinct
 * ballots cost (bench/pref_close.py: ten million ballots of 12 candidates
 * in milliseconds, a million of 30, nearly all distinct, in 0.5 s). At the
 * close each project also gets its performance measures under greedy
 * (count/measures.h, as `minsheng tally --measures` gives them): the
 * largest cost at which greedy selects it and the least number of new
 * ballots approving it alone that would, with the sentence a result page
 * prints ("还需 312 票赞成……即可入选"), for a poll of at most
 * MS_PREF_MEASURE_WORK project × approval pairs; and, for a poll that uses
 * Equal Shares, the same under Equal Shares (`--rule mes_cost --measures`)
 * when they take at most the installation's measures_work (preference.h,
 * MINSHENG_PREF_MEASURES_WORK; its singleton-add runs the rule
 * once per added voter: 10–30 s on a 10,000-voter poll, too long inside
 * the close, so a large poll's are left out).
 */
#include "preference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../count/measures.h"
#include "../count/pb.h"
#include "../count/rules.h"
#include "../org/org.h"
#include "preference_internal.h"

/* The largest poll whose greedy measures the close computes: projects ×
 * approvals. */
#define MS_PREF_MEASURE_WORK 5e6

/* The poll's election: its projects (ids: the candidates' ids as text,
 * costs, titles) and its ballots — for the count, grouped as pref_tally
 * holds them (each distinct ballot once, with its number: election.h's
 * vote_weight), which greedy and Equal Shares count as the ballots one by
 * one; for the measures and the .pb, one per ballot. */
struct build {
	json_t *projects;
	size_t n;
	int64_t *ids, *cost;
	const char **id_text, **names;
	char *idbuf;
	int32_t *slot;                      /* open addressing by id: index + 1 of the project, 0 empty */
	size_t slot_mask;
	uint32_t *off, *proj, *weight;      /* the ballots (weight NULL) or their groups */
	size_t n_voters, cap_voters, n_items, cap_items;
	uint64_t n_ballots, n_approvals;    /* in all: the groups' numbers counted */
};

static void build_fini(struct build *b)
{
	json_decref(b->projects);
	free(b->ids);
	free(b->cost);
	free(b->id_text);
	free(b->names);
	free(b->idbuf);
	free(b->slot);
	free(b->off);
	free(b->proj);
	free(b->weight);
}

static size_t id_slot(const struct build *b, int64_t id)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 32) & b->slot_mask;
}

/* The index of project id, or -1: millions of rows each name several
 * projects, so a hash table by id (at most half full) rather than a
 * search of the sorted ids. */
static int project_index(const struct build *b, int64_t id)
{
	for (size_t i = id_slot(b, id);; i = (i + 1) & b->slot_mask) {
		int32_t k = b->slot[i];
		if (k == 0)
			return -1;
		if (b->ids[k - 1] == id)
			return k - 1;
	}
}

/* One more row of ballots: choices ("3,5,9") cast by n voters (0: a ballot
 * of the one-per-voter list). */
static int add_row(struct build *b, const char *choices, int64_t n, struct ms_error *e)
{
	if (b->n_voters + 2 > b->cap_voters) {
		size_t nc = b->cap_voters ? 2 * b->cap_voters : 256;
		uint32_t *no = realloc(b->off, nc * sizeof *no);
		if (!no)
			return ms_nomem(e);
		b->off = no;
		if (n > 0) {
			uint32_t *nw = realloc(b->weight, nc * sizeof *nw);
			if (!nw)
				return ms_nomem(e);
			b->weight = nw;
		}
		b->cap_voters = nc;
		if (b->n_voters == 0)
			b->off[0] = 0;
	}
	if (n < 0 || n > UINT32_MAX || b->n_ballots + (uint64_t)n > UINT32_MAX)
		return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "a poll's count of ballots is out of range");
	size_t start = b->n_items;
	const char *s = choices;
	while (*s) {
		int64_t id = 0;
		while (*s >= '0' && *s <= '9')
			id = id * 10 + (*s++ - '0');
		if (*s == ',')
			s++;
		int k = project_index(b, id);
		if (k < 0)
			return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "a ballot names project %lld", (long long)id);
		if (b->n_items + 1 > b->cap_items) {
			size_t nc = b->cap_items ? 2 * b->cap_items : 1024;
			uint32_t *np = realloc(b->proj, nc * sizeof *np);
			if (!np)
				return ms_nomem(e);
			b->proj = np, b->cap_items = nc;
		}
		b->proj[b->n_items++] = (uint32_t)k;
	}
	uint64_t w = n > 0 ? (uint64_t)n : 1;
	if (n > 0)
		b->weight[b->n_voters] = (uint32_t)n;
	b->n_ballots += w;
	b->n_approvals += w * (b->n_items - start);
	b->off[++b->n_voters] = (uint32_t)b->n_items;
	return 0;
}

static int add_group(void *ctx, const char *choices, int64_t n, struct ms_error *e)
{
	if (n <= 0)
		return ms_error_set(e, MS_ERR_STORE, NULL, NULL, "a count of ballots of %lld", (long long)n);
	return add_row(ctx, choices, n, e);
}

static int add_ballot(void *ctx, const char *choices, struct ms_error *e)
{
	return add_row(ctx, choices, 0, e);
}

/* The poll's projects into b, and its ballots: grouped (pref_tally) or one
 * per voter (pref_ballot). */
static int read_poll(struct ms_db *db, const struct ms_pref *p, bool grouped, struct build *b, struct ms_error *e)
{
	int rc = ms_pref_sql_projects(db, p->id, &b->projects, e);
	if (rc)
		return rc;
	b->n = json_array_size(b->projects);
	b->ids = calloc(b->n + 1, sizeof *b->ids);
	b->cost = calloc(b->n + 1, sizeof *b->cost);
	b->id_text = calloc(b->n + 1, sizeof *b->id_text);
	b->names = calloc(b->n + 1, sizeof *b->names);
	b->idbuf = malloc(24 * (b->n + 1));
	if (!b->ids || !b->cost || !b->id_text || !b->names || !b->idbuf)
		return ms_nomem(e);
	for (size_t i = 0; i < b->n; i++) {
		json_t *x = json_array_get(b->projects, i);
		b->ids[i] = json_integer_value(json_object_get(x, "id"));
		b->cost[i] = json_integer_value(json_object_get(x, "cost"));
		snprintf(b->idbuf + 24 * i, 24, "%lld", (long long)b->ids[i]);
		b->id_text[i] = b->idbuf + 24 * i;
		b->names[i] = json_string_value(json_object_get(x, "title"));
	}
	size_t size = 8;
	while (size < 2 * b->n)
		size *= 2;
	if (!(b->slot = calloc(size, sizeof *b->slot)))
		return ms_nomem(e);
	b->slot_mask = size - 1;
	for (size_t i = 0; i < b->n; i++) {
		size_t at = id_slot(b, b->ids[i]);
		while (b->slot[at] != 0)
			at = (at + 1) & b->slot_mask;
		b->slot[at] = (int32_t)i + 1;
	}
	return grouped ? ms_pref_sql_tally(db, p->id, add_group, b, e) : ms_pref_sql_ballots(db, p->id, add_ballot, b, e);
}

/* The Pabulib election of b's projects and of the ballots (off, proj:
 * n_voters of them, one per voter) — the election the poll exports. */
static int build_election(struct ms_db *db, const struct ms_pref *p, const struct build *b, uint32_t n_voters,
			  const uint32_t *off, const uint32_t *proj, struct ms_election **el, struct ms_error *e)
{
	json_t *cong = NULL;
	int rc = ms_congress_get(db, p->congress_id, &cong, e);
	if (rc)
		return rc;
	char year[24], rules[64];
	snprintf(year, sizeof year, "%lld", (long long)p->year);
	snprintf(rules, sizeof rules, "%s%s%s", p->greedy ? "greedy_cost" : "", p->greedy && p->mes ? "," : "",
		 p->mes ? "mes_cost" : "");
	const char *keys[] = {"rule", "advisory", "comment", "currency", "language"};
	const char *vals[] = {rules, "true",
			      "public preference poll: residents' advice to the congress, never its decision", "CNY",
			      "zh"};
	uint32_t zero = 0;
	struct ms_election_spec spec = {
		.vote_type = MS_VOTE_APPROVAL,
		.description = p->title,
		.country = "China",
		.unit = json_string_value(json_object_get(cong, "name")),
		.instance = year,
		.budget = p->budget,
		.n_meta = sizeof keys / sizeof keys[0],
		.meta_key = keys,
		.meta_value = vals,
		.n_projects = (uint32_t)b->n,
		.project_id = b->id_text,
		.cost = b->cost,
		.project_name = b->names,
		.n_voters = n_voters,
		.ballot_off = n_voters ? off : &zero,
		.ballot_proj = proj,
	};
	rc = ms_election_build(&ms_allocator_libc, &spec, el, e);
	json_decref(cong);
	return rc;
}

/* The election to count: b's projects as the export has them (their ids'
 * order breaks ties), its ballots b's groups with their numbers. Not a .pb
 * (the writer refuses it); it holds b's arrays, so it goes before b. */
static int count_election(struct ms_db *db, const struct ms_pref *p, struct build *b, struct ms_election **el,
			  struct ms_error *e)
{
	int rc = build_election(db, p, b, 0, NULL, NULL, el, e);
	if (rc || b->n_voters == 0)
		return rc;
	(*el)->n_voters = (uint32_t)b->n_voters;
	(*el)->vote_off = b->off;
	(*el)->vote_proj = b->proj;
	(*el)->vote_weight = b->weight;
	return 0;
}

/* The same election with its groups written out, one ballot per voter (the
 * measures take no groups). */
static int one_per_voter(struct ms_db *db, const struct ms_pref *p, const struct build *b, struct ms_election **el,
			 struct ms_error *e)
{
	uint32_t *off = malloc((b->n_ballots + 1) * sizeof *off), *proj = malloc((b->n_approvals + 1) * sizeof *proj);
	int rc = 0;
	if (!off || !proj) {
		rc = ms_nomem(e);
		goto out;
	}
	uint32_t v = 0, k = 0;
	off[0] = 0;
	for (size_t g = 0; g < b->n_voters; g++)
		for (uint32_t r = 0; r < b->weight[g]; r++) {
			for (uint32_t j = b->off[g]; j < b->off[g + 1]; j++)
				proj[k++] = b->proj[j];
			off[++v] = k;
		}
	rc = build_election(db, p, b, v, off, proj, el, e);
out:
	free(off);
	free(proj);
	return rc;
}

/* Who may see the result now: the staff always; everyone once voting is
 * over, or while it runs when the poll is live. */
static int may_see(const struct ms_pref *p, bool staff, struct ms_error *e)
{
	char now[32];
	ms_now_iso(now, sizeof now);
	if (staff || ms_pref_over(p, now) || (p->live && p->status == MS_PREF_OPEN))
		return 0;
	return ms_failf(e, MS_E_PREF_RESULT_LATER, NULL, MS_AS(p->closes_at));
}

/* {"selected": [candidate ids, in the order taken], "total_cost"} of a rule's outcome. */
static json_t *outcome_json(const struct build *b, const struct ms_outcome *o)
{
	json_t *sel = json_array();
	for (uint32_t i = 0; sel && i < o->n_selected; i++)
		if (json_array_append_new(sel, json_integer(b->ids[o->selected[i]]))) {
			json_decref(sel);
			sel = NULL;
		}
	return sel ? json_pack("{s:o, s:I}", "selected", sel, "total_cost", (json_int_t)o->total_cost) : NULL;
}

static int rule_json(const struct ms_election *el, const struct build *b, bool mes, json_t **out, struct ms_error *e)
{
	struct ms_outcome o;
	memset(&o, 0, sizeof o);
	int rc = mes ? ms_rule_mes_no_payers(&ms_allocator_libc, el, MS_SAT_COST, &o, e)
		     : ms_rule_greedy(&ms_allocator_libc, el, MS_SAT_COST, &o, e);
	if (!rc && !(*out = outcome_json(b, &o)))
		rc = ms_nomem(e);
	ms_outcome_fini(&ms_allocator_libc, &o);
	return rc;
}

/* Project i's measures under rule ("greedy", "mes") as the result holds them. */
static json_t *measure_json(const struct ms_election *el, uint32_t i, const char *rule, const struct ms_measure *m)
{
	char zh[512], en[512];
	ms_measure_text_zh(el, i, m, zh, sizeof zh);
	ms_measure_text_en(el, i, m, en, sizeof en);
	return json_pack("{s:s, s:b, s:o, s:o, s:o, s:o, s:{s:s, s:s}}", "rule", rule, "selected", m->selected,
			 "max_cost", m->cost_status == MS_MEASURE_FOUND ? json_integer(m->max_cost) : json_null(),
			 "add_singletons", m->add_status == MS_MEASURE_FOUND ? json_integer(m->add_singletons) : json_null(),
			 "add_approvals",
			 m->approvals_status == MS_MEASURE_FOUND ? json_integer(m->add_approvals) : json_null(),
			 "lose_approvals", m->lose_status == MS_MEASURE_FOUND ? json_integer(m->lose_approvals) : json_null(),
			 "text", "zh", zh, "en", en);
}

int ms_pref_result_compute(struct ms_db *db, const struct ms_pref *p, bool measured, json_t **out,
			   struct ms_error *e)
{
	struct build b;
	struct ms_election *el = NULL, *pel = NULL;
	json_t *greedy = json_null(), *mes = json_null(), *projects = NULL;
	struct ms_measure *m = NULL, *mm = NULL;
	uint64_t *approvals = NULL;
	memset(&b, 0, sizeof b);
	int rc = read_poll(db, p, true, &b, e);
	if (rc || (rc = count_election(db, p, &b, &el, e)))
		goto out;
	if (p->greedy) {
		json_decref(greedy);
		greedy = NULL;
		if ((rc = rule_json(el, &b, false, &greedy, e)))
			goto out;
	}
	if (p->mes) {
		json_decref(mes);
		mes = NULL;
		if ((rc = rule_json(el, &b, true, &mes, e)))
			goto out;
	}
	approvals = calloc(b.n + 1, sizeof *approvals);
	if (!approvals || !(projects = json_array())) {
		rc = ms_nomem(e);
		goto out;
	}
	/* The measures run greedy some fifty times a project inside the close's
	 * transaction: only for a poll of at most MS_PREF_MEASURE_WORK project ×
	 * approval pairs (at the limit, 500 projects × 10,000 approvals, 1.4 s
	 * in a release build); Equal Shares' when bounded by the work they may
	 * take (ms_measures_bounded's units: a run costs the voters, the
	 * approvals and the projects squared). A project Equal Shares does not
	 * select and whose cost is not 0 needs at least one run (measures.c's
	 * cost search runs the rule at a cost of its range, or at 0) beside the
	 * run they all start from, so a poll where that many runs do not fit in
	 * the bound is left out at once, its ballots not even written out for
	 * them. They take the ballots one per voter. A failure leaves them out
	 * rather than the close. */
	struct ms_pref_limits lim;
	ms_pref_limits_get(&lim);
	bool want_greedy = measured && p->greedy && (double)b.n * (double)b.n_approvals <= MS_PREF_MEASURE_WORK;
	double runs = 0;
	for (size_t i = 0; p->mes && i < b.n; i++) {
		bool sel = false;
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(mes, "selected"), k, x) sel = sel || json_integer_value(x) == b.ids[i];
		runs += !sel && b.cost[i] > 0;
	}
	bool want_mes = measured && p->mes && lim.measures_work > 0 &&
			(runs + 1) * ((double)b.n_ballots + (double)b.n_approvals + (double)b.n * (double)b.n) <=
				(double)lim.measures_work;
	struct ms_error ignored;
	if ((want_greedy || want_mes) && one_per_voter(db, p, &b, &pel, &ignored))
		want_greedy = want_mes = false;
	if (want_greedy && (!(m = calloc(b.n + 1, sizeof *m)) ||
			    ms_measures(&ms_allocator_libc, pel, MS_MEASURE_GREEDY, m, &ignored))) {
		free(m);
		m = NULL;
	}
	if (want_mes && (!(mm = calloc(b.n + 1, sizeof *mm)) ||
			 ms_measures_bounded(&ms_allocator_libc, pel, MS_MEASURE_MES, (uint64_t)lim.measures_work, mm,
					     &ignored))) {
		free(mm);
		mm = NULL;
	}
	for (size_t g = 0; g < b.n_voters; g++)
		for (uint32_t k = b.off[g]; k < b.off[g + 1]; k++)
			approvals[b.proj[k]] += b.weight[g];
	for (size_t i = 0; !rc && i < b.n; i++) {
		json_t *x = json_array_get(b.projects, i);
		json_t *one = json_pack("{s:I, s:O, s:I, s:I}", "id", (json_int_t)b.ids[i], "title",
					json_object_get(x, "title"), "cost", (json_int_t)b.cost[i], "approvals",
					(json_int_t)approvals[i]);
		if (one && m && json_object_set_new(one, "measures", measure_json(pel, (uint32_t)i, "greedy", &m[i])))
			json_decref(one), one = NULL;
		if (one && mm && json_object_set_new(one, "mes_measures", measure_json(pel, (uint32_t)i, "mes", &mm[i])))
			json_decref(one), one = NULL;
		if (json_array_append_new(projects, one))
			rc = ms_nomem(e);
	}
	if (rc)
		goto out;
	*out = json_pack("{s:I, s:O, s:O, s:O}", "ballots", (json_int_t)b.n_ballots, "projects", projects, "greedy",
			 greedy, "mes", mes);
	if (!*out)
		rc = ms_nomem(e);
out:
	free(approvals);
	free(m);
	free(mm);
	json_decref(projects);
	json_decref(greedy);
	json_decref(mes);
	ms_election_free(&ms_allocator_libc, pel);
	ms_election_free(&ms_allocator_libc, el);
	build_fini(&b);
	return rc;
}

int ms_pref_result(struct ms_db *db, int64_t id, bool staff, json_t **out, struct ms_error *e)
{
	struct ms_pref p;
	json_t *r = NULL;
	int rc = ms_pref_load(db, id, &p, e);
	if (!rc && !staff && p.status == MS_PREF_DRAFT)
		rc = ms_store_not_found(e, &ms_pref_kind, id);
	if (rc || (rc = may_see(&p, staff, e)))
		return rc;
	/* Closed: the result stored when it closed (one closed before migration 24 has none: from its ballots, which no
	 * longer change). */
	if (p.status == MS_PREF_CLOSED && (rc = ms_pref_sql_result_get(db, id, &r, e)))
		return rc;
	if (!r && (rc = ms_pref_result_compute(db, &p, false, &r, e)))
		return rc;
	char now[32];
	ms_now_iso(now, sizeof now);
	*out = json_pack("{s:I, s:s, s:b, s:O, s:I, s:O, s:O, s:O, s:o}", "id", (json_int_t)id, "status",
			 ms_pref_status_names.v[p.status].key, "final", ms_pref_over(&p, now), "ballots",
			 json_object_get(r, "ballots"), "budget", (json_int_t)p.budget, "projects",
			 json_object_get(r, "projects"), "greedy", json_object_get(r, "greedy"), "mes",
			 json_object_get(r, "mes"), "advice", ms_pref_advice());
	json_decref(r);
	return *out ? 0 : ms_nomem(e);
}

int ms_pref_export_pb(struct ms_db *db, int64_t id, bool staff, char **text, size_t *len, struct ms_error *e)
{
	struct ms_pref p;
	struct build b;
	struct ms_election *el = NULL;
	memset(&b, 0, sizeof b);
	*text = NULL;
	int rc = ms_pref_load(db, id, &p, e);
	if (!rc && !staff && p.status == MS_PREF_DRAFT)
		rc = ms_store_not_found(e, &ms_pref_kind, id);
	/* The ballots themselves only once the poll is over (staff: any time): a live poll shows its totals while it
	 * runs, but a .pb fetched before and after one resident votes would show that resident's ballot. */
	char now[32];
	ms_now_iso(now, sizeof now);
	if (!rc && !staff && !ms_pref_over(&p, now))
		rc = ms_failf(e, MS_E_PREF_RESULT_LATER, NULL, MS_AS(p.closes_at));
	/* A .pb holds at most MS_PB_MAX_VOTERS ballots (what Minsheng reads back): past it, no export — said before
	 * every ballot row is read for nothing. */
	int64_t n = 0;
	if (!rc && !(rc = ms_pref_sql_tally_sum(db, id, &n, e)) && n > (int64_t)MS_PB_MAX_VOTERS)
		rc = ms_failf(e, MS_E_PB_INVALID_SPEC, "votes", MS_AT("投票人数过多", "too many voters"));
	if (!rc && !(rc = read_poll(db, &p, false, &b, e)) &&
	    !(rc = build_election(db, &p, &b, (uint32_t)b.n_voters, b.off, b.proj, &el, e)))
		rc = ms_pb_write(&ms_allocator_libc, el, text, len, e);
	ms_election_free(&ms_allocator_libc, el);
	build_fini(&b);
	return rc;
}
