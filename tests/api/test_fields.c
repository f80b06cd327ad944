/*
 * test_fields.c — api/route.h: request bodies against field tables
 * (ms_fields_check). An unknown key is 400 unknown_field, a value of the
 * wrong kind 400 invalid_field, a required field missing 400
 * missing_field, a value out of range 422 invalid_value; the field is
 * named in e.field (with its path inside nested objects and arrays) and
 * both messages are filled.
 *
 * Tables: bodies against one table of every kind; every kind with values
 * of the right and the wrong JSON type; dates. JSON is written with ' for ".
 */
#include <string.h>

#include "api/api.h"
#include "unit.h"

#define REQ MS_FIELD_REQUIRED
#define NUL_OK MS_FIELD_NULLABLE

static const struct ms_name colours_v[] = {{"red", "红", "red"}, {"green", "绿", "green"}, {"blue", "蓝", "blue"}};
static const struct ms_names colours = MS_NAMES("colour", colours_v);

static const struct ms_field place[] = {
	{.name = "city", .kind = MS_F_STR, .flags = REQ, .min = 1, .max = 20},
	{.name = "zip", .kind = MS_F_INT, .min = 1, .max = 999999},
	{0}};
static const struct ms_view place_view = {"Place", place, "a place"};

static const struct ms_field ballot[] = {
	{.name = "approve", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = REQ, .max = 3},
	{.name = "paper", .kind = MS_F_BOOL},
	{0}};

/* One field of each kind and shape. */
static const struct ms_field person[] = {
	{.name = "name", .kind = MS_F_STR, .flags = REQ, .min = 1, .max = 3},
	{.name = "note", .kind = MS_F_STR, .flags = NUL_OK},
	{.name = "age", .kind = MS_F_INT, .min = 18, .max = 120},
	{.name = "unit_id", .kind = MS_F_ID, .flags = NUL_OK},
	{.name = "active", .kind = MS_F_BOOL},
	{.name = "ids", .kind = MS_F_ARRAY, .item = MS_F_INT, .min = 1, .max = 3},
	{.name = "more", .kind = MS_F_ARRAY, .item = MS_F_INT, .flags = NUL_OK},
	{.name = "items", .kind = MS_F_ARRAY, .item = MS_F_ANY, .max = 2},
	{.name = "delta", .kind = MS_F_INT, .min = -5, .max = 5},
	{.name = "score", .kind = MS_F_INT}, /* min = max = 0: any integer */
	{.name = "colour", .kind = MS_F_ENUM, .names = &colours},
	{.name = "colours", .kind = MS_F_ARRAY, .item = MS_F_ENUM, .names = &colours},
	{.name = "tags", .kind = MS_F_ARRAY, .item = MS_F_STR},
	{.name = "members", .kind = MS_F_ARRAY, .item = MS_F_ID},
	{.name = "day", .kind = MS_F_DATE, .flags = NUL_OK},
	{.name = "place", .kind = MS_F_OBJECT, .sub = place, .flags = NUL_OK},
	{.name = "home", .kind = MS_F_OBJECT, .view = &place_view},
	{.name = "ballots", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = ballot, .max = 3},
	{0}};

static const struct ms_field two_required[] = {
	{.name = "a", .kind = MS_F_INT, .flags = REQ},
	{.name = "b", .kind = MS_F_BOOL, .flags = REQ},
	{0}};
static const struct ms_field nothing[] = {{0}};

/* The class and HTTP status of each code the checks raise. */
static const struct {
	const char *code;
	enum ms_err err;
	unsigned status;
} raised[] = {
	{"unknown_field", MS_ERR_INVALID, 400},
	{"invalid_field", MS_ERR_INVALID, 400},
	{"missing_field", MS_ERR_INVALID, 400},
	{"invalid_value", MS_ERR_UNPROCESSABLE, 422},
};

/* Check json against spec under path: 0, or the error code on field with
 * its class and status (and its messages when en, zh are given). */
static void expect(const struct ms_field *spec, const char *path, const char *json, const char *code,
		   const char *field, const char *en, const char *zh)
{
	json_t *body = ms_unit_json(json);
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_fields_check(body, spec, path, &e);
	json_decref(body);
	if (!code) {
		if (rc)
			fail_msg("%s refused: %s", json, e.message);
		return;
	}
	size_t k = 0;
	while (k < N_OF(raised) && strcmp(raised[k].code, code) != 0)
		k++;
	assert_true(k < N_OF(raised));
	if (rc != (int)raised[k].err)
		fail_msg("%s: got %d (%s), want %s", json, rc, e.message, code);
	assert_int_equal(ms_api_status(e.err), raised[k].status);
	ms_unit_error(&e, raised[k].err, code, field);
	if (en)
		assert_string_equal(e.message, en);
	if (zh)
		assert_string_equal(e.message_zh, zh);
}

