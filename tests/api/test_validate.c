/*
 * test_validate.c — unit tests of the input validation the API relies on.
 *
 * One cmocka group; run with CMOCKA_MESSAGE_OUTPUT=TAP. Covers the JSON
 * body checks against field tables (api/api.c: ms_api_fields and the
 * getters), the CSV reader used by the imports (core/csvtab.c), the one table
 * from enum ms_err to HTTP status and the JSON error body (api/api_error.c),
 * passwords, session tokens and receipts (api/auth.c) and the UTF-8 length
 * used to bound user-visible text (core/util.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "api/api.h"
#include "api/api_internal.h"
#include "api/auth.h"
#include "core/csvtab.h"
#include "core/utf8.h"
#include "core/util.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
/* A string literal and its length without the terminator (may hold NULs). */
#define LIT(s) (s), (sizeof(s) - 1)

/* ---- helpers ------------------------------------------------------------ */

/* A context holding only a body parsed from JSON text (NULs allowed, so the
 * validator's own NUL check can be reached). */
static void ctx_init(struct ms_ctx *c, const char *json)
{
	json_error_t je;
	memset(c, 0, sizeof *c);
	c->body = json_loads(json, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!c->body)
		fail_msg("test JSON does not parse: %s: %s", json, je.text);
	assert_true(json_is_object(c->body));
}

static void ctx_fini(struct ms_ctx *c)
{
	json_decref(c->body);
	c->body = NULL;
}

/* Run ms_api_fields on json and spec; the return code. */
static int check_body(struct ms_ctx *c, const char *json, const struct ms_field *spec)
{
	ctx_init(c, json);
	int rc = ms_api_fields(c, spec);
	if (rc != 0)
		assert_int_equal(c->err.err, rc);
	return rc;
}

static void assert_field_error(const struct ms_ctx *c, enum ms_err err, const char *code, const char *field)
{
	assert_int_equal(c->err.err, err);
	assert_non_null(c->err.code);
	assert_string_equal(c->err.code, code);
	assert_string_equal(c->err.field, field);
	assert_true(c->err.message[0] != 0);
}

/* Parse text that must succeed. */
static void csv_ok(const char *text, size_t len, struct ms_csv *out)
{
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_csv_parse(text, len, out, &e);
	if (rc != 0)
		fail_msg("ms_csv_parse failed (%d): %s", rc, e.message);
}

/* Parse text that must fail with invalid_csv; the message must contain
 * want (when not NULL) and the table must be left empty. */
static void csv_bad(const char *text, size_t len, const char *want)
{
	struct ms_csv out;
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_csv_parse(text, len, &out, &e);
	assert_int_equal(rc, MS_ERR_UNPROCESSABLE);
	assert_int_equal(e.err, MS_ERR_UNPROCESSABLE);
	assert_non_null(e.code);
	assert_string_equal(e.code, "invalid_csv");
	assert_string_equal(e.field, "csv");
	if (want && !strstr(e.message, want))
		fail_msg("message \"%s\" does not contain \"%s\"", e.message, want);
	assert_int_equal(out.n_rows, 0);
	assert_null(out.rows);
	assert_null(out.row_no);
	ms_csv_free(&out); /* harmless on the emptied table */
}

static void assert_row(const struct ms_csv *c, size_t i, size_t row_no, size_t n, const char *const *want)
{
	assert_true(i < c->n_rows);
	assert_int_equal(c->row_no[i], row_no);
	assert_int_equal(c->rows[i].n, n);
	for (size_t j = 0; j < n; j++)
		assert_string_equal(c->rows[i].fields[j], want[j]);
}

#define ROW(c, i, row_no, ...)                                                              \
	assert_row((c), (i), (row_no), N_OF(((const char *const[]){__VA_ARGS__})),         \
		   (const char *const[]){__VA_ARGS__})

static bool is_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static int group_setup(void **state)
{
	(void)state;
	return ms_auth_init(1) == 0 ? 0 : -1;
}

/* ---- ms_api_fields ------------------------------------------------------ */

static const struct ms_field person_spec[] = {
	{"name", MS_F_STR, true, 1, 3},
	{"note", MS_F_STR_NULL, false, 0, 0},
	{"age", MS_F_INT, false, 18, 120},
	{"unit_id", MS_F_INT_NULL, false, 0, 0},
	{"active", MS_F_BOOL, false, 0, 0},
	{"ids", MS_F_INT_ARRAY, false, 1, 3},
	{"more", MS_F_INT_ARRAY_NULL, false, 0, 0},
	{"items", MS_F_ARRAY, false, 0, 2},
	{NULL, MS_F_STR, false, 0, 0},
};

static void test_fields_valid_body(void **state)
{
	(void)state;
	struct ms_ctx c;
	assert_int_equal(check_body(&c,
		"{\"name\":\"张伟\",\"note\":null,\"age\":18,\"unit_id\":null,\"active\":true,"
		"\"ids\":[1,2,3],\"more\":null,\"items\":[{\"a\":1},\"x\"]}", person_spec), 0);
	assert_int_equal(c.err.err, MS_OK);
	ctx_fini(&c);

	assert_int_equal(check_body(&c, "{\"name\":\"abc\",\"age\":120,\"unit_id\":7,\"ids\":[0],"
				    "\"more\":[],\"items\":[]}", person_spec), 0);
	ctx_fini(&c);

	/* Only the required field. */
	assert_int_equal(check_body(&c, "{\"name\":\"a\"}", person_spec), 0);
	ctx_fini(&c);
}

