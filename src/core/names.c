/* names.c — see names.h. */
#include "names.h"

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

int ms_names_find(const struct ms_names *t, const char *key)
{
	for (size_t i = 0; key && i < t->n; i++)
		if (strcmp(t->v[i].key, key) == 0)
			return (int)i;
	return -1;
}

const char *ms_names_key(const struct ms_names *t, int i)
{
	return i >= 0 && (size_t)i < t->n ? t->v[i].key : "?";
}

struct ms_arg ms_names_arg(const struct ms_names *t, int i)
{
	if (i < 0 || (size_t)i >= t->n)
		return MS_AT("?", "?");
	return MS_AT(t->v[i].zh, t->v[i].en);
}

static void join(const struct ms_names *t, int which, const char *sep, char *buf, size_t cap)
{
	size_t len = 0;
	bool full = false;
	if (cap == 0)
		return;
	/* Cut at the first piece that does not fit: nothing after it. */
	for (size_t i = 0; i < t->n && !full; i++) {
		const char *parts[2] = {i ? sep : "", which == 0 ? t->v[i].key : which == 1 ? t->v[i].zh : t->v[i].en};
		for (int k = 0; k < 2 && !full; k++) {
			size_t n = strlen(parts[k]), room = cap - 1 - len;
			size_t take = n <= room ? n : ms_utf8_clip(parts[k], n, room);
			memcpy(buf + len, parts[k], take);
			len += take;
			full = take != n;
		}
	}
	buf[len] = 0;
}

void ms_names_join(const struct ms_names *t, const char *sep, char *buf, size_t cap)
{
	join(t, 0, sep, buf, cap);
}

void ms_names_join_labels(const struct ms_names *t, int zh, const char *sep, char *buf, size_t cap)
{
	join(t, zh ? 1 : 2, sep, buf, cap);
}
