/* The directory's listings and their photos (listings.h).  Which listings
 * it shows is kept on the row (migration 0011, dir_district and the other
 * dir_* columns), so every read here is a range of one index; every write
 * locks the listing's row first and checks the object rule of directory.md
 * 4 under that lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dircounts.h"
#include "houses.h"
#include "listings.h"
#include "log.h"
#include "media.h"
#include "schema.h"

/* ---- reading ---------------------------------------------------------- */

/* The statements of each scope (listing_query.level) and order. */
#define LISTING_SCOPE_STMTS(up)                                                \
	{                                                                      \
		Q_LISTING_COUNT_##up,                                          \
		{                                                              \
			Q_LISTING_PAGE_##up##_PUBDATE_DESC,                    \
			        Q_LISTING_PAGE_##up##_PUBDATE,                 \
			        Q_LISTING_PAGE_##up##_PRICE,                   \
			        Q_LISTING_PAGE_##up##_PRICE_DESC,              \
			        Q_LISTING_PAGE_##up##_AREA,                    \
			        Q_LISTING_PAGE_##up##_AREA_DESC                \
		}                                                              \
	}
static const struct {
	unsigned count, page[LO__MAX];
} scope_stmts[] = {
        [0] = LISTING_SCOPE_STMTS(ALL),
        [REGION_PROVINCE] = LISTING_SCOPE_STMTS(PROVINCE),
        [REGION_CITY] = LISTING_SCOPE_STMTS(CITY),
        [REGION_COUNTY] = LISTING_SCOPE_STMTS(DISTRICT),
};

/* The scope value and LISTING_FILTERS' arguments of q into a: returns
 * their number. */
#define LISTING_FILTER_ARGS 10
static size_t
query_args(const struct listing_query *q, struct db_val *a)
{
	size_t n = 0;

	a[n++] = DB_INT(q->level == 0 ? 1 : q->code);
	a[n++] = DB_INT(q->price_lo);
	a[n++] = DB_INT(q->price_hi);
	a[n++] = DB_INT(q->area_lo);
	a[n++] = DB_INT(q->area_hi);
	a[n++] = q->type > 0 ? DB_INT(q->type) : DB_NULLV;
	a[n++] = q->type > 0 ? DB_INT(q->type) : DB_NULLV;
	a[n++] = q->estate > 0 ? DB_INT(q->estate) : DB_NULLV;
	a[n++] = q->estate > 0 ? DB_INT(q->estate) : DB_NULLV;
	a[n++] = DB_STR(q->title != NULL ? q->title : "");
	return n;
}

static int
scope_of(const struct listing_query *q)
{
	return q->level >= REGION_PROVINCE && q->level <= REGION_COUNTY
	               ? q->level
	               : 0;
}

/* The exact count, a scan of the scope's index range. */
static enum status
count_now(void *ctx, long long *n)
{
	const struct listing_query *q = ctx;
	struct db_val a[1 + LISTING_FILTER_ARGS];
	struct db_res *rows = NULL;
	size_t na = query_args(q, a);
	int rc;

	*n = 0;
	rc = db_exec(app.db, scope_stmts[scope_of(q)].count, a, na, &rows, NULL,
	             NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "listing count");
	*n = db_int(rows, 0, 0, 0);
	db_res_free(rows);
	return ST_OK;
}

enum status
listings_count(const struct listing_query *q, long long *n)
{
	struct buf key = {0};
	enum dircount_scope scope = DC_ALL;
	long long code = 0;
	enum status st;

	/* The filter's canonical text: every value that decides the count
	 * (not the order), the title last with its length. */
	buf_addf(&key, "houseinfos|%d|%lld|%lld-%lld|%lld-%lld|%lld|%lld|",
	         scope_of(q), q->code, q->price_lo, q->price_hi, q->area_lo,
	         q->area_hi, q->type, q->estate);
	if (q->title != NULL)
		buf_addf(&key, "%zu:%s", strlen(q->title), q->title);
	if (scope_of(q) == REGION_PROVINCE) {
		scope = DC_PROVINCE;
		code = q->code;
	} else if (scope_of(q) != 0) {
		scope = DC_CITY;
		code = q->city;
	}
	st = dircounts_get(scope, code, key.p, key.len, count_now, (void *)q,
	                   n);
	buf_free(&key);
	return st;
}

