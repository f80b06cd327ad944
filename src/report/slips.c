/*
 * slips.c — the voting-code slips of a code-sheet poll as a PDF to print and
 * cut (cairo + pango, with a CJK font through fontconfig: Noto Sans CJK SC;
 * QR codes by libqrencode). A4, eight slips a page; each carries the poll's
 * title, its number (to void it if spoiled or lost), a QR code of the voting
 * page's address with the code after '#' (so the code never reaches a server
 * log), the code in groups of four to type by hand, and the rule of use.
 */
#include "report_internal.h"

#include <stdio.h>
#include <string.h>

#include "../vote/vote.h"

#define PAGE_W MS_PDF_A4_W
#define PAGE_H MS_PDF_A4_H
#define COLS 2
#define ROWS 4
#define MARGIN 28.0

static int slip(struct ms_pdf *d, double x, double y, double w, double h, const struct ms_slip_sheet *sh,
		int64_t serial, const char *code)
{
	cairo_t *cr = d->cr;
	cairo_save(cr);
	static const double dash[] = {4.0, 3.0};
	cairo_set_dash(cr, dash, 2, 0);
	cairo_set_line_width(cr, 0.6);
	cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
	cairo_restore(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	char line[240];
	ms_pdf_text(d, x + 10, y + 8, w - 20, sh->title, 10, true);
	snprintf(line, sizeof line, "%s%lld　%s第 %lld 号　%s %lld, slip No. %lld", sh->what_zh, (long long)sh->id,
		 sh->slip_zh, (long long)serial, sh->what_en, (long long)sh->id, (long long)serial);
	ms_pdf_text(d, x + 10, y + 36, w - 20, line, 9, false);
	char url[512];
	if ((size_t)snprintf(url, sizeof url, "%s%s%lld%s%s", sh->base_url, sh->path, (long long)sh->id, sh->sep,
			     code) >= sizeof url)
		return -1;
	double side = h - 100;
	if (ms_pdf_qr(d, x + 10, y + 52, side, url))
		return -1;
	char grouped[64];
	size_t k = 0;
	for (size_t i = 0; i < sh->code_len && k + 2 < sizeof grouped; i++) {
		if (i && i % 4 == 0)
			grouped[k++] = '-';
		grouped[k++] = code[i];
	}
	grouped[k] = 0;
	double tx = x + 20 + side;
	ms_pdf_text(d, tx, y + 58, x + w - tx - 10, sh->use, 7.5, false);
	ms_pdf_text(d, x + 10, y + h - 40, w - 20, grouped, 10, true);
	return 0;
}

int ms_slips_pdf_sheet(const struct ms_slip_sheet *sh, int64_t first_serial, const char *codes, uint32_t n,
		       char **pdf, size_t *len, struct ms_error *e)
{
	struct ms_pdf d;
	ms_pdf_begin(&d);
	double w = (PAGE_W - 2 * MARGIN) / COLS, h = (PAGE_H - 2 * MARGIN) / ROWS;
	int rc = 0;
	for (uint32_t i = 0; !rc && i < n; i++) {
		uint32_t at = i % (COLS * ROWS);
		if (i && at == 0)
			cairo_show_page(d.cr);
		if (slip(&d, MARGIN + (at % COLS) * w, MARGIN + (double)(at / COLS) * h, w, h, sh, first_serial + i,
			 codes + (size_t)i * (sh->code_len + 1)))
			rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot draw slip %u", i + 1);
	}
	return ms_pdf_end(&d, rc, pdf, len, e);
}

int ms_slips_pdf(const char *title, const char *base_url, int64_t poll_id, int64_t first_serial, const char *codes,
		 uint32_t n, char **pdf, size_t *len, struct ms_error *e)
{
	const struct ms_slip_sheet sh = {
		.title = title, .base_url = base_url, .path = "/v#", .sep = ".", .id = poll_id,
		.what_zh = "投票 ", .what_en = "Poll", .slip_zh = "匿名票码", .code_len = MS_CODE_LEN,
		.use = "请用手机扫描二维码投票（无需登录）。每张票码只能投一次；请勿示人，投票后可弃置。\n"
		       "Scan to vote (no login). Each code votes once; keep it to yourself."};
	return ms_slips_pdf_sheet(&sh, first_serial, codes, n, pdf, len, e);
}
