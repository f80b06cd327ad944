/* csvimport.c — see csvimport.h. */
#include "csvimport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

const struct ms_field ms_import_body[] = {
	{.name = "csv", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED | MS_FIELD_VERBATIM, .min = 1, .doc = "the CSV text, UTF-8"},
	{.name = "dry_run", .kind = MS_F_BOOL, .doc = "check and preview only; save nothing"},
	{0}};

static const struct ms_field fault_fields[] = {
	{.name = "line", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "the record's number in the file"},
	{.name = "field", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "the column, or csv for the whole row"},
	MS_OUT("code", MS_F_STR), MS_OUT("message", MS_F_STR), MS_OUT("message_zh", MS_F_STR),
	{0}};
const struct ms_view ms_import_fault_view = {"ImportFault", fault_fields, "a fault of one row of a CSV import"};

static const struct ms_field answer_fields[] = {
	MS_OUT("created", MS_F_INT), MS_OUT("dry_run", MS_F_BOOL),
	{.name = "rows", .kind = MS_F_ARRAY, .item = MS_F_ANY, .flags = MS_FIELD_REQUIRED,
	 .doc = "the preview: each row's line and the values read"},
	{.name = "errors", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .view = &ms_import_fault_view,
	 .flags = MS_FIELD_REQUIRED},
	{0}};
const struct ms_view ms_import_answer_view = {"ImportAnswer", answer_fields, "what a CSV import saved or would save"};

/* The names whose bit is set in mask, joined by sep. */
static void join_names(const struct ms_import *im, unsigned mask, const char *sep, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < im->n_names && len < cap; k++)
		if (mask & (1u << k))
			len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? sep : "", im->names[k]);
}

const char *ms_import_cell(const struct ms_import *im, char **fields, size_t k)
{
	return im->col[k] >= 0 ? fields[im->col[k]] : "";
}

const char *ms_import_given(const struct ms_import *im, char **fields, size_t k)
{
	const char *v = ms_import_cell(im, fields, k);
	return *v ? v : NULL;
}

static void add_row_fault(struct ms_faults *f, const struct ms_error *e)
{
	struct ms_import_faults *r = (struct ms_import_faults *)f;
	ms_import_fault(r->im, r->line, NULL, e);
}

void ms_import_faults_init(struct ms_import_faults *rf, struct ms_import *im, size_t line)
{
	*rf = (struct ms_import_faults){.f = {.add = add_row_fault}, .im = im, .line = line};
}

struct keyed {
	const char *key;
	size_t i;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int d = strcmp(x->key, y->key);
	return d ? d : (x->i > y->i) - (x->i < y->i);
}

/* repeat[i] = whether row i's cell in column k equals an earlier row's
 * (rows with the wrong number of fields take no part). Sorts a copy, so n
 * log n for the largest files. false when out of memory. */
static bool mark_repeats(const struct ms_import *im, size_t k, bool *repeat)
{
	struct keyed *v = malloc((im->n ? im->n : 1) * sizeof *v);
	if (!v)
		return false;
	size_t m = 0;
	for (size_t i = 0; i < im->n; i++) {
		repeat[i] = false;
		if (im->csv.rows[i + 1].n == im->csv.rows[0].n)
			v[m].key = ms_import_cell(im, im->csv.rows[i + 1].fields, k), v[m].i = i, m++;
	}
	qsort(v, m, sizeof *v, keyed_cmp);
	for (size_t j = 1; j < m; j++)
		if (strcmp(v[j].key, v[j - 1].key) == 0)
			repeat[v[j].i] = true;
	free(v);
	return true;
}

