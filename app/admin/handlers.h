/* The admin surface's handlers and their parameter tables. */
#ifndef ZF_ADMIN_HANDLERS_H
#define ZF_ADMIN_HANDLERS_H

#include "admin/admin.h"
#include "app.h"

/* The paging parameters of every list (page from 1, size 1-100), as two
 * entries of a parameter table, and their values with the defaults. */
#define ADMIN_PAGE_PARAMS                                                      \
	PARAM_INT("page", PF_EMPTY, 1, 1000000),                               \
	        PARAM_INT("size", PF_EMPTY, 1, 100)
#define ADMIN_PAGE(r, k) ((r)->p[k].set ? (r)->p[k].i : 1)
#define ADMIN_SIZE(r, k) ((r)->p[k].set ? (r)->p[k].i : 20)

#define ADMIN_HANDLER(name)                                                    \
	extern const struct pspec name##_params[];                             \
	enum status name(struct req *, struct resp *)

ADMIN_HANDLER(h_admin_whoami);
ADMIN_HANDLER(h_admin_queue);
ADMIN_HANDLER(h_admin_submission);
ADMIN_HANDLER(h_admin_approve);
ADMIN_HANDLER(h_admin_reject);
ADMIN_HANDLER(h_admin_listing);
ADMIN_HANDLER(h_admin_pulloff);
ADMIN_HANDLER(h_admin_reports);
ADMIN_HANDLER(h_admin_dismiss);
ADMIN_HANDLER(h_admin_refunds);
ADMIN_HANDLER(h_admin_refund);

#endif
