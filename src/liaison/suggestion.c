/*
 * suggestion.c — what only deputies' suggestions (代表建议) have on top of
 * the casework machinery of case.c: filing by one or several deputies and
 * co-signing; the clerk's merge of identical suggestions (every signer of
 * each is carried over, so each gets the reply and gives their own
 * feedback); the unit's request to extend the reply to extend_months and
 * the clerk's decision; the co-handlers' views; and each signer's feedback
 * (satisfied / basically satisfied / dissatisfied, and whether the unit met
 * them — 见面), a dissatisfied one sending it back for re-handling.
 */
#include "casework_internal.h"
#include "search_index.h"

#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"

static int not_suggestion(struct ms_error *e, json_t *row, const char *zh, const char *en)
{
	static const char *const kzh[] = {"事项"}, *const ken[] = {"matter"};
	return ms_failf(e, MS_E_CASE_STATE, NULL, MS_AT(kzh[0], ken[0]), MS_AI(num(row, "id")),
			MS_AS(str(row, "status")), MS_AT(zh, en));
}

int ms_suggestion_file(struct ms_db *db, const struct ms_actor *by, int64_t congress_id, const char *title,
		       const char *text, const int64_t *cosigners, size_t n, int64_t *id, struct ms_error *e)
{
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	for (size_t i = 0; i < n; i++) {
		bool is = false;
		int rc = ms_cw_sql_is_deputy(db, cosigners[i], congress_id, &is, e);
		if (rc)
			return rc;
		if (!is)
			return ms_failf(e, MS_E_NOT_A_DEPUTY_OF, "cosigners", MS_AI(cosigners[i]));
	}
	int rc = ms_cw_sql_insert(db, congress_id, "suggestion", 0, title, text, "suggestion", by->id, now, id, e);
	if (!rc)
		rc = ms_search_index_casework(db, *id, e);
	if (!rc && by->id)
		rc = ms_cw_sql_signer_add(db, *id, by->id, "accepted", now, e);
	/* the others named are invited: each signs only by accepting (ms_suggestion_answer) */
	json_t *invited = json_array();
	for (size_t i = 0; i < n && !rc; i++)
		if (cosigners[i] != by->id) {
			rc = ms_cw_sql_signer_add(db, *id, cosigners[i], "invited", now, e);
			json_array_append_new(invited, json_integer(cosigners[i]));
		}
	if (rc) {
		json_decref(invited);
		return rc;
	}
	return ms_audit_append(db, by, congress_id, "suggestion.file", "casework", *id,
			       json_pack("{s:I, s:o}", "signers", (json_int_t)(by->id != 0), "invited", invited), e);
}

/* The suggestion row, 409 when it is a case. */
static int load_suggestion(struct ms_db *db, int64_t id, json_t **row, struct ms_error *e)
{
	int rc = ms_cw_sql_row(db, id, row, e);
	if (!rc && strcmp(str(*row, "kind"), "suggestion") != 0) {
		rc = not_suggestion(e, *row, "按代表建议办理", "handled as a suggestion");
		json_decref(*row);
		*row = NULL;
	}
	return rc;
}

int ms_suggestion_cosign(struct ms_db *db, const struct ms_actor *by, int64_t id, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = load_suggestion(db, id, &row, e);
	if (rc)
		return rc;
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	char was[16] = "";
	bool done = false;
	if (strcmp(str(row, "status"), "filed") != 0)
		rc = not_suggestion(e, row, "附议", "co-signed");
	else if (!(rc = ms_cw_sql_signer_status(db, id, by->id, was, e)) && strcmp(was, "accepted") == 0)
		rc = ms_fail(e, MS_E_ALREADY_SIGNED, NULL);
	/* one invited accepts by co-signing; one who declined changes their mind (signing is open until assigned) */
	if (!rc && was[0])
		rc = ms_cw_sql_signer_accept(db, id, by->id, was, now, &done, e);
	else if (!rc && !(rc = ms_cw_sql_signer_add(db, id, by->id, "accepted", now, e)))
		done = true;
	if (!rc && !done) /* answered meanwhile */
		rc = ms_fail(e, MS_E_ALREADY_SIGNED, NULL);
	if (!rc)
		rc = ms_audit_append(db, by, num(row, "congress_id"), "suggestion.cosign", "casework", id,
				     json_pack("{s:b, s:s?}", "invited", strcmp(was, "invited") == 0, "was",
					       was[0] ? was : NULL),
				     e);
	json_decref(row);
	return rc;
}

