/* iHome's session routes (ihome.md 4): state, and later login, logout. */
#include "ihome.h"
#include "ihome/handlers.h"

const struct pspec h_ihome_session_get_params[] = {PARAM_END};

/* GET /api/v1.0/session: who is logged in, or errno 4101 未登录. */
enum status
h_ihome_session_get(struct req *r, struct resp *res)
{
	cJSON *o;

	if (r->uid == 0)
		return resp_fail(res, ST_AUTH, "未登录");
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "user_id", (double)r->uid);
	cJSON_AddStringToObject(o, "name", users_name(r));
	resp_ans(res, o);
	return ST_OK;
}
