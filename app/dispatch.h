/* One service, several API surfaces: each path belongs to exactly one
 * surface (platform.md), which has its route table, its authentication
 * transport and its envelope. */
#ifndef ZF_DISPATCH_H
#define ZF_DISPATCH_H

#include "req.h"
#include "resp.h"
#include "route.h"

struct surface {
	const char *name;
	/* 1 when the path is this surface's (checked in table order). */
	int (*owns)(const char *path);
	const struct envelope *env;
	struct router router;
	/* Run after every answer of this surface, or NULL (iHome's CSRF
	 * cookie). */
	void (*finish)(struct req *, struct resp *);
	int row0; /* metrics row of its unmatched paths; its routes follow */
};

/* Build every surface's route table (after the configuration loaded). */
void dispatch_init(void);

/* Register a metrics row for every route of every surface and for each
 * surface's unmatched paths (after dispatch_init, before metrics_init). */
void dispatch_metrics_rows(void);

/* The metrics row of a request answered by s through route rt (NULL: no
 * route matched). */
int dispatch_metrics_row(const struct surface *s, const struct route *rt);

/* The surface that owns path (QSZ for every path no other claims). */
const struct surface *dispatch_surface(const char *path);

/* Every surface, in the order they claim paths (*n of them; QSZ last):
 * for walks over every route table (openapi.c). */
const struct surface *dispatch_surfaces(size_t *n);

/* Run one request through its surface; returns that surface, whose
 * envelope renders the answer. */
const struct surface *dispatch(struct req *, struct resp *, req_read_fn rd,
                               void *rdctx);

#endif
