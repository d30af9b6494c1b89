/* The QSZ route table (qsz.md): every path at the root, GET or POST. */
#include <string.h>

#include "metrics.h"
#include "openapi.h"
#include "qsz.h"
#include "qsz/handlers.h"

/* Bodies: 1 MiB by default; identity uploads carry up to three documents. */
#define BODY_DEFAULT  (1ULL << 20)
#define BODY_IDENTITY (40ULL << 20)
/* Media bodies follow the configured limits (routes_init), 1 MiB over. */
#define BODY_PHOTOS 1
#define BODY_PHOTO  2
#define BODY_VIDEO  3

#define ROUTE(p, h, a, b)                                                      \
	{                                                                      \
		.path = (p), .methods = M_GET | M_POST, .handler = h,          \
		.params = h##_params, .auth = (a), .body_max = (b)             \
	}

static struct route routes[] = {
        ROUTE("/ping", h_misc_ping, AUTH_NONE, 0),
        /* Operations, like /ping: QSZ owns the root's paths. */
        {.path = "/metrics",
         .methods = M_GET,
         .handler = h_misc_metrics,
         .params = h_misc_metrics_params,
         .auth = AUTH_NONE},
        ROUTE("/wx_fetch_userinfo", h_users_login, AUTH_NONE, 0),
        ROUTE("/fetch_userinfo", h_users_fetch, AUTH_USER, 0),
        ROUTE("/logout", h_users_logout, AUTH_USER, 0),
        ROUTE("/create_userinfo", h_users_create, AUTH_USER, BODY_IDENTITY),
        ROUTE("/user_identification", h_ident_user, AUTH_USER, BODY_IDENTITY),
        ROUTE("/house_identification", h_ident_house, AUTH_USER, BODY_IDENTITY),
        ROUTE("/regions", h_regions_list, AUTH_NONE, 0),
        ROUTE("/house_create", h_houses_create, AUTH_USER, 0),
        ROUTE("/house_release", h_houses_release, AUTH_USER, 0),
        ROUTE("/pulloff_house", h_houses_pulloff, AUTH_USER, 0),
        ROUTE("/report_house", h_houses_report, AUTH_USER, 0),
        ROUTE("/delete_house_info", h_houses_delete, AUTH_USER, 0),
        ROUTE("/update_house_info", h_houses_update, AUTH_USER, 0),
        ROUTE("/my_house_list", h_houses_mine, AUTH_USER, 0),
        ROUTE("/create_house_photo", h_media_photo_create, AUTH_USER,
              BODY_PHOTOS),
        ROUTE("/update_house_photo", h_media_photo_update, AUTH_USER,
              BODY_PHOTO),
        ROUTE("/delete_house_photo", h_media_photo_delete, AUTH_USER, 0),
        ROUTE("/create_house_video", h_media_video_create, AUTH_USER,
              BODY_VIDEO),
        ROUTE("/update_house_video", h_media_video_update, AUTH_USER,
              BODY_VIDEO),
        ROUTE("/delete_house_video", h_media_video_delete, AUTH_USER, 0),
        ROUTE("/search_house", h_search_house, AUTH_OPTIONAL, 0),
        ROUTE("/invitation/getcode", h_invite_get, AUTH_USER, 0),
        ROUTE("/invitation/setcode", h_invite_set, AUTH_USER, 0),
        ROUTE("/order/create_preorder", h_orders_create, AUTH_USER, 0),
        ROUTE("/order/preorder_list", h_orders_list, AUTH_USER, 0),
        ROUTE("/order/cancel_preorder", h_orders_cancel, AUTH_USER, 0),
        ROUTE("/order/get_preorder_paymenturl", h_alipay_payment_url, AUTH_USER,
              0),
        ROUTE("/payment/ali/notify", h_alipay_notify, AUTH_NONE, 0),
        ROUTE("/payment/ali/get_auth_url", h_alipay_auth_url, AUTH_USER, 0),
        ROUTE("/payment/ali/auth_notify", h_alipay_auth_notify, AUTH_NONE, 0),
        ROUTE("/payment/ali/binding_status", h_alipay_binding, AUTH_USER, 0),
        ROUTE("/payment/ali/zhima", h_alipay_zhima, AUTH_USER, 0),
        ROUTE("/payment/ali/pay_to_customer", h_alipay_transfer, AUTH_ADMIN, 0),
        {.path = "/file/data/private/",
         .prefix = 1,
         .methods = M_GET,
         .handler = h_files_private,
         .params = h_files_private_params,
         .auth = AUTH_USER},
        /* The API description of every surface (openapi.c): the path is
         * no surface's prefix, so QSZ, which owns the rest, serves it. */
        {.path = "/openapi.json",
         .methods = M_GET,
         .handler = h_openapi_get,
         .params = h_openapi_get_params},
};

const struct pspec h_misc_ping_params[] = {PARAM_END};

/* A liveness answer that touches nothing: for load balancers and for
 * measuring the stack without the database. */
enum status
h_misc_ping(struct req *r, struct resp *res)
{
	cJSON *o = cJSON_CreateObject();

	(void)r;
	cJSON_AddTrueToObject(o, "pong");
	resp_ans(res, o);
	return ST_OK;
}

const struct pspec h_misc_metrics_params[] = {PARAM_END};

/* The whole service's counters (lib/metrics.h) as Prometheus text.  nginx
 * admits the path only from the machine itself; the worker checks the
 * address nginx saw too, so a site rendered without that rule still does
 * not publish it. */
enum status
h_misc_metrics(struct req *r, struct resp *res)
{
	const char *a = r->remote_addr != NULL ? r->remote_addr : "";
	struct buf out = {0};

	if (strncmp(a, "127.", 4) != 0 && strcmp(a, "::1") != 0 &&
	    strncmp(a, "::ffff:127.", 11) != 0)
		return resp_fail(res, ST_FORBIDDEN, "loopback only");
	metrics_render(&out);
	res->ctype = METRICS_CTYPE;
	res->body = buf_take(&out, &res->bodylen);
	return ST_OK;
}

void
qsz_routes_init(struct router *rt)
{
	size_t i;

	route_count_params(routes, sizeof(routes) / sizeof(routes[0]));
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		uint64_t *b = &routes[i].body_max;

		if (*b == BODY_PHOTOS)
			*b = (uint64_t)app.cfg.max_photos *
			             app.cfg.max_image_bytes +
			     BODY_DEFAULT;
		else if (*b == BODY_PHOTO)
			*b = app.cfg.max_image_bytes + BODY_DEFAULT;
		else if (*b == BODY_VIDEO)
			*b = app.cfg.max_video_bytes + BODY_DEFAULT;
	}
	rt->routes = routes;
	rt->nroutes = sizeof(routes) / sizeof(routes[0]);
	rt->authenticate = users_authenticate;
	rt->body_max = BODY_DEFAULT;
	rt->limits.field_max = 64 * 1024;
	rt->limits.fields_max = 256;
	rt->limits.tmpdir = app.cfg.upload_tmp_dir;
}
