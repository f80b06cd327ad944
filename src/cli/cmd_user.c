/* cmd_user.c — `minsheng user add`: an account through the same rules as
 * POST /users, by the system (the powers of an administrator). */
#include <string.h>

#include "../auth/auth.h"
#include "../org/org.h"
#include "cli.h"

static int add_role(const char *value, void *dest)
{
	int k = ms_names_find(&ms_role_names, value);
	if (k < 0) {
		fprintf(stderr, "minsheng: unknown role '%s' (admin, clerk, deputy or unit)\n", value);
		return 2;
	}
	*(unsigned *)dest |= 1u << k;
	return 0;
}

int ms_cmd_user(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng user add --login LOGIN --password PASS --name NAME --role ROLE [--role ROLE]\n"
		"                         [--congress ID] [--unit ID] [--db DB]\n"
		"Add a user. ROLE is admin, clerk, deputy or unit; clerks, deputies and unit officers\n"
		"belong to a congress (--congress), unit officers to a unit (--unit). The same rules as\n"
		"the API's POST /users refuse what it refuses, with the same messages.\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB);
	struct ms_account_in in = {0};
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL},
				      {"login", MS_OPT_STR, &in.login, NULL},
				      {"password", MS_OPT_STR, &in.password, NULL},
				      {"name", MS_OPT_STR, &in.name, NULL},
				      {"role", MS_OPT_EACH, &in.roles, add_role},
				      {"congress", MS_OPT_INT, &in.congress_id, NULL},
				      {"unit", MS_OPT_INT, &in.unit_id, NULL},
				      {0}};
	const char *pos[1];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, help, pos, 1, &n_pos);
	if (rc >= 0)
		return rc;
	if (n_pos != 1 || strcmp(pos[0], "add") != 0 || !in.login || !in.password || !in.name)
		return fputs(help, stderr), 2;
	struct ms_store *st;
	if (ms_cli_open(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	struct ms_user u;
	rc = ms_member_add(st, &ms_actor_system, &in, ms_cli_pwhash_cost(), &u, &e);
	ms_store_close(st);
	if (rc)
		return ms_cli_fail(&e);
	printf("minsheng: user %s created with id %lld\n", u.a.login, (long long)u.a.id);
	return 0;
}
