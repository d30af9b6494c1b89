/* QSZ's viewing requests (qsz.md 6) over app/viewings: ask to view a
 * released listing, list requests as renter or owner, cancel an unpaid
 * one.  Paying is in alipay.c, over app/payments. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "qsz.h"
#include "qsz/handlers.h"
#include "viewings.h"

enum status
qsz_preorder_refusal(struct resp *res, enum status st, long long id, int state,
                     const char *verb)
{
	switch (st) {
	case ST_NOT_FOUND:
		return resp_fail(res, ST_NOT_FOUND, "pre_order %lld not found",
		                 id);
	case ST_FORBIDDEN:
		return resp_fail(res, ST_FORBIDDEN,
		                 "not the renter of pre_order %lld", id);
	case ST_CONFLICT:
		return resp_fail(res, ST_CONFLICT,
		                 "pre_order %lld is %s; only an unpaid request "
		                 "can be %s",
		                 id, viewings_state_word(state), verb);
	default:
		return st;
	}
}

/* ---- /order/create_preorder ------------------------------------------ */

enum { C_OWNER, C_HOUSE };

const struct pspec h_orders_create_params[] = {
        [C_OWNER] = PARAM_INT("owner_id", PF_REQUIRED, 1, LLONG_MAX),
        [C_HOUSE] = PARAM_INT("house_id", PF_REQUIRED, 1, LLONG_MAX),
        PARAM_END,
};

enum status
h_orders_create(struct req *r, struct resp *res)
{
	long long owner = r->p[C_OWNER].i, house = r->p[C_HOUSE].i, id = 0;
	enum viewing_refusal why;
	enum status st;

	st = viewings_create(r->uid, owner, house, &id, &why);
	switch (why) {
	case VR_NONE:
		break;
	case VR_NO_HOUSE:
		return resp_fail(res, st, "house %lld not found", house);
	case VR_OTHER_OWNER:
		return resp_fail(res, st, "house %lld of owner %lld not found",
		                 house, owner);
	case VR_OWN:
		return resp_fail(res, st, "house %lld is your own listing",
		                 house);
	case VR_NOT_RELEASED:
		return resp_fail(res, st, "house %lld is not released", house);
	case VR_RACE:
		return resp_fail(res, st, "try again");
	}
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

enum status
h_orders_list(struct req *r, struct resp *res)
{
	int owner = r->p[L_ROLE].set && r->p[L_ROLE].i == 1;
	struct db_res *rows = NULL, *photos = NULL;
	cJSON *list, *o, **first;
	enum status st;
	size_t i, j;

	st = viewings_list(
	        r->uid, owner, r->p[L_SHIFT].set ? r->p[L_SHIFT].i : 0,
	        r->p[L_COUNT].set ? r->p[L_COUNT].i : LIST_COUNT_DEFAULT, &rows,
	        &photos);
	if (st != ST_OK)
		return st;
	list = cJSON_CreateArray();
	first = xcalloc(rows->nrows + 1, sizeof(*first));
	for (i = 0; i < rows->nrows; i++) {
		int state = (int)db_int(rows, i, VL_STATE, 0);

		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "pre_order_id",
		                        (double)db_int(rows, i, VL_ID, 0));
		cJSON_AddNumberToObject(o, "house_id",
		                        (double)db_int(rows, i, VL_HOUSE, 0));
		cJSON_AddNumberToObject(o, "renter_id",
		                        (double)db_int(rows, i, VL_RENTER, 0));
		cJSON_AddNumberToObject(o, "owner_id",
		                        (double)db_int(rows, i, VL_OWNER, 0));
		cJSON_AddNumberToObject(o, "state", state);
		cJSON_AddStringToObject(o, "state_name",
		                        viewings_state_word(state));
		cJSON_AddItemToObject(o, "description_title",
		                      app_cell_str(rows, i, VL_TITLE));
		cJSON_AddItemToObject(o, "house_rent",
		                      app_cell_int(rows, i, VL_RENT));
		cJSON_AddItemToObject(o, "create_time",
		                      app_cell_str(rows, i, VL_CREATED));
		cJSON_AddItemToObject(o, "paid_time",
		                      app_cell_str(rows, i, VL_PAID));
		cJSON_AddNullToObject(o, "house_photo");
		first[i] = o;
		cJSON_AddItemToArray(list, o);
	}
	for (j = 0; photos != NULL && j < photos->nrows; j++) {
		long long hid = db_int(photos, j, VP_HOUSE, 0);

		for (i = 0; i < rows->nrows; i++) {
			cJSON *p;

			if (db_int(rows, i, VL_HOUSE, 0) != hid)
				continue;
			p = cJSON_CreateObject();
			cJSON_AddNumberToObject(
			        p, "id", (double)db_int(photos, j, VP_ID, 0));
			cJSON_AddStringToObject(p, "url",
			                        db_str(photos, j, VP_URL));
			cJSON_ReplaceItemInObject(first[i], "house_photo", p);
		}
	}
	free(first);
	resp_ans(res, list);
	db_res_free(rows);
	db_res_free(photos);
	return ST_OK;
}

/* ---- /order/cancel_preorder ------------------------------------------ */

const struct pspec h_orders_cancel_params[] = {
        PARAM_INT("pre_order_id", PF_REQUIRED, 1, LLONG_MAX),
        PARAM_END,
};

enum status
h_orders_cancel(struct req *r, struct resp *res)
{
	long long id = r->p[0].i;
	enum status st;
	int state;

	st = viewings_cancel(id, r->uid, &state);
	if (st != ST_OK)
		return qsz_preorder_refusal(res, st, id, state, "cancelled");
	return ST_OK;
}
