/*
 * member_sql.h — SQL fragments of org's members for the SQL files of the
 * domains that build on org (their *_sql.c files only).
 */
#ifndef MS_MEMBER_SQL_H
#define MS_MEMBER_SQL_H

/* The deputies are the users with the role deputy (`u`: the user row). */
#define MS_SQL_DEPUTIES_FROM "FROM \"user\" u JOIN user_role r ON r.user_id = u.id AND r.role = 'deputy' "
/* Of those, the electorate: one parameter, 0 for every deputy, 1 for the
 * members of the standing committee only. */
#define MS_SQL_ELECTORATE "AND (CAST(? AS BIGINT) = 0 OR u.standing_committee = 1) "

#endif
