/*
 * test_pb.c — unit tests of the Pabulib .pb reader, writer and builder
 * (src/count/pb_*.c).
 *
 * One cmocka group; run with CMOCKA_MESSAGE_OUTPUT=TAP. Covers the text
 * layer (BOM, CRLF, quoting, blank rows, UTF-8), sections and headers,
 * META (vote_type, budget, lengths), exact money and its scale, project
 * ids and their byte-wise ranks, every vote type, each documented
 * treatment of hostile input with the line its error names, the limits,
 * writing and round trips, the builder, an allocator that fails each
 * allocation in turn, and — when ../shared/pabulib exists — a round trip
 * of every real file there (MINSHENG_PABULIB overrides the directory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "count/pb.h"
#include "support.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

static const struct ms_allocator *A = &ms_allocator_libc;

static struct ms_election *parse_ok(const char *text)
{
	struct ms_election *el = NULL;
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_pb_parse(A, text, strlen(text), &el, &e);
	if (rc != 0)
		fail_msg("parse failed: %s", e.message);
	assert_non_null(el);
	return el;
}

/* Parsing fails with invalid_pb, "line N: " and a message holding part. */
static void parse_err_n(const char *text, size_t len, size_t line, const char *part)
{
	struct ms_election *el = (struct ms_election *)1;
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_pb_parse(A, text, len, &el, &e);
	if (rc == 0) {
		ms_election_free(A, el);
		fail_msg("parsed, expected an error '%s' on line %zu", part, line);
	}
	assert_int_equal(rc, MS_ERR_UNPROCESSABLE);
	assert_null(el);
	assert_int_equal(e.err, MS_ERR_UNPROCESSABLE);
	assert_non_null(e.code);
	assert_true(strncmp(e.code, "pb_", 3) == 0);
	char prefix[32];
	snprintf(prefix, sizeof prefix, "line %zu: ", line);
	if (strncmp(e.message, prefix, strlen(prefix)) != 0 || !strstr(e.message, part))
		fail_msg("expected '%s...%s', got '%s'", prefix, part, e.message);
}

static void parse_err(const char *text, size_t line, const char *part)
{
	parse_err_n(text, strlen(text), line, part);
}

