/*
 * assess_export.c — the league table of the unit assessment as files. The
 * XLSX has two sheets: 考核排名 (one row a unit in table order: rank, unit,
 * score as a number with two decimals and exactly as a fraction, class, the
 * red or black list, each component as num/den or 无数据, the penalty;
 * frozen, filtered header; printed A4 landscape) and 评分规则 (the rule in
 * words, each component's definition, Chinese and English). The PDF is A4
 * landscape: title, period, the table (its header repeated on each page),
 * the red and black lists, the rule in words, "第 N 页 共 M 页".
 *
 * The workbook is made by ms_xlsx_make (progress_xlsx.c: a temporary
 * directory of its own, read back); text is written as text.
 */
#include "assess_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../assess/assess_unit.h"
#include "report_internal.h"
#include "xlsx_lazy.h"

#define N_COMP MS_AC_COUNT

static void title_of(json_t *t, char *buf, size_t cap)
{
	json_t *p = json_object_get(t, "period");
	if (json_is_integer(json_object_get(p, "month")))
		snprintf(buf, cap, "%s %lld年%lld月承办单位考核排名", str(t, "congress_name"), num(p, "year"),
			 num(p, "month"));
	else
		snprintf(buf, cap, "%s %lld年度承办单位考核排名", str(t, "congress_name"), num(p, "year"));
}

/* "3/4", or "无数据 no data". */
static void comp_cell(json_t *c, char *buf, size_t cap)
{
	if (json_is_true(json_object_get(c, "no_data")))
		snprintf(buf, cap, "无数据 no data");
	else
		snprintf(buf, cap, "%lld/%lld", num(c, "num"), num(c, "den"));
}

static const char *list_of(json_t *row)
{
	return json_is_true(json_object_get(row, "red_list"))	  ? "红榜"
	       : json_is_true(json_object_get(row, "black_list")) ? "黑榜"
								  : "";
}

/* ---- XLSX ---- */

