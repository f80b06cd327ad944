/*
 * rules.c — what the selection rules share: freeing an outcome, building
 * one step by step (rules_internal.h), and the sanity check of an election
 * that every rule runs before it indexes anything.
 *
 * Pure: every allocation goes through the caller's allocator; failures are
 * returned, never aborted on. Thread-safety: functions touch only their
 * arguments.
 */
#include "rules.h"

#include <string.h>

#include "rules_internal.h"

void *ms_alloc_array(const struct ms_allocator *a, size_t n, size_t size)
{
	if (n == 0)
		return a->alloc(a->ctx, 1);
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	return a->alloc(a->ctx, n * size);
}

void ms_outcome_init(struct ms_outcome *o)
{
	memset(o, 0, sizeof *o);
}

static void step_fini(const struct ms_allocator *a, struct ms_step *s)
{
	a->free(a->ctx, s->value);
	a->free(a->ctx, s->payers);
}

/* a must be the allocator the outcome was built with. NULL a or o and a
 * zeroed outcome are no-ops; *o is zeroed afterwards. */
void ms_outcome_fini(const struct ms_allocator *a, struct ms_outcome *o)
{
	if (!a || !o)
		return;
	for (size_t i = 0; i < o->n_steps; i++)
		step_fini(a, &o->steps[i]);
	a->free(a->ctx, o->steps);
	a->free(a->ctx, o->selected);
	a->free(a->ctx, o->mes_budget);
	memset(o, 0, sizeof *o);
}

static int grow_steps(const struct ms_allocator *a, struct ms_outcome *o, size_t want)
{
	if (want <= o->cap_steps && o->cap_steps >= o->n_steps)
		return 0;
	size_t cap = o->cap_steps > o->n_steps ? o->cap_steps : o->n_steps;
	if (cap < 16)
		cap = 16;
	while (cap < want) {
		if (cap > SIZE_MAX / 2 / sizeof(struct ms_step))
			return MS_ERR_NOMEM;
		cap *= 2;
	}
	struct ms_step *s = ms_alloc_array(a, cap, sizeof *s);
	if (!s)
		return MS_ERR_NOMEM;
	if (o->n_steps)
		memcpy(s, o->steps, o->n_steps * sizeof *s);
	a->free(a->ctx, o->steps);
	o->steps = s;
	o->cap_steps = cap;
	return 0;
}

static int grow_selected(const struct ms_allocator *a, struct ms_outcome *o, uint32_t want)
{
	if (want <= o->cap_selected && o->cap_selected >= o->n_selected)
		return 0;
	uint64_t cap = o->cap_selected > o->n_selected ? o->cap_selected : o->n_selected;
	if (cap < 16)
		cap = 16;
	while (cap < want)
		cap *= 2;
	if (cap > UINT32_MAX)
		cap = UINT32_MAX;
	uint32_t *s = ms_alloc_array(a, (size_t)cap, sizeof *s);
	if (!s)
		return MS_ERR_NOMEM;
	if (o->n_selected)
		memcpy(s, o->selected, (size_t)o->n_selected * sizeof *s);
	a->free(a->ctx, o->selected);
	o->selected = s;
	o->cap_selected = (uint32_t)cap;
	return 0;
}

int ms_outcome_reserve(const struct ms_allocator *a, struct ms_outcome *o, uint32_t n_selected, size_t n_steps,
		       struct ms_error *e)
{
	if (grow_selected(a, o, n_selected) != 0 || grow_steps(a, o, n_steps) != 0)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for the outcome");
	return 0;
}

char *ms_rat_strdup(const struct ms_allocator *a, const struct ms_rat *r)
{
	char small[64];
	size_t len = ms_rat_to_str(r, small, sizeof small);
	if (len == 0)
		return NULL;
	char *s = a->alloc(a->ctx, len + 1);
	if (!s)
		return NULL;
	if (len < sizeof small) {
		memcpy(s, small, len + 1);
	} else if (ms_rat_to_str(r, s, len + 1) != len) {
		a->free(a->ctx, s);
		return NULL;
	}
	return s;
}

static char *strdup_a(const struct ms_allocator *a, const char *t)
{
	size_t len = strlen(t);
	char *s = a->alloc(a->ctx, len + 1);
	if (s)
		memcpy(s, t, len + 1);
	return s;
}

