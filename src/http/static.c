/*
 * static.c — serve a directory of built web files; see static.h.
 *
 * A request goes: method check → path check (syntax only, no file system)
 * → open_under() for the file (and for FILE.gz) → 304 or the open file as
 * the body (sent by MHD with sendfile). open_under() joins the path to the
 * root, resolves it with realpath(), requires the result to lie below the
 * root, and opens that resolved path from the root's descriptor one
 * component at a time with O_NOFOLLOW (O_NONBLOCK on the last, so a FIFO
 * cannot block a worker), then fstat()s it and keeps only regular files.
 */
#include "static.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct ms_static {
	int root_fd;   /* O_DIRECTORY descriptor of root */
	size_t root_len;
	char root[];   /* realpath() of the directory, no trailing '/' unless "/" */
};

#define CSP                                                                                        \
	"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "                \
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " \
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_REVALIDATE "no-cache"

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
	{"html", "text/html; charset=utf-8"},
	{"js", "text/javascript; charset=utf-8"},
	{"mjs", "text/javascript; charset=utf-8"},
	{"css", "text/css; charset=utf-8"},
	{"json", "application/json"},
	{"map", "application/json"},
	{"svg", "image/svg+xml"},
	{"png", "image/png"},
	{"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"},
	{"gif", "image/gif"},
	{"webp", "image/webp"},
	{"ico", "image/x-icon"},
	{"woff", "font/woff"},
	{"woff2", "font/woff2"},
	{"ttf", "font/ttf"},
	{"txt", "text/plain; charset=utf-8"},
	{"webmanifest", "application/manifest+json"},
};

/* The extension of the last segment of name ("" when none; a leading dot
 * does not start one). */
static const char *extension(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : "";
}

const char *ms_static_mime(const char *name)
{
	const char *ext = extension(name);
	for (size_t i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
		if (strcasecmp(ext, mime_types[i].ext) == 0)
			return mime_types[i].type;
	return "application/octet-stream";
}

int ms_static_html_headers(struct ms_http_response *resp)
{
	int rc;
	if ((rc = ms_http_response_header(resp, "Content-Security-Policy", CSP)) ||
	    (rc = ms_http_response_header(resp, "Referrer-Policy", "no-referrer")) ||
	    (rc = ms_http_response_header(resp, "X-Frame-Options", "DENY")))
		return rc;
	return 0;
}

/* ------------------------------------------------------------------ open */

int ms_static_open(const char *dir, struct ms_static **out, struct ms_error *e)
{
	*out = NULL;
	char resolved[PATH_MAX];
	if (!dir || !*dir || !realpath(dir, resolved))
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "web directory %s: %s", dir ? dir : "(none)",
				    strerror(errno ? errno : EINVAL));
	int fd = open(resolved, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ms_error_set(e, MS_ERR_IO, NULL, NULL, "web directory %s: %s", resolved, strerror(errno));
	size_t len = strlen(resolved);
	struct ms_static *s = malloc(sizeof *s + len + 1);
	if (!s) {
		close(fd);
		return ms_nomem(e);
	}
	s->root_fd = fd;
	s->root_len = len;
	memcpy(s->root, resolved, len + 1);
	*out = s;
	return 0;
}

void ms_static_free(struct ms_static *s)
{
	if (!s)
		return;
	close(s->root_fd);
	free(s);
}

const char *ms_static_root(const struct ms_static *s)
{
	return s->root;
}

/* ------------------------------------------------------------ the paths */

enum path_kind { PATH_OK, PATH_HIDDEN, PATH_BAD };

/* Check a request path ("/a/b.js") without touching the file system. */
static enum path_kind check_path(const char *path)
{
	if (path[0] != '/' || strlen(path) > MS_STATIC_PATH_MAX)
		return PATH_BAD;
	bool hidden = false;
	const char *seg = path + 1;
	for (;;) {
		size_t n = strcspn(seg, "/");
		bool last = seg[n] == '\0';
		if (n == 0 && !last)
			return PATH_BAD; /* "//" */
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return PATH_BAD;
		if (n > 0 && seg[0] == '.')
			hidden = true;
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)seg[i];
			if (ch < 0x20 || ch == 0x7f || ch == '\\')
				return PATH_BAD;
		}
		if (last)
			break;
		seg += n + 1;
	}
	return hidden ? PATH_HIDDEN : PATH_OK;
}

/* Open rel (relative to the root, no leading '/') as described at the top.
 * 0 with *fd and *st, MS_ERR_NOT_FOUND (missing, escaping, not a regular
 * file, unreadable), or MS_ERR_IO for an unexpected failure. */
static int open_under(const struct ms_static *s, const char *rel, int *fd, struct stat *st)
{
	char joined[PATH_MAX], resolved[PATH_MAX];
	if (!*rel)
		return MS_ERR_NOT_FOUND;
	int n = snprintf(joined, sizeof joined, "%s/%s", s->root_len > 1 ? s->root : "", rel);
	if (n < 0 || (size_t)n >= sizeof joined)
		return MS_ERR_NOT_FOUND;
	if (!realpath(joined, resolved))
		return MS_ERR_NOT_FOUND;
	/* Below the root: the root itself followed by '/' ("/" as root: any). */
	size_t skip = s->root_len > 1 ? s->root_len : 0;
	if (strncmp(resolved, s->root, skip) != 0 || resolved[skip] != '/' || resolved[skip + 1] == '\0')
		return MS_ERR_NOT_FOUND;
	char *p = resolved + skip + 1;
	int dir = s->root_fd;
	int f = -1;
	for (;;) {
		char *slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (slash ? O_DIRECTORY : O_NONBLOCK);
		f = openat(dir, p, flags);
		int err = errno;
		if (dir != s->root_fd)
			close(dir);
		if (f < 0)
			/* ENXIO: a socket or a device without a reader (only regular files are served). */
			return err == ENOENT || err == ELOOP || err == ENOTDIR || err == EACCES || err == ENXIO ? MS_ERR_NOT_FOUND
												 : MS_ERR_IO;
		if (!slash)
			break;
		dir = f;
		p = slash + 1;
	}
	if (fstat(f, st) != 0 || !S_ISREG(st->st_mode)) {
		close(f);
		return MS_ERR_NOT_FOUND;
	}
	*fd = f;
	return 0;
}

