/*
 * response.c — what a handler fills (struct ms_http_response, http.h): a
 * body, or an open file, and headers; and the If-None-Match check of a
 * conditional GET. Apart from http.c so that a driver without
 * libmicrohttpd (fuzz/fuzz_api.c) answers through the same code.
 */
#include "http.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void set_content_type(struct ms_http_response *resp, const char *content_type)
{
	snprintf(resp->content_type, sizeof resp->content_type, "%s",
		 content_type ? content_type : "");
}

int ms_http_response_set(struct ms_http_response *resp, unsigned status,
			 const char *content_type, const char *data, size_t len)
{
	if (len == SIZE_MAX || (!data && len > 0))
		return MS_ERR_INTERNAL;
	/* One spare byte keeps the copy NUL-terminated, handy for callers. */
	char *copy = malloc(len + 1);
	if (!copy)
		return MS_ERR_NOMEM;
	if (len > 0)
		memcpy(copy, data, len);
	copy[len] = '\0';
	ms_http_response_take(resp, status, content_type, copy, len);
	return 0;
}

static void drop_fd(struct ms_http_response *resp)
{
	if (resp->has_fd)
		close(resp->fd);
	resp->has_fd = false;
	resp->fd = -1;
	resp->fd_size = 0;
}

static void drop_stream(struct ms_http_response *resp)
{
	if (resp->stream && resp->stream_done)
		resp->stream_done(resp->stream);
	resp->stream = NULL;
	resp->stream_read = NULL;
	resp->stream_done = NULL;
}

void ms_http_response_take(struct ms_http_response *resp, unsigned status,
			   const char *content_type, char *body, size_t len)
{
	free(resp->body);
	drop_fd(resp);
	drop_stream(resp);
	resp->status = status;
	resp->body = body;
	resp->body_len = body ? len : 0;
	set_content_type(resp, content_type);
}

void ms_http_response_file(struct ms_http_response *resp, unsigned status,
			   const char *content_type, int fd, uint64_t size)
{
	ms_http_response_take(resp, status, content_type, NULL, 0);
	resp->has_fd = fd >= 0;
	resp->fd = fd;
	resp->fd_size = fd >= 0 ? size : 0;
}

void ms_http_response_stream(struct ms_http_response *resp, unsigned status, const char *content_type,
			     void *stream, ms_http_stream_read_fn read, void (*done)(void *stream))
{
	ms_http_response_take(resp, status, content_type, NULL, 0);
	resp->stream = stream;
	resp->stream_read = read;
	resp->stream_done = done;
}

/* A header name is an HTTP token; values may not break the header block. */
static bool header_ok(const char *name, const char *value)
{
	static const char separators[] = "()<>@,;:\\\"/[]?={} \t";
	if (!name || !value || name[0] == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= 32 || *p >= 127 || strchr(separators, *p))
			return false;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p == '\r' || *p == '\n')
			return false;
	return true;
}

int ms_http_response_header(struct ms_http_response *resp, const char *name, const char *value)
{
	if (resp->n_headers >= MS_HTTP_MAX_HEADERS)
		return MS_ERR_INTERNAL;
	/* A malformed name or a CR/LF in the value (header injection) is a
	 * caller bug, reported like a full table. */
	if (!header_ok(name, value))
		return MS_ERR_INTERNAL;
	char *n = strdup(name);
	char *v = strdup(value);
	if (!n || !v) {
		free(n);
		free(v);
		return MS_ERR_NOMEM;
	}
	resp->header_names[resp->n_headers] = n;
	resp->header_values[resp->n_headers] = v;
	resp->n_headers++;
	return 0;
}

void ms_http_response_headers_keep(struct ms_http_response *resp, unsigned n)
{
	while (resp->n_headers > n) {
		resp->n_headers--;
		free(resp->header_names[resp->n_headers]);
		free(resp->header_values[resp->n_headers]);
		resp->header_names[resp->n_headers] = resp->header_values[resp->n_headers] = NULL;
	}
}

void ms_http_response_fini(struct ms_http_response *resp)
{
	if (!resp)
		return;
	free(resp->body);
	drop_fd(resp);
	drop_stream(resp);
	for (unsigned i = 0; i < resp->n_headers && i < MS_HTTP_MAX_HEADERS; i++) {
		free(resp->header_names[i]);
		free(resp->header_values[i]);
	}
	memset(resp, 0, sizeof *resp);
}

bool ms_http_etag_matches(const char *if_none_match, const char *etag)
{
	if (!if_none_match)
		return false;
	size_t elen = strlen(etag);
	const char *p = if_none_match;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		size_t n = strcspn(p, ", \t");
		if (n == elen && memcmp(p, etag, n) == 0)
			return true;
		p += n;
	}
	return false;
}
