/* upload.c — see upload.h.
 *
 * libvips is loaded when the first photo is examined (or `serve` starts),
 * not when the program starts (lazy.h): with what it links (image formats,
 * HDF5, OpenEXR, curl …) it is the largest of the libraries the binary
 * would otherwise map at every start, and no other command needs it.
 * libmagic (with lzma and bzip2) is loaded with it. */
#include "upload.h"

#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

#include "lazy.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc = MS_ERR_INTERNAL;
static pthread_key_t cookie_key; /* a libmagic handle per thread: magic_t is not thread-safe */

#define VIPS_FNS(X)                                                                                                    \
	X(vips_version) X(vips_init) X(vips_cache_set_max) X(vips_concurrency_set) X(vips_thumbnail_buffer)           \
	X(vips_jpegsave_buffer) X(vips_image_get_width) X(vips_image_get_height) X(vips_error_clear)                  \
	X(vips_image_new_from_buffer) X(g_free) X(g_object_unref)
/* libmagic too: with the lzma and bzip2 it links, loaded with libvips */
#define MAGIC_FNS(X) X(magic_open) X(magic_load) X(magic_buffer) X(magic_close)
#define DECLARE(f) static __typeof__(f) *p_##f;
VIPS_FNS(DECLARE)
MAGIC_FNS(DECLARE)
#undef DECLARE

static void close_cookie(void *c)
{
	p_magic_close(c);
}

/* libvips (MS_VIPS_SONAME, from meson.build) and its functions (lazy.h). */
#define SLOT(f) (void *)&p_##f, /* MS_LAZY_SLOT's, for these static pointers */
static const char *const vips_names[] = {VIPS_FNS(MS_LAZY_NAME)};
static void *const vips_slots[] = {VIPS_FNS(SLOT)};
static const char *const magic_names[] = {MAGIC_FNS(MS_LAZY_NAME)};
static void *const magic_slots[] = {MAGIC_FNS(SLOT)};
#undef SLOT
static struct ms_lazy_lib vips = MS_LAZY_LIB(MS_VIPS_SONAME, vips_names, vips_slots);
static struct ms_lazy_lib magic = MS_LAZY_LIB(MS_MAGIC_SONAME, magic_names, magic_slots);

/* false, with the reason printed, when any is missing */
static bool load_vips(void)
{
	struct ms_lazy_lib *libs[] = {&magic, &vips};
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++)
		if (!ms_lazy_load(libs[i])) {
			fprintf(stderr, "minsheng: %s\n", libs[i]->why);
			return false;
		}
	return true;
}