/* ------------------------------------------------------------ negotiation */

/* Whether an Accept-Encoding header accepts gzip (named, with q > 0). */
static bool accepts_gzip(const char *ae)
{
	if (!ae)
		return false;
	const char *p = ae;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t n = strcspn(p, ",; \t");
		bool gzip = (n == 4 && strncasecmp(p, "gzip", 4) == 0) || (n == 6 && strncasecmp(p, "x-gzip", 6) == 0);
		p += n;
		double q = 1.0;
		while (*p && *p != ',') {
			while (*p == ' ' || *p == '\t' || *p == ';')
				p++;
			if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
				char *end;
				q = strtod(p + 2, &end);
				p = end > p + 2 ? end : p + 2;
			} else {
				p += strcspn(p, ",;");
			}
		}
		if (gzip && q > 0)
			return true;
	}
	return false;
}

/* ----------------------------------------------------------------- serve */

/* Answer the file rel. MS_ERR_NOT_FOUND when there is none. */
static int serve_file(const struct ms_static *s, const struct ms_http_request *req, const char *rel,
		      struct ms_http_response *resp, struct ms_error *e)
{
	int fd;
	struct stat st;
	int rc = open_under(s, rel, &fd, &st);
	if (rc)
		return rc == MS_ERR_NOT_FOUND ? rc : ms_error_set(e, rc, NULL, NULL, "cannot open %s", rel);

	/* A precompressed twin: the answer varies on Accept-Encoding whenever
	 * one exists; it is sent only to a client that takes gzip. */
	bool vary = false, gz = false;
	char twin[MS_STATIC_PATH_MAX + 8];
	if ((size_t)snprintf(twin, sizeof twin, "%s.gz", rel) < sizeof twin) {
		int gfd;
		struct stat gst;
		if (open_under(s, twin, &gfd, &gst) == 0) {
			vary = true;
			if (accepts_gzip(ms_http_header(req, "Accept-Encoding"))) {
				close(fd);
				fd = gfd, st = gst, gz = true;
			} else {
				close(gfd);
			}
		}
	}

	char etag[96];
	snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtim.tv_sec * 1000000000ull + (unsigned long long)st.st_mtim.tv_nsec,
		 gz ? "-gz" : "");
	const char *type = ms_static_mime(rel);
	bool html = strncmp(type, "text/html", 9) == 0 || strncmp(type, "image/svg+xml", 13) == 0;

	if (ms_http_etag_matches(ms_http_header(req, "If-None-Match"), etag)) {
		close(fd);
		ms_http_response_take(resp, 304, "", NULL, 0);
	} else {
		ms_http_response_file(resp, 200, type, fd, (uint64_t)st.st_size);
		if ((gz && (rc = ms_http_response_header(resp, "Content-Encoding", "gzip"))) ||
		    (html && (rc = ms_static_html_headers(resp))))
			goto fail;
	}
	if ((rc = ms_http_response_header(resp, "ETag", etag)) ||
	    (rc = ms_http_response_header(resp, "Cache-Control",
					  strncmp(rel, "assets/", 7) == 0 ? CACHE_IMMUTABLE : CACHE_REVALIDATE)) ||
	    (vary && (rc = ms_http_response_header(resp, "Vary", "Accept-Encoding"))))
		goto fail;
	return 0;
fail:
	/* The half-built answer goes; the caller answers the error. */
	ms_http_response_take(resp, 0, "", NULL, 0);
	return ms_error_set(e, rc, NULL, NULL, "cannot build the answer for %s", rel);
}

int ms_static_serve(const struct ms_static *s, const struct ms_http_request *req,
		    struct ms_http_response *resp, struct ms_error *e)
{
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		int rc = ms_http_response_header(resp, "Allow", "GET, HEAD");
		if (rc)
			return ms_error_set(e, rc, NULL, NULL, "out of memory");
		return ms_failf(e, MS_E_METHOD_NOT_ALLOWED, NULL, MS_AS(req->method), MS_AS(req->path),
				MS_AS("GET, HEAD"));
	}
	switch (check_path(req->path)) {
	case PATH_BAD:
		return ms_failf(e, MS_E_INVALID_PATH, NULL,
				MS_AT("含有 . 或 .. 片段、反斜杠或控制字符", "dot segments, backslashes or control characters"));
	case PATH_HIDDEN:
		return ms_failf(e, MS_E_NOT_FOUND, NULL, MS_AT("文件", "file"), MS_AS(req->path));
	case PATH_OK:
		break;
	}
	/* A file that fails half-way takes back its headers (an error answer
	 * must not say Content-Encoding: gzip or carry the file's ETag). */
	unsigned kept = resp->n_headers;
	int rc = serve_file(s, req, req->path + 1, resp, e);
	if (rc)
		ms_http_response_headers_keep(resp, kept);
	if (rc == MS_ERR_NOT_FOUND && extension(req->path)[0] == '\0' &&
	    (rc = serve_file(s, req, "index.html", resp, e)))
		ms_http_response_headers_keep(resp, kept);
	if (rc == MS_ERR_NOT_FOUND)
		return ms_failf(e, MS_E_NOT_FOUND, NULL, MS_AT("文件", "file"), MS_AS(req->path));
	return rc;
}
