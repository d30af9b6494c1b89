/* Identity: real-name verification and landlord (property) verification.
 * Identity documents are private files; ID numbers are sealed at rest. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "ident.h"
#include "qsz/handlers.h"
#include "log.h"
#include "schema.h"
#include "upload.h"
#include "valid.h"

/* Place every given file of a request as data/private/user_<uid>/.
 * Returns 0, or -1 after discarding what was placed. */
static int
place_all(struct req *r, const int *idx, const char *const *prefix, char **out,
          size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = NULL;
		if (idx[i] < 0 || !r->p[idx[i]].set)
			continue;
		out[i] = files_place(r->p[idx[i]].files[0], "private", r->uid,
		                     prefix[i]);
		if (out[i] == NULL) {
			files_discard(out, i);
			return -1;
		}
	}
	return 0;
}

static cJSON *
str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* ---- /user_identification ------------------------------------------ */

enum { U_REALNAME, U_IDCARD, U_PORTRAIT, U_FRONT, U_BACK, U__MAX };

const struct pspec h_ident_user_params[] = {
        [U_REALNAME] = PARAM_TEXT("realname", PF_REQUIRED, 2, 30, NULL),
        [U_IDCARD] = PARAM_OF("idcardnumber", PT_IDCARD, PF_REQUIRED),
        [U_PORTRAIT] = PARAM_FILE("portrait", PF_REQUIRED, FT_IMAGE,
                                  &app.cfg.max_image_bytes, 0),
        [U_FRONT] = PARAM_FILE("idcardfront", PF_REQUIRED, FT_DOC,
                               &app.cfg.max_doc_bytes, 0),
        [U_BACK] = PARAM_FILE("idcardback", PF_REQUIRED, FT_DOC,
                              &app.cfg.max_doc_bytes, 0),
        [U__MAX] = PARAM_END,
};

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
	int rc, i;
	enum status st;

	*status = RN_NONE;
	sn = users_seal("users.idcard", uid, idcard, sealed, sizeof(sealed));
	if (sn < 0)
		return ST_INTERNAL;
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
	return st;
}

enum status
h_ident_user(struct req *r, struct resp *res)
{
	static const int idx[3] = {U_PORTRAIT, U_FRONT, U_BACK};
	static const char *const prefix[3] = {
	        "portrait",
	        "idcardfront",
	        "idcardback",
	};
	const struct pval *p = r->p;
	char *paths[3] = {NULL, NULL, NULL};
	enum status st;
	int i, status;
	cJSON *ans;

	if (place_all(r, idx, prefix, paths, 3) < 0)
		return ST_INTERNAL;
	st = ident_realname_submit(r->uid, p[U_REALNAME].s, p[U_REALNAME].n,
	                           p[U_IDCARD].s, paths, 0, &status);
	if (st != ST_OK) {
		files_discard(paths, 3);
		if (st == ST_EXISTS)
			return resp_fail(res, ST_CONFLICT,
			                 "realname: real-name verification is "
			                 "already approved");
		return st;
	}
	for (i = 0; i < 3; i++)
		free(paths[i]);
	ans = cJSON_CreateArray();
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[U_REALNAME].s));
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[U_IDCARD].s));
	resp_ans(res, ans);
	return ST_OK;
}

/* ---- /house_identification ----------------------------------------- */

enum { H_CERTNAME, H_IDCARD, H_NUMBER, H_PHOTO, H_TYPE, H_LEASE, H__MAX };

const struct pspec h_ident_house_params[] = {
        [H_CERTNAME] = PARAM_TEXT("certname", PF_REQUIRED, 2, 30, NULL),
        [H_IDCARD] = PARAM_OF("idcardnumber", PT_IDCARD, PF_REQUIRED),
        [H_NUMBER] =
                PARAM_TEXT("property_cert_number", PF_REQUIRED, 1, 64, NULL),
        [H_PHOTO] = PARAM_FILE("property_cert_photo", PF_REQUIRED, FT_DOC,
                               &app.cfg.max_doc_bytes, 0),
        [H_TYPE] = PARAM_INT("house_type", PF_EMPTY, 1, 2),
        [H_LEASE] = PARAM_FILE("lease_agreement_photo_url", 0, FT_DOC,
                               &app.cfg.max_doc_bytes, 0),
        [H__MAX] = PARAM_END,
};

