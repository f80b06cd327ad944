/*
 * fields.c — request bodies against field tables (route.h), the body's
 * getters, and the query arguments of lists. The messages name the field
 * and what it must be, in both languages.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../core/utf8.h"
#include "../core/util.h"
#include "api_internal.h"

/* What a kind must be, in both languages ("an integer" / "整数"). */
static struct ms_arg kind_words(const struct ms_field *f)
{
	bool null = f->flags & MS_FIELD_NULLABLE;
	switch (f->kind) {
	case MS_F_STR: return null ? MS_AT("字符串或 null", "a string or null") : MS_AT("字符串", "a string");
	case MS_F_INT: return null ? MS_AT("整数或 null", "an integer or null") : MS_AT("整数", "an integer");
	case MS_F_BOOL: return MS_AT("true 或 false", "true or false");
	case MS_F_ID: return null ? MS_AT("编号（正整数）或 null", "an id (a positive integer) or null")
				  : MS_AT("编号（正整数）", "an id (a positive integer)");
	case MS_F_ENUM: return null ? MS_AT("字符串或 null", "a string or null") : MS_AT("字符串", "a string");
	case MS_F_DATE: return null ? MS_AT("日期或 null", "a date or null") : MS_AT("日期", "a date");
	case MS_F_OBJECT: return null ? MS_AT("对象或 null", "an object or null") : MS_AT("对象", "an object");
	case MS_F_ARRAY:
		switch (f->item) {
		case MS_F_INT:
		case MS_F_ID: return null ? MS_AT("整数数组或 null", "an array of integers or null")
					  : MS_AT("整数数组", "an array of integers");
		case MS_F_STR:
		case MS_F_ENUM:
		case MS_F_DATE: return null ? MS_AT("字符串数组或 null", "an array of strings or null")
					    : MS_AT("字符串数组", "an array of strings");
		case MS_F_OBJECT: return null ? MS_AT("对象数组或 null", "an array of objects or null")
					      : MS_AT("对象数组", "an array of objects");
		default: return null ? MS_AT("数组或 null", "an array or null") : MS_AT("数组", "an array");
		}
	case MS_F_ANY: break;
	}
	return MS_AT("有效的值", "a valid value");
}

const struct ms_field *ms_field_sub(const struct ms_field *f)
{
	return f->sub ? f->sub : f->view ? f->view->fields : NULL;
}

/* A calendar date "YYYY-MM-DD" (years 1900 to 2999). */
static bool is_date(const char *s, size_t n)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int v[3] = {0, 0, 0}, k = 0;
	for (size_t i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			k++;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return false;
		v[k] = v[k] * 10 + (s[i] - '0');
	}
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
	return v[0] >= 1900 && v[0] <= 2999 && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 &&
	       v[2] <= (v[1] == 2 && !leap ? 28 : days[v[1] - 1]);
}

/* The JSON type of v fits the kind (ranges are checked later). */
static bool kind_ok(enum ms_field_kind k, enum ms_field_kind item, json_t *v)
{
	switch (k) {
	case MS_F_STR:
	case MS_F_ENUM:
	case MS_F_DATE: return json_is_string(v);
	case MS_F_INT:
	case MS_F_ID: return json_is_integer(v);
	case MS_F_BOOL: return json_is_boolean(v);
	case MS_F_OBJECT: return json_is_object(v);
	case MS_F_ANY: return true;
	case MS_F_ARRAY: {
		if (!json_is_array(v))
			return false;
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) if (!kind_ok(item, MS_F_ANY, x)) return false;
		return true;
	}
	}
	return false;
}

/* A string's fault: NULL when fine. */
static const struct ms_code *text_fault(json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	/* jansson guarantees UTF-8; a NUL is possible through \u0000. */
	if (memchr(s, 0, n) || !ms_utf8_valid(s, n))
		return &MS_E_INVALID_VALUE;
	return NULL;
}

static int range_fail(struct ms_error *e, const char *path, const char *zh_fmt, const char *en_fmt, int64_t a,
		      int64_t b)
{
	char zh[96], en[96];
	snprintf(zh, sizeof zh, zh_fmt, (long long)a, (long long)b);
	snprintf(en, sizeof en, en_fmt, (long long)a, (long long)b);
	return ms_failf(e, MS_E_INVALID_VALUE, path, MS_AS(path), MS_AT(zh, en));
}

static int text_range_fail(struct ms_error *e, const char *path, int64_t min, int64_t max)
{
	return max ? range_fail(e, path, "%lld 到 %lld 个字符", "%lld to %lld characters long", min, max)
		   : range_fail(e, path, "至少 %lld 个字符", "at least %lld characters long", min, 0);
}

/* A text that must not be empty shows something; no text holds a
 * bidirectional control character (text.h). */
