/*
 * test_csvtab.c — core/csvtab.h, the CSV reader of the imports: texts that
 * parse, with the rows and record numbers they give; texts that are
 * refused, with the error (422 csv_syntax on the field "csv", naming the
 * record in both languages); and the limits, one step below and above.
 */
#include <stdlib.h>
#include <string.h>

#include "core/csvtab.h"
#include "unit.h"

#define MAX_ROWS 5
#define MAX_FIELDS 4

/* A row: its record number and its fields, up to the first NULL. */
struct want_row {
	size_t no;
	const char *f[MAX_FIELDS];
};

struct ok_case {
	const char *name;
	const char *text;
	size_t len;
	size_t n_rows;
	struct want_row row[MAX_ROWS];
};

static const struct ok_case oks[] = {
	{"a header and rows", LIT("姓名,代表团,性别\n张伟,北京市,男\n王芳,上海市,女\n"), 3,
	 {{1, {"姓名", "代表团", "性别"}}, {2, {"张伟", "北京市", "男"}}, {3, {"王芳", "上海市", "女"}}}},
	{"no newline at the end, ragged rows, empty last fields", LIT("a,b,c\n1,2\nx,,"), 3,
	 {{1, {"a", "b", "c"}}, {2, {"1", "2"}}, {3, {"x", "", ""}}}},
	/* A quoted newline stays in the field and starts no record; the last
	 * row is on line 7 but is record 5: row_no counts records. */
	{"quoted fields", LIT("name,unit,note\n\"欧阳, 娜娜\",湖北省,\"她说\"\"你好\"\"\"\n\"多行\n备注\",湖南省,\"\"\n"
			      "\"a\r\nb\",x,y\nlast,row,here\n"), 5,
	 {{1, {"name", "unit", "note"}}, {2, {"欧阳, 娜娜", "湖北省", "她说\"你好\""}}, {3, {"多行\n备注", "湖南省", ""}},
	  {4, {"a\r\nb", "x", "y"}}, {5, {"last", "row", "here"}}}},
	/* The BOM goes; spaces and tabs around fields go, quoted ones too. */
	{"BOM, CRLF and trimming", LIT("\xEF\xBB\xBF姓名,代表团\r\n  刘洋  ,\t天津市\t\r\n\" 陈静 \",重庆市\r\n"
				       "\"\t孙丽\t\",\" \t山西省\t \"\r\n"), 4,
	 {{1, {"姓名", "代表团"}}, {2, {"刘洋", "天津市"}}, {3, {"陈静", "重庆市"}}, {4, {"孙丽", "山西省"}}}},
	{"a bare CR ends records too", LIT("a,b\r1,2\r"), 2, {{1, {"a", "b"}}, {2, {"1", "2"}}}},
	{"only the leading BOM goes", LIT("a\n\xEF\xBB\xBF" "b\n"), 2, {{1, {"a"}}, {2, {"\xEF\xBB\xBF" "b"}}}},
	/* An empty line is no record; a record of empty or blank fields is
	 * one, but is not returned. */
	{"blank rows are skipped", LIT("a,b\n\n1,2\n,\n  ,\t\n\r\n3,4\n\n"), 3,
	 {{1, {"a", "b"}}, {2, {"1", "2"}}, {5, {"3", "4"}}}},
	{"quoted empty fields make a blank row", LIT("\"\",\"\"\nx\n"), 1, {{2, {"x"}}}},
	{"empty", "", 0, 0, {{0, {NULL}}}},
	{"a BOM alone", LIT("\xEF\xBB\xBF"), 0, {{0, {NULL}}}},
	{"newlines alone", LIT("\n\n\r\n"), 0, {{0, {NULL}}}},
	{"blank records alone", LIT(",,,\n  \n"), 0, {{0, {NULL}}}},
};

static void run_ok(void **state)
{
	const struct ok_case *c = *state;
	struct ms_csv t;
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_csv_parse(c->text, c->len, &t, &e) != 0)
		fail_msg("refused: %s", e.message);
	assert_int_equal(t.n_rows, c->n_rows);
	for (size_t i = 0; i < c->n_rows; i++) {
		size_t n = 0;
		while (n < MAX_FIELDS && c->row[i].f[n])
			n++;
		assert_int_equal(t.row_no[i], c->row[i].no);
		assert_int_equal(t.rows[i].n, n);
		for (size_t j = 0; j < n; j++)
			assert_string_equal(t.rows[i].fields[j], c->row[i].f[j]);
	}
	ms_csv_free(&t);
	assert_int_equal(t.n_rows, 0);
	assert_null(t.rows);
	assert_null(t.row_no);
	ms_csv_free(&t); /* twice is harmless */
}

/* ---- refused ------------------------------------------------------------ */

/* Parse text that must be refused with en / zh; the table must be left
 * empty. */
static void expect_refused(const char *text, size_t len, const char *en, const char *zh)
{
	struct ms_csv t;
	struct ms_error e;
	ms_error_clear(&e);
	assert_int_equal(ms_csv_parse(text, len, &t, &e), MS_ERR_UNPROCESSABLE);
	ms_unit_error(&e, MS_ERR_UNPROCESSABLE, "csv_syntax", "csv");
	assert_string_equal(e.message, en);
	assert_string_equal(e.message_zh, zh);
	assert_int_equal(t.n_rows, 0);
	assert_null(t.rows);
	assert_null(t.row_no);
	ms_csv_free(&t); /* harmless on the emptied table */
}

struct bad_case {
	const char *name;
	const char *text;
	size_t len;
	const char *en, *zh;
};

