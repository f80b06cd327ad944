/* rate_export_http.c — a closed rating's published result as a file
 * (rate_export.c): GET /evaluations/{id}/result.xlsx and result.pdf (an
 * evaluation of projects), GET /reviews/{id}/result.xlsx and result.pdf (a
 * review of units). Read through the same function as the result routes
 * (ms_evaluation_result, ms_review_result): public once closed, 409
 * poll_not_closed before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../org/org.h"
#include "../evaluate/evaluate.h"
#include "report_internal.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static int export(struct ms_ctx *c, bool review, bool pdf)
{
	json_t *res = NULL, *cj = NULL, *rv = NULL;
	int rc = review ? ms_review_result(c->db, c->id, &res, &c->err) : ms_evaluation_result(c->db, c->id, &res, &c->err);
	/* the congress: the route's owner, found before the handler */
	if (!rc)
		rc = ms_congress_get(c->db, c->congress_id, &cj, &c->err);
	/* a review's rule of scores in words */
	if (!rc && review)
		rc = ms_review_view(c->db, c->id, &c->who, &rv, &c->err);
	if (!rc) {
		const char *congress = json_string_value(json_object_get(cj, "name"));
		const char *scoring = json_string_value(json_object_get(json_object_get(rv, "scoring_words"), "zh"));
		const char *what = review ? "述职评议（对单位）" : "满意度测评（对项目）";
		rc = pdf ? ms_rate_result_pdf(res, congress ? congress : "", what, scoring, &c->raw, &c->raw_len, &c->err)
			 : ms_rate_result_xlsx(res, congress ? congress : "", what, scoring, &c->raw, &c->raw_len, &c->err);
	}
	json_decref(res);
	json_decref(cj);
	json_decref(rv);
	if (rc)
		return rc;
	c->raw_type = pdf ? "application/pdf" : XLSX_TYPE;
	snprintf(c->raw_disposition, sizeof c->raw_disposition, "attachment; filename=\"minsheng-%s-%lld-result.%s\"",
		 review ? "review" : "evaluation", (long long)c->id, pdf ? "pdf" : "xlsx");
	return 0;
}

static int h_eval_xlsx(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, false, false);
}

static int h_eval_pdf(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, false, true);
}

static int h_review_xlsx(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, true, false);
}

static int h_review_pdf(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, true, true);
}

static const struct ms_code *const closed_errors[] = {&MS_E_POLL_NOT_CLOSED, NULL};

#define XLSX_SUMMARY(what_)                                                                                    \
	"the published result as an XLSX workbook (sheet 测评结果): the figures, the rule in words, how many got "   \
	"each verdict and the overall satisfaction rate, then one row " what_ " with its 满意 / 基本满意 / 不满意 / " \
	"弃权 / 无效 marks, satisfaction rate, score and verdict; once closed"

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/evaluations/{id}/result.xlsx", .fn = h_eval_xlsx, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_evaluation_owner, .flags = MS_ROUTE_RAW, .errors = closed_errors, .raw_type = XLSX_TYPE,
	 .summary = XLSX_SUMMARY("a project")},
	{.method = "GET", .pattern = "/evaluations/{id}/result.pdf", .fn = h_eval_pdf, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_evaluation_owner, .flags = MS_ROUTE_RAW, .errors = closed_errors, .raw_type = "application/pdf",
	 .summary = "the same as an A4 landscape PDF, the header row repeated on each page, with page numbers"},
	{.method = "GET", .pattern = "/reviews/{id}/result.xlsx", .fn = h_review_xlsx, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_review_owner, .flags = MS_ROUTE_RAW, .errors = closed_errors, .raw_type = XLSX_TYPE,
	 .summary = XLSX_SUMMARY("a unit")},
	{.method = "GET", .pattern = "/reviews/{id}/result.pdf", .fn = h_review_pdf, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_review_owner, .flags = MS_ROUTE_RAW, .errors = closed_errors, .raw_type = "application/pdf",
	 .summary = "the same as an A4 landscape PDF, the header row repeated on each page, with page numbers"},
};
const struct ms_routes ms_rate_export_routes = MS_ROUTES(routes);
