/* iHome's account routes (ihome.md 4): register, log in, session state,
 * log out.  The session token travels in the HttpOnly `session` cookie. */
#include <string.h>

#include "accounts.h"
#include "ihome.h"
#include "ihome/handlers.h"

/* Start a session for uid and set its cookie; a session cookie the
 * request carried is revoked first (no fixation). */
static enum status
start_session(struct req *r, struct resp *res, long long uid)
{
	char token[TOKEN_HEX_LEN + 1];
	const char *old;
	enum status st;
	size_t n;

	if ((old = req_cookie(r, "session", &n)) != NULL && n > 0 &&
	    (st = accounts_session_revoke(old, n)) != ST_OK)
		return st;
	st = accounts_session_new(uid, app.cfg.session_cookie_ttl_s, token);
	if (st != ST_OK)
		return st;
	resp_header(res, "Set-Cookie",
	            "session=%s; Path=/; HttpOnly; SameSite=Lax; "
	            "Max-Age=%lld%s",
	            token, app.cfg.session_cookie_ttl_s,
	            app_cookie_secure() ? "; Secure" : "");
	crypto_wipe(token, sizeof(token));
	r->uid = uid;
	return ST_OK;
}

static void
answer_user(struct resp *res, long long uid, const char *name)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "user_id", (double)uid);
	cJSON_AddStringToObject(o, "name", name);
	resp_ans(res, o);
}

enum { R_MOBILE, R_PHONECODE, R_PASSWORD };
const struct pspec h_ihome_user_register_params[] = {
        [R_MOBILE] = {.name = "mobile",
                      .type = PT_MOBILE,
                      .flags = PF_REQUIRED},
        [R_PHONECODE] = PARAM_DIGITS("phonecode", PF_REQUIRED, 6, 6, NULL),
        [R_PASSWORD] = PARAM_TEXT("password", PF_REQUIRED, 8, 64, NULL),
        PARAM_END,
};

/* POST /api/v1.0/user {mobile, phonecode, password}. */
enum status
h_ihome_user_register(struct req *r, struct resp *res)
{
	const char *mobile = r->p[R_MOBILE].s;
	long long uid;
	enum status st;

	if (strcmp(r->p[R_PASSWORD].s, mobile) == 0)
		return resp_fail(res, ST_PARAM,
		                 "password: must not be the mobile number");
	st = accounts_register_mobile(mobile, r->p[R_PHONECODE].s,
	                              r->p[R_PHONECODE].n, r->p[R_PASSWORD].s,
	                              r->p[R_PASSWORD].n, &uid);
	switch (st) {
	case ST_OK:
		break;
	case ST_CODE:
		return resp_fail(res, ST_CODE, "短信验证码错误或已失效");
	case ST_RATE:
		return resp_fail(res, ST_RATE,
		                 "短信验证码错误次数过多，请重新获取");
	case ST_EXISTS:
		return resp_fail(res, ST_EXISTS, "手机号已注册");
	default:
		return st;
	}
	if ((st = start_session(r, res, uid)) != ST_OK)
		return st;
	answer_user(res, uid, mobile);
	return resp_fail(res, ST_OK, "注册成功");
}

enum { L_MOBILE, L_PASSWORD };
const struct pspec h_ihome_session_login_params[] = {
        [L_MOBILE] = {.name = "mobile",
                      .type = PT_MOBILE,
                      .flags = PF_REQUIRED},
        [L_PASSWORD] = PARAM_TEXT("password", PF_REQUIRED, 1, 64, NULL),
        PARAM_END,
};

/* POST /api/v1.0/session {mobile, password}. */
enum status
h_ihome_session_login(struct req *r, struct resp *res)
{
	long long uid;
	enum status st;

	st = accounts_login_mobile(r->p[L_MOBILE].s, r->p[L_PASSWORD].s,
	                           r->p[L_PASSWORD].n, r->remote_addr, &uid);
	switch (st) {
	case ST_OK:
		break;
	case ST_RATE:
		return resp_fail(res, ST_RATE, "登录失败次数过多，请稍后再试");
	case ST_NO_ACCOUNT:
		return resp_fail(res, ST_NO_ACCOUNT, "用户不存在");
	case ST_PASSWORD:
		return resp_fail(res, ST_PASSWORD, "密码错误");
	default:
		return st;
	}
	if ((st = start_session(r, res, uid)) != ST_OK)
		return st;
	/* The name as stored (the mobile until the person changes it). */
	answer_user(res, uid, r->p[L_MOBILE].s);
	return resp_fail(res, ST_OK, "登录成功");
}

const struct pspec h_ihome_session_get_params[] = {PARAM_END};

/* GET /api/v1.0/session: who is logged in, or errno 4101 未登录. */
enum status
h_ihome_session_get(struct req *r, struct resp *res)
{
	if (r->uid == 0)
		return resp_fail(res, ST_AUTH, "未登录");
	answer_user(res, r->uid, users_name(r));
	return ST_OK;
}

const struct pspec h_ihome_session_logout_params[] = {PARAM_END};

/* DELETE /api/v1.0/session: revoke it and clear the cookie; errno 0 also
 * when there was none. */
enum status
h_ihome_session_logout(struct req *r, struct resp *res)
{
	const char *tok;
	enum status st;
	size_t n;

	if ((tok = req_cookie(r, "session", &n)) != NULL && n > 0 &&
	    (st = accounts_session_revoke(tok, n)) != ST_OK)
		return st;
	resp_header(res, "Set-Cookie",
	            "session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
	            app_cookie_secure() ? "; Secure" : "");
	return ST_OK;
}
