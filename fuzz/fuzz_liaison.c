/*
 * fuzz_liaison.c — libFuzzer driver for what residents type or scan in
 * issue 14's forms (src/liaison/, linked as the program links it): a
 * demand's tracking code, a booking's cancel code and the station, deputy
 * and house QR tokens (all read by ms_track_read), a preference poll's
 * voting code (ms_crockford_read with MS_PREF_CODE_LEN, leniently, as
 * ms_pref_vote reads it), a contact phone (ms_phone_ok) and a poll's phone
 * number (ms_pref_phone_read). The whole input is the typed text. The
 * invariants (a broken one aborts):
 *   - an accepted code is MS_TRACK_LEN (MS_PREF_CODE_LEN) characters of the
 *     alphabet, reads strictly as itself, and its shown form (ABCD-EFGH-…)
 *     reads as it too;
 *   - an accepted poll phone is 11 digits, 1 then 3–9, reads as itself,
 *     with +86 before it too, and is a contact phone;
 *   - a contact phone has 5 to 20 digits and nothing but digits, spaces,
 *     hyphens and a leading +.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/crockford.h"
#include "liaison/liaison.h"
#include "liaison/preference.h"
#include "liaison/track.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

static void code_round(const char *code, size_t n)
{
	char again[32];
	check(strlen(code) == n && strspn(code, ms_crockford_alphabet) == n);
	check(ms_crockford_read(code, n, false, again) && !strcmp(again, code));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1024)
		return 0;
	char *in = malloc(size + 1);
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;

	char code[MS_TRACK_LEN + 1], shown[MS_TRACK_SHOWN_LEN + 1], again[MS_TRACK_LEN + 1];
	if (ms_track_read(in, code)) {
		code_round(code, MS_TRACK_LEN);
		ms_track_show(code, shown);
		check(ms_track_read(shown, again) && !strcmp(again, code));
	}
	char pref[MS_PREF_CODE_LEN + 1];
	if (ms_crockford_read(in, MS_PREF_CODE_LEN, true, pref))
		code_round(pref, MS_PREF_CODE_LEN);

	char phone[12], again_phone[12];
	if (ms_pref_phone_read(in, phone)) {
		check(strlen(phone) == 11 && strspn(phone, "0123456789") == 11 && phone[0] == '1' && phone[1] >= '3');
		check(ms_pref_phone_read(phone, again_phone) && !strcmp(again_phone, phone));
		char plus[16] = "+86 ";
		memcpy(plus + 4, phone, 12);
		check(ms_pref_phone_read(plus, again_phone) && !strcmp(again_phone, phone));
		check(ms_phone_ok(phone));
	}
	if (ms_phone_ok(in)) {
		size_t digits = 0;
		for (const char *p = in; *p; p++) {
			check((*p >= '0' && *p <= '9') || *p == ' ' || *p == '-' || (*p == '+' && p == in));
			digits += *p >= '0' && *p <= '9';
		}
		check(digits >= 5 && digits <= 20);
	}
	free(in);
	return 0;
}
