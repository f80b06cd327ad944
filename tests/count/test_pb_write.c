/*
 * test_pb_write.c — unit tests of the Pabulib .pb writer and builder
 * (src/count/pb_write.c) and of round trips.
 *
 * Writing (quoting, rows that could not read back as themselves refused),
 * the builder a poll is exported with and a table of the specs it refuses
 * (one runner), an allocator that fails each allocation in turn while
 * reading, writing and building, the lean mode, and — when ../shared/pabulib
 * exists — a round trip of every real file there (MINSHENG_PABULIB
 * overrides the directory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "count/pb.h"
#include "support.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct ms_allocator *A = &ms_allocator_libc;

#define HEAD_META "META\nkey;value\nbudget;100\nvote_type;approval\n"
#define HEAD HEAD_META "PROJECTS\nproject_id;cost\n1;10\n2;20\n3;30\nVOTES\nvoter_id;vote\n"

/* ---- writing ---------------------------------------------------------------------- */

/* Writing el fails with pb_unwritable naming the section. */
static void refuse_write(const struct ms_election *el, const char *section)
{
	char *text = (char *)1;
	size_t len;
	struct ms_error e;
	assert_int_equal(ms_pb_write(A, el, &text, &len, &e), MS_ERR_UNPROCESSABLE);
	assert_null(text);
	assert_string_equal(e.code, MS_E_PB_UNWRITABLE.code);
	assert_string_equal(e.field, section);
}

static void test_write(void **state)
{
	(void)state;
	struct ms_election *el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\nproject_id;cost;name\n1;10;\"a;b\"\n"
							       "2;20;\"say \"\"hi\"\"\"\n3;30;\"x\ny\"\n"
							       "VOTES\nvoter_id;vote\na;\"1,2\"\n");
	char *text;
	size_t len;
	struct ms_error e;
	assert_int_equal(ms_pb_write(A, el, &text, &len, &e), 0);
	const char *want = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
			   "1;10;\"a;b\"\n2;20;\"say \"\"hi\"\"\"\n3;30;\"x\ny\"\nVOTES\nvoter_id;vote\na;1,2\n";
	assert_int_equal(len, strlen(want));
	assert_string_equal(text, want);
	free(text);

	/* Rows that could not read back as themselves are refused. */
	char *saved = el->project_fields[3];
	el->project_fields[3] = "Votes";
	refuse_write(el, "projects");
	el->project_fields[3] = saved;
	saved = el->meta_key[0];
	el->meta_key[0] = " meta";
	refuse_write(el, "meta");
	el->meta_key[0] = saved;
	size_t cols = el->n_vote_cols;
	el->n_vote_cols = 1;
	char *blank[1] = {"  "};
	char **vc = el->vote_cols;
	el->vote_cols = blank;
	refuse_write(el, "votes");
	el->vote_cols = vc;
	el->n_vote_cols = cols;
	assert_int_equal(ms_pb_write(A, el, &text, &len, &e), 0);
	free(text);
	assert_int_equal(ms_pb_write(A, NULL, &text, &len, &e), MS_ERR_INVALID);
	assert_string_equal(e.code, MS_E_COUNT_BAD_CALL.code);
	ms_election_free(A, el);
}

/* ---- the builder ------------------------------------------------------------------- */

static const char *const ids[] = {"10", "9", "路灯"};
static const int64_t cost[] = {500, 0, 1200};
static const char *const names[] = {"Park; north", "Say \"hi\"", NULL};
static const char *const mk[] = {"date_begin", "备注"};
static const char *const mv[] = {"2025-01-01", "两行\n文字"};
static const uint32_t off[] = {0, 2, 2, 5};
static const uint32_t proj[] = {2, 0, 1, 0, 2};
static const int64_t pts[] = {3, 2, 1, 4, 6};

#define SPEC_COMMON                                                                              \
	.description = "Minsheng poll 7", .country = "China", .unit = "Shanghai", .instance = "2025",  \
	.budget = 1700, .n_projects = 3, .project_id = ids, .cost = cost, .n_voters = 3, .ballot_off = off, \
	.ballot_proj = proj
#define SPEC                                                                                         \
	SPEC_COMMON, .vote_type = MS_VOTE_APPROVAL, .max_length = 3, .n_meta = 2, .meta_key = mk,      \
	.meta_value = mv, .project_name = names
