#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "app.h"
#include "buf.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "valid.h"
#include "wechat.h"

int
wechat_id_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (i >= 128 ||
		    !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return i > 0;
}

void
wechat_user_free(struct wx_user *u)
{
	free(u->openid);
	free(u->unionid);
	free(u->nickname);
	free(u->country);
	free(u->province);
	free(u->city);
	free(u->headimgurl);
	memset(u, 0, sizeof(*u));
	u->sex = -1;
}

/* A string member as a malloc'ed copy of at most max characters, cut on a
 * character boundary; NULL when absent, empty or not valid UTF-8. */
static char *
member(const cJSON *o, const char *name, size_t max)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	const unsigned char *p;
	size_t n, chars = 0;

	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    !valid_utf8(v->valuestring, strlen(v->valuestring)))
		return NULL;
	p = (const unsigned char *)v->valuestring;
	for (n = 0; p[n] != '\0'; n++)
		if ((p[n] & 0xc0) != 0x80 && chars++ == max)
			break;
	return xstrndup(v->valuestring, n);
}

/* WeChat's errmsg up to its ", rid:" / " hints:" suffix, printable ASCII
 * only, so it can be shown and logged. */
static void
clean_errmsg(const char *in, char *out, size_t len)
{
	size_t i, j = 0;

	for (i = 0; in[i] != '\0' && j + 1 < len; i++) {
		if (in[i] == ',' || strncmp(in + i, " hints", 6) == 0 ||
		    strncmp(in + i, " rid", 4) == 0)
			break;
		if (in[i] >= 0x20 && in[i] < 0x7f)
			out[j++] = in[i];
	}
	out[j] = '\0';
}

/* GET base+path?query and parse the JSON answer; WeChat answers errors
 * with HTTP 200 and an errcode, often as text/plain. */
static enum status
call(const char *path, const struct buf *query, cJSON **out, int *errcode,
     struct resp *res)
{
	struct http_opts o = {
	        .timeout_ms = app.cfg.http_timeout_ms,
	        .max_body = 64 * 1024,
	        .ca_file = app.cfg.http_ca_file,
	        .peer = MP_WECHAT,
	};
	struct http_resp hr;
	struct buf url = {0};
	char err[256], msg[96];
	const cJSON *code;
	cJSON *js;
	enum status st = ST_THIRD_PARTY;

	*out = NULL;
	buf_adds(&url, app.cfg.wechat_api_base);
	buf_adds(&url, path);
	buf_addc(&url, '?');
	buf_add(&url, query->p, query->len);
	if (http_get(url.p, &o, &hr, err, sizeof(err)) < 0) {
		/* The URL holds the secret: never log or show it. */
		log_warn("wechat %s: %s", path, err);
		crypto_wipe(url.p, url.len);
		buf_free(&url);
		return resp_fail(res, ST_THIRD_PARTY,
		                 "wechat: unreachable (%s)", err);
	}
	crypto_wipe(url.p, url.len); /* it held the secret or a token */
	buf_free(&url);
	if (hr.status != 200) {
		log_warn("wechat %s: HTTP %ld", path, hr.status);
		resp_fail(res, st, "wechat: HTTP %ld", hr.status);
		goto out;
	}
	js = cJSON_ParseWithLength(hr.body, hr.len);
	if (!cJSON_IsObject(js)) {
		cJSON_Delete(js);
		log_warn("wechat %s: not a JSON object", path);
		resp_fail(res, st, "wechat: malformed answer");
		goto out;
	}
	code = cJSON_GetObjectItemCaseSensitive(js, "errcode");
	if (cJSON_IsNumber(code) && code->valueint != 0) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(js, "errmsg");

		clean_errmsg(cJSON_IsString(m) ? m->valuestring : "", msg,
		             sizeof(msg));
		log_info("wechat %s: errcode %d", path, code->valueint);
		*errcode = code->valueint;
		resp_fail(res, st, "wechat: %s (%d)", msg[0] ? msg : "error",
		          code->valueint);
		cJSON_Delete(js);
		goto out;
	}
	*out = js;
	st = ST_OK;
out:
	http_resp_free(&hr);
	return st;
}

static enum status
configured(struct resp *res)
{
	if (app.cfg.wechat_appid == NULL || app.cfg.wechat_secret == NULL)
		return resp_fail(
		        res, ST_THIRD_PARTY,
		        "wechat: login is not configured on this server");
	return ST_OK;
}

static void
add_param(struct buf *q, const char *k, const char *v)
{
	if (q->len > 0)
		buf_addc(q, '&');
	buf_adds(q, k);
	buf_addc(q, '=');
	buf_add_urlenc(q, v, strlen(v));
}

