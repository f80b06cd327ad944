/*
 * rates.c — the "three rates" of casework per unit (casework.h), exact
 * fractions counted from the assignments and ratings, and the monthly
 * league table with the congress's weights:
 *   response     = of the assignments made in the period (first or
 *                  reassigned, not redos) whose return window has closed or
 *                  that were answered, those accepted or returned by the
 *                  end of the window;
 *   resolution   = of the assignments (not returned) whose reply fell due in
 *                  the period and by now, those answered A — or closed — by
 *                  the deadline;
 *   satisfaction = of the ratings given in the period (residents' and
 *                  deputies'), those satisfied or basically satisfied;
 *   face-to-face = of the deputies' feedback in the period, those saying the
 *                  unit met them (见面率).
 * A rate with nothing to count is null and left out of the score; the score
 * is the weighted mean of the rates there are.
 */
#include "casework_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* t (a time) is on or before u; false when either is absent. */
static bool by(const char *t, const char *u)
{
	return t && u && strcmp(t, u) <= 0;
}

/* China's day of a UTC time, as YYYY-MM-DD. */
static void day_of(const char *t, char out[11])
{
	int64_t x;
	out[0] = '\0';
	if (ms_clock_parse(t, &x))
		ms_day_format(ms_clock_day(x), out);
}

static struct ms_casework_rates *unit_row(struct ms_casework_rates **v, size_t *n, size_t *cap, int64_t unit_id)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].unit_id == unit_id)
			return &(*v)[i];
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		struct ms_casework_rates *w = realloc(*v, c * sizeof *w);
		if (!w)
			return NULL;
		*v = w;
		*cap = c;
	}
	memset(&(*v)[*n], 0, sizeof **v);
	(*v)[*n].unit_id = unit_id;
	return &(*v)[(*n)++];
}

static int cmp_unit(const void *a, const void *b)
{
	int64_t x = ((const struct ms_casework_rates *)a)->unit_id, y = ((const struct ms_casework_rates *)b)->unit_id;
	return (x > y) - (x < y);
}

int ms_casework_rates(struct ms_db *db, int64_t congress_id, const char *from, const char *to,
		      struct ms_casework_rates **out, size_t *n, struct ms_error *e)
{
	json_t *asg = NULL, *rat = NULL;
	struct ms_casework_rates *v = NULL;
	size_t cap = 0;
	int32_t f, t;
	*out = NULL;
	*n = 0;
	if (!ms_day_parse(from, &f) || !ms_day_parse(to, &t) || t < f)
		return 0;
	/* the period's UTC span: from 00:00 in China of `from` until 00:00 after `to` */
	char t0[MS_TIME_LEN + 1], t1[MS_TIME_LEN + 1], now[MS_TIME_LEN + 1];
	ms_clock_format((int64_t)f * 86400 - 8 * 3600, t0);
	ms_clock_format(((int64_t)t + 1) * 86400 - 8 * 3600, t1);
	ms_clock_format(ms_clock_now(), now);
	/* only the period's assignments: started in it (response) or due in it (resolution), chosen by the SQL */
	int rc = ms_cw_sql_rate_assignments(db, congress_id, t0, t1, &asg, e);
	if (!rc)
		rc = ms_cw_sql_rate_ratings(db, congress_id, t0, t1, &rat, e);
	size_t i;
	json_t *r;
	json_array_foreach(asg, i, r) {
		if (rc)
			break;
		char d[11];
		const char *round = str(r, "round");
		struct ms_casework_rates *u = unit_row(&v, n, &cap, num(r, "unit_id"));
		if (!u) {
			rc = ms_nomem(e);
			break;
		}
		day_of(str(r, "started_at"), d);
		if ((!round || strcmp(round, "redo") != 0) && strcmp(d, from) >= 0 && strcmp(d, to) <= 0) {
			bool answered = by(str(r, "accepted_at"), str(r, "accept_by")) ||
					by(str(r, "returned_at"), str(r, "accept_by"));
			/* one still inside its return window and not yet answered is not yet due: not counted */
			if (answered || by(str(r, "accept_by"), now)) {
				u->assigned++;
				u->responded += answered;
			}
		}
		day_of(str(r, "due_at"), d);
		if (!str(r, "returned_at") && strcmp(d, from) >= 0 && strcmp(d, to) <= 0 && by(str(r, "due_at"), now)) {
			const char *cls = str(r, "reply_class");
			u->due++;
			u->resolved += (by(str(r, "replied_at"), str(r, "due_at")) && cls && strcmp(cls, "A") == 0) ||
				       by(str(r, "closed_at"), str(r, "due_at"));
		}
	}
	json_array_foreach(rat, i, r) {
		if (rc)
			break;
		struct ms_casework_rates *u = unit_row(&v, n, &cap, num(r, "unit_id"));
		if (!u) {
			rc = ms_nomem(e);
			break;
		}
		const char *rating = str(r, "rating");
		u->ratings++;
		u->satisfied += rating && strcmp(rating, "dissatisfied") != 0;
		if (num(r, "deputy_id") && !json_is_null(json_object_get(r, "met"))) {
			u->feedbacks++;
			u->met += num(r, "met") != 0;
		}
	}
	json_decref(asg);
	json_decref(rat);
	if (rc) {
		free(v);
		*n = 0;
		return rc;
	}
	if (*n)
		qsort(v, *n, sizeof *v, cmp_unit);
	*out = v;
	return 0;
}

/* {"num","den","value"} — value null when den is 0. */
static json_t *frac(uint64_t a, uint64_t b)
{
	return json_pack("{s:I, s:I, s:o}", "num", (json_int_t)a, "den", (json_int_t)b, "value",
			 b ? json_real((double)a / (double)b) : json_null());
}

int ms_casework_league(struct ms_db *db, int64_t congress_id, int year, int month, json_t **out, struct ms_error *e)
{
	struct ms_casework_settings s;
	struct ms_casework_rates *v = NULL;
	size_t n = 0;
	char from[11], to[11];
	int32_t first = ms_day_from_ymd(year, month ? month : 1, 1);
	int32_t last = month == 0 || month == 12 ? ms_day_from_ymd(year, 12, 31) : ms_day_from_ymd(year, month + 1, 1) - 1;
	ms_day_format(first, from);
	ms_day_format(last, to);
	int rc = ms_casework_settings_get(db, congress_id, &s, e);
	if (!rc)
		rc = ms_casework_rates(db, congress_id, from, to, &v, &n, e);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct ms_casework_rates *u = &v[i];
		double sum = 0, w = 0;
		if (u->assigned)
			sum += s.w_response * (double)u->responded / (double)u->assigned, w += s.w_response;
		if (u->due)
			sum += s.w_resolution * (double)u->resolved / (double)u->due, w += s.w_resolution;
		if (u->ratings)
			sum += s.w_satisfaction * (double)u->satisfied / (double)u->ratings, w += s.w_satisfaction;
		json_array_append_new(items,
				      json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "unit_id", (json_int_t)u->unit_id,
						"response", frac(u->responded, u->assigned), "resolution",
						frac(u->resolved, u->due), "satisfaction", frac(u->satisfied, u->ratings),
						"face_to_face", frac(u->met, u->feedbacks), "score",
						w > 0 ? json_real(100.0 * sum / w) : json_null()));
	}
	free(v);
	*out = json_pack("{s:I, s:i, s:i, s:s, s:s, s:o, s:o}", "congress_id", (json_int_t)congress_id, "year", year,
			 "month", month, "from", from, "to", to, "settings", ms_casework_settings_json(&s), "items",
			 items);
	return *out ? 0 : ms_nomem(e);
}