enum status
h_ident_house(struct req *r, struct resp *res)
{
	static const char *const prefix[2] = {
	        "property_cert_photo",
	        "lease_agreement_photo_url",
	};
	const struct pval *p = r->p;
	long long type = p[H_TYPE].set ? p[H_TYPE].i : 1;
	int idx[2] = {H_PHOTO, type == 2 ? H_LEASE : -1};
	unsigned char sealed[18 + SEAL_OVERHEAD];
	char *paths[2] = {NULL, NULL};
	const char *old[2] = {NULL, NULL};
	struct db_res *cur = NULL;
	struct db_val a[7];
	long sn;
	int rc, retried = 0;
	enum status st = ST_INTERNAL;
	cJSON *ans;

	if (type == 2 && !p[H_LEASE].set)
		return resp_fail(res, ST_PARAM,
		                 "lease_agreement_photo_url: required when "
		                 "house_type is 2");
	sn = users_seal("house_certs.idcard", r->uid, p[H_IDCARD].s, sealed,
	                sizeof(sealed));
	if (sn < 0)
		return ST_INTERNAL;
	if (place_all(r, idx, prefix, paths, 2) < 0)
		return ST_INTERNAL;
again:
	a[0] = DB_TEXT(p[H_NUMBER].s, p[H_NUMBER].n);
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_CERT_LOCK_BY_NUMBER, a, 1, &cur, NULL,
	                  NULL)) != DB_OK) {
		st = app_db_status(rc, "certificate lock");
		goto fail;
	}
	if (cur->nrows == 1 && db_int(cur, 0, 1, 0) != r->uid) {
		st = resp_fail(res, ST_CONFLICT,
		               "property_cert_number: already registered by "
		               "another user");
		goto fail;
	}
	a[0] = DB_TEXT(p[H_CERTNAME].s, p[H_CERTNAME].n);
	a[1] = DB_BLOB(sealed, (size_t)sn);
	if (cur->nrows == 1) {
		a[2] = DB_STR(paths[0]);
		a[3] = DB_INT(type);
		a[4] = DB_STR(paths[1]);
		a[5] = DB_INT(db_int(cur, 0, 0, 0));
		a[6] = DB_INT(r->uid);
		rc = db_exec(app.db, Q_CERT_UPDATE, a, 7, NULL, NULL, NULL);
		old[0] = db_str(cur, 0, 2);
		old[1] = db_str(cur, 0, 3);
	} else {
		struct db_val b[7] = {
		        DB_INT(r->uid),
		        a[0],
		        a[1],
		        DB_TEXT(p[H_NUMBER].s, p[H_NUMBER].n),
		        DB_STR(paths[0]),
		        DB_INT(type),
		        DB_STR(paths[1]),
		};

		rc = db_exec(app.db, Q_CERT_INSERT, b, 7, NULL, NULL, NULL);
		if (rc == DB_DUP) {
			st = resp_fail(res, ST_CONFLICT,
			               "property_cert_number: already "
			               "registered by another user");
			goto fail;
		}
	}
	if (rc != DB_OK) {
		st = app_db_status(rc, "certificate write");
		goto fail;
	}
	a[0] = DB_INT(r->uid);
	if ((rc = db_exec(app.db, Q_USER_LANDLORD_PENDING, a, 1, NULL, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "certificate commit");
		goto fail;
	}
	files_remove_old(old, 2);
	db_res_free(cur);
	ans = cJSON_CreateArray();
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[H_CERTNAME].s));
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[H_IDCARD].s));
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[H_NUMBER].s));
	cJSON_AddItemToArray(ans, str_or_null(paths[0]));
	cJSON_AddItemToArray(ans, str_or_null(paths[1]));
	free(paths[0]);
	free(paths[1]);
	resp_ans(res, ans);
	log_info("landlord submission by user %lld", r->uid);
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(cur);
	cur = NULL;
	/* Two first submissions of one number meet in InnoDB's gap locks:
	 * one is chosen as the deadlock victim; run it again, once. */
	if (rc == DB_RETRY && !retried++) {
		old[0] = old[1] = NULL;
		goto again;
	}
	files_discard(paths, 2);
	return st;
}
