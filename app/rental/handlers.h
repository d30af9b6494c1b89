/* Rental handlers, their parameter tables (path parameters; each ends with
 * an entry whose name is NULL) and body schemas, for the route table. */
#ifndef ZF_RENTAL_HANDLERS_H
#define ZF_RENTAL_HANDLERS_H

#include "route.h"

#define HANDLER(name)                                                          \
	enum status name(struct req *, struct resp *);                         \
	extern const struct pspec name##_params[];                             \
	extern const struct js name##_body

/* session.c: login from the mini-program, certification, user info, logout (rental.md 2). */
HANDLER(h_rent_login);
HANDLER(h_rent_cert);
HANDLER(h_rent_userinfo);
HANDLER(h_rent_logout);
/* buildings.c: buildings and their rooms (rental.md 3). */
HANDLER(h_rent_build_add);
HANDLER(h_rent_build_all);
HANDLER(h_rent_build_info);
HANDLER(h_rent_build_update);
HANDLER(h_rent_rooms_all);
HANDLER(h_rent_rooms);
HANDLER(h_rent_room_status);
HANDLER(h_rent_room_update);
HANDLER(h_rent_room_new);
HANDLER(h_rent_room_show);
HANDLER(h_rent_rooms_public);
/* contracts.c: contracts (rental.md 4). */
HANDLER(h_rent_contract_init);
HANDLER(h_rent_contract_sign);
HANDLER(h_rent_contract_get);
/* bills.c: monthly bills (rental.md 5). */
HANDLER(h_rent_bills);
HANDLER(h_rent_bill);
HANDLER(h_rent_bill_set);
HANDLER(h_rent_bill_merge);
HANDLER(h_rent_bill_pay);
HANDLER(h_rent_bill_payurl);

#endif
