/*
 * print_pdf.c — what the poll's printouts (ballot_pdf.c, tally_pdf.c) share
 * on the PDF canvas (pdf.c): a table whose cells wrap, whose header row is
 * repeated on each new page and whose cells may be a box to mark by hand;
 * the page number at the foot; money in yuan with thousands separators.
 */
#include "report_internal.h"

#include <stdio.h>

#define PAD 4.0 /* inside a cell */
#define BOX 14.0 /* a box to mark, points square */

static double cell_height(struct ms_ptable *t, const struct ms_pcol *col, const char *s, bool bold)
{
	double h = col->kind == MS_PCOL_BOX ? BOX : 0;
	if (s && *s) {
		double m = ms_pdf_measure(t->d, col->w - 2 * PAD, s, t->pt, bold);
		if (m > h)
			h = m;
	}
	return h + 2 * PAD;
}

static double row_height(struct ms_ptable *t, const char *const *cells, bool bold)
{
	double h = t->min_row;
	for (size_t i = 0; i < t->n; i++) {
		double c = cell_height(t, &t->cols[i], cells[i], bold);
		if (c > h)
			h = c;
	}
	return h;
}

static void draw_row(struct ms_ptable *t, const char *const *cells, bool head)
{
	cairo_t *cr = t->d->cr;
	double h = row_height(t, cells, head), x = t->x;
	for (size_t i = 0; i < t->n; i++) {
		const struct ms_pcol *c = &t->cols[i];
		cairo_rectangle(cr, x, t->y, c->w, h);
		if (head) {
			cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
			cairo_fill_preserve(cr);
		}
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_set_line_width(cr, 0.6);
		cairo_stroke(cr);
		if (!head && c->kind == MS_PCOL_BOX) {
			cairo_rectangle(cr, x + (c->w - BOX) / 2, t->y + (h - BOX) / 2, BOX, BOX);
			cairo_set_line_width(cr, 1.0);
			cairo_stroke(cr);
		} else if (cells[i] && *cells[i]) {
			double th = ms_pdf_measure(t->d, c->w - 2 * PAD, cells[i], t->pt, head);
			double y = t->y + (h - th) / 2;
			if (head || c->kind != MS_PCOL_TEXT)
				ms_pdf_text_center(t->d, x + PAD, y, c->w - 2 * PAD, cells[i], t->pt, head);
			else
				ms_pdf_text(t->d, x + PAD, y, c->w - 2 * PAD, cells[i], t->pt, false);
		}
		x += c->w;
	}
	t->y += h;
}

void ms_ptable_foot(struct ms_ptable *t)
{
	char buf[1400]; /* a foot of a title of 200 characters, with the congress's name */
	snprintf(buf, sizeof buf, "%s　第 %d 页", t->foot ? t->foot : "", t->page);
	cairo_set_source_rgb(t->d->cr, 0, 0, 0);
	ms_pdf_text_center(t->d, t->x, t->page_h - t->margin + 8, t->page_w - 2 * t->x, buf, 8.5, false);
}

void ms_ptable_new_page(struct ms_ptable *t)
{
	ms_ptable_foot(t);
	cairo_show_page(t->d->cr);
	t->page++;
	t->y = t->margin;
}

bool ms_ptable_fits(const struct ms_ptable *t, double h)
{
	return t->y + h <= t->page_h - t->margin;
}

void ms_ptable_head(struct ms_ptable *t)
{
	const char *heads[MS_PCOLS_MAX];
	for (size_t i = 0; i < t->n; i++)
		heads[i] = t->cols[i].head;
	if (!ms_ptable_fits(t, 2 * row_height(t, heads, true)))
		ms_ptable_new_page(t);
	draw_row(t, heads, true);
}

void ms_ptable_row(struct ms_ptable *t, const char *const *cells)
{
	if (!ms_ptable_fits(t, row_height(t, cells, false))) {
		ms_ptable_new_page(t);
		ms_ptable_head(t);
	}
	draw_row(t, cells, false);
}

void ms_print_yuan(long long v, char *out, size_t cap)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v), o = 0;
	if (v < 0 && (size_t)o + 1 < cap)
		out[o++] = '-';
	for (int i = 0; i < n && (size_t)o + 2 < cap; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = 0;
}