/* ---- bodies ------------------------------------------------------------- */

struct body_case {
	const char *name;
	const char *json;
	const char *code, *field; /* NULL: accepted */
	const char *en, *zh;      /* the messages, when given */
	const struct ms_field *spec; /* NULL: person */
	const char *path;
};

#define X10 "xxxxxxxxxx"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define X2000 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100

#define OK(name, json) {name, json, NULL, NULL, NULL, NULL, NULL, NULL}
#define BAD(name, json, code, field) {name, json, code, field, NULL, NULL, NULL, NULL}
#define MSG(name, json, code, field, en, zh) {name, json, code, field, en, zh, NULL, NULL}
#define IN(name, json, code, field, spec, path) {name, json, code, field, NULL, NULL, spec, path}

static const struct body_case bodies[] = {
	OK("every field", "{'name':'张伟','note':null,'age':18,'unit_id':null,'active':true,'ids':[1,2,3],"
			  "'more':null,'items':[{'a':1},'x'],'delta':0,'colour':'red','colours':[],'tags':['a'],"
			  "'members':[2],'day':'2024-02-29','place':{'city':'北京','zip':100000},"
			  "'home':{'city':'上海'},'ballots':[{'approve':[1,2]}]}"),
	OK("the bounds", "{'name':'abc','age':120,'unit_id':7,'ids':[0],'more':[],'items':[]}"),
	OK("only the required field", "{'name':'a'}"),
	/* unknown keys */
	MSG("an unknown key", "{'name':'ab','nmae':'x'}", "unknown_field", "nmae", "unknown field 'nmae'",
	    "不认识的字段「nmae」"),
	BAD("keys are case-sensitive", "{'Name':'ab'}", "unknown_field", "Name"),
	IN("an empty table takes {}", "{}", NULL, NULL, nothing, NULL),
	IN("an empty table refuses any key", "{'x':null}", "unknown_field", "x", nothing, NULL),
	BAD("an unknown key before a missing one", "{'zzz':1}", "unknown_field", "zzz"),
	/* missing */
	MSG("the required field missing", "{}", "missing_field", "name", "'name' is required", "缺少必填项「name」"),
	BAD("the required field missing among others", "{'age':30}", "missing_field", "name"),
	MSG("null is not a string", "{'name':null}", "invalid_field", "name", "'name' must be a string", "「name」须为字符串"),
	IN("the second of two required", "{'a':1}", "missing_field", "b", two_required, NULL),
	/* text: its length in characters, no NUL */
	OK("3 characters in 9 bytes", "{'name':'中华人'}"),
	OK("3 characters through \\u escapes", "{'name':'\\u4e2d\\u534e\\u4eba'}"),
	OK("an emoji is one character", "{'name':'😀😀😀'}"),
	MSG("4 characters", "{'name':'中华人民'}", "invalid_value", "name", "'name' must be 1 to 3 characters long",
	    "「name」须为1 到 3 个字符"),
	BAD("4 ASCII characters", "{'name':'abcd'}", "invalid_value", "name"),
	BAD("under the minimum", "{'name':''}", "invalid_value", "name"),
	OK("max 0: no maximum", "{'note':'" X2000 "','name':'a'}"),
	MSG("a NUL through \\u0000", "{'name':'a\\u0000b'}", "invalid_value", "name",
	    "'name' must be text without NUL characters", "「name」须为不含 NUL 字符的文字"),
	BAD("a NUL in a field without limits", "{'name':'a','note':'\\u0000'}", "invalid_value", "note"),
	/* integers */
	MSG("under the minimum age", "{'name':'a','age':17}", "invalid_value", "age",
	    "'age' must be between 18 and 120", "「age」须为18 到 120 之间的整数"),
	BAD("over the maximum age", "{'name':'a','age':121}", "invalid_value", "age"),
	BAD("a negative age", "{'name':'a','age':-1}", "invalid_value", "age"),
	BAD("the largest integer as an age", "{'name':'a','age':9223372036854775807}", "invalid_value", "age"),
	MSG("a number with a fraction", "{'name':'a','age':18.0}", "invalid_field", "age", "'age' must be an integer",
	    "「age」须为整数"),
	OK("a negative minimum", "{'name':'a','delta':-5}"),
	MSG("under a negative minimum", "{'name':'a','delta':-6}", "invalid_value", "delta",
	    "'delta' must be between -5 and 5", NULL),
	BAD("over a small maximum", "{'name':'a','delta':6}", "invalid_value", "delta"),
	OK("any integer: negative", "{'name':'a','score':-1}"),
	OK("any integer: the smallest", "{'name':'a','score':-9223372036854775808}"),
	/* ids */
	OK("the largest id", "{'name':'a','unit_id':9223372036854775807}"),
	MSG("id 0", "{'name':'a','unit_id':0}", "invalid_value", "unit_id", "'unit_id' must be at least 1",
	    "「unit_id」须为不小于 1 的整数"),
	BAD("a negative id", "{'name':'a','unit_id':-1}", "invalid_value", "unit_id"),
	MSG("an id 0 in an array", "{'name':'a','members':[1,0]}", "invalid_value", "members[1]",
	    "'members[1]' must be a positive integer", "「members[1]」须为正整数"),
	BAD("a negative id in an array", "{'name':'a','members':[-5]}", "invalid_value", "members[0]"),
	MSG("a string in an array of ids", "{'name':'a','members':['1']}", "invalid_field", "members",
	    "'members' must be an array of integers", "「members」须为整数数组"),
	/* arrays: item counts and items */
	MSG("too few items", "{'name':'a','ids':[]}", "invalid_value", "ids", "'ids' must be 1 to 3 items long",
	    "「ids」须为1 到 3 项"),
	OK("one item", "{'name':'a','ids':[1]}"),
	OK("the most items", "{'name':'a','ids':[1,2,3]}"),
	BAD("too many items", "{'name':'a','ids':[1,2,3,4]}", "invalid_value", "ids"),
	BAD("too many items of any kind", "{'name':'a','items':[1,2,3]}", "invalid_value", "items"),
	OK("no maximum of items", "{'name':'a','more':[1,2,3,4,5,6,7,8,9,10,11,12]}"),
	BAD("a NUL in an array of strings", "{'name':'a','tags':['a','b\\u0000']}", "invalid_value", "tags[1]"),
	BAD("a number in an array of strings", "{'name':'a','tags':[1]}", "invalid_field", "tags"),
	MSG("an unknown key in an array of enums", "{'name':'a','colours':['red','pink']}", "invalid_value",
	    "colours[1]", "'colours[1]' must be one of red, green, blue", NULL),
	/* enums: the keys are listed */
	OK("an enum key", "{'name':'a','colour':'green'}"),
	MSG("not an enum key", "{'name':'a','colour':'pink'}", "invalid_value", "colour",
	    "'colour' must be one of red, green, blue", "「colour」须为以下之一：red, green, blue"),
	BAD("enum keys are case-sensitive", "{'name':'a','colour':'Red'}", "invalid_value", "colour"),
	MSG("a NUL in an enum", "{'name':'a','colour':'re\\u0000d'}", "invalid_value", "colour",
	    "'colour' must be text without NUL characters", NULL),
	MSG("a number for an enum", "{'name':'a','colour':1}", "invalid_field", "colour", "'colour' must be a string",
	    NULL),
	/* nested objects: the path in the field's name */
	OK("a nested object", "{'name':'a','place':{'city':'x'}}"),
	OK("a nested object may be null", "{'name':'a','place':null}"),
	MSG("an unknown key inside", "{'name':'a','place':{'city':'x','extra':1}}", "unknown_field", "place.extra",
	    "unknown field 'place.extra'", NULL),
	MSG("a required key missing inside", "{'name':'a','place':{}}", "missing_field", "place.city",
	    "'place.city' is required", "缺少必填项「place.city」"),
	BAD("a value out of range inside", "{'name':'a','place':{'city':''}}", "invalid_value", "place.city"),
	BAD("an integer out of range inside", "{'name':'a','place':{'city':'x','zip':0}}", "invalid_value",
	    "place.zip"),
	MSG("an array for an object", "{'name':'a','place':[]}", "invalid_field", "place",
	    "'place' must be an object or null", NULL),
	BAD("an object through its view", "{'name':'a','home':{}}", "missing_field", "home.city"),
	MSG("the third ballot's field", "{'name':'a','ballots':[{'approve':[1]},{'approve':[2,3]},{'approve':'x'}]}",
	    "invalid_field", "ballots[2].approve", "'ballots[2].approve' must be an array of integers", NULL),
	BAD("an id inside the second ballot", "{'name':'a','ballots':[{'approve':[1]},{'approve':[0]}]}",
	    "invalid_value", "ballots[1].approve[0]"),
	BAD("an unknown key in a ballot", "{'name':'a','ballots':[{'approve':[],'pap':true}]}", "unknown_field",
	    "ballots[0].pap"),
	BAD("a ballot without its required key", "{'name':'a','ballots':[{}]}", "missing_field", "ballots[0].approve"),
	MSG("a number for a ballot", "{'name':'a','ballots':[1]}", "invalid_field", "ballots",
	    "'ballots' must be an array of objects", NULL),
	BAD("too many ballots", "{'name':'a','ballots':[{'approve':[]},{'approve':[]},{'approve':[]},{'approve':[]}]}",
	    "invalid_value", "ballots"),
	/* a path given by the caller */
	IN("the caller's path", "{'approve':'x'}", "invalid_field", "ballots[2].approve", ballot, "ballots[2]"),
	IN("the caller's path, unknown key", "{'approve':[],'x':1}", "unknown_field", "ballots[2].x", ballot,
	    "ballots[2]"),
	IN("the caller's path, missing key", "{}", "missing_field", "ballots[2].approve", ballot, "ballots[2]"),
};

