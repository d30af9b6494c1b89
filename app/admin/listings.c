/* Listings pulled off by administrators (issue 13, 1: "listings reported
 * or flagged can be pulled off with a reason"): one listing's essentials
 * and its pull-offs, and the pull-off itself, through the listings' own
 * status machine (houses.c), so the owner's QSZ /my_house_list shows it
 * pulled off (status 2) and the directory, iHome and QSZ's search stop
 * showing it, as after the owner's /pulloff_house. */
#include <stdint.h>

#include <cJSON.h>

#include "admin/handlers.h"
#include "houses.h"

static const char *const status_word[] = {
        [HS_DRAFT] = "draft",
        [HS_RELEASED] = "released",
        [HS_PULLED_OFF] = "pulled_off",
        [HS_DELETED] = "deleted",
};

static const char *
word(long long s)
{
	return s >= HS_DRAFT && s <= HS_DELETED ? status_word[s] : "unknown";
}

static cJSON *
str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

enum { L_ID, L_REASON };
#define LISTING_ID PARAM_INT("id", PF_PATH | PF_REQUIRED, 1, INT64_MAX)

const struct pspec h_admin_listing_params[] = {[L_ID] = LISTING_ID, PARAM_END};

/* GET /admin/api/listings/{id}: {"id", "owner_id", "title", "status",
 * "status_text", "pulloffs": [{"admin_id", "reason", "at"}]}. */
enum status
h_admin_listing(struct req *r, struct resp *res)
{
	long long id = r->p[L_ID].i, s;
	struct db_res *row = NULL, *hist = NULL;
	cJSON *o, *arr;
	enum status st;
	size_t i;

	if ((st = houses_admin_get(id, &row, &hist)) == ST_NOT_FOUND)
		return resp_fail(res, st, "no listing %lld", id);
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)db_int(row, 0, HG_ID, 0));
	cJSON_AddNumberToObject(o, "owner_id",
	                        (double)db_int(row, 0, HG_OWNER, 0));
	cJSON_AddItemToObject(o, "title",
	                      str_or_null(db_str(row, 0, HG_TITLE)));
	s = db_int(row, 0, HG_STATUS, -1);
	cJSON_AddNumberToObject(o, "status", (double)s);
	cJSON_AddStringToObject(o, "status_text", word(s));
	arr = cJSON_AddArrayToObject(o, "pulloffs");
	for (i = 0; i < hist->nrows; i++) {
		cJSON *d = cJSON_CreateObject();

		if (db_cell(hist, i, HP_ADMIN)->t == DBT_NULL)
			cJSON_AddNullToObject(d, "admin_id");
		else
			cJSON_AddNumberToObject(
			        d, "admin_id",
			        (double)db_int(hist, i, HP_ADMIN, 0));
		cJSON_AddItemToObject(d, "reason",
		                      str_or_null(db_str(hist, i, HP_REASON)));
		cJSON_AddItemToObject(d, "at",
		                      str_or_null(db_str(hist, i, HP_AT)));
		cJSON_AddItemToArray(arr, d);
	}
	db_res_free(row);
	db_res_free(hist);
	resp_ans(res, o);
	return ST_OK;
}

const struct pspec h_admin_pulloff_params[] = {
        [L_ID] = LISTING_ID,
        [L_REASON] = PARAM_TEXT("reason", PF_REQUIRED, 1, 200, NULL),
        PARAM_END,
};

/* POST /admin/api/listings/{id}/pulloff, reason (1-200 characters, a form
 * field): a released listing pulled off, the decision recorded. */
enum status
h_admin_pulloff(struct req *r, struct resp *res)
{
	long long id = r->p[L_ID].i, now;
	enum status st;
	cJSON *o;

	st = houses_admin_pulloff(r->uid, id, r->p[L_REASON].s,
	                          r->p[L_REASON].n, &now);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "no listing %lld", id);
	if (st == ST_CONFLICT)
		return resp_fail(res, st,
		                 "listing %lld is %s; only a released "
		                 "listing can be pulled off",
		                 id, word(now));
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)id);
	cJSON_AddNumberToObject(o, "status", HS_PULLED_OFF);
	cJSON_AddStringToObject(o, "status_text", word(HS_PULLED_OFF));
	resp_ans(res, o);
	return ST_OK;
}
