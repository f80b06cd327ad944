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

/* One deputy's activation letter: the QR code reads url (the activation
 * page with the login and the code after '#'). */
struct ms_letter {
	const char *name, *login, *code, *expires, *url;
};
/* The activation letters of n deputies of the congress named congress, one
 * A4 page each, as a PDF (malloc'd). */
int ms_letters_pdf(const char *congress, const char *base_url, const struct ms_letter *letters, size_t n,
		   char **pdf, size_t *len, struct ms_error *e);

/* Release the fonts the PDFs loaded (pango's font map, fontconfig's
 * cache), at the end of the program once no request runs. */
void ms_report_shutdown(void);

extern const struct ms_routes ms_slips_routes, ms_letters_routes;

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "report_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_report_codes[];

#endif
