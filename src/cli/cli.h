/*
 * cli.h — what the commands of the minsheng binary share: the option-table
 * helper, the database and hashing settings from the environment, errors
 * printed in the reader's language, and the composition of the program
 * (every domain's routes, codes, statements and name tables: app.c).
 */
#ifndef MS_CLI_H
#define MS_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "../api/route.h"
#include "../cycle/cycle.h"
#include "../store/store.h"

#define MS_DEFAULT_DB "data/minsheng.db"

/* ---- options ---- */

enum ms_opt_kind {
	MS_OPT_STR,  /* --name VALUE into (const char **)dest */
	MS_OPT_INT,  /* --name N (a whole number) into (int64_t *)dest */
	MS_OPT_FLAG, /* --name into (bool *)dest */
	MS_OPT_EACH  /* --name VALUE, repeatable: each(value, dest) (0, or 2 to refuse it) */
};

struct ms_opt {
	const char *name;
	enum ms_opt_kind kind;
	void *dest;
	int (*each)(const char *value, void *dest);
};

/* Parse argv[1..] (argv[0] is the command's name) against the table opts
 * (ending with {0}); the arguments that are not options go to pos (at most
 * max_pos, *n_pos of them). --help or -h prints help and returns 0; a bad
 * option, a missing value, a malformed number or too many arguments print
 * help to stderr and return 2; otherwise -1: go on. */
int ms_opts_parse(int argc, char **argv, const struct ms_opt *opts, const char *help, const char **pos,
		  size_t max_pos, size_t *n_pos);

/* ---- settings and output ---- */

/* $name, or def when it is unset or empty. */
const char *ms_env_or(const char *name, const char *def);
/* MINSHENG_PWHASH_COST as a cost (exits 2 when it is not a known one). */
int ms_cli_pwhash_cost(void);
/* A database named for the terminal: a PostgreSQL URI may hold a password. */
const char *ms_cli_shown(const char *db);
/* Whether the locale asks for Chinese (the first of LC_ALL, LC_MESSAGES,
 * LANG that is set decides, as for gettext). */
bool ms_cli_chinese(void);
/* Print "minsheng: MESSAGE" for e in the language of the locale (LC_ALL,
 * LC_MESSAGES or LANG starting with "zh": Chinese; else English); 1. */
int ms_cli_fail(const struct ms_error *e);
/* Whether the locale asks for Chinese (the first of LC_ALL, LC_MESSAGES,
 * LANG that is set starts with "zh"), for a command's own output. */
bool ms_cli_chinese(void);
/* Open db with pool connections; 0, or 1 after printing the error. */
int ms_cli_open(const char *db, unsigned pool, struct ms_store **st);
/* The search index rebuilt when a migration asked for it (cmd_search.c;
 * serve and init call it after opening): 0, or 1 with the error printed. */
int ms_cli_reindex_due(struct ms_store *st);
/* A command whose only option is --db: parse it (help for --help and for
 * mistakes) and open the store of one connection. -1 with *st and *db
 * (the --db string) to go on, or the exit status. */
int ms_cli_db_command(int argc, char **argv, const char *help, struct ms_store **st, const char **db);

/* ---- the commands ---- */

int ms_cmd_init(int argc, char **argv);
int ms_cmd_serve(int argc, char **argv);
int ms_cmd_demo(int argc, char **argv);
int ms_cmd_user(int argc, char **argv);
int ms_cmd_poll(int argc, char **argv);
int ms_cmd_export(int argc, char **argv);
int ms_cmd_copy(int argc, char **argv);
int ms_cmd_tally(int argc, char **argv);
int ms_cmd_api_schema(int argc, char **argv);
int ms_cmd_verify(int argc, char **argv);
/* The demo's 2026 round under delivery (demo_delivery.c), in the caller's
 * transaction; deputies[3] … deputies[7] make its oversight group. */
int ms_demo_delivery(struct ms_db *db, json_t *data, int64_t city, const int64_t *unit_ids, size_t n_units,
		     const struct ms_actor *deputies, size_t n_deputies, struct ms_error *e);
/* A demo round `dl` of congress (demo_delivery.c): its cycle of dl's
 * "year", "title", "title_en"; its vote (dl's "poll", "slots", "voters",
 * "projects", "approvals") imported as a Pabulib file; its projects under
 * delivery, each with a published plan and reports reaching dl's
 * "percents" (the reports' texts from texts: "report", "report_behind",
 * "acceptance"; 100 % accepted). *red: a project under 30 %, or 0. */
int ms_demo_round(struct ms_db *db, json_t *dl, json_t *texts, int64_t congress, const int64_t *unit_ids,
		  size_t n_units, int64_t *red, struct ms_error *e);
/* An account of the demo (cmd_demo.c), checked by the rules of every
 * account and hashed at cost — or, when like is not NULL, with like's hash
 * of the same password. */
int ms_demo_account(const char *login, const char *name, unsigned roles, int64_t congress, int64_t unit,
		    const char *password, int cost, const struct ms_user *like, struct ms_user *out, struct ms_error *e);
/* The demo's people to copy from: the clerk's and a deputy's accounts
 * (their password hashes), the surnames and given names. */
struct ms_demo_people {
	const struct ms_user *clerk, *deputy;
	json_t *surnames, *given;
};
/* The demo's levels (demo_levels.c, demo.json "levels"): districts[] are
 * the city's districts. */
int ms_demo_levels(struct ms_db *db, json_t *data, const int64_t *districts, size_t n_districts,
		   const struct ms_demo_people *people, struct ms_error *e);
