/*
 * Helpers shared by the counting tests; see support.h.
 */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

/* ---- failing allocations -------------------------------------------------- */

static void *failing_alloc(void *ctx, size_t size)
{
	struct ms_test_failing *f = ctx;
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
	struct ms_test_failing *f = ctx;
	if (ptr) {
		f->live--;
		free(ptr);
	}
}

struct ms_allocator ms_test_failing_allocator(struct ms_test_failing *f)
{
	struct ms_allocator a = { failing_alloc, failing_free, f };
	return a;
}

void ms_test_fail_each_allocation(const struct ms_election *el, ms_test_rule_opt_fn fn, int opt, size_t min_fails)
{
	size_t k;
	for (k = 1; k < 5000; k++) {
		struct ms_test_failing f = { 0, k, 0 };
		struct ms_allocator a = ms_test_failing_allocator(&f);
		struct ms_outcome o;
		struct ms_error e;
		ms_error_clear(&e);
		int rc = fn(&a, el, opt, &o, &e);
		if (rc == 0) {
			ms_outcome_fini(&a, &o);
			assert_int_equal(f.live, 0);
			break;
		}
		assert_int_equal(rc, MS_ERR_NOMEM);
		assert_int_equal(e.err, MS_ERR_NOMEM);
		assert_int_equal(f.live, 0);
		assert_int_equal(o.n_selected, 0);
		assert_null(o.steps);
		assert_null(o.mes_budget);
	}
	assert_true(k > min_fails && k < 5000);
}

/* ---- hand-built elections ------------------------------------------------ */

void ms_test_build(struct ms_election *el, enum ms_vote_type vt, int64_t budget, uint32_t np,
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

void ms_test_unbuild(struct ms_election *el)
{
	free(el->project_id);
	free(el->id_rank);
	free(el->cost);
	free(el->vote_off);
	free(el->vote_proj);
	free(el->vote_points);
	memset(el, 0, sizeof *el);
}

void ms_test_sel_str(const struct ms_outcome *o, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < o->n_selected && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, i ? ",%u" : "%u", (unsigned)o->selected[i]);
	assert_true(n < cap);
}

void ms_test_steps_str(const struct ms_outcome *o, char *buf, size_t cap)
{
	static const char kind[] = {'+', '-', 'x', 'c', '?'};
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < o->n_steps && n < cap; i++) {
		const struct ms_step *st = &o->steps[i];
		n += (size_t)snprintf(buf + n, cap - n, "%s%c%u=%s", i ? " " : "",
				      (unsigned)st->kind < sizeof kind ? kind[st->kind] : '!', (unsigned)st->project,
				      st->value ? st->value : "-");
	}
	assert_true(n < cap);
}

/* ---- Pabulib files ------------------------------------------------------------ */

struct ms_election *ms_test_pb_parse_ok(const char *text)
{
	struct ms_election *el = NULL;
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_pb_parse(&ms_allocator_libc, text, strlen(text), &el, &e) != 0)
		fail_msg("parse failed: %s", e.message);
	assert_non_null(el);
	return el;
}

void ms_test_pb_round_trip(const struct ms_election *el)
{
	const struct ms_allocator *a = &ms_allocator_libc;
	char *text = NULL, *text2 = NULL;
	size_t len = 0, len2 = 0;
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_pb_write(a, el, &text, &len, &e))
		fail_msg("write failed: %s", e.message);
	assert_int_equal(text[len], 0);
	struct ms_election *back = NULL;
	if (ms_pb_parse(a, text, len, &back, &e))
		fail_msg("re-parse failed: %s\n%.*s", e.message, (int)(len < 2000 ? len : 2000), text);
	assert_true(ms_election_equal(el, back));
	/* Writing is a fixed point after one trip. */
	assert_int_equal(ms_pb_write(a, back, &text2, &len2, &e), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(text, text2, len);
	free(text2);
	ms_election_free(a, back);
	free(text);
}