/* Trade a one-time code for WeChat's answer: the app's credentials, the
 * code under its parameter name, grant_type=authorization_code. */
static enum status
exchange(const char *path, const char *name, const char *code, cJSON **out,
         int *errcode, struct resp *res)
{
	struct buf q = {0};
	enum status st;

	add_param(&q, "appid", app.cfg.wechat_appid);
	add_param(&q, "secret", app.cfg.wechat_secret);
	add_param(&q, name, code);
	add_param(&q, "grant_type", "authorization_code");
	st = call(path, &q, out, errcode, res);
	crypto_wipe(q.p, q.len); /* it held the secret */
	buf_free(&q);
	return st;
}

static enum status
take_ids(const cJSON *js, struct wx_user *u, struct resp *res)
{
	u->openid = member(js, "openid", 200);
	u->unionid = member(js, "unionid", 200);
	if (u->openid == NULL || !wechat_id_ok(u->openid) ||
	    (u->unionid != NULL && !wechat_id_ok(u->unionid)))
		return resp_fail(res, ST_THIRD_PARTY,
		                 "wechat: malformed answer (openid)");
	return ST_OK;
}

static int
sex_of(const cJSON *v)
{
	if (cJSON_IsNumber(v))
		return v->valueint >= 0 && v->valueint <= 2 ? v->valueint : 0;
	/* Some answers carry it as a string. */
	if (cJSON_IsString(v) && v->valuestring[0] >= '0' &&
	    v->valuestring[0] <= '2' && v->valuestring[1] == '\0')
		return v->valuestring[0] - '0';
	return -1;
}

enum status
wechat_code(const char *code, struct wx_user *u, struct resp *res)
{
	struct buf q = {0};
	const cJSON *scope, *snap;
	cJSON *tok = NULL, *info = NULL;
	char *access = NULL;
	enum status st;
	int errcode = 0;

	memset(u, 0, sizeof(*u));
	u->sex = -1;
	if ((st = configured(res)) != ST_OK)
		return st;
	st = exchange("/sns/oauth2/access_token", "code", code, &tok, &errcode,
	              res);
	if (st != ST_OK)
		goto out;
	snap = cJSON_GetObjectItemCaseSensitive(tok, "is_snapshotuser");
	if (cJSON_IsNumber(snap) && snap->valueint == 1) {
		st = resp_fail(res, ST_THIRD_PARTY,
		               "wechat: a snapshot-page user cannot log in; "
		               "open the page in WeChat and authorise it");
		goto out;
	}
	if ((st = take_ids(tok, u, res)) != ST_OK)
		goto out;
	scope = cJSON_GetObjectItemCaseSensitive(tok, "scope");
	access = member(tok, "access_token", 512);
	if (!cJSON_IsString(scope) ||
	    strstr(scope->valuestring, "snsapi_userinfo") == NULL ||
	    access == NULL)
		goto out; /* a silent login: the openid is all we get */
	add_param(&q, "access_token", access);
	add_param(&q, "openid", u->openid);
	add_param(&q, "lang", "zh_CN");
	st = call("/sns/userinfo", &q, &info, &errcode, res);
	crypto_wipe(q.p, q.len);
	buf_free(&q);
	if (st != ST_OK)
		goto out;
	u->nickname = member(info, "nickname", 100);
	u->country = member(info, "country", 64);
	u->province = member(info, "province", 64);
	u->city = member(info, "city", 64);
	u->headimgurl = member(info, "headimgurl", 512);
	u->sex = sex_of(cJSON_GetObjectItemCaseSensitive(info, "sex"));
	if (u->unionid == NULL)
		u->unionid = member(info, "unionid", 200);
	if (u->unionid != NULL && !wechat_id_ok(u->unionid)) {
		free(u->unionid);
		u->unionid = NULL;
	}
out:
	if (access != NULL) {
		crypto_wipe(access, strlen(access));
		free(access);
	}
	cJSON_Delete(tok);
	cJSON_Delete(info);
	if (st != ST_OK) {
		wechat_user_free(u);
		u->errcode = errcode;
	}
	return st;
}

enum status
wechat_jscode(const char *js_code, struct wx_user *u, struct resp *res)
{
	cJSON *js = NULL;
	enum status st;
	int errcode = 0;

	memset(u, 0, sizeof(*u));
	u->sex = -1;
	if ((st = configured(res)) != ST_OK)
		return st;
	st = exchange("/sns/jscode2session", "js_code", js_code, &js, &errcode,
	              res);
	if (st == ST_OK)
		st = take_ids(js, u, res);
	/* session_key stays with WeChat's answer: we never keep or send it. */
	cJSON_Delete(js);
	if (st != ST_OK) {
		wechat_user_free(u);
		u->errcode = errcode;
	}
	return st;
}
