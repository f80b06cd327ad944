/* audit_internal.h — shared inside src/audit/. */
#ifndef MS_AUDIT_INTERNAL_H
#define MS_AUDIT_INTERNAL_H

#include "audit.h"

int ms_audit_sql_insert(struct ms_db *db, const char *at, int64_t user_id, int64_t congress_id, const char *action,
			const char *object, const char *detail, struct ms_error *e);

#endif
