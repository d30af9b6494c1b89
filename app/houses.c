/* Listings: creation, the status machine, attribute updates and the
 * owner's list (houses.h).  Every change locks the listing's row first
 * (houses_lock) and checks its owner. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "houses.h"
#include "log.h"
#include "reports.h"
#include "schema.h"

static const char *const status_word[] = {
        [HS_DRAFT] = "a draft",
        [HS_RELEASED] = "released",
        [HS_PULLED_OFF] = "pulled off",
        [HS_DELETED] = "deleted",
};

/* The statement setting each plain attribute (schema.h). */
static const int set_stmt[HA__MAX] = {
#define X(up, col) [HA_##up] = Q_HOUSE_SET_##up,
        HOUSE_PLAIN_ATTRS(X)
#undef X
};

enum status
houses_create(long long uid, const struct db_val *v, uint64_t *id)
{
	struct db_val a[HA__MAX + 4];
	size_t n = 0;
	int i, rc;

	*id = 0;
	a[n++] = DB_INT(uid);
	for (i = 0; i < HA__MAX; i++)
		a[n++] = v[i];
	a[n++] = v[HA_LONGITUDE];
	a[n++] = v[HA_LATITUDE];
	a[n++] = DB_INT(uid); /* owner_type */
	rc = db_exec(app.db, Q_HOUSE_INSERT, a, n, NULL, NULL, id);
	if (rc != DB_OK)
		return app_db_status(rc, "house insert");
	log_info("house %llu created by user %lld", (unsigned long long)*id,
	         uid);
	return ST_OK;
}

/* ---- the caller's listing, locked -------------------------------------- */

/* Columns of Q_HOUSE_LOCK. */
enum {
	K_USER,
	K_STATUS,
	K_HAS_LOCATION,
	K_HAS_RENT,
	K_HAS_SIZE,
	K_HAS_TITLE,
	K_PROVINCE_CODE /* then name, city code, name, county code, name */
};

/* The row is Q_HOUSE_LOCK's (app.h). */
enum status
houses_lock(long long uid, long long id, struct db_res **row)
{
	return app_lock_owned(Q_HOUSE_LOCK, id, uid, K_USER, K_STATUS,
	                      HS_DELETED, "house lock", row);
}

/* Commit after a successful change; roll back otherwise. */
static enum status
house_done(enum status st, struct db_res *row, const char *what)
{
	int rc;

	if (st == ST_OK && (rc = db_commit(app.db)) != DB_OK)
		st = app_db_status(rc, what);
	if (st != ST_OK)
		db_rollback(app.db);
	db_res_free(row);
	return st;
}

/* ---- the status machine -------------------------------------------- */

/* Move the locked listing id (row: Q_HOUSE_LOCK's) from a status in the
 * mask from to status to, without committing: houses_set_status's rules,
 * shared by the owner's change and the administrator's pull-off. */
