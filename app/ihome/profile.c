/* iHome's profile routes (ihome.md 4): the profile, the display name, the
 * portrait and the real-name record, all shared with QSZ. */
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "ident.h"
#include "ihome.h"
#include "ihome/handlers.h"
#include "upload.h"
#include "valid.h"

const struct pspec h_ihome_user_get_params[] = {PARAM_END};

/* GET /api/v1.0/user. */
enum status
h_ihome_user_get(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	enum status st;
	cJSON *o;

	if ((st = accounts_profile(r->uid, &row)) != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "user_id", (double)r->uid);
	cJSON_AddStringToObject(o, "name", db_str(row, 0, 0));
	cJSON_AddStringToObject(o, "mobile",
	                        db_str(row, 0, 1) ? db_str(row, 0, 1) : "");
	cJSON_AddStringToObject(o, "avatar_url",
	                        app_media_url(r->a, db_str(row, 0, 2)));
	cJSON_AddNumberToObject(o, "real_name_status",
	                        (double)db_int(row, 0, 3, 0));
	if (db_str(row, 0, 4) != NULL)
		cJSON_AddStringToObject(o, "real_name_reason",
		                        db_str(row, 0, 4));
	else
		cJSON_AddNullToObject(o, "real_name_reason");
	db_res_free(row);
	resp_ans(res, o);
	return ST_OK;
}

enum { N_NAME };
const struct pspec h_ihome_user_name_params[] = {
        [N_NAME] = PARAM_TEXT("name", PF_REQUIRED, 1, 200, NULL),
        PARAM_END,
};

/* POST /api/v1.0/user/name {name}: 1-30 characters after trimming. */
enum status
h_ihome_user_name(struct req *r, struct resp *res)
{
	const char *s = r->p[N_NAME].s;
	size_t n = r->p[N_NAME].n;
	char err[120];
	enum status st;
	cJSON *o;

	while (n > 0 && (*s == ' '))
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (valid_text(s, n, 1, 30, err, sizeof(err)) != 0)
		return resp_fail(res, ST_PARAM, "name: %s", err);
	/* A name is one line: no control character at all. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return resp_fail(
			        res, ST_PARAM,
			        "name: must not hold control characters");
	if ((st = accounts_set_name(r->uid, s, n)) != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", arena_strndup(r->a, s, n));
	resp_ans(res, o);
	return ST_OK;
}

enum { A_AVATAR };
const struct pspec h_ihome_user_avatar_params[] = {
        [A_AVATAR] = PARAM_FILE("avatar", PF_REQUIRED, FT_IMAGE,
                                &app.cfg.max_image_bytes, 0),
        PARAM_END,
};

/* POST /api/v1.0/user/avatar, multipart avatar. */
enum status
h_ihome_user_avatar(struct req *r, struct resp *res)
{
	enum status st;
	char *rel;
	cJSON *o;

	st = accounts_set_avatar(r->uid, r->p[A_AVATAR].files[0], &rel);
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "avatar_url", app_media_url(r->a, rel));
	free(rel);
	resp_ans(res, o);
	return ST_OK;
}

const struct pspec h_ihome_auth_get_params[] = {PARAM_END};

static cJSON *
str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* GET /api/v1.0/user/auth: the record, the number masked. */
enum status
h_ihome_auth_get(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	enum status st;
	cJSON *o;

	if ((st = ident_realname_get(r->uid, &row)) != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "real_name",
	                      str_or_null(db_str(row, 0, RN_COL_NAME)));
	cJSON_AddItemToObject(o, "id_card",
	                      str_or_null(db_str(row, 0, RN_COL_MASKED)));
	cJSON_AddNumberToObject(o, "real_name_status",
	                        (double)db_int(row, 0, RN_COL_STATUS, 0));
	/* Why it was rejected, while it stays rejected (issue 13, 1). */
	cJSON_AddItemToObject(o, "real_name_reason",
	                      str_or_null(db_str(row, 0, RN_COL_REASON)));
	db_res_free(row);
	resp_ans(res, o);
	return ST_OK;
}

enum { U_REAL_NAME, U_ID_CARD };
const struct pspec h_ihome_auth_post_params[] = {
        [U_REAL_NAME] = PARAM_TEXT("real_name", PF_REQUIRED, 2, 30, NULL),
        [U_ID_CARD] = PARAM_OF("id_card", PT_IDCARD, PF_REQUIRED),
        PARAM_END,
};

/* POST /api/v1.0/user/auth {real_name, id_card}: allowed while nothing
 * was submitted or the last submission was rejected. */
enum status
h_ihome_auth_post(struct req *r, struct resp *res)
{
	enum status st;
	int status;

	st = ident_realname_submit(r->uid, r->p[U_REAL_NAME].s,
	                           r->p[U_REAL_NAME].n, r->p[U_ID_CARD].s, NULL,
	                           1, &status);
	if (st == ST_EXISTS)
		return resp_fail(res, ST_EXISTS, "%s",
		                 status == RN_APPROVED
		                         ? "实名认证已通过"
		                         : "实名信息已提交，正在审核");
	if (st != ST_OK)
		return st;
	return resp_fail(res, ST_OK, "OK");
}
