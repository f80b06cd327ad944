/* error.c — the one table that maps an error's class to its HTTP status,
 * and the JSON error body. Handlers never choose a status for an error. */
#include "api.h"

static const struct {
	enum ms_err err;
	unsigned status;
} table[] = {
	{MS_ERR_INVALID, 400},     {MS_ERR_UNAUTHENTICATED, 401}, {MS_ERR_FORBIDDEN, 403},
	{MS_ERR_NOT_FOUND, 404},   {MS_ERR_METHOD, 405},          {MS_ERR_CONFLICT, 409},
	{MS_ERR_TOO_LARGE, 413},   {MS_ERR_UNPROCESSABLE, 422},   {MS_ERR_BUSY, 503},
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

json_t *ms_api_error_json(const struct ms_error *e, json_t *details)
{
	const struct ms_code *fallback = ms_code_of_err(e->err);
	const char *code = e->code ? e->code : fallback->code;
	const char *en = e->message, *zh = e->message_zh;
	/* Failures the user cannot act on are described only by their class
	 * (the message is in the server log); so is an error without text. */
	if ((ms_api_status(e->err) >= 500 && e->err != MS_ERR_BUSY) || !en[0] || !zh[0])
		en = fallback->en, zh = fallback->zh, code = fallback->code;
	json_t *err = json_pack("{s:s, s:s, s:s}", "code", code, "message", en, "message_zh", zh);
	if (err && e->field[0])
		json_object_set_new(err, "field", json_string(e->field));
	if (err && details)
		json_object_set(err, "details", details);
	json_decref(details);
	return json_pack("{s:o}", "error", err);
}