/* Write el, parse the text back, and check it is equal. */
static void check_round_trip(const struct ms_election *el)
{
	char *text = NULL;
	size_t len = 0;
	struct ms_error e;
	ms_error_clear(&e);
	int rc = ms_pb_write(A, el, &text, &len, &e);
	if (rc)
		fail_msg("write failed: %s", e.message);
	assert_int_equal(text[len], 0);
	struct ms_election *back = NULL;
	rc = ms_pb_parse(A, text, len, &back, &e);
	if (rc)
		fail_msg("re-parse failed: %s\n%.*s", e.message, (int)(len < 2000 ? len : 2000), text);
	assert_true(ms_election_equal(el, back));
	/* Writing is a fixed point after one trip. */
	char *text2 = NULL;
	size_t len2 = 0;
	assert_int_equal(ms_pb_write(A, back, &text2, &len2, &e), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(text, text2, len);
	free(text2);
	ms_election_free(A, back);
	free(text);
}

/* The invariants election.h promises. */
static void check_invariants(const struct ms_election *el)
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

static uint32_t ballot_len(const struct ms_election *el, uint32_t v)
{
	return el->vote_off[v + 1] - el->vote_off[v];
}

static const char *ballot_id(const struct ms_election *el, uint32_t v, uint32_t k)
{
	return el->project_id[el->vote_proj[el->vote_off[v] + k]];
}

#define HEAD_META "META\nkey;value\nbudget;100\nvote_type;approval\n"
#define HEAD_PROJ "PROJECTS\nproject_id;cost\n1;10\n2;20\n3;30\n"
#define HEAD HEAD_META HEAD_PROJ "VOTES\nvoter_id;vote\n"

/* ---- the text layer ------------------------------------------------------- */

static void test_minimal(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok(HEAD "a;1,2\nb;3\nc;\n");
	assert_int_equal(el->vote_type, MS_VOTE_APPROVAL);
	assert_int_equal(el->n_projects, 3);
	assert_string_equal(el->project_id[0], "1");
	assert_string_equal(el->project_id[2], "3");
	assert_int_equal(el->cost[1], 20);
	assert_int_equal(el->budget, 100);
	assert_int_equal(el->money_scale, 1);
	assert_int_equal(el->n_voters, 3);
	assert_int_equal(ballot_len(el, 0), 2);
	assert_string_equal(ballot_id(el, 0, 1), "2");
	assert_int_equal(ballot_len(el, 2), 0);
	assert_string_equal(el->voter_id[1], "b");
	assert_null(el->vote_points);
	assert_int_equal(el->max_length, 0);
	assert_int_equal(el->min_length, 0);
	assert_int_equal(el->n_meta, 2);
	assert_string_equal(el->meta_key[0], "budget");
	assert_string_equal(el->meta_value[1], "approval");
	assert_int_equal(el->n_project_cols, 2);
	assert_string_equal(el->project_cols[1], "cost");
	assert_string_equal(el->project_fields[2 * 2 + 1], "30");
	assert_int_equal(el->n_vote_cols, 2);
	assert_string_equal(el->vote_cols[0], "voter_id");
	assert_string_equal(el->vote_fields[0 * 2 + 1], "1,2");
	assert_string_equal(el->vote_fields[2 * 2 + 1], "");
	check_invariants(el);
	check_round_trip(el);
	ms_election_free(A, el);
	ms_election_free(A, NULL);
}

static void test_bom_crlf(void **state)
{
	(void)state;
	const char *lf = HEAD "a;1,2\nb;3\n";
	const char *crlf = "\xEF\xBB\xBFMETA\r\nkey;value\r\nbudget;100\r\nvote_type;approval\r\nPROJECTS\r\n"
			   "project_id;cost\r\n1;10\r\n2;20\r\n3;30\r\nVOTES\r\nvoter_id;vote\r\na;1,2\r\nb;3";
	struct ms_election *x = parse_ok(lf), *y = parse_ok(crlf);
	assert_true(ms_election_equal(x, y));
	ms_election_free(A, x);
	ms_election_free(A, y);
	/* Line numbers count physical lines with CRLF too (and ignore the BOM). */
	parse_err("\xEF\xBB\xBFMETA\r\nkey;value\r\nbudget;-1\r\n", 3, "negative budget");
	/* A lone \r is data; a \r kept at the end of a field is quoted on writing. */
	struct ms_election *z = parse_ok(HEAD_META "PROJECTS\r\nproject_id;cost;name\r\n1;10;x\ry\r\n2;5;a\r\r\n"
					 "VOTES\nvoter_id;vote\nv;1\n");
	assert_string_equal(z->project_fields[2], "x\ry");
	assert_string_equal(z->project_fields[5], "a\r");
	check_round_trip(z);
	ms_election_free(A, z);
}

static void test_quoting(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok(HEAD_META "PROJECTS\nproject_id;cost;name\n"
						    "\"1\";\"10\";\"a;b\"\n"
						    "2;20;\"two\nlines \"\"quoted\"\"\"\n"
						    "3;30;\"\"\n"
						    "4;1;x\"y\n"
						    "VOTES\nvoter_id;vote\n"
						    "\"v1\";\"1,2\"\n"
						    "v2;\"\"\n");
	assert_int_equal(el->n_projects, 4);
	assert_string_equal(el->project_fields[2], "a;b");
	assert_string_equal(el->project_fields[5], "two\nlines \"quoted\"");
	assert_string_equal(el->project_fields[8], "");
	assert_string_equal(el->project_fields[11], "x\"y");
	assert_int_equal(ballot_len(el, 0), 2);
	assert_int_equal(ballot_len(el, 1), 0);
	check_round_trip(el);
	ms_election_free(A, el);

	/* A row after a two-line quoted field is named by its physical line. */
	parse_err(HEAD_META "PROJECTS\nproject_id;cost;name\n1;10;\"a\nb\nc\"\n2;-5;x\n", 10, "negative cost");
	/* A quoted field holding a line end, then an error in the same row. */
	parse_err(HEAD_META "PROJECTS\nproject_id;cost;name\n1;-1;\"a\nb\"\n", 7, "negative cost");
}

static void test_quote_errors(void **state)
{
	(void)state;
	parse_err(HEAD "a;\"1,2\nb;3\n", 12, "unterminated quoted field");
	parse_err(HEAD "a;\"1\"x\n", 12, "after a closing quote");
	parse_err(HEAD "a;\"1\"\rx\n", 12, "after a closing quote");
	parse_err(HEAD "a;\"1\n2\"x\n", 12, "after a closing quote");
	/* Spaces before a quote make it an ordinary character. */
	struct ms_election *el = parse_ok(HEAD_META "PROJECTS\nproject_id;cost;name\n1;10; \"a\"\n"
						    "VOTES\nvoter_id;vote\n");
	assert_string_equal(el->project_fields[2], " \"a\"");
	check_round_trip(el);
	ms_election_free(A, el);
}

static void test_blank_rows(void **state)
{
	(void)state;
	const char *text = "\n  \nMETA\n\n\t\nkey;value\n\nbudget;100\n \nvote_type;approval\n\n"
			   "PROJECTS\n\nproject_id;cost\n1;10\n\n2;20\n3;30\n\"\"\nVOTES\n\" \"\nvoter_id;vote\n"
			   "a;1,2\n\n\nb;3\n\n";
	struct ms_election *x = parse_ok(text), *y = parse_ok(HEAD "a;1,2\nb;3\n");
	assert_true(ms_election_equal(x, y));
	ms_election_free(A, x);
	ms_election_free(A, y);
	/* A row of empty fields is not blank: it is a voter. */
	struct ms_election *el = parse_ok(HEAD ";\n");
	assert_int_equal(el->n_voters, 1);
	assert_string_equal(el->voter_id[0], "");
	check_round_trip(el);
	ms_election_free(A, el);
}

static void test_utf8(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok(HEAD_META "PROJECTS\nproject_id;cost;name\n路灯;10;修路灯 é\n"
						    "VOTES\nvoter_id;vote\n张三;路灯\n");
	assert_string_equal(el->project_id[0], "路灯");
	assert_int_equal(ballot_len(el, 0), 1);
	ms_election_free(A, el);
	parse_err(HEAD "a;1\nb;\xC3\n", 13, "invalid UTF-8");
	parse_err(HEAD "a;\xC0\xAF\n", 12, "invalid UTF-8");          /* overlong '/' */
	parse_err(HEAD "a;\xED\xA0\x80\n", 12, "invalid UTF-8");      /* surrogate */
	parse_err(HEAD "a;\xF4\x90\x80\x80\n", 12, "invalid UTF-8");  /* > U+10FFFF */
	parse_err(HEAD "a;\x80\n", 12, "invalid UTF-8");              /* stray continuation */
	parse_err("META\n\xE4\xB8", 2, "invalid UTF-8");               /* truncated at the end */
	/* Invalid bytes deep in a long ASCII run and after other characters. */
	char big[4096];
	memset(big, 'x', sizeof big);
	memcpy(big, "META\nkey;value\n", 15);
	big[3000] = '\n';
	big[3500] = (char)0xFF;
	parse_err_n(big, sizeof big, 4, "invalid UTF-8");
	memcpy(big + 100, "\xE8\xB7\xAF", 3);
	parse_err_n(big, sizeof big, 4, "invalid UTF-8");
	big[3500] = 0;
	parse_err_n(big, sizeof big, 4, "NUL byte");
	parse_err_n(HEAD "a;1\0\n", strlen(HEAD) + 5, 12, "NUL byte");
}

/* ---- sections ----------------------------------------------------------------- */

static void test_sections(void **state)
{
	(void)state;
	/* Names trimmed and in any case; PROJECTS may come before META. */
	struct ms_election *x = parse_ok(" projects \nproject_id;cost\n1;10\n2;20\n3;30\n\tMeta\nkey;value\n"
					 "budget;100\nvote_type;approval\nvotes;;\nvoter_id;vote\na;1\n");
	assert_int_equal(x->n_projects, 3);
	assert_int_equal(x->n_voters, 1);
	check_round_trip(x);
	ms_election_free(A, x);

	parse_err("", 1, "no META section");
	parse_err("key;value\n", 1, "before any META");
	parse_err(HEAD_META, 5, "no PROJECTS section");
	parse_err(HEAD_META HEAD_PROJ, 10, "no VOTES section");
	parse_err(HEAD_META HEAD_PROJ "VOTES\n", 10, "VOTES section has no header");
	parse_err("META\nPROJECTS\nproject_id;cost\n", 1, "META section has no header");
	parse_err(HEAD_META "VOTES\nvoter_id;vote\n", 5, "VOTES before PROJECTS");
	parse_err(HEAD_PROJ "VOTES\nvoter_id;vote\n", 6, "VOTES before META");
	parse_err(HEAD_META HEAD_PROJ "META\nkey;value\n", 10, "second META section (first on line 1)");
	parse_err(HEAD "a;1\nPROJECTS\nproject_id;cost\n", 13, "second PROJECTS section");
	/* A voter id that is a section name starts a section. */
	parse_err(HEAD "votes;1\n", 12, "second VOTES section");
}

static void test_headers_and_widths(void **state)
{
	(void)state;
	parse_err(HEAD_META "PROJECTS\nproject_id;price\n1;10\n", 6, "no cost column");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost;cost\n1;10;10\n", 6, "names cost twice");
	parse_err(HEAD_META HEAD_PROJ "VOTES\nvoter_id;ballot\na;1\n", 11, "no vote column");
	parse_err(HEAD_META HEAD_PROJ "VOTES\nvote;vote\n", 11, "names vote twice");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost\n1;10;x\n", 7, "3 fields, the header 2");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost;name\n1;10\n", 7, "2 fields, the header 3");
	parse_err(HEAD "a;1;x\n", 12, "3 fields, the header 2");
	parse_err(HEAD "a\n", 12, "1 fields, the header 2");
	parse_err("META\nkey;value\nbudget;1;2\n", 3, "expected key;value");
	parse_err("META\nkey;value\nbudget\n", 3, "expected key;value");
	/* Header names are trimmed; the id is the first column whatever its name. */
	struct ms_election *el = parse_ok(HEAD_META "PROJECTS\nname; cost \nalpha;10\nbeta;20\n"
						    "VOTES\n vote ;voter_id\nalpha,beta;x\n");
	assert_string_equal(el->project_id[1], "beta");
	assert_int_equal(el->cost[1], 20);
	assert_int_equal(ballot_len(el, 0), 2);
	assert_string_equal(el->voter_id[0], "alpha,beta");   /* the first column */
	check_round_trip(el);
	ms_election_free(A, el);
	/* The cost column may be the first one: it is then the id too. */
	el = parse_ok(HEAD_META "PROJECTS\ncost\n10\n20\nVOTES\nvoter_id;vote\nx;20\n");
	assert_string_equal(el->project_id[1], "20");
	assert_int_equal(el->cost[1], 20);
	ms_election_free(A, el);
}

