/* The iHome surface (ihome.md): its envelope, sessions by cookie with
 * CSRF double submit, its route table and handlers. */
#ifndef ZF_IHOME_H
#define ZF_IHOME_H

#include "app.h"

extern const struct envelope ihome_envelope;

/* The route table (routes.c). */
void ihome_routes_init(struct router *);

/* After every iHome answer: a csrf_token cookie for a request that had
 * none well-formed (ihome.md 2). */
void ihome_finish(struct req *, struct resp *);

#endif
