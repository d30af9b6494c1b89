/* The OpenAPI 3.1 description of every surface, made at run time from the
 * surfaces' route, parameter, body schema and code tables, so that it
 * says what the service does and cannot drift from it. */
#ifndef ZF_OPENAPI_H
#define ZF_OPENAPI_H

#include <stddef.h>

#include "route.h"

/* The document as JSON text (NUL-terminated, len bytes), made on the
 * first call after dispatch_init and kept for the process's life (the
 * tables never change while it runs); NULL when it could not be made.
 * Owned by the module: callers never free it. */
const char *openapi_document(size_t *len);

/* GET /openapi.json (a route of QSZ's table, which owns every path no
 * other surface claims): the document, application/json. */
extern const struct pspec h_openapi_get_params[];
enum status h_openapi_get(struct req *, struct resp *);

#endif