/* Cumulative with points, no names. */
#define SPEC_POINTS SPEC_COMMON, .vote_type = MS_VOTE_CUMULATIVE, .ballot_points = pts, .min_length = 1

static void test_build(void **state)
{
	(void)state;
	struct ms_election_spec sp = {SPEC};
	struct ms_election *el = NULL;
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_election_build(A, &sp, &el, &e))
		fail_msg("build: %s", e.message);
	assert_int_equal(el->n_projects, 3);
	assert_int_equal(el->budget, 1700);
	assert_int_equal(el->money_scale, 1);
	assert_int_equal(el->cost[2], 1200);
	assert_int_equal(el->max_length, 3);
	assert_int_equal(el->n_voters, 3);
	assert_string_equal(el->voter_id[0], "1");
	assert_string_equal(el->voter_id[2], "3");
	assert_int_equal(ms_test_ballot_len(el, 0), 2);
	assert_string_equal(ms_test_ballot_id(el, 0, 0), "路灯");
	assert_int_equal(ms_test_ballot_len(el, 1), 0);
	assert_int_equal(el->id_rank[0], 0); /* "10" < "9" < "路灯" */
	assert_int_equal(el->id_rank[1], 1);
	static const char *const keys[] = {"description", "country", "unit", "instance", "num_projects",
					   "num_votes", "budget", "vote_type", "max_length", "date_begin", "备注"};
	assert_int_equal(el->n_meta, N_OF(keys));
	for (size_t i = 0; i < N_OF(keys); i++)
		assert_string_equal(el->meta_key[i], keys[i]);
	assert_string_equal(el->meta_value[4], "3");
	assert_string_equal(el->meta_value[5], "3");
	assert_string_equal(el->meta_value[7], "approval");
	assert_string_equal(el->meta_value[10], "两行\n文字");
	assert_int_equal(el->n_project_cols, 3);
	assert_string_equal(el->project_cols[2], "name");
	assert_string_equal(el->project_fields[2], "Park; north");
	assert_string_equal(el->project_fields[8], "");
	assert_int_equal(el->n_vote_cols, 2);
	ms_test_pb_invariants(el);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);

	sp = (struct ms_election_spec){SPEC_POINTS};
	assert_int_equal(ms_election_build(A, &sp, &el, &e), 0);
	assert_int_equal(el->vote_type, MS_VOTE_CUMULATIVE);
	assert_int_equal(el->n_vote_cols, 3);
	assert_int_equal(el->vote_points[4], 6);
	assert_int_equal(el->min_length, 1);
	assert_int_equal(el->n_project_cols, 2);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);

	/* No projects and no voters is a valid, empty election. */
	struct ms_election_spec none_spec = {.vote_type = MS_VOTE_ORDINAL, .budget = 0};
	assert_int_equal(ms_election_build(A, &none_spec, &el, &e), 0);
	assert_int_equal(el->n_projects, 0);
	assert_int_equal(el->n_voters, 0);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
}

static const char *const dup[] = {"a", "b", "a"}, *const comma[] = {"a", "b,c", "d"};
static const char *const none[] = {"a", "NONE", "d"}, *const sect[] = {"a", " Votes", "d"};
static const char *const space[] = {"a", "b ", "d"}, *const empty[] = {"a", "", "d"};
static const char *const badutf[] = {"a", "\xC3", "d"};
static const int64_t neg[] = {1, -1, 1}, negpts[] = {3, 2, -1, 4, 6};
static const uint32_t rep[] = {2, 2, 1, 0, 2}, oob[] = {2, 0, 1, 0, 3}, dec[] = {0, 2, 1, 5};
static const char *const rk[] = {"budget"}, *const sk[] = {"PROJECTS"}, *const v1[] = {"x"};

