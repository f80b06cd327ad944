/*
 * measures.c — project performance measures (measures.h): for each project
 * the largest cost at which a rule selects it, the least number of new
 * voters approving it alone that would make the rule select it, and how
 * many of its approvers a selected one could lose (greedy's here; those
 * read from a run's states, and add_approvals, in measures_states.c).
 *
 * Every answer comes from running the rule (ms_rule_greedy,
 * ms_rule_phragmen, ms_rule_mes) on a working copy of the election that
 * shares the original's arrays except the costs (its own copy, one entry
 * changed at a time) and, for added voters, the ballots: those are copied
 * once per project with room for the most voters the search may add, each
 * added voter approving the project alone, so that adding k voters is
 * setting n_voters to n + k. Binary search where the rule's selection is
 * monotone (measures.h says why), one k after another for Equal Shares'
 * added voters, as pabumeasures does.
 *
 * Pure: memory from the caller's allocator; never aborts.
 */
#include "measures_internal.h"

#include <stdlib.h>
#include <string.h>

#include "mes_internal.h"
#include "phragmen_internal.h"
#include "rules_internal.h"

__extension__ typedef __int128 i128;


/* Count work against the bound (ms_measures_bounded). */
int ms_measures_charge_work(struct mctx *m, uint64_t work, struct ms_error *e)
{
	if (work > m->work_left)
		return ms_failf(e, MS_E_COUNT_MEASURES_WORK, "max_work",
				MS_AI(m->bound > INT64_MAX ? INT64_MAX : (int64_t)m->bound));
	m->work_left -= work;
	return 0;
}

/* A Phragmén run's work as it goes (m->ph_work), against the same bound. */
static int ph_charge(void *ctx, uint64_t work, struct ms_error *e)
{
	return ms_measures_charge_work(ctx, work, e);
}

/* Count one run of the rule on m->w: its voters and approvals (grouping
 * the ballots, counting) and its projects squared (a round looks at every
 * candidate, and there are up to as many rounds as projects). */
int ms_measures_charge(struct mctx *m, struct ms_error *e)
{
	uint64_t np = m->w.n_projects;
	uint64_t entries = m->w.n_voters > 0 ? m->w.vote_off[m->w.n_voters] : 0;
	return ms_measures_charge_work(m, (uint64_t)m->w.n_voters + entries + np * np, e);
}

/* Run the rule on m->w: *sel = whether it selects p. */
int ms_measures_selects(struct mctx *m, uint32_t p, bool *sel, struct ms_error *e)
{
	struct ms_outcome o;
	int rc = ms_measures_charge(m, e);
	if (rc != 0)
		return rc;
	switch (m->rule) {
	case MS_MEASURE_GREEDY: rc = ms_rule_greedy(m->a, &m->w, MS_SAT_COST, &o, e); break;
	case MS_MEASURE_PHRAGMEN:
		/* the rule's own run, stopped once p is decided */
		if ((rc = ms_phragmen_selects(m->a, &m->w, p, sel, &m->ph_work, e)) == 0 && m->runs)
			(*m->runs)++;
		return rc;
	default:
		if ((rc = ms_mes_selects(m->a, &m->w, MS_SAT_COST, p, sel, e)) == 0 && m->runs)
			(*m->runs)++;
		return rc;
	}
	if (rc != 0)
		return rc;
	*sel = false;
	for (uint32_t i = 0; i < o.n_selected; i++)
		if (o.selected[i] == p)
			*sel = true;
	ms_outcome_fini(m->a, &o);
	if (m->runs)
		(*m->runs)++;
	return 0;
}

/* ms_measures_selects() with p's cost set to c (then restored). */
static int selects_at_cost(struct mctx *m, uint32_t p, int64_t c, bool *sel, struct ms_error *e)
{
	m->cost[p] = c;
	int rc = ms_measures_selects(m, p, sel, e);
	m->cost[p] = m->el->cost[p];
	return rc;
}

/* max_cost: the largest c in [0, B] at which p is selected. The costs >= 1
 * that select p are 1..max (measures.h), so binary search over them; 0 apart. */