/* The tags of the listings of rows (column LC_ID) into *tags. */
static enum status
tags_of(const struct db_res *rows, struct db_res **tags)
{
	struct buf ids = {0};
	struct db_val a;
	size_t i;
	int rc;

	buf_addc(&ids, '[');
	for (i = 0; i < rows->nrows; i++)
		buf_addf(&ids, "%s%lld", i ? "," : "",
		         db_int(rows, i, LC_ID, 0));
	buf_addc(&ids, ']');
	a = DB_TEXT(ids.p, ids.len);
	rc = db_exec(app.db, Q_LISTING_TAGS_OF, &a, 1, tags, NULL, NULL);
	buf_free(&ids);
	return rc == DB_OK ? ST_OK : app_db_status(rc, "listing tags");
}

enum status
listings_page(const struct listing_query *q, long long limit, long long offset,
              struct db_res **rows, struct db_res **tags)
{
	struct db_val a[3 + LISTING_FILTER_ARGS];
	size_t na = query_args(q, a);
	int order = q->order >= 0 && q->order < LO__MAX ? q->order : 0;
	enum status st;
	int rc;

	*rows = *tags = NULL;
	a[na++] = DB_INT(limit);
	a[na++] = DB_INT(offset);
	rc = db_exec(app.db, scope_stmts[scope_of(q)].page[order], a, na, rows,
	             NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "listing page");
	if ((st = tags_of(*rows, tags)) != ST_OK) {
		db_res_free(*rows);
		*rows = NULL;
	}
	return st;
}

enum status
listings_get(long long id, struct db_res **row, struct db_res **tags,
             struct db_res **photos)
{
	struct db_val a = DB_INT(id);
	enum status st;
	int rc;

	*row = *tags = NULL;
	if (photos != NULL)
		*photos = NULL;
	rc = db_exec(app.db, Q_LISTING_GET, &a, 1, row, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "listing");
	if ((*row)->nrows != 1) {
		st = ST_NOT_FOUND;
		goto fail;
	}
	if ((st = tags_of(*row, tags)) != ST_OK)
		goto fail;
	if (photos != NULL && (rc = db_exec(app.db, Q_LISTING_PHOTOS, &a, 1,
	                                    photos, NULL, NULL)) != DB_OK) {
		st = app_db_status(rc, "listing photos");
		goto fail;
	}
	return ST_OK;
fail:
	db_res_free(*row);
	db_res_free(*tags);
	*row = *tags = NULL;
	return st;
}

/* 1 when statement q finds a row for id, 0 when not, -1 on failure (st
 * set); the row in *row when row is not NULL. */
static int
found(unsigned q, long long id, struct db_res **row, enum status *st)
{
	struct db_val a = DB_INT(id);
	struct db_res *rows = NULL;
	int rc = db_exec(app.db, q, &a, 1, &rows, NULL, NULL), n;

	if (rc != DB_OK) {
		*st = app_db_status(rc, "listing reference");
		return -1;
	}
	n = rows->nrows == 1;
	if (row != NULL && n)
		*row = rows;
	else
		db_res_free(rows);
	return n;
}

enum status
listings_known(long long type, long long estate, unsigned *unknown)
{
	enum status st = ST_OK;
	int k;

	*unknown = 0;
	if (type > 0) {
		if ((k = found(Q_LISTING_TYPE, type, NULL, &st)) < 0)
			return st;
		if (!k)
			*unknown |= LB_TYPE;
	}
	if (estate > 0) {
		if ((k = found(Q_LISTING_ESTATE, estate, NULL, &st)) < 0)
			return st;
		if (!k)
			*unknown |= LB_ESTATE;
	}
	return ST_OK;
}