/* Each case changes a valid spec (SPEC_POINTS) in one way; designated
 * initializers later in a list override the earlier ones. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct refusal {
	const char *name;
	struct ms_election_spec spec;
	const char *field, *part;
} refusals[] = {
	{"two projects with one id", {SPEC_POINTS, .project_id = dup}, "project_id", "same id"},
	{"an id with a comma", {SPEC_POINTS, .project_id = comma}, "project_id", "','"},
	{"an id None", {SPEC_POINTS, .project_id = none}, "project_id", "None"},
	{"an id that is a section name", {SPEC_POINTS, .project_id = sect}, "project_id", "white space"},
	{"an id with white space", {SPEC_POINTS, .project_id = space}, "project_id", "white space"},
	{"an empty id", {SPEC_POINTS, .project_id = empty}, "project_id", "empty"},
	{"an id that is not UTF-8", {SPEC_POINTS, .project_id = badutf}, "project_id", "UTF-8"},
	{"a negative cost", {SPEC_POINTS, .cost = neg}, "cost", "negative"},
	{"a negative budget", {SPEC_POINTS, .budget = -1}, "budget", "negative"},
	{"negative points", {SPEC_POINTS, .ballot_points = negpts}, "points", "negative points"},
	{"cumulative without points", {SPEC_POINTS, .ballot_points = NULL}, "points", "need points"},
	{"approval with points", {SPEC_POINTS, .vote_type = MS_VOTE_APPROVAL}, "points",
	 "only cumulative and scoring"},
	{"a project twice in a ballot", {SPEC_POINTS, .ballot_proj = rep}, "votes", "twice"},
	{"a project out of range", {SPEC_POINTS, .ballot_proj = oob}, "votes", "out of range"},
	{"offsets that decrease", {SPEC_POINTS, .ballot_off = dec}, "votes", "decrease"},
	{"a META key that is standard", {SPEC_POINTS, .n_meta = 1, .meta_key = rk, .meta_value = v1}, "meta",
	 "standard"},
	{"a META key that is a section", {SPEC_POINTS, .n_meta = 1, .meta_key = sk, .meta_value = v1}, "meta",
	 "section"},
	{"a description that is not UTF-8", {SPEC_POINTS, .description = "\xFF"}, "meta", "UTF-8"},
	{"an unknown vote type", {SPEC_POINTS, .vote_type = (enum ms_vote_type)9}, "vote_type", "vote type"},
};
#pragma GCC diagnostic pop

static void test_refusal(void **state)
{
	const struct refusal *c = *state;
	struct ms_election *el = (struct ms_election *)1;
	struct ms_error e;
	assert_int_equal(ms_election_build(A, &c->spec, &el, &e), MS_ERR_UNPROCESSABLE);
	assert_null(el);
	assert_string_equal(e.code, MS_E_PB_INVALID_SPEC.code);
	assert_string_equal(e.field, c->field);
	if (!strstr(e.message, c->part))
		fail_msg("expected '%s', got '%s'", c->part, e.message);
	assert_true(e.message_zh[0] != 0);
}

/* ---- out of memory ---------------------------------------------------------------- */

static const char *const small_files[] = {
	HEAD "a;1,2\n\"b\";3\nc;\n",
	"META\nkey;value\nbudget;10.5\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n  x  ;1.25\n"
	"y;2\nVOTES\nvoter_id;vote;points\n v ;x,y,x;1,2,3\nw;;\n",
};

/* The k-th allocation fails: 0 when the call no longer needs it. */
static int read_with(struct ms_allocator *fa, const struct ms_election *ref, const char *text)
{
	struct ms_election *el = (struct ms_election *)1;
	struct ms_error e;
	int rc = ms_pb_parse(fa, text, strlen(text), &el, &e);
	if (rc == 0) {
		assert_true(ms_election_equal(el, ref));
		ms_election_free(fa, el);
		return 0;
	}
	assert_int_equal(e.err, MS_ERR_NOMEM);
	assert_null(el);
	return rc;
}

static int write_with(struct ms_allocator *fa, const struct ms_election *ref, const char *text)
{
	(void)text;
	char *out = (char *)1;
	size_t len = 1;
	int rc = ms_pb_write(fa, ref, &out, &len, NULL);
	if (rc == 0)
		fa->free(fa->ctx, out);
	else
		assert_null(out);
	return rc;
}

