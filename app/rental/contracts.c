/* Contracts (rental.md 4): /contr/init by the landlord (the guard checked
 * the role), /contr/visa by the tenant, /contr/search for either. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "contracts.h"
#include "rental/handlers.h"
#include "rental/rental.h"
#include "rentcalc.h"
#include "valid.h"

#define MONEY_MAX   100000000LL /* 1,000,000.00 yuan in fen */
#define READING_MAX 100000000LL /* 10,000,000.0 in tenths */
#define PAST_DAYS   31

cJSON *
rental_contract_json(const struct db_res *rows, size_t i)
{
	static const char *const flags[5] = {"bathroom", "air_condition",
	                                     "geyser", "gas", "broadband"};
	static const char *const costs[5] = {"clear", "rent", "net",
	                                     "electricity", "water"};
	cJSON *o = cJSON_CreateObject(), *t, *room, *cfg, *cost, *base;
	int k;

	cJSON_AddItemToObject(o, "_id", rental_id_cell(rows, i, CT_ID));
	cJSON_AddItemToObject(o, "roomId", rental_id_cell(rows, i, CT_ROOM));
	cJSON_AddItemToObject(o, "houseName", app_cell_str(rows, i, CT_NAME));
	cJSON_AddItemToObject(o, "state", app_cell_int(rows, i, CT_STATE));
	t = cJSON_AddObjectToObject(o, "time");
	cJSON_AddItemToObject(t, "beginTime", app_cell_str(rows, i, CT_BEGIN));
	cJSON_AddItemToObject(t, "endTime", app_cell_str(rows, i, CT_END));
	room = cJSON_AddObjectToObject(o, "roomConfig");
	cJSON_AddItemToObject(room, "houseType",
	                      app_cell_int(rows, i, CT_TYPE));
	cfg = cJSON_AddObjectToObject(room, "houseConfig");
	cost = cJSON_AddObjectToObject(room, "houseCost");
	for (k = 0; k < 5; k++) {
		cJSON_AddItemToObject(
		        cfg, flags[k],
		        app_cell_int(rows, i, (size_t)(CT_BATHROOM + k)));
		cJSON_AddItemToObject(
		        cost, costs[k],
		        rent_yuan_json(
		                db_int(rows, i, (size_t)(CT_CLEAR + k), 0)));
	}
	base = cJSON_AddObjectToObject(o, "Baseinfo");
	cJSON_AddItemToObject(
	        base, "electric",
	        rent_tenths_json(db_int(rows, i, CT_BASE_ELECTRIC, 0)));
	cJSON_AddItemToObject(
	        base, "water",
	        rent_tenths_json(db_int(rows, i, CT_BASE_WATER, 0)));
	cJSON_AddItemToObject(o, "persons", app_cell_int(rows, i, CT_PERSONS));
	cJSON_AddItemToObject(o, "tenantId", rental_id_cell(rows, i, CT_TENANT));
	cJSON_AddItemToObject(o, "landlordId", rental_id_cell(rows, i, CT_LANDLORD));
	cJSON_AddItemToObject(o, "billId", rental_id_cell(rows, i, CT_BILL));
	return o;
}

/* ---- /contr/init ---------------------------------------------------- */

static const struct js config_m[] = {
        JSD_INT("bathroom", JS_REQUIRED | JS_DIGITSTR, 0, 1),
        JSD_INT("air_condition", JS_REQUIRED | JS_DIGITSTR, 0, 1),
        JSD_INT("geyser", JS_REQUIRED | JS_DIGITSTR, 0, 1),
        JSD_INT("gas", JS_REQUIRED | JS_DIGITSTR, 0, 1),
        JSD_INT("broadband", JS_REQUIRED | JS_DIGITSTR, 0, 1),
};
static const struct js cost_m[] = {
        JSD_DEC("clear", JS_REQUIRED, 2, 0, MONEY_MAX),
        JSD_DEC("rent", JS_REQUIRED, 2, 0, MONEY_MAX),
        JSD_DEC("net", JS_REQUIRED, 2, 0, MONEY_MAX),
        JSD_DEC("electricity", JS_REQUIRED, 2, 0, MONEY_MAX),
        JSD_DEC("water", JS_REQUIRED, 2, 0, MONEY_MAX),
};
static const struct js base_m[] = {
        JSD_DEC("electric", JS_REQUIRED, 1, 0, READING_MAX),
        JSD_DEC("water", JS_REQUIRED, 1, 0, READING_MAX),
};
/* beginTime is a date or epoch milliseconds, two JSON types: the handler
 * reads it (begin_date) through lib/valid. */
