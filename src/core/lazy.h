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

#define MS_LAZY_DECLARE(f) extern __typeof__(f) *ms_lazy_##f;
#define MS_LAZY_DEFINE(f) __typeof__(f) *ms_lazy_##f;
#define MS_LAZY_NAME(f) #f,
#define MS_LAZY_SLOT(f) (void *)&ms_lazy_##f,

/* dlopen(soname) and each names[i] into *(void **)slots[i]. False, with the
 * reason in why (cap bytes), when the library or any name is missing. The
 * library stays loaded. Not thread-safe: call under a pthread_once. */
bool ms_lazy_open(const char *soname, const char *const *names, void *const *slots, size_t n, char *why,
		  size_t cap);

#endif
