/* auth_internal.h — shared inside src/auth/: the SQL of accounts and sessions. */
#ifndef MS_AUTH_INTERNAL_H
#define MS_AUTH_INTERNAL_H

#include "auth.h"

int ms_auth_sql_user_insert(struct ms_db *db, const struct ms_user *u, const char *now, int64_t *id,
			    struct ms_error *e);
int ms_auth_sql_role_add(struct ms_db *db, int64_t user_id, const char *role, struct ms_error *e);
/* Write a's name, congress and unit, and remove every role (the caller
 * adds them again). */
int ms_auth_sql_user_update(struct ms_db *db, const struct ms_actor *a, struct ms_error *e);
/* No password from now on (pw_hash ""). */
int ms_auth_sql_user_deactivate(struct ms_db *db, int64_t id, struct ms_error *e);

int ms_auth_sql_session_create(struct ms_db *db, const unsigned char token_hash[32], int64_t user_id,
			       const char *csrf, int64_t expires_at, struct ms_error *e);
int ms_auth_sql_session_get(struct ms_db *db, const unsigned char token_hash[32], struct ms_user *user,
			    char csrf[65], struct ms_error *e);
int ms_auth_sql_session_delete_user(struct ms_db *db, int64_t user_id, const unsigned char keep[32],
				    struct ms_error *e);
int ms_auth_sql_activation_set(struct ms_db *db, int64_t user_id, const unsigned char code_hash[32],
			       int64_t expires_at, const char *now, struct ms_error *e);
/* The expiry of login's code of that hash; MS_ERR_NOT_FOUND when none. */
int ms_auth_sql_activation_find(struct ms_db *db, const char *login, const unsigned char code_hash[32],
				int64_t *expires_at, struct ms_error *e);
int ms_auth_sql_activation_delete(struct ms_db *db, int64_t user_id, struct ms_error *e);
int ms_auth_sql_session_delete(struct ms_db *db, const unsigned char token_hash[32], struct ms_error *e);

/* The failed-login counters (throttle_sql.c): subject's count and the
 * start of its window (0, 0 when none); one more failure (a window that
 * began at or before expired starts again at now); clear one; drop every
 * count whose window began at or before expired. */
int ms_auth_sql_failures_get(struct ms_db *db, const char *subject, int64_t *failures, int64_t *window_start,
			     struct ms_error *e);
int ms_auth_sql_failure_add(struct ms_db *db, const char *subject, int64_t now, int64_t expired,
			    struct ms_error *e);
int ms_auth_sql_failures_clear(struct ms_db *db, const char *subject, struct ms_error *e);
int ms_auth_sql_failures_purge(struct ms_db *db, int64_t expired, struct ms_error *e);

/* A new session for u: token (hex, 65 bytes) and CSRF token (65 bytes);
 * writes the session and the audit entry. */
int ms_session_start(struct ms_db *db, const struct ms_user *u, char token[65], char csrf[65], struct ms_error *e);
/* End the session of token_hash (audit entry for who). */
int ms_session_end(struct ms_db *db, const struct ms_actor *who, const unsigned char token_hash[32],
		   struct ms_error *e);

/* The answers of session_http.c that account_http.c shares. */
extern const struct ms_view ms_me_view, ms_ok_view;

#endif
