/*
 * auth.h — accounts, passwords, sessions and receipts.
 *
 * Passwords are argon2id hashes (libsodium) made with a cap on concurrent
 * hashes, because each takes tens of MiB; a hash is made outside any write
 * transaction (it takes ~100 ms). A session is a random token in the
 * cookie; the store keeps only its BLAKE2b hash, with the user and a CSRF
 * token, for 12 hours. A receipt is a keyed hash of (poll, deputy): it
 * proves that the deputy voted, not how.
 *
 * Who belongs to which congress, and who may create whom, is the org
 * domain's (org.h: ms_member_create); this domain keeps the account.
 * Thread-safe.
 */
#ifndef MS_AUTH_H
#define MS_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../api/actor.h"
#include "../api/route.h"
#include "../core/err.h"
#include "../store/store.h"

/* ---- passwords ---- */

enum ms_pwhash_cost { MS_PWHASH_MIN = 0, MS_PWHASH_INTERACTIVE = 1, MS_PWHASH_MODERATE = 2 };
#define MS_HASH_MAX 128
#define MS_PASSWORD_MIN 8     /* characters */
#define MS_PASSWORD_MAX 1024  /* characters */

/* "min" / "interactive" / "moderate" → cost; -1 when unknown. */
int ms_pwhash_cost_parse(const char *s);
/* Initialise libsodium and allow `slots` concurrent hashes (>= 1). The
 * first call counts; later ones change nothing. The hashing functions call
 * it with 2 when nobody did. 0 or MS_ERR_INTERNAL. */
int ms_auth_init(unsigned slots);
/* Hash a password into out (>= MS_HASH_MAX bytes). 0, MS_ERR_NOMEM. */
int ms_password_hash(const char *password, int cost, char *out, size_t cap, struct ms_error *e);
/* True when password matches the stored hash (NULL: compare against a
 * hash of nothing, so that an unknown login takes as long as a known one).
 * *rehash tells whether the hash was made with other parameters than cost. */
bool ms_password_verify(const char *password, const char *hash, int cost, bool *rehash);
/* The same for a login: *ok when password matches hash (NULL: checked
 * against a hash of nothing, *ok false). 0; MS_ERR_BUSY (login_busy) at
 * once, without hashing, when every hashing slot is taken; MS_ERR_INTERNAL. */
int ms_password_check(const char *password, const char *hash, int cost, bool *ok, bool *rehash, struct ms_error *e);
/* Whether ms_password_check would now answer MS_ERR_BUSY (a hint, for
 * refusing a login before any other work; the check decides). */
bool ms_password_busy(void);

/* ---- accounts ---- */

struct ms_user {
	struct ms_actor a;             /* id, roles, congress, unit, login, name */
	char pw_hash[MS_HASH_MAX];
};

/* A new account as given (by the API, the CLI or a CSV row). password
 * NULL: the account has no password until its owner activates it with the
 * one-time code that ms_activation_issue() gives (what the API and the
 * roster do: nobody but the deputy knows the password). */
struct ms_account_in {
	const char *login, *password, *name;
	unsigned roles;
	int64_t congress_id, unit_id;  /* 0: none */
};

/* The account's own rules, no database: a login of 2 to 64 letters, digits
 * or . _ - @; a name of 1 to MS_NAME_MAX characters; a password (unless
 * NULL) of MS_PASSWORD_MIN to MS_PASSWORD_MAX characters; at least one role. Every
 * fault goes to f; the first one's class is returned. */
int ms_account_check(const struct ms_account_in *in, struct ms_faults *f);
/* Check (the first fault into *e) and hash into *out (slow: outside any
 * write transaction); without a password, pw_hash is "" (none matches). */
int ms_account_prepare(const struct ms_account_in *in, int cost, struct ms_user *out, struct ms_error *e);
/* Store a prepared account (409 login_taken); u->a.id receives its id. No
 * audit entry: the caller (org's ms_member_create) writes it. */
int ms_account_insert(struct ms_db *db, struct ms_user *u, struct ms_error *e);

/* Write the account a as it now is: its name, congress, unit and roles
 * (the login and password unchanged). No audit entry: the caller (org's
 * ms_member_update) writes it and checked the rules. */
int ms_account_update(struct ms_db *db, const struct ms_actor *a, struct ms_error *e);
/* End the account's password, its activation code and every session: it
 * cannot log in until a new activation code is issued and used. No audit
 * entry (org's ms_member_deactivate writes it). */
int ms_account_deactivate(struct ms_db *db, int64_t id, struct ms_error *e);
/* A page of UserEntry, by id: congress_id 0 every congress's, role NULL
 * every role's; q searches the login and the name. */
int ms_user_list(struct ms_db *db, int64_t congress_id, const char *role, const struct ms_page *pg, json_t **out,
		 struct ms_error *e);
