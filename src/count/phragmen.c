/*
 * phragmen.c — sequential Phragmén (rules.h, ../shared/pabulib/README.md),
 * exactly as pabutools computes it, fast.
 *
 * The rule. Projects costing more than the budget B are dropped. Every voter
 * carries a load, 0 at first. Each round, every remaining project p with
 * a_p > 0 approvals has the new load
 *     L_p = (sum of its supporters' loads + cost_p) / a_p,
 * an unsupported one +inf. Let L be the least; if ANY project tied at L does
 * not fit in what is left of the budget, the rule stops; otherwise the one
 * with the smallest id (byte-wise) is selected and every supporter's load is
 * SET to L. Unsupported projects, all tied at +inf, are therefore added in
 * id order while every one still remaining fits.
 *
 * How it is made fast, exactly: ballots become weighted groups of identical
 * ones, and the loads are kept by classes of voters with equal load, each an
 * exact fraction over one common denominator, compared in doubles first
 * (phragmen_groups.c, phragmen_loads.c say how). When a group moves to a new
 * class, projects no longer remaining are dropped from its copied ballot, so
 * later moves touch less; the updates are branch-free.
 *
 * Steps: each round's selected project with its load L as exact reduced
 * text in currency units (L / money_scale; "inf" for unsupported projects)
 * and the money left; a STOP step naming the smallest-id tied project that
 * does not fit, when the rule stops on such a tie.
 *
 * Pure: memory from the caller's allocator (libtommath's digits aside, as
 * for rat.h); never aborts: every mp_* error is checked.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "bignum_internal.h"
#include "phragmen_internal.h"

#define NEAR_REL 1e-9

static void state_fini(struct ph *s)
{
	const struct ms_allocator *a = s->a;
	for (size_t i = 0; i < s->n_m; i++)
		mp_clear(&s->m[i]);
	for (size_t i = 0; i < s->n_x; i++)
		mp_clear(&s->x[i]);
	if (s->d_init)
		mp_clear_multi(&s->d, &s->t1, &s->t2, &s->t3, NULL);
	void *ptrs[] = { s->buf, s->g_start, s->g_len, s->g_w, s->g_cls, s->g_hash, s->table, s->appr,
			 s->p_off, s->p_grp, s->cnt, s->pop, s->alive, s->lamd, s->ld, s->near,
			 s->remaining, s->m, s->x, s->fac };
	for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
		a->free(a->ctx, ptrs[i]);
}

/* Count work against w's bound (ms_ph_work); 0 when not counted. */
static int charge(const struct ms_ph_work *w, uint64_t work, struct ms_error *e)
{
	return w && w->fn ? w->fn(w->ctx, work, e) : 0;
}

/*
 * The rule: its outcome into out, or (out NULL, watch < n_projects) only
 * whether it selects project watch, into *sel, the run stopped as soon as
 * that is decided — once watch is selected, or once it no longer fits in
 * what is left (the rule stops before selecting it: what is left only
 * falls). No steps are written then. Its work counted by wk (NULL: not).
 */