static void test_fields_unknown(void **state)
{
	(void)state;
	struct ms_ctx c;
	assert_int_equal(check_body(&c, "{\"name\":\"ab\",\"nmae\":\"x\"}", person_spec), MS_ERR_INVALID);
	assert_field_error(&c, MS_ERR_INVALID, "unknown_field", "nmae");
	ctx_fini(&c);

	/* Names are case-sensitive. */
	assert_int_equal(check_body(&c, "{\"Name\":\"ab\"}", person_spec), MS_ERR_INVALID);
	assert_field_error(&c, MS_ERR_INVALID, "unknown_field", "Name");
	ctx_fini(&c);

	/* An empty table accepts only {}. */
	static const struct ms_field none[] = {{NULL, MS_F_STR, false, 0, 0}};
	assert_int_equal(check_body(&c, "{}", none), 0);
	ctx_fini(&c);
	assert_int_equal(check_body(&c, "{\"x\":null}", none), MS_ERR_INVALID);
	assert_field_error(&c, MS_ERR_INVALID, "unknown_field", "x");
	ctx_fini(&c);
}

static void test_fields_wrong_type(void **state)
{
	(void)state;
	static const struct {
		enum ms_field_kind kind;
		const char *good[4];
		const char *bad[6];
	} cases[] = {
		{MS_F_STR, {"\"x\"", "\"\""}, {"1", "null", "true", "[]", "{}", "1.5"}},
		{MS_F_STR_NULL, {"\"x\"", "null"}, {"1", "false", "[\"x\"]", "{}"}},
		{MS_F_INT, {"0", "42"}, {"\"1\"", "1.0", "null", "true", "[1]"}},
		{MS_F_INT_NULL, {"0", "null"}, {"\"1\"", "2.5", "false", "{}"}},
		{MS_F_BOOL, {"true", "false"}, {"0", "1", "\"true\"", "null", "[]"}},
		{MS_F_INT_ARRAY, {"[]", "[1,2,3]"}, {"1", "null", "[1,\"2\"]", "[1.5]", "[null]", "{}"}},
		{MS_F_INT_ARRAY_NULL, {"null", "[4]"}, {"4", "[true]", "\"[]\"", "[[1]]"}},
		{MS_F_ARRAY, {"[]", "[1,\"x\",null,{}]"}, {"{}", "\"[]\"", "null", "0"}},
	};
	char json[128];
	for (size_t i = 0; i < N_OF(cases); i++) {
		const struct ms_field spec[] = {
			{"v", cases[i].kind, true, 0, 0},
			{NULL, MS_F_STR, false, 0, 0},
		};
		for (size_t j = 0; j < N_OF(cases[i].good) && cases[i].good[j]; j++) {
			struct ms_ctx c;
			snprintf(json, sizeof json, "{\"v\":%s}", cases[i].good[j]);
			if (check_body(&c, json, spec) != 0)
				fail_msg("kind %zu rejected %s: %s", i, json, c.err.message);
			ctx_fini(&c);
		}
		for (size_t j = 0; j < N_OF(cases[i].bad) && cases[i].bad[j]; j++) {
			struct ms_ctx c;
			snprintf(json, sizeof json, "{\"v\":%s}", cases[i].bad[j]);
			if (check_body(&c, json, spec) != MS_ERR_INVALID)
				fail_msg("kind %zu accepted %s", i, json);
			assert_field_error(&c, MS_ERR_INVALID, "invalid_field", "v");
			ctx_fini(&c);
		}
	}
}

static void test_fields_missing_required(void **state)
{
	(void)state;
	struct ms_ctx c;
	assert_int_equal(check_body(&c, "{}", person_spec), MS_ERR_INVALID);
	assert_field_error(&c, MS_ERR_INVALID, "missing_field", "name");
	ctx_fini(&c);

	assert_int_equal(check_body(&c, "{\"age\":30}", person_spec), MS_ERR_INVALID);
	assert_field_error(&c, MS_ERR_INVALID, "missing_field", "name");
	ctx_fini(&c);

	/* null is not a string: a required string given as null is a type error. */
	assert_int_equal(check_body(&c, "{\"name\":null}", person_spec), MS_ERR_INVALID);
	assert_field_error(&c, MS_ERR_INVALID, "invalid_field", "name");
	ctx_fini(&c);

	/* The second of two required fields. */
	static const struct ms_field two[] = {
		{"a", MS_F_INT, true, 0, 0},
		{"b", MS_F_BOOL, true, 0, 0},
		{NULL, MS_F_STR, false, 0, 0},
	};
	assert_int_equal(check_body(&c, "{\"a\":1}", two), MS_ERR_INVALID);
	assert_field_error(&c, MS_ERR_INVALID, "missing_field", "b");
	ctx_fini(&c);
}

