/* Buildings and their rooms (rental.md 3, migrations 0013, 0015). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "buildings.h"
#include "jschema.h"
#include "log.h"
#include "schema.h"

const char *const buildings_flag_names[BLD_FLAGS] = {
        "bathroom", "air_condition", "geyser", "gas", "broadband",
};

/* The templates as stored: a JSON array of objects with the document's
 * member names, money in fen (integers, so reading it back is exact). */
static char *
templates_text(const struct bld_tpl *t, size_t n)
{
	struct buf b = {0};
	size_t i, k;

	buf_addc(&b, '[');
	for (i = 0; i < n; i++) {
		buf_addf(&b, "%s{\"unitType\":%d", i ? "," : "",
		         t[i].unit_type);
		for (k = 0; k < BLD_FLAGS; k++)
			buf_addf(&b, ",\"%s\":%d", buildings_flag_names[k],
			         t[i].flags[k] ? 1 : 0);
		buf_addf(&b, ",\"clear\":%lld,\"rent\":%lld}", t[i].clear,
		         t[i].rent);
	}
	buf_addc(&b, ']');
	return buf_take(&b, NULL);
}

int
buildings_templates(struct arena *a, const char *text, struct bld_tpl **out,
                    size_t *n)
{
	struct jv *v = NULL;
	struct bld_tpl *t;
	size_t i, k;

	*out = NULL;
	*n = 0;
	if (text == NULL ||
	    jv_parse(a, text, strlen(text), 4, &v, NULL, 0) != JV_OK ||
	    v->type != JV_ARRAY)
		return -1;
	t = arena_alloc(a, (v->n + 1) * sizeof(*t));
	for (i = 0; i < v->n; i++) {
		const struct jv *o = jv_at(v, i);

		t[i].unit_type = (int)jv_int(jv_get(o, "unitType"));
		for (k = 0; k < BLD_FLAGS; k++)
			t[i].flags[k] =
			        (int)jv_int(jv_get(o, buildings_flag_names[k]));
		t[i].clear = jv_int(jv_get(o, "clear"));
		t[i].rent = jv_int(jv_get(o, "rent"));
	}
	*out = t;
	*n = v->n;
	return 0;
}

/* One floor's rooms of a new building (in a transaction). */
static int
generate_floor(uint64_t bid, long long uid, const struct bld_in *in, int f)
{
	const struct bld_tpl *t =
	        &in->tpl[((size_t)f < in->ntpl ? (size_t)f : in->ntpl) - 1];
	struct db_val a[15];
	size_t k;

	a[0] = DB_INT(in->per_floor);
	a[1] = DB_INT((long long)bid);
	a[2] = DB_INT(uid);
	a[3] = DB_INT(f);
	a[4] = DB_INT(t->unit_type);
	for (k = 0; k < BLD_FLAGS; k++)
		a[5 + k] = DB_INT(t->flags[k] ? 1 : 0);
	a[10] = DB_INT(t->clear);
	a[11] = DB_INT(t->rent);
	a[12] = DB_INT(in->net);
	a[13] = DB_INT(in->electricity);
	a[14] = DB_INT(in->water);
	return db_exec(app.db, Q_BLD_ROOMS_GEN, a, 15, NULL, NULL, NULL);
}

