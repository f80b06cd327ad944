/* slips_http.c — POST /polls/{id}/code-sheet: print the voting-code slips
 * of a code-sheet poll. The codes are made, their hashes stored and the PDF
 * drawn in one transaction; the codes leave the server only in this PDF. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../vote/vote.h"
#include "report_internal.h"

#define MS_CODES_DEF "report/report_codes.def"
#define MS_CODES_LIST ms_report_codes
#include "../core/codes_define.h"

static const struct ms_field sheet_body[] = {
	{.name = "count", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .min = 1, .max = MS_CODES_MAX,
	 .doc = "how many slips (the deputies, and some to spare)"},
	{.name = "base_url", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .min = 8, .max = MS_BASE_URL_MAX,
	 .doc = "the address deputies' phones reach the web app at, e.g. https://vote.example.gov.cn"},
	{0}};

static int h_sheet(struct ms_ctx *c, json_t **out)
{
	(void)out;
	const char *base = ms_api_str(c, "base_url");
	uint32_t n = (uint32_t)ms_api_int(c, "count", 0);
	char trimmed[MS_BASE_URL_MAX + 1];
	int rc = ms_report_base_url(base, trimmed, &c->err);
	if (rc)
		return rc;
	struct ms_poll p;
	char *codes = NULL;
	int64_t first = 0;
	rc = ms_poll_get(c->db, c->id, &p, &c->err);
	if (!rc && !(rc = ms_codes_issue(c->db, &c->who, c->id, n, &codes, &first, &c->err)))
		rc = ms_slips_pdf(p.title, trimmed, p.id, first, codes, n, &c->raw, &c->raw_len, &c->err);
	if (codes) {
		sodium_memzero(codes, (size_t)n * (MS_CODE_LEN + 1));
		free(codes);
	}
	ms_poll_fini(&p);
	if (rc)
		return rc;
	c->raw_type = "application/pdf";
	snprintf(c->raw_disposition, sizeof c->raw_disposition,
		 "attachment; filename=\"minsheng-poll-%lld-slips-%lld-%lld.pdf\"", (long long)c->id, (long long)first,
		 (long long)(first + n - 1));
	return 0;
}

static const struct ms_code *const sheet_errors[] = {&MS_E_INVALID_BASE_URL, &MS_E_NOT_CODE_SHEET, &MS_E_POLL_CLOSED,
						    NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/polls/{id}/code-sheet", .fn = h_sheet, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = sheet_body, .flags = MS_ROUTE_RAW, .errors = sheet_errors,
	 .raw_type = "application/pdf",
	 .summary = "print voting-code slips (PDF, 8 per A4 page): the codes exist only on them"},
};
const struct ms_routes ms_slips_routes = MS_ROUTES(routes);
