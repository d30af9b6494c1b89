/* Districts and hot cities (directory.md 5): the GB/T 2260 region table,
 * cacheable by clients for a day with a strong ETag. */
#include "directory/directory.h"
#include "directory/handlers.h"
#include "regions.h"

#define REGIONS_CACHE "public, max-age=86400"

/* [{"distid", "name"}] of rows of code, name[, parent]. */
static cJSON *
region_list(const struct db_res *rows, size_t ccode, size_t cname)
{
	cJSON *a = cJSON_CreateArray(), *o;
	size_t i;

	for (i = 0; i < rows->nrows; i++) {
		if (db_cell(rows, i, ccode)->t == DBT_NULL)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "distid",
		                        (double)db_int(rows, i, ccode, 0));
		cJSON_AddStringToObject(o, "name", db_str(rows, i, cname));
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static enum status
answer_list(struct req *r, struct resp *res,
            enum status (*get)(struct db_res **))
{
	struct db_res *rows = NULL;
	enum status st = get(&rows);
	cJSON *a;

	if (st != ST_OK)
		return st;
	a = region_list(rows, REGION_COL_CODE, REGION_COL_NAME);
	db_res_free(rows);
	return dir_answer_cached(r, res, a, REGIONS_CACHE);
}

const struct pspec h_dir_districts_params[] = {PARAM_END};

enum status
h_dir_districts(struct req *r, struct resp *res)
{
	return answer_list(r, res, regions_top);
}

const struct pspec h_dir_hotcities_params[] = {PARAM_END};

enum status
h_dir_hotcities(struct req *r, struct resp *res)
{
	return answer_list(r, res, regions_hot);
}

enum { P_DISTID };
const struct pspec h_dir_district_params[] = {
        PARAM_INT("distid", PF_REQUIRED | PF_PATH, 1, 999999),
        PARAM_END,
};

enum status
h_dir_district(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	enum status st = regions_detail(r->p[P_DISTID].i, &rows);
	const char *intro;
	cJSON *o;

	if (st != ST_OK)
		return st;
	intro = db_str(rows, 0, REGION_D_INTRO);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "distid", (double)r->p[P_DISTID].i);
	cJSON_AddStringToObject(o, "name", db_str(rows, 0, REGION_D_NAME));
	cJSON_AddStringToObject(o, "intro", intro != NULL ? intro : "");
	cJSON_AddItemToObject(
	        o, "cities",
	        region_list(rows, REGION_D_CHILD, REGION_D_CHILD_NAME));
	db_res_free(rows);
	return dir_answer_cached(r, res, o, REGIONS_CACHE);
}
