/* Accounts: WeChat login, sessions, the profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "qsz/handlers.h"
#include "log.h"
#include "schema.h"
#include "upload.h"
#include "valid.h"
#include "wechat.h"

/* Columns of Q_SESSION_USER and Q_USER_GET. */
enum { U_COL_ID, U_COL_ADMIN, U_COL_PROFILE, U_COL_EXPIRES, U_COL_NAME };

static void
free_rows(void *p)
{
	db_res_free(p);
}

/* The session's row carries the user object (Q_SESSION_USER), kept on
 * the request: /fetch_userinfo then needs no second query. */
enum status
users_authenticate(struct req *r, struct resp *res)
{
	unsigned char hash[32];
	struct db_res *rows = NULL;
	struct db_val arg;
	int rc;

	(void)res;
	if (r->token == NULL ||
	    crypto_token_hash(r->token, strlen(r->token), hash) < 0)
		return ST_AUTH;
	arg = DB_BLOB(hash, sizeof(hash));
	rc = db_exec(app.db, Q_SESSION_USER, &arg, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "session lookup");
	if (rows->nrows != 1 ||
	    db_int(rows, 0, U_COL_EXPIRES, 0) <= time(NULL)) {
		db_res_free(rows);
		return ST_AUTH;
	}
	r->uid = db_int(rows, 0, U_COL_ID, 0);
	r->admin = db_int(rows, 0, U_COL_ADMIN, 0) != 0;
	r->user = rows;
	r->user_free = free_rows;
	return ST_OK;
}

const char *
users_name(const struct req *r)
{
	const char *v;

	if (r->uid == 0 || r->user == NULL)
		return "";
	v = db_str(r->user, 0, U_COL_NAME);
	return v != NULL ? v : "";
}

long
users_seal(const char *column, long long uid, const char *plain,
           unsigned char *out, size_t outlen)
{
	char aad[96];
	size_t n = strlen(plain);

	if (n + SEAL_OVERHEAD > outlen ||
	    snprintf(aad, sizeof(aad), "%s:%lld", column, uid) >=
	            (int)sizeof(aad))
		return -1;
	return crypto_seal(app.cfg.data_key, plain, n, aad, out);
}

int
users_open(const char *column, long long uid, const struct db_val *v, char *out,
           size_t outlen)
{
	unsigned char plain[256];
	char aad[96];
	long n;

	if (v->t != DBT_TEXT || v->n < SEAL_OVERHEAD ||
	    v->n - SEAL_OVERHEAD >= sizeof(plain) ||
	    v->n - SEAL_OVERHEAD >= outlen ||
	    snprintf(aad, sizeof(aad), "%s:%lld", column, uid) >=
	            (int)sizeof(aad))
		return -1;
	n = crypto_open(app.cfg.data_key, (const unsigned char *)v->s, v->n,
	                aad, plain);
	if (n < 0) {
		log_err("%s of user %lld does not decrypt", column, uid);
		return -1;
	}
	memcpy(out, plain, (size_t)n);
	out[n] = '\0';
	crypto_wipe(plain, sizeof(plain));
	return 0;
}

/* The user object (qsz.md 2) from a row of id, is_admin, profile_json: the
 * database keeps profile_json (migration 0001); only the id is added.  With
 * token, the login answer.  Returns raw JSON text in the request's arena. */
static char *
user_object_text(struct req *r, const struct db_res *rows, const char *token)
{
	const char *pj = db_str(rows, 0, 2);
	size_t n;

	if (pj == NULL || pj[0] != '{' || (n = strlen(pj)) < 2)
		return NULL;
	/* {"id":N, + the members + ,"token":"..." + } */
	return arena_printf(r->a, "{\"id\":%lld,%.*s%s%s%s}",
	                    db_int(rows, 0, U_COL_ID, 0), (int)(n - 2), pj + 1,
	                    token ? ",\"token\":\"" : "", token ? token : "",
	                    token ? "\"" : "");
}

/* The user object of uid into res, with the login token when given. */
static enum status
user_answer(struct req *r, long long uid, const char *token, struct resp *res)
{
	struct db_val arg = DB_INT(uid);
	struct db_res *rows = NULL;
	char *text = NULL;
	int rc;

	rc = db_exec(app.db, Q_USER_GET, &arg, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "user lookup");
	if (rows->nrows == 1)
		text = user_object_text(r, rows, token);
	db_res_free(rows);
	if (text == NULL) {
		log_err("user %lld has no profile", uid);
		return ST_INTERNAL;
	}
	resp_ans(res, cJSON_CreateRaw(text));
	return ST_OK;
}

