/*
 * password.c — argon2id password hashes (libsodium) with a cap on how many
 * are made at once: each takes tens of MiB, so a burst of logins must
 * queue on a counting semaphore rather than exhaust memory.
 */
#include "auth.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static bool ready;
static sem_t slots;

/* One hash of a random password per cost, against which unknown logins are
 * verified. Made on first use. */
static char dummy[3][MS_HASH_MAX];

int ms_pwhash_cost_parse(const char *s)
{
	static const char *const names[] = {"min", "interactive", "moderate"};
	for (int i = 0; s && i < 3; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int ms_auth_init(unsigned n)
{
	int rc = 0;
	pthread_mutex_lock(&init_lock);
	if (!ready) {
		if (sodium_init() < 0 || sem_init(&slots, 0, n ? n : 1) != 0)
			rc = MS_ERR_INTERNAL;
		else
			ready = true;
	}
	pthread_mutex_unlock(&init_lock);
	return rc;
}

static void limits(int cost, unsigned long long *ops, size_t *mem)
{
	switch (cost) {
	case MS_PWHASH_MIN:
		*ops = crypto_pwhash_OPSLIMIT_MIN, *mem = crypto_pwhash_MEMLIMIT_MIN;
		break;
	case MS_PWHASH_MODERATE:
		*ops = crypto_pwhash_OPSLIMIT_MODERATE, *mem = crypto_pwhash_MEMLIMIT_MODERATE;
		break;
	default:
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE, *mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

static bool slot_take(void)
{
	if (ms_auth_init(2))
		return false;
	while (sem_wait(&slots) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

static void slot_give(void)
{
	sem_post(&slots);
}

int ms_password_hash(const char *password, int cost, char *out, size_t cap, struct ms_error *e)
{
	if (cap < crypto_pwhash_STRBYTES)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "hash buffer too small");
	unsigned long long ops;
	size_t mem;
	limits(cost, &ops, &mem);
	if (!slot_take())
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot wait for a hashing slot");
	int rc = crypto_pwhash_str_alg(out, password, strlen(password), ops, mem, crypto_pwhash_ALG_ARGON2ID13);
	slot_give();
	if (rc != 0)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory while hashing a password");
	return 0;
}

/* A copy of the hash of nothing for cost (made once) into out; false when
 * it cannot be made. */
static bool dummy_hash(int cost, char out[MS_HASH_MAX])
{
	int k = cost >= 0 && cost < 3 ? cost : MS_PWHASH_INTERACTIVE;
	pthread_mutex_lock(&init_lock);
	bool made = dummy[k][0] != 0;
	if (made)
		memcpy(out, dummy[k], MS_HASH_MAX);
	pthread_mutex_unlock(&init_lock);
	if (made)
		return true;
	char pw[33];
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
	if (ms_password_hash(pw, k, out, MS_HASH_MAX, NULL) != 0)
		return false;
	pthread_mutex_lock(&init_lock);
	if (!dummy[k][0])
		memcpy(dummy[k], out, MS_HASH_MAX);
	pthread_mutex_unlock(&init_lock);
	return true;
}

bool ms_password_verify(const char *password, const char *hash, int cost, bool *rehash)
{
	unsigned long long ops;
	size_t mem;
	limits(cost, &ops, &mem);
	char nothing[MS_HASH_MAX];
	const char *h = hash ? hash : dummy_hash(cost, nothing) ? nothing : NULL;
	if (rehash)
		*rehash = false;
	if (!h || !slot_take())
		return false;
	bool ok = crypto_pwhash_str_verify(h, password, strlen(password)) == 0;
	slot_give();
	if (!hash)
		return false;
	if (rehash)
		*rehash = ok && crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0;
	return ok;
}
