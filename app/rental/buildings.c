/* Buildings and their rooms (rental.md 3) over app/buildings.c: the
 * parameter tables, the refusals' texts and the building and room
 * objects.  The guard (routes.c) already refused non-landlords on the
 * /build/ routes. */
#include <stdio.h>
#include <string.h>

#include "buildings.h"
#include "rental/handlers.h"
#include "rental/rental.h"
#include "rentcalc.h"

#define ID_MAX 999999999999999999LL
/* 1,000,000 yuan in fen (rental.md 1). */
#define MONEY_MAX 100000000LL
/* The deepest page asked for: an offset is read past, so it is bounded. */
#define PAGE_MAX 100000

/* ---- the objects ------------------------------------------------------ */

static cJSON *
int_json(const struct db_res *rows, size_t i, size_t col)
{
	return cJSON_CreateNumber((double)db_int(rows, i, col, 0));
}

static cJSON *
yuan_json(const struct db_res *rows, size_t i, size_t col)
{
	return rent_yuan_json(db_int(rows, i, col, 0));
}

/* {"net", "electricity", "water"} from three adjacent columns. */
static cJSON *
prices_json(const struct db_res *rows, size_t i, size_t net)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "net", yuan_json(rows, i, net));
	cJSON_AddItemToObject(o, "electricity", yuan_json(rows, i, net + 1));
	cJSON_AddItemToObject(o, "water", yuan_json(rows, i, net + 2));
	return o;
}

/* The room object of row i (RM_*). */
static cJSON *
room_json(const struct db_res *rows, size_t i)
{
	cJSON *o = cJSON_CreateObject(), *cfg, *cost;
	size_t k;

	cJSON_AddItemToObject(o, "_id", rental_id(db_int(rows, i, RM_ID, 0)));
	cJSON_AddItemToObject(o, "buildId",
	                      rental_id(db_int(rows, i, RM_BUILDING, 0)));
	cJSON_AddStringToObject(o, "houseName", db_str(rows, i, RM_NAME));
	cJSON_AddItemToObject(o, "houseType", int_json(rows, i, RM_TYPE));
	cJSON_AddItemToObject(o, "houseStatus", int_json(rows, i, RM_STATUS));
	cfg = cJSON_AddObjectToObject(o, "houseConfig");
	for (k = 0; k < BLD_FLAGS; k++)
		cJSON_AddItemToObject(cfg, buildings_flag_names[k],
		                      int_json(rows, i, RM_FLAG0 + k));
	cost = cJSON_AddObjectToObject(o, "houseCost");
	cJSON_AddItemToObject(cost, "clear", yuan_json(rows, i, RM_CLEAR));
	cJSON_AddItemToObject(cost, "rent", yuan_json(rows, i, RM_RENT));
	cJSON_AddItemToObject(cost, "net", yuan_json(rows, i, RM_NET));
	cJSON_AddItemToObject(cost, "electricity",
	                      yuan_json(rows, i, RM_ELECTRICITY));
	cJSON_AddItemToObject(cost, "water", yuan_json(rows, i, RM_WATER));
	cJSON_AddItemToObject(o, "views", int_json(rows, i, RM_VIEWS));
	return o;
}

static cJSON *
rooms_json(const struct db_res *rows)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; rows != NULL && i < rows->nrows; i++)
		cJSON_AddItemToArray(arr, room_json(rows, i));
	return arr;
}

/* {"buildName", "buildLayer", "layerCount"} of building row i. */
static cJSON *
build_info_json(const struct db_res *rows, size_t i)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "buildName", db_str(rows, i, BD_NAME));
	cJSON_AddItemToObject(o, "buildLayer", int_json(rows, i, BD_LAYERS));
	cJSON_AddItemToObject(o, "layerCount", int_json(rows, i, BD_PER_FLOOR));
	return o;
}