static void run_body(void **state)
{
	const struct body_case *c = *state;
	expect(c->spec ? c->spec : person, c->path, c->json, c->code, c->field, c->en, c->zh);
}

static void test_no_table(void **state)
{
	(void)state;
	/* A NULL table is the empty one. */
	expect(NULL, NULL, "{}", NULL, NULL, NULL, NULL);
	expect(NULL, NULL, "{'x':1}", "unknown_field", "x", NULL, NULL);
}

static void test_nul_built_by_hand(void **state)
{
	(void)state;
	/* A string value built directly, as a handler might. */
	json_t *body = json_pack("{s:s, s:o}", "name", "ok", "note", json_stringn("x\0y", 3));
	assert_non_null(body);
	struct ms_error e;
	assert_int_equal(ms_fields_check(body, person, NULL, &e), MS_ERR_UNPROCESSABLE);
	ms_unit_error(&e, MS_ERR_UNPROCESSABLE, "invalid_value", "note");
	json_decref(body);
}

static void test_field_sub(void **state)
{
	(void)state;
	assert_ptr_equal(ms_field_sub(&person[15]), place);      /* place: sub */
	assert_ptr_equal(ms_field_sub(&person[16]), place);      /* home: its view's */
	assert_null(ms_field_sub(&person[0]));
}