void ms_test_pb_invariants(const struct ms_election *el)
{
	uint32_t np = el->n_projects;
	char *seen = calloc(np ? np : 1, 1);
	assert_non_null(seen);
	for (uint32_t p = 0; p < np; p++) {
		assert_true(el->id_rank[p] < np);
		assert_false(seen[el->id_rank[p]]);
		seen[el->id_rank[p]] = 1;
		assert_true(el->cost[p] >= 0);
		for (uint32_t q = 0; q < np; q++)
			if (el->id_rank[p] < el->id_rank[q])
				assert_true(strcmp(el->project_id[p], el->project_id[q]) < 0);
	}
	assert_true(el->budget >= 0);
	assert_true(el->money_scale >= 1);
	assert_int_equal(el->vote_off[0], 0);
	bool points = el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING;
	assert_int_equal(points, el->vote_points != NULL);
	for (uint32_t v = 0; v < el->n_voters; v++) {
		assert_true(el->vote_off[v] <= el->vote_off[v + 1]);
		memset(seen, 0, np ? np : 1);
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
			assert_true(el->vote_proj[k] < np);
			assert_false(seen[el->vote_proj[k]]);
			seen[el->vote_proj[k]] = 1;
			if (points)
				assert_true(el->vote_points[k] >= 0);
		}
		assert_non_null(el->voter_id[v]);
	}
	free(seen);
}

uint32_t ms_test_ballot_len(const struct ms_election *el, uint32_t v)
{
	return el->vote_off[v + 1] - el->vote_off[v];
}

const char *ms_test_ballot_id(const struct ms_election *el, uint32_t v, uint32_t k)
{
	return el->project_id[el->vote_proj[el->vote_off[v] + k]];
}

/* ---- tables of cases -------------------------------------------------------- */

void ms_test_build_el(struct ms_election *el, const struct ms_test_el *t)
{
	ms_test_build(el, t->vt, t->budget, t->np, t->ids, t->costs, t->votes);
	if (t->money_scale)
		el->money_scale = t->money_scale;
}

static int step_kind(char c)
{
	static const char kinds[] = "+-xc?";
	const char *k = c ? strchr(kinds, c) : NULL;
	return k ? (int)(k - kinds) : -1;
}

/* A step as ms_test_outcome's step describes it; see support.h. */
static void check_step(const struct ms_outcome *o, const char *spec)
{
	const char *s = spec;
	const struct ms_step *st = NULL;
	long at = -1;
	if (*s == '#') {
		at = s[1] == '$' ? (long)o->n_steps - 1 : strtol(s + 1, NULL, 10);
		s = strchr(s, ' ');
		s = s ? s + 1 : "";
		if (at < 0 || (size_t)at >= o->n_steps)
			fail_msg("step %s: the outcome has %zu steps", spec, o->n_steps);
		st = &o->steps[at];
	}
	int kind = step_kind(*s);
	long project = -1;
	if (kind >= 0) {
		s++;
		if (*s >= '0' && *s <= '9') {
			char *end;
			project = strtol(s, &end, 10);
			s = end;
		}
	}
	if (!st) {
		assert_true(kind >= 0 && project >= 0);
		for (size_t i = 0; i < o->n_steps && !st; i++)
			if ((int)o->steps[i].kind == kind && o->steps[i].project == (uint32_t)project)
				st = &o->steps[i];
		if (!st)
			fail_msg("step %s: none", spec);
	}
	if (kind >= 0)
		assert_int_equal(st->kind, kind);
	if (project >= 0)
		assert_int_equal(st->project, project);
	while (*s) {
		char part[256];
		size_t n = strcspn(s, " ");
		assert_true(n < sizeof part);
		memcpy(part, s, n);
		part[n] = '\0';
		s += n + (s[n] == ' ');
		if (part[0] == '=') {
			assert_non_null(st->value);
			assert_string_equal(st->value, part + 1);
		} else if (part[0] == '@') {
			assert_true(st->budget_left == strtoll(part + 1, NULL, 10));
		} else if (part[0] == '[') {
			char got[256];
			size_t k = 0;
			got[0] = '\0';
			for (uint32_t i = 0; i < st->n_payers && k < sizeof got; i++)
				k += (size_t)snprintf(got + k, sizeof got - k, i ? ",%u" : "%u", (unsigned)st->payers[i]);
			part[n - 1] = '\0';
			assert_string_equal(got, part + 1);
			assert_true(st->n_payers == 0 || st->payers != NULL);
		} else if (part[0]) {
			fail_msg("step %s: what is '%s'?", spec, part);
		}
	}
}

