/* audit.c — appending to the audit log (audit.h). */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>

#include "../core/util.h"
#include "audit_internal.h"

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
	int rc = detail && !text ? ms_nomem(e)
				 : ms_audit_sql_insert(db, now, by ? by->id : 0, congress_id, action,
						       kind ? object : NULL, text, e);
	free(text);
	return rc;
}
