/* print_http.c — a poll's printables: GET /polls/{id}/ballot.pdf (the paper
 * ballot of its form, for its congress's staff, at any status),
 * /polls/{id}/tally-sheet.pdf (计票结果报告单, staff, once closed) and
 * /polls/{id}/result.xlsx (the published result, to whoever may read the
 * result: anyone, once closed). Read through the vote domain's own reads
 * (the Poll view, the stored result, the scrutineers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../org/org.h"
#include "../vote/vote.h"
#include "report_internal.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The name of the congress that holds poll id (malloc'd into *name). */
static int congress_of(struct ms_ctx *c, char **name)
{
	int64_t cid;
	json_t *cj = NULL;
	int rc = ms_poll_owner(c->db, c->id, &cid, &c->err);
	if (!rc && !(rc = ms_congress_get(c->db, cid, &cj, &c->err))) {
		const char *s = json_string_value(json_object_get(cj, "name"));
		if (!(*name = strdup(s ? s : "")))
			rc = ms_nomem(&c->err);
	}
	json_decref(cj);
	return rc;
}

static void attach(struct ms_ctx *c, const char *type, const char *what, const char *ext)
{
	c->raw_type = type;
	snprintf(c->raw_disposition, sizeof c->raw_disposition, "attachment; filename=\"minsheng-poll-%lld-%s.%s\"",
		 (long long)c->id, what, ext);
}

static int h_ballot(struct ms_ctx *c, json_t **out)
{
	(void)out;
	json_t *poll = NULL;
	char *congress = NULL;
	int rc = ms_poll_view(c->db, c->id, NULL, &poll, &c->err);
	const char *form = json_string_value(json_object_get(poll, "ballot_form"));
	if (!rc && form && !strcmp(form, "rate"))
		rc = ms_failf(&c->err, MS_E_EVALUATION_ELSEWHERE, NULL, MS_AI(c->id));
	if (!rc && !(rc = congress_of(c, &congress)))
		rc = ms_ballot_pdf(poll, congress, &c->raw, &c->raw_len, &c->err);
	free(congress);
	json_decref(poll);
	if (!rc)
		attach(c, "application/pdf", "ballot", "pdf");
	return rc;
}

static int h_tally(struct ms_ctx *c, json_t **out)
{
	(void)out;
	struct ms_poll p;
	json_t *poll = NULL, *result = NULL, *scrutineers = NULL;
	char *congress = NULL;
	int rc = ms_poll_get(c->db, c->id, &p, &c->err);
	if (!rc && p.status != MS_POLL_CLOSED)
		rc = ms_failf(&c->err, MS_E_TALLY_NOT_CLOSED, NULL, MS_AI(p.id),
			      MS_AT(ms_poll_status_names.v[p.status].zh, ms_poll_status_names.v[p.status].en));
	ms_poll_fini(&p);
	if (!rc && !(rc = ms_poll_result(c->db, c->id, &result, &c->err)) &&
	    !(rc = ms_poll_view(c->db, c->id, NULL, &poll, &c->err)) &&
	    !(rc = ms_scrutineer_list(c->db, c->id, &scrutineers, &c->err)) && !(rc = congress_of(c, &congress)))
		rc = ms_tally_pdf(poll, result, congress, scrutineers, &c->raw, &c->raw_len, &c->err);
	free(congress);
	json_decref(scrutineers);
	json_decref(poll);
	json_decref(result);
	if (!rc)
		attach(c, "application/pdf", "tally-sheet", "pdf");
	return rc;
}

static int h_xlsx(struct ms_ctx *c, json_t **out)
{
	(void)out;
	json_t *result = NULL;
	char *congress = NULL;
	int rc = ms_poll_result(c->db, c->id, &result, &c->err);
	if (!rc && !(rc = congress_of(c, &congress)))
		rc = ms_result_xlsx(result, congress, &c->raw, &c->raw_len, &c->err);
	free(congress);
	json_decref(result);
	if (!rc)
		attach(c, XLSX_TYPE, "result", "xlsx");
	return rc;
}

static const struct ms_code *const ballot_errors[] = {&MS_E_EVALUATION_ELSEWHERE, NULL};
static const struct ms_code *const tally_errors[] = {&MS_E_TALLY_NOT_CLOSED, &MS_E_EVALUATION_ELSEWHERE, NULL};
static const struct ms_code *const result_errors[] = {&MS_E_POLL_NOT_CLOSED, &MS_E_EVALUATION_ELSEWHERE, NULL};

static const struct ms_route routes[] = {
	{.method = "GET", .pattern = "/polls/{id}/ballot.pdf", .fn = h_ballot, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_RAW, .errors = ballot_errors, .raw_type = "application/pdf",
	 .summary = "the paper ballot of the poll's form (pick: a box per candidate; approve_oppose: 赞成 / 反对 / 弃权; "
		    "ranked: the A3 ballot with each candidate's unit, content, cost and completion day and a box for its rank) as a PDF, with "
		    "the instructions and the rule in words"},
	{.method = "GET", .pattern = "/polls/{id}/tally-sheet.pdf", .fn = h_tally, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_RAW, .errors = tally_errors, .raw_type = "application/pdf",
	 .summary = "the tally sheet (计票结果报告单) of a closed poll as an A4 PDF: the figures, the rule and threshold "
		    "in words, each candidate's count and outcome, lines for the scrutineers', tellers' and chief "
		    "scrutineer's signatures"},
	{.method = "GET", .pattern = "/polls/{id}/result.xlsx", .fn = h_xlsx, .access = MS_ACCESS_PUBLIC,
	 .owner = ms_poll_owner, .flags = MS_ROUTE_RAW, .errors = result_errors, .raw_type = XLSX_TYPE,
	 .summary = "the published result as an XLSX workbook (sheet 投票结果: the figures and one row a project with "
		    "its unit, cost, votes, share and outcome), once the poll is closed"},
};
const struct ms_routes ms_print_routes = MS_ROUTES(routes);