/* ---- writing ------------------------------------------------------------ */

/* Columns of Q_LISTING_LOCK. */
enum {
	LK_OWNER,
	LK_SHOWN,
	LK_AGENT_USER,
	LK_ROOM_TYPE,
	LK_DETAIL,
	LK_HASSUBWAY,
	LK_AGENTFEES,
	LK_ESTATE,
	LK_ESTATE_NAME,
	LK_AGENT,
	LK_LONGITUDE,
	LK_LATITUDE
};

/* Lock listing id for a change by the caller inside the open transaction:
 * ST_OK with the row in *row; ST_NOT_FOUND when it is not shown;
 * ST_FORBIDDEN when the caller is not its owner, the account linked to
 * its agent, nor an administrator; ST_DB.  On a refusal nothing is
 * returned and the transaction stays open (the caller rolls back). */
static enum status
lock_listing(long long uid, int admin, long long id, struct db_res **row)
{
	struct db_val a = DB_INT(id);
	int rc;

	*row = NULL;
	rc = db_exec(app.db, Q_LISTING_LOCK, &a, 1, row, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "listing lock");
	if ((*row)->nrows != 1 || !db_int(*row, 0, LK_SHOWN, 0)) {
		db_res_free(*row);
		*row = NULL;
		return ST_NOT_FOUND;
	}
	if (admin || db_int(*row, 0, LK_OWNER, 0) == uid ||
	    db_int(*row, 0, LK_AGENT_USER, 0) == uid)
		return ST_OK;
	db_res_free(*row);
	*row = NULL;
	return ST_FORBIDDEN;
}

/* Begin and lock_listing; on a refusal rolled back again. */
static enum status
begin_locked(long long uid, int admin, long long id, struct db_res **row)
{
	enum status st;
	int rc;

	*row = NULL;
	if ((rc = db_begin(app.db)) != DB_OK)
		return app_db_status(rc, "listing lock");
	if ((st = lock_listing(uid, admin, id, row)) != ST_OK)
		db_rollback(app.db);
	return st;
}

/* Commit when st is ST_OK; roll back otherwise. */
static enum status
finish(enum status st, const char *what)
{
	int rc;

	if (st == ST_OK && (rc = db_commit(app.db)) != DB_OK)
		st = app_db_status(rc, what);
	if (st != ST_OK)
		db_rollback(app.db);
	return st;
}

/* What the references of in resolve to. */
struct refs {
	struct region_chain region;
	const char *type_name;
	long long estate_district; /* the given estate's; 0 none */
	const char *estate_name;
};

/* Check the references of in (the district, the type, and the estate,
 * agent and tags when given) into *f and *bad: ST_OK (bad->mask may be
 * set), ST_INTERNAL, ST_DB. */
static enum status
check_refs(struct arena *ar, const struct listing_in *in, struct refs *f,
           struct listing_bad *bad)
{
	struct db_res *rows = NULL;
	struct buf ids = {0};
	struct db_val a;
	enum status st = ST_OK;
	size_t i;
	int k, rc;

