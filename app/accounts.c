/* Sessions, WeChat and mobile identities, login limits, the profile and
 * the sealed personal numbers (migrations 0001, 0008). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "app.h"
#include "buf.h"
#include "codes.h"
#include "log.h"
#include "schema.h"
#include "valid.h"
#include "wechat.h"

void
accounts_pwparams(struct crypto_pwparams *p)
{
	p->opslimit = (unsigned long long)app.cfg.password_ops;
	p->memlimit = (size_t)app.cfg.password_mem_kib * 1024;
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

/* One round trip: the session and its user (Q_SESSION_USER). */
enum status
accounts_session_user(const char *token, size_t n, struct db_res **row)
{
	unsigned char hash[32];
	struct db_res *rows = NULL;
	struct db_val arg;
	int rc;

	*row = NULL;
	if (token == NULL || crypto_token_hash(token, n, hash) < 0)
		return ST_AUTH;
	arg = DB_BLOB(hash, sizeof(hash));
	rc = db_exec(app.db, Q_SESSION_USER, &arg, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "session lookup");
	if (rows->nrows != 1 ||
	    db_int(rows, 0, ACC_U_EXPIRES, 0) <= time(NULL)) {
		db_res_free(rows);
		return ST_AUTH;
	}
	*row = rows;
	return ST_OK;
}

