/*
 * calls.h — what the source tree says about each code of the catalogue,
 * for test_catalogue.c: the calls that raise it (ms_fail, ms_failf,
 * ms_fault, ms_faultf naming its MS_E_ constant) and how many message
 * arguments they pass, read from the text of every .c and .h file, with
 * the codes' names taken from the *_codes.def files. Comments and the
 * contents of string literals are blanked before the calls are sought.
 * Test code, not thread-safe.
 */
#ifndef MS_TEST_CALLS_H
#define MS_TEST_CALLS_H

#include <stddef.h>

struct ms_code_use {
	char name[64];   /* NAME of MS_CODE(NAME, …): the constant is MS_E_NAME */
	char code[64];   /* its machine code */
	int calls;       /* direct calls that raise it */
	int min_args, max_args; /* the arguments those calls pass */
	int other;       /* other mentions: a route's list of errors, a helper's argument, … */
};

struct ms_code_uses {
	struct ms_code_use v[1024];
	size_t n;
};

/* Read the tree below dir: a table to free(), or NULL with the reason on
 * stderr. */
struct ms_code_uses *ms_code_uses_load(const char *dir);
/* The use of code (a machine code), or NULL when no .def file defines it. */
const struct ms_code_use *ms_code_use_of(const struct ms_code_uses *t, const char *code);

#endif
