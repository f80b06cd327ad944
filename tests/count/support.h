/*
 * Helpers shared by the counting tests (tests/count/test_*.c): an allocator
 * that fails on demand, elections built by hand, and the Pabulib instances
 * with the selections pabutools computed (../shared/pabulib/expected).
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

/* The Pabulib directory: $MINSHENG_PABULIB, else ../../../shared/pabulib
 * from this source file, else ../shared/pabulib or ../../shared/pabulib from
 * the working directory. Its path goes into path; NULL if absent. */
DIR *ms_test_open_pabulib(char *path, size_t cap);

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

/* Runs the rule named key on el. */
typedef int (*ms_test_rule_fn)(const struct ms_election *el, const char *key, struct ms_outcome *o);

/* For every expected instance and each of the n_keys (at most 8) rules with
 * a non-null "selected": fn stays within the budget and selects the same
 * projects; each rule is checked at least once. */
void ms_test_check_selected(const char *const *keys, size_t n_keys, ms_test_rule_fn fn);

#endif
