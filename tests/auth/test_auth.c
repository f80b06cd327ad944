/*
 * test_auth.c — auth/auth.h without a database: the hashing cost's names,
 * password hashes (argon2id: salted, verified, a rehash asked for when the
 * cost differs, an unknown login verified against a hash of nothing so
 * that it takes as long), receipts, and the account's own rules (every
 * fault reported, in order, with its code and field).
 */
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "unit.h"

#define PASSWORD "正确的马电池钉"

/* Made once by the group setup. */
static char h_min[MS_HASH_MAX], h_min2[MS_HASH_MAX], h_interactive[MS_HASH_MAX];

static int setup(void **state)
{
	(void)state;
	struct ms_error e;
	if (ms_auth_init(2) || ms_password_hash(PASSWORD, MS_PWHASH_MIN, h_min, sizeof h_min, &e) ||
	    ms_password_hash(PASSWORD, MS_PWHASH_MIN, h_min2, sizeof h_min2, &e) ||
	    ms_password_hash(PASSWORD, MS_PWHASH_INTERACTIVE, h_interactive, sizeof h_interactive, &e))
		return -1;
	return 0;
}

/* ---- costs -------------------------------------------------------------- */

struct cost_case {
	const char *name;
	const char *text;
	int want;
};

static const struct cost_case costs[] = {
	{"min", "min", MS_PWHASH_MIN},
	{"interactive", "interactive", MS_PWHASH_INTERACTIVE},
	{"moderate", "moderate", MS_PWHASH_MODERATE},
	{"empty", "", -1},
	{"capitals", "MIN", -1},
	{"a capital", "Interactive", -1},
	{"libsodium's fourth", "sensitive", -1},
	{"a trailing space", "min ", -1},
	{"a number", "0", -1},
	{"a prefix", "mod", -1},
	{"NULL", NULL, -1},
};

static void run_cost(void **state)
{
	const struct cost_case *c = *state;
	assert_int_equal(ms_pwhash_cost_parse(c->text), c->want);
}

/* ---- passwords ---------------------------------------------------------- */

static void test_hash(void **state)
{
	(void)state;
	assert_int_equal(strncmp(h_min, "$argon2id$", 10), 0);
	assert_int_equal(strncmp(h_interactive, "$argon2id$", 10), 0);
	assert_true(strlen(h_min) < MS_HASH_MAX);
	assert_string_not_equal(h_min, h_min2); /* salted */
	/* A buffer too small is refused, not overrun. */
	char small[64];
	struct ms_error e;
	ms_error_clear(&e);
	assert_int_equal(ms_password_hash("x", MS_PWHASH_MIN, small, sizeof small, &e), MS_ERR_INTERNAL);
	assert_int_equal(e.err, MS_ERR_INTERNAL);
}

enum which { MIN, MIN2, INTERACTIVE, NOT_A_HASH, EMPTY };

struct verify_case {
	const char *name;
	const char *password;
	enum which hash;
	int cost;
	bool ok, rehash;
};

static const struct verify_case verifies[] = {
	{"right password", PASSWORD, MIN, MS_PWHASH_MIN, true, false},
	{"right password, the other salt", PASSWORD, MIN2, MS_PWHASH_MIN, true, false},
	{"right password, interactive", PASSWORD, INTERACTIVE, MS_PWHASH_INTERACTIVE, true, false},
	{"made at min, cost interactive: rehash", PASSWORD, MIN, MS_PWHASH_INTERACTIVE, true, true},
	{"made at min, cost moderate: rehash", PASSWORD, MIN, MS_PWHASH_MODERATE, true, true},
	{"made at interactive, cost min: rehash", PASSWORD, INTERACTIVE, MS_PWHASH_MIN, true, true},
	{"a prefix of the password", "正确的马电池", MIN, MS_PWHASH_MIN, false, false},
	{"wrong password: never a rehash", "wrong", MIN, MS_PWHASH_INTERACTIVE, false, false},
	{"empty password", "", MIN, MS_PWHASH_MIN, false, false},
	{"not a hash", PASSWORD, NOT_A_HASH, MS_PWHASH_MIN, false, false},
	{"an empty hash", PASSWORD, EMPTY, MS_PWHASH_MIN, false, false},
};

static void run_verify(void **state)
{
	const struct verify_case *c = *state;
	const char *const hashes[] = {h_min, h_min2, h_interactive, "not a hash", ""};
	bool rehash = !c->rehash; /* it must be written */
	assert_int_equal(ms_password_verify(c->password, hashes[c->hash], c->cost, &rehash), c->ok);
	assert_int_equal(rehash, c->rehash);
	assert_int_equal(ms_password_verify(c->password, hashes[c->hash], c->cost, NULL), c->ok);
}

