/*
 * preference.h — the public preference poll (群众网络投票) on a round's
 * draft candidates: before the congress votes, residents say online which
 * candidates they want, within a budget. It is ADVICE to the congress,
 * never its decision: every answer that shows a result says so.
 *
 * A poll is set up by the congress's clerks on a round that collects or
 * compiles: its candidates (default: all of the round's), the budget a
 * resident may spend (default: the largest budget of the round's congress
 * polls; else it must be given), when it opens and closes, the advisory
 * rules (greedy by approvals, Equal Shares; preference_result.c) and
 * whether the result is shown while voting runs (live).
 *
 * One vote per resident, by a one-time code (16 characters of Crockford's
 * base32, 80 random bits): issued in batches to a station or a deputy and
 * printed on slips (report/pref_slips_http.c), or requested by phone
 * number and sent by the configured sender (sender.c). The database keeps
 * each code's keyed hash, never the code; a phone number only as a keyed
 * hash, one code per number per round (all the round's polls ask about the
 * same draft candidates; polls of other rounds are separate), with no link
 * to the code it got; a
 * ballot row holds only the poll and its choices (random id, no time), so
 * it joins neither the code nor the phone (docs/api.md says what the
 * server can still see).
 */
#ifndef MS_PREFERENCE_H
#define MS_PREFERENCE_H

#include <jansson.h>

#include "../api/route.h"
#include "../store/store.h"

#define MS_PREF_TITLE_MAX 200
#define MS_PREF_CODES_MAX 2000          /* codes of one batch */
#define MS_PREF_CODE_LEN 16             /* characters of a code */
#define MS_PREF_CODE_TYPED_MAX 40       /* characters a typed code may take (hyphens, spaces) */
#define MS_PREF_PHONE_MAX 20            /* characters of a typed phone number */
#define MS_PREF_HOLDER_MAX 100          /* characters of a batch's note */
#define MS_PREF_CHOICES_MAX 500
#define MS_PREF_TIME_LEN 20             /* "YYYY-MM-DDTHH:MM:SSZ" */

enum ms_pref_status { MS_PREF_DRAFT, MS_PREF_OPEN, MS_PREF_CLOSED };
extern const struct ms_names ms_pref_status_names;
extern const struct ms_name ms_pref_kind;

/* A poll as set up (the API's body, the demo). */
struct ms_pref_in {
	const char *title;        /* 1 to MS_PREF_TITLE_MAX characters */
	bool has_budget;
	int64_t budget;           /* yuan */
	const int64_t *candidates; /* n_candidates ids of the round; none given: all of them */
	size_t n_candidates;
	const char *opens_at, *closes_at; /* UTC, "YYYY-MM-DDTHH:MM:SSZ", opens before closes */
	bool greedy, mes;         /* the advisory rules (at least one) */
	bool live;                /* the result shown while voting runs */
};

/* The limits on asking for a code by phone (per window_s seconds: requests
 * per number, per client address; 0 none), the most work a close may spend
 * on Equal Shares' performance measures (ms_measures_bounded's units; 0:
 * none computed) and the key of the phone hashes are the installation's.
 * Set at start-up (not thread-safe). */
struct ms_pref_limits {
	int64_t phone, address, window_s;
	int64_t measures_work;
};
#define MS_PREF_PHONE_REQUESTS 3
#define MS_PREF_ADDRESS_REQUESTS 20
#define MS_PREF_WINDOW_S 3600
/* at most about half a second on a 2-core test machine (random elections
 * from 10 projects × 100,000 voters to 1,000 × 20 stopped within 0.53 s) */
#define MS_PREF_MEASURES_WORK 30000000
void ms_pref_limits_set(const struct ms_pref_limits *l);
void ms_pref_limits_get(struct ms_pref_limits *l);

int ms_pref_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);
int ms_pref_create(struct ms_db *db, const struct ms_actor *by, int64_t cycle_id, const struct ms_pref_in *in,
		   int64_t *id, struct ms_error *e);
/* What a change of a draft gives (ms_pref_edit's `given`): the fields not
 * given keep their values. */
enum {
	MS_PREF_GIVE_TITLE = 1u << 0,
	MS_PREF_GIVE_BUDGET = 1u << 1,
	MS_PREF_GIVE_CANDIDATES = 1u << 2, /* none listed: all of the round's */
	MS_PREF_GIVE_OPENS = 1u << 3,
	MS_PREF_GIVE_CLOSES = 1u << 4,
	MS_PREF_GIVE_GREEDY = 1u << 5,
	MS_PREF_GIVE_MES = 1u << 6,
	MS_PREF_GIVE_LIVE = 1u << 7,
};
/* Change a draft poll (409 pref_status once it is open), under the rules of
 * its set-up, checked again on the whole. Audited (the fields given). */
