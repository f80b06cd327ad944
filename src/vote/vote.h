/*
 * vote.h — the vote: polls on a round's candidates, the check-in desk,
 * secret ballots (electronic and paper), the count at close and the
 * published result, and the exchange with research tools (Pabulib .pb).
 *
 * Secret ballots: a ballot row holds only a random 16-byte id, the poll,
 * the sorted choices and a paper flag, and no time; who voted is kept
 * apart in participation(poll, deputy), also without time. Nothing joins
 * the two; the audit log records that a deputy voted, never what.
 */
#ifndef MS_VOTE_H
#define MS_VOTE_H

#include <jansson.h>

#include "../count/count.h"
#include "../cycle/cycle.h"

enum ms_poll_status { MS_POLL_DRAFT = 0, MS_POLL_OPEN = 1, MS_POLL_CLOSED = 2 };
extern const struct ms_names ms_poll_status_names;
extern const struct ms_name ms_poll_kind;

struct ms_poll {
	int64_t id, cycle_id, congress_id;
	char title[4 * MS_TITLE_MAX + 1]; /* up to MS_TITLE_MAX characters of UTF-8 */
	enum ms_poll_status status;
	uint32_t slots, max_approvals;
	int form;                 /* enum ms_ballot_form */
	int base;                 /* enum ms_threshold_base */
	uint32_t threshold_num, threshold_den;
	bool threshold_strict;
	bool has_budget;
	int64_t budget;
	uint32_t quorum_num, quorum_den;
	int64_t deputies_all;     /* frozen at open; -1 while draft */
	size_t n_candidates;
	int64_t *candidate_ids;   /* ascending; malloc'd, free with ms_poll_fini */
	int64_t *candidate_costs; /* aligned with candidate_ids */
};

void ms_poll_fini(struct ms_poll *p);

/* ---- setting up ---- */

/* The rules of a poll's settings against its candidates: more candidates
 * than places (差额), a quorum fraction of at most 1, and the counting
 * library's own checks of the parameters. */
int ms_poll_check(const struct ms_poll *p, struct ms_error *e);
/* Create poll p (settings and candidates; the round must compile or vote);
 * *id receives its id. */
int ms_poll_create(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, int64_t *id,
		   struct ms_error *e);
/* The counting parameters of a stored poll with `all` deputies and
 * `present` checked in. */
void ms_poll_params(const struct ms_poll *p, int64_t all, int64_t present, struct ms_count_params *cp);
/* The rule in words: {"zh","en"}. */
json_t *ms_poll_rule_text(const struct ms_count_params *cp);

int ms_poll_get(struct ms_db *db, int64_t id, struct ms_poll *out, struct ms_error *e);
int ms_poll_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
/* The Poll view: the settings, the candidates, the count of deputies,
 * present and ballots, quorum, the rule in words; with "me" for a deputy
 * of its congress (who may be NULL). */
int ms_poll_view(struct ms_db *db, int64_t id, const struct ms_actor *who, json_t **out, struct ms_error *e);
int ms_poll_list(struct ms_db *db, int64_t cycle_id, const struct ms_page *pg, json_t **out, struct ms_error *e);

/* ---- the desk ---- */

/* Check deputies in (any number at once); answers the attendance counts. */
int ms_checkin(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *deputy_ids, size_t n,
	       json_t **out, struct ms_error *e);
/* Open a draft poll: the round votes, the quorum is met; the roster of
 * deputies is frozen. */
int ms_poll_open(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, struct ms_error *e);
int ms_attendance_list(struct ms_db *db, int64_t poll_id, int64_t congress_id, const struct ms_page *pg,
		       json_t **out, struct ms_error *e);

/* ---- ballots ---- */

/* A deputy's electronic ballot: approvals (or the ranking) and, on an
 * approve / oppose poll, the opposed ones. Writes the deputy's
 * participation and, apart, the ballot; the receipt (33 bytes) proves
 * participation. */
int ms_ballot_cast(struct ms_db *db, const struct ms_actor *deputy, int64_t poll_id, const int64_t *choices, size_t n,
		   const int64_t *opposes, size_t n_opp, bool has_opposes, char receipt[33], struct ms_error *e);
/* Paper ballots entered at the desk (a ballot over the limit is recorded
 * and counts as void). Each is a JSON ballot: [ids] or
 * {"approve": [ids], "oppose": [ids]}. */
int ms_ballot_paper(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *ballots,
		    struct ms_error *e);

/* ---- close and result ---- */

/* Count the open poll's ballots, store the result and close it. */
int ms_poll_close(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t **result, struct ms_error *e);
/* The published result of a closed poll (409 poll_not_closed before). */
int ms_poll_result(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
/* The stored ballots of a closed poll, for scrutiny: a page of Ballot. */
int ms_ballot_list(struct ms_db *db, int64_t poll_id, const struct ms_page *pg, json_t **out, struct ms_error *e);

/* ---- Pabulib ---- */

/* Import a .pb file as a closed poll of round cycle_id with the settings
 * of p (its candidates are the file's projects). */
int ms_poll_import_pb(struct ms_db *db, const struct ms_actor *by, struct ms_poll *p, const char *pb, size_t len,
		      bool body_budget, bool body_max, int64_t *id, json_t **result, struct ms_error *e);
/* The ballots of a closed poll as a .pb text (malloc'd). */
int ms_poll_export_pb(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, char **text, size_t *len,
		      struct ms_error *e);

extern const struct ms_view ms_rule_text_view, ms_poll_view_shape, ms_poll_summary_view, ms_result_view, ms_attendee_view;
extern const struct ms_routes ms_poll_routes, ms_desk_routes, ms_ballot_routes, ms_close_routes, ms_exchange_routes;
extern const struct ms_stmt *const ms_poll_stmts[], *const ms_desk_stmts[], *const ms_ballot_stmts[],
	*const ms_close_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "vote_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_vote_codes[];

#endif
