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
#define MS_SCRUTINEERS_MAX 15 /* a poll's scrutineers (监票人) */
/* How deputies reach their ballot: logged in, or with a one-time code drawn
 * at the desk from slips the clerk printed (the server never learns who
 * holds which code). */
enum ms_voting_mode { MS_MODE_LOGIN = 0, MS_MODE_CODE_SHEET = 1 };
extern const struct ms_names ms_voting_mode_names;
#define MS_CODES_MAX 2000    /* voting codes printed at once */
#define MS_CODE_LEN 20       /* characters of a voting code (Crockford base32: 100 bits) */
extern const struct ms_names ms_poll_status_names;
extern const struct ms_name ms_poll_kind;
/* Who is due to vote: every deputy of the congress, or the members of its
 * standing committee (常委会组成人员; the year-end evaluation in some places). */
enum ms_electorate { MS_ELECTORATE_DEPUTIES = 0, MS_ELECTORATE_COMMITTEE = 1 };
extern const struct ms_names ms_electorate_names;
#define MS_RATE_ITEMS_MAX 8   /* sub-items of a rating ballot (MS_SAT_SUB_MAX) */

struct ms_poll {
	int64_t id, cycle_id, congress_id;
	char title[4 * MS_TITLE_MAX + 1]; /* up to MS_TITLE_MAX characters of UTF-8 */
	enum ms_poll_status status;
	uint32_t slots, max_approvals;
	int form;                 /* enum ms_ballot_form */
	int mode;                 /* enum ms_voting_mode */
	int base;                 /* enum ms_threshold_base */
	uint32_t threshold_num, threshold_den;
	bool threshold_strict;
	bool has_budget;
	int64_t budget;
	uint32_t quorum_num, quorum_den;
	int64_t deputies_all;     /* frozen at open; -1 while draft */
	bool sealed;              /* opened with a public key: its ballots are sealed until the close */
	unsigned char public_key[32];
	uint32_t shares_needed;   /* k: the scrutineers' shares that open the ballots (0: not set) */
	int electorate;           /* enum ms_electorate */
	/* Form rate (the year-end evaluation): whether 弃权 is a choice, the
	 * sub-items each project is rated on (0: rated as a whole) and how
	 * they combine (enum ms_sub_combine). */
	bool rate_abstain;
	uint32_t rate_n_sub;
	int rate_combine;
	/* Per-project counts on the hall's screens while it is open (live.h):
	 * pick and approve / oppose polls of at most MS_LIVE_CANDIDATES_MAX. */
	bool live_counts;
	/* A report-and-rate review's rating poll (evaluate/review.c): its
	 * candidates are units, and the rule says so in words. */
	bool rates_units;
	size_t n_candidates;
	int64_t *candidate_ids;   /* ascending; malloc'd, free with ms_poll_fini */
	int64_t *candidate_costs; /* aligned with candidate_ids */
};

void ms_poll_fini(struct ms_poll *p);

/* ---- setting up ---- */

/* The rules of a poll's settings against its candidates: more candidates
 * than places (差额), a quorum fraction of at most 1, and the counting
 * library's own checks of the parameters — with p->candidate_costs (when
 * not NULL) the costs too, the very checks the close's count applies (none
 * negative; without a budget their total fits an int64_t). ms_poll_create
 * and ms_poll_open apply it with the costs, so a poll that takes ballots
 * can be closed. */
int ms_poll_check(const struct ms_poll *p, struct ms_error *e);
/* Create poll p (settings and candidates; the round must compile or vote);
 * *id receives its id. */
int ms_poll_create(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, int64_t *id,
		   struct ms_error *e);
/* Create a rating poll (form rate: the year-end evaluation, src/evaluate/)
 * in a round in 评议: p's settings (base, fraction, strictness, quorum,
 * mode, electorate, rate_abstain, rate_n_sub, rate_combine) and candidates
 * (those of the projects rated); items: the sub-items' names as JSON text
 * ([{"name","name_en"}], rate_n_sub of them) or NULL. */
