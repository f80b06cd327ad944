/* pref_slips_http.c — POST /preference-polls/{id}/code-batches: a batch of
 * one-time codes of a public preference poll (liaison/preference.h) for a
 * station or a deputy, printed as slips (slips.c). The codes are made,
 * their hashes stored and the PDF drawn in one transaction; the codes leave
 * the server only in this PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../liaison/preference.h"
#include "report_internal.h"

static const struct ms_field batch_body[] = {
	{.name = "count", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_PREF_CODES_MAX,
	 .doc = "how many codes (slips)"},
	{.name = "station_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "the liaison station they are for"},
	{.name = "deputy_id", .kind = MS_F_ID, .flags = MS_FIELD_NULLABLE, .doc = "or the deputy they are for"},
	{.name = "note", .kind = MS_F_STR, .max = MS_PREF_HOLDER_MAX, .doc = "a note for the staff (optional)"},
	{.name = "base_url", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 8, .max = MS_BASE_URL_MAX,
	 .doc = "the address residents' phones reach the web app at, e.g. https://minsheng.example.gov.cn"},
	{0}};

static int h_batch(struct ms_ctx *c, json_t **out)
{
	(void)out;
	char trimmed[MS_BASE_URL_MAX + 1];
	uint32_t n = (uint32_t)ms_api_int(c, "count", 0);
	int rc = ms_report_base_url(ms_api_str(c, "base_url"), trimmed, &c->err);
	if (rc)
		return rc;
	json_t *poll = NULL;
	char *codes = NULL;
	int64_t batch = 0, first = 0;
	if (!(rc = ms_pref_get(c->db, c->id, &poll, &c->err)) &&
	    !(rc = ms_pref_codes_issue(c->db, &c->who, c->id, ms_api_int(c, "station_id", 0),
				       ms_api_int(c, "deputy_id", 0), ms_api_str(c, "note"), n, &codes, &batch, &first,
				       &c->err))) {
		const struct ms_slip_sheet sh = {
			.title = json_string_value(json_object_get(poll, "title")),
			.base_url = trimmed,
			.path = "/preference/",
			.sep = "#",
			.id = c->id,
			.what_zh = "网络投票 ",
			.what_en = "Preference poll",
			.slip_zh = "投票码",
			.code_len = MS_PREF_CODE_LEN,
			.use = "请用手机扫描二维码，在预算内勾选您希望实施的项目（无需登录）。每个投票码只能投一次。"
			       "投票结果供人大代表票决时参考，不是人大的决定。\n"
			       "Scan to choose the projects you want within the budget (no login). Each code votes "
			       "once. The result is advice to the congress, never its decision."};
		rc = ms_slips_pdf_sheet(&sh, first, codes, n, &c->raw, &c->raw_len, &c->err);
	}
	if (codes) {
		sodium_memzero(codes, (size_t)n * (MS_PREF_CODE_LEN + 1));
		free(codes);
	}
	json_decref(poll);
	if (rc)
		return rc;
	c->raw_type = "application/pdf";
	snprintf(c->raw_disposition, sizeof c->raw_disposition,
		 "attachment; filename=\"minsheng-preference-%lld-codes-%lld-%lld.pdf\"", (long long)c->id,
		 (long long)first, (long long)(first + n - 1));
	return 0;
}

static const struct ms_code *const batch_errors[] = {&MS_E_INVALID_BASE_URL, &MS_E_PREF_STATUS, &MS_E_PREF_HOLDER,
						    &MS_E_PREF_HOLDER_UNKNOWN, NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/preference-polls/{id}/code-batches", .fn = h_batch, .access = MS_ACCESS_STAFF,
	 .owner = ms_pref_owner, .body = batch_body, .flags = MS_ROUTE_RAW, .errors = batch_errors,
	 .raw_type = "application/pdf",
	 .summary = "print a batch of one-time codes for a station or a deputy (PDF slips, 8 per A4 page): the "
		    "codes exist only on them"},
};
const struct ms_routes ms_pref_slips_routes = MS_ROUTES(routes);
