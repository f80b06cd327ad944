/*
 * seal_box.c — sealing ballots to their poll's public key, one ephemeral
 * key for the ballots of one poll that one transaction stores.
 *
 * A box is the ephemeral X25519 public key (32 bytes), a nonce (24) drawn
 * at random for the box, and crypto_box_easy of the plaintext under the key
 * that ephemeral key shares with the poll's (16 bytes of MAC, then the
 * ciphertext): MS_SEAL_BYTES more than the plaintext, the same for every box
 * of a poll. Only the poll's private key, rebuilt by its scrutineers at the
 * close, opens it (ms_seal_open).
 *
 * Deriving a shared key costs two scalar multiplications (about 70 µs
 * here), which were most of what a ballot cost the processor while each box
 * had a key of its own (crypto_box_seal, whose boxes of 48 bytes more are
 * still opened: a poll sealed before). So the ballots of one poll that one
 * transaction stores share one: the deputies' ballots committed together
 * in a group (store.h, ms_db_grouped), the paper ballots a desk enters at
 * once. That the boxes of one ephemeral key were stored by one commit is
 * all the key tells, and any copy of the database's log tells it already
 * (the commit's pages); the order of the group's ballots is not in it.
 * The key is made on the thread that will write the group, before it waits
 * for the write lock (ms_seal_ahead, a ballot route's before: store.h,
 * ms_db_grouped's lead) when its request names the poll the thread sealed
 * to last, else at the first box. Its private half is wiped once the shared
 * key is derived; the rest is held in memory locked out of swap and core
 * dumps (sodium_malloc), one slot per thread, and wiped when the
 * transaction that used it ends (a commit hook, run on that thread) — or,
 * made ahead and never used, when the request ends (ms_seal_drop).
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "../store/store.h"
#include "vote_internal.h"

#define EPK crypto_box_PUBLICKEYBYTES
#define NONCE crypto_box_NONCEBYTES

struct slot {
	unsigned char pk[EPK];     /* the poll key it is for */
	unsigned char epk[EPK];    /* the ephemeral public key */
	unsigned char k[crypto_box_BEFORENMBYTES]; /* shared by the ephemeral and the poll keys */
	unsigned char want[EPK];   /* the poll key sealed to last: the next is made for it */
	int64_t want_poll;         /* and its poll: only a request for it makes one ahead */
	bool ready, wanted;
	bool held; /* a transaction's commit hook wipes it when the transaction ends */
};

static pthread_key_t slot_key;
static bool slot_ok;
static pthread_once_t slot_once = PTHREAD_ONCE_INIT;

static void slot_free(void *p)
{
	sodium_free(p);
}

static void slot_init(void)
{
	slot_ok = pthread_key_create(&slot_key, slot_free) == 0;
}

/* This thread's, made at first use; NULL when it cannot be (then each box
 * gets a key of its own). */
static struct slot *slot_get(void)
{
	pthread_once(&slot_once, slot_init);
	if (!slot_ok)
		return NULL;
	struct slot *a = pthread_getspecific(slot_key);
	if (a)
		return a;
	if (!(a = sodium_malloc(sizeof *a)))
		return NULL;
	memset(a, 0, sizeof *a);
	if (pthread_setspecific(slot_key, a) != 0) {
		sodium_free(a);
		return NULL;
	}
	return a;
}

/* Wipe the key (what it is for, and the poll sealed to last, stay). */
static void wipe(struct slot *a)
{
	sodium_memzero(a->pk, sizeof a->pk);
	sodium_memzero(a->epk, sizeof a->epk);
	sodium_memzero(a->k, sizeof a->k);
	a->ready = a->held = false;
}

/* A new ephemeral key for pk: its public half and the shared key. */
static int make_key(unsigned char epk[EPK], unsigned char k[crypto_box_BEFORENMBYTES], const unsigned char pk[EPK])
{
	unsigned char esk[crypto_box_SECRETKEYBYTES];
	crypto_box_keypair(epk, esk);
	int rc = crypto_box_beforenm(k, pk, esk);
	sodium_memzero(esk, sizeof esk);
	return rc;
}

/* The box of plain under (epk, k), with a nonce of its own. */
static int box_with(unsigned char *box, const unsigned char *plain, size_t len, const unsigned char epk[EPK],
		    const unsigned char *k)
{
	memcpy(box, epk, EPK);
	randombytes_buf(box + EPK, NONCE);
	return crypto_box_easy_afternm(box + EPK + NONCE, plain, len, box + EPK, k);
}

static void hook_wipe(void *arg, bool committed)
{
	(void)committed;
	wipe(arg);
}

int ms_seal_box(struct ms_db *db, unsigned char *box, const unsigned char *plain, size_t len,
		const unsigned char pk[32], int64_t poll, bool *shared)
{
	struct slot *a = slot_get();
	bool mine = a && a->ready && sodium_memcmp(a->pk, pk, EPK) == 0;
	if (shared)
		*shared = mine && a->held;
	if (a && !mine && !a->held) { /* none, or one no transaction uses yet: made for pk now */
		wipe(a);
		if (make_key(a->epk, a->k, pk) == 0) {
			memcpy(a->pk, pk, EPK);
			a->ready = mine = true;
		}
	}
	if (a) { /* the next one ahead is for this poll */
		memcpy(a->want, pk, EPK);
		a->want_poll = poll;
		a->wanted = true;
	}
	if (!mine) { /* the slot holds another poll's key for this transaction: one of its own */
		unsigned char epk[EPK], k[crypto_box_BEFORENMBYTES];
		int rc = make_key(epk, k, pk);
		if (!rc)
			rc = box_with(box, plain, len, epk, k);
		sodium_memzero(k, sizeof k);
		return rc ? -1 : 0;
	}
	int rc = box_with(box, plain, len, a->epk, a->k);
	/* kept for the transaction's next boxes, wiped at its end; without one
	 * (or when no hook can be added), this box only */
	if (!a->held && !(db && ms_db_in_tx(db) && ms_db_on_commit(db, hook_wipe, a, &(struct ms_error){0}) == 0))
		wipe(a);
	else
		a->held = true;
	return rc ? -1 : 0;
}

int ms_seal_open(unsigned char *plain, const unsigned char *box, size_t blen, size_t len, const unsigned char pk[32],
		 const unsigned char sk[32])
{
	if (blen == len + crypto_box_SEALBYTES) /* sealed before: a key for each box */
		return crypto_box_seal_open(plain, box, blen, pk, sk) ? -1 : 0;
	if (blen != len + MS_SEAL_BYTES)
		return -1;
	unsigned char k[crypto_box_BEFORENMBYTES];
	int rc = crypto_box_beforenm(k, box, sk);
	if (!rc)
		rc = crypto_box_open_easy_afternm(plain, box + EPK + NONCE, blen - EPK - NONCE, box + EPK, k);
	sodium_memzero(k, sizeof k);
	return rc ? -1 : 0;
}

void ms_seal_ahead(int64_t poll)
{
	struct slot *a = slot_get();
	if (!a || !a->wanted || a->ready || a->want_poll != poll)
		return;
	if (make_key(a->epk, a->k, a->want) == 0) {
		memcpy(a->pk, a->want, EPK);
		a->ready = true;
	} else { /* a key crypto_box refuses: none ahead, none wanted */
		sodium_memzero(a, sizeof *a);
	}
}

void ms_seal_drop(void)
{
	struct slot *a = slot_get();
	if (a && a->ready)
		wipe(a);
}
