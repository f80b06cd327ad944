/*
 * schema.h — the versioned migrations of the SQLite schema (private to the
 * store). Migration k (1-based) brings PRAGMA user_version from k-1 to k.
 */
#ifndef MS_SCHEMA_H
#define MS_SCHEMA_H

#include <stddef.h>

/* Each migration is a NULL-terminated list of SQL scripts run in order. */
extern const char *const *const ms_schema_migrations[];
extern const size_t ms_schema_count;

#endif
