/* iHome's image captcha and SMS code routes (ihome.md 3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "ihome.h"
#include "ihome/handlers.h"

/* A captcha id: 8-64 of [A-Za-z0-9-] (a UUID). */
int
ihome_check_captcha_id(const char *s, size_t n, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) {
			snprintf(err, errlen, "must be letters, digits or '-'");
			return -1;
		}
	return 0;
}

enum { P_CUR, P_PRE };
const struct pspec h_ihome_imagecode_params[] = {
        [P_CUR] = PARAM_TEXT("cur", PF_REQUIRED, 8, 64, ihome_check_captcha_id),
        [P_PRE] = PARAM_TEXT("pre", PF_EMPTY, 8, 64, ihome_check_captcha_id),
        PARAM_END,
};

/* GET /api/v1.0/imagecode?cur=ID[&pre=ID]: a PNG drawn by the service,
 * its text kept under cur (HTTP 400 for a missing or malformed cur). */
enum status
h_ihome_imagecode(struct req *r, struct resp *res)
{
	unsigned char *png = NULL;
	enum status st;
	char text[5];
	size_t len;

	st = codes_captcha_new(r->p[P_CUR].s,
	                       r->p[P_PRE].set ? r->p[P_PRE].s : NULL,
	                       r->remote_addr, &png, &len, text);
	if (st == ST_RATE)
		return resp_fail(res, ST_RATE,
		                 "验证码请求过于频繁，请稍后再试");
	if (st != ST_OK)
		return st;
	res->ctype = "image/png";
	res->body = (char *)png;
	res->bodylen = len;
	if (app.cfg.captcha_test_echo)
		resp_header(res, "X-Captcha-Text", "%s", text);
	return ST_OK;
}

enum { P_MOBILE, P_IMAGE_CODE, P_IMAGE_CODE_ID };
const struct pspec h_ihome_smscode_params[] = {
        [P_MOBILE] = {.name = "mobile",
                      .type = PT_MOBILE,
                      .flags = PF_REQUIRED},
        [P_IMAGE_CODE] = PARAM_TEXT("image_code", PF_REQUIRED, 1, 8, NULL),
        [P_IMAGE_CODE_ID] = PARAM_TEXT("image_code_id", PF_REQUIRED, 8, 64,
                                       ihome_check_captcha_id),
        PARAM_END,
};

/* POST /api/v1.0/smscode {mobile, image_code, image_code_id}: the captcha
 * (gone either way), a registered number refused, the send limits, then
 * one SMS (ihome.md 3). */
enum status
h_ihome_smscode(struct req *r, struct resp *res)
{
	const char *why;
	enum status st;

	st = codes_captcha_check(r->p[P_IMAGE_CODE_ID].s, r->p[P_IMAGE_CODE].s,
	                         r->p[P_IMAGE_CODE].n);
	if (st == ST_CODE)
		return resp_fail(res, ST_CODE, "图片验证码错误或已过期");
	if (st != ST_OK)
		return st;
	st = codes_sms_send(r->p[P_MOBILE].s, r->remote_addr, 1, &why);
	switch (st) {
	case ST_OK:
		return resp_fail(res, ST_OK, "发送成功");
	case ST_EXISTS:
		return resp_fail(res, ST_EXISTS, "手机号已注册");
	case ST_RATE:
		return resp_fail(res, ST_RATE, "%s",
		                 strcmp(why, "interval") == 0
		                         ? "发送过于频繁，请稍后再试"
		                         : "今日发送次数已达上限");
	case ST_THIRD_PARTY:
		return resp_fail(res, ST_THIRD_PARTY, "%s",
		                 strcmp(why, "unconfigured") == 0
		                         ? "短信服务未配置"
		                         : "短信发送失败");
	default:
		return st;
	}
}
