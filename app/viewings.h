/* Viewing requests (qsz.md 6): a renter asks to view a released listing,
 * lists requests as renter or owner, cancels an unpaid one.  Paying one is
 * in payments. */
#ifndef ZF_VIEWINGS_H
#define ZF_VIEWINGS_H

#include "app.h"

/* States of a viewing request (qsz.md 6). */
enum {
	PO_CREATED = 1,
	PO_PAID,
	PO_VIEWED,
	PO_REFUND_ASKED,
	PO_REFUNDED,
	PO_CANCELLED
};

/* Columns of Q_PREORDER_LOCK (viewings_lock's row). */
enum { PO_RENTER, PO_OWNER, PO_STATE, PO_HOUSE };

/* Columns of viewings_list's rows (Q_PREORDER_LIST_*). */
enum {
	VL_ID,
	VL_HOUSE,
	VL_RENTER,
	VL_OWNER,
	VL_STATE,
	VL_CREATED,
	VL_PAID, /* NULL when unpaid */
	VL_TITLE,
	VL_RENT
};

/* Columns of viewings_list's photos (Q_PREORDER_FIRST_PHOTOS). */
enum { VP_HOUSE, VP_ID, VP_URL };

/* Why viewings_create refused, beside its status. */
enum viewing_refusal {
	VR_NONE,
	VR_NO_HOUSE,     /* ST_NOT_FOUND: no released or pulled-off listing */
	VR_OTHER_OWNER,  /* ST_NOT_FOUND: the listing is not the owner's */
	VR_OWN,          /* ST_FORBIDDEN: the renter's own listing */
	VR_NOT_RELEASED, /* ST_CONFLICT: the listing is pulled off */
	VR_RACE          /* ST_CONFLICT: a request at once won, then went */
};

/* The word for a state (static text), for messages and lists. */
const char *viewings_state_word(int state);

/* Renter asks to view house of owner: ST_OK with the request in *id, a
 * new one or the one already open for this renter and listing; or a
 * refusal (*why says which), or ST_DB. */
enum status viewings_create(long long renter, long long owner, long long house,
                            long long *id, enum viewing_refusal *why);

/* One page (shift, count) of uid's requests as renter (owner 0) or as
 * owner (owner 1), newest first: ST_OK with the rows (VL_*) in *rows and
 * the first photo of each of their listings (VP_*, several rows may share
 * a listing) in *photos, NULL when the page is empty.  The caller frees
 * both.  Or ST_DB. */
enum status viewings_list(long long uid, int owner, long long shift,
                          long long count, struct db_res **rows,
                          struct db_res **photos);

/* Begin a transaction and lock request id for a change by its renter uid:
 * ST_OK with the row (PO_RENTER...) in *row (the caller frees it and
 * commits or rolls back), or, after the rollback, ST_NOT_FOUND,
 * ST_FORBIDDEN someone else's, ST_DB. */
enum status viewings_lock(long long id, long long uid, struct db_res **row);

/* Renter uid cancels request id: ST_OK; ST_NOT_FOUND; ST_FORBIDDEN not
 * the renter; ST_CONFLICT not unpaid (its state in *state); ST_DB. */
enum status viewings_cancel(long long id, long long uid, int *state);

#endif
