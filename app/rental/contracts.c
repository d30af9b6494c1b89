/* Contracts (rental.md 4).
 * STUB: every route answers 404 until it is written. */
#include "rental/handlers.h"
#include "rental/rental.h"

static const struct js h_rent_contract_init_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_contract_init_body = JSD_OBJECT(NULL, 0, h_rent_contract_init_m);
const struct pspec h_rent_contract_init_params[] = {
        PARAM_END,
};
enum status
h_rent_contract_init(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_contract_sign_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_contract_sign_body = JSD_OBJECT(NULL, 0, h_rent_contract_sign_m);
const struct pspec h_rent_contract_sign_params[] = {
        PARAM_END,
};
enum status
h_rent_contract_sign(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_contract_get_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_contract_get_body = JSD_OBJECT(NULL, 0, h_rent_contract_get_m);
const struct pspec h_rent_contract_get_params[] = {
        PARAM_END,
};
enum status
h_rent_contract_get(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}
