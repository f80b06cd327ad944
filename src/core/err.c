/* err.c — filling struct ms_error from the catalogue; see err.h. */
#include "err.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

#define MS_CODES_DEF "core/codes.def"
#define MS_CODES_LIST ms_core_codes
#include "codes_define.h"

/* Where a text is written: buf (cap bytes in all), its length, and whether
 * something did not fit (then nothing more is written). */
struct out {
	char *buf;
	size_t cap, len;
	bool full;
};

/* Append n bytes of s, whole characters only; false once something did not fit. */
static bool put(struct out *o, const char *s, size_t n)
{
	if (o->full)
		return false;
	size_t room = o->cap - 1 - o->len;
	size_t k = n <= room ? n : ms_utf8_clip(s, n, room);
	memcpy(o->buf + o->len, s, k);
	o->len += k;
	o->buf[o->len] = 0;
	o->full = k != n;
	return !o->full;
}

/* The shown part of a user's text: up to MS_ARG_TEXT_MAX bytes of its
 * well-formed UTF-8 prefix (a text that is not UTF-8 stops where it
 * breaks), with "…" when cut. */
static void put_user_text(struct out *o, const char *s, size_t n)
{
	const char *nul = memchr(s, 0, n);
	size_t ok = ms_utf8_valid_prefix(s, nul ? (size_t)(nul - s) : n);
	size_t shown = ms_utf8_clip(s, ok, MS_ARG_TEXT_MAX);
	if (put(o, s, shown) && shown < n && s[shown])
		put(o, "…", strlen("…"));
}

size_t ms_code_render(const char *t, const struct ms_arg *args, size_t n_args, int zh, char *buf, size_t cap)
{
	if (cap == 0)
		return 0;
	struct out o = {.buf = buf, .cap = cap};
	buf[0] = 0;
	while (*t && !o.full) {
		const char *open = strchr(t, '{');
		/* A placeholder is "{" digit "}"; any other brace is text. */
		while (open && !(open[1] >= '1' && open[1] <= '9' && open[2] == '}'))
			open = strchr(open + 1, '{');
		size_t lit = open ? (size_t)(open - t) : strlen(t);
		if (!put(&o, t, lit) || !open)
			break;
		size_t k = (size_t)(open[1] - '1');
		t = open + 3;
		if (k >= n_args) {
			put(&o, "?", 1);
			continue;
		}
		const struct ms_arg *a = &args[k];
		char num[24];
		switch (a->kind) {
		case MS_ARG_INT:
			snprintf(num, sizeof num, "%lld", (long long)a->i);
			put(&o, num, strlen(num));
			break;
		case MS_ARG_STR:
			if (a->s)
				put_user_text(&o, a->s, a->s_len == SIZE_MAX ? strlen(a->s) : a->s_len);
			break;
		case MS_ARG_TEXT: {
			const char *s = zh ? a->zh : a->en;
			if (s)
				put(&o, s, strlen(s));
			break;
		}
		}
	}
	return o.len;
}

int ms_fail_args(struct ms_error *e, const struct ms_code *code, const char *field, const struct ms_arg *args,
		 size_t n_args)
{
	if (e) {
		e->err = code->err;
		e->code = code->code;
		size_t n = field ? ms_utf8_clip(field, strlen(field), sizeof e->field - 1) : 0;
		memcpy(e->field, field ? field : "", n);
		e->field[n] = 0;
		ms_code_render(code->en, args, n_args, 0, e->message, sizeof e->message);
		ms_code_render(code->zh, args, n_args, 1, e->message_zh, sizeof e->message_zh);
	}
	return (int)code->err;
}

int ms_error_set(struct ms_error *e, enum ms_err err, const char *code,
		 const char *field, const char *fmt, ...)
{
	if (e) {
		e->err = err;
		e->code = code;
		size_t n = field ? ms_utf8_clip(field, strlen(field), sizeof e->field - 1) : 0;
		memcpy(e->field, field ? field : "", n);
		e->field[n] = 0;
		va_list ap;
		va_start(ap, fmt);
		int k = vsnprintf(e->message, sizeof e->message, fmt, ap);
		va_end(ap);
		/* A message cut inside a character keeps only whole ones. */
		if (k >= (int)sizeof e->message)
			e->message[ms_utf8_valid_prefix(e->message, sizeof e->message - 1)] = 0;
		e->message_zh[0] = 0;
	}
	return (int)err;
}

int ms_nomem(struct ms_error *e)
{
	return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory");
}

int ms_faults_add(struct ms_faults *f, const struct ms_error *e)
{
	if (f->n++ == 0)
		f->first = *e;
	if (f->add)
		f->add(f, e);
	return (int)e->err;
}

int ms_fault_args(struct ms_faults *f, const struct ms_code *code, const char *field, const struct ms_arg *args,
		  size_t n_args)
{
	struct ms_error e;
	ms_fail_args(&e, code, field, args, n_args);
	return ms_faults_add(f, &e);
}

int ms_faults_result(const struct ms_faults *f, struct ms_error *e)
{
	if (f->n == 0)
		return 0;
	if (e)
		*e = f->first;
	return (int)f->first.err;
}

void ms_error_clear(struct ms_error *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}

const struct ms_code *ms_code_of_err(enum ms_err err)
{
	switch (err) {
	case MS_OK: break;
	case MS_ERR_INVALID: return &MS_E_INVALID_REQUEST;
	case MS_ERR_UNAUTHENTICATED: return &MS_E_UNAUTHENTICATED;
	case MS_ERR_FORBIDDEN: return &MS_E_FORBIDDEN;
	case MS_ERR_NOT_FOUND: return &MS_E_NOT_FOUND;
	case MS_ERR_METHOD: return &MS_E_METHOD_NOT_ALLOWED;
	case MS_ERR_CONFLICT: return &MS_E_CONFLICT;
	case MS_ERR_TOO_LARGE: return &MS_E_PAYLOAD_TOO_LARGE;
	case MS_ERR_UNPROCESSABLE: return &MS_E_UNPROCESSABLE;
	case MS_ERR_BUSY: return &MS_E_BUSY;
	case MS_ERR_NOMEM: return &MS_E_OUT_OF_MEMORY;
	case MS_ERR_STORE: return &MS_E_STORE_ERROR;
	case MS_ERR_IO: return &MS_E_IO_ERROR;
	case MS_ERR_TOO_MANY: return &MS_E_TOO_MANY_REQUESTS;
	case MS_ERR_URI_TOO_LONG: return &MS_E_URI_TOO_LONG;
	case MS_ERR_HEADERS_TOO_LARGE: return &MS_E_HEADERS_TOO_LARGE;
	case MS_ERR_INTERNAL: break;
	}
	return &MS_E_INTERNAL_ERROR;
}

const char *ms_err_code(enum ms_err err)
{
	return err == MS_OK ? "ok" : ms_code_of_err(err)->code;
}
