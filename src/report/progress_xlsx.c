/*
 * progress_xlsx.c — the quarterly progress report (progress.c's document)
 * as an XLSX workbook by libxlsxwriter: sheets 汇总 (the summary), 项目进展
 * (one row a project: frozen header, yuan and percent formats, the light in
 * words on its colour), 里程碑 (milestones planned vs reached in the
 * quarter) and 督办事项 (open supervision tasks). Each table has a filter on
 * its header row; every sheet prints on A4 landscape, one page wide, the
 * header row repeated on each page.
 *
 * libxlsxwriter 1.1 writes only to a file: the workbook goes into a
 * directory of its own made by mkdtemp (mode 0700, under $TMPDIR or /tmp),
 * is read back into memory, and the file and the directory are removed
 * before returning — nothing is left behind, concurrent requests never
 * share a path. Text is written as text (never as a formula).
 */
#include "report_internal.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../supervise/supervise.h"
#include "xlsx_lazy.h"

#define FILE_MAX (64u << 20) /* a workbook larger than this is refused as an error */

/* libxlsxwriter (MS_XLSXWRITER_SONAME, from meson.build), loaded by the first workbook */
MS_LAZY_LIBRARY(xlsx, MS_XLSX_FNS, MS_XLSXWRITER_SONAME);

bool ms_xlsx_load(void)
{
	static atomic_bool said;
	bool ok = ms_lazy_load(&xlsx);
	if (!ok && !atomic_exchange(&said, true))
		fprintf(stderr, "minsheng: workbooks cannot be made: %s\n", xlsx.why);
	return ok;
}

struct formats {
	lxw_format *title, *head, *text, *wrap, *yuan, *pct, *day, *light[MS_LIGHT_BLUE + 1];
};

lxw_format *ms_xlsx_format(lxw_workbook *wb, bool border)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "Noto Sans CJK SC");
	format_set_font_size(f, 10.5);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

static void formats(lxw_workbook *wb, struct formats *f)
{
	static const uint32_t fills[] = {0xC6EFCE, 0xFFEB9C, 0xFFC7CE, 0xBDD7EE};
	f->title = ms_xlsx_format(wb, false);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->head = ms_xlsx_format(wb, true);
	format_set_bold(f->head);
	format_set_pattern(f->head, LXW_PATTERN_SOLID);
	format_set_bg_color(f->head, 0xD9D9D9);
	format_set_text_wrap(f->head);
	f->text = ms_xlsx_format(wb, true);
	f->wrap = ms_xlsx_format(wb, true);
	format_set_text_wrap(f->wrap);
	f->yuan = ms_xlsx_format(wb, true);
	format_set_num_format(f->yuan, "#,##0");
	f->pct = ms_xlsx_format(wb, true);
	format_set_num_format(f->pct, "0%");
	f->day = ms_xlsx_format(wb, true);
	for (int i = 0; i <= MS_LIGHT_BLUE; i++) {
		f->light[i] = ms_xlsx_format(wb, true);
		format_set_pattern(f->light[i], LXW_PATTERN_SOLID);
		format_set_bg_color(f->light[i], fills[i]);
		format_set_align(f->light[i], LXW_ALIGN_CENTER);
	}
}

lxw_worksheet *ms_xlsx_sheet(lxw_workbook *wb, const char *name, bool landscape, const double *widths, size_t n)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	if (!ws)
		return NULL;
	if (landscape)
		worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	for (size_t i = 0; i < n; i++)
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
	return ws;
}

/* A table's sheet (A4 landscape, as wide as one page) with its header
 * row: frozen, filtered over rows data rows, repeated on each printed page. */
static lxw_worksheet *table(lxw_workbook *wb, const char *name, const struct formats *f, const char *const *names,
			    const double *widths, size_t n, size_t rows)
{
	lxw_worksheet *ws = ms_xlsx_sheet(wb, name, true, widths, n);
	for (size_t i = 0; i < n; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, names[i], f->head);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(n - 1));
	worksheet_repeat_rows(ws, 0, 0);
	return ws;
}

