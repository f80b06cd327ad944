/*
 * test_err.c — core/err.h: rendering catalogue messages (placeholders,
 * user texts cut at MS_ARG_TEXT_MAX bytes, buffers too small), filling a
 * struct ms_error from the catalogue (ms_fail, ms_failf) and for the log
 * (ms_error_set), several faults of one input (struct ms_faults), and the
 * class defaults (ms_code_of_err, ms_err_code).
 */
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "unit.h"

/* ---- ms_code_render ----------------------------------------------------- */

/* Arguments as static data (the MS_A* macros are compound literals). */
#define AI(v) {.kind = MS_ARG_INT, .i = (v)}
#define AS(v) {.kind = MS_ARG_STR, .s = (v), .s_len = SIZE_MAX}
#define ASN(v, n) {.kind = MS_ARG_STR, .s = (v), .s_len = (n)}
#define AT(z_, e_) {.kind = MS_ARG_TEXT, .zh = (z_), .en = (e_)}

#define X10 "xxxxxxxxxx"
#define X120 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define ZH10 "一二三四五六七八九十"
#define ZH40 ZH10 ZH10 ZH10 ZH10 /* 120 bytes */
#define BIG 1024

struct render_case {
	const char *name;
	const char *template;
	int zh;
	size_t cap;
	const char *want;
	size_t n_args;
	struct ms_arg args[3];
};

static const struct render_case renders[] = {
	{"text without placeholders", "请求有误", 1, BIG, "请求有误", 0, {{0}}},
	{"an integer and a text", "{1} 和 {2}", 1, BIG, "7 和 张伟", 2, {AI(7), AS("张伟")}},
	{"arguments in any order", "{2} before {1}", 0, BIG, "b before a", 2, {AS("a"), AS("b")}},
	{"an argument twice", "{1}{1}", 0, BIG, "-3-3", 1, {AI(-3)}},
	{"a missing argument renders ?", "{1} of {3}", 0, BIG, "7 of ?", 2, {AI(7), AI(8)}},
	{"no arguments at all", "only {1} may", 0, BIG, "only ? may", 0, {{0}}},
	{"braces that are not placeholders stay", "{0} {10} {x} {} {{1}} {1", 0, BIG, "{0} {10} {x} {} {5} {1", 1,
	 {AI(5)}},
	{"integer extremes", "{1} {2}", 0, BIG, "-9223372036854775808 9223372036854775807", 2,
	 {AI(INT64_MIN), AI(INT64_MAX)}},
	{"MS_AT in Chinese", "阶段：{1}", 1, BIG, "阶段：征集", 1, {AT("征集", "collect")}},
	{"MS_AT in English", "phase {1}", 0, BIG, "phase collect", 1, {AT("征集", "collect")}},
	{"MS_AT without this language's label", "[{1}]", 1, BIG, "[]", 1, {AT(NULL, "collect")}},
	{"MS_AS of NULL", "[{1}]", 0, BIG, "[]", 1, {AS(NULL)}},
	{"MS_ASN takes so many bytes", "[{1}]", 0, BIG, "[abc]", 1, {ASN("abcdef", 3)}},
	{"MS_ASN stops at a NUL", "[{1}]", 0, BIG, "[ab]", 1, {ASN("ab\0cd", 5)}},
	{"MS_ARG_TEXT_MAX bytes shown whole", "[{1}]", 0, BIG, "[" X120 "]", 1, {AS(X120)}},
	{"one byte more is cut with …", "[{1}]", 0, BIG, "[" X120 "…]", 1, {AS(X120 "y")}},
	{"120 bytes of Chinese shown whole", "「{1}」", 1, BIG, "「" ZH40 "」", 1, {AS(ZH40)}},
	{"Chinese cut at a character boundary", "「{1}」", 1, BIG, "「a" ZH10 ZH10 ZH10 "一二三四五六七八九…」", 1,
	 {AS("a" ZH40)}},
	{"invalid UTF-8 stops where it breaks", "'{1}'", 0, BIG, "'ab…'", 1, {AS("ab\xFF" "cd")}},
	{"a truncated character stops the text", "'{1}'", 0, BIG, "'中…'", 1, {AS("中\xE4\xB8")}},
	{"an overlong form stops the text", "'{1}'", 0, BIG, "'…'", 1, {AS("\xC0\xAF" "etc")}},
	{"buffer too small: ASCII", "hello", 0, 4, "hel", 0, {{0}}},
	{"buffer too small: cut at a character", "中文字", 1, 5, "中", 0, {{0}}},
	{"buffer too small: two characters", "中文字", 1, 7, "中文", 0, {{0}}},
	{"buffer too small: a cut argument", "{1}", 1, 8, "中文", 1, {AS("中文字")}},
	{"buffer of one byte", "中文字", 1, 1, "", 0, {{0}}},
	{"no room left for …", "{1}", 0, 122, X120, 1, {AS(X120 "y")}},
};

