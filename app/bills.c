/* Monthly bills of rental contracts (rental.md 5).  Periods from
 * rentcalc's calendar arithmetic, totals from rent_bill_total; every
 * change locks the bill row (and its contract) first, so a bill is paid or
 * merged once and its next period's bill made once.  Statements in
 * schema.c (Q_RB_*). */
#include <stdio.h>
#include <string.h>

#include "bills.h"
#include "log.h"
#include "rentcalc.h"
#include "schema.h"
#include "valid.h"

/* A YYYY-MM-DD date (as MariaDB gives it) as a calendar date. */
static struct rdate
ymd_date(const char *s)
{
	struct rdate d = {1970, 1, 1};
	char err[64];
	long ymd;

	if (s != NULL &&
	    valid_date(s, strlen(s), 0, &ymd, err, sizeof(err)) == 0) {
		d.y = (int)(ymd / 10000);
		d.m = (int)(ymd / 100 % 100);
		d.d = (int)(ymd % 100);
	}
	return d;
}

static void
date_text(struct rdate d, char out[16])
{
	snprintf(out, 16, "%04u-%02u-%02u", (unsigned)d.y % 10000u,
	         (unsigned)d.m % 100u, (unsigned)d.d % 100u);
}

int
bills_make(long long contract, const char *begin, long long period,
           long long water_init, long long electric_init, long long before,
           long long merged, long long *id)
{
	struct rdate b = ymd_date(begin);
	char start[16], end[16];
	struct db_val a[8];
	uint64_t new_id = 0;
	int rc;

	date_text(rent_add_months(b, (int)period), start);
	date_text(rent_add_months(b, (int)period + 1), end);
	a[0] = DB_INT(period);
	a[1] = DB_STR(start);
	a[2] = DB_STR(end);
	a[3] = DB_INT(water_init);
	a[4] = DB_INT(electric_init);
	a[5] = DB_INT(before);
	a[6] = DB_INT(merged);
	a[7] = DB_INT(contract);
	rc = db_exec(app.db, Q_RB_INSERT, a, 8, NULL, NULL, &new_id);
	if (rc == DB_OK && id != NULL)
		*id = (long long)new_id;
	return rc;
}

/* Who uid is to a bill row: ST_OK its landlord (or, unless landlord_only,
 * its tenant); ST_FORBIDDEN the tenant of a landlord's change;
 * ST_NOT_FOUND anyone else (another landlord's bill is not visible). */
static enum status
access(const struct db_res *row, long long uid, int landlord_only)
{
	if (db_int(row, 0, BI_LANDLORD, 0) == uid)
		return ST_OK;
	if (db_int(row, 0, BI_TENANT, -1) == uid)
		return landlord_only ? ST_FORBIDDEN : ST_OK;
	return ST_NOT_FOUND;
}

enum status
bills_page(long long uid, long long building, long long page, long long size,
           struct db_res **rows, long long *count)
{
	struct db_val a[4] = {DB_INT(building)};
	struct db_res *r = NULL;
	int rc;

