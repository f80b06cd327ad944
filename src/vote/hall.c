/* hall.c — the hall: what a congress hall's big screen shows of a poll, as
 * one state pushed to every screen (api/feed.h) whenever the poll changes —
 * turnout against the quorum during check-in, ballots returned while the
 * poll is open, the result at close. Every write to a poll is audited with
 * the object "poll/ID", which names the topic "poll:ID" as changed
 * (audit.h), so no write can forget the screens. Only what is public: the poll as an
 * anonymous caller reads it (GET /polls/{id}) and, once closed, its result. */
#include "vote.h"

#include "../api/feed.h"
#include "live.h"

#include <stdlib.h>
#include <string.h>

int ms_hall_state(struct ms_db *db, int64_t poll_id, json_t **out, struct ms_error *e)
{
	json_t *poll = NULL, *result = NULL;
	int rc = ms_poll_view(db, poll_id, NULL, &poll, e);
	if (rc)
		return rc;
	const char *status = json_string_value(json_object_get(poll, "status"));
	const char *form = json_string_value(json_object_get(poll, "ballot_form"));
	bool closed = status && strcmp(status, "closed") == 0;
	bool rate = form && strcmp(form, "rate") == 0; /* an evaluation's result is the evaluation's own */
	if (closed && !rate && (rc = ms_poll_result(db, poll_id, &result, e))) {
		json_decref(poll);
		return rc;
	}
	/* The scrutineers at their posts, as counts (who they are is on the
	 * tally sheet): the desk follows them getting ready from this state. */
	json_t *list = NULL;
	if ((rc = ms_scrutineer_list(db, poll_id, &list, e))) {
		json_decref(poll);
		json_decref(result);
		return rc;
	}
	json_int_t named = 0, keys = 0, shares = 0;
	size_t i;
	json_t *sc;
	json_array_foreach(list, i, sc) {
		named++;
		keys += json_is_true(json_object_get(sc, "key_registered"));
		shares += json_is_true(json_object_get(sc, "share_ready"));
	}
	json_decref(list);
	/* An open count, while open (live.h); forgotten once it is not. */
	json_t *live = NULL;
	if (json_is_true(json_object_get(poll, "live_counts"))) {
		if (status && strcmp(status, "open") == 0) {
			json_t *cands = json_object_get(poll, "candidates");
			size_t n = json_array_size(cands);
			int64_t *ids = malloc((n + 1) * sizeof *ids);
			for (size_t k = 0; ids && k < n; k++)
				ids[k] = json_integer_value(json_object_get(json_array_get(cands, k), "id"));
			live = ids ? ms_live_json(poll_id, ids, n) : NULL;
			free(ids);
		} else {
			ms_live_forget(poll_id);
		}
	}
	*out = json_pack("{s:o, s:o, s:{s:I, s:I, s:I}, s:o}", "poll", poll, "result", result ? result : json_null(),
			 "scrutineers", "named", named, "prepared", keys, "shares_issued", shares, "live",
			 live ? live : json_null());
	return *out ? 0 : ms_nomem(e);
}


const struct ms_feed ms_hall_feed = {
	.prefix = "poll", .event = "hall", .build = ms_hall_state, .send = ms_live_send, .send_due = ms_live_send_due,
	.message = ms_live_receive};
