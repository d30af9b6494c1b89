/* Rental contracts (rental.md 4): a landlord initialises one for a room
 * (a snapshot of the stored room and the move-in readings), a tenant signs
 * it: in one transaction with the room locked, the contract becomes live,
 * the room rented, the room's other waiting contracts expire and the first
 * bill is made.  At most one live contract a room (the room lock, and the
 * unique live_room key behind it).  States: 0 waiting for the tenant,
 * 1 signed, 2 ended, 3 expired. */
#ifndef ZF_CONTRACTS_H
#define ZF_CONTRACTS_H

#include "app.h"
#include "rentcalc.h"

/* Columns of a contract row (Q_RC_GET, Q_RC_OF_TENANT). */
enum {
	CT_ID,
	CT_ROOM,
	CT_NAME,
	CT_STATE,
	CT_BEGIN, /* YYYY-MM-DD */
	CT_END,   /* YYYY-MM-DD, NULL while not ended */
	CT_TYPE,
	CT_BATHROOM,
	CT_AIR,
	CT_GEYSER,
	CT_GAS,
	CT_BROADBAND,
	CT_CLEAR, /* fen */
	CT_RENT,
	CT_NET,
	CT_ELECTRICITY,
	CT_WATER,
	CT_BASE_ELECTRIC, /* tenths */
	CT_BASE_WATER,
	CT_PERSONS,
	CT_TENANT,
	CT_LANDLORD,
	CT_BILL, /* the newest bill, NULL before the signature */
	CT_BUILDING,
	CT_BUILDING_NAME,
	CT__MAX
};

enum contract_state { CS_WAITING, CS_SIGNED, CS_ENDED, CS_EXPIRED };

/* The room as the client last saw it: its copies must equal the stored
 * room (the snapshot is always the stored one). */
struct contract_room {
	const char *name;
	long long type;
	long long config[5]; /* bathroom, air_condition, geyser, gas,
	                      * broadband */
	long long cost[5];   /* clear, rent, net, electricity, water (fen) */
};

/* Initialise a contract of room of landlord uid beginning begin, with the
 * move-in readings (tenths): ST_OK with *id; ST_NOT_FOUND not uid's room;
 * ST_CONFLICT the room is rented or has a live contract; ST_PARAM the
 * client's copy is not the stored room; ST_DB. */
enum status contracts_init(long long uid, long long room, struct rdate begin,
                           long long electric, long long water,
                           const struct contract_room *seen, long long *id);

/* Sign contract id as tenant uid: persons, phone and ID number (NULL when
 * not given).  ST_OK; ST_NOT_FOUND; ST_FORBIDDEN uid is its landlord;
 * ST_CONFLICT not waiting (*state: its state, 3 also when it just expired
 * unsigned after rental_contract_sign_s) or the room is taken meanwhile;
 * ST_INTERNAL; ST_DB. */
enum status contracts_sign(long long uid, long long id, long long persons,
                           const char *phone, const char *idcard, int *state);

/* Contract id (CT_*) in *row (the caller frees) for its landlord or tenant:
 * ST_OK; ST_NOT_FOUND otherwise or none; ST_DB. */
enum status contracts_get(long long uid, long long id, struct db_res **row);

/* The live contract of tenant uid (CT_*) in *row, no row when none (the
 * caller frees): ST_OK; ST_DB. */
enum status contracts_of_tenant(long long uid, struct db_res **row);

#endif