enum status
buildings_create(long long uid, const struct bld_in *in, struct db_res **row)
{
	struct db_val a[9];
	uint64_t bid = 0;
	char *text;
	int rc = DB_OK, tries, f;

	*row = NULL;
	if (in->ntpl == 0 || in->ntpl > (size_t)in->layers)
		return ST_PARAM;
	text = templates_text(in->tpl, in->ntpl);
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		a[0] = DB_INT(uid);
		a[1] = DB_STR(in->name);
		a[2] = DB_INT(in->layers);
		a[3] = DB_INT(in->per_floor);
		a[4] = DB_INT(in->net);
		a[5] = DB_INT(in->electricity);
		a[6] = DB_INT(in->water);
		a[7] = DB_STR(text);
		a[8] = DB_INT((long long)in->layers * in->per_floor);
		if ((rc = db_begin(app.db)) != DB_OK ||
		    (rc = db_exec(app.db, Q_BLD_INSERT, a, 9, NULL, NULL,
		                  &bid)) != DB_OK)
			goto retry;
		for (f = 1; f <= in->layers; f++)
			if ((rc = generate_floor(bid, uid, in, f)) != DB_OK)
				goto retry;
		if ((rc = db_commit(app.db)) != DB_OK)
			goto retry;
		free(text);
		log_info("building %llu of user %lld: %d x %d rooms",
		         (unsigned long long)bid, uid, in->layers,
		         in->per_floor);
		return buildings_get(uid, (long long)bid, row);
	retry:
		db_rollback(app.db);
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	free(text);
	return rc == DB_DUP ? ST_EXISTS : app_db_status(rc, "building create");
}

/* Row id of owner uid through stmt (args id, uid): ST_OK with it in *row,
 * ST_NOT_FOUND (none, or another landlord's), ST_DB. */
static enum status
get_owned(unsigned stmt, long long uid, long long id, const char *what,
          struct db_res **row)
{
	struct db_val a[2] = {DB_INT(id), DB_INT(uid)};
	int rc;

	*row = NULL;
	if ((rc = db_exec(app.db, stmt, a, 2, row, NULL, NULL)) != DB_OK)
		return app_db_status(rc, what);
	if ((*row)->nrows == 1)
		return ST_OK;
	db_res_free(*row);
	*row = NULL;
	return ST_NOT_FOUND;
}

enum status
buildings_get(long long uid, long long id, struct db_res **row)
{
	return get_owned(Q_BLD_GET, uid, id, "building", row);
}

enum status
buildings_page(long long uid, long long offset, long long size,
               struct db_res **rows, long long *count)
{
	struct db_val a[3] = {DB_INT(uid), DB_INT(size), DB_INT(offset)};
	struct db_res *c = NULL;
	int rc;