static double seconds_of_verify(const char *hash)
{
	double best = 1e9;
	for (int i = 0; i < 3; i++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		bool rehash = true;
		bool ok = ms_password_verify(PASSWORD, hash, MS_PWHASH_INTERACTIVE, &rehash);
		clock_gettime(CLOCK_MONOTONIC, &b);
		assert_int_equal(ok, hash != NULL);
		assert_false(rehash);
		double t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		best = t < best ? t : best;
	}
	return best;
}

static void test_unknown_login_takes_as_long(void **state)
{
	(void)state;
	/* No hash: false, no rehash, and a verification against a hash of
	 * nothing made at the same cost — about as long as a real one. */
	ms_password_verify(PASSWORD, NULL, MS_PWHASH_INTERACTIVE, NULL); /* makes the hash of nothing */
	double none = seconds_of_verify(NULL), real = seconds_of_verify(h_interactive);
	printf("# verify: %.1f ms against a hash, %.1f ms against none\n", 1e3 * real, 1e3 * none);
	if (none < real / 4)
		fail_msg("no hash took %.1f ms, a hash %.1f ms", 1e3 * none, 1e3 * real);
}

/* ---- receipts ----------------------------------------------------------- */

struct receipt_case {
	const char *name;
	bool other_key;
	int64_t poll, user;
	bool same; /* as the receipt of (key, 12, 345) */
};

static const struct receipt_case receipts[] = {
	{"the same poll and user", false, 12, 345, true},
	{"another key", true, 12, 345, false},
	{"another poll", false, 13, 345, false},
	{"another user", false, 12, 346, false},
	{"poll and user swapped", false, 345, 12, false},
	{"the high bits of the poll count", false, 12 + ((int64_t)1 << 40), 345, false},
	{"the high bits of the user count", false, 12, 345 + ((int64_t)1 << 56), false},
};

static void run_receipt(void **state)
{
	const struct receipt_case *c = *state;
	unsigned char key[32];
	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)i;
	char base[33], r[33];
	ms_receipt(key, 12, 345, base);
	key[31] ^= c->other_key;
	memset(r, 'Z', sizeof r);
	ms_receipt(key, c->poll, c->user, r);
	assert_true(ms_unit_lower_hex(base, 32));
	assert_true(ms_unit_lower_hex(r, 32));
	assert_int_equal(strcmp(r, base) == 0, c->same);
}

/* ---- the client's address behind a proxy ----------------------------------- */

#define X16 "xxxxxxxxxxxxxxxx"
#define X64 X16 X16 X16 X16

struct address_case {
	const char *name, *proxies, *peer, *forwarded, *want;
};

static const struct address_case addresses[] = {
	{"no proxy trusted: the header is ignored", "", "127.0.0.1", "10.0.0.1", "127.0.0.1"},
	{"a trusted proxy without the header", "127.0.0.1", "127.0.0.1", NULL, "127.0.0.1"},
	{"a trusted proxy: the last address", "10.0.0.5, 127.0.0.1", "127.0.0.1", "1.2.3.4, 10.0.0.1", "10.0.0.1"},
	{"one address", "127.0.0.1", "127.0.0.1", "10.0.0.1", "10.0.0.1"},
	{"an untrusted peer", "127.0.0.1", "127.0.0.2", "10.0.0.1", "127.0.0.2"},
	{"a peer that is a prefix of a trusted one", "127.0.0.10", "127.0.0.1", "10.0.0.1", "127.0.0.1"},
	{"an empty last address keeps the peer", "127.0.0.1", "127.0.0.1", "10.0.0.1, ", "127.0.0.1"},
	{"an overlong address keeps the peer", "127.0.0.1", "127.0.0.1", "1" X64, "127.0.0.1"},
	{"an IPv6 address", "127.0.0.1", "127.0.0.1", "2001:db8::1", "2001:db8::1"},
	{"not an address keeps the peer", "127.0.0.1", "127.0.0.1", "10.0.0.1, \xff<x>", "127.0.0.1"},
};

static void run_address(void **state)
{
	const struct address_case *c = *state;
	struct ms_login_limits l = {.account = 10, .address = 100, .window_s = 900};
	snprintf(l.proxies, sizeof l.proxies, "%s", c->proxies);
	ms_login_limits_set(&l);
	char out[64];
	ms_login_client_address(c->peer, c->forwarded, out, sizeof out);
	assert_string_equal(out, c->want);
}

