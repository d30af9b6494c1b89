/* The admin surface's handlers and their parameter tables. */
#ifndef ZF_ADMIN_HANDLERS_H
#define ZF_ADMIN_HANDLERS_H

#include "app.h"

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