static int measure_cost(struct mctx *m, uint32_t p, struct ms_measure *out, struct ms_error *e)
{
	int64_t c0 = m->el->cost[p], budget = m->el->budget;
	int64_t lo = 0, hi; /* lo: the largest cost >= 1 known to select p, 0 for none yet */
	if (out->selected) {
		if (c0 >= 1)
			lo = c0;
		hi = budget;
	} else if (c0 == 0) {
		hi = budget; /* mes_cost: not selected at 0, perhaps above */
	} else {
		hi = c0 - 1 < budget ? c0 - 1 : budget;
	}
	int rc;
	bool sel;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo + 1) / 2;
		if ((rc = selects_at_cost(m, p, mid, &sel, e)) != 0)
			return rc;
		if (sel)
			lo = mid;
		else
			hi = mid - 1;
	}
	if (lo == 0) { /* no cost >= 1: cost 0? */
		if (out->selected && c0 == 0)
			sel = true;
		else if (!out->selected && c0 == 0)
			sel = false;
		else if ((rc = selects_at_cost(m, p, 0, &sel, e)) != 0)
			return rc;
		if (!sel) {
			out->cost_status = MS_MEASURE_NEVER;
			out->max_cost = 0;
			return 0;
		}
	}
	out->cost_status = MS_MEASURE_FOUND;
	out->max_cost = lo;
	return 0;
}

/* The range of k to search for add_singletons: [*lo, *hi], the rule surely
 * selecting p at *hi; false when no k selects p. */
static bool singleton_range(const struct mctx *m, uint32_t p, uint64_t *lo, uint64_t *hi)
{
	const struct ms_election *el = m->el;
	int64_t c = el->cost[p], budget = el->budget;
	uint64_t a = m->appr[p], n = el->n_voters, amax = 0;
	if (c > budget)
		return false;
	for (uint32_t q = 0; q < el->n_projects; q++)
		if (q != p && m->appr[q] > amax)
			amax = m->appr[q];
	/* more approvals than any other project */
	uint64_t beat = amax >= a ? amax - a + 1 : 1;
	*lo = 1;
	switch (m->rule) {
	case MS_MEASURE_GREEDY:
		*hi = beat; /* first in the scan, and it fits */
		return true;
	case MS_MEASURE_PHRAGMEN: {
		/* a first-round load c / (a + k) below every other project's
		 * c_q / a_q (those of cost 0 are taken first and change no load) */
		i128 k = 1;
		for (uint32_t q = 0; q < el->n_projects; q++) {
			int64_t cq = el->cost[q];
			if (q == p || cq <= 0 || cq > budget || m->appr[q] == 0)
				continue;
			i128 kq = (i128)c * m->appr[q] / cq - (i128)a + 1;
			if (kq > k)
				k = kq;
		}
		*hi = k > (i128)UINT64_MAX / 2 ? UINT64_MAX / 2 : (uint64_t)k;
		return true;
	}
	default: {
		/* cost satisfaction: a project of cost 0 is never a candidate */
		if (c == 0)
			return false;
		/* its supporters must hold c at the start: (a + k) B / (n + k) >= c */
		if (c == budget) {
			if (a < n)
				return false;
		} else {
			i128 num = (i128)c * (i128)n - (i128)a * budget, den = (i128)budget - c;
			if (num > 0) {
				i128 l = (num + den - 1) / den;
				*lo = l > (i128)UINT64_MAX / 2 ? UINT64_MAX / 2 : (uint64_t)l;
			}
		}
		if (*lo == 0)
			*lo = 1;
		/* from there, with more supporters than any other project, it
		 * wins the first round: price 1/(a + k) per unit of cost */
		*hi = beat > *lo ? beat : *lo;
		return true;
	}
	}
}

