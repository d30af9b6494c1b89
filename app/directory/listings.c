/* House listings and their photos (directory.md 9, 10): the parameter
 * tables, the body schemas and the answers, over the listings module
 * (listings.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "directory/directory.h"
#include "directory/handlers.h"
#include "directory/pages.h"
#include "listings.h"
#include "reports.h"
#include "regions.h"
#include "upload.h"

#define ID_MAX 999999999999999999LL

/* DRF's texts for a reference that does not exist. */
#define NO_SUCH_PK     "无效主键 “%lld” － 对象不存在。"
#define NO_SUCH_CHOICE "选择一个有效的选项。该选择不在可用的选项中。"

/* ---- answers ---------------------------------------------------------- */

static const char *
text(const struct db_res *rows, size_t i, size_t col)
{
	const char *s = db_str(rows, i, col);

	return s != NULL ? s : "";
}

/* A photo object (directory.md 10) of row i (LP_*). */
static cJSON *
photo_object(struct req *r, const struct db_res *rows, size_t i)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "photoid",
	                        (double)db_int(rows, i, LP_ID, 0));
	cJSON_AddStringToObject(o, "path",
	                        app_media_url(r->a, db_str(rows, i, LP_PATH)));
	cJSON_AddBoolToObject(o, "ismain", db_int(rows, i, LP_MAIN, 0) != 0);
	return o;
}

static cJSON *
photo_list(struct req *r, const struct db_res *rows)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < rows->nrows; i++)
		cJSON_AddItemToArray(a, photo_object(r, rows, i));
	return a;
}

/* The listing object (directory.md 9) of row i (LC_*) with its rows of
 * tags (LT_*, by listing and tag). */
static cJSON *
listing_object(struct req *r, const struct db_res *rows, size_t i,
               const struct db_res *tags)
{
	cJSON *o = cJSON_CreateObject(), *x, *tl;
	long long id = db_int(rows, i, LC_ID, 0);
	const char *mainp = db_str(rows, i, LC_MAINPHOTO);
	size_t k;

	cJSON_AddNumberToObject(o, "houseid", (double)id);
	cJSON_AddStringToObject(o, "title", text(rows, i, LC_TITLE));
	cJSON_AddItemToObject(o, "area", app_cell_int(rows, i, LC_AREA));
	cJSON_AddItemToObject(o, "floor", app_cell_int(rows, i, LC_FLOOR));
	cJSON_AddItemToObject(o, "totalfloor",
	                      app_cell_int(rows, i, LC_TOTALFLOOR));
	cJSON_AddItemToObject(o, "direction",
	                      app_cell_str(rows, i, LC_DIRECTION));
	cJSON_AddItemToObject(o, "price", app_cell_int(rows, i, LC_PRICE));
	cJSON_AddStringToObject(o, "priceunit", "元/月");
	cJSON_AddStringToObject(o, "detail", text(rows, i, LC_DETAIL));
	cJSON_AddStringToObject(o, "mainphoto",
	                        mainp != NULL ? app_media_url(r->a, mainp)
	                                      : "");
	cJSON_AddItemToObject(o, "pubdate", app_cell_str(rows, i, LC_PUBDATE));
	cJSON_AddItemToObject(o, "street", app_cell_str(rows, i, LC_STREET));
	cJSON_AddBoolToObject(o, "hassubway",
	                      db_int(rows, i, LC_HASSUBWAY, 0) != 0);
	cJSON_AddBoolToObject(o, "isshared",
	                      db_int(rows, i, LC_ISSHARED, 0) != 0);
	cJSON_AddBoolToObject(o, "hasagentfees",
	                      db_int(rows, i, LC_HASAGENTFEES, 0) != 0);
	if (db_cell(rows, i, LC_TYPE_ID)->t == DBT_NULL) {
		cJSON_AddNullToObject(o, "type");
	} else {
		x = cJSON_AddObjectToObject(o, "type");
		cJSON_AddNumberToObject(x, "typeid",
		                        (double)db_int(rows, i, LC_TYPE_ID, 0));
		cJSON_AddStringToObject(x, "name", text(rows, i, LC_TYPE_NAME));
	}
	x = cJSON_AddObjectToObject(o, "district");
	cJSON_AddNumberToObject(x, "distid",
	                        (double)db_int(rows, i, LC_DISTRICT, 0));
	cJSON_AddStringToObject(x, "name", text(rows, i, LC_DISTRICT_NAME));
	if (db_cell(rows, i, LC_ESTATE_ID)->t == DBT_NULL) {
		cJSON_AddNullToObject(o, "estate");
	} else {
		x = cJSON_AddObjectToObject(o, "estate");
		cJSON_AddNumberToObject(
		        x, "estateid",
		        (double)db_int(rows, i, LC_ESTATE_ID, 0));
		cJSON_AddStringToObject(x, "name",
		                        text(rows, i, LC_ESTATE_NAME));
		cJSON_AddNumberToObject(
		        x, "hot", (double)db_int(rows, i, LC_ESTATE_HOT, 0));
	}
	if (db_cell(rows, i, LC_AGENT_ID)->t == DBT_NULL) {
		cJSON_AddNullToObject(o, "agent");
	} else {
		x = cJSON_AddObjectToObject(o, "agent");
		cJSON_AddNumberToObject(
		        x, "agentid", (double)db_int(rows, i, LC_AGENT_ID, 0));
		cJSON_AddStringToObject(x, "name",
		                        text(rows, i, LC_AGENT_NAME));
		cJSON_AddStringToObject(x, "tel", text(rows, i, LC_AGENT_TEL));
		cJSON_AddNumberToObject(
		        x, "servstar",
		        (double)db_int(rows, i, LC_AGENT_SERVSTAR, 0));
	}
	tl = cJSON_AddArrayToObject(o, "tags");
	for (k = 0; k < tags->nrows; k++) {
		if (db_int(tags, k, LT_HOUSE, 0) != id)
			continue;
		x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "tagid",
		                        (double)db_int(tags, k, LT_ID, 0));
		cJSON_AddStringToObject(x, "content",
		                        text(tags, k, LT_CONTENT));
		cJSON_AddItemToArray(tl, x);
	}
	return o;
}

