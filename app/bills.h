/* Monthly bills of rental contracts (rental.md 5): bill k of a contract
 * covers [begin + k months, begin + k + 1 months), always counted from the
 * begin date; prices from the contract's snapshot, readings in tenths,
 * money in fen.  A bill is 0 open, 1 sent (readings set, total kept),
 * 2 paid, 3 merged into the next.  The next period's bill is made when a
 * bill is paid (nothing carried) or merged (its total carried), once:
 * the bill row is locked for the change and UNIQUE (contract_id, period)
 * backs it. */
#ifndef ZF_BILLS_H
#define ZF_BILLS_H

#include "app.h"

/* Columns of a bill row (Q_RB_GET, Q_RB_LOCK, Q_RB_PAGE): the bill object,
 * then what the rules need of its contract. */
enum {
	BI_ID,
	BI_CONTRACT,
	BI_ROOM,
	BI_NAME,
	BI_START, /* YYYY-MM-DD */
	BI_END,   /* the next period's start */
	BI_RENT,
	BI_CLEAR,
	BI_NET,
	BI_WPRICE,
	BI_WINIT,
	BI_WCUR, /* NULL until set */
	BI_EPRICE,
	BI_EINIT,
	BI_ECUR,
	BI_BEFORE,
	BI_MAX,   /* times merged (carried) */
	BI_TOTAL, /* NULL until set */
	BI_STATUS,
	BI_PAY,  /* NULL until paid */
	BI_PAID, /* China time, NULL until paid */
	BI_LANDLORD,
	BI_TENANT,
	BI_PERIOD,
	BI_BEGIN,  /* the contract's begin date */
	BI_CSTATE, /* the contract's state */
	BI__MAX
};

enum bill_status { BS_OPEN, BS_SENT, BS_PAID, BS_MERGED };

/* How many times debts may be carried into one bill (the document's max). */
#define BILL_MERGE_MAX 3

/* Why a change was refused (with ST_CONFLICT or ST_PARAM). */
enum bill_why {
	BW_NONE,
	BW_STATE,    /* ST_CONFLICT: not in a state that allows it */
	BW_PAID,     /* ST_CONFLICT: already paid */
	BW_MAX,      /* ST_CONFLICT: merging would carry more than 3 times */
	BW_ENDED,    /* ST_CONFLICT: the contract is not live */
	BW_WATER,    /* ST_PARAM: the water reading is below init */
	BW_ELECTRIC, /* ST_PARAM: the electricity reading is below init */
	BW_TOTAL     /* ST_PARAM: the client's total is not ours (total) */
};

struct bill_outcome {
	enum bill_why why;
	int status;      /* the bill's status when refused */
	long long total; /* BW_TOTAL: the right total (fen) */
	long long next;  /* the next period's bill made, 0 when none */
};

/* Make bill period of contract (begin: its begin date, YYYY-MM-DD) with
 * those init readings (tenths), carried before (fen) and merged count,
 * inside the caller's transaction; *id (may be NULL) gets its id.  A
 * DB_* code (DB_DUP: that period has its bill already). */
int bills_make(long long contract, const char *begin, long long period,
               long long water_init, long long electric_init, long long before,
               long long merged, long long *id);

/* The bills of building of landlord uid, newest period first: page (from
 * 1) of size in *rows (BI_*, the caller frees), all of them in *count.
 * ST_OK; ST_NOT_FOUND not uid's building; ST_DB. */
enum status bills_page(long long uid, long long building, long long page,
                       long long size, struct db_res **rows, long long *count);

/* Bill id (BI_*) in *row (the caller frees) for its landlord or its
 * contract's tenant: ST_OK; ST_NOT_FOUND otherwise or none; ST_DB. */
enum status bills_get(long long uid, long long id, struct db_res **row);

/* Begin a transaction and lock bill id and its contract: ST_OK with the
 * row (BI_*) in *row inside the open transaction (the caller frees it and
 * commits or rolls back); ST_NOT_FOUND or ST_DB after the rollback. */
enum status bills_lock(long long id, struct db_res **row);

/* The landlord's readings of bill id (status 0 or 1), tenths: the total
 * computed here; given (fen, -1 for none) must equal it.  Then status 1
 * with the total kept.  ST_OK; ST_NOT_FOUND not visible; ST_FORBIDDEN
 * the tenant's; ST_CONFLICT / ST_PARAM (o->why); ST_DB. */
enum status bills_set(long long uid, long long id, long long water,
                      long long electric, long long given,
                      struct bill_outcome *o);

/* Merge sent bill id into the next period's, made now with its total
 * carried, its readings as init and max + 1 (at most BILL_MERGE_MAX), the
 * bill status 3; o->next the new bill.  Outcomes as bills_set. */
enum status bills_merge(long long uid, long long id, struct bill_outcome *o);

/* The landlord records the payment of sent bill id (pay 0 WeChat, 1 bank,
 * 2 Alipay, 3 cash): status 2, paid now, and the next period's bill made
 * (nothing carried, max 0, its readings as init) unless the contract
 * ended; o->next the new bill or 0.  Outcomes as bills_set (BW_PAID). */
enum status bills_pay(long long uid, long long id, int pay,
                      struct bill_outcome *o);

/* Inside the caller's transaction (the online payment's notify): settle
 * bill id as bills_pay with pay 2 when it is sent and its total is fen;
 * *settled 1 then, 0 when it is no longer payable so (the money is to be
 * refunded).  A DB_* code. */
int bills_settle_trade(long long id, long long fen, int *settled);

#endif
