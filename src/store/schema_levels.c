/*
 * schema_levels.c — migration 31 on both engines (schema.h): the fourth
 * level of the hierarchy (../shared/PRACTICE.md, "Levels"). A street (街道)
 * has no congress; its residents' council (议事会) stands in the congress
 * table with level 'street', under a district, so that rounds, projects and
 * the roll-up treat it like the others. And the indexes of the roll-up: the
 * tree it walks (a congress's children), and a congress's demands of a
 * year with whether a deputy took them (read from the index alone).
 *
 * SQLite cannot widen a column's CHECK in place: as migration 14 did, the
 * table's text in sqlite_schema is rewritten (writable_schema), checked,
 * and the CREATE INDEX after it changes the schema cookie, so every
 * connection reloads the new text. The two texts mean the same.
 */
#include "schema.h"

#include <stddef.h>

/* SQLite */
const char *const ms_schema_m31[] = {
	"PRAGMA writable_schema = ON;\n"
	"UPDATE sqlite_schema SET sql = replace(sql, 'CHECK(level IN (''city'',''district'',''town''))', "
	"'CHECK(level IN (''city'',''district'',''town'',''street''))') WHERE type = 'table' AND name = 'congress';\n"
	"PRAGMA writable_schema = RESET;\n"
	/* the rewrite took: a CHECK that fails unless 'street' is now in the table's text */
	"CREATE TEMP TABLE m31_check(ok INTEGER CHECK(ok));\n"
	"INSERT INTO m31_check SELECT instr(sql, '''street''') > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'congress';\n"
	"DROP TABLE m31_check;\n"
	"CREATE INDEX congress_parent ON congress(parent_id);\n"
	"CREATE INDEX demand_congress_time ON demand(congress_id, created_at, deputy_id);\n",
	NULL,
};

/* PostgreSQL */
const char *const ms_schema_pg_m31[] = {
	"ALTER TABLE congress DROP CONSTRAINT congress_level_check;\n"
	"ALTER TABLE congress ADD CONSTRAINT congress_level_check\n"
	"  CHECK(level IN ('city','district','town','street'));\n"
	"CREATE INDEX congress_parent ON congress(parent_id);\n"
	"CREATE INDEX demand_congress_time ON demand(congress_id, created_at, deputy_id);\n",
	NULL,
};