static void xlsx_table(lxw_workbook *wb, json_t *t)
{
	lxw_format *title = ms_xlsx_format(wb, false), *head = ms_xlsx_format(wb, true), *text = ms_xlsx_format(wb, true), *score = ms_xlsx_format(wb, true);
	lxw_format *red = ms_xlsx_format(wb, true), *black = ms_xlsx_format(wb, true);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_bold(head);
	format_set_pattern(head, LXW_PATTERN_SOLID);
	format_set_bg_color(head, 0xD9D9D9);
	format_set_text_wrap(head);
	format_set_num_format(score, "0.00");
	format_set_pattern(red, LXW_PATTERN_SOLID);
	format_set_bg_color(red, 0xFFC7CE);
	format_set_pattern(black, LXW_PATTERN_SOLID);
	format_set_bg_color(black, 0xBFBFBF);
	json_t *comps = json_object_get(json_object_get(t, "settings"), "components");
	const char *heads[8 + N_COMP] = {"名次 Rank", "单位 Unit", "得分 Score", "精确得分 Exact", "等级 Class", "红黑榜 List"};
	double widths[8 + N_COMP] = {8, 28, 10, 14, 12, 10};
	size_t n = 6;
	char comp_heads[N_COMP][160];
	for (size_t i = 0; i < N_COMP; i++, n++) {
		json_t *c = json_array_get(comps, i);
		snprintf(comp_heads[i], sizeof comp_heads[i], "%s（权重%lld）", str(c, "name"), num(c, "weight"));
		heads[n] = comp_heads[i];
		widths[n] = 16;
	}
	heads[n] = "扣分 Penalty";
	widths[n++] = 10;
	lxw_worksheet *ws = ms_xlsx_sheet(wb, "考核排名", true, widths, n);
	char buf[512];
	title_of(t, buf, sizeof buf);
	worksheet_write_string(ws, 0, 0, buf, title);
	json_t *p = json_object_get(t, "period");
	snprintf(buf, sizeof buf, "考核期间 Period: %s 至 %s", str(p, "from"), str(p, "to"));
	worksheet_write_string(ws, 1, 0, buf, NULL);
	lxw_row_t top = 3;
	for (size_t i = 0; i < n; i++)
		worksheet_write_string(ws, top, (lxw_col_t)i, heads[i], head);
	size_t k;
	json_t *row;
	json_t *units = json_object_get(t, "units");
	json_array_foreach(units, k, row) {
		lxw_row_t r = (lxw_row_t)(top + 1 + k);
		lxw_format *lf = json_is_true(json_object_get(row, "red_list"))	  ? red
				 : json_is_true(json_object_get(row, "black_list")) ? black
										     : text;
		if (json_is_integer(json_object_get(row, "rank")))
			worksheet_write_number(ws, r, 0, (double)num(row, "rank"), text);
		else
			worksheet_write_string(ws, r, 0, "—", text);
		worksheet_write_string(ws, r, 1, str(row, "name"), text);
		if (json_is_string(json_object_get(row, "score_decimal")))
			worksheet_write_number(ws, r, 2, strtod(str(row, "score_decimal"), NULL), score);
		else
			worksheet_write_string(ws, r, 2, "—", text);
		worksheet_write_string(ws, r, 3, json_is_string(json_object_get(row, "score")) ? str(row, "score") : "—",
				       text);
		worksheet_write_string(ws, r, 4, str(row, "class_name"), lf);
		worksheet_write_string(ws, r, 5, list_of(row), lf);
		for (size_t i = 0; i < N_COMP; i++) {
			comp_cell(json_array_get(json_object_get(row, "components"), i), buf, sizeof buf);
			worksheet_write_string(ws, r, (lxw_col_t)(6 + i), buf, text);
		}
		worksheet_write_number(ws, r, (lxw_col_t)(6 + N_COMP), (double)num(row, "penalty"), text);
	}
	worksheet_freeze_panes(ws, top + 1, 0);
	worksheet_autofilter(ws, top, 0, (lxw_row_t)(top + json_array_size(units)), (lxw_col_t)(n - 1));
	worksheet_repeat_rows(ws, top, top);

	static const double rule_widths[] = {28, 70, 70};
	lxw_worksheet *rs = ms_xlsx_sheet(wb, "评分规则", true, rule_widths, 3);
	lxw_format *wrap = ms_xlsx_format(wb, true);
	format_set_text_wrap(wrap);
	worksheet_write_string(rs, 0, 0, "项目 Item", head);
	worksheet_write_string(rs, 0, 1, "中文", head);
	worksheet_write_string(rs, 0, 2, "English", head);
	json_t *s = json_object_get(t, "settings"), *words = json_object_get(s, "words");
	worksheet_write_string(rs, 1, 0, "评分规则 The rule", text);
	worksheet_write_string(rs, 1, 1, str(words, "zh"), wrap);
	worksheet_write_string(rs, 1, 2, str(words, "en"), wrap);
	json_array_foreach(comps, k, row) {
		json_t *def = json_object_get(row, "definition");
		snprintf(buf, sizeof buf, "%s %s（权重 weight %lld）", str(row, "name"), str(row, "name_en"),
			 num(row, "weight"));
		worksheet_write_string(rs, (lxw_row_t)(2 + k), 0, buf, wrap);
		worksheet_write_string(rs, (lxw_row_t)(2 + k), 1, str(def, "zh"), wrap);
		worksheet_write_string(rs, (lxw_row_t)(2 + k), 2, str(def, "en"), wrap);
	}
	json_t *pen = json_object_get(s, "penalty");
	lxw_row_t r = (lxw_row_t)(2 + json_array_size(comps));
	worksheet_write_string(rs, r, 0, "扣分 Penalty", wrap);
	worksheet_write_string(rs, r, 1, str(pen, "zh"), wrap);
	worksheet_write_string(rs, r, 2, str(pen, "en"), wrap);
}

static void fill_assess(lxw_workbook *wb, void *ctx)
{
	xlsx_table(wb, ctx);
}

int ms_assess_table_xlsx(json_t *t, char **buf, size_t *len, struct ms_error *e)
{
	char title[512];
	title_of(t, title, sizeof title);
	return ms_xlsx_make("assessment.xlsx", title, str(t, "congress_name"), fill_assess, t, buf, len, e);
}

