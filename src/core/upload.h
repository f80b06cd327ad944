/*
 * upload.h — what an uploaded file is, judged by its content: a photo
 * (JPEG or PNG) is decoded, turned upright, cut to at most
 * MS_UPLOAD_PHOTO_EDGE pixels a side and written again as JPEG without any
 * of its metadata (EXIF, GPS: where it was taken; XMP; ICC), with a
 * thumbnail of MS_UPLOAD_THUMB_EDGE; a document (PDF) is kept as sent. The
 * type comes from the bytes (libmagic), never from the name the client
 * gave. Everything else is refused.
 *
 * Thread-safety: ms_upload_examine may be called from any thread once
 * ms_upload_init has returned 0.
 */
#ifndef MS_UPLOAD_H
#define MS_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define MS_UPLOAD_MAX ((size_t)10 * 1024 * 1024) /* bytes of one upload */
#define MS_UPLOAD_PHOTO_EDGE 2560
#define MS_UPLOAD_THUMB_EDGE 320
#define MS_UPLOAD_PIXELS_MAX ((size_t)100 * 1000 * 1000) /* a photo's pixels before it is scaled */

enum ms_upload_kind { MS_UPLOAD_PHOTO, MS_UPLOAD_DOCUMENT };

struct ms_upload {
	enum ms_upload_kind kind;
	char mime[64];          /* of data: image/jpeg or application/pdf */
	unsigned char *data;    /* what to keep (malloc'd) */
	size_t len;
	unsigned char *thumb;   /* photos: a JPEG thumbnail (malloc'd); documents: NULL */
	size_t thumb_len;
	int width, height;      /* photos: of data */
};

/* libmagic's database and libvips, once; MS_ERR_INTERNAL when either fails. */
int ms_upload_init(void);
/* Judge len bytes; 0 and *out (free with ms_upload_fini), or 413
 * payload_too_large over MS_UPLOAD_MAX, 422 file_type for a type not taken,
 * 422 file_unreadable for a photo that does not decode or is too large. */
int ms_upload_examine(const void *data, size_t len, struct ms_upload *out, struct ms_error *e);
void ms_upload_fini(struct ms_upload *u);

#endif
