/* QSZ's account routes (qsz.md): WeChat login, the session's user,
 * logout, the profile; the token travels in the token header. */
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "app.h"
#include "buf.h"
#include "qsz/handlers.h"
#include "log.h"
#include "upload.h"
#include "valid.h"
#include "wechat.h"

static void
free_rows(void *p)
{
	db_res_free(p);
}

/* The session's row carries the user object, kept on the request:
 * /fetch_userinfo then needs no second query. */
enum status
users_authenticate(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	enum status st;

	(void)res;
	if (r->token == NULL)
		return ST_AUTH;
	st = accounts_session_user(r->token, strlen(r->token), &row);
	if (st != ST_OK)
		return st;
	r->uid = db_int(row, 0, ACC_U_ID, 0);
	r->admin = db_int(row, 0, ACC_U_ADMIN, 0) != 0;
	r->user = row;
	r->user_free = free_rows;
	return ST_OK;
}

const char *
users_name(const struct req *r)
{
	const char *v;

	if (r->uid == 0 || r->user == NULL)
		return "";
	v = db_str(r->user, 0, ACC_U_NAME);
	return v != NULL ? v : "";
}

/* The user object (qsz.md 2) from a row of id, is_admin, profile_json: the
 * database keeps profile_json (migration 0001); only the id is added.  With
 * token, the login answer.  Returns raw JSON text in the request's arena. */
static char *
user_object_text(struct req *r, const struct db_res *rows, const char *token)
{
	const char *pj = db_str(rows, 0, ACC_U_PROFILE);
	size_t n;

	if (pj == NULL || pj[0] != '{' || (n = strlen(pj)) < 2)
		return NULL;
	/* {"id":N, + the members + ,"token":"..." + } */
	return arena_printf(r->a, "{\"id\":%lld,%.*s%s%s%s}",
	                    db_int(rows, 0, ACC_U_ID, 0), (int)(n - 2), pj + 1,
	                    token ? ",\"token\":\"" : "", token ? token : "",
	                    token ? "\"" : "");
}

/* The user object of uid into res, with the login token when given. */
static enum status
user_answer(struct req *r, long long uid, const char *token, struct resp *res)
{
	struct db_res *row = NULL;
	char *text = NULL;
	enum status st;

	st = accounts_user(uid, &row);
	if (st == ST_OK)
		text = user_object_text(r, row, token);
	else if (st != ST_AUTH)
		return st;
	db_res_free(row);
	if (text == NULL) {
		log_err("user %lld has no profile", uid);
		return ST_INTERNAL;
	}
	resp_ans(res, cJSON_CreateRaw(text));
	return ST_OK;
}

/* ---- /wx_fetch_userinfo ------------------------------------------- */

enum { L_CODE, L_JS_CODE, L_OPENID };

const struct pspec h_users_login_params[] = {
        [L_CODE] = PARAM_TEXT("code", PF_EMPTY, 1, 256, NULL),
        [L_JS_CODE] = PARAM_TEXT("js_code", PF_EMPTY, 1, 256, NULL),
        [L_OPENID] = PARAM_TEXT("openid", PF_EMPTY, 1, 128, NULL),
        PARAM_END,
};

