/* progress_http.c — GET /congresses/{id}/progress.xlsx and progress.pdf:
 * the quarterly progress report (progress.c) for the congress's staff,
 * ?year= (the newest round with projects by default) and ?quarter= (1–4,
 * today's by default). */
#include <stdio.h>

#include "../org/org.h"
#include "report_internal.h"

/* ?name= as a number, or MS_PROGRESS_DEFAULT when absent or empty; 400 invalid_query when not a number. */
static int query(struct ms_ctx *c, const char *name, int64_t *out)
{
	const char *v = ms_http_query(c->req, name);
	int rc = ms_api_query_id(c, name, out);
	if (!rc && (!v || !*v))
		*out = MS_PROGRESS_DEFAULT;
	return rc;
}

static int progress(struct ms_ctx *c, int format)
{
	int64_t year, quarter;
	json_t *doc = NULL;
	int rc;
	if ((rc = query(c, "year", &year)) || (rc = query(c, "quarter", &quarter)) ||
	    (rc = ms_progress_period(c->db, c->id, &year, &quarter, &c->err)) ||
	    (rc = ms_progress_read(c->db, &c->who, c->id, year, quarter, &doc, &c->err)))
		return rc;
	rc = ms_progress_render(doc, format, &c->raw, &c->raw_len, &c->err);
	json_decref(doc);
	if (rc)
		return rc;
	bool xlsx = format == MS_PROGRESS_XLSX;
	c->raw_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/pdf";
	snprintf(c->raw_disposition, sizeof c->raw_disposition,
		 "attachment; filename=\"minsheng-congress-%lld-progress-%lld-q%lld.%s\"", (long long)c->id,
		 (long long)year, (long long)quarter, xlsx ? "xlsx" : "pdf");
	return 0;
}

static int h_xlsx(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return progress(c, MS_PROGRESS_XLSX);
}

static int h_pdf(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return progress(c, MS_PROGRESS_PDF);
}

static const char *const period_query[] = {"year", "quarter", NULL};
static const struct ms_code *const progress_errors[] = {&MS_E_INVALID_QUARTER, &MS_E_INVALID_YEAR, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/progress.xlsx", .fn = h_xlsx, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_RAW, .query = period_query, .errors = progress_errors,
	 .raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	 .summary = "the quarterly progress report of the projects under delivery as an XLSX workbook (sheets 汇总, "
		    "项目进展, 里程碑, 督办事项); ?year= (default: the newest round with projects), ?quarter= 1–4 "
		    "(default: today's)"},
	{.method = "GET", .pattern = "/congresses/{id}/progress.pdf", .fn = h_pdf, .access = MS_ACCESS_STAFF,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_RAW, .query = period_query, .errors = progress_errors,
	 .raw_type = "application/pdf",
	 .summary = "the same report as an A4 landscape PDF: title, summary, the projects, the quarter's milestones "
		    "and the open supervision tasks, with page numbers"},
};
const struct ms_routes ms_progress_routes = MS_ROUTES(routes);
