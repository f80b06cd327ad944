/*
 * test_session.c — sessions (auth/session.c) on a throwaway SQLite
 * database: a session's token is 64 random lowercase hex digits, the store
 * keeps only its BLAKE2b-256 hash, a lookup finds the user and the CSRF
 * token by it, a logout ends it, and a token that is not well-formed is
 * refused before the database is asked. Activation codes (auth/activation.c)
 * on the same database: the code as typed (case, dashes, spaces, O/I/L)
 * against the one issued, each used once.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "auth/auth_internal.h"
#include "unit.h"

static char dir[64], path[96];
static struct ms_store *store;
static struct ms_db *db;
static struct ms_user user;

static int fail_setup(const struct ms_error *e)
{
	fprintf(stderr, "session setup: %s\n", e->message);
	return -1;
}

static int setup(void **state)
{
	(void)state;
	struct ms_error e;
	snprintf(dir, sizeof dir, "/tmp/ms-session-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/db.sqlite", dir);
	struct ms_account_in in = {"li.na", "correct horse", "李娜", MS_ROLE_ADMIN, 0, 0};
	if (ms_store_open(path, 1, &store, &e) || ms_store_acquire(store, &db, &e) ||
	    ms_account_prepare(&in, MS_PWHASH_MIN, &user, &e) || ms_db_begin(db, true, &e) ||
	    ms_account_insert(db, &user, &e) || ms_db_commit(db, &e))
		return fail_setup(&e);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ms_store_release(store, db);
	ms_store_close(store);
	static const char *const files[] = {"db.sqlite", "db.sqlite-wal", "db.sqlite-shm"};
	char f[128];
	for (size_t i = 0; i < N_OF(files); i++) {
		snprintf(f, sizeof f, "%s/%s", dir, files[i]);
		unlink(f);
	}
	return rmdir(dir);
}

/* A new session of the user: its token and CSRF token. */
static void start(char token[65], char csrf[65])
{
	struct ms_error e;
	memset(token, 'Z', 65);
	memset(csrf, 'Z', 65);
	assert_int_equal(ms_db_begin(db, true, &e), 0);
	if (ms_session_start(db, &user, token, csrf, &e) || ms_db_commit(db, &e))
		fail_msg("%s", e.message);
}

/* Look token up: the answer, with who, the CSRF token and the hash. */
static int lookup(const char *token, unsigned char hash[32], struct ms_actor *who, char csrf[65])
{
	struct ms_error e;
	ms_error_clear(&e);
	assert_int_equal(ms_db_begin(db, false, &e), 0);
	int rc = ms_session_lookup(db, token, hash, who, csrf, &e);
	ms_db_rollback(db);
	assert_int_equal(e.err, rc);
	return rc;
}

static void test_tokens(void **state)
{
	(void)state;
	char t1[65], t2[65], c1[65], c2[65];
	start(t1, c1);
	start(t2, c2);
	assert_true(ms_unit_lower_hex(t1, 64));
	assert_true(ms_unit_lower_hex(t2, 64));
	assert_true(ms_unit_lower_hex(c1, 64));
	assert_string_not_equal(t1, t2);
	assert_string_not_equal(c1, c2);
	assert_string_not_equal(t1, c1);

	/* Each finds the user and its own CSRF token; the hash is BLAKE2b-256
	 * of the token's text (what the store keeps). */
	unsigned char h1[32], h2[32], want[32];
	struct ms_actor who;
	char csrf[65];
	assert_int_equal(lookup(t1, h1, &who, csrf), 0);
	assert_int_equal(who.id, user.a.id);
	assert_string_equal(who.login, "li.na");
	assert_string_equal(who.name, "李娜");
	assert_int_equal(who.roles, MS_ROLE_ADMIN);
	assert_string_equal(csrf, c1);
	crypto_generichash(want, 32, (const unsigned char *)t1, 64, NULL, 0);
	assert_memory_equal(h1, want, 32);
	assert_int_equal(lookup(t2, h2, &who, csrf), 0);
	assert_string_equal(csrf, c2);
	assert_memory_not_equal(h1, h2, 32);

	/* Logging out ends the one session. */
	struct ms_error e;
	assert_int_equal(ms_db_begin(db, true, &e), 0);
	if (ms_session_end(db, &who, h1, &e) || ms_db_commit(db, &e))
		fail_msg("%s", e.message);
	assert_int_equal(lookup(t1, h1, &who, csrf), MS_ERR_NOT_FOUND);
	assert_int_equal(lookup(t2, h2, &who, csrf), 0);
}

static void test_unknown_token(void **state)
{
	(void)state;
	const char *tok = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	unsigned char a[32], b[32], want[32];
	struct ms_actor who;
	char csrf[65];
	/* Well-formed but no session: not found, and the hash is there anyway. */
	assert_int_equal(lookup(tok, a, &who, csrf), MS_ERR_NOT_FOUND);
	assert_int_equal(lookup(tok, b, &who, csrf), MS_ERR_NOT_FOUND);
	assert_memory_equal(a, b, 32);
	crypto_generichash(want, 32, (const unsigned char *)tok, 64, NULL, 0);
	assert_memory_equal(a, want, 32);
	assert_int_equal(lookup("1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", b, &who, csrf),
			 MS_ERR_NOT_FOUND);
	assert_memory_not_equal(a, b, 32);
}

