/* /search_house (qsz.md 4): released listings around a point, filtered,
 * sorted and paged.
 *
 * How a search reads (migrations 0004, 0006 and 0007 have the columns and
 * indexes):
 *   - by distance: the first shift + count listings of a circle by
 *     distance; they are the answer when there are that many (anything
 *     outside the circle is farther), else a wider circle, up to the
 *     radius.  A circle is read through the 0.005-degree strips of
 *     longitude its box spans when there are filters and few strips (the
 *     filters are checked in that index), else through the spatial index.
 *     The first circle is sized by what the worker saw nearby before, so
 *     a search reads about shift + count listings however dense the city;
 *   - any other order: the 0.5-degree grid cells the circle touches (at
 *     most SEARCH_CELLS_MAX), each through its index in that order (one
 *     statement with every column when there is one cell), the
 *     cell holding most of the circle first, each read down to the
 *     (shift + count)-th best key found so far, then merged; a wider
 *     circle reads the spatial index and sorts everything inside it.
 * Statements come without filters, with the filters the search indexes
 * hold (checked inside them) or with every filter, and return every column
 * of the answer (photo urls and the publisher's type are kept on the
 * listing, migration 0006) for the few rows they return: no further query
 * for the page. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "buf.h"
#include "qsz/handlers.h"
#include "log.h"
#include "schema.h"
#include "search.h"
#include "valid.h"
#include "vlist.h"

/* ---- parsers and geometry (search.h) ---------------------------------- */

