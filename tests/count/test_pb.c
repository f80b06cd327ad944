/*
 * test_pb.c — unit tests of the Pabulib .pb reader (src/count/pb_*.c).
 *
 * A table of hostile or broken files, one runner: each must be refused with
 * its catalogue code, naming the physical line where the offending row
 * starts ("line N: ..." in English, "第 N 行：..." in Chinese), never parsed.
 * Then what files that parse hold: the text layer (BOM, CRLF, quoting,
 * blank rows, UTF-8), sections and headers, META (vote_type, budget,
 * lengths), exact money and its scale, project ids and their byte-wise
 * ranks, every vote type, the limits and ids made to collide. Writing,
 * building and round trips are test_pb_write.c's.
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
#define HEAD_PROJ "PROJECTS\nproject_id;cost\n1;10\n2;20\n3;30\n"
#define HEAD HEAD_META HEAD_PROJ "VOTES\nvoter_id;vote\n"
#define CUM "META\nkey;value\nbudget;100\nvote_type;cumulative\n" HEAD_PROJ "VOTES\nvoter_id;vote;points\n"
#define TYPE(t) "META\nkey;value\nbudget;100\nvote_type;" t "\n" HEAD_PROJ

/* Parsing text (len bytes) fails with code, on line, its English message
 * holding part. */
static void parse_err_n(const char *text, size_t len, size_t line, const struct ms_code *code, const char *part)
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
	assert_string_equal(e.code, code->code);
	char prefix[32], prefix_zh[32];
	snprintf(prefix, sizeof prefix, "line %zu: ", line);
	snprintf(prefix_zh, sizeof prefix_zh, "第 %zu 行：", line);
	if (strncmp(e.message, prefix, strlen(prefix)) != 0 || !strstr(e.message, part))
		fail_msg("expected '%s...%s', got '%s'", prefix, part, e.message);
	if (strncmp(e.message_zh, prefix_zh, strlen(prefix_zh)) != 0)
		fail_msg("expected '%s...', got '%s'", prefix_zh, e.message_zh);
}

/* ---- refused files ------------------------------------------------------------ */

