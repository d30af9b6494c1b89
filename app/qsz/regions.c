/* QSZ's /regions (qsz.md): the administrative divisions a client builds
 * its pickers from. */
#include "app.h"
#include "qsz/handlers.h"
#include "regions.h"

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
	struct db_res *rows = NULL;
	enum status st;
	size_t i;
	cJSON *list, *o;

	if (p[R_HOT].set && p[R_HOT].i) {
		if (p[R_PARENT].set)
			return resp_fail(res, ST_PARAM,
			                 "hot: give either hot=1 or "
			                 "parent_code, not both");
		st = regions_hot(&rows);
	} else if (p[R_PARENT].set) {
		st = regions_children(p[R_PARENT].i, &rows);
		if (st == ST_NOT_FOUND)
			return resp_fail(res, ST_NOT_FOUND,
			                 "region %lld not found",
			                 p[R_PARENT].i);
	} else {
		st = regions_top(&rows);
	}
	if (st != ST_OK)
		return st;
	list = cJSON_CreateArray();
	for (i = 0; i < rows->nrows; i++) {
		if (db_cell(rows, i, REGION_COL_CODE)->t == DBT_NULL)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(
		        o, "code", (double)db_int(rows, i, REGION_COL_CODE, 0));
		cJSON_AddStringToObject(o, "name",
		                        db_str(rows, i, REGION_COL_NAME));
		if (db_cell(rows, i, REGION_COL_PARENT)->t == DBT_NULL)
			cJSON_AddNullToObject(o, "parent_code");
		else
			cJSON_AddNumberToObject(
			        o, "parent_code",
			        (double)db_int(rows, i, REGION_COL_PARENT, 0));
		cJSON_AddItemToArray(list, o);
	}
	db_res_free(rows);
	resp_ans(res, list);
	res->cache = REGIONS_CACHE;
	return ST_OK;
}
