/*
 * check.c — what the audit chain alone cannot see (ms_vote_verify, run by
 * `minsheng audit verify`): the ballots against the audit log and the
 * bulletin. A database administrator who adds a sealed ballot must add a
 * deputy's participation too (the close counts both), and then the audit
 * log lacks its ballot.cast; one who changes a ballot after the close
 * changes the hash of the bulletin that the result — chained in the audit
 * log — carries.
 */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "vote_internal.h"

static int check_poll(struct ms_db *db, int64_t id, bool closed, struct ms_error *e)
{
	int64_t voted = 0, coded = 0, cast = 0, cast_code = 0;
	int rc;
	if ((rc = ms_ballot_sql_participation_count(db, id, &voted, e)) || (rc = ms_code_sql_used_count(db, id, &coded, e)) ||
	    (rc = ms_audit_count(db, "ballot.cast", "poll", id, &cast, e)) ||
	    (rc = ms_audit_count(db, "ballot.cast_code", "poll", id, &cast_code, e)))
		return rc;
	if (voted != cast || coded != cast_code)
		return ms_failf(e, MS_E_VOTERS_UNRECORDED, NULL, MS_AI(id), MS_AI(voted + coded), MS_AI(voted), MS_AI(coded),
				MS_AI(cast + cast_code));
	if (!closed)
		return 0;
	json_t *res = NULL;
	if ((rc = ms_close_sql_result(db, id, &res, e)))
		return rc;
	const char *want = json_string_value(json_object_get(res, "bulletin_hash"));
	char hex[65];
	if (want && !(rc = ms_bulletin_hash(db, id, hex, e)) && strcmp(hex, want) != 0)
		rc = ms_failf(e, MS_E_BALLOTS_CHANGED, NULL, MS_AI(id));
	json_decref(res);
	return rc;
}

int ms_vote_verify(struct ms_db *db, int64_t *polls, struct ms_error *e)
{
	int64_t *ids = NULL, *closed = NULL;
	size_t n = 0;
	int rc = ms_close_sql_voted(db, &ids, &closed, &n, e);
	*polls = 0;
	for (size_t i = 0; !rc && i < n; i++)
		if (!(rc = check_poll(db, ids[i], closed[i] != 0, e)))
			(*polls)++;
	free(ids);
	free(closed);
	return rc;
}
