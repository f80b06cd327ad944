/*
 * pdf.c — the canvas of the printouts (slips.c, letters.c, progress_pdf.c):
 * an A4 PDF (or pages of any size: the progress report is A4 landscape)
 * drawn with cairo into memory, text laid out by pango in Noto Sans CJK SC
 * through a font map of its own, QR codes by libqrencode.
 */
#include "report_internal.h"

#include <fontconfig/fontconfig.h>
#include <qrencode.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cairo, pango and fontconfig, loaded by the first PDF (pdf_lazy.h). */
MS_LAZY_LIBRARY(pdf, MS_PDF_FNS, MS_PANGOCAIRO_SONAME);
static atomic_bool pdf_loaded; /* ms_pdf_loaded */

bool ms_pdf_load(void)
{
	static atomic_bool said;
	bool ok = ms_lazy_load(&pdf);
	if (!ok && !atomic_exchange(&said, true))
		fprintf(stderr, "minsheng: PDFs cannot be made: %s\n", pdf.why);
	if (ok)
		atomic_store(&pdf_loaded, true);
	return ok;
}

bool ms_report_init(void)
{
	bool pdf_ok = ms_pdf_load();
	return ms_xlsx_load() && pdf_ok;
}

bool ms_pdf_loaded(void)
{
	return atomic_load(&pdf_loaded);
}

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int n)
{
	struct ms_pdf *s = closure;
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

void ms_pdf_begin_size(struct ms_pdf *d, double w, double h)
{
	memset(d, 0, sizeof *d);
	/* `serve` and `minsheng report` check at their start (ms_report_init),
	 * so this never fails there; a program that did not check cannot go on
	 * without them (every printout draws with them). */
	if (!ms_pdf_load())
		abort();
	d->surf = cairo_pdf_surface_create_for_stream(sink_write, d, w, h);
	d->cr = cairo_create(d->surf);
	/* A font map of its own, freed with it: pango's default one is per
	 * thread and would live as long as each server thread. */
	d->fm = pango_cairo_font_map_new();
	d->pc = pango_font_map_create_context(d->fm);
}

void ms_pdf_begin(struct ms_pdf *d)
{
	ms_pdf_begin_size(d, MS_PDF_A4_W, MS_PDF_A4_H);
}

/* The laid-out text (unref it): width w, wrapped, aligned as asked. */
static PangoLayout *layout(struct ms_pdf *d, double w, const char *s, double pt, bool bold, PangoAlignment align)
{
	pango_cairo_update_context(d->cr, d->pc);
	PangoLayout *l = pango_layout_new(d->pc);
	PangoFontDescription *fd = pango_font_description_from_string("Noto Sans CJK SC");
	pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, s, -1);
	pango_font_description_free(fd);
	return l;
}

static double show(struct ms_pdf *d, double x, double y, double w, const char *s, double pt, bool bold,
		   PangoAlignment align)
{
	PangoLayout *l = layout(d, w, s, pt, bold, align);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	return (double)lh / PANGO_SCALE;
}

double ms_pdf_text(struct ms_pdf *d, double x, double y, double w, const char *s, double pt, bool bold)
{
	return show(d, x, y, w, s, pt, bold, PANGO_ALIGN_LEFT);
}

double ms_pdf_text_center(struct ms_pdf *d, double x, double y, double w, const char *s, double pt, bool bold)
{
	return show(d, x, y, w, s, pt, bold, PANGO_ALIGN_CENTER);
}

double ms_pdf_measure(struct ms_pdf *d, double w, const char *s, double pt, bool bold)
{
	PangoLayout *l = layout(d, w, s, pt, bold, PANGO_ALIGN_LEFT);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	g_object_unref(l);
	return (double)lh / PANGO_SCALE;
}

int ms_pdf_qr(struct ms_pdf *d, double x, double y, double side, const char *s)
{
	QRcode *q = QRcode_encodeString(s, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return -1;
	int quiet = 2, n = q->width + 2 * quiet;
	double m = side / n;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				cairo_rectangle(d->cr, x + (c + quiet) * m, y + (r + quiet) * m, m, m);
	cairo_fill(d->cr);
	QRcode_free(q);
	return 0;
}

int ms_pdf_end(struct ms_pdf *d, int rc, char **pdf, size_t *len, struct ms_error *e)
{
	g_object_unref(d->pc);
	g_object_unref(d->fm);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surf);
	cairo_status_t st = cairo_surface_status(d->surf);
	cairo_surface_destroy(d->surf);
	if (!rc && d->nomem)
		rc = ms_nomem(e);
	else if (!rc && st != CAIRO_STATUS_SUCCESS)
		rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot write the PDF: %s", cairo_status_to_string(st));
	if (rc) {
		free(d->p);
		return rc;
	}
	*pdf = (char *)d->p;
	*len = d->len;
	return 0;
}

int ms_report_base_url(const char *in, char out[MS_BASE_URL_MAX + 1], struct ms_error *e)
{
	size_t n = strlen(in);
	bool ok = n <= MS_BASE_URL_MAX && (strncmp(in, "https://", 8) == 0 || strncmp(in, "http://", 7) == 0);
	for (const char *s = in; ok && *s; s++)
		if (*s == '#' || *s == ' ' || *s == '?' || (unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			ok = false;
	if (!ok)
		return ms_fail(e, MS_E_INVALID_BASE_URL, "base_url");
	memcpy(out, in, n + 1);
	while (n && out[n - 1] == '/')
		out[--n] = 0;
	return 0;
}

void ms_report_shutdown(void)
{
	if (!ms_pdf_loaded())
		return;
	cairo_debug_reset_static_data();
	FcFini();
}
