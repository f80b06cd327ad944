/*
 * tally.c — `minsheng tally`: count a Pabulib .pb file by any of Minsheng's
 * selection rules and print the outcome with its explanation, as text or
 * JSON ("selected": the chosen project ids as strings, sorted byte-wise, as
 * pabutools reports them). The counting itself is the pure library's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../core/util.h"
#include "../count/measures.h"
#include "../count/pb.h"
#include "../count/rules.h"
#include "cli.h"

enum family { F_GREEDY, F_MES, F_EES, F_PHRAGMEN, F_THRESHOLD, F_APPROVE_OPPOSE, F_RANKED };

static const struct rule_def {
	const char *key;
	const char *aliases; /* space-separated friendlier spellings */
	enum family family;
	enum ms_satisfaction sat;
	enum ms_mes_completion completion;
	const char *definition;
	enum ms_ees_completion ees; /* F_EES */
} rules[] = {
	{"greedy_cost", "greedy greedy-cost", F_GREEDY, MS_SAT_COST, MS_MES_NONE, "greedy utilitarian welfare, cost satisfaction: by approvals per unit of cost, take what still fits", MS_EES_NONE},
	{"greedy_card", "greedy-card", F_GREEDY, MS_SAT_CARD, MS_MES_NONE, "greedy utilitarian welfare, cardinality satisfaction: by approvals (or points) per cost, take what fits", MS_EES_NONE},
	{"mes_cost", "mes equal-shares mes-cost", F_MES, MS_SAT_COST, MS_MES_NONE, "Method of Equal Shares, cost satisfaction, no completion: each voter gets B/n to spend on projects", MS_EES_NONE},
	{"mes_card", "mes-card", F_MES, MS_SAT_CARD, MS_MES_NONE, "Method of Equal Shares, cardinality satisfaction, no completion", MS_EES_NONE},
	{"mes_cost_exh1pct_greedy", "mes-exh1pct", F_MES, MS_SAT_COST, MS_MES_EXH1PCT_GREEDY, "MES (cost) raising the total budget by 1% steps until exhaustive, then greedy (cost) completion", MS_EES_NONE},
	{"mes_cost_add1_greedy", "mes-add1", F_MES, MS_SAT_COST, MS_MES_ADD1_GREEDY, "MES (cost) raising each voter's budget by 1 until exhaustive, then greedy (cost) completion", MS_EES_NONE},
	{"ees_cost", "ees", F_EES, MS_SAT_COST, MS_MES_NONE, "Exact Equal Shares (cost utilities), no completion: each payer of a project pays the same share; most payers first", MS_EES_NONE},
	{"ees_cost_addopt", "ees-addopt", F_EES, MS_SAT_COST, MS_MES_NONE, "Exact Equal Shares (cost) with ADD-OPT: raise each voter's budget by the least amount that changes the outcome, until over the budget", MS_EES_ADD_OPT},
	{"ees_cost_addoptskip", "ees-addoptskip", F_EES, MS_SAT_COST, MS_MES_NONE, "Exact Equal Shares (cost) with ADD-OPT-SKIP: raise each voter's budget by the least amount that adds an unselected project, until over the budget", MS_EES_ADD_OPT_SKIP},
	{"ees_cost_addoptskip_exh", "ees-addoptskip-exh", F_EES, MS_SAT_COST, MS_MES_NONE, "Exact Equal Shares (cost) with ADD-OPT-SKIP until every project is selected; the outcome within the budget that spends most", MS_EES_ADD_OPT_SKIP_EXH},
	{"seq_phragmen", "phragmen seq-phragmen", F_PHRAGMEN, MS_SAT_COST, MS_MES_NONE, "sequential Phragmen: each project's cost is a load spread over its supporters; least load first", MS_EES_NONE},
	{"threshold", "top-n", F_THRESHOLD, MS_SAT_COST, MS_MES_NONE, "Chinese congress rule: approvals from more than 1/2 of all voters, then the top N within the budget", MS_EES_NONE},
	{"approve_oppose", "approve-oppose", F_APPROVE_OPPOSE, MS_SAT_COST, MS_MES_NONE, "approve / oppose / abstain per project: each passes on its own by the threshold, then the top N", MS_EES_NONE},
	{"ranked", "borda", F_RANKED, MS_SAT_COST, MS_MES_NONE, "ranked ballots: Borda points by position, top N within the budget; a tie at the cut goes to a run-off", MS_EES_NONE},
};

