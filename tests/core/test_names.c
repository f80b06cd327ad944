/*
 * test_names.c — core/names.h: a value's key and labels, a key's value,
 * and the keys or labels joined into a buffer that may be too small; then
 * the program's own name tables (roles, access, phases, congress levels,
 * poll states): a value per enum value, unique keys, both labels.
 */
#include <stdlib.h>
#include <string.h>

#include "api/route.h"
#include "core/names.h"
#include "core/utf8.h"
#include "cycle/cycle.h"
#include "org/org.h"
#include "unit.h"
#include "vote/vote.h"

static const struct ms_name levels_v[] = {
	{"city", "市", "city"},
	{"district", "区", "district"},
	{"town", "镇", "town"},
};
static const struct ms_names levels = MS_NAMES("level", levels_v);
static const struct ms_names none = {"nothing", levels_v, 0};

/* ---- a value and its key ------------------------------------------------ */

struct value_case {
	const char *name;
	const char *key; /* looked up with ms_names_find */
	int i;           /* the value found (-1: none), given to key and arg */
	const char *want_key, *zh, *en;
};

static const struct value_case values[] = {
	{"first value", "city", 0, "city", "市", "city"},
	{"last value", "town", 2, "town", "镇", "town"},
	{"keys are case-sensitive", "Town", -1, "?", "?", "?"},
	{"a prefix is not a key", "cit", -1, "?", "?", "?"},
	{"the empty key", "", -1, "?", "?", "?"},
	{"a NULL key", NULL, -1, "?", "?", "?"},
};

static void run_value(void **state)
{
	const struct value_case *c = *state;
	assert_int_equal(ms_names_find(&levels, c->key), c->i);
	assert_string_equal(ms_names_key(&levels, c->i), c->want_key);
	struct ms_arg a = ms_names_arg(&levels, c->i);
	assert_int_equal(a.kind, MS_ARG_TEXT);
	assert_string_equal(a.zh, c->zh);
	assert_string_equal(a.en, c->en);
}

static void test_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(ms_names_key(&levels, 3), "?");
	assert_string_equal(ms_names_key(&levels, -1), "?");
	assert_string_equal(ms_names_arg(&levels, 3).en, "?");
	assert_string_equal(ms_names_arg(&levels, -2).zh, "?");
	assert_int_equal(ms_names_find(&none, "city"), -1);
}

/* ---- joined ------------------------------------------------------------- */

enum part { KEYS, ZH, EN };

struct join_case {
	const char *name;
	const struct ms_names *t;
	enum part part;
	const char *sep;
	size_t cap;
	const char *want;
};

static const struct join_case joins[] = {
	{"keys", &levels, KEYS, ", ", 64, "city, district, town"},
	{"Chinese labels", &levels, ZH, "、", 64, "市、区、镇"},
	{"English labels", &levels, EN, " or ", 64, "city or district or town"},
	{"exactly enough room", &levels, KEYS, ",", 19, "city,district,town"},
	{"keys cut at the end", &levels, KEYS, ", ", 10, "city, dis"},
	{"labels cut at a character", &levels, ZH, "、", 5, "市"},
	{"a separator cut at a character", &levels, ZH, "、", 8, "市、"},
	{"no room for a character", &levels, ZH, "、", 3, ""},
	{"one byte", &levels, KEYS, ", ", 1, ""},
	{"an empty table", &none, KEYS, ", ", 8, ""},
};

static void run_join(void **state)
{
	const struct join_case *c = *state;
	char *buf = malloc(c->cap); /* exactly cap bytes: AddressSanitizer sees any overrun */
	assert_non_null(buf);
	memset(buf, 'Z', c->cap);
	if (c->part == KEYS)
		ms_names_join(c->t, c->sep, buf, c->cap);
	else
		ms_names_join_labels(c->t, c->part == ZH, c->sep, buf, c->cap);
	assert_string_equal(buf, c->want);
	assert_true(ms_utf8_valid(buf, strlen(buf)));
	free(buf);
}

static void test_join_into_nothing(void **state)
{
	(void)state;
	char c = 'Z';
	ms_names_join(&levels, ", ", &c, 0);
	ms_names_join_labels(&levels, 1, ", ", &c, 0);
	assert_int_equal(c, 'Z');
}

/* ---- the program's tables ----------------------------------------------- */

struct table_case {
	const char *name;
	const struct ms_names *t;
	const char *what;
	size_t n;                 /* values of the enum */
	const char *first, *last; /* keys of its first and last values */
};

static const struct table_case tables[] = {
	{"roles", &ms_role_names, "role", MS_ROLE_COUNT, "admin", "unit"},
	{"access", &ms_access_names, "access", MS_ACCESS_KINDS, "public", "unit"},
	{"phases", &ms_phase_names, "phase", MS_PHASE_COUNT, "collect", "closed"},
	{"congress levels", &ms_congress_level_names, "level", MS_LEVEL_STREET + 1, "city", "street"},
	{"poll states", &ms_poll_status_names, "poll_status", MS_POLL_CLOSED + 1, "draft", "closed"},
};

static void run_table(void **state)
{
	const struct table_case *c = *state;
	const struct ms_names *t = c->t;
	assert_string_equal(t->what, c->what);
	assert_int_equal(t->n, c->n);
	assert_string_equal(ms_names_key(t, 0), c->first);
	assert_string_equal(ms_names_key(t, (int)t->n - 1), c->last);
	for (size_t i = 0; i < t->n; i++) {
		const struct ms_name *v = &t->v[i];
		if (ms_names_find(t, v->key) != (int)i)
			fail_msg("key %s is not unique", v->key);
		assert_true(v->key[0] && v->en[0]);
		/* The Chinese label is Chinese: it starts outside ASCII. */
		if ((unsigned char)v->zh[0] < 0x80 || !ms_utf8_valid(v->zh, strlen(v->zh)))
			fail_msg("%s: Chinese label \"%s\"", v->key, v->zh);
	}
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, values, run_value);
	MS_UNIT_TEST(&l, test_out_of_range);
	MS_UNIT_TABLE(&l, joins, run_join);
	MS_UNIT_TEST(&l, test_join_into_nothing);
	MS_UNIT_TABLE(&l, tables, run_table);
	return ms_unit_run("names", &l, NULL, NULL);
}
