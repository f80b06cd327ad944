/* liaison_internal.h — shared inside src/liaison/: the SQL (station_sql.c,
 * demand_sql.c) for the rules (station.c, demand.c). Each returns 0 or a
 * negative enum ms_err with *e set. */
#ifndef MS_LIAISON_INTERNAL_H
#define MS_LIAISON_INTERNAL_H

#include "liaison.h"

/* settings; *found false when none are set */
int ms_lsql_settings(struct ms_db *db, int64_t congress_id, struct ms_liaison_settings *s, bool *found,
		     struct ms_error *e);
int ms_lsql_settings_set(struct ms_db *db, int64_t congress_id, const struct ms_liaison_settings *s, const char *areas,
			 const char *now, struct ms_error *e);
int ms_lsql_child_names(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
/* 0 with *ok when user id is a deputy of congress_id. */
int ms_lsql_is_deputy(struct ms_db *db, int64_t id, int64_t congress_id, bool *ok, struct ms_error *e);

int ms_lsql_station_insert(struct ms_db *db, int64_t congress_id, const struct ms_station_in *in, const char *token,
			   const char *now, int64_t *id, struct ms_error *e);
int ms_lsql_station_update(struct ms_db *db, int64_t id, const struct ms_station_in *in, struct ms_error *e);
int ms_lsql_station_name_taken(struct ms_db *db, int64_t congress_id, const char *name, int64_t except, bool *out,
			       struct ms_error *e);
int ms_lsql_station_deputies_set(struct ms_db *db, int64_t id, const int64_t *ids, size_t n, struct ms_error *e);
int ms_lsql_station_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_lsql_station_list(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
int ms_lsql_station_deputies(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_lsql_station_has(struct ms_db *db, int64_t station_id, int64_t deputy_id, bool *out, struct ms_error *e);

int ms_lsql_rota_insert(struct ms_db *db, int64_t station_id, int64_t congress_id, const struct ms_rota_in *in,
			const char *now, int64_t *id, struct ms_error *e);
int ms_lsql_rota_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
/* Mark rota_id held (residents received; by, now), its deputies replaced by those given; *done false when it was
 * recorded already. */
int ms_lsql_rota_held(struct ms_db *db, int64_t rota_id, const int64_t *deputy_ids, size_t n, int64_t residents,
		      int64_t by, const char *now, bool *done, struct ms_error *e);
/* *out: the station's rota entry on day overlapping starts–ends ({id, starts, ends}), NULL when none. */
int ms_lsql_rota_overlap(struct ms_db *db, int64_t station_id, const char *day, const char *starts, const char *ends,
			 json_t **out, struct ms_error *e);
int ms_lsql_rota_list(struct ms_db *db, int64_t station_id, const char *from, json_t **out, struct ms_error *e);
int ms_lsql_rota_deputies(struct ms_db *db, int64_t rota_id, json_t **out, struct ms_error *e);
int ms_lsql_booking_insert(struct ms_db *db, int64_t rota_id, const char *name, const char *phone, const char *topic,
			   const char *hash, const char *now, struct ms_error *e);
/* The hour of now, YYYY-MM-DDTHH (UTC), the unit of the per-address counts (intake_rate). */
void ms_liaison_hour(char hour[14]);
/* Whether phone already holds a booking of rota_id. */
int ms_lsql_booking_phone(struct ms_db *db, int64_t rota_id, const char *phone, bool *taken, struct ms_error *e);
int ms_lsql_booking_cancel(struct ms_db *db, const char *hash, int64_t *rota_id, struct ms_error *e);
int ms_lsql_booking_list(struct ms_db *db, int64_t rota_id, json_t **out, struct ms_error *e);
int ms_lsql_receptions(struct ms_db *db, int64_t congress_id, const char *from, const char *to, const char *today,
		       json_t **out, struct ms_error *e);

int ms_lsql_house_insert(struct ms_db *db, int64_t congress_id, const char *label, int64_t deputy_id,
			 const char *token, const char *now, int64_t *id, struct ms_error *e);
int ms_lsql_house_taken(struct ms_db *db, int64_t congress_id, const char *label, bool *out, struct ms_error *e);
int ms_lsql_house_list(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
int ms_lsql_house_token(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_lsql_deputy_token(struct ms_db *db, int64_t deputy_id, json_t **out, struct ms_error *e);
int ms_lsql_deputy_token_set(struct ms_db *db, int64_t deputy_id, int64_t congress_id, const char *token,
			     struct ms_error *e);
/* What a QR token names: {"kind": "station"|"deputy"|"house", "congress_id", "station_id", "deputy_id",
 * "house_id", names}; MS_ERR_NOT_FOUND when nothing. */
int ms_lsql_congress_name(struct ms_db *db, int64_t congress_id, json_t **out, struct ms_error *e);
int ms_lsql_token(struct ms_db *db, const char *token, json_t **out, struct ms_error *e);

/* demands */
struct ms_demand_row {
	int64_t congress_id;
	const char *channel;
	int64_t station_id, deputy_id, house_id, photo_id, entered_by; /* 0: none */
	const char *hash;
	const char *now;
};
int ms_dsql_insert(struct ms_db *db, const struct ms_demand_row *r, const struct ms_demand_in *in, int64_t *id,
		   struct ms_error *e);
int ms_dsql_step(struct ms_db *db, int64_t demand_id, const char *kind, int64_t actor_id, const char *note,
		 const char *now, struct ms_error *e);
/* Count one more submission of address to congress_id in hour; *n the count after. */
int ms_dsql_rate(struct ms_db *db, const char *address, int64_t congress_id, const char *hour, int64_t *n,
		 struct ms_error *e);
int ms_dsql_photo_insert(struct ms_db *db, const char *hash, const char *mime, const void *data, size_t len,
			 const void *thumb, size_t thumb_len, int64_t w, int64_t h, const char *now, int64_t *id,
			 struct ms_error *e);
/* Remove the photos no demand took that were uploaded before `before` (a time); *n how many. */
int ms_dsql_photo_unused(struct ms_db *db, const char *before, int64_t *n, struct ms_error *e);
/* The id of the unused photo whose token hashes to hash (MS_ERR_NOT_FOUND when none). */
int ms_dsql_photo_find(struct ms_db *db, const char *hash, int64_t *id, struct ms_error *e);
int ms_dsql_photo_data(struct ms_db *db, int64_t demand_id, char **data, size_t *len, struct ms_error *e);
int ms_dsql_by_hash(struct ms_db *db, const char *hash, json_t **out, struct ms_error *e);
int ms_dsql_public_steps(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_dsql_get(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_dsql_steps(struct ms_db *db, int64_t id, json_t **out, struct ms_error *e);
int ms_dsql_list(struct ms_db *db, int64_t congress_id, int64_t deputy_id, const char *status,
		 const struct ms_page *pg, json_t **out, struct ms_error *e);
/* Set status to `to` whatever it was. */
int ms_dsql_move(struct ms_db *db, int64_t id, const char *to, struct ms_error *e);
/* The demand to congress to, if new or office (else MS_ERR_NOT_FOUND: it changed meanwhile). */
int ms_dsql_refer(struct ms_db *db, int64_t id, int64_t to, struct ms_error *e);
/* Whether the demand is a source of a candidate. */
int ms_dsql_is_source(struct ms_db *db, int64_t id, bool *out, struct ms_error *e);
/* Take the demand out of congress_id's clusters: [{"cluster_id"}] of those it left. */
int ms_dsql_uncluster(struct ms_db *db, int64_t id, int64_t congress_id, json_t **clusters, struct ms_error *e);
/* Set status from `from` to `to`; *done false when it was not `from`. */
int ms_dsql_set_status(struct ms_db *db, int64_t id, const char *from, const char *to, bool *done, struct ms_error *e);

#endif
