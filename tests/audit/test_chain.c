/*
 * test_chain.c — the audit log's hash chain (audit/chain.c) without a
 * database: the canonical encoding byte for byte, entries that a looser
 * encoding would confuse (a text boundary moved, NULL against empty or
 * zero), the link BLAKE2b-256(prev || encoding), the first link's prev over
 * the entries written before the chain, and the hex hash of a text that the
 * close records for its result.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_internal.h"
#include "unit.h"

#define T(s) {(s), sizeof(s) - 1}
#define NONE {NULL, 0}

/* ---- the encoding, byte for byte ------------------------------------------ */

struct encoding_case {
	const char *name;
	struct ms_audit_entry en;
	const char *bytes;
	size_t n;
};

static const struct encoding_case encodings[] = {
	{"every column NULL but the id",
	 {.id = 1, .at = NONE, .action = NONE, .object = NONE, .detail = NONE},
	 LIT("\x01\0\0\0\0\0\0\0\x01"
	     "\0\0\0\0\0\0")},
	{"every column set: integers big-endian, texts after their length",
	 {.id = 258, .at = T("t"), .has_user = true, .user_id = 3, .has_congress = true, .congress_id = -1,
	  .action = T("a"), .object = T(""), .detail = T("{}")},
	 LIT("\x01\0\0\0\0\0\0\x01\x02"
	     "\x02\0\0\0\0\0\0\0\x01t"
	     "\x01\0\0\0\0\0\0\0\x03"
	     "\x01\xff\xff\xff\xff\xff\xff\xff\xff"
	     "\x02\0\0\0\0\0\0\0\x01"
	     "a"
	     "\x02\0\0\0\0\0\0\0\0"
	     "\x02\0\0\0\0\0\0\0\x02{}")},
	{"a text's bytes as they are (UTF-8, a NUL inside)",
	 {.id = 1, .at = NONE, .action = T("民\0"), .object = NONE, .detail = NONE},
	 LIT("\x01\0\0\0\0\0\0\0\x01"
	     "\0\0\0"
	     "\x02\0\0\0\0\0\0\0\x04\xe6\xb0\x91\0"
	     "\0\0")},
};

static void run_encoding(void **state)
{
	const struct encoding_case *c = *state;
	unsigned char buf[256];
	size_t n = ms_audit_encode(&c->en, buf, sizeof buf);
	assert_int_equal(n, c->n);
	assert_memory_equal(buf, c->bytes, n);
	/* Measured without a buffer; cut to a small one without writing past it. */
	assert_int_equal(ms_audit_encode(&c->en, NULL, 0), c->n);
	unsigned char *small = malloc(5);
	assert_non_null(small);
	assert_int_equal(ms_audit_encode(&c->en, small, 5), c->n);
	assert_memory_equal(small, c->bytes, 5);
	free(small);
}

/* ---- no two entries encode alike ----------------------------------------- */

struct distinct_case {
	const char *name;
	struct ms_audit_entry a, b;
};

/* An entry and what differs: a field named again overrides the default. */
#pragma GCC diagnostic ignored "-Woverride-init"
#define E(...) {.id = 7, .at = T("2026-03-01T09:00:00Z"), .action = T("poll.open"), .object = NONE, .detail = NONE, __VA_ARGS__}

static const struct distinct_case distinct[] = {
	{"a text boundary moved between action and object", E(.action = T("ab"), .object = T("c")),
	 E(.action = T("a"), .object = T("bc"))},
	{"a text boundary moved between at and action", E(.at = T("t1"), .action = T("x")),
	 E(.at = T("t"), .action = T("1x"))},
	{"NULL object and empty object", E(.object = NONE), E(.object = T(""))},
	{"NULL detail and the JSON null", E(.detail = NONE), E(.detail = T("null"))},
	{"a NUL object and no object", E(.object = T("\0")), E(.object = NONE)},
	{"the system (NULL user) and user 0", E(.has_user = false), E(.has_user = true, .user_id = 0)},
	{"the user and the congress swapped", E(.has_user = true, .user_id = 1),
	 E(.has_congress = true, .congress_id = 1)},
	{"congress -1 and no congress", E(.has_congress = true, .congress_id = -1), E(.has_congress = false)},
	{"id 1 and id 256", E(.id = 1), E(.id = 256)},
	{"a detail's last character", E(.detail = T("{\"n\":1}")), E(.detail = T("{\"n\":2}"))},
	{"a text ending in what could be a length", E(.object = T("a\x02"), .detail = NONE),
	 E(.object = T("a"), .detail = T(""))},
};

static void run_distinct(void **state)
{
	const struct distinct_case *c = *state;
	unsigned char a[256], b[256];
	size_t na = ms_audit_encode(&c->a, a, sizeof a), nb = ms_audit_encode(&c->b, b, sizeof b);
	assert_true(na != nb || memcmp(a, b, na) != 0);
	/* Neither is the start of the other: a stream of entries splits one way. */
	size_t m = na < nb ? na : nb;
	assert_true(memcmp(a, b, m) != 0);
	unsigned char prev[MS_AUDIT_HASH_BYTES] = {1}, ha[MS_AUDIT_HASH_BYTES], hb[MS_AUDIT_HASH_BYTES];
	struct ms_error e = {0};
	assert_int_equal(ms_audit_link(prev, &c->a, ha, &e), 0);
	assert_int_equal(ms_audit_link(prev, &c->b, hb, &e), 0);
	assert_memory_not_equal(ha, hb, sizeof ha);
}

