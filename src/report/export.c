/*
 * export.c — candidates, results and the audit log as CSV (RFC 4180
 * quoting by libcsv's csv_fwrite), read through the domains (report.h).
 *
 * Formula injection (OWASP "CSV Injection"): a text cell that begins with
 * '=', '+', '-', '@', a tab or a carriage return would be read as a formula
 * by a spreadsheet, so it is written with a single quote in front
 * ("'=HYPERLINK(...)"). Only text cells are changed: numbers the export makes
 * itself (a negative margin) are written as numbers.
 */
#include "report.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../vote/vote.h"

/* Write text s as one quoted CSV cell (RFC 4180, as csv_fwrite does),
 * with a single quote in front when it begins with a formula character. */
static void text_cell(FILE *out, const char *s)
{
	if (!s[0] || !strchr("=+-@\t\r", s[0])) {
		csv_fwrite(out, s, strlen(s));
		return;
	}
	fputs("\"'", out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* Write one field of JSON value v (text neutralised, numbers as is, null → empty). */
static void field(FILE *out, json_t *v, int last)
{
	char num[32];
	const char *s = "";
	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		csv_fwrite(out, num, strlen(num));
		fputc(last ? '\n' : ',', out);
		return;
	} else if (json_is_boolean(v))
		s = json_is_true(v) ? "true" : "false";
	else if (v && !json_is_null(v)) {
		char *d = json_dumps(v, JSON_COMPACT);
		text_cell(out, d ? d : "");
		free(d);
		fputc(last ? '\n' : ',', out);
		return;
	}
	text_cell(out, s);
	fputc(last ? '\n' : ',', out);
}

static void row(FILE *out, json_t *obj, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		field(out, json_object_get(obj, keys[i]), i + 1 == n);
}

static void header(FILE *out, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		text_cell(out, keys[i]);
		fputc(i + 1 == n ? '\n' : ',', out);
	}
}

typedef int (*list_fn)(struct ms_db *, int64_t, const struct ms_page *, json_t **, struct ms_error *);

static int export_list(struct ms_store *st, int64_t id, list_fn fn, const char *const *keys, size_t n, FILE *out,
		       struct ms_error *e)
{
	struct ms_db *db;
	int rc = ms_store_acquire(st, &db, e);
	if (rc)
		return rc;
	if ((rc = ms_db_begin(db, false, e)))
		goto out;
	header(out, keys, n);
	struct ms_page pg = {.page = 1, .per_page = 500};
	for (;;) {
		json_t *list;
		if ((rc = fn(db, id, &pg, &list, e)))
			break;
		size_t i;
		json_t *item;
		json_t *items = json_object_get(list, "items");
		json_array_foreach(items, i, item) row(out, item, keys, n);
		size_t got = json_array_size(items);
		json_decref(list);
		if (got < (size_t)pg.per_page)
			break;
		pg.page++;
	}
	ms_db_rollback(db);
out:
	ms_store_release(st, db);
	return rc;
}

int ms_export_candidates(struct ms_store *st, int64_t cycle_id, FILE *out, struct ms_error *e)
{
	static const char *const keys[] = {"id", "title", "title_en", "category", "cost", "unit_name",
					   "location", "description"};
	return export_list(st, cycle_id, ms_candidate_list, keys, sizeof keys / sizeof keys[0], out, e);
}

int ms_export_audit(struct ms_store *st, int64_t congress_id, FILE *out, struct ms_error *e)
{
	static const char *const keys[] = {"id", "at", "user_login", "congress_id", "action", "object", "detail"};
	return export_list(st, congress_id, ms_audit_list, keys, sizeof keys / sizeof keys[0], out, e);
}

int ms_export_result(struct ms_store *st, int64_t poll_id, FILE *out, struct ms_error *e)
{
	static const char *const keys[] = {"rank", "candidate_id", "title", "title_en", "cost",
					   "unit_name", "approvals", "margin", "status"};
	struct ms_db *db;
	json_t *r = NULL;
	int rc = ms_store_acquire(st, &db, e);
	if (rc)
		return rc;
	if (!(rc = ms_db_begin(db, false, e)))
		rc = ms_poll_result(db, poll_id, &r, e);
	ms_store_release(st, db);
	if (rc)
		return rc;
	header(out, keys, sizeof keys / sizeof keys[0]);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(r, "candidates"), i, c) row(out, c, keys, sizeof keys / sizeof keys[0]);
	json_decref(r);
	return 0;
}