static int ph_count(const struct ms_allocator *a, const struct ms_election *el, uint32_t watch,
		    struct ms_outcome *out, bool *sel, const struct ms_ph_work *wk, struct ms_error *e)
{
	int rc = ms_election_check(a, el, e);
	if (rc != 0)
		return rc;
	if (el->vote_type != MS_VOTE_APPROVAL && el->vote_type != MS_VOTE_CHOOSE1)
		return ms_rule_wrong_vote_type(e, el, MS_AT("序贯 Phragmén 法", "sequential Phragmén"),
					       MS_AT("赞成式或单选式", "approval or choose-1"));
	if (!out && watch >= el->n_projects)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, "project", MS_AS("ms_phragmen_selects"),
				MS_AT("选举中的项目", "a project of the election"));

	struct ph s;
	memset(&s, 0, sizeof s);
	s.a = a;
	uint32_t np = s.np = el->n_projects;
	int64_t scale = el->money_scale > 1 ? el->money_scale : 1;
	mp_err err = MP_OKAY;

	s.remaining = ms_alloc_array(a, np, sizeof *s.remaining);
	if (!s.remaining)
		goto nomem;
	for (uint32_t p = 0; p < np; p++)
		s.remaining[p] = el->cost[p] <= el->budget;
	if ((rc = ms_ph_build_groups(&s, el)) != 0 || (rc = ms_ph_build_index(&s)) != 0)
		goto nomem;

	uint32_t n_supported = 0;
	for (uint32_t p = 0; p < np; p++)
		n_supported += s.appr[p] > 0;
	s.stride = (size_t)n_supported + 1;
	/* D's factors: at most 15 distinct primes per factor below 2^64, one
	 * factor per round, plus money_scale's. */
	s.cap_fac = 16 * (s.stride + 1);
	s.cnt = ms_alloc_array(a, (size_t)np * s.stride, sizeof *s.cnt);
	s.pop = ms_alloc_array(a, s.stride, sizeof *s.pop);
	s.alive = ms_alloc_array(a, s.stride, sizeof *s.alive);
	s.lamd = ms_alloc_array(a, s.stride, sizeof *s.lamd);
	s.ld = ms_alloc_array(a, np, sizeof *s.ld);
	s.near = ms_alloc_array(a, np, sizeof *s.near);
	s.m = ms_alloc_array(a, s.stride, sizeof *s.m);
	s.x = ms_alloc_array(a, np, sizeof *s.x);
	s.fac = ms_alloc_array(a, s.cap_fac, sizeof *s.fac);
	if (!s.cnt || !s.pop || !s.alive || !s.lamd || !s.ld || !s.near || !s.m || !s.x ||
	    !s.fac)
		goto nomem;
	if ((err = mp_init_multi(&s.d, &s.t1, &s.t2, &s.t3, NULL)) != MP_OKAY)
		goto mp_fail;
	s.d_init = true;
	mp_set(&s.d, 1);
	for (; s.n_m < s.stride; s.n_m++)
		if ((err = mp_init(&s.m[s.n_m])) != MP_OKAY)
			goto mp_fail;
	for (; s.n_x < np; s.n_x++)
		if ((err = mp_init(&s.x[s.n_x])) != MP_OKAY)
			goto mp_fail;
	ms_ph_add_factors(s.fac, &s.n_fac, s.cap_fac, (uint64_t)scale);
	for (size_t c = 0; c < s.stride; c++) {
		s.lamd[c] = 0;
		s.pop[c] = 0;
	}
	memset(s.cnt, 0, (size_t)np * s.stride * sizeof *s.cnt);
	for (uint32_t p = 0; p < np; p++)
		s.cnt[(size_t)p * s.stride] = (uint32_t)s.appr[p];
	s.pop[0] = el->n_voters;
	if (out && (rc = ms_outcome_reserve(a, out, np, (size_t)np + 1, e)) != 0)
		goto fail;

	int64_t left = el->budget;
	uint32_t n_classes = 1; /* class 0 exists */
	bool stopped = false;
	for (;;) {
		if (!out && (!s.remaining[watch] || el->cost[watch] > left))
			goto done; /* selected (below), or it can no longer be */
		/* classes >= 1 that hold voters */
		uint32_t n_alive = 0;
		for (uint32_t c = 1; c < n_classes; c++)
			if (s.pop[c] > 0)
				s.alive[n_alive++] = c;
		if ((rc = charge(wk, (uint64_t)np * (n_alive + 1) + n_classes, e)) != 0)
			goto fail;
		/* approximate loads */
		double dmin = 0;
		bool any = false;
		for (uint32_t p = 0; p < np; p++) {
			if (!s.remaining[p] || s.appr[p] == 0)
				continue;
			const uint32_t *row = s.cnt + (size_t)p * s.stride;
			double sum = (double)el->cost[p];
			for (uint32_t i = 0; i < n_alive; i++)
				sum += (double)row[s.alive[i]] * s.lamd[s.alive[i]];
			double l = sum / (double)s.appr[p];
			s.ld[p] = l;
			if (!any || l < dmin)
				dmin = l;
			any = true;
		}
		if (!any)
			break;
		/* exact loads of the near-minimal ones */
		double cut = dmin * (1 + NEAR_REL);
		uint32_t n_near = 0, best = UINT32_MAX;
		for (uint32_t p = 0; p < np; p++)
			if (s.remaining[p] && s.appr[p] > 0 && s.ld[p] <= cut)
				s.near[n_near++] = p;
		if ((rc = charge(wk, (uint64_t)n_near * (n_alive + 1), e)) != 0)
			goto fail;
		for (uint32_t i = 0; i < n_near; i++) {
			uint32_t p = s.near[i];
			int c = -1;
			if ((err = ms_ph_exact_x(&s, p, el->cost[p], n_alive)) != MP_OKAY)
				goto mp_fail;
			if (best != UINT32_MAX && (err = ms_ph_cmp_load(&s, p, best, &c)) != MP_OKAY)
				goto mp_fail;
			if (c < 0)
				best = p;
		}
		/* the tied set: winner by id; stop if any does not fit */
		uint32_t win = UINT32_MAX, nofit = UINT32_MAX;
		for (uint32_t i = 0; i < n_near; i++) {
			uint32_t p = s.near[i];
			int c = 0;
			if (p != best && (err = ms_ph_cmp_load(&s, p, best, &c)) != MP_OKAY)
				goto mp_fail;
			if (c != 0)
				continue;
			if (el->cost[p] > left) {
				if (nofit == UINT32_MAX || el->id_rank[p] < el->id_rank[nofit])
					nofit = p;
			} else if (win == UINT32_MAX || el->id_rank[p] < el->id_rank[win]) {
				win = p;
			}
		}
		if (nofit != UINT32_MAX) {
			if (out && (rc = ms_ph_add_text_step(&s, out, MS_STEP_STOP, nofit, &s.x[best], s.appr[best], scale,
							     left, e)) != 0)
				goto fail;
			stopped = true;
			break;
		}
		/* select win: its supporters move to a new class */
		uint32_t c_new = n_classes++;
		if ((err = ms_ph_new_class(&s, win, c_new, n_alive)) != MP_OKAY)
			goto mp_fail;
		/* Moving a group also drops the projects no longer remaining
		 * (win among them) from its ballot: later moves skip them. */
		s.remaining[win] = 0;
		uint64_t moved = 0;
		for (uint32_t k = s.p_off[win]; k < s.p_off[win + 1]; k++) {
			uint32_t g = s.p_grp[k], old = s.g_cls[g], w, len;
			const uint32_t *b = ph_group_ballot(&s, g, &len, &w);
			moved += len + 1;
			/* Branch-free: rows of projects no longer remaining are
			 * updated too (never read again; unsigned wrap is harmless),
			 * which is faster than a mispredicted test per entry. */
			if (s.direct) {
				for (uint32_t j = 0; j < len; j++) {
					uint32_t *row = s.cnt + (size_t)b[j] * s.stride;
					row[old] -= w;
					row[c_new] += w;
				}
			} else {
				uint32_t *mb = s.buf + s.g_start[g], kept = 0;
				for (uint32_t j = 0; j < len; j++) {
					uint32_t p = mb[j];
					uint32_t *row = s.cnt + (size_t)p * s.stride;
					row[old] -= w;
					row[c_new] += w;
					mb[kept] = p;
					kept += s.remaining[p];
				}
				s.g_len[g] = kept;
			}
			s.pop[old] -= w;
			s.pop[c_new] += w;
			s.g_cls[g] = c_new;
		}
		left -= el->cost[win];
		if ((rc = charge(wk, moved, e)) != 0)
			goto fail;
		if (!out && win == watch) {
			*sel = true;
			goto done;
		}
		if (out && ((rc = ms_outcome_select(a, out, win, el->cost[win], e)) != 0 ||
			    (rc = ms_ph_add_text_step(&s, out, MS_STEP_SELECTED, win, &s.m[c_new], 1, scale, left, e)) != 0))
			goto fail;
	}
	/* Unsupported projects: all tied at +inf. */
	while (!stopped) {
		uint32_t win = UINT32_MAX, nofit = UINT32_MAX;
		for (uint32_t p = 0; p < np; p++) {
			if (!s.remaining[p])
				continue;
			if (el->cost[p] > left) {
				if (nofit == UINT32_MAX || el->id_rank[p] < el->id_rank[nofit])
					nofit = p;
			} else if (win == UINT32_MAX || el->id_rank[p] < el->id_rank[win]) {
				win = p;
			}
		}
		if (nofit != UINT32_MAX) {
			if (out && (rc = ms_ph_add_text_step(&s, out, MS_STEP_STOP, nofit, NULL, 1, scale, left, e)) != 0)
				goto fail;
			break;
		}
		if (win == UINT32_MAX)
			break;
		s.remaining[win] = 0;
		left -= el->cost[win];
		if (!out && win == watch) {
			*sel = true;
			break;
		}
		if (out && ((rc = ms_outcome_select(a, out, win, el->cost[win], e)) != 0 ||
			    (rc = ms_ph_add_text_step(&s, out, MS_STEP_SELECTED, win, NULL, 1, scale, left, e)) != 0))
			goto fail;
	}
