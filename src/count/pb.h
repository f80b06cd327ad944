/*
 * pb.h — Pabulib's .pb format (https://pabulib.org/format), read from and
 * written to memory (the caller does the I/O), exactly as
 * ../shared/pabulib/README.md describes: UTF-8 (BOM tolerated), \n or \r\n,
 * ';'-separated rows with CSV quoting, sections META / PROJECTS / VOTES.
 * A bad file gets MS_ERR_UNPROCESSABLE with code "invalid_pb" and a message
 * that names the line ("line 42: unknown project id '17' in vote"); never
 * a crash. Fast: one pass, no allocation per field beyond the arena.
 */
#ifndef MS_PB_H
#define MS_PB_H

#include "election.h"

/* Parse len bytes. 0 and *out (free with ms_election_free), or an error. */
int ms_pb_parse(const struct ms_allocator *a, const char *buf, size_t len, struct ms_election **out,
		struct ms_error *e);

/* Serialise el as .pb text into a new buffer (*out, *out_len; free with
 * a->free). Writes the META, PROJECTS and VOTES rows kept in el, quoting
 * fields as needed; parsing the output gives back an equal election. */
int ms_pb_write(const struct ms_allocator *a, const struct ms_election *el, char **out, size_t *out_len,
		struct ms_error *e);

#endif
