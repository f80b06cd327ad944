/* sql_pg_text.c — the placeholders of a SQL text for PostgreSQL
 * (sql_pg_internal.h: ms_pg_rewrite). */
#include "sql_pg_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static bool ident_char(char ch)
{
	unsigned char u = (unsigned char)ch;
	return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
	       u >= 0x80;
}

static bool digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* The PostgreSQL text of sql (see the file comment); a new string, or NULL
 * when out of memory (*bad false) or when a placeholder's number is out of
 * range (*bad true). *nparams receives the highest parameter number. */
char *ms_pg_rewrite(const char *sql, int *nparams, bool *bad)
{
	*bad = false;
	size_t len = strlen(sql);
	/* A bare "?" becomes at most "$32766": six bytes for one. */
	if (len > (SIZE_MAX - 1) / 6)
		return NULL;
	char *out = malloc(len * 6 + 1);
	if (!out)
		return NULL;
	const char *p = sql;
	char *w = out;
	int max = 0;
	while (*p) {
		char ch = *p;
		if (ch == '\'') {
			bool esc = p > sql && (p[-1] == 'E' || p[-1] == 'e') && (p - 1 == sql || !ident_char(p[-2]));
			*w++ = *p++;
			while (*p) {
				if (esc && *p == '\\' && p[1]) {
					*w++ = *p++;
					*w++ = *p++;
				} else if (*p == '\'' && p[1] == '\'') {
					*w++ = *p++;
					*w++ = *p++;
				} else if (*p == '\'') {
					*w++ = *p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
		} else if (ch == '"') {
			*w++ = *p++;
			while (*p) {
				if (*p == '"' && p[1] == '"') {
					*w++ = *p++;
					*w++ = *p++;
				} else if (*p == '"') {
					*w++ = *p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
		} else if (ch == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*w++ = *p++;
		} else if (ch == '/' && p[1] == '*') {
			int depth = 0;
			do {
				if (p[0] == '/' && p[1] == '*') {
					depth++;
					*w++ = *p++;
					*w++ = *p++;
				} else if (p[0] == '*' && p[1] == '/') {
					depth--;
					*w++ = *p++;
					*w++ = *p++;
				} else {
					*w++ = *p++;
				}
			} while (*p && depth > 0);
		} else if (ch == '$' && (p == sql || !ident_char(p[-1])) && !digit(p[1])) {
			/* $tag$ … $tag$, the tag empty or an identifier. */
			const char *t = p + 1;
			while (*t && *t != '$' && ident_char(*t))
				t++;
			if (*t != '$') {
				*w++ = *p++;
				continue;
			}
			size_t tag = (size_t)(t - p) + 1;
			const char *end = strstr(t + 1, "$");
			while (end && strncmp(end, p, tag) != 0)
				end = strstr(end + 1, "$");
			size_t n = end ? (size_t)(end - p) + tag : strlen(p);
			memcpy(w, p, n);
			w += n;
			p += n;
		} else if (ch == '?') {
			p++;
			long n;
			if (digit(*p)) {
				n = 0;
				while (digit(*p)) {
					n = n * 10 + (*p++ - '0');
					if (n > MAX_PARAM)
						break;
				}
			} else {
				n = max + 1;
			}
			if (n < 1 || n > MAX_PARAM) {
				free(out);
				*bad = true;
				return NULL;
			}
			if (n > max)
				max = (int)n;
			w += snprintf(w, (size_t)(out + len * 6 + 1 - w), "$%ld", n);
		} else {
			*w++ = *p++;
		}
	}
	*w = 0;
	*nparams = max;
	return out;
}