static void init_once(void)
{
	/* VIPS_INIT's check: the library's ABI is the header's */
	if (!load_vips())
		return;
	if (p_vips_version(3) - p_vips_version(5) != VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE) {
		fprintf(stderr, "minsheng: %s has ABI version %d, this program was built for %d\n", MS_VIPS_SONAME,
			p_vips_version(3) - p_vips_version(5), VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
		return;
	}
	if (p_vips_init("minsheng") != 0)
		return;
	/* No operation cache (every upload is new) and few threads per image. */
	p_vips_cache_set_max(0);
	p_vips_concurrency_set(1);
	if (pthread_key_create(&cookie_key, close_cookie) != 0)
		return;
	init_rc = 0;
}

int ms_upload_init(void)
{
	pthread_once(&once, init_once);
	return init_rc;
}

static magic_t cookie(void)
{
	magic_t m = pthread_getspecific(cookie_key);
	if (m)
		return m;
	m = p_magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	if (m && p_magic_load(m, NULL) != 0) {
		p_magic_close(m);
		m = NULL;
	}
	if (m && pthread_setspecific(cookie_key, m) != 0) {
		p_magic_close(m);
		m = NULL;
	}
	return m;
}

void ms_upload_fini(struct ms_upload *u)
{
	if (!u)
		return;
	free(u->data);
	free(u->thumb);
	memset(u, 0, sizeof *u);
}

/* g_free'd memory from libvips into malloc'd memory. */
static unsigned char *take(void *buf, size_t len)
{
	unsigned char *m = malloc(len ? len : 1);
	if (m && len)
		memcpy(m, buf, len);
	p_g_free(buf);
	return m;
}

/* A JPEG of the photo scaled to fit edge×edge (never up), upright, without
 * metadata. */
static int scaled(const void *data, size_t len, int edge, unsigned char **out, size_t *out_len, int *w, int *h)
{
	VipsImage *img = NULL;
	void *buf = NULL;
	size_t n = 0;
	int rc = p_vips_thumbnail_buffer((void *)data, len, &img, edge, "height", edge, "size", VIPS_SIZE_DOWN,
				       "fail_on", VIPS_FAIL_ON_ERROR, NULL);
	if (!rc)
		rc = p_vips_jpegsave_buffer(img, &buf, &n, "Q", 85, "strip", TRUE, "interlace", TRUE, NULL);
	if (!rc) {
		if (w)
			*w = p_vips_image_get_width(img);
		if (h)
			*h = p_vips_image_get_height(img);
		*out = take(buf, n);
		*out_len = n;
		rc = *out ? 0 : -2;
	}
	if (img)
		p_g_object_unref(img);
	p_vips_error_clear();
	return rc;
}

int ms_upload_examine(const void *data, size_t len, struct ms_upload *out, struct ms_error *e)
{
	memset(out, 0, sizeof *out);
	if (len > MS_UPLOAD_MAX)
		return ms_failf(e, MS_E_PAYLOAD_TOO_LARGE, NULL, MS_AI(MS_UPLOAD_MAX));
	if (ms_upload_init())
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot start libvips");
	magic_t m = cookie();
	const char *mime = m && len ? p_magic_buffer(m, data, len) : NULL;
	if (!m)
		return ms_error_set(e, MS_ERR_INTERNAL, NULL, NULL, "cannot load the libmagic database");
	mime = mime ? mime : "application/octet-stream";
	if (strcmp(mime, "application/pdf") == 0) {
		out->kind = MS_UPLOAD_DOCUMENT;
		snprintf(out->mime, sizeof out->mime, "%s", mime);
		if (!(out->data = malloc(len)))
			return ms_nomem(e);
		memcpy(out->data, data, len);
		out->len = len;
		return 0;
	}
	if (strcmp(mime, "image/jpeg") != 0 && strcmp(mime, "image/png") != 0)
		return ms_failf(e, MS_E_FILE_TYPE, NULL, MS_AS(mime));
	/* The header's size first: a small file can claim a huge image. */
	VipsImage *head = p_vips_image_new_from_buffer(data, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
	size_t pixels = head ? (size_t)p_vips_image_get_width(head) * (size_t)p_vips_image_get_height(head) : 0;
	if (head)
		p_g_object_unref(head);
	p_vips_error_clear();
	if (!pixels || pixels > MS_UPLOAD_PIXELS_MAX)
		return ms_failf(e, MS_E_FILE_UNREADABLE, NULL, MS_AI(MS_UPLOAD_PIXELS_MAX / 1000000));
	out->kind = MS_UPLOAD_PHOTO;
	snprintf(out->mime, sizeof out->mime, "image/jpeg");
	int rc = scaled(data, len, MS_UPLOAD_PHOTO_EDGE, &out->data, &out->len, &out->width, &out->height);
	if (!rc)
		rc = scaled(data, len, MS_UPLOAD_THUMB_EDGE, &out->thumb, &out->thumb_len, NULL, NULL);
	if (rc) {
		ms_upload_fini(out);
		return rc == -2 ? ms_nomem(e) : ms_failf(e, MS_E_FILE_UNREADABLE, NULL, MS_AI(MS_UPLOAD_PIXELS_MAX / 1000000));
	}
	return 0;
}
