/* err.c — filling struct ms_error; see err.h. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ms_error_set(struct ms_error *e, enum ms_err err, const char *code,
		 const char *field, const char *fmt, ...)
{
	if (e) {
		e->err = err;
		e->code = code;
		snprintf(e->field, sizeof e->field, "%s", field ? field : "");
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->message, sizeof e->message, fmt, ap);
		va_end(ap);
	}
	return (int)err;
}

void ms_error_clear(struct ms_error *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}

const char *ms_err_code(enum ms_err err)
{
	switch (err) {
	case MS_OK: return "ok";
	case MS_ERR_INVALID: return "invalid_request";
	case MS_ERR_UNAUTHENTICATED: return "unauthenticated";
	case MS_ERR_FORBIDDEN: return "forbidden";
	case MS_ERR_NOT_FOUND: return "not_found";
	case MS_ERR_METHOD: return "method_not_allowed";
	case MS_ERR_CONFLICT: return "conflict";
	case MS_ERR_TOO_LARGE: return "payload_too_large";
	case MS_ERR_UNPROCESSABLE: return "unprocessable";
	case MS_ERR_BUSY: return "busy";
	case MS_ERR_NOMEM: return "out_of_memory";
	case MS_ERR_STORE: return "store_error";
	case MS_ERR_IO: return "io_error";
	case MS_ERR_INTERNAL: return "internal_error";
	}
	return "internal_error";
}