static const struct err_case {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen(text) */
	size_t line;
	const struct ms_code *code;
	const char *part;
} errors[] = {
	/* the text layer */
	{"lines count with CRLF and a BOM", "\xEF\xBB\xBFMETA\r\nkey;value\r\nbudget;-1\r\n", 0, 3,
	 &MS_E_PB_NEGATIVE_BUDGET, "negative budget"},
	{"a row after a two-line quoted field", HEAD_META "PROJECTS\nproject_id;cost;name\n1;10;\"a\nb\nc\"\n2;-5;x\n", 0,
	 10, &MS_E_PB_NEGATIVE_COST, "negative cost"},
	{"a quoted line end, then an error in its row", HEAD_META "PROJECTS\nproject_id;cost;name\n1;-1;\"a\nb\"\n", 0,
	 7, &MS_E_PB_NEGATIVE_COST, "negative cost"},
	{"an unterminated quote", HEAD "a;\"1,2\nb;3\n", 0, 12, &MS_E_PB_UNTERMINATED_QUOTE, "unterminated quoted field"},
	{"text after a closing quote", HEAD "a;\"1\"x\n", 0, 12, &MS_E_PB_TEXT_AFTER_QUOTE, "after a closing quote"},
	{"a lone CR after a closing quote", HEAD "a;\"1\"\rx\n", 0, 12, &MS_E_PB_TEXT_AFTER_QUOTE,
	 "after a closing quote"},
	{"text after a closing quote a line later", HEAD "a;\"1\n2\"x\n", 0, 12, &MS_E_PB_TEXT_AFTER_QUOTE,
	 "after a closing quote"},
	{"a truncated character", HEAD "a;1\nb;\xC3\n", 0, 13, &MS_E_PB_INVALID_UTF8, "invalid UTF-8"},
	{"an overlong '/'", HEAD "a;\xC0\xAF\n", 0, 12, &MS_E_PB_INVALID_UTF8, "invalid UTF-8"},
	{"a surrogate", HEAD "a;\xED\xA0\x80\n", 0, 12, &MS_E_PB_INVALID_UTF8, "invalid UTF-8"},
	{"above U+10FFFF", HEAD "a;\xF4\x90\x80\x80\n", 0, 12, &MS_E_PB_INVALID_UTF8, "invalid UTF-8"},
	{"a stray continuation byte", HEAD "a;\x80\n", 0, 12, &MS_E_PB_INVALID_UTF8, "invalid UTF-8"},
	{"a character truncated at the end", "META\n\xE4\xB8", 0, 2, &MS_E_PB_INVALID_UTF8, "invalid UTF-8"},
	{"a NUL byte", HEAD "a;1\0\n", sizeof(HEAD "a;1\0\n") - 1, 12, &MS_E_PB_NUL_BYTE, "NUL byte"},
	/* sections */
	{"an empty file", "", 0, 1, &MS_E_PB_MISSING_SECTION, "no META section"},
	{"a row before any section", "key;value\n", 0, 1, &MS_E_PB_ROW_OUTSIDE_SECTION, "before any META"},
	{"no PROJECTS", HEAD_META, 0, 5, &MS_E_PB_MISSING_SECTION, "no PROJECTS section"},
	{"no VOTES", HEAD_META HEAD_PROJ, 0, 10, &MS_E_PB_MISSING_SECTION, "no VOTES section"},
	{"VOTES without a header", HEAD_META HEAD_PROJ "VOTES\n", 0, 10, &MS_E_PB_NO_HEADER,
	 "VOTES section has no header"},
	{"META without a header", "META\nPROJECTS\nproject_id;cost\n", 0, 1, &MS_E_PB_NO_HEADER,
	 "META section has no header"},
	{"VOTES before PROJECTS", HEAD_META "VOTES\nvoter_id;vote\n", 0, 5, &MS_E_PB_SECTION_ORDER,
	 "VOTES before PROJECTS"},
	{"VOTES before META", HEAD_PROJ "VOTES\nvoter_id;vote\n", 0, 6, &MS_E_PB_SECTION_ORDER, "VOTES before META"},
	{"a second META", HEAD_META HEAD_PROJ "META\nkey;value\n", 0, 10, &MS_E_PB_SECTION_TWICE,
	 "second META section (first on line 1)"},
	{"a second PROJECTS", HEAD "a;1\nPROJECTS\nproject_id;cost\n", 0, 13, &MS_E_PB_SECTION_TWICE,
	 "second PROJECTS section"},
	/* A voter id that is a section name starts a section. */
	{"a voter id that is a section name", HEAD "votes;1\n", 0, 12, &MS_E_PB_SECTION_TWICE,
	 "second VOTES section"},
	/* headers and widths */
	{"PROJECTS without cost", HEAD_META "PROJECTS\nproject_id;price\n1;10\n", 0, 6, &MS_E_PB_MISSING_COLUMN,
	 "no cost column"},
	{"cost twice", HEAD_META "PROJECTS\nproject_id;cost;cost\n1;10;10\n", 0, 6, &MS_E_PB_COLUMN_TWICE,
	 "names cost twice"},
	{"VOTES without vote", HEAD_META HEAD_PROJ "VOTES\nvoter_id;ballot\na;1\n", 0, 11, &MS_E_PB_MISSING_COLUMN,
	 "no vote column"},
	{"vote twice", HEAD_META HEAD_PROJ "VOTES\nvote;vote\n", 0, 11, &MS_E_PB_COLUMN_TWICE, "names vote twice"},
	{"a PROJECTS row too wide", HEAD_META "PROJECTS\nproject_id;cost\n1;10;x\n", 0, 7, &MS_E_PB_ROW_WIDTH,
	 "3 fields, the header 2"},
	{"a PROJECTS row too narrow", HEAD_META "PROJECTS\nproject_id;cost;name\n1;10\n", 0, 7, &MS_E_PB_ROW_WIDTH,
	 "2 fields, the header 3"},
	{"a VOTES row too wide", HEAD "a;1;x\n", 0, 12, &MS_E_PB_ROW_WIDTH, "3 fields, the header 2"},
	{"a VOTES row too narrow", HEAD "a\n", 0, 12, &MS_E_PB_ROW_WIDTH, "1 fields, the header 2"},
	{"a META row of three", "META\nkey;value\nbudget;1;2\n", 0, 3, &MS_E_PB_META_ROW, "expected key;value"},
	{"a META row of one", "META\nkey;value\nbudget\n", 0, 3, &MS_E_PB_META_ROW, "expected key;value"},
	/* META */
	{"no vote_type", "META\nkey;value\nbudget;100\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 0, 1,
	 &MS_E_PB_MISSING_META, "no vote_type"},
	{"an unknown vote_type", "META\nkey;value\nbudget;100\nvote_type;Approval\n", 0, 4, &MS_E_PB_UNKNOWN_VOTE_TYPE,
	 "unknown vote_type 'Approval'"},
	{"vote_type twice", "META\nkey;value\nbudget;100\nvote_type;approval\nvote_type;approval\n", 0, 5,
	 &MS_E_PB_META_TWICE, "vote_type given twice"},
	{"budget twice", "META\nkey;value\nbudget;100\nbudget;100\n", 0, 4, &MS_E_PB_META_TWICE, "budget given twice"},
	{"max_length twice", "META\nkey;value\nmax_length;2\nmax_length;3\n", 0, 4, &MS_E_PB_META_TWICE,
	 "max_length given twice"},
	{"a max_length with decimals", "META\nkey;value\nmax_length;2.5\n", 0, 3, &MS_E_PB_NOT_WHOLE_NUMBER,
	 "not a whole number"},
	{"a negative min_length", "META\nkey;value\nmin_length;-1\n", 0, 3, &MS_E_PB_NOT_WHOLE_NUMBER,
	 "not a whole number"},
	{"a max_length of 2^32", "META\nkey;value\nmax_length;4294967296\n", 0, 3, &MS_E_PB_NOT_WHOLE_NUMBER,
	 "not a whole number"},
	/* money */
	{"no budget", "META\nkey;value\nvote_type;approval\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 0, 1,
	 &MS_E_PB_MISSING_META, "no budget"},
	{"a budget None", "META\nkey;value\nbudget;None\nvote_type;approval\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 0, 1,
	 &MS_E_PB_MISSING_META, "no budget"},
	{"an empty budget", "META\nkey;value\nbudget;\nvote_type;approval\n" HEAD_PROJ "VOTES\nvoter_id;vote\n", 0, 1,
	 &MS_E_PB_MISSING_META, "no budget"},
	{"a negative budget", "META\nkey;value\nbudget;-5\n", 0, 3, &MS_E_PB_NEGATIVE_BUDGET, "negative budget"},
	{"an exponent", "META\nkey;value\nbudget;1e3\n", 0, 3, &MS_E_PB_BUDGET_SYNTAX, "'1e3' is not a decimal"},
	{"a thousands separator", "META\nkey;value\nbudget;1 000\n", 0, 3, &MS_E_PB_BUDGET_SYNTAX, "not a decimal"},
	{"two points", "META\nkey;value\nbudget;1.2.3\n", 0, 3, &MS_E_PB_BUDGET_SYNTAX, "not a decimal"},
	{"a point alone", "META\nkey;value\nbudget;.\n", 0, 3, &MS_E_PB_BUDGET_SYNTAX, "not a decimal"},
	{"ten decimals", "META\nkey;value\nbudget;0.1234567891\n", 0, 3, &MS_E_PB_BUDGET_DECIMALS,
	 "more than 9 decimals"},
	{"a budget over int64", "META\nkey;value\nbudget;9223372036854775808\n", 0, 3, &MS_E_PB_BUDGET_TOO_LARGE,
	 "too large"},
	/* Fits alone, overflows once scaled to the costs' decimals. */
	{"a budget too large once scaled",
	 "META\nkey;value\nbudget;9223372036854775807\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;0.5\n"
	 "VOTES\nvoter_id;vote\n",
	 0, 3, &MS_E_PB_BUDGET_TOO_LARGE_SCALED, "budget is too large at 1 decimals"},
	{"a cost too large once scaled",
	 "META\nkey;value\nbudget;0.5\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;1000000000000000000\n"
	 "VOTES\nvoter_id;vote\n",
	 0, 7, &MS_E_PB_COST_TOO_LARGE_SCALED, "cost of project '1' is too large"},
	/* projects */
	{"a negative cost", HEAD_META "PROJECTS\nproject_id;cost\n1;10\n2;-10\n", 0, 8, &MS_E_PB_NEGATIVE_COST,
	 "negative cost of project '2'"},
	{"a cost None", HEAD_META "PROJECTS\nproject_id;cost\n1;10\n2;None\n", 0, 8, &MS_E_PB_MISSING_COST,
	 "project '2' has no cost"},
	{"a blank cost", HEAD_META "PROJECTS\nproject_id;cost\n1;10\n2; \n", 0, 8, &MS_E_PB_MISSING_COST,
	 "project '2' has no cost"},
	{"a cost in words", HEAD_META "PROJECTS\nproject_id;cost\n1;ten\n", 0, 7, &MS_E_PB_COST_SYNTAX,
	 "cost 'ten' of project '1'"},
	{"a cost over int64", HEAD_META "PROJECTS\nproject_id;cost\n1;99999999999999999999\n", 0, 7,
	 &MS_E_PB_COST_TOO_LARGE, "too large"},
	{"a repeated project id", HEAD_META "PROJECTS\nproject_id;cost\n1;10\n\n1 ;20\nVOTES\nvoter_id;vote\n", 0, 9,
	 &MS_E_PB_DUPLICATE_PROJECT_ID, "duplicate project id '1' (first on line 7)"},
	{"an empty project id", HEAD_META "PROJECTS\nproject_id;cost\n ;10\n", 0, 7, &MS_E_PB_EMPTY_PROJECT_ID,
	 "empty project id"},
	/* votes */
	{"an unknown project", HEAD "a;1\nb;1,4\n", 0, 13, &MS_E_PB_UNKNOWN_PROJECT, "unknown project id '4' in vote"},
	/* items are not trimmed */
	{"an item with a space", HEAD "a;1, 2\n", 0, 12, &MS_E_PB_UNKNOWN_PROJECT, "unknown project id ' 2'"},
	{"a vote row too wide", HEAD "a;1;\n", 0, 12, &MS_E_PB_ROW_WIDTH, "3 fields"},
	/* Ids longer than 8 bytes take the other lookup path. */
	{"an unknown long id",
	 HEAD_META "PROJECTS\nproject_id;cost\nabcdefghi;2\nVOTES\nvoter_id;vote\nv;abcdefghj\n", 0, 10,
	 &MS_E_PB_UNKNOWN_PROJECT, "unknown project id 'abcdefghj'"},
	{"more projects than points", CUM "a;1,2;3\n", 0, 12, &MS_E_PB_POINTS_MISSING, "more projects than points"},
	{"fewer projects than points", CUM "a;1;3,4\n", 0, 12, &MS_E_PB_POINTS_EXTRA, "fewer projects than points"},
	{"points without projects", CUM "a;;3\n", 0, 12, &MS_E_PB_POINTS_EXTRA, "fewer projects than points"},
	{"points with decimals", CUM "a;1;1.5\n", 0, 12, &MS_E_PB_POINTS_SYNTAX, "points '1.5'"},
	{"negative points", CUM "a;1;-1\n", 0, 12, &MS_E_PB_POINTS_SYNTAX, "points '-1'"},
	{"points over int64", CUM "a;1;99999999999999999999\n", 0, 12, &MS_E_PB_POINTS_SYNTAX, "fits 64 bits"},
	{"cumulative without points", TYPE("cumulative") "VOTES\nvoter_id;vote\n", 0, 11,
	 &MS_E_PB_MISSING_POINTS_COLUMN, "no points column (cumulative)"},
	{"points twice", TYPE("scoring") "VOTES\nvoter_id;vote;points;points\n", 0, 11, &MS_E_PB_COLUMN_TWICE,
	 "names points twice"},
};

