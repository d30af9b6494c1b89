/* Login from the mini-program, certification, user info, logout (rental.md
 * 2).  The same WeChat user is the same person as on QSZ: the wx.login
 * code goes through QSZ's js_code exchange and the shared WeChat login. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "contracts.h"
#include "buf.h"
#include "log.h"
#include "privileges.h"
#include "rental/handlers.h"
#include "rental/rental.h"
#include "tenants.h"
#include "valid.h"
#include "wechat.h"

/* ---- answers ---- */

static cJSON *
cell_str(const struct db_res *row, size_t col)
{
	const char *v = db_str(row, 0, col);

	return v != NULL ? cJSON_CreateString(v) : cJSON_CreateNull();
}

/* The certification fields of a profile row (rental.md 2): the name, the
 * phone, the masked ID number, the three region names, the village. */
static void
add_cert_fields(cJSON *o, const struct db_res *p)
{
	cJSON_AddItemToObject(o, "name", cell_str(p, TP_REAL_NAME));
	cJSON_AddItemToObject(o, "phone", cell_str(p, TP_PHONE));
	cJSON_AddItemToObject(o, "idcard", cell_str(p, TP_IDCARD_MASKED));
	cJSON_AddItemToObject(o, "provinces", cell_str(p, TP_PROVINCE));
	cJSON_AddItemToObject(o, "city", cell_str(p, TP_CITY));
	cJSON_AddItemToObject(o, "area", cell_str(p, TP_COUNTY));
	cJSON_AddItemToObject(o, "town", cell_str(p, TP_VILLAGE));
	cJSON_AddItemToObject(o, "wxnumber", cell_str(p, TP_WXNUMBER));
}

/* The shared real-name state (1 pending, 2 approved, 3 rejected) and a
 * rejection's reason while it stays rejected (issue 13, 1: decisions are
 * shown to the person on every surface). */
static void
add_identity_state(cJSON *o, const struct db_res *p)
{
	cJSON_AddNumberToObject(o, "real_name_status",
	                        (double)db_int(p, 0, TP_REAL_NAME_STATUS, 0));
	cJSON_AddItemToObject(o, "real_name_reason",
	                      cell_str(p, TP_REAL_NAME_REASON));
}

/* The login's userinfo: the certification data, or null for someone who
 * never sent it (the village is only ever written by it). */
static cJSON *
cert_object(const struct db_res *p)
{
	cJSON *o;

	if (db_str(p, 0, TP_VILLAGE) == NULL)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	add_cert_fields(o, p);
	add_identity_state(o, p);
	return o;
}

/* The user object of /login/update and /query/userinfo. */
static cJSON *
user_object(const struct db_res *p, int landlord, const char *token)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "nickName", cell_str(p, TP_NICKNAME));
	cJSON_AddNumberToObject(o, "role", landlord ? 1 : 0);
	cJSON_AddItemToObject(o, "avatarUrl", cell_str(p, TP_AVATAR));
	add_cert_fields(o, p);
	add_identity_state(o, p);
	cJSON_AddStringToObject(o, "token", token);
	return o;
}

/* The caller's profile row and role. */
static enum status
profile(long long uid, struct db_res **p, int *landlord)
{
	enum status st = tenants_profile(uid, p);

	if (st == ST_AUTH) {
		log_err("user %lld of a session has no row", uid);
		return ST_INTERNAL;
	}
	if (st == ST_OK &&
	    (st = privileges_has_role(uid, ROLE_LANDLORD, landlord)) != ST_OK) {
		db_res_free(*p);
		*p = NULL;
	}
	return st;
}

/* ---- /login/auth ---- */

static int
url_or_empty(const char *s, size_t n, char *err, size_t errlen)
{
	return n == 0 ? 0 : valid_url(s, n, 1, 512, err, errlen);
}

/* wx.getUserInfo's userInfo: every field optional; an empty one is as
 * good as absent (WeChat sends "" for an unknown city). */
static const struct js wxinfo_m[] = {
        JSD_TEXT("nickName", 0, 0, 100, NULL),
        JSD_TEXT("avatarUrl", 0, 0, 512, url_or_empty),
        JSD_INT("gender", JS_DIGITSTR, 0, 2),
        JSD_TEXT("city", 0, 0, 64, NULL),
        JSD_TEXT("province", 0, 0, 64, NULL),
        JSD_TEXT("country", 0, 0, 64, NULL),
};
static const struct js h_rent_login_m[] = {
        JSD_TEXT("code", JS_REQUIRED, 1, 256, NULL),
        JSD_OBJECT("wxinfo", 0, wxinfo_m),
};
const struct js h_rent_login_body = JSD_OBJECT(NULL, 0, h_rent_login_m);
const struct pspec h_rent_login_params[] = {
        PARAM_END,
};

/* A wxinfo string member as a malloc'ed copy, NULL when absent or "". */
static char *
wx_field(const struct jv *info, const char *name)
{
	size_t n;
	const char *s = jv_str(jv_get(info, name), &n);

	return s != NULL && n > 0 ? xstrndup(s, n) : NULL;
}

