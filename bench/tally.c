/*
 * bench/tally.c — every selection rule on every Pabulib instance: Minsheng's
 * time (reading the file from memory, parsing and counting) and its time for
 * the count alone (the election parsed once) beside pabutools' time for the
 * rule alone (from ../shared/pabulib/expected/); the ratios of pabutools'
 * parse + rule to Minsheng's parse + count and of the rule alone to the
 * count alone; and the peak heap of parse + count against the file size.
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

/* Count rule r once on a parsed election; 0 on success. */
static int count_once(const struct ms_allocator *a, const struct ms_election *el, size_t r, struct ms_error *e)
{
	int rc;
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
	return rc;
}

/* Parse + count once; 0 on success. */
static int run_once(const struct ms_allocator *a, const char *buf, size_t len, size_t r, struct ms_error *e)
{
	struct ms_election *el;
	int rc = ms_pb_parse_ex(a, buf, len, MS_PB_LEAN, &el, e);
	if (rc)
		return rc;
	rc = count_once(a, el, r, e);
	ms_election_free(a, el);
	return rc;
}

/* The best of several runs (at least 3, and at least 0.2 s in all; one
 * over 5 s or a failure ends it): of parse + count (el NULL), or of the
 * count alone on el. */
static double best_of(const struct ms_allocator *a, const char *buf, size_t len, const struct ms_election *el,
		      size_t r, int *rc, struct ms_error *e)
{
	double best = 1e9, total = 0;
	for (int runs = 0; runs < 3 || (total < 0.2 && runs < 1000); runs++) {
		double t0 = now_s();
		*rc = el ? count_once(a, el, r, e) : run_once(a, buf, len, r, e);
		double t = now_s() - t0;
		total += t;
		if (t < best)
			best = t;
		if (*rc || t > 5)
			break;
	}
	return best;
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

	/* ratio: pabutools' parse + rule against Minsheng's parse + count;
	 * rule: pabutools' rule alone against Minsheng's count alone (both on a
	 * parsed election) */
	printf("%-44s %7s %-24s %11s %9s %11s %9s %9s %8s\n", "instance", "voters", "rule", "minsheng_ms", "count_ms",
	       "pabutools_s", "ratio", "rule", "heap/file");
	double worst[N_RULES], worst_rule[N_RULES];
	for (size_t r = 0; r < N_RULES; r++)
		worst[r] = worst_rule[r] = -1;
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
			int rc = 0;
			struct ms_election *el = NULL;
			if (ms_pb_parse_ex(&ms_allocator_libc, buf, len, MS_PB_LEAN, &el, &e) != 0)
				el = NULL;
			uint32_t voters = el ? el->n_voters : 0;
			if ((long)voters < min_voters) {
				ms_election_free(&ms_allocator_libc, el);
				continue;
			}
			double best = best_of(&a, buf, len, NULL, r, &rc, &e), counted = -1;
			if (!rc && el) {
				struct ms_error e2 = {0};
				int rc2 = 0;
				double c = best_of(&ms_allocator_libc, NULL, 0, el, r, &rc2, &e2);
				counted = rc2 ? -1 : c;
			}
			ms_election_free(&ms_allocator_libc, el);
			json_t *rule = json_object_get(json_object_get(exp, "rules"), rules[r].key);
			json_t *pt = json_object_get(rule, "pabutools_time_s"), *pp = json_object_get(exp, "pabutools_parse_s");
			double pab = json_is_number(pt) ? json_number_value(pt) : -1;
			double pab_parse = json_is_number(pp) ? json_number_value(pp) : -1;
			char ratio[32] = "-", by_rule[32] = "-", pabs[32] = "-", cms[32] = "-";
			if (counted >= 0)
				snprintf(cms, sizeof cms, "%.3f", counted * 1e3);
			if (pab > 0) {
				snprintf(pabs, sizeof pabs, "%.4f", pab);
				if (pab_parse >= 0) {
					double x = (pab + pab_parse) / best;
					snprintf(ratio, sizeof ratio, "%.0fx", x);
					if (voters >= 10000 && (worst[r] < 0 || x < worst[r]))
						worst[r] = x;
				}
				if (counted > 0) {
					snprintf(by_rule, sizeof by_rule, "%.0fx", pab / counted);
					if (voters >= 10000 && (worst_rule[r] < 0 || pab / counted < worst_rule[r]))
						worst_rule[r] = pab / counted;
				}
			} else if (rule && json_is_null(json_object_get(rule, "selected"))) {
				snprintf(pabs, sizeof pabs, "(none)");
			}
			if (rc)
				printf("%-44.44s %7u %-24s %11s %9s %11s %9s %9s %8s  (%s)\n", names[i], voters, rules[r].key,
				       "error", "-", pabs, "-", "-", "-", e.message);
			else
				printf("%-44.44s %7u %-24s %11.3f %9s %11s %9s %9s %8.2f\n", names[i], voters, rules[r].key,
				       best * 1e3, cms, pabs, ratio, by_rule, (double)h.peak / (double)len);
			fflush(stdout);
		}
		json_decref(exp);
		free(buf);
	}
	printf("\nworst ratios on instances with >= 10,000 voters (goal >= 1000x, floor 100x), parse + count and the\n"
	       "rule alone:\n");
	for (size_t r = 0; r < N_RULES; r++)
		if (!only || strcmp(only, rules[r].key) == 0)
			printf("  %-24s %s%.0fx  %s%.0fx\n", rules[r].key, worst[r] < 0 ? "n/a " : "",
			       worst[r] < 0 ? 0 : worst[r], worst_rule[r] < 0 ? "n/a " : "",
			       worst_rule[r] < 0 ? 0 : worst_rule[r]);
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	return 0;
}