static const struct rule_def *find_rule(const char *key)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (strcmp(rules[i].key, key) == 0)
			return &rules[i];
		const char *a = rules[i].aliases;
		size_t n = strlen(key);
		while (*a) {
			const char *sp = strchr(a, ' ');
			size_t len = sp ? (size_t)(sp - a) : strlen(a);
			if (len == n && strncmp(a, key, n) == 0)
				return &rules[i];
			a += len + (sp ? 1 : 0);
		}
	}
	return NULL;
}

/* Money units as an exact decimal ("1234.50"). */
static void money_text(const struct ms_election *el, int64_t v, char *buf, size_t cap)
{
	int64_t scale = el->money_scale > 0 ? el->money_scale : 1;
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t whole = mag / (uint64_t)scale, frac = mag % (uint64_t)scale;
	int digits = 0;
	for (int64_t s = scale; s > 1 && digits < 18; s /= 10)
		digits++;
	if (digits == 0)
		snprintf(buf, cap, "%s%llu", v < 0 ? "-" : "", (unsigned long long)whole);
	else
		snprintf(buf, cap, "%s%llu.%0*llu", v < 0 ? "-" : "", (unsigned long long)whole, digits,
			 (unsigned long long)frac);
}

static json_t *money_json(const struct ms_election *el, int64_t v)
{
	char buf[64];
	money_text(el, v, buf, sizeof buf);
	return json_string(buf);
}

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *const step_kind[] = {"selected", "skipped", "dropped", "completion", "stop"};

static json_t *outcome_json(const struct ms_election *el, const struct ms_outcome *o)
{
	json_t *root = json_object(), *sel = json_array(), *order = json_array(), *steps = json_array();
	char **ids = malloc((o->n_selected + 1) * sizeof *ids);
	if (!root || !sel || !order || !steps || !ids) {
		free(ids);
		json_decref(root), json_decref(sel), json_decref(order), json_decref(steps);
		return NULL;
	}
	for (uint32_t i = 0; i < o->n_selected; i++) {
		ids[i] = el->project_id[o->selected[i]];
		json_array_append_new(order, json_string(ids[i]));
	}
	qsort(ids, o->n_selected, sizeof *ids, cmp_ids);
	for (uint32_t i = 0; i < o->n_selected; i++)
		json_array_append_new(sel, json_string(ids[i]));
	free(ids);
	for (size_t i = 0; i < o->n_steps; i++) {
		const struct ms_step *s = &o->steps[i];
		json_t *st = json_pack("{s:s}", "action", step_kind[s->kind]);
		if (s->project != UINT32_MAX)
			json_object_set_new(st, "project", json_string(el->project_id[s->project]));
		if (s->value)
			json_object_set_new(st, "value", json_string(s->value));
		json_object_set_new(st, "budget_left", money_json(el, s->budget_left));
		if (s->n_payers) {
			json_t *payers = json_array();
			for (uint32_t k = 0; k < s->n_payers; k++)
				json_array_append_new(payers, el->voter_id ? json_string(el->voter_id[s->payers[k]])
									   : json_integer(s->payers[k]));
			json_object_set_new(st, "payers", payers);
		}
		json_array_append_new(steps, st);
	}
	json_object_set_new(root, "selected", sel);
	json_object_set_new(root, "order", order);
	json_object_set_new(root, "total_cost", money_json(el, o->total_cost));
	json_object_set_new(root, "steps", steps);
	if (o->mes_budget) {
		json_object_set_new(root, "mes_voter_budget", json_string(o->mes_budget));
		json_object_set_new(root, "mes_iterations", json_integer((json_int_t)o->mes_iterations));
	}
	return root;
}

static const char *const cand_status[] = {"selected", "not_selected", "failed", "over_budget", "runoff"};

/* The threshold rules over the file's ballots: approval ballots (and for
 * approve / oppose, scoring ballots with points > 0 approve, < 0 oppose). */
