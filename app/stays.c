/* Short-stay listings (ihome.md 5-6) on the shared houses table. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "crypto.h"
#include "log.h"
#include "regions.h"
#include "schema.h"
#include "stays.h"

/* The counties of ihome_city_code: reference data that only a migration
 * changes, so each worker reads them once. */
static struct {
	struct db_res *rows;
	char etag[24];
} areas;

enum status
stays_areas(const struct db_res **rows, const char **etag)
{
	struct db_val a = DB_INT(app.cfg.ihome_city_code);
	unsigned char h[32];
	struct db_res *res = NULL;
	struct buf all = {0};
	size_t i;
	int rc;

	if (areas.rows == NULL) {
		rc = db_exec(app.db, Q_AREAS, &a, 1, &res, NULL, NULL);
		if (rc != DB_OK)
			return app_db_status(rc, "areas");
		for (i = 0; i < res->nrows; i++)
			buf_addf(&all, "%lld\t%s\n", db_int(res, i, 0, 0),
			         db_str(res, i, 1));
		crypto_sha256(all.p ? all.p : "", all.len, h);
		buf_free(&all);
		areas.etag[0] = '"';
		crypto_hex(h, 10, areas.etag + 1);
		areas.etag[21] = '"';
		areas.etag[22] = '\0';
		areas.rows = res;
	}
	*rows = areas.rows;
	*etag = areas.etag;
	return ST_OK;
}

int
stays_is_area(long long code)
{
	const struct db_res *rows;
	const char *etag;
	size_t i;

	if (stays_areas(&rows, &etag) != ST_OK)
		return -1;
	for (i = 0; i < rows->nrows; i++)
		if (db_int(rows, i, 0, 0) == code)
			return 1;
	return 0;
}

int
stays_city_ok(void)
{
	const struct db_res *rows;
	const char *etag;

	if (stays_areas(&rows, &etag) != ST_OK)
		return -1;
	return rows->nrows > 0;
}

enum status
stays_create(long long uid, const struct stay_new *h, long long *id)
{
	struct region_chain c;
	struct db_val a[21];
	struct arena *ar;
	uint64_t hid = 0;
	enum status st;
	size_t i;
	int rc, attempt = 0;

	*id = 0;
	if ((ar = arena_new()) == NULL)
		return ST_INTERNAL;
	st = regions_chain(ar, h->county, &c);
	if (st != ST_OK || c.level != REGION_COUNTY) {
		arena_free(ar);
		return st != ST_OK ? st : ST_PARAM;
	}
again:
	a[0] = DB_INT(uid);
	a[1] = DB_INT(c.code[1]);
	a[2] = DB_STR(c.name[1]);
	a[3] = DB_INT(c.code[2]);
	a[4] = DB_STR(c.name[2]);
	a[5] = DB_INT(c.code[3]);
	a[6] = DB_STR(c.name[3]);
	a[7] = DB_INT(h->acreage);
	a[8] = DB_STR(h->unit);
	a[9] = DB_INT(h->capacity);
	/* QSZ's figure: whole yuan, half up (ihome.md 5). */
	a[10] = DB_INT((h->price_fen + 50) / 100);
	a[11] = DB_STR(h->title);
	a[12] = DB_INT(h->rooms);
	a[13] = DB_INT(h->price_fen);
	a[14] = DB_INT(h->deposit_fen);
	a[15] = DB_STR(h->address);
	a[16] = DB_STR(h->beds);
	a[17] = DB_INT(h->min_days);
	a[18] = DB_INT(h->max_days);
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_STAY_INSERT, a, 19, NULL, NULL, &hid)) !=
	            DB_OK)
		goto fail;
	for (i = 0; i < h->nfacility; i++) {
		a[0] = DB_INT((long long)hid);
		a[1] = DB_INT(h->facility[i]);
		if ((rc = db_exec(app.db, Q_STAY_FACILITY_ADD, a, 2, NULL, NULL,
		                  NULL)) != DB_OK)
			goto fail;
	}
	if ((rc = db_commit(app.db)) != DB_OK)
		goto fail;
	arena_free(ar);
	*id = (long long)hid;
	log_info("short-stay listing %lld published by user %lld", *id, uid);
	return ST_OK;