/* Answer listing id with its photos (the detail, POST and PUT). */
static enum status
answer_detail(struct req *r, struct resp *res, long long id)
{
	struct db_res *row = NULL, *tags = NULL, *photos = NULL;
	enum status st = listings_get(id, &row, &tags, &photos);
	cJSON *o;

	if (st != ST_OK)
		return st == ST_NOT_FOUND
		               ? resp_fail(res, st, "listing %lld", id)
		               : st;
	o = listing_object(r, row, 0, tags);
	cJSON_AddItemToObject(o, "photos", photo_list(r, photos));
	db_res_free(row);
	db_res_free(tags);
	db_res_free(photos);
	resp_ans(res, o);
	return ST_OK;
}

/* The refusals of the object rule and of a listing not shown. */
static enum status
object_fail(struct resp *res, enum status st, long long id)
{
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "listing %lld not shown", id);
	if (st == ST_FORBIDDEN)
		return resp_fail(res, st, "not allowed on listing %lld", id);
	return st;
}

/* ---- GET /api/houseinfos/ ---------------------------------------------- */

enum {
	P_TITLE,
	P_DIST,
	P_DISTRICT,
	P_MIN_PRICE,
	P_MINPRICE,
	P_MAX_PRICE,
	P_MAXPRICE,
	P_MINAREA,
	P_MAXAREA,
	P_TYPE,
	P_ESTATE,
	P_ORDERING,
	P_PAGE,
	P_SIZE
};

/* In the order of LO_*. */
static const char *const orderings[] = {
        "-pubdate", "pubdate", "price", "-price", "area", "-area", NULL};

const struct pspec h_dir_houseinfos_params[] = {
        [P_TITLE] = PARAM_TEXT("title", 0, 1, 50, NULL),
        [P_DIST] = PARAM_INT("dist", 0, 1, 999999),
        [P_DISTRICT] = PARAM_INT("district", 0, 1, 999999),
        [P_MIN_PRICE] = PARAM_INT("min_price", 0, 0, ID_MAX),
        [P_MINPRICE] = PARAM_INT("minprice", 0, 0, ID_MAX),
        [P_MAX_PRICE] = PARAM_INT("max_price", 0, 0, ID_MAX),
        [P_MAXPRICE] = PARAM_INT("maxprice", 0, 0, ID_MAX),
        [P_MINAREA] = PARAM_INT("minarea", 0, 0, ID_MAX),
        [P_MAXAREA] = PARAM_INT("maxarea", 0, 0, ID_MAX),
        [P_TYPE] = PARAM_INT("type", 0, 1, ID_MAX),
        [P_ESTATE] = PARAM_INT("estate", 0, 1, ID_MAX),
        [P_ORDERING] = PARAM_CHOICE("ordering", 0, orderings),
        DIR_PAGE_PARAMS,
        PARAM_END,
};

