/*
 * test_catalogue.c — the whole error catalogue (ms_app_codes: every part
 * of the program's codes). Every machine code appears once; each has a
 * message in Chinese and in English; the Chinese one holds Chinese
 * characters and no English words but identifiers and literals that the
 * English one spells too (every Latin word found is printed with the
 * reason it passes); the English one holds no Chinese; the class is a 4xx
 * or busy, or the code is the default of its 5xx class; and the
 * placeholders {n} fit the calls that raise the code, as the source tree
 * shows them (calls.h): a message that uses an argument no call passes, or
 * a call that passes fewer arguments than a message uses (the reader would
 * see "?"), or a code nothing raises nor lists, is a mistake. That one
 * message uses an argument the other does not is a finding, printed as a
 * table: the Chinese may leave a detail out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calls.h"
#include "cli/cli.h"
#include "unit.h"

static const struct ms_code *codes[1024];
static size_t n_codes;
static struct ms_code_uses *uses; /* of the real tree */

static int setup(void **state)
{
	(void)state;
	uses = ms_code_uses_load(MS_SRC_DIR);
	return uses ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(uses);
	return 0;
}

/* The placeholders a template uses, as bits 1 … 9. */
static unsigned placeholders(const char *t)
{
	unsigned bits = 0;
	for (; *t; t++)
		if (t[0] == '{' && t[1] >= '1' && t[1] <= '9' && t[2] == '}')
			bits |= 1u << (t[1] - '0');
	return bits;
}

static int highest(unsigned bits)
{
	int k = 0;
	for (int i = 1; i <= 9; i++)
		if (bits & (1u << i))
			k = i;
	return k;
}

/* "{1} {3}" of bits, into buf. */
static const char *bits_text(unsigned bits, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = 0;
	for (int i = 1; i <= 9 && n + 5 < cap; i++)
		if (bits & (1u << i))
			n += (size_t)snprintf(buf + n, cap - n, "%s{%d}", n ? " " : "", i);
	return n ? buf : "-";
}

/* ---- every code once ---------------------------------------------------- */

static void test_codes_once(void **state)
{
	(void)state;
	size_t twice = 0;
	assert_true(n_codes > 100);
	for (size_t i = 0; i < n_codes; i++)
		for (size_t j = 0; j < i; j++)
			if (codes[i] == codes[j] || strcmp(codes[i]->code, codes[j]->code) == 0) {
				printf("# %s is in the catalogue twice\n", codes[i]->code);
				twice++;
			}
	assert_int_equal(twice, 0);
	/* The default of every class is in it. */
	for (int k = -1; k >= (int)MS_ERR_TOO_MANY; k--) {
		size_t i = 0;
		while (i < n_codes && codes[i] != ms_code_of_err((enum ms_err)k))
			i++;
		if (i == n_codes)
			fail_msg("the default code of class %d is not in the catalogue", k);
	}
}

/* ---- one code ----------------------------------------------------------- */

/* The code point at *p (advanced past it), or -1 when not UTF-8. */
static long code_point(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	int n = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (!n)
		return -1;
	long c = n == 1 ? s[0] : s[0] & (0x3F >> (n - 1));
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3F);
	}
	*p += n;
	return c;
}

static int has_han(const char *s)
{
	while (*s) {
		long c = code_point(&s);
		if (c < 0)
			return -1;
		if ((c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF))
			return 1;
	}
	return 0;
}

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Whether the n bytes of word stand in text as a whole word. */
static int spelled_in(const char *text, const char *word, size_t n)
{
	for (const char *p = text; *p; p++)
		if (strncmp(p, word, n) == 0 && (p == text || !word_char(p[-1])) && !word_char(p[n]))
			return 1;
	return 0;
}

/* The Latin words of c's Chinese message: 0 when each is an identifier (no
 * lower-case letter, or with '_' or a digit) or a literal the English
 * message spells too; each is printed with its reason. */
