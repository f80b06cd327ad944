/*
 * fuzz_pb.c — libFuzzer driver for the Pabulib .pb reader, writer and
 * builder (count/pb_*.c).
 *
 * Feeds the input to ms_pb_parse. On failure the error must be the
 * documented one: MS_ERR_UNPROCESSABLE with a pb_* code of the catalogue
 * (count/count_codes.def) and a message "line N: ..." with N within the
 * input (and its Chinese twin), or MS_ERR_NOMEM; *out NULL. On
 * success it checks what election.h promises (ids ranked byte-wise, costs
 * and budget >= 0, offsets in order, project indices in range, no repeats
 * in a ballot, points exactly for cumulative / scoring and >= 0, limits),
 * writes the election, parses the text again and requires an equal
 * election and the same text when written again. When the money is whole
 * (money_scale 1) it also rebuilds the election through ms_election_build
 * and requires the same projects and ballots (or a refusal naming the
 * spec). A lean parse whose VOTES rows two threads read (MS_PB_SPLIT) must
 * give the same error or the same voters and ballots. A broken promise calls abort(), which libFuzzer reports as a
 * crash. All memory goes through a counting allocator that must end at
 * zero. Build and run: see fuzz/README.md.
 */
#include "count/pb.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(int ok)
{
	if (!ok)
		abort();
}

static long live;

static void *count_alloc(void *ctx, size_t size)
{
	(void)ctx;
	void *p = malloc(size);
	if (p)
		live++;
	return p;
}

static void count_free(void *ctx, void *ptr)
{
	(void)ctx;
	if (ptr) {
		live--;
		free(ptr);
	}
}

static const struct ms_allocator alloc = {count_alloc, count_free, NULL};

static void check_election(const struct ms_election *el)
{
	uint32_t np = el->n_projects, nv = el->n_voters;
	check(np <= MS_PB_MAX_PROJECTS && nv <= MS_PB_MAX_VOTERS);
	check(el->budget >= 0 && el->money_scale >= 1 && el->money_scale <= 1000000000);
	check(el->n_project_cols >= 1 && el->n_vote_cols >= 1);
	uint8_t *seen = calloc(np ? np : 1, 1);
	check(seen != NULL);
	for (uint32_t p = 0; p < np; p++) {
		check(el->cost[p] >= 0);
		check(el->project_id[p][0] != 0);
		check(el->id_rank[p] < np && !seen[el->id_rank[p]]);
		seen[el->id_rank[p]] = 1;
	}
	/* Ranks follow strcmp (no NUL in ids: byte-wise, shorter first). */
	uint32_t *by_rank = malloc((np ? np : 1) * sizeof *by_rank);
	check(by_rank != NULL);
	for (uint32_t p = 0; p < np; p++)
		by_rank[el->id_rank[p]] = p;
	for (uint32_t r = 1; r < np; r++)
		check(strcmp(el->project_id[by_rank[r - 1]], el->project_id[by_rank[r]]) < 0);
	free(by_rank);
	bool points = el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING;
	check(points == (el->vote_points != NULL));
	check(el->vote_off[0] == 0);
	for (uint32_t v = 0; v < nv; v++) {
		check(el->vote_off[v] <= el->vote_off[v + 1]);
		check(el->voter_id[v] != NULL);
		memset(seen, 0, np ? np : 1);
		for (uint32_t k = el->vote_off[v]; k < el->vote_off[v + 1]; k++) {
			uint32_t p = el->vote_proj[k];
			check(p < np && !seen[p]);
			seen[p] = 1;
			if (points)
				check(el->vote_points[k] >= 0);
		}
	}
	free(seen);
}

