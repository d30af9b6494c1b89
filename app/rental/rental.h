/* The rental property-management surface (rental.md): POST routes under
 * /login/, /query/, /build/, /contr/, /bill/ and /open/, the token in
 * header Authorization (raw or "Bearer <token>"), answers
 * {"data", "meta": {"status", "msg"}} with the HTTP status of meta.status,
 * CORS for the mini-program's web views. */
#ifndef ZF_RENTAL_H
#define ZF_RENTAL_H

#include "app.h"

extern const struct envelope rental_envelope;

/* The route table (routes.c). */
void rental_routes_init(struct router *);

/* After every rental answer: the CORS headers (routes.c). */
void rental_finish(struct req *, struct resp *);

/* The contract object of rental.md 4 of row i of a contract result (CT_*
 * in contracts.h), and the bill object of rental.md 5 of row i of a bill
 * result (BI_* in bills.h): new trees the caller owns (contracts.c,
 * bills.c). */
cJSON *rental_contract_json(const struct db_res *rows, size_t i);
cJSON *rental_bill_json(const struct db_res *rows, size_t i);

/* An id as the document shows it, a string of decimal digits; the cell
 * (i, col) of rows as one, or null for NULL (envelope.c). */
cJSON *rental_id(long long id);
cJSON *rental_id_cell(const struct db_res *rows, size_t i, size_t col);

/* 1 when path is rental's (dispatch.c asks). */
int rental_owns(const char *path);

#endif
