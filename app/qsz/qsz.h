/* The QSZ surface (qsz.md): its envelope, route table and handlers. */
#ifndef ZF_QSZ_H
#define ZF_QSZ_H

#include "app.h"

extern const struct envelope qsz_envelope;

/* houses_lock's refusals of listing id (ST_NOT_FOUND, ST_FORBIDDEN) as QSZ
 * words them; other statuses pass through (houses.c). */
enum status qsz_house_fail(struct resp *, enum status st, long long id);

/* The route table, with the configured body limits (routes.c). */
void qsz_routes_init(struct router *);

/* The answer to a refused change of viewing request id (orders.c):
 * ST_NOT_FOUND, ST_FORBIDDEN not the renter, ST_CONFLICT in state, which
 * an unpaid request only can be verb ("cancelled", "paid").  Returns the
 * status. */
enum status qsz_preorder_refusal(struct resp *, enum status st, long long id,
                                 int state, const char *verb);

#endif