static void test_error(void **state)
{
	const struct err_case *c = *state;
	parse_err_n(c->text, c->len ? c->len : strlen(c->text), c->line, c->code, c->part);
}

/* ---- the text layer ------------------------------------------------------------ */

static void test_minimal(void **state)
{
	(void)state;
	struct ms_election *el = ms_test_pb_parse_ok(HEAD "a;1,2\nb;3\nc;\n");
	assert_int_equal(el->vote_type, MS_VOTE_APPROVAL);
	assert_int_equal(el->n_projects, 3);
	assert_string_equal(el->project_id[0], "1");
	assert_string_equal(el->project_id[2], "3");
	assert_int_equal(el->cost[1], 20);
	assert_int_equal(el->budget, 100);
	assert_int_equal(el->money_scale, 1);
	assert_int_equal(el->n_voters, 3);
	assert_int_equal(ms_test_ballot_len(el, 0), 2);
	assert_string_equal(ms_test_ballot_id(el, 0, 1), "2");
	assert_int_equal(ms_test_ballot_len(el, 2), 0);
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
	ms_test_pb_invariants(el);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
	ms_election_free(A, NULL);
}

/* Two texts read as the same election. */
static void check_same(const char *x_text, const char *y_text)
{
	struct ms_election *x = ms_test_pb_parse_ok(x_text), *y = ms_test_pb_parse_ok(y_text);
	assert_true(ms_election_equal(x, y));
	ms_election_free(A, x);
	ms_election_free(A, y);
}