static void test_fields_string_length_in_characters(void **state)
{
	(void)state;
	struct ms_ctx c;
	/* 3 characters, 9 bytes: within max 3. */
	assert_int_equal(check_body(&c, "{\"name\":\"中华人\"}", person_spec), 0);
	assert_int_equal(strlen(ms_api_str(&c, "name")), 9);
	ctx_fini(&c);
	/* Also through a \u escape. */
	assert_int_equal(check_body(&c, "{\"name\":\"\\u4e2d\\u534e\\u4eba\"}", person_spec), 0);
	ctx_fini(&c);
	/* A 4-byte emoji is one character. */
	assert_int_equal(check_body(&c, "{\"name\":\"😀😀😀\"}", person_spec), 0);
	ctx_fini(&c);

	/* 4 characters. */
	assert_int_equal(check_body(&c, "{\"name\":\"中华人民\"}", person_spec), MS_ERR_UNPROCESSABLE);
	assert_field_error(&c, MS_ERR_UNPROCESSABLE, "invalid_value", "name");
	ctx_fini(&c);
	assert_int_equal(check_body(&c, "{\"name\":\"abcd\"}", person_spec), MS_ERR_UNPROCESSABLE);
	assert_field_error(&c, MS_ERR_UNPROCESSABLE, "invalid_value", "name");
	ctx_fini(&c);

	/* Under the minimum of 1. */
	assert_int_equal(check_body(&c, "{\"name\":\"\"}", person_spec), MS_ERR_UNPROCESSABLE);
	assert_field_error(&c, MS_ERR_UNPROCESSABLE, "invalid_value", "name");
	ctx_fini(&c);

	/* max 0 means no maximum. */
	char big[2100] = "{\"note\":\"";
	size_t n = strlen(big);
	for (int i = 0; i < 2000; i++)
		big[n++] = 'x';
	memcpy(big + n, "\",\"name\":\"a\"}", sizeof "\",\"name\":\"a\"}");
	assert_int_equal(check_body(&c, big, person_spec), 0);
	ctx_fini(&c);
}

static void test_fields_string_nul(void **state)
{
	(void)state;
	struct ms_ctx c;
	assert_int_equal(check_body(&c, "{\"name\":\"a\\u0000b\"}", person_spec), MS_ERR_UNPROCESSABLE);
	assert_field_error(&c, MS_ERR_UNPROCESSABLE, "invalid_value", "name");
	ctx_fini(&c);

	/* In a field without a length limit too. */
	assert_int_equal(check_body(&c, "{\"name\":\"a\",\"note\":\"\\u0000\"}", person_spec),
			 MS_ERR_UNPROCESSABLE);
	assert_field_error(&c, MS_ERR_UNPROCESSABLE, "invalid_value", "note");
	ctx_fini(&c);

	/* And a string value built directly, as a handler might. */
	memset(&c, 0, sizeof c);
	c.body = json_pack("{s:s, s:o}", "name", "ok", "note", json_stringn("x\0y", 3));
	assert_non_null(c.body);
	assert_int_equal(ms_api_fields(&c, person_spec), MS_ERR_UNPROCESSABLE);
	assert_field_error(&c, MS_ERR_UNPROCESSABLE, "invalid_value", "note");
	ctx_fini(&c);
}

static void test_fields_integer_range(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		int rc;
	} cases[] = {
		{"{\"name\":\"a\",\"age\":17}", MS_ERR_UNPROCESSABLE},
		{"{\"name\":\"a\",\"age\":18}", 0},
		{"{\"name\":\"a\",\"age\":120}", 0},
		{"{\"name\":\"a\",\"age\":121}", MS_ERR_UNPROCESSABLE},
		{"{\"name\":\"a\",\"age\":-1}", MS_ERR_UNPROCESSABLE},
		{"{\"name\":\"a\",\"age\":9223372036854775807}", MS_ERR_UNPROCESSABLE},
		/* min 0, max 0 (no maximum): negative values are out of range. */
		{"{\"name\":\"a\",\"unit_id\":9223372036854775807}", 0},
		{"{\"name\":\"a\",\"unit_id\":-1}", MS_ERR_UNPROCESSABLE},
	};
	for (size_t i = 0; i < N_OF(cases); i++) {
		struct ms_ctx c;
		int rc = check_body(&c, cases[i].json, person_spec);
		if (rc != cases[i].rc)
			fail_msg("%s: got %d, want %d", cases[i].json, rc, cases[i].rc);
		if (rc)
			assert_string_equal(c.err.code, "invalid_value");
		ctx_fini(&c);
	}

	static const struct ms_field signed_spec[] = {
		{"delta", MS_F_INT, true, -5, 5},
		{NULL, MS_F_STR, false, 0, 0},
	};
	struct ms_ctx c;
	assert_int_equal(check_body(&c, "{\"delta\":-5}", signed_spec), 0);
	assert_int_equal(ms_api_int(&c, "delta", 0), -5);
	ctx_fini(&c);
	assert_int_equal(check_body(&c, "{\"delta\":-6}", signed_spec), MS_ERR_UNPROCESSABLE);
	assert_field_error(&c, MS_ERR_UNPROCESSABLE, "invalid_value", "delta");
	ctx_fini(&c);
}

static void test_fields_array_length(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		int rc;
		const char *field;
	} cases[] = {
		{"{\"name\":\"a\",\"ids\":[]}", MS_ERR_UNPROCESSABLE, "ids"},
		{"{\"name\":\"a\",\"ids\":[1]}", 0, NULL},
		{"{\"name\":\"a\",\"ids\":[1,2,3]}", 0, NULL},
		{"{\"name\":\"a\",\"ids\":[1,2,3,4]}", MS_ERR_UNPROCESSABLE, "ids"},
		{"{\"name\":\"a\",\"items\":[1,2,3]}", MS_ERR_UNPROCESSABLE, "items"},
		{"{\"name\":\"a\",\"more\":[1,2,3,4,5,6,7,8,9,10,11,12]}", 0, NULL},
	};
	for (size_t i = 0; i < N_OF(cases); i++) {
		struct ms_ctx c;
		int rc = check_body(&c, cases[i].json, person_spec);
		if (rc != cases[i].rc)
			fail_msg("%s: got %d, want %d", cases[i].json, rc, cases[i].rc);
		if (rc)
			assert_field_error(&c, MS_ERR_UNPROCESSABLE, "invalid_value", cases[i].field);
		ctx_fini(&c);
	}
}