static enum status
set_status_locked(const struct db_res *row, long long id, unsigned from, int to,
                  long long *now, unsigned *missing)
{
	static const struct {
		int col;
		unsigned bit;
	} needed[] = {
	        {K_HAS_LOCATION, HN_LOCATION},
	        {K_HAS_RENT, HN_RENT},
	        {K_HAS_SIZE, HN_SIZE},
	        {K_HAS_TITLE, HN_TITLE},
	};
	struct db_val a[2];
	size_t i;
	int rc;

	*now = db_int(row, 0, K_STATUS, 0);
	if (*now < HS_DRAFT || *now > HS_DELETED || !(from & (1u << *now)))
		return ST_CONFLICT;
	if (to == HS_RELEASED) {
		for (i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
			if (!db_int(row, 0, (size_t)needed[i].col, 0))
				*missing |= needed[i].bit;
		if (*missing != 0)
			return ST_PARAM;
		a[0] = DB_INT(id);
		rc = db_exec(app.db, Q_HOUSE_RELEASE, a, 1, NULL, NULL, NULL);
	} else {
		a[0] = DB_INT(to);
		a[1] = DB_INT(id);
		rc = db_exec(app.db, Q_HOUSE_SET_STATUS, a, 2, NULL, NULL,
		             NULL);
	}
	return rc == DB_OK ? ST_OK : app_db_status(rc, "house status");
}

static enum status
set_status_once(long long uid, long long id, unsigned from, int to,
                long long *now, unsigned *missing)
{
	struct db_res *row = NULL;
	enum status st;

	*now = -1;
	*missing = 0;
	if ((st = houses_lock(uid, id, &row)) != ST_OK)
		return st;
	st = set_status_locked(row, id, from, to, now, missing);
	st = house_done(st, row, "house status");
	if (st == ST_OK)
		log_info("house %lld: %s -> %s by user %lld", id,
		         status_word[*now], status_word[to], uid);
	return st;
}

enum status
houses_set_status(long long uid, long long id, unsigned from, int to,
                  long long *now, unsigned *missing)
{
	enum status st;
	int attempt = 0;

	do
		st = set_status_once(uid, id, from, to, now, missing);
	while (app_tx_again(st, attempt++));
	return st;
}

/* ---- pulled off by an administrator ---------------------------------- */

static enum status
admin_pulloff_once(long long admin_id, long long id, const char *reason,
                   size_t n, long long *now)
{
	struct db_res *row = NULL;
	struct db_val a[4];
	unsigned missing = 0;
	enum status st;
	int rc;

	*now = -1;
	/* Anyone's listing: the lock of houses_lock without its owner
	 * check (the owner is recorded instead). */
	a[0] = DB_INT(id);
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_HOUSE_LOCK, a, 1, &row, NULL, NULL)) !=
	            DB_OK)
		return house_done(app_db_status(rc, "house pulloff"), row,
		                  "house pulloff");
	if (row->nrows != 1 || db_int(row, 0, K_STATUS, 0) == HS_DELETED)
		return house_done(ST_NOT_FOUND, row, "house pulloff");
	st = set_status_locked(row, id, 1u << HS_RELEASED, HS_PULLED_OFF, now,
	                       &missing);
	if (st == ST_OK) {
		a[0] = admin_id > 0 ? DB_INT(admin_id) : DB_NULLV;
		a[1] = DB_INT(id);
		a[2] = *db_cell(row, 0, K_USER);
		a[3] = DB_TEXT(reason, n);
		rc = db_exec(app.db, Q_PO_RECORD, a, 4, NULL, NULL, NULL);
		if (rc == DB_OK) {
			a[0] = DB_TEXT(reason, n);
			a[1] = DB_INT(id);
			rc = db_exec(app.db, Q_PO_REASON, a, 2, NULL, NULL,
			             NULL);
		}
		if (rc == DB_OK) {
			a[0] = DB_INT(REPORT_PULLED_OFF);
			a[1] = admin_id > 0 ? DB_INT(admin_id) : DB_NULLV;
			a[2] = DB_INT(id);
			rc = db_exec(app.db, Q_RP_RESOLVE, a, 3, NULL, NULL,
			             NULL);
		}
		if (rc != DB_OK)
			st = app_db_status(rc, "house pulloff");
	}
	st = house_done(st, row, "house pulloff");
	if (st == ST_OK)
		log_info("house %lld: released -> pulled off by administrator "
		         "%lld",
		         id, admin_id);
	return st;
}

enum status
houses_admin_pulloff(long long admin_id, long long id, const char *reason,
                     size_t n, long long *now)
{
	enum status st;
	int attempt = 0;

	do
		st = admin_pulloff_once(admin_id, id, reason, n, now);
	while (app_tx_again(st, attempt++));
	return st;
}

enum status
houses_admin_get(long long id, struct db_res **row, struct db_res **history)
{
	struct db_val a = DB_INT(id);
	int rc;

	*row = *history = NULL;
	if ((rc = db_exec(app.db, Q_PO_GET, &a, 1, row, NULL, NULL)) != DB_OK ||
	    (rc = db_exec(app.db, Q_PO_HISTORY, &a, 1, history, NULL, NULL)) !=
	            DB_OK) {
		db_res_free(*row);
		*row = NULL;
		return app_db_status(rc, "house get");
	}
	if ((*row)->nrows != 1) {
		db_res_free(*row);
		db_res_free(*history);
		*row = *history = NULL;
		return ST_NOT_FOUND;
	}
	return ST_OK;
}

/* ---- attribute updates ----------------------------------------------- */

