/*
 * names.h — one name table per enum: the key that the API, the database
 * and the CLI use for each value, and its label in Chinese and English (for
 * messages, rule texts and the OpenAPI document). A table lists the values
 * in the order of the enum, from 0:
 *
 *     static const struct ms_name phase_v[] = {{"collect", "征集", "Collect"}, …};
 *     const struct ms_names ms_phase_names = MS_NAMES("phase", phase_v);
 *
 * Thread-safe (read-only data).
 */
#ifndef MS_NAMES_H
#define MS_NAMES_H

#include <stddef.h>

#include "err.h"

struct ms_name {
	const char *key; /* as the API and the database spell it */
	const char *zh, *en;
};

struct ms_names {
	const char *what;           /* what the values are, e.g. "phase" */
	const struct ms_name *v;    /* v[i] names enum value i */
	size_t n;
};

#define MS_NAMES(what_, array) {.what = (what_), .v = (array), .n = sizeof(array) / sizeof((array)[0])}

/* The value whose key is key, or -1 (key NULL included). */
int ms_names_find(const struct ms_names *t, const char *key);
/* The key of value i, or "?" when i is out of range. */
const char *ms_names_key(const struct ms_names *t, int i);
/* Value i's labels as a message argument (MS_AT). */
struct ms_arg ms_names_arg(const struct ms_names *t, int i);
/* The keys joined by sep into buf (cap bytes, cut at the end if needed),
 * and the labels in each language: "city, district, town". */
void ms_names_join(const struct ms_names *t, const char *sep, char *buf, size_t cap);
void ms_names_join_labels(const struct ms_names *t, int zh, const char *sep, char *buf, size_t cap);

#endif