static void test_fields_getters(void **state)
{
	(void)state;
	struct ms_ctx c;
	assert_int_equal(check_body(&c, "{\"name\":\"李娜\",\"note\":null,\"age\":40,\"unit_id\":null,"
				    "\"active\":false}", person_spec), 0);
	assert_string_equal(ms_api_str(&c, "name"), "李娜");
	assert_null(ms_api_str(&c, "note"));     /* null */
	assert_null(ms_api_str(&c, "items"));    /* absent */
	assert_null(ms_api_str(&c, "age"));      /* not a string */

	assert_int_equal(ms_api_int(&c, "age", -1), 40);
	assert_int_equal(ms_api_int(&c, "unit_id", -7), -7); /* null → def */
	assert_int_equal(ms_api_int(&c, "ids", 99), 99);     /* absent → def */
	assert_int_equal(ms_api_int(&c, "name", 5), 5);      /* not an integer → def */

	assert_false(ms_api_bool(&c, "active", true));
	assert_true(ms_api_bool(&c, "missing", true));
	assert_false(ms_api_bool(&c, "missing", false));
	assert_true(ms_api_bool(&c, "age", true));           /* not a bool → def */

	assert_true(ms_api_has(&c, "name"));
	assert_true(ms_api_has(&c, "active"));               /* false is present */
	assert_false(ms_api_has(&c, "note"));                /* null */
	assert_false(ms_api_has(&c, "ids"));                 /* absent */
	ctx_fini(&c);

	assert_int_equal(check_body(&c, "{\"name\":\"x\",\"active\":true,\"age\":18}", person_spec), 0);
	assert_true(ms_api_bool(&c, "active", false));
	assert_int_equal(ms_api_int(&c, "age", 0), 18);
	ctx_fini(&c);
}

/* ---- ms_csv_parse ------------------------------------------------------- */

static void test_csv_header_and_rows(void **state)
{
	(void)state;
	struct ms_csv c;
	csv_ok(LIT("姓名,代表团,性别\n张伟,北京市,男\n王芳,上海市,女\n"), &c);
	assert_int_equal(c.n_rows, 3);
	ROW(&c, 0, 1, "姓名", "代表团", "性别");
	ROW(&c, 1, 2, "张伟", "北京市", "男");
	ROW(&c, 2, 3, "王芳", "上海市", "女");
	ms_csv_free(&c);
	assert_int_equal(c.n_rows, 0);
	assert_null(c.rows);
	ms_csv_free(&c); /* twice is harmless */

	/* No newline after the last record; ragged rows; empty trailing field. */
	csv_ok(LIT("a,b,c\n1,2\nx,,"), &c);
	assert_int_equal(c.n_rows, 3);
	ROW(&c, 1, 2, "1", "2");
	ROW(&c, 2, 3, "x", "", "");
	ms_csv_free(&c);
}

static void test_csv_quoted(void **state)
{
	(void)state;
	struct ms_csv c;
	csv_ok(LIT("name,unit,note\n"
		   "\"欧阳, 娜娜\",湖北省,\"她说\"\"你好\"\"\"\n"
		   "\"多行\n备注\",湖南省,\"\"\n"
		   "\"a\r\nb\",x,y\n"
		   "last,row,here\n"), &c);
	assert_int_equal(c.n_rows, 5);
	ROW(&c, 0, 1, "name", "unit", "note");
	ROW(&c, 1, 2, "欧阳, 娜娜", "湖北省", "她说\"你好\"");
	/* A quoted newline stays in the field and does not start a record. */
	ROW(&c, 2, 3, "多行\n备注", "湖南省", "");
	ROW(&c, 3, 4, "a\r\nb", "x", "y");
	/* Physical line 7, record 5: row_no counts records, not lines. */
	ROW(&c, 4, 5, "last", "row", "here");
	ms_csv_free(&c);
}

static void test_csv_bom_crlf_trim(void **state)
{
	(void)state;
	struct ms_csv c;
	csv_ok(LIT("\xEF\xBB\xBF姓名,代表团\r\n  刘洋  ,\t天津市\t\r\n\" 陈静 \",重庆市\r\n"
		   "\"\t孙丽\t\",\" \t山西省\t \"\r\n"), &c);
	assert_int_equal(c.n_rows, 4);
	ROW(&c, 0, 1, "姓名", "代表团"); /* the BOM is gone */
	ROW(&c, 1, 2, "刘洋", "天津市");
	ROW(&c, 2, 3, "陈静", "重庆市"); /* quoted spaces are trimmed too */
	ROW(&c, 3, 4, "孙丽", "山西省"); /* and quoted tabs */
	for (size_t i = 0; i < c.n_rows; i++)
		for (size_t j = 0; j < c.rows[i].n; j++)
			assert_null(strpbrk(c.rows[i].fields[j], "\r\n"));
	ms_csv_free(&c);

	/* Bare CR ends records as well. */
	csv_ok(LIT("a,b\r1,2\r"), &c);
	assert_int_equal(c.n_rows, 2);
	ROW(&c, 1, 2, "1", "2");
	ms_csv_free(&c);

	/* Only the leading BOM is stripped: one at the start of a later field stays. */
	csv_ok(LIT("a\n\xEF\xBB\xBF" "b\n"), &c);
	assert_int_equal(c.n_rows, 2);
	ROW(&c, 1, 2, "\xEF\xBB\xBF" "b");
	ms_csv_free(&c);
}