/* add_singletons (measures.h). */
static int measure_singletons(struct mctx *m, uint32_t p, struct ms_measure *out, struct ms_error *e)
{
	out->add_singletons = 0;
	if (out->selected) {
		out->add_status = MS_MEASURE_FOUND;
		return 0;
	}
	uint64_t lo, hi;
	if (!singleton_range(m, p, &lo, &hi)) {
		out->add_status = MS_MEASURE_NEVER;
		return 0;
	}
	const struct ms_election *el = m->el;
	uint32_t n = el->n_voters, total = n > 0 ? el->vote_off[n] : 0;
	uint64_t cap = MS_MEASURE_MAX_ADDED;
	if (cap > (uint64_t)UINT32_MAX - 1 - n)
		cap = (uint64_t)UINT32_MAX - 1 - n;
	if (cap > (uint64_t)UINT32_MAX - total)
		cap = (uint64_t)UINT32_MAX - total;
	out->add_status = MS_MEASURE_BEYOND;
	if (lo > cap)
		return 0;
	bool capped = hi > cap;
	uint32_t top = (uint32_t)(capped ? cap : hi);

	/* the ballots with room for top added voters, each approving p alone */
	uint32_t *off = ms_alloc_array(m->a, (size_t)n + top + 1, sizeof *off);
	uint32_t *proj = ms_alloc_array(m->a, (size_t)total + top, sizeof *proj);
	int rc = 0;
	if (!off || !proj) {
		rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u added voters", (unsigned)top);
		goto done;
	}
	if (n > 0) {
		memcpy(off, el->vote_off, ((size_t)n + 1) * sizeof *off);
		memcpy(proj, el->vote_proj, (size_t)total * sizeof *proj);
	} else {
		off[0] = 0;
	}
	for (uint32_t i = 0; i < top; i++) {
		off[n + i + 1] = total + i + 1;
		proj[total + i] = p;
	}
	m->w.vote_off = off;
	m->w.vote_proj = proj;

	bool sel = false;
	uint32_t k = (uint32_t)lo;
	if (m->rule == MS_MEASURE_MES) {
		/* not monotone in k: every k in turn, on one grouping of the
		 * ballots (the probe: only the added voters' weight changes) */
		struct ms_mes_probe pb;
		memset(&pb, 0, sizeof pb);
		m->w.n_voters = n + top; /* grouping them all is charged as one run */
		if (k <= top && (rc = ms_measures_charge(m, e)) == 0 && (rc = ms_mes_probe_init(&pb, m->a, &m->w, p, top, e)) == 0) {
			for (; k <= top; k++) {
				m->w.n_voters = n + k;
				if ((rc = ms_measures_charge(m, e)) != 0 || (rc = ms_mes_probe_selects(&pb, k, &sel, e)) != 0)
					break;
				if (m->runs)
					(*m->runs)++;
				if (sel)
					break;
			}
		}
		ms_mes_probe_fini(&pb);
	} else {
		/* monotone: the least k in [lo, top] that selects p */
		m->w.n_voters = n + top;
		if ((rc = ms_measures_selects(m, p, &sel, e)) == 0 && sel) {
			uint32_t l = (uint32_t)lo, h = top; /* h selects */
			while (l < h && rc == 0) {
				uint32_t mid = l + (h - l) / 2;
				bool s;
				m->w.n_voters = n + mid;
				if ((rc = ms_measures_selects(m, p, &s, e)) != 0)
					break;
				if (s)
					h = mid;
				else
					l = mid + 1;
			}
			k = h;
		}
	}
	if (rc == 0 && sel) {
		out->add_status = MS_MEASURE_FOUND;
		out->add_singletons = k;
	} else if (rc == 0 && !capped) {
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL,
				  "project %u is not selected with %u added voters, where it must be", (unsigned)p,
				  (unsigned)top);
	}
done:
	m->w.vote_off = el->vote_off;
	m->w.vote_proj = el->vote_proj;
	m->w.n_voters = n;
	m->a->free(m->a->ctx, off);
	m->a->free(m->a->ctx, proj);
	return rc;
}

/* The ballots of el with p dropped by its first r approvers (in voter
 * order) into off (n_voters + 1) and proj (el's entries). */
