/* Viewing requests shared by orders.c and alipay.c. */
#ifndef ZF_ORDERS_H
#define ZF_ORDERS_H

#include "db.h"
#include "resp.h"

/* States of a viewing request (qsz.md 6). */
enum {
	PO_CREATED = 1,
	PO_PAID,
	PO_VIEWED,
	PO_REFUND_ASKED,
	PO_REFUNDED,
	PO_CANCELLED
};

/* Columns of Q_PREORDER_LOCK. */
enum { PO_RENTER, PO_OWNER, PO_STATE, PO_HOUSE };

/* The word for a state, for messages and lists. */
const char *orders_state_word(int state);

/* Begin a transaction and lock request id for a change by its renter uid:
 * ST_OK with the row in *row (the caller frees it and commits or rolls
 * back), or, after the rollback, 6 for an unknown request and 7 for
 * someone else's. */
enum status orders_lock(struct resp *, long long id, long long uid,
                        struct db_res **row);

#endif
