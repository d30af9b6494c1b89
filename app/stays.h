/* Short-stay listings (ihome.md 5-6): the shared `houses` rows with a
 * nightly price, their facilities, the counties they lie in, the search by
 * area and free nights.  Rows come back as db results whose columns the
 * STAY_* enums name; the surfaces render them. */
#ifndef ZF_STAYS_H
#define ZF_STAYS_H

#include "app.h"

/* The facility catalogue: ids 1..STAY_FACILITIES. */
#define STAY_FACILITIES 23

/* A new short-stay listing. */
struct stay_new {
	const char *title, *address, *unit, *beds;
	long long price_fen, deposit_fen;
	long long county; /* a county of ihome_city_code */
	long long rooms, acreage, capacity, min_days, max_days;
	const long long *facility; /* distinct ids 1..23 */
	size_t nfacility;
};

/* Columns of the basic object (Q_STAY_MINE, Q_STAY_PAGE_*). */
enum {
	STAY_B_ID,
	STAY_B_TITLE,
	STAY_B_PRICE,
	STAY_B_AREA_NAME,
	STAY_B_PHOTOS, /* '\n'-separated relative paths, NULL when none */
	STAY_B_ROOMS,
	STAY_B_ORDERS,
	STAY_B_ADDRESS,
	STAY_B_AVATAR,
	STAY_B_CTIME
};

/* Columns of Q_STAY_DETAIL. */
enum {
	STAY_D_ID,
	STAY_D_OWNER,
	STAY_D_OWNER_NAME,
	STAY_D_OWNER_MOBILE,
	STAY_D_OWNER_AVATAR,
	STAY_D_TITLE,
	STAY_D_ADDRESS,
	STAY_D_UNIT,
	STAY_D_BEDS,
	STAY_D_PRICE,
	STAY_D_DEPOSIT,
	STAY_D_AREA_ID,
	STAY_D_AREA_NAME,
	STAY_D_ROOMS,
	STAY_D_ACREAGE,
	STAY_D_CAPACITY,
	STAY_D_MIN_DAYS,
	STAY_D_MAX_DAYS,
	STAY_D_PHOTOS,
	STAY_D_VISIBLE, /* 1: an iHome house */
	STAY_D_STATUS,
	STAY_D_FACILITIES /* ','-list of ids, ascending, NULL when none */
};

/* Columns of Q_STAY_COMMENTS and of Q_STAY_INDEX. */
enum { STAY_C_TEXT, STAY_C_TIME, STAY_C_NAME, STAY_C_MOBILE };
enum { STAY_I_ID, STAY_I_PHOTOS, STAY_I_TITLE };

/* The search (ihome.md 6): county 0 for the whole city; dates as days
 * since 1970-01-01, -1 when not asked (both or neither: the caller
 * completes a single date); sort 0 new, 1 booking, 2 price-inc,
 * 3 price-des; page from 1. */
struct stay_query {
	long long county;
	long sd, ed;
	int sort;
	long long page;
};

/* The counties of the configured city by code (code, name), cached per
 * worker with their ETag (a quoted hash of the list).  ST_OK with *rows
 * (owned by the cache: do not free) or ST_DB. */
enum status stays_areas(const struct db_res **rows, const char **etag);

/* 1 when code is a county of ihome_city_code (stays_areas' list), 0 when
 * not, -1 when the list cannot be read. */
int stays_is_area(long long code);

/* Whether ihome_city_code has counties: 1, 0, or -1 when the database
 * cannot tell (for the start-up check). */
int stays_city_ok(void);

/* Publish h for owner uid (released at once): ST_OK with *id. */
enum status stays_create(long long uid, const struct stay_new *h,
                         long long *id);

/* One listing with its facilities, and its reviews (*comments), for
 * detail.  ST_NOT_FOUND when there is no such short-stay listing or it is
 * not visible to viewer (an iHome house, or the viewer's own not
 * deleted). */
enum status stays_detail(long long id, long long viewer, struct db_res **row,
                         struct db_res **comments);

/* The owner's short-stay listings, any state but deleted, newest first. */
enum status stays_mine(long long uid, struct db_res **rows);

/* At most 5 iHome houses with an image, by completed bookings. */
enum status stays_index(struct db_res **rows);

/* One page of the search and the number of matches (*rows NULL when
 * the page lies past the end); with length_rule the houses whose
 * min_days or non-zero max_days exclude ed - sd nights are left out.  The
 * count comes from the shared stay_counts cache when ihome_count_cache
 * is on and an entry is current (migration 0009). */
enum status stays_search(const struct stay_query *, int length_rule,
                         struct db_res **rows, long long *total);

/* Days since 1970-01-01 of today in China time (UTC+8). */
long stays_today(void);

/* Days since 1970-01-01 of y-m-d (a proleptic Gregorian date), and the
 * ISO text of days into out (11 bytes). */
long stays_days(int y, int m, int d);
void stays_date_text(long days, char out[11]);

#endif