void ms_measures_drop_approvals(const struct ms_election *el, uint32_t p, uint32_t r, uint32_t *off, uint32_t *proj)
{
	uint32_t k = 0, seen = 0;
	off[0] = 0;
	for (uint32_t v = 0; v < el->n_voters; v++) {
		for (uint32_t j = el->vote_off[v]; j < el->vote_off[v + 1]; j++) {
			uint32_t q = el->vote_proj[j];
			if (q == p && seen < r) {
				seen++;
				continue;
			}
			proj[k++] = q;
		}
		off[v + 1] = k;
	}
}

/* lose_approvals (measures.h): greedy, selected; binary search over the
 * number of approvers who drop p. */
static int measure_lose(struct mctx *m, uint32_t p, struct ms_measure *out, struct ms_error *e)
{
	out->lose_status = MS_MEASURE_NONE;
	out->lose_approvals = 0;
	if (!out->selected || m->appr[p] == 0)
		return 0;
	if (m->rule != MS_MEASURE_GREEDY)
		return ms_measures_lose_states(m, p, out, e);
	const struct ms_election *el = m->el;
	uint32_t n = el->n_voters, total = n > 0 ? el->vote_off[n] : 0;
	uint32_t *off = ms_alloc_array(m->a, (size_t)n + 1, sizeof *off);
	uint32_t *proj = ms_alloc_array(m->a, total ? total : 1, sizeof *proj);
	int rc = 0;
	if (!off || !proj) {
		rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u ballots", (unsigned)n);
		goto done;
	}
	m->w.vote_off = off;
	m->w.vote_proj = proj;
	uint32_t lo = 0, hi = m->appr[p]; /* lo: selects (the election as it is) */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo + 1) / 2;
		bool sel;
		ms_measures_drop_approvals(el, p, mid, off, proj);
		if ((rc = ms_measures_selects(m, p, &sel, e)) != 0)
			goto done;
		if (sel)
			lo = mid;
		else
			hi = mid - 1;
	}
	out->lose_status = MS_MEASURE_FOUND;
	out->lose_approvals = lo;
done:
	m->w.vote_off = el->vote_off;
	m->w.vote_proj = el->vote_proj;
	m->a->free(m->a->ctx, off);
	m->a->free(m->a->ctx, proj);
	return rc;
}

static void ctx_fini(struct mctx *m)
{
	ms_measure_states_fini(m->a, &m->run);
	m->a->free(m->a->ctx, m->cost);
	m->a->free(m->a->ctx, m->appr);
	m->a->free(m->a->ctx, m->base);
}

/* Check the call, copy the election, count approvals, run the rule once. */
static int ctx_init(struct mctx *m, const struct ms_allocator *a, const struct ms_election *el,
		    enum ms_measure_rule rule, uint64_t max_work, struct ms_error *e)
{
	memset(m, 0, sizeof *m);
	int rc = ms_election_check(a, el, e);
	if (rc != 0)
		return rc;
	if (rule != MS_MEASURE_GREEDY && rule != MS_MEASURE_PHRAGMEN && rule != MS_MEASURE_MES)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, "rule", MS_AS("ms_measures"),
				MS_AT("贪心、Phragmén 或平等份额法", "greedy, Phragmén or Equal Shares"));
	if (el->vote_type != MS_VOTE_APPROVAL && el->vote_type != MS_VOTE_CHOOSE1)
		return ms_rule_wrong_vote_type(e, el, MS_AT("项目表现指标", "project performance measures"),
					       MS_AT("赞成式或单选式", "approval or choose-1"));
	m->a = a;
	m->el = el;
	m->rule = rule;
	m->work_left = m->bound = max_work;
	m->ph_work = (struct ms_ph_work){ph_charge, m};
	uint32_t np = el->n_projects;
	m->cost = ms_alloc_array(a, np, sizeof *m->cost);
	m->appr = ms_alloc_array(a, np, sizeof *m->appr);
	m->base = ms_alloc_array(a, np, sizeof *m->base);
	if (!m->cost || !m->appr || !m->base) {
		ctx_fini(m);
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for %u projects", (unsigned)np);
	}
	if (np > 0)
		memcpy(m->cost, el->cost, (size_t)np * sizeof *m->cost);
	memset(m->appr, 0, (size_t)np * sizeof *m->appr);
	memset(m->base, 0, np);
	uint32_t total = el->n_voters > 0 ? el->vote_off[el->n_voters] : 0;
	for (uint32_t k = 0; k < total; k++)
		m->appr[el->vote_proj[k]]++;
	/* the working copy: only what the rules read */
	m->w = *el;
	m->w.cost = m->cost;
	m->w.voter_id = NULL;
	m->w.n_vote_cols = 0;
	m->w.vote_cols = NULL;
	m->w.vote_fields = NULL;
	m->w.priv = NULL;
	/* the run every measure starts from counts against the bound too */
	struct ms_outcome o;
	memset(&o, 0, sizeof o);
	if ((rc = ms_measures_charge(m, e)) == 0) {
		switch (rule) {
		case MS_MEASURE_GREEDY: rc = ms_rule_greedy(a, el, MS_SAT_COST, &o, e); break;
		case MS_MEASURE_PHRAGMEN: rc = ms_phragmen_counted(a, el, &o, &m->ph_work, e); break;
		default: rc = ms_rule_mes(a, el, MS_SAT_COST, MS_MES_NONE, &o, e); break;
		}
	}
	if (rc != 0) {
		ctx_fini(m);
		return rc;
	}
	for (uint32_t i = 0; i < o.n_selected; i++)
		m->base[o.selected[i]] = 1;
	ms_outcome_fini(a, &o);
	return 0;
}

