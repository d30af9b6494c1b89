/* Viewing requests (qsz.md 6): a renter asks to view a released listing,
 * lists requests as renter or owner, cancels an unpaid one.  Paying is in
 * alipay.c. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "buf.h"
#include "qsz/handlers.h"
#include "log.h"
#include "orders.h"
#include "schema.h"

/* ---- /order/create_preorder ------------------------------------------ */

enum { C_OWNER, C_HOUSE };

const struct pspec h_orders_create_params[] = {
        [C_OWNER] = PARAM_INT("owner_id", PF_REQUIRED, 1, LLONG_MAX),
        [C_HOUSE] = PARAM_INT("house_id", PF_REQUIRED, 1, LLONG_MAX),
        PARAM_END,
};

/* The open request of the user for the listing into *id: 1, 0 if none, or
 * -1 after a failure (st set). */
static int
open_request(long long renter, long long house, long long *id, enum status *st)
{
	struct db_val a[2] = {DB_INT(renter), DB_INT(house)};
	struct db_res *rows = NULL;
	int rc, found;

	if ((rc = db_exec(app.db, Q_PREORDER_OPEN, a, 2, &rows, NULL, NULL)) !=
	    DB_OK) {
		*st = app_db_status(rc, "preorder");
		return -1;
	}
	found = rows->nrows == 1;
	if (found)
		*id = db_int(rows, 0, 0, 0);
	db_res_free(rows);
	return found;
}