/* One account as a UserEntry; 404 when none. */
int ms_user_entry(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
extern const struct ms_names ms_user_status_names;
int ms_user_get(struct ms_db *db, int64_t id, struct ms_user *out, struct ms_error *e);
/* Lock account id's row until the commit (PostgreSQL; SQLite's writers are
 * already one at a time). */
int ms_user_lock(struct ms_db *db, int64_t id, struct ms_error *e);
/* How many active administrators there are besides account id (their rows
 * locked until the commit on PostgreSQL). */
int ms_user_other_admins(struct ms_db *db, int64_t id, int64_t *n, struct ms_error *e);
int ms_user_by_login(struct ms_db *db, const char *login, struct ms_user *out, struct ms_error *e);
int ms_user_set_hash(struct ms_db *db, int64_t id, const char *hash, struct ms_error *e);
int ms_login_taken(struct ms_db *db, const char *login, bool *taken, struct ms_error *e);
/* The User view: {"id","login","name","roles":[...],"congress_id","unit_id"}. */
json_t *ms_user_json(const struct ms_actor *a);
extern const struct ms_view ms_user_view;

/* A new password's own rules (MS_PASSWORD_MIN to MS_PASSWORD_MAX
 * characters), its fault under field. */
int ms_password_rules(const char *password, const char *field, struct ms_error *e);
/* Whether the account has a usable password (not waiting for activation). */
bool ms_user_has_password(const struct ms_user *u);

/* ---- activation codes (activation.c) ---- */

/* A code: 16 Crockford base32 characters (80 random bits) as
 * XXXX-XXXX-XXXX-XXXX. Typed back, case, dashes and spaces do not matter,
 * and O, I, L read as 0, 1, 1. */
#define MS_ACTIVATION_CODE_MAX 20
#define MS_ACTIVATION_DAYS 14 /* the default lifetime; MINSHENG_ACTIVATION_DAYS sets it (1 to 365) */

struct ms_activation {
	char code[MS_ACTIVATION_CODE_MAX];
	int64_t expires_at; /* Unix time */
	char expires[32];   /* the same, ISO 8601 UTC */
};

/* The lifetime of a new code in days (the setting, else the default). */
int ms_activation_days(void);
/* Give user_id a new one-time code into *out, shown once: the store keeps
 * its hash only. It replaces an earlier code, ends the account's password
 * (none matches until the code is used) and every session of the user, and
 * writes the audit entry user.activation (congress: the user's) as by.
 * Who may do it is the caller's rule (org: ms_member_reissue). */
int ms_activation_issue(struct ms_db *db, const struct ms_actor *by, const struct ms_actor *user,
			struct ms_activation *out, struct ms_error *e);
/* Use the code of login: 401 bad_activation unless it is the user's
 * current code, 422 activation_expired after its time. Then the account's
 * password becomes new_hash (ms_password_hash, made before the write
 * transaction), the code is gone, every session of the user ends, and the
 * audit entry user.activate is written; *u receives the account. */
int ms_activation_redeem(struct ms_db *db, const char *login, const char *code, const char *new_hash,
			 struct ms_user *u, struct ms_error *e);

/* ---- sessions ---- */

/* The session lookup for the API (api.h: ms_session_fn). */
int ms_session_lookup(struct ms_db *db, const char *token, unsigned char token_hash[32], struct ms_actor *who,
		      char csrf[65], struct ms_error *e);
/* Whether token has the form of a session token, 64 lowercase hex digits
 * (api.h: token_ok). */
bool ms_session_token_ok(const char *token);

/* The owner's own password: it becomes new_hash, every other session of
 * who ends (keep: the session's token hash, NULL: none kept); audit entry
 * user.password. The caller checked the old password. */
int ms_password_set_own(struct ms_db *db, const struct ms_actor *who, const unsigned char keep[32],
			const char *new_hash, struct ms_error *e);
/* End every session of who ("log out everywhere"); audit entry
 * user.logout_all. */
int ms_session_end_all(struct ms_db *db, const struct ms_actor *who, struct ms_error *e);
/* The congress of user id (0: none) as an ms_owner_fn; 404 when no such user. */
int ms_user_owner(struct ms_db *db, int64_t id, int64_t *congress_id, struct ms_error *e);

/* ---- receipts ---- */

/* Receipt for a ballot: keyed BLAKE2b-128 of (poll id, user id) under the
 * installation secret, as hex (33 bytes). Proves participation, not choices. */
void ms_receipt(const unsigned char key[32], int64_t poll_id, int64_t user_id, char out[33]);

extern const struct ms_routes ms_auth_routes, ms_account_routes;
/* ---- the limit on guessing passwords (throttle.c) ---- */

#define MS_LOGIN_ACCOUNT_FAILURES 10 /* failed logins of one account per window */
#define MS_LOGIN_ADDRESS_FAILURES 100 /* failed logins from one client address per window */
#define MS_LOGIN_WINDOW_S 900         /* seconds */
#define MS_LOGIN_SUBJECT_MAX 256

/* account / address: failures within window_s seconds of the first after
 * which logins are refused until the window ends; 0: no limit. */
struct ms_login_limits {
	int64_t account, address, window_s;
	char proxies[256]; /* trusted proxies' addresses, comma-separated ("" none) */
};
/* Set the limits (at start-up, before any login; not thread-safe). */
void ms_login_limits_set(const struct ms_login_limits *l);
/* The client's address into out: peer, or — when peer is a trusted proxy
 * and forwarded (X-Forwarded-For) is not NULL — the last address of
 * forwarded (the one the proxy itself appended). */
void ms_login_client_address(const char *peer, const char *forwarded, char *out, size_t cap);
/* 0 when login and address may try; MS_ERR_TOO_MANY (login_throttled)
 * with the seconds to wait in *retry_after when either is locked out. */
int ms_login_throttle_check(struct ms_db *db, const char *login, const char *address, int64_t now,
			    int64_t *retry_after, struct ms_error *e);
/* Count a failed login of login (user_id and congress_id: its account, 0
 * when none) from address and append the audit entry user.login_failed
 * (the login tried and the address; never the password). In the caller's
 * write transaction. */
int ms_login_failed(struct ms_db *db, const char *login, const char *address, int64_t congress_id,
		    int64_t user_id, int64_t now, struct ms_error *e);
/* A successful login: clear its account's count. */
int ms_login_succeeded(struct ms_db *db, const char *login, struct ms_error *e);

extern const struct ms_stmt *const ms_throttle_stmts[];
extern const struct ms_stmt *const ms_auth_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "auth_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_auth_codes[];

#endif
