/* Listings reported by users and pulled off by administrators (issue 13,
 * 1: "listings reported or flagged can be pulled off with a reason"): the
 * queue of reported listings, one listing's essentials with its reports
 * and pull-offs, the pull-off itself through the listings' own status
 * machine (houses.c), so the owner's QSZ /my_house_list shows it pulled
 * off (status 2) with the reason and the directory, iHome and QSZ's
 * search stop showing it, and dismissing a listing's reports. */
#include <stdint.h>

#include <cJSON.h>

#include "admin/handlers.h"
#include "houses.h"
#include "reports.h"

static const char *const report_word[] = {
        [REPORT_OPEN] = "open",
        [REPORT_PULLED_OFF] = "pulled_off",
        [REPORT_DISMISSED] = "dismissed",
};

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

static cJSON *
int_or_null(const struct db_res *rows, size_t i, size_t col)
{
	if (db_cell(rows, i, col)->t == DBT_NULL)
		return cJSON_CreateNull();
	return cJSON_CreateNumber((double)db_int(rows, i, col, 0));
}

/* A listing's reports as the listing view shows them. */
static cJSON *
reports_array(const struct db_res *rows)
{
	cJSON *arr = cJSON_CreateArray();
	long long s;
	size_t i;

	for (i = 0; i < rows->nrows; i++) {
		cJSON *d = cJSON_CreateObject();

		cJSON_AddNumberToObject(d, "id",
		                        (double)db_int(rows, i, RR_ID, 0));
		cJSON_AddNumberToObject(d, "reporter_id",
		                        (double)db_int(rows, i, RR_REPORTER, 0));
		cJSON_AddItemToObject(d, "reason",
		                      str_or_null(db_str(rows, i, RR_REASON)));
		s = db_int(rows, i, RR_STATE, 0);
		cJSON_AddStringToObject(d, "state",
		                        s >= REPORT_OPEN && s <= REPORT_DISMISSED
		                                ? report_word[s]
		                                : "unknown");
		cJSON_AddItemToObject(d, "resolved_by",
		                      int_or_null(rows, i, RR_ADMIN));
		cJSON_AddItemToObject(d, "at",
		                      str_or_null(db_str(rows, i, RR_AT)));
		cJSON_AddItemToObject(d, "resolved_at",
		                      str_or_null(db_str(rows, i, RR_RESOLVED)));
		cJSON_AddItemToArray(arr, d);
	}
	return arr;
}

enum { RQ_PAGE_P, RQ_SIZE_P };
const struct pspec h_admin_reports_params[] = {
        ADMIN_PAGE_PARAMS,
        PARAM_END,
};

/* GET /admin/api/reports?page=&size=: the listings with open reports,
 * the oldest report first: {"total", "page", "size", "items": [{"id",
 * "title", "owner_id", "status", "status_text", "open_reports", "since",
 * "last_reason"}]}. */
enum status
h_admin_reports(struct req *r, struct resp *res)
{
	long long page = ADMIN_PAGE(r, RQ_PAGE_P);
	long long size = ADMIN_SIZE(r, RQ_SIZE_P), total = 0, s;
	struct db_res *rows = NULL;
	cJSON *o, *items;
	enum status st;
	size_t i;

	if ((st = reports_queue((page - 1) * size, size, &total, &rows)) !=
	    ST_OK)
		return st;
	o = admin_page(total, page, size, &items);
	for (i = 0; i < rows->nrows; i++) {
		cJSON *it = cJSON_CreateObject();

		cJSON_AddNumberToObject(it, "id",
		                        (double)db_int(rows, i, RQ_HOUSE, 0));
		cJSON_AddItemToObject(it, "title",
		                      str_or_null(db_str(rows, i, RQ_TITLE)));
		cJSON_AddNumberToObject(it, "owner_id",
		                        (double)db_int(rows, i, RQ_OWNER, 0));
		s = db_int(rows, i, RQ_STATUS, -1);
		cJSON_AddNumberToObject(it, "status", (double)s);
		cJSON_AddStringToObject(it, "status_text", word(s));
		cJSON_AddNumberToObject(it, "open_reports",
		                        (double)db_int(rows, i, RQ_OPEN, 0));
		cJSON_AddItemToObject(it, "since",
		                      str_or_null(db_str(rows, i, RQ_FIRST)));
		cJSON_AddItemToObject(it, "last_reason",
		                      str_or_null(db_str(rows, i, RQ_REASON)));
		cJSON_AddItemToArray(items, it);
	}
	db_res_free(rows);
	resp_ans(res, o);
	return ST_OK;
}

