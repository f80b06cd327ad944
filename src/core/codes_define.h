/*
 * codes_define.h — defines the codes of one part of the error catalogue
 * (err.h) and its NULL-terminated list. Include it once, in one .c file of
 * the folder, after naming the part's .def file (a path from src/) and its
 * list:
 *
 *     #define MS_CODES_DEF "org/org_codes.def"
 *     #define MS_CODES_LIST ms_org_codes
 *     #include "../core/codes_define.h"
 */
#if !defined(MS_CODES_DEF) || !defined(MS_CODES_LIST)
#error "define MS_CODES_DEF and MS_CODES_LIST before including codes_define.h"
#endif

#define MS_CODE(name, code_, kind, zh_, en_) \
	const struct ms_code MS_E_##name = {.code = code_, .err = MS_ERR_##kind, .zh = zh_, .en = en_};
#include MS_CODES_DEF
#undef MS_CODE

const struct ms_code *const MS_CODES_LIST[] = {
#define MS_CODE(name, ...) &MS_E_##name,
#include MS_CODES_DEF
#undef MS_CODE
	NULL};

#undef MS_CODES_DEF
#undef MS_CODES_LIST
