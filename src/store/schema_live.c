/*
 * schema_live.c — migration 30 on both engines (schema.h): a poll set up
 * for a live count on the hall's screens (poll.live_counts, src/vote/live.h).
 * The count itself is never stored. The two texts mean the same.
 */
#include "schema.h"

#include <stddef.h>

/* SQLite */
const char *const ms_schema_m30[] = {
	"ALTER TABLE poll ADD COLUMN live_counts INTEGER NOT NULL DEFAULT 0 CHECK(live_counts IN (0, 1));\n",
	NULL,
};

/* PostgreSQL */
const char *const ms_schema_pg_m30[] = {
	"ALTER TABLE poll ADD COLUMN live_counts bigint NOT NULL DEFAULT 0 CHECK(live_counts IN (0, 1));\n",
	NULL,
};
