/* The iHome envelope: {"errno": "<code>", "errmsg": "...", "data": ...},
 * errno a string as the document shows it; HTTP 200 but for CSRF (403),
 * rate limits (429) and the dispatcher's 404, 405 and 413. */
#include "ihome.h"

static const struct resp_code codes[ST__MAX] = {
        [ST_OK] = {0, "0", "OK", 0},
        [ST_PARAM] = {0, "4103", "参数错误", 0},
        [ST_AUTH] = {0, "4101", "未登录", 0},
        [ST_INTERNAL] = {0, "4500", "内部错误", 1},
        [ST_NOT_FOUND] = {0, "4002", "无数据", 0},
        [ST_FORBIDDEN] = {0, "4105", "用户身份错误", 0},
        [ST_CONFLICT] = {0, "4004", "数据错误", 0},
        [ST_THIRD_PARTY] = {0, "4301", "第三方系统错误", 0},
        [ST_UPLOAD] = {0, "4302", "文件读写错误", 0},
        [ST_RATE] = {429, "4201", "请求过于频繁", 0},
        [ST_METHOD] = {405, "4201", "请求方法不被允许", 0},
        [ST_DB] = {0, "4001", "数据库错误", 1},
        [ST_EXISTS] = {0, "4003", "数据已存在", 0},
        [ST_CODE] = {0, "4004", "验证码错误", 0},
        [ST_NO_ACCOUNT] = {0, "4104", "用户不存在", 0},
        [ST_PASSWORD] = {0, "4106", "密码错误", 0},
        [ST_CSRF] = {403, "4201", "CSRF校验失败", 0},
        [ST_BODY] = {0, "4103", "参数错误", 0},
        [ST_MEDIA] = {0, "4103", "参数错误", 0},
};

static void
body(const struct envelope *env, const struct resp *r, const char *msg,
     struct buf *out)
{
	struct buf m = {0};

	buf_adds(out, "{\"errno\":");
	resp_json_string(out, resp_code(env, r->st));
	buf_adds(out, ",\"errmsg\":");
	/* The dispatcher names parameters and rules; say what it is. */
	if ((r->st == ST_PARAM || r->st == ST_BODY || r->st == ST_MEDIA) &&
	    r->msg[0] != '\0') {
		buf_addf(&m, "参数错误：%s", msg);
		resp_json_string(out, m.p);
		buf_free(&m);
	} else {
		resp_json_string(out, msg);
	}
	if (r->ans != NULL) {
		buf_adds(out, ",\"data\":");
		resp_json_ans(out, r, "null");
	}
	buf_addc(out, '}');
}

const struct envelope ihome_envelope = {"ihome", codes, body};
