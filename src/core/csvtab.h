/*
 * csvtab.h — read a whole CSV text (RFC 4180, comma, UTF-8 with optional BOM)
 * into rows of fields, on libcsv, with hard limits. Used by the roster and
 * candidate imports. Not thread-shared: each call owns its table.
 */
#ifndef MS_CSVTAB_H
#define MS_CSVTAB_H

#include <stddef.h>

#include "err.h"

#define MS_CSV_MAX_ROWS 20000
#define MS_CSV_MAX_FIELDS 64
#define MS_CSV_MAX_FIELD 4096

struct ms_csv_row {
	size_t n;        /* number of fields */
	char **fields;   /* NUL-terminated, trimmed of surrounding spaces */
};

struct ms_csv {
	size_t n_rows;   /* rows with at least one non-empty field; blank rows are skipped */
	struct ms_csv_row *rows;
	size_t *row_no;  /* 1-based record number of each row in the input */
};

/* Parse len bytes of text. 0 and *out, or MS_ERR_UNPROCESSABLE (code
 * "csv_syntax", field "csv": broken quoting, invalid UTF-8, a NUL byte, a
 * limit exceeded — the message names the record) or MS_ERR_NOMEM. Free
 * with ms_csv_free. */
int ms_csv_parse(const char *text, size_t len, struct ms_csv *out, struct ms_error *e);
void ms_csv_free(struct ms_csv *c);

#endif