/* ---- every kind with the right and the wrong JSON types ----------------- */

struct kind_case {
	const char *name;
	enum ms_field_kind kind, item;
	unsigned flags;
	const char *words;  /* "'v' must be <words>" when refused */
	const char *good[4];
	const char *bad[7];
};

static const struct kind_case kinds[] = {
	{"string", MS_F_STR, 0, 0, "a string", {"'x'", "''"}, {"1", "null", "true", "[]", "{}", "1.5"}},
	{"string or null", MS_F_STR, 0, NUL_OK, "a string or null", {"'x'", "null"}, {"1", "false", "['x']", "{}"}},
	{"integer", MS_F_INT, 0, 0, "an integer", {"0", "42"}, {"'1'", "1.0", "null", "true", "[1]"}},
	{"integer or null", MS_F_INT, 0, NUL_OK, "an integer or null", {"0", "null"}, {"'1'", "2.5", "false", "{}"}},
	{"boolean", MS_F_BOOL, 0, 0, "true or false", {"true", "false"}, {"0", "1", "'true'", "null", "[]"}},
	{"id", MS_F_ID, 0, 0, "an id (a positive integer)", {"1", "42"}, {"'1'", "1.0", "null", "true"}},
	{"id or null", MS_F_ID, 0, NUL_OK, "an id (a positive integer) or null", {"1", "null"}, {"'1'", "[]"}},
	{"enum", MS_F_ENUM, 0, 0, "a string", {"'red'"}, {"1", "null", "['red']"}},
	{"date", MS_F_DATE, 0, 0, "a date", {"'2024-01-31'"}, {"20240131", "null", "{}"}},
	{"date or null", MS_F_DATE, 0, NUL_OK, "a date or null", {"null"}, {"0"}},
	{"object", MS_F_OBJECT, 0, 0, "an object", {"{}"}, {"[]", "null", "'{}'"}},
	{"object or null", MS_F_OBJECT, 0, NUL_OK, "an object or null", {"{}", "null"}, {"[]"}},
	{"array of integers", MS_F_ARRAY, MS_F_INT, 0, "an array of integers", {"[]", "[1,2,3]"},
	 {"1", "null", "[1,'2']", "[1.5]", "[null]", "{}"}},
	{"array of integers or null", MS_F_ARRAY, MS_F_INT, NUL_OK, "an array of integers or null", {"null", "[4]"},
	 {"4", "[true]", "'[]'", "[[1]]"}},
	{"array of anything", MS_F_ARRAY, MS_F_ANY, 0, "an array", {"[]", "[1,'x',null,{}]"}, {"{}", "'[]'", "null", "0"}},
	{"array of strings", MS_F_ARRAY, MS_F_STR, 0, "an array of strings", {"[]", "['a','']"}, {"['a',1]", "[null]", "'a'"}},
	{"array of ids", MS_F_ARRAY, MS_F_ID, 0, "an array of integers", {"[1,2]"}, {"[1,'2']", "[1.5]"}},
	{"array of enums", MS_F_ARRAY, MS_F_ENUM, 0, "an array of strings", {"['red','blue']"}, {"[1]", "'red'"}},
	{"array of objects", MS_F_ARRAY, MS_F_OBJECT, 0, "an array of objects", {"[{},{}]"}, {"[[]]", "[null]", "{}"}},
	{"array of booleans", MS_F_ARRAY, MS_F_BOOL, 0, "an array", {"[true,false]"}, {"[1]"}},
};