static int build_with(struct ms_allocator *fa, const struct ms_election *ref, const char *text)
{
	(void)ref;
	(void)text;
	static const char *const abc[] = {"a", "b", "c"};
	static const int64_t c123[] = {1, 2, 3};
	static const uint32_t o[] = {0, 2, 3}, p[] = {0, 1, 2};
	static const struct ms_election_spec sp = {.vote_type = MS_VOTE_APPROVAL, .budget = 3, .n_projects = 3,
						   .project_id = abc, .cost = c123, .n_voters = 2, .ballot_off = o,
						   .ballot_proj = p};
	struct ms_election *el = NULL;
	int rc = ms_election_build(fa, &sp, &el, NULL);
	if (rc == 0)
		ms_election_free(fa, el);
	else
		assert_null(el);
	return rc;
}

/* Fail each allocation of fn in turn: MS_ERR_NOMEM with nothing left
 * allocated, until it succeeds; returns the number of calls it took. */
static size_t each_allocation(int (*fn)(struct ms_allocator *, const struct ms_election *, const char *),
			      const struct ms_election *ref, const char *text)
{
	size_t k;
	for (k = 1;; k++) {
		struct ms_test_failing f = {0, k, 0};
		struct ms_allocator fa = ms_test_failing_allocator(&f);
		int rc = fn(&fa, ref, text);
		assert_int_equal(f.live, 0);
		if (rc == 0)
			return k;
		assert_int_equal(rc, MS_ERR_NOMEM);
	}
}

static void test_nomem(void **state)
{
	(void)state;
	for (size_t fi = 0; fi < N_OF(small_files); fi++) {
		struct ms_election *ref = ms_test_pb_parse_ok(small_files[fi]);
		assert_true(each_allocation(read_with, ref, small_files[fi]) > 5);
		each_allocation(write_with, ref, small_files[fi]);
		ms_election_free(A, ref);
	}
	each_allocation(build_with, NULL, NULL);
}

/* ---- the real files ------------------------------------------------------------------ */

/* Calls fn with the text of every .pb file of ../shared/pabulib in name
 * order; false (nothing called) when the directory is absent. */
static bool each_real_file(void (*fn)(const char *name, const char *text, size_t len))
{
	char dir[4096];
	DIR *d = ms_test_open_pabulib(dir, sizeof dir);
	if (!d)
		return false;
	size_t n = 0;
	struct dirent *de;
	char *names[512];
	while ((de = readdir(d)) != NULL && n < N_OF(names)) {
		size_t l = strlen(de->d_name);
		if (l > 3 && strcmp(de->d_name + l - 3, ".pb") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		size_t len;
		char *text = ms_test_slurp(path, &len);
		assert_non_null(text);
		fn(names[i], text, len);
		free(text);
		free(names[i]);
	}
	return true;
}

static const char *meta_get(const struct ms_election *el, const char *key)
{
	for (size_t i = 0; i < el->n_meta; i++)
		if (strcmp(el->meta_key[i], key) == 0)
			return el->meta_value[i];
	return NULL;
}

static uint32_t types[5];

static void round_trip_file(const char *name, const char *text, size_t len)
{
	struct ms_election *el = NULL;
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_pb_parse(A, text, len, &el, &e) != 0)
		fail_msg("%s: %s", name, e.message);
	ms_test_pb_invariants(el);
	ms_test_pb_round_trip(el);
	types[el->vote_type]++;
	/* num_votes / num_projects are informative: mismatches are noted. */
	const char *nv = meta_get(el, "num_votes"), *np = meta_get(el, "num_projects");
	if (nv && strtoul(nv, NULL, 10) != el->n_voters)
		print_message("# %s: num_votes %s, %u VOTES rows\n", name, nv, el->n_voters);
	if (np && strtoul(np, NULL, 10) != el->n_projects)
		print_message("# %s: num_projects %s, %u projects\n", name, np, el->n_projects);
	ms_election_free(A, el);
}

static void test_real_files(void **state)
{
	(void)state;
	memset(types, 0, sizeof types);
	if (!each_real_file(round_trip_file)) {
		print_message("# ../shared/pabulib not found: real files skipped\n");
		skip();
	}
	print_message("# %u real files round-tripped: %u approval, %u choose-1, %u cumulative, %u scoring, "
		      "%u ordinal\n", types[0] + types[1] + types[2] + types[3] + types[4], types[0], types[1],
		      types[2], types[3], types[4]);
}

/* poland_czestochowa_2020_ has a voter naming project 579 four times with
 * one point each: counted once, with one point (pabutools' semantics). */
