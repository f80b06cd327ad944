/*
 * test_crockford.c — core/crockford.h: reading a code as a person types it
 * (case, hyphens, spaces; O, I and L only when lenient), the lengths, and
 * the random codes (length, alphabet, not all alike).
 */
#include <string.h>

#include "core/crockford.h"
#include "unit.h"

struct read_case {
	const char *name;
	const char *in;
	size_t n;
	bool lenient;
	const char *want; /* NULL: refused */
};

static const struct read_case reads[] = {
	{"canonical", "7KQ2M9XW4D", 10, false, "7KQ2M9XW4D"},
	{"lower case and a hyphen", "7kq2m-9xw4d", 10, false, "7KQ2M9XW4D"},
	{"spaces and hyphens anywhere", " 7K-Q2 M9-XW 4D- ", 10, false, "7KQ2M9XW4D"},
	{"one short", "7KQ2M9XW4", 10, false, NULL},
	{"one long", "7KQ2M9XW4DD", 10, false, NULL},
	{"empty", "", 10, false, NULL},
	{"only separators", "- - -", 10, false, NULL},
	{"strict: I is not a character", "IKQ2M9XW4D", 10, false, NULL},
	{"strict: O is not a character", "OKQ2M9XW4D", 10, false, NULL},
	{"strict: U is never one", "UKQ2M9XW4D", 10, true, NULL},
	{"lenient: O is 0, I and L are 1", "oIlO-0000-0000-0000", 16, true, "0110000000000000"},
	{"lenient: U is still refused", "U000-0000-0000-0000", 16, true, NULL},
	{"punctuation", "0000.0000.0000.0000", 16, true, NULL},
	{"a byte above ASCII", "000\xe9-0000-0000-0000", 16, true, NULL},
	{"a NULL text", NULL, 4, true, NULL},
};

static void run_read(void **state)
{
	const struct read_case *c = *state;
	char out[32];
	bool ok = ms_crockford_read(c->in, c->n, c->lenient, out);
	if (!c->want) {
		assert_false(ok);
		return;
	}
	assert_true(ok);
	assert_string_equal(out, c->want);
	/* the canonical form reads as itself */
	char again[32];
	assert_true(ms_crockford_read(out, c->n, false, again));
	assert_string_equal(again, out);
}

static void test_random(void **state)
{
	(void)state;
	char a[21], b[21];
	ms_crockford_random(a, 20);
	ms_crockford_random(b, 20);
	assert_int_equal(strlen(a), 20);
	assert_int_equal(strspn(a, ms_crockford_alphabet), 20);
	assert_string_not_equal(a, b); /* 100 random bits each */
	/* every character of the alphabet turns up in 2000 draws */
	char many[2001];
	ms_crockford_random(many, 2000);
	for (const char *p = ms_crockford_alphabet; *p; p++)
		if (!strchr(many, *p))
			fail_msg("'%c' never drawn", *p);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, reads, run_read);
	MS_UNIT_TEST(&l, test_random);
	return ms_unit_run("crockford", &l, NULL, NULL);
}
