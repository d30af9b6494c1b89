/* Short-stay bookings (ihome.md 7, migration 0008). */
#include <string.h>

#include "bookings.h"
#include "log.h"
#include "schema.h"
#include "stays.h"

/* The states, as stored and shown. */
static const char *const states[] = {
        "WAIT_ACCEPT", "WAIT_PAYMENT", "WAIT_COMMENT",
        "COMPLETE",    "REJECTED",     "CANCELED",
};

static const char *
state_word(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(s, states[i]) == 0)
			return states[i];
	return "UNKNOWN";
}

enum status
bookings_create(long long guest, long long house, long sd, long ed,
                long long *id, long long *min, long long *max)
{
	char sdt[11], edt[11];
	struct db_res *h = NULL, *o = NULL;
	struct db_val a[9];
	long long owner, price, nights = ed - sd;
	uint64_t bid = 0;
	enum status st = ST_DB;
	int rc = DB_OK, tries;

	*id = *min = *max = 0;
	stays_date_text(sd, sdt);
	stays_date_text(ed, edt);
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		a[0] = DB_INT(app.cfg.ihome_city_code);
		a[1] = DB_INT(house);
		if ((rc = db_begin(app.db)) != DB_OK ||
		    (rc = db_exec(app.db, Q_STAY_LOCK, a, 2, &h, NULL, NULL)) !=
		            DB_OK)
			goto retry;
		if (h->nrows != 1 || db_int(h, 0, 4, 0) != 1) {
			st = ST_NOT_FOUND;
			goto out;
		}
		owner = db_int(h, 0, 0, 0);
		price = db_int(h, 0, 1, 0);
		*min = db_int(h, 0, 2, 1);
		*max = db_int(h, 0, 3, 0);
		if (owner == guest) {
			st = ST_FORBIDDEN;
			goto out;
		}
		if (nights < *min || (*max > 0 && nights > *max)) {
			st = ST_PARAM;
			goto out;
		}
		a[0] = DB_INT(house);
		a[1] = DB_STR(edt);
		a[2] = DB_STR(sdt);
		if ((rc = db_exec(app.db, Q_BOOKING_OVERLAP, a, 3, &o, NULL,
		                  NULL)) != DB_OK)
			goto retry;
		if (o->nrows > 0) {
			st = ST_CONFLICT;
			goto out;
		}
		a[0] = DB_INT(house);
		a[1] = DB_INT(guest);
		a[2] = DB_INT(owner);
		a[3] = DB_STR(sdt);
		a[4] = DB_STR(edt);
		a[5] = DB_INT(nights);
		a[6] = DB_INT(price);
		a[7] = DB_INT(price * nights);
		a[8] = DB_INT(app.cfg.ihome_accept_ttl_s);
		if ((rc = db_exec(app.db, Q_BOOKING_INSERT, a, 9, NULL, NULL,
		                  &bid)) != DB_OK ||
		    (rc = db_commit(app.db)) != DB_OK)
			goto retry;
		db_res_free(h);
		db_res_free(o);
		*id = (long long)bid;
		log_info("booking %lld of house %lld by user %lld", *id, house,
		         guest);
		return ST_OK;
	retry:
		db_rollback(app.db);
		db_res_free(h);
		db_res_free(o);
		h = o = NULL;
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return app_db_status(rc, "booking");
out:
	db_rollback(app.db);
	db_res_free(h);
	db_res_free(o);
	return st;
}

enum status
bookings_list(long long uid, int owner, long long page, struct db_res **rows,
              long long *total)
{
	struct db_val a[3] = {DB_INT(uid), DB_INT(app.cfg.ihome_page_size),
	                      DB_INT((page - 1) * app.cfg.ihome_page_size)};
	struct db_res *cnt = NULL;
	int rc;

	*rows = NULL;
	rc = db_exec(app.db,
	             owner ? Q_BOOKING_COUNT_OWNER : Q_BOOKING_COUNT_GUEST, a,
	             1, &cnt, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "bookings count");
	*total = db_int(cnt, 0, 0, 0);
	db_res_free(cnt);
	rc = db_exec(app.db,
	             owner ? Q_BOOKING_LIST_OWNER : Q_BOOKING_LIST_GUEST, a, 3,
	             rows, NULL, NULL);
	return rc == DB_OK ? ST_OK : app_db_status(rc, "bookings");
}