	memset(f, 0, sizeof(*f));
	bad->mask = 0;
	bad->bad_tag = 0;
	if ((st = regions_chain(ar, in->district, &f->region)) != ST_OK)
		return st;
	if (f->region.level == REGION_CITY) {
		/* A city is a district only when it has no counties: one row
		 * whose child is NULL. */
		if ((st = regions_children(in->district, &rows)) != ST_OK)
			return st;
		if (rows->nrows != 1 ||
		    db_cell(rows, 0, REGION_COL_CODE)->t != DBT_NULL)
			bad->mask |= LB_DISTRICT;
		db_res_free(rows);
		rows = NULL;
	} else if (f->region.level != REGION_COUNTY) {
		bad->mask |= LB_DISTRICT;
	}
	if ((k = found(Q_LISTING_TYPE, in->type, &rows, &st)) < 0)
		return st;
	if (k)
		f->type_name = arena_strdup(ar, db_str(rows, 0, 0));
	else
		bad->mask |= LB_TYPE;
	db_res_free(rows);
	rows = NULL;
	if (in->estate_set && in->estate > 0) {
		if ((k = found(Q_LISTING_ESTATE, in->estate, &rows, &st)) < 0)
			return st;
		if (k) {
			f->estate_name = arena_strdup(ar, db_str(rows, 0, 0));
			f->estate_district = db_int(rows, 0, 1, 0);
		} else {
			bad->mask |= LB_ESTATE;
		}
		db_res_free(rows);
		rows = NULL;
	}
	if (in->agent_set && in->agent > 0) {
		if ((k = found(Q_LISTING_AGENT, in->agent, NULL, &st)) < 0)
			return st;
		if (!k)
			bad->mask |= LB_AGENT;
	}
	if (in->tags_set && in->ntags > 0) {
		buf_addc(&ids, '[');
		for (i = 0; i < in->ntags; i++)
			buf_addf(&ids, "%s%lld", i ? "," : "", in->tags[i]);
		buf_addc(&ids, ']');
		a = DB_TEXT(ids.p, ids.len);
		rc = db_exec(app.db, Q_LISTING_TAGS_UNKNOWN, &a, 1, &rows, NULL,
		             NULL);
		buf_free(&ids);
		if (rc != DB_OK)
			return app_db_status(rc, "listing tags");
		if (rows->nrows > 0) {
			bad->mask |= LB_TAGS;
			bad->bad_tag = db_int(rows, 0, 0, 0);
		}
		db_res_free(rows);
	}
	return ST_OK;
}

/* The estate (estate_id, district_name) a write stores: the given one, or
 * the stored one (row, LK_*) when omitted, which must lie in the district
 * too.  ST_OK, or ST_PARAM with LB_ESTATE_OUT, ST_DB. */
static enum status
estate_of(struct arena *ar, const struct listing_in *in, struct refs *f,
          const struct db_res *row, struct db_val *id, struct db_val *name,
          struct listing_bad *bad)
{
	struct db_res *e = NULL;
	enum status st = ST_OK;
	long long kept;
	int k;

	if (in->estate_set && in->estate > 0) {
		*id = DB_INT(in->estate);
		*name = DB_STR(f->estate_name);
	} else if (in->estate_set || row == NULL ||
	           db_cell(row, 0, LK_ESTATE)->t == DBT_NULL) {
		/* None: QSZ's own 小区 text stays unless it was an estate's
		 * name. */
		*id = DB_NULLV;
		*name = row != NULL && db_cell(row, 0, LK_ESTATE)->t == DBT_NULL
		                ? *db_cell(row, 0, LK_ESTATE_NAME)
		                : DB_NULLV;
		return ST_OK;
	} else {
		kept = db_int(row, 0, LK_ESTATE, 0);
		if ((k = found(Q_LISTING_ESTATE, kept, &e, &st)) < 0)
			return st;
		if (!k) { /* deleted meanwhile: the listing keeps none */
			*id = DB_NULLV;
			*name = DB_NULLV;
			return ST_OK;
		}
		f->estate_district = db_int(e, 0, 1, 0);
		f->estate_name = arena_strdup(ar, db_str(e, 0, 0));
		db_res_free(e);
		*id = DB_INT(kept);
		*name = DB_STR(f->estate_name);
	}
	if (f->estate_district != in->district) {
		bad->mask |= LB_ESTATE_OUT;
		return ST_PARAM;
	}
	return ST_OK;
}

/* A boolean given, or the stored cell kept (row NULL: def). */
static struct db_val
kept_bool(int set, int v, const struct db_res *row, size_t col,
          struct db_val def)
{
	if (set)
		return DB_INT(v ? 1 : 0);
	return row != NULL ? *db_cell(row, 0, col) : def;
}

