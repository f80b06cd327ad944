/* assess_export_http.c — GET /congresses/{id}/assessment.xlsx and .pdf: the
 * league table of the unit assessment (public, as the table is) for ?year=
 * (this year by default) and ?month= (1-12; absent: the whole year). */
#include <stdio.h>

#include "../assess/assess_unit.h"
#include "../core/workday.h"
#include "../org/org.h"
#include "assess_export.h"

static int export(struct ms_ctx *c, bool xlsx)
{
	int64_t year = 0, month = 0;
	int rc = ms_api_query_id(c, "year", &year);
	if (!rc)
		rc = ms_api_query_id(c, "month", &month);
	if (rc)
		return rc;
	if (!year) {
		int y;
		ms_day_ymd(ms_day_today(), &y, NULL, NULL);
		year = y;
	}
	struct ms_assess_period p;
	json_t *table = NULL;
	if ((rc = ms_assess_period_make(year, month, &p, &c->err)) ||
	    (rc = ms_assess_league(c->db, c->id, &p, &table, &c->err)))
		return rc;
	rc = xlsx ? ms_assess_table_xlsx(table, &c->raw, &c->raw_len, &c->err)
		  : ms_assess_table_pdf(table, &c->raw, &c->raw_len, &c->err);
	json_decref(table);
	if (rc)
		return rc;
	c->raw_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/pdf";
	char m[8] = "";
	if (p.month)
		snprintf(m, sizeof m, "-%02d", p.month);
	snprintf(c->raw_disposition, sizeof c->raw_disposition,
		 "attachment; filename=\"minsheng-congress-%lld-assessment-%d%s.%s\"", (long long)c->id, p.year, m,
		 xlsx ? "xlsx" : "pdf");
	return 0;
}

static int h_xlsx(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, true);
}

static int h_pdf(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, false);
}

static const char *const period_query[] = {"year", "month", NULL};
static const struct ms_code *const period_errors[] = {&MS_E_ASSESS_PERIOD, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/assessment.xlsx", .fn = h_xlsx, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_RAW, .query = period_query, .errors = period_errors,
	 .raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	 .summary = "the unit league table as an XLSX workbook (sheets 考核排名 and 评分规则), ?year= ?month="},
	{.method = "GET", .pattern = "/congresses/{id}/assessment.pdf", .fn = h_pdf, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_RAW, .query = period_query, .errors = period_errors,
	 .raw_type = "application/pdf",
	 .summary = "the unit league table as an A4 landscape PDF with the rule in words, ?year= ?month="},
};
const struct ms_routes ms_assess_export_routes = MS_ROUTES(routes);
