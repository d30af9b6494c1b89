/* iHome's booking routes (ihome.md 7) over app/bookings.c and the shared
 * Alipay payments. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bookings.h"
#include "ihome.h"
#include "ihome/handlers.h"
#include "payments.h"
#include "stays.h"

/* ---- POST orders --------------------------------------------------------- */

enum { B_HOUSE, B_START, B_END };
const struct pspec h_ihome_order_create_params[] = {
        [B_HOUSE] = PARAM_INT("house_id", PF_REQUIRED, 1, LLONG_MAX),
        [B_START] = PARAM_OF("start_date", PT_DATE, PF_REQUIRED),
        [B_END] = PARAM_OF("end_date", PT_DATE, PF_REQUIRED),
        PARAM_END,
};

enum status
h_ihome_order_create(struct req *r, struct resp *res)
{
	long sd = ihome_ymd_days(r->p[B_START].i);
	long ed = ihome_ymd_days(r->p[B_END].i);
	long long id, min, max;
	enum status st;
	cJSON *o;

	if (sd < stays_today())
		return resp_fail(res, ST_PARAM,
		                 "start_date: must not be before today");
	if (ed <= sd)
		return resp_fail(res, ST_PARAM,
		                 "end_date: must be after start_date");
	if (ed - sd > 365)
		return resp_fail(res, ST_PARAM,
		                 "end_date: at most 365 nights after "
		                 "start_date");
	st = bookings_create(r->uid, r->p[B_HOUSE].i, sd, ed, &id, &min, &max);
	switch (st) {
	case ST_OK:
		break;
	case ST_NOT_FOUND:
		return resp_fail(res, ST_NOT_FOUND, "房屋不存在");
	case ST_FORBIDDEN:
		return resp_fail(res, ST_FORBIDDEN, "不能预订自己的房屋");
	case ST_PARAM:
		if (max > 0)
			return resp_fail(
			        res, ST_PARAM,
			        "end_date: this house takes stays of "
			        "min_days %lld to max_days %lld nights",
			        min, max);
		return resp_fail(res, ST_PARAM,
		                 "end_date: this house takes stays of at "
		                 "least min_days %lld nights",
		                 min);
	case ST_CONFLICT:
		return resp_fail(res, ST_CONFLICT, "房屋已被预订");
	default:
		return st;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "order_id", (double)id);
	resp_ans(res, o);
	return ST_OK;
}

/* ---- GET orders -----------------------------------------------------------
 */

static const char *const roles[] = {"custom", "landlord", NULL};

enum { L_ROLE, L_PAGE };
const struct pspec h_ihome_order_list_params[] = {
        [L_ROLE] = PARAM_CHOICE("role", PF_REQUIRED, roles),
        [L_PAGE] = PARAM_INT("p", PF_EMPTY, 1, 10000),
        PARAM_END,
};

enum status
h_ihome_order_list(struct req *r, struct resp *res)
{
	long long page = r->p[L_PAGE].set ? r->p[L_PAGE].i : 1, total;
	long long size = app.cfg.ihome_page_size;
	struct db_res *rows = NULL;
	const char *photos;
	enum status st;
	cJSON *arr, *o, *b;
	size_t i;

	st = bookings_list(r->uid, r->p[L_ROLE].i == 1, page, &rows, &total);
	if (st != ST_OK)
		return st;
	arr = cJSON_CreateArray();
	for (i = 0; i < rows->nrows; i++) {
		b = cJSON_CreateObject();
		photos = db_str(rows, i, BK_PHOTOS);
		cJSON_AddNumberToObject(b, "order_id",
		                        (double)db_int(rows, i, BK_ID, 0));
		cJSON_AddNumberToObject(b, "house_id",
		                        (double)db_int(rows, i, BK_HOUSE, 0));
		cJSON_AddStringToObject(b, "title",
		                        (db_str(rows, i, BK_TITLE)
		                                 ? db_str(rows, i, BK_TITLE)
		                                 : ""));
		cJSON_AddStringToObject(b, "img_url",
		                        ihome_first_url(r, photos));
		cJSON_AddStringToObject(b, "start_date",
		                        db_str(rows, i, BK_START));
		cJSON_AddStringToObject(b, "end_date", db_str(rows, i, BK_END));
		cJSON_AddStringToObject(b, "ctime", db_str(rows, i, BK_CTIME));
		cJSON_AddNumberToObject(b, "days",
		                        (double)db_int(rows, i, BK_NIGHTS, 0));
		cJSON_AddNumberToObject(b, "amount",
		                        (double)db_int(rows, i, BK_AMOUNT, 0));
		cJSON_AddStringToObject(b, "status",
		                        db_str(rows, i, BK_STATUS));
		cJSON_AddStringToObject(b, "comment",
		                        db_str(rows, i, BK_COMMENT));
		cJSON_AddItemToArray(arr, b);
	}
	db_res_free(rows);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "orders", arr);
	cJSON_AddNumberToObject(o, "total_page",
	                        (double)((total + size - 1) / size));
	resp_ans(res, o);
	return ST_OK;
}

