/* WeChat login: official-account web authorisation (code) and mini-program
 * login (js_code), through the real HTTP API at wechat_api_base. */
#ifndef ZF_WECHAT_H
#define ZF_WECHAT_H

#include "resp.h"

/* What WeChat told us about a user.  Strings are malloc'ed or NULL. */
struct wx_user {
	char *openid;
	char *unionid;
	char *nickname;
	char *country;
	char *province;
	char *city;
	char *headimgurl;
	int sex;     /* -1 when unknown */
	int errcode; /* WeChat's errcode when it refused (ST_THIRD_PARTY),
	              * else 0: 40029 invalid code, 40163 code used */
};

/* Exchange an official-account code (sns/oauth2/access_token, then
 * sns/userinfo when the scope allows).  ST_OK, or ST_THIRD_PARTY with
 * res->msg saying what WeChat answered. */
enum status wechat_code(const char *code, struct wx_user *, struct resp *);

/* Exchange a mini-program js_code (sns/jscode2session); as wechat_code. */
enum status wechat_jscode(const char *js_code, struct wx_user *, struct resp *);

/* 1 when s looks like an openid/unionid: 1-128 of [A-Za-z0-9_-]. */
int wechat_id_ok(const char *s);

void wechat_user_free(struct wx_user *);

#endif
