/*
 * test_statements.c — every SQL statement of the program (ms_app_stmts:
 * each x_sql.c file's registry) is prepared on SQLite and on PostgreSQL,
 * against the schema the migrations make, so a statement that one engine
 * does not accept fails here rather than in production. Then a check that
 * each registry lists every statement its file defines (a statement
 * missing from its registry would escape this test).
 *
 * TAP, one test point per statement and engine. PostgreSQL comes from
 * MINSHENG_TEST_PG (tests/store/with-pg.sh starts a throwaway server); its
 * points are a failure when that is missing, so the test cannot pass by
 * skipping. argv[1]: the source root, for reading the x_sql.c files.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/query.h"

static int n_test, n_fail;

static void point(bool ok, const char *fmt, const char *a, const char *b)
{
	n_test++;
	if (!ok)
		n_fail++;
	printf("%s %d - ", ok ? "ok" : "not ok", n_test);
	printf(fmt, a, b);
	putchar('\n');
}

/* Prepare every statement on the database db (a --db string). */
static void prepare_all(const char *engine, const char *db)
{
	struct ms_store *st = NULL;
	struct ms_db *d = NULL;
	struct ms_error e = {0};
	int rc = db ? ms_store_open(db, 1, &st, &e) : MS_ERR_IO;
	if (!rc)
		rc = ms_store_acquire(st, &d, &e);
	for (const struct ms_stmt *const *const *l = ms_app_stmts; *l; l++)
		for (const struct ms_stmt *const *s = *l; *s; s++) {
			const struct ms_stmt *const one[] = {*s, NULL};
			const struct ms_stmt *const *const lists[] = {one, NULL};
			const struct ms_stmt *failed = NULL;
			struct ms_error pe = {0};
			int prc = rc ? rc : ms_q_prepare_all(d, lists, &failed, &pe);
			point(prc == 0, "%s: %s", engine, (*s)->name);
			if (prc)
				printf("# %s\n", rc ? (db ? e.message : "MINSHENG_TEST_PG is not set") : pe.message);
		}
	if (d)
		ms_store_release(st, d);
	ms_store_close(st);
}

/* Whether the statement named name is in a registry. */
static bool registered(const char *name)
{
	for (const struct ms_stmt *const *const *l = ms_app_stmts; *l; l++)
		for (const struct ms_stmt *const *s = *l; *s; s++)
			if (strcmp((*s)->name, name) == 0)
				return true;
	return false;
}

/* Every MS_STMT*("name", …) of the _sql.c files (and copy.c, store.c) is registered. */
static void check_registries(const char *root)
{
	static const char *const dirs[] = {"store", "audit", "auth", "org", "cycle", "vote"};
	char path[1024];
	for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
		snprintf(path, sizeof path, "%s/src/%s", root, dirs[k]);
		DIR *dir = opendir(path);
		point(dir != NULL, "the folder %s/%s can be read", root, dirs[k]);
		struct dirent *ent;
		while (dir && (ent = readdir(dir))) {
			size_t n = strlen(ent->d_name);
			if (n < 3 || strcmp(ent->d_name + n - 2, ".c") != 0)
				continue;
			snprintf(path, sizeof path, "%s/src/%s/%s", root, dirs[k], ent->d_name);
			FILE *f = fopen(path, "r");
			char line[4096];
			while (f && fgets(line, sizeof line, f)) {
				char *m = strstr(line, "MS_STMT");
				if (!m || strstr(line, "#define"))
					continue;
				char *q = strchr(m, '"');
				char *end = q ? strchr(q + 1, '"') : NULL;
				if (!end)
					continue;
				*end = 0;
				point(registered(q + 1), "the statement %s of %s is registered", q + 1, ent->d_name);
			}
			if (f)
				fclose(f);
		}
		if (dir)
			closedir(dir);
	}
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/minsheng-stmts.XXXXXX", db[64];
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot make a temporary directory\n");
		return 1;
	}
	snprintf(db, sizeof db, "%s/t.db", dir);
	prepare_all("sqlite", db);
	const char *pg = getenv("MINSHENG_TEST_PG");
	prepare_all("postgresql", pg && *pg ? pg : NULL);
	if (argc > 1)
		check_registries(argv[1]);
	printf("1..%d\n", n_test);
	char wal[80];
	unlink(db);
	snprintf(wal, sizeof wal, "%s-wal", db);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", db);
	unlink(wal);
	rmdir(dir);
	return n_fail ? 1 : 0;
}