static void run_kind(void **state)
{
	const struct kind_case *c = *state;
	const struct ms_field spec[] = {
		{.name = "v", .kind = c->kind, .item = c->item, .flags = REQ | c->flags, .names = &colours},
		{0}};
	char json[128], en[128];
	snprintf(en, sizeof en, "'v' must be %s", c->words);
	for (size_t i = 0; i < N_OF(c->good) && c->good[i]; i++) {
		snprintf(json, sizeof json, "{'v':%s}", c->good[i]);
		expect(spec, NULL, json, NULL, NULL, NULL, NULL);
	}
	for (size_t i = 0; i < N_OF(c->bad) && c->bad[i]; i++) {
		snprintf(json, sizeof json, "{'v':%s}", c->bad[i]);
		expect(spec, NULL, json, "invalid_field", "v", en, NULL);
	}
}

/* ---- dates: real calendar dates only ------------------------------------ */

struct date_case {
	const char *name;
	const char *text;
	bool ok;
};

static const struct date_case dates[] = {
	{"a leap day", "2024-02-29", true},
	{"a leap day of a year divisible by 400", "2000-02-29", true},
	{"no leap day in a common year", "2023-02-29", false},
	{"no leap day in a century year", "1900-02-29", false},
	{"no leap day in 2100", "2100-02-29", false},
	{"28 February", "2023-02-28", true},
	{"31 January", "2024-01-31", true},
	{"31 April", "2024-04-31", false},
	{"30 April", "2024-04-30", true},
	{"month 13", "2024-13-01", false},
	{"month 0", "2024-00-10", false},
	{"day 0", "2024-01-00", false},
	{"day 32", "2024-01-32", false},
	{"a month of one digit", "2024-1-01", false},
	{"slashes", "2024/01/01", false},
	{"the first year taken", "1900-01-01", true},
	{"before it", "1899-12-31", false},
	{"the last year taken", "2999-12-31", true},
	{"after it", "3000-01-01", false},
	{"a time after the date", "2024-01-01T00:00", false},
	{"empty", "", false},
	{"full-width digits", "２０２４-01-01", false},
	{"a sign", "+024-01-01", false},
};

static void run_date(void **state)
{
	const struct date_case *c = *state;
	static const struct ms_field spec[] = {{.name = "day", .kind = MS_F_DATE, .flags = REQ}, {0}};
	char json[64];
	snprintf(json, sizeof json, "{'day':'%s'}", c->text);
	if (c->ok)
		expect(spec, NULL, json, NULL, NULL, NULL, NULL);
	else
		expect(spec, NULL, json, "invalid_value", "day", "'day' must be a valid date, YYYY-MM-DD",
		       "「day」须为YYYY-MM-DD 格式的有效日期");
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, bodies, run_body);
	MS_UNIT_TEST(&l, test_no_table);
	MS_UNIT_TEST(&l, test_nul_built_by_hand);
	MS_UNIT_TEST(&l, test_field_sub);
	MS_UNIT_TABLE(&l, kinds, run_kind);
	MS_UNIT_TABLE(&l, dates, run_date);
	return ms_unit_run("fields", &l, NULL, NULL);
}
