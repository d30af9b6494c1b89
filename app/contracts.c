/* Rental contracts (rental.md 4).  Statements in schema.c (Q_RC_*). */
#include <stdio.h>
#include <string.h>

#include "bills.h"
#include "contracts.h"
#include "crypto.h"
#include "log.h"
#include "schema.h"

/* Columns of Q_RC_ROOM_LOCK. */
enum { RR_LANDLORD, RR_STATUS, RR_BUILDING, RR_NAME, RR_TYPE, RR_CONFIG };
#define RR_COST (RR_CONFIG + 5)

/* Columns of Q_RC_LOCK. */
enum {
	CL_STATE,
	CL_AGE,
	CL_BEGIN,
	CL_WATER,
	CL_ELECTRIC,
	CL_LANDLORD,
	CL_ROOM
};

/* 1 when the client's copy is the stored room of row. */
static int
same_room(const struct db_res *row, const struct contract_room *seen)
{
	const char *name = db_str(row, 0, RR_NAME);
	int i;

	if (name == NULL || seen->name == NULL ||
	    strcmp(name, seen->name) != 0 ||
	    db_int(row, 0, RR_TYPE, -1) != seen->type)
		return 0;
	for (i = 0; i < 5; i++)
		if (db_int(row, 0, (size_t)(RR_CONFIG + i), -1) !=
		            seen->config[i] ||
		    db_int(row, 0, (size_t)(RR_COST + i), -1) != seen->cost[i])
			return 0;
	return 1;
}

static enum status
init_once(long long uid, long long room, struct rdate begin, long long electric,
          long long water, const struct contract_room *seen, long long *id)
{
	struct db_res *row = NULL, *live = NULL;
	struct db_val a[4];
	char date[16];
	uint64_t new_id = 0;
	enum status st;
	int rc;

	*id = 0;
	/* The room is locked while it is checked and copied, so a signature
	 * or an edit cannot slip in between. */
	st = app_lock_owned(Q_RC_ROOM_LOCK, room, uid, RR_LANDLORD, -1, 0,
	                    "contract room", &row);
	if (st == ST_FORBIDDEN)
		return ST_NOT_FOUND; /* another landlord's room is not visible
		                      */
	if (st != ST_OK)
		return st;
	st = ST_CONFLICT;
	if (db_int(row, 0, RR_STATUS, 0) == 2)
		goto refuse;
	a[0] = DB_INT(room);
	if ((rc = db_exec(app.db, Q_RC_ROOM_LIVE, a, 1, &live, NULL, NULL)) !=
	    DB_OK)
		goto fail;
	if (db_int(live, 0, 0, 0) != 0)
		goto refuse;
	if (!same_room(row, seen)) {
		st = ST_PARAM;
		goto refuse;
	}
	snprintf(date, sizeof(date), "%04u-%02u-%02u",
	         (unsigned)begin.y % 10000u, (unsigned)begin.m % 100u,
	         (unsigned)begin.d % 100u);
	a[0] = DB_STR(date);
	a[1] = DB_INT(electric);
	a[2] = DB_INT(water);
	a[3] = DB_INT(room);
	if ((rc = db_exec(app.db, Q_RC_INSERT, a, 4, NULL, NULL, &new_id)) !=
	            DB_OK ||
	    (rc = db_commit(app.db)) != DB_OK)
		goto fail;
	db_res_free(row);
	db_res_free(live);
	*id = (long long)new_id;
	log_info("contract %lld of room %lld by user %lld", *id, room, uid);
	return ST_OK;
fail:
	st = app_db_status(rc, "contract init");
refuse:
	db_rollback(app.db);
	db_res_free(row);
	db_res_free(live);
	return st;
}

enum status
contracts_init(long long uid, long long room, struct rdate begin,
               long long electric, long long water,
               const struct contract_room *seen, long long *id)
{
	enum status st;
	int attempt = 0;

	do
		st = init_once(uid, room, begin, electric, water, seen, id);
	while (app_tx_again(st, attempt++));
	return st;
}