static const char *
skip_spaces(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

/* A bound between p and end (spaces around allowed): 0 with *v set, 1 when
 * empty, -1 when not a whole number in [0, max]. */
static int
bound(const char *p, const char *end, long long max, long long *v)
{
	p = skip_spaces(p, end);
	while (end > p && end[-1] == ' ')
		end--;
	if (p == end)
		return 1;
	return valid_int(p, (size_t)(end - p), 0, max, v, NULL, 0) < 0 ? -1 : 0;
}

int
search_interval(const char *s, size_t n, long long max, long long *lo,
                long long *hi)
{
	const char *p = skip_spaces(s, s + n), *end = s + n, *comma;
	int a, b;

	while (end > p && end[-1] == ' ')
		end--;
	if (end - p < 3 || *p != '[' || end[-1] != ']')
		return -1;
	p++;
	end--;
	comma = memchr(p, ',', (size_t)(end - p));
	if (comma == NULL)
		return -1;
	a = bound(p, comma, max, lo);
	b = bound(comma + 1, end, max, hi);
	if (a < 0 || b < 0 || (a == 1 && b == 1))
		return -1;
	if (a == 1)
		*lo = 0;
	if (b == 1)
		*hi = max;
	return *lo > *hi ? -2 : 0;
}

int
search_mask(const char *s, size_t n, int min, int max, unsigned long long *mask,
            char *err, size_t errlen)
{
	long long v[64];
	size_t k, i;

	if (min < 0 || max > 62 || min > max)
		return -1;
	if (vlist_ints(s, n, min, max, (size_t)(max - min + 1), v, &k, err,
	               errlen) < 0)
		return -1;
	*mask = 0;
	for (i = 0; i < k; i++)
		*mask |= 1ULL << v[i];
	return 0;
}

#define RAD(d) ((d) * (M_PI / 180.0))
#define DEG(r) ((r) * (180.0 / M_PI))

double
search_distance(double lat1, double lng1, double lat2, double lng2)
{
	double a = sin(RAD(lat2 - lat1) / 2), b = sin(RAD(lng2 - lng1) / 2);
	double h = a * a + cos(RAD(lat1)) * cos(RAD(lat2)) * b * b;

	return 2 * SEARCH_EARTH_KM * asin(sqrt(h < 1 ? h : 1));
}

void
search_box(double lat, double lng, double r, struct search_box *out)
{
	double theta = r / SEARCH_EARTH_KM, dlat = DEG(theta), s;

	/* A little more than exact, so rounding never cuts the circle. */
	dlat = dlat * (1 + 1e-9) + 1e-9;
	out->lat0 = lat - dlat < -90 ? -90 : lat - dlat;
	out->lat1 = lat + dlat > 90 ? 90 : lat + dlat;
	/* The widest longitude span of the circle: sin(dlng) = sin(theta) /
	 * cos(lat); a circle over a pole spans every longitude. */
	s = cos(RAD(lat)) > 0 ? sin(theta) / cos(RAD(lat)) : 2;
	if (fabs(lat) + dlat >= 90 || s >= 1 || theta >= M_PI / 2) {
		out->lng0 = -180;
		out->lng1 = 180;
		return;
	}
	s = DEG(asin(s)) * (1 + 1e-9) + 1e-9;
	out->lng0 = lng - s < -180 ? -180 : lng - s;
	out->lng1 = lng + s > 180 ? 180 : lng + s;
}

long long
search_cell_of(double lat, double lng)
{
	return (long long)floor((lat + 90) * SEARCH_CELL_PER_DEG) *
	               SEARCH_CELL_COLS +
	       (long long)floor((lng + 180) * SEARCH_CELL_PER_DEG);
}

static double
clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int
search_cells(double lat, double lng, double r, long long *cells, size_t max)
{
	struct search_box b;
	long long row, col, row0, row1, col0, col1;
	double la0, lo0;
	size_t n = 0;

	search_box(lat, lng, r, &b);
	row0 = (long long)floor((b.lat0 + 90) * SEARCH_CELL_PER_DEG - 1e-6);
	row1 = (long long)floor((b.lat1 + 90) * SEARCH_CELL_PER_DEG + 1e-6);
	col0 = (long long)floor((b.lng0 + 180) * SEARCH_CELL_PER_DEG - 1e-6);
	col1 = (long long)floor((b.lng1 + 180) * SEARCH_CELL_PER_DEG + 1e-6);
	if ((row1 - row0 + 1) * (col1 - col0 + 1) > 4 * (long long)max + 4)
		return -1; /* far too many: do not count them */
	for (row = row0; row <= row1; row++)
		for (col = col0; col <= col1; col++) {
			/* Skip a cell of the box's corners that the circle
			 * misses: the nearest point of the cell (clamping is
			 * exact along a meridian and a hair long otherwise,
			 * so 10 m of slack). */
			la0 = (double)row / SEARCH_CELL_PER_DEG - 90;
			lo0 = (double)col / SEARCH_CELL_PER_DEG - 180;
			if (search_distance(
			            lat, lng,
			            clamp(lat, la0,
			                  la0 + 1.0 / SEARCH_CELL_PER_DEG),
			            clamp(lng, lo0,
			                  lo0 + 1.0 / SEARCH_CELL_PER_DEG)) >
			    r + 0.01)
				continue;
			if (n == max)
				return -1;
			cells[n++] = row * SEARCH_CELL_COLS + col;
		}
	return (int)n;
}

int
search_strips(double lng0, double lng1, long long *strips)
{
	long long s0, s1, i;

	/* The margins make a point on an edge belong to both strips, however
	 * MariaDB rounds (the box is a hair wider than the circle anyway). */
	s0 = (long long)floor((lng0 + 180) * SEARCH_STRIP_PER_DEG - 1e-6);
	s1 = (long long)floor((lng1 + 180) * SEARCH_STRIP_PER_DEG + 1e-6);
	s0 = s0 < 0 ? 0 : s0;
	if (s1 < s0 || s1 - s0 >= SEARCH_STRIPS_MAX)
		return s1 < s0 ? 0 : -1;
	for (i = s0; i <= s1; i++)
		strips[i - s0] = i;
	return (int)(s1 - s0 + 1);
}

/* ---- the parameters ------------------------------------------------ */

enum {
	S_LONGITUDE,
	S_LATITUDE,
	S_HOUSE_NAME,
	S_HOUSE_TYPE,
	S_RENT_TIME_TYPE,
	S_RENT_ROOM_TYPE,
	S_RENT_FEE,
	S_SOURCE,
	S_SIZE,
	S_DIRECTION,
	S_DECORATION,
	S_ROOMS,
	S_CHARACTERISTIC,
	S_SUBDISTRICT,
	S_SUBWAY,
	S_RADIUS,
	S_SHIFT,
	S_COUNT,
	S_SORT,
	S__MAX
};

/* Limits of the filters (the listings' own are in houses.c). */
#define RENT_MAX    1000000
#define SIZE_MAX_M2 10000
#define ROOMS_MAX   50
#define WORDS_MAX   16 /* house_direction, house_decoration */
#define SHIFT_MAX   10000
#define COUNT_MAX   100
#define EXT_CODE    999999999999LL

static const char interval_rule[] = "expected [lo,hi], [,hi] or [lo,]";

/* Write the rule into err; the dispatcher names the parameter. */
static int
rule(char *err, size_t len, const char *text)
{
	int w = snprintf(err, len, "%s", text);

	if (w < 0 || (size_t)w >= len)
		err[0] = '\0';
	return -1;
}

static int
check_interval(const char *s, size_t n, long long max, char *err, size_t len)
{
	long long lo, hi;
	int rc = search_interval(s, n, max, &lo, &hi);

	if (rc == -2)
		return rule(err, len,
		            "expected [lo,hi], [,hi] or [lo,] with lo <= hi");
	return rc < 0 ? rule(err, len, interval_rule) : 0;
}

static int
check_fee(const char *s, size_t n, char *err, size_t len)
{
	return check_interval(s, n, RENT_MAX, err, len);
}

static int
check_size(const char *s, size_t n, char *err, size_t len)
{
	return check_interval(s, n, SIZE_MAX_M2, err, len);
}

static int
check_one_two(const char *s, size_t n, char *err, size_t len)
{
	unsigned long long m;

	return search_mask(s, n, 1, 2, &m, err, len);
}

static int
check_source(const char *s, size_t n, char *err, size_t len)
{
	unsigned long long m;

	return search_mask(s, n, 1, 3, &m, err, len);
}

static int
check_rooms(const char *s, size_t n, char *err, size_t len)
{
	unsigned long long m;

	return search_mask(s, n, 0, ROOMS_MAX, &m, err, len);
}

static int
check_words(const char *s, size_t n, char *err, size_t len)
{
	return vlist_texts(s, n, WORDS_MAX, 10, err, len);
}

static int
check_tags(const char *s, size_t n, char *err, size_t len)
{
	return vlist_texts(s, n, SEARCH_TAGS, 20, err, len);
}

/* All optional but the point; an empty value counts as not given. */
const struct pspec h_search_house_params[] = {
        [S_LONGITUDE] = PARAM_NUM("longitude", PF_REQUIRED, -180.0, 180.0),
        [S_LATITUDE] = PARAM_NUM("latitude", PF_REQUIRED, -90.0, 90.0),
        /* A substring of the title, of the layout. */
        [S_HOUSE_NAME] = PARAM_TEXT("house_name", PF_EMPTY, 1, 60, NULL),
        [S_HOUSE_TYPE] = PARAM_TEXT("house_type", PF_EMPTY, 1, 20, NULL),
        /* |-lists: 1 short, 2 long; 1 whole, 2 a room. */
        [S_RENT_TIME_TYPE] = PARAM_TEXT("house_rent_time_type", PF_EMPTY, 1, 8,
                                        check_one_two),
        [S_RENT_ROOM_TYPE] = PARAM_TEXT("house_rent_room_type", PF_EMPTY, 1, 8,
                                        check_one_two),
        /* Yuan a month, inclusive. */
        [S_RENT_FEE] = PARAM_TEXT("house_rent_fee", PF_EMPTY, 1, 40, check_fee),
        /* The publisher's user_type: 1 landlord, 2 sub-landlord, 3 agent. */
        [S_SOURCE] = PARAM_TEXT("house_source", PF_EMPTY, 1, 8, check_source),
        /* Square metres, inclusive. */
        [S_SIZE] = PARAM_TEXT("house_size", PF_EMPTY, 1, 40, check_size),
        /* Exact values, |-separated. */
        [S_DIRECTION] =
                PARAM_TEXT("house_direction", PF_EMPTY, 1, 200, check_words),
        [S_DECORATION] =
                PARAM_TEXT("house_decoration", PF_EMPTY, 1, 200, check_words),
        [S_ROOMS] = PARAM_TEXT("house_rooms", PF_EMPTY, 1, 160, check_rooms),
        /* Any of these tags. */
        [S_CHARACTERISTIC] = PARAM_TEXT("house_characteristic", PF_EMPTY, 1,
                                        200, check_tags),
        [S_SUBDISTRICT] = PARAM_INT("subdistrict_code", PF_EMPTY, 1, EXT_CODE),
        [S_SUBWAY] = PARAM_INT("subway_station_code", PF_EMPTY, 1, EXT_CODE),
        /* km */
        [S_RADIUS] = PARAM_NUM("radius", PF_EMPTY, 0.0, 50.0),
        [S_SHIFT] = PARAM_INT("shift", PF_EMPTY, 0, SHIFT_MAX),
        [S_COUNT] = PARAM_INT("count", PF_EMPTY, 1, COUNT_MAX),
        /* 1 distance, 2 newest, 3 most praised, 4 rent ascending, 5 rent
         * descending, 6 size ascending. */
        [S_SORT] = PARAM_INT("sort", PF_EMPTY, 1, 6),
        [S__MAX] = PARAM_END,
};

/* ---- the search ------------------------------------------------------ */

enum sort {
	SORT_DISTANCE = 1,
	SORT_NEWEST,
	SORT_PRAISED,
	SORT_RENT,
	SORT_RENT_DESC,
	SORT_SIZE
};

/* The filters given: none, only on the columns of the search indexes
 * (SEARCH_BASIC), or others too (SEARCH_EXTRA).  Statements come in these
 * three variants. */
enum level { F_NONE, F_BASIC, F_ALL };

/* How a cell's statement is bounded by the k-th best key found so far:
 * key <= bound (ascending orders), key >= bound (descending ones), the
 * release time at or after bound (newest first). */
enum bound { B_LE, B_GE, B_TIME_GE };

/* The statements of each order other than distance, by filter level: one
 * cell, the whole circle. */
static const struct {
	unsigned cell[3], wide[3];
	int desc;
	enum bound bound;
} orders[] = {
#define ORDER(up, desc, bound)                                                 \
	{                                                                      \
		{Q_SEARCH_CELL_##up, Q_SEARCH_CELL_##up##_B,                   \
		 Q_SEARCH_CELL_##up##_F},                                      \
		        {Q_SEARCH_WIDE_##up, Q_SEARCH_WIDE_##up##_B,           \
		         Q_SEARCH_WIDE_##up##_F},                              \
		        desc, bound                                            \
	}
        [SORT_NEWEST] = ORDER(NEW, 1, B_TIME_GE),
        [SORT_PRAISED] = ORDER(PRAISED, 1, B_GE),
        [SORT_RENT] = ORDER(RENT, 0, B_LE),
        [SORT_RENT_DESC] = ORDER(RENT_DESC, 1, B_GE),
        [SORT_SIZE] = ORDER(SIZE, 0, B_LE),
#undef ORDER
};

static const unsigned near_q[3] = {Q_SEARCH_NEAR, Q_SEARCH_NEAR_B,
                                   Q_SEARCH_NEAR_F};
/* None without filters: near() reads the spatial index then. */
static const unsigned strips_q[3] = {Q__MAX, Q_SEARCH_STRIPS_B,
                                     Q_SEARCH_STRIPS_F};

/* A listing found: its id, its sort key and its row with every column. */
struct cand {
	long long id;
	double key;
	const struct db_res *res;
	size_t row;
};

struct search {
	double lat, lng, radius;
	enum sort sort;
	long long shift, count, k; /* k = shift + count */
	enum level level;          /* the filters given: which statements */
	struct db_val f[SEARCH_BASIC_ARGS + SEARCH_EXTRA_ARGS];
	struct cand *c; /* the candidates, in order once merged */
	size_t n, cap;
	struct db_res **res; /* every statement's rows, freed at the end */
	size_t nres;
};

/* A '|'-list as FIND_IN_SET's ','-list (items hold no ','). */
static const char *
comma_list(struct req *r, const struct pval *v)
{
	char *s = arena_strndup(r->a, v->s, v->n), *p;

	for (p = s; *p != '\0'; p++)
		if (*p == '|')
			*p = ',';
	return s;
}

/* A checked list's mask as an argument; -1 (every bit) when not given. */
static struct db_val
mask_arg(const struct pval *v, int min, int max)
{
	unsigned long long m = 0;

	if (!v->set || search_mask(v->s, v->n, min, max, &m, NULL, 0) < 0)
		return DB_INT(-1);
	return DB_INT((long long)m);
}

/* The statements a filter needs: those with SEARCH_BASIC for the columns of
 * the ix_houses_search_* indexes, those with every filter for the rest. */
static enum level
filter_level(int param)
{
	switch (param) {
	case S_RENT_TIME_TYPE:
	case S_RENT_ROOM_TYPE:
	case S_RENT_FEE:
	case S_SIZE:
	case S_ROOMS:
		return F_BASIC;
	default:
		return F_ALL;
	}
}

/* The filters' level and arguments: SEARCH_BASIC's, then SEARCH_EXTRA's
 * (schema.c), in their order. */
static void
filters(struct req *r, struct search *s)
{
	const struct pval *p = r->p;
	long long lo = 0, hi = RENT_MAX;
	size_t n = 0, i, len;
	const char *t, *bar;

	for (i = S_HOUSE_NAME; i <= S_SUBWAY; i++)
		if (p[i].set && s->level < filter_level((int)i))
			s->level = filter_level((int)i);

	/* SEARCH_BASIC */
	if (p[S_RENT_FEE].set)
		search_interval(p[S_RENT_FEE].s, p[S_RENT_FEE].n, RENT_MAX, &lo,
		                &hi);
	s->f[n++] = DB_INT(lo);
	s->f[n++] = DB_INT(hi);
	lo = 0;
	hi = SIZE_MAX_M2;
	if (p[S_SIZE].set)
		search_interval(p[S_SIZE].s, p[S_SIZE].n, SIZE_MAX_M2, &lo,
		                &hi);
	s->f[n++] = DB_INT(lo);
	s->f[n++] = DB_INT(hi);
	s->f[n++] = mask_arg(&p[S_RENT_TIME_TYPE], 1, 2);
	s->f[n++] = mask_arg(&p[S_RENT_ROOM_TYPE], 1, 2);
	s->f[n++] = mask_arg(&p[S_ROOMS], 0, ROOMS_MAX);

	/* SEARCH_EXTRA */
	s->f[n++] = p[S_HOUSE_NAME].set
	                    ? DB_TEXT(p[S_HOUSE_NAME].s, p[S_HOUSE_NAME].n)
	                    : DB_TEXT("", 0);
	s->f[n++] = p[S_HOUSE_TYPE].set
	                    ? DB_TEXT(p[S_HOUSE_TYPE].s, p[S_HOUSE_TYPE].n)
	                    : DB_TEXT("", 0);
	s->f[n++] = p[S_DIRECTION].set ? DB_STR(comma_list(r, &p[S_DIRECTION]))
	                               : DB_NULLV;
	s->f[n++] = p[S_DECORATION].set
	                    ? DB_STR(comma_list(r, &p[S_DECORATION]))
	                    : DB_NULLV;
	/* The tags, padded with NULLs. */
	t = p[S_CHARACTERISTIC].set ? p[S_CHARACTERISTIC].s : NULL;
	for (i = 0; i < SEARCH_TAGS; i++) {
		if (t == NULL) {
			s->f[n++] = DB_NULLV;
			continue;
		}
		bar = strchr(t, '|');
		len = bar ? (size_t)(bar - t) : strlen(t);
		s->f[n++] = DB_TEXT(t, len);
		t = bar ? bar + 1 : NULL;
	}
	s->f[n++] =
	        p[S_SUBDISTRICT].set ? DB_INT(p[S_SUBDISTRICT].i) : DB_NULLV;
	s->f[n++] = p[S_SUBWAY].set ? DB_INT(p[S_SUBWAY].i) : DB_NULLV;
	s->f[n] = p[S_SOURCE].set ? mask_arg(&p[S_SOURCE], 1, 3) : DB_NULLV;
	s->f[n + 1] = s->f[n];
	n += 2;
	if (n != SEARCH_BASIC_ARGS + SEARCH_EXTRA_ARGS)
		abort(); /* SEARCH_BASIC or _EXTRA changed: adapt this */
}

/* Run statement q[level] with the arguments a[0..n), the filters' of the
 * level, then the limit k.  Its rows (id, key, every column of the answer)
 * are added to s->c, after the candidates before unless fresh (a search by
 * distance reads a wider circle again). */
static enum status
collect(struct search *s, const unsigned q[3], struct db_val *a, size_t n,
        int fresh)
{
	static const size_t nf[3] = {0, SEARCH_BASIC_ARGS,
	                             SEARCH_BASIC_ARGS + SEARCH_EXTRA_ARGS};
	struct db_res *rows = NULL;
	size_t i;
	int rc;

	memcpy(a + n, s->f, nf[s->level] * sizeof(*a));
	n += nf[s->level];
	a[n++] = DB_INT(s->k);
	rc = db_exec(app.db, q[s->level], a, n, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "search");
	if (fresh) {
		/* The rows before are superseded. */
		s->n = 0;
		while (s->nres > 0)
			db_res_free(s->res[--s->nres]);
	}
	s->res = xrealloc(s->res, (s->nres + 1) * sizeof(*s->res));
	s->res[s->nres++] = rows;
	if (s->n + rows->nrows > s->cap) {
		s->cap = (s->n + rows->nrows) * 2;
		s->c = xrealloc(s->c, s->cap * sizeof(*s->c));
	}
	for (i = 0; i < rows->nrows; i++) {
		const struct db_val *key = db_cell(rows, i, 1);

		s->c[s->n].id = db_int(rows, i, 0, 0);
		s->c[s->n].key = key->t == DBT_DOUBLE ? key->d : (double)key->i;
		s->c[s->n].res = rows;
		s->c[s->n].row = i;
		s->n++;
	}
	return ST_OK;
}

/* SEARCH_HAV's arguments: the point's latitude, the cosine of it, its
 * longitude. */
static size_t
hav_args(const struct search *s, struct db_val *a)
{
	a[0] = DB_DBL(s->lat);
	a[1] = DB_DBL(cos(RAD(s->lat)));
	a[2] = DB_DBL(s->lng);
	return 3;
}

/* SEARCH_HAV of a point r km away: sin2(r / 2R).  Distance and SEARCH_HAV
 * grow together, so "within r" and "by distance" need no arc sine. */
static double
hav_of(double r)
{
	double x = sin(r / (2 * SEARCH_EARTH_KM));

	return x * x;
}

/* The box of a circle of r km for SEARCH_IN_BOX: west, south, east,
 * north. */
static size_t
box_args(const struct search *s, double r, struct db_val *a)
{
	struct search_box b;

	search_box(s->lat, s->lng, r, &b);
	a[0] = DB_DBL(b.lng0);
	a[1] = DB_DBL(b.lat0);
	a[2] = DB_DBL(b.lng1);
	a[3] = DB_DBL(b.lat1);
	return 4;
}

/* The box b (south, north, west, east), the point and the haversine of r
 * km: how SEARCH_STRIPS' and SEARCH_CELL's arguments end before the bound
 * and the filters.  Returns their count. */
static size_t
circle_args(const struct search *s, const struct search_box *b, double r,
            struct db_val *a)
{
	size_t n;

	a[0] = DB_DBL(b->lat0);
	a[1] = DB_DBL(b->lat1);
	a[2] = DB_DBL(b->lng0);
	a[3] = DB_DBL(b->lng1);
	n = 4 + hav_args(s, a + 4);
	a[n++] = DB_DBL(hav_of(r));
	return n;
}

_Static_assert(3 + SEARCH_STRIPS_MAX + 8 + SEARCH_BASIC_ARGS +
                               SEARCH_EXTRA_ARGS + 1 <=
                       DB_MAX_ARGS,
               "SEARCH_STRIPS with every filter has too many arguments");

/* The arguments of SEARCH_STRIPS for a circle of r km after the point:
 * its strips (the last repeated to fill the placeholders), its box
 * (south, north, west, east), the point, the haversine of r.  Returns
 * their count, or 0 when the box spans too many strips. */
static size_t
strips_args(const struct search *s, double r, struct db_val *a)
{
	long long strips[SEARCH_STRIPS_MAX];
	struct search_box b;
	size_t n = 0;
	int ns, i;

	search_box(s->lat, s->lng, r, &b);
	if ((ns = search_strips(b.lng0, b.lng1, strips)) <= 0)
		return 0;
	for (i = 0; i < SEARCH_STRIPS_MAX; i++)
		a[n++] = DB_INT(strips[i < ns ? i : ns - 1]);
	return n + circle_args(s, &b, r, a + n);
}

/* What each worker remembers of the density of listings around the
 * points it searched (listings per km2, with filters or without), so that
 * its next search by distance nearby starts with a circle that holds
 * about the listings it needs: a hint, never a result. */
#define HINTS         4096
#define HINT_CELL_DEG 0.02
#define HINT_MARGIN   1.2

static struct {
	long long key; /* 0: empty */
	double density;
} hints[HINTS];

static long long
hint_key(const struct search *s)
{
	return ((long long)floor((s->lat + 90) / HINT_CELL_DEG) * 20000 +
	        (long long)floor((s->lng + 180) / HINT_CELL_DEG)) *
	               3 +
	       (long long)s->level + 1;
}

/* Remember the density seen: n listings within r km. */
static void
hint_set(size_t h, long long key, size_t n, double r)
{
	double density;

	if (n == 0 || r <= 0)
		return;
	density = (double)n / (M_PI * r * r);
	if (hints[h].key == key)
		density = (hints[h].density + density) / 2;
	hints[h].key = key;
	hints[h].density = density;
}

/* Sort by distance.  The first k listings of the box of a circle by
 * distance are the answer when the k-th lies inside the circle: anything
 * outside it is farther.  Otherwise a wider circle, up to the radius. */
static enum status
near(struct search *s)
{
	struct db_val a[DB_MAX_ARGS];
	long long key = hint_key(s);
	size_t h = (size_t)(key % HINTS), n, m, in;
	double r, hr, grow, d;
	enum status st;

	/* The hint's circle for k listings, a little wider; else 250 m,
	 * which holds 20 listings in a dense centre.  (A guess from the
	 * density seen elsewhere was measured: cheaper at 100,000 listings,
	 * dearer at 1,000,000, where a box too wide reads hundreds of rows
	 * while one too narrow costs one more statement.) */
	if (hints[h].key == key && hints[h].density > 0)
		r = HINT_MARGIN *
		    sqrt((double)s->k / (M_PI * hints[h].density));
	else
		r = 0.25 * sqrt((double)s->k / 20);
	r = r < 0.05 ? 0.05 : r > s->radius ? s->radius : r;
	for (;;) {
		/* With filters, a small box through its strips, which check
		 * them in the index; else, or a wider box, the spatial index,
		 * which reads about the box's listings alone (measured at
		 * 1,000,000 listings: without filters both cost the same
		 * within the noise, with three the strips are some 50%
		 * faster). */
		n = hav_args(s, a);
		if (s->level != F_NONE && (m = strips_args(s, r, a + n)) > 0)
			st = collect(s, strips_q, a, n + m, 1);
		else
			st = collect(s, near_q, a, n + box_args(s, r, a + n),
			             1);
		if (st != ST_OK)
			return st;
		hr = hav_of(r);
		for (in = 0; in < s->n && s->c[in].key <= hr; in++)
			;
		if (in >= (size_t)s->k) {
			/* The k-th listing's distance gives the density. */
			d = 2 * SEARCH_EARTH_KM *
			    asin(sqrt(s->c[s->k - 1].key));
			hint_set(h, key, (size_t)s->k, d > 0.01 ? d : 0.01);
			return ST_OK;
		}
		hint_set(h, key, in, r);
		if (r >= s->radius) {
			s->n = in; /* the rest lies beyond the radius */
			return ST_OK;
		}
		/* Fewer than k within r: the area that should hold k at that
		 * density, with a margin; between 1.5 and 4 times wider. */
		grow = in == 0 ? 4 : 1.25 * sqrt((double)s->k / (double)in);
		grow = grow < 1.5 ? 1.5 : grow > 4 ? 4 : grow;
		r = r * grow < s->radius ? r * grow : s->radius;
	}
}

static int
cmp_asc(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int
cmp_desc(const void *x, const void *y)
{
	return cmp_asc(y, x);
}

/* A cell and how much of the circle's box it holds (square degrees). */
struct cell {
	long long id;
	double share;
};

static int
cmp_cell(const void *x, const void *y)
{
	const struct cell *a = x, *b = y;

	return (a->share < b->share) - (a->share > b->share);
}

/* The overlap of [a0, a1] and [b0, b1]. */
static double
overlap(double a0, double a1, double b0, double b1)
{
	double lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;

	return hi > lo ? hi - lo : 0;
}

/* Keep the k best candidates (s->c sorted) and free the result sets none
 * of them is in, so that a deep page over several cells holds about two
 * statements' rows at a time, not one per cell. */
static void
prune(struct search *s)
{
	size_t i, j, kept = 0;

	if (s->n > (size_t)s->k)
		s->n = (size_t)s->k;
	for (j = 0; j < s->nres; j++) {
		for (i = 0; i < s->n && s->c[i].res != s->res[j]; i++)
			;
		if (i < s->n)
			s->res[kept++] = s->res[j];
		else
			db_res_free(s->res[j]);
	}
	s->nres = kept;
}

/* The argument of a cell statement's bound: the k-th best key of the
 * candidates so far (s->c sorted), or no bound before k are known. */
static struct db_val
bound_arg(struct req *r, const struct search *s)
{
	enum bound b = orders[s->sort].bound;
	struct tm tm;
	time_t t;
	char *text;

	if (s->n < (size_t)s->k)
		return b == B_LE   ? DB_INT(LLONG_MAX)
		       : b == B_GE ? DB_INT(-1)
		                   : DB_STR("1000-01-01 00:00:00");
	if (b != B_TIME_GE)
		return DB_INT((long long)s->c[s->k - 1].key);
	/* TO_SECONDS counts from year 0; the Unix epoch is 62167219200. */
	t = (time_t)(s->c[s->k - 1].key - 62167219200.0);
	if (gmtime_r(&t, &tm) == NULL)
		return DB_STR("1000-01-01 00:00:00");
	text = arena_printf(r->a, "%04d-%02d-%02d %02d:%02d:%02d",
	                    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                    tm.tm_hour, tm.tm_min, tm.tm_sec);
	return DB_STR(text);
}

/* The arguments of a cell statement up to the radius: the cell, the
 * circle's box (south, north, west, east), the point, the haversine of the
 * radius.  Returns their count. */
static size_t
cell_args(const struct search *s, const struct search_box *b, long long cell,
          struct db_val *a)
{
	a[0] = DB_INT(cell);
	return 1 + circle_args(s, b, s->radius, a + 1);
}

/* Any other order: the cells the circle touches, the one holding most of
 * it first, each read only down to the k-th best key found so far (so a
 * cell the circle barely touches costs little), then merged (a circle
 * inside one cell, the usual case, is one statement); or the whole circle
 * at once. */
static enum status
ordered(struct req *r, struct search *s)
{
	long long ids[SEARCH_CELLS_MAX];
	struct cell cells[SEARCH_CELLS_MAX];
	struct db_val a[DB_MAX_ARGS];
	struct search_box b;
	enum status st;
	double la0, lo0, step = 1.0 / SEARCH_CELL_PER_DEG;
	int ncells, i;
	size_t n;

	ncells = search_cells(s->lat, s->lng, s->radius, ids, SEARCH_CELLS_MAX);
	if (ncells < 0) {
		n = box_args(s, s->radius, a);
		n += hav_args(s, a + n);
		a[n++] = DB_DBL(hav_of(s->radius));
		return collect(s, orders[s->sort].wide, a, n, 1);
	}
	search_box(s->lat, s->lng, s->radius, &b);
	for (i = 0; i < ncells; i++) {
		la0 = (double)(ids[i] / SEARCH_CELL_COLS) * step - 90;
		lo0 = (double)(ids[i] % SEARCH_CELL_COLS) * step - 180;
		cells[i].id = ids[i];
		cells[i].share = overlap(b.lat0, b.lat1, la0, la0 + step) *
		                 overlap(b.lng0, b.lng1, lo0, lo0 + step);
	}
	qsort(cells, (size_t)ncells, sizeof(*cells), cmp_cell);
	for (i = 0; i < ncells; i++) {
		n = cell_args(s, &b, cells[i].id, a);
		a[n++] = bound_arg(r, s);
		st = collect(s, orders[s->sort].cell, a, n, 0);
		if (st != ST_OK)
			return st;
		if (i > 0) {
			qsort(s->c, s->n, sizeof(*s->c),
			      orders[s->sort].desc ? cmp_desc : cmp_asc);
			prune(s);
		}
	}
	return ST_OK;
}

/* ---- the answer ------------------------------------------------------ */

/* The answer is written as JSON text here rather than built with cJSON: a
 * page carries some 300 values, and cJSON prints every number twice (to
 * check that it reads back). */

static void
json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run;

	if (s == NULL) {
		buf_adds(b, "null");
		return;
	}
	buf_addc(b, '"');
	for (run = s; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else {
			char u[6] = {'\\', 'u',         '0',
			             '0',  hex[c >> 4], hex[c & 15]};

			buf_add(b, u, sizeof(u));
		}
	}
	buf_add(b, run, (size_t)(s - run));
	buf_addc(b, '"');
}

static void
json_int(struct buf *b, long long v)
{
	char d[24];
	size_t i = sizeof(d);
	unsigned long long u =
	        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		d[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		d[--i] = '-';
	buf_add(b, d + i, sizeof(d) - i);
}

/* v with 7 decimals (1 cm in degrees or km), trailing zeros dropped. */
static void
json_fixed(struct buf *b, double v)
{
	long long n, frac;
	char d[8];
	int i, len = 7;

	if (!isfinite(v) || fabs(v) > 1e11) {
		buf_adds(b, "null");
		return;
	}
	n = llround(v * 1e7);
	if (n < 0) {
		buf_addc(b, '-');
		n = -n;
	}
	json_int(b, n / 10000000);
	frac = n % 10000000;
	if (frac == 0)
		return;
	for (i = 6; i >= 0; i--, frac /= 10)
		d[i] = (char)('0' + frac % 10);
	while (d[len - 1] == '0')
		len--;
	buf_addc(b, '.');
	buf_add(b, d, (size_t)len);
}

/* A cell as a JSON integer or null. */
static void
json_cell_int(struct buf *b, const struct db_res *rows, size_t i, size_t col)
{
	if (db_cell(rows, i, col)->t == DBT_NULL)
		buf_adds(b, "null");
	else
		json_int(b, db_int(rows, i, col, 0));
}

/* Columns of every search statement's rows (SEARCH_COLUMNS after the id
 * and the sort key). */
enum {
	P_ID,
	P_KEY,
	P_RENT,
	P_STATUS,
	P_DATE,
	P_SIZE,
	P_USER_TYPE,
	P_DURATION,
	P_PAYMENT,
	P_PRAISE,
	P_TYPE,
	P_TITLE,
	P_LONGITUDE,
	P_LATITUDE,
	P_PHOTOS, /* urls, one per line */
	P_OWNER
};

/* The '\n'-separated urls of P_PHOTOS as JSON strings. */
static void
json_urls(struct buf *b, const char *urls)
{
	const char *nl;
	char *one;

	while (urls != NULL && *urls != '\0') {
		nl = strchr(urls, '\n');
		one = xstrndup(urls, nl ? (size_t)(nl - urls) : strlen(urls));
		json_str(b, one);
		free(one);
		if (nl == NULL)
			break;
		buf_addc(b, ',');
		urls = nl + 1;
	}
}

/* One listing of the answer: row i of the page. */
static void
item(struct buf *b, const struct search *s, const struct db_res *page, size_t i)
{
	const struct db_val *lng = db_cell(page, i, P_LONGITUDE);
	const struct db_val *lat = db_cell(page, i, P_LATITUDE);
	long long id = db_int(page, i, P_ID, 0);

	buf_adds(b, "{\"house_id\":");
	json_int(b, id);
	buf_adds(b, ",\"owner_id\":");
	json_cell_int(b, page, i, P_OWNER);
	buf_adds(b, ",\"house_rent\":");
	json_cell_int(b, page, i, P_RENT);
	buf_adds(b, ",\"status\":");
	json_cell_int(b, page, i, P_STATUS);
	buf_adds(b, ",\"create_date\":");
	json_str(b, db_str(page, i, P_DATE));
	buf_adds(b, ",\"distance\":");
	if (lat->t == DBT_DOUBLE && lng->t == DBT_DOUBLE)
		json_fixed(b, search_distance(s->lat, s->lng, lat->d, lng->d));
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"house_size\":");
	json_cell_int(b, page, i, P_SIZE);
	buf_adds(b, ",\"user_type\":");
	json_cell_int(b, page, i, P_USER_TYPE);
	buf_adds(b, ",\"photos\":[");
	json_urls(b, db_str(page, i, P_PHOTOS));
	buf_adds(b, "],\"duration\":");
	json_cell_int(b, page, i, P_DURATION);
	buf_adds(b, ",\"payment_type\":");
	json_str(b, db_str(page, i, P_PAYMENT));
	buf_adds(b, ",\"praise_count\":");
	json_cell_int(b, page, i, P_PRAISE);
	buf_adds(b, ",\"house_type\":");
	json_str(b, db_str(page, i, P_TYPE));
	buf_adds(b, ",\"description_title\":");
	json_str(b, db_str(page, i, P_TITLE));
	buf_adds(b, ",\"longitude\":");
	json_fixed(b, lng->t == DBT_DOUBLE ? lng->d : NAN);
	buf_adds(b, ",\"latitude\":");
	json_fixed(b, lat->t == DBT_DOUBLE ? lat->d : NAN);
	buf_addc(b, '}');
}

/* The page s->c[shift..k) into res. */
static void
answer(struct search *s, struct resp *res)
{
	struct buf out = {0};
	size_t i, end = s->n < (size_t)s->k ? s->n : (size_t)s->k;

	buf_addc(&out, '[');
	for (i = (size_t)s->shift; i < end; i++) {
		if (i > (size_t)s->shift)
			buf_addc(&out, ',');
		item(&out, s, s->c[i].res, s->c[i].row);
	}
	buf_addc(&out, ']');
	resp_ans(res, cJSON_CreateRaw(out.p));
	buf_free(&out);
}

enum status
h_search_house(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	struct search s;
	enum status st;

	memset(&s, 0, sizeof(s));
	s.lat = p[S_LATITUDE].d;
	s.lng = p[S_LONGITUDE].d;
	s.radius = p[S_RADIUS].set ? p[S_RADIUS].d : 10.0;
	s.sort = p[S_SORT].set ? (enum sort)p[S_SORT].i : SORT_DISTANCE;
	s.shift = p[S_SHIFT].set ? p[S_SHIFT].i : 0;
	s.count = p[S_COUNT].set ? p[S_COUNT].i : 20;
	s.k = s.shift + s.count;
	filters(r, &s);
	st = s.sort == SORT_DISTANCE ? near(&s) : ordered(r, &s);
	if (st == ST_OK)
		answer(&s, res);
	while (s.nres > 0)
		db_res_free(s.res[--s.nres]);
	free(s.res);
	free(s.c);
	return st;
}
