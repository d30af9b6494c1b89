/* The directory's answers (directory.md 1): the resources themselves, and
 * DRF's shapes for refusals: {"detail": "..."} for most, and for invalid
 * input {"<field>": ["<message>", ...], ...} naming every bad field at
 * once, in Chinese. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "directory/directory.h"
#include "zh.h"

static const struct resp_code codes[ST__MAX] = {
        [ST_OK] = {200, "0", "", 0},
        [ST_PARAM] = {400, "400", "参数错误。", 0},
        [ST_AUTH] = {401, "401", "不正确的身份认证信息。", 1},
        [ST_INTERNAL] = {500, "500", "服务器内部错误。", 1},
        [ST_NOT_FOUND] = {404, "404", "未找到。", 0},
        [ST_FORBIDDEN] = {403, "403", "您没有执行该操作的权限。", 1},
        [ST_CONFLICT] = {409, "409", "资源仍在使用。", 0},
        [ST_THIRD_PARTY] = {502, "502", "第三方服务暂时无法使用。", 0},
        [ST_UPLOAD] = {400, "400", "上传的文件无效。", 0},
        [ST_RATE] = {429, "429", "请求过于频繁。", 0},
        [ST_METHOD] = {405, "405", "方法不被允许。", 0},
        [ST_DB] = {500, "500", "服务器内部错误。", 1},
        [ST_EXISTS] = {400, "400", "已存在。", 0},
        [ST_CODE] = {400, "400", "验证码错误。", 0},
        [ST_NO_ACCOUNT] = {400, "400", "用户名或密码错误", 0},
        [ST_PASSWORD] = {400, "400", "用户名或密码错误", 0},
        [ST_CSRF] = {403, "403", "您没有执行该操作的权限。", 1},
        [ST_BODY] = {400, "400", "JSON 解析错误", 1},
        [ST_MEDIA] = {415, "415", "不支持请求中的媒体类型。", 1},
};

void
dir_field_error(cJSON *errors, const char *field, size_t flen,
                const char *message)
{
	char name[64];
	cJSON *list;

	if (flen == 0 || flen >= sizeof(name) ||
	    (flen == 4 && memcmp(field, "body", 4) == 0))
		snprintf(name, sizeof(name), "non_field_errors");
	else
		snprintf(name, sizeof(name), "%.*s", (int)flen, field);
	if ((list = cJSON_GetObjectItemCaseSensitive(errors, name)) == NULL)
		list = cJSON_AddArrayToObject(errors, name);
	if (list != NULL)
		cJSON_AddItemToArray(list, cJSON_CreateString(message));
}

cJSON *
dir_field_errors(const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	struct buf zh = {0};
	const char *p = msg, *end, *colon;
	size_t n, flen;
	char rule[RESP_MSG_MAX];

	/* "title: required; estates[2]: must be ...": the failures the
	 * validators joined, each "<path>: <rule>". */
	while (*p != '\0') {
		end = strstr(p, "; ");
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		colon = memchr(p, ':', n);
		if (colon != NULL && colon + 1 < p + n && colon[1] == ' ') {
			flen = strcspn(p, "[.:");
			if (flen > (size_t)(colon - p))
				flen = (size_t)(colon - p);
			snprintf(rule, sizeof(rule), "%.*s",
			         (int)(n - (size_t)(colon + 2 - p)), colon + 2);
			zh.len = 0;
			buf_adds(&zh, "");
			zh_rule(rule, &zh);
			dir_field_error(o, p, flen, zh.p);
		} else if (!(n == 3 && memcmp(p, "...", 3) == 0)) {
			snprintf(rule, sizeof(rule), "%.*s", (int)n, p);
			dir_field_error(o, "", 0, rule);
		}
		p += n;
		if (end != NULL)
			p += 2;
	}
	buf_free(&zh);
	return o;
}

static void
detail(struct buf *out, const char *msg)
{
	buf_adds(out, "{\"detail\":");
	resp_json_string(out, msg);
	buf_addc(out, '}');
}