static void summary(lxw_workbook *wb, const struct formats *f, json_t *doc)
{
	static const double widths[] = {36, 20};
	lxw_worksheet *ws = ms_xlsx_sheet(wb, "汇总", true, widths, 2);
	json_t *s = json_object_get(doc, "summary");
	char title[512];
	snprintf(title, sizeof title, "%s %lld年%s民生实事项目实施进展情况", str(doc, "congress"),
		 (long long)num(doc, "year"), ms_progress_quarter_zh((int64_t)num(doc, "quarter")));
	worksheet_write_string(ws, 0, 0, title, f->title);
	char period[64];
	snprintf(period, sizeof period, "%s 至 %s（统计日期 %s）", str(doc, "from"), str(doc, "to"), str(doc, "today"));
	worksheet_write_string(ws, 1, 0, period, NULL);
	static const struct {
		const char *label, *key;
		int kind; /* 0 a count, 1 yuan, 2 percent */
	} rows[] = {
		{"项目总数 Projects", "projects", 0},
		{"绿灯 Green (on schedule)", "green", 0},
		{"黄灯 Yellow", "yellow", 0},
		{"红灯 Red", "red", 0},
		{"蓝灯 Blue (finished)", "blue", 0},
		{"计划投资（元）Budget (yuan)", "budget", 1},
		{"已支出（元）Spent (yuan)", "spent", 1},
		{"平均完成进度 Average percent done", "percent_avg", 2},
		{"未办结督办事项 Open supervision tasks", "tasks_open", 0},
		{"其中逾期 Overdue", "tasks_overdue", 0},
		{"待答复督办函 Letters awaiting a reply", "letters_waiting", 0},
	};
	worksheet_write_string(ws, 3, 0, "项目 Item", f->head);
	worksheet_write_string(ws, 3, 1, "数值 Value", f->head);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		lxw_row_t r = (lxw_row_t)(4 + i);
		double v = num(s, rows[i].key);
		worksheet_write_string(ws, r, 0, rows[i].label, f->text);
		if (rows[i].kind == 2)
			worksheet_write_number(ws, r, 1, v / 100, f->pct);
		else
			worksheet_write_number(ws, r, 1, v, rows[i].kind == 1 ? f->yuan : f->text);
	}
}

static void projects(lxw_workbook *wb, const struct formats *f, json_t *doc)
{
	static const char *const names[] = {"序号",	"项目名称",	    "Project",	     "类别",
					    "牵头单位", "协办单位",	    "计划完成时间",  "完成进度",
					    "已支出（元）", "计划投资（元）", "预警灯",	     "最新进展日期",
					    "最新进展情况", "未办结督办事项"};
	static const double widths[] = {6, 28, 28, 10, 18, 22, 12, 9, 14, 14, 8, 12, 60, 10};
	lxw_worksheet *ws = table(wb, "项目进展", f, names, widths, sizeof names / sizeof names[0],
				  json_array_size(json_object_get(doc, "projects")));
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(doc, "projects"), i, p) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		int light = ms_names_find(&ms_light_names, str(p, "light"));
		worksheet_write_number(ws, r, 0, num(p, "number"), f->text);
		worksheet_write_string(ws, r, 1, str(p, "title"), f->wrap);
		worksheet_write_string(ws, r, 2, str(p, "title_en"), f->wrap);
		worksheet_write_string(ws, r, 3, str(p, "category"), f->wrap);
		worksheet_write_string(ws, r, 4, str(p, "lead_unit"), f->wrap);
		worksheet_write_string(ws, r, 5, str(p, "co_units"), f->wrap);
		worksheet_write_string(ws, r, 6, str(p, "finish_on"), f->day);
		worksheet_write_number(ws, r, 7, (double)num(p, "percent_done") / 100, f->pct);
		worksheet_write_number(ws, r, 8, num(p, "spent"), f->yuan);
		worksheet_write_number(ws, r, 9, num(p, "budget"), f->yuan);
		worksheet_write_string(ws, r, 10, light >= 0 ? ms_light_names.v[light].zh : "",
				       light >= 0 ? f->light[light] : f->text);
		worksheet_write_string(ws, r, 11, str(p, "report_on"), f->day);
		worksheet_write_string(ws, r, 12, str(p, "report_body"), f->wrap);
		worksheet_write_number(ws, r, 13, num(p, "tasks_open"), f->text);
	}
}

static void milestones(lxw_workbook *wb, const struct formats *f, json_t *doc)
{
	static const char *const names[] = {"项目序号", "项目名称", "里程碑", "计划日期", "实际完成日期", "情况"};
	static const double widths[] = {8, 28, 32, 12, 14, 12};
	lxw_worksheet *ws = table(wb, "里程碑", f, names, widths, sizeof names / sizeof names[0],
				  json_array_size(json_object_get(doc, "milestones")));
	const char *to = str(doc, "to"), *today = str(doc, "today");
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(doc, "milestones"), i, m) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		const char *planned = str(m, "planned_on"), *reached = str(m, "reached_on");
		const char *state = *reached ? (strcmp(reached, planned) <= 0 ? "按期完成" : "延期完成")
				    : strcmp(planned, strcmp(today, to) < 0 ? today : to) < 0 ? "逾期未完成"
											      : "未到期";
		char title[1024]; /* a milestone's title: up to 200 characters */
		snprintf(title, sizeof title, "%lld. %s", (long long)num(m, "milestone"), str(m, "title"));
		worksheet_write_number(ws, r, 0, num(m, "number"), f->text);
		worksheet_write_string(ws, r, 1, str(m, "project"), f->wrap);
		worksheet_write_string(ws, r, 2, title, f->wrap);
		worksheet_write_string(ws, r, 3, planned, f->day);
		worksheet_write_string(ws, r, 4, reached, f->day);
		worksheet_write_string(ws, r, 5, state, f->text);
	}
}

