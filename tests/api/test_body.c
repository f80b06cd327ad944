/*
 * test_body.c — api/route.h, the rest of the body's story: the getters a
 * handler reads a checked body with (ms_api_str, _int, _has, _present,
 * _bool, _enum), and the checks the domains apply to input that comes
 * through no field table (the CLI, a CSV row): ms_check_text and
 * ms_check_int refuse exactly as a field table with the same bounds does —
 * the same code, field and messages in both languages — so that the CLI
 * refuses with the API's words.
 */
#include <string.h>

#include "api/api.h"
#include "cycle/cycle.h"
#include "unit.h"

static const struct ms_name colours_v[] = {{"red", "红", "red"}, {"green", "绿", "green"}, {"blue", "蓝", "blue"}};
static const struct ms_names colours = MS_NAMES("colour", colours_v);

/* ---- the getters -------------------------------------------------------- */

static const struct ms_field person[] = {
	{.name = "name", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 3},
	{.name = "note", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE},
	{.name = "age", .kind = MS_F_INT, .min = 18, .max = 120},
	{.name = "unit_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE},
	{.name = "active", .kind = MS_F_BOOL},
	{.name = "ids", .kind = MS_F_ARRAY, .item = MS_F_INT},
	{.name = "colour", .kind = MS_F_ENUM, .names = &colours, .flags = MS_FIELD_NULLABLE},
	{.name = "delta", .kind = MS_F_INT, .min = -5, .max = 5},
	{0}};

static const char *const bodies[] = {
	"{'name':'李娜','note':null,'age':40,'unit_id':null,'active':false,'colour':'green'}",
	"{'name':'x','active':true,'age':18,'colour':null}",
	"{'name':'中华人','delta':-5}",
};

enum getter { STR, INT, BOOL, HAS, PRESENT, ENUM };

struct getter_case {
	const char *name;
	size_t body;  /* which of bodies */
	enum getter g;
	const char *key;
	int64_t def;  /* INT, BOOL, ENUM */
	int64_t want; /* INT, BOOL, HAS, PRESENT, ENUM */
	const char *want_s; /* STR (NULL: NULL) */
};

static const struct getter_case getters[] = {
	{"str of a string", 0, STR, "name", 0, 0, "李娜"},
	{"str of 3 characters in 9 bytes", 2, STR, "name", 0, 0, "中华人"},
	{"str of null", 0, STR, "note", 0, 0, NULL},
	{"str of an absent key", 0, STR, "ids", 0, 0, NULL},
	{"str of an integer", 0, STR, "age", 0, 0, NULL},
	{"int of an integer", 0, INT, "age", -1, 40, NULL},
	{"int of the other body", 1, INT, "age", 0, 18, NULL},
	{"int of a negative value", 2, INT, "delta", 0, -5, NULL},
	{"int of null: the default", 0, INT, "unit_id", -7, -7, NULL},
	{"int of an absent key: the default", 0, INT, "ids", 99, 99, NULL},
	{"int of a string: the default", 0, INT, "name", 5, 5, NULL},
	{"bool false", 0, BOOL, "active", true, false, NULL},
	{"bool true", 1, BOOL, "active", false, true, NULL},
	{"bool absent: the default true", 0, BOOL, "missing", true, true, NULL},
	{"bool absent: the default false", 0, BOOL, "missing", false, false, NULL},
	{"bool of an integer: the default", 0, BOOL, "age", true, true, NULL},
	{"has a string", 0, HAS, "name", 0, true, NULL},
	{"has false", 0, HAS, "active", 0, true, NULL},
	{"has not null", 0, HAS, "note", 0, false, NULL},
	{"has not an absent key", 0, HAS, "ids", 0, false, NULL},
	{"present: null", 0, PRESENT, "note", 0, true, NULL},
	{"present: a string", 0, PRESENT, "name", 0, true, NULL},
	{"not present: an absent key", 0, PRESENT, "ids", 0, false, NULL},
	{"enum: its index", 0, ENUM, "colour", -1, 1, NULL},
	{"enum of null: the default", 1, ENUM, "colour", -1, -1, NULL},
	{"enum of an absent key: the default", 0, ENUM, "shade", 2, 2, NULL},
	{"enum of a string that is no key: the default", 0, ENUM, "name", -1, -1, NULL},
	{"enum of an integer: the default", 0, ENUM, "age", 0, 0, NULL},
};

static void run_getter(void **state)
{
	const struct getter_case *g = *state;
	struct ms_ctx c;
	memset(&c, 0, sizeof c);
	c.body = ms_unit_json(bodies[g->body]);
	struct ms_error e;
	assert_int_equal(ms_fields_check(c.body, person, NULL, &e), 0); /* a checked body */
	switch (g->g) {
	case STR:
		if (g->want_s)
			assert_string_equal(ms_api_str(&c, g->key), g->want_s);
		else
			assert_null(ms_api_str(&c, g->key));
		break;
	case INT: assert_int_equal(ms_api_int(&c, g->key, g->def), g->want); break;
	case BOOL: assert_int_equal(ms_api_bool(&c, g->key, g->def), g->want); break;
	case HAS: assert_int_equal(ms_api_has(&c, g->key), g->want); break;
	case PRESENT: assert_int_equal(ms_api_present(&c, g->key), g->want); break;
	case ENUM: assert_int_equal(ms_api_enum(&c, g->key, &colours, (int)g->def), g->want); break;
	}
	json_decref(c.body);
}

/* ---- ms_check_text / ms_check_int against the field table ---------------- */

#define X10 "xxxxxxxxxx"
#define ZH10 "一二三四五六七八九十"
#define ZH50 ZH10 ZH10 ZH10 ZH10 ZH10
#define ZH129 ZH50 ZH50 ZH10 ZH10 "一二三四五六七八九"

struct same_case {
	const char *name;
	enum ms_field_kind kind; /* MS_F_STR or MS_F_INT */
	int64_t min, max;
	const char *text;        /* MS_F_STR */
	int64_t v;               /* MS_F_INT */
	bool ok;
};

static const struct same_case sames[] = {
	{"text within its bounds", MS_F_STR, 1, 3, "中华人", 0, true},
	{"text too long in characters", MS_F_STR, 1, 3, "中华人民", 0, false},
	{"text too short", MS_F_STR, 1, 3, "", 0, false},
	{"text without a maximum", MS_F_STR, 0, 0, X10 X10 X10 X10 X10, 0, true},
	{"text under a minimum, no maximum", MS_F_STR, 2, 0, "a", 0, false},
	{"a name of 129 characters", MS_F_STR, 1, 128, ZH129, 0, false},
	{"a password of 7 characters", MS_F_STR, 8, 1024, "1234567", 0, false},
	{"a password of 8 Chinese characters", MS_F_STR, 8, 1024, "密码密码密码密码", 0, true},
	{"an integer within its bounds", MS_F_INT, 18, 120, NULL, 18, true},
	{"an integer under its minimum", MS_F_INT, 18, 120, NULL, 17, false},
	{"an integer over its maximum", MS_F_INT, 18, 120, NULL, 121, false},
	{"under a negative minimum", MS_F_INT, -5, 5, NULL, -6, false},
	{"a year of the 1990s", MS_F_INT, 2000, 2100, NULL, 1999, false},
	{"a negative cost", MS_F_INT, 0, MS_COST_MAX, NULL, -1, false},
	{"a cost over the maximum", MS_F_INT, 0, MS_COST_MAX, NULL, MS_COST_MAX + 1, false},
	{"under a minimum, no maximum", MS_F_INT, 5, 0, NULL, 4, false},
	{"a large value, no maximum", MS_F_INT, 5, 0, NULL, INT64_MAX, true},
};

static void run_same(void **state)
{
	const struct same_case *c = *state;
	const struct ms_field spec[] = {
		{.name = "v", .kind = c->kind, .flags = MS_FIELD_REQUIRED, .min = c->min, .max = c->max},
		{0}};
	json_t *body = json_pack("{s:o}", "v", c->kind == MS_F_STR ? json_string(c->text) : json_integer(c->v));
	assert_non_null(body);
	struct ms_error table, check;
	ms_error_clear(&table);
	ms_error_clear(&check);
	int rc = ms_fields_check(body, spec, NULL, &table);
	json_decref(body);
	int rc2 = c->kind == MS_F_STR ? ms_check_text(&check, "v", c->text, (long)c->min, (long)c->max)
				      : ms_check_int(&check, "v", c->v, c->min, c->max);
	assert_int_equal(rc, rc2);
	assert_int_equal(rc == 0, c->ok);
	if (rc == 0)
		return;
	ms_unit_error(&table, MS_ERR_UNPROCESSABLE, "invalid_value", "v");
	ms_unit_error(&check, MS_ERR_UNPROCESSABLE, "invalid_value", "v");
	assert_string_equal(check.message, table.message);
	assert_string_equal(check.message_zh, table.message_zh);
}

/* What only ms_check_text meets: C strings that need not be UTF-8, or NULL. */
struct text_case {
	const char *name;
	const char *text;
	long min, max;
	const char *en; /* NULL: accepted */
};

static const struct text_case texts[] = {
	{"not UTF-8", "\xFF", 0, 3, "'v' must be valid UTF-8 text"},
	{"a truncated character", "中\xE4\xB8", 1, 10, "'v' must be valid UTF-8 text"},
	{"NULL where one character is needed", NULL, 1, 3, "'v' must be 1 to 3 characters long"},
	{"NULL where none is needed", NULL, 0, 3, NULL},
};

static void run_text(void **state)
{
	const struct text_case *c = *state;
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_check_text(&e, "v", c->text, c->min, c->max);
	if (!c->en) {
		assert_int_equal(rc, 0);
		return;
	}
	assert_int_equal(rc, MS_ERR_UNPROCESSABLE);
	ms_unit_error(&e, MS_ERR_UNPROCESSABLE, "invalid_value", "v");
	assert_string_equal(e.message, c->en);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, getters, run_getter);
	MS_UNIT_TABLE(&l, sames, run_same);
	MS_UNIT_TABLE(&l, texts, run_text);
	return ms_unit_run("body", &l, NULL, NULL);
}
