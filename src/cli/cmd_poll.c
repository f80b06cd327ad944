/* cmd_poll.c — `minsheng poll result`: a closed poll's published result. */
#include <string.h>

#include "../core/util.h"
#include "../vote/vote.h"
#include "cli.h"

static void print_result(json_t *r)
{
	json_t *rt = json_object_get(r, "rule_text");
	printf("%s\n%s\n%s\n\n", json_string_value(json_object_get(r, "title")),
	       json_string_value(json_object_get(rt, "zh")), json_string_value(json_object_get(rt, "en")));
	printf("Result: %s   deputies %lld, present %lld; ballots issued %lld, returned %lld "
	       "(valid %lld, blank %lld, void %lld); threshold %lld approvals\n\n",
	       json_string_value(json_object_get(r, "status")),
	       (long long)json_integer_value(json_object_get(r, "deputies_all")),
	       (long long)json_integer_value(json_object_get(r, "deputies_present")),
	       (long long)json_integer_value(json_object_get(r, "ballots_issued")),
	       (long long)json_integer_value(json_object_get(r, "ballots_returned")),
	       (long long)json_integer_value(json_object_get(r, "valid")),
	       (long long)json_integer_value(json_object_get(r, "blank")),
	       (long long)json_integer_value(json_object_get(r, "void")),
	       (long long)json_integer_value(json_object_get(r, "threshold_votes")));
	printf("%4s  %9s  %7s  %-12s  %s\n", "rank", "approvals", "margin", "outcome", "project");
	size_t i;
	json_t *cnd;
	json_array_foreach(json_object_get(r, "candidates"), i, cnd) {
		printf("%4lld  %9lld  %+7lld  %-12s  %s\n", (long long)json_integer_value(json_object_get(cnd, "rank")),
		       (long long)json_integer_value(json_object_get(cnd, "approvals")),
		       (long long)json_integer_value(json_object_get(cnd, "margin")),
		       json_string_value(json_object_get(cnd, "status")), json_string_value(json_object_get(cnd, "title")));
	}
}

int ms_cmd_poll(int argc, char **argv)
{
	static const char help[] = "Usage: minsheng poll result ID [--json] [--db DB]\n"
				   "Print the published result of closed poll ID: the rule in words, turnout,\n"
				   "and every candidate's approvals, margin and outcome.\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB);
	bool as_json = false;
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL}, {"json", MS_OPT_FLAG, &as_json, NULL}, {0}};
	const char *pos[2];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, help, pos, 2, &n_pos);
	if (rc >= 0)
		return rc;
	int64_t id;
	if (n_pos != 2 || strcmp(pos[0], "result") != 0 || ms_parse_i64(pos[1], &id))
		return fputs(help, stderr), 2;
	struct ms_store *st;
	if (ms_cli_open(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	struct ms_db *d = NULL;
	json_t *r = NULL;
	rc = ms_store_acquire(st, &d, &e);
	if (!rc && !(rc = ms_db_begin(d, false, &e)))
		rc = ms_poll_result(d, id, &r, &e);
	ms_store_release(st, d);
	ms_store_close(st);
	if (rc)
		return ms_cli_fail(&e);
	if (as_json) {
		json_dumpf(r, stdout, JSON_INDENT(2));
		putchar('\n');
	} else {
		print_result(r);
	}
	json_decref(r);
	return 0;
}
