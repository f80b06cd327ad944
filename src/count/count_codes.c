/* count_codes.c — the counting library's error codes (count_codes.def,
 * declared in count.h), defined as core/err.c defines core's. Read-only. */
#include "count.h"

#define MS_CODE(name, code_, kind, zh_, en_) \
	const struct ms_code MS_E_##name = {.code = code_, .err = MS_ERR_##kind, .zh = zh_, .en = en_};
#include "count_codes.def"
#undef MS_CODE

const struct ms_code *const ms_count_codes[] = {
#define MS_CODE(name, ...) &MS_E_##name,
#include "count_codes.def"
#undef MS_CODE
	NULL};