static void
body(const struct envelope *env, const struct resp *r, const char *msg,
     struct buf *out)
{
	cJSON *errors;
	char *s;

	/* A handler's own answer: the resource, a page, {code, message},
	 * or a field error object it built. */
	if (r->ans != NULL) {
		resp_json_ans(out, r, "{}");
		return;
	}
	switch (r->st) {
	case ST_OK:
		buf_adds(out, "{}");
		return;
	case ST_PARAM:
	case ST_UPLOAD:
		if (resp_http(env, r) == 413 || r->msg[0] == '\0')
			break;
		errors = dir_field_errors(r->msg);
		if ((s = cJSON_PrintUnformatted(errors)) != NULL)
			buf_adds(out, s);
		else
			buf_adds(out, "{}");
		cJSON_free(s);
		cJSON_Delete(errors);
		return;
	default:
		break;
	}
	detail(out, msg);
}

/* 1 when the If-None-Match list (RFC 9110 13.1.2) holds etag or "*";
 * weak tags compare by their opaque part. */
static int
etag_listed(const char *list, const char *etag)
{
	size_t n = strlen(etag), k;
	const char *p = list;

	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		k = strcspn(p, ",");
		while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t'))
			k--;
		if (k == n && memcmp(p, etag, n) == 0)
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

void
dir_etag_of(const char *body, size_t n, char etag[DIR_ETAG_LEN])
{
	unsigned char sum[32];
	char hex[65];

	crypto_sha256(body, n, sum);
	crypto_hex(sum, 16, hex);
	snprintf(etag, DIR_ETAG_LEN, "\"%.32s\"", hex);
}

enum status
dir_answer_body(const struct req *r, struct resp *res, const char *body,
                size_t n, const char *etag, const char *cache_control)
{
	const char *inm = req_env(r, "HTTP_IF_NONE_MATCH");

	resp_header(res, "ETag", "%s", etag);
	res->cache = cache_control;
	if (inm != NULL && etag_listed(inm, etag)) {
		res->http = 304;
		return ST_OK;
	}
	if ((res->body = malloc(n + 1)) == NULL)
		return ST_INTERNAL;
	memcpy(res->body, body, n);
	res->body[n] = '\0';
	res->bodylen = n;
	res->ctype = "application/json; charset=utf-8";
	return ST_OK;
}

enum status
dir_answer_cached(const struct req *r, struct resp *res, cJSON *ans,
                  const char *cache_control)
{
	char etag[DIR_ETAG_LEN];
	char *s = cJSON_PrintUnformatted(ans);
	enum status st;

	cJSON_Delete(ans);
	if (s == NULL)
		return ST_INTERNAL;
	dir_etag_of(s, strlen(s), etag);
	st = dir_answer_body(r, res, s, strlen(s), etag, cache_control);
	cJSON_free(s);
	return st;
}

const struct envelope dir_envelope = {"directory", codes, body};

void
dir_finish(struct req *r, struct resp *res)
{
	/* Answers may be kept by the client but checked each time
	 * (directory.md 1); districts and house types say otherwise. */
	if (res->cache == NULL)
		res->cache = "private, no-cache";
	switch (res->st) {
	case ST_AUTH:
		resp_header(res, "WWW-Authenticate", "Token");
		break;
	case ST_METHOD:
		/* DRF names the method; only a plain token is echoed. */
		if (strspn(r->method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
		            strlen(r->method) &&
		    strlen(r->method) <= 16)
			snprintf(res->msg, sizeof(res->msg),
			         "方法 “%s” 不被允许。", r->method);
		else
			res->msg[0] = '\0';
		break;
	case ST_NOT_FOUND:
		if (strcmp(res->msg, DIR_BAD_PAGE) != 0)
			res->msg[0] = '\0';
		break;
	case ST_UPLOAD:
	case ST_PARAM:
		if (res->http == 413)
			snprintf(res->msg, sizeof(res->msg), "请求体过大。");
		break;
	default:
		break;
	}
}
