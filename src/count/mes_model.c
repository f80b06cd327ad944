/*
 * mes_model.c — the election as the Method of Equal Shares sees it
 * (mes_internal.h): voters with identical ballots always hold identical
 * budgets, so they form one weighted group, found by hashing each ballot
 * once (an order-independent sum of random keys per project, then an exact
 * comparison; grouped ballots, election.h, are taken as their caller
 * grouped them); per project its supporting groups with their utilities, the
 * sum of w*u over them and the divisor s of its price (rho = lambda / s:
 * cost under cost satisfaction, money_scale under cardinality).
 *
 * Memory from the caller's allocator; the grouping table grows with the
 * distinct ballots, not with the voters.
 */
#include "mes_internal.h"

#include <stdlib.h>
#include <string.h>

void ms_mes_model_fini(const struct ms_allocator *a, struct model *m)
{
	void *arrs[] = {m->g_w, m->g_rep, m->p_off, m->p_grp, m->p_util,
			m->p_U, m->p_W, m->p_s, m->p_kind, m->v_group};
	for (size_t i = 0; i < sizeof arrs / sizeof arrs[0]; i++)
		a->free(a->ctx, arrs[i]);
	memset(m, 0, sizeof *m);
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* Order-independent hash of voter v's effective ballot (a sum of the
 * projects' random keys); *len gets its length. */
static uint64_t ballot_hash(const struct model *m, uint32_t v, uint32_t *len)
{
	const struct ms_election *el = m->el;
	const uint32_t *vp = el->vote_proj;
	uint64_t h = 0;
	uint32_t n = 0, k = el->vote_off[v], e = el->vote_off[v + 1];
	if (m->plain) {
		for (; k < e; k++)
			h += m->ptab[vp[k]];
		n = el->vote_off[v + 1] - el->vote_off[v];
	} else {
		for (; k < e; k++) {
			int64_t u = entry_util(m, k);
			if (u <= 0)
				continue;
			h += m->ptab[vp[k]] * (2 * (uint64_t)u + 1);
			n++;
		}
	}
	*len = n;
	return mix64(h + n);
}

/* Same effective ballot? mark/mval are np-sized scratch; *stamp a fresh cookie. */
static bool ballot_equal(const struct model *m, uint32_t v, uint32_t w, uint32_t vlen, uint32_t *mark,
			 int64_t *mval, uint32_t *stamp)
{
	const struct ms_election *el = m->el;
	if (m->plain && el->vote_off[w + 1] - el->vote_off[w] != vlen)
		return false;
	if (++*stamp == 0) {
		memset(mark, 0, (size_t)m->np * sizeof *mark);
		*stamp = 1;
	}
	uint32_t wlen = 0;
	for (uint32_t k = el->vote_off[w]; k < el->vote_off[w + 1]; k++) {
		int64_t u = entry_util(m, k);
		if (u > 0) {
			mark[el->vote_proj[k]] = *stamp;
			mval[el->vote_proj[k]] = u;
			wlen++;
		}
	}
	if (wlen != vlen)
		return false;
	for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
		int64_t u = entry_util(m, k);
		if (u <= 0)
			continue;
		uint32_t p = el->vote_proj[k];
		if (mark[p] != *stamp || mval[p] != u)
			return false;
	}
	return true;
}

/* An entry of the grouping table: the high half of the ballot's hash (its
 * top tbits bits are the home slot, so growing needs no rehashing) and
 * the group's first voter + 1. */
static void table_put(uint64_t *table, unsigned tbits, uint64_t ent)
{
	size_t mask = ((size_t)1 << tbits) - 1, i = (size_t)(ent >> (64 - tbits));
	while (table[i] != 0)
		i = (i + 1) & mask;
	table[i] = ent;
}