void ms_test_check_outcome(const struct ms_election *el, const struct ms_outcome *o,
			   const struct ms_test_outcome *want)
{
	/* What every outcome promises. */
	int64_t total = 0;
	for (uint32_t i = 0; i < o->n_selected; i++) {
		assert_true(o->selected[i] < el->n_projects);
		for (uint32_t j = 0; j < i; j++)
			assert_true(o->selected[j] != o->selected[i]);
		total += el->cost[o->selected[i]];
	}
	assert_true(total == o->total_cost);
	assert_true(total <= el->budget);
	static char got[1 << 16];
	if (want->sel) {
		ms_test_sel_str(o, got, sizeof got);
		assert_string_equal(got, want->sel);
	}
	if (want->sel_ids) {
		size_t n = 0;
		got[0] = '\0';
		for (uint32_t i = 0; i < o->n_selected && n < sizeof got; i++)
			n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", i ? " " : "",
					      el->project_id[o->selected[i]]);
		assert_string_equal(got, want->sel_ids);
	}
	if (want->total)
		assert_true(o->total_cost == strtoll(want->total, NULL, 10));
	if (want->steps) {
		ms_test_steps_str(o, got, sizeof got);
		assert_string_equal(got, want->steps);
	}
	for (size_t i = 0; i < N_OF(want->step) && want->step[i]; i++)
		check_step(o, want->step[i]);
	if (want->mes_budget && strcmp(want->mes_budget, "-") == 0)
		assert_null(o->mes_budget);
	else if (want->mes_budget)
		assert_string_equal(o->mes_budget, want->mes_budget);
	if (want->iterations)
		assert_true(o->mes_iterations == strtoull(want->iterations, NULL, 10));
}

int ms_test_run_tables(const char *group, const struct ms_test_table *tables, size_t n_tables,
		       const struct CMUnitTest *fixed, size_t n_fixed)
{
	size_t n = n_fixed;
	for (size_t t = 0; t < n_tables; t++)
		n += tables[t].n;
	struct CMUnitTest *list = calloc(n + 1, sizeof *list);
	if (!list)
		return 1;
	size_t k = 0;
	for (size_t t = 0; t < n_tables; t++)
		for (size_t i = 0; i < tables[t].n; i++) {
			const void *c = (const char *)tables[t].cases + i * tables[t].size;
			list[k++] = (struct CMUnitTest){.name = *(const char *const *)c, .test_func = tables[t].fn,
							.initial_state = (void *)c};
		}
	for (size_t i = 0; i < n_fixed; i++)
		list[k++] = fixed[i];
	int rc = _cmocka_run_group_tests(group, list, n, NULL, NULL);
	free(list);
	return rc;
}

int ms_test_run_group(const char *group, const struct CMUnitTest *fixed, size_t n_fixed, const void *cases,
		      size_t n_cases, size_t case_size, void (*fn)(void **state))
{
	const struct ms_test_table t = {cases, n_cases, case_size, fn};
	return ms_test_run_tables(group, &t, 1, fixed, n_fixed);
}

/* ---- against pabutools (../shared/pabulib/expected) ---------------------- */

/* __FILE__ may be relative to the build directory, so the path from this
 * source file is tried from the working directory and its parent. */