/* The 24 values of the columns Q_LISTING_INSERT and Q_LISTING_UPDATE
 * share (from rent_room_type to latitude), then the coordinates again,
 * into a; row: the stored listing of an update, NULL for a new one. */
static enum status
columns(struct arena *ar, const struct listing_in *in, struct refs *f,
        const struct db_res *row, struct db_val *a, size_t *n,
        struct listing_bad *bad)
{
	const struct region_chain *c = &f->region;
	char *floor = arena_printf(ar, "%lld", in->floor);
	struct db_val lon, lat;
	enum status st;
	size_t k = *n;
	int l;

	a[k++] = in->isshared_set ? DB_INT(in->isshared ? 2 : 1)
	         : row != NULL    ? *db_cell(row, 0, LK_ROOM_TYPE)
	                          : DB_INT(1);
	for (l = REGION_PROVINCE; l <= REGION_COUNTY; l++) {
		a[k++] = c->code[l] > 0 ? DB_INT(c->code[l]) : DB_NULLV;
		a[k++] = c->code[l] > 0 ? DB_STR(c->name[l]) : DB_NULLV;
	}
	a[k++] = DB_STR(in->title);
	a[k++] = DB_INT(in->area);
	a[k++] = DB_STR(floor);
	a[k++] = DB_INT(in->totalfloor);
	a[k++] = DB_STR(in->direction);
	a[k++] = DB_INT(in->price);
	a[k++] = in->detail_set ? DB_STR(in->detail)
	         : row != NULL  ? *db_cell(row, 0, LK_DETAIL)
	                        : DB_STR("");
	a[k++] = DB_STR(in->street);
	/* Not given on a new listing: NULL, "whether it has a subway
	 * station code" (directory.md 12). */
	a[k++] = kept_bool(in->hassubway_set, in->hassubway, row, LK_HASSUBWAY,
	                   DB_NULLV);
	a[k++] = kept_bool(in->hasagentfees_set, in->hasagentfees, row,
	                   LK_AGENTFEES, DB_INT(0));
	a[k++] = DB_INT(in->type);
	a[k++] = DB_STR(f->type_name);
	if ((st = estate_of(ar, in, f, row, &a[k], &a[k + 1], bad)) != ST_OK)
		return st;
	k += 2;
	a[k++] = in->agent_set && in->agent > 0 ? DB_INT(in->agent)
	         : in->agent_set || row == NULL ? DB_NULLV
	                                        : *db_cell(row, 0, LK_AGENT);
	if (in->coords_set) {
		lon = DB_DBL(in->longitude);
		lat = DB_DBL(in->latitude);
	} else if (row != NULL) {
		lon = *db_cell(row, 0, LK_LONGITUDE);
		lat = *db_cell(row, 0, LK_LATITUDE);
	} else {
		lon = lat = DB_NULLV;
	}
	/* location is POINT(0, 0) unless both are known (migration 0003). */
	if (lon.t == DBT_NULL || lat.t == DBT_NULL)
		lon = lat = DB_NULLV;
	a[k++] = lon;
	a[k++] = lat;
	a[k++] = lon;
	a[k++] = lat;
	*n = k;
	return ST_OK;
}

/* Replace the tags of listing id with in's when given. */
static enum status
write_tags(long long id, const struct listing_in *in)
{
	struct db_val a[2];
	size_t i;
	int rc;

	if (!in->tags_set)
		return ST_OK;
	a[0] = DB_INT(id);
	rc = db_exec(app.db, Q_LISTING_TAGS_CLEAR, a, 1, NULL, NULL, NULL);
	for (i = 0; rc == DB_OK && i < in->ntags; i++) {
		a[1] = DB_INT(in->tags[i]);
		rc = db_exec(app.db, Q_LISTING_TAG_ADD, a, 2, NULL, NULL, NULL);
	}
	return rc == DB_OK ? ST_OK : app_db_status(rc, "listing tags");
}

