/* error.c — the one table that maps an error's class to its HTTP status,
 * and the JSON error body. Handlers never choose a status for an error. */
#include "api.h"

#include <stdbool.h>

static const struct {
	enum ms_err err;
	unsigned status;
} table[] = {
	{MS_ERR_INVALID, 400},     {MS_ERR_UNAUTHENTICATED, 401}, {MS_ERR_FORBIDDEN, 403},
	{MS_ERR_NOT_FOUND, 404},   {MS_ERR_METHOD, 405},          {MS_ERR_CONFLICT, 409},
	{MS_ERR_TOO_LARGE, 413},   {MS_ERR_UNPROCESSABLE, 422},   {MS_ERR_BUSY, 503},
	{MS_ERR_TOO_MANY, 429},    {MS_ERR_URI_TOO_LONG, 414},   {MS_ERR_HEADERS_TOO_LARGE, 431},
	{MS_ERR_NOMEM, 500},       {MS_ERR_STORE, 500},           {MS_ERR_IO, 500},
	{MS_ERR_INTERNAL, 500},
};

unsigned ms_api_status(enum ms_err err)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].err == err)
			return table[i].status;
	return 500;
}

/* What a class says without particulars (for an error that has no text of
 * the catalogue: the class's own code, whose template may take arguments). */
static const struct {
	enum ms_err err;
	const char *zh, *en;
} plain[] = {
	{MS_ERR_FORBIDDEN, "没有权限执行此操作", "you may not do this"},
	{MS_ERR_NOT_FOUND, "找不到该对象", "not found"},
	{MS_ERR_METHOD, "不支持此请求方法", "this method is not allowed here"},
	{MS_ERR_TOO_LARGE, "提交的内容过大", "the request body is too large"},
};

json_t *ms_api_error_json(const struct ms_error *e, json_t *details)
{
	const struct ms_code *fallback = ms_code_of_err(e->err);
	const char *code = e->code ? e->code : fallback->code;
	const char *en = e->message, *zh = e->message_zh;
	bool hidden = ms_api_status(e->err) >= 500 && e->err != MS_ERR_BUSY;
	/* Failures the user cannot act on are described only by their class
	 * (the message is in the server log); so is an error without text. */
	if (hidden || !en[0] || !zh[0]) {
		en = fallback->en, zh = fallback->zh, code = fallback->code;
		for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
			if (plain[i].err == e->err)
				en = plain[i].en, zh = plain[i].zh;
	}
	json_t *err = json_pack("{s:s, s:s, s:s}", "code", code, "message", en, "message_zh", zh);
	if (err && e->field[0] && !hidden)
		json_object_set_new(err, "field", json_string(e->field));
	if (err && details && !hidden)
		json_object_set(err, "details", details);
	json_decref(details);
	return json_pack("{s:o}", "error", err);
}