static void test_csv_blank_rows(void **state)
{
	(void)state;
	struct ms_csv c;
	/* An empty line is not a record; a line of empty or blank fields is a
	 * record but is not returned. */
	csv_ok(LIT("a,b\n\n1,2\n,\n  ,\t\n\r\n3,4\n\n"), &c);
	assert_int_equal(c.n_rows, 3);
	ROW(&c, 0, 1, "a", "b");
	ROW(&c, 1, 2, "1", "2");
	ROW(&c, 2, 5, "3", "4");
	ms_csv_free(&c);

	csv_ok(LIT("\"\",\"\"\nx\n"), &c);
	assert_int_equal(c.n_rows, 1);
	ROW(&c, 0, 2, "x");
	ms_csv_free(&c);
}

static void test_csv_empty(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len;
	} cases[] = {
		{"", 0}, {LIT("\xEF\xBB\xBF")}, {LIT("\n\n\r\n")}, {LIT(",,,\n  \n")},
	};
	for (size_t i = 0; i < N_OF(cases); i++) {
		struct ms_csv c;
		csv_ok(cases[i].text, cases[i].len, &c);
		assert_int_equal(c.n_rows, 0);
		ms_csv_free(&c);
	}
}

static void test_csv_broken_quoting(void **state)
{
	(void)state;
	/* Unterminated quote, opened on record 3. */
	csv_bad(LIT("a,b\n1,2\n\"3,4\n5,6\n"), "row 3");
	/* A quote inside an unquoted field. */
	csv_bad(LIT("a,b\n1,2\nx\"y,4\n5,6\n"), "row 3");
	/* Text after a closing quote. */
	csv_bad(LIT("a,b\n\"x\"y,4\n5,6\n"), "row 2");
	csv_bad(LIT("\""), "row 1");
}

static void test_csv_invalid_utf8(void **state)
{
	(void)state;
	csv_bad(LIT("a,b\n\xFF,2\n"), "UTF-8");
	csv_bad(LIT("a,b\n\xC0\xAF,2\n"), "UTF-8");          /* overlong '/' */
	csv_bad(LIT("a,b\n1,\xED\xA0\x80\n"), "UTF-8");      /* surrogate */
	csv_bad(LIT("a,b\n1,\xE5\xBC\n"), "UTF-8");          /* truncated */
	csv_bad(LIT("a,b\n\"\xE5\xBC\",1\n"), "UTF-8");      /* truncated, quoted */
	csv_bad(LIT("a,x\0y\n"), "NUL");                    /* NUL byte */
}

/* Errors found while collecting (not by libcsv) must name the row where
 * they occur, like quoting errors do. */
static void test_csv_error_names_row(void **state)
{
	(void)state;
	csv_bad(LIT("a\n\xFF\nb\nc\n"), "CSV row 2:");
	csv_bad(LIT("\xFF\n"), "CSV row 1:");
}

static void test_csv_limits(void **state)
{
	(void)state;
	struct ms_csv c;
	size_t cap = 2 * MS_CSV_MAX_ROWS + 2 * MS_CSV_MAX_FIELD + 16;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t n;

	/* MS_CSV_MAX_FIELDS fields pass, one more fails. */
	n = 0;
	for (int i = 0; i < MS_CSV_MAX_FIELDS; i++)
		buf[n++] = 'f', buf[n++] = ',';
	buf[n - 1] = '\n';
	csv_ok(buf, n, &c);
	assert_int_equal(c.n_rows, 1);
	assert_int_equal(c.rows[0].n, MS_CSV_MAX_FIELDS);
	ms_csv_free(&c);
	n = 0;
	for (int i = 0; i < MS_CSV_MAX_FIELDS + 1; i++)
		buf[n++] = 'f', buf[n++] = ',';
	buf[n - 1] = '\n';
	csv_bad(buf, n, "too many fields");

	/* A field of MS_CSV_MAX_FIELD bytes passes, one byte more fails. */
	memset(buf, 'x', MS_CSV_MAX_FIELD);
	buf[MS_CSV_MAX_FIELD] = '\n';
	csv_ok(buf, MS_CSV_MAX_FIELD + 1, &c);
	assert_int_equal(c.n_rows, 1);
	assert_int_equal(strlen(c.rows[0].fields[0]), MS_CSV_MAX_FIELD);
	ms_csv_free(&c);
	memset(buf, 'x', MS_CSV_MAX_FIELD + 1);
	buf[MS_CSV_MAX_FIELD + 1] = '\n';
	csv_bad(buf, MS_CSV_MAX_FIELD + 2, "field too long");
	/* Quoted, and in multi-byte characters: the limit is in bytes. */
	n = 0;
	buf[n++] = '"';
	for (int i = 0; i < MS_CSV_MAX_FIELD / 3 + 1; i++)
		memcpy(buf + n, "中", 3), n += 3;
	buf[n++] = '"';
	csv_bad(buf, n, "field too long");

	/* MS_CSV_MAX_ROWS non-blank rows pass, one more fails. */
	n = 0;
	for (int i = 0; i < MS_CSV_MAX_ROWS; i++)
		buf[n++] = 'a', buf[n++] = '\n';
	csv_ok(buf, n, &c);
	assert_int_equal(c.n_rows, MS_CSV_MAX_ROWS);
	assert_int_equal(c.row_no[MS_CSV_MAX_ROWS - 1], MS_CSV_MAX_ROWS);
	ms_csv_free(&c);
	buf[n++] = 'a', buf[n++] = '\n';
	csv_bad(buf, n, "too many rows");
	free(buf);
}

