/*
 * audit.h — the audit log: who did what to which object, appended by the
 * domains' rules inside the transaction that made the change. Append-only:
 * the database refuses updates and deletes. It records that a deputy cast
 * a ballot, never what.
 */
#ifndef MS_AUDIT_H
#define MS_AUDIT_H

#include <jansson.h>

#include "../api/actor.h"
#include "../api/route.h"
#include "../store/store.h"

/* Append an entry: by did action (e.g. "poll.open") to the object kind/id
 * (e.g. "poll", 3; kind NULL: none) of congress_id (0: none). detail (may
 * be NULL) is stolen and stored as JSON. */
int ms_audit_append(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *action,
		    const char *kind, int64_t id, json_t *detail, struct ms_error *e);

/* Newest first; congress_id 0: every congress. A page of AuditEntry. */
int ms_audit_list(struct ms_db *db, int64_t congress_id, const struct ms_page *pg, json_t **out,
		  struct ms_error *e);

extern const struct ms_view ms_audit_entry_view;
extern const struct ms_routes ms_audit_routes;
extern const struct ms_stmt *const ms_audit_stmts[];

#endif
