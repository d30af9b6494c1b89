/* Regions: the administrative divisions a client builds its pickers from,
 * and the lookup behind the region codes of listings (migration 0002). */
#include <string.h>

#include "app.h"
#include "regions.h"
#include "schema.h"

enum status
regions_chain(struct arena *a, long long code, struct region_chain *c)
{
	struct db_val arg = DB_INT(code);
	struct db_res *rows = NULL;
	int rc, lv, col;

	memset(c, 0, sizeof(*c));
	rc = db_exec(app.db, Q_REGION_CHAIN, &arg, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "region lookup");
	lv = rows->nrows == 1 ? (int)db_int(rows, 0, 0, 0) : 0;
	if (lv >= REGION_PROVINCE && lv <= REGION_COUNTY) {
		/* level, then (code, name) of the region, its parent and its
		 * grandparent. */
		c->level = lv;
		for (col = 1; lv >= REGION_PROVINCE; lv--, col += 2) {
			const char *name = db_str(rows, 0, (size_t)col + 1);

			c->code[lv] = db_int(rows, 0, (size_t)col, 0);
			c->name[lv] = name ? arena_strdup(a, name) : NULL;
		}
	}
	db_res_free(rows);
	return ST_OK;
}

static enum status
list(unsigned q, const struct db_val *arg, size_t nargs, struct db_res **rows)
{
	int rc = db_exec(app.db, q, arg, nargs, rows, NULL, NULL);

	return rc == DB_OK ? ST_OK : app_db_status(rc, "regions");
}

enum status
regions_top(struct db_res **rows)
{
	return list(Q_REGION_TOP, NULL, 0, rows);
}

enum status
regions_hot(struct db_res **rows)
{
	return list(Q_REGION_HOT, NULL, 0, rows);
}

enum status
regions_detail(long long code, struct db_res **rows)
{
	struct db_val arg = DB_INT(code);
	enum status st = list(Q_REGION_DETAIL, &arg, 1, rows);

	if (st == ST_OK && (*rows)->nrows == 0) {
		db_res_free(*rows);
		*rows = NULL;
		return ST_NOT_FOUND;
	}
	return st;
}

enum status
regions_children(long long parent, struct db_res **rows)
{
	struct db_val arg = DB_INT(parent);
	enum status st = list(Q_REGION_CHILDREN, &arg, 1, rows);

	/* No row for an unknown parent, one row of NULLs for a region
	 * without children. */
	if (st == ST_OK && (*rows)->nrows == 0) {
		db_res_free(*rows);
		*rows = NULL;
		return ST_NOT_FOUND;
	}
	return st;
}

enum status
regions_named(long long parent, const char *name, size_t n, long long *code)
{
	struct db_val a[2] = {DB_INT(parent), DB_TEXT(name, n)};
	struct db_res *rows = NULL;
	int rc;

	*code = 0;
	rc = parent == 0 ? db_exec(app.db, Q_RENT_REGION_TOP_NAMED, a + 1, 1,
	                           &rows, NULL, NULL)
	                 : db_exec(app.db, Q_RENT_REGION_CHILD_NAMED, a, 2,
	                           &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "region by name");
	if (rows->nrows == 1)
		*code = db_int(rows, 0, 0, 0);
	db_res_free(rows);
	return ST_OK;
}
