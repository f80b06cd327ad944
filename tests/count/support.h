/*
 * Helpers shared by the counting tests (tests/count/test_*.c): an allocator
 * that fails on demand, elections built by hand, .pb round trips, tables of
 * cases with one runner each (curl-style: a cmocka test per case, named
 * after it) and what a case expects of an outcome, and the Pabulib
 * instances with the selections pabutools computed
 * (../shared/pabulib/expected).
 * Test code: failures end the running test through cmocka assertions.
 */
#ifndef MS_TEST_SUPPORT_H
#define MS_TEST_SUPPORT_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "count/count.h"
#include "count/pb.h"
#include "count/rules.h"

/* An allocator that counts live blocks and fails the fail_at-th call
 * (1-based; 0 never fails). Initialise as { 0, k, 0 }. */
struct ms_test_failing {
	size_t calls;
	size_t fail_at;
	long live;
};

/* The allocator that allocates through f (which must outlive it). */
struct ms_allocator ms_test_failing_allocator(struct ms_test_failing *f);

/* A rule under an allocator, with one option of its own (satisfaction,
 * slots, ...), for ms_test_fail_each_allocation. */
typedef int (*ms_test_rule_opt_fn)(const struct ms_allocator *a, const struct ms_election *el, int opt,
				   struct ms_outcome *o, struct ms_error *e);

/* Run fn on el with an allocator that fails the k-th allocation, k = 1, 2,
 * … until it succeeds: every failure is MS_ERR_NOMEM (in *e too) with
 * nothing left allocated and an empty outcome, and the success leaves
 * nothing allocated once its outcome is freed. More than min_fails
 * failures are expected (and fewer than 5000). */
void ms_test_fail_each_allocation(const struct ms_election *el, ms_test_rule_opt_fn fn, int opt, size_t min_fails);

/*
 * Fills el by hand with malloc'd arrays; project ids point into ids (not
 * copied). votes: voters separated by ';', each a space-separated list of
 * project indices, or "index:points" for cumulative/scoring; "" is an empty
 * vote. vote_points is kept only for cumulative and scoring votes.
 * Release with ms_test_unbuild.
 */
void ms_test_build(struct ms_election *el, enum ms_vote_type vt, int64_t budget, uint32_t np,
		   const char *const *ids, const int64_t *costs, const char *votes);
void ms_test_unbuild(struct ms_election *el);

/* o's selection as "3,0,2" (outcome order) into buf. */
void ms_test_sel_str(const struct ms_outcome *o, char *buf, size_t cap);

/* o's steps as text into buf: "+1=8 -0=5 ?2=5", a step each, separated by
 * ' ': its kind (+ selected, - skipped, x dropped, c completion, ? stop),
 * its project, '=' and its value ("-" when it has none). */
void ms_test_steps_str(const struct ms_outcome *o, char *buf, size_t cap);

/* ---- Pabulib files ---------------------------------------------------------- */

/* text parsed (failing the test with the message when it does not). */
struct ms_election *ms_test_pb_parse_ok(const char *text);
/* Write el, parse the text back: an equal election, and the same text when
 * written again. */
void ms_test_pb_round_trip(const struct ms_election *el);
/* The invariants election.h promises. */
void ms_test_pb_invariants(const struct ms_election *el);
/* Voter v's ballot: its length, the id of its k-th project. */
uint32_t ms_test_ballot_len(const struct ms_election *el, uint32_t v);
const char *ms_test_ballot_id(const struct ms_election *el, uint32_t v, uint32_t k);

/* ---- tables of cases ------------------------------------------------------ */

/* An election written out for a table (ms_test_build's arguments). */
struct ms_test_el {
	enum ms_vote_type vt;
	int64_t budget;
	uint32_t np;
	const char *const *ids;
	const int64_t *costs;
	const char *votes;
	int64_t money_scale;          /* 0: 1 */
};

/* ms_test_build from t; release with ms_test_unbuild. */
void ms_test_build_el(struct ms_election *el, const struct ms_test_el *t);

/*
 * What a case expects of an outcome; NULL is "not checked". Every outcome
 * checked is also within the budget, its total the sum of the costs of its
 * projects, none of them twice.
 *   sel        the selected project indices in the rule's order, "3,0,2"
 *   sel_ids    the same by id, space-separated: "z a"
 *   total      total_cost, "10"
 *   steps      every step, as ms_test_steps_str writes them
 *   step       single steps: "+1=1/2 @0 [0,1]" is the first SELECTED step
 *              of project 1, its value 1/2, 0 left, paid by voters 0 and 1;
 *              "#2 -2=1/9" is steps[2], SKIPPED, project 2, value 1/9; "#$"
 *              the last step; each part after the kind may be left out
 *              ("#0 =5": steps[0]'s value); "[]" is no payers
 *   mes_budget the per-voter budget of a completion, "-": none
 *   iterations mes_iterations, "101"
 */
