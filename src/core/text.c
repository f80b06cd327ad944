/* text.c — what a text shows (text.h), with libunistring. */
#include "text.h"

#include <unictype.h>
#include <unistr.h>

bool ms_text_visible(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	while (p < end) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(end - p));
		if (!uc_is_property_white_space(uc) && !uc_is_property_default_ignorable_code_point(uc))
			return true;
		p += k > 0 ? k : 1;
	}
	return false;
}

bool ms_text_has_bidi_control(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	while (p < end) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(end - p));
		if (uc_is_property_bidi_control(uc))
			return true;
		p += k > 0 ? k : 1;
	}
	return false;
}