/* The building object of row 0 (BD_*). */
static cJSON *
building_json(struct req *r, const struct db_res *row)
{
	cJSON *o = cJSON_CreateObject(), *types, *t;
	struct bld_tpl *tpl;
	size_t n = 0, i, k;

	cJSON_AddItemToObject(o, "_id", rental_id(db_int(row, 0, BD_ID, 0)));
	cJSON_AddItemToObject(o, "landlordId",
	                      rental_id(db_int(row, 0, BD_LANDLORD, 0)));
	cJSON_AddItemToObject(o, "buildInfo", build_info_json(row, 0));
	cJSON_AddItemToObject(o, "buildCost", prices_json(row, 0, BD_NET));
	types = cJSON_AddArrayToObject(o, "houseType");
	if (buildings_templates(r->a, db_str(row, 0, BD_TEMPLATES), &tpl, &n) !=
	    0)
		n = 0;
	for (i = 0; i < n; i++) {
		t = cJSON_CreateObject();
		cJSON_AddNumberToObject(t, "unitType", tpl[i].unit_type);
		for (k = 0; k < BLD_FLAGS; k++)
			cJSON_AddNumberToObject(t, buildings_flag_names[k],
			                        tpl[i].flags[k]);
		cJSON_AddItemToObject(t, "clear", rent_yuan_json(tpl[i].clear));
		cJSON_AddItemToObject(t, "rent", rent_yuan_json(tpl[i].rent));
		cJSON_AddItemToArray(types, t);
	}
	cJSON_AddItemToObject(o, "roomCount", int_json(row, 0, BD_ROOMS));
	return o;
}

/* A list's count beside data and meta, as the document shows it. */
static void
top_count(struct resp *res, long long count)
{
	res->top = cJSON_CreateObject();
	cJSON_AddNumberToObject(res->top, "count", (double)count);
}

/* ---- the bodies ------------------------------------------------------- */

#define ID_MEMBER(n, fl) JSD_INT(n, (fl) | JS_DIGITSTR, 1, ID_MAX)
#define FLAG_MEMBERS(fl)                                                       \
	JSD_INT("bathroom", (fl) | JS_DIGITSTR, 0, 1),                         \
	        JSD_INT("air_condition", (fl) | JS_DIGITSTR, 0, 1),            \
	        JSD_INT("geyser", (fl) | JS_DIGITSTR, 0, 1),                   \
	        JSD_INT("gas", (fl) | JS_DIGITSTR, 0, 1),                      \
	        JSD_INT("broadband", (fl) | JS_DIGITSTR, 0, 1)
#define MONEY(n, fl, lo) JSD_DEC(n, fl, 2, lo, MONEY_MAX)

/* A template (houseType item): a unit type, the five flags, the monthly
 * cleaning fee and rent (> 0). */
static const struct js tpl_m[] = {
        JSD_INT("unitType", JS_REQUIRED | JS_DIGITSTR, 1, BLD_UNIT_MAX),
        FLAG_MEMBERS(JS_REQUIRED),
        MONEY("clear", JS_REQUIRED, 0),
        MONEY("rent", JS_REQUIRED, 1),
};
static const struct js tpl_item = JSD_OBJECT(NULL, 0, tpl_m);

/* buildInfo: on a change, layer and count may come but cannot differ. */
#define BUILD_INFO_M(dims)                                                     \
	JSD_TEXT("name", JS_REQUIRED, 1, 30, NULL),                            \
	        JSD_INT("layer", (dims) | JS_DIGITSTR, 1, BLD_LAYERS_MAX),     \
	        JSD_INT("count", (dims) | JS_DIGITSTR, 1, BLD_PER_FLOOR_MAX),  \
	        MONEY("net", JS_REQUIRED, 0),                                  \
	        MONEY("electricity", JS_REQUIRED, 0),                          \
	        MONEY("water", JS_REQUIRED, 0)

/* A building's answer's texts for what buildings_* refused. */
static enum status
building_refusal(struct resp *res, enum status st, long long layers)
{
	switch (st) {
	case ST_PARAM:
		return resp_fail(res, ST_PARAM,
		                 "houseType: 1 到 layer（%lld）个户型", layers);
	case ST_EXISTS:
		return resp_fail(res, ST_EXISTS,
		                 "buildInfo.name: 已有同名公寓");
	case ST_CONFLICT:
		return resp_fail(res, ST_CONFLICT,
		                 "buildInfo.layer, buildInfo.count: 不能修改"
		                 "（加房间用 /build/newhouse）");
	case ST_NOT_FOUND:
		return resp_fail(res, ST_NOT_FOUND, "id: 没有这个公寓");
	default:
		return st;
	}
}