/* ---- META ------------------------------------------------------------------------ */

static void test_meta(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok("META\nkey;value\ndescription;a\n\"note\";\"x;y\"\nnote;second\n"
					  " budget ; 100 \nvote_type; ordinal\nmax_length;2\nmin_length;None\n"
					  "num_votes;999\n" HEAD_PROJ "VOTES\nvoter_id;vote\nv;3,1,2\n");
	assert_int_equal(el->n_meta, 8);
	assert_string_equal(el->meta_key[1], "note");
	assert_string_equal(el->meta_value[1], "x;y");
	assert_string_equal(el->meta_value[2], "second");
	assert_string_equal(el->meta_key[3], " budget ");   /* kept as read */
	assert_int_equal(el->budget, 100);
	assert_int_equal(el->vote_type, MS_VOTE_ORDINAL);
	assert_int_equal(el->max_length, 2);
	assert_int_equal(el->min_length, 0);
	/* max_length is not enforced: a ballot of 3 is kept whole, in order. */
	assert_int_equal(ballot_len(el, 0), 3);
	assert_string_equal(ballot_id(el, 0, 0), "3");
	assert_string_equal(ballot_id(el, 0, 2), "2");
	check_round_trip(el);
	ms_election_free(A, el);

	parse_err("META\nkey;value\nbudget;100\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 1, "no vote_type");
	parse_err("META\nkey;value\nbudget;100\nvote_type;Approval\n", 4, "unknown vote_type 'Approval'");
	parse_err("META\nkey;value\nbudget;100\nvote_type;approval\nvote_type;approval\n", 5, "vote_type given twice");
	parse_err("META\nkey;value\nbudget;100\nbudget;100\n", 4, "budget given twice");
	parse_err("META\nkey;value\nmax_length;2\nmax_length;3\n", 4, "max_length given twice");
	parse_err("META\nkey;value\nmax_length;2.5\n", 3, "not a whole number");
	parse_err("META\nkey;value\nmin_length;-1\n", 3, "not a whole number");
	parse_err("META\nkey;value\nmax_length;4294967296\n", 3, "not a whole number");
	el = parse_ok("META\nkey;value\nbudget;100\nvote_type;approval\nmax_length;4294967295\n" HEAD_PROJ
		      "VOTES\nvoter_id;vote\n");
	assert_int_equal(el->max_length, UINT32_MAX);
	assert_int_equal(el->n_voters, 0);
	check_round_trip(el);
	ms_election_free(A, el);
}

static void test_budget(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok("META\nkey;value\nbudget;1234,5\nvote_type;approval\n" HEAD_PROJ
					  "VOTES\nvoter_id;vote\n");
	assert_int_equal(el->money_scale, 10);
	assert_int_equal(el->budget, 12345);
	assert_int_equal(el->cost[0], 100);
	ms_election_free(A, el);
	/* Trailing zeros do not count; the most decimals anywhere set the scale. */
	el = parse_ok("META\nkey;value\nbudget;100.50\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
		      "1;0.25\n2;7\n3;+1,000\nVOTES\nvoter_id;vote\n");
	assert_int_equal(el->money_scale, 100);
	assert_int_equal(el->budget, 10050);
	assert_int_equal(el->cost[0], 25);
	assert_int_equal(el->cost[1], 700);
	assert_int_equal(el->cost[2], 100);
	ms_election_free(A, el);
	el = parse_ok("META\nkey;value\nbudget;.5\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
		      "1;0.000000001\n2;3.\nVOTES\nvoter_id;vote\n");
	assert_int_equal(el->money_scale, 1000000000);
	assert_int_equal(el->budget, 500000000);
	assert_int_equal(el->cost[0], 1);
	assert_int_equal(el->cost[1], 3000000000);
	ms_election_free(A, el);
	/* A budget of zero is allowed. */
	el = parse_ok("META\nkey;value\nbudget;0\nvote_type;approval\n" HEAD_PROJ "VOTES\nvoter_id;vote\n");
	assert_int_equal(el->budget, 0);
	ms_election_free(A, el);
	el = parse_ok("META\nkey;value\nbudget;-0\nvote_type;approval\n" HEAD_PROJ "VOTES\nvoter_id;vote\n");
	assert_int_equal(el->budget, 0);
	ms_election_free(A, el);

	parse_err("META\nkey;value\nvote_type;approval\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 1, "no budget");
	parse_err("META\nkey;value\nbudget;None\nvote_type;approval\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 1,
		  "no budget");
	parse_err("META\nkey;value\nbudget;\nvote_type;approval\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 1,
		  "no budget");
	parse_err("META\nkey;value\nbudget;-5\n", 3, "negative budget");
	parse_err("META\nkey;value\nbudget;1e3\n", 3, "'1e3' is not a decimal");
	parse_err("META\nkey;value\nbudget;1 000\n", 3, "not a decimal");
	parse_err("META\nkey;value\nbudget;1.2.3\n", 3, "not a decimal");
	parse_err("META\nkey;value\nbudget;.\n", 3, "not a decimal");
	parse_err("META\nkey;value\nbudget;0.1234567891\n", 3, "more than 9 decimals");
	parse_err("META\nkey;value\nbudget;9223372036854775808\n", 3, "too large");
	/* Fits alone, overflows once scaled to the costs' decimals. */
	parse_err("META\nkey;value\nbudget;9223372036854775807\nvote_type;approval\n"
		  "PROJECTS\nproject_id;cost\n1;0.5\nVOTES\nvoter_id;vote\n",
		  3, "budget is too large at 1 decimals");
	parse_err("META\nkey;value\nbudget;0.5\nvote_type;approval\n"
		  "PROJECTS\nproject_id;cost\n1;1000000000000000000\nVOTES\nvoter_id;vote\n",
		  7, "cost of project '1' is too large");
}

/* ---- projects ----------------------------------------------------------------------- */

static void test_projects(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok(HEAD_META "PROJECTS\nproject_id;cost\n 7 ;10\n8;-0\n"
						    "VOTES\nvoter_id;vote\n v1 ;7\n");
	assert_string_equal(el->project_id[0], "7");         /* trimmed */
	assert_string_equal(el->project_fields[0], " 7 ");   /* kept as read */
	assert_string_equal(el->voter_id[0], "v1");
	assert_string_equal(el->vote_fields[0], " v1 ");
	assert_int_equal(el->cost[1], 0);
	check_round_trip(el);
	ms_election_free(A, el);

	parse_err(HEAD_META "PROJECTS\nproject_id;cost\n1;10\n2;-10\n", 8, "negative cost of project '2'");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost\n1;10\n2;None\n", 8, "project '2' has no cost");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost\n1;10\n2; \n", 8, "project '2' has no cost");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost\n1;ten\n", 7, "cost 'ten' of project '1'");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost\n1;99999999999999999999\n", 7, "too large");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost\n1;10\n\n1 ;20\nVOTES\nvoter_id;vote\n", 9,
		  "duplicate project id '1' (first on line 7)");
	parse_err(HEAD_META "PROJECTS\nproject_id;cost\n ;10\n", 7, "empty project id");
}

