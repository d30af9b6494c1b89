/* The rental route table (rental.md 1): POST only, OPTIONS answered as a
 * CORS preflight for every path, the token in header Authorization (raw
 * or "Bearer <token>"); building routes and contr/init need a landlord,
 * checked before any parameter. */
#include <string.h>

#include "privileges.h"
#include "rental/handlers.h"
#include "rental/rental.h"

#define BODY_DEFAULT (1ULL << 20)

#define ROUTE(p, h, a)                                                         \
	{                                                                      \
		.path = (p), .methods = M_POST, .handler = h,                  \
		.params = h##_params, .auth = (a), .body = &h##_body           \
	}

static struct route routes[] = {
        ROUTE("/login/auth", h_rent_login, AUTH_NONE),
        ROUTE("/login/update/{cert}", h_rent_cert, AUTH_USER),
        ROUTE("/query/userinfo", h_rent_userinfo, AUTH_USER),
        ROUTE("/login/outlogin", h_rent_logout, AUTH_USER),
        ROUTE("/build/add", h_rent_build_add, AUTH_USER),
        ROUTE("/build/allbuild/{page}/{size}", h_rent_build_all, AUTH_USER),
        ROUTE("/build/buildinfo", h_rent_build_info, AUTH_USER),
        ROUTE("/build/buildupdata", h_rent_build_update, AUTH_USER),
        ROUTE("/build/allhouse", h_rent_rooms_all, AUTH_USER),
        ROUTE("/build/house/{type}/{page}/{size}/{status}", h_rent_rooms, AUTH_USER),
        ROUTE("/build/changestatus", h_rent_room_status, AUTH_USER),
        ROUTE("/build/houseupdata", h_rent_room_update, AUTH_USER),
        ROUTE("/build/newhouse", h_rent_room_new, AUTH_USER),
        ROUTE("/query/houseinfo", h_rent_room_show, AUTH_OPTIONAL),
        ROUTE("/open/houseshow/{page}/{size}", h_rent_rooms_public, AUTH_NONE),
        ROUTE("/contr/init", h_rent_contract_init, AUTH_USER),
        ROUTE("/contr/visa", h_rent_contract_sign, AUTH_USER),
        ROUTE("/contr/search", h_rent_contract_get, AUTH_USER),
        ROUTE("/bill/getbills", h_rent_bills, AUTH_USER),
        ROUTE("/bill/getbill", h_rent_bill, AUTH_USER),
        ROUTE("/bill/setbills", h_rent_bill_set, AUTH_USER),
        ROUTE("/bill/oldbill", h_rent_bill_merge, AUTH_USER),
        ROUTE("/bill/payment", h_rent_bill_pay, AUTH_USER),
        ROUTE("/bill/paymenturl", h_rent_bill_payurl, AUTH_USER),
};

int
rental_owns(const char *path)
{
	static const char *const prefixes[] = {"/login/", "/query/", "/build/",
	                                       "/contr/", "/bill/", "/open/"};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(path, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* The token of header Authorization: the raw token, or "Bearer <token>".
 * Once per request: the guard asks first. */
static enum status
header_authenticate(struct req *r, struct resp *res)
{
	const char *v = req_env(r, "HTTP_AUTHORIZATION");

	if (r->uid != 0)
		return ST_OK;
	if (v != NULL && strncasecmp(v, "Bearer ", 7) == 0)
		v += 7;
	while (v != NULL && *v == ' ')
		v++;
	if (v == NULL || *v == '\0' || strlen(v) > 128)
		return ST_AUTH;
	r->token = v;
	return users_authenticate(r, res);
}

/* Routes that only landlords use (rental.md 3, 4). */
static int
landlord_route(const char *path)
{
	return strncmp(path, "/build/", 7) == 0 ||
	       strcmp(path, "/contr/init") == 0;
}

/* Before any parameter: a landlord route needs a landlord (401 without a
 * valid token, 403 for anyone else). */
static enum status
landlord_guard(struct req *r, struct resp *res)
{
	enum status st;
	int yes;

	if (!landlord_route(r->path))
		return ST_OK;
	st = header_authenticate(r, res);
	if (st != ST_OK)
		return st == ST_DB || st == ST_INTERNAL ? st : ST_AUTH;
	if ((st = privileges_has_role(r->uid, ROLE_LANDLORD, &yes)) != ST_OK)
		return st;
	return yes ? ST_OK
	           : resp_fail(res, ST_FORBIDDEN,
	                       "仅认证房东可以使用（先完成房东认证）");
}

/* Access-Control-Allow-Origin for an allowed Origin (rental.md 1). */
static void
cors(struct req *r, struct resp *res)
{
	const char *list = config_value(&app.cfg, "cors_origins");
	const char *origin = req_env(r, "HTTP_ORIGIN"), *p;
	size_t n;

	if (list == NULL || origin == NULL || origin[0] == '\0')
		return;
	n = strlen(origin);
	for (p = list; *p != '\0';) {
		size_t k;

		p += strspn(p, " ,");
		k = strcspn(p, " ,");
		if (k == 1 && *p == '*') {
			resp_header(res, "Access-Control-Allow-Origin", "*");
			return;
		}
		if (k == n && memcmp(p, origin, n) == 0) {
			resp_header(res, "Access-Control-Allow-Origin", "%s",
			            origin);
			resp_header(res, "Vary", "Origin");
			return;
		}
		p += k;
	}
}

/* OPTIONS on any rental path: the preflight's answer, no body. */
static enum status
preflight(struct req *r, struct resp *res)
{
	(void)r;
	res->http = 204;
	resp_header(res, "Access-Control-Allow-Methods", "POST, OPTIONS");
	resp_header(res, "Access-Control-Allow-Headers",
	            "Authorization, Content-Type");
	resp_header(res, "Access-Control-Max-Age", "86400");
	return ST_OK;
}

void
rental_finish(struct req *r, struct resp *res)
{
	cors(r, res);
}

void
rental_routes_init(struct router *rt)
{
	route_count_params(routes, sizeof(routes) / sizeof(routes[0]));
	rt->routes = routes;
	rt->nroutes = sizeof(routes) / sizeof(routes[0]);
	rt->authenticate = header_authenticate;
	rt->guard = landlord_guard;
	rt->preflight = preflight;
	rt->body_max = BODY_DEFAULT;
	rt->limits.field_max = 64 * 1024;
	rt->limits.fields_max = 256;
	rt->limits.tmpdir = app.cfg.upload_tmp_dir;
}
