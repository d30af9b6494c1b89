/* Short-stay bookings (ihome.md 7): the nights [start, end) of a house,
 * its states and holds, the race-free overlap test, the landlord's and
 * the guest's changes, the review.  Dates are days since 1970-01-01. */
#ifndef ZF_BOOKINGS_H
#define ZF_BOOKINGS_H

#include "app.h"

/* Columns of Q_BOOKING_LIST_* (the booking object). */
enum {
	BK_ID,
	BK_HOUSE,
	BK_TITLE,
	BK_PHOTOS, /* '\n'-separated, NULL when none */
	BK_START,
	BK_END,
	BK_CTIME,
	BK_NIGHTS,
	BK_AMOUNT,
	BK_STATUS, /* a lapsed hold shown CANCELED */
	BK_COMMENT
};

/* Columns of Q_BOOKING_LOCK. */
enum { BL_GUEST, BL_OWNER, BL_STATUS, BL_HOUSE, BL_AMOUNT, BL_HOLD_LEFT };

enum booking_action { BA_ACCEPT, BA_REJECT, BA_CANCEL };

/* Book [sd, ed) of house for guest.  ST_OK with *id; ST_NOT_FOUND not an
 * iHome house; ST_FORBIDDEN one's own; ST_PARAM the nights outside the
 * house's min_days and non-zero max_days (given in *min, *max); ST_CONFLICT
 * a live booking overlaps.  The house row is locked first, so of
 * overlapping requests at once exactly one succeeds. */
enum status bookings_create(long long guest, long long house, long sd, long ed,
                            long long *id, long long *min, long long *max);

/* The bookings of uid as guest (owner 0) or on uid's houses (owner 1),
 * newest first: one page of ihome_page_size and the count. */
enum status bookings_list(long long uid, int owner, long long page,
                          struct db_res **rows, long long *total);

/* Begin a transaction and lock booking id, a lapsed hold written
 * CANCELED first: ST_OK with the row (BL_*) in *row, the transaction open;
 * or ST_NOT_FOUND / ST_DB after the rollback. */
enum status bookings_lock(long long id, struct db_res **row);

/* accept / reject (reason) by the house's owner, cancel by the guest.
 * ST_OK; ST_NOT_FOUND; ST_FORBIDDEN not that person; ST_CONFLICT not
 * from this state (*state: the booking's, static text). */
enum status bookings_act(long long uid, long long id, enum booking_action,
                         const char *reason, const char **state);

/* The guest's review: WAIT_COMMENT -> COMPLETE and the house's
 * order_count + 1 in one transaction.  Outcomes as bookings_act. */
enum status bookings_comment(long long uid, long long id, const char *text,
                             const char **state);

#endif
