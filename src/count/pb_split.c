/*
 * pb_split.c — the VOTES rows of a large lean parse read by two threads
 * (pb_internal.h, ms_pb_votes_split).
 *
 * VOTES is most of a Pabulib file, and its rows are independent once the
 * projects are known. When the rest of the file is VOTES rows of at least
 * PB_SPLIT_MIN bytes (or MS_PB_SPLIT asks), the parse is lean and no '"'
 * lies ahead (so every '\n' ends a row), the rows are cut at two line ends
 * near the middle, split and split2 (at least 64 bytes apart):
 *   - a second thread reads [split2, end) with a parser of its own: its own
 *     field slots, stamps and error, the same arrays of the election from
 *     voter and item indices that the counts of the scan (pb_scan.c's
 *     checkpoints) prove to lie above everything before split2;
 *   - this thread reads [p, split), waits for the other, reads
 *     [split, split2), and moves the other's voters and items down to
 *     follow its own.
 * Neither thread writes a byte the other reads: this one reads at most 63
 * bytes past split (a 64-byte chunk of stops or of a vote's commas, an
 * 8-byte word of a vote) and the other writes from split2 on. The second thread never allocates
 * and never reports: at a row it cannot read (an error, a row wider than its
 * slots) it stops, and once this thread is there it puts back the bytes
 * of that row it cut (uncut) and reads on by itself, so an error is found,
 * and worded, exactly as one thread would. The caller's input is read once,
 * by the scan: a file changed meanwhile cannot bring in what was not
 * checked. Without a thread (pthread_create fails) one thread reads
 * everything.
 */
#include "pb_internal.h"

#include <pthread.h>
#include <stdatomic.h>

/* Field slots of the second thread; a VOTES header at least this wide
 * leaves the rows to one thread. */
#define PB_SPLIT_SLOTS 4096

/* Bytes of rows the second thread reads between looks at cancel. */
#define PB_SPLIT_CHUNK ((size_t)64 * 1024)

struct half {
	struct pb_parser w;   /* the second thread's parser */
	struct ms_error err;  /* its errors, never reported */
	char *stop_row;       /* the row it could not read; NULL: read to the end */
	size_t stop_line;
	atomic_bool cancel;   /* this thread failed: stop */
};

static void *second_half(void *arg)
{
	struct half *h = arg;
	struct pb_parser *w = &h->w;
	/* 64 KiB at a time, to stop soon once the first thread failed */
	while (w->p < w->end && !atomic_load_explicit(&h->cancel, memory_order_relaxed)) {
		const char *stop = (size_t)(w->end - w->p) > PB_SPLIT_CHUNK ? w->p + PB_SPLIT_CHUNK : w->end;
		if (ms_pb_vote_rows(w, stop, &h->stop_row, &h->stop_line) != 0)
			break;
	}
	return NULL;
}

/* The line end at or after from, plus one; NULL when none is before end. */
static char *after_line_end(char *from, const char *end)
{
	char *q = from < end ? memchr(from, '\n', (size_t)(end - from)) : NULL;
	return q ? q + 1 : NULL;
}

/* The second thread's voters [v2, w->nv) and items [i2, w->nitems) moved
 * down to follow this thread's. */
static void join_rows(struct pb_parser *s, const struct pb_parser *w, uint32_t v2, uint32_t i2)
{
	struct ms_election *el = s->el;
	uint32_t nv = s->nv, ni = s->nitems, n2 = w->nv - v2, k2 = w->nitems - i2;
	memmove(el->voter_id + nv, el->voter_id + v2, n2 * sizeof *el->voter_id);
	memmove(el->vote_proj + ni, el->vote_proj + i2, k2 * sizeof *el->vote_proj);
	if (el->vote_points)
		memmove(el->vote_points + ni, el->vote_points + i2, k2 * sizeof *el->vote_points);
	for (uint32_t k = 1; k <= n2; k++)
		el->vote_off[nv + k] = el->vote_off[v2 + k] - i2 + ni;
	s->nv = nv + n2;
	s->nitems = ni + k2;
}