/* A building of the body (buildInfo, houseType); templates in r's arena. */
static void
building_in(struct req *r, struct bld_in *in)
{
	const struct jv *bi = jv_get(r->json, "buildInfo"),
	                *ht = jv_get(r->json, "houseType");
	struct bld_tpl *t;
	size_t i, k;

	in->name = jv_str(jv_get(bi, "name"), NULL);
	in->layers = (int)jv_int(jv_get(bi, "layer"));
	in->per_floor = (int)jv_int(jv_get(bi, "count"));
	in->net = jv_dec(jv_get(bi, "net"), 2);
	in->electricity = jv_dec(jv_get(bi, "electricity"), 2);
	in->water = jv_dec(jv_get(bi, "water"), 2);
	in->ntpl = jv_len(ht);
	t = arena_alloc(r->a, (in->ntpl + 1) * sizeof(*t));
	for (i = 0; i < in->ntpl; i++) {
		const struct jv *o = jv_at(ht, i);

		t[i].unit_type = (int)jv_int(jv_get(o, "unitType"));
		for (k = 0; k < BLD_FLAGS; k++)
			t[i].flags[k] =
			        (int)jv_int(jv_get(o, buildings_flag_names[k]));
		t[i].clear = jv_dec(jv_get(o, "clear"), 2);
		t[i].rent = jv_dec(jv_get(o, "rent"), 2);
	}
	in->tpl = t;
}

/* ---- POST /build/add -------------------------------------------------- */

static const struct js add_info_m[] = {BUILD_INFO_M(JS_REQUIRED)};
static const struct js h_rent_build_add_m[] = {
        ID_MEMBER("landlordId", 0),
        JSD_OBJECT("buildInfo", JS_REQUIRED, add_info_m),
        JSD_ARRAY("houseType", JS_REQUIRED, 1, BLD_LAYERS_MAX, &tpl_item),
};
const struct js h_rent_build_add_body = JSD_OBJECT(NULL, 0, h_rent_build_add_m);
const struct pspec h_rent_build_add_params[] = {PARAM_END};

/* 403 unless a landlordId of the body, when given, is the caller. */
static enum status
caller_only(struct req *r, struct resp *res, const char *member)
{
	const struct jv *v = jv_get(r->json, member);

	if (v != NULL && jv_int(v) != r->uid)
		return resp_fail(res, ST_FORBIDDEN, "%s: 须是当前登录的房东",
		                 member);
	return ST_OK;
}

enum status
h_rent_build_add(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	struct bld_in in;
	enum status st;

	if ((st = caller_only(r, res, "landlordId")) != ST_OK)
		return st;
	building_in(r, &in);
	if ((st = buildings_create(r->uid, &in, &row)) != ST_OK)
		return building_refusal(res, st, in.layers);
	resp_ans(res, building_json(r, row));
	db_res_free(row);
	return resp_fail(res, ST_OK, "添加成功");
}

/* ---- POST /build/allbuild/{page}/{size} ------------------------------- */

static const struct js h_rent_build_all_m[] = {ID_MEMBER("id", JS_REQUIRED)};
const struct js h_rent_build_all_body = JSD_OBJECT(NULL, 0, h_rent_build_all_m);
enum { PB_PAGE, PB_SIZE };
const struct pspec h_rent_build_all_params[] = {
        PARAM_INT("page", PF_REQUIRED | PF_PATH, 1, PAGE_MAX),
        PARAM_INT("size", PF_REQUIRED | PF_PATH, 1, 50),
        PARAM_END,
};

enum status
h_rent_build_all(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL, *rooms = NULL;
	long long count = 0, size = r->p[PB_SIZE].i;
	cJSON *o, *ret, *b;
	enum status st;
	size_t i;

	if ((st = caller_only(r, res, "id")) != ST_OK)
		return st;
	if ((st = buildings_page(r->uid, (r->p[PB_PAGE].i - 1) * size, size,
	                         &rows, &count)) != ST_OK)
		return st;
	if (rows->nrows > 0 &&
	    (st = rooms_all(r->uid, db_int(rows, 0, BD_ID, 0), &rooms)) !=
	            ST_OK) {
		db_res_free(rows);
		return st;
	}
	o = cJSON_CreateObject();
	ret = cJSON_AddArrayToObject(o, "ret");
	for (i = 0; i < rows->nrows; i++) {
		b = cJSON_CreateObject();
		cJSON_AddItemToObject(b, "_id",
		                      rental_id(db_int(rows, i, BD_ID, 0)));
		cJSON_AddItemToObject(b, "buildInfo", build_info_json(rows, i));
		cJSON_AddItemToArray(ret, b);
	}
	cJSON_AddItemToObject(o, "rooms", rooms_json(rooms));
	cJSON_AddNumberToObject(o, "count", (double)count);
	db_res_free(rows);
	db_res_free(rooms);
	resp_ans(res, o);
	return resp_fail(res, ST_OK, "查询成功");
}

