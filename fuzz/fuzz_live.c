/*
 * fuzz_live.c — libFuzzer driver for what one node reads of another's
 * messages: ms_live_receive (src/vote/live.c, linked with the whole
 * program), the live count's totals as PostgreSQL NOTIFY carries them. The
 * input is the message. The invariants (a broken one aborts):
 *   - an accepted message names a poll, and the topic it returns is that
 *     poll's;
 *   - the screen's figures of that poll are never negative, never more
 *     than its ballots, and name only the poll's own candidates, in its
 *     order.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "vote/live.h"
#include "vote/vote.h"

#define check(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond))                                                                           \
			abort();                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		check(sodium_init() >= 0);
		ready = true;
	}
	if (size > MS_STORE_MESSAGE_MAX)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	char topic[MS_STORE_TOPIC_MAX];
	if (ms_live_receive(text, topic, sizeof topic)) {
		int64_t poll = 0;
		check(sscanf(text, "live %" SCNd64, &poll) == 1 && poll > 0);
		char want[MS_STORE_TOPIC_MAX];
		snprintf(want, sizeof want, "poll:%" PRId64, poll);
		check(strcmp(topic, want) == 0);
		static int64_t ids[] = {1, 2, 3, 5, 8, 13};
		json_t *j = ms_live_json(poll, ids, 6);
		json_int_t ballots = json_integer_value(json_object_get(j, "ballots"));
		check(j && ballots >= 0);
		json_t *cands = json_object_get(j, "candidates");
		check(json_array_size(cands) == 6);
		for (size_t i = 0; i < 6; i++) {
			json_t *c = json_array_get(cands, i);
			check(json_integer_value(json_object_get(c, "candidate_id")) == ids[i]);
			json_int_t a = json_integer_value(json_object_get(c, "approve"));
			json_int_t o = json_integer_value(json_object_get(c, "oppose"));
			check(a >= 0 && o >= 0 && a + o <= ballots);
		}
		json_decref(j);
		ms_live_forget(poll);
	}
	free(text);
	return 0;
}