enum status
accounts_wechat_login(const struct wx_user *u, long long *uid)
{
	struct db_val a[8] = {
	        DB_STR(u->openid),   DB_STR(u->unionid),
	        DB_STR(u->nickname), u->sex >= 0 ? DB_INT(u->sex) : DB_NULLV,
	        DB_STR(u->country),  DB_STR(u->province),
	        DB_STR(u->city),     DB_STR(u->headimgurl),
	};
	uint64_t id = 0;
	int rc;

	*uid = 0;
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
accounts_user(long long uid, struct db_res **row)
{
	struct db_val arg = DB_INT(uid);
	int rc = db_exec(app.db, Q_USER_GET, &arg, 1, row, NULL, NULL);

	if (rc != DB_OK)
		return app_db_status(rc, "user lookup");
	if ((*row)->nrows != 1) {
		db_res_free(*row);
		*row = NULL;
		return ST_AUTH;
	}
	return ST_OK;
}

enum status
accounts_session_new(long long uid, long long ttl_s,
                     char token[TOKEN_HEX_LEN + 1])
{
	unsigned char hash[32];
	struct db_val a[3];
	int rc;

	if (crypto_token_new(token, hash) < 0)
		return ST_INTERNAL;
	a[0] = DB_BLOB(hash, sizeof(hash));
	a[1] = DB_INT(uid);
	a[2] = DB_INT(ttl_s);
	rc = db_exec(app.db, Q_SESSION_INSERT, a, 3, NULL, NULL, NULL);
	if (rc != DB_OK) {
		crypto_wipe(token, TOKEN_HEX_LEN + 1);
		return app_db_status(rc, "session insert");
	}
	return ST_OK;
}

enum status
accounts_session_revoke(const char *token, size_t n)
{
	unsigned char hash[32];
	struct db_val a;
	int rc;

	if (crypto_token_hash(token, n, hash) < 0)
		return ST_OK; /* not a token of ours: nothing to revoke */
	a = DB_BLOB(hash, sizeof(hash));
	rc = db_exec(app.db, Q_SESSION_REVOKE, &a, 1, NULL, NULL, NULL);
	return rc == DB_OK ? ST_OK : app_db_status(rc, "session revoke");
}

/* The code's check and the new account, one transaction. */
static enum status
register_once(const char *mobile, const char *code, size_t codelen,
              const char *hash, long long *uid)
{
	struct db_val a[3];
	uint64_t id = 0;
	enum status st;
	int rc;

	*uid = 0;
	if ((rc = db_begin(app.db)) != DB_OK)
		return app_db_status(rc, "register");
	st = codes_sms_check(mobile, code, codelen);
	if (st != ST_OK) {
		/* A wrong try is spent: keep the count. */
		if (db_commit(app.db) != DB_OK)
			db_rollback(app.db);
		return st;
	}
	a[0] = DB_STR(mobile);
	a[1] = DB_STR(hash);
	a[2] = DB_STR(mobile);
	rc = db_exec(app.db, Q_USER_CREATE_MOBILE, a, 3, NULL, NULL, &id);
	if (rc == DB_DUP) {
		/* Registered meanwhile: the code is used all the same. */
		if (db_commit(app.db) != DB_OK)
			db_rollback(app.db);
		return ST_EXISTS;
	}
	if (rc != DB_OK || (rc = db_commit(app.db)) != DB_OK) {
		db_rollback(app.db);
		return app_db_status(rc, "register");
	}
	*uid = (long long)id;
	log_info("register: user %lld by mobile", *uid);
	return ST_OK;
}

enum status
accounts_register_mobile(const char *mobile, const char *code, size_t codelen,
                         const char *pw, size_t n, long long *uid)
{
	char hash[CRYPTO_PWHASH_STRBYTES];
	struct crypto_pwparams pp;
	enum status st;
	int attempt = 0;

	*uid = 0;
	/* The slow hash first, outside the transaction (and its retries). */
	accounts_pwparams(&pp);
	if (crypto_pwhash_new(pw, n, &pp, hash) < 0)
		return ST_INTERNAL;
	do
		st = register_once(mobile, code, codelen, hash, uid);
	while (app_tx_again(st, attempt++));
	return st;
}

static enum status
failures(unsigned q, const char *key, long long *n)
{
	struct db_res *rows = NULL;
	struct db_val a[2];
	int rc;

	a[0] = DB_STR(key);
	a[1] = DB_INT(app.cfg.login_failure_window_s);
	rc = db_exec(app.db, q, a, 2, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "login failures");
	*n = rows->nrows ? db_int(rows, 0, 0, 0) : 0;
	db_res_free(rows);
	return ST_OK;
}

static enum status
failed(const char *ident, const char *ip, enum status st)
{
	struct db_val a[2] = {DB_STR(ident), DB_STR(ip)};
	int rc = db_exec(app.db, Q_LOGIN_FAIL_ADD, a, 2, NULL, NULL, NULL);

	return rc == DB_OK ? st : app_db_status(rc, "login failure");
}

/* The limiter's key of an identifier: a mobile as it is, a username or an
 * e-mail lower-cased (one person, however typed); one too long for the
 * failures table by its SHA-256. */
static void
limiter_key(enum acc_ident kind, const char *ident, char out[129])
{
	unsigned char sum[32];
	size_t n = strlen(ident), i;

	if (n > 128) {
		crypto_sha256(ident, n, sum);
		out[0] = '#';
		crypto_hex(sum, sizeof(sum), out + 1);
		return;
	}
	for (i = 0; i < n; i++)
		out[i] = kind != ACC_BY_MOBILE && ident[i] >= 'A' &&
		                         ident[i] <= 'Z'
		                 ? (char)(ident[i] - 'A' + 'a')
		                 : ident[i];
	out[n] = '\0';
}

/* ST_RATE when key or ip has had too many failures in the window. */
static enum status
locked_out(const char *key, const char *ip)
{
	enum status st;
	long long k;

	if ((st = failures(Q_LOGIN_FAIL_IDENT, key, &k)) != ST_OK)
		return st;
	if (k >= app.cfg.login_max_failures)
		return ST_RATE;
	if ((st = failures(Q_LOGIN_FAIL_IP, ip, &k)) != ST_OK)
		return st;
	return k >= app.cfg.login_ip_max_failures ? ST_RATE : ST_OK;
}

enum status
accounts_login(enum acc_ident kind, const char *ident, const char *pw, size_t n,
               const char *ip, long long *uid, long long *known)
{
	static const unsigned lookup[] = {
	        [ACC_BY_MOBILE] = Q_USER_AUTH_MOBILE,
	        [ACC_BY_USERNAME] = Q_USER_AUTH_USERNAME,
	        [ACC_BY_EMAIL] = Q_USER_AUTH_EMAIL,
	};
	struct crypto_pwparams pp;
	struct db_res *rows = NULL;
	struct db_val a = DB_STR(ident);
	char fresh[CRYPTO_PWHASH_STRBYTES], key[129];
	const char *hash;
	long long found;
	enum status st;
	int rc, ok;

	*uid = 0;
	if (known != NULL)
		*known = 0;
	limiter_key(kind, ident, key);
	/* The account first, for the log, also of a lock-out. */
	rc = db_exec(app.db, lookup[kind], &a, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "login");
	found = rows->nrows == 1 ? db_int(rows, 0, 0, 0) : 0;
	if (known != NULL)
		*known = found;
	if ((st = locked_out(key, ip)) != ST_OK) {
		db_res_free(rows);
		return st;
	}
	accounts_pwparams(&pp);
	hash = found ? db_str(rows, 0, 1) : NULL;
	if (hash == NULL) {
		/* As long as a real check: no account, or one without a
		 * password, is not faster. */
		crypto_pwdummy(pw, n, &pp);
		db_res_free(rows);
		return failed(key, ip, ST_NO_ACCOUNT);
	}
	ok = crypto_pwverify(hash, pw, n);
	if (!ok) {
		db_res_free(rows);
		return failed(key, ip, ST_PASSWORD);
	}
	*uid = found;
	/* The cost was raised since: store the hash anew. */
	if (crypto_pwhash_needs_rehash(hash, &pp) == 1 &&
	    crypto_pwhash_new(pw, n, &pp, fresh) == 0) {
		struct db_val b[2] = {DB_STR(fresh), DB_INT(*uid)};

		db_exec(app.db, Q_USER_SET_HASH, b, 2, NULL, NULL, NULL);
	}
	db_res_free(rows);
	return ST_OK;
}

enum status
accounts_login_mobile(const char *mobile, const char *pw, size_t n,
                      const char *ip, long long *uid)
{
	return accounts_login(ACC_BY_MOBILE, mobile, pw, n, ip, uid, NULL);
}

enum status
accounts_login_sms(const char *mobile, const char *code, size_t n,
                   const char *ip, long long *uid, long long *known)
{
	struct db_res *rows = NULL;
	struct db_val a = DB_STR(mobile);
	long long found;
	enum status st = ST_DB;
	int rc, attempt;

	*uid = 0;
	if (known != NULL)
		*known = 0;
	rc = db_exec(app.db, Q_USER_BY_MOBILE, &a, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "login");
	found = rows->nrows == 1 ? db_int(rows, 0, 0, 0) : 0;
	db_res_free(rows);
	if (known != NULL)
		*known = found;
	if ((st = locked_out(mobile, ip)) != ST_OK)
		return st;
	/* Nobody has the number: the code stays for iHome's registration. */
	if (found == 0)
		return failed(mobile, ip, ST_CODE);
	for (attempt = 0;; attempt++) {
		if ((rc = db_begin(app.db)) == DB_OK) {
			st = codes_sms_check(mobile, code, n);
			/* A wrong try is spent: keep the count whatever the
			 * answer. */
			rc = db_commit(app.db);
		}
		if (rc == DB_OK)
			break;
		db_rollback(app.db);
		if (!db_tx_again(app.db, rc, attempt))
			return app_db_status(rc, "login");
	}
	if (st == ST_CODE || st == ST_RATE)
		return failed(mobile, ip, ST_CODE);
	if (st != ST_OK)
		return st;
	*uid = found;
	return ST_OK;
}

enum status
accounts_login_log(long long uid, const char *ip, int outcome, int method)
{
	struct db_val a[4] = {uid != 0 ? DB_INT(uid) : DB_NULLV, DB_STR(ip),
	                      DB_INT(outcome), DB_INT(method)};
	int rc = db_exec(app.db, Q_LOGIN_LOG_ADD, a, 4, NULL, NULL, NULL);

	return rc == DB_OK ? ST_OK : app_db_status(rc, "login log");
}

enum status
accounts_profile(long long uid, struct db_res **row)
{
	struct db_val a = DB_INT(uid);
	int rc = db_exec(app.db, Q_USER_IHOME_PROFILE, &a, 1, row, NULL, NULL);

	if (rc != DB_OK)
		return app_db_status(rc, "profile");
	if ((*row)->nrows != 1) {
		db_res_free(*row);
		*row = NULL;
		return ST_AUTH;
	}
	return ST_OK;
}

enum status
accounts_set_name(long long uid, const char *name, size_t n)
{
	struct db_val a[2] = {DB_TEXT(name, n), DB_INT(uid)};
	int rc = db_exec(app.db, Q_USER_SET_NAME, a, 2, NULL, NULL, NULL);

	return rc == DB_OK ? ST_OK : app_db_status(rc, "display name");
}

enum status
accounts_set_avatar(long long uid, struct upfile *f, char **rel)
{
	struct db_res *cur = NULL;
	struct db_val a[2];
	const char *old;
	char *path;
	int rc, attempt;

	*rel = NULL;
	if ((path = files_place(f, "userphoto", uid, "avatar")) == NULL)
		return ST_INTERNAL;
	for (attempt = 0;; attempt++) {
		a[0] = DB_INT(uid);
		if ((rc = db_begin(app.db)) == DB_OK &&
		    (rc = db_exec(app.db, Q_USER_LOCK_AVATAR, a, 1, &cur, NULL,
		                  NULL)) == DB_OK) {
			a[0] = DB_STR(path);
			a[1] = DB_INT(uid);
			if ((rc = db_exec(app.db, Q_USER_SET_AVATAR, a, 2, NULL,
			                  NULL, NULL)) == DB_OK)
				rc = db_commit(app.db);
		}
		if (rc == DB_OK)
			break;
		db_rollback(app.db);
		db_res_free(cur);
		cur = NULL;
		if (!db_tx_again(app.db, rc, attempt))
			goto fail;
	}
	old = cur->nrows == 1 ? db_str(cur, 0, 0) : NULL;
	files_remove_old(&old, 1);
	db_res_free(cur);
	*rel = path;
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(cur);
	files_discard(&path, 1);
	return app_db_status(rc, "avatar");
}

/* The columns of Q_USER_LOCK_PROFILE. */
enum { LP_PORTRAIT, LP_USER_TYPE, LP_VTEL_FLAG, LP_VTEL };

enum status
accounts_profile_update(long long uid, const struct accounts_val v[ACP__MAX],
                        struct upfile *portrait_file, int *missing)
{
	const struct accounts_val *num = &v[ACP_ACCOUNT_NUMBER],
	                          *idc = &v[ACP_ACCOUNT_IDCARD],
	                          *vflag = &v[ACP_VTEL_FLAG],
	                          *vtel = &v[ACP_VTEL];
	unsigned char acct[64 + SEAL_OVERHEAD], acid[18 + SEAL_OVERHEAD];
	char acct_mask[80] = "", acid_mask[32] = "";
	long acct_n = 0, acid_n = 0;
	struct db_val a[DB_MAX_ARGS];
	struct db_res *cur = NULL;
	char *portrait = NULL, *old_portrait = NULL;
	int landlord = v[ACP_USER_TYPE].i == 1;
	long long flag;
	int has_vtel, rc, n = 0, i, attempt = 0;
	enum status st = ST_INTERNAL;

	*missing = 0;
	/* 400 numbers are for landlords only. */
	if (!landlord && ((vflag->given && vflag->set && vflag->i) ||
	                  (vtel->given && vtel->set)))
		return ST_FORBIDDEN;
	if (num->set)
		valid_mask(num->s, num->n, 0, 4, acct_mask, sizeof(acct_mask));
	if (idc->set)
		valid_mask(idc->s, idc->n, 4, 4, acid_mask, sizeof(acid_mask));
	if (num->set && (acct_n = users_seal("users.account_number", uid,
	                                     num->s, acct, sizeof(acct))) < 0)
		return ST_INTERNAL;
	if (idc->set && (acid_n = users_seal("users.account_idcard", uid,
	                                     idc->s, acid, sizeof(acid))) < 0)
		return ST_INTERNAL;

again:
	n = 0;
	st = ST_INTERNAL;
	*missing = 0;
	a[0] = DB_INT(uid);
	if ((rc = db_begin(app.db)) != DB_OK) {
		st = app_db_status(rc, "profile");
		goto fail;
	}
	rc = db_exec(app.db, Q_USER_LOCK_PROFILE, a, 1, &cur, NULL, NULL);
	if (rc != DB_OK || cur->nrows != 1) {
		st = rc != DB_OK ? app_db_status(rc, "profile") : ST_AUTH;
		goto fail;
	}
	if (db_str(cur, 0, LP_PORTRAIT) == NULL && portrait_file == NULL) {
		*missing = ACC_NEED_PORTRAIT;
		st = ST_PARAM;
		goto fail;
	}
	/* The 400 number: a flag of 1 needs a number, given or kept. */
	flag = vflag->given ? (vflag->set ? vflag->i : -1)
	                    : db_int(cur, 0, LP_VTEL_FLAG, -1);
	has_vtel = vtel->given ? vtel->set : db_str(cur, 0, LP_VTEL) != NULL;
	if (landlord && flag == 1 && !has_vtel) {
		*missing = ACC_NEED_VTEL;
		st = ST_PARAM;
		goto fail;
	}
	if (portrait_file != NULL) {
		/* Placed once, kept for another attempt. */
		if (portrait == NULL)
			portrait = files_place(portrait_file, "userphoto", uid,
			                       "portrait");
		if (portrait == NULL)
			goto fail;
		if (db_str(cur, 0, LP_PORTRAIT) != NULL)
			old_portrait = xstrdup(db_str(cur, 0, LP_PORTRAIT));
	}

	for (i = ACP_NICKNAME; i < ACP_SELF_DESC; i++)
		a[n++] = i == ACP_SEX || i == ACP_USER_TYPE
		                 ? DB_INT(v[i].i)
		                 : DB_TEXT(v[i].s, v[i].n);
	a[n++] = DB_STR(portrait);
	for (i = ACP_SELF_DESC; i < ACP__MAX; i++) {
		struct db_val x = DB_NULLV;
		int g = v[i].given;

		if (!landlord && (i == ACP_VTEL_FLAG || i == ACP_VTEL))
			g = 1; /* not a landlord (any more): no 400 number */
		else if (v[i].set && i == ACP_ACCOUNT_NUMBER)
			x = DB_BLOB(acct, (size_t)acct_n);
		else if (v[i].set && i == ACP_ACCOUNT_IDCARD)
			x = DB_BLOB(acid, (size_t)acid_n);
		else if (v[i].set && i == ACP_VTEL_FLAG)
			x = DB_INT(v[i].i);
		else if (v[i].set)
			x = DB_TEXT(v[i].s, v[i].n);
		a[n++] = DB_INT(g);
		a[n++] = x;
		/* The sealed numbers have a masked twin for display. */
		if (i == ACP_ACCOUNT_NUMBER || i == ACP_ACCOUNT_IDCARD) {
			a[n++] = DB_INT(g);
			a[n++] = v[i].set ? DB_STR(i == ACP_ACCOUNT_NUMBER
			                                   ? acct_mask
			                                   : acid_mask)
			                  : DB_NULLV;
		}
	}
	a[n++] = DB_INT(uid);
	rc = db_exec(app.db, Q_USER_UPDATE_PROFILE, a, (size_t)n, NULL, NULL,
	             NULL);
	if (rc != DB_OK) {
		st = app_db_status(rc, "profile update");
		goto fail;
	}
	/* The listings carry their publisher's type (search answers). */
	if (db_int(cur, 0, LP_USER_TYPE, -1) != v[ACP_USER_TYPE].i) {
		a[0] = DB_INT(v[ACP_USER_TYPE].i);
		a[1] = DB_INT(uid);
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
	cur = NULL;
	free(old_portrait);
	old_portrait = NULL;
	if (app_tx_again(st, attempt++))
		goto again;
	if (portrait != NULL)
		files_discard(&portrait, 1);
	crypto_wipe(acct, sizeof(acct));
	crypto_wipe(acid, sizeof(acid));
	return st;
}
