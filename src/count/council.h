/*
 * council.h — how a street's residents' council (议事会) decides by show of
 * hands (../shared/PRACTICE.md, "Levels"), pure like the rest of the
 * counting library.
 *
 * A meeting may decide only when enough of its members are present (the
 * quorum: more than half, or at least two thirds, of the members). A matter
 * is adopted when the hands for it reach the stated share (more than half,
 * or at least two thirds) of the stated base (the members present, or all
 * the members). "More than half" is strict: 5 of 10 is not more than half;
 * "at least two thirds" is not: 6 of 9 is two thirds.
 *
 * Every figure is a whole number: 1 <= members, 0 <= present <= members,
 * and yes + no + abstain <= present (ms_council_check).
 */
#ifndef MS_COUNCIL_H
#define MS_COUNCIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/names.h"

enum ms_council_share { MS_SHARE_MORE_THAN_HALF, MS_SHARE_TWO_THIRDS };
enum ms_council_base { MS_COUNCIL_BASE_PRESENT, MS_COUNCIL_BASE_MEMBERS };
extern const struct ms_names ms_council_share_names, ms_council_base_names;

struct ms_council_rules {
	enum ms_council_share quorum;     /* of the members, present */
	enum ms_council_base adopt_base;  /* what the hands for are a share of */
	enum ms_council_share adopt_share;
};

/* Whether part reaches share of whole (whole >= 0, 0 <= part). */
bool ms_council_reaches(int64_t part, int64_t whole, enum ms_council_share share);
/* Whether the meeting may decide: present reaches the quorum of members. */
bool ms_council_quorate(const struct ms_council_rules *r, int64_t members, int64_t present);
/* Whether a matter with yes hands for it is adopted. */
bool ms_council_adopts(const struct ms_council_rules *r, int64_t members, int64_t present, int64_t yes);
/* The rules in words, e.g. "实到人数超过应到人数的二分之一方可议决；赞成人数超过实到人数的二分之一为通过"
 * (zh != 0) or in English, into buf (cap bytes, always terminated); the
 * length it needed, as snprintf. */
size_t ms_council_rule_text(const struct ms_council_rules *r, int zh, char *buf, size_t cap);

#endif
