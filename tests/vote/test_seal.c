/*
 * test_seal.c — the cryptography of sealed ballots (vote/seal.c): a key
 * split k of n is rebuilt by any k shares and not by k − 1; a share's text
 * and commitment; a ballot's plaintext has one length for the poll and
 * decodes to what was encoded, for every form; trackers; the ballots of
 * one transaction share an ephemeral key (seal_box.c), and every box opens
 * with the poll's key.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

#include "unit.h"
#include "vote/vote_internal.h"

static void test_split_any_k_of_n(void **state)
{
	(void)state;
	unsigned char pk[32], sk[32], xs[MS_SCRUTINEERS_MAX], ys[MS_SCRUTINEERS_MAX][32];
	crypto_box_keypair(pk, sk);
	assert_int_equal(ms_seal_split(sk, 5, 3, xs, ys), 0);
	/* every subset of 3 of the 5 shares rebuilds the key */
	for (unsigned m = 0; m < 32; m++) {
		if (__builtin_popcount(m) != 3)
			continue;
		unsigned char sx[3], sy[3][32], got[32];
		unsigned k = 0;
		for (unsigned i = 0; i < 5; i++)
			if (m >> i & 1) {
				sx[k] = xs[i];
				memcpy(sy[k++], ys[i], 32);
			}
		assert_int_equal(ms_seal_combine(sx, (const unsigned char(*)[32])sy, 3, got), 0);
		assert_memory_equal(got, sk, 32);
	}
	/* two shares do not */
	unsigned char got[32];
	assert_int_equal(ms_seal_combine(xs, (const unsigned char(*)[32])ys, 2, got), 0);
	assert_memory_not_equal(got, sk, 32);
	/* a split of the same key again gives other shares (random coefficients) */
	unsigned char xs2[MS_SCRUTINEERS_MAX], ys2[MS_SCRUTINEERS_MAX][32];
	assert_int_equal(ms_seal_split(sk, 5, 3, xs2, ys2), 0);
	assert_memory_not_equal(ys2[0], ys[0], 32);
	assert_int_not_equal(ms_seal_split(sk, 0, 1, xs, ys), 0);
	assert_int_not_equal(ms_seal_split(sk, 3, 4, xs, ys), 0);
	assert_int_not_equal(ms_seal_split(sk, MS_SCRUTINEERS_MAX + 1, 2, xs, ys), 0);
}

static void test_share_text(void **state)
{
	(void)state;
	unsigned char y[32], y2[32], x2, h1[32], h2[32];
	int64_t poll;
	randombytes_buf(y, sizeof y);
	char text[MS_SHARE_TEXT_MAX];
	ms_share_text(12, 3, y, text);
	assert_true(strncmp(text, "ms1-12-", 7) == 0);
	assert_int_equal(ms_share_parse(text, &poll, &x2, y2), 0);
	assert_int_equal(poll, 12);
	assert_int_equal(x2, 3);
	assert_memory_equal(y, y2, 32);
	ms_share_commit(12, 3, y, h1);
	ms_share_commit(13, 3, y, h2);
	assert_memory_not_equal(h1, h2, 32);
	const char *bad[] = {"", "ms1-12-", "ms2-12-AAAA", "ms1-0-" "AAAA", "ms1-12-!!!!", "x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(ms_share_parse(bad[i], &poll, &x2, y2), -1);
	text[strlen(text) - 1] = 0; /* one character short */
	assert_int_equal(ms_share_parse(text, &poll, &x2, y2), -1);
}

static void test_plaintext(void **state)
{
	(void)state;
	int64_t cands[] = {3, 7, 9, 20};
	struct ms_poll p = {.n_candidates = 4, .candidate_ids = cands};
	size_t len = ms_seal_plain_len(&p);
	assert_int_equal(len, 12 + 8);
	unsigned char plain[64];
	int64_t out[8];
	size_t na, n;
	bool paper;
	char t[MS_TRACKER_LEN + 1];
	/* pick: the approved ids, sorted */
	p.form = MS_FORM_PICK;
	int64_t pick[] = {20, 3};
	assert_int_equal(ms_seal_encode(&p, pick, 2, 2, true, "ABCDEFGHJK", plain), 0);
	assert_int_equal(ms_seal_decode(&p, plain, len, out, &na, &n, &paper, t), 0);
	assert_int_equal(na, 2);
	assert_int_equal(n, 2);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[1], 20);
	assert_true(paper);
	assert_string_equal(t, "ABCDEFGHJK");
	/* ranked: the order is the vote */
	p.form = MS_FORM_RANKED;
	int64_t rank[] = {9, 3, 20};
	assert_int_equal(ms_seal_encode(&p, rank, 3, 3, false, "0000000000", plain), 0);
	assert_int_equal(ms_seal_decode(&p, plain, len, out, &na, &n, &paper, t), 0);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], 9);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 20);
	assert_false(paper);
	/* approve / oppose */
	p.form = MS_FORM_APPROVE_OPPOSE;
	int64_t ao[] = {7, 3, 20};
	assert_int_equal(ms_seal_encode(&p, ao, 1, 3, false, "0000000000", plain), 0);
	assert_int_equal(ms_seal_decode(&p, plain, len, out, &na, &n, &paper, t), 0);
	assert_int_equal(na, 1);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], 7);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 20);
	/* a blank ballot has the same length; a candidate not on the poll is refused */
	assert_int_equal(ms_seal_encode(&p, ao, 0, 0, false, "0000000000", plain), 0);
	assert_int_equal(ms_seal_decode(&p, plain, len, out, &na, &n, &paper, t), 0);
	assert_int_equal(n, 0);
	int64_t stranger[] = {5};
	assert_int_not_equal(ms_seal_encode(&p, stranger, 1, 1, false, "0000000000", plain), 0);
	/* a malformed plaintext is refused */
	plain[0] = 2;
	assert_int_not_equal(ms_seal_decode(&p, plain, len, out, &na, &n, &paper, t), 0);
	assert_int_not_equal(ms_seal_decode(&p, plain, len - 1, out, &na, &n, &paper, t), 0);
}

