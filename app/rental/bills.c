/* Monthly bills (rental.md 5): a building's bills, one bill, the
 * landlord's readings, merging, recording a payment, and the tenant's
 * online payment through the shared Alipay client. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "bills.h"
#include "payments.h"
#include "rental/handlers.h"
#include "rental/rental.h"
#include "rentcalc.h"

#define MONEY_MAX   100000000LL /* 1,000,000.00 yuan in fen */
#define READING_MAX 100000000LL /* 10,000,000.0 in tenths */

/* A fen or tenths cell as a JSON number, or null. */
static cJSON *
yuan_cell(const struct db_res *rows, size_t i, size_t col)
{
	if (db_cell(rows, i, col)->t == DBT_NULL)
		return cJSON_CreateNull();
	return rent_yuan_json(db_int(rows, i, col, 0));
}

static cJSON *
tenths_cell(const struct db_res *rows, size_t i, size_t col)
{
	if (db_cell(rows, i, col)->t == DBT_NULL)
		return cJSON_CreateNull();
	return rent_tenths_json(db_int(rows, i, col, 0));
}

static void
meter(cJSON *o, const char *name, const struct db_res *rows, size_t i,
      size_t price)
{
	cJSON *m = cJSON_AddObjectToObject(o, name);

	cJSON_AddItemToObject(m, "price", yuan_cell(rows, i, price));
	cJSON_AddItemToObject(m, "init", tenths_cell(rows, i, price + 1));
	cJSON_AddItemToObject(m, "cur", tenths_cell(rows, i, price + 2));
}

cJSON *
rental_bill_json(const struct db_res *rows, size_t i)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "_id", rental_id_cell(rows, i, BI_ID));
	cJSON_AddItemToObject(o, "contractId", rental_id_cell(rows, i, BI_CONTRACT));
	cJSON_AddItemToObject(o, "roomId", rental_id_cell(rows, i, BI_ROOM));
	cJSON_AddItemToObject(o, "houseName", app_cell_str(rows, i, BI_NAME));
	cJSON_AddItemToObject(o, "startTime", app_cell_str(rows, i, BI_START));
	cJSON_AddItemToObject(o, "endTime", app_cell_str(rows, i, BI_END));
	cJSON_AddItemToObject(o, "rent", yuan_cell(rows, i, BI_RENT));
	cJSON_AddItemToObject(o, "clear", yuan_cell(rows, i, BI_CLEAR));
	cJSON_AddItemToObject(o, "net", yuan_cell(rows, i, BI_NET));
	meter(o, "water", rows, i, BI_WPRICE);
	meter(o, "electric", rows, i, BI_EPRICE);
	cJSON_AddItemToObject(o, "beforeCost", yuan_cell(rows, i, BI_BEFORE));
	cJSON_AddItemToObject(o, "max", app_cell_int(rows, i, BI_MAX));
	cJSON_AddItemToObject(o, "toalCost", yuan_cell(rows, i, BI_TOTAL));
	cJSON_AddItemToObject(o, "status", app_cell_int(rows, i, BI_STATUS));
	cJSON_AddItemToObject(o, "pay", app_cell_int(rows, i, BI_PAY));
	cJSON_AddItemToObject(o, "paidTime", app_cell_str(rows, i, BI_PAID));
	return o;
}

/* The decimal text of a fixed-point JSON number into out. */
static const char *
number_text(cJSON *n, char *out, size_t len)
{
	char *s = cJSON_PrintUnformatted(n);

	snprintf(out, len, "%s", s != NULL ? s : "?");
	cJSON_free(s);
	cJSON_Delete(n);
	return out;
}

static const char *
status_word(int status)
{
	switch (status) {
	case BS_OPEN:
		return "open";
	case BS_SENT:
		return "sent";
	case BS_PAID:
		return "paid";
	case BS_MERGED:
		return "merged";
	}
	return "unknown";
}

/* Answer bill id (after a change) with msg. */
static enum status
answer_bill(struct resp *res, long long uid, long long id, const char *msg)
{
	struct db_res *row = NULL;
	enum status st;

	if ((st = bills_get(uid, id, &row)) != ST_OK)
		return st;
	resp_ans(res, rental_bill_json(row, 0));
	db_res_free(row);
	return resp_fail(res, ST_OK, "%s", msg);
}

