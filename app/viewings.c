/* Viewing requests (qsz.md 6), their statements in schema.c. */
#include "buf.h"
#include "log.h"
#include "schema.h"
#include "viewings.h"

static const char *const state_word[] = {
        "",         "created",   "paid", "viewed", "refund asked",
        "refunded", "cancelled",
};

const char *
viewings_state_word(int state)
{
	return state >= 1 && state <= 6 ? state_word[state] : "unknown";
}

/* The open request of renter for house into *id: 1, 0 if none, or -1
 * after a failure (*st set). */
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
viewings_create(long long renter, long long owner, long long house,
                long long *id, enum viewing_refusal *why)
{
	struct db_val a[3] = {DB_INT(house)};
	struct db_res *rows = NULL;
	uint64_t new_id = 0;
	enum status st = ST_OK;
	int rc, status, found;

	*id = 0;
	*why = VR_NONE;
	if ((rc = db_exec(app.db, Q_PREORDER_HOUSE, a, 1, &rows, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "preorder house");
	/* Drafts and deleted listings are nobody's business but the owner's:
	 * not found, like a listing of another owner. */
	status = rows->nrows == 1 ? (int)db_int(rows, 0, 1, -1) : -1;
	if (status != 1 && status != 2) {
		db_res_free(rows);
		*why = VR_NO_HOUSE;
		return ST_NOT_FOUND;
	}
	if (db_int(rows, 0, 0, 0) != owner) {
		db_res_free(rows);
		*why = VR_OTHER_OWNER;
		return ST_NOT_FOUND;
	}
	db_res_free(rows);
	if (owner == renter) {
		*why = VR_OWN;
		return ST_FORBIDDEN;
	}
	if (status != 1) {
		*why = VR_NOT_RELEASED;
		return ST_CONFLICT;
	}

	/* One open request per renter and listing (the unique key decides
	 * between two at once): asking again answers the one open. */
	if ((found = open_request(renter, house, id, &st)) != 0)
		return found < 0 ? st : ST_OK;
	a[0] = DB_INT(renter);
	a[1] = DB_INT(owner);
	a[2] = DB_INT(house);
	rc = db_exec(app.db, Q_PREORDER_INSERT, a, 3, NULL, NULL, &new_id);
	if (rc == DB_DUP) {
		if ((found = open_request(renter, house, id, &st)) == 0) {
			*why = VR_RACE;
			return ST_CONFLICT;
		}
		return found < 0 ? st : ST_OK;
	}
	if (rc != DB_OK)
		return app_db_status(rc, "preorder");
	*id = (long long)new_id;
	log_info("preorder %lld: user %lld asks to view house %lld", *id,
	         renter, house);
	return ST_OK;
}

enum status
viewings_list(long long uid, int owner, long long shift, long long count,
              struct db_res **rows, struct db_res **photos)
{
	struct db_val a[3] = {DB_INT(uid), DB_INT(shift), DB_INT(count)};
	struct buf ids = {0};
	enum status st = ST_OK;
	size_t i;
	int rc;

	*rows = *photos = NULL;
	if ((rc = db_exec(app.db,
	                  owner ? Q_PREORDER_LIST_OWNER
	                        : Q_PREORDER_LIST_RENTER,
	                  a, 3, rows, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "preorder list");
	if ((*rows)->nrows == 0)
		return ST_OK;
	/* The first photo of every listing of the page in one query. */
	buf_addc(&ids, '[');
	for (i = 0; i < (*rows)->nrows; i++)
		buf_addf(&ids, "%s%lld", i ? "," : "",
		         db_int(*rows, i, VL_HOUSE, 0));
	buf_addc(&ids, ']');
	a[0] = DB_TEXT(ids.p, ids.len);
	if ((rc = db_exec(app.db, Q_PREORDER_FIRST_PHOTOS, a, 1, photos, NULL,
	                  NULL)) != DB_OK) {
		st = app_db_status(rc, "preorder photos");
		db_res_free(*rows);
		*rows = NULL;
	}
	buf_free(&ids);
	return st;
}

enum status
viewings_lock(long long id, long long uid, struct db_res **row)
{
	return app_lock_owned(Q_PREORDER_LOCK, id, uid, PO_RENTER, -1, 0,
	                      "preorder lock", row);
}

static enum status
cancel_once(long long id, long long uid, int *state)
{
	struct db_res *row = NULL;
	struct db_val a[3];
	enum status st;
	int rc;

	*state = 0;
	if ((st = viewings_lock(id, uid, &row)) != ST_OK)
		return st;
	*state = (int)db_int(row, 0, PO_STATE, 0);
	db_res_free(row);
	if (*state != PO_CREATED) {
		db_rollback(app.db);
		return ST_CONFLICT;
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

enum status
viewings_cancel(long long id, long long uid, int *state)
{
	enum status st;
	int attempt = 0;

	do
		st = cancel_once(id, uid, state);
	while (app_tx_again(st, attempt++));
	return st;
}
