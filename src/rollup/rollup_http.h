/* rollup_http.h — what the roll-up's HTTP side lends the exports
 * (src/report/rollup_export_http.c). */
#ifndef MS_ROLLUP_HTTP_H
#define MS_ROLLUP_HTTP_H

#include "../api/route.h"

/* ?year= of a roll-up request (absent or empty: this year, China's); 400
 * when not a number. The range is the roll-up's rule (ms_rollup_get). */
int ms_rollup_year(struct ms_ctx *c, int *year);

#endif
