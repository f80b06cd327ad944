/*
 * static.h — serve a directory of built web files (the front end's
 * web/dist) beside the API.
 *
 * GET and HEAD only. A request path is checked before it touches the file
 * system (no "." or ".." segment, no empty inner segment, no control byte or
 * backslash, at most MS_STATIC_PATH_MAX bytes; segments starting with "." are
 * hidden), resolved with realpath() and refused unless it stays inside the
 * directory (so a symbolic link may point within the directory, never out of
 * it), then opened one component at a time from the directory with
 * O_NOFOLLOW, so nothing swapped in after the check is followed either. Only
 * regular files are served.
 *
 * Answers carry a MIME type by extension (unknown: application/octet-stream),
 * an ETag (size and modification time; If-None-Match → 304), and
 * Cache-Control "public, max-age=31536000, immutable" under /assets/ (the
 * bundler's content-hashed names) or "no-cache" elsewhere. When FILE.gz
 * exists next to FILE the answer varies on Accept-Encoding, and a client
 * accepting gzip gets FILE.gz with Content-Encoding: gzip. A missing path
 * whose last segment has no extension ("/clerk/polls/3", "/") answers
 * index.html (the single-page application's router takes it from there).
 * HTML and SVG answers carry the security headers of
 * ms_static_html_headers().
 *
 * Thread-safety: a struct ms_static is read-only after ms_static_open and
 * may serve any number of threads at once.
 */
#ifndef MS_STATIC_H
#define MS_STATIC_H

#include "../core/err.h"
#include "http.h"

#define MS_STATIC_PATH_MAX 1024

struct ms_static;

/* Open dir (resolved to an absolute path once, here). 0 and *out, or
 * MS_ERR_IO with a message when dir is not a readable directory, or
 * MS_ERR_NOMEM. Free with ms_static_free (NULL is a no-op). */
int ms_static_open(const char *dir, struct ms_static **out, struct ms_error *e);
void ms_static_free(struct ms_static *s);
/* The resolved directory. */
const char *ms_static_root(const struct ms_static *s);

/* Answer req from the directory into resp: 0 when resp holds the answer
 * (200, or 304 on a matching If-None-Match); otherwise the error for the
 * caller to answer, with resp's status and body untouched: MS_ERR_METHOD
 * (the Allow header is already set on resp), MS_ERR_INVALID (code
 * "invalid_path"), MS_ERR_NOT_FOUND, MS_ERR_NOMEM or MS_ERR_IO. */
int ms_static_serve(const struct ms_static *s, const struct ms_http_request *req,
		    struct ms_http_response *resp, struct ms_error *e);

/* Add the headers every HTML page gets: Content-Security-Policy (scripts
 * from this origin only, no framing), Referrer-Policy and X-Frame-Options.
 * 0, or what ms_http_response_header returned. */
int ms_static_html_headers(struct ms_http_response *resp);

/* The Content-Type for a file name, by its extension (case-insensitive). */
const char *ms_static_mime(const char *name);

#endif
