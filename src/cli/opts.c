/* opts.c — the commands' option tables on getopt_long (cli.h). */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

#define MAX_OPTS 16

int ms_opts_parse(int argc, char **argv, const struct ms_opt *opts, const char *help, const char **pos,
		  size_t max_pos, size_t *n_pos)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(help, stdout);
			return 0;
		}
	struct option table[MAX_OPTS + 1];
	size_t n = 0;
	for (; opts && opts[n].name && n < MAX_OPTS; n++)
		table[n] = (struct option){opts[n].name, opts[n].kind == MS_OPT_FLAG ? no_argument : required_argument,
					   NULL, (int)n + 1};
	table[n] = (struct option){0, 0, 0, 0};
	optind = 1;
	opterr = 0;
	int o;
	while ((o = getopt_long(argc, argv, "", table, NULL)) != -1) {
		if (o < 1 || o > (int)n)
			goto bad;
		const struct ms_opt *op = &opts[o - 1];
		switch (op->kind) {
		case MS_OPT_STR:
			*(const char **)op->dest = optarg;
			break;
		case MS_OPT_INT:
			if (ms_parse_i64(optarg, (int64_t *)op->dest))
				goto bad;
			break;
		case MS_OPT_FLAG:
			*(bool *)op->dest = true;
			break;
		case MS_OPT_EACH:
			if (op->each(optarg, op->dest))
				return 2;
			break;
		}
	}
	size_t k = 0;
	for (int i = optind; i < argc; i++) {
		if (k == max_pos)
			goto bad;
		pos[k++] = argv[i];
	}
	if (n_pos)
		*n_pos = k;
	return -1;
bad:
	fputs(help, stderr);
	return 2;
}
