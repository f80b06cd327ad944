/*
 * letters.c — the activation letters of a congress's deputies as a PDF to
 * print and hand over (pdf.c: cairo + pango, Noto Sans CJK SC, QR codes by
 * libqrencode). One A4 page a deputy: the congress, the deputy's name and
 * login, the one-time activation code in groups of four, until when it may
 * be used, a QR code of the activation page's address with the login and
 * the code after '#' (so the code never reaches a server log), and what to
 * do: choose a password that nobody else — the clerk neither — will know.
 */
#include "report_internal.h"

#include <stdio.h>

#define MARGIN 56.0
#define QR_SIDE 170.0

static int letter(struct ms_pdf *d, const char *congress, const char *base_url, const struct ms_letter *l)
{
	double w = MS_PDF_A4_W - 2 * MARGIN, y = MARGIN;
	char buf[1024];
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	ms_pdf_text(d, MARGIN, y, w, congress, 13, false);
	ms_pdf_text(d, MARGIN, y += 26, w, "代表账号激活通知书\nAccount activation letter", 20, true);
	snprintf(buf, sizeof buf, "%s 代表：\nDear %s,", l->name, l->name);
	ms_pdf_text(d, MARGIN, y += 80, w, buf, 12, false);
	snprintf(buf, sizeof buf,
		 "您在民生实事项目票决系统中的账号已经建立。首次登录时，请用下面的登录名和激活码设置只有您自己知道的密码。"
		 "人大工作人员不知道、也不会询问您的密码。激活码只能使用一次，请勿交给他人。\n"
		 "Your account in the livelihood projects voting system is ready. On your first login, use the login and "
		 "activation code below to choose a password only you know. The congress staff do not know your password "
		 "and will never ask for it. The code works once; do not give it to anyone.");
	ms_pdf_text(d, MARGIN, y += 44, w, buf, 10.5, false);
	y += 120;
	if (ms_pdf_qr(d, MARGIN, y, QR_SIDE, l->url))
		return -1;
	double tx = MARGIN + QR_SIDE + 20, tw = w - QR_SIDE - 20;
	snprintf(buf, sizeof buf, "登录名 Login\n%s", l->login);
	ms_pdf_text(d, tx, y + 6, tw, buf, 12, false);
	snprintf(buf, sizeof buf, "激活码 Activation code\n%s", l->code);
	ms_pdf_text(d, tx, y + 54, tw, buf, 15, true);
	snprintf(buf, sizeof buf, "有效期至 Valid until\n%s", l->expires);
	ms_pdf_text(d, tx, y + 110, tw, buf, 11, false);
	snprintf(buf, sizeof buf,
		 "用手机扫描二维码，或在浏览器中打开 %s/activate ，输入登录名和激活码，再设置密码。"
		 "激活码过期或遗失时，请向人大工作人员申领新的激活码（原密码随之失效）。\n"
		 "Scan the QR code, or open %s/activate in a browser and type the login and the code, then choose "
		 "your password. If the code expires or is lost, ask the clerk for a new one (the old password then "
		 "stops working).",
		 base_url, base_url);
	ms_pdf_text(d, MARGIN, y + QR_SIDE + 30, w, buf, 10.5, false);
	return 0;
}

int ms_letters_pdf(const char *congress, const char *base_url, const struct ms_letter *letters, size_t n,
		   char **pdf, size_t *len, struct ms_error *e)
{
	struct ms_pdf d;
	ms_pdf_begin(&d);
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		if (i)
			cairo_show_page(d.cr);
		if (letter(&d, congress, base_url, &letters[i]))
			rc = ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot draw letter %zu", i + 1);
	}
	return ms_pdf_end(&d, rc, pdf, len, e);
}
