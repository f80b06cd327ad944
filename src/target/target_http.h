/* target_http.h — what the target lists' HTTP side lends the exports
 * (src/report/target_export_http.c). */
#ifndef MS_TARGET_HTTP_H
#define MS_TARGET_HTTP_H

#include "../api/route.h"

/* The list c->id as GET /target-lists/{id} answers it (ms_target_list_get
 * on today): a draft for the staff of its congress alone, 404 not_found to
 * anyone else. *out is the caller's. */
int ms_target_list_view(struct ms_ctx *c, json_t **out);

#endif