/* ---- ms_api_status / ms_api_error_json ---------------------------------- */

static void test_status_table(void **state)
{
	(void)state;
	static const struct {
		enum ms_err err;
		unsigned status;
	} want[] = {
		{MS_ERR_INVALID, 400},   {MS_ERR_UNAUTHENTICATED, 401}, {MS_ERR_FORBIDDEN, 403},
		{MS_ERR_NOT_FOUND, 404}, {MS_ERR_METHOD, 405},          {MS_ERR_CONFLICT, 409},
		{MS_ERR_TOO_LARGE, 413}, {MS_ERR_UNPROCESSABLE, 422},   {MS_ERR_BUSY, 503},
		{MS_ERR_NOMEM, 500},     {MS_ERR_STORE, 500},           {MS_ERR_IO, 500},
		{MS_ERR_INTERNAL, 500},
	};
	/* Every error of the enum (MS_ERR_INVALID .. MS_ERR_INTERNAL) is listed. */
	assert_int_equal(N_OF(want), -(int)MS_ERR_INTERNAL);
	for (size_t i = 0; i < N_OF(want); i++) {
		if (ms_api_status(want[i].err) != want[i].status)
			fail_msg("%s: status %u, want %u", ms_err_code(want[i].err), ms_api_status(want[i].err),
				 want[i].status);
		/* Each has its own default code. */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(ms_err_code(want[i].err), ms_err_code(want[j].err));
	}
	/* Values outside the enum are server errors. */
	assert_int_equal(ms_api_status((enum ms_err)-99), 500);
	assert_int_equal(ms_api_status((enum ms_err)1), 500);
}

/* The "error" object of the body, checked to have exactly the expected keys. */
static json_t *error_object(json_t *body, size_t nkeys)
{
	assert_non_null(body);
	assert_true(json_is_object(body));
	assert_int_equal(json_object_size(body), 1);
	json_t *err = json_object_get(body, "error");
	assert_true(json_is_object(err));
	assert_int_equal(json_object_size(err), nkeys);
	assert_true(json_is_string(json_object_get(err, "code")));
	assert_true(json_is_string(json_object_get(err, "message")));
	return err;
}

static void test_error_json_shape(void **state)
{
	(void)state;
	struct ms_error e;

	/* code + message + field. */
	ms_error_set(&e, MS_ERR_CONFLICT, "already_voted", "poll_id", "you have voted in poll %d", 7);
	json_t *body = ms_api_error_json(&e, NULL);
	json_t *err = error_object(body, 3);
	assert_string_equal(json_string_value(json_object_get(err, "code")), "already_voted");
	assert_string_equal(json_string_value(json_object_get(err, "message")), "you have voted in poll 7");
	assert_string_equal(json_string_value(json_object_get(err, "field")), "poll_id");
	json_decref(body);

	/* No field: no "field" key; no code: the default code of the error. */
	ms_error_set(&e, MS_ERR_NOT_FOUND, NULL, NULL, "no such poll");
	body = ms_api_error_json(&e, NULL);
	err = error_object(body, 2);
	assert_string_equal(json_string_value(json_object_get(err, "code")), "not_found");
	assert_string_equal(json_string_value(json_object_get(err, "message")), "no such poll");
	assert_null(json_object_get(err, "field"));
	json_decref(body);

	/* Empty message: the code stands in. */
	ms_error_set(&e, MS_ERR_FORBIDDEN, "bad_csrf", NULL, "%s", "");
	body = ms_api_error_json(&e, NULL);
	err = error_object(body, 2);
	assert_string_equal(json_string_value(json_object_get(err, "message")), "bad_csrf");
	json_decref(body);

	/* details is stolen and added as is. */
	json_t *details = json_pack("[{s:i, s:s}]", "row", 3, "reason", "重复的身份证号");
	assert_non_null(details);
	ms_error_set(&e, MS_ERR_UNPROCESSABLE, "invalid_csv", "csv", "CSV row 3: duplicate");
	body = ms_api_error_json(&e, details);
	err = error_object(body, 4);
	json_t *d = json_object_get(err, "details");
	assert_true(json_is_array(d));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(d, 0), "row")), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "reason")),
			    "重复的身份证号");
	json_decref(body);

	/* 503 is not an internal error: its message is kept. */
	ms_error_set(&e, MS_ERR_BUSY, NULL, NULL, "too many password checks; retry");
	body = ms_api_error_json(&e, NULL);
	err = error_object(body, 2);
	assert_string_equal(json_string_value(json_object_get(err, "code")), "busy");
	assert_string_equal(json_string_value(json_object_get(err, "message")), "too many password checks; retry");
	json_decref(body);
}

static void test_error_json_internal_hidden(void **state)
{
	(void)state;
	static const enum ms_err internal[] = {MS_ERR_NOMEM, MS_ERR_STORE, MS_ERR_IO, MS_ERR_INTERNAL};
	for (size_t i = 0; i < N_OF(internal); i++) {
		struct ms_error e;
		ms_error_set(&e, internal[i], NULL, NULL, "SECRET /var/lib/minsheng/db.sqlite: disk I/O error");
		json_t *body = ms_api_error_json(&e, NULL);
		json_t *err = error_object(body, 2);
		assert_string_equal(json_string_value(json_object_get(err, "code")), ms_err_code(internal[i]));
		char *text = json_dumps(body, 0);
		assert_non_null(text);
		if (strstr(text, "SECRET") || strstr(text, "sqlite"))
			fail_msg("internal message leaked: %s", text);
		free(text);
		json_decref(body);
	}
	/* Also with a custom code and details attached. */
	struct ms_error e;
	ms_error_set(&e, MS_ERR_STORE, "store_error", NULL, "SECRET constraint failed: users.login");
	json_t *body = ms_api_error_json(&e, json_pack("{s:s}", "sql", "x"));
	char *text = json_dumps(body, 0);
	assert_non_null(text);
	assert_null(strstr(text, "SECRET"));
	free(text);
	json_decref(body);
}

