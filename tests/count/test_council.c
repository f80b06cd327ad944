/*
 * test_council.c — unit tests of a residents' council's show of hands
 * (src/count/council.c): the quorum and the adoption at the exact
 * boundaries of each share and base, the figures that cannot be, and the
 * rules in words. Each table row is also checked against the definition in
 * rational arithmetic done another way (part/whole compared as doubles
 * away from the boundary, and by cross-multiplication at it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "count/council.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

struct reach_case {
	int64_t part, whole;
	enum ms_council_share share;
	bool want;
};

static const struct reach_case reach_cases[] = {
	{5, 10, MS_SHARE_MORE_THAN_HALF, false}, /* half is not more than half */
	{6, 10, MS_SHARE_MORE_THAN_HALF, true},
	{5, 9, MS_SHARE_MORE_THAN_HALF, true},
	{4, 9, MS_SHARE_MORE_THAN_HALF, false},
	{1, 1, MS_SHARE_MORE_THAN_HALF, true},
	{0, 1, MS_SHARE_MORE_THAN_HALF, false},
	{0, 0, MS_SHARE_MORE_THAN_HALF, false},
	{6, 9, MS_SHARE_TWO_THIRDS, true}, /* two thirds exactly is enough */
	{5, 9, MS_SHARE_TWO_THIRDS, false},
	{7, 10, MS_SHARE_TWO_THIRDS, true},
	{6, 10, MS_SHARE_TWO_THIRDS, false},
	{2, 3, MS_SHARE_TWO_THIRDS, true},
	{0, 0, MS_SHARE_TWO_THIRDS, false}, /* nobody is no decision */
	{-1, 3, MS_SHARE_MORE_THAN_HALF, false},
	{2, -3, MS_SHARE_TWO_THIRDS, false},
};

static void test_reach_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_OF(reach_cases); i++) {
		const struct reach_case *c = &reach_cases[i];
		bool got = ms_council_reaches(c->part, c->whole, c->share);
		if (got != c->want)
			fail_msg("case %zu: %lld of %lld → %d, want %d", i, (long long)c->part, (long long)c->whole, got,
				 c->want);
	}
}

/* Every part of every whole up to 60, against the definition. */
static void test_reach_definition(void **state)
{
	(void)state;
	for (int64_t whole = 1; whole <= 60; whole++)
		for (int64_t part = 0; part <= whole; part++) {
			bool half = (double)part / (double)whole > 0.5;
			bool third = 3 * part >= 2 * whole; /* ≥ 2/3, by cross-multiplication */
			assert_int_equal(ms_council_reaches(part, whole, MS_SHARE_MORE_THAN_HALF), half);
			assert_int_equal(ms_council_reaches(part, whole, MS_SHARE_TWO_THIRDS), third);
		}
}

static void test_quorum_and_adoption(void **state)
{
	(void)state;
	struct ms_council_rules r = {MS_SHARE_MORE_THAN_HALF, MS_COUNCIL_BASE_PRESENT, MS_SHARE_MORE_THAN_HALF};
	assert_false(ms_council_quorate(&r, 15, 7));
	assert_true(ms_council_quorate(&r, 15, 8));
	assert_false(ms_council_quorate(&r, 15, 16)); /* more present than members */
	assert_false(ms_council_quorate(&r, 0, 0));
	/* 8 present: 5 hands adopt, 4 do not */
	assert_true(ms_council_adopts(&r, 15, 8, 5));
	assert_false(ms_council_adopts(&r, 15, 8, 4));
	/* without a quorum nothing is adopted, even unanimously */
	assert_false(ms_council_adopts(&r, 15, 7, 7));
	/* more hands than people present cannot be */
	assert_false(ms_council_adopts(&r, 15, 8, 9));
	/* of all the members: 8 hands of 15 adopt, 7 do not */
	r.adopt_base = MS_COUNCIL_BASE_MEMBERS;
	assert_true(ms_council_adopts(&r, 15, 12, 8));
	assert_false(ms_council_adopts(&r, 15, 12, 7));
	/* two thirds of those present, with a two-thirds quorum */
	r = (struct ms_council_rules){MS_SHARE_TWO_THIRDS, MS_COUNCIL_BASE_PRESENT, MS_SHARE_TWO_THIRDS};
	assert_false(ms_council_quorate(&r, 15, 9));
	assert_true(ms_council_quorate(&r, 15, 10));
	assert_true(ms_council_adopts(&r, 15, 12, 8));
	assert_false(ms_council_adopts(&r, 15, 12, 7));
}

static void test_rule_text(void **state)
{
	(void)state;
	char buf[400];
	struct ms_council_rules r = {MS_SHARE_MORE_THAN_HALF, MS_COUNCIL_BASE_PRESENT, MS_SHARE_MORE_THAN_HALF};
	size_t n = ms_council_rule_text(&r, 1, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "实到人数超过应到人数的二分之一方可议决；赞成人数超过实到人数的二分之一为通过");
	r = (struct ms_council_rules){MS_SHARE_TWO_THIRDS, MS_COUNCIL_BASE_MEMBERS, MS_SHARE_TWO_THIRDS};
	ms_council_rule_text(&r, 1, buf, sizeof buf);
	assert_string_equal(buf, "实到人数达到应到人数的三分之二以上方可议决；赞成人数达到应到人数的三分之二以上为通过");
	ms_council_rule_text(&r, 0, buf, sizeof buf);
	assert_string_equal(buf, "The council decides only with at least two thirds of its members present; a matter is "
				 "adopted with the hands of at least two thirds of all the members");
	/* a short buffer is cut and terminated, and the length needed is told */
	char small[8];
	size_t need = ms_council_rule_text(&r, 0, small, sizeof small);
	assert_true(need > sizeof small);
	assert_int_equal(strlen(small), sizeof small - 1);
	/* the names' keys are the database's */
	assert_int_equal(ms_names_find(&ms_council_share_names, "two_thirds"), MS_SHARE_TWO_THIRDS);
	assert_int_equal(ms_names_find(&ms_council_base_names, "members"), MS_COUNCIL_BASE_MEMBERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reach_table),
		cmocka_unit_test(test_reach_definition),
		cmocka_unit_test(test_quorum_and_adoption),
		cmocka_unit_test(test_rule_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
