/* The rental envelope (rental.md 1): {"data": <answer or null>,
 * "meta": {"status": N, "msg": "..."}}, N the HTTP status: 200 success,
 * 202 understood but refused (a parameter, a state, a conflict), 401, 403,
 * 404, 500.  Members of resp.top (a list's "count") go beside them. */
#include <stdio.h>

#include "rental/rental.h"
#include "zh.h"

static const struct resp_code codes[ST__MAX] = {
        [ST_OK] = {200, "200", "成功", 0},
        [ST_PARAM] = {202, "202", "参数错误", 0},
        [ST_AUTH] = {401, "401", "未登录或登录已过期", 0},
        [ST_INTERNAL] = {500, "500", "服务器内部错误", 1},
        [ST_NOT_FOUND] = {404, "404", "未找到", 0},
        [ST_FORBIDDEN] = {403, "403", "没有权限", 0},
        [ST_CONFLICT] = {202, "202", "当前状态不允许此操作", 0},
        [ST_THIRD_PARTY] = {202, "202", "第三方服务失败", 0},
        [ST_UPLOAD] = {413, "413", "请求体过大", 0},
        [ST_RATE] = {429, "429", "请求过于频繁", 0},
        [ST_METHOD] = {405, "405", "方法不被允许", 0},
        [ST_DB] = {500, "500", "服务器内部错误", 1},
        [ST_EXISTS] = {202, "202", "已存在", 0},
        [ST_CODE] = {202, "202", "登录凭证无效或已使用", 0},
        [ST_NO_ACCOUNT] = {404, "404", "用户不存在", 0},
        [ST_PASSWORD] = {202, "202", "密码错误", 0},
        [ST_CSRF] = {403, "403", "没有权限", 0},
        [ST_BODY] = {202, "202", "参数错误：请求体须是 JSON 对象", 0},
        [ST_MEDIA] = {202, "202", "参数错误：请求体须是 JSON 对象", 0},
};

static void
body(const struct envelope *env, const struct resp *r, const char *msg,
     struct buf *out)
{
	const cJSON *m;
	char *s;

	buf_adds(out, "{\"data\":");
	if (r->ans != NULL && r->st == ST_OK)
		resp_json_ans(out, r, "null");
	else
		buf_adds(out, "null");
	if (r->top != NULL)
		cJSON_ArrayForEach(m, r->top)
		{
			buf_addc(out, ',');
			resp_json_string(out, m->string);
			buf_addc(out, ':');
			s = cJSON_PrintUnformatted(m);
			buf_adds(out, s != NULL ? s : "null");
			cJSON_free(s);
		}
	buf_addf(out, ",\"meta\":{\"status\":%d,\"msg\":", resp_http(env, r));
	/* Refused parameters: the validators' rules in Chinese. */
	if (r->st == ST_PARAM && r->msg[0] != '\0') {
		struct buf zh = {0};

		zh_failures(msg, &zh);
		resp_json_string(out, zh.len > 0 ? zh.p : msg);
		buf_free(&zh);
	} else {
		resp_json_string(out, msg);
	}
	buf_adds(out, "}}");
}

const struct envelope rental_envelope = {"rental", codes, body};

cJSON *
rental_id(long long id)
{
	char s[24];

	snprintf(s, sizeof(s), "%lld", id);
	return cJSON_CreateString(s);
}

cJSON *
rental_id_cell(const struct db_res *rows, size_t i, size_t col)
{
	if (db_cell(rows, i, col)->t == DBT_NULL)
		return cJSON_CreateNull();
	return rental_id(db_int(rows, i, col, 0));
}