/* The value of a parameter with two spellings a and b (def when neither
 * came) into *v; -1 when both came with different values. */
static int
one_of(const struct req *r, size_t a, size_t b, long long def, long long *v)
{
	const struct pval *pa = &r->p[a], *pb = &r->p[b];

	if (pa->set && pb->set && pa->i != pb->i)
		return -1;
	*v = pa->set ? pa->i : pb->set ? pb->i : def;
	return 0;
}

enum status
h_dir_houseinfos(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL, *tags = NULL;
	struct listing_query q = {0};
	struct region_chain c;
	struct buf err = {0};
	struct dir_page pg;
	long long code = 0, n;
	unsigned unknown;
	enum status st;
	cJSON *list;
	size_t i;

	if (one_of(r, P_DIST, P_DISTRICT, 0, &code) < 0)
		buf_addf(&err, "; dist: dist 与 district 的值不一致。");
	if (one_of(r, P_MIN_PRICE, P_MINPRICE, 0, &q.price_lo) < 0)
		buf_addf(&err,
		         "; min_price: min_price 与 minprice 的值不一致。");
	if (one_of(r, P_MAX_PRICE, P_MAXPRICE, ID_MAX, &q.price_hi) < 0)
		buf_addf(&err,
		         "; max_price: max_price 与 maxprice 的值不一致。");
	q.area_lo = r->p[P_MINAREA].set ? r->p[P_MINAREA].i : 0;
	q.area_hi = r->p[P_MAXAREA].set ? r->p[P_MAXAREA].i : ID_MAX;
	q.type = r->p[P_TYPE].set ? r->p[P_TYPE].i : 0;
	q.estate = r->p[P_ESTATE].set ? r->p[P_ESTATE].i : 0;
	q.title = r->p[P_TITLE].set ? r->p[P_TITLE].s : NULL;
	q.order = r->p[P_ORDERING].set ? (int)r->p[P_ORDERING].i : 0;
	if (err.len == 0 && code > 0) {
		if ((st = regions_chain(r->a, code, &c)) != ST_OK)
			goto out;
		if (c.level == 0)
			buf_addf(&err, "; %s: " NO_SUCH_CHOICE,
			         r->p[P_DIST].set ? "dist" : "district");
		q.level = c.level;
		q.code = code;
		q.city = c.code[REGION_CITY];
	}
	if (err.len == 0) {
		if ((st = listings_known(q.type, q.estate, &unknown)) != ST_OK)
			goto out;
		if (unknown & LB_TYPE)
			buf_addf(&err, "; type: " NO_SUCH_CHOICE);
		if (unknown & LB_ESTATE)
			buf_addf(&err, "; estate: " NO_SUCH_CHOICE);
	}
	if (err.len > 0) {
		st = resp_fail(res, ST_PARAM, "%s", err.p + 2);
		goto out;
	}
	dir_page_of(r, P_PAGE, P_SIZE, &pg);
	if ((st = listings_count(&q, &n)) != ST_OK ||
	    (st = dir_page_check(&pg, n, res)) != ST_OK)
		goto out;
	list = cJSON_CreateArray();
	if (pg.offset >= 0 && pg.offset < n) {
		if ((st = listings_page(&q, pg.size, pg.offset, &rows,
		                        &tags)) != ST_OK) {
			cJSON_Delete(list);
			goto out;
		}
		for (i = 0; i < rows->nrows; i++)
			cJSON_AddItemToArray(list,
			                     listing_object(r, rows, i, tags));
	}
	dir_page_answer(r, res, &pg, n, list);
out:
	db_res_free(rows);
	db_res_free(tags);
	buf_free(&err);
	return st;
}

/* ---- GET /api/houseinfos/{houseid} --------------------------------------- */

enum { H_ID };
#define HOUSE_PATH PARAM_INT("houseid", PF_REQUIRED | PF_PATH, 1, ID_MAX)

const struct pspec h_dir_houseinfo_params[] = {HOUSE_PATH, PARAM_END};

enum status
h_dir_houseinfo(struct req *r, struct resp *res)
{
	return answer_detail(r, res, r->p[H_ID].i);
}

/* ---- POST, PUT: the body ------------------------------------------------- */

