/*
 * bignum_internal.h — small helpers over libtommath shared by the exact
 * arithmetic of the counting library (rat.c, mes_*.c, phragmen*.c); not part
 * of the library's interface.
 *
 * Every mp_* error is turned into an enum ms_err (MP_MEM is MS_ERR_NOMEM,
 * anything else MS_ERR_INTERNAL); nothing aborts. The functions touch only
 * their arguments.
 */
#ifndef MS_BIGNUM_INTERNAL_H
#define MS_BIGNUM_INTERNAL_H

#include <stdint.h>

#include <tommath.h>

#include "../core/err.h"

/* 0 for MP_OKAY, else the negative enum ms_err of err. */
static inline int ms_mp_rc(mp_err err)
{
	if (err == MP_OKAY)
		return 0;
	return err == MP_MEM ? MS_ERR_NOMEM : MS_ERR_INTERNAL;
}

/* Evaluate an mp_* call and return its enum ms_err from the enclosing
 * function (which returns int) when it fails. */
#define MS_MP_TRY(expr)                                 \
	do {                                            \
		mp_err ms_mp_try_ = (expr);             \
		if (ms_mp_try_ != MP_OKAY)              \
			return ms_mp_rc(ms_mp_try_);    \
	} while (0)

/* c = a * k; tmp is scratch (used only when k does not fit one digit). */
static inline mp_err ms_mp_mul_u64(const mp_int *a, uint64_t k, mp_int *c, mp_int *tmp)
{
	if (k <= (uint64_t)MP_MASK)
		return mp_mul_d(a, (mp_digit)k, c);
	mp_set_u64(tmp, k);
	return mp_mul(a, tmp, c);
}

/* The greatest common divisor of a and b (Euclid); gcd(a, 0) = a. */
static inline uint64_t ms_gcd_u64(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

#endif
