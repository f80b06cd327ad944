/*
 * app.c — the composition of the program: every domain's routes, error
 * codes and SQL statements, in one place. The server dispatches over
 * ms_app_routes, `minsheng api-schema` documents them, and the tests walk
 * all three (every route × every role; every code once with both
 * languages; every statement prepared on both engines).
 */
#include "cli.h"

#include "../api/feed.h"
#include "../assess/assess.h"
#include "../assess/assess_unit.h"
#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../count/count.h"
#include "../evaluate/evaluate.h"
#include "../liaison/liaison.h"
#include "../liaison/casework.h"
#include "../liaison/preference.h"
#include "../liaison/promote.h"
#include "../liaison/search_index.h"
#include "../liaison/track.h"
#include "../legislate/legislate.h"
#include "../target/target.h"
#include "../org/org.h"
#include "../store/query.h"
#include "../store/search.h"
#include "../report/assess_export.h"
#include "../report/report.h"
#include "../rollup/rollup.h"
#include "../supervise/supervise.h"
#include "../vote/vote.h"

#define MS_CODES_DEF "cli/cli_codes.def"
#define MS_CODES_LIST ms_cli_codes
#include "../core/codes_define.h"

const struct ms_routes *const ms_app_routes[] = {
	&ms_auth_routes,      &ms_account_routes,  &ms_congress_routes, &ms_unit_routes,	&ms_member_routes, &ms_cycle_routes, &ms_guidance_routes, &ms_council_routes,
	&ms_candidate_routes, &ms_poll_routes, &ms_hall_routes, &ms_desk_routes, &ms_ballot_routes, &ms_close_routes, &ms_override_routes, &ms_paper_routes,
	&ms_exchange_routes,  &ms_scrutineer_routes, &ms_code_routes, &ms_slips_routes, &ms_letters_routes, &ms_progress_routes, &ms_print_routes, &ms_audit_routes,
	&ms_reserve_routes,   &ms_project_routes, &ms_plan_routes, &ms_settings_routes, &ms_task_routes,
	&ms_oversight_routes, &ms_report_routes, &ms_evaluation_routes, &ms_consequence_routes, &ms_review_routes, &ms_record_routes, &ms_history_routes,
	&ms_assessment_routes, &ms_assess_export_routes,
	&ms_station_routes, &ms_demand_routes, &ms_casework_routes, &ms_pref_routes, &ms_pref_slips_routes, &ms_promote_routes, &ms_search_routes, &ms_cluster_routes,
	&ms_rollup_routes, &ms_rollup_xlsx_routes, &ms_legis_routes, &ms_legis_export_routes, &ms_target_routes,
	&ms_target_export_routes, &ms_rate_export_routes, NULL};

/* The live states pushed to browsers (api/feed.h), and their topics'
 * prefixes: the only changes the store tells (store.h). */
const struct ms_feed *const ms_app_feeds[] = {&ms_hall_feed, NULL};
const char *const ms_app_topics[] = {"poll", NULL};

/* What the later stages do as a round moves on (cycle.h). */
const ms_cycle_phase_fn ms_app_phase_hooks[] = {ms_projects_start, NULL};

const struct ms_code *const *const ms_app_codes[] = {ms_core_codes,  ms_count_codes,  ms_api_codes, ms_auth_codes,
						     ms_org_codes,   ms_cycle_codes,  ms_vote_codes, ms_report_codes,
						     ms_audit_codes, ms_cli_codes,    ms_supervise_codes, ms_evaluate_codes,
						     ms_assess_codes, ms_assess_unit_codes,
						     ms_liaison_codes, ms_casework_codes, ms_pref_codes, ms_promote_codes, ms_cluster_codes,
						     ms_legislate_codes, ms_target_codes, NULL};

const struct ms_stmt *const *const ms_app_stmts[] = {
	ms_store_stmts,	   ms_copy_stmts,  ms_audit_stmts,  ms_audit_verify_stmts, ms_auth_stmts,
	ms_throttle_stmts,	ms_congress_stmts, ms_unit_stmts,  ms_member_stmts, ms_cycle_stmts,	   ms_candidate_stmts, ms_guidance_stmts, ms_council_stmts,
	ms_poll_stmts,	   ms_desk_stmts,  ms_ballot_stmts, ms_close_stmts, ms_override_stmts, ms_paper_stmts, ms_scrutineer_stmts,
	ms_code_stmts,	   ms_reserve_stmts, ms_project_stmts, ms_plan_stmts, ms_settings_stmts, ms_task_stmts,
	ms_oversight_stmts, ms_report_stmts, ms_evaluation_stmts, ms_consequence_stmts, ms_review_stmts, ms_record_stmts, ms_history_stmts,
	ms_assessment_stmts,
	ms_station_stmts, ms_demand_stmts, ms_casework_stmts, ms_pref_stmts, ms_promote_stmts, ms_search_stmts, ms_search_index_stmts, ms_cluster_stmts, ms_track_stmts,
	ms_rollup_stmts, ms_legis_stmts, ms_target_stmts, NULL};