/* ---- /wx_fetch_userinfo ------------------------------------------- */

enum { L_CODE, L_JS_CODE, L_OPENID };

const struct pspec h_users_login_params[] = {
        [L_CODE] = PARAM_TEXT("code", PF_EMPTY, 1, 256, NULL),
        [L_JS_CODE] = PARAM_TEXT("js_code", PF_EMPTY, 1, 256, NULL),
        [L_OPENID] = PARAM_TEXT("openid", PF_EMPTY, 1, 128, NULL),
        PARAM_END,
};

static enum status
upsert(const struct wx_user *u, long long *uid)
{
	struct db_val a[8] = {
	        DB_STR(u->openid),   DB_STR(u->unionid),
	        DB_STR(u->nickname), u->sex >= 0 ? DB_INT(u->sex) : DB_NULLV,
	        DB_STR(u->country),  DB_STR(u->province),
	        DB_STR(u->city),     DB_STR(u->headimgurl),
	};
	uint64_t id = 0;
	int rc;

	rc = db_exec(app.db, Q_USER_UPSERT_WX, a, 8, NULL, NULL, &id);
	if (rc == DB_DUP) {
		/* The unionid belongs to another account already: log in by
		 * openid alone. */
		a[1] = DB_NULLV;
		rc = db_exec(app.db, Q_USER_UPSERT_WX, a, 8, NULL, NULL, &id);
	}
	if (rc != DB_OK)
		return app_db_status(rc, "user upsert");
	*uid = (long long)id;
	return ST_OK;
}

enum status
h_users_login(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	struct wx_user u = {.sex = -1};
	unsigned char hash[32];
	char token[TOKEN_HEX_LEN + 1];
	struct db_val a[3];
	long long uid = 0;
	enum status st;
	int rc;
	int given = p[L_CODE].set + p[L_JS_CODE].set + p[L_OPENID].set;

	if (given == 0)
		return resp_fail(res, ST_PARAM,
		                 "code: required (or js_code from a mini "
		                 "program)");
	if (given > 1)
		return resp_fail(res, ST_PARAM,
		                 "code: give only one of code, js_code and "
		                 "openid");
	if (p[L_CODE].set) {
		st = wechat_code(p[L_CODE].s, &u, res);
	} else if (p[L_JS_CODE].set) {
		st = wechat_jscode(p[L_JS_CODE].s, &u, res);
	} else {
		if (!app.cfg.wechat_trust_client_openid)
			return resp_fail(
			        res, ST_PARAM,
			        "openid: not accepted; log in with code "
			        "(WeChat authorization) or js_code "
			        "(mini program)");
		if (!wechat_id_ok(p[L_OPENID].s))
			return resp_fail(res, ST_PARAM,
			                 "openid: must be 1 to 128 letters, "
			                 "digits, _ or -");
		u.openid = xstrdup(p[L_OPENID].s);
		st = ST_OK;
	}
	if (st != ST_OK)
		return st;
	st = upsert(&u, &uid);
	wechat_user_free(&u);
	if (st != ST_OK)
		return st;
	if (crypto_token_new(token, hash) < 0)
		return ST_INTERNAL;
	a[0] = DB_BLOB(hash, sizeof(hash));
	a[1] = DB_INT(uid);
	a[2] = DB_INT(app.cfg.token_ttl_s);
	rc = db_exec(app.db, Q_SESSION_INSERT, a, 3, NULL, NULL, NULL);
	if (rc != DB_OK) {
		crypto_wipe(token, sizeof(token));
		return app_db_status(rc, "session insert");
	}
	st = user_answer(r, uid, token, res);
	crypto_wipe(token, sizeof(token));
	if (st != ST_OK)
		return st;
	r->uid = uid;
	log_info("login: user %lld", uid);
	return ST_OK;
}

/* ---- /fetch_userinfo, /logout -------------------------------------- */

const struct pspec h_users_fetch_params[] = {PARAM_END};