static int threshold_json(const struct ms_election *el, const struct rule_def *r, uint32_t slots, json_t **out,
			  struct ms_error *e)
{
	uint32_t n = el->n_projects, nv = el->n_voters;
	if (n == 0)
		return ms_fail(e, MS_E_NO_PROJECTS, NULL);
	if (r->family == F_THRESHOLD && el->vote_type != MS_VOTE_APPROVAL && el->vote_type != MS_VOTE_CHOOSE1)
		return ms_failf(e, MS_E_RULE_NEEDS_APPROVAL, NULL, MS_AS("threshold"));
	struct ms_count_params p;
	ms_count_params_default(&p, n, slots ? slots : n);
	p.form = r->family == F_APPROVE_OPPOSE ? MS_FORM_APPROVE_OPPOSE : MS_FORM_PICK;
	p.max_approvals = el->max_length && el->max_length <= n ? el->max_length : n;
	p.has_budget = true;
	p.budget = el->budget;
	p.costs = el->cost;
	p.deputies_all = p.deputies_present = p.ballots_issued = nv;
	struct ms_ballot *b = calloc(nv ? nv : 1, sizeof *b);
	uint32_t *split = malloc((el->vote_off[nv] + 1) * sizeof *split);
	if (!b || !split) {
		free(b), free(split);
		return ms_nomem(e);
	}
	for (uint32_t v = 0; v < nv; v++) {
		uint32_t lo = el->vote_off[v], hi = el->vote_off[v + 1], na = 0, no = 0;
		if (el->vote_points && p.form == MS_FORM_APPROVE_OPPOSE) {
			/* approvals first, then opposes, in this voter's slice of split */
			for (uint32_t k = lo; k < hi; k++)
				if (el->vote_points[k] > 0)
					split[lo + na++] = el->vote_proj[k];
			for (uint32_t k = lo; k < hi; k++)
				if (el->vote_points[k] < 0)
					split[lo + na + no++] = el->vote_proj[k];
			b[v] = (struct ms_ballot){.choices = split + lo, .n_choices = na,
						  .opposes = split + lo + na, .n_opposes = no};
		} else {
			b[v] = (struct ms_ballot){.choices = el->vote_proj + lo, .n_choices = hi - lo};
		}
	}
	struct ms_count_result res;
	int rc = ms_count_threshold(&ms_allocator_libc, &p, b, nv, &res, e);
	free(b);
	free(split);
	if (rc)
		return rc;
	char en[1024], zh[1024];
	ms_count_rule_text_en(&p, en, sizeof en);
	ms_count_rule_text_zh(&p, zh, sizeof zh);
	json_t *sel = json_array(), *order = json_array(), *cands = json_array();
	char **ids = malloc((n + 1) * sizeof *ids);
	uint32_t ns = 0;
	for (uint32_t k = 0; ids && k < n; k++) {
		uint32_t i = res.ranking[k];
		const struct ms_count_candidate *c = &res.candidates[i];
		if (c->status == MS_CAND_SELECTED) {
			ids[ns++] = el->project_id[i];
			json_array_append_new(order, json_string(el->project_id[i]));
		}
		json_t *cj = json_pack("{s:s, s:I, s:I, s:I, s:s, s:o}", "project", el->project_id[i], "approvals",
				       (json_int_t)c->approvals, "rank", (json_int_t)c->rank, "margin",
				       (json_int_t)c->margin, "status", cand_status[c->status], "cost",
				       money_json(el, el->cost[i]));
		if (p.form == MS_FORM_APPROVE_OPPOSE) {
			json_object_set_new(cj, "opposes", json_integer(c->opposes));
			json_object_set_new(cj, "abstains", json_integer(c->abstains));
		}
		json_array_append_new(cands, cj);
	}
	if (ids)
		qsort(ids, ns, sizeof *ids, cmp_ids);
	for (uint32_t i = 0; ids && i < ns; i++)
		json_array_append_new(sel, json_string(ids[i]));
	free(ids);
	*out = json_pack("{s:o, s:o, s:o, s:{s:s, s:s}, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:I, s:o}", "selected", sel,
			 "order", order, "total_cost", money_json(el, res.cost_selected), "rule_text", "zh", zh, "en",
			 en, "threshold_base", "all", "base_value", (json_int_t)res.base_value, "threshold_votes",
			 (json_int_t)res.threshold_votes, "valid", (json_int_t)res.valid, "blank",
			 (json_int_t)res.blank, "void", (json_int_t)res.void_, "runoff", res.runoff_needed,
			 "runoff_slots", (json_int_t)res.runoff_slots, "candidates", cands);
	ms_count_result_fini(&ms_allocator_libc, &res);
	return *out ? 0 : ms_nomem(e);
}

