/*
 * test_pb_split.c — the VOTES rows read by two threads (count/pb_split.c)
 * give what one thread gives: the same election, or the same error worded
 * the same, whatever row of the file is bad.
 *
 * MS_PB_SPLIT makes a lean parse split the scan of any input of 64 bytes
 * or more and the rows of any VOTES section, so small files exercise both. Each file is parsed
 * three ways: in full (flags 0, which never splits), lean, and lean split;
 * the lean parses must be equal elections (or fail alike), and the full
 * one must agree with them. Files: every instance of ../shared/pabulib, and
 * made-up approval and cumulative files, each with one row spoiled at rows
 * around the start, the middle (where the threads part: the first thread's
 * last rows, the 64 bytes between them, the second thread's first rows) and
 * the end.
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
#include "count/pb_internal.h"
#include "support.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct ms_allocator *A = &ms_allocator_libc;

/* What a parse read in two threads (PB_SPLIT_SCAN, PB_SPLIT_VOTES), so
 * that a test of the two threads cannot pass with one. */
static unsigned split_of(const struct ms_election *el)
{
	return ((const struct pb_holder *)(const void *)el)->split;
}

static unsigned last_split, last_lean_split;   /* of agree's last parses that parsed */

/* Parse text three ways; all must agree. Returns the lean split parse's
 * code (0 when it parsed). */
static int agree(const char *text, size_t len)
{
	struct ms_election *full = NULL, *lean = NULL, *split = NULL;
	struct ms_error ef, el, es;
	memset(&ef, 0, sizeof ef);
	memset(&el, 0, sizeof el);
	memset(&es, 0, sizeof es);
	int rf = ms_pb_parse_ex(A, text, len, 0, &full, &ef);
	int rl = ms_pb_parse_ex(A, text, len, MS_PB_LEAN, &lean, &el);
	int rs = ms_pb_parse_ex(A, text, len, MS_PB_LEAN | MS_PB_SPLIT, &split, &es);
	assert_int_equal(rl, rs);
	assert_int_equal(rf, rs);
	if (rs) {
		assert_string_equal(el.code, es.code);
		assert_string_equal(el.message, es.message);
		assert_string_equal(el.message_zh, es.message_zh);
		assert_string_equal(ef.message, es.message);
		assert_null(split);
		return rs;
	}
	assert_true(ms_election_equal(lean, split));
	assert_int_equal(split_of(full), 0);   /* a full parse keeps one thread */
	last_split = split_of(split);
	last_lean_split = split_of(lean);
	/* The full parse keeps the VOTES fields; the rest is the same. */
	assert_int_equal(full->n_voters, split->n_voters);
	assert_memory_equal(full->vote_off, split->vote_off, (split->n_voters + 1) * sizeof *split->vote_off);
	assert_memory_equal(full->vote_proj, split->vote_proj, split->vote_off[split->n_voters] * sizeof(uint32_t));
	if (split->vote_points)
		assert_memory_equal(full->vote_points, split->vote_points,
				    split->vote_off[split->n_voters] * sizeof *split->vote_points);
	for (uint32_t v = 0; v < split->n_voters; v++)
		assert_string_equal(full->voter_id[v], split->voter_id[v]);
	ms_election_free(A, full);
	ms_election_free(A, lean);
	ms_election_free(A, split);
	return 0;
}

static void test_instances(void **state)
{
	(void)state;
	char dir[2048];
	DIR *d = ms_test_open_pabulib(dir, sizeof dir);
	if (!d) {
		printf("# ../shared/pabulib not found: skipped\n");
		skip();
	}
	struct dirent *de;
	int n = 0, large = 0;
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		if (nl < 4 || strcmp(de->d_name + nl - 3, ".pb") != 0)
			continue;
		char path[4200];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		size_t len;
		char *text = ms_test_slurp(path, &len);
		assert_non_null(text);
		if (agree(text, len) != 0)
			fail_msg("%s does not parse", de->d_name);
		assert_true(last_split & PB_SPLIT_SCAN);
		if (len >= 600 * 1024) {   /* large enough to be split unasked */
			assert_int_equal(last_lean_split, PB_SPLIT_SCAN | PB_SPLIT_VOTES);
			large++;
		}
		free(text);
		n++;
	}
	closedir(d);
	printf("# %d instances read alike by one thread and two (%d of 600 KB or more split unasked)\n", n, large);
	assert_true(n >= 40 && large >= 10);
}

/* A made-up file: 40 projects, rows voters with 0 to 6 items (some named
 * twice), the odd blank row, padded voter id and empty vote; cumulative
 * ones carry points. One row (bad, when not NULL) replaces voter row at. */
