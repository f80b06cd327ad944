/* unit.c — see unit.h. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ms_unit_add(struct ms_unit_list *l, const char *name, CMUnitTestFunction fn, const void *row)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct CMUnitTest *v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			fprintf(stderr, "ms_unit_add: out of memory\n");
			exit(1);
		}
		l->v = v, l->cap = cap;
	}
	l->v[l->n++] = (struct CMUnitTest){.name = name, .test_func = fn, .initial_state = (void *)(uintptr_t)row};
}

int ms_unit_run(const char *name, struct ms_unit_list *l, CMFixtureFunction setup, CMFixtureFunction teardown)
{
	int rc = _cmocka_run_group_tests(name, l->v, l->n, setup, teardown);
	free(l->v);
	*l = (struct ms_unit_list){0};
	return rc;
}

void ms_unit_error(const struct ms_error *e, enum ms_err err, const char *code, const char *field)
{
	if (e->err != err)
		fail_msg("error class %d (%s), want %d (%s): %s", e->err, ms_err_code(e->err), err, ms_err_code(err),
			 e->message);
	assert_non_null(e->code);
	assert_string_equal(e->code, code);
	assert_string_equal(e->field, field ? field : "");
	if (!e->message[0] || !e->message_zh[0])
		fail_msg("%s: a message is empty: \"%s\" / \"%s\"", code, e->message, e->message_zh);
}

void ms_unit_has(const char *s, const char *part)
{
	if (part && !strstr(s, part))
		fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

json_t *ms_unit_json(const char *text)
{
	static char s[1 << 16];
	size_t n = strlen(text);
	assert_true(n < sizeof s);
	for (size_t i = 0; i <= n; i++)
		s[i] = text[i] == '\'' ? '"' : text[i];
	json_error_t je;
	json_t *v = json_loads(s, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
	if (!v)
		fail_msg("test JSON does not parse: %s: %s", s, je.text);
	return v;
}

bool ms_unit_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}