static const struct js h_rent_contract_init_m[] = {
        JSD_INT("roomId", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
        JSD_INT("landlordId", JS_DIGITSTR, 1, LLONG_MAX),
        JSD_TEXT("houseName", JS_REQUIRED, 1, 20, NULL),
        JSD_INT("houseType", JS_REQUIRED | JS_DIGITSTR, 1, 9),
        JSD_OBJECT("houseConfig", JS_REQUIRED, config_m),
        JSD_OBJECT("houseCost", JS_REQUIRED, cost_m),
        JSD_OBJECT("Baseinfo", JS_REQUIRED, base_m),
};
const struct js h_rent_contract_init_body =
        JSD_OBJECT(NULL, 0, h_rent_contract_init_m);
const struct pspec h_rent_contract_init_params[] = {
        PARAM_END,
};

/* Today in China (UTC+8). */
static struct rdate
china_today(void)
{
	return rent_from_days(((long long)time(NULL) + 8 * 3600) / 86400);
}

/* beginTime as a China date: YYYY-MM-DD, or epoch milliseconds (the
 * document's Date.now()).  0, or -1 with the rule in err. */
static int
begin_date(const struct jv *v, struct rdate *out, char *err, size_t len)
{
	struct rdate today = china_today();
	long long ms, day, lo, hi;
	long ymd;

	if (v == NULL) {
		snprintf(err, len, "beginTime: required");
		return -1;
	}
	if (v->type == JV_STRING &&
	    valid_date(v->s, v->n, 0, &ymd, err, len) == 0) {
		out->y = (int)(ymd / 10000);
		out->m = (int)(ymd / 100 % 100);
		out->d = (int)(ymd % 100);
		day = rent_days(*out);
	} else if (v->type == JV_NUMBER &&
	           valid_int(v->s, v->n, 0, 4102444800000LL, &ms, err, len) ==
	                   0) {
		day = (ms + 8LL * 3600 * 1000) / 86400000LL;
		*out = rent_from_days(day);
	} else {
		snprintf(err, len,
		         "beginTime: must be a date YYYY-MM-DD or epoch "
		         "milliseconds");
		return -1;
	}
	lo = rent_days(today) - PAST_DAYS;
	hi = rent_days(rent_add_months(today, 12));
	if (day < lo || day > hi) {
		snprintf(err, len,
		         "beginTime: 不早于 %d 天前、不晚于一年后 (China date)",
		         PAST_DAYS);
		return -1;
	}
	return 0;
}

enum status
h_rent_contract_init(struct req *r, struct resp *res)
{
	static const char *const flags[5] = {"bathroom", "air_condition",
	                                     "geyser", "gas", "broadband"};
	static const char *const costs[5] = {"clear", "rent", "net",
	                                     "electricity", "water"};
	const struct jv *b = r->json, *cfg = jv_get(b, "houseConfig"),
	                *cost = jv_get(b, "houseCost"),
	                *base = jv_get(b, "Baseinfo"), *lid;
	struct contract_room seen;
	struct rdate begin;
	char err[160];
	long long id;
	enum status st;
	cJSON *o;
	int k;

	if (begin_date(jv_get(b, "beginTime"), &begin, err, sizeof(err)) != 0)
		return resp_fail(res, ST_PARAM, "%s", err);
	lid = jv_get(b, "landlordId");
	if (lid != NULL && jv_int(lid) != r->uid)
		return resp_fail(res, ST_FORBIDDEN,
		                 "landlordId: must be the caller");
	seen.name = jv_str(jv_get(b, "houseName"), NULL);
	seen.type = jv_int(jv_get(b, "houseType"));
	for (k = 0; k < 5; k++) {
		seen.config[k] = jv_int(jv_get(cfg, flags[k]));
		seen.cost[k] = jv_dec(jv_get(cost, costs[k]), 2);
	}
	st = contracts_init(r->uid, jv_int(jv_get(b, "roomId")), begin,
	                    jv_dec(jv_get(base, "electric"), 1),
	                    jv_dec(jv_get(base, "water"), 1), &seen, &id);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "roomId: no such room");
	if (st == ST_CONFLICT)
		return resp_fail(res, ST_CONFLICT,
		                 "roomId: the room is rented or has a live "
		                 "contract");
	if (st == ST_PARAM)
		return resp_fail(res, ST_PARAM, "room changed, reload it");
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "id", rental_id(id));
	resp_ans(res, o);
	return resp_fail(res, ST_OK, "添加成功");
}