enum status
bookings_lock(long long id, struct db_res **row)
{
	struct db_val a = DB_INT(id);
	int rc, pass;

	*row = NULL;
	for (pass = 0; pass < 2; pass++) {
		if ((rc = db_begin(app.db)) != DB_OK ||
		    (rc = db_exec(app.db, Q_BOOKING_LOCK, &a, 1, row, NULL,
		                  NULL)) != DB_OK)
			goto fail;
		if ((*row)->nrows != 1) {
			db_rollback(app.db);
			db_res_free(*row);
			*row = NULL;
			return ST_NOT_FOUND;
		}
		if (pass > 0 ||
		    strcmp(db_str(*row, 0, BL_STATUS), "CANCELED") != 0)
			return ST_OK;
		/* A lapsed hold is written so by the first request that
		 * touches it (a no-op when it was already). */
		db_res_free(*row);
		*row = NULL;
		if ((rc = db_exec(app.db, Q_BOOKING_LAPSE, &a, 1, NULL, NULL,
		                  NULL)) != DB_OK ||
		    (rc = db_commit(app.db)) != DB_OK)
			goto fail;
	}
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(*row);
	*row = NULL;
	return app_db_status(rc, "booking lock");
}

/* Set booking id's state (and hold, reason, review) and commit. */
static enum status
set_state(long long id, const char *to, long long hold_s, const char *reason,
          const char *review)
{
	struct db_val a[7];
	int rc;

	a[0] = DB_STR(to);
	a[1] = a[2] = hold_s > 0 ? DB_INT(hold_s) : DB_NULLV;
	a[3] = DB_STR(reason);
	a[4] = a[5] = DB_STR(review);
	a[6] = DB_INT(id);
	if ((rc = db_exec(app.db, Q_BOOKING_SET, a, 7, NULL, NULL, NULL)) !=
	            DB_OK ||
	    (rc = db_commit(app.db)) != DB_OK) {
		db_rollback(app.db);
		return app_db_status(rc, "booking change");
	}
	log_info("booking %lld: %s", id, to);
	return ST_OK;
}

static enum status
act_once(long long uid, long long id, enum booking_action act,
         const char *reason, const char **state)
{
	struct db_res *row = NULL;
	const char *now;
	long long who;
	enum status st;

	*state = NULL;
	if ((st = bookings_lock(id, &row)) != ST_OK)
		return st;
	now = state_word(db_str(row, 0, BL_STATUS));
	who = db_int(row, 0, act == BA_CANCEL ? BL_GUEST : BL_OWNER, 0);
	db_res_free(row);
	*state = now;
	if (who != uid) {
		db_rollback(app.db);
		return ST_FORBIDDEN;
	}
	switch (act) {
	case BA_ACCEPT:
		if (strcmp(now, "WAIT_ACCEPT") != 0)
			break;
		return set_state(id, "WAIT_PAYMENT",
		                 app.cfg.ihome_payment_ttl_s, NULL, NULL);
	case BA_REJECT:
		if (strcmp(now, "WAIT_ACCEPT") != 0)
			break;
		return set_state(id, "REJECTED", 0, reason, NULL);
	case BA_CANCEL:
		if (strcmp(now, "WAIT_ACCEPT") != 0 &&
		    strcmp(now, "WAIT_PAYMENT") != 0)
			break;
		return set_state(id, "CANCELED", 0, NULL, NULL);
	}
	db_rollback(app.db);
	return ST_CONFLICT;
}

enum status
bookings_act(long long uid, long long id, enum booking_action act,
             const char *reason, const char **state)
{
	enum status st;
	int attempt = 0;

	do
		st = act_once(uid, id, act, reason, state);
	while (app_tx_again(st, attempt++));
	return st;
}

static enum status
comment_once(long long uid, long long id, const char *text, const char **state)
{
	struct db_res *row = NULL;
	long long guest, house;
	struct db_val a;
	enum status st;
	int rc;

	*state = NULL;
	if ((st = bookings_lock(id, &row)) != ST_OK)
		return st;
	*state = state_word(db_str(row, 0, BL_STATUS));
	guest = db_int(row, 0, BL_GUEST, 0);
	house = db_int(row, 0, BL_HOUSE, 0);
	db_res_free(row);
	if (guest != uid) {
		db_rollback(app.db);
		return ST_FORBIDDEN;
	}
	if (strcmp(*state, "WAIT_COMMENT") != 0) {
		db_rollback(app.db);
		return ST_CONFLICT;
	}
	a = DB_INT(house);
	if ((rc = db_exec(app.db, Q_STAY_ORDER_COUNT_ADD, &a, 1, NULL, NULL,
	                  NULL)) != DB_OK) {
		db_rollback(app.db);
		return app_db_status(rc, "order count");
	}
	return set_state(id, "COMPLETE", 0, NULL, text);
}

enum status
bookings_comment(long long uid, long long id, const char *text,
                 const char **state)
{
	enum status st;
	int attempt = 0;

	do
		st = comment_once(uid, id, text, state);
	while (app_tx_again(st, attempt++));
	return st;
}
