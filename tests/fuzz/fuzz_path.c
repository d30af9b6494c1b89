/* libFuzzer target: the path-parameter matcher (route_match, route_lookup).
 * The input is "pattern\0path" (no NUL: the input is the path, matched
 * against a fixed table).  Checks that every capture lies inside the path,
 * names a {name} segment of the pattern, and that a match with and without
 * captures scores the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct route table[] = {
        {.path = "/api/v1.0/houses",
         .methods = M_GET | M_POST,
         .flags = RF_SLASH},
        {.path = "/api/v1.0/houses/index", .methods = M_GET, .flags = RF_SLASH},
        {.path = "/api/v1.0/houses/{id}", .methods = M_GET, .flags = RF_SLASH},
        {.path = "/api/v1.0/houses/{id}/images",
         .methods = M_POST,
         .flags = RF_SLASH},
        {.path = "/build/allbuild/{page}/{size}", .methods = M_GET},
        {.path = "/api/districts/", .methods = M_GET | M_PUT | M_DELETE},
        {.path = "/{a}/{b}/{c}/{d}", .methods = M_DELETE},
        {.path = "/file/data/private/", .prefix = 1, .methods = M_GET},
};

static void
check_caps(const char *pattern, const char *path, const struct route_caps *c)
{
	size_t i, plen = strlen(path), patlen = strlen(pattern);

	if (c->n > ROUTE_MAXCAPS)
		abort();
	for (i = 0; i < c->n; i++) {
		if (c->c[i].vlen == 0 || c->c[i].value < path ||
		    c->c[i].value + c->c[i].vlen > path + plen ||
		    memchr(c->c[i].value, '/', c->c[i].vlen) != NULL)
			abort();
		if (c->c[i].nlen == 0 || c->c[i].name <= pattern ||
		    c->c[i].name + c->c[i].nlen >= pattern + patlen ||
		    c->c[i].name[-1] != '{' ||
		    c->c[i].name[c->c[i].nlen] != '}')
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned methods[] = {M_GET,    M_HEAD,    M_POST, M_PUT,
	                                   M_DELETE, M_OPTIONS, 0};
	struct router rt = {.routes = table,
	                    .nroutes = sizeof(table) / sizeof(table[0])};
	const struct route *r;
	struct route_caps caps;
	char *buf, *path, *pattern = NULL;
	unsigned allow;
	size_t i;
	int slash, got;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	path = buf;
	if (strlen(buf) < size) {
		pattern = buf;
		path = buf + strlen(buf) + 1;
	}
	if (pattern != NULL) {
		for (slash = 0; slash < 2; slash++) {
			got = route_match(pattern, path, slash, &caps);
			if (got != route_match(pattern, path, slash, NULL))
				abort();
			if (got >= 0)
				check_caps(pattern, path, &caps);
			else if (caps.n > ROUTE_MAXCAPS)
				abort();
		}
	}
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		r = route_lookup(&rt, methods[i], path, &allow, &caps);
		if (r != NULL) {
			if (!(r->methods &
			      (methods[i] == M_HEAD ? M_GET : methods[i])) ||
			    !(allow & r->methods))
				abort();
			if (!r->prefix)
				check_caps(r->path, path, &caps);
		}
		if (route_find(&rt, path) == NULL && allow != 0)
			abort();
	}
	free(buf);
	return 0;
}
