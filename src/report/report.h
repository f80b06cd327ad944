/*
 * report.h — exports of what the domains hold: CSV (RFC 4180, UTF-8) of a
 * round's candidates, a closed poll's result, and the audit log. Read in a
 * read-only transaction through the domains' own reads.
 */
#ifndef MS_REPORT_H
#define MS_REPORT_H

#include <stdio.h>

#include "../store/store.h"

int ms_export_candidates(struct ms_store *st, int64_t cycle_id, FILE *out, struct ms_error *e);
int ms_export_result(struct ms_store *st, int64_t poll_id, FILE *out, struct ms_error *e);
int ms_export_audit(struct ms_store *st, int64_t congress_id, FILE *out, struct ms_error *e);

#endif
