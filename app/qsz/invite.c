/* QSZ's invitation routes (qsz.md 5): the user's own code and the friend's
 * code a user enters once. */
#include <stdio.h>

#include "app.h"
#include "invites.h"
#include "qsz/handlers.h"

/* {"my_invite_code", "friend_invite_code"} of the user. */
static enum status
answer(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	const char *friend;
	enum status st;
	cJSON *o;

	if ((st = invites_mine(r->uid, &row)) != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "my_invite_code",
	                        db_str(row, 0, INV_COL_MINE));
	if ((friend = db_str(row, 0, INV_COL_FRIEND)) != NULL)
		cJSON_AddStringToObject(o, "friend_invite_code", friend);
	else
		cJSON_AddNullToObject(o, "friend_invite_code");
	resp_ans(res, o);
	db_res_free(row);
	return ST_OK;
}

const struct pspec h_invite_get_params[] = {PARAM_END};

enum status
h_invite_get(struct req *r, struct resp *res)
{
	return answer(r, res);
}

static int
check_code(const char *s, size_t n, char *err, size_t len)
{
	if (!invites_code_chars(s, n)) {
		snprintf(err, len,
		         "expected %d letters and digits "
		         "of an invitation code",
		         INVITE_CODE_LEN);
		return -1;
	}
	return 0;
}

const struct pspec h_invite_set_params[] = {
        PARAM_TEXT("invite_code", PF_REQUIRED, INVITE_CODE_LEN, INVITE_CODE_LEN,
                   check_code),
        PARAM_END,
};

enum status
h_invite_set(struct req *r, struct resp *res)
{
	char code[INVITE_CODE_LEN + 1];
	enum status st;

	invites_code_norm(r->p[0].s, code);
	switch ((st = invites_set_friend(r->uid, code))) {
	case ST_OK:
		return answer(r, res);
	case ST_EXISTS:
		return resp_fail(res, ST_CONFLICT, "invite code already set");
	case ST_CONFLICT:
		return resp_fail(res, ST_CONFLICT,
		                 "invite_code: that is your own code");
	case ST_NOT_FOUND:
		return resp_fail(res, ST_NOT_FOUND, "invite code %s not found",
		                 code);
	default:
		return st;
	}
}
