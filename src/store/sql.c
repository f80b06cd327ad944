/*
 * sql.c — the public face of the SQL driver (sql.h): picks the backend from
 * the --db string and forwards every call through the driver's table of
 * functions (sql_driver.h). Nothing here knows a dialect.
 */
#include "sql.h"

#include <string.h>

#include "sql_driver.h"

enum ms_sql_kind ms_sql_parse_url(const char *db, const char **target)
{
	if (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0) {
		*target = db;
		return MS_SQL_PG;
	}
	*target = strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
	return MS_SQL_SQLITE;
}

int ms_sql_open(const char *db, struct ms_sql **out, struct ms_error *e)
{
	const char *target;
	if (ms_sql_parse_url(db, &target) == MS_SQL_PG)
		return ms_sql_pg_open(target, out, e);
	return ms_sql_sqlite_open(target, out, e);
}

void ms_sql_close(struct ms_sql *c)
{
	if (c)
		c->ops->close(c);
}

enum ms_sql_kind ms_sql_kind(const struct ms_sql *c)
{
	return c->ops->kind;
}

int ms_sql_exec_script(struct ms_sql *c, const char *sql, struct ms_error *e)
{
	return c->ops->exec_script(c, sql, e);
}

int ms_sql_wait_notify(struct ms_sql *c, int timeout_ms, char *payload, size_t cap, struct ms_error *e)
{
	return c->ops->wait_notify(c, timeout_ms, payload, cap, e);
}

bool ms_sql_log_grouped(const struct ms_sql *c)
{
	return c->ops->kind == MS_SQL_SQLITE && ms_sql_sqlite_grouped(c);
}

bool ms_sql_shared(const struct ms_sql *c)
{
	return c->ops->kind != MS_SQL_SQLITE || ms_sql_sqlite_file(c);
}

int ms_sql_sync_log(struct ms_sql *c, struct ms_error *e)
{
	return c->ops->sync_log(c, e);
}

int ms_sql_begin(struct ms_sql *c, bool write, struct ms_error *e)
{
	return c->ops->begin(c, write, e);
}

int ms_sql_commit(struct ms_sql *c, struct ms_error *e)
{
	return c->ops->commit(c, e);
}

void ms_sql_rollback(struct ms_sql *c)
{
	c->ops->rollback(c);
}

int ms_sql_prepare(struct ms_sql *c, const char *sql, struct ms_sql_stmt **out, struct ms_error *e)
{
	return c->ops->prepare(c, sql, out, e);
}

void ms_sql_bind_i64(struct ms_sql_stmt *s, int i, int64_t v)
{
	s->ops->bind_i64(s, i, v);
}

void ms_sql_bind_null(struct ms_sql_stmt *s, int i)
{
	s->ops->bind_null(s, i);
}

void ms_sql_bind_text(struct ms_sql_stmt *s, int i, const char *t)
{
	s->ops->bind_text(s, i, t);
}

void ms_sql_bind_blob(struct ms_sql_stmt *s, int i, const void *p, size_t n)
{
	s->ops->bind_blob(s, i, p, n);
}

int ms_sql_step(struct ms_sql_stmt *s, struct ms_error *e)
{
	return s->ops->step(s, e);
}

int ms_sql_column_count(struct ms_sql_stmt *s)
{
	return s->ops->column_count(s);
}

const char *ms_sql_column_name(struct ms_sql_stmt *s, int i)
{
	return s->ops->column_name(s, i);
}

enum ms_sql_type ms_sql_column_type(struct ms_sql_stmt *s, int i)
{
	return s->ops->column_type(s, i);
}

int64_t ms_sql_column_i64(struct ms_sql_stmt *s, int i)
{
	return s->ops->column_i64(s, i);
}

double ms_sql_column_real(struct ms_sql_stmt *s, int i)
{
	return s->ops->column_real(s, i);
}

const char *ms_sql_column_text(struct ms_sql_stmt *s, int i, size_t *len)
{
	return s->ops->column_text(s, i, len);
}

const void *ms_sql_column_blob(struct ms_sql_stmt *s, int i, size_t *len)
{
	return s->ops->column_blob(s, i, len);
}

void ms_sql_reset(struct ms_sql_stmt *s)
{
	s->ops->reset(s);
}
