/* Login, logout and SMS codes (directory.md 2, 3): the document's
 * {code, message} and {code, msg} answers, HTTP 200 but for a lock-out. */
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "codes.h"
#include "directory/directory.h"
#include "directory/handlers.h"
#include "valid.h"

/* login_log's outcomes and methods (migration 0010). */
enum { LOG_IN, LOG_REFUSED, LOG_LOCKED };
enum { BY_PASSWORD = 1, BY_SMS = 2 };

/* An empty value passes here: the handler names it as blank.  The rules
 * in Chinese (directory.md 1). */
static int
check_tel(const char *s, size_t n, char *err, size_t errlen)
{
	if (n == 0 || valid_mobile(s, n, NULL, 0) == 0)
		return 0;
	snprintf(err, errlen, "请填写有效的中国大陆手机号。");
	return -1;
}

static int
check_code(const char *s, size_t n, char *err, size_t errlen)
{
	if (n == 0 || valid_digits(s, n, 6, 6, NULL, 0) == 0)
		return 0;
	snprintf(err, errlen, "请填写 6 位数字的验证码。");
	return -1;
}

/* Both forms, {username, password} and {tel, code}, in one schema; the
 * handler tells which came. */
static const struct js dir_login_body_m[] = {
        JSD_TEXT("username", 0, 0, 254, NULL),
        JSD_TEXT("password", 0, 0, 128, NULL),
        JSD_TEXT("tel", 0, 0, 32, check_tel),
        JSD_TEXT("code", 0, 0, 32, check_code),
};
const struct js dir_login_body = JSD_OBJECT(NULL, 0, dir_login_body_m);

/* The field's value, or NULL after adding its refusal ("missing" or
 * "blank") to err. */
static const char *
field(const struct jv *body, const char *name, size_t *n, struct buf *err)
{
	const char *s = jv_str(jv_get(body, name), n);

	if (s != NULL && *n > 0)
		return s;
	buf_addf(err, "%s%s: %s", err->len ? "; " : "", name,
	         s == NULL ? "required" : "该字段不能为空。");
	return NULL;
}

static enum status
answer(struct resp *res, int http, int code, const char *message,
       const char *token)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "code", code);
	cJSON_AddStringToObject(o, "message", message);
	if (token != NULL)
		cJSON_AddStringToObject(o, "token", token);
	res->http = http;
	resp_ans(res, o);
	return ST_OK;
}

/* How the directory's login field names an identifier: 11 digits a mobile,
 * one with '@' an e-mail, anything else a username. */
static enum acc_ident
ident_kind(const char *s, size_t n)
{
	if (n == 11 && valid_digits(s, n, 11, 11, NULL, 0) == 0)
		return ACC_BY_MOBILE;
	return memchr(s, '@', n) != NULL ? ACC_BY_EMAIL : ACC_BY_USERNAME;
}

const struct pspec h_dir_login_params[] = {PARAM_END};

/* POST /api/login/ {username, password} or {tel, code}. */
enum status
h_dir_login(struct req *r, struct resp *res)
{
	const struct jv *b = r->json;
	const char *name, *secret, *wrong;
	char token[TOKEN_HEX_LEN + 1] = "";
	struct buf err = {0};
	size_t nn = 0, sn = 0;
	long long uid = 0, known = 0;
	int sms, outcome;
	enum status st, lst;

	sms = jv_get(b, "username") == NULL && jv_get(b, "password") == NULL &&
	      (jv_get(b, "tel") != NULL || jv_get(b, "code") != NULL);
	name = field(b, sms ? "tel" : "username", &nn, &err);
	secret = field(b, sms ? "code" : "password", &sn, &err);
	if (name == NULL || secret == NULL) {
		st = resp_fail(res, ST_PARAM, "%s", err.p);
		buf_free(&err);
		return st;
	}
	buf_free(&err);
	if (sms) {
		st = accounts_login_sms(name, secret, sn, r->remote_addr, &uid,
		                        &known);
		wrong = "手机号或验证码错误";
	} else {
		st = accounts_login(ident_kind(name, nn), name, secret, sn,
		                    r->remote_addr, &uid, &known);
		wrong = "用户名或密码错误";
	}
	if (st == ST_OK) {
		st = accounts_session_new(uid, app.cfg.token_ttl_s, token);
		if (st != ST_OK)
			return st;
	}
	outcome = st == ST_OK     ? LOG_IN
	          : st == ST_RATE ? LOG_LOCKED
	                          : LOG_REFUSED;
	if (st != ST_OK && st != ST_RATE && st != ST_NO_ACCOUNT &&
	    st != ST_PASSWORD && st != ST_CODE)
		return st;
	lst = accounts_login_log(st == ST_OK ? uid : known, r->remote_addr,
	                         outcome, sms ? BY_SMS : BY_PASSWORD);
	if (lst != ST_OK) {
		crypto_wipe(token, sizeof(token));
		return lst;
	}
	switch (st) {
	case ST_OK:
		answer(res, 200, 30000, "用户登录成功", token);
		crypto_wipe(token, sizeof(token));
		return ST_OK;
	case ST_RATE:
		return answer(res, 429, 30002, "登录失败次数过多，请稍后再试",
		              NULL);
	default:
		return answer(res, 200, 30001, wrong, NULL);
	}
}

const struct pspec h_dir_logout_params[] = {PARAM_END};

/* DELETE /api/login/: the presented token revoked (the privilege guard
 * authenticated it). */
enum status
h_dir_logout(struct req *r, struct resp *res)
{
	enum status st;

	if (r->uid == 0 || r->token == NULL)
		return ST_AUTH;
	st = accounts_session_revoke(r->token, strlen(r->token));
	if (st != ST_OK)
		return st;
	res->http = 204;
	return ST_OK;
}

/* The whole segment is checked by the handler: every answer is HTTP 200
 * with the document's code (directory.md 3). */
enum { P_TEL };
const struct pspec h_dir_mobile_code_params[] = {
        [P_TEL] = PARAM_TEXT("tel", PF_PATH | PF_REQUIRED, 1, 1000, NULL),
        PARAM_END,
};

static enum status
sms_answer(struct resp *res, int code, const char *msg)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "code", code);
	cJSON_AddStringToObject(o, "msg", msg);
	resp_ans(res, o);
	return ST_OK;
}

/* GET /api/mobile_code/{tel}/: one SMS code through the shared machinery
 * (any number, registered or not: the code logs in or registers). */
enum status
h_dir_mobile_code(struct req *r, struct resp *res)
{
	const char *why = "";
	enum status st;

	if (valid_mobile(r->p[P_TEL].s, r->p[P_TEL].n, NULL, 0) < 0)
		return sms_answer(res, 10003, "请提供有效的手机号");
	st = codes_sms_send(r->p[P_TEL].s, r->remote_addr, 0, &why);
	switch (st) {
	case ST_OK:
		return sms_answer(res, 10001, "短信验证码发送成功");
	case ST_RATE:
		return sms_answer(res, 10002,
		                  strcmp(why, "interval") == 0
		                          ? "请不要在60秒以内重复发送手机验证码"
		                          : "今日验证码发送次数已达上限");
	case ST_THIRD_PARTY:
		return sms_answer(res, 10004, "短信服务暂时无法使用");
	default:
		return st;
	}
}