static void test_id_rank(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok(HEAD_META "PROJECTS\nproject_id;cost\n9;1\n10;1\n1;1\nb;1\nB;1\n"
						    "\xC3\xA9;1\n100;1\n91;1\nVOTES\nvoter_id;vote\n");
	/* Byte-wise: "1" < "10" < "100" < "9" < "91" < "B" < "b" < "é". */
	static const uint32_t want[] = {3, 1, 0, 6, 5, 7, 2, 4};
	for (uint32_t p = 0; p < N_OF(want); p++)
		assert_int_equal(el->id_rank[p], want[p]);
	check_invariants(el);
	ms_election_free(A, el);
}

/* ---- votes ------------------------------------------------------------------------------ */

static void test_votes(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok(HEAD "a;,1,,2,\nb;None\nc; 3 \nd;\n  e;1\ne;2\n");
	assert_int_equal(el->n_voters, 6);
	assert_int_equal(ballot_len(el, 0), 2);   /* empty items skipped */
	assert_int_equal(ballot_len(el, 1), 0);   /* None is empty */
	assert_int_equal(ballot_len(el, 2), 1);   /* the vote is trimmed as a whole */
	assert_int_equal(ballot_len(el, 3), 0);   /* an empty vote is a voter */
	/* Two rows with one voter id are two voters. */
	assert_string_equal(el->voter_id[4], "e");
	assert_string_equal(el->voter_id[5], "e");
	check_round_trip(el);
	ms_election_free(A, el);

	parse_err(HEAD "a;1\nb;1,4\n", 13, "unknown project id '4' in vote");
	parse_err(HEAD "a;1, 2\n", 12, "unknown project id ' 2'");   /* items are not trimmed */
	parse_err(HEAD "a;1;\n", 12, "3 fields");
	/* Ids longer than 8 bytes take the other lookup path. */
	el = parse_ok(HEAD_META "PROJECTS\nproject_id;cost\nabcdefgh;1\nabcdefghi;2\nabcdefghij;3\n"
				"VOTES\nvoter_id;vote\nv;abcdefghij,abcdefgh,abcdefghi\n");
	assert_string_equal(ballot_id(el, 0, 0), "abcdefghij");
	assert_string_equal(ballot_id(el, 0, 2), "abcdefghi");
	ms_election_free(A, el);
	parse_err(HEAD_META "PROJECTS\nproject_id;cost\nabcdefghi;2\nVOTES\nvoter_id;vote\nv;abcdefghj\n", 10,
		  "unknown project id 'abcdefghj'");
}