enum status
h_rent_login(struct req *r, struct resp *res)
{
	const struct jv *info = jv_get(r->json, "wxinfo"), *g;
	struct wx_user u = {.sex = -1};
	char token[TOKEN_HEX_LEN + 1];
	struct db_res *p = NULL;
	long long uid = 0;
	int landlord = 0;
	enum status st;
	cJSON *o;

	st = wechat_jscode(jv_str(jv_get(r->json, "code"), NULL), &u, res);
	if (st == ST_THIRD_PARTY && (u.errcode == 40029 || u.errcode == 40163))
		return resp_fail(res, ST_THIRD_PARTY,
		                 "code: 登录凭证无效或已使用（wx.login 的 code "
		                 "只能用一次，请重新登录）(%d)",
		                 u.errcode);
	if (st != ST_OK)
		return st;
	/* jscode2session tells only the ids: the profile is the client's. */
	if (info != NULL) {
		u.nickname = wx_field(info, "nickName");
		u.headimgurl = wx_field(info, "avatarUrl");
		u.city = wx_field(info, "city");
		u.province = wx_field(info, "province");
		u.country = wx_field(info, "country");
		if ((g = jv_get(info, "gender")) != NULL)
			u.sex = (int)jv_int(g);
	}
	st = accounts_wechat_login(&u, &uid);
	if (st != ST_OK)
		goto out;
	if ((st = profile(uid, &p, &landlord)) != ST_OK)
		goto out;
	if ((st = accounts_session_new(uid, app.cfg.token_ttl_s, token)) !=
	    ST_OK)
		goto out;
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "userid", rental_id(uid));
	cJSON_AddItemToObject(o, "openid", cell_str(p, TP_OPENID));
	cJSON_AddNumberToObject(o, "role", landlord ? 1 : 0);
	cJSON_AddItemToObject(o, "userinfo", cert_object(p));
	cJSON_AddItemToObject(o, "nickName", cell_str(p, TP_NICKNAME));
	cJSON_AddItemToObject(o, "avatarUrl", cell_str(p, TP_AVATAR));
	cJSON_AddStringToObject(o, "token", token);
	crypto_wipe(token, sizeof(token));
	resp_ans(res, o);
	r->uid = uid;
	log_info("rental login: user %lld", uid);
	st = resp_fail(res, ST_OK, "登录成功");
out:
	wechat_user_free(&u);
	db_res_free(p);
	return st;
}

/* ---- /login/update/{cert} ---- */

static int
idcard_ok(const char *s, size_t n, char *err, size_t errlen)
{
	char out[19];

	return valid_idcard(s, n, out, err, errlen);
}

/* location's items are names or codes, so its item type is the handler's
 * to read (place_of). */
static const struct js h_rent_cert_m[] = {
        JSD_INT("id", JS_DIGITSTR, 1, LLONG_MAX),
        JSD_TEXT("name", JS_REQUIRED, 2, 30, NULL),
        JSD_TEXT("phone", JS_REQUIRED, 1, 20, valid_mobile),
        JSD_TEXT("idcard", JS_REQUIRED, 18, 18, idcard_ok),
        JSD_ARRAY("location", JS_REQUIRED, 3, 3, NULL),
        JSD_TEXT("village", JS_REQUIRED, 1, 60, NULL),
        JSD_TEXT("wxnumber", 0, 1, 64, NULL),
};
const struct js h_rent_cert_body = JSD_OBJECT(NULL, 0, h_rent_cert_m);

enum { C_CERT };
const struct pspec h_rent_cert_params[] = {
        [C_CERT] = PARAM_INT("cert", PF_REQUIRED | PF_PATH, 0, 1),
        PARAM_END,
};

static const char *const level_words[3] = {"省份", "城市", "区县"};

/* Item v of location: a 6-digit code (a number or a digit string) or a
 * name of 1 to 64 characters.  0, or -1 with the rule in err. */
static int
place_of(const struct jv *v, struct tenant_place *pl, char *err, size_t len)
{
	long long code = 0;

	memset(pl, 0, sizeof(*pl));
	if (v != NULL && v->type == JV_STRING && v->n > 0 &&
	    strspn(v->s, "0123456789") == v->n) {
		if (valid_int(v->s, v->n, 100000, 999999, &code, NULL, 0) < 0)
			goto bad;
		pl->code = code;
		return 0;
	}
	if (v != NULL && v->type == JV_NUMBER) {
		if (valid_int(v->s, v->n, 100000, 999999, &code, NULL, 0) < 0)
			goto bad;
		pl->code = code;
		return 0;
	}
	if (v != NULL && v->type == JV_STRING &&
	    valid_text(v->s, v->n, 1, 64, NULL, 0) == 0) {
		pl->name = v->s;
		pl->n = v->n;
		return 0;
	}
bad:
	snprintf(err, len,
	         "must be a region name (1 to 64 characters) or a "
	         "6-digit GB/T 2260 code");
	return -1;
}