static int english_in_chinese(const struct ms_code *c)
{
	int bad = 0;
	for (const char *p = c->zh; *p; p++) {
		if (!word_char(*p) || (p > c->zh && word_char(p[-1])))
			continue;
		size_t n = 0, lower = 0, letters = 0, marks = 0;
		for (; word_char(p[n]); n++) {
			lower += p[n] >= 'a' && p[n] <= 'z';
			letters += (p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z';
			marks += p[n] == '_' || (p[n] >= '0' && p[n] <= '9');
		}
		const char *why = !letters ? NULL
				  : !lower || marks ? "an identifier"
				  : spelled_in(c->en, p, n) ? "a literal the English spells too"
							    : NULL;
		if (letters) {
			printf("# %s: '%.*s' in the Chinese: %s\n", c->code, (int)n, p, why ? why : "ENGLISH TEXT");
			bad += !why;
		}
		p += n - 1;
	}
	return bad;
}

/* The mistakes of c's placeholders given the calls that raise it (u),
 * written into why; 0 when there are none. */
static int placeholder_mistakes(const struct ms_code *c, const struct ms_code_use *u, char *why, size_t cap)
{
	int hi = highest(placeholders(c->zh) | placeholders(c->en));
	int is_default = ms_code_of_err(c->err) == c;
	why[0] = 0;
	if (!u)
		snprintf(why, cap, "no .def file defines it");
	else if (u->calls && hi > u->max_args)
		snprintf(why, cap, "a message uses {%d} but no call passes more than %d arguments", hi, u->max_args);
	else if (u->calls && u->min_args < hi)
		snprintf(why, cap, "a call passes %d arguments, a message uses {%d}", u->min_args, hi);
	else if (!u->calls && !u->other && !is_default)
		snprintf(why, cap, "nothing raises it nor lists it");
	return why[0] != 0;
}

static int class_ok(const struct ms_code *c)
{
	if ((c->err <= MS_ERR_INVALID && c->err >= MS_ERR_BUSY) || c->err == MS_ERR_TOO_MANY ||
	    c->err == MS_ERR_URI_TOO_LONG || c->err == MS_ERR_HEADERS_TOO_LARGE)
		return 1; /* 400 … 422, 414, 429, 431, 503 */
	return c->err <= MS_ERR_NOMEM && c->err >= MS_ERR_INTERNAL && ms_code_of_err(c->err) == c;
}

static void run_code(void **state)
{
	const struct ms_code *c = *state;
	size_t n = strlen(c->code);
	assert_true(n > 0 && n < 40);
	for (size_t i = 0; i < n; i++)
		if (!((c->code[i] >= 'a' && c->code[i] <= 'z') || c->code[i] == '_' || (i && c->code[i] >= '0' && c->code[i] <= '9')))
			fail_msg("the code %s is not lower_snake_case", c->code);
	if (!class_ok(c))
		fail_msg("%s: class %s, neither a 4xx nor busy nor its 5xx class's default", c->code, ms_err_code(c->err));
	assert_true(c->zh && c->zh[0] && c->en && c->en[0]);
	if (has_han(c->zh) != 1)
		fail_msg("%s: the Chinese message \"%s\" has no Chinese characters", c->code, c->zh);
	if (has_han(c->en) != 0)
		fail_msg("%s: the English message \"%s\" has Chinese characters (or is not UTF-8)", c->code, c->en);
	if (english_in_chinese(c))
		fail_msg("%s: English words in the Chinese message \"%s\"", c->code, c->zh);
	char why[160];
	if (placeholder_mistakes(c, ms_code_use_of(uses, c->code), why, sizeof why))
		fail_msg("%s: %s (zh \"%s\", en \"%s\")", c->code, why, c->zh, c->en);
}

/* ---- the findings ------------------------------------------------------- */

static void test_placeholder_findings(void **state)
{
	(void)state;
	size_t rows = 0, raised = 0;
	printf("# %-28s %-12s %-16s %-8s %s\n", "code", "Chinese", "English", "args", "finding");
	for (size_t i = 0; i < n_codes; i++) {
		const struct ms_code *c = codes[i];
		const struct ms_code_use *u = ms_code_use_of(uses, c->code);
		assert_non_null(u);
		raised += u->calls > 0;
		unsigned zh = placeholders(c->zh), en = placeholders(c->en), shown = zh | en;
		char a[40], b[40], args[16];
		const char *finding = (en & ~zh) ? "the Chinese leaves an argument out"
				      : (zh & ~en) ? "the English leaves an argument out"
				      : u->calls && u->max_args > highest(shown) ? "an argument neither shows"
				      : !u->calls ? "raised through a helper or as a class default: not counted"
						  : NULL;
		if (!finding)
			continue;
		if (u->calls)
			snprintf(args, sizeof args, u->min_args == u->max_args ? "%d" : "%d-%d", u->min_args, u->max_args);
		else
			snprintf(args, sizeof args, "?");
		printf("# %-28s %-12s %-16s %-8s %s\n", c->code, bits_text(zh, a, sizeof a), bits_text(en, b, sizeof b),
		       args, finding);
		rows++;
	}
	printf("# %zu findings; %zu of %zu codes raised by calls the test could count\n", rows, raised, n_codes);
	/* The scan of the source found the calls (were it broken, every
	 * arity check above would pass for want of calls). */
	assert_true(raised * 10 >= n_codes * 9);
}

/* ---- the checks themselves, on a made-up tree ---------------------------- */

/* Write text into dir/name, or (text NULL) remove it. */
static void write_file(const char *dir, const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!text) {
		unlink(path);
		return;
	}
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_checks_can_fail(void **state)
{
	(void)state;
	char dir[] = "/tmp/ms-catalogue-XXXXXX";
	assert_non_null(mkdtemp(dir));
	write_file(dir, "x_codes.def",
		   "/* MS_CODE(NAME, \"code\", CLASS, \"zh\", \"en\") */\n"
		   "MS_CODE(GOOD, \"syn_good\", CONFLICT, \"第 {1} 号\", \"number {1} {2}\")\n"
		   "MS_CODE(BEYOND, \"syn_beyond\", CONFLICT, \"{3}\", \"{1} {3}\")\n"
		   "MS_CODE(SHORT, \"syn_short\", CONFLICT, \"{2}\", \"{1} {2}\")\n"
		   "MS_CODE(UNUSED, \"syn_unused\", CONFLICT, \"无\", \"none\")\n");
	write_file(dir, "x.c",
		   "int f(void)\n{\n"
		   "\tms_failf(e, MS_E_GOOD, \"f\", MS_AI(1), MS_AT(\"一\", \"one\"));\n"
		   "\t/* ms_failf(e, MS_E_UNUSED, NULL, MS_AI(1)); */\n"
		   "\ts = \"ms_fail(e, MS_E_UNUSED, NULL)\";\n"
		   "\tms_failf(e, MS_E_BEYOND, NULL, MS_AS(\"a,b\"), MS_AI(g(1, 2)));\n"
		   "\tms_faultf(f, MS_E_SHORT, \"x\", MS_AI(1), MS_AI(2));\n"
		   "\treturn ms_fault(f,\n\t\tMS_E_SHORT, \"x\");\n}\n");
	struct ms_code_uses *t = ms_code_uses_load(dir);
	write_file(dir, "x.c", NULL);
	write_file(dir, "x_codes.def", NULL);
	rmdir(dir);
	assert_non_null(t);
	static const struct ms_code made[] = {
		{"syn_good", MS_ERR_CONFLICT, "第 {1} 号", "number {1} {2}"},
		{"syn_beyond", MS_ERR_CONFLICT, "{3}", "{1} {3}"},
		{"syn_short", MS_ERR_CONFLICT, "{2}", "{1} {2}"},
		{"syn_unused", MS_ERR_CONFLICT, "无", "none"},
	};
	static const char *const want[] = {
		"",
		"a message uses {3} but no call passes more than 2 arguments",
		"a call passes 0 arguments, a message uses {2}",
		"nothing raises it nor lists it",
	};
	char why[160];
	for (size_t i = 0; i < N_OF(made); i++) {
		placeholder_mistakes(&made[i], ms_code_use_of(t, made[i].code), why, sizeof why);
		assert_string_equal(why, want[i]);
	}
	assert_int_equal(ms_code_use_of(t, "syn_short")->calls, 2);
	free(t);
	/* And the word check: English prose in the Chinese message. */
	static const struct ms_code prose = {"syn_prose", MS_ERR_CONFLICT, "请 retry 一下（CSV、vote_type）", "retry later"};
	static const struct ms_code prose2 = {"syn_prose2", MS_ERR_CONFLICT, "请稍后 again", "retry later"};
	/* The heuristic's limit: a word the English spells too passes. */
	assert_int_equal(english_in_chinese(&prose), 0);
	assert_int_equal(english_in_chinese(&prose2), 1);
}

int main(void)
{
	for (const struct ms_code *const *const *l = ms_app_codes; *l; l++)
		for (const struct ms_code *const *c = *l; *c && n_codes < N_OF(codes); c++)
			codes[n_codes++] = *c;
	struct ms_unit_list l = {0};
	MS_UNIT_TEST(&l, test_codes_once);
	for (size_t i = 0; i < n_codes; i++)
		ms_unit_add(&l, codes[i]->code, run_code, codes[i]);
	MS_UNIT_TEST(&l, test_placeholder_findings);
	MS_UNIT_TEST(&l, test_checks_can_fail);
	return ms_unit_run("catalogue", &l, setup, teardown);
}
