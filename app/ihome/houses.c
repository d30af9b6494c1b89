/* iHome's house routes (ihome.md 5-6): areas, my houses, publishing,
 * images, detail, the index and the search, over app/stays.c. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "ident.h"
#include "ihome.h"
#include "ihome/handlers.h"
#include "media.h"
#include "stays.h"
#include "upload.h"

/* ---- rendering ------------------------------------------------------- */

/* The absolute URLs of a '\n'-separated list of relative paths. */
static cJSON *
photo_urls(struct req *r, const char *list)
{
	cJSON *arr = cJSON_CreateArray();
	const char *p, *end;

	for (p = list; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		if (end > p)
			cJSON_AddItemToArray(
			        arr,
			        cJSON_CreateString(app_media_url(
			                r->a,
			                arena_strndup(r->a, p,
			                              (size_t)(end - p)))));
	}
	return arr;
}

const char *
ihome_first_url(struct req *r, const char *list)
{
	size_t n;

	if (list == NULL || *list == '\0')
		return "";
	n = strcspn(list, "\n");
	return app_media_url(r->a, arena_strndup(r->a, list, n));
}

/* Text cell (row i, col), "" for NULL. */
static const char *
text(const struct db_res *rows, size_t i, size_t col)
{
	const char *v = db_str(rows, i, col);

	return v ? v : "";
}

/* A name shown to others: one that is still its person's mobile number is
 * masked (138****8888). */
const char *
ihome_shown_name(struct req *r, const char *name, const char *mobile, int self)
{
	char *m;

	if (self || name == NULL || mobile == NULL ||
	    strcmp(name, mobile) != 0 || strlen(name) != 11)
		return name ? name : "";
	m = arena_strdup(r->a, name);
	memset(m + 3, '*', 4);
	return m;
}

/* The basic house object (ihome.md 5) of row i. */
static cJSON *
basic_house(struct req *r, const struct db_res *rows, size_t i)
{
	cJSON *o = cJSON_CreateObject();
	const char *photos = db_str(rows, i, STAY_B_PHOTOS);

	cJSON_AddNumberToObject(o, "house_id",
	                        (double)db_int(rows, i, STAY_B_ID, 0));
	cJSON_AddStringToObject(o, "title", db_str(rows, i, STAY_B_TITLE));
	cJSON_AddNumberToObject(o, "price",
	                        (double)db_int(rows, i, STAY_B_PRICE, 0));
	cJSON_AddStringToObject(o, "area_name",
	                        db_str(rows, i, STAY_B_AREA_NAME));
	cJSON_AddStringToObject(o, "img_url", ihome_first_url(r, photos));
	cJSON_AddItemToObject(o, "img_urls", photo_urls(r, photos));
	cJSON_AddNumberToObject(o, "room_count",
	                        (double)db_int(rows, i, STAY_B_ROOMS, 0));
	cJSON_AddNumberToObject(o, "order_count",
	                        (double)db_int(rows, i, STAY_B_ORDERS, 0));
	cJSON_AddStringToObject(o, "address", db_str(rows, i, STAY_B_ADDRESS));
	cJSON_AddStringToObject(
	        o, "user_avatar",
	        app_media_url(r->a, db_str(rows, i, STAY_B_AVATAR)));
	cJSON_AddStringToObject(o, "ctime", db_str(rows, i, STAY_B_CTIME));
	return o;
}

/* ---- GET areas --------------------------------------------------------- */

const struct pspec h_ihome_areas_params[] = {PARAM_END};

enum status
h_ihome_areas(struct req *r, struct resp *res)
{
	const struct db_res *rows;
	const char *etag, *inm;
	enum status st;
	cJSON *arr, *o;
	size_t i;

	if ((st = stays_areas(&rows, &etag)) != ST_OK)
		return st;
	res->cache = "public, max-age=3600";
	resp_header(res, "ETag", "%s", etag);
	inm = req_env(r, "HTTP_IF_NONE_MATCH");
	if (inm != NULL &&
	    (strstr(inm, etag) != NULL || strcmp(inm, "*") == 0)) {
		res->http = 304;
		res->ctype = "application/json; charset=utf-8";
		return ST_OK;
	}
	arr = cJSON_CreateArray();
	for (i = 0; i < rows->nrows; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "aid",
		                        (double)db_int(rows, i, 0, 0));
		cJSON_AddStringToObject(o, "aname", db_str(rows, i, 1));
		cJSON_AddItemToArray(arr, o);
	}
	resp_ans(res, arr);
	return ST_OK;
}