fail:
	db_rollback(app.db);
	if (db_tx_again(app.db, rc, attempt++))
		goto again;
	arena_free(ar);
	return app_db_status(rc, "short-stay listing");
}

enum status
stays_detail(long long id, long long viewer, struct db_res **row,
             struct db_res **comments)
{
	struct db_val a[2] = {DB_INT(app.cfg.ihome_city_code), DB_INT(id)};
	int rc;

	*row = *comments = NULL;
	if ((rc = db_exec(app.db, Q_STAY_DETAIL, a, 2, row, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "house detail");
	if ((*row)->nrows != 1 ||
	    !(db_int(*row, 0, STAY_D_VISIBLE, 0) == 1 ||
	      (viewer != 0 && db_int(*row, 0, STAY_D_OWNER, 0) == viewer &&
	       db_int(*row, 0, STAY_D_STATUS, 3) != 3))) {
		db_res_free(*row);
		*row = NULL;
		return ST_NOT_FOUND;
	}
	a[0] = DB_INT(id);
	if ((rc = db_exec(app.db, Q_STAY_COMMENTS, a, 1, comments, NULL,
	                  NULL)) != DB_OK) {
		db_res_free(*row);
		*row = NULL;
		return app_db_status(rc, "house comments");
	}
	return ST_OK;
}

enum status
stays_mine(long long uid, struct db_res **rows)
{
	struct db_val a = DB_INT(uid);
	int rc = db_exec(app.db, Q_STAY_MINE, &a, 1, rows, NULL, NULL);

	return rc == DB_OK ? ST_OK : app_db_status(rc, "my houses");
}

enum status
stays_index(struct db_res **rows)
{
	struct db_val a = DB_INT(app.cfg.ihome_city_code);
	int rc = db_exec(app.db, Q_STAY_INDEX, &a, 1, rows, NULL, NULL);

	return rc == DB_OK ? ST_OK : app_db_status(rc, "house index");
}

/* Counts are cached only for check-ins within this many days (the
 * entries a search can add stay bounded; later ones are rare). */
#define COUNT_CACHE_DAYS 400

static int
is_null(const struct db_res *r, size_t row, size_t col)
{
	const struct db_val *v = db_cell(r, row, col);

	return v == NULL || v->t == DBT_NULL;
}

/* The number of matches of q: through stay_counts when it holds an entry
 * as of the scope's current version that no lapsed hold has outdated,
 * else counted (and stored, a failure to store ignored: the count
 * stands).  The version is read before counting, so a write committed
 * meanwhile leaves an entry that the next lookup finds outdated. */
static enum status
search_count(const struct stay_query *q, int length_rule, long long *total)
{
	long long city = app.cfg.ihome_city_code, county = q->county;
	int dated = q->sd >= 0, rule = dated && length_rule, stale = 0;
	int cache = app.cfg.ihome_count_cache &&
	            (!dated || q->sd <= stays_today() + COUNT_CACHE_DAYS);
	long long nights = q->ed - q->sd, v = 0;
	char sd[11], ed[11];
	struct db_val a[9];
	struct db_res *r = NULL;
	unsigned stmt;
	size_t n = 0;
	int rc;

	*total = 0;
	if (cache) {
		a[0] = DB_INT(county ? county : city);
		a[1] = DB_INT(city);
		a[2] = DB_INT(county);
		a[3] = DB_INT(dated ? q->sd : -1);
		a[4] = DB_INT(dated ? q->ed : -1);
		a[5] = DB_INT(rule);
		rc = db_exec(app.db,
		             county ? Q_STAY_CACHED_COUNTY : Q_STAY_CACHED_CITY,
		             a, 6, &r, NULL, NULL);
		if (rc != DB_OK)
			return app_db_status(rc, "house search count");
		v = db_int(r, 0, 0, 0);
		if (!is_null(r, 0, 1)) {
			if (db_int(r, 0, 1, -1) == v &&
			    (is_null(r, 0, 3) ||
			     db_int(r, 0, 4, 0) < db_int(r, 0, 3, 0))) {
				*total = db_int(r, 0, 2, 0);
				db_res_free(r);
				return ST_OK;
			}
			stale = db_int(r, 0, 1, -1) != v;
		}
		db_res_free(r);
		r = NULL;
	}
	if (dated) {
		stays_date_text(q->sd, sd);
		stays_date_text(q->ed, ed);
		a[n++] = DB_STR(ed);
		a[n++] = DB_STR(sd);
		a[n++] = DB_STR(ed);
		a[n++] = DB_STR(sd);
	}
	a[n++] = DB_INT(city);
	if (county)
		a[n++] = DB_INT(county);
	if (dated) {
		a[n] = a[n + 1] = a[n + 2] = rule ? DB_INT(nights) : DB_NULLV;
		n += 3;
		stmt = county ? Q_STAY_COUNT_COUNTY : Q_STAY_COUNT_CITY;
	} else {
		stmt = county ? Q_STAY_COUNT_ALL_COUNTY : Q_STAY_COUNT_ALL_CITY;
	}
	if ((rc = db_exec(app.db, stmt, a, n, &r, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "house search count");
	*total = db_int(r, 0, 0, 0);
	if (cache) {
		a[0] = DB_INT(city);
		a[1] = DB_INT(county);
		a[2] = DB_INT(dated ? q->sd : -1);
		a[3] = DB_INT(dated ? q->ed : -1);
		a[4] = DB_INT(rule);
		a[5] = DB_INT(v);
		a[6] = DB_INT(*total);
		a[7] = is_null(r, 0, 1) ? DB_NULLV : DB_INT(db_int(r, 0, 1, 0));
		(void)db_exec(app.db, Q_STAY_COUNT_PUT, a, 8, NULL, NULL, NULL);
		if (stale) {
			a[2] = DB_INT(v);
			(void)db_exec(app.db, Q_STAY_COUNT_PRUNE, a, 3, NULL,
			              NULL, NULL);
		}
	}
	db_res_free(r);
	return ST_OK;
}

enum status
stays_search(const struct stay_query *q, int length_rule, struct db_res **rows,
             long long *total)
{
	static const unsigned page_stmt[2][4] = {
	        {Q_STAY_PAGE_NEW_CITY, Q_STAY_PAGE_BOOKING_CITY,
	         Q_STAY_PAGE_PRICE_INC_CITY, Q_STAY_PAGE_PRICE_DES_CITY},
	        {Q_STAY_PAGE_NEW_COUNTY, Q_STAY_PAGE_BOOKING_COUNTY,
	         Q_STAY_PAGE_PRICE_INC_COUNTY, Q_STAY_PAGE_PRICE_DES_COUNTY},
	};
	char sd[11], ed[11];
	struct db_val a[10];
	long long size = app.cfg.ihome_page_size;
	int dated = q->sd >= 0 && q->ed >= 0;
	enum status st;
	size_t n = 0;
	int rc;

	*rows = NULL;
	if ((st = search_count(q, length_rule, total)) != ST_OK)
		return st;
	/* Past the end: an empty page without asking. */
	if ((q->page - 1) * size >= *total)
		return ST_OK;
	if (dated) {
		stays_date_text(q->sd, sd);
		stays_date_text(q->ed, ed);
	}
	a[n++] = DB_INT(app.cfg.ihome_city_code);
	if (q->county)
		a[n++] = DB_INT(q->county);
	a[n++] = dated ? DB_STR(sd) : DB_NULLV;
	a[n++] = dated ? DB_STR(ed) : DB_NULLV;
	a[n++] = dated ? DB_STR(sd) : DB_NULLV;
	a[n] = a[n + 1] = a[n + 2] =
	        dated && length_rule ? DB_INT(q->ed - q->sd) : DB_NULLV;
	n += 3;
	a[n++] = DB_INT(size);
	a[n++] = DB_INT((q->page - 1) * size);
	rc = db_exec(app.db, page_stmt[q->county != 0][q->sort & 3], a, n, rows,
	             NULL, NULL);
	return rc == DB_OK ? ST_OK : app_db_status(rc, "house search");
}

long
stays_days(int y, int m, int d)
{
	/* Howard Hinnant's days_from_civil. */
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
stays_date_text(long days, char out[11])
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);

	/* The remainders only tell the compiler the widths. */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y + (m <= 2)) % 10000u,
	         (unsigned)m % 100u, (unsigned)d % 100u);
}

long
stays_today(void)
{
	return (long)((time(NULL) + 8 * 3600) / 86400);
}