static void test_bom_crlf(void **state)
{
	(void)state;
	check_same(HEAD "a;1,2\nb;3\n", "\xEF\xBB\xBFMETA\r\nkey;value\r\nbudget;100\r\nvote_type;approval\r\nPROJECTS\r\n"
					 "project_id;cost\r\n1;10\r\n2;20\r\n3;30\r\nVOTES\r\nvoter_id;vote\r\na;1,2\r\nb;3");
	/* A lone \r is data; a \r kept at the end of a field is quoted on writing. */
	struct ms_election *z = ms_test_pb_parse_ok(HEAD_META "PROJECTS\r\nproject_id;cost;name\r\n1;10;x\ry\r\n"
							      "2;5;a\r\r\nVOTES\nvoter_id;vote\nv;1\n");
	assert_string_equal(z->project_fields[2], "x\ry");
	assert_string_equal(z->project_fields[5], "a\r");
	ms_test_pb_round_trip(z);
	ms_election_free(A, z);
}

static void test_quoting(void **state)
{
	(void)state;
	struct ms_election *el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\nproject_id;cost;name\n"
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
	assert_int_equal(ms_test_ballot_len(el, 0), 2);
	assert_int_equal(ms_test_ballot_len(el, 1), 0);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
	/* Spaces before a quote make it an ordinary character. */
	el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\nproject_id;cost;name\n1;10; \"a\"\nVOTES\nvoter_id;vote\n");
	assert_string_equal(el->project_fields[2], " \"a\"");
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
}