enum status
h_users_login(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	struct wx_user u = {.sex = -1};
	char token[TOKEN_HEX_LEN + 1];
	long long uid = 0;
	enum status st;
	int given = p[L_CODE].set + p[L_JS_CODE].set + p[L_OPENID].set;

	if (given == 0)
		return resp_fail(res, ST_PARAM,
		                 "code: required (or js_code from a mini "
		                 "program)");
	if (given > 1)
		return resp_fail(res, ST_PARAM,
		                 "code: give only one of code, js_code and "
		                 "openid");
	if (p[L_CODE].set) {
		st = wechat_code(p[L_CODE].s, &u, res);
	} else if (p[L_JS_CODE].set) {
		st = wechat_jscode(p[L_JS_CODE].s, &u, res);
	} else {
		if (!app.cfg.wechat_trust_client_openid)
			return resp_fail(
			        res, ST_PARAM,
			        "openid: not accepted; log in with code "
			        "(WeChat authorization) or js_code "
			        "(mini program)");
		if (!wechat_id_ok(p[L_OPENID].s))
			return resp_fail(res, ST_PARAM,
			                 "openid: must be 1 to 128 letters, "
			                 "digits, _ or -");
		u.openid = xstrdup(p[L_OPENID].s);
		st = ST_OK;
	}
	if (st != ST_OK)
		return st;
	st = accounts_wechat_login(&u, &uid);
	wechat_user_free(&u);
	if (st != ST_OK)
		return st;
	st = accounts_session_new(uid, app.cfg.token_ttl_s, token);
	if (st != ST_OK)
		return st;
	st = user_answer(r, uid, token, res);
	crypto_wipe(token, sizeof(token));
	if (st != ST_OK)
		return st;
	r->uid = uid;
	log_info("login: user %lld", uid);
	return ST_OK;
}

/* ---- /fetch_userinfo, /logout -------------------------------------- */

const struct pspec h_users_fetch_params[] = {PARAM_END};

enum status
h_users_fetch(struct req *r, struct resp *res)
{
	char *text = user_object_text(r, r->user, NULL);

	if (text == NULL)
		return ST_INTERNAL;
	resp_ans(res, cJSON_CreateRaw(text));
	return ST_OK;
}

const struct pspec h_users_logout_params[] = {PARAM_END};

enum status
h_users_logout(struct req *r, struct resp *res)
{
	(void)res;
	return accounts_session_revoke(r->token, strlen(r->token));
}

/* ---- /create_userinfo ----------------------------------------------- */

enum {
	C_NICKNAME,
	C_SEX,
	C_USER_TYPE,
	C_PROVINCE,
	C_CITY,
	C_BIRTHDAY,
	C_CONSTELLATIONS,
	C_EDUCATION,
	C_OCCUPATION,
	C_PORTRAIT,
	/* Optional: omitted keeps, empty clears. */
	C_SELF_DESC,
	C_ACCOUNT_NAME,
	C_ACCOUNT_NUMBER,
	C_ACCOUNT_IDCARD,
	C_TEL,
	C_VTEL_FLAG,
	C_VTEL,
	C_WECHAT,
	C_QQ,
	C__MAX
};

static const char *const educations[] = {
        "博士", "硕士", "本科", "大专", "中专", "高中", "初中", NULL,
};

static const char *const constellations[] = {
        "白羊座", "金牛座", "双子座", "巨蟹座", "狮子座", "处女座", "天秤座",
        "天蝎座", "射手座", "摩羯座", "水瓶座", "双鱼座", NULL,
};

static int
check_account(const char *s, size_t n, char *err, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '@' || c == '.' ||
		      c == '_' || c == '+' || c == '-')) {
			snprintf(err, len,
			         "must be letters, digits and "
			         "@._+- only");
			return -1;
		}
	}
	return 0;
}

static int
check_wechat(const char *s, size_t n, char *err, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

		if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '_' ||
		                          c == '-')))) {
			snprintf(err, len,
			         "must be a WeChat ID: 6 to 20 "
			         "letters, digits, _ or -, starting "
			         "with a letter");
			return -1;
		}
	}
	return 0;
}

static int
check_qq(const char *s, size_t n, char *err, size_t len)
{
	if (n > 0 && s[0] == '0') {
		snprintf(err, len,
		         "must be 5 to 12 digits, not starting "
		         "with 0");
		return -1;
	}
	return 0;
}

