/*
 * test_live.c — the live count's table (vote/live.c) without a database:
 * the nodes' messages read strictly (anything malformed changes nothing),
 * each node's latest totals kept (an older message never replaces a newer
 * one), the screen's figures the sum over the nodes in the poll's candidate
 * order, a poll forgotten at once, and random texts never accepted into
 * negative or foreign counts.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "unit.h"
#include "vote/live.h"
#include "vote/vote.h"

static const int64_t IDS[] = {11, 12, 13};

/* The live count of poll id as "ballots|11:a:o|12:a:o|13:a:o". */
static void figures(int64_t id, char *out, size_t cap)
{
	json_t *j = ms_live_json(id, IDS, 3);
	assert_non_null(j);
	int k = snprintf(out, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(j, "ballots")));
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(j, "candidates"), i, c) {
		k += snprintf(out + k, cap - (size_t)k, "|%" JSON_INTEGER_FORMAT ":%" JSON_INTEGER_FORMAT ":%" JSON_INTEGER_FORMAT,
			      json_integer_value(json_object_get(c, "candidate_id")),
			      json_integer_value(json_object_get(c, "approve")),
			      json_integer_value(json_object_get(c, "oppose")));
	}
	json_decref(j);
}

static void expect(int64_t poll, const char *want)
{
	char got[256];
	figures(poll, got, sizeof got);
	assert_string_equal(got, want);
}

static bool receive(const char *text)
{
	char topic[64] = "";
	bool ok = ms_live_receive(text, topic, sizeof topic);
	if (ok) {
		char want[64];
		int64_t poll = 0;
		assert_int_equal(sscanf(text, "live %" SCNd64, &poll), 1);
		snprintf(want, sizeof want, "poll:%" PRId64, poll);
		assert_string_equal(topic, want);
	}
	return ok;
}

static void test_nodes_add_up(void **state)
{
	(void)state;
	expect(7, "0|11:0:0|12:0:0|13:0:0");
	assert_true(receive("live 7 00000000000000aa 1 2 11:2:0 12:1:1 13:0:0"));
	expect(7, "2|11:2:0|12:1:1|13:0:0");
	assert_true(receive("live 7 00000000000000bb 4 3 11:1:2 12:3:0 13:1:0"));
	expect(7, "5|11:3:2|12:4:1|13:1:0");
	/* a node's newer totals replace its older ones; an older message is ignored */
	assert_true(receive("live 7 00000000000000aa 3 4 11:4:0 12:2:2 13:1:0"));
	expect(7, "7|11:5:2|12:5:2|13:2:0");
	assert_true(receive("live 7 00000000000000aa 2 3 11:3:0 12:2:1 13:0:0"));
	expect(7, "7|11:5:2|12:5:2|13:2:0");
	/* another poll is apart; a candidate the poll does not have is not shown */
	assert_true(receive("live 8 00000000000000aa 1 1 11:1:0 99:1:0"));
	expect(8, "1|11:1:0|12:0:0|13:0:0");
	expect(7, "7|11:5:2|12:5:2|13:2:0");
	ms_live_forget(7);
	expect(7, "0|11:0:0|12:0:0|13:0:0");
	expect(8, "1|11:1:0|12:0:0|13:0:0");
	ms_live_forget(8);
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"live",
		"live 7",
		"live 7 aa 1",
		"live 0 00000000000000aa 1 1 11:1:0",       /* no poll 0 */
		"live -3 00000000000000aa 1 1 11:1:0",
		"live 7 00000000000000aa 1 -1 11:1:0",      /* negative ballots */
		"live 7 00000000000000aa 1 1 11:-1:0",      /* negative count */
		"live 7 00000000000000aa 1 1 11:2:0",       /* more marks than ballots */
		"live 7 00000000000000aa 1 2 11:1:2",
		"live 7 00000000000000aa 1 100000001 11:1:0", /* more ballots than a poll can have */
		"live 7 00000000000000aa 1 9223372036854775807 11:9223372036854775807:0",
		"live 7 00000000000000aa 1 1 11:1:9223372036854775807", /* found by fuzz_live: the sum overflowed */
		"live 7 00000000000000aa 1 1 11:1",          /* a pair, not a triple */
		"live 7 00000000000000aa 1 1 11:1:0 x",      /* trailing words */
		"live 7 00000000000000aa 1 1 11:1:0 ",       /* a trailing space */
		"Live 7 00000000000000aa 1 1 11:1:0",
		"live7 00000000000000aa 1 1 11:1:0",
		"poll:7",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (receive(bad[i]))
			fail_msg("accepted %s", bad[i]);
	expect(7, "0|11:0:0|12:0:0|13:0:0");
	/* too many candidates for one message */
	size_t cap = 16 * (MS_LIVE_CANDIDATES_MAX + 2) + 64;
	char *big = malloc(cap);
	assert_non_null(big);
	int k = snprintf(big, cap, "live 7 00000000000000aa 1 1");
	for (int i = 0; i <= MS_LIVE_CANDIDATES_MAX; i++)
		k += snprintf(big + k, cap - (size_t)k, " %d:1:0", i + 1);
	assert_false(receive(big));
	free(big);
	expect(7, "0|11:0:0|12:0:0|13:0:0");
}

/* Random texts, and random changes of a good message: never a crash, never a
 * negative figure, never a count for a poll the text did not name. */
static void test_random(void **state)
{
	(void)state;
	char buf[128];
	static const char good[] = "live 9 00000000000000cc 5 3 11:2:1 12:1:0 13:0:2";
	for (int round = 0; round < 20000; round++) {
		if (round % 2) {
			size_t n = randombytes_uniform(sizeof buf);
			randombytes_buf(buf, n);
			buf[n] = 0;
		} else {
			memcpy(buf, good, sizeof good);
			buf[randombytes_uniform(sizeof good - 1)] = " 0123456789:-alive"[randombytes_uniform(18)];
		}
		(void)receive(buf);
	}
	for (int64_t poll = 1; poll < 100; poll++) {
		json_t *j = ms_live_json(poll, IDS, 3);
		assert_true(json_integer_value(json_object_get(j, "ballots")) >= 0);
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(j, "candidates"), i, c) {
			assert_true(json_integer_value(json_object_get(c, "approve")) >= 0);
			assert_true(json_integer_value(json_object_get(c, "oppose")) >= 0);
		}
		json_decref(j);
		ms_live_forget(poll);
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nodes_add_up),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