static int measure_one(struct mctx *m, uint32_t p, struct ms_measure *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	out->rule = m->rule;
	out->approvals = m->appr[p];
	out->selected = m->base[p] != 0;
	out->runs = 1; /* the run on the election as it is */
	m->runs = &out->runs;
	int rc = measure_cost(m, p, out, e);
	if (rc == 0)
		rc = measure_singletons(m, p, out, e);
	if (rc == 0)
		rc = measure_lose(m, p, out, e);
	if (rc == 0)
		rc = ms_measures_approvals(m, p, out, e);
	m->runs = NULL;
	return rc;
}

int ms_measure_project(const struct ms_allocator *a, const struct ms_election *el, enum ms_measure_rule rule,
		       uint32_t p, struct ms_measure *out, struct ms_error *e)
{
	if (!out)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_AT("结果存放位置", "a place for the measures"));
	if (el && p >= el->n_projects)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, "project", MS_AS("ms_measure_project"),
				MS_AT("选举中的项目", "a project of the election"));
	struct mctx m;
	int rc = ctx_init(&m, a, el, rule, UINT64_MAX, e);
	if (rc != 0)
		return rc;
	rc = measure_one(&m, p, out, e);
	ctx_fini(&m);
	return rc;
}

int ms_measures(const struct ms_allocator *a, const struct ms_election *el, enum ms_measure_rule rule,
		struct ms_measure *out, struct ms_error *e)
{
	return ms_measures_bounded(a, el, rule, UINT64_MAX, out, e);
}

int ms_measures_bounded(const struct ms_allocator *a, const struct ms_election *el, enum ms_measure_rule rule,
			uint64_t max_work, struct ms_measure *out, struct ms_error *e)
{
	return ms_measures_counted(a, el, rule, max_work, out, NULL, e);
}

int ms_measures_counted(const struct ms_allocator *a, const struct ms_election *el, enum ms_measure_rule rule,
			uint64_t max_work, struct ms_measure *out, uint64_t *work, struct ms_error *e)
{
	if (work)
		*work = 0;
	if (!out && el && el->n_projects > 0)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_AT("结果存放位置", "a place for the measures"));
	struct mctx m;
	int rc = ctx_init(&m, a, el, rule, max_work, e);
	if (rc != 0)
		return rc;
	for (uint32_t p = 0; p < el->n_projects && rc == 0; p++)
		rc = measure_one(&m, p, &out[p], e);
	if (work)
		*work = m.bound - m.work_left;
	ctx_fini(&m);
	return rc;
}
