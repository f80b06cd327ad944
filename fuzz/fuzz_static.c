/*
 * fuzz_static.c — libFuzzer target for the web file server (src/http/
 * static.c): the request path, Accept-Encoding and If-None-Match come from
 * the network, so ms_static_serve() gets arbitrary ones against a small web
 * directory that also holds a link pointing outside it. Checked on every
 * input besides the sanitizers: the answer is a known status; a 200 serves
 * a file that lies inside the directory (never the secret outside); every
 * descriptor handed over is closed (no leak across runs).
 *
 * Input: METHOD '\n' PATH '\n' ACCEPT-ENCODING '\n' IF-NONE-MATCH (missing
 * parts are absent headers). The HTTP layer's header lookup is the small
 * fake below; the answer is filled by the real response.c, so the target
 * needs only static.c, response.c and err.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"
#include "http/static.h"

static const char *hdr_ae, *hdr_inm;
static char root[64];
static struct ms_static *web;
static ino_t secret_ino;

/* ---- the request lookups of the HTTP layer (http.c), faked ---- */

const char *ms_http_header(const struct ms_http_request *r, const char *name)
{
	(void)r;
	if (strcasecmp(name, "Accept-Encoding") == 0)
		return hdr_ae;
	if (strcasecmp(name, "If-None-Match") == 0)
		return hdr_inm;
	return NULL;
}

/* ---- set-up ---- */

static void put(const char *rel, const char *text)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	FILE *f = fopen(p, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char base[] = "/tmp/ms-fuzz-static-XXXXXX";
	if (!mkdtemp(base))
		abort();
	snprintf(root, sizeof root, "%s/web", base);
	char p[256];
	mkdir(root, 0755);
	snprintf(p, sizeof p, "%s/assets", root);
	mkdir(p, 0755);
	put("index.html", "<!doctype html><title>x</title>");
	put("assets/app-1a2b3c.js", "console.log(1)");
	put("assets/app-1a2b3c.js.gz", "not really gzip");
	put("favicon.svg", "<svg/>");
	put(".hidden", "hidden");
	/* A secret beside the web directory and a link to it from inside. */
	snprintf(p, sizeof p, "%s/secret.txt", base);
	FILE *f = fopen(p, "w");
	if (!f)
		abort();
	fputs("secret", f);
	fclose(f);
	struct stat st;
	if (stat(p, &st))
		abort();
	secret_ino = st.st_ino;
	char link[256];
	snprintf(link, sizeof link, "%s/assets/leak.js", root);
	if (symlink(p, link))
		abort();
	struct ms_error e = {0};
	if (ms_static_open(root, &web, &e))
		abort();
	return 0;
}

/* Split data at the next '\n' into a fresh NUL-terminated string (NULL when
 * the input ended before this part). */
static char *part(const uint8_t **p, const uint8_t *end)
{
	if (*p > end)
		return NULL;
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = (size_t)((nl ? nl : end) - *p);
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, *p, n);
	s[n] = 0;
	*p = nl ? nl + 1 : end + 1;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *method = part(&p, end), *path = part(&p, end);
	char *ae = part(&p, end), *inm = part(&p, end);
	hdr_ae = ae, hdr_inm = inm;
	struct ms_http_request req = {.method = method ? method : "GET", .path = path ? path : "/", .body = ""};
	struct ms_http_response resp = {0};
	struct ms_error e = {0};
	int rc = ms_static_serve(web, &req, &resp, &e);
	if (rc == 0) {
		if (resp.status != 200 && resp.status != 304)
			abort();
		if (resp.status == 200) {
			struct stat st;
			if (!resp.has_fd || fstat(resp.fd, &st) || !S_ISREG(st.st_mode) || st.st_ino == secret_ino ||
			    (uint64_t)st.st_size != resp.fd_size)
				abort();
		}
	} else if (rc != MS_ERR_NOT_FOUND && rc != MS_ERR_INVALID && rc != MS_ERR_METHOD) {
		abort();
	}
	ms_http_response_fini(&resp);
	free(method), free(path), free(ae), free(inm);
	return 0;
}
