/*
 * exchange.c — the exchange with research tools (Pabulib .pb files): a
 * file imports as a closed poll of the round (its projects become
 * candidates, its voters' ballots are counted by the congress rule), and a
 * closed poll exports its anonymous ballots.
 */
#include "vote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/utf8.h"
#include "../core/util.h"
#include "../count/pb.h"
#include "vote_internal.h"

/* A column of the PROJECTS section by name, or NULL. */
static const char *project_field(const struct ms_election *el, uint32_t p, const char *col)
{
	for (size_t k = 0; k < el->n_project_cols; k++)
		if (strcmp(el->project_cols[k], col) == 0) {
			const char *v = el->project_fields[(size_t)p * el->n_project_cols + k];
			return v && *v && strcmp(v, "None") != 0 ? v : NULL;
		}
	return NULL;
}

/* The projects of el as candidates of cy, their ids into ids. */
static int add_projects(struct ms_db *db, const struct ms_actor *by, const struct ms_cycle *cy,
			const struct ms_election *el, int64_t *ids, struct ms_error *e)
{
	for (uint32_t k = 0; k < el->n_projects; k++) {
		/* Room for any title the rules take; one cut here is longer than
		 * MS_TITLE_MAX characters, cut at a whole one, so they refuse it. */
		char title[4 * MS_TITLE_MAX + 1];
		const char *name = project_field(el, k, "name");
		if (!name) {
			snprintf(title, sizeof title, "项目 %s", el->project_id[k]);
			title[ms_utf8_valid_prefix(title, strlen(title))] = 0;
		}
		struct ms_candidate_in in = {.title = name ? name : title,
					     .description = project_field(el, k, "description"),
					     .category = project_field(el, k, "category"),
					     .has_cost = true,
					     .cost = el->cost[k]};
		/* A project's texts must fit a candidate's: the same rules, under "pb". */
		int rc = ms_candidate_create(db, by, cy, &in, &ids[k], e);
		if (rc == MS_ERR_UNPROCESSABLE || rc == MS_ERR_INVALID)
			ms_strlcpy(e->field, "pb", sizeof e->field);
		if (rc)
			return rc;
	}
	return 0;
}

int ms_poll_import_pb(struct ms_db *db, const struct ms_actor *by, struct ms_poll *p, const char *pb, size_t len,
		      bool body_budget, bool body_max, int64_t *id, json_t **result, struct ms_error *e)
{
	struct ms_cycle cy;
	struct ms_election *el = NULL;
	int64_t *ids = NULL, *choice = NULL;
	int rc;
	if ((rc = ms_cycle_get(db, p->cycle_id, &cy, NULL, e)) ||
	    (rc = ms_cycle_need_phase(&cy, 1u << MS_PHASE_COMPILE,
				      MS_AT("导入投票（导入会添加候选项目）", "an imported vote adds candidates: it is possible"), e)))
		return rc;
	if ((rc = ms_pb_parse_ex(&ms_allocator_libc, pb, len, MS_PB_LEAN, &el, e))) {
		if (rc == MS_ERR_UNPROCESSABLE)
			ms_strlcpy(e->field, "pb", sizeof e->field);
		goto out;
	}
	if (el->vote_type != MS_VOTE_APPROVAL && el->vote_type != MS_VOTE_CHOOSE1) {
		static const char *const types[] = {"approval", "choose-1", "cumulative", "scoring", "ordinal"};
		rc = ms_failf(e, MS_E_PB_NOT_APPROVAL, "pb", MS_AS(el->vote_type <= MS_VOTE_ORDINAL ? types[el->vote_type] : "?"));
		goto out;
	}
	if (el->money_scale != 1) {
		rc = ms_fail(e, MS_E_PB_NOT_WHOLE_YUAN, "pb");
		goto out;
	}
	if (p->form != MS_FORM_PICK) {
		rc = ms_fail(e, MS_E_PB_NEEDS_PICK, "ballot_form");
		goto out;
	}
	if (!body_budget)
		p->has_budget = true, p->budget = el->budget;
	if (!body_max && el->max_length)
		p->max_approvals = el->max_length;
	if (!(ids = calloc(el->n_projects + 1, sizeof *ids)) || !(choice = malloc((el->n_projects + 1) * sizeof *choice))) {
		rc = ms_nomem(e);
		goto out;
	}
	p->n_candidates = el->n_projects;
	p->candidate_ids = ids; /* borrowed: freed below, not by ms_poll_fini */
	if ((rc = ms_poll_check(p, e)) || (rc = add_projects(db, by, &cy, el, ids, e)) ||
	    (rc = ms_poll_create(db, by, p, id, e)))
		goto out;
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_poll_sql_open_imported(db, *id, el->n_voters, now, e)))
		goto out;
	for (uint32_t v = 0; v < el->n_voters && !rc; v++) {
		size_t n = 0;
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++)
			choice[n++] = ids[el->vote_proj[k]];
		rc = ms_ballot_sql_add(db, *id, choice, n, NULL, 0, false, false, NULL, e);
	}
	struct ms_poll stored;
	if (rc || (rc = ms_poll_get(db, *id, &stored, e)))
		goto out;
	rc = ms_close_count(db, by, &stored, el->n_voters, NULL, result, e);
	ms_poll_fini(&stored);
	if (!rc)
		rc = ms_audit_append(db, by, cy.congress_id, "poll.import", "poll", *id,
				     json_pack("{s:I, s:I}", "projects", (json_int_t)el->n_projects, "voters",
					       (json_int_t)el->n_voters),
				     e);
out:
	p->candidate_ids = NULL, p->n_candidates = 0;
	free(ids);
	free(choice);
	ms_election_free(&ms_allocator_libc, el);
	return rc;
}

