/* The directory's route table (directory.md 1.1): every path with and
 * without its trailing slash; the token in header `token`; every route but
 * login, logout and SMS codes behind the privilege table (directory.md 4),
 * checked here before any parameter or handler. */
#include <string.h>

#include "directory/directory.h"
#include "directory/handlers.h"
#include "privileges.h"

#define BODY_DEFAULT (1ULL << 20)
/* Marks the photo upload's limit, set from max_image_bytes at start. */
#define BODY_PHOTO 1

/* A route of the privilege table, with a body schema or without. */
#define R(p, m, h)                                                             \
	{                                                                      \
		.path = (p), .methods = (m), .handler = h,                     \
		.params = h##_params, .flags = RF_SLASH                        \
	}
#define RB(p, m, h, b)                                                         \
	{                                                                      \
		.path = (p), .methods = (m), .handler = h,                     \
		.params = h##_params, .flags = RF_SLASH, .body = &(b)          \
	}

static struct route routes[] = {
        {.path = "/api/login/",
         .methods = M_POST,
         .handler = h_dir_login,
         .params = h_dir_login_params,
         .flags = RF_SLASH | RF_PUBLIC,
         .body = &dir_login_body},
        {.path = "/api/login/",
         .methods = M_DELETE,
         .handler = h_dir_logout,
         .params = h_dir_logout_params,
         .flags = RF_SLASH | RF_PUBLIC},
        {.path = "/api/mobile_code/{tel}/",
         .methods = M_GET,
         .handler = h_dir_mobile_code,
         .params = h_dir_mobile_code_params,
         .flags = RF_SLASH | RF_PUBLIC},

        R("/api/districts/", M_GET, h_dir_districts),
        R("/api/districts/{distid}/", M_GET, h_dir_district),
        R("/api/hotcities/", M_GET, h_dir_hotcities),

        R("/api/agents/", M_GET, h_dir_agents),
        RB("/api/agents/", M_POST, h_dir_agent_create, dir_agent_body),
        R("/api/agents/{agentid}/", M_GET, h_dir_agent),
        RB("/api/agents/{agentid}/", M_PUT, h_dir_agent_update,
           dir_agent_body),
        R("/api/agents/{agentid}/", M_DELETE, h_dir_agent_delete),

        R("/api/estates/", M_GET, h_dir_estates),
        RB("/api/estates/", M_POST, h_dir_estate_create, dir_estate_body),
        R("/api/estates/{estateid}", M_GET, h_dir_estate),
        RB("/api/estates/{estateid}", M_PUT, h_dir_estate_update,
           dir_estate_body),
        R("/api/estates/{estateid}", M_DELETE, h_dir_estate_delete),

        R("/api/housetypes/", M_GET, h_dir_housetypes),
        RB("/api/housetypes/", M_POST, h_dir_housetype_create,
           dir_housetype_body),
        R("/api/housetypes/{typeid}", M_GET, h_dir_housetype),
        RB("/api/housetypes/{typeid}", M_PUT, h_dir_housetype_update,
           dir_housetype_body),
        R("/api/housetypes/{typeid}", M_DELETE, h_dir_housetype_delete),

        /* Reports of listings (issue 13, 1): any logged-in user, by the
         * privilege migration 0021 gives the user role. */
        RB("/api/reports/", M_POST, h_dir_report_create, dir_report_body),

        R("/api/houseinfos/", M_GET, h_dir_houseinfos),
        RB("/api/houseinfos/", M_POST, h_dir_houseinfo_create,
           dir_houseinfo_body),
        R("/api/houseinfos/{houseid}", M_GET, h_dir_houseinfo),
        RB("/api/houseinfos/{houseid}", M_PUT, h_dir_houseinfo_update,
           dir_houseinfo_body),
        R("/api/houseinfos/{houseid}", M_DELETE, h_dir_houseinfo_delete),
        R("/api/houseinfos/{houseid}/photos/", M_GET, h_dir_photos),
        {.path = "/api/houseinfos/{houseid}/photos/",
         .methods = M_POST,
         .handler = h_dir_photo_create,
         .params = h_dir_photo_create_params,
         .flags = RF_SLASH,
         .body_max = BODY_PHOTO},
        RB("/api/houseinfos/{houseid}/photos/{photoid}", M_PUT,
           h_dir_photo_update, dir_photo_body),
        R("/api/houseinfos/{houseid}/photos/{photoid}", M_DELETE,
          h_dir_photo_delete),

        R("/api/tags/", M_GET, h_dir_tags),
        RB("/api/tags/", M_POST, h_dir_tag_create, dir_tag_body),
        R("/api/tags/{tagid}", M_GET, h_dir_tag),
        R("/api/tags/{tagid}", M_DELETE, h_dir_tag_delete),
};

/* The token of header `token`: a valid one makes the caller that person;
 * a missing or invalid one leaves the caller anonymous. */
static enum status
token_authenticate(struct req *r, struct resp *res)
{
	if (r->token == NULL || r->token[0] == '\0' || strlen(r->token) > 128)
		return ST_AUTH;
	return users_authenticate(r, res);
}

/* The privilege check (directory.md 4), before any parameter: allowed, or
 * 401 without a valid token, 403 with one. */
static enum status
privilege_guard(struct req *r, struct resp *res)
{
	enum status st;
	int allowed;

	st = token_authenticate(r, res);
	if (st == ST_DB || st == ST_INTERNAL)
		return st;
	res->msg[0] = '\0';
	if (r->route != NULL && (r->route->flags & RF_PUBLIC))
		return ST_OK;
	st = privileges_allow(r->uid, r->admin, r->method, r->path, &allowed);
	if (st != ST_OK)
		return st;
	if (allowed)
		return ST_OK;
	return r->uid != 0 ? ST_FORBIDDEN : ST_AUTH;
}

void
dir_routes_init(struct router *rt)
{
	size_t i;

	route_count_params(routes, sizeof(routes) / sizeof(routes[0]));
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (routes[i].body_max == BODY_PHOTO)
			routes[i].body_max =
			        app.cfg.max_image_bytes + BODY_DEFAULT;
	rt->routes = routes;
	rt->nroutes = sizeof(routes) / sizeof(routes[0]);
	rt->authenticate = token_authenticate;
	rt->guard = privilege_guard;
	rt->body_max = BODY_DEFAULT;
	rt->trim = 1;
	rt->path_404 = 1;
	rt->limits.field_max = 64 * 1024;
	rt->limits.fields_max = 256;
	rt->limits.tmpdir = app.cfg.upload_tmp_dir;
}
