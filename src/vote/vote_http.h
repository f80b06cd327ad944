/* vote_http.h — what the vote's HTTP files share with the other domains'
 * set-up of a poll (an evaluation's, a review's). */
#ifndef MS_VOTE_HTTP_H
#define MS_VOTE_HTTP_H

#include "../api/route.h"
#include "vote.h"

/* The passing rule and the quorum of a poll from the body (checked by its
 * field table) into *p: threshold_base (default all), threshold_num/den
 * (1/2), threshold_strict (true), quorum_num/den (1/2). */
void ms_poll_rule_read(struct ms_ctx *c, struct ms_poll *p);

#endif
