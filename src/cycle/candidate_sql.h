/*
 * candidate_sql.h — SQL fragments of candidates for the SQL files of the
 * domains that build on cycle (their *_sql.c files only).
 */
#ifndef MS_CANDIDATE_SQL_H
#define MS_CANDIDATE_SQL_H

/* A candidate's columns, its Candidate view (`k`: the candidate, `n`: its
 * unit, LEFT JOINed). */
#define MS_SQL_CANDIDATE_COLS                                                                          \
	"SELECT k.id, k.cycle_id, k.title, k.title_en, k.description, k.description_en, k.category, "  \
	"k.cost, k.unit_id, n.name AS unit_name, n.name_en AS unit_name_en, k.location, k.origin_id, "  \
	"k.rationale, k.finish_by, k.tier "

#endif
