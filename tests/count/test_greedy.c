/*
 * test_greedy.c — unit tests of greedy utilitarian welfare (src/count/greedy.c).
 *
 * Hand-built elections worked out by hand: ties by byte-wise id ("10" < "9"),
 * zero-cost and unsupported projects, a budget exhausted exactly, exact
 * ratio ties (3/7 = 6/14), cumulative points, the steps' text; an allocator
 * that fails each allocation in turn; and, when ../shared/pabulib is there,
 * every instance with an expected outcome against pabutools.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/pb.h"
#include "count/rules.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

/* ---- hand-built elections ------------------------------------------------ */

/*
 * votes: voters separated by ';', each a space-separated list of project
 * indices, or "index:points" for cumulative/scoring; "" is an empty vote.
 */
static void build(struct ms_election *el, enum ms_vote_type vt, int64_t budget, uint32_t np,
		  const char *const *ids, const int64_t *costs, const char *votes)
{
	memset(el, 0, sizeof *el);
	el->vote_type = vt;
	el->n_projects = np;
	el->budget = budget;
	el->money_scale = 1;
	el->project_id = calloc(np + 1, sizeof *el->project_id);
	el->id_rank = calloc(np + 1, sizeof *el->id_rank);
	el->cost = calloc(np + 1, sizeof *el->cost);
	assert_true(el->project_id && el->id_rank && el->cost);
	for (uint32_t p = 0; p < np; p++) {
		el->project_id[p] = (char *)ids[p];
		el->cost[p] = costs[p];
	}
	for (uint32_t p = 0; p < np; p++) {
		uint32_t r = 0;
		for (uint32_t q = 0; q < np; q++)
			if (strcmp(ids[q], ids[p]) < 0 || (strcmp(ids[q], ids[p]) == 0 && q < p))
				r++;
		el->id_rank[p] = r;
	}
	size_t len = strlen(votes);
	uint32_t nv = 1;
	for (size_t i = 0; i < len; i++)
		nv += votes[i] == ';';
	if (len == 0)
		nv = 0;
	el->n_voters = nv;
	el->vote_off = calloc(nv + 1, sizeof *el->vote_off);
	el->vote_proj = calloc(len + 1, sizeof *el->vote_proj);
	el->vote_points = calloc(len + 1, sizeof *el->vote_points);
	assert_true(el->vote_off && el->vote_proj && el->vote_points);
	uint32_t v = 0, k = 0;
	const char *s = votes;
	while (nv > 0 && *s) {
		char *end;
		if (*s == ';') {
			el->vote_off[++v] = k;
			s++;
			continue;
		}
		if (*s == ' ') {
			s++;
			continue;
		}
		el->vote_proj[k] = (uint32_t)strtoul(s, &end, 10);
		el->vote_points[k] = 1;
		s = end;
		if (*s == ':') {
			el->vote_points[k] = strtoll(s + 1, &end, 10);
			s = end;
		}
		k++;
	}
	if (nv > 0)
		el->vote_off[nv] = k;
	if (vt != MS_VOTE_CUMULATIVE && vt != MS_VOTE_SCORING) {
		free(el->vote_points);
		el->vote_points = NULL;
	}
}

static void unbuild(struct ms_election *el)
{
	free(el->project_id);
	free(el->id_rank);
	free(el->cost);
	free(el->vote_off);
	free(el->vote_proj);
	free(el->vote_points);
	memset(el, 0, sizeof *el);
}

/* Selected projects as "i,j,k" in selection order. */
static void sel_str(const struct ms_outcome *o, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < o->n_selected && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, i ? ",%u" : "%u", (unsigned)o->selected[i]);
	assert_true(n < cap);
}

static void run(const struct ms_election *el, enum ms_satisfaction sat, const char *want)
{
	struct ms_outcome o;
	struct ms_error e;
	char got[256];
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, el, sat, &o, &e), 0);
	sel_str(&o, got, sizeof got);
	assert_string_equal(got, want);
	int64_t total = 0;
	for (uint32_t i = 0; i < o.n_selected; i++)
		total += el->cost[o.selected[i]];
	assert_true(total == o.total_cost);
	assert_true(total <= el->budget);
	assert_int_equal(o.n_steps, el->n_projects);
	ms_outcome_fini(&ms_allocator_libc, &o);
}