/* ---- PDF ---- */

#define PAGE_W MS_PDF_A4_H
#define PAGE_H MS_PDF_A4_W
#define MARGIN 36.0
#define FOOT 24.0
#define PAD 3.0
#define PT 8.5
#define NCOL (7 + N_COMP)

struct sheet {
	struct ms_pdf *d;
	bool draw;
	int page, pages;
	double y;
};

/* the components share what the six fixed columns and the penalty leave of the page (770 pt) */
static const double col_w[NCOL] = {34, 130, 48, 62, 48, 36, 53, 53, 53, 53, 53, 53, 53, 40};

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

static double row_height(struct sheet *s, const char *const *cells, bool bold)
{
	double h = 0;
	for (size_t i = 0; i < NCOL; i++) {
		double t = ms_pdf_measure(s->d, col_w[i] - 2 * PAD, cells[i], PT, bold);
		if (t > h)
			h = t;
	}
	return h + 2 * PAD;
}

/* fill: a grey for the header, a red or a grey for the lists, or none (< 0). */
static void row(struct sheet *s, const char *const *cells, bool bold, double r, double g, double b)
{
	double h = row_height(s, cells, bold), x = MARGIN;
	for (size_t i = 0; i < NCOL; i++) {
		if (s->draw) {
			cairo_t *cr = s->d->cr;
			cairo_rectangle(cr, x, s->y, col_w[i], h);
			if (r >= 0) {
				cairo_set_source_rgb(cr, r, g, b);
				cairo_fill_preserve(cr);
			}
			cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
			cairo_set_line_width(cr, 0.5);
			cairo_stroke(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			ms_pdf_text(s->d, x + PAD, s->y + PAD, col_w[i] - 2 * PAD, cells[i], PT, bold);
		}
		x += col_w[i];
	}
	s->y += h;
}

static bool fits(const struct sheet *s, double h)
{
	return s->y + h <= PAGE_H - MARGIN - FOOT;
}

static void paragraph(struct sheet *s, const char *t, double pt, bool bold)
{
	double w = PAGE_W - 2 * MARGIN, h = ms_pdf_measure(s->d, w, t, pt, bold);
	if (!fits(s, h))
		new_page(s);
	s->y += text(s, MARGIN, s->y, w, t, pt, bold) + 4;
}

static void document(struct sheet *s, json_t *t)
{
	double w = PAGE_W - 2 * MARGIN;
	char buf[1024];
	s->page = 1;
	s->y = MARGIN;
	cairo_set_source_rgb(s->d->cr, 0, 0, 0);
	title_of(t, buf, sizeof buf);
	s->y += (s->draw ? ms_pdf_text_center(s->d, MARGIN, s->y, w, buf, 16, true)
			 : ms_pdf_measure(s->d, w, buf, 16, true)) + 2;
	json_t *p = json_object_get(t, "period");
	snprintf(buf, sizeof buf, "Unit assessment league table — 考核期间 Period: %s 至 %s", str(p, "from"), str(p, "to"));
	s->y += (s->draw ? ms_pdf_text_center(s->d, MARGIN, s->y, w, buf, 9, false)
			 : ms_pdf_measure(s->d, w, buf, 9, false)) + 10;
	json_t *comps = json_object_get(json_object_get(t, "settings"), "components");
	char heads[NCOL][160];
	const char *hp[NCOL];
	static const char *const fixed[] = {"名次", "单位", "得分", "精确得分", "等级", "红黑榜"};
	for (size_t i = 0; i < 6; i++)
		snprintf(heads[i], sizeof heads[i], "%s", fixed[i]);
	for (size_t i = 0; i < N_COMP; i++) {
		json_t *c = json_array_get(comps, i);
		snprintf(heads[6 + i], sizeof heads[6 + i], "%s（%lld）", str(c, "name"), num(c, "weight"));
	}
	snprintf(heads[NCOL - 1], sizeof heads[NCOL - 1], "扣分");
	for (size_t i = 0; i < NCOL; i++)
		hp[i] = heads[i];
	row(s, hp, true, 0.85, 0.85, 0.85);
	size_t k;
	json_t *u;
	json_array_foreach(json_object_get(t, "units"), k, u) {
		char cells[NCOL][160];
		const char *cp[NCOL];
		if (json_is_integer(json_object_get(u, "rank")))
			snprintf(cells[0], sizeof cells[0], "%lld", num(u, "rank"));
		else
			snprintf(cells[0], sizeof cells[0], "—");
		snprintf(cells[1], sizeof cells[1], "%s", str(u, "name"));
		snprintf(cells[2], sizeof cells[2], "%s", *str(u, "score_decimal") ? str(u, "score_decimal") : "—");
		snprintf(cells[3], sizeof cells[3], "%s", *str(u, "score") ? str(u, "score") : "—");
		snprintf(cells[4], sizeof cells[4], "%s", str(u, "class_name"));
		snprintf(cells[5], sizeof cells[5], "%s", list_of(u));
		for (size_t i = 0; i < N_COMP; i++) {
			json_t *c = json_array_get(json_object_get(u, "components"), i);
			if (json_is_true(json_object_get(c, "no_data")))
				snprintf(cells[6 + i], sizeof cells[6 + i], "无数据");
			else
				snprintf(cells[6 + i], sizeof cells[6 + i], "%lld/%lld", num(c, "num"), num(c, "den"));
		}
		snprintf(cells[NCOL - 1], sizeof cells[NCOL - 1], "%lld", num(u, "penalty"));
		for (size_t i = 0; i < NCOL; i++)
			cp[i] = cells[i];
		if (!fits(s, row_height(s, cp, false))) {
			new_page(s);
			row(s, hp, true, 0.85, 0.85, 0.85);
		}
		bool r = json_is_true(json_object_get(u, "red_list")), b = json_is_true(json_object_get(u, "black_list"));
		row(s, cp, false, r ? 1.0 : b ? 0.75 : -1, r ? 0.78 : b ? 0.75 : 0, r ? 0.8 : b ? 0.75 : 0);
	}
	s->y += 10;
	json_t *st = json_object_get(t, "settings");
	paragraph(s, "评分规则 The rule", 11, true);
	paragraph(s, str(json_object_get(st, "words"), "zh"), 9, false);
	paragraph(s, str(json_object_get(st, "words"), "en"), 8.5, false);
	json_array_foreach(comps, k, u) {
		snprintf(buf, sizeof buf, "%s：%s", str(u, "name"), str(json_object_get(u, "definition"), "zh"));
		paragraph(s, buf, 8.5, false);
	}
	snprintf(buf, sizeof buf, "扣分：%s", str(json_object_get(st, "penalty"), "zh"));
	paragraph(s, buf, 8.5, false);
	foot(s);
}

int ms_assess_table_pdf(json_t *t, char **pdf, size_t *len, struct ms_error *e)
{
	struct ms_pdf d;
	ms_pdf_begin_size(&d, PAGE_W, PAGE_H);
	struct sheet s = {.d = &d, .draw = false};
	document(&s, t);
	s.pages = s.page;
	s.draw = true;
	document(&s, t);
	return ms_pdf_end(&d, 0, pdf, len, e);
}

int ms_assess_export(struct ms_store *st, int64_t congress_id, int64_t year, int64_t month, bool xlsx, char **buf,
		     size_t *len, struct ms_error *e)
{
	struct ms_assess_period p;
	struct ms_db *db;
	json_t *table = NULL;
	int rc = ms_assess_period_make(year, month, &p, e);
	if (rc || (rc = ms_store_acquire(st, &db, e)))
		return rc;
	if (!(rc = ms_db_begin(db, false, e))) {
		rc = ms_assess_league(db, congress_id, &p, &table, e);
		ms_db_rollback(db);
	}
	ms_store_release(st, db);
	if (!rc)
		rc = xlsx ? ms_assess_table_xlsx(table, buf, len, e) : ms_assess_table_pdf(table, buf, len, e);
	json_decref(table);
	return rc;
}
