/* The QSZ surface (qsz.md): its envelope, route table and handlers. */
#ifndef ZF_QSZ_H
#define ZF_QSZ_H

#include "app.h"

extern const struct envelope qsz_envelope;

/* The route table, with the configured body limits (routes.c). */
void qsz_routes_init(struct router *);

#endif