static void test_blank_rows(void **state)
{
	(void)state;
	check_same("\n  \nMETA\n\n\t\nkey;value\n\nbudget;100\n \nvote_type;approval\n\n"
		   "PROJECTS\n\nproject_id;cost\n1;10\n\n2;20\n3;30\n\"\"\nVOTES\n\" \"\nvoter_id;vote\n"
		   "a;1,2\n\n\nb;3\n\n",
		   HEAD "a;1,2\nb;3\n");
	/* A row of empty fields is not blank: it is a voter. */
	struct ms_election *el = ms_test_pb_parse_ok(HEAD ";\n");
	assert_int_equal(el->n_voters, 1);
	assert_string_equal(el->voter_id[0], "");
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
}

static void test_utf8(void **state)
{
	(void)state;
	struct ms_election *el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\nproject_id;cost;name\n路灯;10;修路灯 é\n"
							       "VOTES\nvoter_id;vote\n张三;路灯\n");
	assert_string_equal(el->project_id[0], "路灯");
	assert_int_equal(ms_test_ballot_len(el, 0), 1);
	ms_election_free(A, el);
	/* Invalid bytes deep in a long ASCII run and after other characters. */
	char big[4096];
	memset(big, 'x', sizeof big);
	memcpy(big, "META\nkey;value\n", 15);
	big[3000] = '\n';
	big[3500] = (char)0xFF;
	parse_err_n(big, sizeof big, 4, &MS_E_PB_INVALID_UTF8, "invalid UTF-8");
	memcpy(big + 100, "\xE8\xB7\xAF", 3);
	parse_err_n(big, sizeof big, 4, &MS_E_PB_INVALID_UTF8, "invalid UTF-8");
	big[3500] = 0;
	parse_err_n(big, sizeof big, 4, &MS_E_PB_NUL_BYTE, "NUL byte");
}

/* ---- sections, headers, META --------------------------------------------------- */

static void test_sections(void **state)
{
	(void)state;
	/* Names trimmed and in any case; PROJECTS may come before META. */
	struct ms_election *x = ms_test_pb_parse_ok(" projects \nproject_id;cost\n1;10\n2;20\n3;30\n\tMeta\nkey;value\n"
						    "budget;100\nvote_type;approval\nvotes;;\nvoter_id;vote\na;1\n");
	assert_int_equal(x->n_projects, 3);
	assert_int_equal(x->n_voters, 1);
	ms_test_pb_round_trip(x);
	ms_election_free(A, x);
}

static void test_headers(void **state)
{
	(void)state;
	/* Header names are trimmed; the id is the first column whatever its name. */
	struct ms_election *el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\nname; cost \nalpha;10\nbeta;20\n"
							       "VOTES\n vote ;voter_id\nalpha,beta;x\n");
	assert_string_equal(el->project_id[1], "beta");
	assert_int_equal(el->cost[1], 20);
	assert_int_equal(ms_test_ballot_len(el, 0), 2);
	assert_string_equal(el->voter_id[0], "alpha,beta"); /* the first column */
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
	/* The cost column may be the first one: it is then the id too. */
	el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\ncost\n10\n20\nVOTES\nvoter_id;vote\nx;20\n");
	assert_string_equal(el->project_id[1], "20");
	assert_int_equal(el->cost[1], 20);
	ms_election_free(A, el);
}

