/*
 * seal.c — the cryptography of sealed ballots (docs/secrecy.md), with no
 * SQL and no HTTP:
 *   - the poll's key pair (X25519, libsodium) made when the poll opens, its
 *     private key split k of n among the scrutineers (Shamir's scheme over
 *     GF(2^8), libgfshare) and never stored;
 *   - a share as text, "ms1-<poll>-<base64url of x and the 32 share bytes>",
 *     and the BLAKE2b commitment kept to recognise it at the close;
 *   - a ballot's plaintext: a fixed length for the poll, so that no sealed
 *     box says anything by its size: version, paper flag, tracker, then one
 *     little-endian 16-bit mark per candidate (in candidate-id order);
 *   - the tracker: 10 characters of Crockford's base32 (50 random bits).
 */
#include "vote.h"

#include <libgfshare.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/crockford.h"
#include "vote_internal.h"

#define PLAIN_HEAD (2 + MS_TRACKER_LEN)

static void fill_random(unsigned char *buf, unsigned int n)
{
	randombytes_buf(buf, n);
}

/* libgfshare draws the random coefficients of its polynomials through a
 * global hook that its callers must point at a strong source. */
static void use_strong_random(void)
{
	gfshare_fill_rand = fill_random;
}

static pthread_once_t random_once = PTHREAD_ONCE_INIT;

int ms_seal_split(const unsigned char sk[32], unsigned n, unsigned k, unsigned char xs[], unsigned char (*ys)[32])
{
	if (n < 1 || n > MS_SCRUTINEERS_MAX || k < 1 || k > n)
		return MS_ERR_INVALID;
	pthread_once(&random_once, use_strong_random);
	for (unsigned i = 0; i < n; i++)
		xs[i] = (unsigned char)(i + 1);
	gfshare_ctx *g = gfshare_ctx_init_enc(xs, n, (unsigned char)k, 32);
	if (!g)
		return MS_ERR_NOMEM;
	unsigned char secret[32];
	memcpy(secret, sk, 32);
	gfshare_ctx_enc_setsecret(g, secret);
	for (unsigned i = 0; i < n; i++)
		gfshare_ctx_enc_getshare(g, (unsigned char)i, ys[i]);
	gfshare_ctx_free(g); /* zeroes its coefficients */
	sodium_memzero(secret, sizeof secret);
	return 0;
}

int ms_seal_combine(const unsigned char xs[], const unsigned char (*ys)[32], unsigned k, unsigned char sk[32])
{
	pthread_once(&random_once, use_strong_random);
	unsigned char nrs[MS_SCRUTINEERS_MAX];
	if (k < 1 || k > MS_SCRUTINEERS_MAX)
		return MS_ERR_INVALID;
	memcpy(nrs, xs, k);
	gfshare_ctx *g = gfshare_ctx_init_dec(nrs, k, 32);
	if (!g)
		return MS_ERR_NOMEM;
	unsigned char y[32];
	for (unsigned i = 0; i < k; i++) {
		memcpy(y, ys[i], 32);
		gfshare_ctx_dec_giveshare(g, (unsigned char)i, y);
	}
	gfshare_ctx_dec_extract(g, sk);
	gfshare_ctx_free(g);
	sodium_memzero(y, sizeof y);
	return 0;
}