/* ---- cases --------------------------------------------------------------- */

static void test_tie_by_id(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "9", "10" };
	static const int64_t costs[] = { 5, 5 };
	build(&el, MS_VOTE_APPROVAL, 5, 2, ids, costs, "0 1;0 1");
	run(&el, MS_SAT_COST, "1");  /* "10" < "9" */
	run(&el, MS_SAT_CARD, "1");
	unbuild(&el);
}

static void test_cost_vs_card(void **state)
{
	(void)state;
	struct ms_election el;
	/* A: 3 votes cost 60; B: 2 votes cost 10; C: 2 votes cost 30; budget 70.
	 * cost: A(3) B(2) C(2): A fits (10 left), B fits (0 left), C skipped.
	 * card: B 2/10, C 2/30 = 1/15, A 3/60 = 1/20: B, C, then A does not fit. */
	static const char *const ids[] = { "A", "B", "C" };
	static const int64_t costs[] = { 60, 10, 30 };
	build(&el, MS_VOTE_APPROVAL, 70, 3, ids, costs, "0 1;0 2;0 1 2");
	run(&el, MS_SAT_COST, "0,1");
	run(&el, MS_SAT_CARD, "1,2");
	unbuild(&el);
}

static void test_zero_cost_and_unsupported(void **state)
{
	(void)state;
	struct ms_election el;
	/* p0 free with support, p1 unsupported cost 1, p2 1 vote cost 9, p3 2 votes cost 5;
	 * budget 10.
	 * cost: p3(2) p2(1) then score 0: p0 (id "a"), p1 (id "b").
	 *   p3 fits (5), p2 does not, p0 fits (5), p1 fits (4).
	 * card: p0 +inf, p3 2/5, p2 1/9, p1 0: p0, p3 (5 left), p2 no, p1 fits. */
	static const char *const ids[] = { "a", "b", "c", "d" };
	static const int64_t costs[] = { 0, 1, 9, 5 };
	build(&el, MS_VOTE_APPROVAL, 10, 4, ids, costs, "0 3;3 2;");
	run(&el, MS_SAT_COST, "3,0,1");
	run(&el, MS_SAT_CARD, "0,3,1");

	struct ms_outcome o;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_CARD, &o, NULL), 0);
	assert_int_equal(o.n_steps, 4);
	assert_string_equal(o.steps[0].value, "inf");
	assert_int_equal(o.steps[0].kind, MS_STEP_SELECTED);
	assert_string_equal(o.steps[1].value, "2/5");
	assert_true(o.steps[1].budget_left == 5);
	assert_string_equal(o.steps[2].value, "1/9");
	assert_int_equal(o.steps[2].kind, MS_STEP_SKIPPED);
	assert_int_equal(o.steps[2].project, 2);
	assert_string_equal(o.steps[3].value, "0");
	assert_true(o.steps[3].budget_left == 4);
	ms_outcome_fini(&ms_allocator_libc, &o);
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, NULL), 0);
	assert_string_equal(o.steps[0].value, "2");
	assert_string_equal(o.steps[1].value, "1");
	assert_string_equal(o.steps[2].value, "0");
	ms_outcome_fini(&ms_allocator_libc, &o);
	unbuild(&el);
}

static void test_budget_exact(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "1", "2", "3" };
	static const int64_t costs[] = { 4, 6, 1 };
	build(&el, MS_VOTE_APPROVAL, 10, 3, ids, costs, "0 1 2;0 1;0");
	/* cost: 0 (3), 1 (2), 2 (1): 4 + 6 = 10 exactly, 2 skipped */
	run(&el, MS_SAT_COST, "0,1");
	struct ms_outcome o;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, NULL), 0);
	assert_true(o.total_cost == 10);
	assert_true(o.steps[1].budget_left == 0);
	assert_int_equal(o.steps[2].kind, MS_STEP_SKIPPED);
	ms_outcome_fini(&ms_allocator_libc, &o);
	/* budget 0: only free projects */
	el.budget = 0;
	el.cost[2] = 0;
	run(&el, MS_SAT_COST, "2");
	run(&el, MS_SAT_CARD, "2");
	unbuild(&el);
}