	*rows = NULL;
	*count = 0;
	if ((rc = db_exec(app.db, Q_BLD_COUNT, a, 1, &c, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "buildings count");
	*count = db_int(c, 0, 0, 0);
	db_res_free(c);
	if ((rc = db_exec(app.db, Q_BLD_PAGE, a, 3, rows, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "buildings");
	return ST_OK;
}

enum status
buildings_update(long long uid, long long id, const struct bld_in *in,
                 struct db_res **row)
{
	struct db_res *b = NULL;
	struct db_val a[6];
	enum status st;
	char *text;
	int rc = DB_OK, tries;

	*row = NULL;
	text = templates_text(in->tpl, in->ntpl);
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		a[0] = DB_INT(id);
		a[1] = DB_INT(uid);
		if ((rc = db_begin(app.db)) != DB_OK ||
		    (rc = db_exec(app.db, Q_BLD_LOCK, a, 2, &b, NULL, NULL)) !=
		            DB_OK)
			goto retry;
		if (b->nrows != 1) {
			st = ST_NOT_FOUND;
			goto refuse;
		}
		if ((in->layers != 0 &&
		     in->layers != db_int(b, 0, BD_LAYERS, 0)) ||
		    (in->per_floor != 0 &&
		     in->per_floor != db_int(b, 0, BD_PER_FLOOR, 0))) {
			st = ST_CONFLICT;
			goto refuse;
		}
		if (in->ntpl == 0 ||
		    (long long)in->ntpl > db_int(b, 0, BD_LAYERS, 0)) {
			st = ST_PARAM;
			goto refuse;
		}
		a[0] = DB_STR(in->name);
		a[1] = DB_INT(in->net);
		a[2] = DB_INT(in->electricity);
		a[3] = DB_INT(in->water);
		a[4] = DB_STR(text);
		a[5] = DB_INT(id);
		if ((rc = db_exec(app.db, Q_BLD_UPDATE, a, 6, NULL, NULL,
		                  NULL)) != DB_OK)
			goto retry;
		/* The rooms take the new prices; bills made keep theirs
		 * (bills hold their own copies). */
		a[4] = DB_INT(id);
		if ((rc = db_exec(app.db, Q_BLD_ROOMS_PRICES, a + 1, 4, NULL,
		                  NULL, NULL)) != DB_OK ||
		    (rc = db_commit(app.db)) != DB_OK)
			goto retry;
		db_res_free(b);
		free(text);
		log_info("building %lld of user %lld changed", id, uid);
		return buildings_get(uid, id, row);
	retry:
		db_rollback(app.db);
		db_res_free(b);
		b = NULL;
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	free(text);
	return rc == DB_DUP ? ST_EXISTS : app_db_status(rc, "building change");
refuse:
	db_rollback(app.db);
	db_res_free(b);
	free(text);
	return st;
}

/* ---- rooms ------------------------------------------------------------ */

/* ST_OK when building is uid's. */
static enum status
own_building(long long uid, long long building)
{
	struct db_res *b = NULL;
	enum status st = buildings_get(uid, building, &b);

	db_res_free(b);
	return st;
}

enum status
rooms_all(long long uid, long long building, struct db_res **rows)
{
	struct db_val a[2] = {DB_INT(building), DB_INT(BLD_ROOMS_MAX)};
	enum status st;
	int rc;

	*rows = NULL;
	if ((st = own_building(uid, building)) != ST_OK)
		return st;
	if ((rc = db_exec(app.db, Q_ROOMS_ALL, a, 2, rows, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "rooms");
	return ST_OK;
}

enum status
rooms_page(long long uid, long long building, int type, int state,
           long long offset, long long size, struct db_res **rows,
           long long *count)
{
	/* The statement of each filter, pages and counts alike. */
	static const unsigned page[2][2] = {
	        {Q_ROOMS_PAGE_ANY, Q_ROOMS_PAGE_STATUS},
	        {Q_ROOMS_PAGE_TYPE, Q_ROOMS_PAGE_TYPE_STATUS},
	};
	static const unsigned cnt[2][2] = {
	        {Q_ROOMS_COUNT_ANY, Q_ROOMS_COUNT_STATUS},
	        {Q_ROOMS_COUNT_TYPE, Q_ROOMS_COUNT_TYPE_STATUS},
	};
	int by_type = type != 0, by_state = state >= 0;
	struct db_res *c = NULL;
	struct db_val a[5];
	enum status st;
	size_t n = 0;
	int rc;

	*rows = NULL;
	*count = 0;
	if ((st = own_building(uid, building)) != ST_OK)
		return st;
	a[n++] = DB_INT(building);
	if (by_type)
		a[n++] = DB_INT(type);
	if (by_state)
		a[n++] = DB_INT(state);
	if ((rc = db_exec(app.db, cnt[by_type][by_state], a, n, &c, NULL,
	                  NULL)) != DB_OK)
		return app_db_status(rc, "rooms count");
	*count = db_int(c, 0, 0, 0);
	db_res_free(c);
	a[n++] = DB_INT(size);
	a[n++] = DB_INT(offset);
	if ((rc = db_exec(app.db, page[by_type][by_state], a, n, rows, NULL,
	                  NULL)) != DB_OK)
		return app_db_status(rc, "rooms page");
	return ST_OK;
}

/* Room id of uid: ST_OK with the row (RM_*), or ST_NOT_FOUND. */
static enum status
room_get(long long uid, long long id, struct db_res **row)
{
	return get_owned(Q_ROOM_GET, uid, id, "room", row);
}

/* Begin a transaction and lock room id of uid: DB_OK with *found and the
 * row in *row (the caller frees it), or a db_* failure. */
static int
room_lock(long long uid, long long id, struct db_res **row, int *found)
{
	struct db_val a[2] = {DB_INT(id), DB_INT(uid)};
	int rc;

	*found = 0;
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_ROOM_LOCK, a, 2, row, NULL, NULL)) != DB_OK)
		return rc;
	*found = (*row)->nrows == 1;
	return DB_OK;
}

enum status
rooms_set_status(long long uid, long long id, int to, int *from,
                 struct db_res **row)
{
	struct db_res *r = NULL;
	struct db_val a[2];
	uint64_t ended = 0;
	int rc = DB_OK, tries, found;

	*row = NULL;
	*from = -1;
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		if ((rc = room_lock(uid, id, &r, &found)) != DB_OK)
			goto retry;
		if (!found) {
			db_rollback(app.db);
			db_res_free(r);
			return ST_NOT_FOUND;
		}
		*from = (int)db_int(r, 0, RM_STATUS, 0);
		db_res_free(r);
		r = NULL;
		/* A room is rented only by a signed contract (contr/visa);
		 * a rented room is only given back (2 -> 1). */
		if (to == ROOM_RENTED ||
		    (*from == ROOM_RENTED && to != ROOM_PUBLISHED)) {
			db_rollback(app.db);
			return ST_CONFLICT;
		}
		if (*from == to) {
			db_rollback(app.db);
			return room_get(uid, id, row);
		}
		if (*from == ROOM_RENTED) {
			a[0] = DB_INT(id);
			if ((rc = db_exec(app.db, Q_ROOM_END_CONTRACT, a, 1,
			                  NULL, &ended, NULL)) != DB_OK)
				goto retry;
		}
		a[0] = DB_INT(to);
		a[1] = DB_INT(id);
		if ((rc = db_exec(app.db, Q_ROOM_SET_STATUS, a, 2, NULL, NULL,
		                  NULL)) != DB_OK ||
		    (rc = db_commit(app.db)) != DB_OK)
			goto retry;
		log_info("room %lld of user %lld: status %d -> %d%s", id, uid,
		         *from, to, ended ? ", its contract ended" : "");
		return room_get(uid, id, row);
	retry:
		db_res_free(r);
		r = NULL;
		db_rollback(app.db);
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return app_db_status(rc, "room status");
}

/* The room columns of a room_in from a[0] on (name, type, flags, clear,
 * rent, then the three prices: NULL for -1). */
static size_t
room_args(const struct room_in *in, struct db_val *a)
{
	size_t n = 0, k;

	a[n++] = DB_STR(in->name);
	a[n++] = DB_INT(in->unit_type);
	for (k = 0; k < BLD_FLAGS; k++)
		a[n++] = DB_INT(in->flags[k] ? 1 : 0);
	a[n++] = DB_INT(in->clear);
	a[n++] = DB_INT(in->rent);
	a[n++] = in->net >= 0 ? DB_INT(in->net) : DB_NULLV;
	a[n++] = in->electricity >= 0 ? DB_INT(in->electricity) : DB_NULLV;
	a[n++] = in->water >= 0 ? DB_INT(in->water) : DB_NULLV;
	return n;
}

enum status
rooms_update(long long uid, long long id, const struct room_in *in)
{
	struct db_res *r = NULL;
	struct db_val a[14];
	size_t n;
	int rc = DB_OK, tries, found;

	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		if ((rc = room_lock(uid, id, &r, &found)) != DB_OK)
			goto retry;
		db_res_free(r);
		r = NULL;
		if (!found) {
			db_rollback(app.db);
			return ST_NOT_FOUND;
		}
		n = room_args(in, a);
		a[n++] = DB_INT(id);
		if ((rc = db_exec(app.db, Q_ROOM_UPDATE, a, n, NULL, NULL,
		                  NULL)) != DB_OK ||
		    (rc = db_commit(app.db)) != DB_OK)
			goto retry;
		log_info("room %lld of user %lld changed", id, uid);
		return ST_OK;
	retry:
		db_res_free(r);
		r = NULL;
		db_rollback(app.db);
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return rc == DB_DUP ? ST_EXISTS : app_db_status(rc, "room change");
}

enum status
rooms_create(long long uid, long long building, const struct room_in *in,
             struct db_res **row)
{
	struct db_res *b = NULL;
	struct db_val a[14];
	uint64_t rid = 0;
	int rc = DB_OK, tries;

	*row = NULL;
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		a[0] = DB_INT(building);
		a[1] = DB_INT(uid);
		/* The building locked: its room count stays true. */
		if ((rc = db_begin(app.db)) != DB_OK ||
		    (rc = db_exec(app.db, Q_BLD_LOCK, a, 2, &b, NULL, NULL)) !=
		            DB_OK)
			goto retry;
		if (b->nrows != 1 ||
		    db_int(b, 0, BD_ROOMS, 0) >= BLD_ROOMS_MAX) {
			enum status st =
			        b->nrows != 1 ? ST_NOT_FOUND : ST_CONFLICT;

			db_rollback(app.db);
			db_res_free(b);
			return st;
		}
		room_args(in, a + 2);
		if (in->net < 0)
			a[11] = DB_INT(db_int(b, 0, BD_NET, 0));
		if (in->electricity < 0)
			a[12] = DB_INT(db_int(b, 0, BD_ELECTRICITY, 0));
		if (in->water < 0)
			a[13] = DB_INT(db_int(b, 0, BD_WATER, 0));
		a[0] = DB_INT(building);
		a[1] = DB_INT(uid);
		if ((rc = db_exec(app.db, Q_ROOM_INSERT, a, 14, NULL, NULL,
		                  &rid)) != DB_OK ||
		    (rc = db_exec(app.db, Q_BLD_ROOM_ADDED, a, 1, NULL, NULL,
		                  NULL)) != DB_OK ||
		    (rc = db_commit(app.db)) != DB_OK)
			goto retry;
		db_res_free(b);
		log_info("room %llu added to building %lld",
		         (unsigned long long)rid, building);
		return room_get(uid, (long long)rid, row);
	retry:
		db_rollback(app.db);
		db_res_free(b);
		b = NULL;
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return rc == DB_DUP ? ST_EXISTS : app_db_status(rc, "room create");
}

enum status
rooms_show(long long uid, long long id, struct db_res **row)
{
	struct db_val a = DB_INT(id);
	const struct db_val *tenant;
	int rc, seen;

	*row = NULL;
	if ((rc = db_exec(app.db, Q_ROOM_SHOW, &a, 1, row, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "room show");
	if ((*row)->nrows == 1) {
		tenant = db_cell(*row, 0, RS_TENANT);
		seen = db_int(*row, 0, RM_STATUS, 0) == ROOM_PUBLISHED ||
		       (uid != 0 && (db_int(*row, 0, RS_LANDLORD, 0) == uid ||
		                     (tenant->t != DBT_NULL &&
		                      db_int(*row, 0, RS_TENANT, 0) == uid)));
		if (seen) {
			/* Counted in the row, never read-modify-write. */
			if ((rc = db_exec(app.db, Q_ROOM_VIEWED, &a, 1, NULL,
			                  NULL, NULL)) != DB_OK) {
				db_res_free(*row);
				*row = NULL;
				return app_db_status(rc, "room viewed");
			}
			return ST_OK;
		}
	}
	db_res_free(*row);
	*row = NULL;
	return ST_NOT_FOUND;
}

enum status
rooms_public(int type, long long offset, long long size, struct db_res **rows,
             long long *count)
{
	struct db_res *c = NULL;
	struct db_val a[3];
	size_t n = 0;
	int rc;

	*rows = NULL;
	*count = 0;
	if (type != 0)
		a[n++] = DB_INT(type);
	if ((rc = db_exec(app.db,
	                  type ? Q_ROOMS_PUBLIC_COUNT_TYPE
	                       : Q_ROOMS_PUBLIC_COUNT,
	                  a, n, &c, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "public rooms count");
	*count = db_int(c, 0, 0, 0);
	db_res_free(c);
	a[n++] = DB_INT(size);
	a[n++] = DB_INT(offset);
	if ((rc = db_exec(app.db,
	                  type ? Q_ROOMS_PUBLIC_PAGE_TYPE : Q_ROOMS_PUBLIC_PAGE,
	                  a, n, rows, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "public rooms");
	return ST_OK;
}
