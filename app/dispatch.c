/* Picking the surface of a request by its path. */
#include <string.h>

#include "admin/admin.h"
#include "directory/directory.h"
#include "dispatch.h"
#include "ihome/ihome.h"
#include "metrics.h"
#include "qsz/qsz.h"
#include "rental/rental.h"

static int
owns_ihome(const char *path)
{
	return strncmp(path, "/api/v1.0/", 10) == 0 ||
	       strcmp(path, "/api/v1.0") == 0;
}

/* Every other path under /api/ (iHome's are taken first). */
static int
owns_directory(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

static int
owns_all(const char *path)
{
	(void)path;
	return 1;
}

/* In order: the first that owns a path serves it; QSZ takes the rest. */
static struct surface surfaces[] = {
        /* Administrators (/admin/api/...) before everything else: no other
         * surface may ever claim their paths. */
        {.name = "admin", .owns = admin_owns, .env = &admin_envelope},
        {.name = "ihome",
         .owns = owns_ihome,
         .env = &ihome_envelope,
         .finish = ihome_finish},
        {.name = "rental",
         .owns = rental_owns,
         .env = &rental_envelope,
         .finish = rental_finish},
        {.name = "directory",
         .owns = owns_directory,
         .env = &dir_envelope,
         .finish = dir_finish},
        {.name = "qsz", .owns = owns_all, .env = &qsz_envelope},
};

void
dispatch_init(void)
{
	admin_routes_init(&surfaces[0].router);
	ihome_routes_init(&surfaces[1].router);
	rental_routes_init(&surfaces[2].router);
	dir_routes_init(&surfaces[3].router);
	qsz_routes_init(&surfaces[4].router);
}

void
dispatch_metrics_rows(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(surfaces) / sizeof(surfaces[0]); i++) {
		struct surface *s = &surfaces[i];

		s->row0 = metrics_row(s->name, NULL, s->env);
		for (j = 0; j < s->router.nroutes; j++)
			metrics_row(s->name, s->router.routes[j].path, s->env);
	}
}

int
dispatch_metrics_row(const struct surface *s, const struct route *rt)
{
	if (s->row0 < 0)
		return -1;
	if (rt == NULL || rt < s->router.routes ||
	    rt >= s->router.routes + s->router.nroutes)
		return s->row0;
	return s->row0 + 1 + (int)(rt - s->router.routes);
}

const struct surface *
dispatch_surface(const char *path)
{
	size_t i;

	for (i = 0; i + 1 < sizeof(surfaces) / sizeof(surfaces[0]); i++)
		if (surfaces[i].owns(path))
			return &surfaces[i];
	return &surfaces[i];
}

const struct surface *
dispatch_surfaces(size_t *n)
{
	*n = sizeof(surfaces) / sizeof(surfaces[0]);
	return surfaces;
}

const struct surface *
dispatch(struct req *r, struct resp *res, req_read_fn rd, void *rdctx)
{
	const struct surface *s = dispatch_surface(r->path);

	route_dispatch(&s->router, r, res, rd, rdctx);
	if (s->finish != NULL)
		s->finish(r, res);
	return s;
}