done:
	state_fini(&s);
	return 0;
mp_fail:
	rc = ms_error_set(e, ms_mp_rc(err), NULL, NULL, "exact arithmetic failed (out of memory)");
	goto fail;
nomem:
	rc = ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory for sequential Phragmén");
fail:
	state_fini(&s);
	if (out)
		ms_outcome_fini(a, out);
	return rc;
}

int ms_rule_phragmen(const struct ms_allocator *a, const struct ms_election *el, struct ms_outcome *out,
		     struct ms_error *e)
{
	return ms_phragmen_counted(a, el, out, NULL, e);
}

int ms_phragmen_counted(const struct ms_allocator *a, const struct ms_election *el, struct ms_outcome *out,
			const struct ms_ph_work *w, struct ms_error *e)
{
	if (!out)
		return ms_failf(e, MS_E_COUNT_MISSING_INPUT, NULL, MS_RULE_NO_OUTCOME);
	ms_outcome_init(out);
	return ph_count(a, el, UINT32_MAX, out, NULL, w, e);
}

int ms_phragmen_selects(const struct ms_allocator *a, const struct ms_election *el, uint32_t p, bool *sel,
			const struct ms_ph_work *w, struct ms_error *e)
{
	*sel = false;
	return ph_count(a, el, p, NULL, sel, w, e);
}
