/* org_internal.h — shared inside src/org/: the SQL of congresses, units and
 * members. */
#ifndef MS_ORG_INTERNAL_H
#define MS_ORG_INTERNAL_H

#include "org.h"

int ms_org_sql_congress_insert(struct ms_db *db, const struct ms_congress_in *in, const char *now, int64_t *id,
			       struct ms_error *e);
int ms_org_sql_congress_exists(struct ms_db *db, int64_t id, bool *out, struct ms_error *e);
/* The level of congress id (enum ms_congress_level); MS_ERR_NOT_FOUND when none. */
int ms_org_sql_congress_level(struct ms_db *db, int64_t id, int *level, struct ms_error *e);
int ms_org_sql_congress_update(struct ms_db *db, int64_t id, const struct ms_congress_in *in, struct ms_error *e);
/* The congresses right under id: [{"id","level"}], by id. */
int ms_org_sql_congress_children(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* member_sql.c: the standing committee of a congress */
/* *poll_id: a committee poll that checked deputies in or is open, else 0. */
int ms_member_sql_committee_in_use(struct ms_db *db, int64_t congress_id, int64_t *poll_id, struct ms_error *e);
int ms_member_sql_committee_clear(struct ms_db *db, int64_t congress_id, struct ms_error *e);
int ms_member_sql_committee_add(struct ms_db *db, int64_t user_id, int64_t congress_id, struct ms_error *e);
int ms_org_sql_unit_insert(struct ms_db *db, int64_t congress_id, const char *name, const char *name_en,
			   int64_t *id, struct ms_error *e);
/* The unit's congress; MS_ERR_NOT_FOUND when there is no such unit. */
int ms_org_sql_unit_congress(struct ms_db *db, int64_t unit_id, int64_t *congress_id, struct ms_error *e);
/* The unit called name (by name, else the one by English name): its id, 0
 * when none, -1 when several English names match. */
int ms_org_sql_unit_find(struct ms_db *db, int64_t congress_id, const char *name, int64_t *id, struct ms_error *e);

#endif
