/*
 * seal_box.c — sealing a ballot to its poll's public key with the costly
 * half done before the write lock is taken.
 *
 * crypto_box_seal draws an ephemeral X25519 key pair, derives the key it
 * shares with the poll's public key (two scalar multiplications, about
 * 60 µs here), and boxes the plaintext under a nonce hashed from the two
 * public keys. A ballot is sealed inside its write transaction, so on
 * SQLite those 60 µs were spent holding the node's one write lock, where
 * every other ballot waits. So a ballot's request makes that key first,
 * before its transaction begins (the route's before, ms_seal_ahead), for
 * the poll key its thread sealed to last — a public key and its poll's id,
 * all the thread keeps between requests — when the request's path names
 * that poll (a request for another poll, and any junk sent to a public
 * route's other ids, makes none): the ephemeral public half and the shared
 * key (the private half is wiped once the shared key is derived). The ballot,
 * if it is for that poll, boxes under it — the same box, byte for byte, as
 * crypto_box_seal with that ephemeral key makes, opened by
 * crypto_box_seal_open — and wipes it; a key not used is wiped when the
 * request ends (the route's after, ms_seal_drop). So a key seals one
 * ballot and lives no longer than one request, as crypto_box_seal's own
 * does within its call; it is held in memory locked out of swap and core
 * dumps (sodium_malloc), one slot per thread, freed with the thread.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "vote_internal.h"

struct ahead {
	unsigned char pk[crypto_box_PUBLICKEYBYTES];  /* the poll key it is for */
	unsigned char epk[crypto_box_PUBLICKEYBYTES]; /* the ephemeral public key */
	unsigned char k[crypto_box_BEFORENMBYTES];    /* shared by the ephemeral and the poll keys */
	unsigned char want[crypto_box_PUBLICKEYBYTES]; /* the poll key sealed to last: the next is for it */
	int64_t want_poll;                             /* and its poll: only a request for it makes one */
	bool ready, wanted;
};

static pthread_key_t ahead_key;
static bool ahead_ok;
static pthread_once_t ahead_once = PTHREAD_ONCE_INIT;

static void ahead_free(void *p)
{
	sodium_free(p);
}

static void ahead_init(void)
{
	ahead_ok = pthread_key_create(&ahead_key, ahead_free) == 0;
}

/* This thread's, made at first use; NULL when it cannot be (then every
 * ballot is sealed by crypto_box_seal itself). */
static struct ahead *ahead_get(void)
{
	pthread_once(&ahead_once, ahead_init);
	if (!ahead_ok)
		return NULL;
	struct ahead *a = pthread_getspecific(ahead_key);
	if (a)
		return a;
	if (!(a = sodium_malloc(sizeof *a)))
		return NULL;
	memset(a, 0, sizeof *a);
	if (pthread_setspecific(ahead_key, a) != 0) {
		sodium_free(a);
		return NULL;
	}
	return a;
}

/* crypto_box_seal's nonce: BLAKE2b of the ephemeral and the recipient's
 * public keys, 24 bytes. */
static void seal_nonce(unsigned char nonce[crypto_box_NONCEBYTES], const unsigned char *epk, const unsigned char *pk)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, crypto_box_NONCEBYTES);
	crypto_generichash_update(&st, epk, crypto_box_PUBLICKEYBYTES);
	crypto_generichash_update(&st, pk, crypto_box_PUBLICKEYBYTES);
	crypto_generichash_final(&st, nonce, crypto_box_NONCEBYTES);
}

int ms_seal_box(unsigned char *box, const unsigned char *plain, size_t len, const unsigned char pk[32], int64_t poll,
		bool *was_ahead)
{
	struct ahead *a = ahead_get();
	bool use = a && a->ready && sodium_memcmp(a->pk, pk, crypto_box_PUBLICKEYBYTES) == 0;
	if (was_ahead)
		*was_ahead = use;
	int rc;
	if (use) {
		unsigned char nonce[crypto_box_NONCEBYTES];
		seal_nonce(nonce, a->epk, pk);
		memcpy(box, a->epk, crypto_box_PUBLICKEYBYTES);
		rc = crypto_box_easy_afternm(box + crypto_box_PUBLICKEYBYTES, plain, len, nonce, a->k);
		sodium_memzero(nonce, sizeof nonce);
	} else {
		rc = crypto_box_seal(box, plain, len, pk);
	}
	if (a) { /* used or for another poll: gone; the next one for this poll */
		sodium_memzero(a, sizeof *a);
		memcpy(a->want, pk, crypto_box_PUBLICKEYBYTES);
		a->want_poll = poll;
		a->wanted = true;
	}
	return rc ? -1 : 0;
}

void ms_seal_ahead(int64_t poll)
{
	struct ahead *a = ahead_get();
	if (!a || !a->wanted || a->ready || a->want_poll != poll)
		return;
	unsigned char esk[crypto_box_SECRETKEYBYTES];
	crypto_box_keypair(a->epk, esk);
	if (crypto_box_beforenm(a->k, a->want, esk) == 0) {
		memcpy(a->pk, a->want, crypto_box_PUBLICKEYBYTES);
		a->ready = true;
	} else { /* a key crypto_box_seal refuses too: none ahead, none wanted */
		sodium_memzero(a, sizeof *a);
	}
	sodium_memzero(esk, sizeof esk);
}

void ms_seal_drop(void)
{
	struct ahead *a = ahead_get();
	if (!a || !a->ready)
		return;
	sodium_memzero(a->epk, sizeof a->epk);
	sodium_memzero(a->k, sizeof a->k);
	sodium_memzero(a->pk, sizeof a->pk);
	a->ready = false;
}
