/* QSZ's /search_house (qsz.md 4): its parameters, the search they ask for
 * (search.h) and the answer, written as JSON text. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "qsz/handlers.h"
#include "search.h"
#include "valid.h"
#include "vlist.h"

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

/* Limits of the filters (the listings' own are in qsz/houses.c). */
#define RENT_MAX    SEARCH_RENT_MAX
#define SIZE_MAX_M2 SEARCH_SIZE_MAX
#define ROOMS_MAX   SEARCH_ROOMS_MAX
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
	return vlist_texts(s, n, SEARCH_TAGS_MAX, 20, err, len);
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

/* The '\n'-separated urls of SEARCH_COL_PHOTOS as JSON strings. */
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
item(struct buf *b, const struct search_query *q, const struct db_res *page,
     size_t i)
{
	const struct db_val *lng = db_cell(page, i, SEARCH_COL_LONGITUDE);
	const struct db_val *lat = db_cell(page, i, SEARCH_COL_LATITUDE);
	long long id = db_int(page, i, SEARCH_COL_ID, 0);

	buf_adds(b, "{\"house_id\":");
	json_int(b, id);
	buf_adds(b, ",\"owner_id\":");
	json_cell_int(b, page, i, SEARCH_COL_OWNER);
	buf_adds(b, ",\"house_rent\":");
	json_cell_int(b, page, i, SEARCH_COL_RENT);
	buf_adds(b, ",\"status\":");
	json_cell_int(b, page, i, SEARCH_COL_STATUS);
	buf_adds(b, ",\"create_date\":");
	json_str(b, db_str(page, i, SEARCH_COL_DATE));
	buf_adds(b, ",\"distance\":");
	if (lat->t == DBT_DOUBLE && lng->t == DBT_DOUBLE)
		json_fixed(b, search_distance(q->lat, q->lng, lat->d, lng->d));
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"house_size\":");
	json_cell_int(b, page, i, SEARCH_COL_SIZE);
	buf_adds(b, ",\"user_type\":");
	json_cell_int(b, page, i, SEARCH_COL_USER_TYPE);
	buf_adds(b, ",\"photos\":[");
	json_urls(b, db_str(page, i, SEARCH_COL_PHOTOS));
	buf_adds(b, "],\"duration\":");
	json_cell_int(b, page, i, SEARCH_COL_DURATION);
	buf_adds(b, ",\"payment_type\":");
	json_str(b, db_str(page, i, SEARCH_COL_PAYMENT));
	buf_adds(b, ",\"praise_count\":");
	json_cell_int(b, page, i, SEARCH_COL_PRAISE);
	buf_adds(b, ",\"house_type\":");
	json_str(b, db_str(page, i, SEARCH_COL_TYPE));
	buf_adds(b, ",\"description_title\":");
	json_str(b, db_str(page, i, SEARCH_COL_TITLE));
	buf_adds(b, ",\"longitude\":");
	json_fixed(b, lng->t == DBT_DOUBLE ? lng->d : NAN);
	buf_adds(b, ",\"latitude\":");
	json_fixed(b, lat->t == DBT_DOUBLE ? lat->d : NAN);
	buf_addc(b, '}');
}

/* The page into res. */
static void
answer(const struct search_query *q, const struct search_page *page,
       struct resp *res)
{
	struct buf out = {0};
	size_t i;

	buf_addc(&out, '[');
	for (i = 0; i < page->n; i++) {
		if (i > 0)
			buf_addc(&out, ',');
		item(&out, q, page->hits[i].res, page->hits[i].row);
	}
	buf_addc(&out, ']');
	resp_ans(res, cJSON_CreateRaw(out.p));
	buf_free(&out);
}

/* A checked '|'-list's mask; -1 (every bit) when not given. */
static long long
mask_of(const struct pval *v, int min, int max)
{
	unsigned long long m = 0;

	if (!v->set || search_mask(v->s, v->n, min, max, &m, NULL, 0) < 0)
		return -1;
	return (long long)m;
}

enum status
h_search_house(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	struct search_query q;
	struct search_page page;
	enum status st;

	memset(&q, 0, sizeof(q));
	q.lat = p[S_LATITUDE].d;
	q.lng = p[S_LONGITUDE].d;
	q.radius = p[S_RADIUS].set ? p[S_RADIUS].d : 10.0;
	q.sort = p[S_SORT].set ? (enum search_sort)p[S_SORT].i
	                       : SEARCH_BY_DISTANCE;
	q.shift = p[S_SHIFT].set ? p[S_SHIFT].i : 0;
	q.count = p[S_COUNT].set ? p[S_COUNT].i : 20;
	q.rent_lo = q.size_lo = 0;
	q.rent_hi = RENT_MAX;
	q.size_hi = SIZE_MAX_M2;
	if ((q.has_rent = p[S_RENT_FEE].set))
		search_interval(p[S_RENT_FEE].s, p[S_RENT_FEE].n, RENT_MAX,
		                &q.rent_lo, &q.rent_hi);
	if ((q.has_size = p[S_SIZE].set))
		search_interval(p[S_SIZE].s, p[S_SIZE].n, SIZE_MAX_M2,
		                &q.size_lo, &q.size_hi);
	q.rent_time_mask = mask_of(&p[S_RENT_TIME_TYPE], 1, 2);
	q.rent_room_mask = mask_of(&p[S_RENT_ROOM_TYPE], 1, 2);
	q.rooms_mask = mask_of(&p[S_ROOMS], 0, ROOMS_MAX);
	q.source_mask = mask_of(&p[S_SOURCE], 1, 3);
	if (p[S_HOUSE_NAME].set) {
		q.name = p[S_HOUSE_NAME].s;
		q.name_n = p[S_HOUSE_NAME].n;
	}
	if (p[S_HOUSE_TYPE].set) {
		q.type = p[S_HOUSE_TYPE].s;
		q.type_n = p[S_HOUSE_TYPE].n;
	}
	if (p[S_DIRECTION].set) {
		q.direction = p[S_DIRECTION].s;
		q.direction_n = p[S_DIRECTION].n;
	}
	if (p[S_DECORATION].set) {
		q.decoration = p[S_DECORATION].s;
		q.decoration_n = p[S_DECORATION].n;
	}
	q.tags = p[S_CHARACTERISTIC].set ? p[S_CHARACTERISTIC].s : NULL;
	q.subdistrict = p[S_SUBDISTRICT].set ? p[S_SUBDISTRICT].i : 0;
	q.subway = p[S_SUBWAY].set ? p[S_SUBWAY].i : 0;
	st = search_houses(r->a, &q, &page);
	if (st == ST_OK)
		answer(&q, &page, res);
	search_page_free(&page);
	return st;
}