/* ---- PUT orders ------------------------------------------------------------
 */

static const char *const actions[] = {"accept", "reject", "cancel", NULL};

enum { A_ORDER, A_ACTION, A_REASON };
const struct pspec h_ihome_order_act_params[] = {
        [A_ORDER] = PARAM_INT("order_id", PF_REQUIRED, 1, LLONG_MAX),
        [A_ACTION] = PARAM_CHOICE("action", PF_REQUIRED, actions),
        [A_REASON] = PARAM_TEXT("reason", PF_EMPTY, 1, 500, NULL),
        PARAM_END,
};

/* The answer of a refused change of booking id. */
static enum status
refusal(struct resp *res, enum status st, const char *state, const char *who)
{
	switch (st) {
	case ST_NOT_FOUND:
		return resp_fail(res, ST_NOT_FOUND, "订单不存在");
	case ST_FORBIDDEN:
		return resp_fail(res, ST_FORBIDDEN, "只有%s可以这样做", who);
	case ST_CONFLICT:
		return resp_fail(res, ST_CONFLICT, "订单状态为 %s，不能这样做",
		                 state ? state : "?");
	default:
		return st;
	}
}

enum status
h_ihome_order_act(struct req *r, struct resp *res)
{
	enum booking_action act = (enum booking_action)r->p[A_ACTION].i;
	const char *state;
	enum status st;

	if (act == BA_REJECT && !r->p[A_REASON].set)
		return resp_fail(res, ST_PARAM, "reason: required to reject");
	st = bookings_act(r->uid, r->p[A_ORDER].i, act,
	                  act == BA_REJECT ? r->p[A_REASON].s : NULL, &state);
	if (st != ST_OK)
		return refusal(res, st, state,
		               act == BA_CANCEL ? "下单的房客" : "房东");
	return ST_OK;
}

/* ---- PUT orders/comment ----------------------------------------------------
 */

enum { C_ORDER, C_COMMENT };
const struct pspec h_ihome_order_comment_params[] = {
        [C_ORDER] = PARAM_INT("order_id", PF_REQUIRED, 1, LLONG_MAX),
        [C_COMMENT] = PARAM_TEXT("comment", PF_REQUIRED, 1, 1000, NULL),
        PARAM_END,
};

enum status
h_ihome_order_comment(struct req *r, struct resp *res)
{
	const char *state;
	enum status st;

	st = bookings_comment(r->uid, r->p[C_ORDER].i, r->p[C_COMMENT].s,
	                      &state);
	if (st != ST_OK)
		return refusal(res, st, state, "下单的房客");
	return ST_OK;
}

/* ---- POST orders/{id}/payment ------------------------------------------- */

enum { P_ID, P_RETURN };
const struct pspec h_ihome_order_pay_params[] = {
        [P_ID] = PARAM_INT("id", PF_REQUIRED | PF_PATH, 1, LLONG_MAX),
        [P_RETURN] = PARAM_URL("return_url", PF_EMPTY, 10, PAY_URL_MAX,
                               payments_check_return_url),
        PARAM_END,
};

enum status
h_ihome_order_pay(struct req *r, struct resp *res)
{
	long long id = r->p[P_ID].i;
	struct pay_fault f = {0};
	char *url = NULL, state[32];
	enum status st;
	cJSON *o;

	st = payments_booking_url(r->uid, id,
	                          r->p[P_RETURN].set ? r->p[P_RETURN].s : NULL,
	                          &url, state, sizeof(state), &f);
	if (st == ST_NOT_FOUND || st == ST_FORBIDDEN)
		return refusal(res, st, NULL, "下单的房客");
	if (st == ST_CONFLICT)
		return resp_fail(
		        res, ST_CONFLICT,
		        "booking %lld is %s; only a booking waiting for "
		        "payment with a minute of its hold left can be "
		        "paid",
		        id, state[0] ? state : "about to lapse");
	if (st == ST_THIRD_PARTY)
		return resp_fail(res, ST_THIRD_PARTY, "alipay: %s",
		                 payments_fault_word(&f));
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "pay_url", url);
	free(url);
	resp_ans(res, o);
	return ST_OK;
}
