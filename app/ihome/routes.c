/* The iHome route table (ihome.md 1): every path under /api/v1.0/, served
 * with and without a trailing slash; sessions by the `session` cookie;
 * every unsafe method behind the CSRF double submit. */
#include <string.h>

#include "crypto.h"
#include "ihome.h"
#include "ihome/handlers.h"

#define BODY_DEFAULT (1ULL << 20)

#define ROUTE(p, m, h, a)                                                      \
	{                                                                      \
		.path = (p), .methods = (m), .handler = h,                     \
		.params = h##_params, .auth = (a), .flags = RF_SLASH           \
	}

static struct route routes[] = {
        {.path = "/api/v1.0/imagecode",
         .methods = M_GET,
         .handler = h_ihome_imagecode,
         .params = h_ihome_imagecode_params,
         .flags = RF_SLASH,
         .bad_http = 400},
        ROUTE("/api/v1.0/smscode", M_POST, h_ihome_smscode, AUTH_NONE),
        ROUTE("/api/v1.0/user", M_POST, h_ihome_user_register, AUTH_NONE),
        ROUTE("/api/v1.0/session", M_POST, h_ihome_session_login, AUTH_NONE),
        ROUTE("/api/v1.0/session", M_GET, h_ihome_session_get, AUTH_OPTIONAL),
        ROUTE("/api/v1.0/session", M_DELETE, h_ihome_session_logout, AUTH_NONE),
        ROUTE("/api/v1.0/user", M_GET, h_ihome_user_get, AUTH_USER),
        ROUTE("/api/v1.0/user/name", M_POST, h_ihome_user_name, AUTH_USER),
        ROUTE("/api/v1.0/user/avatar", M_POST, h_ihome_user_avatar, AUTH_USER),
        ROUTE("/api/v1.0/user/auth", M_GET, h_ihome_auth_get, AUTH_USER),
        ROUTE("/api/v1.0/user/auth", M_POST, h_ihome_auth_post, AUTH_USER),
        ROUTE("/api/v1.0/user/houses", M_GET, h_ihome_my_houses, AUTH_USER),
        ROUTE("/api/v1.0/areas", M_GET, h_ihome_areas, AUTH_NONE),
        {.path = "/api/v1.0/houses",
         .methods = M_POST,
         .handler = h_ihome_house_create,
         .params = h_ihome_house_create_params,
         .auth = AUTH_USER,
         .flags = RF_SLASH,
         .body = &ihome_house_body},
        ROUTE("/api/v1.0/houses", M_GET, h_ihome_search, AUTH_OPTIONAL),
        ROUTE("/api/v1.0/houses/{id}/images", M_POST, h_ihome_house_image,
              AUTH_USER),
        ROUTE("/api/v1.0/houses/{id}/report", M_POST, h_ihome_house_report,
              AUTH_USER),
        ROUTE("/api/v1.0/houses/index", M_GET, h_ihome_house_index, AUTH_NONE),
        ROUTE("/api/v1.0/houses/{id}", M_GET, h_ihome_house_detail,
              AUTH_OPTIONAL),
        ROUTE("/api/v1.0/orders", M_POST, h_ihome_order_create, AUTH_USER),
        ROUTE("/api/v1.0/orders", M_GET, h_ihome_order_list, AUTH_USER),
        ROUTE("/api/v1.0/orders", M_PUT, h_ihome_order_act, AUTH_USER),
        ROUTE("/api/v1.0/orders/comment", M_PUT, h_ihome_order_comment,
              AUTH_USER),
        ROUTE("/api/v1.0/orders/{id}/payment", M_POST, h_ihome_order_pay,
              AUTH_USER),
};

/* A csrf_token cookie is 32 lower-case hex characters. */
static int
csrf_well_formed(const char *v, size_t n)
{
	size_t i;

	if (v == NULL || n != 32)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("0123456789abcdef", v[i]) == NULL || v[i] == '\0')
			return 0;
	return 1;
}

/* POST, PUT and DELETE need header X-CSRFToken equal to the csrf_token
 * cookie (ihome.md 2); GET and HEAD never do. */
static enum status
csrf_guard(struct req *r, struct resp *res)
{
	const char *cookie, *header;
	size_t n;

	if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
		return ST_OK;
	cookie = req_cookie(r, "csrf_token", &n);
	header = req_env(r, "HTTP_X_CSRFTOKEN");
	if (!csrf_well_formed(cookie, n) || header == NULL ||
	    strlen(header) != n || !crypto_equal(cookie, header, n))
		return resp_fail(res, ST_CSRF,
		                 "CSRF校验失败：缺少或错误的 "
		                 "X-CSRFToken");
	return ST_OK;
}

/* The session cookie carries the shared session token (the same that
 * QSZ's token header carries). */
static enum status
cookie_authenticate(struct req *r, struct resp *res)
{
	const char *v;
	size_t n;

	if ((v = req_cookie(r, "session", &n)) == NULL || n == 0 || n > 128)
		return ST_AUTH;
	r->token = arena_strndup(r->a, v, n);
	return users_authenticate(r, res);
}

void
ihome_finish(struct req *r, struct resp *res)
{
	unsigned char raw[16];
	char hex[33];
	const char *v;
	size_t n;

	v = req_cookie(r, "csrf_token", &n);
	if (csrf_well_formed(v, n) || crypto_random(raw, sizeof(raw)) < 0)
		return;
	crypto_hex(raw, sizeof(raw), hex);
	resp_header(res, "Set-Cookie", "csrf_token=%s; Path=/; SameSite=Lax%s",
	            hex, app_cookie_secure() ? "; Secure" : "");
}

void
ihome_routes_init(struct router *rt)
{

	route_count_params(routes, sizeof(routes) / sizeof(routes[0]));
	rt->routes = routes;
	rt->nroutes = sizeof(routes) / sizeof(routes[0]);
	rt->authenticate = cookie_authenticate;
	rt->guard = csrf_guard;
	rt->body_max = BODY_DEFAULT;
	rt->limits.field_max = 64 * 1024;
	rt->limits.fields_max = 256;
	rt->limits.tmpdir = app.cfg.upload_tmp_dir;
}