/* One try of the signature; *rc the failing DB_* code. */
static enum status
sign_once(long long uid, long long id, long long room, long long persons,
          const char *phone, const unsigned char *sealed, long nsealed,
          int *state, int *rc)
{
	struct db_res *row = NULL;
	struct db_val a[5];
	long long bill = 0;
	uint64_t n = 0;
	enum status st = ST_CONFLICT;

	*rc = DB_OK;
	/* The room first, then the contract: two signatures for one room
	 * (of one contract or of two) run one after the other. */
	a[0] = DB_INT(room);
	if ((*rc = db_begin(app.db)) != DB_OK ||
	    (*rc = db_exec(app.db, Q_RC_ROOM_LOCK, a, 1, &row, NULL, NULL)) !=
	            DB_OK)
		goto fail;
	if (row->nrows != 1) {
		st = ST_NOT_FOUND;
		goto refuse;
	}
	db_res_free(row);
	row = NULL;
	a[0] = DB_INT(id);
	if ((*rc = db_exec(app.db, Q_RC_LOCK, a, 1, &row, NULL, NULL)) != DB_OK)
		goto fail;
	if (row->nrows != 1) {
		st = ST_NOT_FOUND;
		goto refuse;
	}
	*state = (int)db_int(row, 0, CL_STATE, 0);
	if (*state != CS_WAITING)
		goto refuse;
	if (db_int(row, 0, CL_AGE, 0) > app.cfg.rental_contract_sign_s) {
		/* Too late: it expires now, for everyone. */
		*state = CS_EXPIRED;
		if ((*rc = db_exec(app.db, Q_RC_EXPIRE, a, 1, NULL, NULL,
		                   NULL)) != DB_OK ||
		    (*rc = db_commit(app.db)) != DB_OK)
			goto fail;
		db_res_free(row);
		log_info("contract %lld expired unsigned", id);
		return ST_CONFLICT;
	}
	a[0] = DB_INT(uid);
	a[1] = DB_INT(persons);
	a[2] = DB_STR(phone);
	a[3] = nsealed > 0 ? DB_BLOB(sealed, (size_t)nsealed) : DB_NULLV;
	a[4] = DB_INT(id);
	if ((*rc = db_exec(app.db, Q_RC_SIGN, a, 5, NULL, &n, NULL)) != DB_OK)
		goto fail;
	a[0] = DB_INT(room);
	a[1] = DB_INT(id);
	if ((*rc = db_exec(app.db, Q_RC_ROOM_RENTED, a, 1, NULL, NULL, NULL)) !=
	            DB_OK ||
	    (*rc = db_exec(app.db, Q_RC_EXPIRE_OTHERS, a, 2, NULL, NULL,
	                   NULL)) != DB_OK ||
	    (*rc = bills_make(id, db_str(row, 0, CL_BEGIN), 0,
	                      db_int(row, 0, CL_WATER, 0),
	                      db_int(row, 0, CL_ELECTRIC, 0), 0, 0, &bill)) !=
	            DB_OK ||
	    (*rc = db_commit(app.db)) != DB_OK)
		goto fail;
	db_res_free(row);
	*state = CS_SIGNED;
	log_info("contract %lld signed by user %lld; room %lld rented; bill "
	         "%lld",
	         id, uid, room, bill);
	return ST_OK;
fail:
	/* Another live contract of the room (the unique live_room key). */
	st = *rc == DB_DUP     ? ST_CONFLICT
	     : *rc == DB_RETRY ? ST_DB
	                       : app_db_status(*rc, "contract sign");
refuse:
	db_rollback(app.db);
	db_res_free(row);
	return st;
}

enum status
contracts_sign(long long uid, long long id, long long persons,
               const char *phone, const char *idcard, int *state)
{
	unsigned char sealed[32 + SEAL_OVERHEAD];
	struct db_res *head = NULL;
	struct db_val a = DB_INT(id);
	long long room;
	long nsealed = 0;
	enum status st = ST_DB;
	int rc, tries;

	*state = -1;
	if ((rc = db_exec(app.db, Q_RC_HEAD, &a, 1, &head, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "contract");
	if (head->nrows != 1) {
		db_res_free(head);
		return ST_NOT_FOUND;
	}
	room = db_int(head, 0, 0, 0);
	if (db_int(head, 0, 1, 0) == uid) {
		db_res_free(head);
		return ST_FORBIDDEN;
	}
	db_res_free(head);
	if (idcard != NULL &&
	    (nsealed = users_seal("contracts.idcard", uid, idcard, sealed,
	                          sizeof(sealed))) < 0)
		return ST_INTERNAL;
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		st = sign_once(uid, id, room, persons, phone, sealed, nsealed,
		               state, &rc);
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	crypto_wipe(sealed, sizeof(sealed));
	if (rc == DB_RETRY)
		return app_db_status(rc, "contract sign");
	return st;
}

enum status
contracts_get(long long uid, long long id, struct db_res **row)
{
	struct db_val a = DB_INT(id);
	int rc;

	*row = NULL;
	if ((rc = db_exec(app.db, Q_RC_GET, &a, 1, row, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "contract");
	if ((*row)->nrows == 1 && (db_int(*row, 0, CT_LANDLORD, 0) == uid ||
	                           db_int(*row, 0, CT_TENANT, -1) == uid))
		return ST_OK;
	db_res_free(*row);
	*row = NULL;
	return ST_NOT_FOUND;
}

enum status
contracts_of_tenant(long long uid, struct db_res **row)
{
	struct db_val a = DB_INT(uid);
	int rc;

	*row = NULL;
	if ((rc = db_exec(app.db, Q_RC_OF_TENANT, &a, 1, row, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "tenant contract");
	return ST_OK;
}