static int text_shape(struct ms_error *e, const char *path, const char *s, size_t n, long min)
{
	if (ms_text_has_bidi_control(s, n))
		return ms_failf(e, MS_E_INVALID_VALUE, path, MS_AS(path),
				MS_AT("不含双向控制字符（如 U+202E）的文字", "text without bidirectional control characters (such as U+202E)"));
	if (min >= 1 && !ms_text_visible(s, n))
		return ms_failf(e, MS_E_INVALID_VALUE, path, MS_AS(path),
				MS_AT("含有可见字符的文字（不能只有空格或零宽字符）",
				      "text with a visible character (not only spaces or zero-width characters)"));
	return 0;
}

static int int_range_fail(struct ms_error *e, const char *path, int64_t min, int64_t max)
{
	return max ? range_fail(e, path, "%lld 到 %lld 之间的整数", "between %lld and %lld", min, max)
		   : range_fail(e, path, "不小于 %lld 的整数", "at least %lld", min, 0);
}

int ms_check_text(struct ms_error *e, const char *field, const char *s, long min, long max)
{
	size_t n = s ? strlen(s) : 0;
	long chars = s ? ms_utf8_len(s, n) : 0;
	if (chars < 0)
		return ms_failf(e, MS_E_INVALID_VALUE, field, MS_AS(field), MS_AT("有效的 UTF-8 文字", "valid UTF-8 text"));
	if (chars < min || (max && chars > max))
		return text_range_fail(e, field, min, max);
	return text_shape(e, field, s ? s : "", n, min);
}

int ms_check_secret(struct ms_error *e, const char *field, const char *s, long min, long max)
{
	size_t n = s ? strlen(s) : 0;
	long chars = s ? ms_utf8_len(s, n) : 0;
	if (chars < 0)
		return ms_failf(e, MS_E_INVALID_VALUE, field, MS_AS(field), MS_AT("有效的 UTF-8 文字", "valid UTF-8 text"));
	return chars < min || (max && chars > max) ? text_range_fail(e, field, min, max) : 0;
}

int ms_check_int(struct ms_error *e, const char *field, int64_t v, int64_t min, int64_t max)
{
	/* As a field table: min = max = 0 takes any integer. */
	if (!min && !max)
		return 0;
	return v < min || (max && v > max) ? int_range_fail(e, field, min, max) : 0;
}

/* The value's range / membership; 0 or a 422. */
static int check_value(const struct ms_field *f, json_t *v, const char *path, struct ms_error *e)
{
	if (json_is_null(v))
		return 0;
	switch (f->kind) {
	case MS_F_STR: {
		if (text_fault(v))
			return ms_failf(e, MS_E_INVALID_VALUE, path, MS_AS(path),
					MS_AT("不含 NUL 字符的文字", "text without NUL characters"));
		long n = ms_utf8_len(json_string_value(v), json_string_length(v));
		if (n < f->min || (f->max && n > f->max))
			return text_range_fail(e, path, f->min, f->max);
		return f->flags & MS_FIELD_VERBATIM ? 0 : text_shape(e, path, json_string_value(v), json_string_length(v), f->min);
	}
	case MS_F_INT:
	case MS_F_ID: {
		json_int_t n = json_integer_value(v);
		int64_t lo = f->kind == MS_F_ID && f->min < 1 ? 1 : f->min;
		bool bounded = f->max || f->min || f->kind == MS_F_ID;
		return bounded && (n < lo || (f->max && n > f->max)) ? int_range_fail(e, path, lo, f->max) : 0;
	}
	case MS_F_ENUM: {
		if (text_fault(v))
			return ms_failf(e, MS_E_INVALID_VALUE, path, MS_AS(path),
					MS_AT("不含 NUL 字符的文字", "text without NUL characters"));
		if (ms_names_find(f->names, json_string_value(v)) >= 0)
			return 0;
		char keys[256], zh[300], en[300];
		ms_names_join(f->names, ", ", keys, sizeof keys);
		snprintf(zh, sizeof zh, "以下之一：%s", keys);
		snprintf(en, sizeof en, "one of %s", keys);
		return ms_failf(e, MS_E_INVALID_VALUE, path, MS_AS(path), MS_AT(zh, en));
	}
	case MS_F_DATE:
		if (is_date(json_string_value(v), json_string_length(v)))
			return 0;
		return ms_failf(e, MS_E_INVALID_VALUE, path, MS_AS(path),
				MS_AT("YYYY-MM-DD 格式的有效日期", "a valid date, YYYY-MM-DD"));
	case MS_F_OBJECT:
		return ms_fields_check(v, ms_field_sub(f), path, e);
	case MS_F_ARRAY: {
		long n = (long)json_array_size(v);
		if (n < f->min || (f->max && n > f->max))
			return f->max ? range_fail(e, path, "%lld 到 %lld 项", "%lld to %lld items long", f->min, f->max)
				      : range_fail(e, path, "至少 %lld 项", "at least %lld items long", f->min, 0);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			char sub[96];
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (f->item == MS_F_ID && json_integer_value(x) < 1)
				return range_fail(e, sub, "正整数", "a positive integer", 0, 0);
			if (f->item == MS_F_DATE && !is_date(json_string_value(x), json_string_length(x)))
				return ms_failf(e, MS_E_INVALID_VALUE, sub, MS_AS(sub),
						MS_AT("YYYY-MM-DD 格式的有效日期", "a valid date, YYYY-MM-DD"));
			if (f->item == MS_F_ENUM && ms_names_find(f->names, json_string_value(x)) < 0) {
				struct ms_field item = {.kind = MS_F_ENUM, .names = f->names};
				return check_value(&item, x, sub, e);
			}
			if (f->item == MS_F_STR && text_fault(x))
				return ms_failf(e, MS_E_INVALID_VALUE, sub, MS_AS(sub),
						MS_AT("不含 NUL 字符的文字", "text without NUL characters"));
			if (f->item == MS_F_OBJECT) {
				int rc = ms_fields_check(x, ms_field_sub(f), sub, e);
				if (rc)
					return rc;
			}
		}
		return 0;
	}
	case MS_F_BOOL:
	case MS_F_ANY: break;
	}
	return 0;
}