/* ---- GET user/houses --------------------------------------------------- */

const struct pspec h_ihome_my_houses_params[] = {PARAM_END};

enum status
h_ihome_my_houses(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	enum status st;
	cJSON *arr, *o;
	size_t i;

	if ((st = stays_mine(r->uid, &rows)) != ST_OK)
		return st;
	arr = cJSON_CreateArray();
	for (i = 0; i < rows->nrows; i++)
		cJSON_AddItemToArray(arr, basic_house(r, rows, i));
	db_res_free(rows);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "houses", arr);
	resp_ans(res, o);
	return ST_OK;
}

/* ---- POST houses ------------------------------------------------------- */

static const struct js facility_item =
        JSD_INT("facility", JS_DIGITSTR, 1, STAY_FACILITIES);
static const struct js house_members[] = {
        JSD_TEXT("title", JS_REQUIRED, 1, 60, NULL),
        JSD_DEC("price", JS_REQUIRED, 2, 1, 10000000),
        JSD_DEC("deposit", JS_REQUIRED, 2, 0, 100000000),
        JSD_INT("area_id", JS_REQUIRED | JS_DIGITSTR, 1, 999999),
        JSD_TEXT("address", JS_REQUIRED, 1, 512, NULL),
        JSD_INT("room_count", JS_REQUIRED | JS_DIGITSTR, 1, 50),
        JSD_INT("acreage", JS_REQUIRED | JS_DIGITSTR, 1, 10000),
        JSD_TEXT("unit", JS_REQUIRED, 1, 20, NULL),
        JSD_INT("capacity", JS_REQUIRED | JS_DIGITSTR, 1, 100),
        JSD_TEXT("beds", JS_REQUIRED, 1, 64, NULL),
        JSD_INT("min_days", JS_REQUIRED | JS_DIGITSTR, 1, 365),
        JSD_INT("max_days", JS_REQUIRED | JS_DIGITSTR, 0, 365),
        JSD_ARRAY("facility", JS_REQUIRED | JS_UNIQUE, 0, STAY_FACILITIES,
                  &facility_item),
};
const struct js ihome_house_body = JSD_OBJECT(NULL, 0, house_members);

const struct pspec h_ihome_house_create_params[] = {PARAM_END};

enum status
h_ihome_house_create(struct req *r, struct resp *res)
{
	const struct jv *b = r->json, *fac = jv_get(b, "facility");
	long long ids[STAY_FACILITIES], id;
	struct db_res *who = NULL;
	struct stay_new h;
	enum status st;
	size_t i;
	int rs, area;
	cJSON *o;

	memset(&h, 0, sizeof(h));
	h.title = jv_str(jv_get(b, "title"), NULL);
	h.price_fen = jv_dec(jv_get(b, "price"), 2);
	h.deposit_fen = jv_dec(jv_get(b, "deposit"), 2);
	h.county = jv_int(jv_get(b, "area_id"));
	h.address = jv_str(jv_get(b, "address"), NULL);
	h.rooms = jv_int(jv_get(b, "room_count"));
	h.acreage = jv_int(jv_get(b, "acreage"));
	h.unit = jv_str(jv_get(b, "unit"), NULL);
	h.capacity = jv_int(jv_get(b, "capacity"));
	h.beds = jv_str(jv_get(b, "beds"), NULL);
	h.min_days = jv_int(jv_get(b, "min_days"));
	h.max_days = jv_int(jv_get(b, "max_days"));
	h.nfacility = jv_len(fac);
	for (i = 0; i < h.nfacility && i < STAY_FACILITIES; i++)
		ids[i] = jv_int(jv_at(fac, i));
	h.facility = ids;
	if ((area = stays_is_area(h.county)) < 0)
		return ST_DB;
	if (!area)
		return resp_fail(res, ST_PARAM,
		                 "area_id: %lld is not a county of the city",
		                 h.county);
	if (h.max_days != 0 && h.max_days < h.min_days)
		return resp_fail(res, ST_PARAM,
		                 "max_days: must be 0 (no limit) or between "
		                 "min_days (%lld) and 365",
		                 h.min_days);
	if ((st = ident_realname_get(r->uid, &who)) != ST_OK)
		return st;
	rs = (int)db_int(who, 0, RN_COL_STATUS, 0);
	db_res_free(who);
	if (rs != RN_PENDING && rs != RN_APPROVED)
		return resp_fail(res, ST_FORBIDDEN,
		                 "请先完成实名认证 (user/auth)");
	if ((st = stays_create(r->uid, &h, &id)) != ST_OK)
		return st == ST_PARAM ? resp_fail(res, ST_PARAM,
		                                  "area_id: not a county")
		                      : st;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "house_id", (double)id);
	resp_ans(res, o);
	return ST_OK;
}

