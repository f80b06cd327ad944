/*
 * store_internal.h — shared inside src/store/: the connection behind a
 * struct ms_db, for the query helpers (query.c) and the copy (copy.c).
 */
#ifndef MS_STORE_INTERNAL_H
#define MS_STORE_INTERNAL_H

#include "sql.h"
#include "store.h"

/* The driver connection of db (valid while db is acquired). */
struct ms_sql *ms_db_conn(struct ms_db *db);

#endif
