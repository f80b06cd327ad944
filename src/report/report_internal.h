/* report_internal.h — shared inside src/report/: the PDF canvas the
 * printouts draw on (pdf.c: cairo + pango with the CJK font through
 * fontconfig, QR codes by libqrencode). */
#ifndef MS_REPORT_INTERNAL_H
#define MS_REPORT_INTERNAL_H

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "report.h"

#define MS_PDF_A4_W 595.0 /* points */
#define MS_PDF_A4_H 842.0

struct ms_pdf {
	cairo_t *cr;
	PangoContext *pc;
	/* private */
	cairo_surface_t *surf;
	PangoFontMap *fm;
	unsigned char *p;
	size_t len, cap;
	bool nomem;
};

/* An A4 PDF written to memory; or of pages w × h points (landscape: A4_H × A4_W). */
void ms_pdf_begin(struct ms_pdf *d);
void ms_pdf_begin_size(struct ms_pdf *d, double w, double h);
/* Text at (x, y), width w, wrapped, in the CJK sans at pt points; bold when
 * asked; left-aligned or centred. Returns the height it took. */
double ms_pdf_text(struct ms_pdf *d, double x, double y, double w, const char *s, double pt, bool bold);
double ms_pdf_text_center(struct ms_pdf *d, double x, double y, double w, const char *s, double pt, bool bold);
/* The height the text would take, without drawing it. */
double ms_pdf_measure(struct ms_pdf *d, double w, const char *s, double pt, bool bold);
/* The QR code of s, side points square, at (x, y); -1 when it cannot be made. */
int ms_pdf_qr(struct ms_pdf *d, double x, double y, double side, const char *s);
/* Finish: with rc 0 the PDF (malloc'd) into *pdf, *len; the error
 * otherwise. Frees everything else in either case. */
int ms_pdf_end(struct ms_pdf *d, int rc, char **pdf, size_t *len, struct ms_error *e);

/* The web app's address a printout's QR codes lead to: http:// or
 * https://, printable ASCII without # ? or spaces, at most
 * MS_BASE_URL_MAX bytes; into out without its trailing slashes, or 422
 * invalid_base_url. */
#define MS_BASE_URL_MAX 200
int ms_report_base_url(const char *in, char out[MS_BASE_URL_MAX + 1], struct ms_error *e);

/* progress_xlsx.c, shared with the other workbooks: a cell format in the
 * reports' CJK font (10.5 pt, top-aligned, thin border when asked), and a
 * written workbook read back into a malloc'd buffer (at most 64 MiB). */
struct lxw_workbook;
struct lxw_format;
struct lxw_format *ms_xlsx_format(struct lxw_workbook *wb, bool border);
int ms_xlsx_read_back(const char *path, char **buf, size_t *len, struct ms_error *e);

#endif
