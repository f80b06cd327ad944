/*
 * progress_pdf.c — the quarterly progress report (progress.c's document)
 * as an A4 landscape PDF (pdf.c: cairo + pango, Noto Sans CJK SC): the
 * title, the summary, then three tables — the projects, the milestones of
 * the quarter, the open supervision tasks — whose cells wrap and whose
 * header row is repeated on each new page; "第 N 页 共 M 页" at the foot.
 *
 * The pages are laid out twice: once measuring only, to count them, then
 * drawing, so that every page can say how many there are.
 */
#include "report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../supervise/supervise.h"

#define PAGE_W MS_PDF_A4_H
#define PAGE_H MS_PDF_A4_W
#define MARGIN 36.0
#define FOOT 24.0   /* the page number's band at the bottom */
#define PAD 3.0     /* inside a cell */
#define PT 8.5      /* table text */
#define EXCERPT 160 /* characters of the latest report shown */

struct sheet {
	struct ms_pdf *d;
	bool draw;
	int page, pages;
	double y;
};

struct col {
	const char *head;
	double w;
};

/* A cell's background (set false: none). */
struct rgb {
	bool set;
	double r, g, b;
};

static double text(struct sheet *s, double x, double y, double w, const char *t, double pt, bool bold)
{
	return s->draw ? ms_pdf_text(s->d, x, y, w, t, pt, bold) : ms_pdf_measure(s->d, w, t, pt, bold);
}

static void foot(struct sheet *s)
{
	if (!s->draw)
		return;
	char buf[64];
	snprintf(buf, sizeof buf, "第 %d 页 共 %d 页", s->page, s->pages);
	cairo_set_source_rgb(s->d->cr, 0, 0, 0);
	ms_pdf_text_center(s->d, MARGIN, PAGE_H - MARGIN + 6, PAGE_W - 2 * MARGIN, buf, 9, false);
}

static void new_page(struct sheet *s)
{
	foot(s);
	if (s->draw)
		cairo_show_page(s->d->cr);
	s->page++;
	s->y = MARGIN;
}

/* Whether h more points fit on the page. */
static bool fits(const struct sheet *s, double h)
{
	return s->y + h <= PAGE_H - MARGIN - FOOT;
}

static double row_height(struct sheet *s, const struct col *cols, size_t n, const char *const *cells, bool bold)
{
	double h = 0;
	for (size_t i = 0; i < n; i++) {
		double t = ms_pdf_measure(s->d, cols[i].w - 2 * PAD, cells[i], PT, bold);
		if (t > h)
			h = t;
	}
	return h + 2 * PAD;
}