/* 400 followed by 7 digits, optionally "-" and a 1-6 digit extension. */
static int
check_vtel(const char *s, size_t n, char *err, size_t len)
{
	size_t i;

	if (n < 10 || memcmp(s, "400", 3) != 0)
		goto bad;
	for (i = 3; i < 10; i++)
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	if (n == 10)
		return 0;
	if (s[10] != '-' || n < 12 || n > 17)
		goto bad;
	for (i = 11; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	return 0;
bad:
	snprintf(err, len,
	         "must be a 400 number: 400 and 7 digits, "
	         "optionally -extension (1 to 6 digits)");
	return -1;
}

const struct pspec h_users_create_params[] = {
        [C_NICKNAME] = PARAM_TEXT("nickname", PF_REQUIRED, 1, 30, NULL),
        [C_SEX] = PARAM_INT("sex", PF_REQUIRED, 0, 2),
        [C_USER_TYPE] = PARAM_INT("user_type", PF_REQUIRED, 1, 3),
        [C_PROVINCE] = PARAM_TEXT("addressProvince", PF_REQUIRED, 1, 64, NULL),
        [C_CITY] = PARAM_TEXT("addressCity", PF_REQUIRED, 1, 64, NULL),
        [C_BIRTHDAY] = PARAM_OF("birthday", PT_DATE, PF_REQUIRED | PF_PAST),
        [C_CONSTELLATIONS] =
                PARAM_CHOICE("constellations", PF_REQUIRED, constellations),
        [C_EDUCATION] = PARAM_CHOICE("education", PF_REQUIRED, educations),
        [C_OCCUPATION] = PARAM_TEXT("occupation", PF_REQUIRED, 1, 30, NULL),
        [C_PORTRAIT] = PARAM_FILE("portrait", 0, FT_IMAGE,
                                  &app.cfg.max_image_bytes, 0),
        [C_SELF_DESC] = PARAM_TEXT("self_description", PF_EMPTY, 1, 1000, NULL),
        [C_ACCOUNT_NAME] = PARAM_TEXT("account_name", PF_EMPTY, 2, 30, NULL),
        [C_ACCOUNT_NUMBER] =
                PARAM_TEXT("account_number", PF_EMPTY, 4, 64, check_account),
        [C_ACCOUNT_IDCARD] =
                PARAM_OF("account_idcardnumber", PT_IDCARD, PF_EMPTY),
        [C_TEL] = PARAM_OF("tel", PT_MOBILE, PF_EMPTY),
        [C_VTEL_FLAG] = PARAM_OF("virtual_tel_flag", PT_BOOL, PF_EMPTY),
        [C_VTEL] = PARAM_TEXT("virtual_tel", PF_EMPTY, 10, 17, check_vtel),
        [C_WECHAT] = PARAM_TEXT("wechat", PF_EMPTY, 6, 20, check_wechat),
        [C_QQ] = PARAM_DIGITS("qq", PF_EMPTY, 5, 12, check_qq),
        [C__MAX] = PARAM_END,
};

_Static_assert(C__MAX == ACP__MAX + 1, "the profile fields but the portrait");

/* Given at all (an empty value counts: it clears). */
static int
given(const struct req *r, int i)
{
	size_t first;

	return r->p[i].set ||
	       req_count(r, h_users_create_params[i].name, &first) > 0;
}

enum status
h_users_create(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	struct accounts_val v[ACP__MAX];
	int i, k, missing;
	enum status st;

	/* The parameters but the portrait, in the order of ACP_*. */
	for (i = 0, k = 0; i < C__MAX; i++) {
		if (i == C_PORTRAIT)
			continue;
		v[k].given = i < C_SELF_DESC || given(r, i);
		v[k].set = p[i].set;
		v[k].s = p[i].s;
		v[k].n = p[i].n;
		v[k].i = p[i].i;
		k++;
	}
	st = accounts_profile_update(
	        r->uid, v, p[C_PORTRAIT].set ? p[C_PORTRAIT].files[0] : NULL,
	        &missing);
	if (st == ST_FORBIDDEN)
		return resp_fail(res, ST_FORBIDDEN,
		                 "%s: for landlords (user_type 1) only",
		                 p[C_VTEL].set ? "virtual_tel"
		                               : "virtual_tel_flag");
	if (st == ST_PARAM && missing == ACC_NEED_PORTRAIT)
		return resp_fail(res, ST_PARAM, "portrait: required");
	if (st == ST_PARAM && missing == ACC_NEED_VTEL)
		return resp_fail(res, ST_PARAM,
		                 "virtual_tel: required when "
		                 "virtual_tel_flag is 1");
	return st;
}
