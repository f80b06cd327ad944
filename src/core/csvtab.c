/* csvtab.c — see csvtab.h. libcsv does the parsing; this file collects its
 * callbacks into a table, trims fields and enforces the limits. */
#include "csvtab.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

struct collect {
	struct ms_csv *out;
	size_t cap_rows;
	struct ms_csv_row cur;
	size_t cap_fields;
	size_t record;   /* 1-based number of the record being read */
	int err;         /* 0, MS_ERR_NOMEM or MS_ERR_UNPROCESSABLE */
	struct ms_arg why; /* what is wrong, in both languages */
};

static void row_free(struct ms_csv_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	free(r->fields);
	r->fields = NULL;
	r->n = 0;
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct collect *c = ctx;
	if (c->err)
		return;
	if (c->cur.n >= MS_CSV_MAX_FIELDS) {
		c->err = MS_ERR_UNPROCESSABLE, c->why = MS_AT("字段过多", "too many fields");
		return;
	}
	if (len > MS_CSV_MAX_FIELD) {
		c->err = MS_ERR_UNPROCESSABLE, c->why = MS_AT("字段过长", "field too long");
		return;
	}
	const char *s = data ? data : "";
	if (ms_utf8_len(s, len) < 0) {
		c->err = MS_ERR_UNPROCESSABLE, c->why = MS_AT("不是有效的 UTF-8 文字", "not valid UTF-8");
		return;
	}
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (c->cur.n == c->cap_fields) {
		size_t nc = c->cap_fields ? 2 * c->cap_fields : 8;
		char **f = realloc(c->cur.fields, nc * sizeof *f);
		if (!f) {
			c->err = MS_ERR_NOMEM;
			return;
		}
		c->cur.fields = f, c->cap_fields = nc;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		c->err = MS_ERR_NOMEM;
		return;
	}
	memcpy(copy, s, len);
	copy[len] = 0;
	if (memchr(copy, 0, len)) {
		free(copy);
		c->err = MS_ERR_UNPROCESSABLE, c->why = MS_AT("字段中含有 NUL 字节", "NUL byte in field");
		return;
	}
	c->cur.fields[c->cur.n++] = copy;
}

static void on_row(int term, void *ctx)
{
	(void)term;
	struct collect *c = ctx;
	if (c->err) { /* keep c->record at the row that failed */
		row_free(&c->cur), c->cap_fields = 0;
		return;
	}
	size_t record = c->record++;
	int blank = 1;
	for (size_t i = 0; i < c->cur.n; i++)
		if (c->cur.fields[i][0])
			blank = 0;
	if (blank) {
		row_free(&c->cur), c->cap_fields = 0;
		return;
	}
	struct ms_csv *o = c->out;
	if (o->n_rows >= MS_CSV_MAX_ROWS) {
		c->err = MS_ERR_UNPROCESSABLE, c->why = MS_AT("行数过多", "too many rows");
		c->record = record;
		row_free(&c->cur), c->cap_fields = 0;
		return;
	}
	if (o->n_rows == c->cap_rows) {
		size_t nc = c->cap_rows ? 2 * c->cap_rows : 64;
		struct ms_csv_row *r = realloc(o->rows, nc * sizeof *r);
		if (!r) {
			c->err = MS_ERR_NOMEM;
			return;
		}
		o->rows = r;
		size_t *no = realloc(o->row_no, nc * sizeof *no);
		if (!no) {
			c->err = MS_ERR_NOMEM;
			return;
		}
		o->row_no = no, c->cap_rows = nc;
	}
	o->row_no[o->n_rows] = record;
	o->rows[o->n_rows++] = c->cur;
	c->cur.fields = NULL, c->cur.n = 0, c->cap_fields = 0;
}

int ms_csv_parse(const char *text, size_t len, struct ms_csv *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return ms_nomem(e);
	struct collect c = {.out = out, .record = 1};
	size_t done = csv_parse(&p, text, len, on_field, on_row, &c);
	int perr = done != len ? csv_error(&p) : 0;
	if (!perr && !c.err && csv_fini(&p, on_field, on_row, &c) != 0)
		perr = csv_error(&p);
	csv_free(&p);
	row_free(&c.cur);
	if (!perr && !c.err)
		return 0;
	size_t at = c.record;
	ms_csv_free(out);
	if (c.err == MS_ERR_NOMEM || perr == CSV_ENOMEM)
		return ms_nomem(e);
	return ms_failf(e, MS_E_CSV_SYNTAX, "csv", MS_AI(at), c.err ? c.why : MS_AT("引号不配对", "malformed quoting"));
}

void ms_csv_free(struct ms_csv *c)
{
	for (size_t i = 0; i < c->n_rows; i++)
		row_free(&c->rows[i]);
	free(c->rows);
	free(c->row_no);
	memset(c, 0, sizeof *c);
}
