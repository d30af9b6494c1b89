/* The QSZ envelope: {"status": N, "msg": "...", "ans": {...}}, HTTP 200
 * unless the dispatcher chose another status (404, 405, 413, 429). */
#include "qsz.h"

static const struct resp_code codes[ST__MAX] = {
        [ST_OK] = {0, "0", "", 0},
        [ST_PARAM] = {0, "2", "invalid parameter", 0},
        [ST_AUTH] = {0, "4", "Login first.", 0},
        [ST_INTERNAL] = {0, "5", "internal error", 1},
        [ST_NOT_FOUND] = {0, "6", "not found", 0},
        [ST_FORBIDDEN] = {0, "7", "forbidden", 0},
        [ST_CONFLICT] = {0, "8", "conflict with the current state", 0},
        [ST_THIRD_PARTY] = {0, "9", "a third party failed", 0},
        [ST_UPLOAD] = {0, "10", "upload refused", 0},
        [ST_RATE] = {0, "11", "slow down", 0},
        [ST_METHOD] = {0, "2", "method not allowed", 0},
        [ST_DB] = {0, "5", "internal error", 1},
        [ST_EXISTS] = {0, "8", "already exists", 0},
        [ST_CODE] = {0, "2", "wrong or expired code", 0},
        [ST_NO_ACCOUNT] = {0, "4", "no such account", 0},
        [ST_PASSWORD] = {0, "4", "wrong password", 0},
        [ST_CSRF] = {0, "7", "forbidden", 0},
        [ST_BODY] = {0, "2", "invalid parameter", 0},
        [ST_MEDIA] = {0, "2", "invalid parameter", 0},
};

static void
body(const struct envelope *env, const struct resp *r, const char *msg,
     struct buf *out)
{
	buf_addf(out, "{\"status\":%s,\"msg\":", resp_code(env, r->st));
	resp_json_string(out, msg);
	buf_adds(out, ",\"ans\":");
	resp_json_ans(out, r, "{}");
	buf_addc(out, '}');
}

const struct envelope qsz_envelope = {"qsz", codes, body};
