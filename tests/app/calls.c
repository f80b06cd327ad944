/* calls.c — see calls.h. */
#include "calls.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))


static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0, k;
	do {
		if (len + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = 2 * cap + 8192);
			if (!b)
				break;
			buf = b;
		}
		k = fread(buf + len, 1, cap - len - 1, f);
		len += k;
	} while (k > 0);
	fclose(f);
	if (buf)
		buf[len] = 0;
	return buf;
}

/* Blank comments, and the contents of string and character literals unless
 * keep_strings, in place (newlines stay). */
static void blank(char *s, bool keep_strings)
{
	for (char *p = s; *p; p++) {
		if (p[0] == '/' && p[1] == '*') {
			char *end = strstr(p + 2, "*/");
			end = end ? end + 2 : p + strlen(p);
			for (; p < end; p++)
				*p = *p == '\n' ? '\n' : ' ';
			p--;
		} else if (p[0] == '/' && p[1] == '/') {
			for (; *p && *p != '\n'; p++)
				*p = ' ';
			p--;
		} else if (*p == '"' || *p == '\'') {
			char q = *p++;
			for (; *p && *p != q && *p != '\n'; p++) {
				bool esc = *p == '\\' && p[1];
				if (!keep_strings)
					*p = 'x';
				if (esc) {
					p++;
					if (!keep_strings)
						*p = 'x';
				}
			}
			if (!*p)
				return;
		}
	}
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static struct ms_code_use *use_named(struct ms_code_uses *t, const char *name, size_t n)
{
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->v[i].name) == n && strncmp(t->v[i].name, name, n) == 0)
			return &t->v[i];
	return NULL;
}

/* MS_CODE(NAME, "code", …) of a .def file. */
static void read_def(struct ms_code_uses *t, char *s)
{
	blank(s, true);
	for (char *p = s; (p = strstr(p, "MS_CODE(")) != NULL; p++) {
		char *name = p + 8;
		while (*name == ' ')
			name++;
		size_t n = 0;
		while (ident_char(name[n]))
			n++;
		char *q = strchr(name + n, '"'), *end = q ? strchr(q + 1, '"') : NULL;
		if (!n || !end || n >= sizeof t->v[0].name || (size_t)(end - q - 1) >= sizeof t->v[0].code ||
		    t->n == N_OF(t->v))
			continue;
		struct ms_code_use *u = &t->v[t->n++];
		memcpy(u->name, name, n);
		memcpy(u->code, q + 1, (size_t)(end - q - 1));
	}
}

/* The arguments of the call whose '(' is at *p: how many, and where the
 * second starts and ends. */
static int call_args(const char *p, const char **second, size_t *second_len)
{
	int depth = 0, n = 1;
	const char *start = NULL;
	*second = NULL;
	for (;; p++) {
		if (!*p)
			return -1;
		if (*p == '(' || *p == '[' || *p == '{') {
			depth++;
			continue;
		}
		if (*p == ')' || *p == ']' || *p == '}') {
			if (--depth == 0)
				break;
			continue;
		}
		if (*p == ',' && depth == 1) {
			if (n == 1)
				start = p + 1;
			else if (n == 2)
				*second = start, *second_len = (size_t)(p - start);
			n++;
		}
	}
	if (n == 2 && start)
		*second = start, *second_len = (size_t)(p - start);
	return n;
}

static void read_source(struct ms_code_uses *t, char *s)
{
	static const char *const raisers[] = {"ms_fail", "ms_failf", "ms_fault", "ms_faultf"};
	blank(s, false);
	for (char *p = s; *p; p++) {
		if (!ident_char(*p) || (p > s && ident_char(p[-1])))
			continue;
		size_t n = 0;
		while (ident_char(p[n]))
			n++;
		struct ms_code_use *u = n > 5 && strncmp(p, "MS_E_", 5) == 0 ? use_named(t, p + 5, n - 5) : NULL;
		if (u)
			u->other++;
		for (size_t k = 0; k < 4; k++) {
			const char *q = p + n;
			while (*q == ' ' || *q == '\t' || *q == '\n')
				q++;
			if (strlen(raisers[k]) != n || strncmp(p, raisers[k], n) != 0 || *q != '(')
				continue;
			const char *arg = NULL;
			size_t len = 0;
			int args = call_args(q, &arg, &len);
			if (args < 3 || !arg)
				continue;
			while (len && (*arg == ' ' || *arg == '\t' || *arg == '\n'))
				arg++, len--;
			while (len && (arg[len - 1] == ' ' || arg[len - 1] == '\t' || arg[len - 1] == '\n'))
				len--;
			struct ms_code_use *c = len > 5 && strncmp(arg, "MS_E_", 5) == 0 ? use_named(t, arg + 5, len - 5) : NULL;
			if (!c)
				continue;
			int given = k % 2 ? args - 3 : 0; /* ms_failf / ms_faultf: after e, code, field */
			if (c->calls++ == 0 || given < c->min_args)
				c->min_args = given;
			if (given > c->max_args)
				c->max_args = given;
			c->other--; /* this mention is the call's */
		}
		p += n - 1;
	}
}

/* Each file below dir whose name ends in ext, through fn. */
static int walk(const char *dir, const char *ext, void (*fn)(struct ms_code_uses *, char *), struct ms_code_uses *t)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "cannot read %s\n", dir);
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		struct stat st;
		size_t n = strlen(de->d_name), k = strlen(ext);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = walk(path, ext, fn, t);
		} else if (n > k && strcmp(de->d_name + n - k, ext) == 0) {
			char *text = slurp(path);
			if (!text) {
				fprintf(stderr, "cannot read %s\n", path);
				rc = -1;
				break;
			}
			fn(t, text);
			free(text);
		}
	}
	closedir(d);
	return rc;
}

struct ms_code_uses *ms_code_uses_load(const char *dir)
{
	struct ms_code_uses *t = calloc(1, sizeof *t);
	if (!t || walk(dir, ".def", read_def, t) || walk(dir, ".c", read_source, t) || walk(dir, ".h", read_source, t) ||
	    t->n == 0) {
		free(t);
		return NULL;
	}
	return t;
}

const struct ms_code_use *ms_code_use_of(const struct ms_code_uses *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].code, code) == 0)
			return &t->v[i];
	return NULL;
}