static void test_repeats(void **state)
{
	(void)state;
	/* Approval: once, at the first position. */
	struct ms_election *el = parse_ok(HEAD "a;2,1,2,2\n");
	assert_int_equal(ballot_len(el, 0), 2);
	assert_string_equal(ballot_id(el, 0, 0), "2");
	assert_string_equal(ballot_id(el, 0, 1), "1");
	check_invariants(el);
	ms_election_free(A, el);
	/* Ordinal: the first mention ranks. */
	el = parse_ok("META\nkey;value\nbudget;100\nvote_type;ordinal\n" HEAD_PROJ
		      "VOTES\nvoter_id;vote\na;3,1,3,2\n");
	assert_int_equal(ballot_len(el, 0), 3);
	assert_string_equal(ballot_id(el, 0, 0), "3");
	assert_string_equal(ballot_id(el, 0, 2), "2");
	ms_election_free(A, el);
	/* Cumulative: first position, points of the last mention (pabutools). */
	el = parse_ok("META\nkey;value\nbudget;100\nvote_type;cumulative\n" HEAD_PROJ
		      "VOTES\nvoter_id;vote;points\na;1,2,1,1;3,4,5,6\n");
	assert_int_equal(ballot_len(el, 0), 2);
	assert_string_equal(ballot_id(el, 0, 0), "1");
	assert_int_equal(el->vote_points[0], 6);
	assert_int_equal(el->vote_points[1], 4);
	check_invariants(el);
	check_round_trip(el);
	ms_election_free(A, el);
}

static void test_vote_types(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok("META\nkey;value\nbudget;100\nvote_type;choose-1\n" HEAD_PROJ
					  "VOTES\nvoter_id;vote;points\na;2;9\nb;;\n");
	assert_int_equal(el->vote_type, MS_VOTE_CHOOSE1);
	assert_null(el->vote_points);   /* points read only for cumulative / scoring */
	assert_int_equal(ballot_len(el, 0), 1);
	check_round_trip(el);
	ms_election_free(A, el);

	el = parse_ok("META\nkey;value\nbudget;100\nvote_type;scoring\n" HEAD_PROJ
		      "VOTES\nvoter_id;points;vote\na; 5 , 0 ,7 ;3,1,2\nb;;\nc;None;None\nd;,1,;,2,\n");
	assert_int_equal(el->vote_type, MS_VOTE_SCORING);
	assert_int_equal(ballot_len(el, 0), 3);
	assert_string_equal(ballot_id(el, 0, 0), "3");
	assert_int_equal(el->vote_points[0], 5);
	assert_int_equal(el->vote_points[1], 0);
	assert_int_equal(el->vote_points[2], 7);
	assert_int_equal(ballot_len(el, 1), 0);
	assert_int_equal(ballot_len(el, 2), 0);
	assert_int_equal(ballot_len(el, 3), 1);
	assert_int_equal(el->vote_points[3], 1);
	check_invariants(el);
	check_round_trip(el);
	ms_election_free(A, el);

	const char *cum = "META\nkey;value\nbudget;100\nvote_type;cumulative\n" HEAD_PROJ
			  "VOTES\nvoter_id;vote;points\n";
	char buf[512];
	snprintf(buf, sizeof buf, "%sa;1,2;3\n", cum);
	parse_err(buf, 12, "more projects than points");
	snprintf(buf, sizeof buf, "%sa;1;3,4\n", cum);
	parse_err(buf, 12, "fewer projects than points");
	snprintf(buf, sizeof buf, "%sa;;3\n", cum);
	parse_err(buf, 12, "fewer projects than points");
	snprintf(buf, sizeof buf, "%sa;1;1.5\n", cum);
	parse_err(buf, 12, "points '1.5'");
	snprintf(buf, sizeof buf, "%sa;1;-1\n", cum);
	parse_err(buf, 12, "points '-1'");
	snprintf(buf, sizeof buf, "%sa;1;99999999999999999999\n", cum);
	parse_err(buf, 12, "fits 64 bits");
	parse_err("META\nkey;value\nbudget;100\nvote_type;cumulative\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 11,
		  "no points column (cumulative)");
	parse_err("META\nkey;value\nbudget;100\nvote_type;scoring\n" HEAD_PROJ
		  "VOTES\nvoter_id;vote;points;points\n", 11, "names points twice");
}

/* ---- limits -------------------------------------------------------------------------------- */

static char *repeat_rows(const char *head, const char *row, size_t n, size_t *len)
{
	size_t hl = strlen(head), rl = strlen(row);
	char *t = malloc(hl + n * rl + 1);
	assert_non_null(t);
	memcpy(t, head, hl);
	for (size_t i = 0; i < n; i++)
		memcpy(t + hl + i * rl, row, rl);
	*len = hl + n * rl;
	t[*len] = 0;
	return t;
}

static void test_limits(void **state)
{
	(void)state;
	size_t len;
	/* 1,000,000 voters pass; one more is an error on its line. */
	char *t = repeat_rows(HEAD, "x;1\n", MS_PB_MAX_VOTERS, &len);
	struct ms_election *el = NULL;
	struct ms_error e;
	assert_int_equal(ms_pb_parse(A, t, len, &el, &e), 0);
	assert_int_equal(el->n_voters, MS_PB_MAX_VOTERS);
	ms_election_free(A, el);
	free(t);
	t = repeat_rows(HEAD, "x;\n", MS_PB_MAX_VOTERS + 1, &len);
	parse_err_n(t, len, 12 + MS_PB_MAX_VOTERS, "more than 1000000 voters");
	free(t);

	/* 100,000 projects (ids p0..): one more is an error. */
	size_t n = MS_PB_MAX_PROJECTS + 1;
	t = malloc(64 + n * 16);
	assert_non_null(t);
	len = (size_t)sprintf(t, "%sPROJECTS\nproject_id;cost\n", HEAD_META);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(t + len, "p%zu;1\n", i);
	parse_err_n(t, len, 6 + n, "more than 100000 projects");
	/* Without the last one it parses, ids hashed and ranked. */
	len -= strlen("p100000;1\n");
	memcpy(t + len, "VOTES\nvoter_id;vote\nv;p99999,p0\n", 33);
	len += 32;
	assert_int_equal(ms_pb_parse(A, t, len, &el, &e), 0);
	assert_int_equal(el->n_projects, MS_PB_MAX_PROJECTS);
	assert_string_equal(ballot_id(el, 0, 0), "p99999");
	assert_int_equal(el->id_rank[0], 0);
	ms_election_free(A, el);
	free(t);

	/* A field of exactly 1 MiB passes, quoted or not; one byte more fails. */
	size_t big = MS_PB_MAX_FIELD;
	t = malloc(big + 256);
	assert_non_null(t);
	for (int quoted = 0; quoted < 2; quoted++) {
		for (size_t extra = 0; extra < 2; extra++) {
			len = (size_t)sprintf(t, "%sPROJECTS\nproject_id;cost;name\n1;1;%s", HEAD_META,
					      quoted ? "\"" : "");
			memset(t + len, 'n', big + extra);
			len += big + extra;
			len += (size_t)sprintf(t + len, "%s\nVOTES\nvoter_id;vote\n", quoted ? "\"" : "");
			if (extra) {
				parse_err_n(t, len, 7, "longer than 1048576 bytes");
			} else {
				assert_int_equal(ms_pb_parse(A, t, len, &el, &e), 0);
				assert_int_equal(strlen(el->project_fields[2]), big);
				ms_election_free(A, el);
			}
		}
	}
	free(t);
}

