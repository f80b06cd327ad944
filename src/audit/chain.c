/*
 * chain.c — the hash chain of the audit log: the canonical encoding of an
 * entry and the BLAKE2b-256 link to the entry before it (the format is in
 * audit_internal.h and docs/audit.md). Pure: no SQL, no I/O, no allocation.
 */
#include "audit_internal.h"

#include <string.h>

enum { TAG_NULL = 0, TAG_INT = 1, TAG_TEXT = 2 };

/* Where an encoding goes: a hash, or a buffer of cap bytes; len counts
 * every byte of the encoding, written or not. */
struct sink {
	crypto_generichash_state *h;
	unsigned char *buf;
	size_t cap, len;
	int rc; /* a failed hash update */
};

static void put(struct sink *k, const void *p, size_t n)
{
	if (k->h) {
		if (n && crypto_generichash_update(k->h, p, n) != 0)
			k->rc = -1;
	} else if (k->len < k->cap) {
		size_t room = k->cap - k->len;
		memcpy(k->buf + k->len, p, n < room ? n : room);
	}
	k->len += n;
}

static void put_u64(struct sink *k, unsigned char tag, uint64_t v)
{
	unsigned char b[9];
	b[0] = tag;
	for (int i = 8; i >= 1; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
	put(k, b, sizeof b);
}

static void put_int(struct sink *k, bool present, int64_t v)
{
	if (!present) {
		unsigned char tag = TAG_NULL;
		put(k, &tag, 1);
	} else {
		put_u64(k, TAG_INT, (uint64_t)v);
	}
}

static void put_text(struct sink *k, const struct ms_audit_text *t)
{
	if (!t->s) {
		unsigned char tag = TAG_NULL;
		put(k, &tag, 1);
		return;
	}
	put_u64(k, TAG_TEXT, (uint64_t)t->n);
	put(k, t->s, t->n);
}

static void encode(struct sink *k, const struct ms_audit_entry *en)
{
	put_int(k, true, en->id);
	put_text(k, &en->at);
	put_int(k, en->has_user, en->user_id);
	put_int(k, en->has_congress, en->congress_id);
	put_text(k, &en->action);
	put_text(k, &en->object);
	put_text(k, &en->detail);
}

static int crypto_failed(struct ms_error *e)
{
	return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "BLAKE2b failed");
}

size_t ms_audit_encode(const struct ms_audit_entry *en, unsigned char *out, size_t cap)
{
	struct sink k = {.buf = out, .cap = out ? cap : 0};
	encode(&k, en);
	return k.len;
}

int ms_audit_genesis_init(crypto_generichash_state *h, struct ms_error *e)
{
	return crypto_generichash_init(h, NULL, 0, MS_AUDIT_HASH_BYTES) == 0 ? 0 : crypto_failed(e);
}

int ms_audit_absorb(crypto_generichash_state *h, const struct ms_audit_entry *en, struct ms_error *e)
{
	struct sink k = {.h = h};
	encode(&k, en);
	return k.rc ? crypto_failed(e) : 0;
}

int ms_audit_genesis_final(crypto_generichash_state *h, unsigned char out[MS_AUDIT_HASH_BYTES], struct ms_error *e)
{
	return crypto_generichash_final(h, out, MS_AUDIT_HASH_BYTES) == 0 ? 0 : crypto_failed(e);
}

int ms_audit_link(const unsigned char prev[MS_AUDIT_HASH_BYTES], const struct ms_audit_entry *en,
		  unsigned char out[MS_AUDIT_HASH_BYTES], struct ms_error *e)
{
	crypto_generichash_state h;
	if (crypto_generichash_init(&h, NULL, 0, MS_AUDIT_HASH_BYTES) != 0 ||
	    crypto_generichash_update(&h, prev, MS_AUDIT_HASH_BYTES) != 0)
		return crypto_failed(e);
	struct sink k = {.h = &h};
	encode(&k, en);
	if (k.rc || crypto_generichash_final(&h, out, MS_AUDIT_HASH_BYTES) != 0)
		return crypto_failed(e);
	return 0;
}

int ms_audit_hash_hex(const void *text, size_t n, char hex[MS_AUDIT_HEX], struct ms_error *e)
{
	unsigned char h[MS_AUDIT_HASH_BYTES];
	if (crypto_generichash(h, sizeof h, text, n, NULL, 0) != 0)
		return crypto_failed(e);
	sodium_bin2hex(hex, MS_AUDIT_HEX, h, sizeof h);
	return 0;
}
