/*
 * bench/tally.c — every selection rule on every Pabulib instance: Minsheng's
 * time (reading the file from memory, parsing and counting) beside
 * pabutools' time for the rule alone (from ../shared/pabulib/expected/), the
 * ratio, and the peak heap of parse + count against the file size.
 *
 * Usage: bench_tally [PABULIB_DIR] [--rule KEY] [--min-voters N]
 * Times are the best of several runs (at least 3, and at least 0.2 s in
 * all) in one warm process, as pabutools' times were taken; malloc keeps the
 * memory it got between runs (mallopt below), as a long-running server's
 * does. A cold single run (a fresh `minsheng tally`) also pays the kernel's
 * first touch of every page it allocates: about 20 ms more on the 3 MB files
 * on these VMs. The machine is noisy, so compare ratios measured in one run.
 */
#include <dirent.h>
#include <jansson.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "count/pb.h"
#include "count/rules.h"

struct heap {
	size_t now, peak;
};

/* A counting allocator: a size header before each block. */
static void *h_alloc(void *ctx, size_t n)
{
	struct heap *h = ctx;
	size_t *p = malloc(n + sizeof(size_t) * 2);
	if (!p)
		return NULL;
	p[0] = n;
	h->now += n;
	if (h->now > h->peak)
		h->peak = h->now;
	return p + 2;
}

static void h_free(void *ctx, void *ptr)
{
	struct heap *h = ctx;
	if (!ptr)
		return;
	size_t *p = (size_t *)ptr - 2;
	h->now -= p[0];
	free(p);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const struct {
	const char *key;
	int family; /* 0 greedy, 1 mes, 2 phragmen */
	enum ms_satisfaction sat;
	enum ms_mes_completion completion;
} rules[] = {
	{"greedy_cost", 0, MS_SAT_COST, MS_MES_NONE},
	{"greedy_card", 0, MS_SAT_CARD, MS_MES_NONE},
	{"mes_cost", 1, MS_SAT_COST, MS_MES_NONE},
	{"mes_cost_exh1pct_greedy", 1, MS_SAT_COST, MS_MES_EXH1PCT_GREEDY},
	{"mes_cost_add1_greedy", 1, MS_SAT_COST, MS_MES_ADD1_GREEDY},
	{"seq_phragmen", 2, MS_SAT_COST, MS_MES_NONE},
};
#define N_RULES (sizeof rules / sizeof rules[0])

/* Parse + count once; 0 on success. */
static int run_once(const struct ms_allocator *a, const char *buf, size_t len, size_t r, struct ms_error *e)
{
	struct ms_election *el;
	int rc = ms_pb_parse_ex(a, buf, len, MS_PB_LEAN, &el, e);
	if (rc)
		return rc;
	struct ms_outcome o;
	memset(&o, 0, sizeof o);
	if (rules[r].family == 0)
		rc = ms_rule_greedy(a, el, rules[r].sat, &o, e);
	else if (rules[r].family == 1)
		rc = ms_rule_mes(a, el, rules[r].sat, rules[r].completion, &o, e);
	else
		rc = el->vote_type == MS_VOTE_APPROVAL || el->vote_type == MS_VOTE_CHOOSE1
			     ? ms_rule_phragmen(a, el, &o, e)
			     : MS_ERR_UNPROCESSABLE;
	if (!rc)
		ms_outcome_fini(a, &o);
	ms_election_free(a, el);
	return rc;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	/* Keep freed memory in the process (no fresh mmap and no trim per run). */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	const char *dir = "../shared/pabulib", *only = NULL;
	long min_voters = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rule") == 0 && i + 1 < argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--min-voters") == 0 && i + 1 < argc)
			min_voters = strtol(argv[++i], NULL, 10);
		else
			dir = argv[i];
	}
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "bench_tally: cannot open %s (the Pabulib instances)\n", dir);
		return 2;
	}
	char *names[512];
	size_t n_names = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n_names < 512) {
		size_t l = strlen(de->d_name);
		if (l > 3 && strcmp(de->d_name + l - 3, ".pb") == 0)
			names[n_names++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n_names, sizeof *names, cmp_str);

	printf("%-44s %7s %-24s %11s %11s %9s %8s\n", "instance", "voters", "rule", "minsheng_ms", "pabutools_s",
	       "ratio", "heap/file");
	double worst[N_RULES];
	for (size_t r = 0; r < N_RULES; r++)
		worst[r] = -1;
	for (size_t i = 0; i < n_names; i++) {
		char path[1024], exp_path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(exp_path, sizeof exp_path, "%s/expected/%.*s.json", dir, (int)strlen(names[i]) - 3, names[i]);
		size_t len;
		char *buf = read_file(path, &len);
		if (!buf)
			continue;
		json_t *exp = json_load_file(exp_path, 0, NULL);
		for (size_t r = 0; r < N_RULES; r++) {
			if (only && strcmp(only, rules[r].key) != 0)
				continue;
			struct heap h = {0, 0};
			struct ms_allocator a = {h_alloc, h_free, &h};
			struct ms_error e = {0};
			double best = 1e9, total = 0;
			int runs = 0, rc = 0;
			uint32_t voters = 0;
			{
				struct ms_election *el;
				if (ms_pb_parse(&ms_allocator_libc, buf, len, &el, &e) == 0) {
					voters = el->n_voters;
					ms_election_free(&ms_allocator_libc, el);
				}
			}
			if ((long)voters < min_voters)
				continue;
			while (runs < 3 || (total < 0.2 && runs < 1000)) {
				double t0 = now_s();
				rc = run_once(&a, buf, len, r, &e);
				double t = now_s() - t0;
				total += t;
				runs++;
				if (t < best)
					best = t;
				if (rc || t > 5)
					break;
			}
			json_t *rule = json_object_get(json_object_get(exp, "rules"), rules[r].key);
			json_t *pt = json_object_get(rule, "pabutools_time_s");
			double pab = json_is_number(pt) ? json_number_value(pt) : -1;
			char ratio[32] = "-", pabs[32] = "-";
			if (pab > 0) {
				snprintf(ratio, sizeof ratio, "%.0fx", pab / best);
				snprintf(pabs, sizeof pabs, "%.4f", pab);
				if (voters >= 10000 && (worst[r] < 0 || pab / best < worst[r]))
					worst[r] = pab / best;
			} else if (rule && json_is_null(json_object_get(rule, "selected"))) {
				snprintf(pabs, sizeof pabs, "(none)");
			}
			if (rc)
				printf("%-44.44s %7u %-24s %11s %11s %9s %8s  (%s)\n", names[i], voters, rules[r].key,
				       "error", pabs, "-", "-", e.message);
			else
				printf("%-44.44s %7u %-24s %11.3f %11s %9s %8.2f\n", names[i], voters, rules[r].key,
				       best * 1e3, pabs, ratio, (double)h.peak / (double)len);
			fflush(stdout);
		}
		json_decref(exp);
		free(buf);
	}
	printf("\nworst ratio on instances with >= 10,000 voters (goal >= 1000x, floor 100x):\n");
	for (size_t r = 0; r < N_RULES; r++)
		if (!only || strcmp(only, rules[r].key) == 0)
			printf("  %-24s %s%.0fx\n", rules[r].key, worst[r] < 0 ? "n/a " : "", worst[r] < 0 ? 0 : worst[r]);
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	return 0;
}
