/*
 * password.c — argon2id password hashes (libsodium) with a cap on how many
 * are made at once: each takes tens of MiB and a core for tens of
 * milliseconds.
 *
 * A burst of logins must not starve other requests: libmicrohttpd binds
 * each connection to one worker thread, so a worker that waits for a hash
 * holds up every connection it serves. So at most `slots` logins hash at
 * once and none waits: a login that finds every slot taken is refused at
 * once (MS_ERR_BUSY, 503 login_busy) instead of holding its worker in a
 * queue. (A queue of waiters and hashing at nice 19 were measured too:
 * a worker waiting behind a starved low-priority hash stalled its other
 * connections for seconds — bench/login_flood.py.) Hashes made for the
 * staff (user creation, roster import) wait for a slot as before.
 */
#include "auth.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>

#include "auth_internal.h"

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static bool ready;
static sem_t slots;
static unsigned n_slots = 1;
static unsigned admitted; /* hashes running or waiting for a slot (guarded by init_lock) */

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
		n_slots = n ? n : 1;
		if (sodium_init() < 0 || sem_init(&slots, 0, n_slots) != 0)
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

/* Take a hashing slot. wait: queue for it however long; otherwise give up
 * (false, *busy set) when `n_slots` hashes already run or wait. */
static bool slot_take(bool wait, bool *busy)
{
	*busy = false;
	if (ms_auth_init(2))
		return false;
	pthread_mutex_lock(&init_lock);
	bool full = !wait && admitted >= n_slots;
	if (!full)
		admitted++;
	pthread_mutex_unlock(&init_lock);
	if (full) {
		*busy = true;
		return false;
	}
	while (sem_wait(&slots) != 0)
		if (errno != EINTR) {
			pthread_mutex_lock(&init_lock);
			admitted--;
			pthread_mutex_unlock(&init_lock);
			return false;
		}
	return true;
}

static void slot_give(void)
{
	pthread_mutex_lock(&init_lock);
	admitted--;
	pthread_mutex_unlock(&init_lock);
	sem_post(&slots);
}

/* One hash or verification. */
struct job {
	const char *password, *hash; /* hash: verify against it; NULL: make one into out */
	char *out;
	unsigned long long ops;
	size_t mem;
	int rc;
};

static void *job_run(void *arg)
{
	struct job *j = arg;
	size_t len = strlen(j->password);
	j->rc = j->hash ? crypto_pwhash_str_verify(j->hash, j->password, len)
			: crypto_pwhash_str_alg(j->out, j->password, len, j->ops, j->mem, crypto_pwhash_ALG_ARGON2ID13);
	return NULL;
}

static void job_do(struct job *j)
{
	(void)job_run(j);
}

int ms_password_hash(const char *password, int cost, char *out, size_t cap, struct ms_error *e)
{
	if (cap < crypto_pwhash_STRBYTES)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "hash buffer too small");
	unsigned long long ops;
	size_t mem;
	limits(cost, &ops, &mem);
	bool busy;
	if (!slot_take(true, &busy))
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot wait for a hashing slot");
	struct job j = {.password = password, .out = out, .ops = ops, .mem = mem};
	job_do(&j);
	slot_give();
	if (j.rc != 0)
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

bool ms_password_busy(void)
{
	pthread_mutex_lock(&init_lock);
	bool full = ready && admitted >= n_slots;
	pthread_mutex_unlock(&init_lock);
	return full;
}

int ms_password_check(const char *password, const char *hash, int cost, bool *ok, bool *rehash, struct ms_error *e)
{
	unsigned long long ops;
	size_t mem;
	limits(cost, &ops, &mem);
	char nothing[MS_HASH_MAX];
	const char *h = hash ? hash : dummy_hash(cost, nothing) ? nothing : NULL;
	*ok = false;
	if (rehash)
		*rehash = false;
	if (!h)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot make the hash of nothing");
	bool busy;
	if (!slot_take(false, &busy))
		return busy ? ms_fail(e, MS_E_LOGIN_BUSY, NULL)
			    : ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot wait for a hashing slot");
	struct job j = {.password = password, .hash = h};
	job_do(&j);
	slot_give();
	if (!hash)
		return 0;
	*ok = j.rc == 0;
	if (rehash)
		*rehash = *ok && crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0;
	return 0;
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
	bool busy;
	if (!h || !slot_take(true, &busy))
		return false;
	struct job j = {.password = password, .hash = h};
	job_do(&j);
	slot_give();
	if (!hash)
		return false;
	bool ok = j.rc == 0;
	if (rehash)
		*rehash = ok && crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0;
	return ok;
}