static void test_meta(void **state)
{
	(void)state;
	struct ms_election *el = ms_test_pb_parse_ok("META\nkey;value\ndescription;a\n\"note\";\"x;y\"\nnote;second\n"
						     " budget ; 100 \nvote_type; ordinal\nmax_length;2\nmin_length;None\n"
						     "num_votes;999\n" HEAD_PROJ "VOTES\nvoter_id;vote\nv;3,1,2\n");
	assert_int_equal(el->n_meta, 8);
	assert_string_equal(el->meta_key[1], "note");
	assert_string_equal(el->meta_value[1], "x;y");
	assert_string_equal(el->meta_value[2], "second");
	assert_string_equal(el->meta_key[3], " budget "); /* kept as read */
	assert_int_equal(el->budget, 100);
	assert_int_equal(el->vote_type, MS_VOTE_ORDINAL);
	assert_int_equal(el->max_length, 2);
	assert_int_equal(el->min_length, 0);
	/* max_length is not enforced: a ballot of 3 is kept whole, in order. */
	assert_int_equal(ms_test_ballot_len(el, 0), 3);
	assert_string_equal(ms_test_ballot_id(el, 0, 0), "3");
	assert_string_equal(ms_test_ballot_id(el, 0, 2), "2");
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
	el = ms_test_pb_parse_ok("META\nkey;value\nbudget;100\nvote_type;approval\nmax_length;4294967295\n" HEAD_PROJ
				 "VOTES\nvoter_id;vote\n");
	assert_int_equal(el->max_length, UINT32_MAX);
	assert_int_equal(el->n_voters, 0);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
}

/* ---- money ------------------------------------------------------------------------ */

/* The budget and the costs of three projects after money_scale. */
static const struct money_case {
	const char *name;
	const char *budget;
	const char *costs; /* "1;0.25\n2;7\n3;+1,000\n" */
	int64_t scale, budget_units, cost_units[3];
} money[] = {
	{"a decimal comma", "1234,5", "1;10\n2;20\n3;30\n", 10, 12345, {100, 200, 300}},
	/* Trailing zeros do not count; the most decimals anywhere set the scale. */
	{"the most decimals set the scale", "100.50", "1;0.25\n2;7\n3;+1,000\n", 100, 10050, {25, 700, 100}},
	{"nine decimals", ".5", "1;0.000000001\n2;3.\n", 1000000000, 500000000, {1, 3000000000, -1}},
	{"a budget of zero", "0", "1;10\n2;20\n3;30\n", 1, 0, {10, 20, 30}},
	{"minus zero", "-0", "1;10\n2;20\n3;30\n", 1, 0, {10, 20, 30}},
};

static void test_money(void **state)
{
	const struct money_case *c = *state;
	char text[512];
	snprintf(text, sizeof text, "META\nkey;value\nbudget;%s\nvote_type;approval\nPROJECTS\nproject_id;cost\n%s"
				    "VOTES\nvoter_id;vote\n", c->budget, c->costs);
	struct ms_election *el = ms_test_pb_parse_ok(text);
	assert_int_equal(el->money_scale, c->scale);
	assert_int_equal(el->budget, c->budget_units);
	for (uint32_t p = 0; p < el->n_projects; p++)
		assert_int_equal(el->cost[p], c->cost_units[p]);
	ms_election_free(A, el);
}

/* ---- projects and votes ------------------------------------------------------------ */

static void test_projects(void **state)
{
	(void)state;
	struct ms_election *el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\nproject_id;cost\n 7 ;10\n8;-0\n"
							       "VOTES\nvoter_id;vote\n v1 ;7\n");
	assert_string_equal(el->project_id[0], "7");       /* trimmed */
	assert_string_equal(el->project_fields[0], " 7 "); /* kept as read */
	assert_string_equal(el->voter_id[0], "v1");
	assert_string_equal(el->vote_fields[0], " v1 ");
	assert_int_equal(el->cost[1], 0);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
	el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\nproject_id;cost\n9;1\n10;1\n1;1\nb;1\nB;1\n"
					   "\xC3\xA9;1\n100;1\n91;1\nVOTES\nvoter_id;vote\n");
	/* Byte-wise: "1" < "10" < "100" < "9" < "91" < "B" < "b" < "é". */
	static const uint32_t want[] = {3, 1, 0, 6, 5, 7, 2, 4};
	for (uint32_t p = 0; p < N_OF(want); p++)
		assert_int_equal(el->id_rank[p], want[p]);
	ms_test_pb_invariants(el);
	ms_election_free(A, el);
}