static enum status
create_once(struct arena *ar, long long uid, const struct listing_in *in,
            struct listing_bad *bad, uint64_t *id)
{
	struct db_val a[32];
	struct refs f;
	size_t n = 0;
	enum status st;
	int rc;

	*id = 0;
	if ((rc = db_begin(app.db)) != DB_OK)
		return app_db_status(rc, "listing insert");
	if ((st = check_refs(ar, in, &f, bad)) != ST_OK)
		return finish(st, "listing insert");
	if (bad->mask != 0)
		return finish(ST_PARAM, "listing insert");
	a[n++] = DB_INT(uid);
	if ((st = columns(ar, in, &f, NULL, a, &n, bad)) != ST_OK)
		return finish(st, "listing insert");
	a[n++] = DB_INT(uid); /* owner_type */
	rc = db_exec(app.db, Q_LISTING_INSERT, a, n, NULL, NULL, id);
	st = rc == DB_OK ? ST_OK : app_db_status(rc, "listing insert");
	if (st == ST_OK)
		st = write_tags((long long)*id, in);
	st = finish(st, "listing insert");
	if (st == ST_OK)
		log_info("listing %llu created by user %lld",
		         (unsigned long long)*id, uid);
	return st;
}

enum status
listings_create(struct arena *ar, long long uid, const struct listing_in *in,
                struct listing_bad *bad, uint64_t *id)
{
	enum status st;
	int attempt = 0;

	do
		st = create_once(ar, uid, in, bad, id);
	while (app_tx_again(st, attempt++));
	return st;
}

static enum status
update_once(struct arena *ar, long long uid, int admin, long long id,
            const struct listing_in *in, struct listing_bad *bad)
{
	struct db_res *row = NULL;
	struct db_val a[32];
	struct refs f;
	size_t n = 0;
	enum status st;
	int rc;

	/* The order of directory.md 1: the parameters (the references), then
	 * the object. */
	if ((rc = db_begin(app.db)) != DB_OK)
		return app_db_status(rc, "listing update");
	if ((st = check_refs(ar, in, &f, bad)) != ST_OK)
		return finish(st, "listing update");
	if (bad->mask != 0)
		return finish(ST_PARAM, "listing update");
	if ((st = lock_listing(uid, admin, id, &row)) != ST_OK)
		return finish(st, "listing update");
	st = columns(ar, in, &f, row, a, &n, bad);
	if (st == ST_OK) {
		a[n++] = DB_INT(id);
		rc = db_exec(app.db, Q_LISTING_UPDATE, a, n, NULL, NULL, NULL);
		st = rc == DB_OK ? ST_OK : app_db_status(rc, "listing update");
	}
	db_res_free(row);
	if (st == ST_OK)
		st = write_tags(id, in);
	st = finish(st, "listing update");
	if (st == ST_OK)
		log_info("listing %lld updated by user %lld", id, uid);
	return st;
}

enum status
listings_update(struct arena *ar, long long uid, int admin, long long id,
                const struct listing_in *in, struct listing_bad *bad)
{
	enum status st;
	int attempt = 0;

	do
		st = update_once(ar, uid, admin, id, in, bad);
	while (app_tx_again(st, attempt++));
	return st;
}

static enum status
delete_once(long long uid, int admin, long long id)
{
	struct db_res *row = NULL;
	struct db_val a = DB_INT(id);
	enum status st;
	int rc;

	if ((st = begin_locked(uid, admin, id, &row)) != ST_OK)
		return st;
	db_res_free(row);
	rc = db_exec(app.db, Q_LISTING_DELETE, &a, 1, NULL, NULL, NULL);
	st = finish(rc == DB_OK ? ST_OK : app_db_status(rc, "listing delete"),
	            "listing delete");
	if (st == ST_OK)
		log_info("listing %lld deleted by user %lld", id, uid);
	return st;
}

