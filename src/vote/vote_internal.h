/* vote_internal.h — shared inside src/vote/: the SQL of polls, the desk,
 * ballots and the close, and the steps the files share. */
#ifndef MS_VOTE_INTERNAL_H
#define MS_VOTE_INTERNAL_H

#include "vote.h"

#include "../count/satisfaction.h"

/* poll_sql.c */
/* rate_items: the sub-items' names as JSON text, or NULL. */
int ms_poll_sql_insert(struct ms_db *db, const struct ms_poll *p, const char *rate_items, const char *now, int64_t *id,
		       struct ms_error *e);
int ms_poll_sql_add_candidate(struct ms_db *db, int64_t poll_id, int64_t candidate_id, struct ms_error *e);
/* The round of a candidate; MS_ERR_NOT_FOUND when there is no such candidate. */
int ms_poll_sql_candidate_cycle(struct ms_db *db, int64_t candidate_id, int64_t *cycle_id, struct ms_error *e);
int ms_poll_sql_candidate_cost(struct ms_db *db, int64_t candidate_id, int64_t *cost, struct ms_error *e);
int ms_poll_sql_json(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* A poll's deputies present and ballots (sealed or not), as kept by
 * poll_tally (src/store/schema_tally.c): for its page, not its close. */
int ms_poll_sql_tally(struct ms_db *db, int64_t id, int64_t *present, int64_t *ballots, struct ms_error *e);
/* Hold the poll row until the transaction ends, so that a check of the
 * poll's status stays true until commit when several processes share the
 * database: exclusive (open, close) waits for every shared holder (ballots,
 * check-ins) and blocks new ones. PostgreSQL: SELECT … FOR UPDATE / FOR
 * SHARE; SQLite: nothing to do (a write transaction holds the database). */
int ms_poll_sql_lock(struct ms_db *db, int64_t id, bool exclusive, struct ms_error *e);
/* Freeze the roster (the congress's deputies now, or the members of its
 * standing committee) and mark the poll open; *all receives its size. */
int ms_poll_sql_open(struct ms_db *db, int64_t id, int64_t congress_id, bool committee, const char *now, int64_t *all,
		     struct ms_error *e);
/* Open a poll whose ballots come from elsewhere (an imported .pb): no
 * roster; the file's voters are its deputies. */
int ms_poll_sql_open_imported(struct ms_db *db, int64_t id, int64_t voters, const char *now, struct ms_error *e);

/* desk_sql.c */
int ms_desk_sql_in_roster(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
int ms_desk_sql_checkin(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
/* Whether the deputy checked in by phone and the desk has not confirmed it yet. */
int ms_desk_sql_by_phone_unconfirmed(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
/* Check in by the deputy's own phone (attendance.self = 1); a deputy already present keeps the row. */
int ms_desk_sql_checkin_self(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
/* Remove the check-in of a deputy who was issued neither a paper ballot nor a slip. */
int ms_desk_sql_undo(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
/* Whether the user sits on its congress's standing committee. */
int ms_desk_sql_in_committee(struct ms_db *db, int64_t user_id, bool *out, struct ms_error *e);
int ms_desk_sql_present_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);
int ms_desk_sql_is_present(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
/* Check one paper ballot's marks as POST /polls/{id}/paper-ballots would
 * (ms_ballot_paper): 0, or 400 / 422 with the error. */
int ms_ballot_paper_check(const struct ms_poll *p, json_t *b, struct ms_error *e);

/* The tellers' double entry (paper.c, paper_sql.c): one teller's entry of
 * a sheet (marks NULL once the sheet is counted). */
struct ms_paper_entry {
	int64_t teller;
	char *marks;
};
int ms_paper_sql_sheet(struct ms_db *db, int64_t poll_id, int64_t sheet, bool *counted, struct ms_error *e);
int ms_paper_sql_entry(struct ms_db *db, int64_t poll_id, int64_t sheet, int64_t teller, const char *marks,
		       const char *now, struct ms_error *e);
int ms_paper_sql_entries(struct ms_db *db, int64_t poll_id, int64_t sheet, struct ms_paper_entry out[2], size_t *n,
			 struct ms_error *e);
int ms_paper_sql_counted(struct ms_db *db, int64_t poll_id, int64_t sheet, struct ms_error *e);
int ms_paper_sql_unresolved(struct ms_db *db, int64_t poll_id, int64_t *n, struct ms_error *e);
int ms_paper_sql_list(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);

/* Paper ballots: whether a deputy was issued one / took a code-sheet slip;
 * issue one; the paper ballots issued and recorded; add n recorded. */
int ms_desk_sql_has_paper(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
int ms_desk_sql_has_slip(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
int ms_desk_sql_paper_issue(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
int ms_desk_sql_paper_counts(struct ms_db *db, int64_t poll_id, int64_t *issued, int64_t *recorded,
			     struct ms_error *e);
int ms_desk_sql_paper_recorded(struct ms_db *db, int64_t poll_id, int64_t n, struct ms_error *e);

/* ballot_sql.c */
int ms_ballot_sql_participation_add(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
int ms_ballot_sql_has_voted(struct ms_db *db, int64_t poll_id, int64_t user_id, bool *out, struct ms_error *e);
/* choices: the approved ids (any order; stored sorted) or, when ranked, the
 * ranked ids in order of priority (stored in that order); opposes: the
 * opposed ones of an approve / oppose poll, NULL otherwise. */
int ms_ballot_sql_add(struct ms_db *db, int64_t poll_id, const int64_t *choices, size_t n, const int64_t *opposes,
		      size_t n_opp, bool ranked, bool paper, const char *tracker, struct ms_error *e);
int ms_ballot_sql_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);
/* A sealed ballot (kept in ballot_box until the close). */
int ms_ballot_sql_box_add(struct ms_db *db, int64_t poll_id, const unsigned char *box, size_t len,
			  struct ms_error *e);
typedef int (*ms_box_fn)(void *ctx, const unsigned char *box, size_t len);
int ms_ballot_sql_box_each(struct ms_db *db, int64_t poll_id, ms_box_fn fn, void *ctx, struct ms_error *e);
int ms_ballot_sql_box_clear(struct ms_db *db, int64_t poll_id, struct ms_error *e);
int ms_ballot_sql_participation_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);
/* Each stored ballot of the poll (random-id order); opposes is NULL unless
 * the ballot is of the approve / oppose form. fn returns 0 to go on. */
typedef int (*ms_ballot_fn)(void *ctx, const int64_t *choices, size_t n, const int64_t *opposes, size_t n_opp,
			    bool paper);
int ms_ballot_sql_each(struct ms_db *db, int64_t poll_id, ms_ballot_fn fn, void *ctx, struct ms_error *e);
/* The same, each ballot's stored choices as JSON (for rating ballots);
 * the text that is stored for one, given. */
int ms_ballot_sql_each_json(struct ms_db *db, int64_t poll_id, int (*fn)(void *ctx, json_t *choices, bool paper),
			    void *ctx, struct ms_error *e);
int ms_ballot_sql_add_text(struct ms_db *db, int64_t poll_id, const char *text, bool paper, const char *tracker,
			   struct ms_error *e);

/* The bulletin's rows in its order: tracker (NULL for an imported ballot),
 * the stored choices' text, paper. fn returns 0 to go on. */
typedef int (*ms_bulletin_fn)(void *ctx, const char *tracker, const char *choices, bool paper);
int ms_ballot_sql_bulletin(struct ms_db *db, int64_t poll_id, ms_bulletin_fn fn, void *ctx, struct ms_error *e);

/* close_sql.c */
/* Mark the poll closed (409 poll_not_open when it is not open) and store
 * its result once. */
int ms_close_sql_close(struct ms_db *db, int64_t poll_id, const char *now, const char *result_json, struct ms_error *e);
int ms_close_sql_result(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
/* The polls that opened (ids ascending) and, for each, 1 when closed. */
int ms_close_sql_voted(struct ms_db *db, int64_t **ids, int64_t **closed, size_t *n, struct ms_error *e);

/* seal.c — the cryptography of sealed ballots (no SQL, no HTTP) */
#define MS_TRACKER_LEN 10
#define MS_SHARE_TEXT_MAX 96
/* Split the private key sk into n shares (x = 1..n in xs, the 32-byte
 * values in ys), any k of which rebuild it. */
int ms_seal_split(const unsigned char sk[32], unsigned n, unsigned k, unsigned char xs[], unsigned char (*ys)[32]);
/* Rebuild a private key from k shares. */
int ms_seal_combine(const unsigned char xs[], const unsigned char (*ys)[32], unsigned k, unsigned char sk[32]);
/* A share as the scrutineer holds it: "ms1-<poll>-<base64url>". */
void ms_share_text(int64_t poll_id, unsigned char x, const unsigned char y[32], char out[MS_SHARE_TEXT_MAX]);
/* 0, or -1 when text is not a share. */
int ms_share_parse(const char *text, int64_t *poll_id, unsigned char *x, unsigned char y[32]);
/* The commitment stored at open that recognises share (poll, x, y). */
void ms_share_commit(int64_t poll_id, unsigned char x, const unsigned char y[32], unsigned char h[32]);
void ms_tracker_new(char t[MS_TRACKER_LEN + 1]);
/* A tracker as typed (any case, hyphens and spaces ignored) into its
 * canonical form; false when it is not one. */
bool ms_tracker_normalise(const char *in, char t[MS_TRACKER_LEN + 1]);
/* seal_box.c: a box is MS_SEAL_BYTES longer than its plaintext: the
 * ephemeral public key, the nonce, the MAC. */
#define MS_SEAL_BYTES (crypto_box_PUBLICKEYBYTES + crypto_box_NONCEBYTES + crypto_box_MACBYTES)
/* Seal plain (len bytes) to the key pk of poll `poll` into box (len +
 * MS_SEAL_BYTES), with the ephemeral key db's open transaction shares for
 * pk (made now when it has none; *shared: it had one, may be NULL); db may
 * be NULL (a key for this box alone). 0 or -1. */
int ms_seal_box(struct ms_db *db, unsigned char *box, const unsigned char *plain, size_t len,
		const unsigned char pk[32], int64_t poll, bool *shared);
/* Open a box of a plaintext of len bytes (blen: len + MS_SEAL_BYTES, or
 * len + crypto_box_SEALBYTES for a box crypto_box_seal made) with the
 * poll's key pair. 0 or -1. */
int ms_seal_open(unsigned char *plain, const unsigned char *box, size_t blen, size_t len, const unsigned char pk[32],
		 const unsigned char sk[32]);
/* A ballot route's before and after (route.h): make this thread's
 * ephemeral key for the poll it sealed to last when the request is for
 * that poll (nothing when it is for another, when none, or when one is
 * made), and wipe one no transaction used. */
void ms_seal_ahead(int64_t poll);
void ms_seal_drop(void);
/* The fixed length of p's ballot plaintext. */
size_t ms_seal_plain_len(const struct ms_poll *p);
/* ids: the approved (or ranked, in order) then the opposed, all on p. */
int ms_seal_encode(const struct ms_poll *p, const int64_t *ids, size_t na, size_t n, bool paper, const char *tracker,
		   unsigned char *plain);
/* A rating ballot's marks (one per candidate, rate.c), and back: 0, or
 * MS_ERR_INVALID when the plaintext is not one of p's. */
void ms_seal_encode_marks(const struct ms_poll *p, const uint16_t *marks, bool paper, const char *tracker,
			  unsigned char *plain);
int ms_seal_decode_marks(const struct ms_poll *p, const unsigned char *plain, size_t len, uint16_t *marks, bool *paper,
			 char tracker[MS_TRACKER_LEN + 1]);
/* ids needs room for every candidate; as ms_ballot_sql_add takes them. */
int ms_seal_decode(const struct ms_poll *p, const unsigned char *plain, size_t len, int64_t *ids, size_t *na,
		   size_t *n, bool *paper, char tracker[MS_TRACKER_LEN + 1]);

/* scrutineer_sql.c */
struct ms_scrutineer {
	int64_t user_id;
	unsigned char x;
	bool has_key;
	unsigned char share_key[32];
	unsigned char share_hash[32];
};
int ms_scrutineer_sql_clear(struct ms_db *db, int64_t poll_id, struct ms_error *e);
int ms_scrutineer_sql_add(struct ms_db *db, int64_t poll_id, int64_t user_id, unsigned x, struct ms_error *e);
/* The poll's scrutineers by x into a malloc'd array. */
int ms_scrutineer_sql_all(struct ms_db *db, int64_t poll_id, struct ms_scrutineer **out, size_t *n,
			  struct ms_error *e);
int ms_scrutineer_sql_set_key(struct ms_db *db, int64_t poll_id, int64_t user_id, const unsigned char key[32],
			      struct ms_error *e);
int ms_scrutineer_sql_set_share(struct ms_db *db, int64_t poll_id, int64_t user_id, const unsigned char *sealed,
				size_t len, const unsigned char hash[32], struct ms_error *e);
/* The poll's public key and the shares its close needs. */
int ms_scrutineer_sql_seal_poll(struct ms_db *db, int64_t poll_id, const unsigned char pk[32], unsigned k,
				struct ms_error *e);
int ms_scrutineer_sql_set_needed(struct ms_db *db, int64_t poll_id, unsigned k, struct ms_error *e);
int ms_scrutineer_sql_list(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
int ms_scrutineer_sql_mine(struct ms_db *db, int64_t poll_id, int64_t user_id, json_t **out, struct ms_error *e);

/* code_sql.c */
int ms_code_sql_next_serial(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);
int ms_code_sql_add(struct ms_db *db, int64_t poll_id, int64_t serial, const unsigned char hash[32],
		    struct ms_error *e);
/* "issued", "used" or "void"; MS_ERR_NOT_FOUND when no such code. */
int ms_code_sql_state(struct ms_db *db, int64_t poll_id, const unsigned char hash[32], char state[16],
		      struct ms_error *e);
/* Mark an unused code used; MS_ERR_NOT_FOUND when it is not unused. */
int ms_code_sql_use(struct ms_db *db, int64_t poll_id, const unsigned char hash[32], struct ms_error *e);
int ms_code_sql_serial_state(struct ms_db *db, int64_t poll_id, int64_t serial, char state[16], struct ms_error *e);
int ms_code_sql_void(struct ms_db *db, int64_t poll_id, int64_t serial, struct ms_error *e);
/* MS_ERR_NOT_FOUND when the deputy is not checked in or already has a slip. */
int ms_code_sql_hand(struct ms_db *db, int64_t poll_id, int64_t user_id, struct ms_error *e);
/* {printed, handed, used, voided, unused} */
int ms_code_sql_counts(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
int ms_code_sql_used_count(struct ms_db *db, int64_t poll_id, int64_t *out, struct ms_error *e);

/* ballot.c: check a ballot's ids against poll p, seal it with its tracker
 * and store the box (the shared path of deputies, codes and paper). */
int ms_ballot_seal_checked(struct ms_db *db, const struct ms_poll *p, const struct ms_ballot_in *b, const char *tracker,
			   struct ms_error *e);

/* scrutineer.c */
/* Seal the poll at open: a fresh key pair, its private key split among the
 * scrutineers (each share sealed to the key that scrutineer registered)
 * and destroyed. 409 when there are none or one has no key. */
int ms_scrutineers_seal(struct ms_db *db, const struct ms_poll *p, json_t **detail, struct ms_error *e);
/* The poll's private key from the close's shares (a JSON array of texts),
 * checked against the commitments and the public key. */
int ms_scrutineers_unlock(struct ms_db *db, const struct ms_poll *p, json_t *shares, unsigned char sk[32],
			  json_t **used, struct ms_error *e);

/* scrutineer_http.c: name the scrutineers of poll_id from a request body's
 * scrutineer_ids and shares_needed (poll creation takes them too). */
int ms_scrutineers_from_body(struct ms_db *db, const struct ms_actor *by, int64_t poll_id, json_t *body,
			     struct ms_error *e);

/* poll.c */
/* A status in messages: its Chinese label, and its key in English ("draft"). */
struct ms_arg ms_poll_status_arg(enum ms_poll_status s);
/* Load a poll whose status the caller checks and relies on until commit:
 * its row is locked first (ms_poll_sql_lock). */
int ms_poll_load_locked(struct ms_db *db, int64_t id, bool exclusive, struct ms_poll *p, struct ms_error *e);
/* ms_poll_create for a run-off's ballot: the tied candidates for the places
 * left, so without the guidance's ratio of candidates to places. */
int ms_poll_create_runoff(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, int64_t *id,
			  struct ms_error *e);
/* Deputies of the poll's congress: frozen at open, counted live before. */
int ms_poll_all(struct ms_db *db, const struct ms_poll *p, int64_t *all, struct ms_error *e);
/* The index of candidate id on p's ballot, or -1. */
int ms_poll_candidate_index(const struct ms_poll *p, int64_t id);
int ms_poll_need_open(const struct ms_poll *p, struct ms_error *e);
/* 409 unless p is a rating poll (rated) or a selection poll (!rated): each
 * is closed and read through its own routes. */
int ms_poll_need_form(const struct ms_poll *p, bool rated, struct ms_error *e);
/* 409 poll_closed when p is closed (the desk works before and while it is open). */
int ms_poll_need_not_closed(const struct ms_poll *p, struct ms_error *e);
/* 409 poll_not_closed unless p is closed; what is shown after the close. */
int ms_poll_need_closed(const struct ms_poll *p, struct ms_arg what, struct ms_error *e);

/* close.c */
/* Where ballots come from for a count: calls fn for each — as candidate
 * ids (the selection forms), or as the stored JSON (a rating ballot). */
typedef int (*ms_ballot_source)(void *src, ms_ballot_fn fn, void *ctx, struct ms_error *e);
typedef int (*ms_choices_fn)(void *ctx, json_t *choices, bool paper);
typedef int (*ms_choices_source)(void *src, ms_choices_fn fn, void *ctx, struct ms_error *e);
struct ms_ballot_sources {
	ms_ballot_source ids;
	ms_choices_source json;
};
/* The stored ballots of a poll as a source. */
struct ms_stored {
	struct ms_db *db;
	int64_t poll_id;
};
extern const struct ms_ballot_sources ms_stored_sources;
/* The result of poll p (its candidates' JSON in cands, as the poll view
 * gives them) from the ballots of src, with `present` deputies present:
 * the published result's JSON, without its bulletin hash. */
int ms_close_tally(const struct ms_poll *p, json_t *cands, int64_t present, const struct ms_ballot_sources *each,
		   void *src, json_t **out, struct ms_error *e);

/* rate.c — the rating ballot (form rate) */
/* The ratings as cast (JSON) into one mark per candidate of p: 0, or 422
 * (ratings_required, unknown_candidate, invalid_rating,
 * abstain_not_allowed, project_not_rated — an electronic ballot rates every
 * project; a paper one as it was marked). */
int ms_rate_marks(const struct ms_poll *p, json_t *ratings, bool paper, uint16_t *marks, struct ms_error *e);
/* The stored text of a rating ballot (malloc'd), or NULL without memory. */
char *ms_rate_text(const struct ms_poll *p, const uint16_t *marks);
/* A stored (or bulletin) rating ballot into n_candidates × max(1, n_sub)
 * bytes of enum ms_rating: 0, or -1 when it is not one of p's. */
int ms_rate_read(const struct ms_poll *p, json_t *choices, uint8_t *bytes);
/* The satisfaction rule's parameters of rating poll p. */
void ms_rate_params(const struct ms_poll *p, int64_t all, int64_t present, struct ms_sat_params *sp);
json_t *ms_rate_rule_text(const struct ms_sat_params *sp);
/* As ms_close_tally, for a rating poll. */
int ms_rate_tally(const struct ms_poll *p, json_t *cands, int64_t present, ms_choices_source each, void *src,
		  json_t **out, struct ms_error *e);
/* Count the open poll p's stored ballots with `present` deputies present,
 * store the result and close the poll, in the caller's transaction;
 * closers (may be NULL): the scrutineers whose shares opened the ballots. */
int ms_close_count(struct ms_db *db, const struct ms_actor *by, const struct ms_poll *p, int64_t present,
		   json_t *closers, json_t **out, struct ms_error *e);

/* bulletin.c */
/* The hash of poll_id's bulletin (64 hex digits). */
int ms_bulletin_hash(struct ms_db *db, int64_t poll_id, char hex[65], struct ms_error *e);

/* outcome.c's SQL (poll_sql.c): the round's polls as [{id, title, status,
 * result (its JSON text, or null)}] by id; the candidates on the ballot of
 * any of its closed polls, ascending. */
int ms_outcome_sql_polls(struct ms_db *db, int64_t cycle_id, json_t **out, struct ms_error *e);
int ms_outcome_sql_voted(struct ms_db *db, int64_t cycle_id, int64_t **ids, size_t *n, struct ms_error *e);

/* override_sql.c */
int ms_override_sql_add(struct ms_db *db, int64_t poll_id, int64_t candidate_id, const char *status,
			const char *counted, const char *reason, const char *decided_by, int64_t recorded_by,
			const char *now, struct ms_error *e);
/* The poll's overrides, oldest first: [{id, candidate_id, status, counted_status, reason, decided_by,
 * recorded_by, recorded_by_name, at}]. */
int ms_override_sql_list(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e);
int ms_override_sql_runoff_add(struct ms_db *db, int64_t runoff_id, int64_t of_poll_id, const char *now,
			       struct ms_error *e);
int ms_override_sql_links(struct ms_db *db, int64_t poll_id, int64_t *of, int64_t *runoff, struct ms_error *e);

/* override.c: add to a selection poll's stored result (the count left as
 * it was) the overrides beside each candidate, their history and the
 * run-off links; each candidate's "outcome" is the verdict that stands. */
int ms_override_merge(struct ms_db *db, int64_t poll_id, json_t *result, struct ms_error *e);
extern const struct ms_names ms_override_status_names;

#endif