/* ---- auth --------------------------------------------------------------- */

static void test_auth_cost_parse(void **state)
{
	(void)state;
	assert_int_equal(ms_pwhash_cost_parse("min"), MS_PWHASH_MIN);
	assert_int_equal(ms_pwhash_cost_parse("interactive"), MS_PWHASH_INTERACTIVE);
	assert_int_equal(ms_pwhash_cost_parse("moderate"), MS_PWHASH_MODERATE);
	static const char *const bad[] = {"", "MIN", "Interactive", "sensitive", "min ", "0", "mod"};
	for (size_t i = 0; i < N_OF(bad); i++)
		if (ms_pwhash_cost_parse(bad[i]) != -1)
			fail_msg("\"%s\" parsed as a cost", bad[i]);
	assert_int_equal(ms_pwhash_cost_parse(NULL), -1);
}

static void test_auth_password(void **state)
{
	(void)state;
	char h1[128], h2[128];
	struct ms_error e;
	ms_error_clear(&e);
	assert_int_equal(ms_password_hash("正确的马电池钉", MS_PWHASH_MIN, h1, sizeof h1, &e), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_true(strlen(h1) < sizeof h1);
	/* Salted: the same password hashes differently. */
	assert_int_equal(ms_password_hash("正确的马电池钉", MS_PWHASH_MIN, h2, sizeof h2, &e), 0);
	assert_string_not_equal(h1, h2);

	bool rehash = true;
	assert_true(ms_password_verify("正确的马电池钉", h1, MS_PWHASH_MIN, &rehash));
	assert_false(rehash);
	assert_true(ms_password_verify("正确的马电池钉", h2, MS_PWHASH_MIN, NULL));
	rehash = false;
	assert_true(ms_password_verify("正确的马电池钉", h1, MS_PWHASH_INTERACTIVE, &rehash));
	assert_true(rehash);

	rehash = true;
	assert_false(ms_password_verify("正确的马电池", h1, MS_PWHASH_MIN, &rehash));
	assert_false(rehash); /* never ask to rehash on a failed login */
	rehash = true;
	assert_false(ms_password_verify("wrong", h1, MS_PWHASH_INTERACTIVE, &rehash));
	assert_false(rehash); /* not even when the cost differs */
	assert_false(ms_password_verify("", h1, MS_PWHASH_MIN, NULL));
	assert_false(ms_password_verify("正确的马电池钉", "not a hash", MS_PWHASH_MIN, NULL));
	assert_false(ms_password_verify("正确的马电池钉", "", MS_PWHASH_MIN, NULL));

	/* A buffer too small is refused, not overrun. */
	char small[64];
	assert_int_equal(ms_password_hash("x", MS_PWHASH_MIN, small, sizeof small, &e), MS_ERR_INTERNAL);
	assert_int_equal(e.err, MS_ERR_INTERNAL);
}

static void test_auth_session_hash(void **state)
{
	(void)state;
	const char *tok = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	unsigned char a[32], b[32], want[32];
	assert_true(ms_session_hash(tok, a));
	assert_true(ms_session_hash(tok, b));
	assert_memory_equal(a, b, 32);
	/* It is BLAKE2b-256 of the token text (what the store already keeps). */
	crypto_generichash(want, 32, (const unsigned char *)tok, 64, NULL, 0);
	assert_memory_equal(a, want, 32);

	const char *other = "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	assert_true(ms_session_hash(other, b));
	assert_memory_not_equal(a, b, 32);

	static const char *const bad[] = {
		"",
		"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", /* uppercase */
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",  /* 63 */
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", /* 65 */
		"0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef", /* g */
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde ", /* space */
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd;-", /* punctuation */
		"deadbeef",
	};
	for (size_t i = 0; i < N_OF(bad); i++) {
		memset(b, 0x5a, sizeof b);
		if (ms_session_hash(bad[i], b))
			fail_msg("accepted token \"%s\"", bad[i]);
	}
	assert_false(ms_session_hash(NULL, b));
}

static void test_auth_session_token(void **state)
{
	(void)state;
	char t1[65], t2[65];
	memset(t1, 'Z', sizeof t1);
	memset(t2, 'Z', sizeof t2);
	ms_session_token(t1);
	ms_session_token(t2);
	assert_true(is_lower_hex(t1, 64));
	assert_true(is_lower_hex(t2, 64));
	assert_string_not_equal(t1, t2);
	unsigned char h1[32], h2[32];
	assert_true(ms_session_hash(t1, h1));
	assert_true(ms_session_hash(t2, h2));
	assert_memory_not_equal(h1, h2, 32);
}

static void test_auth_receipt(void **state)
{
	(void)state;
	unsigned char key[32], key2[32];
	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)i, key2[i] = (unsigned char)i;
	key2[31] ^= 1;

	char r[33], again[33], x[33];
	ms_receipt(key, 12, 345, r);
	assert_true(is_lower_hex(r, 32));
	ms_receipt(key, 12, 345, again);
	assert_string_equal(r, again);

	ms_receipt(key2, 12, 345, x);
	assert_string_not_equal(r, x); /* key */
	ms_receipt(key, 13, 345, x);
	assert_string_not_equal(r, x); /* poll */
	ms_receipt(key, 12, 346, x);
	assert_string_not_equal(r, x); /* user */
	ms_receipt(key, 345, 12, x);
	assert_string_not_equal(r, x); /* poll and user swapped */
	ms_receipt(key, 12 + ((int64_t)1 << 40), 345, x);
	assert_string_not_equal(r, x); /* high bits count */
}