static void test_exact_ratio_tie(void **state)
{
	(void)state;
	struct ms_election el;
	/* p0: 3 votes / cost 7, p1: 6 votes / cost 14 — equal; id "b" < "c", budget 14:
	 * card takes p1 ("b") first, then p0 does not fit. */
	static const char *const ids[] = { "c", "b" };
	static const int64_t costs[] = { 7, 14 };
	build(&el, MS_VOTE_APPROVAL, 14, 2, ids, costs, "0 1;0 1;0 1;1;1;1");
	run(&el, MS_SAT_CARD, "1");
	el.cost[1] = 15; /* 6/15 < 3/7 */
	el.budget = 22;
	run(&el, MS_SAT_CARD, "0,1");
	unbuild(&el);
}

static void test_cumulative_points(void **state)
{
	(void)state;
	struct ms_election el;
	/* card uses the points: p0 3+1 = 4 / 10, p1 5 / 10 → p1 first;
	 * cost uses supporters: p0 2, p1 1 → p0 first. Budget 10. */
	static const char *const ids[] = { "x", "y" };
	static const int64_t costs[] = { 10, 10 };
	build(&el, MS_VOTE_CUMULATIVE, 10, 2, ids, costs, "0:3;0:1 1:5");
	run(&el, MS_SAT_CARD, "1");
	run(&el, MS_SAT_COST, "0");
	unbuild(&el);
}

static void test_no_voters_no_projects(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "b", "a" };
	static const int64_t costs[] = { 3, 3 };
	build(&el, MS_VOTE_APPROVAL, 5, 2, ids, costs, "");
	run(&el, MS_SAT_COST, "1"); /* all score 0: by id, "a" fits, "b" does not */
	unbuild(&el);
	build(&el, MS_VOTE_APPROVAL, 5, 0, ids, costs, ";");
	run(&el, MS_SAT_CARD, "");
	unbuild(&el);
}

static void test_money_scale_text(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a" };
	static const int64_t costs[] = { 250 }; /* 2.50 */
	build(&el, MS_VOTE_APPROVAL, 1000, 1, ids, costs, "0;0;0");
	el.money_scale = 100;
	struct ms_outcome o;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_CARD, &o, NULL), 0);
	assert_string_equal(o.steps[0].value, "6/5"); /* 3 / 2.50 */
	assert_true(o.steps[0].budget_left == 750);
	ms_outcome_fini(&ms_allocator_libc, &o);
	unbuild(&el);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct ms_election el;
	struct ms_outcome o;
	struct ms_error e;
	static const char *const ids[] = { "a", "b" };
	static const int64_t costs[] = { 1, 1 };
	build(&el, MS_VOTE_APPROVAL, 5, 2, ids, costs, "0 1;1");
	el.vote_proj[2] = 7;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(o.n_selected, 0);
	el.vote_proj[2] = 1;
	el.cost[0] = -1;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	el.cost[0] = 1;
	el.id_rank[0] = el.id_rank[1];
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	el.id_rank[0] = 0;
	el.vote_type = MS_VOTE_ORDINAL;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	el.vote_type = MS_VOTE_APPROVAL;
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, (enum ms_satisfaction)9, &o, &e),
			 MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, NULL, MS_SAT_COST, &o, &e), MS_ERR_UNPROCESSABLE);
	assert_int_equal(ms_rule_greedy(&ms_allocator_libc, &el, MS_SAT_COST, NULL, &e), MS_ERR_UNPROCESSABLE);
	unbuild(&el);
}

/* ---- failing allocations -------------------------------------------------- */

struct failing {
	size_t calls, fail_at;
	long live;
};

static void *failing_alloc(void *ctx, size_t size)
{
	struct failing *f = ctx;
	f->calls++;
	if (f->fail_at != 0 && f->calls == f->fail_at)
		return NULL;
	void *p = malloc(size);
	if (p)
		f->live++;
	return p;
}

static void failing_free(void *ctx, void *ptr)
{
	struct failing *f = ctx;
	if (ptr) {
		f->live--;
		free(ptr);
	}
}

