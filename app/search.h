/* /search_house (qsz.md 4): the parsers of its filters and the geometry of
 * a search circle, exposed for the unit tests. */
#ifndef ZF_SEARCH_H
#define ZF_SEARCH_H

#include <stddef.h>

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

#endif
