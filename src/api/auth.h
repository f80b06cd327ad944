/*
 * auth.h — passwords (argon2id via libsodium, with a cap on concurrent
 * hashes because each takes tens of MiB), session tokens and receipts.
 * Thread-safe.
 */
#ifndef MS_AUTH_H
#define MS_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"

enum ms_pwhash_cost { MS_PWHASH_MIN = 0, MS_PWHASH_INTERACTIVE = 1, MS_PWHASH_MODERATE = 2 };

/* "min" / "interactive" / "moderate" → cost; -1 when unknown. */
int ms_pwhash_cost_parse(const char *s);

/* Initialise libsodium and the hashing semaphore (slots >= 1). Call once
 * before anything else here; 0 or MS_ERR_INTERNAL. */
int ms_auth_init(unsigned slots);

/* Hash a password into out (>= 128 bytes). 0, MS_ERR_NOMEM. */
int ms_password_hash(const char *password, int cost, char *out, size_t cap, struct ms_error *e);
/* True when password matches the stored hash. *rehash tells whether the
 * hash was made with other parameters than cost (then store a new one). */
bool ms_password_verify(const char *password, const char *hash, int cost, bool *rehash);

/* A new session token: 32 random bytes as hex (65 bytes), and its hash
 * (what the store keeps). */
void ms_session_token(char token_hex[65]);
/* BLAKE2b-256 of the token text; false when token is not 64 hex digits. */
bool ms_session_hash(const char *token_hex, unsigned char out[32]);

/* Receipt for a ballot: keyed BLAKE2b-128 of (poll id, user id) under the
 * installation secret, as hex (33 bytes). Proves participation, not choices. */
void ms_receipt(const unsigned char key[32], int64_t poll_id, int64_t user_id, char out[33]);

#endif