/* ---- POST houses/{id}/report ------------------------------------------ */

enum { RP_ID, RP_REASON };
const struct pspec h_ihome_house_report_params[] = {
        [RP_ID] = PARAM_INT("id", PF_REQUIRED | PF_PATH, 1, LLONG_MAX),
        [RP_REASON] = PARAM_TEXT("reason", PF_REQUIRED, 1, 200, NULL),
        PARAM_END,
};

/* POST houses/{id}/report {reason}: someone else's listed house reported
 * to the administrators (issue 13, 1).  {"report_id"}. */
enum status
h_ihome_house_report(struct req *r, struct resp *res)
{
	return app_report(r, res, r->p[RP_ID].i, r->p[RP_REASON].s,
	                  r->p[RP_REASON].n);
}

/* ---- POST houses/{id}/images ------------------------------------------ */

enum { I_ID, I_IMAGE };
const struct pspec h_ihome_house_image_params[] = {
        [I_ID] = PARAM_INT("id", PF_REQUIRED | PF_PATH, 1, LLONG_MAX),
        [I_IMAGE] = PARAM_FILE("house_image", PF_REQUIRED, FT_IMAGE,
                               &app.cfg.max_image_bytes, 0),
        PARAM_END,
};

enum status
h_ihome_house_image(struct req *r, struct resp *res)
{
	long long id = r->p[I_ID].i, have;
	char *path = NULL;
	uint64_t pid;
	enum status st;
	cJSON *o;

	st = media_photos_add(r->uid, id, r->p[I_IMAGE].files, 1, NULL, &path,
	                      &pid, &have);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "house %lld not found", id);
	if (st == ST_FORBIDDEN)
		return resp_fail(res, st, "not the owner of house %lld", id);
	if (st == ST_UPLOAD && have < 0)
		return resp_fail(res, st,
		                 "house_image: at most %d photos per listing",
		                 app.cfg.max_photos);
	if (st == ST_UPLOAD)
		return resp_fail(res, st,
		                 "house_image: at most %d photos per listing "
		                 "(%lld already)",
		                 app.cfg.max_photos, have);
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "url", app_media_url(r->a, path));
	free(path);
	resp_ans(res, o);
	return ST_OK;
}

/* ---- GET houses/{id} ---------------------------------------------------- */

enum { D_ID };
const struct pspec h_ihome_house_detail_params[] = {
        [D_ID] = PARAM_INT("id", PF_REQUIRED | PF_PATH, 1, LLONG_MAX),
        PARAM_END,
};

/* The ascending ids of a ','-list. */
static cJSON *
id_list(const char *list)
{
	cJSON *arr = cJSON_CreateArray();
	const char *p;

	for (p = list; p != NULL && *p != '\0';) {
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(atoi(p)));
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return arr;
}

