/*
 * test_verify.c — the chained audit log on a throwaway SQLite database:
 * entries appended by ms_audit_append, the database then changed behind
 * the program's back (sqlite3 directly, triggers dropped where they stand
 * in the way), and ms_audit_verify must name the first broken link — one
 * table of tampers, one runner. Then the statements the triggers must
 * refuse outright (INSERT OR REPLACE and its kin), and a database made
 * before the chain (schema 2) whose old entries the first link covers.
 */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_internal.h"
#include "store/schema.h"
#include "unit.h"

/* The result the fixture's poll 7 published, and the ballot it holds. */
#define RESULT "{\"poll_id\":7,\"status\":\"final\",\"n_selected\":1}"
#define BALLOT_ID "x'000102030405060708090a0b0c0d0e0f'"

struct fixture {
	char dir[64], path[96];
	struct ms_store *st;
};

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(db);
}

/* The statement fails (a trigger refuses it): its message. */
static void raw_refused(const char *path, const char *sql, char *why, size_t cap)
{
	sqlite3 *db;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	snprintf(why, cap, "%s", msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(db);
	if (rc == SQLITE_OK)
		fail_msg("the database took %s", sql);
}

/* Entry id's stored hash in hex. */
static void stored_hash(const char *path, int64_t id, char hex[MS_AUDIT_HEX])
{
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT hash FROM audit WHERE id = ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(s, 0), MS_AUDIT_HASH_BYTES);
	sodium_bin2hex(hex, MS_AUDIT_HEX, sqlite3_column_blob(s, 0), MS_AUDIT_HASH_BYTES);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void append(struct ms_store *st, int64_t user, const char *action, const char *kind, int64_t id, json_t *detail)
{
	struct ms_db *db;
	struct ms_error e = {0};
	struct ms_actor by = {.id = user};
	assert_int_equal(ms_store_acquire(st, &db, &e), 0);
	assert_int_equal(ms_db_begin(db, true, &e), 0);
	int rc = ms_audit_append(db, user ? &by : NULL, user ? 1 : 0, action, kind, id, detail, &e);
	if (rc)
		fail_msg("append %s: %s", action, e.message);
	assert_int_equal(ms_db_commit(db, &e), 0);
	ms_store_release(st, db);
}

static int verify(struct ms_store *st, const char *head, struct ms_audit_report *r, struct ms_error *e)
{
	struct ms_db *db;
	assert_int_equal(ms_store_acquire(st, &db, e), 0);
	assert_int_equal(ms_db_begin(db, false, e), 0);
	int rc = ms_audit_verify(db, head, r, e);
	ms_store_release(st, db);
	return rc;
}

static void result_close(struct ms_store *st)
{
	char hex[MS_AUDIT_HEX];
	struct ms_error e = {0};
	assert_int_equal(ms_audit_hash_hex(RESULT, strlen(RESULT), hex, &e), 0);
	append(st, 1, "poll.close", "poll", 7, json_pack("{s:s, s:s}", "status", "final", "result_hash", hex));
}

/* A database made now: a congress, a user, poll 7's result and a ballot
 * (written directly), then five entries, the fourth the close of poll 7. */
static void open_fixture(struct fixture *f, bool before_chain)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/ms-audit-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/db.sqlite", f->dir);
	if (before_chain) {
		/* Schema 2 and three entries written without a hash, the second
		 * the close of poll 7 (a close recorded no result_hash then). */
		for (size_t k = 0; k < 2; k++)
			for (const char *const *part = ms_schema_migrations[k]; *part; part++)
				raw_exec(f->path, *part);
		raw_exec(f->path,
			 "PRAGMA user_version = 2;"
			 "INSERT INTO audit(id, at, user_id, congress_id, action, object, detail) VALUES "
			 "(1, '2025-01-01T00:00:00Z', NULL, NULL, 'congress.create', 'congress/1', '{\"name\":\"c\"}'),"
			 "(2, '2025-01-01T00:00:01Z', 1, 1, 'poll.close', 'poll/7', '{\"status\":\"final\"}'),"
			 "(3, '2025-01-01T00:00:02Z', 1, 1, 'user.logout', 'user/1', NULL)");
	}
	struct ms_error e = {0};
	if (ms_store_open(f->path, 1, &f->st, &e))
		fail_msg("open: %s", e.message);
	raw_exec(f->path, "INSERT INTO congress(id, name, level, created_at) VALUES (1, 'c', 'city', 't');"
			  "INSERT INTO \"user\"(id, login, name, pw_hash, created_at) VALUES (1, 'u', 'u', 'x', 't');"
			  "INSERT INTO poll_result(poll_id, result, counted_at) VALUES (7, '" RESULT "', 't');"
			  "INSERT INTO ballot(id, poll_id, choices) VALUES (" BALLOT_ID ", 7, '[1]')");
	if (before_chain) {
		append(f->st, 1, "user.login", "user", 1, NULL);
		append(f->st, 0, "unit.create", "unit", 2, json_pack("{s:s}", "name", "民生局"));
		return;
	}
	append(f->st, 1, "user.login", "user", 1, NULL);
	append(f->st, 0, "congress.create", "congress", 1, json_pack("{s:s}", "name", "c"));
	append(f->st, 1, "poll.open", "poll", 7, json_pack("{s:i}", "present", 3));
	result_close(f->st);
	append(f->st, 1, "unit.create", "unit", 2, json_pack("{s:s}", "name", "民生局"));
}