static void test_votes(void **state)
{
	(void)state;
	struct ms_election *el = ms_test_pb_parse_ok(HEAD "a;,1,,2,\nb;None\nc; 3 \nd;\n  e;1\ne;2\n");
	assert_int_equal(el->n_voters, 6);
	assert_int_equal(ms_test_ballot_len(el, 0), 2); /* empty items skipped */
	assert_int_equal(ms_test_ballot_len(el, 1), 0); /* None is empty */
	assert_int_equal(ms_test_ballot_len(el, 2), 1); /* the vote is trimmed as a whole */
	assert_int_equal(ms_test_ballot_len(el, 3), 0); /* an empty vote is a voter */
	/* Two rows with one voter id are two voters. */
	assert_string_equal(el->voter_id[4], "e");
	assert_string_equal(el->voter_id[5], "e");
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
	/* Ids longer than 8 bytes take the other lookup path. */
	el = ms_test_pb_parse_ok(HEAD_META "PROJECTS\nproject_id;cost\nabcdefgh;1\nabcdefghi;2\nabcdefghij;3\n"
					   "VOTES\nvoter_id;vote\nv;abcdefghij,abcdefgh,abcdefghi\n");
	assert_string_equal(ms_test_ballot_id(el, 0, 0), "abcdefghij");
	assert_string_equal(ms_test_ballot_id(el, 0, 2), "abcdefghi");
	ms_election_free(A, el);
}

static void test_repeats(void **state)
{
	(void)state;
	/* Approval: once, at the first position. */
	struct ms_election *el = ms_test_pb_parse_ok(HEAD "a;2,1,2,2\n");
	assert_int_equal(ms_test_ballot_len(el, 0), 2);
	assert_string_equal(ms_test_ballot_id(el, 0, 0), "2");
	assert_string_equal(ms_test_ballot_id(el, 0, 1), "1");
	ms_test_pb_invariants(el);
	ms_election_free(A, el);
	/* Ordinal: the first mention ranks. */
	el = ms_test_pb_parse_ok(TYPE("ordinal") "VOTES\nvoter_id;vote\na;3,1,3,2\n");
	assert_int_equal(ms_test_ballot_len(el, 0), 3);
	assert_string_equal(ms_test_ballot_id(el, 0, 0), "3");
	assert_string_equal(ms_test_ballot_id(el, 0, 2), "2");
	ms_election_free(A, el);
	/* Cumulative: first position, points of the last mention (pabutools). */
	el = ms_test_pb_parse_ok(CUM "a;1,2,1,1;3,4,5,6\n");
	assert_int_equal(ms_test_ballot_len(el, 0), 2);
	assert_string_equal(ms_test_ballot_id(el, 0, 0), "1");
	assert_int_equal(el->vote_points[0], 6);
	assert_int_equal(el->vote_points[1], 4);
	ms_test_pb_invariants(el);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
}

static void test_vote_types(void **state)
{
	(void)state;
	struct ms_election *el = ms_test_pb_parse_ok(TYPE("choose-1") "VOTES\nvoter_id;vote;points\na;2;9\nb;;\n");
	assert_int_equal(el->vote_type, MS_VOTE_CHOOSE1);
	assert_null(el->vote_points); /* points read only for cumulative / scoring */
	assert_int_equal(ms_test_ballot_len(el, 0), 1);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
	el = ms_test_pb_parse_ok(TYPE("scoring") "VOTES\nvoter_id;points;vote\na; 5 , 0 ,7 ;3,1,2\nb;;\nc;None;None\n"
						 "d;,1,;,2,\n");
	assert_int_equal(el->vote_type, MS_VOTE_SCORING);
	assert_int_equal(ms_test_ballot_len(el, 0), 3);
	assert_string_equal(ms_test_ballot_id(el, 0, 0), "3");
	assert_int_equal(el->vote_points[0], 5);
	assert_int_equal(el->vote_points[1], 0);
	assert_int_equal(el->vote_points[2], 7);
	assert_int_equal(ms_test_ballot_len(el, 1), 0);
	assert_int_equal(ms_test_ballot_len(el, 2), 0);
	assert_int_equal(ms_test_ballot_len(el, 3), 1);
	assert_int_equal(el->vote_points[3], 1);
	ms_test_pb_invariants(el);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
}