enum status
h_ihome_house_detail(struct req *r, struct resp *res)
{
	struct db_res *row = NULL, *cm = NULL;
	const char *photos, *fac;
	long long owner;
	enum status st;
	cJSON *o, *h, *arr, *c;
	size_t i;

	st = stays_detail(r->p[D_ID].i, r->uid, &row, &cm);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "房屋不存在");
	if (st != ST_OK)
		return st;
	owner = db_int(row, 0, STAY_D_OWNER, 0);
	photos = db_str(row, 0, STAY_D_PHOTOS);
	fac = db_str(row, 0, STAY_D_FACILITIES);
	h = cJSON_CreateObject();
	cJSON_AddNumberToObject(h, "hid", (double)db_int(row, 0, STAY_D_ID, 0));
	cJSON_AddNumberToObject(h, "user_id", (double)owner);
	cJSON_AddStringToObject(
	        h, "user_name",
	        ihome_shown_name(r, db_str(row, 0, STAY_D_OWNER_NAME),
	                         db_str(row, 0, STAY_D_OWNER_MOBILE),
	                         owner == r->uid));
	cJSON_AddStringToObject(
	        h, "user_avatar",
	        app_media_url(r->a, db_str(row, 0, STAY_D_OWNER_AVATAR)));
	cJSON_AddStringToObject(h, "title", db_str(row, 0, STAY_D_TITLE));
	cJSON_AddStringToObject(h, "address", text(row, 0, STAY_D_ADDRESS));
	cJSON_AddStringToObject(h, "unit", text(row, 0, STAY_D_UNIT));
	cJSON_AddStringToObject(h, "beds", text(row, 0, STAY_D_BEDS));
	cJSON_AddNumberToObject(h, "price",
	                        (double)db_int(row, 0, STAY_D_PRICE, 0));
	cJSON_AddNumberToObject(h, "deposit",
	                        (double)db_int(row, 0, STAY_D_DEPOSIT, 0));
	cJSON_AddNumberToObject(h, "area_id",
	                        (double)db_int(row, 0, STAY_D_AREA_ID, 0));
	cJSON_AddStringToObject(h, "area_name", text(row, 0, STAY_D_AREA_NAME));
	cJSON_AddNumberToObject(h, "room_count",
	                        (double)db_int(row, 0, STAY_D_ROOMS, 0));
	cJSON_AddNumberToObject(h, "acreage",
	                        (double)db_int(row, 0, STAY_D_ACREAGE, 0));
	cJSON_AddNumberToObject(h, "capacity",
	                        (double)db_int(row, 0, STAY_D_CAPACITY, 0));
	cJSON_AddNumberToObject(h, "min_days",
	                        (double)db_int(row, 0, STAY_D_MIN_DAYS, 1));
	cJSON_AddNumberToObject(h, "max_days",
	                        (double)db_int(row, 0, STAY_D_MAX_DAYS, 0));
	cJSON_AddItemToObject(h, "facility", id_list(fac));
	cJSON_AddItemToObject(h, "facilities", id_list(fac));
	cJSON_AddItemToObject(h, "img_urls", photo_urls(r, photos));
	arr = cJSON_CreateArray();
	for (i = 0; i < cm->nrows; i++) {
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "comment", text(cm, i, STAY_C_TEXT));
		cJSON_AddStringToObject(c, "ctime", text(cm, i, STAY_C_TIME));
		cJSON_AddStringToObject(
		        c, "user_name",
		        ihome_shown_name(r, db_str(cm, i, STAY_C_NAME),
		                         db_str(cm, i, STAY_C_MOBILE), 0));
		cJSON_AddItemToArray(arr, c);
	}
	cJSON_AddItemToObject(h, "comments", arr);
	db_res_free(row);
	db_res_free(cm);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "user_id", r->uid ? (double)r->uid : -1);
	cJSON_AddItemToObject(o, "house", h);
	resp_ans(res, o);
	return ST_OK;
}

/* ---- GET houses/index --------------------------------------------------- */

const struct pspec h_ihome_house_index_params[] = {PARAM_END};