int ms_fields_check(json_t *obj, const struct ms_field *spec, const char *path, struct ms_error *e)
{
	static const struct ms_field none[] = {{0}};
	if (!spec)
		spec = none;
	const char *key;
	json_t *v;
	char name[96];
	json_object_foreach(obj, key, v) {
		const struct ms_field *f = spec;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		snprintf(name, sizeof name, "%s%s%s", path ? path : "", path ? "." : "", key);
		if (!f->name)
			return ms_failf(e, MS_E_UNKNOWN_FIELD, name, MS_AS(name));
		bool null_ok = json_is_null(v) && (f->flags & MS_FIELD_NULLABLE);
		if (!null_ok && !kind_ok(f->kind, f->item, v))
			return ms_failf(e, MS_E_INVALID_FIELD, name, MS_AS(name), kind_words(f));
		int rc = check_value(f, v, name, e);
		if (rc)
			return rc;
	}
	for (const struct ms_field *f = spec; f->name; f++)
		if ((f->flags & MS_FIELD_REQUIRED) && !json_object_get(obj, f->name)) {
			snprintf(name, sizeof name, "%s%s%s", path ? path : "", path ? "." : "", f->name);
			return ms_failf(e, MS_E_MISSING_FIELD, name, MS_AS(name));
		}
	return 0;
}

const char *ms_api_str(struct ms_ctx *c, const char *name)
{
	return json_string_value(json_object_get(c->body, name));
}

