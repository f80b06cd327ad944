/* count_codes.c — the counting library's error codes (count_codes.def,
 * declared in count.h), defined as core/err.c defines core's. Read-only. */
#include "count.h"

#define MS_CODES_DEF "count/count_codes.def"
#define MS_CODES_LIST ms_count_codes
#include "../core/codes_define.h"
