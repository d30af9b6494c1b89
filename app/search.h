/* The search of released listings around a point (app/search.c): its
 * query, its page, the parsers of its filters and the geometry of a search
 * circle (exposed for the unit tests). */
#ifndef ZF_SEARCH_H
#define ZF_SEARCH_H

#include <stddef.h>

#include "app.h"

/* The earth radius of the contract's haversine distance, in km. */
#define SEARCH_EARTH_KM 6378.137

/* Grid cells of migration 0004 (houses.search_cell): 0.5 degree squares
 * (about 55 by 40 to 48 km in China, so that most circles of a few km lie
 * in one), numbered row * SEARCH_CELL_COLS + column from latitude -90 and
 * longitude -180. */
#define SEARCH_CELL_PER_DEG 2
#define SEARCH_CELL_COLS    721

/* The most cells a search reads one by one; a wider circle reads the
 * spatial index instead. */
#define SEARCH_CELLS_MAX 6

/* Strips of migration 0007 (houses.search_strip): 0.005 degree of
 * longitude wide (about 0.43 to 0.51 km in China), numbered from longitude
 * -180.  A search by distance reads the strips of a small box, each by
 * latitude from the box's south edge to its north edge. */
#define SEARCH_STRIP_PER_DEG 200

/* The most strips one statement reads (its placeholders): boxes up to
 * 0.035 degree wide, circles up to about 1.5 km in China; a wider box
 * reads the spatial index. */
#define SEARCH_STRIPS_MAX 8

/* An inclusive interval "[lo,hi]", "[,hi]" or "[lo,]" of whole numbers in
 * [0, max], spaces allowed around the numbers and the brackets.  A missing
 * bound is 0 or max.  0; -1 when malformed; -2 when lo > hi. */
int search_interval(const char *s, size_t n, long long max, long long *lo,
                    long long *hi);

/* A '|'-list of distinct integers in [min, max] (0 <= min, max <= 62) as a
 * bit mask: bit v set for each value v.  0, or -1 with the rule in err. */
int search_mask(const char *s, size_t n, int min, int max,
                unsigned long long *mask, char *err, size_t errlen);

/* The great-circle distance in km between two points (degrees), by the
 * haversine formula with SEARCH_EARTH_KM. */
double search_distance(double lat1, double lng1, double lat2, double lng2);

/* A latitude/longitude box (degrees) that holds every point within r km of
 * (lat, lng).  Clamped to the map; a box that would cross the
 * antimeridian is cut there. */
struct search_box {
	double lat0, lat1, lng0, lng1;
};
void search_box(double lat, double lng, double r, struct search_box *out);

/* The grid cell of a point, computed as migration 0004 computes it. */
long long search_cell_of(double lat, double lng);

/* The cells that hold points within r km of (lat, lng), into cells (room
 * for max): their count, or -1 when there are more than max. */
int search_cells(double lat, double lng, double r, long long *cells,
                 size_t max);

/* The strips that hold the longitudes [lng0, lng1] (a little more at
 * their edges), into strips (room for SEARCH_STRIPS_MAX): their count, or
 * -1 when there are more. */
int search_strips(double lng0, double lng1, long long *strips);

/* The bounds of the interval filters and the largest bedroom count. */
#define SEARCH_RENT_MAX  1000000 /* yuan a month */
#define SEARCH_SIZE_MAX  10000   /* square metres */
#define SEARCH_ROOMS_MAX 50

/* The most tags of house_characteristic a search matches. */
#define SEARCH_TAGS_MAX 8

/* The orders of a search. */
enum search_sort {
	SEARCH_BY_DISTANCE = 1,
	SEARCH_BY_NEWEST,
	SEARCH_BY_PRAISED,
	SEARCH_BY_RENT,
	SEARCH_BY_RENT_DESC,
	SEARCH_BY_SIZE
};

/* A search: the point (degrees), the radius (km), the order, the page
 * (shift listings skipped, count shown) and the filters, each checked
 * already.  A filter not given: has_* 0, a mask -1, a text NULL, a code
 * 0. */
struct search_query {
	double lat, lng, radius;
	enum search_sort sort;
	long long shift, count;
	int has_rent, has_size; /* inclusive intervals */
	long long rent_lo, rent_hi, size_lo, size_hi;
	/* Bit v for each value v: rent_time_type, rent_room_type (1, 2),
	 * house_rooms, the publisher's user_type (1..3). */
	long long rent_time_mask, rent_room_mask, rooms_mask, source_mask;
	const char *name, *type; /* substrings of the title, the layout */
	size_t name_n, type_n;
	const char *direction, *decoration; /* '|'-lists of exact values */
	size_t direction_n, decoration_n;
	const char *tags; /* a '|'-list, NUL-terminated: any of them */
	long long subdistrict, subway;
};

/* Columns of the rows of a page: the listing's id, its sort key, then
 * these. */
enum {
	SEARCH_COL_ID,
	SEARCH_COL_KEY,
	SEARCH_COL_RENT,
	SEARCH_COL_STATUS,
	SEARCH_COL_DATE,
	SEARCH_COL_SIZE,
	SEARCH_COL_USER_TYPE,
	SEARCH_COL_DURATION,
	SEARCH_COL_PAYMENT,
	SEARCH_COL_PRAISE,
	SEARCH_COL_TYPE,
	SEARCH_COL_TITLE,
	SEARCH_COL_LONGITUDE,
	SEARCH_COL_LATITUDE,
	SEARCH_COL_PHOTOS, /* urls, one per line */
	SEARCH_COL_OWNER
};

/* One listing of a page: row `row` of the result set res. */
struct search_hit {
	const struct db_res *res;
	size_t row;
};

/* A page: hits[0..n) in order; the result sets they are in. */
struct search_page {
	struct search_hit *hits;
	size_t n;
	struct db_res **res;
	size_t nres;
};

/* Run search q (its temporaries in arena a) into *page.  ST_OK or ST_DB;
 * free the page with search_page_free either way. */
enum status search_houses(struct arena *a, const struct search_query *q,
                          struct search_page *page);

/* Free what search_houses put into page. */
void search_page_free(struct search_page *page);

#endif
