/* Review by administrators: queues, submissions and decisions. */
#include "reviews.h"
#include "log.h"
#include "schema.h"

enum status
reviews_queue(int kind, long long limit, long long offset, long long *total,
              struct db_res **rows)
{
	struct db_val a[2] = {DB_INT(limit), DB_INT(offset)};
	struct db_res *n = NULL;
	int rc;

	*rows = NULL;
	rc = db_exec(app.db,
	             kind == REV_REALNAME ? Q_REV_RN_COUNT : Q_REV_LL_COUNT,
	             NULL, 0, &n, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "review queue count");
	*total = db_int(n, 0, 0, 0);
	db_res_free(n);
	rc = db_exec(app.db,
	             kind == REV_REALNAME ? Q_REV_RN_PAGE : Q_REV_LL_PAGE, a, 2,
	             rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "review queue");
	return ST_OK;
}

enum status
reviews_get(int kind, long long uid, struct db_res **user,
            struct db_res **certs)
{
	struct db_val a = DB_INT(uid);
	int rc;

	*user = *certs = NULL;
	rc = db_exec(app.db, Q_REV_RN_GET, &a, 1, user, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "review subject");
	if ((*user)->nrows != 1) {
		db_res_free(*user);
		*user = NULL;
		return ST_NOT_FOUND;
	}
	if (kind == REV_LANDLORD &&
	    (rc = db_exec(app.db, Q_REV_LL_CERTS, &a, 1, certs, NULL, NULL)) !=
	            DB_OK) {
		db_res_free(*user);
		*user = NULL;
		return app_db_status(rc, "review certificates");
	}
	return ST_OK;
}

enum status
reviews_history(int kind, long long uid, struct db_res **rows)
{
	struct db_val a[2] = {DB_INT(uid), DB_INT(kind)};
	int rc = db_exec(app.db, Q_REV_HISTORY, a, 2, rows, NULL, NULL);

	if (rc != DB_OK) {
		*rows = NULL;
		return app_db_status(rc, "review history");
	}
	return ST_OK;
}

static enum status
decide_once(int kind, long long uid, long long admin_id, int approve,
            const char *reason, size_t n)
{
	struct db_res *cur = NULL;
	struct db_val a[5];
	long long to = approve ? 2 : 3;
	enum status st;
	int rc;

	a[0] = DB_INT(uid);
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_REV_LOCK, a, 1, &cur, NULL, NULL)) !=
	            DB_OK) {
		st = app_db_status(rc, "review lock");
		goto fail;
	}
	if (cur->nrows != 1) {
		st = ST_NOT_FOUND;
		goto fail;
	}
	/* Only a pending submission is decided: a second decision (two
	 * administrators at once, a retried click) is refused. */
	if (db_int(cur, 0, kind == REV_REALNAME ? 0 : 1, 0) != 1) {
		st = ST_CONFLICT;
		goto fail;
	}
	/* The reason goes with the state (a trigger of migration 0021
	 * clears it when the state leaves 3). */
	a[0] = DB_INT(to);
	a[1] = reason != NULL ? DB_TEXT(reason, n) : DB_NULLV;
	a[2] = DB_INT(uid);
	rc = db_exec(app.db, kind == REV_REALNAME ? Q_REV_SET_RN : Q_REV_SET_LL,
	             a, 3, NULL, NULL, NULL);
	a[1] = DB_INT(uid);
	if (rc == DB_OK && kind == REV_LANDLORD)
		rc = db_exec(app.db, Q_REV_SET_CERTS, a, 2, NULL, NULL, NULL);
	if (rc == DB_OK) {
		a[0] = admin_id > 0 ? DB_INT(admin_id) : DB_NULLV;
		a[1] = DB_INT(kind);
		a[2] = DB_INT(uid);
		a[3] = DB_INT(to);
		a[4] = reason != NULL ? DB_TEXT(reason, n) : DB_NULLV;
		rc = db_exec(app.db, Q_REV_RECORD, a, 5, NULL, NULL, NULL);
	}
	if (rc != DB_OK || (rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "review decision");
		goto fail;
	}
	db_res_free(cur);
	log_info("review: %s of user %lld %s by %s %lld",
	         kind == REV_REALNAME ? "real-name" : "landlord", uid,
	         approve ? "approved" : "rejected",
	         admin_id > 0 ? "administrator" : "command line", admin_id);
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(cur);
	return st;
}

enum status
reviews_decide(int kind, long long uid, long long admin_id, int approve,
               const char *reason, size_t n)
{
	enum status st;
	int attempt = 0;

	do
		st = decide_once(kind, uid, admin_id, approve, reason, n);
	while (app_tx_again(st, attempt++));
	return st;
}