struct bad_token {
	const char *name;
	const char *token;
};

static const struct bad_token bad_tokens[] = {
	{"empty", ""},
	{"capitals", "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"},
	{"63 digits", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"},
	{"65 digits", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0"},
	{"a g", "0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef"},
	{"a space", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde "},
	{"punctuation", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd;-"},
	{"short", "deadbeef"},
	{"NULL", NULL},
};

static void run_bad_token(void **state)
{
	const struct bad_token *t = *state;
	unsigned char h[32];
	struct ms_actor who;
	char csrf[65];
	struct ms_error e;
	ms_error_clear(&e);
	/* Refused before the database is asked: there is none here. */
	assert_int_equal(ms_session_lookup(NULL, t->token, h, &who, csrf, &e), MS_ERR_INVALID);
	ms_unit_error(&e, MS_ERR_INVALID, "invalid_request", NULL);
}

/* ---- activation codes ---- */

struct typed_code {
	const char *name;
	void (*retype)(const char *code, char *out); /* the issued code as the user types it */
	int rc;
};

static void as_issued(const char *c, char *o) { snprintf(o, 64, "%s", c); }
static void lower_no_dashes(const char *c, char *o)
{
	size_t k = 0;
	for (; *c; c++)
		if (*c != '-')
			o[k++] = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
	o[k] = 0;
}
static void spaced(const char *c, char *o)
{
	size_t k = 0;
	for (; *c; c++)
		o[k++] = *c == '-' ? ' ' : *c;
	o[k] = 0;
}
static void look_alikes(const char *c, char *o) /* 0 typed as O, 1 as l */
{
	size_t k = 0;
	for (; *c; c++)
		o[k++] = *c == '0' ? 'O' : *c == '1' ? 'l' : *c;
	o[k] = 0;
}
static void one_changed(const char *c, char *o)
{
	as_issued(c, o);
	o[0] = o[0] == 'A' ? 'B' : 'A';
}
static void one_short(const char *c, char *o)
{
	as_issued(c, o);
	o[strlen(o) - 1] = 0;
}
static void one_long(const char *c, char *o) { snprintf(o, 64, "%sA", c); }
static void not_crockford(const char *c, char *o) /* U is no Crockford digit */
{
	as_issued(c, o);
	o[0] = 'U';
}
static void empty(const char *c, char *o)
{
	(void)c;
	o[0] = 0;
}

static const struct typed_code typed_codes[] = {
	{"the code as issued", as_issued, 0},
	{"lower case without dashes", lower_no_dashes, 0},
	{"spaces for dashes", spaced, 0},
	{"O for 0, l for 1", look_alikes, 0},
	{"one character changed", one_changed, MS_ERR_UNAUTHENTICATED},
	{"one character short", one_short, MS_ERR_UNAUTHENTICATED},
	{"one character more", one_long, MS_ERR_UNAUTHENTICATED},
	{"a U", not_crockford, MS_ERR_UNAUTHENTICATED},
	{"empty", empty, MS_ERR_UNAUTHENTICATED},
};

static void run_typed_code(void **state)
{
	const struct typed_code *t = *state;
	struct ms_activation a;
	struct ms_error e;
	struct ms_user u;
	char typed[64];
	assert_int_equal(ms_db_begin(db, true, &e), 0);
	assert_int_equal(ms_activation_issue(db, &user.a, &user.a, &a, &e), 0);
	assert_int_equal(strlen(a.code), 19);
	assert_true(a.expires_at > time(NULL) + 13 * 86400);
	t->retype(a.code, typed);
	int rc = ms_activation_redeem(db, user.a.login, typed, "$argon2id$made-up", &u, &e);
	assert_int_equal(rc, t->rc);
	if (rc) {
		ms_unit_error(&e, rc, "bad_activation", "code");
	} else {
		assert_int_equal(u.a.id, user.a.id);
		assert_string_equal(u.pw_hash, "$argon2id$made-up");
		/* used once */
		assert_int_equal(ms_activation_redeem(db, user.a.login, typed, "$x", &u, &e), MS_ERR_UNAUTHENTICATED);
	}
	/* another login with the right code */
	if (!rc) {
		ms_db_rollback(db);
		assert_int_equal(ms_db_begin(db, true, &e), 0);
		assert_int_equal(ms_activation_issue(db, &user.a, &user.a, &a, &e), 0);
		assert_int_equal(ms_activation_redeem(db, "someone.else", a.code, "$x", &u, &e), MS_ERR_UNAUTHENTICATED);
	}
	ms_db_rollback(db);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TEST(&l, test_tokens);
	MS_UNIT_TEST(&l, test_unknown_token);
	MS_UNIT_TABLE(&l, bad_tokens, run_bad_token);
	MS_UNIT_TABLE(&l, typed_codes, run_typed_code);
	return ms_unit_run("session", &l, setup, teardown);
}
