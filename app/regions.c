/* Regions: the administrative divisions a client builds its pickers from,
 * and the lookup behind the region codes of listings. */
#include <string.h>

#include "app.h"
#include "qsz/handlers.h"
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

/* ---- /regions ------------------------------------------------------- */

enum { R_PARENT, R_HOT, R__MAX };

const struct pspec h_regions_list_params[] = {
        /* GB/T 2260 codes are six digits. */
        [R_PARENT] = PARAM_INT("parent_code", PF_EMPTY, 100000, 999999),
        [R_HOT] = PARAM_OF("hot", PT_BOOL, PF_EMPTY),
        [R__MAX] = PARAM_END,
};

/* Reference data: it changes only with a migration. */
#define REGIONS_CACHE "public, max-age=86400"

enum status
h_regions_list(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	struct db_val arg = DB_NULLV;
	struct db_res *rows = NULL;
	unsigned q = Q_REGION_TOP;
	size_t i, nargs = 0;
	cJSON *list, *o;
	int rc;

	if (p[R_HOT].set && p[R_HOT].i) {
		if (p[R_PARENT].set)
			return resp_fail(res, ST_PARAM,
			                 "hot: give either hot=1 or "
			                 "parent_code, not both");
		q = Q_REGION_HOT;
	} else if (p[R_PARENT].set) {
		q = Q_REGION_CHILDREN;
		arg = DB_INT(p[R_PARENT].i);
		nargs = 1;
	}
	rc = db_exec(app.db, q, &arg, nargs, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "regions");
	/* Q_REGION_CHILDREN: no row for an unknown parent, one row of NULLs
	 * for a region without children. */
	if (q == Q_REGION_CHILDREN && rows->nrows == 0) {
		db_res_free(rows);
		return resp_fail(res, ST_NOT_FOUND, "region %lld not found",
		                 p[R_PARENT].i);
	}
	list = cJSON_CreateArray();
	for (i = 0; i < rows->nrows; i++) {
		if (db_cell(rows, i, 0)->t == DBT_NULL)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "code",
		                        (double)db_int(rows, i, 0, 0));
		cJSON_AddStringToObject(o, "name", db_str(rows, i, 1));
		if (db_cell(rows, i, 2)->t == DBT_NULL)
			cJSON_AddNullToObject(o, "parent_code");
		else
			cJSON_AddNumberToObject(o, "parent_code",
			                        (double)db_int(rows, i, 2, 0));
		cJSON_AddItemToArray(list, o);
	}
	db_res_free(rows);
	resp_ans(res, list);
	res->cache = REGIONS_CACHE;
	return ST_OK;
}