static void run_render(void **state)
{
	const struct render_case *r = *state;
	char *buf = malloc(r->cap); /* exactly cap bytes: AddressSanitizer sees any overrun */
	assert_non_null(buf);
	memset(buf, 'Z', r->cap);
	size_t n = ms_code_render(r->template, r->args, r->n_args, r->zh, buf, r->cap);
	assert_string_equal(buf, r->want);
	assert_int_equal(n, strlen(r->want));
	assert_true(ms_utf8_valid(buf, n));
	free(buf);
}

static void test_render_into_nothing(void **state)
{
	(void)state;
	char c = 'Z';
	assert_int_equal(ms_code_render("text", NULL, 0, 0, &c, 0), 0);
	assert_int_equal(c, 'Z');
}

/* ---- ms_fail, ms_failf -------------------------------------------------- */

static const struct ms_code exists = {"test_exists", MS_ERR_CONFLICT, "第 {1} 号{2}已存在", "{2} {1} exists"};

static void test_failf(void **state)
{
	(void)state;
	struct ms_error e;
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(ms_failf(&e, exists, "poll_id", MS_AI(7), MS_AT("投票", "poll")), MS_ERR_CONFLICT);
	ms_unit_error(&e, MS_ERR_CONFLICT, "test_exists", "poll_id");
	assert_string_equal(e.message, "poll 7 exists");
	assert_string_equal(e.message_zh, "第 7 号投票已存在");
	assert_ptr_equal(e.code, exists.code);
}

static void test_fail(void **state)
{
	(void)state;
	struct ms_error e;
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(ms_fail(&e, exists, NULL), MS_ERR_CONFLICT);
	ms_unit_error(&e, MS_ERR_CONFLICT, "test_exists", "");
	assert_string_equal(e.message, "? ? exists");
	assert_string_equal(e.message_zh, "第 ? 号?已存在");
	/* Without an error to fill, the class still comes back. */
	assert_int_equal(ms_fail(NULL, MS_E_INVALID_PATH, "path"), MS_ERR_INVALID);
	assert_int_equal(ms_failf(NULL, MS_E_CSV_SYNTAX, "csv", MS_AI(1), MS_AS("x")), MS_ERR_UNPROCESSABLE);
}

static void test_fail_long_field(void **state)
{
	(void)state;
	struct ms_error e;
	/* 91 bytes: kept to 63 at most, on a character boundary. */
	assert_int_equal(ms_fail(&e, MS_E_CONFLICT, "a" ZH10 ZH10 ZH10), MS_ERR_CONFLICT);
	assert_string_equal(e.field, "a" ZH10 ZH10);
	assert_string_equal(e.message, MS_E_CONFLICT.en);
	assert_string_equal(e.message_zh, MS_E_CONFLICT.zh);
}

/* ---- ms_error_set, ms_error_clear --------------------------------------- */

static void test_error_set(void **state)
{
	(void)state;
	struct ms_error e;
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(ms_error_set(&e, MS_ERR_STORE, "store_error", "login", "disk %s at %d", "full", 3),
			 MS_ERR_STORE);
	assert_int_equal(e.err, MS_ERR_STORE);
	assert_string_equal(e.code, "store_error");
	assert_string_equal(e.field, "login");
	assert_string_equal(e.message, "disk full at 3");
	assert_string_equal(e.message_zh, ""); /* for the log only */

	assert_int_equal(ms_error_set(&e, MS_ERR_IO, NULL, NULL, "x"), MS_ERR_IO);
	assert_null(e.code);
	assert_string_equal(e.field, "");
	assert_int_equal(ms_error_set(NULL, MS_ERR_NOMEM, NULL, NULL, "x"), MS_ERR_NOMEM);

	ms_error_clear(&e);
	assert_int_equal(e.err, MS_OK);
	assert_null(e.code);
	assert_string_equal(e.field, "");
	assert_string_equal(e.message, "");
	assert_string_equal(e.message_zh, "");
	ms_error_clear(NULL);
}

static void test_error_set_cut(void **state)
{
	(void)state;
	/* A message longer than MS_ERR_MESSAGE_MAX is cut and NUL-terminated.
	 * (Cut inside a character it keeps a broken one: tests/bugs.) */
	char text[601];
	memset(text, 'x', 600);
	text[600] = 0;
	struct ms_error e;
	ms_error_set(&e, MS_ERR_INTERNAL, NULL, NULL, "%s", text);
	assert_int_equal(strlen(e.message), MS_ERR_MESSAGE_MAX - 1);
	assert_memory_equal(e.message, text, MS_ERR_MESSAGE_MAX - 1);
}

/* ---- struct ms_faults --------------------------------------------------- */

struct seen {
	const char *code[4];
	char field[4][64];
	size_t n;
};

static void collect(struct ms_faults *f, const struct ms_error *e)
{
	struct seen *s = f->ctx;
	assert_true(s->n < N_OF(s->code));
	s->code[s->n] = e->code;
	snprintf(s->field[s->n], sizeof s->field[s->n], "%s", e->field);
	s->n++;
}