#define QUOTING(n) "CSV row " #n ": malformed quoting", "CSV 第 " #n " 行有误：引号不配对"
#define NOT_UTF8(n) "CSV row " #n ": not valid UTF-8", "CSV 第 " #n " 行有误：不是有效的 UTF-8 文字"

static const struct bad_case bads[] = {
	{"a quote left open on record 3", LIT("a,b\n1,2\n\"3,4\n5,6\n"), QUOTING(3)},
	{"a quote inside an unquoted field", LIT("a,b\n1,2\nx\"y,4\n5,6\n"), QUOTING(3)},
	{"text after a closing quote", LIT("a,b\n\"x\"y,4\n5,6\n"), QUOTING(2)},
	{"a lone quote", LIT("\""), QUOTING(1)},
	{"byte FF", LIT("a,b\n\xFF,2\n"), NOT_UTF8(2)},
	{"overlong '/'", LIT("a,b\n\xC0\xAF,2\n"), NOT_UTF8(2)},
	{"a surrogate", LIT("a,b\n1,\xED\xA0\x80\n"), NOT_UTF8(2)},
	{"a truncated character", LIT("a,b\n1,\xE5\xBC\n"), NOT_UTF8(2)},
	{"a truncated character, quoted", LIT("a,b\n\"\xE5\xBC\",1\n"), NOT_UTF8(2)},
	{"a NUL byte", LIT("a,x\0y\n"), "CSV row 1: NUL byte in field", "CSV 第 1 行有误：字段中含有 NUL 字节"},
	/* Faults found while collecting (not by libcsv) name their record too. */
	{"bad UTF-8 on record 2 of 4", LIT("a\n\xFF\nb\nc\n"), NOT_UTF8(2)},
	{"bad UTF-8 on record 1", LIT("\xFF\n"), NOT_UTF8(1)},
};

static void run_bad(void **state)
{
	const struct bad_case *c = *state;
	expect_refused(c->text, c->len, c->en, c->zh);
}

/* ---- limits ------------------------------------------------------------- */

enum shape {
	FIELDS,    /* one record of count fields "f" */
	FIELD,     /* one field of count bytes "x" */
	QUOTED_ZH, /* one quoted field of count characters "中" (3 bytes each) */
	ROWS,      /* count records "a" */
};

struct limit_case {
	const char *name;
	enum shape shape;
	size_t count;
	const char *en, *zh; /* NULL: accepted */
};

static const struct limit_case limits[] = {
	{"MS_CSV_MAX_FIELDS fields", FIELDS, MS_CSV_MAX_FIELDS, NULL, NULL},
	{"one field more", FIELDS, MS_CSV_MAX_FIELDS + 1, "CSV row 1: too many fields", "CSV 第 1 行有误：字段过多"},
	{"a field of MS_CSV_MAX_FIELD bytes", FIELD, MS_CSV_MAX_FIELD, NULL, NULL},
	{"one byte more", FIELD, MS_CSV_MAX_FIELD + 1, "CSV row 1: field too long", "CSV 第 1 行有误：字段过长"},
	{"a quoted Chinese field within the bytes", QUOTED_ZH, MS_CSV_MAX_FIELD / 3, NULL, NULL},
	{"the limit is in bytes, not characters", QUOTED_ZH, MS_CSV_MAX_FIELD / 3 + 1, "CSV row 1: field too long",
	 "CSV 第 1 行有误：字段过长"},
	{"MS_CSV_MAX_ROWS rows", ROWS, MS_CSV_MAX_ROWS, NULL, NULL},
	{"one row more", ROWS, MS_CSV_MAX_ROWS + 1, "CSV row 20001: too many rows", "CSV 第 20001 行有误：行数过多"},
};

static char *build(const struct limit_case *c, size_t *len)
{
	char *buf = malloc(3 * c->count + 8);
	assert_non_null(buf);
	size_t n = 0;
	for (size_t i = 0; i < c->count; i++)
		switch (c->shape) {
		case FIELDS: memcpy(buf + n, i ? ",f" : "f", 2 - !i), n += 2 - !i; break;
		case FIELD: buf[n++] = 'x'; break;
		case QUOTED_ZH: memcpy(buf + n, "中", 3), n += 3; break;
		case ROWS: memcpy(buf + n, "a\n", 2), n += 2; break;
		}
	if (c->shape == QUOTED_ZH) {
		memmove(buf + 1, buf, n);
		buf[0] = buf[n + 1] = '"';
		n += 2;
	}
	if (c->shape != ROWS)
		buf[n++] = '\n';
	*len = n;
	return buf;
}

static void run_limit(void **state)
{
	const struct limit_case *c = *state;
	size_t len;
	char *text = build(c, &len);
	if (c->en) {
		expect_refused(text, len, c->en, c->zh);
		free(text);
		return;
	}
	struct ms_csv t;
	struct ms_error e;
	assert_int_equal(ms_csv_parse(text, len, &t, &e), 0);
	free(text);
	size_t last = t.n_rows - 1;
	assert_int_equal(t.n_rows, c->shape == ROWS ? c->count : 1);
	assert_int_equal(t.row_no[last], t.n_rows);
	assert_int_equal(t.rows[last].n, c->shape == FIELDS ? c->count : 1);
	if (c->shape == FIELD || c->shape == QUOTED_ZH)
		assert_int_equal(strlen(t.rows[0].fields[0]), c->shape == FIELD ? c->count : 3 * c->count);
	ms_csv_free(&t);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, oks, run_ok);
	MS_UNIT_TABLE(&l, bads, run_bad);
	MS_UNIT_TABLE(&l, limits, run_limit);
	return ms_unit_run("csvtab", &l, NULL, NULL);
}
