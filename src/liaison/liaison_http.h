/* liaison_http.h — what the liaison domain's HTTP handlers share (only its
 * *_http.c files include it). */
#ifndef MS_LIAISON_HTTP_H
#define MS_LIAISON_HTTP_H

#include <stddef.h>

#include "../api/route.h"

/* The client's address for the per-address limits of the public routes
 * (the form, photos, bookings, the preference poll): the peer, or the
 * X-Forwarded-For of a trusted proxy, as for logins (auth.h). */
void ms_liaison_address(struct ms_ctx *c, char *out, size_t cap);

#endif