/* Append with the value already made (owned by the step on success, freed
 * here on failure). */
static int add_step(const struct ms_allocator *a, struct ms_outcome *o, enum ms_step_kind kind, uint32_t project,
		    char *value, int64_t budget_left, const uint32_t *payers, uint32_t n_payers, struct ms_error *e)
{
	uint32_t *p = NULL;
	if (n_payers > 0) {
		p = ms_alloc_array(a, n_payers, sizeof *p);
		if (!p)
			goto nomem;
		memcpy(p, payers, (size_t)n_payers * sizeof *p);
	}
	if (grow_steps(a, o, o->n_steps + 1) != 0)
		goto nomem;
	struct ms_step *s = &o->steps[o->n_steps++];
	s->kind = kind;
	s->project = project;
	s->value = value;
	s->budget_left = budget_left;
	s->n_payers = n_payers;
	s->payers = p;
	return 0;
nomem:
	a->free(a->ctx, p);
	a->free(a->ctx, value);
	return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for the outcome's steps");
}

int ms_outcome_add_step(const struct ms_allocator *a, struct ms_outcome *o, enum ms_step_kind kind,
			uint32_t project, const struct ms_rat *value, int64_t budget_left,
			const uint32_t *payers, uint32_t n_payers, struct ms_error *e)
{
	char *v = NULL;
	if (value && !(v = ms_rat_strdup(a, value)))
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for a step's value");
	return add_step(a, o, kind, project, v, budget_left, payers, n_payers, e);
}

int ms_outcome_add_step_text(const struct ms_allocator *a, struct ms_outcome *o, enum ms_step_kind kind,
			     uint32_t project, const char *value_text, int64_t budget_left,
			     const uint32_t *payers, uint32_t n_payers, struct ms_error *e)
{
	char *v = NULL;
	if (value_text && !(v = strdup_a(a, value_text)))
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for a step's value");
	return add_step(a, o, kind, project, v, budget_left, payers, n_payers, e);
}

int ms_outcome_select(const struct ms_allocator *a, struct ms_outcome *o, uint32_t project, int64_t cost,
		      struct ms_error *e)
{
	if (o->n_selected == UINT32_MAX || grow_selected(a, o, o->n_selected + 1) != 0)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for the selected projects");
	o->selected[o->n_selected++] = project;
	o->total_cost += cost;
	return 0;
}

int ms_rule_wrong_vote_type(struct ms_error *e, const struct ms_election *el, struct ms_arg rule,
			    struct ms_arg takes)
{
	/* In English the type as Pabulib spells it, in Chinese its label. */
	int i = (int)el->vote_type;
	struct ms_arg type = ms_names_arg(&ms_vote_type_names, i);
	type.en = ms_names_key(&ms_vote_type_names, i);
	return ms_failf(e, MS_E_RULE_WRONG_VOTE_TYPE, "vote_type", rule, takes, type);
}

/* Some off[v + 1] < off[v], v < n. */
static bool any_descent(const uint32_t *off, uint32_t n)
{
	uint32_t any = 0;
	size_t v = 0;
	for (; v + 8 <= n; v += 8) {
		uint32_t f = 0;
		for (int j = 0; j < 8; j++)
			f |= off[v + j + 1] < off[v + j];
		any |= f;
	}
	for (; v < n; v++)
		any |= off[v + 1] < off[v];
	return any != 0;
}

/* Some x[k] >= limit, k < n. */
static bool any_at_least(const uint32_t *x, uint32_t n, uint32_t limit)
{
	uint32_t any = 0;
	size_t k = 0;
	for (; k + 8 <= n; k += 8) {
		uint32_t f = 0;
		for (int j = 0; j < 8; j++)
			f |= x[k + j] >= limit;
		any |= f;
	}
	for (; k < n; k++)
		any |= x[k] >= limit;
	return any != 0;
}

/* Some x[k] < 0, k < n: a sign bit in the OR of all. */
static bool any_negative(const int64_t *x, uint32_t n)
{
	uint64_t any = 0;
	for (size_t k = 0; k < n; k++)
		any |= (uint64_t)x[k];
	return (any >> 63) != 0;
}

