/* Districts and hot cities (directory.md 5): the GB/T 2260 region table,
 * cacheable by clients for a day with a strong ETag.
 *
 * The region table is reference data: migrations load it before the
 * workers start, and the service never writes it.  So each worker keeps
 * the answers it rendered (at most one per region, a few KB each) for its
 * life; a migration that changes regions is followed by a restart of the
 * workers, as scripts/run and the systemd units do. */
#include <stdlib.h>
#include <string.h>

#include "directory/directory.h"
#include "directory/handlers.h"
#include "regions.h"

#define REGIONS_CACHE "public, max-age=86400"

/* Rendered answers by key: a region code, or KEY_TOP / KEY_HOT. */
#define KEY_TOP   1
#define KEY_HOT   2
#define CACHE_MAX 4096 /* more than the table's 3,227 regions */

static struct answer {
	long long key;
	char *body;
	size_t n;
	char etag[DIR_ETAG_LEN];
} cache[CACHE_MAX];

static struct answer *
slot(long long key)
{
	size_t i = (size_t)key * 2654435761u % CACHE_MAX, k;

	for (k = 0; k < CACHE_MAX; k++, i = (i + 1) % CACHE_MAX)
		if (cache[i].key == key || cache[i].key == 0)
			return &cache[i];
	return NULL;
}

/* Answer from the cache, or render ans (taken; NULL: look only) into it.
 * ST_NOT_FOUND when key is not there and ans is NULL. */
static enum status
cached(struct req *r, struct resp *res, long long key, cJSON *ans)
{
	struct answer *a = slot(key);
	char *s;

	if (a != NULL && a->key == key)
		return dir_answer_body(r, res, a->body, a->n, a->etag,
		                       REGIONS_CACHE);
	if (ans == NULL)
		return ST_NOT_FOUND;
	if (a == NULL)
		return dir_answer_cached(r, res, ans, REGIONS_CACHE);
	s = cJSON_PrintUnformatted(ans);
	cJSON_Delete(ans);
	if (s == NULL)
		return ST_INTERNAL;
	a->n = strlen(s);
	if ((a->body = malloc(a->n + 1)) == NULL) {
		cJSON_free(s);
		return ST_INTERNAL;
	}
	memcpy(a->body, s, a->n + 1);
	cJSON_free(s);
	dir_etag_of(a->body, a->n, a->etag);
	a->key = key;
	return dir_answer_body(r, res, a->body, a->n, a->etag, REGIONS_CACHE);
}

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
answer_list(struct req *r, struct resp *res, long long key,
            enum status (*get)(struct db_res **))
{
	struct db_res *rows = NULL;
	enum status st;
	cJSON *a;

	if (cached(r, res, key, NULL) == ST_OK)
		return ST_OK;
	if ((st = get(&rows)) != ST_OK)
		return st;
	a = region_list(rows, REGION_COL_CODE, REGION_COL_NAME);
	db_res_free(rows);
	return cached(r, res, key, a);
}

const struct pspec h_dir_districts_params[] = {PARAM_END};

enum status
h_dir_districts(struct req *r, struct resp *res)
{
	return answer_list(r, res, KEY_TOP, regions_top);
}

const struct pspec h_dir_hotcities_params[] = {PARAM_END};

enum status
h_dir_hotcities(struct req *r, struct resp *res)
{
	return answer_list(r, res, KEY_HOT, regions_hot);
}

enum { P_DISTID };
const struct pspec h_dir_district_params[] = {
        PARAM_INT("distid", PF_REQUIRED | PF_PATH, 1, 999999),
        PARAM_END,
};

enum status
h_dir_district(struct req *r, struct resp *res)
{
	long long code = r->p[P_DISTID].i;
	struct db_res *rows = NULL;
	const char *intro;
	enum status st;
	cJSON *o;

	/* Codes are 6 digits (>= 100000): no clash with KEY_TOP, KEY_HOT. */
	if (code < 100000)
		return ST_NOT_FOUND;
	if (cached(r, res, code, NULL) == ST_OK)
		return ST_OK;
	if ((st = regions_detail(code, &rows)) != ST_OK)
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
	return cached(r, res, code, o);
}
