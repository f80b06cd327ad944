/*
 * test_static.c — the web file server (src/http/static.c) behind the HTTP
 * layer, against real sockets on loopback.
 *
 * The group setup builds a web directory in a fresh temporary directory
 * (tree[]: the built front end's files, a .gz twin, hidden files, a FIFO,
 * symbolic links within the directory and out of it, a secret beside it),
 * gives every file the modification time 1 s after the epoch so that ETags
 * are known in advance ("<size>-<mtime ns>" in hex), and starts a server
 * whose handler answers every request with ms_static_serve — and an error
 * the way the API does: 405, 400 or 404 with the error's code as the body.
 * Cases of one shape are rows of a table with one runner, each row its own
 * TAP test point:
 *
 *   requests[]    a request → status, headers, body: types, caching, ETag
 *                 and 304, .gz twins, the SPA fallback, methods, hidden
 *                 files, traversal, links out of the directory;
 *   mime_cases[]  ms_static_mime(name) → the Content-Type;
 *   open_cases[]  ms_static_open(dir) → 0 and the resolved root, or MS_ERR_IO.
 */
#include "support.h"

#include "http/static.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* ---------------------------------------------------------- the directory */

#define INDEX \
	"<!doctype html><html><head><title>Minsheng</title></head><body><div id=app></div></body></html>\n"
#define INDEX_TAG "\"60-3b9aca00\""
#define APP_JS "console.log('minsheng app');\n"
#define APP_JS_TAG "\"1d-3b9aca00\""
#define APP_JS_GZ "\x1f\x8b\x08\x00" "app.js, gzipped\n"
#define APP_JS_GZ_TAG "\"14-3b9aca00-gz\""
#define APP_CSS "body { margin: 0 }\n"
#define APP_CSS_TAG "\"13-3b9aca00\""
#define SECRET "TOP-SECRET-7f3a91\n"

enum kind { E_DIR, E_FILE, E_LINK, E_FIFO, E_SOCKET };

/* Paths below the temporary directory; web/ is the served root. A link's
 * target starting with '/' is made absolute within the temporary directory. */