int ms_suggestion_answer(struct ms_db *db, const struct ms_actor *by, int64_t id, bool accept, struct ms_error *e)
{
	json_t *row = NULL;
	int rc = load_suggestion(db, id, &row, e);
	if (rc)
		return rc;
	char now[MS_TIME_LEN + 1], st[16];
	now_iso(now);
	bool done = false;
	if ((rc = ms_cw_sql_signer_status(db, id, by->id, st, e)))
		goto out;
	if (strcmp(st, "invited") != 0) {
		rc = ms_fail(e, MS_E_NO_INVITATION, NULL);
		goto out;
	}
	/* signing is done before the clerk assigns it, as co-signing is; declining is possible at any time */
	if (accept && strcmp(str(row, "status"), "filed") != 0) {
		rc = not_suggestion(e, row, "附议", "co-signed");
		goto out;
	}
	if (!(rc = ms_cw_sql_signer_answer(db, id, by->id, accept, now, &done, e)) && !done)
		rc = ms_fail(e, MS_E_NO_INVITATION, NULL);
	if (!rc)
		rc = ms_audit_append(db, by, num(row, "congress_id"),
				     accept ? "suggestion.invitation_accept" : "suggestion.invitation_decline", "casework", id,
				     NULL, e);
out:
	json_decref(row);
	return rc;
}

int ms_suggestion_merge(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t into, struct ms_error *e)
{
	json_t *a = NULL, *b = NULL;
	int rc = load_suggestion(db, id, &a, e);
	if (!rc)
		rc = load_suggestion(db, into, &b, e);
	if (!rc) {
		const char *why_zh = NULL, *why_en = NULL;
		if (id == into)
			why_zh = "不能并入自身", why_en = "it is the same suggestion";
		else if (num(a, "congress_id") != num(b, "congress_id"))
			why_zh = "不属同一人大", why_en = "they belong to different congresses";
		else if (strcmp(str(a, "status"), "filed") != 0 || strcmp(str(b, "status"), "merged") == 0 ||
			 strcmp(str(b, "status"), "closed") == 0)
			why_zh = "被并入的建议须尚未交办，目标建议须未办结", why_en = "the one merged must not yet be assigned, the other not closed";
		if (why_zh)
			rc = ms_failf(e, MS_E_MERGE_BAD, "into", MS_AI(id), MS_AI(into), MS_AT(why_zh, why_en));
	}
	if (!rc)
		rc = ms_cw_sql_signers_move(db, id, into, e);
	if (!rc)
		rc = ms_cw_sql_merge(db, id, into, e);
	if (!rc) /* the suggestion merged into it finds it by its own words too */
		rc = ms_search_index_casework(db, into, e);
	if (!rc)
		rc = ms_audit_append(db, by, num(a, "congress_id"), "suggestion.merge", "casework", id,
				     json_pack("{s:I}", "into", (json_int_t)into), e);
	json_decref(a);
	json_decref(b);
	return rc;
}

int ms_suggestion_extend(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *reason,
			 struct ms_error *e)
{
	json_t *row = NULL;
	int rc = load_suggestion(db, id, &row, e);
	if (rc)
		return rc;
	if (!ms_actor_is_staff(by, num(row, "congress_id")) && by->unit_id != num(row, "unit_id"))
		rc = ms_fail(e, MS_E_NOT_YOUR_CASE, NULL);
	else if ((strcmp(str(row, "status"), "assigned") != 0 && strcmp(str(row, "status"), "accepted") != 0) ||
		 strcmp(str(row, "ext_status"), "none") != 0)
		rc = not_suggestion(e, row, "申请延期", "extended");
	if (!rc)
		rc = ms_cw_sql_extension(db, id, "requested", reason, e);
	if (!rc)
		rc = ms_audit_append(db, by, num(row, "congress_id"), "suggestion.extend_request", "casework", id,
				     json_pack("{s:s}", "reason", reason), e);
	json_decref(row);
	return rc;
}