enum status
listings_delete(long long uid, int admin, long long id)
{
	enum status st;
	int attempt = 0;

	do
		st = delete_once(uid, admin, id);
	while (app_tx_again(st, attempt++));
	return st;
}

/* ---- photos ------------------------------------------------------------- */

enum status
listings_photos(long long id, struct db_res **rows)
{
	struct db_res *row = NULL, *tags = NULL;
	struct db_val a = DB_INT(id);
	enum status st;
	int rc;

	*rows = NULL;
	if ((st = listings_get(id, &row, &tags, NULL)) != ST_OK)
		return st;
	db_res_free(row);
	db_res_free(tags);
	rc = db_exec(app.db, Q_LISTING_PHOTOS, &a, 1, rows, NULL, NULL);
	return rc == DB_OK ? ST_OK : app_db_status(rc, "listing photos");
}

/* The owner of listing house when the caller may change it (the check
 * and its transaction are over when this returns: the shared media store
 * takes the owner's row lock again itself). */
static enum status
owner_for(long long uid, int admin, long long house, long long *owner)
{
	struct db_res *row = NULL;
	enum status st;

	*owner = 0;
	if ((st = begin_locked(uid, admin, house, &row)) != ST_OK)
		return st;
	*owner = db_int(row, 0, LK_OWNER, 0);
	db_res_free(row);
	db_rollback(app.db);
	return ST_OK;
}

/* Photo photo of house (locked) into *row, or ST_NOT_FOUND. */
static enum status
photo_of(long long house, long long photo, struct db_res **row)
{
	struct db_val a[2] = {DB_INT(photo), DB_INT(house)};
	int rc;

	*row = NULL;
	rc = db_exec(app.db, Q_LISTING_PHOTO_GET, a, 2, row, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "listing photo");
	if ((*row)->nrows != 1) {
		db_res_free(*row);
		*row = NULL;
		return ST_NOT_FOUND;
	}
	return ST_OK;
}

/* Make photo the only main photo of house. */
static enum status
set_main(long long house, long long photo)
{
	struct db_val a[2] = {DB_INT(photo), DB_INT(house)};
	int rc = db_exec(app.db, Q_LISTING_PHOTO_SET_MAIN, a, 2, NULL, NULL,
	                 NULL);

	return rc == DB_OK ? ST_OK : app_db_status(rc, "listing main photo");
}

/* Under house's row lock: photo (0: the earliest) becomes main when force
 * is set or no photo is main; *is_main: whether photo is main after. */
static enum status
fix_main(long long house, long long photo, int force, int *is_main)
{
	struct db_val a = DB_INT(house);
	struct db_res *rows = NULL;
	enum status st = ST_OK;
	int rc, none;

	*is_main = 0;
	if (!force) {
		rc = db_exec(app.db, Q_LISTING_PHOTO_HAS_MAIN, &a, 1, &rows,
		             NULL, NULL);
		if (rc != DB_OK)
			return app_db_status(rc, "listing main photo");
		none = db_int(rows, 0, 0, 0) == 0;
		db_res_free(rows);
		rows = NULL;
		if (!none)
			return ST_OK;
	}
	if (photo == 0) {
		rc = db_exec(app.db, Q_LISTING_PHOTO_FIRST, &a, 1, &rows, NULL,
		             NULL);
		if (rc != DB_OK)
			return app_db_status(rc, "listing main photo");
		photo = rows->nrows == 1 ? db_int(rows, 0, 0, 0) : 0;
		db_res_free(rows);
		rows = NULL;
		if (photo == 0) /* no photo left */
			return ST_OK;
	} else {
		/* Deleted meanwhile: leave the others as they are. */
		if ((st = photo_of(house, photo, &rows)) != ST_OK)
			return st == ST_NOT_FOUND ? ST_OK : st;
		db_res_free(rows);
	}
	if ((st = set_main(house, photo)) == ST_OK)
		*is_main = 1;
	return st;
}

