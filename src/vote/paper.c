/*
 * paper.c — the tellers' double entry of returned paper ballots. The
 * tellers number the sheets as they unfold them (never by deputy: nothing
 * links a sheet to the deputy who took it, docs/secrecy.md); two different
 * staff users each enter a sheet's marks. A sheet counts only when the two
 * entries agree: it then becomes a paper ballot through ms_ballot_paper,
 * the same rules as POST /polls/{id}/paper-ballots, and its marks are
 * erased from the entries (the ballot is sealed like any other). A
 * mismatch is resolved by a teller entering the sheet again; the close
 * waits until no sheet is single or mismatched.
 */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "vote_internal.h"

/* ---- pure rules ---- */

const char *ms_paper_state(size_t n, const char *a, const char *b, bool counted)
{
	if (counted || (n == 2 && a && b && !strcmp(a, b)))
		return "agreed";
	return n == 2 ? "mismatch" : "single";
}

void ms_paper_reconcile(const struct ms_paper_figures *f, struct ms_paper_reconciled *r)
{
	r->issued = f->present;
	r->electronic_issued = f->present - f->paper_issued;
	r->returned = f->electronic_returned + f->paper_returned;
	r->not_returned = r->issued - r->returned;
	r->balanced = r->not_returned == 0;
	r->over = r->returned > r->issued;
}

static int cmp_json_int(const void *a, const void *b)
{
	json_int_t x = json_integer_value(*(json_t *const *)a), y = json_integer_value(*(json_t *const *)b);
	return (x > y) - (x < y);
}

/* Sort an array of integers in place (order does not matter on a pick or
 * approve / oppose ballot, so two readings of one sheet compare alike). */
static int sort_ids(json_t *arr)
{
	size_t n = json_array_size(arr), i;
	json_t *x;
	json_array_foreach(arr, i, x) if (!json_is_integer(x)) return 0; /* refused by the ballot's check */
	json_t **v = malloc((n + 1) * sizeof *v);
	if (!v)
		return MS_ERR_NOMEM;
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof *v, cmp_json_int);
	json_array_clear(arr);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
	return 0;
}

json_t *ms_paper_marks_ballot(enum ms_ballot_form form, size_t n_candidates, uint32_t max_approvals,
			      const int64_t *candidate_ids, json_t *marks, const char **refused)
{
	bool ao = form == MS_FORM_APPROVE_OPPOSE;
	*refused = NULL;
	if (json_is_string(marks)) {
		const char *m = json_string_value(marks);
		if (!strcmp(m, "blank"))
			return form == MS_FORM_RATE ? json_object() : ao ? json_pack("{s:[]}", "approve") : json_array();
		if (strcmp(m, "invalid")) {
			*refused = m;
			return NULL;
		}
		/* 废票: on a pick or ranked ballot, marks over the limit void it in the count. */
		if (ao || form == MS_FORM_RATE || n_candidates <= max_approvals) {
			*refused = "invalid";
			return NULL;
		}
		json_t *all = json_array();
		for (size_t i = 0; all && i < n_candidates; i++)
			json_array_append_new(all, json_integer(candidate_ids[i]));
		return all;
	}
	json_t *b = json_deep_copy(marks);
	if (!b)
		return NULL;
	int rc = 0;
	if (form == MS_FORM_PICK && json_is_array(b))
		rc = sort_ids(b);
	else if (ao && json_is_object(b)) {
		json_t *a = json_object_get(b, "approve"), *o = json_object_get(b, "oppose");
		if (json_is_array(a))
			rc = sort_ids(a);
		if (!rc && json_is_array(o))
			rc = sort_ids(o);
		if (!rc && json_is_array(o) && !json_array_size(o))
			json_object_del(b, "oppose");
	}
	if (rc) {
		json_decref(b);
		return NULL;
	}
	return b;
}

/* ---- the entries ---- */

