/* track.c — demands' tracking codes (track.h). */
#include "track.h"

#include <sodium.h>
#include <string.h>

#include "../core/crockford.h"

void ms_track_new(char code[MS_TRACK_LEN + 1])
{
	ms_crockford_random(code, MS_TRACK_LEN);
}

bool ms_track_read(const char *typed, char code[MS_TRACK_LEN + 1])
{
	return typed && ms_crockford_read(typed, MS_TRACK_LEN, true, code);
}

void ms_track_show(const char code[MS_TRACK_LEN + 1], char shown[MS_TRACK_SHOWN_LEN + 1])
{
	size_t o = 0;
	for (size_t i = 0; i < MS_TRACK_LEN; i++) {
		if (i && i % 4 == 0)
			shown[o++] = '-';
		shown[o++] = code[i];
	}
	shown[o] = '\0';
}

void ms_track_hash(const char code[MS_TRACK_LEN + 1], char hex[MS_TRACK_HASH_LEN + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)code, strlen(code));
	sodium_bin2hex(hex, MS_TRACK_HASH_LEN + 1, h, sizeof h);
}
