/* Login, logout and SMS codes (directory.md 2, 3).
 * STUB: every route answers 404 until it is written. */
#include "directory/directory.h"
#include "directory/handlers.h"

static const struct js dir_login_body_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js dir_login_body = JSD_OBJECT(NULL, 0, dir_login_body_m);

const struct pspec h_dir_login_params[] = {PARAM_END};
enum status
h_dir_login(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_logout_params[] = {PARAM_END};
enum status
h_dir_logout(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_mobile_code_params[] = {PARAM_END};
enum status
h_dir_mobile_code(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}
