/*
 * phragmen_internal.h — what the files of sequential Phragmén share
 * (phragmen.c the rule, phragmen_groups.c the ballot groups and the index,
 * phragmen_loads.c the exact loads); not part of the library's interface.
 * Functions that can fail return 0 or MS_ERR_NOMEM (mp_err: MP_OKAY or an
 * error of libtommath) and leave their message to the rule (phragmen.c).
 */
#ifndef MS_PHRAGMEN_INTERNAL_H
#define MS_PHRAGMEN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tommath.h>

#include "rules.h"
#include "rules_internal.h"

/* A prime factor of the common denominator (times money_scale). */
struct pfac {
	uint64_t q;
	uint32_t e;
};

/* Everything one run holds; freed by state_fini. */
struct ph {
	const struct ms_allocator *a;
	uint32_t np, ng;
	uint32_t *buf;       /* group ballots, concatenated */
	/* Groups of identical ballots, or (direct) one group per voter whose
	 * ballot is read from the election itself: then g_start/g_len/g_w are
	 * NULL and buf is unused. */
	bool direct;
	const uint32_t *voff, *vproj;
	uint32_t *g_start, *g_len, *g_w, *g_cls;
	uint64_t *g_hash;
	uint32_t *table;     /* hash slots: group index + 1, 0 = empty */
	uint64_t *appr;      /* a_p */
	uint32_t *p_off, *p_grp;
	uint32_t *cnt;       /* np x stride */
	size_t stride;
	uint64_t *pop;       /* voters per class */
	uint32_t *alive;     /* classes >= 1 with voters */
	double *lamd;        /* stride class values, approximately */
	double *ld;          /* np approximate loads */
	uint32_t *near;
	uint8_t *remaining;
	/* exact part */
	mp_int *m;           /* stride numerators M_c (n_m initialised) */
	size_t n_m;
	mp_int *x;           /* np numerators X_p (n_x initialised) */
	size_t n_x;
	mp_int d, t1, t2, t3; /* common denominator, temporaries */
	bool d_init;
	struct pfac *fac;    /* prime factors of D * money_scale */
	size_t n_fac, cap_fac;
};

/* Group g's ballot (*len entries) and weight. In direct mode the ballot is
 * the voter's own and may name dropped projects (remaining[p] == 0). */
static inline const uint32_t *ph_group_ballot(const struct ph *s, uint32_t g, uint32_t *len, uint32_t *w)
{
	if (s->direct) {
		*len = s->voff[g + 1] - s->voff[g];
		*w = 1;
		return s->vproj + s->voff[g];
	}
	*len = s->g_len[g];
	*w = s->g_w[g];
	return s->buf + s->g_start[g];
}

/* phragmen_groups.c: collapse el's ballots, cut to the projects that are
 * not dropped (s->remaining), into weighted groups, or read them in place
 * (s->direct) when they are mostly distinct. */
int ms_ph_build_groups(struct ph *s, const struct ms_election *el);
/* phragmen_groups.c: approvals and the inverted index project -> groups. */
int ms_ph_build_index(struct ph *s);

/* phragmen_loads.c: add the prime factors of v (>= 1) to list (*n used of
 * cap; callers size it for every factor they add: at most 15 distinct
 * primes per uint64). */
void ms_ph_add_factors(struct pfac *list, size_t *n, size_t cap, uint64_t v);
/* phragmen_loads.c: X_p = cost_p * D + sum over the alive classes of
 * cnt[p][c] * M_c (so that L_p = X_p / (a_p * D)). */
mp_err ms_ph_exact_x(struct ph *s, uint32_t p, int64_t cost, uint32_t n_alive);
/* phragmen_loads.c: *res -1, 0, 1 as X_p / a_p <, =, > X_q / a_q. */
mp_err ms_ph_cmp_load(struct ph *s, uint32_t p, uint32_t q, int *res);
/* phragmen_loads.c: select w — lambda = X_w / (a_w D) becomes class c_new;
 * D grows by the least factor that keeps every numerator whole. */
mp_err ms_ph_new_class(struct ph *s, uint32_t w, uint32_t c_new, uint32_t n_alive);
/* phragmen_loads.c: append a step whose value is the load num / (D * extra *
 * money_scale) as exact reduced text in currency units ("inf" when num is
 * NULL); 0 or MS_ERR_NOMEM with a message in *e. */
int ms_ph_add_text_step(struct ph *s, struct ms_outcome *o, enum ms_step_kind kind, uint32_t p, const mp_int *num,
			uint64_t extra, int64_t scale, int64_t left, struct ms_error *e);

/* A run's work counted as it goes, against a caller's bound (the
 * performance measures', measures.c): fn gets each round's work — the
 * projects times the classes of voters whose loads it sums, the exact loads
 * it compares, and the ballots it moves to the new class — and a non-zero
 * return stops the run with it (its message in *e). A round's work grows
 * with the rounds before it, so a long run costs far more than its ballots:
 * 1.7–2.3 s on 2,000 projects × 400,000 voters. */
struct ms_ph_work {
	int (*fn)(void *ctx, uint64_t work, struct ms_error *e);
	void *ctx;
};

/* phragmen.c: whether sequential Phragmén selects project p of el — the
 * rule's own run, stopped as soon as that is decided (for the performance
 * measures, measures.c) — and ms_rule_phragmen with its work counted by w
 * (NULL: not counted). 0, w's refusal, or as ms_rule_phragmen. */
int ms_phragmen_selects(const struct ms_allocator *a, const struct ms_election *el, uint32_t p, bool *sel,
			const struct ms_ph_work *w, struct ms_error *e);
int ms_phragmen_counted(const struct ms_allocator *a, const struct ms_election *el, struct ms_outcome *out,
			const struct ms_ph_work *w, struct ms_error *e);

#endif
