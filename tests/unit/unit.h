/*
 * Helpers shared by the unit tests of the server's modules (tests/core,
 * tests/api, tests/auth, tests/app): a list of cmocka tests in which each
 * row of a table is a TAP test point of its own (one table of cases, one
 * runner), and the checks that every error raised from the catalogue must
 * pass. Test code: a failed check ends the running test through cmocka.
 */
#ifndef MS_TEST_UNIT_H
#define MS_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/err.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
/* A string literal and its length without the terminator (it may hold NULs). */
#define LIT(s) (s), (sizeof(s) - 1)

/* The tests of one executable, grown as they are added. */
struct ms_unit_list {
	struct CMUnitTest *v;
	size_t n, cap;
};

/* Add a test whose *state is row (NULL: a test of its own); name must
 * outlive the run. */
void ms_unit_add(struct ms_unit_list *l, const char *name, CMUnitTestFunction fn, const void *row);
/* A test point per row of a table whose rows start with a name. */
#define MS_UNIT_TABLE(l, table, fn)                                                          \
	for (size_t ms_row_ = 0; ms_row_ < N_OF(table); ms_row_++)                           \
	ms_unit_add((l), (table)[ms_row_].name, (fn), &(table)[ms_row_])
#define MS_UNIT_TEST(l, fn) ms_unit_add((l), #fn, (fn), NULL)
/* Run the list as the group called name and free it: cmocka's exit
 * status. The group's setup and teardown may be NULL; setup must leave
 * *state NULL, or cmocka hands its state to every test in place of the row. */
int ms_unit_run(const char *name, struct ms_unit_list *l, CMFixtureFunction setup, CMFixtureFunction teardown);

/* e is an error of class err with this code and field (NULL: "") whose
 * English and Chinese messages are both non-empty. */
void ms_unit_error(const struct ms_error *e, enum ms_err err, const char *code, const char *field);
/* s contains part (NULL: anything). */
void ms_unit_has(const char *s, const char *part);
/* The JSON value of text, written with ' for " so that tables read easily
 * ({'name':'张伟'}); parsed as the API parses bodies (duplicate keys
 * refused) but with \u0000 allowed, so that the checks against NUL can be
 * reached. The test fails when it does not parse. */
json_t *ms_unit_json(const char *text);
/* s is exactly n lowercase hex digits. */
bool ms_unit_lower_hex(const char *s, size_t n);

#endif
