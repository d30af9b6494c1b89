/* The admin envelope: {"ok": true, "data": ...} on success, {"ok": false,
 * "error": "<text>"} on a refusal, the HTTP status saying which (README,
 * "Review by administrators"). */
#include "admin/admin.h"

static const struct resp_code codes[ST__MAX] = {
        [ST_OK] = {0, "ok", "OK", 0},
        [ST_PARAM] = {400, "param", "invalid parameter", 0},
        [ST_AUTH] = {401, "auth", "sign in as an administrator", 0},
        [ST_INTERNAL] = {500, "internal", "internal error", 1},
        [ST_NOT_FOUND] = {404, "not_found", "not found", 0},
        [ST_FORBIDDEN] = {403, "forbidden", "administrators only", 0},
        [ST_CONFLICT] = {409, "conflict", "not pending any more", 0},
        [ST_THIRD_PARTY] = {502, "third_party", "third party failed", 0},
        [ST_UPLOAD] = {413, "upload", "request body too large", 0},
        [ST_RATE] = {429, "rate", "slow down", 0},
        [ST_METHOD] = {405, "method", "method not allowed", 0},
        [ST_DB] = {500, "db", "database error", 1},
        [ST_EXISTS] = {409, "exists", "already exists", 0},
        [ST_CODE] = {400, "code", "wrong code", 0},
        [ST_NO_ACCOUNT] = {401, "auth", "sign in as an administrator", 0},
        [ST_PASSWORD] = {401, "auth", "sign in as an administrator", 0},
        [ST_CSRF] = {403, "forbidden", "forbidden", 0},
        [ST_BODY] = {400, "param", "invalid body", 0},
        [ST_MEDIA] = {415, "param", "unsupported Content-Type", 0},
};

static void
body(const struct envelope *env, const struct resp *r, const char *msg,
     struct buf *out)
{
	(void)env;
	if (r->st == ST_OK) {
		buf_adds(out, "{\"ok\":true,\"data\":");
		resp_json_ans(out, r, "null");
	} else {
		buf_adds(out, "{\"ok\":false,\"error\":");
		resp_json_string(out, msg);
	}
	buf_addc(out, '}');
}

const struct envelope admin_envelope = {"admin", codes, body};

cJSON *
admin_page(long long total, long long page, long long size, cJSON **items)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddNumberToObject(o, "page", (double)page);
	cJSON_AddNumberToObject(o, "size", (double)size);
	*items = cJSON_AddArrayToObject(o, "items");
	return o;
}