/* ---- the link and the first link ----------------------------------------- */

static const struct ms_audit_entry one = E(.has_user = true, .user_id = 4, .object = T("poll/3"),
					   .detail = T("{\"present\":31}"));
static const struct ms_audit_entry two = E(.id = 8, .action = T("poll.close"), .object = T("poll/3"));

/* The link is BLAKE2b-256 of prev followed by the encoding, as anyone can
 * recompute it from a copy of the log. */
static void test_link_is_blake2b_of_prev_and_encoding(void **state)
{
	(void)state;
	unsigned char buf[MS_AUDIT_HASH_BYTES + 256], want[MS_AUDIT_HASH_BYTES], got[MS_AUDIT_HASH_BYTES];
	for (size_t i = 0; i < MS_AUDIT_HASH_BYTES; i++)
		buf[i] = (unsigned char)(0xa0 + i);
	size_t n = ms_audit_encode(&one, buf + MS_AUDIT_HASH_BYTES, sizeof buf - MS_AUDIT_HASH_BYTES);
	assert_int_equal(crypto_generichash(want, sizeof want, buf, MS_AUDIT_HASH_BYTES + n, NULL, 0), 0);
	struct ms_error e = {0};
	assert_int_equal(ms_audit_link(buf, &one, got, &e), 0);
	assert_memory_equal(got, want, sizeof want);
	/* Another prev, another link. */
	buf[0] ^= 1;
	assert_int_equal(ms_audit_link(buf, &one, want, &e), 0);
	assert_memory_not_equal(got, want, sizeof want);
}

/* The first chained entry's prev: BLAKE2b-256 of the encodings of the
 * entries before the chain, in order; of nothing on a new database. */
static void test_first_link_covers_the_entries_before(void **state)
{
	(void)state;
	struct ms_error e = {0};
	crypto_generichash_state h;
	unsigned char got[MS_AUDIT_HASH_BYTES], want[MS_AUDIT_HASH_BYTES];
	char hex[MS_AUDIT_HEX];
	assert_int_equal(ms_audit_genesis_init(&h, &e), 0);
	assert_int_equal(ms_audit_genesis_final(&h, got, &e), 0);
	sodium_bin2hex(hex, sizeof hex, got, sizeof got);
	assert_string_equal(hex, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");

	unsigned char buf[512];
	size_t n1 = ms_audit_encode(&one, buf, sizeof buf);
	size_t n2 = ms_audit_encode(&two, buf + n1, sizeof buf - n1);
	assert_int_equal(crypto_generichash(want, sizeof want, buf, n1 + n2, NULL, 0), 0);
	assert_int_equal(ms_audit_genesis_init(&h, &e), 0);
	assert_int_equal(ms_audit_absorb(&h, &one, &e), 0);
	assert_int_equal(ms_audit_absorb(&h, &two, &e), 0);
	assert_int_equal(ms_audit_genesis_final(&h, got, &e), 0);
	assert_memory_equal(got, want, sizeof want);
	/* In the other order, another prev. */
	assert_int_equal(ms_audit_genesis_init(&h, &e), 0);
	assert_int_equal(ms_audit_absorb(&h, &two, &e), 0);
	assert_int_equal(ms_audit_absorb(&h, &one, &e), 0);
	assert_int_equal(ms_audit_genesis_final(&h, got, &e), 0);
	assert_memory_not_equal(got, want, sizeof want);
}

/* ---- a text's hash in hex (the close's result_hash) ---------------------- */

struct hex_case {
	const char *name;
	const char *text;
	size_t n;
	const char *hex;
};

static const struct hex_case hexes[] = {
	{"the empty text", LIT(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
	{"abc (RFC 7693's input)", LIT("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
	{"UTF-8 text", LIT("民生"), "ae1da1162fc41bb4262d76b8f22e7bb91bbb9455d436c31d455952f4c0cdcffb"},
};

static void run_hex(void **state)
{
	const struct hex_case *c = *state;
	char hex[MS_AUDIT_HEX];
	struct ms_error e = {0};
	assert_int_equal(ms_audit_hash_hex(c->text, c->n, hex, &e), 0);
	assert_string_equal(hex, c->hex);
	assert_true(ms_unit_lower_hex(hex, 64));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, encodings, run_encoding);
	MS_UNIT_TABLE(&l, distinct, run_distinct);
	MS_UNIT_TEST(&l, test_link_is_blake2b_of_prev_and_encoding);
	MS_UNIT_TEST(&l, test_first_link_covers_the_entries_before);
	MS_UNIT_TABLE(&l, hexes, run_hex);
	return ms_unit_run("chain", &l, NULL, NULL);
}
