/*
 * fuzz_csv.c — libFuzzer driver for the CSV roster parser (core/csvtab.c).
 *
 * Feeds the input to ms_csv_parse as a whole text and, when it parses,
 * walks the table and checks what csv.h promises: at most MS_CSV_MAX_ROWS
 * rows, at most MS_CSV_MAX_FIELDS fields per row, every field
 * NUL-terminated, valid UTF-8, no longer than MS_CSV_MAX_FIELD, trimmed of
 * surrounding spaces and tabs, no blank rows, and record numbers that
 * increase. On failure the error must be one of the documented ones.
 * A broken invariant aborts, which libFuzzer reports as a crash.
 * Build and run: see fuzz/README.md.
 */
#include "core/csvtab.h"
#include "core/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_field(const char *f)
{
	check(f != NULL);
	size_t n = strlen(f);
	check(n <= MS_CSV_MAX_FIELD);
	check(ms_utf8_len(f, n) >= 0);
	if (n) {
		check(f[0] != ' ' && f[0] != '\t');
		check(f[n - 1] != ' ' && f[n - 1] != '\t');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy without a terminator, so reads past size are caught. */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);

	struct ms_csv csv;
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_csv_parse(text, size, &csv, &e);
	if (rc == 0) {
		check(csv.n_rows <= MS_CSV_MAX_ROWS);
		check(csv.n_rows == 0 || (csv.rows && csv.row_no));
		for (size_t i = 0; i < csv.n_rows; i++) {
			const struct ms_csv_row *r = &csv.rows[i];
			check(r->n >= 1 && r->n <= MS_CSV_MAX_FIELDS);
			int blank = 1;
			for (size_t j = 0; j < r->n; j++) {
				check_field(r->fields[j]);
				if (r->fields[j][0])
					blank = 0;
			}
			check(!blank);
			check(csv.row_no[i] >= 1);
			check(i == 0 || csv.row_no[i] > csv.row_no[i - 1]);
		}
	} else {
		check(rc == MS_ERR_UNPROCESSABLE || rc == MS_ERR_NOMEM);
		check(e.err == rc);
		check(e.message[0] != 0);
		if (rc == MS_ERR_UNPROCESSABLE)
			check(e.code && strcmp(e.code, "csv_syntax") == 0 && strncmp(e.message, "CSV row ", 8) == 0 &&
			      strncmp(e.message_zh, "CSV 第 ", strlen("CSV 第 ")) == 0);
		check(csv.n_rows == 0 && csv.rows == NULL && csv.row_no == NULL);
	}
	ms_csv_free(&csv);
	check(csv.n_rows == 0 && csv.rows == NULL);
	ms_csv_free(&csv); /* freeing twice is a no-op */
	free(text);
	return 0;
}
