/*
 * schema_checkin.c — migrations 26 and 29 on both engines (schema.h): self
 * check-in (issue 15). A deputy may check in by scanning the QR code shown
 * at the desk or on the hall screen; attendance.self marks those rows so
 * the clerk sees who checked in by phone (1) and who at the desk (0).
 * Migration 29: the clerk still confirms or corrects a check-in by phone —
 * corrects by undoing it, confirms by checking the deputy in at the desk,
 * which sets attendance.confirmed on that row (0 on every other row). Kept
 * apart from schema.c and schema_pg.c; the two texts mean the same.
 */
#include "schema.h"

#include <stddef.h>

/* SQLite */
const char *const ms_schema_m26[] = {
	"ALTER TABLE attendance ADD COLUMN self INTEGER NOT NULL DEFAULT 0 CHECK(self IN (0, 1));\n",
	NULL,
};

/* PostgreSQL */
const char *const ms_schema_pg_m26[] = {
	"ALTER TABLE attendance ADD COLUMN self bigint NOT NULL DEFAULT 0 CHECK(self IN (0, 1));\n",
	NULL,
};

/* SQLite */
const char *const ms_schema_m29[] = {
	"ALTER TABLE attendance ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0 CHECK(confirmed IN (0, 1));\n",
	NULL,
};

/* PostgreSQL */
const char *const ms_schema_pg_m29[] = {
	"ALTER TABLE attendance ADD COLUMN confirmed bigint NOT NULL DEFAULT 0 CHECK(confirmed IN (0, 1));\n",
	NULL,
};