int ms_import_open(struct ms_ctx *c, struct ms_import *im, const char *const *names, size_t n_names,
		   unsigned required, size_t unique)
{
	memset(im, 0, sizeof *im);
	im->names = names, im->n_names = n_names;
	im->dry_run = ms_api_bool(c, "dry_run", false);
	for (size_t k = 0; k < MS_IMPORT_MAX_COLS; k++)
		im->col[k] = -1;
	const char *text = ms_api_str(c, "csv");
	int rc = ms_csv_parse(text, strlen(text), &im->csv, &c->err);
	if (rc)
		return rc;
	im->errors = json_array(), im->rows = json_array();
	if (!im->errors || !im->rows)
		return ms_nomem(&c->err);
	char list[256];
	if (im->csv.n_rows == 0) {
		join_names(im, required, ",", list, sizeof list);
		return ms_failf(&c->err, MS_E_CSV_EMPTY, "csv", MS_AS(list));
	}
	const struct ms_csv_row *head = &im->csv.rows[0];
	for (size_t i = 0; i < head->n; i++) {
		size_t k = 0;
		while (k < n_names && strcmp(head->fields[i], names[k]) != 0)
			k++;
		if (k == n_names) {
			join_names(im, ~0u, ", ", list, sizeof list);
			return ms_failf(&c->err, MS_E_CSV_UNKNOWN_COLUMN, "csv", MS_AS(head->fields[i]), MS_AS(list));
		}
		if (im->col[k] >= 0)
			return ms_failf(&c->err, MS_E_CSV_REPEATED_COLUMN, "csv", MS_AS(head->fields[i]));
		im->col[k] = (int)i;
	}
	for (size_t k = 0; k < n_names; k++)
		if ((required & (1u << k)) && im->col[k] < 0)
			return ms_failf(&c->err, MS_E_CSV_MISSING_COLUMN, "csv", MS_AS(names[k]));
	im->n = im->csv.n_rows - 1;
	im->repeat = calloc(im->n ? im->n : 1, sizeof *im->repeat);
	return im->repeat && mark_repeats(im, unique, im->repeat) ? 0 : ms_nomem(&c->err);
}

void ms_import_fault(struct ms_import *im, size_t line, const char *field, const struct ms_error *e)
{
	json_t *f = json_pack("{s:I, s:s, s:s, s:s, s:s}", "line", (json_int_t)line, "field",
			      field ? field : e->field, "code", e->code ? e->code : ms_err_code(e->err), "message",
			      e->message, "message_zh", e->message_zh);
	json_array_append_new(im->errors, f);
}

void ms_import_fault_repeat(struct ms_import *im, size_t line, const char *field, const char *value)
{
	struct ms_error e;
	ms_failf(&e, MS_E_CSV_REPEAT, field, MS_AS(value));
	ms_import_fault(im, line, field, &e);
}

char **ms_import_row(struct ms_import *im, size_t i, size_t *line)
{
	const struct ms_csv_row *r = &im->csv.rows[i + 1];
	*line = im->csv.row_no[i + 1];
	if (r->n != im->csv.rows[0].n) {
		struct ms_error e;
		ms_failf(&e, MS_E_CSV_FIELD_COUNT, "csv", MS_AI(r->n), MS_AI(im->csv.rows[0].n));
		ms_import_fault(im, *line, "csv", &e);
		return NULL;
	}
	return r->fields;
}

int ms_import_preview(struct ms_ctx *c, struct ms_import *im, json_t *row)
{
	if (!row || json_array_append_new(im->rows, row))
		return ms_nomem(&c->err);
	return 0;
}

int ms_import_check(struct ms_ctx *c, const struct ms_import *im)
{
	size_t n = json_array_size(im->errors), rows = 0;
	if (n == 0)
		return 0;
	/* Faults come in line order: count the lines. */
	for (size_t i = 0; i < n; i++)
		if (i == 0 || json_integer_value(json_object_get(json_array_get(im->errors, i), "line")) !=
				      json_integer_value(json_object_get(json_array_get(im->errors, i - 1), "line")))
			rows++;
	char zh[96], en[96];
	snprintf(zh, sizeof zh, "%zu 处错误，涉及 %zu 行", n, rows);
	snprintf(en, sizeof en, "%zu %s in %zu %s", n, n == 1 ? "error" : "errors", rows, rows == 1 ? "row" : "rows");
	int rc = ms_failf(&c->err, MS_E_INVALID_CSV, "csv", MS_AT(zh, en));
	c->err_details = json_pack("{s:O, s:O}", "errors", im->errors, "rows", im->rows);
	return rc;
}

int ms_import_answer(struct ms_ctx *c, const struct ms_import *im, json_t **out)
{
	if (im->dry_run)
		c->status = 200;
	return ms_api_answer(c,
			     json_pack("{s:I, s:b, s:O, s:O}", "created", (json_int_t)(im->dry_run ? 0 : im->n),
				       "dry_run", im->dry_run, "rows", im->rows, "errors", im->errors),
			     out);
}

void ms_import_close(struct ms_import *im)
{
	free(im->repeat);
	json_decref(im->errors);
	json_decref(im->rows);
	ms_csv_free(&im->csv);
}