enum status
h_users_fetch(struct req *r, struct resp *res)
{
	char *text = user_object_text(r, r->user, NULL);

	if (text == NULL)
		return ST_INTERNAL;
	resp_ans(res, cJSON_CreateRaw(text));
	return ST_OK;
}

const struct pspec h_users_logout_params[] = {PARAM_END};

enum status
h_users_logout(struct req *r, struct resp *res)
{
	unsigned char hash[32];
	struct db_val a;
	int rc;

	if (crypto_token_hash(r->token, strlen(r->token), hash) < 0)
		return ST_AUTH;
	a = DB_BLOB(hash, sizeof(hash));
	rc = db_exec(app.db, Q_SESSION_REVOKE, &a, 1, NULL, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "logout");
	(void)res;
	return ST_OK;
}

/* ---- /create_userinfo ----------------------------------------------- */

enum {
	C_NICKNAME,
	C_SEX,
	C_USER_TYPE,
	C_PROVINCE,
	C_CITY,
	C_BIRTHDAY,
	C_CONSTELLATIONS,
	C_EDUCATION,
	C_OCCUPATION,
	C_PORTRAIT,
	/* Optional: omitted keeps, empty clears. */
	C_SELF_DESC,
	C_ACCOUNT_NAME,
	C_ACCOUNT_NUMBER,
	C_ACCOUNT_IDCARD,
	C_TEL,
	C_VTEL_FLAG,
	C_VTEL,
	C_WECHAT,
	C_QQ,
	C__MAX
};

static const char *const educations[] = {
        "博士", "硕士", "本科", "大专", "中专", "高中", "初中", NULL,
};

static const char *const constellations[] = {
        "白羊座", "金牛座", "双子座", "巨蟹座", "狮子座", "处女座", "天秤座",
        "天蝎座", "射手座", "摩羯座", "水瓶座", "双鱼座", NULL,
};

static int
check_account(const char *s, size_t n, char *err, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '@' || c == '.' ||
		      c == '_' || c == '+' || c == '-')) {
			snprintf(err, len,
			         "must be letters, digits and "
			         "@._+- only");
			return -1;
		}
	}
	return 0;
}

static int
check_wechat(const char *s, size_t n, char *err, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

		if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '_' ||
		                          c == '-')))) {
			snprintf(err, len,
			         "must be a WeChat ID: 6 to 20 "
			         "letters, digits, _ or -, starting "
			         "with a letter");
			return -1;
		}
	}
	return 0;
}

static int
check_qq(const char *s, size_t n, char *err, size_t len)
{
	if (n > 0 && s[0] == '0') {
		snprintf(err, len,
		         "must be 5 to 12 digits, not starting "
		         "with 0");
		return -1;
	}
	return 0;
}

