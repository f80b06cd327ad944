/*
 * schema_paper.c — migration 27 on both engines (schema.h): the tellers'
 * double entry of returned paper ballots (src/vote/paper.c). paper_entry
 * holds one teller's reading of one sheet: the sheet is numbered by the
 * tellers as the ballots are unfolded, never by deputy, so nothing here
 * links a sheet to the deputy who took it (docs/secrecy.md). The marks are
 * erased once the two entries agree and the sheet is sealed as a ballot
 * (paper_sheet.counted). The two texts mean the same.
 */
#include "schema.h"

#include <stddef.h>

/* SQLite */
const char *const ms_schema_m27[] = {
	"CREATE TABLE paper_sheet(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  sheet INTEGER NOT NULL CHECK(sheet >= 1),\n"
	"  counted INTEGER NOT NULL DEFAULT 0 CHECK(counted IN (0, 1)),\n"
	"  PRIMARY KEY(poll_id, sheet));\n"
	"CREATE TABLE paper_entry(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  sheet INTEGER NOT NULL,\n"
	"  teller_id INTEGER NOT NULL REFERENCES \"user\"(id),\n"
	"  marks TEXT,\n"
	"  at TEXT NOT NULL,\n"
	"  PRIMARY KEY(poll_id, sheet, teller_id));\n",
	NULL,
};

/* PostgreSQL */
const char *const ms_schema_pg_m27[] = {
	"CREATE TABLE paper_sheet(\n"
	"  poll_id bigint NOT NULL REFERENCES poll(id),\n"
	"  sheet bigint NOT NULL CHECK(sheet >= 1),\n"
	"  counted bigint NOT NULL DEFAULT 0 CHECK(counted IN (0, 1)),\n"
	"  PRIMARY KEY(poll_id, sheet));\n"
	"CREATE TABLE paper_entry(\n"
	"  poll_id bigint NOT NULL REFERENCES poll(id),\n"
	"  sheet bigint NOT NULL,\n"
	"  teller_id bigint NOT NULL REFERENCES \"user\"(id),\n"
	"  marks text,\n"
	"  at text NOT NULL,\n"
	"  PRIMARY KEY(poll_id, sheet, teller_id));\n",
	NULL,
};