static void tasks(lxw_workbook *wb, const struct formats *f, json_t *doc)
{
	static const char *const names[] = {"项目序号", "项目名称", "承办单位", "督办事由", "交办日期", "办理期限", "状态"};
	static const double widths[] = {8, 28, 18, 40, 12, 12, 16};
	lxw_worksheet *ws = table(wb, "督办事项", f, names, widths, sizeof names / sizeof names[0],
				  json_array_size(json_object_get(doc, "tasks")));
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(doc, "tasks"), i, t) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		char state[64];
		bool overdue = json_is_true(json_object_get(t, "overdue"));
		int level = (int)num(t, "level");
		if (overdue && level > 0)
			snprintf(state, sizeof state, "逾期（已升级 %d 次）", level);
		else
			snprintf(state, sizeof state, "%s", overdue ? "逾期" : "办理中");
		worksheet_write_number(ws, r, 0, num(t, "number"), f->text);
		worksheet_write_string(ws, r, 1, str(t, "project"), f->wrap);
		worksheet_write_string(ws, r, 2, str(t, "unit"), f->wrap);
		worksheet_write_string(ws, r, 3, str(t, "why"), f->wrap);
		worksheet_write_string(ws, r, 4, str(t, "created_on"), f->day);
		worksheet_write_string(ws, r, 5, str(t, "due_on"), f->day);
		worksheet_write_string(ws, r, 6, state, overdue ? f->light[MS_LIGHT_RED] : f->text);
	}
}

/* The file's bytes into *buf (malloc'd), *len. */
static int read_back(const char *path, char **buf, size_t *len, struct ms_error *e)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot read the workbook: %s", strerror(errno));
	char *p = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	for (;;) {
		if (n == cap) {
			char *np = cap < FILE_MAX ? realloc(p, cap = cap ? 2 * cap : 65536) : NULL;
			if (!np) {
				rc = cap >= FILE_MAX ? ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "the workbook is too large")
						     : ms_nomem(e);
				break;
			}
			p = np;
		}
		size_t got = fread(p + n, 1, cap - n, in);
		n += got;
		if (got == 0) {
			if (ferror(in))
				rc = ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot read the workbook");
			break;
		}
	}
	fclose(in);
	if (rc) {
		free(p);
		return rc;
	}
	*buf = p;
	*len = n;
	return 0;
}

int ms_xlsx_make(const char *name, const char *title, const char *company, ms_xlsx_fill_fn fill, void *ctx,
		 char **buf, size_t *len, struct ms_error *e)
{
	int rc = ms_lazy_require(&xlsx, e);
	if (rc)
		return rc;
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[560];
	if (snprintf(dir, sizeof dir, "%s/minsheng-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp") >= (int)sizeof dir)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "TMPDIR is too long");
	if (!mkdtemp(dir))
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "cannot make a temporary directory: %s", strerror(errno));
	snprintf(path, sizeof path, "%s/%s", dir, name);
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		rc = ms_nomem(e);
		goto out;
	}
	lxw_doc_properties props = {.title = (char *)title, .company = (char *)company,
				    .comments = "Minsheng 民生实事项目代表票决系统"};
	workbook_set_properties(wb, &props);
	fill(wb, ctx);
	lxw_error err = workbook_close(wb);
	if (err)
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot write the workbook: %s", lxw_strerror(err));
	else
		rc = read_back(path, buf, len, e);
out:
	unlink(path);
	rmdir(dir);
	return rc;
}

static void fill_progress(lxw_workbook *wb, void *ctx)
{
	json_t *doc = ctx;
	struct formats f;
	formats(wb, &f);
	summary(wb, &f, doc);
	projects(wb, &f, doc);
	milestones(wb, &f, doc);
	tasks(wb, &f, doc);
}

int ms_progress_xlsx(json_t *doc, char **buf, size_t *len, struct ms_error *e)
{
	char title[512];
	snprintf(title, sizeof title, "%s %lld年%s民生实事项目实施进展情况", str(doc, "congress"),
		 (long long)num(doc, "year"), ms_progress_quarter_zh((int64_t)num(doc, "quarter")));
	return ms_xlsx_make("progress.xlsx", title, str(doc, "congress"), fill_progress, doc, buf, len, e);
}
