/* Roles and privileges (directory.md 4). */
#include <string.h>

#include "app.h"
#include "privileges.h"
#include "schema.h"

int
privileges_match(const char *pmethod, const char *prefix, const char *method,
                 const char *path)
{
	size_t pl = strlen(prefix), n = strlen(path);

	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	if (strcmp(pmethod, method) != 0 || pl == 0)
		return 0;
	if (n >= pl)
		return memcmp(path, prefix, pl) == 0;
	/* The path with its '/' appended: "/api/tags" is under
	 * "/api/tags/". */
	return n > 0 && path[n - 1] != '/' && n + 1 == pl &&
	       memcmp(path, prefix, n) == 0 && prefix[n] == '/';
}

enum status
privileges_allow(long long uid, int admin, const char *method,
                 const char *path, int *allowed)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	struct db_val a[5] = {DB_STR(m),   DB_INT(uid != 0), DB_INT(admin != 0),
	                      DB_INT(uid), DB_INT(uid)};
	struct db_res *rows = NULL;
	size_t i;
	int rc;

	*allowed = 0;
	rc = db_exec(app.db, Q_PRIV_FOR, a, 5, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "privileges");
	for (i = 0; i < rows->nrows && !*allowed; i++) {
		const char *pm = db_str(rows, i, 0), *pre = db_str(rows, i, 1);

		*allowed = pm != NULL && pre != NULL &&
		           privileges_match(pm, pre, method, path);
	}
	db_res_free(rows);
	return ST_OK;
}

enum status
privileges_has_role(long long uid, int role, int *yes)
{
	struct db_val a[5] = {DB_INT(uid), DB_INT(role), DB_INT(uid),
	                      DB_INT(role), DB_INT(role)};
	struct db_res *rows = NULL;
	int rc;

	*yes = 0;
	rc = db_exec(app.db, Q_PRIV_HAS_ROLE, a, 5, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "roles");
	*yes = rows->nrows == 1 && db_int(rows, 0, 0, 0) != 0;
	db_res_free(rows);
	return ST_OK;
}

enum status
privileges_grant(long long uid, int role)
{
	struct db_val a[2] = {DB_INT(uid), DB_INT(role)};
	int rc = db_exec(app.db, Q_ROLE_GRANT, a, 2, NULL, NULL, NULL);

	return rc == DB_OK ? ST_OK : app_db_status(rc, "role grant");
}

int
privileges_role(const char *name)
{
	static const char *const names[] = {"anonymous", "user", "landlord",
	                                    "agent", "admin"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i + 1;
	return 0;
}