/* ---- limits ----------------------------------------------------------------------- */

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
	parse_err_n(t, len, 12 + MS_PB_MAX_VOTERS, &MS_E_PB_TOO_MANY_VOTERS, "more than 1000000 voters");
	free(t);

	/* 100,000 projects (ids p0..): one more is an error. */
	size_t n = MS_PB_MAX_PROJECTS + 1;
	t = malloc(64 + n * 16);
	assert_non_null(t);
	size_t cap = 64 + n * 16;
	len = (size_t)snprintf(t, cap, "%sPROJECTS\nproject_id;cost\n", HEAD_META);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, "p%zu;1\n", i);
	parse_err_n(t, len, 6 + n, &MS_E_PB_TOO_MANY_PROJECTS, "more than 100000 projects");
	/* Without the last one it parses, ids hashed and ranked. */
	len -= strlen("p100000;1\n");
	memcpy(t + len, "VOTES\nvoter_id;vote\nv;p99999,p0\n", 33);
	len += 32;
	assert_int_equal(ms_pb_parse(A, t, len, &el, &e), 0);
	assert_int_equal(el->n_projects, MS_PB_MAX_PROJECTS);
	assert_string_equal(ms_test_ballot_id(el, 0, 0), "p99999");
	assert_int_equal(el->id_rank[0], 0);
	ms_election_free(A, el);
	free(t);

	/* A field of exactly 1 MiB passes, quoted or not; one byte more fails. */
	size_t big = MS_PB_MAX_FIELD;
	t = malloc(big + 256);
	assert_non_null(t);
	for (int quoted = 0; quoted < 2; quoted++) {
		for (size_t extra = 0; extra < 2; extra++) {
			len = (size_t)snprintf(t, 256, "%sPROJECTS\nproject_id;cost;name\n1;1;%s", HEAD_META,
					       quoted ? "\"" : "");
			memset(t + len, 'n', big + extra);
			len += big + extra;
			len += (size_t)snprintf(t + len, big + 256 - len, "%s\nVOTES\nvoter_id;vote\n", quoted ? "\"" : "");
			if (extra) {
				parse_err_n(t, len, 7, &MS_E_PB_FIELD_TOO_LONG, "longer than 1048576 bytes");
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
	enum { N = 600 }; /* table of 4096 slots */
	size_t cap = 256 + N * 32 + 4 * N * 16;
	char *t = malloc(cap);
	assert_non_null(t);
	size_t len = (size_t)snprintf(t, cap, "%sPROJECTS\nproject_id;cost\n", HEAD_META);
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
		len += (size_t)snprintf(t + len, cap - len, "%s;%u\n", id, found);
	}
	len += (size_t)snprintf(t + len, cap - len, "VOTES\nvoter_id;vote\n");
	for (unsigned v = 0; v < N; v++)
		len += (size_t)snprintf(t + len, cap - len, "v;%s,%s\n", ids[v], ids[N - 1 - v]);
	struct ms_election *el = NULL;
	struct ms_error e;
	if (ms_pb_parse(A, t, len, &el, &e))
		fail_msg("%s", e.message);
	assert_int_equal(el->n_projects, N);
	for (unsigned v = 0; v < N; v++) {
		assert_string_equal(ms_test_ballot_id(el, v, 0), ids[v]);
		if (v != N - 1 - v)
			assert_string_equal(ms_test_ballot_id(el, v, 1), ids[N - 1 - v]);
	}
	ms_test_pb_invariants(el);
	ms_test_pb_round_trip(el);
	ms_election_free(A, el);
	/* An unknown id and a duplicate are still found. */
	len = (size_t)(strstr(t, "VOTES") - t);
	len += (size_t)snprintf(t + len, cap - len, "VOTES\nvoter_id;vote\nv;c9999999\n");
	parse_err_n(t, len, 9 + N, &MS_E_PB_UNKNOWN_PROJECT, "unknown project id 'c9999999'");
	char *second = strchr(strstr(t, "PROJECTS\nproject_id;cost\n") + 25, '\n') + 1;
	memcpy(second, ids[0], 8);
	parse_err_n(t, len, 8, &MS_E_PB_DUPLICATE_PROJECT_ID, "duplicate project id");
	free(t);
}

int main(void)
{
#define MONEY(i) {money[i].name, test_money, NULL, NULL, (void *)&money[i]}
	_Static_assert(N_OF(money) == 5, "a test per money case");
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_blank_rows),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_meta),
		MONEY(0), MONEY(1), MONEY(2), MONEY(3), MONEY(4),
		cmocka_unit_test(test_projects),
		cmocka_unit_test(test_votes),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_vote_types),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_colliding_ids),
	};
	return ms_test_run_group("pb", fixed, N_OF(fixed), errors, N_OF(errors), sizeof errors[0], test_error);
}