static const struct entry {
	enum kind kind;
	const char *path;
	const char *data;   /* a file's bytes, or a link's target */
	size_t len;
} tree[] = {
#define F(path, literal) { E_FILE, path, literal, sizeof(literal) - 1 }
	F("secret", SECRET),
	{ E_DIR, "outside", NULL, 0 },
	F("outside/secret.js", SECRET),
	{ E_DIR, "web", NULL, 0 },
	F("web/index.html", INDEX),
	F("web/favicon.ico", "\x00\x00\x01\x00"),
	F("web/manifest.webmanifest", "{\"name\":\"Minsheng\"}"),
	F("web/robots.txt", "User-agent: *\n"),
	F("web/noext", "no extension\n"),
	F("web/changing.txt", "version 1\n"),
	F("web/.env", SECRET),
	{ E_DIR, "web/docs", NULL, 0 },
	{ E_DIR, "web/assets", NULL, 0 },
	F("web/assets/app-abc123.js", APP_JS),
	F("web/assets/app-abc123.js.gz", APP_JS_GZ),
	F("web/assets/app-abc123.js.map", "{\"version\":3}"),
	F("web/assets/app.css", APP_CSS),
	F("web/assets/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
	F("web/assets/font.woff2", "wOF2...."),
	F("web/assets/data.bin", "\x00\x01\x02"),
	F("web/assets/UPPER.JS", "upper\n"),
	F("web/assets/only.js.gz", APP_JS_GZ),
	{ E_DIR, "web/assets/.git", NULL, 0 },
	F("web/assets/.git/config", SECRET),
	{ E_FIFO, "web/pipe.txt", NULL, 0 },
	{ E_SOCKET, "web/sock.txt", NULL, 0 },
	{ E_LINK, "web/leak.txt", "/secret", 0 },
	{ E_LINK, "web/assets/leak.js", "../../secret", 0 },
	{ E_LINK, "web/assets/out", "/outside", 0 },
	{ E_LINK, "web/assets/alias.js", "app-abc123.js", 0 },
	{ E_LINK, "web/static", "assets", 0 },
	{ E_LINK, "link-to-web", "web", 0 },
#undef F
};

static char base[PATH_MAX];    /* the temporary directory */
static int base_fd = -1;
static struct ms_static *web;

/* Write a file of tree[] (or a new version of one) with mtime sec. */
static int write_file(const char *path, const char *data, size_t len, time_t sec)
{
	int fd = openat(base_fd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	int rc = write(fd, data, len) == (ssize_t)len ? 0 : -1;
	close(fd);
	const struct timespec t[2] = { { sec, 0 }, { sec, 0 } };
	return rc == 0 ? utimensat(base_fd, path, t, 0) : -1;
}

static int make_entry(const struct entry *en)
{
	char target[PATH_MAX];
	switch (en->kind) {
	case E_DIR:
		return mkdirat(base_fd, en->path, 0755);
	case E_FILE:
		return write_file(en->path, en->data, en->len, 1);
	case E_FIFO:
		return mkfifoat(base_fd, en->path, 0644);
	case E_LINK:
		snprintf(target, sizeof target, "%s%s", en->data[0] == '/' ? base : "", en->data);
		return symlinkat(target, base_fd, en->path);
	case E_SOCKET: {
		/* A Unix socket left in the directory (open(2) answers ENXIO). */
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		int n = snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%s", base, en->path);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int rc = n > 0 && (size_t)n < sizeof sa.sun_path && fd >= 0 &&
				 bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 ? 0 : -1;
		if (fd >= 0)
			close(fd);
		return rc;
	}
	}
	return -1;
}

/* A handler like the API's for pages: the file, or the error as
 * "<code>" with its status. An error must leave status and body alone. */
static void static_handler(void *ctx, const struct ms_http_request *req,
			   struct ms_http_response *resp)
{
	struct ms_error e;
	ms_error_clear(&e);
	(void)ms_http_response_header(resp, "X-Handler", "static"); /* as the API's nosniff */
	int rc = ms_static_serve(ctx, req, resp, &e);
	if (rc == 0)
		return;
	static const struct {
		int err;
		unsigned status;
		const char *name;
	} errors[] = {
		{ MS_ERR_METHOD, 405, "method_not_allowed" },
		{ MS_ERR_INVALID, 400, "invalid" },
		{ MS_ERR_NOT_FOUND, 404, "not_found" },
	};
	unsigned status = 500;
	const char *name = "other";
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
		if (errors[i].err == rc)
			status = errors[i].status, name = errors[i].name;
	if (resp->status != 0 || resp->body || resp->has_fd || e.err != rc)
		name = "error answer touched or inconsistent";
	else if (e.code)
		name = e.code;
	(void)ms_http_response_set(resp, status, "text/plain", name, strlen(name));
}

static int group_setup(void **state)
{
	(void)state; /* stays NULL: each table's rows are the tests' states */
	const char *tmp = getenv("TMPDIR");
	snprintf(base, sizeof base, "%s/ms-static-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(base) || (base_fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		perror(base);
		return -1;
	}
	for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++)
		if (make_entry(&tree[i]) != 0) {
			perror(tree[i].path);
			return -1;
		}
	char dir[PATH_MAX + 8];
	snprintf(dir, sizeof dir, "%s/web", base);
	struct ms_error e;
	ms_error_clear(&e);
	if (ms_static_open(dir, &web, &e) != 0) {
		fprintf(stderr, "ms_static_open: %s\n", e.message);
		return -1;
	}
	return ms_test_server_start(static_handler, web, 1024);
}

static int group_teardown(void **state)
{
	(void)state;
	ms_test_server_stop();
	ms_static_free(web);
	web = NULL;
	for (size_t i = sizeof tree / sizeof tree[0]; i-- > 0;)
		(void)unlinkat(base_fd, tree[i].path, tree[i].kind == E_DIR ? AT_REMOVEDIR : 0);
	close(base_fd);
	return rmdir(base);
}

/* -------------------------------------------------------------- requests */

#define REQ(method, target, headers) method " " target " HTTP/1.1\r\nHost: localhost\r\n" headers "\r\n"
#define GET(target) REQ("GET", target, "")
#define AE(value) "Accept-Encoding: " value "\r\n"
#define INM(value) "If-None-Match: " value "\r\n"

#define CT(type) IS("Content-Type", type)
#define NO_CACHE IS("Cache-Control", "no-cache")
#define IMMUTABLE IS("Cache-Control", "public, max-age=31536000, immutable")
#define ETAG(tag) IS("ETag", tag)
#define PLAIN ABSENT("Content-Encoding")
#define HTML "text/html; charset=utf-8"
#define JS "text/javascript; charset=utf-8"
/* What HTML and SVG carry: a CSP without inline scripts, no framing, no referrer. */
#define SECURITY                                                                                   \
	HAS("Content-Security-Policy", "default-src 'self';"),                                    \
		HAS("Content-Security-Policy", "script-src 'self';"),                             \
		HAS("Content-Security-Policy", "object-src 'none';"),                             \
		HAS("Content-Security-Policy", "frame-ancestors 'none'"),                         \
		IS("Referrer-Policy", "no-referrer"), IS("X-Frame-Options", "DENY")
#define NOT_HTML ABSENT("Content-Security-Policy"), ABSENT("X-Frame-Options")

/* index.html, by its name or as the SPA fallback; HEAD: its length, no body. */
#define INDEX_HEADERS CT(HTML), NO_CACHE, ETAG(INDEX_TAG), PLAIN, ABSENT("Vary"), SECURITY
#define WANT_INDEX { .status = 200, BODY(INDEX), HEADERS(INDEX_HEADERS) }
#define WANT_INDEX_HEAD { .status = 200, BODY(""), HEADERS(INDEX_HEADERS, IS("Content-Length", "96")) }
/* The script with a .gz twin, sent plain (body_ is BODY(...)) or gzipped. */
#define WANT_APP_JS(body_, ...)                                                                    \
	{ .status = 200, body_,                                                                    \
	  HEADERS(CT(JS), IMMUTABLE, ETAG(APP_JS_TAG), PLAIN, IS("Vary", "Accept-Encoding"), __VA_ARGS__) }
#define GZ_HEADERS                                                                                 \
	CT(JS), IMMUTABLE, ETAG(APP_JS_GZ_TAG), IS("Content-Encoding", "gzip"),                   \
		IS("Vary", "Accept-Encoding"), NOT_HTML
#define WANT_APP_JS_GZ { .status = 200, BODY(APP_JS_GZ), HEADERS(GZ_HEADERS) }
#define WANT_APP_JS_GZ_HEAD { .status = 200, BODY(""), HEADERS(GZ_HEADERS, IS("Content-Length", "20")) }
#define WANT_CSS(cache)                                                                            \
	{ .status = 200, BODY(APP_CSS),                                                            \
	  HEADERS(CT("text/css; charset=utf-8"), cache, ETAG(APP_CSS_TAG), PLAIN, ABSENT("Vary"), NOT_HTML) }
#define WANT_FILE(type, cache, literal)                                                            \
	{ .status = 200, BODY(literal),                                                            \
	  HEADERS(CT(type), cache, PLAIN, HAS("ETag", "-3b9aca00\""), NOT_HTML) }
#define WANT_304(tag, cache, ...)                                                                  \
	{ .status = 304, BODY(""), HEADERS(ETAG(tag), cache, ABSENT("Content-Type"), __VA_ARGS__) }
/* Errors: nothing of the file answer may stay on them. */
#define WANT_ERROR(status_, code, ...)                                                             \
	{ .status = status_, BODY(code),                                                           \
	  HEADERS(IS("X-Handler", "static"), IS("Cache-Control", "no-store"), ABSENT("ETag"),       \
		  ABSENT("Vary"), ABSENT("Content-Encoding"), __VA_ARGS__) }
#define NOT_FOUND WANT_ERROR(404, "not_found", ABSENT("Allow"))
#define INVALID_PATH WANT_ERROR(400, "invalid_path", ABSENT("Allow"))
#define NOT_ALLOWED WANT_ERROR(405, "method_not_allowed", IS("Allow", "GET, HEAD"))
/* The HTTP layer's own 400 for an encoded NUL: the handler is not called. */
#define NUL_IN_PATH                                                                                \
	{ .status = 400, BODY_HAS("\"invalid_path\""),                                            \
	  HEADERS(ABSENT("X-Handler"), IS("X-Content-Type-Options", "nosniff")) }

/* Request paths of 1024 and 1025 bytes (MS_STATIC_PATH_MAX is 1024). */
#define A8 "aaaaaaaa"
#define A32 A8 A8 A8 A8
#define A128 A32 A32 A32 A32
#define A512 A128 A128 A128 A128
#define PATH_1024 "/" A512 "/" A128 A128 A128 A32 A32 A32 A8 A8 A8 "aaaaaa"
_Static_assert(sizeof(PATH_1024) - 1 == MS_STATIC_PATH_MAX, "PATH_1024 is MS_STATIC_PATH_MAX bytes");

static const struct ms_test_exchange requests[] = {
	/* Types and caching: no-cache and an ETag, immutable under /assets/. */
	{ "GET /index.html: HTML with the security headers", GET("/index.html"), WANT_INDEX },
	{ "GET /assets/app.css: immutable", GET("/assets/app.css"), WANT_CSS(IMMUTABLE) },
	{ "GET /assets/logo.svg: SVG gets the security headers", GET("/assets/logo.svg"),
	  { .status = 200, BODY("<svg xmlns='http://www.w3.org/2000/svg'/>"),
	    HEADERS(CT("image/svg+xml"), IMMUTABLE, SECURITY) } },
	{ "GET /assets/font.woff2", GET("/assets/font.woff2"),
	  WANT_FILE("font/woff2", IMMUTABLE, "wOF2....") },
	{ "GET /assets/data.bin: unknown type, NUL bytes", GET("/assets/data.bin"),
	  WANT_FILE("application/octet-stream", IMMUTABLE, "\x00\x01\x02") },
	{ "GET /assets/app-abc123.js.map", GET("/assets/app-abc123.js.map"),
	  WANT_FILE("application/json", IMMUTABLE, "{\"version\":3}") },
	{ "GET /assets/UPPER.JS: the extension in any case", GET("/assets/UPPER.JS"),
	  WANT_FILE(JS, IMMUTABLE, "upper\n") },
	{ "GET /favicon.ico: no-cache outside /assets/", GET("/favicon.ico"),
	  WANT_FILE("image/x-icon", NO_CACHE, "\x00\x00\x01\x00") },
	{ "GET /manifest.webmanifest", GET("/manifest.webmanifest"),
	  WANT_FILE("application/manifest+json", NO_CACHE, "{\"name\":\"Minsheng\"}") },
	{ "GET /robots.txt?x=1: the query is not the path", GET("/robots.txt?x=1"),
	  WANT_FILE("text/plain; charset=utf-8", NO_CACHE, "User-agent: *\n") },
	{ "GET /noext: a file without an extension is itself", GET("/noext"),
	  WANT_FILE("application/octet-stream", NO_CACHE, "no extension\n") },
	{ "GET /assets/alias.js: a link within the directory", GET("/assets/alias.js"),
	  { .status = 200, BODY(APP_JS), HEADERS(CT(JS), IMMUTABLE, ETAG(APP_JS_TAG), ABSENT("Vary")) } },
	{ "GET /static/app.css: a linked directory, cached by the request's path", GET("/static/app.css"),
	  WANT_CSS(NO_CACHE) },
	{ "HEAD /assets/app-abc123.js: the length, no body", REQ("HEAD", "/assets/app-abc123.js", ""),
	  WANT_APP_JS(BODY(""), IS("Content-Length", "29")) },

	/* The single-page application: extension-less paths answer index.html. */
	{ "GET /", GET("/"), WANT_INDEX },
	{ "GET /clerk/polls/3", GET("/clerk/polls/3"), WANT_INDEX },
	{ "GET /clerk/polls/3/", GET("/clerk/polls/3/"), WANT_INDEX },
	{ "GET /login?next=/clerk", GET("/login?next=/clerk"), WANT_INDEX },
	{ "GET /assets: a directory", GET("/assets"), WANT_INDEX },
	{ "GET /docs/: a directory without index.html", GET("/docs/"), WANT_INDEX },
	{ "GET /index.html/: a file is no directory", GET("/index.html/"), WANT_INDEX },
	{ "GET a path of 1024 bytes", GET(PATH_1024), WANT_INDEX },
	{ "HEAD /clerk/polls/3: the length, no body", REQ("HEAD", "/clerk/polls/3", ""), WANT_INDEX_HEAD },
	{ "GET /assets/missing.js: 404, not index.html", GET("/assets/missing.js"), NOT_FOUND },
	{ "GET /missing.png", GET("/missing.png"), NOT_FOUND },
	{ "GET /user/john.doe: a dot makes an extension", GET("/user/john.doe"), NOT_FOUND },
	{ "HEAD /assets/missing.js", REQ("HEAD", "/assets/missing.js", ""),
	  WANT_ERROR(404, "", IS("Content-Length", "9")) },

	/* Precompressed twins, for clients that take gzip. */
	{ "gzip: a twin without Accept-Encoding: plain, Vary", GET("/assets/app-abc123.js"),
	  WANT_APP_JS(BODY(APP_JS), NOT_HTML) },
	{ "gzip: Accept-Encoding: gzip", REQ("GET", "/assets/app-abc123.js", AE("gzip")), WANT_APP_JS_GZ },
	{ "gzip: gzip, deflate, br", REQ("GET", "/assets/app-abc123.js", AE("gzip, deflate, br")),
	  WANT_APP_JS_GZ },
	{ "gzip: br;q=1.0, gzip;q=0.8", REQ("GET", "/assets/app-abc123.js", AE("br;q=1.0, gzip;q=0.8")),
	  WANT_APP_JS_GZ },
	{ "gzip: deflate;q=0.5,GZIP", REQ("GET", "/assets/app-abc123.js", AE("deflate;q=0.5,GZIP")),
	  WANT_APP_JS_GZ },
	{ "gzip: x-gzip", REQ("GET", "/assets/app-abc123.js", AE("x-gzip")), WANT_APP_JS_GZ },
	{ "gzip: HEAD", REQ("HEAD", "/assets/app-abc123.js", AE("gzip")), WANT_APP_JS_GZ_HEAD },
	{ "gzip: br only", REQ("GET", "/assets/app-abc123.js", AE("br")),
	  WANT_APP_JS(BODY(APP_JS), NOT_HTML) },
	{ "gzip: gzip;q=0", REQ("GET", "/assets/app-abc123.js", AE("gzip;q=0")),
	  WANT_APP_JS(BODY(APP_JS), NOT_HTML) },
	{ "gzip: deflate, gzip;q=0.000", REQ("GET", "/assets/app-abc123.js", AE("deflate, gzip;q=0.000")),
	  WANT_APP_JS(BODY(APP_JS), NOT_HTML) },
	{ "gzip: identity", REQ("GET", "/assets/app-abc123.js", AE("identity")),
	  WANT_APP_JS(BODY(APP_JS), NOT_HTML) },
	{ "gzip: gzipped is another coding", REQ("GET", "/assets/app-abc123.js", AE("gzipped")),
	  WANT_APP_JS(BODY(APP_JS), NOT_HTML) },
	{ "gzip: a file without a twin", REQ("GET", "/assets/app.css", AE("gzip")), WANT_CSS(IMMUTABLE) },
	{ "gzip: a twin without its file is not served", REQ("GET", "/assets/only.js", AE("gzip")),
	  NOT_FOUND },
	{ "gzip: the twin by its own name", GET("/assets/app-abc123.js.gz"),
	  WANT_FILE("application/octet-stream", IMMUTABLE, APP_JS_GZ) },

	/* ETag and If-None-Match (weak comparison). */
	{ "304: the ETag", REQ("GET", "/assets/app.css", INM(APP_CSS_TAG)),
	  WANT_304(APP_CSS_TAG, IMMUTABLE, ABSENT("Vary")) },
	{ "304: the weak ETag", REQ("GET", "/assets/app.css", INM("W/" APP_CSS_TAG)),
	  WANT_304(APP_CSS_TAG, IMMUTABLE, ABSENT("Vary")) },
	{ "304: in a list", REQ("GET", "/assets/app.css", INM("\"other\", " APP_CSS_TAG)),
	  WANT_304(APP_CSS_TAG, IMMUTABLE, ABSENT("Vary")) },
	{ "304: *", REQ("GET", "/assets/app.css", INM("*")),
	  WANT_304(APP_CSS_TAG, IMMUTABLE, ABSENT("Vary")) },
	{ "304: HEAD", REQ("HEAD", "/assets/app.css", INM(APP_CSS_TAG)),
	  WANT_304(APP_CSS_TAG, IMMUTABLE, ABSENT("Vary")) },
	{ "304: index.html as the SPA fallback", REQ("GET", "/clerk/polls/3", INM(INDEX_TAG)),
	  WANT_304(INDEX_TAG, NO_CACHE, ABSENT("Vary")) },
	{ "304: the twin's ETag", REQ("GET", "/assets/app-abc123.js", AE("gzip") INM(APP_JS_GZ_TAG)),
	  WANT_304(APP_JS_GZ_TAG, IMMUTABLE, IS("Vary", "Accept-Encoding"), PLAIN) },
	{ "200: the plain ETag does not match the twin",
	  REQ("GET", "/assets/app-abc123.js", AE("gzip") INM(APP_JS_TAG)),
	  WANT_APP_JS_GZ },
	{ "200: another tag", REQ("GET", "/assets/app.css", INM("\"not-it\"")), WANT_CSS(IMMUTABLE) },
	{ "200: the tag without quotes", REQ("GET", "/assets/app.css", INM("13-3b9aca00")),
	  WANT_CSS(IMMUTABLE) },
	{ "200: the tag and more", REQ("GET", "/assets/app.css", INM(APP_CSS_TAG "x")), WANT_CSS(IMMUTABLE) },

	/* GET and HEAD only; the method is checked first. */
	{ "POST /index.html: 405", REQ("POST", "/index.html", "Content-Length: 5\r\n") "hello", NOT_ALLOWED },
	{ "PUT /assets/app.css", REQ("PUT", "/assets/app.css", "Content-Length: 0\r\n"), NOT_ALLOWED },
	{ "DELETE /", REQ("DELETE", "/", ""), NOT_ALLOWED },
	{ "OPTIONS /clerk/polls/3", REQ("OPTIONS", "/clerk/polls/3", ""), NOT_ALLOWED },
	{ "POST /missing.js", REQ("POST", "/missing.js", "Content-Length: 0\r\n"), NOT_ALLOWED },
	{ "POST /../secret", REQ("POST", "/../secret", "Content-Length: 0\r\n"), NOT_ALLOWED },

	/* Hidden files: 404, and no fallback to index.html. */
	{ "hidden: /.env", GET("/.env"), NOT_FOUND },
	{ "hidden: /assets/.git/config", GET("/assets/.git/config"), NOT_FOUND },
	{ "hidden: /assets/.git", GET("/assets/.git"), NOT_FOUND },
	{ "hidden: /.well-known/x", GET("/.well-known/x"), NOT_FOUND },

	/* Traversal and malformed paths: 400 before the file system is asked. */
	{ "traversal: /../secret", GET("/../secret"), INVALID_PATH },
	{ "traversal: /../../etc/passwd", GET("/../../etc/passwd"), INVALID_PATH },
	{ "traversal: /assets/../../secret", GET("/assets/../../secret"), INVALID_PATH },
	{ "traversal: percent-encoded dots", GET("/%2e%2e/%2e%2e/etc/passwd"), INVALID_PATH },
	{ "traversal: upper-case percent-encoding", GET("/%2E%2E/secret"), INVALID_PATH },
	{ "traversal: encoded slashes", GET("/assets/..%2f..%2fsecret"), INVALID_PATH },
	{ "traversal: backslashes", GET("/assets/..\\..\\secret"), INVALID_PATH },
	{ "traversal: encoded backslashes", GET("/%5c..%5csecret"), INVALID_PATH },
	{ "path: a dot segment", GET("/./index.html"), INVALID_PATH },
	{ "path: an empty segment at the start", GET("//etc/passwd"), INVALID_PATH },
	{ "path: an empty segment inside", GET("/assets//app.css"), INVALID_PATH },
	{ "path: a control byte", GET("/%01"), INVALID_PATH },
	{ "path: DEL", GET("/a%7f"), INVALID_PATH },
	{ "path: 1025 bytes", GET(PATH_1024 "a"), INVALID_PATH },
	{ "path: an encoded NUL, refused by the HTTP layer", GET("/index.html%00.js"), NUL_IN_PATH },
	{ "path: an encoded NUL in a directory", GET("/assets%00/x"), NUL_IN_PATH },

	/* Links out of the directory, and what is no regular file. */
	{ "link out: absolute", GET("/leak.txt"), NOT_FOUND },
	{ "link out: relative", GET("/assets/leak.js"), NOT_FOUND },
	{ "link out: a directory", GET("/assets/out/secret.js"), NOT_FOUND },
	{ "link out: the directory itself falls back", GET("/assets/out/"), WANT_INDEX },
	{ "a FIFO: 404 at once", GET("/pipe.txt"), NOT_FOUND },
	{ "a Unix socket: 404, not a failure", GET("/sock.txt"), NOT_FOUND },
};

/* If-None-Match follows the file: a new version has a new ETag. */
static void test_etag_follows_the_file(void **state)
{
	(void)state;
	static struct ms_test_exchange before = {
		"v1", REQ("GET", "/changing.txt", INM("\"a-3b9aca00\"")),
		WANT_304("\"a-3b9aca00\"", NO_CACHE, ABSENT("Vary")),
	};
	static struct ms_test_exchange after = {
		"v2", REQ("GET", "/changing.txt", INM("\"a-3b9aca00\"")),
		{ .status = 200, BODY("version 2\n"), HEADERS(ETAG("\"a-77359400\""), NO_CACHE) },
	};
	void *row = &before;
	ms_test_run_exchange(&row);
	assert_int_equal(write_file("web/changing.txt", "version 2\n", 10, 2), 0);
	row = &after;
	ms_test_run_exchange(&row);
}

/* ------------------------------------------------------------ mime_cases */

struct mime_case {
	const char *name;
	const char *type;
	const char *files[7];  /* up to the first NULL */
};

static const struct mime_case mime_cases[] = {
	{ "mime: HTML, the extension in any case", HTML, { "index.html", "A.HTML", "x/y.Html" } },
	{ "mime: CSS", "text/css; charset=utf-8", { "app.css" } },
	{ "mime: JavaScript and modules", JS, { "assets/app.js", "worker.mjs", "UPPER.JS" } },
	{ "mime: JSON and source maps", "application/json", { "data.json", "app.js.map" } },
	{ "mime: SVG", "image/svg+xml", { "logo.svg" } },
	{ "mime: PNG", "image/png", { "a.png" } },
	{ "mime: JPEG", "image/jpeg", { "a.jpg", "a.jpeg" } },
	{ "mime: GIF", "image/gif", { "a.gif" } },
	{ "mime: WebP", "image/webp", { "a.webp" } },
	{ "mime: icons", "image/x-icon", { "favicon.ico" } },
	{ "mime: WOFF", "font/woff", { "f.woff" } },
	{ "mime: WOFF2", "font/woff2", { "f.woff2" } },
	{ "mime: TrueType", "font/ttf", { "f.ttf" } },
	{ "mime: text", "text/plain; charset=utf-8", { "robots.txt" } },
	{ "mime: the web manifest", "application/manifest+json", { "manifest.webmanifest" } },
	/* The last extension of the last segment; a leading dot starts none. */
	{ "mime: anything else", "application/octet-stream",
	  { "app.js.gz", ".html", "dir.js/file", "file.", "noext", "", "a.htm" } },
};

static void run_mime(void **state)
{
	const struct mime_case *m = *state;
	assert_non_null(m->files[0]);
	for (size_t i = 0; i < sizeof m->files / sizeof m->files[0] && m->files[i]; i++)
		if (strcmp(ms_static_mime(m->files[i]), m->type) != 0)
			fail_msg("%s: %s, want %s", m->files[i], ms_static_mime(m->files[i]), m->type);
}

/* ------------------------------------------------------------ open_cases */

struct open_case {
	const char *name;
	const char *dir;    /* below the temporary directory; NULL and "" as they are */
	int rc;
};

static const struct open_case open_cases[] = {
	{ "open: the web directory", "web", 0 },
	{ "open: a link to it, resolved", "link-to-web", 0 },
	{ "open: a subdirectory given with a trailing slash", "web/assets/", 0 },
	{ "open: a missing directory", "missing", MS_ERR_IO },
	{ "open: a file", "web/index.html", MS_ERR_IO },
	{ "open: an empty name", "", MS_ERR_IO },
	{ "open: no name", NULL, MS_ERR_IO },
};

static void run_open(void **state)
{
	const struct open_case *o = *state;
	char dir[PATH_MAX + 64];
	snprintf(dir, sizeof dir, "%s/%s", base, o->dir ? o->dir : "");
	const char *arg = o->dir && *o->dir ? dir : o->dir;
	struct ms_error e;
	ms_error_clear(&e);
	struct ms_static *s = (struct ms_static *)&e; /* must be reset to NULL */
	assert_int_equal(ms_static_open(arg, &s, &e), o->rc);
	if (o->rc != 0) {
		assert_null(s);
		assert_int_equal(e.err, o->rc);
		assert_non_null(strstr(e.message, o->dir ? o->dir : "(none)"));
		return;
	}
	assert_non_null(s);
	char want[PATH_MAX];
	assert_non_null(realpath(dir, want));
	assert_string_equal(ms_static_root(s), want);
	ms_static_free(s);
}

/* ------------------------------------------------------ tests of their own */

static void test_html_headers(void **state)
{
	(void)state;
	struct ms_http_response resp;
	memset(&resp, 0, sizeof resp);
	assert_int_equal(ms_static_html_headers(&resp), 0);
	assert_int_equal(resp.n_headers, 3);
	assert_string_equal(resp.header_names[0], "Content-Security-Policy");
	assert_non_null(strstr(resp.header_values[0], "frame-ancestors 'none'"));
	assert_null(strstr(resp.header_values[0], "'unsafe-eval'"));
	assert_string_equal(resp.header_names[1], "Referrer-Policy");
	assert_string_equal(resp.header_names[2], "X-Frame-Options");
	/* A full header table: the error, not a crash. */
	while (resp.n_headers < MS_HTTP_MAX_HEADERS - 1)
		assert_int_equal(ms_http_response_header(&resp, "X-Fill", "v"), 0);
	assert_int_equal(ms_static_html_headers(&resp), MS_ERR_INTERNAL);
	ms_http_response_fini(&resp);
	ms_static_free(NULL);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	static struct ms_test_list l;
	MS_TEST_ADD_TABLE(&l, requests, ms_test_run_exchange);
	MS_TEST_ADD(&l, test_etag_follows_the_file);
	MS_TEST_ADD_TABLE(&l, mime_cases, run_mime);
	MS_TEST_ADD_TABLE(&l, open_cases, run_open);
	MS_TEST_ADD(&l, test_html_headers);
	return ms_test_run("static", &l, group_setup, group_teardown);
}
