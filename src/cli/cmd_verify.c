/* cmd_verify.c — `minsheng verify BULLETIN`: recount a poll's public
 * bulletin (GET /api/v1/polls/{id}/bulletin, saved to a file) with the
 * counting library and say whether it gives the result it publishes, and
 * whether its ballots are the ones the published result vouches for (the
 * hash). Needs no database and no server. */
#include <string.h>

#include "../vote/vote.h"
#include "cli.h"

/* A JSON value for a line of text. */
static void print_value(FILE *out, json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	fputs(s ? s : "(none)", out);
	free(s);
}

int ms_cmd_verify(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng verify BULLETIN\n"
		"Recount a closed poll's public bulletin (the JSON of GET /api/v1/polls/{id}/bulletin) by the\n"
		"poll's rule and compare it with the result the bulletin publishes; check that its ballots\n"
		"are the ones the result's bulletin_hash vouches for. Prints the recounted result and either\n"
		"that it matches or each difference. Exit status: 0 it matches, 1 it differs, 2 usage.\n";
	const struct ms_opt opts[] = {{0}};
	const char *pos[1];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, help, pos, 1, &n_pos);
	if (rc >= 0)
		return rc;
	if (n_pos != 1)
		return fputs(help, stderr), 2;
	bool zh = ms_cli_chinese();
	json_error_t je;
	json_t *doc = json_load_file(pos[0], JSON_REJECT_DUPLICATES, &je), *diffs = NULL, *mine = NULL;
	struct ms_error e = {0};
	if (!doc) {
		fprintf(stderr, zh ? "minsheng: 无法读取公示表 %s：%s（第 %d 行）\n" : "minsheng: cannot read bulletin %s: %s (line %d)\n",
			pos[0], je.text, je.line);
		return 1;
	}
	if ((rc = ms_bulletin_verify(doc, &diffs, &mine, &e))) {
		json_decref(doc);
		return ms_cli_fail(&e);
	}
	size_t i;
	json_t *c;
	printf(zh ? "投票 %lld「%s」重新计票：%lld 张选票，有效 %lld，空白 %lld，无效 %lld；结果：%s\n"
		  : "Poll %lld \"%s\" recounted: %lld ballots, %lld valid, %lld blank, %lld void; result: %s\n",
	       (long long)json_integer_value(json_object_get(doc, "poll_id")),
	       json_string_value(json_object_get(doc, "title")),
	       (long long)json_integer_value(json_object_get(mine, "ballots_returned")),
	       (long long)json_integer_value(json_object_get(mine, "valid")),
	       (long long)json_integer_value(json_object_get(mine, "blank")),
	       (long long)json_integer_value(json_object_get(mine, "void")),
	       json_string_value(json_object_get(mine, "status")));
	json_array_foreach(json_object_get(mine, "candidates"), i, c)
		printf("%4lld  %-10s %6lld  %s\n", (long long)json_integer_value(json_object_get(c, "rank")),
		       json_string_value(json_object_get(c, "status")),
		       (long long)json_integer_value(json_object_get(c, "approvals")),
		       json_string_value(json_object_get(c, "title")));
	if (json_array_size(diffs) == 0) {
		printf(zh ? "与公布的结果一致；选票与结果所载的公示表哈希 %s 相符。\n"
			  : "It matches the published result; the ballots match the bulletin hash %s the result carries.\n",
		       json_string_value(json_object_get(mine, "bulletin_hash")));
	} else {
		printf(zh ? "与公布的结果不一致（%zu 处）：\n" : "It differs from the published result (%zu differences):\n",
		       json_array_size(diffs));
		json_t *d;
		json_array_foreach(diffs, i, d) {
			printf("  %s", json_string_value(json_object_get(d, "field")));
			if (json_object_get(d, "rank"))
				printf(zh ? "（第 %lld 名的 %s）" : " (rank %lld, %s)",
				       (long long)json_integer_value(json_object_get(d, "rank")),
				       json_string_value(json_object_get(d, "key")));
			fputs(zh ? "：重新计票 " : ": recount ", stdout);
			print_value(stdout, json_object_get(d, "recount"));
			fputs(zh ? "，公布 " : ", published ", stdout);
			print_value(stdout, json_object_get(d, "published"));
			putchar('\n');
		}
	}
	rc = json_array_size(diffs) ? 1 : 0;
	json_decref(diffs);
	json_decref(mine);
	json_decref(doc);
	return rc;
}