int ms_paper_enter(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, int64_t sheet, json_t *marks,
		   json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	struct ms_paper_entry en[2] = {{0}};
	size_t n = 0;
	json_t *ballot = NULL, *list = NULL;
	char *text = NULL;
	int64_t issued = 0, recorded = 0;
	const char *state = NULL;
	int rc = ms_poll_load_locked(db, poll_id, true, &p, e);
	if (rc || (rc = ms_poll_need_open(&p, e)) || (rc = ms_desk_sql_paper_counts(db, p.id, &issued, &recorded, e)))
		goto out;
	if (sheet > issued) {
		rc = ms_failf(e, MS_E_PAPER_SHEET_NOT_ISSUED, "sheet", MS_AI(issued), MS_AI(sheet));
		goto out;
	}
	const char *refused;
	ballot = ms_paper_marks_ballot(p.form, p.n_candidates, p.max_approvals, p.candidate_ids, marks, &refused);
	if (!ballot) {
		rc = refused ? ms_failf(e, MS_E_PAPER_MARK_FORM, "marks", MS_AT(refused, refused)) : ms_nomem(e);
		goto out;
	}
	if ((rc = ms_ballot_paper_check(&p, ballot, e)))
		goto out;
	if (!(text = json_dumps(ballot, JSON_COMPACT | JSON_SORT_KEYS))) {
		rc = ms_nomem(e);
		goto out;
	}
	bool counted;
	if ((rc = ms_paper_sql_sheet(db, p.id, sheet, &counted, e)) ||
	    (rc = ms_paper_sql_entries(db, p.id, sheet, en, &n, e)))
		goto out;
	if (counted) {
		rc = ms_failf(e, MS_E_PAPER_SHEET_COUNTED, "sheet", MS_AI(sheet));
		goto out;
	}
	bool mine = (n > 0 && en[0].teller == by->id) || (n > 1 && en[1].teller == by->id);
	if (mine && n == 1) {
		rc = ms_failf(e, MS_E_PAPER_SAME_TELLER, "sheet", MS_AI(sheet));
		goto out;
	}
	if (!mine && n == 2) {
		rc = ms_failf(e, MS_E_PAPER_TWO_TELLERS, "sheet", MS_AI(sheet));
		goto out;
	}
	char now[32];
	ms_now_iso(now, sizeof now);
	if ((rc = ms_paper_sql_entry(db, p.id, sheet, by->id, text, now, e)))
		goto out;
	for (size_t i = 0; i < n; i++)
		free(en[i].marks);
	if ((rc = ms_paper_sql_entries(db, p.id, sheet, en, &n, e)))
		goto out;
	state = ms_paper_state(n, en[0].marks, n > 1 ? en[1].marks : NULL, false);
	if (!strcmp(state, "agreed")) {
		/* The agreed sheet becomes a paper ballot by the desk's own rules. */
		if (!(list = json_pack("[O]", ballot))) {
			rc = ms_nomem(e);
			goto out;
		}
		if ((rc = ms_ballot_paper(db, by, p.id, list, e)) || (rc = ms_paper_sql_counted(db, p.id, sheet, e)))
			goto out;
	}
	if ((rc = ms_audit_append(db, by, p.congress_id, "paper.entry", "poll", p.id,
				  json_pack("{s:I, s:s}", "sheet", (json_int_t)sheet, "state", state), e)))
		goto out;
	*out = json_pack("{s:I, s:s}", "sheet", (json_int_t)sheet, "state", state);
	if (!*out)
		rc = ms_nomem(e);
out:
	for (size_t i = 0; i < 2; i++)
		free(en[i].marks);
	free(text);
	json_decref(ballot);
	json_decref(list);
	ms_poll_fini(&p);
	return rc;
}

int ms_paper_unresolved(struct ms_db *db, int64_t poll_id, struct ms_error *e)
{
	int64_t n = 0;
	int rc = ms_paper_sql_unresolved(db, poll_id, &n, e);
	if (!rc && n > 0)
		rc = ms_failf(e, MS_E_PAPER_SHEETS_UNRESOLVED, NULL, MS_AI(n));
	return rc;
}

int ms_paper_entries(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	struct ms_poll p;
	json_t *rows = NULL, *sheets = json_array();
	int64_t issued = 0, recorded = 0, present = 0, voted = 0;
	memset(&p, 0, sizeof p);
	int rc = ms_poll_get(db, poll_id, &p, e);
	if (rc)
		goto out;
	if ((rc = ms_desk_sql_paper_counts(db, p.id, &issued, &recorded, e)) ||
	    (rc = ms_desk_sql_present_count(db, p.id, &present, e)) ||
	    (rc = ms_ballot_sql_participation_count(db, p.id, &voted, e)) || (rc = ms_paper_sql_list(db, p.id, &rows, e)))
		goto out;
	size_t i;
	json_t *r, *cur = NULL;
	int64_t n_state[3] = {0};
	json_array_foreach(rows, i, r) {
		json_int_t sheet = json_integer_value(json_object_get(r, "sheet"));
		if (!cur || json_integer_value(json_object_get(cur, "sheet")) != sheet) {
			cur = json_pack("{s:I, s:b, s:[]}", "sheet", sheet, "counted",
					json_is_true(json_object_get(r, "counted")), "entries");
			json_array_append_new(sheets, cur);
		}
		if (!json_is_null(json_object_get(r, "teller_id")) && json_object_get(r, "teller_id"))
			json_array_append_new(json_object_get(cur, "entries"),
					      json_pack("{s:O, s:O, s:O}", "teller_id", json_object_get(r, "teller_id"),
							"teller_name", json_object_get(r, "teller_name"), "marks",
							json_object_get(r, "marks")));
	}
	json_array_foreach(sheets, i, cur) {
		json_t *es = json_object_get(cur, "entries");
		size_t ne = json_array_size(es);
		char *a = ne > 0 ? json_dumps(json_object_get(json_array_get(es, 0), "marks"), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
		char *b = ne > 1 ? json_dumps(json_object_get(json_array_get(es, 1), "marks"), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
		const char *st = ms_paper_state(ne, a, b, json_is_true(json_object_get(cur, "counted")));
		free(a);
		free(b);
		json_object_set_new(cur, "state", json_string(st));
		n_state[!strcmp(st, "agreed") ? 0 : !strcmp(st, "mismatch") ? 1 : 2]++;
	}
	struct ms_paper_figures f = {.present = present, .paper_issued = issued, .paper_returned = recorded,
				     .electronic_returned = voted};
	struct ms_paper_reconciled rec;
	ms_paper_reconcile(&f, &rec);
	*out = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}", "sheets", sheets, "agreed",
			 (json_int_t)n_state[0], "mismatch", (json_int_t)n_state[1], "single", (json_int_t)n_state[2],
			 "paper_issued", (json_int_t)issued, "paper_returned", (json_int_t)recorded,
			 "electronic_issued", (json_int_t)rec.electronic_issued, "electronic_returned",
			 (json_int_t)voted, "ballots_issued", (json_int_t)rec.issued, "ballots_returned",
			 (json_int_t)rec.returned, "balanced", rec.balanced);
	sheets = NULL;
	if (!*out)
		rc = ms_nomem(e);
out:
	ms_poll_fini(&p);
	json_decref(rows);
	json_decref(sheets);
	return rc;
}