/* fix_main in a transaction of its own under the listing's lock, run
 * again after a conflict (the photo files are in place already). */
static enum status
main_again(long long uid, int admin, long long house, long long photo,
           int force, int *is_main)
{
	struct db_res *row = NULL;
	enum status st;
	int attempt;

	for (attempt = 0;; attempt++) {
		if ((st = begin_locked(uid, admin, house, &row)) == ST_OK) {
			db_res_free(row);
			st = finish(fix_main(house, photo, force, is_main),
			            "listing main photo");
		}
		if (!app_tx_again(st, attempt))
			return st;
	}
}

enum status
listings_photo_add(long long uid, int admin, long long house, struct upfile *f,
                   int make_main, uint64_t *photo, char **path, int *is_main)
{
	long long owner, have;
	enum status st;

	*photo = 0;
	*path = NULL;
	*is_main = 0;
	if ((st = owner_for(uid, admin, house, &owner)) != ST_OK)
		return st;
	/* The photo is the owner's, in the owner's folder, whoever of those
	 * allowed adds it. */
	st = media_photos_add(owner, house, &f, 1, NULL, path, photo, &have);
	if (st != ST_OK)
		return st == ST_FORBIDDEN ? ST_NOT_FOUND : st;
	/* Which photo is main, under the listing's lock again. */
	st = main_again(uid, admin, house, (long long)*photo, make_main,
	                is_main);
	if (st == ST_NOT_FOUND || st == ST_FORBIDDEN) {
		/* Changed meanwhile: the photo stays as the store added it. */
		st = ST_OK;
	}
	if (st != ST_OK) {
		free(*path);
		*path = NULL;
	}
	return st;
}

static enum status
photo_main_once(long long uid, int admin, long long house, long long photo,
                int make_main, struct db_res **row)
{
	struct db_res *lk = NULL;
	enum status st;
	int is_main;

	*row = NULL;
	if ((st = begin_locked(uid, admin, house, &lk)) != ST_OK)
		return st;
	db_res_free(lk);
	if ((st = photo_of(house, photo, row)) == ST_OK && make_main &&
	    !db_int(*row, 0, LP_MAIN, 0)) {
		st = fix_main(house, photo, 1, &is_main);
		db_res_free(*row);
		*row = NULL;
		if (st == ST_OK)
			st = photo_of(house, photo, row);
	}
	st = finish(st, "listing main photo");
	if (st != ST_OK) {
		db_res_free(*row);
		*row = NULL;
	}
	return st;
}

enum status
listings_photo_main(long long uid, int admin, long long house, long long photo,
                    int make_main, struct db_res **row)
{
	enum status st;
	int attempt = 0;

	do
		st = photo_main_once(uid, admin, house, photo, make_main, row);
	while (app_tx_again(st, attempt++));
	return st;
}

enum status
listings_photo_delete(long long uid, int admin, long long house,
                      long long photo)
{
	struct db_res *lk = NULL, *p = NULL;
	long long owner;
	char *path = NULL;
	enum status st;
	int was_main, is_main;

	if ((st = begin_locked(uid, admin, house, &lk)) != ST_OK)
		return st;
	owner = db_int(lk, 0, LK_OWNER, 0);
	db_res_free(lk);
	st = photo_of(house, photo, &p);
	was_main = st == ST_OK && db_int(p, 0, LP_MAIN, 0);
	db_res_free(p);
	db_rollback(app.db);
	if (st != ST_OK)
		return st;
	/* The shared store deletes the row (photo_urls in step) and then
	 * the file. */
	st = media_replace(owner, MEDIA_PHOTO, photo, NULL, &path);
	free(path);
	if (st != ST_OK)
		return st == ST_FORBIDDEN ? ST_NOT_FOUND : st;
	if (!was_main)
		return ST_OK;
	st = main_again(uid, admin, house, 0, 0, &is_main);
	return st == ST_NOT_FOUND || st == ST_FORBIDDEN ? ST_OK : st;
}
