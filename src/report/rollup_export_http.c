/* rollup_export_http.c — GET /congresses/{id}/rollup.xlsx: the roll-up
 * (src/rollup/) of a congress for a year as an XLSX workbook
 * (rollup_xlsx.c). Public, as the roll-up is. */
#include <stdio.h>

#include "../org/org.h"
#include "../rollup/rollup.h"
#include "../rollup/rollup_http.h"
#include "report_internal.h"

static int h_xlsx(struct ms_ctx *c, json_t **out)
{
	(void)out;
	int year, rc = ms_rollup_year(c, &year);
	json_t *r = NULL;
	if (rc || (rc = ms_rollup_get(c->db, c->id, year, &r, &c->err)))
		return rc;
	rc = ms_rollup_xlsx(r, &c->raw, &c->raw_len, &c->err);
	json_decref(r);
	if (rc)
		return rc;
	c->raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(c->raw_disposition, sizeof c->raw_disposition,
		 "attachment; filename=\"minsheng-congress-%lld-rollup-%d.xlsx\"", (long long)c->id, year);
	return 0;
}

static const char *const year_query[] = {"year", NULL};
static const struct ms_code *const errors[] = {&MS_E_INVALID_YEAR, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/congresses/{id}/rollup.xlsx", .fn = h_xlsx, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_congress_owner, .flags = MS_ROUTE_RAW, .query = year_query, .errors = errors,
	 .raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	 .summary = "the roll-up as an XLSX workbook: sheets 三级汇总 (each congress of the subtree with its totals) "
		    "and 本级数据 (its own figures); ?year= as the roll-up"},
};
const struct ms_routes ms_rollup_xlsx_routes = MS_ROUTES(routes);