int ms_mes_model_build(const struct ms_allocator *a, const struct ms_election *el, enum ms_satisfaction sat,
		       struct model *m, struct ms_error *e)
{
	int rc = MS_ERR_NOMEM;
	uint32_t *rep = NULL, *mark = NULL, *fill = NULL;
	uint64_t *table = NULL;
	int64_t *mval = NULL;
	memset(m, 0, sizeof *m);
	m->el = el;
	m->sat = sat;
	m->np = el->n_projects;
	m->nv = el->n_voters;
	m->unit = !(sat == MS_SAT_CARD &&
		    (el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING));
	uint32_t np = m->np, nv = m->nv;
	m->plain = m->unit;
	for (uint32_t p = 0; p < np && m->plain && sat == MS_SAT_COST; p++)
		m->plain = el->cost[p] > 0;
	/* The table holds one entry per distinct ballot (its first voter), at
	 * most half full: it grows with the groups, not with the voters. */
	unsigned tbits = 4;
	while (((size_t)1 << tbits) < (size_t)nv * 2 && tbits < 10)
		tbits++;
	size_t tsize = (size_t)1 << tbits;
	table = ms_alloc_array(a, tsize, sizeof *table);
	m->ptab = ms_alloc_array(a, np, sizeof *m->ptab);
	mark = ms_alloc_array(a, np, sizeof *mark);
	mval = ms_alloc_array(a, np, sizeof *mval);
	m->v_group = ms_alloc_array(a, nv, sizeof *m->v_group);
	if (!table || !m->ptab || !mark || !mval || !m->v_group)
		goto fail;
	memset(table, 0, tsize * sizeof *table);
	memset(mark, 0, (size_t)np * sizeof *mark);
	for (uint32_t p = 0; p < np; p++)
		m->ptab[p] = mix64((uint64_t)p + 0x9e3779b97f4a7c15ULL);
	uint32_t stamp = 0, ng = 0;
	size_t total = 0;
	/* Grouped ballots (election.h) come grouped by their caller (a poll's
	 * distinct ballots): each row is a group, not hashed again. Two rows
	 * alike would be two groups of equal budgets, counted the same. */
	for (uint32_t v = 0; v < nv && el->vote_weight; v++) {
		uint32_t len = 0;
		if (m->plain)
			len = el->vote_off[v + 1] - el->vote_off[v];
		else
			for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++)
				len += entry_util(m, k) > 0;
		m->v_group[v] = ng++;
		total += len;
	}
	for (uint32_t v = 0; v < nv && !el->vote_weight; v++) {
		uint32_t len;
		uint64_t h = ballot_hash(m, v, &len);
		size_t i = (size_t)(h >> (64 - tbits));
		uint64_t tag = h & 0xffffffff00000000ULL;
		for (;;) {
			uint64_t ent = table[i];
			if (ent == 0) {
				m->v_group[v] = ng++;
				total += len;
				table[i] = tag | ((uint64_t)v + 1);
				break;
			}
			uint32_t w = (uint32_t)ent - 1;
			if ((ent & 0xffffffff00000000ULL) == tag && ballot_equal(m, v, w, len, mark, mval, &stamp)) {
				m->v_group[v] = m->v_group[w];
				break;
			}
			i = (i + 1) & (tsize - 1);
		}
		if ((size_t)ng * 2 > tsize && tbits < 32) { /* grow */
			size_t nsize = tsize * 2;
			uint64_t *nt = ms_alloc_array(a, nsize, sizeof *nt);
			if (!nt)
				goto fail;
			memset(nt, 0, nsize * sizeof *nt);
			for (size_t j = 0; j < tsize; j++)
				if (table[j] != 0)
					table_put(nt, tbits + 1, table[j]);
			a->free(a->ctx, table);
			table = nt;
			tsize = nsize;
			tbits++;
		}
	}
	a->free(a->ctx, table);
	table = NULL;
	a->free(a->ctx, m->ptab);
	m->ptab = NULL;
	a->free(a->ctx, mark);
	mark = NULL;
	a->free(a->ctx, mval);
	mval = NULL;
	rep = ms_alloc_array(a, ng ? ng : 1, sizeof *rep);
	m->g_w = ms_alloc_array(a, ng ? ng : 1, sizeof *m->g_w);
	if (!rep || !m->g_w)
		goto fail;
	memset(m->g_w, 0, (size_t)ng * sizeof *m->g_w);
	for (uint32_t v = 0; v < nv; v++) { /* a grouped ballot (election.h) brings its voters */
		uint32_t g = m->v_group[v];
		if (m->g_w[g] == 0)
			rep[g] = v;
		m->g_w[g] += el->vote_weight ? el->vote_weight[v] : 1;
	}
	m->ng = ng;
	m->p_off = ms_alloc_array(a, (size_t)np + 1, sizeof *m->p_off);
	m->p_grp = ms_alloc_array(a, total, sizeof *m->p_grp);
	m->p_U = ms_alloc_array(a, np, sizeof *m->p_U);
	m->p_W = ms_alloc_array(a, np, sizeof *m->p_W);
	m->p_s = ms_alloc_array(a, np, sizeof *m->p_s);
	m->p_kind = ms_alloc_array(a, np, sizeof *m->p_kind);
	fill = ms_alloc_array(a, (size_t)np + 1, sizeof *fill);
	if (!m->p_off || !m->p_grp || !m->p_U || !m->p_W || !m->p_s || !m->p_kind ||
	    !fill)
		goto fail;
	if (!m->unit) {
		m->p_util = ms_alloc_array(a, total, sizeof *m->p_util);
		if (!m->p_util)
			goto fail;
	}
	memset(m->p_U, 0, (size_t)np * sizeof *m->p_U);
	memset(m->p_W, 0, (size_t)np * sizeof *m->p_W);
	memset(fill, 0, ((size_t)np + 1) * sizeof *fill);
	/* Two passes over the groups' ballots (their voters'): counts, then
	 * the supporter lists. */
	for (uint32_t g = 0; g < ng; g++) {
		uint32_t v = rep[g];
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
			int64_t u = entry_util(m, k);
			if (u <= 0)
				continue;
			uint32_t p = el->vote_proj[k];
			uint64_t uw; /* the group's utility: checked, for it may wrap past 2^64 */
			if ((uint64_t)u >= UTIL_MAX || __builtin_mul_overflow((uint64_t)u, (uint64_t)m->g_w[g], &uw) ||
			    uw >= UTIL_MAX - m->p_U[p]) {
				rc = ms_fail(e, MS_E_COUNT_POINTS_OVERFLOW, "points");
				goto fail;
			}
			m->p_U[p] += uw;
			m->p_W[p] += m->g_w[g];
			fill[p]++;
		}
	}
	uint32_t acc = 0;
	for (uint32_t p = 0; p < np; p++) {
		m->p_off[p] = acc;
		if (fill[p] > m->max_supp)
			m->max_supp = fill[p];
		acc += fill[p];
		fill[p] = m->p_off[p];
	}
	m->p_off[np] = acc;
	for (uint32_t g = 0; g < ng; g++) {
		uint32_t v = rep[g];
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
			int64_t u = entry_util(m, k);
			if (u <= 0)
				continue;
			uint32_t p = el->vote_proj[k];
			m->p_grp[fill[p]] = g;
			if (m->p_util)
				m->p_util[fill[p]] = u;
			fill[p]++;
		}
	}
	for (uint32_t p = 0; p < np; p++) {
		m->p_s[p] = sat == MS_SAT_COST ? el->cost[p] : (el->money_scale > 0 ? el->money_scale : 1);
		if (m->p_U[p] == 0)
			m->p_kind[p] = KIND_NONE;
		else
			m->p_kind[p] = el->cost[p] > 0 ? KIND_CAND : KIND_FREE;
	}
	/* No per-group lists: the run reads a group's ballot from its voter's
	 * (the selected projects in it), so only p_grp is total-sized. */
	m->g_rep = rep;
	rep = NULL;
	rc = 0;
fail:
	a->free(a->ctx, table);
	a->free(a->ctx, rep);
	a->free(a->ctx, m->ptab);
	m->ptab = NULL;
	a->free(a->ctx, mark);
	a->free(a->ctx, mval);
	a->free(a->ctx, fill);
	if (rc == MS_ERR_NOMEM)
		ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory grouping the ballots");
	if (rc != 0)
		ms_mes_model_fini(a, m);
	return rc;
}