static size_t head_pad;   /* bytes of a META description row, when not 0 */

static char *made_up(bool cumulative, bool crlf, size_t rows, size_t at, const char *bad, size_t *len)
{
	size_t cap = 256 + head_pad + rows * 64 + (bad ? strlen(bad) : 0), n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	const char *eol = crlf ? "\r\n" : "\n";
	n += (size_t)snprintf(t + n, cap - n, "META%skey;value%sbudget;1000%svote_type;%s%s", eol, eol, eol,
			      cumulative ? "cumulative" : "approval", eol);
	if (head_pad) {
		n += (size_t)snprintf(t + n, cap - n, "description;");
		memset(t + n, 'd', head_pad);
		n += head_pad;
		n += (size_t)snprintf(t + n, cap - n, "%s", eol);
	}
	n += (size_t)snprintf(t + n, cap - n, "PROJECTS%sproject_id;cost%s", eol, eol);
	for (int p = 1; p <= 40; p++)
		n += (size_t)snprintf(t + n, cap - n, "p%d;%d%s", p, 10 + p, eol);
	n += (size_t)snprintf(t + n, cap - n, "VOTES%svoter_id;age;vote%s%s", eol, cumulative ? ";points" : "", eol);
	uint32_t r = 12345;
	for (size_t v = 0; v < rows; v++) {
		if (v == at && bad) {
			n += (size_t)snprintf(t + n, cap - n, "%s%s", bad, eol);
			continue;
		}
		r = r * 1103515245u + 12345u;
		unsigned k = (r >> 16) % 7;
		if (k == 6 && (r >> 8) % 5 == 0) {
			n += (size_t)snprintf(t + n, cap - n, "  %s", eol);   /* blank: no voter */
			continue;
		}
		n += (size_t)snprintf(t + n, cap - n, (r >> 4) % 11 == 0 ? " v%zu ;%u;" : "v%zu;%u;", v, (r >> 20) % 90);
		char pts[64] = "";
		size_t pn = 0;
		for (unsigned i = 0; i < k; i++) {
			r = r * 1103515245u + 12345u;
			unsigned p = 1 + (r >> 16) % 40;
			n += (size_t)snprintf(t + n, cap - n, "%sp%u", i ? "," : "", p);
			pn += (size_t)snprintf(pts + pn, sizeof pts - pn, "%s%u", i ? "," : "", (r >> 8) % 9);
		}
		if (cumulative)
			n += (size_t)snprintf(t + n, cap - n, ";%s", pts);
		n += (size_t)snprintf(t + n, cap - n, "%s", eol);
	}
	assert_true(n < cap);
	*len = n;
	return t;
}

/* The spoiled rows: what each does to one thread's reading. */
static const struct spoil {
	const char *row;    /* approval; cumulative adds ";1" */
	bool ok;            /* the file still parses */
} spoils[] = {
	{"w;1;p1,p99", false},               /* unknown project */
	{"w;1;p1;extra", false},             /* a field too many */
	{"w;1", false},                      /* a field too few */
	{"META;x;y", false},                 /* a section named again */
	{" Votes ;x;y", false},
	{"w;1;\"p1,p2\"", true},             /* a quote: the rows are read by one thread */
	{"   w9   ;1;p2,p2,p3", true},       /* padded id, a project twice */
	{"w;1;None", true},                  /* an empty vote is a voter */
	{"w;1;,,p4,,", true},                /* empty items */
	{"", true},                          /* blank */
};

/* A row of 5,000 fields: more than the second thread's slots. */
static char *wide_row(void)
{
	size_t cap = 5000 * 3 + 16, n = 0;
	char *w = malloc(cap);
	assert_non_null(w);
	n += (size_t)snprintf(w, cap, "w;1;p1");
	for (int i = 0; i < 5000; i++)
		n += (size_t)snprintf(w + n, cap - n, ";x");
	return w;
}

/* Rows to spoil in a file of rows voter rows: the ends and a band around
 * the middle, where the threads part. */
static size_t spoil_rows(size_t rows, size_t *at)
{
	size_t n = 0;
	at[n++] = 0;
	at[n++] = 1;
	for (size_t v = rows / 2 - 8; v <= rows / 2 + 10; v++)
		at[n++] = v;
	at[n++] = rows * 3 / 4;
	at[n++] = rows - 1;
	return n;
}