/* The row at row as it was before the second thread cut it (w: its parser
 * after the row). The copy holds no NUL but the cuts, and the row no '"':
 * every cut was a ';', but the one that ended a row read whole — a '\n',
 * or the '\r' of a "\r\n" whose '\n' is still there. A row not read
 * whole (w->p did not move) has cuts only before its first '\n'. */
static void uncut(char *row, const struct pb_parser *w, char *end)
{
	bool whole = w->p > row;
	char *lim = whole ? w->p : after_line_end(row, end);
	if (!lim)
		lim = end;
	for (char *x = row; x < lim; x++)
		if (*x == 0)
			*x = ';';
	if (whole && w->row_end == '\n') {
		if (w->p[-1] == '\n')
			w->p[-2] = '\r';
		else
			w->p[-1] = '\n';
	}
}

int ms_pb_votes_split(struct pb_parser *s)
{
	char *p = s->p, *end = s->end;
	size_t rest = (size_t)(end - p), rows = s->n_nl - (s->line - 1) + 1;
	if (!s->lean || (rest < PB_SPLIT_MIN && !s->split) || (size_t)(p - s->start) < s->quote_end ||
	    rows > MS_PB_MAX_VOTERS || s->ncols >= PB_SPLIT_SLOTS)
		return 0;
	char *split = after_line_end(p + rest / 2, end);
	char *split2 = split ? after_line_end(split + 64, end) : NULL;
	if (!split2 || split2 >= end)
		return 0;

	/* Upper bounds of this thread's voters and items: a row per line end
	 * before split2, an item per comma and one per row. */
	size_t nl, nc;
	ms_pb_counts_at(s, (size_t)(split2 - s->start), &nl, &nc);
	uint32_t v2 = (uint32_t)(nl - (s->line - 1)), i2 = (uint32_t)(nc + v2);

	struct half *h = ms_pb_arena_block(s->a, s->ar, sizeof *h);
	char **slots = ms_pb_arena_array(s->a, s->ar, PB_SPLIT_SLOTS, sizeof *slots);
	uint32_t *stamp = ms_pb_arena_array(s->a, s->ar, s->np ? s->np : 1, sizeof *stamp);
	uint32_t *pos = ms_pb_arena_array(s->a, s->ar, s->np ? s->np : 1, sizeof *pos);
	if (!h || !slots || !stamp || !pos)
		return pb_nomem(s);
	memset(stamp, 0, (s->np ? s->np : 1) * sizeof *stamp);
	h->w = *s;
	struct pb_parser *w = &h->w;
	w->e = &h->err;
	w->worker = true;
	w->f = slots;
	w->fn = 0;
	w->fcap = PB_SPLIT_SLOTS;
	w->stamp = stamp;
	w->pos = pos;
	w->nv = v2;
	w->nitems = i2;
	ms_pb_seek(w, split2, nl + 1);
	memset(&h->err, 0, sizeof h->err);
	h->stop_row = NULL;
	h->stop_line = 0;
	atomic_init(&h->cancel, false);

	pthread_t t;
	if (pthread_create(&t, NULL, second_half, h) != 0)
		return 0;   /* one thread reads everything */
	((struct pb_holder *)(void *)s->el)->split |= PB_SPLIT_VOTES;
	int rc = ms_pb_vote_rows(s, split, NULL, NULL);
	if (rc)
		atomic_store_explicit(&h->cancel, true, memory_order_relaxed);
	pthread_join(t, NULL);
	if (rc || (rc = ms_pb_vote_rows(s, split2, NULL, NULL)) != 0)
		return rc;
	join_rows(s, w, v2, i2);
	if (h->stop_row) {
		/* Read on from the row the second thread stopped at, as it was. */
		uncut(h->stop_row, w, end);
		ms_pb_seek(s, h->stop_row, h->stop_line);
		return 0;
	}
	s->p = w->p;
	s->line = w->line;
	s->tbase = w->tbase;
	s->tbits = w->tbits;
	return 0;
}