static void test_alloc_failures(void **state)
{
	(void)state;
	struct ms_election el;
	static const char *const ids[] = { "a", "b", "c", "d", "e" };
	static const int64_t costs[] = { 0, 3, 9, 5, 2 };
	build(&el, MS_VOTE_APPROVAL, 12, 5, ids, costs, "0 3;3 2;;1 4;4");
	for (int sat = 0; sat < 2; sat++) {
		size_t k;
		for (k = 1; k < 1000; k++) {
			struct failing f = { 0, k, 0 };
			struct ms_allocator a = { failing_alloc, failing_free, &f };
			struct ms_outcome o;
			struct ms_error e;
			int rc = ms_rule_greedy(&a, &el, (enum ms_satisfaction)sat, &o, &e);
			if (rc == 0) {
				ms_outcome_fini(&a, &o);
				assert_int_equal(f.live, 0);
				break;
			}
			assert_int_equal(rc, MS_ERR_NOMEM);
			assert_int_equal(f.live, 0);
			assert_int_equal(o.n_selected, 0);
			assert_null(o.steps);
		}
		assert_true(k > 3 && k < 1000);
	}
	unbuild(&el);
}

/* ---- against pabutools (../shared/pabulib/expected) ---------------------- */

/* The Pabulib directory: $MINSHENG_PABULIB, else ../../../shared/pabulib
 * from this source file (tried from the working directory and its parent,
 * since __FILE__ may be relative to the build directory). NULL if absent. */