struct export_collect {
	const struct ms_poll *p;
	uint32_t *off, *proj;
	size_t n, cap, n_items, cap_items;
};

static int export_ballot(void *ctx, const int64_t *choices, size_t n, const int64_t *opposes, size_t n_opp,
			 bool paper)
{
	(void)paper, (void)opposes, (void)n_opp; /* approve / oppose polls are not exported */
	struct export_collect *k = ctx;
	if (k->n + 2 > k->cap) {
		size_t nc = k->cap ? 2 * k->cap : 256;
		uint32_t *no = realloc(k->off, nc * sizeof *no);
		if (!no)
			return MS_ERR_NOMEM;
		k->off = no, k->cap = nc;
	}
	if (k->n_items + n > k->cap_items) {
		size_t nc = (k->cap_items ? 2 * k->cap_items : 1024) + n;
		uint32_t *np = realloc(k->proj, nc * sizeof *np);
		if (!np)
			return MS_ERR_NOMEM;
		k->proj = np, k->cap_items = nc;
	}
	if (k->n == 0)
		k->off[0] = 0;
	for (size_t i = 0; i < n; i++) {
		int idx = ms_poll_candidate_index(k->p, choices[i]);
		if (idx < 0)
			return MS_ERR_STORE;
		k->proj[k->n_items++] = (uint32_t)idx;
	}
	k->off[++k->n] = (uint32_t)k->n_items;
	return 0;
}

int ms_poll_export_pb(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, char **text, size_t *len,
		      struct ms_error *e)
{
	struct ms_poll p;
	struct export_collect k = {0};
	json_t *pj = NULL, *cong = NULL, *cyc = NULL;
	struct ms_election *el = NULL;
	const char **ids = NULL, **names = NULL;
	char *idbuf = NULL;
	int rc = ms_poll_get(db, poll_id, &p, e);
	if (rc)
		return rc;
	k.p = &p;
	if ((rc = ms_poll_need_closed(&p, MS_AT("可导出选票", "ballots are exported"), e)))
		goto out;
	if (p.form == MS_FORM_RATE && (rc = ms_poll_need_form(&p, false, e))) /* no Pabulib form: an evaluation */
		goto out;
	if (p.form == MS_FORM_APPROVE_OPPOSE) { /* Pabulib has no approve / oppose / abstain ballots */
		rc = ms_fail(e, MS_E_UNSUPPORTED_FORM, NULL);
		goto out;
	}
	if ((rc = ms_poll_sql_json(db, p.id, &pj, e)) || (rc = ms_congress_get(db, p.congress_id, &cong, e)) ||
	    (rc = ms_cycle_get(db, p.cycle_id, NULL, &cyc, e)) || (rc = ms_ballot_sql_each(db, p.id, export_ballot, &k, e)))
		goto out;
	uint32_t zero = 0;
	size_t n = p.n_candidates;
	ids = calloc(n + 1, sizeof *ids);
	names = calloc(n + 1, sizeof *names);
	idbuf = malloc(24 * (n + 1));
	if (!ids || !names || !idbuf) {
		rc = ms_nomem(e);
		goto out;
	}
	int64_t total = 0;
	json_t *cands = json_object_get(pj, "candidates");
	for (size_t i = 0; i < n; i++) {
		snprintf(idbuf + 24 * i, 24, "%lld", (long long)p.candidate_ids[i]);
		ids[i] = idbuf + 24 * i;
		names[i] = json_string_value(json_object_get(json_array_get(cands, i), "title"));
		total += p.candidate_costs[i];
	}
	char year[24], slots[24], all[24], rule[1024];
	snprintf(year, sizeof year, "%lld", (long long)json_integer_value(json_object_get(cyc, "year")));
	snprintf(slots, sizeof slots, "%u", p.slots);
	snprintf(all, sizeof all, "%lld", (long long)p.deputies_all);
	struct ms_count_params cp;
	ms_poll_params(&p, p.deputies_all, 0, &cp);
	ms_count_rule_text_en(&cp, rule, sizeof rule);
	const char *keys[] = {"rule", "slots", "deputies", "rule_text", "currency", "language"};
	const char *vals[] = {p.form == MS_FORM_RANKED ? "minsheng-ranked" : "minsheng-threshold", slots, all, rule,
			      "CNY", "zh"};
	struct ms_election_spec spec = {
		.vote_type = p.form == MS_FORM_RANKED ? MS_VOTE_ORDINAL : MS_VOTE_APPROVAL,
		.description = p.title,
		.country = "China",
		.unit = json_string_value(json_object_get(cong, "name")),
		.instance = year,
		.budget = p.has_budget ? p.budget : total,
		.max_length = p.max_approvals,
		.n_meta = sizeof keys / sizeof keys[0],
		.meta_key = keys,
		.meta_value = vals,
		.n_projects = (uint32_t)n,
		.project_id = ids,
		.cost = p.candidate_costs,
		.project_name = names,
		.n_voters = (uint32_t)k.n,
		.ballot_off = k.n ? k.off : &zero,
		.ballot_proj = k.proj,
	};
	if ((rc = ms_election_build(&ms_allocator_libc, &spec, &el, e)) ||
	    (rc = ms_pb_write(&ms_allocator_libc, el, text, len, e)))
		goto out;
	rc = ms_audit_append(db, by, p.congress_id, "poll.export", "poll", p.id, NULL, e);
	if (rc) {
		free(*text);
		*text = NULL;
	}
out:
	ms_election_free(&ms_allocator_libc, el);
	free(ids);
	free(names);
	free(idbuf);
	free(k.off);
	free(k.proj);
	json_decref(pj);
	json_decref(cong);
	json_decref(cyc);
	ms_poll_fini(&p);
	return rc;
}