/* ---- POST /build/buildinfo -------------------------------------------- */

static const struct js h_rent_build_info_m[] = {ID_MEMBER("id", JS_REQUIRED)};
const struct js h_rent_build_info_body =
        JSD_OBJECT(NULL, 0, h_rent_build_info_m);
const struct pspec h_rent_build_info_params[] = {PARAM_END};

enum status
h_rent_build_info(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	enum status st;

	st = buildings_get(r->uid, jv_int(jv_get(r->json, "id")), &row);
	if (st != ST_OK)
		return building_refusal(res, st, 0);
	resp_ans(res, building_json(r, row));
	db_res_free(row);
	return resp_fail(res, ST_OK, "信息获取成功");
}

/* ---- POST /build/buildupdata ------------------------------------------ */

static const struct js update_info_m[] = {BUILD_INFO_M(0)};
static const struct js h_rent_build_update_m[] = {
        ID_MEMBER("id", JS_REQUIRED),
        JSD_OBJECT("buildInfo", JS_REQUIRED, update_info_m),
        JSD_ARRAY("houseType", JS_REQUIRED, 1, BLD_LAYERS_MAX, &tpl_item),
};
const struct js h_rent_build_update_body =
        JSD_OBJECT(NULL, 0, h_rent_build_update_m);
const struct pspec h_rent_build_update_params[] = {PARAM_END};

enum status
h_rent_build_update(struct req *r, struct resp *res)
{
	long long id = jv_int(jv_get(r->json, "id"));
	struct db_res *row = NULL;
	struct bld_in in;
	enum status st;

	building_in(r, &in);
	st = buildings_update(r->uid, id, &in, &row);
	if (st == ST_PARAM) {
		/* The refusal names the building's floors. */
		if (buildings_get(r->uid, id, &row) == ST_OK)
			in.layers = (int)db_int(row, 0, BD_LAYERS, 0);
		db_res_free(row);
	}
	if (st != ST_OK)
		return building_refusal(res, st, in.layers);
	resp_ans(res, building_json(r, row));
	db_res_free(row);
	return resp_fail(res, ST_OK, "信息修改成功");
}

/* ---- POST /build/allhouse --------------------------------------------- */

static const struct js h_rent_rooms_all_m[] = {ID_MEMBER("id", JS_REQUIRED)};
const struct js h_rent_rooms_all_body = JSD_OBJECT(NULL, 0, h_rent_rooms_all_m);
const struct pspec h_rent_rooms_all_params[] = {PARAM_END};

enum status
h_rent_rooms_all(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	enum status st;

	st = rooms_all(r->uid, jv_int(jv_get(r->json, "id")), &rows);
	if (st != ST_OK)
		return building_refusal(res, st, 0);
	resp_ans(res, rooms_json(rows));
	db_res_free(rows);
	return resp_fail(res, ST_OK, "查询成功");
}

/* ---- POST /build/house/{type}/{page}/{size}/{status} ------------------ */

static const struct js h_rent_rooms_m[] = {ID_MEMBER("id", JS_REQUIRED)};
const struct js h_rent_rooms_body = JSD_OBJECT(NULL, 0, h_rent_rooms_m);
enum { PR_TYPE, PR_PAGE, PR_SIZE, PR_STATUS };
/* status 9: any. */
static const char *const room_states[] = {"0", "1", "2", "9", NULL};
const struct pspec h_rent_rooms_params[] = {
        PARAM_INT("type", PF_REQUIRED | PF_PATH, 0, BLD_UNIT_MAX),
        PARAM_INT("page", PF_REQUIRED | PF_PATH, 1, PAGE_MAX),
        PARAM_INT("size", PF_REQUIRED | PF_PATH, 1, 50),
        PARAM_CHOICE("status", PF_REQUIRED | PF_PATH, room_states),
        PARAM_END,
};