static void test_spoiled(void **state)
{
	(void)state;
	size_t at[32], checked = 0, failed = 0;
	char *wide = wide_row();
	/* 3,000 rows (60 KB: the middle far from the start), 120 (under one
	 * checkpoint of the scan's counts: they are counted from VOTES on), and
	 * 120 after a META of 10 KB (the last checkpoint before the middle lies
	 * before VOTES, in rows already cut). */
	for (int kind = 0; kind < 12; kind++) {
		bool cum = kind & 1, crlf = kind & 2;
		size_t rows = kind & 12 ? 120 : 3000, n_at = spoil_rows(rows, at);
		head_pad = kind & 8 ? 10000 : 0;
		size_t len;
		char *clean = made_up(cum, crlf, rows, SIZE_MAX, NULL, &len);
		assert_int_equal(agree(clean, len), 0);
		assert_int_equal(last_split, PB_SPLIT_SCAN | PB_SPLIT_VOTES);
		free(clean);
		for (size_t s = 0; s <= N_OF(spoils); s++) {
			char row[64];
			const char *bad = s < N_OF(spoils) ? spoils[s].row : wide;
			if (s < N_OF(spoils) && cum && *bad && strncmp(bad, "META", 4) && strncmp(bad, " Votes", 6)) {
				snprintf(row, sizeof row, "%s;1", bad);
				bad = row;
			}
			for (size_t i = 0; i < n_at; i++) {
				char *t = made_up(cum, crlf, rows, at[i], bad, &len);
				int rc = agree(t, len);
				if (s < N_OF(spoils) && spoils[s].ok && !cum)
					assert_int_equal(rc, 0);
				failed += rc != 0;
				checked++;
				if (at[i] == rows - 1) {   /* the last row without its line end */
					failed += agree(t, len - (crlf ? 2 : 1)) != 0;
					checked++;
				}
				free(t);
			}
		}
	}
	free(wide);
	head_pad = 0;
	printf("# %zu spoiled files read alike (%zu refused)\n", checked, failed);
}

/* Points that do not match the vote, and a field over the limit, in the
 * second thread's rows. */
static void test_late_errors(void **state)
{
	(void)state;
	size_t len;
	char *t = made_up(true, false, 3000, 2000, "w;1;p1,p2;5", &len);
	assert_int_not_equal(agree(t, len), 0);
	free(t);
	char *huge = malloc(MS_PB_MAX_FIELD + 32);
	assert_non_null(huge);
	memcpy(huge, "w;1;", 4);
	memset(huge + 4, 'a', MS_PB_MAX_FIELD + 1);
	huge[MS_PB_MAX_FIELD + 5] = 0;
	t = made_up(false, false, 3000, 2500, huge, &len);
	assert_int_not_equal(agree(t, len), 0);
	free(t);
	free(huge);
}

/* Quoted line ends only in the second half of the input (a long META
 * row fills the first): the rows are read by one thread, since a line end
 * may not end a row. */
static void test_quotes_late(void **state)
{
	(void)state;
	size_t cap = 400 * 1024;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int rows = 3000; rows < 3004; rows++) {
		size_t n = (size_t)snprintf(t, cap, "META\nkey;value\nbudget;9\nvote_type;approval\ndescription;");
		memset(t + n, 'd', 60000);
		n += 60000;
		n += (size_t)snprintf(t + n, cap - n, "\nPROJECTS\nproject_id;cost\n1;1\n2;2\nVOTES\nvoter_id;note;vote\n");
		for (int v = 0; v < rows; v++)
			n += (size_t)snprintf(t + n, cap - n, v < rows / 3 ? "v%d;x;1,2\n" : "v%d;\"x\ny\";2\n", v);
		assert_int_equal(agree(t, n), 0);
		assert_int_equal(last_split, PB_SPLIT_SCAN);   /* the rows by one thread */
	}
	free(t);
}

/* The caller's input is read once: an allocator that overwrites it on its
 * fourth call (after the copy is made and checked) changes nothing, whether
 * the rows are read by one thread or two, a spoiled row in the second
 * thread's half included. */
static char *victim;
static size_t victim_len;
static int calls;

static void *spoiling_alloc(void *ctx, size_t n)
{
	(void)ctx;
	if (++calls == 4)
		memset(victim, '#', victim_len);
	return malloc(n);
}

