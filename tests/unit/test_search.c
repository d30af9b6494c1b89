/* Unit tests for app/search.c: the interval and list parsers of
 * /search_house and the geometry of a search circle. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "search.h"

#define ERRLEN   256
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- search_interval ---- */

static void
test_interval_accepts(void **state)
{
	static const struct {
		const char *s;
		long long lo, hi;
	} ok[] = {
	        {"[100,500]", 100, 500},
	        {"[100, 500]", 100, 500}, /* the document's example */
	        {"[20, 50]", 20, 50},
	        {"[,800]", 0, 800},
	        {"[, 800]", 0, 800},
	        {"[1000,]", 1000, 1000000},
	        {"[ 1 , 2 ]", 1, 2},
	        {" [1,2] ", 1, 2},
	        {"[5,5]", 5, 5},
	        {"[0,0]", 0, 0},
	        {"[0,]", 0, 1000000},
	        {"[,1000000]", 0, 1000000},
	};
	long long lo, hi;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		lo = hi = -7;
		assert_int_equal(search_interval(ok[i].s, strlen(ok[i].s),
		                                 1000000, &lo, &hi),
		                 0);
		assert_int_equal(lo, ok[i].lo);
		assert_int_equal(hi, ok[i].hi);
	}
}

static void
test_interval_refuses(void **state)
{
	static const char *const bad[] = {
	        "",           " ",        "[]",
	        "[,]",        "[ , ]",    "100,500",
	        "[100,500",   "100,500]", "500",
	        "[500]",      "(1,2)",    "[1;2]",
	        "[a,5]",      "[1,b]",    "[1.5,2]",
	        "[-1,5]",     "[+1,5]",   "[01,5]",
	        "[1,2,3]",    "[1 2,3]",  "[1,1000001]",
	        "[1000001,]", "[1,2]x",   "x[1,2]",
	        "[[1,2]]",    "[1,\t2]",  "[1e3,]",
	};
	long long lo, hi;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(search_interval(bad[i], strlen(bad[i]),
		                                 1000000, &lo, &hi),
		                 -1);
}

static void
test_interval_order(void **state)
{
	long long lo, hi;

	(void)state;
	assert_int_equal(search_interval("[500,100]", 9, 1000, &lo, &hi), -2);
	assert_int_equal(search_interval("[101,100]", 9, 1000, &lo, &hi), -2);
	assert_int_equal(search_interval("[100,100]", 9, 1000, &lo, &hi), 0);
}

static void
test_interval_not_nul_terminated(void **state)
{
	static const char s[] = "[1,23]9";
	long long lo, hi;

	(void)state;
	assert_int_equal(search_interval(s, 6, 1000, &lo, &hi), 0);
	assert_int_equal(hi, 23);
	assert_int_equal(search_interval(s, 5, 1000, &lo, &hi), -1);
}

/* ---- search_mask ---- */

static void
test_mask_accepts(void **state)
{
	unsigned long long m;
	char err[ERRLEN];

	(void)state;
	assert_int_equal(search_mask("1", 1, 1, 2, &m, err, sizeof(err)), 0);
	assert_int_equal(m, 2);
	assert_int_equal(search_mask("1|2", 3, 1, 2, &m, err, sizeof(err)), 0);
	assert_int_equal(m, 6);
	assert_int_equal(search_mask("3|1", 3, 1, 3, &m, err, sizeof(err)), 0);
	assert_int_equal(m, 10);
	assert_int_equal(search_mask("0|50", 4, 0, 50, &m, err, sizeof(err)),
	                 0);
	assert_true(m == (1ULL | 1ULL << 50));
}

static void
test_mask_refuses(void **state)
{
	static const char *const bad[] = {
	        "",   "|",  "1|",  "|2",  "1||2", "0",   "3",
	        "-1", "01", "1,2", "1 2", "a",    "1.0", "1|1",
	};
	unsigned long long m;
	char err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		assert_int_equal(search_mask(bad[i], strlen(bad[i]), 1, 2, &m,
		                             err, sizeof(err)),
		                 -1);
		assert_true(err[0] != '\0');
	}
	/* Bits beyond a 64-bit mask's reach are refused by the caller. */
	assert_int_equal(search_mask("1", 1, 0, 63, &m, err, sizeof(err)), -1);
	assert_int_equal(search_mask("51", 2, 0, 50, &m, err, sizeof(err)), -1);
}

/* ---- the geometry ---- */

static void
test_distance(void **state)
{
	(void)state;
	/* Beijing to Shanghai, and one degree along a meridian (2 pi R /
	 * 360), by the haversine formula with R = 6378.137. */
	assert_true(fabs(search_distance(39.9042, 116.4074, 31.2304, 121.4737) -
	                 1068.505806257518) < 1e-6);
	assert_true(fabs(search_distance(0, 0, 1, 0) - 111.31949079327356) <
	            1e-9);
	assert_true(fabs(search_distance(40, 90, 40, 90.01) -
	                 0.852756772883449) < 1e-9);
	assert_true(search_distance(40, 90, 40, 90) == 0);
	assert_true(fabs(search_distance(12, 34, 56, 78) -
	                 search_distance(56, 78, 12, 34)) < 1e-9);
}