/* The demo's legislative contact point and drafts (demo_legislate.c), of congress. */
int ms_demo_legislate(struct ms_db *db, int64_t congress, struct ms_error *e);
/* The city's 2026 target list, published, with values reported (demo_target.c). */
int ms_demo_target(struct ms_db *db, int64_t city, const int64_t *unit_ids, size_t n_units, struct ms_error *e);
/* A demo round's vote as a Pabulib file (its "poll", "year", "slots",
 * "projects" and "approvals"), malloc'd. */
char *ms_demo_pb_text(json_t *dl);
/* The demo's 2025 round, evaluated (demo_evaluation.c): its vote, its
 * projects, the standing committee (deputies[0] … ), the consequence rules,
 * and the year-end evaluation closed under deputies[0] … [2]. */
/* A demo's rating poll (demo_evaluation.c): deputy01 … deputy03 its
 * scrutineers (two shares open it), the first `present` of ids checked in,
 * opened; shares (when not NULL) receives two scrutineers' shares, opened
 * with their one-time keys. Then the first `present` deputies rate it: on
 * candidate k, counts[3k … 3k+2] = satisfied, basic, dissatisfied of them (the
 * rest abstain), each deputy from a different place in the list. */
int ms_demo_open_rating(struct ms_db *db, int64_t poll, const struct ms_actor *deputies, const int64_t *ids,
			size_t present, json_t *shares, struct ms_error *e);
int ms_demo_rate(struct ms_db *db, int64_t poll, const struct ms_actor *deputies, size_t present, const int *counts,
		 struct ms_error *e);
/* The city's report-and-rate reviews (demo_review.c): the 2025 one, rated
 * and closed, two units on the rectification list (unit01's among them);
 * the 2026 one open for the standing committee to rate. */
int ms_demo_review(struct ms_db *db, int64_t city, const int64_t *unit_ids, size_t n_units,
		   const struct ms_actor *deputies, size_t n_deputies, struct ms_error *e);
int ms_demo_evaluation(struct ms_db *db, json_t *data, int64_t city, const int64_t *unit_ids, size_t n_units,
		       const struct ms_actor *deputies, size_t n_deputies, struct ms_error *e);
/* The demo's liaison stations, rota and demands (demo_liaison.c). */
int ms_demo_liaison(struct ms_db *db, int64_t city, const struct ms_actor *deputies, size_t n_deputies,
		    struct ms_error *e);
/* The demo's casework and suggestions (demo_casework.c), some made 40 days ago. */
int ms_demo_casework(struct ms_db *db, int64_t city, const int64_t *unit_ids, size_t n_units,
		     const struct ms_actor *deputies, size_t n_deputies, struct ms_error *e);
/* The public preference poll of the demo's round `cycle` (set up while it
 * compiles), open, with some residents' ballots (demo_preference.c); its
 * codes printed for deputy_id. */
int ms_demo_preference(struct ms_db *db, int64_t cycle, int64_t deputy_id, struct ms_error *e);
/* The demo's residents' demands, indexed, and their proposed clusters (demo_cluster.c). */
int ms_demo_clusters(struct ms_db *db, int64_t city, const struct ms_actor *deputy, struct ms_error *e);
int ms_cmd_supervise(int argc, char **argv);
int ms_cmd_audit(int argc, char **argv);
int ms_cmd_report(int argc, char **argv);
int ms_cmd_search(int argc, char **argv);

/* Count FILE.pb by rule_key into a JSON object (see tally.c). slots 0: no limit. */
int ms_tally_file(const char *path, const char *rule_key, uint32_t slots, json_t **out, struct ms_error *e);
/* The same, with measures: also every project's performance measures
 * (count/measures.h) under "measures" (greedy_cost, seq_phragmen and
 * mes_cost only; other rules: MS_E_MEASURES_RULE), computed within
 * max_work (ms_measures_bounded; UINT64_MAX: no bound). */
int ms_tally_file_ex(const char *path, const char *rule_key, uint32_t slots, bool measures, uint64_t max_work,
		     json_t **out, struct ms_error *e);

/* Fill an empty database with the bilingual demo (a city congress with 60
 * deputies, 3 districts, 10 units, a 2027 round with 12 candidates for 10
 * places and a draft poll, the 2026 round under delivery, the 2025 round
 * evaluated) through the domains' rules; a database that has
 * data is left alone (0). Says which to out. */
int ms_demo_create(struct ms_store *st, int pwhash_cost, FILE *out, struct ms_error *e);
void ms_demo_print_logins(FILE *out);

/* ---- the program (app.c) ---- */

extern const struct ms_routes *const ms_app_routes[];      /* NULL-terminated */
struct ms_feed;
extern const struct ms_feed *const ms_app_feeds[];        /* live states (api/feed.h), NULL-terminated */
extern const char *const ms_app_topics[];                 /* their topics' prefixes (store.h) */
extern const struct ms_code *const *const ms_app_codes[]; /* NULL-terminated lists, then NULL */
extern const struct ms_stmt *const *const ms_app_stmts[]; /* NULL-terminated lists, then NULL */
extern const ms_cycle_phase_fn ms_app_phase_hooks[];     /* NULL-terminated; main installs them */

#define MS_CODE(name, code, kind, zh, en) extern const struct ms_code MS_E_##name;
#include "cli_codes.def"
#undef MS_CODE
extern const struct ms_code *const ms_cli_codes[];

#endif