int ms_pref_edit(struct ms_db *db, const struct ms_actor *by, int64_t id, const struct ms_pref_in *in,
		 unsigned given, struct ms_error *e);
/* The poll's PreferencePoll JSON: its projects, its rules in words, the
 * advice label; `now` decides whether voting runs. ms_pref_get: as the
 * staff see it; ms_pref_read: a draft is the staff's only (404 to anyone
 * else) until it opens. */
int ms_pref_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_pref_read(struct ms_db *db, int64_t id, bool staff, json_t **out, struct ms_error *e);
/* The round's polls; its drafts only for the staff. */
int ms_pref_list(struct ms_db *db, int64_t cycle_id, bool staff, json_t **out, struct ms_error *e);
/* Every poll of every congress that is open or closed (the public list). */
int ms_pref_list_public(struct ms_db *db, json_t **out, struct ms_error *e);
/* draft → open, open → closed (409 pref_status otherwise). Audited. The
 * close computes the result once and stores it (served from then on); it
 * holds the poll's row exclusively, a ballot holds it shared, so no ballot
 * is taken while or after it closes. */
int ms_pref_open(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);
int ms_pref_close(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e);

/* A batch of n codes for a station or a deputy (exactly one of them, of the
 * poll's congress; note: who holds it): *codes (malloc'd, n ×
 * (MS_PREF_CODE_LEN + 1), the caller wipes and frees), the batch's first
 * serial number. The poll must not be closed. Audited (the count only). */
int ms_pref_codes_issue(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t station_id,
			int64_t deputy_id, const char *note, uint32_t n, char **codes, int64_t *batch_id,
			int64_t *first_serial, struct ms_error *e);
int ms_pref_batches(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* A code sent to phone (typed, a mainland mobile number) by the sender,
 * from client address `address`: the poll must be open; one code per number
 * per poll (409 pref_phone_used; another poll, of the same round too, gives
 * its own); limits per number across polls and per address (429).
 * Audited without the number. */
int ms_pref_phone_code(struct ms_db *db, int64_t id, const char *phone, const char *address, struct ms_error *e);
/* A mainland mobile number as typed (spaces, hyphens, +86 or 0086 allowed)
 * as its 11 digits (1, then 3–9, then nine digits); false when it is none.
 * Pure. */
bool ms_pref_phone_read(const char *typed, char out[12]);
/* Count a phone request (per address, and per number when phone is one)
 * before it is handled, in a transaction that is committed whatever the
 * request's fate: 429 pref_address_limit / pref_phone_limit over the
 * limits, with *wait the seconds until the window ends. */
int ms_pref_phone_count(struct ms_db *db, const char *phone, const char *address, int64_t *wait, struct ms_error *e);
/* A resident's ballot: the typed code (unused, of this poll) and the
 * candidate ids approved, within the budget. One transaction: the code is
 * spent and the ballot stored, or neither. Audited (that a ballot came). */
int ms_pref_vote(struct ms_db *db, int64_t id, const char *code, const int64_t *choices, size_t n,
		 struct ms_error *e);
/* The result (PreferenceResult JSON): approvals per project, the advisory
 * selection by each rule (src/count, the very election the .pb export
 * holds), the advice label. For the staff (staff true) at any time; for
 * everyone once closed, or while open when the poll is live (409
 * pref_result_later); a draft's: 404 to the public. Once closed, the
 * result stored at the close; before, computed from the ballots so far. */
int ms_pref_result(struct ms_db *db, int64_t id, bool staff, json_t **out, struct ms_error *e);
/* The ballots as a Pabulib .pb (malloc'd text), under the same rule. */
int ms_pref_export_pb(struct ms_db *db, int64_t id, bool staff, char **text, size_t *len, struct ms_error *e);

/* ---- the pluggable sender (sender.c) ----
 * How a code reaches a phone: "spool:DIR" writes each message to a new file
 * in DIR (To:, a blank line, the text), "command:PROGRAM" runs PROGRAM with
 * the number as its one argument and the text on its standard input (exit
 * status 0: sent), "none" (the default) sends nothing and refuses phone
 * requests (503 pref_no_sender). Configured once by `minsheng serve
 * --sender` (or $MINSHENG_SENDER) before any request. */
int ms_sender_configure(const char *spec, struct ms_error *e);
bool ms_sender_ready(void);
int ms_sender_send(const char *to, const char *text, struct ms_error *e);

extern const struct ms_routes ms_pref_routes;
extern const struct ms_stmt *const ms_pref_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "preference_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_pref_codes[];

#endif
