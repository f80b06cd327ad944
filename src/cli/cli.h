/*
 * cli.h — the subcommands of the minsheng binary that are not in main.c.
 */
#ifndef MS_CLI_H
#define MS_CLI_H

#include <stdio.h>

#include "../store/store.h"

/* Fill an empty database with the bilingual demo (a city congress with 60
 * deputies, 3 districts, 10 units, a 2027 cycle with 12 candidates for 10
 * places and a draft poll); a database that has data is left alone (0).
 * Says which to out. */
int ms_demo_create(struct ms_store *st, int pwhash_cost, FILE *out, struct ms_error *e);
/* The demo logins, for people. */
void ms_demo_print_logins(FILE *out);

/* CSV exports to out. */
int ms_export_candidates(struct ms_store *st, int64_t cycle_id, FILE *out, struct ms_error *e);
int ms_export_result(struct ms_store *st, int64_t poll_id, FILE *out, struct ms_error *e);
int ms_export_audit(struct ms_store *st, int64_t congress_id, FILE *out, struct ms_error *e);

/* `minsheng tally`: argv[0] is "tally". Returns the exit status. */
int ms_cmd_tally(int argc, char **argv);
/* Count FILE.pb by rule_key into a JSON object (see tally.c). slots 0: no
 * limit. */
int ms_tally_file(const char *path, const char *rule_key, uint32_t slots, json_t **out, struct ms_error *e);

#endif