static void test_trackers(void **state)
{
	(void)state;
	char t[MS_TRACKER_LEN + 1], u[MS_TRACKER_LEN + 1];
	ms_tracker_new(t);
	assert_int_equal(strlen(t), MS_TRACKER_LEN);
	assert_true(ms_tracker_normalise(t, u));
	assert_string_equal(t, u);
	assert_true(ms_tracker_normalise("7kq2m-9xw4d", u));
	assert_string_equal(u, "7KQ2M9XW4D");
	assert_false(ms_tracker_normalise("7KQ2M-9XW4", u));  /* short */
	assert_false(ms_tracker_normalise("7KQ2M-9XW4DD", u)); /* long */
	assert_false(ms_tracker_normalise("IKQ2M-9XW4D", u));  /* I is not used */
	assert_false(ms_tracker_normalise("", u));
}

/* A box of plain to pk opens with sk to plain, and not with other; each
 * part of it is authenticated. */
static void opens(const unsigned char *box, size_t blen, const unsigned char *plain, size_t len,
		  const unsigned char *pk, const unsigned char *sk, const unsigned char *other_pk,
		  const unsigned char *other_sk)
{
	unsigned char out[256], bad[256 + MS_SEAL_BYTES];
	assert_true(len <= sizeof out && blen <= sizeof bad);
	assert_int_equal(ms_seal_open(out, box, blen, len, pk, sk), 0);
	assert_memory_equal(out, plain, len);
	assert_int_not_equal(ms_seal_open(out, box, blen, len, other_pk, other_sk), 0);
	for (size_t at = 0; at < blen; at += 7) { /* the key, the nonce, the MAC, the text */
		memcpy(bad, box, blen);
		bad[at] ^= 0x40;
		assert_int_not_equal(ms_seal_open(out, bad, blen, len, pk, sk), 0);
	}
	assert_int_not_equal(ms_seal_open(out, box, blen - 1, len, pk, sk), 0); /* no other length */
	assert_int_not_equal(ms_seal_open(out, box, blen, len - 1, pk, sk), 0);
}

static struct ms_store *seal_store_open(char *dir)
{
	snprintf(dir, 32, "/tmp/ms-seal-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/db", dir);
	struct ms_store *st = NULL;
	struct ms_error e;
	assert_int_equal(ms_store_open(path, 2, &st, &e), 0);
	return st;
}

