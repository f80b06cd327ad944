/* target_export_http.c — GET /target-lists/{id}/export.xlsx and export.pdf:
 * a target list with its task tree as a file (target_export.c), to whoever
 * may read the list: read through the same function as GET
 * /target-lists/{id} (ms_target_list_view), so a draft is its congress's
 * staff's alone and 404 to anyone else. */
#include <stdio.h>

#include "../target/target.h"
#include "../target/target_http.h"
#include "report_internal.h"

static int export(struct ms_ctx *c, bool pdf)
{
	json_t *list = NULL;
	int rc = ms_target_list_view(c, &list);
	if (!rc)
		rc = pdf ? ms_target_list_pdf(list, &c->raw, &c->raw_len, &c->err)
			 : ms_target_list_xlsx(list, &c->raw, &c->raw_len, &c->err);
	long long year = (long long)json_integer_value(json_object_get(list, "year"));
	json_decref(list);
	if (rc)
		return rc;
	c->raw_type = pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(c->raw_disposition, sizeof c->raw_disposition,
		 "attachment; filename=\"minsheng-target-list-%lld-%lld.%s\"", (long long)c->id, year, pdf ? "pdf" : "xlsx");
	return 0;
}

static int h_xlsx(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, false);
}

static int h_pdf(struct ms_ctx *c, json_t **out)
{
	(void)out;
	return export(c, true);
}

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/target-lists/{id}/export.xlsx", .fn = h_xlsx, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_target_list_owner, .flags = MS_ROUTE_RAW,
	 .raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	 .summary = "a target list as an XLSX workbook (sheet 任务清单): its head, then one row a task in tree order "
		    "with its number path, indicator, target and value, progress, plan, light, deadline and units; "
		    "a draft for its staff alone, as GET /target-lists/{id}"},
	{.method = "GET", .pattern = "/target-lists/{id}/export.pdf", .fn = h_pdf, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_target_list_owner, .flags = MS_ROUTE_RAW, .raw_type = "application/pdf",
	 .summary = "the same as an A4 landscape PDF, the header row repeated on each page, with page numbers"},
};
const struct ms_routes ms_target_export_routes = MS_ROUTES(routes);