/* One row of cells (fill: the background of each cell, or NULL). */
static void row(struct sheet *s, const struct col *cols, size_t n, const char *const *cells, bool bold,
		const struct rgb *fill)
{
	double h = row_height(s, cols, n, cells, bold), x = MARGIN;
	for (size_t i = 0; i < n; i++) {
		if (s->draw) {
			cairo_t *cr = s->d->cr;
			cairo_rectangle(cr, x, s->y, cols[i].w, h);
			if (fill && fill[i].set) {
				cairo_set_source_rgb(cr, fill[i].r, fill[i].g, fill[i].b);
				cairo_fill_preserve(cr);
			}
			cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
			cairo_set_line_width(cr, 0.5);
			cairo_stroke(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			ms_pdf_text(s->d, x + PAD, s->y + PAD, cols[i].w - 2 * PAD, cells[i], PT, bold);
		}
		x += cols[i].w;
	}
	s->y += h;
}

static void head_row(struct sheet *s, const struct col *cols, size_t n)
{
	const char *cells[16];
	struct rgb fill[16];
	for (size_t i = 0; i < n; i++) {
		cells[i] = cols[i].head;
		fill[i] = (struct rgb){true, 0.85, 0.85, 0.85};
	}
	row(s, cols, n, cells, true, fill);
}

/* A body row: on a new page (with the header again) when it does not fit. */
static void body_row(struct sheet *s, const struct col *cols, size_t n, const char *const *cells,
		     const struct rgb *fill)
{
	if (!fits(s, row_height(s, cols, n, cells, false))) {
		new_page(s);
		head_row(s, cols, n);
	}
	row(s, cols, n, cells, false, fill);
}

/* A section's heading and the table's header, together on one page. */
static void section(struct sheet *s, const char *title, const struct col *cols, size_t n)
{
	const char *heads[16];
	for (size_t i = 0; i < n; i++)
		heads[i] = cols[i].head;
	double h = ms_pdf_measure(s->d, PAGE_W - 2 * MARGIN, title, 12, true) + 12 + row_height(s, cols, n, heads, true);
	if (!fits(s, h + 40))
		new_page(s);
	s->y += 8;
	s->y += text(s, MARGIN, s->y, PAGE_W - 2 * MARGIN, title, 12, true) + 4;
	head_row(s, cols, n);
}

/* The first max characters of s (UTF-8) into out, with "……" when cut. */
static void excerpt(const char *s, size_t max, char *out, size_t cap)
{
	size_t i = 0, chars = 0;
	while (s[i] && chars < max) {
		size_t k = 1;
		while ((s[i + k] & 0xC0) == 0x80)
			k++;
		if (i + k + 7 > cap)
			break;
		i += k, chars++;
	}
	memcpy(out, s, i);
	snprintf(out + i, cap - i, "%s", s[i] ? "……" : "");
}

static const struct rgb light_fill[] = {
	{true, 0.78, 0.94, 0.81}, {true, 1.0, 0.92, 0.61}, {true, 1.0, 0.78, 0.81}, {true, 0.74, 0.84, 0.93}};

static void projects(struct sheet *s, json_t *doc)
{
	static const struct col cols[] = {{"序号", 28},		{"项目名称", 150},   {"类别", 52},
					  {"牵头单位 / 协办单位", 118}, {"计划完成", 58},	{"完成进度", 44},
					  {"已支出 / 计划投资（元）", 96}, {"预警灯", 38},	{"最新进展", 186}};
	size_t n = sizeof cols / sizeof cols[0];
	section(s, "一、项目实施进展", cols, n);
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(doc, "projects"), i, p) {
		char no[16], title[2048], units[10240], pct[16], sp[32], bu[32], money[80], body[EXCERPT * 4 + 8],
			latest[EXCERPT * 4 + 40];
		snprintf(no, sizeof no, "%lld", num(p, "number"));
		snprintf(title, sizeof title, "%s%s%s", str(p, "title"), *str(p, "title_en") ? "\n" : "", str(p, "title_en"));
		snprintf(units, sizeof units, "%s%s%s", str(p, "lead_unit"), *str(p, "co_units") ? "\n协办：" : "",
			 str(p, "co_units"));
		snprintf(pct, sizeof pct, "%lld%%", num(p, "percent_done"));
		ms_print_yuan(num(p, "spent"), sp, sizeof sp);
		ms_print_yuan(num(p, "budget"), bu, sizeof bu);
		snprintf(money, sizeof money, "%s /\n%s", sp, bu);
		excerpt(str(p, "report_body"), EXCERPT, body, sizeof body);
		if (*str(p, "report_on"))
			snprintf(latest, sizeof latest, "%s：%s", str(p, "report_on"), body);
		else
			snprintf(latest, sizeof latest, "（尚无已发布的进展报告）");
		int light = ms_names_find(&ms_light_names, str(p, "light"));
		const char *cells[] = {no,	 title, str(p, "category"), units, str(p, "finish_on"), pct, money,
				       light >= 0 ? ms_light_names.v[light].zh : "", latest};
		struct rgb fill[9] = {{0}};
		if (light >= 0)
			fill[7] = light_fill[light];
		body_row(s, cols, n, cells, fill);
	}
	if (!json_array_size(json_object_get(doc, "projects")))
		body_row(s, cols, n, (const char *const[]){"", "本年度尚无实施中的项目", "", "", "", "", "", "", ""}, NULL);
}

static void milestones(struct sheet *s, json_t *doc)
{
	static const struct col cols[] = {{"序号", 28},	    {"项目名称", 200},    {"里程碑", 250},
					  {"计划日期", 80}, {"实际完成日期", 90}, {"情况", 122}};
	size_t n = sizeof cols / sizeof cols[0];
	section(s, "二、本季度里程碑（计划与实际）", cols, n);
	const char *to = str(doc, "to"), *today = str(doc, "today");
	const char *until = strcmp(today, to) < 0 ? today : to;
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(doc, "milestones"), i, m) {
		char no[16], title[1024]; /* a milestone's title: up to 200 characters */
		const char *planned = str(m, "planned_on"), *reached = str(m, "reached_on");
		snprintf(no, sizeof no, "%lld", num(m, "number"));
		snprintf(title, sizeof title, "%lld. %s", num(m, "milestone"), str(m, "title"));
		const char *state = *reached ? (strcmp(reached, planned) <= 0 ? "按期完成" : "延期完成")
				    : strcmp(planned, until) < 0 ? "逾期未完成"
								 : "未到期";
		const char *cells[] = {no, str(m, "project"), title, planned, *reached ? reached : "—", state};
		body_row(s, cols, n, cells, NULL);
	}
	if (!json_array_size(json_object_get(doc, "milestones")))
		body_row(s, cols, n, (const char *const[]){"", "本季度无计划或完成的里程碑", "", "", "", ""}, NULL);
}

