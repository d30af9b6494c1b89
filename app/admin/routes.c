/* The admin route table: every route for administrators only (AUTH_ADMIN:
 * the dispatcher answers 401 without a valid token and 403 for anyone
 * else, before any parameter is read). */
#include <string.h>

#include "admin/admin.h"
#include "admin/handlers.h"

#define ADMIN_PREFIX "/admin/api"

#define ROUTE(p, m, h)                                                         \
	{                                                                      \
		.path = (p), .methods = (m), .handler = h,                     \
		.params = h##_params, .auth = AUTH_ADMIN, .bad_http = 400      \
	}

static struct route routes[] = {
        ROUTE("/admin/api/whoami", M_GET, h_admin_whoami),
        ROUTE("/admin/api/queue/{kind}", M_GET, h_admin_queue),
        ROUTE("/admin/api/submissions/{kind}/{user_id}", M_GET,
              h_admin_submission),
        ROUTE("/admin/api/submissions/{kind}/{user_id}/approve", M_POST,
              h_admin_approve),
        ROUTE("/admin/api/submissions/{kind}/{user_id}/reject", M_POST,
              h_admin_reject),
        ROUTE("/admin/api/listings/{id}", M_GET, h_admin_listing),
        ROUTE("/admin/api/listings/{id}/pulloff", M_POST, h_admin_pulloff),
        ROUTE("/admin/api/listings/{id}/dismiss", M_POST, h_admin_dismiss),
        ROUTE("/admin/api/reports", M_GET, h_admin_reports),
        ROUTE("/admin/api/refunds", M_GET, h_admin_refunds),
        ROUTE("/admin/api/refunds/{payment_id}", M_POST, h_admin_refund),
};

int
admin_owns(const char *path)
{
	size_t n = strlen(ADMIN_PREFIX);

	return strncmp(path, ADMIN_PREFIX, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

void
admin_routes_init(struct router *rt)
{
	route_count_params(routes, sizeof(routes) / sizeof(routes[0]));
	rt->routes = routes;
	rt->nroutes = sizeof(routes) / sizeof(routes[0]);
	/* The token header, as QSZ and the directory read it. */
	rt->authenticate = users_authenticate;
	rt->body_max = 64 * 1024;
	rt->path_404 = 1;
	rt->limits.field_max = 4096;
	rt->limits.fields_max = 32;
	rt->limits.tmpdir = app.cfg.upload_tmp_dir;
}