enum status
h_rent_rooms(struct req *r, struct resp *res)
{
	long long count = 0, size = r->p[PR_SIZE].i;
	int state = (int)r->p[PR_STATUS].i;
	struct db_res *rows = NULL;
	enum status st;

	st = rooms_page(r->uid, jv_int(jv_get(r->json, "id")),
	                (int)r->p[PR_TYPE].i, state == 3 ? -1 : state,
	                (r->p[PR_PAGE].i - 1) * size, size, &rows, &count);
	if (st != ST_OK)
		return building_refusal(res, st, 0);
	resp_ans(res, rooms_json(rows));
	db_res_free(rows);
	top_count(res, count);
	return resp_fail(res, ST_OK, "条件查询成功");
}

/* ---- POST /build/changestatus ----------------------------------------- */

static const struct js h_rent_room_status_m[] = {
        ID_MEMBER("id", JS_REQUIRED),
        JSD_INT("status", JS_REQUIRED | JS_DIGITSTR, 0, 2),
};
const struct js h_rent_room_status_body =
        JSD_OBJECT(NULL, 0, h_rent_room_status_m);
const struct pspec h_rent_room_status_params[] = {PARAM_END};

enum status
h_rent_room_status(struct req *r, struct resp *res)
{
	int to = (int)jv_int(jv_get(r->json, "status")), from;
	struct db_res *row = NULL;
	enum status st;

	st = rooms_set_status(r->uid, jv_int(jv_get(r->json, "id")), to, &from,
	                      &row);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "id: 没有这个房间");
	if (st == ST_CONFLICT && to == ROOM_RENTED)
		return resp_fail(res, st,
		                 "status: 房间只能通过签订合同出租（2）");
	if (st == ST_CONFLICT)
		return resp_fail(res, st,
		                 "status: 已出租的房间只能退租（2 → 1）");
	if (st != ST_OK)
		return st;
	resp_ans(res, room_json(row, 0));
	db_res_free(row);
	return resp_fail(res, ST_OK, "状态改变成功");
}

/* ---- POST /build/houseupdata, /build/newhouse ------------------------- */

static const struct js config_m[] = {FLAG_MEMBERS(JS_REQUIRED)};
/* A room's costs: the three prices, when not given, are the building's
 * (a new room) or kept (a change). */
static const struct js cost_m[] = {
        MONEY("clear", JS_REQUIRED, 0),
        MONEY("rent", JS_REQUIRED, 1),
        MONEY("net", 0, 0),
        MONEY("electricity", 0, 0),
        MONEY("water", 0, 0),
};
#define ROOM_MEMBERS                                                           \
	JSD_TEXT("houseName", JS_REQUIRED, 1, 20, NULL),                       \
	        JSD_INT("houseType", JS_REQUIRED | JS_DIGITSTR, 1,             \
	                BLD_UNIT_MAX),                                         \
	        JSD_OBJECT("houseConfig", JS_REQUIRED, config_m),              \
	        JSD_OBJECT("houseCost", JS_REQUIRED, cost_m)

/* The room of the body. */
static void
room_in(struct req *r, struct room_in *in)
{
	const struct jv *cfg = jv_get(r->json, "houseConfig"),
	                *cost = jv_get(r->json, "houseCost"), *v;
	static const char *const prices[] = {"net", "electricity", "water"};
	long long *dst[3];
	size_t k;

	in->name = jv_str(jv_get(r->json, "houseName"), NULL);
	in->unit_type = (int)jv_int(jv_get(r->json, "houseType"));
	for (k = 0; k < BLD_FLAGS; k++)
		in->flags[k] =
		        (int)jv_int(jv_get(cfg, buildings_flag_names[k]));
	in->clear = jv_dec(jv_get(cost, "clear"), 2);
	in->rent = jv_dec(jv_get(cost, "rent"), 2);
	dst[0] = &in->net;
	dst[1] = &in->electricity;
	dst[2] = &in->water;
	for (k = 0; k < 3; k++) {
		v = jv_get(cost, prices[k]);
		*dst[k] = v != NULL ? jv_dec(v, 2) : -1;
	}
}

static const struct js h_rent_room_update_m[] = {
        ID_MEMBER("id", JS_REQUIRED),
        ROOM_MEMBERS,
};
const struct js h_rent_room_update_body =
        JSD_OBJECT(NULL, 0, h_rent_room_update_m);
const struct pspec h_rent_room_update_params[] = {PARAM_END};