static void test_faults_first_kept(void **state)
{
	(void)state;
	struct ms_faults f = {0};
	struct ms_error e, want;
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(ms_faults_result(&f, &e), 0);
	assert_int_equal(e.err, (enum ms_err)0x5a5a5a5a); /* untouched */

	assert_int_equal(ms_faultf(&f, MS_E_CSV_SYNTAX, "csv", MS_AI(2), MS_AS("x")), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_fault(&f, MS_E_CONFLICT, "state"), MS_ERR_CONFLICT);
	assert_int_equal(f.n, 2);
	assert_int_equal(ms_faults_result(&f, NULL), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_faults_result(&f, &e), MS_ERR_UNPROCESSABLE);
	/* The first, exactly as ms_failf raises it. */
	ms_failf(&want, MS_E_CSV_SYNTAX, "csv", MS_AI(2), MS_AS("x"));
	ms_unit_error(&e, MS_ERR_UNPROCESSABLE, "csv_syntax", "csv");
	assert_string_equal(e.message, want.message);
	assert_string_equal(e.message_zh, want.message_zh);
	assert_string_equal(e.message, "CSV row 2: x");
}

static void test_faults_add_each(void **state)
{
	(void)state;
	struct seen s = {0};
	struct ms_faults f = {.add = collect, .ctx = &s};
	struct ms_error x;
	ms_error_set(&x, MS_ERR_NOMEM, NULL, "memory", "out of memory");
	assert_int_equal(ms_fault(&f, MS_E_INVALID_PATH, "path"), MS_ERR_INVALID);
	assert_int_equal(ms_faults_add(&f, &x), MS_ERR_NOMEM);
	assert_int_equal(ms_faultf(&f, MS_E_DUPLICATE, "login", MS_AS("a")), MS_ERR_CONFLICT);
	assert_int_equal(f.n, 3);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.code[0], "invalid_path");
	assert_null(s.code[1]);
	assert_string_equal(s.code[2], "duplicate");
	assert_string_equal(s.field[0], "path");
	assert_string_equal(s.field[1], "memory");
	assert_string_equal(s.field[2], "login");
	assert_int_equal(ms_faults_result(&f, &x), MS_ERR_INVALID);
	assert_string_equal(x.code, "invalid_path");
}

/* ---- the class defaults ------------------------------------------------- */

struct class_case {
	const char *name;
	enum ms_err err;
	const char *code;
};

static const struct class_case classes[] = {
	{"400 invalid", MS_ERR_INVALID, "invalid_request"},
	{"401 unauthenticated", MS_ERR_UNAUTHENTICATED, "unauthenticated"},
	{"403 forbidden", MS_ERR_FORBIDDEN, "forbidden"},
	{"404 not found", MS_ERR_NOT_FOUND, "not_found"},
	{"405 method", MS_ERR_METHOD, "method_not_allowed"},
	{"409 conflict", MS_ERR_CONFLICT, "conflict"},
	{"413 too large", MS_ERR_TOO_LARGE, "payload_too_large"},
	{"422 unprocessable", MS_ERR_UNPROCESSABLE, "unprocessable"},
	{"503 busy", MS_ERR_BUSY, "busy"},
	{"500 out of memory", MS_ERR_NOMEM, "out_of_memory"},
	{"500 store", MS_ERR_STORE, "store_error"},
	{"500 I/O", MS_ERR_IO, "io_error"},
	{"500 internal", MS_ERR_INTERNAL, "internal_error"},
};

static void run_class(void **state)
{
	const struct class_case *c = *state;
	const struct ms_code *d = ms_code_of_err(c->err);
	assert_non_null(d);
	assert_string_equal(d->code, c->code);
	assert_int_equal(d->err, c->err); /* its own class */
	assert_string_equal(ms_err_code(c->err), c->code);
	assert_true(d->zh[0] && d->en[0]);
}

static void test_class_defaults(void **state)
{
	(void)state;
	/* Every class of the enum is listed once, each with its own code. */
	assert_int_equal(N_OF(classes), -(int)MS_ERR_INTERNAL);
	for (size_t i = 0; i < N_OF(classes); i++)
		for (size_t j = 0; j < i; j++) {
			assert_int_not_equal(classes[i].err, classes[j].err);
			assert_string_not_equal(classes[i].code, classes[j].code);
		}
	assert_string_equal(ms_err_code(MS_OK), "ok");
	/* Values outside the enum are internal errors. */
	assert_string_equal(ms_code_of_err(MS_OK)->code, "internal_error");
	assert_string_equal(ms_err_code((enum ms_err)-99), "internal_error");
	assert_string_equal(ms_err_code((enum ms_err)1), "internal_error");
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, renders, run_render);
	MS_UNIT_TEST(&l, test_render_into_nothing);
	MS_UNIT_TEST(&l, test_failf);
	MS_UNIT_TEST(&l, test_fail);
	MS_UNIT_TEST(&l, test_fail_long_field);
	MS_UNIT_TEST(&l, test_error_set);
	MS_UNIT_TEST(&l, test_error_set_cut);
	MS_UNIT_TEST(&l, test_faults_first_kept);
	MS_UNIT_TEST(&l, test_faults_add_each);
	MS_UNIT_TABLE(&l, classes, run_class);
	MS_UNIT_TEST(&l, test_class_defaults);
	return ms_unit_run("err", &l, NULL, NULL);
}
