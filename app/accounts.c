/* Sessions, mobile identities and login limits (migrations 0001, 0008). */
#include <string.h>

#include "accounts.h"
#include "app.h"
#include "codes.h"
#include "log.h"
#include "schema.h"

void
accounts_pwparams(struct crypto_pwparams *p)
{
	p->opslimit = (unsigned long long)app.cfg.password_ops;
	p->memlimit = (size_t)app.cfg.password_mem_kib * 1024;
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

enum status
accounts_register_mobile(const char *mobile, const char *code, size_t codelen,
                         const char *pw, size_t n, long long *uid)
{
	char hash[CRYPTO_PWHASH_STRBYTES];
	struct crypto_pwparams pp;
	struct db_val a[3];
	uint64_t id = 0;
	enum status st;
	int rc;

	*uid = 0;
	/* The slow hash first, outside the transaction. */
	accounts_pwparams(&pp);
	if (crypto_pwhash_new(pw, n, &pp, hash) < 0)
		return ST_INTERNAL;
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

enum status
accounts_login_mobile(const char *mobile, const char *pw, size_t n,
                      const char *ip, long long *uid)
{
	struct crypto_pwparams pp;
	struct db_res *rows = NULL;
	struct db_val a = DB_STR(mobile);
	char fresh[CRYPTO_PWHASH_STRBYTES];
	const char *hash;
	long long k;
	enum status st;
	int rc, ok;

	*uid = 0;
	if ((st = failures(Q_LOGIN_FAIL_IDENT, mobile, &k)) != ST_OK)
		return st;
	if (k >= app.cfg.login_max_failures)
		return ST_RATE;
	if ((st = failures(Q_LOGIN_FAIL_IP, ip, &k)) != ST_OK)
		return st;
	if (k >= app.cfg.login_ip_max_failures)
		return ST_RATE;
	accounts_pwparams(&pp);
	rc = db_exec(app.db, Q_USER_AUTH_MOBILE, &a, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "login");
	hash = rows->nrows == 1 ? db_str(rows, 0, 1) : NULL;
	if (hash == NULL) {
		/* As long as a real check: no account is not faster. */
		crypto_pwdummy(pw, n, &pp);
		db_res_free(rows);
		return failed(mobile, ip, ST_NO_ACCOUNT);
	}
	ok = crypto_pwverify(hash, pw, n);
	if (!ok) {
		db_res_free(rows);
		return failed(mobile, ip, ST_PASSWORD);
	}
	*uid = db_int(rows, 0, 0, 0);
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
	int rc;

	*rel = NULL;
	if ((path = files_place(f, "userphoto", uid, "avatar")) == NULL)
		return ST_INTERNAL;
	a[0] = DB_INT(uid);
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_USER_LOCK_AVATAR, a, 1, &cur, NULL,
	                  NULL)) != DB_OK)
		goto fail;
	a[0] = DB_STR(path);
	a[1] = DB_INT(uid);
	if ((rc = db_exec(app.db, Q_USER_SET_AVATAR, a, 2, NULL, NULL, NULL)) !=
	            DB_OK ||
	    (rc = db_commit(app.db)) != DB_OK)
		goto fail;
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