static void test_real_repeat(void **state)
{
	(void)state;
	char dir[4096], path[4200];
	DIR *d = ms_test_open_pabulib(dir, sizeof dir);
	if (!d)
		skip();
	closedir(d);
	snprintf(path, sizeof path, "%s/poland_czestochowa_2020_.pb", dir);
	size_t len;
	char *text = ms_test_slurp(path, &len);
	if (!text)
		skip();
	struct ms_election *el = NULL;
	assert_int_equal(ms_pb_parse(A, text, len, &el, NULL), 0);
	bool found = false;
	for (uint32_t v = 0; v < el->n_voters; v++) {
		if (strcmp(el->voter_id[v], "13026") != 0)
			continue;
		found = true;
		assert_int_equal(ms_test_ballot_len(el, v), 1);
		assert_string_equal(ms_test_ballot_id(el, v, 0), "579");
		assert_int_equal(el->vote_points[el->vote_off[v]], 1);
	}
	assert_true(found);
	ms_election_free(A, el);
	free(text);
}

/* ---- the lean mode (counting only) ------------------------------------ */

/* Lean and full parses of text agree on everything but the VOTES fields. */
static void check_lean_equals_full(const char *name, const char *text, size_t len)
{
	(void)name;
	struct ms_error e = {0};
	struct ms_election *full = NULL, *lean = NULL;
	assert_int_equal(ms_pb_parse(A, text, len, &full, &e), 0);
	assert_int_equal(ms_pb_parse_ex(A, text, len, MS_PB_LEAN, &lean, &e), 0);
	assert_null(lean->vote_fields);
	assert_non_null(full->vote_fields);
	char **kept = full->vote_fields;
	full->vote_fields = NULL;
	assert_true(ms_election_equal(full, lean));
	full->vote_fields = kept;
	/* A lean election cannot be written back. */
	char *out = NULL;
	size_t out_len = 0;
	assert_int_equal(ms_pb_write(A, lean, &out, &out_len, &e), MS_ERR_UNPROCESSABLE);
	assert_null(out);
	ms_election_free(A, full);
	ms_election_free(A, lean);
}

static void test_lean(void **state)
{
	(void)state;
	static const char small[] = "META\nkey;value\nbudget;100\nvote_type;cumulative\nPROJECTS\n"
				    "project_id;cost;name\n1;10;\"a;b\"\n2;20;c\nVOTES\nvoter_id;age;vote;points\n"
				    "v1;30;1,2;3,4\nv2;41;2;5\nv3;;;\n";
	check_lean_equals_full("small", small, sizeof small - 1);
	/* More than 4096 fields before VOTES: the lean slot array must grow,
	 * and a VOTES row wider than what is left must fit too. */
	size_t cap = 1 << 20, n = 0;
	char *big = malloc(cap);
	assert_non_null(big);
	n += (size_t)snprintf(big + n, cap - n, "META\nkey;value\nbudget;1000000\nvote_type;approval\nPROJECTS\n"
						 "project_id;cost;name;category\n");
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(big + n, cap - n, "p%d;%d;name %d;cat\n", i, i + 1, i);
	n += (size_t)snprintf(big + n, cap - n, "VOTES\nvoter_id;vote");
	for (int c = 0; c < 5000; c++)
		n += (size_t)snprintf(big + n, cap - n, ";x%d", c);
	n += (size_t)snprintf(big + n, cap - n, "\n1;p1,p2");
	for (int c = 0; c < 5000; c++)
		n += (size_t)snprintf(big + n, cap - n, ";%d", c);
	n += (size_t)snprintf(big + n, cap - n, "\n2;p2999");
	for (int c = 0; c < 5000; c++)
		n += (size_t)snprintf(big + n, cap - n, ";");
	n += (size_t)snprintf(big + n, cap - n, "\n");
	assert_true(n < cap - 1);
	check_lean_equals_full("big", big, n);
	free(big);
	/* Every real file (when ../shared is there). */
	each_real_file(check_lean_equals_full);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_nomem),
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_real_repeat),
		cmocka_unit_test(test_lean),
	};
	return ms_test_run_group("pb_write", fixed, N_OF(fixed), refusals, N_OF(refusals), sizeof refusals[0],
				 test_refusal);
}
