/* Monthly bills (rental.md 5).
 * STUB: every route answers 404 until it is written. */
#include "rental/handlers.h"
#include "rental/rental.h"

static const struct js h_rent_bills_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_bills_body = JSD_OBJECT(NULL, 0, h_rent_bills_m);
const struct pspec h_rent_bills_params[] = {
        PARAM_END,
};
enum status
h_rent_bills(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_bill_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_bill_body = JSD_OBJECT(NULL, 0, h_rent_bill_m);
const struct pspec h_rent_bill_params[] = {
        PARAM_END,
};
enum status
h_rent_bill(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_bill_set_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_bill_set_body = JSD_OBJECT(NULL, 0, h_rent_bill_set_m);
const struct pspec h_rent_bill_set_params[] = {
        PARAM_END,
};
enum status
h_rent_bill_set(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_bill_merge_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_bill_merge_body = JSD_OBJECT(NULL, 0, h_rent_bill_merge_m);
const struct pspec h_rent_bill_merge_params[] = {
        PARAM_END,
};
enum status
h_rent_bill_merge(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_bill_pay_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_bill_pay_body = JSD_OBJECT(NULL, 0, h_rent_bill_pay_m);
const struct pspec h_rent_bill_pay_params[] = {
        PARAM_END,
};
enum status
h_rent_bill_pay(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_bill_payurl_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_bill_payurl_body = JSD_OBJECT(NULL, 0, h_rent_bill_payurl_m);
const struct pspec h_rent_bill_payurl_params[] = {
        PARAM_END,
};
enum status
h_rent_bill_payurl(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}
