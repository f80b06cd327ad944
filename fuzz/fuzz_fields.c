/*
 * fuzz_fields.c — libFuzzer driver for the request-body check (api/fields.c:
 * ms_fields_check): each input is parsed with jansson as the API parses a
 * body (JSON_REJECT_DUPLICATES) and, when it is an object, checked against
 * field tables of every kind. The invariants (a broken one aborts):
 *   - the answer is 0, or MS_ERR_INVALID / MS_ERR_UNPROCESSABLE with one of
 *     the four codes of a body, the field named (but an unknown key that is
 *     the empty string), both messages non-empty and valid UTF-8;
 *   - an accepted body has every required field and no unknown one, and each
 *     string of it has a length in its range.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "api/route.h"
#include "core/utf8.h"

static const struct ms_name colours_v[] = {{"red", "红", "red"}, {"green", "绿", "green"}};
static const struct ms_names colours = MS_NAMES("colour", colours_v);

static const struct ms_field inner[] = {
	{.name = "approve", .kind = MS_F_ARRAY, .item = MS_F_ID, .flags = MS_FIELD_REQUIRED, .max = 8},
	{.name = "oppose", .kind = MS_F_ARRAY, .item = MS_F_INT, .max = 8},
	{0}};

static const struct ms_field table[] = {
	{.name = "title", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 1, .max = 20},
	{.name = "note", .kind = MS_F_STR, .flags = MS_FIELD_NULLABLE, .max = 5},
	{.name = "n", .kind = MS_F_INT, .min = -3, .max = 1000},
	{.name = "flag", .kind = MS_F_BOOL},
	{.name = "id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE},
	{.name = "colour", .kind = MS_F_ENUM, .names = &colours},
	{.name = "day", .kind = MS_F_DATE},
	{.name = "ballot", .kind = MS_F_OBJECT, .sub = inner},
	{.name = "ballots", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = inner, .max = 4},
	{.name = "tags", .kind = MS_F_ARRAY, .item = MS_F_ENUM, .names = &colours, .min = 1, .max = 3},
	{.name = "words", .kind = MS_F_ARRAY, .item = MS_F_STR, .max = 3},
	{.name = "any", .kind = MS_F_ARRAY, .item = MS_F_ANY},
	{0}};

/* The query string is not under test: fields.c's query helpers see none. */
const char *ms_http_query(const struct ms_http_request *r, const char *name)
{
	(void)r, (void)name;
	return NULL;
}

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

static bool text_ok(const char *s)
{
	size_t n = strnlen(s, MS_ERR_MESSAGE_MAX);
	return n > 0 && n < MS_ERR_MESSAGE_MAX && ms_utf8_valid(s, n);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	json_error_t je;
	json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(body)) {
		json_decref(body);
		return 0;
	}
	struct ms_error e;
	memset(&e, 0xA5, sizeof e);
	int rc = ms_fields_check(body, table, NULL, &e);
	if (rc) {
		static const char *const codes[] = {"unknown_field", "invalid_field", "missing_field", "invalid_value"};
		bool known = false;
		for (size_t i = 0; i < 4; i++)
			known |= e.code && strcmp(e.code, codes[i]) == 0;
		check(known && (rc == MS_ERR_INVALID || rc == MS_ERR_UNPROCESSABLE) && e.err == rc);
		/* The field is named (an unknown key may be the empty string). */
		check(memchr(e.field, 0, sizeof e.field) && (e.field[0] || strcmp(e.code, "unknown_field") == 0));
		check(text_ok(e.message) && text_ok(e.message_zh));
	} else {
		check(json_object_get(body, "title") != NULL);
		const char *key;
		json_t *v;
		json_object_foreach(body, key, v) {
			const struct ms_field *f = table;
			while (f->name && strcmp(f->name, key) != 0)
				f++;
			check(f->name != NULL);
			if (json_is_string(v) && f->kind == MS_F_STR) {
				long n = ms_utf8_len(json_string_value(v), json_string_length(v));
				check(n >= f->min && (!f->max || n <= f->max));
			}
		}
	}
	json_decref(body);
	return 0;
}
