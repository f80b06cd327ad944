/* audit.c — appending to the audit log (audit.h): each entry linked to the
 * newest one by its hash (chain.c). */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "audit_internal.h"

#define MS_CODES_DEF "audit/audit_codes.def"
#define MS_CODES_LIST ms_audit_codes
#include "../core/codes_define.h"

static struct ms_audit_text text_of(const char *s)
{
	return (struct ms_audit_text){s, s ? strlen(s) : 0};
}

int ms_audit_append(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *action,
		    const char *kind, int64_t id, json_t *detail, struct ms_error *e)
{
	char object[96] = "";
	if (kind)
		snprintf(object, sizeof object, "%s/%lld", kind, (long long)id);
	char now[32];
	ms_now_iso(now, sizeof now);
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (detail && !text)
		return ms_nomem(e);
	/* The entry exactly as it is stored: an id or congress of 0 is NULL. */
	int64_t user_id = by ? by->id : 0;
	struct ms_audit_entry en = {.at = text_of(now),
				    .has_user = user_id != 0,
				    .user_id = user_id,
				    .has_congress = congress_id != 0,
				    .congress_id = congress_id,
				    .action = text_of(action),
				    .object = text_of(kind ? object : NULL),
				    .detail = text_of(text)};
	unsigned char prev[MS_AUDIT_HASH_BYTES], hash[MS_AUDIT_HASH_BYTES];
	int rc = ms_audit_sql_head(db, prev, e);
	if (!rc && !(rc = ms_audit_sql_next_id(db, &en.id, e)) && !(rc = ms_audit_link(prev, &en, hash, e)))
		rc = ms_audit_sql_insert(db, &en, hash, e);
	free(text);
	/* Every audited write names its object as changed (store.h): the live
	 * states that show it are sent again after the commit (api/feed.h). A
	 * kind that cannot be a topic names nothing. A ballot is told to this
	 * node only: ballots come in bursts, and NOTIFY would serialise their
	 * commits across a PostgreSQL cluster; other nodes' screens see them at
	 * their next refresh (1 s). */
	char topic[MS_STORE_TOPIC_MAX];
	if (!rc && kind && id > 0 && snprintf(topic, sizeof topic, "%s:%lld", kind, (long long)id) < (int)sizeof topic &&
	    ms_store_topic_ok(topic))
		rc = ms_db_notify(db, topic, strncmp(action, "ballot.", 7) == 0, e); /* ballots: this node (store.h) */
	return rc;
}