/* The project performance measures (count/measures.h) of every project
 * under r, keyed by project id: selected, cost, max_cost (money, or null
 * when no cost selects it), add_singletons (a number, null when none
 * would, or "more than N"), add_approvals (a number, null when none would
 * or on choose-1 ballots), lose_approvals (selected; else null),
 * and the sentence in zh and en. */
static int measures_json(const struct ms_election *el, const struct rule_def *r, uint64_t max_work, json_t *root,
			 struct ms_error *e)
{
	enum ms_measure_rule mr;
	if (r->family == F_GREEDY && r->sat == MS_SAT_COST)
		mr = MS_MEASURE_GREEDY;
	else if (r->family == F_PHRAGMEN)
		mr = MS_MEASURE_PHRAGMEN;
	else if (r->family == F_MES && r->sat == MS_SAT_COST && r->completion == MS_MES_NONE)
		mr = MS_MEASURE_MES;
	else
		return ms_failf(e, MS_E_MEASURES_RULE, "measures", MS_AS(r->key));
	struct ms_measure *m = calloc(el->n_projects ? el->n_projects : 1, sizeof *m);
	if (!m)
		return ms_nomem(e);
	int rc = ms_measures_bounded(&ms_allocator_libc, el, mr, max_work, m, e);
	json_t *all = rc ? NULL : json_object();
	for (uint32_t p = 0; all && p < el->n_projects; p++) {
		char zh[512], en[512], beyond[64];
		ms_measure_text_zh(el, p, &m[p], zh, sizeof zh);
		ms_measure_text_en(el, p, &m[p], en, sizeof en);
		json_t *add;
		if (m[p].add_status == MS_MEASURE_FOUND)
			add = json_integer(m[p].add_singletons);
		else if (m[p].add_status == MS_MEASURE_BEYOND)
			snprintf(beyond, sizeof beyond, "more than %u", (unsigned)MS_MEASURE_MAX_ADDED),
				add = json_string(beyond);
		else
			add = json_null();
		json_object_set_new(all, el->project_id[p],
				    json_pack("{s:b, s:o, s:o, s:o, s:o, s:o, s:I, s:{s:s, s:s}}", "selected", m[p].selected,
					      "cost", money_json(el, el->cost[p]), "max_cost",
					      m[p].cost_status == MS_MEASURE_FOUND ? money_json(el, m[p].max_cost)
										   : json_null(),
					      "add_singletons", add, "add_approvals",
					      m[p].approvals_status == MS_MEASURE_FOUND ? json_integer(m[p].add_approvals)
											: json_null(),
					      "lose_approvals",
					      m[p].lose_status == MS_MEASURE_FOUND ? json_integer(m[p].lose_approvals)
										   : json_null(),
					      "runs", (json_int_t)m[p].runs, "text", "zh", zh, "en", en));
	}
	free(m);
	if (rc)
		return rc;
	if (!all)
		return ms_nomem(e);
	json_object_set_new(root, "measures", all);
	json_object_set_new(root, "measures_definition",
			    json_string("max_cost: the largest cost (0 to the budget) at which the rule selects the project, "
					"all else unchanged (Boehmer et al. 2024, cost reduction; at or above its cost when "
					"selected). add_singletons: the least number of new voters, each approving only this "
					"project, that make the rule select it (singleton-add; 0 when selected; null: none "
					"would). add_approvals: the least number of the voters not approving the project "
					"who, approving it too, would make the rule select it, the most favourable such "
					"voters (optimist-add; 0 when selected; null: none would, or choose-1 ballots). "
					"lose_approvals (a selected project): the most of its approvers who could stop "
					"approving it with the rule still selecting it, more never could (greedy_cost: any "
					"that many; seq_phragmen and mes_cost: those counting least for it; null "
					"otherwise)."));
	return 0;
}

