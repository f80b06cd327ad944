/*
 * test_paper.c — the tellers' double entry (vote/paper.c) without a
 * database: a sheet's state from its entries, the canonical marks (a pick
 * ballot's order does not matter, a ranked one's does; blank; 废票 only
 * where marks over the limit void a ballot), and issued against returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "vote/vote_internal.h"

static void test_state(void **state)
{
	(void)state;
	assert_string_equal(ms_paper_state(1, "[1]", NULL, false), "single");
	assert_string_equal(ms_paper_state(2, "[1,2]", "[1,2]", false), "agreed");
	assert_string_equal(ms_paper_state(2, "[1,2]", "[1,3]", false), "mismatch");
	assert_string_equal(ms_paper_state(2, NULL, NULL, true), "agreed");
	assert_string_equal(ms_paper_state(0, NULL, NULL, false), "single");
}

static char *canon(enum ms_ballot_form form, uint32_t max, const char *marks, const char **refused)
{
	static const int64_t ids[] = {3, 5, 7, 9};
	json_t *m = json_loads(marks, JSON_DECODE_ANY, NULL);
	assert_non_null(m);
	static char why[32];
	json_t *b = ms_paper_marks_ballot(form, 4, max, ids, m, refused);
	if (*refused) { /* it points into the marks */
		snprintf(why, sizeof why, "%s", *refused);
		*refused = why;
	}
	json_decref(m);
	char *s = b ? json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(b);
	return s;
}

static void expect_canon(enum ms_ballot_form form, uint32_t max, const char *marks, const char *want)
{
	const char *refused;
	char *got = canon(form, max, marks, &refused);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_marks(void **state)
{
	(void)state;
	expect_canon(MS_FORM_PICK, 2, "[7,3]", "[3,7]");
	expect_canon(MS_FORM_RANKED, 2, "[7,3]", "[7,3]");
	expect_canon(MS_FORM_PICK, 2, "\"blank\"", "[]");
	expect_canon(MS_FORM_PICK, 2, "\"invalid\"", "[3,5,7,9]");
	expect_canon(MS_FORM_APPROVE_OPPOSE, 4, "{\"approve\":[9,3],\"oppose\":[]}", "{\"approve\":[3,9]}");
	expect_canon(MS_FORM_APPROVE_OPPOSE, 4, "{\"oppose\":[7,5],\"approve\":[3]}", "{\"approve\":[3],\"oppose\":[5,7]}");
	expect_canon(MS_FORM_APPROVE_OPPOSE, 4, "\"blank\"", "{\"approve\":[]}");
	const char *refused;
	assert_null(canon(MS_FORM_PICK, 4, "\"invalid\"", &refused)); /* all four fit: no over-limit sheet */
	assert_string_equal(refused, "invalid");
	assert_null(canon(MS_FORM_APPROVE_OPPOSE, 4, "\"invalid\"", &refused));
	assert_null(canon(MS_FORM_PICK, 2, "\"spoilt\"", &refused));
	assert_string_equal(refused, "spoilt");
}

static void test_reconcile(void **state)
{
	(void)state;
	struct ms_paper_reconciled r;
	/* Lishui: 314 present, 20 of them on paper; 294 electronic and 20 paper returned. */
	ms_paper_reconcile(&(struct ms_paper_figures){.present = 314, .paper_issued = 20, .paper_returned = 20,
						      .electronic_returned = 294},
			   &r);
	assert_int_equal(r.issued, 314);
	assert_int_equal(r.returned, 314);
	assert_int_equal(r.electronic_issued, 294);
	assert_true(r.balanced);
	assert_false(r.over);
	ms_paper_reconcile(&(struct ms_paper_figures){.present = 314, .paper_issued = 20, .paper_returned = 18,
						      .electronic_returned = 290},
			   &r);
	assert_int_equal(r.not_returned, 6);
	assert_false(r.balanced);
	ms_paper_reconcile(&(struct ms_paper_figures){.present = 10, .paper_issued = 2, .paper_returned = 2,
						      .electronic_returned = 9},
			   &r);
	assert_true(r.over);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_reconcile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
