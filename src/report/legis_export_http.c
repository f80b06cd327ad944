/* legis_export_http.c — GET /drafts/{id}/submission.pdf and .xlsx: the
 * opinions of a draft submitted up the chain, with the funnel, for the
 * staff (legis_export.c). */
#include <stdio.h>

#include "../legislate/legislate.h"
#include "report_internal.h"

static int export(struct ms_ctx *c, bool pdf)
{
	json_t *draft = NULL, *items = NULL, *funnel = NULL;
	int rc = ms_draft_get(c->db, &c->who, c->id, &draft, &c->err);
	if (!rc)
		rc = ms_legis_submission(c->db, c->id, &items, &c->err);
	if (!rc)
		rc = ms_draft_funnel(c->db, c->id, &funnel, &c->err);
	if (!rc)
		rc = pdf ? ms_legis_submission_pdf(draft, items, funnel, &c->raw, &c->raw_len, &c->err)
			 : ms_legis_submission_xlsx(draft, items, funnel, &c->raw, &c->raw_len, &c->err);
	json_decref(draft);
	json_decref(items);
	json_decref(funnel);
	if (rc)
		return rc;
	c->raw_type = pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(c->raw_disposition, sizeof c->raw_disposition, "attachment; filename=\"minsheng-draft-%lld-submission.%s\"",
		 (long long)c->id, pdf ? "pdf" : "xlsx");
	return 0;
}

static int h_pdf(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, true);
}

static int h_xlsx(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, false);
}

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/drafts/{id}/submission.pdf", .fn = h_pdf, .access = MS_ACCESS_STAFF,
	 .owner = ms_draft_owner, .flags = MS_ROUTE_RAW, .raw_type = "application/pdf",
	 .summary = "the opinions submitted on a published draft, article by article, with their outcomes and the "
		    "funnel, as an A4 PDF"},
	{.method = "GET", .pattern = "/drafts/{id}/submission.xlsx", .fn = h_xlsx, .access = MS_ACCESS_STAFF,
	 .owner = ms_draft_owner, .flags = MS_ROUTE_RAW,
	 .raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	 .summary = "the same as an XLSX workbook (sheet 意见建议汇总)"},
};
const struct ms_routes ms_legis_export_routes = MS_ROUTES(routes);
