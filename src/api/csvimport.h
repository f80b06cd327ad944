/*
 * csvimport.h — the frame every CSV import shares (the roster of deputies,
 * candidate projects, …): the body {"csv": "...", "dry_run": bool}; a
 * header row that names the columns in any order (an unknown or repeated
 * column, or a required one missing, is refused); every data row checked by
 * the domain's own rules, each fault recorded with its line, field, code
 * and message in both languages; any fault → 422 invalid_csv with details
 * {errors, rows} and nothing saved; otherwise the rows are saved unless
 * dry_run, and the answer is {created, dry_run, rows, errors: []}.
 */
#ifndef MS_CSVIMPORT_H
#define MS_CSVIMPORT_H

#include "../core/csvtab.h"
#include "route.h"

#define MS_IMPORT_MAX_COLS 16

/* The body of every import route, and the shape of its answer. */
extern const struct ms_field ms_import_body[];
extern const struct ms_view ms_import_answer_view, ms_import_fault_view;

struct ms_import {
	struct ms_csv csv;
	const char *const *names;     /* the columns this import knows */
	size_t n_names;
	int col[MS_IMPORT_MAX_COLS];  /* where each is in the file; -1 when absent */
	size_t n;                     /* data rows (after the header) */
	bool *repeat;                 /* per data row: its cell in the unique column repeats an earlier one */
	json_t *errors, *rows;        /* the faults and the preview */
	bool dry_run;
};

/* Parse the body's "csv" and map its header onto names (n_names <=
 * MS_IMPORT_MAX_COLS); bit k of required marks names[k] as required; the
 * cells of column unique must not repeat (im->repeat marks the rows where
 * they do). 0, or the error; ms_import_close() in either case. */
int ms_import_open(struct ms_ctx *c, struct ms_import *im, const char *const *names, size_t n_names,
		   unsigned required, size_t unique);
/* The fields of data row i (from 0) and its line in *line; NULL, with the
 * fault recorded, when it has another number of fields than the header. */
char **ms_import_row(struct ms_import *im, size_t i, size_t *line);
/* Column k of a row from ms_import_row(): "" when the file has no such column. */
const char *ms_import_cell(const struct ms_import *im, char **fields, size_t k);
/* The same, NULL when empty (an optional cell not given). */
const char *ms_import_given(const struct ms_import *im, char **fields, size_t k);
/* A row's faults as the domains' rules record them (struct ms_faults):
 * each goes to the import under the row's line. */
struct ms_import_faults {
	struct ms_faults f;
	struct ms_import *im;
	size_t line;
};
void ms_import_faults_init(struct ms_import_faults *rf, struct ms_import *im, size_t line);
/* Record a row's fault: the error e (a catalogue error) at line, under
 * field (NULL: e's own field). */
void ms_import_fault(struct ms_import *im, size_t line, const char *field, const struct ms_error *e);
/* Record that the unique column's cell of row i repeats an earlier one. */
void ms_import_fault_repeat(struct ms_import *im, size_t line, const char *field, const char *value);
/* Add a row to the preview (taken: the reference is stolen). */
int ms_import_preview(struct ms_ctx *c, struct ms_import *im, json_t *row);
/* 422 invalid_csv with {errors, rows} when a row had a fault; else 0. */
int ms_import_check(struct ms_ctx *c, const struct ms_import *im);
/* The answer after the rows were saved (201) or previewed (200). */
int ms_import_answer(struct ms_ctx *c, const struct ms_import *im, json_t **out);
void ms_import_close(struct ms_import *im);

#endif