/*
 * Checks: a and el present; n_projects > 0 implies the arrays; costs and
 * budget >= 0; id_rank a permutation of 0..n_projects-1; offsets
 * nondecreasing from 0; every project index in range; points present for
 * cumulative/scoring and >= 0; grouped ballots (vote_weight) only where the
 * caller takes them (grouped), each of 1 voter or more, 2^32 - 1 in all at
 * most. Repeats within a vote are not looked for (election.h promises none).
 */
static int check(const struct ms_allocator *a, const struct ms_election *el, bool grouped, struct ms_error *e)
{
	if (!a || !a->alloc || !a->free || !el)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL,
				MS_AT("内存分配器和选举数据", "an allocator and an election"));
	if (el->vote_weight && !grouped)
		return ms_failf(e, MS_E_ELECTION_GROUPED, "votes", MS_AT("此项计算", "This computation"));
	if (el->vote_weight) {
		uint64_t sum = 0;
		for (uint32_t v = 0; v < el->n_voters; v++) {
			sum += el->vote_weight[v];
			if (el->vote_weight[v] == 0 || sum > UINT32_MAX)
				return ms_failf(e, MS_E_ELECTION_BAD_WEIGHT, "votes", MS_AI(v), MS_AI(UINT32_MAX));
		}
	}
	uint32_t np = el->n_projects;
	if (np > 0 && (!el->cost || !el->id_rank))
		return ms_failf(e, MS_E_ELECTION_INCOMPLETE, "projects",
				MS_AT("项目缺少投资额或编号排序", "projects without costs or ids"));
	if (el->budget < 0)
		return ms_fail(e, MS_E_COUNT_NEGATIVE_BUDGET, "budget");
	if (el->n_voters > 0 && (!el->vote_off || el->vote_off[0] != 0))
		return ms_failf(e, MS_E_ELECTION_INCOMPLETE, "votes", MS_AT("选票缺少起止位置", "votes without offsets"));
	bool points = el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING;
	uint32_t total = el->n_voters > 0 ? el->vote_off[el->n_voters] : 0;
	if (total > 0 && (!el->vote_proj || (points && !el->vote_points)))
		return ms_failf(e, MS_E_ELECTION_INCOMPLETE, "votes",
				MS_AT("选票缺少项目或分数", "votes without projects or points"));
	/* Whether any is wrong first, eight at a time without branches (which
	 * compilers turn into vector code); the first offender is looked for
	 * only when there is one. */
	/* Offsets first: total is only the votes' length once they are in order. */
	bool bad = any_descent(el->vote_off, el->n_voters);
	for (uint32_t v = 0; bad && v < el->n_voters; v++)
		if (el->vote_off[v + 1] < el->vote_off[v])
			return ms_failf(e, MS_E_ELECTION_BAD_OFFSET, "votes", MS_AI(v));
	bool high = any_at_least(el->vote_proj, total, np);
	bool low = points && any_negative(el->vote_points, total);
	for (uint32_t k = 0; (high || low) && k < total; k++) {
		if (el->vote_proj[k] >= np)
			return ms_failf(e, MS_E_ELECTION_BAD_PROJECT, "votes", MS_AI(el->vote_proj[k]), MS_AI(np));
		if (points && el->vote_points[k] < 0)
			return ms_fail(e, MS_E_ELECTION_NEGATIVE_POINTS, "votes");
	}
	if (np == 0)
		return 0;
	uint8_t *seen = ms_alloc_array(a, np, 1);
	if (!seen)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory checking the election");
	memset(seen, 0, np);
	int rc = 0;
	for (uint32_t p = 0; p < np; p++) {
		if (el->cost[p] < 0) {
			rc = ms_failf(e, MS_E_ELECTION_NEGATIVE_COST, "cost", MS_AI(p));
			break;
		}
		uint32_t r = el->id_rank[p];
		if (r >= np || seen[r]) {
			rc = ms_fail(e, MS_E_ELECTION_BAD_ID_RANKS, "id_rank");
			break;
		}
		seen[r] = 1;
	}
	a->free(a->ctx, seen);
	return rc;
}

int ms_election_check(const struct ms_allocator *a, const struct ms_election *el, struct ms_error *e)
{
	return check(a, el, false, e);
}

int ms_election_check_grouped(const struct ms_allocator *a, const struct ms_election *el, struct ms_error *e)
{
	return check(a, el, true, e);
}
