/* audit_internal.h — shared inside src/audit/: an entry as the chain sees
 * it, the chain's hashing (chain.c) and the log's SQL (audit_sql.c,
 * verify_sql.c). */
#ifndef MS_AUDIT_INTERNAL_H
#define MS_AUDIT_INTERNAL_H

#include <sodium.h>
#include <stdbool.h>

#include "audit.h"

#define MS_AUDIT_HASH_BYTES 32

/* A text column's value: n bytes at s; s NULL: SQL NULL. */
struct ms_audit_text {
	const char *s;
	size_t n;
};

/* One entry of the log, every column the chain covers (hash aside). */
struct ms_audit_entry {
	int64_t id;
	struct ms_audit_text at;
	bool has_user, has_congress; /* false: the column is NULL */
	int64_t user_id, congress_id;
	struct ms_audit_text action, object, detail;
};

/* ---- the chain (chain.c) ----
 *
 * The canonical encoding of an entry is its seven columns in the order
 * id, at, user_id, congress_id, action, object, detail, each written as
 *     0x00                              SQL NULL
 *     0x01, 8 bytes big-endian          an integer (two's complement)
 *     0x02, 8 bytes big-endian n, n bytes   a text of n bytes
 * so that no two entries encode alike and no encoding is the prefix of
 * another. An entry's hash is BLAKE2b-256(prev || its encoding), where prev
 * is the hash of the entry before it; the first chained entry's prev is the
 * BLAKE2b-256 of the encodings, in id order, of every entry written before
 * the chain began (migration 5): of none, on a database made since. */

/* Write en's encoding into out (at most cap bytes; out may be NULL when
 * cap is 0) and return its whole length. */
size_t ms_audit_encode(const struct ms_audit_entry *en, unsigned char *out, size_t cap);
/* Start the hash over the entries written before the chain. */
int ms_audit_genesis_init(crypto_generichash_state *h, struct ms_error *e);
/* Add en's encoding to h. */
int ms_audit_absorb(crypto_generichash_state *h, const struct ms_audit_entry *en, struct ms_error *e);
/* The first chained entry's prev: the hash h has taken in. */
int ms_audit_genesis_final(crypto_generichash_state *h, unsigned char out[MS_AUDIT_HASH_BYTES], struct ms_error *e);
/* out = BLAKE2b-256(prev || encoding of en). */
int ms_audit_link(const unsigned char prev[MS_AUDIT_HASH_BYTES], const struct ms_audit_entry *en,
		  unsigned char out[MS_AUDIT_HASH_BYTES], struct ms_error *e);

/* ---- the log's SQL (audit_sql.c) ---- */

/* Called for each entry in id order with its stored hash (hash_n bytes at
 * hash; NULL: none). A non-zero return stops the walk and is returned. */
typedef int (*ms_audit_each_fn)(void *ctx, const struct ms_audit_entry *en, const unsigned char *hash,
				size_t hash_n, struct ms_error *e);

/* Lock the head of the chain for the rest of the transaction (PostgreSQL:
 * pg_advisory_xact_lock; SQLite: the writer's lock is held already), then
 * read it: the newest chained entry's hash into prev, or, when no entry is
 * chained yet, the hash over every entry written before the chain. */
int ms_audit_sql_head(struct ms_db *db, unsigned char prev[MS_AUDIT_HASH_BYTES], struct ms_error *e);
/* The id of the entry to append (after ms_audit_sql_head). */
int ms_audit_sql_next_id(struct ms_db *db, int64_t *id, struct ms_error *e);
int ms_audit_sql_insert(struct ms_db *db, const struct ms_audit_entry *en, const unsigned char hash[MS_AUDIT_HASH_BYTES],
			struct ms_error *e);
/* Every entry, in id order. */
int ms_audit_sql_each(struct ms_db *db, ms_audit_each_fn fn, void *ctx, struct ms_error *e);

/* ---- what the verification reads (verify_sql.c) ---- */

/* The last id written before the chain began (migration 5 records it in
 * meta); 0 when the record is missing, so that every entry must be chained. */
int ms_audit_sql_chain_after(struct ms_db *db, int64_t *id, struct ms_error *e);
/* Called for each stored result, by poll id, with its exact text. */
typedef int (*ms_audit_result_fn)(void *ctx, int64_t poll_id, const char *text, size_t n, struct ms_error *e);
int ms_audit_sql_results(struct ms_db *db, ms_audit_result_fn fn, void *ctx, struct ms_error *e);

/* A protective trigger as the catalogue has it. */
struct ms_audit_trigger_state {
	bool checked;     /* false: the engine has no such trigger to check (TRUNCATE on SQLite) */
	bool found;
	bool enabled;     /* PostgreSQL: pg_trigger.tgenabled is O or A; SQLite: always */
	char text[2048];  /* its definition (PostgreSQL: and its function's body), cut to fit */
};
/* Look up trigger name on table; truncate: a TRUNCATE trigger (PostgreSQL only). */
int ms_audit_sql_trigger(struct ms_db *db, const char *name, const char *table, bool truncate,
			 struct ms_audit_trigger_state *out, struct ms_error *e);

#endif
