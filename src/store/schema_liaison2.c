/*
 * schema_liaison2.c — migration 23 on both engines (schema.h), issue 14's
 * open items: co-signing a deputies' suggestion is an invitation the
 * invited deputy accepts or declines (casework_signer.status: invited,
 * accepted, declined; the signers of before were all accepted), and a
 * reception held at a station is recorded after the fact (rota: how many
 * residents were received, who recorded it and when; the deputies who
 * received are its rota_deputy rows); and the three rates read only a
 * period's assignments (indexes on when they started and fell due). Kept apart from schema.c and
 * schema_pg.c; the two texts mean the same.
 */
#include "schema.h"

#include <stddef.h>

/* SQLite */
const char *const ms_schema_m23[] = {
	"ALTER TABLE casework_signer ADD COLUMN status TEXT NOT NULL DEFAULT 'accepted'\n"
	"  CHECK(status IN ('invited','accepted','declined'));\n"
	"ALTER TABLE casework_signer ADD COLUMN answered_at TEXT;\n"
	"ALTER TABLE rota ADD COLUMN held_residents INTEGER CHECK(held_residents BETWEEN 0 AND 100000);\n"
	"ALTER TABLE rota ADD COLUMN recorded_by INTEGER REFERENCES \"user\"(id);\n"
	"ALTER TABLE rota ADD COLUMN recorded_at TEXT;\n"
	"CREATE INDEX casework_assignment_started ON casework_assignment(started_at);\n"
	"CREATE INDEX casework_assignment_due ON casework_assignment(due_at);\n"
	/* cases and suggestions are searched from this version on: the index of
	 * what exists is built at the next `serve` or `init` (search_index.h) */
	"INSERT INTO meta(key, value) VALUES ('search_reindex', CAST('23' AS BLOB));\n",
	NULL,
};

/* PostgreSQL */
const char *const ms_schema_pg_m23[] = {
	"ALTER TABLE casework_signer ADD COLUMN status text NOT NULL DEFAULT 'accepted'\n"
	"  CHECK(status IN ('invited','accepted','declined'));\n"
	"ALTER TABLE casework_signer ADD COLUMN answered_at text;\n"
	"ALTER TABLE rota ADD COLUMN held_residents bigint CHECK(held_residents BETWEEN 0 AND 100000);\n"
	"ALTER TABLE rota ADD COLUMN recorded_by bigint REFERENCES \"user\"(id);\n"
	"ALTER TABLE rota ADD COLUMN recorded_at text;\n"
	"CREATE INDEX casework_assignment_started ON casework_assignment(started_at);\n"
	"CREATE INDEX casework_assignment_due ON casework_assignment(due_at);\n"
	"INSERT INTO meta(key, value) VALUES ('search_reindex', convert_to('23', 'UTF8'));\n",
	NULL,
};