/* The document's ten directions, optionally prefixed 朝. */
static const char *const directions[] = {
        "东",     "南",     "西",     "北",     "东南",   "东北",   "西南",
        "西北",   "南北",   "东西",   "朝东",   "朝南",   "朝西",   "朝北",
        "朝东南", "朝东北", "朝西南", "朝西北", "朝南北", "朝东西", NULL};
static const char *const priceunits[] = {"元/月", NULL};

static const struct js tag_item = JSD_INT(NULL, JS_DIGITSTR, 1, ID_MAX);

/* Degrees with up to 10 decimals, as scaled integers. */
#define DEG_SCALE 10
#define DEG(x)    ((x)*10000000000LL)

static const struct js dir_houseinfo_body_m[] = {
        JSD_TEXT("title", JS_REQUIRED, 1, 50, NULL),
        JSD_INT("area", JS_REQUIRED | JS_DIGITSTR, 1, 10000),
        JSD_INT("floor", JS_REQUIRED | JS_DIGITSTR, -5, 200),
        JSD_INT("totalfloor", JS_REQUIRED | JS_DIGITSTR, 1, 200),
        JSD_CHOICE("direction", JS_REQUIRED, directions),
        JSD_INT("price", JS_REQUIRED | JS_DIGITSTR, 1, 1000000),
        JSD_TEXT("street", JS_REQUIRED, 1, 100, NULL),
        JSD_INT("type", JS_REQUIRED | JS_DIGITSTR, 1, ID_MAX),
        JSD_INT("district", JS_REQUIRED | JS_DIGITSTR, 1, 999999),
        JSD_TEXT("detail", 0, 0, 2000, NULL),
        JSD_BOOL("hassubway", JS_LOOSE),
        JSD_BOOL("isshared", JS_LOOSE),
        JSD_BOOL("hasagentfees", JS_LOOSE),
        JSD_INT("estate", JS_DIGITSTR | JS_NULLABLE, 1, ID_MAX),
        JSD_INT("agent", JS_DIGITSTR | JS_NULLABLE, 1, ID_MAX),
        JSD_ARRAY("tags", JS_UNIQUE, 0, 10, &tag_item),
        JSD_CHOICE("priceunit", 0, priceunits),
        JSD_DEC("longitude", 0, DEG_SCALE, DEG(-180), DEG(180)),
        JSD_DEC("latitude", 0, DEG_SCALE, DEG(-90), DEG(90)),
};
const struct js dir_houseinfo_body = JSD_OBJECT(NULL, 0, dir_houseinfo_body_m);

/* The body as a listing_in; ST_PARAM for the rules across fields. */
static enum status
listing_in_of(struct req *r, struct resp *res, struct listing_in *in)
{
	static const char zhao[] = "朝";
	const struct jv *j = r->json, *v, *tags;
	long long *ids;
	size_t i;

	memset(in, 0, sizeof(*in));
	in->title = jv_str(jv_get(j, "title"), NULL);
	in->area = jv_int(jv_get(j, "area"));
	in->floor = jv_int(jv_get(j, "floor"));
	in->totalfloor = jv_int(jv_get(j, "totalfloor"));
	in->direction = jv_str(jv_get(j, "direction"), NULL);
	if (strncmp(in->direction, zhao, sizeof(zhao) - 1) == 0)
		in->direction += sizeof(zhao) - 1;
	in->price = jv_int(jv_get(j, "price"));
	in->street = jv_str(jv_get(j, "street"), NULL);
	in->type = jv_int(jv_get(j, "type"));
	in->district = jv_int(jv_get(j, "district"));
	if ((v = jv_get(j, "detail")) != NULL) {
		in->detail_set = 1;
		in->detail = jv_str(v, NULL);
	}
	if ((v = jv_get(j, "hassubway")) != NULL) {
		in->hassubway_set = 1;
		in->hassubway = jv_bool(v);
	}
	if ((v = jv_get(j, "isshared")) != NULL) {
		in->isshared_set = 1;
		in->isshared = jv_bool(v);
	}
	if ((v = jv_get(j, "hasagentfees")) != NULL) {
		in->hasagentfees_set = 1;
		in->hasagentfees = jv_bool(v);
	}
	/* null: none (as omitted on a new listing, cleared on an update). */
	if (jv_member(j, "estate") != NULL) {
		in->estate_set = 1;
		in->estate = jv_int(jv_get(j, "estate"));
	}
	if (jv_member(j, "agent") != NULL) {
		in->agent_set = 1;
		in->agent = jv_int(jv_get(j, "agent"));
	}
	if ((tags = jv_get(j, "tags")) != NULL) {
		in->tags_set = 1;
		in->ntags = jv_len(tags);
		ids = arena_alloc(r->a, (in->ntags + 1) * sizeof(*ids));
		for (i = 0; i < in->ntags; i++)
			ids[i] = jv_int(jv_at(tags, i));
		in->tags = ids;
	}
	if ((jv_get(j, "longitude") != NULL) != (jv_get(j, "latitude") != NULL))
		return resp_fail(res, ST_PARAM, "%s: 经度和纬度须同时给出。",
		                 jv_get(j, "longitude") != NULL ? "latitude"
		                                                : "longitude");
	if (jv_get(j, "longitude") != NULL) {
		in->coords_set = 1;
		in->longitude =
		        (double)jv_dec(jv_get(j, "longitude"), DEG_SCALE) /
		        (double)DEG(1);
		in->latitude =
		        (double)jv_dec(jv_get(j, "latitude"), DEG_SCALE) /
		        (double)DEG(1);
	}
	if (in->floor > in->totalfloor)
		return resp_fail(res, ST_PARAM, "floor: 楼层不能高于总楼层。");
	return ST_OK;
}

