/* report_internal.h — shared inside src/report/: the PDF canvas the
 * printouts draw on (pdf.c: cairo + pango with the CJK font through
 * fontconfig, QR codes by libqrencode), and how the exports read the
 * answers they print. */
#ifndef MS_REPORT_INTERNAL_H
#define MS_REPORT_INTERNAL_H

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "pdf_lazy.h"
#include "report.h"

/* A string member of the answer o ("" when absent or not a string), and
 * an integer member (0 when absent): what the files print. */
static inline const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static inline long long num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

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

/* print_pdf.c: the tables of a poll's printouts (ballot_pdf.c,
 * tally_pdf.c). Columns of text (left), centred text, or a box to mark by
 * hand; a row that does not fit goes to a new page under the header row
 * again; each page ends with "<foot>　第 N 页". */
#define MS_PCOLS_MAX 14
enum ms_pcol_kind { MS_PCOL_TEXT, MS_PCOL_CENTER, MS_PCOL_BOX };
struct ms_pcol {
	const char *head;
	double w;
	enum ms_pcol_kind kind;
};
struct ms_ptable {
	struct ms_pdf *d;
	double page_w, page_h, margin, x, y, pt, min_row;
	int page;
	const char *foot;
	const struct ms_pcol *cols;
	size_t n; /* at most MS_PCOLS_MAX */
};
void ms_ptable_head(struct ms_ptable *t);
void ms_ptable_row(struct ms_ptable *t, const char *const *cells);
bool ms_ptable_fits(const struct ms_ptable *t, double h);
void ms_ptable_new_page(struct ms_ptable *t);
void ms_ptable_foot(struct ms_ptable *t);
/* A candidate's outcome (a result's status key) in words: 入选, 未入选
 * (with why when it did not reach the threshold or the budget), 须再次投票. */
const char *ms_print_outcome(const char *status);
/* Yuan with thousands separators: 1,200,000. */
void ms_print_yuan(long long v, char *out, size_t cap);

/* progress_xlsx.c, shared with the other workbooks: a cell format in the
 * reports' CJK font (10.5 pt, top-aligned, thin border when asked), and a
 * whole workbook made: fill writes its sheets into a workbook (with title
 * and company among its properties) kept in a temporary file NAME, which is
 * read back into *buf (malloc'd, at most 64 MiB) and removed. */
struct lxw_workbook;
struct lxw_format;
/* Load libxlsxwriter once (thread-safe; ms_xlsx_make does it too); false,
 * with the reason printed once, when it cannot be. */
bool ms_xlsx_load(void);
struct lxw_format *ms_xlsx_format(struct lxw_workbook *wb, bool border);
/* A sheet named name, printed on A4 (landscape or not) as wide as one page,
 * its first n columns widths[0 … n) wide (progress_xlsx.c). */
struct lxw_worksheet *ms_xlsx_sheet(struct lxw_workbook *wb, const char *name, bool landscape, const double *widths,
				    size_t n);
typedef void (*ms_xlsx_fill_fn)(struct lxw_workbook *wb, void *ctx);
int ms_xlsx_make(const char *name, const char *title, const char *company, ms_xlsx_fill_fn fill, void *ctx,
		 char **buf, size_t *len, struct ms_error *e);

/* rollup_xlsx.c: the roll-up (rollup.h's Rollup JSON) as a workbook in *buf
 * (malloc'd). */
int ms_rollup_xlsx(json_t *rollup, char **buf, size_t *len, struct ms_error *e);

/* legis_export.c: a draft's submission (its opinions submitted or decided, the funnel) as PDF and XLSX. */
int ms_legis_submission_pdf(json_t *draft, json_t *items, json_t *funnel, char **pdf, size_t *len, struct ms_error *e);
int ms_legis_submission_xlsx(json_t *draft, json_t *items, json_t *funnel, char **buf, size_t *len, struct ms_error *e);

/* target_export.c: a target list (the TargetList view of GET
 * /target-lists/{id}) as an XLSX workbook (sheet 任务清单) or an A4
 * landscape PDF, its tasks in tree order with their number paths; the file
 * malloc'd into *buf, *len. */
/* rate_export.c: a closed rating's result (the EvaluationResult view) of
 * congress, what rated in words and (NULL: none) a review's rule of scores
 * in words, as a workbook or an A4 landscape PDF in *buf (malloc'd). */
int ms_rate_result_xlsx(json_t *res, const char *congress, const char *what, const char *scoring, char **buf,
			size_t *len, struct ms_error *e);
int ms_rate_result_pdf(json_t *res, const char *congress, const char *what, const char *scoring, char **pdf,
		       size_t *len, struct ms_error *e);
int ms_target_list_xlsx(json_t *list, char **buf, size_t *len, struct ms_error *e);
int ms_target_list_pdf(json_t *list, char **pdf, size_t *len, struct ms_error *e);

#endif