/* 400 followed by 7 digits, optionally "-" and a 1-6 digit extension. */
static int
check_vtel(const char *s, size_t n, char *err, size_t len)
{
	size_t i;

	if (n < 10 || memcmp(s, "400", 3) != 0)
		goto bad;
	for (i = 3; i < 10; i++)
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	if (n == 10)
		return 0;
	if (s[10] != '-' || n < 12 || n > 17)
		goto bad;
	for (i = 11; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	return 0;
bad:
	snprintf(err, len,
	         "must be a 400 number: 400 and 7 digits, "
	         "optionally -extension (1 to 6 digits)");
	return -1;
}

const struct pspec h_users_create_params[] = {
        [C_NICKNAME] = PARAM_TEXT("nickname", PF_REQUIRED, 1, 30, NULL),
        [C_SEX] = PARAM_INT("sex", PF_REQUIRED, 0, 2),
        [C_USER_TYPE] = PARAM_INT("user_type", PF_REQUIRED, 1, 3),
        [C_PROVINCE] = PARAM_TEXT("addressProvince", PF_REQUIRED, 1, 64, NULL),
        [C_CITY] = PARAM_TEXT("addressCity", PF_REQUIRED, 1, 64, NULL),
        [C_BIRTHDAY] = PARAM_OF("birthday", PT_DATE, PF_REQUIRED | PF_PAST),
        [C_CONSTELLATIONS] =
                PARAM_CHOICE("constellations", PF_REQUIRED, constellations),
        [C_EDUCATION] = PARAM_CHOICE("education", PF_REQUIRED, educations),
        [C_OCCUPATION] = PARAM_TEXT("occupation", PF_REQUIRED, 1, 30, NULL),
        [C_PORTRAIT] = PARAM_FILE("portrait", 0, FT_IMAGE,
                                  &app.cfg.max_image_bytes, 0),
        [C_SELF_DESC] = PARAM_TEXT("self_description", PF_EMPTY, 1, 1000, NULL),
        [C_ACCOUNT_NAME] = PARAM_TEXT("account_name", PF_EMPTY, 2, 30, NULL),
        [C_ACCOUNT_NUMBER] =
                PARAM_TEXT("account_number", PF_EMPTY, 4, 64, check_account),
        [C_ACCOUNT_IDCARD] =
                PARAM_OF("account_idcardnumber", PT_IDCARD, PF_EMPTY),
        [C_TEL] = PARAM_OF("tel", PT_MOBILE, PF_EMPTY),
        [C_VTEL_FLAG] = PARAM_OF("virtual_tel_flag", PT_BOOL, PF_EMPTY),
        [C_VTEL] = PARAM_TEXT("virtual_tel", PF_EMPTY, 10, 17, check_vtel),
        [C_WECHAT] = PARAM_TEXT("wechat", PF_EMPTY, 6, 20, check_wechat),
        [C_QQ] = PARAM_DIGITS("qq", PF_EMPTY, 5, 12, check_qq),
        [C__MAX] = PARAM_END,
};

/* Given at all (an empty value counts: it clears). */
static int
given(const struct req *r, int i)
{
	size_t first;

	return r->p[i].set ||
	       req_count(r, h_users_create_params[i].name, &first) > 0;
}

enum status
h_users_create(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	unsigned char acct[64 + SEAL_OVERHEAD], acid[18 + SEAL_OVERHEAD];
	char acct_mask[80] = "", acid_mask[32] = "";
	long acct_n = 0, acid_n = 0;
	struct db_val a[DB_MAX_ARGS];
	struct db_res *cur = NULL;
	char *portrait = NULL, *old_portrait = NULL;
	int landlord = p[C_USER_TYPE].i == 1;
	int flag_given = given(r, C_VTEL_FLAG), vtel_given = given(r, C_VTEL);
	long long flag;
	int has_vtel, rc, n = 0, i;
	enum status st = ST_INTERNAL;

	if (!landlord &&
	    ((flag_given && p[C_VTEL_FLAG].set && p[C_VTEL_FLAG].i) ||
	     (vtel_given && p[C_VTEL].set)))
		return resp_fail(res, ST_FORBIDDEN,
		                 "%s: for landlords (user_type 1) only",
		                 p[C_VTEL].set ? "virtual_tel"
		                               : "virtual_tel_flag");
	if (p[C_ACCOUNT_NUMBER].set)
		valid_mask(p[C_ACCOUNT_NUMBER].s, p[C_ACCOUNT_NUMBER].n, 0, 4,
		           acct_mask, sizeof(acct_mask));
	if (p[C_ACCOUNT_IDCARD].set)
		valid_mask(p[C_ACCOUNT_IDCARD].s, p[C_ACCOUNT_IDCARD].n, 4, 4,
		           acid_mask, sizeof(acid_mask));
	if (p[C_ACCOUNT_NUMBER].set &&
	    (acct_n = users_seal("users.account_number", r->uid,
	                         p[C_ACCOUNT_NUMBER].s, acct, sizeof(acct))) <
	            0)
		return ST_INTERNAL;
	if (p[C_ACCOUNT_IDCARD].set &&
	    (acid_n = users_seal("users.account_idcard", r->uid,
	                         p[C_ACCOUNT_IDCARD].s, acid, sizeof(acid))) <
	            0)
		return ST_INTERNAL;

	a[0] = DB_INT(r->uid);
	if ((rc = db_begin(app.db)) != DB_OK)
		return app_db_status(rc, "profile");
	rc = db_exec(app.db, Q_USER_LOCK_PROFILE, a, 1, &cur, NULL, NULL);
	if (rc != DB_OK || cur->nrows != 1) {
		st = rc != DB_OK ? app_db_status(rc, "profile") : ST_AUTH;
		goto fail;
	}
	if (db_str(cur, 0, 0) == NULL && !p[C_PORTRAIT].set) {
		st = resp_fail(res, ST_PARAM, "portrait: required");
		goto fail;
	}
	/* The 400 number: a flag of 1 needs a number, given or kept. */
	flag = flag_given ? (p[C_VTEL_FLAG].set ? p[C_VTEL_FLAG].i : -1)
	                  : db_int(cur, 0, 2, -1);
	has_vtel = vtel_given ? p[C_VTEL].set : db_str(cur, 0, 3) != NULL;
	if (landlord && flag == 1 && !has_vtel) {
		st = resp_fail(res, ST_PARAM,
		               "virtual_tel: required when "
		               "virtual_tel_flag is 1");
		goto fail;
	}
	if (p[C_PORTRAIT].set) {
		portrait = files_place(p[C_PORTRAIT].files[0], "userphoto",
		                       r->uid, "portrait");
		if (portrait == NULL)
			goto fail;
		if (db_str(cur, 0, 0) != NULL)
			old_portrait = xstrdup(db_str(cur, 0, 0));
	}

	a[n++] = DB_TEXT(p[C_NICKNAME].s, p[C_NICKNAME].n);
	a[n++] = DB_INT(p[C_SEX].i);
	a[n++] = DB_INT(p[C_USER_TYPE].i);
	a[n++] = DB_TEXT(p[C_PROVINCE].s, p[C_PROVINCE].n);
	a[n++] = DB_TEXT(p[C_CITY].s, p[C_CITY].n);
	a[n++] = DB_TEXT(p[C_BIRTHDAY].s, p[C_BIRTHDAY].n);
	a[n++] = DB_TEXT(p[C_CONSTELLATIONS].s, p[C_CONSTELLATIONS].n);
	a[n++] = DB_TEXT(p[C_EDUCATION].s, p[C_EDUCATION].n);
	a[n++] = DB_TEXT(p[C_OCCUPATION].s, p[C_OCCUPATION].n);
	a[n++] = DB_STR(portrait);
	for (i = C_SELF_DESC; i < C__MAX; i++) {
		struct db_val v = DB_NULLV;
		int g = given(r, i);

		if (!landlord && (i == C_VTEL_FLAG || i == C_VTEL))
			g = 1; /* not a landlord (any more): no 400 number */
		else if (p[i].set && i == C_ACCOUNT_NUMBER)
			v = DB_BLOB(acct, (size_t)acct_n);
		else if (p[i].set && i == C_ACCOUNT_IDCARD)
			v = DB_BLOB(acid, (size_t)acid_n);
		else if (p[i].set && i == C_VTEL_FLAG)
			v = DB_INT(p[i].i);
		else if (p[i].set)
			v = DB_TEXT(p[i].s, p[i].n);
		a[n++] = DB_INT(g);
		a[n++] = v;
		/* The sealed numbers have a masked twin for display. */
		if (i == C_ACCOUNT_NUMBER || i == C_ACCOUNT_IDCARD) {
			a[n++] = DB_INT(g);
			a[n++] = p[i].set ? DB_STR(i == C_ACCOUNT_NUMBER
			                                   ? acct_mask
			                                   : acid_mask)
			                  : DB_NULLV;
		}
	}
	a[n++] = DB_INT(r->uid);
	rc = db_exec(app.db, Q_USER_UPDATE_PROFILE, a, (size_t)n, NULL, NULL,
	             NULL);
	if (rc != DB_OK) {
		st = app_db_status(rc, "profile update");
		goto fail;
	}
	/* The listings carry their publisher's type (search answers). */
	if (db_int(cur, 0, 1, -1) != p[C_USER_TYPE].i) {
		a[0] = DB_INT(p[C_USER_TYPE].i);
		a[1] = DB_INT(r->uid);
		rc = db_exec(app.db, Q_HOUSES_SET_OWNER_TYPE, a, 2, NULL, NULL,
		             NULL);
		if (rc != DB_OK) {
			st = app_db_status(rc, "listings' owner type");
			goto fail;
		}
	}
	if ((rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "profile commit");
		goto fail;
	}
	db_res_free(cur);
	files_remove_old((const char *const *)&old_portrait, 1);
	free(old_portrait);
	free(portrait);
	crypto_wipe(acct, sizeof(acct));
	crypto_wipe(acid, sizeof(acid));
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(cur);
	if (portrait != NULL)
		files_discard(&portrait, 1);
	free(old_portrait);
	crypto_wipe(acct, sizeof(acct));
	crypto_wipe(acid, sizeof(acid));
	return st;
}