/* The fields a write refused, each named. */
static enum status
bad_fail(struct resp *res, const struct listing_in *in,
         const struct listing_bad *bad)
{
	struct buf b = {0};
	enum status st;

	if (bad->mask & LB_TYPE)
		buf_addf(&b, "; type: " NO_SUCH_PK, in->type);
	if (bad->mask & LB_DISTRICT)
		buf_addf(&b,
		         "; district: 请选择一个区县（或不设区县的城市）。");
	if (bad->mask & LB_ESTATE)
		buf_addf(&b, "; estate: " NO_SUCH_PK, in->estate);
	if (bad->mask & LB_ESTATE_OUT)
		buf_addf(&b, "; estate: 该楼盘不在所选区域内。");
	if (bad->mask & LB_AGENT)
		buf_addf(&b, "; agent: " NO_SUCH_PK, in->agent);
	if (bad->mask & LB_TAGS)
		buf_addf(&b, "; tags: " NO_SUCH_PK, bad->bad_tag);
	st = resp_fail(res, ST_PARAM, "%s", b.len > 2 ? b.p + 2 : "body: ?");
	buf_free(&b);
	return st;
}

/* ---- POST /api/houseinfos/ ------------------------------------------------
 */

const struct pspec h_dir_houseinfo_create_params[] = {PARAM_END};

enum status
h_dir_houseinfo_create(struct req *r, struct resp *res)
{
	struct listing_in in;
	struct listing_bad bad;
	uint64_t id;
	enum status st;

	if ((st = listing_in_of(r, res, &in)) != ST_OK)
		return st;
	st = listings_create(r->a, r->uid, &in, &bad, &id);
	if (st == ST_PARAM)
		return bad_fail(res, &in, &bad);
	if (st != ST_OK)
		return st;
	if ((st = answer_detail(r, res, (long long)id)) == ST_OK)
		res->http = 201;
	return st;
}

/* ---- PUT, DELETE /api/houseinfos/{houseid} ------------------------------- */

const struct pspec h_dir_houseinfo_update_params[] = {HOUSE_PATH, PARAM_END};

enum status
h_dir_houseinfo_update(struct req *r, struct resp *res)
{
	long long id = r->p[H_ID].i;
	struct listing_in in;
	struct listing_bad bad;
	enum status st;

	if ((st = listing_in_of(r, res, &in)) != ST_OK)
		return st;
	st = listings_update(r->a, r->uid, r->admin, id, &in, &bad);
	if (st == ST_PARAM)
		return bad_fail(res, &in, &bad);
	if (st != ST_OK)
		return object_fail(res, st, id);
	return answer_detail(r, res, id);
}

const struct pspec h_dir_houseinfo_delete_params[] = {HOUSE_PATH, PARAM_END};

enum status
h_dir_houseinfo_delete(struct req *r, struct resp *res)
{
	long long id = r->p[H_ID].i;
	enum status st = listings_delete(r->uid, r->admin, id);

	if (st != ST_OK)
		return object_fail(res, st, id);
	res->http = 204;
	return ST_OK;
}

/* ---- photos ------------------------------------------------------------- */

const struct pspec h_dir_photos_params[] = {HOUSE_PATH, PARAM_END};

