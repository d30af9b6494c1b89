/* Review by administrators (issue 13, 1): the queues of pending real-name
 * and landlord submissions, one submission, and the decision on it, which
 * sets the person's state (users.real_name_status / landlord_status,
 * house_certs.status: 2 approved, 3 rejected) and is recorded in
 * review_decisions.  Shared by the admin surface and zufang-admin. */
#ifndef ZF_REVIEWS_H
#define ZF_REVIEWS_H

#include "app.h"

/* Kinds of submission (review_decisions.kind). */
enum { REV_REALNAME = 1, REV_LANDLORD = 2 };

/* Columns of a real-name queue row: user id, name, masked number, since;
 * of a landlord queue row: user id, first certificate name, certificates,
 * since. */
enum { REV_Q_UID, REV_Q_NAME, REV_Q_EXTRA, REV_Q_SINCE };

/* Columns of the person's row (reviews_get's *user). */
enum {
	REV_U_ID,
	REV_U_NAME,
	REV_U_MASKED,
	REV_U_PORTRAIT,
	REV_U_FRONT,
	REV_U_BACK,
	REV_U_RN_STATUS,
	REV_U_UPDATED,
	REV_U_LL_STATUS
};

/* Columns of a pending certificate (reviews_get's *certs). */
enum {
	REV_C_ID,
	REV_C_NAME,
	REV_C_NUMBER,
	REV_C_TYPE,
	REV_C_PHOTO,
	REV_C_LEASE,
	REV_C_STATUS,
	REV_C_UPDATED
};

/* Columns of a decision (reviews_history): admin id (NULL: the command
 * line), decision (2/3), reason, when (UTC). */
enum { REV_H_ADMIN, REV_H_DECISION, REV_H_REASON, REV_H_AT };

/* A page (limit, offset) of kind's queue, oldest first, and the queue's
 * length in *total.  ST_OK with *rows (the caller frees it), or ST_DB. */
enum status reviews_queue(int kind, long long limit, long long offset,
                          long long *total, struct db_res **rows);

/* The person uid (*user, one row) and, for REV_LANDLORD, the pending
 * certificates (*certs; NULL for REV_REALNAME).  ST_NOT_FOUND for no such
 * person; the caller frees both. */
enum status reviews_get(int kind, long long uid, struct db_res **user,
                        struct db_res **certs);

/* The last decisions on uid's kind, newest first (*rows, caller frees). */
enum status reviews_history(int kind, long long uid, struct db_res **rows);

/* Decide on uid's pending kind: approve, or reject with reason (n bytes,
 * NULL when approving), by admin_id (0: the command line, recorded as
 * NULL).  ST_OK; ST_NOT_FOUND for no such person; ST_CONFLICT when that
 * submission is not pending; ST_DB. */
enum status reviews_decide(int kind, long long uid, long long admin_id,
                           int approve, const char *reason, size_t n);

#endif