enum status
h_rent_cert(struct req *r, struct resp *res)
{
	const struct jv *loc = jv_get(r->json, "location"), *id, *w;
	struct tenant_place pl[3];
	struct tenant_loc where;
	struct tenant_cert c;
	struct db_res *p = NULL;
	char idcard[19], err[128];
	int i, landlord = 0;
	enum status st;

	id = jv_get(r->json, "id");
	if (id != NULL && jv_int(id) != r->uid)
		return resp_fail(res, ST_FORBIDDEN,
		                 "id: 只能更新自己的信息（须是当前登录用户）");
	for (i = 0; i < 3; i++)
		if (place_of(jv_at(loc, (size_t)i), &pl[i], err, sizeof(err)) <
		    0)
			return resp_fail(res, ST_PARAM, "location[%d]: %s", i,
			                 err);
	st = tenants_location(r->a, pl, &where);
	if (st == ST_PARAM) {
		i = where.bad;
		if (where.why == TL_UNKNOWN)
			return resp_fail(
			        res, ST_PARAM, "location[%d]: 没有这个%s (%s)",
			        i, level_words[i],
			        pl[i].name != NULL ? pl[i].name
			                           : arena_printf(r->a, "%lld",
			                                          pl[i].code));
		return resp_fail(res, ST_PARAM, "location[%d]: %s 不是%s的%s",
		                 i, where.name[i] != NULL ? where.name[i] : "?",
		                 where.name[i - 1], level_words[i]);
	}
	if (st != ST_OK)
		return st;
	memset(&c, 0, sizeof(c));
	c.name = jv_str(jv_get(r->json, "name"), &c.name_n);
	c.phone = jv_str(jv_get(r->json, "phone"), NULL);
	if (valid_idcard(jv_str(jv_get(r->json, "idcard"), NULL), 18, idcard,
	                 NULL, 0) < 0)
		return ST_INTERNAL; /* checked by the schema */
	c.idcard = idcard;
	for (i = 0; i < 3; i++)
		c.code[i] = where.code[i];
	c.village = jv_str(jv_get(r->json, "village"), &c.village_n);
	if ((w = jv_get(r->json, "wxnumber")) != NULL)
		c.wxnumber = jv_str(w, &c.wxnumber_n);
	c.landlord = r->p[C_CERT].i == 1;
	st = tenants_certify(r->uid, &c);
	crypto_wipe(idcard, sizeof(idcard));
	if (st == ST_EXISTS)
		return resp_fail(res, ST_EXISTS,
		                 "name, idcard: 实名信息已审核通过，不能更改为"
		                 "其他姓名或身份证号");
	if (st != ST_OK)
		return st;
	if ((st = profile(r->uid, &p, &landlord)) != ST_OK)
		return st;
	resp_ans(res, user_object(p, landlord, r->token));
	db_res_free(p);
	return resp_fail(res, ST_OK, "信息更新成功");
}

/* ---- /query/userinfo ---- */

/* No parameters: whatever the client sends is ignored. */
static const struct js h_rent_userinfo_m[] = {
        JSD_TEXT("unused", 0, 0, 1, NULL),
};
const struct js h_rent_userinfo_body = JSD_OBJECT(NULL, 0, h_rent_userinfo_m);
const struct pspec h_rent_userinfo_params[] = {
        PARAM_END,
};

enum status
h_rent_userinfo(struct req *r, struct resp *res)
{
	struct db_res *p = NULL, *c = NULL;
	int landlord = 0;
	enum status st;
	cJSON *o;

	if ((st = profile(r->uid, &p, &landlord)) != ST_OK)
		return st;
	if ((st = contracts_of_tenant(r->uid, &c)) != ST_OK) {
		db_res_free(p);
		return st;
	}
	o = user_object(p, landlord, r->token);
	/* The document's name for the village. */
	cJSON_AddItemToObject(o, "village", cell_str(p, TP_VILLAGE));
	cJSON_AddItemToObject(o, "contract",
	                      c->nrows == 1 ? rental_contract_json(c, 0)
	                                    : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "buildName",
	                      c->nrows == 1 ? app_cell_str(c, 0, CT_BUILDING_NAME)
	                                    : cJSON_CreateNull());
	resp_ans(res, o);
	db_res_free(p);
	db_res_free(c);
	return resp_fail(res, ST_OK, "查询成功");
}

/* ---- /login/outlogin ---- */

/* No parameters. */
static const struct js h_rent_logout_m[] = {
        JSD_TEXT("unused", 0, 0, 1, NULL),
};
const struct js h_rent_logout_body = JSD_OBJECT(NULL, 0, h_rent_logout_m);
const struct pspec h_rent_logout_params[] = {
        PARAM_END,
};

enum status
h_rent_logout(struct req *r, struct resp *res)
{
	enum status st = accounts_session_revoke(r->token, strlen(r->token));

	if (st != ST_OK)
		return st;
	log_info("rental logout: user %lld", r->uid);
	return resp_fail(res, ST_OK, "退出成功");
}