/* The refusal of a change of bill id (what: the change, for the msg). */
static enum status
refusal(struct resp *res, enum status st, const struct bill_outcome *o,
        const char *what)
{
	char text[32];

	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "id: no such bill");
	if (st == ST_FORBIDDEN)
		return resp_fail(res, ST_FORBIDDEN,
		                 "id: only the landlord can %s a bill", what);
	if (st != ST_CONFLICT && st != ST_PARAM)
		return st;
	switch (o->why) {
	case BW_PAID:
		return resp_fail(res, st, "already paid");
	case BW_MAX:
		return resp_fail(res, st,
		                 "max: 已合并 %d 次，不能再合并 (at most %d)",
		                 BILL_MERGE_MAX, BILL_MERGE_MAX);
	case BW_ENDED:
		return resp_fail(res, st,
		                 "contract: ended; there is no next bill to "
		                 "merge into");
	case BW_WATER:
		return resp_fail(res, st, "curWater: must not be below init");
	case BW_ELECTRIC:
		return resp_fail(res, st,
		                 "curElectric: must not be below init");
	case BW_TOTAL:
		return resp_fail(res, st, "账单有误: 应为 %s",
		                 number_text(rent_yuan_json(o->total), text,
		                             sizeof(text)));
	case BW_STATE:
	case BW_NONE:
		break;
	}
	return resp_fail(res, ST_CONFLICT,
	                 "status: the bill is %d (%s); it cannot be %s now",
	                 o->status, status_word(o->status), what);
}

/* ---- /bill/getbills ------------------------------------------------- */

static const struct js h_rent_bills_m[] = {
        JSD_INT("id", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
        JSD_INT("page", JS_DIGITSTR, 1, 1000000),
        JSD_INT("size", JS_DIGITSTR, 1, 100),
};
const struct js h_rent_bills_body = JSD_OBJECT(NULL, 0, h_rent_bills_m);
const struct pspec h_rent_bills_params[] = {
        PARAM_END,
};

enum status
h_rent_bills(struct req *r, struct resp *res)
{
	const struct jv *b = r->json;
	long long page = jv_get(b, "page") ? jv_int(jv_get(b, "page")) : 1,
	          size = jv_get(b, "size") ? jv_int(jv_get(b, "size")) : 20,
	          count = 0;
	struct db_res *rows = NULL;
	enum status st;
	cJSON *list;
	size_t i;

	st = bills_page(r->uid, jv_int(jv_get(b, "id")), page, size, &rows,
	                &count);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "id: no such building");
	if (st != ST_OK)
		return st;
	list = cJSON_CreateArray();
	for (i = 0; i < rows->nrows; i++)
		cJSON_AddItemToArray(list, rental_bill_json(rows, i));
	db_res_free(rows);
	resp_ans(res, list);
	res->top = cJSON_CreateObject();
	cJSON_AddNumberToObject(res->top, "count", (double)count);
	return resp_fail(res, ST_OK, "查询成功");
}

/* ---- /bill/getbill -------------------------------------------------- */

static const struct js h_rent_bill_m[] = {
        JSD_INT("id", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
};
const struct js h_rent_bill_body = JSD_OBJECT(NULL, 0, h_rent_bill_m);
const struct pspec h_rent_bill_params[] = {
        PARAM_END,
};

enum status
h_rent_bill(struct req *r, struct resp *res)
{
	enum status st;

	st = answer_bill(res, r->uid, jv_int(jv_get(r->json, "id")),
	                 "查询成功");
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "id: no such bill");
	return st;
}

/* ---- /bill/setbills ------------------------------------------------- */

