/* Refunds from the console (issue 13, 2): the payments kept to refund and
 * a refund of one, through the domain's payments_refund, the function
 * `zufang-admin refund` calls (app/admin_refunds.c), so both keep its
 * guarantees (one out_request_no per refund, taken up again when
 * unfinished; never more than was paid). */
#include <stdint.h>

#include <cJSON.h>

#include "admin/handlers.h"
#include "alipay.h"
#include "log.h"
#include "payments.h"

static void
add_yuan(cJSON *o, const char *k, long long fen)
{
	char y[ALIPAY_YUAN_LEN];

	if (alipay_fen_to_yuan(fen, y) < 0)
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddStringToObject(o, k, y);
}

static cJSON *
str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

const struct pspec h_admin_refunds_params[] = {PARAM_END};

/* GET /admin/api/refunds: {"items": [{"payment_id", "out_trade_no",
 * "amount", "refunded", "unfinished", "left", "paid_at", "paid_for"}]},
 * amounts in yuan ("10.00"), oldest payment first. */
enum status
h_admin_refunds(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	cJSON *o, *items;
	enum status st;
	size_t i;

	(void)r;
	if ((st = payments_refundable(&rows)) != ST_OK)
		return st;
	o = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(o, "items");
	for (i = 0; i < rows->nrows; i++) {
		cJSON *it = cJSON_CreateObject();
		long long amount = db_int(rows, i, 2, 0);
		long long done = db_int(rows, i, 3, 0);
		long long open = db_int(rows, i, 4, 0);

		cJSON_AddNumberToObject(it, "payment_id",
		                        (double)db_int(rows, i, 0, 0));
		cJSON_AddItemToObject(it, "out_trade_no",
		                      str_or_null(db_str(rows, i, 1)));
		add_yuan(it, "amount", amount);
		add_yuan(it, "refunded", done);
		add_yuan(it, "unfinished", open);
		add_yuan(it, "left", amount - done - open);
		cJSON_AddItemToObject(it, "paid_at",
		                      str_or_null(db_str(rows, i, 5)));
		cJSON_AddItemToObject(it, "paid_for",
		                      str_or_null(db_str(rows, i, 6)));
		cJSON_AddItemToArray(items, it);
	}
	db_res_free(rows);
	resp_ans(res, o);
	return ST_OK;
}

enum { F_PAYMENT, F_AMOUNT, F_REASON };
const struct pspec h_admin_refund_params[] = {
        [F_PAYMENT] =
                PARAM_INT("payment_id", PF_PATH | PF_REQUIRED, 1, INT64_MAX),
        [F_AMOUNT] = PARAM_TEXT("amount", PF_EMPTY, 1, 20, NULL),
        /* The length zufang-admin refund --reason allows. */
        [F_REASON] = PARAM_TEXT("reason", PF_EMPTY, 1, 80, NULL),
        PARAM_END,
};

/* POST /admin/api/refunds/{payment_id}, form amount (yuan, e.g. 12.50;
 * none: all that is left) and reason (optional): {"payment_id",
 * "out_request_no", "amount", "resumed"} once Alipay refunded it. */
enum status
h_admin_refund(struct req *r, struct resp *res)
{
	long long pay = r->p[F_PAYMENT].i, fen = 0;
	struct pay_refund out = {0};
	struct pay_fault f = {0};
	char y[ALIPAY_YUAN_LEN];
	enum status st;
	cJSON *o;

	if (r->p[F_AMOUNT].set &&
	    (alipay_yuan_to_fen(r->p[F_AMOUNT].s, &fen) != 0 || fen <= 0))
		return resp_fail(res, ST_PARAM,
		                 "amount: yuan above 0 with at most two "
		                 "decimals, e.g. 12.50");
	st = payments_refund(r->uid, pay, fen,
	                     r->p[F_REASON].set ? r->p[F_REASON].s : NULL, &out,
	                     &f);
	if (alipay_fen_to_yuan(out.fen, y) < 0)
		y[0] = '\0';
	switch (st) {
	case ST_OK:
		break;
	case ST_NOT_FOUND:
		return resp_fail(res, st, "no payment %lld", pay);
	case ST_CONFLICT:
		if (out.why == PRW_STATE)
			return resp_fail(res, st,
			                 "payment %lld is not one to refund",
			                 pay);
		if (out.why == PRW_PENDING)
			return resp_fail(
			        res, st,
			        "payment %lld has an unfinished refund "
			        "%s of %s yuan: refund it without an "
			        "amount to finish it first",
			        pay, out.out_request_no, y);
		if (alipay_fen_to_yuan(out.rest, y) < 0)
			y[0] = '\0';
		return resp_fail(res, st,
		                 "payment %lld: over what was paid: %s yuan "
		                 "left to refund",
		                 pay, y);
	case ST_THIRD_PARTY:
		if (out.out_request_no[0] && f.kind == PAYF_REFUND_UNKNOWN)
			return resp_fail(
			        res, st,
			        "refund %s of %s yuan: outcome unknown "
			        "(%s); refund again: the same refund "
			        "is asked about first",
			        out.out_request_no, y,
			        f.code[0] ? f.code : "no answer");
		if (out.out_request_no[0])
			return resp_fail(res, st,
			                 "refund %s of %s yuan: refused by "
			                 "Alipay: %s",
			                 out.out_request_no, y,
			                 payments_fault_word(&f));
		return resp_fail(res, st, "Alipay: %s",
		                 payments_fault_word(&f));
	default:
		return st;
	}
	log_info("refund %s: payment %lld refunded by administrator %lld",
	         out.out_request_no, pay, r->uid);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "payment_id", (double)pay);
	cJSON_AddStringToObject(o, "out_request_no", out.out_request_no);
	cJSON_AddStringToObject(o, "amount", y);
	cJSON_AddBoolToObject(o, "resumed", out.resumed != 0);
	resp_ans(res, o);
	return ST_OK;
}