static void seal_store_close(struct ms_store *st, const char *dir)
{
	ms_store_close(st);
	char path[64];
	const char *ends[] = {"db", "db-wal", "db-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, ends[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* seal_box.c: the ballots of one poll that one transaction seals share one
 * ephemeral key — made ahead (a ballot route's before) for the poll the
 * thread sealed to last and only for a request naming it, else at the first
 * box — and every box has a nonce of its own; the key is wiped when the
 * transaction ends (commit or rollback), or at the request's end when no
 * transaction used it (after); without a transaction each box has its own.
 * Every box opens (ms_seal_open) with the poll's key alone, boxes that
 * crypto_box_seal made included. */
static void test_sealed_shared(void **state)
{
	(void)state;
	enum { LEN = 70, BLEN = LEN + MS_SEAL_BYTES };
	unsigned char pk1[32], sk1[32], pk2[32], sk2[32], plain[LEN], box[BLEN], epk[32], nonces[16][24];
	crypto_box_keypair(pk1, sk1);
	crypto_box_keypair(pk2, sk2);
	randombytes_buf(plain, sizeof plain);
	assert_int_equal(MS_SEAL_BYTES, 72);
	bool shared = true;

	/* no transaction: a key for each box */
	ms_seal_ahead(1); /* nothing sealed yet on this thread: nothing made */
	assert_int_equal(ms_seal_box(NULL, box, plain, LEN, pk1, 1, &shared), 0);
	assert_false(shared);
	opens(box, BLEN, plain, LEN, pk1, sk1, pk2, sk2);
	memcpy(epk, box, 32);
	ms_seal_ahead(1); /* for pk1 now, and used by the next box alone */
	assert_int_equal(ms_seal_box(NULL, box, plain, LEN, pk1, 1, &shared), 0);
	assert_false(shared);
	assert_memory_not_equal(epk, box, 32);
	memcpy(epk, box, 32);
	assert_int_equal(ms_seal_box(NULL, box, plain, LEN, pk1, 1, &shared), 0);
	assert_memory_not_equal(epk, box, 32);
	opens(box, BLEN, plain, LEN, pk1, sk1, pk2, sk2);

	char dir[32];
	struct ms_store *st = seal_store_open(dir);
	struct ms_db *db;
	struct ms_error e;
	assert_int_equal(ms_store_acquire(st, &db, &e), 0);
	for (int round = 0; round < 4; round++) {
		bool ahead = round % 2 == 0, commit = round < 2;
		if (ahead)
			ms_seal_ahead(1);
		assert_int_equal(ms_db_begin(db, true, &e), 0);
		for (int i = 0; i < 16; i++) {
			assert_int_equal(ms_seal_box(db, box, plain, LEN, pk1, 1, &shared), 0);
			opens(box, BLEN, plain, LEN, pk1, sk1, pk2, sk2);
			if (i == 0) { /* a key no earlier transaction used */
				assert_false(shared);
				assert_memory_not_equal(epk, box, 32);
				memcpy(epk, box, 32);
			} else { /* the transaction's key, a nonce of the box's own */
				assert_true(shared);
				assert_memory_equal(epk, box, 32);
			}
			memcpy(nonces[i], box + 32, 24);
			for (int j = 0; j < i; j++)
				assert_memory_not_equal(nonces[j], nonces[i], 24);
			if (i == 7) { /* another poll's ballot in the same transaction: a key of its own */
				assert_int_equal(ms_seal_box(db, box, plain, LEN, pk2, 2, &shared), 0);
				assert_false(shared);
				assert_memory_not_equal(epk, box, 32);
				opens(box, BLEN, plain, LEN, pk2, sk2, pk1, sk1);
			}
		}
		if (commit) /* the transaction's end wipes its key: no request's end (after) here */
			assert_int_equal(ms_db_commit(db, &e), 0);
		else
			ms_db_rollback(db);
	}
	ms_store_release(st, db);
	seal_store_close(st, dir);

	/* made, not used (the ballot was refused): wiped at the request's end */
	ms_seal_ahead(1);
	ms_seal_drop();
	assert_int_equal(ms_seal_box(NULL, box, plain, LEN, pk1, 1, &shared), 0);
	assert_memory_not_equal(epk, box, 32);
	/* made for pk1: a ballot to pk2 gets a key of its own, and opens with sk2 */
	ms_seal_ahead(1);
	assert_int_equal(ms_seal_box(NULL, box, plain, LEN, pk2, 2, &shared), 0);
	opens(box, BLEN, plain, LEN, pk2, sk2, pk1, sk1);

	/* a box crypto_box_seal made (a poll sealed before) opens too */
	unsigned char old[LEN + crypto_box_SEALBYTES];
	assert_int_equal(crypto_box_seal(old, plain, LEN, pk1), 0);
	opens(old, sizeof old, plain, LEN, pk1, sk1, pk2, sk2);

	/* a key crypto_box refuses is refused, ahead or not */
	unsigned char zero[32] = {0};
	assert_int_equal(ms_seal_box(NULL, box, plain, LEN, zero, 1, &shared), -1);
	ms_seal_ahead(1);
	assert_int_equal(ms_seal_box(NULL, box, plain, LEN, zero, 1, &shared), -1);
	assert_false(shared);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_any_k_of_n),
		cmocka_unit_test(test_share_text),
		cmocka_unit_test(test_plaintext),
		cmocka_unit_test(test_trackers),
		cmocka_unit_test(test_sealed_shared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
