/*
 * slips.c — the voting-code slips of a code-sheet poll as a PDF to print and
 * cut (cairo + pango, with a CJK font through fontconfig: Noto Sans CJK SC;
 * QR codes by libqrencode). A4, eight slips a page; each carries the poll's
 * title, its number (to void it if spoiled or lost), a QR code of the voting
 * page's address with the code after '#' (so the code never reaches a server
 * log), the code in groups of four to type by hand, and the rule of use.
 */
#include "report.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vote/vote.h"

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define COLS 2
#define ROWS 4
#define MARGIN 28.0

struct sink {
	unsigned char *p;
	size_t len, cap;
	bool nomem;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int n)
{
	struct sink *s = closure;
	if (s->len + n > s->cap) {
		size_t nc = (s->cap ? 2 * s->cap : 65536) + n;
		unsigned char *np = realloc(s->p, nc);
		if (!np) {
			s->nomem = true;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		s->p = np, s->cap = nc;
	}
	memcpy(s->p + s->len, data, n);
	s->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/* Text at (x, y), width w, in the CJK sans at size pt; bold when asked;
 * laid out in the PDF's own pango context pc. */
static void text(cairo_t *cr, PangoContext *pc, double x, double y, double w, const char *s, double pt, bool bold)
{
	pango_cairo_update_context(cr, pc);
	PangoLayout *l = pango_layout_new(pc);
	PangoFontDescription *fd = pango_font_description_from_string("Noto Sans CJK SC");
	pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
}

/* The QR code of s, size side points, at (x, y). */
static int qr(cairo_t *cr, double x, double y, double side, const char *s)
{
	QRcode *q = QRcode_encodeString(s, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return -1;
	int quiet = 2, n = q->width + 2 * quiet;
	double m = side / n;
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				cairo_rectangle(cr, x + (c + quiet) * m, y + (r + quiet) * m, m, m);
	cairo_fill(cr);
	QRcode_free(q);
	return 0;
}

static int slip(cairo_t *cr, PangoContext *pc, double x, double y, double w, double h, const char *title, const char *base_url,
		int64_t poll_id, int64_t serial, const char *code)
{
	cairo_save(cr);
	static const double dash[] = {4.0, 3.0};
	cairo_set_dash(cr, dash, 2, 0);
	cairo_set_line_width(cr, 0.6);
	cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
	cairo_restore(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	char line[160];
	text(cr, pc, x + 10, y + 8, w - 20, title, 10, true);
	snprintf(line, sizeof line, "投票 %lld　匿名票码第 %lld 号　Poll %lld, slip No. %lld", (long long)poll_id,
		 (long long)serial, (long long)poll_id, (long long)serial);
	text(cr, pc, x + 10, y + 36, w - 20, line, 9, false);
	char url[512];
	if ((size_t)snprintf(url, sizeof url, "%s/v#%lld.%s", base_url, (long long)poll_id, code) >= sizeof url)
		return -1;
	double side = h - 100;
	if (qr(cr, x + 10, y + 52, side, url))
		return -1;
	char grouped[MS_CODE_LEN + MS_CODE_LEN / 4 + 1];
	size_t k = 0;
	for (size_t i = 0; i < MS_CODE_LEN; i++) {
		if (i && i % 4 == 0)
			grouped[k++] = '-';
		grouped[k++] = code[i];
	}
	grouped[k] = 0;
	double tx = x + 20 + side;
	text(cr, pc, tx, y + 58, x + w - tx - 10,
	     "请用手机扫描二维码投票（无需登录）。每张票码只能投一次；请勿示人，投票后可弃置。\n"
	     "Scan to vote (no login). Each code votes once; keep it to yourself.",
	     7.5, false);
	text(cr, pc, x + 10, y + h - 40, w - 20, grouped, 10, true);
	return 0;
}

int ms_slips_pdf(const char *title, const char *base_url, int64_t poll_id, int64_t first_serial, const char *codes,
		 uint32_t n, char **pdf, size_t *len, struct ms_error *e)
{
	struct sink s = {0};
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(sink_write, &s, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surf);
	/* A font map of its own, freed with it: pango's default one is per
	 * thread and would live as long as each server thread. */
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	double w = (PAGE_W - 2 * MARGIN) / COLS, h = (PAGE_H - 2 * MARGIN) / ROWS;
	int rc = 0;
	for (uint32_t i = 0; !rc && i < n; i++) {
		uint32_t at = i % (COLS * ROWS);
		if (i && at == 0)
			cairo_show_page(cr);
		if (slip(cr, pc, MARGIN + (at % COLS) * w, MARGIN + (double)(at / COLS) * h, w, h, title, base_url, poll_id,
			 first_serial + i, codes + (size_t)i * (MS_CODE_LEN + 1)))
			rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot draw slip %u", i + 1);
	}
	g_object_unref(pc);
	g_object_unref(fm);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	cairo_status_t st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (!rc && s.nomem)
		rc = ms_nomem(e);
	else if (!rc && st != CAIRO_STATUS_SUCCESS)
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot write the PDF: %s", cairo_status_to_string(st));
	if (rc) {
		free(s.p);
		return rc;
	}
	*pdf = (char *)s.p;
	*len = s.len;
	return 0;
}

void ms_report_shutdown(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