static const struct js h_rent_bill_set_m[] = {
        JSD_INT("id", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
        JSD_DEC("curWater", JS_REQUIRED, 1, 0, READING_MAX),
        JSD_DEC("curElectric", JS_REQUIRED, 1, 0, READING_MAX),
        JSD_DEC("toalCost", 0, 2, 0, MONEY_MAX),
};
const struct js h_rent_bill_set_body = JSD_OBJECT(NULL, 0, h_rent_bill_set_m);
const struct pspec h_rent_bill_set_params[] = {
        PARAM_END,
};

enum status
h_rent_bill_set(struct req *r, struct resp *res)
{
	const struct jv *b = r->json, *given = jv_get(b, "toalCost");
	long long id = jv_int(jv_get(b, "id"));
	struct bill_outcome o;
	enum status st;

	st = bills_set(r->uid, id, jv_dec(jv_get(b, "curWater"), 1),
	               jv_dec(jv_get(b, "curElectric"), 1),
	               given != NULL ? jv_dec(given, 2) : -1, &o);
	if (st != ST_OK)
		return refusal(res, st, &o, "sent");
	return answer_bill(res, r->uid, id, "账单已发送");
}

/* ---- /bill/oldbill -------------------------------------------------- */

static const struct js h_rent_bill_merge_m[] = {
        JSD_INT("id", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
};
const struct js h_rent_bill_merge_body =
        JSD_OBJECT(NULL, 0, h_rent_bill_merge_m);
const struct pspec h_rent_bill_merge_params[] = {
        PARAM_END,
};

enum status
h_rent_bill_merge(struct req *r, struct resp *res)
{
	struct bill_outcome o;
	enum status st;

	st = bills_merge(r->uid, jv_int(jv_get(r->json, "id")), &o);
	if (st != ST_OK)
		return refusal(res, st, &o, "merged");
	return answer_bill(res, r->uid, o.next, "合并账单成功");
}

/* ---- /bill/payment -------------------------------------------------- */

static const struct js h_rent_bill_pay_m[] = {
        JSD_INT("id", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
        JSD_INT("pay", JS_DIGITSTR, 0, 3),
};
const struct js h_rent_bill_pay_body = JSD_OBJECT(NULL, 0, h_rent_bill_pay_m);
const struct pspec h_rent_bill_pay_params[] = {
        PARAM_END,
};

enum status
h_rent_bill_pay(struct req *r, struct resp *res)
{
	const struct jv *b = r->json, *pay = jv_get(b, "pay");
	long long id = jv_int(jv_get(b, "id"));
	struct bill_outcome o;
	enum status st;

	st = bills_pay(r->uid, id, pay != NULL ? (int)jv_int(pay) : 3, &o);
	if (st != ST_OK)
		return refusal(res, st, &o, "paid");
	return answer_bill(res, r->uid, id, "支付成功");
}

/* ---- /bill/paymenturl ----------------------------------------------- */

static const struct js h_rent_bill_payurl_m[] = {
        JSD_INT("id", JS_REQUIRED | JS_DIGITSTR, 1, LLONG_MAX),
        JSD_TEXT("return_url", 0, 10, PAY_URL_MAX, payments_check_return_url),
};
const struct js h_rent_bill_payurl_body =
        JSD_OBJECT(NULL, 0, h_rent_bill_payurl_m);
const struct pspec h_rent_bill_payurl_params[] = {
        PARAM_END,
};

enum status
h_rent_bill_payurl(struct req *r, struct resp *res)
{
	struct pay_fault f = {0};
	char *url = NULL;
	enum status st;
	int status;
	cJSON *o;

	st = payments_bill_url(r->uid, jv_int(jv_get(r->json, "id")),
	                       jv_str(jv_get(r->json, "return_url"), NULL),
	                       &url, &status, &f);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "id: no such bill");
	if (st == ST_FORBIDDEN)
		return resp_fail(res, ST_FORBIDDEN,
		                 "id: only the tenant pays a bill online");
	if (st == ST_CONFLICT && status == BS_PAID)
		return resp_fail(res, ST_CONFLICT, "already paid");
	if (st == ST_CONFLICT)
		return resp_fail(
		        res, ST_CONFLICT,
		        "status: the bill is %d (%s); only a sent bill "
		        "(1) can be paid",
		        status, status_word(status));
	if (st == ST_THIRD_PARTY)
		return resp_fail(res, ST_THIRD_PARTY, "alipay: %s",
		                 payments_fault_word(&f));
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "payment_url", url);
	free(url);
	resp_ans(res, o);
	return resp_fail(res, ST_OK, "查询成功");
}