enum status
h_ihome_house_index(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	enum status st;
	cJSON *arr, *o;
	size_t i;

	if ((st = stays_index(&rows)) != ST_OK)
		return st;
	arr = cJSON_CreateArray();
	for (i = 0; i < rows->nrows; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "house_id",
		                        (double)db_int(rows, i, STAY_I_ID, 0));
		cJSON_AddStringToObject(
		        o, "img_url",
		        ihome_first_url(r, db_str(rows, i, STAY_I_PHOTOS)));
		cJSON_AddStringToObject(o, "title",
		                        db_str(rows, i, STAY_I_TITLE));
		cJSON_AddItemToArray(arr, o);
	}
	db_res_free(rows);
	resp_ans(res, arr);
	return ST_OK;
}

/* ---- GET houses (search) ------------------------------------------------ */

static const char *const sort_keys[] = {"new", "booking", "price-inc",
                                        "price-des", NULL};

enum { S_AID, S_SD, S_ED, S_SK, S_P };
const struct pspec h_ihome_search_params[] = {
        [S_AID] = PARAM_INT("aid", PF_EMPTY, 1, 999999),
        [S_SD] = PARAM_OF("sd", PT_DATE, PF_EMPTY),
        [S_ED] = PARAM_OF("ed", PT_DATE, PF_EMPTY),
        [S_SK] = PARAM_CHOICE("sk", PF_EMPTY, sort_keys),
        [S_P] = PARAM_INT("p", PF_EMPTY, 1, 10000),
        PARAM_END,
};

/* Days since 1970-01-01 of a PT_DATE value (y*10000+m*100+d). */
long
ihome_ymd_days(long long ymd)
{
	return stays_days((int)(ymd / 10000), (int)(ymd / 100 % 100),
	                  (int)(ymd % 100));
}

enum status
h_ihome_search(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	long today = stays_today(), size = (long)app.cfg.ihome_page_size;
	struct stay_query q = {0, -1, -1, 0, 1};
	struct db_res *rows = NULL;
	long long total;
	enum status st;
	cJSON *arr, *o;
	size_t i;
	int area;

	if (p[S_AID].set) {
		if ((area = stays_is_area(p[S_AID].i)) < 0)
			return ST_DB;
		if (!area)
			return resp_fail(
			        res, ST_PARAM,
			        "aid: %lld is not a county of the city",
			        p[S_AID].i);
		q.county = p[S_AID].i;
	}
	if (p[S_SD].set)
		q.sd = ihome_ymd_days(p[S_SD].i);
	if (p[S_ED].set)
		q.ed = ihome_ymd_days(p[S_ED].i);
	if ((p[S_SD].set && q.sd < today) || (p[S_ED].set && q.ed < today))
		return resp_fail(res, ST_PARAM, "%s: must not be before today",
		                 p[S_SD].set && q.sd < today ? "sd" : "ed");
	if (p[S_SD].set && p[S_ED].set) {
		if (q.sd >= q.ed)
			return resp_fail(res, ST_PARAM, "ed: must be after sd");
		if (q.ed - q.sd > 365)
			return resp_fail(res, ST_PARAM,
			                 "ed: at most 365 nights after sd");
	} else if (p[S_SD].set) {
		q.ed = q.sd + 1;
	} else if (p[S_ED].set) {
		q.sd = q.ed - 1;
	}
	q.sort = p[S_SK].set ? (int)p[S_SK].i : 0;
	q.page = p[S_P].set ? p[S_P].i : 1;
	/* A stay's length is asked only with both dates. */
	st = stays_search(&q, p[S_SD].set && p[S_ED].set, &rows, &total);
	if (st != ST_OK)
		return st;
	arr = cJSON_CreateArray();
	for (i = 0; rows != NULL && i < rows->nrows; i++)
		cJSON_AddItemToArray(arr, basic_house(r, rows, i));
	db_res_free(rows);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "houses", arr);
	cJSON_AddNumberToObject(o, "total_page",
	                        (double)((total + size - 1) / size));
	resp_ans(res, o);
	return resp_fail(res, ST_OK, "请求成功");
}