static void close_fixture(struct fixture *f)
{
	ms_store_close(f->st);
	static const char *const files[] = {"db.sqlite", "db.sqlite-wal", "db.sqlite-shm"};
	char p[128];
	for (size_t i = 0; i < N_OF(files); i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, files[i]);
		unlink(p);
	}
	rmdir(f->dir);
}

/* ---- tampers and what verify says ------------------------------------------ */

struct tamper_case {
	const char *name;
	bool before_chain;   /* the fixture of a database made before the chain */
	bool close_again;    /* a second poll.close of poll 7 with the result's hash is appended */
	const char *sql;     /* run behind the program's back; NULL: nothing */
	int head;            /* --head: the hash entry head had before the tamper (-1: not hex; 0: none) */
	const char *code;    /* NULL: verify passes */
	const char *says;    /* in the English message (or, when it passes, the head's id as "#5") */
	int64_t entries, legacy, results, results_legacy;
};

#define DROP(t) "DROP TRIGGER " t ";"

static const struct tamper_case tampers[] = {
	{"an intact log passes", .says = "#5", .entries = 5, .results = 1},
	{"a head recorded earlier is found", .head = 3, .says = "#5", .entries = 5, .results = 1},
	{"an entry's detail changed", .sql = DROP("audit_no_update") "UPDATE audit SET detail = '{\"name\":\"d\"}' WHERE id = 2",
	 .code = "audit_link_broken", .says = "audit entry 2 does not match its hash"},
	{"an entry's time changed", .sql = DROP("audit_no_update") "UPDATE audit SET at = '2000-01-01T00:00:00Z' WHERE id = 3",
	 .code = "audit_link_broken", .says = "audit entry 3 "},
	{"the system's entry given user 0", .sql = DROP("audit_no_update") "UPDATE audit SET user_id = 0 WHERE id = 2",
	 .code = "audit_link_broken", .says = "audit entry 2 "},
	{"action and object cut elsewhere",
	 .sql = DROP("audit_no_update") "UPDATE audit SET action = 'poll.ope', object = 'npoll/7' WHERE id = 3",
	 .code = "audit_link_broken", .says = "audit entry 3 "},
	{"a middle entry deleted", .sql = DROP("audit_no_delete") "DELETE FROM audit WHERE id = 3",
	 .code = "audit_link_broken", .says = "audit entry 4 does not match its hash: it was changed, or entries were "
					     "removed or inserted just before it (the one before it now is entry 2)"},
	{"the first entry deleted", .sql = DROP("audit_no_delete") "DELETE FROM audit WHERE id = 1",
	 .code = "audit_link_broken", .says = "audit entry 2 does not match its hash: it was changed, or entries were "
					     "removed or inserted just before it (the one before it now is the start of the log)"},
	{"an entry added with a made-up hash", .sql = "INSERT INTO audit(id, at, action, hash) VALUES (6, 't', 'x', zeroblob(32))",
	 .code = "audit_link_broken", .says = "audit entry 6 "},
	{"an entry added without a hash", .sql = "INSERT INTO audit(id, at, action) VALUES (6, 't', 'x')",
	 .code = "audit_unchained", .says = "audit entry 6 has no hash"},
	{"every hash removed", .sql = DROP("audit_no_update") "UPDATE audit SET hash = NULL", .code = "audit_unchained",
	 .says = "audit entry 1 has no hash"},
	{"the newest entry dropped: no chain shows it", .says = "#4", .entries = 4, .results = 1,
	 .sql = DROP("audit_no_delete") "DELETE FROM audit WHERE id = 5;"
	 "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"},
	{"the newest entry dropped: its recorded head is not found", .head = 5, .code = "audit_head_not_found",
	 .sql = DROP("audit_no_delete") "DELETE FROM audit WHERE id = 5;"
	 "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
	 .says = "no audit entry has the recorded head"},
	{"a head that is not 64 hex digits", .head = -1, .code = "audit_bad_head", .says = "64 hexadecimal digits"},
	{"a result changed", .sql = DROP("poll_result_immutable") "UPDATE poll_result SET result = '{\"status\":\"final\"}'",
	 .code = "audit_result_changed", .says = "the stored result of poll 7 does not match the result_hash of audit entry 4"},
	{"a result deleted and inserted again",
	 .sql = DROP("poll_result_undeletable") "DELETE FROM poll_result; INSERT INTO poll_result VALUES (7, '{}', 't')",
	 .code = "audit_result_changed", .says = "poll 7 "},
	{"a result deleted", .sql = DROP("poll_result_undeletable") "DELETE FROM poll_result", .code = "audit_result_missing",
	 .says = "audit entry 4 records the result of poll 7, but the database holds no result for it"},
	{"a result no entry records", .sql = "INSERT INTO poll_result VALUES (8, '{}', 't')",
	 .code = "audit_result_unrecorded", .says = "poll 8 has a stored result"},
	{"a result recorded twice", .close_again = true, .code = "audit_result_twice",
	 .says = "the result of poll 7 is recorded twice (audit entries 4 and 6)"},
	{"a trigger dropped", .sql = DROP("ballot_no_replace"), .code = "audit_trigger_missing",
	 .says = "the protective trigger ballot_no_replace on table ballot is missing"},
	{"a trigger made harmless",
	 .sql = DROP("audit_no_delete") "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END",
	 .code = "audit_trigger_changed", .says = "it no longer refuses deletes"},
	{"a trigger moved to another event",
	 .sql = DROP("poll_result_undeletable") "CREATE TRIGGER poll_result_undeletable BEFORE UPDATE ON poll_result "
						 "BEGIN SELECT RAISE(ABORT, 'x'); END",
	 .code = "audit_trigger_changed", .says = "poll_result_undeletable on table poll_result"},
	/* A database made before the chain: entries 1-3 have no hash. */
	{"entries before the chain are covered", .before_chain = true, .says = "#5", .entries = 5, .legacy = 3,
	 .results_legacy = 1},
	{"an entry before the chain changed", .before_chain = true,
	 .sql = DROP("audit_no_update") "UPDATE audit SET detail = NULL WHERE id = 2", .code = "audit_link_broken",
	 .says = "audit entry 4 does not match its hash: it was changed, or entries were removed or inserted just "
		 "before it (the one before it now is entry 3)"},
	{"an entry before the chain deleted", .before_chain = true,
	 .sql = DROP("audit_no_delete") "DELETE FROM audit WHERE id = 1", .code = "audit_link_broken", .says = "audit entry 4 "},
	{"a chained entry's hash removed", .before_chain = true,
	 .sql = DROP("audit_no_update") "UPDATE audit SET hash = NULL WHERE id = 4", .code = "audit_unchained",
	 .says = "audit entry 4 has no hash"},
	{"where the chain began forgotten", .before_chain = true,
	 .sql = "DELETE FROM meta WHERE key = 'audit_chain_after'", .code = "audit_unchained", .says = "audit entry 1 "},
};