/* ---- the account's rules ------------------------------------------------ */

#define X1024 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64
#define ZH16 "一二三四五六七八九十甲乙丙丁戊己"
#define ZH128 ZH16 ZH16 ZH16 ZH16 ZH16 ZH16 ZH16 ZH16

#define ACCOUNT(login, password, name, roles) {login, password, name, roles, 0, 0}
#define GOOD_LOGIN "zhang.wei@bj"
#define GOOD_PW "correct horse"
#define GOOD_NAME "张伟"

struct account_case {
	const char *name;
	struct ms_account_in in;
	const char *en;           /* the first fault's message, or NULL */
	const char *fault[4][2];  /* code and field of each fault, in order */
};

#define LOGIN_EN(l) "login '" l "' must be 2 to 64 letters, digits or . _ - @"
#define NAME_EN "'name' must be 1 to 128 characters long"
#define PW_EN "'password' must be 8 to 1024 characters long"
#define BAD_LOGIN {{"invalid_login", "login"}}
#define BAD_NAME {{"invalid_value", "name"}}
#define BAD_PW {{"invalid_value", "password"}}
#define NO_ROLES {{"no_roles", "roles"}}
#define NONE {{NULL, NULL}}

static const struct account_case accounts[] = {
	{"a good account", ACCOUNT(GOOD_LOGIN, GOOD_PW, GOOD_NAME, MS_ROLE_DEPUTY), NULL, NONE},
	{"every character a login may have", ACCOUNT("aZ09._-@", GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), NULL, NONE},
	{"a login of 2", ACCOUNT("ab", GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), NULL, NONE},
	{"a login of 64", ACCOUNT(X64, GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), NULL, NONE},
	{"a login of 1", ACCOUNT("a", GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), LOGIN_EN("a"), BAD_LOGIN},
	{"a login of 65", ACCOUNT(X64 "x", GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), NULL, BAD_LOGIN},
	{"a Chinese login", ACCOUNT("张伟", GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), LOGIN_EN("张伟"), BAD_LOGIN},
	{"a space in a login", ACCOUNT("zhang wei", GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), NULL, BAD_LOGIN},
	{"a slash in a login", ACCOUNT("a/b", GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), NULL, BAD_LOGIN},
	{"an empty login", ACCOUNT("", GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), LOGIN_EN(""), BAD_LOGIN},
	{"no login", ACCOUNT(NULL, GOOD_PW, GOOD_NAME, MS_ROLE_ADMIN), LOGIN_EN(""), BAD_LOGIN},
	{"a name of 128 characters", ACCOUNT(GOOD_LOGIN, GOOD_PW, ZH128, MS_ROLE_ADMIN), NULL, NONE},
	{"a name of 129 characters", ACCOUNT(GOOD_LOGIN, GOOD_PW, ZH128 "甲", MS_ROLE_ADMIN), NAME_EN, BAD_NAME},
	{"an empty name", ACCOUNT(GOOD_LOGIN, GOOD_PW, "", MS_ROLE_ADMIN), NAME_EN, BAD_NAME},
	{"no name", ACCOUNT(GOOD_LOGIN, GOOD_PW, NULL, MS_ROLE_ADMIN), NAME_EN, BAD_NAME},
	{"a name that is not UTF-8", ACCOUNT(GOOD_LOGIN, GOOD_PW, "\xFF", MS_ROLE_ADMIN), "'name' must be valid UTF-8 text",
	 BAD_NAME},
	{"a password of 8", ACCOUNT(GOOD_LOGIN, "12345678", GOOD_NAME, MS_ROLE_ADMIN), NULL, NONE},
	{"a password of 7", ACCOUNT(GOOD_LOGIN, "1234567", GOOD_NAME, MS_ROLE_ADMIN), PW_EN, BAD_PW},
	{"8 Chinese characters", ACCOUNT(GOOD_LOGIN, "密码密码密码密码", GOOD_NAME, MS_ROLE_ADMIN), NULL, NONE},
	{"7 Chinese characters in 21 bytes", ACCOUNT(GOOD_LOGIN, "密码密码密码密", GOOD_NAME, MS_ROLE_ADMIN), PW_EN, BAD_PW},
	{"a password of 1024", ACCOUNT(GOOD_LOGIN, X1024, GOOD_NAME, MS_ROLE_ADMIN), NULL, NONE},
	{"a password of 1025", ACCOUNT(GOOD_LOGIN, X1024 "x", GOOD_NAME, MS_ROLE_ADMIN), PW_EN, BAD_PW},
	/* no password: the account waits for its activation code (activation.c) */
	{"no password", ACCOUNT(GOOD_LOGIN, NULL, GOOD_NAME, MS_ROLE_ADMIN), NULL, NONE},
	{"an empty password", ACCOUNT(GOOD_LOGIN, "", GOOD_NAME, MS_ROLE_ADMIN), PW_EN, BAD_PW},
	{"every role", ACCOUNT(GOOD_LOGIN, GOOD_PW, GOOD_NAME, 15), NULL, NONE},
	{"no role", ACCOUNT(GOOD_LOGIN, GOOD_PW, GOOD_NAME, 0), "a user needs at least one role: admin, clerk, deputy or unit",
	 NO_ROLES},
	{"only a bit that is no role", ACCOUNT(GOOD_LOGIN, GOOD_PW, GOOD_NAME, 1u << MS_ROLE_COUNT), NULL, NO_ROLES},
	{"everything wrong: every fault, in order", ACCOUNT("x", "short", "", 0), NAME_EN,
	 {{"invalid_value", "name"}, {"invalid_login", "login"}, {"invalid_value", "password"}, {"no_roles", "roles"}}},
};

