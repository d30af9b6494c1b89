/* Payments through Alipay, shared by the surfaces (app/payments.c): the
 * return URL rule, the trades and payment URLs of viewing requests and
 * bookings, the notify that settles both, binding an Alipay account, the
 * Zhima score and company-to-person transfers.  The protocol is
 * lib/alipay's; what is decided here is whose and how much. */
#ifndef ZF_PAYMENTS_H
#define ZF_PAYMENTS_H

#include "alipay.h"
#include "app.h"

/* Bytes of a return URL at most (Alipay's limit). */
#define PAY_URL_MAX 256

/* A transfer's amount in fen: Alipay's minimum (0.10 yuan) and 50,000
 * yuan to a person at once. */
#define PAY_TRANSFER_MIN 10
#define PAY_TRANSFER_MAX 5000000

/* Why Alipay did not do it (with ST_THIRD_PARTY). */
enum pay_fault_kind {
	PAYF_NONE,
	PAYF_NO_APP_ID,        /* not configured: alipay_app_id is empty */
	PAYF_NO_APP_KEY,       /* not configured: no application key */
	PAYF_NO_ALIPAY_KEY,    /* not configured: no Alipay public key */
	PAYF_UNREACHABLE,      /* a call got no answer */
	PAYF_UNVERIFIED,       /* an answer whose signature did not verify */
	PAYF_NOT_SENT,         /* a call that could not be made */
	PAYF_REFUSED,          /* Alipay said no: code, "" when it said none */
	PAYF_AUTH_EXPIRED,     /* the user's authorization expired */
	PAYF_TOKEN_INCOMPLETE, /* a token answer without what it needs */
	PAYF_NO_SCORE,         /* a Zhima answer without a zm_score */
	PAYF_XFER_REFUSED,     /* a transfer surely not paid: code says why */
	PAYF_XFER_UNKNOWN,     /* a transfer's outcome unknown: code, or "" */
	PAYF_REFUND_REFUSED,   /* a refund surely not made: code says why */
	PAYF_REFUND_UNKNOWN,   /* a refund's outcome unknown: code, or "" */
	PAYF__MAX
};

struct pay_fault {
	enum pay_fault_kind kind;
	char code[129]; /* Alipay's sub_code or code, "" when none */
};

/* What went wrong, in a few words (static text, or f->code): "not
 * configured (no application key)", "unreachable", Alipay's code... */
const char *payments_fault_word(const struct pay_fault *f);

/* The return_url rule (a pspec check): an http(s) URL on a host of
 * return_url_hosts. */
int payments_check_return_url(const char *s, size_t n, char *err,
                              size_t errlen);

/* ST_OK when Alipay is set up in this worker (tried again after 30 s
 * otherwise); else ST_THIRD_PARTY with *f (may be NULL) saying why. */
enum status payments_ready(struct pay_fault *f);

/* A signed alipay.trade.wap.pay URL (*url, malloc'ed) of the viewing fee
 * for request id of renter uid, its trade recorded in payments: ST_OK;
 * ST_THIRD_PARTY (*f); ST_NOT_FOUND; ST_FORBIDDEN not the renter;
 * ST_CONFLICT not unpaid (its state in *state); ST_INTERNAL; ST_DB. */
enum status payments_viewing_url(long long uid, long long id,
                                 const char *return_url, char **url, int *state,
                                 struct pay_fault *f);

/* A signed alipay.trade.wap.pay URL (*url, malloc'ed) for booking id of
 * guest uid (ihome.md 7), its trade recorded in payments: ST_OK;
 * ST_NOT_FOUND; ST_FORBIDDEN not the guest; ST_CONFLICT not WAIT_PAYMENT
 * with a minute of hold left (the booking's status in state, of statelen
 * bytes, "" when it is WAIT_PAYMENT about to lapse); ST_THIRD_PARTY (*f);
 * ST_INTERNAL; ST_DB.  return_url may be NULL. */
enum status payments_booking_url(long long uid, long long id,
                                 const char *return_url, char **url,
                                 char *state, size_t statelen,
                                 struct pay_fault *f);

/* A signed alipay.trade.wap.pay URL (*url, malloc'ed) for rental bill id
 * (rental.md 5) of its tenant uid, the bill's total as sent, its trade
 * recorded in payments: ST_OK; ST_NOT_FOUND (not the tenant's, nor the
 * landlord's); ST_FORBIDDEN the landlord; ST_CONFLICT not sent (*status:
 * the bill's); ST_THIRD_PARTY (*f); ST_INTERNAL; ST_DB.  return_url may
 * be NULL. */
enum status payments_bill_url(long long uid, long long id,
                              const char *return_url, char **url, int *status,
                              struct pay_fault *f);

/* Settle an asynchronous notify (the form p, each field once): verified,
 * ours (app_id, seller_id), its trade's amount, then the trade and its
 * viewing request, booking or bill (bills_settle_trade) marked paid in
 * one transaction, once.
 * ST_OK when handled now or before (Alipay may stop its retries);
 * ST_THIRD_PARTY not configured; ST_PARAM not genuine, not ours or not
 * matching its trade; ST_DB. */
enum status payments_notify(const struct alipay_params *p);

/* The URL (*url, malloc'ed) where user uid authorizes us at Alipay, with a
 * fresh one-time state for payments_bind: ST_OK; ST_THIRD_PARTY (*f);
 * ST_INTERNAL; ST_DB. */
enum status payments_auth_url(long long uid, char **url, struct pay_fault *f);