/* ---- ms_utf8_len -------------------------------------------------------- */

static void test_utf8_len(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
		long want;
	} cases[] = {
		{"", 0, 0},
		{LIT("hello"), 5},
		{LIT("a\0b"), 3},                     /* NUL is a character here */
		{LIT("中华人民共和国"), 7},
		{LIT("\xC2\xA9"), 1},                 /* U+00A9, smallest lead C2 */
		{LIT("\xDF\xBF"), 1},                 /* U+07FF */
		{LIT("\xE0\xA0\x80"), 1},             /* U+0800 */
		{LIT("\xED\x9F\xBF"), 1},             /* U+D7FF, below surrogates */
		{LIT("\xEE\x80\x80"), 1},             /* U+E000, above surrogates */
		{LIT("\xEF\xBF\xBF"), 1},             /* U+FFFF */
		{LIT("\xF0\x9F\x98\x80"), 1},         /* U+1F600 emoji */
		{LIT("\xF0\x90\x80\x80"), 1},         /* U+10000 */
		{LIT("\xF4\x8F\xBF\xBF"), 1},         /* U+10FFFF */
		{LIT("a😀中b"), 4},
		/* invalid */
		{LIT("\x80"), -1},                    /* lone continuation */
		{LIT("a\xBF"), -1},
		{LIT("\xC0\xAF"), -1},                /* overlong '/' */
		{LIT("\xC1\xBF"), -1},                /* overlong */
		{LIT("\xC0\x80"), -1},                /* overlong NUL */
		{LIT("\xE0\x80\xAF"), -1},            /* overlong 3-byte */
		{LIT("\xE0\x9F\xBF"), -1},            /* overlong U+07FF */
		{LIT("\xF0\x80\x80\xAF"), -1},        /* overlong 4-byte */
		{LIT("\xF0\x8F\xBF\xBF"), -1},        /* overlong U+FFFF */
		{LIT("\xED\xA0\x80"), -1},            /* U+D800 */
		{LIT("\xED\xBF\xBF"), -1},            /* U+DFFF */
		{LIT("\xED\xA0\xBD\xED\xB8\x80"), -1},/* CESU-8 surrogate pair */
		{LIT("\xF4\x90\x80\x80"), -1},        /* U+110000 */
		{LIT("\xF5\x80\x80\x80"), -1},
		{LIT("\xF8\x88\x80\x80\x80"), -1},    /* 5-byte form */
		{LIT("\xFE"), -1},
		{LIT("\xFF"), -1},
		{LIT("\xE4\xB8"), -1},                /* truncated 3-byte */
		{LIT("\xF0\x9F\x98"), -1},            /* truncated 4-byte */
		{LIT("\xC2"), -1},                    /* truncated 2-byte */
		{LIT("ab\xE4"), -1},
		{LIT("\xE4\x41\x41"), -1},            /* bad continuation */
		{LIT("\xF0\x9F\x41\x80"), -1},
		{LIT("\xC2\xC2\xA9"), -1},
	};
	for (size_t i = 0; i < N_OF(cases); i++) {
		long got = ms_utf8_len(cases[i].s, cases[i].len);
		if (got != cases[i].want)
			fail_msg("case %zu: got %ld, want %ld", i, got, cases[i].want);
	}
	/* len bounds the scan: a character cut by len is truncated. */
	assert_int_equal(ms_utf8_len("abc", 2), 2);
	assert_int_equal(ms_utf8_len("中文", 3), 1);
	assert_int_equal(ms_utf8_len("中文", 4), -1);
	assert_int_equal(ms_utf8_len("\xF0\x9F\x98\x80", 3), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_valid_body),
		cmocka_unit_test(test_fields_unknown),
		cmocka_unit_test(test_fields_wrong_type),
		cmocka_unit_test(test_fields_missing_required),
		cmocka_unit_test(test_fields_string_length_in_characters),
		cmocka_unit_test(test_fields_string_nul),
		cmocka_unit_test(test_fields_integer_range),
		cmocka_unit_test(test_fields_array_length),
		cmocka_unit_test(test_fields_getters),
		cmocka_unit_test(test_csv_header_and_rows),
		cmocka_unit_test(test_csv_quoted),
		cmocka_unit_test(test_csv_bom_crlf_trim),
		cmocka_unit_test(test_csv_blank_rows),
		cmocka_unit_test(test_csv_empty),
		cmocka_unit_test(test_csv_broken_quoting),
		cmocka_unit_test(test_csv_invalid_utf8),
		cmocka_unit_test(test_csv_error_names_row),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_error_json_shape),
		cmocka_unit_test(test_error_json_internal_hidden),
		cmocka_unit_test(test_auth_cost_parse),
		cmocka_unit_test(test_auth_password),
		cmocka_unit_test(test_auth_session_hash),
		cmocka_unit_test(test_auth_session_token),
		cmocka_unit_test(test_auth_receipt),
		cmocka_unit_test(test_utf8_len),
	};
	return cmocka_run_group_tests_name("validate", tests, group_setup, NULL);
}