int64_t ms_api_int(struct ms_ctx *c, const char *name, int64_t def)
{
	json_t *v = json_object_get(c->body, name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

bool ms_api_has(struct ms_ctx *c, const char *name)
{
	json_t *v = json_object_get(c->body, name);
	return v && !json_is_null(v);
}

bool ms_api_present(struct ms_ctx *c, const char *name)
{
	return json_object_get(c->body, name) != NULL;
}

bool ms_api_bool(struct ms_ctx *c, const char *name, bool def)
{
	json_t *v = json_object_get(c->body, name);
	return json_is_boolean(v) ? json_is_true(v) : def;
}

int ms_api_enum(struct ms_ctx *c, const char *name, const struct ms_names *names, int def)
{
	const char *v = ms_api_str(c, name);
	int i = v ? ms_names_find(names, v) : -1;
	return i >= 0 ? i : def;
}

int ms_api_query_id(struct ms_ctx *c, const char *name, int64_t *out)
{
	const char *v = ms_http_query(c->req, name);
	*out = 0;
	if (!v || !*v)
		return 0;
	if (ms_parse_i64(v, out) || *out < 0)
		return ms_failf(&c->err, MS_E_INVALID_QUERY, name, MS_AS(name),
				MS_AT("非负整数", "a non-negative whole number"));
	return 0;
}

/* One query argument v of field f into obj; 0 or 400 invalid_query. */
static int query_arg(struct ms_ctx *c, const struct ms_field *f, const char *v, json_t *obj)
{
	char zh[200], en[200];
	switch (f->kind) {
	case MS_F_INT:
	case MS_F_ID: {
		int64_t i, lo = f->kind == MS_F_ID ? 1 : f->min, hi = f->kind == MS_F_ID ? INT64_MAX : f->max;
		bool ranged = f->kind == MS_F_ID || f->min || f->max;
		if (ms_parse_i64(v, &i) || (ranged && (i < lo || i > hi))) {
			if (f->kind == MS_F_ID)
				return ms_failf(&c->err, MS_E_INVALID_QUERY, f->name, MS_AS(f->name),
						MS_AT("编号（正整数）", "an id (a positive integer)"));
			snprintf(zh, sizeof zh, "%lld 到 %lld 之间的整数", (long long)lo, (long long)hi);
			snprintf(en, sizeof en, "a whole number from %lld to %lld", (long long)lo, (long long)hi);
			return ms_failf(&c->err, MS_E_INVALID_QUERY, f->name, MS_AS(f->name),
					ranged ? MS_AT(zh, en) : MS_AT("整数", "a whole number"));
		}
		return json_object_set_new(obj, f->name, json_integer(i)) ? ms_nomem(&c->err) : 0;
	}
	case MS_F_ENUM:
		if (ms_names_find(f->names, v) < 0) {
			char keys[160];
			ms_names_join(f->names, ", ", keys, sizeof keys);
			snprintf(zh, sizeof zh, "以下之一：%s", keys);
			snprintf(en, sizeof en, "one of %s", keys);
			return ms_failf(&c->err, MS_E_INVALID_QUERY, f->name, MS_AS(f->name), MS_AT(zh, en));
		}
		return json_object_set_new(obj, f->name, json_string(v)) ? ms_nomem(&c->err) : 0;
	case MS_F_STR: {
		long chars = ms_utf8_len(v, strlen(v));
		if (chars < 0 || (f->max && chars > f->max)) {
			snprintf(zh, sizeof zh, "不超过 %lld 个字的文字", (long long)f->max);
			snprintf(en, sizeof en, "text of at most %lld characters", (long long)f->max);
			return ms_failf(&c->err, MS_E_INVALID_QUERY, f->name, MS_AS(f->name),
					f->max ? MS_AT(zh, en) : MS_AT("有效的 UTF-8 文字", "valid UTF-8 text"));
		}
		return json_object_set_new(obj, f->name, json_string(v)) ? ms_nomem(&c->err) : 0;
	}
	default:
		return ms_error_set(&c->err, MS_ERR_INTERNAL, NULL, NULL, "query field %s: unsupported kind", f->name);
	}
}

int ms_api_query_args(struct ms_ctx *c, json_t **out)
{
	json_t *obj = json_object();
	int rc = obj ? 0 : ms_nomem(&c->err);
	for (const struct ms_field *f = c->route->query_fields; !rc && f && f->name; f++) {
		const char *v = ms_http_query(c->req, f->name);
		if (v && *v)
			rc = query_arg(c, f, v, obj);
	}
	if (rc) {
		json_decref(obj);
		obj = NULL;
	}
	*out = obj;
	return rc;
}

int64_t *ms_api_ints(struct ms_ctx *c, const char *name, size_t *n)
{
	json_t *arr = json_object_get(c->body, name);
	*n = json_array_size(arr);
	int64_t *v = malloc((*n ? *n : 1) * sizeof *v);
	for (size_t i = 0; v && i < *n; i++)
		v[i] = json_integer_value(json_array_get(arr, i));
	return v;
}

int ms_api_page(struct ms_ctx *c, struct ms_page *pg)
{
	pg->q = ms_http_query(c->req, "q");
	if (pg->q && (strlen(pg->q) > 200 || !ms_utf8_valid(pg->q, strlen(pg->q))))
		return ms_failf(&c->err, MS_E_INVALID_QUERY, "q", MS_AS("q"),
				MS_AT("不超过 200 字节的文字", "text of at most 200 bytes"));
	int rc;
	if ((rc = ms_api_query_id(c, "page", &pg->page)) || (rc = ms_api_query_id(c, "per_page", &pg->per_page)))
		return rc;
	/* Absent: the first page of 50; present, each is at least 1. */
	const char *given_page = ms_http_query(c->req, "page"), *given_per = ms_http_query(c->req, "per_page");
	if (given_page && pg->page < 1)
		return ms_failf(&c->err, MS_E_INVALID_QUERY, "page", MS_AS("page"),
				MS_AT("1 到 1000000 之间的整数", "between 1 and 1000000"));
	if (given_per && pg->per_page < 1)
		return ms_failf(&c->err, MS_E_INVALID_QUERY, "per_page", MS_AS("per_page"),
				MS_AT("1 到 200 之间的整数", "between 1 and 200"));
	if (pg->page == 0)
		pg->page = 1;
	if (pg->per_page == 0)
		pg->per_page = 50;
	if (pg->per_page > 200)
		return ms_failf(&c->err, MS_E_INVALID_QUERY, "per_page", MS_AS("per_page"),
				MS_AT("1 到 200 之间的整数", "between 1 and 200"));
	if (pg->page > 1000000)
		return ms_failf(&c->err, MS_E_INVALID_QUERY, "page", MS_AS("page"),
				MS_AT("不超过 1000000 的整数", "at most 1000000"));
	return 0;
}
