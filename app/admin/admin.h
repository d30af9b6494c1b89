/* The administrators' surface (issue 13, 1): /admin/api/..., the token in
 * header `token` (a directory login, POST /api/login/), every route for
 * administrators only (users.is_admin), answers in the admin envelope
 * {"ok": bool, "error": "...", "data": ...} with HTTP statuses. */
#ifndef ZF_ADMIN_SURFACE_H
#define ZF_ADMIN_SURFACE_H

#include <cJSON.h>

#include "app.h"

extern const struct envelope admin_envelope;

/* Whether path is the surface's: /admin/api and everything under it. */
int admin_owns(const char *path);

/* A page's answer {"total", "page", "size", "items": []}: *items is the
 * array to fill (envelope.c). */
cJSON *admin_page(long long total, long long page, long long size,
                  cJSON **items);

/* The route table (routes.c). */
void admin_routes_init(struct router *);

#endif
