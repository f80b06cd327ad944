/*
 * test_regressions.c — the bugs found in src/ while the unit tests of the
 * reshaped tree were written, each as the test that failed until it was
 * fixed (the comment of each says where and how it failed): a message cut
 * inside a character, a cut text with a hole, a range "1 to 0", the CLI's
 * integer check stricter than the field table's, a route table listed
 * twice, an error answered with a raw template.
 */
#include <string.h>

#include "api/api.h"
#include "core/names.h"
#include "core/utf8.h"
#include "unit.h"

/* core/err.c, ms_error_set (tests/core/test_err.c): a message cut inside a
 * character keeps the broken character. vsnprintf stops at 319 bytes and
 * the cut is then "clipped" with ms_utf8_clip(message, 319, 319), which
 * returns 319 (max >= n) and so never steps back: 200 × "中" leaves 106
 * characters and the lead byte E4 of the 107th. */
static void test_error_set_cuts_at_a_character(void **state)
{
	(void)state;
	char text[601];
	for (size_t i = 0; i < 200; i++)
		memcpy(text + 3 * i, "中", 3);
	text[600] = 0;
	struct ms_error e;
	ms_error_set(&e, MS_ERR_INTERNAL, NULL, NULL, "%s", text);
	size_t n = strlen(e.message);
	assert_true(ms_utf8_valid(e.message, n));
	assert_int_equal(n, 318);
}

/* core/err.c, ms_code_render (tests/core/test_err.c): once a piece did
 * not fit, later and shorter pieces are still appended, so the text has a
 * hole instead of being cut: "{1}!" with "中文" into 5 bytes gives "中!". */
static void test_render_stops_at_the_cut(void **state)
{
	(void)state;
	char buf[5];
	const struct ms_arg a[] = {MS_AS("中文")};
	ms_code_render("{1}!", a, 1, 1, buf, sizeof buf);
	assert_string_equal(buf, "中");
}

/* core/names.c, ms_names_join_labels (tests/core/test_names.c): the same
 * hole — labels "长江", "x" joined by "/" into 6 bytes give "长/x". */
static void test_join_stops_at_the_cut(void **state)
{
	(void)state;
	static const struct ms_name v[] = {{"a", "长江", "a"}, {"b", "x", "b"}};
	static const struct ms_names t = MS_NAMES("t", v);
	char buf[6];
	ms_names_join_labels(&t, 1, "/", buf, sizeof buf);
	assert_string_equal(buf, "长");
}

/* api/fields.c, check_value (tests/api/test_fields.c): an array with a
 * minimum and no maximum (max 0) reports "1 to 0 items long" (Chinese
 * "1 到 0 项"); texts and integers say "at least …" there. No route has
 * such an array today (deputy_ids and ballots have both bounds). */
static void test_array_minimum_without_maximum(void **state)
{
	(void)state;
	static const struct ms_field spec[] = {{.name = "members", .kind = MS_F_ARRAY, .item = MS_F_ID, .min = 1},
					       {0}};
	json_t *body = ms_unit_json("{'members':[]}");
	struct ms_error e;
	assert_int_equal(ms_fields_check(body, spec, NULL, &e), MS_ERR_UNPROCESSABLE);
	json_decref(body);
	ms_unit_error(&e, MS_ERR_UNPROCESSABLE, "invalid_value", "members");
	if (strstr(e.message, " to 0 ") || strstr(e.message_zh, "到 0"))
		fail_msg("\"%s\" / \"%s\"", e.message, e.message_zh);
}

/* api/fields.c, ms_check_int (tests/api/test_body.c): with min = max = 0 a
 * field table takes any integer (route.h: "min = max = 0: any"), but
 * ms_check_int(e, "v", -1, 0, 0) refuses -1 with "'v' must be at least 0":
 * the CLI would refuse what the API takes. No caller passes 0, 0 today. */
static void test_check_int_any(void **state)
{
	(void)state;
	static const struct ms_field spec[] = {{.name = "v", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED}, {0}};
	json_t *body = ms_unit_json("{'v':-1}");
	struct ms_error table, check;
	int rc = ms_fields_check(body, spec, NULL, &table);
	json_decref(body);
	assert_int_equal(rc, 0);
	assert_int_equal(ms_check_int(&check, "v", -1, 0, 0), rc);
}

/* api/api.c, ms_api_check_routes (tests/app/test_routes.c): a table listed
 * twice in the list is not "declared twice": the duplicate scan skips the
 * routes of any table equal to the current one (*up == t) instead of only
 * the current position (up == tp), so {&t, &t, NULL} passes. */
static int h(struct ms_ctx *c, json_t **out)
{
	(void)c, (void)out;
	return 0;
}

static void test_a_table_listed_twice(void **state)
{
	(void)state;
	static const struct ms_route v[] = {{.method = "GET", .pattern = "/things", .fn = h, .access = MS_ACCESS_ADMIN}};
	static const struct ms_routes t = MS_ROUTES(v);
	const struct ms_routes *const list[] = {&t, &t, NULL};
	struct ms_error e;
	assert_int_equal(ms_api_check_routes(list, &e), MS_ERR_INTERNAL);
	assert_string_equal(e.message, "route GET /things is declared twice");
}

/* api/error.c, ms_api_error_json (tests/api/test_error.c): an error
 * without text is described by its class's default code, whose message is
 * a template; for the classes whose default takes arguments (not_found,
 * forbidden, method_not_allowed, payload_too_large) the client gets the
 * raw template: ms_error_set(e, MS_ERR_NOT_FOUND, NULL, NULL, "no such
 * poll") answers "{1} {2} not found" / "找不到{1} {2}". */
static void test_class_text_without_placeholders(void **state)
{
	(void)state;
	static const enum ms_err classes[] = {MS_ERR_FORBIDDEN, MS_ERR_NOT_FOUND, MS_ERR_METHOD, MS_ERR_TOO_LARGE};
	int bad = 0;
	for (size_t i = 0; i < N_OF(classes); i++) {
		struct ms_error e;
		ms_error_set(&e, classes[i], NULL, NULL, "no such poll");
		json_t *body = ms_api_error_json(&e, NULL);
		const char *en = NULL, *zh = NULL;
		assert_int_equal(json_unpack(body, "{s:{s:s, s:s}}", "error", "message", &en, "message_zh", &zh), 0);
		if (strchr(en, '{') || strchr(zh, '{')) {
			printf("# %s: \"%s\" / \"%s\"\n", ms_err_code(classes[i]), en, zh);
			bad++;
		}
		json_decref(body);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TEST(&l, test_error_set_cuts_at_a_character);
	MS_UNIT_TEST(&l, test_render_stops_at_the_cut);
	MS_UNIT_TEST(&l, test_join_stops_at_the_cut);
	MS_UNIT_TEST(&l, test_array_minimum_without_maximum);
	MS_UNIT_TEST(&l, test_check_int_any);
	MS_UNIT_TEST(&l, test_a_table_listed_twice);
	MS_UNIT_TEST(&l, test_class_text_without_placeholders);
	return ms_unit_run("regressions", &l, NULL, NULL);
}
