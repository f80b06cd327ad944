/*
 * report.h — exports of what the domains hold: CSV (RFC 4180, UTF-8) of a
 * round's candidates, a closed poll's result, and the audit log. Read in a
 * read-only transaction through the domains' own reads.
 */
#ifndef MS_REPORT_H
#define MS_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "../api/route.h"
#include "../store/store.h"

int ms_export_candidates(struct ms_store *st, int64_t cycle_id, FILE *out, struct ms_error *e);
int ms_export_result(struct ms_store *st, int64_t poll_id, FILE *out, struct ms_error *e);
int ms_export_audit(struct ms_store *st, int64_t congress_id, FILE *out, struct ms_error *e);

/* The slips of n voting codes (codes: n × (MS_CODE_LEN + 1), numbered from
 * first_serial) of poll poll_id titled title as a PDF (malloc'd); each QR
 * code reads base_url + "/v#<poll>.<code>". */
int ms_slips_pdf(const char *title, const char *base_url, int64_t poll_id, int64_t first_serial, const char *codes,
		 uint32_t n, char **pdf, size_t *len, struct ms_error *e);
/* Any sheet of one-time code slips (the congress's code-sheet polls, the
 * public preference poll): each slip shows title, "<what_zh><id> <slip_zh>第
 * N 号 <what_en> <id>, slip No. N", a QR code of base_url + path + id + sep +
 * code, the rule of use, and the code in groups of four. codes: n ×
 * (code_len + 1). */
struct ms_slip_sheet {
	const char *title, *base_url, *path, *sep, *what_zh, *what_en, *slip_zh, *use;
	int64_t id;
	size_t code_len;
};
int ms_slips_pdf_sheet(const struct ms_slip_sheet *sh, int64_t first_serial, const char *codes, uint32_t n,
		       char **pdf, size_t *len, struct ms_error *e);

/* One deputy's activation letter: the QR code reads url (the activation
 * page with the login and the code after '#'). */
struct ms_letter {
	const char *name, *login, *code, *expires, *url;
};
/* The activation letters of n deputies of the congress named congress, one
 * A4 page each, as a PDF (malloc'd). */
int ms_letters_pdf(const char *congress, const char *base_url, const struct ms_letter *letters, size_t n,
		   char **pdf, size_t *len, struct ms_error *e);

/* Load the libraries the PDFs draw with (cairo, pango, fontconfig: loaded
 * by the first PDF otherwise) and the workbooks' (libxlsxwriter: by the
 * first workbook otherwise); false, with the reason printed, when one
 * cannot be. The server calls it at its start. */
bool ms_report_init(void);
/* Release the fonts the PDFs loaded (pango's font map, fontconfig's
 * cache), at the end of the program once no request runs. */
void ms_report_shutdown(void);

/* ---- the quarterly progress report (progress*.c) ----
 * A congress's projects under delivery in one year, as of a quarter: a
 * summary (lights, money, percent done, open and overdue supervision tasks,
 * letters awaiting a reply), each project's figures and latest published
 * report, the milestones planned or reached in the quarter, the open tasks.
 * Read through the supervise domain in the caller's transaction
 * (progress.c documents the JSON document), then laid out as an XLSX
 * workbook (libxlsxwriter) or an A4 landscape PDF (cairo + pango). */
#define MS_PROGRESS_DEFAULT (-1) /* year: this year's round, or the newest with projects (then its 4th quarter once over); quarter: today's */
enum ms_progress_format { MS_PROGRESS_XLSX, MS_PROGRESS_PDF };
/* Resolve the defaults of *year and *quarter; 400 invalid_quarter (not 1–4)
 * and invalid_year (outside MS_YEAR_MIN..MS_YEAR_MAX). */
int ms_progress_period(struct ms_db *db, int64_t congress_id, int64_t *year, int64_t *quarter, struct ms_error *e);
/* The report's document (*out, the caller's) for who (staff: every report
 * and task of the congress); 404 when the congress does not exist. */
int ms_progress_read(struct ms_db *db, const struct ms_actor *who, int64_t congress_id, int64_t year, int64_t quarter,
		     json_t **out, struct ms_error *e);
/* The document as a file (malloc'd into *buf, *len): an XLSX workbook of
 * four sheets (written to a private temporary directory that is removed
 * before returning) or a PDF. */
int ms_progress_xlsx(json_t *doc, char **buf, size_t *len, struct ms_error *e);
int ms_progress_pdf(json_t *doc, char **buf, size_t *len, struct ms_error *e);
int ms_progress_render(json_t *doc, int format, char **buf, size_t *len, struct ms_error *e);
/* Read (in a read-only transaction of its own, as the system) and render: the CLI's way. */
int ms_progress_export(struct ms_store *st, int64_t congress_id, int64_t year, int64_t quarter, int format,
		       char **buf, size_t *len, struct ms_error *e);
/* "第三季度" for 3. */
const char *ms_progress_quarter_zh(int64_t q);

/* ---- a poll's printables (ballot_pdf.c, tally_pdf.c, result_xlsx.c;
 * print_http.c) ----
 * poll: the Poll view (ms_poll_view); result: the stored result
 * (ms_poll_result); scrutineers: ms_scrutineer_list's array; congress: the
 * congress's name. Each file malloc'd into *buf, *len. */
int ms_ballot_pdf(json_t *poll, const char *congress, char **buf, size_t *len, struct ms_error *e);
int ms_tally_pdf(json_t *poll, json_t *result, const char *congress, json_t *scrutineers, char **buf, size_t *len,
		 struct ms_error *e);
int ms_result_xlsx(json_t *result, const char *congress, char **buf, size_t *len, struct ms_error *e);

extern const struct ms_routes ms_print_routes; /* print_http.c */
extern const struct ms_routes ms_slips_routes, ms_letters_routes, ms_progress_routes, ms_rollup_xlsx_routes,
	ms_legis_export_routes;
extern const struct ms_routes ms_target_export_routes; /* target_export_http.c */
extern const struct ms_routes ms_rate_export_routes;   /* rate_export_http.c */
extern const struct ms_routes ms_pref_slips_routes; /* pref_slips_http.c */

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "report_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_report_codes[];

#endif
