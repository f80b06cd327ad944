/*
 * schema_candidate2.c — migration 28 on both engines (schema.h): the two
 * fields a candidate carries that it lacked (../shared/PRACTICE.md,
 * "Candidates carry: title, content, investment amount, rationale,
 * responsible unit, completion time"): why the project is proposed
 * (rationale, '' when not given) and the day it is to be finished by
 * (finish_by, ISO 8601, NULL when not given), printed on the ranked A3
 * ballot. The two texts mean the same.
 */
#include "schema.h"

#include <stddef.h>

/* SQLite */
const char *const ms_schema_m28[] = {
	"ALTER TABLE candidate ADD COLUMN rationale TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE candidate ADD COLUMN finish_by TEXT;\n",
	NULL,
};

/* PostgreSQL */
const char *const ms_schema_pg_m28[] = {
	"ALTER TABLE candidate ADD COLUMN rationale text NOT NULL DEFAULT '';\n"
	"ALTER TABLE candidate ADD COLUMN finish_by text;\n",
	NULL,
};
