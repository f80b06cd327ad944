/* paper_http.c — the tellers' double entry of returned paper ballots
 * (paper.c): one teller's entry of a sheet, and the sheets with their
 * state and the reconciliation of issued against returned. */
#include "vote.h"

#include "vote_internal.h"

static const struct ms_field entry_body[] = {
	{.name = "sheet", .kind = MS_F_INT, .min = 1, .max = 1000000, .flags = MS_FIELD_REQUIRED,
	 .doc = "the sheet's number, given by the tellers as the ballots are unfolded (never a deputy's)"},
	{.name = "marks", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED,
	 .doc = "the sheet as marked, as POST /polls/{id}/paper-ballots takes a ballot ([ids]; {\"approve\": [ids], "
		"\"oppose\": [ids]}; a rating poll's ratings), or \"blank\" (空白票), or \"invalid\" (废票: a pick or "
		"ranked ballot marked over the limit)"},
	{0}};

static const struct ms_field entered_fields[] = {
	MS_OUT("sheet", MS_F_INT),
	{.name = "state", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED,
	 .doc = "agreed (the two tellers' entries are alike: counted as a paper ballot), mismatch or single"},
	{0}};
static const struct ms_view entered_view = {"PaperEntered", entered_fields, "a sheet's state after an entry"};

static const struct ms_field entry_fields[] = {
	MS_OUT("teller_id", MS_F_ID), MS_OUT("teller_name", MS_F_STR),
	{.name = "marks", .kind = MS_F_ANY, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the ballot as this teller entered it; null once the sheet is counted (the ballot is sealed)"},
	{0}};
static const struct ms_field sheet_fields[] = {
	MS_OUT("sheet", MS_F_INT), MS_OUT("counted", MS_F_BOOL),
	{.name = "state", .kind = MS_F_STR, .flags = MS_FIELD_REQUIRED, .doc = "agreed, mismatch or single"},
	{.name = "entries", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = entry_fields, .flags = MS_FIELD_REQUIRED,
	 .doc = "one per teller, side by side on a mismatch"},
	{0}};
static const struct ms_field entries_fields[] = {
	{.name = "sheets", .kind = MS_F_ARRAY, .item = MS_F_OBJECT, .sub = sheet_fields, .flags = MS_FIELD_REQUIRED,
	 .doc = "by sheet number"},
	MS_OUT("agreed", MS_F_INT), MS_OUT("mismatch", MS_F_INT), MS_OUT("single", MS_F_INT),
	MS_OUT("paper_issued", MS_F_INT), MS_OUT("paper_returned", MS_F_INT), MS_OUT("electronic_issued", MS_F_INT),
	MS_OUT("electronic_returned", MS_F_INT), MS_OUT("ballots_issued", MS_F_INT), MS_OUT("ballots_returned", MS_F_INT),
	{.name = "balanced", .kind = MS_F_BOOL, .flags = MS_FIELD_REQUIRED, .doc = "as many returned as issued"},
	{0}};
static const struct ms_view entries_view = {"PaperEntries", entries_fields,
					    "the sheets of the double entry and issued against returned"};

static int h_enter(struct ms_ctx *c, json_t **out)
{
	return ms_paper_enter(c->db, &c->who, c->id, ms_api_int(c, "sheet", 0), json_object_get(c->body, "marks"), out,
			      &c->err);
}

static int h_list(struct ms_ctx *c, json_t **out)
{
	return ms_paper_entries(c->db, c->id, out, &c->err);
}

static const struct ms_code *const enter_errors[] = {
	&MS_E_POLL_NOT_OPEN,	      &MS_E_INVALID_PAPER_BALLOT, &MS_E_UNKNOWN_CANDIDATE, &MS_E_DUPLICATE_CHOICE,
	&MS_E_POLL_UNSEALED,	      &MS_E_PAPER_OVER_ISSUED,	  &MS_E_INVALID_RATING,	   &MS_E_PAPER_SHEET_NOT_ISSUED,
	&MS_E_PAPER_SHEET_COUNTED, &MS_E_PAPER_SAME_TELLER,   &MS_E_PAPER_TWO_TELLERS, &MS_E_PAPER_MARK_FORM,
	NULL};

static const struct ms_route routes[] = {
	{.method = "POST", .pattern = "/polls/{id}/paper-entries", .fn = h_enter, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .body = entry_body, .returns = &entered_view, .errors = enter_errors,
	 .summary = "a teller's entry of one returned paper ballot sheet; the sheet counts (as POST "
		    "/polls/{id}/paper-ballots) once a second teller's entry is alike; a teller resolves a mismatch by "
		    "entering the sheet again"},
	{.method = "GET", .pattern = "/polls/{id}/paper-entries", .fn = h_list, .access = MS_ACCESS_STAFF,
	 .owner = ms_poll_owner, .returns = &entries_view,
	 .summary = "the sheets of the tellers' double entry (agreed, mismatch, single) and paper and electronic ballots "
		    "issued against returned"},
};
const struct ms_routes ms_paper_routes = MS_ROUTES(routes);