static void tasks(struct sheet *s, json_t *doc)
{
	static const struct col cols[] = {{"序号", 28},	    {"项目名称", 170}, {"承办单位", 120}, {"督办事由", 250},
					  {"交办日期", 66}, {"办理期限", 66},  {"状态", 70}};
	size_t n = sizeof cols / sizeof cols[0];
	section(s, "三、未办结督办事项", cols, n);
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(doc, "tasks"), i, t) {
		char no[16], state[64];
		bool overdue = json_is_true(json_object_get(t, "overdue"));
		snprintf(no, sizeof no, "%lld", num(t, "number"));
		if (overdue && num(t, "level") > 0)
			snprintf(state, sizeof state, "逾期（已升级 %lld 次）", num(t, "level"));
		else
			snprintf(state, sizeof state, "%s", overdue ? "逾期" : "办理中");
		const char *cells[] = {no, str(t, "project"), str(t, "unit"), str(t, "why"), str(t, "created_on"),
				       str(t, "due_on"), state};
		struct rgb fill[7] = {{0}};
		if (overdue)
			fill[6] = light_fill[MS_LIGHT_RED];
		body_row(s, cols, n, cells, fill);
	}
	if (!json_array_size(json_object_get(doc, "tasks")))
		body_row(s, cols, n, (const char *const[]){"", "无未办结的督办事项", "", "", "", "", ""}, NULL);
}

static void document(struct sheet *s, json_t *doc)
{
	double w = PAGE_W - 2 * MARGIN;
	char buf[1024], sp[32], bu[32];
	json_t *sum = json_object_get(doc, "summary");
	s->page = 1;
	s->y = MARGIN;
	cairo_set_source_rgb(s->d->cr, 0, 0, 0);
	snprintf(buf, sizeof buf, "%s\n%lld年%s民生实事项目实施进展情况", str(doc, "congress"), num(doc, "year"),
		 ms_progress_quarter_zh(num(doc, "quarter")));
	s->y += (s->draw ? ms_pdf_text_center(s->d, MARGIN, s->y, w, buf, 16, true)
			 : ms_pdf_measure(s->d, w, buf, 16, true)) + 2;
	snprintf(buf, sizeof buf, "%s%sLivelihood projects: progress report, Q%lld %lld", str(doc, "congress_en"),
		 *str(doc, "congress_en") ? " — " : "", num(doc, "quarter"), num(doc, "year"));
	s->y += (s->draw ? ms_pdf_text_center(s->d, MARGIN, s->y, w, buf, 10, false)
			 : ms_pdf_measure(s->d, w, buf, 10, false)) + 4;
	snprintf(buf, sizeof buf, "报告期：%s 至 %s　　统计日期：%s", str(doc, "from"), str(doc, "to"), str(doc, "today"));
	s->y += (s->draw ? ms_pdf_text_center(s->d, MARGIN, s->y, w, buf, 9, false)
			 : ms_pdf_measure(s->d, w, buf, 9, false)) + 10;
	ms_print_yuan(num(sum, "spent"), sp, sizeof sp);
	ms_print_yuan(num(sum, "budget"), bu, sizeof bu);
	snprintf(buf, sizeof buf,
		 "本年度实施民生实事项目 %lld 个，其中绿灯（按计划推进）%lld 个、黄灯 %lld 个、红灯 %lld 个、蓝灯（已完成）%lld 个。"
		 "计划投资 %s 元，已支出 %s 元；平均完成进度 %lld%%。未办结督办事项 %lld 件，其中逾期 %lld 件；"
		 "待答复督办函 %lld 件。",
		 num(sum, "projects"), num(sum, "green"), num(sum, "yellow"), num(sum, "red"), num(sum, "blue"), bu, sp,
		 num(sum, "percent_avg"), num(sum, "tasks_open"), num(sum, "tasks_overdue"), num(sum, "letters_waiting"));
	s->y += text(s, MARGIN, s->y, w, buf, 10.5, false) + 4;
	projects(s, doc);
	milestones(s, doc);
	tasks(s, doc);
	foot(s);
}

int ms_progress_pdf(json_t *doc, char **pdf, size_t *len, struct ms_error *e)
{
	struct ms_pdf d;
	ms_pdf_begin_size(&d, PAGE_W, PAGE_H);
	struct sheet s = {.d = &d, .draw = false};
	document(&s, doc);
	s.pages = s.page;
	s.draw = true;
	document(&s, doc);
	return ms_pdf_end(&d, 0, pdf, len, e);
}
