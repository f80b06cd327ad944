/* rollup_internal.h — shared inside src/rollup/: the period of a roll-up,
 * the SQL of its figures and the change stamp of its cache. */
#ifndef MS_ROLLUP_INTERNAL_H
#define MS_ROLLUP_INTERNAL_H

#include "rollup.h"

/* A roll-up's period: the year as China's days (from, to), the same as UTC
 * times [t0, t1), and today and now for "overdue". */
struct ms_rollup_period {
	int64_t congress_id;
	int year;
	char from[11], to[11], today[11];
	char t0[21], t1[21], now[21];
};

/* The subtree of congress id: one row a congress (id, name, name_en, level,
 * parent_id, depth, phase of the year's round, deputies), by depth and id. */
int ms_rollup_sql_nodes(struct ms_db *db, int64_t id, int year, json_t **out, struct ms_error *e);
/* The congresses above id, the highest first. */
int ms_rollup_sql_path(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);

/* The change stamp: the newest id of the audit log (0 when empty), which
 * every committed write moves on. */
int ms_rollup_sql_stamp(struct ms_db *db, int64_t *out, struct ms_error *e);

enum { MS_RQ_PROJECTS, MS_RQ_VERDICTS, MS_RQ_DEMANDS, MS_RQ_CASEWORK, MS_RQ_TASKS, MS_RQ_ACTIVITIES, MS_ROLLUP_QUERIES };
/* The rows of each figure query (rollup_sql.c), each with its congress_id. */
int ms_rollup_sql_figures(struct ms_db *db, const struct ms_rollup_period *p, json_t *rows[MS_ROLLUP_QUERIES],
			  struct ms_error *e);

#endif
