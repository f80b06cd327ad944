/*
 * test_seal.c — the cryptography of sealed ballots (vote/seal.c): a key
 * split k of n is rebuilt by any k shares and not by k − 1; a share's text
 * and commitment; a ballot's plaintext has one length for the poll and
 * decodes to what was encoded, for every form; trackers; a ballot sealed
 * with the ephemeral key made ahead (seal_box.c) opens as crypto_box_seal's.
 */
#include <sodium.h>
#include <string.h>

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

/* seal_box.c: the key made ahead (a ballot route's before) is for the
 * poll key the thread sealed to last, made only for a request naming that
 * poll, used once, wiped unused at the request's end (after); the box
 * opens with crypto_box_seal_open; no two boxes share an ephemeral key. */
static void test_sealed_ahead(void **state)
{
	(void)state;
	unsigned char pk1[32], sk1[32], pk2[32], sk2[32], plain[70], box[70 + crypto_box_SEALBYTES], out[70];
	crypto_box_keypair(pk1, sk1);
	crypto_box_keypair(pk2, sk2);
	randombytes_buf(plain, sizeof plain);
	bool ahead = true;
	/* nothing sealed yet on this thread: nothing to make ahead */
	ms_seal_ahead(1);
	assert_int_equal(ms_seal_box(box, plain, sizeof plain, pk1, 1, &ahead), 0);
	assert_false(ahead);
	assert_int_equal(crypto_box_seal_open(out, box, sizeof box, pk1, sk1), 0);
	unsigned char epks[64][32];
	for (int i = 0; i < 64; i++) {
		ms_seal_ahead(1);
		ms_seal_ahead(1); /* made already: kept */
		memset(box, 0, sizeof box);
		assert_int_equal(ms_seal_box(box, plain, sizeof plain, pk1, 1, &ahead), 0);
		assert_true(ahead);
		assert_int_equal(crypto_box_seal_open(out, box, sizeof box, pk1, sk1), 0);
		assert_memory_equal(out, plain, sizeof plain);
		assert_int_not_equal(crypto_box_seal_open(out, box, sizeof box, pk2, sk2), 0);
		memcpy(epks[i], box, 32);
		for (int j = 0; j < i; j++)
			assert_memory_not_equal(epks[j], epks[i], 32);
		box[40] ^= 1; /* and it is authenticated */
		assert_int_not_equal(crypto_box_seal_open(out, box, sizeof box, pk1, sk1), 0);
		/* used: the next box without a new one is sealed there and then */
		assert_int_equal(ms_seal_box(box, plain, sizeof plain, pk1, 1, &ahead), 0);
		assert_false(ahead);
		ms_seal_drop(); /* nothing to drop */
	}
	/* made, not used (the ballot was refused): wiped at the request's end */
	ms_seal_ahead(1);
	ms_seal_drop();
	assert_int_equal(ms_seal_box(box, plain, sizeof plain, pk1, 1, &ahead), 0);
	assert_false(ahead);
	/* made for pk1: a ballot to pk2 is sealed there and then, and opens with sk2 */
	ms_seal_ahead(1);
	assert_int_equal(ms_seal_box(box, plain, sizeof plain, pk2, 2, &ahead), 0);
	assert_false(ahead);
	assert_int_equal(crypto_box_seal_open(out, box, sizeof box, pk2, sk2), 0);
	assert_memory_equal(out, plain, sizeof plain);
	ms_seal_ahead(1); /* for poll 1: but the thread sealed to poll 2 last, so none */
	assert_int_equal(ms_seal_box(box, plain, sizeof plain, pk2, 2, &ahead), 0);
	assert_false(ahead);
	ms_seal_ahead(2); /* now for pk2, poll 2 */
	assert_int_equal(ms_seal_box(box, plain, sizeof plain, pk2, 2, &ahead), 0);
	assert_true(ahead);
	assert_int_equal(crypto_box_seal_open(out, box, sizeof box, pk2, sk2), 0);
	/* a key crypto_box_seal refuses is refused, ahead or not */
	unsigned char zero[32] = {0};
	assert_int_equal(ms_seal_box(box, plain, sizeof plain, zero, 1, &ahead), -1);
	ms_seal_ahead(1);
	assert_int_equal(ms_seal_box(box, plain, sizeof plain, zero, 1, &ahead), -1);
	assert_false(ahead);
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
		cmocka_unit_test(test_sealed_ahead),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
