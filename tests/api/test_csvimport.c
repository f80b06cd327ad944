/*
 * test_csvimport.c — api/csvimport.h, the frame every CSV import shares:
 * the header names the columns in any order (an unknown or repeated
 * column, or a required one missing, refuses the file with its own code);
 * each data row has the header's number of fields; the cells of the
 * unique column do not repeat; any fault of a row gives 422 invalid_csv
 * with {errors, rows} in the details, else the answer says what was (or
 * on a dry run would be) created. One import frame — columns name, login
 * (both required, login unique) and unit — and a table of files.
 */
#include <string.h>

#include "api/api.h"
#include "api/csvimport.h"
#include "unit.h"

static const char *const cols[] = {"name", "login", "unit"};
enum { NAME, LOGIN, UNIT };
#define REQUIRED (1u << NAME | 1u << LOGIN)

struct fault {
	size_t line;
	const char *field, *code;
};

struct import_case {
	const char *name;
	const char *csv;
	bool dry_run;
	/* a file refused whole: its code and English message */
	const char *code, *en;
	/* or its rows: how many, the first one's name and unit cells, and
	 * the faults with the message of invalid_csv */
	size_t rows;
	const char *first_name, *first_unit;
	struct fault faults[3];
	const char *summary;
};

static const struct import_case imports[] = {
	{"a header and two rows", "name,login\n张伟,zw\n王芳,wf\n", false, NULL, NULL, 2, "张伟", "", {{0}}, NULL},
	{"a dry run", "name,login\n张伟,zw\n王芳,wf\n", true, NULL, NULL, 2, "张伟", "", {{0}}, NULL},
	{"columns in any order", "login,unit,name\nzw,市政局,张伟\n", false, NULL, NULL, 1, "张伟", "市政局", {{0}}, NULL},
	{"a header alone", "name,login\n", false, NULL, NULL, 0, NULL, NULL, {{0}}, NULL},
	{"no rows at all", " ,\n\n", false, "csv_empty", "the CSV is empty: it needs a header row name,login", 0, NULL,
	 NULL, {{0}}, NULL},
	{"an unknown column", "name,login,age\n", false, "csv_unknown_column",
	 "header column 'age' is unknown; the columns are name, login, unit", 0, NULL, NULL, {{0}}, NULL},
	{"a repeated column", "name,login,name\n", false, "csv_repeated_column", "header column 'name' is repeated", 0,
	 NULL, NULL, {{0}}, NULL},
	{"a required column missing", "name,unit\n", false, "csv_missing_column",
	 "the header row lacks the column 'login'", 0, NULL, NULL, {{0}}, NULL},
	{"broken CSV", "name,login\n\"x\n", false, "csv_syntax", "CSV row 2: malformed quoting", 0, NULL, NULL, {{0}},
	 NULL},
	{"a row with too few fields", "name,login\n张伟\n王芳,wf\n", false, NULL, NULL, 2, NULL, NULL,
	 {{2, "csv", "csv_field_count"}}, "1 error in 1 row"},
	{"a login twice: the later row", "name,login\na,x\nb,y\nc,x\n", false, NULL, NULL, 3, "a", "",
	 {{4, "login", "csv_repeat"}}, "1 error in 1 row"},
	{"faults on three rows", "name,login\na\nb,x\nc,x\nd\n", false, NULL, NULL, 4, NULL, NULL,
	 {{2, "csv", "csv_field_count"}, {4, "login", "csv_repeat"}, {5, "csv", "csv_field_count"}},
	 "3 errors in 3 rows"},
	{"a row of the wrong width repeats nothing", "name,login\na,x\nb,x,extra\n", false, NULL, NULL, 2, "a", "",
	 {{3, "csv", "csv_field_count"}}, "1 error in 1 row"},
};

/* What a domain's import does with each row: the fields, or a fault. */
static void read_rows(struct ms_ctx *c, struct ms_import *im)
{
	for (size_t i = 0; i < im->n; i++) {
		size_t line;
		char **f = ms_import_row(im, i, &line);
		if (!f)
			continue;
		if (im->repeat[i])
			ms_import_fault_repeat(im, line, "login", ms_import_cell(im, f, LOGIN));
		assert_int_equal(ms_import_preview(c, im, json_pack("{s:I, s:s}", "line", (json_int_t)line, "name",
								     ms_import_cell(im, f, NAME))),
				 0);
	}
}

static void expect_faults(const struct import_case *t, const struct ms_ctx *c, size_t n)
{
	ms_unit_error(&c->err, MS_ERR_UNPROCESSABLE, "invalid_csv", "csv");
	char en[128];
	snprintf(en, sizeof en, "%s; nothing was saved", t->summary);
	assert_string_equal(c->err.message, en);
	json_t *errors = json_object_get(c->err_details, "errors");
	assert_int_equal(json_array_size(errors), n);
	assert_true(json_is_array(json_object_get(c->err_details, "rows")));
	for (size_t k = 0; k < n; k++) {
		json_t *f = json_array_get(errors, k);
		assert_int_equal(json_integer_value(json_object_get(f, "line")), t->faults[k].line);
		assert_string_equal(json_string_value(json_object_get(f, "field")), t->faults[k].field);
		assert_string_equal(json_string_value(json_object_get(f, "code")), t->faults[k].code);
		assert_true(json_string_length(json_object_get(f, "message")) > 0);
		assert_true(json_string_length(json_object_get(f, "message_zh")) > 0);
	}
}

static void run_import(void **state)
{
	const struct import_case *t = *state;
	struct ms_ctx c;
	memset(&c, 0, sizeof c);
	c.status = 201; /* as the dispatcher prepares an MS_ROUTE_CREATES route */
	c.body = json_pack("{s:s, s:b}", "csv", t->csv, "dry_run", t->dry_run);
	assert_non_null(c.body);
	struct ms_import im;
	int rc = ms_import_open(&c, &im, cols, N_OF(cols), REQUIRED, LOGIN);
	if (t->code) {
		assert_int_equal(rc, MS_ERR_UNPROCESSABLE);
		ms_unit_error(&c.err, MS_ERR_UNPROCESSABLE, t->code, "csv");
		assert_string_equal(c.err.message, t->en);
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(im.n, t->rows);
		assert_int_equal(im.dry_run, t->dry_run);
		if (t->first_name) {
			assert_string_equal(ms_import_cell(&im, im.csv.rows[1].fields, NAME), t->first_name);
			assert_string_equal(ms_import_cell(&im, im.csv.rows[1].fields, UNIT), t->first_unit);
		}
		read_rows(&c, &im);
		size_t n = 0;
		while (n < N_OF(t->faults) && t->faults[n].line)
			n++;
		rc = ms_import_check(&c, &im);
		assert_int_equal(rc, n ? MS_ERR_UNPROCESSABLE : 0);
		if (n) {
			expect_faults(t, &c, n);
		} else {
			json_t *out = NULL;
			assert_int_equal(ms_import_answer(&c, &im, &out), 0);
			assert_int_equal(c.status, t->dry_run ? 200 : 201);
			assert_int_equal(json_integer_value(json_object_get(out, "created")), t->dry_run ? 0 : t->rows);
			assert_int_equal(json_is_true(json_object_get(out, "dry_run")), t->dry_run);
			assert_int_equal(json_array_size(json_object_get(out, "rows")), t->rows);
			assert_int_equal(json_array_size(json_object_get(out, "errors")), 0);
			json_decref(out);
		}
	}
	ms_import_close(&im);
	json_decref(c.err_details);
	json_decref(c.body);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, imports, run_import);
	return ms_unit_run("csvimport", &l, NULL, NULL);
}
