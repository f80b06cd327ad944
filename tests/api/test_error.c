/*
 * test_error.c — api/api.h: the one table from an error's class to its
 * HTTP status (ms_api_status), and the JSON error body
 * {"error":{"code","message","message_zh"[,"field"][,"details"]}}
 * (ms_api_error_json): a catalogue error as raised, details stolen, and
 * the errors described only by their class — failures of class 5xx (the
 * message for the server log never leaks) and errors without text.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "unit.h"

/* ---- statuses ----------------------------------------------------------- */

struct status_case {
	const char *name;
	enum ms_err err;
	unsigned status;
};

static const struct status_case statuses[] = {
	{"invalid", MS_ERR_INVALID, 400},     {"unauthenticated", MS_ERR_UNAUTHENTICATED, 401},
	{"forbidden", MS_ERR_FORBIDDEN, 403}, {"not found", MS_ERR_NOT_FOUND, 404},
	{"method", MS_ERR_METHOD, 405},       {"conflict", MS_ERR_CONFLICT, 409},
	{"too large", MS_ERR_TOO_LARGE, 413}, {"unprocessable", MS_ERR_UNPROCESSABLE, 422},
	{"busy", MS_ERR_BUSY, 503},           {"out of memory", MS_ERR_NOMEM, 500},
	{"store", MS_ERR_STORE, 500},         {"I/O", MS_ERR_IO, 500},
	{"internal", MS_ERR_INTERNAL, 500},   {"below the enum", (enum ms_err)-99, 500},
	{"above the enum", (enum ms_err)1, 500},
};

static void run_status(void **state)
{
	const struct status_case *c = *state;
	assert_int_equal(ms_api_status(c->err), c->status);
}

static void test_every_class_has_a_status(void **state)
{
	(void)state;
	/* Every class of the enum (MS_ERR_INVALID .. MS_ERR_INTERNAL) is listed
	 * above, before the two outside it. */
	for (int k = -1; k >= (int)MS_ERR_INTERNAL; k--) {
		size_t i = 0;
		while (i < N_OF(statuses) - 2 && statuses[i].err != (enum ms_err)k)
			i++;
		if (i == N_OF(statuses) - 2)
			fail_msg("class %d (%s) has no row", k, ms_err_code((enum ms_err)k));
	}
}

/* ---- error bodies ------------------------------------------------------- */

static const struct ms_code hashing_busy = {"hashing_busy", MS_ERR_BUSY, "密码校验过多，请稍后重试",
					    "too many password checks; retry"};
static const struct ms_code secret_failure = {"secret_failure", MS_ERR_STORE, "秘密 {1}", "SECRET {1}"};

#define INTERNAL_EN "internal error; see the server log"
#define INTERNAL_ZH "服务器内部错误，详见服务器日志"
#define SECRET "SECRET /var/lib/minsheng/db.sqlite: disk I/O error"

struct body_case {
	const char *name;
	/* the error: raised from the catalogue code from with the argument
	 * text, or (from NULL) set for the log with err, set_code and text */
	const struct ms_code *from;
	enum ms_err err;
	const char *set_code;
	const char *field, *text;
	bool details;
	/* the body */
	const char *code, *en, *zh;
};