static void plain_free(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

static void test_read_once(void **state)
{
	(void)state;
	static const struct ms_allocator spoiling = {spoiling_alloc, plain_free, NULL};
	for (int k = 0; k < 3; k++) {
		size_t len;
		char *t = made_up(k == 1, k == 2, 3000, k ? 2000 : SIZE_MAX, k ? "w;1;p1;p2;x" : NULL, &len);
		for (int flags = 0; flags < 3; flags++) {
			unsigned f = flags == 0 ? 0 : flags == 1 ? MS_PB_LEAN : MS_PB_LEAN | MS_PB_SPLIT;
			struct ms_election *want = NULL, *got = NULL;
			struct ms_error ew, eg;
			int rw = ms_pb_parse_ex(A, t, len, f, &want, &ew);
			victim = malloc(len);
			assert_non_null(victim);
			memcpy(victim, t, len);
			victim_len = len;
			calls = 0;
			int rg = ms_pb_parse_ex(&spoiling, victim, len, f, &got, &eg);
			assert_true(calls >= 4);
			assert_int_equal(rw, rg);
			if (rw) {
				assert_string_equal(ew.message, eg.message);
			} else {
				assert_true(ms_election_equal(want, got));
				ms_election_free(A, want);
				ms_election_free(&spoiling, got);
			}
			free(victim);
		}
		free(t);
	}
}

/* Long votes (cut at the commas of a mask) hold what they say: random ids
 * of 1 to 12 bytes, empty items and repeats, over many 64-byte chunks,
 * checked against the items written. */
static void test_long_votes(void **state)
{
	(void)state;
	enum { NP = 40, ROWS = 400 };
	char ids[NP][16];
	size_t cap = 1 << 20, n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	n += (size_t)snprintf(t, cap, "META\nkey;value\nbudget;1000\nvote_type;approval\nPROJECTS\nproject_id;cost\n");
	uint32_t r = 99;
	for (int p = 0; p < NP; p++) {
		r = r * 1103515245u + 12345u;
		int len = 1 + (int)((r >> 16) % 12);
		for (int k = 0; k < len; k++)
			ids[p][k] = (char)('a' + (p + k * 7) % 26);
		snprintf(ids[p] + len, sizeof ids[p] - (size_t)len, "%d", p);   /* unique */
		n += (size_t)snprintf(t + n, cap - n, "%s;1\n", ids[p]);
	}
	n += (size_t)snprintf(t + n, cap - n, "VOTES\nvoter_id;vote\n");
	static uint32_t want[ROWS][64];
	static uint32_t nwant[ROWS];
	for (int v = 0; v < ROWS; v++) {
		n += (size_t)snprintf(t + n, cap - n, "v%d;", v);
		r = r * 1103515245u + 12345u;
		int items = (int)((r >> 16) % 40);
		bool seen[NP] = {false};
		nwant[v] = 0;
		for (int k = 0; k < items; k++) {
			r = r * 1103515245u + 12345u;
			int p = (int)((r >> 16) % NP);
			if ((r >> 8) % 9 == 0)
				n += (size_t)snprintf(t + n, cap - n, ",");   /* an empty item */
			n += (size_t)snprintf(t + n, cap - n, "%s%s", k ? "," : "", ids[p]);
			if (!seen[p]) {
				seen[p] = true;
				want[v][nwant[v]++] = (uint32_t)p;
			}
		}
		if (r % 5 == 0)
			n += (size_t)snprintf(t + n, cap - n, ",");   /* a trailing comma */
		n += (size_t)snprintf(t + n, cap - n, "\n");
	}
	for (int flags = 0; flags < 3; flags++) {
		struct ms_election *el = NULL;
		struct ms_error e;
		unsigned f = flags == 0 ? 0 : flags == 1 ? MS_PB_LEAN : MS_PB_LEAN | MS_PB_SPLIT;
		assert_int_equal(ms_pb_parse_ex(A, t, n, f, &el, &e), 0);
		assert_int_equal(el->n_voters, ROWS);
		for (int v = 0; v < ROWS; v++) {
			assert_int_equal(el->vote_off[v + 1] - el->vote_off[v], nwant[v]);
			for (uint32_t k = 0; k < nwant[v]; k++)
				assert_int_equal(el->vote_proj[el->vote_off[v] + k], want[v][k]);
		}
		ms_election_free(A, el);
	}
	free(t);
}

/* The code of the error of a lean split parse of text, which must agree. */
static const char *first_error(const char *text, size_t len)
{
	assert_int_not_equal(agree(text, len), 0);
	struct ms_election *el = NULL;
	static struct ms_error e;
	assert_int_not_equal(ms_pb_parse_ex(A, text, len, MS_PB_LEAN | MS_PB_SPLIT, &el, &e), 0);
	return e.code;
}

/* The input is scanned in two threads too (a half each, the second from a
 * character's start): a NUL or bad UTF-8 anywhere, most of all near the
 * middle and in characters that straddle it, is the same first error. */
static void test_scan_halves(void **state)
{
	(void)state;
	static const char *const bad[] = {"\0", "\xFF", "\xC3", "\xE4\xB8", "\xC0\xAF", "\x80\x80\x80\x80"};
	size_t cap = 64 * 1024, checked = 0, refused = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int wide = 1; wide <= 4; wide++) {
		/* rows of 1- to 4-byte characters, so the middle falls in one */
		static const char *const ch[] = {"a", "\xC5\xBC", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80"};
		/* a META row whose length puts the middle inside a character */
		size_t n = (size_t)snprintf(t, cap, "META\nkey;value\nbudget;9\nvote_type;approval\npad;\n");
		size_t pad_at = n - 1;
		n += (size_t)snprintf(t + n, cap - n, "PROJECTS\nproject_id;cost\n1;1\n2;2\nVOTES\nvoter_id;place;vote\n");
		for (int v = 0; v < 200; v++) {
			n += (size_t)snprintf(t + n, cap - n, "v%d;", v);
			for (int k = 0; k < 1 + v % 5; k++)
				n += (size_t)snprintf(t + n, cap - n, "%s", ch[wide - 1]);
			n += (size_t)snprintf(t + n, cap - n, ";1,2\n");
		}
		for (int k = 0; k < 16 && wide > 1 && (t[n / 2] & 0xC0) != 0x80; k++) {
			memmove(t + pad_at + 1, t + pad_at, n - pad_at);
			t[pad_at] = 'x';
			n++;
		}
		assert_true(wide == 1 || (t[n / 2] & 0xC0) == 0x80);
		assert_int_equal(agree(t, n), 0);
		char *u = malloc(n);
		assert_non_null(u);
		size_t at[16], n_at = 0;
		at[n_at++] = 0;
		for (size_t x = n / 2 - 5; x <= n / 2 + 5; x++)
			at[n_at++] = x;
		at[n_at++] = n - 6;
		for (size_t i = 0; i < n_at; i++)
			for (size_t b = 0; b < N_OF(bad); b++) {
				size_t bl = b == 0 ? 1 : strlen(bad[b]);
				memcpy(u, t, n);
				memcpy(u + at[i], bad[b], bl);
				/* (a lead byte over another may still be UTF-8) */
				refused += agree(u, n) != 0;
				checked++;
			}
		/* a NUL, then bad UTF-8 a little later in the same half: the
		 * first is the error */
		memcpy(u, t, n);
		u[n / 2 + 20] = 0;
		u[n / 2 + 40] = (char)0xFF;
		assert_string_equal(first_error(u, n), "pb_nul_byte");
		memcpy(u, t, n);
		u[n / 2 + 40] = 0;
		u[n / 2 + 20] = (char)0xFF;
		assert_string_equal(first_error(u, n), "pb_invalid_utf8");
		/* a lead byte as the input's last byte, at every length mod 16
		 * (the input in a block of its own size: no byte after it is read) */
		for (size_t cut = n - 16; cut < n; cut++) {
			char *end = malloc(cut);
			assert_non_null(end);
			memcpy(end, t, cut - 1);
			end[cut - 1] = (char)0xC3;
			assert_string_equal(first_error(end, cut), "pb_invalid_utf8");
			free(end);
		}
		/* one in each half: the first half's is the error */
		memcpy(u, t, n);
		u[n / 4] = (char)0xFF;
		u[n * 3 / 4] = 0;
		assert_string_equal(first_error(u, n), "pb_invalid_utf8");
		free(u);
	}
	free(t);
	printf("# %zu spoiled files read alike (%zu refused)\n", checked, refused);
	assert_true(refused > checked * 3 / 4);
}

/* The voter id is the first column, which may be the vote or the points:
 * a padded id is cut only once the row is read. */
static void test_id_is_vote(void **state)
{
	(void)state;
	static const char approval[] = "META\nkey;value\nbudget;8\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
				       "1;1\n2;2\nVOTES\nvote\n    1  \n 1,2\n2 \n";
	static const char cumulative[] = "META\nkey;value\nbudget;8\nvote_type;cumulative\nPROJECTS\n"
					 "project_id;cost\n1;1\n2;2\nVOTES\npoints;vote\n  3 ;1\n 1,2 ;2,1\n";
	assert_int_equal(agree(approval, sizeof approval - 1), 0);
	assert_int_equal(agree(cumulative, sizeof cumulative - 1), 0);
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_instances),
		cmocka_unit_test(test_spoiled),
		cmocka_unit_test(test_late_errors),
		cmocka_unit_test(test_id_is_vote),
		cmocka_unit_test(test_scan_halves),
		cmocka_unit_test(test_quotes_late),
		cmocka_unit_test(test_long_votes),
		cmocka_unit_test(test_read_once),
	};
	return ms_test_run_group("pb_split", fixed, N_OF(fixed), NULL, 0, 0, NULL);
}
