/* Identity: real-name verification and landlord (property) verification.
 * Identity documents are private files; ID numbers are sealed at rest. */
#include <string.h>

#include "app.h"
#include "crypto.h"
#include "ident.h"
#include "log.h"
#include "schema.h"
#include "valid.h"

enum status
ident_realname_get(long long uid, struct db_res **row)
{
	struct db_val a = DB_INT(uid);
	int rc = db_exec(app.db, Q_USER_REALNAME_GET, &a, 1, row, NULL, NULL);

	if (rc != DB_OK)
		return app_db_status(rc, "real-name");
	if ((*row)->nrows != 1) {
		db_res_free(*row);
		*row = NULL;
		return ST_AUTH;
	}
	return ST_OK;
}

enum status
ident_realname_submit(long long uid, const char *name, size_t n,
                      const char *idcard, char *const docs[3],
                      int refuse_pending, int *status)
{
	unsigned char sealed[18 + SEAL_OVERHEAD];
	struct db_res *cur = NULL;
	const char *old[3];
	struct db_val a[7];
	char masked[32];
	long sn;
	int rc, i, attempt = 0;
	enum status st;

	sn = users_seal("users.idcard", uid, idcard, sealed, sizeof(sealed));
	if (sn < 0)
		return ST_INTERNAL;
again:
	*status = RN_NONE;
	a[0] = DB_INT(uid);
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_USER_LOCK_IDENT, a, 1, &cur, NULL, NULL)) !=
	            DB_OK) {
		st = app_db_status(rc, "real-name lock");
		goto fail;
	}
	if (cur->nrows != 1) {
		st = ST_AUTH;
		goto fail;
	}
	*status = (int)db_int(cur, 0, 0, 0);
	if (*status == RN_APPROVED ||
	    (refuse_pending && *status == RN_PENDING)) {
		st = ST_EXISTS;
		goto fail;
	}
	valid_mask(idcard, strlen(idcard), 4, 4, masked, sizeof(masked));
	a[0] = DB_TEXT(name, n);
	a[1] = DB_BLOB(sealed, (size_t)sn);
	a[2] = DB_STR(masked);
	if (docs != NULL) {
		for (i = 0; i < 3; i++)
			a[3 + i] = DB_STR(docs[i]);
		a[6] = DB_INT(uid);
		rc = db_exec(app.db, Q_USER_UPDATE_IDENT, a, 7, NULL, NULL,
		             NULL);
	} else {
		a[3] = DB_INT(uid);
		rc = db_exec(app.db, Q_USER_UPDATE_REALNAME, a, 4, NULL, NULL,
		             NULL);
	}
	if (rc != DB_OK || (rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "real-name update");
		goto fail;
	}
	if (docs != NULL) {
		for (i = 0; i < 3; i++)
			old[i] = db_str(cur, 0, 1 + (size_t)i);
		files_remove_old(old, 3);
	}
	db_res_free(cur);
	*status = RN_PENDING;
	log_info("real-name submission by user %lld", uid);
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(cur);
	cur = NULL;
	/* The documents (docs) are in place already: only the rows again. */
	if (db_tx_again(app.db, rc, attempt++))
		goto again;
	return st;
}

enum status
ident_realname_same(long long uid, const char *name, size_t n,
                    const char *idcard, int *same)
{
	struct db_val a = DB_INT(uid);
	struct db_res *row = NULL;
	const char *stored;
	char plain[32];
	int rc;
	enum status st = ST_OK;

	*same = 0;
	rc = db_exec(app.db, Q_RENT_REALNAME_SEALED, &a, 1, &row, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "real-name read");
	if (row->nrows != 1) {
		st = ST_AUTH;
		goto out;
	}
	stored = db_str(row, 0, 0);
	if (stored == NULL || db_cell(row, 0, 1)->t == DBT_NULL)
		goto out;
	if (users_open("users.idcard", uid, db_cell(row, 0, 1), plain,
	               sizeof(plain)) < 0) {
		st = ST_INTERNAL;
		goto out;
	}
	*same = strlen(stored) == n && memcmp(stored, name, n) == 0 &&
	        strcmp(plain, idcard) == 0;
	crypto_wipe(plain, sizeof(plain));
out:
	db_res_free(row);
	return st;
}

/* The columns of Q_CERT_LOCK_BY_NUMBER. */
enum { CL_ID, CL_USER, CL_PHOTO, CL_LEASE };

enum status
ident_house_submit(long long uid, const struct ident_house *h,
                   char *const docs[2])
{
	unsigned char sealed[18 + SEAL_OVERHEAD];
	const char *old[2] = {NULL, NULL};
	struct db_res *cur = NULL;
	struct db_val a[7];
	long sn;
	int rc, retried = 0;
	enum status st = ST_INTERNAL;

	sn = users_seal("house_certs.idcard", uid, h->idcard, sealed,
	                sizeof(sealed));
	if (sn < 0)
		return ST_INTERNAL;
again:
	a[0] = DB_TEXT(h->number, h->number_n);
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_CERT_LOCK_BY_NUMBER, a, 1, &cur, NULL,
	                  NULL)) != DB_OK) {
		st = app_db_status(rc, "certificate lock");
		goto fail;
	}
	if (cur->nrows == 1 && db_int(cur, 0, CL_USER, 0) != uid) {
		st = ST_CONFLICT;
		goto fail;
	}
	a[0] = DB_TEXT(h->certname, h->certname_n);
	a[1] = DB_BLOB(sealed, (size_t)sn);
	if (cur->nrows == 1) {
		a[2] = DB_STR(docs[0]);
		a[3] = DB_INT(h->type);
		a[4] = DB_STR(docs[1]);
		a[5] = DB_INT(db_int(cur, 0, CL_ID, 0));
		a[6] = DB_INT(uid);
		rc = db_exec(app.db, Q_CERT_UPDATE, a, 7, NULL, NULL, NULL);
		old[0] = db_str(cur, 0, CL_PHOTO);
		old[1] = db_str(cur, 0, CL_LEASE);
	} else {
		struct db_val b[7] = {
		        DB_INT(uid),
		        a[0],
		        a[1],
		        DB_TEXT(h->number, h->number_n),
		        DB_STR(docs[0]),
		        DB_INT(h->type),
		        DB_STR(docs[1]),
		};

		rc = db_exec(app.db, Q_CERT_INSERT, b, 7, NULL, NULL, NULL);
		if (rc == DB_DUP) {
			st = ST_CONFLICT;
			goto fail;
		}
	}
	if (rc != DB_OK) {
		st = app_db_status(rc, "certificate write");
		goto fail;
	}
	a[0] = DB_INT(uid);
	if ((rc = db_exec(app.db, Q_USER_LANDLORD_PENDING, a, 1, NULL, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "certificate commit");
		goto fail;
	}
	files_remove_old(old, 2);
	db_res_free(cur);
	log_info("landlord submission by user %lld", uid);
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(cur);
	cur = NULL;
	/* Two first submissions of one number meet in InnoDB's gap locks:
	 * one is chosen as the deadlock victim; run it again (also after a
	 * Galera certification conflict). */
	if (db_tx_again(app.db, rc, retried++)) {
		old[0] = old[1] = NULL;
		goto again;
	}
	return st;
}