/* ---- /contr/visa ---------------------------------------------------- */

/* Optional fields may come empty ("选填"): "" is not given. */
static int
phone_rule(const char *s, size_t n, char *err, size_t len)
{
	return n == 0 ? 0 : valid_mobile(s, n, err, len);
}

static int
idcard_rule(const char *s, size_t n, char *err, size_t len)
{
	char out[19];

	return n == 0 ? 0 : valid_idcard(s, n, out, err, len);
}

static const struct js h_rent_contract_sign_m[] = {
        JSD_INT("id", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
        JSD_INT("tenantId", JS_DIGITSTR, 1, LLONG_MAX),
        JSD_INT("persons", JS_REQUIRED | JS_DIGITSTR, 1, 20),
        JSD_TEXT("phone", 0, 0, 11, phone_rule),
        JSD_TEXT("idcard", 0, 0, 18, idcard_rule),
};
const struct js h_rent_contract_sign_body =
        JSD_OBJECT(NULL, 0, h_rent_contract_sign_m);
const struct pspec h_rent_contract_sign_params[] = {
        PARAM_END,
};

static const char *
state_word(int state)
{
	switch (state) {
	case CS_WAITING:
		return "waiting";
	case CS_SIGNED:
		return "signed";
	case CS_ENDED:
		return "ended";
	case CS_EXPIRED:
		return "expired";
	}
	return "unknown";
}

enum status
h_rent_contract_sign(struct req *r, struct resp *res)
{
	const struct jv *b = r->json, *tid = jv_get(b, "tenantId");
	const char *phone, *idc;
	char card[19], err[64];
	size_t np = 0, ni = 0;
	enum status st;
	int state;

	if (tid != NULL && jv_int(tid) != r->uid)
		return resp_fail(res, ST_FORBIDDEN,
		                 "tenantId: must be the caller");
	phone = jv_str(jv_get(b, "phone"), &np);
	idc = jv_str(jv_get(b, "idcard"), &ni);
	if (idc != NULL && ni > 0 &&
	    valid_idcard(idc, ni, card, err, sizeof(err)) != 0)
		return resp_fail(res, ST_PARAM, "idcard: %s", err);
	st = contracts_sign(r->uid, jv_int(jv_get(b, "id")),
	                    jv_int(jv_get(b, "persons")), np > 0 ? phone : NULL,
	                    ni > 0 ? card : NULL, &state);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "id: no such contract");
	if (st == ST_FORBIDDEN)
		return resp_fail(res, ST_FORBIDDEN,
		                 "id: the landlord cannot sign as the tenant");
	if (st == ST_CONFLICT && state == CS_EXPIRED)
		return resp_fail(res, ST_CONFLICT,
		                 "state: the contract expired (not signed "
		                 "within %lld s)",
		                 app.cfg.rental_contract_sign_s);
	if (st == ST_CONFLICT && state >= 0 && state != CS_WAITING)
		return resp_fail(res, ST_CONFLICT,
		                 "state: the contract is %d (%s); only a "
		                 "waiting contract (0) can be signed",
		                 state, state_word(state));
	if (st == ST_CONFLICT)
		return resp_fail(res, ST_CONFLICT,
		                 "roomId: the room has a live contract");
	if (st != ST_OK)
		return st;
	return resp_fail(res, ST_OK, "合同签订成功");
}

/* ---- /contr/search -------------------------------------------------- */

static const struct js h_rent_contract_get_m[] = {
        JSD_INT("id", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
};
const struct js h_rent_contract_get_body =
        JSD_OBJECT(NULL, 0, h_rent_contract_get_m);
const struct pspec h_rent_contract_get_params[] = {
        PARAM_END,
};

enum status
h_rent_contract_get(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	enum status st;

	st = contracts_get(r->uid, jv_int(jv_get(r->json, "id")), &row);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "id: no such contract");
	if (st != ST_OK)
		return st;
	resp_ans(res, rental_contract_json(row, 0));
	db_res_free(row);
	return resp_fail(res, ST_OK, "查询成功");
}