/* Ids crafted to collide in pb_votes.c's table (this mirrors its id_key and
 * key_slot for 8-byte ids): reading stays fast and exact, by binary search. */
static void test_colliding_ids(void **state)
{
	(void)state;
	enum { N = 600 };   /* table of 4096 slots */
	size_t cap = 256 + N * 32 + 4 * N * 16;
	char *t = malloc(cap);
	assert_non_null(t);
	size_t len = (size_t)sprintf(t, "%sPROJECTS\nproject_id;cost\n", HEAD_META);
	char ids[N][9];
	unsigned found = 0;
	for (uint32_t c = 0; found < N; c++) {
		char id[9];
		snprintf(id, sizeof id, "c%07u", (unsigned)c);
		uint64_t key = 0;
		for (int i = 0; i < 8; i++)
			key |= (uint64_t)(unsigned char)id[i] << (8 * i);
		uint64_t h = (key ^ 8u) * 0x9E3779B97F4A7C15ull;
		if (((uint32_t)(h >> 32) & 4095u) != 0)
			continue;
		memcpy(ids[found++], id, 9);
		len += (size_t)sprintf(t + len, "%s;%u\n", id, found);
	}
	len += (size_t)sprintf(t + len, "VOTES\nvoter_id;vote\n");
	for (unsigned v = 0; v < N; v++)
		len += (size_t)sprintf(t + len, "v;%s,%s\n", ids[v], ids[N - 1 - v]);
	struct ms_election *el = NULL;
	struct ms_error e;
	if (ms_pb_parse(A, t, len, &el, &e))
		fail_msg("%s", e.message);
	assert_int_equal(el->n_projects, N);
	for (unsigned v = 0; v < N; v++) {
		assert_string_equal(ballot_id(el, v, 0), ids[v]);
		if (v != N - 1 - v)
			assert_string_equal(ballot_id(el, v, 1), ids[N - 1 - v]);
	}
	check_invariants(el);
	check_round_trip(el);
	ms_election_free(A, el);
	/* An unknown id and a duplicate are still found. */
	len = (size_t)(strstr(t, "VOTES") - t);
	len += (size_t)sprintf(t + len, "VOTES\nvoter_id;vote\nv;c9999999\n");
	parse_err_n(t, len, 9 + N, "unknown project id 'c9999999'");
	char *second = strchr(strstr(t, "PROJECTS\nproject_id;cost\n") + 25, '\n') + 1;
	memcpy(second, ids[0], 8);
	parse_err_n(t, len, 8, "duplicate project id");
	free(t);
}

/* ---- writing ---------------------------------------------------------------------------------- */

