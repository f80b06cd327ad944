/*
 * test_track.c — liaison/track.h: new codes are 16 characters of the
 * alphabet and differ; codes are read back in any case, with hyphens and
 * spaces and the look-alike letters, and anything else is refused; the
 * shown form; the hash is the SHA-256 of the canonical code.
 */
#include <string.h>

#include "core/crockford.h"
#include "liaison/track.h"
#include "unit.h"

struct read_case {
	const char *name;
	const char *typed;
	const char *canonical; /* NULL: refused */
};

static const struct read_case reads[] = {
	{"canonical", "ABCDEFGH0123JKMN", "ABCDEFGH0123JKMN"},
	{"lower case and hyphens", "abcd-efgh-0123-jkmn", "ABCDEFGH0123JKMN"},
	{"spaces", "ABCD EFGH 0123 JKMN", "ABCDEFGH0123JKMN"},
	{"O, I and L read as digits", "ABCDEFGHOIL3JKMN", "ABCDEFGH0113JKMN"},
	{"one character short", "ABCDEFGH0123JKM", NULL},
	{"one character long", "ABCDEFGH0123JKMNP", NULL},
	{"U is not of the alphabet", "ABCDEFGH0123JKMU", NULL},
	{"Chinese", "查询码查询码查询码查询码查询码查询", NULL},
	{"empty", "", NULL},
	{"NULL", NULL, NULL},
};

static void run_read(void **state)
{
	const struct read_case *c = *state;
	char code[MS_TRACK_LEN + 1];
	bool ok = ms_track_read(c->typed, code);
	assert_int_equal(ok, c->canonical != NULL);
	if (ok)
		assert_string_equal(code, c->canonical);
}

static void test_new(void **state)
{
	(void)state;
	char a[MS_TRACK_LEN + 1], b[MS_TRACK_LEN + 1], back[MS_TRACK_LEN + 1];
	ms_track_new(a);
	ms_track_new(b);
	assert_int_equal(strlen(a), MS_TRACK_LEN);
	assert_int_equal(strspn(a, ms_crockford_alphabet), MS_TRACK_LEN);
	assert_string_not_equal(a, b); /* 2^-80 */
	assert_true(ms_track_read(a, back));
	assert_string_equal(a, back);
}

static void test_show(void **state)
{
	(void)state;
	char shown[MS_TRACK_SHOWN_LEN + 1], back[MS_TRACK_LEN + 1];
	ms_track_show("ABCDEFGH0123JKMN", shown);
	assert_string_equal(shown, "ABCD-EFGH-0123-JKMN");
	assert_true(ms_track_read(shown, back));
	assert_string_equal(back, "ABCDEFGH0123JKMN");
}

static void test_hash(void **state)
{
	(void)state;
	char hex[MS_TRACK_HASH_LEN + 1];
	/* printf %s ABCDEFGH0123JKMN | sha256sum */
	ms_track_hash("ABCDEFGH0123JKMN", hex);
	assert_true(ms_unit_lower_hex(hex, MS_TRACK_HASH_LEN));
	assert_string_equal(hex, "dae5b38a27a6a20822219cfd0b3e83e962f90926c8ec6435406d2d9c276aa53b");
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, reads, run_read);
	MS_UNIT_TEST(&l, test_new);
	MS_UNIT_TEST(&l, test_show);
	MS_UNIT_TEST(&l, test_hash);
	return ms_unit_run("track", &l, NULL, NULL);
}
