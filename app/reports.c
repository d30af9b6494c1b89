/* Users' reports of listings and their resolution (reports.h). */
#include <stdio.h>

#include "app.h"
#include "houses.h"
#include "log.h"
#include "ratelimit.h"
#include "reports.h"
#include "schema.h"

/* The report's transaction: the listing locked for share (a pull-off
 * locks it for update, so a report never lands beside a pull-off that
 * resolved the others), checked, the report written. */
static enum status
file_locked(long long uid, long long house_id, const char *reason, size_t n,
            long long *id)
{
	struct db_res *row = NULL;
	struct db_val a[3] = {DB_INT(house_id)};
	enum status st = ST_OK;
	uint64_t ins = 0;
	int rc;

	if ((rc = db_exec(app.db, Q_RP_HOUSE, a, 1, &row, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "report");
	if (row->nrows != 1 || db_int(row, 0, 1, -1) != HS_RELEASED)
		st = ST_NOT_FOUND;
	else if (db_int(row, 0, 0, 0) == uid)
		st = ST_FORBIDDEN;
	db_res_free(row);
	if (st != ST_OK)
		return st;
	a[1] = DB_INT(uid);
	a[2] = DB_TEXT(reason, n);
	if ((rc = db_exec(app.db, Q_RP_FILE, a, 3, NULL, NULL, &ins)) != DB_OK)
		return app_db_status(rc, "report");
	*id = (long long)ins;
	return ST_OK;
}

enum status
reports_file(long long uid, long long house_id, const char *reason, size_t n,
             long long *id)
{
	char key[24];
	long long hits = 0;
	enum status st;
	int rc, attempt;

	*id = 0;
	snprintf(key, sizeof(key), "%lld", uid);
	if ((st = limits_hit("report", key, LIMITS_DAY, LIMITS_CHINA,
	                     &hits)) != ST_OK)
		return st;
	if (hits > REPORTS_PER_DAY)
		return ST_RATE;
	/* Only the transaction again (the count above is spent once). */
	for (attempt = 0;; attempt++) {
		if ((rc = db_begin(app.db)) != DB_OK)
			st = app_db_status(rc, "report");
		else
			st = file_locked(uid, house_id, reason, n, id);
		if (st == ST_OK && (rc = db_commit(app.db)) != DB_OK)
			st = app_db_status(rc, "report");
		if (st == ST_OK)
			break;
		db_rollback(app.db);
		if (!app_tx_again(st, attempt))
			return st;
	}
	log_info("report %lld: house %lld by user %lld", *id, house_id, uid);
	return ST_OK;
}

enum status
reports_queue(long long offset, long long limit, long long *count,
              struct db_res **rows)
{
	struct db_res *c = NULL;
	struct db_val a[2] = {DB_INT(limit), DB_INT(offset)};
	int rc;

	*rows = NULL;
	*count = 0;
	if ((rc = db_exec(app.db, Q_RP_COUNT, NULL, 0, &c, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "report queue");
	*count = db_int(c, 0, 0, 0);
	db_res_free(c);
	if ((rc = db_exec(app.db, Q_RP_PAGE, a, 2, rows, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "report queue");
	return ST_OK;
}

enum status
reports_of(long long house_id, struct db_res **rows)
{
	struct db_val a = DB_INT(house_id);
	int rc;

	*rows = NULL;
	if ((rc = db_exec(app.db, Q_RP_OF, &a, 1, rows, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "reports");
	return ST_OK;
}

enum status
reports_dismiss(long long admin_id, long long house_id, long long *n)
{
	struct db_res *row = NULL;
	struct db_val a[3] = {DB_INT(REPORT_DISMISSED),
	                      admin_id > 0 ? DB_INT(admin_id) : DB_NULLV,
	                      DB_INT(house_id)};
	uint64_t changed = 0;
	int rc;

	*n = 0;
	if ((rc = db_exec(app.db, Q_RP_RESOLVE, a, 3, NULL, &changed, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "report dismiss");
	*n = (long long)changed;
	if (changed > 0) {
		log_info("reports of house %lld: %lld dismissed by %s %lld",
		         house_id, *n, admin_id > 0 ? "administrator" : "cli",
		         admin_id);
		return ST_OK;
	}
	/* Nothing open: say whether there is such a listing at all. */
	a[0] = DB_INT(house_id);
	if ((rc = db_exec(app.db, Q_PO_GET, a, 1, &row, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "report dismiss");
	rc = row->nrows == 1;
	db_res_free(row);
	return rc ? ST_CONFLICT : ST_NOT_FOUND;
}