/* Bind the Alipay account of the user who asked for state (n bytes)
 * with the authorization code Alipay sent back: tokens exchanged and
 * stored sealed.  ST_OK; ST_NOT_FOUND an unknown or used state; ST_CODE an
 * expired one; ST_THIRD_PARTY (*f: PAYF_TOKEN_INCOMPLETE for an unusable
 * answer, others for none); ST_DB. */
enum status payments_bind(const char *state, size_t n, const char *code,
                          struct pay_fault *f);

/* Whether uid bound an Alipay account (*bound 1 or 0): ST_OK;
 * ST_THIRD_PARTY (*f); ST_DB. */
enum status payments_bound(long long uid, int *bound, struct pay_fault *f);

/* How payments_zhima may answer: the cached score only, a fresh one, or
 * the cached one when there is one. */
enum pay_zhima_mode { PZ_CACHED, PZ_FRESH, PZ_AUTO };

/* uid's Zhima score into score (len bytes, 16 are enough): ST_OK, "" when
 * not bound or (PZ_CACHED) none cached; a fetched score is cached.
 * ST_THIRD_PARTY (*f); ST_INTERNAL; ST_DB. */
enum status payments_zhima(long long uid, enum pay_zhima_mode mode, char *score,
                           size_t len, struct pay_fault *f);

/* The kinds of payee account, in Alipay's order. */
enum pay_payee { PAYEE_USERID, PAYEE_LOGONID };

/* What a transfer came to. */
struct pay_transfer {
	int busy;       /* ST_CONFLICT: 1 a call on the order is running,
	                 * 0 the order was used with other parameters */
	char order[65]; /* ST_OK: Alipay's order id */
	char date[33];  /* ST_OK: its pay date */
};

/* Pay fen to account (of type) for order (out_biz_no) once, for admin uid;
 * remark "" for none.  An order seen before is the same transfer: asked
 * about first when an attempt may have gone through, paid again only when
 * surely not paid.  ST_OK paid (*out); ST_CONFLICT (*out); ST_THIRD_PARTY
 * (*f: PAYF_XFER_REFUSED, PAYF_XFER_UNKNOWN: call again with the same
 * order, or not configured); ST_INTERNAL; ST_DB. */
enum status payments_transfer(long long uid, const char *order,
                              enum pay_payee type, const char *account,
                              long long fen, const char *remark,
                              struct pay_transfer *out, struct pay_fault *f);

/* ---- refunds (issue 13 2) ---- */

/* Why payments_refund answered ST_CONFLICT. */
enum pay_refund_why {
	PRW_NONE,
	PRW_STATE,   /* the payment is not one kept to refund (state 2) */
	PRW_OVER,    /* more than is left to refund (out->rest) */
	PRW_PENDING, /* an unfinished refund of another amount (out: it) */
};

/* What a refund came to. */
struct pay_refund {
	enum pay_refund_why why;
	char out_request_no[65];
	long long payment;
	long long fen;  /* this refund's amount */
	long long rest; /* PRW_OVER: what may still be refunded */
	int state;      /* 0 outcome unknown, 1 refunded, 2 surely not */
	int resumed;    /* an unfinished refund was taken up again */
	int at_alipay;  /* payments_refund_query: Alipay knows the refund */
	char date[33];  /* Alipay's gmt_refund_pay */
	char sub[65];   /* Alipay's refusal or unclear code */
};

/* Refund fen (0: all that is left) of payment, a trade paid for a request
 * no longer open (state 2), through alipay.trade.refund, for an
 * administrator (the CLI; the console later).  Each refund gets its
 * out_request_no stored before the first call; an unfinished one of the
 * payment is taken up again (same out_request_no, same amount, asked about
 * first) rather than a new one made, so Alipay refunds it once.  Refunds
 * done or unknown never add up to more than the payment (checked under
 * its row lock).  reason may be NULL; admin_id is the administrator
 * who asks, kept with a new refund (0 for the command line).  ST_OK refunded (*out);
 * ST_NOT_FOUND no such payment; ST_CONFLICT (out->why); ST_THIRD_PARTY
 * (*f: PAYF_REFUND_REFUSED, PAYF_REFUND_UNKNOWN: call again, or not
 * configured; *out says which refund); ST_INTERNAL; ST_DB. */
enum status payments_refund(long long admin_id, long long payment,
                            long long fen, const char *reason,
                            struct pay_refund *out, struct pay_fault *f);

/* Ask Alipay (alipay.trade.fastpay.refund.query) about refund
 * out_request_no and record it refunded when Alipay says so; one it does
 * not know stays unfinished (payments_refund takes it up again).  ST_OK
 * (*out: state as recorded now, at_alipay); ST_NOT_FOUND not ours;
 * ST_THIRD_PARTY (*f) no clear answer; ST_DB. */
enum status payments_refund_query(const char *out_request_no,
                                  struct pay_refund *out, struct pay_fault *f);

/* Payments kept to refund with money left (*rows, free with db_res_free):
 * id, out_trade_no, amount_fen, refunded fen, fen of unfinished refunds,
 * paid_at, what it paid for (pre_order, booking, bill).  ST_OK; ST_DB. */
enum status payments_refundable(struct db_res **rows);

/* A trade as Alipay sees it (alipay.trade.query). */
struct pay_trade {
	char status[33]; /* trade_status */
	long long fen;   /* total_amount */
};

/* Ask Alipay about trade out_trade_no: ST_OK (*t); ST_NOT_FOUND Alipay
 * does not know it (never paid); ST_THIRD_PARTY (*f); ST_INTERNAL. */
enum status payments_trade_query(const char *out_trade_no, struct pay_trade *t,
                                 struct pay_fault *f);

#endif