void ms_share_text(int64_t poll_id, unsigned char x, const unsigned char y[32], char out[MS_SHARE_TEXT_MAX])
{
	unsigned char raw[33];
	char b64[sodium_base64_ENCODED_LEN(33, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	raw[0] = x;
	memcpy(raw + 1, y, 32);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, MS_SHARE_TEXT_MAX, "ms1-%lld-%s", (long long)poll_id, b64);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(b64, sizeof b64);
}

int ms_share_parse(const char *text, int64_t *poll_id, unsigned char *x, unsigned char y[32])
{
	long long id = 0;
	int used = 0;
	if (!text || strlen(text) >= MS_SHARE_TEXT_MAX || sscanf(text, "ms1-%lld-%n", &id, &used) != 1 || used == 0 ||
	    id < 1)
		return -1;
	unsigned char raw[33];
	size_t len = 0;
	const char *end = NULL;
	if (sodium_base642bin(raw, sizeof raw, text + used, strlen(text + used), " \n\r\t", &len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    len != 33 || *end || raw[0] == 0 || raw[0] > MS_SCRUTINEERS_MAX) {
		sodium_memzero(raw, sizeof raw);
		return -1;
	}
	*poll_id = id;
	*x = raw[0];
	memcpy(y, raw + 1, 32);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

void ms_share_commit(int64_t poll_id, unsigned char x, const unsigned char y[32], unsigned char h[32])
{
	crypto_generichash_state st;
	unsigned char head[9];
	for (int i = 0; i < 8; i++)
		head[i] = (unsigned char)((uint64_t)poll_id >> (8 * i));
	head[8] = x;
	static const unsigned char tag[] = "minsheng share commitment v1";
	crypto_generichash_init(&st, tag, sizeof tag - 1, 32);
	crypto_generichash_update(&st, head, sizeof head);
	crypto_generichash_update(&st, y, 32);
	crypto_generichash_final(&st, h, 32);
}

void ms_tracker_new(char t[MS_TRACKER_LEN + 1])
{
	ms_crockford_random(t, MS_TRACKER_LEN);
}

bool ms_tracker_normalise(const char *in, char t[MS_TRACKER_LEN + 1])
{
	return ms_crockford_read(in, MS_TRACKER_LEN, false, t);
}

size_t ms_seal_plain_len(const struct ms_poll *p)
{
	return PLAIN_HEAD + 2 * p->n_candidates;
}

void ms_seal_encode_marks(const struct ms_poll *p, const uint16_t *marks, bool paper, const char *tracker,
			  unsigned char *plain)
{
	memset(plain, 0, ms_seal_plain_len(p));
	plain[0] = 1;
	plain[1] = paper ? 1 : 0;
	memcpy(plain + 2, tracker, MS_TRACKER_LEN);
	for (size_t k = 0; k < p->n_candidates; k++) {
		plain[PLAIN_HEAD + 2 * k] = (unsigned char)(marks[k] & 0xff);
		plain[PLAIN_HEAD + 2 * k + 1] = (unsigned char)(marks[k] >> 8);
	}
}

int ms_seal_decode_marks(const struct ms_poll *p, const unsigned char *plain, size_t len, uint16_t *marks, bool *paper,
			 char tracker[MS_TRACKER_LEN + 1])
{
	if (len != ms_seal_plain_len(p) || plain[0] != 1 || plain[1] > 1)
		return MS_ERR_INVALID;
	*paper = plain[1] == 1;
	memcpy(tracker, plain + 2, MS_TRACKER_LEN);
	tracker[MS_TRACKER_LEN] = 0;
	unsigned used = 2 * (p->rate_n_sub ? p->rate_n_sub : 1);
	for (size_t k = 0; k < p->n_candidates; k++) {
		marks[k] = (uint16_t)(plain[PLAIN_HEAD + 2 * k] | (unsigned)plain[PLAIN_HEAD + 2 * k + 1] << 8);
		if (used < 16 && marks[k] >> used)
			return MS_ERR_INVALID;
	}
	return 0;
}

int ms_seal_encode(const struct ms_poll *p, const int64_t *ids, size_t na, size_t n, bool paper, const char *tracker,
		   unsigned char *plain)
{
	memset(plain, 0, ms_seal_plain_len(p));
	plain[0] = 1;
	plain[1] = paper ? 1 : 0;
	memcpy(plain + 2, tracker, MS_TRACKER_LEN);
	for (size_t i = 0; i < n; i++) {
		int k = ms_poll_candidate_index(p, ids[i]);
		if (k < 0)
			return MS_ERR_INVALID;
		unsigned mark = p->form == MS_FORM_RANKED ? (unsigned)(i + 1) : i < na ? 1u : 2u;
		if (mark > 0xffff)
			return MS_ERR_INVALID;
		plain[PLAIN_HEAD + 2 * (size_t)k] = (unsigned char)(mark & 0xff);
		plain[PLAIN_HEAD + 2 * (size_t)k + 1] = (unsigned char)(mark >> 8);
	}
	return 0;
}

int ms_seal_decode(const struct ms_poll *p, const unsigned char *plain, size_t len, int64_t *ids, size_t *na,
		   size_t *n, bool *paper, char tracker[MS_TRACKER_LEN + 1])
{
	if (len != ms_seal_plain_len(p) || plain[0] != 1 || plain[1] > 1)
		return MS_ERR_INVALID;
	*paper = plain[1] == 1;
	memcpy(tracker, plain + 2, MS_TRACKER_LEN);
	tracker[MS_TRACKER_LEN] = 0;
	size_t m = p->n_candidates;
	unsigned *marks = malloc((m ? m : 1) * sizeof *marks);
	if (!marks)
		return MS_ERR_NOMEM;
	for (size_t k = 0; k < m; k++)
		marks[k] = plain[PLAIN_HEAD + 2 * k] | (unsigned)plain[PLAIN_HEAD + 2 * k + 1] << 8;
	int rc = 0;
	*n = 0;
	if (p->form == MS_FORM_RANKED) {
		/* Ranks 1..r, each once: the ids in order of rank. */
		for (unsigned r = 1; r <= m; r++) {
			size_t found = 0;
			for (size_t k = 0; k < m; k++)
				if (marks[k] == r)
					ids[(*n)++] = p->candidate_ids[k], found++;
			if (found > 1)
				rc = MS_ERR_INVALID;
		}
		for (size_t k = 0; k < m; k++)
			if (marks[k] > m)
				rc = MS_ERR_INVALID;
		*na = *n;
	} else {
		for (unsigned want = 1; want <= 2; want++) {
			for (size_t k = 0; k < m; k++)
				if (marks[k] == want)
					ids[(*n)++] = p->candidate_ids[k];
			if (want == 1)
				*na = *n;
		}
		for (size_t k = 0; k < m; k++)
			if (marks[k] > (p->form == MS_FORM_APPROVE_OPPOSE ? 2u : 1u))
				rc = MS_ERR_INVALID;
	}
	free(marks);
	return rc;
}