static void run_tamper(void **state)
{
	const struct tamper_case *c = *state;
	struct fixture f;
	open_fixture(&f, c->before_chain);
	if (c->close_again)
		result_close(f.st);
	char head[MS_AUDIT_HEX] = "not hex";
	if (c->head > 0)
		stored_hash(f.path, c->head, head);
	if (c->sql)
		raw_exec(f.path, c->sql);
	struct ms_audit_report r;
	struct ms_error e = {0};
	int rc = verify(f.st, c->head ? head : NULL, &r, &e);
	if (c->code) {
		if (rc == 0)
			fail_msg("verify passed; want %s", c->code);
		enum ms_err want = strcmp(c->code, "audit_bad_head") == 0 ? MS_ERR_INVALID : MS_ERR_CONFLICT;
		ms_unit_error(&e, want, c->code, c->head ? "head" : NULL);
		ms_unit_has(e.message, c->says);
	} else {
		if (rc)
			fail_msg("verify: %s", e.message);
		char newest[16];
		snprintf(newest, sizeof newest, "#%lld", (long long)r.head_id);
		assert_string_equal(newest, c->says);
		assert_int_equal(r.entries, c->entries);
		assert_int_equal(r.legacy, c->legacy);
		assert_int_equal(r.results, c->results);
		assert_int_equal(r.results_legacy, c->results_legacy);
		assert_int_equal(r.triggers, 24); /* SQLite: no TRUNCATE */
		char want[MS_AUDIT_HEX];
		stored_hash(f.path, r.head_id, want);
		assert_string_equal(r.head, want);
	}
	close_fixture(&f);
}