/* The point d km from (lat, lng) in direction bearing (degrees). */
static void
destination(double lat, double lng, double bearing, double d, double *lat2,
            double *lng2)
{
	double p1 = lat * M_PI / 180, l1 = lng * M_PI / 180;
	double t = bearing * M_PI / 180, dl = d / SEARCH_EARTH_KM, p2;

	p2 = asin(sin(p1) * cos(dl) + cos(p1) * sin(dl) * cos(t));
	*lat2 = p2 * 180 / M_PI;
	*lng2 = (l1 + atan2(sin(t) * sin(dl) * cos(p1),
	                    cos(dl) - sin(p1) * sin(p2))) *
	        180 / M_PI;
}

static const double centres[][2] = {
        {39.9042, 116.4074}, {22.5431, 114.0579}, {43.8171, 125.3235},
        {40.0, 90.0},        {0.0, 0.0},          {-33.86, 151.21},
        {64.1, -21.9},       {0.05, 0.05},        {39.95, 116.45},
};
static const double radii[] = {0.1, 0.5, 3, 5, 10, 12.5, 50};

static void
test_box_holds_circle(void **state)
{
	struct search_box b;
	double lat, lng;
	size_t c, r;
	int deg;

	(void)state;
	for (c = 0; c < NELEM(centres); c++)
		for (r = 0; r < NELEM(radii); r++) {
			search_box(centres[c][0], centres[c][1], radii[r], &b);
			for (deg = 0; deg < 360; deg++) {
				destination(centres[c][0], centres[c][1], deg,
				            radii[r], &lat, &lng);
				assert_true(lat >= b.lat0 && lat <= b.lat1);
				assert_true(lng >= b.lng0 && lng <= b.lng1);
			}
			/* Not much larger than the circle either. */
			assert_true((b.lat1 - b.lat0) * 111.3195 <
			            2 * radii[r] * 1.001 + 1e-6);
		}
}

static void
test_box_near_pole(void **state)
{
	struct search_box b;

	(void)state;
	search_box(89.99, 10, 5, &b);
	assert_true(b.lat1 == 90);
	assert_true(b.lng0 == -180 && b.lng1 == 180);
	search_box(0, 179.99, 5, &b);
	assert_true(b.lng1 == 180);
}

static void
test_cell_of(void **state)
{
	(void)state;
	/* Row (lat + 90) * 2, column (lng + 180) * 2, as migration 0004. */
	assert_int_equal(search_cell_of(39.92, 116.41),
	                 259LL * SEARCH_CELL_COLS + 592);
	assert_int_equal(search_cell_of(-90, -180), 0);
	assert_int_equal(search_cell_of(0.0, 0.0),
	                 180LL * SEARCH_CELL_COLS + 360);
	assert_int_equal(search_cell_of(-0.01, -0.01),
	                 179LL * SEARCH_CELL_COLS + 359);
}

static int
has_cell(const long long *cells, int n, long long cell)
{
	int i;

	for (i = 0; i < n; i++)
		if (cells[i] == cell)
			return 1;
	return 0;
}

/* The i-th test point of the circle of r km around (lat, lng): the first
 * 360 on its edge, one a degree, then random points inside. */
static void
circle_point(double lat, double lng, double r, int i, double *plat,
             double *plng)
{
	double d = r * sqrt(rand() / (double)RAND_MAX);

	if (i < 360)
		d = r;
	destination(lat, lng, i < 360 ? i : rand() % 36000 / 100.0, d, plat,
	            plng);
}

/* Every point of the circle lies in one of the cells returned. */
static void
test_cells_cover_circle(void **state)
{
	long long cells[64];
	double lat, lng;
	size_t c, r;
	int n, i;

	(void)state;
	srand(3);
	for (c = 0; c < NELEM(centres); c++)
		for (r = 0; r < NELEM(radii) && radii[r] <= 12.5; r++) {
			n = search_cells(centres[c][0], centres[c][1], radii[r],
			                 cells, NELEM(cells));
			assert_true(n >= 1);
			for (i = 0; i < 20000; i++) {
				circle_point(centres[c][0], centres[c][1],
				             radii[r], i, &lat, &lng);
				assert_true(has_cell(cells, n,
				                     search_cell_of(lat, lng)));
			}
		}
}

static void
test_cells_counts(void **state)
{
	long long cells[SEARCH_CELLS_MAX];
	int n;

	(void)state;
	/* In the middle of a cell, a small circle touches it alone. */
	assert_int_equal(search_cells(39.75, 116.25, 1, cells, NELEM(cells)),
	                 1);
	assert_int_equal(cells[0], search_cell_of(39.75, 116.25));
	/* On a corner of four cells: four. */
	assert_int_equal(search_cells(40.0, 116.5, 1, cells, NELEM(cells)), 4);
	/* 5 and 10 km around Beijing's centre: a few; 50 km: too many. */
	n = search_cells(39.9042, 116.4074, 5, cells, NELEM(cells));
	assert_true(n >= 1 && n <= 4);
	n = search_cells(39.9042, 116.4074, 10, cells, NELEM(cells));
	assert_true(n >= 1 && n <= 6);
	assert_int_equal(
	        search_cells(39.9042, 116.4074, 50, cells, NELEM(cells)), -1);
}

