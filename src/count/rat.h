/*
 * rat.h — exact rational numbers for the counting rules (MES prices,
 * Phragmén loads, greedy scores). Values that fit stay in two int64_t
 * (no allocation); on overflow they move to libtommath big integers, so
 * results never depend on rounding and never overflow. Always reduced, den > 0.
 *
 * Contract: every function that can allocate returns 0 or MS_ERR_NOMEM and
 * never aborts; the result operand may alias an input. A struct ms_rat must be
 * initialised (ms_rat_init or MS_RAT_ZERO) before use and finalised with
 * ms_rat_fini (which frees big storage; a no-op for small values).
 * Not thread-shared: each value belongs to one thread at a time.
 */
#ifndef MS_RAT_H
#define MS_RAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ms_rat {
	int64_t num, den;  /* the value when big == NULL */
	void *big;         /* NULL, or libtommath storage for num/den (owned) */
};

#define MS_RAT_ZERO {0, 1, NULL}

void ms_rat_init(struct ms_rat *r);                 /* r = 0 */
void ms_rat_fini(struct ms_rat *r);                 /* free; r = 0 */
int ms_rat_set_i64(struct ms_rat *r, int64_t num, int64_t den);  /* den != 0 */
int ms_rat_set(struct ms_rat *r, const struct ms_rat *a);
int ms_rat_add(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b);
int ms_rat_sub(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b);
int ms_rat_mul(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b);
int ms_rat_div(struct ms_rat *r, const struct ms_rat *a, const struct ms_rat *b); /* b != 0 */
int ms_rat_mul_i64(struct ms_rat *r, const struct ms_rat *a, int64_t k);
int ms_rat_div_i64(struct ms_rat *r, const struct ms_rat *a, int64_t k);       /* k != 0 */
int ms_rat_add_i64(struct ms_rat *r, const struct ms_rat *a, int64_t k);
/* -1, 0, 1 as a <, =, > b. Exact. Never allocates more than temporaries; on
 * allocation failure it sets *err (if not NULL) to MS_ERR_NOMEM and returns 0. */
int ms_rat_cmp(const struct ms_rat *a, const struct ms_rat *b, int *err);
int ms_rat_cmp_i64(const struct ms_rat *a, int64_t k, int *err);
int ms_rat_sign(const struct ms_rat *a);
bool ms_rat_is_int(const struct ms_rat *a);
/* floor(a) when it fits in int64 (0), else MS_ERR_UNPROCESSABLE. */
int ms_rat_floor_i64(const struct ms_rat *a, int64_t *out);
/* Nearest double (for display and heuristics only, never for decisions). */
double ms_rat_to_double(const struct ms_rat *a);
/* "p/q" or "p" (when q == 1) into buf; returns the length needed (like
 * snprintf) or 0 on allocation failure. */
size_t ms_rat_to_str(const struct ms_rat *a, char *buf, size_t cap);

#endif
