/*
 * lazy.h — a shared library loaded when first needed instead of at the
 * program's start: the commands that never use it (tally, --help) do not
 * map it and what it links (libpq's Kerberos and LDAP, libmicrohttpd's
 * GnuTLS, pango's X11 and HarfBuzz, libvips' image formats).
 *
 * The library's header still gives every type. A list of its functions,
 * X(name) each, declares a pointer of each function's own type
 * (MS_LAZY_DECLARE in a header, MS_LAZY_DEFINE in one file); ms_lazy_open
 * looks each up by name, all or nothing. A header then maps each name to
 * its pointer (#define name (*ms_lazy_name)), so the calls read as before.
 * Sanitizer builds also link the libraries at the start (meson.build: the
 * leak checker's tracer cannot follow threads of a library loaded later),
 * and the same lookups then find them already mapped.
 */
#ifndef MS_CORE_LAZY_H
#define MS_CORE_LAZY_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define MS_LAZY_DECLARE(f) extern __typeof__(f) *ms_lazy_##f;
#define MS_LAZY_DEFINE(f) __typeof__(f) *ms_lazy_##f;
#define MS_LAZY_NAME(f) #f,
#define MS_LAZY_SLOT(f) (void *)&ms_lazy_##f,

/* A library and its functions: names[i] is looked up into *(void **)slots[i]. */
struct ms_lazy_lib {
	const char *soname;
	const char *const *names;
	void *const *slots;
	size_t n;
	bool tried, ok;  /* under lazy.c's lock */
	char why[256];   /* when not ok */
};
#define MS_LAZY_LIB(soname_, names_, slots_)                                                                    \
	{.soname = (soname_), .names = (names_), .slots = (slots_), .n = sizeof(names_) / sizeof *(names_)}

/* The pointers of a header's list FNS (each X(name), declared there with
 * MS_LAZY_DECLARE) and var, the library that fills them from soname; in
 * the one file that loads it. */
#define MS_LAZY_LIBRARY(var, FNS, soname)                                                                        \
	FNS(MS_LAZY_DEFINE)                                                                                      \
	static const char *const var##_names[] = {FNS(MS_LAZY_NAME)};                                          \
	static void *const var##_slots[] = {FNS(MS_LAZY_SLOT)};                                                \
	static struct ms_lazy_lib var = MS_LAZY_LIB(soname, var##_names, var##_slots)

/* dlopen lib's soname and look up each of its names, the first time (all
 * or nothing; the library stays loaded). True when loaded; false, with the
 * reason in lib->why, when the library or any name is missing — every
 * later call answers the same. Thread-safe. */
bool ms_lazy_load(struct ms_lazy_lib *lib);
/* The same as 0, or MS_ERR_IO with lib->why in *e. */
int ms_lazy_require(struct ms_lazy_lib *lib, struct ms_error *e);

#endif