enum status
h_orders_create(struct req *r, struct resp *res)
{
	long long owner = r->p[C_OWNER].i, house = r->p[C_HOUSE].i, id = 0;
	struct db_val a[3] = {DB_INT(house)};
	struct db_res *rows = NULL;
	uint64_t new_id = 0;
	enum status st = ST_OK;
	int rc, status;

	if ((rc = db_exec(app.db, Q_PREORDER_HOUSE, a, 1, &rows, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "preorder house");
	/* Drafts and deleted listings are nobody's business but the owner's:
	 * not found, like a listing of another owner. */
	status = rows->nrows == 1 ? (int)db_int(rows, 0, 1, -1) : -1;
	if (status != 1 && status != 2) {
		db_res_free(rows);
		return resp_fail(res, ST_NOT_FOUND, "house %lld not found",
		                 house);
	}
	if (db_int(rows, 0, 0, 0) != owner) {
		db_res_free(rows);
		return resp_fail(res, ST_NOT_FOUND,
		                 "house %lld of owner %lld not found", house,
		                 owner);
	}
	db_res_free(rows);
	if (owner == r->uid)
		return resp_fail(res, ST_FORBIDDEN,
		                 "house %lld is your own listing", house);
	if (status != 1)
		return resp_fail(res, ST_CONFLICT, "house %lld is not released",
		                 house);

	/* One open request per renter and listing (the unique key decides
	 * between two at once): asking again answers the one open. */
	if (open_request(r->uid, house, &id, &st) != 0)
		goto done;
	a[0] = DB_INT(r->uid);
	a[1] = DB_INT(owner);
	a[2] = DB_INT(house);
	rc = db_exec(app.db, Q_PREORDER_INSERT, a, 3, NULL, NULL, &new_id);
	if (rc == DB_DUP) {
		if (open_request(r->uid, house, &id, &st) == 0)
			st = resp_fail(res, ST_CONFLICT, "try again");
		goto done;
	}
	if (rc != DB_OK)
		return app_db_status(rc, "preorder");
	id = (long long)new_id;
	log_info("preorder %lld: user %lld asks to view house %lld", id, r->uid,
	         house);
done:
	if (st != ST_OK)
		return st;
	resp_ans(res, cJSON_CreateNumber((double)id));
	snprintf(res->msg, sizeof(res->msg), "OK");
	return ST_OK;
}

/* ---- /order/preorder_list -------------------------------------------- */

enum { L_ROLE, L_SHIFT, L_COUNT };

static const char *const roles[] = {"renter", "owner", NULL};

#define LIST_COUNT_DEFAULT 20
#define LIST_COUNT_MAX     100

const struct pspec h_orders_list_params[] = {
        [L_ROLE] = PARAM_CHOICE("role", PF_EMPTY, roles),
        [L_SHIFT] = PARAM_INT("shift", PF_EMPTY, 0, 1000000),
        [L_COUNT] = PARAM_INT("count", PF_EMPTY, 1, LIST_COUNT_MAX),
        PARAM_END,
};

/* Columns of Q_PREORDER_LIST_*. */
enum {
	O_ID,
	O_HOUSE,
	O_RENTER,
	O_OWNER,
	O_STATE,
	O_CREATED,
	O_PAID,
	O_TITLE,
	O_RENT
};

static cJSON *
str_or_null(const struct db_res *rows, size_t i, size_t col)
{
	const char *s = db_str(rows, i, col);

	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *
int_or_null(const struct db_res *rows, size_t i, size_t col)
{
	return db_cell(rows, i, col)->t == DBT_NULL
	               ? cJSON_CreateNull()
	               : cJSON_CreateNumber((double)db_int(rows, i, col, 0));
}

static const char *const state_word[] = {
        "",         "created",   "paid", "viewed", "refund asked",
        "refunded", "cancelled",
};

const char *
orders_state_word(int state)
{
	return state >= 1 && state <= 6 ? state_word[state] : "unknown";
}

enum status
h_orders_list(struct req *r, struct resp *res)
{
	int owner = r->p[L_ROLE].set && r->p[L_ROLE].i == 1;
	struct db_val a[3] = {
	        DB_INT(r->uid),
	        DB_INT(r->p[L_SHIFT].set ? r->p[L_SHIFT].i : 0),
	        DB_INT(r->p[L_COUNT].set ? r->p[L_COUNT].i
	                                 : LIST_COUNT_DEFAULT),
	};
	struct db_res *rows = NULL, *photos = NULL;
	cJSON *list, *o, **first;
	struct buf ids = {0};
	enum status st = ST_OK;
	size_t i, j;
	int rc;

	if ((rc = db_exec(app.db,
	                  owner ? Q_PREORDER_LIST_OWNER
	                        : Q_PREORDER_LIST_RENTER,
	                  a, 3, &rows, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "preorder list");
	/* The first photo of every listing of the page in one query. */
	buf_addc(&ids, '[');
	for (i = 0; i < rows->nrows; i++)
		buf_addf(&ids, "%s%lld", i ? "," : "",
		         db_int(rows, i, O_HOUSE, 0));
	buf_addc(&ids, ']');
	a[0] = DB_TEXT(ids.p, ids.len);
	if (rows->nrows > 0 &&
	    (rc = db_exec(app.db, Q_PREORDER_FIRST_PHOTOS, a, 1, &photos, NULL,
	                  NULL)) != DB_OK) {
		st = app_db_status(rc, "preorder photos");
		goto out;
	}
	list = cJSON_CreateArray();
	first = xcalloc(rows->nrows + 1, sizeof(*first));
	for (i = 0; i < rows->nrows; i++) {
		int state = (int)db_int(rows, i, O_STATE, 0);

		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "pre_order_id",
		                        (double)db_int(rows, i, O_ID, 0));
		cJSON_AddNumberToObject(o, "house_id",
		                        (double)db_int(rows, i, O_HOUSE, 0));
		cJSON_AddNumberToObject(o, "renter_id",
		                        (double)db_int(rows, i, O_RENTER, 0));
		cJSON_AddNumberToObject(o, "owner_id",
		                        (double)db_int(rows, i, O_OWNER, 0));
		cJSON_AddNumberToObject(o, "state", state);
		cJSON_AddStringToObject(o, "state_name",
		                        orders_state_word(state));
		cJSON_AddItemToObject(o, "description_title",
		                      str_or_null(rows, i, O_TITLE));
		cJSON_AddItemToObject(o, "house_rent",
		                      int_or_null(rows, i, O_RENT));
		cJSON_AddItemToObject(o, "create_time",
		                      str_or_null(rows, i, O_CREATED));
		cJSON_AddItemToObject(o, "paid_time",
		                      str_or_null(rows, i, O_PAID));
		cJSON_AddNullToObject(o, "house_photo");
		first[i] = o;
		cJSON_AddItemToArray(list, o);
	}
	for (j = 0; photos != NULL && j < photos->nrows; j++) {
		long long hid = db_int(photos, j, 0, 0);

		for (i = 0; i < rows->nrows; i++) {
			cJSON *p;

			if (db_int(rows, i, O_HOUSE, 0) != hid)
				continue;
			p = cJSON_CreateObject();
			cJSON_AddNumberToObject(
			        p, "id", (double)db_int(photos, j, 1, 0));
			cJSON_AddStringToObject(p, "url", db_str(photos, j, 2));
			cJSON_ReplaceItemInObject(first[i], "house_photo", p);
		}
	}
	free(first);
	resp_ans(res, list);
out:
	buf_free(&ids);
	db_res_free(rows);
	db_res_free(photos);
	return st;
}

/* ---- /order/cancel_preorder ------------------------------------------ */

const struct pspec h_orders_cancel_params[] = {
        PARAM_INT("pre_order_id", PF_REQUIRED, 1, LLONG_MAX),
        PARAM_END,
};

enum status
orders_lock(struct resp *res, long long id, long long uid, struct db_res **row)
{
	struct db_val a = DB_INT(id);
	enum status st;
	int rc;

	*row = NULL;
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_PREORDER_LOCK, &a, 1, row, NULL, NULL)) !=
	            DB_OK) {
		st = app_db_status(rc, "preorder lock");
		goto fail;
	}
	if ((*row)->nrows != 1) {
		st = resp_fail(res, ST_NOT_FOUND, "pre_order %lld not found",
		               id);
		goto fail;
	}
	if (db_int(*row, 0, PO_RENTER, 0) != uid) {
		st = resp_fail(res, ST_FORBIDDEN,
		               "not the renter of pre_order %lld", id);
		goto fail;
	}
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(*row);
	*row = NULL;
	return st;
}

enum status
h_orders_cancel(struct req *r, struct resp *res)
{
	long long id = r->p[0].i;
	struct db_res *row = NULL;
	struct db_val a[3];
	enum status st;
	int rc, state;

	if ((st = orders_lock(res, id, r->uid, &row)) != ST_OK)
		return st;
	state = (int)db_int(row, 0, PO_STATE, 0);
	db_res_free(row);
	if (state != PO_CREATED) {
		db_rollback(app.db);
		return resp_fail(res, ST_CONFLICT,
		                 "pre_order %lld is %s; only an unpaid request "
		                 "can be cancelled",
		                 id, orders_state_word(state));
	}
	a[0] = DB_INT(PO_CANCELLED);
	a[1] = DB_INT(id);
	a[2] = DB_INT(PO_CREATED);
	if ((rc = db_exec(app.db, Q_PREORDER_SET_STATE, a, 3, NULL, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_commit(app.db)) != DB_OK) {
		db_rollback(app.db);
		return app_db_status(rc, "preorder cancel");
	}
	log_info("preorder %lld cancelled by its renter", id);
	return ST_OK;
}