/* ---- what the triggers refuse outright ------------------------------------- */

struct refused_case {
	const char *name;
	const char *sql;
	const char *says; /* the trigger's message */
};

static const struct refused_case refused[] = {
	{"INSERT OR REPLACE over an audit entry", "INSERT OR REPLACE INTO audit(id, at, action) VALUES (2, 't', 'x')",
	 "append-only"},
	{"REPLACE of an audit entry with its own hash",
	 "REPLACE INTO audit(id, at, action, hash) SELECT id, at, 'x', hash FROM audit WHERE id = 5", "append-only"},
	{"an upsert of an audit entry",
	 "INSERT INTO audit(id, at, action) VALUES (2, 't', 'x') ON CONFLICT(id) DO UPDATE SET action = 'x'", "append-only"},
	{"UPDATE OR REPLACE of an audit entry", "UPDATE OR REPLACE audit SET id = 1 WHERE id = 2", "append-only"},
	{"INSERT OR REPLACE over a result", "INSERT OR REPLACE INTO poll_result VALUES (7, '{}', 't')", "immutable"},
	{"DELETE of a result", "DELETE FROM poll_result", "cannot be deleted"},
	{"INSERT OR REPLACE over a ballot",
	 "INSERT OR REPLACE INTO ballot(id, poll_id, choices) VALUES (" BALLOT_ID ", 7, '[2]')", "immutable"},
	{"an upsert of a ballot",
	 "INSERT INTO ballot(id, poll_id, choices) VALUES (" BALLOT_ID ", 7, '[2]') ON CONFLICT DO UPDATE SET choices = '[2]'",
	 "immutable"},
};

static void run_refused(void **state)
{
	const struct refused_case *c = *state;
	struct fixture f;
	open_fixture(&f, false);
	char why[256];
	raw_refused(f.path, c->sql, why, sizeof why);
	ms_unit_has(why, c->says);
	struct ms_audit_report r;
	struct ms_error e = {0};
	if (verify(f.st, NULL, &r, &e))
		fail_msg("after the refused statement: %s", e.message);
	assert_int_equal(r.entries, 5);
	assert_int_equal(r.results, 1);
	close_fixture(&f);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, tampers, run_tamper);
	MS_UNIT_TABLE(&l, refused, run_refused);
	return ms_unit_run("verify", &l, NULL, NULL);
}
