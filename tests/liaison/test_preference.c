/*
 * test_preference.c — the preference poll's pure parts (liaison/
 * preference.h): a phone number as typed read as its 11 digits (or
 * refused), and the pluggable sender: its specifications, the spool sender
 * writing one whole file per message, the command sender running a program
 * with the number and the text and failing when it fails.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "liaison/preference.h"
#include "unit.h"

struct phone_case {
	const char *name;
	const char *typed;
	const char *digits; /* NULL: refused */
};

static const struct phone_case phones[] = {
	{"eleven digits", "13812345678", "13812345678"},
	{"spaces and hyphens", "138 1234-5678", "13812345678"},
	{"+86", "+86 139 0000 1234", "13900001234"},
	{"0086", "0086-13900001234", "13900001234"},
	{"86 without plus", "8615912345678", "15912345678"},
	{"ten digits", "1381234567", NULL},
	{"twelve digits", "138123456789", NULL},
	{"second digit 2", "12812345678", NULL},
	{"a landline", "02112345678", NULL},
	{"a letter", "1381234567a", NULL},
	{"plus inside", "138+12345678", NULL},
	{"full-width digits", "１３８１２３４５６７８", NULL},
	{"empty", "", NULL},
	{"very long", "138123456781381234567813812345678", NULL},
};

static void run_phone(void **state)
{
	const struct phone_case *c = *state;
	char out[12];
	bool ok = ms_pref_phone_read(c->typed, out);
	assert_int_equal(ok, c->digits != NULL);
	if (ok)
		assert_string_equal(out, c->digits);
}

struct spec_case {
	const char *name;
	const char *spec;
	bool ok;
};

static const struct spec_case specs[] = {
	{"none", "none", true},	{"empty is none", "", true}, {"command", "command:/bin/true", true},
	{"spool of a missing directory", "spool:/nonexistent/minsheng", false},
	{"no colon", "spool", false}, {"unknown kind", "sms:http://x", false}, {"nothing after the colon", "command:", false},
};

static void run_spec(void **state)
{
	const struct spec_case *c = *state;
	struct ms_error e = {0};
	int rc = ms_sender_configure(c->spec, &e);
	assert_int_equal(rc == 0, c->ok);
	if (!c->ok) {
		assert_int_equal(rc, MS_ERR_INVALID);
		assert_string_equal(e.code, "pref_bad_sender");
	}
	assert_int_equal(ms_sender_configure("none", &e), 0);
}

static char dir[64];

static void test_none(void **state)
{
	(void)state;
	struct ms_error e = {0};
	assert_int_equal(ms_sender_configure("none", &e), 0);
	assert_false(ms_sender_ready());
	assert_int_equal(ms_sender_send("13812345678", "x", &e), MS_ERR_BUSY);
	assert_string_equal(e.code, "pref_no_sender");
}

static void test_spool(void **state)
{
	(void)state;
	struct ms_error e = {0};
	char spec[128], path[400], text[512];
	snprintf(dir, sizeof dir, "/tmp/minsheng-spool-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(spec, sizeof spec, "spool:%s", dir);
	assert_int_equal(ms_sender_configure(spec, &e), 0);
	assert_true(ms_sender_ready());
	assert_int_equal(ms_sender_send("13812345678", "您的投票码：ABCD-EFGH-JKMN-PQRS", &e), 0);
	assert_int_equal(ms_sender_send("13900001234", "second", &e), 0);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	int n = 0, found = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		assert_non_null(strstr(de->d_name, ".msg"));
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		size_t k = fread(text, 1, sizeof text - 1, f);
		text[k] = 0;
		fclose(f);
		if (strcmp(text, "To: 13812345678\n\n您的投票码：ABCD-EFGH-JKMN-PQRS\n") == 0)
			found++;
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
	assert_int_equal(n, 2);
	assert_int_equal(found, 1);
	assert_int_equal(ms_sender_configure("none", &e), 0);
}

static void test_command(void **state)
{
	(void)state;
	struct ms_error e = {0};
	char out[64], script[96], spec[128], text[256];
	snprintf(out, sizeof out, "/tmp/minsheng-cmd-XXXXXX");
	assert_non_null(mkdtemp(out));
	snprintf(script, sizeof script, "%s/send.sh", out);
	FILE *f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n{ echo \"$1\"; cat; } > %s/got\n[ \"$1\" != 13000000000 ]\n", out);
	fclose(f);
	chmod(script, 0700);
	snprintf(spec, sizeof spec, "command:%s", script);
	assert_int_equal(ms_sender_configure(spec, &e), 0);
	assert_int_equal(ms_sender_send("13812345678", "code XYZ", &e), 0);
	snprintf(text, sizeof text, "%s/got", out);
	f = fopen(text, "r");
	assert_non_null(f);
	char got[128];
	size_t k = fread(got, 1, sizeof got - 1, f);
	got[k] = 0;
	fclose(f);
	assert_string_equal(got, "13812345678\ncode XYZ");
	/* the program fails: the send fails */
	assert_int_equal(ms_sender_send("13000000000", "x", &e), MS_ERR_BUSY);
	assert_string_equal(e.code, "pref_send_failed");
	/* a program that does not exist */
	assert_int_equal(ms_sender_configure("command:/nonexistent/send", &e), 0);
	assert_int_equal(ms_sender_send("13812345678", "x", &e), MS_ERR_BUSY);
	unlink(text);
	unlink(script);
	rmdir(out);
	assert_int_equal(ms_sender_configure("none", &e), 0);
}

int main(void)
{
	struct ms_unit_list l = {0};
	MS_UNIT_TABLE(&l, phones, run_phone);
	MS_UNIT_TABLE(&l, specs, run_spec);
	MS_UNIT_TEST(&l, test_none);
	MS_UNIT_TEST(&l, test_spool);
	MS_UNIT_TEST(&l, test_command);
	return ms_unit_run("preference", &l, NULL, NULL);
}