int ms_suggestion_extend_decide(struct ms_db *db, const struct ms_actor *by, int64_t id, bool approve,
				struct ms_error *e)
{
	json_t *row = NULL, *asg = NULL;
	int rc = load_suggestion(db, id, &row, e);
	if (rc)
		return rc;
	if (strcmp(str(row, "ext_status"), "requested") != 0)
		rc = not_suggestion(e, row, "审批延期", "decided on an extension");
	if (!rc)
		rc = ms_cw_sql_asg_current(db, id, &asg, e);
	if (!rc && approve) {
		struct ms_casework_settings s;
		int64_t start;
		rc = ms_casework_settings_get(db, num(row, "congress_id"), &s, e);
		if (!rc && ms_clock_parse(str(asg, "started_at"), &start)) {
			char due[MS_TIME_LEN + 1];
			ms_clock_format(ms_clock_due(NULL, start, MS_CLOCK_MONTHS, s.extend_months), due);
			rc = ms_cw_sql_asg_due(db, num(asg, "id"), due, e);
		}
	}
	if (!rc)
		rc = ms_cw_sql_extension(db, id, approve ? "approved" : "refused", str(row, "ext_reason"), e);
	if (!rc)
		rc = ms_audit_append(db, by, num(row, "congress_id"), "suggestion.extend_decide", "casework", id,
				     json_pack("{s:b}", "approved", approve), e);
	json_decref(row);
	json_decref(asg);
	return rc;
}

int ms_cw_cohandler_view(struct ms_db *db, const struct ms_actor *by, int64_t id, int64_t unit_id, const char *view,
			 struct ms_error *e)
{
	json_t *row = NULL;
	int rc = ms_cw_sql_row(db, id, &row, e);
	if (rc)
		return rc;
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	bool done = false;
	if (!ms_actor_is_staff(by, num(row, "congress_id")) && by->unit_id != unit_id)
		rc = ms_fail(e, MS_E_NOT_COHANDLER, NULL);
	if (!rc)
		rc = ms_cw_sql_cohandler_view(db, id, unit_id, view, now, &done, e);
	if (!rc && !done)
		rc = ms_fail(e, MS_E_NOT_COHANDLER, NULL);
	if (!rc)
		rc = ms_audit_append(db, by, num(row, "congress_id"), "casework.cohandler_view", "casework", id,
				     json_pack("{s:I}", "unit_id", (json_int_t)unit_id), e);
	json_decref(row);
	return rc;
}

int ms_suggestion_feedback(struct ms_db *db, const struct ms_actor *by, int64_t id, const char *rating, bool met,
			   const char *comment, struct ms_error *e)
{
	json_t *row = NULL, *asg = NULL, *signers = NULL;
	bool is = false;
	int64_t rated = 0;
	int rc = load_suggestion(db, id, &row, e);
	if (rc)
		return rc;
	char now[MS_TIME_LEN + 1];
	now_iso(now);
	if ((rc = ms_cw_sql_signer_is(db, id, by->id, &is, e)))
		goto out;
	if (!is) {
		rc = ms_fail(e, MS_E_NOT_A_SIGNER, NULL);
		goto out;
	}
	if (strcmp(str(row, "status"), "replied") != 0 && strcmp(str(row, "status"), "open") != 0) {
		rc = ms_fail(e, MS_E_NOTHING_TO_RATE, NULL);
		goto out;
	}
	if ((rc = ms_cw_sql_asg_current(db, id, &asg, e)) || (rc = ms_cw_sql_rated(db, num(asg, "id"), by->id, &rated, e)))
		goto out;
	if (rated) {
		rc = ms_fail(e, MS_E_NOTHING_TO_RATE, NULL);
		goto out;
	}
	if ((rc = ms_cw_sql_rating_add(db, id, num(asg, "id"), num(asg, "unit_id"), by->id, rating, met, comment, now,
				       e)) ||
	    (rc = ms_audit_append(db, by, num(row, "congress_id"), "suggestion.feedback", "casework", id,
				  json_pack("{s:s, s:b}", "rating", rating, "met", met), e)))
		goto out;
	/* all in when every signer has given feedback on this reply */
	bool all_in = true;
	if ((rc = ms_cw_sql_signers(db, id, &signers, e)))
		goto out;
	size_t i;
	json_t *s;
	json_array_foreach(signers, i, s) {
		int64_t n = 0;
		if (!str(s, "status") || strcmp(str(s, "status"), "accepted") != 0)
			continue; /* only those who signed are answered and asked */
		if ((rc = ms_cw_sql_rated(db, num(asg, "id"), num(s, "deputy_id"), &n, e)))
			goto out;
		all_in = all_in && n > 0;
	}
	rc = ms_cw_after_feedback(db, by, row, asg, rating, all_in, e);
out:
	json_decref(row);
	json_decref(asg);
	json_decref(signers);
	return rc;
}
