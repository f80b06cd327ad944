/*
 * fuzz_bulletin.c — libFuzzer driver for what reads untrusted voting data
 * outside the HTTP layer: `minsheng verify`'s bulletin (vote/bulletin.c:
 * ms_bulletin_verify, recounting through the counting library), and the
 * texts a scrutineer or a phone types in (vote/seal.c: ms_share_parse,
 * ms_tracker_normalise) and a sealed ballot's plaintext (ms_seal_decode).
 * The invariants (a broken one aborts):
 *   - ms_bulletin_verify answers 0 with a list of differences and a recount,
 *     or an error with both messages non-empty; never both;
 *   - a parsed share prints back to the same share; a normalised tracker is
 *     10 characters of the alphabet and normalises to itself;
 *   - a decoded plaintext names only the poll's candidates, each once, and
 *     encodes back to the same bytes;
 *   - a rating ballot as cast (vote/rate.c: ms_rate_marks, the JSON a phone
 *     or the desk sends) that is accepted stores as a text that reads back
 *     to the same marks, and seals to a plaintext that decodes to them.
 * The first byte chooses the target; the rest is its input.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "vote/vote.h"
#include "vote/vote_internal.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

static void bulletin(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!doc)
		return;
	json_t *diffs = NULL, *recount = NULL;
	struct ms_error e = {0};
	int rc = ms_bulletin_verify(doc, &diffs, &recount, &e);
	if (rc == 0) {
		check(json_is_array(diffs) && json_is_object(recount));
	} else {
		check(!diffs && e.message[0] && e.message_zh[0]);
	}
	json_decref(diffs);
	json_decref(recount);
	json_decref(doc);
}

static void texts(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = 0;
	int64_t poll;
	unsigned char x, y[32];
	if (ms_share_parse(s, &poll, &x, y) == 0) {
		char again[MS_SHARE_TEXT_MAX];
		int64_t p2;
		unsigned char x2, y2[32];
		ms_share_text(poll, x, y, again);
		check(ms_share_parse(again, &p2, &x2, y2) == 0 && p2 == poll && x2 == x && memcmp(y, y2, 32) == 0);
	}
	char t[MS_TRACKER_LEN + 1], t2[MS_TRACKER_LEN + 1];
	if (ms_tracker_normalise(s, t)) {
		check(strlen(t) == MS_TRACKER_LEN && ms_tracker_normalise(t, t2) && strcmp(t, t2) == 0);
		for (int i = 0; i < MS_TRACKER_LEN; i++)
			check(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", t[i]));
	}
	free(s);
}

static void plaintext(const uint8_t *data, size_t size)
{
	if (size < 1)
		return;
	static int64_t cands[] = {2, 3, 5, 8, 13, 21};
	struct ms_poll p = {.form = data[0] % 3, .n_candidates = 6, .candidate_ids = cands};
	data++, size--;
	int64_t ids[6];
	size_t na, n;
	bool paper;
	char t[MS_TRACKER_LEN + 1];
	if (ms_seal_decode(&p, data, size, ids, &na, &n, &paper, t))
		return;
	check(na <= n && n <= 6);
	for (size_t i = 0; i < n; i++) {
		check(ms_poll_candidate_index(&p, ids[i]) >= 0);
		for (size_t j = 0; j < i; j++)
			check(ids[j] != ids[i]);
	}
	unsigned char again[64];
	check(ms_seal_encode(&p, ids, na, n, paper, t, again) == 0);
	/* Ranks with gaps decode in order and encode without them: compare what they mean. */
	int64_t ids2[6];
	size_t na2, n2;
	bool paper2;
	char t2[MS_TRACKER_LEN + 1];
	check(ms_seal_decode(&p, again, size, ids2, &na2, &n2, &paper2, t2) == 0);
	check(na2 == na && n2 == n && paper2 == paper && memcmp(t, t2, sizeof t) == 0 &&
	      memcmp(ids, ids2, n * sizeof *ids) == 0);
}

/* First byte: sub-items (0, 2 or 3), 弃权 allowed, paper; the rest the JSON. */
static void ratings(const uint8_t *data, size_t size)
{
	if (size < 1)
		return;
	static int64_t cands[] = {2, 3, 5, 8, 13, 21};
	static const uint32_t subs[] = {0, 2, 3, 0};
	struct ms_poll p = {.form = MS_FORM_RATE, .n_candidates = 6, .candidate_ids = cands,
			    .rate_n_sub = subs[data[0] & 3], .rate_abstain = (data[0] >> 2) & 1};
	bool paper = (data[0] >> 3) & 1;
	json_t *in = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, NULL);
	uint16_t marks[6];
	struct ms_error e = {0};
	if (!in)
		return;
	if (ms_rate_marks(&p, in, paper, marks, &e) == 0) {
		char *text = ms_rate_text(&p, marks);
		json_t *stored = text ? json_loads(text, 0, NULL) : NULL;
		uint8_t bytes[6 * 3];
		check(stored && ms_rate_read(&p, stored, bytes) == 0);
		uint32_t m = p.rate_n_sub ? p.rate_n_sub : 1;
		for (size_t k = 0; k < 6; k++)
			for (uint32_t j = 0; j < m; j++)
				check(bytes[k * m + j] == ((marks[k] >> (2 * j)) & 3));
		unsigned char plain[2 + MS_TRACKER_LEN + 12];
		uint16_t back[6];
		bool paper2;
		char t[MS_TRACKER_LEN + 1];
		ms_seal_encode_marks(&p, marks, paper, "0123456789", plain);
		check(ms_seal_decode_marks(&p, plain, sizeof plain, back, &paper2, t) == 0 && paper2 == paper &&
		      memcmp(back, marks, sizeof marks) == 0);
		json_decref(stored);
		free(text);
	} else {
		check(e.message[0] && e.message_zh[0]);
	}
	json_decref(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] == 'R') { /* the rating ballots (a first byte the other targets keep for themselves too) */
		ratings(data + 1, size - 1);
		return 0;
	}
	switch (data[0] % 3) {
	case 0:
		bulletin(data + 1, size - 1);
		break;
	case 1:
		texts(data + 1, size - 1);
		break;
	default:
		plaintext(data + 1, size - 1);
	}
	return 0;
}