struct ms_test_outcome {
	const char *sel, *sel_ids, *total, *steps;
	const char *step[4];
	const char *mes_budget, *iterations;
};

void ms_test_check_outcome(const struct ms_election *el, const struct ms_outcome *o,
			   const struct ms_test_outcome *want);

/* A table of cases: an array of n structs of size bytes whose first member
 * is the case's name (a const char *), and the test that runs one case,
 * which it finds in *state. */
struct ms_test_table {
	const void *cases;
	size_t n, size;
	void (*fn)(void **state);
};
#define MS_TEST_TABLE(array, fn) {(array), sizeof(array) / sizeof((array)[0]), sizeof((array)[0]), (fn)}

/* One cmocka group (one per executable): a test per case of each table,
 * named after it, then the fixed tests. Returns what cmocka returns. */
struct CMUnitTest;
int ms_test_run_tables(const char *group, const struct ms_test_table *tables, size_t n_tables,
		       const struct CMUnitTest *fixed, size_t n_fixed);
/* The same with one table. */
int ms_test_run_group(const char *group, const struct CMUnitTest *fixed, size_t n_fixed, const void *cases,
		      size_t n_cases, size_t case_size, void (*fn)(void **state));

/* ---- against pabutools (../shared/pabulib/expected) ------------------------ */

/* The Pabulib directory: $MINSHENG_PABULIB, else ../../../shared/pabulib
 * from this source file, else ../shared/pabulib or ../../shared/pabulib from
 * the working directory. Its path goes into path; NULL if absent. */
DIR *ms_test_open_pabulib(char *path, size_t cap);
/* The directory rel from tests/count (e.g. "fixtures/ees") into path, open;
 * NULL when it is not found. */
DIR *ms_test_open_near(const char *rel, char *path, size_t cap);

/* The whole file into a malloc'd buffer (NUL-terminated), or NULL. */
char *ms_test_slurp(const char *path, size_t *len);

/* In the expected JSON, the string value of "key" (first occurrence),
 * copied into out; false when absent. */
bool ms_test_json_string(const char *json, const char *key, char *out, size_t cap);

/* The JSON object of rule (its text up to the first closing brace, which
 * goes into *end), or NULL. */
const char *ms_test_json_rule(const char *json, const char *rule, const char **end);

/*
 * The rule's "selected" list as "id\nid\n..." (JSON order, which is sorted):
 * 1 when a list, 0 when null, -1 when there is none. within_rule: look only
 * inside the rule's object; otherwise take the first "selected" after the
 * rule's name.
 */
int ms_test_json_selected(const char *json, const char *rule, bool within_rule, char *out, size_t cap);

/* Our selection as "id\nid\n..." sorted byte-wise like the JSON. */
void ms_test_our_selected(const struct ms_election *el, const struct ms_outcome *o, char *out, size_t cap);

/* Called once per expected/<name>.json with its text, the Pabulib file
 * it names (pbname) and that file parsed. */
typedef void (*ms_test_expected_fn)(void *ctx, const char *pbname, const char *json,
				    const struct ms_election *el);

/* Calls fn for every expected instance (in directory order); skips the test
 * when the Pabulib directory is absent. */
void ms_test_each_expected(ms_test_expected_fn fn, void *ctx);
/* The same for every <name>.json of directory jdir, its "file" read from
 * pbdir. */
void ms_test_each_json(const char *jdir, const char *pbdir, ms_test_expected_fn fn, void *ctx);

/* Runs the rule named key on el. */
typedef int (*ms_test_rule_fn)(const struct ms_election *el, const char *key, struct ms_outcome *o);

/* For every expected instance and each of the n_keys (at most 8) rules with
 * a non-null "selected": fn stays within the budget and selects the same
 * projects; each rule is checked at least once. */
void ms_test_check_selected(const char *const *keys, size_t n_keys, ms_test_rule_fn fn);

/* A random small election (test_mes_random.c, test_measures.c): 1–6
 * projects, 1–9 voters (some repeating the ballot before, so voters form
 * groups), small integer costs and budget (ties everywhere) or, when
 * may_be_big and a draw says so, larger ones; approval ballots, or points
 * (cumulative). rnd(n) draws from 0..n-1. */
void ms_test_random_election(struct ms_election *el, uint32_t (*rnd)(uint32_t), bool may_be_big, bool points);

#endif