/* The strip of a longitude, as migration 0007 computes it. */
static long long
strip_of(double lng)
{
	return (long long)floor((lng + 180) * SEARCH_STRIP_PER_DEG);
}

/* Every point of a circle small enough lies in one of the strips of its
 * box, which are consecutive. */
static void
test_strips_cover_circle(void **state)
{
	static const double small[] = {0.05, 0.25, 0.7, 1.2};
	static const double more[][2] = {
	        {-12.05, -77.04}, {40.4, -3.7}, {19.43, -99.13}, {0.0, -0.001}};
	long long strips[SEARCH_STRIPS_MAX];
	struct search_box b;
	double lat, lng, clat, clng;
	size_t c, r;
	int n, i, k;

	(void)state;
	srand(5);
	for (c = 0; c < NELEM(centres) + NELEM(more); c++) {
		clat = c < NELEM(centres) ? centres[c][0]
		                          : more[c - NELEM(centres)][0];
		clng = c < NELEM(centres) ? centres[c][1]
		                          : more[c - NELEM(centres)][1];
		if (fabs(clat) > 60)
			continue; /* strips too narrow there: test_strips_wide
			           */
		for (r = 0; r < NELEM(small); r++) {
			search_box(clat, clng, small[r], &b);
			n = search_strips(b.lng0, b.lng1, strips);
			assert_true(n >= 1 && n <= SEARCH_STRIPS_MAX);
			for (k = 1; k < n; k++)
				assert_int_equal(strips[k], strips[k - 1] + 1);
			for (i = 0; i < 5000; i++) {
				long long st;

				circle_point(clat, clng, small[r], i, &lat,
				             &lng);
				st = strip_of(lng);
				assert_true(st >= strips[0] &&
				            st <= strips[n - 1]);
			}
		}
	}
}

/* A point on a strip's edge belongs to the strips on both sides. */
static void
test_strips_edges(void **state)
{
	long long strips[SEARCH_STRIPS_MAX];
	int n;

	(void)state;
	n = search_strips(116.4 - 0.001, 116.4 + 0.001, strips);
	assert_true(n == 1 || n == 2);
	assert_true(strips[0] <= strip_of(116.4) &&
	            strips[n - 1] >= strip_of(116.4));
	assert_int_equal(search_strips(116.395, 116.396, strips), 2);
	assert_int_equal(strips[0], strip_of(116.395) - 1);
	assert_int_equal(search_strips(-3.705, -3.704, strips), 2);
	assert_int_equal(strips[1], strip_of(-3.705));
}

/* The map's edges: boxes clamped at -180 and 180 start at strip 0 and end
 * at the strip of 180, as migration 0007 numbers them. */
static void
test_strips_map_edges(void **state)
{
	long long strips[SEARCH_STRIPS_MAX];
	int n;

	(void)state;
	n = search_strips(-180, -179.99, strips);
	assert_true(n >= 1 && strips[0] == 0);
	n = search_strips(179.99, 180, strips);
	assert_true(n >= 1 && strips[n - 1] == strip_of(180));
}

/* Boxes wider than SEARCH_STRIPS_MAX strips are refused (the spatial index
 * reads them); 0.035 degree is 8 strips at most. */
static void
test_strips_wide(void **state)
{
	long long strips[SEARCH_STRIPS_MAX];
	struct search_box b;

	(void)state;
	assert_true(search_strips(116.3001, 116.3349, strips) <=
	            SEARCH_STRIPS_MAX);
	assert_int_equal(search_strips(116.3001, 116.3451, strips), -1);
	search_box(39.9, 116.4, 5, &b);
	assert_int_equal(search_strips(b.lng0, b.lng1, strips), -1);
	search_box(64.1, -21.9, 1.2, &b);
	assert_int_equal(search_strips(b.lng0, b.lng1, strips), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_interval_accepts),
	        cmocka_unit_test(test_interval_refuses),
	        cmocka_unit_test(test_interval_order),
	        cmocka_unit_test(test_interval_not_nul_terminated),
	        cmocka_unit_test(test_mask_accepts),
	        cmocka_unit_test(test_mask_refuses),
	        cmocka_unit_test(test_distance),
	        cmocka_unit_test(test_box_holds_circle),
	        cmocka_unit_test(test_box_near_pole),
	        cmocka_unit_test(test_cell_of),
	        cmocka_unit_test(test_cells_cover_circle),
	        cmocka_unit_test(test_cells_counts),
	        cmocka_unit_test(test_strips_cover_circle),
	        cmocka_unit_test(test_strips_edges),
	        cmocka_unit_test(test_strips_map_edges),
	        cmocka_unit_test(test_strips_wide),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
