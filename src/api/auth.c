/* auth.c — see auth.h. */
#include "auth.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_free = PTHREAD_COND_INITIALIZER;
static unsigned slots_left = 1;

int ms_pwhash_cost_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "min") == 0)
		return MS_PWHASH_MIN;
	if (strcmp(s, "interactive") == 0)
		return MS_PWHASH_INTERACTIVE;
	if (strcmp(s, "moderate") == 0)
		return MS_PWHASH_MODERATE;
	return -1;
}

int ms_auth_init(unsigned slots)
{
	if (sodium_init() < 0)
		return MS_ERR_INTERNAL;
	pthread_mutex_lock(&slot_lock);
	slots_left = slots ? slots : 1;
	pthread_mutex_unlock(&slot_lock);
	return 0;
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

static void slot_take(void)
{
	pthread_mutex_lock(&slot_lock);
	while (slots_left == 0)
		pthread_cond_wait(&slot_free, &slot_lock);
	slots_left--;
	pthread_mutex_unlock(&slot_lock);
}

static void slot_give(void)
{
	pthread_mutex_lock(&slot_lock);
	slots_left++;
	pthread_cond_signal(&slot_free);
	pthread_mutex_unlock(&slot_lock);
}

int ms_password_hash(const char *password, int cost, char *out, size_t cap, struct ms_error *e)
{
	if (cap < crypto_pwhash_STRBYTES)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "hash buffer too small");
	unsigned long long ops;
	size_t mem;
	limits(cost, &ops, &mem);
	slot_take();
	int rc = crypto_pwhash_str_alg(out, password, strlen(password), ops, mem, crypto_pwhash_ALG_ARGON2ID13);
	slot_give();
	if (rc != 0)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory while hashing a password");
	return 0;
}

bool ms_password_verify(const char *password, const char *hash, int cost, bool *rehash)
{
	unsigned long long ops;
	size_t mem;
	limits(cost, &ops, &mem);
	slot_take();
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	slot_give();
	if (rehash)
		*rehash = ok && crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0;
	return ok;
}

void ms_session_token(char token_hex[65])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token_hex, 65, raw, sizeof raw);
}

bool ms_session_hash(const char *token_hex, unsigned char out[32])
{
	if (!token_hex || strlen(token_hex) != 64)
		return false;
	for (const char *p = token_hex; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	crypto_generichash(out, 32, (const unsigned char *)token_hex, 64, NULL, 0);
	return true;
}

void ms_receipt(const unsigned char key[32], int64_t poll_id, int64_t user_id, char out[33])
{
	unsigned char msg[16], h[16];
	for (int i = 0; i < 8; i++) {
		msg[i] = (unsigned char)((uint64_t)poll_id >> (8 * i));
		msg[8 + i] = (unsigned char)((uint64_t)user_id >> (8 * i));
	}
	crypto_generichash(h, sizeof h, msg, sizeof msg, key, 32);
	sodium_bin2hex(out, 33, h, sizeof h);
}