/* Rebuild el from a spec (whole money only) and compare what a spec holds. */
static void check_build(const struct ms_election *el)
{
	if (el->money_scale != 1)
		return;
	struct ms_election_spec sp;
	memset(&sp, 0, sizeof sp);
	sp.vote_type = el->vote_type;
	sp.budget = el->budget;
	sp.max_length = el->max_length;
	sp.min_length = el->min_length;
	sp.n_projects = el->n_projects;
	sp.project_id = (const char *const *)el->project_id;
	sp.cost = el->cost;
	sp.n_voters = el->n_voters;
	sp.ballot_off = el->vote_off;
	sp.ballot_proj = el->vote_proj;
	sp.ballot_points = el->vote_points;
	struct ms_election *b = NULL;
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_election_build(&alloc, &sp, &b, &e);
	if (rc != 0) {
		check(b == NULL);
		check(rc == MS_ERR_NOMEM ||
		      (rc == MS_ERR_UNPROCESSABLE && e.code && strcmp(e.code, MS_E_PB_INVALID_SPEC.code) == 0));
		return;
	}
	check_election(b);
	check(b->vote_type == el->vote_type && b->budget == el->budget && b->money_scale == 1);
	check(b->n_projects == el->n_projects && b->n_voters == el->n_voters);
	check(b->max_length == el->max_length && b->min_length == el->min_length);
	for (uint32_t p = 0; p < el->n_projects; p++) {
		check(strcmp(b->project_id[p], el->project_id[p]) == 0);
		check(b->cost[p] == el->cost[p] && b->id_rank[p] == el->id_rank[p]);
	}
	uint32_t items = el->vote_off[el->n_voters];
	check(memcmp(b->vote_off, el->vote_off, (el->n_voters + 1) * sizeof *el->vote_off) == 0);
	check(items == 0 || memcmp(b->vote_proj, el->vote_proj, items * sizeof *el->vote_proj) == 0);
	if (el->vote_points)
		check(items == 0 || memcmp(b->vote_points, el->vote_points, items * sizeof *el->vote_points) == 0);
	ms_election_free(&alloc, b);
}

/* A lean parse whose VOTES rows two threads read (MS_PB_SPLIT) gives what
 * the full parse gave: the same error, worded alike, or the same voters and
 * ballots. */
static void check_split(const char *text, size_t size, int rc, const struct ms_error *e,
			const struct ms_election *el)
{
	struct ms_election *lean = NULL;
	struct ms_error le;
	ms_error_clear(&le);
	int lr = ms_pb_parse_ex(&alloc, text, size, MS_PB_LEAN | MS_PB_SPLIT, &lean, &le);
	if (rc == MS_ERR_NOMEM || lr == MS_ERR_NOMEM)
		goto done;
	check(lr == rc);
	if (rc) {
		check(strcmp(le.code, e->code) == 0 && strcmp(le.message, e->message) == 0 &&
		      strcmp(le.message_zh, e->message_zh) == 0);
		goto done;
	}
	uint32_t nv = el->n_voters;
	check(lean->n_voters == nv && memcmp(lean->vote_off, el->vote_off, (nv + 1) * sizeof *el->vote_off) == 0);
	check(memcmp(lean->vote_proj, el->vote_proj, el->vote_off[nv] * sizeof *el->vote_proj) == 0);
	check(!el->vote_points ||
	      memcmp(lean->vote_points, el->vote_points, el->vote_off[nv] * sizeof *el->vote_points) == 0);
	for (uint32_t v = 0; v < nv; v++)
		check(strcmp(lean->voter_id[v], el->voter_id[v]) == 0);
done:
	ms_election_free(&alloc, lean);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy without a terminator, so reads past size are caught. */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	size_t lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += text[i] == '\n';

	struct ms_election *el = (struct ms_election *)1;
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_pb_parse(&alloc, text, size, &el, &e);
	check_split(text, size, rc, &e, rc ? NULL : el);
	if (rc != 0) {
		check(el == NULL);
		check(e.err == rc);
		check(rc == MS_ERR_UNPROCESSABLE || rc == MS_ERR_NOMEM);
		if (rc == MS_ERR_UNPROCESSABLE) {
			check(e.code && strncmp(e.code, "pb_", 3) == 0 && e.message_zh[0] != 0);
			check(strncmp(e.message, "line ", 5) == 0);
			char *end;
			unsigned long line = strtoul(e.message + 5, &end, 10);
			check(line >= 1 && line <= lines && *end == ':');
		}
		check(live == 0);
		free(text);
		return 0;
	}
	check_election(el);

	char *out = NULL, *out2 = NULL;
	size_t len = 0, len2 = 0;
	check(ms_pb_write(&alloc, el, &out, &len, &e) == 0);
	check(out[len] == 0);
	struct ms_election *back = NULL;
	rc = ms_pb_parse(&alloc, out, len, &back, &e);
	check(rc == 0);
	check(ms_election_equal(el, back));
	check(ms_pb_write(&alloc, back, &out2, &len2, &e) == 0);
	check(len == len2 && memcmp(out, out2, len) == 0);
	check_build(el);

	alloc.free(NULL, out);
	alloc.free(NULL, out2);
	ms_election_free(&alloc, back);
	ms_election_free(&alloc, el);
	check(live == 0);
	free(text);
	return 0;
}
