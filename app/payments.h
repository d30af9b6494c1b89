/* Payments through Alipay shared by the surfaces (app/alipay.c): the
 * return URL rule and the payment URL of a booking.  The notify that
 * settles both viewing requests and bookings is /payment/ali/notify. */
#ifndef ZF_PAYMENTS_H
#define ZF_PAYMENTS_H

#include "app.h"

/* Bytes of a return URL at most (Alipay's limit). */
#define PAY_URL_MAX 256

/* The return_url rule (a pspec check): an http(s) URL on a host of
 * return_url_hosts. */
int payments_check_return_url(const char *s, size_t n, char *err,
                              size_t errlen);

/* A signed alipay.trade.wap.pay URL (*url, malloc'ed) for booking id of
 * guest uid (ihome.md 7), its trade recorded in payments: ST_OK;
 * ST_NOT_FOUND; ST_FORBIDDEN not the guest; ST_CONFLICT not WAIT_PAYMENT
 * with a minute of hold left; ST_THIRD_PARTY Alipay not configured (res
 * says why).  return_url may be NULL. */
enum status payments_booking_url(struct resp *, long long uid, long long id,
                                 const char *return_url, char **url);

#endif