static DIR *open_pabulib(char *path, size_t cap)
{
	const char *env = getenv("MINSHENG_PABULIB");
	if (env && *env) {
		snprintf(path, cap, "%s", env);
		return opendir(path);
	}
	char src[1024];
	snprintf(src, sizeof src, "%s", __FILE__);
	char *slash = strrchr(src, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(src, sizeof src, ".");
	static const char *const prefixes[] = { "", "../" };
	for (size_t i = 0; i < N_OF(prefixes); i++) {
		snprintf(path, cap, "%s%s/../../../shared/pabulib", src[0] == '/' ? "" : prefixes[i], src);
		DIR *d = opendir(path);
		if (d)
			return d;
	}
	/* run from the repository root or its build directory */
	static const char *const tries[] = { "../shared/pabulib", "../../shared/pabulib" };
	for (size_t i = 0; i < N_OF(tries); i++) {
		snprintf(path, cap, "%s", tries[i]);
		DIR *d = opendir(path);
		if (d)
			return d;
	}
	return NULL;
}

/* The whole file into a malloc'd buffer (NUL-terminated), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			char *nb = realloc(buf, cap + 1);
			assert_non_null(nb);
			buf = nb;
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* In the expected JSON, the string value of "key" at top level (first
 * occurrence), copied into out. */
static bool json_string(const char *json, const char *key, char *out, size_t cap)
{
	char pat[128];
	snprintf(pat, sizeof pat, "\"%s\"", key);
	const char *s = strstr(json, pat);
	if (!s)
		return false;
	s += strlen(pat);
	while (*s == ' ' || *s == ':' || *s == '\n')
		s++;
	if (*s != '"')
		return false;
	s++;
	size_t n = 0;
	while (*s && *s != '"' && n + 1 < cap) {
		if (*s == '\\' && s[1])
			s++;
		out[n++] = *s++;
	}
	out[n] = '\0';
	return true;
}

/* The rule's "selected" list as "id\nid\n..." (JSON order, which is sorted),
 * or false when absent or null. */
static bool json_selected(const char *json, const char *rule, char *out, size_t cap)
{
	char pat[128];
	snprintf(pat, sizeof pat, "\"%s\"", rule);
	const char *s = strstr(json, pat);
	if (!s)
		return false;
	s = strstr(s, "\"selected\"");
	if (!s)
		return false;
	s += strlen("\"selected\"");
	while (*s == ' ' || *s == ':' || *s == '\n')
		s++;
	if (*s != '[')
		return false; /* null */
	s++;
	size_t n = 0;
	out[0] = '\0';
	while (*s && *s != ']') {
		if (*s != '"') {
			s++;
			continue;
		}
		s++;
		while (*s && *s != '"' && n + 2 < cap) {
			if (*s == '\\' && s[1])
				s++;
			out[n++] = *s++;
		}
		if (*s == '"')
			s++;
		out[n++] = '\n';
		out[n] = '\0';
	}
	return true;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Our selection as "id\nid\n..." sorted byte-wise like the JSON. */
static void our_selected(const struct ms_election *el, const struct ms_outcome *o, char *out, size_t cap)
{
	const char **ids = calloc(o->n_selected + 1, sizeof *ids);
	assert_non_null(ids);
	for (uint32_t i = 0; i < o->n_selected; i++)
		ids[i] = el->project_id[o->selected[i]];
	qsort(ids, o->n_selected, sizeof *ids, cmp_str);
	size_t n = 0;
	out[0] = '\0';
	for (uint32_t i = 0; i < o->n_selected; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s\n", ids[i]);
	free(ids);
}

/* Runs the rule named key on el. */
typedef int (*rule_fn)(const struct ms_election *el, const char *key, struct ms_outcome *o);

static void check_instances(const char *const *keys, size_t n_keys, rule_fn fn)
{
	char dir[2048];
	DIR *d = open_pabulib(dir, sizeof dir);
	if (!d) {
		printf("# ../shared/pabulib not found: skipped\n");
		skip();
	}
	closedir(d);
	char edir[2100];
	snprintf(edir, sizeof edir, "%s/expected", dir);
	d = opendir(edir);
	assert_non_null(d);
	size_t checked[8] = { 0 }, matched[8] = { 0 };
	static char want[1 << 16], got[1 << 16];
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		if (nl < 6 || strcmp(de->d_name + nl - 5, ".json") != 0)
			continue;
		char path[4400], pbname[512];
		size_t len;
		snprintf(path, sizeof path, "%s/%s", edir, de->d_name);
		char *json = slurp(path, &len);
		assert_non_null(json);
		assert_true(json_string(json, "file", pbname, sizeof pbname));
		snprintf(path, sizeof path, "%s/%s", dir, pbname);
		char *pb = slurp(path, &len);
		assert_non_null(pb);
		struct ms_election *el = NULL;
		struct ms_error e;
		int rc = ms_pb_parse(&ms_allocator_libc, pb, len, &el, &e);
		if (rc != 0)
			printf("# %s: %s\n", pbname, e.message);
		assert_int_equal(rc, 0);
		for (size_t k = 0; k < n_keys; k++) {
			if (!json_selected(json, keys[k], want, sizeof want))
				continue;
			struct ms_outcome o;
			assert_int_equal(fn(el, keys[k], &o), 0);
			our_selected(el, &o, got, sizeof got);
			assert_true(o.total_cost <= el->budget);
			ms_outcome_fini(&ms_allocator_libc, &o);
			checked[k]++;
			if (strcmp(got, want) == 0)
				matched[k]++;
			else
				printf("# %s %s differs:\n# want %s\n# got  %s\n", pbname, keys[k], want, got);
		}
		ms_election_free(&ms_allocator_libc, el);
		free(pb);
		free(json);
	}
	closedir(d);
	for (size_t k = 0; k < n_keys; k++) {
		printf("# %s: %zu of %zu instances match pabutools\n", keys[k], matched[k], checked[k]);
		assert_true(checked[k] > 0);
		assert_int_equal(matched[k], checked[k]);
	}
}

static int run_greedy(const struct ms_election *el, const char *key, struct ms_outcome *o)
{
	enum ms_satisfaction sat = strcmp(key, "greedy_cost") == 0 ? MS_SAT_COST : MS_SAT_CARD;
	return ms_rule_greedy(&ms_allocator_libc, el, sat, o, NULL);
}

static void test_pabulib_expected(void **state)
{
	(void)state;
	static const char *const keys[] = { "greedy_cost", "greedy_card" };
	check_instances(keys, N_OF(keys), run_greedy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tie_by_id),
		cmocka_unit_test(test_cost_vs_card),
		cmocka_unit_test(test_zero_cost_and_unsupported),
		cmocka_unit_test(test_budget_exact),
		cmocka_unit_test(test_exact_ratio_tie),
		cmocka_unit_test(test_cumulative_points),
		cmocka_unit_test(test_no_voters_no_projects),
		cmocka_unit_test(test_money_scale_text),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_pabulib_expected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
