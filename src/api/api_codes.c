/* api_codes.c — the API's part of the error catalogue (api_codes.def,
 * declared in route.h). */
#include "route.h"

#define MS_CODES_DEF "api/api_codes.def"
#define MS_CODES_LIST ms_api_codes
#include "../core/codes_define.h"
