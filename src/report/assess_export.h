/* assess_export.h — the unit assessment's league table (assess/assess_unit.h)
 * as files: an XLSX workbook (libxlsxwriter) and an A4 landscape PDF (pdf.c:
 * cairo + pango, Noto Sans CJK SC), for GET /congresses/{id}/assessment.xlsx
 * and .pdf and `minsheng report assessment`. Named apart from the rest of
 * src/report/ until the integrator merges the headers. */
#ifndef MS_ASSESS_EXPORT_H
#define MS_ASSESS_EXPORT_H

#include <jansson.h>
#include <stddef.h>

#include "../api/route.h"
#include "../core/err.h"
#include "../store/store.h"

/* table: ms_assess_league's answer. The file (malloc'd) into *buf, *len. */
int ms_assess_table_xlsx(json_t *table, char **buf, size_t *len, struct ms_error *e);
int ms_assess_table_pdf(json_t *table, char **buf, size_t *len, struct ms_error *e);

/* The same, read in a transaction of its own (for the CLI). */
int ms_assess_export(struct ms_store *st, int64_t congress_id, int64_t year, int64_t month, bool xlsx, char **buf,
		     size_t *len, struct ms_error *e);

extern const struct ms_routes ms_assess_export_routes;

#endif
