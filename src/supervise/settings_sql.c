/* settings_sql.c — the SQL of a congress's supervision settings and holidays. */
#include "supervise_internal.h"

#include <stdlib.h>

#include "../store/query.h"

static const struct ms_stmt GET =
	MS_STMT("settings.get", "SELECT behind_yellow, behind_red, late_yellow, late_red, silent_yellow, silent_red, "
				"task_days, escalate_days FROM supervision_settings WHERE congress_id = ?");
static const struct ms_stmt SET = MS_STMT(
	"settings.set",
	"INSERT INTO supervision_settings(congress_id, behind_yellow, behind_red, late_yellow, late_red, silent_yellow, "
	"silent_red, task_days, escalate_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	"ON CONFLICT(congress_id) DO UPDATE SET behind_yellow = excluded.behind_yellow, behind_red = excluded.behind_red, "
	"late_yellow = excluded.late_yellow, late_red = excluded.late_red, silent_yellow = excluded.silent_yellow, "
	"silent_red = excluded.silent_red, task_days = excluded.task_days, escalate_days = excluded.escalate_days, "
	"updated_at = excluded.updated_at");
static const struct ms_stmt DAYS =
	MS_STMT("holiday.days", "SELECT day FROM holiday WHERE congress_id = ? AND kind = ? ORDER BY day");
static const struct ms_stmt CLEAR_YEAR =
	MS_STMT("holiday.clear_year", "DELETE FROM holiday WHERE congress_id = ? AND day >= ? AND day <= ?");
static const struct ms_stmt ADD =
	MS_STMT("holiday.add", "INSERT INTO holiday(congress_id, day, kind, name) VALUES (?, ?, ?, ?)");
static const struct ms_stmt LIST =
	MS_STMT("holiday.list", "SELECT day, kind, name FROM holiday WHERE congress_id = ? AND day >= ? AND day <= ? "
				"ORDER BY day");

const struct ms_stmt *const ms_settings_stmts[] = {&GET, &SET, &DAYS, &CLEAR_YEAR, &ADD, &LIST, NULL};

int ms_settings_sql_get(struct ms_db *db, int64_t congress_id, struct ms_supervision_settings *out, bool *found,
			struct ms_error *e)
{
	struct ms_sql_stmt *s;
	int rc = ms_q_bind(db, &GET, MS_ARGS(MS_VI(congress_id)), &s, e);
	if (rc)
		return rc;
	rc = ms_sql_step(s, e);
	*found = rc == 1;
	if (rc == 1) {
		int v[8];
		for (int i = 0; i < 8; i++)
			v[i] = (int)ms_sql_column_i64(s, i);
		out->light = (struct ms_light_rules){.behind_yellow = v[0], .behind_red = v[1], .late_yellow = v[2],
						     .late_red = v[3], .silent_yellow = v[4], .silent_red = v[5]};
		out->task_days = v[6];
		out->escalate_days = v[7];
		rc = 0;
	}
	ms_sql_reset(s);
	return rc;
}

int ms_settings_sql_set(struct ms_db *db, int64_t congress_id, const struct ms_supervision_settings *s,
			const char *now, struct ms_error *e)
{
	const struct ms_light_rules *l = &s->light;
	return ms_q_exec(db, &SET,
			 MS_ARGS(MS_VI(congress_id), MS_VI(l->behind_yellow), MS_VI(l->behind_red), MS_VI(l->late_yellow),
				 MS_VI(l->late_red), MS_VI(l->silent_yellow), MS_VI(l->silent_red), MS_VI(s->task_days),
				 MS_VI(s->escalate_days), MS_VT(now)),
			 e);
}

int ms_holidays_sql_days(struct ms_db *db, int64_t congress_id, const char *kind, int32_t **days, size_t *n,
			 struct ms_error *e)
{
	*days = NULL;
	*n = 0;
	struct ms_sql_stmt *s = NULL;
	int rc = ms_q_bind(db, &DAYS, MS_ARGS(MS_VI(congress_id), MS_VT(kind)), &s, e);
	size_t cap = 0;
	while (!rc && (rc = ms_sql_step(s, e)) == 1) {
		rc = 0;
		int32_t d;
		if (!ms_day_parse(ms_sql_column_text(s, 0, NULL), &d))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			int32_t *nd = realloc(*days, cap * sizeof *nd);
			if (!nd) {
				rc = ms_nomem(e);
				break;
			}
			*days = nd;
		}
		(*days)[(*n)++] = d;
	}
	if (rc == 0 || rc == 1)
		rc = 0;
	if (s)
		ms_sql_reset(s);
	if (rc) {
		free(*days);
		*days = NULL;
		*n = 0;
	}
	return rc;
}

static void year_bounds(int64_t year, char from[11], char to[11])
{
	ms_day_format(ms_day_from_ymd((int)year, 1, 1), from);
	ms_day_format(ms_day_from_ymd((int)year, 12, 31), to);
}

int ms_holidays_sql_clear_year(struct ms_db *db, int64_t congress_id, int64_t year, struct ms_error *e)
{
	char from[11], to[11];
	year_bounds(year, from, to);
	return ms_q_exec(db, &CLEAR_YEAR, MS_ARGS(MS_VI(congress_id), MS_VT(from), MS_VT(to)), e);
}

int ms_holidays_sql_add(struct ms_db *db, int64_t congress_id, const char *day, const char *kind, const char *name,
			struct ms_error *e)
{
	return ms_q_exec(db, &ADD, MS_ARGS(MS_VI(congress_id), MS_VT(day), MS_VT(kind), MS_VT(name)), e);
}

int ms_holidays_list(struct ms_db *db, int64_t congress_id, int64_t year, json_t **out, struct ms_error *e)
{
	char from[11], to[11];
	year_bounds(year, from, to);
	json_t *rows = NULL;
	int rc = ms_q_rows_json(db, &LIST, MS_ARGS(MS_VI(congress_id), MS_VT(from), MS_VT(to)), &rows, e);
	if (rc)
		return rc;
	*out = json_pack("{s:I, s:o}", "year", (json_int_t)year, "days", rows);
	return *out ? 0 : ms_nomem(e);
}