enum status
h_rent_room_update(struct req *r, struct resp *res)
{
	struct room_in in;
	enum status st;

	room_in(r, &in);
	st = rooms_update(r->uid, jv_int(jv_get(r->json, "id")), &in);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "id: 没有这个房间");
	if (st == ST_EXISTS)
		return resp_fail(res, st, "houseName: 本公寓已有同名房间");
	if (st != ST_OK)
		return st;
	return resp_fail(res, ST_OK, "信息更新成功");
}

static const struct js h_rent_room_new_m[] = {
        ID_MEMBER("buildId", JS_REQUIRED),
        ROOM_MEMBERS,
};
const struct js h_rent_room_new_body = JSD_OBJECT(NULL, 0, h_rent_room_new_m);
const struct pspec h_rent_room_new_params[] = {PARAM_END};

enum status
h_rent_room_new(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	struct room_in in;
	enum status st;

	room_in(r, &in);
	st = rooms_create(r->uid, jv_int(jv_get(r->json, "buildId")), &in,
	                  &row);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "buildId: 没有这个公寓");
	if (st == ST_EXISTS)
		return resp_fail(res, st, "houseName: 本公寓已有同名房间");
	if (st == ST_CONFLICT)
		return resp_fail(res, st, "buildId: 一栋公寓最多 %d 个房间",
		                 BLD_ROOMS_MAX);
	if (st != ST_OK)
		return st;
	resp_ans(res, room_json(row, 0));
	db_res_free(row);
	return resp_fail(res, ST_OK, "添加成功");
}

/* ---- POST /query/houseinfo -------------------------------------------- */

static const struct js h_rent_room_show_m[] = {ID_MEMBER("id", JS_REQUIRED)};
const struct js h_rent_room_show_body = JSD_OBJECT(NULL, 0, h_rent_room_show_m);
const struct pspec h_rent_room_show_params[] = {PARAM_END};

enum status
h_rent_room_show(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	cJSON *o, *who;
	enum status st;

	st = rooms_show(r->uid, jv_int(jv_get(r->json, "id")), &row);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "id: 没有这个房间");
	if (st != ST_OK)
		return st;
	o = room_json(row, 0);
	/* This view included. */
	cJSON_ReplaceItemInObject(
	        o, "views",
	        cJSON_CreateNumber((double)db_int(row, 0, RM_VIEWS, 0) + 1));
	cJSON_AddStringToObject(o, "buildName", db_str(row, 0, RS_BUILD_NAME));
	cJSON_AddItemToObject(o, "buildCost", prices_json(row, 0, RS_NET));
	who = cJSON_AddObjectToObject(o, "landlord");
	cJSON_AddItemToObject(who, "nickName", app_cell_str(row, 0, RS_NICK));
	/* The phone only to someone logged in. */
	cJSON_AddItemToObject(who, "phone",
	                      r->uid != 0 ? app_cell_str(row, 0, RS_PHONE)
	                                  : cJSON_CreateNull());
	db_res_free(row);
	resp_ans(res, o);
	return resp_fail(res, ST_OK, "查询成功");
}

/* ---- POST /open/houseshow/{page}/{size} ------------------------------- */

static const struct js h_rent_rooms_public_m[] = {
        JSD_INT("unitType", JS_DIGITSTR, 0, BLD_UNIT_MAX),
};
const struct js h_rent_rooms_public_body =
        JSD_OBJECT(NULL, 0, h_rent_rooms_public_m);
enum { PP_PAGE, PP_SIZE };
const struct pspec h_rent_rooms_public_params[] = {
        PARAM_INT("page", PF_REQUIRED | PF_PATH, 1, PAGE_MAX),
        PARAM_INT("size", PF_REQUIRED | PF_PATH, 1, 50),
        PARAM_END,
};

enum status
h_rent_rooms_public(struct req *r, struct resp *res)
{
	long long count = 0, size = r->p[PP_SIZE].i;
	struct db_res *rows = NULL;
	enum status st;

	st = rooms_public((int)jv_int(jv_get(r->json, "unitType")),
	                  (r->p[PP_PAGE].i - 1) * size, size, &rows, &count);
	if (st != ST_OK)
		return st;
	resp_ans(res, rooms_json(rows));
	db_res_free(rows);
	top_count(res, count);
	return resp_fail(res, ST_OK, "查询成功");
}