enum status
h_dir_photos(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	enum status st = listings_photos(r->p[H_ID].i, &rows);

	if (st != ST_OK)
		return object_fail(res, st, r->p[H_ID].i);
	resp_ans(res, photo_list(r, rows));
	db_res_free(rows);
	return ST_OK;
}

enum { F_ID, F_PHOTO, F_ISMAIN };
const struct pspec h_dir_photo_create_params[] = {
        [F_ID] = HOUSE_PATH,
        [F_PHOTO] = PARAM_FILE("photo", PF_REQUIRED, FT_IMAGE,
                               &app.cfg.max_image_bytes, 0),
        [F_ISMAIN] = PARAM_OF("ismain", PT_BOOL, 0),
        PARAM_END,
};

enum status
h_dir_photo_create(struct req *r, struct resp *res)
{
	long long id = r->p[F_ID].i;
	char *path = NULL;
	uint64_t photo;
	enum status st;
	int is_main;
	cJSON *o;

	st = listings_photo_add(r->uid, r->admin, id, r->p[F_PHOTO].files[0],
	                        r->p[F_ISMAIN].set && r->p[F_ISMAIN].i, &photo,
	                        &path, &is_main);
	if (st == ST_UPLOAD)
		return resp_fail(res, ST_PARAM,
		                 "photo: 每个房源最多 %d 张图片。",
		                 app.cfg.max_photos);
	if (st != ST_OK)
		return object_fail(res, st, id);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "photoid", (double)photo);
	cJSON_AddStringToObject(o, "path", app_media_url(r->a, path));
	cJSON_AddBoolToObject(o, "ismain", is_main);
	free(path);
	resp_ans(res, o);
	res->http = 201;
	return ST_OK;
}

enum { PH_HOUSE, PH_PHOTO };
#define PHOTO_PATH PARAM_INT("photoid", PF_REQUIRED | PF_PATH, 1, ID_MAX)

static const struct js dir_photo_body_m[] = {
        JSD_BOOL("ismain", JS_REQUIRED | JS_LOOSE),
};
const struct js dir_photo_body = JSD_OBJECT(NULL, 0, dir_photo_body_m);

const struct pspec h_dir_photo_update_params[] = {HOUSE_PATH, PHOTO_PATH,
                                                  PARAM_END};

enum status
h_dir_photo_update(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	enum status st;

	st = listings_photo_main(r->uid, r->admin, r->p[PH_HOUSE].i,
	                         r->p[PH_PHOTO].i,
	                         jv_bool(jv_get(r->json, "ismain")), &row);
	if (st != ST_OK)
		return object_fail(res, st, r->p[PH_HOUSE].i);
	resp_ans(res, photo_object(r, row, 0));
	db_res_free(row);
	return ST_OK;
}

const struct pspec h_dir_photo_delete_params[] = {HOUSE_PATH, PHOTO_PATH,
                                                  PARAM_END};

enum status
h_dir_photo_delete(struct req *r, struct resp *res)
{
	enum status st = listings_photo_delete(
	        r->uid, r->admin, r->p[PH_HOUSE].i, r->p[PH_PHOTO].i);

	if (st != ST_OK)
		return object_fail(res, st, r->p[PH_HOUSE].i);
	res->http = 204;
	return ST_OK;
}

/* ---- POST /api/reports/ ------------------------------------------------ */

static const struct js dir_report_body_m[] = {
        JSD_INT("house", JS_REQUIRED | JS_DIGITSTR, 1, ID_MAX),
        JSD_TEXT("reason", JS_REQUIRED, 1, 200, NULL),
};
const struct js dir_report_body = JSD_OBJECT(NULL, 0, dir_report_body_m);

const struct pspec h_dir_report_create_params[] = {PARAM_END};

/* POST /api/reports/ {house, reason}: someone else's listing reported to
 * the administrators: 201 {"id", "house", "reason"}. */
enum status
h_dir_report_create(struct req *r, struct resp *res)
{
	long long house = jv_int(jv_get(r->json, "house")), id = 0;
	const char *reason = jv_str(jv_get(r->json, "reason"), NULL);
	enum status st;
	cJSON *o;

	st = reports_file(r->uid, house, reason, strlen(reason), &id);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_PARAM, "house: 房源不存在或未发布。");
	if (st == ST_FORBIDDEN)
		return resp_fail(res, ST_PARAM, "house: 不能举报自己的房源。");
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)id);
	cJSON_AddNumberToObject(o, "house", (double)house);
	cJSON_AddStringToObject(o, "reason", reason);
	res->http = 201;
	resp_ans(res, o);
	return ST_OK;
}