int ms_poll_create_rated(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, const char *items,
			 int64_t *id, struct ms_error *e);
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
/* Whether user_id is due to vote in poll_id (on the roster frozen at its opening). */
int ms_poll_on_roster(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);

/* ---- scrutineers (监票人) ---- */

/* Name the scrutineers of draft poll poll_id (deputies of its congress, as
 * the session approved them; 1 to MS_SCRUTINEERS_MAX) and how many of their
 * shares open the ballots at the close (1 ≤ k ≤ n). Replaces any before. */
int ms_scrutineers_set(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *ids, size_t n,
		       uint32_t k, struct ms_error *e);
/* A scrutineer of draft poll poll_id registers the one-time public key
 * (X25519, 32 bytes) that its share will be sealed to when the poll opens. */
int ms_scrutineer_register(struct ms_db *db, const struct ms_actor *who, int64_t poll_id, const unsigned char key[32],
			   struct ms_error *e);
/* The poll's scrutineers: [{user_id, name, x, key_registered, share_ready}]. */
int ms_scrutineer_list(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
/* The caller's share of open poll poll_id, sealed to its registered key. */
int ms_scrutineer_share(struct ms_db *db, const struct ms_actor *who, int64_t poll_id, json_t **out,
			struct ms_error *e);

/* ---- the desk ---- */

/* Check deputies in (any number at once); answers the attendance counts. */
int ms_checkin(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *deputy_ids, size_t n,
	       json_t **out, struct ms_error *e);
/* Open a draft poll: the round votes, the quorum is met; the roster of
 * deputies is frozen. */
int ms_poll_open(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, struct ms_error *e);
/* The desk issues a paper ballot to each of these deputies of poll_id:
 * each checked in, not yet issued one, not voted, no code-sheet slip (409
 * paper_not_present, paper_already_issued, paper_voted); the poll not
 * closed. Audited (poll.paper_issue); *out = {paper_issued, paper_recorded}. */
int ms_paper_issue(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *ids, size_t n,
		   json_t **out, struct ms_error *e);
/* Self check-in: the deputy scans a QR code shown only in the hall (at the
 * desk, on the hall screen), which carries a token of the poll and the
 * current time window (MS_CHECKIN_WINDOW_S seconds, or the environment's
 * MINSHENG_CHECKIN_WINDOW_S, 1 to 3600); a token of the current or the
 * previous window is accepted, so a photo of the code sent away stops
 * working within two windows. */
#define MS_CHECKIN_WINDOW_S 60
int64_t ms_checkin_window_s(void);
/* The current token of poll_id (not closed): {token, expires_in, valid_for, window_s}. */
int ms_checkin_token(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
/* by checks in to poll_id with token (422 checkin_token_invalid), by the
 * rules of ms_checkin; marked attendance.self, audited poll.checkin with
 * "by": "self" (nothing written when already present).
 * *out = {poll_id, title, already}. */
int ms_self_checkin(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const char *token, json_t **out,
		    struct ms_error *e);
/* Undo the check-in of these deputies: only before the poll opens (409
 * checkin_undo_not_draft), each present (checkin_undo_absent) and issued no
 * paper ballot or slip (checkin_undo_issued). Audited poll.checkin_undo;
 * *out = the turnout, as ms_checkin. */
int ms_checkin_undo(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *ids, size_t n,
		    json_t **out, struct ms_error *e);
int ms_attendance_list(struct ms_db *db, int64_t poll_id, int64_t congress_id, const struct ms_page *pg,
		       json_t **out, struct ms_error *e);

/* ---- ballots ---- */

/* A ballot as cast: the approvals (or the ranking) and, on an approve /
 * oppose poll, the opposed ones (has_opposes: the field was given); on a
 * rating poll the ratings instead, {"<candidate id>": rating} with rating
 * "satisfied", "basic", "dissatisfied" or "abstain" — or, with sub-items,
 * an array of one rating per sub-item (rate.c). */
struct ms_ballot_in {
	const int64_t *choices;
	size_t n;
	const int64_t *opposes;
	size_t n_opp;
	bool has_opposes;
	json_t *ratings;
};
/* A deputy's electronic ballot. Writes the deputy's participation and,
 * apart, the ballot; the receipt (33 bytes) proves participation. */
int ms_ballot_cast(struct ms_db *db, const struct ms_actor *deputy, int64_t poll_id, const struct ms_ballot_in *b,
		   const char *tracker_in, char receipt[33], char tracker[11], struct ms_error *e);
/* Paper ballots entered at the desk (a ballot over the limit is recorded
 * and counts as void). Each is a JSON ballot: [ids],
 * {"approve": [ids], "oppose": [ids]}, or on a rating poll the ratings (a
 * project left unmarked is an abstention, or an invalid mark where 弃权 is
 * not a choice). */
int ms_ballot_paper(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *ballots,
		    struct ms_error *e);

/* ---- the tellers' double entry of paper ballots (paper.c) ---- */

/* A sheet's state from its n entries' canonical marks: agreed (counted, or
 * two alike), mismatch (two that differ) or single. */
const char *ms_paper_state(size_t n, const char *a, const char *b, bool counted);
/* Issued against returned (Lishui style: 发出 314 张，收回 314 张): every
 * present deputy is issued one ballot, paper or electronic. */
struct ms_paper_figures {
	int64_t present, paper_issued, paper_returned, electronic_returned;
};
struct ms_paper_reconciled {
	int64_t issued, electronic_issued, returned, not_returned;
	bool balanced, over;
};
void ms_paper_reconcile(const struct ms_paper_figures *f, struct ms_paper_reconciled *r);
/* A teller's marks → the paper ballot they stand for, canonical (a pick's
 * or approve / oppose ballot's ids in order): a ballot as POST
 * /polls/{id}/paper-ballots takes it, "blank", or "invalid" (废票: a pick or
 * ranked ballot marked over the limit, which the count voids). NULL with
 * *refused set when the mark is not possible on this form. */
json_t *ms_paper_marks_ballot(enum ms_ballot_form form, size_t n_candidates, uint32_t max_approvals,
			      const int64_t *candidate_ids, json_t *marks, const char **refused);
/* One teller's (by) entry of sheet of poll_id (open): a second teller's
 * alike entry counts the sheet (ms_ballot_paper); the same teller again is
 * paper_same_teller until a mismatch, when it replaces their entry. Audited
 * (paper.entry); *out = {sheet, state}. */
int ms_paper_enter(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, int64_t sheet, json_t *marks,
		   json_t **out, struct ms_error *e);
/* The sheets with their entries and state, and the reconciliation. */
int ms_paper_entries(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
/* 0, or 409 paper_sheets_unresolved while a sheet is single or mismatched. */
int ms_paper_unresolved(struct ms_db *db, int64_t poll_id, struct ms_error *e);

/* ---- code-sheet polls (code.c) ---- */

/* n one-time voting codes for poll_id (code-sheet mode, not closed): their
 * hashes are stored with slip numbers; *codes (malloc'd, n × (MS_CODE_LEN +
 * 1)) and *first_serial receive the codes, which exist nowhere else. */
int ms_codes_issue(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, uint32_t n, char **codes,
		   int64_t *first_serial, struct ms_error *e);
/* Void the slips of these numbers (spoiled or lost; not used). */
int ms_codes_void(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *serials, size_t n,
		  struct ms_error *e);
/* The desk hands a slip to each of these checked-in deputies (once each). */
int ms_slips_hand(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const int64_t *deputy_ids, size_t n,
		  struct ms_error *e);
/* Slips printed, handed out, used, voided and unused, against ballots. */
int ms_codes_reconcile(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
/* The state of a code ("issued", "used", "void"); 422 invalid_code when it
 * is not one of the poll's. */
int ms_code_check(struct ms_db *db, int64_t poll_id, const char *code, json_t **out, struct ms_error *e);
/* A ballot cast with a voting code: as ms_ballot_cast, with no deputy. */
int ms_code_cast(struct ms_db *db, int64_t poll_id, const char *code, const struct ms_ballot_in *b,
		 const char *tracker_in, char tracker[11], struct ms_error *e);

/* ---- close and result ---- */

/* Close the open poll: the scrutineers' shares (a JSON array of share
 * texts, at least shares_needed of them) open its sealed ballots, which are
 * stored in random order; they are counted once and the result stored. */
int ms_poll_close(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *shares, json_t **result,
		  struct ms_error *e);
/* The public bulletin of a closed poll: every counted ballot with its
 * tracker (random order), the settings and candidates to recount it, the
 * published result and the hash of the ballots (docs/secrecy.md). */
int ms_bulletin(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);

/* The published result of a closed poll (409 poll_not_closed before). */
int ms_poll_result(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);

/* ---- the hall (hall.c) ---- */

/* The hall screen's state of a poll: {"poll": the poll as the public reads
 * it, "result": its result once closed, else null}. */
int ms_hall_state(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
struct ms_feed;
extern const struct ms_feed ms_hall_feed;

/* A rating poll (the year-end evaluation) is closed and read through these
 * (src/evaluate/ calls them), the selection polls through the three above
 * (each answers 409 evaluation_elsewhere / not_an_evaluation for the other
 * kind): its result has the satisfaction rule's tallies and verdicts
 * (rate.c) instead of a selection's. */
/* Notes sealed beside a rating poll (a review's comments, evaluate/review.c):
 * each sealed to the poll's key like a ballot, padded to one length so that
 * no box says anything by its size, and opened only at the close, with the
 * key the scrutineers' shares rebuild — by a hook ms_rate_close_with calls
 * before it wipes the key. ms_poll_seal_note: data (at most MS_SEALED_NOTE_MAX
 * bytes) into box (MS_SEALED_NOTE_BOX bytes); 409 poll_unsealed when the poll has
 * no key. ms_poll_open_note: one box into out (MS_SEALED_NOTE_MAX + 1 bytes,
 * NUL-terminated), *n its length; -1 when it does not open. */
#define MS_SEALED_NOTE_MAX 8190
#define MS_SEALED_NOTE_BOX (MS_SEALED_NOTE_MAX + 2 + 48)
int ms_poll_seal_note(const struct ms_poll *p, const void *data, size_t n, unsigned char box[MS_SEALED_NOTE_BOX],
		      struct ms_error *e);
int ms_poll_open_note(const struct ms_poll *p, const unsigned char sk[32], const unsigned char *box, size_t len,
		      char *out, size_t *n);
typedef int ms_close_hook(struct ms_db *db, const struct ms_poll *p, const unsigned char sk[32], void *ctx,
			  struct ms_error *e);
int ms_rate_close_with(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *shares,
		       ms_close_hook *hook, void *ctx, json_t **result, struct ms_error *e);
/* order[0..n) a uniformly random permutation of 0..n-1 (Fisher–Yates on
 * libsodium's uniform draw), as the close orders the ballots it writes. */
void ms_shuffle(size_t *order, size_t n);
int ms_rate_close(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *shares, json_t **result,
		  struct ms_error *e);
int ms_rate_result(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
int ms_rate_bulletin(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);

/* A presidium decision (主席团决定, override.c): the verdict of candidate_id
 * on closed selection poll poll_id becomes status ("selected" or
 * "not_selected"), for reason (required), decided by the body decided_by
 * (e.g. 大会主席团) and recorded by `by`. The stored count is never
 * changed: the result shows the decision beside the counted verdict, and
 * the bulletin recounts the count. The latest decision on a candidate
 * stands; status "counted" withdraws the one that stood (the history is
 * kept). 409 poll_not_closed, override_invalid_result,
 * override_unchanged; 422 candidate_not_on_poll. Audited (poll.override);
 * *out: the result with its overrides. */
int ms_poll_override(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, int64_t candidate_id,
		     const char *status, const char *reason, const char *decided_by, json_t **out,
		     struct ms_error *e);
/* A run-off in one step (runoff.c): from closed poll poll_id whose result
 * has a tie at the cut (status runoff), a new draft poll in the same round
 * among exactly the tied candidates for the places left (runoff_slots),
 * with the poll's settings and scrutineers (title: given, or the poll's
 * with 再次投票), made by ms_poll_create and linked to the poll both ways.
 * 409 poll_not_closed, no_tie_at_cut, runoff_exists. Audited (poll.runoff
 * on the first poll, poll.create on the new one); *id: the new poll. */
int ms_poll_runoff(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, const char *title, int64_t *id,
		   struct ms_error *e);

/* What the round's vote decided (outcome.c): the candidates selected, each
 * with the poll that selected it, and every candidate put to the vote
 * (selected or not). 409 poll_still_open when a poll of the round is open;
 * 409 no_vote_result when no closed poll has a valid result (both codes of
 * cycle_codes.def: they refuse the round's move to 实施). Free with
 * ms_vote_outcome_fini (also after a failure: then empty). */
struct ms_vote_outcome {
	int64_t *selected, *selected_poll;
	size_t n_selected;
	int64_t *voted;
	size_t n_voted;
};
int ms_vote_outcome(struct ms_db *db, int64_t cycle_id, struct ms_vote_outcome *out, struct ms_error *e);
void ms_vote_outcome_fini(struct ms_vote_outcome *o);
/* The stored ballots of a closed poll, for scrutiny: a page of Ballot. */
int ms_ballot_list(struct ms_db *db, int64_t poll_id, const struct ms_page *pg, json_t **out, struct ms_error *e);

/* What the audit chain alone cannot see (cmd_audit.c runs it after
 * ms_audit_verify): every poll that opened has as many deputies recorded
 * as voted and codes used as the audit log has ballot.cast and
 * ballot.cast_code entries for it (a ballot stuffed with a forged
 * participation row shows), and every closed poll's ballots still hash to
 * the bulletin_hash its result carries (a ballot changed after the close
 * shows). *polls receives how many polls were checked; 409 naming the
 * first poll that fails. */
int ms_vote_verify(struct ms_db *db, int64_t *polls, struct ms_error *e);

/* Recount a downloaded bulletin (the JSON of ms_bulletin): *diffs
 * receives what differs from the result it publishes (empty: it matches),
 * *recount the result recounted from its ballots. */
int ms_bulletin_verify(json_t *doc, json_t **diffs, json_t **recount, struct ms_error *e);

/* ---- Pabulib ---- */

/* Import a .pb file as a closed poll of round cycle_id with the settings
 * of p (its candidates are the file's projects). */
int ms_poll_import_pb(struct ms_db *db, const struct ms_actor *by, struct ms_poll *p, const char *pb, size_t len,
		      bool body_budget, bool body_max, int64_t *id, json_t **result, struct ms_error *e);
/* The ballots of a closed poll as a .pb text (malloc'd). */
int ms_poll_export_pb(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, char **text, size_t *len,
		      struct ms_error *e);

/* The fields of a sub-item of an evaluation's ballot ({name, name_en}). */
extern const struct ms_field ms_rate_item_fields[];
extern const struct ms_view ms_rule_text_view, ms_poll_view_shape, ms_poll_summary_view, ms_result_view, ms_attendee_view;
extern const struct ms_routes ms_hall_routes;
extern const struct ms_routes ms_poll_routes, ms_desk_routes, ms_ballot_routes, ms_close_routes, ms_exchange_routes,
	ms_scrutineer_routes, ms_code_routes, ms_override_routes, ms_paper_routes;
extern const struct ms_stmt *const ms_poll_stmts[], *const ms_desk_stmts[], *const ms_ballot_stmts[],
	*const ms_close_stmts[], *const ms_scrutineer_stmts[], *const ms_code_stmts[], *const ms_override_stmts[], *const ms_paper_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "vote_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_vote_codes[];

#endif