static enum status
set_attr_once(long long uid, long long id, int k, struct db_val v)
{
	struct db_res *row = NULL;
	struct db_val a[2];
	enum status st;
	unsigned q;
	int rc;

	if ((st = houses_lock(uid, id, &row)) != ST_OK)
		return st;
	q = k == HA_LONGITUDE       ? Q_HOUSE_SET_LONGITUDE
	    : k == HA_LATITUDE      ? Q_HOUSE_SET_LATITUDE
	    : k >= 0 && k < HA__MAX ? (unsigned)set_stmt[k]
	                            : 0;
	if (q == 0) { /* an attribute missing from HOUSE_PLAIN_ATTRS */
		log_err("house update: no statement for attribute %d", k);
		return house_done(ST_INTERNAL, row, "house update");
	}
	a[0] = v;
	a[1] = DB_INT(id);
	rc = db_exec(app.db, q, a, 2, NULL, NULL, NULL);
	st = rc == DB_OK ? ST_OK : app_db_status(rc, "house update");
	return house_done(st, row, "house update");
}

enum status
houses_set_attr(long long uid, long long id, int k, struct db_val v)
{
	enum status st;
	int attempt = 0;

	do
		st = set_attr_once(uid, id, k, v);
	while (app_tx_again(st, attempt++));
	return st;
}

/* The arguments of Q_HOUSE_SET_REGION for houses_set_region: the stored
 * codes form a chain, so the stored ones below level lv lie inside c when
 * the stored code of level lv is c's. */
static void
region_args(const struct db_res *row, int lv, const struct region_chain *c,
            long long id, struct db_val a[7])
{
	int keep = db_int(row, 0, K_PROVINCE_CODE + 2 * (size_t)(lv - 1), 0) ==
	           c->code[lv];
	int l;

	for (l = REGION_PROVINCE; l <= REGION_COUNTY; l++) {
		size_t col = K_PROVINCE_CODE + 2 * (size_t)(l - 1);

		if (l <= lv) {
			a[2 * (l - 1)] = DB_INT(c->code[l]);
			a[2 * (l - 1) + 1] = DB_STR(c->name[l]);
		} else if (keep) {
			a[2 * (l - 1)] = *db_cell(row, 0, col);
			a[2 * (l - 1) + 1] = *db_cell(row, 0, col + 1);
		} else {
			a[2 * (l - 1)] = DB_NULLV;
			a[2 * (l - 1) + 1] = DB_NULLV;
		}
	}
	a[6] = DB_INT(id);
}

static enum status
set_region_once(long long uid, long long id, int lv,
                const struct region_chain *c)
{
	struct db_res *row = NULL;
	struct db_val a[7];
	enum status st;
	int rc;

	if ((st = houses_lock(uid, id, &row)) != ST_OK)
		return st;
	region_args(row, lv, c, id, a);
	rc = db_exec(app.db, Q_HOUSE_SET_REGION, a, 7, NULL, NULL, NULL);
	st = rc == DB_OK ? ST_OK : app_db_status(rc, "house update");
	return house_done(st, row, "house update");
}

enum status
houses_set_region(long long uid, long long id, int lv,
                  const struct region_chain *c)
{
	enum status st;
	int attempt = 0;

	do
		st = set_region_once(uid, id, lv, c);
	while (app_tx_again(st, attempt++));
	return st;
}

enum status
houses_region(struct arena *a, long long uid, long long id, int lv,
              long long *code, const char **name)
{
	struct db_res *row = NULL;
	size_t col = K_PROVINCE_CODE + 2 * (size_t)(lv - 1);
	const char *stored;
	enum status st;

	*code = -1;
	*name = NULL;
	if ((st = houses_lock(uid, id, &row)) != ST_OK)
		return st;
	if (db_cell(row, 0, col)->t != DBT_NULL)
		*code = db_int(row, 0, col, 0);
	stored = db_str(row, 0, col + 1);
	if (stored != NULL)
		*name = arena_strdup(a, stored);
	return house_done(ST_OK, row, "house update");
}

/* ---- the owner's list -------------------------------------------------- */

enum status
houses_mine(long long uid, struct db_res **rows, struct db_res **photos,
            struct db_res **videos)
{
	struct db_val arg = DB_INT(uid);
	int rc;

	*rows = *photos = *videos = NULL;
	if ((rc = db_exec(app.db, Q_HOUSE_LIST_MINE, &arg, 1, rows, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_exec(app.db, Q_HOUSE_PHOTOS_MINE, &arg, 1, photos, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_exec(app.db, Q_HOUSE_VIDEOS_MINE, &arg, 1, videos, NULL,
	                  NULL)) != DB_OK) {
		db_res_free(*rows);
		db_res_free(*photos);
		db_res_free(*videos);
		*rows = *photos = *videos = NULL;
		return app_db_status(rc, "house list");
	}
	return ST_OK;
}