enum { L_ID, L_REASON };
#define LISTING_ID PARAM_INT("id", PF_PATH | PF_REQUIRED, 1, INT64_MAX)

const struct pspec h_admin_listing_params[] = {[L_ID] = LISTING_ID, PARAM_END};

/* GET /admin/api/listings/{id}: {"id", "owner_id", "title", "status",
 * "status_text", "pulloff_reason", "pulloffs": [{"admin_id", "reason",
 * "at"}], "reports": [{"id", "reporter_id", "reason", "state",
 * "resolved_by", "at", "resolved_at"}]}. */
enum status
h_admin_listing(struct req *r, struct resp *res)
{
	long long id = r->p[L_ID].i, s;
	struct db_res *row = NULL, *hist = NULL, *reps = NULL;
	cJSON *o, *arr;
	enum status st;
	size_t i;

	if ((st = houses_admin_get(id, &row, &hist)) == ST_NOT_FOUND)
		return resp_fail(res, st, "no listing %lld", id);
	if (st != ST_OK)
		return st;
	if ((st = reports_of(id, &reps)) != ST_OK) {
		db_res_free(row);
		db_res_free(hist);
		return st;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)db_int(row, 0, HG_ID, 0));
	cJSON_AddNumberToObject(o, "owner_id",
	                        (double)db_int(row, 0, HG_OWNER, 0));
	cJSON_AddItemToObject(o, "title",
	                      str_or_null(db_str(row, 0, HG_TITLE)));
	s = db_int(row, 0, HG_STATUS, -1);
	cJSON_AddNumberToObject(o, "status", (double)s);
	cJSON_AddStringToObject(o, "status_text", word(s));
	cJSON_AddItemToObject(o, "pulloff_reason",
	                      str_or_null(db_str(row, 0, HG_PULLOFF_REASON)));
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
	cJSON_AddItemToObject(o, "reports", reports_array(reps));
	db_res_free(row);
	db_res_free(hist);
	db_res_free(reps);
	resp_ans(res, o);
	return ST_OK;
}

const struct pspec h_admin_pulloff_params[] = {
        [L_ID] = LISTING_ID,
        [L_REASON] = PARAM_TEXT("reason", PF_REQUIRED, 1, 200, NULL),
        PARAM_END,
};

/* POST /admin/api/listings/{id}/pulloff, reason (1-200 characters, a form
 * field): a released listing pulled off, the decision recorded, its open
 * reports resolved by it. */
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

const struct pspec h_admin_dismiss_params[] = {[L_ID] = LISTING_ID, PARAM_END};

/* POST /admin/api/listings/{id}/dismiss: the listing's open reports
 * dismissed (the listing stays as it is): {"id", "dismissed": n}. */
enum status
h_admin_dismiss(struct req *r, struct resp *res)
{
	long long id = r->p[L_ID].i, n = 0;
	enum status st;
	cJSON *o;

	st = reports_dismiss(r->uid, id, &n);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "no listing %lld", id);
	if (st == ST_CONFLICT)
		return resp_fail(res, st, "listing %lld has no open report",
		                 id);
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)id);
	cJSON_AddNumberToObject(o, "dismissed", (double)n);
	resp_ans(res, o);
	return ST_OK;
}