DIR *ms_test_open_near(const char *rel, char *path, size_t cap)
{
	char src[1024];
	snprintf(src, sizeof src, "%s", __FILE__);
	char *slash = strrchr(src, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(src, sizeof src, ".");
	static const char *const prefixes[] = { "", "../" };
	for (size_t i = 0; i < N_OF(prefixes); i++) {
		snprintf(path, cap, "%s%s/%s", src[0] == '/' ? "" : prefixes[i], src, rel);
		DIR *d = opendir(path);
		if (d)
			return d;
	}
	return NULL;
}

DIR *ms_test_open_pabulib(char *path, size_t cap)
{
	const char *env = getenv("MINSHENG_PABULIB");
	if (env && *env) {
		snprintf(path, cap, "%s", env);
		return opendir(path);
	}
	DIR *near = ms_test_open_near("../../../shared/pabulib", path, cap);
	if (near)
		return near;
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

char *ms_test_slurp(const char *path, size_t *len)
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

bool ms_test_json_string(const char *json, const char *key, char *out, size_t cap)
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

const char *ms_test_json_rule(const char *json, const char *rule, const char **end)
{
	char pat[128];
	snprintf(pat, sizeof pat, "\"%s\"", rule);
	const char *s = strstr(json, pat);
	if (!s)
		return NULL;
	s = strchr(s, '{');
	if (!s)
		return NULL;
	*end = strchr(s, '}');
	return *end ? s : NULL;
}

int ms_test_json_selected(const char *json, const char *rule, bool within_rule, char *out, size_t cap)
{
	const char *s, *end = NULL;
	if (within_rule) {
		s = ms_test_json_rule(json, rule, &end);
	} else {
		char pat[128];
		snprintf(pat, sizeof pat, "\"%s\"", rule);
		s = strstr(json, pat);
	}
	if (!s)
		return -1;
	s = strstr(s, "\"selected\"");
	if (!s || (end && s > end))
		return -1;
	s += strlen("\"selected\"");
	while (*s == ' ' || *s == ':' || *s == '\n')
		s++;
	if (*s != '[')
		return 0; /* null */
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
	return 1;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void ms_test_our_selected(const struct ms_election *el, const struct ms_outcome *o, char *out, size_t cap)
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

void ms_test_each_json(const char *jdir, const char *pbdir, ms_test_expected_fn fn, void *ctx)
{
	DIR *d = opendir(jdir);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		if (nl < 6 || strcmp(de->d_name + nl - 5, ".json") != 0)
			continue;
		char path[4400], pbname[512];
		size_t len;
		snprintf(path, sizeof path, "%s/%s", jdir, de->d_name);
		char *json = ms_test_slurp(path, &len);
		assert_non_null(json);
		assert_true(ms_test_json_string(json, "file", pbname, sizeof pbname));
		snprintf(path, sizeof path, "%s/%s", pbdir, pbname);
		char *pb = ms_test_slurp(path, &len);
		assert_non_null(pb);
		struct ms_election *el = NULL;
		struct ms_error e;
		int rc = ms_pb_parse(&ms_allocator_libc, pb, len, &el, &e);
		if (rc != 0)
			printf("# %s: %s\n", pbname, e.message);
		assert_int_equal(rc, 0);
		fn(ctx, pbname, json, el);
		ms_election_free(&ms_allocator_libc, el);
		free(pb);
		free(json);
	}
	closedir(d);
}

void ms_test_each_expected(ms_test_expected_fn fn, void *ctx)
{
	char dir[2048];
	DIR *d = ms_test_open_pabulib(dir, sizeof dir);
	if (!d) {
		printf("# ../shared/pabulib not found: skipped\n");
		skip();
	}
	closedir(d);
	char edir[2100];
	snprintf(edir, sizeof edir, "%s/expected", dir);
	ms_test_each_json(edir, dir, fn, ctx);
}

struct check_selected {
	const char *const *keys;
	size_t n_keys;
	ms_test_rule_fn fn;
	size_t checked[8], matched[8];
};

static void check_selected_one(void *ctx, const char *pbname, const char *json, const struct ms_election *el)
{
	struct check_selected *c = ctx;
	static char want[1 << 16], got[1 << 16];
	for (size_t k = 0; k < c->n_keys; k++) {
		if (ms_test_json_selected(json, c->keys[k], false, want, sizeof want) != 1)
			continue;
		struct ms_outcome o;
		assert_int_equal(c->fn(el, c->keys[k], &o), 0);
		ms_test_our_selected(el, &o, got, sizeof got);
		assert_true(o.total_cost <= el->budget);
		ms_outcome_fini(&ms_allocator_libc, &o);
		c->checked[k]++;
		if (strcmp(got, want) == 0)
			c->matched[k]++;
		else
			printf("# %s %s differs:\n# want %s\n# got  %s\n", pbname, c->keys[k], want, got);
	}
}

void ms_test_check_selected(const char *const *keys, size_t n_keys, ms_test_rule_fn fn)
{
	struct check_selected c = { keys, n_keys, fn, { 0 }, { 0 } };
	assert_true(n_keys <= N_OF(c.checked));
	ms_test_each_expected(check_selected_one, &c);
	for (size_t k = 0; k < n_keys; k++) {
		printf("# %s: %zu of %zu instances match pabutools\n", keys[k], c.matched[k], c.checked[k]);
		assert_true(c.checked[k] > 0);
		assert_int_equal(c.matched[k], c.checked[k]);
	}
}

static const char *const random_ids[] = {"1", "10", "2", "9", "a", "B", "11", "0"};

void ms_test_random_election(struct ms_election *el, uint32_t (*rnd)(uint32_t), bool may_be_big, bool points)
{
	enum { NP = 6, N_IDS = sizeof random_ids / sizeof random_ids[0] };
	uint32_t np = 1 + rnd(NP), nv = 1 + rnd(9);
	char votes[512];
	size_t n = 0;
	bool big = may_be_big && rnd(2) == 0;
	int64_t costs[NP];
	const char *ids[NP];
	uint32_t perm[N_IDS];
	for (uint32_t i = 0; i < N_IDS; i++)
		perm[i] = i;
	for (uint32_t i = N_IDS - 1; i > 0; i--) {
		uint32_t j = rnd(i + 1), x = perm[i];
		perm[i] = perm[j];
		perm[j] = x;
	}
	int64_t total = 0;
	for (uint32_t p = 0; p < np; p++) {
		ids[p] = random_ids[perm[p]];
		costs[p] = big ? 1 + (int64_t)rnd(997) : (int64_t)rnd(13);
		if (!big && costs[p] == 0 && rnd(3))
			costs[p] = 1 + (int64_t)rnd(6);
		total += costs[p];
	}
	size_t prev_start = 0, prev_end = 0;
	for (uint32_t v = 0; v < nv; v++) {
		if (v)
			votes[n++] = ';';
		size_t start = n;
		if (v > 0 && rnd(3) == 0) { /* repeat the previous ballot: groups */
			memmove(votes + n, votes + prev_start, prev_end - prev_start);
			n += prev_end - prev_start;
			prev_start = start;
			prev_end = n;
			continue;
		}
		for (uint32_t p = 0; p < np; p++) {
			if (rnd(100) < 45)
				continue;
			if (points)
				n += (size_t)snprintf(votes + n, sizeof votes - n, "%u:%u ", p, rnd(5));
			else
				n += (size_t)snprintf(votes + n, sizeof votes - n, "%u ", p);
		}
		prev_start = start;
		prev_end = n;
	}
	votes[n] = '\0';
	int64_t budget = total > 0 ? (int64_t)rnd((uint32_t)total + 2) : (int64_t)rnd(5);
	ms_test_build(el, points ? MS_VOTE_CUMULATIVE : MS_VOTE_APPROVAL, budget, np, ids, costs, votes);
	/* ms_test_build() keeps the id pointers: they are static strings */
}