/* Run rule r on el into a JSON object (see the file comment). */
static int tally_json(const struct ms_election *el, const struct rule_def *r, uint32_t slots, bool measures,
		      uint64_t max_work, json_t **out, struct ms_error *e)
{
	if (measures && (r->family == F_THRESHOLD || r->family == F_APPROVE_OPPOSE || r->family == F_RANKED))
		return ms_failf(e, MS_E_MEASURES_RULE, "measures", MS_AS(r->key));
	if (r->family == F_THRESHOLD || r->family == F_APPROVE_OPPOSE)
		return threshold_json(el, r, slots, out, e);
	struct ms_outcome o;
	memset(&o, 0, sizeof o);
	bool runoff = false;
	int rc;
	switch (r->family) {
	case F_GREEDY: rc = ms_rule_greedy(&ms_allocator_libc, el, r->sat, &o, e); break;
	case F_MES: rc = ms_rule_mes(&ms_allocator_libc, el, r->sat, r->completion, &o, e); break;
	case F_EES: rc = ms_rule_ees(&ms_allocator_libc, el, r->sat, r->ees, &o, e); break;
	case F_PHRAGMEN: rc = ms_rule_phragmen(&ms_allocator_libc, el, &o, e); break;
	default:
		rc = ms_rule_ranked(&ms_allocator_libc, el, slots ? slots : el->n_projects, &o, &runoff, e);
		break;
	}
	if (rc)
		return rc;
	*out = outcome_json(el, &o);
	ms_outcome_fini(&ms_allocator_libc, &o);
	if (*out && r->family == F_EES) {
		struct ms_arg t = ms_names_arg(&ms_ees_rule_names, (int)r->ees);
		json_object_set_new(*out, "rule_text", json_pack("{s:s, s:s}", "zh", t.zh, "en", t.en));
	}
	if (*out && r->family == F_RANKED)
		json_object_set_new(*out, "runoff", json_boolean(runoff));
	if (!*out)
		return ms_nomem(e);
	if (measures && (rc = measures_json(el, r, max_work, *out, e)) != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int ms_tally_file(const char *path, const char *rule_key, uint32_t slots, json_t **out, struct ms_error *e)
{
	return ms_tally_file_ex(path, rule_key, slots, false, UINT64_MAX, out, e);
}

int ms_tally_file_ex(const char *path, const char *rule_key, uint32_t slots, bool measures, uint64_t max_work,
		     json_t **out, struct ms_error *e)
{
	const struct rule_def *r = find_rule(rule_key);
	if (!r)
		return ms_failf(e, MS_E_UNKNOWN_RULE, "rule", MS_AS(rule_key));
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot open %s", path);
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot read %s", path);
	}
	size_t len = (size_t)sb.st_size;
	void *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (len && map == MAP_FAILED)
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot read %s", path);
	struct ms_election *el = NULL;
	int rc = ms_pb_parse_ex(&ms_allocator_libc, len ? map : "", len, MS_PB_LEAN, &el, e);
	if (len)
		munmap(map, len);
	if (rc)
		return rc;
	json_t *o = NULL;
	if (!(rc = tally_json(el, r, slots, measures, max_work, &o, e))) {
		static const char *const vt[] = {"approval", "choose-1", "cumulative", "scoring", "ordinal"};
		json_object_set_new(o, "rule", json_string(r->key));
		json_object_set_new(o, "definition", json_string(r->definition));
		json_object_set_new(o, "file", json_string(path));
		json_object_set_new(o, "vote_type", json_string(vt[el->vote_type]));
		json_object_set_new(o, "voters", json_integer(el->n_voters));
		json_object_set_new(o, "projects", json_integer(el->n_projects));
		json_object_set_new(o, "budget", money_json(el, el->budget));
		*out = o;
	}
	ms_election_free(&ms_allocator_libc, el);
	return rc;
}

static void print_text(json_t *o)
{
	printf("%s — %s\n", json_string_value(json_object_get(o, "rule")),
	       json_string_value(json_object_get(o, "definition")));
	printf("%s: %lld voters, %lld projects, budget %s\n", json_string_value(json_object_get(o, "file")),
	       (long long)json_integer_value(json_object_get(o, "voters")),
	       (long long)json_integer_value(json_object_get(o, "projects")),
	       json_string_value(json_object_get(o, "budget")));
	json_t *rt = json_object_get(o, "rule_text");
	if (rt)
		printf("%s\n%s\n", json_string_value(json_object_get(rt, "zh")),
		       json_string_value(json_object_get(rt, "en")));
	size_t i;
	json_t *s;
	json_t *steps = json_object_get(o, "steps");
	if (steps) {
		printf("\n%-11s %-14s %-28s %s\n", "step", "project", "value", "budget left");
		json_array_foreach(steps, i, s) {
			json_t *payers = json_object_get(s, "payers");
			printf("%-11s %-14s %-28s %s", json_string_value(json_object_get(s, "action")),
			       json_string_value(json_object_get(s, "project")) ? json_string_value(json_object_get(s, "project")) : "-",
			       json_string_value(json_object_get(s, "value")) ? json_string_value(json_object_get(s, "value")) : "",
			       json_string_value(json_object_get(s, "budget_left")));
			if (payers)
				printf("  (%zu voters paid)", json_array_size(payers));
			putchar('\n');
		}
	}
	json_t *cands = json_object_get(o, "candidates");
	if (cands) {
		printf("\n%4s %-14s %9s %7s %s\n", "rank", "project", "approvals", "margin", "outcome");
		json_array_foreach(cands, i, s)
			printf("%4lld %-14s %9lld %+7lld %s\n", (long long)json_integer_value(json_object_get(s, "rank")),
			       json_string_value(json_object_get(s, "project")),
			       (long long)json_integer_value(json_object_get(s, "approvals")),
			       (long long)json_integer_value(json_object_get(s, "margin")),
			       json_string_value(json_object_get(s, "status")));
	}
	json_t *measures = json_object_get(o, "measures");
	if (measures) {
		const char *id;
		printf("\n%-14s %s\n", "project", "performance");
		json_object_foreach(measures, id, s)
			printf("%-14s %s\n%-14s %s\n", id, json_string_value(json_object_get(json_object_get(s, "text"), "zh")),
			       "", json_string_value(json_object_get(json_object_get(s, "text"), "en")));
	}
	printf("\nselected (%zu, total cost %s):", json_array_size(json_object_get(o, "selected")),
	       json_string_value(json_object_get(o, "total_cost")));
	json_array_foreach(json_object_get(o, "selected"), i, s) printf(" %s", json_string_value(s));
	putchar('\n');
}

int ms_cmd_tally(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("Usage: minsheng tally --rule KEY [--json] [--slots N] [--measures [--max-work N]] FILE.pb\n"
		       "Count a Pabulib .pb file by a selection rule and print the outcome with its explanation\n"
		       "(--json: an object whose \"selected\" lists the chosen project ids as strings, sorted).\n"
		       "--measures (greedy_cost, seq_phragmen, mes_cost) adds each project's performance measures\n"
		       "(Boehmer et al. 2024): the largest cost at which it is selected, the least number of new\n"
		       "voters approving only it that would select it, how many more of the other voters would have\n"
		       "to approve it, and how many approvals a selected one could lose, with a sentence in Chinese\n"
		       "and English. They can take minutes on a large file: --max-work N stops with an error past N\n"
		       "units of work (each run of the rule counts its voters, its approvals and its projects\n"
		       "squared, a run of Phragmén also its rounds' work; 30000000 is about half a second).\n"
		       "--slots N limits the threshold, approve_oppose and ranked rules to N projects (default: all\n"
		       "that pass and fit the budget). Rules (KEY, other spellings):\n");
		for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
			printf("  %-24s %s\n  %-24s   (also: %s)\n", rules[i].key, rules[i].definition, "",
			       rules[i].aliases);
		return 0;
	}
	static const char usage[] =
		"usage: minsheng tally --rule KEY [--json] [--slots N] [--measures [--max-work N]] FILE.pb\n";
	const char *rule = NULL;
	bool as_json = false, measures = false;
	int64_t slots = 0, max_work = -1;
	const struct ms_opt opts[] = {{"rule", MS_OPT_STR, &rule, NULL},
				      {"json", MS_OPT_FLAG, &as_json, NULL},
				      {"slots", MS_OPT_INT, &slots, NULL},
				      {"measures", MS_OPT_FLAG, &measures, NULL},
				      {"max-work", MS_OPT_INT, &max_work, NULL},
				      {0}};
	const char *pos[1];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, usage, pos, 1, &n_pos);
	if (rc >= 0)
		return rc;
	if (!rule || n_pos != 1 || slots < 0 || slots > UINT32_MAX || (max_work != -1 && (max_work < 0 || !measures)))
		return fputs(usage, stderr), 2;
	struct ms_error e = {0};
	json_t *out = NULL;
	if (ms_tally_file_ex(pos[0], rule, (uint32_t)slots, measures, max_work < 0 ? UINT64_MAX : (uint64_t)max_work, &out,
			     &e)) {
		ms_cli_fail(&e);
		return e.err == MS_ERR_INVALID ? 2 : 1;
	}
	if (as_json) {
		json_dumpf(out, stdout, JSON_COMPACT);
		putchar('\n');
	} else {
		print_text(out);
	}
	json_decref(out);
	return 0;
}
