/*
 * pb.h — Pabulib's .pb format (https://pabulib.org/format), read from and
 * written to memory (the caller does the I/O), exactly as
 * ../shared/pabulib/README.md describes: UTF-8 (BOM tolerated), \n or \r\n,
 * ';'-separated rows with CSV quoting, sections META / PROJECTS / VOTES.
 * A bad file gets MS_ERR_UNPROCESSABLE with a pb_* code of the catalogue
 * (count_codes.def, e.g. "pb_unknown_project") and a message in English and
 * Chinese that names the line ("line 42: unknown project id '17' in vote");
 * never a crash. Fast: one pass, no allocation per field beyond the arena;
 * a large lean parse reads its VOTES rows in two threads (pb_split.c).
 */
#ifndef MS_PB_H
#define MS_PB_H

#include "election.h"

/* Hard limits of the reader (larger input is an error, never a crash). */
#define MS_PB_MAX_INPUT ((size_t)1 << 30)  /* bytes of input (1 GiB) */
#define MS_PB_MAX_VOTERS 1000000u          /* VOTES rows */
#define MS_PB_MAX_PROJECTS 100000u         /* PROJECTS rows */
#define MS_PB_MAX_FIELD ((size_t)1 << 20)  /* bytes of one field after unquoting (1 MiB) */
#define MS_PB_MAX_DECIMALS 9               /* decimals of a cost or the budget: money_scale <= 10^9 */

/* Parse len bytes (buf may be NULL when len is 0). 0 and *out (free with
 * ms_election_free), or MS_ERR_UNPROCESSABLE (a pb_* code, "line N: ...")
 * or MS_ERR_NOMEM, with *out = NULL and nothing left allocated
 * (MS_ERR_INVALID, count_bad_call, for a NULL a or out). Every treatment of odd input is
 * listed at the top of pb_read.c and in docs/pabulib.md. */
int ms_pb_parse(const struct ms_allocator *a, const char *buf, size_t len, struct ms_election **out,
		struct ms_error *e);

/* Flags of ms_pb_parse_ex. MS_PB_LEAN: for counting only — the fields of
 * the VOTES rows are not kept (vote_fields is NULL; vote_cols, voter ids,
 * ballots and everything else are), which saves about 8 bytes per field;
 * such an election cannot be written back with ms_pb_write. */
#define MS_PB_LEAN 1u
/* MS_PB_SPLIT, for tests: with MS_PB_LEAN, read the VOTES rows in two
 * threads whatever their size. Without it they are when they are large
 * (pb_split.c); the election and any error are the same either way. */
#define MS_PB_SPLIT 2u

/* ms_pb_parse with flags (0: keep everything, as ms_pb_parse). */
int ms_pb_parse_ex(const struct ms_allocator *a, const char *buf, size_t len, unsigned flags,
		   struct ms_election **out, struct ms_error *e);

/* Serialise el as .pb text into a new buffer (*out, *out_len; NUL-terminated
 * one past *out_len; free with a->free). Writes the META rows (under a
 * key;value header), then the PROJECTS and VOTES headers and rows kept in
 * el, '\n' line ends, quoting a field that holds ';', '"', \r or \n; for an
 * election from ms_pb_parse or ms_election_build, parsing the output gives
 * back an equal one (ms_election_equal). MS_ERR_UNPROCESSABLE
 * (pb_unwritable, naming the section in field) when a row
 * could not read back as itself (a first field that is a section name, a
 * one-field blank row, a missing field), MS_ERR_NOMEM (MS_ERR_INVALID for
 * NULL arguments); *out = NULL on failure. */
int ms_pb_write(const struct ms_allocator *a, const struct ms_election *el, char **out, size_t *out_len,
		struct ms_error *e);

/* What a Minsheng poll gives to be exported as .pb (anonymous ballots only).
 * Money is in whole yuan (money_scale 1). Strings are UTF-8, at most
 * MS_PB_MAX_FIELD bytes. */
struct ms_election_spec {
	enum ms_vote_type vote_type;
	const char *description;          /* META description, country, unit, instance; NULL = "" */
	const char *country;
	const char *unit;
	const char *instance;
	int64_t budget;                   /* yuan, >= 0 */
	uint32_t max_length;              /* written as META max_length when > 0 */
	uint32_t min_length;              /* written as META min_length when > 0 */
	size_t n_meta;                    /* more META rows, written after the standard ones; a key */
	const char *const *meta_key;      /* may not be one of the standard keys above (nor num_projects, */
	const char *const *meta_value;    /* num_votes, budget, vote_type) or a section name */

	uint32_t n_projects;              /* <= MS_PB_MAX_PROJECTS */
	const char *const *project_id;    /* unique, non-empty, no ',', no leading/trailing whitespace, */
	                                  /* not "None" nor META / PROJECTS / VOTES (any case) */
	const int64_t *cost;              /* yuan, >= 0 */
	const char *const *project_name;  /* NULL: no name column; else n_projects names (NULL entry = "") */

	uint32_t n_voters;                /* <= MS_PB_MAX_VOTERS; exported voter ids are 1..n_voters */
	const uint32_t *ballot_off;       /* n_voters + 1 nondecreasing offsets into ballot_proj, [0] = 0 */
	const uint32_t *ballot_proj;      /* project indices, no repeats within a ballot; ordinal: best first */
	const int64_t *ballot_points;     /* aligned with ballot_proj, >= 0: required for cumulative and */
	                                  /* scoring, must be NULL for the other vote types */
};

/* Build the election a poll exports: META description, country, unit,
 * instance, num_projects, num_votes, budget, vote_type (then max_length,
 * min_length, the extra rows); PROJECTS project_id;cost[;name]; VOTES
 * voter_id;vote[;points]. The result is exactly what ms_pb_parse gives for
 * the text ms_pb_write makes of it. 0 and *out (free with
 * ms_election_free), MS_ERR_UNPROCESSABLE (pb_invalid_spec) naming the bad
 * part of spec in field, or MS_ERR_NOMEM (MS_ERR_INVALID for NULL arguments);
 * *out = NULL on failure. */
int ms_election_build(const struct ms_allocator *a, const struct ms_election_spec *spec, struct ms_election **out,
		      struct ms_error *e);

/* Field-by-field equality of two elections (everything but priv): the
 * round-trip check of the tests and the fuzzer. */
bool ms_election_equal(const struct ms_election *x, const struct ms_election *y);

#endif
