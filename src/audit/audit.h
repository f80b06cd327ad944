/*
 * audit.h — the audit log: who did what to which object, appended by the
 * domains' rules inside the transaction that made the change. It records
 * that a deputy cast a ballot, never what.
 *
 * Tamper-evident: every entry is chained to the one before it by a
 * BLAKE2b-256 hash of its canonical encoding (chain.c, docs/audit.md), the
 * close's entry holds the hash of the result it published, and the
 * database refuses updates, deletes and inserts over an existing row of
 * the log, the results and the ballots. ms_audit_verify recomputes all of
 * it and names the first broken link.
 */
#ifndef MS_AUDIT_H
#define MS_AUDIT_H

#include <jansson.h>

#include "../api/actor.h"
#include "../api/route.h"
#include "../store/store.h"

/* A BLAKE2b-256 hash in lowercase hex, with its NUL. */
#define MS_AUDIT_HEX 65

/* Append an entry: by did action (e.g. "poll.open") to the object kind/id
 * (e.g. "poll", 3; kind NULL: none) of congress_id (0: none). detail (may
 * be NULL) is stolen and stored as JSON. The entry is linked to the newest
 * one; on PostgreSQL the chain's head is locked until the transaction ends
 * (pg_advisory_xact_lock), so nodes sharing a database never fork it.
 * The object is named as changed (ms_db_notify, topic "kind:id"), so the
 * live states that show it follow every audited write. */
int ms_audit_append(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *action,
		    const char *kind, int64_t id, json_t *detail, struct ms_error *e);

/* hex = the BLAKE2b-256 of the n bytes at text in lowercase hex (e.g. a
 * stored result's text, for the detail of its audit entry). 0, or
 * MS_ERR_INTERNAL. */
int ms_audit_hash_hex(const void *text, size_t n, char hex[MS_AUDIT_HEX], struct ms_error *e);

/* Which entries to list: 0 / NULL (or "") for any. */
struct ms_audit_filter {
	int64_t congress_id;
	int64_t user_id;        /* who did it */
	const char *action;     /* an action ("user.create"), or a kind: every action of it ("user") */
	const char *from, *to;  /* the first and the last day (YYYY-MM-DD, UTC), each included */
};
/* Newest first, as f narrows them. A page of AuditEntry. */
int ms_audit_list_filtered(struct ms_db *db, const struct ms_audit_filter *f, const struct ms_page *pg, json_t **out,
			   struct ms_error *e);
/* The same, of congress_id (0: every congress) only. */
int ms_audit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		  struct ms_error *e);

/* What ms_audit_verify checked. */
struct ms_audit_report {
	int64_t entries;        /* entries of the log */
	int64_t legacy;         /* of them, written before the chain began (covered by its first link) */
	int64_t results;        /* stored results equal to the result_hash of their poll.close entry */
	int64_t results_legacy; /* results closed before the chain began (no result_hash to check) */
	int64_t triggers;       /* protective triggers found in place and enabled */
	int64_t head_id;        /* the newest chained entry (0: none) */
	char head[MS_AUDIT_HEX]; /* its hash ("" when none) */
};

/* Check the whole database inside db's transaction (a read transaction:
 * one snapshot): the chain from the first entry to the newest, every
 * stored result against the result_hash of its one poll.close entry (and
 * every such entry against a stored result), the protective triggers, and
 * when head is not NULL that an entry of the chain has that hash (a head
 * recorded earlier: dropping the newest entries leaves no broken link, so
 * only a head kept elsewhere shows it). 0 when everything holds; else the
 * first broken link in *e (MS_ERR_CONFLICT, the entry or poll it names),
 * with *out counting what was checked before it. */
int ms_audit_verify(struct ms_db *db, const char *head, struct ms_audit_report *out, struct ms_error *e);

/* How many entries record action on object kind/id (e.g. "ballot.cast" on
 * poll 3). */
int ms_audit_count(struct ms_db *db, const char *action, const char *kind, int64_t id, int64_t *n, struct ms_error *e);

extern const struct ms_view ms_audit_entry_view;
extern const struct ms_routes ms_audit_routes;
extern const struct ms_stmt *const ms_audit_stmts[], *const ms_audit_verify_stmts[];

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "audit_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_audit_codes[];

#endif