	*rows = NULL;
	*count = 0;
	if ((rc = db_exec(app.db, Q_RB_BUILDING, a, 1, &r, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "bills building");
	if (r->nrows != 1 || db_int(r, 0, 0, 0) != uid) {
		db_res_free(r);
		return ST_NOT_FOUND;
	}
	db_res_free(r);
	r = NULL;
	a[1] = DB_INT(uid);
	if ((rc = db_exec(app.db, Q_RB_COUNT, a, 2, &r, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "bills count");
	*count = db_int(r, 0, 0, 0);
	db_res_free(r);
	a[2] = DB_INT(size);
	a[3] = DB_INT((page - 1) * size);
	if ((rc = db_exec(app.db, Q_RB_PAGE, a, 4, rows, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "bills page");
	return ST_OK;
}

enum status
bills_get(long long uid, long long id, struct db_res **row)
{
	struct db_val a = DB_INT(id);
	enum status st;
	int rc;

	*row = NULL;
	if ((rc = db_exec(app.db, Q_RB_GET, &a, 1, row, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "bill");
	if ((*row)->nrows == 1 && (st = access(*row, uid, 0)) == ST_OK)
		return ST_OK;
	db_res_free(*row);
	*row = NULL;
	return ST_NOT_FOUND;
}

enum status
bills_lock(long long id, struct db_res **row)
{
	struct db_val a = DB_INT(id);
	int rc;

	*row = NULL;
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_RB_LOCK, &a, 1, row, NULL, NULL)) !=
	            DB_OK) {
		db_rollback(app.db);
		db_res_free(*row);
		*row = NULL;
		return app_db_status(rc, "bill lock");
	}
	if ((*row)->nrows != 1) {
		db_rollback(app.db);
		db_res_free(*row);
		*row = NULL;
		return ST_NOT_FOUND;
	}
	return ST_OK;
}

/* The changes a landlord makes to a bill. */
enum bill_op { OP_SET, OP_MERGE, OP_PAY };

struct change {
	enum bill_op op;
	long long water, electric, given; /* OP_SET */
	int pay;                          /* OP_PAY */
};

/* Settle locked bill row (status 1) paid by pay: status 2, and the next
 * period's bill while the contract is live.  A DB_* code. */
static int
settle(const struct db_res *row, int pay, long long *next)
{
	struct db_val a[2] = {DB_INT(pay), DB_INT(db_int(row, 0, BI_ID, 0))};
	uint64_t n = 0;
	int rc;

	*next = 0;
	if ((rc = db_exec(app.db, Q_RB_PAID, a, 2, NULL, &n, NULL)) != DB_OK)
		return rc;
	if (n != 1)
		return DB_ERR;
	/* After the contract ended its last bill is paid, and that is all. */
	if (db_int(row, 0, BI_CSTATE, 0) != 1)
		return DB_OK;
	return bills_make(
	        db_int(row, 0, BI_CONTRACT, 0), db_str(row, 0, BI_BEGIN),
	        db_int(row, 0, BI_PERIOD, 0) + 1, db_int(row, 0, BI_WCUR, 0),
	        db_int(row, 0, BI_ECUR, 0), 0, 0, next);
}

/* The total of locked bill row with these readings. */
static long long
total_of(const struct db_res *row, long long water, long long electric)
{
	struct rent_bill b = {
	        .rent = db_int(row, 0, BI_RENT, 0),
	        .clear = db_int(row, 0, BI_CLEAR, 0),
	        .net = db_int(row, 0, BI_NET, 0),
	        .before = db_int(row, 0, BI_BEFORE, 0),
	        .water_price = db_int(row, 0, BI_WPRICE, 0),
	        .water_init = db_int(row, 0, BI_WINIT, 0),
	        .water_cur = water,
	        .electric_price = db_int(row, 0, BI_EPRICE, 0),
	        .electric_init = db_int(row, 0, BI_EINIT, 0),
	        .electric_cur = electric,
	};

	return rent_bill_total(&b);
}

/* One try of change c of bill id by uid; *rc the failing DB_* code. */
static enum status
change_once(long long uid, long long id, const struct change *c,
            struct bill_outcome *o, int *rc)
{
	struct db_res *row = NULL;
	struct db_val a[4];
	enum status st;
	long long status, total, merged;
	uint64_t n = 0;

	*rc = DB_OK;
	memset(o, 0, sizeof(*o));
	if ((st = bills_lock(id, &row)) != ST_OK)
		return st;
	if ((st = access(row, uid, 1)) != ST_OK)
		goto refuse;
	status = db_int(row, 0, BI_STATUS, 0);
	o->status = (int)status;
	st = ST_CONFLICT;
	switch (c->op) {
	case OP_SET:
		if (status != BS_OPEN && status != BS_SENT) {
			o->why = status == BS_PAID ? BW_PAID : BW_STATE;
			goto refuse;
		}
		st = ST_PARAM;
		if (c->water < db_int(row, 0, BI_WINIT, 0)) {
			o->why = BW_WATER;
			goto refuse;
		}
		if (c->electric < db_int(row, 0, BI_EINIT, 0)) {
			o->why = BW_ELECTRIC;
			goto refuse;
		}
		total = total_of(row, c->water, c->electric);
		if (c->given >= 0 && c->given != total) {
			o->why = BW_TOTAL;
			o->total = total;
			goto refuse;
		}
		a[0] = DB_INT(c->water);
		a[1] = DB_INT(c->electric);
		a[2] = DB_INT(total);
		a[3] = DB_INT(id);
		*rc = db_exec(app.db, Q_RB_SET, a, 4, NULL, NULL, NULL);
		break;
	case OP_MERGE:
		if (status != BS_SENT) {
			o->why = status == BS_PAID ? BW_PAID : BW_STATE;
			goto refuse;
		}
		merged = db_int(row, 0, BI_MAX, 0) + 1;
		if (merged > BILL_MERGE_MAX) {
			o->why = BW_MAX;
			goto refuse;
		}
		if (db_int(row, 0, BI_CSTATE, 0) != 1) {
			o->why = BW_ENDED;
			goto refuse;
		}
		a[0] = DB_INT(id);
		if ((*rc = db_exec(app.db, Q_RB_MERGED, a, 1, NULL, &n,
		                   NULL)) != DB_OK)
			break;
		*rc = bills_make(db_int(row, 0, BI_CONTRACT, 0),
		                 db_str(row, 0, BI_BEGIN),
		                 db_int(row, 0, BI_PERIOD, 0) + 1,
		                 db_int(row, 0, BI_WCUR, 0),
		                 db_int(row, 0, BI_ECUR, 0),
		                 db_int(row, 0, BI_TOTAL, 0), merged, &o->next);
		break;
	case OP_PAY:
		if (status != BS_SENT) {
			o->why = status == BS_PAID ? BW_PAID : BW_STATE;
			goto refuse;
		}
		*rc = settle(row, c->pay, &o->next);
		break;
	}
	db_res_free(row);
	row = NULL;
	if (*rc == DB_OK)
		*rc = db_commit(app.db);
	if (*rc == DB_OK) {
		if (c->op != OP_SET)
			log_info("bill %lld %s by user %lld; next bill %lld",
			         id, c->op == OP_MERGE ? "merged" : "paid", uid,
			         o->next);
		return ST_OK;
	}
	db_rollback(app.db);
	/* The lock makes a second change of the bill wait and then see the
	 * first; the unique period is the backstop. */
	if (*rc == DB_DUP) {
		o->why = BW_STATE;
		return ST_CONFLICT;
	}
	return *rc == DB_RETRY ? ST_DB : app_db_status(*rc, "bill change");
refuse:
	db_rollback(app.db);
	db_res_free(row);
	return st;
}

static enum status
change(long long uid, long long id, const struct change *c,
       struct bill_outcome *o)
{
	enum status st = ST_DB;
	int rc = DB_OK, tries;

	/* app_tx_again, not rc alone: bills_lock's own failures too. */
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		st = change_once(uid, id, c, o, &rc);
		if (!app_tx_again(st, tries))
			return st;
	}
	return app_db_status(rc, "bill change");
}

enum status
bills_set(long long uid, long long id, long long water, long long electric,
          long long given, struct bill_outcome *o)
{
	struct change c = {.op = OP_SET,
	                   .water = water,
	                   .electric = electric,
	                   .given = given};

	return change(uid, id, &c, o);
}

enum status
bills_merge(long long uid, long long id, struct bill_outcome *o)
{
	struct change c = {.op = OP_MERGE};

	return change(uid, id, &c, o);
}

enum status
bills_pay(long long uid, long long id, int pay, struct bill_outcome *o)
{
	struct change c = {.op = OP_PAY, .pay = pay};

	return change(uid, id, &c, o);
}

int
bills_settle_trade(long long id, long long fen, int *settled)
{
	struct db_val a = DB_INT(id);
	struct db_res *row = NULL;
	long long next = 0;
	int rc;

	*settled = 0;
	if ((rc = db_exec(app.db, Q_RB_LOCK, &a, 1, &row, NULL, NULL)) != DB_OK)
		return rc;
	if (row->nrows == 1 && db_int(row, 0, BI_STATUS, 0) == BS_SENT &&
	    db_cell(row, 0, BI_TOTAL)->t != DBT_NULL &&
	    db_int(row, 0, BI_TOTAL, -1) == fen) {
		if ((rc = settle(row, 2, &next)) == DB_OK) {
			*settled = 1;
			log_info("bill %lld paid online; next bill %lld", id,
			         next);
		}
	}
	db_res_free(row);
	return rc;
}
