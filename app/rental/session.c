/* Login from the mini-program, certification, user info, logout (rental.md 2).
 * STUB: every route answers 404 until it is written. */
#include "rental/handlers.h"
#include "rental/rental.h"

static const struct js h_rent_login_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_login_body = JSD_OBJECT(NULL, 0, h_rent_login_m);
const struct pspec h_rent_login_params[] = {
        PARAM_END,
};
enum status
h_rent_login(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_cert_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_cert_body = JSD_OBJECT(NULL, 0, h_rent_cert_m);
const struct pspec h_rent_cert_params[] = {
        PARAM_TEXT("cert", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_END,
};
enum status
h_rent_cert(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_userinfo_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_userinfo_body = JSD_OBJECT(NULL, 0, h_rent_userinfo_m);
const struct pspec h_rent_userinfo_params[] = {
        PARAM_END,
};
enum status
h_rent_userinfo(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_logout_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_logout_body = JSD_OBJECT(NULL, 0, h_rent_logout_m);
const struct pspec h_rent_logout_params[] = {
        PARAM_END,
};
enum status
h_rent_logout(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}
