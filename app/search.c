/* The search of released listings around a point, filtered, sorted and
 * paged (search.h).
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
#include "log.h"
#include "schema.h"
#include "search.h"
#include "valid.h"
#include "vlist.h"

_Static_assert(SEARCH_TAGS_MAX == SEARCH_TAGS,
               "the statements take SEARCH_TAGS_MAX tags");

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

/* ---- the search ------------------------------------------------------ */

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
        [SEARCH_BY_NEWEST] = ORDER(NEW, 1, B_TIME_GE),
        [SEARCH_BY_PRAISED] = ORDER(PRAISED, 1, B_GE),
        [SEARCH_BY_RENT] = ORDER(RENT, 0, B_LE),
        [SEARCH_BY_RENT_DESC] = ORDER(RENT_DESC, 1, B_GE),
        [SEARCH_BY_SIZE] = ORDER(SIZE, 0, B_LE),
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
	enum search_sort sort;
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
comma_list(struct arena *a, const char *list, size_t n)
{
	char *s = arena_strndup(a, list, n), *p;

	for (p = s; *p != '\0'; p++)
		if (*p == '|')
			*p = ',';
	return s;
}

/* The filters' level and arguments: SEARCH_BASIC's, then SEARCH_EXTRA's
 * (schema.c), in their order.  The filters on the columns of the
 * ix_houses_search_* indexes need the statements with SEARCH_BASIC, the
 * others those with every filter. */
static void
filters(struct arena *ar, const struct search_query *q, struct search *s)
{
	size_t n = 0, i, len;
	const char *t, *bar;

	if (q->has_rent || q->has_size || q->rent_time_mask != -1 ||
	    q->rent_room_mask != -1 || q->rooms_mask != -1)
		s->level = F_BASIC;
	if (q->name != NULL || q->type != NULL || q->direction != NULL ||
	    q->decoration != NULL || q->tags != NULL || q->subdistrict != 0 ||
	    q->subway != 0 || q->source_mask != -1)
		s->level = F_ALL;

	/* SEARCH_BASIC */
	s->f[n++] = DB_INT(q->has_rent ? q->rent_lo : 0);
	s->f[n++] = DB_INT(q->has_rent ? q->rent_hi : SEARCH_RENT_MAX);
	s->f[n++] = DB_INT(q->has_size ? q->size_lo : 0);
	s->f[n++] = DB_INT(q->has_size ? q->size_hi : SEARCH_SIZE_MAX);
	s->f[n++] = DB_INT(q->rent_time_mask);
	s->f[n++] = DB_INT(q->rent_room_mask);
	s->f[n++] = DB_INT(q->rooms_mask);

	/* SEARCH_EXTRA */
	s->f[n++] = q->name ? DB_TEXT(q->name, q->name_n) : DB_TEXT("", 0);
	s->f[n++] = q->type ? DB_TEXT(q->type, q->type_n) : DB_TEXT("", 0);
	s->f[n++] =
	        q->direction
	                ? DB_STR(comma_list(ar, q->direction, q->direction_n))
	                : DB_NULLV;
	s->f[n++] =
	        q->decoration
	                ? DB_STR(comma_list(ar, q->decoration, q->decoration_n))
	                : DB_NULLV;
	/* The tags, padded with NULLs. */
	t = q->tags;
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
	s->f[n++] = q->subdistrict ? DB_INT(q->subdistrict) : DB_NULLV;
	s->f[n++] = q->subway ? DB_INT(q->subway) : DB_NULLV;
	s->f[n] = q->source_mask != -1 ? DB_INT(q->source_mask) : DB_NULLV;
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
bound_arg(struct arena *ar, const struct search *s)
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
	text = arena_printf(ar, "%04d-%02d-%02d %02d:%02d:%02d",
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
ordered(struct arena *ar, struct search *s)
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
		a[n++] = bound_arg(ar, s);
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

/* ---- the page ---------------------------------------------------------- */

enum status
search_houses(struct arena *a, const struct search_query *q,
              struct search_page *page)
{
	struct search s;
	enum status st;
	size_t i, end;

	memset(page, 0, sizeof(*page));
	memset(&s, 0, sizeof(s));
	s.lat = q->lat;
	s.lng = q->lng;
	s.radius = q->radius;
	s.sort = q->sort;
	s.shift = q->shift;
	s.count = q->count;
	s.k = s.shift + s.count;
	filters(a, q, &s);
	st = s.sort == SEARCH_BY_DISTANCE ? near(&s) : ordered(a, &s);
	if (st == ST_OK) {
		end = s.n < (size_t)s.k ? s.n : (size_t)s.k;
		if (end > (size_t)s.shift) {
			page->hits = xmalloc((end - (size_t)s.shift) *
			                     sizeof(*page->hits));
			for (i = (size_t)s.shift; i < end; i++) {
				page->hits[page->n].res = s.c[i].res;
				page->hits[page->n].row = s.c[i].row;
				page->n++;
			}
		}
	}
	page->res = s.res;
	page->nres = s.nres;
	free(s.c);
	return st;
}

void
search_page_free(struct search_page *page)
{
	while (page->nres > 0)
		db_res_free(page->res[--page->nres]);
	free(page->res);
	free(page->hits);
	memset(page, 0, sizeof(*page));
}