struct faults_seen {
	struct ms_error e[4];
	size_t n;
};

static void collect(struct ms_faults *f, const struct ms_error *e)
{
	struct faults_seen *s = f->ctx;
	assert_true(s->n < N_OF(s->e));
	s->e[s->n++] = *e;
}

static void run_account(void **state)
{
	const struct account_case *c = *state;
	size_t n = 0;
	while (n < 4 && c->fault[n][0])
		n++;
	struct faults_seen seen = {.n = 0};
	struct ms_faults f = {.add = collect, .ctx = &seen};
	int rc = ms_account_check(&c->in, &f);
	assert_int_equal(rc, n ? MS_ERR_UNPROCESSABLE : 0);
	assert_int_equal(f.n, n);
	assert_int_equal(seen.n, n);
	for (size_t i = 0; i < n; i++)
		ms_unit_error(&seen.e[i], MS_ERR_UNPROCESSABLE, c->fault[i][0], c->fault[i][1]);
	if (c->en)
		assert_string_equal(seen.e[0].message, c->en);
	/* Without add: the same count, the first kept. */
	struct ms_faults plain = {0};
	struct ms_error first;
	assert_int_equal(ms_account_check(&c->in, &plain), rc);
	assert_int_equal(plain.n, n);
	if (n) {
		assert_int_equal(ms_faults_result(&plain, &first), MS_ERR_UNPROCESSABLE);
		assert_string_equal(first.message, seen.e[0].message);
		assert_string_equal(first.message_zh, seen.e[0].message_zh);
	}
}

static void test_account_prepare(void **state)
{
	(void)state;
	struct ms_account_in in = {GOOD_LOGIN, GOOD_PW, GOOD_NAME, MS_ROLE_CLERK | (1u << 7), 3, 0};
	struct ms_user u;
	struct ms_error e;
	assert_int_equal(ms_account_prepare(&in, MS_PWHASH_MIN, &u, &e), 0);
	assert_string_equal(u.a.login, GOOD_LOGIN);
	assert_string_equal(u.a.name, GOOD_NAME);
	assert_int_equal(u.a.roles, MS_ROLE_CLERK); /* only the roles there are */
	assert_int_equal(u.a.congress_id, 3);
	assert_int_equal(u.a.id, 0);
	assert_true(ms_password_verify(GOOD_PW, u.pw_hash, MS_PWHASH_MIN, NULL));

	/* The first fault, and no hash made. */
	in.name = "";
	in.login = "x";
	assert_int_equal(ms_account_prepare(&in, MS_PWHASH_MIN, &u, &e), MS_ERR_UNPROCESSABLE);
	ms_unit_error(&e, MS_ERR_UNPROCESSABLE, "invalid_value", "name");
	assert_string_equal(u.pw_hash, "");
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, costs, run_cost);
	MS_UNIT_TEST(&l, test_hash);
	MS_UNIT_TABLE(&l, verifies, run_verify);
	MS_UNIT_TEST(&l, test_unknown_login_takes_as_long);
	MS_UNIT_TABLE(&l, receipts, run_receipt);
	MS_UNIT_TABLE(&l, addresses, run_address);
	MS_UNIT_TABLE(&l, accounts, run_account);
	MS_UNIT_TEST(&l, test_account_prepare);
	return ms_unit_run("auth", &l, setup, NULL);
}