static void test_write(void **state)
{
	(void)state;
	struct ms_election *el = parse_ok(HEAD_META "PROJECTS\nproject_id;cost;name\n1;10;\"a;b\"\n"
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
	assert_int_equal(ms_pb_write(A, el, &text, &len, &e), MS_ERR_UNPROCESSABLE);
	assert_null(text);
	el->project_fields[3] = saved;
	saved = el->meta_key[0];
	el->meta_key[0] = " meta";
	assert_int_equal(ms_pb_write(A, el, &text, &len, &e), MS_ERR_UNPROCESSABLE);
	el->meta_key[0] = saved;
	size_t cols = el->n_vote_cols;
	el->n_vote_cols = 1;
	char *blank[1] = {"  "};
	char **vc = el->vote_cols;
	el->vote_cols = blank;
	assert_int_equal(ms_pb_write(A, el, &text, &len, &e), MS_ERR_UNPROCESSABLE);
	el->vote_cols = vc;
	el->n_vote_cols = cols;
	assert_int_equal(ms_pb_write(A, el, &text, &len, &e), 0);
	free(text);
	assert_int_equal(ms_pb_write(A, NULL, &text, &len, &e), MS_ERR_INVALID);
	ms_election_free(A, el);
}

/* ---- the builder -------------------------------------------------------------------------------- */

static void test_build(void **state)
{
	(void)state;
	const char *ids[] = {"10", "9", "路灯"};
	const int64_t cost[] = {500, 0, 1200};
	const char *names[] = {"Park; north", "Say \"hi\"", NULL};
	const char *mk[] = {"date_begin", "备注"};
	const char *mv[] = {"2025-01-01", "两行\n文字"};
	const uint32_t off[] = {0, 2, 2, 5};
	const uint32_t proj[] = {2, 0, 1, 0, 2};
	struct ms_election_spec sp = {
		.vote_type = MS_VOTE_APPROVAL,
		.description = "Minsheng poll 7",
		.country = "China",
		.unit = "Shanghai",
		.instance = "2025",
		.budget = 1700,
		.max_length = 3,
		.n_meta = 2, .meta_key = mk, .meta_value = mv,
		.n_projects = 3, .project_id = ids, .cost = cost, .project_name = names,
		.n_voters = 3, .ballot_off = off, .ballot_proj = proj,
	};
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
	assert_int_equal(ballot_len(el, 0), 2);
	assert_string_equal(ballot_id(el, 0, 0), "路灯");
	assert_int_equal(ballot_len(el, 1), 0);
	assert_int_equal(el->id_rank[0], 0);   /* "10" < "9" < "路灯" */
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
	check_invariants(el);
	check_round_trip(el);
	ms_election_free(A, el);

	/* Cumulative with points, no names. */
	const int64_t pts[] = {3, 2, 1, 4, 6};
	sp.vote_type = MS_VOTE_CUMULATIVE;
	sp.ballot_points = pts;
	sp.project_name = NULL;
	sp.n_meta = 0;
	sp.max_length = 0;
	sp.min_length = 1;
	assert_int_equal(ms_election_build(A, &sp, &el, &e), 0);
	assert_int_equal(el->vote_type, MS_VOTE_CUMULATIVE);
	assert_int_equal(el->n_vote_cols, 3);
	assert_int_equal(el->vote_points[4], 6);
	assert_int_equal(el->min_length, 1);
	assert_int_equal(el->n_project_cols, 2);
	check_round_trip(el);
	ms_election_free(A, el);

	/* Refusals. */
	struct ms_election_spec bad;
#define REFUSE(change, part)                                                                    \
	do {                                                                                    \
		bad = sp;                                                                       \
		change;                                                                         \
		el = (struct ms_election *)1;                                                   \
		assert_int_equal(ms_election_build(A, &bad, &el, &e), MS_ERR_UNPROCESSABLE);    \
		assert_null(el);                                                                \
		assert_string_equal(e.code, "pb_invalid_spec");                                    \
		if (!strstr(e.message, part))                                                   \
			fail_msg("expected '%s', got '%s'", part, e.message);                   \
	} while (0)
	const char *dup[] = {"a", "b", "a"};
	const char *comma[] = {"a", "b,c", "d"};
	const char *none[] = {"a", "NONE", "d"};
	const char *sect[] = {"a", " Votes", "d"};
	const char *space[] = {"a", "b ", "d"};
	const char *empty[] = {"a", "", "d"};
	const char *badutf[] = {"a", "\xC3", "d"};
	const int64_t neg[] = {1, -1, 1};
	const int64_t negpts[] = {3, 2, -1, 4, 6};
	const uint32_t rep[] = {2, 2, 1, 0, 2};
	const uint32_t oob[] = {2, 0, 1, 0, 3};
	const uint32_t dec[] = {0, 2, 1, 5};
	const char *rk[] = {"budget"};
	const char *sk[] = {"PROJECTS"};
	const char *v1[] = {"x"};
	REFUSE(bad.project_id = dup, "same id");
	REFUSE(bad.project_id = comma, "','");
	REFUSE(bad.project_id = none, "None");
	REFUSE(bad.project_id = sect, "white space");
	REFUSE(bad.project_id = space, "white space");
	REFUSE(bad.project_id = empty, "empty");
	REFUSE(bad.project_id = badutf, "UTF-8");
	REFUSE(bad.cost = neg, "negative");
	REFUSE(bad.budget = -1, "negative");
	REFUSE(bad.ballot_points = negpts, "negative points");
	REFUSE(bad.ballot_points = NULL, "need points");
	REFUSE((bad.vote_type = MS_VOTE_APPROVAL), "only cumulative and scoring");
	REFUSE(bad.ballot_proj = rep, "twice");
	REFUSE(bad.ballot_proj = oob, "out of range");
	REFUSE(bad.ballot_off = dec, "decrease");
	REFUSE((bad.n_meta = 1, bad.meta_key = rk, bad.meta_value = v1), "standard");
	REFUSE((bad.n_meta = 1, bad.meta_key = sk, bad.meta_value = v1), "section");
	REFUSE(bad.description = "\xFF", "UTF-8");
	REFUSE(bad.vote_type = (enum ms_vote_type)9, "vote type");
#undef REFUSE

	/* No projects and no voters is a valid, empty election. */
	struct ms_election_spec none_spec = {.vote_type = MS_VOTE_ORDINAL, .budget = 0};
	assert_int_equal(ms_election_build(A, &none_spec, &el, &e), 0);
	assert_int_equal(el->n_projects, 0);
	assert_int_equal(el->n_voters, 0);
	check_round_trip(el);
	ms_election_free(A, el);
}

/* ---- out of memory ---------------------------------------------------------------------------------- */

static const char *const small_files[] = {
	HEAD "a;1,2\n\"b\";3\nc;\n",
	"META\nkey;value\nbudget;10.5\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n  x  ;1.25\n"
	"y;2\nVOTES\nvoter_id;vote;points\n v ;x,y,x;1,2,3\nw;;\n",
};

static void test_nomem(void **state)
{
	(void)state;
	for (size_t fi = 0; fi < N_OF(small_files); fi++) {
		const char *text = small_files[fi];
		struct ms_election *ref = parse_ok(text);
		size_t k = 1;
		for (;; k++) {
			struct ms_test_failing f = { 0, k, 0 };
			struct ms_allocator fa = ms_test_failing_allocator(&f);
			struct ms_election *el = (struct ms_election *)1;
			struct ms_error e;
			int rc = ms_pb_parse(&fa, text, strlen(text), &el, &e);
			if (rc == 0) {
				assert_true(ms_election_equal(el, ref));
				ms_election_free(&fa, el);
				assert_int_equal(f.live, 0);
				break;
			}
			assert_int_equal(rc, MS_ERR_NOMEM);
			assert_int_equal(e.err, MS_ERR_NOMEM);
			assert_null(el);
			assert_int_equal(f.live, 0);
		}
		assert_true(k > 5);

		/* Writing. */
		for (k = 1;; k++) {
			struct ms_test_failing f = { 0, k, 0 };
			struct ms_allocator fa = ms_test_failing_allocator(&f);
			char *out = (char *)1;
			size_t len = 1;
			int rc = ms_pb_write(&fa, ref, &out, &len, NULL);
			if (rc == 0) {
				fa.free(fa.ctx, out);
				assert_int_equal(f.live, 0);
				break;
			}
			assert_int_equal(rc, MS_ERR_NOMEM);
			assert_null(out);
			assert_int_equal(f.live, 0);
		}
		ms_election_free(A, ref);
	}

	/* Building. */
	const char *ids[] = {"a", "b", "c"};
	const int64_t cost[] = {1, 2, 3};
	const uint32_t off[] = {0, 2, 3};
	const uint32_t proj[] = {0, 1, 2};
	struct ms_election_spec sp = {.vote_type = MS_VOTE_APPROVAL, .budget = 3, .n_projects = 3,
				      .project_id = ids, .cost = cost, .n_voters = 2, .ballot_off = off,
				      .ballot_proj = proj};
	for (size_t k = 1;; k++) {
		struct ms_test_failing f = { 0, k, 0 };
		struct ms_allocator fa = ms_test_failing_allocator(&f);
		struct ms_election *el = NULL;
		int rc = ms_election_build(&fa, &sp, &el, NULL);
		if (rc == 0) {
			ms_election_free(&fa, el);
			assert_int_equal(f.live, 0);
			break;
		}
		assert_int_equal(rc, MS_ERR_NOMEM);
		assert_null(el);
		assert_int_equal(f.live, 0);
	}
}

/* ---- the real files ------------------------------------------------------------------------------------ */

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ../shared/pabulib beside the source root: from MINSHENG_PABULIB, else from
 * this executable (build/tests/test_pb or build-asan/...), else from
 * __FILE__. */
static bool find_pabulib(char *out, size_t cap)
{
	const char *env = getenv("MINSHENG_PABULIB");
	if (env && *env) {
		snprintf(out, cap, "%s", env);
		return is_dir(out);
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			int w = snprintf(out, cap, "%s/../../../shared/pabulib", exe);
			if (w > 0 && (size_t)w < cap && is_dir(out))
				return true;
		}
	}
	char src[PATH_MAX];
	snprintf(src, sizeof src, "%s", __FILE__);
	char *slash = strrchr(src, '/');
	if (slash) {
		*slash = 0;
		int w = snprintf(out, cap, "%s/../../../shared/pabulib", src);
		if (w > 0 && (size_t)w < cap && is_dir(out))
			return true;
	}
	return false;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	char *b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static const char *meta_get(const struct ms_election *el, const char *key)
{
	for (size_t i = 0; i < el->n_meta; i++)
		if (strcmp(el->meta_key[i], key) == 0)
			return el->meta_value[i];
	return NULL;
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void test_real_files(void **state)
{
	(void)state;
	char dir[PATH_MAX];
	if (!find_pabulib(dir, sizeof dir)) {
		print_message("# ../shared/pabulib not found: real files skipped\n");
		skip();
	}
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[256];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < N_OF(names)) {
		size_t l = strlen(de->d_name);
		if (l > 3 && strcmp(de->d_name + l - 3, ".pb") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	assert_true(n > 0);
	uint32_t types[5] = {0};
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX + 256];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		size_t len;
		char *buf = read_all(path, &len);
		struct ms_election *el = NULL;
		struct ms_error e;
		ms_error_clear(&e);
		if (ms_pb_parse(A, buf, len, &el, &e) != 0)
			fail_msg("%s: %s", names[i], e.message);
		check_invariants(el);
		check_round_trip(el);
		types[el->vote_type]++;
		/* num_votes / num_projects are informative: mismatches are noted. */
		const char *nv = meta_get(el, "num_votes"), *np = meta_get(el, "num_projects");
		if (nv && strtoul(nv, NULL, 10) != el->n_voters)
			print_message("# %s: num_votes %s, %u VOTES rows\n", names[i], nv, el->n_voters);
		if (np && strtoul(np, NULL, 10) != el->n_projects)
			print_message("# %s: num_projects %s, %u projects\n", names[i], np, el->n_projects);
		ms_election_free(A, el);
		free(buf);
		free(names[i]);
	}
	print_message("# %zu real files round-tripped: %u approval, %u choose-1, %u cumulative, %u scoring, "
		      "%u ordinal\n", n, types[0], types[1], types[2], types[3], types[4]);
}

/* poland_czestochowa_2020_ has a voter naming project 579 four times with
 * one point each: counted once, with one point (pabutools' semantics). */
static void test_real_repeat(void **state)
{
	(void)state;
	char dir[PATH_MAX], path[PATH_MAX + 64];
	if (!find_pabulib(dir, sizeof dir))
		skip();
	snprintf(path, sizeof path, "%s/poland_czestochowa_2020_.pb", dir);
	FILE *f = fopen(path, "rb");
	if (!f)
		skip();
	fclose(f);
	size_t len;
	char *buf = read_all(path, &len);
	struct ms_election *el = NULL;
	assert_int_equal(ms_pb_parse(A, buf, len, &el, NULL), 0);
	bool found = false;
	for (uint32_t v = 0; v < el->n_voters; v++) {
		if (strcmp(el->voter_id[v], "13026") != 0)
			continue;
		found = true;
		assert_int_equal(ballot_len(el, v), 1);
		assert_string_equal(ballot_id(el, v, 0), "579");
		assert_int_equal(el->vote_points[el->vote_off[v]], 1);
	}
	assert_true(found);
	ms_election_free(A, el);
	free(buf);
}

/* ---- the lean mode (counting only) ------------------------------------ */

/* Lean and full parses of text agree on everything but the VOTES fields. */
static void check_lean_equals_full(const char *text, size_t len)
{
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
	check_lean_equals_full(small, sizeof small - 1);
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
	check_lean_equals_full(big, n);
	free(big);
	/* Every real file (when ../shared is there). */
	char dir[4096];
	DIR *d = ms_test_open_pabulib(dir, sizeof dir);
	if (!d)
		return;
	struct dirent *de;
	int files = 0;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l < 4 || strcmp(de->d_name + l - 3, ".pb") != 0)
			continue;
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		size_t len;
		char *text = ms_test_slurp(path, &len);
		assert_non_null(text);
		check_lean_equals_full(text, len);
		free(text);
		files++;
	}
	closedir(d);
	assert_true(files > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_quote_errors),
		cmocka_unit_test(test_blank_rows),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_headers_and_widths),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_projects),
		cmocka_unit_test(test_id_rank),
		cmocka_unit_test(test_votes),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_vote_types),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_colliding_ids),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_nomem),
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_real_repeat),
		cmocka_unit_test(test_lean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