static const struct body_case bodies[] = {
	{"a catalogue error with its field", &MS_E_UNKNOWN_FIELD, 0, NULL, "nmae", "nmae", false, "unknown_field",
	 "unknown field 'nmae'", "不认识的字段「nmae」"},
	{"no field, no field key", &MS_E_CONFLICT, 0, NULL, NULL, NULL, false, "conflict",
	 "not possible in the current state", "当前状态下不能进行此操作"},
	{"details are added", &MS_E_INVALID_CSV, 0, NULL, "csv", "CSV row 3: duplicate", true, "invalid_csv",
	 "CSV row 3: duplicate; nothing was saved", "CSV row 3: duplicate；未保存任何数据"},
	{"503 keeps its message", &hashing_busy, 0, NULL, NULL, NULL, false, "hashing_busy",
	 "too many password checks; retry", "密码校验过多，请稍后重试"},
	{"a 4xx without Chinese: its class", NULL, MS_ERR_CONFLICT, "already_voted", "poll_id", "you voted in poll 7",
	 false, "conflict", "not possible in the current state", "当前状态下不能进行此操作"},
	{"a 503 without Chinese: its class", NULL, MS_ERR_BUSY, NULL, NULL, "too many password checks; retry", false,
	 "busy", "the database is busy, try again", "服务器繁忙，请稍后重试"},
	{"out of memory: its class", NULL, MS_ERR_NOMEM, NULL, NULL, SECRET, false, "out_of_memory", INTERNAL_EN,
	 INTERNAL_ZH},
	{"store: its class", NULL, MS_ERR_STORE, NULL, NULL, SECRET, false, "store_error", INTERNAL_EN, INTERNAL_ZH},
	{"I/O: its class", NULL, MS_ERR_IO, NULL, NULL, SECRET, false, "io_error", INTERNAL_EN, INTERNAL_ZH},
	{"internal: its class", NULL, MS_ERR_INTERNAL, NULL, NULL, SECRET, false, "internal_error", INTERNAL_EN,
	 INTERNAL_ZH},
	{"a 500 with a code and details: neither shown", NULL, MS_ERR_STORE, "store_error", NULL,
	 "SECRET constraint failed: users.login", true, "store_error", INTERNAL_EN, INTERNAL_ZH},
	{"a 500 from the catalogue: its class", &secret_failure, 0, NULL, NULL, SECRET, false, "store_error",
	 INTERNAL_EN, INTERNAL_ZH},
};

static void run_body(void **state)
{
	const struct body_case *c = *state;
	struct ms_error e;
	if (c->from)
		ms_failf(&e, *c->from, c->field, MS_AS(c->text));
	else
		ms_error_set(&e, c->err, c->set_code, c->field, "%s", c->text);
	json_t *details = c->details ? json_pack("[{s:i, s:s}]", "row", 3, "reason", "重复的身份证号") : NULL;
	json_incref(details); /* ours, to see that the body took one */
	json_t *body = ms_api_error_json(&e, details);
	assert_true(json_is_object(body));
	assert_int_equal(json_object_size(body), 1);
	json_t *err = json_object_get(body, "error");
	assert_true(json_is_object(err));
	/* A failure of class 5xx shows neither its field nor its details. */
	bool hidden = ms_api_status(e.err) >= 500 && e.err != MS_ERR_BUSY;
	assert_int_equal(json_object_size(err), 3 + (hidden ? 0 : (c->field != NULL) + c->details));
	assert_string_equal(json_string_value(json_object_get(err, "code")), c->code);
	assert_string_equal(json_string_value(json_object_get(err, "message")), c->en);
	assert_string_equal(json_string_value(json_object_get(err, "message_zh")), c->zh);
	if (c->field && !hidden)
		assert_string_equal(json_string_value(json_object_get(err, "field")), c->field);
	if (c->details && !hidden) {
		json_t *d = json_object_get(err, "details");
		assert_ptr_equal(d, details);
		assert_int_equal(details->refcount, 2);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(d, 0), "row")), 3);
		assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "reason")), "重复的身份证号");
	}
	char *text = json_dumps(body, 0);
	assert_non_null(text);
	if (strstr(text, "SECRET") || strstr(text, "sqlite"))
		fail_msg("the log's message leaked: %s", text);
	free(text);
	json_decref(body);
	if (details) {
		assert_int_equal(details->refcount, 1); /* stolen: the body's reference is gone */
		json_decref(details);
	}
}

static void test_no_code_takes_the_class(void **state)
{
	(void)state;
	struct ms_error e;
	ms_error_clear(&e);
	e.err = MS_ERR_NOT_FOUND;
	snprintf(e.message, sizeof e.message, "no such poll");
	snprintf(e.message_zh, sizeof e.message_zh, "没有这个投票");
	json_t *body = ms_api_error_json(&e, NULL);
	json_t *err = json_object_get(body, "error");
	assert_int_equal(json_object_size(err), 3);
	assert_string_equal(json_string_value(json_object_get(err, "code")), "not_found");
	assert_string_equal(json_string_value(json_object_get(err, "message")), "no such poll");
	assert_string_equal(json_string_value(json_object_get(err, "message_zh")), "没有这个投票");
	json_decref(body);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, statuses, run_status);
	MS_UNIT_TEST(&l, test_every_class_has_a_status);
	MS_UNIT_TABLE(&l, bodies, run_body);
	MS_UNIT_TEST(&l, test_no_code_takes_the_class);
	return ms_unit_run("error", &l, NULL, NULL);
}
