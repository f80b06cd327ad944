/*
 * track_http.c — what the tracking page (POST /demands/track, demand_http.c)
 * shows of the candidate projects a demand went into (track.h): public data
 * only — the candidate's title, its round, and the project it became.
 */
#include "track.h"

static const struct ms_field candidate_fields[] = {
	{.name = "candidate_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED,
	 .doc = "the candidate project (GET /candidates/{id}, public)"},
	MS_OUT("title", MS_F_STR), MS_OUT_NULL("title_en", MS_F_STR),
	{.name = "cycle_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED, .doc = "its round"},
	{.name = "year", .kind = MS_F_INT, .flags = MS_FIELD_REQUIRED, .doc = "its round's year"},
	{.name = "congress_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED,
	 .doc = "the congress whose public page lists the round's candidates"},
	{.name = "project_id", .kind = MS_F_ID, .flags = MS_FIELD_REQUIRED | MS_FIELD_NULLABLE,
	 .doc = "the project it became (its public page /projects/{id}); null while it is a candidate"},
	{0}};
const struct ms_view ms_track_candidate_view = {
	"TrackCandidate", candidate_fields,
	"a candidate project a demand went into (directly, through a cluster or a suggestion, or taken from the "
	"reserve pool later), as the tracking page shows it"};
